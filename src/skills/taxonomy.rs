//! The skill taxonomy as data: loading, validation and lookup.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

/// The taxonomy that ships with rolematch: software and AI skills, and beside them the
/// general skills derived from ESCO (nursing, teaching, logistics, finance, sales, office,
/// HR, marketing), loaded into one taxonomy.
const BUILTIN_SKILLS: &str = include_str!("../../catalog/skills.toml");
const BUILTIN_ESCO: &str = include_str!("../../catalog/esco.toml");

/// Errors loading a taxonomy; each names the file and, where it applies, the skill.
#[derive(Debug, Error)]
pub enum TaxonomyError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {message}", .path.display())]
    Parse { path: PathBuf, message: String },
    #[error("{}: skill '{id}': {message}", .path.display())]
    Invalid {
        path: PathBuf,
        id: String,
        message: String,
    },
}

/// One canonical skill or tool.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    pub id: String,
    pub name: String,
    /// The ESCO concept this skill was derived from (general skills only).
    #[serde(default)]
    pub uri: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(skip)]
    pub category: String,
    /// Whether a mention of this skill is context for an ambiguous neighbour (false for soft
    /// skills, set per category).
    #[serde(skip)]
    pub anchors_context: bool,
    /// Whether the skill's category is the practices of one trade (`trade = true`): another
    /// skill of it is related ("email marketing" to "marketing strategy").
    #[serde(skip)]
    pub of_a_trade: bool,
    /// A skill every trade claims (communication, stakeholder management, leadership): it is
    /// shown, but scored only at `ScoreWeights::generic_skill` of its weight (none by default),
    /// and a match that shares only such skills never lifts a band.
    #[serde(default)]
    pub generic: bool,
    /// Match only with the exact capitalisation given.
    #[serde(default)]
    pub case_sensitive: bool,
    /// Count only when another skill is mentioned on the same or a neighbouring line.
    #[serde(default)]
    pub needs_context: bool,
    #[serde(default)]
    pub not_followed_by: Vec<String>,
    #[serde(default)]
    pub not_preceded_by: Vec<String>,
    /// Forms (exact capitalisation) that are also ordinary words or names: they count only
    /// with context, like every one-word form of a `needs_context` skill.
    #[serde(default)]
    pub ambiguous: Vec<String>,
    /// A model family: a form followed by a version or size ("Llama 3.1", "Qwen2.5-72B")
    /// names the model and needs no context.
    #[serde(default)]
    pub versioned: bool,
    /// An ambiguous form counts only when its line holds one of these words.
    #[serde(default)]
    pub only_with: Vec<String>,
    /// No form counts on a line that holds one of these words.
    #[serde(default)]
    pub not_with: Vec<String>,
    /// `not_followed_by`, `not_preceded_by` and `not_with` guard every form, not only the
    /// ambiguous ones ("classroom teaching assistant", "content negotiation").
    #[serde(default)]
    pub guard_all_forms: bool,
    /// Package names ending in this suffix (".jl") are mentions of the skill.
    #[serde(default)]
    pub package_suffix: Option<String>,
    /// Skills (ids) that a mention of this one also shows: Laravel is written in PHP, MySQL
    /// is a relational database. One level only: a broader skill has no broader of its own.
    #[serde(default)]
    pub broader: Vec<String>,
}

impl Skill {
    /// Whether `form` (one of the skill's surface forms) needs context to count: it is listed
    /// in `ambiguous`, or, when that list is empty, it is a capitalised word (letters only,
    /// capital first and only there) of a `needs_context` skill — "Spark" is, "PySpark",
    /// "Spark SQL" and "tokio" are not.
    pub(crate) fn is_ambiguous(&self, form: &str) -> bool {
        if !self.ambiguous.is_empty() {
            return self.ambiguous.iter().any(|a| a == form);
        }
        let mut chars = form.chars();
        let word = chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase);
        self.needs_context && word
    }

    /// The name and every alias: all the surface forms that mean this skill.
    pub(crate) fn surface_forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Category {
    #[serde(default = "default_anchor")]
    anchor: bool,
    /// The category's skills are the practices of one trade (nursing, teaching, marketing),
    /// so a skill of it that a resume shows is related to another that an opening asks for.
    #[serde(default)]
    trade: bool,
    skills: Vec<Skill>,
}

fn default_anchor() -> bool {
    true
}

/// Every known skill, by id, in a stable order.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub version: String,
    /// Words that mark a line as technical, which lets an ambiguous form count ("an R
    /// package", "the operator in Go"), lowercase.
    pub context_words: Vec<String>,
    skills: Vec<Skill>,
    by_id: HashMap<String, usize>,
}

