//! Reading resumes and job texts from disk into a [`Document`]: the format is sniffed from the
//! content, PDF, DOCX/ODT, RTF, legacy Word (DOC) and HTML are parsed (in a child process when
//! the [`Reader`] is isolated), text encodings are detected, and the result is checked before
//! anyone scores it. Every error names the file.

pub mod decode;
mod doc;
mod document;
pub mod extract;
mod extract_error;
mod folder;
pub mod format;
mod front_matter;
mod html;
mod js_data;
mod json_text;
mod latex_text;
mod layout_repair;
mod markdown;
pub mod normalize;
mod office;
mod org_text;
mod passages;
mod pdf;
mod pdf_lines;
pub mod quality;
pub mod received;
mod rtf;
mod running_lines;
pub mod sandbox;
pub mod sections;
mod template_tags;

pub use document::Document;
pub use extract::ExtractError;
pub use folder::{list_folder, Listing};
pub use format::Format;
pub use passages::passages;
pub use quality::QualityProblem;
pub use sandbox::{ChildCommand, Limits, SandboxError};

use format::Sniffed;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Files larger than this are refused: a resume, even a PDF with a photo, is far smaller.
pub(crate) const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a file could not be read. Every message names the file.
#[derive(Debug, Error)]
pub enum ReadError {
    #[error("{}: no such file", .path.display())]
    NotFound { path: PathBuf },
    #[error("{}: is a directory, not a file", .path.display())]
    IsDirectory { path: PathBuf },
    #[error("{}: not a regular file (a FIFO, socket or device): skipped", .path.display())]
    NotRegularFile { path: PathBuf },
    #[error("{}: the file is empty", .path.display())]
    Empty { path: PathBuf },
    #[error("{}: holds no text (only whitespace)", .path.display())]
    NoText { path: PathBuf },
    #[error("{}: looks like a binary file, not text", .path.display())]
    Binary { path: PathBuf },
    #[error("{}: {advice}", .path.display())]
    UnsupportedFormat { path: PathBuf, advice: &'static str },
    #[error("{}: {size} bytes is over the {max}-byte limit", .path.display())]
    TooLarge { path: PathBuf, size: u64, max: u64 },
    #[error("{}: {cause}", .path.display())]
    Extract { path: PathBuf, cause: ExtractError },
    #[error("{}: {cause}", .path.display())]
    Isolation { path: PathBuf, cause: SandboxError },
    #[error("{}: refused: {problem}", .path.display())]
    Quality {
        path: PathBuf,
        problem: QualityProblem,
    },
    #[error("{}: {cause}", .path.display())]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
}

impl ReadError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ReadError::NotFound { path }
            | ReadError::IsDirectory { path }
            | ReadError::NotRegularFile { path }
            | ReadError::Empty { path }
            | ReadError::NoText { path }
            | ReadError::Binary { path }
            | ReadError::UnsupportedFormat { path, .. }
            | ReadError::TooLarge { path, .. }
            | ReadError::Extract { path, .. }
            | ReadError::Isolation { path, .. }
            | ReadError::Quality { path, .. }
            | ReadError::Io { path, .. } => path,
        }
    }

    /// True when the file was read and turned down on purpose (unsupported, encrypted, scanned,
    /// too large, empty or garbled), false when reading or parsing it failed.
    pub fn is_refusal(&self) -> bool {
        match self {
            ReadError::NotFound { .. } | ReadError::Io { .. } | ReadError::Isolation { .. } => {
                false
            }
            ReadError::Extract { cause, .. } => cause.is_refusal(),
            _ => true,
        }
    }
}

/// A file that could not be processed, and why; batches collect these and go on.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct FileError {
    #[serde(with = "crate::pathname::serde_path")]
    #[schema(value_type = String)]
    pub file: PathBuf,
    pub error: String,
    /// True when the file was turned down on purpose rather than failing to parse.
    pub refused: bool,
}

impl From<&ReadError> for FileError {
    fn from(e: &ReadError) -> Self {
        FileError {
            file: e.path().to_path_buf(),
            error: e.to_string(),
            refused: e.is_refusal(),
        }
    }
}

/// A script module's literals of data, read as JSON is, and the rest of its source without
/// its code; `None` for any other file, or a script without data.
/// A script's data, if it holds any, and the rest of it without its code; a component that
/// holds no data but JSX markup (`return (<section>…</section>)`) is its markup without its
/// code (`import React…`, `return (`). `None` for any other file.
fn script_data(path: &Path, body: &str) -> Option<(Option<String>, String)> {
    if !format::is_script(path) {
        return None;
    }
    match js_data::split(body, front_matter::is_prose) {
        Some((data, rest)) => Some((Some(data), rest)),
        None => js_data::holds_markup(body).then(|| (None, js_data::without_code(body))),
    }
}

