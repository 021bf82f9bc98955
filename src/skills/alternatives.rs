//! Skills an opening names as alternatives — "fluent in Java, C#, or C++", "a framework such
//! as React, Vue or Angular", "at least one of those languages" — where one of them meets
//! what it asks.

use std::collections::{BTreeMap, BTreeSet};

use super::{SkillHit, SkillHits};
use crate::read::Document;

/// Words before a list that make its items examples or choices, not each a requirement.
const CUES: &[&str] = &[
    "one of",
    "one or more of",
    "any of",
    "either",
    "such as",
    "e.g.",
    "e.g.,",
    "eg.",
    "for example",
    "for instance",
];

/// Words that point back to the list of the sentence before: "Our core languages are Ruby,
/// Python, JavaScript, and Go. You should have extensive experience with at least one of
/// those languages." Only the sentence right before: "the above" may mean a whole list of
/// lines, so it is not one of them.
const BACK_REFERENCES: &[&str] = &[
    "one of those",
    "one of these",
    "one of them",
    "any of those",
    "any of these",
    "any of them",
    "either of those",
    "either of these",
];

/// Words before a back reference that make it ask for all of the list, not one: "each one of
/// these", "every one of them", "none of those" (whose "one of those" is not a choice).
const ALL_OF: &[&str] = &["each", "every", "not"];

/// What a document names as alternatives: groups of skills any one of which meets what it
/// asks, and skills it names only as another's alternative.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Choices {
    /// The groups, each met by any one of its skills.
    pub groups: Vec<Vec<String>>,
    /// Skills named only beside a skill the document names on its own too, as its
    /// alternative ("SQL or MongoDB" where "Strong SQL is required"): they are a way around a
    /// skill asked anyway, so they weigh as what a posting prefers, not as what it requires.
    pub optional: Vec<String>,
}

/// The [`Choices`] `doc` names among the skills `hits` found in it: groups of skills (ids, at
/// least two each, in the order written) that it names as alternatives. A run of skills
/// strung together by commas, "or", "and" or slashes is a group when "or" joins two of them
/// ("Java, C#, or C++"; a run split at its "and"s, so "Python or Go, and SQL" groups Python
/// and Go only), when a cue comes right before it ("such as AWS, GCP and Azure"), or when the
/// next sentence refers back to it ("… at least one of those"). A skill the document also
/// names outside every group is asked for on its own, so it leaves its group, and what it
/// leaves alone there is `optional`; a skill stays in the first group that holds it.
pub(crate) fn alternatives(doc: &Document, hits: &SkillHits) -> Choices {
    let mut by_line: BTreeMap<usize, Vec<&SkillHit>> = BTreeMap::new();
    for hit in hits.written() {
        by_line.entry(hit.line).or_default().push(hit);
    }
    let mut runs_found: Vec<Vec<&SkillHit>> = Vec::new();
    // The last run of the sentence before, for a back reference.
    let mut previous_run: Option<Vec<&SkillHit>> = None;
    for (line_no, line) in doc.lines() {
        let mut on_line = by_line.remove(&line_no).unwrap_or_default();
        on_line.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        on_line.dedup_by(|later, earlier| later.start < earlier.end);
        let mut sentence_start = 0;
        for sentence_end in sentence_ends(line) {
            let sentence = &line[sentence_start..sentence_end];
            let in_sentence: Vec<&SkillHit> = on_line
                .iter()
                .copied()
                .filter(|h| h.start >= sentence_start && h.end <= sentence_end)
                .collect();
            if in_sentence.len() < 2 && refers_back(sentence) {
                if let Some(run) = previous_run.take() {
                    runs_found.push(run);
                }
            }
            let runs = runs(line, &in_sentence);
            for run in &runs {
                if ends_with_cue(&line[sentence_start..run[0].start]) {
                    runs_found.push(run.clone());
                } else {
                    for part in split_at_and(line, run) {
                        if joined_by_or(line, &part) {
                            runs_found.push(part);
                        }
                    }
                }
            }
            if let Some(last) = runs.into_iter().last() {
                previous_run = Some(last);
            } else if !sentence.trim().is_empty() {
                previous_run = None;
            }
            sentence_start = sentence_end;
        }
    }
    let grouped: BTreeSet<(usize, usize)> = runs_found
        .iter()
        .flatten()
        .map(|h| (h.line, h.start))
        .collect();
    let on_its_own: BTreeSet<&str> = hits
        .written()
        .filter(|h| !grouped.contains(&(h.line, h.start)))
        .map(|h| h.skill.as_str())
        .collect();
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut taken: BTreeSet<&str> = BTreeSet::new();
    // Skills left alone in their run because the others are asked for on their own.
    let mut left_alone: Vec<String> = Vec::new();
    for run in &runs_found {
        let mut group: Vec<String> = Vec::new();
        for hit in run {
            let id = hit.skill.as_str();
            if !on_its_own.contains(id) && !taken.contains(id) && !group.iter().any(|g| g == id) {
                group.push(id.to_string());
            }
        }
        if group.len() >= 2 {
            for hit in run {
                taken.insert(hit.skill.as_str());
            }
            groups.push(group);
        } else if run.iter().any(|h| on_its_own.contains(h.skill.as_str())) {
            left_alone.extend(group);
        }
    }
    let mut optional: Vec<String> = Vec::new();
    for id in left_alone {
        if !taken.contains(id.as_str()) && !optional.contains(&id) {
            optional.push(id);
        }
    }
    Choices { groups, optional }
}

