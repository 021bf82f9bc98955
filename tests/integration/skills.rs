//! Skill extraction precision on tricky sentences, and `rolematch skills` on a file.

use serde::Deserialize;

use rolematch::read::document_from_text;
use rolematch::skills::{SkillExtractor, Taxonomy};

use crate::common::{example, fixture, rolematch, stdout};

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    text: String,
    #[serde(default)]
    present: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
}

#[test]
fn tricky_sentences_give_no_false_positives() {
    let cases: Cases =
        toml::from_str(&std::fs::read_to_string(fixture("skills_precision.toml")).unwrap())
            .unwrap();
    let taxonomy = Taxonomy::builtin().unwrap();
    let extractor = SkillExtractor::new(taxonomy.clone());
    let mut failures = Vec::new();
    for case in &cases.case {
        for id in case.present.iter().chain(&case.absent) {
            assert!(taxonomy.contains(id), "fixture names unknown skill {id}");
        }
        let hits = extractor.extract(&document_from_text("t", &case.text));
        for id in &case.present {
            if !hits.contains(id) {
                failures.push(format!("missed {id} in {:?}", case.text));
            }
        }
        for id in &case.absent {
            if hits.contains(id) {
                failures.push(format!("false {id} in {:?}", case.text));
            }
        }
    }
    assert!(cases.case.len() >= 25);
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn skills_command_prints_skills_with_lines() {
    let out = rolematch()
        .args(["skills", "--format", "json"])
        .arg(example("resume.md"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let text = std::fs::read_to_string(example("resume.md")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let hits = json["hits"].as_array().unwrap();
    assert!(hits.len() > 10);
    for hit in hits {
        let line = lines[hit["line"].as_u64().unwrap() as usize - 1];
        let (start, end) = (
            hit["start"].as_u64().unwrap() as usize,
            hit["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&line[start..end], hit["text"].as_str().unwrap());
    }
    let table = rolematch()
        .arg("skills")
        .arg(example("resume.md"))
        .output()
        .unwrap();
    assert!(stdout(&table).contains("pgvector"));
}

#[test]
fn every_tool_the_seeds_name_is_in_the_taxonomy() {
    let list = std::fs::read_to_string(fixture("seed_tools.txt")).unwrap();
    let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
    let mut missing = Vec::new();
    let tools: Vec<&str> = list
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    for tool in &tools {
        // Each in a list next to another skill, as on a resume's skills line.
        let line = format!("Skills: {tool}, PostgreSQL");
        let hits = extractor.extract(&document_from_text("t", &line));
        // A whole name must be one mention: "Azure AI Foundry" is not covered by "Azure". A
        // list entry "MCP (Model Context Protocol)" names one tool twice: either name counts.
        let names: Vec<&str> = match tool.split_once(" (") {
            Some((short, long)) => vec![short, long.trim_end_matches(')')],
            None => vec![tool],
        };
        let covered = hits
            .hits
            .iter()
            .any(|h| h.skill != "postgres" && names.iter().any(|n| h.text.eq_ignore_ascii_case(n)));
        if !covered {
            missing.push(*tool);
        }
    }
    assert!(tools.len() >= 70);
    assert!(missing.is_empty(), "not recognised: {missing:?}");
}
