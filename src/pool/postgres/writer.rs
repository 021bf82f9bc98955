//! Writing a pool in PostgreSQL: changes are staged in memory and each commit is one
//! transaction, so a writer that dies or loses its connection leaves no half-added candidate,
//! and two writers of the same pool take turns on the pool's row.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::Duration;

use pgvector::Vector;
use postgres::error::SqlState;
use postgres::{Client, Transaction};

use super::{schema, PgStore};
use crate::analyze::Analysis;
use crate::pool::{
    check_model, content_hash, PoolError, PoolMeta, PoolWriter, PseudonymKey, SearchMode,
};

/// A candidate waiting for the next commit.
struct Staged {
    file: String,
    content_hash: String,
    text: String,
    /// The candidate's findings as JSON (see [`crate::analyze::Findings`]).
    findings: String,
    /// When it was added (UTC, RFC 3339).
    added_at: String,
    vector: Vec<f32>,
    passages: Vec<(std::ops::Range<usize>, Vec<f32>)>,
}

/// A pool in PostgreSQL opened for writing, on its own connection.
pub struct PgWriter<'a> {
    client: Client,
    changes: Changes<'a>,
}

/// The pool as this writer sees it, and the changes it has staged.
struct Changes<'a> {
    store: &'a PgStore,
    name: String,
    meta: PoolMeta,
    exists: bool,
    /// Where HNSW starts; `None` keeps the pool's search mode.
    exact_below: Option<usize>,
    /// Committed candidates: id → content hash.
    known: HashMap<String, String>,
    staged: BTreeMap<String, Staged>,
    removed: BTreeSet<String>,
}

impl<'a> PgWriter<'a> {
    pub(super) fn open(
        store: &'a PgStore,
        name: &str,
        fresh: &PoolMeta,
        exact_below: Option<usize>,
        wait: Duration,
    ) -> Result<Self, PoolError> {
        let mut client = store.connect()?;
        client
            .batch_execute(&format!("SET lock_timeout = {}", wait.as_millis().max(1)))
            .map_err(|e| store.error("setting the lock timeout", e))?;
        let existing = store.pool_row(&mut client, name, false)?;
        let (meta, exists, known) = match existing {
            Some(pool) => {
                let rows = client
                    .query(
                        "SELECT id, content_hash FROM rolematch_candidates WHERE pool_id = $1",
                        &[&pool.pool_id],
                    )
                    .map_err(|e| store.error("reading the pool's candidates", e))?;
                let known = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
                (pool.meta, true, known)
            }
            None => (fresh.clone(), false, HashMap::new()),
        };
        Ok(PgWriter {
            client,
            changes: Changes {
                store,
                name: name.to_string(),
                meta,
                exists,
                exact_below,
                known,
                staged: BTreeMap::new(),
                removed: BTreeSet::new(),
            },
        })
    }
}

