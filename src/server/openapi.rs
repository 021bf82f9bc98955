//! The OpenAPI description served at `/api/openapi.json`, generated from the handlers'
//! `#[utoipa::path]` annotations and the types they read and answer with; built once, on the
//! first request for it.

use std::sync::OnceLock;

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// What the description says of the whole API; the version is the crate's.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "rolematch",
        description = "Resume-to-role matching, offline. Every /api call needs \
            `Authorization: Bearer <token>` when the server was started with a token. Scores \
            are a screening aid: each comes with its explanation (shared and missing skills, \
            the evidence lines) for a person to review.\n\n\
            Limits, by default: an uploaded file up to 16 MiB (`--max-file-mib`), a request \
            body up to 256 MiB (`--max-request-mib`), a JSON body up to 1 MiB and a text up \
            to 40,000 characters (413 past any of them); at most 64 API requests at once and \
            256 matches waiting for the model (503 `busy` with `Retry-After` past that); 300 s \
            for a whole request (503 `timeout`). Every error is \
            `{\"error\": {\"code\", \"message\"}}`.",
    ),
    security(("bearer" = [])),
    modifiers(&BearerToken),
)]
struct ApiDoc;

/// The `bearer` scheme the `security` above names.
struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The description as JSON of the routes `routes` gives (the API's, from
/// `api::described_routes`), built on the first call.
pub fn json(routes: impl FnOnce() -> utoipa::openapi::OpenApi) -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| document(routes()).to_string())
}

/// The description: [`ApiDoc`] with every route in `routes`.
pub fn document(routes: utoipa::openapi::OpenApi) -> serde_json::Value {
    let mut description = ApiDoc::openapi();
    description.merge(routes);
    let mut document =
        serde_json::to_value(&description).expect("an OpenAPI description is always JSON");
    rank_request_takes_one_opening(&mut document);
    document
}

