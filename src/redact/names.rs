//! Finding the person's name: the resume's header line (or a "Name:" line) when it looks like
//! a name, checked against the list of first names where the line is not the first one; a
//! header line in a script other than Latin; and, as further sources of the words of the
//! name, the other header lines, the e-mail addresses, the file name, a closing signature
//! ("Best regards,\nSiobhán O'Neil") and "contact Priya at".

use std::sync::LazyLock;

use regex::Regex;

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

    pub(crate) fn surname(&self) -> &str {
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
pub(crate) const PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "bin", "binti", "al",
    "el", "dos", "das", "du", "ten", "ter",
];

/// Honorifics skipped before a name.
const HONORIFICS: &[&str] = &[
    "dr", "dr.", "prof", "prof.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "mx.",
];

/// Lines looked at for the header, before the first section heading.
const HEADER_LINES: usize = 6;

/// The names of the header. The first is the person's name: the first header line when it
/// looks like a name (or is written in another script than Latin), a "Name:" line, or a later
/// header line that starts with a known first name; later lines add names that start with a
/// known first name ("Wang Xiaoming" under "王小明" is found through the e-mail address).
fn header_names(document: &Document) -> Vec<Person> {
    header_names_with_lines(document)
        .into_iter()
        .map(|(_, person)| person)
        .collect()
}

/// The person's name as the header gives it, with the line it is on: the first of
/// [`header_names`].
pub(crate) fn name_line(document: &Document) -> Option<(usize, Person)> {
    header_names_with_lines(document).into_iter().next()
}

/// [`header_names`], each with its line.
fn header_names_with_lines(document: &Document) -> Vec<(usize, Person)> {
    let mut found: Vec<(usize, Person)> = Vec::new();
    let mut non_empty = 0;
    for (number, line) in document.lines() {
        if line.trim().is_empty() {
            continue;
        }
        if heading_kind(line).is_some() || non_empty >= HEADER_LINES {
            break;
        }
        non_empty += 1;
        let next = (number + 1..=document.line_count())
            .map(|n| document.line(n))
            .find(|l| !l.trim().is_empty());
        let words = labelled_name(line)
            .or_else(|| split_labelled_name(line, next))
            .or_else(|| inverted_name(line).filter(|_| found.is_empty()))
            .or_else(|| non_latin_name(line))
            .or_else(|| {
                header_name(line).filter(|words| {
                    (non_empty == 1 && found.is_empty()) || FIRST_NAMES.contains(words[0].as_str())
                })
            });
        if let Some(words) = words {
            found.push((number, Person { words }));
            // A name written twice: "이서연 (Seo-yeon Lee)".
            let aside = line.split_once('(').and_then(|(_, r)| r.split_once(')'));
            if let Some(words) = aside.and_then(|(inside, _)| header_name(inside)) {
                found.push((number, Person { words }));
            }
        }
    }
    found
}

/// Every name the document gives for its person, in two lists. Names written as names: the
/// header's (the person's own name first), the signature's, "contact Priya at". And names
/// read off identifiers, only as words: the e-mail addresses' and the file name's.
pub(crate) fn known_names(document: &Document) -> (Vec<Person>, Vec<Person>) {
    let mut written = header_names(document);
    written.extend(signature_names(document));
    let mut read_off = Vec::new();
    for (_, line) in document.lines() {
        written.extend(contact_names(line));
        read_off.extend(email_names(line));
    }
    read_off.extend(file_name(document));
    (written, read_off)
}

/// The words of the name in a header line written in another script than Latin ("王小明",
/// "ليلى حداد", "Анна Петрова"): one to four words of letters, nothing else.
fn non_latin_name(line: &str) -> Option<Vec<String>> {
    let line = line.trim().trim_start_matches(['#', ' ']);
    let end = line
        .find(['(', '|', '·', '•', ',', '—', '–', '\t'])
        .or_else(|| line.find("  "))
        .unwrap_or(line.len());
    let segment = line[..end].trim_matches(['*', '_', ' ']);
    let words: Vec<&str> = segment.split_whitespace().collect();
    let letters = segment.chars().filter(|c| c.is_alphabetic()).count();
    let name_like = segment
        .chars()
        .all(|c| c.is_whitespace() || (c.is_alphabetic() && !is_latin(c)) || is_mark(c));
    (name_like && letters >= 2 && (1..=4).contains(&words.len()) && segment.chars().count() <= 40)
        .then(|| words.iter().map(|w| w.to_lowercase()).collect())
}

