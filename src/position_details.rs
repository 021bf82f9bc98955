//! The title and employer of a dated position, read from the short lines written around its
//! dates ("Data Analyst 2017 – 2020" / "ABC Company, New York, NY"), as a recruiter reads
//! an entry's header. Bullets and sentences are the entry's body and never its header; what
//! cannot be told apart is left unknown rather than guessed.

use crate::read::sections::heading_kind;
use crate::read::Document;

/// What a position's header says: the job's title and who it was for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details {
    pub title: Option<String>,
    pub employer: Option<String>,
}

/// Words of a job title (whole words, lower case). A part of an entry's header that holds one
/// is its title.
#[rustfmt::skip]
const TITLE_WORDS: &[&str] = &[
    "engineer", "developer", "programmer", "manager", "designer", "scientist", "analyst", "lead",
    "director", "consultant", "specialist", "architect", "intern", "officer", "nurse", "teacher",
    "head", "chief", "founder", "co-founder", "cofounder", "associate", "assistant", "coordinator",
    "administrator", "representative", "president", "vice", "vp", "ceo", "cto", "cfo", "coo",
    "technician", "researcher", "professor", "lecturer", "tutor", "instructor", "clerk",
    "accountant", "bookkeeper", "auditor", "supervisor", "owner", "contributor", "fellow",
    "editor", "writer", "recruiter", "agent", "driver", "operator", "therapist", "pharmacist",
    "physician", "counselor", "counsellor", "trainee", "apprentice", "secretary", "receptionist",
    "advisor", "adviser", "partner", "principal", "executive", "strategist", "planner",
    "producer", "attorney", "lawyer", "paralegal", "buyer", "chef", "cook", "barista",
    "waitress", "waiter", "cashier", "dba", "sre", "maintainer", "mentor", "headteacher",
    "educator", "practitioner", "worker", "aide", "carer", "caregiver", "medic", "paramedic",
    "midwife", "dentist", "surgeon", "doctor", "postdoc", "postdoctoral", "ninja", "hacker",
];

/// Words of an organisation's name (whole words, lower case, without a final period).
#[rustfmt::skip]
const ORGANISATION_WORDS: &[&str] = &[
    "inc", "llc", "ltd", "limited", "corp", "corporation", "company", "co", "gmbh", "ag", "sa",
    "plc", "llp", "university", "college", "school", "academy", "institute", "hospital",
    "clinic", "bank", "group", "labs", "lab", "laboratory", "technologies", "systems",
    "solutions", "agency", "department", "foundation", "center", "centre", "studio", "studios",
    "partners", "services", "communications", "electronics", "industries", "consulting",
    "council", "ministry", "trust", "association", "society", "organization", "organisation",
    "government", "office", "board", "authority", "network", "ventures", "capital", "media",
];

/// Regions and countries written after a city ("Austin, TX", "Lyon, France").
#[rustfmt::skip]
const REGIONS: &[&str] = &[
    "usa", "us", "u.s.", "uk", "canada", "france", "germany", "india", "spain", "italy",
    "ireland", "netherlands", "australia", "remote", "hybrid", "on-site", "onsite",
];

/// The header of the position dated on `line`: `rest` is that line with its dates taken out.
/// The lines right above and below count while they are short, plain and undated.
pub fn details(document: &Document, line: usize, rest: &str) -> Details {
    let same = segments(rest);
    let above = header_lines(document, (1..line).rev().take(2));
    let below = header_lines(document, (line + 1..=document.line_count()).take(2));
    let around: Vec<&Vec<Segment>> = std::iter::once(&same)
        .chain(above.iter().rev())
        .chain(&below)
        .collect();
    let all = || around.iter().flat_map(|line| line.iter());
    let title = all()
        .find(|s| s.kind == Kind::Title)
        .map(|s| s.text.clone());
    let employer = all()
        .find(|s| s.kind == Kind::Organisation)
        .or_else(|| {
            // No name says "company": a plain part of the dated line, or of the nearest
            // header line (an employer's name is short), stands for the employer.
            plain(&same)
                .or_else(|| above.iter().find_map(|l| plain(l)))
                .or_else(|| below.iter().find_map(|l| plain(l)))
        })
        .map(|s| s.text.clone());
    Details { title, employer }
}

