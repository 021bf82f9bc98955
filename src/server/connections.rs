//! The server's connection slots: at most a fixed number of connections are open at once, and
//! when every slot is taken, the connection that has waited longest for a request (one that
//! sent nothing, or half a request line, or sits idle between requests) is closed to make room.
//! So clients that open connections and send nothing cannot keep anyone else out; a connection
//! in the middle of a request is never closed for room.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use tokio::sync::Notify;

/// The open connections; shared by the accept loop and each connection's task.
#[derive(Debug)]
pub(crate) struct Connections {
    max: usize,
    table: Mutex<Table>,
    /// Signalled when a slot is freed, for an accept loop waiting on a full table.
    freed: Notify,
}

#[derive(Debug, Default)]
struct Table {
    next_id: u64,
    open: BTreeMap<u64, Slot>,
}

#[derive(Debug)]
struct Slot {
    /// Since when the connection has been waiting for a request's headers; `None` while a
    /// request is being answered.
    waiting_since: Option<Instant>,
    close: Arc<Notify>,
}

impl Connections {
    /// Room for `max` connections at once (at least one).
    pub fn new(max: usize) -> Arc<Connections> {
        Arc::new(Connections {
            max: max.max(1),
            table: Mutex::default(),
            freed: Notify::new(),
        })
    }

    /// Takes a slot for a new connection. When every slot is taken, the connection that has
    /// waited longest for a request is told to close and gives its slot; when every open
    /// connection is answering a request, waits until one ends.
    pub(crate) async fn admit(self: &Arc<Self>) -> Admission {
        loop {
            if let Some(admission) = self.try_admit() {
                return admission;
            }
            // `notify_one` keeps a permit when nobody waits, so a slot freed between the
            // check above and this line is not missed.
            self.freed.notified().await;
        }
    }

    fn try_admit(self: &Arc<Self>) -> Option<Admission> {
        let mut table = self.lock();
        if table.open.len() >= self.max {
            let (_, longest_waiting) = table
                .open
                .iter()
                .filter_map(|(id, slot)| slot.waiting_since.map(|since| (since, *id)))
                .min()?;
            if let Some(evicted) = table.open.remove(&longest_waiting) {
                evicted.close.notify_one();
            }
        }
        let id = table.next_id;
        table.next_id += 1;
        let close = Arc::new(Notify::new());
        table.open.insert(
            id,
            Slot {
                waiting_since: Some(Instant::now()),
                close: close.clone(),
            },
        );
        Some(Admission {
            id,
            connections: self.clone(),
            close,
        })
    }

    /// Connections open now.
    #[cfg(test)]
    fn open(&self) -> usize {
        self.lock().open.len()
    }

    fn lock(&self) -> MutexGuard<'_, Table> {
        // The table holds no invariant a panic elsewhere could break halfway.
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sets when connection `id` began waiting; false when it is no longer open (it was
    /// closed to make room).
    fn set_waiting(&self, id: u64, waiting_since: Option<Instant>) -> bool {
        match self.lock().open.get_mut(&id) {
            Some(slot) => {
                slot.waiting_since = waiting_since;
                true
            }
            None => false,
        }
    }
}

/// One connection's slot; given back when dropped.
#[derive(Debug)]
pub(crate) struct Admission {
    id: u64,
    connections: Arc<Connections>,
    close: Arc<Notify>,
}

impl Admission {
    /// The connection's request headers have arrived: it is not closed for room until the
    /// answer is sent. False when it was closed to make room just before: the request must
    /// then not be run, since the connection is about to go.
    #[must_use]
    pub(crate) fn request_started(&self) -> bool {
        self.connections.set_waiting(self.id, None)
    }

    /// The answer is sent: the connection waits for its next request from now, and a new
    /// connection waiting for a slot may take this one's place.
    pub(crate) fn request_finished(&self) {
        if self.connections.set_waiting(self.id, Some(Instant::now())) {
            self.connections.freed.notify_one();
        }
    }

