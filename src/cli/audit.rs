//! The `audit` command: verify the hash chain, or show the records.

use std::process::ExitCode;

use anyhow::{Context, Result};

use rolematch::app::AuditOutcome;
use rolematch::audit::{public_key_from, CheckpointKey, Expectations, Witness};
use rolematch::fairness::{self, BiasRequest, SelectionRule};
use rolematch::output::terminal_safe;
use rolematch::Workspace;

use super::context::{reading_workspace, EXIT_ERROR, EXIT_MATCH};
use super::print::{out, outln, warn};
use super::{AuditCommand, BiasArgs, BiasFormatArg, FormatArg, GlobalArgs};

pub(super) fn audit(global: &GlobalArgs, command: &AuditCommand) -> Result<ExitCode> {
    // Opened by the commands that read the log: keygen needs none of it.
    let workspace = || reading_workspace(global);
    match command {
        AuditCommand::Verify {
            log,
            expect,
            public_key,
            witness,
        } => {
            let expectations = Expectations {
                heads: expect.clone(),
                public_key: public_key.as_deref().map(public_key_from).transpose()?,
                checkpoint_every: Some(global.audit_checkpoint_every),
                witness: witness.as_deref().map(Witness::at),
            };
            let check = workspace()?.verify_audit_log(log.as_deref(), &expectations)?;
            let v = match check.outcome {
                AuditOutcome::MissingBesidePools(pools) => {
                    outln!(
                        "BROKEN  {}: there is no audit log, but {} pool(s) exist ({}): it was deleted, or every change was made with --no-audit-log",
                        check.log.display(),
                        pools.len(),
                        terminal_safe(&pools.join(", "))
                    )?;
                    return Ok(ExitCode::from(EXIT_ERROR));
                }
                AuditOutcome::Checked(v) => v,
            };
            if v.torn_tail {
                warn(format_args!(
                    "{}: the last line is incomplete: a crash during an append, not tampering; the next record replaces it",
                    check.log.display()
                ));
            }
            match &v.problem {
                None => {
                    outln!(
                        "ok  {}: {} records, every link and hash verifies",
                        check.log.display(),
                        v.records
                    )?;
                    if let Some(head) = &v.head {
                        outln!("    head {head}")?;
                    }
                    if !expect.is_empty() {
                        outln!("    the {} expected head(s) are in the log", expect.len())?;
                    }
                    if let Some(n) = v.witnessed {
                        outln!("    the witness's {n} head(s) are in the log")?;
                    }
                    match (&expectations.public_key, v.signed_through) {
                        (Some(key), Some(seq)) => outln!(
                            "    {} checkpoint(s) signed with {key}; records 1-{seq} are signed, {} after",
                            v.checkpoints,
                            v.records - seq
                        )?,
                        (Some(key), None) => outln!(
                            "    no checkpoint signed with {key} yet ({} records, fewer than the interval)",
                            v.records
                        )?,
                        (None, _) if v.checkpoints > 0 => outln!(
                            "    {} checkpoint(s) with valid signatures; give --public-key to check them against the key you trust",
                            v.checkpoints
                        )?,
                        (None, _) => {}
                    }
                    if expect.is_empty() && witness.is_none() && public_key.is_none() {
                        outln!("    (the chain alone cannot show a log cut short or re-chained: see --expect, --public-key, --witness)")?;
                    }
                    Ok(ExitCode::from(EXIT_MATCH))
                }
                Some(problem) => {
                    outln!(
                        "BROKEN  {}: line {}: {} ({} records verify before it)",
                        check.log.display(),
                        problem.line,
                        problem.reason,
                        v.records
                    )?;
                    Ok(ExitCode::from(EXIT_ERROR))
                }
            }
        }
        AuditCommand::Head { log } => {
            let (path, head) = workspace()?.audit_head(log.as_deref())?;
            match head {
                Some(head) => {
                    outln!("{head}")?;
                    Ok(ExitCode::from(EXIT_MATCH))
                }
                None => {
                    warn(format_args!(
                        "{}: the log holds no record yet",
                        path.display()
                    ));
                    Ok(ExitCode::from(super::context::EXIT_NO_MATCH))
                }
            }
        }
        AuditCommand::Keygen { file } => {
            let public = CheckpointKey::generate(file)?;
            warn(format_args!(
                "{}: the signing key (readable by you only). Use it with --audit-key {} (or ROLEMATCH_AUDIT_KEY); keep it outside the home and back it up",
                file.display(),
                file.display()
            ));
            outln!("{public}")?;
            Ok(ExitCode::from(EXIT_MATCH))
        }
        AuditCommand::Show {
            log,
            since,
            action,
            format,
        } => {
            let records =
                workspace()?.audit_records(log.as_deref(), since.as_deref(), action.as_deref())?;
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
        AuditCommand::Bias(args) => bias(&workspace()?, args),
    }
}

/// `audit bias`: reads the rankings and the self-identification CSV, writes the report.
/// Exit 0 when no impact ratio is under 0.8, 1 when one is.
fn bias(workspace: &Workspace, args: &BiasArgs) -> Result<ExitCode> {
    let selection = match (args.selected_top, args.threshold) {
        (Some(n), _) => Some(SelectionRule::Top(n)),
        (None, Some(t)) => Some(SelectionRule::Threshold(t)),
        (None, None) => None,
    };
    let report = workspace.bias_audit(&BiasRequest {
        results: args.results.clone(),
        demographics: args.demographics.clone(),
        ids: args.ids.clone(),
        selection,
    })?;
    let text = match args.format {
        BiasFormatArg::Table => fairness::render_table(&report),
        BiasFormatArg::Json => serde_json::to_string_pretty(&report)? + "\n",
        BiasFormatArg::Html => fairness::render_html(&report),
        BiasFormatArg::Summary => fairness::render_summary(&report),
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
        super::context::EXIT_NO_MATCH
    }))
}
