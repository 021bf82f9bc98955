//! Adding resumes to a pool: unchanged files are skipped, the rest embedded in batches, and
//! the pool committed every few files so a long build that is killed keeps what it finished.

use std::path::{Path, PathBuf};

use super::{content_hash, PoolWriter};
use crate::embed::Embedder;
use crate::prepare::prepare_documents;
use crate::read::{Document, FileError, Reader};
use crate::redact::redact_with;
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
    /// PostgreSQL); `None` is the store's default, [`super::DEFAULT_EXACT_BELOW`] or
    /// [`super::postgres::POSTGRES_EXACT_BELOW`].
    pub exact_below: Option<usize>,
    /// Replace identity cues before embedding (a new pool becomes a blind pool).
    pub blind: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            batch_size: 16,
            commit_every: 64,
            exact_below: None,
            blind: false,
        }
    }
}

/// What an ingestion did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IngestReport {
    /// Ids of the candidates added, replaced (new content) and left as they were.
    pub added: Vec<String>,
    pub replaced: Vec<String>,
    pub unchanged: Vec<String>,
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
        self.added.len() + self.replaced.len() + self.unchanged.len()
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

/// How files become candidates: the reader that parses them, the blind-mode redaction (with
/// the skill extractor whose mentions it keeps) when the pool is blind, and the model that
/// embeds them.
#[derive(Clone, Copy)]
pub struct Pipeline<'a> {
    pub reader: &'a Reader,
    pub blind: Option<&'a SkillExtractor>,
    /// Finds the lists set aside before embedding.
    pub extractor: &'a SkillExtractor,
    pub embedder: &'a dyn Embedder,
}

