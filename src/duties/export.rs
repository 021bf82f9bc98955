//! Everything held about one candidate, for their access request: the document as read and
//! what was found in it, every opening's scores for them, the decisions with the reviewers'
//! notes, and the numbers of the audit records that name them — as data and as a page.

use serde::Serialize;

use super::page::{blank, Page};
use crate::experience::Experience;
use crate::pool::openings::Decision;
use crate::profile::Profile;
use crate::read::sections::Section;

/// A skill found in the document, with the lines that mention it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillFound {
    pub name: String,
    pub lines: Vec<usize>,
}

/// One run of an opening that ranked the candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunSeen {
    pub at: String,
    pub by: String,
    /// The candidate's place in that ranking (1 is first) and how many were ranked.
    pub place: usize,
    pub ranked: usize,
    pub score: f32,
    pub match_score: u8,
    pub band: String,
    /// The content the score was made from: a corrected document has another hash.
    pub content_hash: String,
}

/// An opening that ranked the candidate, with each run that did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpeningSeen {
    pub opening: String,
    pub title: String,
    pub runs: Vec<RunSeen>,
}

/// Everything held about one candidate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateRecord {
    pub pool: String,
    pub candidate_id: String,
    pub file: String,
    pub content_hash: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub added_at: Option<String>,
    pub blind: bool,
    pub made_at: String,
    /// The text as rolematch read it (in a blind pool, with identity cues replaced).
    pub text: String,
    pub sections: Vec<Section>,
    pub profile: Profile,
    pub experience: Experience,
    pub skills: Vec<SkillFound>,
    /// Lines of skills set aside as no honest resume writes them (they earn nothing).
    pub set_aside_lines: Vec<usize>,
    pub openings: Vec<OpeningSeen>,
    /// Every decision on the candidate, oldest first, with the reviewers' notes.
    pub decisions: Vec<Decision>,
    /// Sequence numbers of the audit-log records that name the candidate (by id or content
    /// hash); they hold ids, hashes and scores, never the text.
    pub audit_records: Vec<u64>,
}

impl CandidateRecord {
    pub fn page(&self) -> Page {
        let mut page = Page::new(format!("What is held about {}", self.candidate_id));
        page.paragraph(format!(
            "This is everything rolematch holds about the application known as {} in the pool \
             “{}”, written on {} in answer to an access request. {}",
            self.candidate_id,
            self.pool,
            self.made_at.split('T').next().unwrap_or(&self.made_at),
            if self.blind {
                "The pool is blind: names, contact details and other identity cues were \
                 replaced before anything was kept, so the text below is the replaced one."
            } else {
                ""
            }
        ));
        page.table(
            &["what", "value"],
            vec![
                vec!["file it was read from".into(), self.file.clone()],
                vec![
                    "added".into(),
                    self.added_at
                        .clone()
                        .unwrap_or_else(|| "not recorded".into()),
                ],
                vec![
                    "content fingerprint (blake3)".into(),
                    self.content_hash.clone(),
                ],
            ],
        );

        page.heading("Scores in each opening");
        if self.openings.is_empty() {
            page.paragraph("No opening has ranked this application.");
        } else {
            let rows = self
                .openings
                .iter()
                .flat_map(|o| {
                    o.runs.iter().map(move |r| {
                        vec![
                            format!("{} ({})", o.title, o.opening),
                            r.at.clone(),
                            format!("{} of {}", r.place, r.ranked),
                            format!("{} out of 100 ({})", r.match_score, r.band),
                            r.by.clone(),
                        ]
                    })
                })
                .collect();
            page.table(
                &["opening", "ranked at", "place", "score", "ranked by"],
                rows,
            );
        }

        page.heading("Decisions");
        if self.decisions.is_empty() {
            page.paragraph("No decision has been recorded.");
        } else {
            let rows = self
                .decisions
                .iter()
                .map(|d| {
                    vec![
                        d.at.clone(),
                        d.opening.clone(),
                        d.decision.as_str().to_string(),
                        d.reason.clone(),
                        d.notes.clone().unwrap_or_default(),
                        d.by.clone(),
                    ]
                })
                .collect();
            page.table(
                &["when", "opening", "decision", "reason", "notes", "by"],
                rows,
            );
        }

        page.heading("What was found in the document");
        if let Some(name) = &self.profile.name {
            page.paragraph(format!("Name as read: {} (line {}).", name.text, name.line));
        }
        match self.experience.years {
            Some(years) => page.paragraph(format!(
                "Dated positions: {}, adding up to {years:.1} years.",
                self.experience.positions.len()
            )),
            None => page.paragraph("Dated positions: none could be read."),
        };
        page.list(
            self.skills
                .iter()
                .map(|s| format!("{} (line {})", s.name, join(&s.lines))),
        );
        if !self.set_aside_lines.is_empty() {
            page.paragraph(format!(
                "Lines of skills set aside (they earn nothing): {}.",
                join(&self.set_aside_lines)
            ));
        }

        page.heading("The document as read");
        let lines: Vec<String> = self
            .text
            .lines()
            .enumerate()
            .map(|(i, l)| format!("{:>4}  {l}", i + 1))
            .collect();
        page.quote(format!("{} lines", lines.len()), lines);

        page.heading("Records of the audit log");
        page.paragraph(if self.audit_records.is_empty() {
            "No record of the audit log names this application.".to_string()
        } else {
            format!(
                "These records of the audit log name this application by its id or fingerprint: \
                 {}. They hold ids, fingerprints, scores and settings, never the text, and are \
                 kept as the log's hash chain needs.",
                join(&self.audit_records)
            )
        });

        page.heading("Correcting or deleting this information");
        page.paragraph(format!(
            "To correct it, send a corrected resume to {}; it is assessed again and both \
             results are kept. To have it deleted, write to {}.",
            blank("contact for corrections"),
            blank("contact for deletion requests")
        ));
        page
    }
}

fn join<T: ToString>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
