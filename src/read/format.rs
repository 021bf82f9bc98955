//! Telling a file's format from its first bytes (and, for text, its extension).

use std::path::Path;

use super::office::{self, find};

/// The formats rolematch can turn into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
    Pdf,
    /// A ZIP-based word-processor file: DOCX (Office Open XML) or ODT (OpenDocument).
    Office,
    /// Rich Text Format.
    Rtf,
    /// A legacy Word file (Word 97–2003 `.doc`).
    Doc,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "Markdown",
            Format::Html => "HTML",
            Format::Pdf => "PDF",
            Format::Office => "DOCX/ODT",
            Format::Rtf => "RTF",
            Format::Doc => "DOC",
        }
    }

    /// Formats whose parsers are complex enough to run in a child process with limits (an
    /// HTML renderer can recurse as deep as the tags nest).
    pub(crate) fn needs_isolation(self) -> bool {
        matches!(
            self,
            Format::Pdf | Format::Office | Format::Html | Format::Rtf | Format::Doc
        )
    }

    /// Formats that were laid out by a program, where a very short extraction means the
    /// text did not come out (as opposed to a short note typed on purpose).
    pub(crate) fn is_laid_out(self) -> bool {
        !matches!(self, Format::Text | Format::Markdown)
    }

    /// The argument the hidden extraction subcommand takes for this format.
    pub fn from_name(name: &str) -> Option<Format> {
        [
            Format::Text,
            Format::Markdown,
            Format::Html,
            Format::Pdf,
            Format::Office,
            Format::Rtf,
            Format::Doc,
        ]
        .into_iter()
        .find(|f| f.name() == name)
    }
}

/// What the first bytes say, before any text decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sniffed {
    /// A format its parser reads from the raw bytes: PDF, DOCX/ODT, RTF, or DOC (told by the
    /// OLE compound file's signature, which other Office 97 files share).
    Parsed(Format),
    /// Bytes that may be text in some encoding; see [`text_format`].
    MaybeText,
    /// A format rolematch does not read, with advice on what to do.
    Unsupported(&'static str),
}

/// Sniffs the format from the content; extensions are not trusted for binary formats.
pub(crate) fn sniff(bytes: &[u8]) -> Sniffed {
    let head = &bytes[..bytes.len().min(1024)];
    if head.starts_with(b"%PDF-") || find(head, b"%PDF-").is_some() {
        return Sniffed::Parsed(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") || office::flat_xml(bytes).is_some() {
        return Sniffed::Parsed(Format::Office);
    }
    if super::rtf::start(head).is_some() {
        return Sniffed::Parsed(Format::Rtf);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Sniffed::Parsed(Format::Doc);
    }
    const UNSUPPORTED: &[(&[u8], &str)] = &[
        (
            b"\x89PNG",
            "a PNG image holds no text; run OCR first (e.g. tesseract) or use the original document",
        ),
        (
            &[0xFF, 0xD8, 0xFF],
            "a JPEG image holds no text; run OCR first (e.g. tesseract) or use the original document",
        ),
        (
            b"GIF8",
            "a GIF image holds no text; run OCR first or use the original document",
        ),
        (
            b"II*\0",
            "a TIFF image holds no text; run OCR first or use the original document",
        ),
        (
            b"MM\0*",
            "a TIFF image holds no text; run OCR first or use the original document",
        ),
        (
            b"\x1F\x8B",
            "a gzip archive is not read; unpack it first",
        ),
        (
            b"7z\xBC\xAF",
            "a 7-Zip archive is not read; unpack it first",
        ),
        (
            b"Rar!",
            "a RAR archive is not read; unpack it first",
        ),
    ];
    UNSUPPORTED
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map_or(Sniffed::MaybeText, |(_, advice)| {
            Sniffed::Unsupported(advice)
        })
}

/// Decides between text, Markdown and HTML once the bytes are decoded.
pub(crate) fn text_format(path: &Path, text: &str) -> Format {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let start: String = text
        .trim_start()
        .chars()
        .take(64)
        .collect::<String>()
        .to_ascii_lowercase();
    let html_start = start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || (start.starts_with("<?xml") && head(text, 2048).contains("<html"));
    match extension.as_deref() {
        _ if html_start => Format::Html,
        Some("html" | "htm" | "xhtml") if start.starts_with('<') => Format::Html,
        // A PHP page is an HTML page once its code is taken out.
        Some("php" | "phtml") if text.contains("</") => Format::Html,
        // So is a component's JSX once its code is.
        Some("js" | "jsx" | "tsx" | "mjs" | "cjs")
            if start.starts_with('<') && text.contains("</") =>
        {
            Format::Html
        }
        Some("md" | "markdown") if is_html_page(text) => Format::Html,
        Some("md" | "markdown") => Format::Markdown,
        _ if is_html_fragment(text) => Format::Html,
        _ => Format::Text,
    }
}

/// Whether `path` is named as a YAML file (`.yaml`, `.yml`): only then is a text parsed as
/// YAML, since any text of "Key: value" lines is YAML too.
pub(crate) fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Whether `path` is named as a JavaScript or TypeScript module (`.js`, `.jsx`, `.ts`, `.tsx`,
/// `.mjs`, `.cjs`), whose literals may hold a resume's or a posting's data.
pub(crate) fn is_script(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["js", "jsx", "ts", "tsx", "mjs", "cjs"]
            .iter()
            .any(|s| e.eq_ignore_ascii_case(s))
    })
}

