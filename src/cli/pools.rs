//! The `pool` and `rank` commands: candidate pools and ranking them for an opening.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use rolematch::app::{read_summary, AppError, Candidates, Opening, RankRequest};
use rolematch::app::{IngestOptions, IngestReport};
use rolematch::output::{render_rank_csv, render_rank_json, render_rank_table, render_rank_xlsx};
use rolematch::output::{terminal_safe, write_csv};
use rolematch::pathname::{self, path_text};
use rolematch::pool::Recovery;
use rolematch::read::list_folder;

use super::context::{
    pool_workspace, report_unreadable, selection, workspace, EXIT_ERROR, EXIT_MATCH, EXIT_NO_MATCH,
};
use super::print::{out, outln, warn};
use super::{
    CatalogArgs, FormatArg, GlobalArgs, PoolArgs, PoolCommand, RankArgs, RankExportArg,
    RankFormatArg,
};

pub(super) fn pool(global: &GlobalArgs, command: &PoolCommand) -> Result<ExitCode> {
    match command {
        PoolCommand::Build {
            dir,
            pool,
            commit_every,
            exact_below,
            blind,
            keep_duplicates,
        } => {
            if !dir.is_dir() {
                bail!("{}: not a folder", dir.display());
            }
            let listing = list_folder(dir, global.follow_links)
                .with_context(|| format!("listing {}", dir.display()))?;
            let options = IngestOptions {
                commit_every: *commit_every,
                exact_below: *exact_below,
                blind: *blind,
                keep_duplicates: *keep_duplicates,
                ..IngestOptions::default()
            };
            add_files(global, pool, listing.files, listing.refused, options, false)
        }
        PoolCommand::Add {
            files,
            pool,
            exact_below,
            blind,
            keep_duplicates,
            rerun_openings,
        } => {
            // A candidate's id is its file name: a second file of the same name in one run
            // would silently replace the first, so it is refused instead.
            let mut seen = std::collections::HashSet::new();
            let (mut kept, mut refused) = (Vec::new(), Vec::new());
            for f in files {
                let id = f
                    .file_name()
                    .map_or_else(|| path_text(f), pathname::lossless);
                if seen.insert(id.clone()) {
                    kept.push((id, f.clone()));
                } else {
                    refused.push(rolematch::read::FileError {
                        file: f.clone(),
                        error: format!(
                            "{}: another file in this run is also named '{id}' and would be replaced by it; rename one, or add their folder with `pool build`",
                            path_text(f)
                        ),
                        refused: true,
                    });
                }
            }
            let options = IngestOptions {
                exact_below: *exact_below,
                blind: *blind,
                keep_duplicates: *keep_duplicates,
                ..IngestOptions::default()
            };
            add_files(global, pool, kept, refused, options, *rerun_openings)
        }
        PoolCommand::Remove { ids, pool } => remove(global, ids, pool),
        PoolCommand::Reveal {
            ids,
            from,
            pool,
            format,
        } => reveal(global, ids, from, pool, *format),
        PoolCommand::List {
            pool,
            index_dir,
            format,
        } => {
            let ws = pool_workspace(global, index_dir)?;
            let Some(name) = pool else {
                for name in ws.pool_names()? {
                    outln!("{name}")?;
                }
                return Ok(ExitCode::from(EXIT_MATCH));
            };
            let candidates = ws.pool_candidates(name)?;
            match format {
                FormatArg::Json => {
                    outln!("{}", serde_json::to_string_pretty(&candidates)?)?;
                }
                FormatArg::Table => {
                    for c in &candidates {
                        outln!("{:<40} {}", terminal_safe(&c.id), terminal_safe(&c.file))?;
                    }
                }
            }
            Ok(ExitCode::from(EXIT_MATCH))
        }
        PoolCommand::Verify { pool } => {
            let stats = pool_workspace(global, &pool.index_dir)?.verify_pool(&pool.pool)?;
            outln!(
                "ok  pool '{}': {} candidates, {} passages, every checksum matches ({:?} search)",
                stats.name,
                stats.candidates,
                stats.passages,
                stats.search
            )?;
            Ok(ExitCode::from(EXIT_MATCH))
        }
        PoolCommand::BlindCopy { pool, into } => {
            let ws = pool_workspace(global, &pool.index_dir)?;
            let report = ws.blind_copy(&pool.pool, into, Duration::from_secs(pool.wait))?;
            outln!(
                "made the blind pool '{into}' from '{}': {} candidates, identity cues replaced \
                 (rank it with `rolematch rank --blind --pool {into}`)",
                pool.pool,
                report.candidates
            )?;
            Ok(ExitCode::from(EXIT_MATCH))
        }
        PoolCommand::Show { id, pool, format } => {
            let view = pool_workspace(global, &pool.index_dir)?.candidate_view(&pool.pool, id)?;
            match format {
                FormatArg::Json => outln!("{}", serde_json::to_string_pretty(&view)?)?,
                FormatArg::Table => out!("{}", rolematch::output::render_candidate_table(&view))?,
            }
            Ok(ExitCode::from(EXIT_MATCH))
        }
        PoolCommand::Stats { pool, format } => {
            let stats = pool_workspace(global, &pool.index_dir)?.pool_stats(&pool.pool)?;
            match format {
                FormatArg::Json => outln!("{}", serde_json::to_string_pretty(&stats)?)?,
                FormatArg::Table => {
                    outln!("pool            {}", stats.name)?;
                    outln!("generation      {}", stats.generation)?;
                    outln!("candidates      {}", stats.candidates)?;
                    outln!("passages        {}", stats.passages)?;
                    outln!(
                        "model           {} ({} dimensions)",
                        stats.model,
                        stats.dimensions
                    )?;
                    outln!("catalog         {}", stats.catalog_version)?;
                    outln!("search          {:?}", stats.search)?;
                    outln!("blind           {}", if stats.blind { "yes" } else { "no" })?;
                    outln!("bytes on disk   {}", stats.bytes_on_disk)?;
                }
            }
            Ok(ExitCode::from(EXIT_MATCH))
        }
        PoolCommand::Compact { pool } => {
            let ws = pool_workspace(global, &pool.index_dir)?;
            let done = ws.compact(&pool.pool, Duration::from_secs(pool.wait))?;
            outln!(
                "verified generation {} of pool '{}'; deleted {} old generations",
                done.generation,
                pool.pool,
                done.deleted
            )?;
            Ok(ExitCode::from(EXIT_MATCH))
        }
        PoolCommand::Recover { pool } => {
            let ws = pool_workspace(global, &pool.index_dir)?;
            match ws.recover(&pool.pool, Duration::from_secs(pool.wait))? {
                Recovery::Healthy { generation } => outln!(
                    "ok  pool '{}' is healthy (generation {generation}); nothing changed",
                    pool.pool
                )?,
                Recovery::Restored {
                    generation,
                    candidates,
                    skipped,
                } => {
                    for (g, reason) in &skipped {
                        warn(format_args!("generation {g} does not verify: {reason}"));
                    }
                    outln!(
                        "recovered pool '{}': CURRENT now names generation {generation} ({candidates} candidates); nothing was deleted",
                        pool.pool
                    )?;
                }
            }
            Ok(ExitCode::from(EXIT_MATCH))
        }
    }
}

