//! The rules that find identity cues in one line: patterns for contact details and personal
//! status, word lists for gendered words, affinity groups and schools, and the person's name.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::lists::{GENDERED_WORDS, GROUP_WORDS, IDENTITY_WORDS, NAMED_GROUPS, SCHOOLS};
use super::names::Person;
use super::{Cue, CueKind};
use crate::read::sections::SectionKind;

/// What a rule may know about the line it looks at.
pub struct LineContext<'a> {
    pub section: Option<SectionKind>,
    pub person: Option<&'a PersonPatterns>,
    /// One of the last three lines, where a signature would be.
    pub is_last_lines: bool,
}

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("the built-in redaction patterns compile")
}

/// A pattern and the kind of cue it finds.
struct Rule {
    kind: CueKind,
    pattern: Regex,
}

/// Patterns whose whole match is one cue, replaced by the kind's placeholder.
static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let rule = |kind, pattern: &str| Rule {
        kind,
        pattern: regex(pattern),
    };
    // The end of a header segment: a separator or the end of the line.
    const REST: &str = r"[^|;•·\n]*";
    vec![
        rule(
            CueKind::Email,
            r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
        ),
        rule(
            CueKind::Link,
            r"(?i)\b(?:https?://)?(?:www\.)?(?:linkedin\.com|github\.com|gitlab\.com|twitter\.com|x\.com|huggingface\.co|kaggle\.com|medium\.com|scholar\.google\.[a-z.]+|stackoverflow\.com|orcid\.org|behance\.net|dribbble\.com|about\.me|[a-z0-9-]+\.substack\.com)(?:/[^\s|,;)\]]*)?",
        ),
        rule(
            CueKind::Handle,
            r"(?:^|[\s(,;|])@[A-Za-z0-9_][A-Za-z0-9_.-]{1,38}",
        ),
        rule(CueKind::Phone, r"\+?\(?\d[\d\s().-]{7,}\d"),
        rule(
            CueKind::Address,
            &format!(
                r"\b\d{{1,5}}\s+(?:[A-Z][A-Za-z.'-]*\s+){{1,4}}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Court|Ct|Way|Place|Pl|Terrace|Square|Sq|Parkway|Pkwy)\b\.?{REST}"
            ),
        ),
        rule(
            CueKind::Address,
            &format!(r"(?i)\b(?:home |postal |mailing )?address\s*:{REST}"),
        ),
        rule(
            CueKind::Address,
            r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?\b",
        ),
        rule(CueKind::Address, r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b"),
        rule(CueKind::Photo, r"!\[[^\]]*\]\([^)]*\)"),
        rule(
            CueKind::Photo,
            r"(?i)\[(?:image|photo|picture|headshot)\b[^\]]*\]",
        ),
        rule(CueKind::Photo, r"(?i)^\s*(?:photo|headshot|picture)\s*:.*$"),
        rule(
            CueKind::Pronoun,
            r"(?i)\b(?:pronouns?\s*[:\-]?\s*)?\(?\b(?:she|he|they|ze|xe)\s*/\s*(?:her|him|them|hir|zir|xem)(?:\s*/\s*(?:hers|his|theirs))?\)?",
        ),
        rule(
            CueKind::BirthDate,
            &format!(
                r"(?i)\b(?:(?:date of birth|birth ?date|d\.o\.b\.?|dob)(?:\s*[:\-])?|born(?: and raised)?\s+(?:on|in)\b|born\s*:){REST}"
            ),
        ),
        rule(CueKind::Age, r"(?i)\bage\s*[:\-]\s*\d{1,3}\b"),
        rule(CueKind::Age, r"(?i)\baged\s+\d{1,3}\b"),
        rule(
            CueKind::Age,
            r"(?i)\b\d{1,3}[\s-]*(?:years?|yrs?)[\s-]*old\b",
        ),
        rule(
            CueKind::MaritalStatus,
            r"(?i)\bmarital status\s*[:\-]?\s*[A-Za-z-]+",
        ),
        rule(
            CueKind::MaritalStatus,
            r"(?i)\b(?:married|divorced|widowed)\b(?:,?\s*(?:with\s+)?(?:(?:one|two|three|four|five|\d+)\s+)?(?:children|kids|child))?",
        ),
        rule(
            CueKind::FamilyStatus,
            r"(?i)\b(?:mother|father|parent|mom|dad|mum) of (?:one|two|three|four|five|\d+)\b(?:\s+(?:children|kids|boys|girls))?",
        ),
        rule(
            CueKind::FamilyStatus,
            r"(?i)\b(?:one|two|three|four|five|\d+) (?:children|kids)\b",
        ),
        rule(
            CueKind::Nationality,
            &format!(
                r"(?i)\b(?:nationality|citizenship|place of birth|country of birth|passport)\s*[:\-]{REST}"
            ),
        ),
        rule(
            CueKind::Nationality,
            r"\b(?:[A-Z][a-z]+|U\.?S\.?|UK|EU)\s+(?i:citizen|national)(?i:ship)?\b",
        ),
        rule(
            CueKind::Nationality,
            r"\b(?i:citizen|national) of [A-Z][a-z]+(?: [A-Z][a-z]+)*",
        ),
        rule(
            CueKind::Nationality,
            r"(?i)\b(?:green card holder|permanent resident)\b",
        ),
    ]
});

