//! Reading a bias audit's inputs: rankings written by `rank --format json` (a file or a folder
//! of them) and the voluntary self-identification CSV, with errors that name the file and line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};
use thiserror::Error;

/// What can be wrong with a bias audit's inputs.
#[derive(Debug, Error)]
pub enum InputError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: not a `rank --format json` output: {reason}", .path.display())]
    NotRanking { path: PathBuf, reason: String },
    #[error("{}: no ranking (.json) in this folder", .path.display())]
    NoRankings { path: PathBuf },
    #[error("{}: no column `{column}` (the header needs candidate_id, sex and race_ethnicity)", .path.display())]
    MissingColumn { path: PathBuf, column: &'static str },
    #[error("{}: line {line}: {reason}", .path.display())]
    BadRow {
        path: PathBuf,
        line: u64,
        reason: String,
    },
    #[error("{}: line {line}: candidate '{id}' appears twice (first on line {first})", .path.display())]
    DuplicateId {
        path: PathBuf,
        line: u64,
        id: String,
        first: u64,
    },
    #[error("{}: two rows name candidate '{id}' (one by its file, one by its id?); keep one", .path.display())]
    SamePersonTwice { path: PathBuf, id: String },
    #[error("{}: line {line}: candidate '{id}' is in no ranking given", .path.display())]
    UnknownId {
        path: PathBuf,
        line: u64,
        id: String,
    },
}

/// A file read, with its sha256, so the report names exactly what it was computed from.
#[derive(Debug, Clone, Serialize)]
pub struct InputFile {
    pub path: String,
    pub sha256: String,
}

fn input_file(path: &Path, bytes: &[u8]) -> InputFile {
    InputFile {
        path: path.display().to_string(),
        sha256: format!("{:x}", Sha256::digest(bytes)),
    }
}

/// One ranking: its candidates, best first, with their scores.
#[derive(Debug, Clone)]
pub struct Ranking {
    pub file: InputFile,
    pub model: String,
    pub catalog_version: String,
    pub role_id: String,
    pub blind: bool,
    pub candidates: Vec<(String, f64)>,
}

/// The rankings in `path`: one file, or every `.json` file of a folder (sorted by name).
pub fn read_rankings(path: &Path) -> Result<Vec<Ranking>, InputError> {
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| InputError::Io { path: p, source }
    };
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(io(path))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json") && p.is_file())
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(InputError::NoRankings {
                path: path.to_path_buf(),
            });
        }
        files.iter().map(|f| read_ranking(f)).collect()
    } else {
        Ok(vec![read_ranking(path)?])
    }
}

fn read_ranking(path: &Path) -> Result<Ranking, InputError> {
    let bytes = std::fs::read(path).map_err(|source| InputError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let not = |reason: String| InputError::NotRanking {
        path: path.to_path_buf(),
        reason,
    };
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| not(e.to_string()))?;
    let text = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let candidates = value
        .get("candidates")
        .and_then(|c| c.as_array())
        .ok_or_else(|| not("no `candidates` list".into()))?
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let id = c.get("candidate_id").and_then(|v| v.as_str());
            let score = c.get("score").and_then(|v| v.as_f64());
            match (id, score) {
                (Some(id), Some(score)) => Ok((id.to_string(), score)),
                _ => Err(not(format!(
                    "candidate {} has no `candidate_id` or `score`",
                    i + 1
                ))),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Ranking {
        file: input_file(path, &bytes),
        model: text("model").unwrap_or_default(),
        catalog_version: text("catalog_version").unwrap_or_default(),
        role_id: text("role_id").ok_or_else(|| not("no `role_id`".into()))?,
        blind: value
            .get("blind")
            .and_then(|b| b.as_bool())
            .unwrap_or(false),
        candidates,
    })
}

/// A person's voluntary self-identification; `None` is an unknown category.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub sex: Option<String>,
    pub race_ethnicity: Option<String>,
}

/// Answers that mean "not known".
const UNKNOWN: &[&str] = &[
    "",
    "unknown",
    "not known",
    "prefer not to say",
    "prefer not to answer",
    "declined",
    "declined to answer",
    "not disclosed",
    "undisclosed",
    "n/a",
    "na",
];

