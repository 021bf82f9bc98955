//! File names are data from strangers: any byte sequence, on Unix. This module gives each one
//! a text form that never fails and never merges two names: UTF-8 is kept as it is, every
//! byte that is not UTF-8 becomes `\xNN`, and (on Unix, where it is not a separator) a
//! backslash becomes `\\`, so the form can be read back ([`from_lossless`]) and a name
//! that spells `\xE9` never meets one that holds the byte 0xE9. Ids, JSON and pool files
//! use that form.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The text form of a file name or path: UTF-8 as it is (a backslash doubled on Unix),
/// other bytes as `\xNN`.
pub fn lossless(name: &OsStr) -> String {
    let mut out = String::new();
    for chunk in raw_bytes(name).utf8_chunks() {
        if cfg!(unix) {
            out.push_str(&chunk.valid().replace('\\', "\\\\"));
        } else {
            out.push_str(chunk.valid());
        }
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out
}

/// The name [`lossless`] made `text` from, or `None` when `text` is not such a form.
#[cfg(unix)]
#[cfg(test)]
pub(crate) fn from_lossless(text: &str) -> Option<std::ffi::OsString> {
    use std::os::unix::ffi::OsStringExt;
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        if first != b'\\' {
            bytes.push(first);
            rest = tail;
            continue;
        }
        match tail {
            [b'\\', more @ ..] => {
                bytes.push(b'\\');
                rest = more;
            }
            [b'x', hi, lo, more @ ..] => {
                let hex = std::str::from_utf8(&[*hi, *lo]).ok()?.to_string();
                bytes.push(u8::from_str_radix(&hex, 16).ok()?);
                rest = more;
            }
            _ => return None,
        }
    }
    Some(std::ffi::OsString::from_vec(bytes))
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
pub(crate) mod serde_path {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&path_text(path))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<PathBuf, D::Error> {
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

    #[cfg(unix)]
    #[test]
    fn a_name_that_spells_an_escape_never_meets_the_byte_and_every_form_reads_back() {
        use std::os::unix::ffi::OsStrExt;
        let spelled = OsStr::new("jos\\xE9.md");
        let byte = OsStr::from_bytes(b"jos\xE9.md");
        assert_ne!(lossless(spelled), lossless(byte));
        assert_eq!(lossless(spelled), "jos\\\\xE9.md");
        for name in [
            spelled,
            byte,
            OsStr::new("Ana Díaz.pdf"),
            OsStr::new("a\\\\b"),
            OsStr::from_bytes(b"\xff\\\xfe"),
        ] {
            assert_eq!(from_lossless(&lossless(name)).unwrap(), name, "{name:?}");
        }
        assert_eq!(from_lossless("bad\\q"), None);
    }
}
