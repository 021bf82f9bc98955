//! The store's reader connections: a few of them, opened when first needed, each with a
//! lock timeout and a statement timeout, so reads go on side by side and a read that meets a
//! table locked by maintenance (`VACUUM FULL`, a schema change) fails soon and says so
//! instead of hanging.
//!
//! Settings come from the environment (see [`ReaderSettings::from_env`]); writers keep their
//! own connection each and are not bound by them.

use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use postgres::Client;

use crate::pool::PoolError;

/// Reader connections, unless `ROLEMATCH_PG_READERS` says otherwise.
pub const DEFAULT_READERS: usize = 4;
/// How long a read waits for a lock, unless `ROLEMATCH_PG_LOCK_TIMEOUT` says otherwise.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one read statement may run, unless `ROLEMATCH_PG_STATEMENT_TIMEOUT` says
/// otherwise.
pub const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(30);

/// The most reader connections one store opens.
const MAX_READERS: usize = 64;

pub const READERS_VARIABLE: &str = "ROLEMATCH_PG_READERS";
pub const LOCK_TIMEOUT_VARIABLE: &str = "ROLEMATCH_PG_LOCK_TIMEOUT";
pub const STATEMENT_TIMEOUT_VARIABLE: &str = "ROLEMATCH_PG_STATEMENT_TIMEOUT";

/// How the store reads: how many connections, and how long a read may wait or run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderSettings {
    /// Reader connections, 1 to 64; each is opened when a read first needs it.
    pub connections: usize,
    /// How long a read waits for a table lock (PostgreSQL's `lock_timeout`), and for a free
    /// reader connection when all are in use; `None` waits as long as it takes.
    pub lock_timeout: Option<Duration>,
    /// How long one read statement may run (PostgreSQL's `statement_timeout`); `None`: no
    /// limit.
    pub statement_timeout: Option<Duration>,
}

impl Default for ReaderSettings {
    fn default() -> Self {
        ReaderSettings {
            connections: DEFAULT_READERS,
            lock_timeout: Some(DEFAULT_LOCK_TIMEOUT),
            statement_timeout: Some(DEFAULT_STATEMENT_TIMEOUT),
        }
    }
}

impl ReaderSettings {
    /// The defaults, changed by `ROLEMATCH_PG_READERS` (a count, 1 to 64),
    /// `ROLEMATCH_PG_LOCK_TIMEOUT` and `ROLEMATCH_PG_STATEMENT_TIMEOUT` (seconds, fractions
    /// allowed; 0 for no limit) where they are set and not empty.
    pub(crate) fn from_env() -> Result<Self, PoolError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// As [`Self::from_env`], with the variables read through `lookup`.
    pub(crate) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, PoolError> {
        let mut settings = ReaderSettings::default();
        let value = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        if let Some(text) = value(READERS_VARIABLE) {
            settings.connections = text
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_READERS).contains(n))
                .ok_or_else(|| PoolError::BadStoreUrl {
                    reason: format!(
                        "{READERS_VARIABLE}={text:?}: give a number of connections from 1 to {MAX_READERS}"
                    ),
                })?;
        }
        if let Some(text) = value(LOCK_TIMEOUT_VARIABLE) {
            settings.lock_timeout = timeout(LOCK_TIMEOUT_VARIABLE, &text)?;
        }
        if let Some(text) = value(STATEMENT_TIMEOUT_VARIABLE) {
            settings.statement_timeout = timeout(STATEMENT_TIMEOUT_VARIABLE, &text)?;
        }
        Ok(settings)
    }

    /// What a new reader connection runs first.
    pub(super) fn session_sql(&self) -> String {
        format!(
            "SET lock_timeout = {}; SET statement_timeout = {}",
            millis(self.lock_timeout),
            millis(self.statement_timeout)
        )
    }
}

/// Seconds (`5`, `0.5`) as a timeout; 0 is none.
fn timeout(name: &str, text: &str) -> Result<Option<Duration>, PoolError> {
    let seconds = text
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && (0.0..=86_400.0).contains(s))
        .ok_or_else(|| PoolError::BadStoreUrl {
            reason: format!(
                "{name}={text:?}: give seconds (such as 5 or 0.5; 0 for no limit), at most a day"
            ),
        })?;
    let duration = Duration::from_secs_f64(seconds);
    Ok((duration >= Duration::from_millis(1)).then_some(duration))
}