impl Taxonomy {
    /// The built-in taxonomy: `catalog/skills.toml` and `catalog/esco.toml` together. Its
    /// version names both ("2026.12-5+esco-2026.12-2"), so that what was cached with the
    /// software skills alone is known to be stale.
    pub fn builtin() -> Result<Taxonomy, TaxonomyError> {
        let software = Self::parse(Path::new("catalog/skills.toml (built in)"), BUILTIN_SKILLS)?;
        let general = Self::parse(Path::new("catalog/esco.toml (built in)"), BUILTIN_ESCO)?;
        software.merged(general, Path::new("catalog/esco.toml (built in)"))
    }

    /// This taxonomy and `other` as one: skills of both, context words of both, the versions
    /// joined with "+". An id both hold is refused, named with `path`.
    pub(crate) fn merged(
        mut self,
        other: Taxonomy,
        path: &Path,
    ) -> Result<Taxonomy, TaxonomyError> {
        for skill in other.skills {
            if self.by_id.contains_key(&skill.id) {
                return Err(TaxonomyError::Invalid {
                    path: path.to_path_buf(),
                    id: skill.id,
                    message: "duplicate id".into(),
                });
            }
            self.by_id.insert(skill.id.clone(), self.skills.len());
            self.skills.push(skill);
        }
        for word in other.context_words {
            if !self.context_words.contains(&word) {
                self.context_words.push(word);
            }
        }
        self.version = format!("{}+{}", self.version, other.version);
        Ok(self)
    }

