//! Scoring a role against a resume and explaining the score: semantic similarity plus weighted
//! coverage of the role's skills, with shared and missing skills and the evidence lines.
//!
//! `score = semantic_weight × max(similarity, 0) + skill_weight × coverage`. The similarity
//! blends the whole resume's cosine with the best passage's cosine, so one strong section
//! counts even in a long, varied resume. Coverage is the share of the role's skill weight that
//! the resume shows (core skills count 2, tools and supporting skills 1); a skill that only
//! appears in lists ("Skills: ...", lines naming five or more) counts half, so keyword
//! stuffing buys little. The explanation carries both parts, and they add up to the score.

mod calibration;

pub use calibration::{Band, Calibration, SkillSupport};

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::analyze::Findings;
use crate::catalog::Role;
use crate::embed::{DocumentEmbedding, WindowEmbedding};
use crate::read::sections::{heading_kind, Section};
use crate::read::Document;
use crate::skills::{SkillHits, Taxonomy, LABEL_MAX_WORDS};
use crate::titles::TitleScore;
use crate::vector::dot;

/// How much each kind of evidence counts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ScoreWeights {
    pub semantic: f32,
    /// Share of the similarity that comes from the best passage (the rest: the whole resume).
    pub best_passage: f32,
    pub skills: f32,
    pub core_skill: f32,
    pub other_skill: f32,
    /// Share of a skill's weight earned when it only appears in skill lists.
    pub listed_only: f32,
    /// Share of the similarity that comes from how well the opening's requirements are met
    /// (job postings; catalog roles have none).
    pub requirements: f32,
    /// Weight of a preferred qualification against a required one (1) in that share.
    pub preferred: f32,
    /// The least skill weight coverage is counted against: an opening that names fewer
    /// skills (a posting from a field the taxonomy barely knows) is judged more on its text,
    /// since one shared skill out of two is not half the job.
    pub skill_weight_floor: f32,
    /// Share of a skill's weight kept when every trade claims it (communication, leadership,
    /// stakeholder management: `generic` in the taxonomy). Such a skill is shown, shared or
    /// missing, but it tells candidates apart no better than chance on the real-world set, so
    /// by default it is not scored.
    pub generic_skill: f32,
    /// Share of a missing skill's weight earned when the resume shows another skill of its
    /// trade: a practice (a category of the taxonomy marked `trade = true`, such as marketing,
    /// IT support or nursing), not a tool. Tools name one thing each (Java is not
    /// Python); a trade's practices are named coarsely, and someone who runs email marketing
    /// campaigns is nearer a marketing strategy than someone who shows no marketing at all.
    /// A quarter: half of what a skill named only in a list earns.
    pub related_skill: f32,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        ScoreWeights {
            semantic: 0.7,
            best_passage: 0.5,
            skills: 0.3,
            core_skill: 2.0,
            other_skill: 1.0,
            listed_only: 0.5,
            requirements: 0.5,
            preferred: 0.5,
            skill_weight_floor: 6.0,
            generic_skill: 0.0,
            related_skill: 0.25,
        }
    }
}

/// A skill both sides have, with the resume lines that show it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SharedSkill {
    pub id: String,
    pub name: String,
    pub core: bool,
    pub lines: Vec<usize>,
    /// Only named in skill lists, never shown in use: earns part of its weight.
    pub listed_only: bool,
}

/// A skill the opening asks for that the resume does not show, and the skill of the same
/// family it shows instead, which earns part of the missing one's weight.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RelatedSkill {
    /// The skill asked for (still listed as missing).
    pub asked: SkillRef,
    /// The resume's skill of the same trade.
    pub shown: SkillRef,
    pub lines: Vec<usize>,
    /// That skill is only named in lists: the missing one earns half as much again.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub listed_only: bool,
}

/// `related` grouped by the resume's skill, in the order first met: each shown skill with the
/// names of the missing skills of its trade that it partly meets.
pub fn related_by_shown(related: &[RelatedSkill]) -> Vec<(&RelatedSkill, Vec<&str>)> {
    let mut groups: Vec<(&RelatedSkill, Vec<&str>)> = Vec::new();
    for r in related {
        match groups
            .iter_mut()
            .find(|(first, _)| first.shown.id == r.shown.id)
        {
            Some((_, asked)) => asked.push(&r.asked.name),
            None => groups.push((r, vec![&r.asked.name])),
        }
    }
    groups
}

/// A skill named by id and display name.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SkillRef {
    pub id: String,
    pub name: String,
}

/// The part of the resume most similar to the role.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Evidence {
    pub first_line: usize,
    pub last_line: usize,
    /// The resume section the passage is in ("Experience", "Projects"…), when it has headings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    pub similarity: f32,
    pub excerpt: String,
}

/// One requirement of the opening and the resume passage that meets it best.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RequirementEvidence {
    pub requirement: String,
    /// A preferred qualification ("nice to have"), which weighs less than a required one.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub preferred: bool,
    pub similarity: f32,
    pub first_line: usize,
    pub last_line: usize,
}

