//! An Org-mode resume (`.org`, as Emacs users keep theirs) read as the text it exports to:
//! settings lines (`#+OPTIONS:`, `#+STARTUP:`, `#+LaTeX_HEADER:`) and macro calls
//! (`{{{HEADER}}}`) left out, the title kept, headlines as Markdown headings and links as
//! their words.

/// The text an Org document exports to, written as Markdown.
pub(crate) fn to_text(org: &str) -> String {
    let mut out = String::with_capacity(org.len());
    for line in org.lines() {
        let trimmed = line.trim_start();
        if let Some(setting) = trimmed.strip_prefix("#+") {
            // "#+TITLE: Jane Doe" is the document's title; every other setting is the export's.
            if let Some((key, value)) = setting.split_once(':') {
                if key.eq_ignore_ascii_case("title") && !value.trim().is_empty() {
                    out.push_str("# ");
                    out.push_str(&links_as_words(value.trim()));
                    out.push('\n');
                }
            }
            continue;
        }
        if trimmed.starts_with("# ") || trimmed == "#" {
            // An Org comment line.
            continue;
        }
        let stars = line.chars().take_while(|&c| c == '*').count();
        let line = without_macros(line);
        if stars > 0 && line[stars..].starts_with(' ') {
            out.push_str(&"#".repeat(stars.min(6)));
            out.push_str(&links_as_words(&line[stars..]));
        } else {
            out.push_str(&links_as_words(&line));
        }
        out.push('\n');
    }
    out
}

/// `[[https://…][Words]]` as "Words", `[[https://…]]` as its target.
fn links_as_words(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find("[[") {
        let Some(close) = rest[open..].find("]]") else {
            break;
        };
        out.push_str(&rest[..open]);
        let inside = &rest[open + 2..open + close];
        out.push_str(inside.split_once("][").map_or(inside, |(_, words)| words));
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out
}

/// The line without its macro calls (`{{{name}}}`, `{{{name(args)}}}`), which a template
/// fills in at export.
fn without_macros(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find("{{{") {
        let Some(close) = rest[open..].find("}}}") else {
            break;
        };
        out.push_str(&rest[..open]);
        rest = &rest[open + close + 3..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_and_macros_are_left_out_and_the_title_kept() {
        let org = "#+TITLE: Marc Corrales\n#+OPTIONS: toc:nil H:10\n#+STARTUP: hidestars indent\n\
                   #+LaTeX_HEADER: \\usepackage{mycv}\n{{{HEADER}}}\n* Skills\n  - Bench :: PCR\n";
        let text = to_text(org);
        assert_eq!(text, "# Marc Corrales\n\n# Skills\n  - Bench :: PCR\n");
        assert!(!text.contains("STARTUP"), "{text}");
    }

    #[test]
    fn headlines_become_headings_and_links_their_words() {
        let org = "** [[https://doi.org/10.1/x][Modeling Chromatin States.]] 2017\n\
                   See [[https://example.org]] and *bold* text.\n";
        assert_eq!(
            to_text(org),
            "## Modeling Chromatin States. 2017\nSee https://example.org and *bold* text.\n"
        );
    }

    #[test]
    fn comment_lines_are_left_out_but_hashtags_stay() {
        let org = "# a note to myself\n#rust and #go meetups\nText\n";
        assert_eq!(to_text(org), "#rust and #go meetups\nText\n");
    }

    #[test]
    fn an_unclosed_link_or_macro_stays_as_written() {
        assert_eq!(to_text("[[half a link\n"), "[[half a link\n");
        assert_eq!(to_text("{{{half\n"), "{{{half\n");
    }
}
