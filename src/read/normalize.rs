//! The one place where read text is made plain, whatever its format: compatibility characters
//! (ligatures, full-width and mathematical letters, odd spaces) folded, soft hyphens, zero-width
//! and private-use (icon-font) characters dropped, static-site template markup left out
//! ([`super::template_tags`]), words broken at a line end joined, runs of spaces collapsed, and
//! list markers drawn with shapes (● ○ ■ ►) made "•". Lines are never added or removed. Evidence line numbers count the
//! lines of this text, which is what `rolematch read` shows.

use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization;

/// The normalized form of `text`. Normalizing twice changes nothing.
pub fn normalize(text: &str) -> String {
    let text = super::template_tags::strip(text);
    let text = join_soft_hyphenated(&text);
    let folded: String = fold_characters(&text).nfc().collect();
    let mut lines: Vec<String> = folded.split('\n').map(collapse_spaces).collect();
    join_broken_words(&mut lines);
    // After the joins: a marker that a joined word brought to the start of a line is one too.
    lines
        .iter()
        .map(|line| unify_bullet(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// True for the characters resume templates draw icons with: the private-use areas of icon
/// fonts (Font Awesome and the like), pictographs and dingbats (☎ ✉ 🕻 ★), and the selectors
/// that turn them into emoji. None of them is text a score could use.
fn is_icon(c: char) -> bool {
    matches!(c,
        '\u{e000}'..='\u{f8ff}'
        | '\u{f0000}'..='\u{10ffff}'
        | '\u{2600}'..='\u{27bf}'
        | '\u{2b00}'..='\u{2bff}'
        | '\u{1f000}'..='\u{1faff}'
        | '\u{fe0e}'
        | '\u{fe0f}')
}

/// Each character as what it stands for; invisible characters and icons are dropped, and so
/// is the space after an icon that starts a line or follows a space. An icon between two
/// words ("SQL✔Python") leaves a space, so the words stay apart.
fn fold_characters(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut after_icon = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_icon(c) {
            after_icon = out.is_empty() || out.ends_with(['\n', ' ']);
            let between_words = !after_icon
                && chars
                    .peek()
                    .is_some_and(|&next| !next.is_whitespace() && !is_icon(next));
            if between_words {
                out.push(' ');
            }
            continue;
        }
        if std::mem::take(&mut after_icon) && c == ' ' {
            after_icon = true;
            continue;
        }
        match c {
            // Soft hyphens and zero-width characters carry no text.
            '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            '\t' | '\r' | '\n' => out.push(c),
            // Typesetters' hyphen and non-breaking hyphen (Typst writes "2023‐10‐10") are the
            // hyphen-minus every rule and date pattern expects.
            '\u{2010}' | '\u{2011}' => out.push('-'),
            // A PDF glyph with no text behind it (often a ligature) comes out as NUL: a gap
            // that the layout repair may close.
            '\0' => out.push(' '),
            c if c.is_whitespace() => out.push(' '),
            // Ligatures, full-width forms and mathematical letters have plain equivalents;
            // elsewhere compatibility folding would change meaning (², ½, ™), so it stays.
            '\u{fb00}'..='\u{fb06}' | '\u{ff01}'..='\u{ff5e}' | '\u{1d400}'..='\u{1d7ff}' => {
                out.extend(c.nfkc())
            }
            c => out.push(c),
        }
    }
    out
}

/// Words a typesetter hyphenated at a line end with a soft hyphen (U+00AD, Typst and TeX's
/// PDFs: "the model reg\u{ad}" / "istry in MLflow"): the rest of the word moves up to the
/// line that holds its start, so both lines keep their numbers, and the soft hyphen goes.
fn join_soft_hyphenated(text: &str) -> String {
    if !text.contains('\u{ad}') {
        return text.to_string();
    }
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for n in (0..lines.len().saturating_sub(1)).rev() {
        let head = lines[n].trim_end_matches([' ', '\r']);
        let Some(head) = head.strip_suffix('\u{ad}') else {
            continue;
        };
        if !head.ends_with(char::is_alphabetic) {
            continue;
        }
        let head = head.to_string();
        let next = lines[n + 1].clone();
        let rest_at = next.len() - next.trim_start().len();
        let tail_len: usize = next[rest_at..]
            .chars()
            .take_while(|c| c.is_alphabetic() || *c == '\u{ad}')
            .map(char::len_utf8)
            .sum();
        if tail_len == 0 {
            continue;
        }
        let tail = &next[rest_at..rest_at + tail_len];
        let rest = next[rest_at + tail_len..].trim_start();
        if rest.is_empty() {
            // The tail is the whole next line: the head moves down instead, so that no line
            // is left empty (an empty line would read as a paragraph break).
            let head_start = head
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_alphabetic())
                .last()
                .map_or(head.len(), |(i, _)| i);
            lines[n + 1] = format!("{}{}{tail}", &next[..rest_at], &head[head_start..]);
            lines[n] = head[..head_start].trim_end().to_string();
        } else {
            lines[n] = format!("{head}{tail}");
            lines[n + 1] = format!("{}{rest}", &next[..rest_at]);
        }
    }
    lines.join("\n")
}

/// List markers that documents draw with shapes ("● Led…", "○ Built…", "■", "►"): a line
/// that starts with one starts with "• " instead, the marker every reader of list items knows.
const BULLET_SHAPES: &[char] = &[
    '●', '○', '■', '□', '▪', '▫', '◦', '►', '▸', '‣', '⁃', '∙', '◆', '◇', '◾', '◽',
];

fn unify_bullet(line: &str) -> String {
    let body_at = line.len() - line.trim_start().len();
    let body = &line[body_at..];
    match body.chars().next() {
        Some(c) if BULLET_SHAPES.contains(&c) => {
            let rest = body[c.len_utf8()..].trim_start();
            if rest.is_empty() {
                format!("{}•", &line[..body_at])
            } else {
                format!("{}• {rest}", &line[..body_at])
            }
        }
        _ => line.to_string(),
    }
}

/// Whether a line is a list item ("- ", "* ", "• ", "1. ").
pub(crate) fn is_bullet(line: &str) -> bool {
    strip_bullet(line).len() != line.trim_start().len()
}

/// A line without its list marker.
pub(crate) fn strip_bullet(line: &str) -> &str {
    let line = line.trim_start();
    for marker in ["- ", "* ", "• ", "· ", "– ", "▪ ", "◦ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return rest.trim_start();
        }
    }
    if line == "-" || line == "•" || line == "*" {
        return "";
    }
    // "1. ", "12) "
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return rest.trim_start();
        }
    }
    line
}

