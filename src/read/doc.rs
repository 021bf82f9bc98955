//! Text from legacy Word files (`.doc`, Word 97–2003): the main document's characters found
//! through the piece table (MS-DOC's CLX) in the file's OLE streams. Paragraphs become lines,
//! headings (Word's built-in heading and Title styles, or an outline level) marked with `## `
//! and list paragraphs with `- `, from each paragraph's properties; each table cell is a line
//! and each row is followed by a blank line, as for DOCX; a field's code is left out and its
//! result kept. The text of footnotes, headers, comments and text boxes, which Word stores
//! after the main document's, is not read.

use super::extract_error::{read_capped, ExtractError};
use super::office::push_paragraph;
use std::collections::HashSet;
use std::io::Cursor;

/// The FIB's magic number: a Word 97 or later document.
const WORD_IDENT: u16 = 0xA5EC;
/// Word 97's FIB version; older files (Word 6, Word 95) lay the FIB out otherwise.
const WORD_97: u16 = 0x00C1;
/// `fEncrypted` and `fWhichTblStm` in the FIB's flags.
const ENCRYPTED: u16 = 0x0100;
const TABLE_1: u16 = 0x0200;
/// The FIB's fixed part; then come counted arrays of 16-bit values, of 32-bit values (the
/// fourth is `ccpText`, the main document's length in characters) and of offset and length
/// pairs, places in the table stream: the 2nd the style sheet (`fcStshf`), the 14th the
/// paragraph properties' page table (`fcPlcfBtePapx`), the 34th the piece table (`fcClx`).
const FIB_BASE: usize = 32;
const CCP_TEXT: usize = 3;
const STYLES: usize = 1;
const PARAGRAPH_PAGES: usize = 13;
const CLX: usize = 33;
/// Paragraph properties come in pages of 512 bytes in the WordDocument stream.
const PAGE: usize = 512;
/// Word's built-in style numbers (`sti`) for "heading 1" to "heading 9", and "Title".
const HEADING_STYLES: std::ops::RangeInclusive<u16> = 1..=9;
const TITLE_STYLE: u16 = 62;
/// The paragraph properties read: list membership (`sprmPIlfo`) and outline level
/// (`sprmPOutLvl`; 9 is body text).
const SPRM_LIST: u16 = 0x460B;
const SPRM_OUTLINE: u16 = 0x2640;
/// The streams are read whole; a resume's are a few hundred KiB.
const MAX_STREAM_BYTES: u64 = 64 * 1024 * 1024;

/// Extracts the main document's text of a Word 97–2003 file.
pub fn extract(bytes: &[u8]) -> Result<String, ExtractError> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| malformed(format!("not a readable OLE compound file ({e})")))?;
    if file.is_stream("EncryptedPackage") {
        // A password-protected DOCX or XLSX is kept in an OLE file.
        return Err(ExtractError::Encrypted);
    }
    let word = read_stream(&mut file, "WordDocument", || {
        "an Office 97–2003 file that is not a Word document (an Excel or PowerPoint file?); \
         save the resume as DOCX or PDF"
            .to_string()
    })?;
    let fib = Fib::parse(&word)?;
    let table_name = if fib.table_1 { "1Table" } else { "0Table" };
    let table = read_stream(&mut file, table_name, || {
        format!("the {table_name} stream is missing: the document is damaged")
    })?;
    let clx = table
        .get(fib.clx.clone())
        .ok_or_else(|| malformed("the piece table lies outside the table stream".into()))?;
    let pieces = pieces(clx)?;
    // Pieces may not hold more characters than the stream has bytes (hostile ones could all
    // point at the same bytes).
    let total = pieces.iter().try_fold(0usize, |sum, piece| {
        let chars = piece
            .cp_end
            .min(fib.text_chars)
            .saturating_sub(piece.cp_start);
        sum.checked_add(chars as usize)
            .filter(|&sum| sum <= word.len())
    });
    if total.is_none() {
        return Err(malformed(
            "the piece table holds more text than the document".into(),
        ));
    }
    let headings = heading_styles(table.get(fib.styles.clone()).unwrap_or_default());
    let marks = ParagraphMarks::read(
        &word,
        table.get(fib.paragraph_pages.clone()).unwrap_or_default(),
        &headings,
    );
    let mut text = Text {
        marks,
        ..Text::default()
    };
    for piece in pieces {
        if piece.cp_start >= fib.text_chars {
            break;
        }
        let chars = piece.cp_end.min(fib.text_chars) - piece.cp_start;
        let units = piece_units(&word, &piece, chars)?;
        let width = if piece.compressed { 1 } else { 2 };
        for (i, unit) in units.into_iter().enumerate() {
            text.push(unit, piece.offset + i * width);
        }
    }
    Ok(text.finish())
}

