//! Openings and decisions through the real binary: a ranking kept as an opening, run again
//! from what it was saved with, its history listed; decisions recorded with their reason and
//! the score the reviewer saw, overrides marked, changes kept, exported as CSV, recorded in
//! the audit log, and gone with `forget`. The same on disk and in PostgreSQL, and a crash in
//! the middle of a decision's write leaves nothing half-written.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{fixture, model_files, rolematch, stderr, stdout};

/// `rolematch ARGS` with a home of its own (its audit log on), and the pools in `store`
/// when one is given.
fn run(home: &Path, store: Option<&str>, args: &[&str]) -> Output {
    let mut cmd: Command = rolematch();
    cmd.env_remove("ROLEMATCH_NO_AUDIT_LOG")
        .env("ROLEMATCH_HOME", home)
        .env(
            "ROLEMATCH_MODEL_DIR",
            crate::common::repo_root().join("models/all-minilm-l6-v2"),
        )
        .env("USER", "reviewer-1");
    if let Some(url) = store {
        cmd.env("ROLEMATCH_STORE", url).env_remove("PGSSLROOTCERT");
    }
    cmd.args(args).output().unwrap()
}

fn ok(out: Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The whole flow against one store; returns the decisions as JSON for parity checks.
fn flow(home: &Path, store: Option<&str>, pool: &str) -> serde_json::Value {
    let resumes = fixture("resumes");
    let resumes = resumes.to_str().unwrap();
    ok(run(
        home,
        store,
        &["pool", "build", resumes, "--pool", pool],
    ));
    // A ranking kept as an opening, then run again from what it was saved with.
    let first = run(
        home,
        store,
        &[
            "rank",
            "--role",
            "llm-engineer",
            "--pool",
            pool,
            "--opening",
            "llm-2027",
            "-k",
            "5",
            "--format",
            "json",
        ],
    );
    assert!(stderr(&first).contains("kept as a run of opening 'llm-2027'"));
    let first = json(&ok(first));
    let again = json(&ok(run(
        home,
        store,
        &[
            "rank",
            "--pool",
            pool,
            "--opening",
            "llm-2027",
            "--format",
            "json",
        ],
    )));
    assert_eq!(
        again["candidates"], first["candidates"],
        "a re-run ranks the same"
    );
    assert_eq!(
        again["settings"]["top_k"], 5,
        "a re-run keeps the saved settings"
    );
    let openings = json(&ok(run(
        home,
        store,
        &["openings", "--pool", pool, "--format", "json"],
    )));
    let opening = &openings[0];
    assert_eq!(opening["name"], "llm-2027");
    assert_eq!(opening["target"]["kind"], "role");
    assert_eq!(opening["created_by"], "reviewer-1");
    assert_eq!(opening["runs"].as_array().unwrap().len(), 2);
    assert_eq!(
        opening["runs"][1]["candidates"].as_array().unwrap().len(),
        5
    );

    // A decision against the ranking is an override; changing it keeps both.
    let top = first["candidates"][0]["candidate_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(first["candidates"][0]["band"], "strong");
    let said = ok(run(
        home,
        store,
        &[
            "decide",
            &top,
            "--pool",
            pool,
            "--opening",
            "llm-2027",
            "--reject",
            "--reason",
            "Needs on-site work",
            "--code",
            "location",
        ],
    ));
    assert!(said.contains("override"), "{said}");
    ok(run(
        home,
        store,
        &[
            "decide",
            &top,
            "--pool",
            pool,
            "--opening",
            "llm-2027",
            "--advance",
            "--reason",
            "Agreed to two days on site",
            "--notes",
            "call back in May",
        ],
    ));
    let decisions = json(&ok(run(
        home,
        store,
        &[
            "decisions",
            "--pool",
            pool,
            "--opening",
            "llm-2027",
            "--format",
            "json",
        ],
    )));
    let rows = decisions.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0]["decision"].as_str(), rows[1]["decision"].as_str()),
        (Some("reject"), Some("advance"))
    );
    assert_eq!(rows[0]["overrides_ranking"], true);
    assert_eq!(rows[1]["overrides_ranking"], false);
    assert_eq!(rows[0]["reason_code"], "location");
    assert_eq!(
        rows[0]["match_score"],
        first["candidates"][0]["match_score"]
    );
    assert_eq!(rows[0]["by"], "reviewer-1");
    // A CSV a spreadsheet reads: the header, and a reason that looks like a formula kept as text.
    ok(run(
        home,
        store,
        &[
            "decide",
            &top,
            "--pool",
            pool,
            "--opening",
            "llm-2027",
            "--hold",
            "--reason",
            "=HYPERLINK(\"x\")",
        ],
    ));
    let csv = ok(run(
        home,
        store,
        &["decisions", "--pool", pool, "--format", "csv"],
    ));
    assert!(
        csv.starts_with("at,opening,candidate_id,decision,reason,"),
        "{csv}"
    );
    assert!(csv.contains("'=HYPERLINK"), "{csv}");

    // Mistakes are refused, each with what to do.
    let no_reason = run(
        home,
        store,
        &[
            "decide",
            &top,
            "--pool",
            pool,
            "--opening",
            "llm-2027",
            "--hold",
            "--reason",
            " ",
        ],
    );
    assert_eq!(no_reason.status.code(), Some(2));
    assert!(stderr(&no_reason).contains("needs a reason"));
    let stranger = run(
        home,
        store,
        &[
            "decide",
            "nobody.md",
            "--pool",
            pool,
            "--opening",
            "llm-2027",
            "--hold",
            "--reason",
            "x",
        ],
    );
    assert!(
        stderr(&stranger).contains("was not ranked"),
        "{}",
        stderr(&stranger)
    );
    let unknown = run(
        home,
        store,
        &["decisions", "--pool", pool, "--opening", "no-such"],
    );
    assert!(
        stderr(&unknown).contains("no opening 'no-such'"),
        "{}",
        stderr(&unknown)
    );
    let both = run(
        home,
        store,
        &[
            "rank",
            "--role",
            "llm-engineer",
            "--job",
            "x.md",
            "--pool",
            pool,
        ],
    );
    assert_eq!(
        both.status.code(),
        Some(2),
        "a role and a posting together are refused"
    );
    let folder = run(
        home,
        store,
        &[
            "rank",
            "--role",
            "llm-engineer",
            "--pool",
            resumes,
            "--opening",
            "x",
        ],
    );
    assert!(
        stderr(&folder).contains("kept with a pool"),
        "{}",
        stderr(&folder)
    );

    // Every decision is in the audit log, which verifies; no resume text is in it.
    let log = std::fs::read_to_string(home.join("audit/log.jsonl")).unwrap();
    assert_eq!(log.matches("\"action\":\"decision\"").count(), 3, "{log}");
    assert!(!log.contains("Hannah Okafor"));
    // The reviewer's words may name the person: the log, which outlives `forget`, keeps
    // their hash.
    assert!(!log.contains("Needs on-site work") && log.contains("reason_blake3"));
    ok(run(home, store, &["audit", "verify"]));
    let decided = decisions;

    // A forgotten candidate is gone from the openings and decisions too.
    ok(run(home, store, &["forget", &top, "--pool", pool]));
    let after = json(&ok(run(
        home,
        store,
        &["openings", "--pool", pool, "--format", "json"],
    )));
    assert!(!after.to_string().contains(&top), "{after}");
    let left = run(
        home,
        store,
        &["decisions", "--pool", pool, "--format", "json"],
    );
    assert_eq!(json(&stdout(&left)), serde_json::json!([]));
    decided
}

