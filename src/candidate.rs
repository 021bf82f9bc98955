//! One candidate as a reviewer looks at them: who the resume says they are (never in a blind
//! pool), their dated positions and education, and the resume as read, line by line, with
//! each skill mention marked so that evidence can be quoted and highlighted.

use serde::Serialize;

use crate::analyze::Findings;
use crate::education::EducationEntry;
use crate::experience::DatedRange;
use crate::pool::Candidate;
use crate::profile::Person;
use crate::read::received::YearMonth;
use crate::read::Document;
use crate::skills::{SkillHit, Taxonomy};

/// What `rolematch pool show` prints and `GET /api/pools/{name}/candidates/{id}` answers.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CandidateView {
    pub pool: String,
    pub candidate_id: String,
    /// The pool's texts had their identity cues replaced: no name or headline is shown.
    pub blind: bool,
    /// Who the resume is from, as its header says (nobody, in a blind pool).
    #[serde(flatten)]
    pub person: Person,
    /// The years the dated positions add up to; none when no dates could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_years: Option<f32>,
    /// The dated positions, with the line each was read from and its title and employer.
    pub positions: Vec<DatedRange>,
    /// The entries of the Education section.
    pub education: Vec<EducationEntry>,
    /// The resume as read, every line, numbered from 1 as evidence cites them.
    pub lines: Vec<ViewLine>,
}

/// One line of the resume as read, cut into plain text and skill mentions.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ViewLine {
    pub number: usize,
    pub parts: Vec<LinePart>,
    /// The line lists skills (a skills section, or a line naming five or more).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub listing: bool,
    /// A listing line set aside from scoring (see the advice on skill lists).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub set_aside: bool,
}

/// A run of a line's text; `skill` is the taxonomy id when the run is a skill mention.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct LinePart {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skill: Option<String>,
    /// The skill's name in the taxonomy, when the run is a mention.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skill_name: Option<String>,
}

impl CandidateView {
    /// The view of `document` with what analysis found in it; `blind` leaves out the person.
    pub fn new(
        pool: &str,
        candidate_id: &str,
        blind: bool,
        document: &Document,
        findings: &Findings,
        taxonomy: &Taxonomy,
    ) -> Self {
        let lines = document
            .lines()
            .map(|(number, text)| {
                let hits: Vec<&SkillHit> = findings
                    .skills
                    .written()
                    .filter(|h| h.line == number)
                    .collect();
                ViewLine {
                    number,
                    parts: line_parts(text, &hits, taxonomy),
                    listing: findings.listing.contains(&number),
                    set_aside: findings.set_aside.contains(&number),
                }
            })
            .collect();
        CandidateView {
            pool: pool.to_string(),
            candidate_id: candidate_id.to_string(),
            blind,
            person: Person::of(document, blind),
            total_years: findings.experience.years,
            positions: findings.experience.positions.clone(),
            education: findings.education.clone(),
            lines,
        }
    }
}

/// `text` cut at the skill mentions `hits` (byte spans within the line); overlapping or
/// out-of-range spans are left as plain text.
fn line_parts(text: &str, hits: &[&SkillHit], taxonomy: &Taxonomy) -> Vec<LinePart> {
    let mut hits: Vec<&&SkillHit> = hits.iter().collect();
    // At one start, the longest mention first ("machine learning engineer" over "machine").
    hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
    let plain = |s: &str| LinePart {
        text: s.to_string(),
        skill: None,
        skill_name: None,
    };
    let mut parts = Vec::new();
    let mut at = 0;
    for hit in hits {
        let span = hit.start..hit.end;
        if span.start < at
            || span.end > text.len()
            || span.is_empty()
            || !text.is_char_boundary(span.start)
            || !text.is_char_boundary(span.end)
        {
            continue;
        }
        if at < span.start {
            parts.push(plain(&text[at..span.start]));
        }
        parts.push(LinePart {
            text: text[span.clone()].to_string(),
            skill: Some(hit.skill.clone()),
            skill_name: Some(taxonomy.name(&hit.skill).to_string()),
        });
        at = span.end;
    }
    if at < text.len() || parts.is_empty() {
        parts.push(plain(&text[at..]));
    }
    parts
}

