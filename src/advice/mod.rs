//! Advice rules: short, testable notes on a resume drawn from the seed articles — dated titles,
//! mixed AI/ML claims, Research Engineer without publications, and the natural next role for a
//! background.

use serde::{Deserialize, Serialize};

use crate::analyze::Findings;
use crate::catalog::Catalog;
use crate::read::sections::SectionKind;
use crate::read::Document;
use crate::score::Match;
use crate::skills::SetAsideReason;
use crate::skills::SkillHits;
use crate::words::contains_word;

const BUILTIN_ADVICE: &str = include_str!("../../catalog/advice.toml");

/// How strongly a piece of advice should be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Note,
    Warning,
}

/// One piece of advice and the rule that gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Advice {
    pub rule: &'static str,
    pub level: Level,
    pub message: String,
}

/// A background, how to recognise it, and the roles it leads to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Background {
    pub id: String,
    pub name: String,
    pub skills: Vec<String>,
    pub min_hits: usize,
    pub next_roles: Vec<String>,
    pub note: String,
}

/// The data the rules use.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AdviceBook {
    /// The data file's version; read so that a file without one is refused, and shown by
    /// nothing yet.
    #[allow(dead_code)]
    pub version: String,
    #[serde(rename = "background")]
    pub backgrounds: Vec<Background>,
}

impl AdviceBook {
    pub fn builtin() -> AdviceBook {
        toml::from_str(BUILTIN_ADVICE).expect("catalog/advice.toml is valid (checked by a test)")
    }
}

/// Roles whose work is mainly building and training models.
const MODEL_BUILDING_ROLES: &[&str] = &[
    "ml-engineer",
    "ml-ai-hybrid-engineer",
    "research-engineer",
    "llm-engineer",
];
/// How many lines from the top count as the resume's headline.
const HEADLINE_LINES: usize = 3;
/// Backgrounds reported at most.
const MAX_BACKGROUNDS: usize = 2;

/// Every rule's advice for one resume and its ranked matches.
pub(crate) fn advise(
    doc: &Document,
    findings: &Findings,
    matches: &[Match],
    catalog: &Catalog,
    book: &AdviceBook,
) -> Vec<Advice> {
    let mut advice = Vec::new();
    advice.extend(dated_title(doc, catalog));
    advice.extend(mixed_ai_ml_titles(doc, matches));
    let skills = &findings.skills;
    advice.extend(research_without_artifact(doc, skills, matches));
    advice.extend(unbacked_lists(findings));
    advice.extend(backgrounds(skills, catalog, book));
    advice
}

/// A headline that uses a title the catalog marks as dated.
fn dated_title(doc: &Document, catalog: &Catalog) -> Option<Advice> {
    let headline: Vec<&str> = doc
        .lines()
        .map(|(_, l)| l)
        .filter(|l| !l.trim().is_empty())
        .take(HEADLINE_LINES)
        .collect();
    let headline = headline.join("\n");
    catalog.roles.iter().find_map(|role| {
        let note = role.dated.as_ref()?;
        let named = std::iter::once(&role.title)
            .chain(&role.aliases)
            .any(|t| contains_phrase(&headline, t));
        named.then(|| Advice {
            rule: "dated-title",
            level: Level::Note,
            message: note.clone(),
        })
    })
}

/// A resume that claims both AI Engineer and ML Engineer work confuses both screens.
fn mixed_ai_ml_titles(doc: &Document, matches: &[Match]) -> Option<Advice> {
    let text = doc.text();
    let ai = contains_phrase(text, "AI Engineer");
    let ml =
        contains_phrase(text, "ML Engineer") || contains_phrase(text, "Machine Learning Engineer");
    if !(ai && ml) {
        return None;
    }
    let model_side = matches
        .first()
        .is_some_and(|m| MODEL_BUILDING_ROLES.contains(&m.role_id.as_str()));
    let lead = if model_side {
        "ML Engineer"
    } else {
        "AI Engineer"
    };
    Some(Advice {
        rule: "mixed-ai-ml-titles",
        level: Level::Note,
        message: format!(
            "The resume claims both AI Engineer and ML Engineer titles; recruiters screen for one. \
             Lead with \"{lead}\", which is what the strongest evidence here supports \
             (AI Engineer for shipping LLM features, ML Engineer for training models)."
        ),
    })
}