/// Why a role matched: each part of the score and the skills behind it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Explanation {
    /// Cosine of the whole resume and the role.
    pub document_similarity: f32,
    /// Cosine of the resume's best passage and the role.
    pub passage_similarity: f32,
    /// How well the opening's requirements are met: the mean, over its requirements, of the
    /// best passage's cosine, preferred qualifications at their lesser weight (job postings
    /// only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requirement_similarity: Option<f32>,
    /// Character n-gram similarity of a short input and the role's text (titles only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lexical_similarity: Option<f32>,
    /// The catalog alias a short input matched better than the role's own text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_alias: Option<String>,
    /// The blend that the semantic part is made of.
    pub semantic_similarity: f32,
    pub semantic_part: f32,
    pub skill_coverage: f32,
    pub skill_part: f32,
    pub shared_skills: Vec<SharedSkill>,
    pub missing_core_skills: Vec<SkillRef>,
    pub missing_other_skills: Vec<SkillRef>,
    /// Missing skills of a trade's practice whose family the resume shows another skill of
    /// ("marketing strategy" asked, "email marketing" shown): each earns a part of its weight.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_skills: Vec<RelatedSkill>,
    /// Skills the resume shows that the role does not list.
    pub extra_skills: Vec<SkillRef>,
    pub evidence: Option<Evidence>,
    /// Each requirement of the opening with the passage that meets it best.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<RequirementEvidence>,
}

/// One role matched to one resume.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Match {
    pub role_id: String,
    pub role_title: String,
    /// The raw score, 0 to 1: semantic part + skill part.
    pub score: f32,
    /// The raw score on the calibrated 0–100 scale.
    pub match_score: u8,
    pub band: Band,
    pub explanation: Explanation,
}

/// Everything the scorer needs to know about one resume, with what it derives from the skills
/// worked out once for every role the resume is scored against.
pub(crate) struct ResumeEvidence<'a> {
    pub document: &'a Document,
    pub embedding: &'a DocumentEmbedding,
    /// The resume's passages (byte ranges in the document) and their vectors.
    pub passages: &'a [WindowEmbedding],
    /// Its skill mentions, the lines that list skills and the lists set aside (whose skills
    /// earn nothing).
    pub findings: &'a Findings,
    /// For each passage the scorer compares (the passages, or the model's windows when there
    /// are none), whether it shows work rather than only listing skills (see [`only_lists`]).
    shows_work: Vec<bool>,
}

impl<'a> ResumeEvidence<'a> {
    pub fn new(
        document: &'a Document,
        embedding: &'a DocumentEmbedding,
        passages: &'a [WindowEmbedding],
        findings: &'a Findings,
    ) -> Self {
        let mut evidence = ResumeEvidence {
            document,
            embedding,
            passages,
            findings,
            shows_work: Vec::new(),
        };
        evidence.shows_work = evidence
            .compared()
            .iter()
            .map(|w| !only_lists(document, &w.byte_range, &findings.listing))
            .collect();
        evidence
    }

    /// The passages a role is compared with: the resume's passages, or the model's windows
    /// when there are none.
    fn compared(&self) -> &'a [WindowEmbedding] {
        if self.passages.is_empty() {
            &self.embedding.windows
        } else {
            self.passages
        }
    }

    /// The resume's skill mentions.
    pub fn skills(&self) -> &'a SkillHits {
        &self.findings.skills
    }
}

/// Scores `role` (whose vector is `role_vector`) against a resume and explains the result.
pub(crate) fn score_role(
    role: &Role,
    role_vector: &[f32],
    resume: &ResumeEvidence<'_>,
    taxonomy: &Taxonomy,
    weights: &ScoreWeights,
) -> Match {
    score_opening(role, role_vector, &[], resume, taxonomy, weights)
}

/// Scores an opening whose requirements and preferences (`role.requirements`, then
/// `role.preferred`, embedded in that order as `requirement_vectors`) are each matched to the
/// resume's best passage; with none it is [`score_role`].
pub(crate) fn score_opening(
    role: &Role,
    role_vector: &[f32],
    requirement_vectors: &[Vec<f32>],
    resume: &ResumeEvidence<'_>,
    taxonomy: &Taxonomy,
    weights: &ScoreWeights,
) -> Match {
    let document_similarity = dot(&resume.embedding.vector, role_vector);
    let evidence = best_passage(resume, role_vector);
    let passage_similarity = evidence
        .as_ref()
        .map_or(document_similarity, |e| e.similarity);
    let mut similarity = (1.0 - weights.best_passage) * document_similarity
        + weights.best_passage * passage_similarity;
    let asked = role
        .requirements
        .iter()
        .map(|text| (text, false))
        .chain(role.preferred.iter().map(|text| (text, true)));
    let requirements: Vec<RequirementEvidence> = asked
        .zip(requirement_vectors)
        .filter_map(|((text, preferred), vector)| {
            let found = best_passage(resume, vector)?;
            Some(RequirementEvidence {
                requirement: text.clone(),
                preferred,
                similarity: found.similarity,
                first_line: found.first_line,
                last_line: found.last_line,
            })
        })
        .collect();
    let weight = |r: &RequirementEvidence| {
        if r.preferred {
            weights.preferred
        } else {
            1.0
        }
    };
    let total_weight: f32 = requirements.iter().map(weight).sum();
    let requirement_similarity = (total_weight > 0.0).then(|| {
        requirements
            .iter()
            .map(|r| weight(r) * r.similarity)
            .sum::<f32>()
            / total_weight
    });
    if let Some(met) = requirement_similarity {
        similarity = (1.0 - weights.requirements) * similarity + weights.requirements * met;
    }
    let explanation = Explanation {
        document_similarity,
        passage_similarity,
        requirement_similarity,
        semantic_similarity: similarity,
        evidence,
        requirements,
        ..Explanation::default()
    };
    assemble(role, resume, taxonomy, weights, explanation)
}

