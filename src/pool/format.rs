//! The files of one pool generation: what they hold, how they are written and how they are
//! checked before anything parses them.
//!
//! ```text
//! gen-000007/
//!   manifest.json     format, generation, model, dimensions, catalog version, counts,
//!                     and the size and blake3 of every other file
//!   candidates.json   id, file, content hash, text, passage ranges and findings of each
//!                     candidate
//!   vectors.f32       one document vector per candidate, little-endian f32
//!   passages.f32      every candidate's passage vectors, in candidate order
//!   graph.hnsw.graph  hnsw_rs dump (large pools only)
//!   graph.hnsw.data
//! ```

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::PoolError;
use super::{Candidate, PoolData, PoolMeta, PseudonymKey, SearchMode};
use crate::index::{HnswIndex, HnswParams};

/// Version of the generation layout; bump when it changes.
pub const POOL_FORMAT: u32 = 1;

const MANIFEST: &str = "manifest.json";
const CANDIDATES: &str = "candidates.json";
const VECTORS: &str = "vectors.f32";
const PASSAGES: &str = "passages.f32";

/// Size and checksum of one data file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileEntry {
    pub name: String,
    pub bytes: u64,
    pub blake3: String,
}

/// What a generation is and what its files must look like.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub generation: u64,
    pub model: String,
    pub dimensions: usize,
    pub catalog_version: String,
    pub count: usize,
    pub passage_count: usize,
    pub search: SearchMode,
    /// Built from texts with identity cues replaced (`--blind`); older pools were not.
    #[serde(default)]
    pub blind: bool,
    /// A blind pool's pseudonym secret (64 hex digits); absent in pools that are not blind
    /// and in blind pools made before pseudonyms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pseudonym_key: Option<String>,
    pub files: Vec<FileEntry>,
}

impl Manifest {
    pub fn file(&self, name: &str) -> Option<&FileEntry> {
        self.files.iter().find(|f| f.name == name)
    }
}

/// Writes every file of a generation into `dir` (which exists and is empty), fsyncing each;
/// returns the blake3 of the manifest, which `CURRENT` records.
pub(super) fn write_generation(
    dir: &Path,
    generation: u64,
    data: &PoolData,
    search: SearchMode,
) -> Result<String, PoolError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source: std::io::Error| PoolError::Io { path, source }
    };
    let mut files = Vec::new();
    let candidates = serde_json::to_vec(&data.candidates().collect::<Vec<_>>()).map_err(|e| {
        PoolError::Corrupt {
            path: dir.join(CANDIDATES),
            reason: e.to_string(),
        }
    })?;
    files.push(write_file(&dir.join(CANDIDATES), &candidates)?);
    files.push(write_file(
        &dir.join(VECTORS),
        &encode_vectors(data.vectors()),
    )?);
    files.push(write_file(
        &dir.join(PASSAGES),
        &encode_vectors(data.passage_vectors()),
    )?);
    if search == SearchMode::Hnsw {
        let graph = HnswIndex::build(
            data.meta().dimensions,
            data.vectors().map(<[f32]>::to_vec).collect(),
            HnswParams::default(),
        )?;
        for path in graph.dump(dir)? {
            let bytes = std::fs::read(&path).map_err(io(&path))?;
            File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(io(&path))?;
            files.push(entry(&path, &bytes));
        }
    }
    let manifest = Manifest {
        format: POOL_FORMAT,
        generation,
        model: data.meta().model.clone(),
        dimensions: data.meta().dimensions,
        catalog_version: data.meta().catalog_version.clone(),
        count: data.len(),
        passage_count: data.passage_count(),
        search,
        blind: data.meta().blind,
        pseudonym_key: data.meta().pseudonyms.as_ref().map(PseudonymKey::to_hex),
        files,
    };
    let bytes = serde_json::to_vec_pretty(&manifest).map_err(|e| PoolError::Corrupt {
        path: dir.join(MANIFEST),
        reason: e.to_string(),
    })?;
    write_file(&dir.join(MANIFEST), &bytes)?;
    crate::fault::point("commit:files-written");
    crate::fsutil::sync_dir(dir).map_err(io(dir))?;
    Ok(blake3::hash(&bytes).to_hex().to_string())
}

/// Checks a generation's files without parsing them: the manifest against `manifest_blake3`,
/// then every file it lists against its size and blake3. Returns the manifest and the files'
/// bytes.
pub(super) fn verify_generation(
    dir: &Path,
    manifest_blake3: &str,
) -> Result<(Manifest, HashMap<String, Vec<u8>>), PoolError> {
    let manifest_path = dir.join(MANIFEST);
    let bytes = read(&manifest_path)?;
    if blake3::hash(&bytes).to_hex().as_str() != manifest_blake3 {
        return Err(corrupt(
            &manifest_path,
            "checksum does not match CURRENT".into(),
        ));
    }
    let manifest: Manifest =
        serde_json::from_slice(&bytes).map_err(|e| corrupt(&manifest_path, e.to_string()))?;
    if manifest.format != POOL_FORMAT {
        return Err(PoolError::Stale {
            path: manifest_path,
            reason: format!(
                "pool format {} (this build reads {POOL_FORMAT})",
                manifest.format
            ),
        });
    }
    let mut contents = HashMap::new();
    for file in &manifest.files {
        if file.name.contains(['/', '\\']) || file.name.starts_with('.') {
            return Err(corrupt(
                &manifest_path,
                format!("bad file name '{}'", file.name),
            ));
        }
        let path = dir.join(&file.name);
        let bytes = read(&path)?;
        if bytes.len() as u64 != file.bytes {
            return Err(corrupt(
                &path,
                format!("{} bytes, the manifest says {}", bytes.len(), file.bytes),
            ));
        }
        if blake3::hash(&bytes).to_hex().as_str() != file.blake3 {
            return Err(corrupt(
                &path,
                "checksum does not match the manifest".into(),
            ));
        }
        contents.insert(file.name.clone(), bytes);
    }
    Ok((manifest, contents))
}

