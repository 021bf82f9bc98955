//! How many results to keep and the lowest score kept: checked once, by [`Selection::new`],
//! for every door (the CLI's `-k` and `--min-score`, the API's `k` and `min_score`).

use crate::score::Calibration;

/// The most results one request may ask for: enough to rank a whole pool for a bias audit.
/// (The HTTP API answers at most [`MAX_K_PER_RESPONSE`] in one response.)
pub const MAX_K: usize = 100_000;

/// The most results one HTTP response carries: a limit on the server's memory, not on what a
/// selection may be.
pub(crate) const MAX_K_PER_RESPONSE: usize = 1000;

/// How many results to keep (1 to [`MAX_K`]) and the lowest raw score kept (0 to 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Selection {
    top_k: usize,
    min_score: f32,
    /// Rank a resume whose wording is nearly all a better-ranked one's (see
    /// [`crate::rank::set_aside_near_duplicates`]) instead of setting it aside.
    keep_duplicates: bool,
}

/// A selection a request cannot have.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum SelectionError {
    #[error("k must be between 1 and {MAX_K}, not {0}")]
    K(usize),
    #[error("min_score must be between 0 and 1, not {0}")]
    MinScore(f32),
}

impl Selection {
    /// The best `top_k` results scoring `min_score` or more.
    pub fn new(top_k: usize, min_score: f32) -> Result<Self, SelectionError> {
        if !(1..=MAX_K).contains(&top_k) {
            return Err(SelectionError::K(top_k));
        }
        // A NaN is in no range, so it is refused here too.
        if !(0.0..=1.0).contains(&min_score) {
            return Err(SelectionError::MinScore(min_score));
        }
        Ok(Selection {
            top_k,
            min_score,
            keep_duplicates: false,
        })
    }

    /// `match`'s defaults: five roles, those that reach "partial".
    pub fn match_default() -> Self {
        Selection {
            top_k: 5,
            min_score: Calibration::builtin().partial_threshold(),
            keep_duplicates: false,
        }
    }

    /// `rank`'s defaults: ten candidates, whatever their score.
    pub fn rank_default() -> Self {
        Selection {
            top_k: 10,
            min_score: 0.0,
            keep_duplicates: false,
        }
    }

    /// Every one of `count` results, whatever its score: for a report that weighs every
    /// role of a catalog, however large.
    pub fn every(count: usize) -> Self {
        Selection {
            top_k: count.max(1),
            min_score: 0.0,
            keep_duplicates: false,
        }
    }

    /// No result at all: what a record of a change that ranks nothing carries.
    pub fn none() -> Self {
        Selection {
            top_k: 0,
            min_score: 0.0,
            keep_duplicates: false,
        }
    }

    /// The same selection, keeping near-duplicate resumes in a ranking (`keep`) or not.
    pub fn keeping_duplicates(self, keep: bool) -> Self {
        Selection {
            keep_duplicates: keep,
            ..self
        }
    }

    pub fn keeps_duplicates(&self) -> bool {
        self.keep_duplicates
    }

    pub fn top_k(&self) -> usize {
        self.top_k
    }

    pub fn min_score(&self) -> f32 {
        self.min_score
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selection_is_checked_once_for_every_door() {
        assert_eq!(Selection::new(3, 0.5).unwrap().top_k(), 3);
        assert_eq!(Selection::new(MAX_K, 1.0).unwrap().min_score(), 1.0);
        assert_eq!(Selection::new(0, 0.5), Err(SelectionError::K(0)));
        assert_eq!(
            Selection::new(MAX_K + 1, 0.5),
            Err(SelectionError::K(MAX_K + 1))
        );
        assert_eq!(Selection::new(5, 7.0), Err(SelectionError::MinScore(7.0)));
        assert!(Selection::new(5, -0.1).is_err() && Selection::new(5, f32::NAN).is_err());
        assert_eq!(
            SelectionError::K(0).to_string(),
            "k must be between 1 and 100000, not 0"
        );
        // The defaults and the whole-catalog selection are valid by construction.
        for s in [Selection::match_default(), Selection::rank_default()] {
            assert_eq!(Selection::new(s.top_k(), s.min_score()), Ok(s));
        }
        assert_eq!(Selection::every(0).top_k(), 1);
        assert_eq!(Selection::every(5_000).top_k(), 5_000);
    }
}
