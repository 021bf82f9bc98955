//! Ranking candidates for one opening — a catalog role or a job posting — with the same
//! scoring and explanation as `match` uses in the other direction.

use std::path::PathBuf;

use serde::Serialize;

use crate::analyze::Findings;
use crate::catalog::Role;
use crate::embed::{DocumentEmbedding, EmbedError, Embedder};
use crate::experience::YearsCheck;
use crate::language::{resume_caution, Language};
use crate::pool::{LoadedPool, PoolError};
use crate::posting::{read_posting, PostingPart};
use crate::profile::Person;
use crate::read::Document;
use crate::score::{
    keep_best, retrieval_width, score_opening, Band, Match, ResumeEvidence, ScoreWeights,
};
use crate::skills::SkillExtractor;

/// One candidate's result for the opening.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CandidateMatch {
    pub candidate_id: String,
    #[serde(with = "crate::pathname::serde_path")]
    #[schema(value_type = String)]
    pub file: PathBuf,
    /// The language the resume is written in, when it can be told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// Why this score should not be trusted as it stands (an unfilled template, a resume and an
    /// opening in two languages, or a language the model does not read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caution: Option<String>,
    /// Who the resume is from, as its header says (nobody, in a blind pool's rankings).
    #[serde(flatten)]
    pub person: Person,
    /// The years the resume's dated positions add up to, when it has any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_years: Option<f32>,
    /// The years the opening asks for against the resume's dated positions (job postings that
    /// state a number of years).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<YearsCheck>,
    #[serde(flatten)]
    pub result: Match,
}

/// Turns a job posting into a role: its title line is the title; what the job is and
/// requires is the description (the employer's blurb and the logistics — pay, schedule,
/// benefits, who may apply, equal-opportunity lines — are left out); skills the job's name in
/// its title names (see [`crate::posting::Posting::title_naming_the_job`]), or it requires or
/// names in the duties, are core skills, skills only named as preferred count as tools (half
/// the weight); its duties and required qualifications are its requirements, the preferred
/// ones its preferences.
pub(crate) fn job_as_role(job: &Document, extractor: &SkillExtractor) -> Role {
    let posting = read_posting(job);
    // A posting with no duties or requirements to read (its details in a linked file) is
    // described by its title and whatever else it says that is not logistics.
    let mut description = posting.substance();
    if description.is_empty() {
        let rest = posting.text_of(|part| part != PostingPart::Logistics);
        description = if rest.trim().is_empty() {
            job.text().to_string()
        } else {
            format!("{}\n{rest}", posting.title)
        };
    }
    // The skills a part of the posting names, the groups of them it names as alternatives, and
    // those named only as the alternative of a skill it names on its own too (preferred).
    let skills_in = |text: &str| -> (Vec<String>, Vec<Vec<String>>, Vec<String>) {
        let part = Document::new(job.path().to_path_buf(), text.to_string());
        let mut skills: Vec<String> = Vec::new();
        // What the posting names, not the broader skills those imply: a posting that asks for
        // MySQL asks for MySQL, and a resume's PostgreSQL does not meet it.
        let found = extractor.extract_part(&part, job);
        let own_language = job.language().map(|l| l.to_string());
        // Skills named only in an aside that prefers them.
        let mut preferred_aside: Vec<String> = Vec::new();
        for hit in found.written() {
            let line = part.line(hit.line);
            let before = &line[..hit.start];
            let name = extractor.taxonomy().name(&hit.skill);
            if skills.contains(&hit.skill)
                || names_a_colleague(before)
                || offered_beside(own_language.as_deref(), name, line)
                || negated(before)
            {
                continue;
            }
            if crate::posting::in_optional_aside(line, hit.start) {
                preferred_aside.push(hit.skill.clone());
            } else {
                skills.push(hit.skill.clone());
            }
        }
        let choices = crate::skills::alternatives(&part, &found);
        let (mut optional, skills): (Vec<String>, Vec<String>) = skills
            .into_iter()
            .partition(|s| choices.optional.contains(s));
        // A skill named only in an aside that prefers it is preferred ("in Python
        // (experience with PySpark is a plus)").
        for skill in preferred_aside {
            if !skills.contains(&skill) && !optional.contains(&skill) {
                optional.push(skill);
            }
        }
        let groups = choices
            .groups
            .into_iter()
            .map(|group| group.into_iter().filter(|s| skills.contains(s)).collect())
            .collect();
        (skills, groups, optional)
    };
    // The title says what the job is: a skill it names is asked for ("Project Coordinator",
    // "HTML Developer"), even where the duties take it for granted.
    let (core, core_groups, core_optional) = skills_in(&format!(
        "{}\n{description}",
        posting.title_naming_the_job()
    ));
    let (preferred, preferred_groups, preferred_optional) =
        skills_in(&posting.text(PostingPart::Preferred));
    let mut nice: Vec<String> = Vec::new();
    for skill in core_optional
        .into_iter()
        .chain(preferred)
        .chain(preferred_optional)
    {
        if !core.contains(&skill) && !nice.contains(&skill) {
            nice.push(skill);
        }
    }
    let alternatives = settle_alternatives(core_groups, preferred_groups, &core);
    let stem = job
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "job".into());
    let title = if posting.title.is_empty() {
        "job posting".to_string()
    } else {
        posting.title.clone()
    };
    let mut role = Role::new(format!("job:{stem}"), title, description);
    role.core_skills = core;
    role.tools = nice;
    role.alternatives = alternatives;
    role.requirements = posting.requirements();
    role.preferred = posting.preferred();
    role.language = job.language();
    // Years count where the posting says what the job needs, never in its logistics.
    role.years_asked = crate::experience::years_asked(job, Some(&posting.scored_lines()));
    let unscored = unscored_sentences(&posting);
    let unscored: Vec<&str> = unscored.iter().map(String::as_str).collect();
    crate::proxies::set_aside(role, &unscored)
}

