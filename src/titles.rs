//! Short inputs — a job title, a one-line query — matched against a catalog the way title
//! search works: the embedding cosine plus character n-gram overlap, each taken against the
//! entry's text and against the best of its aliases.
//!
//! `similarity = mix(cosine) + lexical × mix(n-gram)`, where for each signal
//! `mix(s) = (1 − alias) × s(text) + alias × max(s(text), s(best alias))`. An entry without
//! aliases scores on its text alone; a catalog without aliases is plain hybrid search.

use serde::Serialize;

use crate::catalog::Catalog;
use crate::lexical::CharNgramIndex;
use crate::read::Document;
use crate::vector::dot;

/// Inputs of at most this many words, on one line, are matched as titles.
pub(crate) const TITLE_MAX_WORDS: usize = 16;

/// Whether `document` is a title or a one-line query rather than a resume.
pub(crate) fn is_short_input(document: &Document) -> bool {
    let mut lines = document.text().lines().filter(|l| !l.trim().is_empty());
    let Some(line) = lines.next() else {
        return false;
    };
    lines.next().is_none() && line.split_whitespace().count() <= TITLE_MAX_WORDS
}

/// How much each signal counts. One default serves every catalog: it is the midpoint of what
/// the tuning halves of the two public sets chose (ESCO lexical 0.2, alias 0.25; BLS 0.1,
/// 0.75), never fitted on the held-out halves the README reports.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TitleWeights {
    pub lexical: f32,
    pub alias: f32,
}

impl Default for TitleWeights {
    fn default() -> Self {
        TitleWeights {
            lexical: 0.15,
            alias: 0.5,
        }
    }
}

/// One entry's title similarity and its parts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TitleScore {
    pub similarity: f32,
    /// Cosine with the entry's text.
    pub cosine: f32,
    /// Character n-gram similarity with the entry's text.
    pub lexical: f32,
    /// The alias that scored above the text, if one did.
    pub alias: Option<String>,
}

/// The catalog's texts and aliases, ready for title matching.
pub(crate) struct TitleIndex {
    text_lexical: CharNgramIndex,
    aliases: Vec<String>,
    alias_owner: Vec<usize>,
    alias_vectors: Vec<Vec<f32>>,
    alias_lexical: CharNgramIndex,
}

impl TitleIndex {
    /// Every alias of `catalog`, in role order: the role it belongs to and its text.
    pub(crate) fn aliases_of(catalog: &Catalog) -> Vec<(usize, String)> {
        catalog
            .roles
            .iter()
            .enumerate()
            .flat_map(|(i, role)| role.aliases.iter().map(move |a| (i, a.clone())))
            .collect()
    }

    /// `alias_vectors` are the embeddings of [`TitleIndex::aliases_of`], in its order.
    pub fn new(catalog: &Catalog, alias_vectors: Vec<Vec<f32>>) -> Self {
        let texts: Vec<String> = catalog.roles.iter().map(|r| r.embedding_text()).collect();
        let (alias_owner, aliases): (Vec<usize>, Vec<String>) =
            Self::aliases_of(catalog).into_iter().unzip();
        TitleIndex {
            text_lexical: CharNgramIndex::new(&texts),
            alias_lexical: CharNgramIndex::new(&aliases),
            aliases,
            alias_owner,
            alias_vectors,
        }
    }

    /// The title similarity of `query` (its text and vector) to every role, in role order.
    pub(crate) fn score_all(
        &self,
        role_vectors: &[Vec<f32>],
        query_vector: &[f32],
        query: &str,
        weights: TitleWeights,
    ) -> Vec<TitleScore> {
        let text_lexical = self.text_lexical.scores(query);
        let alias_lexical = self.alias_lexical.scores(query);
        // The best alias of each role by cosine and by n-grams.
        let mut best_dense: Vec<Option<(f32, usize)>> = vec![None; role_vectors.len()];
        let mut best_lexical = vec![0.0f32; role_vectors.len()];
        for (k, &owner) in self.alias_owner.iter().enumerate() {
            let cosine = dot(query_vector, &self.alias_vectors[k]);
            if best_dense[owner].is_none_or(|(best, _)| cosine > best) {
                best_dense[owner] = Some((cosine, k));
            }
            best_lexical[owner] = best_lexical[owner].max(alias_lexical[k]);
        }
        let a = weights.alias;
        role_vectors
            .iter()
            .enumerate()
            .map(|(i, vector)| {
                let cosine = dot(query_vector, vector);
                let lexical = text_lexical[i];
                let (dense, alias) = match best_dense[i] {
                    Some((alias_cosine, k)) => (
                        (1.0 - a) * cosine + a * cosine.max(alias_cosine),
                        (alias_cosine > cosine).then(|| self.aliases[k].clone()),
                    ),
                    None => (cosine, None),
                };
                let lexical_mix = if best_dense[i].is_some() {
                    (1.0 - a) * lexical + a * lexical.max(best_lexical[i])
                } else {
                    lexical
                };
                TitleScore {
                    similarity: dense + weights.lexical * lexical_mix,
                    cosine,
                    lexical,
                    alias,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Role;
    use crate::read::document_from_text;

    #[test]
    fn titles_are_one_short_line() {
        assert!(is_short_input(&document_from_text(
            "q",
            "Senior ICU nurse\n"
        )));
        assert!(!is_short_input(&document_from_text("q", "Nurse\nChef")));
        assert!(!is_short_input(&document_from_text("q", "   \n")));
        let long = "word ".repeat(TITLE_MAX_WORDS + 1);
        assert!(!is_short_input(&document_from_text("q", &long)));
    }

    #[test]
    fn an_alias_lifts_its_entry_and_is_named() {
        let mut nurse = Role::new(
            "nurse".into(),
            "Registered nurse".into(),
            "Cares for patients.".into(),
        );
        nurse.aliases = vec!["Staff nurse".into()];
        let chef = Role::new("chef".into(), "Chef".into(), "Cooks.".into());
        let catalog = Catalog {
            version: "t".into(),
            roles: vec![nurse, chef],
        };
        // Two-dimensional vectors: the query sits on the alias, away from both texts.
        let roles = vec![vec![0.0, 1.0], vec![1.0, 0.0]];
        let index = TitleIndex::new(&catalog, vec![vec![0.6, 0.8]]);
        let query = [0.6, 0.8];
        let plain = index.score_all(
            &roles,
            &query,
            "staff nurse",
            TitleWeights {
                lexical: 0.0,
                alias: 0.0,
            },
        );
        let with = index.score_all(
            &roles,
            &query,
            "staff nurse",
            TitleWeights {
                lexical: 0.0,
                alias: 1.0,
            },
        );
        assert!((plain[0].similarity - 0.8).abs() < 1e-6);
        assert!((with[0].similarity - 1.0).abs() < 1e-6);
        assert_eq!(with[0].alias.as_deref(), Some("Staff nurse"));
        assert_eq!(with[1].alias, None);
        // The n-gram signal rewards shared words.
        let lexical = index.score_all(
            &roles,
            &[0.0, 0.0],
            "registered nurse",
            TitleWeights {
                lexical: 1.0,
                alias: 0.0,
            },
        );
        assert!(lexical[0].similarity > lexical[1].similarity);
    }
}
