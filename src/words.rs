//! Words in text: whole-word matching (a word or phrase counts where no letter or digit
//! touches it on either side: "must" in "you must", not in "mustard"; "bsn" in "BSN,
//! Nursing"), and a heading's words without its number.

/// Whether `word` (a word or a phrase) occurs in `text` as whole words. Case counts: lowercase
/// both where it should not.
pub(crate) fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// A heading without the number its writer put before it ("2. Skills", "IV) Experience",
/// "A. Education"): one or two digits, a Roman numeral in capitals or one capital letter,
/// then "." or ")" and a space.
pub(crate) fn without_numbering(heading: &str) -> &str {
    let Some((number, rest)) = heading.split_once(['.', ')']) else {
        return heading;
    };
    let numbered = (1..=2).contains(&number.len()) && number.chars().all(|c| c.is_ascii_digit())
        || (1..=4).contains(&number.len()) && number.chars().all(|c| "IVX".contains(c))
        || number.len() == 1 && number.chars().all(|c| c.is_ascii_uppercase());
    match rest.strip_prefix(' ') {
        Some(rest) if numbered && !rest.trim().is_empty() => rest.trim_start(),
        _ => heading,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_words_count() {
        assert!(contains_word("you must apply", "must"));
        assert!(contains_word("bsn, nursing", "bsn"));
        assert!(contains_word("is a plus.", "is a plus"));
        assert!(!contains_word("mustard", "must"));
        assert!(!contains_word("a majority", "major"));
        assert!(!contains_word("Must", "must"));
    }
}