/// The decisions without what differs from run to run (times).
fn comparable(decisions: &serde_json::Value) -> serde_json::Value {
    let mut decisions = decisions.clone();
    for row in decisions.as_array_mut().unwrap() {
        row.as_object_mut().unwrap().remove("at");
    }
    decisions
}

#[test]
fn openings_keep_their_history_and_decisions_their_reasons_on_disk_and_in_postgresql() {
    model_files();
    let home = tempfile::tempdir().unwrap();
    let on_disk = flow(home.path(), None, "team");
    let Some(url) = crate::postgres::server("ROLEMATCH_TEST_POSTGRES") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let in_postgres = flow(
        home.path(),
        Some(&url),
        &crate::postgres::unique_pool("team"),
    );
    assert_eq!(comparable(&in_postgres), comparable(&on_disk));
}

#[test]
fn a_crash_while_a_decision_is_written_leaves_the_decisions_whole() {
    model_files();
    let home = tempfile::tempdir().unwrap();
    let resumes = fixture("resumes");
    ok(run(
        home.path(),
        None,
        &["pool", "build", resumes.to_str().unwrap(), "--pool", "p"],
    ));
    ok(run(
        home.path(),
        None,
        &[
            "rank",
            "--role",
            "llm-engineer",
            "--pool",
            "p",
            "--opening",
            "o",
            "-k",
            "3",
        ],
    ));
    let ranked = json(&ok(run(
        home.path(),
        None,
        &["openings", "--pool", "p", "--format", "json"],
    )));
    let top = ranked[0]["runs"][0]["candidates"][0]["candidate_id"]
        .as_str()
        .unwrap()
        .to_string();
    ok(run(
        home.path(),
        None,
        &[
            "decide",
            &top,
            "--pool",
            "p",
            "--opening",
            "o",
            "--hold",
            "--reason",
            "first",
        ],
    ));
    let book = home.path().join("index/pools/p/openings.json");
    let before = std::fs::read(&book).unwrap();
    let mut crashing = rolematch();
    crashing
        .env_remove("ROLEMATCH_NO_AUDIT_LOG")
        .env("ROLEMATCH_HOME", home.path())
        .env(
            "ROLEMATCH_MODEL_DIR",
            crate::common::repo_root().join("models/all-minilm-l6-v2"),
        )
        .env("ROLEMATCH_FAULT", "before-rename:openings.json")
        .args([
            "decide",
            &top,
            "--pool",
            "p",
            "--opening",
            "o",
            "--advance",
            "--reason",
            "second",
        ]);
    let crashed = crashing.output().unwrap();
    assert!(
        stderr(&crashed).contains("fault injected at before-rename:openings.json"),
        "the crash came at the rename: {}",
        stderr(&crashed)
    );
    // The book is as it was, whole; the audit log still verifies (its record came first).
    assert_eq!(std::fs::read(&book).unwrap(), before);
    let decisions = json(&ok(run(
        home.path(),
        None,
        &["decisions", "--pool", "p", "--format", "json"],
    )));
    assert_eq!(decisions.as_array().unwrap().len(), 1);
    ok(run(home.path(), None, &["audit", "verify"]));
    // The next decision is written as if nothing happened.
    ok(run(
        home.path(),
        None,
        &[
            "decide",
            &top,
            "--pool",
            "p",
            "--opening",
            "o",
            "--advance",
            "--reason",
            "second",
        ],
    ));
    let decisions = json(&ok(run(
        home.path(),
        None,
        &["decisions", "--pool", "p", "--format", "json"],
    )));
    assert_eq!(decisions.as_array().unwrap().len(), 2);
}