/// Scores `role` for a short input (a title, a one-line query) whose title similarity is
/// `title` (see [`crate::titles`]), with the same skill part as every other score.
pub(crate) fn score_title(
    role: &Role,
    title: &TitleScore,
    resume: &ResumeEvidence<'_>,
    taxonomy: &Taxonomy,
    weights: &ScoreWeights,
) -> Match {
    let explanation = Explanation {
        document_similarity: title.cosine,
        passage_similarity: title.cosine,
        lexical_similarity: Some(title.lexical),
        matched_alias: title.alias.clone(),
        semantic_similarity: title.similarity,
        ..Explanation::default()
    };
    assemble(role, resume, taxonomy, weights, explanation)
}

/// Adds the skill part to an explanation whose similarities are set, and grades the total.
fn assemble(
    role: &Role,
    resume: &ResumeEvidence<'_>,
    taxonomy: &Taxonomy,
    weights: &ScoreWeights,
    mut explanation: Explanation,
) -> Match {
    // Skills named only in lists the resume does not back earn nothing.
    let set_aside = &resume.findings.set_aside;
    let listing = &resume.findings.listing;
    let role_skills = role.all_skills();
    let is_core = |id: &str| role.core_skills.iter().any(|c| c == id);
    let weight_of = |id: &str| {
        let generic = taxonomy.get(id).is_some_and(|skill| skill.generic);
        let kind = if is_core(id) {
            weights.core_skill
        } else {
            weights.other_skill
        };
        kind * if generic { weights.generic_skill } else { 1.0 }
    };
    // One mention meets one thing the opening asks: where it asks for React and front-end
    // engineering alike, "React" meets React; where it requires PHP and only prefers
    // Laravel, a resume's Laravel still meets the PHP it requires.
    let asked = |id: &str| role_skills.contains(&id);
    // A skill named only in lists earns part of what one shown in use earns.
    let listed_share = |listed_only: bool| {
        if listed_only {
            weights.listed_only
        } else {
            1.0
        }
    };
    let lines: BTreeMap<&str, Vec<usize>> = resume
        .skills()
        .lines_by_skill_for(|narrower, broader| {
            asked(narrower) && asked(broader) && weight_of(narrower) >= weight_of(broader)
        })
        .into_iter()
        .filter_map(|(id, found)| {
            let kept: Vec<usize> = found
                .into_iter()
                .filter(|l| !set_aside.contains(l))
                .collect();
            (!kept.is_empty()).then_some((id, kept))
        })
        .collect();
    let skill_ref = |id: &str| SkillRef {
        id: id.to_string(),
        name: taxonomy.name(id).to_string(),
    };

    let mut total = 0.0f32;
    let mut covered = 0.0f32;
    // What the opening asks, in its order: each skill on its own, or a group of alternatives
    // ("Java, C#, or C++") at the place of its first skill, which one shown skill meets. A
    // group weighs as its heaviest skill, and is missing once, by all its names.
    let mut asks: Vec<Vec<&str>> = Vec::new();
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    for &id in &role_skills {
        if placed.contains(id) {
            continue;
        }
        let group = role.alternatives.iter().find(|g| g.iter().any(|m| m == id));
        let members: Vec<&str> = match group {
            Some(group) => group
                .iter()
                .map(String::as_str)
                .filter(|m| role_skills.contains(m) && !placed.contains(m))
                .collect(),
            None => vec![id],
        };
        placed.extend(members.iter().copied());
        asks.push(members);
    }
    // What no shown skill meets, with its weight and its name in the explanation.
    let mut unmet: Vec<(&[&str], f32, SkillRef)> = Vec::new();
    for members in &asks {
        let weight = members.iter().map(|m| weight_of(m)).fold(0.0f32, f32::max);
        total += weight;
        let mut credit = 0.0f32;
        let mut shown = false;
        for &id in members {
            let Some(found) = lines.get(id) else {
                continue;
            };
            shown = true;
            let listed_only = only_listed(found, listing);
            credit = credit.max(weight * listed_share(listed_only));
            explanation.shared_skills.push(SharedSkill {
                id: id.to_string(),
                name: taxonomy.name(id).to_string(),
                core: is_core(id),
                lines: found.clone(),
                listed_only,
            });
        }
        if shown {
            covered += credit;
            continue;
        }
        let missing = match members.as_slice() {
            [] => continue,
            [id] => skill_ref(id),
            [first, ..] => SkillRef {
                id: first.to_string(),
                name: any_one(members.iter().map(|id| taxonomy.name(id))),
            },
        };
        unmet.push((members, weight, missing.clone()));
        if members.iter().any(|m| is_core(m)) {
            explanation.missing_core_skills.push(missing);
        } else {
            explanation.missing_other_skills.push(missing);
        }
    }
    // Not shown, but a skill of the same trade is: part of the weight. Each skill shown
    // stands in for one missing skill at most, the heaviest first: one fact about the
    // person's trade ("electronic health records") is not partial evidence of every practice
    // the opening names (nursing, care planning, health education).
    unmet.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut standing_in: BTreeSet<&str> = BTreeSet::new();
    for (members, weight, missing) in unmet {
        if let Some((related, found)) = related_to(members, &lines, &standing_in, listing, taxonomy)
        {
            standing_in.insert(related);
            let listed_only = only_listed(found, listing);
            covered += weight * weights.related_skill * listed_share(listed_only);
            explanation.related_skills.push(RelatedSkill {
                asked: missing,
                shown: skill_ref(related),
                lines: found.clone(),
                listed_only,
            });
        }
    }
    explanation.extra_skills = lines
        .keys()
        .filter(|id| !role_skills.contains(id))
        .map(|id| skill_ref(id))
        .collect();
    // A role without skills scores on similarity alone: no coverage, no noise.
    explanation.skill_coverage = if total > 0.0 {
        covered / total.max(weights.skill_weight_floor)
    } else {
        0.0
    };
    explanation.semantic_part = weights.semantic * explanation.semantic_similarity.max(0.0);
    explanation.skill_part = weights.skills * explanation.skill_coverage;
    // An unfilled template shows no person's experience: it is not scored (its outputs say
    // so, see `crate::template::caution`).
    let template = !resume.findings.placeholders.is_empty();
    if template {
        explanation.semantic_part = 0.0;
        explanation.skill_part = 0.0;
    }
    let score = explanation.semantic_part + explanation.skill_part;
    // Skills every trade claims do not lift a band on their own.
    let specific = |s: &&SharedSkill| !taxonomy.get(&s.id).is_some_and(|skill| skill.generic);
    let core_in_use = explanation
        .shared_skills
        .iter()
        .filter(specific)
        .filter(|s| s.core && !s.listed_only)
        .count();
    let support = SkillSupport {
        shared: if template {
            0
        } else {
            explanation.shared_skills.iter().filter(specific).count()
        },
        core_in_use: if template { 0 } else { core_in_use },
    };
    let (match_score, band) = Calibration::builtin().grade(score, support);
    Match {
        role_id: role.id.clone(),
        role_title: role.title.clone(),
        score,
        match_score,
        band,
        explanation,
    }
}

