//! Measuring retrieval quality on labelled query sets: each query's acceptable catalog
//! entries, ranked by a lexical baseline, the plain embedding cosine, and the hybrid of both.

mod blind;
mod jobs;
mod labelled;

mod metrics;
mod normalize;
pub mod record;

pub use crate::lexical::CharNgramIndex;
pub use blind::{run_blind_pairs, BlindPair, BlindReport};
pub use jobs::{run_jobs, JobMetrics, JobRow, JobsReport};
pub use labelled::{run_labelled, Label, LabelledReport, LabelledRow};
pub use metrics::{evaluate, Metrics};
pub use normalize::normalize_title;

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
    /// Reading, embedding or matching failed in the layers evaluation runs on.
    #[error(transparent)]
    Pipeline(#[from] crate::Error),
}

impl From<crate::embed::EmbedError> for EvalError {
    fn from(e: crate::embed::EmbedError) -> Self {
        EvalError::Pipeline(e.into())
    }
}

/// One labelled query: its text and the catalog ids that count as right.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
    /// Queries used to choose weights and to serve as known aliases (about half; variants of
    /// one title such as singular and plural always fall in the same half).
    pub tuning_queries: usize,
    /// The plain hybrid's lexical weight, chosen on the tuning half.
    pub lexical_weight: f32,
    /// rolematch's settings, chosen on the tuning half.
    pub tuned: TunedSettings,
    /// Each system on the other half.
    pub results: Vec<SystemResult>,
}

/// What the tuning half chose for the full system.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TunedSettings {
    pub lexical_weight: f32,
    /// How much an entry's best alias counts against its catalog text (0: not at all, 1: an
    /// entry scores the best of the two).
    pub alias_weight: f32,
    pub normalize_titles: bool,
}

/// Weights tried for `dense + weight × lexical`.
const LEXICAL_WEIGHTS: [f32; 11] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.5, 2.0];
/// Weights tried for the aliases.
const ALIAS_WEIGHTS: [f32; 5] = [0.0, 0.25, 0.5, 0.75, 1.0];

/// Ranks the catalog for every query with each system, all reported on the held-out half:
///
/// - lexical: character n-gram TF-IDF against the catalog text;
/// - embedding cosine against the catalog text;
/// - hybrid: cosine + w × lexical, w chosen on the tuning half;
/// - hybrid with normalised titles (abbreviations spelled out, seniority words dropped):
///   measured, not kept, as it did not help on either public set;
/// - rolematch, hybrid with aliases: the tuning half's titles join the catalog as aliases of
///   their answers, with the alias and lexical weights chosen on the tuning half, leaving each
///   tuning query's own variants out.
pub fn run(
    set: &str,
    catalog: &Catalog,
    queries: &[Query],
    embedder: &dyn Embedder,
) -> Result<EvalReport, EvalError> {
    let groups = variant_groups(queries);
    let (tune, test): (Vec<usize>, Vec<usize>) =
        (0..queries.len()).partition(|&i| groups[i].is_multiple_of(2));
    let relevant: Vec<Vec<usize>> = queries
        .iter()
        .map(|q| {
            q.relevant
                .iter()
                .filter_map(|id| catalog.roles.iter().position(|r| &r.id == id))
                .collect()
        })
        .collect();
    let role_texts: Vec<String> = catalog.roles.iter().map(|r| r.embedding_text()).collect();
    let role_vectors = embed_all(embedder, &role_texts)?;
    let lexical = CharNgramIndex::new(&role_texts);
    let aliases = AliasSet {
        queries: &tune,
        relevant: &relevant,
        groups: &groups,
        entries: catalog.roles.len(),
    };
    let raw: Vec<String> = queries.iter().map(|q| q.text.clone()).collect();
    let normalized: Vec<String> = raw.iter().map(|t| normalize_title(t)).collect();
    let plain = Signals::new(embedder, &raw, &role_vectors, &lexical, Some(&aliases))?;
    // Normalised titles are only measured without aliases.
    let normal = Signals::new(embedder, &normalized, &role_vectors, &lexical, None)?;

    let metrics_of = |scores: &dyn Fn(usize) -> Vec<f32>, ids: &[usize]| -> Metrics {
        let results: Vec<(Vec<usize>, Vec<usize>)> = ids
            .iter()
            .map(|&i| (ranking(&scores(i)), relevant[i].clone()))
            .collect();
        evaluate(&results)
    };
    let grid = |alias_weights: &[f32], normalize_titles: bool| -> Vec<TunedSettings> {
        let mut grid = Vec::new();
        for &alias_weight in alias_weights {
            for &lexical_weight in &LEXICAL_WEIGHTS {
                grid.push(TunedSettings {
                    lexical_weight,
                    alias_weight,
                    normalize_titles,
                });
            }
        }
        grid
    };
    let score = |t: TunedSettings, i: usize| {
        let signals = if t.normalize_titles { &normal } else { &plain };
        signals.combined(t, i)
    };
    // Each setting is evaluated once on the tuning half; on equal MRR the earlier setting in
    // the grid (smaller weights) wins.
    let tune_on = |settings: Vec<TunedSettings>| -> TunedSettings {
        let mut best = (settings[0], f64::NEG_INFINITY);
        for t in settings {
            let mrr = metrics_of(&|i| score(t, i), &tune).mrr;
            if mrr > best.1 {
                best = (t, mrr);
            }
        }
        best.0
    };
    let hybrid = tune_on(grid(&[0.0], false));
    let normalized_only = tune_on(grid(&[0.0], true));
    // Normalisation is measured but not kept: it did not help on either public set.
    let tuned = tune_on(grid(&ALIAS_WEIGHTS, false));
    let results = vec![
        SystemResult {
            system: "lexical (char n-gram TF-IDF)".into(),
            metrics: metrics_of(&|i| plain.lexical[i].clone(), &test),
        },
        SystemResult {
            system: "embedding cosine".into(),
            metrics: metrics_of(&|i| plain.dense[i].clone(), &test),
        },
        SystemResult {
            system: format!("hybrid (cosine + {} × lexical)", hybrid.lexical_weight),
            metrics: metrics_of(&|i| score(hybrid, i), &test),
        },
        SystemResult {
            system: format!(
                "hybrid, normalised titles (lexical {})",
                normalized_only.lexical_weight
            ),
            metrics: metrics_of(&|i| score(normalized_only, i), &test),
        },
        SystemResult {
            system: format!(
                "rolematch: hybrid + aliases (lexical {}, aliases {})",
                tuned.lexical_weight, tuned.alias_weight
            ),
            metrics: metrics_of(&|i| score(tuned, i), &test),
        },
    ];
    Ok(EvalReport {
        set: set.to_string(),
        catalog_entries: catalog.roles.len(),
        tuning_queries: tune.len(),
        lexical_weight: hybrid.lexical_weight,
        tuned,
        results,
    })
}

