//! The duties through the workspace: a candidate's explanation for one opening, worked out
//! from the pool's stored copy of their resume and the opening as saved, and the removal of
//! what is past retention.

use std::time::Duration;

use serde::Serialize;

use super::{AppError, Candidates, Opening, RankRequest, Workspace};
use crate::audit::{Event, Subject};
use crate::duties::export::{CandidateRecord, OpeningSeen, RunSeen, SkillFound};
use crate::duties::model_card::{measurements, CardFacts, ModelCard};
use crate::duties::notice::{Jurisdiction, Notice, NoticeFacts};
use crate::duties::retention::{is_before, Retention};
use crate::duties::{CandidateExplanation, ExplanationInput};
use crate::pool::openings::Target;
use crate::pool::LoadedPool;
use crate::pool::QueryModel;
use crate::rank::{embed_opening, rank_candidates};
use crate::score::ScoreWeights;
use crate::selection::Selection;

/// What `purge` found past retention in one pool, and removed unless it was a dry run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PoolPurge {
    pub pool: String,
    /// Candidates added before the cutoff and not ranked or decided on since.
    pub candidates: Vec<String>,
    /// Candidates whose pool was made before rolematch kept the date they were added: left
    /// alone (remove them by id with `forget` when they are past retention).
    pub undated: Vec<String>,
    /// Opening runs and decisions made before the cutoff.
    pub runs: usize,
    pub decisions: usize,
}

/// A candidate's score in an opening before and after their document changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rescored {
    pub opening: String,
    pub candidate_id: String,
    /// In the opening's run before, and in the new run (`None`: not among those it keeps).
    pub before: Option<crate::pool::openings::RunCandidate>,
    pub after: Option<crate::pool::openings::RunCandidate>,
}

/// What `purge` did, or would do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PurgeReport {
    /// Records from before this date (YYYY-MM-DD) are past retention.
    pub before: String,
    pub dry_run: bool,
    pub pools: Vec<PoolPurge>,
    /// Records of the audit log from before the cutoff: kept (see docs/duties.md).
    pub audit_records_before: usize,
}

impl Workspace {
    /// Runs again, as saved, every opening of pool `pool` that has considered one of `ids`
    /// (candidates whose document was just corrected): any run ranked them or a reviewer
    /// decided on them. Returns each one's score before (in the latest run that showed them)
    /// and after. The earlier runs stay in the opening's history, so both are kept.
    pub fn rescore_openings(&self, pool: &str, ids: &[String]) -> Result<Vec<Rescored>, AppError> {
        let mut rescored = Vec::new();
        let decisions = self.decisions(pool, None)?;
        for opening in self.openings(pool)? {
            let in_run = |id: &String| {
                opening.runs.iter().rev().find_map(|run| {
                    run.candidates
                        .iter()
                        .find(|c| &c.candidate_id == id)
                        .cloned()
                })
            };
            let decided = |id: &String| {
                decisions
                    .iter()
                    .any(|d| d.opening == opening.name && &d.candidate_id == id)
            };
            let concerned: Vec<(&String, Option<crate::pool::openings::RunCandidate>)> = ids
                .iter()
                .map(|id| (id, in_run(id)))
                .filter(|(id, before)| before.is_some() || decided(id))
                .collect();
            if concerned.is_empty() {
                continue;
            }
            let ranking = self.rank(RankRequest {
                opening: Opening::Saved(opening.name.clone()),
                candidates: Candidates::Pool(pool.to_string()),
                selection: Selection::rank_default(),
                blind: false,
                save_as: None,
            })?;
            let after = self.opening(pool, &opening.name)?;
            let after = after
                .latest()
                .map(|run| run.candidates.clone())
                .unwrap_or_default();
            debug_assert_eq!(after.len(), ranking.candidates.len());
            for (id, before) in concerned {
                rescored.push(Rescored {
                    opening: opening.name.clone(),
                    candidate_id: id.clone(),
                    before,
                    after: after.iter().find(|c| &c.candidate_id == id).cloned(),
                });
            }
        }
        Ok(rescored)
    }

