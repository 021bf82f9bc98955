//! Use cases that do not need the real model, run in this process through the library's
//! `Workspace` with the stand-in embedder: what the pools and the audit log keep of a person,
//! on disk, with the real reader, files and audit log. The real model's path is proven end to
//! end by the binary's tests beside these.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rolematch::app::{Candidates, IngestOptions, Opening, RankRequest};
use rolematch::audit::{AuditLog, Record};
use rolematch::embed::FakeEmbedder;
use rolematch::{Selection, Workspace, WorkspaceConfig};

use crate::common::{files_under, fixture};

const WAIT: Duration = Duration::from_secs(10);

/// A workspace under `home` with its audit log on, acting as a recruiter, with the stand-in
/// model.
fn workspace(home: &Path) -> Workspace {
    let mut config = WorkspaceConfig::new(home);
    config.audit = Some(AuditLog::under(home));
    config.actor = "recruiter-7".into();
    Workspace::open(config)
        .unwrap()
        .with_embedder(Box::new(FakeEmbedder { dimensions: 64 }))
        .unwrap()
}

fn records(home: &Path) -> Vec<Record> {
    AuditLog::under(home).records(None, None).unwrap()
}

/// Adds every file of `folder` to pool `pool`, each known by its file name.
fn add_folder(ws: &Workspace, pool: &str, folder: &Path) -> rolematch::app::IngestReport {
    let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    files.sort();
    ws.add_files(pool, &files, IngestOptions::default(), WAIT, &mut |_, _| {})
        .unwrap()
}

fn rank_role(ws: &Workspace, role: &str, pool: &str) -> rolematch::app::Ranking {
    ws.rank(RankRequest {
        opening: Opening::Role(role.into()),
        candidates: Candidates::Pool(pool.into()),
        selection: Selection::rank_default(),
        blind: false,
        save_as: None,
    })
    .unwrap()
}

#[test]
fn pool_changes_and_rankings_are_recorded_by_id_and_hash_never_by_text() {
    let home = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let names = ["llmops-engineer.md", "voice-ai-engineer.md"];
    for name in names {
        std::fs::copy(fixture("resumes").join(name), folder.path().join(name)).unwrap();
    }
    let ws = workspace(home.path());
    let added = add_folder(&ws, "p", folder.path());
    assert_eq!(added.added.len(), 2);
    let ranking = rank_role(&ws, "llmops-engineer", "p");
    let removal = ws
        .remove("p", &["voice-ai-engineer.md".into()], WAIT)
        .unwrap();
    assert_eq!(removal.candidates_left, 1);

    let log = records(home.path());
    let actions: Vec<&str> = log.iter().map(|r| r.event.action.as_str()).collect();
    assert_eq!(actions, ["pool.add", "rank", "pool.remove"]);
    for (i, r) in log.iter().enumerate() {
        assert_eq!(r.seq, i as u64 + 1);
        assert_eq!(r.event.who, "recruiter-7");
        assert_eq!(r.event.model, "fake@0");
        assert_eq!(r.event.pool.as_deref(), Some("p"));
        assert!(r.event.settings["weights"]["semantic"].is_number(), "{r:?}");
    }
    // The ranking is recorded as it was given: ids and scores, best first.
    let rank = &log[1].event;
    let given: Vec<(&str, f32)> = ranking
        .candidates
        .iter()
        .map(|c| (c.candidate_id.as_str(), c.result.score))
        .collect();
    let recorded: Vec<(&str, f32)> = rank
        .ranked
        .iter()
        .map(|r| (r.id.as_str(), r.score))
        .collect();
    assert_eq!(recorded, given);
    assert_eq!(rank.opening.as_deref(), Some("llmops-engineer"));
    assert!(rank.subjects.iter().all(|s| s.content_hash.len() == 64));
    assert_eq!(log[2].event.subjects[0].id, "", "a removal names no id");

    let raw = std::fs::read_to_string(home.path().join("audit/log.jsonl")).unwrap();
    for name in names {
        let text = std::fs::read_to_string(folder.path().join(name)).unwrap();
        for line in text.lines().filter(|l| l.len() > 30) {
            assert!(!raw.contains(line), "resume text in the audit log: {line}");
        }
    }
}

