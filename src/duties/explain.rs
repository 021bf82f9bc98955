//! A candidate's explanation: what the tool compared for one opening, which requirements and
//! skills their resume shows (quoting its lines) and which it does not, how much of the score
//! came from the text and how much from skills, whether blind review was on, the decision
//! with its reason, and how to ask for a correction or a person's review — in words for
//! someone who has never heard of embeddings, and with nothing about other candidates.

use serde::Serialize;

use super::page::{blank, Page};
use crate::catalog::Role;
use crate::experience::{years_asked, YearsCheck, YearsVerdict};
use crate::pool::openings::{Decision, RunCandidate, Verdict};
use crate::rank::CandidateMatch;
use crate::read::{document_from_text, Document};
use crate::score::{Band, RequirementEvidence};
use crate::skills::SkillExtractor;

/// A requirement counts as shown when the resume passage closest to it is at least this
/// similar to it (cosine of the two texts). Chosen where it best tells good fits from
/// non-fits on both graded sets (`scripts/measure_requirement_threshold.py`; the table is in
/// docs/duties.md, "When a requirement is called shown").
pub(crate) const REQUIREMENT_SHOWN_AT: f32 = 0.35;

/// Lines quoted for one requirement, at most: those of its closest passage that share the
/// most words with it.
const QUOTED_LINES: usize = 2;

/// Lines of the resume, quoted word for word.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Quoted {
    pub first_line: usize,
    pub last_line: usize,
    pub lines: Vec<String>,
}

/// One requirement of the opening as the resume meets it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RequirementReading {
    pub requirement: String,
    pub preferred: bool,
    /// The resume shows it: a skill it names is shown in use, or the closest passage is close.
    pub shown: bool,
    /// The part of the resume that comes closest to it.
    pub closest: Quoted,
}

/// A skill the opening asks for, as the resume shows it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SkillReading {
    pub name: String,
    /// One the opening needs (not merely welcomes).
    pub core: bool,
    /// Only named in a list of skills, never shown in use: earns part of its weight.
    pub listed_only: bool,
    pub quoted: Vec<Quoted>,
}

/// A reviewer's decision as the candidate is told it: no reviewer's notes, no names.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DecisionTold {
    pub decision: Verdict,
    pub reason: String,
    pub at: String,
    /// The reviewer decided against the tool's ranking.
    pub overrides_ranking: bool,
}

/// Everything a candidate's explanation says.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CandidateExplanation {
    pub pool: String,
    pub opening: String,
    pub opening_title: String,
    /// What the opening ranks for: a posting or a role of the tool's catalog.
    pub opening_is_posting: bool,
    pub candidate_id: String,
    pub blind: bool,
    /// When the opening last ranked the candidate, and the score and band a reviewer saw.
    pub ranked_at: Option<String>,
    pub seen: Option<RunCandidate>,
    /// The resume was replaced (corrected) since the reviewer saw it.
    pub resume_changed: bool,
    /// The score as worked out now from the same document and opening, 0–100, with its band
    /// and how many of its points come from the text and from skills.
    pub match_score: u8,
    pub band: Band,
    pub text_points: u8,
    pub skill_points: u8,
    pub requirements: Vec<RequirementReading>,
    pub skills_shown: Vec<SkillReading>,
    pub skills_missing: Vec<String>,
    pub other_skills_missing: Vec<String>,
    /// Skills the resume shows that partly meet missing skills of the same trade: "digital
    /// marketing (for marketing strategy, public relations)".
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub skills_related: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<YearsCheck>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caution: Option<String>,
    /// The decisions on the candidate for this opening, oldest first.
    pub decisions: Vec<DecisionTold>,
    pub made_at: String,
}

