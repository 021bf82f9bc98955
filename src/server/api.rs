//! The HTTP routes: the page, `/health`, and the JSON API. Handlers translate requests into
//! [`Workspace`] calls and results into JSON; model and parser work runs on blocking threads
//! or the batcher, never on the async runtime. Each API handler carries its `#[utoipa::path]`
//! description, and its route is registered through it ([`api_routes`]), so the router and
//! the OpenAPI description ([`super::openapi`]) cannot differ.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State as Shared};
use axum::http::{header, StatusCode};
use axum::middleware::from_fn;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::assets;
use super::batcher::Batcher;
use super::errors::{self, internal, ApiError, ApiPath, ApiQuery, ErrorBody};
use super::limits::{self, ByteBudget, ServerLimits};
use super::security;
use super::uploads::{self, Form, UploadRoom};
use super::ServeConfig;
use crate::analyze::examine;
use crate::app::{Candidates, DecisionRequest, IngestOptions, RankRequest};
use crate::app::{Opening, Workspace};
use crate::output::{render_rank_csv, render_rank_xlsx};
use crate::read::{document_from_text, quality, Document, FileError};
use crate::selection::{Selection, MAX_K_PER_RESPONSE};

/// How long a pool upload waits for another writer (the CLI, say) before it answers 409.
const POOL_WAIT: Duration = Duration::from_secs(30);

/// What every handler shares.
pub(crate) struct State {
    workspace: Arc<Workspace>,
    batcher: Batcher,
    /// Private folder for uploads on their way to the parser; removed with the server.
    scratch: tempfile::TempDir,
    max_file_bytes: u64,
    limits: ServerLimits,
    /// Upload bytes on disk for all requests together.
    uploads: Arc<ByteBudget>,
    /// Parser child processes at once.
    parsers: Arc<tokio::sync::Semaphore>,
    /// Why the model could not be loaded, once that is known.
    load_failure: Arc<OnceLock<String>>,
}

impl State {
    pub fn new(
        workspace: Arc<Workspace>,
        load_failure: Arc<OnceLock<String>>,
        config: &ServeConfig,
    ) -> Result<State, std::io::Error> {
        Ok(State {
            load_failure,
            batcher: Batcher::start(
                workspace.clone(),
                config.batching,
                config.limits.batch_queue,
            ),
            workspace,
            scratch: tempfile::Builder::new()
                .prefix("rolematch-serve-")
                .tempdir()?,
            max_file_bytes: config.max_file_bytes,
            limits: config.limits,
            uploads: ByteBudget::new(config.limits.upload_budget_bytes),
            parsers: Arc::new(tokio::sync::Semaphore::new(
                config.limits.max_parsers.max(1),
            )),
        })
    }

    /// The workspace, once the model is loaded; 503 before, or when it cannot be loaded.
    fn ready(&self) -> Result<Arc<Workspace>, ApiError> {
        if self.workspace.is_loaded() {
            return Ok(self.workspace.clone());
        }
        Err(match self.load_failure.get() {
            Some(reason) => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "model_unavailable",
                reason.clone(),
            ),
            None => ApiError::loading(),
        })
    }
}

pub(super) type AppState = Arc<State>;

/// The routes that need no token: `/health`.
pub(super) fn open_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

/// The JSON API, each route registered with its handler's description.
pub(super) fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(roles))
        .routes(routes!(match_resume))
        .routes(routes!(rank))
        .routes(routes!(pools))
        .routes(routes!(pool))
        .routes(routes!(add_candidates))
        .routes(routes!(blind_copy))
        .routes(routes!(candidate, remove_candidate))
        .routes(routes!(openings))
        .routes(routes!(decide))
        .routes(routes!(decisions))
        .routes(routes!(explanation))
        .routes(routes!(openapi))
}

/// Every route behind the host check, with the API behind the same-origin and token guard.
pub(crate) fn router(state: State, config: &ServeConfig, hosts: security::HostPolicy) -> Router {
    let hosts = Arc::new(hosts);
    let token = config.token.clone();
    let requests = Arc::new(tokio::sync::Semaphore::new(
        config.limits.max_requests.max(1),
    ));
    let request_timeout = config.limits.request_timeout;
    let api = api_routes()
        .layer(from_fn(move |request, next| {
            limits::shed_load(requests.clone(), request_timeout, request, next)
        }))
        .layer(from_fn(move |request, next| {
            security::guard(token.clone(), request, next)
        }));
    let (described, _) = open_routes().merge(api).split_for_parts();
    // The page's own files are not part of the API description.
    Router::new()
        .route("/", get(|| async { assets::page() }))
        .route("/app.js", get(|| async { assets::script() }))
        .route("/app.css", get(|| async { assets::style() }))
        .merge(described)
        .fallback(|| async { ApiError::not_found("no such route") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this route does not take that method",
            )
        })
        .layer(DefaultBodyLimit::max(
            usize::try_from(config.max_request_bytes).unwrap_or(usize::MAX),
        ))
        .layer(from_fn(move |request, next| {
            security::host_guard(hosts.clone(), request, next)
        }))
        .layer(from_fn(security::headers))
        .with_state(Arc::new(state))
}

/// Runs blocking work (the model, a parser, the disk) off the async runtime.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|e| {
        Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            e.to_string(),
        ))
    })
}

/// What `GET /health` answers.
#[derive(Serialize, ToSchema)]
struct Health<'a> {
    status: HealthStatus,
    /// Why the model could not be loaded, when it could not.
    error: Option<&'a str>,
    version: &'static str,
    /// The model's fingerprint, once it is loaded.
    model: Option<String>,
    catalog_version: &'a str,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
enum HealthStatus {
    /// The model is loaded: requests that need it are answered.
    Ok,
    /// The model is still loading.
    Loading,
    /// The model could not be loaded; `error` says why.
    Failed,
}

#[utoipa::path(
    get,
    path = "/health",
    summary = "Version, model fingerprint and catalog version",
    description = "Needs no token. 503 while the model loads, or when it could not be loaded.",
    security(()),
    responses(
        (status = 200, description = "ready", body = Health),
        (status = 421, description = errors::WRONG_HOST, body = ErrorBody),
        (status = 503, description = "the model is still loading (`loading`) or could not be loaded (`failed`, with `error`)", body = Health),
    )
)]
async fn health(Shared(state): Shared<AppState>) -> Response {
    let ws = &state.workspace;
    let loaded = ws.is_loaded();
    let model = if loaded {
        ws.model_fingerprint().ok()
    } else {
        None
    };
    let failure = state.load_failure.get();
    let status = match (loaded, failure) {
        (true, _) => HealthStatus::Ok,
        (false, Some(_)) => HealthStatus::Failed,
        (false, None) => HealthStatus::Loading,
    };
    let body = Health {
        status,
        error: failure.map(String::as_str),
        version: env!("CARGO_PKG_VERSION"),
        model,
        catalog_version: &ws.catalog().version,
    };
    let status = if loaded {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

#[utoipa::path(
    get,
    path = "/api/roles",
    summary = "The role catalog",
    responses(
        (status = 200, description = "the catalog: version and roles", body = crate::catalog::Catalog),
        (status = 401, description = errors::UNAUTHORIZED, body = ErrorBody),
        (status = 403, description = errors::FORBIDDEN, body = ErrorBody),
        (status = 415, description = errors::UNSUPPORTED, body = ErrorBody),
        (status = 421, description = errors::WRONG_HOST, body = ErrorBody),
        (status = 503, description = errors::UNAVAILABLE, body = ErrorBody),
    )
)]
async fn roles(Shared(state): Shared<AppState>) -> Response {
    Json(state.workspace.catalog()).into_response()
}

