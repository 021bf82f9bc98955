//! The candle BERT-family embedder: tokenizer, windows, batched inference, masked mean (or CLS)
//! pooling and L2 normalization, as sentence-transformers does it.

use std::ops::Range;
use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::Config;
use serde::Deserialize;
use tokenizers::Tokenizer;

use super::encoder::Encoder;
use super::{window_spans, DocumentEmbedding, EmbedError, Embedder, Precision, WindowEmbedding};
use crate::model_store::ModelFiles;
use crate::vector::{normalize, normalized_mean};

/// How token vectors become one vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pooling {
    /// Mean over the tokens the attention mask keeps.
    Mean,
    /// The first token's vector.
    Cls,
}

/// Tokens two neighbouring windows share, so no sentence is cut without context.
const WINDOW_OVERLAP: usize = 32;
/// Full-length windows per forward pass on the CPU; shorter windows fill the same token budget
/// (see `batch_ranges`). 8 was as fast as or faster than 16, 32 and 64 (windows are sorted by
/// length and padded per batch, so small batches pad less) and peaks at well under half the
/// memory of 32; see docs/benchmarks.md.
const CPU_BATCH_SIZE: usize = 8;
/// Full-length windows per forward pass on a GPU, which needs large batches to be busy (the
/// H100 figures in docs/deployment.md's GPU section were taken at 256–512).
const GPU_BATCH_SIZE: usize = 256;

/// A sentence-transformers BERT model loaded with candle.
pub struct BertEmbedder {
    model: Encoder,
    tokenizer: Tokenizer,
    device: Device,
    pooling: Pooling,
    max_tokens: usize,
    dimensions: usize,
    batch_size: usize,
    pad_id: u32,
    fingerprint: String,
}

/// One window ready for the model: which document it belongs to and its token ids.
struct PendingWindow {
    doc: usize,
    ids: Vec<u32>,
    byte_range: Range<usize>,
}

#[derive(Deserialize)]
struct PoolingConfig {
    #[serde(default)]
    pooling_mode_cls_token: bool,
}

impl BertEmbedder {
    /// Loads the model whose files were found by the model store, at the device's default
    /// precision (`Precision::Auto`: int16 products on a CPU with AVX-512 VNNI, F32 on other
    /// CPUs, F16 on a GPU).
    pub fn load(files: &ModelFiles, device: &Device) -> Result<Self, EmbedError> {
        Self::load_with_precision(files, device, Precision::Auto)
    }

    /// Loads the model and keeps its weights and activations at `precision`. On glibc this
    /// also tunes the process's allocator to keep freed buffers (see `malloc.rs`).
    pub fn load_with_precision(
        files: &ModelFiles,
        device: &Device,
        precision: Precision,
    ) -> Result<Self, EmbedError> {
        super::malloc::keep_freed_memory();
        let config_path = files.path("config.json");
        let config: Config = read_json(&config_path)?;
        let pooling = match read_json::<PoolingConfig>(&files.path("1_Pooling/config.json")) {
            Ok(p) if p.pooling_mode_cls_token => Pooling::Cls,
            _ => Pooling::Mean,
        };
        let tokenizer_path = files.path("tokenizer.json");
        let mut tokenizer =
            Tokenizer::from_file(&tokenizer_path).map_err(|e| EmbedError::Load {
                path: tokenizer_path.clone(),
                reason: e.to_string(),
            })?;
        // The shipped tokenizer.json pads and truncates at 128; windows and batches do both here.
        tokenizer
            .with_truncation(None)
            .map_err(|e| EmbedError::Tokenize(e.to_string()))?;
        tokenizer.with_padding(None);
        let weights = files.path("model.safetensors");
        // SAFETY: the file was size- and hash-checked by the model store and is not modified
        // while mapped; candle's safetensors loader needs a memory map.
        let vb = unsafe { VarBuilder::from_mmaped_safetensors(&[&weights], DType::F32, device) }
            .map_err(|e| EmbedError::Load {
                path: weights.clone(),
                reason: e.to_string(),
            })?;
        let model = Encoder::load(vb, &config, precision).map_err(|e| EmbedError::Load {
            path: weights,
            reason: e.to_string(),
        })?;
        let precision_name = match model.precision() {
            Precision::Int16 => super::int16::SCHEME.to_string(),
            Precision::Int8 => super::int8::SCHEME.to_string(),
            Precision::Bf16Amx => super::amx_bf16::SCHEME.to_string(),
            other => other.to_string(),
        };
        let fingerprint = format!("{}/{precision_name}", files.fingerprint());
        let max_tokens = files
            .manifest
            .max_tokens
            .min(config.max_position_embeddings);
        Ok(BertEmbedder {
            model,
            tokenizer,
            device: device.clone(),
            pooling,
            max_tokens,
            dimensions: config.hidden_size,
            batch_size: if device.is_cpu() {
                CPU_BATCH_SIZE
            } else {
                GPU_BATCH_SIZE
            },
            pad_id: config.pad_token_id as u32,
            // Vectors differ slightly between precisions: caches and pools record which.
            fingerprint,
        })
    }

