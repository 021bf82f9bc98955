//! Checking a model folder against its manifest: sizes always, sha256 on first use.
//!
//! After a full check a marker file records each file's size, modification time and hash; a
//! later `Cached` check re-hashes only when a file changed since.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Read;
use std::path::Path;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{ModelFiles, ModelStoreError};

const MARKER: &str = ".rolematch-verified.json";

/// How thoroughly to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyLevel {
    /// Presence and size only.
    Sizes,
    /// Sizes, plus hashes unless a marker shows they were checked and nothing changed since.
    Cached,
    /// Sizes and hashes of every file.
    Full,
}

#[derive(Debug, Default, Serialize, Deserialize, PartialEq)]
struct Marker {
    files: BTreeMap<String, Stamp>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Clone)]
struct Stamp {
    size: u64,
    modified_ns: u128,
    sha256: String,
}

/// Checks the files of `model` at `level`; the first problem found is the error.
pub fn verify_files(model: &ModelFiles, level: VerifyLevel) -> Result<(), ModelStoreError> {
    let mut current = Marker::default();
    for file in &model.manifest.files {
        let path = model.path(&file.path);
        let meta = match fs::metadata(&path) {
            Ok(m) if m.is_file() => m,
            Ok(_) | Err(_) => return Err(ModelStoreError::MissingFile { path }),
        };
        if meta.len() != file.size {
            return Err(ModelStoreError::SizeMismatch {
                path,
                expected: file.size,
                actual: meta.len(),
            });
        }
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        current.files.insert(
            file.path.clone(),
            Stamp {
                size: meta.len(),
                modified_ns,
                sha256: file.sha256.clone(),
            },
        );
    }
    let marker_path = model.dir.join(MARKER);
    let checked_before = level == VerifyLevel::Cached
        && fs::read(&marker_path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Marker>(&b).ok())
            .is_some_and(|m| m == current);
    if level == VerifyLevel::Sizes || checked_before {
        return Ok(());
    }
    for file in &model.manifest.files {
        let path = model.path(&file.path);
        let actual = sha256_file(&path)?;
        if actual != file.sha256 {
            return Err(ModelStoreError::HashMismatch {
                path,
                expected: file.sha256.clone(),
                actual,
            });
        }
    }
    // The marker only saves time; a read-only folder simply gets hashed again next time.
    if let Ok(bytes) = serde_json::to_vec_pretty(&current) {
        if let Err(e) = crate::fsutil::write_atomic(&marker_path, &bytes) {
            tracing::debug!("could not write {}: {e}", marker_path.display());
        }
    }
    Ok(())
}

/// The hex sha256 of a file's content.
pub(crate) fn sha256_file(path: &Path) -> Result<String, ModelStoreError> {
    let mut file = File::open(path).map_err(|e| ModelStoreError::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| ModelStoreError::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model_store::{ModelFile, ModelManifest, Source, DEFAULT_MODEL_ID};

    fn fake_model(dir: &Path, content: &[u8]) -> ModelFiles {
        let mut manifest = ModelManifest::find(DEFAULT_MODEL_ID).unwrap();
        fs::write(dir.join("w.bin"), content).unwrap();
        manifest.files = vec![ModelFile {
            path: "w.bin".into(),
            size: content.len() as u64,
            sha256: hex(&Sha256::digest(content)),
        }];
        ModelFiles {
            manifest,
            dir: dir.to_path_buf(),
            source: Source::ExplicitDir,
        }
    }

    #[test]
    fn detects_truncation_and_bit_flips() {
        let dir = tempfile::tempdir().unwrap();
        let model = fake_model(dir.path(), b"weights weights");
        verify_files(&model, VerifyLevel::Full).unwrap();

        fs::write(dir.path().join("w.bin"), b"weights").unwrap();
        let err = verify_files(&model, VerifyLevel::Sizes).unwrap_err();
        assert!(matches!(err, ModelStoreError::SizeMismatch { .. }), "{err}");

        fs::write(dir.path().join("w.bin"), b"weights weightZ").unwrap();
        // Coarse clocks could give the rewrite the marker's timestamp; make the change visible.
        let file = fs::File::options()
            .write(true)
            .open(dir.path().join("w.bin"))
            .unwrap();
        file.set_modified(UNIX_EPOCH + std::time::Duration::from_secs(7))
            .unwrap();
        assert!(verify_files(&model, VerifyLevel::Sizes).is_ok());
        let err = verify_files(&model, VerifyLevel::Cached).unwrap_err();
        assert!(matches!(err, ModelStoreError::HashMismatch { .. }), "{err}");
    }

    #[test]
    fn cached_level_trusts_an_unchanged_marker() {
        let dir = tempfile::tempdir().unwrap();
        let model = fake_model(dir.path(), b"abc");
        verify_files(&model, VerifyLevel::Cached).unwrap();
        assert!(dir.path().join(MARKER).exists());
        // Same size and modification time, other bytes: only a re-hash would notice. The
        // cached level must not hash again (that is its point); the full level must.
        let path = dir.path().join("w.bin");
        let modified = fs::metadata(&path).unwrap().modified().unwrap();
        fs::write(&path, b"abd").unwrap();
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        verify_files(&model, VerifyLevel::Cached).unwrap();
        let err = verify_files(&model, VerifyLevel::Full).unwrap_err();
        assert!(matches!(err, ModelStoreError::HashMismatch { .. }), "{err}");
    }
}
