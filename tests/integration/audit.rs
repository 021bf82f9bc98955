//! The audit log through the CLI and the server: what is recorded (and what is not), tampering
//! named by `audit verify`, and kill -9 during a loop of rankings.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::common::{example, fixture, model_files, rolematch, stderr, stdout};
use crate::http::{json, Server};

/// `rolematch` with the audit log on, under a home of its own (the model from the repository).
fn audited(home: &Path) -> Command {
    let mut cmd = rolematch();
    cmd.env_remove("ROLEMATCH_NO_AUDIT_LOG")
        .env("ROLEMATCH_HOME", home)
        .env("USER", "recruiter-7")
        .arg("--model-dir")
        .arg(&model_files().dir);
    cmd
}

fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{cmd:?}: {}", stderr(&out));
    stdout(&out)
}

fn records(home: &Path) -> Vec<serde_json::Value> {
    let text = run_ok(audited(home).args(["audit", "show", "--format", "json"]));
    json(&text).as_array().unwrap().clone()
}

fn resume(name: &str) -> PathBuf {
    fixture("resumes").join(name)
}

/// What the pools and the log keep of a person (ids and hashes, never text; a forgotten
/// candidate gone from every file) is tested in process (`in_process.rs`); this is what the
/// binary adds: who is recorded, a person's own run left out, and `--no-audit-log`.
#[test]
fn the_binary_records_batches_as_its_user_but_not_a_person_s_own_run() {
    let home = tempfile::tempdir().unwrap();
    let a = resume("llmops-engineer.md");
    run_ok(
        audited(home.path())
            .args(["pool", "add", "--pool", "p"])
            .arg(&a),
    );
    // One resume file is a person's own run: not recorded. A folder is a batch: recorded.
    run_ok(audited(home.path()).arg("match").arg(example("resume.md")));
    let folder = tempfile::tempdir().unwrap();
    std::fs::copy(&a, folder.path().join("x.md")).unwrap();
    run_ok(audited(home.path()).arg("match").arg(folder.path()));
    run_ok(audited(home.path()).args([
        "--no-audit-log",
        "rank",
        "--role",
        "ml-engineer",
        "--pool",
        "p",
    ]));

    let log = records(home.path());
    let actions: Vec<&str> = log.iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["pool.add", "match"]);
    for r in &log {
        assert_eq!(r["who"], "recruiter-7");
        assert!(
            r["model"]
                .as_str()
                .unwrap()
                .starts_with("all-minilm-l6-v2@"),
            "{r}"
        );
    }
    let raw = std::fs::read_to_string(home.path().join("audit/log.jsonl")).unwrap();
    let text = std::fs::read_to_string(&a).unwrap();
    for line in text.lines().filter(|l| l.len() > 30) {
        assert!(!raw.contains(line), "resume text in the audit log: {line}");
    }
    let verify = run_ok(audited(home.path()).args(["audit", "verify"]));
    assert!(verify.contains("2 records"), "{verify}");
    let shown = run_ok(audited(home.path()).args(["audit", "show", "--action", "pool"]));
    assert_eq!(shown.lines().count(), 1, "{shown}");
}

