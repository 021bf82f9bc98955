//! `rolematch serve`: a web page and a JSON API over one [`Workspace`], in the same binary.
//!
//! The shape follows text-embeddings-inference: an HTTP router ([`api`]) in front of a core
//! that queues and batches the model work ([`batcher`]) on its own thread; handlers never run
//! the model or a parser on the async runtime. The model loads once, in the background, and
//! requests that need it get 503 until it is ready. Ctrl-C or SIGTERM stops accepting
//! connections and lets the requests in flight finish; pool writes are the same crash-safe
//! commits the CLI makes.

mod api;
mod assets;
mod batcher;
mod connections;
mod errors;
mod limits;
mod openapi;
mod security;
mod uploads;

pub use batcher::BatchConfig;
pub use limits::ServerLimits;
pub use security::{is_loopback, HostPolicy, MIN_TOKEN_CHARS, TOKEN_ENV};

use std::net::SocketAddr;
use std::sync::Arc;

use thiserror::Error;

use crate::app::Workspace;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub bind: SocketAddr,
    /// Every API call must bear this token; required to bind beyond loopback.
    pub token: Option<String>,
    /// Host names the server also answers to (a reverse proxy's), beyond loopback names and
    /// the bound address; `name` on any port or `name:port`.
    pub allowed_hosts: Vec<String>,
    /// The largest uploaded file (by default the reader's 16 MiB).
    pub max_file_bytes: u64,
    /// The largest request body (a batch of uploads).
    pub max_request_bytes: u64,
    pub batching: BatchConfig,
    pub limits: ServerLimits,
}

/// Why the server could not start or stopped.
#[derive(Debug, Error)]
pub enum ServeError {
    #[error("refusing to listen on {0} without a token: anyone who can reach that address could read and change the pools. Pass --token-file FILE (or set {TOKEN_ENV}), or bind to 127.0.0.1")]
    TokenRequired(SocketAddr),
    #[error("{0}")]
    WeakToken(String),
    /// The cause is part of the message (not a `source`), so a report that prints the chain
    /// says it once.
    #[error("cannot listen on {addr}: {cause}{}", bind_advice(.cause))]
    Bind {
        addr: SocketAddr,
        cause: std::io::Error,
    },
    #[error("the server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// What to do about a failed bind, when the cause says.
fn bind_advice(cause: &std::io::Error) -> &'static str {
    match cause.kind() {
        std::io::ErrorKind::AddrInUse => {
            "; another program (another `rolematch serve`?) has that port: stop it, or pick \
             another port with --bind 127.0.0.1:PORT"
        }
        std::io::ErrorKind::PermissionDenied => {
            "; ports below 1024 need privileges: pick a port above 1024 with --bind"
        }
        _ => "",
    }
}

/// Checks the configuration, binds, prints the address, and serves until Ctrl-C or SIGTERM.
/// The model starts loading at once; `announce` gets the bound address (port 0 picks one).
pub fn serve(
    workspace: Workspace,
    config: ServeConfig,
    announce: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    if config.token.is_none() && !is_loopback(&config.bind) {
        return Err(ServeError::TokenRequired(config.bind));
    }
    if let Some(problem) = config.token.as_deref().and_then(security::weak_token) {
        return Err(ServeError::WeakToken(problem));
    }
    crate::embed::one_arena_per_cpu();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("rolematch-http")
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.bind)
            .await
            .map_err(|cause| ServeError::Bind {
                addr: config.bind,
                cause,
            })?;
        let addr = listener.local_addr()?;
        let workspace = Arc::new(workspace);
        let load_failure = Arc::new(std::sync::OnceLock::new());
        let (loader, failure) = (workspace.clone(), load_failure.clone());
        // The model loads on a blocking thread; /health says "loading" until it is done, and
        // "failed" with the reason if it cannot be loaded.
        tokio::task::spawn_blocking(move || {
            if let Err(e) = loader.engine() {
                tracing::error!("the model could not be loaded: {e}");
                let _ = failure.set(e.to_string());
            }
        });
        let state = api::State::new(workspace, load_failure, &config)?;
        let hosts = HostPolicy::new(addr, &config.allowed_hosts);
        let app = api::router(state, &config, hosts);
        announce(addr);
        accept(listener, app, &config.limits).await;
        tracing::info!("stopped: every request in flight was answered");
        Ok(())
    })
}

/// Accepts connections until Ctrl-C or SIGTERM: at most `limits.max_connections` open at
/// once, each with `limits.header_timeout` to send its headers; when all are open, the one
/// that has waited longest for a request is closed to make room ([`connections`]), so
/// half-sent requests can neither hold the server's file descriptors nor keep `/health` out.
/// Then lets the requests in flight finish.
async fn accept(listener: tokio::net::TcpListener, app: axum::Router, limits: &ServerLimits) {
    use hyper::service::Service as _;
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;

    let connections = connections::Connections::new(limits.max_connections);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let stop = shutdown_signal();
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, say: wait a moment rather than spin.
                    tracing::warn!("cannot accept a connection: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let admission = tokio::select! {
            admission = connections.admit() => Arc::new(admission),
            () = &mut stop => break,
        };
        let router = TowerToHyperService::new(app.clone());
        let marker = admission.clone();
        let service = hyper::service::service_fn(move |request| {
            // A request whose connection was just closed for room is not run at all.
            let answer = marker.request_started().then(|| router.call(request));
            let marker = marker.clone();
            async move {
                let Some(answer) = answer else {
                    return Ok(axum::response::IntoResponse::into_response(errors::ApiError::busy(
                        "the server is closing this connection to make room; send the request again",
                    )));
                };
                let answer = answer.await?;
                // The connection is answering until the whole body is sent.
                Ok::<_, std::convert::Infallible>(answer.map(|body| {
                    axum::body::Body::new(connections::UntilSent {
                        body,
                        admission: marker,
                    })
                }))
            }
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            tokio::select! {
                _ = connection => {}
                () = admission.evicted() => {}
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("stopping: finishing the requests in flight");
}
