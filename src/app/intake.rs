//! Adding resumes to a pool: unchanged files are skipped, the rest analysed in batches (see
//! [`crate::analyze`]) and handed to the pool's writer, which is committed every few files so
//! a long build that is killed keeps what it finished.

use std::path::PathBuf;

use crate::analyze::{embed, examine, Examined};
use crate::doc_kind::{not_a_resume, NotResume};
use crate::embed::Embedder;
use crate::pool::{content_hash, PoolWriter};
use crate::read::{Document, FileError, Reader};
use crate::skills::SkillExtractor;
use crate::Error;

/// How ingestion batches and commits.
#[derive(Debug, Clone, Copy)]
pub struct IngestOptions {
    /// Files embedded together.
    pub batch_size: usize,
    /// Commit a new generation after this many new or changed files.
    pub commit_every: usize,
    /// Pools with at least this many candidates get an HNSW graph (on disk) or index (in
    /// PostgreSQL); `None` is the store's default, [`crate::pool::DEFAULT_EXACT_BELOW`] or
    /// [`crate::pool::postgres::POSTGRES_EXACT_BELOW`].
    pub exact_below: Option<usize>,
    /// Replace identity cues before embedding (a new pool becomes a blind pool).
    pub blind: bool,
    /// Add a text the pool already holds under another id (by default it is reported as a
    /// duplicate and left out, so that one person is not ranked twice).
    pub keep_duplicates: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            batch_size: 16,
            commit_every: 64,
            exact_below: None,
            blind: false,
            keep_duplicates: false,
        }
    }
}

/// A text left out because the pool holds the same text under another id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Duplicate {
    pub candidate_id: String,
    pub same_as: String,
}

impl Duplicate {
    /// What to tell the person who added it.
    pub fn message(&self) -> String {
        format!(
            "{}: the same text as '{}', which is in the pool already; not added twice (add \
             it anyway with --keep-duplicates)",
            self.candidate_id, self.same_as
        )
    }
}

/// What an ingestion did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IngestReport {
    /// Ids of the candidates added, replaced (new content) and left as they were.
    pub added: Vec<String>,
    pub replaced: Vec<String>,
    pub unchanged: Vec<String>,
    /// Texts left out because the pool already holds the same text under another id.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<Duplicate>,
    /// Files added that read as something other than a resume (a cover letter, a job posting,
    /// a transcript), each with what was seen: added all the same, for a person to check.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_resumes: Vec<NotResume>,
    /// Files that were refused or failed, each with its reason; the others went on.
    pub unreadable: Vec<FileError>,
    /// The generation committed last, if anything changed.
    pub generation: Option<u64>,
    /// Candidates in the pool afterwards.
    pub candidates: usize,
}

impl IngestReport {
    /// Files read (added, replaced or unchanged).
    pub fn read(&self) -> usize {
        self.added.len() + self.replaced.len() + self.unchanged.len() + self.duplicates.len()
    }

    /// Files turned down on purpose: unsupported, encrypted, scanned, garbled, over a cap.
    pub fn refused(&self) -> usize {
        self.unreadable.iter().filter(|e| e.refused).count()
    }

    /// Files that could not be read or parsed.
    pub fn failed(&self) -> usize {
        self.unreadable.len() - self.refused()
    }
}

/// How documents become candidates: the skill extractor and the model that analyse them, and
/// whether the pool is blind (identity cues are replaced first).
#[derive(Clone, Copy)]
pub(crate) struct Pipeline<'a> {
    pub extractor: &'a SkillExtractor,
    pub embedder: &'a dyn Embedder,
    pub blind: bool,
}

/// Adds documents to a pool in batches and commits every `commit_every` changes.
struct Adder<'a> {
    writer: &'a mut dyn PoolWriter,
    pipeline: Pipeline<'a>,
    commit_every: usize,
    keep_duplicates: bool,
    /// Which id holds each text the pool has (made on first use).
    holders: Option<std::collections::HashMap<String, String>>,
    pending: usize,
    report: IngestReport,
}

