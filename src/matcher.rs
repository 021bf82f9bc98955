//! The matching pipeline in one place: embed resumes, retrieve the nearest roles from the HNSW
//! index, score and explain each candidate, keep the best. A short input (a title, a one-line
//! query) is scored against every role as a title instead (see [`crate::titles`]).

use std::path::PathBuf;

use serde::Serialize;

use crate::advice::{advise, Advice, AdviceBook};
use crate::analyze::{analyze, Analysis};
use crate::catalog::{Catalog, Role};
use crate::embed::Embedder;
use crate::index::{HnswIndex, HnswParams, IndexError, RoleVectors, VectorIndex};
use crate::read::Document;
use crate::score::{
    keep_best, retrieval_width, score_role, score_title, Match, ResumeEvidence, ScoreWeights,
};
use crate::selection::Selection;
use crate::skills::SkillExtractor;
use crate::titles::{is_short_input, TitleIndex, TitleWeights};
use crate::Error;

/// Settings of a [`Matcher`].
#[derive(Debug, Clone)]
pub struct MatcherOptions {
    /// Matches reported per resume, and the lowest score reported.
    pub selection: Selection,
    pub weights: ScoreWeights,
    /// How short inputs are matched as titles.
    pub titles: TitleWeights,
    /// Where the role-vector cache lives; `None` keeps it in memory only.
    pub index_dir: Option<PathBuf>,
}

impl Default for MatcherOptions {
    fn default() -> Self {
        MatcherOptions {
            selection: Selection::match_default(),
            weights: ScoreWeights::default(),
            titles: TitleWeights::default(),
            index_dir: None,
        }
    }
}

/// The result for one resume.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ResumeReport {
    #[serde(with = "crate::pathname::serde_path")]
    #[schema(value_type = String)]
    pub file: PathBuf,
    pub matches: Vec<Match>,
    /// The language the resume is written in, when it can be told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<crate::language::Language>,
    /// Why these scores should not be trusted as they stand (an unfilled template, a language
    /// the model does not read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caution: Option<String>,
    pub advice: Vec<Advice>,
    /// What blind mode replaced in this resume before it was matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redactions: Option<crate::redact::RedactionReport>,
    /// The text that was scored (redacted, when blind), for the audit record and the report.
    #[serde(skip)]
    pub document: Document,
}

/// Matches resumes against a catalog of roles.
pub struct Matcher {
    embedder: Box<dyn Embedder>,
    catalog: Catalog,
    extractor: SkillExtractor,
    role_index: HnswIndex,
    role_vectors: Vec<Vec<f32>>,
    titles: TitleIndex,
    advice: AdviceBook,
    options: MatcherOptions,
}