fn malformed(reason: String) -> ExtractError {
    ExtractError::Malformed {
        format: "Word (DOC)".into(),
        reason,
    }
}

/// The stream `name`, whole; `missing` says why its absence matters.
fn read_stream(
    file: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
    missing: impl FnOnce() -> String,
) -> Result<Vec<u8>, ExtractError> {
    let stream = file.open_stream(name).map_err(|_| malformed(missing()))?;
    let part = format!("the {name} stream");
    read_capped(stream, MAX_STREAM_BYTES, &part, |e| {
        malformed(format!("{part}: {e}"))
    })
}

/// What the text reader needs from the File Information Block.
struct Fib {
    table_1: bool,
    text_chars: u32,
    styles: std::ops::Range<usize>,
    paragraph_pages: std::ops::Range<usize>,
    clx: std::ops::Range<usize>,
}

impl Fib {
    fn parse(word: &[u8]) -> Result<Fib, ExtractError> {
        let short = || malformed("the WordDocument stream is too short for its header".into());
        let u16_at = |at: usize| -> Result<u16, ExtractError> {
            Ok(u16::from_le_bytes(
                word.get(at..at + 2).ok_or_else(short)?.try_into().unwrap(),
            ))
        };
        let u32_at = |at: usize| -> Result<u32, ExtractError> {
            Ok(u32::from_le_bytes(
                word.get(at..at + 4).ok_or_else(short)?.try_into().unwrap(),
            ))
        };
        if u16_at(0)? != WORD_IDENT {
            return Err(malformed(
                "the WordDocument stream has no Word header".into(),
            ));
        }
        if u16_at(2)? < WORD_97 {
            return Err(malformed(
                "a Word 6 or Word 95 document; open it in a word processor and save it as DOCX"
                    .into(),
            ));
        }
        let flags = u16_at(0x0A)?;
        if flags & ENCRYPTED != 0 {
            return Err(ExtractError::Encrypted);
        }
        let longs = FIB_BASE + 2 + 2 * usize::from(u16_at(FIB_BASE)?) + 2;
        let pairs_at = longs + 4 * usize::from(u16_at(longs - 2)?);
        if usize::from(u16_at(pairs_at)?) <= CLX {
            return Err(malformed(
                "the Word header lists too few parts to find the text".into(),
            ));
        }
        let pairs = pairs_at + 2;
        let place = |pair: usize| -> Result<std::ops::Range<usize>, ExtractError> {
            let start = u32_at(pairs + 8 * pair)? as usize;
            Ok(start..start.saturating_add(u32_at(pairs + 8 * pair + 4)? as usize))
        };
        Ok(Fib {
            table_1: flags & TABLE_1 != 0,
            text_chars: u32_at(longs + 4 * CCP_TEXT)?,
            styles: place(STYLES)?,
            paragraph_pages: place(PARAGRAPH_PAGES)?,
            clx: place(CLX)?,
        })
    }
}

/// A run of characters stored together: character positions `cp_start..cp_end`, at `offset`
/// in the WordDocument stream, as 8-bit Windows-1252 (`compressed`) or UTF-16LE.
struct Piece {
    cp_start: u32,
    cp_end: u32,
    offset: usize,
    compressed: bool,
}

