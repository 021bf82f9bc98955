//! The person at the top of a resume, as a recruiter reads it: the name as written, the
//! headline under it ("Staff Software Engineer, Distributed Systems"), and which lines of the
//! header are contact details. Found by rules on the header (the lines before the first
//! section heading); shown by `rolematch read`, never scored, and removed by `--blind` with
//! every other identity cue.

use serde::Serialize;

use crate::read::sections::heading_kind;
use crate::read::Document;
use crate::redact::names::name_line;

/// One field of the profile and the line it was read from.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Field {
    pub line: usize,
    pub text: String,
}

/// What the header of a resume says about its person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Profile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Field>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<Field>,
    /// Where the person is, as the header writes it ("Lyon, France", "Austin, TX").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Field>,
    /// Header lines holding an e-mail address, a phone number or a link.
    pub contact_lines: Vec<usize>,
}

/// Who a resume is from, as a ranking and a candidate's view show it: the header's name,
/// headline and place, as text. Empty for a blind pool, whose texts had them replaced.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Person {
    /// The name as the resume's header writes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The line under the name ("Staff Software Engineer, Distributed Systems").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<String>,
    /// Where the header says the person is ("Lyon, France").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

impl Person {
    /// The person `document`'s header names; nobody when `blind`.
    pub fn of(document: &Document, blind: bool) -> Self {
        if blind {
            return Person::default();
        }
        let found = profile(document);
        let text = |field: Option<Field>| field.map(|f| f.text);
        Person {
            name: text(found.name),
            headline: text(found.headline),
            location: text(found.location),
        }
    }
}

/// Lines of the header looked at.
const HEADER_LINES: usize = 8;

/// Separators between the parts of a header line ("Ana Lima | Data Engineer").
const SEPARATORS: &[char] = &['|', '·', '•', '–', '—', '\t'];

/// The profile of `document`'s header.
pub fn profile(document: &Document) -> Profile {
    let header: Vec<(usize, &str)> = document
        .lines()
        .filter(|(_, line)| !line.trim().is_empty())
        .take_while(|(_, line)| heading_kind(line).is_none())
        .take(HEADER_LINES)
        .collect();
    let contact_lines: Vec<usize> = header
        .iter()
        .filter(|(_, line)| is_contact(line))
        .map(|(n, _)| *n)
        .collect();
    let mut found = Profile {
        contact_lines,
        ..Profile::default()
    };
    let named = name_line(document);
    if let Some((name_at, person)) = &named {
        // A name on one line, or given as two fields ("First name: Nancy" / "Last name:
        // Jackson") on that line and the next.
        let line = document.line(*name_at);
        let with_next = (name_at + 1..=document.line_count())
            .map(|n| document.line(n))
            .find(|l| !l.trim().is_empty())
            .map(|next| format!("{line} {next}"));
        found.name = display_name(line, &person.words)
            .or_else(|| with_next.and_then(|both| display_name(&both, &person.words)))
            .map(|text| Field {
                line: *name_at,
                text,
            });
    }
    // A place in the header, never the part that holds the name ("Maria Gonzalez, RN").
    let name = found.name.as_ref().map(|f| f.text.as_str());
    found.location = header.iter().find_map(|(n, line)| {
        apart_at_emphasis(line)
            .split(SEPARATORS)
            .map(|part| part.trim().trim_matches(['#', '*', '_', ' ']))
            .filter(|part| name.is_none_or(|name| !part.contains(name)))
            .find_map(place)
            .map(|text| Field { line: *n, text })
    });
    let Some((name_at, _)) = named else {
        return found;
    };
    let line = apart_at_emphasis(document.line(name_at));
    let line = line.as_str();
    // The headline: what follows the name on its line ("Ron Adams - Software Engineer -
    // Resume"), or else the first header line below it that is not contact details, a place
    // or the name again, when that line reads as one: not a label ("Contact Information")
    // nor the first line of a paragraph.
    let rest_of_line = line
        .split_once(SEPARATORS)
        .or_else(|| line.split_once(" - "))
        .and_then(|(_, rest)| {
            rest.split(SEPARATORS)
                .flat_map(|part| part.split(" - "))
                .map(|part| first_part(part.trim_matches([' ', '*', '_', '|'])))
                .find(|part| {
                    // Not a place, a date, a page number or a label: "Jane Doe - Berlin,
                    // Germany", "- Updated March 2024", "- Page 1 of 2".
                    !part.is_empty()
                        && !is_contact(part)
                        && !is_label(part)
                        && place(part).is_none()
                        && !part.contains(|c: char| c.is_ascii_digit())
                })
        });
    let named_again = |line: &str| name.is_some_and(|name| line.contains(name));
    found.headline = match rest_of_line {
        Some(text) => Some(Field {
            line: name_at,
            text,
        }),
        None => header
            .iter()
            .find(|(n, line)| {
                *n > name_at && !is_contact(line) && !named_again(line) && place(line).is_none()
            })
            .filter(|(_, line)| is_headline(line))
            .map(|(n, line)| Field {
                line: *n,
                text: first_part(line.trim().trim_matches(['#', '*', '_', ' '])),
            }),
    };
    found
}

