//! One engine behind every door: the command line, the HTTP server and the tests all call a
//! [`Workspace`]. It holds the reader, the catalog, the skill extractor and (loaded on first
//! use, once) the model and the role index, and it knows where pools live. The doors only
//! turn arguments or requests into these calls, and results into output.

mod audit;
mod candidates;
mod duties;
mod error;
mod evaluate;
mod inputs;
mod intake;
mod openings;
mod pools;
pub use pools::{Compaction, Revealed};
mod recorded;

pub use crate::doc_kind::NotResume;
pub use audit::{AuditCheck, AuditOutcome};
pub use duties::{PoolPurge, PurgeReport, Rescored};
pub use error::AppError;
pub use evaluate::{EvalOutcome, Evaluated, Evaluation};
pub use inputs::{read_files, read_queries, read_summary, Inputs, MAX_QUERIES_BYTES};
pub use intake::{Duplicate, IngestOptions, IngestReport};
pub use openings::DecisionRequest;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::audit::{AuditLog, Event, Ranked, Subject};
use crate::catalog::{load_catalog_file, Catalog, Role};
use crate::embed::{select_device, BertEmbedder, DeviceChoice, Embedder, Precision};
use crate::matcher::{Matcher, MatcherOptions, ResumeReport};
use crate::model_store::{self, ModelManifest, StoreConfig, DEFAULT_MODEL_ID};
use crate::output::RankRun;
use crate::pool::postgres::PgStore;
use crate::pool::{DiskPools, PoolStorage};
use crate::rank::{job_as_role, CandidateMatch};
use crate::read::{ChildCommand, Document, FileError, Limits, Reader};
use crate::score::ScoreWeights;
use crate::selection::Selection;
use crate::skills::{SkillExtractor, Taxonomy};

/// Which model runs, and where.
#[derive(Debug, Clone, Default)]
pub struct ModelSettings {
    /// Use the model files in this folder and nothing else.
    pub model_dir: Option<PathBuf>,
    /// Never use the network, even where the environment would allow it.
    pub offline: bool,
    pub device: DeviceChoice,
    pub precision: Precision,
}

/// Everything a [`Workspace`] is opened with.
#[derive(Debug, Clone)]
pub struct WorkspaceConfig {
    /// Holds `models/` (and `index/` unless `index_dir` says otherwise).
    pub home: PathBuf,
    /// Holds `pools/` and the role-vector cache.
    pub index_dir: PathBuf,
    pub model: ModelSettings,
    /// The child process that parses PDF, DOCX/ODT and HTML, with its limits; `None` parses
    /// in this process.
    pub parser: Option<(ChildCommand, Limits)>,
    /// A role catalog file instead of the built-in catalog.
    pub catalog_file: Option<PathBuf>,
    /// A skill taxonomy file instead of the built-in one.
    pub skills_file: Option<PathBuf>,
    /// A PostgreSQL URL: pools live in that database instead of `index_dir/pools/`.
    pub store: Option<StoreUrl>,
    /// Where matches, rankings and pool changes are recorded; `None` records nothing.
    pub audit: Option<AuditLog>,
    /// Who the records name: the OS user, or `api` for the server.
    pub actor: String,
    /// Read what links in a folder point to even outside the folder.
    pub follow_links: bool,
}

impl WorkspaceConfig {
    /// Defaults under `home`: `home/index`, the default model, parsing in this process.
    pub fn new(home: &Path) -> Self {
        WorkspaceConfig {
            home: home.to_path_buf(),
            index_dir: home.join("index"),
            model: ModelSettings::default(),
            parser: None,
            catalog_file: None,
            skills_file: None,
            store: None,
            audit: None,
            actor: "unknown".into(),
            follow_links: false,
        }
    }
}

/// The URL of a pool store. It may hold a password, so its `Debug` form shows none of it.
#[derive(Clone)]
pub struct StoreUrl(pub String);

impl std::fmt::Debug for StoreUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoreUrl(..)")
    }
}

/// The opening candidates are ranked for.
#[derive(Debug, Clone)]
pub enum Opening {
    /// A role of the catalog, by id.
    Role(String),
    /// A job posting's text: its first line is the title, every skill it names a core skill.
    Job(Document),
    /// A job posting in a file, read by the workspace's reader.
    JobFile(PathBuf),
    /// An opening saved with the pool, by name: ranked again for what it was saved with.
    Saved(String),
}

