//! The workspace's candidate pools: where they live (folders on disk, or PostgreSQL when a
//! store URL is given), adding to them, removing from them, and ranking them for an opening.
//! Every door goes through these calls, so both stores behave alike everywhere.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::intake::{ingest, ingest_documents, IngestOptions, IngestReport, Pipeline};
use super::recorded::RecordedWriter;
use super::{read_files, AppError, Candidates, Opening, RankRequest, Ranking, Removal, Workspace};
use crate::audit::{Ranked, Subject};
use crate::catalog::Role;
use crate::embed::Embedder;
use crate::pool::openings::check_opening_name;
use crate::pool::{
    check_model, CandidateSummary, LoadedPool, MemoryPools, OpenFor, PoolMeta, PoolReader,
    PoolStats, PoolStorage, PoolStore, PoolWriter, PseudonymKey, QueryModel, Recovery,
};
use crate::rank::{embed_opening, rank_candidates, set_aside_near_duplicates};
use crate::read::{list_folder, Document, FileError};
use crate::score::{retrieval_width, ScoreWeights};
use crate::selection::Selection;

/// Candidates scored beyond the k asked for, so that a ranking with near-duplicates set
/// aside (see [`set_aside_near_duplicates`]) still shows k.
const NEAR_DUPLICATE_SPARE: usize = 16;

impl Workspace {
    /// The pool `name` in the index folder (its name checked, nothing read yet), for what
    /// only pools on disk do. Pools in PostgreSQL have no folder: with a store URL this is
    /// [`crate::pool::PoolError::DiskOnly`].
    fn disk_pool(&self, name: &str, what: &str) -> Result<PoolStore, AppError> {
        let Some(index_dir) = self.pools.disk_dir() else {
            return Err(crate::Error::from(crate::pool::PoolError::DiskOnly {
                what: what.to_string(),
                instead: "are kept consistent by the database's transactions".into(),
            })
            .into());
        };
        Ok(PoolStore::new(index_dir, name).map_err(crate::Error::from)?)
    }

    /// Refuses a pool name that is not a plain file name, in every store.
    pub(crate) fn check_pool_name(&self, name: &str) -> Result<(), AppError> {
        PoolStore::new(&self.config.index_dir, name).map_err(crate::Error::from)?;
        Ok(())
    }

    /// Names of the pools, sorted.
    pub fn pool_names(&self) -> Result<Vec<String>, AppError> {
        Ok(self.pools.names().map_err(crate::Error::from)?)
    }

    /// Counts and sizes of the pool `name`.
    pub fn pool_stats(&self, name: &str) -> Result<PoolStats, AppError> {
        self.check_pool_name(name)?;
        Ok(self.pools.stats(name).map_err(crate::Error::from)?)
    }

    /// The candidates of the pool `name`: id, file, content hash and passage count.
    pub fn pool_candidates(&self, name: &str) -> Result<Vec<CandidateSummary>, AppError> {
        self.check_pool_name(name)?;
        let (_, candidates) = self.pools.summaries(name).map_err(crate::Error::from)?;
        Ok(candidates)
    }

