//! Preparing documents for scoring: each document and each of its passages embedded in one
//! batch, so the model sees short passages and long documents sorted together by length.

use crate::embed::{DocumentEmbedding, EmbedError, Embedder, WindowEmbedding};
use crate::read::{passages, Document};

/// A document's embedding and its passages' embeddings (byte ranges in the document).
#[derive(Debug, Clone)]
pub struct PreparedDocument {
    pub embedding: DocumentEmbedding,
    pub passages: Vec<WindowEmbedding>,
}

/// Embeds every document and its passages; the result is in input order.
pub fn prepare_documents(
    embedder: &dyn Embedder,
    documents: &[Document],
) -> Result<Vec<PreparedDocument>, EmbedError> {
    let ranges: Vec<_> = documents.iter().map(passages).collect();
    let mut texts: Vec<&str> = documents.iter().map(Document::text).collect();
    for (doc, doc_ranges) in documents.iter().zip(&ranges) {
        texts.extend(doc_ranges.iter().map(|r| &doc.text()[r.clone()]));
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
