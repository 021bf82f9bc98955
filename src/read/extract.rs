//! Turning the bytes of a laid-out format into text, with typed errors that can cross a process
//! boundary (the sandbox child reports them as JSON).

pub use super::extract_error::ExtractError;
use super::format::Format;
use super::{doc, html, office, pdf, rtf};

/// Runs the parser for `format` on `bytes` as it is, panics included (the fuzz targets call
/// this so that a parser panic is seen, not absorbed).
pub fn parse(format: Format, bytes: &[u8]) -> Result<String, ExtractError> {
    match format {
        Format::Pdf => pdf::extract(bytes),
        Format::Office => office::extract(bytes),
        Format::Rtf => rtf::extract(bytes),
        Format::Doc => doc::extract(bytes),
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