    /// The instructions for use: this build's versions and settings, and the measurements of
    /// its quality (this installation's where it made some, the release's otherwise).
    pub fn model_card(&self) -> Result<ModelCard, AppError> {
        let home = &self.config.home;
        let retention = Retention::of_home(home).map_err(|e| AppError::Request(e.to_string()))?;
        let taxonomy = self.extractor.taxonomy();
        let mut skill_fields: Vec<String> = taxonomy
            .skills()
            .iter()
            .map(|s| s.category.clone())
            .collect();
        skill_fields.sort();
        skill_fields.dedup();
        let facts = CardFacts {
            version: env!("CARGO_PKG_VERSION").to_string(),
            model: self.engine()?.embedder().fingerprint().to_string(),
            catalog_version: self.catalog.version.clone(),
            roles: self.catalog.roles.len(),
            taxonomy_version: taxonomy.version.clone(),
            skills: taxonomy.len(),
            skill_fields,
            calibration: crate::score::Calibration::builtin().clone(),
            weights: ScoreWeights::default(),
            retention_years: retention.years,
        };
        Ok(ModelCard {
            facts,
            measurements: measurements(home).map_err(AppError::Request)?,
            made_at: crate::audit::utc_now(),
        })
    }

    /// The notice `jurisdiction`'s rule asks for, before the opening `opening` of pool `pool`
    /// is used: what it assesses (its requirements and skills), the data kept and for how
    /// long (the home's retention setting), with blanks for what only the employer knows.
    pub fn notice(
        &self,
        jurisdiction: Jurisdiction,
        pool: &str,
        opening: &str,
    ) -> Result<Notice, AppError> {
        let record = self.opening(pool, opening)?;
        let role = self.role_of(&record.target)?;
        let retention =
            Retention::of_home(&self.config.home).map_err(|e| AppError::Request(e.to_string()))?;
        let (meta, _) = self.pools.summaries(pool).map_err(crate::Error::from)?;
        let taxonomy = self.extractor.taxonomy();
        let names = |ids: &[&String]| -> Vec<String> {
            ids.iter()
                .map(|id| {
                    taxonomy
                        .get(id)
                        .map_or_else(|| id.to_string(), |s| s.name.clone())
                })
                .collect()
        };
        let mut requirements: Vec<String> = role.requirements.clone();
        requirements.extend(role.preferred.iter().map(|p| format!("{p} (preferred)")));
        if requirements.is_empty() {
            requirements.push(role.description.clone());
        }
        let welcome: Vec<&String> = role.supporting_skills.iter().chain(&role.tools).collect();
        Ok(Notice::new(
            jurisdiction,
            NoticeFacts {
                opening_title: role.title.clone(),
                requirements,
                skills_needed: names(&role.core_skills.iter().collect::<Vec<_>>()),
                skills_welcome: names(&welcome),
                years_asked: role.years_asked.clone(),
                blind: record.settings.blind,
                retention_years: retention.years,
                version: env!("CARGO_PKG_VERSION").to_string(),
                model: meta.model.split('@').next().unwrap_or_default().to_string(),
            },
        ))
    }

