//! Front matter: the YAML (`---`) or TOML (`+++`) block static-site generators put before a
//! page's Markdown or HTML. Most of it is metadata: its title is kept (the reader puts it on the
//! document's first line) and a layout name, a thumbnail path or a date is set aside, so that
//! none reads as a skill and a page of HTML behind it is still read as HTML. A field written in
//! prose is part of the page, though: a job template's `key objectives:` list is the posting's
//! duties, which the page shows where its Markdown includes them. A list of sentences is kept,
//! under its key as a `##` heading, after the body, so that the lines that open the text (a
//! resume's name and contacts) stay first. So is a field of prose that a site renders as the
//! page: a multi-line value whose key names its format (`requirements_markdown: |-`), and on a
//! page whose body holds no prose, every multi-line value of prose (a CMS keeps the whole
//! posting there); never what search engines, previews or the page's frame show. And where a
//! YAML block is the page itself (a site theme's resume page, its `experience:` a list of
//! records with their sentences, its body only the layout's call), the whole block is read as
//! a YAML resume is. Editors write what sites show but YAML refuses (a block value begun on
//! its key's line, its paragraphs at the margin): such a value is still the block's.

use std::sync::OnceLock;

use regex::Regex;

use super::{json_text, markdown};

/// The most lines a front matter block may take before it is taken for ordinary text. Job
/// templates carry long comment banners for their editors (one real posting's block is 232
/// lines); what keeps prose out is that every line must read as a field, a comment or a list.
const MAX_LINES: usize = 1000;

/// An item of fewer words than this (words of two letters or more) is metadata: a name, a date,
/// a time ("1:00-2:00pm ET"), a tag.
const PROSE_MIN_WORDS: usize = 5;

/// What a front matter block puts on the page: its title, and its lists written in prose.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct FrontMatter {
    title: Option<String>,
    lists: Vec<String>,
    /// The whole page, where the block holds it (see [`super::json_text::data_page_to_text`]).
    page: Option<String>,
}

/// The front matter block at the start of `text` (empty when there is none) and the text after
/// it.
pub(crate) fn lift(text: &str) -> (FrontMatter, &str) {
    match split(text) {
        Some((fields, body)) => {
            let body_is_empty = !has_prose(body);
            let yaml = text.trim_start().starts_with("---");
            if let Some(page) = (body_is_empty && yaml)
                .then(|| {
                    let fields = without_markdown_comments(fields);
                    json_text::data_page_to_text(&fields, is_prose, about_the_page)
                })
                .flatten()
            {
                let front = FrontMatter {
                    page: Some(markdown::as_rendered(&page)),
                    ..FrontMatter::default()
                };
                return (front, body);
            }
            let front = FrontMatter {
                title: title(fields, body_is_empty),
                lists: prose_fields(fields, body_is_empty),
                page: None,
            };
            (front, body)
        }
        None => (FrontMatter::default(), text),
    }
}

/// `text` with the front matter's title above it and its lists below it: what opens the text
/// (a resume's name and contacts, a posting's title) stays where readers of the first lines
/// look for it.
pub(crate) fn around(front: FrontMatter, text: String) -> String {
    let mut out = front.title.map(|t| format!("{t}\n\n")).unwrap_or_default();
    if let Some(page) = front.page {
        out.push_str(&page);
        out.push_str("\n\n");
    }
    out.push_str(&text);
    for list in front.lists {
        out.push_str(&format!("\n\n{list}"));
    }
    out
}

