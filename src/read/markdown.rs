//! Markdown read as it renders: a link is its text, an image its alt text, an HTML entity
//! its character (`&nbsp;`, `&amp;`, `&#8211;`).
//!
//! A resume written in Markdown shows "Head Code Ninja, [Area 52]" where its source says
//! `[Area 52](https://area52.io/…)`. The address is not something a reader of the resume sees,
//! and its words ("https", "wikipedia", "org") would weigh in the resume's vectors, so the
//! same resume would score differently as Markdown and as the HTML or PDF made from it. Links
//! and images keep their brackets, as the HTML reader writes them (`<img alt="Python">` reads
//! "[Python]"). An e-mail or telephone link keeps its address after its text, since that is
//! what the person wrote to be reached by, and blind review must see it to take it out.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::{Captures, Regex};

/// The address part shared by links and images: `(address)` with an optional title and one
/// level of parentheses inside the address (`https://en.wikipedia.org/wiki/Foo_(bar)`).
const TARGET: &str = r#"\(((?:[^()\s]|\([^()\s]*\))*)(?:[ \t]+"[^"\n]*")?\)"#;

/// `![alt](address)`, on one line.
fn image() -> &'static Regex {
    static IMAGE: OnceLock<Regex> = OnceLock::new();
    IMAGE.get_or_init(|| {
        Regex::new(&format!(r"!\[([^\[\]\n]*)\]{TARGET}")).expect("a valid pattern")
    })
}

/// `[text](address)`, the text holding at most one level of brackets, on one line.
fn link() -> &'static Regex {
    static LINK: OnceLock<Regex> = OnceLock::new();
    LINK.get_or_init(|| {
        Regex::new(&format!(
            r"\[([^\[\]\n]*(?:\[[^\[\]\n]*\][^\[\]\n]*)*)\]{TARGET}"
        ))
        .expect("a valid pattern")
    })
}

/// `text` as it renders: line breaks written as HTML (`<br>`) as line breaks, entities as
/// their characters, links and images as their text.
pub(crate) fn as_rendered(text: &str) -> String {
    links_as_text(&entities_as_characters(&layout_tags_dropped(
        &comments_dropped(&breaks_as_lines(text)),
    )))
}

/// `text` without its HTML comments (`<!--more-->`, a blog's excerpt mark; a note to the
/// page's editors), which a rendered page does not show. A comment over several lines leaves
/// its line breaks, so line numbers keep their meaning; fenced code and code spans are kept
/// as written, and a comment left open is text.
fn comments_dropped(text: &str) -> String {
    if !text.contains("<!--") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut fenced = false;
    let mut rest = text;
    while !rest.is_empty() {
        let line_end = rest.find('\n').map_or(rest.len(), |at| at + 1);
        let line = &rest[..line_end];
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        // A comment opens outside code spans (an even number of backticks before it): a
        // sentence about "`<!--`" opens nothing.
        let opens = line
            .match_indices("<!--")
            .map(|(at, _)| at)
            .find(|&at| line[..at].matches('`').count().is_multiple_of(2))
            .filter(|_| !fenced);
        let Some(open) = opens else {
            out.push_str(line);
            rest = &rest[line_end..];
            continue;
        };
        let Some(close) = rest[open + 4..].find("-->") else {
            out.push_str(rest);
            break;
        };
        let close = open + 4 + close + 3;
        out.push_str(&rest[..open]);
        out.extend(rest[open..close].chars().filter(|&c| c == '\n'));
        rest = &rest[close..];
    }
    out
}

