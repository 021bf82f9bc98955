//! Text from DOCX (Office Open XML) and ODT (OpenDocument) files: the main XML part read from
//! the ZIP with caps on entries and inflated size, paragraphs as lines, headings marked with
//! `## `, list items with `- `, and each table row followed by a blank line. The same for the
//! single-file XML these programs also save (Word 2003 XML, often named `.doc` or `.xml`;
//! Word's Flat OPC; OpenDocument's `.fodt`): the body, as from the ZIP.

use super::extract_error::{read_capped, ExtractError};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::io::Cursor;

/// A word-processor file has a few dozen parts; thousands mean something is wrong.
pub(crate) const MAX_ZIP_ENTRIES: usize = 1000;
/// The main XML part of a long resume is well under 1 MiB.
pub(crate) const MAX_XML_BYTES: u64 = 16 * 1024 * 1024;

const DOCX_BODY: &str = "word/document.xml";
const ODT_BODY: &str = "content.xml";

/// Extracts the text of a DOCX or ODT file, zipped or as one XML file.
pub fn extract(bytes: &[u8]) -> Result<String, ExtractError> {
    if let Some(kind) = flat_xml(bytes) {
        if bytes.len() as u64 > MAX_XML_BYTES {
            return Err(ExtractError::InflatesTooFar {
                part: "the document".to_string(),
                max: MAX_XML_BYTES,
            });
        }
        let (body, dialect) = match kind {
            FlatXml::Word2003 => (bytes, &WORD_2003),
            FlatXml::FlatOpc => (flat_opc_body(bytes)?, &DOCX),
            FlatXml::Odt => (bytes, &ODT),
        };
        return paragraphs(body, dialect).map_err(|e| malformed(e.to_string()));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| malformed(e.to_string()))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(ExtractError::TooManyEntries {
            entries: zip.len(),
            max: MAX_ZIP_ENTRIES,
        });
    }
    let (part, dialect) = if zip.index_for_name(DOCX_BODY).is_some() {
        (DOCX_BODY, &DOCX)
    } else if zip.index_for_name(ODT_BODY).is_some() {
        (ODT_BODY, &ODT)
    } else {
        return Err(malformed(format!(
            "a ZIP archive with neither {DOCX_BODY} (DOCX) nor {ODT_BODY} (ODT)"
        )));
    };
    let entry = zip.by_name(part).map_err(|e| malformed(e.to_string()))?;
    if entry.size() > MAX_XML_BYTES {
        return Err(ExtractError::InflatesTooFar {
            part: part.to_string(),
            max: MAX_XML_BYTES,
        });
    }
    let xml = read_capped(entry, MAX_XML_BYTES, part, |e| {
        malformed(format!("{part}: {e}"))
    })?;
    paragraphs(&xml, dialect).map_err(|e| malformed(format!("{part}: {e}")))
}

fn malformed(reason: String) -> ExtractError {
    ExtractError::Malformed {
        format: "DOCX/ODT".into(),
        reason,
    }
}

/// How far into a file the marks of a single-file word-processor XML are looked for: the root
/// element's start tag, which LibreOffice fills with a few KiB of namespace declarations
/// before the mimetype.
const FLAT_HEAD: usize = 16 * 1024;

/// A word processor's single-file XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FlatXml {
    /// Word 2003 XML: root `w:wordDocument`.
    Word2003,
    /// Word's Flat OPC: `pkg:package` with `progid="Word.Document"`, the DOCX parts inline.
    FlatOpc,
    /// Flat OpenDocument text (`.fodt`): `office:document` of the text mimetype.
    Odt,
}

