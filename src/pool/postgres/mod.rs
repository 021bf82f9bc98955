//! Pools in PostgreSQL with pgvector, for teams that share one store: the same pools as on
//! disk (`index/pools/`), kept in tables, changed one transaction per commit, searched
//! exactly (small pools) or through a pgvector HNSW index (large ones), and re-scored in
//! this process with the same code, so a pool ranks alike from either store.

mod readers;
mod schema;
mod tls;
mod writer;

pub use readers::{
    ReaderSettings, DEFAULT_LOCK_TIMEOUT, DEFAULT_READERS, DEFAULT_STATEMENT_TIMEOUT,
    LOCK_TIMEOUT_VARIABLE, READERS_VARIABLE, STATEMENT_TIMEOUT_VARIABLE,
};
pub use writer::PgWriter;

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::OnceLock;
use std::time::Duration;

use pgvector::Vector;
use postgres::error::SqlState;
use postgres::{Client, Config, GenericClient, IsolationLevel, Transaction};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::openings::OpeningsBook;
use super::{
    candidates_to_score, content_hash, Candidate, CandidateSummary, PoolData, PoolError, PoolMeta,
    PoolStats, PseudonymKey, SearchMode,
};
use crate::analyze::Findings;

/// Pools in PostgreSQL with at least this many candidates get a pgvector HNSW index; smaller
/// ones are searched exactly. Lower than on disk ([`super::DEFAULT_EXACT_BELOW`]): the
/// database keeps its index up to date row by row, where a pool on disk rebuilds its graph
/// at every commit, and its exact scan is slower than the one in this process
/// (`scripts/bench_stores.sh`, in docs/benchmarks.md).
pub(crate) const POSTGRES_EXACT_BELOW: usize = 50_000;

/// HNSW candidates pgvector may keep while searching (its own upper limit is 1,000).
const MAX_EF_SEARCH: usize = 1000;

/// A passage as read back: its byte range in the text and its vector.
type Passage = (Range<usize>, Vec<f32>);

/// A PostgreSQL database that holds pools. Reads share a few connections (see
/// [`ReaderSettings`]), each opened on first use and again after it drops; each writer has
/// its own.
pub struct PgStore {
    config: Config,
    server: String,
    settings: ReaderSettings,
    readers: readers::Readers,
    /// TLS settings, made on the first connection.
    tls: OnceLock<MakeRustlsConnect>,
}

/// A pool's row: what it was made with, and how it is searched.
#[derive(Debug, Clone)]
pub struct PgPool {
    pub pool_id: i64,
    pub name: String,
    pub meta: PoolMeta,
    pub generation: u64,
    pub search: SearchMode,
    pub candidates: usize,
}

impl PgStore {
    /// A store at `url` (`postgres://user[:password]@host[:port]/database[?options]`), read
    /// with the settings of the environment ([`ReaderSettings::from_env`]); nothing is
    /// connected yet.
    pub fn new(url: &str) -> Result<Self, PoolError> {
        Self::with_settings(url, ReaderSettings::from_env()?)
    }

