//! The title and employer of a dated position, read from the short lines written around its
//! dates ("Data Analyst 2017 – 2020" / "ABC Company, New York, NY"), as a recruiter reads
//! an entry's header. Bullets and sentences are the entry's body and never its header; what
//! cannot be told apart is left unknown rather than guessed.

use crate::read::sections::heading_kind;
use crate::read::Document;

/// What a position's header says: the job's title and who it was for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Details {
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
    "organizer", "organiser", "volunteer",
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
    // A dated sentence ("Volunteered as a tutor … from 2002 to 2003.") has no header.
    // A list item that holds the dates is the entry's header ("- Software Developer at
    // StartupXYZ (2018-2020)").
    let rest = without_list_marker(rest);
    let same = if is_header_line(rest) || rest.starts_with("**") || rest.starts_with("##") {
        segments(rest.trim_start_matches('#'))
    } else {
        Vec::new()
    };
    let above = header_lines(document, (1..line).rev().take(2), Direction::Above);
    let below = header_lines(
        document,
        (line + 1..=document.line_count()).take(2),
        Direction::Below,
    );
    let around: Vec<&Vec<Segment>> = std::iter::once(&same)
        .chain(above.iter())
        .chain(&below)
        .collect();
    let title = around
        .iter()
        .flat_map(|line| line.iter())
        .find(|s| s.kind == Kind::Title)
        .map(|s| s.text.clone());
    // The employer is looked for line by line, the dated line first: a name in the entry's
    // own header beats one further off (the next entry's "Engineer, Beta LLC"). A plain part
    // stands for the employer on the dated line and above it only; below the dates, a plain
    // line is as likely the first line of the entry's text.
    // An organisation's name near the dates beats a plain guess above them.
    let employer = employer_in(&same, true)
        .or_else(|| above.iter().find_map(|l| employer_in(l, false)))
        .or_else(|| below.iter().find_map(|l| employer_in(l, false)))
        .or_else(|| above.iter().find_map(|l| employer_in(l, true)))
        .map(|s| s.text.clone());
    match (title, employer) {
        (Some(title), None) => {
            let (title, employer) = employer_in_brackets(&title);
            Details {
                title: Some(title),
                employer,
            }
        }
        (title, employer) => Details { title, employer },
    }
}

/// A title whose bracket names the employer ("Account Executive (Salesforce)", "Platoon
/// Commander (Marine Corps)") as the title and the employer; a bracket that says how the job
/// was held ("Data Analyst (Contract)", "(Remote)") stays the title's.
fn employer_in_brackets(title: &str) -> (String, Option<String>) {
    #[rustfmt::skip]
    const HOW_HELD: &[&str] = &[
        "contract", "contractor", "remote", "hybrid", "on-site", "onsite", "part-time",
        "full-time", "part", "full", "time", "internship", "intern", "temporary", "temp",
        "freelance", "volunteer", "seasonal", "interim", "acting", "maternity", "cover",
        "locum", "per", "diem", "prn", "promoted", "current",
    ];
    let Some(inner) = title
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once('('))
        .filter(|(before, inner)| !before.trim().is_empty() && !inner.contains(['(', ')']))
    else {
        return (title.to_string(), None);
    };
    let (before, name) = (inner.0.trim(), inner.1.trim());
    let words: Vec<&str> = name.split_whitespace().collect();
    let a_name = (1..=5).contains(&words.len())
        && words[0].starts_with(|c: char| c.is_uppercase())
        && !words.iter().any(|w| {
            HOW_HELD.contains(
                &w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                    .to_lowercase()
                    .as_str(),
            )
        })
        && !name.chars().any(|c| c.is_ascii_digit());
    if a_name {
        (before.to_string(), Some(name.to_string()))
    } else {
        (title.to_string(), None)
    }
}

/// The employer named on one header line: a part beside the title's own part first
/// ("Software Engineer, ML Platform — Northwind Logistics": Northwind Logistics), an
/// organisation's name before a plain part, and a plain part only when `plain_counts` and
/// short enough to be a name (longer runs of capitalised words are lists of tools: "C++ C
/// Linux R Clojure").
fn employer_in(segments: &[Segment], plain_counts: bool) -> Option<&Segment> {
    let titled = |group: usize| {
        segments
            .iter()
            .any(|s| s.group == group && s.kind == Kind::Title)
    };
    let organisation = |beside: bool| {
        segments
            .iter()
            .find(|s| s.kind == Kind::Organisation && titled(s.group) != beside)
    };
    // A name starts with a capital or a digit ("governance" is a word of the entry's text);
    // blind review's placeholder ("[school]") stands for one.
    let plain = |beside: bool| {
        segments.iter().find(|s| {
            plain_counts
                && s.kind == Kind::Plain
                && s.words <= 4
                && s.text
                    .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || c == '[')
                && titled(s.group) != beside
        })
    };
    organisation(true)
        .or_else(|| plain(true))
        .or_else(|| organisation(false))
        .or_else(|| plain(false))
}

