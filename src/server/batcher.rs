//! Dynamic batching for `POST /api/match`: requests that arrive within a short wait share one
//! forward pass of the model, up to a budget of documents. One worker thread owns the model
//! work, so the async runtime never runs it; each request is still scored with its own
//! selection, and a document's vectors do not depend on the documents batched with it.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use super::errors::ApiError;
use crate::analyze::{embed, Examined};
use crate::app::{AppError, Workspace};
use crate::matcher::ResumeReport;
use crate::selection::Selection;

/// How requests are gathered into one forward pass.
#[derive(Debug, Clone, Copy)]
pub struct BatchConfig {
    /// How long the first request of a batch waits for others; zero turns batching off (each
    /// request is its own pass).
    pub max_wait: Duration,
    /// Documents in one pass, at most.
    pub max_documents: usize,
}

impl Default for BatchConfig {
    fn default() -> Self {
        BatchConfig {
            max_wait: Duration::from_millis(5),
            max_documents: 32,
        }
    }
}

type Reply = Result<Vec<ResumeReport>, AppError>;

struct Job {
    documents: Vec<Examined>,
    selection: Selection,
    reply: oneshot::Sender<Reply>,
}

/// The queue in front of the model.
#[derive(Clone)]
pub(crate) struct Batcher {
    jobs: SyncSender<Job>,
}

impl Batcher {
    /// Starts the worker thread over `workspace`, with room for `queue` waiting requests.
    pub fn start(workspace: Arc<Workspace>, config: BatchConfig, queue: usize) -> Batcher {
        let (jobs, queue) = mpsc::sync_channel(queue.max(1));
        std::thread::Builder::new()
            .name("rolematch-batcher".into())
            .spawn(move || work(&workspace, &queue, config))
            .expect("the batcher thread starts"); // only fails when the OS is out of threads
        Batcher { jobs }
    }

    /// Matches `documents` in the next batch; resolves when that batch is done. A full queue
    /// is answered at once with 503 (busy) rather than held in memory.
    pub(crate) async fn submit(
        &self,
        documents: Vec<Examined>,
        selection: Selection,
    ) -> Result<Vec<ResumeReport>, ApiError> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            documents,
            selection,
            reply,
        };
        match self.jobs.try_send(job) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                return Err(ApiError::busy(
                    "the model has as many requests waiting as it can hold; try again in a moment",
                ))
            }
            Err(TrySendError::Disconnected(_)) => return Err(AppError::Stopped.into()),
        }
        Ok(answer.await.unwrap_or(Err(AppError::Stopped))?)
    }
}

/// The worker: takes a job, waits up to `max_wait` for more, embeds them together, scores
/// each with its own selection, answers each.
fn work(workspace: &Workspace, queue: &Receiver<Job>, config: BatchConfig) {
    let mut trimmed = true;
    while let Some(first) = next_job(queue, &mut trimmed) {
        let mut batch = vec![first];
        let deadline = Instant::now() + config.max_wait;
        let mut documents: usize = batch[0].documents.len();
        while documents < config.max_documents {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            match queue.recv_timeout(left) {
                Ok(job) => {
                    documents += job.documents.len();
                    batch.push(job);
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        run(workspace, batch);
    }
}

/// The first job of the next batch. After a second with none, the memory the last batches
/// used is given back to the system once: the allocator keeps freed memory for the next
/// forward pass (faster when busy), and a server idles most of the time.
fn next_job(queue: &Receiver<Job>, trimmed: &mut bool) -> Option<Job> {
    loop {
        match queue.recv_timeout(IDLE) {
            Ok(job) => {
                *trimmed = false;
                return Some(job);
            }
            Err(RecvTimeoutError::Timeout) if !*trimmed => {
                crate::embed::release_free_memory();
                *trimmed = true;
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
}

/// How long the batcher waits with no work before it gives memory back.
const IDLE: Duration = Duration::from_secs(1);

/// Answers every job of a batch the model could not run with the reason.
fn fail_all(batch: Vec<Job>, error: &dyn std::fmt::Display) {
    let message = error.to_string();
    for job in batch {
        let _ = job
            .reply
            .send(Err(AppError::ModelUnavailable(message.clone())));
    }
}

fn run(workspace: &Workspace, mut batch: Vec<Job>) {
    let engine = match workspace.engine() {
        Ok(engine) => engine,
        Err(e) => return fail_all(batch, &e),
    };
    let counts: Vec<usize> = batch.iter().map(|job| job.documents.len()).collect();
    let all: Vec<Examined> = batch
        .iter_mut()
        .flat_map(|job| std::mem::take(&mut job.documents))
        .collect();
    let analysed = match embed(engine.embedder(), all) {
        Ok(analysed) => analysed,
        Err(e) => return fail_all(batch, &e),
    };
    let mut analysed = analysed.into_iter();
    for (job, count) in batch.into_iter().zip(counts) {
        let reports: Result<Vec<ResumeReport>, AppError> = analysed
            .by_ref()
            .take(count)
            .map(|analysis| {
                engine
                    .match_analysis(analysis, job.selection)
                    .map_err(AppError::from)
            })
            .collect();
        // A client that went away no longer wants its answer.
        let _ = job.reply.send(reports);
    }
}