/// Whether every line a skill was found on only lists skills: it is named, not shown in use.
fn only_listed(found: &[usize], listing: &BTreeSet<usize>) -> bool {
    found.iter().all(|l| listing.contains(l))
}

/// The trade of a skill that a relative can partly meet: a practice of a trade (a category
/// marked `trade = true`), not a tool and not a skill every trade claims.
fn practice_family<'t>(taxonomy: &'t Taxonomy, id: &str) -> Option<&'t str> {
    taxonomy
        .get(id)
        .filter(|skill| skill.of_a_trade && !skill.generic)
        .map(|skill| skill.category.as_str())
}

/// The first skill (by id, so the choice never wavers) the resume shows in the family of one
/// of `members` and that is not `standing_in` for another missing skill already, with its
/// lines, preferring one shown in use over one only listed.
fn related_to<'l>(
    members: &[&str],
    lines: &'l BTreeMap<&str, Vec<usize>>,
    standing_in: &BTreeSet<&str>,
    listing: &BTreeSet<usize>,
    taxonomy: &Taxonomy,
) -> Option<(&'l str, &'l Vec<usize>)> {
    let families: BTreeSet<&str> = members
        .iter()
        .filter_map(|m| practice_family(taxonomy, m))
        .collect();
    let in_family = || {
        lines
            .iter()
            .filter(|(id, _)| !standing_in.contains(*id))
            .filter(|(id, _)| practice_family(taxonomy, id).is_some_and(|f| families.contains(f)))
    };
    in_family()
        .find(|(_, found)| !only_listed(found, listing))
        .or_else(|| in_family().next())
        .map(|(id, found)| (*id, found))
}

/// "Java / C# / C++ (any one)": a group of alternatives named as one missing skill, its
/// names set apart from the commas that separate missing skills.
fn any_one<'n>(names: impl Iterator<Item = &'n str>) -> String {
    format!("{} (any one)", names.collect::<Vec<_>>().join(" / "))
}

/// Nearest neighbours to retrieve before scoring, so that the skill part can still reorder
/// the best `top_k`. Both directions (`match` and `rank`) use it.
pub fn retrieval_width(top_k: usize) -> usize {
    (top_k * 3).max(10)
}

/// The best `top_k` of `scored` at or above `min_score`, highest score first; equal scores
/// fall back to `key` (a role or candidate id) so the order never wavers. The one selection
/// both directions use.
pub(crate) fn keep_best<T>(
    mut scored: Vec<T>,
    score: impl Fn(&T) -> f32,
    key: impl Fn(&T) -> &str,
    top_k: usize,
    min_score: f32,
) -> Vec<T> {
    scored.retain(|item| score(item) >= min_score);
    scored.sort_by(|a, b| {
        score(b)
            .total_cmp(&score(a))
            .then_with(|| key(a).cmp(key(b)))
    });
    scored.truncate(top_k);
    scored
}

/// Most words a line of a resume's header holds ("jane@example.com · +1 555 0100 · Berlin").
const HEADER_LINE_MAX_WORDS: usize = 12;