/// The lines of a posting that are not scored, a sentence wrapped over several lines (as a
/// PDF keeps it: "… without regard to race," / "color, national origin, religion, …") joined
/// into one: what a statement says is read whole.
fn unscored_sentences(posting: &crate::posting::Posting) -> Vec<String> {
    let mut sentences: Vec<String> = Vec::new();
    let mut open = false;
    for line in posting.lines.iter().filter(|l| !l.part.is_scored()) {
        let text = line.text.trim();
        match sentences.last_mut() {
            Some(last) if open && !line.starts_item => {
                last.push(' ');
                last.push_str(text);
            }
            _ => sentences.push(text.to_string()),
        }
        open = !text.ends_with(['.', '!', '?', ':', ';']);
    }
    sentences
}

/// The groups of alternatives of a posting, those of its duties and requirements first, then
/// those of what it prefers, each skill in one group at most (the first that holds it). A
/// skill the posting requires leaves a preferred group: "Required: Java … Nice to have: Kotlin
/// or Java" still requires Java.
fn settle_alternatives(
    required: Vec<Vec<String>>,
    preferred: Vec<Vec<String>>,
    core: &[String],
) -> Vec<Vec<String>> {
    let preferred = preferred
        .into_iter()
        .map(|group| group.into_iter().filter(|s| !core.contains(s)).collect());
    let mut settled: Vec<Vec<String>> = Vec::new();
    for group in required.into_iter().chain(preferred) {
        let group: Vec<String> = group
            .into_iter()
            .filter(|s| !settled.iter().flatten().any(|t| t == s))
            .collect();
        if group.len() >= 2 {
            settled.push(group);
        }
    }
    settled
}

/// Whether `skill` (its taxonomy name) is a language that `line` offers as an alternative to
/// `own`, the language the posting is written in ("fluent in one of Canada's two official
/// languages, English or French"): a resume written in that language meets it, so it is not
/// asked. "English and French" still asks for both.
fn offered_beside(own: Option<&str>, skill: &str, line: &str) -> bool {
    let (Some(own), Some(language)) = (own, skill.strip_suffix(" language")) else {
        return false;
    };
    if language.eq_ignore_ascii_case(own) {
        return false;
    }
    let lower = line.to_lowercase();
    let (own, language) = (own.to_lowercase(), language.to_lowercase());
    [
        format!("{own} or {language}"),
        format!("{language} or {own}"),
        format!("{own} and/or {language}"),
        format!("{language} and/or {own}"),
        format!("{own}/{language}"),
        format!("{language}/{own}"),
    ]
    .iter()
    .any(|pair| lower.contains(pair.as_str()))
}

