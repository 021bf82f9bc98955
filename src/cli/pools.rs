//! The `index` and `rank` commands: candidate pools on disk and ranking them for an opening.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use rolematch::embed::Embedder;
use rolematch::output::terminal_safe;
use rolematch::output::{render_rank_csv, render_rank_json, render_rank_table, RankRun};
use rolematch::pathname::{self, path_text};
use rolematch::pool::{
    check_model, ingest, list_resume_files, IngestOptions, IngestReport, LoadedPool, Pipeline,
    PoolData, PoolStore, Recovery,
};
use rolematch::prepare::prepare_documents;
use rolematch::rank::{job_as_role, rank_candidates};
use rolematch::score::ScoreWeights;
use rolematch::skills::SkillExtractor;

use super::commands::{
    document_reader, load_catalog, load_embedder, read_all, read_summary, EXIT_ERROR, EXIT_MATCH,
    EXIT_NO_MATCH,
};
use super::print::{out, outln, warn};
use super::{CatalogArgs, FormatArg, GlobalArgs, IndexCommand, PoolArgs, RankArgs, RankFormatArg};

fn index_dir(global: &GlobalArgs, explicit: &Option<PathBuf>) -> PathBuf {
    explicit
        .clone()
        .unwrap_or_else(|| global.home.join("index"))
}

fn open_store(global: &GlobalArgs, args: &PoolArgs) -> Result<PoolStore> {
    Ok(PoolStore::new(
        &index_dir(global, &args.index_dir),
        &args.pool,
    )?)
}

pub(super) fn index(global: &GlobalArgs, command: &IndexCommand) -> Result<ExitCode> {
    match command {
        IndexCommand::Build {
            dir,
            pool,
            commit_every,
            exact_below,
        } => {
            if !dir.is_dir() {
                bail!("{}: not a folder", dir.display());
            }
            let files =
                list_resume_files(dir).with_context(|| format!("listing {}", dir.display()))?;
            add_files(global, pool, files, *commit_every, *exact_below)
        }
        IndexCommand::Add {
            files,
            pool,
            exact_below,
        } => {
            let files = files
                .iter()
                .map(|f| {
                    let id = f
                        .file_name()
                        .map_or_else(|| path_text(f), pathname::lossless);
                    (id, f.clone())
                })
                .collect();
            add_files(global, pool, files, 64, *exact_below)
        }
        IndexCommand::Remove { ids, pool } => {
            let store = open_store(global, pool)?;
            let lock = store.lock(Duration::from_secs(pool.wait))?;
            let (_, mut data) = store.load_data()?;
            let unknown = data.remove(ids);
            for id in &unknown {
                warn(format_args!("no candidate '{id}' in pool '{}'", store.name));
            }
            if unknown.len() < ids.len() {
                store.commit(&lock, &data)?;
                store.compact(&lock)?;
            }
            outln!(
                "removed {} of {} ids; {} candidates left",
                ids.len() - unknown.len(),
                ids.len(),
                data.len()
            )?;
            Ok(ExitCode::from(if unknown.is_empty() {
                EXIT_MATCH
            } else {
                EXIT_NO_MATCH
            }))
        }
        IndexCommand::List {
            pool,
            index_dir: dir,
            format,
        } => {
            let dir = index_dir(global, dir);
            let Some(name) = pool else {
                for name in PoolStore::list(&dir) {
                    outln!("{name}")?;
                }
                return Ok(ExitCode::from(EXIT_MATCH));
            };
            let (_, data) = PoolStore::new(&dir, name)?.load_data()?;
            match format {
                FormatArg::Json => {
                    let rows: Vec<serde_json::Value> = data
                        .candidates
                        .iter()
                        .map(|c| serde_json::json!({"id": c.id, "file": path_text(&c.file), "content_hash": c.content_hash, "passages": c.passages.len()}))
                        .collect();
                    outln!("{}", serde_json::to_string_pretty(&rows)?)?;
                }
                FormatArg::Table => {
                    for c in &data.candidates {
                        outln!(
                            "{:<40} {}",
                            terminal_safe(&c.id),
                            terminal_safe(&path_text(&c.file))
                        )?;
                    }
                }
            }
            Ok(ExitCode::from(EXIT_MATCH))
        }
        IndexCommand::Verify { pool } => {
            let store = open_store(global, pool)?;
            let loaded = store.load()?;
            outln!(
                "ok  pool '{}': {} candidates, {} passages, every checksum matches ({:?} search)",
                store.name,
                loaded.data.len(),
                loaded.data.passage_count(),
                loaded.search
            )?;
            Ok(ExitCode::from(EXIT_MATCH))
        }
        IndexCommand::Stats { pool, format } => {
            let stats = open_store(global, pool)?.stats()?;
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
                    outln!("bytes on disk   {}", stats.bytes_on_disk)?;
                }
            }
            Ok(ExitCode::from(EXIT_MATCH))
        }
        IndexCommand::Compact { pool } => {
            let store = open_store(global, pool)?;
            let lock = store.lock(Duration::from_secs(pool.wait))?;
            let removed = store.compact(&lock)?;
            outln!(
                "verified generation {} of pool '{}'; deleted {removed} old generations",
                store.live_generation().unwrap_or_default(),
                store.name
            )?;
            Ok(ExitCode::from(EXIT_MATCH))
        }
        IndexCommand::Recover { pool } => {
            let store = open_store(global, pool)?;
            let lock = store.lock(Duration::from_secs(pool.wait))?;
            match store.recover(&lock)? {
                Recovery::Healthy { generation } => outln!(
                    "ok  pool '{}' is healthy (generation {generation}); nothing changed",
                    store.name
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
                        store.name
                    )?;
                }
            }
            Ok(ExitCode::from(EXIT_MATCH))
        }
    }
}

