//! What rolematch read from a file, for a person to check: the normalized text with the line
//! numbers evidence points to, the sections found, the language and the dated positions
//! (`rolematch read`).

use std::fmt::Write;

use serde::Serialize;

use super::terminal_safe;
use crate::experience::{experience, Experience};
use crate::language::Language;
use crate::pathname::path_text;
use crate::read::sections::Section;
use crate::read::Document;

/// A read document as `rolematch read --format json` prints it.
#[derive(Debug, Serialize)]
pub struct Reading<'a> {
    #[serde(with = "crate::pathname::serde_path")]
    pub file: &'a std::path::Path,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    pub line_count: usize,
    pub sections: &'a [Section],
    /// The dated positions found and the years they add up to.
    pub experience: Experience,
    /// The text every score is based on; line `n` is the `n`-th line of it.
    pub text: &'a str,
}

impl<'a> Reading<'a> {
    pub fn of(document: &'a Document) -> Self {
        Reading {
            file: document.path(),
            language: document.language(),
            line_count: document.line_count(),
            sections: document.sections(),
            experience: experience(document),
            text: document.text(),
        }
    }
}

pub fn render_reading_json(document: &Document) -> String {
    serde_json::to_string_pretty(&Reading::of(document))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// A heading line (file, language, sections), then each line with its number.
pub fn render_reading_text(document: &Document) -> String {
    let mut out = String::new();
    let language = document
        .language()
        .map_or("language not detected".to_string(), |l| l.to_string());
    let _ = writeln!(
        out,
        "{} — {language}, {} lines",
        terminal_safe(&path_text(document.path())),
        document.line_count()
    );
    let sections: Vec<String> = document
        .sections()
        .iter()
        .map(|s| format!("{:?} {}–{}", s.kind, s.first_line, s.last_line))
        .collect();
    let _ = writeln!(
        out,
        "sections: {}",
        if sections.is_empty() {
            "none found (no known headings)".to_string()
        } else {
            sections.join(", ")
        }
    );
    let found = experience(document);
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
    let width = document.line_count().to_string().len();
    for (n, line) in document.lines() {
        let _ = writeln!(out, "{n:>width$}  {}", terminal_safe(line));
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
}