impl Changes<'_> {
    /// A database error of this writer; a lock wait that ran out is [`PoolError::Locked`].
    fn error(&self, what: &str, source: postgres::Error) -> PoolError {
        if source.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) {
            return PoolError::Locked {
                path: PathBuf::from(format!(
                    "PostgreSQL {}, pool {}",
                    self.store.server(),
                    self.name
                )),
                holder: "another writer's transaction".into(),
            };
        }
        self.store.error(what, source)
    }

    /// Writes every staged change in `tx`; returns the new generation.
    fn write(&self, tx: &mut Transaction<'_>) -> Result<u64, PoolError> {
        if !self.exists {
            tx.execute(
                "INSERT INTO rolematch_pools \
                 (name, model, dimensions, catalog_version, blind, pseudonym_key) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING",
                &[
                    &self.name,
                    &self.meta.model,
                    &(self.meta.dimensions as i32),
                    &self.meta.catalog_version,
                    &self.meta.blind,
                    &self.meta.pseudonyms.as_ref().map(PseudonymKey::to_hex),
                ],
            )
            .map_err(|e| self.error("creating the pool", e))?;
        }
        let pool = self
            .store
            .pool_row(tx, &self.name, true)
            .map_err(|e| self.relock(e))?
            .ok_or_else(|| self.store.no_pool(&self.name))?;
        // Another writer may have created the pool first, with another model.
        check_model(
            &self.name,
            &pool.meta,
            &self.meta.model,
            self.meta.dimensions,
        )?;
        // The ids staged here were made with this writer's pseudonym key.
        if pool.meta.pseudonyms != self.meta.pseudonyms {
            return Err(PoolError::Inconsistent {
                server: self.store.server().to_string(),
                pool: self.name.clone(),
                reason:
                    "another writer created this blind pool at the same time; run the command again"
                        .into(),
            });
        }
        if !self.removed.is_empty() {
            let ids: Vec<&str> = self.removed.iter().map(String::as_str).collect();
            tx.execute(
                "DELETE FROM rolematch_candidates WHERE pool_id = $1 AND id = ANY($2)",
                &[&pool.pool_id, &ids],
            )
            .map_err(|e| self.error("removing candidates", e))?;
        }
        if !self.staged.is_empty() {
            self.write_staged(tx, pool.pool_id)?;
        }
        let count: i64 = tx
            .query_one(
                "SELECT count(*) FROM rolematch_candidates WHERE pool_id = $1",
                &[&pool.pool_id],
            )
            .map_err(|e| self.error("counting candidates", e))?
            .get(0);
        let search = match self.exact_below {
            None => pool.search,
            Some(below) if count as usize >= below => SearchMode::Hnsw,
            Some(_) => SearchMode::Exact,
        };
        if search != pool.search {
            let sql = match search {
                // The graph is built in memory when it fits: give the build room (this
                // transaction only).
                SearchMode::Hnsw => format!(
                    "SET LOCAL maintenance_work_mem = '1GB'; {}",
                    schema::create_hnsw_index(pool.pool_id, pool.meta.dimensions)
                ),
                SearchMode::Exact => format!(
                    "DROP INDEX IF EXISTS {}",
                    schema::hnsw_index_name(pool.pool_id)
                ),
            };
            tx.batch_execute(&sql)
                .map_err(|e| self.error("changing the pool's HNSW index", e))?;
        }
        let generation: i64 = tx
            .query_one(
                "UPDATE rolematch_pools SET generation = generation + 1, search = $2, \
                 updated_at = now() WHERE pool_id = $1 RETURNING generation",
                &[
                    &pool.pool_id,
                    &match search {
                        SearchMode::Hnsw => "hnsw",
                        SearchMode::Exact => "exact",
                    },
                ],
            )
            .map_err(|e| self.error("recording the generation", e))?
            .get(0);
        Ok(generation.max(0) as u64)
    }

    /// A lock wait that ran out while reading the pool's row is the writer's turn not coming.
    fn relock(&self, error: PoolError) -> PoolError {
        match error {
            PoolError::Database { source, what, .. } => self.error(&what, source),
            other => other,
        }
    }

    /// Upserts the staged candidates and replaces their passages. The old passages of every
    /// staged id go first, in one statement: another writer may have added the same id since
    /// this one read the pool.
    fn write_staged(&self, tx: &mut Transaction<'_>, pool_id: i64) -> Result<(), PoolError> {
        let ids: Vec<&str> = self.staged.keys().map(String::as_str).collect();
        tx.execute(
            "DELETE FROM rolematch_passages WHERE pool_id = $1 AND candidate_id = ANY($2)",
            &[&pool_id, &ids],
        )
        .map_err(|e| self.error("replacing passages", e))?;
        let upsert = tx
            .prepare(
                "INSERT INTO rolematch_candidates \
                 (pool_id, id, file, content_hash, text, findings, embedding, added_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                 ON CONFLICT (pool_id, id) DO UPDATE SET file = EXCLUDED.file, \
                 content_hash = EXCLUDED.content_hash, text = EXCLUDED.text, \
                 findings = EXCLUDED.findings, embedding = EXCLUDED.embedding, \
                 added_at = EXCLUDED.added_at",
            )
            .map_err(|e| self.error("preparing the candidate upsert", e))?;
        let insert = tx
            .prepare(
                "INSERT INTO rolematch_passages \
                 (pool_id, candidate_id, ordinal, start_byte, end_byte, embedding) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .map_err(|e| self.error("preparing the passage insert", e))?;
        for (id, staged) in &self.staged {
            tx.execute(
                &upsert,
                &[
                    &pool_id,
                    id,
                    &staged.file,
                    &staged.content_hash,
                    &staged.text,
                    &staged.findings,
                    &Vector::from(staged.vector.clone()),
                    &staged.added_at,
                ],
            )
            .map_err(|e| self.error(&format!("writing candidate '{id}'"), e))?;
            for (ordinal, (range, vector)) in staged.passages.iter().enumerate() {
                tx.execute(
                    &insert,
                    &[
                        &pool_id,
                        id,
                        &(ordinal as i32),
                        &(range.start as i32),
                        &(range.end as i32),
                        &Vector::from(vector.clone()),
                    ],
                )
                .map_err(|e| self.error(&format!("writing passages of '{id}'"), e))?;
            }
        }
        Ok(())
    }
}

