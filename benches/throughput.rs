//! Embedding throughput on a file of texts, for the side-by-side comparison with
//! sentence-transformers (scripts/bench_vs_sentence_transformers.sh), and tokenization alone
//! (the tokenizers crate's parallel batch encoder). Prints one JSON line; before timing it
//! checks that batched vectors equal one-at-a-time vectors.
//!
//! Environment: ROLEMATCH_BENCH_TEXTS (a JSON array of strings, required),
//! ROLEMATCH_BENCH_VECTORS (where to write the vectors as JSON, optional), ROLEMATCH_HOME (the
//! folder that holds models/; default the repository),
//! ROLEMATCH_BENCH_BATCH (full-length windows per forward pass, as a token budget; default the
//! embedder's),
//! ROLEMATCH_BENCH_PRECISION (auto, f32, int16, int8, f16 or bf16), ROLEMATCH_BENCH_DEVICE (cpu,
//! cuda, metal or auto; default cpu), RAYON_NUM_THREADS.

use std::path::Path;
use std::time::Instant;

use rolematch::embed::{BertEmbedder, Embedder, Precision};
use rolematch::model_store::{self, ModelManifest, StoreConfig, DEFAULT_MODEL_ID};
use rolematch::vector::dot;

fn main() {
    let Ok(texts_path) = std::env::var("ROLEMATCH_BENCH_TEXTS") else {
        eprintln!("throughput: set ROLEMATCH_BENCH_TEXTS to a JSON array of texts; skipped");
        return;
    };
    let texts: Vec<String> = serde_json::from_str(
        &std::fs::read_to_string(&texts_path).expect("the texts file is readable"),
    )
    .expect("the texts file is a JSON array of strings");
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();

    let manifest = ModelManifest::find(DEFAULT_MODEL_ID).expect("built-in manifest");
    // The model under ROLEMATCH_HOME when set (a binary run away from its build tree), else
    // under the repository.
    let root = std::env::var_os("ROLEMATCH_HOME").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf(),
        Into::into,
    );
    let files = model_store::resolve(&manifest, &StoreConfig::new(&root))
        .expect("model files (run `rolematch model fetch`)");
    let precision: Precision = std::env::var("ROLEMATCH_BENCH_PRECISION")
        .unwrap_or_else(|_| "auto".into())
        .parse()
        .expect("ROLEMATCH_BENCH_PRECISION is auto, f32, int16, int8, f16 or bf16");
    let device: rolematch::embed::DeviceChoice = std::env::var("ROLEMATCH_BENCH_DEVICE")
        .unwrap_or_else(|_| "cpu".into())
        .parse()
        .expect("ROLEMATCH_BENCH_DEVICE is cpu, cuda, metal or auto");
    let device = rolematch::embed::select_device(device).expect("the device is available");
    let mut embedder =
        BertEmbedder::load_with_precision(&files, &device, precision).expect("the model loads");
    let batch = std::env::var("ROLEMATCH_BENCH_BATCH")
        .ok()
        .and_then(|b| b.parse().ok());
    if let Some(batch) = batch {
        embedder = embedder.with_batch_size(batch);
    }
    let mut tokenizer = tokenizers::Tokenizer::from_file(files.path("tokenizer.json"))
        .expect("the tokenizer loads");
    // tokenizer.json fixes truncation at 128; count every token (the model sees up to 256).
    tokenizer
        .with_truncation(None)
        .expect("truncation can be switched off");
    let start = Instant::now();
    let encodings = tokenizer
        .encode_batch(refs.clone(), true)
        .expect("tokenizes");
    let tokenize_seconds = start.elapsed().as_secs_f64();
    let tokens: usize = encodings.iter().map(|e| e.len().min(256)).sum();

    // Warm-up, and the check that a fast path is also a right one.
    // BF16 keeps 8 bits of mantissa: padding a text among longer ones moves its vector a
    // little more than in the other precisions (parity with F32 is checked separately).
    let agreement = if embedder.precision() == Precision::Bf16 {
        0.999
    } else {
        0.99999
    };
    let sample = &refs[..refs.len().min(4)];
    let batched = embedder.embed_documents(sample).expect("embeds");
    for (text, b) in sample.iter().zip(&batched) {
        let single = embedder.embed_documents(&[text]).expect("embeds").remove(0);
        assert!(
            dot(&single.vector, &b.vector) > agreement,
            "batched vector differs for {text:?}"
        );
    }

    let start = Instant::now();
    let embeddings = embedder.embed_documents(&refs).expect("embeds");
    let seconds = start.elapsed().as_secs_f64();
    let windows: usize = embeddings.iter().map(|e| e.windows.len()).sum();
    println!(
        "{}",
        serde_json::json!({
            "system": "rolematch (candle)",
            "batch": batch.unwrap_or_else(|| embedder.batch_size()),
            "precision": embedder.precision().to_string(),
            "texts": refs.len(),
            "tokens": tokens,
            "windows": windows,
            "threads": std::env::var("RAYON_NUM_THREADS").ok(),
            "seconds": seconds,
            "tokenize_seconds": tokenize_seconds,
            "texts_per_s": refs.len() as f64 / seconds,
            "tokens_per_s": tokens as f64 / seconds,
        })
    );
    if let Ok(out) = std::env::var("ROLEMATCH_BENCH_VECTORS") {
        let vectors: Vec<&Vec<f32>> = embeddings.iter().map(|e| &e.vector).collect();
        std::fs::write(&out, serde_json::to_string(&vectors).expect("serialises"))
            .expect("the vectors file is writable");
    }
}
