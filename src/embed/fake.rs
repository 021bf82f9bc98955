//! A deterministic stand-in embedder for tests: a hashed bag of lower-cased words. It lets a
//! program built on rolematch (and rolematch's own in-process tests) run every use case of a
//! [`crate::Workspace`] without the model; its vectors mean nothing beyond shared words.

use super::{DocumentEmbedding, EmbedError, Embedder, WindowEmbedding};
use crate::vector::normalize;

/// The stand-in model: `dimensions` long vectors (at least 1; 0 is refused), one window per
/// text.
pub struct FakeEmbedder {
    pub dimensions: usize,
}

impl Embedder for FakeEmbedder {
    fn fingerprint(&self) -> &str {
        "fake@0"
    }

    fn dimensions(&self) -> usize {
        self.dimensions
    }

    fn embed_documents(&self, texts: &[&str]) -> Result<Vec<DocumentEmbedding>, EmbedError> {
        if self.dimensions == 0 {
            return Err(EmbedError::Model(candle_core::Error::Msg(
                "the fake embedder needs at least 1 dimension".into(),
            )));
        }
        Ok(texts
            .iter()
            .map(|text| {
                let mut v = vec![0.0f32; self.dimensions];
                for word in text
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                {
                    let h = word
                        .to_lowercase()
                        .bytes()
                        .fold(2166136261u32, |h, b| (h ^ b as u32).wrapping_mul(16777619));
                    v[h as usize % self.dimensions] += 1.0;
                }
                normalize(&mut v);
                DocumentEmbedding {
                    vector: v.clone(),
                    windows: vec![WindowEmbedding {
                        byte_range: 0..text.len(),
                        vector: v,
                    }],
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_dimensions_is_an_error_not_a_panic() {
        let none = FakeEmbedder { dimensions: 0 };
        assert!(none.embed_documents(&["Python"]).is_err());
        let some = FakeEmbedder { dimensions: 8 };
        let vectors = some.embed_documents(&["Python and Rust", ""]).unwrap();
        assert_eq!(vectors[0].vector.len(), 8);
    }
}
