//! What each subcommand does: turn arguments into library calls and print the results.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use rolematch::catalog::{load_catalog_file, Catalog};
use rolematch::embed::{select_device, BertEmbedder, DeviceChoice, Precision};
use rolematch::model_store::{self, ModelManifest, StoreConfig, VerifyLevel, DEFAULT_MODEL_ID};
use rolematch::output::{render_match_json, render_match_table, render_skills_table, MatchRun};
use rolematch::pool::list_resume_files;
use rolematch::read::sandbox::serve_child;
use rolematch::read::{
    document_from_text, quality, ChildCommand, Document, FileError, Format, Limits, Reader,
};
use rolematch::skills::{SkillExtractor, Taxonomy};
use rolematch::{Matcher, MatcherOptions};

use super::print::{out, outln, warn};
use super::{
    CatalogArgs, Cli, Command, DeviceArg, EvalArgs, ExtractArgs, FormatArg, GlobalArgs, MatchArgs,
    MatchFormatArg, ModelCommand, PrecisionArg, RolesArgs, SkillsArgs, EXTRACT_SUBCOMMAND,
};

/// Exit code when something matched / nothing matched / an error stopped the work.
pub(super) const EXIT_MATCH: u8 = 0;
pub(super) const EXIT_NO_MATCH: u8 = 1;
pub(super) const EXIT_ERROR: u8 = 2;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let global = &cli.global;
    match &cli.command {
        Command::Match(args) => match_resumes(global, args),
        Command::Roles(args) => list_roles(args),
        Command::Skills(args) => show_skills(global, args),
        Command::Model(cmd) => model(global, cmd),
        Command::Rank(args) => super::pools::rank(global, args),
        Command::Index(cmd) => super::pools::index(global, cmd),
        Command::Eval(args) => evaluate(global, args),
        Command::Extract(args) => extract_in_child(args),
    }
}

/// The child side of isolated parsing: one JSON line on stdout, limits set on itself.
fn extract_in_child(args: &ExtractArgs) -> Result<ExitCode> {
    let format = Format::from_name(&args.format)
        .with_context(|| format!("unknown format '{}'", args.format))?;
    let code = serve_child(format, &args.file, args.memory_mib, args.cpu_seconds);
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(EXIT_ERROR)))
}

/// The reader every command uses: PDF and DOCX/ODT parsed by a child copy of this program.
pub(super) fn document_reader(global: &GlobalArgs) -> Result<Reader> {
    let command = ChildCommand::current_exe(EXTRACT_SUBCOMMAND)
        .context("finding this program to run the document parser in a child process")?;
    let limits = Limits {
        time: std::time::Duration::from_secs(global.parser_timeout.max(1)),
        memory_mib: global.parser_memory_mib,
    };
    Ok(Reader::isolated(command, limits))
}

/// Documents matched per batch: bounds memory on large folders and lets JSON lines stream.
const MATCH_BATCH: usize = 64;

fn match_resumes(global: &GlobalArgs, args: &MatchArgs) -> Result<ExitCode> {
    if !(0.0..=1.0).contains(&args.min_score) {
        anyhow::bail!(
            "--min-score must be between 0 and 1, not {}",
            args.min_score
        );
    }
    let reader = document_reader(global)?;
    let (documents, errors) = gather_inputs(&reader, &args.resumes, args.queries.as_deref())?;
    let json_lines = args.format == MatchFormatArg::Jsonl;
    if json_lines {
        for e in &errors {
            outln!(
                "{}",
                serde_json::json!({"file": e.file, "error": e.error, "refused": e.refused})
            )?;
        }
    }
    if documents.is_empty() {
        return Ok(ExitCode::from(EXIT_ERROR));
    }
    let (taxonomy, catalog) = load_catalog(&args.catalog)?;
    let embedder = load_embedder(global)?;
    let options = MatcherOptions {
        top_k: args.top_k.max(1),
        min_score: args.min_score,
        index_dir: Some(
            args.index_dir
                .clone()
                .unwrap_or_else(|| global.home.join("index")),
        ),
        ..MatcherOptions::default()
    };
    let catalog_version = catalog.version.clone();
    let matcher = Matcher::new(
        Box::new(embedder),
        catalog,
        SkillExtractor::new(taxonomy),
        options,
    )?;
    let mut reports = Vec::new();
    let mut matched = false;
    for batch in documents.chunks(MATCH_BATCH) {
        let batch_reports = matcher.match_documents(batch)?;
        matched |= batch_reports.iter().any(|r| !r.matches.is_empty());
        match args.format {
            MatchFormatArg::Table => out!("{}", render_match_table(&batch_reports))?,
            MatchFormatArg::Jsonl => {
                for r in &batch_reports {
                    outln!("{}", serde_json::to_string(r)?)?;
                }
            }
            MatchFormatArg::Json => reports.extend(batch_reports),
        }
    }
    if args.format == MatchFormatArg::Json {
        outln!(
            "{}",
            render_match_json(&MatchRun {
                rolematch_version: env!("CARGO_PKG_VERSION"),
                model: matcher.embedder().fingerprint(),
                catalog_version: &catalog_version,
                results: &reports,
                errors: &errors,
            })
        )?;
    }
    if !errors.is_empty() {
        warn(format_args!(
            "{} of {} inputs could not be read ({})",
            errors.len(),
            errors.len() + documents.len(),
            read_summary(documents.len(), &errors)
        ));
    }
    Ok(ExitCode::from(if matched {
        EXIT_MATCH
    } else {
        EXIT_NO_MATCH
    }))
}