    /// Which of `files` (id, path) are candidates of the blind pool `name`, and under which
    /// pseudonym: each file's id (its path relative to the folder it was listed from) and its
    /// bare file name (the id `pool add` gives) are keyed with the pool's secret. With
    /// `wanted`, only those pseudonyms are revealed. Every reveal is recorded in the audit log
    /// as `pool.reveal`, with the pseudonyms and content hashes (never the names).
    pub fn reveal(
        &self,
        name: &str,
        files: &[(String, PathBuf)],
        wanted: &[String],
    ) -> Result<Vec<Revealed>, AppError> {
        self.check_pool_name(name)?;
        let (meta, candidates) = self.pools.summaries(name).map_err(crate::Error::from)?;
        let Some(key) = meta.pseudonyms else {
            return Err(AppError::NoPseudonyms(name.to_string()));
        };
        if self.config.audit.is_none() {
            return Err(AppError::RevealNeedsAuditLog);
        }
        let in_pool: std::collections::HashMap<&str, &CandidateSummary> =
            candidates.iter().map(|c| (c.id.as_str(), c)).collect();
        let mut revealed: Vec<Revealed> = Vec::new();
        let mut subjects = Vec::new();
        for (id, path) in files {
            let bare = path
                .file_name()
                .map(crate::pathname::lossless)
                .unwrap_or_default();
            let pseudonyms = [key.pseudonym(id), key.pseudonym(&bare)];
            let Some(candidate) = pseudonyms.iter().find_map(|p| in_pool.get(p.as_str())) else {
                continue;
            };
            if !wanted.is_empty() && !wanted.contains(&candidate.id) {
                continue;
            }
            if revealed.iter().any(|r| r.candidate_id == candidate.id) {
                continue;
            }
            subjects.push(crate::audit::Subject {
                id: candidate.id.clone(),
                content_hash: candidate.content_hash.clone(),
            });
            revealed.push(Revealed {
                candidate_id: candidate.id.clone(),
                file: crate::pathname::path_text(path),
            });
        }
        self.record(
            "pool.reveal",
            Some((name, meta.model.as_str())),
            None,
            (Selection::none(), true),
            subjects,
            Vec::new(),
        )?;
        revealed.sort_by(|a, b| a.candidate_id.cmp(&b.candidate_id));
        Ok(revealed)
    }

    /// Reads the whole pool `name` and checks every part of it: checksums on disk, hashes,
    /// vector lengths and passages in PostgreSQL.
    pub fn verify_pool(&self, name: &str) -> Result<PoolStats, AppError> {
        self.check_pool_name(name)?;
        Ok(self.pools.verify(name).map_err(crate::Error::from)?)
    }

    /// A ranking: the opening read (a posting file through this workspace's reader), the
    /// candidates of a stored pool or a folder scored for it, and the ranking recorded.
    ///
    /// With `save_as`, or for a saved opening (`Opening::Saved`, re-run with its own target
    /// and settings), the run is kept in the pool's store with the opening's history.
    pub fn rank(&self, request: RankRequest) -> Result<Ranking, AppError> {
        let RankRequest {
            opening,
            candidates,
            mut selection,
            mut blind,
            save_as,
        } = request;
        let (role, target, name): (Role, _, Option<String>) = match &opening {
            Opening::Saved(name) => {
                let Candidates::Pool(pool) = &candidates else {
                    return Err(AppError::OpeningNeedsPool);
                };
                let saved = self.opening(pool, name)?;
                selection = Selection::new(saved.settings.top_k, saved.settings.min_score)
                    .map_err(|e| AppError::Request(e.to_string()))?
                    .keeping_duplicates(saved.settings.keep_duplicates);
                blind = saved.settings.blind;
                let role = self.role_of(&saved.target)?;
                (role, saved.target, Some(name.clone()))
            }
            other => {
                let (role, target) = self.opening_of(other)?;
                (role, target, save_as)
            }
        };
        let mut ranking = match candidates {
            Candidates::Pool(pool) => {
                if let Some(name) = &name {
                    check_opening_name(name).map_err(crate::Error::from)?;
                }
                self.rank_pool(&pool, role, selection, blind, name.as_deref())?
            }
            Candidates::Folder(dir) => {
                if name.is_some() {
                    return Err(AppError::OpeningNeedsPool);
                }
                self.rank_folder(&dir, role, selection, blind)?
            }
        };
        if let Some(name) = name {
            ranking.decisions = self.save_run(&ranking, &name, target)?;
            ranking.opening = Some(name);
        }
        Ok(ranking)
    }