/// The split [`run`] reports on, in the form `match` reads: the catalog with each tuning
/// query joined to its answers as an alias, and the held-out queries.
pub(crate) fn split_for_match(catalog: &Catalog, queries: &[Query]) -> (Catalog, Vec<Query>) {
    let groups = variant_groups(queries);
    let mut with_aliases = catalog.clone();
    let mut held_out = Vec::new();
    for (query, group) in queries.iter().zip(&groups) {
        if !group.is_multiple_of(2) {
            held_out.push(query.clone());
            continue;
        }
        for id in &query.relevant {
            if let Some(role) = with_aliases.roles.iter_mut().find(|r| &r.id == id) {
                let known = role
                    .aliases
                    .iter()
                    .chain(std::iter::once(&role.title))
                    .any(|a| a.eq_ignore_ascii_case(&query.text));
                if !known {
                    role.aliases.push(query.text.clone());
                }
            }
        }
    }
    (with_aliases, held_out)
}

/// Writes the split [`run`] reports on as `match` inputs: DIR/catalog.jsonl (with the tuning
/// half as aliases) and DIR/queries.jsonl (the held-out half, each with an id).
pub(crate) fn write_split(
    dir: &Path,
    catalog: &Catalog,
    queries: &[Query],
) -> Result<(), EvalError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| EvalError::Io { path, source }
    };
    let (with_aliases, held_out) = split_for_match(catalog, queries);
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut roles = String::new();
    for role in &with_aliases.roles {
        roles.push_str(&serde_json::to_string(role).expect("a role serializes"));
        roles.push('\n');
    }
    let mut lines = String::new();
    for (i, q) in held_out.iter().enumerate() {
        let line = serde_json::json!({"id": format!("q{}", i + 1), "text": q.text, "relevant": q.relevant});
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    for (name, text) in [("catalog.jsonl", roles), ("queries.jsonl", lines)] {
        let path = dir.join(name);
        crate::fsutil::write_atomic(&path, text.as_bytes()).map_err(io(&path))?;
    }
    Ok(())
}

fn embed_all(embedder: &dyn Embedder, texts: &[String]) -> Result<Vec<Vec<f32>>, EvalError> {
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    Ok(embedder
        .embed_documents(&refs)?
        .into_iter()
        .map(|d| d.vector)
        .collect())
}

/// The tuning queries that act as aliases of their answers.
struct AliasSet<'a> {
    queries: &'a [usize],
    relevant: &'a [Vec<usize>],
    groups: &'a [usize],
    entries: usize,
}

impl AliasSet<'_> {
    /// For query `i` and each entry: the best `similarity(i, alias)` over the entry's aliases,
    /// leaving out `i`'s own variant group; 0 where an entry has none.
    fn best_per_entry(&self, i: usize, similarity: impl Fn(usize, usize) -> f32) -> Vec<f32> {
        let mut best = vec![0.0f32; self.entries];
        for (slot, &j) in self.queries.iter().enumerate() {
            if self.groups[j] == self.groups[i] {
                continue;
            }
            let s = similarity(slot, j);
            for &e in &self.relevant[j] {
                best[e] = best[e].max(s);
            }
        }
        best
    }
}

