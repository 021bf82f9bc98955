//! Openings and decisions through the workspace: what an opening ranks for, saving a run in
//! its history, a reviewer's decision (recorded in the audit log first, then kept by the pool
//! store), and reading both back.

use std::time::Duration;

use super::{AppError, Opening, Ranking, Workspace};
use crate::audit::{Event, Ranked, Subject};
use crate::catalog::Role;
use crate::pool::openings::{
    Decision, OpeningRecord, OpeningRun, OpeningSettings, RunCandidate, Target, Verdict,
};
use crate::pool::PoolError;
use crate::rank::job_as_role;
use crate::read::document_from_text;

/// The longest reason, reason code and notes a decision keeps (the whole book is rewritten on
/// every change).
const MAX_REASON: usize = 2_000;
const MAX_CODE: usize = 100;
const MAX_NOTES: usize = 4_000;

/// How long a change to a pool's openings waits for another writer.
const OPENINGS_WAIT: Duration = Duration::from_secs(30);

/// A reviewer's decision, asked for.
#[derive(Debug, Clone)]
pub struct DecisionRequest {
    pub pool: String,
    pub opening: String,
    /// The candidate's id in the pool (in a blind pool, its pseudonym or its file's id).
    pub candidate_id: String,
    pub decision: Verdict,
    pub reason: String,
    pub reason_code: Option<String>,
    pub notes: Option<String>,
}

impl Workspace {
    /// The openings of the pool `pool`, each with its history of runs.
    pub fn openings(&self, pool: &str) -> Result<Vec<OpeningRecord>, AppError> {
        self.check_pool_name(pool)?;
        Ok(self
            .pools
            .openings(pool)
            .map_err(crate::Error::from)?
            .openings)
    }

    /// The opening `name` of the pool `pool`.
    pub fn opening(&self, pool: &str, name: &str) -> Result<OpeningRecord, AppError> {
        self.openings(pool)?
            .into_iter()
            .find(|o| o.name == name)
            .ok_or_else(|| no_opening(pool, name))
    }

    /// The decisions on the pool's candidates, of one opening or all, oldest first: a changed
    /// decision is a later one for the same candidate.
    pub fn decisions(&self, pool: &str, opening: Option<&str>) -> Result<Vec<Decision>, AppError> {
        self.check_pool_name(pool)?;
        let book = self.pools.openings(pool).map_err(crate::Error::from)?;
        if let Some(name) = opening {
            if !book.openings.iter().any(|o| o.name == name) {
                return Err(no_opening(pool, name));
            }
        }
        Ok(book.decisions_of(opening))
    }