#[utoipa::path(
    get,
    path = "/api/openapi.json",
    summary = "This description",
    responses(
        (status = 200, description = "OpenAPI 3.1", body = Object),
        (status = 401, description = errors::UNAUTHORIZED, body = ErrorBody),
        (status = 403, description = errors::FORBIDDEN, body = ErrorBody),
        (status = 415, description = errors::UNSUPPORTED, body = ErrorBody),
        (status = 421, description = errors::WRONG_HOST, body = ErrorBody),
        (status = 503, description = errors::UNAVAILABLE, body = ErrorBody),
    )
)]
async fn openapi() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        super::openapi::json(described_routes),
    )
        .into_response()
}

/// Every route the description covers: the open ones and the API's.
pub(super) fn described_routes() -> utoipa::openapi::OpenApi {
    open_routes().merge(api_routes()).into_openapi()
}

/// `POST /api/match` as JSON.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = MatchRequest)]
struct MatchBody {
    /// The resume's text (at most 40,000 characters).
    #[schema(min_length = 1, pattern = r"\S")]
    text: String,
    /// How many roles to answer with.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000, default = default_match_k)]
    k: Option<usize>,
    /// Drop roles whose raw score is below this; the default is where "partial" starts, as
    /// in `rolematch match`.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1, default = default_match_min_score)]
    min_score: Option<f32>,
}

/// `POST /api/match` as a multipart upload.
// This only describes the form; the handler reads it field by field.
#[derive(ToSchema)]
#[schema(as = MatchUpload)]
#[allow(dead_code)]
struct MatchForm {
    /// PDF, DOCX, ODT, RTF, DOC, HTML, Markdown or text.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    k: Option<usize>,
    min_score: Option<f32>,
}

fn default_match_k() -> usize {
    Selection::match_default().top_k()
}

fn default_match_min_score() -> f64 {
    rounded(Selection::match_default().min_score())
}

fn default_rank_k() -> usize {
    Selection::rank_default().top_k()
}

fn default_rank_min_score() -> f64 {
    rounded(Selection::rank_default().min_score())
}

/// A score as the description shows it: four decimals, as the calibration writes them.
fn rounded(score: f32) -> f64 {
    (f64::from(score) * 10_000.0).round() / 10_000.0
}

/// Whether the request body is multipart.
fn is_multipart(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// The JSON body of `request`, with the size limit and a 400 that says what is wrong.
async fn json_body<T: for<'de> Deserialize<'de>>(
    request: Request,
    limit: u64,
) -> Result<T, ApiError> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let bytes = axum::body::to_bytes(request.into_body(), limit)
        .await
        .map_err(|_| ApiError::too_large("the request is over the server's size limit"))?;
    serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_request(format!("bad JSON: {e}")))
}

async fn multipart_form(request: Request, state: &State) -> Result<Form, ApiError> {
    let multipart = Multipart::from_request(request, &())
        .await
        .map_err(|e| ApiError::bad_request(e.body_text()))?;
    let room = UploadRoom {
        scratch: state.scratch.path(),
        max_file_bytes: state.max_file_bytes,
        budget: &state.uploads,
    };
    uploads::read_form(multipart, &room).await
}

/// A selection from optional `k` and `min_score`, the rest from `defaults` (the CLI's for the
/// same job: [`Selection::match_default`] or [`Selection::rank_default`]), checked.
fn selection(
    k: Option<usize>,
    min_score: Option<f32>,
    defaults: Selection,
) -> Result<Selection, ApiError> {
    let top_k = k.unwrap_or(defaults.top_k());
    if top_k > MAX_K_PER_RESPONSE {
        return Err(ApiError::bad_request(format!(
            "k must be between 1 and {MAX_K_PER_RESPONSE} in one response, not {top_k}"
        )));
    }
    Selection::new(top_k, min_score.unwrap_or(defaults.min_score()))
        .map_err(|e| ApiError::bad_request(e.to_string()))
}

/// Text from a JSON field, within the resume text caps.
fn text_document(name: &str, text: &str) -> Result<Document, ApiError> {
    if text.trim().is_empty() {
        return Err(ApiError::bad_request(format!("{name}: the text is empty")));
    }
    quality::check_size(text)
        .map_err(|problem| ApiError::too_large(format!("{name}: {problem}")))?;
    // Text sent now was received now: "present" in its dates is this month.
    Ok(document_from_text(name, text).received_now())
}

/// One uploaded file of a form, parsed.
async fn one_upload(state: &AppState, form: &mut Form) -> Result<Document, ApiError> {
    if let Some(e) = form.too_large.first() {
        return Err(ApiError::too_large(e.error.clone()));
    }
    if let Some(e) = form.refused.first() {
        return Err(ApiError::bad_request(e.error.clone()));
    }
    let upload = form
        .files
        .pop()
        .ok_or_else(|| ApiError::bad_request("no field `file`"))?;
    let _parser = state.parsers.clone().acquire_owned().await;
    let state = state.clone();
    blocking(move || {
        uploads::parse(state.workspace.reader(), &upload).map_err(|e| ApiError::unreadable(&e))
    })
    .await
}

/// Options of `POST /api/match` in the query string.
#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
struct MatchOptions {
    /// Add `lines`: the text of each resume line the explanation names.
    #[serde(default)]
    with_lines: bool,
    /// Blind review: replace identity cues before matching; the answer adds `redactions`.
    #[serde(default)]
    blind: bool,
    /// Add `reading`: what was read from the resume, as `rolematch read --format json`
    /// prints it (language, sections, dated positions and years, the normalized text whose
    /// line numbers the explanation uses).
    #[serde(default)]
    with_text: bool,
    /// `html`: the job seeker's report (`rolematch match --format html`), a self-contained
    /// page that says which roles fit in words, what each rests on (quoted lines), the skills
    /// to learn next and the job titles to search for; every role is considered (`k` and
    /// `min_score` do not apply). JSON otherwise.
    #[serde(default)]
    #[param(inline)]
    format: Option<PageFormat>,
}