/// What the explanation is made from.
pub struct ExplanationInput<'a> {
    pub pool: &'a str,
    pub opening: &'a str,
    pub role: &'a Role,
    pub opening_is_posting: bool,
    pub blind: bool,
    pub document: &'a Document,
    pub scored: &'a CandidateMatch,
    pub ranked_at: Option<&'a str>,
    pub seen: Option<&'a RunCandidate>,
    /// The content hash of the resume held now (compared with the one the reviewer saw).
    pub content_hash: &'a str,
    pub decisions: &'a [Decision],
    pub extractor: &'a SkillExtractor,
    pub made_at: String,
}

impl CandidateExplanation {
    pub fn new(input: ExplanationInput<'_>) -> Self {
        let result = &input.scored.result;
        let e = &result.explanation;
        let document = input.document;
        let shown_skills: std::collections::HashSet<&str> = e
            .shared_skills
            .iter()
            .filter(|s| !s.listed_only)
            .map(|s| s.id.as_str())
            .collect();
        let requirements = e
            .requirements
            .iter()
            .map(|r| {
                let closest = closest_lines(document, r);
                let wanted = words(&r.requirement);
                let quoted_shares_a_word =
                    closest.lines.iter().any(|l| !words(l).is_disjoint(&wanted));
                RequirementReading {
                    requirement: r.requirement.clone(),
                    preferred: r.preferred,
                    shown: is_shown(
                        r,
                        input.extractor,
                        &shown_skills,
                        input.scored.years.as_ref(),
                        quoted_shares_a_word,
                    ),
                    closest,
                }
            })
            .collect();
        let skills_shown = e
            .shared_skills
            .iter()
            .map(|s| SkillReading {
                name: s.name.clone(),
                core: s.core,
                listed_only: s.listed_only,
                quoted: s
                    .lines
                    .iter()
                    .take(QUOTED_LINES)
                    .map(|&l| quoted(document, &[l]))
                    .collect(),
            })
            .collect();
        // The score's points split as its parts are: the calibrated score is one scale for both.
        let (text_points, skill_points) = if result.score > 0.0 {
            let text = (f32::from(result.match_score) * e.semantic_part / result.score).round();
            let text = text.clamp(0.0, f32::from(result.match_score)) as u8;
            (text, result.match_score - text)
        } else {
            (0, 0)
        };
        CandidateExplanation {
            pool: input.pool.to_string(),
            opening: input.opening.to_string(),
            opening_title: input.role.title.clone(),
            opening_is_posting: input.opening_is_posting,
            candidate_id: input.scored.candidate_id.clone(),
            blind: input.blind,
            ranked_at: input.ranked_at.map(str::to_string),
            seen: input.seen.cloned(),
            resume_changed: input
                .seen
                .is_some_and(|seen| seen.content_hash != input.content_hash),
            match_score: result.match_score,
            band: result.band,
            text_points,
            skill_points,
            requirements,
            skills_shown,
            skills_missing: e
                .missing_core_skills
                .iter()
                .map(|s| s.name.clone())
                .collect(),
            other_skills_missing: e
                .missing_other_skills
                .iter()
                .map(|s| s.name.clone())
                .collect(),
            skills_related: crate::score::related_by_shown(&e.related_skills)
                .iter()
                .map(|(r, asked)| format!("{} (for {})", r.shown.name, asked.join(", ")))
                .collect(),
            years: input.scored.years.clone(),
            caution: input.scored.caution.clone(),
            decisions: input
                .decisions
                .iter()
                .filter(|d| {
                    d.candidate_id == input.scored.candidate_id && d.opening == input.opening
                })
                .map(|d| DecisionTold {
                    decision: d.decision,
                    reason: d.reason.clone(),
                    at: d.at.clone(),
                    overrides_ranking: d.overrides_ranking,
                })
                .collect(),
            made_at: input.made_at,
        }
    }

