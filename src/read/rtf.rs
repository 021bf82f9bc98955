//! Text from RTF files (WordPad, Word, LibreOffice and many resume builders save it): the
//! body's paragraphs as lines, headings (by outline level or a "heading"/"Title" style) marked
//! with `## `, list paragraphs with `- `, each table cell a line and each row followed by a
//! blank line, as for DOCX. Headers, footers, fonts, styles, pictures, field codes and other
//! destinations that are not body text are left out. Characters come from `\uN` escapes or
//! from bytes in the code page of their font's character set (`\fcharsetN` in the font table)
//! or else of the document (`\ansicpgN`, Windows-1252 when it names none).

use super::extract_error::ExtractError;
use super::office::push_paragraph;
use encoding_rs::Encoding;
use std::collections::{HashMap, HashSet};

/// Groups nest a few levels deep in real files; far deeper means something is wrong.
const MAX_DEPTH: usize = 1024;
/// A control word's letters: the specification caps them at 32.
const MAX_WORD: usize = 32;

/// Destinations whose text is not the body's: tables of fonts, colours, styles and lists,
/// document information, pictures and objects, headers and footers, field instructions (the
/// field's result is read), bookmarks, comments, footnotes, index and contents entries, and
/// the list numbers Word writes before each list paragraph (the paragraph is marked instead).
const SKIPPED: &[&str] = &[
    "colortbl",
    "info",
    "pict",
    "object",
    "header",
    "headerl",
    "headerr",
    "headerf",
    "footer",
    "footerl",
    "footerr",
    "footerf",
    "listtable",
    "listoverridetable",
    "revtbl",
    "rsidtbl",
    "generator",
    "xmlnstbl",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "fldinst",
    "listtext",
    "pntext",
    "pntxta",
    "pntxtb",
    "bkmkstart",
    "bkmkend",
    "annotation",
    "atnid",
    "atnauthor",
    "footnote",
    "xe",
    "tc",
    "txe",
    "nonshppict",
    "shppict",
    "do",
];

/// What the text of the current group is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Destination {
    Body,
    Skipped,
    /// The style sheet: each style is a group whose text is the style's name.
    StyleSheet,
    Style,
    /// The font table: each font's number and character set.
    FontTable,
}

/// What a group sets, restored when it ends (RTF's properties are scoped by groups).
#[derive(Debug, Clone, Copy)]
struct Group {
    destination: Destination,
    /// Fallback characters that follow each `\uN` (`\ucN`).
    unicode_skip: usize,
    /// The font in use (`\fN`); `None` is the default font (`\deffN`).
    font: Option<i64>,
    /// Paragraph properties, kept until `\pard` or the group's end.
    heading: bool,
    listed: bool,
}

impl Default for Group {
    fn default() -> Self {
        Group {
            destination: Destination::Body,
            unicode_skip: 1,
            font: None,
            heading: false,
            listed: false,
        }
    }
}

/// Extracts the text of an RTF file.
pub fn extract(bytes: &[u8]) -> Result<String, ExtractError> {
    let Some(start) = start(bytes) else {
        return Err(malformed("it does not start with {\\rtf".to_string()));
    };
    let mut reader = RtfReader::new();
    reader.run(&bytes[start..])?;
    Ok(reader.finish())
}

/// Where `{\rtf` starts, after a byte-order mark and white space, if the bytes are RTF.
pub(crate) fn start(bytes: &[u8]) -> Option<usize> {
    let after_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let skipped = bytes.len() - after_bom.len();
    let at = skipped + after_bom.iter().position(|b| !b.is_ascii_whitespace())?;
    bytes[at..].starts_with(b"{\\rtf").then_some(at)
}

fn malformed(reason: String) -> ExtractError {
    ExtractError::Malformed {
        format: "RTF".into(),
        reason,
    }
}

/// A paragraph style being read in the style sheet: its number (`\sN`), its name so far and
/// whether it has an outline level.
#[derive(Default)]
struct StyleEntry {
    number: Option<i64>,
    name: Vec<u8>,
    outline: bool,
}

