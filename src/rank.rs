//! Ranking candidates for one opening — a catalog role or a job posting — with the same
//! scoring and explanation as `match` uses in the other direction.

use std::path::PathBuf;

use serde::Serialize;

use crate::catalog::Role;
use crate::embed::DocumentEmbedding;
use crate::pool::{LoadedPool, PoolError};
use crate::read::Document;
use crate::score::{keep_best, retrieval_width, score_role, Match, ResumeEvidence, ScoreWeights};
use crate::skills::SkillExtractor;

/// One candidate's result for the opening.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateMatch {
    pub candidate_id: String,
    #[serde(with = "crate::pathname::serde_path")]
    pub file: PathBuf,
    #[serde(flatten)]
    pub result: Match,
}

/// Turns a job posting into a role: its first line is the title, its text the description,
/// and every skill it mentions a core skill.
pub fn job_as_role(job: &Document, extractor: &SkillExtractor) -> Role {
    let title = job
        .lines()
        .map(|(_, l)| l.trim().trim_start_matches('#').trim())
        .find(|l| !l.is_empty())
        .unwrap_or("job posting")
        .chars()
        .take(80)
        .collect::<String>();
    let mut skills: Vec<String> = Vec::new();
    for hit in extractor.extract(job).hits {
        if !skills.contains(&hit.skill) {
            skills.push(hit.skill);
        }
    }
    let stem = job
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "job".into());
    let mut role = Role::new(format!("job:{stem}"), title, job.text().to_string());
    role.core_skills = skills;
    role
}

/// Scores the pool's candidates for `role` and returns the best `top_k` at or above
/// `min_score`, best first; equal scores are ordered by candidate id.
pub fn rank_candidates(
    pool: &LoadedPool,
    role: &Role,
    role_vector: &[f32],
    extractor: &SkillExtractor,
    weights: &ScoreWeights,
    top_k: usize,
    min_score: f32,
) -> Result<Vec<CandidateMatch>, PoolError> {
    let data = &pool.data;
    let mut ranked = Vec::new();
    for i in pool.candidates_for(role_vector, retrieval_width(top_k))? {
        let candidate = &data.candidates[i];
        let document = Document::new(candidate.file.clone(), candidate.text.clone());
        let skills = extractor.extract(&document);
        let embedding = DocumentEmbedding {
            vector: data.vectors[i].clone(),
            windows: vec![],
        };
        let passages = data.passages_of(i);
        let resume = ResumeEvidence {
            document: &document,
            embedding: &embedding,
            passages: &passages,
            skills: &skills,
        };
        ranked.push(CandidateMatch {
            candidate_id: candidate.id.clone(),
            file: candidate.file.clone(),
            result: score_role(role, role_vector, &resume, extractor.taxonomy(), weights),
        });
    }
    Ok(keep_best(
        ranked,
        |c| c.result.score,
        |c| &c.candidate_id,
        top_k,
        min_score,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::embed::{fake::FakeEmbedder, Embedder};
    use crate::pool::PoolData;
    use crate::prepare::prepare_documents;
    use crate::read::document_from_text;
    use crate::skills::Taxonomy;

    #[test]
    fn the_candidate_written_for_the_role_ranks_first_and_ties_go_by_id() {
        let taxonomy = Taxonomy::builtin().unwrap();
        let catalog = Catalog::builtin(&taxonomy).unwrap();
        let extractor = SkillExtractor::new(taxonomy);
        let embedder = FakeEmbedder { dimensions: 256 };
        let docs = vec![
            document_from_text("voice.md", "Voice agents: Twilio telephony, Whisper speech recognition, ElevenLabs TTS, WebRTC"),
            document_from_text("chef.md", "Pastry chef and baker"),
            document_from_text("chef2.md", "Pastry chef and baker"),
        ];
        let mut data = PoolData::empty("fake@0", 256, "v");
        for (doc, prepared) in docs
            .iter()
            .zip(prepare_documents(&embedder, &docs).unwrap())
        {
            data.upsert(doc.path().display().to_string(), doc, prepared);
        }
        let pool = LoadedPool::in_memory(data);
        let role = catalog.get("voice-ai-engineer").unwrap();
        let vector = embedder
            .embed_documents(&[&role.embedding_text()])
            .unwrap()
            .remove(0)
            .vector;
        let ranked = rank_candidates(
            &pool,
            role,
            &vector,
            &extractor,
            &ScoreWeights::default(),
            3,
            0.0,
        )
        .unwrap();
        let ids: Vec<&str> = ranked.iter().map(|m| m.candidate_id.as_str()).collect();
        assert_eq!(ids, vec!["voice.md", "chef.md", "chef2.md"]);
        let shared = &ranked[0].result.explanation.shared_skills;
        assert!(shared
            .iter()
            .any(|s| s.id == "telephony" && s.lines == vec![1]));
        assert!(rank_candidates(
            &pool,
            role,
            &vector,
            &extractor,
            &ScoreWeights::default(),
            3,
            0.99
        )
        .unwrap()
        .is_empty());
    }

    #[test]
    fn a_job_posting_becomes_a_role_with_its_skills_as_core() {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let job = document_from_text(
            "jobs/llmops.md",
            "# LLMOps Engineer\nKubernetes, Prometheus, Langfuse; Kubernetes again",
        );
        let role = job_as_role(&job, &extractor);
        assert_eq!(role.id, "job:llmops");
        assert_eq!(role.title, "LLMOps Engineer");
        assert_eq!(
            role.core_skills,
            vec!["kubernetes", "prometheus", "langfuse"]
        );
    }
}