/// `pool remove` and `forget`: the candidates leave the pool and every older generation.
pub(super) fn remove(global: &GlobalArgs, ids: &[String], pool: &PoolArgs) -> Result<ExitCode> {
    let ws = pool_workspace(global, &pool.index_dir)?;
    let removal = ws.remove(&pool.pool, ids, Duration::from_secs(pool.wait))?;
    for id in &removal.unknown {
        warn(format_args!("no candidate '{id}' in pool '{}'", pool.pool));
    }
    outln!(
        "removed {} of {} ids; {} candidates left",
        removal.removed.len(),
        ids.len(),
        removal.candidates_left
    )?;
    Ok(ExitCode::from(if removal.unknown.is_empty() {
        EXIT_MATCH
    } else {
        EXIT_NO_MATCH
    }))
}

/// `pool reveal`: the files behind a blind pool's pseudonyms. Exit 0 when every pseudonym
/// asked for (or, without any, at least one candidate) was found, 1 otherwise.
fn reveal(
    global: &GlobalArgs,
    ids: &[String],
    from: &[PathBuf],
    pool: &PoolArgs,
    format: RankFormatArg,
) -> Result<ExitCode> {
    let mut files = Vec::new();
    for path in from {
        if path.is_dir() {
            let listing = list_folder(path, global.follow_links)
                .with_context(|| format!("listing {}", path.display()))?;
            files.extend(listing.files);
        } else if path.is_file() {
            let id = path
                .file_name()
                .map_or_else(|| path_text(path), pathname::lossless);
            files.push((id, path.clone()));
        } else {
            bail!(
                "{}: no such file or folder; give the folder the pool was built from",
                path_text(path)
            );
        }
    }
    let ws = pool_workspace(global, &pool.index_dir)?;
    let revealed = ws.reveal(&pool.pool, &files, ids)?;
    match format {
        RankFormatArg::Table => {
            for r in &revealed {
                outln!("{}  {}", r.candidate_id, terminal_safe(&r.file))?;
            }
        }
        RankFormatArg::Json => outln!("{}", serde_json::to_string_pretty(&revealed)?)?,
        RankFormatArg::Csv => out!(
            "{}",
            write_csv(
                &["candidate_id", "file"],
                revealed
                    .iter()
                    .map(|r| [r.candidate_id.clone(), r.file.clone()])
            )
        )?,
    }
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| !revealed.iter().any(|r| &r.candidate_id == *id))
        .collect();
    for id in &missing {
        warn(format_args!(
            "no file given is candidate '{}' of pool '{}'",
            terminal_safe(id),
            pool.pool
        ));
    }
    if !revealed.is_empty() {
        warn(format_args!(
            "revealed {} candidate(s); recorded in the audit log as pool.reveal",
            revealed.len()
        ));
    }
    Ok(ExitCode::from(
        if revealed.is_empty() || !missing.is_empty() {
            EXIT_NO_MATCH
        } else {
            EXIT_MATCH
        },
    ))
}

