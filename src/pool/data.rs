//! A pool's contents in memory: candidates with their text, vectors and passage vectors.

use std::ops::Range;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::PseudonymKey;
use crate::analyze::{Analysis, Findings};
use crate::embed::WindowEmbedding;

/// One resume in a pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The candidate's id: the file's path relative to the folder it was added from.
    pub id: String,
    /// The file it was read from.
    #[serde(with = "crate::pathname::serde_path")]
    pub file: PathBuf,
    /// blake3 of the file's text; an unchanged file is not embedded again.
    pub content_hash: String,
    /// The text, kept so explanations can quote lines after the file has moved.
    pub text: String,
    /// Byte ranges of the passages, in the order of their vectors.
    pub passages: Vec<Range<usize>>,
    /// What analysis found in the text (skills, lists, dated positions). Pools made before
    /// findings were kept have none, and their candidates are analysed again when ranked.
    #[serde(default, skip_serializing_if = "Findings::not_made")]
    pub findings: Findings,
    /// When this text was added (UTC, RFC 3339), for retention; pools made before it was kept
    /// have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added_at: Option<String>,
}

/// Everything a generation holds: what the pool was made with and its candidates, each with
/// its document vector and passage vectors (kept together, so they cannot fall out of step).
#[derive(Debug, Clone, PartialEq)]
pub struct PoolData {
    meta: PoolMeta,
    entries: Vec<Entry>,
}

/// One candidate with its vectors.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    candidate: Candidate,
    vector: Vec<f32>,
    passage_vectors: Vec<Vec<f32>>,
}

/// What a pool was made with: the model and vector length its vectors come from, the
/// catalog it was built against and whether its texts were redacted (blind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolMeta {
    pub model: String,
    pub dimensions: usize,
    pub catalog_version: String,
    pub blind: bool,
    /// The secret that gives a blind pool's candidates pseudonymous ids (blind pools made
    /// before pseudonyms have none, and keep their file names as ids).
    pub pseudonyms: Option<PseudonymKey>,
}

/// One line of `pool list`: a candidate without its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CandidateSummary {
    pub id: String,
    /// The file it was read from, in [`crate::pathname::path_text`] form.
    pub file: String,
    pub content_hash: String,
    pub passages: usize,
}

/// How a pool is searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SearchMode {
    /// Every candidate is scored: exact, and fast enough for small pools.
    Exact,
    /// An HNSW graph proposes candidates; used for large pools.
    Hnsw,
}

/// Figures for `rolematch pool stats`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PoolStats {
    pub name: String,
    pub generation: u64,
    pub candidates: usize,
    pub passages: usize,
    pub dimensions: usize,
    pub model: String,
    pub catalog_version: String,
    pub search: SearchMode,
    pub blind: bool,
    pub bytes_on_disk: u64,
}

impl PoolData {
    pub fn empty(model: &str, dimensions: usize, catalog_version: &str) -> Self {
        PoolData::empty_with(&PoolMeta {
            model: model.to_string(),
            dimensions,
            catalog_version: catalog_version.to_string(),
            blind: false,
            pseudonyms: None,
        })
    }

    /// An empty pool made with `meta`.
    pub(crate) fn empty_with(meta: &PoolMeta) -> Self {
        PoolData {
            meta: meta.clone(),
            entries: Vec::new(),
        }
    }

    /// What the pool was made with.
    pub fn meta(&self) -> &PoolMeta {
        &self.meta
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The candidates, in the pool's order.
    pub fn candidates(&self) -> impl ExactSizeIterator<Item = &Candidate> {
        self.entries.iter().map(|e| &e.candidate)
    }

    /// The candidate at `index` (in the pool's order).
    pub fn candidate(&self, index: usize) -> &Candidate {
        &self.entries[index].candidate
    }

    /// The candidate at `index`, to change its kept findings (ranking's tests).
    #[cfg(test)]
    pub(crate) fn candidate_mut(&mut self, index: usize) -> &mut Candidate {
        &mut self.entries[index].candidate
    }

    /// The candidates, taken out of the pool.
    pub(crate) fn into_candidates(self) -> impl ExactSizeIterator<Item = Candidate> {
        self.entries.into_iter().map(|e| e.candidate)
    }

    /// The document vector of the candidate at `index`.
    pub fn vector(&self, index: usize) -> &[f32] {
        &self.entries[index].vector
    }

    /// Every candidate's document vector, in the pool's order.
    pub fn vectors(&self) -> impl ExactSizeIterator<Item = &[f32]> {
        self.entries.iter().map(|e| e.vector.as_slice())
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.candidate.id == id)
    }

    /// Whether the pool already holds this id with this content.
    pub fn is_unchanged(&self, id: &str, content_hash: &str) -> bool {
        self.position(id)
            .is_some_and(|i| self.entries[i].candidate.content_hash == content_hash)
    }

