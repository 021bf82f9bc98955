//! Signed checkpoints: every so many records, the log's head (sequence number and hash) is
//! signed with an ed25519 key kept outside the home. A forger who can rewrite the file can
//! recompute every hash, but cannot sign a new head without that key; whoever holds the
//! public key can check every checkpoint.

use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};

use super::AuditError;

/// What a checkpoint signs: the head it covers.
pub fn message(seq: u64, hash: &str) -> Vec<u8> {
    format!("rolematch-audit-checkpoint:v1:{seq}:{hash}").into_bytes()
}

/// The key that signs checkpoints, read from a file of 64 hex digits (its 32-byte seed).
#[derive(Clone)]
pub struct CheckpointKey {
    key: SigningKey,
    /// A checkpoint after every this many records.
    pub every: u64,
}

impl std::fmt::Debug for CheckpointKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CheckpointKey({})", self.public_hex())
    }
}

/// Checkpoints come after every this many records unless the operator says otherwise.
pub const DEFAULT_CHECKPOINT_EVERY: u64 = 100;

impl CheckpointKey {
    /// Reads the key in `path`, refusing one inside `home`: whoever can rewrite the log
    /// could then re-sign it too.
    pub fn load(path: &Path, home: &Path, every: u64) -> Result<Self, AuditError> {
        let bad = |reason: String| AuditError::Key {
            path: path.to_path_buf(),
            reason,
        };
        if let (Ok(key), Ok(home)) = (path.canonicalize(), home.canonicalize()) {
            if key.starts_with(&home) {
                return Err(bad(format!(
                    "the signing key is inside the home ({}); keep it where the log's writers cannot edit the log and the key together, e.g. /etc/rolematch/audit.key",
                    home.display()
                )));
            }
        }
        let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
        let seed = parse_hex32(text.trim()).ok_or_else(|| {
            bad(
                "not a key: expected 64 hex digits (make one with `rolematch audit keygen FILE`)"
                    .into(),
            )
        })?;
        Ok(CheckpointKey {
            key: SigningKey::from_bytes(&seed),
            every: every.max(1),
        })
    }

    /// A new random key written to `path` (readable by its owner only; never overwritten).
    pub fn generate(path: &Path) -> Result<String, AuditError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| AuditError::Key {
            path: path.to_path_buf(),
            reason: format!("no randomness from the system: {e}"),
        })?;
        let key = SigningKey::from_bytes(&seed);
        write_private_new(path, format!("{}\n", hex(&seed)).as_bytes())?;
        Ok(hex(key.verifying_key().as_bytes()))
    }

    pub(crate) fn public_hex(&self) -> String {
        hex(self.key.verifying_key().as_bytes())
    }

    /// The signature of the head (`seq`, `hash`), in hex.
    pub(crate) fn sign(&self, seq: u64, hash: &str) -> String {
        hex(&self.key.sign(&message(seq, hash)).to_bytes())
    }
}

/// Whether `signature` (hex) signs the head (`seq`, `hash`) under `public` (hex).
pub(crate) fn verify_signature(public: &str, seq: u64, hash: &str, signature: &str) -> bool {
    let Some(public) = parse_hex32(public).and_then(|b| VerifyingKey::from_bytes(&b).ok()) else {
        return false;
    };
    let Some(bytes) = parse_hex(signature).and_then(|b| <[u8; 64]>::try_from(b).ok()) else {
        return false;
    };
    public
        .verify(&message(seq, hash), &Signature::from_bytes(&bytes))
        .is_ok()
}

/// A public key given on the command line: 64 hex digits, or a file holding them.
pub fn public_key_from(given: &str) -> Result<String, AuditError> {
    let text = if parse_hex32(given.trim()).is_some() {
        given.trim().to_string()
    } else {
        std::fs::read_to_string(given)
            .map_err(|e| AuditError::Key {
                path: PathBuf::from(given),
                reason: format!("not 64 hex digits, and not a readable file: {e}"),
            })?
            .trim()
            .to_string()
    };
    parse_hex32(&text)
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        .map(|_| text.to_ascii_lowercase())
        .ok_or_else(|| AuditError::Key {
            path: PathBuf::from(given),
            reason: "not an ed25519 public key (64 hex digits)".into(),
        })
}

/// Creates `path` with `bytes`, readable and writable by its owner only; refuses to replace
/// a file that is already there.
pub(super) fn write_private_new(path: &Path, bytes: &[u8]) -> Result<(), AuditError> {
    use std::io::Write;
    let io = |e: std::io::Error| AuditError::Io {
        path: path.to_path_buf(),
        source: e,
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    Ok(())
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn parse_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

pub(super) fn parse_hex32(text: &str) -> Option<[u8; 32]> {
    parse_hex(text).and_then(|b| b.try_into().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_for_its_head_and_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let home = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.key");
        let public = CheckpointKey::generate(&path).unwrap();
        assert!(CheckpointKey::generate(&path).is_err(), "never overwritten");
        let key = CheckpointKey::load(&path, home.path(), 10).unwrap();
        assert_eq!(key.public_hex(), public);
        let signature = key.sign(7, "ab");
        assert!(verify_signature(&public, 7, "ab", &signature));
        assert!(!verify_signature(&public, 8, "ab", &signature));
        assert!(!verify_signature(&public, 7, "ac", &signature));
        let other = dir.path().join("other.key");
        let other_public = CheckpointKey::generate(&other).unwrap();
        assert!(!verify_signature(&other_public, 7, "ab", &signature));
        assert!(!verify_signature(&public, 7, "ab", "00"));
        assert_eq!(public_key_from(&public).unwrap(), public);
        let public_file = dir.path().join("audit.pub");
        std::fs::write(&public_file, format!("{public}\n")).unwrap();
        assert_eq!(
            public_key_from(public_file.to_str().unwrap()).unwrap(),
            public
        );
        assert!(public_key_from("nope").is_err());
    }

    #[test]
    fn a_key_inside_the_home_is_refused() {
        let home = tempfile::tempdir().unwrap();
        let path = home.path().join("audit.key");
        CheckpointKey::generate(&path).unwrap();
        let error = CheckpointKey::load(&path, home.path(), 10).unwrap_err();
        assert!(error.to_string().contains("inside the home"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_key_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        CheckpointKey::generate(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0);
    }
}