fn category(value: &str) -> Option<String> {
    let trimmed = value.trim();
    (!UNKNOWN.contains(&trimmed.to_lowercase().as_str())).then(|| trimmed.to_string())
}

/// The demographics CSV: `candidate_id`, `sex` and `race_ethnicity` columns (any order, any
/// other columns ignored). Every id must be one of `known_ids`, and appear once.
pub fn read_demographics(
    path: &Path,
    known_ids: &dyn Fn(&str) -> bool,
) -> Result<(InputFile, HashMap<String, Identity>), InputError> {
    let (bytes, mut reader, [id_at, sex_at, race_at]) =
        open_csv(path, ["candidate_id", "sex", "race_ethnicity"])?;
    let bad_row = |line: u64, reason: String| InputError::BadRow {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let mut people = HashMap::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for row in reader.records() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            bad_row(line, e.to_string())
        })?;
        let line = row.position().map_or(0, |p| p.line());
        let id = row.get(id_at).unwrap_or("").trim().to_string();
        if id.is_empty() {
            return Err(bad_row(line, "empty candidate_id".into()));
        }
        if let Some(&first) = first_line.get(&id) {
            return Err(InputError::DuplicateId {
                path: path.to_path_buf(),
                line,
                id,
                first,
            });
        }
        if !known_ids(&id) {
            return Err(InputError::UnknownId {
                path: path.to_path_buf(),
                line,
                id,
            });
        }
        first_line.insert(id.clone(), line);
        people.insert(
            id,
            Identity {
                sex: category(row.get(sex_at).unwrap_or("")),
                race_ethnicity: category(row.get(race_at).unwrap_or("")),
            },
        );
    }
    Ok((input_file(path, &bytes), people))
}

/// The `candidate_id,file` CSV that `rolematch pool reveal --format csv` writes for a blind
/// pool: each file's id (as a demographics CSV keyed by file names has it) mapped to its
/// pseudonym. A file is given under its path as written and under its bare file name.
pub fn read_id_map(path: &Path) -> Result<(InputFile, HashMap<String, String>), InputError> {
    let (bytes, mut reader, [id_at, file_at]) = open_csv(path, ["candidate_id", "file"])?;
    let bad_row = |line: u64, reason: String| InputError::BadRow {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let mut map = HashMap::new();
    // A bare file name that two files share (in different folders) names neither.
    let mut by_name: HashMap<String, Option<String>> = HashMap::new();
    for row in reader.records() {
        let row = row.map_err(|e| bad_row(e.position().map_or(0, |p| p.line()), e.to_string()))?;
        let (id, file) = (
            row.get(id_at).unwrap_or("").trim(),
            row.get(file_at).unwrap_or("").trim(),
        );
        if id.is_empty() || file.is_empty() {
            continue;
        }
        if let Some(name) = Path::new(file).file_name() {
            by_name
                .entry(name.to_string_lossy().into_owned())
                .and_modify(|known| {
                    if known.as_deref() != Some(id) {
                        *known = None;
                    }
                })
                .or_insert_with(|| Some(id.to_string()));
        }
        map.insert(file.to_string(), id.to_string());
    }
    for (name, id) in by_name {
        if let Some(id) = id {
            map.entry(name).or_insert(id);
        }
    }
    Ok((input_file(path, &bytes), map))
}

/// A CSV file read whole: its bytes (for the report's sha256), a reader over its rows, and the
/// position of each of `columns` (found by header, case and surrounding spaces aside).
#[allow(clippy::type_complexity)]
fn open_csv<const N: usize>(
    path: &Path,
    columns: [&'static str; N],
) -> Result<(Vec<u8>, csv::Reader<std::io::Cursor<Vec<u8>>>, [usize; N]), InputError> {
    let bytes = std::fs::read(path).map_err(|source| InputError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes)
        .trim_start_matches('\u{feff}')
        .to_string();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(std::io::Cursor::new(text.into_bytes()));
    let headers = reader
        .headers()
        .map_err(|e| InputError::BadRow {
            path: path.to_path_buf(),
            line: 1,
            reason: e.to_string(),
        })?
        .clone();
    let mut at = [0; N];
    for (slot, name) in at.iter_mut().zip(columns) {
        *slot = headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
            .ok_or(InputError::MissingColumn {
                path: path.to_path_buf(),
                column: name,
            })?;
    }
    Ok((bytes, reader, at))
}