/// A header line with a separator before a place set in emphasis of its own beside the
/// name's ("**Lily Rong**  **Vancouver, BC**"), which a reader sees as two parts.
fn apart_at_emphasis(line: &str) -> String {
    match crate::redact::names::place_beside(line) {
        Some(at) => format!("{} |{}", &line[..at], &line[at..]),
        None => line.to_string(),
    }
}

/// The name as the line writes it: the line's words that spell the person's name, in order,
/// with an honorific right before them ("Dr. Lena Vasquez").
fn display_name(line: &str, words: &[String]) -> Option<String> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let clean = |t: &str| -> String {
        t.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'' && c != '-')
            .trim_end_matches('.')
            .to_lowercase()
    };
    let first = words.first()?;
    let start = tokens.iter().position(|t| &clean(t) == first)?;
    let mut shown: Vec<&str> = Vec::new();
    if start > 0 {
        let before = clean(tokens[start - 1]);
        if ["dr", "prof", "mr", "mrs", "ms", "mx"].contains(&before.as_str()) {
            shown.push(tokens[start - 1].trim_matches(['#', '*', '_']));
        }
    }
    let mut want = words.iter();
    let mut next = want.next();
    for token in &tokens[start..] {
        let Some(word) = next else { break };
        let bare = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'');
        if &clean(token) == word {
            shown.push(bare);
            next = want.next();
        } else if !shown.is_empty() && crate::redact::names::is_initial(bare) {
            // "Molly A. Adams": the initial between the name's words stays as written.
            shown.push(bare);
        }
    }
    (next.is_none()).then(|| shown.join(" "))
}

/// The first part of a line split by separators, and without trailing punctuation.
fn first_part(text: &str) -> String {
    text.split(SEPARATORS)
        .next()
        .unwrap_or(text)
        .trim()
        .trim_end_matches([',', ';'])
        .to_string()
}

/// Words of a job title: a part holding one is a headline, not a place.
const TITLE_WORDS: &[&str] = &[
    "engineer",
    "developer",
    "manager",
    "designer",
    "scientist",
    "analyst",
    "lead",
    "director",
    "consultant",
    "specialist",
    "architect",
    "intern",
    "student",
    "officer",
    "nurse",
    "teacher",
    "head",
    "chief",
    "founder",
    "associate",
    "assistant",
    "coordinator",
    "administrator",
];

/// `part` as a place, when it reads as one: "City, Region" or "City, Region, Country" (a
/// "Location:" or "Based in" before it is dropped), a few capitalised words a piece, no
/// digits but a US ZIP code after a state, and no word of a job title.
fn place(part: &str) -> Option<String> {
    let lower = part.to_lowercase();
    let text = ["location:", "based in ", "located in "]
        .iter()
        .find_map(|prefix| {
            lower
                .starts_with(prefix)
                .then(|| part[prefix.len()..].trim())
        })
        .unwrap_or(part)
        .trim_end_matches(['.', ';']);
    if !(3..=48).contains(&text.chars().count()) || text.contains(['@', '/', '(', ')']) {
        return None;
    }
    let pieces: Vec<&str> = text.split(',').map(str::trim).collect();
    if !(2..=3).contains(&pieces.len()) {
        return None;
    }
    let last = pieces.len() - 1;
    let piece_ok = |(i, piece): (usize, &&str)| -> bool {
        let words: Vec<&str> = piece.split_whitespace().collect();
        let (words, zip) = match words.as_slice() {
            [state, zip] if i == last && state.len() == 2 && zip.len() == 5 => {
                (vec![*state], zip.chars().all(|c| c.is_ascii_digit()))
            }
            _ => (words, true),
        };
        zip && (1..=4).contains(&words.len())
            && words.iter().all(|w| {
                !w.chars().any(|c| c.is_ascii_digit())
                    && !TITLE_WORDS.contains(&w.to_lowercase().as_str())
            })
            && words[0].chars().next().is_some_and(char::is_uppercase)
    };
    pieces
        .iter()
        .enumerate()
        .all(piece_ok)
        .then(|| text.to_string())
}

