//! Printing for the commands: results to stdout through [`out!`]/[`outln!`], which return an
//! error instead of panicking when stdout is closed (`rolematch roles | head`), and notes to
//! stderr through [`warn`], with control characters from file names escaped.

use std::fmt::Display;
use std::io::Write;

use rolematch::output::terminal_safe;

/// Writes formatted text to stdout; a closed pipe becomes an `io::Error` for `?`.
pub fn write_stdout(args: std::fmt::Arguments<'_>) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_fmt(args)?;
    out.flush()
}

/// `print!` that returns the write's error to the caller (use with `?`).
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::print::write_stdout(format_args!($($arg)*))
    };
}

/// `println!` that returns the write's error to the caller (use with `?`).
macro_rules! outln {
    () => {
        $crate::cli::print::write_stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cli::print::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub(crate) use {out, outln};

/// A note for people on stderr, prefixed with `rolematch: `; control characters are escaped.
pub fn warn(message: impl Display) {
    eprintln!("rolematch: {}", terminal_safe(&message.to_string()));
}

/// True when `error` comes from writing to a stdout whose reader has gone away: the command
/// then stops quietly, as `grep` and `ripgrep` do.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The command that mends `error`, when there is one: the library says what is wrong, the
/// command line says what to type.
pub fn hint(error: &anyhow::Error, home: &std::path::Path) -> Option<String> {
    use rolematch::pool::PoolError;
    if let Some(old) = missing_from_home(error)
        .then(|| rolematch::home::legacy_home_in(std::path::Path::new("."), home))
        .flatten()
    {
        let (home_arg, old_arg) = (shell_quoted(home), shell_quoted(&old));
        return Some(format!(
            "this folder holds a home of an older rolematch (models/, index/), which kept its files in the folder it ran in; the home is now {} — pass --home {old_arg} to use this one, or move it there: mkdir -p {home_arg} && mv models index audit {home_arg}/",
            home.display(),
        ));
    }
    let pool = pool_error(error)?;
    match pool {
        PoolError::NoPool { name, .. } => Some(format!(
            "create it with `rolematch pool build DIR --pool {name}`"
        )),
        PoolError::NoCurrent { name, .. } => Some(format!(
            "`rolematch pool recover --pool {name}` points CURRENT at the newest generation that verifies"
        )),
        PoolError::Corrupt { path, .. } => {
            let name = pool_name_in(path).unwrap_or_else(|| "NAME".into());
            Some(format!(
                "`rolematch pool verify --pool {name}` checks every file; `rolematch pool recover --pool {name}` points CURRENT at the newest generation that verifies"
            ))
        }
        PoolError::NoPgvector { .. } => Some(
            "pgvector is at https://github.com/pgvector/pgvector; `CREATE EXTENSION vector` needs a superuser once per database".into()
        ),
        busy if busy.is_busy() => Some(format!(
            "the database is busy (maintenance such as VACUUM FULL locks the pools' tables): try again when it is done; {} and {} set how many seconds a read waits for a lock and may run",
            rolematch::pool::postgres::LOCK_TIMEOUT_VARIABLE,
            rolematch::pool::postgres::STATEMENT_TIMEOUT_VARIABLE
        )),
        PoolError::Database { .. } => {
            let message = pool.to_string();
            Some(if message.contains("certificate") {
                "the server's TLS certificate did not verify: set PGSSLROOTCERT to the CA certificate (PEM) that signed it, or add `?sslmode=disable` to the URL to connect without TLS".into()
            } else if message.contains("does not support TLS") {
                "the server offers no TLS: remove `sslmode=require` from the URL, or turn `ssl` on in the server".into()
            } else {
                "check the --store URL (or ROLEMATCH_STORE): host, port, user, database, and that the server is running".into()
            })
        }
        PoolError::ModelMismatch {
            pool,
            built_with,
            model,
            ..
        } => Some(match precision_only_differs(built_with, model) {
            Some(precision) => format!(
                "the pool was built with the same model at precision {precision}: run with `--precision {precision}` (or ROLEMATCH_PRECISION={precision}), or rebuild it with `rolematch pool build DIR --pool {pool}` to use this run's"
            ),
            None => format!("rebuild it with `rolematch pool build DIR --pool {pool}`"),
        }),
        _ => None,
    }
}

/// The pool error inside `error`, at whatever depth a layer wrapped it.
/// A path as a shell reads it back: single-quoted when it holds anything but plain characters.
fn shell_quoted(path: &std::path::Path) -> String {
    let text = path.display().to_string();
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-~".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// Whether the error is a model or a pool that is not in the home.
fn missing_from_home(error: &anyhow::Error) -> bool {
    use rolematch::model_store::ModelStoreError;
    let not_found = |e: Option<&rolematch::Error>| {
        matches!(
            e,
            Some(rolematch::Error::Model(ModelStoreError::NotFound { .. }))
        )
    };
    let model_missing = error.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<ModelStoreError>(),
            Some(ModelStoreError::NotFound { .. })
        ) || not_found(cause.downcast_ref::<rolematch::Error>())
            || not_found(
                cause
                    .downcast_ref::<rolematch::app::AppError>()
                    .and_then(|e| e.pipeline()),
            )
    });
    model_missing
        || matches!(
            pool_error(error),
            Some(rolematch::pool::PoolError::NoPool { .. })
        )
}