/// Whether a sentence asks for one of the list before it ("at least one of those languages"),
/// a cue standing as whole words and not after "each", "every" or "not".
fn refers_back(sentence: &str) -> bool {
    let words: Vec<String> = sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    BACK_REFERENCES.iter().any(|cue| {
        let cue: Vec<&str> = cue.split(' ').collect();
        words.windows(cue.len()).enumerate().any(|(at, window)| {
            window.iter().zip(&cue).all(|(w, c)| w == c)
                && !at
                    .checked_sub(1)
                    .is_some_and(|before| ALL_OF.contains(&words[before].as_str()))
        })
    })
}

/// Where each sentence of `line` ends (after its full stop), the line's end last. A full stop
/// inside "e.g.", "i.e." or a version ("3.5") ends nothing.
fn sentence_ends(line: &str) -> Vec<usize> {
    let mut ends = Vec::new();
    let bytes = line.as_bytes();
    for (at, c) in line.char_indices() {
        if !matches!(c, '.' | '!' | '?' | ';') {
            continue;
        }
        let next = bytes.get(at + 1).copied();
        let ends_here = next.is_none_or(|b| b == b' ');
        // Only the three bytes before the stop: the work per stop stays constant.
        let before = &bytes[at.saturating_sub(3)..at];
        let abbreviation = [b"e.g", b"i.e", b" eg"]
            .iter()
            .any(|a| before.eq_ignore_ascii_case(&a[..]));
        if ends_here && !abbreviation {
            ends.push(at + 1);
        }
    }
    if ends.last() != Some(&line.len()) {
        ends.push(line.len());
    }
    ends
}

/// Runs of at least two distinct skills with only separators between them.
fn runs<'h>(line: &str, hits: &[&'h SkillHit]) -> Vec<Vec<&'h SkillHit>> {
    let mut runs: Vec<Vec<&SkillHit>> = Vec::new();
    let mut current: Vec<&SkillHit> = Vec::new();
    for &hit in hits {
        let joined = current
            .last()
            .is_some_and(|last| separator(&line[last.end..hit.start]).is_some());
        if !joined {
            runs.push(std::mem::take(&mut current));
        }
        current.push(hit);
    }
    runs.push(current);
    runs.retain(|run| run.iter().any(|h| h.skill != run[0].skill));
    runs
}

/// What joins two skills in a list: `Some(true)` for "or", `Some(false)` for a comma, "and",
/// a slash or nothing; `None` for anything else (a list of skills is not joined by words).
/// An item or two the taxonomy does not know may stand between them in a comma list ("market
/// research, survey analysis, or customer support").
fn separator(gap: &str) -> Option<bool> {
    // Skills side by side with only a space between are not a list ("Python Django or Flask"
    // asks for Python, and for Django or Flask).
    if gap.chars().all(char::is_whitespace) && !gap.is_empty() {
        return None;
    }
    let compact = gap
        .trim()
        .trim_start_matches(')')
        .trim()
        .to_lowercase()
        .replace(' ', "");
    match compact.as_str() {
        "or" | ",or" | "and/or" | ",and/or" | "or/and" => Some(true),
        "" | "," | "and" | ",and" | "/" | "&" | ",&" | "|" => Some(false),
        _ => unknown_items_between(gap),
    }
}

