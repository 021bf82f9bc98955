//! Plain-text tables for a terminal.

use std::fmt::Write;

use super::terminal_safe;
use crate::advice::Level;
use crate::matcher::ResumeReport;
use crate::pathname::path_text;
use crate::score::Explanation;
use crate::skills::{SkillHits, Taxonomy};

/// How much a match table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableDetail {
    /// For a person: the match in words, skills by name, the evidence quoted.
    Plain,
    /// For an engineer (`--verbose`): the score's parts, line numbers, similarities.
    Numbers,
}

/// Each resume's matches: the match and band, shared and missing skills, evidence; with
/// [`TableDetail::Numbers`] also the score's parts and the lines behind each skill.
pub fn render_match_table(reports: &[ResumeReport], detail: TableDetail) -> String {
    let mut out = String::new();
    for report in reports {
        let _ = writeln!(out, "{}", terminal_safe(&path_text(&report.file)));
        if let Some(caution) = &report.caution {
            let _ = writeln!(out, "  caution: {caution}");
        }
        if let Some(redactions) = &report.redactions {
            let _ = writeln!(out, "  blind review, replaced: {}", redactions.summary());
        }
        if report.matches.is_empty() {
            let _ = writeln!(
                out,
                "  no role scored above the threshold; `--format html` shows the closest roles and what they ask for"
            );
        } else if detail == TableDetail::Numbers {
            render_matches(&mut out, report);
        } else {
            render_plain(&mut out, report);
        }
        for advice in &report.advice {
            let label = match advice.level {
                Level::Note => "note",
                Level::Warning => "warning",
            };
            let _ = writeln!(out, "  {label}: {}", terminal_safe(&advice.message));
        }
    }
    out
}

/// The match in words and the evidence quoted, no numbers but the 0–100 score.
fn render_plain(out: &mut String, report: &ResumeReport) {
    let _ = writeln!(out, "  {:>2}  {:<40} MATCH", "#", "ROLE");
    for (i, m) in report.matches.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:>2}  {:<40} {}/100, {}",
            i + 1,
            truncate(&terminal_safe(&m.role_title), 40),
            m.match_score,
            match m.band {
                crate::score::Band::Strong => "a strong fit",
                crate::score::Band::Partial => "a partial fit",
                crate::score::Band::Weak => "not a good fit",
            }
        );
        let e = &m.explanation;
        let shared: Vec<&str> = e.shared_skills.iter().map(|s| s.name.as_str()).collect();
        if !shared.is_empty() {
            let _ = writeln!(out, "      shared:   {}", terminal_safe(&shared.join(", ")));
        }
        write_missing(out, e, "      ");
        if let Some(ev) = &e.evidence {
            let section = ev
                .section
                .as_ref()
                .map_or(String::new(), |s| format!(" ({})", terminal_safe(s)));
            let _ = writeln!(
                out,
                "      evidence: \"{}\"{section}",
                terminal_safe(&plain_excerpt(&ev.excerpt))
            );
        }
    }
}

/// The role's core skills the resume does not show, on one line, and the missing skills whose
/// family it shows, on the next.
fn write_missing(out: &mut String, e: &Explanation, indent: &str) {
    let missing: Vec<&str> = e
        .missing_core_skills
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    if !missing.is_empty() {
        let _ = writeln!(out, "{indent}missing:  {}", missing.join(", "));
    }
    if !e.related_skills.is_empty() {
        let _ = writeln!(
            out,
            "{indent}related:  {}",
            related_words(&e.related_skills)
        );
    }
}

