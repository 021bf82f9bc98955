//! Text from PDF files: oxidize-pdf first, then pdf-extract (over lopdf) with lines placed by
//! the glyphs' positions for a file the first cannot read. Both give text in content-stream
//! order, the order a word processor wrote it in, so columns and table cells come out one
//! after the other instead of interleaved line by line. lopdf checks the file first
//! (encryption, page count, a text layer).

use super::extract_error::ExtractError;
use lopdf::Document;

/// A resume longer than this is not a resume; the cap also bounds the work per file.
pub(crate) const MAX_PAGES: usize = 50;

/// The most text taken from one page: far above any real page, it bounds the memory a
/// page with an inflated content stream can take.
const MAX_TEXT_PER_PAGE: usize = 1 << 20;

/// Extracts the text of a PDF, refusing encrypted and image-only files with typed errors.
pub fn extract(bytes: &[u8]) -> Result<String, ExtractError> {
    let mut doc = Document::load_mem(bytes).map_err(|e| malformed(e.to_string()))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(ExtractError::Encrypted);
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(malformed("no pages".to_string()));
    }
    if pages.len() > MAX_PAGES {
        return Err(ExtractError::TooManyPages {
            pages: pages.len(),
            max: MAX_PAGES,
        });
    }
    // Two paths: oxidize-pdf, the closest to the page of the engines measured; then
    // pdf-extract with glyph-placed lines, for a file the first cannot read.
    let text = match oxidize_text(bytes) {
        Some(text) => text,
        None => {
            let mut text = String::new();
            let mut output = super::pdf_lines::GlyphLines::new(&mut text);
            pdf_extract::output_doc(&doc, &mut output).map_err(|e| malformed(e.to_string()))?;
            drop(output);
            text
        }
    };
    if text.trim().is_empty() {
        if has_unreadable_text(&doc, &pages, bytes) {
            return Err(malformed(
                "it has text, but its content streams cannot be read (a wrong stream \
                 /Length?); export it again"
                    .to_string(),
            ));
        }
        let with_images = pages
            .values()
            .filter(|&&id| {
                doc.get_page_images(id)
                    .is_ok_and(|images| !images.is_empty())
            })
            .count();
        return Err(if with_images > 0 {
            ExtractError::NoTextLayer { pages: pages.len() }
        } else {
            ExtractError::NoText
        });
    }
    Ok(text)
}

/// The text of every page by oxidize-pdf, a page break between pages and the running headers
/// and footers of the later pages left out (see [`super::running_lines`]); `None` when it cannot
/// read the file or finds no text in it (the second path then tries). A panic in it is caught
/// here, so that the second path still runs (the child process contains anything worse).
fn oxidize_text(bytes: &[u8]) -> Option<String> {
    std::panic::catch_unwind(|| {
        let reader =
            oxidize_pdf::parser::PdfReader::new(std::io::Cursor::new(bytes.to_vec())).ok()?;
        let options = oxidize_pdf::text::ExtractionOptions {
            max_extracted_bytes: Some(MAX_TEXT_PER_PAGE),
            ..Default::default()
        };
        let pages = reader
            .into_document()
            .extract_text_with_options(options)
            .ok()?;
        let pages: Vec<String> = pages.into_iter().map(|page| page.text).collect();
        let text = super::running_lines::join_without_running_lines(&pages);
        (!text.trim().is_empty()).then_some(text)
    })
    .ok()
    .flatten()
}

/// True when a PDF that gave no text still shows signs of text: a page whose content stream
/// does not decode, or text-showing operators (`Tj`, `TJ`) in the raw file.
fn has_unreadable_text(
    doc: &Document,
    pages: &std::collections::BTreeMap<u32, lopdf::ObjectId>,
    bytes: &[u8],
) -> bool {
    let undecodable = pages.values().any(|&id| doc.get_page_content(id).is_err());
    // Four bytes, so that compressed image data matches by chance about once in 4 GB.
    let operators = bytes.windows(4).any(|w| {
        matches!(w, b") Tj" | b"] TJ")
            || (matches!(&w[..3], b")Tj" | b"]TJ") && w[3].is_ascii_whitespace())
    });
    undecodable || operators
}

fn malformed(reason: String) -> ExtractError {
    ExtractError::Malformed {
        format: "PDF".into(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_and_truncation_are_malformed_not_panics() {
        for bytes in [
            &b"%PDF-1.7\n"[..],
            b"%PDF-1.4\n1 0 obj << /Type /Catalog",
            b"%PDF-",
        ] {
            assert!(
                matches!(extract(bytes), Err(ExtractError::Malformed { .. })),
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}
