//! Whole-word matching in text: a word or phrase counts where no letter or digit touches it
//! on either side ("must" in "you must", not in "mustard"; "bsn" in "BSN, Nursing").

/// Whether `word` (a word or a phrase) occurs in `text` as whole words. Case counts: lowercase
/// both where it should not.
pub(crate) fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
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