/// The blake3 of a generation's manifest as it is on disk, for a `CURRENT` that is lost.
pub(super) fn manifest_hash(dir: &Path) -> Result<String, PoolError> {
    Ok(blake3::hash(&read(&dir.join(MANIFEST))?)
        .to_hex()
        .to_string())
}

/// Reads and checks a generation: the manifest against `manifest_blake3`, every file against
/// the manifest, then the contents against each other. Nothing is parsed before its checksum
/// matches.
pub(super) fn read_generation(
    dir: &Path,
    manifest_blake3: &str,
) -> Result<(Manifest, PoolData), PoolError> {
    let manifest_path = dir.join(MANIFEST);
    let (manifest, contents) = verify_generation(dir, manifest_blake3)?;
    let take = |name: &str| {
        contents
            .get(name)
            .ok_or_else(|| corrupt(&dir.join(name), "listed nowhere in the manifest".into()))
    };
    let candidates: Vec<Candidate> = serde_json::from_slice(take(CANDIDATES)?)
        .map_err(|e| corrupt(&dir.join(CANDIDATES), e.to_string()))?;
    let dim = manifest.dimensions;
    let vectors = decode_vectors(take(VECTORS)?, dim).ok_or_else(|| {
        corrupt(
            &dir.join(VECTORS),
            "length is not a whole number of vectors".into(),
        )
    })?;
    let passages = decode_vectors(take(PASSAGES)?, dim).ok_or_else(|| {
        corrupt(
            &dir.join(PASSAGES),
            "length is not a whole number of vectors".into(),
        )
    })?;
    if candidates.len() != manifest.count || vectors.len() != manifest.count {
        return Err(corrupt(
            &manifest_path,
            "candidate and vector counts disagree".into(),
        ));
    }
    let listed: usize = candidates.iter().map(|c| c.passages.len()).sum();
    if listed != passages.len() || passages.len() != manifest.passage_count {
        return Err(corrupt(
            &dir.join(PASSAGES),
            "passage counts disagree".into(),
        ));
    }
    for c in &candidates {
        let valid = c.passages.iter().all(|r| {
            r.start <= r.end
                && r.end <= c.text.len()
                && c.text.is_char_boundary(r.start)
                && c.text.is_char_boundary(r.end)
        });
        if !valid {
            return Err(corrupt(
                &dir.join(CANDIDATES),
                format!("candidate '{}' has passages outside its text", c.id),
            ));
        }
    }
    let mut rest = passages.into_iter();
    let pseudonyms = match &manifest.pseudonym_key {
        None => None,
        Some(hex) => Some(PseudonymKey::from_hex(hex).ok_or_else(|| {
            corrupt(
                &dir.join(MANIFEST),
                "the pseudonym key is not 64 hex digits".to_string(),
            )
        })?),
    };
    let mut data = PoolData::empty_with(&PoolMeta {
        model: manifest.model.clone(),
        dimensions: dim,
        catalog_version: manifest.catalog_version.clone(),
        blind: manifest.blind,
        pseudonyms,
    });
    for (candidate, vector) in candidates.into_iter().zip(vectors) {
        let passage_vectors = rest.by_ref().take(candidate.passages.len()).collect();
        data.push(candidate, vector, passage_vectors);
    }
    Ok((manifest, data))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<FileEntry, PoolError> {
    let io = |source| PoolError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = File::create(path).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    Ok(entry(path, bytes))
}

fn entry(path: &Path, bytes: &[u8]) -> FileEntry {
    FileEntry {
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        bytes: bytes.len() as u64,
        blake3: blake3::hash(bytes).to_hex().to_string(),
    }
}

fn corrupt(path: &Path, reason: String) -> PoolError {
    PoolError::Corrupt {
        path: path.to_path_buf(),
        reason,
    }
}

/// A file of the generation; one that is missing is damage, not an I/O failure.
fn read(path: &Path) -> Result<Vec<u8>, PoolError> {
    std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => corrupt(path, "missing: the generation lists it".into()),
        _ => PoolError::Io {
            path: PathBuf::from(path),
            source,
        },
    })
}

fn encode_vectors<'a>(vectors: impl Iterator<Item = &'a [f32]>) -> Vec<u8> {
    vectors.flatten().flat_map(|x| x.to_le_bytes()).collect()
}

fn decode_vectors(bytes: &[u8], dim: usize) -> Option<Vec<Vec<f32>>> {
    if dim == 0 || !bytes.len().is_multiple_of(dim * 4) {
        return None;
    }
    Some(
        bytes
            .chunks_exact(dim * 4)
            .map(|v| {
                v.chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect()
            })
            .collect(),
    )
}
