//! `model-card`, `notice`, `explain`, `export-candidate` and `purge`: what a hiring tool owes
//! its users and the people it ranks — instructions for use, notice before use, an explanation
//! after, access to what is held about them, and records kept no longer than retention.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};

use super::context::{pool_workspace, EXIT_MATCH, EXIT_NO_MATCH};
use super::print::{out, outln, warn};
use super::{
    DocumentFormatArg, ExplainArgs, ExportCandidateArgs, FormatArg, GlobalArgs, JurisdictionArg,
    ModelCardArgs, NoticeArgs, PurgeArgs,
};
use rolematch::app::PurgeReport;
use rolematch::duties::notice::Jurisdiction;
use rolematch::duties::retention::{check_date, Retention};
use rolematch::duties::Page;
use rolematch::output::terminal_safe;

pub(super) fn explain(global: &GlobalArgs, args: &ExplainArgs) -> Result<ExitCode> {
    let ws = pool_workspace(global, &args.pool.index_dir)?;
    let explanation = ws.explain(&args.pool.pool, &args.opening, &args.id)?;
    write_document(&explanation.page(), &explanation, args.format)
}

pub(super) fn notice(global: &GlobalArgs, args: &NoticeArgs) -> Result<ExitCode> {
    let jurisdiction = match args.jurisdiction {
        JurisdictionArg::Nyc => Jurisdiction::Nyc,
        JurisdictionArg::Illinois => Jurisdiction::Illinois,
        JurisdictionArg::Colorado => Jurisdiction::Colorado,
        JurisdictionArg::California => Jurisdiction::California,
        JurisdictionArg::Eu => Jurisdiction::Eu,
    };
    if matches!(
        jurisdiction,
        Jurisdiction::California | Jurisdiction::Colorado
    ) {
        for warning in Retention::of_home(&global.home)?.shorter_than_rules() {
            warn(warning);
        }
    }
    let ws = pool_workspace(global, &args.pool.index_dir)?;
    let notice = ws.notice(jurisdiction, &args.pool.pool, &args.opening)?;
    write_document(&notice.page(), &notice, args.format)
}

pub(super) fn export_candidate(
    global: &GlobalArgs,
    args: &ExportCandidateArgs,
) -> Result<ExitCode> {
    let ws = pool_workspace(global, &args.pool.index_dir)?;
    let record = ws.export_candidate(&args.pool.pool, &args.id)?;
    write_document(&record.page(), &record, args.format)
}

pub(super) fn model_card(global: &GlobalArgs, args: &ModelCardArgs) -> Result<ExitCode> {
    let ws = pool_workspace(global, &None)?;
    let card = ws.model_card()?;
    write_document(&card.page(), &card, args.format)
}

/// A document in the format asked for: the page as Markdown or HTML, or its data as JSON.
fn write_document<T: serde::Serialize>(
    page: &Page,
    data: &T,
    format: DocumentFormatArg,
) -> Result<ExitCode> {
    match format {
        DocumentFormatArg::Md => out!("{}", page.to_markdown())?,
        DocumentFormatArg::Html => out!("{}", page.to_html())?,
        DocumentFormatArg::Json => outln!("{}", serde_json::to_string_pretty(data)?)?,
    }
    Ok(ExitCode::from(EXIT_MATCH))
}

pub(super) fn purge(global: &GlobalArgs, args: &PurgeArgs) -> Result<ExitCode> {
    let retention = || -> Result<(Retention, String)> {
        let retention = Retention::of_home(&global.home)?;
        for warning in retention.shorter_than_rules() {
            warn(warning);
        }
        let cutoff = retention
            .cutoff(&rolematch::audit::utc_now())
            .context("working out the retention date")?;
        Ok((retention, cutoff))
    };
    let before = match &args.older_than {
        // Forced, the date is the user's: the retention setting is not needed.
        Some(date) if args.force => check_date(date)?,
        Some(date) => {
            let date = check_date(date)?;
            let (retention, cutoff) = retention()?;
            // A dry run only says what would go: it may look inside the period.
            if date > cutoff && !args.dry_run {
                anyhow::bail!(
                    "{date} is inside the retention period: records from after {cutoff} are \
                     kept {} (HOME/{}). Give an earlier date, or add --force to purge them \
                     anyway (for example to honour a deletion request; `rolematch forget ID` \
                     removes one person)",
                    retention.words(),
                    rolematch::duties::retention::RETENTION_FILE
                );
            }
            date
        }
        None => retention()?.1,
    };
    let ws = pool_workspace(global, &args.index_dir)?;
    let report = ws.purge(
        &before,
        args.pool.as_deref(),
        args.dry_run,
        Duration::from_secs(args.wait),
    )?;
    match args.format {
        FormatArg::Json => outln!("{}", serde_json::to_string_pretty(&report)?)?,
        FormatArg::Table => out!("{}", purge_table(&report))?,
    }
    let removed = report
        .pools
        .iter()
        .any(|p| !p.candidates.is_empty() || p.runs + p.decisions > 0);
    Ok(ExitCode::from(if removed {
        EXIT_MATCH
    } else {
        EXIT_NO_MATCH
    }))
}

fn purge_table(report: &PurgeReport) -> String {
    let verb = if report.dry_run {
        "would remove"
    } else {
        "removed"
    };
    let mut out = format!(
        "Past retention: everything from before {}.\n",
        report.before
    );
    for p in &report.pools {
        out.push_str(&format!(
            "pool {}: {verb} {} candidate(s), {} opening run(s), {} decision(s)\n",
            terminal_safe(&p.pool),
            p.candidates.len(),
            p.runs,
            p.decisions
        ));
        for id in &p.candidates {
            out.push_str(&format!("  {}\n", terminal_safe(id)));
        }
        if !p.undated.is_empty() {
            out.push_str(&format!(
                "  {} candidate(s) were added before rolematch kept the date and are left \
                 alone: remove those past retention with `rolematch forget ID... --pool {}`:\n",
                p.undated.len(),
                terminal_safe(&p.pool)
            ));
            for id in &p.undated {
                out.push_str(&format!("    {}\n", terminal_safe(id)));
            }
        }
    }
    if report.pools.is_empty() {
        out.push_str("No pools.\n");
    }
    out.push_str(&format!(
        "The audit log holds {} record(s) from before {}. They are kept: each holds ids, content \
         hashes and scores but no resume text, and the log is a hash chain that proves nothing \
         was changed only while no record is taken out.{}\n",
        report.audit_records_before,
        report.before,
        if report.dry_run {
            "\nNothing was changed (--dry-run)."
        } else {
            ""
        }
    ));
    out
}
