//! The documentation checked against the code: every internal link and anchor resolves, every
//! `rolematch` command in a shell example parses, every environment variable the code reads is
//! in the reference, and the generated command reference is current.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clap::Parser;

use super::Cli;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// README, CONTRIBUTING, CHANGELOG and every Markdown file under docs/.
fn documents() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut files: Vec<PathBuf> = ["README.md", "CONTRIBUTING.md", "CHANGELOG.md"]
        .iter()
        .map(|f| root().join(f))
        .collect();
    walk(&root().join("docs"), &mut files);
    files.sort();
    files
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_' || *c == ' ')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The lines of a Markdown file outside its fenced code blocks.
fn prose_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut fenced = false;
    text.lines().filter(move |line| {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            return false;
        }
        !fenced
    })
}

/// The anchors of a Markdown file's headings (outside code blocks).
fn anchors(text: &str) -> BTreeSet<String> {
    prose_lines(text)
        .filter_map(|line| line.strip_prefix('#'))
        .map(|heading| heading.trim_start_matches('#'))
        .filter(|heading| heading.starts_with(' '))
        .map(slug)
        .collect()
}

/// The targets of `[text](target)` links outside code blocks.
fn links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in prose_lines(text) {
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let Some(end) = after.find(')') else { break };
            found.push(after[..end].to_string());
            rest = &after[end..];
        }
    }
    found
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let mut broken = Vec::new();
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).unwrap();
        for target in links(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = target.split_once('#').unwrap_or((&target, ""));
            let file = if path.is_empty() {
                doc.clone()
            } else {
                doc.parent().unwrap().join(path)
            };
            if !file.exists() {
                broken.push(format!("{}: {target} (no such file)", doc.display()));
                continue;
            }
            if !anchor.is_empty() {
                let target_text = std::fs::read_to_string(&file).unwrap_or_default();
                if !anchors(&target_text).contains(anchor) {
                    broken.push(format!("{}: {target} (no such heading)", doc.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The `rolematch` commands of the shell examples (```sh blocks): one per line, the command
/// alone (a comment, redirection or pipe cut off), `cargo run --release --` read as
/// `rolematch`.
fn example_commands(text: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut in_shell = false;
    let mut pending = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            in_shell = !in_shell && (info == "sh" || info == "bash");
            continue;
        }
        if !in_shell {
            continue;
        }
        // A line ending in a backslash goes on on the next.
        if let Some(head) = trimmed.strip_suffix('\\') {
            pending.push_str(head);
            pending.push(' ');
            continue;
        }
        let line = format!("{pending}{trimmed}");
        pending.clear();
        let line = line
            .strip_prefix("$ ")
            .unwrap_or(&line)
            .replace("cargo run --release -- ", "rolematch ");
        let Some(at) = line.find("rolematch ") else {
            continue;
        };
        // Only a command that starts the line (or follows `&&`/`;`), not a word in a comment.
        let before = line[..at].trim_end();
        if !(before.is_empty() || before.ends_with("&&") || before.ends_with(';')) {
            continue;
        }
        let mut command = line[at..].to_string();
        for stop in [" #", " >", " |", " &&", " ;"] {
            if let Some(cut) = command.find(stop) {
                command.truncate(cut);
            }
        }
        commands.push(command.trim().to_string());
    }
    commands
}

/// Splits a command line into words, keeping quoted strings whole.
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => quote = Some(c),
            (None, ' ') => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            (None, c) => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

#[test]
fn every_command_in_a_shell_example_parses() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for doc in documents() {
        let text = std::fs::read_to_string(&doc).unwrap();
        for command in example_commands(&text) {
            checked += 1;
            if let Err(e) = Cli::try_parse_from(words(&command)) {
                let first = e.to_string().lines().next().unwrap_or("").to_string();
                failures.push(format!("{}: `{command}`: {first}", doc.display()));
            }
        }
    }
    assert!(checked >= 20, "only {checked} example commands found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_environment_variable_the_code_reads_is_in_the_reference() {
    fn walk(dir: &Path, out: &mut String) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut code = String::new();
    walk(&root().join("src"), &mut code);
    let mut names = BTreeSet::new();
    // Every string literal that is a whole `ROLEMATCH_…` name.
    for (at, _) in code.match_indices("\"ROLEMATCH_") {
        let rest = &code[at + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_uppercase() || *c == '_')
            .collect();
        if rest[name.len()..].starts_with('"') && name.len() > "ROLEMATCH_".len() {
            names.insert(name);
        }
    }
    assert!(names.len() >= 15, "{names:?}");
    let reference = std::fs::read_to_string(root().join("docs/reference/environment.md")).unwrap();
    let missing: Vec<&String> = names
        .iter()
        .filter(|name| !reference.contains(&format!("`{name}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "not in docs/reference/environment.md: {missing:?}"
    );
}

#[test]
fn the_command_reference_is_current() {
    let path = root().join("docs/reference/commands.md");
    let generated = super::reference::commands_markdown();
    if std::env::var_os("ROLEMATCH_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/reference/commands.md is out of date: run `ROLEMATCH_UPDATE_DOCS=1 cargo test --bin rolematch reference`"
    );
}

#[test]
fn the_readme_fits_on_a_few_screens() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.lines().count() <= 250,
        "{} lines",
        readme.lines().count()
    );
}