/// The text of a decoded file without its front matter, and without its code where it is a
/// PHP page.
fn page_body<'t>(path: &Path, body: &'t str) -> std::borrow::Cow<'t, str> {
    if format::is_php(path) {
        template_tags::php_page(body)
    } else {
        std::borrow::Cow::Borrowed(body)
    }
}

/// The part of a decoded file its markup parser reads: without front matter and PHP code,
/// and without a script's literals of data and code (read on their own).
pub(crate) fn markup_body(path: &Path, text: &str) -> String {
    let body = page_body(path, front_matter::lift(text).1);
    script_data(path, &body).map_or_else(|| body.to_string(), |(_, rest)| rest)
}

/// Reads documents of every supported format; PDF, DOCX/ODT, RTF, DOC and HTML parsing runs in a child
/// process when the reader is [`Reader::isolated`].
#[derive(Debug, Clone, Default)]
pub struct Reader {
    isolation: Option<(ChildCommand, Limits)>,
}

impl Reader {
    /// Parses every format in this process (library default; tests and fuzzing).
    pub fn in_process() -> Self {
        Reader { isolation: None }
    }

    /// Parses PDF, DOCX/ODT, RTF, DOC and HTML in a child started by `command`, under `limits`.
    pub fn isolated(command: ChildCommand, limits: Limits) -> Self {
        Reader {
            isolation: Some((command, limits)),
        }
    }

    /// Reads `path` into a checked [`Document`].
    pub fn read(&self, path: &Path) -> Result<Document, ReadError> {
        let bytes = read_bounded(path, MAX_FILE_BYTES)?;
        let at = |cause: ExtractError| ReadError::Extract {
            path: path.to_path_buf(),
            cause,
        };
        let (format, text) = match format::sniff(&bytes) {
            Sniffed::Unsupported(advice) => {
                return Err(ReadError::UnsupportedFormat {
                    path: path.to_path_buf(),
                    advice,
                })
            }
            Sniffed::Parsed(format) => (format, self.extract(format, path, &bytes)?),
            Sniffed::MaybeText => {
                let decoded = decode::decode(&bytes).map_err(|_| ReadError::Binary {
                    path: path.to_path_buf(),
                })?;
                let (front, body) = front_matter::lift(&decoded.text);
                let body = page_body(path, body);
                let script = script_data(path, &body);
                let (data, body) = match &script {
                    Some((data, rest)) => (data.as_deref(), rest.as_str()),
                    None => (None, &*body),
                };
                let json = json_text::to_text(body).or_else(|| {
                    format::is_yaml(path)
                        .then(|| json_text::yaml_to_text(body))
                        .flatten()
                });
                let latex = json.is_none().then(|| latex_text::to_text(body)).flatten();
                let (format, text) = match format::text_format(path, body) {
                    // A JSON (or YAML) resume or posting is read as the text it renders to,
                    // whose fields may be Markdown ("in [Go](https://go.dev)").
                    _ if json.is_some() => (
                        Format::Markdown,
                        markdown::as_rendered(&json.unwrap_or_default()),
                    ),
                    // So is a LaTeX resume's source.
                    _ if latex.is_some() => (Format::Markdown, latex.unwrap_or_default()),
                    // And an Org-mode one.
                    _ if format::is_org(path) => (
                        Format::Markdown,
                        markdown::as_rendered(&org_text::to_text(body)),
                    ),
                    Format::Html => (
                        Format::Html,
                        self.extract(Format::Html, path, body.as_bytes())?,
                    ),
                    Format::Markdown => (Format::Markdown, markdown::as_rendered(body)),
                    other => (other, body.to_string()),
                };
                // The page first (its header names the person), then the data it shows.
                let text = match data {
                    Some(data) if text.trim().is_empty() => markdown::as_rendered(data),
                    Some(data) => format!("{}\n\n{}", text.trim_end(), markdown::as_rendered(data)),
                    None => text,
                };
                (format, front_matter::around(front, text))
            }
        };
        let refuse = |problem| ReadError::Quality {
            path: path.to_path_buf(),
            problem,
        };
        quality::check_size(&text).map_err(refuse)?;
        let text = if format == Format::Pdf {
            layout_repair::repair(&normalize::normalize(&tidy_extracted(&text)))
        } else if format.is_laid_out() {
            normalize::normalize(&tidy_extracted(&text))
        } else {
            normalize::normalize(&text)
        };
        if text.trim().is_empty() {
            return Err(if format.is_laid_out() {
                at(ExtractError::NoText)
            } else {
                ReadError::NoText {
                    path: path.to_path_buf(),
                }
            });
        }
        quality::check(&text, format.is_laid_out()).map_err(refuse)?;
        Ok(Document::new(path.to_path_buf(), text).received_now())
    }