    /// Loads a taxonomy file in the same TOML format as the built-in one.
    pub fn load(path: &Path) -> Result<Taxonomy, TaxonomyError> {
        let text = std::fs::read_to_string(path).map_err(|source| TaxonomyError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(path, &text)
    }

    /// Parses and validates taxonomy TOML; `path` is only used in error messages.
    pub fn parse(path: &Path, text: &str) -> Result<Taxonomy, TaxonomyError> {
        let parse_err = |message: String| TaxonomyError::Parse {
            path: path.to_path_buf(),
            message,
        };
        let mut table: toml::Table = toml::from_str(text).map_err(|e| parse_err(e.to_string()))?;
        let version = match table.remove("version") {
            Some(toml::Value::String(v)) => v,
            _ => return Err(parse_err("missing `version = \"...\"`".into())),
        };
        let context_words = match table.remove("context_words") {
            None => Vec::new(),
            Some(toml::Value::Array(words)) => words
                .into_iter()
                .map(|w| match w {
                    toml::Value::String(w) => Ok(w.to_lowercase()),
                    _ => Err(parse_err("`context_words` must be strings".into())),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(parse_err("`context_words` must be a list of words".into())),
        };
        let categories: BTreeMap<String, Category> = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| parse_err(e.to_string()))?;
        let mut skills = Vec::new();
        for (category, group) in categories {
            for mut skill in group.skills {
                skill.category = category.clone();
                skill.anchors_context = group.anchor;
                skill.of_a_trade = group.trade;
                skills.push(skill);
            }
        }
        let mut by_id = HashMap::new();
        for (i, skill) in skills.iter().enumerate() {
            let invalid = |message: &str| TaxonomyError::Invalid {
                path: path.to_path_buf(),
                id: skill.id.clone(),
                message: message.to_string(),
            };
            if skill.id.trim().is_empty() || skill.name.trim().is_empty() {
                return Err(invalid("id and name must not be empty"));
            }
            if skill.surface_forms().any(|f| f.trim().is_empty()) {
                return Err(invalid("an alias is empty"));
            }
            if by_id.insert(skill.id.clone(), i).is_some() {
                return Err(invalid("duplicate id"));
            }
        }
        for skill in &skills {
            let invalid = |message: String| TaxonomyError::Invalid {
                path: path.to_path_buf(),
                id: skill.id.clone(),
                message,
            };
            for (i, id) in skill.broader.iter().enumerate() {
                if skill.broader[..i].contains(id) {
                    return Err(invalid(format!("`broader` names '{id}' twice")));
                }
                let Some(&target) = by_id.get(id) else {
                    return Err(invalid(format!(
                        "`broader` names '{id}', which is not a skill of this file"
                    )));
                };
                if id == &skill.id || !skills[target].broader.is_empty() {
                    return Err(invalid(format!(
                        "`broader` names '{id}', which is this skill or has a broader skill of its own (one level only)"
                    )));
                }
            }
        }
        Ok(Taxonomy {
            version,
            context_words,
            skills,
            by_id,
        })
    }

    pub fn get(&self, id: &str) -> Option<&Skill> {
        self.by_id.get(id).map(|&i| &self.skills[i])
    }

    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// The display name of a skill id (the id itself when unknown).
    pub fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.get(id).map_or(id, |s| s.name.as_str())
    }

    pub fn skills(&self) -> &[Skill] {
        &self.skills
    }

    pub fn len(&self) -> usize {
        self.skills.len()
    }

    pub fn is_empty(&self) -> bool {
        self.skills.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_taxonomy_is_valid_and_large() {
        let t = Taxonomy::builtin().unwrap();
        assert!(t.len() >= 400, "{} skills", t.len());
        assert_eq!(t.get("pytorch").unwrap().category, "ml-frameworks");
        assert_eq!(t.name("vercel-ai-sdk"), "Vercel AI SDK");
        assert!(t.version.contains("+esco-"), "{}", t.version);
    }

    #[test]
    fn the_general_skills_come_from_esco_and_never_anchor_or_repeat_a_software_form() {
        let t = Taxonomy::builtin().unwrap();
        let general: Vec<&Skill> = t.skills().iter().filter(|s| s.uri.is_some()).collect();
        assert!((150..=300).contains(&general.len()), "{}", general.len());
        let care = t.get("esco-patient-care").unwrap();
        assert_eq!(care.category, "health-care");
        assert!(care
            .uri
            .as_deref()
            .unwrap()
            .starts_with("http://data.europa.eu/esco/skill/"));
        let software: std::collections::HashSet<String> = t
            .skills()
            .iter()
            .filter(|s| s.uri.is_none())
            .flat_map(|s| s.surface_forms().map(str::to_lowercase))
            .collect();
        for skill in &general {
            assert!(!skill.anchors_context, "{} anchors", skill.id);
            for form in skill.surface_forms() {
                assert!(
                    !software.contains(&form.to_lowercase()),
                    "{}: '{form}' is a software form",
                    skill.id
                );
            }
        }
        let dup = "version = \"1\"\n[a]\nskills = [{ id = \"python\", name = \"P\" }]";
        let other = Taxonomy::parse(Path::new("x.toml"), dup).unwrap();
        let err = Taxonomy::builtin()
            .unwrap()
            .merged(other, Path::new("x.toml"))
            .unwrap_err();
        assert!(err.to_string().contains("'python'"), "{err}");
    }

    #[test]
    fn duplicate_ids_and_unknown_fields_name_the_file_and_skill() {
        let dup = "version = \"1\"\n[a]\nskills = [{ id = \"x\", name = \"X\" }, { id = \"x\", name = \"Y\" }]";
        let err = Taxonomy::parse(Path::new("mine.toml"), dup).unwrap_err();
        assert!(
            err.to_string().contains("mine.toml") && err.to_string().contains("'x'"),
            "{err}"
        );
        let unknown = "version = \"1\"\n[a]\nskills = [{ id = \"x\", name = \"X\", colour = 1 }]";
        let err = Taxonomy::parse(Path::new("mine.toml"), unknown).unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
    }

    #[test]
    fn a_broader_skill_must_exist_and_stand_one_level_up() {
        let parse = |skills: &str| {
            Taxonomy::parse(
                Path::new("mine.toml"),
                &format!("version = \"1\"\n[a]\nskills = [{skills}]"),
            )
        };
        let ok = parse(r#"{ id = "x", name = "X", broader = ["y"] }, { id = "y", name = "Y" }"#);
        assert_eq!(ok.unwrap().get("x").unwrap().broader, ["y"]);
        for bad in [
            r#"{ id = "x", name = "X", broader = ["nowhere"] }"#,
            r#"{ id = "x", name = "X", broader = ["x"] }"#,
            r#"{ id = "x", name = "X", broader = ["y", "y"] }, { id = "y", name = "Y" }"#,
            r#"{ id = "x", name = "X", broader = ["y"] }, { id = "y", name = "Y", broader = ["z"] }, { id = "z", name = "Z" }"#,
        ] {
            let err = parse(bad).unwrap_err().to_string();
            assert!(
                err.contains("mine.toml") && err.contains("`broader`"),
                "{err}"
            );
        }
    }

    #[test]
    fn which_forms_are_ambiguous() {
        let t = Taxonomy::builtin().unwrap();
        let spark = t.get("spark").unwrap();
        assert!(spark.is_ambiguous("Spark"));
        assert!(!spark.is_ambiguous("PySpark") && !spark.is_ambiguous("Spark SQL"));
        let rust = t.get("rust").unwrap();
        assert!(rust.is_ambiguous("Rust") && !rust.is_ambiguous("tokio"));
        // An explicit list replaces the default rule.
        let snowflake = t.get("snowflake").unwrap();
        assert!(snowflake.is_ambiguous("Snowflake") && !snowflake.is_ambiguous("Snowpark"));
        let python = t.get("python").unwrap();
        assert!(python.is_ambiguous("Python"));
        assert!(!t.get("pytorch").unwrap().is_ambiguous("PyTorch"));
        assert!(t.context_words.contains(&"cli".to_string()));
    }

    #[test]
    fn context_words_must_be_a_list_of_words() {
        let bad = "version = \"1\"\ncontext_words = \"cli\"\n[a]\nskills = []";
        let err = Taxonomy::parse(Path::new("mine.toml"), bad).unwrap_err();
        assert!(err.to_string().contains("context_words"), "{err}");
        let good = "version = \"1\"\ncontext_words = [\"CLI\"]\n[a]\nskills = []";
        assert_eq!(
            Taxonomy::parse(Path::new("m"), good).unwrap().context_words,
            vec!["cli"]
        );
    }
}