/// The block's lines and the text after it.
fn split(text: &str) -> Option<(&str, &str)> {
    // Blank lines may come before the opening fence, as a site generator reads them.
    let opening = text.trim_start_matches(char::is_whitespace);
    let skipped = &text[..text.len() - opening.len()];
    if !(skipped.is_empty() || skipped.ends_with('\n')) {
        return None;
    }
    let fence = ["---", "+++"].into_iter().find(|f| {
        opening
            .strip_prefix(f)
            .is_some_and(|rest| rest.starts_with(['\n', '\r']))
    })?;
    let after_open = opening[fence.len()..].trim_start_matches(['\r', '\n']);
    // Behind blank lines (as a converted document starts), a block of contact fields is the
    // resume's header ruled off, not a site's metadata.
    let is_contact = |line: &str| {
        let key = line
            .split(':')
            .next()
            .unwrap_or_default()
            .trim()
            .to_lowercase();
        ["name", "email", "e-mail", "phone", "mobile", "address"].contains(&key.as_str())
    };
    if !skipped.is_empty()
        && after_open
            .lines()
            .take_while(|l| l.trim_end() != fence)
            .any(is_contact)
    {
        return None;
    }
    let mut offset = text.len() - after_open.len();
    // Whether the lines go on a block value (`key: |`): its editors also write its paragraphs
    // at the margin, which a site's lenient reader keeps as the value's. Only in a block of a
    // site's fields (a resume's contact header ruled off is none), and only where another
    // field follows those paragraphs: text that runs on to a `---` rule is a page whose
    // block was never closed.
    let lenient = !after_open
        .lines()
        .take_while(|l| l.trim_end() != fence)
        .any(is_contact);
    let mut in_block = false;
    let mut margin_text = false;
    for line in after_open.split_inclusive('\n').take(MAX_LINES) {
        let bare = line.trim_end();
        let closes = bare == fence || (fence == "---" && bare == "...");
        if closes {
            if margin_text {
                return None;
            }
            let fields = &text[text.len() - after_open.len()..offset];
            return Some((fields, &text[offset + line.len()..]));
        }
        // A resume that rules off its name with `---` lines is not metadata.
        let field = is_field_line(bare);
        if !(field || lenient && in_block) {
            return None;
        }
        margin_text |= !field;
        if is_key_line(bare) {
            margin_text = false;
            in_block = bare
                .split_once([':', '='])
                .is_some_and(|(_, value)| block_value(value.trim()).is_some());
        }
        offset += line.len();
    }
    None
}

/// A line that starts a field at the margin: `key: value` (not a list item, a comment, an
/// indented line or a sentence).
fn is_key_line(line: &str) -> bool {
    !line.trim().is_empty() && !line.starts_with([' ', '\t', '#', '-', '[']) && is_field_line(line)
}

/// The text a value opens a block with, where it opens one: none for `|`, `>` and their
/// indicators, and the words after the indicator where an editor began the text on the key's
/// line (`role_summary: | Login.gov is…`).
fn block_value(value: &str) -> Option<&str> {
    if opens_block(value) {
        return Some("");
    }
    value
        .strip_prefix("| ")
        .or_else(|| value.strip_prefix("> "))
        .map(str::trim)
        .filter(|rest| rest.chars().any(char::is_alphabetic))
}

/// A line front matter is made of: `key: value`, `key = value`, a list item, an indented
/// continuation, a comment or a blank line.
fn is_field_line(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with(['#', '-', '[']) || line.starts_with([' ', '\t']) {
        return true;
    }
    let key_end = trimmed.find([':', '=']).unwrap_or(trimmed.len());
    let key = trimmed[..key_end].trim();
    // YAML keys may hold spaces ("application link: …"); a key of more than a few words is
    // a sentence with a colon in it.
    // A quoted part of a key may hold any character but a space (TOML's `"blog/category"`,
    // `params."blog/tag"`); a quoted phrase is a sentence's.
    static QUOTED: OnceLock<Regex> = OnceLock::new();
    let quoted =
        QUOTED.get_or_init(|| Regex::new(r#""[^"\s]+"|'[^'\s]+'"#).expect("a valid pattern"));
    let unquoted = quoted.replace_all(key, "k");
    key_end < trimmed.len()
        && !key.is_empty()
        && key.split_whitespace().count() <= 4
        && unquoted
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '"' | ' '))
}