/// A letter of the Latin script (basic, Latin-1 and the extended blocks).
pub(crate) fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF) || c == 'ß'
}

/// Combining marks inside words of scripts like Devanagari (vowel signs, virama).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0591..=0x05C7 | 0x064B..=0x065F | 0x0900..=0x0DFF)
}

/// A title before the name in a header ("Resume of", "Curriculum Vitae —", "CV:").
static TITLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i:resume|résumé|cv|curriculum vitae|lebenslauf)(?:\s+(?i:of|de|von)\s+|\s*[-–—:|]\s*)",
    )
    .expect("the title pattern compiles")
});

/// Words that close a letter, after which the next line (or the rest of the line) is a name.
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*(?:(?:best|kind|warm|warmest|with best)\s+regards|regards|best|sincerely|yours\s+(?:sincerely|truly|faithfully)|thanks|thank you|cheers|respectfully|cordialement|bien\s+cordialement|bien\s+à\s+vous|salutations\s+distinguées|mit\s+freundlichen\s+grüßen|saludos|atentamente|cordiali\s+saluti)\s*(?:[,!]|$)\s*[-—–]?\s*",
    )
    .expect("the closing pattern compiles")
});

/// Names signed under a closing word ("Best regards,\nSiobhán O'Neil", "Sincerely, Hamish").
fn signature_names(document: &Document) -> Vec<Person> {
    let lines: Vec<&str> = document.lines().map(|(_, l)| l).collect();
    let mut names = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(m) = CLOSING.find(line) else {
            continue;
        };
        let rest = &line[m.end()..];
        let signed = if rest.trim().is_empty() {
            lines[i + 1..]
                .iter()
                .take(2)
                .find(|l| !l.trim().is_empty())
                .copied()
        } else {
            Some(rest)
        };
        if let Some(words) = signed.and_then(signed_name) {
            names.push(Person { words });
        }
    }
    names
}

/// A signature: a name of one to four words (a header-shaped name, or a known first name).
fn signed_name(line: &str) -> Option<Vec<String>> {
    if let Some(words) = header_name(line).or_else(|| non_latin_name(line)) {
        return Some(words);
    }
    let word = line.trim().trim_end_matches(['.', ',']);
    (name_shaped(word) && FIRST_NAMES.contains(word.to_lowercase().as_str()))
        .then(|| vec![word.to_lowercase()])
}

/// "contact Priya at …", "reach Ngozi Eze on …": the name in between.
fn contact_names(line: &str) -> Vec<Person> {
    static CONTACT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i:\b(?:contact|call|email|e-mail|reach|ask for|write to|contacter|joindre))\s+(\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,2})\s+(?i:at|on|via|by|through|au|à|par)\b",
        )
        .expect("the contact pattern compiles")
    });
    CONTACT
        .captures_iter(line)
        .filter_map(|c| {
            let words: Vec<String> = c[1].split_whitespace().map(str::to_lowercase).collect();
            let is_name = words.iter().all(|w| {
                !NOT_NAME_WORDS.contains(&w.as_str()) && !NOT_NAME_PARTS.contains(&w.as_str())
            }) && c[1].chars().any(char::is_lowercase);
            is_name.then_some(Person { words })
        })
        .collect()
}

