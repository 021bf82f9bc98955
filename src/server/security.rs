//! Who may call the server and what the browser may do with its answers: only the host names
//! this server is reached by (no DNS rebinding), the bearer token (compared in constant time),
//! same-origin requests with JSON or multipart bodies only, and strict response headers.

use std::net::{IpAddr, SocketAddr};

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::errors::ApiError;

/// The environment variable that may hold the API token instead of `--token-file`.
pub const TOKEN_ENV: &str = "ROLEMATCH_TOKEN";

/// The page may load only its own scripts, styles and images, and talk only to this server.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; \
     frame-ancestors 'none'";

/// The shortest token the server accepts: 32 characters, about 190 bits when random.
pub const MIN_TOKEN_CHARS: usize = 32;

/// The `Host` values this server answers to. A web page that rebinds its own name to
/// 127.0.0.1 still sends that name as `Host`, so answering only to the names the server is
/// really reached by (loopback names on the bound port, the bound address itself, and the
/// names an operator allows for a reverse proxy) keeps such a page out.
#[derive(Debug, Clone)]
pub struct HostPolicy {
    port: u16,
    /// Host names (lowercase, no port) accepted on the bound port.
    local: Vec<String>,
    /// `--allowed-host` values: a name accepted on any port, or `name:port` on that port.
    allowed: Vec<(String, Option<u16>)>,
}

impl HostPolicy {
    /// Loopback names and `bound`'s own address on `bound`'s port, plus `allowed`.
    pub fn new(bound: SocketAddr, allowed: &[String]) -> Self {
        let mut local = vec![
            "localhost".to_string(),
            "127.0.0.1".to_string(),
            "::1".to_string(),
        ];
        if !bound.ip().is_unspecified() {
            local.push(bound.ip().to_string());
        }
        let allowed = allowed.iter().filter_map(|name| split_host(name)).collect();
        HostPolicy {
            port: bound.port(),
            local,
            allowed,
        }
    }

    /// Whether a request with this `Host` header is for this server.
    pub(crate) fn accepts(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        let on_our_port = port.unwrap_or(80) == self.port;
        if on_our_port && self.local.contains(&name) {
            return true;
        }
        self.allowed.iter().any(|(allowed, allowed_port)| {
            *allowed == name && allowed_port.is_none_or(|p| Some(p) == port)
        })
    }

    /// The names accepted, for the refusal's message.
    fn describe(&self) -> String {
        let mut names: Vec<String> = self
            .local
            .iter()
            .map(|n| match n.parse::<IpAddr>() {
                Ok(IpAddr::V6(_)) => format!("[{n}]:{}", self.port),
                _ => format!("{n}:{}", self.port),
            })
            .collect();
        names.extend(self.allowed.iter().map(|(n, p)| match p {
            Some(p) => format!("{n}:{p}"),
            None => n.clone(),
        }));
        names.join(", ")
    }
}

/// `name[:port]` or `[v6][:port]` as (lowercase name without a trailing dot, port), or
/// `None` when it is not a host.
fn split_host(host: &str) -> Option<(String, Option<u16>)> {
    let host = host.trim();
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let (name, after) = rest.split_once(']')?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (name, port)
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) if !name.contains(':') => (name, Some(port)),
            Some(_) => return None,
            None => (host, None),
        }
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok()?),
        None => None,
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_'))
    {
        return None;
    }
    Some((name, port))
}

/// The middleware for every route: 421 for a `Host` this server is not reached by.
pub(crate) async fn host_guard(
    policy: std::sync::Arc<HostPolicy>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !policy.accepts(host) {
        return ApiError::new(
            StatusCode::MISDIRECTED_REQUEST,
            "wrong_host",
            format!(
                "this server answers to {} only; behind a reverse proxy, start it with --allowed-host NAME",
                policy.describe()
            ),
        )
        .into_response();
    }
    next.run(request).await
}

/// Whether the browser says another site made this request (`Sec-Fetch-Site: cross-site`).
pub(crate) fn is_cross_site(headers: &HeaderMap) -> bool {
    headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("cross-site"))
}

/// Whether a request carries a body that is neither JSON nor multipart: HTML forms and
/// `text/plain` bodies are how another site's page sends requests without asking first.
pub(crate) fn has_unexpected_body(headers: &HeaderMap) -> bool {
    let has_body = headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim() != "0");
    if !has_body {
        return false;
    }
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    kind != "application/json" && kind != "multipart/form-data"
}

/// Why a token cannot be used, if it cannot.
pub(crate) fn weak_token(token: &str) -> Option<String> {
    let chars = token.chars().count();
    (chars < MIN_TOKEN_CHARS).then(|| {
        format!(
            "the token has {chars} characters; use at least {MIN_TOKEN_CHARS} random ones (for example: openssl rand -hex 32 > token)"
        )
    })
}