/// A field of a block: its key and its value, a list of items (each with its indent) or text.
struct Field {
    key: String,
    /// Each item with its indent, and whether it is a record of more than one field.
    items: Vec<(usize, String, bool)>,
    /// A single value; a block value's (`key: |` or `key: >` over indented lines) lines are
    /// joined by newlines.
    text: String,
    /// Whether the value is a block over several lines.
    block: bool,
    /// Whether the block's text began on the key's line or went on at the margin: the page
    /// shows it, wherever it stands.
    lenient: bool,
}

/// Whether a value opens a YAML block over the lines below it: `|`, `>`, with a chomping or
/// indentation indicator (`|-`, `>+`, `|2`).
fn opens_block(value: &str) -> bool {
    let mut chars = value.chars();
    matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| matches!(c, '-' | '+') || c.is_ascii_digit())
}

/// Whether the text after the front matter holds a sentence anywhere (not only an include
/// tag, a layout's HTML shell or nothing at all).
fn has_prose(body: &str) -> bool {
    body.lines().any(is_prose)
}

/// The fields of prose a page shows, each as a heading (its key) over its text: a list whose
/// items are sentences, as Markdown bullets (nested ones indented), and a block of prose whose
/// key names a format a site renders (`description_markdown`, `body_html`). Only these when the
/// page has a body of its own: there a single value is a name, a date, a path or the page's
/// summary for search engines, which repeats its opening or is never shown. Where the body
/// holds no prose (`body_is_empty`), the page is made of its fields, and every block value of
/// prose is part of it. A one-line value never is, nor a key [`about_the_page`].
fn prose_fields(fields: &str, body_is_empty: bool) -> Vec<String> {
    let mut parsed: Vec<Field> = Vec::new();
    // Whether the lines below the current key may be its list (not a nested table's).
    let mut in_list_field = false;
    for line in fields.lines() {
        let trimmed = line.trim();
        let indent = line.len() - line.trim_start().len();
        if let Some(field) = parsed.last_mut().filter(|f| f.block) {
            // A block value goes on through its indented lines and the blank lines among them,
            // and through lines at the margin that start no field, its bullets too (see
            // `split`).
            let at_margin = indent == 0
                && !trimmed.is_empty()
                && !trimmed.starts_with('#')
                && !is_key_line(line);
            if at_margin {
                field.lenient = true;
            }
            if trimmed.is_empty() || indent > 0 || at_margin {
                field.text.push('\n');
                field.text.push_str(trimmed);
                continue;
            }
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let item = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "));
        match (indent, item, parsed.last_mut()) {
            (0, None, _) => {
                let (key, value) = trimmed.split_once([':', '=']).unwrap_or((trimmed, ""));
                let value = value.trim();
                in_list_field = value.is_empty();
                let block = block_value(value);
                // A double-quoted value with escaped line breaks is lines too (a job board's
                // `qualifications: "Qualifications\r\n\r\n1+ years of…"`).
                let escaped = escaped_lines(value);
                parsed.push(Field {
                    key: key.trim().to_string(),
                    items: Vec::new(),
                    block: block.is_some() || escaped.is_some(),
                    lenient: block.is_some_and(|text| !text.is_empty()),
                    text: escaped
                        .or(block.map(str::to_string))
                        .unwrap_or_else(|| unquote(value).to_string()),
                });
            }
            (_, Some(text), Some(field)) if in_list_field => {
                field.items.push((indent, text.trim().to_string(), false))
            }
            // A key that opens a mapping item's nested list (`items:`) adds no words.
            (_, None, _) if in_list_field && is_bare_key(trimmed) => {}
            // A wrapped item, or the next key of a mapping item.
            (_, None, Some(field)) if in_list_field => {
                if let Some((_, text, record)) = field.items.last_mut() {
                    *record |= mapping_value(text).is_some() && mapping_value(trimmed).is_some();
                    text.push(' ');
                    text.push_str(trimmed);
                }
            }
            _ => {}
        }
    }
    parsed
        .into_iter()
        .filter_map(|field| {
            let text = field.text.trim();
            if !text.is_empty() {
                // Only a block value: a single line beside it is a summary, a label or an
                // inline list (`tags = ["…", "…"]`).
                let shown = field.block
                    && !about_the_page(&field.key)
                    && (body_is_empty
                        || field.lenient
                        || names_a_format(&field.key)
                        || names_a_posting_part(&field.key));
                return (shown && is_prose(text) && !TITLE_KEYS.contains(&field.key.as_str()))
                    .then(|| {
                        format!(
                            "## {}\n{}",
                            heading(&field.key),
                            markdown::as_rendered(text)
                        )
                    });
            }
            // A mapping item is a record, left out, unless its one value is a sentence (a
            // job template's `- title: You will apply statistical analysis…`); a label written
            // as a word of the text (`- Kubernetes: deployed and ran clusters…`) stays.
            let items: Vec<(usize, &str)> = field
                .items
                .iter()
                .filter_map(|(indent, text, record)| match mapping_value(text) {
                    Some(value) => (!record && is_prose(value)).then(|| {
                        let label = text.starts_with(|c: char| c.is_uppercase());
                        (*indent, unquote(if label { text } else { value }))
                    }),
                    None => Some((*indent, unquote(text))),
                })
                .collect();
            if !items.iter().any(|(_, text)| is_prose(text)) {
                return None;
            }
            let outer = items.iter().map(|(indent, _)| *indent).min().unwrap_or(0);
            let mut out = format!("## {}", heading(&field.key));
            for (indent, text) in items {
                let nested = if indent > outer { "  " } else { "" };
                out.push_str(&format!("\n{nested}- {text}"));
            }
            Some(out)
        })
        .collect()
}

/// Whether an item reads as a sentence: enough words, a third of them in lower case as
/// sentences' function words are, where a name, a list of places, a date or a path is not.
pub(crate) fn is_prose(text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .filter(|w| w.starts_with(char::is_alphabetic))
        .collect();
    crate::language::reads_as_sentence(&words, PROSE_MIN_WORDS)
}

/// The value of a list item that is a mapping (`- link: https://…`, `- title: …`): a record
/// of fields, not a sentence of its own.
fn mapping_value(item: &str) -> Option<&str> {
    item.split_once(": ")
        .filter(|(key, _)| is_key(key))
        .map(|(_, value)| value.trim())
}

/// A line that is only a key (`items:`), opening the list or mapping below it.
fn is_bare_key(line: &str) -> bool {
    line.strip_suffix(':').is_some_and(is_key)
}

/// A key of a record: one or two words.
fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key.split_whitespace().count() <= 2
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' '))
}