    /// Removes, from every pool of the store (or only the pool `only`), what is past retention: candidates added before
    /// `before` (YYYY-MM-DD) and not ranked or decided on since, with their text, vectors,
    /// runs and decisions; and every opening run and decision made before it. With `dry_run`,
    /// only says what would go. Each removal is recorded in the audit log (ids and content
    /// hashes), and so is the purge.
    pub fn purge(
        &self,
        before: &str,
        only: Option<&str>,
        dry_run: bool,
        wait: Duration,
    ) -> Result<PurgeReport, AppError> {
        let names = match only {
            Some(name) => {
                self.check_pool_name(name)?;
                self.pools.stats(name).map_err(crate::Error::from)?;
                vec![name.to_string()]
            }
            None => self.pool_names()?,
        };
        let mut pools = Vec::new();
        for name in names {
            let (_, summaries) = self.pools.summaries(&name).map_err(crate::Error::from)?;
            let ids: Vec<String> = summaries.into_iter().map(|s| s.id).collect();
            let data = self
                .pools
                .candidates(&name, &ids)
                .map_err(crate::Error::from)?;
            let book = self.pools.openings(&name).map_err(crate::Error::from)?;
            let mut purge = PoolPurge {
                pool: name.clone(),
                candidates: Vec::new(),
                undated: Vec::new(),
                runs: 0,
                decisions: 0,
            };
            for candidate in data.candidates() {
                let used_since = book
                    .last_use(&candidate.id)
                    .is_some_and(|at| !is_before(at, before));
                match &candidate.added_at {
                    None => purge.undated.push(candidate.id.clone()),
                    Some(added) if is_before(added, before) && !used_since => {
                        purge.candidates.push(candidate.id.clone())
                    }
                    Some(_) => {}
                }
            }
            purge.candidates.sort();
            purge.undated.sort();
            let mut counted = book.clone();
            (purge.runs, purge.decisions) = counted.purge_before(before);
            if !dry_run {
                if !purge.candidates.is_empty() {
                    self.remove(&name, &purge.candidates, wait)?;
                }
                if purge.runs + purge.decisions > 0 {
                    self.pools
                        .change_openings(&name, wait, &mut |book| {
                            book.purge_before(before);
                            Ok(())
                        })
                        .map_err(crate::Error::from)?;
                }
            }
            pools.push(purge);
        }
        let audit_records_before = match &self.config.audit {
            Some(log) => log
                .records(None, None)
                .map_err(AppError::Audit)?
                .iter()
                .filter(|r| is_before(&r.time, before))
                .count(),
            None => 0,
        };
        let report = PurgeReport {
            before: before.to_string(),
            dry_run,
            pools,
            audit_records_before,
        };
        if !dry_run {
            self.record_purge(&report)?;
        }
        Ok(report)
    }

    /// The audit record of a purge: the cutoff and how much went from each pool (the removed
    /// candidates have their own `pool.remove` records, with ids and hashes).
    fn record_purge(&self, report: &PurgeReport) -> Result<(), AppError> {
        let Some(log) = &self.config.audit else {
            return Ok(());
        };
        let pools: Vec<serde_json::Value> = report
            .pools
            .iter()
            .map(|p| {
                serde_json::json!({
                    "pool": p.pool,
                    "candidates": p.candidates.len(),
                    "runs": p.runs,
                    "decisions": p.decisions,
                })
            })
            .collect();
        log.append(Event {
            action: "purge".into(),
            who: self.config.actor.clone(),
            pool: None,
            opening: None,
            catalog_version: self.catalog.version.clone(),
            model: String::new(),
            settings: serde_json::json!({ "before": report.before, "pools": pools }),
            subjects: Vec::new(),
            ranked: Vec::new(),
            part: None,
            subject_hashes: None,
        })
        .map_err(AppError::Audit)?;
        Ok(())
    }

    /// Explains to candidate `candidate_id` (the id the opening's ranking shows) how the
    /// opening `opening` of pool `pool` assessed them: scored again now, as the opening ranks,
    /// beside the score a reviewer saw, with the decisions on them. Recorded in the audit log
    /// (ids and hashes only).
    pub fn explain(
        &self,
        pool: &str,
        opening: &str,
        candidate_id: &str,
    ) -> Result<CandidateExplanation, AppError> {
        let record = self.opening(pool, opening)?;
        let role = self.role_of(&record.target)?;
        let data = self
            .pools
            .candidates(pool, &[candidate_id.to_string()])
            .map_err(crate::Error::from)?;
        let Some(candidate) = data.candidates().next().cloned() else {
            return Err(AppError::UnknownCandidate {
                pool: pool.to_string(),
                id: candidate_id.to_string(),
                hint: "give the id the opening's ranking shows (`rolematch openings --pool NAME`)",
            });
        };
        let embedder = self.engine()?.embedder();
        let model = QueryModel {
            fingerprint: embedder.fingerprint(),
            dimensions: embedder.dimensions(),
        };
        crate::pool::check_model(pool, data.meta(), model.fingerprint, model.dimensions)
            .map_err(crate::Error::from)?;
        let blind = data.meta().blind;
        let vectors =
            embed_opening(embedder, &role).map_err(|e| AppError::from(crate::Error::from(e)))?;
        let scored = rank_candidates(
            &LoadedPool::in_memory(data),
            &role,
            &vectors,
            &self.extractor,
            &ScoreWeights::default(),
            1,
            0.0,
        )
        .map_err(crate::Error::from)?
        .into_iter()
        .next()
        .ok_or_else(|| {
            AppError::Request(format!("candidate '{candidate_id}' could not be scored"))
        })?;
        // The latest run that ranked the candidate: what a reviewer saw.
        let seen = record.runs.iter().rev().find_map(|run| {
            run.candidates
                .iter()
                .find(|c| c.candidate_id == candidate_id)
                .map(|c| (run.at.as_str(), c))
        });
        let decisions = self.decisions(pool, Some(opening))?;
        let document = crate::candidate::document_of(&candidate);
        let explanation = CandidateExplanation::new(ExplanationInput {
            pool,
            opening,
            role: &role,
            opening_is_posting: matches!(record.target, Target::Posting { .. }),
            blind,
            document: &document,
            scored: &scored,
            ranked_at: seen.map(|(at, _)| at),
            seen: seen.map(|(_, c)| c),
            content_hash: &candidate.content_hash,
            decisions: &decisions,
            extractor: &self.extractor,
            made_at: crate::audit::utc_now(),
        });
        self.record_disclosure(
            "explain",
            pool,
            opening,
            &candidate.id,
            &candidate.content_hash,
        )?;
        Ok(explanation)
    }