/// A line without trailing space and with inner runs of spaces and tabs made one space; the
/// indentation before the first word stays, since Markdown lists and code depend on it.
fn collapse_spaces(line: &str) -> String {
    let line = line.trim_end();
    let body_at = line.len() - line.trim_start().len();
    let mut out = String::with_capacity(line.len());
    out.push_str(&line[..body_at]);
    let mut in_space = false;
    for c in line[body_at..].chars() {
        if c == ' ' || c == '\t' {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// Word endings that never stand alone: a line-end break before one of them split a word.
#[rustfmt::skip]
const ENDINGS: &[&str] = &[
    "able", "ables", "al", "ally", "ance", "ances", "ant", "ants", "ary", "ate", "ated", "ates",
    "ating", "ation", "ations", "ative", "ator", "ators", "ed", "ence", "ences", "ent", "ents",
    "er", "ers", "es", "fication", "fications", "ful", "ial", "ially", "ible", "ic", "ical",
    "ically", "ics", "ies", "ily", "ing", "ings", "ion", "ions", "ism", "ist", "ists", "ities",
    "ity", "ive", "ively", "ization", "izations", "ize", "ized", "izes", "izing", "less", "ly",
    "ment", "ments", "ness", "ogy", "ologies", "ology", "ous", "ously", "sion", "sions", "tion",
    "tions", "ture", "tures", "ure", "ures",
];

/// Joins words a layout broke at a line end ("submis-" / "sions"): the rest of the word moves
/// up to the line that holds its start, so both lines keep their numbers. The hyphen goes when
/// the joined word is written whole elsewhere in the document or the second part is a bare
/// ending; it stays ("high-" / "impact" → "high-impact") otherwise.
fn join_broken_words(lines: &mut [String]) {
    let words: HashSet<String> = lines
        .iter()
        .flat_map(|l| l.split(|c: char| !c.is_alphabetic()))
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect();
    // From the end up, so a word broken over three lines ("well-" / "organ-" / "ized") is
    // whole after one pass.
    for n in (0..lines.len().saturating_sub(1)).rev() {
        let Some(head) = broken_head(&lines[n]) else {
            continue;
        };
        let next = lines[n + 1].clone();
        let rest_at = next.len() - next.trim_start().len();
        let tail: String = next[rest_at..]
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        if tail.is_empty() || !tail.chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        let after = &next[rest_at + tail.len()..];
        if after.starts_with('-') {
            continue;
        }
        let whole = format!("{head}{tail}");
        let drop_hyphen = words.contains(&whole.to_lowercase()) || ENDINGS.contains(&tail.as_str());
        // "submis -" is only ever a broken word when the join is known.
        let spaced = lines[n].ends_with(" -");
        if spaced && !drop_hyphen {
            continue;
        }
        let keep = lines[n].len()
            - if drop_hyphen {
                1 + usize::from(spaced)
            } else {
                0
            };
        lines[n].truncate(keep);
        lines[n].push_str(&tail);
        let rest = after.trim_start().to_string();
        lines[n + 1] = format!("{}{}", &next[..rest_at], rest)
            .trim_end()
            .to_string();
    }
}

/// The start of a word broken at the end of `line` ("submis" of "… the submis-", or of
/// "… the submis -" as some PDFs space it): at least two letters, the last of them lower case,
/// right before a final hyphen.
fn broken_head(line: &str) -> Option<&str> {
    let body = line.strip_suffix('-')?;
    let body = body.strip_suffix(' ').unwrap_or(body);
    let start = body
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic())
        .last()
        .map(|(i, _)| i)?;
    let head = &body[start..];
    let lower_end = head.chars().last().is_some_and(char::is_lowercase);
    (head.chars().count() >= 2 && lower_end).then_some(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ligatures_full_width_and_math_letters_become_plain_letters() {
        assert_eq!(
            normalize("ﬁnanciera, eﬃcient ﬂow"),
            "financiera, efficient flow"
        );
        assert_eq!(normalize("ＰｙＴｏｒｃｈ"), "PyTorch");
        assert_eq!(normalize("𝐒𝐨𝐟𝐭𝐰𝐚𝐫𝐞 𝑬𝒏𝒈𝒊𝒏𝒆𝒆𝒓"), "Software Engineer");
        // Folding that would change meaning is not done.
        assert_eq!(normalize("m² ½ ™"), "m² ½ ™");
        // Accents written as two code points are composed.
        assert_eq!(normalize("Rene\u{301}e"), "Renée");
        // A typesetter's hyphens are hyphens; dashes stay dashes.
        assert_eq!(
            normalize("updated on 2023\u{2010}10\u{2010}10, fine\u{2011}tuning – 2019"),
            "updated on 2023-10-10, fine-tuning – 2019"
        );
    }

    #[test]
    fn invisible_and_icon_characters_go_and_odd_spaces_become_one_space() {
        assert_eq!(normalize("high\u{ad}impact"), "highimpact");
        assert_eq!(normalize("a\u{200b}b\u{feff}"), "ab");
        assert_eq!(
            normalize("\u{f015} Paris \u{f09b} ana-dev"),
            "Paris ana-dev"
        );
        assert_eq!(
            normalize("🕻 +33 6 12 | 🖂 jo@example.org | ☎\u{fe0f} 555"),
            "+33 6 12 | jo@example.org | 555"
        );
        assert_eq!(normalize("Python★★★★☆ SQL"), "Python SQL");
        assert_eq!(normalize("SQL✔Python"), "SQL Python");
        assert_eq!(
            normalize("Python\u{a0}\u{2003}\u{202f}and   Go \t SQL   "),
            "Python and Go SQL"
        );
        assert_eq!(normalize("  - indented item"), "  - indented item");
    }

    #[test]
    fn words_broken_at_a_line_end_are_joined_and_lines_keep_their_numbers() {
        let text = "We review submis-\nsions weekly.\nLed develop-\nment of the API";
        assert_eq!(
            normalize(text),
            "We review submissions\nweekly.\nLed development\nof the API"
        );
        // A compound keeps its hyphen; a word written whole elsewhere loses it.
        assert_eq!(normalize("high-\nimpact work"), "high-impact\nwork");
        assert_eq!(normalize("for identi -\nfication"), "for identification\n");
        assert_eq!(normalize("Python -\nscripts"), "Python -\nscripts");
        assert_eq!(
            normalize("micro-\nservices and microservices"),
            "microservices\nand microservices"
        );
        // Not a broken word: a capital after the break, a list dash, a number.
        for kept in ["Python-\nBased", "Skills -\n- Go", "2019-\n2021", "a-\nb"] {
            assert_eq!(normalize(kept).lines().count(), 2, "{kept:?}");
        }
        assert_eq!(normalize("Python-\nBased"), "Python-\nBased");
        assert_eq!(normalize("2019-\n2021"), "2019-\n2021");
        let joined = normalize("over-\nview\nnext");
        assert_eq!(joined.lines().count(), 3);
    }

    #[test]
    fn a_word_hyphenated_with_a_soft_hyphen_is_joined_on_its_first_line() {
        let text = "the model reg\u{ad}\nistry in MLflow\ntraining, eval\u{ad}\nuating models";
        assert_eq!(
            normalize(text),
            "the model registry\nin MLflow\ntraining, evaluating\nmodels"
        );
        // A tail that is its whole line takes the head down: no line is left empty.
        assert_eq!(
            normalize("worked on distributed sys\u{ad}\ntems\nand more"),
            "worked on distributed\nsystems\nand more"
        );
    }

    #[test]
    fn list_markers_drawn_with_shapes_become_bullets() {
        assert_eq!(
            normalize("● Led the team\n  ○ Built the API\n■Shipped\nA ● in a line"),
            "• Led the team\n  • Built the API\n• Shipped\nA ● in a line"
        );
    }

    #[test]
    fn normalizing_twice_changes_nothing() {
        for text in [
            "ﬁnance\u{ad} sub-\nmission  x\n\n  y\u{a0}z-\nation",
            "a-\nb-\nc",
            "well-\norgan-\nized work",
            "Led develop-\nment of micro-\nservices\nand microservices",
            "\u{f0e0} mail@example.org\n\u{2003}Lead",
            "● Led the team\n  ○  Built it\n■\n•",
            "Improved devel-\nopment ● Cut costs",
        ] {
            let once = normalize(text);
            assert_eq!(normalize(&once), once, "{text:?}");
            assert_eq!(once.split('\n').count(), text.split('\n').count());
        }
    }
}