/// The words a key may end with to say the format its value is written in, which a site
/// renders: `requirements_markdown`, `body_html`.
const FORMAT_WORDS: &[&str] = &["markdown", "html", "content", "body"];

/// Words of keys whose value is about the page, not on it: what search engines, link previews
/// and the page's frame show (`seo_description`, `og_image`, `share_text`, `head_html`,
/// `footer_html`, an image's `alt`).
const NOT_ON_THE_PAGE: &[&str] = &[
    "seo", "meta", "og", "share", "social", "twitter", "excerpt", "alt", "cta", "head", "header",
    "footer", "teaser",
];

/// Whether a key names something about the page rather than on it ([`NOT_ON_THE_PAGE`]):
/// `head_html`, `seo_description` (no word of a format is one of those words).
fn about_the_page(key: &str) -> bool {
    key.trim_matches('"')
        .to_lowercase()
        .split(['_', '-', ' '])
        .any(|w| NOT_ON_THE_PAGE.contains(&w))
}

/// Whether a key names a part of a job posting that its page shows (`qualifications`,
/// `responsibilities`, `job_requirements`): a value of lines there is the posting's.
fn names_a_posting_part(key: &str) -> bool {
    const PARTS: &[&str] = &[
        "qualifications",
        "requirements",
        "responsibilities",
        "duties",
        "skills",
    ];
    key.trim_matches('"')
        .to_lowercase()
        .split(['_', '-', ' '])
        .any(|w| PARTS.contains(&w))
}