fn add_files(
    global: &GlobalArgs,
    args: &PoolArgs,
    files: Vec<(String, PathBuf)>,
    commit_every: usize,
    exact_below: usize,
) -> Result<ExitCode> {
    let mut store = open_store(global, args)?;
    store.exact_below = exact_below;
    let lock = store.lock(Duration::from_secs(args.wait))?;
    let embedder = load_embedder(global)?;
    let (_, catalog) = load_catalog(&CatalogArgs {
        catalog: None,
        skills: None,
    })?;
    let mut data = if store.exists() {
        let (_, data) = store.load_data()?;
        check_model(&data, &store, embedder.fingerprint(), embedder.dimensions())?;
        data
    } else {
        PoolData::empty(
            embedder.fingerprint(),
            embedder.dimensions(),
            &catalog.version,
        )
    };
    let bar = progress_bar(global, files.len());
    let options = IngestOptions {
        commit_every,
        ..IngestOptions::default()
    };
    let report = ingest(
        &store,
        &lock,
        &mut data,
        Pipeline {
            reader: &document_reader(global)?,
            embedder: &embedder,
        },
        &files,
        options,
        &mut |done, _| bar.set_position(done as u64),
    )?;
    bar.finish_and_clear();
    for unreadable in &report.unreadable {
        warn(&unreadable.error);
    }
    print_summary(&store, &report, data.len())?;
    Ok(ExitCode::from(if report.read() == 0 && !files.is_empty() {
        EXIT_ERROR
    } else {
        EXIT_MATCH
    }))
}

fn print_summary(store: &PoolStore, report: &IngestReport, total: usize) -> std::io::Result<()> {
    outln!(
        "pool '{}': read {} ({} added, {} replaced, {} unchanged), refused {}, failed {}; {} candidates",
        store.name,
        report.read(),
        report.added,
        report.replaced,
        report.unchanged,
        report.refused(),
        report.failed(),
        total
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
    if !(0.0..=1.0).contains(&args.min_score) {
        bail!(
            "--min-score must be between 0 and 1, not {}",
            args.min_score
        );
    }
    let (taxonomy, catalog) = load_catalog(&CatalogArgs {
        catalog: args.catalog.clone(),
        skills: args.skills.clone(),
    })?;
    let extractor = SkillExtractor::new(taxonomy);
    let role = match (&args.role, &args.job) {
        (Some(id), _) => catalog
            .get(id)
            .cloned()
            .with_context(|| format!("no role '{id}' in the catalog (see `rolematch roles`)"))?,
        (None, Some(job)) => job_as_role(&document_reader(global)?.read(job)?, &extractor),
        (None, None) => bail!("give --role ID or --job FILE"),
    };
    let embedder = load_embedder(global)?;
    let (pool, pool_label, errors) = open_pool_or_folder(global, args, &embedder)?;
    let role_vector = embedder
        .embed_documents(&[&role.embedding_text()])?
        .remove(0)
        .vector;
    let ranked = rank_candidates(
        &pool,
        &role,
        &role_vector,
        &extractor,
        &ScoreWeights::default(),
        args.top_k.max(1),
        args.min_score,
    )?;
    let run = RankRun {
        rolematch_version: env!("CARGO_PKG_VERSION"),
        model: embedder.fingerprint(),
        catalog_version: &catalog.version,
        role_id: &role.id,
        role_title: &role.title,
        pool: &pool_label,
        candidates: &ranked,
        errors: &errors,
    };
    match args.format {
        RankFormatArg::Table => out!("{}", render_rank_table(&run))?,
        RankFormatArg::Json => outln!("{}", render_rank_json(&run))?,
        RankFormatArg::Csv => out!("{}", render_rank_csv(&run))?,
    }
    Ok(ExitCode::from(if ranked.is_empty() {
        EXIT_NO_MATCH
    } else {
        EXIT_MATCH
    }))
}

/// A stored pool by name, or — when `--pool` names a folder — its resumes read and embedded
/// now, without writing anything.
fn open_pool_or_folder(
    global: &GlobalArgs,
    args: &RankArgs,
    embedder: &dyn Embedder,
) -> Result<(LoadedPool, String, Vec<rolematch::read::FileError>)> {
    let folder = Path::new(&args.pool);
    if folder.is_dir() || args.pool.contains(std::path::MAIN_SEPARATOR) {
        let files =
            list_resume_files(folder).with_context(|| format!("listing {}", folder.display()))?;
        let paths: Vec<PathBuf> = files.iter().map(|(_, p)| p.clone()).collect();
        let (documents, errors) = read_all(&document_reader(global)?, &paths);
        warn(format_args!(
            "{}: {}",
            folder.display(),
            read_summary(documents.len(), &errors)
        ));
        if documents.is_empty() {
            bail!("{}: no readable resume in this folder", folder.display());
        }
        let prepared = prepare_documents(embedder, &documents)?;
        let mut data = PoolData::empty(embedder.fingerprint(), embedder.dimensions(), "");
        let ids: std::collections::HashMap<&Path, &str> = files
            .iter()
            .map(|(id, p)| (p.as_path(), id.as_str()))
            .collect();
        for (doc, prepared) in documents.iter().zip(prepared) {
            let id = ids
                .get(doc.path())
                .map_or_else(|| doc.path().display().to_string(), |id| id.to_string());
            data.upsert(id, doc, prepared);
        }
        return Ok((
            LoadedPool::in_memory(data),
            folder.display().to_string(),
            errors,
        ));
    }
    let store = PoolStore::new(&index_dir(global, &args.index_dir), &args.pool)?;
    let pool = store.load()?;
    pool.check_model(&store, embedder.fingerprint(), embedder.dimensions())?;
    Ok((pool, store.name.clone(), Vec::new()))
}