    /// The explanation as a page: read by the candidate, so in plain words.
    pub fn page(&self) -> Page {
        let mut page = Page::new(format!(
            "How your application for “{}” was assessed",
            self.opening_title
        ));
        page.paragraph(format!(
            "This letter explains how a computer program, rolematch, helped to assess your \
             application for {}. The program does not decide: a person at {} reads the \
             results and makes every decision. It was written on {} for the application known \
             to us as {}.",
            self.what_opening(),
            blank("the employer's name"),
            date_of(&self.made_at),
            self.candidate_id
        ));

        page.heading("What the program compared");
        page.paragraph(format!(
            "It compared the text of your resume with {}. It looks at two things: how \
             closely what you wrote matches the job's description and requirements, and which \
             of the skills the job asks for your resume shows. It is not built to assess your \
             photo, age, address or any other personal detail, and it learns nothing from \
             other applicants.",
            if self.opening_is_posting {
                "the job posting"
            } else {
                "a description of the role written for the program"
            }
        ));
        if self.blind {
            page.paragraph(
                "Blind review was on: before anything was compared, your name, contact \
                 details, pronouns, age, nationality, schools and similar details were \
                 replaced in the copy the program reads, so they could not affect the result.",
            );
        } else {
            page.paragraph(format!(
                "Blind review was off: the program read your resume as you sent it. It is \
                     built to compare skills and experience, and its results were checked for \
                     changes when only a name or similar detail differs ({}).",
                blank("where the employer publishes its bias audit summary, or delete")
            ));
        }

        page.heading("Your result");
        page.paragraph(format!(
            "Your resume scored {} out of 100 for this job, which the program calls {}. \
             About {} of those points come from how closely your resume's wording and \
             experience match the job, and about {} from the job's skills that your resume \
             shows.",
            self.match_score,
            band_words(self.band),
            self.text_points,
            self.skill_points
        ));
        let on_date = self
            .ranked_at
            .as_deref()
            .map(|d| format!(" on {}", date_of(d)))
            .unwrap_or_default();
        match &self.seen {
            None => {
                page.paragraph(
                    "No ranking of this job has shown your application to a reviewer yet: it \
                 came below the candidates the reviewer was shown, or it arrived after the \
                 last ranking. The figures below are worked out for this letter.",
                );
            }
            Some(seen) if self.resume_changed => {
                page.paragraph(format!(
                    "The reviewer saw the ranking{on_date} for an earlier version of your resume, \
                 which scored {} out of 100. The figures below are for the version we hold now.",
                    seen.match_score
                ));
            }
            Some(seen) if seen.match_score != self.match_score => {
                page.paragraph(format!(
                    "When the reviewer saw the ranking{on_date}, the score was {} out of 100; it \
                 differs now because the program or its settings have changed since.",
                    seen.match_score
                ));
            }
            Some(_) => {}
        }
        if let Some(caution) = &self.caution {
            page.paragraph(format!(
                "A caution about this score: {}.",
                caution.trim_end_matches('.')
            ));
        }

        if !self.requirements.is_empty() {
            let (shown, unshown): (Vec<&RequirementReading>, Vec<_>) =
                self.requirements.iter().partition(|r| r.shown);
            let kind = |r: &RequirementReading| if r.preferred { " (preferred)" } else { "" };
            page.heading("The job's requirements");
            page.paragraph(format!(
                "The program found {} of the job's {} requirements clearly shown in your resume.",
                shown.len(),
                self.requirements.len()
            ));
            if !shown.is_empty() {
                page.paragraph("Shown, with the lines of your resume that show them:");
                for r in shown {
                    page.quote(
                        format!(
                            "“{}”{} — {}",
                            r.requirement,
                            kind(r),
                            lines_words(r.closest.first_line, r.closest.last_line)
                        ),
                        r.closest.lines.clone(),
                    );
                }
            }
            if !unshown.is_empty() {
                // Only a requirement whose own years the dated positions fall short of.
                let shown_years = self.years.as_ref().and_then(|y| y.shown);
                let asks_years = unshown.iter().any(|r| {
                    let asked =
                        years_asked(&document_from_text("requirement", &r.requirement), None);
                    matches!((asked, shown_years), (Some((n, _)), Some(y)) if y + 0.05 < n as f32)
                });
                page.paragraph(format!(
                    "Not clearly shown: {}. If your experience covers them in other words, a \
                     reviewer can see it; you can also ask for a review (below).",
                    if asks_years {
                        "for a requirement of years, the dated positions in your resume add up \
                         to fewer; for the others, the program found no part of your resume \
                         close enough"
                    } else {
                        "the program found no part of your resume close enough to these"
                    }
                ));
                page.list(
                    unshown
                        .iter()
                        .map(|r| format!("{}{}", r.requirement, kind(r))),
                );
            }
        }

        page.heading("Skills");
        if self.skills_shown.is_empty() {
            page.paragraph(if self.skills_related.is_empty() {
                "Your resume shows none of the skills the program looks for in this job."
            } else {
                "Your resume names none of the skills the program looks for in this job."
            });
        } else {
            page.paragraph("Skills the job asks for that your resume shows:");
            for s in &self.skills_shown {
                let how = if s.listed_only {
                    "named in a list of skills; a skill shown in a job or project counts more"
                } else {
                    "shown in your experience"
                };
                let lines: Vec<String> = s.quoted.iter().flat_map(|q| q.lines.clone()).collect();
                let at: Vec<String> = s.quoted.iter().map(|q| q.first_line.to_string()).collect();
                page.quote(
                    format!(
                        "{}{} — {how} ({})",
                        s.name,
                        if s.core { ", needed" } else { "" },
                        match at.as_slice() {
                            [one] => format!("line {one}"),
                            [rest @ .., last] => format!("lines {} and {last}", rest.join(", ")),
                            [] => String::new(),
                        }
                    ),
                    lines,
                );
            }
        }
        if !self.skills_missing.is_empty() {
            page.paragraph(format!(
                "Skills the job needs that the program did not find in your resume: {}.",
                self.skills_missing.join(", ")
            ));
        }
        if !self.other_skills_missing.is_empty() {
            page.paragraph(format!(
                "Other skills the job welcomes that it did not find: {}.",
                self.other_skills_missing.join(", ")
            ));
        }
        if !self.skills_related.is_empty() {
            page.paragraph(format!(
                "Skills your resume shows that are of the same kind as some it did not find, \
                 each of which then counts for a quarter of the skill (an eighth where your \
                 resume only names it in a list): {}.",
                self.skills_related.join("; ")
            ));
        }
        if let Some(years) = &self.years {
            page.heading("Years of experience");
            page.paragraph(years_words(years));
        }

        page.heading("The decision");
        match self.decisions.last() {
            None => {
                page.paragraph("No decision has been recorded yet.");
            }
            Some(last) => {
                page.paragraph(format!(
                    "On {}, a reviewer decided to {} your application. The reason they \
                     recorded: “{}”.{}",
                    date_of(&last.at),
                    verdict_words(last.decision),
                    last.reason.trim_end_matches(['.', ' ']),
                    if last.overrides_ranking {
                        " The reviewer decided differently from what the program's result \
                         suggested, as they are free to do."
                    } else {
                        ""
                    }
                ));
                if self.decisions.len() > 1 {
                    page.paragraph(format!(
                        "This decision replaced {} earlier one(s); every decision is kept.",
                        self.decisions.len() - 1
                    ));
                }
            }
        }

        page.heading("If something is wrong, or you want a person to look again");
        page.list([
            format!(
                "To correct your information, send a corrected resume to {}. It will be \
                 assessed again, and both results are kept.",
                blank("contact for corrections")
            ),
            format!(
                "To ask for a person to review your application without the program, or for \
                 another way to be assessed, write to {}.",
                blank("contact for human review")
            ),
            format!(
                "To see everything held about you, ask {}. Records are kept for {}.",
                blank("contact for access requests"),
                blank("the retention period")
            ),
        ]);
        page
    }