    /// Resolves when the connection must close to make room for another.
    pub(crate) async fn evicted(&self) {
        self.close.notified().await;
    }
}

impl Drop for Admission {
    fn drop(&mut self) {
        let removed = self.connections.lock().open.remove(&self.id).is_some();
        if removed {
            self.connections.freed.notify_one();
        }
    }
}

/// A response body that tells its connection when it has been sent whole (or given up):
/// until then the connection is in the middle of a request and is never closed for room.
pub(crate) struct UntilSent<B> {
    pub body: B,
    pub admission: Arc<Admission>,
}

impl<B> hyper::body::Body for UntilSent<B>
where
    B: hyper::body::Body + Unpin,
{
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Self::Data>, Self::Error>>> {
        std::pin::Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.body.size_hint()
    }
}

impl<B> Drop for UntilSent<B> {
    fn drop(&mut self) {
        self.admission.request_finished();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn now_or_never<F: std::future::Future>(future: F) -> Option<F::Output> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
            tokio::time::timeout(Duration::from_millis(50), future)
                .await
                .ok()
        })
    }

    #[test]
    fn a_full_table_closes_the_connection_that_has_waited_longest() {
        let connections = Connections::new(3);
        let first = now_or_never(connections.admit()).unwrap();
        let second = now_or_never(connections.admit()).unwrap();
        let third = now_or_never(connections.admit()).unwrap();
        // The first is answering a request, so the second has waited longest.
        assert!(first.request_started());
        let fourth = now_or_never(connections.admit()).unwrap();
        assert_eq!(connections.open(), 3);
        assert!(now_or_never(second.evicted()).is_some(), "second closed");
        assert!(
            !second.request_started(),
            "a request that comes too late is not run"
        );
        assert!(now_or_never(first.evicted()).is_none(), "first kept");
        assert!(now_or_never(third.evicted()).is_none(), "third kept");
        // A closed connection's slot is not given back twice.
        drop(second);
        assert_eq!(connections.open(), 3);
        drop((third, fourth));
        assert_eq!(connections.open(), 1);
    }

    #[test]
    fn a_connection_that_finished_a_request_waits_from_then() {
        let connections = Connections::new(2);
        let early = now_or_never(connections.admit()).unwrap();
        std::thread::sleep(Duration::from_millis(2));
        let late = now_or_never(connections.admit()).unwrap();
        assert!(early.request_started());
        std::thread::sleep(Duration::from_millis(2));
        early.request_finished();
        let _newcomer = now_or_never(connections.admit()).unwrap();
        assert!(now_or_never(late.evicted()).is_some());
        assert!(now_or_never(early.evicted()).is_none());
    }

    #[test]
    fn when_every_connection_is_answering_a_new_one_waits_for_a_slot() {
        let connections = Connections::new(1);
        let busy = now_or_never(connections.admit()).unwrap();
        assert!(busy.request_started());
        assert!(now_or_never(connections.admit()).is_none(), "waits");
        drop(busy);
        assert!(
            now_or_never(connections.admit()).is_some(),
            "admitted once freed"
        );
    }

    #[test]
    fn a_waiting_connection_gets_the_slot_of_one_that_finished_its_answer() {
        let connections = Connections::new(1);
        let busy = Arc::new(now_or_never(connections.admit()).unwrap());
        assert!(busy.request_started());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let admitted = runtime.block_on(async {
            let waiting = tokio::spawn({
                let connections = connections.clone();
                async move { connections.admit().await }
            });
            tokio::task::yield_now().await;
            // The answer is sent and the connection stays open for its next request: the
            // waiting one is woken and takes its place.
            busy.request_finished();
            tokio::time::timeout(Duration::from_millis(500), waiting).await
        });
        assert!(admitted.is_ok(), "the waiting connection was never woken");
        assert!(now_or_never(busy.evicted()).is_some());
    }
}
