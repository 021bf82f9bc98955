//! A job seeker's report: one self-contained HTML page a person can keep or print, written
//! in words rather than numbers. It says first and plainly whether any role fits, then for
//! each role what the fit rests on (the resume's own lines, quoted), what is missing, the job
//! titles to search for, the skills worth learning next across the roles, and the advice for
//! the person's background.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::safe::html_escape as esc;
use crate::catalog::Catalog;
use crate::matcher::ResumeReport;
use crate::read::Document;
use crate::score::{Band, Match};

/// Roles described on the page when several fit; the closest few when none does.
const ROLES_SHOWN: usize = 5;
const CLOSEST_SHOWN: usize = 3;
/// Shared skills quoted per role (the rest are named).
const QUOTED_SKILLS: usize = 4;

/// What the report needs about one resume: the match (every role scored, weak ones included,
/// best first) and the document as read, for quoting its lines.
pub struct ReportInput<'a> {
    pub report: &'a ResumeReport,
    pub document: &'a Document,
}

/// The page for one or more resumes (one section each), with the catalog the roles come from.
pub fn render_report_html(inputs: &[ReportInput<'_>], catalog: &Catalog, footer: &str) -> String {
    let mut out = String::new();
    let title = match inputs {
        [one] => format!("Roles for {}", file_name(one.document)),
        _ => "Roles for your resumes".to_string(),
    };
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body><main>",
        esc(&title)
    );
    let _ = write!(
        out,
        "<button class=\"print\" type=\"button\" onclick=\"window.print()\">Print or save as PDF</button>"
    );
    for input in inputs {
        section(&mut out, input, catalog);
    }
    let _ = writeln!(
        out,
        "<footer><p>{}</p></footer></main></body></html>",
        esc(footer)
    );
    out
}

fn file_name(document: &Document) -> String {
    document
        .path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| crate::pathname::path_text(document.path()))
}

fn band_words(band: Band) -> &'static str {
    match band {
        Band::Strong => "a strong fit",
        Band::Partial => "a partial fit",
        Band::Weak => "not a good fit yet",
    }
}

fn section(out: &mut String, input: &ReportInput<'_>, catalog: &Catalog) {
    let report = input.report;
    let _ = write!(
        out,
        "<section><h1>Which roles fit {}</h1>",
        esc(&file_name(input.document))
    );
    let fitting = report
        .matches
        .iter()
        .filter(|m| m.band != Band::Weak)
        .count();
    let fits: Vec<&Match> = report
        .matches
        .iter()
        .filter(|m| m.band != Band::Weak)
        .take(ROLES_SHOWN)
        .collect();
    let roles = catalog.roles.len();
    let shown: Vec<&Match> = if fits.is_empty() {
        report.matches.iter().take(CLOSEST_SHOWN).collect()
    } else {
        fits.clone()
    };
    let lead = match (fits.first(), report.matches.first()) {
        (Some(best), _) => format!(
            "{} of the {roles} roles in the catalog fit{} this resume at least partly. {} is the best: {} ({} out of 100).",
            fitting,
            if fitting == 1 { "s" } else { "" },
            best.role_title,
            band_words(best.band),
            best.match_score
        ),
        (None, Some(closest)) => format!(
            "None of the {roles} roles in the catalog fits this resume well. The closest is {} ({} out of 100), and it is {}: the resume shows few of the skills it asks for.",
            closest.role_title,
            closest.match_score,
            band_words(closest.band)
        ),
        (None, None) => format!("None of the {roles} roles in the catalog could be compared with this resume."),
    };
    let _ = write!(out, "<p class=\"lead\">{}</p>", esc(&lead));
    if let Some(caution) = &report.caution {
        let _ = write!(out, "<p class=\"caution\">{}</p>", esc(caution));
    }
    if fitting > fits.len() {
        let _ = write!(
            out,
            "<p>The {} that fit best are described below.</p>",
            fits.len()
        );
    } else if !fits.is_empty() && fits.len() < report.matches.len() {
        let _ = write!(
            out,
            "<p>The other roles score lower; the roles below are the ones worth reading about.</p>"
        );
    }
    let _ = write!(
        out,
        "<h2>{}</h2>",
        if fits.is_empty() {
            "The closest roles"
        } else {
            "The roles that fit"
        }
    );
    for m in &shown {
        role_card(out, m, input.document, catalog);
    }
    learn_next(out, &shown);
    if !report.advice.is_empty() {
        let _ = write!(out, "<h2>Advice for your background</h2><ul>");
        for advice in &report.advice {
            let _ = write!(out, "<li>{}</li>", esc(&advice.message));
        }
        let _ = write!(out, "</ul>");
    }
    let _ = write!(out, "</section>");
}

