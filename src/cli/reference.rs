//! The command reference in `docs/reference/commands.md`, generated from the clap definitions
//! so it cannot drift from the code: a test compares the committed file with what this makes
//! (`ROLEMATCH_UPDATE_DOCS=1 cargo test --bin rolematch reference` rewrites it).

use clap::CommandFactory;

use super::Cli;

/// The Markdown reference: every command's long `--help`, in the order `rolematch --help`
/// lists them. Machine-dependent values (the home's default path, environment values) are
/// written the same everywhere.
pub fn commands_markdown() -> String {
    let root = Cli::command()
        .mut_arg("home", |arg| {
            arg.default_value("<the user's data folder>/rolematch")
        })
        .mut_args(|arg| arg.hide_env_values(true));
    let mut root = hide_env_values_everywhere(root);
    root.build();
    let mut out = String::from(
        "# Command reference\n\nGenerated from the code by `ROLEMATCH_UPDATE_DOCS=1 cargo test --bin rolematch reference`; a test fails when it is out of date. The same text is what `rolematch COMMAND --help` prints.\n",
    );
    section(&mut root, "rolematch", &mut out);
    out
}

fn hide_env_values_everywhere(command: clap::Command) -> clap::Command {
    command
        .mut_args(|arg| arg.hide_env_values(true))
        .mut_subcommands(hide_env_values_everywhere)
}

fn section(command: &mut clap::Command, path: &str, out: &mut String) {
    if command.is_hide_set() {
        return;
    }
    let help = command.render_long_help().to_string();
    out.push_str(&format!(
        "\n## `{path}`\n\n```text\n{}\n```\n",
        help.trim_end()
    ));
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        if let Some(sub) = command.find_subcommand_mut(&name) {
            section(sub, &format!("{path} {name}"), out);
        }
    }
}
