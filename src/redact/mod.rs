//! Blind review: identity cues (the person's name, contact details, pronouns, age, family and
//! marital status, nationality, gender, religion, ethnicity, affinity groups, school names)
//! are replaced in a document before anything is embedded or scored, by patterns, word lists
//! and the resume's own structure, never by a model. What was replaced is reported by kind and byte span, without its text, so a
//! person can check it against the original.

mod lists;
pub(crate) mod names;
mod rules;

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::read::Document;
use crate::skills::SkillHits;

/// The kinds of identity cue that blind mode replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CueKind {
    Name,
    Email,
    Phone,
    Link,
    Handle,
    Address,
    Photo,
    Pronoun,
    GenderedWord,
    Title,
    BirthDate,
    Age,
    MaritalStatus,
    FamilyStatus,
    Nationality,
    Gender,
    Religion,
    Ethnicity,
    AffinityGroup,
    School,
}

impl CueKind {
    /// The text put in place of a cue of this kind, where the kind has one fixed placeholder.
    fn placeholder(self) -> &'static str {
        match self {
            CueKind::Name => "[name]",
            CueKind::Email => "[email]",
            CueKind::Phone => "[phone]",
            CueKind::Link => "[link]",
            CueKind::Handle => "[handle]",
            CueKind::Address => "[address]",
            CueKind::Photo => "[photo]",
            CueKind::BirthDate => "[date of birth]",
            CueKind::Age => "[age]",
            CueKind::MaritalStatus => "[marital status]",
            CueKind::FamilyStatus => "[family status]",
            CueKind::Nationality => "[nationality]",
            CueKind::Gender => "[gender]",
            CueKind::Religion => "[religion]",
            CueKind::Ethnicity => "[ethnicity]",
            CueKind::AffinityGroup => "[group]",
            CueKind::School => "[school]",
            CueKind::Pronoun | CueKind::GenderedWord | CueKind::Title => "",
        }
    }

    /// Cues found in running text give way to a skill mention they overlap, so blind mode
    /// never removes a skill; cues of the header and contact details do not (a skill name
    /// inside a person's name or address is not a skill).
    fn yields_to_skills(self) -> bool {
        !matches!(
            self,
            CueKind::Name
                | CueKind::Email
                | CueKind::Phone
                | CueKind::Link
                | CueKind::Handle
                | CueKind::Address
                | CueKind::Photo
        )
    }
}

/// One replaced span of the original text (byte offsets; `line` is 1-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RedactedSpan {
    pub kind: CueKind,
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// What blind mode replaced in one document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RedactionReport {
    /// Replaced spans by kind.
    pub counts: BTreeMap<CueKind, usize>,
    /// Every replaced span, in reading order.
    pub spans: Vec<RedactedSpan>,
}

impl RedactionReport {
    /// All replaced spans.
    pub fn total(&self) -> usize {
        self.spans.len()
    }

    /// "name 1, email 1, pronoun 4" (or "nothing"), for tables.
    pub fn summary(&self) -> String {
        if self.counts.is_empty() {
            return "nothing".into();
        }
        self.counts
            .iter()
            .map(|(kind, n)| format!("{} {n}", kind_label(*kind)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn kind_label(kind: CueKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default()
}

/// A document with its identity cues replaced, and the report of what was replaced.
#[derive(Debug, Clone)]
pub(crate) struct Redacted {
    pub document: Document,
    pub report: RedactionReport,
}

/// A cue found in the text: its byte range, kind and replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Cue {
    range: Range<usize>,
    kind: CueKind,
    replacement: String,
    /// Dropped where it overlaps a skill mention.
    yields_to_skills: bool,
}

impl Cue {
    fn new(range: Range<usize>, kind: CueKind) -> Self {
        Cue::replaced_by(range, kind, kind.placeholder().to_string())
    }

    fn replaced_by(range: Range<usize>, kind: CueKind, replacement: String) -> Self {
        Cue {
            range,
            kind,
            replacement,
            yields_to_skills: kind.yields_to_skills(),
        }
    }
}

/// Replaces the identity cues of `document`. `skills` are its skill mentions (from the
/// taxonomy): no cue found in running text that overlaps one is replaced. Line breaks are
/// kept, so line numbers of the result match the original's.
pub(crate) fn redact(document: &Document, skills: &SkillHits) -> Redacted {
    let person = rules::PersonPatterns::new(names::known_names(document));
    let mut cues = Vec::new();
    for (number, line) in document.lines() {
        let offset = document.line_start(number);
        let context = rules::LineContext {
            section: document.section_at(number).map(|s| s.kind),
            person: person.as_ref(),
            is_last_lines: number + 3 > document.line_count(),
        };
        for cue in rules::line_cues(line, &context) {
            cues.push(Cue {
                range: cue.range.start + offset..cue.range.end + offset,
                ..cue
            });
        }
    }
    let protected: Vec<Range<usize>> = skills
        .hits
        .iter()
        .map(|h| {
            let start = document.line_start(h.line);
            start + h.start..start + h.end
        })
        .collect();
    let kept = resolve(cues, &protected);
    apply(document, kept)
}

/// [`redact`] with the skill mentions `extractor` finds in the document.
#[cfg(test)]
pub(crate) fn redact_with(
    document: &Document,
    extractor: &crate::skills::SkillExtractor,
) -> Redacted {
    redact(document, &extractor.extract(document))
}

/// Keeps, of overlapping cues, the one that starts first (the longer on a tie), and drops the
/// cues that must give way to a skill mention.
fn resolve(mut cues: Vec<Cue>, protected: &[Range<usize>]) -> Vec<Cue> {
    let overlaps_skill = |c: &Cue| {
        protected
            .iter()
            .any(|p| p.start < c.range.end && c.range.start < p.end)
    };
    let dropped = |c: &Cue| c.range.is_empty() || (c.yields_to_skills && overlaps_skill(c));
    cues.retain(|c| !dropped(c));
    cues.sort_by(|a, b| {
        (a.range.start, std::cmp::Reverse(a.range.end))
            .cmp(&(b.range.start, std::cmp::Reverse(b.range.end)))
    });
    let mut kept: Vec<Cue> = Vec::with_capacity(cues.len());
    for cue in cues {
        if kept
            .last()
            .is_none_or(|last| cue.range.start >= last.range.end)
        {
            kept.push(cue);
        }
    }
    kept
}

/// Writes the text with the cues replaced, and the report.
fn apply(document: &Document, cues: Vec<Cue>) -> Redacted {
    let text = document.text();
    let mut out = String::with_capacity(text.len());
    let mut report = RedactionReport::default();
    let mut at = 0;
    for cue in cues {
        out.push_str(&text[at..cue.range.start]);
        out.push_str(&cue.replacement);
        at = cue.range.end;
        *report.counts.entry(cue.kind).or_default() += 1;
        report.spans.push(RedactedSpan {
            kind: cue.kind,
            line: document.line_of(cue.range.start),
            start: cue.range.start,
            end: cue.range.end,
        });
    }
    out.push_str(&text[at..]);
    Redacted {
        document: Document::new(document.path().to_path_buf(), out)
            .with_received(document.received()),
        report,
    }
}

#[cfg(test)]
mod hostile_set;
#[cfg(test)]
mod tests;
