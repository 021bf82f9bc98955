//! Blind review, measured: pairs of resumes that differ only in identity cues (a name, pronouns,
//! an affinity group…) are matched to every role with and without blind review, and the
//! largest score difference between the two resumes of each pair is reported.

use std::path::Path;

use serde::Serialize;

use super::EvalError;
use crate::matcher::Matcher;
use crate::read::{read_document, Document};
use crate::selection::Selection;

/// One pair: the cue that differs, and how far its two resumes' scores differ.
#[derive(Debug, Clone, Serialize)]
pub struct BlindPair {
    /// The pair's name (`04-pronouns`).
    pub pair: String,
    /// Largest score difference over the roles (0–1), without and with blind review.
    pub largest_open: f32,
    pub largest_blind: f32,
    /// Whether the first three roles come in another order, without and with blind review.
    pub order_changes_open: bool,
    pub order_changes_blind: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct BlindReport {
    pub pairs: Vec<BlindPair>,
}

impl BlindReport {
    pub fn largest(&self, blind: bool) -> f32 {
        self.pairs
            .iter()
            .map(|p| {
                if blind {
                    p.largest_blind
                } else {
                    p.largest_open
                }
            })
            .fold(0.0, f32::max)
    }

    pub(crate) fn order_changes(&self, blind: bool) -> usize {
        self.pairs
            .iter()
            .filter(|p| {
                if blind {
                    p.order_changes_blind
                } else {
                    p.order_changes_open
                }
            })
            .count()
    }
}

/// Every pair of `dir` (files `NAME-a.*` and `NAME-b.*`), matched to every role of the
/// matcher's catalog with and without blind review.
pub fn run_blind_pairs(dir: &Path, matcher: &Matcher) -> Result<BlindReport, EvalError> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|source| EvalError::Io {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("-a."))
        .collect();
    names.sort();
    let every = Selection::new(matcher.catalog().roles.len().clamp(1, 100_000), 0.0)
        .expect("a catalog's size within the selection's bounds");
    let mut pairs = Vec::new();
    for a in names {
        let b = a.replacen("-a.", "-b.", 1);
        let read = |name: &str| -> Result<Document, EvalError> {
            Ok(read_document(&dir.join(name)).map_err(crate::Error::from)?)
        };
        let documents = vec![read(&a)?, read(&b)?];
        let scores = |blind: bool| -> Result<Vec<Vec<(String, f32)>>, EvalError> {
            Ok(matcher
                .match_with(documents.clone(), every, blind)?
                .into_iter()
                .map(|r| {
                    r.matches
                        .into_iter()
                        .map(|m| (m.role_id, m.score))
                        .collect()
                })
                .collect())
        };
        let (open, blind) = (scores(false)?, scores(true)?);
        pairs.push(BlindPair {
            pair: a.split("-a.").next().unwrap_or(&a).to_string(),
            largest_open: largest_difference(&open[0], &open[1]),
            largest_blind: largest_difference(&blind[0], &blind[1]),
            order_changes_open: top3(&open[0]) != top3(&open[1]),
            order_changes_blind: top3(&blind[0]) != top3(&blind[1]),
        });
    }
    Ok(BlindReport { pairs })
}

fn largest_difference(a: &[(String, f32)], b: &[(String, f32)]) -> f32 {
    a.iter()
        .filter_map(|(role, score)| {
            b.iter()
                .find(|(other, _)| other == role)
                .map(|(_, s)| (score - s).abs())
        })
        .fold(0.0, f32::max)
}

fn top3(scores: &[(String, f32)]) -> Vec<&str> {
    scores
        .iter()
        .take(3)
        .map(|(role, _)| role.as_str())
        .collect()
}
