//! Presenting results: tables for people, JSON (and CSV for rankings) for scripts.

mod candidate;
mod decisions;
mod rank;
mod reading;
mod report;
mod safe;
mod table;

pub use candidate::render_candidate_table;
pub use decisions::render_decisions_csv;
pub use rank::{render_rank_csv, render_rank_json, render_rank_table, render_rank_xlsx, RankRun};
pub use reading::{
    render_posting_json, render_posting_text, render_reading_json, render_reading_text, Reading,
};
pub use report::{render_report_html, ReportInput};
pub use safe::{html_escape, spreadsheet_safe, terminal_safe, terminal_safe_lines, write_csv};
pub use table::{render_match_table, render_skills_table, TableDetail};

use serde::Serialize;

use crate::matcher::ResumeReport;
use crate::read::FileError;
use crate::score::ScoreWeights;
use crate::selection::Selection;

/// What every ranked or matched output says about itself: a person decides, the score helps.
pub const OVERSIGHT_NOTICE: &str = "Scores are a screening aid, not a decision: read each \
     explanation, and have a person review every candidate before anyone is turned away.";

/// The settings a run used, so a reviewer can run it again and get the same result.
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
pub struct RunSettings {
    pub top_k: usize,
    pub min_score: f32,
    pub weights: ScoreWeights,
}

impl RunSettings {
    pub fn of(selection: Selection) -> Self {
        RunSettings {
            top_k: selection.top_k(),
            min_score: selection.min_score(),
            weights: ScoreWeights::default(),
        }
    }
}

/// Everything one `match` run produced, as written in JSON.
#[derive(Debug, Serialize)]
pub struct MatchRun<'a> {
    pub rolematch_version: &'static str,
    pub model: &'a str,
    pub catalog_version: &'a str,
    /// Identity cues were replaced before matching (each result says which).
    pub blind: bool,
    pub settings: RunSettings,
    pub oversight: &'static str,
    pub results: &'a [ResumeReport],
    pub errors: &'a [FileError],
}

/// The run as pretty-printed JSON.
pub fn render_match_json(run: &MatchRun<'_>) -> String {
    serde_json::to_string_pretty(run).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::embed::fake::FakeEmbedder;
    use crate::matcher::{Matcher, MatcherOptions};
    use crate::read::document_from_text;
    use crate::skills::{SkillExtractor, Taxonomy};

    /// A fixed resume through the real pipeline with the deterministic fake embedder.
    fn reports() -> Vec<ResumeReport> {
        let taxonomy = Taxonomy::builtin().unwrap();
        let catalog = Catalog::builtin(&taxonomy).unwrap();
        let options = MatcherOptions {
            selection: Selection::new(2, 0.0).unwrap(),
            ..MatcherOptions::default()
        };
        let matcher = Matcher::new(
            Box::new(FakeEmbedder { dimensions: 128 }),
            catalog,
            SkillExtractor::new(taxonomy),
            options,
        )
        .unwrap();
        let doc = document_from_text(
            "cv.md",
            "# Sam Prompt Engineer\n\nVoice agents on Twilio with Whisper ASR and ElevenLabs TTS.\nWebRTC media servers; Python.\n",
        );
        matcher.match_documents(vec![doc]).unwrap()
    }

    #[test]
    fn match_table_snapshot() {
        insta::assert_snapshot!(render_match_table(&reports(), TableDetail::Numbers));
    }

    #[test]
    fn plain_match_table_snapshot() {
        let table = render_match_table(&reports(), TableDetail::Plain);
        assert!(
            !table.contains("(L") && !table.contains("SEMANTIC"),
            "{table}"
        );
        insta::assert_snapshot!(table);
    }

    #[test]
    fn match_json_snapshot() {
        let reports = reports();
        let run = MatchRun {
            rolematch_version: "test",
            model: "fake@0",
            catalog_version: "test",
            blind: false,
            settings: RunSettings::of(Selection::new(2, 0.0).unwrap()),
            oversight: OVERSIGHT_NOTICE,
            results: &reports,
            errors: &[],
        };
        insta::assert_snapshot!(render_match_json(&run));
    }
}
