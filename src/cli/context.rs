//! What every command starts from: exit codes, the workspace and audit log the global
//! options describe, the selection `-k` and `--min-score` ask for, and how unreadable inputs
//! are reported.

use std::path::PathBuf;

use anyhow::{Context, Result};

use rolematch::app::{ModelSettings, Workspace, WorkspaceConfig};
use rolematch::audit::{AuditLog, CheckpointKey, Witness};
use rolematch::embed::{DeviceChoice, Precision};
use rolematch::read::{ChildCommand, Limits};
use rolematch::selection::MAX_K;
use rolematch::{Selection, SelectionError};

use super::print::warn;
use super::{CatalogArgs, DeviceArg, GlobalArgs, PrecisionArg, EXTRACT_SUBCOMMAND};

/// Exit code when something matched / nothing matched / an error stopped the work.
pub(super) const EXIT_MATCH: u8 = 0;
pub(super) const EXIT_NO_MATCH: u8 = 1;
pub(super) const EXIT_ERROR: u8 = 2;

/// The child process every command parses PDF, DOCX/ODT and HTML in, with its limits.
pub(super) fn parser(global: &GlobalArgs) -> Result<(ChildCommand, Limits)> {
    let command = ChildCommand::current_exe(EXTRACT_SUBCOMMAND)
        .context("finding this program to run the document parser in a child process")?;
    let limits = Limits {
        time: std::time::Duration::from_secs(global.parser_timeout.max(1)),
        memory_mib: global.parser_memory_mib,
    };
    Ok((command, limits))
}

/// Which model runs where, from the global options.
pub(super) fn model_settings(global: &GlobalArgs) -> ModelSettings {
    ModelSettings {
        model_dir: global.model_dir.clone(),
        offline: global.offline,
        device: match global.device {
            DeviceArg::Cpu => DeviceChoice::Cpu,
            DeviceArg::Cuda => DeviceChoice::Cuda,
            DeviceArg::Metal => DeviceChoice::Metal,
            DeviceArg::Auto => DeviceChoice::Auto,
        },
        precision: match global.precision {
            PrecisionArg::Auto => Precision::Auto,
            PrecisionArg::F32 => Precision::F32,
            PrecisionArg::Int16 => Precision::Int16,
            PrecisionArg::Int8 => Precision::Int8,
            PrecisionArg::F16 => Precision::F16,
            PrecisionArg::Bf16 => Precision::Bf16,
            PrecisionArg::Bf16Amx => Precision::Bf16Amx,
        },
    }
}

/// The engine every command works through: the global options, the catalog options and the
/// index folder (default `HOME/index`).
pub(super) fn workspace(
    global: &GlobalArgs,
    catalog: &CatalogArgs,
    index_dir: Option<&PathBuf>,
) -> Result<Workspace> {
    let mut config = workspace_config(global, catalog, index_dir)?;
    if !global.no_audit_log {
        config.audit = Some(audit_log(global)?);
    }
    Ok(Workspace::open(config)?)
}

/// A workspace that records nothing, for the commands that only read or measure (`eval`,
/// `audit`): the audit key is not loaded, so an auditor needs only the public key.
pub(super) fn reading_workspace(global: &GlobalArgs) -> Result<Workspace> {
    let no_catalog = CatalogArgs {
        catalog: None,
        skills: None,
    };
    Ok(Workspace::open(workspace_config(
        global,
        &no_catalog,
        None,
    )?)?)
}

fn workspace_config(
    global: &GlobalArgs,
    catalog: &CatalogArgs,
    index_dir: Option<&PathBuf>,
) -> Result<WorkspaceConfig> {
    let mut config = WorkspaceConfig::new(&global.home);
    if let Some(dir) = index_dir {
        config.index_dir = dir.clone();
    }
    config.model = model_settings(global);
    config.parser = Some(parser(global)?);
    config.catalog_file = catalog.catalog.clone();
    config.skills_file = catalog.skills.clone();
    config.store = global.store.clone().map(rolematch::app::StoreUrl);
    config.follow_links = global.follow_links;
    config.actor = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into());
    Ok(config)
}

/// The audit log under the home, with the checkpoint key and the witness when given.
pub(super) fn audit_log(global: &GlobalArgs) -> Result<AuditLog> {
    let mut log = AuditLog::under(&global.home);
    if let Some(path) = &global.audit_key {
        log = log.with_checkpoints(CheckpointKey::load(
            path,
            &global.home,
            global.audit_checkpoint_every,
        )?);
    }
    if let Some(path) = &global.audit_witness {
        log = log.with_witness(Witness::at(path));
    }
    Ok(log)
}

/// Refuses a `--min-score` outside 0..1.
/// The selection `-k` and `--min-score` ask for, checked once; an error names the option.
pub(super) fn selection(top_k: usize, min_score: f32) -> Result<Selection> {
    Selection::new(top_k, min_score).map_err(|e| match e {
        SelectionError::K(k) => {
            anyhow::anyhow!("-k must be between 1 and {MAX_K}, not {k}")
        }
        SelectionError::MinScore(score) => {
            anyhow::anyhow!("--min-score must be between 0 and 1, not {score}")
        }
    })
}

/// Names each unreadable input on stderr.
pub(super) fn report_unreadable(errors: &[rolematch::read::FileError]) {
    for e in errors {
        warn(&e.error);
    }
}

/// A workspace over the pool's index folder, with the built-in catalog.
pub(super) fn pool_workspace(
    global: &GlobalArgs,
    index_dir: &Option<PathBuf>,
) -> Result<Workspace> {
    workspace(
        global,
        &CatalogArgs {
            catalog: None,
            skills: None,
        },
        index_dir.as_ref(),
    )
}