/// Words that are not names in e-mail addresses and file names.
const NOT_NAME_PARTS: &[&str] = &[
    "info",
    "contact",
    "hello",
    "hi",
    "jobs",
    "job",
    "careers",
    "career",
    "admin",
    "support",
    "team",
    "office",
    "mail",
    "email",
    "me",
    "cv",
    "resume",
    "work",
    "dev",
    "sales",
    "hr",
    "recruiting",
    "noreply",
    "reply",
    "name",
    "final",
    "draft",
    "updated",
    "new",
    "english",
    "letter",
    "cover",
    "application",
    "candidate",
    "personal",
    "private",
    "home",
    "lettre",
    "motivation",
    "pro",
    "address",
    "phone",
    "group",
    "school",
    "pronouns",
    "age",
    "leave",
    "us",
    "them",
    "him",
    "her",
    "recruiter",
    "recruiters",
    "references",
];

/// Words of file names around a person's name ("priya_ramaswamy_cv_final").
const FILE_NAME_NOISE: &[&str] = &[
    "cv", "resume", "résumé", "final", "draft", "updated", "new", "english", "en", "fr", "de",
    "lettre", "cover", "letter", "v", "copy", "latest",
];

/// The name in an e-mail address's local part: "siobhan.oneil@" gives two words, "jamal.w@"
/// the known first name "jamal", "priya@" the known first name alone.
fn email_names(line: &str) -> Vec<Person> {
    static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([A-Za-z0-9._%+-]+)@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
            .expect("the e-mail pattern compiles")
    });
    EMAIL
        .captures_iter(line)
        .filter_map(|c| name_parts(&c[1], false))
        .collect()
}

/// A file named after the person ("priya_ramaswamy_cv.pdf"): two or three words, one of them a
/// known first name or written with a capital in the document.
fn file_name(document: &Document) -> Option<Person> {
    let stem = document.path().file_stem()?.to_string_lossy().into_owned();
    let person = name_parts(&stem, true)?;
    let known = person
        .words
        .iter()
        .any(|w| FIRST_NAMES.contains(w.as_str()));
    (person.words.len() >= 2 && (known || written_in(document, &person.words))).then_some(person)
}

/// Whether one of `words` (lower case) is in the document with a capital, not as a heading.
fn written_in(document: &Document, words: &[String]) -> bool {
    document
        .lines()
        .filter(|(_, line)| heading_kind(line).is_none())
        .flat_map(|(_, line)| line.split(|c: char| !c.is_alphabetic()))
        .any(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && words.iter().any(|n| w.to_lowercase() == *n)
        })
}

/// Words of a name joined by dots, dashes or underscores; numbers and words that are not
/// names dropped. Two or three words of three letters or more are a name; otherwise only words
/// that are known first names count. `whole`: all the words or none (the file name's).
fn name_parts(text: &str, whole: bool) -> Option<Person> {
    let parts: Vec<String> = text
        .split(['.', '_', '-', ' ', '+'])
        .filter(|p| !p.is_empty() && !p.chars().all(|c| c.is_ascii_digit()))
        .map(|p| p.trim_matches(|c: char| c.is_ascii_digit()).to_lowercase())
        .filter(|p| !p.is_empty())
        .filter(|p| !whole || !FILE_NAME_NOISE.contains(&p.as_str()))
        .collect();
    if parts.is_empty()
        || parts.len() > 3
        || parts.iter().any(|p| {
            NOT_NAME_PARTS.contains(&p.as_str())
                || NOT_NAME_WORDS.contains(&p.as_str())
                || !p.chars().all(char::is_alphabetic)
        })
    {
        return None;
    }
    let known = |p: &String| FIRST_NAMES.contains(p.as_str());
    let words: Vec<String> = if whole {
        if parts.len() < 2 || parts.iter().any(|p| p.chars().count() < 2) {
            return None;
        }
        parts
    } else if parts.len() >= 2 && parts.iter().all(|p| p.chars().count() >= 3) {
        parts
    } else {
        parts.into_iter().filter(known).collect()
    };
    (!words.is_empty()).then_some(Person { words })
}

/// "Name: Maria Garcia" → the name after the label.
fn labelled_name(line: &str) -> Option<Vec<String>> {
    header_name(&line[label_start(line)?..])
}