    fn what_opening(&self) -> String {
        format!("the job “{}”", self.opening_title)
    }
}

/// A requirement is shown when it asks for years and the resume's dated positions meet them;
/// otherwise when a skill it names is shown in use, or the resume's closest passage is close
/// enough and the lines quoted from it share a word with it (a reader must be able to see
/// what the program saw: a close passage whose lines name nothing of the requirement is not
/// shown to them).
fn is_shown(
    r: &RequirementEvidence,
    extractor: &SkillExtractor,
    shown_skills: &std::collections::HashSet<&str>,
    years: Option<&YearsCheck>,
    quoted_shares_a_word: bool,
) -> bool {
    let requirement = document_from_text("requirement", &r.requirement);
    // The skills the requirement names (not the broader ones they imply: "MySQL" is not met
    // by a resume's PostgreSQL).
    let found = extractor.extract(&requirement);
    let named: Vec<_> = found.written().collect();
    // This requirement's own years ("2+ years of Python"), against the years the resume's
    // dated positions show; the posting's largest ask is for the whole-job check.
    if let (Some(asked), Some(years)) = (years_asked(&requirement, None), years) {
        let own = YearsCheck::of(
            &asked,
            &crate::experience::Experience {
                positions: Vec::new(),
                years: years.shown,
            },
        );
        // Unmet years decide; met ones do not show the rest of the requirement ("2+ years
        // of Python" still needs Python shown).
        if own.verdict == YearsVerdict::Unmet {
            return false;
        }
        if own.verdict == YearsVerdict::Met && named.is_empty() {
            return true;
        }
    }
    named
        .iter()
        .any(|h| shown_skills.contains(h.skill.as_str()))
        || (r.similarity >= REQUIREMENT_SHOWN_AT && quoted_shares_a_word)
}