fn add_files(
    global: &GlobalArgs,
    args: &PoolArgs,
    files: Vec<(String, PathBuf)>,
    refused: Vec<rolematch::read::FileError>,
    options: IngestOptions,
    rerun_openings: bool,
) -> Result<ExitCode> {
    let ws = pool_workspace(global, &args.index_dir)?;
    let bar = progress_bar(global, files.len());
    let report = ws.add_files(
        &args.pool,
        &files,
        options,
        Duration::from_secs(args.wait),
        &mut |done, _| bar.set_position(done as u64),
    )?;
    bar.finish_and_clear();
    let mut report = report;
    report.unreadable.extend(refused);
    report_unreadable(&report.unreadable);
    print_summary(&args.pool, &report)?;
    if rerun_openings && !report.replaced.is_empty() {
        let shown = |c: &Option<rolematch::pool::openings::RunCandidate>| {
            c.as_ref().map_or("not among those kept".to_string(), |c| {
                format!("{} out of 100 ({})", c.match_score, c.band)
            })
        };
        for r in ws.rescore_openings(&args.pool, &report.replaced)? {
            outln!(
                "opening '{}': {} was {}, is now {}; both runs are kept",
                terminal_safe(&r.opening),
                terminal_safe(&r.candidate_id),
                shown(&r.before),
                shown(&r.after)
            )?;
        }
    }
    Ok(ExitCode::from(if report.read() == 0 && !files.is_empty() {
        EXIT_ERROR
    } else {
        EXIT_MATCH
    }))
}

fn print_summary(pool: &str, report: &IngestReport) -> std::io::Result<()> {
    for duplicate in &report.duplicates {
        warn(duplicate.message());
    }
    for other in &report.not_resumes {
        warn(&other.message);
    }
    let duplicates = match report.duplicates.len() {
        0 => String::new(),
        n => format!(", {n} duplicates left out"),
    };
    outln!(
        "pool '{}': read {} ({} added, {} replaced, {} unchanged{duplicates}), refused {}, failed {}; {} candidates",
        pool,
        report.read(),
        report.added.len(),
        report.replaced.len(),
        report.unchanged.len(),
        report.refused(),
        report.failed(),
        report.candidates
    )
}