#[test]
fn a_forgotten_candidate_is_gone_from_every_file_under_the_home() {
    let home = tempfile::tempdir().unwrap();
    let folder = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(fixture("resumes/llmops-engineer.md")).unwrap();
    let person = "Quentin Marlowe-Ibsen";
    let email = "quentin.marlowe@example.org";
    std::fs::write(
        folder.path().join("cand-17.md"),
        format!("# {person}\n{email}\n\n{base}"),
    )
    .unwrap();
    std::fs::copy(
        fixture("resumes/ml-engineer.md"),
        folder.path().join("cand-18.md"),
    )
    .unwrap();
    let ws = workspace(home.path());
    add_folder(&ws, "p", folder.path());
    rank_role(&ws, "llmops-engineer", "p");
    // Added again unchanged, then forgotten: no generation on disk keeps the text.
    add_folder(&ws, "p", folder.path());
    let removal = ws.remove("p", &["cand-17.md".into()], WAIT).unwrap();
    assert_eq!(removal.removed, ["cand-17.md"]);

    let mut needles = vec![person.to_string(), email.to_string()];
    needles.extend(base.lines().filter(|l| l.len() > 30).map(str::to_string));
    for needle in &needles {
        let found = crate::pools::files_containing(home.path(), needle);
        assert!(found.is_empty(), "{needle:?} is still in {found:?}");
    }
    let left: Vec<String> = ws
        .pool_candidates("p")
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(left, ["cand-18.md"]);
    assert_eq!(
        records(home.path()).last().unwrap().event.action,
        "pool.remove"
    );
    let check = ws
        .verify_audit_log(None, &rolematch::audit::Expectations::default())
        .unwrap();
    assert!(
        matches!(&check.outcome, rolematch::app::AuditOutcome::Checked(v) if v.problem.is_none()),
        "{check:?}"
    );
}

#[test]
fn a_blind_pool_of_real_resumes_keeps_no_word_of_their_names() {
    // Each real resume (written by others, in their formats) in a blind pool of its own: no
    // file under the home holds a word of the name its header gives ("Molly A. Adams",
    // "Jane Q. Fullstacker", "First name: Nancy" / "Last name: Jackson").
    #[derive(serde::Deserialize)]
    struct Facts {
        resumes: std::collections::BTreeMap<String, Resume>,
    }
    #[derive(serde::Deserialize)]
    struct Resume {
        display_name: Option<String>,
        #[serde(default)]
        placeholder: bool,
    }
    let facts: Facts =
        toml::from_str(&std::fs::read_to_string(fixture("realworld/resumes.toml")).unwrap())
            .unwrap();
    let mut checked = 0;
    for (i, (file, resume)) in facts.resumes.iter().enumerate() {
        let path = fixture("realworld/files").join(file);
        let Some(name) = resume.display_name.as_deref() else {
            continue;
        };
        if !path.exists() || resume.placeholder {
            continue;
        }
        let home = tempfile::tempdir().unwrap();
        let ws = workspace(home.path());
        let options = IngestOptions {
            blind: true,
            ..IngestOptions::default()
        };
        let report = ws
            .add_files(
                &format!("b{i}"),
                &[(file.clone(), path)],
                options,
                WAIT,
                &mut |_, _| {},
            )
            .unwrap();
        assert_eq!(report.added.len(), 1, "{file}");
        let words: Vec<String> = name
            .split_whitespace()
            .map(|w| w.trim_matches('.').to_lowercase())
            .filter(|w| w.chars().count() >= 2 && !matches!(w.as_str(), "dr" | "mr" | "ms"))
            .collect();
        for entry in files_under(home.path()) {
            let text = String::from_utf8_lossy(&std::fs::read(&entry).unwrap()).to_lowercase();
            let found: Vec<&String> = words
                .iter()
                .filter(|w| {
                    text.split(|c: char| !c.is_alphanumeric())
                        .any(|t| t == w.as_str())
                })
                .collect();
            assert!(
                found.is_empty(),
                "{file}: {found:?} of {name:?} in {entry:?}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 15, "{checked} resumes checked");
}
