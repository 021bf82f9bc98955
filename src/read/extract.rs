//! Turning the bytes of a laid-out format into text, with typed errors that can cross a process
//! boundary (the sandbox child reports them as JSON).

use super::format::Format;
use super::{html, office, pdf};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a document's text could not be extracted.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExtractError {
    #[error("the PDF is password-protected; save a copy without a password and try again")]
    Encrypted,
    #[error(
        "the PDF has no text layer ({pages} page(s) of images, as a scanner makes); run OCR \
         first (e.g. `ocrmypdf in.pdf out.pdf`)"
    )]
    NoTextLayer { pages: usize },
    #[error("the document holds no text")]
    NoText,
    #[error("{pages} pages is over the {max}-page limit for a resume")]
    TooManyPages { pages: usize, max: usize },
    #[error("{entries} ZIP entries is over the {max}-entry limit for a DOCX/ODT")]
    TooManyEntries { entries: usize, max: usize },
    #[error("{part} inflates to more than {max} bytes (a ZIP bomb?)")]
    InflatesTooFar { part: String, max: u64 },
    #[error("the {format} file is damaged or not what it claims: {reason}")]
    Malformed { format: String, reason: String },
    #[error("the {format} parser failed on this file: {message}")]
    ParserPanicked { format: String, message: String },
}

impl ExtractError {
    /// True when the file was understood and turned down (encrypted, scanned, over a cap), as
    /// opposed to a file that could not be parsed.
    pub fn is_refusal(&self) -> bool {
        !matches!(
            self,
            ExtractError::Malformed { .. } | ExtractError::ParserPanicked { .. }
        )
    }
}

/// Runs the parser for `format` on `bytes` as it is, panics included (the fuzz targets call
/// this so that a parser panic is seen, not absorbed).
pub fn parse(format: Format, bytes: &[u8]) -> Result<String, ExtractError> {
    match format {
        Format::Pdf => pdf::extract(bytes),
        Format::Office => office::extract(bytes),
        Format::Html => html::extract(&String::from_utf8_lossy(bytes)),
        Format::Text | Format::Markdown => Ok(String::from_utf8_lossy(bytes).into_owned()),
    }
}

/// Extracts text from `bytes` of a format that needs a parser: PDF, DOCX/ODT or HTML
/// (HTML given as decoded text's bytes). A parser panic becomes an error, not a crash.
pub fn extract(format: Format, bytes: &[u8]) -> Result<String, ExtractError> {
    let run = || parse(format, bytes);
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".to_string());
        Err(ExtractError::ParserPanicked {
            format: format.name().to_string(),
            message,
        })
    })
}