/// `POST /api/rank` takes exactly one of `role_id` and `job_text`, or `opening` alone. A
/// struct cannot say that and utoipa's schema model has no `not`, so the rule is added to
/// the generated schema here.
fn rank_request_takes_one_opening(document: &mut serde_json::Value) {
    let schema = &mut document["components"]["schemas"]["RankRequest"];
    assert!(schema.is_object(), "RankRequest is described");
    schema["oneOf"] = serde_json::json!([
        {"required": ["role_id"], "not": {"required": ["job_text"]}},
        {"required": ["job_text"], "not": {"required": ["role_id"]}},
        {
            "required": ["opening"],
            "not": {"anyOf": [{"required": ["role_id"]}, {"required": ["job_text"]}]}
        }
    ]);
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;
    use std::sync::Arc;

    use axum::body::Body;
    use axum::http::{header, Method, Request, StatusCode};
    use hyper::service::Service as _;
    use hyper_util::service::TowerToHyperService;
    use serde_json::Value;

    use super::*;
    use crate::app::{Workspace, WorkspaceConfig};
    use crate::server::api;
    use crate::server::errors::{statuses, ApiError};
    use crate::server::{BatchConfig, HostPolicy, ServeConfig, ServerLimits};

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";
    const HOST: &str = "127.0.0.1:8080";

    /// The server's router, with a token, over an index folder with no pool and a model that
    /// is not loaded.
    fn router(home: &Path) -> axum::Router {
        let workspace = Workspace::open(WorkspaceConfig::new(home)).unwrap();
        let config = ServeConfig {
            bind: HOST.parse().unwrap(),
            token: Some(TOKEN.into()),
            allowed_hosts: vec![],
            max_file_bytes: 1024 * 1024,
            max_request_bytes: 1024 * 1024,
            batching: BatchConfig::default(),
            limits: ServerLimits::default(),
        };
        let state =
            api::State::new(Arc::new(workspace), Arc::new(OnceLock::new()), &config).unwrap();
        api::router(state, &config, HostPolicy::new(config.bind, &[]))
    }

    /// A request for `path` with made-up values for its parameters, as the page sends it: to
    /// this server's host, with the token.
    fn request(method: &Method, path: &str) -> axum::http::request::Builder {
        without_token(method, path, HOST).header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
    }

    /// A request for `path` to `host`, without the token.
    fn without_token(method: &Method, path: &str, host: &str) -> axum::http::request::Builder {
        let uri = path
            .replace("{name}", "team")
            .replace("{id}", "ana.md")
            .replace("{opening}", "backend");
        Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, host)
    }

    /// The router's answer: its status and its JSON body (`null` when it is not JSON).
    async fn send(router: &axum::Router, request: Request<Body>) -> (StatusCode, Value) {
        let response = TowerToHyperService::new(router.clone())
            .call(request)
            .await
            .unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    /// Every operation of the description, with the statuses it describes.
    fn operations(document: &Value) -> BTreeMap<(Method, String), BTreeSet<u16>> {
        let mut operations = BTreeMap::new();
        for (path, item) in document["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let statuses = operation["responses"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(|status| status.parse().unwrap())
                    .collect();
                operations.insert((method, path.clone()), statuses);
            }
        }
        operations
    }

    /// Whether the router has a route for this method and path: not the fallback's 404, nor
    /// the 405 of a route that takes other methods.
    async fn routed(router: &axum::Router, method: &Method, path: &str) -> bool {
        let (status, body) = send(router, request(method, path).body(Body::empty()).unwrap()).await;
        let no_route =
            status == StatusCode::NOT_FOUND && body["error"]["message"] == "no such route";
        !no_route && status != StatusCode::METHOD_NOT_ALLOWED
    }

    #[tokio::test]
    async fn every_route_is_described_with_its_methods_and_every_described_one_is_routed() {
        let home = tempfile::tempdir().unwrap();
        let router = router(home.path());
        let operations = operations(&document(api::described_routes()));
        let paths: BTreeSet<&String> = operations.keys().map(|(_, path)| path).collect();
        assert!(paths.len() >= 12, "{paths:?}");
        for path in paths {
            for method in [
                Method::GET,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
            ] {
                let described = operations.contains_key(&(method.clone(), path.clone()));
                assert_eq!(
                    routed(&router, &method, path).await,
                    described,
                    "{method} {path}: routed and described must agree"
                );
            }
        }
        // The page's own files are routed but are not part of the API.
        for page in ["/", "/app.js", "/app.css"] {
            assert!(routed(&router, &Method::GET, page).await, "{page}");
            assert!(
                document(api::described_routes())["paths"]
                    .get(page)
                    .is_none(),
                "{page}"
            );
        }
    }

    /// Where a handler's errors come from.
    #[derive(Debug, Clone, Copy)]
    enum Source {
        /// A query string or path segment it cannot read.
        Params,
        /// A JSON body.
        Json,
        /// A multipart body and the documents in it.
        Upload,
        /// The model, before it is loaded.
        Model,
        /// A workspace call, or the blocking thread that makes it.
        Workspace,
    }

    impl Source {
        /// The statuses this source answers with, from the error mappings.
        fn statuses(self) -> BTreeSet<u16> {
            let status = |e: ApiError| e.status.as_u16();
            match self {
                Source::Params => [status(ApiError::bad_request(""))].into(),
                Source::Json => [
                    status(ApiError::bad_request("")),
                    status(ApiError::too_large("")),
                ]
                .into(),
                Source::Upload => {
                    let mut all = statuses::of_unreadable_documents();
                    all.extend([
                        status(ApiError::bad_request("")),
                        status(ApiError::too_large("")),
                        status(ApiError::busy("")),
                        // An upload that cannot be written to disk (uploads::write_capped).
                        StatusCode::INSUFFICIENT_STORAGE.as_u16(),
                    ]);
                    all
                }
                Source::Model => [status(ApiError::loading())].into(),
                Source::Workspace => {
                    let mut all = statuses::of_workspace_calls();
                    all.insert(StatusCode::INTERNAL_SERVER_ERROR.as_u16());
                    all
                }
            }
        }
    }

    /// What each operation's handler does that can fail, beyond the checks in front of it.
    fn sources(method: &Method, path: &str) -> Vec<Source> {
        use Source::*;
        match (method.as_str(), path) {
            ("GET", "/health") => vec![Model],
            ("GET", "/api/roles" | "/api/openapi.json") => vec![],
            ("POST", "/api/match" | "/api/rank") => vec![Params, Model, Json, Upload, Workspace],
            ("GET", "/api/pools") => vec![Workspace],
            ("GET", "/api/pools/{name}" | "/api/pools/{name}/openings")
            | ("GET", "/api/pools/{name}/decisions")
            | ("GET" | "DELETE", "/api/pools/{name}/candidates/{id}") => vec![Params, Workspace],
            ("POST", "/api/pools/{name}/candidates") => vec![Params, Model, Upload, Workspace],
            ("POST", "/api/pools/{name}/blind-copy") => vec![Params, Model, Json, Workspace],
            ("GET", "/api/pools/{name}/openings/{opening}/candidates/{id}/explanation") => {
                vec![Params, Model, Workspace]
            }
            ("POST", "/api/pools/{name}/openings/{opening}/decisions") => {
                vec![Params, Json, Workspace]
            }
            _ => panic!("{method} {path}: say above what its handler can fail with"),
        }
    }

    #[tokio::test]
    async fn every_operation_describes_every_error_status_it_can_answer_and_no_other() {
        let home = tempfile::tempdir().unwrap();
        let router = router(home.path());
        for ((method, path), described) in operations(&document(api::described_routes())) {
            let mut expected = BTreeSet::new();
            // The checks in front of every route, and of the API's: asked of the router.
            let elsewhere = without_token(&method, &path, "elsewhere.example")
                .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                .body(Body::empty());
            expected.insert(send(&router, elsewhere.unwrap()).await.0.as_u16());
            if path.starts_with("/api/") {
                let no_token = without_token(&method, &path, HOST).body(Body::empty());
                let other_origin = request(&method, &path)
                    .header(header::ORIGIN, "https://elsewhere.example")
                    .body(Body::empty());
                let plain_text = request(&method, &path)
                    .header(header::CONTENT_TYPE, "text/plain")
                    .header(header::CONTENT_LENGTH, "5")
                    .body(Body::from("hello"));
                for refused in [no_token, other_origin, plain_text] {
                    expected.insert(send(&router, refused.unwrap()).await.0.as_u16());
                }
                // More requests at once than the server takes, or one past its time limit.
                expected.insert(ApiError::busy("").status.as_u16());
            }
            for source in sources(&method, &path) {
                expected.extend(source.statuses());
            }
            let described_errors: BTreeSet<u16> =
                described.into_iter().filter(|s| *s >= 400).collect();
            assert_eq!(
                described_errors, expected,
                "{method} {path}: the error statuses described (left) are not those it can \
                 answer (right)"
            );
        }
    }

    #[test]
    fn the_description_says_what_the_server_does() {
        let document = document(api::described_routes());
        assert_eq!(document["openapi"], "3.1.0");
        assert_eq!(document["info"]["version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(document["security"], serde_json::json!([{"bearer": []}]));
        let schemas = &document["components"]["schemas"];
        for (schema, k) in [("MatchRequest", "k"), ("RankRequest", "k")] {
            let k = &schemas[schema]["properties"][k];
            assert_eq!(
                k["maximum"],
                crate::selection::MAX_K_PER_RESPONSE,
                "{schema}"
            );
        }
        assert_eq!(
            schemas["MatchRequest"]["properties"]["k"]["default"],
            crate::selection::Selection::match_default().top_k()
        );
        // Every reference leads somewhere.
        let text = json(api::described_routes);
        for reference in text.split("\"$ref\":\"").skip(1) {
            let name = reference.split('"').next().unwrap();
            let name = name.strip_prefix("#/components/schemas/").unwrap();
            assert!(schemas.get(name).is_some(), "{name} is referred to");
        }
    }
}
