//! The GitHub REST API through octocrab, on a current-thread tokio runtime
//! the blocking callers in [`super`] drive with `block_on`.
//!
//! octocrab does the transport (hyper + rustls, the `Authorization` header,
//! every relative route resolved under `GITHUB_API_URL`, so GitHub
//! Enterprise and the tests' loopback fake work) and pagination (its
//! [`Page`], which reads the `Link` header). What octocrab does not do is
//! decide *which* requests may be repeated, so its retry layer is off and
//! this module owns the fault policy:
//!
//! - **Rate limits** (403 or 429 with `retry-after`, `x-ratelimit-remaining:
//!   0`, or GitHub's "secondary rate limit" message) mean the request was
//!   not processed, so any method is retried: after `retry-after` (seconds or
//!   an HTTP-date), else until `x-ratelimit-reset`, else (a secondary limit
//!   without headers) after at least 60 backoff steps, doubling each time.
//! - **5xx and transport errors** are ambiguous for a write: GitHub may have
//!   applied it and only the answer was lost. Idempotent requests (GET,
//!   PATCH, PUT, read-only GraphQL) are retried with exponential backoff; a
//!   POST is not, and the error says it is ambiguous so the caller can look
//!   the resource up before writing again.
//! - Every wait counts against one budget for the whole run
//!   ([`DEFAULT_BUDGET`], `CANDOR_GITHUB_RETRY_BUDGET_SECS`): a wait that
//!   would overrun it is not made and the caller degrades at once.
//!
//! The token goes only into the `Authorization` header of requests to the
//! API. Nothing here prints headers or includes them in errors.

use octocrab::{FromResponse, Octocrab, Page};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::cell::Cell;
use std::fmt;
use std::time::{Duration, SystemTime};

/// Retries after the first attempt, per request.
pub const MAX_RETRIES: u32 = 3;
/// Total time the run may spend waiting before retries.
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(300);
/// GitHub: after a secondary rate limit without `retry-after`, "wait for at
/// least one minute before retrying".
const SECONDARY_WAIT_STEPS: u32 = 60;

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
    /// A write whose outcome is unknown (5xx or a lost response to a POST):
    /// look the resource up before writing it again.
    pub ambiguous: bool,
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

    /// GitHub validated the request and refused it (e.g. an annotation on a
    /// line the file does not have).
    pub fn is_unprocessable(&self) -> bool {
        self.status == Some(422)
    }

    pub fn is_conflict(&self) -> bool {
        self.status == Some(409)
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

/// Whether a request may be sent again after an ambiguous failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replay {
    /// Sending it twice has the effect of sending it once.
    Safe,
    /// A second copy would be a second resource (a comment, a check run).
    Never,
}

/// The answer to a failed attempt: what to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// Wait this long (or the backoff step when `None`), then retry.
    Retry(Option<Duration>),
    /// Stop; the write may or may not have happened.
    Ambiguous,
    /// Stop; the answer is final.
    Final,
}

/// The parts of a failed response the policy reads.
#[derive(Debug, Default, Clone)]
pub struct Failure {
    /// `None` for a transport error (no response).
    pub status: Option<u16>,
    pub message: String,
    pub retry_after: Option<String>,
    pub remaining: Option<String>,
    pub reset: Option<String>,
}

impl Failure {
    fn rate_limited(&self) -> bool {
        matches!(self.status, Some(403 | 429))
            && (self.retry_after.is_some()
                || self.remaining.as_deref().map(str::trim) == Some("0")
                || self.is_secondary())
    }

    fn is_secondary(&self) -> bool {
        self.message
            .to_ascii_lowercase()
            .contains("secondary rate limit")
    }

    /// What the server asked us to wait, if it said.
    fn server_wait(&self, now: SystemTime) -> Option<Duration> {
        if let Some(wait) = self
            .retry_after
            .as_deref()
            .and_then(|v| retry_after(v, now))
        {
            return Some(wait);
        }
        if self.remaining.as_deref().map(str::trim) == Some("0") {
            let reset = self.reset.as_deref()?.trim().parse::<u64>().ok()?;
            let reset = SystemTime::UNIX_EPOCH + Duration::from_secs(reset);
            // One second of slack: the reset is a whole second.
            return Some(reset.duration_since(now).unwrap_or_default() + Duration::from_secs(1));
        }
        None
    }
}

