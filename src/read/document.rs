//! A document's text with the positions of its lines, so evidence can point at line numbers.

use super::received::YearMonth;
use super::sections::{find_sections, Section, SectionKind};
use crate::language::{self, Language};
use std::path::{Path, PathBuf};

/// The text of one resume or role description, as read from `path`.
#[derive(Debug, Clone)]
pub struct Document {
    path: PathBuf,
    text: String,
    line_starts: Vec<usize>,
    sections: Vec<Section>,
    /// Detected on first use: most documents (posting parts, redacted copies) are never asked.
    language: std::sync::OnceLock<Option<Language>>,
    /// When it was received: what "present" in its dates stands for (none: the latest date
    /// it writes).
    received: Option<YearMonth>,
}

impl Document {
    pub fn new(path: PathBuf, text: String) -> Self {
        // A NUL means nothing in a resume and no database text column takes it; a space
        // keeps every byte offset where it was.
        let text = if text.contains('\0') {
            text.replace('\0', " ")
        } else {
            text
        };
        let mut line_starts = vec![0];
        line_starts.extend(
            text.char_indices()
                .filter(|&(i, c)| c == '\n' && i + 1 < text.len())
                .map(|(i, _)| i + 1),
        );
        let mut doc = Document {
            path,
            language: std::sync::OnceLock::new(),
            text,
            line_starts,
            sections: Vec::new(),
            received: None,
        };
        doc.sections = find_sections(doc.lines().map(|(_, line)| line));
        doc
    }

    /// The known sections (Experience, Skills, Education…), in order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// The section that holds 1-based line `line`, if it is under a known heading.
    pub(crate) fn section_at(&self, line: usize) -> Option<&Section> {
        self.sections
            .iter()
            .find(|s| (s.first_line..=s.last_line).contains(&line))
    }

    /// True when a section of `kind` has at least one non-empty line under its heading.
    pub(crate) fn has_section(&self, kind: SectionKind) -> bool {
        self.sections.iter().any(|s| {
            s.kind == kind
                && (s.first_line + 1..=s.last_line).any(|n| !self.line(n).trim().is_empty())
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The same document, received in `month` (see [`super::received`]).
    pub fn with_received(mut self, month: Option<YearMonth>) -> Self {
        self.received = month;
        self
    }

    /// The same document, received now: this month, or the month the run is fixed to (see
    /// [`super::received::this_month`]).
    pub fn received_now(self) -> Self {
        self.with_received(Some(super::received::this_month()))
    }

    /// When the document was received, if known: "present" in its dates stands for it.
    pub fn received(&self) -> Option<YearMonth> {
        self.received
    }

    /// The same text, said to come from `path` (a blind pool's pseudonym, say).
    pub(crate) fn with_path(mut self, path: PathBuf) -> Self {
        self.path = path;
        self
    }

    /// The language the text is written in, when it can be told.
    pub fn language(&self) -> Option<Language> {
        *self.language.get_or_init(|| language::detect(&self.text))
    }

    /// The text, given up.
    pub(crate) fn into_text(self) -> String {
        self.text
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 1-based line that holds byte `offset`.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// Byte offset where 1-based line `line` starts (the text's end past the last line).
    pub(crate) fn line_start(&self, line: usize) -> usize {
        match line {
            0 => 0,
            n => self
                .line_starts
                .get(n - 1)
                .copied()
                .unwrap_or(self.text.len()),
        }
    }

    /// The text of 1-based line `line`, without its newline.
    pub fn line(&self, line: usize) -> &str {
        if line == 0 || line > self.line_starts.len() {
            return "";
        }
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches('\n')
    }

    /// Lines with their 1-based numbers.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &str)> {
        (1..=self.line_count()).map(move |n| (n, self.line(n)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_to_lines() {
        let doc = Document::new("x".into(), "ab\ncd\n\nef".into());
        assert_eq!(doc.line_count(), 4);
        assert_eq!(doc.line_of(0), 1);
        assert_eq!(doc.line_of(2), 1);
        assert_eq!(doc.line_of(3), 2);
        assert_eq!(doc.line_of(7), 4);
        assert_eq!(doc.line(2), "cd");
        assert_eq!(doc.line(3), "");
        assert_eq!(doc.line(4), "ef");
        assert_eq!(doc.line(9), "");
    }

    #[test]
    fn knows_which_section_a_line_is_in() {
        let doc = Document::new("x".into(), "Jane\nSkills\nPython\nPublications\n".into());
        assert_eq!(doc.section_at(1), None);
        assert_eq!(doc.section_at(3).map(|s| s.kind), Some(SectionKind::Skills));
        assert!(doc.has_section(SectionKind::Skills));
        assert!(!doc.has_section(SectionKind::Publications));
    }
}