/// A pool candidate's text as a document received when its findings say (else the month it
/// was added), so that "present" in its dates keeps meaning the month it came in (a pool made
/// before either was kept: the latest date the text writes).
pub fn document_of(candidate: &Candidate) -> Document {
    let received = (candidate.findings.received.as_deref())
        .or(candidate.added_at.as_deref())
        .and_then(YearMonth::parse);
    Document::new(candidate.file.clone(), candidate.text.clone()).with_received(received)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::document_from_text;
    use crate::skills::SkillExtractor;

    #[test]
    fn a_candidates_document_was_received_the_month_it_was_added() {
        let mut candidate = Candidate {
            id: "a".into(),
            file: "a.md".into(),
            content_hash: String::new(),
            text: "## Experience\nNurse, May 2020 - Present\n".into(),
            passages: Vec::new(),
            findings: Findings::default(),
            added_at: Some("2024-05-17T09:30:00Z".into()),
        };
        let document = document_of(&candidate);
        assert_eq!(
            document.received(),
            Some(YearMonth {
                year: 2024,
                month: 5
            })
        );
        assert_eq!(crate::experience::experience(&document).years, Some(4.0));
        // The month its findings were made as of wins (a run with --as-of, a blind copy).
        candidate.findings.received = Some("2021-02".into());
        assert_eq!(
            document_of(&candidate).received().unwrap().to_string(),
            "2021-02"
        );
        // A pool made before either was kept: the latest date the text writes.
        candidate.added_at = None;
        candidate.findings.received = None;
        assert_eq!(document_of(&candidate).received(), None);
    }

    fn view_of(text: &str, blind: bool) -> CandidateView {
        let extractor = SkillExtractor::new(Taxonomy::builtin().unwrap());
        let document = document_from_text("cv.md", text);
        let findings = Findings::of(&document, &extractor);
        CandidateView::new(
            "p",
            "cv.md",
            blind,
            &document,
            &findings,
            extractor.taxonomy(),
        )
    }

    #[test]
    fn a_line_is_cut_at_its_skill_mentions_and_joins_back_to_itself() {
        let text = "Ana Lima\nData Engineer\n\n## Experience\nAcme, 2019 - 2023\n- Built Python and Kafka pipelines on AWS.\n";
        let view = view_of(text, false);
        assert_eq!(view.person.name.as_deref(), Some("Ana Lima"));
        assert_eq!(view.person.headline.as_deref(), Some("Data Engineer"));
        assert_eq!(
            view.lines.len(),
            document_from_text("cv.md", text).line_count()
        );
        for (line, (_, original)) in view
            .lines
            .iter()
            .zip(document_from_text("cv.md", text).lines())
        {
            let joined: String = line.parts.iter().map(|p| p.text.as_str()).collect();
            assert_eq!(joined, original);
        }
        let bullet = &view.lines[5];
        let skills: Vec<&str> = bullet
            .parts
            .iter()
            .filter_map(|p| p.skill.as_deref())
            .collect();
        assert!(
            skills.contains(&"python") && skills.contains(&"kafka"),
            "{skills:?}"
        );
        let python = bullet
            .parts
            .iter()
            .find(|p| p.skill.as_deref() == Some("python"))
            .unwrap();
        assert_eq!(python.text, "Python");
        assert!(
            view.total_years.is_some_and(|y| y > 3.0),
            "{:?}",
            view.total_years
        );
        assert_eq!(view.positions.len(), 1);
    }

    #[test]
    fn a_blind_view_names_nobody() {
        let view = view_of("Ana Lima\nData Engineer\n\n## Skills\nPython\n", true);
        assert!(view.blind && view.person.name.is_none() && view.person.headline.is_none());
        assert!(view.person.location.is_none());
        let json = serde_json::to_string(&view).unwrap();
        assert!(!json.contains("\"name\""), "{json}");
    }

    #[test]
    fn overlapping_or_broken_spans_stay_plain_text() {
        let taxonomy = Taxonomy::builtin().unwrap();
        let hit = |start, end| SkillHit {
            skill: "python".into(),
            line: 1,
            start,
            end,
            text: String::new(),
            implied: false,
        };
        let (a, b, c) = (hit(0, 6), hit(3, 9), hit(20, 40));
        let parts = line_parts("Python, é Go", &[&a, &b, &c], &taxonomy);
        let joined: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, "Python, é Go");
        assert_eq!(parts.iter().filter(|p| p.skill.is_some()).count(), 1);
        let broken = hit(9, 10); // inside 'é'
        let parts = line_parts("Python, é Go", &[&broken], &taxonomy);
        assert!(parts.iter().all(|p| p.skill.is_none()));
        assert_eq!(line_parts("", &[], &taxonomy).len(), 1);
    }
}
