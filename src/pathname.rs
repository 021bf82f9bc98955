//! File names are data from strangers: any byte sequence, on Unix. This module gives each one
//! a text form that never fails and never merges two names: UTF-8 is kept as it is, every
//! byte that is not UTF-8 becomes `\xNN`. Ids, JSON and pool files use that form.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The text form of a file name or path: UTF-8 as it is, other bytes as `\xNN`.
pub fn lossless(name: &OsStr) -> String {
    if let Some(text) = name.to_str() {
        return text.to_string();
    }
    let mut out = String::new();
    for chunk in raw_bytes(name).utf8_chunks() {
        out.push_str(chunk.valid());
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out
}

/// [`lossless`] for a path.
pub fn path_text(path: &Path) -> String {
    lossless(path.as_os_str())
}

#[cfg(unix)]
fn raw_bytes(name: &OsStr) -> &[u8] {
    use std::os::unix::ffi::OsStrExt;
    name.as_bytes()
}

#[cfg(not(unix))]
fn raw_bytes(name: &OsStr) -> &[u8] {
    name.as_encoded_bytes()
}

/// Serde for a `PathBuf` field written as its [`path_text`]: serializing never fails on a name
/// that is not UTF-8 (serde's own `Path` support does).
pub mod serde_path {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&path_text(path))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
        Ok(PathBuf::from(String::deserialize(deserializer)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_names_are_kept_and_other_bytes_escaped() {
        assert_eq!(lossless(OsStr::new("Ana Díaz.pdf")), "Ana Díaz.pdf");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let a = OsStr::from_bytes(b"cv-\xff\xfe.md");
            let b = OsStr::from_bytes(b"cv-\xfe\xff.md");
            assert_eq!(lossless(a), "cv-\\xFF\\xFE.md");
            assert_ne!(lossless(a), lossless(b), "two names never merge");
        }
    }
}