impl Adder<'_> {
    /// Embeds the documents whose content is new for their id and adds them; counts the rest
    /// as unchanged. Commits when enough changes are pending.
    fn add(&mut self, batch: Vec<(String, Document)>) -> Result<(), Error> {
        // In a blind pool a candidate is known by a pseudonym, never by its file's name.
        let batch: Vec<(String, Document)> = match self.writer.meta().pseudonyms {
            Some(key) => batch
                .into_iter()
                .map(|(id, doc)| {
                    let pseudonym = key.pseudonym(&id);
                    let doc = doc.with_path(PathBuf::from(&pseudonym));
                    (pseudonym, doc)
                })
                .collect(),
            None => batch,
        };
        let Pipeline {
            extractor,
            embedder,
            blind,
        } = self.pipeline;
        // A pool keeps the text that is scored (redacted, in a blind pool); a file whose kept
        // text would be the same is unchanged. The text as read is checked first, so that
        // an unchanged file of a pool that is not blind is not even examined.
        let mut changed: Vec<(String, Examined)> = Vec::new();
        for (id, document) in batch {
            let as_read = content_hash(document.text());
            if self.writer.content_hash(&id).as_deref() == Some(as_read.as_str()) {
                self.report.unchanged.push(id);
                continue;
            }
            // The same text as read under another id (the same file added twice under two
            // names) is one person: reported, and left out unless asked for. The text as
            // read, not as kept: two people whose resumes differ only in what blind review
            // replaces are two people. (A blind pool keeps only redacted texts, so there the
            // same text is found within one addition.)
            let writer = &*self.writer;
            let holders = self.holders.get_or_insert_with(|| {
                writer
                    .hashes()
                    .into_iter()
                    .map(|(id, hash)| (hash, id))
                    .collect()
            });
            // A candidate the pool holds is replaced, whatever its new text: its old text is
            // no longer anyone's.
            let replacing = self.writer.content_hash(&id).is_some();
            if replacing {
                holders.retain(|_, holder| *holder != id);
            } else if let Some(holder) = holders.get(&as_read).filter(|h| **h != id) {
                if !self.keep_duplicates {
                    self.report.duplicates.push(Duplicate {
                        candidate_id: id,
                        same_as: holder.clone(),
                    });
                    continue;
                }
            }
            holders.entry(as_read).or_insert_with(|| id.clone());
            let examined = examine(document, extractor, blind);
            if let Some(seen) = not_a_resume(&examined.document, &examined.findings.experience) {
                self.report.not_resumes.push(NotResume {
                    message: seen.message(&id),
                    candidate_id: id.clone(),
                    seen,
                });
            }
            if self.writer.content_hash(&id) == Some(content_hash(examined.document.text())) {
                self.report.unchanged.push(id);
            } else {
                changed.push((id, examined));
            }
        }
        let (ids, examined): (Vec<String>, Vec<Examined>) = changed.into_iter().unzip();
        let analysed = embed(embedder, examined)?;
        for (id, analysis) in ids.into_iter().zip(analysed) {
            if self.writer.content_hash(&id).is_some() {
                self.report.replaced.push(id.clone());
            } else {
                self.report.added.push(id.clone());
            }
            self.writer.upsert(id, analysis);
            self.pending += 1;
        }
        if self.pending >= self.commit_every.max(1) {
            self.report.generation = Some(commit(self.writer)?);
            self.pending = 0;
        }
        Ok(())
    }

    /// Commits what is pending (or creates the pool), and returns the report.
    fn finish(mut self) -> Result<IngestReport, Error> {
        if self.pending > 0 || !self.writer.exists() {
            self.report.generation = Some(commit(self.writer)?);
        }
        self.report.candidates = self.writer.len();
        Ok(self.report)
    }
}

