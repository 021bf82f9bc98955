//! The commands that are not about pools, audits or serving (match, eval, roles, skills,
//! read, model, bundle, and the parser's child side): each turns arguments into library calls
//! and prints the results.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use rolematch::app::{store_config, EvalOutcome, Evaluation, Inputs};
use rolematch::catalog::Catalog;
use rolematch::eval::record::Figure;
use rolematch::model_store::{self, ModelManifest, StoreConfig, VerifyLevel};
use rolematch::output::{
    render_match_json, render_match_table, render_report_html, render_skills_table, MatchRun,
    ReportInput, RunSettings, TableDetail, OVERSIGHT_NOTICE,
};
use rolematch::read::sandbox::serve_child;
use rolematch::read::{Document, Format};
use rolematch::skills::{SkillExtractor, Taxonomy};
use rolematch::Selection;

use super::context::{
    model_settings, parser, reading_workspace, report_unreadable, selection, workspace, EXIT_ERROR,
    EXIT_MATCH, EXIT_NO_MATCH,
};
use super::print::{out, outln, warn};
use super::{
    CatalogArgs, EvalArgs, ExtractArgs, FormatArg, GlobalArgs, MatchArgs, MatchFormatArg,
    ModelCommand, RolesArgs, SkillsArgs,
};

/// The child side of isolated parsing: one JSON line on stdout, limits set on itself.
pub(super) fn extract_in_child(args: &ExtractArgs) -> Result<ExitCode> {
    let format = Format::from_name(&args.format)
        .with_context(|| format!("unknown format '{}'", args.format))?;
    let code = serve_child(format, &args.file, args.memory_mib, args.cpu_seconds);
    Ok(ExitCode::from(u8::try_from(code).unwrap_or(EXIT_ERROR)))
}

/// Documents matched per batch: bounds memory on large folders and lets JSON lines stream.
const MATCH_BATCH: usize = 64;

pub(super) fn match_resumes(global: &GlobalArgs, args: &MatchArgs) -> Result<ExitCode> {
    let asked = selection(args.top_k, args.min_score)?;
    // One resume file is a person's own run: nothing to account for, so nothing is logged.
    // Folders, several files and query files are a screening batch, and are.
    let personal = args.queries.is_none() && args.resumes.len() == 1 && args.resumes[0].is_file();
    let mut ws = workspace(global, &args.catalog, args.index_dir.as_ref())?;
    if personal {
        ws = ws.without_audit();
    }
    let mut inputs = Inputs::gather(
        ws.reader(),
        &args.resumes,
        args.queries.as_deref(),
        global.follow_links,
    )?;
    report_unreadable(&inputs.errors);
    if args.format == MatchFormatArg::Jsonl {
        for e in &inputs.errors {
            outln!("{}", serde_json::to_string(e)?)?;
        }
    }
    let read = inputs.documents.len();
    if read == 0 {
        return Ok(ExitCode::from(EXIT_ERROR));
    }
    // The report for a person says which roles fit and, when none does, which come closest:
    // it needs every role's score, weak ones included.
    let selection = if args.format == MatchFormatArg::Html {
        Selection::every(ws.catalog().roles.len())
    } else {
        asked
    };
    let mut reports = Vec::new();
    let mut matched = false;
    let mut documents = std::mem::take(&mut inputs.documents).into_iter().peekable();
    while documents.peek().is_some() {
        let batch: Vec<Document> = documents.by_ref().take(MATCH_BATCH).collect();
        let batch_reports = ws.match_documents(batch, selection, args.blind)?;
        matched |= batch_reports.iter().any(|r| !r.matches.is_empty());
        match args.format {
            MatchFormatArg::Table => {
                let detail = if global.verbose {
                    TableDetail::Numbers
                } else {
                    TableDetail::Plain
                };
                out!("{}", render_match_table(&batch_reports, detail))?
            }
            MatchFormatArg::Jsonl => {
                for r in &batch_reports {
                    outln!("{}", serde_json::to_string(r)?)?;
                }
            }
            MatchFormatArg::Json | MatchFormatArg::Html => reports.extend(batch_reports),
        }
    }
    // Several resumes are a screening: the table says what its scores are for.
    if args.format == MatchFormatArg::Table && read > 1 {
        outln!("\n{OVERSIGHT_NOTICE}")?;
    }
    if args.format == MatchFormatArg::Json {
        outln!(
            "{}",
            render_match_json(&MatchRun {
                rolematch_version: env!("CARGO_PKG_VERSION"),
                model: &ws.model_fingerprint()?,
                catalog_version: &ws.catalog().version,
                blind: args.blind,
                settings: RunSettings::of(selection),
                oversight: OVERSIGHT_NOTICE,
                results: &reports,
                errors: &inputs.errors,
            })
        )?;
    }
    if args.format == MatchFormatArg::Html {
        let pages: Vec<ReportInput<'_>> = reports
            .iter()
            .map(|report| ReportInput {
                report,
                document: &report.document,
            })
            .collect();
        let footer = format!(
            "Made by rolematch {} on this computer (model {}, role catalog {}); nothing was sent anywhere. The scores come from how similar your resume's text is to each role and from the skills it shows: read them as a guide to what to try next, not a verdict on you.",
            env!("CARGO_PKG_VERSION"),
            ws.model_fingerprint()?,
            ws.catalog().version
        );
        out!("{}", render_report_html(&pages, ws.catalog(), &footer))?;
        matched = reports.iter().any(|r| {
            r.matches
                .iter()
                .any(|m| m.band != rolematch::score::Band::Weak)
        });
    }
    if !inputs.errors.is_empty() {
        warn(format_args!(
            "{} of {} inputs could not be read ({})",
            inputs.errors.len(),
            inputs.errors.len() + read,
            inputs.summary()
        ));
    }
    Ok(ExitCode::from(if matched {
        EXIT_MATCH
    } else {
        EXIT_NO_MATCH
    }))
}

