//! Reviewers' decisions as CSV, the same from the CLI and the API.

use super::write_csv;
use crate::pool::openings::Decision;

/// Decisions as CSV, one row per decision; cells a spreadsheet would read as formulas are
/// kept as text.
pub fn render_decisions_csv(decisions: &[Decision]) -> String {
    write_csv(
        &[
            "at",
            "opening",
            "candidate_id",
            "decision",
            "reason",
            "reason_code",
            "notes",
            "match_score",
            "band",
            "overrides_ranking",
            "by",
            "content_hash",
        ],
        decisions.iter().map(|d| {
            vec![
                d.at.clone(),
                d.opening.clone(),
                d.candidate_id.clone(),
                d.decision.as_str().to_string(),
                d.reason.clone(),
                d.reason_code.clone().unwrap_or_default(),
                d.notes.clone().unwrap_or_default(),
                d.match_score.to_string(),
                d.band.clone(),
                d.overrides_ranking.to_string(),
                d.by.clone(),
                d.content_hash.clone(),
            ]
        }),
    )
}
