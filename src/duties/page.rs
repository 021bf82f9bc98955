//! A plain document — headings, paragraphs, lists, tables and quoted lines — written once and
//! rendered as Markdown or as one self-contained HTML page. Every document the duties write
//! (instructions for use, notices, a candidate's explanation, a candidate's record) is built
//! this way, so each says the same in both formats.

use std::fmt::Write;

use crate::output::html_escape as esc;

/// Where only the employer knows the answer: marked in both formats so that nobody sends the
/// document with the blank still in it.
pub(crate) const EMPLOYER_FILLS: &str = "[TO BE FILLED BY THE EMPLOYER";

/// A number of years in words: "1 year", "4 years".
pub fn years(n: u32) -> String {
    if n == 1 {
        "1 year".to_string()
    } else {
        format!("{n} years")
    }
}

/// A blank for the employer, saying what goes there.
pub fn blank(what: &str) -> String {
    format!("{EMPLOYER_FILLS}: {what}]")
}

#[derive(Debug, Clone, PartialEq)]
enum Block {
    Heading(String),
    Paragraph(String),
    List(Vec<String>),
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// Lines quoted from a document, with where they come from.
    Quote {
        source: String,
        lines: Vec<String>,
    },
}

/// A document being written: a title, then blocks in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    title: String,
    blocks: Vec<Block>,
}

impl Page {
    pub fn new(title: impl Into<String>) -> Self {
        Page {
            title: title.into(),
            blocks: Vec::new(),
        }
    }

    pub fn heading(&mut self, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Heading(text.into()));
        self
    }

    pub fn paragraph(&mut self, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Paragraph(text.into()));
        self
    }

    /// A bulleted list; an empty one is left out.
    pub fn list<I, S>(&mut self, items: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let items: Vec<String> = items.into_iter().map(Into::into).collect();
        if !items.is_empty() {
            self.blocks.push(Block::List(items));
        }
        self
    }

    pub fn table(&mut self, header: &[&str], rows: Vec<Vec<String>>) -> &mut Self {
        self.blocks.push(Block::Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows,
        });
        self
    }

    /// Lines quoted word for word from a document; `source` says where from ("lines 4–6").
    pub fn quote(&mut self, source: impl Into<String>, lines: Vec<String>) -> &mut Self {
        if !lines.is_empty() {
            self.blocks.push(Block::Quote {
                source: source.into(),
                lines,
            });
        }
        self
    }

    /// Every piece of text on the page, in order (for tests that look for a field).
    #[cfg(test)]
    pub(crate) fn plain_text(&self) -> String {
        let mut out = self.title.clone();
        for block in &self.blocks {
            out.push('\n');
            match block {
                Block::Heading(t) | Block::Paragraph(t) => out.push_str(t),
                Block::List(items) => out.push_str(&items.join("\n")),
                Block::Table { header, rows } => {
                    out.push_str(&header.join(" | "));
                    for row in rows {
                        out.push('\n');
                        out.push_str(&row.join(" | "));
                    }
                }
                Block::Quote { source, lines } => {
                    out.push_str(source);
                    out.push('\n');
                    out.push_str(&lines.join("\n"));
                }
            }
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n", md(&self.title));
        for block in &self.blocks {
            out.push('\n');
            match block {
                Block::Heading(t) => {
                    let _ = writeln!(out, "## {}", md(t));
                }
                Block::Paragraph(t) => {
                    let _ = writeln!(out, "{}", md(t));
                }
                Block::List(items) => {
                    for item in items {
                        let _ = writeln!(out, "- {}", md(item));
                    }
                }
                Block::Table { header, rows } => {
                    let cells =
                        |row: &[String]| row.iter().map(|c| md(c)).collect::<Vec<_>>().join(" | ");
                    let _ = writeln!(out, "| {} |", cells(header));
                    let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
                    for row in rows {
                        let _ = writeln!(out, "| {} |", cells(row));
                    }
                }
                Block::Quote { source, lines } => {
                    let _ = writeln!(out, "{}:\n", md(source));
                    for line in lines {
                        let _ = writeln!(out, "> {}  ", md(line));
                    }
                }
            }
        }
        out
    }

    /// One HTML page with its style inside, readable on a phone and printable.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{}</title><style>{STYLE}</style></head><body><main><h1>{}</h1>",
            esc(&self.title),
            html(&self.title)
        );
        for block in &self.blocks {
            match block {
                Block::Heading(t) => {
                    let _ = write!(out, "<h2>{}</h2>", html(t));
                }
                Block::Paragraph(t) => {
                    let _ = write!(out, "<p>{}</p>", html(t));
                }
                Block::List(items) => {
                    out.push_str("<ul>");
                    for item in items {
                        let _ = write!(out, "<li>{}</li>", html(item));
                    }
                    out.push_str("</ul>");
                }
                Block::Table { header, rows } => {
                    out.push_str("<div class=\"table\"><table><thead><tr>");
                    for h in header {
                        let _ = write!(out, "<th scope=\"col\">{}</th>", html(h));
                    }
                    out.push_str("</tr></thead><tbody>");
                    for row in rows {
                        out.push_str("<tr>");
                        for cell in row {
                            let _ = write!(out, "<td>{}</td>", html(cell));
                        }
                        out.push_str("</tr>");
                    }
                    out.push_str("</tbody></table></div>");
                }
                Block::Quote { source, lines } => {
                    let _ = write!(
                        out,
                        "<figure><figcaption>{}</figcaption><blockquote>",
                        html(source)
                    );
                    for line in lines {
                        let _ = write!(out, "<p>{}</p>", html(line));
                    }
                    out.push_str("</blockquote></figure>");
                }
            }
        }
        out.push_str("</main></body></html>\n");
        out
    }
}

