//! Ranked candidates for one opening: table, JSON and CSV.

use std::fmt::Write;

use serde::Serialize;

use super::table::{write_explanation, EvidenceDetail};
use super::{terminal_safe, write_csv, RunSettings, OVERSIGHT_NOTICE};
use crate::language::Language;
use crate::pathname::path_text;
use crate::rank::CandidateMatch;
#[cfg(test)]
use crate::rank::NOBODY_FITS;
use crate::read::FileError;

/// Everything one `rank` run produced, as written in JSON.
#[derive(Debug, Serialize)]
pub struct RankRun<'a> {
    pub rolematch_version: &'static str,
    pub model: &'a str,
    pub catalog_version: &'a str,
    /// The candidates' identity cues were replaced before they were embedded.
    pub blind: bool,
    pub settings: RunSettings,
    pub oversight: &'static str,
    pub role_id: &'a str,
    pub role_title: &'a str,
    pub pool: &'a str,
    /// The opening this ranking was kept as a run of, when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opening: Option<&'a str>,
    /// The language the opening is written in, when it can be told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opening_language: Option<Language>,
    /// Why no score of this run should be trusted as it stands (an opening in a language the
    /// model does not read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opening_caution: Option<String>,
    /// The opening asks for a protected characteristic or a stand-in for one (a ZIP code, an
    /// age, a photo), which rolematch does not score (see [`crate::proxies`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opening_warning: Option<String>,
    /// No candidate fits well (see [`crate::rank::nobody_fits`]).
    pub nobody_fits: bool,
    /// [`NOBODY_FITS`] when nobody fits, in words for a person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<&'static str>,
    pub candidates: &'a [CandidateMatch],
    pub errors: &'a [FileError],
}

pub fn render_rank_json(run: &RankRun<'_>) -> String {
    serde_json::to_string_pretty(run).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

pub fn render_rank_table(run: &RankRun<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — pool {}{}",
        terminal_safe(run.role_title),
        terminal_safe(run.pool),
        if run.blind { " (blind review)" } else { "" }
    );
    if run.candidates.is_empty() {
        let _ = writeln!(out, "  no candidate scored above the threshold");
        return out;
    }
    if let Some(caution) = &run.opening_caution {
        let _ = writeln!(out, "  caution: {caution}");
    }
    if let Some(warning) = &run.opening_warning {
        let _ = writeln!(out, "  warning: {}", terminal_safe(warning));
    }
    if let Some(verdict) = run.verdict {
        let _ = writeln!(out, "  {verdict}");
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
            terminal_safe(&c.candidate_id),
            format!("{:>3} {}", c.result.match_score, c.result.band),
            c.result.score,
            e.semantic_part,
            e.skill_part
        );
        if let Some(caution) = &c.caution {
            let _ = writeln!(out, "       caution: {caution}");
        }
        if let Some(years) = &c.years {
            let _ = writeln!(out, "       years: {}", years.describe());
        }
        write_explanation(&mut out, e, "       ", EvidenceDetail::Excerpt);
    }
    let _ = writeln!(out, "\n  {OVERSIGHT_NOTICE}");
    out
}

/// Columns of the CSV a ranking is written as.
const CSV_HEADER: [&str; 15] = [
    "rank",
    "candidate_id",
    "file",
    "match_score",
    "band",
    "score",
    "semantic_part",
    "skill_part",
    "shared_skills",
    "missing_core_skills",
    "evidence_lines",
    "blind",
    "years",
    "caution",
    "note",
];

/// One row per candidate; list fields are joined with `; `. Cells that a spreadsheet would
/// run as formulas are defused (see [`super::write_csv`]).
pub fn render_rank_csv(run: &RankRun<'_>) -> String {
    let note = [
        run.opening_caution.as_deref(),
        run.opening_warning.as_deref(),
        run.verdict,
        Some(OVERSIGHT_NOTICE),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    let rows = run.candidates.iter().enumerate().map(|(i, c)| {
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
        vec![
            (i + 1).to_string(),
            c.candidate_id.clone(),
            path_text(&c.file),
            c.result.match_score.to_string(),
            c.result.band.to_string(),
            format!("{:.4}", c.result.score),
            format!("{:.4}", e.semantic_part),
            format!("{:.4}", e.skill_part),
            shared.join("; "),
            missing.join("; "),
            evidence,
            run.blind.to_string(),
            c.years.as_ref().map(|y| y.describe()).unwrap_or_default(),
            c.caution.clone().unwrap_or_default(),
            note.clone(),
        ]
    });
    write_csv(&CSV_HEADER, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::score::{Band, Explanation, Match};

    #[test]
    fn csv_rows_are_quoted_and_formula_ids_defused() {
        let candidate = CandidateMatch {
            candidate_id: "=HYPERLINK(1).md".into(),
            file: "pool/=HYPERLINK(1).md".into(),
            language: None,
            caution: None,
            years: None,
            result: Match {
                role_id: "r".into(),
                role_title: "R".into(),
                score: 0.5,
                match_score: 50,
                band: Band::Weak,
                explanation: Explanation::default(),
            },
        };
        let run = RankRun {
            rolematch_version: "test",
            model: "m",
            catalog_version: "c",
            blind: false,
            settings: RunSettings::of(crate::selection::Selection::new(1, 0.0).unwrap()),
            oversight: OVERSIGHT_NOTICE,
            role_id: "r",
            role_title: "Role, \"quoted\"",
            pool: "p",
            opening: None,
            opening_language: None,
            opening_caution: None,
            opening_warning: None,
            nobody_fits: true,
            verdict: Some(NOBODY_FITS),
            candidates: std::slice::from_ref(&candidate),
            errors: &[],
        };
        let csv = render_rank_csv(&run);
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some(CSV_HEADER.join(",").as_str()));
        let row = lines.next().unwrap();
        assert!(
            row.starts_with("1,'=HYPERLINK(1).md,pool/=HYPERLINK(1).md,50,"),
            "{row}"
        );
        assert!(
            row.contains("No candidate shown fits this opening well"),
            "{row}"
        );
        assert!(render_rank_table(&run).contains(NOBODY_FITS));
        assert!(render_rank_json(&run).contains("\"verdict\""));
        let fits = RankRun {
            nobody_fits: false,
            verdict: None,
            opening_caution: None,
            opening_warning: None,
            ..run
        };
        assert!(!render_rank_table(&fits).contains(NOBODY_FITS));
        assert!(!render_rank_json(&fits).contains("\"verdict\""));
        let table = render_rank_table(&RankRun {
            pool: "p\u{1b}[2J",
            ..fits
        });
        assert!(!table.contains('\u{1b}'), "{table}");
    }
}