/// `Retry-After: <seconds>` or `Retry-After: <HTTP-date>` (RFC 9110 10.2.3).
pub fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or_default())
}

/// The policy for one failed attempt.
fn next(failure: &Failure, replay: Replay, now: SystemTime) -> Next {
    if failure.rate_limited() {
        return Next::Retry(failure.server_wait(now));
    }
    let transient = match failure.status {
        None => true,
        Some(s) => s >= 500,
    };
    match (transient, replay) {
        (false, _) => Next::Final,
        (true, Replay::Safe) => Next::Retry(None),
        (true, Replay::Never) => Next::Ambiguous,
    }
}

/// A successful response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub body: Value,
}

pub struct Client {
    /// `None` when the HTTP client could not be set up; every request then
    /// fails with `setup_error` and the run degrades.
    crab: Option<Octocrab>,
    /// A second client based at the GraphQL endpoint: octocrab prefixes
    /// every path outside its base with the base path, and GitHub
    /// Enterprise's `/api/graphql` is outside `/api/v3`.
    graphql_crab: Option<Octocrab>,
    setup_error: String,
    runtime: Option<tokio::runtime::Runtime>,
    base: String,
    graphql: String,
    has_token: bool,
    /// The first backoff step; retries wait 1, 2, 4… steps.
    backoff: Duration,
    budget: Duration,
    waited: Cell<Duration>,
    /// Log each request's method, path and status on stderr.
    pub verbose: bool,
}

impl Client {
    /// `base` is `GITHUB_API_URL` (e.g. `https://api.github.com`), `graphql`
    /// `GITHUB_GRAPHQL_URL` when Actions sets it. `CANDOR_GITHUB_BACKOFF_MS`
    /// sets the backoff step (default 1000 ms; the tests use 1) and
    /// `CANDOR_GITHUB_RETRY_BUDGET_SECS` the total wait budget.
    pub fn new(base: &str, graphql: Option<&str>, token: Option<String>) -> Self {
        let env_u64 = |k: &str| {
            std::env::var(k)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        let base = base.trim_end_matches('/').to_string();
        let graphql = graphql.map_or_else(|| graphql_url(&base), String::from);
        let token = token.filter(|t| !t.is_empty());
        let has_token = token.is_some();
        let mut client = Client {
            crab: None,
            graphql_crab: None,
            setup_error: String::new(),
            runtime: None,
            base,
            graphql,
            has_token,
            backoff: Duration::from_millis(env_u64("CANDOR_GITHUB_BACKOFF_MS").unwrap_or(1000)),
            budget: env_u64("CANDOR_GITHUB_RETRY_BUDGET_SECS")
                .map_or(DEFAULT_BUDGET, Duration::from_secs),
            waited: Cell::new(Duration::ZERO),
            verbose: true,
        };
        let runtime = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(rt) => rt,
            Err(e) => {
                client.setup_error = format!("cannot start the async runtime: {e}");
                return client;
            }
        };
        let built = {
            // hyper's connector is built inside the runtime it will run on.
            let _entered = runtime.enter();
            build_octocrab(&client.base, token.clone())
                .and_then(|rest| Ok((rest, build_octocrab(&client.graphql, token)?)))
        };
        match built {
            Ok((rest, graphql)) => {
                client.crab = Some(rest);
                client.graphql_crab = Some(graphql);
            }
            Err(e) => client.setup_error = format!("cannot set up the HTTP client: {e}"),
        }
        client.runtime = Some(runtime);
        client
    }

    pub fn has_token(&self) -> bool {
        self.has_token
    }

