//! Text from HTML with html2text: headings stay marked (`# `), tables come out row by row,
//! scripts and styles are dropped, a site's navigation and footer are left out (menus of a
//! job board are not the job), and lines are not wrapped.

use std::sync::OnceLock;

use regex::Regex;

use super::extract_error::ExtractError;

/// Wide enough that no resume line is wrapped, so line numbers follow the source's blocks.
const WIDTH: usize = 10_000;

/// `<nav>`, `<footer>` and `<select>` elements: a site's menus, legal links and the drop-down
/// lists of its search forms (whose options would read as a list of words). Forms themselves
/// stay: some sites wrap a whole page in one.
fn site_chrome() -> &'static Regex {
    static CHROME: OnceLock<Regex> = OnceLock::new();
    CHROME.get_or_init(|| {
        Regex::new(
            r"(?is)<nav\b[^>]*>.*?</nav\s*>|<footer\b[^>]*>.*?</footer\s*>|<select\b[^>]*>.*?</select\s*>",
        )
        .expect("a valid pattern")
    })
}

/// The tags that make a table's structure, and the block elements and line breaks whose
/// presence in a cell says the table may lay out a page rather than hold data.
fn table_and_block_tags() -> &'static Regex {
    static TAGS: OnceLock<Regex> = OnceLock::new();
    TAGS.get_or_init(|| {
        Regex::new(r"(?i)<(/?)(table|tbody|thead|tfoot|tr|td|th|ul|ol|li|p|div|br|h[1-6])\b[^>]*>")
            .expect("a valid pattern")
    })
}

/// Tables that lay out a page turned into blocks, one cell after another: a table with a row
/// of two cells or more that each hold a page's worth (a list, a heading, another table, two
/// paragraphs or more, or lines parted by [`CELL_BREAKS`] `<br>`s or more), such as an old
/// careers page's qualifications and duties side by side, or a resume's sidebar beside its
/// experience. Rendered as tables, their cells are
/// printed side by side, line by line, so the first qualification and the first duty end up
/// on one line. Other tables stay tables, read row by row: a table of data ("Skills |
/// PyTorch, vLLM"), one a word processor exported with a paragraph in each cell ("Jan 2019 –
/// Present | Acme | Analyst"), or a resume's short dates column beside each job's title and
/// bullets. One pass over the tags, no recursion: nesting is followed with a stack, and a
/// cell left unclosed ends at the next cell, row or table.
fn layout_tables_as_blocks(html: &str) -> String {
    const STRUCTURE: [&str; 7] = ["table", "tbody", "thead", "tfoot", "tr", "td", "th"];
    let tags: Vec<_> = table_and_block_tags().captures_iter(html).collect();
    // Which table each structure tag belongs to, and whether each table lays out a page.
    let mut owner: Vec<Option<usize>> = vec![None; tags.len()];
    let mut layout: Vec<bool> = Vec::new();
    let mut open: Vec<OpenTable> = Vec::new();
    for (at, tag) in tags.iter().enumerate() {
        let closing = !tag[1].is_empty();
        let name = tag[2].to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("table", false) => {
                if let Some(cell) = open.last_mut().and_then(|o| o.cell.as_mut()) {
                    cell.blocks = true;
                }
                layout.push(false);
                open.push(OpenTable {
                    table: layout.len() - 1,
                    full_cells: 0,
                    cell: None,
                });
                owner[at] = Some(layout.len() - 1);
            }
            ("table", true) => {
                if let Some(mut table) = open.pop() {
                    layout[table.table] |= table.end_cell();
                    owner[at] = Some(table.table);
                }
            }
            (name, _) if STRUCTURE.contains(&name) => {
                if let Some(table) = open.last_mut() {
                    owner[at] = Some(table.table);
                    match (name, closing) {
                        ("td" | "th", false) => {
                            layout[table.table] |= table.end_cell();
                            table.cell = Some(OpenCell::default());
                        }
                        ("td" | "th", true) => layout[table.table] |= table.end_cell(),
                        ("tr", _) => {
                            layout[table.table] |= table.end_cell();
                            table.full_cells = 0;
                        }
                        _ => {}
                    }
                }
            }
            (block, false) => {
                if let Some(cell) = open.last_mut().and_then(|o| o.cell.as_mut()) {
                    match block {
                        "p" | "div" => cell.paragraphs += 1,
                        "br" => cell.breaks += 1,
                        _ => cell.blocks = true,
                    }
                }
            }
            _ => {}
        }
    }
    if !layout.contains(&true) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for (tag, table) in tags.iter().zip(&owner) {
        if !table.is_some_and(|t| layout[t]) {
            continue;
        }
        let whole = tag.get(0).expect("a match");
        out.push_str(&html[last..whole.start()]);
        let name = tag[2].to_ascii_lowercase();
        if !matches!(name.as_str(), "tbody" | "thead" | "tfoot") {
            out.push_str(if tag[1].is_empty() { "<div>" } else { "</div>" });
        }
        last = whole.end();
    }
    out.push_str(&html[last..]);
    out
}