/// "digital marketing (L50, L58) for marketing strategy, public relations": each skill the
/// resume shows with the missing skills of its trade it partly meets, in the order asked.
pub(crate) fn related_words(related: &[crate::score::RelatedSkill]) -> String {
    crate::score::related_by_shown(related)
        .iter()
        .map(|(r, asked)| {
            let lines: Vec<String> = r.lines.iter().take(3).map(|n| format!("L{n}")).collect();
            terminal_safe(&format!(
                "{} ({}) for {}",
                r.shown.name,
                lines.join(", "),
                asked.join(", ")
            ))
            .into_owned()
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// An excerpt as a person would quote it: Markdown heading marks, list markers and emphasis
/// stars left out.
fn plain_excerpt(excerpt: &str) -> String {
    excerpt
        .split_whitespace()
        .filter(|word| !word.chars().all(|c| matches!(c, '#' | '-' | '*' | '•')))
        .map(|word| word.trim_matches('*'))
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn render_matches(out: &mut String, report: &ResumeReport) {
    let _ = writeln!(
        out,
        "  {:>2}  {:<40} {:>12}  {:>6}  {:>8}  {:>6}",
        "#", "ROLE", "MATCH", "SCORE", "SEMANTIC", "SKILLS"
    );
    for (i, m) in report.matches.iter().enumerate() {
        let e = &m.explanation;
        let _ = writeln!(
            out,
            "  {:>2}  {:<40} {:>12}  {:>6.3}  {:>8.3}  {:>6.3}",
            i + 1,
            truncate(&terminal_safe(&m.role_title), 40),
            format!("{:>3} {}", m.match_score, m.band),
            m.score,
            e.semantic_part,
            e.skill_part
        );
        write_explanation(out, e, "      ", EvidenceDetail::Similarity);
    }
}

/// What the evidence line shows after the passage's line numbers.
#[derive(Clone, Copy)]
pub(super) enum EvidenceDetail {
    Similarity,
    Excerpt,
}

/// Shared skills with their lines, missing core skills and the evidence passage, each on its
/// own indented line.
pub(super) fn write_explanation(
    out: &mut String,
    e: &Explanation,
    indent: &str,
    detail: EvidenceDetail,
) {
    let shared: Vec<String> = e
        .shared_skills
        .iter()
        .map(|s| format!("{} ({})", s.name, lines_label(&s.lines)))
        .collect();
    if !shared.is_empty() {
        let _ = writeln!(out, "{indent}shared:   {}", shared.join(", "));
    }
    write_missing(out, e, indent);
    if let Some(ev) = &e.evidence {
        let detail = match detail {
            EvidenceDetail::Excerpt => format!(": {}", terminal_safe(&ev.excerpt)),
            EvidenceDetail::Similarity => format!(" (similarity {:.3})", ev.similarity),
        };
        let section = ev
            .section
            .as_ref()
            .map_or(String::new(), |s| format!(" ({s})"));
        let _ = writeln!(
            out,
            "{indent}evidence: lines {}-{}{section}{detail}",
            ev.first_line, ev.last_line
        );
    }
    if let (Some(mean), Some(weakest)) = (
        e.requirement_similarity,
        e.requirements
            .iter()
            .min_by(|a, b| a.similarity.total_cmp(&b.similarity)),
    ) {
        let _ = writeln!(
            out,
            "{indent}requirements: {mean:.3} on average over {}; least shown: \"{}\" ({:.3}, lines {}-{})",
            e.requirements.len(),
            terminal_safe(&weakest.requirement),
            weakest.similarity,
            weakest.first_line,
            weakest.last_line
        );
    }
}

/// The skills found in a document, one line per skill with the lines that mention it.
pub fn render_skills_table(hits: &SkillHits, taxonomy: &Taxonomy) -> String {
    let mut out = String::new();
    for (id, lines) in hits.lines_by_skill() {
        let category = taxonomy.get(id).map_or("", |s| s.category.as_str());
        let _ = writeln!(
            out,
            "{:<32} {:<26} {}",
            taxonomy.name(id),
            category,
            lines_label(&lines)
        );
    }
    out
}

fn lines_label(lines: &[usize]) -> String {
    let shown: Vec<String> = lines.iter().take(4).map(|l| l.to_string()).collect();
    let more = if lines.len() > 4 { ", …" } else { "" };
    format!("L{}{more}", shown.join(", L"))
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::plain_excerpt;

    #[test]
    fn an_excerpt_loses_its_markup_but_not_its_words() {
        assert_eq!(
            plain_excerpt("# Sam ## Experience - **Built** RAG in C# and F#"),
            "Sam Experience Built RAG in C# and F#"
        );
    }
}