    /// Compacts the pool `name` on disk: verifies the live generation and deletes the older
    /// ones. Waits up to `wait` for another writer.
    pub fn compact(&self, name: &str, wait: Duration) -> Result<Compaction, AppError> {
        let store = self.disk_pool(name, "pool compact")?;
        let lock = store.lock(wait).map_err(crate::Error::from)?;
        let deleted = store.compact(&lock).map_err(crate::Error::from)?;
        Ok(Compaction {
            generation: store.live_generation().unwrap_or_default(),
            deleted,
        })
    }

    /// Points the pool `name` on disk back at its newest generation that verifies, when the
    /// live one does not; deletes nothing. Waits up to `wait` for another writer.
    pub fn recover(&self, name: &str, wait: Duration) -> Result<Recovery, AppError> {
        let store = self.disk_pool(name, "pool recover")?;
        let lock = store.lock(wait).map_err(crate::Error::from)?;
        Ok(store.recover(&lock).map_err(crate::Error::from)?)
    }

    /// The resumes of a folder ranked for `role` without a stored pool: read and analysed
    /// now into a pool in memory (ids are their paths relative to `dir`; with `blind`,
    /// identity cues are replaced first), then ranked as a stored pool is. Unreadable files
    /// are in the ranking's errors, with their reasons.
    fn rank_folder(
        &self,
        dir: &Path,
        role: Role,
        selection: Selection,
        blind: bool,
    ) -> Result<Ranking, AppError> {
        let listing =
            list_folder(dir, self.config.follow_links).map_err(|source| AppError::Listing {
                path: dir.to_path_buf(),
                source,
            })?;
        let paths: Vec<PathBuf> = listing.files.iter().map(|(_, p)| p.clone()).collect();
        let (documents, mut errors) = read_files(&self.reader, &paths);
        errors.extend(listing.refused);
        if documents.is_empty() {
            return Err(AppError::NothingReadable {
                path: dir.to_path_buf(),
                errors,
            });
        }
        let ids: std::collections::HashMap<&Path, &str> = listing
            .files
            .iter()
            .map(|(id, p)| (p.as_path(), id.as_str()))
            .collect();
        let documents: Vec<(String, Document)> = documents
            .into_iter()
            .map(|doc| {
                let id = ids.get(doc.path()).map_or_else(
                    || crate::pathname::path_text(doc.path()),
                    |id| id.to_string(),
                );
                (id, doc)
            })
            .collect();
        let embedder = self.engine()?.embedder();
        let label = dir.display().to_string();
        let folder = MemoryPools::new();
        let fresh = PoolMeta {
            model: embedder.fingerprint().to_string(),
            dimensions: embedder.dimensions(),
            catalog_version: String::new(),
            blind,
            pseudonyms: None,
        };
        let mut writer = folder
            .writer(
                &label,
                OpenFor::Adding {
                    fresh: &fresh,
                    exact_below: None,
                },
                Duration::ZERO,
            )
            .map_err(crate::Error::from)?;
        // One batch and one commit: the folder is analysed as one set, as it always was.
        let whole = IngestOptions {
            batch_size: usize::MAX,
            commit_every: usize::MAX,
            exact_below: None,
            blind,
            keep_duplicates: false,
        };
        let pipeline = Pipeline {
            extractor: &self.extractor,
            embedder,
            blind,
        };
        let added = ingest_documents(writer.as_mut(), pipeline, documents, whole)?;
        drop(writer);
        // The same text twice in the folder is one person, ranked once.
        errors.extend(added.duplicates.iter().map(|d| FileError {
            file: PathBuf::from(&d.candidate_id),
            error: format!(
                "{}: the same text as '{}'; ranked once",
                d.candidate_id, d.same_as
            ),
            refused: true,
        }));
        let mut ranking = self.rank_in((&folder, &label), role, selection, blind, errors, None)?;
        ranking.not_resumes = added.not_resumes;
        Ok(ranking)
    }

