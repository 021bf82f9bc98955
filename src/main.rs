//! The `rolematch` command: parse arguments, run the library, print; exit 0 / 1 / 2.

mod cli;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use rolematch::output::terminal_safe_lines;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let level = if cli.global.quiet {
        "error"
    } else if cli.global.verbose {
        "debug"
    } else {
        "info"
    };
    let filter = EnvFilter::try_from_env("ROLEMATCH_LOG")
        .unwrap_or_else(|_| EnvFilter::new(format!("rolematch={level}")));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .without_time()
        .init();
    let home = cli.global.home.clone();
    match cli::run(cli) {
        Ok(code) => code,
        // The reader of our output has gone (`rolematch roles | head`): stop quietly.
        Err(e) if cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "rolematch: error: {}",
                terminal_safe_lines(&format!("{e:#}"))
            );
            if let Some(hint) = cli::hint(&e, &home) {
                eprintln!("rolematch: hint: {hint}");
            }
            ExitCode::from(2)
        }
    }
}