/// The first plain part of a header line short enough to be a name: longer runs of
/// capitalised words are lists of tools ("C++ C Linux R Clojure").
/// A part beside the title's own part is preferred ("Software Engineer, ML Platform —
/// Northwind Logistics": Northwind Logistics).
fn plain(segments: &[Segment]) -> Option<&Segment> {
    let titled = |group: usize| {
        segments
            .iter()
            .any(|s| s.group == group && s.kind == Kind::Title)
    };
    let names = || {
        segments
            .iter()
            .filter(|s| s.kind == Kind::Plain && s.words <= 4)
    };
    names()
        .find(|s| !titled(s.group))
        .or_else(|| names().next())
}

/// The header lines among `numbers`, nearest first, up to the first line that is not one.
fn header_lines(document: &Document, numbers: impl Iterator<Item = usize>) -> Vec<Vec<Segment>> {
    let mut lines = Vec::new();
    let mut blank_before = false;
    for n in numbers {
        let text = document.line(n).trim();
        if text.is_empty() && lines.is_empty() && !blank_before {
            // One blank line may stand between the dates and an entry's own heading
            // ("### *Intern*, Dunder Mifflin", then the dates under it).
            blank_before = true;
            continue;
        }
        let entry_heading = text.starts_with("##") && heading_kind(text).is_none();
        if !entry_heading && (blank_before || !is_header_line(text)) {
            break;
        }
        lines.push(segments(text.trim_start_matches('#')));
        if entry_heading {
            break;
        }
    }
    lines
}

/// A short, plain line: not blank, not a heading, not a bullet, not a sentence, no date.
fn is_header_line(line: &str) -> bool {
    let words = line.split_whitespace().count();
    // A period ends a sentence, but also "Creative Solutions Inc.".
    let sentence = line.ends_with([':', ';']) || line.ends_with('.') && words > 6;
    let body = line.starts_with(['#', '-', '*', '•', '–', '—', '>']);
    (1..=12).contains(&words)
        && !sentence
        && !body
        && heading_kind(line).is_none()
        && !has_year(line)
}

fn has_year(line: &str) -> bool {
    line.split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() == 4 && (run.starts_with("19") || run.starts_with("20")))
}

/// What a part of a header line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Title,
    Organisation,
    Place,
    Plain,
}

/// A part of a header line, between commas, bars or dashes.
#[derive(Debug, Clone)]
pub(crate) struct Segment {
    pub(crate) text: String,
    pub(crate) kind: Kind,
    words: usize,
    /// Which part of the line, between bars or dashes, it stands in.
    group: usize,
}

