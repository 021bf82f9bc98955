//! Keyed content hashes: the log names each resume by a blake3 hash keyed with a secret of
//! this installation (kept beside the log, never in it), so a person who holds a resume but
//! not the secret cannot use the log to prove that it was ranked, when, or with what score.

use std::path::{Path, PathBuf};

use super::checkpoint::{hex, parse_hex32, write_private_new};
use super::AuditError;

/// The name the records give the scheme, so a reader knows the hashes are keyed.
pub(crate) const SCHEME: &str = "blake3-keyed-v1";

/// The secret that keys subject hashes.
#[derive(Clone)]
pub struct SubjectKey([u8; 32]);

impl std::fmt::Debug for SubjectKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SubjectKey(..)")
    }
}

impl SubjectKey {
    /// The key file beside the log.
    pub(crate) fn path_beside(log: &Path) -> PathBuf {
        log.with_file_name("subject-hash.key")
    }

    /// Reads the key at `path`, making a new random one (owner-only) when there is none.
    pub(crate) fn load_or_create(path: &Path) -> Result<Self, AuditError> {
        let bad = |reason: String| AuditError::Key {
            path: path.to_path_buf(),
            reason,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => parse_hex32(text.trim())
                .map(SubjectKey)
                .ok_or_else(|| bad("not 64 hex digits; it was edited or damaged".into())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                getrandom::fill(&mut key)
                    .map_err(|e| bad(format!("no randomness from the system: {e}")))?;
                match write_private_new(path, format!("{}\n", hex(&key)).as_bytes()) {
                    Ok(()) => Ok(SubjectKey(key)),
                    // Another process made it first: use theirs.
                    Err(_) if path.exists() => SubjectKey::load_or_create(path),
                    Err(e) => Err(e),
                }
            }
            Err(e) => Err(bad(e.to_string())),
        }
    }

    /// The keyed form of a plain content hash.
    pub fn keyed(&self, plain: &str) -> String {
        if plain.is_empty() {
            return String::new();
        }
        blake3::keyed_hash(&self.0, plain.as_bytes())
            .to_hex()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyed_hash_depends_on_the_key_and_the_key_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        let key = SubjectKey::load_or_create(&path).unwrap();
        let again = SubjectKey::load_or_create(&path).unwrap();
        let plain = "a".repeat(64);
        assert_eq!(key.keyed(&plain), again.keyed(&plain));
        assert_ne!(key.keyed(&plain), plain);
        assert_eq!(key.keyed(&plain).len(), 64);
        let other = SubjectKey::load_or_create(&dir.path().join("k2")).unwrap();
        assert_ne!(key.keyed(&plain), other.keyed(&plain));
        assert_eq!(key.keyed(""), "");
    }
}