/// The pieces of the CLX: formatting runs (`Prc`, type 1) are stepped over, then the piece
/// table (`Pcdt`, type 2) gives `n + 1` character positions and `n` 8-byte descriptors.
fn pieces(mut clx: &[u8]) -> Result<Vec<Piece>, ExtractError> {
    let broken = || malformed("the piece table is damaged".into());
    while clx.first() == Some(&1) {
        let size = i16::from_le_bytes(clx.get(1..3).ok_or_else(broken)?.try_into().unwrap());
        let size = usize::try_from(size).map_err(|_| broken())?;
        clx = clx.get(3 + size..).ok_or_else(broken)?;
    }
    if clx.first() != Some(&2) {
        return Err(broken());
    }
    let size = u32::from_le_bytes(clx.get(1..5).ok_or_else(broken)?.try_into().unwrap()) as usize;
    let table = clx.get(5..5usize.saturating_add(size)).ok_or_else(broken)?;
    if table.len() < 4 || (table.len() - 4) % 12 != 0 {
        return Err(broken());
    }
    let n = (table.len() - 4) / 12;
    let cp = |i: usize| u32::from_le_bytes(table[4 * i..4 * i + 4].try_into().unwrap());
    let descriptors = &table[4 * (n + 1)..];
    (0..n)
        .map(|i| {
            let (cp_start, cp_end) = (cp(i), cp(i + 1));
            if cp_end < cp_start {
                return Err(broken());
            }
            let fc = u32::from_le_bytes(descriptors[8 * i + 2..8 * i + 6].try_into().unwrap());
            let compressed = fc & 0x4000_0000 != 0;
            let fc = (fc & 0x3FFF_FFFF) as usize;
            Ok(Piece {
                cp_start,
                cp_end,
                offset: if compressed { fc / 2 } else { fc },
                compressed,
            })
        })
        .collect()
}

