//! A resume's education entries — the degree, the school and the last year written — read
//! from its Education section. Nothing is read from a resume without one: a degree named in
//! a summary is not an entry, and what cannot be read is left out rather than guessed.

use serde::{Deserialize, Serialize};

use crate::position_details::{is_list_item, segments, without_list_marker, Kind};
use crate::read::sections::SectionKind;
use crate::read::Document;

/// One entry of the Education section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EducationEntry {
    /// The line the entry starts on.
    pub line: usize,
    /// The degree and its subject as written ("B.S. Computer Science").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub degree: Option<String>,
    /// The school ("Cornell University").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school: Option<String>,
    /// The last year the entry writes (when it ended or is expected to).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

/// Words that name a degree, matched as whole words in lower case.
#[rustfmt::skip]
const DEGREE_WORDS: &[&str] = &[
    "bachelor's", "master's", "phd", "ph.d", "ph.d.", "doctorate", "mba", "bsc", "msc",
    "b.sc", "b.sc.", "m.sc", "m.sc.", "b.s.", "m.s.", "b.a.", "m.a.", "bscs", "a.a.", "a.s.",
    "associate's", "diploma", "b.eng", "m.eng", "beng", "meng", "b.tech", "m.tech", "btech",
    "mtech", "b.e.", "b.com", "m.com", "bcom", "m.d.", "j.d.", "llb", "llm", "bba", "gcse",
    "gcses", "a-levels", "baccalauréat", "licence", "licenciatura", "diplom", "mphil", "dphil",
    "bfa", "mfa", "bsn", "msn",
];

/// Words that name a degree only before "of", "in" or "degree" ("Master of Science",
/// "Bachelors in Economics"; not "Scrum Master", "Doctor" as a job).
const DEGREE_LEADS: &[&str] = &[
    "bachelor",
    "bachelors",
    "master",
    "masters",
    "doctor",
    "associate",
];

/// Degree abbreviations that are also ordinary words or state codes: they count in capitals,
/// as the first word of their part ("MS, Computer Science"; not "Cambridge, MA" or "WILL BE").
const DEGREE_CAPITALS: &[&str] = &["BS", "MS", "BA", "MA", "AA", "BE", "ME", "MD", "BEd", "MEd"];

/// Words of a place of study, written with a capital.
#[rustfmt::skip]
const SCHOOL_WORDS: &[&str] = &[
    "university", "college", "school", "institute", "academy", "polytechnic", "université",
    "école", "lycée", "universität", "hochschule", "universidad", "conservatory", "seminary",
];

/// The entries of the document's Education sections, in order.
pub fn education(document: &Document) -> Vec<EducationEntry> {
    let mut entries: Vec<EducationEntry> = Vec::new();
    for section in document
        .sections()
        .iter()
        .filter(|s| s.kind == SectionKind::Education)
    {
        let mut open = false;
        for n in section.first_line + 1..=section.last_line {
            let line = document.line(n).trim();
            let words = line.split_whitespace().count();
            if line.is_empty() {
                open = false;
                continue;
            }
            // Sentences (coursework, honours, a thesis's summary) are the entry's body, and
            // so are list items that name no degree or school.
            if words > 16 {
                continue;
            }
            let line = &line.replace('’', "'");
            let line = without_list_marker(line);
            let year = last_year(line);
            let line = &without_dates_in_brackets(line);
            let degree = degree_in(line);
            let school = school_in(line);
            if degree.is_none() && school.is_none() && year.is_none() {
                continue;
            }
            if is_list_item(document.line(n)) && degree.is_none() && school.is_none() {
                continue;
            }
            let current = entries.last_mut().filter(|_| open);
            match current {
                // A line that adds what the open entry lacks belongs to it.
                Some(entry)
                    if !(degree.is_some() && entry.degree.is_some()
                        || school.is_some() && entry.school.is_some()) =>
                {
                    entry.degree = entry.degree.take().or(degree);
                    entry.school = entry.school.take().or(school);
                    entry.year = year.max(entry.year);
                }
                _ if degree.is_some() || school.is_some() => {
                    entries.push(EducationEntry {
                        line: n,
                        degree,
                        school,
                        year,
                    });
                    open = true;
                }
                _ => {}
            }
        }
    }
    entries
}

/// The degree a line names, with the subject written beside it when the degree's own words
/// name none ("Bachelor of Science, Computer Science"; not "B.S. Business Administration,
/// CSU Chico").
fn degree_in(line: &str) -> Option<String> {
    let parts = segments(line);
    // A state after a city ("Cambridge, MA") is a place, not a Master of Arts.
    let at = parts
        .iter()
        .enumerate()
        .position(|(i, s)| !(i > 0 && s.kind == Kind::Place) && names_a_degree(&s.text))?;
    let degree = parts[at].text.clone();
    let bare = degree.split_whitespace().all(|word| {
        let lower = word.to_lowercase();
        names_a_degree(word)
            || DEGREE_LEADS.contains(&lower.as_str())
            || ["of", "in", "science", "arts", "engineering"].contains(&lower.as_str())
    });
    let subject = parts.get(at + 1).filter(|next| {
        next.kind == Kind::Plain
            && next.text.split_whitespace().count() <= 4
            && !names_a_degree(&next.text)
            && !is_school(&next.text)
    });
    Some(match subject {
        Some(subject) if bare => format!("{degree}, {}", subject.text),
        _ => degree,
    })
}

