//! Pools in a real PostgreSQL with pgvector: the same pool ranks alike from disk and from the
//! database, removals leave no row with the text, a killed writer leaves the pool whole, two
//! writers share a pool, a stale model is refused, and a bad URL or a server without pgvector
//! gets a clear error.
//!
//! `.ci/run` starts two throwaway servers (`scripts/postgres_throwaway.sh`) and passes their
//! URLs in `ROLEMATCH_TEST_POSTGRES` (with pgvector) and `ROLEMATCH_TEST_POSTGRES_BARE`
//! (without pgvector, with TLS; its CA certificate in `ROLEMATCH_TEST_POSTGRES_BARE_CA`). A developer's `cargo test` without them says so and checks nothing here; under
//! CI a missing server fails the test.

use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use crate::common::{fixture, model_files, rolematch, stderr, stdout};
use crate::pools::resume_folder;

/// The URL of the test server with pgvector, or `None` (and a note) where there is none.
pub(crate) fn server(variable: &str) -> Option<String> {
    match std::env::var(variable) {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var_os("CI").is_some() => {
            panic!("{variable} is not set: .ci/run starts the PostgreSQL test servers")
        }
        _ => {
            eprintln!("{variable} is not set: PostgreSQL tests not run (see CONTRIBUTING.md)");
            None
        }
    }
}

/// A pool name no other test (or earlier run) uses.
pub(crate) fn unique_pool(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{prefix}-{}-{nanos}", std::process::id())
}

fn with_store(url: &str) -> Command {
    let mut cmd = rolematch();
    cmd.env("ROLEMATCH_STORE", url).env_remove("PGSSLROOTCERT");
    cmd
}