    /// A store at `url` read with `settings`; nothing is connected yet.
    pub(crate) fn with_settings(url: &str, settings: ReaderSettings) -> Result<Self, PoolError> {
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            return Err(PoolError::BadStoreUrl {
                reason: "give a PostgreSQL URL, postgres://user@host:port/database".into(),
            });
        }
        let mut config = Config::from_str(url).map_err(|e| PoolError::BadStoreUrl {
            reason: format!("not a PostgreSQL URL ({e})"),
        })?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_application_name().is_none() {
            config.application_name("rolematch");
        }
        let server = server_label(&config);
        Ok(PgStore {
            config,
            server,
            settings,
            readers: readers::Readers::new(settings.connections),
            tls: OnceLock::new(),
        })
    }

    /// The server as messages name it: user, host, port and database, never the password.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// How this store reads.
    pub fn settings(&self) -> &ReaderSettings {
        &self.settings
    }

    /// A new connection, with the tables checked (and created on a fresh database). TLS is
    /// used as the URL's `sslmode` says (default: when the server offers it), and the
    /// server's certificate is always verified (see [`tls`]).
    pub fn connect(&self) -> Result<Client, PoolError> {
        self.connect_with(None)
    }

    /// [`Self::connect`], running `session` (`SET` statements) before anything else.
    fn connect_with(&self, session: Option<&str>) -> Result<Client, PoolError> {
        let tls = match self.tls.get() {
            Some(tls) => tls.clone(),
            None => {
                let made = tls::connector().map_err(|reason| PoolError::BadStoreUrl {
                    reason: format!("TLS: {reason}"),
                })?;
                self.tls.get_or_init(|| made).clone()
            }
        };
        let mut client = self
            .config
            .connect(tls)
            .map_err(|e| self.error("cannot connect", e))?;
        if let Some(session) = session {
            client
                .batch_execute(session)
                .map_err(|e| self.error("setting the reader timeouts", e))?;
        }
        self.ensure_schema(&mut client)?;
        Ok(client)
    }

    /// Runs `work` on a reader connection, connecting first when it is not open or dropped.
    /// Waits for a free one no longer than the lock timeout: then [`PoolError::Busy`].
    fn with_client<T>(
        &self,
        work: impl FnOnce(&mut Client) -> Result<T, PoolError>,
    ) -> Result<T, PoolError> {
        let wait = self.settings.lock_timeout;
        let mut lease = self.readers.checkout(wait).ok_or_else(|| PoolError::Busy {
            server: self.server.clone(),
            reason: format!(
                "all {} reader connections stayed in use for {}",
                self.settings.connections,
                readers::seconds(wait.unwrap_or_default())
            ),
        })?;
        let client = match lease.client.take() {
            Some(client) if !client.is_closed() => client,
            _ => self.connect_with(Some(&self.settings.session_sql()))?,
        };
        // The lease puts the connection back, or forgets it when it closed.
        work(lease.client.insert(client))
    }

    /// A database error, with what rolematch was doing; a lock or statement timeout says the
    /// store is busy.
    pub(crate) fn error(&self, what: &str, source: postgres::Error) -> PoolError {
        let busy = match source.code() {
            Some(code) if *code == SqlState::LOCK_NOT_AVAILABLE => Some(
                "the store is busy or under maintenance: a table stayed locked past the lock \
                 timeout (VACUUM FULL, a schema change or a long transaction holds it); try \
                 again when it is done",
            ),
            Some(code) if *code == SqlState::QUERY_CANCELED => Some(
                "the store is busy or under maintenance: the statement ran past its timeout or \
                 was cancelled; try again later",
            ),
            _ => None,
        };
        PoolError::Database {
            server: self.server.clone(),
            what: match busy {
                Some(busy) => format!("{what}: {busy}"),
                None => what.to_string(),
            },
            source,
        }
    }

    /// Creates pgvector and the tables on a fresh database; refuses tables of another
    /// schema version.
    fn ensure_schema(&self, client: &mut Client) -> Result<(), PoolError> {
        let mut tx = client
            .transaction()
            .map_err(|e| self.error("starting a transaction", e))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&schema::SCHEMA_LOCK])
            .map_err(|e| self.error("locking the schema", e))?;
        self.ensure_pgvector(&mut tx)?;
        let exists: bool = tx
            .query_one("SELECT to_regclass('rolematch_schema') IS NOT NULL", &[])
            .map_err(|e| self.error("reading the schema", e))?
            .get(0);
        if exists {
            let version: Option<i32> = tx
                .query_opt("SELECT version FROM rolematch_schema", &[])
                .map_err(|e| self.error("reading the schema version", e))?
                .map(|row| row.get(0));
            let found = version.unwrap_or(0);
            let mut version = found;
            for &(from, upgrade) in schema::UPGRADES {
                if version == from {
                    tx.batch_execute(upgrade)
                        .map_err(|e| self.error("upgrading the rolematch tables", e))?;
                    version = from + 1;
                }
            }
            if version != schema::SCHEMA_VERSION {
                return Err(PoolError::Inconsistent {
                    server: self.server.clone(),
                    pool: "*".into(),
                    reason: format!(
                        "the rolematch tables are of schema version {version}; this rolematch reads version {}",
                        schema::SCHEMA_VERSION
                    ),
                });
            }
            if version != found {
                tx.execute("UPDATE rolematch_schema SET version = $1", &[&version])
                    .map_err(|e| self.error("recording the schema version", e))?;
            }
        } else {
            tx.batch_execute(schema::CREATE)
                .and_then(|()| tx.batch_execute(schema::OPENINGS_TABLE))
                .map_err(|e| self.error("creating the rolematch tables", e))?;
            tx.execute(
                "INSERT INTO rolematch_schema (version) VALUES ($1)",
                &[&schema::SCHEMA_VERSION],
            )
            .map_err(|e| self.error("recording the schema version", e))?;
        }
        tx.commit()
            .map_err(|e| self.error("committing the schema", e))
    }

    /// Creates the pgvector extension when it is missing; a server that does not have it
    /// gets [`PoolError::NoPgvector`].
    fn ensure_pgvector(&self, tx: &mut postgres::Transaction<'_>) -> Result<(), PoolError> {
        let installed = tx
            .query_opt("SELECT 1 FROM pg_extension WHERE extname = 'vector'", &[])
            .map_err(|e| self.error("looking for pgvector", e))?
            .is_some();
        if installed {
            return Ok(());
        }
        let available = tx
            .query_opt(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'vector'",
                &[],
            )
            .map_err(|e| self.error("looking for pgvector", e))?
            .is_some();
        if !available {
            return Err(PoolError::NoPgvector {
                server: self.server.clone(),
                reason: "it is not among the server's available extensions".into(),
            });
        }
        tx.batch_execute("CREATE EXTENSION IF NOT EXISTS vector")
            .map_err(|e| PoolError::NoPgvector {
                server: self.server.clone(),
                reason: format!(
                    "CREATE EXTENSION vector failed: {}",
                    e.as_db_error()
                        .map_or(e.to_string(), |d| d.message().into())
                ),
            })
    }

    /// Names of the pools in the database, sorted.
    pub fn names(&self) -> Result<Vec<String>, PoolError> {
        self.with_client(|client| {
            let rows = client
                .query("SELECT name FROM rolematch_pools ORDER BY name", &[])
                .map_err(|e| self.error("listing pools", e))?;
            Ok(rows.iter().map(|r| r.get(0)).collect())
        })
    }

    /// The pool `name`, if it exists.
    pub fn pool(&self, name: &str) -> Result<Option<PgPool>, PoolError> {
        self.with_client(|client| self.pool_row(client, name, false))
    }

    /// The pool `name`, or [`PoolError::NoPool`].
    pub fn require(&self, name: &str) -> Result<PgPool, PoolError> {
        self.pool(name)?.ok_or_else(|| self.no_pool(name))
    }

    pub(crate) fn no_pool(&self, name: &str) -> PoolError {
        PoolError::NoPool {
            name: name.to_string(),
            dir: PathBuf::from(format!("PostgreSQL {}", self.server)),
        }
    }

    /// Reads a pool's row; `for_update` locks it until the transaction ends, which keeps
    /// two writers of the same pool in line.
    fn pool_row(
        &self,
        client: &mut impl GenericClient,
        name: &str,
        for_update: bool,
    ) -> Result<Option<PgPool>, PoolError> {
        let sql = format!(
            "SELECT pool_id, model, dimensions, catalog_version, blind, generation, search, \
             (SELECT count(*) FROM rolematch_candidates c WHERE c.pool_id = p.pool_id), \
             pseudonym_key \
             FROM rolematch_pools p WHERE name = $1{}",
            if for_update { " FOR UPDATE" } else { "" }
        );
        let row = client
            .query_opt(&sql, &[&name])
            .map_err(|e| self.error("reading the pool", e))?;
        let Some(row) = row else {
            return Ok(None);
        };
        // A key that cannot be read must not quietly turn the pool's pseudonyms off.
        let pseudonyms = match row.get::<_, Option<&str>>(8) {
            None => None,
            Some(hex) => Some(PseudonymKey::from_hex(hex).ok_or_else(|| {
                PoolError::Inconsistent {
                    server: self.server.clone(),
                    pool: name.to_string(),
                    reason:
                        "the pool's pseudonym key is not 64 hex digits; it was edited or damaged"
                            .into(),
                }
            })?),
        };
        Ok(Some({
            let dimensions: i32 = row.get(2);
            let generation: i64 = row.get(5);
            let search: &str = row.get(6);
            let candidates: i64 = row.get(7);
            PgPool {
                pool_id: row.get(0),
                name: name.to_string(),
                meta: PoolMeta {
                    model: row.get(1),
                    dimensions: dimensions.max(0) as usize,
                    catalog_version: row.get(3),
                    blind: row.get(4),
                    pseudonyms,
                },
                generation: generation.max(0) as u64,
                search: if search == "hnsw" {
                    SearchMode::Hnsw
                } else {
                    SearchMode::Exact
                },
                candidates: candidates.max(0) as usize,
            }
        }))
    }

    /// The candidates of pool `name` to score fully for `query`: its nearest
    /// `max(wanted, 500)` by exact cosine (every one in a small pool), or by its HNSW index
    /// in a large one. Equal similarities are ordered by id, as on disk.
    pub fn nearest(
        &self,
        name: &str,
        query: &[f32],
        wanted: usize,
    ) -> Result<(PgPool, PoolData), PoolError> {
        self.with_client(|client| {
            let mut tx = self.snapshot(client)?;
            let pool = self
                .pool_row(&mut tx, name, false)?
                .ok_or_else(|| self.no_pool(name))?;
            let n = candidates_to_score(wanted);
            let ids: Option<Vec<String>> = if n >= pool.candidates {
                None
            } else {
                Some(self.nearest_ids(&mut tx, &pool, query, n)?)
            };
            let data = self.read_candidates(&mut tx, &pool, ids.as_deref())?;
            tx.commit().map_err(|e| self.error("ending a read", e))?;
            Ok((pool, data))
        })
    }

    /// A read-only transaction that sees one snapshot, so a pool's rows, candidates and
    /// passages are read as one commit left them even while writers go on.
    fn snapshot<'c>(&self, client: &'c mut Client) -> Result<Transaction<'c>, PoolError> {
        client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(|e| self.error("starting a read", e))
    }

    /// Ids of the `n` candidates nearest to `query`.
    fn nearest_ids(
        &self,
        tx: &mut Transaction<'_>,
        pool: &PgPool,
        query: &[f32],
        n: usize,
    ) -> Result<Vec<String>, PoolError> {
        let vector = Vector::from(query.to_vec());
        let limit = n as i64;
        let rows = match pool.search {
            SearchMode::Exact => tx
                .query(
                    "SELECT id FROM rolematch_candidates WHERE pool_id = $1 \
                     ORDER BY embedding <=> $2, id LIMIT $3",
                    &[&pool.pool_id, &vector, &limit],
                )
                .map_err(|e| self.error("searching the pool exactly", e))?,
            SearchMode::Hnsw => {
                // The planner may think a scan cheaper than the index for a mid-sized pool;
                // an HNSW pool is searched through its index.
                tx.batch_execute(&format!(
                    "SET LOCAL hnsw.ef_search = {}; SET LOCAL enable_seqscan = off",
                    n.clamp(40, MAX_EF_SEARCH)
                ))
                .map_err(|e| self.error("setting hnsw.ef_search", e))?;
                tx.query(
                    &schema::hnsw_nearest(pool.pool_id, pool.meta.dimensions),
                    &[&vector, &limit],
                )
                .map_err(|e| self.error("searching the pool's HNSW index", e))?
            }
        };
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// The whole pool `name`.
    pub(crate) fn load_all(&self, name: &str) -> Result<(PgPool, PoolData), PoolError> {
        self.with_client(|client| {
            let mut tx = self.snapshot(client)?;
            let pool = self
                .pool_row(&mut tx, name, false)?
                .ok_or_else(|| self.no_pool(name))?;
            let data = self.read_candidates(&mut tx, &pool, None)?;
            tx.commit().map_err(|e| self.error("ending a read", e))?;
            Ok((pool, data))
        })
    }

    /// The candidates `ids` of pool `name` (those it holds).
    pub(crate) fn read_some(&self, name: &str, ids: &[String]) -> Result<PoolData, PoolError> {
        self.with_client(|client| {
            let mut tx = self.snapshot(client)?;
            let pool = self
                .pool_row(&mut tx, name, false)?
                .ok_or_else(|| self.no_pool(name))?;
            let data = self.read_candidates(&mut tx, &pool, Some(ids))?;
            tx.commit().map_err(|e| self.error("ending a read", e))?;
            Ok(data)
        })
    }

    /// Reads candidates (all of them, or those of `ids`) with their passages, ordered by id.
    /// Each case has its own statement, so reading a few candidates goes through the primary
    /// keys instead of scanning the tables.
    fn read_candidates(
        &self,
        client: &mut Transaction<'_>,
        pool: &PgPool,
        ids: Option<&[String]>,
    ) -> Result<PoolData, PoolError> {
        const CANDIDATES: &str = "SELECT id, file, content_hash, text, embedding, findings, \
                                  added_at FROM rolematch_candidates WHERE pool_id = $1";
        const PASSAGES: &str = "SELECT candidate_id, start_byte, end_byte, embedding \
                                FROM rolematch_passages WHERE pool_id = $1";
        let (candidates, passages) = match ids {
            Some(ids) => (
                client.query(
                    &format!("{CANDIDATES} AND id = ANY($2) ORDER BY id"),
                    &[&pool.pool_id, &ids],
                ),
                client.query(
                    &format!(
                        "{PASSAGES} AND candidate_id = ANY($2) ORDER BY candidate_id, ordinal"
                    ),
                    &[&pool.pool_id, &ids],
                ),
            ),
            None => (
                client.query(&format!("{CANDIDATES} ORDER BY id"), &[&pool.pool_id]),
                client.query(
                    &format!("{PASSAGES} ORDER BY candidate_id, ordinal"),
                    &[&pool.pool_id],
                ),
            ),
        };
        let candidates = candidates.map_err(|e| self.error("reading candidates", e))?;
        let passages = passages.map_err(|e| self.error("reading passages", e))?;
        let mut by_candidate: HashMap<String, Vec<Passage>> = HashMap::new();
        for row in &passages {
            let start: i32 = row.get(1);
            let end: i32 = row.get(2);
            let vector: Vector = row.get(3);
            by_candidate
                .entry(row.get(0))
                .or_default()
                .push((start.max(0) as usize..end.max(0) as usize, vector.to_vec()));
        }
        let mut data = PoolData::empty_with(&pool.meta);
        for row in &candidates {
            let id: String = row.get(0);
            let file: String = row.get(1);
            let vector: Vector = row.get(4);
            let findings: &str = row.get(5);
            let passages = by_candidate.remove(&id).unwrap_or_default();
            let candidate = Candidate {
                id,
                file: PathBuf::from(file),
                content_hash: row.get(2),
                text: row.get(3),
                passages: passages.iter().map(|(r, _)| r.clone()).collect(),
                findings: read_findings(findings),
                added_at: row.get(6),
            };
            let passage_vectors = passages.into_iter().map(|(_, v)| v).collect();
            data.push(candidate, vector.to_vec(), passage_vectors);
        }
        Ok(data)
    }

    /// The candidates of pool `name`, by id, for `pool list`.
    pub fn list(&self, name: &str) -> Result<Vec<CandidateSummary>, PoolError> {
        self.with_client(|client| {
            let pool = self
                .pool_row(client, name, false)?
                .ok_or_else(|| self.no_pool(name))?;
            let rows = client
                .query(
                    "SELECT c.id, c.file, c.content_hash, \
                     (SELECT count(*) FROM rolematch_passages p \
                      WHERE p.pool_id = c.pool_id AND p.candidate_id = c.id) \
                     FROM rolematch_candidates c WHERE c.pool_id = $1 ORDER BY c.id",
                    &[&pool.pool_id],
                )
                .map_err(|e| self.error("listing candidates", e))?;
            Ok(rows
                .iter()
                .map(|r| {
                    let passages: i64 = r.get(3);
                    CandidateSummary {
                        id: r.get(0),
                        file: r.get(1),
                        content_hash: r.get(2),
                        passages: passages.max(0) as usize,
                    }
                })
                .collect())
        })
    }

    /// Counts and sizes for `pool stats`; `bytes_on_disk` is the size of the pool's rows.
    pub fn stats(&self, name: &str) -> Result<PoolStats, PoolError> {
        self.with_client(|client| {
            let pool = self
                .pool_row(client, name, false)?
                .ok_or_else(|| self.no_pool(name))?;
            let row = client
                .query_one(
                    "SELECT \
                     (SELECT count(*) FROM rolematch_passages WHERE pool_id = $1), \
                     (SELECT coalesce(sum(pg_column_size(c.*)), 0)::bigint \
                      FROM rolematch_candidates c WHERE pool_id = $1) + \
                     (SELECT coalesce(sum(pg_column_size(p.*)), 0)::bigint \
                      FROM rolematch_passages p WHERE pool_id = $1)",
                    &[&pool.pool_id],
                )
                .map_err(|e| self.error("counting the pool", e))?;
            let passages: i64 = row.get(0);
            let bytes: i64 = row.get(1);
            Ok(PoolStats {
                name: pool.name.clone(),
                generation: pool.generation,
                candidates: pool.candidates,
                passages: passages.max(0) as usize,
                dimensions: pool.meta.dimensions,
                model: pool.meta.model.clone(),
                catalog_version: pool.meta.catalog_version.clone(),
                search: pool.search,
                blind: pool.meta.blind,
                bytes_on_disk: bytes.max(0) as u64,
            })
        })
    }

    /// Reads the whole pool and checks that it adds up: every vector of the pool's length,
    /// every text matching its hash, every passage inside its text, ordinals without gaps.
    pub fn verify(&self, name: &str) -> Result<PoolStats, PoolError> {
        let (pool, data) = self.load_all(name)?;
        let bad = |reason: String| PoolError::Inconsistent {
            server: self.server.clone(),
            pool: name.to_string(),
            reason,
        };
        let dimensions = pool.meta.dimensions;
        for (i, candidate) in data.candidates().enumerate() {
            if data.vector(i).len() != dimensions {
                return Err(bad(format!(
                    "candidate '{}' has a vector of {} dimensions, not {dimensions}",
                    candidate.id,
                    data.vector(i).len()
                )));
            }
            if content_hash(&candidate.text) != candidate.content_hash {
                return Err(bad(format!(
                    "candidate '{}': the text does not match its hash",
                    candidate.id
                )));
            }
            for passage in data.passages_of(i) {
                let range = passage.byte_range;
                if candidate.text.get(range.clone()).is_none() || passage.vector.len() != dimensions
                {
                    return Err(bad(format!(
                        "candidate '{}': passage {range:?} is outside its text or of the wrong length",
                        candidate.id
                    )));
                }
            }
        }
        self.with_client(|client| {
            let gaps: i64 = client
                .query_one(
                    "SELECT count(*) FROM (SELECT candidate_id FROM rolematch_passages \
                     WHERE pool_id = $1 GROUP BY candidate_id \
                     HAVING max(ordinal) <> count(*) - 1 OR min(ordinal) <> 0) g",
                    &[&pool.pool_id],
                )
                .map_err(|e| self.error("checking passages", e))?
                .get(0);
            if gaps > 0 {
                return Err(bad(format!(
                    "{gaps} candidates have gaps in their passages"
                )));
            }
            Ok(())
        })?;
        self.stats(name)
    }

    /// Opens pool `name` for writing; a pool that does not exist is created with `fresh` at
    /// the first commit. A commit waits up to `wait` for another writer of the same pool.
    /// Pools of `exact_below` candidates or more get an HNSW index; `None` keeps the pool's
    /// search mode as it is (a removal).
    pub fn writer<'a>(
        &'a self,
        name: &str,
        fresh: &PoolMeta,
        exact_below: Option<usize>,
        wait: Duration,
    ) -> Result<PgWriter<'a>, PoolError> {
        PgWriter::open(self, name, fresh, exact_below, wait)
    }
}