/// `text` without the HTML tags Markdown writers wrap text in to lay it out or style it
/// (`<div style="text-align: justify;">`, `<p align="center">`, `<span>`, `<b>`, a résumé
/// theme's `<header><h1>…</h1></header>` and `<ul><li>…</li></ul>`), which a rendered page
/// does not show; their content stays. A tag is markup where its line is nothing but such
/// tags (`<div …>`, `</ul>`, a page's `<meta …>`: a blank line now) or where the line closes
/// it (`<b>Jane</b>`); a tag a sentence names ("semantic <section> and <article> elements"),
/// code in backticks and fenced code are text. A list item reads as one (`- `), a block's
/// tag between two words parts them, and a link reads as a Markdown link does
/// (`<a href="…">Atlassian</a>` is "[Atlassian]").
fn layout_tags_dropped(text: &str) -> String {
    static TAG: OnceLock<Regex> = OnceLock::new();
    let tag = TAG.get_or_init(|| {
        Regex::new(&format!(
            r"(?i)<(/?)({}|{})(?:\s[^<>]*)?/?>",
            INLINE_TAGS.join("|"),
            BLOCK_TAGS.join("|")
        ))
        .expect("a valid pattern")
    });
    if !text.contains('<') {
        return text.to_string();
    }
    // For each block tag, the last line that closes it: a tag opening a line is markup when
    // a later line closes it (`<summary>Data Analyst | Uber` above ` </summary>`).
    let mut last_closed: HashMap<String, usize> = HashMap::new();
    let mut in_fence = false;
    for (at, line) in text.split_inclusive('\n').enumerate() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        if in_fence {
            continue;
        }
        // Outside code: a closing tag in backticks is named, not written.
        let outside: String = line.split('`').step_by(2).collect();
        for c in tag.captures_iter(&outside).filter(|c| &c[1] == "/") {
            last_closed.insert(c[2].to_ascii_lowercase(), at);
        }
    }
    let mut fenced = false;
    text.split_inclusive('\n')
        .enumerate()
        .map(|(at, line)| {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
                return line.to_string();
            }
            if fenced || !tag.is_match(line) {
                return line.to_string();
            }
            let end = if line.ends_with('\n') { "\n" } else { "" };
            if tag.replace_all(line, "").trim().is_empty() && !line.contains('`') {
                return end.to_string();
            }
            // Outside code spans (the even pieces between backticks), the tags the line closes;
            // a list item that opens the line is one even when a later line closes it.
            let pieces: Vec<&str> = line.split('`').collect();
            let outside: String = pieces.iter().step_by(2).copied().collect();
            let mut closed: Vec<String> = tag
                .captures_iter(&outside)
                .filter(|c| &c[1] == "/")
                .map(|c| c[2].to_ascii_lowercase())
                .collect();
            let opening = tag
                .captures(line.trim_start())
                .filter(|c| c.get(0).is_some_and(|m| m.start() == 0) && c[1].is_empty())
                .map(|c| c[2].to_ascii_lowercase());
            if let Some(name) = opening {
                let closed_later = last_closed.get(&name).is_some_and(|&close| close > at);
                // A styling tag that opens a line styles it ("<u>Essential", left open as a
                // hand-written page may): a sentence never starts with a tag it names.
                let styles_the_line = INLINE_TAGS.contains(&name.as_str()) && !closed_later;
                if name == "li"
                    || styles_the_line
                    || BLOCK_TAGS.contains(&name.as_str()) && closed_later
                {
                    closed.push(name);
                }
            }
            if closed.is_empty() {
                return line.to_string();
            }
            let rendered = pieces
                .iter()
                .enumerate()
                .map(|(i, piece)| {
                    if i % 2 == 1 {
                        return (*piece).to_string();
                    }
                    let piece = anchors_as_links(piece);
                    tag.replace_all(&piece, |c: &Captures| {
                        let name = c[2].to_ascii_lowercase();
                        if !closed.contains(&name) {
                            c[0].to_string()
                        } else if name == "li" && c[1].is_empty() {
                            // Each item on a line of its own, as it renders.
                            "\n- ".to_string()
                        } else if name == "tr" && c[1].is_empty() {
                            "\n".to_string()
                        } else if BLOCK_TAGS.contains(&name.as_str()) {
                            " ".to_string()
                        } else {
                            String::new()
                        }
                    })
                    .into_owned()
                })
                .collect::<Vec<_>>()
                .join("`");
            // Each line keeps the indentation, not the spaces its first and last tags left.
            let indent = &line[..line.len() - line.trim_start().len()];
            let lines: Vec<String> = rendered
                .split('\n')
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| format!("{indent}{l}"))
                .collect();
            format!("{}{end}", lines.join("\n"))
        })
        .collect()
}

/// Tags that style words inside a line: dropped, they part nothing.
#[rustfmt::skip]
const INLINE_TAGS: &[&str] = &[
    "span", "font", "small", "big", "b", "i", "u", "strong", "em", "sup", "sub", "a", "abbr",
    "time", "cite", "mark",
];

/// Tags that lay out blocks: dropped, they part the words on either side.
#[rustfmt::skip]
const BLOCK_TAGS: &[&str] = &[
    "div", "p", "center", "section", "article", "header", "footer", "main", "nav", "aside",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote",
    "figure", "figcaption", "address", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    "caption", "hr", "meta", "link", "details", "summary",
];