/// The parts of a header line, split at commas, bars, dashes, "at" and wide gaps, each
/// classified.
pub(crate) fn segments(line: &str) -> Vec<Segment> {
    // A header in bold is the bold words; what follows them is the entry's text
    // ("**Backend Engineer, Routewise (2021–2024)** — Python services, Docker.").
    let line = match line.split("**").nth(1) {
        Some(bold) if line.trim_start().starts_with("**") => bold.to_string(),
        _ => line.to_string(),
    };
    let line = link_labels(&line);
    // Bars, dashes and "at" part the title from the employer; commas part the pieces of
    // each ("Software Engineer, ML Platform — Northwind Logistics").
    let mut groups: Vec<String> = vec![line];
    for separator in [
        " | ", " · ", " • ", " — ", " – ", " - ", " at ", " @ ", "\t", "   ",
    ] {
        groups = groups
            .iter()
            .flat_map(|p| p.split(separator).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    let mut cleaned: Vec<(usize, String)> = Vec::new();
    for (group, text) in groups.iter().enumerate() {
        for piece in text.split(", ").flat_map(|p| p.split("()")) {
            let piece = piece.trim();
            // Blind review's placeholders ("[school]") keep their brackets.
            let placeholder = piece.starts_with('[')
                && piece.ends_with(']')
                && !piece[1..piece.len() - 1].contains(['[', ']']);
            let p = if placeholder {
                piece
            } else {
                piece.trim_matches(|c: char| " *_#[],;:|-–—".contains(c))
            };
            // A bracket is trimmed only when its pair is not inside: "Data Analyst
            // (Contract)" keeps both.
            let p = if p.contains('(') {
                p
            } else {
                p.trim_end_matches(')')
            };
            let p = if p.contains(')') {
                p
            } else {
                p.trim_start_matches('(')
            };
            let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
            if p.chars().any(char::is_alphabetic) {
                cleaned.push((group, p));
            }
        }
    }
    let mut out: Vec<Segment> = Vec::new();
    for (i, (group, text)) in cleaned.iter().enumerate() {
        let region_next = cleaned.get(i + 1).is_some_and(|(_, next)| is_region(next));
        let (text, kind) = classify(text, region_next);
        out.push(Segment {
            words: text.split_whitespace().count(),
            text,
            kind,
            group: *group,
        });
    }
    out
}

/// What one part of a header is. `region_next`: a region follows it, so a city may end it
/// ("XYZ Corporation San Francisco" + "CA").
fn classify(text: &str, region_next: bool) -> (String, Kind) {
    if is_region(text) {
        return (text.to_string(), Kind::Place);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let lower = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
            .to_lowercase()
    };
    let is_title_word = |w: &str| {
        w.split('/')
            .any(|part| TITLE_WORDS.contains(&lower(part).as_str()))
    };
    // Written with a capital, as a name is: "Acme Company", not "a compression company".
    let is_org_word = |w: &str| {
        w.starts_with(|c: char| c.is_uppercase()) && ORGANISATION_WORDS.contains(&lower(w).as_str())
    };
    // "Solutions Architect", "Office Manager": a title whatever word comes before.
    if words.last().is_some_and(|w| is_title_word(w)) {
        return (text.to_string(), Kind::Title);
    }
    if let Some(last_org) = words.iter().rposition(|w| is_org_word(w)) {
        // "XYZ Corporation San Francisco, CA": the name ends at its last organisation word.
        let end = if region_next {
            last_org + 1
        } else {
            words.len()
        };
        return (words[..end].join(" "), Kind::Organisation);
    }
    if words.iter().any(|w| is_title_word(w)) {
        return (text.to_string(), Kind::Title);
    }
    if region_next && words.len() <= 3 {
        return (text.to_string(), Kind::Place);
    }
    (text.to_string(), Kind::Plain)
}

/// A region or country, or a US state's two capitals.
fn is_region(text: &str) -> bool {
    let lower = text.to_lowercase();
    REGIONS.contains(&lower.as_str())
        || text.len() == 2 && text.chars().all(|c| c.is_ascii_uppercase())
        || text.split_whitespace().count() == 2
            && text
                .split_whitespace()
                .last()
                .is_some_and(|zip| zip.len() == 5 && zip.chars().all(|c| c.is_ascii_digit()))
}

/// `[label](address)` → `label`.
fn link_labels(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|at| open + at) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|at| close + at) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::document_from_text;

    fn header(text: &str, line: usize, rest: &str) -> (Option<String>, Option<String>) {
        let d = details(&document_from_text("cv.md", text), line, rest);
        (d.title, d.employer)
    }

    fn some(title: &str, employer: &str) -> (Option<String>, Option<String>) {
        (Some(title.into()), Some(employer.into()))
    }

    #[test]
    fn title_and_employer_in_each_common_layout() {
        // Title and employer above the dates, a place below.
        assert_eq!(
            header(
                "CEO/President, Pied Piper\nDec 2013 – Dec 2014\nPalo Alto, CA\n",
                2,
                ""
            ),
            some("CEO/President", "Pied Piper")
        );
        // Employer and place above, title below.
        assert_eq!(
            header(
                "On Point Electronics, NYC, NY\nJan 2013 – July 2018\nCustomer Service Representative\n",
                2,
                ""
            ),
            some("Customer Service Representative", "On Point Electronics")
        );
        // All on the dated line.
        assert_eq!(
            header(
                "x\n",
                1,
                "Undergraduate Research Assistant, , Texas A&M University, College Station, TX"
            ),
            some("Undergraduate Research Assistant", "Texas A&M University")
        );
        // Title with the dates, employer and city run together below.
        assert_eq!(
            header(
                "Director of Data Science 2020 - Present\nXYZ Corporation San Francisco, CA\n",
                1,
                "Director of Data Science"
            ),
            some("Director of Data Science", "XYZ Corporation")
        );
        // A Markdown heading with a link.
        assert_eq!(
            header(
                "x\n",
                1,
                "### *Head Code Ninja*, [Area 52](https://area52.io/x) ()"
            ),
            some("Head Code Ninja", "Area 52")
        );
    }

    #[test]
    fn bullets_sentences_and_other_entries_are_never_the_header() {
        let cv = "- Built the billing service for Acme Corp\nMarch 2003 – December 2004\n\
                  Led the migration of the data warehouse.\n";
        assert_eq!(header(cv, 2, ""), (None, None));
        let cv = "Analyst, Acme Corp, 2015 – 2016\nMarch 2017 – December 2018\n";
        assert_eq!(header(cv, 2, ""), (None, None));
    }
}