/// What `POST /api/match` answers with.
#[derive(Deserialize, ToSchema, Clone, Copy, PartialEq)]
#[serde(rename_all = "lowercase")]
enum PageFormat {
    Json,
    Html,
}

/// What a ranking or a list of decisions is answered with.
#[derive(Deserialize, ToSchema, Clone, Copy, PartialEq)]
#[serde(rename_all = "lowercase")]
enum TableFormat {
    Json,
    Csv,
}

#[utoipa::path(
    post,
    path = "/api/match",
    summary = "Rank the catalog's roles for one resume",
    params(MatchOptions),
    request_body(content(
        (MatchBody = "application/json"),
        (MatchForm = "multipart/form-data"),
    )),
    responses(
        (status = 200, description = "the resume's matches (JSON), or the report page (`format=html`)", content(
            (WithLines = "application/json"),
            (String = "text/html"),
        )),
        (status = 400, description = errors::BAD_REQUEST, body = ErrorBody),
        (status = 401, description = errors::UNAUTHORIZED, body = ErrorBody),
        (status = 403, description = errors::FORBIDDEN, body = ErrorBody),
        (status = 404, description = errors::NOT_FOUND, body = ErrorBody),
        (status = 409, description = errors::CONFLICT, body = ErrorBody),
        (status = 413, description = errors::TOO_LARGE, body = ErrorBody),
        (status = 415, description = errors::UNSUPPORTED, body = ErrorBody),
        (status = 421, description = errors::WRONG_HOST, body = ErrorBody),
        (status = 422, description = errors::UNPROCESSABLE, body = ErrorBody),
        (status = 500, description = errors::INTERNAL, body = ErrorBody),
        (status = 503, description = errors::UNAVAILABLE, body = ErrorBody),
        (status = 507, description = errors::NO_SPACE, body = ErrorBody),
    )
)]
async fn match_resume(
    Shared(state): Shared<AppState>,
    ApiQuery(options): ApiQuery<MatchOptions>,
    request: Request,
) -> Result<Response, ApiError> {
    let workspace = state.ready()?;
    let html = options.format == Some(PageFormat::Html);
    let (document, selection) = if is_multipart(&request) {
        let mut form = multipart_form(request, &state).await?;
        let k = parse_field(&form, "k")?;
        let min_score = parse_field(&form, "min_score")?;
        (
            one_upload(&state, &mut form).await?,
            selection(k, min_score, Selection::match_default())?,
        )
    } else {
        let body: MatchBody = json_body(request, state.limits.max_json_bytes).await?;
        (
            // Named for the person reading the answer: "Which roles fit your pasted resume".
            text_document("your pasted resume", &body.text)?,
            selection(body.k, body.min_score, Selection::match_default())?,
        )
    };
    // The report says which roles fit and which come closest: every role, weak ones too.
    let selection = if html {
        Selection::every(workspace.catalog().roles.len())
    } else {
        selection
    };
    let blind = options.blind;
    // Reading a document for skills (and replacing identity cues) is work for a blocking
    // thread, not the async runtime.
    let ws = workspace.clone();
    let examined = blocking(move || Ok(examine(document, ws.extractor(), blind))).await?;
    let mut reports = state.batcher.submit(vec![examined], selection).await?;
    let (ws, recorded) = (state.workspace.clone(), reports.clone());
    blocking(move || Ok(ws.record_matches(&recorded, selection, blind)?)).await?;
    let report = reports
        .pop()
        .ok_or_else(|| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "no result"))?;
    if html {
        let footer = format!(
            "Made by rolematch {} (role catalog {}) on the server you uploaded to; the resume was not sent anywhere else. The scores come from how similar the resume's text is to each role and from the skills it shows: read them as a guide to what to try next, not a verdict.",
            env!("CARGO_PKG_VERSION"),
            workspace.catalog().version
        );
        let page = crate::output::render_report_html(
            &[crate::output::ReportInput {
                report: &report,
                document: &report.document,
            }],
            workspace.catalog(),
            &footer,
        );
        return Ok((
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"rolematch-report.html\"",
                ),
            ],
            page,
        )
            .into_response());
    }
    let lines = options
        .with_lines
        .then(|| named_lines(&report.document, &report));
    let reading = options
        .with_text
        .then(|| crate::output::Reading::of(&report.document));
    json_response(&WithLines {
        report: &report,
        lines,
        reading,
    })
}

/// A match result as the CLI writes it (`rolematch match --format json`, for one resume),
/// with the named lines and what was read when asked for.
#[derive(Serialize, ToSchema)]
#[schema(as = MatchAnswer)]
struct WithLines<'a> {
    #[serde(flatten)]
    report: &'a crate::matcher::ResumeReport,
    /// With `with_lines=true`: the text of each line the explanations name, by line number.
    #[serde(skip_serializing_if = "Option::is_none")]
    lines: Option<std::collections::BTreeMap<usize, String>>,
    /// With `with_text=true`: what was read from the resume, as `rolematch read --format
    /// json` prints it.
    #[serde(skip_serializing_if = "Option::is_none")]
    reading: Option<crate::output::Reading<'a>>,
}

/// The text of every line the report's explanations name, by line number.
fn named_lines(
    document: &Document,
    report: &crate::matcher::ResumeReport,
) -> std::collections::BTreeMap<usize, String> {
    report
        .matches
        .iter()
        .flat_map(|m| &m.explanation.shared_skills)
        .flat_map(|skill| &skill.lines)
        .map(|&n| (n, document.line(n).to_string()))
        .collect()
}

/// `value` serialized as the CLI serializes it (fields in order, scores as f32), as JSON.
fn json_response(value: &impl serde::Serialize) -> Result<Response, ApiError> {
    let body = serde_json::to_string(value)
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string()))?;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// A form field parsed as `T`, when present.
fn parse_field<T: std::str::FromStr>(form: &Form, name: &str) -> Result<Option<T>, ApiError> {
    form.field(name)
        .filter(|v| !v.trim().is_empty())
        .map(|v| {
            v.trim()
                .parse()
                .map_err(|_| ApiError::bad_request(format!("field `{name}`: not a number")))
        })
        .transpose()
}

