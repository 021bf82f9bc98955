//! Uploaded files: read from a multipart body with size caps, parsed by the same sandboxed
//! reader as files on disk, and never kept anywhere but the pool. Each file is written to a
//! private temporary folder only for the parser child to read, and removed right after; no
//! name from the client ever becomes a path outside that folder.

use std::path::{Path, PathBuf};

use axum::extract::multipart::{Field, Multipart};

use super::errors::ApiError;
use crate::read::{Document, FileError, ReadError, Reader};

/// One uploaded file, still bytes.
pub struct Upload {
    /// The client's file name, checked by [`candidate_id`].
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The parts of a multipart body: files under `file`, every other field as text.
#[derive(Default)]
pub struct Form {
    pub files: Vec<Upload>,
    /// Files over the per-file cap, with the reason (a batch goes on without them).
    pub too_large: Vec<FileError>,
    pub fields: Vec<(String, String)>,
}

impl Form {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads every part of `multipart`; a file over `max_file_bytes` is listed as too large and
/// the others are kept.
pub async fn read_form(mut multipart: Multipart, max_file_bytes: u64) -> Result<Form, ApiError> {
    let mut form = Form::default();
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("upload").to_string();
            match read_capped(field, max_file_bytes).await? {
                Some(bytes) => form.files.push(Upload {
                    name: file_name,
                    bytes,
                }),
                None => form.too_large.push(FileError {
                    file: PathBuf::from(&file_name),
                    error: format!(
                        "{file_name}: over the {max_file_bytes}-byte limit for one file"
                    ),
                    refused: true,
                }),
            }
        } else {
            let text = field.text().await.map_err(multipart_error)?;
            form.fields.push((name, text));
        }
    }
    Ok(form)
}

/// The field's bytes, or `None` once they pass `max` (the rest is drained, not kept).
async fn read_capped(mut field: Field<'_>, max: u64) -> Result<Option<Vec<u8>>, ApiError> {
    let mut bytes = Vec::new();
    let mut over = false;
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        if over {
            continue;
        }
        if (bytes.len() + chunk.len()) as u64 > max {
            over = true;
            bytes = Vec::new();
            continue;
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok((!over).then_some(bytes))
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> ApiError {
    let status = e.status();
    if status == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::too_large("the request is over the server's size limit")
    } else {
        ApiError::new(
            status,
            "bad_request",
            format!("bad multipart body: {}", e.body_text()),
        )
    }
}

/// The id an uploaded file gets in a pool: its plain file name. Paths, hidden names, control
/// characters and over-long names are refused, so an id can never reach the file system.
pub fn candidate_id(name: &str) -> Result<String, String> {
    let name = name.trim();
    let plain = !name.is_empty()
        && name.len() <= 255
        && !name.starts_with('.')
        && !name.contains(['/', '\\'])
        && !name.chars().any(char::is_control);
    if plain {
        Ok(name.to_string())
    } else {
        Err(format!(
            "'{}': not a plain file name (no folders, no leading dot, at most 255 bytes)",
            crate::output::terminal_safe(name)
        ))
    }
}

/// Parses an upload with `reader` (the sandboxed child for PDF and Office files) through a
/// temporary file under `scratch` that is removed before this returns. The document is named
/// `id`.
pub fn parse(
    reader: &Reader,
    scratch: &Path,
    id: &str,
    bytes: &[u8],
) -> Result<Document, ReadError> {
    let folder = tempfile::Builder::new()
        .prefix("upload-")
        .tempdir_in(scratch)
        .map_err(|cause| ReadError::Io {
            path: PathBuf::from(id),
            cause,
        })?;
    // The id is a checked plain name; keeping its extension lets the reader tell HTML and
    // Markdown from plain text as it does on disk.
    let path = folder.path().join(id);
    std::fs::write(&path, bytes).map_err(|cause| ReadError::Io {
        path: PathBuf::from(id),
        cause,
    })?;
    let read = reader.read(&path);
    drop(folder);
    match read {
        Ok(doc) => Ok(Document::new(PathBuf::from(id), doc.text().to_string())),
        Err(e) => Err(rename(e, id)),
    }
}

/// The same error, naming the upload instead of the temporary file.
fn rename(error: ReadError, id: &str) -> ReadError {
    let name = PathBuf::from(id);
    match error {
        ReadError::NotFound { .. } => ReadError::NotFound { path: name },
        ReadError::IsDirectory { .. } => ReadError::IsDirectory { path: name },
        ReadError::NotRegularFile { .. } => ReadError::NotRegularFile { path: name },
        ReadError::Empty { .. } => ReadError::Empty { path: name },
        ReadError::NoText { .. } => ReadError::NoText { path: name },
        ReadError::Binary { .. } => ReadError::Binary { path: name },
        ReadError::UnsupportedFormat { advice, .. } => {
            ReadError::UnsupportedFormat { path: name, advice }
        }
        ReadError::TooLarge { size, max, .. } => ReadError::TooLarge {
            path: name,
            size,
            max,
        },
        ReadError::Extract { cause, .. } => ReadError::Extract { path: name, cause },
        ReadError::Isolation { cause, .. } => ReadError::Isolation { path: name, cause },
        ReadError::Quality { problem, .. } => ReadError::Quality {
            path: name,
            problem,
        },
        ReadError::Io { cause, .. } => ReadError::Io { path: name, cause },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_become_ids() {
        assert_eq!(candidate_id(" ana.pdf ").unwrap(), "ana.pdf");
        for bad in [
            "",
            "../x.md",
            "a/b.md",
            "a\\b.md",
            ".hidden",
            "a\nb.md",
            &"x".repeat(300),
        ] {
            assert!(candidate_id(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn an_upload_is_read_under_its_own_name_and_leaves_no_file() {
        let reader = Reader::in_process();
        let scratch = tempfile::tempdir().unwrap();
        let doc = parse(
            &reader,
            scratch.path(),
            "cv.md",
            b"# Ana\nPython and PyTorch engineer",
        )
        .unwrap();
        assert_eq!(doc.path(), Path::new("cv.md"));
        let err = parse(&reader, scratch.path(), "empty.md", b"").unwrap_err();
        assert_eq!(err.path(), Path::new("empty.md"));
        assert!(err.to_string().starts_with("empty.md: "), "{err}");
        assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 0);
    }
}
