//! The word lists blind mode reads, compiled into the binary from `src/redact/data/`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Lines of a list file, without comments and blank lines.
fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

/// Common first names, lower case.
pub(crate) static FIRST_NAMES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("data/first_names.txt")).collect());

/// Words that reveal sex, religion, ethnicity or national origin inside a group's name.
pub(crate) static IDENTITY_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("data/identity_words.txt")).collect());

/// Words that make a phrase the name of a group, club, team or award.
pub(crate) static GROUP_WORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("data/groups.txt")).collect());

/// Affinity organisations known by name.
pub(crate) static NAMED_GROUPS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("data/named_groups.txt")).collect());

/// Short school names, redacted in Education sections.
pub(crate) static SCHOOLS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("data/schools.txt")).collect());

/// Gendered word (lower case) → neutral word.
pub(crate) static GENDERED_WORDS: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| {
        entries(include_str!("data/gendered_words.tsv"))
            .filter_map(|l| l.split_once('\t'))
            .collect()
    });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_without_comments() {
        assert!(FIRST_NAMES.len() > 8000);
        assert!(FIRST_NAMES.contains("maria"));
        assert!(!FIRST_NAMES.iter().any(|n| n.starts_with('#')));
        assert!(IDENTITY_WORDS.contains("women"));
        assert!(GROUP_WORDS.contains("association"));
        assert!(NAMED_GROUPS.contains(&"Black in AI"));
        assert!(SCHOOLS.contains(&"MIT"));
        assert_eq!(GENDERED_WORDS.get("chairwoman"), Some(&"chair"));
    }
}