/// The lines of a double-quoted YAML value that escapes its line breaks (`"a\r\nb"`), its
/// escapes read; `None` for any other value.
fn escaped_lines(value: &str) -> Option<String> {
    let inner = value.strip_prefix('"')?.strip_suffix('"')?;
    if !inner.contains("\\n") {
        return None;
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => {}
            Some(other) => out.push(other),
            None => {}
        }
    }
    Some(out)
}

/// Whether a key names the format its value is written in (its last word, or the whole key:
/// `content`, `body`).
fn names_a_format(key: &str) -> bool {
    key.trim_matches('"')
        .rsplit(['_', '-', ' '])
        .next()
        .is_some_and(|last| FORMAT_WORDS.contains(&last.to_lowercase().as_str()))
}

/// A key as a heading: "key objectives" and "key_objectives" read "Key objectives", and
/// "requirements_markdown" reads "Requirements" (a word naming the format is left out, unless
/// it is the whole key).
fn heading(key: &str) -> String {
    let words = key.trim_matches('"').replace(['_', '-'], " ");
    let words = match words.trim().rsplit_once(' ') {
        Some((rest, last)) if FORMAT_WORDS.contains(&last.to_lowercase().as_str()) => rest,
        _ => words.trim(),
    };
    let mut chars = words.trim().chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A value without the quotes around it.
fn unquote(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value)
}

/// The keys that hold a page's title, in the order they are looked for: a job board's
/// `role: Accountant` names a page made of its fields where it has no `title`.
const TITLE_KEYS: &[&str] = &[
    "title",
    "job_title",
    "job-title",
    "jobTitle",
    "position",
    "role",
];

