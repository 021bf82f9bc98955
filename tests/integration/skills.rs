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

#[derive(Deserialize)]
struct Sentences {
    case: Vec<Sentence>,
}

#[derive(Deserialize)]
struct Sentence {
    kind: String,
    text: String,
    #[serde(default)]
    present: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
    /// Ordinary English: every skill found is a false positive.
    #[serde(default)]
    exact: bool,
    /// Written after the rules were settled, to check that they generalise.
    #[serde(default)]
    held_out: bool,
}

/// Misses and false positives of one sentence, given the skills found in it.
fn judge(
    case: &Sentence,
    found: &[String],
    misses: &mut Vec<String>,
    false_hits: &mut Vec<String>,
) {
    for id in &case.present {
        if !found.contains(id) {
            misses.push(format!("[{}] missed {id}: {:?}", case.kind, case.text));
        }
    }
    for id in found {
        let wrong = case.absent.contains(id) || (case.exact && !case.present.contains(id));
        if wrong {
            false_hits.push(format!("[{}] false {id}: {:?}", case.kind, case.text));
        }
    }
}

#[test]
fn hard_sentences_reach_the_recall_target_with_no_false_positives() {
    let cases: Sentences =
        toml::from_str(&std::fs::read_to_string(fixture("skills_sentences.toml")).unwrap())
            .unwrap();
    assert!(cases.case.len() >= 150, "{} sentences", cases.case.len());
    let taxonomy = Taxonomy::builtin().unwrap();
    let extractor = SkillExtractor::new(taxonomy.clone());
    for case in &cases.case {
        for id in case.present.iter().chain(&case.absent) {
            assert!(taxonomy.contains(id), "fixture names unknown skill {id}");
        }
    }
    let ids = |hits: Vec<rolematch::skills::SkillHit>| -> Vec<String> {
        hits.into_iter().map(|h| h.skill).collect()
    };
    // Each sentence alone, as a one-line input.
    let (mut misses, mut false_hits) = (Vec::new(), Vec::new());
    for case in &cases.case {
        let found = ids(extractor.extract(&document_from_text("t", &case.text)).hits);
        judge(case, &found, &mut misses, &mut false_hits);
    }
    // All of them as one resume, a paragraph each: line 2k + 1 holds sentence k.
    let resume: Vec<&str> = cases.case.iter().map(|c| c.text.as_str()).collect();
    let hits = extractor
        .extract(&document_from_text("resume.md", &resume.join("\n\n")))
        .hits;
    let (mut misses_in_resume, mut false_in_resume) = (Vec::new(), Vec::new());
    for (k, case) in cases.case.iter().enumerate() {
        let found: Vec<String> = hits
            .iter()
            .filter(|h| h.line == 2 * k + 1)
            .map(|h| h.skill.clone())
            .collect();
        judge(case, &found, &mut misses_in_resume, &mut false_in_resume);
    }
    let wanted: usize = cases.case.iter().map(|c| c.present.len()).sum();
    let recall = |misses: &[String]| 1.0 - misses.len() as f64 / wanted as f64;
    let held_out: Vec<&Sentence> = cases.case.iter().filter(|c| c.held_out).collect();
    let (mut held_misses, mut held_false) = (Vec::new(), Vec::new());
    for case in &held_out {
        let found = ids(extractor.extract(&document_from_text("t", &case.text)).hits);
        judge(case, &found, &mut held_misses, &mut held_false);
    }
    let held_wanted: usize = held_out.iter().map(|c| c.present.len()).sum();
    eprintln!(
        "held out: {} sentences, {held_wanted} skills: recall {:.3}, false positives {}",
        held_out.len(),
        1.0 - held_misses.len() as f64 / held_wanted as f64,
        held_false.len()
    );
    eprintln!(
        "{} sentences, {wanted} skills to find: recall {:.3} alone, {:.3} in one resume; \
         false positives {} alone, {} in one resume",
        cases.case.len(),
        recall(&misses),
        recall(&misses_in_resume),
        false_hits.len(),
        false_in_resume.len()
    );
    for line in misses.iter().chain(&false_hits) {
        eprintln!("  {line}");
    }
    assert!(false_hits.is_empty(), "{false_hits:#?}");
    assert!(false_in_resume.is_empty(), "{false_in_resume:#?}");
    assert!(recall(&misses) >= 0.95, "{misses:#?}");
    assert!(recall(&misses_in_resume) >= 0.95, "{misses_in_resume:#?}");
}

#[test]
fn general_sentences_find_the_trades_skills_with_no_false_positives() {
    let cases: Sentences =
        toml::from_str(&std::fs::read_to_string(fixture("skills_general_sentences.toml")).unwrap())
            .unwrap();
    assert!(cases.case.len() >= 60, "{} sentences", cases.case.len());
    let taxonomy = Taxonomy::builtin().unwrap();
    let extractor = SkillExtractor::new(taxonomy.clone());
    let (mut misses, mut false_hits) = (Vec::new(), Vec::new());
    // Every general skill found, and those a careful reader would not: precision.
    let (mut general_found, mut general_wrong) = (0usize, 0usize);
    for case in &cases.case {
        for id in case.present.iter().chain(&case.absent) {
            assert!(taxonomy.contains(id), "fixture names unknown skill {id}");
        }
        let mut found: Vec<String> = extractor
            .extract(&document_from_text("t", &case.text))
            .hits
            .into_iter()
            .map(|h| h.skill)
            .collect();
        found.dedup();
        let before = false_hits.len();
        judge(case, &found, &mut misses, &mut false_hits);
        general_wrong += false_hits[before..]
            .iter()
            .filter(|f| f.contains("false esco-"))
            .count();
        general_found += found.iter().filter(|id| id.starts_with("esco-")).count();
        // A general skill found that the sentence does not name at all is wrong too.
        for id in found.iter().filter(|id| id.starts_with("esco-")) {
            if !case.present.contains(id) && !case.absent.contains(id) && !case.exact {
                misses.push(format!("[{}] unexpected {id}: {:?}", case.kind, case.text));
                general_wrong += 1;
            }
        }
    }
    let wanted: usize = cases.case.iter().map(|c| c.present.len()).sum();
    let missed = misses.iter().filter(|m| m.contains("] missed ")).count();
    let recall = 1.0 - missed as f64 / wanted as f64;
    let precision = 1.0 - general_wrong as f64 / general_found.max(1) as f64;
    eprintln!(
        "{} general sentences, {wanted} skills to find: recall {recall:.3}; \
         {general_found} general skills found, precision {precision:.3}; false positives {}",
        cases.case.len(),
        false_hits.len()
    );
    for line in misses.iter().chain(&false_hits) {
        eprintln!("  {line}");
    }
    assert!(false_hits.is_empty(), "{false_hits:#?}");
    assert!(precision >= 0.9, "{misses:#?}");
    assert!(recall >= 0.9, "{misses:#?}");
}
