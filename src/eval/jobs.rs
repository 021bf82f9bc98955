//! Ranking candidates for job postings, measured: every labelled resume graded for each
//! posting by hand (2 best fit, 1 acceptable, 0 not), ranked by `rank --job` and by the plain
//! cosine of the whole posting and the whole resume.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::labelled::label_files;
use super::EvalError;
use crate::analyze::analyze;
use crate::embed::Embedder;
use crate::pool::{LoadedPool, PoolData};
use crate::rank::{embed_opening, job_as_role, rank_candidates};
use crate::read::{read_document, Document};
use crate::score::ScoreWeights;
use crate::skills::SkillExtractor;
use crate::vector::dot;

/// Each graded candidate's grade, by id.
type Grades = HashMap<String, u8>;
/// A system's ranking of every candidate for one posting, with the posting's grades.
type Outcome = (Vec<String>, Grades);

/// Candidates per posting that nDCG looks at.
const NDCG_DEPTH: usize = 5;
/// Candidates per posting that precision looks at.
const PRECISION_DEPTH: usize = 3;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct JobFile {
    /// The labelled-resume file whose resumes are the candidates.
    candidates: PathBuf,
    /// rolematch's nDCG@5 when the grades were last reviewed; CI guards it.
    recorded_ndcg5: Option<f64>,
    job: Vec<GradedJob>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GradedJob {
    file: PathBuf,
    #[serde(default)]
    best: Vec<PathBuf>,
    #[serde(default)]
    acceptable: Vec<PathBuf>,
}

/// One system's figures over every posting.
#[derive(Debug, Clone, Serialize)]
pub struct JobMetrics {
    pub system: String,
    pub ndcg_at_5: f64,
    pub precision_at_3: f64,
    /// Postings whose first candidate is graded best fit.
    pub best_first: usize,
}

/// One posting's outcome for each system.
#[derive(Debug, Clone, Serialize)]
pub struct JobRow {
    pub file: PathBuf,
    /// Per system (in the report's order): the first three candidates and the nDCG@5.
    pub top: Vec<Vec<PathBuf>>,
    pub ndcg_at_5: Vec<f64>,
}

/// The set's figures: the plain cosine first, rolematch second.
#[derive(Debug, Clone, Serialize)]
pub struct JobsReport {
    pub postings: usize,
    pub candidates: usize,
    pub recorded_ndcg5: Option<f64>,
    pub systems: Vec<JobMetrics>,
    pub rows: Vec<JobRow>,
}

/// Ranks every candidate for every posting of the grades file at `path`, with the plain
/// cosine and with `rank --job`'s scoring.
pub fn run_jobs(
    path: &Path,
    embedder: &dyn Embedder,
    extractor: &SkillExtractor,
) -> Result<JobsReport, EvalError> {
    let grades = read_grades(path)?;
    let base = path.parent().unwrap_or(Path::new("."));
    let labels = base.join(&grades.candidates);
    let labels_dir = grades.candidates.parent().unwrap_or(Path::new(""));
    let candidate_files: Vec<PathBuf> = label_files(&labels)?
        .into_iter()
        .map(|file| labels_dir.join(file))
        .collect();
    let mut documents = Vec::new();
    for file in &candidate_files {
        documents.push(read_document(&base.join(file)).map_err(crate::Error::from)?);
    }
    let mut data = PoolData::empty(embedder.fingerprint(), embedder.dimensions(), "eval");
    for (file, analysis) in candidate_files
        .iter()
        .zip(analyze(embedder, extractor, documents, false)?)
    {
        data.upsert(id_of(file), analysis);
    }
    let pool = LoadedPool::in_memory(data);

    let systems = ["plain cosine (posting · resume)", "rolematch: rank --job"];
    let mut per_system: Vec<Vec<Outcome>> = vec![Vec::new(); 2];
    let mut rows = Vec::new();
    for job in &grades.job {
        let graded = grade_map(path, job, &candidate_files)?;
        let posting = read_document(&base.join(&job.file)).map_err(crate::Error::from)?;
        let rankings = [
            plain_cosine(&pool, &posting, embedder)?,
            rolematch_ranking(&pool, &posting, embedder, extractor)?,
        ];
        let mut row = JobRow {
            file: job.file.clone(),
            top: Vec::new(),
            ndcg_at_5: Vec::new(),
        };
        for (s, ranked) in rankings.into_iter().enumerate() {
            row.top
                .push(ranked.iter().take(3).map(PathBuf::from).collect());
            row.ndcg_at_5.push(ndcg(&ranked, &graded, NDCG_DEPTH));
            per_system[s].push((ranked, graded.clone()));
        }
        rows.push(row);
    }
    Ok(JobsReport {
        postings: grades.job.len(),
        candidates: candidate_files.len(),
        recorded_ndcg5: grades.recorded_ndcg5,
        systems: systems
            .iter()
            .zip(&per_system)
            .map(|(name, results)| summarize(name, results))
            .collect(),
        rows,
    })
}

fn read_grades(path: &Path) -> Result<JobFile, EvalError> {
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let grades: JobFile = toml::from_str(&text).map_err(|e| EvalError::Parse {
        path: path.to_path_buf(),
        line: 0,
        message: e.to_string(),
    })?;
    if grades.job.is_empty() {
        return Err(EvalError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(grades)
}

/// The candidate id of a file: its path as the grades file writes it.
fn id_of(file: &Path) -> String {
    file.to_string_lossy().into_owned()
}

/// Each graded candidate's grade; every name must be one of the candidates.
fn grade_map(path: &Path, job: &GradedJob, candidates: &[PathBuf]) -> Result<Grades, EvalError> {
    let mut graded = HashMap::new();
    for (files, grade) in [(&job.best, 2), (&job.acceptable, 1)] {
        for file in files {
            if !candidates.contains(file) {
                return Err(EvalError::Parse {
                    path: path.to_path_buf(),
                    line: 0,
                    message: format!(
                        "{}: '{}' is not one of the candidates",
                        job.file.display(),
                        file.display()
                    ),
                });
            }
            graded.insert(id_of(file), grade);
        }
    }
    Ok(graded)
}

/// Every candidate by the cosine of the whole posting and the whole resume text, each embedded
/// as it is (the pipeline one would write with the model alone); ties by id.
fn plain_cosine(
    pool: &LoadedPool,
    posting: &Document,
    embedder: &dyn Embedder,
) -> Result<Vec<String>, EvalError> {
    let data = &pool.data;
    let mut texts: Vec<&str> = vec![posting.text()];
    texts.extend(data.candidates().map(|c| c.text.as_str()));
    let vectors: Vec<Vec<f32>> = embedder
        .embed_documents(&texts)?
        .into_iter()
        .map(|e| e.vector)
        .collect();
    let mut scored: Vec<(f32, &str)> = data
        .candidates()
        .zip(&vectors[1..])
        .map(|(c, v)| (dot(&vectors[0], v), c.id.as_str()))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    Ok(scored.into_iter().map(|(_, id)| id.to_string()).collect())
}

/// Every candidate as `rank --job` orders them.
fn rolematch_ranking(
    pool: &LoadedPool,
    posting: &Document,
    embedder: &dyn Embedder,
    extractor: &SkillExtractor,
) -> Result<Vec<String>, EvalError> {
    let role = job_as_role(posting, extractor);
    let vectors = embed_opening(embedder, &role)?;
    let ranked = rank_candidates(
        pool,
        &role,
        &vectors,
        extractor,
        &ScoreWeights::default(),
        pool.data.len(),
        0.0,
    )
    .map_err(crate::Error::from)?;
    Ok(ranked.into_iter().map(|c| c.candidate_id).collect())
}

/// nDCG at `depth` with gain `2^grade − 1` (best fit 3, acceptable 1).
fn ndcg(ranked: &[String], graded: &Grades, depth: usize) -> f64 {
    let gain = |grade: u8| f64::from((1u32 << grade) - 1);
    let discount = |i: usize| 1.0 / (i as f64 + 2.0).log2();
    let dcg: f64 = ranked
        .iter()
        .take(depth)
        .enumerate()
        .map(|(i, id)| gain(graded.get(id).copied().unwrap_or(0)) * discount(i))
        .sum();
    let mut ideal_grades: Vec<u8> = graded.values().copied().collect();
    ideal_grades.sort_unstable_by(|a, b| b.cmp(a));
    let ideal: f64 = ideal_grades
        .into_iter()
        .take(depth)
        .enumerate()
        .map(|(i, g)| gain(g) * discount(i))
        .sum();
    if ideal > 0.0 {
        dcg / ideal
    } else {
        0.0
    }
}

fn summarize(system: &str, results: &[Outcome]) -> JobMetrics {
    let n = results.len().max(1) as f64;
    let precision = |(ranked, graded): &Outcome| {
        ranked
            .iter()
            .take(PRECISION_DEPTH)
            .filter(|id| graded.get(*id).is_some_and(|g| *g > 0))
            .count() as f64
            / PRECISION_DEPTH as f64
    };
    JobMetrics {
        system: system.to_string(),
        ndcg_at_5: results
            .iter()
            .map(|(r, g)| ndcg(r, g, NDCG_DEPTH))
            .sum::<f64>()
            / n,
        precision_at_3: results.iter().map(precision).sum::<f64>() / n,
        best_first: results
            .iter()
            .filter(|(r, g)| r.first().and_then(|id| g.get(id)) == Some(&2))
            .count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grades(pairs: &[(&str, u8)]) -> Grades {
        pairs.iter().map(|(id, g)| (id.to_string(), *g)).collect()
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn ndcg_is_one_for_the_ideal_order_and_weighs_best_fits_above_acceptable_ones() {
        let g = grades(&[("a", 2), ("b", 1)]);
        assert!((ndcg(&ids(&["a", "b", "c"]), &g, 5) - 1.0).abs() < 1e-12);
        let swapped = ndcg(&ids(&["b", "a", "c"]), &g, 5);
        let best_late = ndcg(&ids(&["c", "b", "a"]), &g, 5);
        assert!(
            swapped < 1.0 && best_late < swapped,
            "{swapped} {best_late}"
        );
        assert_eq!(ndcg(&ids(&["c", "d"]), &g, 5), 0.0);
        // Beyond the depth nothing counts.
        assert_eq!(ndcg(&ids(&["c", "d", "e", "f", "g", "a"]), &g, 5), 0.0);
    }

    #[test]
    fn precision_and_best_first_count_what_they_say() {
        let results = vec![
            (ids(&["a", "x", "b"]), grades(&[("a", 2), ("b", 1)])),
            (ids(&["y", "a", "z"]), grades(&[("a", 1)])),
        ];
        let m = summarize("s", &results);
        assert!((m.precision_at_3 - (2.0 / 3.0 + 1.0 / 3.0) / 2.0).abs() < 1e-12);
        assert_eq!(m.best_first, 1);
    }
}