    /// Everything held about the candidate `candidate_id` of pool `pool` (in a blind pool,
    /// their pseudonym or their file's id), for their access request: the text as read and
    /// what was found in it, every opening run that ranked them, every decision with its
    /// notes, and the audit records that name them. Recorded in the audit log.
    pub fn export_candidate(
        &self,
        pool: &str,
        candidate_id: &str,
    ) -> Result<CandidateRecord, AppError> {
        self.check_pool_name(pool)?;
        let (meta, summaries) = self.pools.summaries(pool).map_err(crate::Error::from)?;
        // An access request comes by name: in a blind pool the file's id is turned into the
        // pseudonym the pool knows the candidate by.
        // That links a name to a pseudonym, as `pool reveal` does, so it is allowed only
        // while the audit log records it (the export's own record names the pseudonym).
        let id = match &meta.pseudonyms {
            // An id shaped like a pseudonym that the pool does not hold is a mistyped
            // pseudonym, not a file's id: it is reported as unknown below.
            Some(_) if looks_like_pseudonym(candidate_id) => candidate_id.to_string(),
            Some(key) if !summaries.iter().any(|s| s.id == candidate_id) => {
                if self.config.audit.is_none() {
                    return Err(AppError::RevealNeedsAuditLog);
                }
                key.pseudonym(candidate_id)
            }
            _ => candidate_id.to_string(),
        };
        let data = self
            .pools
            .candidates(pool, std::slice::from_ref(&id))
            .map_err(crate::Error::from)?;
        let Some(candidate) = data.into_candidates().next() else {
            return Err(AppError::UnknownCandidate {
                pool: pool.to_string(),
                id: candidate_id.to_string(),
                hint: "see the ids with `rolematch pool list --pool NAME`",
            });
        };
        let book = self.pools.openings(pool).map_err(crate::Error::from)?;
        let openings = book
            .openings
            .iter()
            .filter_map(|o| {
                let runs: Vec<RunSeen> = o
                    .runs
                    .iter()
                    .filter_map(|run| {
                        let place = run.candidates.iter().position(|c| c.candidate_id == id)?;
                        let c = &run.candidates[place];
                        Some(RunSeen {
                            at: run.at.clone(),
                            by: run.by.clone(),
                            place: place + 1,
                            ranked: run.candidates.len(),
                            score: c.score,
                            match_score: c.match_score,
                            band: c.band.clone(),
                            content_hash: c.content_hash.clone(),
                        })
                    })
                    .collect();
                (!runs.is_empty()).then(|| OpeningSeen {
                    opening: o.name.clone(),
                    title: o.target.title().to_string(),
                    runs,
                })
            })
            .collect();
        let decisions = book
            .decisions
            .iter()
            .filter(|d| d.candidate_id == id)
            .cloned()
            .collect();
        let audit_records = match &self.config.audit {
            Some(log) => log
                .records(None, None)
                .map_err(AppError::Audit)?
                .iter()
                .filter(|r| {
                    // An id names a file of this pool only: another pool's `cv.pdf` is
                    // somebody else. The content hash is this document wherever it went.
                    let this_pool = r.event.pool.as_deref() == Some(pool);
                    r.event.subjects.iter().any(|s| {
                        s.content_hash == candidate.content_hash || (this_pool && s.id == id)
                    }) || (this_pool && r.event.ranked.iter().any(|r| r.id == id))
                })
                .map(|r| r.seq)
                .collect(),
            None => Vec::new(),
        };
        let document = crate::candidate::document_of(&candidate);
        let taxonomy = self.extractor.taxonomy();
        let findings = candidate
            .findings
            .clone()
            .current_or_of(&document, &self.extractor);
        let skills = findings
            .skills
            .lines_by_skill()
            .into_iter()
            .map(|(id, lines)| SkillFound {
                name: taxonomy
                    .get(id)
                    .map_or_else(|| id.to_string(), |s| s.name.clone()),
                lines,
            })
            .collect();
        let record = CandidateRecord {
            pool: pool.to_string(),
            candidate_id: id.clone(),
            file: crate::pathname::path_text(&candidate.file),
            content_hash: candidate.content_hash.clone(),
            added_at: candidate.added_at.clone(),
            blind: meta.blind,
            made_at: crate::audit::utc_now(),
            sections: document.sections().to_vec(),
            profile: crate::profile::profile(&document),
            experience: findings.experience.clone(),
            skills,
            set_aside_lines: findings.set_aside.iter().copied().collect(),
            openings,
            decisions,
            audit_records,
            text: candidate.text,
        };
        self.record_disclosure(
            "export",
            pool,
            "",
            &record.candidate_id,
            &record.content_hash,
        )?;
        Ok(record)
    }

