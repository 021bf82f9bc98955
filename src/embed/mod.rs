//! Turning text into unit vectors: the [`Embedder`] trait and its candle BERT implementation.
//!
//! Long texts are split into overlapping token windows; a document's vector is the normalized
//! mean of its window vectors, and the windows are kept as evidence.

mod amx_bf16;
mod attention;
mod bert;
mod dense;
mod device;
mod encoder;
pub(crate) mod fake;
mod gelu;
mod int16;
mod int8;
mod integer_products;
mod malloc;
mod precision;
mod windows;

pub use bert::{BertEmbedder, Pooling};
pub use device::{select_device, DeviceChoice};
pub use fake::FakeEmbedder;
pub use malloc::{one_arena_per_cpu, release_free_memory};
pub use precision::Precision;
pub use windows::window_spans;

use std::ops::Range;
use std::path::PathBuf;
use thiserror::Error;

/// Errors of the embedding layer.
#[derive(Debug, Error)]
pub enum EmbedError {
    #[error("{}: {reason}", .path.display())]
    Load { path: PathBuf, reason: String },
    #[error("tokenizing failed: {0}")]
    Tokenize(String),
    #[error("model inference failed: {0}")]
    Model(#[from] candle_core::Error),
    #[error("device '{choice}' is not available: {reason}")]
    Device { choice: String, reason: String },
}

/// One window of a document and its vector.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowEmbedding {
    /// Byte range of the window in the document's text.
    pub byte_range: Range<usize>,
    pub vector: Vec<f32>,
}

/// A document's vector and the windows it was made from.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentEmbedding {
    pub vector: Vec<f32>,
    pub windows: Vec<WindowEmbedding>,
}

/// Anything that turns texts into unit vectors of a fixed dimension.
pub trait Embedder: Send + Sync {
    /// Identifies the model and its weights; stored in index manifests.
    fn fingerprint(&self) -> &str;
    /// Length of every vector.
    fn dimensions(&self) -> usize;
    /// Embeds each text; the result has one entry per input, in order.
    fn embed_documents(&self, texts: &[&str]) -> Result<Vec<DocumentEmbedding>, EmbedError>;
}
