//! `rolematch eval` on a small labelled set with the real model.

use crate::common::{model_files, rolematch, stderr, stdout};

#[test]
fn eval_reports_every_system_and_refuses_unknown_answers() {
    model_files();
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("jobs.jsonl");
    std::fs::write(
        &catalog,
        "{\"id\":\"nurse\",\"title\":\"Registered nurse\",\"description\":\"Cares for patients in hospitals and clinics.\"}\n\
         {\"id\":\"dev\",\"title\":\"Software developer\",\"description\":\"Writes and tests computer programs.\"}\n\
         {\"id\":\"chef\",\"title\":\"Chef\",\"description\":\"Plans menus and cooks in restaurant kitchens.\"}\n",
    )
    .unwrap();
    let set = dir.path().join("titles.jsonl");
    let queries = [
        ("ICU nurse", "nurse"),
        ("Backend programmer", "dev"),
        ("Sous chef", "chef"),
        ("Staff nurse", "nurse"),
        ("Java developer", "dev"),
        ("Head cook", "chef"),
    ];
    let lines: Vec<String> = queries
        .iter()
        .map(|(t, id)| format!("{{\"text\": \"{t}\", \"relevant\": [\"{id}\"]}}"))
        .collect();
    std::fs::write(&set, lines.join("\n")).unwrap();
    let out = rolematch()
        .args(["eval", "--format", "json", "--set"])
        .arg(&set)
        .arg("--catalog")
        .arg(&catalog)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let results = report["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    let dense = &results[1]["metrics"];
    assert_eq!(dense["queries"], 3);
    assert!(dense["recall_at_1"].as_f64().unwrap() > 0.6, "{report}");
    assert_eq!(report["tuning_queries"], 3);
    let system = results[4]["system"].as_str().unwrap();
    assert!(
        system.starts_with("rolematch: hybrid + aliases"),
        "{system}"
    );
    assert!(report["tuned"]["alias_weight"].is_number(), "{report}");

    std::fs::write(
        &set,
        "{\"text\": \"pilot\", \"relevant\": [\"astronaut\"]}\n",
    )
    .unwrap();
    let out = rolematch()
        .args(["eval", "--set"])
        .arg(&set)
        .arg("--catalog")
        .arg(&catalog)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("titles.jsonl:1") && stderr(&out).contains("astronaut"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn labelled_resumes_hold_their_recorded_top3_and_bands() {
    model_files();
    let labels = crate::common::fixture("labelled.toml");
    let out = rolematch()
        .args(["eval", "--format", "json", "--labels"])
        .arg(&labels)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(report["resumes"].as_u64().unwrap() >= 30);
    let top3 = report["top3"].as_f64().unwrap();
    let recorded = report["recorded_top3"].as_f64().unwrap();
    assert!(
        top3 >= recorded - 0.02,
        "top-3 {top3} fell below the recorded {recorded}"
    );
    assert!(
        report["strong_violations"].as_array().unwrap().is_empty(),
        "{report}"
    );
    for row in report["rows"].as_array().unwrap() {
        let file = row["file"].as_str().unwrap();
        if ["nurse", "accountant", "chef"]
            .iter()
            .any(|n| file.contains(n))
        {
            assert_eq!(row["top_band"], "weak", "{file}: {row}");
        }
    }
}

#[test]
fn ranking_for_job_postings_holds_its_recorded_ndcg_and_beats_the_plain_cosine() {
    model_files();
    let jobs = crate::common::fixture("jobs.toml");
    let out = rolematch()
        .args(["eval", "--format", "json", "--jobs"])
        .arg(&jobs)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(report["postings"].as_u64().unwrap() >= 10, "{report}");
    let systems = report["systems"].as_array().unwrap();
    let metric = |i: usize, name: &str| systems[i][name].as_f64().unwrap();
    let (plain, ours) = (metric(0, "ndcg_at_5"), metric(1, "ndcg_at_5"));
    let recorded = report["recorded_ndcg5"].as_f64().unwrap();
    assert!(
        ours >= recorded - 0.02,
        "nDCG@5 {ours} fell below the recorded {recorded}"
    );
    assert!(ours >= 0.90, "nDCG@5 {ours}");
    assert!(
        ours >= plain + 0.03,
        "rank --job {ours} no longer clearly beats the plain cosine {plain}"
    );
    assert!(metric(1, "precision_at_3") >= metric(0, "precision_at_3"));
    assert!(systems[1]["best_first"].as_u64() >= systems[0]["best_first"].as_u64());

    // A grade naming someone who is not a candidate is refused, naming the posting.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("jobs.toml");
    std::fs::write(
        &bad,
        format!(
            "candidates = {:?}\n[[job]]\nfile = {:?}\nbest = [\"nobody.md\"]\n",
            crate::common::fixture("labelled.toml"),
            crate::common::fixture("jobs/agent-engineer.md"),
        ),
    )
    .unwrap();
    let out = rolematch()
        .args(["eval", "--jobs"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("jobs.toml") && err.contains("nobody.md") && err.contains("agent-engineer"),
        "{err}"
    );
}