impl PoolWriter for PgWriter<'_> {
    fn meta(&self) -> PoolMeta {
        self.changes.meta.clone()
    }

    fn content_hash(&self, id: &str) -> Option<String> {
        self.changes.content_hash(id)
    }

    fn len(&self) -> usize {
        self.changes.len()
    }

    fn exists(&self) -> bool {
        self.changes.exists
    }

    fn hashes(&self) -> Vec<(String, String)> {
        let mut hashes: Vec<(String, String)> = self
            .changes
            .known
            .iter()
            .filter(|(id, _)| {
                !self.changes.removed.contains(*id) && !self.changes.staged.contains_key(*id)
            })
            .map(|(id, hash)| (id.clone(), hash.clone()))
            .collect();
        hashes.extend(
            self.changes
                .staged
                .iter()
                .map(|(id, staged)| (id.clone(), staged.content_hash.clone())),
        );
        hashes
    }

    fn upsert(&mut self, id: String, analysis: Analysis) {
        self.changes.upsert(id, analysis);
    }

    fn remove(&mut self, ids: &[String]) -> Vec<String> {
        self.changes.remove(ids)
    }

    fn commit(&mut self) -> Result<u64, PoolError> {
        let changes = &mut self.changes;
        let mut tx = self
            .client
            .transaction()
            .map_err(|e| changes.store.error("starting a transaction", e))?;
        let generation = changes.write(&mut tx)?;
        tx.commit()
            .map_err(|e| changes.store.error("committing", e))?;
        changes.committed();
        Ok(generation)
    }
}

impl Changes<'_> {
    fn content_hash(&self, id: &str) -> Option<String> {
        if let Some(staged) = self.staged.get(id) {
            return Some(staged.content_hash.clone());
        }
        if self.removed.contains(id) {
            return None;
        }
        self.known.get(id).cloned()
    }

    fn len(&self) -> usize {
        let kept = self.known.len() - self.removed.len();
        let new = self
            .staged
            .keys()
            .filter(|id| !self.known.contains_key(*id))
            .count();
        kept + new
    }

    fn upsert(&mut self, id: String, analysis: Analysis) {
        let Analysis {
            document,
            findings,
            embedding,
            passages,
            ..
        } = analysis;
        // Findings are plain data; serializing them cannot fail.
        let findings = serde_json::to_string(&findings).unwrap_or_default();
        self.removed.remove(&id);
        self.staged.insert(
            id,
            Staged {
                file: crate::pathname::path_text(document.path()),
                content_hash: content_hash(document.text()),
                text: document.into_text(),
                findings,
                added_at: crate::audit::utc_now(),
                vector: embedding.vector,
                passages: passages
                    .into_iter()
                    .map(|p| (p.byte_range, p.vector))
                    .collect(),
            },
        );
    }

    fn remove(&mut self, ids: &[String]) -> Vec<String> {
        let mut unknown = Vec::new();
        for id in ids {
            let staged = self.staged.remove(id).is_some();
            if self.known.contains_key(id) {
                self.removed.insert(id.clone());
            } else if !staged {
                unknown.push(id.clone());
            }
        }
        unknown
    }

    /// The staged changes are in the database now.
    fn committed(&mut self) {
        for id in std::mem::take(&mut self.removed) {
            self.known.remove(&id);
        }
        for (id, staged) in std::mem::take(&mut self.staged) {
            self.known.insert(id, staged.content_hash);
        }
        self.exists = true;
    }
}