/// `<a href="address">text</a>` as the Markdown link `[text](address)`, which
/// [`links_as_text`] then reads as its text; styling inside the text (an icon font's
/// `<i class="fa fa-envelope"></i>`) is dropped, an address may go unquoted, an anchor with
/// no text is nothing, and one whose address a Markdown link cannot hold is its bracketed
/// text.
fn anchors_as_links(piece: &str) -> String {
    static ANCHOR: OnceLock<Regex> = OnceLock::new();
    static STYLING: OnceLock<Regex> = OnceLock::new();
    // The styling tags, not the anchor's own.
    let styles = || {
        INLINE_TAGS
            .iter()
            .filter(|t| **t != "a")
            .copied()
            .collect::<Vec<_>>()
            .join("|")
    };
    let anchor = ANCHOR.get_or_init(|| {
        let styles = styles();
        Regex::new(&format!(
            r#"(?i)<a\s[^<>]*?href\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)'|([^\s"'<>]+))[^<>]*>((?:[^<>]|</?(?:{styles})\b[^<>]*>)*)</a\s*>"#
        ))
        .expect("a valid pattern")
    });
    let styling = STYLING.get_or_init(|| {
        Regex::new(&format!(r"(?i)</?(?:{})\b[^<>]*>", styles())).expect("a valid pattern")
    });
    if !piece.contains('<') {
        return piece.to_string();
    }
    anchor
        .replace_all(piece, |c: &Captures| {
            let address = c
                .get(1)
                .or(c.get(2))
                .or(c.get(3))
                .map_or("", |m| m.as_str());
            let text = styling.replace_all(&c[4], "");
            let text = text.trim();
            if text.is_empty() {
                String::new()
            } else if address.is_empty() || address.contains([' ', '(', ')', '\t']) {
                format!("[{text}]")
            } else {
                format!("[{text}]({address})")
            }
        })
        .into_owned()
}

/// `text` with each `<br>` (`<br/>`, `<br />`) a line break: dropped at the end of a line,
/// where the line breaks anyway, and a new line inside one.
fn breaks_as_lines(text: &str) -> String {
    static BREAK: OnceLock<Regex> = OnceLock::new();
    let tag = BREAK.get_or_init(|| {
        Regex::new(r"(?i)[ \t]*<br\s*/?>[ \t]*(\r?\n|$)?").expect("a valid pattern")
    });
    if !text.contains('<') {
        return text.to_string();
    }
    tag.replace_all(text, |c: &Captures| match c.get(1) {
        Some(end) => end.as_str().to_string(),
        None => "\n".to_string(),
    })
    .into_owned()
}

/// The named entities Markdown writers use, and their characters.
const ENTITIES: &[(&str, &str)] = &[
    ("nbsp", " "),
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("rsquo", "’"),
    ("lsquo", "‘"),
    ("rdquo", "”"),
    ("ldquo", "“"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("hellip", "…"),
    ("bull", "•"),
    ("middot", "·"),
    ("copy", "©"),
];

/// `text` with each HTML entity a Markdown renderer turns into a character so turned: the
/// named ones above and numeric ones (`&#39;`, `&#x2019;`); anything else is kept as written.
pub(super) fn entities_as_characters(text: &str) -> String {
    static ENTITY: OnceLock<Regex> = OnceLock::new();
    let entity = ENTITY.get_or_init(|| {
        Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});").expect("a valid pattern")
    });
    if !text.contains('&') {
        return text.to_string();
    }
    entity
        .replace_all(text, |c: &Captures| {
            let name = &c[1];
            let numeric = name.strip_prefix('#').and_then(|n| {
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse().ok(),
                }?;
                char::from_u32(code)
                    .filter(|c| !c.is_control() || c.is_whitespace())
                    .map(String::from)
            });
            numeric
                .or_else(|| {
                    ENTITIES
                        .iter()
                        .find(|(entity, _)| *entity == name)
                        .map(|(_, character)| character.to_string())
                })
                .unwrap_or_else(|| c[0].to_string())
        })
        .into_owned()
}