fn role_card(out: &mut String, m: &Match, document: &Document, catalog: &Catalog) {
    let role = catalog.roles.iter().find(|r| r.id == m.role_id);
    let _ = write!(
        out,
        "<article class=\"role {}\"><h3>{} <span class=\"band\">{} · {} out of 100</span></h3>",
        m.band,
        esc(&m.role_title),
        band_words(m.band),
        m.match_score
    );
    let e = &m.explanation;
    let _ = write!(out, "<h4>What this rests on</h4>");
    if let Some(evidence) = &e.evidence {
        let place = evidence
            .section
            .as_deref()
            .map(|s| format!(" (your {s} section)"))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<p>The part of your resume closest to this role{}:</p><blockquote>{}</blockquote>",
            esc(&place),
            esc(&quote_lines(
                document,
                evidence.first_line,
                evidence.last_line
            ))
        );
    }
    if e.shared_skills.is_empty() {
        let _ = write!(
            out,
            "<p>No skill this role asks for was found in the resume.</p>"
        );
    } else {
        let _ = write!(
            out,
            "<p>Skills the role asks for that your resume shows:</p><ul class=\"skills\">"
        );
        for (i, skill) in e.shared_skills.iter().enumerate() {
            let how = if skill.listed_only {
                " — named in a list of skills; a line that shows it in use would count for more"
            } else {
                ""
            };
            let quote = skill
                .lines
                .first()
                .filter(|_| i < QUOTED_SKILLS)
                .map(|&n| format!("<q>{}</q>", esc(clean_line(document.line(n)))))
                .unwrap_or_default();
            let _ = write!(
                out,
                "<li><strong>{}</strong>{}{} {}</li>",
                esc(&skill.name),
                if skill.core { " (a core skill)" } else { "" },
                esc(how),
                quote
            );
        }
        let _ = write!(out, "</ul>");
    }
    if !e.missing_core_skills.is_empty() {
        let names: Vec<&str> = e
            .missing_core_skills
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        let _ = write!(
            out,
            "<h4>What is missing</h4><p>Core skills of this role that the resume does not show: {}.</p>",
            esc(&names.join(", "))
        );
    }
    if !e.related_skills.is_empty() {
        let related: Vec<String> = e
            .related_skills
            .iter()
            .map(|r| format!("{} (the resume shows {})", r.asked.name, r.shown.name))
            .collect();
        let _ = write!(
            out,
            "<p>Skills of the same kind as some it asks for, each of which counts for a quarter of the skill it stands in for (an eighth when the resume only lists it): {}.</p>",
            esc(&related.join("; "))
        );
    }
    if let Some(role) = role {
        let mut titles = vec![role.title.as_str()];
        titles.extend(role.aliases.iter().map(String::as_str));
        let _ = write!(
            out,
            "<h4>Job titles to search for</h4><p>{}</p>",
            esc(&titles.join(" · "))
        );
        if let Some(dated) = &role.dated {
            let _ = write!(out, "<p class=\"note\">{}</p>", esc(dated));
        }
    }
    let _ = write!(out, "</article>");
}

/// The lines `first..=last` as one quotation, blank lines dropped and long ones kept whole.
fn quote_lines(document: &Document, first: usize, last: usize) -> String {
    let mut lines: Vec<&str> = (first..=last)
        .map(|n| document.line(n))
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(clean_line)
        .filter(|l| !l.is_empty())
        .collect();
    const MAX_LINES: usize = 6;
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        lines.push("…");
    }
    lines.join(" / ")
}

/// A line as a person would quote it: no list marker, heading mark or emphasis stars around
/// it, and of a JSON line (a JSON Resume) only its text value.
fn clean_line(line: &str) -> &str {
    let line = line
        .trim()
        .trim_start_matches(['#', '*', '-', '•', '·', '–', ' '])
        .trim_end_matches(['*', ' ']);
    let json_value = line
        .strip_prefix('"')
        .and_then(|rest| rest.split_once("\": "))
        .map_or(line, |(_, value)| value);
    let value = json_value.trim_end_matches([',', ' ']);
    let value = value.strip_prefix('"').unwrap_or(value);
    let value = value.strip_suffix('"').unwrap_or(value);
    value.trim_matches(['[', ']', '{', '}', ' '])
}

/// Missing core skills across the roles shown, the ones most roles need first.
fn learn_next(out: &mut String, roles: &[&Match]) {
    let mut needed: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for m in roles {
        for skill in &m.explanation.missing_core_skills {
            needed
                .entry(skill.name.as_str())
                .or_default()
                .push(m.role_title.as_str());
        }
    }
    if needed.is_empty() {
        return;
    }
    let mut ranked: Vec<(&str, Vec<&str>)> = needed.into_iter().collect();
    ranked.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let _ = write!(
        out,
        "<h2>Skills to learn next</h2><p>Core skills these roles ask for that your resume does not show yet, the ones most of them need first. Once you have used one at work or in a project, say so in a line that shows it in use.</p><ol class=\"learn\">"
    );
    for (skill, needed_by) in ranked.iter().take(8) {
        let _ = write!(
            out,
            "<li><strong>{}</strong> — needed by {} of {}: {}</li>",
            esc(skill),
            needed_by.len(),
            roles.len(),
            esc(&needed_by.join(", "))
        );
    }
    let _ = write!(out, "</ol>");
}