    /// Adds a stored candidate at the end, as a pool is loaded: `passage_vectors` holds one
    /// vector for each of `candidate.passages`.
    pub fn push(&mut self, candidate: Candidate, vector: Vec<f32>, passage_vectors: Vec<Vec<f32>>) {
        debug_assert_eq!(passage_vectors.len(), candidate.passages.len());
        self.entries.push(Entry {
            candidate,
            vector,
            passage_vectors,
        });
    }

    /// Adds an analysed candidate, replacing the one with the same id.
    pub fn upsert(&mut self, id: String, analysis: Analysis) {
        let at = self.position(&id);
        self.put(at, id, analysis);
    }

    /// Adds a candidate at the end (`at` None) or in place of the one at `at`, which callers
    /// that keep their own id index have looked up.
    pub(crate) fn put(&mut self, at: Option<usize>, id: String, analysis: Analysis) {
        let Analysis {
            document,
            findings,
            embedding,
            passages,
            ..
        } = analysis;
        let candidate = Candidate {
            id,
            file: document.path().to_path_buf(),
            content_hash: content_hash(document.text()),
            passages: passages.iter().map(|p| p.byte_range.clone()).collect(),
            text: document.into_text(),
            findings,
            added_at: Some(crate::audit::utc_now()),
        };
        let entry = Entry {
            candidate,
            vector: embedding.vector,
            passage_vectors: passages.into_iter().map(|p| p.vector).collect(),
        };
        match at {
            Some(i) => self.entries[i] = entry,
            None => self.entries.push(entry),
        }
    }

    /// Removes candidates by id; returns the ids that were not in the pool.
    pub fn remove(&mut self, ids: &[String]) -> Vec<String> {
        let unknown = ids
            .iter()
            .filter(|id| self.position(id).is_none())
            .cloned()
            .collect();
        self.entries.retain(|e| !ids.contains(&e.candidate.id));
        unknown
    }

    /// The same pool holding only the candidates `ids` (in the pool's order).
    pub fn only(mut self, ids: &[String]) -> PoolData {
        self.entries.retain(|e| ids.contains(&e.candidate.id));
        self
    }

    /// A candidate's passages as window embeddings, for the scorer.
    pub fn passages_of(&self, index: usize) -> Vec<WindowEmbedding> {
        let entry = &self.entries[index];
        entry
            .candidate
            .passages
            .iter()
            .zip(&entry.passage_vectors)
            .map(|(range, vector)| WindowEmbedding {
                byte_range: range.clone(),
                vector: vector.clone(),
            })
            .collect()
    }

    /// Every candidate's passage vectors, in the pool's order (each candidate's in the order
    /// of its passages).
    pub fn passage_vectors(&self) -> impl Iterator<Item = &[f32]> {
        self.entries
            .iter()
            .flat_map(|e| e.passage_vectors.iter().map(Vec::as_slice))
    }

    /// Every candidate's id and content hash, in the pool's order.
    pub fn hashes(&self) -> Vec<(String, String)> {
        self.candidates()
            .map(|c| (c.id.clone(), c.content_hash.clone()))
            .collect()
    }

    /// Every candidate without its text, in the pool's order.
    pub fn summaries(&self) -> Vec<CandidateSummary> {
        self.candidates()
            .map(|c| CandidateSummary {
                id: c.id.clone(),
                file: crate::pathname::path_text(&c.file),
                content_hash: c.content_hash.clone(),
                passages: c.passages.len(),
            })
            .collect()
    }

    pub(crate) fn passage_count(&self) -> usize {
        self.entries.iter().map(|e| e.passage_vectors.len()).sum()
    }
}

/// blake3 of a text, hex.
pub fn content_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::DocumentEmbedding;
    use crate::read::document_from_text;

    fn analysed(file: &str, text: &str, x: f32) -> Analysis {
        Analysis {
            document: document_from_text(file, text),
            redactions: None,
            findings: Findings::default(),
            embedding: DocumentEmbedding {
                vector: vec![x, 0.0],
                windows: vec![],
            },
            passages: vec![WindowEmbedding {
                byte_range: 0..3,
                vector: vec![0.0, x],
            }],
        }
    }

    #[test]
    fn upsert_replaces_by_id_and_remove_reports_unknown_ids() {
        let mut pool = PoolData::empty("m", 2, "v");
        pool.upsert("a".into(), analysed("a.md", "one", 1.0));
        pool.upsert("b".into(), analysed("b.md", "two", 2.0));
        assert!(pool.is_unchanged("a", &content_hash("one")));
        pool.upsert("a".into(), analysed("a.md", "uno", 3.0));
        assert_eq!(pool.len(), 2);
        assert_eq!(pool.vector(0), [3.0, 0.0]);
        assert!(!pool.is_unchanged("a", &content_hash("one")));
        let unknown = pool.remove(&["a".to_string(), "zzz".to_string()]);
        assert_eq!(unknown, vec!["zzz".to_string()]);
        assert_eq!(pool.len(), 1);
        assert_eq!(pool.candidate(0).id, "b");
        assert_eq!(pool.vectors().collect::<Vec<_>>(), [[2.0, 0.0]]);
        assert_eq!(pool.passages_of(0)[0].vector, vec![0.0, 2.0]);
    }
}