/// The first `bytes` bytes of `text`, or fewer to end on a character's boundary.
fn head(text: &str, bytes: usize) -> &str {
    let mut end = text.len().min(bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Whether `path` is named as a PHP page (`.php`, `.phtml`; a Laravel view is
/// `….blade.php`), whose code and template directives are not text.
pub(crate) fn is_php(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("php") || e.eq_ignore_ascii_case("phtml"))
}

/// Whether `path` is named as an Org-mode file (`.org`).
pub(crate) fn is_org(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("org"))
}

/// Closing tags of the elements that lay out a page's text: a fragment marked up with them is
/// HTML without its `<html>` (a page template, a job board's description field saved as
/// text). Closing tags, because a front-end developer's resume names opening ones ("HTML5
/// (<div>, <p>, <ul>)").
const CLOSING_TAGS: [&str; 11] = [
    "</p>",
    "</div>",
    "</li>",
    "</dd>",
    "</dt>",
    "</ul>",
    "</h",
    "</td>",
    "</tr>",
    "</span>",
    "</strong>",
];
/// How many closing tags, of how many kinds, make a text HTML.
const FRAGMENT_TAGS: usize = 6;
const FRAGMENT_KINDS: usize = 2;
/// How many line-break tags make a text HTML by themselves (a description written on one
/// line, its lines parted by `<br>`).
const FRAGMENT_BREAKS: usize = 4;

/// Whether a Markdown file's body is an HTML page (a site generator's page written in HTML
/// under its front matter: `<div class=…>`, `<h2>`, `<ul><li>`): most of its lines are tags,
/// it has an HTML fragment's closing tags (not `<br>`s alone, which Markdown writers use for
/// spacing), and no line is Markdown's own. Markdown with some HTML in it stays Markdown.
fn is_html_page(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("{%") && !l.starts_with("{{"))
        .collect();
    let tags = lines.iter().filter(|l| l.starts_with('<')).count();
    // Any line of Markdown's own (a heading, a list item, a bold line, a table row) says the
    // writer wrote Markdown with some HTML in it.
    let markdown = lines
        .iter()
        .filter(|l| !l.starts_with('<'))
        .any(|l| is_markdown_line(l));
    tags * 2 > lines.len() && !markdown && has_closing_tags(&text.to_ascii_lowercase())
}

/// Whether a trimmed line is written in Markdown's own syntax: a heading (`#` to `######`), a
/// list item (`- `, `* `, `+ `, `1. `), a line of bold (`**Title, Employer**`) or a table
/// row (`| … |`).
fn is_markdown_line(line: &str) -> bool {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    let numbered = line
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    (1..=6).contains(&hashes) && line[hashes..].starts_with(' ')
        || ["- ", "* ", "+ ", "**", "__", "|"]
            .iter()
            .any(|lead| line.starts_with(lead))
        || numbered
}