/// True for 127.0.0.0/8 and ::1.
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}

/// Equal in time that does not depend on where the first difference is.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether `headers` carry `Authorization: Bearer <token>`.
pub(crate) fn has_token(headers: &HeaderMap, token: &str) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|given| constant_time_eq(given.trim().as_bytes(), token.as_bytes()))
}

/// Refuses a request a page of another origin sent (its `Origin` names another host than the
/// one it asked), so no web site can use a browser to reach a server on the user's loopback.
pub(crate) fn is_cross_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .unwrap_or(origin);
    origin_host != host
}

/// The middleware for `/api/*`: same origin and not another site's request, a JSON or
/// multipart body, then the token when one is set.
pub(crate) async fn guard(token: Option<String>, request: Request, next: Next) -> Response {
    if is_cross_origin(request.headers()) || is_cross_site(request.headers()) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "cross_origin",
            "requests from another origin are refused",
        )
        .into_response();
    }
    if has_unexpected_body(request.headers()) {
        return ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send JSON (Content-Type: application/json) or files as multipart/form-data",
        )
        .into_response();
    }
    if let Some(token) = &token {
        if !has_token(request.headers(), token) {
            return ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "this server needs `Authorization: Bearer <token>`",
            )
            .into_response();
        }
    }
    next.run(request).await
}

/// Headers on every response: no sniffing, no framing, a strict content policy, no caching
/// of personal data, no referrer.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ];
    for (name, value) in set {
        headers.insert(name, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole_and_exact() {
        let mut headers = HeaderMap::new();
        assert!(!has_token(&headers, "s3cret"));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer s3cret"),
        );
        assert!(has_token(&headers, "s3cret"));
        assert!(!has_token(&headers, "s3cre"));
        assert!(!has_token(&headers, "s3cret!"));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic s3cret"),
        );
        assert!(!has_token(&headers, "s3cret"));
    }

    #[test]
    fn only_another_origin_is_cross_origin() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(!is_cross_origin(&headers), "no Origin: curl, scripts");
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(!is_cross_origin(&headers));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(is_cross_origin(&headers));
    }

    #[test]
    fn only_the_names_this_server_is_reached_by_are_accepted() {
        let policy = HostPolicy::new("127.0.0.1:8080".parse().unwrap(), &[]);
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
        ] {
            assert!(policy.accepts(host), "{host}");
        }
        for host in [
            "attacker.example:8080",
            "127.0.0.1:8081",
            "localhost",
            "localhost.attacker.example:8080",
            "",
            "127.0.0.1:8080:1",
            "[::1",
            "evil example:8080",
        ] {
            assert!(!policy.accepts(host), "{host}");
        }
        let proxied = HostPolicy::new(
            "127.0.0.1:80".parse().unwrap(),
            &["rolematch.corp.example".into(), "alt.example:8443".into()],
        );
        assert!(proxied.accepts("localhost"), "port 80 may be left out");
        assert!(proxied.accepts("rolematch.corp.example"));
        assert!(proxied.accepts("rolematch.corp.example.:443"));
        assert!(proxied.accepts("alt.example:8443"));
        assert!(!proxied.accepts("alt.example:8080"));
        let bound = HostPolicy::new("10.1.2.3:9000".parse().unwrap(), &[]);
        assert!(bound.accepts("10.1.2.3:9000"));
        assert!(!HostPolicy::new("0.0.0.0:9000".parse().unwrap(), &[]).accepts("0.0.0.0:9000"));
    }

    #[test]
    fn bodies_other_than_json_and_multipart_are_unexpected() {
        let mut headers = HeaderMap::new();
        assert!(!has_unexpected_body(&headers), "no body");
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("12"));
        assert!(has_unexpected_body(&headers), "a body with no type");
        for (kind, unexpected) in [
            ("text/plain", true),
            ("application/x-www-form-urlencoded", true),
            ("application/json", false),
            ("application/json; charset=utf-8", false),
            ("multipart/form-data; boundary=x", false),
        ] {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            assert_eq!(has_unexpected_body(&headers), unexpected, "{kind}");
        }
    }

    #[test]
    fn short_tokens_are_weak_and_cross_site_requests_are_named() {
        assert!(weak_token("correct horse battery staple").is_some());
        assert!(weak_token(&"x".repeat(MIN_TOKEN_CHARS)).is_none());
        let mut headers = HeaderMap::new();
        assert!(!is_cross_site(&headers));
        headers.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(!is_cross_site(&headers));
        headers.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(is_cross_site(&headers));
    }

    #[test]
    fn loopback_is_127_and_1() {
        assert!(is_loopback(&"127.0.0.1:1".parse().unwrap()));
        assert!(is_loopback(&"[::1]:1".parse().unwrap()));
        assert!(!is_loopback(&"0.0.0.0:1".parse().unwrap()));
    }
}