/// `fields` without Markdown's comment lines (`[//]: # (Career Card)`, `[comment]: <> (…)`),
/// which a template's editors leave between its fields and which YAML cannot read.
fn without_markdown_comments(fields: &str) -> String {
    static COMMENT: OnceLock<Regex> = OnceLock::new();
    let comment = COMMENT.get_or_init(|| {
        Regex::new(r"^\[[^\]]*\]:\s*(#|<>)\s*(\(.*\))?\s*$").expect("a valid pattern")
    });
    fields
        .lines()
        .filter(|line| !comment.is_match(line.trim_end()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The value of the first title field (`title: X` or `title = "X"`), unquoted. Beside a body of
/// its own, only `title` is the page's title: a resume's `role:` or `position:` must not push
/// its name off the first line.
fn title(fields: &str, body_is_empty: bool) -> Option<String> {
    let keys = if body_is_empty {
        TITLE_KEYS
    } else {
        &TITLE_KEYS[..1]
    };
    keys.iter().find_map(|key| {
        fields.lines().find_map(|line| {
            let rest = line.strip_prefix(key)?;
            let value = rest.trim_start().strip_prefix([':', '='])?.trim();
            let value = unquote(value).trim();
            let words = value.chars().any(char::is_alphabetic);
            (words && !opens_block(value)).then(|| value.to_string())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(text: &str) -> FrontMatter {
        FrontMatter {
            title: Some(text.to_string()),
            ..FrontMatter::default()
        }
    }

    #[test]
    fn a_job_template_with_markdown_comments_between_its_fields_is_read_whole() {
        let text = "---\nlayout: career_detail\n\n[//]: # (Career Card)\n\
            jobTitle: \"Part-Time Coding Instructor\"\njobSite: \"On-Site\"\n\n\
            [//]: # (Career Details)\nresponsibilities:\n\
            - text: \"Teach students of all ages (K-12).\"\n\
            - text: \"Lead weekly classes on a number of programming subjects.\"\n---\n";
        let (front, body) = lift(text);
        let page = around(front, body.to_string());
        assert!(
            page.starts_with("# Part-Time Coding Instructor\n"),
            "{page}"
        );
        assert!(page.contains("## Responsibilities"), "{page}");
        assert!(
            page.contains("Teach students of all ages (K-12)."),
            "{page}"
        );
        assert!(
            !page.contains("Career Card") && !page.contains("career_detail"),
            "{page}"
        );
    }

    #[test]
    fn a_block_that_is_the_page_is_read_as_a_yaml_resume() {
        // A site theme's resume page: everything in its fields, the body only the layout's.
        let text = "---\ntitle: \"whoami\"\nlayout: \"about\"\nexperience:\n  - role: \"Systems Administrator\"\n    \
            company: \"Regional Credit Union\"\n    range: \"May 2016 — July 2021\"\n    \
            details: \"Deployed vulnerability management across 1,000 endpoints and automated manual workflows.\"\n\
            tags: [security]\n---\n{{< about >}}\n";
        let (front, body) = lift(text);
        let page = around(front, body.to_string());
        assert!(page.starts_with("# whoami\n"), "{page}");
        assert!(
            page.contains("Systems Administrator, Regional Credit Union\n"),
            "{page}"
        );
        assert!(page.contains("Deployed vulnerability management"), "{page}");
        assert!(
            !page.contains("Layout") && !page.contains("security"),
            "{page}"
        );
    }

    #[test]
    fn a_block_of_records_beside_a_body_of_prose_stays_metadata() {
        // Beside a page of its own, a list of records (links, authors) is the site's.
        let text = "---\ntitle: Nurse\nauthors:\n  - name: Ann Lee\n    \
            bio: \"Ann writes about the clinics she has worked in for years.\"\n---\n\
            The nurse cares for patients on the ward every day.\n";
        let (front, body) = lift(text);
        assert_eq!(front, title("Nurse"));
        assert_eq!(
            body,
            "The nurse cares for patients on the ward every day.\n"
        );
    }

    #[test]
    fn a_job_boards_quoted_qualifications_are_the_postings() {
        // A job board keeps the qualifications in one quoted value, its line breaks escaped,
        // beside a body of duties; a quoted one-line summary stays metadata.
        let text = "---\ntitle: Kitchen Manager\nsummary: \"We are a busy Italian kitchen in town.\"\n\
            qualifications: \"Qualifications\\r\\n\\r\\n1+ years of high volume kitchen management experience\\r\\n\
            3+ years cooking experience, preferably some Italian cuisine\"\n---\n\
            Responsible for managing and training all kitchen employees.\n";
        let (front, body) = lift(text);
        let page = around(front, body.to_string());
        assert!(
            page.contains("## Qualifications\nQualifications\n\n1+ years of high volume kitchen management experience\n3+ years cooking"),
            "{page}"
        );
        assert!(!page.contains("busy Italian kitchen"), "{page}");
        assert_eq!(escaped_lines("\"one line\""), None);
        assert_eq!(
            escaped_lines("\"a \\\"b\\\"\\nc\""),
            Some("a \"b\"\nc".to_string())
        );
    }

    #[test]
    fn yaml_and_toml_blocks_give_their_title_and_are_set_aside() {
        assert_eq!(
            lift("+++\nauthor = \"None\"\ntitle = \"Nurse (RN) - DC\"\nthumbnail = \"a.jpeg\"\n+++\nThe RN cares."),
            (title("Nurse (RN) - DC"), "The RN cares.")
        );
        assert_eq!(
            lift("---\nlayout: raw\ntitle: '18F - Recruiter'\n---\n<!DOCTYPE html>\n<p>x</p>"),
            (title("18F - Recruiter"), "<!DOCTYPE html>\n<p>x</p>")
        );
        assert_eq!(
            lift("---\nlayout: raw\n---\nBody"),
            (FrontMatter::default(), "Body")
        );
        assert_eq!(
            lift("+++\nparams.\"blog/tag\" = [\"hiring\"]\ntitle = \"Designer\"\n+++\nBody"),
            (title("Designer"), "Body")
        );
        // A quoted phrase before a colon is a sentence's.
        let praise = "---\n\"Fast, careful, kind\": what my last manager wrote\n---\nBody";
        assert_eq!(lift(praise), (FrontMatter::default(), praise));
        // Quoted keys hold any character, a table header is a field line too.
        assert_eq!(
            lift(
                "+++\n\"blog/tag\" = [\"hiring\"]\ntitle = \"Architectural Designer\"\n\
                  [featured_image]\nalt_text = \"\"\n+++\nBody"
            ),
            (title("Architectural Designer"), "Body")
        );
        // A blank line before the opening fence, as a site generator allows.
        assert_eq!(
            lift("\n---\ntitle: \"Logistics Coordinator\"\n---\nBody"),
            (title("Logistics Coordinator"), "Body")
        );
        // A job template's block: a long comment banner, keys with spaces, nested values.
        let mut block = String::from("---\n");
        for _ in 0..150 {
            block.push_str("# Instructions for the editors of this page.           #\n");
        }
        block.push_str("title: Contact Center Specialist\ninfo session:\n  - date: May 1\napplication link: https://example.org/apply\n---\nThe job.");
        assert_eq!(
            lift(&block),
            (title("Contact Center Specialist"), "The job.")
        );
    }

    #[test]
    fn text_that_only_looks_like_front_matter_is_left_alone() {
        for text in [
            "--- \nno fence",
            "  ---\ntitle: x\n---\nindented fence",
            "Jane Doe\n\n---\ntitle: x\n---\n",
            "\n---\nName: Jane Doe\nEmail: jane@example.org\n---\nRegistered nurse",
            "---\nnever closed\nJane Doe",
            "Jane Doe\n---\ntitle: x\n---",
            "----\nrule\n----",
            "---\nJOHN SMITH\njohn@example.org\n---\nEXPERIENCE",
            "---\nSummary: engineer\nI led a team of five engineers across two sites: it shipped\n---\nx",
        ] {
            assert_eq!(lift(text), (FrontMatter::default(), text), "{text:?}");
        }
    }

    #[test]
    fn fields_of_prose_a_site_renders_are_part_of_the_page() {
        // A job board keeps the whole posting in its fields, Markdown in block values, and
        // the page's body is empty: the fields are the page.
        let block = "---\nrole: Accountant\njob-location: ohio\ncontract:\n\
            description_markdown: >-\n  Responsible for compiling and analyzing accounting\n  \
            information for the production of statements.\n\
            requirements_markdown: |-\n  * Bachelor's Degree in Accounting is required\n  \
            * Strong data entry skills\n---\n";
        let (front, body) = lift(block);
        assert_eq!(
            around(front, body.into()),
            "Accountant\n\n\n\n## Description\nResponsible for compiling and analyzing accounting\n\
             information for the production of statements.\n\n## Requirements\n\
             * Bachelor's Degree in Accounting is required\n* Strong data entry skills"
        );
        // Where the page has a body, a summary for search engines stays metadata, and a block
        // whose key names its format is still shown.
        let (front, _) = lift(
            "---\ntitle: Team Lead\ndescription: >-\n  The Digital Service is changing how \
             the government designs and delivers services.\n\
             perks_html: |\n  <p>We offer a pension and a learning budget to every staff member.</p>\n\
             ---\nThe Digital Service is tasked with changing how the government works.\n",
        );
        assert_eq!(front.title.as_deref(), Some("Team Lead"));
        assert_eq!(
            front.lists,
            vec!["## Perks\nWe offer a pension and a learning budget to every staff member."]
        );
        // What search engines and the page's frame show stays off the page, even on a page
        // made of its fields; so does a one-line summary.
        let (front, _) = lift(
            "---\nrole: Nurse\ndescription: Apply today for the best nursing jobs in Boston now.\n\
             seo_description: >-\n  Apply today for the best nursing jobs in Boston and beyond.\n\
             head_html: |\n  <script>window.dataLayer = window.dataLayer || [];</script>\n\
             position: 3\n---\n",
        );
        assert_eq!(front.title.as_deref(), Some("Nurse"));
        assert!(front.lists.is_empty(), "{:?}", front.lists);
        // A resume's role beside its body does not push its name off the first line.
        let (front, _) =
            lift("---\nrole: Data Engineer\n---\nJane Doe builds the data pipelines of a bank.\n");
        assert_eq!(front, FrontMatter::default());
    }

    #[test]
    fn a_block_value_written_at_the_margin_is_still_the_blocks() {
        // A job template's editor began the summary on the key's line and wrote its next
        // paragraphs at the margin: not valid YAML, but the site shows it, and the block is
        // still front matter (its comments and settings are not the posting's text).
        let block = "---\nlayout: job-listing\n# INSTRUCTIONS: fill in every field\n\
            title: \"Login.gov: Data Analyst\"\n\
            role_summary: | Login.gov is the public's one account for government services.\n\n\
            As a Data Analyst, you will build partnerships with senior business staff.\n\n\
            # Make sure to leave the | on the first line.\nqualifications: | To Be Updated\n\
            application_link:\n---\n";
        let (front, body) = lift(block);
        assert_eq!(body, "");
        assert_eq!(front.title.as_deref(), Some("Login.gov: Data Analyst"));
        assert_eq!(
            front.lists,
            vec![
                "## Role summary\nLogin.gov is the public's one account for government services.\n\n\
                  As a Data Analyst, you will build partnerships with senior business staff."
            ]
        );
        // Without a block opened before it, a sentence at the margin is no field: the text
        // is a resume ruled off with `---` lines, not front matter.
        let ruled = "---\nname: Jane Doe\nJane builds the data pipelines of a bank.\n---\n";
        assert_eq!(lift(ruled), (FrontMatter::default(), ruled));
    }

    #[test]
    fn a_record_whose_value_is_a_sentence_keeps_the_sentence() {
        // A job template's objectives: each a record of a sentence and its list of duties.
        let block = "---\ntitle: Data Analyst\nkey_objectives:\n\
            - title: You will apply statistical analysis and predictive modeling to program data.\n  \
            items:\n  - Ensure data integrity and troubleshoot data issues with stakeholders.\n\
            links:\n  - link: https://example.org/info-session\n    date: 2024-01-31\n---\n\
            The body says what the job is.\n";
        let (front, _) = lift(block);
        assert_eq!(
            front.lists,
            vec!["## Key objectives\n\
                  - You will apply statistical analysis and predictive modeling to program data.\n  \
                  - Ensure data integrity and troubleshoot data issues with stakeholders."]
        );
    }

    #[test]
    fn lists_of_sentences_are_part_of_the_page_under_their_key() {
        let block = "---\n# Key objectives are listed here, one per line.\ntitle: \"10x: Engineer\"\n\
            opens: 2024-04-18\ngs: 15\nkey objectives:\n  - You will contribute well-tested code across a project.\n\
            \x20   - Participate in code review, architecture discussions, and\n\
            \x20     feature prioritization.\n  - Practice human centered design.\n\
            info sessions:\n  - link: https://example.org/register\n    date: 2023-11-28\n\
            \x20   time: 1:00-2:00pm ET (10:00am -11:00am PT)\n\
            summary: >\n  Build public services with a small team of designers and engineers.\n\
            application link: https://www.usajobs.gov/job/787345100\n---\nThe body says what the job is.";
        let (front, body) = lift(block);
        assert_eq!(body, "The body says what the job is.");
        // The title opens the page and the lists follow its body, so that a resume's name
        // stays on its first lines.
        assert_eq!(
            around(front, body.into()),
            "10x: Engineer\n\nThe body says what the job is.\n\n## Key objectives\n\
             - You will contribute well-tested code across a project.\n\
             \x20 - Participate in code review, architecture discussions, and feature prioritization.\n\
             - Practice human centered design."
        );
        // Names, dates, tags and short lists are metadata.
        let (front, _) = lift(
            "+++\nauthor = \"Jane Q. Doe\"\ntags = [\"Health Insurance\", \"paid time off\", \"and 10 paid holidays\"]\n\
             organization = \"Planned Parenthood Great Northwest, Hawai'i, Alaska, Indiana, Kentucky\"\n\
             date = \"2024-01-01\"\n+++\nx",
        );
        assert_eq!(front, FrontMatter::default());
        let (front, _) = lift("---\ntags:\n  - rust\n  - search\n---\nx");
        assert_eq!(front, FrontMatter::default());
    }
}
