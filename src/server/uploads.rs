//! Uploaded files: streamed from a multipart body straight to disk (each in a private
//! temporary folder, under a per-file cap and a budget for all requests together), parsed by
//! the same sandboxed reader as files on disk, and removed once read; they are never kept
//! anywhere but the pool. No name from the client ever becomes a path outside that folder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::multipart::{Field, Multipart};

use super::errors::ApiError;
use super::limits::{ByteBudget, Held};
use crate::read::{Document, FileError, ReadError, Reader};

/// One uploaded file, on disk under its checked name; the file goes when this is dropped.
pub(crate) struct Upload {
    /// The candidate id: the client's file name, checked by [`candidate_id`].
    pub id: String,
    folder: tempfile::TempDir,
}

impl Upload {
    /// The file, named as the client named it (so the reader tells Markdown and HTML from
    /// plain text by the extension, as on disk).
    pub fn path(&self) -> PathBuf {
        self.folder.path().join(&self.id)
    }
}

/// The parts of a multipart body: files under `file`, every other field as text.
#[derive(Default)]
pub(crate) struct Form {
    pub files: Vec<Upload>,
    /// Files over the per-file cap (a batch goes on without them).
    pub too_large: Vec<FileError>,
    /// Files without a usable name, or a second file of the same name (likewise).
    pub refused: Vec<FileError>,
    pub fields: Vec<(String, String)>,
    /// The upload bytes this form holds from the server's budget.
    _held: Held,
}

impl Form {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Where uploads go and how much they may hold.
pub(crate) struct UploadRoom<'a> {
    pub scratch: &'a Path,
    pub max_file_bytes: u64,
    pub budget: &'a Arc<ByteBudget>,
}

/// Reads every part of `multipart`, writing files to disk as they arrive. A file over the
/// per-file cap, without a usable name or with a name already sent is left out and the others
/// are kept; when the server's upload budget is spent the request is answered 503.
pub(crate) async fn read_form(
    mut multipart: Multipart,
    room: &UploadRoom<'_>,
) -> Result<Form, ApiError> {
    let mut form = Form::default();
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        if name != "file" {
            let text = field.text().await.map_err(multipart_error)?;
            form.fields.push((name, text));
            continue;
        }
        // No name, or one that is not UTF-8, stays empty and is refused by the name check: a
        // made-up name would let two such uploads replace each other.
        let file_name = field.file_name().unwrap_or_default().to_string();
        let refuse = |error: String| FileError {
            file: PathBuf::from(&file_name),
            error,
            refused: true,
        };
        let id = match candidate_id(&file_name) {
            Ok(id) if form.files.iter().any(|f| f.id == id) => Err(format!(
                "{id}: another file in this upload has the same name and would replace it; rename one of them"
            )),
            other => other,
        };
        let id = match id {
            Ok(id) => id,
            Err(reason) => {
                drain(&mut field).await?;
                form.refused.push(refuse(reason));
                continue;
            }
        };
        match write_capped(&mut field, &id, room, &mut form._held).await? {
            Some(upload) => form.files.push(upload),
            None => form.too_large.push(refuse(format!(
                "{id}: over the {}-byte limit for one file",
                room.max_file_bytes
            ))),
        }
    }
    Ok(form)
}

/// Streams the field to `scratch/upload-XXXX/id`, or returns `None` once it passes the cap
/// (the rest is read and dropped).
async fn write_capped(
    field: &mut Field<'_>,
    id: &str,
    room: &UploadRoom<'_>,
    held: &mut Held,
) -> Result<Option<Upload>, ApiError> {
    let io = |e: std::io::Error| {
        ApiError::new(
            axum::http::StatusCode::INSUFFICIENT_STORAGE,
            "no_space",
            format!("{id}: the upload could not be stored for reading: {e}"),
        )
    };
    let folder = tempfile::Builder::new()
        .prefix("upload-")
        .tempdir_in(room.scratch)
        .map_err(io)?;
    let upload = Upload {
        id: id.to_string(),
        folder,
    };
    let mut file = std::fs::File::create(upload.path()).map_err(io)?;
    let mut written = 0u64;
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        written += chunk.len() as u64;
        if written > room.max_file_bytes {
            drop(file);
            drain(field).await?;
            return Ok(None);
        }
        if !room.budget.take(held, chunk.len() as u64) {
            return Err(ApiError::busy(
                "the server is receiving as many uploads as it can hold; try again in a moment",
            ));
        }
        file.write_all(&chunk).map_err(io)?;
    }
    Ok(Some(upload))
}

/// Reads the rest of a field without keeping it.
async fn drain(field: &mut Field<'_>) -> Result<(), ApiError> {
    while field.chunk().await.map_err(multipart_error)?.is_some() {}
    Ok(())
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
    if name.is_empty() {
        return Err(
            "an uploaded file has no file name (or one that is not UTF-8): rename it and upload it again"
                .into(),
        );
    }
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

/// Parses an upload with `reader` (the sandboxed child for PDF and Office files); the
/// document and any error are named by the upload's id. The file is removed when `upload` is
/// dropped.
pub fn parse(reader: &Reader, upload: &Upload) -> Result<Document, ReadError> {
    match reader.read(&upload.path()) {
        // Named by the upload's id; the month it was received stays.
        Ok(doc) => Ok(doc.with_path(PathBuf::from(&upload.id))),
        Err(e) => Err(rename(e, &upload.id)),
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

    fn upload(scratch: &Path, id: &str, bytes: &[u8]) -> Upload {
        let folder = tempfile::Builder::new()
            .prefix("upload-")
            .tempdir_in(scratch)
            .unwrap();
        let upload = Upload {
            id: id.to_string(),
            folder,
        };
        std::fs::write(upload.path(), bytes).unwrap();
        upload
    }

    #[test]
    fn an_upload_is_read_under_its_own_name_and_leaves_no_file() {
        let reader = Reader::in_process();
        let scratch = tempfile::tempdir().unwrap();
        let cv = upload(
            scratch.path(),
            "cv.md",
            b"# Ana\nPython and PyTorch engineer",
        );
        let doc = parse(&reader, &cv).unwrap();
        assert_eq!(doc.path(), Path::new("cv.md"));
        let empty = upload(scratch.path(), "empty.md", b"");
        let err = parse(&reader, &empty).unwrap_err();
        assert_eq!(err.path(), Path::new("empty.md"));
        assert!(err.to_string().starts_with("empty.md: "), "{err}");
        drop((cv, empty));
        assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 0);
    }
}
