//! What keeps the server's memory, disk and connections bounded whatever clients send: a
//! cap on connections and on requests in flight (more get 503 with `Retry-After`), time
//! limits for headers and whole requests, a small cap on JSON bodies, and a budget for the
//! upload bytes held on disk at once.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use super::errors::ApiError;

/// The server's bounds; [`Default`] gives values for one recruiter's team on one machine.
#[derive(Debug, Clone, Copy)]
pub struct ServerLimits {
    /// Connections open at once; when all are open, the one that has waited longest for a
    /// request is closed to make room for a new one.
    pub max_connections: usize,
    /// API requests in progress at once; further ones get 503 with `Retry-After`.
    pub max_requests: usize,
    /// Time a client has to send a request's headers.
    pub header_timeout: Duration,
    /// Time a whole API request may take, upload included.
    pub request_timeout: Duration,
    /// The largest JSON body.
    pub max_json_bytes: u64,
    /// Upload bytes held (on disk, on their way to the parser) by all requests together.
    pub upload_budget_bytes: u64,
    /// Match requests waiting for the model; further ones get 503.
    pub batch_queue: usize,
    /// Parser child processes at once.
    pub max_parsers: usize,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            max_connections: 512,
            max_requests: 64,
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(300),
            max_json_bytes: 1024 * 1024,
            upload_budget_bytes: 1024 * 1024 * 1024,
            batch_queue: 256,
            max_parsers: std::thread::available_parallelism().map_or(2, |n| n.get().max(2)),
        }
    }
}

/// The middleware for `/api/*`: at most `permits` requests at once, each within `timeout`.
pub(crate) async fn shed_load(
    permits: Arc<Semaphore>,
    timeout: Duration,
    request: Request,
    next: Next,
) -> Response {
    let Ok(_permit) = permits.try_acquire_owned() else {
        return ApiError::busy(
            "the server is answering as many requests as it can; try again in a moment",
        )
        .into_response();
    };
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "timeout",
            format!(
                "the request took longer than {} s and was stopped; send fewer or smaller files at once",
                timeout.as_secs()
            ),
        )
        .into_response(),
    }
}

/// Upload bytes held at once by all requests, and their cap.
#[derive(Debug)]
pub(crate) struct ByteBudget {
    used: AtomicU64,
    max: u64,
}

impl ByteBudget {
    pub fn new(max: u64) -> Arc<Self> {
        Arc::new(ByteBudget {
            used: AtomicU64::new(0),
            max,
        })
    }

    /// Takes `bytes` from the budget for `held` (returned when it is dropped), or says no.
    pub fn take(self: &Arc<Self>, held: &mut Held, bytes: u64) -> bool {
        let taken = self
            .used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |used| {
                used.checked_add(bytes).filter(|&total| total <= self.max)
            })
            .is_ok();
        if taken {
            held.budget = Some(self.clone());
            held.bytes += bytes;
        }
        taken
    }

    #[cfg(test)]
    fn used(&self) -> u64 {
        self.used.load(Ordering::Acquire)
    }
}

/// Bytes one request holds from a [`ByteBudget`]; given back on drop.
#[derive(Debug, Default)]
pub(crate) struct Held {
    budget: Option<Arc<ByteBudget>>,
    bytes: u64,
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(budget) = &self.budget {
            budget.used.fetch_sub(self.bytes, Ordering::AcqRel);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_refuses_what_would_pass_it_and_gets_bytes_back_on_drop() {
        let budget = ByteBudget::new(100);
        let mut a = Held::default();
        assert!(budget.take(&mut a, 60));
        let mut b = Held::default();
        assert!(!budget.take(&mut b, 50));
        assert!(budget.take(&mut b, 40));
        assert_eq!(budget.used(), 100);
        drop(a);
        assert_eq!(budget.used(), 40);
        drop(b);
        assert_eq!(budget.used(), 0);
    }
}
