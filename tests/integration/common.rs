//! Shared helpers: the real model (fetched once per test run) and the `rolematch` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use rolematch::embed::{BertEmbedder, Embedder};
use rolematch::model_store::{self, ModelFiles, ModelManifest, StoreConfig, DEFAULT_MODEL_ID};

pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The default model's files, from `models/` (fetched there by the first test that needs them).
pub fn model_files() -> &'static ModelFiles {
    static FILES: OnceLock<ModelFiles> = OnceLock::new();
    FILES.get_or_init(|| {
        let manifest = ModelManifest::find(DEFAULT_MODEL_ID).unwrap();
        let config = StoreConfig::new(repo_root());
        model_store::resolve(&manifest, &config)
            .unwrap_or_else(|e| panic!("the tests need the model: {e}"))
    })
}

/// One CPU embedder shared by every test in this binary.
pub fn embedder() -> &'static BertEmbedder {
    static EMBEDDER: OnceLock<BertEmbedder> = OnceLock::new();
    EMBEDDER.get_or_init(|| BertEmbedder::load(model_files(), &candle_core::Device::Cpu).unwrap())
}

pub fn embed(texts: &[&str]) -> Vec<rolematch::embed::DocumentEmbedding> {
    embedder().embed_documents(texts).unwrap()
}

/// The `rolematch` binary, offline, with HOME pointing at the repository so it finds the model
/// in `models/`. Tests that need the model call [`model_files`] first.
pub fn rolematch() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_rolematch"));
    // Tests that check the audit log turn it back on with a home of their own.
    cmd.env("ROLEMATCH_HOME", repo_root())
        .env("ROLEMATCH_OFFLINE", "1")
        .env("ROLEMATCH_NO_AUDIT_LOG", "1")
        .env_remove("ROLEMATCH_MODEL_DIR")
        .env_remove("ROLEMATCH_STORE")
        .env_remove("ROLEMATCH_DEVICE")
        .env_remove("ROLEMATCH_LOG")
        .env_remove("ROLEMATCH_AS_OF");
    cmd
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn example(name: &str) -> PathBuf {
    repo_root().join("examples").join(name)
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

pub fn cosine(a: &[f32], b: &[f32]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| *x as f64 * *y as f64).sum();
    let na: f64 = a.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    let nb: f64 = b.iter().map(|x| (*x as f64).powi(2)).sum::<f64>().sqrt();
    dot / (na * nb)
}

/// Runs `rolematch match ARGS --format json` with a fresh role cache; returns the exit code and
/// the parsed output.
pub fn match_json<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> (Option<i32>, serde_json::Value) {
    model_files();
    let index = tempfile::tempdir().unwrap();
    let out = rolematch()
        .arg("match")
        .args(args)
        .args(["--format", "json", "--index-dir"])
        .arg(index.path())
        .output()
        .unwrap();
    let json =
        serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&out)));
    (out.status.code(), json)
}

/// The role ids of one result's matches, best first.
pub fn role_ids(result: &serde_json::Value) -> Vec<String> {
    result["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role_id"].as_str().unwrap().to_string())
        .collect()
}

/// (role id, score) of each match, from a match result object.
pub fn role_scores(result: &serde_json::Value) -> Vec<(String, f64)> {
    result["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["role_id"].as_str().unwrap().to_string(),
                m["score"].as_f64().unwrap(),
            )
        })
        .collect()
}

/// An HTML file of 200,000 nested elements in `dir`: html2text takes minutes over it, so it
/// stands for a parser that runs too long.
pub fn slow_html(dir: &Path) -> PathBuf {
    let path = dir.join("deep.html");
    std::fs::write(
        &path,
        format!("<html><body>{}</body></html>", "<div>".repeat(200_000)),
    )
    .unwrap();
    path
}

/// Every file under `dir`, at any depth.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}