/// Where the candidates of a ranking come from.
#[derive(Debug, Clone)]
pub enum Candidates {
    /// A stored pool, by name.
    Pool(String),
    /// The resumes of a folder, read and analysed for this ranking only.
    Folder(PathBuf),
}

/// A ranking asked for: an opening, the candidates, how many to keep and whether the ranking
/// must be blind.
#[derive(Debug, Clone)]
pub struct RankRequest {
    pub opening: Opening,
    pub candidates: Candidates,
    pub selection: Selection,
    pub blind: bool,
    /// Keep this ranking as a run of the opening of this name (a pool's only).
    pub save_as: Option<String>,
}

/// A ranking and what it was made with.
#[derive(Debug, Clone)]
pub struct Ranking {
    pub model: String,
    pub catalog_version: String,
    /// The candidates' identity cues were replaced before they were embedded.
    pub blind: bool,
    pub selection: Selection,
    pub role: Role,
    pub pool: String,
    /// Candidates in the pool (or, from PostgreSQL, those it proposed for the opening).
    pub pool_size: usize,
    pub candidates: Vec<CandidateMatch>,
    /// The content hash of each ranked candidate, in the same order.
    pub content_hashes: Vec<String>,
    /// The opening this ranking was kept as a run of.
    pub opening: Option<String>,
    /// When it was made (UTC).
    pub ranked_at: String,
    /// The decisions on the opening's candidates so far, oldest first.
    pub decisions: Vec<crate::pool::openings::Decision>,
    /// Resumes left out as the same resume as a better-ranked candidate.
    pub near_duplicates: Vec<crate::rank::NearDuplicate>,
    /// Files of a folder ranked without a pool that read as something other than a resume
    /// (a pool's are named when they are added).
    pub not_resumes: Vec<NotResume>,
    pub errors: Vec<FileError>,
}

impl Ranking {
    /// No candidate of this ranking fits its opening well (see [`crate::rank::nobody_fits`]).
    pub(crate) fn nobody_fits(&self) -> bool {
        crate::rank::nobody_fits(&self.role, &self.candidates)
    }

    /// The ranking as the renderers take it.
    pub fn run(&self) -> RankRun<'_> {
        let nobody_fits = self.nobody_fits();
        RankRun {
            rolematch_version: env!("CARGO_PKG_VERSION"),
            model: &self.model,
            catalog_version: &self.catalog_version,
            blind: self.blind,
            settings: crate::output::RunSettings::of(self.selection),
            oversight: crate::output::OVERSIGHT_NOTICE,
            role_id: &self.role.id,
            role_title: &self.role.title,
            pool: &self.pool,
            opening: self.opening.as_deref(),
            ranked_at: &self.ranked_at,
            decisions: &self.decisions,
            opening_language: self.role.language,
            opening_caution: crate::language::opening_caution(self.role.language),
            opening_warning: self
                .role
                .proxy_warning
                .clone()
                .or_else(|| crate::proxies::warning(&self.role)),
            nobody_fits,
            verdict: (nobody_fits && !self.candidates.is_empty())
                .then_some(crate::rank::NOBODY_FITS),
            candidates: &self.candidates,
            near_duplicates: &self.near_duplicates,
            not_resumes: &self.not_resumes,
            errors: &self.errors,
        }
    }
}

/// What `remove` did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Removal {
    pub removed: Vec<String>,
    pub unknown: Vec<String>,
    pub candidates_left: usize,
}

/// The engine: reader, catalog, skills, and the model with the role index once loaded.
pub struct Workspace {
    config: WorkspaceConfig,
    reader: Reader,
    catalog: Catalog,
    extractor: SkillExtractor,
    engine: OnceLock<Matcher>,
    loading: Mutex<()>,
    /// Where pools live: folders under the index folder, or the database `config.store`
    /// names.
    pools: Box<dyn PoolStorage>,
}