/// What [`layout_tables_as_blocks`] has seen of an open table's current row and cell.
struct OpenTable {
    table: usize,
    /// Cells of the current row that hold a page's worth.
    full_cells: usize,
    cell: Option<OpenCell>,
}

/// A table cell being read: its paragraphs and line breaks, and whether it holds a list, a
/// heading or a table.
#[derive(Default)]
struct OpenCell {
    paragraphs: usize,
    breaks: usize,
    blocks: bool,
}

/// Line breaks that make a cell a page's worth by themselves (a sidebar written as
/// "SKILLS<br>Python<br>SQL<br>…"); a date cell's "Jan 2019<br>Present" is not.
const CELL_BREAKS: usize = 3;

impl OpenTable {
    /// Ends the current cell; whether its row now makes the table a layout.
    fn end_cell(&mut self) -> bool {
        if let Some(cell) = self.cell.take() {
            if cell.blocks || cell.paragraphs >= 2 || cell.breaks >= CELL_BREAKS {
                self.full_cells += 1;
            }
        }
        self.full_cells >= 2
    }
}

/// Renders HTML as plain text.
pub fn extract(html: &str) -> Result<String, ExtractError> {
    let html = site_chrome().replace_all(html, "");
    let html = layout_tables_as_blocks(&html);
    let text = html2text::config::plain()
        .no_table_borders()
        .link_footnotes(false)
        .string_from_read(html.as_bytes(), WIDTH)
        .map_err(|e| ExtractError::Malformed {
            format: "HTML".into(),
            reason: e.to_string(),
        })?;
    // Table cells are padded to a common width; the padding is noise for matching.
    Ok(text
        .lines()
        .map(|line| not_a_heading(line.trim_end()))
        .collect::<Vec<_>>()
        .join("\n"))
}