/// The lines of a requirement's closest passage that share the most words with it (at most
/// [`QUOTED_LINES`], in reading order); its first lines when none shares a word.
fn closest_lines(document: &Document, r: &RequirementEvidence) -> Quoted {
    let wanted = words(&r.requirement);
    let mut lines: Vec<(usize, usize)> = (r.first_line..=r.last_line)
        .filter(|&l| l >= 1 && l <= document.line_count())
        .filter(|&l| !shown_text(document.line(l)).is_empty() && !is_heading(document, l))
        .map(|l| (l, words(document.line(l)).intersection(&wanted).count()))
        .collect();
    // Most words in common first; the earlier line first among equals.
    lines.sort_by_key(|&(l, common)| (std::cmp::Reverse(common), l));
    let mut chosen: Vec<usize> = lines.iter().take(QUOTED_LINES).map(|&(l, _)| l).collect();
    chosen.sort_unstable();
    quoted(document, &chosen)
}

/// The lines `chosen` of the document as a reader sees them (markup left out).
fn quoted(document: &Document, chosen: &[usize]) -> Quoted {
    Quoted {
        first_line: chosen.first().copied().unwrap_or(0),
        last_line: chosen.last().copied().unwrap_or(0),
        lines: chosen
            .iter()
            .map(|&l| shown_text(document.line(l)))
            .collect(),
    }
}

/// A line without the Markdown around its words: heading marks, bullets, emphasis.
fn shown_text(line: &str) -> String {
    let line = line.trim().trim_start_matches('#').trim_start();
    let line = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .or_else(|| line.strip_prefix("• "))
        .unwrap_or(line);
    line.replace("**", "")
        .replace("__", "")
        .replace('`', "")
        .trim()
        .to_string()
}

/// A line that only names a section ("Experience").
fn is_heading(document: &Document, line: usize) -> bool {
    document.sections().iter().any(|s| s.first_line == line)
}