/// Which single-file word-processor XML `bytes` are, told from their first 16 KiB.
pub(crate) fn flat_xml(bytes: &[u8]) -> Option<FlatXml> {
    let head = &bytes[..bytes.len().min(FLAT_HEAD)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with("<?xml") {
        return None;
    }
    if text.contains("<w:wordDocument") {
        Some(FlatXml::Word2003)
    } else if text.contains("progid=\"Word.Document\"") && text.contains("<pkg:package") {
        Some(FlatXml::FlatOpc)
    } else if text.contains("<office:document")
        && text.contains("application/vnd.oasis.opendocument.text")
    {
        Some(FlatXml::Odt)
    } else {
        None
    }
}

/// The XML of a Flat OPC file's main part (`/word/document.xml`): the file holds every part of
/// a DOCX inline, and, as for a DOCX, only the body is read (not headers, footers, comments or
/// the glossary).
fn flat_opc_body(bytes: &[u8]) -> Result<&[u8], ExtractError> {
    let missing = || {
        malformed(format!(
            "a Flat OPC file without the {DOCX_BODY} part as XML"
        ))
    };
    let name = find(bytes, b"pkg:name=\"/word/document.xml\"")
        .or_else(|| find(bytes, b"pkg:name='/word/document.xml'"))
        .ok_or_else(missing)?;
    // Everything below stays inside that part.
    let part = &bytes[name..];
    let part = &part[..find(part, b"</pkg:part>").ok_or_else(missing)?];
    let data = find(part, b"<pkg:xmlData").ok_or_else(missing)?;
    let start = data + find(&part[data..], b">").ok_or_else(missing)? + 1;
    let end = start + find(&part[start..], b"</pkg:xmlData>").ok_or_else(missing)?;
    Ok(&part[start..end])
}

/// Where `needle` first occurs in `haystack`.
pub(super) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The element names that matter, for each of the XML vocabularies.
struct Dialect {
    paragraph: &'static [&'static [u8]],
    heading: &'static [u8],
    text: &'static [u8],
    tab: &'static [u8],
    line_break: &'static [&'static [u8]],
    spaces: &'static [u8],
    row: &'static [u8],
    list_item: &'static [u8],
    /// Subtrees whose text is a duplicate or not content (fallback drawings, deleted text).
    skip: &'static [&'static [u8]],
}

const DOCX: Dialect = Dialect {
    paragraph: &[b"p"],
    heading: b"",
    text: b"t",
    tab: b"tab",
    line_break: &[b"br", b"cr"],
    spaces: b"",
    row: b"tr",
    list_item: b"numPr",
    skip: &[b"Fallback", b"del", b"instrText", b"footnoteReference"],
};

/// Word 2003 XML: DOCX's names, but a list paragraph carries `w:listPr`, and the one file
/// also holds the headers, footers and comments (which a DOCX keeps in other parts).
const WORD_2003: Dialect = Dialect {
    list_item: b"listPr",
    skip: &[
        b"Fallback",
        b"del",
        b"instrText",
        b"footnoteReference",
        b"hdr",
        b"ftr",
        // Footnotes and endnotes sit inline where they are cited (a DOCX keeps them apart).
        b"footnote",
        b"endnote",
        // A comment's text (`aml:annotation` of type Word.Comment holds it in `aml:content`;
        // a tracked insertion's runs sit in `aml:annotation` directly and are read).
        b"content",
    ],
    ..DOCX
};

const ODT: Dialect = Dialect {
    paragraph: &[b"p", b"h"],
    heading: b"h",
    text: b"",
    tab: b"tab",
    line_break: &[b"line-break"],
    spaces: b"s",
    row: b"table-row",
    list_item: b"list-item",
    // A footnote's citation and body sit inline where it is cited.
    skip: &[
        b"annotation",
        b"tracked-changes",
        b"note-citation",
        b"note-body",
    ],
};

/// A paragraph being read: its text so far and its marks.
#[derive(Default)]
struct OpenParagraph {
    line: String,
    heading: bool,
    listed: bool,
    /// Its text before a text box was written already.
    split: bool,
}