/// Every query's similarity to every entry: against the catalog text, and (when aliases are
/// given) against the entry's aliases.
struct Signals {
    dense: Vec<Vec<f32>>,
    lexical: Vec<Vec<f32>>,
    alias_dense: Option<Vec<Vec<f32>>>,
    alias_lexical: Option<Vec<Vec<f32>>>,
}

impl Signals {
    fn new(
        embedder: &dyn Embedder,
        texts: &[String],
        role_vectors: &[Vec<f32>],
        lexical: &CharNgramIndex,
        aliases: Option<&AliasSet<'_>>,
    ) -> Result<Self, EvalError> {
        let vectors = embed_all(embedder, texts)?;
        let dense = vectors
            .iter()
            .map(|v| role_vectors.iter().map(|r| dot(v, r)).collect())
            .collect();
        let lexical = texts.iter().map(|t| lexical.scores(t)).collect();
        let Some(aliases) = aliases else {
            return Ok(Signals {
                dense,
                lexical,
                alias_dense: None,
                alias_lexical: None,
            });
        };
        let alias_texts: Vec<String> = aliases.queries.iter().map(|&j| texts[j].clone()).collect();
        let alias_lexical_index = CharNgramIndex::new(&alias_texts);
        let alias_dense = vectors
            .iter()
            .enumerate()
            .map(|(i, v)| aliases.best_per_entry(i, |_, j| dot(v, &vectors[j])))
            .collect();
        let alias_lexical = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let scores = alias_lexical_index.scores(t);
                aliases.best_per_entry(i, |slot, _| scores[slot])
            })
            .collect();
        Ok(Signals {
            dense,
            lexical,
            alias_dense: Some(alias_dense),
            alias_lexical: Some(alias_lexical),
        })
    }

    /// `dense + w × lexical`, each signal `(1 − a) × text + a × max(text, best alias)`; without
    /// aliases, each signal is the text's.
    fn combined(&self, t: TunedSettings, i: usize) -> Vec<f32> {
        let a = t.alias_weight;
        let mix = |text: &[Vec<f32>], alias: &Option<Vec<Vec<f32>>>, e: usize| {
            let text = text[i][e];
            alias
                .as_ref()
                .map_or(text, |alias| (1.0 - a) * text + a * text.max(alias[i][e]))
        };
        (0..self.dense[i].len())
            .map(|e| {
                mix(&self.dense, &self.alias_dense, e)
                    + t.lexical_weight * mix(&self.lexical, &self.alias_lexical, e)
            })
            .collect()
    }
}

/// Groups queries that are variants of one title (case, punctuation, plural -s): each query's
/// group number, numbered in order of first appearance.
fn variant_groups(queries: &[Query]) -> Vec<usize> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    queries
        .iter()
        .map(|q| {
            let key: Vec<String> = q
                .text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(|w| {
                    let w = w.to_lowercase();
                    match w.strip_suffix('s') {
                        Some(stem) if stem.len() >= 3 => stem.to_string(),
                        _ => w,
                    }
                })
                .collect();
            let next = seen.len();
            *seen.entry(key.join(" ")).or_insert(next)
        })
        .collect()
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
        assert_eq!(report.results.len(), 5);
        assert_eq!(
            report.tuning_queries + report.results[0].metrics.queries,
            16
        );
        for r in &report.results {
            assert_eq!(r.metrics.queries, report.results[0].metrics.queries);
        }
        // A title is its own best lexical match.
        assert!(report.tuning_queries >= 6, "{}", report.tuning_queries);
        assert!(
            report.results[0].metrics.recall_at_1 > 0.8,
            "{:?}",
            report.results[0]
        );
    }

    #[test]
    fn variants_of_a_title_share_a_group_and_never_alias_each_other() {
        let q = |text: &str, answer: usize| Query {
            text: text.into(),
            relevant: vec![answer.to_string()],
        };
        let queries = vec![
            q("ICT security administrators", 0),
            q("ICT Security Administrator", 0),
            q("data analyst", 1),
            q("Data-Analysts", 1),
            q("web developer", 0),
        ];
        assert_eq!(variant_groups(&queries), vec![0, 0, 1, 1, 2]);
        let groups = variant_groups(&queries);
        let relevant = vec![vec![0], vec![0], vec![1], vec![1], vec![0]];
        let tuning = [0, 1, 4];
        let aliases = AliasSet {
            queries: &tuning,
            relevant: &relevant,
            groups: &groups,
            entries: 2,
        };
        // Query 1's own group (queries 0 and 1) is left out: only "web developer" (0.3) counts.
        let similarity = [0.9, 1.0, 0.3];
        let best = aliases.best_per_entry(1, |slot, _| similarity[slot]);
        assert_eq!(best, vec![0.3, 0.0]);
        let best = aliases.best_per_entry(2, |slot, _| similarity[slot]);
        assert_eq!(best, vec![1.0, 0.0]);
    }
}