/// Every input as a document: files, the files of folders (recursively), and the lines of a
/// JSON-lines query file. What cannot be read is reported on stderr and returned as an error
/// entry; the rest go on.
fn gather_inputs(
    reader: &Reader,
    paths: &[PathBuf],
    queries: Option<&Path>,
) -> Result<(Vec<Document>, Vec<FileError>)> {
    let mut files = Vec::new();
    let mut folder_errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            let listed =
                list_resume_files(path).with_context(|| format!("listing {}", path.display()))?;
            if listed.is_empty() {
                let error = format!("{}: the folder holds no files to read", path.display());
                warn(&error);
                folder_errors.push(FileError {
                    file: path.clone(),
                    error,
                    refused: true,
                });
            }
            files.extend(listed.into_iter().map(|(_, p)| p));
        } else {
            files.push(path.clone());
        }
    }
    let (mut documents, mut errors) = read_all(reader, &files);
    errors.extend(folder_errors);
    if let Some(queries) = queries {
        let (more, bad) = read_queries(queries)?;
        documents.extend(more);
        errors.extend(bad);
    }
    Ok((documents, errors))
}

/// The largest `--queries` file read: many texts in one file, so above a document's cap, but
/// bounded (`--queries /dev/zero` or a runaway file stops here).
const MAX_QUERIES_BYTES: u64 = 64 * 1024 * 1024;

/// One document per line of a JSON-lines file: `{"id": ..., "text": ...}` or a JSON string.
fn read_queries(path: &Path) -> Result<(Vec<Document>, Vec<FileError>)> {
    let bytes = rolematch::read::read_bounded(path, MAX_QUERIES_BYTES)?;
    let text = String::from_utf8(bytes)
        .with_context(|| format!("{}: a query file must be UTF-8 JSON lines", path.display()))?;
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let name = format!("{}:{}", path.display(), n + 1);
        let parsed: Result<(String, String), String> =
            match serde_json::from_str::<serde_json::Value>(line) {
                Ok(serde_json::Value::String(t)) => Ok((name.clone(), t)),
                Ok(serde_json::Value::Object(o)) => match o.get("text").and_then(|t| t.as_str()) {
                    Some(t) => Ok((
                        o.get("id").map_or(name.clone(), |id| {
                            id.as_str().map_or_else(|| id.to_string(), str::to_string)
                        }),
                        t.to_string(),
                    )),
                    None => Err("no \"text\" field".to_string()),
                },
                Ok(_) => Err("expected an object with \"text\" or a string".to_string()),
                Err(e) => Err(e.to_string()),
            };
        match parsed {
            Ok((_, t)) if t.trim().is_empty() => errors.push(FileError {
                file: name.into(),
                error: "empty text".into(),
                refused: true,
            }),
            Ok((id, t)) => match quality::check_size(&t) {
                Ok(()) => documents.push(document_from_text(&id, &t)),
                Err(problem) => {
                    warn(format_args!("{name}: refused: {problem}"));
                    errors.push(FileError {
                        file: name.into(),
                        error: format!("refused: {problem}"),
                        refused: true,
                    });
                }
            },
            Err(e) => {
                warn(format_args!("{name}: {e}"));
                errors.push(FileError {
                    file: name.into(),
                    error: e,
                    refused: false,
                });
            }
        }
    }
    Ok((documents, errors))
}

/// Reads every file; each failure is reported on stderr and the rest go on.
pub(super) fn read_all(reader: &Reader, paths: &[PathBuf]) -> (Vec<Document>, Vec<FileError>) {
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match reader.read(path) {
            Ok(doc) => documents.push(doc),
            Err(e) => {
                warn(&e);
                errors.push(FileError::from(&e));
            }
        }
    }
    (documents, errors)
}

