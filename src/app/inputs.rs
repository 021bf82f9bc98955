//! Turning what a user points at into documents: files, the files of folders, and the lines
//! of a JSON-lines query file. What cannot be read becomes a [`FileError`]; the rest go on.

use std::path::{Path, PathBuf};

use crate::read::list_folder;
use crate::read::{document_from_text, quality, read_bounded, Document, FileError, Reader};

use super::AppError;

/// The largest `--queries` file read: many texts in one file, so above a document's cap, but
/// bounded (`--queries /dev/zero` or a runaway file stops here).
pub const MAX_QUERIES_BYTES: u64 = 64 * 1024 * 1024;

/// Documents to match, and the inputs that could not be read.
#[derive(Debug, Default)]
pub struct Inputs {
    pub documents: Vec<Document>,
    pub errors: Vec<FileError>,
}

impl Inputs {
    /// Files, the files of folders (recursively) and the lines of `queries`.
    /// Links in folders that lead out of them are refused unless `follow_links` is set.
    pub fn gather(
        reader: &Reader,
        paths: &[PathBuf],
        queries: Option<&Path>,
        follow_links: bool,
    ) -> Result<Inputs, AppError> {
        let mut files = Vec::new();
        let mut folder_errors = Vec::new();
        for path in paths {
            if path.is_dir() {
                let listed =
                    list_folder(path, follow_links).map_err(|source| AppError::Listing {
                        path: path.clone(),
                        source,
                    })?;
                folder_errors.extend(listed.refused);
                let listed = listed.files;
                if listed.is_empty() {
                    folder_errors.push(FileError {
                        file: path.clone(),
                        error: format!("{}: the folder holds no files to read", path.display()),
                        refused: true,
                    });
                }
                files.extend(listed.into_iter().map(|(_, p)| p));
            } else {
                files.push(path.clone());
            }
        }
        let (mut documents, mut errors) = read_files(reader, &files);
        errors.extend(folder_errors);
        if let Some(queries) = queries {
            let (more, bad) = read_queries(queries)?;
            documents.extend(more);
            errors.extend(bad);
        }
        Ok(Inputs { documents, errors })
    }

    /// "read 12, refused 2, failed 1".
    pub fn summary(&self) -> String {
        read_summary(self.documents.len(), &self.errors)
    }
}

/// "read 12, refused 2, failed 1" for `read` documents and the inputs that were not.
pub fn read_summary(read: usize, errors: &[FileError]) -> String {
    let refused = errors.iter().filter(|e| e.refused).count();
    format!(
        "read {read}, refused {refused}, failed {}",
        errors.len() - refused
    )
}

/// Reads every file; each failure becomes an error entry and the rest go on.
pub fn read_files(reader: &Reader, paths: &[PathBuf]) -> (Vec<Document>, Vec<FileError>) {
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match reader.read(path) {
            Ok(doc) => documents.push(doc),
            Err(e) => errors.push(FileError::from(&e)),
        }
    }
    (documents, errors)
}

/// One document per line of a JSON-lines file: `{"id": ..., "text": ...}` or a JSON string.
/// The file must be a regular file of at most [`MAX_QUERIES_BYTES`]; each text obeys the
/// document text caps.
pub fn read_queries(path: &Path) -> Result<(Vec<Document>, Vec<FileError>), AppError> {
    let bytes = read_bounded(path, MAX_QUERIES_BYTES).map_err(crate::Error::from)?;
    let text = String::from_utf8_lossy(&bytes);
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let name = format!("{}:{}", path.display(), n + 1);
        let refuse = |error: String, refused: bool| FileError {
            file: name.clone().into(),
            error,
            refused,
        };
        match parse_query(line, &name) {
            Ok((_, t)) if t.trim().is_empty() => errors.push(refuse("empty text".into(), true)),
            Ok((id, t)) => match quality::check_size(&t) {
                // Read now: "present" in its dates is this month (or the run's --as-of).
                Ok(()) => documents.push(document_from_text(&id, &t).received_now()),
                Err(problem) => errors.push(refuse(format!("refused: {problem}"), true)),
            },
            Err(e) => errors.push(refuse(e, false)),
        }
    }
    Ok((documents, errors))
}

/// The id and text of one query line; `name` is the id when the line gives none.
fn parse_query(line: &str, name: &str) -> Result<(String, String), String> {
    match serde_json::from_str::<serde_json::Value>(line) {
        Ok(serde_json::Value::String(t)) => Ok((name.to_string(), t)),
        Ok(serde_json::Value::Object(o)) => match o.get("text").and_then(|t| t.as_str()) {
            Some(t) => {
                let id = o.get("id").map_or(name.to_string(), |id| {
                    id.as_str().map_or_else(|| id.to_string(), str::to_string)
                });
                Ok((id, t.to_string()))
            }
            None => Err("no \"text\" field".to_string()),
        },
        Ok(_) => Err("expected an object with \"text\" or a string".to_string()),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_lines_become_documents_or_named_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("q.jsonl");
        std::fs::write(
            &path,
            "{\"id\": \"a\", \"text\": \"Python engineer\"}\n\"Go engineer\"\n\n{\"title\": \"x\"}\n\"  \"\nnot json\n",
        )
        .unwrap();
        let (docs, errors) = read_queries(&path).unwrap();
        let ids: Vec<String> = docs
            .iter()
            .map(|d| d.path().display().to_string())
            .collect();
        assert_eq!(ids, vec!["a".to_string(), format!("{}:2", path.display())]);
        let files: Vec<String> = errors
            .iter()
            .map(|e| e.file.display().to_string())
            .collect();
        assert_eq!(
            files,
            vec![
                format!("{}:4", path.display()),
                format!("{}:5", path.display()),
                format!("{}:6", path.display())
            ]
        );
        assert_eq!(
            errors.iter().map(|e| e.refused).collect::<Vec<_>>(),
            vec![false, true, false]
        );
    }
}
