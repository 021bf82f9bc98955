//! Years of experience from a resume's dated positions, and the years a posting asks for.
//!
//! A position is a date range ("Jan 2013 – Jul 2018", "2019 - Present", "03/2020 to 11/2021",
//! "Fall 2019 – Spring 2021", a JSON Resume's `startDate`/`endDate`) on a line of the
//! Experience section, or of any line that is not about education when the resume has no
//! headings. Positions that overlap count once. "Present" is the month the document was
//! received (a file read now: this month, or the run's `--as-of`; a pool's candidate: the month
//! it was added), unless the document gives itself a date, which comes first; a document with
//! neither (a text passed in) has the latest date it writes (the middle of the year when only a year is
//! written). A later date the document writes (a licence's expiry) never moves "present". Dates that cannot be read are not guessed: a resume without a
//! readable range has unknown years.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::position_details;
use crate::read::sections::SectionKind;
use crate::read::Document;

/// A month, counted from year 0 (`year * 12 + month - 1`).
type Month = i32;

/// One dated position: its months, the line that dates it, and the title and employer its
/// header names, when they can be told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DatedRange {
    /// First month, as `YYYY-MM`.
    #[serde(serialize_with = "as_year_month", deserialize_with = "from_year_month")]
    #[schema(value_type = String, example = "2019-03")]
    pub start: Month,
    /// Month it ended (for "present", when the document was received; see the module).
    #[serde(serialize_with = "as_year_month", deserialize_with = "from_year_month")]
    #[schema(value_type = String, example = "2023-11")]
    pub end: Month,
    pub line: usize,
    /// The job's title as written ("Customer Service Representative").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Who the job was for ("On Point Electronics").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employer: Option<String>,
    /// Written as going on ("– present"): `end` is then when the document was received.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ongoing: bool,
}

fn as_year_month<S: serde::Serializer>(month: &Month, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("{:04}-{:02}", month / 12, month % 12 + 1))
}

fn from_year_month<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
    let text = String::deserialize(d)?;
    let parsed = text
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<i32>().ok()?)))
        .filter(|(_, m)| (1..=12).contains(m));
    match parsed {
        Some((year, month)) => Ok(year * 12 + month - 1),
        None => Err(serde::de::Error::custom(format!(
            "expected a month as YYYY-MM, found {text:?}"
        ))),
    }
}

/// A resume's dated positions and what they add up to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Experience {
    pub positions: Vec<DatedRange>,
    /// The positions' union in years, one decimal; `None` when no range could be read.
    pub years: Option<f32>,
}

/// Words of a degree: a range on (or right under) a line that holds one is a time of study,
/// not a position, in a resume without headings. Places of study ("university", "school")
/// are not among them: a teacher's or a lecturer's job is at one.
#[rustfmt::skip]
const SCHOOLING: &[&str] = &[
    "bachelor", "master of", "master's", "phd", "ph.d", "degree", "b.sc", "m.sc", "bsc", "msc",
    "b.a.", "m.a.", "diploma", "thesis", "gpa", "\"education\"", "studytype",
];

/// The JSON Resume (and similar) keys whose lists hold jobs.
const JSON_WORK_KEYS: &[&str] = &["work", "experience", "positions", "employment"];

/// The JSON keys of a resume's other sections: a position's dates are never under them.
const JSON_OTHER_KEYS: &[&str] = &[
    "education",
    "volunteer",
    "projects",
    "awards",
    "publications",
    "skills",
    "certificates",
    "references",
    "interests",
    "languages",
    "basics",
    "meta",
    "service",
    "affiliation",
];

fn date_pattern() -> &'static Regex {
    static DATE: OnceLock<Regex> = OnceLock::new();
    DATE.get_or_init(|| {
        Regex::new(
            r"(?ix)
            \b(?:
                (?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?(?:\s+|[/-]\s*)
              | (?P<season>spring|summer|fall|autumn|winter)\s+
              | (?P<mm>\d{1,2})[/.]
            )?
            (?P<year>(?:19|20)\d{2})
            (?:[-/.](?P<after>\d{1,2})(?:[-/.]\d{1,2})?\b)?
            |\b(?P<now>present|current|currently|now|today|ongoing)\b",
        )
        .expect("a valid pattern")
    })
}

/// A date found on a line: where it is and which month it names (`None`: "present").
struct Found {
    start: usize,
    end: usize,
    month: Option<Month>,
    /// Only a year was written.
    year_only: bool,
}

