//! Quality measured as a use case: the labelled sets `rolematch eval` runs, with the
//! workspace's model, extractor and catalog, and their figures kept for the model card.

use std::path::{Path, PathBuf};

use super::{AppError, Workspace};
use crate::catalog::load_catalog_file;
use crate::embed::Embedder;
use crate::eval::record::{self, Figure, Measurement};
use crate::eval::{BlindReport, EvalError, EvalReport, JobsReport, LabelledReport};
use crate::matcher::Matcher;
use crate::skills::Taxonomy;

/// A measurement to make.
#[derive(Debug, Clone)]
pub enum Evaluation {
    /// Job titles of a query set (JSONL) matched to the entries of a catalog file, by every
    /// system `eval` compares.
    /// With `split_out`, the split is also written there as `match` inputs.
    Titles {
        set: PathBuf,
        catalog: PathBuf,
        split_out: Option<PathBuf>,
    },
    /// Candidates ranked for graded job postings (a `jobs.toml`).
    Jobs(PathBuf),
    /// The workspace's catalog matched to labelled resumes (a `labelled.toml`).
    Labels(PathBuf),
    /// Resume pairs that differ only in identity cues (a folder of `NAME-a.*` and `NAME-b.*`).
    BlindPairs(PathBuf),
}

/// What a measurement found.
#[derive(Debug)]
pub enum EvalOutcome {
    Titles(EvalReport),
    Jobs(JobsReport),
    Labels(LabelledReport),
    BlindPairs(BlindReport),
}

/// A measurement's report with its figures, dated and described, as
/// [`Workspace::keep_measurement`] keeps them.
#[derive(Debug)]
pub struct Evaluated {
    pub outcome: EvalOutcome,
    pub measurement: Measurement,
}

impl Workspace {
    /// Runs one measurement with the workspace's model. Titles and jobs need only the model; labels and blind pairs match against the
    /// workspace's catalog. A set's files are read before the model is loaded, so a bad file
    /// is named first.
    pub fn evaluate(&self, request: &Evaluation) -> Result<Evaluated, AppError> {
        Ok(match request {
            Evaluation::Titles {
                set,
                catalog,
                split_out,
            } => {
                let taxonomy = Taxonomy::builtin().map_err(crate::Error::from)?;
                let catalog = load_catalog_file(catalog, &taxonomy).map_err(crate::Error::from)?;
                let queries = crate::eval::load_queries(set, &catalog).map_err(eval_error)?;
                let model = self.model_only()?;
                let embedder = model.embedder();
                let report = crate::eval::run(&set_name(set), &catalog, &queries, embedder)
                    .map_err(eval_error)?;
                if let Some(dir) = split_out {
                    crate::eval::write_split(dir, &catalog, &queries).map_err(eval_error)?;
                }
                Evaluated {
                    measurement: measurement(
                        "titles",
                        "Job titles of a public occupation set matched to their occupation",
                        set,
                        embedder.fingerprint(),
                        catalog.version,
                        record::titles_figures(&report),
                    ),
                    outcome: EvalOutcome::Titles(report),
                }
            }
            Evaluation::Jobs(jobs) => {
                let model = self.model_only()?;
                let embedder = model.embedder();
                let report =
                    crate::eval::run_jobs(jobs, embedder, &self.extractor).map_err(eval_error)?;
                Evaluated {
                    measurement: measurement(
                        "jobs",
                        "Candidates ranked for job postings, against grades given by hand",
                        jobs,
                        embedder.fingerprint(),
                        self.catalog.version.clone(),
                        record::jobs_figures(&report),
                    ),
                    outcome: EvalOutcome::Jobs(report),
                }
            }
            Evaluation::Labels(labels) => {
                let engine = self.engine()?;
                let report = crate::eval::run_labelled(labels, engine).map_err(eval_error)?;
                Evaluated {
                    measurement: measurement(
                        "labels",
                        "Roles matched to labelled resumes",
                        labels,
                        engine.embedder().fingerprint(),
                        self.catalog.version.clone(),
                        record::labelled_figures(&report),
                    ),
                    outcome: EvalOutcome::Labels(report),
                }
            }
            Evaluation::BlindPairs(dir) => {
                let engine = self.engine()?;
                let report = crate::eval::run_blind_pairs(dir, engine).map_err(eval_error)?;
                Evaluated {
                    measurement: measurement(
                        "blind-pairs",
                        "Scores of resume pairs that differ only in identity cues",
                        dir,
                        engine.embedder().fingerprint(),
                        self.catalog.version.clone(),
                        record::blind_figures(&report),
                    ),
                    outcome: EvalOutcome::BlindPairs(report),
                }
            }
        })
    }

    /// The model alone: the workspace's when it is loaded (or was given), else loaded for
    /// this call without building the role index.
    fn model_only(&self) -> Result<Model<'_>, AppError> {
        Ok(match self.engine.get() {
            Some(engine) => Model::Engine(engine),
            None => Model::Own(Box::new(super::load_embedder(
                &self.config.home,
                &self.config.model,
            )?)),
        })
    }

    /// Keeps a measurement in HOME/quality/, where `rolematch model-card` reads it; returns
    /// the file.
    pub fn keep_measurement(&self, measurement: &Measurement) -> Result<PathBuf, AppError> {
        measurement
            .save(&self.config.home)
            .map_err(|source| AppError::Keep {
                path: Measurement::path(&self.config.home, &measurement.kind),
                source,
            })
    }
}

/// The model a measurement runs with.
enum Model<'a> {
    Engine(&'a Matcher),
    Own(Box<dyn Embedder>),
}

impl Model<'_> {
    fn embedder(&self) -> &dyn Embedder {
        match self {
            Model::Engine(engine) => engine.embedder(),
            Model::Own(embedder) => embedder.as_ref(),
        }
    }
}

fn measurement(
    kind: &str,
    title: &str,
    source: &Path,
    model: &str,
    catalog_version: String,
    figures: Vec<Figure>,
) -> Measurement {
    Measurement {
        kind: kind.to_string(),
        title: title.to_string(),
        source: source.display().to_string(),
        measured_at: crate::audit::utc_now(),
        rolematch_version: env!("CARGO_PKG_VERSION").to_string(),
        model: model.to_string(),
        catalog_version,
        figures,
    }
}

/// A query set's name from its path: "eval-data/esco/queries.jsonl" reads as "esco/queries".
fn set_name(set: &Path) -> String {
    let parts: Vec<String> = set
        .with_extension("")
        .iter()
        .rev()
        .take(2)
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    parts.into_iter().rev().collect::<Vec<_>>().join("/")
}

fn eval_error(e: EvalError) -> AppError {
    AppError::Eval(Box::new(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_set_is_named_by_its_folder_and_file() {
        assert_eq!(
            set_name(Path::new("eval-data/esco/queries.jsonl")),
            "esco/queries"
        );
        assert_eq!(set_name(Path::new("queries.jsonl")), "queries");
    }
}