/// A bar on stderr, hidden when stderr is not a terminal or with --quiet.
fn progress_bar(global: &GlobalArgs, total: usize) -> ProgressBar {
    let bar = ProgressBar::new(total as u64);
    if global.quiet || !std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    } else {
        bar.set_draw_target(ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} resumes  {elapsed} (eta {eta})")
        {
            bar.set_style(style);
        }
    }
    bar
}

pub(super) fn rank(global: &GlobalArgs, args: &RankArgs) -> Result<ExitCode> {
    if matches!(args.format, RankExportArg::Xlsx) && std::io::stdout().is_terminal() {
        bail!("--format xlsx writes a workbook, not text: send it to a file, as in `rolematch rank ... --format xlsx > ranking.xlsx`");
    }
    let selection = selection(args.top_k, args.min_score)?.keeping_duplicates(args.keep_duplicates);
    let ws = workspace(
        global,
        &CatalogArgs {
            catalog: args.catalog.clone(),
            skills: args.skills.clone(),
        },
        args.index_dir.as_ref(),
    )?;
    let (opening, save_as) = match (&args.role, &args.job, &args.opening) {
        (Some(id), _, save_as) => (Opening::Role(id.clone()), save_as.clone()),
        (None, Some(job), save_as) => (Opening::JobFile(job.clone()), save_as.clone()),
        (None, None, Some(name)) => (Opening::Saved(name.clone()), None),
        (None, None, None) => bail!("give --role ID, --job FILE or --opening NAME"),
    };
    let folder = Path::new(&args.pool);
    let has_separator = args.pool.contains(std::path::MAIN_SEPARATOR);
    let mut is_folder = folder.is_dir() || has_separator;
    if is_folder && !has_separator {
        // A bare name that is also a folder here: a pool of that name wins, and either way
        // the user is told which was ranked.
        if ws.pool_names()?.contains(&args.pool) {
            is_folder = false;
            warn(format_args!(
                "'{}' is a pool and a folder here: ranking the pool (give ./{} to rank the \
                 folder's files)",
                args.pool, args.pool
            ));
        } else {
            warn(format_args!(
                "ranking the files in the folder '{}' without keeping a pool (there is no pool \
                 of that name)",
                args.pool
            ));
        }
    }
    let request = RankRequest {
        opening,
        candidates: if is_folder {
            Candidates::Folder(folder.to_path_buf())
        } else {
            Candidates::Pool(args.pool.clone())
        },
        selection,
        blind: args.blind,
        save_as,
    };
    let ranking = match ws.rank(request) {
        Err(AppError::UnknownRole(id)) => {
            bail!("no role '{id}' in the catalog (see `rolematch roles`)")
        }
        Err(AppError::NothingReadable { path, errors }) => {
            report_unreadable(&errors);
            bail!("{}: no readable resume in this folder", path.display());
        }
        other => other?,
    };
    if is_folder {
        report_unreadable(&ranking.errors);
        warn(format_args!(
            "{}: {}",
            folder.display(),
            read_summary(ranking.pool_size, &ranking.errors)
        ));
    }
    if let Some(name) = &ranking.opening {
        warn(format_args!(
            "kept as a run of opening '{name}' (see `rolematch openings --pool {}`)",
            args.pool
        ));
    }
    let run = ranking.run();
    match args.format {
        RankExportArg::Table => out!("{}", render_rank_table(&run))?,
        RankExportArg::Json => outln!("{}", render_rank_json(&run))?,
        RankExportArg::Csv => out!("{}", render_rank_csv(&run))?,
        RankExportArg::Xlsx => {
            let workbook = render_rank_xlsx(&run).context("writing the workbook")?;
            std::io::Write::write_all(&mut std::io::stdout().lock(), &workbook)
                .context("writing the workbook to standard output")?;
        }
    }
    Ok(ExitCode::from(if ranking.candidates.is_empty() {
        EXIT_NO_MATCH
    } else {
        EXIT_MATCH
    }))
}