    fn short<'a>(&self, url: &'a str) -> &'a str {
        url.strip_prefix(self.base.as_str()).unwrap_or(url)
    }

    pub fn get(&self, path: &str) -> Result<Response, ApiError> {
        self.json("GET", path, None, Replay::Safe)
    }

    /// Creates something: never sent twice (see [`ApiError::ambiguous`]).
    pub fn post(&self, path: &str, body: &Value) -> Result<Response, ApiError> {
        self.json("POST", path, Some(body), Replay::Never)
    }

    /// A POST whose repetition is harmless (a read-only GraphQL query, a
    /// content-addressed git object).
    pub fn post_replayable(&self, path: &str, body: &Value) -> Result<Response, ApiError> {
        self.json("POST", path, Some(body), Replay::Safe)
    }

    pub fn patch(&self, path: &str, body: &Value) -> Result<Response, ApiError> {
        self.json("PATCH", path, Some(body), Replay::Safe)
    }

    pub fn put(&self, path: &str, body: &Value) -> Result<Response, ApiError> {
        self.json("PUT", path, Some(body), Replay::Safe)
    }

    /// The viewer's login through GraphQL: works for personal tokens and
    /// for installation tokens (`GITHUB_TOKEN`, GitHub Apps), where
    /// `GET /user` is refused. A bot's GraphQL login lacks the `[bot]`
    /// suffix its REST login (a comment's `user.login`) has.
    pub fn viewer_login(&self) -> Result<String, ApiError> {
        let query = serde_json::json!({"query": "query { viewer { login __typename } }"});
        let url = self.graphql.clone();
        let resp = self.json_with(
            self.graphql_crab.as_ref(),
            "POST",
            &url,
            Some(&query),
            Replay::Safe,
        )?;
        let viewer = resp.body.pointer("/data/viewer");
        let login = viewer.and_then(|v| v.get("login")).and_then(Value::as_str);
        let Some(login) = login.filter(|l| !l.is_empty()) else {
            return Err(ApiError {
                method: "POST",
                path: self.short(&url).to_string(),
                status: Some(resp.status),
                message: "the response names no viewer".into(),
                ambiguous: false,
            });
        };
        let is_bot = viewer
            .and_then(|v| v.get("__typename"))
            .and_then(Value::as_str)
            == Some("Bot");
        Ok(if is_bot && !login.ends_with("[bot]") {
            format!("{login}[bot]")
        } else {
            login.to_string()
        })
    }

    /// Every item of a paginated list through octocrab's [`Page`]
    /// (`per_page=100`, following `Link: rel="next"`), at most `max_pages`.
    pub fn get_all<T: DeserializeOwned>(
        &self,
        path: &str,
        max_pages: usize,
    ) -> Result<Vec<T>, ApiError> {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut next = Some(format!("{path}{sep}per_page=100"));
        let mut items = Vec::new();
        let mut pages = 0;
        while let Some(url) = next.take() {
            let page: Page<T> = self.send(
                self.crab.as_ref(),
                "GET",
                &url,
                None,
                Replay::Safe,
                |resp| async move { Page::<T>::from_response(resp).await },
            )?;
            pages += 1;
            if pages < max_pages {
                // The token must only ever go to GITHUB_API_URL: a `next`
                // link elsewhere ends the listing.
                next = page
                    .next
                    .as_ref()
                    .map(ToString::to_string)
                    .filter(|n| under_base(&self.base, n));
            }
            items.extend(page.items);
        }
        Ok(items)
    }

    fn json(
        &self,
        method: &'static str,
        path: &str,
        body: Option<&Value>,
        replay: Replay,
    ) -> Result<Response, ApiError> {
        self.json_with(self.crab.as_ref(), method, path, body, replay)
    }

    fn json_with(
        &self,
        via: Option<&Octocrab>,
        method: &'static str,
        path: &str,
        body: Option<&Value>,
        replay: Replay,
    ) -> Result<Response, ApiError> {
        let crab = via.cloned();
        self.send(via, method, path, body, replay, |resp| async move {
            let status = resp.status().as_u16();
            let text = match crab {
                Some(c) => c.body_to_string(resp).await?,
                None => String::new(),
            };
            let body = if text.trim().is_empty() {
                Value::Null
            } else {
                serde_json::from_str(&text).unwrap_or(Value::String(text))
            };
            Ok(Response { status, body })
        })
    }

    /// One request with the retry policy; `read` turns a 2xx response into
    /// the result.
    fn send<R, F, Fut>(
        &self,
        via: Option<&Octocrab>,
        method: &'static str,
        path: &str,
        body: Option<&Value>,
        replay: Replay,
        read: F,
    ) -> Result<R, ApiError>
    where
        F: FnOnce(RawResponse) -> Fut,
        Fut: std::future::Future<Output = octocrab::Result<R>>,
    {
        let short = self.short(path).to_string();
        let error = |status, message: String, ambiguous| ApiError {
            method,
            path: short.clone(),
            status,
            message,
            ambiguous,
        };
        let (Some(crab), Some(rt)) = (via, &self.runtime) else {
            return Err(error(None, self.setup_error.clone(), false));
        };
        let mut attempt = 0;
        let mut read = Some(read);
        loop {
            let failure = match rt.block_on(attempt_once(crab, method, path, body)) {
                Ok(resp) if resp.status().is_success() => {
                    if self.verbose {
                        eprintln!("candor: {method} {short} → {}", resp.status().as_u16());
                    }
                    let read = read.take().expect("read once, on the one success");
                    return rt
                        .block_on(read(resp))
                        .map_err(|e| error(None, format!("unreadable response: {e}"), false));
                }
                Ok(resp) => rt.block_on(failure_of(crab, resp)),
                Err(e) => Failure {
                    status: None,
                    message: transport_message(&e),
                    ..Failure::default()
                },
            };
            if self.verbose {
                match failure.status {
                    Some(s) => eprintln!("candor: {method} {short} → {s}"),
                    None => eprintln!("candor: {method} {short} failed: {}", failure.message),
                }
            }
            let now = SystemTime::now();
            let wait = match next(&failure, replay, now) {
                Next::Final => return Err(error(failure.status, failure.message, false)),
                Next::Ambiguous => return Err(error(failure.status, failure.message, true)),
                Next::Retry(_) if attempt >= MAX_RETRIES => {
                    let ambiguous = replay == Replay::Never && !failure.rate_limited();
                    return Err(error(failure.status, failure.message, ambiguous));
                }
                Next::Retry(asked) => {
                    let step = self.backoff * 2u32.pow(attempt);
                    match asked {
                        Some(w) => w,
                        None if failure.rate_limited() && failure.is_secondary() => {
                            self.backoff * SECONDARY_WAIT_STEPS * 2u32.pow(attempt)
                        }
                        None => step,
                    }
                }
            };
            let spent = self.waited.get();
            if spent + wait > self.budget {
                let message = format!(
                    "{} (retrying would wait {} s; the run's retry budget of {} s has {} s left)",
                    failure.message,
                    wait.as_secs(),
                    self.budget.as_secs(),
                    self.budget.saturating_sub(spent).as_secs()
                );
                let ambiguous = replay == Replay::Never && !failure.rate_limited();
                return Err(error(failure.status, message, ambiguous));
            }
            self.waited.set(spent + wait);
            // The timer must be made inside the runtime (it registers there).
            rt.block_on(async { tokio::time::sleep(wait).await });
            attempt += 1;
        }
    }
}

