//! Crash points for tests: in debug builds, `ROLEMATCH_FAULT=NAME` aborts the process when it
//! reaches the point called NAME, so a test can prove that a crash at that exact step of a
//! write loses nothing committed. Release builds compile every point to nothing.

/// The environment variable that names the point to crash at.
#[cfg(debug_assertions)]
pub(crate) const FAULT_ENV: &str = "ROLEMATCH_FAULT";

/// Aborts the process here when `ROLEMATCH_FAULT` names `point` (debug builds only).
#[inline]
pub fn point(point: &str) {
    #[cfg(debug_assertions)]
    if std::env::var_os(FAULT_ENV).is_some_and(|v| v == point) {
        eprintln!("rolematch: fault injected at {point}");
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = point;
}