/// Which side of the dates header lines are read on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Above,
    Below,
}

/// The header lines among `numbers`, nearest first, up to the first line that is not one.
fn header_lines(
    document: &Document,
    numbers: impl Iterator<Item = usize>,
    direction: Direction,
) -> Vec<Vec<Segment>> {
    let mut lines = Vec::new();
    let mut blank_before = false;
    for n in numbers {
        let text = document.line(n).trim();
        if text.is_empty() && lines.is_empty() && !blank_before && direction == Direction::Above {
            // One blank line may stand between the dates and their entry's heading above
            // ("### *Intern*, Dunder Mifflin", then the dates under it).
            blank_before = true;
            continue;
        }
        let entry_heading = text.starts_with("##") && heading_kind(text).is_none();
        if !entry_heading && (blank_before || !is_header_line(text)) {
            break;
        }
        // Below the dates, a line over the next dates is the next entry's header.
        if direction == Direction::Below && (entry_heading || has_year(document.line(n + 1))) {
            break;
        }
        lines.push(segments(text.trim_start_matches('#')));
        if entry_heading {
            break;
        }
    }
    lines
}

/// The first line of the entry whose dates open `line`: the line right above when it is a
/// short plain header ("Principal Developer, Veridian Dynamics" over "2011-07 — 2013-08"),
/// else `line` itself. One line only: a short line two above is as likely the last bullet of
/// the entry before, its marker lost in a PDF ("Etc.").
pub(crate) fn entry_first_line(document: &Document, line: usize) -> usize {
    match line.checked_sub(1) {
        Some(above) if above >= 1 && is_header_line(document.line(above).trim()) => above,
        _ => line,
    }
}

/// Whether a line starts as a list item: a dash, a bullet or a star and a space, or a number
/// and a point ("1. "); "**Analyst**" and "*Analyst*" are emphasis, not items.
pub(crate) fn is_list_item(line: &str) -> bool {
    let line = line.trim_start();
    let marked = [
        "- ", "* ", "+ ", "• ", "● ", "▪ ", "◦ ", "➢ ", "– ", "— ", "> ",
    ]
    .iter()
    .any(|marker| line.starts_with(marker))
        || line.starts_with(['•', '●', '▪', '◦', '➢', '\u{f0b7}']);
    let numbered = line.split_once(['.', ')']).is_some_and(|(number, after)| {
        !number.is_empty()
            && number.len() <= 2
            && number.chars().all(|c| c.is_ascii_digit())
            && after.starts_with(' ')
    });
    marked || numbered
}

/// A list item's text without its marker ("- **Analyst**, Acme" → "**Analyst**, Acme",
/// "2. Analyst" → "Analyst"); any other line trimmed, as it is.
pub(crate) fn without_list_marker(line: &str) -> &str {
    let line = line.trim();
    if !is_list_item(line) {
        return line;
    }
    let numbered = line
        .split_once(['.', ')'])
        .filter(|(number, _)| !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()));
    match numbered {
        Some((_, rest)) => rest.trim_start(),
        // Every other marker is one character ("-", "*", "•", "●", …).
        None => {
            let mut chars = line.chars();
            chars.next();
            chars.as_str().trim_start()
        }
    }
}

