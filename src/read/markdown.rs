//! Markdown read as it renders: a link is its text, an image is nothing.
//!
//! A resume written in Markdown shows "Head Code Ninja, [Area 52]" where its source says
//! `[Area 52](https://area52.io/…)`. The address is not something a reader of the resume sees,
//! and its words ("https", "wikipedia", "org", "wiki") would weigh in the resume's vectors, so
//! the same resume would score differently as Markdown and as the HTML or PDF made from it.
//! A link keeps its brackets, as the HTML reader writes one.

use std::sync::OnceLock;

use regex::{Captures, Regex};

/// `[text](address)` or `![alt](address)`, with an optional title and one level of
/// parentheses inside the address (`https://en.wikipedia.org/wiki/Foo_(bar)`), on one line.
fn link() -> &'static Regex {
    static LINK: OnceLock<Regex> = OnceLock::new();
    LINK.get_or_init(|| {
        Regex::new(
            r#"(!?)\[([^\[\]\n]*(?:\[[^\[\]\n]*\][^\[\]\n]*)*)\]\((?:[^()\s]|\([^()\s]*\))*(?:[ \t]+"[^"\n]*")?\)"#,
        )
        .expect("a valid pattern")
    })
}

/// `text` with each Markdown link written as its bracketed text and each image left out.
pub(crate) fn links_as_text(text: &str) -> String {
    link()
        .replace_all(text, |c: &Captures| {
            if &c[1] == "!" {
                String::new()
            } else {
                format!("[{}]", &c[2])
            }
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_its_text_and_an_image_is_nothing() {
        assert_eq!(
            links_as_text(
                "### *Head Code Ninja*, [Area 52](https://area52.io/does-not-exist) (2013-09)"
            ),
            "### *Head Code Ninja*, [Area 52] (2013-09)"
        );
        assert_eq!(
            links_as_text("Manager for [**Quantum Diorama**](https://en.wikipedia.org/wiki/Vaporware_(software) \"title\")."),
            "Manager for [**Quantum Diorama**]."
        );
        assert_eq!(links_as_text("![photo](me.png) Jane"), " Jane");
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
}
