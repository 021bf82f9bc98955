//! When a document was received: the month that "present" in its dates stands for.
//!
//! A resume says "2019 – Present" as of the day it was sent. A file read now was received
//! this month (UTC), unless the run is fixed to another month with [`set_as_of`] (the CLI's
//! `--as-of` / `ROLEMATCH_AS_OF`), so that a run can be repeated as of a date; a pool's
//! candidate was received when it was added.

use std::sync::OnceLock;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl YearMonth {
    /// "2026-12", or the month of a date or an RFC 3339 time ("2026-12-05T10:00:00Z").
    pub fn parse(text: &str) -> Option<YearMonth> {
        let text = text.trim();
        let year: i32 = text.get(..4)?.parse().ok()?;
        if text.get(4..5)? != "-" {
            return None;
        }
        let month: u32 = text.get(5..7)?.parse().ok()?;
        // A month alone, or the month of a date ("-05", then a time or nothing).
        let rest = &text[7..];
        let day = rest
            .strip_prefix('-')
            .and_then(|r| r.get(..2))
            .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()));
        let ends =
            rest.is_empty() || (day && (rest.len() == 3 || rest[3..].starts_with(['T', 't', ' '])));
        ((1..=12).contains(&month) && (1000..=9999).contains(&year) && ends)
            .then_some(YearMonth { year, month })
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

static AS_OF: OnceLock<YearMonth> = OnceLock::new();

/// Fixes the month documents read from now on are received in, for this process (the first
/// call wins).
pub fn set_as_of(month: YearMonth) {
    let _ = AS_OF.set(month);
}

/// The month a document read now is received in: the one [`set_as_of`] fixed, else this
/// month (UTC).
pub fn this_month() -> YearMonth {
    AS_OF.get().copied().unwrap_or_else(|| {
        YearMonth::parse(&crate::audit::utc_now()).unwrap_or(YearMonth {
            year: 1970,
            month: 1,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_dates_and_times_parse_and_nothing_else_does() {
        let dec = YearMonth {
            year: 2026,
            month: 12,
        };
        for text in ["2026-12", "2026-12-05", "2026-12-05T10:00:00Z", " 2026-12 "] {
            assert_eq!(YearMonth::parse(text), Some(dec), "{text}");
        }
        for text in [
            "2026-13",
            "2026-00",
            "2026/12",
            "26-12",
            "2026-1",
            "2026-12x",
            "2026-12-junk",
            "",
            "soon",
        ] {
            assert_eq!(YearMonth::parse(text), None, "{text}");
        }
        assert_eq!(dec.to_string(), "2026-12");
        assert!(this_month().year >= 2026);
    }
}