fn dates_in(line: &str) -> Vec<Found> {
    date_pattern()
        .captures_iter(line)
        .filter_map(|c| {
            let whole = c.get(0)?;
            if c.name("now").is_some() {
                return Some(Found {
                    start: whole.start(),
                    end: whole.end(),
                    month: None,
                    year_only: false,
                });
            }
            let year: i32 = c.name("year")?.as_str().parse().ok()?;
            let month = if let Some(m) = c.name("month") {
                let m = m.as_str().to_ascii_lowercase();
                [
                    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                    "dec",
                ]
                .iter()
                .position(|name| m.starts_with(name))? as i32
                    + 1
            } else if let Some(s) = c.name("season") {
                match s.as_str().to_ascii_lowercase().as_str() {
                    "winter" => 1,
                    "spring" => 3,
                    "summer" => 6,
                    _ => 9,
                }
            } else if let Some(m) = c.name("mm").or(c.name("after")) {
                m.as_str().parse().ok()?
            } else {
                0
            };
            if !(0..=12).contains(&month) {
                return None;
            }
            Some(Found {
                start: whole.start(),
                end: whole.end(),
                month: Some(year * 12 + month.max(1) - 1),
                year_only: month == 0,
            })
        })
        .collect()
}

/// True when only a range separator stands between two dates.
fn separates(between: &str) -> bool {
    let word = between.trim().trim_matches(|c| c == '(' || c == ')').trim();
    matches!(
        word.to_ascii_lowercase().as_str(),
        "-" | "–" | "—" | "−" | "to" | "until" | "till" | "through" | "thru" | "~" | "--"
    )
}

/// A range split across two lines ("Jan 2019 –" / "Dec 2021"): `line` ends with a date and a
/// separator, and `next` (whose dates are `next_dates`) starts with the range's end. The
/// range's two ends, when it is one.
fn wrapped_range<'a>(
    line: &str,
    dates: &'a [Found],
    next: &str,
    next_dates: &'a [Found],
) -> Option<(&'a Found, &'a Found)> {
    let last = dates.last().filter(|last| separates(&line[last.end..]))?;
    let first = next_dates.first()?;
    next[..first.start]
        .trim()
        .is_empty()
        .then_some((last, first))
}

/// A range written as going on by a dash fixed to its start and nothing after it ("2024-
/// CROWDSTRIKE Senior SE", "Acme, 2021–", "(2021–)"): the date the dash follows without a
/// space, the dash followed by a space, a closing bracket or the end of the line, the date
/// opening the line or the dash ending it (a phone number's or a copyright's "2019-" stands
/// mid-line). A date with a spaced dash after it ("2019 - Best paper award") is a year and a
/// title; a date another date ends, or that ends a range itself ("2016-2019-"), is a range;
/// a line about schooling ("2019- Dean's List, University of Leeds") is not a job.
/// Returns the date and where its dash ends.
fn open_start<'a>(line: &str, dates: &'a [Found]) -> Option<(&'a Found, usize)> {
    let (i, from) = dates.iter().enumerate().find(|(_, d)| {
        let mut chars = line[d.end..].chars();
        d.month.is_some()
            && matches!(chars.next(), Some('-' | '–' | '—'))
            && chars
                .next()
                .is_none_or(|c| c.is_whitespace() || matches!(c, ')' | ']'))
    })?;
    let dash_end = from.end + line[from.end..].chars().next().map_or(0, char::len_utf8);
    let opens_line = !line[..from.start].chars().any(char::is_alphanumeric);
    let ends_line = line[dash_end..]
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, ')' | ']' | '*' | '_'));
    let ended = dates
        .get(i + 1)
        .is_some_and(|to| separates(&line[from.end..to.start]));
    let ends_a_range = i > 0 && separates(&line[dates[i - 1].end..from.start]);
    let lower = line.to_lowercase();
    let schooling = SCHOOLING
        .iter()
        .chain(OPEN_SCHOOLING)
        .any(|w| lower.contains(w));
    ((opens_line || ends_line) && !ended && !ends_a_range && !schooling).then_some((from, dash_end))
}

/// Words of schooling that an open range's line must not hold, beside [`SCHOOLING`].
const OPEN_SCHOOLING: &[&str] = &["university", "college", "school", "dean's list", "student"];

/// The month of the date a document gives itself on a line such as "Last updated: 2025-03-02"
/// or "This document was last updated on 2023-10-10" (`dated`: the dates of each line).
fn stated_date(document: &Document, dated: &[Vec<Found>]) -> Option<Month> {
    // "Updated on-call rotas, Jan 2020 – Present" is a duty, not the document's date: the cue
    // must say "last updated" or "last modified", or open the line as "Updated:", and the
    // date must follow it closely.
    const CUES: [&str; 2] = ["last updated", "last modified"];
    document.lines().find_map(|(n, line)| {
        if dated[n - 1].is_empty() {
            return None;
        }
        let lower = line.to_ascii_lowercase();
        let opening = lower.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
        let cue_end = CUES
            .iter()
            .find_map(|cue| lower.find(cue).map(|at| at + cue.len()))
            .or_else(|| {
                opening
                    .starts_with("updated:")
                    .then(|| lower.len() - opening.len() + "updated:".len())
            })?;
        dated[n - 1]
            .iter()
            .find(|d| d.start >= cue_end && d.start - cue_end <= 8 && !d.year_only)
            .and_then(|d| d.month)
    })
}