/// Reads (with `reader`), analyses and adds `files` (id, path) to the pool, committing as it
/// goes. A file that cannot be read is reported in the result and the others go on.
/// `progress` is called with (files done, files in all) after each batch.
pub(crate) fn ingest(
    writer: &mut dyn PoolWriter,
    reader: &Reader,
    pipeline: Pipeline<'_>,
    files: &[(String, PathBuf)],
    options: IngestOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<IngestReport, Error> {
    let mut adder = Adder {
        writer,
        pipeline,
        commit_every: options.commit_every,
        keep_duplicates: options.keep_duplicates,
        holders: None,
        pending: 0,
        report: IngestReport::default(),
    };
    let mut done = 0;
    // A batch never holds more files than a commit, so commits come as often as asked.
    let batch_size = options.batch_size.min(options.commit_every).max(1);
    for batch in files.chunks(batch_size) {
        let mut documents = Vec::new();
        for (id, path) in batch {
            match reader.read(path) {
                Ok(doc) => documents.push((id.clone(), doc)),
                Err(e) => adder.report.unreadable.push(FileError::from(&e)),
            }
        }
        adder.add(documents)?;
        done += batch.len();
        progress(done, files.len());
    }
    adder.finish()
}

/// Adds documents already read (an upload, say) to the pool under their ids, committing as it
/// goes, the same way [`ingest`] adds files.
pub(crate) fn ingest_documents(
    writer: &mut dyn PoolWriter,
    pipeline: Pipeline<'_>,
    documents: Vec<(String, Document)>,
    options: IngestOptions,
) -> Result<IngestReport, Error> {
    let mut adder = Adder {
        writer,
        pipeline,
        commit_every: options.commit_every,
        keep_duplicates: options.keep_duplicates,
        holders: None,
        pending: 0,
        report: IngestReport::default(),
    };
    let batch_size = options.batch_size.min(options.commit_every).max(1);
    let mut documents = documents.into_iter().peekable();
    while documents.peek().is_some() {
        let batch: Vec<_> = documents.by_ref().take(batch_size).collect();
        adder.add(batch)?;
    }
    adder.finish()
}

fn commit(writer: &mut dyn PoolWriter) -> Result<u64, Error> {
    let generation = writer.commit()?;
    tracing::info!(
        "committed generation {generation}: {} candidates",
        writer.len()
    );
    Ok(generation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::fake::FakeEmbedder;
    use crate::pool::{DiskWriter, PoolMeta, PoolStore};
    use crate::read::list_folder;

    /// What a pool made with the fake embedder (8 dimensions) is made with.
    fn fake_meta(blind: bool) -> PoolMeta {
        PoolMeta {
            model: "fake@0".into(),
            dimensions: 8,
            catalog_version: "v".into(),
            blind,
            pseudonyms: None,
        }
    }
    use std::time::Duration;

    #[test]
    fn unchanged_files_are_skipped_changed_replaced_bad_reported() {
        let root = tempfile::tempdir().unwrap();
        let resumes = root.path().join("resumes");
        std::fs::create_dir_all(resumes.join("team")).unwrap();
        std::fs::write(resumes.join("a.md"), "Python and PyTorch").unwrap();
        std::fs::write(resumes.join("team/b.md"), "Go and Kubernetes").unwrap();
        std::fs::write(resumes.join("empty.md"), "").unwrap();
        std::fs::write(resumes.join(".hidden.md"), "secret").unwrap();
        let files = list_folder(&resumes, false).unwrap().files;
        let ids: Vec<&str> = files.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, vec!["a.md", "empty.md", "team/b.md"]);

        let store = PoolStore::new(&root.path().join("index"), "p").unwrap();
        let meta = fake_meta(false);
        let mut writer = DiskWriter::open(store.clone(), Duration::ZERO, &meta).unwrap();
        let embedder = FakeEmbedder { dimensions: 8 };
        let extractor = SkillExtractor::new(crate::skills::Taxonomy::builtin().unwrap());
        let options = IngestOptions {
            batch_size: 1,
            commit_every: 1,
            ..IngestOptions::default()
        };
        let mut calls = 0;
        let first = ingest(
            &mut writer,
            &Reader::in_process(),
            Pipeline {
                extractor: &extractor,
                embedder: &embedder,
                blind: false,
            },
            &files,
            options,
            &mut |_, _| calls += 1,
        )
        .unwrap();
        assert_eq!(first.added, vec!["a.md", "team/b.md"]);
        assert_eq!(
            (
                first.replaced.len(),
                first.unchanged.len(),
                first.unreadable.len()
            ),
            (0, 0, 1)
        );
        assert_eq!(calls, 3);
        assert_eq!(&store.load().unwrap().data, writer.data());

        std::fs::write(resumes.join("a.md"), "Python, PyTorch and JAX").unwrap();
        let again = ingest(
            &mut writer,
            &Reader::in_process(),
            Pipeline {
                extractor: &extractor,
                embedder: &embedder,
                blind: false,
            },
            &files,
            options,
            &mut |_, _| {},
        )
        .unwrap();
        assert!(again.added.is_empty());
        assert_eq!(
            (again.replaced, again.unchanged),
            (vec!["a.md".to_string()], vec!["team/b.md".to_string()])
        );
        assert_eq!(
            store.load().unwrap().data.candidate(0).text,
            "Python, PyTorch and JAX"
        );
    }

    #[test]
    fn a_blind_pool_knows_an_unchanged_file_by_its_redacted_text() {
        let root = tempfile::tempdir().unwrap();
        let resumes = root.path().join("resumes");
        std::fs::create_dir_all(&resumes).unwrap();
        std::fs::write(
            resumes.join("maria.md"),
            "# Maria Garcia\nmaria.garcia@example.com\n\n## Experience\nBuilt RAG in Python\n",
        )
        .unwrap();
        let files = list_folder(&resumes, false).unwrap().files;
        let store = PoolStore::new(&root.path().join("index"), "p").unwrap();
        let meta = fake_meta(true);
        let mut writer = DiskWriter::open(store.clone(), Duration::ZERO, &meta).unwrap();
        let embedder = FakeEmbedder { dimensions: 8 };
        let extractor = SkillExtractor::new(crate::skills::Taxonomy::builtin().unwrap());
        let pipeline = Pipeline {
            extractor: &extractor,
            embedder: &embedder,
            blind: true,
        };
        let reader = Reader::in_process();
        let add = |writer: &mut DiskWriter| {
            ingest(
                writer,
                &reader,
                pipeline,
                &files,
                IngestOptions::default(),
                &mut |_, _| {},
            )
            .unwrap()
        };
        assert_eq!(add(&mut writer).added, vec!["maria.md"]);
        let loaded = store.load().unwrap();
        let kept = loaded.data.candidate(0);
        assert!(!kept.text.contains("Garcia") && kept.findings.current_for(&extractor));
        let again = add(&mut writer);
        assert_eq!((again.added.len(), again.replaced.len()), (0, 0));
        assert_eq!(again.unchanged, vec!["maria.md"]);
    }

    #[test]
    fn the_same_text_under_two_names_is_added_once_unless_asked() {
        let root = tempfile::tempdir().unwrap();
        let resumes = root.path().join("resumes");
        std::fs::create_dir_all(&resumes).unwrap();
        for name in ["jane.md", "jane-again.md"] {
            std::fs::write(resumes.join(name), "Built RAG services in Python").unwrap();
        }
        std::fs::write(resumes.join("bo.md"), "Kubernetes and Terraform").unwrap();
        let files = list_folder(&resumes, false).unwrap().files;
        let embedder = FakeEmbedder { dimensions: 8 };
        let extractor = SkillExtractor::new(crate::skills::Taxonomy::builtin().unwrap());
        let pipeline = Pipeline {
            extractor: &extractor,
            embedder: &embedder,
            blind: false,
        };
        let meta = fake_meta(false);
        let reader = Reader::in_process();
        let add = |name: &str, options: IngestOptions| {
            let store = PoolStore::new(&root.path().join("index"), name).unwrap();
            let mut writer = DiskWriter::open(store, Duration::ZERO, &meta).unwrap();
            ingest(
                &mut writer,
                &reader,
                pipeline,
                &files,
                options,
                &mut |_, _| {},
            )
            .unwrap()
        };
        let once = add("p", IngestOptions::default());
        assert_eq!(once.added, vec!["bo.md", "jane-again.md"]);
        assert_eq!(
            once.duplicates,
            vec![Duplicate {
                candidate_id: "jane.md".into(),
                same_as: "jane-again.md".into()
            }]
        );
        assert_eq!((once.read(), once.candidates), (3, 2));
        assert!(once.duplicates[0].message().contains("--keep-duplicates"));
        // Added again: the copy is still a copy of what the pool holds.
        let again = add("p", IngestOptions::default());
        assert_eq!(again.duplicates.len(), 1);
        assert_eq!(again.unchanged, vec!["bo.md", "jane-again.md"]);
        let kept = add(
            "q",
            IngestOptions {
                keep_duplicates: true,
                ..IngestOptions::default()
            },
        );
        assert_eq!((kept.added.len(), kept.duplicates.len()), (3, 0));
    }

    #[test]
    fn a_text_moved_to_another_file_is_not_a_duplicate_of_what_replaced_it() {
        let root = tempfile::tempdir().unwrap();
        let resumes = root.path().join("resumes");
        std::fs::create_dir_all(&resumes).unwrap();
        std::fs::write(resumes.join("a.md"), "First version: Python").unwrap();
        let embedder = FakeEmbedder { dimensions: 8 };
        let extractor = SkillExtractor::new(crate::skills::Taxonomy::builtin().unwrap());
        let pipeline = Pipeline {
            extractor: &extractor,
            embedder: &embedder,
            blind: false,
        };
        let meta = fake_meta(false);
        let store = PoolStore::new(&root.path().join("index"), "p").unwrap();
        let reader = Reader::in_process();
        let add = || {
            let files = list_folder(&resumes, false).unwrap().files;
            let mut writer = DiskWriter::open(store.clone(), Duration::ZERO, &meta).unwrap();
            ingest(
                &mut writer,
                &reader,
                pipeline,
                &files,
                IngestOptions::default(),
                &mut |_, _| {},
            )
            .unwrap()
        };
        add();
        // a.md is edited, and its old text kept as b.md: both stay, neither is a copy.
        std::fs::write(resumes.join("a.md"), "Second version: Python and Rust").unwrap();
        std::fs::write(resumes.join("b.md"), "First version: Python").unwrap();
        let moved = add();
        assert_eq!(
            (moved.replaced.clone(), moved.added.clone()),
            (vec!["a.md".to_string()], vec!["b.md".to_string()])
        );
        assert!(moved.duplicates.is_empty(), "{:?}", moved.duplicates);
    }
}
