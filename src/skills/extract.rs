//! Finding skill mentions in a document: whole-word, alias-aware, with case and context rules
//! for ambiguous terms, each hit keeping its line and span.

use std::collections::{BTreeMap, BTreeSet};

/// A line naming this many distinct skills is a list, not evidence of use.
const LISTING_MIN_SKILLS: usize = 5;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::Serialize;

use super::Taxonomy;
use crate::read::sections::SectionKind;
use crate::read::Document;

/// One mention of a skill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkillHit {
    /// The skill's id in the taxonomy.
    pub skill: String,
    /// 1-based line number.
    pub line: usize,
    /// Byte span within the line.
    pub start: usize,
    pub end: usize,
    /// The text as written in the document.
    pub text: String,
}

/// All skill mentions of one document, in reading order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SkillHits {
    pub hits: Vec<SkillHit>,
}

impl SkillHits {
    pub fn contains(&self, skill: &str) -> bool {
        self.hits.iter().any(|h| h.skill == skill)
    }

    /// Lines that only list skills — a "Skills:" line, a line under a Skills heading, or one
    /// naming five or more skills — as opposed to lines that show them in use.
    pub fn listing_lines(&self, doc: &Document) -> BTreeSet<usize> {
        let mut per_line: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
        for hit in &self.hits {
            per_line
                .entry(hit.line)
                .or_default()
                .insert(hit.skill.as_str());
        }
        per_line
            .into_iter()
            .filter(|(line, skills)| {
                let text = doc
                    .line(*line)
                    .trim_start_matches(['#', '*', '-', ' '])
                    .to_lowercase();
                skills.len() >= LISTING_MIN_SKILLS
                    || doc
                        .section_at(*line)
                        .is_some_and(|s| s.kind == SectionKind::Skills)
                    || text.starts_with("skills")
                    || text.starts_with("languages")
            })
            .map(|(line, _)| line)
            .collect()
    }

    /// Each skill found, with the lines that mention it (sorted, without repeats).
    pub fn lines_by_skill(&self) -> BTreeMap<&str, Vec<usize>> {
        let mut map: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for hit in &self.hits {
            let lines = map.entry(hit.skill.as_str()).or_default();
            if lines.last() != Some(&hit.line) {
                lines.push(hit.line);
            }
        }
        map
    }
}

/// Finds skills of a taxonomy in text. Build once, use for many documents.
#[derive(Clone)]
pub struct SkillExtractor {
    taxonomy: Taxonomy,
    automaton: AhoCorasick,
    /// For each pattern: the skill's index in the taxonomy and the surface form.
    patterns: Vec<(usize, String)>,
}

/// A match that passed the word and case checks, before overlaps and context are resolved.
struct Candidate {
    skill: usize,
    line: usize,
    start: usize,
    end: usize,
}

impl SkillExtractor {
    pub fn new(taxonomy: Taxonomy) -> Self {
        let mut patterns = Vec::new();
        for (i, skill) in taxonomy.skills().iter().enumerate() {
            let mut seen = std::collections::HashSet::new();
            for form in skill.surface_forms() {
                let key = if skill.case_sensitive {
                    form.to_string()
                } else {
                    form.to_lowercase()
                };
                if seen.insert(key) {
                    patterns.push((i, form.to_string()));
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(patterns.iter().map(|(_, form)| form.as_str()))
            .expect("skill patterns build an automaton");
        SkillExtractor {
            taxonomy,
            automaton,
            patterns,
        }
    }

    pub fn taxonomy(&self) -> &Taxonomy {
        &self.taxonomy
    }

    /// Every skill mention in the document.
    pub fn extract(&self, doc: &Document) -> SkillHits {
        let mut candidates = Vec::new();
        for (line_no, line) in doc.lines() {
            let mut in_line: Vec<Candidate> = self
                .automaton
                .find_overlapping_iter(line)
                .filter(|m| self.accepts(line, m.pattern().as_usize(), m.start(), m.end()))
                .map(|m| Candidate {
                    skill: self.patterns[m.pattern().as_usize()].0,
                    line: line_no,
                    start: m.start(),
                    end: m.end(),
                })
                .collect();
            // The longest mention at the leftmost position wins; overlapping ones are dropped.
            in_line.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end), c.skill));
            let mut last_end = 0;
            for c in in_line {
                if c.start >= last_end {
                    last_end = c.end;
                    candidates.push(c);
                }
            }
        }
        let skills = self.taxonomy.skills();
        // Lines with an anchoring skill, looked up in constant time: a line of a million skill
        // names must not cost a million times a million.
        let mut anchored = vec![false; doc.line_count() + 2];
        for c in &candidates {
            if !skills[c.skill].needs_context && skills[c.skill].anchors_context {
                anchored[c.line] = true;
            }
        }
        let near_anchor = |line: usize| anchored[line - 1] || anchored[line] || anchored[line + 1];
        let hits = candidates
            .into_iter()
            .filter(|c| !skills[c.skill].needs_context || near_anchor(c.line))
            .map(|c| SkillHit {
                skill: skills[c.skill].id.clone(),
                line: c.line,
                start: c.start,
                end: c.end,
                text: doc.line(c.line)[c.start..c.end].to_string(),
            })
            .collect();
        SkillHits { hits }
    }