pub(super) fn load_catalog(args: &CatalogArgs) -> Result<(Taxonomy, Catalog)> {
    Ok(rolematch::app::load_catalog(
        args.catalog.as_deref(),
        args.skills.as_deref(),
    )?)
}

/// `eval`: one measurement through the workspace, printed, and kept with `--record`.
pub(super) fn evaluate(global: &GlobalArgs, args: &EvalArgs) -> Result<ExitCode> {
    let request = match (
        &args.set,
        &args.catalog,
        &args.jobs,
        &args.labels,
        &args.blind_pairs,
    ) {
        (Some(set), Some(catalog), ..) => Evaluation::Titles {
            set: set.clone(),
            catalog: catalog.clone(),
            split_out: args.split_out.clone(),
        },
        (_, _, Some(jobs), ..) => Evaluation::Jobs(jobs.clone()),
        (_, _, _, _, Some(dir)) => Evaluation::BlindPairs(dir.clone()),
        (_, _, _, Some(labels), _) => Evaluation::Labels(labels.clone()),
        _ => anyhow::bail!(
            "give --set FILE --catalog FILE, --labels FILE, --jobs FILE or --blind-pairs DIR"
        ),
    };
    let workspace = reading_workspace(global)?;
    let evaluated = workspace.evaluate(&request)?;
    if args.record {
        let path = workspace.keep_measurement(&evaluated.measurement)?;
        warn(format!(
            "kept in {} for `rolematch model-card`",
            path.display()
        ));
    }
    if matches!(args.format, FormatArg::Json) {
        let json = match &evaluated.outcome {
            EvalOutcome::Titles(report) => serde_json::to_string_pretty(report)?,
            EvalOutcome::Jobs(report) => serde_json::to_string_pretty(report)?,
            EvalOutcome::Labels(report) => serde_json::to_string_pretty(report)?,
            EvalOutcome::BlindPairs(report) => serde_json::to_string_pretty(report)?,
        };
        outln!("{json}")?;
        return Ok(ExitCode::from(EXIT_MATCH));
    }
    match &evaluated.outcome {
        EvalOutcome::Titles(report) => print_titles(report)?,
        EvalOutcome::Jobs(report) => print_jobs(report)?,
        EvalOutcome::Labels(report) => print_labelled(report)?,
        EvalOutcome::BlindPairs(report) => {
            print_blind_pairs(report, &evaluated.measurement.figures)?
        }
    }
    Ok(ExitCode::from(EXIT_MATCH))
}

fn print_titles(report: &rolematch::eval::EvalReport) -> Result<()> {
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
    Ok(())
}

