//! Splitting a document into passages — sections and paragraphs of a few dozen words — so
//! each part of a resume can be compared with a role on its own and shown as evidence.

use std::collections::BTreeSet;
use std::ops::Range;

use super::Document;

/// Passages shorter than this are merged into the next one (a lone heading, a date line).
const MIN_WORDS: usize = 12;
/// Passages longer than this are cut at line boundaries.
const MAX_WORDS: usize = 120;

/// Byte ranges of the document's passages, in order, covering every non-blank line once.
/// Besides blank lines and headings, a passage starts at each of `entry_starts` (1-based
/// lines where a job, project or degree begins), so that entries are cut apart in any format
/// (an entry under 12 words still joins the next passage, one over 120 is still cut).
pub fn passages(doc: &Document, entry_starts: &BTreeSet<usize>) -> Vec<Range<usize>> {
    let blocks = blocks(doc, entry_starts);
    let blocks = merge_short(doc, blocks);
    blocks
        .into_iter()
        .flat_map(|b| split_long(doc, b))
        .collect()
}

/// A line range (1-based, inclusive) per block: blocks end at blank lines, before headings
/// and before the lines where entries start.
fn blocks(doc: &Document, entry_starts: &BTreeSet<usize>) -> Vec<(usize, usize)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for (n, line) in doc.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || is_heading(trimmed) || entry_starts.contains(&n) {
            if let Some(b) = current.take() {
                blocks.push(b);
            }
            if !trimmed.is_empty() {
                current = Some((n, n));
            }
        } else {
            current = Some(current.map_or((n, n), |(start, _)| (start, n)));
        }
    }
    blocks.extend(current);
    blocks
}

fn merge_short(doc: &Document, blocks: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut merged: Vec<(usize, usize)> = Vec::new();
    let mut pending: Option<(usize, usize)> = None;
    for b in blocks {
        let b = pending.take().map_or(b, |(start, _)| (start, b.1));
        if words(doc, b) < MIN_WORDS {
            pending = Some(b);
        } else {
            merged.push(b);
        }
    }
    if let Some(p) = pending {
        match merged.last_mut() {
            Some(last) => last.1 = p.1,
            None => merged.push(p),
        }
    }
    merged
}

fn split_long(doc: &Document, (start, end): (usize, usize)) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut piece_start = start;
    let mut count = 0;
    for n in start..=end {
        let w = doc.line(n).split_whitespace().count();
        if count > 0 && count + w > MAX_WORDS {
            out.push(byte_range(doc, piece_start, n - 1));
            piece_start = n;
            count = 0;
        }
        count += w;
    }
    out.push(byte_range(doc, piece_start, end));
    out
}

fn words(doc: &Document, (start, end): (usize, usize)) -> usize {
    (start..=end)
        .map(|n| doc.line(n).split_whitespace().count())
        .sum()
}

fn byte_range(doc: &Document, first: usize, last: usize) -> Range<usize> {
    doc.line_start(first)..doc.line_start(last) + doc.line(last).len()
}

/// Markdown headings, known section names, bold-only lines and short all-caps lines.
fn is_heading(line: &str) -> bool {
    if line.starts_with('#') || super::sections::heading_kind(line).is_some() {
        return true;
    }
    if line.len() > 4 && line.starts_with("**") && line.ends_with("**") {
        return true;
    }
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    line.len() <= 40 && letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::document_from_text;

    fn texts(text: &str) -> Vec<String> {
        let doc = document_from_text("t", text);
        passages(&doc, &BTreeSet::new())
            .into_iter()
            .map(|r| doc.text()[r].to_string())
            .collect()
    }

    #[test]
    fn headings_start_passages_and_short_blocks_merge_forward() {
        let long = "word ".repeat(20);
        let text = format!("# Name\nJane\n\n## Experience\n{long}\n\n## Skills\n{long}\n");
        let p = texts(&text);
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p[0].starts_with("# Name") && p[0].contains("## Experience"));
        assert!(p[1].starts_with("## Skills"));
    }

    #[test]
    fn long_blocks_are_cut_at_lines_and_everything_is_covered() {
        let line = "alpha beta gamma delta epsilon zeta eta theta iota kappa\n";
        let text = line.repeat(40);
        let p = texts(&text);
        assert!(p.len() >= 3);
        let words: usize = p.iter().map(|s| s.split_whitespace().count()).sum();
        assert_eq!(words, 400);
        assert!(p.iter().all(|s| s.split_whitespace().count() <= MAX_WORDS));
    }

    #[test]
    fn a_passage_starts_where_an_entry_starts_even_without_a_blank_line() {
        let text = "Head Code Ninja, Area 52\n\
                    2013 — Present\n\
                    Managed a team of five developers across two offices and shipped a suite\n\
                    Principal Developer, Veridian\n\
                    2011 — 2013\n\
                    Led the Jabberwocky project from prototype to its first paying customers";
        let doc = document_from_text("t", text);
        let cut = |starts: &[usize]| -> Vec<String> {
            passages(&doc, &starts.iter().copied().collect())
                .into_iter()
                .map(|r| doc.text()[r].to_string())
                .collect()
        };
        assert_eq!(cut(&[]).len(), 1);
        let entries = cut(&[1, 4]);
        assert_eq!(entries.len(), 2, "{entries:?}");
        assert!(entries[0].starts_with("Head Code Ninja") && entries[0].ends_with("suite"));
        assert!(entries[1].starts_with("Principal Developer"));
    }

    #[test]
    fn tiny_document_is_one_passage() {
        assert_eq!(texts("Python dev"), vec!["Python dev".to_string()]);
        assert!(texts("\n\n").is_empty());
    }
}
