//! The reviewer's look at one candidate of a pool (see [`crate::candidate`]).

use super::{AppError, Workspace};
use crate::candidate::CandidateView;

impl Workspace {
    /// Candidate `candidate_id` of pool `pool` as a reviewer looks at them (recorded in the
    /// audit log, since it shows the resume).
    pub fn candidate_view(
        &self,
        pool: &str,
        candidate_id: &str,
    ) -> Result<CandidateView, AppError> {
        self.check_pool_name(pool)?;
        let data = self
            .pools
            .candidates(pool, &[candidate_id.to_string()])
            .map_err(crate::Error::from)?;
        let blind = data.meta().blind;
        let Some(candidate) = data.into_candidates().next() else {
            return Err(AppError::UnknownCandidate {
                pool: pool.to_string(),
                id: candidate_id.to_string(),
                hint: "give an id as `rolematch pool list --pool NAME` or a ranking shows it",
            });
        };
        let document = crate::candidate::document_of(&candidate);
        let findings = candidate.findings.current_or_of(&document, &self.extractor);
        let view = CandidateView::new(
            pool,
            &candidate.id,
            blind,
            &document,
            &findings,
            self.extractor.taxonomy(),
        );
        self.record_disclosure("view", pool, "", &candidate.id, &candidate.content_hash)?;
        Ok(view)
    }
}
