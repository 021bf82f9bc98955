//! The `audit` command: verify the hash chain, or show the records.

use std::process::ExitCode;

use anyhow::{Context, Result};

use rolematch::audit::{public_key_from, AuditLog, CheckpointKey, Expectations, Witness};
use rolematch::output::terminal_safe;

use super::context::{EXIT_ERROR, EXIT_MATCH};
use super::print::{out, outln, warn};
use super::{AuditCommand, BiasArgs, BiasFormatArg, FormatArg, GlobalArgs};

pub(super) fn audit(global: &GlobalArgs, command: &AuditCommand) -> Result<ExitCode> {
    let log_of = |explicit: &Option<std::path::PathBuf>| match explicit {
        Some(path) => AuditLog::at(path),
        None => AuditLog::under(&global.home),
    };
    match command {
        AuditCommand::Verify {
            log,
            expect,
            public_key,
            witness,
        } => {
            let log_path = log;
            let log = log_of(log);
            let expectations = Expectations {
                heads: expect.clone(),
                public_key: public_key.as_deref().map(public_key_from).transpose()?,
                checkpoint_every: Some(global.audit_checkpoint_every),
                witness: witness.as_deref().map(Witness::at),
            };
            if log_path.is_none() && !log.exists() {
                let pools = pools_in_home(global)?;
                if !pools.is_empty() {
                    outln!(
                        "BROKEN  {}: there is no audit log, but {} pool(s) exist ({}): it was deleted, or every change was made with --no-audit-log",
                        log.path().display(),
                        pools.len(),
                        terminal_safe(&pools.join(", "))
                    )?;
                    return Ok(ExitCode::from(EXIT_ERROR));
                }
            }
            let v = log.verify_with(&expectations)?;
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
                        log.path().display(),
                        problem.line,
                        problem.reason,
                        v.records
                    )?;
                    Ok(ExitCode::from(EXIT_ERROR))
                }
            }
        }
        AuditCommand::Head { log } => {
            let log = log_of(log);
            match log.head()? {
                Some(head) => {
                    outln!("{head}")?;
                    Ok(ExitCode::from(EXIT_MATCH))
                }
                None => {
                    warn(format_args!(
                        "{}: the log holds no record yet",
                        log.path().display()
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

/// The pools of the home's store (the index folder, or PostgreSQL with --store).
fn pools_in_home(global: &GlobalArgs) -> Result<Vec<String>> {
    Ok(match &global.store {
        Some(url) => rolematch::pool::postgres::PgStore::new(url)?.names()?,
        None => rolematch::pool::PoolStore::list(&global.home.join("index")),
    })
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
    let (id_map, pseudonyms) = match &args.ids {
        Some(path) => {
            let (file, map) = fairness::read_id_map(path)?;
            (Some(file), map)
        }
        None => Default::default(),
    };
    // A row may name a candidate by its id in the rankings or, with --ids, by its file.
    let ranked_id = |id: &str| match pseudonyms.get(id) {
        Some(pseudonym) if !ids.contains(id) => pseudonym.clone(),
        _ => id.to_string(),
    };
    let (demographics, people) = fairness::read_demographics(&args.demographics, &|id| {
        ids.contains(ranked_id(id).as_str())
    })?;
    // Two rows (a file name and its pseudonym, say) must not both speak for one person.
    let mut joined = std::collections::HashMap::new();
    for (id, identity) in people {
        let ranked = ranked_id(&id);
        if joined.insert(ranked.clone(), identity).is_some() {
            anyhow::bail!(
                "{}: two rows name candidate '{ranked}' (one by its file, one by its id?); keep one",
                args.demographics.display()
            );
        }
    }
    let people = joined;
    let selection = match (args.selected_top, args.threshold) {
        (Some(n), _) => Some(SelectionRule::Top(n)),
        (None, Some(t)) => Some(SelectionRule::Threshold(t)),
        (None, None) => None,
    };
    let mut report = fairness::bias_report(
        &rankings,
        demographics,
        &people,
        selection,
        rolematch::audit::utc_now(),
    );
    report.id_map = id_map;
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