fn pool_error(error: &anyhow::Error) -> Option<&rolematch::pool::PoolError> {
    use rolematch::app::AppError;
    use rolematch::pool::PoolError;
    fn in_layer(e: &rolematch::Error) -> Option<&PoolError> {
        match e {
            rolematch::Error::Pool(p) => Some(p),
            _ => None,
        }
    }
    error.chain().find_map(|cause| {
        if let Some(p) = cause.downcast_ref::<PoolError>() {
            return Some(p);
        }
        if let Some(e) = cause.downcast_ref::<rolematch::Error>() {
            return in_layer(e);
        }
        cause
            .downcast_ref::<AppError>()
            .and_then(AppError::pipeline)
            .and_then(in_layer)
    })
}

/// The pool a path under `.../pools/NAME/...` belongs to.
fn pool_name_in(path: &std::path::Path) -> Option<String> {
    let parts: Vec<_> = path.components().map(|c| c.as_os_str()).collect();
    let at = parts.iter().rposition(|p| *p == "pools")?;
    parts.get(at + 1).map(|p| p.to_string_lossy().into_owned())
}

/// The `--precision` name a pool was built at, when its model differs from this run's only in
/// the precision after '/' (`…/int16-b192` is int16).
fn precision_only_differs(built_with: &str, model: &str) -> Option<String> {
    let (built_model, built_precision) = built_with.rsplit_once('/')?;
    let (this_model, this_precision) = model.rsplit_once('/')?;
    let name = |scheme: &str| match scheme {
        p if p.starts_with("int16") => "int16".to_string(),
        p if p.starts_with("int8") => "int8".to_string(),
        p if p.starts_with("bf16-amx") => "bf16-amx".to_string(),
        p => p.to_string(),
    };
    // The same precision under an older scheme (a pool from an earlier rolematch) has no flag
    // that ranks it: it is rebuilt.
    (built_model == this_model && name(built_precision) != name(this_precision))
        .then(|| name(built_precision))
}

#[cfg(test)]
mod precision_hint_tests {
    use super::precision_only_differs;

    #[test]
    fn a_pool_of_another_precision_names_the_flag_that_ranks_it() {
        let amx = "all-minilm-l6-v2@53aa/bf16-amx-attention";
        assert_eq!(
            precision_only_differs("all-minilm-l6-v2@53aa/int16-b192", amx).as_deref(),
            Some("int16")
        );
        assert_eq!(
            precision_only_differs("all-minilm-l6-v2@53aa/f32", amx).as_deref(),
            Some("f32")
        );
        assert_eq!(precision_only_differs("other-model@1/f32", amx), None);
        // Built at bf16-amx by an earlier rolematch, whose attention was not on the tiles.
        assert_eq!(
            precision_only_differs(
                "all-minilm-l6-v2@53aa/bf16-amx",
                "all-minilm-l6-v2@53aa/bf16-amx-attention"
            ),
            None
        );
    }
}