fn print_jobs(report: &rolematch::eval::JobsReport) -> Result<()> {
    for row in &report.rows {
        outln!(
            "{:<44} nDCG@5 {}   rolematch top 3: {}",
            row.file.display(),
            row.ndcg_at_5
                .iter()
                .map(|n| format!("{n:.2}"))
                .collect::<Vec<_>>()
                .join(" → "),
            row.top
                .last()
                .map(|top| top
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "))
                .unwrap_or_default()
        )?;
    }
    outln!(
        "\n{} postings, {} candidates each",
        report.postings,
        report.candidates
    )?;
    outln!(
        "  {:<36} {:>7} {:>6} {:>16}",
        "SYSTEM",
        "nDCG@5",
        "P@3",
        "BEST FIT FIRST"
    )?;
    for m in &report.systems {
        outln!(
            "  {:<36} {:>7.3} {:>6.3} {:>16}",
            m.system,
            m.ndcg_at_5,
            m.precision_at_3,
            format!("{} of {}", m.best_first, report.postings)
        )?;
    }
    Ok(())
}

fn print_labelled(report: &rolematch::eval::LabelledReport) -> Result<()> {
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
    Ok(())
}

fn print_blind_pairs(report: &rolematch::eval::BlindReport, figures: &[Figure]) -> Result<()> {
    for p in &report.pairs {
        outln!(
            "{:<28} largest change {:.4} without blind review{}, {:.4} with{}",
            p.pair,
            p.largest_open,
            if p.order_changes_open {
                " (top 3 reordered)"
            } else {
                ""
            },
            p.largest_blind,
            if p.order_changes_blind {
                " (top 3 reordered)"
            } else {
                ""
            },
        )?;
    }
    for f in figures {
        outln!("{}: {}", f.name, f.value)?;
    }
    Ok(())
}

pub(super) fn list_roles(args: &RolesArgs) -> Result<ExitCode> {
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

pub(super) fn show_skills(global: &GlobalArgs, args: &SkillsArgs) -> Result<ExitCode> {
    let taxonomy = match &args.skills {
        Some(path) => Taxonomy::load(path)?,
        None => Taxonomy::builtin()?,
    };
    let (command, limits) = parser(global)?;
    let doc = rolematch::read::Reader::isolated(command, limits).read(&args.file)?;
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

/// `read`: the text every score of this file is based on, as a person can check it.
pub(super) fn show_reading(global: &GlobalArgs, args: &super::ReadArgs) -> Result<ExitCode> {
    let (command, limits) = parser(global)?;
    let doc = rolematch::read::Reader::isolated(command, limits).read(&args.file)?;
    use rolematch::output::{
        render_posting_json, render_posting_text, render_reading_json, render_reading_text,
    };
    match (args.format, args.posting) {
        (super::ReadFormatArg::Text, false) => out!("{}", render_reading_text(&doc))?,
        (super::ReadFormatArg::Json, false) => outln!("{}", render_reading_json(&doc))?,
        (super::ReadFormatArg::Text, true) => out!("{}", render_posting_text(&doc))?,
        (super::ReadFormatArg::Json, true) => outln!("{}", render_posting_json(&doc))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `bundle`: verifies the model in full, then packs it with this executable.
pub(super) fn bundle(global: &GlobalArgs, args: &super::BundleArgs) -> Result<ExitCode> {
    let config = StoreConfig {
        allow_network: false,
        ..store_config(&global.home, &model_settings(global))
    };
    let manifest = ModelManifest::find(rolematch::model_store::DEFAULT_MODEL_ID)?;
    let files = model_store::resolve(&manifest, &config)?;
    model_store::verify_files(&files, VerifyLevel::Full)?;
    let taxonomy = Taxonomy::builtin()?;
    let catalog = rolematch::catalog::Catalog::builtin(&taxonomy)?;
    let executable = std::env::current_exe().context("finding this program's executable")?;
    let inputs = rolematch::bundle::BundleInputs {
        executable: &executable,
        model: &files,
        catalog_version: &catalog.version,
        licences: &args.licenses,
        sbom: &args.sbom,
    };
    let described = rolematch::bundle::make_bundle(&args.out, &inputs)?;
    outln!(
        "{}: {} files ({}), model {}, catalog {}; check on the far side with `sha256sum -c SHA256SUMS`",
        args.out.display(),
        described.files.len() + 1,
        rolematch::bundle::top_folder(),
        described.model,
        described.catalog_version
    )?;
    Ok(ExitCode::from(EXIT_MATCH))
}

pub(super) fn model(global: &GlobalArgs, command: &ModelCommand) -> Result<ExitCode> {
    let config = store_config(&global.home, &model_settings(global));
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
