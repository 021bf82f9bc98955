//! Ranked candidates for one opening: table, JSON and CSV.

use std::fmt::Write;

use serde::Serialize;

use super::table::{write_explanation, EvidenceDetail};
use crate::rank::CandidateMatch;
use crate::read::FileError;

/// Everything one `rank` run produced, as written in JSON.
#[derive(Debug, Serialize)]
pub struct RankRun<'a> {
    pub rolematch_version: &'static str,
    pub model: &'a str,
    pub catalog_version: &'a str,
    pub role_id: &'a str,
    pub role_title: &'a str,
    pub pool: &'a str,
    pub candidates: &'a [CandidateMatch],
    pub errors: &'a [FileError],
}

pub fn render_rank_json(run: &RankRun<'_>) -> String {
    serde_json::to_string_pretty(run).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

pub fn render_rank_table(run: &RankRun<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — pool {}", run.role_title, run.pool);
    if run.candidates.is_empty() {
        let _ = writeln!(out, "  no candidate scored above the threshold");
        return out;
    }
    let _ = writeln!(
        out,
        "  {:>3}  {:<36} {:>12}  {:>6}  {:>8}  {:>6}",
        "#", "CANDIDATE", "MATCH", "SCORE", "SEMANTIC", "SKILLS"
    );
    for (i, c) in run.candidates.iter().enumerate() {
        let e = &c.result.explanation;
        let _ = writeln!(
            out,
            "  {:>3}  {:<36} {:>12}  {:>6.3}  {:>8.3}  {:>6.3}",
            i + 1,
            c.candidate_id,
            format!("{:>3} {}", c.result.match_score, c.result.band),
            c.result.score,
            e.semantic_part,
            e.skill_part
        );
        write_explanation(&mut out, e, "       ", EvidenceDetail::Excerpt);
    }
    out
}

/// One row per candidate; list fields are joined with `; `.
pub fn render_rank_csv(run: &RankRun<'_>) -> String {
    let mut out = String::from("rank,candidate_id,file,match_score,band,score,semantic_part,skill_part,shared_skills,missing_core_skills,evidence_lines\n");
    for (i, c) in run.candidates.iter().enumerate() {
        let e = &c.result.explanation;
        let shared: Vec<&str> = e.shared_skills.iter().map(|s| s.name.as_str()).collect();
        let missing: Vec<&str> = e
            .missing_core_skills
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        let evidence = e
            .evidence
            .as_ref()
            .map(|ev| format!("{}-{}", ev.first_line, ev.last_line))
            .unwrap_or_default();
        let fields = [
            (i + 1).to_string(),
            c.candidate_id.clone(),
            c.file.display().to_string(),
            c.result.match_score.to_string(),
            c.result.band.to_string(),
            format!("{:.4}", c.result.score),
            format!("{:.4}", e.semantic_part),
            format!("{:.4}", e.skill_part),
            shared.join("; "),
            missing.join("; "),
            evidence,
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_fields_with_commas_and_quotes() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