/// A line that could be a headline: a few words, not a sentence, not a list item ("*Proficient
/// with PostgreSQL"), not a label ("Contact Information") and not part of an address ("Unit
/// 119", "Solana Beach, CA 92075", "New York, New York, United States of America 1234").
fn is_headline(line: &str) -> bool {
    let trimmed = line.trim();
    let bold = trimmed.starts_with("**") || trimmed.starts_with("__");
    if !bold && trimmed.starts_with(['*', '-', '•', '+']) {
        return false;
    }
    let text = trimmed.trim_matches(['#', '*', '_', ' ']);
    let words: Vec<&str> = text.split_whitespace().collect();
    let number = |w: &&str| w.chars().all(|c| c.is_ascii_digit());
    // An address's last line ends with its postcode ("Software Engineer, Berlin 10115" is a
    // title and a place).
    let title = words
        .iter()
        .any(|w| TITLE_WORDS.contains(&w.trim_matches(',').to_lowercase().as_str()));
    // A British postcode or its district ("W7", "SW1A 1AA") is part of an address too.
    let postcode = |w: &&str| {
        let w = w.trim_matches(',');
        let letters = w.chars().take_while(char::is_ascii_uppercase).count();
        (1..=2).contains(&letters)
            && w.len() <= letters + 2
            && w[letters..].starts_with(|c: char| c.is_ascii_digit())
            && w[letters..]
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
    };
    let address = text.contains(',') && words.last().is_some_and(number) && !title
        || words.iter().any(number) && words.len() <= 3
        || words.iter().any(postcode) && words.len() <= 3 && !title;
    (1..=12).contains(&words.len())
        && !text.ends_with('.')
        && text.chars().next().is_some_and(char::is_uppercase)
        && !text.contains(':')
        && !address
        && !is_label(text)
        && place(text).is_none()
}

/// Words that label a header's parts or the document ("Contact Information", "INFO", "Career
/// Summary", "Resume (Markdown)"), never what the person does.
const LABEL_WORDS: &[&str] = &[
    "contact",
    "contacts",
    "information",
    "info",
    "details",
    "personal",
    "summary",
    "career",
    "profile",
    "resume",
    "résumé",
    "cv",
    "curriculum",
    "vitae",
    "about",
    "me",
    "overview",
    "objective",
    "professional",
    "introduction",
    "bio",
    "markdown",
    "pdf",
    "version",
    "my",
];

/// A part of a header made only of [`LABEL_WORDS`].
fn is_label(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != 'é')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    !words.is_empty() && words.iter().all(|w| LABEL_WORDS.contains(&w.as_str()))
}

