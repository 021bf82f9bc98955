//! Why a document's text could not be extracted: the one error every format reader returns,
//! kept apart from the dispatch in `extract` so the readers do not import it back.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a document's text could not be extracted.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExtractError {
    #[error("the document is password-protected; save a copy without a password and try again")]
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

/// Reads all of `reader`, a part of a container file: more than `max` bytes is refused as
/// [`ExtractError::InflatesTooFar`] for `part` (a bomb must not fill the memory), and a read
/// error becomes what `failed` makes of it.
pub(crate) fn read_capped(
    reader: impl std::io::Read,
    max: u64,
    part: &str,
    failed: impl FnOnce(std::io::Error) -> ExtractError,
) -> Result<Vec<u8>, ExtractError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > max {
        return Err(ExtractError::InflatesTooFar {
            part: part.to_string(),
            max,
        });
    }
    Ok(bytes)
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
