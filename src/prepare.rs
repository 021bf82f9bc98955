//! Preparing documents for scoring: every passage of every document embedded in one batch,
//! so the model sees passages of all lengths sorted together, and each token only once: the
//! document's vector is the word-weighted mean of its passages' vectors, not a second pass of
//! the model over the whole text. Lists that the resume does not back (see
//! [`crate::skills::SkillHits::set_aside_lines`]) are blanked out first: the model reads what
//! a person did, not a dump of keywords.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::embed::{DocumentEmbedding, EmbedError, Embedder, WindowEmbedding};
use crate::read::{passages, sections::heading_kind, Document};
use crate::skills::SkillExtractor;
use crate::vector::normalize;

/// A document's embedding and its passages' embeddings (byte ranges in the document).
#[derive(Debug, Clone)]
pub struct PreparedDocument {
    pub embedding: DocumentEmbedding,
    pub passages: Vec<WindowEmbedding>,
}

/// Embeds every document's passages and derives each document's vector from them; the result
/// is in input order. A document with no passage once its unbacked lists are set aside is
/// embedded whole.
pub fn prepare_documents(
    embedder: &dyn Embedder,
    extractor: &SkillExtractor,
    documents: &[Document],
) -> Result<Vec<PreparedDocument>, EmbedError> {
    let read: Vec<String> = documents
        .iter()
        .map(|doc| {
            let set_aside = extractor.extract(doc).set_aside_lines(doc);
            blank_lines(doc, &with_their_headings(doc, set_aside))
        })
        .collect();
    // Passages are cut from the text as read, so a set-aside list leaves no passage behind
    // and the rest fall as they would without it; their byte ranges hold in the original.
    let ranges: Vec<Vec<Range<usize>>> = documents
        .iter()
        .zip(&read)
        .map(|(doc, read)| passages(&Document::new(doc.path().to_path_buf(), read.clone())))
        .collect();
    let mut texts: Vec<&str> = Vec::new();
    for ((doc, doc_ranges), read) in documents.iter().zip(&ranges).zip(&read) {
        if doc_ranges.is_empty() {
            // Nothing left to read but what was set aside (or nothing at all): embed it whole.
            texts.push(doc.text());
        }
        texts.extend(doc_ranges.iter().map(|r| &read[r.clone()]));
    }
    let mut embedded = embedder.embed_documents(&texts)?.into_iter();
    let mut prepared = Vec::with_capacity(documents.len());
    for ((doc, doc_ranges), read) in documents.iter().zip(ranges).zip(&read) {
        if doc_ranges.is_empty() {
            let embedding = embedded.next().expect("one embedding per text");
            prepared.push(PreparedDocument {
                embedding,
                passages: Vec::new(),
            });
            continue;
        }
        let passages: Vec<WindowEmbedding> = doc_ranges
            .into_iter()
            .zip(embedded.by_ref())
            .map(|(byte_range, e)| WindowEmbedding {
                byte_range,
                vector: e.vector,
            })
            .collect();
        let vector = weighted_mean(doc, read, &passages, embedder.dimensions());
        prepared.push(PreparedDocument {
            embedding: DocumentEmbedding {
                vector,
                windows: Vec::new(),
            },
            passages,
        });
    }
    Ok(prepared)
}

/// The unit-length mean of the passage vectors, each weighted by the words it holds outside
/// headings and set-aside lines (`read` is the text with those blanked). When no passage holds
/// such words, every passage counts by its words.
fn weighted_mean(
    doc: &Document,
    read: &str,
    passages: &[WindowEmbedding],
    dimensions: usize,
) -> Vec<f32> {
    let words = |text: &str| -> usize {
        text.lines()
            .filter(|line| !is_heading(line))
            .map(|line| line.split_whitespace().count())
            .sum()
    };
    let mut weights: Vec<usize> = passages
        .iter()
        .map(|p| words(&read[p.byte_range.clone()]))
        .collect();
    if weights.iter().all(|&w| w == 0) {
        weights = passages
            .iter()
            .map(|p| {
                doc.text()[p.byte_range.clone()]
                    .split_whitespace()
                    .count()
                    .max(1)
            })
            .collect();
    }
    let mut mean = vec![0.0f32; dimensions];
    for (passage, &weight) in passages.iter().zip(&weights) {
        for (m, v) in mean.iter_mut().zip(&passage.vector) {
            *m += weight as f32 * v;
        }
    }
    normalize(&mut mean);
    mean
}

