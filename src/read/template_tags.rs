//! Template markup that static-site generators and page templates (Jekyll's Liquid, Hugo,
//! Jinja, Smarty) leave in a page's source: `{% comment %}…{% endcomment %}` blocks and
//! Smarty's `{* … *}` are notes to the page's editors, and `{% … %}` / `{{ … }}` tags are
//! instructions to the generator. Neither is text a reader sees,
//! so neither is read: a block's lines are left empty (line numbers keep their meaning) and a
//! tag is cut out of its line. Text without template markup comes back as it was. A PHP
//! page's code (`<?php $this->extend("layout"); ?>`, `<?= $job->title ?>`) is taken out the
//! same way, before its HTML is parsed: a parser would end the code at its first `>`.

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

/// Laravel Blade's directives that stand on a line of their own (`@section('content')`,
/// `@endsection`, `@extends('layouts.app')`): instructions to the template, as `{% … %}` tags
/// are. Only these names count, so a handle on its own line ("@jdoe") stays.
const BLADE_DIRECTIVES: &[&str] = &[
    "section",
    "endsection",
    "extends",
    "yield",
    "include",
    "stop",
    "show",
    "push",
    "endpush",
    "stack",
    "if",
    "elseif",
    "else",
    "endif",
    "foreach",
    "endforeach",
    "for",
    "endfor",
    "csrf",
    "php",
    "endphp",
    "component",
    "endcomponent",
    "slot",
    "endslot",
    "auth",
    "endauth",
    "guest",
    "endguest",
    "isset",
    "endisset",
    "unless",
    "endunless",
    "parent",
];

/// A PHP page's text (`.php`, `.phtml`, a Laravel Blade view): without its PHP code and its
/// Blade directives, with the markup its code writes (`echo "<h2>Nurse</h2>";`).
pub(crate) fn php_page(text: &str) -> std::borrow::Cow<'_, str> {
    let without_code = without_php(text);
    match without_blade_directives(&without_code) {
        std::borrow::Cow::Borrowed(_) => without_code,
        std::borrow::Cow::Owned(text) => std::borrow::Cow::Owned(text),
    }
}

/// `text` with each line that is one Blade directive left empty; a directive that holds the
/// page's words (`@section('title', 'Registered Nurse')`) stays.
fn without_blade_directives(text: &str) -> std::borrow::Cow<'_, str> {
    let directive = |line: &str| {
        let Some(rest) = line.trim().strip_prefix('@') else {
            return false;
        };
        let name_end = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let after = rest[name_end..].trim();
        BLADE_DIRECTIVES.contains(&&rest[..name_end])
            && (after.is_empty()
                || after.starts_with('(') && after.ends_with(')') && !after.contains(','))
    };
    if !text.lines().any(directive) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.split('\n')
            .map(|line| if directive(line) { "" } else { line })
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// A string literal in PHP, double- or single-quoted: its text is the first or second group.
fn quoted() -> &'static regex::Regex {
    static QUOTED: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    QUOTED.get_or_init(|| {
        regex::Regex::new(r#""((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'"#).expect("a valid pattern")
    })
}

/// `text` without its PHP code but the markup it writes: each `<?php … ?>` and `<?= … ?>` block (to the end of the
/// text when it is not closed, as PHP allows), its line breaks kept.
fn without_php(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("<?") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        // The next `<?` that opens PHP (`<?xml` does not).
        let mut from = 0;
        let open = loop {
            match rest[from..].find("<?") {
                Some(at) => {
                    let tail = &rest[from + at..];
                    if tail.starts_with("<?=")
                        || tail
                            .get(..5)
                            .is_some_and(|t| t.eq_ignore_ascii_case("<?php"))
                    {
                        break Some(from + at);
                    }
                    from += at + 2;
                }
                None => break None,
            }
        };
        let Some(open) = open else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..open]);
        let code = &rest[open..];
        let end = code.find("?>").map_or(code.len(), |end| end + 2);
        // The markup the code writes (`echo "<h2>Nurse</h2>";`) is the page's, on its line.
        let lines: Vec<String> = code[..end]
            .split('\n')
            .map(|line| {
                quoted()
                    .captures_iter(line)
                    .filter_map(|c| c.get(1).or(c.get(2)))
                    .map(|s| s.as_str())
                    .filter(|s| s.contains('<') && s.contains('>'))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        out.push_str(&lines.join("\n"));
        rest = &code[end..];
    }
    std::borrow::Cow::Owned(out)
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
    use super::{php_page, without_php};

    #[test]
    fn php_code_is_not_read_and_lines_stay_in_place() {
        let page = "<?php \n$this->extend(\"/layouts/layout\");\n$this->title = \"Jobs\";\n?>\n\
                    <h3>Open Positions</h3>\n<p><img src=\"<?php echo $this->url('/a.jpg'); ?>\"/></p>\n\
                    <li><?= $job->title ?> - Registered Nurse</li>\n<?php $this->end(); ";
        let kept = without_php(page);
        assert_eq!(kept.split('\n').count(), page.split('\n').count());
        assert_eq!(
            kept,
            "\n\n\n\n<h3>Open Positions</h3>\n<p><img src=\"\"/></p>\n<li> - Registered Nurse</li>\n"
        );
        // Blade's directives on their own lines are the template's; a handle is the person's,
        // and a directive holding the page's words stays.
        assert_eq!(
            php_page("@section('content')\n<h1>Work</h1>\n@jdoe\n@section('title', 'Nurse')\n@endsection"),
            "\n<h1>Work</h1>\n@jdoe\n@section('title', 'Nurse')\n"
        );
        // The markup the code writes is the page's, on its line; the code is not.
        let echoed =
            "<?php include \"header.php\"; ?>\n<div>\n<?php\necho \"<h2>Registered Nurse</h2>\";\n\
                      echo '<p>Care for patients.</p>';\n?>\n</div>";
        assert_eq!(
            php_page(echoed),
            "\n<div>\n\n<h2>Registered Nurse</h2>\n<p>Care for patients.</p>\n\n</div>"
        );
        let xml = "<?xml version=\"1.0\"?><html><p>Nurse</p></html>";
        assert_eq!(without_php(xml), xml);
    }

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