/// Research Engineer among the top matches without a publication or open-source artifact.
fn research_without_artifact(
    doc: &Document,
    skills: &SkillHits,
    matches: &[Match],
) -> Option<Advice> {
    let near_top = matches
        .iter()
        .take(3)
        .any(|m| m.role_id == "research-engineer");
    if !near_top
        || skills.contains("publications")
        || skills.contains("open-source")
        || doc.has_section(SectionKind::Publications)
    {
        return None;
    }
    Some(Advice {
        rule: "research-without-publications",
        level: Level::Warning,
        message: "Research Engineer roles at frontier labs filter for a paper at a top venue \
                  (NeurIPS, ICML, ICLR) or an exceptional open-source project, and this resume \
                  shows neither. Add one, or apply for AI Engineer or Forward-Deployed roles."
            .to_string(),
    })
}

/// A skills list was set aside (repeated, copied under several jobs, or far longer than the
/// experience shows): say what was seen and how to write it so that it counts. Worded as
/// advice on the writing, never as a judgement of the person.
fn unbacked_lists(findings: &Findings) -> Option<Advice> {
    let blocks = findings
        .skills
        .set_aside_blocks(&findings.listing, findings.describes_work);
    let first = blocks.first()?;
    let last = blocks.last()?;
    let span = if first.first_line == last.last_line {
        format!("line {}", first.first_line)
    } else {
        format!("lines {}–{}", first.first_line, last.last_line)
    };
    let seen = match first.reason {
        SetAsideReason::Repeated => "names the same tools several times over".to_string(),
        SetAsideReason::Copied => {
            "appears again, nearly word for word, under more than one job".to_string()
        }
        SetAsideReason::OutOfProportion { listed, shown } => {
            format!("names {listed} tools, where the rest of the resume shows {shown} in use")
        }
    };
    Some(Advice {
        rule: "unbacked-skill-list",
        level: Level::Warning,
        message: format!(
            "The skills list on {span} {seen}, so the match does not count it. List each tool \
             once, in one skills section, keep the ones you would be glad to be asked about, \
             and show the main ones in a bullet about the work."
        ),
    })
}

/// The natural next roles for the backgrounds the resume shows most clearly.
fn backgrounds(skills: &SkillHits, catalog: &Catalog, book: &AdviceBook) -> Vec<Advice> {
    let mut found: Vec<(f32, &Background)> = book
        .backgrounds
        .iter()
        .filter_map(|b| {
            let hits = b.skills.iter().filter(|s| skills.contains(s)).count();
            (hits >= b.min_hits).then_some((hits as f32 / b.skills.len() as f32, b))
        })
        .collect();
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    found
        .into_iter()
        .take(MAX_BACKGROUNDS)
        .filter_map(|(_, b)| {
            let titles: Vec<&str> = b
                .next_roles
                .iter()
                .filter_map(|id| catalog.get(id).map(|r| r.title.as_str()))
                .collect();
            (!titles.is_empty()).then(|| Advice {
                rule: "background-next-role",
                level: Level::Note,
                message: format!(
                    "Background: {} → {}. {}",
                    b.name,
                    titles.join(" or "),
                    b.note
                ),
            })
        })
        .collect()
}

