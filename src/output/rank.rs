//! Ranked candidates for one opening: table, JSON and CSV.

use std::fmt::Write;

use serde::Serialize;

use super::table::{write_explanation, EvidenceDetail};
use super::{terminal_safe, write_csv, RunSettings, OVERSIGHT_NOTICE};
use crate::doc_kind::NotResume;
use crate::language::Language;
use crate::pathname::path_text;
use crate::pool::openings::Decision;
#[cfg(test)]
use crate::rank::NOBODY_FITS;
use crate::rank::{CandidateMatch, NearDuplicate};
use crate::read::FileError;

/// Everything one `rank` run produced, as written in JSON.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RankRun<'a> {
    pub rolematch_version: &'static str,
    pub model: &'a str,
    pub catalog_version: &'a str,
    /// The candidates' identity cues were replaced before they were embedded.
    pub blind: bool,
    pub settings: RunSettings,
    pub oversight: &'static str,
    pub role_id: &'a str,
    pub role_title: &'a str,
    pub pool: &'a str,
    /// The opening this ranking was kept as a run of, when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opening: Option<&'a str>,
    /// The language the opening is written in, when it can be told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opening_language: Option<Language>,
    /// Why no score of this run should be trusted as it stands (an opening in a language the
    /// model does not read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opening_caution: Option<String>,
    /// The opening asks for a protected characteristic or a stand-in for one (a ZIP or postal
    /// code, an age, a photo…), with the lines that ask; rolematch does not score them, and
    /// those lines are left out of the ranking.
    // See crate::proxies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opening_warning: Option<String>,
    /// No candidate shown reaches partial while sharing a skill the opening asks for.
    // See crate::rank::nobody_fits.
    pub nobody_fits: bool,
    /// The sentence a person is shown when nobody fits.
    // The sentence is NOBODY_FITS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<&'static str>,
    pub candidates: &'a [CandidateMatch],
    /// Resumes left out as the same resume as a better-ranked candidate (another format or
    /// version), each with the one it repeats; a paired audit keeps them (`keep_duplicates`).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub near_duplicates: &'a [NearDuplicate],
    /// Files of a folder ranked without a pool that read as a cover letter, a job posting or
    /// a transcript rather than a resume: ranked all the same, for a person to check.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub not_resumes: &'a [NotResume],
    pub errors: &'a [FileError],
    /// When the ranking was made (UTC), for the CSV a reviewer keeps.
    #[serde(skip)]
    pub ranked_at: &'a str,
    /// The latest decision on each candidate of the opening, for the CSV.
    #[serde(skip)]
    pub decisions: &'a [Decision],
}

pub fn render_rank_json(run: &RankRun<'_>) -> String {
    serde_json::to_string_pretty(run).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

pub fn render_rank_table(run: &RankRun<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — pool {}{}",
        terminal_safe(run.role_title),
        terminal_safe(run.pool),
        if run.blind { " (blind review)" } else { "" }
    );
    if run.candidates.is_empty() {
        let _ = writeln!(out, "  no candidate scored above the threshold");
        return out;
    }
    if let Some(caution) = &run.opening_caution {
        let _ = writeln!(out, "  caution: {caution}");
    }
    if let Some(warning) = &run.opening_warning {
        let _ = writeln!(out, "  warning: {}", terminal_safe(warning));
    }
    if let Some(verdict) = run.verdict {
        let _ = writeln!(out, "  {verdict}");
    }
    let _ = writeln!(
        out,
        "  {:>3}  {:<36} {:>12}  {:>6}  {:>8}  {:>6}",
        "#", "CANDIDATE", "MATCH", "SCORE", "SEMANTIC", "SKILLS"
    );
    for (i, c) in run.candidates.iter().enumerate() {
        let e = &c.result.explanation;
        let _ = writeln!(
            out,
            "  {:>3}  {:<36} {:>12}  {:>6.3}  {:>8.3}  {:>6.3}",
            i + 1,
            terminal_safe(&c.candidate_id),
            format!("{:>3} {}", c.result.match_score, c.result.band),
            c.result.score,
            e.semantic_part,
            e.skill_part
        );
        if let Some(person) = person_line(c) {
            let _ = writeln!(out, "       {}", terminal_safe(&person));
        }
        if let Some(caution) = &c.caution {
            let _ = writeln!(out, "       caution: {caution}");
        }
        if let Some(years) = &c.years {
            let _ = writeln!(out, "       years: {}", years.describe());
        }
        write_explanation(&mut out, e, "       ", EvidenceDetail::Excerpt);
    }
    for other in run.not_resumes {
        let _ = writeln!(out, "  warning: {}", terminal_safe(&other.message));
    }
    for duplicate in run.near_duplicates {
        let _ = writeln!(out, "  set aside: {}", terminal_safe(&duplicate.message()));
    }
    let _ = writeln!(out, "\n  {OVERSIGHT_NOTICE}");
    out
}