struct RtfReader {
    groups: Vec<Group>,
    encoding: &'static Encoding,
    out: String,
    line: String,
    /// Code-page bytes not yet decoded (a multi-byte character may span several `\'hh`).
    pending: Vec<u8>,
    /// Fallback characters still to skip after a `\uN`.
    skipping: usize,
    /// A high surrogate from `\uN` waiting for its low half.
    high_surrogate: Option<u16>,
    /// Paragraph styles that are headings, by number (`\sN`), from the style sheet.
    heading_styles: HashSet<i64>,
    /// The style being read in the style sheet.
    style: StyleEntry,
    /// The code page of each font whose character set names one, from the font table.
    fonts: HashMap<i64, &'static Encoding>,
    /// The font being read in the font table, and the default font (`\deffN`).
    font_entry: Option<i64>,
    default_font: Option<i64>,
    /// A list number was written before this paragraph.
    list_number: bool,
}

impl RtfReader {
    fn new() -> Self {
        RtfReader {
            groups: Vec::new(),
            encoding: encoding_rs::WINDOWS_1252,
            out: String::new(),
            line: String::new(),
            pending: Vec::new(),
            skipping: 0,
            high_surrogate: None,
            heading_styles: HashSet::new(),
            style: StyleEntry::default(),
            fonts: HashMap::new(),
            font_entry: None,
            default_font: None,
            list_number: false,
        }
    }

    /// What the innermost open group sets.
    fn group(&self) -> Group {
        self.groups.last().copied().unwrap_or(Group {
            destination: Destination::Skipped,
            ..Group::default()
        })
    }

    fn update(&mut self, change: impl FnOnce(&mut Group)) {
        if let Some(group) = self.groups.last_mut() {
            change(group);
        }
    }

    fn destination(&self) -> Destination {
        self.group().destination
    }

    fn set_destination(&mut self, destination: Destination) {
        self.update(|g| g.destination = destination);
    }

