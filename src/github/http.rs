//! A small blocking client for the GitHub REST API.
//!
//! Why not octocrab + tokio (the crates DESIGN.md first named): `candor
//! github` makes a handful of sequential requests per run, so an async
//! runtime buys nothing, and octocrab + hyper + tokio roughly double the
//! native build on the 2-core CI machine. `ureq` (blocking, rustls, no
//! runtime) builds in under a minute and gives us what octocrab's behaviour
//! would anyway: every URL is built from `GITHUB_API_URL` (GitHub
//! Enterprise, the tests' fake server), pagination follows `Link: rel="next"`,
//! and retries are explicit and bounded.
//!
//! Retries: 429, 5xx, transport errors and rate-limited 403s (`retry-after`
//! or `x-ratelimit-remaining: 0`) are retried up to [`MAX_RETRIES`] times,
//! waiting `retry-after` / until `x-ratelimit-reset` / exponential backoff,
//! each wait capped. Then the caller degrades.
//!
//! The token goes only into the `Authorization` header. Nothing here prints
//! headers or includes them in errors.

use serde_json::Value;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Retries after the first attempt.
pub const MAX_RETRIES: u32 = 3;

/// A request that did not succeed after retries.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub method: &'static str,
    /// The path (without the API base), for messages.
    pub path: String,
    /// The HTTP status, or `None` for a transport error.
    pub status: Option<u16>,
    /// GitHub's `message` field or the transport error.
    pub message: String,
}

impl ApiError {
    /// The token may not do this: fork PRs, read-only tokens, missing
    /// permissions (`Resource not accessible by integration`).
    pub fn is_forbidden(&self) -> bool {
        matches!(self.status, Some(401 | 403))
    }

    pub fn is_not_found(&self) -> bool {
        self.status == Some(404)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(s) => write!(
                f,
                "{} {} returned {s}: {}",
                self.method, self.path, self.message
            ),
            None => write!(f, "{} {} failed: {}", self.method, self.path, self.message),
        }
    }
}

/// A successful response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub body: Value,
    /// The `rel="next"` URL of the `Link` header.
    pub next: Option<String>,
}

pub struct Client {
    base: String,
    token: Option<String>,
    agent: ureq::Agent,
    /// The first backoff step; waits are capped at 60 steps.
    backoff: Duration,
    /// Log each request's method, path and status on stderr.
    pub verbose: bool,
}