/// "Jane Doe — Staff Engineer · 7.5 years of dated experience", from what the resume's header
/// and dated positions say; `None` when they say nothing (and a blind pool shows no name).
pub(crate) fn person_line(c: &CandidateMatch) -> Option<String> {
    let years = c
        .total_years
        .map(|y| format!("{y:.1} years of dated experience"));
    let who = [c.person.name.as_deref(), c.person.headline.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" — ");
    let parts: Vec<String> = [
        (!who.is_empty()).then_some(who),
        c.person.location.clone(),
        years,
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// Columns of the CSV a ranking is written as.
const CSV_HEADER: [&str; 27] = [
    "rank",
    "candidate_id",
    "file",
    "match_score",
    "band",
    "score",
    "semantic_part",
    "skill_part",
    "shared_skills",
    "missing_core_skills",
    "evidence_lines",
    "blind",
    "years",
    "caution",
    "note",
    "opening",
    "opening_title",
    "ranked_at",
    "top_k",
    "min_score",
    "decision",
    "decision_reason",
    "decided_at",
    "name",
    "headline",
    "total_years",
    "location",
];

/// One row per candidate; list fields are joined with `; `. Cells that a spreadsheet would
/// run as formulas are defused (see [`super::write_csv`]).
pub fn render_rank_csv(run: &RankRun<'_>) -> String {
    write_csv(&CSV_HEADER, rank_rows(run))
}

/// The same rows as the CSV in an `.xlsx` workbook: every cell a text cell (a spreadsheet
/// never reads one as a formula or a date), but the scores and counts, which are numbers.
pub fn render_rank_xlsx(run: &RankRun<'_>) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    const NUMBERS: [&str; 7] = [
        "rank",
        "match_score",
        "score",
        "semantic_part",
        "skill_part",
        "top_k",
        "min_score",
    ];
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("ranking")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (col, name) in CSV_HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &bold)?;
    }
    for (row, cells) in rank_rows(run).enumerate() {
        for (col, cell) in cells.iter().enumerate() {
            let (r, c) = (row as u32 + 1, col as u16);
            match cell.parse::<f64>() {
                Ok(number) if NUMBERS.contains(&CSV_HEADER[col]) => {
                    sheet.write_number(r, c, number)?;
                }
                _ => {
                    sheet.write_string(r, c, cell)?;
                }
            }
        }
    }
    workbook.save_to_buffer()
}