    /// The stored pool `name` ranked for `role`: checked against this model (and refused
    /// with [`AppError::NotBlind`] when `blind` is asked of a pool that is not), read (from
    /// PostgreSQL, only the candidates nearest to the role), scored and recorded.
    fn rank_pool(
        &self,
        name: &str,
        role: Role,
        selection: Selection,
        blind: bool,
        opening: Option<&str>,
    ) -> Result<Ranking, AppError> {
        self.check_pool_name(name)?;
        let pools: &dyn PoolReader = self.pools.as_ref();
        self.rank_in((pools, name), role, selection, blind, Vec::new(), opening)
    }

    /// The pool `name` of `pools` ranked for `role`, with the model and catalog it was made
    /// with and the files that could not be read (`errors`), and recorded (under `opening`,
    /// when it is one).
    fn rank_in(
        &self,
        (pools, name): (&dyn PoolReader, &str),
        role: Role,
        selection: Selection,
        blind: bool,
        errors: Vec<FileError>,
        opening: Option<&str>,
    ) -> Result<Ranking, AppError> {
        let embedder = self.engine()?.embedder();
        let vectors =
            embed_opening(embedder, &role).map_err(|e| AppError::from(crate::Error::from(e)))?;
        let model = QueryModel {
            fingerprint: embedder.fingerprint(),
            dimensions: embedder.dimensions(),
        };
        let pool = pools
            .search(
                name,
                &vectors.role,
                retrieval_width(selection.top_k().saturating_add(NEAR_DUPLICATE_SPARE)),
                model,
            )
            .map_err(crate::Error::from)?;
        if blind && !pool.data.meta().blind {
            return Err(AppError::NotBlind(name.to_string()));
        }
        // A few more than asked for, so that setting near-duplicates aside still shows k.
        let mut candidates = rank_candidates(
            &pool,
            &role,
            &vectors,
            &self.extractor,
            &ScoreWeights::default(),
            selection.top_k().saturating_add(NEAR_DUPLICATE_SPARE),
            selection.min_score(),
        )
        .map_err(crate::Error::from)?;
        let mut near_duplicates = Vec::new();
        if !selection.keeps_duplicates() {
            let texts: std::collections::HashMap<&str, &str> = pool
                .data
                .candidates()
                .map(|c| (c.id.as_str(), c.text.as_str()))
                .collect();
            // A candidate a reviewer has decided on in this opening stays in its rankings.
            let decided: std::collections::HashSet<String> = opening
                .and_then(|o| self.decisions(name, Some(o)).ok())
                .unwrap_or_default()
                .into_iter()
                .map(|d| d.candidate_id)
                .collect();
            let (kept, set_aside) =
                set_aside_near_duplicates(candidates, |id| texts.get(id).copied(), &decided);
            candidates = kept;
            near_duplicates = set_aside;
        }
        candidates.truncate(selection.top_k());
        // Only what repeats a candidate shown is named: the rest was beyond k anyway.
        near_duplicates.retain(|d| candidates.iter().any(|c| c.candidate_id == d.same_as));
        let hashes: std::collections::HashMap<&str, &str> = pool
            .data
            .candidates()
            .map(|c| (c.id.as_str(), c.content_hash.as_str()))
            .collect();
        let content_hashes = candidates
            .iter()
            .map(|c| {
                hashes
                    .get(c.candidate_id.as_str())
                    .map_or_else(String::new, |h| h.to_string())
            })
            .collect();
        let ranking = Ranking {
            candidates,
            content_hashes,
            model: embedder.fingerprint().to_string(),
            catalog_version: self.catalog.version.clone(),
            blind: pool.data.meta().blind,
            selection,
            role,
            pool: name.to_string(),
            pool_size: pool.data.len(),
            opening: None,
            ranked_at: crate::audit::utc_now(),
            decisions: Vec::new(),
            near_duplicates,
            not_resumes: Vec::new(),
            errors,
        };
        self.record_ranking(&ranking, &pool, selection, opening)?;
        Ok(ranking)
    }

