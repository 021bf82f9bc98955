//! An Org-mode resume (`.org`, as Emacs users keep theirs) read as the text it exports to:
//! settings lines (`#+OPTIONS:`, `#+STARTUP:`, `#+LaTeX_HEADER:`) and macro calls
//! (`{{{HEADER}}}`) left out, the title kept, headlines as Markdown headings and links as
//! their words.

/// Settings whose value is on the exported page, under the title: who wrote it and how to
/// reach them.
const SHOWN_SETTINGS: &[&str] = &["author", "email", "subtitle"];

/// The text an Org document exports to, written as Markdown.
pub(crate) fn to_text(org: &str) -> String {
    let mut out = String::with_capacity(org.len());
    // The level of a `:noexport:` headline whose subtree is being left out.
    let mut hidden_below: Option<usize> = None;
    let mut in_comment = false;
    let mut in_drawer = false;
    for line in org.lines() {
        let trimmed = line.trim_start();
        let stars = line.chars().take_while(|&c| c == '*').count();
        let headline = stars > 0 && line[stars..].starts_with(' ');
        if let Some(level) = hidden_below {
            if !(headline && stars <= level) {
                continue;
            }
            hidden_below = None;
        }
        if in_comment {
            in_comment = !trimmed.to_ascii_lowercase().starts_with("#+end_comment");
            continue;
        }
        if in_drawer {
            in_drawer = !trimmed.eq_ignore_ascii_case(":end:");
            continue;
        }
        if trimmed.eq_ignore_ascii_case(":properties:") || trimmed.eq_ignore_ascii_case(":logbook:")
        {
            in_drawer = true;
            continue;
        }
        if let Some(setting) = trimmed.strip_prefix("#+") {
            if setting.to_ascii_lowercase().starts_with("begin_comment") {
                in_comment = true;
                continue;
            }
            // "#+TITLE: Jane Doe" is the document's title and "#+AUTHOR:" its writer; every
            // other setting is the export's.
            if let Some((key, value)) = setting.split_once(':') {
                let value = value.trim();
                if key.eq_ignore_ascii_case("title") && !value.is_empty() {
                    out.push_str("# ");
                    out.push_str(&links_as_words(value));
                    out.push('\n');
                } else if SHOWN_SETTINGS.iter().any(|s| key.eq_ignore_ascii_case(s))
                    && !value.is_empty()
                {
                    out.push_str(&links_as_words(value));
                    out.push('\n');
                }
            }
            continue;
        }
        if trimmed.starts_with("# ") || trimmed == "#" {
            // An Org comment line.
            continue;
        }
        let line = without_macros(line);
        if headline {
            let (words, tags) = without_tags(&line[stars..]);
            if tags.split(':').any(|t| t.eq_ignore_ascii_case("noexport")) {
                hidden_below = Some(stars);
                continue;
            }
            out.push_str(&"#".repeat(stars.min(6)));
            out.push_str(&links_as_words(words));
        } else {
            out.push_str(&links_as_words(&line));
        }
        out.push('\n');
    }
    out
}

/// A headline's words and its tags (`Staff Accountant :work:cv:` gives "Staff Accountant"
/// and "work:cv").
fn without_tags(headline: &str) -> (&str, &str) {
    let trimmed = headline.trim_end();
    if let Some(last) = trimmed.split_whitespace().last() {
        if last.len() > 2 && last.starts_with(':') && last.ends_with(':') && !last.contains(' ') {
            let words = trimmed[..trimmed.len() - last.len()].trim_end();
            return (words, last.trim_matches(':'));
        }
    }
    (headline, "")
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
    fn the_author_stays_and_hidden_parts_and_tags_do_not() {
        let org = "#+TITLE: CV\n#+AUTHOR: Priya Raman\n#+EMAIL: priya@example.org\n\
                   * Experience\n** Staff Accountant, Lakeside Hospital :work:\n:PROPERTIES:\n\
                   :CUSTOM_ID: lakeside\n:END:\nReconciled accounts.\n\
                   * Notes :noexport:\nLearn Kubernetes.\n** Later\nForklift.\n\
                   #+BEGIN_COMMENT\nJava someday.\n#+END_COMMENT\n* Education\nBSc.\n";
        assert_eq!(
            to_text(org),
            "# CV\nPriya Raman\npriya@example.org\n# Experience\n## Staff Accountant, Lakeside Hospital\n\
             Reconciled accounts.\n# Education\nBSc.\n"
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