/// A timeout in milliseconds for `SET`, where 0 is none.
fn millis(timeout: Option<Duration>) -> u128 {
    timeout.map_or(0, |t| t.as_millis().max(1))
}

/// A duration as messages show it: `5 s`, `0.5 s`.
pub(super) fn seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs_f64())
}

/// The reader connections not in use; `None` is one not opened yet (or dropped).
pub(super) struct Readers {
    idle: Mutex<Vec<Option<Client>>>,
    returned: Condvar,
}

impl Readers {
    pub(super) fn new(connections: usize) -> Self {
        Readers {
            idle: Mutex::new((0..connections.max(1)).map(|_| None).collect()),
            returned: Condvar::new(),
        }
    }

    /// A reader connection (maybe not opened yet) for one read, waiting up to `wait` (or as
    /// long as it takes) for one to come back; `None` when the wait ran out. Open connections
    /// are handed out before unopened ones, so a store read by one thread at a time keeps
    /// one connection.
    pub(super) fn checkout(&self, wait: Option<Duration>) -> Option<Lease<'_>> {
        let deadline = wait.map(|w| Instant::now() + w);
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(client) = idle.pop() {
                return Some(Lease {
                    readers: self,
                    client,
                });
            }
            idle = match deadline {
                None => self
                    .returned
                    .wait(idle)
                    .unwrap_or_else(PoisonError::into_inner),
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return None;
                    }
                    self.returned
                        .wait_timeout(idle, left)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
            };
        }
    }
}

/// One reader connection lent to one read; it goes back when the lease is dropped (a closed
/// connection goes back as not opened).
pub(super) struct Lease<'a> {
    readers: &'a Readers,
    pub(super) client: Option<Client>,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        let client = self.client.take().filter(|c| !c.is_closed());
        let mut idle = self
            .readers
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match client {
            Some(client) => idle.push(Some(client)),
            None => idle.insert(0, None),
        }
        drop(idle);
        self.readers.returned.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(vars: &[(&str, &str)]) -> Result<ReaderSettings, PoolError> {
        ReaderSettings::from_lookup(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn settings_default_and_come_from_the_environment() {
        assert_eq!(settings(&[]).unwrap(), ReaderSettings::default());
        assert_eq!(
            settings(&[(READERS_VARIABLE, " ")]).unwrap(),
            ReaderSettings::default()
        );
        let set = settings(&[
            (READERS_VARIABLE, "2"),
            (LOCK_TIMEOUT_VARIABLE, "0.25"),
            (STATEMENT_TIMEOUT_VARIABLE, "0"),
        ])
        .unwrap();
        assert_eq!(
            set,
            ReaderSettings {
                connections: 2,
                lock_timeout: Some(Duration::from_millis(250)),
                statement_timeout: None,
            }
        );
        assert_eq!(
            set.session_sql(),
            "SET lock_timeout = 250; SET statement_timeout = 0"
        );
        for (name, bad) in [
            (READERS_VARIABLE, "0"),
            (READERS_VARIABLE, "65"),
            (READERS_VARIABLE, "four"),
            (LOCK_TIMEOUT_VARIABLE, "5s"),
            (LOCK_TIMEOUT_VARIABLE, "-1"),
            (STATEMENT_TIMEOUT_VARIABLE, "NaN"),
        ] {
            let err = settings(&[(name, bad)]).unwrap_err().to_string();
            assert!(err.contains(name) && err.contains(bad), "{err}");
        }
    }

    #[test]
    fn a_checkout_waits_a_bounded_time_for_a_free_connection() {
        let readers = Readers::new(2);
        let first = readers.checkout(Some(Duration::ZERO)).unwrap();
        let second = readers.checkout(Some(Duration::ZERO)).unwrap();
        assert!(readers.checkout(Some(Duration::from_millis(20))).is_none());
        drop(first);
        let third = readers.checkout(Some(Duration::ZERO));
        assert!(third.is_some());
        // One returned while another thread waits: the waiter gets it.
        std::thread::scope(|scope| {
            let waiter = scope.spawn(|| readers.checkout(None).is_some());
            drop(second);
            assert!(waiter.join().unwrap());
        });
    }
}