    fn run(&mut self, bytes: &[u8]) -> Result<(), ExtractError> {
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            i += 1;
            match b {
                b'{' => {
                    self.skipping = 0;
                    if self.groups.len() >= MAX_DEPTH {
                        return Err(malformed(format!(
                            "groups nested more than {MAX_DEPTH} deep"
                        )));
                    }
                    let mut group = self.groups.last().copied().unwrap_or_default();
                    if group.destination == Destination::StyleSheet {
                        group.destination = Destination::Style;
                        self.style = StyleEntry::default();
                    }
                    self.groups.push(group);
                }
                b'}' => {
                    self.skipping = 0;
                    self.flush_bytes();
                    if let Some(group) = self.groups.pop() {
                        if group.destination == Destination::Style {
                            self.end_style();
                        }
                    }
                    if self.groups.is_empty() {
                        break;
                    }
                }
                b'\\' => i = self.control(bytes, i),
                b'\r' | b'\n' => {}
                _ => {
                    if self.skip_fallback() {
                        continue;
                    }
                    self.byte(b);
                }
            }
        }
        Ok(())
    }

    /// Reads the control word or symbol after a backslash at `bytes[i - 1]`; returns where the
    /// next token starts.
    fn control(&mut self, bytes: &[u8], mut i: usize) -> usize {
        let Some(&c) = bytes.get(i) else {
            return i;
        };
        if !c.is_ascii_alphabetic() {
            i += 1;
            match c {
                b'\'' => {
                    let hex = bytes
                        .get(i..i + 2)
                        .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
                    if let Some(value) = hex {
                        i += 2;
                        if !self.skip_fallback() {
                            self.byte(value);
                        }
                    }
                }
                b'*' => {
                    // An optional destination: skipped unless it is one this reader knows.
                    self.flush_bytes();
                    self.set_destination(Destination::Skipped);
                }
                _ if self.skip_fallback() => {}
                b'\\' | b'{' | b'}' => self.byte(c),
                b'~' => self.text("\u{a0}"),
                b'_' => self.text("-"),
                // A backslash before a line end is a paragraph mark, as `\par` is.
                b'\r' | b'\n' if self.destination() == Destination::Body => self.end_paragraph(),
                _ => {}
            }
            return i;
        }
        let word_start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() && i - word_start < MAX_WORD {
            i += 1;
        }
        let word = std::str::from_utf8(&bytes[word_start..i]).unwrap_or_default();
        let number_start = i;
        // A minus sign belongs to the parameter only when a digit follows it.
        if bytes.get(i) == Some(&b'-') && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        while i < bytes.len() && bytes[i].is_ascii_digit() && i - number_start < 11 {
            i += 1;
        }
        let parameter = std::str::from_utf8(&bytes[number_start..i])
            .ok()
            .and_then(|s| s.parse::<i64>().ok());
        if bytes.get(i) == Some(&b' ') {
            i += 1;
        }
        if word == "bin" {
            // Raw binary data of the given length follows.
            let length = parameter.unwrap_or(0).max(0) as usize;
            return i.saturating_add(length).min(bytes.len());
        }
        if word == "u" {
            self.unicode(parameter.unwrap_or(0));
            return i;
        }
        if self.skip_fallback() {
            return i;
        }
        self.word(word, parameter);
        i
    }

    /// Takes one character of a `\uN` escape's fallback; true if it was skipped.
    fn skip_fallback(&mut self) -> bool {
        if self.skipping > 0 {
            self.skipping -= 1;
            true
        } else {
            false
        }
    }

    fn unicode(&mut self, value: i64) {
        self.skipping = self.group().unicode_skip;
        // Values above 32,767 are written as negative numbers; others are not UTF-16 units.
        if !(-32_768..=65_535).contains(&value) {
            self.high_surrogate = None;
            return;
        }
        let unit = (if value < 0 { value + 65_536 } else { value }) as u16;
        if (0xD800..0xDC00).contains(&unit) {
            self.high_surrogate = Some(unit);
            return;
        }
        let c = match self.high_surrogate.take() {
            Some(high) if (0xDC00..0xE000).contains(&unit) => {
                char::decode_utf16([high, unit]).next().and_then(Result::ok)
            }
            _ => char::from_u32(u32::from(unit)),
        };
        if let Some(c) = c.filter(|c| !c.is_control() || *c == '\t') {
            self.text(c.encode_utf8(&mut [0; 4]));
        }
    }

    fn word(&mut self, word: &str, parameter: Option<i64>) {
        let destination = self.destination();
        match word {
            "uc" => self.update(|g| g.unicode_skip = parameter.unwrap_or(1).clamp(0, 8) as usize),
            "ansicpg" => {
                self.encoding = parameter
                    .and_then(code_page)
                    .unwrap_or(encoding_rs::WINDOWS_1252);
            }
            "mac" => self.encoding = encoding_rs::MACINTOSH,
            "deff" => self.default_font = parameter,
            "stylesheet" => self.set_destination(Destination::StyleSheet),
            "fonttbl" => self.set_destination(Destination::FontTable),
            _ if SKIPPED.contains(&word) => {
                self.flush_bytes();
                if matches!(word, "listtext" | "pntext") && destination == Destination::Body {
                    self.list_number = true;
                }
                self.set_destination(Destination::Skipped);
            }
            _ if destination == Destination::Style => match word {
                "s" => self.style.number = parameter,
                "outlinelevel" => self.style.outline = parameter.is_some_and(is_outline_level),
                _ => {}
            },
            _ if destination == Destination::FontTable => match word {
                "f" => self.font_entry = parameter,
                "fcharset" | "cpg" => {
                    let encoding = parameter.and_then(if word == "cpg" {
                        code_page
                    } else {
                        charset_code_page
                    });
                    if let (Some(font), Some(encoding)) = (self.font_entry, encoding) {
                        self.fonts.insert(font, encoding);
                    }
                }
                _ => {}
            },
            _ if destination != Destination::Body => {}
            "par" | "cell" | "nestcell" => self.end_paragraph(),
            "sect" => self.end_open_paragraph(),
            "row" | "nestrow" => {
                // The row's last cell has ended its paragraph already.
                self.end_open_paragraph();
                self.out.push('\n');
            }
            "f" | "plain" => {
                // Bytes read so far are in the font they were written in.
                self.flush_bytes();
                let font = if word == "f" { parameter } else { None };
                self.update(|g| g.font = font);
            }
            "pard" => self.update(|g| (g.heading, g.listed) = (false, false)),
            "s" => {
                let heading = parameter.is_some_and(|n| self.heading_styles.contains(&n));
                self.update(|g| g.heading = heading);
            }
            "outlinelevel" => {
                let heading = parameter.is_some_and(is_outline_level);
                self.update(|g| g.heading = heading);
            }
            "ls" => self.update(|g| g.listed = parameter.is_some_and(|n| n > 0)),
            "line" | "page" => self.text("\n"),
            "tab" => self.text("\t"),
            "emdash" => self.text("—"),
            "endash" => self.text("–"),
            "emspace" | "enspace" | "qmspace" => self.text(" "),
            "bullet" => self.text("•"),
            "lquote" => self.text("‘"),
            "rquote" => self.text("’"),
            "ldblquote" => self.text("“"),
            "rdblquote" => self.text("”"),
            _ => {}
        }
    }

    /// A byte of text in the current font's code page.
    fn byte(&mut self, b: u8) {
        match self.destination() {
            Destination::Body => {
                self.high_surrogate = None;
                self.pending.push(b);
            }
            Destination::Style => self.style.name.push(b),
            _ => {}
        }
    }

    fn text(&mut self, s: &str) {
        if self.destination() == Destination::Body {
            self.flush_bytes();
            self.high_surrogate = None;
            self.line.push_str(s);
        }
    }

    /// Decodes the pending bytes in the code page of the current font, or of the document.
    fn flush_bytes(&mut self) {
        if !self.pending.is_empty() {
            let font = self.group().font.or(self.default_font);
            let encoding = font
                .and_then(|f| self.fonts.get(&f).copied())
                .unwrap_or(self.encoding);
            let (text, _) = encoding.decode_without_bom_handling(&self.pending);
            let text: String = text
                .chars()
                .filter(|c| !c.is_control() || *c == '\t')
                .collect();
            self.line.push_str(&text);
            self.pending.clear();
        }
    }

    fn end_paragraph(&mut self) {
        self.flush_bytes();
        let group = self.group();
        let listed = group.listed || self.list_number;
        push_paragraph(&mut self.out, self.line.trim(), group.heading, listed);
        self.line.clear();
        self.list_number = false;
    }

    /// Ends the paragraph if it holds text (a section or row end right after a paragraph
    /// mark adds no blank line).
    fn end_open_paragraph(&mut self) {
        self.flush_bytes();
        if !self.line.trim().is_empty() {
            self.end_paragraph();
        }
    }

    /// At the end of a style's group: a paragraph style named "heading …" or "Title", or one
    /// with an outline level, marks its paragraphs as headings.
    fn end_style(&mut self) {
        let style = std::mem::take(&mut self.style);
        let name = String::from_utf8_lossy(&style.name).to_ascii_lowercase();
        let name = name.trim().trim_end_matches(';').trim();
        if let Some(number) = style.number {
            if style.outline || name.starts_with("heading") || name == "title" {
                self.heading_styles.insert(number);
            }
        }
    }

    fn finish(mut self) -> String {
        self.flush_bytes();
        if !self.line.trim().is_empty() {
            self.end_paragraph();
        }
        self.out
    }
}

