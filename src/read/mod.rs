//! Reading resumes and job texts from disk into a [`Document`], refusing what cannot be read
//! with an error that names the file.

mod document;
mod passages;

pub use document::Document;
pub use passages::passages;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Files larger than this are refused: no resume is 5 MiB of text.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// Why a file could not be read. Every message names the file.
#[derive(Debug, Error)]
pub enum ReadError {
    #[error("{}: no such file", .path.display())]
    NotFound { path: PathBuf },
    #[error("{}: is a directory, not a file", .path.display())]
    IsDirectory { path: PathBuf },
    #[error("{}: the file is empty", .path.display())]
    Empty { path: PathBuf },
    #[error("{}: holds no text (only whitespace)", .path.display())]
    NoText { path: PathBuf },
    #[error("{}: looks like a binary file, not text", .path.display())]
    Binary { path: PathBuf },
    #[error("{}: {format} files are not supported yet; save the resume as plain text or Markdown", .path.display())]
    UnsupportedFormat { path: PathBuf, format: &'static str },
    #[error("{}: invalid UTF-8 at byte {offset}; save the file as UTF-8", .path.display())]
    InvalidUtf8 { path: PathBuf, offset: usize },
    #[error("{}: {size} bytes is over the {max}-byte limit", .path.display())]
    TooLarge { path: PathBuf, size: u64, max: u64 },
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl ReadError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ReadError::NotFound { path }
            | ReadError::IsDirectory { path }
            | ReadError::Empty { path }
            | ReadError::NoText { path }
            | ReadError::Binary { path }
            | ReadError::UnsupportedFormat { path, .. }
            | ReadError::InvalidUtf8 { path, .. }
            | ReadError::TooLarge { path, .. }
            | ReadError::Io { path, .. } => path,
        }
    }
}

/// A file that could not be processed, and why; batches collect these and go on.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileError {
    pub file: PathBuf,
    pub error: String,
}

/// Reads a plain-text or Markdown file into a [`Document`].
pub fn read_document(path: &Path) -> Result<Document, ReadError> {
    let bytes = read_bounded(path)?;
    let text = decode_text(path, &bytes)?;
    if text.trim().is_empty() {
        return Err(ReadError::NoText {
            path: path.to_path_buf(),
        });
    }
    Ok(Document::new(path.to_path_buf(), text))
}

/// Wraps text that did not come from a file (a job posting passed inline, a test).
pub fn document_from_text(name: &str, text: &str) -> Document {
    Document::new(PathBuf::from(name), text.to_string())
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, ReadError> {
    let io_err = |source: std::io::Error| match source.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound {
            path: path.to_path_buf(),
        },
        _ => ReadError::Io {
            path: path.to_path_buf(),
            source,
        },
    };
    let meta = fs::metadata(path).map_err(io_err)?;
    if meta.is_dir() {
        return Err(ReadError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            max: MAX_FILE_BYTES,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    fs::File::open(path)
        .map_err(io_err)?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            max: MAX_FILE_BYTES,
        });
    }
    if bytes.is_empty() {
        return Err(ReadError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(bytes)
}

fn decode_text(path: &Path, bytes: &[u8]) -> Result<String, ReadError> {
    if let Some(format) = known_binary_format(bytes) {
        return Err(ReadError::UnsupportedFormat {
            path: path.to_path_buf(),
            format,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(ReadError::Binary {
            path: path.to_path_buf(),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ReadError::InvalidUtf8 {
        path: path.to_path_buf(),
        offset: e.valid_up_to(),
    })?;
    let control = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if control * 20 > text.chars().count() {
        return Err(ReadError::Binary {
            path: path.to_path_buf(),
        });
    }
    Ok(text.replace("\r\n", "\n"))
}

fn known_binary_format(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF") {
        Some("PDF")
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some("ZIP-based (DOCX, ODT)")
    } else if bytes.starts_with(b"{\\rtf") {
        Some("RTF")
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some("legacy Word (DOC)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn reads_text_and_strips_bom_and_crlf() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "a.txt", b"\xEF\xBB\xBFline one\r\nline two\r\n");
        let doc = read_document(&p).unwrap();
        assert_eq!(doc.text(), "line one\nline two\n");
        assert_eq!(doc.line_count(), 2);
    }

    #[test]
    fn each_bad_input_gets_its_own_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        type IsExpected = fn(&ReadError) -> bool;
        let cases: Vec<(PathBuf, IsExpected)> = vec![
            (dir.path().join("missing.txt"), |e| {
                matches!(e, ReadError::NotFound { .. })
            }),
            (dir.path().to_path_buf(), |e| {
                matches!(e, ReadError::IsDirectory { .. })
            }),
            (write(dir.path(), "empty.txt", b""), |e| {
                matches!(e, ReadError::Empty { .. })
            }),
            (write(dir.path(), "blank.txt", b" \n\t\n"), |e| {
                matches!(e, ReadError::NoText { .. })
            }),
            (write(dir.path(), "bin.txt", b"ab\0\x01\x02cd"), |e| {
                matches!(e, ReadError::Binary { .. })
            }),
            (write(dir.path(), "latin1.txt", b"caf\xe9 au lait"), |e| {
                matches!(e, ReadError::InvalidUtf8 { offset: 3, .. })
            }),
            (write(dir.path(), "cv.pdf", b"%PDF-1.7\n..."), |e| {
                matches!(e, ReadError::UnsupportedFormat { .. })
            }),
        ];
        for (path, is_expected) in cases {
            let err = read_document(&path).unwrap_err();
            assert!(is_expected(&err), "{}: unexpected {err:?}", path.display());
            assert_eq!(err.path(), path.as_path());
            assert!(err.to_string().contains(&path.display().to_string()));
        }
    }
}
