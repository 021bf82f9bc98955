//! A measurement kept for the instructions for use: what was measured (labelled resumes,
//! graded postings, blind pairs, a public title set, the real-world set), on which data,
//! when, with which build, model and catalog, and its headline figures with what each means.
//! `eval --record` writes one per kind under `HOME/quality/`; `model-card` reads them.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{EvalReport, JobsReport, LabelledReport};

/// The folder of the home that holds the measurements.
pub(crate) const QUALITY_DIR: &str = "quality";

/// One headline figure of a measurement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub name: String,
    /// As it is shown ("0.941", "14 of 14").
    pub value: String,
    /// What it means, for a reader who has not seen the measurement.
    pub meaning: String,
}

/// A measurement and its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// `labels`, `jobs`, `blind-pairs`, `titles` or `realworld`.
    pub kind: String,
    /// What was measured, in words.
    pub title: String,
    /// The data it was measured on.
    pub source: String,
    /// When (UTC, RFC 3339), and with what.
    pub measured_at: String,
    pub rolematch_version: String,
    pub model: String,
    pub catalog_version: String,
    pub figures: Vec<Figure>,
}

impl Measurement {
    /// The file this kind of measurement is kept in, under `home`.
    pub fn path(home: &Path, kind: &str) -> PathBuf {
        home.join(QUALITY_DIR).join(format!("{kind}.json"))
    }

    /// Writes it to its file under `home`, atomically.
    pub(crate) fn save(&self, home: &Path) -> std::io::Result<PathBuf> {
        let path = Measurement::path(home, &self.kind);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        crate::fsutil::write_atomic(&path, &json)?;
        Ok(path)
    }
}

fn figure(name: &str, value: String, meaning: &str) -> Figure {
    Figure {
        name: name.into(),
        value,
        meaning: meaning.into(),
    }
}

/// The headline figures of `eval --labels`.
pub(crate) fn labelled_figures(report: &LabelledReport) -> Vec<Figure> {
    vec![
        figure(
            "best role first",
            format!("{:.3}", report.top1),
            "share of labelled resumes whose first role is one a person called right",
        ),
        figure(
            "a right role in the first three",
            format!("{:.3}", report.top3),
            "share of labelled resumes with a right role among the first three",
        ),
        figure(
            "strong where none should be",
            report.strong_violations.len().to_string(),
            "resumes from outside the catalog's field, or stuffed with keywords, that still \
             reached the strong band (0 is right)",
        ),
        figure(
            "resumes",
            report.resumes.to_string(),
            "labelled resumes measured",
        ),
    ]
}

/// The headline figures of `eval --jobs`: rolematch's, then the plain cosine's for comparison.
pub(crate) fn jobs_figures(report: &JobsReport) -> Vec<Figure> {
    let mut figures = Vec::new();
    for system in report.systems.iter().rev() {
        let who = if system.system.starts_with("rolematch") {
            "rolematch"
        } else {
            "plain cosine (baseline)"
        };
        figures.push(figure(
            &format!("nDCG@5, {who}"),
            format!("{:.3}", system.ndcg_at_5),
            "how close the first five candidates are to the order a person graded (1 is the \
             graded order)",
        ));
        figures.push(figure(
            &format!("best fit first, {who}"),
            format!("{} of {}", system.best_first, report.postings),
            "postings whose first candidate is one a person graded a best fit",
        ));
    }
    figures
}

/// The headline figures of `eval --set` (a public set of job titles).
pub(crate) fn titles_figures(report: &EvalReport) -> Vec<Figure> {
    report
        .results
        .iter()
        .rev()
        .take(1)
        .flat_map(|r| {
            [
                figure(
                    "recall@1",
                    format!("{:.3}", r.metrics.recall_at_1),
                    "share of held-out job titles whose right occupation comes first",
                ),
                figure(
                    "MRR",
                    format!("{:.3}", r.metrics.mrr),
                    "mean reciprocal rank of the right occupation (1 is always first)",
                ),
            ]
        })
        .collect()
}

/// The headline figures of `eval --blind-pairs`.
pub(crate) fn blind_figures(report: &super::BlindReport) -> Vec<Figure> {
    vec![
        figure(
            "pairs",
            report.pairs.len().to_string(),
            "pairs of resumes that differ only in identity cues (name, contacts, pronouns, \
             affinity groups, age, nationality)",
        ),
        figure(
            "largest score change without blind review",
            format!("{:.4}", report.largest(false)),
            "the most any role's score (0–1) differs between the two resumes of a pair when \
             they are read as written",
        ),
        figure(
            "largest score change with blind review",
            format!("{:.4}", report.largest(true)),
            "the same with blind review on (0 means the cues make no difference)",
        ),
        figure(
            "pairs whose first three roles change order",
            format!(
                "{} without, {} with blind review",
                report.order_changes(false),
                report.order_changes(true)
            ),
            "pairs for which the cue alone reorders the three best roles",
        ),
    ]
}
