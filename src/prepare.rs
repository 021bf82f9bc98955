//! Preparing documents for scoring: each document and each of its passages embedded in one
//! batch, so the model sees short passages and long documents sorted together by length.
//! Lists that the resume does not back (see [`crate::skills::SkillHits::set_aside_lines`])
//! are blanked out first: the model reads what a person did, not a dump of keywords.

use std::collections::BTreeSet;

use crate::embed::{DocumentEmbedding, EmbedError, Embedder, WindowEmbedding};
use crate::read::{passages, Document};
use crate::skills::SkillExtractor;

/// A document's embedding and its passages' embeddings (byte ranges in the document).
#[derive(Debug, Clone)]
pub struct PreparedDocument {
    pub embedding: DocumentEmbedding,
    pub passages: Vec<WindowEmbedding>,
}

/// Embeds every document and its passages; the result is in input order.
pub fn prepare_documents(
    embedder: &dyn Embedder,
    extractor: &SkillExtractor,
    documents: &[Document],
) -> Result<Vec<PreparedDocument>, EmbedError> {
    let ranges: Vec<_> = documents.iter().map(passages).collect();
    let read: Vec<String> = documents
        .iter()
        .map(|doc| blank_lines(doc, &extractor.extract(doc).set_aside_lines(doc)))
        .collect();
    let mut texts: Vec<&str> = read.iter().map(String::as_str).collect();
    for ((doc, doc_ranges), read) in documents.iter().zip(&ranges).zip(&read) {
        // A passage made only of set-aside lines keeps its text: it is never the evidence
        // while another passage shows work, and it must still be embedded as something.
        texts.extend(doc_ranges.iter().map(|r| {
            let kept = &read[r.clone()];
            if kept.trim().is_empty() {
                &doc.text()[r.clone()]
            } else {
                kept
            }
        }));
    }
    let mut embedded = embedder.embed_documents(&texts)?.into_iter();
    let whole: Vec<DocumentEmbedding> = embedded.by_ref().take(documents.len()).collect();
    Ok(whole
        .into_iter()
        .zip(ranges)
        .map(|(embedding, doc_ranges)| PreparedDocument {
            embedding,
            passages: doc_ranges
                .into_iter()
                .zip(embedded.by_ref())
                .map(|(byte_range, e)| WindowEmbedding {
                    byte_range,
                    vector: e.vector,
                })
                .collect(),
        })
        .collect())
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
    fn blanked_lines_keep_every_byte_offset() {
        let doc = document_from_text("cv.md", "Ana\nPyTorch, vLLM — é\r\nBuilt things\n");
        let text = blank_lines(&doc, &BTreeSet::from([2]));
        assert_eq!(text.len(), doc.text().len());
        assert_eq!(text.lines().nth(1).unwrap().trim(), "");
        assert!(text.ends_with("\r\nBuilt things\n"));
        assert_eq!(blank_lines(&doc, &BTreeSet::new()), doc.text());
    }
}
