//! The page, compiled into the binary: nothing is fetched from anywhere, so the page works in
//! an air-gapped network.

use axum::http::header;
use axum::response::{IntoResponse, Response};

const PAGE: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");

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

#[cfg(test)]
mod tests {
    use super::*;

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
