//! The duties through the real binary and the real model: a candidate's explanation, the
//! notices, the record for an access request, the instructions for use and the purge of what
//! is past retention — on disk and in PostgreSQL alike.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::{fixture, model_files, repo_root, rolematch, stderr, stdout};

fn run(home: &Path, store: Option<&str>, args: &[&str]) -> Output {
    let mut cmd: Command = rolematch();
    cmd.env_remove("ROLEMATCH_NO_AUDIT_LOG")
        .env("ROLEMATCH_HOME", home)
        .env(
            "ROLEMATCH_MODEL_DIR",
            repo_root().join("models/all-minilm-l6-v2"),
        )
        .env("USER", "alex.hr");
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

/// Every file under `dir`, as text.
fn everything_under(dir: &Path) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            all.push_str(&everything_under(&path));
        } else {
            all.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
        }
    }
    all
}

/// A pool of three resumes ranked for a posting as an opening, a decision on one; then each
/// duty. Returns the explanation as JSON, for parity between stores.
fn flow(home: &Path, store: Option<&str>, pool: &str) -> serde_json::Value {
    let folder = tempfile::tempdir().unwrap();
    for name in ["ml-engineer.md", "research-engineer.md", "llm-engineer.md"] {
        std::fs::copy(fixture("resumes").join(name), folder.path().join(name)).unwrap();
    }
    let posting = fixture("jobs/ml-engineer-recommendations.md");
    ok(run(
        home,
        store,
        &[
            "pool",
            "build",
            folder.path().to_str().unwrap(),
            "--pool",
            pool,
        ],
    ));
    let ranking = json(&ok(run(
        home,
        store,
        &[
            "rank",
            "--job",
            posting.to_str().unwrap(),
            "--pool",
            pool,
            "--opening",
            "recs",
            "--format",
            "json",
        ],
    )));
    let seen = ranking["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["candidate_id"] == "research-engineer.md")
        .unwrap()["match_score"]
        .clone();
    ok(run(
        home,
        store,
        &[
            "decide",
            "research-engineer.md",
            "--pool",
            pool,
            "--opening",
            "recs",
            "--reject",
            "--reason",
            "No production recommender work shown.",
            "--notes",
            "Strong researcher.",
        ],
    ));

    // The explanation: the candidate's own result, the requirements with their lines, the
    // decision and its reason; nothing of the others, no notes.
    let args = |format| {
        vec![
            "explain",
            "research-engineer.md",
            "--pool",
            pool,
            "--opening",
            "recs",
            "--format",
            format,
        ]
    };
    let explained = json(&ok(run(home, store, &args("json"))));
    assert_eq!(
        explained["match_score"], seen,
        "the score the reviewer saw, worked out again"
    );
    assert!(!explained["requirements"].as_array().unwrap().is_empty());
    let html = ok(run(home, store, &args("html")));
    for expected in [
        "How your application for “Senior Machine Learning Engineer, Recommendations”",
        "“No production recommender work shown”.",
        "<mark>[TO BE FILLED BY THE EMPLOYER: contact for human review]</mark>",
        "Contributor to PyTorch internals",
    ] {
        assert!(html.contains(expected), "missing {expected}");
    }
    for absent in [
        "ml-engineer.md",
        "llm-engineer.md",
        "Strong researcher.",
        "alex.hr",
    ] {
        assert!(!html.contains(absent), "{absent} in the explanation");
    }

    // A notice for each rule, with the opening's requirements and the home's retention.
    for rule in ["nyc", "illinois", "colorado", "california", "eu"] {
        let notice = ok(run(
            home,
            store,
            &[
                "notice",
                "--jurisdiction",
                rule,
                "--pool",
                pool,
                "--opening",
                "recs",
            ],
        ));
        assert!(
            notice.contains("Train, evaluate and deploy ranking"),
            "{rule}"
        );
        assert!(notice.contains("[TO BE FILLED BY THE EMPLOYER"), "{rule}");
    }

    // Everything held about one person, with the notes and the audit records naming them.
    let record = json(&ok(run(
        home,
        store,
        &["export-candidate", "research-engineer.md", "--pool", pool],
    )));
    assert!(record["text"].as_str().unwrap().contains("Kenji Watanabe"));
    assert_eq!(record["decisions"][0]["notes"], "Strong researcher.");
    assert_eq!(record["openings"][0]["runs"][0]["match_score"], seen);
    assert!(record["audit_records"].as_array().unwrap().len() >= 3);
    assert!(!record.to_string().contains("ml-engineer.md\""));

    // A corrected resume replaces the old one; its opening runs again, both scores kept.
    let corrected = folder.path().join("research-engineer.md");
    let mut text = std::fs::read_to_string(&corrected).unwrap();
    text.push_str(
        "\n## Recommenders\n- Built a recommender system in PyTorch with Spark feature \
                   pipelines and Airflow; ran A/B tests (2019–2023).\n",
    );
    std::fs::write(&corrected, text).unwrap();
    let rerun = ok(run(
        home,
        store,
        &[
            "pool",
            "add",
            corrected.to_str().unwrap(),
            "--pool",
            pool,
            "--rerun-openings",
        ],
    ));
    assert!(
        rerun.contains(&format!("research-engineer.md was {seen} out of 100")),
        "{rerun}"
    );
    let record = json(&ok(run(
        home,
        store,
        &["export-candidate", "research-engineer.md", "--pool", pool],
    )));
    let runs = record["openings"][0]["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_ne!(runs[0]["content_hash"], runs[1]["content_hash"]);
    assert!(runs[1]["match_score"].as_u64() > runs[0]["match_score"].as_u64());

    // A date inside the retention period is refused without --force.
    let refused = run(
        home,
        store,
        &["purge", "--older-than", "2999-01-01", "--pool", pool],
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("inside the retention period"),
        "{}",
        stderr(&refused)
    );
    // Purge: a dry run changes nothing; the purge leaves no resume text in any file.
    let args = |dry: bool| {
        let mut a = vec![
            "purge",
            "--older-than",
            "2999-01-01",
            "--force",
            "--pool",
            pool,
            "--format",
            "json",
        ];
        if dry {
            a.push("--dry-run");
        }
        a
    };
    let dry = json(&ok(run(home, store, &args(true))));
    assert_eq!(dry["pools"][0]["candidates"].as_array().unwrap().len(), 3);
    assert_eq!(
        (
            dry["pools"][0]["runs"].as_u64(),
            dry["pools"][0]["decisions"].as_u64()
        ),
        (Some(2), Some(1))
    );
    let purged = json(&ok(run(home, store, &args(false))));
    assert_eq!(purged["pools"], dry["pools"]);
    let listed = json(&ok(run(
        home,
        store,
        &["pool", "list", "--pool", pool, "--format", "json"],
    )));
    assert!(listed.as_array().unwrap().is_empty());
    ok(run(home, store, &["audit", "verify"]));
    assert!(!everything_under(home).contains("Kenji Watanabe"));
    explained
}

#[test]
fn duties_on_disk_and_in_postgresql() {
    model_files();
    let home = tempfile::tempdir().unwrap();
    let on_disk = flow(home.path(), None, "spring");
    let Some(url) = crate::postgres::server("ROLEMATCH_TEST_POSTGRES") else {
        return;
    };
    let home = tempfile::tempdir().unwrap();
    let in_postgres = flow(
        home.path(),
        Some(&url),
        &crate::postgres::unique_pool("spring"),
    );
    let comparable = |v: &serde_json::Value| {
        let mut v = v.clone();
        for moving in ["pool", "made_at", "ranked_at"] {
            v[moving] = serde_json::Value::Null;
        }
        v["seen"]["content_hash"] = serde_json::Value::Null;
        v["decisions"][0]["at"] = serde_json::Value::Null;
        v
    };
    assert_eq!(comparable(&in_postgres), comparable(&on_disk));
}

#[test]
fn the_instructions_for_use_give_the_measured_figures_with_their_dates() {
    model_files();
    let home = tempfile::tempdir().unwrap();
    let card = ok(run(home.path(), None, &["model-card"]));
    // Each figure of each measurement shipped with the release is on the card, dated.
    for kind in ["labels", "jobs", "realworld", "blind-pairs"] {
        let shipped = json(
            &std::fs::read_to_string(repo_root().join(format!("quality/{kind}.json"))).unwrap(),
        );
        let date = &shipped["measured_at"].as_str().unwrap()[..10];
        assert!(card.contains(date), "{kind}: {date}");
        for figure in shipped["figures"].as_array().unwrap() {
            let row = format!(
                "| {} | {} |",
                figure["name"].as_str().unwrap(),
                figure["value"].as_str().unwrap()
            );
            assert!(card.contains(&row), "{kind}: {row}");
        }
    }
    assert!(card.contains("Not measured (titles)"));
    // A measurement made here replaces the release's.
    let made = ok(run(
        home.path(),
        None,
        &[
            "eval",
            "--blind-pairs",
            fixture("blind_pairs").to_str().unwrap(),
            "--record",
            "--format",
            "json",
        ],
    ));
    let pairs = json(&made)["pairs"].as_array().unwrap().len();
    assert_eq!(pairs, 15);
    let card = ok(run(home.path(), None, &["model-card", "--format", "html"]));
    assert!(card.contains("on this installation") && card.starts_with("<!doctype html>"));
}