/// `POST /api/rank` as JSON: exactly one of `role_id` and `job_text` (with `opening`, the
/// ranking is kept as a run of that opening), or `opening` alone to run a saved opening
/// again with what it was saved with.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = RankRequest)]
struct RankBody {
    /// Letters, digits, '-', '_' and '.', not starting with '.', at most 128 characters.
    #[schema(pattern = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$")]
    pool: String,
    /// A role of the catalog.
    #[serde(default)]
    role_id: Option<String>,
    /// A job posting's text.
    #[serde(default)]
    #[schema(min_length = 1, pattern = r"\S")]
    job_text: Option<String>,
    /// An opening of this pool: kept (with `role_id` or `job_text`) or run again (alone).
    #[serde(default)]
    #[schema(pattern = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$")]
    opening: Option<String>,
    /// How many candidates to answer with.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000, default = default_rank_k)]
    k: Option<usize>,
    /// Drop candidates whose raw score is below this.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1, default = default_rank_min_score)]
    min_score: Option<f32>,
    /// Ask for a blind ranking: the pool must have been built blind (409 `not_blind`
    /// otherwise).
    #[serde(default)]
    blind: bool,
    /// Rank a resume whose wording is nearly all a better-ranked candidate's (the same resume
    /// in another format) instead of setting it aside under `near_duplicates` (for paired
    /// audits).
    #[serde(default)]
    keep_duplicates: bool,
}

/// `POST /api/rank` as a multipart form, with the posting as a file.
// This only describes the form; the handler reads it field by field.
#[derive(ToSchema)]
#[schema(as = RankUpload)]
#[allow(dead_code)]
struct RankForm {
    pool: String,
    role_id: Option<String>,
    job_text: Option<String>,
    /// A job posting.
    #[schema(value_type = Option<String>, format = Binary)]
    file: Option<Vec<u8>>,
    k: Option<usize>,
    min_score: Option<f32>,
    /// Ask for a blind pool (409 `not_blind` otherwise).
    #[schema(value_type = Option<FormFlag>)]
    blind: Option<String>,
    /// Rank near-duplicate resumes instead of setting them aside.
    #[schema(value_type = Option<FormFlag>)]
    keep_duplicates: Option<String>,
    /// Keep the ranking as a run of this opening; alone (no `role_id`, `job_text` or `file`),
    /// run the saved opening again.
    opening: Option<String>,
}

/// A yes-or-no form field.
#[derive(ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum FormFlag {
    True,
    False,
}

/// Options of `POST /api/rank` in the query string.
#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
struct RankOptions {
    /// `csv`: the ranking as the CLI's CSV (a download); `xlsx`: the same rows as a
    /// spreadsheet workbook; JSON otherwise.
    #[serde(default)]
    #[param(inline)]
    format: Option<RankFormat>,
}

/// What a ranking can be answered as.
#[derive(Deserialize, ToSchema, Clone, Copy, PartialEq)]
#[serde(rename_all = "lowercase")]
enum RankFormat {
    Json,
    Csv,
    Xlsx,
}

#[utoipa::path(
    post,
    path = "/api/rank",
    summary = "Rank a pool's candidates for a catalog role, a job posting or a saved opening",
    params(RankOptions),
    request_body(content(
        (RankBody = "application/json"),
        (RankForm = "multipart/form-data"),
    )),
    responses(
        (status = 200, description = "ranked candidates", content(
            (crate::output::RankRun = "application/json"),
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 400, description = errors::BAD_REQUEST, body = ErrorBody),
        (status = 401, description = errors::UNAUTHORIZED, body = ErrorBody),
        (status = 403, description = errors::FORBIDDEN, body = ErrorBody),
        (status = 404, description = errors::NOT_FOUND, body = ErrorBody),
        (status = 409, description = errors::CONFLICT, body = ErrorBody),
        (status = 413, description = errors::TOO_LARGE, body = ErrorBody),
        (status = 415, description = errors::UNSUPPORTED, body = ErrorBody),
        (status = 421, description = errors::WRONG_HOST, body = ErrorBody),
        (status = 422, description = errors::UNPROCESSABLE, body = ErrorBody),
        (status = 500, description = errors::INTERNAL, body = ErrorBody),
        (status = 503, description = errors::UNAVAILABLE, body = ErrorBody),
        (status = 507, description = errors::NO_SPACE, body = ErrorBody),
    )
)]
async fn rank(
    Shared(state): Shared<AppState>,
    ApiQuery(options): ApiQuery<RankOptions>,
    request: Request,
) -> Result<Response, ApiError> {
    let ws = state.ready()?;
    let format = options.format.unwrap_or(RankFormat::Json);
    let (pool, (opening, save_as), selection, blind) = if is_multipart(&request) {
        let mut form = multipart_form(request, &state).await?;
        let pool = form
            .field("pool")
            .ok_or_else(|| ApiError::bad_request("no field `pool`"))?
            .to_string();
        let chosen = selection(
            parse_field(&form, "k")?,
            parse_field(&form, "min_score")?,
            Selection::rank_default(),
        )?;
        let blind = form
            .field("blind")
            .is_some_and(|v| v == "true" || v == "on");
        let chosen = chosen.keeping_duplicates(
            form.field("keep_duplicates")
                .is_some_and(|v| v == "true" || v == "on"),
        );
        let name = form
            .field("opening")
            .filter(|o| !o.is_empty())
            .map(str::to_string);
        let has_job =
            form.field("job_text").is_some_and(|t| !t.trim().is_empty()) || !form.files.is_empty();
        let opening = match form.field("role_id").filter(|r| !r.is_empty()) {
            Some(_) if has_job => {
                return Err(ApiError::bad_request(
                    "give a role or a posting, not both: `role_id`, or `job_text` or a `file`",
                ))
            }
            Some(id) => (Opening::Role(id.to_string()), name),
            None => match form.field("job_text").filter(|t| !t.trim().is_empty()) {
                Some(text) => (Opening::Job(text_document("job posting", text)?), name),
                None if form.files.is_empty() && name.is_some() => {
                    (Opening::Saved(name.unwrap_or_default()), None)
                }
                None => (Opening::Job(one_upload(&state, &mut form).await?), name),
            },
        };
        (pool, opening, chosen, blind)
    } else {
        let body: RankBody = json_body(request, state.limits.max_json_bytes).await?;
        let opening = match (body.role_id, body.job_text, body.opening) {
            (Some(id), None, name) => (Opening::Role(id), name),
            (None, Some(text), name) => (Opening::Job(text_document("job posting", &text)?), name),
            (None, None, Some(name)) => (Opening::Saved(name), None),
            _ => {
                return Err(ApiError::bad_request(
                    "give exactly one of `role_id` and `job_text` (with `opening` to keep the \
                     ranking as one), or `opening` alone to run a saved opening again",
                ))
            }
        };
        let chosen = selection(body.k, body.min_score, Selection::rank_default())?
            .keeping_duplicates(body.keep_duplicates);
        (body.pool, opening, chosen, body.blind)
    };
    let run = blocking(move || {
        let ranking = ws.rank(RankRequest {
            opening,
            candidates: Candidates::Pool(pool),
            selection,
            blind,
            save_as,
        })?;
        let run = ranking.run();
        let parts = [run.opening.unwrap_or(run.role_id)];
        match format {
            RankFormat::Csv => Ok((
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        download_name("ranking", &parts).as_str(),
                    ),
                ],
                render_rank_csv(&run),
            )
                .into_response()),
            RankFormat::Xlsx => {
                let workbook = render_rank_xlsx(&run).map_err(|e| internal(e.to_string()))?;
                Ok((
                    [
                        (
                            header::CONTENT_TYPE,
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        ),
                        (
                            header::CONTENT_DISPOSITION,
                            download_name_as("ranking", &parts, "xlsx").as_str(),
                        ),
                    ],
                    workbook,
                )
                    .into_response())
            }
            RankFormat::Json => json_response(&run),
        }
    })
    .await?;
    Ok(run)
}