/// Whether a skill named after `before` (its sentence so far) is the expertise of the people
/// the hire works with, not of the hire: "teams made up of experts in design, data science",
/// "collaborate with data scientists".
fn names_a_colleague(before: &str) -> bool {
    let sentence = before
        .rsplit(['.', ';', '!', '?'])
        .next()
        .unwrap_or_default()
        .to_lowercase();
    const CUES: &[&str] = &[
        "made up of",
        "experts in",
        "alongside",
        "partner with",
        "partnering with",
        "collaborate with",
        "collaborating with",
        "collaborates with",
        "liaise with",
        "liaising with",
        "teams of",
    ];
    // Only the list of people right after the cue: "collaborate with product managers to
    // ship Python services" asks for Python.
    const ENDS_THE_LIST: &[&str] = &[
        "to", "so", "that", "which", "who", "by", "on", "for", "while", "in order", "using", "with",
    ];
    CUES.iter().any(|cue| {
        sentence.rfind(cue).is_some_and(|at| {
            let after = &sentence[at + cue.len()..];
            !after
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| ENDS_THE_LIST.contains(&word))
        })
    })
}

/// Whether the word right before a skill denies it: "an individual contributor role (not
/// people management)", "no Kubernetes needed".
fn negated(before: &str) -> bool {
    before
        .split_whitespace()
        .next_back()
        .map(|w| w.trim_start_matches(['(', '[', '-']).to_lowercase())
        .is_some_and(|w| ["not", "no", "never", "non"].contains(&w.as_str()))
}

/// What every output of a ranking says when nobody in it fits.
pub(crate) const NOBODY_FITS: &str = "No candidate shown fits this opening well: none reaches \
     \"partial\" while sharing a skill the opening asks for. Their order is by score alone; \
     read the resumes before deciding anything.";

/// True when no ranked candidate fits `role` well: none is graded partial or strong while
/// sharing one of its core skills (any of its skills, when it names no core skill).
pub(crate) fn nobody_fits(role: &Role, candidates: &[CandidateMatch]) -> bool {
    !candidates.iter().any(|c| {
        let shared = &c.result.explanation.shared_skills;
        c.result.band != Band::Weak
            && (shared.iter().any(|s| s.core) || role.core_skills.is_empty() && !shared.is_empty())
    })
}

/// An opening's vectors: its whole text, and each of its requirements then each of its
/// preferences, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct OpeningVectors {
    pub role: Vec<f32>,
    pub requirements: Vec<Vec<f32>>,
}

/// Embeds an opening's text, its requirements and its preferences in one batch.
pub fn embed_opening(embedder: &dyn Embedder, role: &Role) -> Result<OpeningVectors, EmbedError> {
    let text = role.embedding_text();
    let mut texts: Vec<&str> = vec![&text];
    texts.extend(role.requirements.iter().map(String::as_str));
    texts.extend(role.preferred.iter().map(String::as_str));
    let mut vectors = embedder
        .embed_documents(&texts)?
        .into_iter()
        .map(|e| e.vector);
    Ok(OpeningVectors {
        role: vectors.next().unwrap_or_default(),
        requirements: vectors.collect(),
    })
}