    /// Sets how many full-length windows go through the model at once; a batch of shorter
    /// windows holds as many padded tokens.
    pub fn with_batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size.max(1);
        self
    }

    /// Full-length windows per forward pass.
    pub fn batch_size(&self) -> usize {
        self.batch_size
    }

    /// The precision the model runs at (never `Auto`).
    pub fn precision(&self) -> Precision {
        self.model.precision()
    }

    /// Tokenizes each text and cuts it into windows of at most `max_tokens` tokens, each
    /// keeping the special tokens the tokenizer puts around a sequence.
    fn windows(&self, texts: &[&str]) -> Result<Vec<PendingWindow>, EmbedError> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| EmbedError::Tokenize(e.to_string()))?;
        let mut windows = Vec::new();
        for (doc, enc) in encodings.iter().enumerate() {
            let ids = enc.get_ids();
            let special = enc.get_special_tokens_mask();
            let offsets = enc.get_offsets();
            let prefix = special.iter().take_while(|&&s| s == 1).count();
            let suffix = special[prefix..]
                .iter()
                .rev()
                .take_while(|&&s| s == 1)
                .count();
            let content = prefix..ids.len() - suffix;
            let capacity = self.max_tokens.saturating_sub(prefix + suffix).max(1);
            for span in window_spans(content.len(), capacity, WINDOW_OVERLAP) {
                let tokens = content.start + span.start..content.start + span.end;
                let mut window_ids = Vec::with_capacity(tokens.len() + prefix + suffix);
                window_ids.extend_from_slice(&ids[..prefix]);
                window_ids.extend_from_slice(&ids[tokens.clone()]);
                window_ids.extend_from_slice(&ids[ids.len() - suffix..]);
                let byte_range = if tokens.is_empty() {
                    0..0
                } else {
                    offsets[tokens.start].0..offsets[tokens.end - 1].1
                };
                windows.push(PendingWindow {
                    doc,
                    ids: window_ids,
                    byte_range,
                });
            }
        }
        Ok(windows)
    }

    /// Runs one padded batch through the model and pools it into unit vectors.
    fn embed_batch(&self, batch: &[&PendingWindow]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let width = batch.iter().map(|w| w.ids.len()).max().unwrap_or(0);
        let lengths: Vec<usize> = batch.iter().map(|w| w.ids.len()).collect();
        let mut ids = Vec::with_capacity(batch.len() * width);
        let mut mask = Vec::with_capacity(batch.len() * width);
        for w in batch {
            ids.extend_from_slice(&w.ids);
            ids.extend(std::iter::repeat_n(self.pad_id, width - w.ids.len()));
            mask.extend(std::iter::repeat_n(1f32, w.ids.len()));
            mask.extend(std::iter::repeat_n(0f32, width - w.ids.len()));
        }
        let shape = (batch.len(), width);
        let ids = Tensor::from_vec(ids, shape, &self.device)?;
        let mask = Tensor::from_vec(mask, shape, &self.device)?;
        // Pooling sums up to 256 token vectors: do it in F32 whatever the model's precision.
        let hidden = self.model.forward(&ids, &lengths)?.to_dtype(DType::F32)?;
        let pooled = match self.pooling {
            Pooling::Cls => hidden.narrow(1, 0, 1)?.squeeze(1)?,
            Pooling::Mean => {
                let mask = mask.unsqueeze(2)?;
                let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
                let counts = mask.sum(1)?.clamp(1e-9f32, f32::MAX)?;
                summed.broadcast_div(&counts)?
            }
        };
        let mut vectors = pooled.to_vec2::<f32>()?;
        vectors.iter_mut().for_each(|v| normalize(v));
        Ok(vectors)
    }
}