/// The document's dated positions and their years.
pub fn experience(document: &Document) -> Experience {
    let dated: Vec<Vec<Found>> = document.lines().map(|(_, line)| dates_in(line)).collect();
    // "Present" is the date the document gives itself ("Last updated: 2025-03-02"), else when
    // it was received; a text with neither has only the latest date it writes, a year alone
    // standing for the middle of that year. A later date the text writes is not a present: a
    // licence's expiry ("Exp. 03/2027"), an expected degree, a plan for 2045.
    let received = stated_date(document, &dated).or_else(|| {
        document
            .received()
            .map(|at| at.year * 12 + at.month as i32 - 1)
    });
    let latest = received.or_else(|| {
        dated
            .iter()
            .flatten()
            .filter_map(|d| d.month.map(|m| if d.year_only { m + 6 } else { m }))
            .max()
    });
    // Sections with none for the jobs (an "Clinical Experience" heading undressed, under a
    // "Professional Summary" that was found) leave the jobs where they are: read as if no
    // section were known, save the schooling, certificates, papers, projects and volunteering,
    // and memberships.
    let has_experience = document
        .sections()
        .iter()
        .any(|s| s.kind == SectionKind::Experience);
    let displaced = displaced_dates(document, &dated);
    let counts = |n: usize| -> bool {
        if displaced.contains(&n) {
            return true;
        }
        let elsewhere = document.section_at(n).is_some_and(|s| {
            matches!(
                s.kind,
                SectionKind::Education
                    | SectionKind::Certifications
                    | SectionKind::Publications
                    | SectionKind::Projects
                    | SectionKind::Other
            )
        });
        if document.sections().is_empty() || !has_experience && !elsewhere {
            let around = format!(
                "{} {}",
                document.line(n.saturating_sub(1)),
                document.line(n)
            );
            let around = around.to_lowercase();
            !SCHOOLING.iter().any(|w| around.contains(w))
        } else {
            document
                .section_at(n)
                .is_some_and(|s| s.kind == SectionKind::Experience)
        }
    };
    let mut positions = Vec::new();
    // Starts with a dash fixed to them and no end, each with its line and its dash's end.
    let mut open_starts: Vec<(usize, &Found, usize)> = Vec::new();
    let mut json_key: Option<String> = None;
    let mut json_start: Option<(Month, usize)> = None;
    for (n, line) in document.lines() {
        let dates = &dated[n - 1];
        if let Some(key) = json_list_key(line) {
            json_key = Some(key);
            json_start = None;
        }
        // JSON Resume and FRESH: "startDate"/"start" on one line, "endDate"/"end" (or none:
        // present) after it.
        let key = line
            .trim_start()
            .strip_prefix('"')
            .and_then(|rest| rest.split_once('"'))
            .map(|(key, _)| key.to_ascii_lowercase().replace('_', ""))
            .unwrap_or_default();
        let in_work = json_key
            .as_deref()
            .is_some_and(|k| JSON_WORK_KEYS.contains(&k));
        if in_work && matches!(key.as_str(), "startdate" | "start") {
            json_start = dates.first().and_then(|d| d.month).map(|m| (m, n));
            continue;
        }
        if in_work && matches!(key.as_str(), "enddate" | "end") {
            if let (Some((start, at)), Some(end)) = (
                json_start.take(),
                dates.first().and_then(|d| d.month.or(latest)),
            ) {
                positions.push(DatedRange {
                    start,
                    end,
                    line: at,
                    title: None,
                    employer: None,
                    ongoing: false,
                });
            }
            continue;
        }
        if in_work && line.trim_start().starts_with('}') {
            if let (Some((start, at)), Some(end)) = (json_start.take(), latest) {
                positions.push(DatedRange {
                    start,
                    end,
                    line: at,
                    title: None,
                    employer: None,
                    ongoing: false,
                });
            }
        }
        let other_json_section = json_key
            .as_deref()
            .is_some_and(|k| !JSON_WORK_KEYS.contains(&k));
        if other_json_section || (json_key.is_none() && !counts(n)) {
            continue;
        }
        let next_dates = dated.get(n).map_or(&[][..], Vec::as_slice);
        let wrapped_end = wrapped_range(line, dates, document.line(n + 1), next_dates);
        if let Some((from, dash_end)) = open_start(line, dates).filter(|_| wrapped_end.is_none()) {
            open_starts.push((n, from, dash_end));
        }
        let pairs = dates
            .windows(2)
            .map(|pair| (&pair[0], &pair[1], true))
            .chain(wrapped_end.map(|(from, to)| (from, to, false)));
        for (from, to, same_line) in pairs {
            let Some(start) = from.month else { continue };
            if same_line && !separates(&line[from.end..to.start]) {
                continue;
            }
            let Some(end) = to.month.or(latest) else {
                continue;
            };
            // A year alone is its January: "2018 - 2020" is two years.
            if end >= start {
                let rest = if same_line {
                    format!("{}{}", &line[..from.start], &line[to.end..])
                } else {
                    line[..from.start].to_string()
                };
                positions.push(position(document, n, &rest, start..end, to.month.is_none()));
            }
        }
    }
    // An open start ("2024- CROWDSTRIKE") is the current job of a list of jobs written with
    // closed ranges ("2018-2023 SALSIFY"): it counts beside at least one, starting no earlier
    // than the latest of them, so a lone "2019-" (an award, a membership) is not a job.
    let latest_start = positions.iter().map(|p| p.start).max();
    for (n, from, dash_end) in open_starts {
        let (Some(start), Some(end), Some(latest_start)) = (from.month, latest, latest_start)
        else {
            continue;
        };
        if start < latest_start || end < start {
            continue;
        }
        let line = document.line(n);
        let rest = format!("{}{}", &line[..from.start], &line[dash_end..]);
        positions.push(position(document, n, &rest, start..end, true));
    }
    positions.sort_by_key(|p| p.line);
    let years = union_months(&positions).map(|m| (m as f32 / 12.0 * 10.0).round() / 10.0);
    Experience { positions, years }
}