    /// The audit record of a ranking: the ranked candidates by id and content hash, with
    /// their scores.
    fn record_ranking(
        &self,
        ranking: &Ranking,
        pool: &LoadedPool,
        selection: Selection,
        opening: Option<&str>,
    ) -> Result<(), AppError> {
        if self.config.audit.is_none() {
            return Ok(());
        }
        // The subjects are every candidate scored: those shown (`ranked`) and the
        // near-duplicates set aside, which were scored on their content too.
        let set_aside = ranking.near_duplicates.iter().filter_map(|d| {
            pool.data
                .candidates()
                .find(|c| c.id == d.candidate_id)
                .map(|c| Subject {
                    id: c.id.clone(),
                    content_hash: c.content_hash.clone(),
                })
        });
        let subjects = ranking
            .candidates
            .iter()
            .zip(&ranking.content_hashes)
            .map(|(c, hash)| Subject {
                id: c.candidate_id.clone(),
                content_hash: hash.clone(),
            })
            .chain(set_aside)
            .collect();
        let ranked = ranking
            .candidates
            .iter()
            .map(|c| Ranked {
                id: c.candidate_id.clone(),
                score: c.result.score,
            })
            .collect();
        self.record(
            "rank",
            Some((ranking.pool.as_str(), pool.data.meta().model.as_str())),
            Some(opening.unwrap_or(&ranking.role.id)),
            (selection, ranking.blind),
            subjects,
            ranked,
        )
    }