type RawResponse =
    http::Response<http_body_util::combinators::BoxBody<bytes::Bytes, octocrab::Error>>;

fn build_octocrab(base: &str, token: Option<String>) -> octocrab::Result<Octocrab> {
    let mut builder = Octocrab::builder()
        .base_uri(base)?
        .add_header(
            http::header::ACCEPT,
            "application/vnd.github+json".to_string(),
        )
        .add_header(
            http::HeaderName::from_static("x-github-api-version"),
            "2022-11-28".to_string(),
        )
        .set_connect_timeout(Some(Duration::from_secs(15)))
        .set_read_timeout(Some(Duration::from_secs(60)))
        .set_write_timeout(Some(Duration::from_secs(60)));
    if let Some(token) = token {
        builder = builder.personal_token(token);
    }
    builder.build()
}

async fn attempt_once(
    crab: &Octocrab,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> octocrab::Result<RawResponse> {
    match method {
        "GET" => crab._get(path).await,
        "POST" => crab._post(path, body).await,
        "PATCH" => crab._patch(path, body).await,
        "PUT" => crab._put(path, body).await,
        other => unreachable!("candor sends no {other} requests"),
    }
}

async fn failure_of(crab: &Octocrab, resp: RawResponse) -> Failure {
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(String::from)
    };
    let mut failure = Failure {
        status: Some(resp.status().as_u16()),
        retry_after: header("retry-after"),
        remaining: header("x-ratelimit-remaining"),
        reset: header("x-ratelimit-reset"),
        ..Failure::default()
    };
    let text = crab.body_to_string(resp).await.unwrap_or_default();
    failure.message = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v.get("message").and_then(Value::as_str).map(String::from))
        .unwrap_or_else(|| text.chars().take(200).collect());
    failure
}

