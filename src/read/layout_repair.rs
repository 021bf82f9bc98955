//! Repairs of the damage a PDF's layout does to words, applied to PDF text after it is
//! normalized: a word spaced apart by kerning ("Edu cation"), a word whose fi/fl ligature glyph
//! had no text behind it ("Certi cations"), and a section heading glued to the words beside it
//! ("EducationPrinceton University"). A repair is made only when it yields a word the document
//! itself writes whole, a section heading word, or a common word that holds a ligature, so
//! ordinary pairs of words are left alone.

use std::collections::HashSet;

use super::sections::{heading_kind, heading_words};

/// Words typeset with a ligature that resumes and postings commonly hold; when their glyph is
/// lost they come out as two fragments ("Pro les").
#[rustfmt::skip]
const LIGATURE_WORDS: &[&str] = &[
    "affairs", "certificate", "certificates", "certification", "certifications", "certified",
    "classification", "configuration", "configure", "configured", "coffee", "confidential",
    "difference", "different", "difficult", "effective", "effectively", "efficiency",
    "efficient", "efficiently", "field", "fields", "file", "files", "filing", "final",
    "finance", "financial", "find", "findings", "first", "fitness", "fixed", "flexible",
    "flexibility", "flow", "flows", "fluent", "fluently", "identification", "identified",
    "identify", "influence", "notification", "office", "officer", "offices", "official",
    "offline", "offer", "offered", "offering", "profile", "profiles", "proficiency",
    "proficient", "qualification", "qualifications", "qualified", "reflect", "scientific",
    "scientist", "scientists", "significant", "simplified", "specific", "specifically",
    "specification", "specifications", "staff", "staffing", "traffic", "verification",
    "verified", "workflow", "workflows",
];

/// Short words that are words on their own, so never fragments of a longer one.
#[rustfmt::skip]
const SHORT_WORDS: &[&str] = &[
    "a", "an", "and", "any", "are", "as", "at", "be", "by", "can", "do", "for", "from", "has",
    "he", "her", "his", "i", "in", "is", "it", "its", "me", "my", "new", "no", "not", "of",
    "on", "one", "or", "our", "out", "per", "she", "so", "the", "to", "two", "up", "us", "via",
    "was", "we", "who", "with", "you",
];

/// The most letters a letter-spaced heading is read from.
const MAX_SPACED_LETTERS: usize = 60;

/// The glyph sequences a ligature stands for, longest first.
const LIGATURES: &[&str] = &["ffi", "ffl", "ff", "fi", "fl"];

/// `text` with spaced-apart words joined, lost ligatures put back and glued headings split
/// onto their own line.
pub(crate) fn repair(text: &str) -> String {
    let words = Words::of(text);
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let joined =
            join_letter_spaced(line, &words).unwrap_or_else(|| join_fragments(line, &words));
        out.push_str(&split_glued_heading(&joined));
    }
    out
}

/// What is known about words, in lower case.
struct Words {
    /// Words a repair may produce: the document's own words of four letters or more, the
    /// section heading words and [`LIGATURE_WORDS`].
    vocabulary: HashSet<String>,
}

impl Words {
    fn of(text: &str) -> Self {
        let vocabulary = text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().count() >= 4)
            .map(str::to_lowercase)
            .chain(heading_words().map(str::to_string))
            .chain(LIGATURE_WORDS.iter().map(|w| w.to_string()))
            .collect();
        Words { vocabulary }
    }

    /// True when `fragment` is surely a word on its own: a short word, a heading word or a
    /// ligature word. (A longer fragment may be anything; joining two real words into a word
    /// the document writes whole, "data base" into "database", does no harm.)
    fn is_word(&self, fragment: &str) -> bool {
        let lower = fragment.to_lowercase();
        SHORT_WORDS.contains(&lower.as_str())
            || heading_words().any(|w| w == lower)
            || LIGATURE_WORDS.contains(&lower.as_str())
    }
}

/// A line set with wide letter spacing and read one letter at a time ("W O R K  E X P E R I
/// E N C E", "P R O F I L E"), made words again: letters are joined, and split into words
/// where the document's own words and the section heading words say ("WORK EXPERIENCE"; the
/// wider gap between words is gone by now, runs of spaces being one space). `None` when the
/// line is not such a line.
fn join_letter_spaced(line: &str, words: &Words) -> Option<String> {
    let body = line.trim();
    let letters: Vec<&str> = body.split_whitespace().collect();
    // Single letters, and here and there a kerned pair read as one ("C O N TA C T").
    let short = |t: &&str| t.chars().count() <= 2 && t.chars().all(char::is_alphabetic);
    let singles = letters.iter().filter(|t| t.chars().count() == 1).count();
    // A heading is short; a longer run of letters is left as it is (and the cut below, which
    // tries every split, stays cheap).
    if !(4..=MAX_SPACED_LETTERS).contains(&letters.len())
        || !letters.iter().all(short)
        || singles * 4 < letters.len() * 3
    {
        return None;
    }
    let indent = &line[..line.len() - line.trim_start().len()];
    let run: String = letters.concat();
    Some(format!("{indent}{}", segment(&run, words).unwrap_or(run)))
}

