//! Openings and the reviewers' decisions, kept by the pool store beside the pool they rank:
//! an opening is a ranking saved under a name (what it ranks for, its settings, who made it
//! and when) with the history of its runs; a decision is what a person did with a candidate
//! of an opening (advance, hold or reject, with a reason), and changing it appends a new one,
//! so the history stays. Only ids, hashes, scores and the reviewer's own words are kept here:
//! no resume text.

use serde::{Deserialize, Serialize};

use super::PoolError;

/// What an opening ranks candidates for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// A role of the catalog.
    Role { id: String, title: String },
    /// A job posting, kept as read so that a re-run ranks for the same text.
    Posting {
        title: String,
        file: String,
        text: String,
    },
}

impl Target {
    /// The role's or the posting's title.
    pub fn title(&self) -> &str {
        match self {
            Target::Role { title, .. } | Target::Posting { title, .. } => title,
        }
    }
}

/// The settings an opening ranks with.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OpeningSettings {
    pub top_k: usize,
    pub min_score: f32,
    pub blind: bool,
    /// Near-duplicate resumes are ranked, not set aside (a paired audit).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keep_duplicates: bool,
}

/// One candidate of a run: who, the content it was scored on, and the score shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RunCandidate {
    pub candidate_id: String,
    pub content_hash: String,
    pub score: f32,
    pub match_score: u8,
    #[schema(value_type = crate::score::Band)]
    pub band: String,
}

/// One run of an opening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OpeningRun {
    /// When it ran (UTC, RFC 3339) and who ran it.
    pub at: String,
    pub by: String,
    pub model: String,
    pub catalog_version: String,
    pub settings: OpeningSettings,
    /// The candidates it ranked, best first.
    pub candidates: Vec<RunCandidate>,
}

/// An opening: its name and pool, what it ranks for and how, who made it and when, and every
/// run, oldest first; only ids, hashes and scores, never resume text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct OpeningRecord {
    pub name: String,
    pub pool: String,
    pub target: Target,
    pub settings: OpeningSettings,
    pub created_at: String,
    pub created_by: String,
    pub runs: Vec<OpeningRun>,
}

impl OpeningRecord {
    /// The latest run, the one a reviewer sees.
    pub fn latest(&self) -> Option<&OpeningRun> {
        self.runs.last()
    }
}

/// What a reviewer did with a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Advance,
    Hold,
    Reject,
}

impl Verdict {
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Advance => "advance",
            Verdict::Hold => "hold",
            Verdict::Reject => "reject",
        }
    }
}

impl std::str::FromStr for Verdict {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "advance" => Ok(Verdict::Advance),
            "hold" => Ok(Verdict::Hold),
            "reject" => Ok(Verdict::Reject),
            other => Err(format!(
                "unknown decision '{other}': advance, hold or reject"
            )),
        }
    }
}

/// A reviewer's decision on one candidate of one opening, with what they saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Decision {
    pub opening: String,
    pub candidate_id: String,
    /// The content the candidate was scored on (the pool's content hash).
    pub content_hash: String,
    pub at: String,
    pub by: String,
    pub decision: Verdict,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// The score and band the reviewer saw, from the opening's latest run.
    pub score: f32,
    pub match_score: u8,
    #[schema(value_type = crate::score::Band)]
    pub band: String,
    /// The decision goes against the ranking: a "strong" candidate rejected, or a "weak" one
    /// advanced.
    pub overrides_ranking: bool,
}

/// The openings and decisions of one pool, as a store keeps them (a file on disk, a value in
/// memory).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OpeningsBook {
    pub openings: Vec<OpeningRecord>,
    pub decisions: Vec<Decision>,
}

impl OpeningsBook {
    /// Saves `run` under the opening `definition` names: a new opening is made as it says;
    /// an existing one keeps its history and takes its target and settings.
    pub fn save_run(&mut self, definition: OpeningRecord, run: OpeningRun) {
        match self.openings.iter_mut().find(|o| o.name == definition.name) {
            Some(existing) => {
                existing.target = definition.target;
                existing.settings = definition.settings;
                existing.runs.push(run);
            }
            None => {
                let mut opening = definition;
                opening.runs = vec![run];
                self.openings.push(opening);
                self.openings.sort_by(|a, b| a.name.cmp(&b.name));
            }
        }
    }

    /// The candidates `ids` gone from every opening's runs and every decision.
    pub fn forget(&mut self, ids: &[String]) {
        for opening in &mut self.openings {
            for run in &mut opening.runs {
                run.candidates.retain(|c| !ids.contains(&c.candidate_id));
            }
        }
        self.decisions.retain(|d| !ids.contains(&d.candidate_id));
    }