/// Walks the XML and writes one line per paragraph. A paragraph inside another (a text box's,
/// anchored in it) is a line of its own: the anchor's text before the box is written (with the
/// anchor's marks) when the box's first paragraph starts, and its text after the box as a line
/// of its own when the anchor ends.
fn paragraphs(xml: &[u8], d: &Dialect) -> Result<String, quick_xml::Error> {
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let mut out = String::new();
    let mut open: Vec<OpenParagraph> = Vec::new();
    // Word's marks sit inside the paragraph they mark (one met outside any paragraph, in a
    // style's definition, is not a paragraph's); ODT's list items wrap their paragraphs, so
    // there the mark comes first and waits for the paragraph.
    let marks_inside = !d.text.is_empty();
    let mut list_item_opened = false;
    // ODT keeps text directly in paragraphs; DOCX only inside <w:t>.
    let mut in_text = d.text.is_empty();
    let mut skip_depth = 0usize;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf)?;
        let line = open.last_mut().map(|p| &mut p.line);
        match &event {
            Event::Start(e) if skip_depth > 0 || d.skip.contains(&e.local_name().as_ref()) => {
                skip_depth += 1;
            }
            Event::End(_) if skip_depth > 0 => skip_depth -= 1,
            _ if skip_depth > 0 => {}
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if d.paragraph.contains(&name) {
                    if let Some(anchor) = open.last_mut().filter(|p| !p.line.trim().is_empty()) {
                        // The anchor's text before the box is its first line, and takes its
                        // marks; the text after the box is a plain line.
                        push_paragraph(&mut out, anchor.line.trim(), anchor.heading, anchor.listed);
                        *anchor = OpenParagraph {
                            split: true,
                            ..OpenParagraph::default()
                        };
                    }
                    open.push(OpenParagraph {
                        heading: name == d.heading && !d.heading.is_empty(),
                        listed: std::mem::take(&mut list_item_opened),
                        ..OpenParagraph::default()
                    });
                } else if name == d.text && !d.text.is_empty() {
                    in_text = true;
                } else if name == d.list_item {
                    mark_list_item(&mut open, &mut list_item_opened, marks_inside);
                }
            }
            Event::Empty(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if d.paragraph.contains(&name) {
                    if open.is_empty() {
                        out.push('\n');
                    }
                } else if (name == b"pStyle" && is_heading_style(e)) || name == b"outlineLvl" {
                    if let Some(paragraph) = open.last_mut() {
                        paragraph.heading = true;
                    }
                } else if name == d.list_item {
                    mark_list_item(&mut open, &mut list_item_opened, marks_inside);
                } else if let Some(line) = line {
                    if name == d.tab {
                        line.push('\t');
                    } else if name == b"noBreakHyphen" {
                        // Word's non-breaking hyphen is a hyphen ("e-mail", "T-SQL").
                        line.push('-');
                    } else if d.line_break.contains(&name) {
                        line.push('\n');
                    } else if name == d.spaces && !d.spaces.is_empty() {
                        line.push_str(&" ".repeat(space_count(e)));
                    }
                }
            }
            Event::Text(t) if in_text => {
                if let Some(line) = line {
                    line.push_str(&t.decode().map_err(quick_xml::Error::from)?);
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(line) = line {
                    if let Some(c) = r.resolve_char_ref()? {
                        line.push(c);
                    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(
                        &r.decode().map_err(quick_xml::Error::from)?,
                    ) {
                        line.push_str(s);
                    }
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if d.paragraph.contains(&name) {
                    if let Some(paragraph) = open.pop() {
                        // An empty paragraph is a blank line, except inside a text box or
                        // after the text it wrote before one.
                        let empty = paragraph.line.trim().is_empty();
                        if !empty || (open.is_empty() && !paragraph.split) {
                            let text = paragraph.line.trim();
                            push_paragraph(&mut out, text, paragraph.heading, paragraph.listed);
                        }
                    }
                } else if name == d.text && !d.text.is_empty() {
                    in_text = false;
                } else if name == d.row {
                    out.push('\n');
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// A list mark: on the paragraph it sits in (Word), or waiting for the next paragraph (ODT).
fn mark_list_item(open: &mut [OpenParagraph], waiting: &mut bool, marks_inside: bool) {
    if !marks_inside {
        *waiting = true;
    } else if let Some(paragraph) = open.last_mut() {
        paragraph.listed = true;
    }
}

pub(super) fn push_paragraph(out: &mut String, text: &str, heading: bool, listed: bool) {
    if text.is_empty() {
        out.push('\n');
    } else if heading {
        out.push_str("\n## ");
        out.push_str(text);
        out.push('\n');
    } else {
        if listed {
            out.push_str("- ");
        }
        out.push_str(text);
        out.push('\n');
    }
}

/// DOCX paragraph styles named Heading1…9 or Title (Word writes the style id, not its name).
fn is_heading_style(e: &BytesStart) -> bool {
    e.attributes().flatten().any(|a| {
        a.key.local_name().as_ref() == b"val" && {
            let v = a.value.to_ascii_lowercase();
            v.starts_with(b"heading") || v == b"title"
        }
    })
}

/// `<text:s text:c="4"/>` stands for four spaces; without `c`, one.
fn space_count(e: &BytesStart) -> usize {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"c")
        .and_then(|a| std::str::from_utf8(&a.value).ok()?.parse().ok())
        .unwrap_or(1)
        .min(64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            zip.start_file(*name, SimpleFileOptions::default()).unwrap();
            zip.write_all(data).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    const DOCX_XML: &[u8] = br#"<?xml version="1.0"?>
<w:document xmlns:w="w" xmlns:mc="mc"><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Experience</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Built RAG in </w:t></w:r><w:r><w:t>Python &amp; Go, T</w:t><w:noBreakHyphen/><w:t>SQL</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr><w:r><w:t>Led a team</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Skills</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t>PyTorch</w:t><w:tab/><w:t>vLLM</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><mc:AlternateContent><mc:Choice><w:t>box</w:t></mc:Choice><mc:Fallback><w:p><w:r><w:t>box</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent></w:p>
</w:body></w:document>"#;

    #[test]
    fn word_2003_xml_and_flat_files_are_read_like_their_zipped_kin() {
        let word_2003 = br#"<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Word.Document"?>
<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml">
<o:DocumentProperties><o:Title>not text</o:Title></o:DocumentProperties>
<w:styles><w:style w:styleId="Heading1"><w:pPr><w:pStyle w:val="Heading1"/><w:outlineLvl w:val="0"/><w:listPr/></w:pPr></w:style></w:styles>
<w:body><wx:sect>
<w:p><w:r><w:t>Jane Doe</w:t></w:r><aml:annotation w:type="Word.Insertion"><w:r><w:t>, PhD</w:t></w:r></aml:annotation></w:p>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Experience</w:t></w:r></w:p>
<w:p><w:r><w:t>Skills</w:t></w:r><aml:annotation w:type="Word.Comment"><aml:content><w:p><w:r><w:t>a reviewer's note</w:t></w:r></w:p></aml:content></aml:annotation></w:p>
<w:p><w:pPr><w:listPr><w:ilvl w:val="0"/></w:listPr></w:pPr><w:r><w:t>Built APIs in Node.js</w:t></w:r></w:p>
<w:p><w:r><w:pict><w:binData>iVBORw0KGgo=</w:binData></w:pict><w:t>Lead, 2015</w:t></w:r></w:p>
</wx:sect></w:body></w:wordDocument>"#;
        assert_eq!(
            extract(word_2003).unwrap(),
            "Jane Doe, PhD\n\n## Experience\nSkills\n- Built APIs in Node.js\nLead, 2015\n"
        );
        // Word's Flat OPC: the DOCX parts inline in one XML file.
        let flat_opc = [
            &br#"<?xml version="1.0"?><?mso-application progid="Word.Document"?><pkg:package>
<pkg:part pkg:name="/word/header1.xml"><pkg:xmlData><w:hdr><w:p><w:r><w:t>Page header</w:t></w:r></w:p></w:hdr></pkg:xmlData></pkg:part>
<pkg:part pkg:name='/word/document.xml'><pkg:xmlData xmlns:pkg="pkg">"#[..],
            &DOCX_XML[DOCX_XML.iter().position(|&b| b == b'\n').unwrap()..],
            b"</pkg:xmlData></pkg:part></pkg:package>",
        ]
        .concat();
        assert_eq!(
            extract(&flat_opc).unwrap(),
            extract(&zip_of(&[(DOCX_BODY, DOCX_XML)])).unwrap()
        );
        // Flat OpenDocument (.fodt).
        let fodt = br#"<?xml version="1.0"?><office:document office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>
<text:h>Skills</text:h><text:p>Python<text:s text:c="2"/>SQL</text:p></office:text></office:body></office:document>"#;
        assert_eq!(extract(fodt).unwrap(), "\n## Skills\nPython  SQL\n");
        // Any other XML is not a word processor's: a feed, PowerPoint's and a spreadsheet's
        // single-file XML.
        assert!(flat_xml(b"<?xml version=\"1.0\"?><rss>").is_none());
        let slides =
            b"<?xml version=\"1.0\"?><?mso-application progid=\"PowerPoint.Show\"?><pkg:package>";
        assert!(flat_xml(slides).is_none());
        let sheet = b"<?xml version=\"1.0\"?><office:document office:mimetype=\"application/vnd.oasis.opendocument.spreadsheet\">";
        assert!(flat_xml(sheet).is_none());
        // A Flat OPC file without its body says so.
        let bodiless = b"<?xml version=\"1.0\"?><?mso-application progid=\"Word.Document\"?><pkg:package></pkg:package>";
        assert!(extract(bodiless).is_err());
    }

    #[test]
    fn docx_paragraphs_headings_lists_tables() {
        let text = extract(&zip_of(&[(DOCX_BODY, DOCX_XML)])).unwrap();
        assert_eq!(
            text,
            "\n## Experience\nBuilt RAG in Python & Go, T-SQL\n- Led a team\nSkills\nPyTorch\tvLLM\n\nbox\n"
        );
    }

    #[test]
    fn a_text_box_is_read_paragraph_by_paragraph_beside_its_anchor() {
        // A sidebar as a text box anchored in a paragraph: Word writes it twice (the drawing
        // and a VML fallback), and its paragraphs sit inside the anchor's.
        let docx = br#"<w:document xmlns:w="w" xmlns:mc="mc" xmlns:wps="wps"><w:body>
<w:p><w:r><w:t>Accra, Ghana</w:t></w:r><w:r><mc:AlternateContent><mc:Choice><w:drawing><wps:txbx><w:txbxContent>
<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Skills</w:t></w:r></w:p>
<w:p><w:r><w:t>Python, dbt</w:t></w:r></w:p>
</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>
<w:p><w:r><w:t>Skills</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>
<w:r><w:t>ama@example.org</w:t></w:r></w:p>
<w:p><w:r><w:t>After</w:t></w:r></w:p>
</w:body></w:document>"#;
        let text = extract(&zip_of(&[(DOCX_BODY, docx)])).unwrap();
        assert_eq!(
            text,
            "Accra, Ghana\n\n## Skills\nPython, dbt\nama@example.org\nAfter\n"
        );
        // The anchor keeps its own marks, whatever the box holds.
        let docx = br#"<w:document xmlns:w="w"><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:txbxContent><w:p><w:r><w:t>Contact</w:t></w:r></w:p>
</w:txbxContent></w:r><w:r><w:t>Jane Doe</w:t></w:r></w:p></w:body></w:document>"#;
        let text = extract(&zip_of(&[(DOCX_BODY, docx)])).unwrap();
        assert_eq!(text, "Contact\n\n## Jane Doe\n");
        let odt = br#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:draw="d"><office:body><office:text>
<text:p><draw:frame><draw:text-box><text:p>SKILLS</text:p><text:p>Python, dbt</text:p></draw:text-box></draw:frame>Accra</text:p>
</office:text></office:body></office:document-content>"#;
        let text = extract(&zip_of(&[("mimetype", b"x"), (ODT_BODY, odt)])).unwrap();
        assert_eq!(text, "SKILLS\nPython, dbt\nAccra\n");
        let odt = br#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:draw="d"><office:body><office:text>
<text:h>Name<draw:frame><draw:text-box><text:p>Contact</text:p></draw:text-box></draw:frame>Tail</text:h>
<text:p>Anchor<draw:frame><draw:text-box><text:list><text:list-item><text:p>x</text:p></text:list-item></text:list></draw:text-box></draw:frame></text:p>
</office:text></office:body></office:document-content>"#;
        let text = extract(&zip_of(&[("mimetype", b"x"), (ODT_BODY, odt)])).unwrap();
        assert_eq!(text, "\n## Name\nContact\nTail\nAnchor\n- x\n");
    }

    #[test]
    fn odt_paragraphs_headings_spaces_and_breaks() {
        let xml =
            br#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text>
<text:h text:outline-level="1">Skills</text:h>
<text:p>Python,<text:s text:c="2"/>SQL<text:line-break/>Spark</text:p>
<text:list><text:list-item><text:p>Kubernetes</text:p></text:list-item></text:list>
<text:p>a<office:annotation><text:p>comment</text:p></office:annotation>b</text:p>
<text:p>Led AWS migration<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>Note.</text:p></text:note-body></text:note> saving 30%</text:p>
</office:text></office:body></office:document-content>"#;
        let text = extract(&zip_of(&[("mimetype", b"x"), (ODT_BODY, xml)])).unwrap();
        assert_eq!(
            text,
            "\n## Skills\nPython,  SQL\nSpark\n- Kubernetes\nab\nLed AWS migration saving 30%\n"
        );
    }

    #[test]
    fn caps_and_damage_are_typed_errors() {
        let many: Vec<(String, Vec<u8>)> = (0..=MAX_ZIP_ENTRIES)
            .map(|i| (format!("{i}"), Vec::new()))
            .collect();
        let refs: Vec<(&str, &[u8])> = many
            .iter()
            .map(|(n, d)| (n.as_str(), d.as_slice()))
            .collect();
        assert!(matches!(
            extract(&zip_of(&refs)),
            Err(ExtractError::TooManyEntries { .. })
        ));
        assert!(matches!(
            extract(&zip_of(&[("other.xml", b"<a/>")])),
            Err(ExtractError::Malformed { .. })
        ));
        assert!(matches!(
            extract(b"PK\x03\x04 not really a zip"),
            Err(ExtractError::Malformed { .. })
        ));
        assert!(matches!(
            extract(&zip_of(&[(DOCX_BODY, b"<w:document><w:p>unclosed</w:x>")])),
            Err(ExtractError::Malformed { .. })
        ));
    }

    #[test]
    fn an_entry_that_inflates_past_the_cap_is_refused() {
        let big = vec![b' '; MAX_XML_BYTES as usize + 10];
        assert!(matches!(
            extract(&zip_of(&[(DOCX_BODY, &big)])),
            Err(ExtractError::InflatesTooFar { .. })
        ));
    }
}