/// The words of a text worth comparing: lower case, four letters or more, not the small words
/// every sentence has.
fn words(text: &str) -> std::collections::HashSet<String> {
    const COMMON: &[&str] = &[
        "with",
        "your",
        "from",
        "that",
        "this",
        "will",
        "have",
        "their",
        "they",
        "into",
        "about",
        "which",
        "when",
        "what",
        "more",
        "other",
        "also",
        "work",
        "years",
        "experience",
        "skills",
        "team",
        "teams",
        "ability",
        "strong",
        "knowledge",
        "working",
        "including",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .filter(|w| !COMMON.contains(&w.as_str()))
        .collect()
}

/// The quoted lines by number: "line 4", "lines 4–5", "lines 4 and 9".
fn lines_words(first: usize, last: usize) -> String {
    match last.saturating_sub(first) {
        0 => format!("line {first}"),
        1 => format!("lines {first}–{last}"),
        _ => format!("lines {first} and {last}"),
    }
}

fn band_words(band: Band) -> &'static str {
    match band {
        Band::Strong => "a strong fit",
        Band::Partial => "a partial fit",
        Band::Weak => "a weak fit",
    }
}

fn verdict_words(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Advance => "move forward with",
        Verdict::Hold => "keep for later",
        Verdict::Reject => "not go further with",
    }
}

fn years_words(years: &YearsCheck) -> String {
    let shown = years
        .shown
        .map(|y| format!("about {y:.1} years from the dates in your resume"))
        .unwrap_or_else(|| "no dates the program could read".into());
    let verdict = match years.verdict {
        YearsVerdict::Met => "so this is met",
        YearsVerdict::Unmet => "so this looks unmet",
        YearsVerdict::Unknown => "so a person has to read your resume for this",
    };
    // What was asked may end in "…" where the posting's sentence was cut: no full stop after.
    let stop = if years.asked_for.ends_with('…') {
        ""
    } else {
        "."
    };
    format!(
        "The job asks for {} {}{stop} The program found {shown}, {verdict}.",
        super::page::years(years.asked),
        years.asked_for
    )
}

/// The date part of an RFC 3339 time.
fn date_of(time: &str) -> &str {
    time.split('T').next().unwrap_or(time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_requirement_of_years_is_judged_by_its_own_number() {
        let extractor = SkillExtractor::new(crate::skills::Taxonomy::builtin().unwrap());
        let requirement = |text: &str| RequirementEvidence {
            requirement: text.to_string(),
            preferred: false,
            similarity: 0.0,
            first_line: 1,
            last_line: 1,
        };
        // The posting asks for 7 years at most; the resume shows 4.
        let years = YearsCheck {
            asked: 7,
            asked_for: "of experience".to_string(),
            shown: Some(4.0),
            verdict: YearsVerdict::Unmet,
        };
        let none = std::collections::HashSet::new();
        let shown =
            |text: &str| is_shown(&requirement(text), &extractor, &none, Some(&years), true);
        assert!(shown("2+ years of professional experience"));
        assert!(!shown("7+ years of professional experience"));
        // Met years do not show a skill the resume lacks; with it shown, they do.
        assert!(!shown("2+ years of Kubernetes"));
        let kubernetes: std::collections::HashSet<&str> = ["kubernetes"].into();
        assert!(is_shown(
            &requirement("2+ years of Kubernetes"),
            &extractor,
            &kubernetes,
            Some(&years),
            true
        ));
        assert!(!shown("7+ years of Rust"));
        // Without readable dates the number cannot decide; the text then does.
        let unknown = YearsCheck {
            shown: None,
            verdict: YearsVerdict::Unknown,
            ..years.clone()
        };
        assert!(!is_shown(
            &requirement("3 years of nursing"),
            &extractor,
            &none,
            Some(&unknown),
            true
        ));
        // Close as a whole, but the quoted lines name nothing of it: not shown to a reader.
        let close = RequirementEvidence {
            similarity: 0.9,
            ..requirement("Build phone agents with Twilio")
        };
        assert!(is_shown(&close, &extractor, &none, None, true));
        assert!(!is_shown(&close, &extractor, &none, None, false));
    }
}