/// The joint of a comma list of choices whose gap between two skills holds one or two other
/// items of a few plain words each (", survey analysis, or "): `Some(true)` when "or" joins
/// the list, else `None`, so an item the taxonomy does not know never lengthens a list of
/// skills each asked for, or one after a cue. A gap that says anything more ("experience
/// with", "in", a sentence) or qualifies the skill before it ("Python, preferably Django or
/// Flask" asks for Python, and for Django or Flask) is no list.
fn unknown_items_between(gap: &str) -> Option<bool> {
    const CONJUNCTIONS: &[&str] = &["or", "and", "and/or"];
    #[rustfmt::skip]
    const NOT_AN_ITEM: &[&str] = &[
        "with", "in", "of", "for", "to", "on", "at", "by", "as", "from", "the", "a", "an", "you",
        "we", "i", "must", "should", "will", "is", "are", "be", "experience", "years", "year",
        "including", "such", "like", "e.g", "etc", "preferably", "ideally", "especially",
        "particularly", "plus", "also", "mainly", "primarily", "mostly", "notably",
        "specifically", "then", "not", "but", "ideal", "strong", "solid", "good",
    ];
    let gap = gap.to_lowercase();
    let mut pieces = gap.split(',');
    // The gap opens with the comma that ends the first skill's item.
    if !pieces.next()?.trim().is_empty() {
        return None;
    }
    let (mut items, mut or) = (0, false);
    for piece in pieces {
        let mut words: Vec<&str> = piece.split_whitespace().collect();
        while let Some(&first) = words.first().filter(|w| CONJUNCTIONS.contains(w)) {
            or |= first != "and";
            words.remove(0);
        }
        while let Some(&last) = words.last().filter(|w| CONJUNCTIONS.contains(w)) {
            or |= last != "and";
            words.pop();
        }
        if words.is_empty() {
            continue;
        }
        let plain = words.len() <= 3
            && words.iter().all(|w| {
                w.chars().all(|c| c.is_alphabetic() || c == '-') && !NOT_AN_ITEM.contains(w)
            });
        if !plain {
            return None;
        }
        items += 1;
    }
    ((1..=2).contains(&items) && or).then_some(true)
}

/// The run cut at each "and" that joins two of its skills.
fn split_at_and<'h>(line: &str, run: &[&'h SkillHit]) -> Vec<Vec<&'h SkillHit>> {
    let mut parts: Vec<Vec<&SkillHit>> = vec![vec![run[0]]];
    for pair in run.windows(2) {
        let gap = line[pair[0].end..pair[1].start].to_lowercase();
        let and = gap.contains('&')
            || gap
                .split(|c: char| !c.is_alphanumeric() && c != '/')
                .any(|w| w == "and");
        if and {
            parts.push(Vec::new());
        }
        if let Some(part) = parts.last_mut() {
            part.push(pair[1]);
        }
    }
    parts.retain(|p| p.len() >= 2);
    parts
}

/// Whether "or" joins two skills of the run.
fn joined_by_or(line: &str, run: &[&SkillHit]) -> bool {
    run.windows(2)
        .any(|pair| separator(&line[pair[0].end..pair[1].start]) == Some(true))
}

