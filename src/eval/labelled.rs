//! The project's own labelled resumes: which roles are acceptable as the top match or in the
//! top three, and which resumes must not reach a strong match at all.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::EvalError;
use crate::matcher::Matcher;
use crate::read::read_document;
use crate::score::Band;
use crate::selection::Selection;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelFile {
    /// Top-3 accuracy recorded when the labels were last reviewed; CI guards it.
    recorded_top3: Option<f64>,
    resume: Vec<Label>,
}

/// What is acceptable for one resume.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub file: PathBuf,
    #[serde(default)]
    pub top1: Vec<String>,
    #[serde(default)]
    pub top3: Vec<String>,
    /// Outside AI work or keyword-stuffed: no role may reach the strong band.
    #[serde(default)]
    pub no_strong_match: bool,
}

/// One resume's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct LabelledRow {
    pub file: PathBuf,
    pub top: Vec<String>,
    pub top_score: u8,
    pub top_band: Band,
    pub top1_ok: Option<bool>,
    pub top3_ok: Option<bool>,
    pub no_strong_ok: Option<bool>,
}

/// The set's figures.
#[derive(Debug, Clone, Serialize)]
pub struct LabelledReport {
    pub resumes: usize,
    pub with_roles: usize,
    pub top1: f64,
    pub top3: f64,
    pub recorded_top3: Option<f64>,
    /// Resumes labelled `no_strong_match` whose best role reached the strong band.
    pub strong_violations: Vec<PathBuf>,
    /// Labelled-role resumes whose acceptable top match reached the strong band.
    pub strong_share: f64,
    pub rows: Vec<LabelledRow>,
}

fn read_labels(path: &Path) -> Result<LabelFile, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    toml::from_str(&text).map_err(|e| EvalError::Parse {
        path: path.to_path_buf(),
        line: 0,
        message: e.to_string(),
    })
}

/// The resumes a labels file names, relative to the file's folder.
pub(super) fn label_files(path: &Path) -> Result<Vec<PathBuf>, EvalError> {
    Ok(read_labels(path)?
        .resume
        .into_iter()
        .map(|label| label.file)
        .collect())
}

/// Matches every labelled resume (its best three roles, whatever their score) and scores the
/// result against its labels.
pub fn run_labelled(path: &Path, matcher: &Matcher) -> Result<LabelledReport, EvalError> {
    let labels = read_labels(path)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let mut documents = Vec::new();
    for label in &labels.resume {
        documents.push(read_document(&base.join(&label.file)).map_err(crate::Error::from)?);
    }
    let top_three = Selection::new(3, 0.0).expect("3 and 0 are within the selection's bounds");
    let reports = matcher.match_with(documents, top_three, false)?;
    let mut rows = Vec::new();
    for (label, report) in labels.resume.iter().zip(&reports) {
        let top: Vec<String> = report.matches.iter().map(|m| m.role_id.clone()).collect();
        let best = report.matches.first();
        let has_roles = !label.top1.is_empty();
        rows.push(LabelledRow {
            file: label.file.clone(),
            top1_ok: has_roles.then(|| top.first().is_some_and(|t| label.top1.contains(t))),
            top3_ok: has_roles.then(|| {
                top.iter()
                    .take(3)
                    .any(|t| label.top3.contains(t) || label.top1.contains(t))
            }),
            no_strong_ok: label
                .no_strong_match
                .then(|| best.is_none_or(|m| m.band != Band::Strong)),
            top_score: best.map_or(0, |m| m.match_score),
            top_band: best.map_or(Band::Weak, |m| m.band),
            top,
        });
    }
    let with_roles: Vec<&LabelledRow> = rows.iter().filter(|r| r.top1_ok.is_some()).collect();
    let share = |f: &dyn Fn(&LabelledRow) -> bool| {
        with_roles.iter().filter(|r| f(r)).count() as f64 / with_roles.len().max(1) as f64
    };
    Ok(LabelledReport {
        resumes: rows.len(),
        with_roles: with_roles.len(),
        top1: share(&|r| r.top1_ok == Some(true)),
        top3: share(&|r| r.top3_ok == Some(true)),
        recorded_top3: labels.recorded_top3,
        strong_violations: rows
            .iter()
            .filter(|r| r.no_strong_ok == Some(false))
            .map(|r| r.file.clone())
            .collect(),
        strong_share: share(&|r| r.top1_ok == Some(true) && r.top_band == Band::Strong),
        rows,
    })
}
