//! The `serve` command: the token, the limits and the batching from arguments, then the
//! library's server.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};

use rolematch::server::{self, BatchConfig, ServeConfig, ServerLimits, TOKEN_ENV};

use super::context::{workspace, EXIT_MATCH};
use super::print::warn;
use super::{GlobalArgs, ServeArgs};

pub(super) fn serve(global: &GlobalArgs, args: &ServeArgs) -> Result<ExitCode> {
    let token = match &args.token_file {
        Some(path) => Some({
            warn_if_others_can_read(path);
            std::fs::read_to_string(path)
                .with_context(|| format!("reading the token from {}", path.display()))?
                .trim()
                .to_string()
        }),
        None => std::env::var(TOKEN_ENV).ok().map(|t| t.trim().to_string()),
    };
    if token.as_deref() == Some("") {
        anyhow::bail!("the token is empty: put a long random string in the token file");
    }
    let who = if token.is_some() { "api-token" } else { "api" };
    let ws = workspace(global, &args.catalog, args.index_dir.as_ref())?.acting_as(who);
    let config = ServeConfig {
        bind: args.bind,
        token,
        allowed_hosts: args.allowed_host.clone(),
        max_file_bytes: args.max_file_mib.saturating_mul(1024 * 1024),
        max_request_bytes: args.max_request_mib.saturating_mul(1024 * 1024),
        limits: ServerLimits::default(),
        batching: BatchConfig {
            max_wait: Duration::from_millis(args.batch_wait_ms),
            max_documents: args.batch_max.max(1),
        },
    };
    server::serve(ws, config, |addr| {
        // The one line scripts and tests wait for, on stdout.
        println!("listening on http://{addr}");
    })?;
    Ok(ExitCode::from(EXIT_MATCH))
}

/// A token file that other users of this machine can read gives the API away: say so.
fn warn_if_others_can_read(path: &std::path::Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.permissions().mode() & 0o077 != 0 {
                warn(format_args!(
                    "{}: other users of this machine can read the token; run `chmod 600 {}`",
                    path.display(),
                    path.display()
                ));
            }
        }
    }
}