/// Whether the text before a run ends with a cue ("… such as", "(e.g.", "one of:").
fn ends_with_cue(before: &str) -> bool {
    let text = before
        .trim_end()
        .trim_end_matches([':', '(', '-', '–'])
        .trim_end()
        .to_lowercase();
    CUES.iter().any(|cue| {
        text.strip_suffix(cue)
            .is_some_and(|head| head.is_empty() || head.ends_with([' ', '(', ',']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::skills::{SkillExtractor, Taxonomy};

    fn choices(text: &str) -> Choices {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let doc = Document::new("posting.txt".into(), text.to_string());
        alternatives(&doc, &extractor.extract(&doc))
    }

    fn groups(text: &str) -> Vec<Vec<String>> {
        choices(text).groups
    }

    fn ids(group: &[&str]) -> Vec<String> {
        group.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn skills_joined_by_or_are_alternatives() {
        assert_eq!(
            groups("Be fluent in Java, C#, or C++"),
            vec![ids(&["java", "csharp", "cpp"])]
        );
        assert_eq!(
            groups("Experience with Python and/or Go."),
            vec![ids(&["python", "go"])]
        );
    }

    #[test]
    fn an_item_the_taxonomy_does_not_know_may_stand_in_the_list() {
        assert_eq!(
            groups(
                "2 - 5 years experience in market research, survey analysis, or customer support"
            ),
            vec![ids(&["esco-market-research", "esco-customer-service"])]
        );
        // Words that are not list items part the skills.
        assert!(groups("Python, with experience in Go or Rust, and SQL")
            .iter()
            .all(|g| !g.contains(&"python".to_string())));
        assert!(groups("Market research, then customer support or sales.").is_empty());
        // A word that qualifies the skill before it is no item: Python is asked for.
        for line in [
            "Python, preferably Django or Flask",
            "Python, particularly pandas or NumPy",
            "Kubernetes, plus Terraform or Ansible",
        ] {
            let first = ["python", "kubernetes"];
            assert!(
                groups(line)
                    .iter()
                    .flatten()
                    .all(|s| !first.contains(&s.as_str())),
                "{line}"
            );
        }
        // Without "or" an unknown item joins nothing: a cue's examples stay its own.
        assert_eq!(
            groups("cloud platforms such as AWS or GCP, strong leadership, and Python"),
            vec![ids(&["aws", "gcp"])]
        );
    }

    #[test]
    fn skills_joined_by_and_are_each_asked_for() {
        assert!(groups("Experience with Python, Docker and Kubernetes.").is_empty());
        // Only the part that "or" joins: SQL is asked for on its own.
        assert_eq!(
            groups("Python, Java or Go, and SQL"),
            vec![ids(&["python", "java", "go"])]
        );
    }

    #[test]
    fn examples_after_a_cue_are_alternatives() {
        assert_eq!(
            groups("Experience with a cloud platform such as AWS, GCP and Azure."),
            vec![ids(&["aws", "gcp", "azure"])]
        );
        assert_eq!(
            groups("A modern framework (e.g. React, Vue.js) is a plus."),
            vec![ids(&["react", "vue"])]
        );
    }

    #[test]
    fn a_back_reference_makes_the_list_before_it_alternatives() {
        let text = "Our core languages are Ruby, Python, JavaScript, and Go. You should have \
                    extensive experience with at least one of those languages.";
        assert_eq!(
            groups(text),
            vec![ids(&["ruby", "python", "javascript", "go"])]
        );
        // Without the back reference, each is asked for.
        assert!(groups("Our core languages are Ruby, Python, JavaScript, and Go.").is_empty());
    }

    #[test]
    fn skills_with_words_between_them_are_not_a_list() {
        assert!(groups("Build Python services or maintain the Kubernetes clusters.").is_empty());
        // Side by side with a space: Python is asked for, and Django or Flask.
        assert_eq!(
            groups("Python Django or Flask"),
            vec![ids(&["django", "flask"])]
        );
    }

    #[test]
    fn a_back_reference_that_asks_for_all_is_no_choice() {
        for text in [
            "We use Python, SQL and Airflow. You will use each one of these daily.",
            "We use Python, SQL and Airflow. Experience in none of these is a problem.",
        ] {
            assert!(groups(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_skill_also_asked_for_on_its_own_leaves_its_group() {
        // SQL is required outright, so "SQL or MongoDB" asks nothing less of it.
        let sql = choices("Strong SQL is required. SQL or MongoDB for the reporting store.");
        assert!(sql.groups.is_empty());
        // MongoDB is named only as SQL's alternative: it is only preferred.
        assert_eq!(sql.optional, ids(&["mongodb"]));
        // One group per skill: the second group keeps what the first did not take.
        assert_eq!(
            groups("Java or Kotlin. Kotlin or Scala or Go."),
            vec![ids(&["java", "kotlin"]), ids(&["scala", "go"])]
        );
    }
}
