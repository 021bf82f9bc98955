//! The `audit` command: verify the hash chain, or show the records.

use std::process::ExitCode;

use anyhow::{Context, Result};

use rolematch::audit::AuditLog;
use rolematch::output::terminal_safe;

use super::commands::{EXIT_ERROR, EXIT_MATCH};
use super::print::{out, outln, warn};
use super::{AuditCommand, BiasArgs, BiasFormatArg, FormatArg, GlobalArgs};

pub(super) fn audit(global: &GlobalArgs, command: &AuditCommand) -> Result<ExitCode> {
    let log_of = |explicit: &Option<std::path::PathBuf>| match explicit {
        Some(path) => AuditLog::at(path),
        None => AuditLog::under(&global.home),
    };
    match command {
        AuditCommand::Verify { log } => {
            let log = log_of(log);
            let v = log.verify()?;
            if v.torn_tail {
                warn(format_args!(
                    "{}: the last line is incomplete: a crash during an append, not tampering; the next record replaces it",
                    log.path().display()
                ));
            }
            match &v.problem {
                None => {
                    outln!(
                        "ok  {}: {} records, every link and hash verifies",
                        log.path().display(),
                        v.records
                    )?;
                    Ok(ExitCode::from(EXIT_MATCH))
                }
                Some(problem) => {
                    outln!(
                        "BROKEN  {}: line {}: {} ({} records verify before it)",
                        log.path().display(),
                        problem.line,
                        problem.reason,
                        v.records
                    )?;
                    Ok(ExitCode::from(EXIT_ERROR))
                }
            }
        }
        AuditCommand::Show {
            log,
            since,
            action,
            format,
        } => {
            let records = log_of(log).records(since.as_deref(), action.as_deref())?;
            match format {
                FormatArg::Json => outln!("{}", serde_json::to_string_pretty(&records)?)?,
                FormatArg::Table => {
                    for r in &records {
                        let e = &r.event;
                        let top: Vec<String> = e
                            .ranked
                            .iter()
                            .take(3)
                            .map(|x| format!("{} {:.3}", x.id, x.score))
                            .collect();
                        outln!(
                            "{:>5}  {}  {:<11} {:<12} {:<24} {} subject(s)  {}",
                            r.seq,
                            r.time,
                            e.action,
                            terminal_safe(&e.who),
                            terminal_safe(
                                &[e.pool.as_deref(), e.opening.as_deref()]
                                    .into_iter()
                                    .flatten()
                                    .collect::<Vec<_>>()
                                    .join(" / ")
                            ),
                            e.subjects.len(),
                            terminal_safe(&top.join(", "))
                        )?;
                    }
                }
            }
            Ok(ExitCode::from(EXIT_MATCH))
        }
        AuditCommand::Bias(args) => bias(args),
    }
}

/// `audit bias`: reads the rankings and the self-identification CSV, writes the report.
/// Exit 0 when no impact ratio is under 0.8, 1 when one is.
fn bias(args: &BiasArgs) -> Result<ExitCode> {
    use rolematch::fairness::{self, SelectionRule};
    let rankings = fairness::read_rankings(&args.results)?;
    let ids: std::collections::HashSet<&str> = rankings
        .iter()
        .flat_map(|r| r.candidates.iter().map(|(id, _)| id.as_str()))
        .collect();
    let (demographics, people) =
        fairness::read_demographics(&args.demographics, &|id| ids.contains(id))?;
    let selection = match (args.selected_top, args.threshold) {
        (Some(n), _) => Some(SelectionRule::Top(n)),
        (None, Some(t)) => Some(SelectionRule::Threshold(t)),
        (None, None) => None,
    };
    let report = fairness::bias_report(
        &rankings,
        demographics,
        &people,
        selection,
        rolematch::audit::utc_now(),
    );
    let text = match args.format {
        BiasFormatArg::Table => fairness::render_table(&report),
        BiasFormatArg::Json => serde_json::to_string_pretty(&report)? + "\n",
        BiasFormatArg::Html => fairness::render_html(&report),
    };
    match &args.out {
        Some(path) => {
            rolematch::fsutil::write_atomic(path, text.as_bytes())
                .with_context(|| format!("writing {}", path.display()))?;
            outln!(
                "{}: bias audit of {} individuals, {} flag(s)",
                path.display(),
                report.individuals,
                report.flags.len()
            )?;
        }
        None => out!("{text}")?,
    }
    Ok(ExitCode::from(if report.flags.is_empty() {
        EXIT_MATCH
    } else {
        super::commands::EXIT_NO_MATCH
    }))
}