/// A short, plain line: not blank, not a heading, not a bullet, not a sentence, no date.
fn is_header_line(line: &str) -> bool {
    let words = line.split_whitespace().count();
    // A period ends a sentence, but also "Creative Solutions Inc." and "Counseling
    // Supervisor, The Wesley Center, Little Rock, Arkansas.": a sentence's first clause is
    // long.
    let first_clause = line
        .split(", ")
        .next()
        .unwrap_or(line)
        .split_whitespace()
        .count();
    let sentence =
        line.ends_with([':', ';']) || line.ends_with('.') && words > 6 && first_clause > 4;
    let body = line.starts_with('#') || is_list_item(line);
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
    // What follows the bold words is kept when it is more of the header ("**Software
    // Engineer** | Acme Corp"), not when it is a sentence or a list.
    let line = match line
        .trim_start()
        .strip_prefix("**")
        .and_then(|l| l.split_once("**"))
    {
        Some((bold, after)) => {
            let after = after.trim();
            let text = after.trim_start_matches(|c: char| " |,·•—–-".contains(c));
            let more_header =
                !after.is_empty() && !text.ends_with('.') && text.split_whitespace().count() <= 6;
            if more_header {
                format!("{bold} {after}")
            } else {
                bold.to_string()
            }
        }
        None => line.to_string(),
    };
    let line = without_leaders(&link_labels(&line));
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
            let placeholder = piece.len() > 2
                && piece.starts_with('[')
                && piece.ends_with(']')
                && piece[1..piece.len() - 1]
                    .chars()
                    .all(|c| c.is_lowercase() || c == ' ');
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
        let (text, kind) = if i > 0 && is_city_and_code(text) {
            (text.clone(), Kind::Place)
        } else {
            classify(text, region_next)
        };
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
    // A part of more than eight words is a sentence, not a name or a title.
    if words.len() > 8 {
        return (text.to_string(), Kind::Plain);
    }
    // "Solutions Architect", "Office Manager", "Head of Network Operations": a title
    // whatever words come before or after its title word.
    if words.last().is_some_and(|w| is_title_word(w))
        || words.first().is_some_and(|w| is_title_word(w))
            && words.get(1).is_some_and(|w| *w == "of")
    {
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

/// US states' and Canadian provinces' postal codes.
#[rustfmt::skip]
const STATE_CODES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY", "ON", "QC", "BC", "AB", "MB", "NS", "NB", "SK",
];

/// A city's capitalised name with a US state's or Canadian province's code and nothing
/// else but a country or a ZIP code ("Boston MA", "Salt Lake City UT", "Toronto ON Canada",
/// "Boston MA 02110"), as a fixed-width header writes its place without a comma. Only a
/// part after the first is taken for one: "Executive PA" and "Clinical MA" open a header
/// as titles.
fn is_city_and_code(text: &str) -> bool {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let tail = words.last().is_some_and(|last| {
        REGIONS.contains(&last.to_lowercase().as_str())
            || last.len() == 5 && last.chars().all(|c| c.is_ascii_digit())
    });
    if tail {
        words.pop();
    }
    (2..=4).contains(&words.len())
        && words.last().is_some_and(|code| STATE_CODES.contains(code))
        && words[..words.len() - 1]
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_uppercase()) && !w.ends_with(','))
}

/// A region or country, or a US state's or Canadian province's code ("IT" and "HR" are not).
fn is_region(text: &str) -> bool {
    let lower = text.to_lowercase();
    REGIONS.contains(&lower.as_str())
        || STATE_CODES.contains(&text)
        || text.split_whitespace().count() == 2
            && text
                .split_whitespace()
                .last()
                .is_some_and(|zip| zip.len() == 5 && zip.chars().all(|c| c.is_ascii_digit()))
}