/// Text escaped for HTML, with the employer's blanks marked and `commands` in code type.
fn html(text: &str) -> String {
    let escaped = code_spans(&esc(text));
    let mut out = String::new();
    let mut rest = escaped.as_str();
    while let Some(start) = rest.find(EMPLOYER_FILLS) {
        let end = rest[start..]
            .find(']')
            .map_or(rest.len(), |e| start + e + 1);
        out.push_str(&rest[..start]);
        let _ = write!(out, "<mark>{}</mark>", &rest[start..end]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Text between pairs of backticks set as code (an unpaired backtick stays as it is).
fn code_spans(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len() < 3 {
        return text.to_string();
    }
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let paired = i % 2 == 1 && i + 1 < parts.len();
        let closes_unpaired = i % 2 == 1 && i + 1 == parts.len();
        if paired {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            if closes_unpaired {
                out.push('`');
            }
            out.push_str(part);
        }
    }
    out
}

/// Text escaped for Markdown: quoted resume lines and free text never turn into markup
/// (backticks and underscores inside words are left, as they only make code or nothing). The
/// employer's blanks keep their brackets.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // A line break in free text (a reviewer's reason) would start a heading, a list or a new
    // table row: the text is one line.
    let text = text
        .split(['\r', '\n'])
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    for (i, c) in text.chars().enumerate() {
        match c {
            '\\' | '*' | '<' | '>' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '-' | '+' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.replace("\\[TO BE FILLED BY THE EMPLOYER", EMPLOYER_FILLS)
        .replace("\\]", "]")
        .replace("](", "]\\(")
}

const STYLE: &str = "body{font:16px/1.55 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b1b1b;\
background:#fff;margin:0}main{max-width:46rem;margin:0 auto;padding:1.5rem 1rem 3rem}\
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;\
border-bottom:1px solid #d0d0d0;padding-bottom:.2rem}ul{padding-left:1.3rem}li{margin:.25rem 0}\
code{font:.9em ui-monospace,Menlo,Consolas,monospace;background:#f0f0f0;padding:0 .2rem}mark{background:#fff3b0;color:#1b1b1b;padding:0 .15rem}figure{margin:.75rem 0}\
figcaption{font-size:.9rem;color:#4a4a4a}blockquote{margin:.25rem 0;padding:.4rem .8rem;\
border-left:4px solid #5a6f8c;background:#f4f6f9}blockquote p{margin:.1rem 0;white-space:pre-wrap;\
overflow-wrap:anywhere}.table{overflow-x:auto}table{border-collapse:collapse;margin:.5rem 0;\
font-size:.95rem}th,td{border:1px solid #c4c4c4;padding:.35rem .5rem;text-align:left;\
vertical-align:top}th{background:#eef1f5}@media print{main{max-width:none}}";

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Page {
        let mut page = Page::new("A *title*");
        page.heading("Part")
            .paragraph(format!("Ask {}.", blank("a contact")))
            .list(["one", "<b>two</b>"])
            .table(&["a", "b"], vec![vec!["1|2".into(), "x".into()]])
            .quote(
                "lines 3–4",
                vec!["# not a heading".into(), "[link](x)".into()],
            );
        page
    }

    #[test]
    fn markdown_keeps_quoted_text_from_turning_into_markup() {
        let md = sample().to_markdown();
        assert!(md.starts_with("# A \\*title\\*\n"));
        assert!(md.contains("> \\# not a heading"));
        assert!(md.contains("\\[link]\\(x)"));
        assert!(md.contains("| 1\\|2 | x |"));
        assert!(md.contains("[TO BE FILLED BY THE EMPLOYER: a contact]"));
        // A reason written on several lines stays one paragraph.
        let mut page = Page::new("t");
        page.paragraph("Reason: fine\n## not a heading\n- nor a list");
        let md = page.to_markdown();
        assert!(
            md.contains("Reason: fine ## not a heading - nor a list"),
            "{md}"
        );
    }

    #[test]
    fn html_escapes_everything_and_marks_the_employers_blanks() {
        let html = sample().to_html();
        assert!(html.contains("<li>&lt;b&gt;two&lt;/b&gt;</li>"));
        assert!(html.contains("<mark>[TO BE FILLED BY THE EMPLOYER: a contact]</mark>"));
        assert!(!html.contains("<b>two"));
        assert!(html.contains("<figcaption>lines 3–4</figcaption>"));
    }

    #[test]
    fn backticks_in_pairs_are_code_in_html_and_an_odd_one_stays() {
        assert_eq!(
            code_spans("run `a` and `b`"),
            "run <code>a</code> and <code>b</code>"
        );
        assert_eq!(code_spans("a ` b `c` d"), "a <code> b </code>c` d");
        assert_eq!(code_spans("one ` only"), "one ` only");
    }

    #[test]
    fn empty_lists_and_quotes_are_left_out() {
        let mut page = Page::new("t");
        page.list(Vec::<String>::new()).quote("x", vec![]);
        assert_eq!(page.to_markdown(), "# t\n");
    }
}
