//! How long records about candidates are kept: a setting per home (`HOME/retention.toml`,
//! four years by default, as California's rules on automated-decision systems ask of
//! decision records), and the date before which `purge` removes them.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The file in the home that holds the setting.
pub const RETENTION_FILE: &str = "retention.toml";

/// Years records are kept when the home says nothing: California's FEHA rules keep inputs,
/// outputs and decisions four years, the longest of the rules rolematch follows.
pub(crate) const DEFAULT_YEARS: u32 = 4;

#[derive(Debug, thiserror::Error)]
pub enum RetentionError {
    #[error("{}: {reason}; write it as `years = 4` (whole years, 1 to 100)", .path.display())]
    BadFile { path: PathBuf, reason: String },
    #[error("'{0}' is not a date: write it as YYYY-MM-DD (for example 2022-12-31)")]
    BadDate(String),
}

/// How long records about candidates are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retention {
    /// Whole years after a candidate's last use (added, ranked in an opening, decided on).
    pub years: u32,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            years: DEFAULT_YEARS,
        }
    }
}

impl Retention {
    /// The setting of the home `home`: its `retention.toml`, or the default when it has none.
    pub fn of_home(home: &Path) -> Result<Retention, RetentionError> {
        let path = home.join(RETENTION_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Retention::default()),
            Err(e) => {
                return Err(RetentionError::BadFile {
                    path,
                    reason: e.to_string(),
                })
            }
        };
        let retention: Retention = toml::from_str(&text).map_err(|e| RetentionError::BadFile {
            path: path.clone(),
            reason: e.message().to_string(),
        })?;
        if !(1..=100).contains(&retention.years) {
            return Err(RetentionError::BadFile {
                path,
                reason: format!("{} years is not a retention period", retention.years),
            });
        }
        Ok(retention)
    }

    /// The date (YYYY-MM-DD) `years` before `today` (an RFC 3339 time or a date): what is
    /// older than it is past retention. 29 February goes to the 28th in a common year.
    pub fn cutoff(&self, today: &str) -> Result<String, RetentionError> {
        let (year, month, day) = parse_date(today)?;
        let year = year - self.years as i32;
        let day = if month == 2 && day == 29 && !is_leap(year) {
            28
        } else {
            day
        };
        Ok(format!("{year:04}-{month:02}-{day:02}"))
    }

    /// The rules whose records must be kept longer than this setting keeps them, each as a
    /// warning a person can act on.
    pub fn shorter_than_rules(&self) -> Vec<String> {
        [
            ("California's rules on automated-decision systems (FEHA)", 4),
            ("Colorado SB 26-189", 3),
        ]
        .into_iter()
        .filter(|(_, years)| self.years < *years)
        .map(|(rule, years)| {
            format!(
                "records are kept {} ({RETENTION_FILE}), but {rule} asks for {years} years: \
                 where it applies, set `years = {years}` or more",
                self.words()
            )
        })
        .collect()
    }

    /// The period in words ("4 years").
    pub fn words(&self) -> String {
        super::page::years(self.years)
    }
}

/// A date (YYYY-MM-DD), checked; the start of an RFC 3339 time is one.
pub fn check_date(text: &str) -> Result<String, RetentionError> {
    let (y, m, d) = parse_date(text)?;
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

fn parse_date(text: &str) -> Result<(i32, u32, u32), RetentionError> {
    let bad = || RetentionError::BadDate(text.to_string());
    let date = text.get(..10).ok_or_else(bad)?;
    if text.len() > 10 && !text[10..].starts_with('T') {
        return Err(bad());
    }
    let mut parts = date.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return Err(bad());
    }
    let year: i32 = y.parse().map_err(|_| bad())?;
    let month: u32 = m.parse().map_err(|_| bad())?;
    let day: u32 = d.parse().map_err(|_| bad())?;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if day == 0 || day > days {
        return Err(bad());
    }
    Ok((year, month, day))
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Whether a record made at `at` (RFC 3339, UTC) is from before the date `cutoff`.
pub(crate) fn is_before(at: &str, cutoff: &str) -> bool {
    at.get(..10).is_some_and(|date| date < cutoff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cutoff_is_whole_years_back_and_leap_days_land_on_the_28th() {
        let four = Retention::default();
        assert_eq!(four.cutoff("2026-12-04T10:00:00Z").unwrap(), "2022-12-04");
        assert_eq!(four.cutoff("2028-02-29").unwrap(), "2024-02-29");
        let one = Retention { years: 1 };
        assert_eq!(one.cutoff("2028-02-29").unwrap(), "2027-02-28");
    }

    #[test]
    fn dates_are_checked() {
        assert_eq!(check_date("2026-02-28").unwrap(), "2026-02-28");
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "26-1-1",
            "2026/01/01",
            "",
            "2026-01-01x",
        ] {
            assert!(check_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn before_compares_the_day() {
        assert!(is_before("2022-12-03T23:59:59Z", "2022-12-04"));
        assert!(!is_before("2022-12-04T00:00:00Z", "2022-12-04"));
        assert!(!is_before("", "2022-12-04"));
    }

    #[test]
    fn the_setting_comes_from_the_home_or_defaults_to_four_years() {
        let home = tempfile::tempdir().unwrap();
        assert_eq!(Retention::of_home(home.path()).unwrap().years, 4);
        std::fs::write(home.path().join(RETENTION_FILE), "years = 3\n").unwrap();
        assert_eq!(Retention::of_home(home.path()).unwrap().years, 3);
        std::fs::write(home.path().join(RETENTION_FILE), "years = 0\n").unwrap();
        let error = Retention::of_home(home.path()).unwrap_err().to_string();
        assert!(
            error.contains("retention.toml") && error.contains("years = 4"),
            "{error}"
        );
        std::fs::write(home.path().join(RETENTION_FILE), "keep = 3\n").unwrap();
        assert!(Retention::of_home(home.path()).is_err());
    }
}