/// "Mr" and friends before a capitalised word.
static TITLE: LazyLock<Regex> = LazyLock::new(|| regex(r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+[A-Z]"));

/// Pronouns about a person.
static PRONOUN: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"\b(?:[Hh]e|[Ss]he|[Hh]im|[Hh]er|[Hh]is|[Hh]ers|[Hh]imself|[Hh]erself|HE|SHE|HIS|HER)\b")
});

/// Words after which "her" is an object ("with her", "to her."), not a possessive.
const NOT_A_NOUN: &[&str] = &[
    "and", "or", "to", "in", "on", "at", "with", "for", "as", "from", "by", "of", "the", "a", "an",
    "that", "this", "who", "when", "while", "into", "about", "after", "before",
];

/// Words that make a capitalised phrase a school: capitalised words before the keyword (no
/// joining words there, so "PyTorch at Stanford University" starts at "Stanford"), and the
/// rest of the name after it ("University of Texas at Austin").
static SCHOOL_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:(?:[A-Z][\w.'&-]*|&)\s+){0,5}(?:University|College|Universität|Université|Universidad|Università|Polytechnic|Polytechnique|Hochschule|Institute of Technology|Institute of Science)(?:\s+(?:of|at|and|de|del|für|di|the|[A-Z][\w.'&-]*))*(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\b)?",
    )
});

/// Institutes, schools and academies, taken for schools only under an Education heading.
static SCHOOL_PHRASE_IN_EDUCATION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:(?:[A-Z][\w.'&-]*|&)\s+){0,5}(?:Institute|School|Academy)(?:\s+(?:of|at|and|de|the|for|[A-Z][\w.'&-]*))*",
    )
});

fn list_regex(entries: &[&str], case_insensitive: bool) -> Regex {
    let alternatives: Vec<String> = {
        let mut sorted: Vec<&str> = entries.to_vec();
        sorted.sort_by_key(|e| std::cmp::Reverse(e.len()));
        sorted.iter().map(|e| regex::escape(e)).collect()
    };
    let flags = if case_insensitive { "(?i)" } else { "" };
    regex(&format!(
        r"{flags}\b(?:{})(?:\b|$|\s)",
        alternatives.join("|")
    ))
}

static NAMED_GROUP: LazyLock<Regex> = LazyLock::new(|| list_regex(&NAMED_GROUPS, false));
static SHORT_SCHOOL: LazyLock<Regex> = LazyLock::new(|| list_regex(&SCHOOLS, false));
static GENDERED: LazyLock<Regex> = LazyLock::new(|| {
    let words: Vec<&str> = GENDERED_WORDS.keys().copied().collect();
    list_regex(&words, true)
});

