//! The on-disk cache of role vectors, so roles are embedded once per model and catalog.
//!
//! One JSON file per catalog, written atomically, carrying what it was made from (model
//! fingerprint, dimensions, catalog version and hash) and a sha256 of the vectors. Loading
//! refuses a file that is corrupt (typed `Corrupt`) or made from other inputs (`Stale`).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::IndexError;

/// Version of the cache file layout; bump when it changes.
pub const ROLE_CACHE_FORMAT: u32 = 1;

/// Role ids and their vectors, with what they were computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleVectors {
    pub format: u32,
    pub model: String,
    pub dimensions: usize,
    pub catalog_version: String,
    pub catalog_hash: String,
    pub role_ids: Vec<String>,
    pub vectors_sha256: String,
    pub vectors: Vec<Vec<f32>>,
}

impl RoleVectors {
    pub fn new(
        model: &str,
        dimensions: usize,
        catalog_version: &str,
        catalog_hash: &str,
        role_ids: Vec<String>,
        vectors: Vec<Vec<f32>>,
    ) -> Self {
        RoleVectors {
            format: ROLE_CACHE_FORMAT,
            model: model.to_string(),
            dimensions,
            catalog_version: catalog_version.to_string(),
            catalog_hash: catalog_hash.to_string(),
            role_ids,
            vectors_sha256: checksum(&vectors),
            vectors,
        }
    }

    /// Where the cache for a catalog lives under `index_dir`.
    pub fn path(index_dir: &Path, catalog_hash: &str) -> PathBuf {
        index_dir.join(format!("roles-{catalog_hash}.json"))
    }

    /// Writes the cache atomically.
    pub(crate) fn save(&self, path: &Path) -> Result<(), IndexError> {
        let bytes = serde_json::to_vec(self).map_err(|e| IndexError::Corrupt {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        crate::fsutil::write_atomic(path, &bytes).map_err(|source| IndexError::Io {
            path: path.to_path_buf(),
            source,
        })
    }

    /// Loads and checks the cache against what the caller is about to use.
    pub fn load(
        path: &Path,
        model: &str,
        dimensions: usize,
        catalog_hash: &str,
    ) -> Result<RoleVectors, IndexError> {
        let bytes = std::fs::read(path).map_err(|source| IndexError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let corrupt = |reason: String| IndexError::Corrupt {
            path: path.to_path_buf(),
            reason,
        };
        let cache: RoleVectors =
            serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
        if cache.vectors_sha256 != checksum(&cache.vectors) {
            return Err(corrupt("vector checksum does not match".into()));
        }
        if cache.role_ids.len() != cache.vectors.len()
            || cache.vectors.iter().any(|v| v.len() != cache.dimensions)
        {
            return Err(corrupt("vector count or length is inconsistent".into()));
        }
        let stale = |reason: String| IndexError::Stale {
            path: path.to_path_buf(),
            reason,
        };
        if cache.format != ROLE_CACHE_FORMAT {
            return Err(stale(format!(
                "format {} (expected {ROLE_CACHE_FORMAT})",
                cache.format
            )));
        }
        if cache.model != model {
            return Err(stale(format!(
                "made with model {} (now {model})",
                cache.model
            )));
        }
        if cache.dimensions != dimensions {
            return Err(stale(format!(
                "{} dimensions (now {dimensions})",
                cache.dimensions
            )));
        }
        if cache.catalog_hash != catalog_hash {
            return Err(stale("made from another catalog".into()));
        }
        Ok(cache)
    }
}

fn checksum(vectors: &[Vec<f32>]) -> String {
    let mut hasher = Sha256::new();
    for v in vectors {
        for x in v {
            hasher.update(x.to_le_bytes());
        }
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> RoleVectors {
        RoleVectors::new(
            "m@1",
            2,
            "v1",
            "abc",
            vec!["a".into(), "b".into()],
            vec![vec![0.6, 0.8], vec![1.0, 0.0]],
        )
    }

    #[test]
    fn round_trips_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let path = RoleVectors::path(dir.path(), "abc");
        sample().save(&path).unwrap();
        assert_eq!(RoleVectors::load(&path, "m@1", 2, "abc").unwrap(), sample());
    }

    #[test]
    fn stale_and_corrupt_files_are_typed_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = RoleVectors::path(dir.path(), "abc");
        sample().save(&path).unwrap();
        assert!(matches!(
            RoleVectors::load(&path, "other@2", 2, "abc"),
            Err(IndexError::Stale { .. })
        ));
        assert!(matches!(
            RoleVectors::load(&path, "m@1", 3, "abc"),
            Err(IndexError::Stale { .. })
        ));
        assert!(matches!(
            RoleVectors::load(&path, "m@1", 2, "xyz"),
            Err(IndexError::Stale { .. })
        ));

        let bytes = std::fs::read(&path).unwrap();
        for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            assert!(
                matches!(
                    RoleVectors::load(&path, "m@1", 2, "abc"),
                    Err(IndexError::Corrupt { .. })
                ),
                "cut {cut}"
            );
        }
        let flipped = String::from_utf8(bytes).unwrap().replace("0.6", "0.7");
        std::fs::write(&path, flipped).unwrap();
        assert!(matches!(
            RoleVectors::load(&path, "m@1", 2, "abc"),
            Err(IndexError::Corrupt { .. })
        ));
    }
}