fn names_a_degree(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| ",;:()".contains(c)).to_string())
        .collect();
    words.iter().enumerate().any(|(i, word)| {
        let lower = word.to_lowercase();
        let next = words.get(i + 1).map(|w| w.to_lowercase());
        i == 0 && DEGREE_CAPITALS.contains(&word.as_str())
            || DEGREE_WORDS.contains(&lower.as_str())
            || DEGREE_LEADS.contains(&lower.as_str())
                && next.is_some_and(|n| ["of", "in", "degree"].contains(&n.as_str()))
    })
}

/// The school a line names: a part with a capitalised word of a place of study.
fn school_in(line: &str) -> Option<String> {
    segments(line)
        .into_iter()
        .find(|s| is_school(&s.text))
        .map(|s| s.text)
}

fn is_school(text: &str) -> bool {
    text.split_whitespace().any(|w| {
        w.starts_with(|c: char| c.is_uppercase())
            && SCHOOL_WORDS.contains(&w.trim_matches(',').to_lowercase().as_str())
    })
}

/// The line without its dates: "Butte College (1995-1996)" → "Butte College".
fn without_dates_in_brackets(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('(') {
        let Some(close) = rest[open..].find(')').map(|at| open + at) else {
            break;
        };
        out.push_str(&rest[..open]);
        let inside = &rest[open..=close];
        if !inside.chars().any(|c| c.is_ascii_digit()) {
            out.push_str(inside);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    // And the years written beside the words ("Master of Data Science 2018 - 2020").
    let is_year = |w: &str| {
        let digits = w.trim_matches(|c: char| !c.is_ascii_digit());
        digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit())
    };
    let words: Vec<&str> = out.split(' ').collect();
    let kept: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|(i, w)| {
            let dash = matches!(**w, "-" | "–" | "—" | "to");
            let between_years = *i > 0
                && is_year(words[i - 1])
                && words.get(i + 1).is_some_and(|next| is_year(next));
            !(is_year(w) || dash && between_years)
        })
        .map(|(_, w)| *w)
        .collect();
    kept.join(" ").trim_end().to_string()
}

/// The last year from 1950 to 2099 a line writes.
fn last_year(line: &str) -> Option<i32> {
    line.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 4)
        .filter_map(|run| run.parse::<i32>().ok())
        .rfind(|year| (1950..2100).contains(year))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::document_from_text;

    fn entries(text: &str) -> Vec<(Option<String>, Option<String>, Option<i32>)> {
        education(&document_from_text("cv.md", text))
            .into_iter()
            .map(|e| (e.degree, e.school, e.year))
            .collect()
    }

    fn entry(
        degree: Option<&str>,
        school: Option<&str>,
        year: Option<i32>,
    ) -> (Option<String>, Option<String>, Option<i32>) {
        (degree.map(Into::into), school.map(Into::into), year)
    }

    #[test]
    fn entries_in_the_common_layouts() {
        let cv = "# Jane\n\n## Education\n\
                  Bachelor of Science, Computer Science, University of California, 2012 – 2016\n\n\
                  Cornell University\nBSCS, 2005 – 2008\n- Dean's list\n\n\
                  B.S. Business Administration, CSU Chico (1996-1999)\n\
                  A.A., Butte College (1995-1996)\n";
        assert_eq!(
            entries(cv),
            vec![
                entry(
                    Some("Bachelor of Science, Computer Science"),
                    Some("University of California"),
                    Some(2016)
                ),
                entry(Some("BSCS"), Some("Cornell University"), Some(2008)),
                entry(Some("B.S. Business Administration"), None, Some(1999)),
                entry(Some("A.A."), Some("Butte College"), Some(1996)),
            ]
        );
    }

    #[test]
    fn state_codes_bullets_capitals_and_other_degrees() {
        assert_eq!(
            entries(
                "## Education\nHarvard University, Cambridge, MA\nB.S. Computer Science, 2001\n"
            ),
            vec![entry(
                Some("B.S. Computer Science"),
                Some("Harvard University"),
                Some(2001)
            )]
        );
        assert_eq!(
            entries("## Education\n- B.S. Computer Science, Cornell University, 2014\n"),
            vec![entry(
                Some("B.S. Computer Science"),
                Some("Cornell University"),
                Some(2014)
            )]
        );
        assert_eq!(
            entries("## Education\nBS IN COMPUTER SCIENCE, STANFORD UNIVERSITY\n"),
            vec![entry(
                Some("BS IN COMPUTER SCIENCE"),
                Some("STANFORD UNIVERSITY"),
                None
            )]
        );
        assert_eq!(
            entries("## Education\nBachelor’s in Economics, 2010\nB.Tech Mechanical, 2012\n"),
            vec![
                entry(Some("Bachelor's in Economics"), None, Some(2010)),
                entry(Some("B.Tech Mechanical"), None, Some(2012)),
            ]
        );
    }

    #[test]
    fn no_education_section_no_entries() {
        assert!(entries("Jane\nMS in statistics, then ten years of analytics.\n").is_empty());
        // Words that are degrees only in capitals.
        assert!(entries("## Education\nms word and ba humbug\n").is_empty());
        assert!(entries("## Education\nENTER WHAT WILL BE ON THE ANNOUNCEMENT\n").is_empty());
        assert!(entries("## Education\nCertified Scrum Master, 2020\n").is_empty());
        assert_eq!(
            entries("## Education\nMaster of Data Science 2018 - 2020\nUniversity of California\n"),
            vec![entry(
                Some("Master of Data Science"),
                Some("University of California"),
                Some(2020)
            )]
        );
    }
}