/// `text` with each Markdown image written as its bracketed alt text and each link as its
/// bracketed text, an e-mail or telephone link followed by its address.
pub(crate) fn links_as_text(text: &str) -> String {
    let images = image().replace_all(text, |c: &Captures| {
        if c[1].trim().is_empty() {
            String::new()
        } else {
            format!("[{}]", &c[1])
        }
    });
    link()
        .replace_all(&images, |c: &Captures| {
            let target = &c[2];
            let reached_by = ["mailto:", "tel:"]
                .iter()
                .find_map(|scheme| target.strip_prefix(scheme));
            match reached_by {
                Some(address) if !c[1].contains(address) => format!("[{}] {address}", &c[1]),
                _ => format!("[{}]", &c[1]),
            }
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_comments_are_not_text_and_lines_stay_in_place() {
        let page = "Intro paragraph.\n\n<!--more-->\n\nDuties <!-- TODO: pay -->here.\n\
            <!-- a note\nover two lines -->\nLast line.\n```\n<!-- shown code -->\n```\n";
        let rendered = comments_dropped(page);
        assert_eq!(rendered.lines().count(), page.lines().count());
        assert_eq!(
            rendered,
            "Intro paragraph.\n\n\n\nDuties here.\n\n\nLast line.\n```\n<!-- shown code -->\n```\n"
        );
        assert_eq!(
            comments_dropped("an open <!-- comment"),
            "an open <!-- comment"
        );
        // A code span naming the mark opens nothing, and an arrow later on closes nothing.
        let arrow = "Wrote `<!--` guards in templates.\n## Experience\nEngineer --> Senior\n";
        assert_eq!(comments_dropped(arrow), arrow);
    }

    #[test]
    fn a_link_is_its_text_and_an_image_its_alt_text() {
        assert_eq!(
            links_as_text(
                "### *Head Code Ninja*, [Area 52](https://area52.io/does-not-exist) (2013-09)"
            ),
            "### *Head Code Ninja*, [Area 52] (2013-09)"
        );
        assert_eq!(
            links_as_text(
                "Manager for [**Quantum Diorama**](https://en.wikipedia.org/wiki/Vaporware_(software) \"title\")."
            ),
            "Manager for [**Quantum Diorama**]."
        );
        // An image reads as its alt text, as the HTML reader writes one; a badge inside a
        // link too, with neither address left.
        assert_eq!(
            links_as_text("![Python](https://img.shields.io/python.svg) ![](me.png) Jane"),
            "[Python]  Jane"
        );
        assert_eq!(
            links_as_text("[![LinkedIn](https://img.shields.io/b.svg)](https://linkedin.com/in/x)"),
            "[[LinkedIn]]"
        );
        // Brackets that are not a link stay as written; so do bare addresses.
        for plain in [
            "Skills [optional] (see below)",
            "Site: https://janef.me/blog",
            "[a] (b c)",
        ] {
            assert_eq!(links_as_text(plain), plain);
        }
        // Lines are kept: a link never joins two lines.
        assert_eq!(links_as_text("[a\nb](c)"), "[a\nb](c)");
    }

    #[test]
    fn an_e_mail_or_phone_link_keeps_its_address() {
        assert_eq!(
            links_as_text("[Email](mailto:rebecca.oyelaran@example.com) · [Call](tel:+15550100)"),
            "[Email] rebecca.oyelaran@example.com · [Call] +15550100"
        );
        // Written once when the text is the address already.
        assert_eq!(
            links_as_text("[ana@example.com](mailto:ana@example.com)"),
            "[ana@example.com]"
        );
    }

    #[test]
    fn layout_tags_are_dropped_and_their_text_kept() {
        assert_eq!(
            as_rendered(
                "## Profile\n<div style=\"text-align: justify;\">\nDynamic sales rep.\n</div>\n"
            ),
            "## Profile\n\nDynamic sales rep.\n\n"
        );
        assert_eq!(
            as_rendered("<p align=\"center\"><b>Jane Doe</b> · <span class=\"x\">Nurse</span></p>"),
            "Jane Doe · Nurse"
        );
        assert_eq!(
            as_rendered("Apply by May.\n<meta name=\"twitter:title\" content=\"Postdoc\" />\n"),
            "Apply by May.\n\n"
        );
        // A styling tag left open at a line's start styles the line.
        assert_eq!(
            as_rendered("<u>Essential\n- Deep understanding of UX\n"),
            "Essential\n- Deep understanding of UX\n"
        );
        // Tags a sentence names, code and other tags are left as written.
        for text in [
            "Built layouts with <divider> and <table>",
            "Used semantic <section> and <article> elements.",
            "The linter flags `<b>` and `<i>` in favour of `<strong>`.",
            "Portfolio: <link to portfolio available on request>",
            "fn parse() -> Result<P>",
        ] {
            assert_eq!(as_rendered(text), text);
        }
        assert_eq!(as_rendered("```\n<div>\n```\n"), "```\n<div>\n```\n");
    }

    #[test]
    fn a_themes_html_blocks_read_as_headers_and_list_items() {
        // A résumé theme's job: a header whose title follows the employer's link, its date,
        // and its duties as list items.
        let job = "<section class=\"resume-item\">\n  <header>\n    <h1><a href=\"http://www.atlassian.com\">Atlassian</a> | UX Researcher</h1>\n    <p>May 2013–present, San Francisco</p>\n  </header>\n  <ul>\n    <li>Designed and ran usability tests.</li>\n    <li>Wrote screeners.</li>\n  </ul>\n</section>\n";
        let rendered = as_rendered(job);
        assert_eq!(rendered.lines().count(), job.lines().count());
        assert_eq!(
            rendered,
            "\n\n    [Atlassian] | UX Researcher\n    May 2013–present, San Francisco\n\n\n    - Designed and ran usability tests.\n    - Wrote screeners.\n\n\n"
        );
        // Cells and blocks on one line part their words; styling tags part nothing.
        assert_eq!(
            as_rendered("<tr><td>2019</td><td>Nurse, <abbr>ICU</abbr></td></tr>"),
            "2019  Nurse, ICU"
        );
        // A link's address is not read, but an e-mail link keeps its address; an anchor
        // with no text is nothing.
        assert_eq!(
            as_rendered(
                "<p><a name=\"top\"></a>Write to <a href=\"mailto:ana@example.com\">me</a></p>"
            ),
            "Write to [me] ana@example.com"
        );
        // Items on one line part into lines; an item closed on a later line is one too.
        assert_eq!(
            as_rendered(
                "<ul><li>Acme Corp, Engineer, 2019 – 2021</li><li>Globex, Analyst</li></ul>"
            ),
            "- Acme Corp, Engineer, 2019 – 2021\n- Globex, Analyst"
        );
        assert_eq!(
            as_rendered("  <li>Led the billing rewrite\n  and its launch</li>\n"),
            "  - Led the billing rewrite\n  and its launch\n"
        );
        // An icon inside a link, and an address without quotes.
        assert_eq!(
            as_rendered(
                "<p><a href=\"mailto:jane@example.com\"><i class=\"fa fa-envelope\"></i> Email me</a> · <a href=mailto:sam@example.org>Sam</a></p>"
            ),
            "[Email me] jane@example.com · [Sam] sam@example.org"
        );
        // A block opened at the start of a line and closed on a later one: a theme's
        // collapsible job (`<details>`, its header line in `<summary>`).
        assert_eq!(
            as_rendered("<details>\n  <summary>Data Analyst | Uber | March 2019 - Present\n </summary>\n\n  - Led dashboards\n</details>\n"),
            "\n  Data Analyst | Uber | March 2019 - Present\n\n\n  - Led dashboards\n\n"
        );
        assert_eq!(
            as_rendered("<section> and <table> are tags I know.\n"),
            "<section> and <table> are tags I know.\n"
        );
        let named = "<details> and <summary> widgets fold text.\nClose it with `</details>`.\n";
        assert_eq!(as_rendered(named), named);
        // A sentence naming tags it does not close is text, as before.
        let named = "Marked up lists with <ul> and <li> and tables with <table>.";
        assert_eq!(as_rendered(named), named);
    }

    #[test]
    fn entities_read_as_their_characters() {
        assert_eq!(
            as_rendered("reports.&nbsp; Q&amp;A, 2019&#8211;2021, it&#x27;s &ndash; R&D &unknown;"),
            "reports.  Q&A, 2019–2021, it's – R&D &unknown;"
        );
        assert_eq!(
            as_rendered("**Data Engineer**<br>\nAmazon<BR/> Seattle<br />\n2022"),
            "**Data Engineer**\nAmazon\nSeattle\n2022"
        );
        // An ampersand that opens no entity stays.
        assert_eq!(as_rendered("AT&T & B&Q"), "AT&T & B&Q");
    }
}