/// A pool, named in the path.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct PoolPath {
    /// Letters, digits, '-', '_' and '.', not starting with '.', at most 128 characters.
    #[param(pattern = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$")]
    name: String,
}

/// A candidate of a pool, named in the path.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct CandidatePath {
    /// Letters, digits, '-', '_' and '.', not starting with '.', at most 128 characters.
    #[param(pattern = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$")]
    name: String,
    /// The candidate's id: the name of the file it was added from, or its pseudonym.
    id: String,
}

/// An opening of a pool, named in the path.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct OpeningPath {
    /// Letters, digits, '-', '_' and '.', not starting with '.', at most 128 characters.
    #[param(pattern = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$")]
    name: String,
    /// Letters, digits, '-', '_' and '.', not starting with '.', at most 100 characters.
    #[param(pattern = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$")]
    opening: String,
}

/// A candidate of an opening, named in the path.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
struct OpeningCandidatePath {
    /// Letters, digits, '-', '_' and '.', not starting with '.', at most 128 characters.
    #[param(pattern = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$")]
    name: String,
    /// Letters, digits, '-', '_' and '.', not starting with '.', at most 100 characters.
    #[param(pattern = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$")]
    opening: String,
    /// The candidate's id as the opening's ranking shows it (in a blind pool, the pseudonym).
    id: String,
}

/// What `GET /api/pools` answers.
#[derive(Serialize, ToSchema)]
struct PoolNames {
    pools: Vec<String>,
}

#[utoipa::path(
    get,
    path = "/api/pools",
    summary = "Pool names",
    responses(
        (status = 200, description = "names", body = PoolNames),
        (status = 400, description = errors::BAD_REQUEST, body = ErrorBody),
        (status = 401, description = errors::UNAUTHORIZED, body = ErrorBody),
        (status = 403, description = errors::FORBIDDEN, body = ErrorBody),
        (status = 404, description = errors::NOT_FOUND, body = ErrorBody),
        (status = 409, description = errors::CONFLICT, body = ErrorBody),
        (status = 413, description = errors::TOO_LARGE, body = ErrorBody),
        (status = 415, description = errors::UNSUPPORTED, body = ErrorBody),
        (status = 421, description = errors::WRONG_HOST, body = ErrorBody),
        (status = 422, description = errors::UNPROCESSABLE, body = ErrorBody),
        (status = 500, description = errors::INTERNAL, body = ErrorBody),
        (status = 503, description = errors::UNAVAILABLE, body = ErrorBody),
    )
)]
async fn pools(Shared(state): Shared<AppState>) -> Result<Response, ApiError> {
    let ws = state.workspace.clone();
    let pools = blocking(move || Ok(ws.pool_names()?)).await?;
    Ok(Json(PoolNames { pools }).into_response())
}

/// What `GET /api/pools/{name}` answers.
#[derive(Serialize, ToSchema)]
struct PoolDetail {
    stats: crate::pool::PoolStats,
    candidates: Vec<PoolCandidate>,
}

/// A candidate of a pool: its id and the hash of its text.
#[derive(Serialize, ToSchema)]
struct PoolCandidate {
    id: String,
    content_hash: String,
}

#[utoipa::path(
    get,
    path = "/api/pools/{name}",
    summary = "A pool's stats and candidate ids",
    params(PoolPath),
    responses(
        (status = 200, description = "stats and candidates", body = PoolDetail),
        (status = 400, description = errors::BAD_REQUEST, body = ErrorBody),
        (status = 401, description = errors::UNAUTHORIZED, body = ErrorBody),
        (status = 403, description = errors::FORBIDDEN, body = ErrorBody),
        (status = 404, description = errors::NOT_FOUND, body = ErrorBody),
        (status = 409, description = errors::CONFLICT, body = ErrorBody),
        (status = 413, description = errors::TOO_LARGE, body = ErrorBody),
        (status = 415, description = errors::UNSUPPORTED, body = ErrorBody),
        (status = 421, description = errors::WRONG_HOST, body = ErrorBody),
        (status = 422, description = errors::UNPROCESSABLE, body = ErrorBody),
        (status = 500, description = errors::INTERNAL, body = ErrorBody),
        (status = 503, description = errors::UNAVAILABLE, body = ErrorBody),
    )
)]
async fn pool(
    Shared(state): Shared<AppState>,
    ApiPath(PoolPath { name }): ApiPath<PoolPath>,
) -> Result<Response, ApiError> {
    let ws = state.workspace.clone();
    let body = blocking(move || {
        let stats = ws.pool_stats(&name)?;
        let candidates = ws
            .pool_candidates(&name)?
            .into_iter()
            .map(|c| PoolCandidate {
                id: c.id,
                content_hash: c.content_hash,
            })
            .collect();
        Ok(PoolDetail { stats, candidates })
    })
    .await?;
    Ok(Json(body).into_response())
}

/// Options of `POST /api/pools/{name}/candidates` in the query string.
#[derive(Deserialize, Default, IntoParams)]
#[into_params(parameter_in = Query)]
struct AddOptions {
    /// Create the pool blind: identity cues replaced before anything is stored.
    #[serde(default)]
    blind: bool,
    /// Add a text the pool already holds under another name (left out and reported by
    /// default).
    #[serde(default)]
    keep_duplicates: bool,
}

/// `POST /api/pools/{name}/candidates`: the resumes, one `file` field each.
// This only describes the form; the handler reads it field by field.
#[derive(ToSchema)]
#[schema(as = CandidatesUpload)]
#[allow(dead_code)]
struct CandidatesForm {
    /// The resumes; each one's file name is its id in the pool.
    #[schema(value_type = Vec<String>, format = Binary)]
    file: Vec<Vec<u8>>,
}