    /// Removes the runs and decisions made before the date `cutoff` (YYYY-MM-DD); returns how
    /// many of each went. Openings stay, with the runs they have left.
    pub(crate) fn purge_before(&mut self, cutoff: &str) -> (usize, usize) {
        let old = |at: &str| at.get(..10).is_some_and(|date| date < cutoff);
        let mut runs = 0;
        for opening in &mut self.openings {
            let before = opening.runs.len();
            opening.runs.retain(|run| !old(&run.at));
            runs += before - opening.runs.len();
        }
        let before = self.decisions.len();
        self.decisions.retain(|d| !old(&d.at));
        (runs, before - self.decisions.len())
    }

    /// The last time the candidate `id` was ranked in a run or decided on, if ever.
    pub(crate) fn last_use(&self, id: &str) -> Option<&str> {
        let runs = self
            .openings
            .iter()
            .flat_map(|o| &o.runs)
            .filter(|run| run.candidates.iter().any(|c| c.candidate_id == id))
            .map(|run| run.at.as_str());
        let decisions = self
            .decisions
            .iter()
            .filter(|d| d.candidate_id == id)
            .map(|d| d.at.as_str());
        runs.chain(decisions).max()
    }

    /// The decisions of `opening` (all, when `None`), oldest first.
    pub(crate) fn decisions_of(&self, opening: Option<&str>) -> Vec<Decision> {
        self.decisions
            .iter()
            .filter(|d| opening.is_none_or(|o| d.opening == o))
            .cloned()
            .collect()
    }
}

/// An opening name is a plain name, as a pool's is.
pub(crate) fn check_opening_name(name: &str) -> Result<(), PoolError> {
    let ok = !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !name.starts_with('.');
    if ok {
        Ok(())
    } else {
        Err(PoolError::BadOpeningName(name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(ids: &[&str]) -> OpeningRun {
        OpeningRun {
            at: "2026-12-04T00:00:00Z".into(),
            by: "r".into(),
            model: "m".into(),
            catalog_version: "c".into(),
            settings: OpeningSettings {
                keep_duplicates: false,
                top_k: 10,
                min_score: 0.0,
                blind: false,
            },
            candidates: ids
                .iter()
                .map(|id| RunCandidate {
                    candidate_id: id.to_string(),
                    content_hash: "h".into(),
                    score: 0.5,
                    match_score: 50,
                    band: "partial".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn runs_keep_their_history_and_forgetting_leaves_no_trace_of_a_candidate() {
        let definition = OpeningRecord {
            name: "backend-2027".into(),
            pool: "p".into(),
            target: Target::Role {
                id: "llm-engineer".into(),
                title: "LLM Engineer".into(),
            },
            settings: run(&[]).settings,
            created_at: "2026-12-04T00:00:00Z".into(),
            created_by: "r".into(),
            runs: Vec::new(),
        };
        let mut book = OpeningsBook::default();
        book.save_run(definition.clone(), run(&["a.md", "b.md"]));
        book.save_run(definition, run(&["b.md"]));
        assert_eq!(book.openings.len(), 1);
        assert_eq!(book.openings[0].runs.len(), 2);
        assert_eq!(book.openings[0].latest().unwrap().candidates.len(), 1);
        book.decisions.push(Decision {
            opening: "backend-2027".into(),
            candidate_id: "a.md".into(),
            content_hash: "h".into(),
            at: "t".into(),
            by: "r".into(),
            decision: Verdict::Hold,
            reason: "r".into(),
            reason_code: None,
            notes: None,
            score: 0.5,
            match_score: 50,
            band: "partial".into(),
            overrides_ranking: false,
        });
        assert_eq!(book.decisions_of(Some("backend-2027")).len(), 1);
        assert!(book.decisions_of(Some("other")).is_empty());
        book.forget(&["a.md".to_string()]);
        let json = serde_json::to_string(&book).unwrap();
        assert!(!json.contains("a.md"), "{json}");
        assert!(json.contains("b.md"));
    }

    #[test]
    fn opening_names_are_plain_and_verdicts_are_three() {
        assert!(check_opening_name("backend-2027_q1.v2").is_ok());
        for bad in ["", "../x", "a b", ".hidden", "a/b"] {
            assert!(check_opening_name(bad).is_err(), "{bad}");
        }
        assert_eq!("reject".parse::<Verdict>(), Ok(Verdict::Reject));
        assert!("maybe".parse::<Verdict>().is_err());
    }
}
