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

/// Renders HTML as plain text.
pub fn extract(html: &str) -> Result<String, ExtractError> {
    let html = site_chrome().replace_all(html, "");
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