/// Whether a passage holds nothing but lists of skills: at least one line lists skills, and
/// every other line is blank, a heading, a list's group label (a few words, no sentence: as
/// an HTML or PDF theme prints "Web" above its tools) or part of the resume's header above
/// its first section (the name and contacts a short list merges with). A skills block is
/// the same list whether its format prints the labels on lines of their own or before a
/// colon; a line of work under any heading is never part of it.
fn only_lists(doc: &Document, range: &std::ops::Range<usize>, listing: &BTreeSet<usize>) -> bool {
    let first = doc.line_of(range.start);
    let last = doc.line_of(range.end.saturating_sub(1).max(range.start));
    let header_ends = doc.sections().first().map_or(0, |s| s.first_line);
    let is_label = |text: &str| {
        let bare = text.trim_matches(|c: char| matches!(c, '*' | '-' | '•' | '_' | ':' | ' '));
        !bare.is_empty()
            && bare.split_whitespace().count() <= LABEL_MAX_WORDS
            && !bare.ends_with(['.', '!', '?'])
    };
    // The name, a headline, contacts: short, no sentence.
    let is_header_line = |text: &str| {
        text.split_whitespace().count() <= HEADER_LINE_MAX_WORDS && !text.ends_with('.')
    };
    (first..=last).any(|line| listing.contains(&line))
        && (first..=last).all(|line| {
            let text = doc.line(line).trim();
            text.is_empty()
                || text.starts_with('#')
                || listing.contains(&line)
                || heading_kind(text).is_some()
                || is_label(text)
                || (line < header_ends && is_header_line(text))
        })
}

