//! The hostile set (`tests/fixtures/blind_hostile/`): resumes written to leak identity through
//! every channel blind mode knows of. Each cue listed in its `cues.toml` must be gone from the
//! redacted text; the strings under `keep` must stay and those under `expect` must be read.
//! `BLIND_HOSTILE_SHOW=1 cargo test --lib hostile -- --nocapture` prints the redacted resumes.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::redact_with;
use crate::skills::{SkillExtractor, Taxonomy};

#[derive(Deserialize)]
struct HostileSet {
    resume: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    #[serde(default)]
    name: Vec<String>,
    #[serde(default)]
    contact: Vec<String>,
    #[serde(default)]
    address: Vec<String>,
    #[serde(default)]
    demographic: Vec<String>,
    #[serde(default)]
    pronoun: Vec<String>,
    #[serde(default)]
    gendered: Vec<String>,
    #[serde(default)]
    group: Vec<String>,
    #[serde(default)]
    photo: Vec<String>,
    #[serde(default)]
    keep: Vec<String>,
    #[serde(default)]
    expect: Vec<String>,
}

impl Entry {
    fn cues(&self) -> Vec<(&'static str, &str)> {
        let kinds: [(&'static str, &Vec<String>); 8] = [
            ("name", &self.name),
            ("contact", &self.contact),
            ("address", &self.address),
            ("demographic", &self.demographic),
            ("pronoun", &self.pronoun),
            ("gendered", &self.gendered),
            ("group", &self.group),
            ("photo", &self.photo),
        ];
        kinds
            .into_iter()
            .flat_map(|(kind, cues)| cues.iter().map(move |c| (kind, c.as_str())))
            .collect()
    }
}

/// Letters of scripts written without spaces between words, where a name has no word edge.
fn unspaced_script(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF)
}

/// Whether `cue` is in `text` as a whole word (or words), ignoring case.
fn survives(text: &str, cue: &str) -> bool {
    let text = text.to_lowercase();
    let cue = cue.to_lowercase();
    let edge = |c: Option<char>, own: Option<char>| {
        let needs_edge = own.is_some_and(|o| o.is_alphanumeric() && !unspaced_script(o));
        !needs_edge || c.is_none_or(|c| !c.is_alphanumeric())
    };
    text.match_indices(&cue).any(|(at, _)| {
        edge(text[..at].chars().next_back(), cue.chars().next())
            && edge(
                text[at + cue.len()..].chars().next(),
                cue.chars().next_back(),
            )
    })
}

#[test]
fn hostile_resumes_keep_no_identity_cue() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/blind_hostile");
    let set: HostileSet =
        toml::from_str(&std::fs::read_to_string(dir.join("cues.toml")).expect("cues.toml"))
            .expect("cues.toml parses");
    let extractor = SkillExtractor::new(Taxonomy::builtin().expect("built-in taxonomy"));
    let mut total: BTreeMap<&str, usize> = BTreeMap::new();
    let mut surviving: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut lost = Vec::new();
    let mut names_kept_by = std::collections::BTreeSet::new();
    let mut files = 0;
    for entry in &set.resume {
        let path = dir.join(&entry.file);
        // Read as rolematch reads a file (a Markdown link is its text), not as raw bytes.
        let document = crate::read::Reader::in_process()
            .read(&path)
            .expect("hostile resume");
        let out = redact_with(&document, &extractor).document;
        assert_eq!(out.line_count(), document.line_count(), "{}", entry.file);
        let redacted = out.text();
        if std::env::var_os("BLIND_HOSTILE_SHOW").is_some() {
            println!("=== {}\n{redacted}", entry.file);
        }
        files += 1;
        for (kind, cue) in entry.cues() {
            *total.entry(kind).or_default() += 1;
            if survives(redacted, cue) {
                surviving
                    .entry(kind)
                    .or_default()
                    .push(format!("{}: {cue}", entry.file));
                if kind == "name" {
                    names_kept_by.insert(entry.file.clone());
                }
            }
        }
        for keep in &entry.keep {
            if !redacted.contains(keep.as_str()) {
                lost.push(format!("{}: {keep} (kept string removed)", entry.file));
            }
        }
        for expect in &entry.expect {
            if !redacted.contains(expect.as_str()) {
                lost.push(format!(
                    "{}: {expect:?} not in the redacted text",
                    entry.file
                ));
            }
        }
    }
    let cues: usize = total.values().sum();
    let left: usize = surviving.values().map(Vec::len).sum();
    let rate = 100.0 * left as f64 / cues as f64;
    println!("hostile set: {files} resumes, {cues} cues");
    for (kind, n) in &total {
        let kept = surviving.get(kind).map_or(0, Vec::len);
        println!("  {kind:<12} {kept:>3} of {n:>3} survived");
    }
    println!(
        "surviving cues: {left} of {cues} ({rate:.1} %); resumes keeping a name: {} of {files}",
        names_kept_by.len()
    );
    for cue in surviving.values().flatten() {
        println!("  survived: {cue}");
    }
    for miss in &lost {
        println!("  {miss}");
    }
    assert!(files >= 30, "{files} resumes");
    assert!(
        surviving.get("name").is_none_or(Vec::is_empty),
        "names survived"
    );
    assert!(rate <= 2.0, "{rate:.1} % of cues survived");
    assert!(lost.is_empty(), "{lost:?}");
}

#[test]
fn survival_is_by_whole_words() {
    assert!(survives("Built by Kim Lee.", "kim"));
    assert!(!survives("Kimball schema", "Kim"));
    assert!(survives("佐藤leads", "佐藤"));
    assert!(survives("call +44 20 7946 0958.", "+44 20 7946 0958"));
}