/// Every identity cue in `line`, with byte ranges in the line (they may overlap).
pub fn line_cues(line: &str, context: &LineContext<'_>) -> Vec<Cue> {
    let mut cues = Vec::new();
    for rule in RULES.iter() {
        for m in rule.pattern.find_iter(line) {
            let range = trim_range(line, m.range());
            if rule.kind == CueKind::Phone && !phone_like(&line[range.clone()]) {
                continue;
            }
            if rule.kind == CueKind::Link {
                // A profile's site stays ("github.com" is a fact about the work); the part
                // that names the person goes.
                if let Some(path) = profile_path(&line[range.clone()]) {
                    let start = range.start + path;
                    cues.push(Cue::replaced_by(
                        start..range.end,
                        CueKind::Link,
                        "/[profile]".into(),
                    ));
                }
                continue;
            }
            cues.push(Cue::new(range, rule.kind));
        }
    }
    for m in TITLE.find_iter(line) {
        cues.push(Cue::new(m.start()..m.end() - 1, CueKind::Title));
    }
    pronouns(line, &mut cues);
    for m in GENDERED.find_iter(line) {
        let range = trim_range(line, m.range());
        let word = &line[range.clone()];
        let neutral = GENDERED_WORDS[word.to_lowercase().as_str()];
        cues.push(Cue::replaced_by(
            range,
            CueKind::GenderedWord,
            same_case(word, neutral),
        ));
    }
    for m in NAMED_GROUP.find_iter(line) {
        // A known organisation's name is replaced whole, even where it holds a skill's name
        // ("Women in Machine Learning" claims no skill).
        let mut cue = Cue::new(trim_range(line, m.range()), CueKind::AffinityGroup);
        cue.yields_to_skills = false;
        cues.push(cue);
    }
    affinity_phrases(line, &mut cues);
    schools(line, context, &mut cues);
    if let Some(person) = context.person {
        person_name(line, person, context, &mut cues);
    }
    cues
}

/// Where the path of a profile address starts ("github.com/jdoe" → 10), if it has one.
fn profile_path(address: &str) -> Option<usize> {
    let scheme = address.find("://").map_or(0, |i| i + 3);
    address[scheme..]
        .find('/')
        .map(|i| scheme + i)
        .filter(|&i| i + 1 < address.len())
}

/// Nine to fifteen digits, and not a range of years.
fn phone_like(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let groups: Vec<&str> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let years = groups
        .iter()
        .all(|g| g.len() == 4 && (g.starts_with("19") || g.starts_with("20")));
    (9..=15).contains(&digits) && !years
}

/// The range without surrounding white space and separators.
fn trim_range(line: &str, range: Range<usize>) -> Range<usize> {
    let text = &line[range.clone()];
    let start = range.start
        + (text.len()
            - text
                .trim_start_matches([' ', '\t', '(', ',', ';', '|'])
                .len());
    let end = range.end - (text.len() - text.trim_end().len());
    start..end.max(start)
}

/// Keeps the capitalisation of the first letter of `original` in `neutral`.
fn same_case(original: &str, neutral: &str) -> String {
    let upper = original.chars().next().is_some_and(char::is_uppercase);
    let all_upper = original.len() > 1 && original.chars().all(|c| !c.is_lowercase());
    if all_upper {
        return neutral.to_uppercase();
    }
    match (upper, neutral.chars().next()) {
        (true, Some(first)) => first
            .to_uppercase()
            .chain(neutral.chars().skip(1))
            .collect(),
        _ => neutral.to_string(),
    }
}

/// he/she → they, him → them, his → their/theirs, her → their/them, hers → theirs.
fn pronouns(line: &str, cues: &mut Vec<Cue>) {
    for m in PRONOUN.find_iter(line) {
        let word = m.as_str();
        let next = line[m.end()..]
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .filter(|_| line[m.end()..].starts_with(' '));
        let followed_by_noun =
            next.is_some_and(|w| !NOT_A_NOUN.contains(&w.to_lowercase().as_str()));
        let neutral = match word.to_lowercase().as_str() {
            "he" | "she" => "they",
            "him" => "them",
            "himself" | "herself" => "themself",
            "hers" => "theirs",
            "his" if followed_by_noun => "their",
            "his" => "theirs",
            "her" if followed_by_noun => "their",
            _ => "them",
        };
        cues.push(Cue::replaced_by(
            m.range(),
            CueKind::Pronoun,
            same_case(word, neutral),
        ));
    }
}