/// A Markdown heading or a line that names a resume section ("Experience", "Skills").
fn is_heading(line: &str) -> bool {
    line.trim_start().starts_with('#') || heading_kind(line).is_some()
}

/// `lines` and every heading over nothing but such lines: a heading that only introduces an
/// unbacked list goes with it.
fn with_their_headings(doc: &Document, mut lines: BTreeSet<usize>) -> BTreeSet<usize> {
    if lines.is_empty() {
        return lines;
    }
    let count = doc.line_count();
    let mut headings = Vec::new();
    for n in 1..=count {
        if !is_heading(doc.line(n)) {
            continue;
        }
        let body: Vec<usize> = (n + 1..=count)
            .take_while(|&m| !is_heading(doc.line(m)))
            .filter(|&m| !doc.line(m).trim().is_empty())
            .collect();
        if !body.is_empty() && body.iter().all(|m| lines.contains(m)) {
            headings.push(n);
        }
    }
    lines.extend(headings);
    lines
}

/// The document's text with `lines` (1-based) blanked: every character but the line break
/// becomes spaces of the same byte length, so byte ranges into the text still hold.
fn blank_lines(doc: &Document, lines: &BTreeSet<usize>) -> String {
    if lines.is_empty() {
        return doc.text().to_string();
    }
    let mut text = String::with_capacity(doc.text().len());
    for (i, line) in doc.text().split_inclusive('\n').enumerate() {
        if lines.contains(&(i + 1)) {
            for c in line.chars() {
                match c {
                    '\n' | '\r' => text.push(c),
                    _ => text.extend(std::iter::repeat_n(' ', c.len_utf8())),
                }
            }
        } else {
            text.push_str(line);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::document_from_text;

    #[test]
    fn the_document_vector_is_the_word_weighted_mean_of_its_passages() {
        let doc = document_from_text("cv.md", "## Experience\nBuilt things\n\nShipped more\n");
        let passages = vec![
            WindowEmbedding {
                byte_range: 0..27,
                vector: vec![1.0, 0.0],
            },
            WindowEmbedding {
                byte_range: 28..41,
                vector: vec![0.0, 1.0],
            },
        ];
        // The heading does not count: two words each, equal weights.
        let mean = weighted_mean(&doc, doc.text(), &passages, 2);
        assert!((mean[0] - mean[1]).abs() < 1e-6 && (mean[0] - 0.70710677).abs() < 1e-6);
        // A passage whose words were all set aside weighs nothing.
        let read = blank_lines(&doc, &BTreeSet::from([2]));
        let mean = weighted_mean(&doc, &read, &passages, 2);
        assert_eq!(mean, vec![0.0, 1.0]);
    }

    #[test]
    fn a_heading_over_only_set_aside_lines_goes_with_them() {
        let doc = document_from_text(
            "cv.md",
            "## Skills\nSQL\n\n## Tools\ndump\ndump\n## Education\nBSc",
        );
        let lines = with_their_headings(&doc, BTreeSet::from([5, 6]));
        assert_eq!(lines, BTreeSet::from([4, 5, 6]));
        assert!(with_their_headings(&doc, BTreeSet::new()).is_empty());
    }

    #[test]
    fn blanked_lines_keep_every_byte_offset() {
        // Built directly: a CR is what normalization would remove, and this test wants one.
        let doc = crate::read::Document::new(
            "cv.md".into(),
            "Ana\nPyTorch, vLLM — é\r\nBuilt things\n".into(),
        );
        let text = blank_lines(&doc, &BTreeSet::from([2]));
        assert_eq!(text.len(), doc.text().len());
        assert_eq!(text.lines().nth(1).unwrap().trim(), "");
        assert!(text.ends_with("\r\nBuilt things\n"));
        assert_eq!(blank_lines(&doc, &BTreeSet::new()), doc.text());
    }
}