/// Lines of dates alone above the first section ("SEPTEMBER 2016 – PRESENT"), where the
/// experience's own lines hold no date: a PDF whose dates stand in a column of their own
/// gives that column first, apart from its jobs. Which job each range dates is lost, but the
/// years are not. Empty when the experience dates its jobs itself, or there is none.
fn displaced_dates(document: &Document, dated: &[Vec<Found>]) -> BTreeSet<usize> {
    let sections = document.sections();
    let experience: Vec<_> = sections
        .iter()
        .filter(|s| s.kind == SectionKind::Experience)
        .collect();
    let undated = !experience.is_empty()
        && experience
            .iter()
            .all(|s| (s.first_line..=s.last_line).all(|n| dated[n - 1].is_empty()));
    let Some(first) = sections.first().filter(|_| undated) else {
        return BTreeSet::new();
    };
    (1..first.first_line)
        .filter(|&n| {
            let line = document.line(n);
            let mut rest = String::new();
            let mut at = 0;
            for found in &dated[n - 1] {
                rest.push_str(&line[at..found.start]);
                rest.push(' ');
                at = found.end;
            }
            rest.push_str(&line[at..]);
            dated[n - 1].len() >= 2
                && rest
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .all(|w| {
                        ["to", "present", "current", "now", "today"]
                            .contains(&w.to_lowercase().as_str())
                    })
        })
        .collect()
}

/// The position dated on line `n` over `months`, with the title and employer its header
/// names (`rest`: the line without its range).
fn position(
    document: &Document,
    n: usize,
    rest: &str,
    months: std::ops::Range<Month>,
    ongoing: bool,
) -> DatedRange {
    let header = position_details::details(document, n, rest);
    DatedRange {
        start: months.start,
        end: months.end,
        line: n,
        title: header.title,
        employer: header.employer,
        ongoing,
    }
}

/// The lines where an entry of the document starts (a job, a project, a degree, in any
/// section): each line that holds a range of dates as an entry's header does (see
/// [`dates_of_header`]) — or, when the line starts with its dates, the short plain line right
/// above it ("Principal Developer, Veridian Dynamics" over "2011-07 — 2013-08"). Passages
/// start there, so a job is read as one unit of evidence whether or not the file marked it
/// up (a PDF's entries are plain lines).
pub(crate) fn entry_starts(document: &Document) -> BTreeSet<usize> {
    document
        .lines()
        .filter_map(|(n, line)| {
            let starts_with_dates = dates_of_header(line, document.line(n + 1))?;
            Some(if starts_with_dates {
                position_details::entry_first_line(document, n)
            } else {
                n
            })
        })
        .collect()
}

/// Whether `line` dates an entry as its header: a short line, not a list item, with a range of
/// dates ("2019 – 2021", "Jan 2019 - Present"), or ending with a date and a separator that
/// `next` ends ("Jan 2019 –" over "Dec 2021"), the dates at one end of the line (words on
/// both sides make a sentence: "led the move from 2015 to 2018 across three"). `Some(true)`
/// when nothing but punctuation stands before the dates.
fn dates_of_header(line: &str, next: &str) -> Option<bool> {
    let line = line.trim();
    if line.split_whitespace().count() > 16 || position_details::is_list_item(line) {
        return None;
    }
    let dates = dates_in(line);
    let (first, last) = (dates.first()?, dates.last()?);
    let ranged = dates
        .windows(2)
        .any(|pair| pair[0].month.is_some() && separates(&line[pair[0].end..pair[1].start]));
    let continued = wrapped_range(line, &dates, next, &dates_in(next))
        .is_some_and(|(from, _)| from.month.is_some());
    if !ranged && !continued && open_start(line, &dates).is_none() {
        return None;
    }
    let words = |text: &str| text.chars().any(char::is_alphanumeric);
    let (before, after) = (words(&line[..first.start]), words(&line[last.end..]));
    (!before || !after).then_some(!before)
}