/// Words with their byte offsets: letters, digits and ' - + . inside a word.
fn words(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        let inside = c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '+' | '.' | '&');
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &line[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &line[s..]));
    }
    out.into_iter()
        .map(|(s, w)| (s, w.trim_end_matches(['.', '-', '\''])))
        .filter(|(_, w)| !w.is_empty())
        .collect()
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// A group's name around an identity word: "Muslim Students' Association", "Women in
/// Computing Scholarship", "Women's Rugby Team". The phrase runs over capitalised words (and
/// lower-case joining words between them) and must hold a word that names a group, or be
/// "<identity> in <Field>".
fn affinity_phrases(line: &str, cues: &mut Vec<Cue>) {
    const JOINING: &[&str] = &["in", "of", "for", "and", "who", "&"];
    let words = words(line);
    let lower: Vec<String> = words.iter().map(|(_, w)| w.to_lowercase()).collect();
    let is_identity = |i: usize| IDENTITY_WORDS.contains(lower[i].as_str());
    // Two words are one phrase only with nothing but spaces (or a plural's apostrophe)
    // between them.
    let joined = |i: usize| {
        line[words[i].0 + words[i].1.len()..words[i + 1].0]
            .trim_matches(|c: char| c.is_whitespace() || c == '\'' || c == '’')
            .is_empty()
    };
    let is_group = |i: usize| GROUP_WORDS.contains(lower[i].trim_end_matches(['\'', '’']));
    for i in (0..words.len()).filter(|&i| is_identity(i)) {
        let mut first = i;
        while first > 0
            && joined(first - 1)
            && capitalised(words[first - 1].1)
            && !is_identity(first - 1)
        {
            first -= 1;
        }
        let mut last = i;
        loop {
            let next = last + 1;
            if next < words.len() && joined(last) && (capitalised(words[next].1) || is_group(next))
            {
                last = next;
            } else if next + 1 < words.len()
                && joined(last)
                && joined(next)
                && JOINING.contains(&lower[next].as_str())
                && (capitalised(words[next + 1].1) || is_group(next + 1))
            {
                last = next + 1;
            } else {
                break;
            }
        }
        let holds_group = (first..=last).any(is_group);
        let in_field = i + 2 <= last && lower[i + 1] == "in" && capitalised(words[i + 2].1);
        if holds_group || in_field {
            let start = words[first].0;
            let end = words[last].0 + words[last].1.len();
            cues.push(Cue::new(start..end, CueKind::AffinityGroup));
        }
    }
}

/// School names: long names by pattern anywhere, short ones and institutes under Education.
fn schools(line: &str, context: &LineContext<'_>, cues: &mut Vec<Cue>) {
    let in_education = context.section == Some(SectionKind::Education);
    let mut patterns = vec![&*SCHOOL_PHRASE];
    if in_education {
        patterns.push(&*SCHOOL_PHRASE_IN_EDUCATION);
        patterns.push(&*SHORT_SCHOOL);
    }
    for pattern in patterns {
        for m in pattern.find_iter(line) {
            let range = trim_joining_words(line, trim_range(line, m.range()));
            if !range.is_empty() {
                cues.push(Cue::new(range, CueKind::School));
            }
        }
    }
}