const STYLE: &str = "body{font:16px/1.55 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1d2330;margin:0;background:#fff}\
main{max-width:46rem;margin:0 auto;padding:1.5rem 1rem 3rem}\
h1{font-size:1.6rem;margin:.5rem 0 .75rem;line-height:1.25;overflow-wrap:anywhere}\
h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:2px solid #e3e7ee;padding-bottom:.25rem}\
h3{font-size:1.1rem;margin:0 0 .5rem}h4{font-size:.95rem;margin:1rem 0 .25rem;color:#3b4456}\
.lead{font-size:1.15rem;font-weight:500}.caution{background:#fff4e5;border-left:4px solid #b25e00;padding:.5rem .75rem}\
.role{border:1px solid #d3d9e3;border-radius:8px;padding:1rem 1.1rem;margin:1rem 0}\
h2,h3,h4{break-after:avoid}li,blockquote{break-inside:avoid}\
.role.strong{border-left:6px solid #1b7f4b}.role.partial{border-left:6px solid #b58100}.role.weak{border-left:6px solid #8a93a6}\
.band{display:block;font-size:.9rem;font-weight:500;color:#3b4456;margin-top:.15rem}\
blockquote{margin:.25rem 0 .5rem;padding:.5rem .75rem;background:#f4f6fa;border-left:3px solid #9aa6bd;font-size:.95rem;overflow-wrap:anywhere}\
ul.skills{padding-left:1.2rem}ul.skills li{margin:.2rem 0}q{color:#3b4456;font-style:italic;overflow-wrap:anywhere}\
.note{color:#3b4456;font-size:.92rem}ol.learn li{margin:.25rem 0}\
footer{margin-top:2.5rem;color:#5a6377;font-size:.85rem;border-top:1px solid #e3e7ee;padding-top:.75rem}\
.print{float:right;font:inherit;font-size:.9rem;padding:.4rem .8rem;border:1px solid #56627a;border-radius:6px;background:#fff;color:#1d2330;cursor:pointer}\
@media (max-width:600px){.print{float:none;display:block;margin:0 0 .75rem auto}}@media print{.print{display:none}main{max-width:none;padding:0}body{font-size:11pt}.role{border-color:#999}}";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::embed::fake::FakeEmbedder;
    use crate::matcher::{Matcher, MatcherOptions};
    use crate::read::document_from_text;
    use crate::skills::{SkillExtractor, Taxonomy};

    fn page(text: &str) -> String {
        let taxonomy = Taxonomy::builtin().unwrap();
        let catalog = Catalog::builtin(&taxonomy).unwrap();
        let options = MatcherOptions {
            selection: crate::selection::Selection::new(16, 0.0).unwrap(),
            ..MatcherOptions::default()
        };
        let matcher = Matcher::new(
            Box::new(FakeEmbedder { dimensions: 128 }),
            catalog.clone(),
            SkillExtractor::new(taxonomy),
            options,
        )
        .unwrap();
        let doc = document_from_text("cv <1>.md", text);
        let reports = matcher.match_documents(vec![doc.clone()]).unwrap();
        render_report_html(
            &[ReportInput {
                report: &reports[0],
                document: &doc,
            }],
            &catalog,
            "made here",
        )
    }

    #[test]
    fn a_resume_outside_every_role_is_told_so_first_and_names_are_escaped() {
        let html =
            page("# Warehouse lead\n\nRan night shifts for a team of 12 forklift drivers.\n");
        assert!(
            html.contains("None of the 16 roles in the catalog fits this resume well"),
            "{html}"
        );
        assert!(html.contains("The closest roles"));
        assert!(html.contains("cv &lt;1&gt;.md") && !html.contains("cv <1>.md"));
        assert!(html.contains("Print or save as PDF") && html.contains("@media print"));
    }

    #[test]
    fn shared_skills_are_quoted_from_the_resume_and_missing_ones_ranked() {
        let html = page(
            "# Sam\n\n## Experience\n- Built RAG services in Python with LangChain and pgvector.\n- Wrote prompt templates and evaluated them with Ragas.\n",
        );
        assert!(
            html.contains("<q>Built RAG services in Python with LangChain and pgvector.</q>"),
            "{html}"
        );
        assert!(html.contains("Skills to learn next"));
        assert!(html.contains("Job titles to search for"));
        assert!(
            !html.contains("(L4"),
            "no line numbers for a person: {html}"
        );
    }

    #[test]
    fn quoted_lines_lose_their_markup() {
        assert_eq!(
            clean_line("  - **Built RAG services.**"),
            "Built RAG services."
        );
        assert_eq!(
            clean_line(r#"    "summary": "Retrained as a data analyst","#),
            "Retrained as a data analyst"
        );
        assert_eq!(clean_line(r#"      "SQL","#), "SQL");
        assert_eq!(clean_line("},"), "");
    }
}
