//! The bias audit report as a table for the terminal and as one self-contained HTML page.

use std::fmt::Write;

use super::{BiasReport, Breakdown, SelectionRule};
use crate::output::terminal_safe;

/// A rate or ratio to three decimals, or a dash where there is none.
fn ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "—".into(), |r| format!("{r:.3}"))
}

fn selection_text(rule: SelectionRule) -> String {
    match rule {
        SelectionRule::Top(n) => format!("the first {n} of each ranking"),
        SelectionRule::Threshold(t) => format!("every score at or above {t}"),
    }
}

pub fn render_table(report: &BiasReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Bias audit · {} · {} individuals in {} ranking(s) · median score {:.4}",
        report.generated_at,
        report.individuals,
        report.rankings.len(),
        report.median_score
    );
    if let Some(rule) = report.selection {
        let _ = writeln!(out, "Selected: {}", selection_text(rule));
    }
    for b in &report.breakdowns {
        let _ = writeln!(out, "\n{} (unknown: {})", b.name, b.unknown);
        let _ = writeln!(
            out,
            "  {:<34} {:>6} {:>7} {:>9} {:>8} {:>10} {:>8}",
            "CATEGORY", "COUNT", "SHARE", "SCORING", "IMPACT", "SELECTION", "IMPACT"
        );
        for c in &b.categories {
            let mark = if c.excluded_as_small {
                "  (under 2%: no ratio)"
            } else if c.flagged {
                "  < 0.8 FLAGGED"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  {:<34} {:>6} {:>6.1}% {:>9.3} {:>8} {:>10} {:>8}{mark}",
                terminal_safe(&c.category),
                c.count,
                c.share * 100.0,
                c.scoring_rate,
                ratio(c.scoring_impact_ratio),
                ratio(c.selection_rate),
                ratio(c.selection_impact_ratio),
            );
        }
    }
    let _ = writeln!(out);
    if report.flags.is_empty() {
        let _ = writeln!(out, "No impact ratio under 0.8.");
    } else {
        let _ = writeln!(out, "Flagged (impact ratio under 0.8):");
        for flag in &report.flags {
            let _ = writeln!(out, "  {}", terminal_safe(flag));
        }
    }
    let _ = writeln!(out, "\n{}", report.limits);
    out
}