impl PgStore {
    /// The openings and decisions of pool `name` (an empty book when it has none yet).
    pub(crate) fn read_openings(&self, name: &str) -> Result<OpeningsBook, PoolError> {
        self.with_client(|client| {
            let pool = self
                .pool_row(client, name, false)?
                .ok_or_else(|| self.no_pool(name))?;
            let row = client
                .query_opt(
                    "SELECT book FROM rolematch_openings WHERE pool_id = $1",
                    &[&pool.pool_id],
                )
                .map_err(|e| self.error("reading openings", e))?;
            self.book(name, row.map(|r| r.get::<_, String>(0)))
        })
    }

    /// Changes the openings and decisions of pool `name` in one transaction, holding the
    /// pool's row (waiting up to `wait` for another writer).
    pub(crate) fn write_openings(
        &self,
        name: &str,
        wait: Duration,
        change: &mut dyn FnMut(&mut OpeningsBook) -> Result<(), PoolError>,
    ) -> Result<OpeningsBook, PoolError> {
        let mut client = self.connect()?;
        client
            .batch_execute(&format!("SET lock_timeout = {}", wait.as_millis().max(1)))
            .map_err(|e| self.error("setting the lock timeout", e))?;
        let mut tx = client
            .transaction()
            .map_err(|e| self.error("starting a transaction", e))?;
        // Waiting for another writer past `wait` is "locked" (409), as for a pool's writer,
        // not the store being busy.
        let locked = |error: PoolError| match error {
            PoolError::Database { ref source, .. }
                if source.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) =>
            {
                PoolError::Locked {
                    path: PathBuf::from(format!("PostgreSQL {}, pool {name}", self.server)),
                    holder: "another writer's transaction".into(),
                }
            }
            other => other,
        };
        let pool = self
            .pool_row(&mut tx, name, true)
            .map_err(locked)?
            .ok_or_else(|| self.no_pool(name))?;
        let row = tx
            .query_opt(
                "SELECT book FROM rolematch_openings WHERE pool_id = $1",
                &[&pool.pool_id],
            )
            .map_err(|e| self.error("reading openings", e))?;
        let mut book = self.book(name, row.map(|r| r.get::<_, String>(0)))?;
        change(&mut book)?;
        let json = serde_json::to_string(&book).map_err(|e| PoolError::BadOpenings {
            path: format!("PostgreSQL {} pool '{name}'", self.server),
            reason: e.to_string(),
        })?;
        tx.execute(
            "INSERT INTO rolematch_openings (pool_id, book) VALUES ($1, $2) \
             ON CONFLICT (pool_id) DO UPDATE SET book = EXCLUDED.book",
            &[&pool.pool_id, &json],
        )
        .map_err(|e| self.error("writing openings", e))?;
        tx.commit()
            .map_err(|e| self.error("committing openings", e))?;
        Ok(book)
    }

    /// A pool's book from its stored JSON.
    fn book(&self, name: &str, json: Option<String>) -> Result<OpeningsBook, PoolError> {
        match json {
            None => Ok(OpeningsBook::default()),
            Some(json) => serde_json::from_str(&json).map_err(|e| PoolError::BadOpenings {
                path: format!("PostgreSQL {} pool '{name}'", self.server),
                reason: e.to_string(),
            }),
        }
    }
}