/// "read 12, refused 2, failed 1" for a batch of files.
pub(super) fn read_summary(read: usize, errors: &[FileError]) -> String {
    let refused = errors.iter().filter(|e| e.refused).count();
    format!(
        "read {read}, refused {refused}, failed {}",
        errors.len() - refused
    )
}

pub(super) fn load_catalog(args: &CatalogArgs) -> Result<(Taxonomy, Catalog)> {
    let taxonomy = match &args.skills {
        Some(path) => Taxonomy::load(path)?,
        None => Taxonomy::builtin()?,
    };
    let catalog = match &args.catalog {
        Some(path) => load_catalog_file(path, &taxonomy)?,
        None => Catalog::builtin(&taxonomy)?,
    };
    Ok((taxonomy, catalog))
}

fn store_config(global: &GlobalArgs) -> StoreConfig {
    let mut config = StoreConfig::new(&global.home);
    config.model_dir = global.model_dir.clone();
    if global.offline {
        config.allow_network = false;
    }
    config
}

pub(super) fn load_embedder(global: &GlobalArgs) -> Result<BertEmbedder> {
    let manifest = ModelManifest::find(DEFAULT_MODEL_ID)?;
    let files = model_store::resolve(&manifest, &store_config(global))?;
    tracing::debug!(
        "model files from {} ({})",
        files.dir.display(),
        files.source
    );
    let device = select_device(match global.device {
        DeviceArg::Cpu => DeviceChoice::Cpu,
        DeviceArg::Cuda => DeviceChoice::Cuda,
        DeviceArg::Metal => DeviceChoice::Metal,
        DeviceArg::Auto => DeviceChoice::Auto,
    })?;
    let precision = match global.precision {
        PrecisionArg::Auto => Precision::Auto,
        PrecisionArg::F32 => Precision::F32,
        PrecisionArg::Int16 => Precision::Int16,
        PrecisionArg::F16 => Precision::F16,
        PrecisionArg::Bf16 => Precision::Bf16,
    };
    let embedder = BertEmbedder::load_with_precision(&files, &device, precision)
        .with_context(|| format!("loading the model from {}", files.dir.display()))?;
    Ok(embedder)
}

fn evaluate(global: &GlobalArgs, args: &EvalArgs) -> Result<ExitCode> {
    let (Some(set), Some(catalog)) = (&args.set, &args.catalog) else {
        return evaluate_labelled(global, args);
    };
    let taxonomy = Taxonomy::builtin()?;
    let catalog = load_catalog_file(catalog, &taxonomy)?;
    let queries = rolematch::eval::load_queries(set, &catalog)?;
    let embedder = load_embedder(global)?;
    // "eval-data/esco/queries.jsonl" reads as "esco/queries".
    let name: Vec<String> = set
        .with_extension("")
        .iter()
        .rev()
        .take(2)
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let name = name.into_iter().rev().collect::<Vec<_>>().join("/");
    let report = rolematch::eval::run(&name, &catalog, &queries, &embedder)?;
    match args.format {
        FormatArg::Json => outln!("{}", serde_json::to_string_pretty(&report)?)?,
        FormatArg::Table => {
            outln!(
                "{}: {} catalog entries, {} queries held out ({} used for tuning and as aliases)",
                report.set,
                report.catalog_entries,
                report.results[0].metrics.queries,
                report.tuning_queries,
            )?;
            outln!(
                "  {:<56} {:>6} {:>6} {:>6} {:>6} {:>8}",
                "SYSTEM",
                "R@1",
                "R@5",
                "R@10",
                "MRR",
                "nDCG@10"
            )?;
            for r in &report.results {
                let m = &r.metrics;
                outln!(
                    "  {:<56} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>8.3}",
                    r.system,
                    m.recall_at_1,
                    m.recall_at_5,
                    m.recall_at_10,
                    m.mrr,
                    m.ndcg_at_10
                )?;
            }
        }
    }
    Ok(ExitCode::from(EXIT_MATCH))
}