/// What `POST /api/pools/{name}/candidates` answers: what was added, replaced, unchanged and
/// refused (with reasons).
#[derive(Serialize, ToSchema)]
#[schema(as = AddReport)]
struct AddAnswer {
    pool: String,
    added: Vec<String>,
    replaced: Vec<String>,
    unchanged: Vec<String>,
    /// Files left out because the pool holds the same text under another name (added anyway
    /// with `keep_duplicates=true`).
    duplicates: Vec<crate::app::Duplicate>,
    /// Files added that read as something other than a resume (a cover letter, a job
    /// posting, a transcript), with what was seen: for a person to check.
    not_resumes: Vec<crate::app::NotResume>,
    /// Files that were refused or could not be read, each with its reason; the others were
    /// added.
    refused: Vec<FileError>,
    /// Candidates in the pool afterwards; `null` when no file could be read.
    candidates: Option<usize>,
    /// The pool's generation committed last, if anything changed.
    generation: Option<u64>,
}

#[utoipa::path(
    post,
    path = "/api/pools/{name}/candidates",
    summary = "Add resumes (created when missing); the id of each is its file name",
    params(PoolPath, AddOptions),
    request_body(content = CandidatesForm, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "what was added, replaced, unchanged and refused (with reasons)", body = AddAnswer),
        (status = 400, description = errors::BAD_REQUEST, body = ErrorBody),
        (status = 401, description = errors::UNAUTHORIZED, body = ErrorBody),
        (status = 403, description = errors::FORBIDDEN, body = ErrorBody),
        (status = 404, description = errors::NOT_FOUND, body = ErrorBody),
        (status = 409, description = errors::CONFLICT, body = ErrorBody),
        (status = 413, description = errors::TOO_LARGE, body = ErrorBody),
        (status = 415, description = errors::UNSUPPORTED, body = ErrorBody),
        (status = 421, description = errors::WRONG_HOST, body = ErrorBody),
        (status = 422, description = errors::UNPROCESSABLE, body = ErrorBody),
        (status = 500, description = errors::INTERNAL, body = ErrorBody),
        (status = 503, description = errors::UNAVAILABLE, body = ErrorBody),
        (status = 507, description = errors::NO_SPACE, body = ErrorBody),
    )
)]
async fn add_candidates(
    Shared(state): Shared<AppState>,
    ApiPath(PoolPath { name }): ApiPath<PoolPath>,
    ApiQuery(options): ApiQuery<AddOptions>,
    request: Request,
) -> Result<Response, ApiError> {
    let ws = state.ready()?;
    state.workspace.check_pool_name(&name)?;
    if !is_multipart(&request) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "multipart_required",
            "send the resumes as multipart/form-data, one `file` field each",
        ));
    }
    let form = multipart_form(request, &state).await?;
    if form.files.is_empty() && form.refused.is_empty() && form.too_large.is_empty() {
        return Err(ApiError::bad_request("no field `file`"));
    }
    let parser = state.parsers.clone().acquire_owned().await;
    let report = blocking(move || {
        let _parser = parser;
        let Form {
            files,
            too_large,
            refused,
            ..
        } = form;
        let mut refused: Vec<FileError> = too_large.into_iter().chain(refused).collect();
        let mut documents = Vec::new();
        for upload in &files {
            match uploads::parse(ws.reader(), upload) {
                Ok(doc) => documents.push((upload.id.clone(), doc)),
                Err(e) => refused.push(FileError::from(&e)),
            }
        }
        drop(files);
        let nothing_read = documents.is_empty();
        let mut report = if nothing_read {
            crate::app::IngestReport::default()
        } else {
            let ingest = IngestOptions {
                blind: options.blind,
                keep_duplicates: options.keep_duplicates,
                ..IngestOptions::default()
            };
            ws.add_documents(&name, documents, ingest, POOL_WAIT)?
        };
        report.unreadable.extend(refused);
        Ok(AddAnswer {
            pool: name,
            added: report.added,
            replaced: report.replaced,
            unchanged: report.unchanged,
            duplicates: report.duplicates,
            not_resumes: report.not_resumes,
            refused: report.unreadable,
            candidates: (!nothing_read).then_some(report.candidates),
            generation: report.generation,
        })
    })
    .await?;
    Ok(Json(report).into_response())
}

/// What `POST /api/pools/{name}/blind-copy` takes.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
struct BlindCopyBody {
    /// The new blind pool's name: letters, digits, '-', '_' and '.', not starting with '.'.
    #[schema(pattern = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$")]
    into: String,
}

#[utoipa::path(
    post,
    path = "/api/pools/{name}/blind-copy",
    summary = "Make a blind copy of a pool: every candidate's text with its identity cues replaced, embedded again into a new blind pool under pseudonyms; the pool itself is left as it is",
    params(PoolPath),
    request_body(content = BlindCopyBody, content_type = "application/json"),
    responses(
        (status = 201, description = "the blind pool made, and what went into it", body = AddAnswer),
        (status = 400, description = errors::BAD_REQUEST, body = ErrorBody),
        (status = 401, description = errors::UNAUTHORIZED, body = ErrorBody),
        (status = 403, description = errors::FORBIDDEN, body = ErrorBody),
        (status = 404, description = errors::NOT_FOUND, body = ErrorBody),
        (status = 409, description = errors::CONFLICT, body = ErrorBody),
        (status = 413, description = errors::TOO_LARGE, body = ErrorBody),
        (status = 415, description = errors::UNSUPPORTED, body = ErrorBody),
        (status = 421, description = errors::WRONG_HOST, body = ErrorBody),
        (status = 422, description = errors::UNPROCESSABLE, body = ErrorBody),
        (status = 500, description = errors::INTERNAL, body = ErrorBody),
        (status = 503, description = errors::UNAVAILABLE, body = ErrorBody),
    )
)]
async fn blind_copy(
    Shared(state): Shared<AppState>,
    ApiPath(PoolPath { name }): ApiPath<PoolPath>,
    request: Request,
) -> Result<Response, ApiError> {
    let ws = state.ready()?;
    let body: BlindCopyBody = json_body(request, state.limits.max_json_bytes).await?;
    let answer = blocking(move || {
        let report = ws.blind_copy(&name, &body.into, POOL_WAIT)?;
        Ok(AddAnswer {
            pool: body.into,
            added: report.added,
            replaced: report.replaced,
            unchanged: report.unchanged,
            duplicates: report.duplicates,
            not_resumes: report.not_resumes,
            refused: report.unreadable,
            candidates: Some(report.candidates),
            generation: report.generation,
        })
    })
    .await?;
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// A candidate as a reviewer looks at them; recorded in the audit log.
#[utoipa::path(
    get,
    path = "/api/pools/{name}/candidates/{id}",
    summary = "A candidate as a reviewer looks at them: the name and headline (not in a blind pool), the years of dated experience and the resume as read, line by line, with skill mentions marked (recorded in the audit log)",
    params(CandidatePath),
    responses(
        (status = 200, description = "the candidate", body = crate::candidate::CandidateView),
        (status = 400, description = errors::BAD_REQUEST, body = ErrorBody),
        (status = 401, description = errors::UNAUTHORIZED, body = ErrorBody),
        (status = 403, description = errors::FORBIDDEN, body = ErrorBody),
        (status = 404, description = errors::NOT_FOUND, body = ErrorBody),
        (status = 409, description = errors::CONFLICT, body = ErrorBody),
        (status = 413, description = errors::TOO_LARGE, body = ErrorBody),
        (status = 415, description = errors::UNSUPPORTED, body = ErrorBody),
        (status = 421, description = errors::WRONG_HOST, body = ErrorBody),
        (status = 422, description = errors::UNPROCESSABLE, body = ErrorBody),
        (status = 500, description = errors::INTERNAL, body = ErrorBody),
        (status = 503, description = errors::UNAVAILABLE, body = ErrorBody),
    )
)]
async fn candidate(
    Shared(state): Shared<AppState>,
    ApiPath(CandidatePath { name, id }): ApiPath<CandidatePath>,
) -> Result<Response, ApiError> {
    let ws = state.workspace.clone();
    let view = blocking(move || Ok(ws.candidate_view(&name, &id)?)).await?;
    Ok(Json(view).into_response())
}