/// `run` cut into words the vocabulary knows ("WORKEXPERIENCE" → "WORK EXPERIENCE"), each as
/// long as it can be; `None` when no cut covers it all.
fn segment(run: &str, words: &Words) -> Option<String> {
    let lower = run.to_lowercase();
    // Cuts found in the lower-case run are made in the run itself: only where both have the
    // same bytes per letter ("İ" does not).
    if lower.len() != run.len() {
        return None;
    }
    // The vocabulary holds the heading words already.
    let known = |w: &str| words.vocabulary.contains(w) || SHORT_WORDS.contains(&w);
    // best[i]: the cut of lower[..i] with the fewest words.
    let n = lower.len();
    let mut best: Vec<Option<Vec<usize>>> = vec![None; n + 1];
    best[0] = Some(Vec::new());
    for end in 1..=n {
        if !lower.is_char_boundary(end) {
            continue;
        }
        for start in 0..end {
            if !lower.is_char_boundary(start) {
                continue;
            }
            let Some(before) = &best[start] else { continue };
            if known(&lower[start..end])
                && best[end]
                    .as_ref()
                    .is_none_or(|b| b.len() > before.len() + 1)
            {
                let mut cut = before.clone();
                cut.push(end);
                best[end] = Some(cut);
            }
        }
    }
    let cuts = best[n].as_ref()?;
    let mut out = Vec::new();
    let mut from = 0;
    for &to in cuts {
        out.push(&run[from..to]);
        from = to;
    }
    Some(out.join(" "))
}

/// Joins each pair of neighbouring fragments whose join (or join around a lost ligature) is
/// a known word that neither fragment is.
fn join_fragments(line: &str, words: &Words) -> String {
    let tokens: Vec<&str> = line.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let here = tokens[i];
        if let Some(&next) = tokens.get(i + 1) {
            if let Some(word) = rejoin(here, next, words) {
                out.push(word);
                i += 2;
                continue;
            }
        }
        out.push(here.to_string());
        i += 1;
    }
    out.join(" ")
}

/// The word `left` and `right` are fragments of, if they are.
fn rejoin(left: &str, right: &str, words: &Words) -> Option<String> {
    let letters = |s: &str| !s.is_empty() && s.chars().all(char::is_alphabetic);
    // The right fragment may carry the word's trailing punctuation ("cations,").
    let body_end = right
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(right.len(), |(i, _)| i);
    let (body, trail) = right.split_at(body_end);
    if !letters(left) || !letters(body) || !trail.chars().all(|c| ",.;:)".contains(c)) {
        return None;
    }
    // A fragment is never a word on its own ("in to" is two words, not "into").
    if words.is_word(left) || words.is_word(body) || body.starts_with(char::is_uppercase) {
        return None;
    }
    let keep_case = |middle: &str| format!("{left}{middle}{body}{trail}");
    std::iter::once("")
        .chain(LIGATURES.iter().copied())
        .map(keep_case)
        .find(|word| {
            let whole = word[..word.len() - trail.len()].to_lowercase();
            words.vocabulary.contains(&whole)
        })
}

/// "EducationPrinceton University" → "Education" and "Princeton University" on two lines: a
/// known section heading glued to a capitalized word. Any other line comes back as it is.
fn split_glued_heading(line: &str) -> String {
    let trimmed = line.trim_start();
    for (i, c) in trimmed.char_indices().skip(1) {
        if !c.is_uppercase() {
            continue;
        }
        let before = &trimmed[..i];
        if before.ends_with(' ') || before.chars().last().is_some_and(|p| !p.is_lowercase()) {
            continue;
        }
        if heading_kind(before).is_some()
            && trimmed[i..].chars().nth(1).is_some_and(char::is_lowercase)
        {
            return format!("{before}\n{}", &trimmed[i..]);
        }
    }
    line.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_spaced_apart_or_missing_a_ligature_are_made_whole() {
        let text = "Edu cation\nPro fessional Experience\nCerti cations\nPro les\nEducation";
        assert_eq!(
            repair(text),
            "Education\nProfessional Experience\nCertifications\nProfiles\nEducation"
        );
        // The document's own words guide the join, with trailing punctuation kept, however
        // often the same break recurs.
        assert_eq!(
            repair("Kuber netes, Docker\nKubernetes"),
            "Kubernetes, Docker\nKubernetes"
        );
        assert_eq!(
            repair("Certi cations\nCerti cations: AWS"),
            "Certifications\nCertifications: AWS"
        );
    }

    #[test]
    fn letter_spaced_headings_are_words_again() {
        let text = "W O R K E X P E R I E N C E\nP R O F I L E\nS K I L L S A N D T O O L S\n\
                    Built the profile page with our tools.\nA B C D E F\nC O N TA C T";
        let repaired = repair(text);
        let lines: Vec<&str> = repaired.lines().collect();
        assert_eq!(lines[0], "WORK EXPERIENCE");
        assert_eq!(lines[1], "PROFILE");
        assert_eq!(lines[2], "SKILLS AND TOOLS");
        // Letters that spell no known words are joined as one.
        assert_eq!(lines[4], "ABCDEF");
        assert_eq!(lines[5], "CONTACT");
        // A line of words is no such line.
        assert_eq!(repair("I a m here"), "I a m here");
        // A letter whose lower case is longer does not break the cut.
        assert_eq!(repair("İ S T A N B U L"), "İSTANBUL");
    }

    #[test]
    fn ordinary_pairs_of_words_are_left_alone() {
        for text in [
            "log in to the portal\ninto",
            "New York office",
            "a broad range",
        ] {
            assert_eq!(repair(text), text, "{text:?}");
        }
    }

    #[test]
    fn a_heading_glued_to_the_next_words_gets_its_own_line() {
        assert_eq!(
            repair("EducationPrinceton University"),
            "Education\nPrinceton University"
        );
        assert_eq!(
            repair("Work ExperienceAcme Corp, 2019"),
            "Work Experience\nAcme Corp, 2019"
        );
        for text in [
            "JavaScript and TypeScript",
            "Education",
            "LinkedIn",
            "Experienced",
        ] {
            assert_eq!(repair(text), text, "{text:?}");
        }
    }
}
