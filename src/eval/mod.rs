//! Measuring retrieval quality on labelled query sets: each query's acceptable catalog
//! entries, ranked by a lexical baseline, the plain embedding cosine, and the hybrid of both.

mod labelled;
mod lexical;
mod metrics;

pub use labelled::{run_labelled, Label, LabelledReport, LabelledRow};
pub use lexical::CharNgramIndex;
pub use metrics::{evaluate, Metrics};

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::catalog::Catalog;
use crate::embed::Embedder;
use crate::vector::dot;

/// Errors reading a query set; each names the file and line.
#[derive(Debug, Error)]
pub enum EvalError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: {message}", .path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{}: the set has no queries", .path.display())]
    Empty { path: PathBuf },
}

/// One labelled query: its text and the catalog ids that count as right.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Query {
    pub text: String,
    pub relevant: Vec<String>,
}

/// Reads a JSON-lines query set; answers must be ids of `catalog`.
pub fn load_queries(path: &Path, catalog: &Catalog) -> Result<Vec<Query>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut queries = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let parse = |message: String| EvalError::Parse {
            path: path.to_path_buf(),
            line: n + 1,
            message,
        };
        let q: Query = serde_json::from_str(line).map_err(|e| parse(e.to_string()))?;
        if let Some(unknown) = q.relevant.iter().find(|id| catalog.get(id).is_none()) {
            return Err(parse(format!("answer '{unknown}' is not in the catalog")));
        }
        if q.relevant.is_empty() {
            return Err(parse("no acceptable answer".into()));
        }
        queries.push(q);
    }
    if queries.is_empty() {
        return Err(EvalError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(queries)
}

/// One system's figures on the held-out queries.
#[derive(Debug, Clone, Serialize)]
pub struct SystemResult {
    pub system: String,
    pub metrics: Metrics,
}

/// The evaluation of one query set.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    pub set: String,
    pub catalog_entries: usize,
    /// Queries used to choose the hybrid's lexical weight (every other query).
    pub tuning_queries: usize,
    /// The weight chosen on the tuning half.
    pub lexical_weight: f32,
    /// Each system on the other half.
    pub results: Vec<SystemResult>,
}

/// Weights tried for `dense + weight × lexical`.
const LEXICAL_WEIGHTS: [f32; 11] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.5, 2.0];

/// Ranks the catalog for every query with each system. The hybrid's weight is chosen on the
/// even-numbered queries; all systems are reported on the odd-numbered ones.
pub fn run(
    set: &str,
    catalog: &Catalog,
    queries: &[Query],
    embedder: &dyn Embedder,
) -> Result<EvalReport, crate::Error> {
    let role_texts: Vec<String> = catalog.roles.iter().map(|r| r.embedding_text()).collect();
    let role_refs: Vec<&str> = role_texts.iter().map(String::as_str).collect();
    let role_vectors: Vec<Vec<f32>> = embedder
        .embed_documents(&role_refs)?
        .into_iter()
        .map(|d| d.vector)
        .collect();
    let lexical = CharNgramIndex::new(&role_texts);
    let query_refs: Vec<&str> = queries.iter().map(|q| q.text.as_str()).collect();
    let query_vectors: Vec<Vec<f32>> = embedder
        .embed_documents(&query_refs)?
        .into_iter()
        .map(|d| d.vector)
        .collect();
    let relevant: Vec<Vec<usize>> = queries
        .iter()
        .map(|q| {
            q.relevant
                .iter()
                .filter_map(|id| catalog.roles.iter().position(|r| &r.id == id))
                .collect()
        })
        .collect();
    let dense: Vec<Vec<f32>> = query_vectors
        .iter()
        .map(|q| role_vectors.iter().map(|r| dot(q, r)).collect())
        .collect();
    let lex: Vec<Vec<f32>> = queries.iter().map(|q| lexical.scores(&q.text)).collect();

    let split =
        |half: usize| -> Vec<usize> { (0..queries.len()).filter(|i| i % 2 == half).collect() };
    let (tune, test) = (split(0), split(1));
    let hybrid = |w: f32, i: usize| -> Vec<f32> {
        dense[i]
            .iter()
            .zip(&lex[i])
            .map(|(d, l)| d + w * l)
            .collect()
    };
    let metrics_of = |scores: &dyn Fn(usize) -> Vec<f32>, ids: &[usize]| -> Metrics {
        let results: Vec<(Vec<usize>, Vec<usize>)> = ids
            .iter()
            .map(|&i| (ranking(&scores(i)), relevant[i].clone()))
            .collect();
        evaluate(&results)
    };
    // Each weight is evaluated once; on equal MRR the smaller weight wins.
    let tuned: Vec<(f32, f64)> = LEXICAL_WEIGHTS
        .iter()
        .map(|&w| (w, metrics_of(&|i| hybrid(w, i), &tune).mrr))
        .collect();
    let lexical_weight = tuned
        .iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.total_cmp(&a.0)))
        .map_or(0.0, |(w, _)| *w);
    let results = vec![
        SystemResult {
            system: "lexical (char n-gram TF-IDF)".into(),
            metrics: metrics_of(&|i| lex[i].clone(), &test),
        },
        SystemResult {
            system: "embedding cosine".into(),
            metrics: metrics_of(&|i| dense[i].clone(), &test),
        },
        SystemResult {
            system: format!("hybrid (cosine + {lexical_weight} × lexical)"),
            metrics: metrics_of(&|i| hybrid(lexical_weight, i), &test),
        },
    ];
    Ok(EvalReport {
        set: set.to_string(),
        catalog_entries: catalog.roles.len(),
        tuning_queries: tune.len(),
        lexical_weight,
        results,
    })
}

/// Indices by descending score; ties keep the lower index first.
fn ranking(scores: &[f32]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::fake::FakeEmbedder;
    use crate::skills::Taxonomy;

    #[test]
    fn runs_every_system_on_the_held_out_half() {
        let taxonomy = Taxonomy::builtin().unwrap();
        let catalog = Catalog::builtin(&taxonomy).unwrap();
        let queries: Vec<Query> = catalog
            .roles
            .iter()
            .map(|r| Query {
                text: r.title.clone(),
                relevant: vec![r.id.clone()],
            })
            .collect();
        let report = run(
            "titles",
            &catalog,
            &queries,
            &FakeEmbedder { dimensions: 256 },
        )
        .unwrap();
        assert_eq!(report.results.len(), 3);
        assert_eq!(report.tuning_queries, 8);
        for r in &report.results {
            assert_eq!(r.metrics.queries, 8);
        }
        // A title is its own best lexical match.
        assert!(
            report.results[0].metrics.recall_at_1 > 0.8,
            "{:?}",
            report.results[0]
        );
    }
}