use crate::output::html_escape as escape;

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#1d2330;padding:0 1rem}\
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}table{border-collapse:collapse;width:100%;margin:.5rem 0}\
th,td{border-bottom:1px solid #d8dde6;padding:.35rem .5rem;text-align:right}th:first-child,td:first-child{text-align:left}\
th{background:#f3f5f9}tr.flagged td{background:#fdecea}tr.small td{color:#6b7385}.flag{color:#b3261e;font-weight:600}\
.note{background:#f3f5f9;border-left:4px solid #1f5fbf;padding:.5rem .8rem}dt{font-weight:600}dd{margin:0 0 .6rem}\
code{font-size:.85rem;word-break:break-all}table.facts td{text-align:left}table.facts th{width:14rem}";

fn breakdown_html(out: &mut String, b: &Breakdown, selection: bool) {
    let title = breakdown_title(b.name);
    let _ = write!(
        out,
        "<h2>{title}</h2><p>Individuals with an unknown category, left out: {}</p><table><thead><tr>\
         <th>Category</th><th>Count</th><th>Share</th><th>Above median</th><th>Scoring rate</th><th>Impact ratio</th>",
        b.unknown
    );
    if selection {
        out.push_str("<th>Selected</th><th>Selection rate</th><th>Impact ratio</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for c in &b.categories {
        let class = if c.excluded_as_small {
            " class=\"small\""
        } else if c.flagged {
            " class=\"flagged\""
        } else {
            ""
        };
        let flag = |r: Option<f64>| match r {
            Some(v) if v < super::FOUR_FIFTHS => format!("<span class=\"flag\">{v:.3}</span>"),
            other => ratio(other),
        };
        let _ = write!(
            out,
            "<tr{class}><td>{}{}</td><td>{}</td><td>{:.1}%</td><td>{}</td><td>{:.3}</td><td>{}</td>",
            escape(&c.category),
            if c.excluded_as_small {
                " (under 2%, no ratio)"
            } else {
                ""
            },
            c.count,
            c.share * 100.0,
            c.scored_above_median,
            c.scoring_rate,
            flag(c.scoring_impact_ratio)
        );
        if selection {
            let _ = write!(
                out,
                "<td>{}</td><td>{}</td><td>{}</td>",
                c.selected.unwrap_or(0),
                ratio(c.selection_rate),
                flag(c.selection_impact_ratio)
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

/// One HTML page with no outside resources: the figures, the flags, the definitions, and what
/// the report was computed from (with sha256 of each input).
pub fn render_html(report: &BiasReport) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>rolematch bias audit</title>\
         <style>{STYLE}</style></head><body><h1>Bias audit report</h1>\
         <p>Generated {} by rolematch {} · {} assessed individuals in {} ranking(s) · median score {:.4}</p>",
        escape(&report.generated_at),
        report.rolematch_version,
        report.individuals,
        report.rankings.len(),
        report.median_score
    );
    if let Some(rule) = report.selection {
        let _ = write!(out, "<p>Selected: {}.</p>", selection_text(rule));
    }
    if report.flags.is_empty() {
        out.push_str("<p class=\"note\">No impact ratio is under 0.8.</p>");
    } else {
        out.push_str("<div class=\"note\"><p class=\"flag\">Impact ratios under 0.8 (four-fifths rule):</p><ul>");
        for flag in &report.flags {
            let _ = write!(out, "<li>{}</li>", escape(flag));
        }
        out.push_str("</ul></div>");
    }
    for b in &report.breakdowns {
        breakdown_html(&mut out, b, report.selection.is_some());
    }
    out.push_str("<h2>Definitions</h2><dl>");
    for (term, text) in &report.definitions {
        let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", escape(term), escape(text));
    }
    out.push_str("</dl><h2>Inputs</h2><table><thead><tr><th>File</th><th>Role</th><th>Candidates</th><th>Model</th><th>Catalog</th><th>Blind</th><th>sha256</th></tr></thead><tbody>");
    for r in &report.rankings {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            escape(&r.file.path),
            escape(&r.role_id),
            r.candidates,
            escape(&r.model),
            escape(&r.catalog_version),
            if r.blind { "yes" } else { "no" },
            r.file.sha256
        );
    }
    if let Some(map) = &report.id_map {
        let _ = writeln!(
            out,
            "<tr><td>{} (pseudonyms of a blind pool)</td><td colspan=\"5\"></td><td><code>{}</code></td></tr>",
            escape(&map.path),
            map.sha256
        );
    }
    let _ = writeln!(
        out,
        "<tr><td>{} (self-identification)</td><td colspan=\"5\"></td><td><code>{}</code></td></tr></tbody></table>\
         <h2>What this report is not</h2><p>{}</p></body></html>",
        escape(&report.demographics.path),
        report.demographics.sha256,
        escape(report.limits)
    );
    out
}

/// The fields NYC Local Law 144's rules ask a public summary of a bias audit to show; a test
/// checks that [`render_summary`] shows each.
pub const SUMMARY_FIELDS: &[&str] = &[
    "Date of the bias audit",
    "Independent auditor",
    "Date the tool was first used",
    "Source of the data",
    "Number of individuals assessed",
    "Individuals in an unknown category",
    "Scoring rate",
    "Impact ratio",
];

/// What only the employer can fill in a summary, marked so nobody posts it blank.
const EMPLOYER_FILLS: &str = "[TO BE FILLED BY THE EMPLOYER]";

/// The one-page public summary of a bias audit that NYC Local Law 144 asks an employer to
/// post: the audit's date, the data's source and size, every category's scoring (and, with a
/// selection rule, selection) rate and impact ratio, from the same figures as the full
/// report, with marked blanks for what only the employer knows (the independent auditor, the
/// date the tool was first used).
pub fn render_summary(report: &BiasReport) -> String {
    let date = report
        .generated_at
        .get(..10)
        .unwrap_or(&report.generated_at);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Summary of the bias audit</title>\
         <style>{STYLE}</style></head><body><h1>Summary of the bias audit of an automated employment decision tool</h1>\
         <table class=\"facts\"><tbody>\
         <tr><th>Tool</th><td>rolematch {version} (resume-to-role matching)</td></tr>\
         <tr><th>Date of the bias audit</th><td>{date}</td></tr>\
         <tr><th>Independent auditor</th><td>{fill}</td></tr>\
         <tr><th>Date the tool was first used</th><td>{fill}</td></tr>\
         <tr><th>Source of the data</th><td>{rankings} ranking(s) made with the tool ({roles}), joined with the candidates' voluntary self-identification of sex and race/ethnicity. {fill} (historical data of this employer, or test data, and why)</td></tr>\
         <tr><th>Number of individuals assessed</th><td>{individuals}</td></tr>\
         <tr><th>Individuals in an unknown category</th><td>{unknown}</td></tr>\
         <tr><th>What counts as selected</th><td>{selected}</td></tr>\
         </tbody></table>",
        version = report.rolematch_version,
        fill = EMPLOYER_FILLS,
        rankings = report.rankings.len(),
        roles = escape(
            &report
                .rankings
                .iter()
                .map(|r| r.role_id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        individuals = report.individuals,
        unknown = report
            .breakdowns
            .iter()
            .map(|b| format!("{}: {}", breakdown_title(b.name), b.unknown))
            .collect::<Vec<_>>()
            .join("; "),
        selected = match report.selection {
            Some(rule) => escape(&selection_text(rule)),
            None => "no selection rule was given: the scoring rate (scoring above the median) is reported".into(),
        },
    );
    let selection = report.selection.is_some();
    for b in &report.breakdowns {
        let _ = write!(
            out,
            "<h2>{}</h2><table><thead><tr><th>Category</th><th>Number of individuals</th><th>Scoring rate</th><th>Impact ratio</th>",
            breakdown_title(b.name)
        );
        if selection {
            out.push_str("<th>Selection rate</th><th>Impact ratio (selection)</th>");
        }
        out.push_str("</tr></thead><tbody>");
        for c in &b.categories {
            let _ = write!(
                out,
                "<tr><td>{}{}</td><td>{}</td><td>{:.3}</td><td>{}</td>",
                escape(&c.category),
                if c.excluded_as_small {
                    " (under 2% of the data: left out of the impact ratios)"
                } else {
                    ""
                },
                c.count,
                c.scoring_rate,
                ratio(c.scoring_impact_ratio)
            );
            if selection {
                let _ = write!(
                    out,
                    "<td>{}</td><td>{}</td>",
                    ratio(c.selection_rate),
                    ratio(c.selection_impact_ratio)
                );
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
    }
    out.push_str("<h2>What the figures mean</h2><dl>");
    for (term, text) in &report.definitions {
        let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", escape(term), escape(text));
    }
    let _ = write!(
        out,
        "</dl><p>{}</p><p>Made by rolematch from the same figures as the full bias audit report \
         (<code>rolematch audit bias --format html</code>). The employer fills the marked blanks, \
         has the audit made by an independent auditor, and posts this summary.</p></body></html>",
        escape(report.limits)
    );
    out
}

fn breakdown_title(name: &str) -> &'static str {
    match name {
        "sex" => "Sex",
        "race_ethnicity" => "Race/ethnicity",
        _ => "Intersection of sex and race/ethnicity",
    }
}