/// Leader runs — three or more dashes, dots, underscores or equals signs that a fixed-width
/// layout pads between a header's parts ("Principal SE ------- Boston MA") — as a bar.
fn without_leaders(line: &str) -> String {
    fn flush(out: &mut String, run: &mut String, leader: bool) {
        if leader && run.chars().count() >= 3 {
            out.push_str(" | ");
        } else {
            out.push_str(run);
        }
        run.clear();
    }
    let mut out = String::with_capacity(line.len());
    let mut run = String::new();
    // Whether the run under way started after a space (or the line's start).
    let mut spaced_before = false;
    let mut after_space = true;
    for c in line.chars() {
        if matches!(c, '-' | '.' | '_' | '=' | '—' | '–' | '·') {
            if run.is_empty() {
                spaced_before = after_space;
            }
            run.push(c);
            continue;
        }
        flush(&mut out, &mut run, spaced_before && c.is_whitespace());
        out.push(c);
        after_space = c.is_whitespace();
    }
    flush(&mut out, &mut run, spaced_before);
    out
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
    fn an_employer_in_the_titles_bracket() {
        assert_eq!(
            employer_in_brackets("SMB Core Account Executive (Salesforce)"),
            (
                "SMB Core Account Executive".into(),
                Some("Salesforce".into())
            )
        );
        for kept in [
            "Data Analyst (Contract)",
            "Nurse (Part-time)",
            "Engineer (Remote)",
            "Analyst (2 years)",
            "(Salesforce)",
        ] {
            assert_eq!(employer_in_brackets(kept), (kept.into(), None), "{kept}");
        }
        // Read from a heading with its dates.
        assert_eq!(
            header(
                "## May 2021-May 2022: SMB Core Account Executive (Salesforce)\n- Sold\n",
                1,
                "## : SMB Core Account Executive (Salesforce)"
            ),
            some("SMB Core Account Executive", "Salesforce")
        );
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
        // The employer's link, then the title, as a résumé theme's HTML header reads.
        assert_eq!(
            header(
                "[UX Speed Dating] | Community Organizer\nFeb 2014–present, San Francisco\n",
                2,
                ""
            ),
            some("Community Organizer", "UX Speed Dating")
        );
    }

    #[test]
    fn leader_runs_part_a_fixed_width_header() {
        assert_eq!(
            header(
                "x\n",
                1,
                "CINCH FINANCIAL, Principal SE ------------------------- Boston MA"
            ),
            some("Principal SE", "CINCH FINANCIAL")
        );
        for place in ["Salt Lake City UT", "Toronto ON Canada", "Boston MA 02110"] {
            assert_eq!(
                header(
                    "x\n",
                    1,
                    &format!("Data Engineer, Acme Ltd ------- {place}")
                ),
                some("Data Engineer", "Acme Ltd"),
                "{place}"
            );
        }
        // A title that ends in a state's letters opens its header.
        assert_eq!(
            header("x\n", 1, "Executive PA, Barclays"),
            some("Executive PA", "Barclays")
        );
        assert_eq!(
            without_leaders("Analyst .......... Acme -- Ltd... x"),
            "Analyst  |  Acme -- Ltd... x"
        );
    }

    #[test]
    fn list_markers_come_off_and_emphasis_stays() {
        assert_eq!(
            without_list_marker("  - **Analyst**, Acme"),
            "**Analyst**, Acme"
        );
        assert_eq!(without_list_marker("* Analyst"), "Analyst");
        assert_eq!(without_list_marker("●Analyst"), "Analyst");
        assert_eq!(without_list_marker("2. Analyst"), "Analyst");
        assert_eq!(without_list_marker("**Analyst**"), "**Analyst**");
        assert_eq!(without_list_marker("2.5 years"), "2.5 years");
    }

    #[test]
    fn emphasis_and_bars_and_leading_title_words() {
        assert_eq!(
            header(
                "**Software Engineer**, Acme Corp\nJan 2019 – Dec 2021\n",
                2,
                ""
            ),
            some("Software Engineer", "Acme Corp")
        );
        assert_eq!(
            header("*Data Analyst*, Globex Inc\nJan 2019 – Dec 2021\n", 2, ""),
            some("Data Analyst", "Globex Inc")
        );
        assert_eq!(
            header("x\n", 1, "**Software Engineer** | Acme Corp | "),
            some("Software Engineer", "Acme Corp")
        );
        assert_eq!(
            header("x\n", 1, "Head of Network Operations, Comcast"),
            some("Head of Network Operations", "Comcast")
        );
        assert_eq!(
            header("x\n", 1, "Senior Engineer, Platform Services — Stripe"),
            some("Senior Engineer", "Stripe")
        );
    }

    #[test]
    fn the_next_entry_and_the_entry_s_text_are_not_its_header() {
        // The next entry's header belongs to the next dates.
        let cv = "Data Analyst, Spotify\n2015 – 2017\nEngineer, Beta LLC\n2017 – 2019\n";
        assert_eq!(header(cv, 2, ""), some("Data Analyst", "Spotify"));
        let cv = "### Acme Inc\nJan 2009 – Dec 2011\n\n### Globex — Senior Engineer\n";
        assert_eq!(header(cv, 2, ""), (None, Some("Acme Inc".into())));
        // An unmarked line of the entry's text under the dates is not its employer.
        let cv = "Registered Nurse\nJune 2018 – Present\nManaged ICU patients\n";
        assert_eq!(header(cv, 2, ""), (Some("Registered Nurse".into()), None));
        // A dated sentence has no header.
        let cv = "Volunteered as a tutor for the Red Cross from 2002 to 2003.\n";
        assert_eq!(
            header(cv, 1, "Volunteered as a tutor for the Red Cross from  to ."),
            (None, None)
        );
        // "IT" is not a state.
        assert_eq!(
            header("x\n", 1, "Support Technician, IT, Acme Corp"),
            some("Support Technician", "Acme Corp")
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