/// Outline levels 0–8 are headings; 9 is body text.
fn is_outline_level(level: i64) -> bool {
    (0..9).contains(&level)
}

/// The code page of a font's character set (`\fcharsetN`); `None` for the ANSI and default
/// sets (the document's code page) and for symbol fonts.
fn charset_code_page(charset: i64) -> Option<&'static Encoding> {
    code_page(match charset {
        77 => 10000,
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        _ => return None,
    })
}

/// The encoding of a Windows code page number.
fn code_page(number: i64) -> Option<&'static Encoding> {
    Some(match number {
        874 => encoding_rs::WINDOWS_874,
        932 => encoding_rs::SHIFT_JIS,
        936 => encoding_rs::GBK,
        949 => encoding_rs::EUC_KR,
        950 => encoding_rs::BIG5,
        1250 => encoding_rs::WINDOWS_1250,
        1251 => encoding_rs::WINDOWS_1251,
        1252 => encoding_rs::WINDOWS_1252,
        1253 => encoding_rs::WINDOWS_1253,
        1254 => encoding_rs::WINDOWS_1254,
        1255 => encoding_rs::WINDOWS_1255,
        1256 => encoding_rs::WINDOWS_1256,
        1257 => encoding_rs::WINDOWS_1257,
        1258 => encoding_rs::WINDOWS_1258,
        10000 => encoding_rs::MACINTOSH,
        20866 => encoding_rs::KOI8_R,
        65001 => encoding_rs::UTF_8,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rtf: &str) -> String {
        extract(rtf.as_bytes()).unwrap()
    }

    #[test]
    fn paragraphs_become_lines_and_tables_of_fonts_and_colours_are_left_out() {
        let rtf = r"{\rtf1\ansi\deff0{\fonttbl{\f0\fswiss Arial;}}{\colortbl;\red0\green0\blue0;}
{\info{\author Someone Else}}\pard\plain\f0 Jane Doe\par
Data engineer\line Oslo\par}";
        assert_eq!(text(rtf), "Jane Doe\nData engineer\nOslo\n");
    }

    #[test]
    fn escapes_give_their_characters() {
        // \uN with its fallback skipped, negative values, a surrogate pair, code-page bytes,
        // the escaped braces and backslash, and the named punctuation.
        let rtf = r"{\rtf1\ansi\ansicpg1252\uc1 Caf\'e9 \u233?t\u233\'3f \u-3913? \u-10179?\u-8704? \{x\}\\ \endash\emdash\bullet\ldblquote q\rdblquote\par}";
        assert_eq!(text(rtf), "Café été \u{f0b7} 😀 {x}\\ –—•“q”\n");
        // \uc0: nothing to skip after \uN; \uc2: two fallback characters.
        assert_eq!(
            text(r"{\rtf1{\uc0\u233 a}{\uc2\u233\'65\'65 b}\par}"),
            "éaé b\n"
        );
        // A code page other than 1252.
        assert_eq!(text(r"{\rtf1\ansi\ansicpg1251 \'cf\'f0\'e8\par}"), "При\n");
    }

    #[test]
    fn headers_footers_fields_and_pictures_are_not_body_text() {
        let rtf = r#"{\rtf1{\header Page 1}{\footer Confidential}
{\field{\*\fldinst HYPERLINK "https://example.com"}{\fldrslt example.com}}\par
{\pict\pngblip 89504e47}{\*\shppict x}{\*\unknowndest hidden}Shown\par
{\*\bkmkstart b}Kept{\*\bkmkend b}\par}"#;
        assert_eq!(text(rtf), "example.com\nShown\nKept\n");
        // Binary data of a stated length is stepped over, braces inside it included.
        let mut bytes = br"{\rtf1{\pict\bin5 ".to_vec();
        bytes.extend_from_slice(b"}{\\}x");
        bytes.extend_from_slice(br"}After\par}");
        assert_eq!(extract(&bytes).unwrap(), "After\n");
    }

    #[test]
    fn heading_styles_and_lists_are_marked() {
        let rtf = r"{\rtf1{\stylesheet{\s0 Normal;}{\s1\outlinelevel0 heading 1;}{\s2 Heading 2;}{\*\cs10 Strong;}}
\pard\s1 Experience\par
\pard\s0 {\listtext\'b7\tab}Built the API\par
\pard\ls1 Shipped it\par
Led the team\par
\pard\s2 Skills\par
\pard\outlinelevel1 Education\par
\pard Plain\par}";
        assert_eq!(
            text(rtf),
            "\n## Experience\n- Built the API\n- Shipped it\n- Led the team\n\n## Skills\n\n## Education\nPlain\n"
        );
    }

    #[test]
    fn table_cells_are_lines_and_rows_end_with_a_blank_line() {
        let rtf =
            r"{\rtf1\trowd\cellx1000\cellx2000\pard\intbl 2019\cell Acme\cell\row\pard After\par}";
        assert_eq!(text(rtf), "2019\nAcme\n\nAfter\n");
    }

    #[test]
    fn broken_files_give_errors_or_what_text_there_is() {
        assert!(extract(b"plain text").is_err());
        // Unclosed groups and a truncated escape still give the text read so far.
        assert_eq!(text(r"{\rtf1 Jane\par Doe \'"), "Jane\nDoe\n");
        let deep = format!("{{\\rtf1{}", "{".repeat(MAX_DEPTH + 1));
        assert!(matches!(
            extract(deep.as_bytes()),
            Err(ExtractError::Malformed { .. })
        ));
        // A closing brace too many ends the document.
        assert_eq!(text(r"{\rtf1 One\par}} Two\par}"), "One\n");
    }

    #[test]
    fn properties_end_with_their_group_and_a_style_sets_the_heading_mark() {
        let sheet = r"{\stylesheet{\s1 heading 1;}{\s2 Body Text;}{\s3\outlinelevel9 Plain;}}";
        assert_eq!(
            text(&format!(r"{{\rtf1{sheet}{{\pard\s1 Head\par}}Body\par}}")),
            "\n## Head\nBody\n"
        );
        assert_eq!(
            text(&format!(
                r"{{\rtf1{sheet}\s1 Head\par\s2 Body\par\s3 Also\par}}"
            )),
            "\n## Head\nBody\nAlso\n"
        );
        // A section or row end right after a paragraph mark adds no blank line.
        assert_eq!(text(r"{\rtf1 A\par\sect B\par}"), "A\nB\n");
        // A backslash before a line end is a paragraph mark in the body only.
        assert_eq!(
            text("{\\rtf1 One{\\header H\\\nI} two\\\nThree\\par}"),
            "One two\nThree\n"
        );
    }

    #[test]
    fn a_hyphen_after_a_control_word_is_text() {
        assert_eq!(
            text(r"{\rtf1 a\tab-b \endash-c\fs-20 d\par}"),
            "a\t-b –-cd\n"
        );
    }

    #[test]
    fn bytes_are_read_in_their_fonts_character_set() {
        // A Cyrillic font in a Windows-1252 document, nested and flat font tables.
        for table in [
            r"{\fonttbl{\f0\fnil\fcharset204 Arial;}{\f1\fnil\fcharset0 Times;}}",
            r"{\fonttbl\f0\fnil\fcharset204 Arial;\f1\fnil\fcharset0 Times;}",
        ] {
            let rtf =
                format!(r"{{\rtf1\ansi\ansicpg1252\deff0{table}\'cf\'f0\'e8 {{\f1 caf\'e9}}\par}}");
            assert_eq!(text(&rtf), "При café\n", "{table}");
        }
    }

    #[test]
    fn stray_surrogates_and_out_of_range_escapes_give_nothing() {
        assert_eq!(text(r"{\rtf1\u-10179?a\par b\u-8704?\par}"), "a\nb\n");
        assert_eq!(text(r"{\rtf1 x\u70000?y\par}"), "xy\n");
        // A byte-order mark and white space before the start.
        assert_eq!(
            extract(b"\xEF\xBB\xBF\r\n{\\rtf1 Hi\\par}").unwrap(),
            "Hi\n"
        );
    }
}
