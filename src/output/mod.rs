//! Presenting results: a table for people, JSON for scripts.

mod table;

pub use table::{render_match_table, render_skills_table};

use std::path::PathBuf;

use serde::Serialize;

use crate::matcher::ResumeReport;

/// Output formats of `rolematch match`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}

/// A file that could not be processed, and why.
#[derive(Debug, Clone, Serialize)]
pub struct FileError {
    pub file: PathBuf,
    pub error: String,
}

/// Everything one `match` run produced, as written in JSON.
#[derive(Debug, Serialize)]
pub struct MatchRun<'a> {
    pub rolematch_version: &'static str,
    pub model: &'a str,
    pub catalog_version: &'a str,
    pub results: &'a [ResumeReport],
    pub errors: &'a [FileError],
}

/// The run as pretty-printed JSON.
pub fn render_match_json(run: &MatchRun<'_>) -> String {
    serde_json::to_string_pretty(run).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
