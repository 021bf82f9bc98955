//! Roles as data: the built-in catalog (embedded at build time) or a user's own file, loaded
//! and validated against the skill taxonomy.

mod load;

pub use load::{load_catalog_file, CatalogFormat};

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::skills::Taxonomy;

const BUILTIN_ROLES: &str = include_str!("../../catalog/roles.toml");

/// Errors loading a catalog; each names the file and, where it applies, the role and field.
#[derive(Debug, Error)]
pub enum CatalogError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {message}", .path.display())]
    Parse { path: PathBuf, message: String },
    #[error("{}: role '{role}', field '{field}': {message}", .path.display())]
    Invalid {
        path: PathBuf,
        role: String,
        field: &'static str,
        message: String,
    },
    #[error("{}: the catalog has no roles", .path.display())]
    Empty { path: PathBuf },
}

/// One role a resume can match.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The text the model embeds for this role.
    pub description: String,
    #[serde(default)]
    pub owns: Vec<String>,
    #[serde(default)]
    pub core_skills: Vec<String>,
    #[serde(default)]
    pub supporting_skills: Vec<String>,
    #[serde(default)]
    pub tools: Vec<String>,
    #[serde(default)]
    pub backgrounds: Vec<String>,
    #[serde(default)]
    pub signals: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salary: Option<String>,
    /// Set when the title itself reads as dated; says what to lead with instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dated: Option<String>,
    /// The source articles the entry was written from.
    #[serde(default)]
    pub seeds: Vec<String>,
    /// What the opening asks for, one duty or requirement each (a job posting's bullets):
    /// each is matched to the resume's best passage, and how well they are met counts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<String>,
    /// What the opening prefers but does not require (a job posting's "nice to have"
    /// bullets): matched like the requirements, at half their weight.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred: Vec<String>,
    /// The language the opening is written in (job postings; catalog roles are English).
    #[serde(skip)]
    pub language: Option<crate::language::Language>,
    /// The most years of experience the opening asks for, and the words after the number
    /// (job postings that state a number).
    #[serde(skip)]
    pub years_asked: Option<(u32, String)>,
    /// What a job posting asked for that rolematch does not score (a ZIP code, an age, a
    /// photo), said on every output of its ranking; the lines themselves are left out.
    #[serde(skip)]
    pub proxy_warning: Option<String>,
    /// Skills the opening names as alternatives ("Java, C#, or C++"), a group each: one of
    /// them shown meets the group, and the others are not missing (job postings).
    #[serde(skip)]
    pub alternatives: Vec<Vec<String>>,
}

impl Role {
    /// A role with only the fields a plain list of jobs provides; the rest empty.
    pub fn new(id: String, title: String, description: String) -> Self {
        Role {
            id,
            title,
            aliases: vec![],
            description,
            owns: vec![],
            core_skills: vec![],
            supporting_skills: vec![],
            tools: vec![],
            backgrounds: vec![],
            signals: vec![],
            salary: None,
            dated: None,
            seeds: vec![],
            requirements: vec![],
            preferred: vec![],
            language: None,
            years_asked: None,
            proxy_warning: None,
            alternatives: vec![],
        }
    }

    /// The text embedded for retrieval: title, aliases, description and what the role owns.
    pub(crate) fn embedding_text(&self) -> String {
        let mut text = self.title.clone();
        if !self.aliases.is_empty() {
            text.push_str(&format!(" ({})", self.aliases.join(", ")));
        }
        if !self
            .description
            .trim()
            .eq_ignore_ascii_case(self.title.trim())
        {
            text.push_str(". ");
            text.push_str(&self.description);
        }
        if !self.owns.is_empty() {
            text.push_str(&format!(" Owns: {}.", self.owns.join("; ")));
        }
        text
    }

    /// Every skill the role lists, core first, without repeats.
    pub(crate) fn all_skills(&self) -> Vec<&str> {
        let mut all: Vec<&str> = Vec::new();
        for s in self
            .core_skills
            .iter()
            .chain(&self.tools)
            .chain(&self.supporting_skills)
        {
            if !all.contains(&s.as_str()) {
                all.push(s);
            }
        }
        all
    }
}

