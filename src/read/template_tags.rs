//! Template markup that static-site generators and page templates (Jekyll's Liquid, Hugo,
//! Jinja, Smarty) leave in a page's source: `{% comment %}…{% endcomment %}` blocks and
//! Smarty's `{* … *}` are notes to the page's editors, and `{% … %}` / `{{ … }}` tags are
//! instructions to the generator. Neither is text a reader sees,
//! so neither is read: a block's lines are left empty (line numbers keep their meaning) and a
//! tag is cut out of its line. Text without template markup comes back as it was.

/// `text` without template comments and tags, with as many lines as it had.
pub(crate) fn strip(text: &str) -> String {
    if !text.contains("{%") && !text.contains("{{") && !text.contains("{*") {
        return text.to_string();
    }
    let mut in_comment = false;
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            let mut kept = String::new();
            let mut rest = line;
            loop {
                if in_comment {
                    match find_tag(rest, "endcomment") {
                        Some(end) => {
                            in_comment = false;
                            rest = &rest[end..];
                        }
                        None => break,
                    }
                } else if let Some((start, end)) = next_tag(rest) {
                    kept.push_str(&rest[..start]);
                    let tag = &rest[start..end];
                    if tag_name(tag) == Some("comment") {
                        in_comment = true;
                    }
                    rest = &rest[end..];
                } else {
                    kept.push_str(rest);
                    break;
                }
            }
            kept
        })
        .collect();
    lines.join("\n")
}

/// The byte range of the first `{% … %}`, `{{ … }}` or `{* … *}` tag closed on this line.
fn next_tag(line: &str) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (open, close) in [("{%", "%}"), ("{{", "}}"), ("{*", "*}")] {
        if let Some(start) = line.find(open) {
            if let Some(len) = line[start + 2..].find(close) {
                let end = start + 2 + len + 2;
                if best.is_none_or(|(s, _)| start < s) {
                    best = Some((start, end));
                }
            }
        }
    }
    best
}

/// Where the tag `{% name … %}` ends on this line.
fn find_tag(line: &str, name: &str) -> Option<usize> {
    let mut rest = line;
    let mut offset = 0;
    while let Some((start, end)) = next_tag(rest) {
        if tag_name(&rest[start..end]) == Some(name) {
            return Some(offset + end);
        }
        offset += end;
        rest = &rest[end..];
    }
    None
}

/// The first word of a `{% … %}` tag (`comment`, `include`, `endcomment`).
fn tag_name(tag: &str) -> Option<&str> {
    tag.strip_prefix("{%")?
        .trim_start_matches('-')
        .split_whitespace()
        .next()
}

#[cfg(test)]
mod tests {
    use super::strip;

    #[test]
    fn template_comments_and_tags_are_not_read_and_lines_stay_in_place() {
        let page = "# Job\n{% comment ---- %}\nnotes to editors: {% include a.html %}\n{% endcomment ---- %}\n**Title:** {{ page.title }}\n{% include job/status_alert.html %}\nWrite Python.";
        let stripped = strip(page);
        assert_eq!(stripped.lines().count(), page.lines().count());
        assert_eq!(stripped, "# Job\n\n\n\n**Title:** \n\nWrite Python.");
        assert_eq!(strip("C# and {braces} stay"), "C# and {braces} stay");
        assert_eq!(
            strip("an unclosed {% tag stays"),
            "an unclosed {% tag stays"
        );
        assert_eq!(strip(&stripped), stripped);
        // A Smarty page's comment is a note to its editors.
        assert_eq!(
            strip("{* $Id: welcome.tpl,v 1.28 2006/07/12 svowl Exp $ *}\nSales Representative"),
            "\nSales Representative"
        );
    }
}
