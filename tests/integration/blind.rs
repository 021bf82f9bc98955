//! Blind review with the real model: resume pairs that differ only in identity cues score
//! identically with `--blind`, blind pools store no name, and a blind ranking is refused on a
//! pool built without it.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{files_under, model_files, repo_root, role_scores, rolematch, stderr, stdout};
use crate::http::json;

fn pairs_dir() -> std::path::PathBuf {
    repo_root().join("tests/fixtures/blind_pairs")
}

/// File name → the roles with their scores, from `match --format json`.
fn scores(blind: bool) -> BTreeMap<String, Vec<(String, f64)>> {
    model_files();
    let mut cmd = rolematch();
    cmd.args(["match", "--format", "json", "-k", "5", "--min-score", "0"]);
    if blind {
        cmd.arg("--blind");
    }
    let out = cmd.arg(pairs_dir()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let run: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(run["blind"], blind);
    assert!(run["oversight"].as_str().unwrap().contains("screening aid"));
    assert_eq!(run["settings"]["top_k"], 5);
    run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            if blind {
                assert!(
                    r["redactions"]["counts"]["name"].as_u64().unwrap() >= 1,
                    "{r}"
                );
                assert!(!r["redactions"]["spans"].as_array().unwrap().is_empty());
            } else {
                assert!(r.get("redactions").is_none());
            }
            let file = Path::new(r["file"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (file, role_scores(r))
        })
        .collect()
}

/// (pair, largest score difference between its two resumes over the roles of `a`).
fn pair_differences(scores: &BTreeMap<String, Vec<(String, f64)>>) -> Vec<(String, f64)> {
    scores
        .iter()
        .filter(|(file, _)| file.ends_with("-a.md"))
        .map(|(file, a)| {
            let b: BTreeMap<&str, f64> = scores[&file.replace("-a.md", "-b.md")]
                .iter()
                .map(|(id, s)| (id.as_str(), *s))
                .collect();
            let largest = a
                .iter()
                .map(|(id, s)| b.get(id.as_str()).map_or(f64::INFINITY, |t| (s - t).abs()))
                .fold(0.0, f64::max);
            (file.trim_end_matches("-a.md").to_string(), largest)
        })
        .collect()
}

#[test]
fn identity_pairs_score_identically_when_blind_and_differ_without() {
    let blind = scores(true);
    let pairs = pair_differences(&blind);
    assert!(pairs.len() >= 12, "{} pairs", pairs.len());
    for (pair, difference) in &pairs {
        assert_eq!(*difference, 0.0, "{pair}: scores differ under --blind");
        // Same order too.
        let a = &blind[&format!("{pair}-a.md")];
        let b = &blind[&format!("{pair}-b.md")];
        assert_eq!(a, b, "{pair}");
    }
    let plain = pair_differences(&scores(false));
    let differing = plain.iter().filter(|(_, d)| *d > 0.0).count();
    assert!(
        differing >= plain.len() / 2,
        "without --blind identity cues should move scores: {plain:?}"
    );
}

#[test]
fn blind_pool_keeps_no_name_and_blind_rank_needs_a_blind_pool() {
    model_files();
    let index = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    for side in ["a", "b"] {
        let name = format!("01-name-email-{side}.md");
        std::fs::copy(pairs_dir().join(&name), folder.path().join(&name)).unwrap();
    }
    let build = |pool: &str, blind: bool| {
        let mut cmd = rolematch();
        cmd.args(["pool", "build"])
            .arg(folder.path())
            .args(["--pool", pool, "--index-dir"])
            .arg(index.path());
        if blind {
            cmd.arg("--blind");
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    };
    build("open", false);
    build("blind", true);

    let pool_text = |pool: &str| -> String {
        let mut text = String::new();
        for entry in files_under(&index.path().join("pools").join(pool)) {
            text.push_str(&String::from_utf8_lossy(&std::fs::read(entry).unwrap()));
        }
        text
    };
    assert!(pool_text("open").contains("Maria Garcia"));
    let blind_text = pool_text("blind");
    for cue in [
        "Maria Garcia",
        "maria.garcia@example.com",
        "O'Connor",
        "555 0101",
    ] {
        assert!(!blind_text.contains(cue), "{cue} is in the blind pool");
    }

    let rank = |pool: &str, blind: bool| {
        let mut cmd = rolematch();
        cmd.args([
            "rank",
            "--role",
            "llm-engineer",
            "--format",
            "json",
            "--pool",
            pool,
        ])
        .arg("--index-dir")
        .arg(index.path());
        if blind {
            cmd.arg("--blind");
        }
        // The two files are one resume under two names: a paired audit, which keeps both.
        cmd.arg("--keep-duplicates");
        cmd.output().unwrap()
    };
    let refused = rank("open", true);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("built without --blind"),
        "{}",
        stderr(&refused)
    );

    let out = rank("blind", true);
    assert!(out.status.success(), "{}", stderr(&out));
    let run: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(run["blind"], true);
    let candidates = run["candidates"].as_array().unwrap();
    assert_eq!(candidates.len(), 2);
    assert!(candidates[0]["score"].as_f64().is_some(), "{run}");
    assert_eq!(candidates[0]["score"], candidates[1]["score"]);
    // A blind ranking shows nobody's name or headline, and neither does a blind candidate's
    // view; an open pool's ranking and view show the name the header gives.
    for c in candidates {
        assert!(
            c.get("name").is_none() && c.get("headline").is_none(),
            "{c}"
        );
    }
    let show = |pool: &str, id: &str| {
        let out = rolematch()
            .args(["pool", "show", id, "--format", "json", "--pool", pool])
            .arg("--index-dir")
            .arg(index.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let shown = show("blind", candidates[0]["candidate_id"].as_str().unwrap());
    assert!(
        !shown.contains("Maria") && !shown.contains("\"name\""),
        "{shown}"
    );
    let open = rank("open", false);
    let open: serde_json::Value = serde_json::from_str(&stdout(&open)).unwrap();
    let names: Vec<&str> = open["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert!(names.contains(&"Maria Garcia"), "{open}");
    let maria = open["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Maria Garcia")
        .unwrap();
    let view: serde_json::Value =
        serde_json::from_str(&show("open", maria["candidate_id"].as_str().unwrap())).unwrap();
    assert_eq!(view["name"], "Maria Garcia");
    assert!(view["lines"].as_array().unwrap().len() > 3, "{view}");

    // Without --keep-duplicates the second is set aside as the same resume, and named.
    let once = rolematch()
        .args([
            "rank",
            "--role",
            "llm-engineer",
            "--format",
            "json",
            "--blind",
            "--pool",
            "blind",
        ])
        .arg("--index-dir")
        .arg(index.path())
        .output()
        .unwrap();
    let once: serde_json::Value = serde_json::from_str(&stdout(&once)).unwrap();
    assert_eq!(once["candidates"].as_array().unwrap().len(), 1, "{once}");
    let aside = &once["near_duplicates"][0];
    assert_eq!(
        aside["same_as"], once["candidates"][0]["candidate_id"],
        "{once}"
    );
    assert!(aside["shared_wording"].as_f64().unwrap() >= 0.8, "{once}");

    // A folder ranked blind on the fly gives the same scores as the blind pool.
    let out = rank(&folder.path().display().to_string(), true);
    let folder_run: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(folder_run["blind"], true);
    assert_eq!(
        folder_run["candidates"][0]["score"],
        run["candidates"][0]["score"]
    );
}

#[test]
fn bias_audit_reads_a_real_ranking_and_names_bad_csv_lines() {
    model_files();
    let dir = tempfile::tempdir().unwrap();
    let out = rolematch()
        .args([
            "rank",
            "--role",
            "ml-engineer",
            "-k",
            "100",
            "--format",
            "json",
            "--pool",
        ])
        .arg(repo_root().join("tests/fixtures/resumes"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let ranking: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = dir.path().join("rank.json");
    std::fs::write(&results, &out.stdout).unwrap();
    // Alternate Female and Male down the ranking: the best-ranked half holds one more
    // Female than Male, whatever the scores.
    let ids: Vec<&str> = ranking["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["candidate_id"].as_str().unwrap())
        .collect();
    let mut csv = String::from("candidate_id,sex,race_ethnicity\n");
    for (i, id) in ids.iter().enumerate() {
        let sex = if i % 2 == 0 { "Female" } else { "Male" };
        csv.push_str(&format!("{id},{sex},unknown\n"));
    }
    let demographics = dir.path().join("d.csv");
    std::fs::write(&demographics, &csv).unwrap();
    let audit = |extra: &[&str], csv: &Path| {
        rolematch()
            .args(["audit", "bias", "--results"])
            .arg(&results)
            .arg("--demographics")
            .arg(csv)
            .args(extra)
            .output()
            .unwrap()
    };
    let out = audit(&["--format", "json", "--selected-top", "4"], &demographics);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["individuals"].as_u64().unwrap() as usize, ids.len());
    let sex = &report["breakdowns"][0];
    assert_eq!(sex["name"], "sex");
    let female = &sex["categories"][0];
    assert_eq!(female["category"], "Female");
    // The first 4: Female, Male, Female, Male.
    assert_eq!(female["selected"], 2);
    assert_eq!(
        report["breakdowns"][1]["unknown"].as_u64().unwrap() as usize,
        ids.len()
    );
    assert_eq!(report["rankings"][0]["role_id"], "ml-engineer");
    assert_eq!(
        report["rankings"][0]["file"]["sha256"]
            .as_str()
            .unwrap()
            .len(),
        64
    );

    let html_path = dir.path().join("report.html");
    let out = audit(
        &["--format", "html", "--out", html_path.to_str().unwrap()],
        &demographics,
    );
    assert!(matches!(out.status.code(), Some(0 | 1)));
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains("Impact ratio") && html.contains("ml-engineer"));

    // A duplicate id is named with its file and line; exit 2.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, format!("{csv}{},Male,White\n", ids[0])).unwrap();
    let out = audit(&[], &bad);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(
        message.contains("bad.csv: line") && message.contains("appears twice"),
        "{message}"
    );
}

#[test]
fn a_blind_pool_knows_candidates_by_pseudonym_and_reveal_is_recorded() {
    model_files();
    let home = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    // File names that are the people's names, as recruiters' folders often have them.
    let files = [
        ("maria-garcia.md", "01-name-email-a.md"),
        ("james-oconnor.md", "01-name-email-b.md"),
    ];
    for (name, source) in files {
        std::fs::copy(pairs_dir().join(source), folder.path().join(name)).unwrap();
    }
    let audited = || {
        let mut cmd = rolematch();
        cmd.env_remove("ROLEMATCH_NO_AUDIT_LOG")
            .env("ROLEMATCH_HOME", home.path())
            .arg("--model-dir")
            .arg(&model_files().dir);
        cmd
    };
    let run = |cmd: &mut std::process::Command| {
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{cmd:?}: {}", stderr(&out));
        stdout(&out)
    };
    run(audited()
        .args(["pool", "build", "--blind", "--pool", "shortlist"])
        .arg(folder.path()));
    // Building again recognises the same files under the same pseudonyms.
    let again = run(audited()
        .args(["pool", "build", "--pool", "shortlist"])
        .arg(folder.path()));
    assert!(again.contains("2 unchanged"), "{again}");

    let ranked = run(audited().args([
        "rank",
        "--pool",
        "shortlist",
        "--role",
        "llm-engineer",
        "--format",
        "json",
        // One resume under two names, as a paired audit sends it: both are ranked.
        "--keep-duplicates",
    ]));
    let ids: Vec<String> = json(&ranked)["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["candidate_id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    for id in &ids {
        assert!(id.starts_with("candidate-"), "{id}");
    }
    let mut everything = String::new();
    for path in files_under(home.path()) {
        everything.push_str(&String::from_utf8_lossy(&std::fs::read(path).unwrap()));
    }
    everything.push_str(&ranked);
    for name in ["maria-garcia", "james-oconnor", "Garcia", "O'Connor"] {
        assert!(
            !everything.contains(name),
            "{name} is in the home or the ranking"
        );
    }

    // Reveal maps the pseudonym back to its file, given the folder, and is recorded.
    let revealed = run(audited()
        .args([
            "pool",
            "reveal",
            "--pool",
            "shortlist",
            "--format",
            "csv",
            "--from",
        ])
        .arg(folder.path())
        .arg(&ids[0]));
    let lines: Vec<&str> = revealed.lines().collect();
    assert_eq!(lines.len(), 2, "{revealed}");
    assert_eq!(lines[0], "candidate_id,file");
    assert!(lines[1].starts_with(&format!("{},", ids[0])), "{revealed}");
    let revealed_file = lines[1].rsplit('/').next().unwrap();
    let log = std::fs::read_to_string(home.path().join("audit/log.jsonl")).unwrap();
    let reveal = log
        .lines()
        .map(json)
        .find(|r| r["action"] == "pool.reveal")
        .expect("a pool.reveal record");
    assert_eq!(reveal["subjects"][0]["id"], ids[0].as_str());
    assert!(!log.contains(revealed_file));

    // A bias audit keyed by file names is joined to the pseudonyms through the reveal CSV.
    let all = run(audited()
        .args([
            "pool",
            "reveal",
            "--pool",
            "shortlist",
            "--format",
            "csv",
            "--from",
        ])
        .arg(folder.path()));
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("ids.csv"), &all).unwrap();
    std::fs::write(work.path().join("rank.json"), &ranked).unwrap();
    std::fs::write(
        work.path().join("self-id.csv"),
        "candidate_id,sex,race_ethnicity\nmaria-garcia.md,Female,Hispanic or Latino\njames-oconnor.md,Male,White\n",
    )
    .unwrap();
    let audit = |with_ids: bool| {
        let mut cmd = audited();
        cmd.current_dir(work.path()).args([
            "audit",
            "bias",
            "--results",
            "rank.json",
            "--demographics",
            "self-id.csv",
            "--format",
            "json",
        ]);
        if with_ids {
            cmd.args(["--ids", "ids.csv"]);
        }
        cmd.output().unwrap()
    };
    let without = audit(false);
    assert_eq!(without.status.code(), Some(2), "{}", stderr(&without));
    assert!(
        stderr(&without).contains("maria-garcia.md"),
        "{}",
        stderr(&without)
    );
    let report = audit(true);
    assert!(report.status.code().unwrap_or(2) < 2, "{}", stderr(&report));
    let report = json(&stdout(&report));
    assert_eq!(report["individuals"], 2);
    assert_eq!(report["id_map"]["path"], "ids.csv");
    assert_eq!(report["breakdowns"][0]["unknown"], 0, "{report}");

    // An erasure request comes by name: the file's id removes its candidate.
    let forgotten = run(audited()
        .args(["forget", "--pool", "shortlist"])
        .arg(revealed_file));
    assert!(forgotten.contains("removed 1 of 1"), "{forgotten}");
    let listed = run(audited().args(["pool", "list", "--pool", "shortlist"]));
    assert!(
        !listed.contains(&ids[0]) && listed.contains(&ids[1]),
        "{listed}"
    );

    // A reveal that could not be recorded is refused.
    let out = audited()
        .args([
            "--no-audit-log",
            "pool",
            "reveal",
            "--pool",
            "shortlist",
            "--from",
        ])
        .arg(folder.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("must be recorded"),
        "{}",
        stderr(&out)
    );

    // A pool that is not blind has nothing to reveal.
    run(audited()
        .args(["pool", "build", "--pool", "open"])
        .arg(folder.path()));
    let out = audited()
        .args(["pool", "reveal", "--pool", "open", "--from"])
        .arg(folder.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("has no pseudonyms"),
        "{}",
        stderr(&out)
    );

    // An access request by the person's file name finds their pseudonym, and is recorded;
    // without the audit log, linking a name to a pseudonym is refused.
    let remaining = if revealed_file == "maria-garcia.md" {
        "james-oconnor.md"
    } else {
        "maria-garcia.md"
    };
    let exported = run(audited().args([
        "export-candidate",
        remaining,
        "--pool",
        "shortlist",
        "--format",
        "json",
    ]));
    let exported = json(&exported);
    assert!(
        exported["candidate_id"]
            .as_str()
            .unwrap()
            .starts_with("candidate-"),
        "{exported}"
    );
    let log = std::fs::read_to_string(home.path().join("audit/log.jsonl")).unwrap();
    assert!(log.lines().map(json).any(|r| r["action"] == "export"));
    let unaudited = audited()
        .args([
            "--no-audit-log",
            "export-candidate",
            remaining,
            "--pool",
            "shortlist",
        ])
        .output()
        .unwrap();
    assert_eq!(unaudited.status.code(), Some(2), "{}", stderr(&unaudited));
    assert!(
        stderr(&unaudited).contains("audit log is off"),
        "{}",
        stderr(&unaudited)
    );
}