    /// Records a reviewer's decision on a candidate of an opening, with the score and band
    /// of the opening's latest run (what the reviewer saw) and whether it goes against the
    /// ranking. The audit record comes first, so no decision is kept unrecorded.
    pub fn decide(&self, request: DecisionRequest) -> Result<Decision, AppError> {
        if request.reason.trim().is_empty() {
            return Err(AppError::Request(
                "a decision needs a reason: say why, in words the candidate could read".into(),
            ));
        }
        let long = |text: &Option<String>, most: usize| {
            text.as_ref().is_some_and(|t| t.chars().count() > most)
        };
        if request.reason.chars().count() > MAX_REASON
            || long(&request.reason_code, MAX_CODE)
            || long(&request.notes, MAX_NOTES)
        {
            return Err(AppError::Request(format!(
                "a reason is at most {MAX_REASON} characters, a code {MAX_CODE} and notes \
                 {MAX_NOTES}: keep the rest in your own files"
            )));
        }
        let opening = self.opening(&request.pool, &request.opening)?;
        let latest = opening.latest().ok_or_else(|| {
            AppError::Request(format!("opening '{}' has never run", opening.name))
        })?;
        // By the id the ranking shows (in a blind pool, the pseudonym): a file's name would
        // link a person to a pseudonym without the record `pool reveal` keeps.
        let seen = latest
            .candidates
            .iter()
            .find(|c| c.candidate_id == request.candidate_id)
            .ok_or_else(|| {
                AppError::Request(format!(
                    "candidate '{}' was not ranked in the latest run of opening '{}': decide on a \
                     candidate the opening shows, or run it again",
                    request.candidate_id, opening.name
                ))
            })?;
        let overrides_ranking = match request.decision {
            Verdict::Reject => seen.band == "strong",
            Verdict::Advance => seen.band == "weak",
            Verdict::Hold => false,
        };
        let decision = Decision {
            opening: opening.name.clone(),
            candidate_id: seen.candidate_id.clone(),
            content_hash: seen.content_hash.clone(),
            at: crate::audit::utc_now(),
            by: self.config.actor.clone(),
            decision: request.decision,
            reason: request.reason.trim().to_string(),
            reason_code: request.reason_code.filter(|c| !c.trim().is_empty()),
            notes: request.notes.filter(|n| !n.trim().is_empty()),
            score: seen.score,
            match_score: seen.match_score,
            band: seen.band.clone(),
            overrides_ranking,
        };
        // The model the reviewer's scores came from: the latest run's.
        self.record_decision(&request.pool, &latest.model, &decision)?;
        let kept = decision.clone();
        self.pools
            .change_openings(&request.pool, OPENINGS_WAIT, &mut |book| {
                // Checked again under the store's lock: a candidate forgotten meanwhile is
                // gone from the opening's runs, and gets no decision.
                let still_shown = book
                    .openings
                    .iter()
                    .find(|o| o.name == kept.opening)
                    .and_then(|o| o.latest())
                    .is_some_and(|run| {
                        run.candidates
                            .iter()
                            .any(|c| c.candidate_id == kept.candidate_id)
                    });
                if !still_shown {
                    return Err(PoolError::NotInOpening {
                        candidate: kept.candidate_id.clone(),
                        opening: kept.opening.clone(),
                    });
                }
                book.decisions.push(kept.clone());
                Ok(())
            })
            .map_err(crate::Error::from)?;
        Ok(decision)
    }

    /// The role an opening's target stands for: a catalog role by id, or the posting as kept.
    pub(super) fn role_of(&self, target: &Target) -> Result<Role, AppError> {
        match target {
            Target::Role { id, .. } => self
                .catalog
                .get(id)
                .cloned()
                .ok_or_else(|| AppError::UnknownRole(id.clone())),
            Target::Posting { file, text, .. } => Ok(job_as_role(
                &document_from_text(file, text),
                &self.extractor,
            )),
        }
    }

    /// The role an opening asked for stands for, and the target an opening keeps of it.
    pub(super) fn opening_of(&self, opening: &Opening) -> Result<(Role, Target), AppError> {
        // A posting file is read once: for the role, and for the text the opening keeps.
        let read;
        let opening = match opening {
            Opening::JobFile(path) => {
                read = Opening::Job(self.reader.read(path).map_err(crate::Error::from)?);
                &read
            }
            other => other,
        };
        let role = self.role_for(opening)?;
        let target = match opening {
            Opening::Role(id) => Target::Role {
                id: id.clone(),
                title: role.title.clone(),
            },
            Opening::Job(document) => Target::Posting {
                title: role.title.clone(),
                file: crate::pathname::path_text(document.path()),
                text: document.text().to_string(),
            },
            Opening::JobFile(_) | Opening::Saved(_) => {
                unreachable!("a posting file is read above; a saved opening has its own target")
            }
        };
        Ok((role, target))
    }

