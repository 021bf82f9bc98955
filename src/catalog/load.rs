//! Reading a user's catalog file: TOML, JSON, JSON lines (one role per line), or CSV with id,
//! title and description columns.

use std::path::Path;

use serde::Deserialize;

use super::{Catalog, CatalogError, Role};
use crate::skills::Taxonomy;

/// The file formats a catalog can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogFormat {
    Toml,
    Json,
    JsonLines,
    Csv,
}

impl CatalogFormat {
    fn from_path(path: &Path) -> Option<CatalogFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "toml" => Some(CatalogFormat::Toml),
            "json" => Some(CatalogFormat::Json),
            "jsonl" | "ndjson" => Some(CatalogFormat::JsonLines),
            "csv" => Some(CatalogFormat::Csv),
            _ => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    #[serde(default)]
    version: Option<String>,
    #[serde(alias = "roles")]
    role: Vec<Role>,
}

/// Loads and validates a catalog file; its format comes from the extension.
pub fn load_catalog_file(path: &Path, taxonomy: &Taxonomy) -> Result<Catalog, CatalogError> {
    let format = CatalogFormat::from_path(path).ok_or_else(|| CatalogError::Parse {
        path: path.to_path_buf(),
        message: "unknown catalog format: use .toml, .json, .jsonl or .csv".into(),
    })?;
    let text = std::fs::read_to_string(path).map_err(|source| CatalogError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let catalog = parse_catalog(path, text, format)?;
    catalog.validate(path, taxonomy)?;
    Ok(catalog)
}

pub(super) fn parse_catalog(
    path: &Path,
    text: &str,
    format: CatalogFormat,
) -> Result<Catalog, CatalogError> {
    let parse_err = |message: String| CatalogError::Parse {
        path: path.to_path_buf(),
        message,
    };
    let file: CatalogFile = match format {
        CatalogFormat::Toml => toml::from_str(text).map_err(|e| parse_err(e.to_string()))?,
        CatalogFormat::Json => serde_json::from_str(text).map_err(|e| parse_err(e.to_string()))?,
        CatalogFormat::JsonLines => CatalogFile {
            version: None,
            role: text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(n, l)| {
                    serde_json::from_str(l).map_err(|e| parse_err(format!("line {}: {e}", n + 1)))
                })
                .collect::<Result<_, _>>()?,
        },
        CatalogFormat::Csv => CatalogFile {
            version: None,
            role: parse_csv(text).map_err(parse_err)?,
        },
    };
    let mut catalog = Catalog {
        version: String::new(),
        roles: file.role,
    };
    catalog.version = file
        .version
        .unwrap_or_else(|| format!("custom-{}", catalog.content_hash()));
    Ok(catalog)
}

/// A CSV with a header naming `title` and `description` (and optionally `id`), read with the
/// `csv` crate: quoted fields may hold commas, quotes and newlines; a UTF-8 BOM is skipped; an
/// error names the line it is on.
fn parse_csv(text: &str) -> Result<Vec<Role>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| e.to_string())?.clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let title = col("title").ok_or("CSV header needs a 'title' column")?;
    let description = col("description").ok_or("CSV header needs a 'description' column")?;
    let id = col("id");
    let mut roles = Vec::new();
    for row in reader.records() {
        let row = row.map_err(|e| e.to_string())?;
        let line = row.position().map_or(0, |p| p.line());
        if row.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |i: usize| row.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
        let title = field(title);
        let id = id
            .map(field)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| slug(&title));
        if title.is_empty() {
            return Err(format!("line {line}: empty title"));
        }
        roles.push(Role::new(id, title, field(description)));
    }
    Ok(roles)
}

fn slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn taxonomy() -> Taxonomy {
        Taxonomy::builtin().unwrap()
    }

    #[test]
    fn csv_catalog_with_quotes_loads() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("roles.csv");
        std::fs::write(
            &p,
            "title,description\nData Engineer,\"Builds pipelines, \"\"reliably\"\"\"\n\n",
        )
        .unwrap();
        let c = load_catalog_file(&p, &taxonomy()).unwrap();
        assert_eq!(c.roles[0].id, "data-engineer");
        assert_eq!(c.roles[0].description, "Builds pipelines, \"reliably\"");
        assert!(c.version.starts_with("custom-"));
    }

    #[test]
    fn csv_catalog_with_bom_quoted_newlines_and_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("roles.csv");
        std::fs::write(
            &p,
            "\u{feff}id,title,description\nml,ML Engineer,\"Trains models.\nShips them.\"\nx,,no title here\n",
        )
        .unwrap();
        let msg = load_catalog_file(&p, &taxonomy()).unwrap_err().to_string();
        assert!(
            msg.contains("roles.csv") && msg.contains("line 4: empty title"),
            "{msg}"
        );
        std::fs::write(
            &p,
            "\u{feff}id,title,description\nml,ML Engineer,\"Trains models.\nShips them.\"\n",
        )
        .unwrap();
        let c = load_catalog_file(&p, &taxonomy()).unwrap();
        assert_eq!(c.roles[0].id, "ml");
        assert_eq!(c.roles[0].description, "Trains models.\nShips them.");
    }

    #[test]
    fn jsonl_catalog_loads_one_role_per_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("occupations.jsonl");
        std::fs::write(
            &p,
            "{\"id\":\"a\",\"title\":\"Baker\",\"description\":\"Bakes\",\"aliases\":[\"Boulanger\"]}\n\n{\"id\":\"b\",\"title\":\"Cook\",\"description\":\"Cooks\"}\n",
        )
        .unwrap();
        let c = load_catalog_file(&p, &taxonomy()).unwrap();
        assert_eq!(c.roles.len(), 2);
        assert_eq!(c.roles[0].aliases, vec!["Boulanger".to_string()]);
        std::fs::write(&p, "{\"id\":\"a\"}\n").unwrap();
        let msg = load_catalog_file(&p, &taxonomy()).unwrap_err().to_string();
        assert!(msg.contains("line 1"), "{msg}");
    }

    #[test]
    fn validation_errors_name_file_role_and_field() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("roles.json");
        std::fs::write(
            &p,
            r#"{"roles":[{"id":"a","title":"A","description":"d","core_skills":["telepathy"]}]}"#,
        )
        .unwrap();
        let msg = load_catalog_file(&p, &taxonomy()).unwrap_err().to_string();
        assert!(
            msg.contains("roles.json")
                && msg.contains("'a'")
                && msg.contains("core_skills")
                && msg.contains("telepathy"),
            "{msg}"
        );

        std::fs::write(&p, r#"{"roles":[{"id":"a","title":"A","description":"d"},{"id":"a","title":"B","description":"d"}]}"#).unwrap();
        let msg = load_catalog_file(&p, &taxonomy()).unwrap_err().to_string();
        assert!(msg.contains("duplicate id"), "{msg}");

        let p = dir.path().join("roles.toml");
        std::fs::write(&p, "[[role]]\nid = \"a\"\ntitle = \"A\"\n").unwrap();
        let msg = load_catalog_file(&p, &taxonomy()).unwrap_err().to_string();
        assert!(
            msg.contains("roles.toml") && msg.contains("description"),
            "{msg}"
        );
    }
}
