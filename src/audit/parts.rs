//! Records of bounded size: an event about more candidates than fit in one record (a pool
//! add of 26,000 files, a ranking with `-k 100000`) is written as several records, each
//! naming its part, so no record is ever too long to find or to read.

use serde::{Deserialize, Serialize};

use super::Event;

/// The most bytes of subjects and results one record holds (a record stays under about
/// this plus its settings).
pub const MAX_PART_BYTES: usize = 64 * 1024;

/// Which part of a split event a record is: `index` of `of`, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub index: usize,
    pub of: usize,
}

/// `event` as one event, or as parts of at most `max_bytes` of subjects and results each.
/// A subject and the result at the same position (a ranking's candidate and its score) stay
/// in the same part.
pub fn split(event: Event, max_bytes: usize) -> Vec<Event> {
    let items = event.subjects.len().max(event.ranked.len());
    let size_of = |i: usize| {
        let subject = event
            .subjects
            .get(i)
            .map_or(0, |s| serde_json::to_vec(s).map_or(0, |v| v.len() + 1));
        let ranked = event
            .ranked
            .get(i)
            .map_or(0, |r| serde_json::to_vec(r).map_or(0, |v| v.len() + 1));
        subject + ranked
    };
    let mut bounds = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for i in 0..items {
        let size = size_of(i);
        if i > start && bytes + size > max_bytes {
            bounds.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += size;
    }
    bounds.push(start..items);
    if bounds.len() == 1 {
        return vec![event];
    }
    let of = bounds.len();
    bounds
        .into_iter()
        .enumerate()
        .map(|(n, range)| {
            let slice = |len: usize| range.start.min(len)..range.end.min(len);
            Event {
                subjects: event.subjects[slice(event.subjects.len())].to_vec(),
                ranked: event.ranked[slice(event.ranked.len())].to_vec(),
                part: Some(Part { index: n + 1, of }),
                ..event.clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{Ranked, Subject};

    fn event(subjects: usize, ranked: usize) -> Event {
        Event {
            action: "rank".into(),
            who: "t".into(),
            pool: None,
            opening: None,
            catalog_version: String::new(),
            model: String::new(),
            settings: serde_json::json!({}),
            subjects: (0..subjects)
                .map(|i| Subject {
                    id: format!("candidate-{i:06}.pdf"),
                    content_hash: "a".repeat(64),
                })
                .collect(),
            ranked: (0..ranked)
                .map(|i| Ranked {
                    id: format!("candidate-{i:06}.pdf"),
                    score: 0.5,
                })
                .collect(),
            part: None,
            subject_hashes: None,
        }
    }

    #[test]
    fn a_small_event_stays_whole() {
        let parts = split(event(3, 3), MAX_PART_BYTES);
        assert_eq!(parts.len(), 1);
        assert_eq!(parts[0].part, None);
    }

    #[test]
    fn a_large_event_is_split_into_bounded_parts_that_keep_every_item_in_order() {
        let whole = event(26_000, 26_000);
        let parts = split(whole.clone(), MAX_PART_BYTES);
        assert!(parts.len() > 10, "{}", parts.len());
        for (n, part) in parts.iter().enumerate() {
            assert_eq!(
                part.part,
                Some(Part {
                    index: n + 1,
                    of: parts.len()
                })
            );
            assert!(serde_json::to_vec(part).unwrap().len() < MAX_PART_BYTES + 1024);
            assert_eq!(
                part.subjects.len(),
                part.ranked.len(),
                "pairs stay together"
            );
        }
        let subjects: Vec<Subject> = parts.iter().flat_map(|p| p.subjects.clone()).collect();
        let ranked: Vec<Ranked> = parts.iter().flat_map(|p| p.ranked.clone()).collect();
        assert_eq!(subjects, whole.subjects);
        assert_eq!(ranked, whole.ranked);
    }

    #[test]
    fn uneven_lists_split_without_losing_either() {
        let whole = event(10_000, 3);
        let parts = split(whole.clone(), 4096);
        let subjects: usize = parts.iter().map(|p| p.subjects.len()).sum();
        let ranked: usize = parts.iter().map(|p| p.ranked.len()).sum();
        assert_eq!((subjects, ranked), (10_000, 3));
    }
}