#[utoipa::path(
    delete,
    path = "/api/pools/{name}/candidates/{id}",
    summary = "Remove a candidate; its text and vectors are deleted from disk before the answer",
    description = "The candidate also leaves the pool's openings and decisions.",
    params(CandidatePath),
    responses(
        (status = 200, description = "removed", body = crate::app::Removal),
        (status = 400, description = errors::BAD_REQUEST, body = ErrorBody),
        (status = 401, description = errors::UNAUTHORIZED, body = ErrorBody),
        (status = 403, description = errors::FORBIDDEN, body = ErrorBody),
        (status = 404, description = errors::NOT_FOUND, body = ErrorBody),
        (status = 409, description = errors::CONFLICT, body = ErrorBody),
        (status = 413, description = errors::TOO_LARGE, body = ErrorBody),
        (status = 415, description = errors::UNSUPPORTED, body = ErrorBody),
        (status = 421, description = errors::WRONG_HOST, body = ErrorBody),
        (status = 422, description = errors::UNPROCESSABLE, body = ErrorBody),
        (status = 500, description = errors::INTERNAL, body = ErrorBody),
        (status = 503, description = errors::UNAVAILABLE, body = ErrorBody),
    )
)]
async fn remove_candidate(
    Shared(state): Shared<AppState>,
    ApiPath(CandidatePath { name, id }): ApiPath<CandidatePath>,
) -> Result<Response, ApiError> {
    let ws = state.workspace.clone();
    let removal =
        blocking(move || Ok(ws.remove(&name, std::slice::from_ref(&id), POOL_WAIT)?)).await?;
    if removal.removed.is_empty() {
        return Err(ApiError::not_found(format!(
            "no candidate '{}' in this pool",
            removal.unknown.join(", ")
        )));
    }
    Ok(Json(removal).into_response())
}

/// A download's `Content-Disposition`: `attachment; filename="KIND-PARTS-DATE.csv"`, the
/// parts reduced to letters, digits, '-', '_' and '.', so the name says what the file holds.
fn download_name(kind: &str, parts: &[&str]) -> String {
    download_name_as(kind, parts, "csv")
}

/// [`download_name`] with another extension.
fn download_name_as(kind: &str, parts: &[&str], extension: &str) -> String {
    let date = crate::audit::utc_now();
    let mut name = kind.to_string();
    for part in parts.iter().filter(|p| !p.is_empty()) {
        let clean: String = part
            .chars()
            .map(|c| match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' => c,
                _ => '-',
            })
            .take(60)
            .collect();
        name.push('-');
        name.push_str(clean.trim_matches(['-', '.']));
    }
    name.push('-');
    name.push_str(date.get(..10).unwrap_or("today"));
    format!("attachment; filename=\"{name}.{extension}\"")
}

/// What `GET /api/pools/{name}/openings` answers.
#[derive(Serialize, ToSchema)]
struct Openings {
    openings: Vec<crate::pool::openings::OpeningRecord>,
}

/// `GET /api/pools/{name}/openings`: the pool's openings, each with its runs.
#[utoipa::path(
    get,
    path = "/api/pools/{name}/openings",
    summary = "A pool's openings, each with its history of runs",
    params(PoolPath),
    responses(
        (status = 200, description = "the openings", body = Openings),
        (status = 400, description = errors::BAD_REQUEST, body = ErrorBody),
        (status = 401, description = errors::UNAUTHORIZED, body = ErrorBody),
        (status = 403, description = errors::FORBIDDEN, body = ErrorBody),
        (status = 404, description = errors::NOT_FOUND, body = ErrorBody),
        (status = 409, description = errors::CONFLICT, body = ErrorBody),
        (status = 413, description = errors::TOO_LARGE, body = ErrorBody),
        (status = 415, description = errors::UNSUPPORTED, body = ErrorBody),
        (status = 421, description = errors::WRONG_HOST, body = ErrorBody),
        (status = 422, description = errors::UNPROCESSABLE, body = ErrorBody),
        (status = 500, description = errors::INTERNAL, body = ErrorBody),
        (status = 503, description = errors::UNAVAILABLE, body = ErrorBody),
    )
)]
async fn openings(
    Shared(state): Shared<AppState>,
    ApiPath(PoolPath { name }): ApiPath<PoolPath>,
) -> Result<Response, ApiError> {
    let ws = state.workspace.clone();
    let openings = blocking(move || Ok(ws.openings(&name)?)).await?;
    Ok(Json(Openings { openings }).into_response())
}

/// The body of `POST /api/pools/{name}/openings/{opening}/decisions`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = DecisionRequest)]
struct DecisionBody {
    /// As the opening's latest run shows it (in a blind pool, the pseudonym or the file's
    /// id).
    candidate_id: String,
    decision: crate::pool::openings::Verdict,
    /// Why, in words the candidate could read (a blank one is refused, 422).
    #[schema(min_length = 1, pattern = r"\S")]
    reason: String,
    #[serde(default)]
    reason_code: Option<String>,
    #[serde(default)]
    notes: Option<String>,
}