/// A versioned set of roles.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Catalog {
    pub version: String,
    pub roles: Vec<Role>,
}

impl Catalog {
    /// The catalog that ships with rolematch, checked against `taxonomy`.
    pub fn builtin(taxonomy: &Taxonomy) -> Result<Catalog, CatalogError> {
        let path = Path::new("catalog/roles.toml (built in)");
        let catalog = load::parse_catalog(path, BUILTIN_ROLES, CatalogFormat::Toml)?;
        catalog.validate(path, taxonomy)?;
        Ok(catalog)
    }

    pub fn get(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// Checks ids, titles, descriptions and that every skill exists in the taxonomy.
    pub(crate) fn validate(&self, path: &Path, taxonomy: &Taxonomy) -> Result<(), CatalogError> {
        if self.roles.is_empty() {
            return Err(CatalogError::Empty {
                path: path.to_path_buf(),
            });
        }
        let invalid = |role: &Role, field: &'static str, message: String| CatalogError::Invalid {
            path: path.to_path_buf(),
            role: if role.id.is_empty() {
                role.title.clone()
            } else {
                role.id.clone()
            },
            field,
            message,
        };
        let mut seen = std::collections::HashSet::new();
        for role in &self.roles {
            if role.id.trim().is_empty() {
                return Err(invalid(role, "id", "must not be empty".into()));
            }
            if !seen.insert(role.id.as_str()) {
                return Err(invalid(role, "id", "duplicate id".into()));
            }
            if role.title.trim().is_empty() {
                return Err(invalid(role, "title", "must not be empty".into()));
            }
            if role.description.trim().is_empty() {
                return Err(invalid(role, "description", "must not be empty".into()));
            }
            for (field, skills) in [
                ("core_skills", &role.core_skills),
                ("supporting_skills", &role.supporting_skills),
                ("tools", &role.tools),
            ] {
                if let Some(unknown) = skills.iter().find(|s| !taxonomy.contains(s)) {
                    return Err(invalid(
                        role,
                        field,
                        format!("unknown skill '{unknown}' (not in the skill taxonomy)"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// A short hash of the catalog's content, for cache keys and manifests.
    pub fn content_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let json = serde_json::to_vec(self).unwrap_or_default();
        let digest = Sha256::digest(&json);
        digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_covers_the_seed_roles() {
        let taxonomy = Taxonomy::builtin().unwrap();
        let catalog = Catalog::builtin(&taxonomy).unwrap();
        for id in [
            "ml-engineer",
            "ai-engineer",
            "genai-developer",
            "agentic-ai-engineer",
            "llm-engineer",
            "llmops-engineer",
            "full-stack-ai-engineer",
            "forward-deployed-engineer",
            "research-engineer",
            "ai-platform-engineer",
            "ml-ai-hybrid-engineer",
            "responsible-ai-engineer",
            "ai-product-manager",
            "ai-solutions-architect",
            "voice-ai-engineer",
            "prompt-engineer",
        ] {
            let role = catalog.get(id).unwrap_or_else(|| panic!("{id} missing"));
            assert!(
                !role.core_skills.is_empty() && !role.seeds.is_empty(),
                "{id}"
            );
        }
        assert!(catalog.get("prompt-engineer").unwrap().dated.is_some());
    }

    #[test]
    fn content_hash_is_stable_and_moves_with_any_change() {
        let taxonomy = Taxonomy::builtin().unwrap();
        let catalog = Catalog::builtin(&taxonomy).unwrap();
        let hash = catalog.content_hash();
        assert_eq!(hash.len(), 16);
        assert_eq!(Catalog::builtin(&taxonomy).unwrap().content_hash(), hash);
        let mut edited = catalog.clone();
        edited.roles[0].description.push('.');
        assert_ne!(edited.content_hash(), hash);
        let mut reordered = catalog.clone();
        reordered.roles.swap(0, 1);
        assert_ne!(reordered.content_hash(), hash);
    }
}