impl Client {
    /// `base` is `GITHUB_API_URL` (e.g. `https://api.github.com`).
    /// `CANDOR_GITHUB_BACKOFF_MS` sets the first backoff step (default
    /// 1000 ms; the tests use 1).
    pub fn new(base: &str, token: Option<String>) -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .user_agent(concat!("candor/", env!("CARGO_PKG_VERSION")))
            .build();
        let backoff_ms = std::env::var("CANDOR_GITHUB_BACKOFF_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1000u64);
        Client {
            base: base.trim_end_matches('/').to_string(),
            token: token.filter(|t| !t.is_empty()),
            agent: ureq::Agent::new_with_config(config),
            backoff: Duration::from_millis(backoff_ms),
            verbose: true,
        }
    }

    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http://") || path.starts_with("https://") {
            path.to_string()
        } else {
            format!("{}{}", self.base, path)
        }
    }

    fn short<'a>(&self, url: &'a str) -> &'a str {
        url.strip_prefix(self.base.as_str()).unwrap_or(url)
    }

    pub fn get(&self, path: &str) -> Result<Response, ApiError> {
        self.request("GET", path, None)
    }

    pub fn post(&self, path: &str, body: &Value) -> Result<Response, ApiError> {
        self.request("POST", path, Some(body))
    }

    pub fn patch(&self, path: &str, body: &Value) -> Result<Response, ApiError> {
        self.request("PATCH", path, Some(body))
    }

    pub fn put(&self, path: &str, body: &Value) -> Result<Response, ApiError> {
        self.request("PUT", path, Some(body))
    }

    /// Every item of a paginated list (`per_page=100`, following `Link`).
    /// Stops after `max_pages` pages.
    pub fn get_all(&self, path: &str, max_pages: usize) -> Result<Vec<Value>, ApiError> {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut next = Some(format!("{path}{sep}per_page=100"));
        let mut items = Vec::new();
        let mut pages = 0;
        while let Some(url) = next.take() {
            let resp = self.get(&url)?;
            if let Value::Array(list) = resp.body {
                items.extend(list);
            }
            pages += 1;
            if pages < max_pages {
                // The token must only ever go to GITHUB_API_URL: a `next`
                // link elsewhere ends the listing.
                next = resp.next.filter(|n| under_base(&self.base, n));
            }
        }
        Ok(items)
    }

    /// One request with bounded retries.
    pub fn request(
        &self,
        method: &'static str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Response, ApiError> {
        let url = self.url(path);
        let short = self.short(&url).to_string();
        let payload = body.map(|b| serde_json::to_vec(b).expect("JSON serializes"));
        let mut attempt = 0;
        loop {
            let outcome = self.send(method, &url, payload.as_deref());
            let (retry, wait, err) = match outcome {
                Ok((status, headers, text)) => {
                    if self.verbose {
                        eprintln!("candor: {method} {short} → {status}");
                    }
                    if (200..300).contains(&status) {
                        let body = if text.trim().is_empty() {
                            Value::Null
                        } else {
                            serde_json::from_str(&text).unwrap_or(Value::String(text))
                        };
                        return Ok(Response {
                            status,
                            body,
                            next: next_link(headers.link.as_deref()),
                        });
                    }
                    let message = serde_json::from_str::<Value>(&text)
                        .ok()
                        .and_then(|v| v.get("message").and_then(Value::as_str).map(String::from))
                        .unwrap_or_else(|| text.chars().take(200).collect());
                    let rate_limited = status == 403
                        && (headers.retry_after.is_some()
                            || headers.remaining.as_deref() == Some("0"));
                    let retry = status == 429 || status >= 500 || rate_limited;
                    let wait = headers.wait();
                    (
                        retry,
                        wait,
                        ApiError {
                            method,
                            path: short.clone(),
                            status: Some(status),
                            message,
                        },
                    )
                }
                Err(message) => {
                    if self.verbose {
                        eprintln!("candor: {method} {short} failed: {message}");
                    }
                    (
                        true,
                        None,
                        ApiError {
                            method,
                            path: short.clone(),
                            status: None,
                            message,
                        },
                    )
                }
            };
            if !retry || attempt >= MAX_RETRIES {
                return Err(err);
            }
            let step = self.backoff * 2u32.pow(attempt);
            let wait = wait.unwrap_or(step).min(self.backoff * 60);
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    fn send(
        &self,
        method: &str,
        url: &str,
        body: Option<&[u8]>,
    ) -> Result<(u16, Headers, String), String> {
        macro_rules! headers {
            ($req:expr) => {{
                let mut r = $req
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28");
                if let Some(t) = &self.token {
                    r = r.header("Authorization", &format!("Bearer {t}"));
                }
                r
            }};
        }
        let result = match method {
            "GET" => headers!(self.agent.get(url)).call(),
            "POST" => headers!(self.agent.post(url))
                .header("Content-Type", "application/json")
                .send(body.unwrap_or_default()),
            "PATCH" => headers!(self.agent.patch(url))
                .header("Content-Type", "application/json")
                .send(body.unwrap_or_default()),
            "PUT" => headers!(self.agent.put(url))
                .header("Content-Type", "application/json")
                .send(body.unwrap_or_default()),
            other => return Err(format!("unsupported method {other}")),
        };
        // ureq's errors name the URL and the cause, never request headers.
        let mut resp = result.map_err(|e| e.to_string())?;
        let h = resp.headers();
        let get = |name: &str| h.get(name).and_then(|v| v.to_str().ok()).map(String::from);
        let headers = Headers {
            link: get("link"),
            retry_after: get("retry-after"),
            remaining: get("x-ratelimit-remaining"),
            reset: get("x-ratelimit-reset"),
        };
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .with_config()
            .limit(32 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| e.to_string())?;
        Ok((status, headers, text))
    }
}

struct Headers {
    link: Option<String>,
    retry_after: Option<String>,
    remaining: Option<String>,
    reset: Option<String>,
}

impl Headers {
    /// What the server asked us to wait, if anything.
    fn wait(&self) -> Option<Duration> {
        if let Some(secs) = self
            .retry_after
            .as_deref()
            .and_then(|s| s.trim().parse::<u64>().ok())
        {
            return Some(Duration::from_secs(secs));
        }
        if self.remaining.as_deref() == Some("0") {
            let reset = self.reset.as_deref()?.trim().parse::<u64>().ok()?;
            let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
            return Some(Duration::from_secs(reset.saturating_sub(now) + 1));
        }
        None
    }
}

/// Whether `url` is on the API at `base` (same scheme, host and path prefix).
pub fn under_base(base: &str, url: &str) -> bool {
    url.strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'))
}

/// The `rel="next"` target of a `Link` header.
pub fn next_link(link: Option<&str>) -> Option<String> {
    link?.split(',').find_map(|part| {
        let (url, params) = part.split_once(';')?;
        params
            .split(';')
            .any(|p| p.trim() == "rel=\"next\"")
            .then(|| {
                url.trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string()
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_link_headers() {
        let h = "<https://api.github.com/x?page=2>; rel=\"next\", <https://api.github.com/x?page=5>; rel=\"last\"";
        assert_eq!(
            next_link(Some(h)).as_deref(),
            Some("https://api.github.com/x?page=2")
        );
        assert_eq!(next_link(Some("<a>; rel=\"last\"")), None);
        assert_eq!(next_link(None), None);
    }

    #[test]
    fn follows_only_links_under_the_api_base() {
        let base = "https://ghe.example.com/api/v3";
        assert!(under_base(
            base,
            "https://ghe.example.com/api/v3/repos/o/r/pulls/1/files?page=2"
        ));
        assert!(!under_base(base, "https://ghe.example.com/api/v3evil/x"));
        assert!(!under_base(base, "https://evil.example.com/api/v3/x"));
        assert!(!under_base(base, "http://ghe.example.com/api/v3/x"));
    }
}