impl Workspace {
    /// Reads the catalog and the skill taxonomy; the model is loaded on first use.
    pub fn open(config: WorkspaceConfig) -> Result<Self, AppError> {
        let (taxonomy, catalog) = load_catalog(
            config.catalog_file.as_deref(),
            config.skills_file.as_deref(),
        )?;
        let reader = match &config.parser {
            Some((command, limits)) => Reader::isolated(command.clone(), *limits),
            None => Reader::in_process(),
        };
        let pools: Box<dyn PoolStorage> = match &config.store {
            Some(url) => Box::new(PgStore::new(&url.0).map_err(crate::Error::from)?),
            None => Box::new(DiskPools::new(&config.index_dir)),
        };
        Ok(Workspace {
            pools,
            extractor: SkillExtractor::new(taxonomy),
            config,
            reader,
            catalog,
            engine: OnceLock::new(),
            loading: Mutex::new(()),
        })
    }

    pub fn config(&self) -> &WorkspaceConfig {
        &self.config
    }

    /// The same workspace, recording nothing in the audit log.
    pub fn without_audit(mut self) -> Self {
        self.config.audit = None;
        self
    }

    /// The same workspace, with records naming `actor`.
    pub fn acting_as(mut self, actor: &str) -> Self {
        self.config.actor = actor.to_string();
        self
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn extractor(&self) -> &SkillExtractor {
        &self.extractor
    }

    pub fn reader(&self) -> &Reader {
        &self.reader
    }

    /// True once the model and the role index are loaded.
    pub(crate) fn is_loaded(&self) -> bool {
        self.engine.get().is_some()
    }

    /// The model and the role index, loaded (from `models/` and the role-vector cache) on the
    /// first call and shared after; concurrent first calls load once.
    pub fn engine(&self) -> Result<&Matcher, AppError> {
        if let Some(engine) = self.engine.get() {
            return Ok(engine);
        }
        let _one_loader = self.loading.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(engine) = self.engine.get() {
            return Ok(engine);
        }
        let embedder = load_embedder(&self.config.home, &self.config.model)?;
        let matcher = self.matcher(Box::new(embedder))?;
        Ok(self.engine.get_or_init(|| matcher))
    }

    /// The same workspace with `embedder` as its model, loaded now instead of from
    /// `models/`: a test's fake embedder, or a model a program has loaded itself.
    pub fn with_embedder(self, embedder: Box<dyn Embedder>) -> Result<Self, AppError> {
        let matcher = self.matcher(embedder)?;
        // A workspace just opened has no engine yet, so this always takes.
        let _ = self.engine.set(matcher);
        Ok(self)
    }

    /// The role index and scorer over `embedder`, with the role vectors cached in the index
    /// folder.
    fn matcher(&self, embedder: Box<dyn Embedder>) -> Result<Matcher, AppError> {
        let options = MatcherOptions {
            index_dir: Some(self.config.index_dir.clone()),
            ..MatcherOptions::default()
        };
        Ok(Matcher::new(
            embedder,
            self.catalog.clone(),
            self.extractor.clone(),
            options,
        )?)
    }

    /// The model's fingerprint (id, weights hash and precision), loading it if needed.
    pub fn model_fingerprint(&self) -> Result<String, AppError> {
        Ok(self.engine()?.embedder().fingerprint().to_string())
    }

    /// The best roles for each document, in input order; with `blind`, each document's
    /// identity cues are replaced before it is read for scoring (each report holds what was
    /// replaced). One audit record per document.
    pub fn match_documents(
        &self,
        documents: Vec<Document>,
        selection: Selection,
        blind: bool,
    ) -> Result<Vec<ResumeReport>, AppError> {
        let reports = self.engine()?.match_with(documents, selection, blind)?;
        self.record_matches(&reports, selection, blind)?;
        Ok(reports)
    }

    /// One audit record per matched document: its id and the content hash of the text that
    /// was scored, and the roles with their scores.
    pub(crate) fn record_matches(
        &self,
        reports: &[ResumeReport],
        selection: Selection,
        blind: bool,
    ) -> Result<(), AppError> {
        if self.config.audit.is_none() {
            return Ok(());
        }
        for report in reports {
            let ranked = report
                .matches
                .iter()
                .map(|m| Ranked {
                    id: m.role_id.clone(),
                    score: m.score,
                })
                .collect();
            let document = &report.document;
            let id = crate::pathname::path_text(document.path());
            let subjects = vec![subject(&id, document.text())];
            self.record("match", None, None, (selection, blind), subjects, ranked)?;
        }
        Ok(())
    }

    /// Appends one record to the audit log, when there is one. `pool` is the pool's name
    /// and the model it was built with, which is the record's model when none is loaded (a
    /// removal needs none); `run` is the selection and whether the texts were blind.
    fn record(
        &self,
        action: &str,
        pool: Option<(&str, &str)>,
        opening: Option<&str>,
        (selection, blind): (Selection, bool),
        subjects: Vec<Subject>,
        ranked: Vec<Ranked>,
    ) -> Result<(), AppError> {
        let Some(log) = &self.config.audit else {
            return Ok(());
        };
        let model = match (self.engine.get(), pool) {
            (Some(engine), _) => engine.embedder().fingerprint().to_string(),
            (None, Some((_, pool_model))) => pool_model.to_string(),
            (None, None) => String::new(),
        };
        let pool = pool.map(|(name, _)| name);
        let settings = serde_json::json!({
            "weights": ScoreWeights::default(),
            "top_k": selection.top_k(),
            "min_score": selection.min_score(),
            "blind": blind,
            "keep_duplicates": selection.keeps_duplicates(),
        });
        log.append(Event {
            action: action.to_string(),
            who: self.config.actor.clone(),
            pool: pool.map(str::to_string),
            opening: opening.map(str::to_string),
            catalog_version: self.catalog.version.clone(),
            model,
            settings,
            subjects,
            ranked,
            part: None,
            subject_hashes: None,
        })
        .map_err(AppError::Audit)?;
        Ok(())
    }

    /// The role an opening stands for.
    pub(crate) fn role_for(&self, opening: &Opening) -> Result<Role, AppError> {
        match opening {
            Opening::Role(id) => self
                .catalog
                .get(id)
                .cloned()
                .ok_or_else(|| AppError::UnknownRole(id.clone())),
            Opening::Job(posting) => Ok(job_as_role(posting, &self.extractor)),
            Opening::JobFile(path) => {
                let posting = self.reader.read(path).map_err(crate::Error::from)?;
                Ok(job_as_role(&posting, &self.extractor))
            }
            Opening::Saved(name) => Err(AppError::Request(format!(
                "opening '{name}' is kept with a pool: rank that pool"
            ))),
        }
    }
}

/// The skill taxonomy and the role catalog: the built-in ones, or the files given.
pub fn load_catalog(
    catalog_file: Option<&Path>,
    skills_file: Option<&Path>,
) -> Result<(Taxonomy, Catalog), crate::Error> {
    let taxonomy = match skills_file {
        Some(path) => Taxonomy::load(path)?,
        None => Taxonomy::builtin()?,
    };
    let catalog = match catalog_file {
        Some(path) => {
            let catalog = load_catalog_file(path, &taxonomy)?;
            for role in &catalog.roles {
                if let Some(warning) = crate::proxies::warning(role) {
                    tracing::warn!("{}: role '{}': {warning}", path.display(), role.id);
                }
            }
            catalog
        }
        None => Catalog::builtin(&taxonomy)?,
    };
    Ok((taxonomy, catalog))
}

/// An audit subject: an id and the blake3 of the text.
fn subject(id: &str, text: &str) -> Subject {
    Subject {
        id: id.to_string(),
        content_hash: crate::pool::content_hash(text),
    }
}

/// Finds, verifies and loads the model that `settings` name.
pub(crate) fn load_embedder(
    home: &Path,
    settings: &ModelSettings,
) -> Result<BertEmbedder, AppError> {
    let manifest = ModelManifest::find(DEFAULT_MODEL_ID).map_err(crate::Error::from)?;
    let files = model_store::resolve(&manifest, &store_config(home, settings))
        .map_err(crate::Error::from)?;
    tracing::debug!(
        "model files from {} ({})",
        files.dir.display(),
        files.source
    );
    let device = select_device(settings.device).map_err(crate::Error::from)?;
    BertEmbedder::load_with_precision(&files, &device, settings.precision).map_err(|source| {
        AppError::ModelLoad {
            dir: files.dir.clone(),
            source: Box::new(source.into()),
        }
    })
}

/// Where model files are looked for, and whether the network may be used.
pub fn store_config(home: &Path, settings: &ModelSettings) -> StoreConfig {
    let mut config = StoreConfig::new(home);
    config.model_dir = settings.model_dir.clone();
    if settings.offline {
        config.allow_network = false;
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_url_never_shows_in_debug_output() {
        let mut config = WorkspaceConfig::new(Path::new("."));
        config.store = Some(StoreUrl("postgres://u:s3cret@db/x".into()));
        assert!(!format!("{config:?}").contains("s3cret"));
    }

    #[test]
    fn opening_a_workspace_reads_the_catalog_but_not_the_model() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open(WorkspaceConfig::new(dir.path())).unwrap();
        assert!(!ws.is_loaded());
        assert!(ws.catalog().get("ml-engineer").is_some());
        assert!(matches!(
            ws.role_for(&Opening::Role("no-such-role".into())),
            Err(AppError::UnknownRole(_))
        ));
        assert!(ws.pool_names().unwrap().is_empty());
        assert!(matches!(
            ws.check_pool_name("../x"),
            Err(AppError::Pipeline(_))
        ));
    }

    #[test]
    fn a_workspace_with_a_fake_model_adds_ranks_and_removes_in_process() {
        use crate::embed::fake::FakeEmbedder;
        let home = tempfile::tempdir().unwrap();
        let mut config = WorkspaceConfig::new(home.path());
        config.audit = Some(AuditLog::under(home.path()));
        config.actor = "tester".into();
        let ws = Workspace::open(config)
            .unwrap()
            .with_embedder(Box::new(FakeEmbedder { dimensions: 64 }))
            .unwrap();
        assert!(ws.is_loaded());
        let documents = vec![
            (
                "voice.md".to_string(),
                crate::read::document_from_text(
                    "voice.md",
                    "Voice agents: Twilio telephony, Whisper speech recognition, WebRTC",
                ),
            ),
            (
                "chef.md".to_string(),
                crate::read::document_from_text("chef.md", "Pastry chef and baker"),
            ),
        ];
        let wait = std::time::Duration::from_secs(5);
        let added = ws
            .add_documents("p", documents, IngestOptions::default(), wait)
            .unwrap();
        assert_eq!(added.added, vec!["voice.md", "chef.md"]);
        let request = |candidates| RankRequest {
            opening: Opening::Role("voice-ai-engineer".into()),
            candidates,
            selection: Selection::rank_default(),
            blind: false,
            save_as: None,
        };
        let ranking = ws.rank(request(Candidates::Pool("p".into()))).unwrap();
        assert_eq!(ranking.candidates[0].candidate_id, "voice.md");
        assert_eq!((ranking.pool_size, ranking.pool.as_str()), (2, "p"));
        // A folder ranked without a pool ranks the same way.
        let folder = home.path().join("resumes");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("voice.md"), "Voice agents: Twilio telephony").unwrap();
        std::fs::write(
            folder.join("voice-copy.md"),
            "Voice agents: Twilio telephony",
        )
        .unwrap();
        std::fs::write(folder.join("empty.md"), "").unwrap();
        let from_folder = ws.rank(request(Candidates::Folder(folder))).unwrap();
        // The same text twice is one person: ranked once, the copy reported.
        assert_eq!(from_folder.candidates[0].candidate_id, "voice-copy.md");
        assert_eq!((from_folder.pool_size, from_folder.errors.len()), (1, 2));
        assert!(from_folder
            .errors
            .iter()
            .any(|e| e.error.contains("the same text as 'voice-copy.md'")));
        let removed = ws.remove("p", &["chef.md".into()], wait).unwrap();
        assert_eq!((removed.removed.len(), removed.candidates_left), (1, 1));
        // Every use case left its record, naming who ran it.
        let log = AuditLog::under(home.path());
        let actions: Vec<String> = log
            .records(None, None)
            .unwrap()
            .into_iter()
            .inspect(|r| assert_eq!(r.event.who, "tester"))
            .map(|r| r.event.action)
            .collect();
        assert_eq!(actions, vec!["pool.add", "rank", "rank", "pool.remove"]);
        assert!(log.verify().is_ok());
    }
}