/// A name given as a form's two fields, "First name: Nancy" over "Last name: Jackson" (as
/// some resume builders export it): its words, lower case.
fn split_labelled_name(line: &str, next: Option<&str>) -> Option<Vec<String>> {
    fn value<'l>(line: &'l str, labels: &[&str]) -> Option<&'l str> {
        let trimmed = line.trim_start();
        let lower = trimmed.to_ascii_lowercase();
        labels
            .iter()
            .find(|label| lower.starts_with(*label))
            .map(|label| trimmed[label.len()..].trim())
    }
    const GIVEN: &[&str] = &[
        "first name:",
        "given name:",
        "given names:",
        "forename:",
        "forenames:",
        "name:",
    ];
    const FAMILY: &[&str] = &["last name:", "surname:", "family name:"];
    let next = next?;
    let (first, last) = match (value(line, GIVEN), value(next, FAMILY)) {
        (Some(first), Some(last)) => (first, last),
        // "Surname: Jackson" over "Name: Nancy".
        _ => (value(next, GIVEN)?, value(line, FAMILY)?),
    };
    header_name(&format!("{first} {last}"))
}

/// A name written family name first, "Smith, John A.": its words, given names first, lower
/// case. The given name must be a known first name, so "Boston, MA" is no name.
fn inverted_name(line: &str) -> Option<Vec<String>> {
    let line = line.trim_start().trim_start_matches(['#', ' ']);
    let (surname, rest) = line.split_once(',')?;
    let surname = surname.trim().trim_matches(['*', '_']);
    // A letter's closing over its signature is no family name.
    const CLOSINGS: &[&str] = &["sincerely", "regards", "thanks", "best", "yours", "cheers"];
    let lower = surname.to_lowercase();
    if surname.split_whitespace().count() != 1
        || !name_shaped(surname)
        || NOT_NAME_WORDS.contains(&lower.as_str())
        || CLOSINGS.contains(&lower.as_str())
    {
        return None;
    }
    let given_part = rest
        .split(['|', '·', '•', ',', '–', '—', '(', '<', '\t', '@'])
        .next()
        .unwrap_or_default();
    let mut words: Vec<String> = Vec::new();
    for word in given_part.split_whitespace() {
        let core = word.trim_matches(|c: char| c == '*' || c == '_');
        if is_initial(core) {
            continue;
        }
        let lower = core.to_lowercase();
        if NOT_NAME_WORDS.contains(&lower.as_str()) || !name_shaped(core) {
            return None;
        }
        words.push(lower);
    }
    if !(1..=3).contains(&words.len()) || !FIRST_NAMES.contains(words[0].as_str()) {
        return None;
    }
    words.push(surname.to_lowercase());
    Some(words)
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

/// The first segment of a header line ("Maria Garcia | ML Engineer | …", "Kwame Mensah
/// Machine Learning Engineer" in two columns), when it is two to four name-shaped words: its
/// words, lower case.
/// Where a place set in emphasis of its own starts, beside the name's ("**Lily Rong**
/// **Vancouver, BC**"): the run after the gap holds a comma, as a place does and a name
/// ("**María José** **García López**") does not.
pub(crate) fn place_beside(line: &str) -> Option<usize> {
    static RUN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(\*\*|__)\s+(\*\*|__)[^*_]*,[^*_]*(\*\*|__)").expect("a valid pattern")
    });
    RUN.find(line).map(|m| m.start() + 2)
}