/// `eval --labels`: the built-in catalog against the project's labelled resumes.
fn evaluate_labelled(global: &GlobalArgs, args: &EvalArgs) -> Result<ExitCode> {
    let Some(labels) = &args.labels else {
        anyhow::bail!("give --set FILE --catalog FILE, or --labels FILE");
    };
    let (taxonomy, catalog) = load_catalog(&CatalogArgs {
        catalog: None,
        skills: None,
    })?;
    let options = MatcherOptions {
        top_k: 3,
        min_score: 0.0,
        index_dir: Some(global.home.join("index")),
        ..MatcherOptions::default()
    };
    let matcher = Matcher::new(
        Box::new(load_embedder(global)?),
        catalog,
        SkillExtractor::new(taxonomy),
        options,
    )?;
    let report = rolematch::eval::run_labelled(labels, &matcher)?;
    match args.format {
        FormatArg::Json => outln!("{}", serde_json::to_string_pretty(&report)?)?,
        FormatArg::Table => {
            for r in &report.rows {
                let mark = |ok: Option<bool>, label: &str| match ok {
                    Some(true) => format!("{label} ok"),
                    Some(false) => format!("{label} MISS"),
                    None => String::new(),
                };
                outln!(
                    "{:<44} {:>3} {:<8} {:<10} {:<10} {:<14} {}",
                    r.file.display(),
                    r.top_score,
                    r.top_band.to_string(),
                    mark(r.top1_ok, "top1"),
                    mark(r.top3_ok, "top3"),
                    mark(r.no_strong_ok, "not-strong"),
                    r.top.join(", ")
                )?;
            }
            outln!(
                "{} resumes ({} labelled with roles): top-1 {:.3}, top-3 {:.3} (recorded {}), own role at strong {:.3}, strong where none is allowed: {}",
                report.resumes,
                report.with_roles,
                report.top1,
                report.top3,
                report.recorded_top3.map_or("-".to_string(), |r| format!("{r:.3}")),
                report.strong_share,
                report.strong_violations.len()
            )?;
        }
    }
    Ok(ExitCode::from(EXIT_MATCH))
}

fn list_roles(args: &RolesArgs) -> Result<ExitCode> {
    let (taxonomy, catalog) = load_catalog(&args.catalog)?;
    match args.format {
        FormatArg::Json => outln!("{}", serde_json::to_string_pretty(&catalog)?)?,
        FormatArg::Table => {
            outln!(
                "catalog {} ({} roles)",
                catalog.version,
                catalog.roles.len()
            )?;
            for role in &catalog.roles {
                let core: Vec<&str> = role.core_skills.iter().map(|s| taxonomy.name(s)).collect();
                let note = if role.dated.is_some() {
                    "  [dated title]"
                } else {
                    ""
                };
                outln!("{:<28} {}{note}", role.id, role.title)?;
                if !core.is_empty() {
                    outln!("{:<28} core: {}", "", core.join(", "))?;
                }
            }
        }
    }
    Ok(ExitCode::from(EXIT_MATCH))
}

fn show_skills(global: &GlobalArgs, args: &SkillsArgs) -> Result<ExitCode> {
    let taxonomy = match &args.skills {
        Some(path) => Taxonomy::load(path)?,
        None => Taxonomy::builtin()?,
    };
    let doc = document_reader(global)?.read(&args.file)?;
    let extractor = SkillExtractor::new(taxonomy);
    let hits = extractor.extract(&doc);
    match args.format {
        FormatArg::Json => outln!("{}", serde_json::to_string_pretty(&hits)?)?,
        FormatArg::Table => out!("{}", render_skills_table(&hits, extractor.taxonomy()))?,
    }
    Ok(ExitCode::from(if hits.hits.is_empty() {
        EXIT_NO_MATCH
    } else {
        EXIT_MATCH
    }))
}

fn model(global: &GlobalArgs, command: &ModelCommand) -> Result<ExitCode> {
    let config = store_config(global);
    match command {
        ModelCommand::Fetch(args) => {
            let manifest = ModelManifest::find(&args.model)?;
            let files = model_store::fetch(&manifest, &config)?;
            outln!(
                "{}: ready in {} (from {})",
                manifest.id,
                files.dir.display(),
                files.source
            )?;
        }
        ModelCommand::Verify(args) => {
            let manifest = ModelManifest::find(&args.model)?;
            let offline = StoreConfig {
                allow_network: false,
                ..config
            };
            let files = model_store::resolve(&manifest, &offline)?;
            model_store::verify_files(&files, VerifyLevel::Full)?;
            for f in &manifest.files {
                outln!("ok  {}  {}", f.sha256, files.path(&f.path).display())?;
            }
        }
        ModelCommand::List => {
            for manifest in ModelManifest::builtin() {
                let dir = config.models_root.join(&manifest.id);
                let state = model_state(&manifest, &dir);
                outln!(
                    "{:<20} {:>4} dims  {:<10} {:<8} {}",
                    manifest.id,
                    manifest.dimensions,
                    manifest.license,
                    state,
                    manifest.name
                )?;
            }
        }
    }
    Ok(ExitCode::from(EXIT_MATCH))
}

fn model_state(manifest: &ModelManifest, dir: &Path) -> &'static str {
    let files = model_store::ModelFiles {
        manifest: manifest.clone(),
        dir: dir.to_path_buf(),
        source: model_store::Source::ModelsDir,
    };
    match model_store::verify_files(&files, VerifyLevel::Sizes) {
        Ok(()) => "present",
        Err(_) => "missing",
    }
}