    /// The audit record of what was disclosed about one candidate: the action, the pool and
    /// opening, and the candidate by id and content hash.
    pub(super) fn record_disclosure(
        &self,
        action: &str,
        pool: &str,
        opening: &str,
        id: &str,
        content_hash: &str,
    ) -> Result<(), AppError> {
        let Some(log) = &self.config.audit else {
            return Ok(());
        };
        log.append(Event {
            action: action.to_string(),
            who: self.config.actor.clone(),
            pool: Some(pool.to_string()),
            opening: (!opening.is_empty()).then(|| opening.to_string()),
            catalog_version: self.catalog.version.clone(),
            model: self
                .engine
                .get()
                .map(|e| e.embedder().fingerprint().to_string())
                .unwrap_or_default(),
            settings: serde_json::json!({}),
            subjects: vec![Subject {
                id: id.to_string(),
                content_hash: content_hash.to_string(),
            }],
            ranked: Vec::new(),
            part: None,
            subject_hashes: None,
        })
        .map_err(AppError::Audit)?;
        Ok(())
    }
}

/// `candidate-` and 16 hexadecimal digits: the shape of a blind pool's pseudonym.
fn looks_like_pseudonym(id: &str) -> bool {
    id.strip_prefix(crate::pool::PSEUDONYM_PREFIX)
        .is_some_and(|rest| rest.len() == 16 && rest.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::app::{Candidates, DecisionRequest, IngestOptions, Opening, RankRequest};
    use crate::audit::AuditLog;
    use crate::embed::fake::FakeEmbedder;
    use crate::pool::openings::Verdict;
    use crate::read::document_from_text;
    use crate::selection::Selection;
    use crate::WorkspaceConfig;

    const VOICE: &str = "Ada Voice\n\n## Experience\nBuilt voice agents with Twilio telephony and \
                         Whisper speech recognition in Python.\nShipped WebRTC calling.";
    const CHEF: &str = "Bo Baker\n\n## Experience\nPastry chef and baker for ten years.";

    /// A workspace with the fake model, a pool `p` of two resumes and an opening `o` that
    /// ranked them, with a decision on the chef.
    fn workspace(home: &Path) -> Workspace {
        let mut config = WorkspaceConfig::new(home);
        config.audit = Some(AuditLog::under(home));
        config.actor = "alex.hr".into();
        let ws = Workspace::open(config)
            .unwrap()
            .with_embedder(Box::new(FakeEmbedder { dimensions: 64 }))
            .unwrap();
        let documents = vec![
            (
                "voice.md".to_string(),
                document_from_text("voice.md", VOICE),
            ),
            ("chef.md".to_string(), document_from_text("chef.md", CHEF)),
        ];
        ws.add_documents("p", documents, IngestOptions::default(), WAIT)
            .unwrap();
        ws.rank(RankRequest {
            opening: Opening::Role("voice-ai-engineer".into()),
            candidates: Candidates::Pool("p".into()),
            selection: Selection::new(10, 0.0).unwrap(),
            blind: false,
            save_as: Some("o".into()),
        })
        .unwrap();
        ws.decide(DecisionRequest {
            pool: "p".into(),
            opening: "o".into(),
            candidate_id: "chef.md".into(),
            decision: Verdict::Reject,
            reason: "No voice or telephony work shown.".into(),
            reason_code: Some("skills-gap".into()),
            notes: Some("Kind cover letter.".into()),
        })
        .unwrap();
        ws
    }

    const WAIT: Duration = Duration::from_secs(5);

    /// Every file under `dir`, read as text where it is text.
    fn everything_under(dir: &Path) -> String {
        let mut all = String::new();
        for entry in walk(dir) {
            all.push_str(&String::from_utf8_lossy(&std::fs::read(entry).unwrap()));
        }
        all
    }

    fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(walk(&path));
            } else {
                files.push(path);
            }
        }
        files
    }

    #[test]
    fn an_explanation_tells_one_candidate_their_result_and_decision_and_nothing_of_others() {
        let home = tempfile::tempdir().unwrap();
        let ws = workspace(home.path());
        let explanation = ws.explain("p", "o", "chef.md").unwrap();
        assert_eq!(explanation.candidate_id, "chef.md");
        assert_eq!(explanation.decisions.len(), 1);
        assert_eq!(
            explanation.decisions[0].reason,
            "No voice or telephony work shown."
        );
        assert_eq!(
            explanation.text_points + explanation.skill_points,
            explanation.match_score
        );
        let seen = explanation.seen.as_ref().unwrap();
        assert_eq!(
            seen.match_score, explanation.match_score,
            "the same inputs, the same score"
        );
        let text = explanation.page().plain_text();
        assert!(text.contains("not go further with"), "{text}");
        assert!(
            text.contains("“No voice or telephony work shown”."),
            "{text}"
        );
        // Nothing about the other candidate, and no reviewer's notes.
        for other in ["voice.md", "Ada", "Twilio", "Kind cover letter", "alex.hr"] {
            assert!(!text.contains(other), "{other} in {text}");
        }
        assert!(text.contains("[TO BE FILLED BY THE EMPLOYER: contact for human review]"));
        assert!(!explanation.resume_changed && !text.contains("No ranking of this job"));
        // Never shown to a reviewer, or seen in an earlier version: the letter says so.
        let mut unseen = explanation.clone();
        unseen.seen = None;
        let said = unseen.page().plain_text();
        assert!(
            said.contains("No ranking of this job has shown your application"),
            "{said}"
        );
        let mut corrected = explanation.clone();
        corrected.resume_changed = true;
        let said = corrected.page().plain_text();
        assert!(
            said.contains("for an earlier version of your resume"),
            "{said}"
        );
        // The voice engineer's explanation quotes their own lines for the skills they show.
        let voice = ws.explain("p", "o", "voice.md").unwrap();
        assert!(voice.skills_shown.iter().any(|s| s
            .quoted
            .iter()
            .any(|q| q.lines.iter().any(|l| l.contains("Twilio")))));
        assert!(matches!(
            ws.explain("p", "o", "nobody.md"),
            Err(e @ AppError::UnknownCandidate { .. }) if e.to_string().contains("no candidate 'nobody.md'")
        ));
        let actions: Vec<String> = AuditLog::under(home.path())
            .records(None, Some("explain"))
            .unwrap()
            .into_iter()
            .map(|r| r.event.subjects[0].id.clone())
            .collect();
        assert_eq!(actions, ["chef.md", "voice.md"]);
    }

    #[test]
    fn a_mistyped_pseudonym_is_not_taken_for_a_file_name() {
        assert!(looks_like_pseudonym("candidate-3f09c2a1d4e5b678"));
        assert!(!looks_like_pseudonym("candidate-3.pdf"));
        assert!(!looks_like_pseudonym("candidate-3f09c2a1d4e5b67"));
        assert!(!looks_like_pseudonym("jane-doe.pdf"));
    }

    #[test]
    fn an_export_holds_everything_about_one_person_and_nothing_of_others() {
        let home = tempfile::tempdir().unwrap();
        let ws = workspace(home.path());
        let record = ws.export_candidate("p", "chef.md").unwrap();
        assert_eq!(record.text, CHEF);
        assert_eq!(record.openings.len(), 1);
        let run = &record.openings[0].runs[0];
        assert_eq!(run.ranked, 2);
        assert_eq!(
            record.decisions[0].notes.as_deref(),
            Some("Kind cover letter.")
        );
        assert!(record.added_at.is_some());
        // The audit records that name the candidate: added, ranked, decided on.
        let log = AuditLog::under(home.path()).records(None, None).unwrap();
        let naming: Vec<&str> = record
            .audit_records
            .iter()
            .map(|seq| {
                log.iter()
                    .find(|r| r.seq == *seq)
                    .unwrap()
                    .event
                    .action
                    .as_str()
            })
            .collect();
        assert_eq!(naming, ["pool.add", "rank", "decision"]);
        let json = serde_json::to_string(&record).unwrap();
        assert!(
            !json.contains("Ada Voice") && !json.contains("voice.md"),
            "{json}"
        );
        let page = record.page().plain_text();
        assert!(page.contains("Pastry chef and baker") && page.contains("Kind cover letter."));
    }

    #[test]
    fn purge_removes_what_is_past_retention_from_every_file_and_records_it() {
        let home = tempfile::tempdir().unwrap();
        let ws = workspace(home.path());
        // Nothing was made before 2000: nothing goes.
        let none = ws.purge("2000-01-01", None, false, WAIT).unwrap();
        assert!(none.pools[0].candidates.is_empty() && none.pools[0].decisions == 0);
        // Everything was made before tomorrow's cutoff: a dry run says so and changes nothing.
        let tomorrow = "2999-01-01";
        let dry = ws.purge(tomorrow, Some("p"), true, WAIT).unwrap();
        assert_eq!(dry.pools[0].candidates, ["chef.md", "voice.md"]);
        assert_eq!((dry.pools[0].runs, dry.pools[0].decisions), (1, 1));
        assert!(everything_under(home.path()).contains("Pastry chef"));
        let done = ws.purge(tomorrow, None, false, WAIT).unwrap();
        assert_eq!(done.pools[0].candidates, dry.pools[0].candidates);
        assert!(done.audit_records_before > 0);
        let left = everything_under(home.path());
        for gone in [
            "Pastry chef",
            "Twilio",
            "No voice or telephony",
            "Kind cover letter",
        ] {
            assert!(!left.contains(gone), "{gone} is still on disk");
        }
        assert!(ws.pool_candidates("p").unwrap().is_empty());
        assert!(ws.decisions("p", None).unwrap().is_empty());
        let log = AuditLog::under(home.path());
        assert!(log.verify().is_ok());
        let actions: Vec<String> = log
            .records(None, None)
            .unwrap()
            .into_iter()
            .map(|r| r.event.action)
            .collect();
        assert!(actions.ends_with(&["pool.remove".to_string(), "purge".to_string()]));
    }

    #[test]
    fn a_notice_names_what_the_opening_assesses_and_the_homes_retention() {
        let home = tempfile::tempdir().unwrap();
        let ws = workspace(home.path());
        std::fs::write(home.path().join("retention.toml"), "years = 3\n").unwrap();
        let notice = ws.notice(Jurisdiction::Colorado, "p", "o").unwrap();
        assert_eq!(notice.facts.retention_years, 3);
        let role = ws.catalog().get("voice-ai-engineer").unwrap();
        assert_eq!(notice.facts.opening_title, role.title);
        assert!(!notice.facts.skills_needed.is_empty());
        let text = notice.page().plain_text();
        assert!(text.contains("for 3 years") && text.contains("Colorado SB 26-189"));
        assert!(!text.contains("Pastry") && !text.contains("chef.md"));
    }
}