/// A candidate's stored findings: none ('') in rows written before findings were kept, and
/// findings not made (to be made again from the text) when they cannot be read.
fn read_findings(json: &str) -> Findings {
    if json.is_empty() {
        return Findings::default();
    }
    serde_json::from_str(json).unwrap_or_else(|e| {
        tracing::warn!("a candidate's stored findings could not be read ({e}); they are made again from its text");
        Findings::default()
    })
}

/// `user@host:port/database`, without the password.
fn server_label(config: &Config) -> String {
    let host = config
        .get_hosts()
        .first()
        .map(|h| match h {
            postgres::config::Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .unwrap_or_else(|| "localhost".into());
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!(
        "{}@{host}:{port}/{}",
        config.get_user().unwrap_or("?"),
        config.get_dbname().unwrap_or("?")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_and_the_password_never_shown() {
        let store = PgStore::new("postgres://alice:s3cret@db.example:6543/pools").unwrap();
        assert_eq!(store.server(), "alice@db.example:6543/pools");
        assert!(matches!(
            PgStore::new("mysql://x@y/z"),
            Err(PoolError::BadStoreUrl { .. })
        ));
        let err = PgStore::new("postgres://a@b:notaport/c").err().unwrap();
        assert!(matches!(err, PoolError::BadStoreUrl { .. }), "{err}");
        assert!(!err.to_string().contains("s3cret"));
    }

    #[test]
    fn the_hnsw_query_matches_the_index_it_needs() {
        let index = schema::create_hnsw_index(7, 384);
        let query = schema::hnsw_nearest(7, 384);
        assert!(index.contains("(embedding::vector(384))") && index.contains("pool_id = 7"));
        assert!(query.contains("embedding::vector(384) <=>") && query.contains("pool_id = 7"));
    }
}