/// A line holding an e-mail address, a phone number or a link.
fn is_contact(line: &str) -> bool {
    let lower = line.to_lowercase();
    let digits = line.chars().filter(char::is_ascii_digit).count();
    lower.contains('@')
        || digits >= 7
        || [
            "http", "www.", ".com", "linkedin", "github", ".io", ".org", ".dev",
        ]
        .iter()
        .any(|cue| lower.contains(cue))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::document_from_text;

    fn of(text: &str) -> Profile {
        profile(&document_from_text("cv.md", text))
    }

    #[test]
    fn a_place_in_the_header_is_the_location_and_a_headline_with_a_comma_is_not() {
        let place_of = |text: &str| of(text).location.map(|f| (f.line, f.text));
        assert_eq!(
            place_of("Ana Lima\nData Engineer\nLyon, France · ana@example.com\n\n## Experience\n"),
            Some((3, "Lyon, France".into()))
        );
        assert_eq!(
            place_of("# Sam Ortiz | Austin, TX 78701 | sam@example.com\n\n## Skills\n"),
            Some((1, "Austin, TX 78701".into()))
        );
        assert_eq!(
            place_of("Kai Ito\nLocation: Osaka, Japan\n\n## Skills\n"),
            Some((2, "Osaka, Japan".into()))
        );
        // A name with its credential is no place, nor a headline or a date with a comma.
        assert_eq!(
            place_of("Maria Gonzalez, RN\nmaria@example.com\n\n## Experience\n"),
            None
        );
        assert_eq!(
            place_of("# Dr. Lena Vasquez\nStaff Software Engineer, Distributed Systems\nMay 2020, Remote\n\n## Experience\n"),
            None
        );
    }

    #[test]
    fn the_name_the_headline_and_the_contact_lines_of_a_header() {
        let p = of(
            "# Dr. Lena Vasquez\nStaff Software Engineer, Distributed Systems\n\
                    lena@example.com | +1 415 555 0100\n\n## Experience\nBuilt things.\n",
        );
        assert_eq!(p.name.unwrap().text, "Dr. Lena Vasquez");
        let headline = p.headline.unwrap();
        assert_eq!(
            headline.text,
            "Staff Software Engineer, Distributed Systems"
        );
        assert_eq!(headline.line, 2);
        assert_eq!(p.contact_lines, vec![3]);
    }

    #[test]
    fn a_postcode_and_its_town_are_no_headline() {
        assert!(!is_headline("W7 London"));
        assert!(!is_headline("London SW1A 1AA"));
        assert!(is_headline("Data Engineer"));
        assert!(is_headline("Senior C4 Analyst"));
    }

    #[test]
    fn a_name_and_a_place_each_in_bold_side_by_side() {
        let p = of("**Lily Rong**  **Vancouver, BC** | Work Visa Holder\n\n### Experience\n");
        assert_eq!(p.name.unwrap().text, "Lily Rong");
        assert_eq!(p.location.unwrap().text, "Vancouver, BC");
        assert_eq!(p.headline.unwrap().text, "Work Visa Holder");
        // A name in two runs of emphasis is one name.
        let p = of("**María José** **García López**\nData Engineer\n\n### Experience\n");
        assert_eq!(p.name.unwrap().text, "María José García López");
        assert_eq!(p.headline.unwrap().text, "Data Engineer");
    }

    #[test]
    fn a_middle_initial_and_an_address_under_the_name() {
        let p = of(
            "## CONTACT INFORMATION\n\n## Molly A. Adams\n930 Via Mil Cumbres\nUnit 119\n\
             Solana Beach, CA 92075\nPhone: (858) 555-1001\n\nOBJECTIVE\n",
        );
        assert_eq!(p.name.unwrap().text, "Molly A. Adams");
        // No line of the address is a headline.
        assert!(p.headline.is_none(), "{:?}", p.headline);
        assert_eq!(p.location.unwrap().text, "Solana Beach, CA 92075");
    }

    #[test]
    fn labels_list_items_addresses_and_the_name_again_are_no_headline() {
        let headline = |text: &str| of(text).headline.map(|f| f.text);
        assert_eq!(
            headline("# Dawn Beilfuss\n\n## Contact Information\ndz@example.com\n\n## Summary\n"),
            None
        );
        assert_eq!(
            headline("John W. Smith\nFort Collins, CO 80525\n\nCareer Summary\nFour years.\n\nExperience\n"),
            None
        );
        assert_eq!(
            headline("Jane Q. Fullstacker\nINFO\nImaginary full-stack developer with six years\nof work.\n\nSKILLS\n"),
            None
        );
        assert_eq!(
            headline("John W. Smith\njw@example.com\n\nCareer Summary\nFour years.\nAdult Care Experience\n\nExperience\n"),
            None
        );
        assert_eq!(
            headline("###Caitlin Watkins\nc@example.com\n\n*Proficient with PostgreSQL\n*Comfortable in Linux\n\nEducation\n"),
            None
        );
        assert_eq!(
            headline(
                "JOHN L. DOE\nNew York, New York, United States of America 1234\n\nEDUCATION\n"
            ),
            None
        );
        // The name's own line names the document and the job; a later line repeats the name.
        assert_eq!(
            headline("Ron Adams - Software Engineer - Resume\n\nRon Adams\n\nEXPERIENCE\n"),
            Some("Software Engineer".into())
        );
        assert_eq!(
            headline("# Kamran Shirazi — Resume (Markdown)\n\n## Education\n"),
            None
        );
        // A place, a date or a page after the name is no headline; a title beside a place
        // and its postcode is one.
        for line in [
            "Jane Doe - Berlin, Germany\nSenior Nurse\n\n## Experience\n",
            "Jane Doe - Updated March 2024\nSenior Nurse\n\n## Experience\n",
            "Jane Doe - Page 1 of 2\nSenior Nurse\n\n## Experience\n",
        ] {
            assert_eq!(headline(line), Some("Senior Nurse".into()), "{line}");
        }
        assert_eq!(
            headline("Jane Doe\nSoftware Engineer, Berlin 10115\n\n## Experience\n"),
            Some("Software Engineer, Berlin 10115".into())
        );
        // A bold headline is still one.
        assert_eq!(
            headline("Ana Lima\n**Data Engineer**\n\n## Experience\n"),
            Some("Data Engineer".into())
        );
    }

    #[test]
    fn a_headline_on_the_name_s_line_and_none_at_all() {
        let p = of("Maria Garcia | ML Engineer | maria@example.com\n\nExperience\n- Models\n");
        assert_eq!(p.name.unwrap().text, "Maria Garcia");
        assert_eq!(p.headline.unwrap().text, "ML Engineer");
        let p = of("Maria Garcia\nmaria@example.com\n\nExperience\n- Models\n");
        assert!(p.headline.is_none());
        assert!(of("Experience\n- Built models at Acme.\n").name.is_none());
    }
}