/// The cells of each ranked candidate, in [`CSV_HEADER`]'s order.
fn rank_rows<'r>(run: &'r RankRun<'_>) -> impl Iterator<Item = Vec<String>> + 'r {
    let note = [
        run.opening_caution.as_deref(),
        run.opening_warning.as_deref(),
        run.verdict,
        Some(OVERSIGHT_NOTICE),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    run.candidates.iter().enumerate().map(move |(i, c)| {
        let e = &c.result.explanation;
        let shared: Vec<&str> = e.shared_skills.iter().map(|s| s.name.as_str()).collect();
        let missing: Vec<&str> = e
            .missing_core_skills
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        // Words, not "5-12", which a spreadsheet would take for a date.
        let evidence = e
            .evidence
            .as_ref()
            .map(|ev| match ev.first_line == ev.last_line {
                true => format!("line {}", ev.first_line),
                false => format!("lines {}-{}", ev.first_line, ev.last_line),
            })
            .unwrap_or_default();
        let decision = run
            .decisions
            .iter()
            .rev()
            .find(|d| d.candidate_id == c.candidate_id);
        vec![
            (i + 1).to_string(),
            c.candidate_id.clone(),
            path_text(&c.file),
            c.result.match_score.to_string(),
            c.result.band.to_string(),
            format!("{:.4}", c.result.score),
            format!("{:.4}", e.semantic_part),
            format!("{:.4}", e.skill_part),
            shared.join("; "),
            missing.join("; "),
            evidence,
            run.blind.to_string(),
            c.years.as_ref().map(|y| y.describe()).unwrap_or_default(),
            c.caution.clone().unwrap_or_default(),
            note.clone(),
            run.opening.unwrap_or_default().to_string(),
            run.role_title.to_string(),
            run.ranked_at.to_string(),
            run.settings.top_k.to_string(),
            run.settings.min_score.to_string(),
            decision.map_or_else(String::new, |d| d.decision.as_str().to_string()),
            decision.map_or_else(String::new, |d| d.reason.clone()),
            decision.map_or_else(String::new, |d| d.at.clone()),
            c.person.name.clone().unwrap_or_default(),
            c.person.headline.clone().unwrap_or_default(),
            c.total_years.map(|y| format!("{y:.1}")).unwrap_or_default(),
            c.person.location.clone().unwrap_or_default(),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::score::{Band, Explanation, Match};

    #[test]
    fn csv_rows_are_quoted_and_formula_ids_defused() {
        let candidate = CandidateMatch {
            candidate_id: "=HYPERLINK(1).md".into(),
            file: "pool/=HYPERLINK(1).md".into(),
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
                band: Band::Weak,
                explanation: Explanation::default(),
            },
        };
        let run = RankRun {
            rolematch_version: "test",
            model: "m",
            catalog_version: "c",
            blind: false,
            settings: RunSettings::of(crate::selection::Selection::new(1, 0.0).unwrap()),
            oversight: OVERSIGHT_NOTICE,
            role_id: "r",
            role_title: "Role, \"quoted\"",
            pool: "p",
            opening: None,
            ranked_at: "2026-12-04T00:00:00Z",
            decisions: &[],
            opening_language: None,
            opening_caution: None,
            opening_warning: None,
            nobody_fits: true,
            verdict: Some(NOBODY_FITS),
            candidates: std::slice::from_ref(&candidate),
            near_duplicates: &[],
            not_resumes: &[],
            errors: &[],
        };
        let csv = render_rank_csv(&run);
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some(CSV_HEADER.join(",").as_str()));
        let row = lines.next().unwrap();
        assert!(
            row.starts_with("1,'=HYPERLINK(1).md,pool/=HYPERLINK(1).md,50,"),
            "{row}"
        );
        assert!(
            row.contains("No candidate shown fits this opening well"),
            "{row}"
        );
        assert!(render_rank_table(&run).contains(NOBODY_FITS));
        assert!(render_rank_json(&run).contains("\"verdict\""));
        // The workbook holds the same cells, the id as text and the score as a number, and
        // no formula anywhere.
        let workbook = render_rank_xlsx(&run).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(workbook)).unwrap();
        let mut part = |name: &str| {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
            text
        };
        let strings = part("xl/sharedStrings.xml");
        let sheet = part("xl/worksheets/sheet1.xml");
        assert!(strings.contains("=HYPERLINK(1).md") && strings.contains("match_score"));
        assert!(!sheet.contains("<f>"), "{sheet}");
        assert!(
            sheet.contains("<v>0.5</v>"),
            "the score is a number: {sheet}"
        );
        let fits = RankRun {
            nobody_fits: false,
            verdict: None,
            opening_caution: None,
            opening_warning: None,
            ..run
        };
        assert!(!render_rank_table(&fits).contains(NOBODY_FITS));
        assert!(!render_rank_json(&fits).contains("\"verdict\""));
        let table = render_rank_table(&RankRun {
            pool: "p\u{1b}[2J",
            ..fits
        });
        assert!(!table.contains('\u{1b}'), "{table}");
    }

    #[test]
    fn the_csv_says_which_opening_when_and_what_was_decided_and_lines_are_not_dates() {
        use crate::pool::openings::Verdict;
        use crate::score::Evidence;
        let mut result = Match {
            role_id: "r".into(),
            role_title: "R".into(),
            score: 0.7,
            match_score: 90,
            band: Band::Strong,
            explanation: Explanation::default(),
        };
        result.explanation.evidence = Some(Evidence {
            first_line: 5,
            last_line: 12,
            section: None,
            similarity: 0.5,
            excerpt: "x".into(),
        });
        let candidate = CandidateMatch {
            candidate_id: "jane.md".into(),
            file: "jane.md".into(),
            person: crate::profile::Person::default(),
            total_years: None,
            language: None,
            caution: None,
            years: None,
            result,
        };
        let decided = |decision: Verdict, reason: &str, at: &str| Decision {
            opening: "backend-2027".into(),
            candidate_id: "jane.md".into(),
            content_hash: "h".into(),
            at: at.into(),
            by: "r".into(),
            decision,
            reason: reason.into(),
            reason_code: None,
            notes: None,
            score: 0.7,
            match_score: 90,
            band: "strong".into(),
            overrides_ranking: false,
        };
        let decisions = [
            decided(Verdict::Reject, "first thought", "2026-12-04T01:00:00Z"),
            decided(Verdict::Advance, "second thought", "2026-12-04T02:00:00Z"),
        ];
        let run = RankRun {
            rolematch_version: "test",
            model: "m",
            catalog_version: "c",
            blind: false,
            settings: RunSettings::of(crate::selection::Selection::new(7, 0.1).unwrap()),
            oversight: OVERSIGHT_NOTICE,
            role_id: "job:backend",
            role_title: "Backend Engineer",
            pool: "p",
            opening: Some("backend-2027"),
            ranked_at: "2026-12-04T03:00:00Z",
            decisions: &decisions,
            opening_language: None,
            opening_caution: None,
            opening_warning: None,
            nobody_fits: false,
            verdict: None,
            candidates: std::slice::from_ref(&candidate),
            near_duplicates: &[],
            not_resumes: &[],
            errors: &[],
        };
        let csv = render_rank_csv(&run);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header = reader.headers().unwrap().clone();
        let row = reader.records().next().unwrap().unwrap();
        let cell = |name: &str| row[header.iter().position(|h| h == name).unwrap()].to_string();
        assert_eq!(cell("evidence_lines"), "lines 5-12");
        assert_eq!(cell("opening"), "backend-2027");
        assert_eq!(cell("opening_title"), "Backend Engineer");
        assert_eq!(cell("ranked_at"), "2026-12-04T03:00:00Z");
        assert_eq!(
            (cell("top_k"), cell("min_score")),
            ("7".into(), "0.1".into())
        );
        // The latest decision is the one that stands.
        assert_eq!(cell("decision"), "advance");
        assert_eq!(cell("decision_reason"), "second thought");
        assert_eq!(cell("decided_at"), "2026-12-04T02:00:00Z");
        // The JSON stays as it was: what differs between runs (the time) is not in it.
        assert!(!render_rank_json(&run).contains("ranked_at"));
    }
}