/// Scores the pool's candidates for `role` and returns the best `top_k` at or above
/// `min_score`, best first; equal scores are ordered by candidate id.
pub fn rank_candidates(
    pool: &LoadedPool,
    role: &Role,
    vectors: &OpeningVectors,
    extractor: &SkillExtractor,
    weights: &ScoreWeights,
    top_k: usize,
    min_score: f32,
) -> Result<Vec<CandidateMatch>, PoolError> {
    let data = &pool.data;
    let mut ranked = Vec::new();
    for i in pool.candidates_for(&vectors.role, retrieval_width(top_k))? {
        let candidate = data.candidate(i);
        let document = crate::candidate::document_of(candidate);
        // A pool keeps each candidate's findings; one made before that, or with another
        // taxonomy, has them made now.
        let made;
        let findings = if candidate.findings.current_for(extractor) {
            &candidate.findings
        } else {
            made = Findings::of(&document, extractor);
            &made
        };
        let embedding = DocumentEmbedding {
            vector: data.vector(i).to_vec(),
            windows: vec![],
        };
        let passages = data.passages_of(i);
        let resume = ResumeEvidence::new(&document, &embedding, &passages, findings);
        ranked.push(CandidateMatch {
            candidate_id: candidate.id.clone(),
            file: candidate.file.clone(),
            person: Person::of(&document, data.meta().blind),
            total_years: findings.experience.years,
            language: document.language(),
            caution: crate::template::caution(&findings.placeholders)
                .or_else(|| resume_caution(role.language, document.language())),
            years: role
                .years_asked
                .as_ref()
                .map(|asked| YearsCheck::of(asked, &findings.experience)),
            result: score_opening(
                role,
                &vectors.role,
                &vectors.requirements,
                &resume,
                extractor.taxonomy(),
                weights,
            ),
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

/// A ranked resume left out because its wording is nearly all a better-ranked candidate's:
/// the same resume sent twice, in another format or a lightly edited version.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct NearDuplicate {
    pub candidate_id: String,
    pub same_as: String,
    /// The share of runs of four words the two have in common (of all the runs either has),
    /// 0 to 1.
    pub shared_wording: f32,
}

impl NearDuplicate {
    /// What to tell the reviewer.
    pub fn message(&self) -> String {
        format!(
            "{}: the same wording as '{}', ranked above it ({:.0}% of their four-word runs \
             shared): probably the same resume twice (another format or version); ranked once \
             (ask to keep duplicates to see both)",
            self.candidate_id,
            self.same_as,
            self.shared_wording * 100.0
        )
    }
}

/// The share of wording at or above which two resumes are taken for one. The same resume
/// exported to PDF and to DOCX, or with a line changed, shares well over nine tenths of its
/// four-word runs; two people's resumes, even from one template, share a small fraction.
const NEAR_DUPLICATE: f32 = 0.8;

/// Scores further apart than this are not compared: one resume in two formats scores within
/// a few hundredths of itself.
const NEAR_DUPLICATE_SCORE_GAP: f32 = 0.1;

/// Texts with fewer four-word runs than this are never taken for duplicates: a few words
/// (what a scanned PDF yields, say) say nothing about whose resume it is.
const NEAR_DUPLICATE_MIN_RUNS: usize = 20;

/// The hashed four-word runs of `text`, its words lowercased letters and digits, sorted and
/// without repeats.
fn word_runs(text: &str) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut runs: Vec<u64> = words
        .windows(4)
        .map(|run| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            run.hash(&mut hasher);
            hasher.finish()
        })
        .collect();
    runs.sort_unstable();
    runs.dedup();
    runs
}

/// The share of runs two sorted, repeat-free lists have in common (Jaccard), 0 to 1; 0 as
/// soon as their sizes alone rule out reaching [`NEAR_DUPLICATE`].
fn jaccard(a: &[u64], b: &[u64]) -> f32 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // |A ∩ B| / |A ∪ B| ≤ |small| / |large|.
    if large.is_empty() || (small.len() as f32) < NEAR_DUPLICATE * large.len() as f32 {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < small.len() && j < large.len() {
        match small[i].cmp(&large[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f32 / (small.len() + large.len() - common) as f32
}

/// Splits `ranked` (best first) into the candidates to show and those set aside because a
/// better-ranked candidate kept has nearly the same wording (`text_of` gives a candidate's
/// text). Only candidates within a tenth of each other's score are compared. A candidate in
/// `protected` (one a reviewer has decided on) is never set aside.
pub(crate) fn set_aside_near_duplicates<'t>(
    ranked: Vec<CandidateMatch>,
    text_of: impl Fn(&str) -> Option<&'t str>,
    protected: &std::collections::HashSet<String>,
) -> (Vec<CandidateMatch>, Vec<NearDuplicate>) {
    let mut kept: Vec<(CandidateMatch, Vec<u64>)> = Vec::new();
    let mut set_aside = Vec::new();
    for candidate in ranked {
        let runs = text_of(&candidate.candidate_id)
            .map(word_runs)
            .unwrap_or_default();
        let comparable =
            runs.len() >= NEAR_DUPLICATE_MIN_RUNS && !protected.contains(&candidate.candidate_id);
        // Best first: the kept candidates nearest in score are the last ones.
        let same = comparable
            .then(|| {
                kept.iter()
                    .rev()
                    .take_while(|(earlier, _)| {
                        earlier.result.score - candidate.result.score <= NEAR_DUPLICATE_SCORE_GAP
                    })
                    .map(|(earlier, earlier_runs)| (earlier, jaccard(&runs, earlier_runs)))
                    .find(|(_, shared)| *shared >= NEAR_DUPLICATE)
                    .map(|(earlier, shared)| (earlier.candidate_id.clone(), shared))
            })
            .flatten();
        match same {
            Some((same_as, shared_wording)) => set_aside.push(NearDuplicate {
                candidate_id: candidate.candidate_id,
                same_as,
                shared_wording,
            }),
            None => kept.push((candidate, runs)),
        }
    }
    (kept.into_iter().map(|(c, _)| c).collect(), set_aside)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::analyze;
    use crate::catalog::Catalog;
    use crate::embed::fake::FakeEmbedder;
    use crate::pool::PoolData;
    use crate::read::document_from_text;
    use crate::skills::Taxonomy;

    /// A candidate graded `band` who shares `shared` (id, core) skills.
    fn graded(band: Band, shared: &[(&str, bool)]) -> CandidateMatch {
        let shared_skills = shared
            .iter()
            .map(|&(id, core)| crate::score::SharedSkill {
                id: id.into(),
                name: id.into(),
                core,
                lines: vec![1],
                listed_only: false,
            })
            .collect();
        CandidateMatch {
            candidate_id: "c".into(),
            file: "c.md".into(),
            person: crate::profile::Person::default(),
            total_years: None,
            language: None,
            caution: None,
            years: None,
            result: Match {
                role_id: "r".into(),
                role_title: "R".into(),
                score: 0.5,
                match_score: 50,
                band,
                explanation: crate::score::Explanation {
                    shared_skills,
                    ..Default::default()
                },
            },
        }
    }

    #[test]
    fn somebody_fits_only_when_partial_or_better_and_sharing_a_core_skill() {
        let mut role = Role::new("r".into(), "R".into(), "d".into());
        role.core_skills = vec!["python".into()];
        role.tools = vec!["docker".into()];
        assert!(nobody_fits(&role, &[]));
        assert!(nobody_fits(
            &role,
            &[graded(Band::Weak, &[("python", true)])]
        ));
        assert!(nobody_fits(
            &role,
            &[graded(Band::Partial, &[("docker", false)])]
        ));
        assert!(!nobody_fits(
            &role,
            &[
                graded(Band::Weak, &[]),
                graded(Band::Partial, &[("python", true)])
            ]
        ));
        // An opening that names no core skill: any shared skill will do.
        role.core_skills.clear();
        assert!(!nobody_fits(
            &role,
            &[graded(Band::Partial, &[("docker", false)])]
        ));
        assert!(nobody_fits(&role, &[graded(Band::Partial, &[])]));
    }

    /// The best ten candidates of `pool` for `role`, with the fake embedder and default weights.
    fn rank_all(pool: &LoadedPool, role: &Role, extractor: &SkillExtractor) -> Vec<CandidateMatch> {
        let embedder = FakeEmbedder { dimensions: 256 };
        let vectors = embed_opening(&embedder, role).unwrap();
        rank_candidates(
            pool,
            role,
            &vectors,
            extractor,
            &ScoreWeights::default(),
            10,
            0.0,
        )
        .unwrap()
    }

    /// An in-memory pool of (id, text) documents embedded with the fake embedder.
    fn pool_of(extractor: &SkillExtractor, texts: &[(&str, &str)]) -> LoadedPool {
        let embedder = FakeEmbedder { dimensions: 256 };
        let docs: Vec<_> = texts
            .iter()
            .map(|(id, text)| document_from_text(id, text))
            .collect();
        let mut data = PoolData::empty("fake@0", 256, "v");
        for analysis in analyze(&embedder, extractor, docs, false).unwrap() {
            data.upsert(analysis.document.path().display().to_string(), analysis);
        }
        LoadedPool::in_memory(data)
    }

    #[test]
    fn the_candidate_written_for_the_role_ranks_first_and_ties_go_by_id() {
        let taxonomy = Taxonomy::builtin().unwrap();
        let catalog = Catalog::builtin(&taxonomy).unwrap();
        let extractor = SkillExtractor::new(taxonomy);
        let embedder = FakeEmbedder { dimensions: 256 };
        let pool = pool_of(
            &extractor,
            &[
                ("voice.md", "Voice agents: Twilio telephony, Whisper speech recognition, ElevenLabs TTS, WebRTC"),
                ("chef.md", "Pastry chef and baker"),
                ("chef2.md", "Pastry chef and baker"),
            ],
        );
        let role = catalog.get("voice-ai-engineer").unwrap();
        let vector = embed_opening(&embedder, role).unwrap();
        assert!(vector.requirements.is_empty());
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
    fn ranking_reads_the_findings_a_pool_keeps_and_remakes_findings_of_another_taxonomy() {
        let taxonomy = Taxonomy::builtin().unwrap();
        let catalog = Catalog::builtin(&taxonomy).unwrap();
        let extractor = SkillExtractor::new(taxonomy);
        let embedder = FakeEmbedder { dimensions: 256 };
        let role = catalog.get("voice-ai-engineer").unwrap();
        let vectors = embed_opening(&embedder, role).unwrap();
        let text = "Voice agents: Twilio telephony, Whisper speech recognition";
        let mut pool = pool_of(&extractor, &[("voice.md", text)]);
        let shares_telephony = |pool: &LoadedPool| {
            let ranked = rank_candidates(
                pool,
                role,
                &vectors,
                &extractor,
                &ScoreWeights::default(),
                1,
                0.0,
            )
            .unwrap();
            ranked[0]
                .result
                .explanation
                .shared_skills
                .iter()
                .any(|s| s.id == "telephony")
        };
        assert!(pool.data.candidate(0).findings.current_for(&extractor));
        assert!(shares_telephony(&pool));
        // What is kept is what ranking reads: the text is not searched for skills again.
        pool.data.candidate_mut(0).findings.skills.hits.clear();
        assert!(!shares_telephony(&pool));
        // Findings of another taxonomy version (or none, from an older pool) are made anew.
        pool.data.candidate_mut(0).findings.made_with = "analysis-0/2020.1".into();
        assert!(shares_telephony(&pool));
        pool.data.candidate_mut(0).findings = Findings::default();
        assert!(shares_telephony(&pool));
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

    #[test]
    fn a_language_offered_beside_the_postings_own_is_not_asked_and_both_together_are() {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let role = |requirement: &str| {
            let job = document_from_text(
                "jobs/marketer.md",
                &format!(
                    "# Technical Marketer\n\nYou will write about complex technical products in \
                     clear, everyday language for the people who use them every day.\n\n\
                     ## Requirements\n- You have experience in B2B sales and marketing work.\n\
                     - {requirement}\n"
                ),
            );
            assert_eq!(
                job.language().map(|l| l.to_string()),
                Some("English".into())
            );
            job_as_role(&job, &extractor).all_skills().join(" ")
        };
        for offered in [
            "You must be fluent in one of Canada's two official languages, English or French.",
            "Fluent in French or English.",
        ] {
            assert!(!role(offered).contains("french"), "{offered}");
        }
        assert!(role("You must be fluent in English and French.").contains("french"));
    }

    #[test]
    fn an_equal_opportunity_statement_wrapped_over_lines_asks_for_nothing() {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let wrapped = "Lab Technician\n\nRequired skills:\nGeneral microscopy use\n\n\
            Benefits:\nState Health Plan.\nThe University is an equal opportunity employer. All\n\
            qualified applicants will receive consideration without regard to race,\n\
            color, national origin, religion, sex, gender identity, age, sexual orientation,\n\
            or status as a protected veteran.\n";
        let role = job_as_role(&document_from_text("jobs/lab.txt", wrapped), &extractor);
        assert_eq!(role.proxy_warning, None);
        // A line of logistics that asks for one on its own is still named.
        let photo = "Lab Technician\n\nRequired skills:\nGeneral microscopy use\n\n\
            Benefits:\nState Health Plan.\nSend a recent photo with your application.\n\
            We are an equal opportunity employer.\n";
        let role = job_as_role(&document_from_text("jobs/lab.txt", photo), &extractor);
        assert!(role.proxy_warning.is_some());
    }

    #[test]
    fn a_posting_asks_for_what_it_names_and_a_narrower_skill_meets_a_broader_ask() {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let job = document_from_text(
            "jobs/web.md",
            "# Web Developer\n\n## Requirements\n- Build the site in PHP on MySQL.\n- Relational databases.\n",
        );
        let role = job_as_role(&job, &extractor);
        // MySQL implies SQL, but the posting does not ask for SQL.
        assert_eq!(
            role.core_skills,
            vec!["php", "mysql", "relational-databases"]
        );
        let pool = pool_of(
            &extractor,
            &[("laravel.md", "Built shops in Laravel on PostgreSQL.")],
        );
        let ranked = rank_all(&pool, &role, &extractor);
        let explanation = &ranked[0].result.explanation;
        let shared: Vec<&str> = explanation
            .shared_skills
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        // Laravel is PHP, PostgreSQL a relational database; PostgreSQL is not MySQL.
        assert_eq!(shared, ["php", "relational-databases"]);
        assert_eq!(
            explanation
                .missing_core_skills
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>(),
            ["mysql"]
        );

        // One mention meets one thing asked, at the greater weight: a required PHP is met by
        // a Laravel the posting only prefers; a React asked beside the front end meets React.
        let job = document_from_text(
            "jobs/web2.md",
            "# Web Developer\n\n## Requirements\n- PHP and front-end work in React.\n\n\
             ## Nice to have\n- Laravel\n",
        );
        let role = job_as_role(&job, &extractor);
        assert_eq!(role.core_skills, vec!["php", "frontend", "react"]);
        assert_eq!(role.tools, vec!["laravel"]);
        let pool = pool_of(
            &extractor,
            &[("shop.md", "Built shops in Laravel with pages in React.")],
        );
        let ranked = rank_all(&pool, &role, &extractor);
        let shared: Vec<&str> = ranked[0]
            .result
            .explanation
            .shared_skills
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(shared, ["php", "react", "laravel"]);
    }

    #[test]
    fn a_posting_leaves_out_its_boilerplate_and_weighs_nice_to_have_skills_less() {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let job = document_from_text(
            "jobs/agents.md",
            "# Agent Engineer\n\nAcme is a logistics company that loves Kubernetes.\n\n\
             ## Responsibilities\n- Build agents in LangGraph.\n- Write MCP servers.\n\n\
             ## Nice to have\n- Langfuse\n\n## Benefits\nFree Docker stickers.\n",
        );
        let role = job_as_role(&job, &extractor);
        assert_eq!(role.core_skills, vec!["agents", "langgraph", "mcp"]);
        assert_eq!(role.tools, vec!["langfuse"]);
        assert!(!role.description.contains("Acme") && !role.description.contains("stickers"));
        assert_eq!(
            role.requirements,
            vec!["Build agents in LangGraph.", "Write MCP servers."]
        );

        // Each requirement is matched to the resume's best passage and explained.
        let embedder = FakeEmbedder { dimensions: 256 };
        let pool = pool_of(
            &extractor,
            &[
                ("a.md", "Built agents in LangGraph.\n\nWrote MCP servers."),
                ("b.md", "Pastry chef."),
            ],
        );
        assert_eq!(role.preferred, vec!["Langfuse"]);
        // The expertise of the people the hire works with is not asked of the hire.
        let designer = document_from_text(
            "jobs/designer.md",
            "Designer\n\nRun user research in teams made up of experts in software engineering \
             and data science. Collaborate with ML engineers.\n",
        );
        assert_eq!(
            job_as_role(&designer, &extractor).core_skills,
            vec!["user-research"]
        );
        // A skill the posting denies is not asked.
        let designer = document_from_text(
            "jobs/designer.md",
            "Product Designer\n\n## The details\n- This is an individual contributor role \
             (not people management)\n- Own the UX design of the console.\n",
        );
        let denied = job_as_role(&designer, &extractor);
        assert!(
            !denied
                .core_skills
                .contains(&"esco-people-management".to_string()),
            "{denied:?}"
        );
        assert!(!denied.tools.contains(&"esco-people-management".to_string()));
        // An aside that prefers a skill prefers it, inside a required line.
        let pipelines = document_from_text(
            "jobs/de.md",
            "Data Engineer\n\n## Requirements\n- Experience building data pipelines in Python \
             (experience with PySpark is a plus)\n",
        );
        let aside = job_as_role(&pipelines, &extractor);
        assert!(
            aside.core_skills.contains(&"python".to_string()),
            "{aside:?}"
        );
        assert!(
            !aside.core_skills.contains(&"spark".to_string()),
            "{aside:?}"
        );
        assert!(aside.tools.contains(&"spark".to_string()), "{aside:?}");
        // Only the clause of the aside that prefers it.
        let clauses = document_from_text(
            "jobs/platform.md",
            "Platform Engineer\n\n## Requirements\n- Container orchestration experience \
             (Kubernetes is a must; Helm is a bonus)\n- Cloud experience (AWS required, GCP \
             preferred)\n",
        );
        let split = job_as_role(&clauses, &extractor);
        for core in ["kubernetes", "aws"] {
            assert!(split.core_skills.contains(&core.to_string()), "{split:?}");
        }
        for nice in ["helm", "gcp"] {
            assert!(split.tools.contains(&nice.to_string()), "{split:?}");
        }
        // The title says what the job is, even where the duties take it for granted; the
        // employer's blurb still asks for nothing.
        let coordinator = document_from_text(
            "jobs/coordinator.md",
            "# Project Coordinator\n\nAcme is a logistics company that loves Kubernetes.\n\n## Responsibilities\n\
             - Keep the schedule and the minutes of every meeting.\n",
        );
        assert_eq!(
            job_as_role(&coordinator, &extractor).core_skills,
            vec!["esco-project-management"]
        );
        // An acronym the blurb defines keeps its meaning in the duties: TTS is the employer,
        // not text-to-speech.
        let buyer = document_from_text(
            "jobs/buyer.md",
            "# Contract Specialist\n\nThe Technology Transformation Services (TTS) is a \
             company that builds digital services.\n\n## Duties\n\
             - Run market research on APIs for TTS teams.\n",
        );
        let core = job_as_role(&buyer, &extractor).core_skills;
        assert!(!core.contains(&"tts".to_string()), "{core:?}");
        // Spelled out in the blurb, a plain name stays itself in the duties.
        let platform = document_from_text(
            "jobs/platform.md",
            "# Platform Engineer\n\nAcme is a company that runs an Application Programming \
             Interface (API) marketplace.\n\n## Duties\n- Design the marketplace API.\n",
        );
        let core = job_as_role(&platform, &extractor).core_skills;
        assert!(core.contains(&"api-design".to_string()), "{core:?}");
        let vectors = embed_opening(&embedder, &role).unwrap();
        // The requirements, then the preferences.
        assert_eq!(vectors.requirements.len(), 3);
        let ranked = rank_all(&pool, &role, &extractor);
        assert_eq!(ranked[0].candidate_id, "a.md");
        let met = &ranked[0].result.explanation.requirements;
        assert_eq!(met.len(), 3);
        assert_eq!(met[1].requirement, "Write MCP servers.");
        assert!(!met[1].preferred && met[2].preferred);
        assert!(met[1].first_line <= 3 && met[1].last_line == 3, "{met:?}");
        assert!(ranked[0]
            .result
            .explanation
            .requirement_similarity
            .is_some());
    }

    #[test]
    fn a_resume_in_another_layout_is_ranked_once_and_another_person_is_not_set_aside() {
        let resume = "Ana Lima\nData Engineer\n\nExperience\nAcme, 2019 - 2023\n- Built Python and Kafka pipelines on AWS for the billing team.\n- Cut nightly batch time from 6 hours to 40 minutes with Spark.\n- Mentored four engineers and ran the on-call rotation.\n";
        let relaid = "ANA LIMA | Data Engineer\nEXPERIENCE\nAcme 2019-2023 • Built Python and Kafka pipelines on AWS for the billing team. • Cut nightly batch time from 6 hours to 40 minutes with Spark. • Mentored four engineers and ran the on-call rotation.";
        let other = "Bo Chen\nData Engineer\n\nExperience\nGlobex, 2018 - 2024\n- Built Python and Kafka pipelines on GCP for the search team.\n- Moved reporting from cron jobs to Airflow.\n- Led the data quality working group.\n";
        let shared = |a: &str, b: &str| jaccard(&word_runs(a), &word_runs(b));
        assert!(
            shared(resume, relaid) >= NEAR_DUPLICATE,
            "{}",
            shared(resume, relaid)
        );
        assert!(shared(resume, other) < 0.3, "{}", shared(resume, other));
        let texts = [("a.md", resume), ("a.pdf", relaid), ("b.md", other)];
        let text_of = |id: &str| texts.iter().find(|(i, _)| *i == id).map(|(_, t)| *t);
        let scored = |id: &str, score: f32| {
            let mut c = graded(Band::Partial, &[]);
            c.candidate_id = id.into();
            c.result.score = score;
            c
        };
        let ranked = vec![
            scored("a.md", 0.62),
            scored("b.md", 0.61),
            scored("a.pdf", 0.60),
        ];
        let none = std::collections::HashSet::new();
        let (kept, aside) = set_aside_near_duplicates(ranked.clone(), text_of, &none);
        let ids: Vec<&str> = kept.iter().map(|c| c.candidate_id.as_str()).collect();
        assert_eq!(ids, ["a.md", "b.md"]);
        assert_eq!(aside.len(), 1);
        assert_eq!(
            (aside[0].candidate_id.as_str(), aside[0].same_as.as_str()),
            ("a.pdf", "a.md")
        );
        assert!(
            aside[0].message().contains("ranked once"),
            "{}",
            aside[0].message()
        );
        // Scores far apart are not compared.
        let far = vec![scored("a.md", 0.9), scored("a.pdf", 0.5)];
        assert_eq!(set_aside_near_duplicates(far, text_of, &none).0.len(), 2);
        // A candidate a reviewer decided on stays, and so do texts too short to tell.
        let decided: std::collections::HashSet<String> = ["a.pdf".to_string()].into();
        assert_eq!(
            set_aside_near_duplicates(ranked, text_of, &decided).0.len(),
            3
        );
        let short = [("x.md", "Curriculum vitae"), ("y.md", "Curriculum vitae")];
        let short_of = |id: &str| short.iter().find(|(i, _)| *i == id).map(|(_, t)| *t);
        let twins = vec![scored("x.md", 0.3), scored("y.md", 0.3)];
        assert_eq!(set_aside_near_duplicates(twins, short_of, &none).0.len(), 2);
    }
}