    /// Reads, embeds and adds `files` (id, path) to the pool `name`, creating it when it does
    /// not exist; waits up to `wait` for another writer. `progress` gets (done, all).
    pub fn add_files(
        &self,
        name: &str,
        files: &[(String, PathBuf)],
        options: IngestOptions,
        wait: Duration,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<IngestReport, AppError> {
        self.add_to_pool(name, options, wait, |writer, meta, embedder| {
            ingest(
                writer,
                &self.reader,
                Pipeline {
                    extractor: &self.extractor,
                    embedder,
                    blind: meta.blind,
                },
                files,
                options,
                progress,
            )
        })
    }

    /// Adds documents already read (an upload) to the pool `name` under their ids.
    pub fn add_documents(
        &self,
        name: &str,
        documents: Vec<(String, Document)>,
        options: IngestOptions,
        wait: Duration,
    ) -> Result<IngestReport, AppError> {
        self.add_to_pool(name, options, wait, |writer, meta, embedder| {
            let pipeline = Pipeline {
                extractor: &self.extractor,
                embedder,
                blind: meta.blind,
            };
            ingest_documents(writer, pipeline, documents, options)
        })
    }

    /// Opens the pool for writing (a new one made with this model, blind if
    /// `options.blind`), checks the model (and that `options.blind` is not asked of a pool
    /// built without it), and runs `add` through a writer that records each commit first.
    fn add_to_pool<F>(
        &self,
        name: &str,
        options: IngestOptions,
        wait: Duration,
        add: F,
    ) -> Result<IngestReport, AppError>
    where
        F: FnOnce(
            &mut dyn PoolWriter,
            &PoolMeta,
            &dyn Embedder,
        ) -> Result<IngestReport, crate::Error>,
    {
        self.check_pool_name(name)?;
        let embedder = self.engine()?.embedder();
        let fresh = PoolMeta {
            model: embedder.fingerprint().to_string(),
            dimensions: embedder.dimensions(),
            catalog_version: self.catalog.version.clone(),
            blind: options.blind,
            pseudonyms: if options.blind {
                Some(PseudonymKey::random().map_err(crate::Error::from)?)
            } else {
                None
            },
        };
        let open = OpenFor::Adding {
            fresh: &fresh,
            exact_below: options.exact_below,
        };
        let writer = self
            .pools
            .writer(name, open, wait)
            .map_err(crate::Error::from)?;
        let meta = writer.meta();
        if writer.exists() {
            check_model(name, &meta, embedder.fingerprint(), embedder.dimensions())
                .map_err(crate::Error::from)?;
            // A blind pool stays blind: what is added to it is redacted too.
            if options.blind && !meta.blind {
                return Err(AppError::NotBlind(name.to_string()));
            }
        }
        let mut writer = RecordedWriter::new(writer, self, name);
        Ok(add(&mut writer, &meta, embedder)?)
    }

    /// A blind copy of the pool `source` made as the new pool `target`: every candidate's
    /// text, as the source keeps it, has its identity cues replaced and is embedded again,
    /// under a pseudonym made from its id. The source is left as it is; its openings and
    /// decisions stay with it. For a reviewer who turns on blind review after the resumes
    /// are in.
    pub fn blind_copy(
        &self,
        source: &str,
        target: &str,
        wait: Duration,
    ) -> Result<IngestReport, AppError> {
        self.check_pool_name(source)?;
        self.check_pool_name(target)?;
        let (meta, summaries) = self.pools.summaries(source).map_err(crate::Error::from)?;
        if meta.blind {
            return Err(AppError::Request(format!(
                "pool '{source}' is blind already: rank it with blind review as it is"
            )));
        }
        if self.pools.summaries(target).is_ok() {
            return Err(AppError::Request(format!(
                "a pool named '{target}' exists already: choose another name for the blind copy"
            )));
        }
        let ids: Vec<String> = summaries.into_iter().map(|s| s.id).collect();
        let data = self
            .pools
            .candidates(source, &ids)
            .map_err(crate::Error::from)?;
        let documents = data
            .into_candidates()
            .map(|c| {
                let document = crate::candidate::document_of(&c);
                (c.id, document)
            })
            .collect();
        let options = IngestOptions {
            blind: true,
            // The source holds each text once already.
            keep_duplicates: true,
            ..IngestOptions::default()
        };
        self.add_documents(target, documents, options, wait)
    }

    /// Removes candidates by id from the pool `name`; the pool keeps its search mode. When
    /// this returns their text and vectors are gone: on disk every older generation is
    /// deleted, in PostgreSQL their rows are deleted in one transaction.
    pub fn remove(&self, name: &str, ids: &[String], wait: Duration) -> Result<Removal, AppError> {
        self.check_pool_name(name)?;
        let writer = self
            .pools
            .writer(name, OpenFor::Removing, wait)
            .map_err(crate::Error::from)?;
        // In a blind pool a candidate can also be named by its file's id (an erasure request
        // comes by name): that id is turned into its pseudonym here.
        let key = writer.meta().pseudonyms;
        let stored: Vec<String> = ids
            .iter()
            .map(|id| match &key {
                Some(key) if writer.content_hash(id).is_none() => key.pseudonym(id),
                _ => id.clone(),
            })
            .collect();
        let mut writer = RecordedWriter::new(writer, self, name);
        let unknown = writer.remove(&stored);
        if unknown.len() < stored.len() {
            writer.commit().map_err(crate::Error::from)?;
        }
        // A removed candidate leaves no trace in the openings and decisions either (the
        // audit log keeps its hash-chained records, which hold no text).
        let candidates_left = writer.len();
        drop(writer);
        self.forget_in_openings(name, &stored)?;
        let (removed, unknown) = ids
            .iter()
            .zip(&stored)
            .map(|(given, stored)| (given.clone(), unknown.contains(stored)))
            .partition::<Vec<_>, _>(|(_, unknown)| !unknown);
        Ok(Removal {
            removed: removed.into_iter().map(|(id, _)| id).collect(),
            unknown: unknown.into_iter().map(|(id, _)| id).collect(),
            candidates_left,
        })
    }
}

/// What `pool compact` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compaction {
    /// The live generation, verified.
    pub generation: u64,
    /// Older generations deleted.
    pub deleted: usize,
}

/// A blind pool's candidate and the file it was made from, as `pool reveal` finds them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Revealed {
    pub candidate_id: String,
    pub file: String,
}
