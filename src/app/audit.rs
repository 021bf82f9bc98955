//! The audit use cases: the log's chain checked (a log missing beside existing pools is said to
//! be missing), its records and head read, and the bias audit of rankings.

use std::path::{Path, PathBuf};

use super::{AppError, Workspace};
use crate::audit::{AuditLog, Expectations, Head, Record, Verification};
use crate::fairness::{BiasReport, BiasRequest};

/// What checking an audit log found.
#[derive(Debug)]
pub struct AuditCheck {
    /// The log that was checked.
    pub log: PathBuf,
    pub outcome: AuditOutcome,
}

/// The log's state.
#[derive(Debug)]
pub enum AuditOutcome {
    /// The home's log does not exist although these pools do: it was deleted, or every change
    /// was made without the log.
    MissingBesidePools(Vec<String>),
    /// The chain was read and checked against what was expected.
    Checked(Verification),
}

impl Workspace {
    /// The audit log at `log`, or the home's.
    fn audit_log_at(&self, log: Option<&Path>) -> AuditLog {
        match log {
            Some(path) => AuditLog::at(path),
            None => AuditLog::under(&self.config.home),
        }
    }

    /// Checks every link and hash of the log at `log` (the home's when `None`) against
    /// `expectations`.
    pub fn verify_audit_log(
        &self,
        log: Option<&Path>,
        expectations: &Expectations,
    ) -> Result<AuditCheck, AppError> {
        let audit = self.audit_log_at(log);
        let path = audit.path().to_path_buf();
        if log.is_none() && !audit.exists() {
            let pools = self.pool_names()?;
            if !pools.is_empty() {
                return Ok(AuditCheck {
                    log: path,
                    outcome: AuditOutcome::MissingBesidePools(pools),
                });
            }
        }
        let verification = audit
            .verify_with(expectations)
            .map_err(AppError::AuditRead)?;
        Ok(AuditCheck {
            log: path,
            outcome: AuditOutcome::Checked(verification),
        })
    }

    /// The log's last record's head, if it holds one.
    pub fn audit_head(&self, log: Option<&Path>) -> Result<(PathBuf, Option<Head>), AppError> {
        let audit = self.audit_log_at(log);
        let head = audit.head().map_err(AppError::AuditRead)?;
        Ok((audit.path().to_path_buf(), head))
    }

    /// The log's records at or after `since` whose action starts with `action`, oldest first.
    pub fn audit_records(
        &self,
        log: Option<&Path>,
        since: Option<&str>,
        action: Option<&str>,
    ) -> Result<Vec<Record>, AppError> {
        self.audit_log_at(log)
            .records(since, action)
            .map_err(AppError::AuditRead)
    }

    /// The bias audit of the rankings and self-identification data `request` names.
    pub fn bias_audit(&self, request: &BiasRequest) -> Result<BiasReport, AppError> {
        Ok(crate::fairness::audit_files(
            request,
            crate::audit::utc_now(),
        )?)
    }
}
