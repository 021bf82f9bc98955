//! What rolematch read from a file, for a person to check: the normalized text with the line
//! numbers evidence points to, the sections found, the language and the dated positions
//! (`rolematch read`).

use std::fmt::Write;

use serde::Serialize;

use super::terminal_safe;
use crate::doc_kind::{not_a_resume, NotAResume};
use crate::education::{education, EducationEntry};
use crate::experience::{experience, years_asked, DatedRange, Experience};
use crate::language::Language;
use crate::pathname::path_text;
use crate::posting::{read_posting, PartSpan, Posting};
use crate::profile::{profile, Profile};
use crate::read::sections::Section;
use crate::read::Document;

/// A read document as `rolematch read --format json` prints it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Reading<'a> {
    #[serde(with = "crate::pathname::serde_path")]
    #[schema(value_type = String)]
    pub file: &'a std::path::Path,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    pub line_count: usize,
    pub sections: &'a [Section],
    /// The person's name and headline as the header gives them, and its contact lines.
    pub profile: Profile,
    /// The dated positions found and the years they add up to.
    pub experience: Experience,
    /// The entries of the Education section: degree, school and last year.
    pub education: Vec<EducationEntry>,
    /// When the document reads as a cover letter, a job posting or a transcript rather
    /// than a resume: which, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_a_resume: Option<NotAResume>,
    /// The placeholders of an unfilled template (`[Your Name]`, `Job Title 1`, lorem ipsum),
    /// which is never scored; absent for a resume someone wrote.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub placeholders: Vec<String>,
    /// The text every score is based on; line `n` is the `n`-th line of it.
    pub text: &'a str,
}

impl<'a> Reading<'a> {
    pub fn of(document: &'a Document) -> Self {
        let found = experience(document);
        let placeholders =
            crate::template::unfilled_placeholders(document, !found.positions.is_empty());
        Reading {
            file: document.path(),
            language: document.language(),
            line_count: document.line_count(),
            sections: document.sections(),
            profile: profile(document),
            not_a_resume: not_a_resume(document, &found),
            experience: found,
            education: education(document),
            placeholders,
            text: document.text(),
        }
    }
}

