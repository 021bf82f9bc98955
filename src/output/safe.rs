//! Text from strangers made safe to show: control characters escaped before they reach a
//! terminal, and spreadsheet formulas defused before they reach a CSV cell.

use std::borrow::Cow;

/// `text` with every control character (ESC, newline, tab, DEL, C1 codes…) written as a
/// visible escape (`\n`, `\t`, `\r`, else `\u{..}`), so a file name or an id can neither move the cursor nor forge a
/// line of output. Text without control characters is returned as it is.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A message of several lines for a terminal: each line made safe as [`terminal_safe`] does,
/// and every line after the first indented, so that a line break inside a file name can never
/// pass for a message of its own.
pub fn terminal_safe_lines(text: &str) -> String {
    text.split('\n')
        .map(terminal_safe)
        .collect::<Vec<_>>()
        .join("\n  ")
}

/// A CSV cell that a spreadsheet will show as text: a cell starting with `=`, `+`, `-`, `@`,
/// tab or carriage return gets a leading `'` (OWASP's rule against formula injection).
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A CSV cell's text with formulas defused ([`spreadsheet_safe`]) and every control character
/// but the line break (which quoting keeps inside the cell) written as a visible escape, so
/// a file printed in a terminal cannot move the cursor or recolour it.
fn csv_cell(cell: &str) -> String {
    let defused = spreadsheet_safe(cell);
    defused
        .split('\n')
        .map(|line| terminal_safe(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text made safe inside HTML, in element content and in quoted attribute values.
pub fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Writes `header` and `rows` as CSV (RFC 4180 quoting by the `csv` crate), every cell made
/// safe by [`csv_cell`]. Every CSV the project writes goes through here.
pub fn write_csv<R, C>(header: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = String>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail: the csv writer only reports its sink's errors.
    let _ = writer.write_record(header);
    for row in rows {
        let cells: Vec<String> = row.into_iter().map(|c| csv_cell(&c)).collect();
        let _ = writer.write_record(&cells);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_plain_text_is_kept() {
        assert_eq!(terminal_safe("Ana Díaz.pdf"), "Ana Díaz.pdf");
        assert_eq!(
            terminal_safe("a\u{1b}[31mred\nnext\u{9b}"),
            "a\\u{1b}[31mred\\nnext\\u{9b}"
        );
    }

    #[test]
    fn messages_keep_their_line_breaks_indented_and_nothing_else() {
        assert_eq!(
            terminal_safe_lines("not found.\nTried:\n  - ./models\u{1b}[2J"),
            "not found.\n  Tried:\n    - ./models\\u{1b}[2J"
        );
        assert_eq!(terminal_safe_lines("one line"), "one line");
    }

    #[test]
    fn formula_cells_are_defused_and_quoting_is_standard() {
        for formula in ["=HYPERLINK(1).md", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert!(spreadsheet_safe(formula).starts_with('\''), "{formula:?}");
        }
        assert_eq!(spreadsheet_safe("plain"), "plain");
        let csv = write_csv(
            &["id", "note"],
            [vec![
                "=HYPERLINK(1).md".to_string(),
                "a, \"b\"\nc".to_string(),
            ]],
        );
        assert_eq!(csv, "id,note\n'=HYPERLINK(1).md,\"a, \"\"b\"\"\nc\"\n");
        let csv = write_csv(&["id"], [vec!["x\u{1b}[2Jy\u{7}".to_string()]]);
        assert_eq!(csv, "id\nx\\u{1b}[2Jy\\u{7}\n");
    }
}