fn ok(out: Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

/// `rolematch pool ARGS` on the store at `url`, which must succeed; its stdout.
fn index_ok(url: &str, args: &[&str]) -> String {
    ok(with_store(url).arg("pool").args(args).output().unwrap())
}

/// `rolematch pool build DIR --pool POOL [extra]` on the store at `url`; its stdout.
fn build(url: &str, dir: &std::path::Path, pool: &str, extra: &[&str]) -> String {
    ok(with_store(url)
        .args(["pool", "build"])
        .arg(dir)
        .args(["--pool", pool])
        .args(extra)
        .output()
        .unwrap())
}

/// `rolematch pool build DIR --pool POOL --commit-every N` started in the background, its
/// stderr piped (the commits are logged there).
fn spawn_build(url: &str, dir: &std::path::Path, pool: &str, commit_every: usize) -> Child {
    with_store(url)
        .args(["pool", "build"])
        .arg(dir)
        .args(["--pool", pool, "--commit-every", &commit_every.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// A child's stderr, read on a thread that keeps reading to the end, so the child never
/// writes into a closed pipe.
struct StderrLines {
    seen: Vec<String>,
    rest: std::sync::mpsc::Receiver<String>,
}

impl StderrLines {
    fn of(child: &mut Child) -> Self {
        let pipe = child.stderr.take().unwrap();
        let (tx, rest) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        StderrLines {
            seen: Vec::new(),
            rest,
        }
    }

    /// Waits (up to two minutes) for a "committed generation" line; false at the end of the
    /// output without one.
    fn wait_for_commit(&mut self) -> bool {
        while let Ok(line) = self.rest.recv_timeout(Duration::from_secs(120)) {
            let committed = line.contains("committed generation");
            self.seen.push(line);
            if committed {
                return true;
            }
        }
        false
    }

    /// Every line, once the child has exited.
    fn all(mut self) -> String {
        self.seen.extend(self.rest.iter());
        self.seen.join("\n")
    }
}

/// Verifies the pool (which must pass) and returns its number of candidates.
fn verified_count(url: &str, pool: &str) -> usize {
    let verified = index_ok(url, &["verify", "--pool", pool]);
    assert!(verified.starts_with("ok  pool"), "{verified}");
    verified
        .split(": ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{verified}"))
}

fn sql(url: &str) -> postgres::Client {
    postgres::Client::connect(url, postgres::NoTls).unwrap()
}

/// The ranking's candidates (ids, scores, explanations) as JSON, for comparing; `extra`
/// follows the other arguments.
fn ranking(
    mut cmd: Command,
    pool: &str,
    opening: &[&str],
    extra: &[&std::ffi::OsStr],
) -> Vec<serde_json::Value> {
    let out = cmd
        .arg("rank")
        .args(opening)
        .args(["--pool", pool, "-k", "16", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let run: serde_json::Value = serde_json::from_str(&ok(out)).unwrap();
    run["candidates"].as_array().unwrap().clone()
}

#[test]
fn a_pool_ranks_identically_from_disk_and_from_postgres() {
    let Some(url) = server("ROLEMATCH_TEST_POSTGRES") else {
        return;
    };
    model_files();
    let resumes = fixture("resumes");
    let index = tempfile::tempdir().unwrap();
    let pool = unique_pool("same");
    ok(rolematch()
        .args(["pool", "build"])
        .arg(&resumes)
        .args(["--pool", &pool, "--index-dir"])
        .arg(index.path())
        .output()
        .unwrap());
    build(&url, &resumes, &pool, &[]);
    let job = tempfile::tempdir().unwrap();
    let posting = job.path().join("platform.md");
    std::fs::write(
        &posting,
        "# AI Platform Engineer\nBuild the shared platform our model teams ship on: Kubernetes, \
         Ray, a feature store, GPU scheduling, model registry and CI/CD for models.\n\
         We offer a pension plan and hybrid work. We are an equal opportunity employer.\n",
    )
    .unwrap();
    let posting = posting.to_str().unwrap();
    for opening in [
        vec!["--role", "llm-engineer"],
        vec!["--role", "ml-engineer"],
        vec!["--role", "ai-product-manager"],
        vec!["--job", posting],
    ] {
        let on_disk = ["--index-dir".as_ref(), index.path().as_os_str()];
        let from_disk = ranking(rolematch(), &pool, &opening, &on_disk);
        let from_postgres = ranking(with_store(&url), &pool, &opening, &[]);
        assert_eq!(from_disk.len(), 16, "{opening:?}");
        assert_eq!(from_disk, from_postgres, "{opening:?}");
    }
    // The pool's stats agree too, and the database verifies.
    let stats: serde_json::Value = serde_json::from_str(&index_ok(
        &url,
        &["stats", "--format", "json", "--pool", &pool],
    ))
    .unwrap();
    assert_eq!(stats["candidates"], 16);
    assert_eq!(stats["search"], "exact");
    assert_eq!(verified_count(&url, &pool), 16);
    // A second build reads nothing new and writes nothing.
    let again = build(&url, &resumes, &pool, &[]);
    assert!(again.contains("16 unchanged"), "{again}");
}

#[test]
fn remove_and_forget_leave_no_row_with_the_text() {
    let Some(url) = server("ROLEMATCH_TEST_POSTGRES") else {
        return;
    };
    model_files();
    let dir = tempfile::tempdir().unwrap();
    let pool = unique_pool("forget");
    // Unique to this run, so rows of earlier runs in the same database never count.
    let phrase = |i: usize| format!("Zebulon Quartermaine-{i} ({pool}) ran the vLLM serving fleet");
    for i in 0..3 {
        std::fs::write(
            dir.path().join(format!("r{i}.md")),
            format!("# Engineer {i}\n{}; Python, Kubernetes, RAG.\n", phrase(i)),
        )
        .unwrap();
    }
    build(&url, dir.path(), &pool, &[]);
    let mut db = sql(&url);
    let rows_with = |db: &mut postgres::Client, needle: &str| -> i64 {
        db.query_one(
            "SELECT count(*) FROM rolematch_candidates WHERE text LIKE '%' || $1 || '%'",
            &[&needle],
        )
        .unwrap()
        .get(0)
    };
    assert_eq!(rows_with(&mut db, &phrase(0)), 1);
    let removed = index_ok(&url, &["remove", "r0.md", "--pool", &pool]);
    assert!(removed.contains("2 candidates left"), "{removed}");
    let forgot = ok(with_store(&url)
        .args(["forget", "r1.md", "--pool", &pool])
        .output()
        .unwrap());
    assert!(forgot.contains("1 candidates left"), "{forgot}");
    for i in 0..2 {
        assert_eq!(rows_with(&mut db, &phrase(i)), 0, "candidate {i}'s text");
        let passages: i64 = db
            .query_one(
                "SELECT count(*) FROM rolematch_passages p JOIN rolematch_pools o USING (pool_id) \
                 WHERE o.name = $1 AND p.candidate_id = $2",
                &[&pool, &format!("r{i}.md")],
            )
            .unwrap()
            .get(0);
        assert_eq!(passages, 0, "candidate {i}'s passages");
    }
    assert_eq!(rows_with(&mut db, &phrase(2)), 1);
    // An unknown id is named and changes nothing.
    let unknown = with_store(&url)
        .args(["pool", "remove", "nobody.md", "--pool", &pool])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1), "{}", stderr(&unknown));
    assert!(stderr(&unknown).contains("no candidate 'nobody.md'"));
}

#[test]
fn a_killed_writer_leaves_the_pool_whole_and_two_writers_share_it() {
    let Some(url) = server("ROLEMATCH_TEST_POSTGRES") else {
        return;
    };
    model_files();
    let resumes = resume_folder(30);
    let pool = unique_pool("crash");
    // Each round waits for a commit of the build, then kills it a little later: between
    // transactions, or inside one.
    for (round, delay_ms) in [(0, 0u64), (1, 30), (2, 120)] {
        let mut child = spawn_build(&url, resumes.path(), &pool, 2);
        let mut log = StderrLines::of(&mut child);
        let committed = log.wait_for_commit();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        assert!(
            committed,
            "round {round}: the build never committed: {}",
            log.all()
        );
        let count = verified_count(&url, &pool);
        // Commits come every 2 candidates: a half-written batch would show as an odd count.
        assert_eq!(count % 2, 0, "round {round}: {count} candidates");
    }
    // Two writers at once, each with its own files, then the rest: nothing is lost.
    let extra = tempfile::tempdir().unwrap();
    for i in 0..6 {
        std::fs::write(
            extra.path().join(format!("extra-{i}.md")),
            format!("# Research engineer {i}\nFSDP, DeepSpeed, CUDA kernels; NeurIPS paper {i}.\n"),
        )
        .unwrap();
    }
    let first = spawn_build(&url, resumes.path(), &pool, 4);
    let second = spawn_build(&url, extra.path(), &pool, 1);
    for child in [first, second] {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let listed: serde_json::Value = serde_json::from_str(&index_ok(
        &url,
        &["list", "--format", "json", "--pool", &pool],
    ))
    .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 36);
    assert_eq!(verified_count(&url, &pool), 36);
}

#[test]
fn a_connection_dropped_mid_build_fails_clearly_and_keeps_whole_batches() {
    let Some(url) = server("ROLEMATCH_TEST_POSTGRES") else {
        return;
    };
    model_files();
    let resumes = resume_folder(30);
    let pool = unique_pool("dropped");
    // Its own application name, so only this build's connection is dropped (other tests run
    // at the same time).
    let name = format!("rolematch-{pool}");
    let build_url = format!("{url}?application_name={name}");
    let mut child = spawn_build(&build_url, resumes.path(), &pool, 2);
    let mut log = StderrLines::of(&mut child);
    assert!(log.wait_for_commit(), "the build never committed");
    // The server drops the writer's connection, as a failover or a network cut would.
    let dropped: i64 = sql(&url)
        .query_one(
            "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE application_name = $1) t",
            &[&name],
        )
        .unwrap()
        .get(0);
    assert!(dropped >= 1, "no rolematch connection to drop");
    let status = child.wait().unwrap();
    let text = log.all();
    if status.success() {
        panic!("the build went on without its connection: {text}");
    }
    assert_eq!(status.code(), Some(2), "{text}");
    assert!(text.contains("PostgreSQL rolematch@127.0.0.1"), "{text}");
    let count = verified_count(&url, &pool);
    assert!(count >= 2 && count.is_multiple_of(2), "{count} candidates");
    // The next build picks up where it stopped.
    let done = build(&url, resumes.path(), &pool, &[]);
    assert!(done.contains("30 candidates"), "{done}");
}

#[test]
fn a_pool_of_another_model_is_refused_as_stale() {
    let Some(url) = server("ROLEMATCH_TEST_POSTGRES") else {
        return;
    };
    model_files();
    let pool = unique_pool("stale");
    ok(with_store(&url)
        .args(["pool", "add"])
        .arg(crate::common::example("resume.md"))
        .args(["--pool", &pool])
        .output()
        .unwrap());
    sql(&url)
        .execute(
            "UPDATE rolematch_pools SET model = 'other-model@1/f32' WHERE name = $1",
            &[&pool],
        )
        .unwrap();
    for args in [
        vec!["rank", "--role", "ml-engineer", "--pool", &pool],
        // `index`, the command's old name, is still accepted.
        vec!["index", "add", "--pool", &pool],
    ] {
        let mut cmd = with_store(&url);
        cmd.args(&args);
        if args[0] == "index" {
            cmd.arg(fixture("resumes/llm-engineer.md"));
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("was built with other-model@1/f32") && err.contains("rebuild it"),
            "{err}"
        );
    }
}

#[test]
fn a_bad_url_a_server_without_pgvector_or_an_unverified_certificate_gets_a_clear_error() {
    let (Some(url), Some(bare), Some(ca)) = (
        server("ROLEMATCH_TEST_POSTGRES"),
        server("ROLEMATCH_TEST_POSTGRES_BARE"),
        server("ROLEMATCH_TEST_POSTGRES_BARE_CA"),
    ) else {
        return;
    };
    let no_pgvector = "pgvector extension ('vector') is not available";
    let require_tls = format!("{bare}?sslmode=require");
    let url_require_tls = format!("{url}?sslmode=require");
    // (URL, trust the bare server's CA, what stderr must say)
    let cases: [(&str, bool, &[&str]); 6] = [
        (
            "mysql://someone@localhost/db",
            false,
            &["--store: give a PostgreSQL URL"],
        ),
        (
            "postgres://rolematch:hunter2@127.0.0.1:1/postgres",
            false,
            &[
                "PostgreSQL rolematch@127.0.0.1:1/postgres: cannot connect",
                "check the --store URL",
            ],
        ),
        // Verified TLS (the CA trusted, TLS required) reaches the server, which lacks pgvector.
        (
            &require_tls,
            true,
            &[no_pgvector, "CREATE EXTENSION vector"],
        ),
        // The same server's certificate, not trusted: refused, and the hint says what to set.
        (&bare, false, &["invalid peer certificate", "PGSSLROOTCERT"]),
        // TLS required of a server without TLS.
        (
            &url_require_tls,
            false,
            &["server does not support TLS", "remove `sslmode=require`"],
        ),
        // TLS turned off: a plain connection, and again the missing pgvector.
        (&format!("{bare}?sslmode=disable"), false, &[no_pgvector]),
    ];
    for (store, trust, expected) in cases {
        let mut cmd = with_store(store);
        if trust {
            cmd.env("PGSSLROOTCERT", &ca);
        }
        let out = cmd.args(["pool", "list"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{store}: {}", stderr(&out));
        let err = stderr(&out);
        for text in expected {
            assert!(err.contains(text), "{store}: {err}");
        }
        assert!(
            !err.contains("hunter2"),
            "the password is never shown: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn the_server_keeps_its_pools_in_postgres_and_ranks_like_the_cli() {
    let Some(url) = server("ROLEMATCH_TEST_POSTGRES") else {
        return;
    };
    use crate::http::{json, Multipart, Server};
    let pool = unique_pool("served");
    let server = Server::spawn(with_store(&url), tempfile::tempdir().unwrap(), &[]);
    server.wait_ready();
    let mut form = Multipart::default();
    for name in [
        "llmops-engineer.md",
        "research-engineer.md",
        "voice-ai-engineer.md",
    ] {
        form = form.file(name, &std::fs::read(fixture("resumes").join(name)).unwrap());
    }
    let (status, body) = server.post_multipart(&format!("/api/pools/{pool}/candidates"), &form);
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["candidates"], 3);
    let (status, body) = server.get(&format!("/api/pools/{pool}"));
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["stats"]["candidates"], 3);
    let (status, body) = server.post_json(
        "/api/rank",
        &serde_json::json!({"pool": pool, "role_id": "llmops-engineer", "k": 16}),
    );
    assert_eq!(status, 200, "{body}");
    let served = json(&body)["candidates"].clone();
    assert_eq!(served[0]["candidate_id"], "llmops-engineer.md");
    let cli = ranking(with_store(&url), &pool, &["--role", "llmops-engineer"], &[]);
    assert_eq!(served.as_array().unwrap(), &cli);
    let (status, _) = server.delete(&format!(
        "/api/pools/{pool}/candidates/research-engineer.md"
    ));
    assert_eq!(status, 200);
    let left: i64 = sql(&url)
        .query_one(
            "SELECT count(*) FROM rolematch_candidates c JOIN rolematch_pools p USING (pool_id) \
             WHERE p.name = $1",
            &[&pool],
        )
        .unwrap()
        .get(0);
    assert_eq!(left, 2);
}

#[test]
fn the_database_proposes_the_exact_nearest_and_its_hnsw_index_finds_them() {
    let Some(url) = server("ROLEMATCH_TEST_POSTGRES") else {
        return;
    };
    use rolematch::pool::postgres::PgStore;
    use rolematch::pool::{PoolMeta, PoolWriter};
    use rolematch::vector::dot;

    let vectors = crate::recall::clustered(3_000, 11);
    let queries: Vec<Vec<f32>> = crate::recall::clustered(3_020, 11)[3_000..].to_vec();
    let store = PgStore::new(&url).unwrap();
    let meta = PoolMeta {
        model: "synthetic@0".into(),
        dimensions: 384,
        catalog_version: "test".into(),
        blind: false,
        pseudonyms: None,
    };
    let pool = unique_pool("ann");
    let wait = Duration::from_secs(30);
    let mut writer = store.writer(&pool, &meta, Some(usize::MAX), wait).unwrap();
    for (i, v) in vectors.iter().enumerate() {
        let text = format!("Candidate {i}: Python and Kubernetes.");
        writer.upsert(format!("c{i:04}"), one_passage("c.md", &text, v));
    }
    writer.commit().unwrap();
    // The true top 10 of each query, by brute force here.
    let truth: Vec<Vec<String>> = queries
        .iter()
        .map(|q| {
            let mut scored: Vec<(f32, usize)> = vectors
                .iter()
                .enumerate()
                .map(|(i, v)| (dot(q, v), i))
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0));
            scored[..10]
                .iter()
                .map(|(_, i)| format!("c{i:04}"))
                .collect()
        })
        .collect();
    let top_ten = |q: &[f32]| -> Vec<String> {
        let (_, data) = store.nearest(&pool, q, 10).unwrap();
        assert!(data.len() <= 500, "{} proposed", data.len());
        let mut scored: Vec<(f32, &str)> = data
            .vectors()
            .zip(data.candidates())
            .map(|(v, c)| (dot(q, v), c.id.as_str()))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        scored[..10].iter().map(|(_, id)| id.to_string()).collect()
    };
    for (q, expected) in queries.iter().zip(&truth) {
        assert_eq!(&top_ten(q), expected, "the exact path misses");
    }
    // Past the switch, the next commit builds the pool's HNSW index.
    let mut writer = store.writer(&pool, &meta, Some(1_000), wait).unwrap();
    writer.commit().unwrap();
    assert_eq!(
        store.stats(&pool).unwrap().search,
        rolematch::pool::SearchMode::Hnsw
    );
    let indexes: i64 = sql(&url)
        .query_one(
            "SELECT count(*) FROM pg_indexes WHERE indexname = \
             'rolematch_candidates_hnsw_' || (SELECT pool_id FROM rolematch_pools WHERE name = $1)",
            &[&pool],
        )
        .unwrap()
        .get(0);
    assert_eq!(indexes, 1);
    let found: usize = queries
        .iter()
        .zip(&truth)
        .map(|(q, expected)| top_ten(q).iter().filter(|id| expected.contains(id)).count())
        .sum();
    let recall = found as f64 / (10 * queries.len()) as f64;
    assert!(recall >= 0.98, "recall@10 through the HNSW index: {recall}");
    // A writer that read the pool before another added an id can still write that id: its
    // passages replace the other's, and the pool verifies.
    let mut late = store.writer(&pool, &meta, None, wait).unwrap();
    let mut early = store.writer(&pool, &meta, None, wait).unwrap();
    for writer in [&mut early, &mut late] {
        let text = "Candidate new: Python and Kubernetes.";
        writer.upsert("new".into(), one_passage("new.md", text, &vectors[0]));
        writer.commit().unwrap();
    }
    store.verify(&pool).unwrap();
    // A removal keeps the index.
    let mut writer = store.writer(&pool, &meta, None, wait).unwrap();
    assert!(writer.remove(&["c0000".to_string()]).is_empty());
    writer.commit().unwrap();
    assert_eq!(
        store.stats(&pool).unwrap().search,
        rolematch::pool::SearchMode::Hnsw
    );
}

/// A document embedded as `vector`, with its whole `text` as one passage of the same vector.
fn one_passage(file: &str, text: &str, vector: &[f32]) -> rolematch::analyze::Analysis {
    rolematch::analyze::Analysis::with_vectors(
        rolematch::read::document_from_text(file, text),
        vector.to_vec(),
        vec![rolematch::embed::WindowEmbedding {
            byte_range: 0..text.len(),
            vector: vector.to_vec(),
        }],
    )
}

/// A database of its own on the test server, for a test that locks the pools' tables: the
/// other tests share the server's database and would stall behind the lock. Dropped (its
/// connections closed) at the end.
struct PrivateDatabase {
    admin: String,
    name: String,
    url: String,
}

impl PrivateDatabase {
    fn new(url: &str, prefix: &str) -> Self {
        let name = unique_pool(prefix).replace('-', "_");
        sql(url)
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .unwrap();
        let (base, _) = url.split('?').next().unwrap().rsplit_once('/').unwrap();
        PrivateDatabase {
            admin: url.to_string(),
            url: format!("{base}/{name}"),
            name,
        }
    }
}

impl Drop for PrivateDatabase {
    fn drop(&mut self) {
        if let Ok(mut db) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = db.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// ACCESS EXCLUSIVE locks on tables, as `VACUUM FULL` takes them, held by an open
/// transaction on a connection of its own until released (or dropped).
struct TableLock {
    holder: postgres::Client,
    url: String,
}

impl TableLock {
    fn hold(url: &str, tables: &str) -> Self {
        let mut db = sql(url);
        db.batch_execute(&format!(
            "BEGIN; LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE"
        ))
        .unwrap();
        TableLock {
            holder: db,
            url: url.to_string(),
        }
    }

    /// How many sessions of this database wait for a lock (asked on a connection of its own:
    /// the holder's transaction would see one snapshot of the activity throughout).
    fn waiting(&self) -> i64 {
        sql(&self.url)
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() \
                 AND wait_event_type = 'Lock'",
                &[],
            )
            .unwrap()
            .get(0)
    }

    /// What every session of this database is doing, for a failure's message.
    fn activity(&self) -> String {
        let rows = sql(&self.url)
            .query(
                "SELECT pid, state, wait_event_type, wait_event, left(query, 80) \
                 FROM pg_stat_activity WHERE datname = current_database()",
                &[],
            )
            .unwrap();
        rows.iter()
            .map(|r| {
                let pid: i32 = r.get(0);
                let fields: Vec<Option<String>> = (1..5).map(|i| r.get(i)).collect();
                format!("{pid} {fields:?}")
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn release(mut self) {
        self.holder.batch_execute("ROLLBACK").unwrap();
    }
}

/// `work`'s result on a thread of its own, through the returned channel.
fn in_background<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> std::sync::mpsc::Receiver<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(work());
    });
    rx
}

/// `POST /api/rank` of `pool` for the llmops-engineer role on the server at `base`.
fn rank_request(base: &str, pool: &str) -> (u16, String) {
    let request = ureq::post(&format!("{base}/api/rank")).set("Content-Type", "application/json");
    let body = serde_json::json!({"pool": pool, "role_id": "llmops-engineer", "k": 16});
    crate::http::call(request, Some(body.to_string().into_bytes()))
}

/// The output of `cmd`, or `None` (the child killed) when it runs past `limit`.
fn output_within(mut cmd: Command, limit: Duration) -> Option<Output> {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(child.wait_with_output().unwrap())
}

/// A pool of three resumes in the database at `url`.
fn three_resumes(url: &str, pool: &str) {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "llmops-engineer.md",
        "research-engineer.md",
        "voice-ai-engineer.md",
    ] {
        std::fs::copy(fixture("resumes").join(name), dir.path().join(name)).unwrap();
    }
    build(url, dir.path(), pool, &[]);
}

/// What a rank answers (or a hung rank is taken for) within this long.
const NO_HANG: Duration = Duration::from_secs(60);

#[test]
fn a_read_blocked_by_maintenance_fails_soon_as_busy_and_works_after() {
    let Some(url) = server("ROLEMATCH_TEST_POSTGRES") else {
        return;
    };
    model_files();
    let db = PrivateDatabase::new(&url, "maint");
    let pool = unique_pool("maint");
    three_resumes(&db.url, &pool);
    use crate::http::{json, Server};
    let served = Server::spawn(with_store(&db.url), tempfile::tempdir().unwrap(), &[]);
    served.wait_ready();
    let (status, before) = rank_request(&served.base, &pool);
    assert_eq!(status, 200, "{before}");
    let cli_rank = || {
        let mut cmd = with_store(&db.url);
        cmd.env("ROLEMATCH_PG_LOCK_TIMEOUT", "1").args([
            "rank",
            "--role",
            "llmops-engineer",
            "--pool",
            &pool,
            "--format",
            "json",
        ]);
        cmd
    };

    // VACUUM FULL's lock on the pools' tables: the server's warm connection and the CLI's new
    // one both give up soon, with a message that says why, instead of waiting it out.
    let lock = TableLock::hold(
        &db.url,
        "rolematch_pools, rolematch_candidates, rolematch_passages",
    );
    let base = served.base.clone();
    let answer = in_background({
        let pool = pool.clone();
        move || rank_request(&base, &pool)
    })
    .recv_timeout(NO_HANG)
    .unwrap_or_else(|_| panic!("the rank hung behind the lock:\n{}", lock.activity()));
    let (status, body) = answer;
    assert_eq!(status, 503, "{body}");
    let error = &json(&body)["error"];
    assert_eq!(error["code"], "store_unavailable", "{body}");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("busy or under maintenance") && message.contains("try again"),
        "{message}"
    );
    let base = served.base.clone();
    let (status, body) =
        in_background(move || crate::http::call(ureq::get(&format!("{base}/api/pools")), None))
            .recv_timeout(NO_HANG)
            .expect("listing the pools hung behind the lock");
    assert_eq!(status, 503, "{body}");
    assert_eq!(json(&body)["error"]["code"], "store_unavailable", "{body}");
    let out = output_within(cli_rank(), NO_HANG).expect("`rank` hung behind the lock");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("busy or under maintenance") && err.contains("ROLEMATCH_PG_LOCK_TIMEOUT"),
        "{err}"
    );
    assert!(!err.contains("check the --store URL"), "{err}");

    // Maintenance over: the same rankings, from the same server.
    lock.release();
    let (status, after) = rank_request(&served.base, &pool);
    assert_eq!(status, 200, "{after}");
    assert_eq!(json(&after)["candidates"], json(&before)["candidates"]);
    let out = output_within(cli_rank(), NO_HANG).expect("`rank` hung");
    let cli: serde_json::Value = serde_json::from_str(&ok(out)).unwrap();
    assert_eq!(cli["candidates"], json(&before)["candidates"]);
}

#[test]
fn reads_go_on_side_by_side_while_one_waits_for_a_lock() {
    let Some(url) = server("ROLEMATCH_TEST_POSTGRES") else {
        return;
    };
    model_files();
    let db = PrivateDatabase::new(&url, "side");
    let pool = unique_pool("side");
    three_resumes(&db.url, &pool);
    use crate::http::{json, Server};
    // A lock timeout far longer than the test, so the blocked rank is still waiting when the
    // other read is done.
    let mut cmd = with_store(&db.url);
    cmd.env("ROLEMATCH_PG_LOCK_TIMEOUT", "300")
        .env("ROLEMATCH_PG_STATEMENT_TIMEOUT", "300");
    let served = Server::spawn(cmd, tempfile::tempdir().unwrap(), &[]);
    served.wait_ready();
    // Passages locked: a rank reads them and waits; listing the pools does not need them.
    let lock = TableLock::hold(&db.url, "rolematch_passages");
    let base = served.base.clone();
    let ranked = in_background({
        let pool = pool.clone();
        move || rank_request(&base, &pool)
    });
    let start = std::time::Instant::now();
    while lock.waiting() == 0 {
        assert!(
            start.elapsed() < NO_HANG,
            "the rank never reached the lock:\n{}",
            lock.activity()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let base = served.base.clone();
    let listed =
        in_background(move || crate::http::call(ureq::get(&format!("{base}/api/pools")), None))
            .recv_timeout(NO_HANG)
            .expect("listing the pools waited for the blocked rank");
    assert_eq!(listed.0, 200, "{}", listed.1);
    assert_eq!(json(&listed.1)["pools"], serde_json::json!([pool]));
    assert!(
        ranked.try_recv().is_err(),
        "the rank did not wait for the lock"
    );
    lock.release();
    let (status, body) = ranked
        .recv_timeout(NO_HANG)
        .expect("the rank hung after the lock was released");
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        json(&body)["candidates"][0]["candidate_id"],
        "llmops-engineer.md"
    );
}

#[test]
fn a_blind_pool_in_postgres_keeps_pseudonyms_and_old_tables_are_upgraded() {
    let Some(url) = server("ROLEMATCH_TEST_POSTGRES") else {
        return;
    };
    model_files();
    // A database made by an old schema (version 1: no pseudonym column, a skills column
    // nothing read) is brought up to date on first use, in place.
    let database = unique_pool("upgrade").replace('-', "_");
    sql(&url)
        .batch_execute(&format!("CREATE DATABASE {database}"))
        .unwrap();
    let (base, _) = url.rsplit_once('/').unwrap();
    let url = format!("{base}/{database}");
    let mut db = sql(&url);
    db.batch_execute("CREATE EXTENSION IF NOT EXISTS vector")
        .unwrap();
    db.batch_execute(SCHEMA_VERSION_1).unwrap();
    db.batch_execute("INSERT INTO rolematch_schema (version) VALUES (1)")
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    for (name, source) in [
        ("maria-garcia.md", "01-name-email-a.md"),
        ("james-oconnor.md", "01-name-email-b.md"),
    ] {
        std::fs::copy(fixture("blind_pairs").join(source), dir.path().join(name)).unwrap();
    }
    build(&url, dir.path(), "shortlist", &["--blind"]);
    let version: i32 = db
        .query_one("SELECT version FROM rolematch_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(version, 5);
    let rows = db
        .query(
            "SELECT id, file, text, findings FROM rolematch_candidates",
            &[],
        )
        .unwrap();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        let (id, file, text): (String, String, String) = (row.get(0), row.get(1), row.get(2));
        assert!(id.starts_with("candidate-") && file == id, "{id} {file}");
        assert!(!text.contains("Garcia") && !text.contains("O'Connor"));
        // Each candidate's findings are kept, made from the redacted text.
        let findings: serde_json::Value = serde_json::from_str(row.get::<_, &str>(3)).unwrap();
        assert!(findings["made_with"]
            .as_str()
            .is_some_and(|v| !v.is_empty()));
        assert!(!findings.to_string().contains("Garcia"), "{findings}");
    }
    let columns: Vec<String> = db
        .query(
            "SELECT column_name::text FROM information_schema.columns \
             WHERE table_name = 'rolematch_candidates'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(!columns.iter().any(|c| c == "skills"), "{columns:?}");
    // Rows without findings (written before they were kept) rank as they did: their
    // findings are made from the text when ranked.
    let rank = || {
        ok(with_store(&url)
            .args([
                "rank",
                "--role",
                "llm-engineer",
                "--pool",
                "shortlist",
                "--format",
                "json",
            ])
            .output()
            .unwrap())
    };
    let with_findings = rank();
    db.batch_execute("UPDATE rolematch_candidates SET findings = ''")
        .unwrap();
    assert_eq!(rank(), with_findings);
    // The same file, added again, is the same candidate; reveal and forget work by file.
    let again = build(&url, dir.path(), "shortlist", &[]);
    assert!(again.contains("2 unchanged"), "{again}");
    // A reveal is recorded, so it runs with an audit log (in a home of its own).
    let home = tempfile::tempdir().unwrap();
    let revealed = ok(with_store(&url)
        .env_remove("ROLEMATCH_NO_AUDIT_LOG")
        .env("ROLEMATCH_HOME", home.path())
        .args(["pool", "reveal", "--pool", "shortlist", "--from"])
        .arg(dir.path())
        .output()
        .unwrap());
    assert_eq!(revealed.lines().count(), 2, "{revealed}");
    assert!(revealed.contains("maria-garcia.md"), "{revealed}");
    let log = std::fs::read_to_string(home.path().join("audit/log.jsonl")).unwrap();
    assert!(
        log.contains("pool.reveal") && !log.contains("maria-garcia"),
        "{log}"
    );
    let forgot = ok(with_store(&url)
        .args(["forget", "maria-garcia.md", "--pool", "shortlist"])
        .output()
        .unwrap());
    assert!(forgot.contains("1 candidates left"), "{forgot}");
}

/// The tables as rolematch's schema version 1 made them.
const SCHEMA_VERSION_1: &str = "
CREATE TABLE rolematch_schema (version integer NOT NULL);
CREATE TABLE rolematch_pools (
    pool_id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE,
    model text NOT NULL,
    dimensions integer NOT NULL CHECK (dimensions > 0),
    catalog_version text NOT NULL,
    blind boolean NOT NULL,
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
    skills text[] NOT NULL,
    embedding vector NOT NULL,
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