    fn extract(&self, format: Format, path: &Path, bytes: &[u8]) -> Result<String, ReadError> {
        let result = match &self.isolation {
            Some((command, limits)) if format.needs_isolation() => {
                sandbox::extract_isolated(command, *limits, format, path).map_err(|cause| {
                    ReadError::Isolation {
                        path: path.to_path_buf(),
                        cause,
                    }
                })?
            }
            _ => extract::extract(format, bytes),
        };
        result.map_err(|cause| ReadError::Extract {
            path: path.to_path_buf(),
            cause,
        })
    }
}

/// Reads a file of any supported format, parsing in this process.
pub fn read_document(path: &Path) -> Result<Document, ReadError> {
    Reader::in_process().read(path)
}

/// Wraps text that did not come from a file (a job posting passed inline, a test), with its
/// front matter lifted, its Markdown links read as their text and normalized, as a file's
/// text is.
pub fn document_from_text(name: &str, text: &str) -> Document {
    let (front, body) = front_matter::lift(text);
    // Pasted text is read as a Markdown file is: a link is its text.
    let body = markdown::as_rendered(&json_text::to_text(body).unwrap_or_else(|| body.to_string()));
    let text = front_matter::around(front, body);
    Document::new(PathBuf::from(name), normalize::normalize(&text))
}

