//! `openings`, `decide` and `decisions`: a pool's saved rankings with their history, and what
//! reviewers did with the candidates.

use std::process::ExitCode;

use anyhow::Result;

use rolematch::app::DecisionRequest;
use rolematch::output::{render_decisions_csv, terminal_safe};
use rolematch::pool::openings::{Decision, OpeningRecord, Target, Verdict};

use super::context::{pool_workspace, EXIT_MATCH, EXIT_NO_MATCH};
use super::print::{out, outln};
use super::{DecideArgs, DecisionsArgs, FormatArg, GlobalArgs, OpeningsArgs, RankFormatArg};

pub(super) fn list(global: &GlobalArgs, args: &OpeningsArgs) -> Result<ExitCode> {
    let ws = pool_workspace(global, &args.pool.index_dir)?;
    let openings = ws.openings(&args.pool.pool)?;
    match args.format {
        FormatArg::Json => outln!("{}", serde_json::to_string_pretty(&openings)?)?,
        FormatArg::Table => out!("{}", openings_table(&args.pool.pool, &openings))?,
    }
    Ok(ExitCode::from(if openings.is_empty() {
        EXIT_NO_MATCH
    } else {
        EXIT_MATCH
    }))
}

pub(super) fn decide(global: &GlobalArgs, args: &DecideArgs) -> Result<ExitCode> {
    let ws = pool_workspace(global, &args.pool.index_dir)?;
    let decision = if args.advance {
        Verdict::Advance
    } else if args.hold {
        Verdict::Hold
    } else {
        Verdict::Reject
    };
    let decided = ws.decide(DecisionRequest {
        pool: args.pool.pool.clone(),
        opening: args.opening.clone(),
        candidate_id: args.id.clone(),
        decision,
        reason: args.reason.clone(),
        reason_code: args.code.clone(),
        notes: args.notes.clone(),
    })?;
    outln!(
        "recorded: {} {} for opening '{}' (they were shown {} out of 100, {}){}",
        decided.decision.as_str(),
        terminal_safe(&decided.candidate_id),
        terminal_safe(&decided.opening),
        decided.match_score,
        decided.band,
        if decided.overrides_ranking {
            "; this decision goes against the ranking, and is recorded as an override"
        } else {
            ""
        }
    )?;
    Ok(ExitCode::from(EXIT_MATCH))
}

pub(super) fn decisions(global: &GlobalArgs, args: &DecisionsArgs) -> Result<ExitCode> {
    let ws = pool_workspace(global, &args.pool.index_dir)?;
    let decisions = ws.decisions(&args.pool.pool, args.opening.as_deref())?;
    match args.format {
        RankFormatArg::Json => outln!("{}", serde_json::to_string_pretty(&decisions)?)?,
        RankFormatArg::Csv => out!("{}", render_decisions_csv(&decisions))?,
        RankFormatArg::Table => out!("{}", decisions_table(&decisions))?,
    }
    Ok(ExitCode::from(if decisions.is_empty() {
        EXIT_NO_MATCH
    } else {
        EXIT_MATCH
    }))
}

/// Each opening with what it ranks for and its runs, newest last.
fn openings_table(pool: &str, openings: &[OpeningRecord]) -> String {
    if openings.is_empty() {
        return format!(
            "No openings in pool '{}' yet: rank it with --opening NAME to keep one.\n",
            terminal_safe(pool)
        );
    }
    let mut out = String::new();
    for opening in openings {
        let what = match &opening.target {
            Target::Role { id, title } => format!("role {} ({})", title, id),
            Target::Posting { title, file, .. } => format!("posting {} ({})", title, file),
        };
        out.push_str(&format!(
            "{}  {}  made {} by {}\n",
            terminal_safe(&opening.name),
            terminal_safe(&what),
            opening.created_at,
            terminal_safe(&opening.created_by)
        ));
        for (n, run) in opening.runs.iter().enumerate() {
            let top: Vec<String> = run
                .candidates
                .iter()
                .take(3)
                .map(|c| format!("{} {}", terminal_safe(&c.candidate_id), c.match_score))
                .collect();
            out.push_str(&format!(
                "  run {}  {}  by {}  k {}, min score {}{}  {} candidates: {}\n",
                n + 1,
                run.at,
                terminal_safe(&run.by),
                run.settings.top_k,
                run.settings.min_score,
                if run.settings.blind { ", blind" } else { "" },
                run.candidates.len(),
                top.join(", ")
            ));
        }
    }
    out
}

fn decisions_table(decisions: &[Decision]) -> String {
    if decisions.is_empty() {
        return "No decisions recorded.\n".into();
    }
    let mut out = String::new();
    for d in decisions {
        out.push_str(&format!(
            "{}  {}  {}  {:<7}  {} out of 100 ({}){}  by {}: {}{}\n",
            d.at,
            terminal_safe(&d.opening),
            terminal_safe(&d.candidate_id),
            d.decision.as_str(),
            d.match_score,
            d.band,
            if d.overrides_ranking {
                ", override"
            } else {
                ""
            },
            terminal_safe(&d.by),
            terminal_safe(&d.reason),
            d.reason_code
                .as_ref()
                .map(|c| format!(" [{}]", terminal_safe(c)))
                .unwrap_or_default()
        ));
    }
    out
}
