//! A pool writer whose every commit is recorded in the audit log before it is made: a change
//! is never committed without its record, and a build killed after any commit leaves the
//! records of every commit it made.

use super::Workspace;
use crate::analyze::Analysis;
use crate::audit::Subject;
use crate::pool::{PoolError, PoolMeta, PoolWriter};
use crate::selection::Selection;

/// Wraps a store's writer; `upsert` and `remove` are staged as before, `commit` appends
/// `pool.add` and `pool.remove` records for what it is about to commit, then commits (and
/// appends `pool.commit-failed` when the commit then fails).
pub(super) struct RecordedWriter<'w> {
    inner: Box<dyn PoolWriter + 'w>,
    workspace: &'w Workspace,
    pool: String,
    /// Ids staged by `upsert` since the last commit, in order.
    added: Vec<String>,
    /// Content hashes of the candidates staged for removal since the last commit.
    removed: Vec<Subject>,
}

impl<'w> RecordedWriter<'w> {
    pub(super) fn new(
        inner: Box<dyn PoolWriter + 'w>,
        workspace: &'w Workspace,
        pool: &str,
    ) -> Self {
        RecordedWriter {
            inner,
            workspace,
            pool: pool.to_string(),
            added: Vec::new(),
            removed: Vec::new(),
        }
    }

    fn record(&self, action: &str, subjects: Vec<Subject>) -> Result<(), PoolError> {
        let meta = self.inner.meta();
        self.workspace
            .record(
                action,
                Some((&self.pool, meta.model.as_str())),
                None,
                (Selection::none(), meta.blind),
                subjects,
                Vec::new(),
            )
            .map_err(|e| PoolError::NotRecorded {
                reason: e.to_string(),
            })
    }

    /// The staged additions by id and content hash, each id once.
    fn added_subjects(&self) -> Vec<Subject> {
        let mut seen = std::collections::HashSet::new();
        self.added
            .iter()
            .filter(|id| seen.insert(id.as_str()))
            .filter_map(|id| {
                self.inner.content_hash(id).map(|content_hash| Subject {
                    id: id.clone(),
                    content_hash,
                })
            })
            .collect()
    }
}

impl PoolWriter for RecordedWriter<'_> {
    fn meta(&self) -> PoolMeta {
        self.inner.meta()
    }

    fn content_hash(&self, id: &str) -> Option<String> {
        self.inner.content_hash(id)
    }

    fn len(&self) -> usize {
        self.inner.len()
    }

    fn exists(&self) -> bool {
        self.inner.exists()
    }

    fn hashes(&self) -> Vec<(String, String)> {
        self.inner.hashes()
    }

    fn upsert(&mut self, id: String, analysis: Analysis) {
        self.added.push(id.clone());
        self.inner.upsert(id, analysis);
    }

    fn remove(&mut self, ids: &[String]) -> Vec<String> {
        // A removal is recorded by content hash only: no id, no text.
        let hashes: Vec<Subject> = ids
            .iter()
            .filter_map(|id| self.inner.content_hash(id))
            .map(|content_hash| Subject {
                id: String::new(),
                content_hash,
            })
            .collect();
        let unknown = self.inner.remove(ids);
        self.added.retain(|id| !ids.contains(id));
        self.removed.extend(hashes);
        unknown
    }

    fn commit(&mut self) -> Result<u64, PoolError> {
        let added = self.added_subjects();
        let removed = std::mem::take(&mut self.removed);
        self.added.clear();
        if !removed.is_empty() {
            self.record("pool.remove", removed.clone())?;
        }
        if !added.is_empty() {
            self.record("pool.add", added.clone())?;
        }
        self.inner.commit().inspect_err(|_| {
            // The records above name a change that did not happen: say so (best effort:
            // the commit's own error is what the caller needs to see).
            let subjects = removed.into_iter().chain(added).collect();
            let _ = self.record("pool.commit-failed", subjects);
        })
    }
}