/// Whether `phrase` occurs in `text` as whole words, ignoring case.
fn contains_phrase(text: &str, phrase: &str) -> bool {
    contains_word(&text.to_lowercase(), &phrase.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::document_from_text;
    use crate::score::Explanation;
    use crate::skills::{SkillExtractor, Taxonomy};

    fn fixture() -> (Catalog, SkillExtractor) {
        let taxonomy = Taxonomy::builtin().unwrap();
        (
            Catalog::builtin(&taxonomy).unwrap(),
            SkillExtractor::new(taxonomy),
        )
    }

    fn top(ids: &[&str]) -> Vec<Match> {
        ids.iter()
            .map(|id| Match {
                role_id: id.to_string(),
                role_title: id.to_string(),
                score: 0.5,
                match_score: 70,
                band: crate::score::Band::Strong,
                explanation: Explanation::default(),
            })
            .collect()
    }

    fn rules(text: &str, matches: &[&str]) -> Vec<Advice> {
        let (catalog, extractor) = fixture();
        let doc = document_from_text("r", text);
        let skills = Findings::of(&doc, &extractor);
        advise(
            &doc,
            &skills,
            &top(matches),
            &catalog,
            &AdviceBook::builtin(),
        )
    }

    fn has(advice: &[Advice], rule: &str) -> bool {
        advice.iter().any(|a| a.rule == rule)
    }

    #[test]
    fn an_unbacked_skill_list_is_named_with_its_lines() {
        let dump = "PyTorch, TensorFlow, LangChain, LlamaIndex, vLLM, Kubernetes, MLflow, RAG, \
                    Pinecone, Hugging Face, LoRA";
        let advice = rules(
            &format!("# Tom\n- Wrote Selenium tests in Java.\n\nSkills: {dump}\n\nTools: {dump}\n"),
            &[],
        );
        let note = advice
            .iter()
            .find(|a| a.rule == "unbacked-skill-list")
            .expect("the list is named");
        assert!(note.message.contains("lines 4–6"), "{}", note.message);
        assert!(
            note.message.contains("more than one job"),
            "{}",
            note.message
        );
        // One honest list that names more than the bullets show is not a finding.
        assert!(!has(
            &rules(
                &format!("# Tom\n- Wrote Selenium tests in Java.\n\nSkills: {dump}\n"),
                &[]
            ),
            "unbacked-skill-list"
        ));
        assert!(!has(
            &rules(
                "# Ana\n- Built RAG with LangChain.\n\nSkills: Python, SQL\n",
                &[]
            ),
            "unbacked-skill-list"
        ));
    }

    #[test]
    fn builtin_advice_refers_to_real_roles_and_skills() {
        let (catalog, extractor) = fixture();
        for b in AdviceBook::builtin().backgrounds {
            assert!(
                b.next_roles.iter().all(|r| catalog.get(r).is_some()),
                "{}",
                b.id
            );
            assert!(
                b.skills.iter().all(|s| extractor.taxonomy().contains(s)),
                "{}",
                b.id
            );
        }
    }

    #[test]
    fn prompt_engineer_headline_gets_the_dated_title_note() {
        let advice = rules(
            "Jane Doe\nSenior Prompt Engineer\n\nWrote prompts.",
            &["prompt-engineer"],
        );
        let note = advice.iter().find(|a| a.rule == "dated-title").unwrap();
        assert!(note.message.contains("AI Engineer (prompting & evals)"));
        // The title deep in the text is not a headline.
        let later = format!(
            "Jane Doe\nAI Engineer\n{}\nEarlier: prompt engineer",
            "x\n".repeat(5)
        );
        assert!(!has(&rules(&later, &["ai-engineer"]), "dated-title"));
    }

    #[test]
    fn claiming_both_ai_and_ml_engineer_gets_lead_with_one() {
        let text = "AI Engineer at A (2024)\nMachine Learning Engineer at B (2021)";
        let advice = rules(text, &["ml-engineer"]);
        let note = advice
            .iter()
            .find(|a| a.rule == "mixed-ai-ml-titles")
            .unwrap();
        assert!(note.message.contains("Lead with \"ML Engineer\""));
        let advice = rules(text, &["ai-engineer"]);
        assert!(advice
            .iter()
            .any(|a| a.message.contains("Lead with \"AI Engineer\"")));
        assert!(!has(
            &rules("GenAI Engineer; ML Engineer", &["ml-engineer"]),
            "mixed-ai-ml-titles"
        ));
    }

    #[test]
    fn research_engineer_without_papers_is_warned() {
        let plain = rules(
            "Built training stacks with FSDP and DeepSpeed",
            &["ml-engineer", "research-engineer"],
        );
        assert!(plain
            .iter()
            .any(|a| a.rule == "research-without-publications" && a.level == Level::Warning));
        let published = rules(
            "First-author paper at NeurIPS 2024; FSDP",
            &["research-engineer"],
        );
        assert!(!has(&published, "research-without-publications"));
        let listed = rules(
            "FSDP and DeepSpeed\n\nPublications\nSparse attention for long documents (2025)",
            &["research-engineer"],
        );
        assert!(!has(&listed, "research-without-publications"));
        let far = rules("FSDP", &["a", "b", "c", "research-engineer"]);
        assert!(!has(&far, "research-without-publications"));
    }

    #[test]
    fn backgrounds_point_to_their_natural_next_roles() {
        let backend = rules(
            "Backend engineer: REST APIs, microservices, Kubernetes, Terraform, Kafka",
            &[],
        );
        let messages: Vec<&str> = backend.iter().map(|a| a.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("AI / ML Platform Engineer")),
            "{messages:?}"
        );
        let voice = rules("Twilio SIP telephony and WebRTC media servers", &[]);
        assert!(voice
            .iter()
            .any(|a| a.message.contains("Voice AI Engineer")));
        assert!(rules("Pastry chef", &[]).is_empty());
    }
}