impl Embedder for BertEmbedder {
    fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    fn dimensions(&self) -> usize {
        self.dimensions
    }

    fn embed_documents(&self, texts: &[&str]) -> Result<Vec<DocumentEmbedding>, EmbedError> {
        if self.device.is_cpu() {
            // The model's products already use every core; tokenizing alongside would only
            // take cores from them, so the CPU reads everything first.
            let windows = self.windows(texts)?;
            return self.embed_windows(windows, texts.len());
        }
        // On a GPU the host would otherwise tokenize while the device waits: cut the texts
        // into chunks of about two batches and tokenize the next chunk on another thread
        // while this one's batches run. Chunks depend on the texts alone, so the same input
        // always forms the same batches.
        let chunks = gpu_chunks(texts, 2 * self.batch_size * self.max_tokens);
        let mut docs = Vec::with_capacity(texts.len());
        std::thread::scope(|scope| {
            let mut pending = chunks.iter().map(|range| {
                let chunk = &texts[range.clone()];
                scope.spawn(move || self.windows(chunk))
            });
            // One chunk tokenizing ahead of the one on the device, never more.
            let mut next = pending.next();
            for range in &chunks {
                let windows = next
                    .take()
                    .expect("one tokenizing job per chunk")
                    .join()
                    .map_err(|_| EmbedError::Tokenize("the tokenizing thread panicked".into()))??;
                next = pending.next();
                docs.extend(self.embed_windows(windows, range.len())?);
            }
            Ok(docs)
        })
    }
}

impl BertEmbedder {
    /// Embeds the windows of `count` documents (window `doc` indexes are 0..count) and pools
    /// each document's windows into its vector.
    fn embed_windows(
        &self,
        windows: Vec<PendingWindow>,
        count: usize,
    ) -> Result<Vec<DocumentEmbedding>, EmbedError> {
        // Similar lengths share a batch so little compute goes to padding; the sort is stable,
        // so equal inputs always form the same batches.
        let mut order: Vec<usize> = (0..windows.len()).collect();
        order.sort_by_key(|&i| windows[i].ids.len());
        let lengths: Vec<usize> = order.iter().map(|&i| windows[i].ids.len()).collect();
        let budget = self.batch_size * self.max_tokens;
        let mut vectors: Vec<Vec<f32>> = vec![Vec::new(); windows.len()];
        for range in batch_ranges(&lengths, budget) {
            let chunk = &order[range];
            let batch: Vec<&PendingWindow> = chunk.iter().map(|&i| &windows[i]).collect();
            for (&i, v) in chunk.iter().zip(self.embed_batch(&batch)?) {
                vectors[i] = v;
            }
        }
        let mut docs: Vec<Vec<WindowEmbedding>> = vec![Vec::new(); count];
        for (w, vector) in windows.into_iter().zip(vectors) {
            docs[w.doc].push(WindowEmbedding {
                byte_range: w.byte_range,
                vector,
            });
        }
        Ok(docs
            .into_iter()
            .map(|windows| {
                let vectors: Vec<Vec<f32>> = windows.iter().map(|w| w.vector.clone()).collect();
                DocumentEmbedding {
                    vector: normalized_mean(&vectors),
                    windows,
                }
            })
            .collect())
    }
}