pub fn render_reading_json(document: &Document) -> String {
    serde_json::to_string_pretty(&Reading::of(document))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// The first line of `read`'s text: the file, its language and its length, then `more`.
fn file_line(document: &Document, more: &str) -> String {
    let language = document
        .language()
        .map_or("language not detected".to_string(), |l| l.to_string());
    format!(
        "{} — {language}, {} lines{more}\n",
        terminal_safe(&path_text(document.path())),
        document.line_count()
    )
}

/// A heading line (file, language, sections), then each line with its number.
pub fn render_reading_text(document: &Document) -> String {
    let mut out = file_line(document, "");
    let sections: Vec<String> = document
        .sections()
        .iter()
        .map(|s| format!("{:?} {}–{}", s.kind, s.first_line, s.last_line))
        .collect();
    let _ = writeln!(
        out,
        "sections: {}",
        if sections.is_empty() {
            "none found (no known headings, or only a list of them apart from their text)"
                .to_string()
        } else {
            sections.join(", ")
        }
    );
    // What was found, found once: the same reading the JSON prints.
    let reading = Reading::of(document);
    let person = &reading.profile;
    if let Some(name) = &person.name {
        let headline = person.headline.as_ref().map_or(String::new(), |h| {
            format!(", {} (line {})", terminal_safe(&h.text), h.line)
        });
        let _ = writeln!(
            out,
            "person: {} (line {}){headline}",
            terminal_safe(&name.text),
            name.line
        );
    }
    if let Some(caution) = crate::template::caution(&reading.placeholders) {
        let _ = writeln!(out, "template: {}", terminal_safe(&caution));
    }
    let found = &reading.experience;
    let _ = match found.years {
        Some(years) => writeln!(
            out,
            "experience: {} dated position(s) on line(s) {}, {years:.1} years (overlaps once)",
            found.positions.len(),
            found
                .positions
                .iter()
                .map(|p| p.line.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => writeln!(out, "experience: no dated positions found"),
    };
    for position in &found.positions {
        let _ = writeln!(out, "  {}", position_line(position));
    }
    let schooling = &reading.education;
    if !schooling.is_empty() {
        let _ = writeln!(
            out,
            "education: {} entr{}",
            schooling.len(),
            if schooling.len() == 1 { "y" } else { "ies" }
        );
    }
    for entry in schooling {
        let _ = writeln!(out, "  {}", education_line(entry));
    }
    let width = document.line_count().to_string().len();
    for (n, line) in document.lines() {
        let _ = writeln!(out, "{n:>width$}  {}", terminal_safe(line));
    }
    out
}

/// One position as a person reads it: "2019-03 – 2023-11  Data Analyst, Acme Corp (line 12)";
/// what could not be told is said so.
pub(super) fn position_line(position: &DatedRange) -> String {
    let month = |m: i32| format!("{:04}-{:02}", m / 12, m % 12 + 1);
    let who = match (&position.title, &position.employer) {
        (Some(title), Some(employer)) => format!("{title}, {employer}"),
        (Some(title), None) => format!("{title} (employer not found)"),
        (None, Some(employer)) => format!("{employer} (title not found)"),
        (None, None) => "title and employer not found".to_string(),
    };
    let end = if position.ongoing {
        "present".to_string()
    } else {
        month(position.end)
    };
    format!(
        "{} – {end}  {} (line {})",
        month(position.start),
        terminal_safe(&who),
        position.line
    )
}

/// One education entry as a person reads it: "B.S. Computer Science, Cornell University, 2008
/// (line 40)".
pub(super) fn education_line(entry: &EducationEntry) -> String {
    let parts: Vec<String> = [
        entry.degree.clone(),
        entry.school.clone(),
        entry.year.map(|y| y.to_string()),
    ]
    .into_iter()
    .flatten()
    .collect();
    format!("{} (line {})", terminal_safe(&parts.join(", ")), entry.line)
}

/// A job posting as `rolematch read --posting --format json` prints it: the reading, and the
/// parts the posting was split into.
#[derive(Debug, Serialize)]
pub(crate) struct PostingReading<'a> {
    #[serde(flatten)]
    pub reading: Reading<'a>,
    pub posting: PostingView,
}

/// How a posting was split: its title, its parts as runs of lines, the requirements and
/// preferences each candidate is measured against, and the years it asks for.
#[derive(Debug, Serialize)]
pub(crate) struct PostingView {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_line: Option<usize>,
    pub parts: Vec<PartSpan>,
    pub requirements: Vec<String>,
    pub preferred: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years_asked: Option<u32>,
}

impl PostingView {
    fn of(document: &Document) -> (Self, Posting) {
        let posting = read_posting(document);
        let scored = posting.scored_lines();
        let view = PostingView {
            title: posting.title.clone(),
            title_line: posting.title_line,
            parts: posting.spans(),
            requirements: posting.requirements(),
            preferred: posting.preferred(),
            years_asked: years_asked(document, Some(&scored)).map(|(years, _)| years),
        };
        (view, posting)
    }
}

pub fn render_posting_json(document: &Document) -> String {
    let reading = PostingReading {
        reading: Reading::of(document),
        posting: PostingView::of(document).0,
    };
    serde_json::to_string_pretty(&reading).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// A job posting as a person checks its split: the title, what is scored and what is left
/// out, then each line with the part it was read as (headings and blank lines carry none).
pub fn render_posting_text(document: &Document) -> String {
    let (view, posting) = PostingView::of(document);
    let mut out = file_line(document, ", read as a job posting");
    let _ = writeln!(
        out,
        "title: {}",
        if view.title.is_empty() {
            "none found".to_string()
        } else {
            terminal_safe(&view.title).into_owned()
        }
    );
    let _ = writeln!(
        out,
        "scored: {} requirement(s), {} preferred; logistics and the employer's blurb are never scored",
        view.requirements.len(),
        view.preferred.len()
    );
    if let Some(years) = view.years_asked {
        let _ = writeln!(out, "years asked: {years}");
    }
    let width = document.line_count().to_string().len();
    let parts: std::collections::HashMap<usize, &str> = posting
        .lines
        .iter()
        .map(|l| (l.line, l.part.label()))
        .chain(posting.title_line.map(|n| (n, "title")))
        .collect();
    for (n, line) in document.lines() {
        let part = parts.get(&n).copied().unwrap_or("");
        let _ = writeln!(out, "{n:>width$}  {part:<9}  {}", terminal_safe(line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::document_from_text;

    #[test]
    fn lines_are_numbered_as_evidence_numbers_them_and_sections_are_listed() {
        let doc = document_from_text(
            "cv.md",
            "Ana Lima\nExperience\nBuilt the ﬁrst pipeline\nSkills\nPython, SQL\n",
        );
        let text = render_reading_text(&doc);
        assert!(
            text.starts_with("cv.md — language not detected, 5 lines\n"),
            "{text}"
        );
        assert!(text.contains("Experience 2–3, Skills 4–5"), "{text}");
        assert!(
            text.contains("experience: no dated positions found"),
            "{text}"
        );
        assert!(text.contains("\n3  Built the first pipeline\n"), "{text}");
        let json: serde_json::Value = serde_json::from_str(&render_reading_json(&doc)).unwrap();
        assert_eq!(json["line_count"], 5);
        assert_eq!(json["sections"][1]["first_line"], 4);
        assert_eq!(
            json["text"].as_str().unwrap().lines().nth(2),
            Some("Built the first pipeline")
        );
    }

    #[test]
    fn a_posting_is_shown_with_the_part_each_line_was_read_as() {
        let doc = document_from_text(
            "job.md",
            "# Web Developer\n\nBuild our site.\n\n## Requirements\n- 3+ years of React\n\n\
             ## Nice to have\n- Rust\n\n**Location:** Remote\nSalary: $90,000 per year\n",
        );
        let text = render_posting_text(&doc);
        assert!(text.contains("title: Web Developer"), "{text}");
        assert!(
            text.contains("scored: 2 requirement(s), 1 preferred"),
            "{text}"
        );
        assert!(text.contains("years asked: 3"), "{text}");
        assert!(text.contains("3  duties     Build our site."), "{text}");
        assert!(text.contains("6  required   - 3+ years of React"), "{text}");
        assert!(text.contains("9  preferred  - Rust"), "{text}");
        assert!(
            text.contains("11  logistics  **Location:** Remote"),
            "{text}"
        );
        assert!(text.contains("12  logistics  Salary"), "{text}");
        let json: serde_json::Value = serde_json::from_str(&render_posting_json(&doc)).unwrap();
        assert_eq!(json["posting"]["title"], "Web Developer");
        assert_eq!(json["posting"]["preferred"][0], "Rust");
        assert_eq!(json["posting"]["parts"][3]["part"], "logistics");
        assert_eq!(json["posting"]["parts"][3]["first_line"], 11);
        assert_eq!(json["line_count"], 12);
    }
}
