//! The page and the API description, compiled into the binary: nothing is fetched from
//! anywhere, so the page works in an air-gapped network.

use axum::http::header;
use axum::response::{IntoResponse, Response};

const PAGE: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");
const OPENAPI: &str = include_str!("openapi.json");

fn with_type(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

pub fn page() -> Response {
    with_type("text/html; charset=utf-8", PAGE)
}

pub fn script() -> Response {
    with_type("text/javascript; charset=utf-8", SCRIPT)
}

pub fn style() -> Response {
    with_type("text/css; charset=utf-8", STYLE)
}

pub fn openapi() -> Response {
    with_type("application/json", OPENAPI)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_description_is_openapi_3_and_names_every_route() {
        let spec: serde_json::Value = serde_json::from_str(OPENAPI).unwrap();
        assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
        for route in [
            "/health",
            "/api/roles",
            "/api/match",
            "/api/rank",
            "/api/pools",
            "/api/pools/{name}",
            "/api/pools/{name}/candidates",
            "/api/pools/{name}/candidates/{id}",
        ] {
            assert!(spec["paths"].get(route).is_some(), "{route} undocumented");
        }
    }

    #[test]
    fn the_page_loads_nothing_from_outside() {
        for text in [PAGE, SCRIPT, STYLE] {
            assert!(!text.contains("http://") && !text.contains("https://"));
        }
        assert!(PAGE.contains("src=\"/app.js\"") && PAGE.contains("href=\"/app.css\""));
        assert!(
            !PAGE.contains("<script>") && !PAGE.contains("style=\""),
            "no inline code: CSP"
        );
    }
}
