//! Finding the person's name: the resume's header line (or a "Name:" line) when it looks like
//! a name, checked against the list of first names where the line is not the first one.

use super::lists::FIRST_NAMES;
use crate::read::sections::heading_kind;
use crate::read::Document;

/// The person a resume is about: the words of their name, lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Given names then the family name, lower case, as written in the header.
    pub words: Vec<String>,
}

impl Person {
    pub fn given(&self) -> &str {
        &self.words[0]
    }

    pub fn surname(&self) -> &str {
        self.words.last().map_or("", String::as_str)
    }
}

/// Words that make a header line a title or a heading, not a name.
const NOT_NAME_WORDS: &[&str] = &[
    "resume",
    "résumé",
    "curriculum",
    "vitae",
    "cv",
    "engineer",
    "engineering",
    "scientist",
    "science",
    "developer",
    "manager",
    "architect",
    "analyst",
    "consultant",
    "designer",
    "researcher",
    "research",
    "senior",
    "staff",
    "lead",
    "principal",
    "junior",
    "head",
    "director",
    "machine",
    "learning",
    "data",
    "software",
    "ai",
    "ml",
    "llm",
    "product",
    "platform",
    "full",
    "stack",
    "backend",
    "frontend",
    "applied",
    "deployed",
    "forward",
    "solutions",
    "nurse",
    "chef",
    "accountant",
    "teacher",
    "profile",
    "summary",
    "contact",
    "page",
    "the",
    "and",
    "of",
];

/// Particles that may sit inside a name in lower case.
const PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "bin", "binti", "al",
    "el", "dos", "das", "du", "ten", "ter",
];

/// Honorifics skipped before a name.
const HONORIFICS: &[&str] = &[
    "dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx.",
];

/// Lines looked at for the header, before the first section heading.
const HEADER_LINES: usize = 6;

/// The person's name as written in the resume's header, if it has one.
pub fn find_person(document: &Document) -> Option<Person> {
    let mut non_empty = 0;
    for (_, line) in document.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if heading_kind(line).is_some() || non_empty >= HEADER_LINES {
            break;
        }
        non_empty += 1;
        if let Some(words) = labelled_name(line) {
            return Some(Person { words });
        }
        if let Some(words) = header_name(line) {
            if non_empty == 1 || FIRST_NAMES.contains(words[0].as_str()) {
                return Some(Person { words });
            }
        }
    }
    None
}

/// "Name: Maria Garcia" → the name after the label.
fn labelled_name(line: &str) -> Option<Vec<String>> {
    header_name(&line[label_start(line)?..])
}

fn label_start(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let lower = trimmed.to_ascii_lowercase();
    ["full name:", "name:"]
        .iter()
        .find(|label| lower.starts_with(*label))
        .map(|label| lead + label.len())
}

/// The first segment of a header line ("Maria Garcia | ML Engineer | …"), when it is two to
/// four name-shaped words: its words, lower case.
fn header_name(line: &str) -> Option<Vec<String>> {
    let segment_end = line
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '|' | '·' | '•' | ',' | '–' | '—' | '(' | '<')
                || (c == '-' && line[i..].starts_with("- ") && i > 0 && line[..i].ends_with(' '))
        })
        .map_or(line.len(), |(i, _)| i);
    let segment = &line[..segment_end];
    let mut words = Vec::new();
    for word in segment.split_whitespace() {
        let lower = word.to_lowercase();
        if words.is_empty() && HONORIFICS.contains(&lower.as_str()) {
            continue;
        }
        if word.starts_with('#') || word.chars().all(|c| c == '*' || c == '_') {
            continue;
        }
        let core = word.trim_matches(|c: char| c == '*' || c == '_');
        let lower = core.to_lowercase();
        if NOT_NAME_WORDS.contains(&lower.as_str()) || !name_shaped(core) {
            return None;
        }
        words.push(lower);
    }
    let name_words = words
        .iter()
        .filter(|w| !PARTICLES.contains(&w.as_str()))
        .count();
    if !(2..=4).contains(&name_words) || PARTICLES.contains(&words[0].as_str()) {
        return None;
    }
    Some(words)
}

/// A capitalised word of letters (with ' - . inside), all capitals, or a lower-case particle.
fn name_shaped(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if PARTICLES.contains(&word) {
        return true;
    }
    first.is_uppercase()
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'))
        && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(text: &str) -> Option<Vec<String>> {
        find_person(&Document::new("r.txt".into(), text.into())).map(|p| p.words)
    }

    #[test]
    fn header_line_is_the_name() {
        assert_eq!(
            person("# Dana Reyes\nSenior Software Engineer · Lisbon\n"),
            Some(vec!["dana".into(), "reyes".into()])
        );
        assert_eq!(
            person("MARIA GARCIA | ML Engineer | maria@example.com\n"),
            Some(vec!["maria".into(), "garcia".into()])
        );
        assert_eq!(
            person("Oluwaseun van der Berg\nSummary\n"),
            Some(vec![
                "oluwaseun".into(),
                "van".into(),
                "der".into(),
                "berg".into()
            ])
        );
        assert_eq!(
            person("Resume\nName: Wei Zhang\n"),
            Some(vec!["wei".into(), "zhang".into()])
        );
        assert_eq!(
            person("Dr. Priya Raman\n"),
            Some(vec!["priya".into(), "raman".into()])
        );
    }

    #[test]
    fn titles_and_headings_are_not_names() {
        assert_eq!(person("Machine Learning Engineer\nExperience\n"), None);
        assert_eq!(person("Curriculum Vitae\n"), None);
        assert_eq!(person("Experience\nMaria Garcia\n"), None);
        // Not the first line and not a known first name: not taken for a name.
        assert_eq!(person("Resume\nQuantum Flux\n"), None);
        // A known first name on a later header line is.
        assert_eq!(
            person("Resume\nEmily Walsh\n"),
            Some(vec!["emily".into(), "walsh".into()])
        );
    }
}
