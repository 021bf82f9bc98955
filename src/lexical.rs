//! A lexical baseline and signal: TF-IDF over character n-grams (3 to 5) of words padded with
//! spaces, cosine similarity. Robust to plurals, abbreviations inside words and word order.

use std::collections::HashMap;

/// A sparse vector: (term id, weight), sorted by term id.
type Sparse = Vec<(u32, f32)>;

/// TF-IDF over a fixed set of documents.
pub struct CharNgramIndex {
    vocabulary: HashMap<String, u32>,
    idf: Vec<f32>,
    documents: Vec<Sparse>,
}

impl CharNgramIndex {
    pub fn new(documents: &[String]) -> Self {
        let mut vocabulary: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        let counted: Vec<HashMap<u32, f32>> = documents
            .iter()
            .map(|d| {
                let mut counts: HashMap<u32, f32> = HashMap::new();
                for gram in ngrams(d) {
                    let next = vocabulary.len() as u32;
                    let id = *vocabulary.entry(gram).or_insert(next);
                    if id as usize == df.len() {
                        df.push(0);
                    }
                    *counts.entry(id).or_default() += 1.0;
                }
                for id in counts.keys() {
                    df[*id as usize] += 1;
                }
                counts
            })
            .collect();
        let n = documents.len() as f32;
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| ((1.0 + n) / (1.0 + d as f32)).ln() + 1.0)
            .collect();
        let documents = counted.into_iter().map(|c| weigh(c, &idf)).collect();
        CharNgramIndex {
            vocabulary,
            idf,
            documents,
        }
    }

    /// Cosine similarity of the query with every document, in document order.
    pub fn scores(&self, query: &str) -> Vec<f32> {
        let mut counts: HashMap<u32, f32> = HashMap::new();
        for gram in ngrams(query) {
            if let Some(&id) = self.vocabulary.get(&gram) {
                *counts.entry(id).or_default() += 1.0;
            }
        }
        let q = weigh(counts, &self.idf);
        self.documents.iter().map(|d| sparse_dot(&q, d)).collect()
    }
}

fn ngrams(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut grams = Vec::new();
    for word in lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let padded: Vec<char> = format!(" {word} ").chars().collect();
        for n in 3..=5 {
            for window in padded.windows(n) {
                grams.push(window.iter().collect());
            }
        }
    }
    grams
}

fn weigh(counts: HashMap<u32, f32>, idf: &[f32]) -> Sparse {
    let mut v: Sparse = counts
        .into_iter()
        .map(|(id, tf)| (id, tf * idf[id as usize]))
        .collect();
    v.sort_unstable_by_key(|(id, _)| *id);
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, w)| *w /= norm);
    }
    v
}

fn sparse_dot(a: &Sparse, b: &Sparse) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_document_by_characters_wins() {
        let docs = vec![
            "software developer".to_string(),
            "database administrator".to_string(),
            "pastry chef".to_string(),
        ];
        let index = CharNgramIndex::new(&docs);
        let s = index.scores("Database Administrators");
        assert!(s[1] > s[0] && s[1] > s[2], "{s:?}");
        assert!((index.scores("pastry chef")[2] - 1.0).abs() < 1e-5);
        assert_eq!(index.scores("zzzz qqqq"), vec![0.0, 0.0, 0.0]);
    }
}