/// Records a reviewer's decision on a candidate of an opening; 201 with the decision kept.
#[utoipa::path(
    post,
    path = "/api/pools/{name}/openings/{opening}/decisions",
    summary = "Record a reviewer's decision on a candidate of an opening (recorded in the audit log first); deciding again changes it and keeps both",
    params(OpeningPath),
    request_body(content = DecisionBody, content_type = "application/json"),
    responses(
        (status = 201, description = "the decision as kept", body = crate::pool::openings::Decision),
        (status = 400, description = errors::BAD_REQUEST, body = ErrorBody),
        (status = 401, description = errors::UNAUTHORIZED, body = ErrorBody),
        (status = 403, description = errors::FORBIDDEN, body = ErrorBody),
        (status = 404, description = errors::NOT_FOUND, body = ErrorBody),
        (status = 409, description = errors::CONFLICT, body = ErrorBody),
        (status = 413, description = errors::TOO_LARGE, body = ErrorBody),
        (status = 415, description = errors::UNSUPPORTED, body = ErrorBody),
        (status = 421, description = errors::WRONG_HOST, body = ErrorBody),
        (status = 422, description = errors::UNPROCESSABLE, body = ErrorBody),
        (status = 500, description = errors::INTERNAL, body = ErrorBody),
        (status = 503, description = errors::UNAVAILABLE, body = ErrorBody),
    )
)]
async fn decide(
    Shared(state): Shared<AppState>,
    ApiPath(OpeningPath {
        name: pool,
        opening,
    }): ApiPath<OpeningPath>,
    request: Request,
) -> Result<Response, ApiError> {
    let body: DecisionBody = json_body(request, state.limits.max_json_bytes).await?;
    let ws = state.workspace.clone();
    let decision = blocking(move || {
        Ok(ws.decide(DecisionRequest {
            pool,
            opening,
            candidate_id: body.candidate_id,
            decision: body.decision,
            reason: body.reason,
            reason_code: body.reason_code,
            notes: body.notes,
        })?)
    })
    .await?;
    Ok((StatusCode::CREATED, Json(decision)).into_response())
}

/// Options of `GET /api/pools/{name}/decisions`.
#[derive(Deserialize, Default, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct DecisionsQuery {
    /// Only this opening's (404 when it has none of that name).
    #[serde(default)]
    opening: Option<String>,
    /// `csv`: as `rolematch decisions --format csv` (a download); JSON otherwise.
    #[serde(default)]
    #[param(inline)]
    format: Option<TableFormat>,
}

/// What `GET /api/pools/{name}/decisions` answers as JSON.
#[derive(Serialize, ToSchema)]
struct Decisions {
    decisions: Vec<crate::pool::openings::Decision>,
}

/// The decisions on a pool's candidates (of one opening, with `opening`), oldest first, as
/// JSON or, with `format=csv`, as the CSV `rolematch decisions --format csv` writes.
#[utoipa::path(
    get,
    path = "/api/pools/{name}/decisions",
    summary = "The decisions on a pool's candidates, oldest first (each change is one)",
    params(PoolPath, DecisionsQuery),
    responses(
        (status = 200, description = "the decisions", content(
            (Decisions = "application/json"),
            (String = "text/csv"),
        )),
        (status = 400, description = errors::BAD_REQUEST, body = ErrorBody),
        (status = 401, description = errors::UNAUTHORIZED, body = ErrorBody),
        (status = 403, description = errors::FORBIDDEN, body = ErrorBody),
        (status = 404, description = errors::NOT_FOUND, body = ErrorBody),
        (status = 409, description = errors::CONFLICT, body = ErrorBody),
        (status = 413, description = errors::TOO_LARGE, body = ErrorBody),
        (status = 415, description = errors::UNSUPPORTED, body = ErrorBody),
        (status = 421, description = errors::WRONG_HOST, body = ErrorBody),
        (status = 422, description = errors::UNPROCESSABLE, body = ErrorBody),
        (status = 500, description = errors::INTERNAL, body = ErrorBody),
        (status = 503, description = errors::UNAVAILABLE, body = ErrorBody),
    )
)]
async fn decisions(
    Shared(state): Shared<AppState>,
    ApiPath(PoolPath { name: pool }): ApiPath<PoolPath>,
    ApiQuery(query): ApiQuery<DecisionsQuery>,
) -> Result<Response, ApiError> {
    let csv = query.format == Some(TableFormat::Csv);
    let ws = state.workspace.clone();
    let opening = query.opening.filter(|o| !o.is_empty());
    let (pool_name, opening_name) = (pool.clone(), opening.clone());
    let decisions = blocking(move || Ok(ws.decisions(&pool, opening.as_deref())?)).await?;
    if csv {
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    download_name(
                        "decisions",
                        &[&pool_name, opening_name.as_deref().unwrap_or("")],
                    )
                    .as_str(),
                ),
            ],
            crate::output::render_decisions_csv(&decisions),
        )
            .into_response());
    }
    Ok(Json(Decisions { decisions }).into_response())
}

/// Options of `GET /api/pools/{name}/openings/{opening}/candidates/{id}/explanation`.
#[derive(Deserialize, Default, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct ExplanationQuery {
    /// `html`: the page to give the candidate (as `rolematch explain --format html`); JSON
    /// otherwise.
    #[serde(default)]
    #[param(inline)]
    format: Option<PageFormat>,
}

/// A candidate's plain-language explanation of how an opening compared their resume, as
/// `rolematch explain` writes it; recorded in the audit log.
#[utoipa::path(
    get,
    path = "/api/pools/{name}/openings/{opening}/candidates/{id}/explanation",
    summary = "A candidate's explanation for an opening: what was compared, the requirements shown and not shown with the lines, the score's parts, the decision and how to ask for review (recorded in the audit log)",
    params(OpeningCandidatePath, ExplanationQuery),
    responses(
        (status = 200, description = "the explanation", content(
            (crate::duties::CandidateExplanation = "application/json"),
            (String = "text/html"),
        )),
        (status = 400, description = errors::BAD_REQUEST, body = ErrorBody),
        (status = 401, description = errors::UNAUTHORIZED, body = ErrorBody),
        (status = 403, description = errors::FORBIDDEN, body = ErrorBody),
        (status = 404, description = errors::NOT_FOUND, body = ErrorBody),
        (status = 409, description = errors::CONFLICT, body = ErrorBody),
        (status = 413, description = errors::TOO_LARGE, body = ErrorBody),
        (status = 415, description = errors::UNSUPPORTED, body = ErrorBody),
        (status = 421, description = errors::WRONG_HOST, body = ErrorBody),
        (status = 422, description = errors::UNPROCESSABLE, body = ErrorBody),
        (status = 500, description = errors::INTERNAL, body = ErrorBody),
        (status = 503, description = errors::UNAVAILABLE, body = ErrorBody),
    )
)]
async fn explanation(
    Shared(state): Shared<AppState>,
    ApiPath(OpeningCandidatePath {
        name: pool,
        opening,
        id,
    }): ApiPath<OpeningCandidatePath>,
    ApiQuery(query): ApiQuery<ExplanationQuery>,
) -> Result<Response, ApiError> {
    let ws = state.workspace.clone();
    let explanation = blocking(move || Ok(ws.explain(&pool, &opening, &id)?)).await?;
    if query.format == Some(PageFormat::Html) {
        return Ok((
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            explanation.page().to_html(),
        )
            .into_response());
    }
    Ok(Json(explanation).into_response())
}