/// Whether `lower` holds at least [`FRAGMENT_TAGS`] closing tags of at least
/// [`FRAGMENT_KINDS`] kinds.
fn has_closing_tags(lower: &str) -> bool {
    let counts = CLOSING_TAGS.map(|tag| lower.matches(tag).count());
    counts.iter().sum::<usize>() >= FRAGMENT_TAGS
        && counts.iter().filter(|&&n| n > 0).count() >= FRAGMENT_KINDS
}

/// Whether `text` is an HTML fragment: it holds at least [`FRAGMENT_TAGS`] closing tags of
/// at least [`FRAGMENT_KINDS`] kinds, or [`FRAGMENT_BREAKS`] `<br>` tags, and no Markdown
/// heading (a Markdown resume saved as text, with an HTML banner on top, stays Markdown's
/// text).
fn is_html_fragment(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let markdown_headings = lower
        .lines()
        .any(|line| line.trim_start().starts_with("## ") || line.starts_with("# "));
    if markdown_headings {
        return false;
    }
    let closing = has_closing_tags(&lower);
    let breaks = lower.matches("<br>").count()
        + lower.matches("<br/>").count()
        + lower.matches("<br />").count();
    closing || breaks >= FRAGMENT_BREAKS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_xml_declaration_over_a_multibyte_character_is_not_cut_inside_it() {
        let text = format!("<?xml version=\"1.0\"?>{}é<p>Nurse</p>", "a".repeat(2026));
        assert_eq!(text.find('é'), Some(2047));
        assert_eq!(text_format(Path::new("x.xml"), &text), Format::Text);
    }

    #[test]
    fn binary_formats_are_told_by_content_not_extension() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Sniffed::Parsed(Format::Pdf));
        assert_eq!(sniff(b"\r\n junk %PDF-1.4\n"), Sniffed::Parsed(Format::Pdf));
        assert_eq!(sniff(b"PK\x03\x04rest"), Sniffed::Parsed(Format::Office));
        // Word's and OpenDocument's single-file XML, whatever the extension says.
        let word_2003 = b"<?xml version=\"1.0\"?>\n<?mso-application progid=\"Word.Document\"?>\n<w:wordDocument>";
        assert_eq!(sniff(word_2003), Sniffed::Parsed(Format::Office));
        let fodt = b"<?xml version=\"1.0\"?><office:document office:mimetype=\"application/vnd.oasis.opendocument.text\">";
        assert_eq!(sniff(fodt), Sniffed::Parsed(Format::Office));
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><html>"), Sniffed::MaybeText);
        assert_eq!(sniff(b"{\\rtf1\\ansi"), Sniffed::Parsed(Format::Rtf));
        assert_eq!(
            sniff(b"\xEF\xBB\xBF\r\n{\\rtf1\\ansi"),
            Sniffed::Parsed(Format::Rtf)
        );
        assert_eq!(
            sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0"),
            Sniffed::Parsed(Format::Doc)
        );
        assert!(matches!(sniff(b"\x89PNG\r\n"), Sniffed::Unsupported(m) if m.contains("OCR")));
        assert_eq!(sniff(b"Jane Doe\nML Engineer"), Sniffed::MaybeText);
    }

    #[test]
    fn html_is_told_by_its_start_or_its_extension() {
        let p = Path::new("cv.txt");
        assert_eq!(text_format(p, "  <!DOCTYPE html><p>x"), Format::Html);
        assert_eq!(text_format(p, "<html><body>x"), Format::Html);
        assert_eq!(
            text_format(Path::new("cv.htm"), "<div>x</div>"),
            Format::Html
        );
        assert_eq!(
            text_format(Path::new("cv.html"), "plain words"),
            Format::Text
        );
        assert_eq!(text_format(Path::new("cv.md"), "# Jane"), Format::Markdown);
        assert_eq!(text_format(p, "I use <html> tags"), Format::Text);
    }

    #[test]
    fn a_page_fragment_is_html_whatever_its_extension() {
        // A page template that wraps its HTML in server code, as a site keeps a posting.
        let template = "<?php include \"header.php\"; ?>\n<div class=\"careers\">\n  \
            <h2>Early Childhood Teacher</h2>\n  Preschool Teacher<br>\n  <br>\n  \
            We are looking for a lead teacher.<br>\n  <br>\n  <h3>Work Location</h3>\n  \
            Hales Corners, WI<br>\n</div>\n<?php include \"footer.php\"; ?>\n";
        assert_eq!(text_format(Path::new("career.php"), template), Format::Html);
        assert_eq!(
            text_format(Path::new("posting.txt"), template),
            Format::Html
        );
        // Markdown keeps its own reading (its inline tags are handled there).
        assert_eq!(
            text_format(Path::new("posting.md"), template),
            Format::Markdown
        );
        // A resume that names tags as skills is still text.
        let resume = "Front-end developer\nSemantic markup: <div>, <section>, <ul>, <li>, <br>\n\
            Built accessible pages with <p> and <table>/<td> layouts replaced by <div>.\n";
        assert_eq!(text_format(Path::new("cv.txt"), resume), Format::Text);
        // A description on one line, parted by <br>, is HTML.
        let one_line = "<b>Requirements</b><br>- 3+ years of SQL<br>- Tableau<br>- Excel<br>";
        assert_eq!(text_format(Path::new("job.txt"), one_line), Format::Html);
        // A Markdown resume saved as text, an HTML banner on top, is not.
        let banner = "<div align=\"center\"><h1>Sam</h1><p>Engineer</p></div>\n\
            <p>a</p><p>b</p><p>c</p>\n\n## Experience\nBuilt things.\n";
        assert_eq!(text_format(Path::new("cv.txt"), banner), Format::Text);
        // A site's page written in HTML under its front matter, named .md, is HTML.
        let page = "<div class=\"container\">\n  <p>Our attendants serve breakfast.</p>\n  \
            <h2>Duties:</h2>\n  <ul>\n    <li>Set up the buffet.</li>\n    <li>Restock.</li>\n  \
            </ul>\n  <h2>Qualifications:</h2>\n  <ul>\n    <li>Customer service.</li>\n  \
            </ul>\n</div>\n{% include plug.html %}\n";
        assert_eq!(
            text_format(Path::new("service.markdown"), page),
            Format::Html
        );
        // Markdown with a few tags in it stays Markdown.
        let mixed = "Breakfast attendant\n\nWe serve <strong>five</strong> hotels.\n\n\
            - Set up the buffet</li>\n- Restock</li>\n- Clear tables</li>\n- Greet guests</li>\n\
            - Keep the lobby neat</li></ul>\nSee you soon.\n";
        assert_eq!(text_format(Path::new("job.md"), mixed), Format::Markdown);
        // A Markdown resume whose header and titles are HTML but whose jobs are Markdown.
        let resume = "<p align=\"center\"><strong>Ana Díaz, RN</strong></p>\n\
            <p>Houston, TX<br>ana@example.com</p>\n<p><strong>EXPERIENCE</strong></p>\n\
            **ICU Staff Nurse, Memorial Hermann** | Mar 2018 – Present\n\
            - Cared for ventilated patients\n<p><strong>EDUCATION</strong></p>\n\
            <p>BSN, University of Houston</p>\n<div><span>Licences</span></div>\n\
            <div><span>RN, BLS, ACLS</span></div>\n";
        assert_eq!(text_format(Path::new("cv.md"), resume), Format::Markdown);
        let readme = "<h1 align=center>Sam</h1>\n<p><img src=a.svg></p>\n<p>Engineer</p>\n\
            <p>Seattle</p>\n<div>a</div>\n<div>b</div>\n### Experience\nBuilt things.\n";
        assert_eq!(
            text_format(Path::new("README.md"), readme),
            Format::Markdown
        );
    }

    #[test]
    fn format_names_round_trip() {
        for f in [
            Format::Text,
            Format::Markdown,
            Format::Html,
            Format::Pdf,
            Format::Office,
            Format::Rtf,
            Format::Doc,
        ] {
            assert_eq!(Format::from_name(f.name()), Some(f));
        }
    }
}