/// The `chars` UTF-16 code units of a piece's start.
fn piece_units(word: &[u8], piece: &Piece, chars: u32) -> Result<Vec<u16>, ExtractError> {
    let chars = chars as usize;
    let width = if piece.compressed { 1 } else { 2 };
    let bytes = word
        .get(piece.offset..piece.offset.saturating_add(chars.saturating_mul(width)))
        .ok_or_else(|| malformed("a piece of text lies outside the WordDocument stream".into()))?;
    Ok(if piece.compressed {
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
        text.encode_utf16().collect()
    } else {
        bytes
            .chunks_exact(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect()
    })
}

/// The style numbers (`istd`) of the style sheet's heading styles.
fn heading_styles(stsh: &[u8]) -> HashSet<u16> {
    let u16_at = |at: usize| {
        stsh.get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let (Some(header), Some(count)) = (u16_at(0), u16_at(2)) else {
        return HashSet::new();
    };
    let mut at = 2 + usize::from(header);
    let mut headings = HashSet::new();
    for istd in 0..count {
        let Some(size) = u16_at(at) else { break };
        // A style's first 12 bits are its built-in number.
        if let Some(sti) = (size >= 2).then(|| u16_at(at + 2)).flatten() {
            let sti = sti & 0x0FFF;
            if HEADING_STYLES.contains(&sti) || sti == TITLE_STYLE {
                headings.insert(istd);
            }
        }
        at += 2 + usize::from(size);
    }
    headings
}

/// Whether a paragraph is a heading or a list item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Mark {
    heading: bool,
    listed: bool,
}

/// Each paragraph's [`Mark`], by where its text lies in the WordDocument stream.
#[derive(Default)]
struct ParagraphMarks {
    /// Runs of stream offsets, sorted, each with the mark of the paragraph that ends in it.
    runs: Vec<(std::ops::Range<usize>, Mark)>,
}

impl ParagraphMarks {
    /// Reads the pages of paragraph properties that `pages` (`PlcBtePapx`: `n + 1` stream
    /// offsets and `n` page numbers) lists. A page that does not parse is left out: its
    /// paragraphs come out plain.
    fn read(word: &[u8], pages: &[u8], headings: &HashSet<u16>) -> ParagraphMarks {
        let mut runs = Vec::new();
        let n = pages.len().saturating_sub(4) / 8;
        let mut seen = HashSet::new();
        for i in 0..n {
            let at = 4 * (n + 1) + 4 * i;
            let page =
                (u32::from_le_bytes(pages[at..at + 4].try_into().unwrap()) & 0x003F_FFFF) as usize;
            // A page listed twice is read once.
            if !seen.insert(page) {
                continue;
            }
            if let Some(fkp) = word.get(page * PAGE..(page + 1) * PAGE) {
                page_runs(fkp, headings, &mut runs);
            }
        }
        runs.sort_by_key(|(range, _)| range.start);
        ParagraphMarks { runs }
    }

    /// The mark of the paragraph whose end mark lies at `offset`.
    fn at(&self, offset: usize) -> Mark {
        let i = self
            .runs
            .partition_point(|(range, _)| range.start <= offset);
        match i.checked_sub(1).map(|i| &self.runs[i]) {
            Some((range, mark)) if range.contains(&offset) => *mark,
            _ => Mark::default(),
        }
    }
}

/// The runs of one page of paragraph properties (`PapxFkp`): its last byte counts the runs,
/// which start with `count + 1` stream offsets, then one 13-byte entry per run whose first
/// byte, doubled, is where in the page the run's properties are.
fn page_runs(fkp: &[u8], headings: &HashSet<u16>, runs: &mut Vec<(std::ops::Range<usize>, Mark)>) {
    let count = usize::from(fkp[PAGE - 1]);
    let offset = |i: usize| {
        fkp.get(4 * i..4 * i + 4)
            .map(|b| u32::from_le_bytes(b.try_into().unwrap()) as usize)
    };
    for i in 0..count {
        let (Some(start), Some(end)) = (offset(i), offset(i + 1)) else {
            return;
        };
        let Some(&place) = fkp.get(4 * (count + 1) + 13 * i) else {
            return;
        };
        let properties = (place != 0)
            .then(|| paragraph_properties(&fkp[..PAGE - 1], 2 * usize::from(place)))
            .flatten();
        let mark = properties.map_or(Mark::default(), |(istd, sprms)| Mark {
            heading: headings.contains(&istd)
                || sprm(sprms, SPRM_OUTLINE).is_some_and(|level| level.first() < Some(&9)),
            listed: sprm(sprms, SPRM_LIST).is_some_and(|list| list.iter().any(|&b| b != 0)),
        });
        if start < end {
            runs.push((start..end, mark));
        }
    }
}

/// A paragraph's style number and its own properties (`GrpPrlAndIstd`), at `at` in a page: a
/// size byte (the size is twice it, less one; or, when it is 0, twice the next byte) first.
fn paragraph_properties(page: &[u8], at: usize) -> Option<(u16, &[u8])> {
    let size_byte = usize::from(*page.get(at)?);
    let (start, size) = if size_byte != 0 {
        (at + 1, 2 * size_byte - 1)
    } else {
        (at + 2, 2 * usize::from(*page.get(at + 1)?))
    };
    let bytes = page.get(start..start + size)?;
    let istd = u16::from_le_bytes(bytes.get(..2)?.try_into().ok()?);
    Some((istd, &bytes[2..]))
}

/// The operand of the first property `wanted` in a list of properties (`grpprl`), each a
/// 16-bit code whose top three bits tell its operand's size.
fn sprm(mut grpprl: &[u8], wanted: u16) -> Option<&[u8]> {
    while grpprl.len() >= 2 {
        let code = u16::from_le_bytes([grpprl[0], grpprl[1]]);
        let (start, size) = match code >> 13 {
            0 | 1 => (2, 1),
            2 | 4 | 5 => (2, 2),
            3 => (2, 4),
            7 => (2, 3),
            // Variable: a size byte first (a table's definition has a 16-bit size).
            _ if code == 0xD608 => (
                4,
                usize::from(u16::from_le_bytes(grpprl.get(2..4)?.try_into().ok()?))
                    .checked_sub(1)?,
            ),
            _ => (3, usize::from(*grpprl.get(2)?)),
        };
        let operand = grpprl.get(start..start + size)?;
        if code == wanted {
            return Some(operand);
        }
        grpprl = &grpprl[start + size..];
    }
    None
}

/// Turns the main document's characters into lines: paragraph marks end lines (marked as
/// headings or list items from the paragraph's properties), and field codes are left out.
#[derive(Default)]
struct Text {
    marks: ParagraphMarks,
    out: String,
    line: String,
    /// For each field open at this point: whether its code has ended (its result is shown).
    fields: Vec<bool>,
    /// How many of those are still in their code: while any is, characters are not text.
    in_code: usize,
    high_surrogate: Option<u16>,
}

impl Text {
    /// Takes the character `unit` that lies at `offset` in the WordDocument stream.
    fn push(&mut self, unit: u16, offset: usize) {
        match unit {
            0x13 => {
                self.fields.push(false);
                self.in_code += 1;
            }
            0x14 => {
                if let Some(shown @ false) = self.fields.last_mut() {
                    *shown = true;
                    self.in_code -= 1;
                }
            }
            0x15 => {
                if self.fields.pop() == Some(false) {
                    self.in_code -= 1;
                }
            }
            _ if self.in_code > 0 => {}
            // The end of a paragraph, a table cell or a row.
            0x0D | 0x07 => self.end_paragraph(offset),
            // A page or section break, or a column break: they end a paragraph that has text.
            0x0C | 0x0E => {
                if !self.line.trim().is_empty() {
                    self.end_paragraph(offset);
                }
            }
            0x0B => self.line.push('\n'),
            0x09 => self.line.push('\t'),
            0x1E => self.line.push('-'),
            0xD800..=0xDBFF => self.high_surrogate = Some(unit),
            _ => {
                let c = match self.high_surrogate.take() {
                    Some(high) if (0xDC00..0xE000).contains(&unit) => {
                        char::decode_utf16([high, unit]).next().and_then(Result::ok)
                    }
                    _ => char::from_u32(u32::from(unit)),
                };
                // Anchors of pictures and objects, footnote marks and other controls are not
                // text.
                if let Some(c) = c.filter(|c| !c.is_control()) {
                    self.line.push(c);
                }
            }
        }
    }

    /// Ends the paragraph whose mark lies at `offset`.
    fn end_paragraph(&mut self, offset: usize) {
        let mark = self.marks.at(offset);
        push_paragraph(&mut self.out, self.line.trim(), mark.heading, mark.listed);
        self.line.clear();
    }

    fn finish(mut self) -> String {
        if !self.line.trim().is_empty() {
            push_paragraph(&mut self.out, self.line.trim(), false, false);
        }
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(units: &str) -> String {
        let mut text = Text::default();
        for (i, unit) in units.encode_utf16().enumerate() {
            text.push(unit, i);
        }
        text.finish()
    }

    #[test]
    fn marks_become_line_ends_and_field_codes_are_left_out() {
        assert_eq!(
            text_of("Jane Doe\rData engineer\x0bOslo\r2019\x07Acme\x07\x07After\r"),
            "Jane Doe\nData engineer\nOslo\n2019\nAcme\n\nAfter\n"
        );
        assert_eq!(
            text_of(
                "See \x13 HYPERLINK \"https://x.org\" \x14x.org\x15 and \x13 PAGE \x141\x15.\r"
            ),
            "See x.org and 1.\n"
        );
        // A field inside another field's code is code too.
        assert_eq!(
            text_of("a\x13 IF \x13 PAGE \x141\x15 \x14shown\x15b"),
            "ashownb\n"
        );
        assert_eq!(text_of("x\x01\x08y\x1fz\x1e\u{1F600}"), "xyz-\u{1F600}\n");
        // A lone high surrogate is dropped, not the character after it.
        let units = [0x61, 0xD83D, 0x62, 0x0D];
        let mut text = Text::default();
        for (i, unit) in units.into_iter().enumerate() {
            text.push(unit, i);
        }
        assert_eq!(text.finish(), "ab\n");
        // Section and column breaks end a paragraph that has text, and only then.
        assert_eq!(text_of("One\x0eTwo\x0c\rThree\x0c"), "One\nTwo\n\nThree\n");
    }

    #[test]
    fn files_that_are_not_word_97_documents_are_refused_with_a_reason() {
        let err = extract(b"not an OLE file").unwrap_err();
        assert!(matches!(err, ExtractError::Malformed { .. }), "{err:?}");
        assert!(Fib::parse(&[0u8; 8]).is_err());
        let mut fib = vec![0u8; 0x1B0];
        fib[0..2].copy_from_slice(&WORD_IDENT.to_le_bytes());
        fib[2..4].copy_from_slice(&0x0068u16.to_le_bytes());
        let old = Fib::parse(&fib).err().unwrap().to_string();
        assert!(old.contains("Word 95") && old.contains("DOCX"), "{old}");
        fib[2..4].copy_from_slice(&WORD_97.to_le_bytes());
        fib[0x0A..0x0C].copy_from_slice(&ENCRYPTED.to_le_bytes());
        assert_eq!(Fib::parse(&fib).err(), Some(ExtractError::Encrypted));
    }

    /// An OLE compound file holding `streams`.
    fn ole(streams: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        for (name, bytes) in streams {
            file.create_stream(name).unwrap().write_all(bytes).unwrap();
        }
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    #[test]
    fn other_office_files_and_damaged_word_files_are_told_apart() {
        let workbook = extract(&ole(&[("Workbook", b"cells")]))
            .unwrap_err()
            .to_string();
        assert!(workbook.contains("not a Word document"), "{workbook}");
        let short = extract(&ole(&[("WordDocument", b"\xEC\xA5")]))
            .unwrap_err()
            .to_string();
        assert!(short.contains("too short"), "{short}");
        let password = extract(&ole(&[("EncryptedPackage", b"secret")]));
        assert_eq!(password, Err(ExtractError::Encrypted));
    }

    #[test]
    fn a_damaged_piece_table_is_an_error_not_a_panic() {
        for clx in [
            &[][..],
            &[2, 255, 255, 255, 255][..],
            &[1, 255, 127][..],
            // The second character position before the first.
            &[
                2, 16, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            ][..],
        ] {
            assert!(pieces(clx).is_err(), "{clx:?}");
        }
        // One compressed piece of three characters at byte 8.
        let mut clx = vec![2u8, 16, 0, 0, 0];
        clx.extend(0u32.to_le_bytes());
        clx.extend(3u32.to_le_bytes());
        clx.extend([0, 0]);
        clx.extend((0x4000_0000u32 | 16).to_le_bytes());
        clx.extend([0, 0]);
        let pieces = pieces(&clx).unwrap();
        let word = b"........Caf\xe9";
        let units = piece_units(word, &pieces[0], 3).unwrap();
        assert_eq!(String::from_utf16(&units).unwrap(), "Caf");
        assert!(piece_units(word, &pieces[0], 9).is_err());
    }

    #[test]
    fn paragraph_properties_mark_headings_and_list_items() {
        // A page of paragraph properties with three runs: a heading style (istd 1), a list
        // item (its own sprmPIlfo) and a paragraph with an outline level of 9 (body text).
        let mut fkp = vec![0u8; PAGE];
        for (i, offset) in [100u32, 110, 120, 130].iter().enumerate() {
            fkp[4 * i..4 * i + 4].copy_from_slice(&offset.to_le_bytes());
        }
        let properties: [&[u8]; 3] = [&[1, 0], &[0, 0, 0x0B, 0x46, 1, 0], &[0, 0, 0x40, 0x26, 9]];
        let mut place = 200;
        for (i, p) in properties.iter().enumerate() {
            fkp[16 + 13 * i] = (place / 2) as u8;
            // The size byte: an odd size is written as (size + 1) / 2; an even one after a 0.
            if p.len() % 2 == 1 {
                fkp[place] = p.len().div_ceil(2) as u8;
                fkp[place + 1..place + 1 + p.len()].copy_from_slice(p);
            } else {
                fkp[place + 1] = (p.len() / 2) as u8;
                fkp[place + 2..place + 2 + p.len()].copy_from_slice(p);
            }
            place += 16;
        }
        fkp[PAGE - 1] = 3;
        let mut runs = Vec::new();
        page_runs(&fkp, &HashSet::from([1]), &mut runs);
        let marks = ParagraphMarks { runs };
        let heading = Mark {
            heading: true,
            listed: false,
        };
        let listed = Mark {
            heading: false,
            listed: true,
        };
        assert_eq!(marks.at(105), heading);
        assert_eq!(marks.at(119), listed);
        assert_eq!(marks.at(125), Mark::default());
        assert_eq!(marks.at(130), Mark::default());
        let mut text = Text {
            marks,
            ..Text::default()
        };
        for (unit, offset) in "Skills\rRust\rPlain\r".encode_utf16().zip([
            100, 101, 102, 103, 104, 105, 106, 110, 111, 112, 113, 114, 120, 121, 122, 123, 124,
            125,
        ]) {
            text.push(unit, offset);
        }
        assert_eq!(text.finish(), "\n## Skills\n- Rust\nPlain\n");
        // A property list cut short ends the search.
        assert_eq!(sprm(&[0x0B, 0x46, 1], SPRM_LIST), None);
        assert_eq!(
            sprm(&[0x40, 0x26, 2, 0x0B, 0x46, 1, 0], SPRM_LIST),
            Some(&[1, 0][..])
        );
    }
}
