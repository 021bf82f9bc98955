//! The tables rolematch keeps in PostgreSQL, created on first use.
//!
//! One row per pool (what it was made with, its generation and search mode), one per
//! candidate (text, hash, findings as JSON, document vector) and one per passage (byte range,
//! vector).
//! Vectors are pgvector `vector` columns without a fixed length, so pools of different models
//! can share a database; the HNSW index of a large pool is a partial index on its rows with the
//! length cast in, as pgvector documents for mixed lengths.

/// Bumped when the tables change. A database of an older version is brought up to date by
/// [`UPGRADES`] (in the same transaction); one of a newer version is refused, not altered.
pub(crate) const SCHEMA_VERSION: i32 = 5;

/// The statements that take the tables from version `n` to `n + 1`.
pub(crate) const UPGRADES: &[(i32, &str)] = &[
    (
        1,
        "ALTER TABLE rolematch_pools ADD COLUMN IF NOT EXISTS pseudonym_key text",
    ),
    // Version 2 kept each candidate's skill ids, which nothing read; version 3 keeps its
    // findings (skills with their lines, lists, dated positions), which ranking reads.
    // Rows from before have none ('') and are analysed again when ranked.
    (
        2,
        "ALTER TABLE rolematch_candidates ADD COLUMN IF NOT EXISTS findings text NOT NULL \
         DEFAULT ''; ALTER TABLE rolematch_candidates DROP COLUMN IF EXISTS skills",
    ),
    // Version 4 keeps each pool's openings and reviewers' decisions.
    (3, OPENINGS_TABLE),
    // Version 5 keeps when each candidate was added, for retention; rows from before have
    // none and are not purged by date.
    (
        4,
        "ALTER TABLE rolematch_candidates ADD COLUMN IF NOT EXISTS added_at text",
    ),
];

/// One row per pool that has openings: its openings, their runs and the decisions, as JSON
/// (see [`crate::pool::openings::OpeningsBook`]); gone with the pool.
pub(crate) const OPENINGS_TABLE: &str = "
CREATE TABLE IF NOT EXISTS rolematch_openings (
    pool_id bigint PRIMARY KEY REFERENCES rolematch_pools ON DELETE CASCADE,
    book text NOT NULL
)";

/// Any constant: the advisory lock that keeps two first connections from creating the tables
/// at the same time.
pub(crate) const SCHEMA_LOCK: i64 = 0x726f_6c65_6d61_7463;

pub const CREATE: &str = "
CREATE TABLE rolematch_schema (
    version integer NOT NULL
);
CREATE TABLE rolematch_pools (
    pool_id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    model text NOT NULL,
    dimensions integer NOT NULL CHECK (dimensions > 0),
    catalog_version text NOT NULL,
    blind boolean NOT NULL,
    pseudonym_key text,
    search text NOT NULL DEFAULT 'exact' CHECK (search IN ('exact', 'hnsw')),
    generation bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE rolematch_candidates (
    pool_id bigint NOT NULL REFERENCES rolematch_pools ON DELETE CASCADE,
    id text NOT NULL,
    file text NOT NULL,
    content_hash text NOT NULL,
    text text NOT NULL,
    findings text NOT NULL DEFAULT '',
    embedding vector NOT NULL,
    added_at text,
    PRIMARY KEY (pool_id, id)
);
CREATE TABLE rolematch_passages (
    pool_id bigint NOT NULL,
    candidate_id text NOT NULL,
    ordinal integer NOT NULL,
    start_byte integer NOT NULL,
    end_byte integer NOT NULL,
    embedding vector NOT NULL,
    PRIMARY KEY (pool_id, candidate_id, ordinal),
    FOREIGN KEY (pool_id, candidate_id)
        REFERENCES rolematch_candidates (pool_id, id) ON DELETE CASCADE
);
";

/// The name of pool `pool_id`'s HNSW index.
pub(crate) fn hnsw_index_name(pool_id: i64) -> String {
    format!("rolematch_candidates_hnsw_{pool_id}")
}

/// Creates pool `pool_id`'s HNSW index: cosine distance over its rows only, with the same
/// graph settings as the on-disk pools (M 16, ef_construction 200). Both numbers are ours
/// (integers), never user text.
pub(crate) fn create_hnsw_index(pool_id: i64, dimensions: usize) -> String {
    format!(
        "CREATE INDEX IF NOT EXISTS {} ON rolematch_candidates USING hnsw \
         ((embedding::vector({dimensions})) vector_cosine_ops) \
         WITH (m = 16, ef_construction = 200) WHERE pool_id = {pool_id}",
        hnsw_index_name(pool_id)
    )
}

/// The query that uses pool `pool_id`'s HNSW index: the expression and the predicate must be
/// written as the index was, with the numbers in the text.
pub(crate) fn hnsw_nearest(pool_id: i64, dimensions: usize) -> String {
    format!(
        "SELECT id FROM rolematch_candidates WHERE pool_id = {pool_id} \
         ORDER BY embedding::vector({dimensions}) <=> $1::vector({dimensions}) LIMIT $2"
    )
}