/// octocrab's error with its sources: hyper's "connection closed before
/// message completed" sits a few levels down. None of them carries headers.
fn transport_message(e: &octocrab::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let s_text = s.to_string();
        if !message.contains(&s_text) {
            message.push_str(": ");
            message.push_str(&s_text);
        }
        source = s.source();
    }
    message
}

/// GitHub Enterprise serves GraphQL at `/api/graphql`, next to `/api/v3`.
fn graphql_url(base: &str) -> String {
    match base.strip_suffix("/api/v3") {
        Some(host) => format!("{host}/api/graphql"),
        None => format!("{base}/graphql"),
    }
}

/// Whether `url` is on the API at `base` (same scheme, host and path prefix).
pub fn under_base(base: &str, url: &str) -> bool {
    url.strip_prefix(base)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(status: u16, message: &str) -> Failure {
        Failure {
            status: Some(status),
            message: message.into(),
            ..Failure::default()
        }
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

    #[test]
    fn graphql_sits_next_to_the_rest_api() {
        assert_eq!(
            graphql_url("https://api.github.com"),
            "https://api.github.com/graphql"
        );
        assert_eq!(
            graphql_url("https://ghe.example.com/api/v3"),
            "https://ghe.example.com/api/graphql"
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        // RFC 9110's example date is 784111777 seconds after the epoch.
        assert_eq!(
            retry_after(
                "Sun, 06 Nov 1994 08:49:37 GMT",
                now - Duration::from_secs(30)
            ),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            retry_after(
                "Sun, 06 Nov 1994 08:49:37 GMT",
                now + Duration::from_secs(5)
            ),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn writes_are_not_repeated_after_an_ambiguous_failure() {
        let now = SystemTime::now();
        let lost = Failure::default();
        assert_eq!(next(&lost, Replay::Never, now), Next::Ambiguous);
        assert_eq!(next(&lost, Replay::Safe, now), Next::Retry(None));
        let bad_gateway = failure(502, "Bad gateway");
        assert_eq!(next(&bad_gateway, Replay::Never, now), Next::Ambiguous);
        assert_eq!(next(&bad_gateway, Replay::Safe, now), Next::Retry(None));
        for status in [400, 401, 403, 404, 409, 422] {
            assert_eq!(next(&failure(status, "no"), Replay::Safe, now), Next::Final);
        }
    }

    #[test]
    fn rate_limits_are_retried_for_every_method() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1000);
        let secondary = failure(
            403,
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        );
        assert_eq!(next(&secondary, Replay::Never, now), Next::Retry(None));
        let primary = Failure {
            remaining: Some("0".into()),
            reset: Some("1010".into()),
            ..failure(403, "API rate limit exceeded")
        };
        assert_eq!(
            next(&primary, Replay::Never, now),
            Next::Retry(Some(Duration::from_secs(11)))
        );
        let told = Failure {
            retry_after: Some("7".into()),
            ..failure(429, "slow down")
        };
        assert_eq!(
            next(&told, Replay::Never, now),
            Next::Retry(Some(Duration::from_secs(7)))
        );
        // A plain 403 (a read-only token) is final.
        assert_eq!(
            next(
                &failure(403, "Resource not accessible by integration"),
                Replay::Safe,
                now
            ),
            Next::Final
        );
    }
}
