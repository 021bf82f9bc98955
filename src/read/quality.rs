//! Checks that extracted text is real text before it is scored, failing closed: a resume that
//! came out empty, tiny or garbled is refused with a reason, never given a silently low score.

/// A laid-out document (PDF, DOCX, HTML) with fewer words than this did not come out whole.
pub(crate) const MIN_WORDS: usize = 20;

/// The most characters of text one resume may have: about twelve pages of dense text, four
/// times a long resume. More is refused before any per-line work, so that no file under the
/// caps keeps a batch busy for more than a few seconds (the model reads every token twice:
/// once in the document's windows, once in its passages).
pub const MAX_CHARS: usize = 40_000;
/// The most lines of text one resume may have.
pub const MAX_LINES: usize = 4_000;

/// What is wrong with the text.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum QualityProblem {
    TooShort {
        words: usize,
        min: usize,
    },
    TooMuchText {
        what: &'static str,
        count: usize,
        max: usize,
    },
    Garbled {
        detail: String,
    },
}

impl std::fmt::Display for QualityProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QualityProblem::TooShort { words, min } => write!(
                f,
                "only {words} words came out (fewer than {min}); if the document is an image or \
                 uses unusual fonts, run OCR or export it again as PDF or DOCX"
            ),
            QualityProblem::TooMuchText { what, count, max } => write!(
                f,
                "over {max} {what} of text ({count}): not a resume? Split it, or pass only the resume part"
            ),
            QualityProblem::Garbled { detail } => write!(
                f,
                "the extracted text looks garbled ({detail}); the file may use fonts without a \
                 text mapping or a wrong encoding: export it again, or run OCR"
            ),
        }
    }
}

/// Refuses text over [`MAX_CHARS`] characters or [`MAX_LINES`] lines. It looks at each byte
/// once and stops at the first limit, so it is cheap on any input.
pub(crate) fn check_size(text: &str) -> Result<(), QualityProblem> {
    let too_much = |what, count, max| Err(QualityProblem::TooMuchText { what, count, max });
    // A character is at least one byte: text of at most MAX_CHARS bytes cannot be over.
    if text.len() > MAX_CHARS {
        let chars = text.chars().count();
        if chars > MAX_CHARS {
            return too_much("characters", chars, MAX_CHARS);
        }
    }
    let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
    if lines > MAX_LINES {
        return too_much("lines", lines, MAX_LINES);
    }
    Ok(())
}

/// Checks `text`; `laid_out` documents must also reach [`MIN_WORDS`].
pub fn check(text: &str, laid_out: bool) -> Result<(), QualityProblem> {
    let undecorated = without_rules(text);
    let text = undecorated.as_str();
    let mut visible = 0usize;
    let mut letters = 0usize;
    let mut replacement = 0usize;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        visible += 1;
        if c.is_alphabetic() {
            letters += 1;
        }
        if c == '\u{FFFD}' || ('\u{E000}'..='\u{F8FF}').contains(&c) {
            replacement += 1;
        }
    }
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let words = tokens.iter().filter(|t| is_word(t)).count();
    if replacement * 50 > visible {
        return Err(QualityProblem::Garbled {
            detail: format!("{replacement} of {visible} characters are unreadable"),
        });
    }
    if visible >= 40 && letters * 2 < visible {
        return Err(QualityProblem::Garbled {
            detail: format!("only {letters} of {visible} characters are letters"),
        });
    }
    if tokens.len() >= 20 && words * 5 < tokens.len() * 2 {
        return Err(QualityProblem::Garbled {
            detail: format!("only {words} of {} tokens look like words", tokens.len()),
        });
    }
    if laid_out && words < MIN_WORDS {
        return Err(QualityProblem::TooShort {
            words,
            min: MIN_WORDS,
        });
    }
    Ok(())
}

/// `text` without its rules and leaders: runs of three or more of one mark ("......",
/// "-----", "=====" under a heading, "Engineer .......... 2019"), which decorate a page and say
/// nothing about whether its text was read.
fn without_rules(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut kept = String::with_capacity(text.len());
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        let run = chars[at..].iter().take_while(|&&d| d == c).count();
        let mark = c.is_ascii_punctuation() || "·•–—─━═".contains(c);
        if run < 3 || !mark {
            kept.extend(&chars[at..at + run]);
        }
        at += run;
    }
    kept
}

/// A token with at least two letters and mostly letters: "Python", "C++", "e-mail", "PyTorch,".
fn is_word(token: &str) -> bool {
    let letters = token.chars().filter(|c| c.is_alphabetic()).count();
    let total = token.chars().count();
    letters >= 2 && letters * 2 >= total
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESUME: &str = "Senior ML Engineer at Streamly. Trained ranking models in PyTorch, \
        built feature pipelines in Spark and Airflow, and served models on Kubernetes with \
        Triton. MSc in Applied Mathematics.";

    #[test]
    fn a_real_resume_passes() {
        assert_eq!(check(RESUME, true), Ok(()));
        assert_eq!(check("Jane Doe\nPython, SQL", false), Ok(()));
    }

    #[test]
    fn short_laid_out_text_is_refused() {
        assert!(matches!(
            check("Curriculum Vitae", true),
            Err(QualityProblem::TooShort { words: 2, .. })
        ));
    }

    #[test]
    fn garbage_is_refused_for_every_format() {
        let replaced = "\u{FFFD}".repeat(10) + RESUME;
        assert!(matches!(
            check(&replaced, false),
            Err(QualityProblem::Garbled { .. })
        ));
        let symbols =
            "#$%^ &*() 1234 5678 !@#$ %^&* ()_+ 9876 5432 {}[] |\\:; <>?/ ~`'\" 1111 2222";
        assert!(matches!(
            check(symbols, false),
            Err(QualityProblem::Garbled { .. })
        ));
        let glyph_ids = "g1 x7 k9 q2 z0 w3 ".repeat(10);
        assert!(matches!(
            check(&glyph_ids, true),
            Err(QualityProblem::Garbled { .. })
        ));
    }

    #[test]
    fn rules_and_leaders_are_decoration_not_garble() {
        let rule = ".".repeat(120);
        let sectioned = format!(
            "CONTACT\n{rule}\nana@example.com\n\nEXPERIENCE\n{rule}\n\
             Front-end developer at Synthesio from 2014, building dashboards in JavaScript.\n\n\
             EDUCATION\n{rule}\nEngineer's degree in mathematics ........ 2004\n"
        );
        assert_eq!(check(&sectioned, false), Ok(()));
        // Marks that are not in runs still count: symbols alone are garble.
        let symbols = "#$%^ &*() !@#$ %^&* ()_+ {}[] |\\:; <>?/ ~`'\" ".repeat(2);
        assert!(check(&format!("{rule}\n{symbols}"), false).is_err());
    }

    #[test]
    fn the_message_says_what_to_do() {
        let msg = check("Curriculum Vitae", true).unwrap_err().to_string();
        assert!(msg.contains("OCR"), "{msg}");
    }
}