/// Adds documents to a pool in batches and commits every `commit_every` changes.
struct Adder<'a> {
    writer: &'a mut dyn PoolWriter,
    embedder: &'a dyn Embedder,
    extractor: &'a SkillExtractor,
    commit_every: usize,
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
        let (unchanged, changed): (Vec<_>, Vec<_>) = batch.into_iter().partition(|(id, doc)| {
            self.writer.content_hash(id).as_deref() == Some(content_hash(doc.text()).as_str())
        });
        self.report
            .unchanged
            .extend(unchanged.into_iter().map(|(id, _)| id));
        let (ids, documents): (Vec<String>, Vec<Document>) = changed.into_iter().unzip();
        let prepared = prepare_documents(self.embedder, self.extractor, &documents)?;
        for ((id, doc), prepared) in ids.into_iter().zip(&documents).zip(prepared) {
            if self.writer.content_hash(&id).is_some() {
                self.report.replaced.push(id.clone());
            } else {
                self.report.added.push(id.clone());
            }
            self.writer.upsert(id, doc, prepared);
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

/// Reads, embeds and adds `files` (id, path) to the pool, committing as it goes. A file that
/// cannot be read is reported in the result and the others go on. `progress` is called with
/// (files done, files in all) after each batch.
pub fn ingest(
    writer: &mut dyn PoolWriter,
    pipeline: Pipeline<'_>,
    files: &[(String, PathBuf)],
    options: IngestOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<IngestReport, Error> {
    let mut adder = Adder {
        writer,
        embedder: pipeline.embedder,
        extractor: pipeline.extractor,
        commit_every: options.commit_every,
        pending: 0,
        report: IngestReport::default(),
    };
    let mut done = 0;
    // A batch never holds more files than a commit, so commits come as often as asked.
    let batch_size = options.batch_size.min(options.commit_every).max(1);
    for batch in files.chunks(batch_size) {
        let mut documents = Vec::new();
        for (id, path) in batch {
            match pipeline.reader.read(path) {
                Ok(doc) => documents.push((id.clone(), blind_if(pipeline.blind, doc))),
                Err(e) => adder.report.unreadable.push(FileError::from(&e)),
            }
        }
        adder.add(documents)?;
        done += batch.len();
        progress(done, files.len());
    }
    adder.finish()
}

/// The document with its identity cues replaced when `blind` holds the skill extractor.
pub fn blind_if(blind: Option<&SkillExtractor>, document: Document) -> Document {
    match blind {
        Some(extractor) => redact_with(&document, extractor).document,
        None => document,
    }
}

/// Adds documents already read (an upload, say) to the pool under their ids, committing as it
/// goes, the same way [`ingest`] adds files.
pub fn ingest_documents(
    writer: &mut dyn PoolWriter,
    embedder: &dyn Embedder,
    extractor: &SkillExtractor,
    documents: Vec<(String, Document)>,
    options: IngestOptions,
) -> Result<IngestReport, Error> {
    let mut adder = Adder {
        writer,
        embedder,
        extractor,
        commit_every: options.commit_every,
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

/// The files of a folder (recursively, hidden names skipped) with their ids (paths relative
/// to the folder), and the entries left out: a symbolic link that leads out of the folder (a
/// stranger's folder can point at `/etc/passwd`) or to nothing is refused unless
/// `follow_links` is set; linked folders are never entered twice. Special files are listed:
/// the reader refuses them by name without opening them.
pub fn list_folder(dir: &Path, follow_links: bool) -> std::io::Result<Listing> {
    let root = dir.canonicalize()?;
    let mut listing = Listing::default();
    let mut visited = std::collections::HashSet::from([root.clone()]);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current)? {
            let entry = entry?;
            if entry.file_name().as_encoded_bytes().starts_with(b".") {
                continue;
            }
            let path = entry.path();
            let mut kind = entry.file_type()?;
            if kind.is_symlink() {
                let refuse = |why: &str| FileError {
                    file: path.clone(),
                    error: format!("{}: {why}", crate::pathname::path_text(&path)),
                    refused: true,
                };
                let Ok(target) = path.canonicalize() else {
                    listing.refused.push(refuse("a link to nothing"));
                    continue;
                };
                if !follow_links && !target.starts_with(&root) {
                    listing.refused.push(refuse(
                        "a link to a file outside the folder; refused (pass --follow-links to read what links point to)",
                    ));
                    continue;
                }
                kind = std::fs::metadata(&target)?.file_type();
                if kind.is_dir() && !visited.insert(target) {
                    continue;
                }
            }
            if kind.is_dir() {
                stack.push(path);
            } else {
                let id = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| crate::pathname::lossless(c.as_os_str()))
                    .collect::<Vec<_>>()
                    .join("/");
                listing.files.push((id, path));
            }
        }
    }
    listing.files.sort();
    Ok(listing)
}

/// What [`list_folder`] found.
#[derive(Debug, Default)]
pub struct Listing {
    /// (id, path) of every file to read, sorted by id.
    pub files: Vec<(String, PathBuf)>,
    /// Entries left out, with the reason.
    pub refused: Vec<FileError>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::fake::FakeEmbedder;
    use crate::pool::{DiskWriter, PoolMeta, PoolStore};
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
        let meta = PoolMeta {
            model: "fake@0".into(),
            dimensions: 8,
            catalog_version: "v".into(),
            blind: false,
            pseudonyms: None,
        };
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
            Pipeline {
                reader: &Reader::in_process(),
                blind: None,
                extractor: &extractor,
                embedder: &embedder,
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
            Pipeline {
                reader: &Reader::in_process(),
                blind: None,
                extractor: &extractor,
                embedder: &embedder,
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
            store.load().unwrap().data.candidates[0].text,
            "Python, PyTorch and JAX"
        );
    }
}

#[cfg(all(test, unix))]
mod link_tests {
    use super::*;

    #[test]
    fn links_out_of_the_folder_are_refused_unless_followed_and_links_inside_are_read() {
        let root = tempfile::tempdir().unwrap();
        let outside = root.path().join("outside.md");
        std::fs::write(&outside, "secret").unwrap();
        let folder = root.path().join("resumes");
        std::fs::create_dir_all(folder.join("sub")).unwrap();
        std::fs::write(folder.join("a.md"), "Python").unwrap();
        std::os::unix::fs::symlink(&outside, folder.join("passwd.md")).unwrap();
        std::os::unix::fs::symlink(folder.join("a.md"), folder.join("again.md")).unwrap();
        std::os::unix::fs::symlink(root.path().join("gone"), folder.join("broken.md")).unwrap();
        std::os::unix::fs::symlink(&folder, folder.join("sub/loop")).unwrap();
        let listing = list_folder(&folder, false).unwrap();
        let ids: Vec<&str> = listing.files.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, vec!["a.md", "again.md"]);
        let refused: Vec<&str> = listing.refused.iter().map(|e| e.error.as_str()).collect();
        assert_eq!(refused.len(), 2, "{refused:?}");
        assert!(refused
            .iter()
            .any(|e| e.contains("passwd.md") && e.contains("--follow-links")));
        assert!(refused
            .iter()
            .any(|e| e.contains("broken.md") && e.contains("nothing")));
        let followed = list_folder(&folder, true).unwrap();
        let ids: Vec<&str> = followed.files.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, vec!["a.md", "again.md", "passwd.md"]);
    }
}