/// The passage most similar to the role (the model's windows when there are no passages),
/// one that shows work when the resume has one.
fn best_passage(resume: &ResumeEvidence<'_>, role_vector: &[f32]) -> Option<Evidence> {
    let doc = resume.document;
    // A passage that only lists skills (a skills block, a line of technologies) is evidence of
    // nothing: the best passage is one that shows work, when the resume has one.
    let best = |work_only: bool| {
        resume
            .compared()
            .iter()
            .zip(&resume.shows_work)
            .filter(|&(_, &shows_work)| !work_only || shows_work)
            .map(|(w, _)| (w, dot(&w.vector, role_vector)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    };
    let (window, similarity) = best(true).or_else(|| best(false))?;
    let mut range = window.byte_range.clone();
    // A passage that took in the resume's header (name, headline, contact details) above the
    // first section is quoted from that section on: a person's e-mail address is not
    // evidence of anything.
    if let Some(section) = doc.sections().first() {
        let (first, last) = (
            doc.line_of(range.start),
            doc.line_of(range.end.saturating_sub(1).max(range.start)),
        );
        if first < section.first_line && section.first_line <= last {
            let heading_only = doc
                .line(section.first_line)
                .trim()
                .trim_matches(['#', '*', '_', ' ', ':'])
                .eq_ignore_ascii_case(section.title.trim().trim_matches(['#', '*', '_', ' ', ':']));
            let from = if heading_only && section.first_line < last {
                section.first_line + 1
            } else {
                section.first_line
            };
            range.start = doc.line_start(from);
        }
    }
    let text = doc.text().get(range.clone()).unwrap_or("");
    let mut excerpt: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some((cut, _)) = excerpt.char_indices().nth(160) {
        excerpt.truncate(cut);
        excerpt.push('…');
    }
    let first_line = doc.line_of(range.start);
    let last_line = doc.line_of(range.end.saturating_sub(1).max(range.start));
    Some(Evidence {
        first_line,
        last_line,
        section: main_section(doc, &range).map(|section| section.title.clone()),
        similarity,
        excerpt,
    })
}

/// The section that holds most of the words in the byte `range` (the earlier one on a tie): a
/// passage that took in a short section after it ("EDUCATION" and one degree under a skills
/// list) is still named for the section it is mostly in.
fn main_section<'d>(doc: &'d Document, range: &std::ops::Range<usize>) -> Option<&'d Section> {
    let mut words: Vec<(&Section, usize)> = Vec::new();
    let last = doc.line_of(range.end.saturating_sub(1).max(range.start));
    for n in doc.line_of(range.start)..=last {
        let Some(section) = doc.section_at(n) else {
            continue;
        };
        // Only the part of the line inside the range (a model window may cut a line).
        let start = doc.line_start(n);
        let line = doc.line(n);
        let from = range.start.saturating_sub(start).min(line.len());
        let to = range.end.saturating_sub(start).min(line.len());
        let count = line
            .get(from..to.max(from))
            .unwrap_or("")
            .split_whitespace()
            .count();
        match words.iter_mut().find(|(s, _)| std::ptr::eq(*s, section)) {
            Some((_, total)) => *total += count,
            None => words.push((section, count)),
        }
    }
    words
        .into_iter()
        .rev()
        .max_by_key(|&(_, count)| count)
        .map(|(section, _)| section)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::embed::{fake::FakeEmbedder, Embedder};
    use crate::read::document_from_text;
    use crate::skills::SkillExtractor;

    #[test]
    fn parts_add_up_and_skills_are_explained() {
        let taxonomy = Taxonomy::builtin().unwrap();
        let catalog = Catalog::builtin(&taxonomy).unwrap();
        let role = catalog.get("ai-engineer").unwrap();
        let doc = document_from_text(
            "r",
            "Backend engineer\nShipped RAG with LangChain and pgvector\nWrote evals",
        );
        let embedder = FakeEmbedder { dimensions: 64 };
        let emb = embedder.embed_documents(&[doc.text()]).unwrap().remove(0);
        let role_vec = embedder
            .embed_documents(&[&role.embedding_text()])
            .unwrap()
            .remove(0)
            .vector;
        let skills = Findings::of(&doc, &SkillExtractor::new(taxonomy.clone()));
        let resume = ResumeEvidence::new(&doc, &emb, &[], &skills);
        let m = score_role(
            role,
            &role_vec,
            &resume,
            &taxonomy,
            &ScoreWeights::default(),
        );
        let e = &m.explanation;
        assert!((e.semantic_part + e.skill_part - m.score).abs() < 1e-6);
        let rag = e.shared_skills.iter().find(|s| s.id == "rag").unwrap();
        assert!(rag.core);
        assert_eq!(rag.lines, vec![2]);
        assert!(e.missing_core_skills.iter().any(|s| s.id == "typescript"));
        assert!(!e.missing_core_skills.iter().any(|s| s.id == "rag"));
        assert!(e.skill_coverage > 0.0 && e.skill_coverage < 1.0);
        assert!(
            e.extra_skills.iter().any(|s| s.id == "backend")
                || role.all_skills().contains(&"backend")
        );
        assert!(e
            .extra_skills
            .iter()
            .all(|s| !role.all_skills().contains(&s.id.as_str())));
        assert_eq!(e.evidence.as_ref().unwrap().first_line, 1);
    }

    /// `role` scored against a one-document resume of `text` (a fake embedder: only the skills
    /// part means anything).
    fn explain_text(role: &crate::catalog::Role, text: &str) -> Explanation {
        let taxonomy = Taxonomy::builtin().unwrap();
        let extractor = SkillExtractor::new(taxonomy.clone());
        let doc = document_from_text("r", text);
        let embedder = FakeEmbedder { dimensions: 64 };
        let emb = embedder.embed_documents(&[doc.text()]).unwrap().remove(0);
        let skills = Findings::of(&doc, &extractor);
        let resume = ResumeEvidence::new(&doc, &emb, &[], &skills);
        let vector = emb.vector.clone();
        score_role(role, &vector, &resume, &taxonomy, &ScoreWeights::default()).explanation
    }

    #[test]
    fn an_unfilled_template_is_not_scored_and_the_same_text_filled_in_is() {
        let taxonomy = Taxonomy::builtin().unwrap();
        let catalog = Catalog::builtin(&taxonomy).unwrap();
        let role = catalog.get("ai-engineer").unwrap();
        let body = "Shipped RAG with LangChain and pgvector\nWrote evals in Python\n";
        let score = |header: &str| {
            let doc = document_from_text("r", &format!("{header}{body}"));
            let embedder = FakeEmbedder { dimensions: 64 };
            let emb = embedder.embed_documents(&[doc.text()]).unwrap().remove(0);
            let findings = Findings::of(&doc, &SkillExtractor::new(taxonomy.clone()));
            let resume = ResumeEvidence::new(&doc, &emb, &[], &findings);
            let vector = emb.vector.clone();
            score_role(role, &vector, &resume, &taxonomy, &ScoreWeights::default())
        };
        let filled = score("Ana Ruiz\nML Engineer | Acme | 2021 - 2024\n");
        let template = score("[Your Name]\n[Job Title] | [Company Name] | [Start Date]\n");
        assert!(filled.score > 0.3, "{}", filled.score);
        assert_eq!((template.score, template.match_score), (0.0, 0));
        assert_eq!(template.band, Band::Weak);
        let e = &template.explanation;
        assert_eq!(e.semantic_part + e.skill_part, template.score);
    }

    #[test]
    fn one_of_a_postings_alternatives_meets_the_group() {
        let role = |alternatives: bool| {
            let mut role = crate::catalog::Role::new("job".into(), "Engineer".into(), "x".into());
            role.core_skills = ["java", "csharp", "cpp", "sql"].map(String::from).to_vec();
            if alternatives {
                role.alternatives = vec![["java", "csharp", "cpp"].map(String::from).to_vec()];
            }
            role
        };
        let missing = |e: &Explanation| -> Vec<String> {
            e.missing_core_skills.iter().map(|s| s.id.clone()).collect()
        };
        let java = "Built Java microservices for six years.";
        // Read as alternatives, Java meets the group: C# and C++ are not missing, and the
        // coverage is Java's weight out of the group's and SQL's.
        let one_of = explain_text(&role(true), java);
        assert_eq!(missing(&one_of), vec!["sql"]);
        let alone = explain_text(&role(false), java);
        assert_eq!(missing(&alone), vec!["csharp", "cpp", "sql"]);
        assert!(one_of.skill_coverage > alone.skill_coverage);
        // None of them shown: the group is missing once, by all its names, and weighs as one
        // skill.
        let neither = explain_text(&role(true), "Wrote reports in SQL every week.");
        assert_eq!(missing(&neither), vec!["java"]);
        assert_eq!(
            neither.missing_core_skills[0].name,
            "Java / C# / C++ (any one)"
        );
        let sql_alone = explain_text(&role(false), "Wrote reports in SQL every week.");
        assert!(neither.skill_coverage > sql_alone.skill_coverage);
    }

    #[test]
    fn a_skill_of_the_same_trade_earns_a_quarter_and_a_sibling_tool_nothing() {
        let role = |core: &[&str]| {
            let mut role = crate::catalog::Role::new("job".into(), "Lead".into(), "x".into());
            role.core_skills = core.iter().map(|s| s.to_string()).collect();
            role
        };
        let marketing = role(&["esco-marketing-strategy", "esco-public-relations"]);
        let campaigns = explain_text(&marketing, "Ran email marketing campaigns for 40 clients.");
        // Still missing, and said to be partly met by the skill of the same trade: one skill
        // stands in for one missing skill, not for every practice of its trade.
        assert_eq!(campaigns.missing_core_skills.len(), 2);
        let related = |explanation: &Explanation| -> Vec<(String, String)> {
            explanation
                .related_skills
                .iter()
                .map(|r| (r.asked.id.clone(), r.shown.id.clone()))
                .collect()
        };
        assert_eq!(
            related(&campaigns),
            vec![(
                "esco-marketing-strategy".to_string(),
                "esco-email-marketing".to_string()
            )]
        );
        // A core skill of weight 2 met at a quarter, over the floor of 6.
        let w = ScoreWeights::default();
        let one = w.core_skill * w.related_skill / w.skill_weight_floor;
        assert!((campaigns.skill_coverage - one).abs() < 1e-6);
        // Two skills of the trade stand in for two.
        let both = explain_text(
            &marketing,
            "Ran email marketing campaigns and social media management for 40 clients.",
        );
        assert_eq!(related(&both).len(), 2, "{:?}", related(&both));
        assert!((both.skill_coverage - 2.0 * one).abs() < 1e-6);
        // Named only in a list, the related skill earns half as much: an eighth.
        let listed = explain_text(&marketing, "## Skills\nEmail marketing, Excel, Mailchimp\n");
        assert!(listed.related_skills.iter().all(|r| r.listed_only));
        assert!((listed.skill_coverage - one / 2.0).abs() < 1e-6);
        // A group of alternatives is partly met once, and named as the missing group is.
        let mut either = role(&["esco-marketing-strategy", "esco-public-relations"]);
        either.alternatives = vec![["esco-marketing-strategy", "esco-public-relations"]
            .map(String::from)
            .to_vec()];
        let group = explain_text(&either, "Ran email marketing campaigns for 40 clients.");
        assert_eq!(group.related_skills.len(), 1);
        assert_eq!(
            group.related_skills[0].asked.name,
            group.missing_core_skills[0].name
        );
        // A resume of another trade earns nothing.
        let nurse = explain_text(&marketing, "Provided direct patient care on a busy ward.");
        assert!(nurse.related_skills.is_empty());
        assert_eq!(nurse.skill_coverage, 0.0);
        // Tools are not a trade: Java does not partly meet Python.
        let python = role(&["python"]);
        let java = explain_text(&python, "Built Java microservices for six years.");
        assert!(java.related_skills.is_empty());
        assert_eq!(java.skill_coverage, 0.0);
    }

    #[test]
    fn a_match_that_shares_only_skills_every_trade_claims_stays_weak() {
        let taxonomy = Taxonomy::builtin().unwrap();
        let role: crate::catalog::Role = toml::from_str(
            "id = \"coordinator\"\ntitle = \"Coordinator\"\ndescription = \"x\"\ncore_skills = [\"communication\", \"stakeholder-management\", \"sql\"]",
        )
        .unwrap();
        let band = |text: &str| {
            let doc = document_from_text("r", text);
            let embedder = FakeEmbedder { dimensions: 64 };
            let emb = embedder.embed_documents(&[doc.text()]).unwrap().remove(0);
            // The role's vector is the resume's own: text similarity is as high as it gets.
            let role_vec = emb.vector.clone();
            let skills = Findings::of(&doc, &SkillExtractor::new(taxonomy.clone()));
            let resume = ResumeEvidence::new(&doc, &emb, &[], &skills);
            let m = score_role(
                &role,
                &role_vec,
                &resume,
                &taxonomy,
                &ScoreWeights::default(),
            );
            (m.explanation.shared_skills.len(), m.band)
        };
        let (shared, generic_only) =
            band("Ran workshops and presentations for stakeholders across the district.");
        assert_eq!(
            shared, 2,
            "communication and stakeholder management are found"
        );
        assert_eq!(generic_only, Band::Weak);
        let (_, with_python) = band(
            "Ran workshops and presentations for stakeholders; wrote SQL queries for the reports.",
        );
        assert_ne!(with_python, Band::Weak);
    }

    #[test]
    fn a_passage_that_only_lists_skills_is_never_the_evidence_while_work_is_shown() {
        let taxonomy = Taxonomy::builtin().unwrap();
        let catalog = Catalog::builtin(&taxonomy).unwrap();
        let role = catalog.get("ai-engineer").unwrap();
        let text = "# Sam\nKept the payroll reports on time.\n\n## Skills\n\
                    Python, PyTorch, RAG, LangChain, vLLM, Kubernetes\n";
        let doc = document_from_text("r", text);
        let skills = Findings::of(&doc, &SkillExtractor::new(taxonomy.clone()));
        let split = text.find("## Skills").unwrap();
        // The role's own vector on the skills block, an unrelated one on the work.
        let role_vec = vec![1.0, 0.0];
        let passage = |range: std::ops::Range<usize>, vector: Vec<f32>| WindowEmbedding {
            byte_range: range,
            vector,
        };
        let work = passage(0..split, vec![0.0, 1.0]);
        let listed = passage(split..text.len(), vec![1.0, 0.0]);
        let emb = DocumentEmbedding {
            vector: vec![0.6, 0.8],
            windows: vec![],
        };
        let score = |passages: &[WindowEmbedding]| {
            let resume = ResumeEvidence::new(&doc, &emb, passages, &skills);
            score_role(
                role,
                &role_vec,
                &resume,
                &taxonomy,
                &ScoreWeights::default(),
            )
        };
        let both = score(&[work.clone(), listed.clone()]);
        let evidence = both.explanation.evidence.unwrap();
        assert_eq!((evidence.first_line, evidence.similarity), (1, 0.0));
        // With nothing but the list, the list is all there is.
        let only_list = score(&[listed]);
        assert_eq!(only_list.explanation.evidence.unwrap().similarity, 1.0);
        assert!(only_list.score > both.score);
    }

    #[test]
    fn a_skills_block_whose_labels_stand_on_their_own_lines_is_still_only_a_list() {
        // As an HTML or PDF theme prints a skills block: an unmarked heading, each group's
        // label on a line of its own. The same block with "Web: …" lines was a list already.
        let taxonomy = Taxonomy::builtin().unwrap();
        let catalog = Catalog::builtin(&taxonomy).unwrap();
        let role = catalog.get("ai-engineer").unwrap();
        let text = "Sam Lee\nKept the payroll reports on time for a team of twelve people.\n\n\
                    SKILLS\nMachine learning\nPython PyTorch RAG LangChain vLLM\nCloud\n\
                    AWS Kubernetes Docker Terraform\n";
        let doc = document_from_text("r", text);
        let skills = Findings::of(&doc, &SkillExtractor::new(taxonomy.clone()));
        let split = text.find("SKILLS").unwrap();
        let resume_passages = [
            WindowEmbedding {
                byte_range: 0..split,
                vector: vec![0.0, 1.0],
            },
            WindowEmbedding {
                byte_range: split..text.len(),
                vector: vec![1.0, 0.0],
            },
        ];
        let emb = DocumentEmbedding {
            vector: vec![0.6, 0.8],
            windows: vec![],
        };
        let resume = ResumeEvidence::new(&doc, &emb, &resume_passages, &skills);
        let m = score_role(
            role,
            &[1.0, 0.0],
            &resume,
            &taxonomy,
            &ScoreWeights::default(),
        );
        let evidence = m.explanation.evidence.unwrap();
        assert_eq!((evidence.first_line, evidence.similarity), (1, 0.0));
        // Whether a passage is only a list, line by line.
        let only = |text: &str, first: usize, last: usize| {
            let doc = document_from_text("r", text);
            let skills = Findings::of(&doc, &SkillExtractor::new(taxonomy.clone()));
            let range = doc.line_start(first)..doc.line_start(last) + doc.line(last).len();
            only_lists(&doc, &range, &skills.listing)
        };
        // The name and contacts a short list merges with are no work.
        let header = "Jo Park\njo@example.com | +1 555 0100\nSKILLS\n\
                      Python, SQL, Airflow, dbt, Snowflake, Kafka\n\nEXPERIENCE\n\
                      Built the nightly data pipelines in Airflow for the finance team.\n";
        assert!(only(header, 1, 4));
        // Work under a heading rolematch does not know is work, even after a skills list.
        let history = "SKILLS\nPython, SQL, Airflow, dbt, Snowflake, Kafka\n\
                       PROFESSIONAL HISTORY\nData Engineer, Acme\n\
                       Built the nightly data pipelines in Airflow for the finance team.\n";
        assert!(!only(history, 1, 5));
    }

    #[test]
    fn evidence_is_named_for_the_section_that_holds_most_of_it() {
        let doc = document_from_text(
            "cv.txt",
            "John Doe\n\nSKILLS:\n- Languages: JavaScript, Python, Java, Go\n\
             - Databases: PostgreSQL, MongoDB, Redis\n\nEDUCATION:\nB.S. Computer Science\n",
        );
        let title = |first: usize, last: usize| {
            let range = doc.line_start(first)..doc.line_start(last) + doc.line(last).len();
            main_section(&doc, &range).map(|s| s.title.clone())
        };
        assert_eq!(title(3, 8), Some("SKILLS".to_string()));
        assert_eq!(title(7, 8), Some("EDUCATION".to_string()));
        assert_eq!(title(1, 1), None);
        // A range that starts or ends inside a line counts the words inside it only: from
        // "Redis" (the last of line 5's five) to "B.S." (the first of line 8's three).
        let from = doc.line_start(5) + doc.line(5).find("Redis").unwrap();
        let cut = from..doc.line_start(8) + "B.S.".len();
        assert_eq!(
            main_section(&doc, &cut).map(|s| s.title.clone()),
            Some("EDUCATION".to_string())
        );
    }

    #[test]
    fn ranking_breaks_ties_by_role_id() {
        let mk = |id: &str, score: f32| Match {
            role_id: id.into(),
            role_title: id.into(),
            score,
            match_score: 0,
            band: Band::Weak,
            explanation: Explanation::default(),
        };
        let v = vec![mk("b", 0.5), mk("a", 0.5), mk("c", 0.9), mk("d", 0.1)];
        let best = keep_best(v, |m| m.score, |m| &m.role_id, 3, 0.2);
        let ids: Vec<_> = best.iter().map(|m| m.role_id.as_str()).collect();
        assert_eq!(ids, vec!["c", "a", "b"]);
        let two = keep_best(best, |m| m.score, |m| &m.role_id, 2, 0.0);
        assert_eq!(two.len(), 2);
    }
}