/// The resume section a JSON list or object opens on `line` (`"work": [`), lower case; keys
/// of the fields inside an entry ("highlights", "location") are not sections.
fn json_list_key(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix('"')?;
    let (key, after) = rest.split_once('"')?;
    let after = after.trim_start().strip_prefix(':')?.trim_start();
    let key = key.to_ascii_lowercase();
    let section = JSON_WORK_KEYS.contains(&key.as_str()) || JSON_OTHER_KEYS.contains(&key.as_str());
    (after.starts_with(['[', '{']) && section).then_some(key)
}

/// Months covered by the ranges, overlaps once; `None` when there are none.
fn union_months(ranges: &[DatedRange]) -> Option<i32> {
    if ranges.is_empty() {
        return None;
    }
    let mut spans: Vec<(Month, Month)> = ranges.iter().map(|r| (r.start, r.end)).collect();
    spans.sort_unstable();
    let mut total = 0;
    let (mut from, mut to) = spans[0];
    for &(start, end) in &spans[1..] {
        if start > to {
            total += to - from;
            (from, to) = (start, end);
        } else {
            to = to.max(end);
        }
    }
    Some(total + to - from)
}

/// The most years a posting asks for on `lines` (every line when `None`): "3+ years of
/// Python", "at least 5 years' experience", "2 years in a classroom", with the words that
/// follow the number; `None` when it names no number of years. Ages and the employer's own
/// years ("10 years old", "25 years of service", "for over 20 years") are not asks.
pub(crate) fn years_asked(posting: &Document, lines: Option<&[usize]>) -> Option<(u32, String)> {
    static ASK: OnceLock<Regex> = OnceLock::new();
    let ask = ASK.get_or_init(|| {
        Regex::new(
            r"(?i)\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\)?\s*\+?\s*(?:(?:-|–|—|to)\s*(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*\+?\s*)?(?:\(\d{1,2}\)\s*)?(?:years?|yrs?)(?:['’]s?)?\s+(?:of\s+)?([^.;:\n]{0,60}\w*)",
        )
        .expect("a valid pattern")
    });
    let not_an_ask = [
        "old",
        "ago",
        "age",
        "or older",
        "or over",
        "service",
        "in business",
        "history",
        "warranty",
        "operation",
        "running",
        "and counting",
        "in a row",
        "horizon",
        "plan",
        "program",
        "fellowship",
        "period",
        "term",
        "contract",
        "journey",
        "cycle",
    ];
    posting
        .lines()
        .filter(|(n, _)| lines.is_none_or(|lines| lines.contains(n)))
        .flat_map(|(_, line)| {
            let lower = line.to_lowercase();
            let employer_s = ["over the past", "for over", "founded", "we have", "we've"]
                .iter()
                .any(|cue| lower.contains(cue));
            ask.captures_iter(line)
                .filter(move |_| !employer_s)
                .filter_map(|c| {
                    let years = c.get(1)?.as_str();
                    let what = c.get(2)?;
                    // What is asked, cut after 60 characters at the end of a word ("… in
                    // the Federal …", never "… in the Federa"), and said to be cut.
                    let rest = line[what.end()..]
                        .split(['.', ';', ':'])
                        .next()
                        .unwrap_or("");
                    let cut = if rest.trim().is_empty() { "" } else { " …" };
                    Some((years, format!("{}{cut}", what.as_str().trim())))
                })
                .collect::<Vec<_>>()
        })
        .filter_map(|(years, what)| {
            let years = number(years)?;
            let lower = what.to_lowercase();
            let asks = !what.is_empty() && !not_an_ask.iter().any(|w| lower.starts_with(w));
            ((1..=30).contains(&years) && asks).then_some((years, what))
        })
        .max_by_key(|(years, _)| *years)
}

/// "5" or "five" as a number.
fn number(text: &str) -> Option<u32> {
    const WORDS: [&str; 12] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    text.parse().ok().or_else(|| {
        let lower = text.to_lowercase();
        WORDS.iter().position(|w| *w == lower).map(|i| i as u32 + 1)
    })
}

/// How a resume's years compare with what the opening asks for.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct YearsCheck {
    pub asked: u32,
    /// The posting's words after the number ("of professional experience in web development").
    pub asked_for: String,
    /// The resume's years from its dated positions, when it has readable dates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shown: Option<f32>,
    pub verdict: YearsVerdict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum YearsVerdict {
    Met,
    Unmet,
    /// The resume has no readable dates: a person must read it.
    Unknown,
}

