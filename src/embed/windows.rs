//! Splitting a token sequence longer than the model's window into overlapping windows.

use std::ops::Range;

/// Ranges over `len` content tokens, each at most `capacity` long, consecutive ones sharing
/// `overlap` tokens. Always at least one (possibly empty) range; the last ends at `len`.
pub fn window_spans(len: usize, capacity: usize, overlap: usize) -> Vec<Range<usize>> {
    let capacity = capacity.max(1);
    let stride = capacity.saturating_sub(overlap).max(1);
    let mut spans = Vec::new();
    let mut start = 0;
    loop {
        let end = (start + capacity).min(len);
        spans.push(start..end);
        if end >= len {
            return spans;
        }
        start += stride;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_sequence_is_one_window() {
        assert_eq!(window_spans(10, 254, 32), vec![0..10]);
        assert_eq!(window_spans(0, 254, 32), vec![0..0]);
        assert_eq!(window_spans(254, 254, 32), vec![0..254]);
    }

    #[test]
    fn long_sequence_is_covered_by_overlapping_windows() {
        for len in [255, 500, 1000, 4097] {
            let spans = window_spans(len, 254, 32);
            assert_eq!(spans[0].start, 0);
            assert_eq!(spans.last().unwrap().end, len);
            for w in spans.windows(2) {
                assert_eq!(w[0].end - w[1].start, 32, "overlap for len {len}");
            }
            assert!(spans.iter().all(|s| s.len() <= 254 && !s.is_empty()));
        }
    }

    #[test]
    fn degenerate_overlap_still_advances() {
        let spans = window_spans(10, 4, 9);
        assert_eq!(spans.last().unwrap().end, 10);
        assert!(spans.len() <= 10);
    }
}