fn header_name(line: &str) -> Option<Vec<String>> {
    let line = line.trim_start().trim_start_matches(['#', ' ']);
    let line = TITLED.find(line).map_or(line, |m| &line[m.end()..]);
    let line = &line[..place_beside(line).unwrap_or(line.len())];
    let segment_end = line
        .char_indices()
        .find(|&(i, c)| {
            matches!(
                c,
                '|' | '·' | '•' | ',' | '–' | '—' | '(' | '<' | '\t' | '@'
            ) || (c == '-' && line[i..].starts_with("- ") && i > 0 && line[..i].ends_with(' '))
                || (c == ' ' && line[i..].starts_with("  "))
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
        // An initial ("Molly A. Adams", "J. Alfred Prufrock") is part of the line, not a word
        // of the name; two words of the name must still follow.
        if is_initial(core) {
            continue;
        }
        let lower = core.to_lowercase();
        if NOT_NAME_WORDS.contains(&lower.as_str()) || !name_shaped(core) {
            // A header whose columns the reader joined ("Kwame Mensah Machine Learning
            // Engineer", written with a wide gap or a tab): the name is the words before the
            // title.
            if words.len() >= 2 {
                break;
            }
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

/// A middle initial: one capital letter, with or without its full stop ("A.", "J").
pub(crate) fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && matches!(chars.as_str(), "" | ".")
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
        header_names(&Document::new("r.txt".into(), text.into()))
            .into_iter()
            .next()
            .map(|p| p.words)
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
        // A middle initial, under a heading that is not a section.
        assert_eq!(
            person("## CONTACT INFORMATION\n\n## Molly A. Adams\n930 Via Mil Cumbres\n"),
            Some(vec!["molly".into(), "adams".into()])
        );
        assert_eq!(
            person("John F Kennedy\n"),
            Some(vec!["john".into(), "kennedy".into()])
        );
        // A form's two fields, either way round.
        assert_eq!(
            person("## Data\n\nHeading: Profile\nFirst name: Nancy\nLast name: Jackson\n"),
            Some(vec!["nancy".into(), "jackson".into()])
        );
        assert_eq!(
            person("Curriculum vitae\nSurname: Jackson\nName: Nancy\n"),
            Some(vec!["nancy".into(), "jackson".into()])
        );
        // A leading initial, and the family name first.
        assert_eq!(
            person("J. Alfred Prufrock\n"),
            Some(vec!["alfred".into(), "prufrock".into()])
        );
        assert_eq!(
            person("Smith, John A.\nData Engineer\n"),
            Some(vec!["john".into(), "smith".into()])
        );
        assert_eq!(person("Boston, MA\n"), None);
    }

    #[test]
    fn headers_in_columns_and_other_scripts() {
        assert_eq!(
            person("Kwame Mensah     Machine Learning Engineer\n"),
            Some(vec!["kwame".into(), "mensah".into()])
        );
        assert_eq!(
            person("Mateusz Kowalczyk\tSenior Java Developer\tKraków\n"),
            Some(vec!["mateusz".into(), "kowalczyk".into()])
        );
        assert_eq!(person("王小明\n"), Some(vec!["王小明".into()]));
        assert_eq!(
            person("# Анна Петрова\n"),
            Some(vec!["анна".into(), "петрова".into()])
        );
    }

    fn known(name: &str, text: &str) -> Vec<Vec<String>> {
        let (written, read_off) = known_names(&Document::new(name.into(), text.into()));
        written
            .into_iter()
            .chain(read_off)
            .map(|p| p.words)
            .collect()
    }

    #[test]
    fn names_from_signatures_addresses_and_file_names() {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            known(
                "cv.md",
                "Resume\nExperience\nBuilt it.\n\nBest regards,\nSiobhán O'Neil\n"
            ),
            vec![words(&["siobhán", "o'neil"])]
        );
        assert_eq!(
            known("cv.md", "Resume\n\nSincerely, Hamish\n"),
            vec![words(&["hamish"])]
        );
        assert_eq!(
            known(
                "cv.md",
                "Resume\nsiobhan.oneil@example.ie, jamal.w@example.com, info@acme.com\n"
            ),
            vec![words(&["siobhan", "oneil"]), words(&["jamal"])]
        );
        assert_eq!(
            known("priya_ramaswamy_cv.pdf", "Resume\nPriya built it.\n"),
            vec![words(&["priya", "ramaswamy"])]
        );
        // A file name whose words the document does not write as a name is not one.
        assert!(known("platform_migration_notes.md", "Resume\nBuilt it.\n").is_empty());
        assert_eq!(
            known(
                "cv.md",
                "Resume\nPlease contact Ngozi at the desk; contact Support at x.\n"
            ),
            vec![words(&["ngozi"])]
        );
        // "Best practices" and "Thanks to" are not signatures.
        assert!(known("cv.md", "Resume\nBest Buy Co\nThanks to Kubernetes\n").is_empty());
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