/// A heading's marks taken off a line that is no heading: a list item that a heading left
/// open holds (`<h5>Education<h5><ul><li>…`, which a browser too renders inside the
/// heading, is a list under "Education").
fn not_a_heading(line: &str) -> &str {
    let Some(rest) = line
        .strip_prefix('#')
        .map(|l| l.trim_start_matches('#'))
        .and_then(|l| l.strip_prefix(' '))
    else {
        return line;
    };
    if rest.starts_with("* ") || rest.starts_with("- ") {
        rest
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_left_open_does_not_make_its_list_headings() {
        let html = "<h5>Education<h5><ul><li>Teaching Credential, 2014</li>\
            <li>Planned and delivered lessons for a second-grade class of twenty-six students \
            with varied needs</li></ul><h5>Experience</h5><p>Student teacher</p>";
        let text = extract(html).unwrap();
        assert!(text.contains("\n* Teaching Credential, 2014"), "{text}");
        assert!(!text.contains("#* ") && !text.contains("# *"), "{text}");
        assert!(text.contains("##### Experience"), "{text}");
    }

    #[test]
    fn headings_paragraphs_and_tables_in_order() {
        let html = r#"<!DOCTYPE html><html><head><title>CV</title><style>p{color:red}</style>
<script>var skills = "COBOL";</script></head><body>
<h2>Experience</h2><p>Built <b>RAG</b> pipelines with LangChain &amp; pgvector.</p>
<table><tr><td>Skills</td><td>PyTorch, vLLM</td></tr></table></body></html>"#;
        let text = extract(html).unwrap();
        assert!(text.contains("## Experience"), "{text}");
        assert!(
            text.contains("Built **RAG** pipelines with LangChain & pgvector."),
            "{text}"
        );
        assert!(text.contains("Skills"), "{text}");
        assert!(text.contains("PyTorch, vLLM"), "{text}");
        assert!(!text.contains("COBOL") && !text.contains("color"), "{text}");
    }

    #[test]
    fn a_table_that_lays_out_columns_is_read_one_cell_after_another() {
        let html = "<table><tr><td>Qualifications:<ul><li>Two years of laboratory sales</li>\
            <li>Excellent written communication</li></ul></td>\
            <td>Duties:<ul><li>Present new product lines</li><li>Manage the territory</li></ul>\
            </td></tr></table><table><tr><td>Skills</td><td>PyTorch, vLLM</td></tr></table>";
        let text = extract(html).unwrap();
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        // Each item on its own line, the first column before the second.
        for item in [
            "Two years of laboratory sales",
            "Excellent written communication",
            "Present new product lines",
            "Manage the territory",
        ] {
            assert!(
                lines
                    .iter()
                    .any(|l| l.trim_start_matches(['*', '-', ' ']) == item),
                "{item}: {text}"
            );
        }
        let at = |needle: &str| text.find(needle).unwrap();
        assert!(at("Excellent written") < at("Duties:"), "{text}");
        // A table of data keeps its row on one line.
        assert!(
            lines
                .iter()
                .any(|l| l.contains("Skills") && l.contains("PyTorch")),
            "{text}"
        );
    }

    #[test]
    fn tables_a_word_processor_exports_keep_their_rows() {
        // A paragraph in every cell, as Word and Google Docs write them.
        let html = "<table><tr><td><p class=MsoNormal>Jan 2019 – Present</p></td>\
            <td><p class=MsoNormal>Acme Corporation</p></td>\
            <td><p class=MsoNormal>Senior Data Analyst</p></td></tr></table>";
        let text = extract(html).unwrap();
        assert!(
            text.lines()
                .any(|l| l.contains("Jan 2019") && l.contains("Senior Data Analyst")),
            "{text}"
        );
        // A short dates column beside each job's title and bullets: the dates stay on the
        // title's line.
        let two_columns = "<table><tr><td>2019 – 2023</td><td><b>Senior Software \
            Engineer, Acme Corp</b><ul><li>Led the billing rewrite</li></ul></td></tr></table>";
        let text = extract(two_columns).unwrap();
        assert!(
            text.lines()
                .any(|l| l.contains("2019 – 2023") && l.contains("Senior Software")),
            "{text}"
        );
        // A sidebar of lines parted by <br> beside the experience is a column of its own.
        let sidebar = "<table><tr><td><b>SKILLS</b><br>Python<br>SQL<br>Go<br></td><td>\
            <h2>Experience</h2><ul><li>Ran the on-call rotation</li></ul></td></tr></table>";
        let text = extract(sidebar).unwrap();
        assert!(
            !text
                .lines()
                .any(|l| l.contains("Python") && l.contains("on-call")),
            "{text}"
        );
        // Unclosed cells and rows end at the next one.
        let unclosed = "<table><tr><td><ul><li>Sell to laboratories</ul><td><ul><li>Manage \
            the territory</ul><tr><td>Pay<td>Commission</table>";
        let text = extract(unclosed).unwrap();
        assert!(
            !text
                .lines()
                .any(|l| l.contains("laboratories") && l.contains("territory")),
            "{text}"
        );
    }

    #[test]
    fn navigation_and_footers_are_left_out() {
        let html = "<html><body><NAV class=x><ul><li>Jobs</li><li>Kubernetes jobs</li></ul></NAV>\
            <form id=form1><select><option>Java jobs</option></select>\
            <main><h1>Nurse</h1><p>Patient care.</p></main><footer>Privacy | Python SDK</footer>\
            </form></body></html>";
        let text = extract(html).unwrap();
        assert!(text.contains("Patient care."), "{text}");
        assert!(
            !text.contains("Kubernetes") && !text.contains("Python"),
            "{text}"
        );
        assert!(!text.contains("Java"), "{text}");
    }
}