#[test]
fn verify_names_the_edited_line_and_exits_2() {
    let home = tempfile::tempdir().unwrap();
    for role in ["llmops-engineer", "ml-engineer", "ai-engineer"] {
        run_ok(
            audited(home.path())
                .args(["rank", "--role", role, "--pool"])
                .arg(fixture("resumes")),
        );
    }
    let path = home.path().join("audit/log.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("\"ml-engineer\"", "\"ai-engineer\"", 1),
    )
    .unwrap();
    let out = audited(home.path())
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("line 2: its content does not match its hash"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn kill_9_during_a_loop_of_rankings_leaves_a_log_that_verifies() {
    let home = tempfile::tempdir().unwrap();
    run_ok(
        audited(home.path())
            .args(["pool", "build", "--pool", "p"])
            .arg(fixture("resumes")),
    );
    let mut killed = 0;
    // A ranking takes about 140 ms on this machine's dev build: kills from just after the
    // start to past the end.
    for delay_ms in [10u64, 30, 60, 90, 120, 150, 400, 900] {
        let mut child = audited(home.path())
            .args(["rank", "--role", "ml-engineer", "--pool", "p"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        let _ = child.kill();
        child.wait().unwrap();
        let out = audited(home.path())
            .args(["audit", "verify"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "after a kill at {delay_ms} ms: {}",
            stdout(&out)
        );
    }
    assert!(killed > 0, "no ranking was killed while it ran");
    run_ok(audited(home.path()).args(["rank", "--role", "ml-engineer", "--pool", "p"]));
    let log = records(home.path());
    assert_eq!(log.last().unwrap()["action"], "rank");
}

#[test]
fn the_server_records_its_matches_as_the_api() {
    let home = tempfile::tempdir().unwrap();
    let index = tempfile::tempdir().unwrap();
    // Server::start uses the repository's home; this one needs its own, with the log on.
    let server = Server::spawn(audited(home.path()), index, &[]);
    server.wait_ready();
    let (status, body) = server.post_json(
        "/api/match",
        &serde_json::json!({"text": "LLMOps: Prometheus, Langfuse, token budgets"}),
    );
    assert_eq!(status, 200, "{body}");
    let log = records(home.path());
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0]["action"].as_str(), log[0]["who"].as_str()),
        (Some("match"), Some("api"))
    );
    assert!(
        !std::fs::read_to_string(home.path().join("audit/log.jsonl"))
            .unwrap()
            .contains("Langfuse")
    );
}

#[test]
fn a_blind_run_is_recorded_as_blind() {
    let home = tempfile::tempdir().unwrap();
    let pairs = fixture("blind_pairs");
    let a = pairs.join("01-name-email-a.md");
    let b = pairs.join("01-name-email-b.md");
    run_ok(
        audited(home.path())
            .arg("match")
            .arg("--blind")
            .arg(&a)
            .arg(&b),
    );
    run_ok(audited(home.path()).arg("match").arg(&a).arg(&b));
    let records = records(home.path());
    let blind: Vec<bool> = records
        .iter()
        .map(|r| r["settings"]["blind"].as_bool().unwrap())
        .collect();
    assert_eq!(blind, vec![true, true, false, false]);
    // A blind record's content hash is the redacted text's, not the file's.
    let redacted = &records[0]["subjects"][0]["content_hash"];
    let plain = &records[2]["subjects"][0]["content_hash"];
    assert_ne!(redacted, plain);
}

fn pool_ids_in(home: &Path) -> Vec<String> {
    let text = run_ok(audited(home).args(["pool", "list", "--pool", "p", "--format", "json"]));
    json(&text)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_commit_is_recorded_before_it_is_made_and_an_unrecordable_change_is_not_made() {
    let home = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    for name in [
        "llmops-engineer.md",
        "ml-engineer.md",
        "voice-ai-engineer.md",
    ] {
        std::fs::copy(resume(name), folder.path().join(name)).unwrap();
    }
    // A build killed just after its first commit.
    let out = audited(home.path())
        .args(["pool", "build"])
        .arg(folder.path())
        .args(["--pool", "p", "--commit-every", "1"])
        .env("ROLEMATCH_FAULT", "commit:current-replaced")
        .output()
        .unwrap();
    assert!(!out.status.success(), "the fault was not reached");
    let committed = pool_ids_in(home.path());
    assert_eq!(committed.len(), 1, "{committed:?}");
    let recorded: Vec<String> = records(home.path())
        .iter()
        .filter(|r| r["action"] == "pool.add")
        .flat_map(|r| r["subjects"].as_array().unwrap().clone())
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    assert!(
        recorded.contains(&committed[0]),
        "a committed candidate has no record: {recorded:?}"
    );

    // The log cannot be written: neither an add nor a forget changes the pool.
    let lock = home.path().join("audit/log.lock");
    std::fs::remove_file(&lock).unwrap();
    std::fs::create_dir(&lock).unwrap();
    let out = audited(home.path())
        .args(["pool", "add", "--pool", "p"])
        .arg(resume("research-engineer.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was changed"),
        "{}",
        stderr(&out)
    );
    let out = audited(home.path())
        .args(["forget", &committed[0], "--pool", "p"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    std::fs::remove_dir(&lock).unwrap();
    assert_eq!(pool_ids_in(home.path()), committed);
    let verify = run_ok(audited(home.path()).args(["audit", "verify"]));
    assert!(verify.starts_with("ok"), "{verify}");
}

#[test]
fn verify_fails_when_pools_exist_and_the_log_does_not_and_keeps_what_is_held_outside() {
    let home = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let key = outside.path().join("audit.key");
    let witness = outside.path().join("witness.jsonl");
    let public = run_ok(audited(home.path()).arg("audit").arg("keygen").arg(&key));
    let public = public.trim().to_string();
    assert_eq!(public.len(), 64, "{public}");
    let signed = |home: &Path| {
        let mut cmd = audited(home);
        cmd.arg("--audit-key")
            .arg(&key)
            .arg("--audit-checkpoint-every")
            .arg("2")
            .arg("--audit-witness")
            .arg(&witness);
        cmd
    };
    for name in [
        "llmops-engineer.md",
        "ml-engineer.md",
        "voice-ai-engineer.md",
    ] {
        run_ok(
            signed(home.path())
                .args(["pool", "add", "--pool", "p"])
                .arg(resume(name)),
        );
    }
    let head = run_ok(audited(home.path()).args(["audit", "head"]));
    let head = head.trim().to_string();
    let verify = run_ok(
        audited(home.path())
            .args([
                "audit",
                "verify",
                "--audit-checkpoint-every",
                "2",
                "--expect",
                &head,
                "--public-key",
                &public,
                "--witness",
            ])
            .arg(&witness),
    );
    assert!(verify.contains("checkpoint(s) signed"), "{verify}");

    // The log deleted: the pools say it existed; the witness and the head say what it held.
    std::fs::remove_file(home.path().join("audit/log.jsonl")).unwrap();
    let out = audited(home.path())
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("no audit log"), "{}", stdout(&out));
    let out = audited(home.path())
        .args(["audit", "verify", "--log"])
        .arg(home.path().join("audit/log.jsonl"))
        .args(["--expect", &head])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
}