    /// Keeps `ranking` as a run of the opening `name` (made from `target` if it is new), and
    /// returns the opening's decisions so far.
    pub(super) fn save_run(
        &self,
        ranking: &Ranking,
        name: &str,
        target: Target,
    ) -> Result<Vec<Decision>, AppError> {
        let now = crate::audit::utc_now();
        let settings = OpeningSettings {
            top_k: ranking.selection.top_k(),
            min_score: ranking.selection.min_score(),
            blind: ranking.blind,
            keep_duplicates: ranking.selection.keeps_duplicates(),
        };
        let run = OpeningRun {
            at: now.clone(),
            by: self.config.actor.clone(),
            model: ranking.model.clone(),
            catalog_version: ranking.catalog_version.clone(),
            settings,
            candidates: ranking
                .candidates
                .iter()
                .zip(&ranking.content_hashes)
                .map(|(c, hash)| RunCandidate {
                    candidate_id: c.candidate_id.clone(),
                    content_hash: hash.clone(),
                    score: c.result.score,
                    match_score: c.result.match_score,
                    band: c.result.band.to_string(),
                })
                .collect(),
        };
        let definition = OpeningRecord {
            name: name.to_string(),
            pool: ranking.pool.clone(),
            target,
            settings,
            created_at: now,
            created_by: self.config.actor.clone(),
            runs: Vec::new(),
        };
        // A candidate forgotten since the ranking was read is not written back.
        let (_, now_in_pool) = self
            .pools
            .summaries(&ranking.pool)
            .map_err(crate::Error::from)?;
        let now_in_pool: std::collections::HashSet<&str> =
            now_in_pool.iter().map(|s| s.id.as_str()).collect();
        let mut run = run;
        run.candidates
            .retain(|c| now_in_pool.contains(c.candidate_id.as_str()));
        let book = self
            .pools
            .change_openings(&ranking.pool, OPENINGS_WAIT, &mut |book| {
                book.save_run(definition.clone(), run.clone());
                Ok(())
            })
            .map_err(crate::Error::from)?;
        Ok(book.decisions_of(Some(name)))
    }

    /// Forgets the candidates `ids` in the openings and decisions of the pool `pool`.
    pub(super) fn forget_in_openings(&self, pool: &str, ids: &[String]) -> Result<(), AppError> {
        self.pools
            .change_openings(pool, OPENINGS_WAIT, &mut |book| {
                book.forget(ids);
                Ok(())
            })
            .map_err(crate::Error::from)?;
        Ok(())
    }

    /// The audit record of a decision: who, when, the opening, the candidate (id and content
    /// hash), the score and band seen, the decision and its reason; no resume text.
    fn record_decision(
        &self,
        pool: &str,
        model: &str,
        decision: &Decision,
    ) -> Result<(), AppError> {
        let Some(log) = &self.config.audit else {
            return Ok(());
        };
        // The reason is the reviewer's own words and may name the person: the log, which
        // outlives `forget`, keeps a hash of it (the store keeps the words).
        let settings = serde_json::json!({
            "decision": decision.decision.as_str(),
            "reason_blake3": crate::pool::content_hash(&decision.reason),
            "reason_code": decision.reason_code,
            "band": decision.band,
            "match_score": decision.match_score,
            "overrides_ranking": decision.overrides_ranking,
        });
        log.append(Event {
            action: "decision".into(),
            who: self.config.actor.clone(),
            pool: Some(pool.to_string()),
            opening: Some(decision.opening.clone()),
            catalog_version: self.catalog.version.clone(),
            model: model.to_string(),
            settings,
            subjects: vec![Subject {
                id: decision.candidate_id.clone(),
                content_hash: decision.content_hash.clone(),
            }],
            ranked: vec![Ranked {
                id: decision.candidate_id.clone(),
                score: decision.score,
            }],
            part: None,
            subject_hashes: None,
        })
        .map_err(AppError::Audit)?;
        Ok(())
    }
}

fn no_opening(pool: &str, name: &str) -> AppError {
    crate::Error::from(PoolError::NoOpening {
        pool: pool.to_string(),
        opening: name.to_string(),
    })
    .into()
}