/// Consecutive ranges of texts holding about `budget_tokens` tokens each, estimated at four
/// bytes a token (English prose under a WordPiece vocabulary averages a little over four);
/// every range holds at least one text.
fn gpu_chunks(texts: &[&str], budget_tokens: usize) -> Vec<Range<usize>> {
    const BYTES_PER_TOKEN: usize = 4;
    let budget = budget_tokens.saturating_mul(BYTES_PER_TOKEN).max(1);
    let mut ranges = Vec::new();
    let (mut start, mut bytes) = (0, 0usize);
    for (i, text) in texts.iter().enumerate() {
        if i > start && bytes + text.len() > budget {
            ranges.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += text.len();
    }
    if start < texts.len() {
        ranges.push(start..texts.len());
    }
    ranges
}

/// Splits windows sorted by length (ascending) into consecutive batches whose padded size,
/// windows × the longest, stays within `budget` tokens; a window longer than the budget goes
/// alone. Short texts then share a forward pass by the hundred instead of by eight.
fn batch_ranges(sorted_lengths: &[usize], budget: usize) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    for (i, &length) in sorted_lengths.iter().enumerate() {
        // Ascending order: if window i joins, it is the batch's longest.
        if i > start && (i + 1 - start) * length > budget {
            ranges.push(start..i);
            start = i;
        }
    }
    if start < sorted_lengths.len() {
        ranges.push(start..sorted_lengths.len());
    }
    ranges
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, EmbedError> {
    let load_err = |reason: String| EmbedError::Load {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| load_err(e.to_string()))?;
    serde_json::from_slice(&bytes).map_err(|e| load_err(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gpu_chunks_cover_every_text_once_in_order() {
        let texts = [
            "a".repeat(100),
            "b".repeat(300),
            "c".repeat(50),
            "d".repeat(900),
            "e".repeat(10),
        ];
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        // 100 tokens ≈ 400 bytes a chunk; a text over the budget goes alone.
        assert_eq!(gpu_chunks(&refs, 100), vec![0..2, 2..3, 3..4, 4..5]);
        assert_eq!(gpu_chunks(&refs, 10_000), vec![0..5]);
        assert_eq!(gpu_chunks(&refs, 0), vec![0..1, 1..2, 2..3, 3..4, 4..5]);
        assert!(gpu_chunks(&[], 100).is_empty());
    }

    #[test]
    fn batches_fill_a_token_budget_in_order() {
        // 2,048 tokens: 8 windows of 256, 64 of 32, and any window alone.
        let lengths = [3, 3, 30, 32, 200, 250, 256, 256, 300];
        let ranges = batch_ranges(&lengths, 64);
        assert_eq!(ranges, vec![0..2, 2..4, 4..5, 5..6, 6..7, 7..8, 8..9]);
        let short = vec![20; 300];
        let ranges = batch_ranges(&short, 2048);
        assert_eq!(ranges, vec![0..102, 102..204, 204..300]);
        // Every window in exactly one batch, none over budget unless alone.
        let mixed: Vec<usize> = (1..=400).map(|i| i * 256 / 400).collect();
        let ranges = batch_ranges(&mixed, 2048);
        assert_eq!(ranges.first().unwrap().start, 0);
        assert_eq!(ranges.last().unwrap().end, mixed.len());
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        for r in &ranges {
            assert!(r.len() == 1 || r.len() * mixed[r.end - 1] <= 2048, "{r:?}");
        }
        assert!(batch_ranges(&[], 2048).is_empty());
    }
}