impl YearsCheck {
    pub fn of(asked: &(u32, String), resume: &Experience) -> Self {
        let verdict = match resume.years {
            None => YearsVerdict::Unknown,
            Some(y) if y + 0.05 >= asked.0 as f32 => YearsVerdict::Met,
            Some(_) => YearsVerdict::Unmet,
        };
        YearsCheck {
            asked: asked.0,
            asked_for: asked.1.clone(),
            shown: resume.years,
            verdict,
        }
    }

    /// One line for a person: "asks 3+ years; the dated positions add up to 4.5: met".
    pub fn describe(&self) -> String {
        let shown = match self.shown {
            Some(y) => format!("the resume's dated positions add up to {y:.1}"),
            None => "the resume has no dates that can be read".to_string(),
        };
        let verdict = match self.verdict {
            YearsVerdict::Met => "met",
            YearsVerdict::Unmet => "not met",
            YearsVerdict::Unknown => "unknown, read the resume",
        };
        format!("asks for {} years; {shown}: {verdict}", self.asked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::document_from_text;

    fn years(text: &str) -> Option<f32> {
        experience(&document_from_text("cv.md", text)).years
    }

    #[test]
    fn entries_start_at_the_header_over_their_dates_in_any_section() {
        // As a PDF reads: no blank lines, no markup, bullets without their markers.
        let cv = "EMPLOYMENT\n\
                  Head Code Ninja, Area 52\n\
                  2013-09 — Present | Agile C++ MySQL\n\
                  Managed a 5-person development team\n\
                  Etc.\n\
                  Principal Developer, Veridian Dynamics\n\
                  2011-07 — 2013-08 | C++ Linux\n\
                  Developer on numerous projects, promoted to principal developer in 2013.\n\
                  - Led the 2012 – 2013 migration\n\
                  Managed the move from 2015 to 2018 across three sites\n\
                  Shipped the billing system\n\
                  Intern, Dunder Mifflin Jun 2008 —\n\
                  Sep 2008\n\
                  Reviewed budgets 2019 -\n\
                  EDUCATION\n\
                  BSCS, Cornell University\n\
                  2005-09 — 2008-05\n";
        let starts = entry_starts(&document_from_text("cv.pdf", cv));
        // The header over dates that open their line; a line that names its entry before its
        // dates starts it itself (not the unmarked bullet above it); a range ending on the
        // next line counts. Not the dated list item, not a sentence with dates inside it, not
        // a dangling range the next line does not end.
        assert_eq!(starts.into_iter().collect::<Vec<_>>(), vec![2, 6, 12, 16]);
    }

    #[test]
    fn ranges_in_every_common_form_and_overlaps_once() {
        let cv = "## Experience\nEngineer, Acme — Jan 2013 – Jul 2018\nLead, Beta (03/2018 to 11/2019)\n\
                  ## Education\nBSc, 2008 - 2012\n";
        // 66 months, then Jul 2018–Nov 2019 beyond the overlap: 16 more.
        assert_eq!(years(cv), Some(6.8));
        assert_eq!(years("## Experience\nAnalyst 2018 - 2020\n"), Some(2.0));
        // A month joined to its year by a slash or a dash.
        assert_eq!(
            years("## Experience\nAnalyst (Nov/2021 - Jul/2022)\nIntern, Jan-2020 – Jun-2020\n"),
            Some(1.1)
        );
        assert_eq!(
            years("## Experience\nTutor, Fall 2019 – Spring 2021\n"),
            Some(1.5)
        );
        // Of a text with no date of receipt, "present" is the latest date it writes.
        let cv = "## Experience\nEngineer, May 2020 - Present\n## Projects\nTalk, Nov 2022\n";
        assert_eq!(years(cv), Some(2.5));
        // Of a document received in a month, that month; a later date it writes (a talk
        // planned for November 2022, a licence's expiry) does not move it.
        let received = |text: &str, year, month| {
            experience(
                &document_from_text("cv.md", text)
                    .with_received(Some(crate::read::received::YearMonth { year, month })),
            )
        };
        assert_eq!(received(cv, 2026, 5).years, Some(6.0));
        assert_eq!(received(cv, 2021, 5).years, Some(1.0));
        let licensed =
            "## Experience\nRN, May 2020 - Present\n## Licences\nRN licence, Exp. 03/2027\n";
        assert_eq!(received(licensed, 2026, 11).years, Some(6.5));
        // The current job counts: before, it ended where the last one began.
        let current =
            "## Experience\nNurse, March 2019 - Present\nAssistant, June 2017 - February 2019\n";
        assert_eq!(years(current), Some(1.7));
        let found = received(current, 2026, 12);
        assert_eq!(found.years, Some(9.4));
        assert!(found.positions[0].ongoing);
        // A document that gives itself a date means that date by "present".
        let dated = format!("{current}\nLast updated: 2021-03-02\n");
        assert_eq!(received(&dated, 2026, 12).years, Some(3.7));
        // A duty that starts with "Updated" gives the document no date.
        let duty = format!("{current}- Updated on-call rotas, Jan 2021 – Present\n");
        assert_eq!(received(&duty, 2026, 12).years, Some(9.4));
        assert_eq!(years("## Experience\nEngineer at Acme for a while\n"), None);
    }

    #[test]
    fn a_dash_fixed_to_a_start_leaves_the_range_open() {
        let received = |text: &str| {
            experience(&document_from_text("cv.txt", text).with_received(Some(
                crate::read::received::YearMonth {
                    year: 2026,
                    month: 1,
                },
            )))
        };
        let cv = "EXPERIENCE\n\n2024- CROWDSTRIKE Senior SE ------- Somerville MA\n\n\
                  2018-2023 SALSIFY, Staff SE ------- Boston MA\n";
        let found = received(cv);
        assert_eq!(found.positions.len(), 2);
        assert!(found.positions[0].ongoing);
        assert_eq!(found.years, Some(7.0));
        assert_eq!(
            entry_starts(&document_from_text("cv.txt", cv)),
            BTreeSet::from([3, 5])
        );
        let earlier = "Analyst, Beta Corp, 2016-2019\n";
        for current in ["Engineer, Acme, 2021–", "Engineer, Acme (2021–)"] {
            let found = received(&format!("## Experience\n{current}\n{earlier}"));
            assert_eq!(found.years, Some(8.0), "{current}");
        }
        // Alone, a start is no job: an award or a membership ("2021- Member, IEEE").
        assert_eq!(
            received("## Experience\nEngineer, Acme, 2021–\n").years,
            None
        );
        // Neither is a start older than the closed ranges, a spaced dash, a dash in a phone
        // number or a copyright, a date that ends a range, or a line about schooling.
        for line in [
            "2015- Member, IEEE",
            "2019 - Best paper award",
            "Tel 0113 496 2019- ext 4",
            "Copyright 2019- Jane Doe",
            "Analyst, Beta Corp, 2016-2019- ",
            "2020- Dean's List, University of Leeds",
        ] {
            let found = received(&format!("## Experience\n{line}\n{earlier}"));
            assert_eq!(found.years, Some(3.0), "{line}");
        }
        assert_eq!(
            received("## Experience\n2019- 2021 Analyst, Acme\n").years,
            Some(2.0)
        );
    }

    #[test]
    fn a_range_split_across_two_lines_is_one_position() {
        let cv =
            "## Experience\nData Analyst, Acme Corp, Jan 2019 –\nDec 2021\n- Built dashboards.\n\n\
                  Analyst, Globex Inc\nMarch 2015 to\nFebruary 2018\n";
        let found = experience(&document_from_text("cv.md", cv));
        let read: Vec<(usize, Option<&str>, Option<&str>)> = found
            .positions
            .iter()
            .map(|p| (p.line, p.title.as_deref(), p.employer.as_deref()))
            .collect();
        assert_eq!(
            read,
            vec![
                (2, Some("Data Analyst"), Some("Acme Corp")),
                (7, Some("Analyst"), Some("Globex Inc"))
            ]
        );
        // 35 months each (end minus start, as every range counts).
        assert_eq!(found.years, Some(5.8));
        // A date at a line's end with no separator after it opens nothing.
        assert_eq!(
            years("## Experience\nAnalyst since Jan 2019\nDec 2021 talk\n"),
            None
        );
    }

    #[test]
    fn schooling_is_left_out_when_there_are_no_headings() {
        let cv = "Jane Doe\nAcme Corp, Engineer 2015 - 2020\nUniversity of Oslo\nBSc 2011 - 2015\n";
        assert_eq!(years(cv), Some(5.0));
        // A job at a school is a job.
        let teacher = "Sam Lee\nTeacher, Lincoln High School, 2016 - 2020\nMA in Education\n";
        assert_eq!(years(teacher), Some(4.0));
        // Sections found, but none for the jobs: the jobs count where they stand, the
        // schooling and the certificates do not.
        let nurse = "Oliver Thompson, RN\n\nLicense & Certifications\nBLS, 2019 - 2021\n\n\
                     Professional Summary\nNurse.\n\nClinical Experience\nStaff Nurse\n\
                     Guy's Hospital, Apr 2015 - Apr 2020\n\nEducation\nBSN, 2011 - 2015\n\n\
                     PROFESSIONAL AFFILIATIONS\nMember, Royal College of Nursing, 2008 - 2020\n";
        assert_eq!(years(nurse), Some(5.0));
    }

    #[test]
    fn a_column_of_dates_apart_from_its_jobs_still_gives_the_years() {
        // A PDF that gives its dates column first: the years are there, the jobs undated.
        let cv = "SEPTEMBER 2016 – PRESENT\nJUNE 2013 – AUGUST 2016\nExpiration 9/2012 - 9/2013\n\
                  May Riley\nProfile\nRestaurant manager.\nExperience\n\
                  RESTAURANT MANAGER | CONTOSO BAR AND GRILL\nRan the floor.\n\
                  Education\nBSc, 2009 - 2013\n";
        let found = experience(&document_from_text("cv.pdf", cv));
        let lines: Vec<usize> = found.positions.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![1, 2]);
        // Jobs dated where they stand keep their own dates; the column above is not read.
        let dated = cv.replace("Ran the floor.", "Ran the floor, 2016 - 2020.");
        let found = experience(&document_from_text("cv.pdf", &dated));
        assert!(
            found.positions.iter().all(|p| p.line > 3),
            "{:?}",
            found.positions
        );
    }

    #[test]
    fn json_resume_work_dates_count_and_education_does_not() {
        let cv = r#"{
  "work": [
    {
      "name": "Pied Piper",
      "startDate": "2013-12-01",
      "endDate": "2014-12-01"
    },
    {
      "name": "Hooli",
      "startDate": "2015-01-01"
    }
  ],
  "education": [
    {
      "startDate": "2011-06-01",
      "endDate": "2014-01-01"
    }
  ],
  "meta": { "lastModified": "2017-01-01" }
}"#;
        // 12 months, then Jan 2015 to the latest date written (Jan 2017): 24.
        assert_eq!(years(cv), Some(3.0));
    }