/// Drops lower-case joining words at either end of a phrase ("the University of Oslo in").
fn trim_joining_words(line: &str, mut range: Range<usize>) -> Range<usize> {
    const JOINING: &[&str] = &[
        "of", "at", "and", "the", "de", "del", "für", "di", "for", "&",
    ];
    loop {
        let text = &line[range.clone()];
        if let Some((first, rest)) = text.split_once(' ') {
            if JOINING.contains(&first) {
                range.start += first.len() + 1;
                range.start += rest.len() - rest.trim_start().len();
                continue;
            }
        }
        if let Some((rest, last)) = text.rsplit_once(' ') {
            if JOINING.contains(&last) {
                range.end -= last.len() + 1;
                range.end -= rest.len() - rest.trim_end().len();
                continue;
            }
        }
        return range;
    }
}

/// The patterns that find the person's name, compiled once per document: the full name
/// anywhere, an initialled name ("M. Garcia", "Garcia, M."), "Garcia et al.", and under
/// Publications the surname in author lists.
pub struct PersonPatterns {
    person: Person,
    anywhere: Vec<Regex>,
    in_publications: Vec<Regex>,
}

impl PersonPatterns {
    pub fn new(person: Person) -> Self {
        let given = regex::escape(person.given());
        let surname = regex::escape(person.surname());
        let full = person
            .words
            .iter()
            .map(|w| regex::escape(w))
            .collect::<Vec<_>>()
            .join(r"\s+");
        let initials = r"(?:[A-Z]\.?[\s-]?){1,3}";
        let anywhere = [
            format!(r"(?i:\b{full}\b)"),
            format!(r"(?i:\b{surname},\s*{given}\b)"),
            format!(r"\b{initials}\s?(?i:{surname})\b"),
            format!(r"(?i:\b{surname}),\s*{initials}"),
            format!(r"(?i:\b{surname}\s+et\s+al)\.?"),
        ];
        let in_publications = [
            format!(r"(?i:\b{surname})\s+[A-Z]{{1,3}}\b"),
            format!(r"\b(?i:{surname})\b"),
        ];
        PersonPatterns {
            anywhere: anywhere.iter().map(|p| regex(p)).collect(),
            in_publications: in_publications.iter().map(|p| regex(p)).collect(),
            person,
        }
    }
}

/// The person's name in `line` (see [`PersonPatterns`]), the given name alone as a signature,
/// and web addresses made of the name.
fn person_name(line: &str, names: &PersonPatterns, context: &LineContext<'_>, cues: &mut Vec<Cue>) {
    let mut patterns: Vec<&Regex> = names.anywhere.iter().collect();
    if context.section == Some(SectionKind::Publications) {
        patterns.extend(&names.in_publications);
    }
    for pattern in patterns {
        for m in pattern.find_iter(line) {
            cues.push(Cue::new(trim_range(line, m.range()), CueKind::Name));
        }
    }
    let person = &names.person;
    if context.is_last_lines {
        let trimmed = line.trim().trim_start_matches(['—', '–', '-', ' ']);
        if trimmed.eq_ignore_ascii_case(person.given()) {
            let start = line.find(trimmed).unwrap_or(0);
            cues.push(Cue::new(start..start + trimmed.len(), CueKind::Name));
        }
    }
    web_addresses_of(line, person, cues);
}

/// Web addresses and domains that hold a word of the person's name ("mariagarcia.dev").
fn web_addresses_of(line: &str, person: &Person, cues: &mut Vec<Cue>) {
    static ADDRESS: LazyLock<Regex> = LazyLock::new(|| {
        regex(r"(?i)\b(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/[^\s|,;)\]]*)?")
    });
    let name_words: Vec<&str> = person
        .words
        .iter()
        .map(String::as_str)
        .filter(|w| w.len() >= 3)
        .collect();
    let names_person = |text: &str| {
        let lower = text.to_lowercase();
        name_words.iter().any(|w| lower.contains(w))
    };
    for m in ADDRESS.find_iter(line) {
        let address = m.as_str();
        let path = profile_path(address).unwrap_or(address.len());
        if names_person(&address[..path]) {
            cues.push(Cue::new(m.range(), CueKind::Link));
        } else if names_person(&address[path..]) {
            let start = m.start() + path;
            cues.push(Cue::replaced_by(
                start..m.end(),
                CueKind::Link,
                "/[profile]".into(),
            ));
        }
    }
}