    /// Word boundaries, capitalisation and the skill's before/after rules.
    fn accepts(&self, line: &str, pattern: usize, start: usize, end: usize) -> bool {
        let (skill_index, form) = &self.patterns[pattern];
        let skill = &self.taxonomy.skills()[*skill_index];
        let before = line[..start].chars().next_back();
        let after = line[end..].chars().next();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            return false;
        }
        if after.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '+' | '#')) {
            return false;
        }
        if skill.case_sensitive && &line[start..end] != form {
            return false;
        }
        // Only as many characters as the longest rule are lowercased, not the rest of the line:
        // the work per mention stays constant on a line of any length.
        if !skill.not_followed_by.is_empty() {
            let rest = lowercase_prefix(&line[end..], longest(&skill.not_followed_by));
            if skill
                .not_followed_by
                .iter()
                .any(|s| rest.starts_with(&s.to_lowercase()))
            {
                return false;
            }
        }
        if skill.not_preceded_by.is_empty() {
            return true;
        }
        let head = lowercase_suffix(&line[..start], longest(&skill.not_preceded_by));
        !skill
            .not_preceded_by
            .iter()
            .any(|s| head.ends_with(&s.to_lowercase()))
    }
}

/// Characters in the longest of `rules`.
fn longest(rules: &[String]) -> usize {
    rules.iter().map(|r| r.chars().count()).max().unwrap_or(0)
}

/// The first `chars` characters of `text`, lowercased.
fn lowercase_prefix(text: &str, chars: usize) -> String {
    let end = text
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i);
    text[..end].to_lowercase()
}

/// The last `chars` characters of `text`, lowercased.
fn lowercase_suffix(text: &str, chars: usize) -> String {
    let start = text
        .char_indices()
        .rev()
        .nth(chars.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let start = if chars == 0 { text.len() } else { start };
    text[start..].to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::document_from_text;

    fn skills_in(text: &str) -> Vec<String> {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let hits = extractor.extract(&document_from_text("t", text));
        let mut ids: Vec<String> = hits.hits.into_iter().map(|h| h.skill).collect();
        ids.dedup();
        ids
    }

    #[test]
    fn finds_aliases_with_line_and_span() {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let doc = document_from_text("t", "Summary\nBuilt RAG with pgvector and LangChain.");
        let hits = extractor.extract(&doc);
        let rag = hits.hits.iter().find(|h| h.skill == "rag").unwrap();
        assert_eq!(
            (rag.line, rag.start, rag.end, rag.text.as_str()),
            (2, 6, 9, "RAG")
        );
        assert!(hits.contains("pgvector") && hits.contains("langchain"));
    }

    #[test]
    fn ambiguous_terms_do_not_fire_in_ordinary_prose() {
        let prose = [
            "Led the go to market plan for a new region.",
            "Managed an R&D budget of two million.",
            "Ray joined the team in spring.",
            "Built a modal dialog for the settings page.",
            "Cleaned rust off the old bridge.",
            "Delivered swift results for C-level executives.",
            "Julia and I organised the offsite.",
            "We used the Vercel platform for hosting.",
            "Ready to go live in May.",
        ];
        let forbidden = [
            "go",
            "r",
            "ray",
            "modal",
            "rust",
            "swift",
            "c",
            "julia",
            "vercel-ai-sdk",
            "scala",
            "spark",
        ];
        for sentence in prose {
            let found = skills_in(sentence);
            for f in forbidden {
                assert!(
                    !found.contains(&f.to_string()),
                    "{f} found in {sentence:?}: {found:?}"
                );
            }
        }
    }

    #[test]
    fn ambiguous_terms_fire_among_other_skills() {
        let found =
            skills_in("Languages: Python, Go, Rust, R, C, Scala, Julia\nInfra: Ray, Modal, Spark");
        for id in [
            "python", "go", "rust", "r", "c", "scala", "julia", "ray", "modal", "spark",
        ] {
            assert!(found.contains(&id.to_string()), "{id} missing: {found:?}");
        }
        let sdk = skills_in("Shipped chat with the Vercel AI SDK on Vercel.");
        assert!(sdk.contains(&"vercel-ai-sdk".to_string()) && sdk.contains(&"vercel".to_string()));
    }

    #[test]
    fn skills_lines_and_dense_lines_are_listings() {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let doc = document_from_text(
            "t",
            "Built RAG with pgvector for support.\nSkills: Python, Go\nPython, PyTorch, Docker, Kubernetes, Terraform, AWS",
        );
        let hits = extractor.extract(&doc);
        let listing: Vec<usize> = hits.listing_lines(&doc).into_iter().collect();
        assert_eq!(listing, vec![2, 3]);
        let sectioned = document_from_text(
            "t",
            "Experience\nBuilt RAG with pgvector.\nTECHNICAL SKILLS\nPython\nDocker\nEducation\nPython course",
        );
        let hits = extractor.extract(&sectioned);
        let listing: Vec<usize> = hits.listing_lines(&sectioned).into_iter().collect();
        assert_eq!(listing, vec![4, 5]);
    }

    #[test]
    fn words_inside_words_are_not_skills() {
        let found = skills_in("Googled, ragged, mlflowing, CUDAish, reacted");
        assert!(found.is_empty(), "{found:?}");
        let found = skills_in("C++ and C# services");
        assert_eq!(found, vec!["cpp".to_string(), "csharp".to_string()]);
    }
}