    #[test]
    fn a_posting_s_years_and_the_check() {
        let posting = document_from_text(
            "job.md",
            "Web Developer\n- 3+ years of professional experience in web development\n\
             - 10 years old company; 25 years of service awards\n",
        );
        let asked = years_asked(&posting, None).unwrap();
        assert_eq!(asked.0, 3);
        assert!(asked.1.contains("web development"), "{}", asked.1);
        let met = YearsCheck::of(
            &asked,
            &Experience {
                positions: vec![],
                years: Some(4.5),
            },
        );
        assert_eq!(met.verdict, YearsVerdict::Met);
        let unmet = YearsCheck::of(
            &asked,
            &Experience {
                positions: vec![],
                years: Some(1.0),
            },
        );
        assert_eq!(unmet.verdict, YearsVerdict::Unmet);
        let unknown = YearsCheck::of(
            &asked,
            &Experience {
                positions: vec![],
                years: None,
            },
        );
        assert_eq!(unknown.verdict, YearsVerdict::Unknown);
        assert!(unknown.describe().contains("read the resume"));
        assert_eq!(
            years_asked(&document_from_text("j", "Nurse\nCare for patients."), None),
            None
        );
        // Years of a skill or a setting ask too; the employer's own years do not; only the
        // lines named count.
        let posting = document_from_text(
            "job.md",
            "Teacher\n- 2 years in a primary classroom\n- 4 years of Python\n\
             We have been teaching for over 20 years of excellence.\n",
        );
        assert_eq!(years_asked(&posting, None).unwrap().0, 4);
        assert_eq!(years_asked(&posting, Some(&[2])).unwrap().0, 2);
        assert_eq!(years_asked(&posting, Some(&[])), None);
        let federal = document_from_text(
            "job.md",
            "Analyst\nYou must have one year of specialized experience at the GS-14 level.\n",
        );
        assert_eq!(years_asked(&federal, None).unwrap().0, 1);
        // What is asked is cut at the end of a word, and says it was cut.
        let long = document_from_text(
            "job.md",
            "Lead\nOne year of specialized experience equivalent to the GS-14 in the Federal \
             service, which is experience that has equipped you.\n",
        );
        assert_eq!(
            years_asked(&long, None).unwrap().1,
            "specialized experience equivalent to the GS-14 in the Federal …"
        );
        // A second number of years later in the sentence is still read.
        let two = document_from_text(
            "job.md",
            "Engineer\n3 years of experience in software development using modern web \
             frameworks, including 5 years of React.\n",
        );
        assert_eq!(years_asked(&two, None).unwrap(), (5, "React".to_string()));
        // A range asks for its lower end, however it is written.
        for range in [
            "2-3 years of experience",
            "2 – 3 years of experience",
            "2 — 3 years of experience",
            "2 to 3 years of experience",
            "Two to three years of experience",
            "2-3+ years of experience",
            "2 to 3+ years of experience",
        ] {
            let posting = document_from_text("job.md", &format!("Assistant\n- {range}\n"));
            assert_eq!(years_asked(&posting, None).unwrap().0, 2, "{range}");
        }
    }
}