/// Layout leftovers: page breaks and runs of blank lines (characters are left to
/// [`normalize::normalize`]).
fn tidy_extracted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.split(['\n', '\u{c}']) {
        let line = line.trim_end();
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The bytes of the regular file at `path`, at most `max` of them. What is not a regular file
/// (a FIFO, a socket, a device) is refused from its metadata, before anything opens it, so a
/// FIFO can never hang a batch; an empty file is refused too.
pub(crate) fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let io_err = |cause: std::io::Error| match cause.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound {
            path: path.to_path_buf(),
        },
        _ => ReadError::Io {
            path: path.to_path_buf(),
            cause,
        },
    };
    let meta = fs::metadata(path).map_err(io_err)?;
    if meta.is_dir() {
        return Err(ReadError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegularFile {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            max,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    fs::File::open(path)
        .map_err(io_err)?
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            max,
        });
    }
    if bytes.is_empty() {
        return Err(ReadError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(bytes)
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
    fn a_yaml_resume_is_read_only_when_named_so_and_its_markdown_is_rendered() {
        let dir = tempfile::tempdir().unwrap();
        let yaml = "cv:\n  name: Ana Díaz\n  sections:\n    experience:\n      - company: Acme\n        \
            position: Engineer\n        highlights:\n          - Built services in [Go](https://go.dev)\n";
        let read = read_document(&write(dir.path(), "cv.yaml", yaml.as_bytes())).unwrap();
        assert!(read.text().starts_with("# Ana Díaz"), "{}", read.text());
        assert!(
            read.text().contains("- Built services in [Go]"),
            "{}",
            read.text()
        );
        assert!(!read.text().contains("cv:") && !read.text().contains("https://go.dev"));
        // The same text named as a text file is text.
        let read = read_document(&write(dir.path(), "cv.txt", yaml.as_bytes())).unwrap();
        assert!(read.text().starts_with("cv:"), "{}", read.text());
    }

    #[test]
    fn a_component_and_a_php_page_read_as_their_markup_not_their_code() {
        let dir = tempfile::tempdir().unwrap();
        let jsx = "import React from \"react\"\n\nexport default function Barista() {\n  return (\n\
            <section className=\"who\">\n<h2><span>Barista / All Rounder</span></h2>\n\
            <div className=\"content\">\n<p>We are looking for a friendly new member of our coffee shop team, ready to join the day-to-day running of the shop.</p>\n<ul>\n<li>15 - 25 hours per week</li>\n<li>Shifts from 6-10 hours</li>\n</ul>\n</div>\n<p>Mail us{\" \"}<a href=\"mailto:jobs@been.coffee\">here</a></p>\n\
            </section>\n  )\n}\n";
        let read = read_document(&write(dir.path(), "Barista.js", jsx.as_bytes())).unwrap();
        let text = read.text();
        assert!(text.starts_with("## Barista / All Rounder"), "{text}");
        for code in ["import", "React", "function", "return", ")", "{\""] {
            assert!(!text.contains(code), "{code} in {text}");
        }
        assert!(text.contains("Mail us [here]"), "{text}");
        // A component whose markup is a description list is a page too.
        let dl = "import Layout from '../components/Layout'\nfunction Teacher() {\n    return (\n\
            <Layout title=\"Teacher\">\n<div className={classes.root}>\n<h2>Experience</h2>\n<dl>\n\
            <dt>Hezhou College</dt>\n<dd className=\"date\">2010&mdash;2011</dd>\n\
            <dd>ESL teacher, lecturer on Intercultural Communication to classes of forty students; wrote the course's \
            lesson plans, tests and class materials.</dd>\n\
            </dl>\n</div>\n</Layout>\n    )\n}\nexport default Teacher\n";
        let read = read_document(&write(dir.path(), "teacher.js", dl.as_bytes())).unwrap();
        assert!(read.text().contains("## Experience\n"), "{}", read.text());
        assert!(!read.text().contains("<dd"), "{}", read.text());
        let php = "<?php\n$this->extend(\"/layouts/layout\");\n$this->title = \"Jobs\";\n?>\n\
            <?php $this->define(\"content\"); ?>\n<h3>Registered Nurse</h3>\n<p>Care for the patients \
            of our emergency room and intensive care unit, day and night, with a team of twelve.</p>\n<ul>\n<li>Georgia RN licence</li>\n<li>BLS and ACLS</li>\n</ul>\n\
            <?php $this->end(); ?>\n";
        let read = read_document(&write(dir.path(), "jobs.php", php.as_bytes())).unwrap();
        let text = read.text();
        assert!(
            text.trim_start().starts_with("### Registered Nurse"),
            "{text}"
        );
        assert!(
            !text.contains("extend") && !text.contains("end()"),
            "{text}"
        );
        // Only a PHP page's code is taken out: a PHP developer's resume names the tag, and a
        // script without markup keeps its strings.
        let md = "# Ana\n\n## Summary\nI start every file with <?php and never close it.\n\n\
            ## Experience\nPHP Developer, Acme, 2019 - 2024\n- Built Laravel services for \
            the billing team.\n";
        let read = read_document(&write(dir.path(), "ana.md", md.as_bytes())).unwrap();
        assert!(
            read.text().contains("PHP Developer, Acme"),
            "{}",
            read.text()
        );
        let script = "const doc = new jsPDF();\ndoc.text(\"Data Engineer, Initech, Mar 2019 - \
            Present: built Kafka pipelines and Airflow jobs for the finance team\", 10, 30);\n\
            doc.save(\"cv.pdf\");\n";
        let read = read_document(&write(dir.path(), "cv.js", script.as_bytes())).unwrap();
        assert!(read.text().contains("Kafka pipelines"), "{}", read.text());
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
    fn latin1_is_decoded_and_laid_out_text_is_tidied() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "latin1.txt", b"caf\xe9 au lait");
        assert_eq!(read_document(&p).unwrap().text(), "café au lait");
        assert_eq!(
            normalize::normalize(&tidy_extracted(
                "\n\nA\u{a0}B  \n\n\n\nsoft\u{ad}ware\u{c}next"
            )),
            "A B\n\nsoftware\nnext\n"
        );
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
            (write(dir.path(), "cv.pdf", b"%PDF-1.7\n..."), |e| {
                matches!(
                    e,
                    ReadError::Extract {
                        cause: ExtractError::Malformed { .. },
                        ..
                    }
                )
            }),
            (write(dir.path(), "cv.png", b"\x89PNG\r\n\x1a\n"), |e| {
                matches!(e, ReadError::UnsupportedFormat { .. })
            }),
            (
                write(
                    dir.path(),
                    "cv.doc",
                    b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 broken",
                ),
                |e| {
                    matches!(
                        e,
                        ReadError::Extract {
                            cause: ExtractError::Malformed { .. },
                            ..
                        }
                    )
                },
            ),
            (write(dir.path(), "cv.docx", b"PK\x03\x04 broken"), |e| {
                matches!(
                    e,
                    ReadError::Extract {
                        cause: ExtractError::Malformed { .. },
                        ..
                    }
                )
            }),
            (
                write(dir.path(), "cv.html", b"<html><body><p> </p></body></html>"),
                |e| {
                    matches!(
                        e,
                        ReadError::Extract {
                            cause: ExtractError::NoText,
                            ..
                        }
                    )
                },
            ),
        ];
        for (path, is_expected) in cases {
            let err = read_document(&path).unwrap_err();
            assert!(is_expected(&err), "{}: unexpected {err:?}", path.display());
            assert_eq!(err.path(), path.as_path());
            assert!(err.to_string().contains(&path.display().to_string()));
        }
    }
}