#[test]
fn openings_and_decisions_through_the_api_answer_as_the_cli_does() {
    use crate::http::{json as body_json, Server};
    let index = tempfile::tempdir().unwrap();
    let resumes = fixture("resumes");
    let built = rolematch()
        .args(["pool", "build"])
        .arg(&resumes)
        .args(["--pool", "team", "--index-dir"])
        .arg(index.path())
        .output()
        .unwrap();
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let server = Server::start_in(index, &[]);
    let rank = |body: serde_json::Value| server.post_json("/api/rank", &body);
    // Kept as an opening, then run again from what it was saved with.
    let (status, first) = rank(serde_json::json!({
        "pool": "team", "role_id": "llm-engineer", "k": 4, "opening": "llm-2027"
    }));
    assert_eq!(status, 200, "{first}");
    let first = body_json(&first);
    assert_eq!(first["opening"], "llm-2027");
    let (status, again) = rank(serde_json::json!({"pool": "team", "opening": "llm-2027"}));
    assert_eq!(status, 200, "{again}");
    assert_eq!(body_json(&again)["candidates"], first["candidates"]);
    let (status, openings) = server.get("/api/pools/team/openings");
    assert_eq!(status, 200);
    assert_eq!(
        body_json(&openings)["openings"][0]["runs"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // A decision, an override, a change; mistakes with their statuses.
    let top = first["candidates"][0]["candidate_id"]
        .as_str()
        .unwrap()
        .to_string();
    let decide = |body: serde_json::Value| {
        server.post_json("/api/pools/team/openings/llm-2027/decisions", &body)
    };
    let (status, kept) = decide(serde_json::json!({
        "candidate_id": top, "decision": "reject", "reason": "Needs on-site work", "reason_code": "location"
    }));
    assert_eq!(status, 201, "{kept}");
    assert_eq!(body_json(&kept)["overrides_ranking"], true);
    let (status, _) = decide(serde_json::json!({
        "candidate_id": top, "decision": "advance", "reason": "Agreed to two days on site"
    }));
    assert_eq!(status, 201);
    let (status, body) =
        decide(serde_json::json!({"candidate_id": top, "decision": "advance", "reason": "  "}));
    assert_eq!(status, 422, "{body}");
    let (status, body) =
        decide(serde_json::json!({"candidate_id": "nobody.md", "decision": "hold", "reason": "x"}));
    assert_eq!(status, 422, "{body}");
    let (status, body) =
        decide(serde_json::json!({"candidate_id": top, "decision": "maybe", "reason": "x"}));
    assert_eq!(status, 400, "{body}");
    let (status, body) = server.post_json(
        "/api/pools/team/openings/no-such/decisions",
        &serde_json::json!({"candidate_id": top, "decision": "hold", "reason": "x"}),
    );
    assert_eq!(status, 404, "{body}");
    let (status, body) = rank(serde_json::json!({"pool": "team", "opening": "no-such"}));
    assert_eq!(status, 404, "{body}");
    let (status, body) =
        rank(serde_json::json!({"pool": "team", "role_id": "llm-engineer", "opening": "../x"}));
    assert_eq!(status, 400, "{body}");
    assert_eq!(server.get("/api/pools/nobody/openings").0, 404);

    let (status, decisions) = server.get("/api/pools/team/decisions?opening=llm-2027");
    assert_eq!(status, 200);
    let rows = body_json(&decisions)["decisions"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["decision"], "advance");
    let (status, csv) = server.get("/api/pools/team/decisions?format=csv");
    assert_eq!(status, 200);
    assert!(
        csv.starts_with("at,opening,candidate_id,decision,reason,"),
        "{csv}"
    );
    assert_eq!(
        server.get("/api/pools/team/decisions?opening=no-such").0,
        404
    );
    assert_eq!(server.get("/api/pools/team/decisions?format=xml").0, 400);

    // The candidate's explanation, as data and as the page to give them; both tell the
    // decision and its reason, and neither names another candidate.
    let path = format!("/api/pools/team/openings/llm-2027/candidates/{top}/explanation");
    let (status, explained) = server.get(&path);
    assert_eq!(status, 200, "{explained}");
    let explained = body_json(&explained);
    assert_eq!(explained["candidate_id"], top.as_str());
    assert_eq!(
        explained["decisions"][1]["reason"],
        "Agreed to two days on site"
    );
    assert!(explained["match_score"].as_u64().is_some(), "{explained}");
    assert!(!explained["skills_shown"].as_array().unwrap().is_empty());
    let (status, page) = server.get(&format!("{path}?format=html"));
    assert_eq!(status, 200);
    assert!(page.starts_with("<!doctype html>"), "{page}");
    assert!(page.contains("Agreed to two days on site"), "{page}");
    let others: Vec<String> = first["candidates"].as_array().unwrap()[1..]
        .iter()
        .map(|c| c["candidate_id"].as_str().unwrap().to_string())
        .collect();
    for other in &others {
        assert!(
            !page.contains(other.as_str()),
            "{other} named in {top}'s explanation"
        );
    }
    let (status, body) =
        server.get("/api/pools/team/openings/llm-2027/candidates/nobody.md/explanation");
    assert_eq!(status, 404, "{body}");
    assert_eq!(server.get(&format!("{path}?format=pdf")).0, 400);

    // The candidate as a reviewer sees them: the name the ranking shows, every line as read,
    // and the skills the ranking cites marked on the lines it cites.
    let (status, view) = server.get(&format!("/api/pools/team/candidates/{top}"));
    assert_eq!(status, 200, "{view}");
    let view = body_json(&view);
    let ranked = &first["candidates"][0];
    assert_eq!(view["candidate_id"], top.as_str());
    assert_eq!(view["name"], ranked["name"], "{view}");
    assert!(
        ranked["name"].as_str().is_some_and(|n| !n.is_empty()),
        "{ranked}"
    );
    let lines = view["lines"].as_array().unwrap();
    for shared in ranked["explanation"]["shared_skills"].as_array().unwrap() {
        let line = &lines[shared["lines"][0].as_u64().unwrap() as usize - 1];
        assert!(
            line["parts"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["skill"] == shared["id"]),
            "{} not marked on {line}",
            shared["id"]
        );
    }
    assert_eq!(server.get("/api/pools/team/candidates/nobody.md").0, 404);
    assert_eq!(server.get("/api/pools/nobody/candidates/x.md").0, 404);
    assert_eq!(server.get("/api/pools/..x/candidates/x.md").0, 400);
}