impl Matcher {
    /// Loads the role vectors from the cache (or embeds the catalog and caches it) and builds
    /// the role index.
    pub fn new(
        embedder: Box<dyn Embedder>,
        catalog: Catalog,
        extractor: SkillExtractor,
        options: MatcherOptions,
    ) -> Result<Self, Error> {
        let (role_vectors, alias_vectors) = role_vectors(embedder.as_ref(), &catalog, &options)?;
        let titles = TitleIndex::new(&catalog, alias_vectors);
        let role_index = HnswIndex::build(
            embedder.dimensions(),
            role_vectors.clone(),
            HnswParams::default(),
        )?;
        Ok(Matcher {
            embedder,
            catalog,
            extractor,
            role_index,
            role_vectors,
            titles,
            advice: AdviceBook::builtin(),
            options,
        })
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn extractor(&self) -> &SkillExtractor {
        &self.extractor
    }

    pub fn embedder(&self) -> &dyn Embedder {
        self.embedder.as_ref()
    }

    /// The best roles for each document, in input order, with the matcher's own selection.
    pub fn match_documents(&self, documents: Vec<Document>) -> Result<Vec<ResumeReport>, Error> {
        self.match_with(documents, self.selection(), false)
    }

    /// The best roles for each document, in input order, keeping what `selection` asks for;
    /// with `blind`, identity cues are replaced before anything is read for scoring.
    pub(crate) fn match_with(
        &self,
        documents: Vec<Document>,
        selection: Selection,
        blind: bool,
    ) -> Result<Vec<ResumeReport>, Error> {
        analyze(self.embedder.as_ref(), &self.extractor, documents, blind)?
            .into_iter()
            .map(|analysis| self.match_analysis(analysis, selection))
            .collect()
    }

    /// The matcher's default selection (its options' `top_k` and `min_score`).
    pub fn selection(&self) -> Selection {
        self.options.selection
    }

    /// The best roles for one analysed document. A document's embeddings do not depend on the
    /// documents embedded with it, so a server may embed many requests in one batch and score
    /// each with its own selection.
    pub(crate) fn match_analysis(
        &self,
        analysis: Analysis,
        selection: Selection,
    ) -> Result<ResumeReport, Error> {
        let taxonomy = self.extractor.taxonomy();
        let document = &analysis.document;
        let resume = ResumeEvidence::new(
            document,
            &analysis.embedding,
            &analysis.passages,
            &analysis.findings,
        );
        let top_k = selection.top_k();
        let scored: Vec<Match> = if is_short_input(document) {
            let titles = self.titles.score_all(
                &self.role_vectors,
                &analysis.embedding.vector,
                document.text().trim(),
                self.options.titles,
            );
            self.catalog
                .roles
                .iter()
                .zip(&titles)
                .map(|(role, title)| {
                    score_title(role, title, &resume, taxonomy, &self.options.weights)
                })
                .collect()
        } else {
            let candidates = self
                .role_index
                .search(&analysis.embedding.vector, retrieval_width(top_k))?;
            candidates
                .iter()
                .map(|n| {
                    score_role(
                        &self.catalog.roles[n.id],
                        &self.role_vectors[n.id],
                        &resume,
                        taxonomy,
                        &self.options.weights,
                    )
                })
                .collect()
        };
        let matches = keep_best(
            scored,
            |m| m.score,
            |m| &m.role_id,
            top_k,
            selection.min_score(),
        );
        // A template's sample text is nobody's background: no advice on it.
        let advice = if analysis.findings.placeholders.is_empty() {
            advise(
                document,
                &analysis.findings,
                &matches,
                &self.catalog,
                &self.advice,
            )
        } else {
            Vec::new()
        };
        let language = document.language();
        Ok(ResumeReport {
            file: document.path().to_path_buf(),
            matches,
            language,
            caution: crate::template::caution(&analysis.findings.placeholders)
                .or_else(|| crate::language::resume_caution(None, language)),
            advice,
            redactions: analysis.redactions,
            document: analysis.document,
        })
    }
}

/// One vector per text.
type Vectors = Vec<Vec<f32>>;

/// Role vectors and alias vectors (see [`TitleIndex::aliases_of`]) from the cache when it
/// matches this model and catalog; otherwise embedded now and cached (a corrupt or stale cache
/// is replaced).
fn role_vectors(
    embedder: &dyn Embedder,
    catalog: &Catalog,
    options: &MatcherOptions,
) -> Result<(Vectors, Vectors), Error> {
    let aliases = TitleIndex::aliases_of(catalog);
    let roles = catalog.roles.len();
    let hash = catalog.content_hash();
    let path = options
        .index_dir
        .as_ref()
        .map(|dir| RoleVectors::path(dir, &hash));
    if let Some(path) = &path {
        match RoleVectors::load(path, embedder.fingerprint(), embedder.dimensions(), &hash) {
            Ok(mut cache) if cache.vectors.len() == roles + aliases.len() => {
                let alias_vectors = cache.vectors.split_off(roles);
                return Ok((cache.vectors, alias_vectors));
            }
            Ok(_) => tracing::warn!("rebuilding the role index: the catalog's aliases changed"),
            Err(IndexError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            }
            Err(e) => tracing::warn!("rebuilding the role index: {e}"),
        }
    }
    tracing::info!("embedding {roles} roles and {} aliases", aliases.len());
    let mut texts: Vec<String> = catalog.roles.iter().map(Role::embedding_text).collect();
    texts.extend(aliases.iter().map(|(_, alias)| alias.clone()));
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut vectors: Vec<Vec<f32>> = embedder
        .embed_documents(&refs)?
        .into_iter()
        .map(|d| d.vector)
        .collect();
    if let Some(path) = &path {
        let cache = RoleVectors::new(
            embedder.fingerprint(),
            embedder.dimensions(),
            &catalog.version,
            &hash,
            catalog
                .roles
                .iter()
                .map(|r| r.id.clone())
                .chain(
                    aliases
                        .iter()
                        .map(|(i, alias)| format!("{}#alias:{alias}", catalog.roles[*i].id)),
                )
                .collect(),
            vectors.clone(),
        );
        if let Err(e) = cache.save(path) {
            tracing::warn!("could not cache role vectors: {e}");
        }
    }
    let alias_vectors = vectors.split_off(roles);
    Ok((vectors, alias_vectors))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::fake::FakeEmbedder;
    use crate::read::document_from_text;
    use crate::skills::Taxonomy;

    fn matcher(index_dir: Option<PathBuf>) -> Matcher {
        let taxonomy = Taxonomy::builtin().unwrap();
        let catalog = Catalog::builtin(&taxonomy).unwrap();
        let options = MatcherOptions {
            selection: Selection::new(5, 0.0).unwrap(),
            index_dir,
            ..MatcherOptions::default()
        };
        Matcher::new(
            Box::new(FakeEmbedder { dimensions: 256 }),
            catalog,
            SkillExtractor::new(taxonomy),
            options,
        )
        .unwrap()
    }

    #[test]
    fn same_input_gives_same_scores_and_order() {
        let doc = document_from_text("r", "Voice AI engineer: Twilio telephony, Whisper ASR, ElevenLabs TTS, real-time audio streaming");
        let a = matcher(None).match_documents(vec![doc.clone()]).unwrap();
        let b = matcher(None).match_documents(vec![doc]).unwrap();
        assert_eq!(a[0].matches, b[0].matches);
        assert_eq!(a[0].matches[0].role_id, "voice-ai-engineer");
        assert!(a[0].matches.len() <= 5);
    }

    /// The fake embedder, counting the texts it is asked to embed.
    struct Counting {
        inner: FakeEmbedder,
        texts: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    }

    impl Embedder for Counting {
        fn fingerprint(&self) -> &str {
            self.inner.fingerprint()
        }
        fn dimensions(&self) -> usize {
            self.inner.dimensions()
        }
        fn embed_documents(
            &self,
            texts: &[&str],
        ) -> Result<Vec<crate::embed::DocumentEmbedding>, crate::embed::EmbedError> {
            self.texts
                .fetch_add(texts.len(), std::sync::atomic::Ordering::SeqCst);
            self.inner.embed_documents(texts)
        }
    }

    /// A matcher over `index_dir`, and how many texts it embedded while starting.
    fn counted_matcher(index_dir: &std::path::Path) -> (Matcher, usize) {
        let taxonomy = Taxonomy::builtin().unwrap();
        let texts = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let embedder = Counting {
            inner: FakeEmbedder { dimensions: 256 },
            texts: texts.clone(),
        };
        let options = MatcherOptions {
            index_dir: Some(index_dir.to_path_buf()),
            ..MatcherOptions::default()
        };
        let m = Matcher::new(
            Box::new(embedder),
            Catalog::builtin(&taxonomy).unwrap(),
            SkillExtractor::new(taxonomy),
            options,
        )
        .unwrap();
        let count = texts.load(std::sync::atomic::Ordering::SeqCst);
        (m, count)
    }

    #[test]
    fn role_vectors_are_read_from_the_cache_and_a_corrupt_cache_is_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let (fresh, embedded) = counted_matcher(dir.path());
        let every_text =
            fresh.catalog().roles.len() + TitleIndex::aliases_of(fresh.catalog()).len();
        assert_eq!(
            embedded, every_text,
            "a cold start embeds every role and alias"
        );
        let (cached, embedded) = counted_matcher(dir.path());
        assert_eq!(
            embedded, 0,
            "a warm start reads the cache and embeds nothing"
        );
        assert_eq!(cached.role_vectors, fresh.role_vectors);

        let path = RoleVectors::path(dir.path(), &fresh.catalog().content_hash());
        std::fs::write(&path, b"{ not json").unwrap();
        let (rebuilt, embedded) = counted_matcher(dir.path());
        assert_eq!(embedded, every_text, "a corrupt cache is rebuilt");
        assert_eq!(rebuilt.role_vectors, fresh.role_vectors);
        let (_, embedded) = counted_matcher(dir.path());
        assert_eq!(embedded, 0, "and the rebuilt cache is used");
    }
}
