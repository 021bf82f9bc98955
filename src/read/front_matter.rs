//! Front matter: the YAML (`---`) or TOML (`+++`) block static-site generators put before a
//! page's Markdown or HTML. It is metadata, not prose: its title is kept (the reader puts it on
//! the document's first line) and the rest is set aside, so that a layout name, a thumbnail
//! path or a date never reads as a skill, and a page of HTML behind it is still read as HTML.

/// The most lines a front matter block may take before it is taken for ordinary text. Job
/// templates carry long comment banners for their editors (one real posting's block is 232
/// lines); what keeps prose out is that every line must read as a field, a comment or a list.
const MAX_LINES: usize = 1000;

/// The title of a front matter block at the start of `text` (if it has one) and the text
/// after the block; text without one comes back whole, with no title.
pub(crate) fn lift(text: &str) -> (Option<String>, &str) {
    match split(text) {
        Some((fields, body)) => (title(fields), body),
        None => (None, text),
    }
}

/// `text` under the front matter's title, when there was one.
pub(crate) fn under_title(title: Option<String>, text: String) -> String {
    match title {
        Some(title) => format!("{title}\n\n{text}"),
        None => text,
    }
}

/// The block's lines and the text after it.
fn split(text: &str) -> Option<(&str, &str)> {
    let fence = ["---", "+++"].into_iter().find(|f| {
        text.strip_prefix(f)
            .is_some_and(|rest| rest.starts_with(['\n', '\r']))
    })?;
    let after_open = text[fence.len()..].trim_start_matches(['\r', '\n']);
    let mut offset = text.len() - after_open.len();
    for line in after_open.split_inclusive('\n').take(MAX_LINES) {
        let bare = line.trim_end();
        let closes = bare == fence || (fence == "---" && bare == "...");
        if closes {
            let fields = &text[text.len() - after_open.len()..offset];
            return Some((fields, &text[offset + line.len()..]));
        }
        // A resume that rules off its name with `---` lines is not metadata.
        if !is_field_line(bare) {
            return None;
        }
        offset += line.len();
    }
    None
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
    key_end < trimmed.len()
        && !key.is_empty()
        && key.split_whitespace().count() <= 4
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '"' | ' '))
}

/// The value of a `title` field (`title: X` or `title = "X"`), unquoted.
fn title(fields: &str) -> Option<String> {
    fields.lines().find_map(|line| {
        let rest = line.trim().strip_prefix("title")?;
        let value = rest.trim_start().strip_prefix([':', '='])?.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value)
            .trim();
        (!value.is_empty()).then(|| value.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml_blocks_give_their_title_and_are_set_aside() {
        assert_eq!(
            lift("+++\nauthor = \"None\"\ntitle = \"Nurse (RN) - DC\"\nthumbnail = \"a.jpeg\"\n+++\nThe RN cares."),
            (Some("Nurse (RN) - DC".to_string()), "The RN cares.")
        );
        assert_eq!(
            lift("---\nlayout: raw\ntitle: '18F - Recruiter'\n---\n<!DOCTYPE html>\n<p>x</p>"),
            (
                Some("18F - Recruiter".to_string()),
                "<!DOCTYPE html>\n<p>x</p>"
            )
        );
        assert_eq!(lift("---\nlayout: raw\n---\nBody"), (None, "Body"));
        // A job template's block: a long comment banner, keys with spaces, nested values.
        let mut block = String::from("---\n");
        for _ in 0..150 {
            block.push_str("# Instructions for the editors of this page.           #\n");
        }
        block.push_str("title: Contact Center Specialist\ninfo session:\n  - date: May 1\napplication link: https://example.org/apply\n---\nThe job.");
        assert_eq!(
            lift(&block),
            (Some("Contact Center Specialist".to_string()), "The job.")
        );
    }

    #[test]
    fn text_that_only_looks_like_front_matter_is_left_alone() {
        for text in [
            "--- \nno fence",
            "---\nnever closed\nJane Doe",
            "Jane Doe\n---\ntitle: x\n---",
            "----\nrule\n----",
            "---\nJOHN SMITH\njohn@example.org\n---\nEXPERIENCE",
            "---\nSummary: engineer\nI led a team of five engineers across two sites: it shipped\n---\nx",
        ] {
            assert_eq!(lift(text), (None, text), "{text:?}");
        }
    }
}
