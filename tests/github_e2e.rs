//! `candor github` end to end: the real binary against a fake GitHub API
//! (a small HTTP/1.1 server on 127.0.0.1 that records every request),
//! reached through `GITHUB_API_URL`. The fake can fail on demand the way
//! GitHub does: 403 (read-only token), 422 (a rejected annotation), 502,
//! primary and secondary rate limits, and lost responses (the write is
//! applied, then the connection closes without an answer).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Value, json};

const TOKEN: &str = "ghs_FAKEtoken0123456789abcdefXYZ";
const KEY_BODY: &str = "c92P2+zHd3OC2pYwL82DeaGdyy8Yck0kF4nP47GiCpj7ZfZzp72dpiifA9SHEA8J";

fn key() -> String {
    format!(
        "-----BEGIN PRIVATE KEY-----\n{KEY_BODY}\nMOE9mQfHdlNwl9cyhDujS38BqRV1p0do/43+7tcVtUFQwjqDSQcRkMQbZhvYSmIR\n-----END PRIVATE KEY-----\n"
    )
}

#[derive(Debug, Clone)]
struct Recorded {
    method: String,
    path: String,
    body: String,
    auth: Option<String>,
    at: Instant,
}

#[derive(Debug, Clone)]
struct FakeComment {
    id: u64,
    body: String,
    login: String,
}

#[derive(Default)]
struct State {
    requests: Vec<Recorded>,
    pr_files: Vec<Value>,
    comments: Vec<FakeComment>,
    /// The token's identity as GraphQL's `viewer` reports it: login and
    /// `__typename` (a bot's login has no `[bot]` suffix there).
    viewer: (String, String),
    next_id: u64,
    /// Annotations received per check run id, and its final state.
    check_runs: BTreeMap<u64, (Vec<Value>, Value)>,
    /// `"METHOD /path-prefix"` answered with 403.
    deny: Vec<String>,
    /// `"METHOD /path-prefix"` answered with 502 this many more times.
    fail_502: Vec<(String, usize)>,
    /// `"METHOD /path-prefix"` answered with a rate-limit 403 this many more times.
    rate_limit: Vec<(String, usize)>,
    /// `"METHOD /path-prefix"` answered with a secondary-rate-limit 403 this
    /// many more times, with this `Retry-After` (none: no headers at all;
    /// `date+N`: the HTTP-date N seconds after the answer).
    secondary: Vec<(String, usize, Option<String>)>,
    /// `"METHOD /path-prefix"` applied, then the connection closed without
    /// an answer, this many more times.
    lose: Vec<(String, usize)>,
    /// Check-run PATCHes carrying an annotation on a path containing this
    /// are refused with 422, like GitHub refusing an invalid annotation.
    reject_annotations_on: Option<String>,
    /// Extra environment for the candor process.
    env: Vec<(String, String)>,
    branches: BTreeSet<String>,
    /// Badge branch files: path → (sha, content).
    files: BTreeMap<String, (String, String)>,
}

struct Fake {
    url: String,
    state: Arc<Mutex<State>>,
}

impl Fake {
    fn start() -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State {
            next_id: 100,
            viewer: ("github-actions".into(), "Bot".into()),
            ..State::default()
        }));
        let (s, u) = (state.clone(), url.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                handle(stream, &s, &u);
            }
        });
        Fake { url, state }
    }

    fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }

    fn sequence(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }
}

fn handle(stream: TcpStream, state: &Mutex<State>, base: &str) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let mut length = 0;
    let mut auth = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
        let (k, v) = line.split_once(':').unwrap_or((&line, ""));
        match k.to_ascii_lowercase().as_str() {
            "content-length" => length = v.trim().parse().unwrap_or(0),
            "authorization" => auth = Some(v.trim().to_string()),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let body = String::from_utf8_lossy(&body).into_owned();
    let (status, headers, resp, lost) = {
        let mut st = state.lock().unwrap();
        st.requests.push(Recorded {
            method: method.clone(),
            path: target.clone(),
            body: body.clone(),
            auth,
            at: Instant::now(),
        });
        let key = format!("{method} {target}");
        let mut lost = false;
        for (prefix, n) in &mut st.lose {
            if *n > 0 && key.starts_with(prefix.as_str()) {
                *n -= 1;
                lost = true;
                break;
            }
        }
        let (status, headers, resp) = route(&mut st, &method, &target, &body, base);
        (status, headers, resp, lost)
    };
    if lost {
        // Applied, but the answer never arrives: close without a response.
        let _ = stream.shutdown(std::net::Shutdown::Both);
        return;
    }
    let text = resp.to_string();
    let mut out = stream;
    let _ = write!(
        out,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n{text}",
        text.len()
    );
}

fn route(
    st: &mut State,
    method: &str,
    target: &str,
    body: &str,
    base: &str,
) -> (u16, String, Value) {
    let key = format!("{method} {target}");
    if st.deny.iter().any(|d| key.starts_with(d.as_str())) {
        return (
            403,
            String::new(),
            json!({"message": "Resource not accessible by integration"}),
        );
    }
    for (prefix, n) in &mut st.fail_502 {
        if *n > 0 && key.starts_with(prefix.as_str()) {
            *n -= 1;
            return (502, String::new(), json!({"message": "Bad gateway"}));
        }
    }
    for (prefix, n, retry_after) in &mut st.secondary {
        if *n > 0 && key.starts_with(prefix.as_str()) {
            *n -= 1;
            // `date+N`: an HTTP-date N seconds after this answer.
            let headers = retry_after.as_ref().map_or_else(String::new, |r| {
                let value = match r.strip_prefix("date+") {
                    Some(n) => httpdate::fmt_http_date(
                        SystemTime::now() + Duration::from_secs(n.parse().unwrap()),
                    ),
                    None => r.clone(),
                };
                format!("Retry-After: {value}\r\n")
            });
            return (
                403,
                headers,
                json!({"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}),
            );
        }
    }
    for (prefix, n) in &mut st.rate_limit {
        if *n > 0 && key.starts_with(prefix.as_str()) {
            *n -= 1;
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs();
            let headers = format!("x-ratelimit-remaining: 0\r\nx-ratelimit-reset: {now}\r\n");
            return (403, headers, json!({"message": "API rate limit exceeded"}));
        }
    }
    // GitHub Enterprise: REST under /api/v3, GraphQL at /api/graphql.
    let (prefix, target) = match target.strip_prefix("/api/v3") {
        Some(rest) => ("/api/v3", rest),
        None if target == "/api/graphql" => ("/api", "/graphql"),
        None => ("", target),
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let body: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let id = st.next_id;
    match (method, &segs[..]) {
        ("GET", ["repos", "o", "r", "pulls", "7", "files"]) => {
            // Two files per page, whatever per_page says, to exercise Link.
            let page: usize = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("page="))
                .and_then(|p| p.parse().ok())
                .unwrap_or(1);
            let items: Vec<Value> = st
                .pr_files
                .iter()
                .skip((page - 1) * 2)
                .take(2)
                .map(diff_entry)
                .collect();
            let more = st.pr_files.len() > page * 2;
            let link = if more {
                format!(
                    "Link: <{base}{prefix}{path}?per_page=100&page={}>; rel=\"next\"\r\n",
                    page + 1
                )
            } else {
                String::new()
            };
            (200, link, Value::Array(items))
        }
        ("POST", ["graphql"]) => {
            assert!(body["query"].as_str().unwrap().contains("viewer"), "{body}");
            let (login, kind) = st.viewer.clone();
            (
                200,
                String::new(),
                json!({"data": {"viewer": {"login": login, "__typename": kind}}}),
            )
        }
        ("GET", ["repos", "o", "r", "commits", _sha, "check-runs"]) => {
            let runs: Vec<Value> = st
                .check_runs
                .iter()
                .map(|(id, (_, run))| json!({"id": id, "name": run["name"], "external_id": run["external_id"]}))
                .collect();
            (
                200,
                String::new(),
                json!({"total_count": runs.len(), "check_runs": runs}),
            )
        }
        ("POST", ["repos", "o", "r", "check-runs"]) => {
            st.next_id += 1;
            let ann = body["output"]["annotations"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            st.check_runs.insert(id, (ann, body.clone()));
            (201, String::new(), json!({"id": id}))
        }
        ("PATCH", ["repos", "o", "r", "check-runs", run]) => {
            let run: u64 = run.parse().unwrap();
            if let Some(bad) = &st.reject_annotations_on {
                let rejected = body["output"]["annotations"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|a| a["path"].as_str().unwrap().contains(bad.as_str()));
                if rejected {
                    return (
                        422,
                        String::new(),
                        json!({"message": "Invalid request.\n\nFor 'items', annotation path is invalid."}),
                    );
                }
            }
            let Some(entry) = st.check_runs.get_mut(&run) else {
                return (404, String::new(), json!({"message": "Not Found"}));
            };
            entry.0.extend(
                body["output"]["annotations"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
            );
            for (k, v) in body.as_object().unwrap() {
                entry.1[k] = v.clone();
            }
            (200, String::new(), json!({"id": run}))
        }
        ("GET", ["repos", "o", "r", "issues", "7", "comments"]) => {
            let mut list = vec![comment_json(&FakeComment {
                id: 1,
                body: "LGTM".into(),
                login: "octocat".into(),
            })];
            list.extend(st.comments.iter().map(comment_json));
            (200, String::new(), Value::Array(list))
        }
        ("POST", ["repos", "o", "r", "issues", "7", "comments"]) => {
            st.next_id += 1;
            let (login, kind) = &st.viewer;
            let login = if kind == "Bot" {
                format!("{login}[bot]")
            } else {
                login.clone()
            };
            let c = FakeComment {
                id,
                body: body["body"].as_str().unwrap().to_string(),
                login,
            };
            let json = comment_json(&c);
            st.comments.push(c);
            (201, String::new(), json)
        }
        ("PATCH", ["repos", "o", "r", "issues", "comments", cid]) => {
            let cid: u64 = cid.parse().unwrap();
            let (login, kind) = st.viewer.clone();
            let me = if kind == "Bot" {
                format!("{login}[bot]")
            } else {
                login
            };
            match st.comments.iter_mut().find(|c| c.id == cid) {
                // GitHub: only the author (or a maintainer) may edit.
                Some(c) if c.login != me => (
                    403,
                    String::new(),
                    json!({"message": "Resource not accessible by integration"}),
                ),
                Some(c) => {
                    c.body = body["body"].as_str().unwrap().to_string();
                    (200, String::new(), comment_json(c))
                }
                None => (404, String::new(), json!({"message": "Not Found"})),
            }
        }
        ("GET", ["repos", "o", "r", "branches", b]) => {
            if st.branches.contains(*b) {
                (200, String::new(), json!({"name": b}))
            } else {
                (404, String::new(), json!({"message": "Branch not found"}))
            }
        }
        ("POST", ["repos", "o", "r", "git", "trees"]) => {
            for entry in body["tree"].as_array().unwrap() {
                st.next_id += 1;
                let sha = format!("blob-{}", st.next_id);
                st.files.insert(
                    entry["path"].as_str().unwrap().to_string(),
                    (sha, entry["content"].as_str().unwrap().to_string()),
                );
            }
            (201, String::new(), json!({"sha": "tree-1"}))
        }
        ("POST", ["repos", "o", "r", "git", "commits"]) => {
            assert_eq!(body["parents"], json!([]), "the badge branch is an orphan");
            (201, String::new(), json!({"sha": "commit-1"}))
        }
        ("POST", ["repos", "o", "r", "git", "refs"]) => {
            let r = body["ref"].as_str().unwrap();
            st.branches
                .insert(r.trim_start_matches("refs/heads/").to_string());
            (201, String::new(), json!({"ref": r}))
        }
        ("GET", ["repos", "o", "r", "contents", file]) => match st.files.get(*file) {
            Some((sha, _)) => (200, String::new(), json!({"sha": sha, "content": "b2xk\n"})),
            None => (404, String::new(), json!({"message": "Not Found"})),
        },
        ("PUT", ["repos", "o", "r", "contents", file]) => {
            let current = st.files.get(*file).map(|(s, _)| s.clone());
            if body["sha"].as_str().map(String::from) != current {
                return (409, String::new(), json!({"message": "sha does not match"}));
            }
            st.next_id += 1;
            let sha = format!("blob-{}", st.next_id);
            st.files.insert(
                file.to_string(),
                (sha, body["content"].as_str().unwrap().to_string()),
            );
            (200, String::new(), json!({"content": {"sha": "x"}}))
        }
        _ => (404, String::new(), json!({"message": "Not Found"})),
    }
}

/// A user as the REST API returns it (every field octocrab's `Author` needs).
fn user_json(login: &str) -> Value {
    let u = format!(
        "https://github.example/users/{}",
        login.replace(['[', ']'], "")
    );
    json!({
        "login": login, "id": 41898282, "node_id": "MDM6Qm90NDE4OTgyODI=",
        "avatar_url": format!("{u}/avatar"), "gravatar_id": "", "url": u, "html_url": u,
        "followers_url": u, "following_url": u, "gists_url": u, "starred_url": u,
        "subscriptions_url": u, "organizations_url": u, "repos_url": u, "events_url": u,
        "received_events_url": u,
        "type": if login.ends_with("[bot]") { "Bot" } else { "User" },
        "site_admin": false
    })
}

fn comment_json(c: &FakeComment) -> Value {
    let url = format!("https://github.example/o/r/issues/comments/{}", c.id);
    json!({
        "id": c.id, "node_id": format!("IC_{}", c.id), "url": url, "html_url": url,
        "body": c.body, "user": user_json(&c.login),
        "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"
    })
}

/// A PR file as `GET /pulls/{n}/files` returns it, from the test's
/// `filename`, `status` and `patch`.
fn diff_entry(f: &Value) -> Value {
    let mut entry = json!({
        "sha": "0123456789abcdef0123456789abcdef01234567",
        "additions": 1, "deletions": 0, "changes": 1,
        "blob_url": "https://github.example/blob", "raw_url": "https://github.example/raw",
        "contents_url": "https://github.example/contents",
    });
    for (k, v) in f.as_object().unwrap() {
        entry[k] = v.clone();
    }
    entry
}

/// A checkout: `app.py` (changed, clean), `deploy/new.key` (added by the
/// PR), `old/legacy.key` (a finding outside the diff).
struct Checkout {
    dir: tempfile::TempDir,
}

impl Checkout {
    fn new() -> Checkout {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("app.py"),
            "import os\n\nVALUE = os.environ[\"X\"]\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("deploy")).unwrap();
        std::fs::write(dir.path().join("deploy/new.key"), key()).unwrap();
        std::fs::create_dir_all(dir.path().join("old")).unwrap();
        std::fs::write(dir.path().join("old/legacy.key"), key()).unwrap();
        Checkout { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn pr_files() -> Vec<Value> {
        let added: String = key().lines().map(|l| format!("+{l}\n")).collect();
        vec![
            json!({"filename": "app.py", "status": "modified", "patch": "@@ -1,2 +1,3 @@\n import os\n+\n+VALUE = os.environ[\"X\"]"}),
            json!({"filename": "deploy/new.key", "status": "added", "patch": format!("@@ -0,0 +1,4 @@\n{added}")}),
            json!({"filename": "README.md", "status": "removed"}),
        ]
    }
}

struct Run {
    out: Output,
    summary: String,
    outputs: String,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }
}

fn run(fake: &Fake, checkout: &Path, event: &str, args: &[&str]) -> Run {
    let gh = tempfile::tempdir().unwrap();
    let event_path = gh.path().join("event.json");
    let payload = if event.starts_with("pull_request") {
        json!({"pull_request": {"number": 7, "head": {"sha": "headsha"}}})
    } else {
        json!({"ref": "refs/heads/main", "repository": {"default_branch": "main"}})
    };
    std::fs::write(&event_path, payload.to_string()).unwrap();
    let summary = gh.path().join("summary.md");
    let outputs = gh.path().join("output.txt");
    let out = Command::new(env!("CARGO_BIN_EXE_candor"))
        .arg("github")
        .args(args)
        .current_dir(checkout)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_REPOSITORY", "o/r")
        .env("GITHUB_EVENT_NAME", event)
        .env("GITHUB_EVENT_PATH", &event_path)
        .env("GITHUB_SHA", "pushsha")
        .env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_API_URL", &fake.url)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("GITHUB_WORKSPACE", checkout)
        .env("CANDOR_GITHUB_BACKOFF_MS", "1")
        .envs(extra_env(fake))
        .output()
        .expect("runs");
    let run = Run {
        out,
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
        outputs: std::fs::read_to_string(&outputs).unwrap_or_default(),
    };
    assert_secret_and_token_safe(fake, &run);
    run
}

/// No request body carries key material; the token is sent only as the
/// Authorization header and never printed.
fn assert_secret_and_token_safe(fake: &Fake, run: &Run) {
    for r in fake.requests() {
        assert!(
            !r.body.contains("c92P2+zH"),
            "secret in {} {}: {}",
            r.method,
            r.path,
            r.body
        );
        assert!(
            !r.body.contains("MOE9mQfH"),
            "secret in {} {}",
            r.method,
            r.path
        );
        assert!(!r.body.contains(TOKEN));
        assert_eq!(r.auth.as_deref(), Some(format!("Bearer {TOKEN}").as_str()));
    }
    for text in [
        run.stdout(),
        run.stderr(),
        run.summary.clone(),
        run.outputs.clone(),
    ] {
        assert!(!text.contains(TOKEN), "token printed");
        assert!(!text.contains("c92P2+zH"), "secret printed:\n{text}");
    }
}

/// Per-fake environment the tests set (`State::env`).
fn extra_env(fake: &Fake) -> Vec<(String, String)> {
    fake.state.lock().unwrap().env.clone()
}

fn fake_pr() -> Fake {
    let fake = Fake::start();
    fake.state.lock().unwrap().pr_files = Checkout::pr_files();
    fake
}

#[test]
fn pr_run_creates_then_updates_one_comment_and_a_check_run() {
    let checkout = Checkout::new();
    let fake = fake_pr();
    let first = run(
        &fake,
        checkout.path(),
        "pull_request",
        &["--sarif", "candor.sarif"],
    );
    assert_eq!(first.out.status.code(), Some(1), "{}", first.stderr());
    let seq = fake.sequence();
    if std::env::var_os("CANDOR_PRINT_REQUESTS").is_some() {
        for r in fake.requests() {
            eprintln!(
                "{} {}  {}",
                r.method,
                r.path,
                r.body.chars().take(160).collect::<String>()
            );
        }
        eprintln!(
            "--- stderr ---\n{}--- stdout ---\n{}--- outputs ---\n{}--- summary ---\n{}",
            first.stderr(),
            first.stdout(),
            first.outputs,
            first.summary
        );
    }
    assert_eq!(
        seq,
        vec![
            "GET /repos/o/r/pulls/7/files?per_page=100",
            "GET /repos/o/r/pulls/7/files?per_page=100&page=2",
            "POST /repos/o/r/check-runs",
            "PATCH /repos/o/r/check-runs/100",
            "POST /graphql",
            "GET /repos/o/r/issues/7/comments?per_page=100",
            "POST /repos/o/r/issues/7/comments",
        ]
    );
    // Created completed, so nothing after the POST can leave it in progress.
    let create: Value = serde_json::from_str(&fake.requests()[2].body).unwrap();
    assert_eq!(create["status"], "completed");
    assert_eq!(create["conclusion"], "failure");
    assert!(
        create["external_id"]
            .as_str()
            .unwrap()
            .starts_with("candor:")
    );
    {
        let st = fake.state.lock().unwrap();
        let (annotations, run) = &st.check_runs[&100];
        assert_eq!(run["head_sha"], "headsha");
        assert_eq!(run["status"], "completed");
        assert_eq!(run["conclusion"], "failure");
        // Only the key the PR adds; old/legacy.key is outside the diff.
        assert_eq!(annotations.len(), 1, "{annotations:?}");
        assert_eq!(annotations[0]["path"], "deploy/new.key");
        assert_eq!(annotations[0]["annotation_level"], "failure");
        assert_eq!(annotations[0]["start_line"], 1);
        assert_eq!(st.comments.len(), 1);
        assert!(st.comments[0].body.starts_with("<!-- candor:report -->\n"));
    }
    // Annotated through the check run: no workflow commands.
    assert!(!first.stdout().contains("::error"), "{}", first.stdout());
    assert!(first.outputs.contains("findings=2\n"), "{}", first.outputs);
    assert!(first.outputs.contains("sarif-file=candor.sarif\n"));
    assert!(first.outputs.contains("score="));
    assert!(first.summary.contains("candor"));
    assert!(checkout.path().join("candor.sarif").exists());

    // Second run: the same comment is found and updated, never duplicated.
    std::fs::write(checkout.path().join("deploy/other.key"), key()).unwrap();
    fake.state.lock().unwrap().requests.clear();
    let second = run(&fake, checkout.path(), "pull_request", &[]);
    assert_eq!(second.out.status.code(), Some(1));
    let seq = fake.sequence();
    assert!(
        seq.contains(&"PATCH /repos/o/r/issues/comments/101".to_string()),
        "{seq:?}"
    );
    assert!(
        !seq.iter().any(|s| s.starts_with("POST /repos/o/r/issues")),
        "{seq:?}"
    );
    let st = fake.state.lock().unwrap();
    assert_eq!(st.comments.len(), 1);
    assert!(
        st.comments[0].body.contains("other.key"),
        "{}",
        st.comments[0].body
    );
}

#[test]
fn more_than_fifty_annotations_are_sent_in_batches() {
    let checkout = Checkout::new();
    let many: String = (0..120).map(|_| key()).collect();
    std::fs::write(checkout.path().join("deploy/new.key"), &many).unwrap();
    let fake = Fake::start();
    let added: String = many.lines().map(|l| format!("+{l}\n")).collect();
    fake.state.lock().unwrap().pr_files = vec![
        json!({"filename": "deploy/new.key", "status": "added", "patch": format!("@@ -0,0 +1,480 @@\n{added}")}),
    ];
    let r = run(&fake, checkout.path(), "pull_request", &[]);
    assert_eq!(r.out.status.code(), Some(1), "{}", r.stderr());
    let reqs = fake.requests();
    let check: Vec<&Recorded> = reqs
        .iter()
        .filter(|r| r.path.contains("check-runs"))
        .collect();
    let sizes: Vec<usize> = check
        .iter()
        .map(|r| {
            let b: Value = serde_json::from_str(&r.body).unwrap();
            b["output"]["annotations"].as_array().map_or(0, Vec::len)
        })
        .collect();
    assert_eq!(sizes, vec![0, 50, 50, 20], "{:?}", fake.sequence());
    let st = fake.state.lock().unwrap();
    let lines: BTreeSet<u64> = st.check_runs[&100]
        .0
        .iter()
        .map(|a| a["start_line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines.len(), 120, "every key annotated once");
}

#[test]
fn fork_403_degrades_to_workflow_commands_and_summary() {
    let checkout = Checkout::new();
    let many: String = (0..15).map(|_| key()).collect();
    std::fs::write(checkout.path().join("deploy/new.key"), &many).unwrap();
    let fake = Fake::start();
    let added: String = many.lines().map(|l| format!("+{l}\n")).collect();
    {
        let mut st = fake.state.lock().unwrap();
        st.pr_files = vec![
            json!({"filename": "deploy/new.key", "status": "added", "patch": format!("@@ -0,0 +1,60 @@\n{added}")}),
        ];
        st.deny = vec![
            "POST /repos/o/r/check-runs".into(),
            "POST /repos/o/r/issues".into(),
        ];
    }
    let r = run(&fake, checkout.path(), "pull_request", &[]);
    // Same exit code as with a write token: the findings decide.
    assert_eq!(r.out.status.code(), Some(1), "{}", r.stderr());
    let stdout = r.stdout();
    let errors = stdout
        .lines()
        .filter(|l| l.starts_with("::error file=deploy/new.key,line="))
        .count();
    assert_eq!(errors, 10, "GitHub shows 10 per level per step:\n{stdout}");
    assert!(
        stdout.contains("::notice title=candor::the token may not create the check run"),
        "{stdout}"
    );
    assert!(stdout.contains("fork"));
    assert!(
        r.summary
            .contains("5 of 15 in-diff finding(s) were not annotated"),
        "{}",
        r.summary
    );
    assert!(r.summary.contains("may not post the PR comment"));
    // No retries on a plain 403.
    let posts = fake
        .sequence()
        .iter()
        .filter(|s| s.starts_with("POST /repos/o/r/check-runs"))
        .count();
    assert_eq!(posts, 1);
    assert_eq!(fake.state.lock().unwrap().comments.len(), 0);
}

#[test]
fn bad_gateway_is_retried() {
    let checkout = Checkout::new();
    let fake = fake_pr();
    fake.state.lock().unwrap().fail_502 = vec![
        ("POST /repos/o/r/check-runs".into(), 1),
        ("GET /repos/o/r/issues".into(), 2),
    ];
    let r = run(&fake, checkout.path(), "pull_request", &[]);
    assert_eq!(r.out.status.code(), Some(1), "{}", r.stderr());
    let seq = fake.sequence();
    // A POST is not simply repeated: the run is looked up first (the 502
    // may have come after GitHub created it); it is not there, so it is
    // created again.
    assert_eq!(
        seq[2..5],
        [
            "POST /repos/o/r/check-runs",
            "GET /repos/o/r/commits/headsha/check-runs?check_name=candor&filter=all&per_page=100",
            "POST /repos/o/r/check-runs",
        ],
        "{seq:?}"
    );
    assert_eq!(fake.state.lock().unwrap().check_runs.len(), 1);
    assert_eq!(
        seq.iter()
            .filter(|s| s.starts_with("GET /repos/o/r/issues/7/comments"))
            .count(),
        3
    );
    assert!(!r.stdout().contains("::notice"), "{}", r.stdout());
    assert_eq!(fake.state.lock().unwrap().comments.len(), 1);
}

#[test]
fn persistent_5xx_on_a_post_degrades_after_one_looked_up_repeat() {
    let checkout = Checkout::new();
    let fake = fake_pr();
    fake.state.lock().unwrap().fail_502 = vec![("POST /repos/o/r/check-runs".into(), 100)];
    let r = run(&fake, checkout.path(), "pull_request", &[]);
    assert_eq!(r.out.status.code(), Some(1));
    let posts = fake
        .sequence()
        .iter()
        .filter(|s| *s == "POST /repos/o/r/check-runs")
        .count();
    assert_eq!(posts, 2, "one try, a look-up, one more try");
    assert!(
        r.stdout().contains("::error file=deploy/new.key"),
        "{}",
        r.stdout()
    );
    assert!(r.stdout().contains("could not create the check run"));
}

#[test]
fn push_event_has_no_pr_comment() {
    let checkout = Checkout::new();
    let fake = Fake::start();
    let r = run(&fake, checkout.path(), "push", &["--exit-zero"]);
    assert_eq!(r.out.status.code(), Some(0), "{}", r.stderr());
    let seq = fake.sequence();
    assert_eq!(
        seq,
        vec![
            "POST /repos/o/r/check-runs",
            "PATCH /repos/o/r/check-runs/100"
        ],
    );
    let st = fake.state.lock().unwrap();
    let (annotations, run) = &st.check_runs[&100];
    assert_eq!(run["head_sha"], "pushsha");
    assert_eq!(run["conclusion"], "success");
    // No diff on push: every finding is annotated.
    assert_eq!(annotations.len(), 2);
}

#[test]
fn badge_is_published_then_updated_and_degrades_when_read_only() {
    let checkout = Checkout::new();
    let fake = Fake::start();
    let args = ["--publish-badge", "--check-run", "false"];
    let first = run(&fake, checkout.path(), "push", &args);
    assert_eq!(first.out.status.code(), Some(1), "{}", first.stderr());
    assert_eq!(
        fake.sequence(),
        vec![
            "GET /repos/o/r/branches/candor-badge",
            "POST /repos/o/r/git/trees",
            "POST /repos/o/r/git/commits",
            "POST /repos/o/r/git/refs",
        ]
    );
    let tree: Value = serde_json::from_str(&fake.requests()[1].body).unwrap();
    assert!(
        tree["tree"][0]["content"]
            .as_str()
            .unwrap()
            .contains("<svg")
    );
    assert!(
        tree["tree"][1]["content"]
            .as_str()
            .unwrap()
            .contains("\"schemaVersion\":1")
    );

    fake.state.lock().unwrap().requests.clear();
    let (svg_sha, json_sha) = {
        let st = fake.state.lock().unwrap();
        (
            st.files["badge.svg"].0.clone(),
            st.files["badge.json"].0.clone(),
        )
    };
    let second = run(&fake, checkout.path(), "push", &args);
    assert_eq!(second.out.status.code(), Some(1));
    assert_eq!(
        fake.sequence(),
        vec![
            "GET /repos/o/r/branches/candor-badge",
            "GET /repos/o/r/contents/badge.svg?ref=candor-badge",
            "PUT /repos/o/r/contents/badge.svg",
            "GET /repos/o/r/contents/badge.json?ref=candor-badge",
            "PUT /repos/o/r/contents/badge.json",
        ]
    );
    let reqs = fake.requests();
    let put: Value = serde_json::from_str(&reqs[2].body).unwrap();
    assert_eq!(put["sha"], svg_sha.as_str());
    assert_eq!(put["branch"], "candor-badge");
    let put: Value = serde_json::from_str(&reqs[4].body).unwrap();
    assert_eq!(put["sha"], json_sha.as_str());
    assert!(!second.stdout().contains("::notice"), "{}", second.stdout());

    // A read-only token: a notice, same exit code.
    let fake = Fake::start();
    fake.state.lock().unwrap().deny = vec!["POST /repos/o/r/git".into()];
    let ro = run(&fake, checkout.path(), "push", &args);
    assert_eq!(ro.out.status.code(), Some(1));
    assert!(
        ro.stdout()
            .contains("::notice title=candor::the token may not publish the badge"),
        "{}",
        ro.stdout()
    );

    // On a pull request the flag is ignored with a notice.
    let fake = fake_pr();
    let pr = run(&fake, checkout.path(), "pull_request", &args);
    assert!(pr.stdout().contains("ignored on pull requests"));
    assert!(
        !fake
            .sequence()
            .iter()
            .any(|s| s.contains("git/") || s.contains("contents"))
    );
}

#[test]
fn subfolder_checkouts_map_paths_to_the_repository_root() {
    let checkout = Checkout::new();
    let sub = checkout.path().join("svc");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("x.key"), key()).unwrap();
    let fake = Fake::start();
    let added: String = key().lines().map(|l| format!("+{l}\n")).collect();
    fake.state.lock().unwrap().pr_files = vec![
        json!({"filename": "svc/x.key", "status": "added", "patch": format!("@@ -0,0 +1,4 @@\n{added}")}),
    ];
    // GITHUB_WORKSPACE is the checkout root; the scan runs in svc/.
    let gh_workspace = checkout.path().to_path_buf();
    let out = {
        let r = run_in(&fake, &sub, &gh_workspace);
        r.out
    };
    assert_eq!(out.status.code(), Some(1));
    let st = fake.state.lock().unwrap();
    let (annotations, _) = &st.check_runs[&100];
    assert_eq!(annotations.len(), 1);
    assert_eq!(annotations[0]["path"], "svc/x.key");
}

fn run_in(fake: &Fake, cwd: &Path, workspace: &PathBuf) -> Run {
    let gh = tempfile::tempdir().unwrap();
    let event_path = gh.path().join("event.json");
    std::fs::write(
        &event_path,
        json!({"pull_request": {"number": 7, "head": {"sha": "h"}}}).to_string(),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_candor"))
        .args(["github", "--comment", "false"])
        .current_dir(cwd)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GITHUB_REPOSITORY", "o/r")
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_EVENT_PATH", &event_path)
        .env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_API_URL", &fake.url)
        .env("GITHUB_WORKSPACE", workspace)
        .env("CANDOR_GITHUB_BACKOFF_MS", "1")
        .output()
        .unwrap();
    Run {
        out,
        summary: String::new(),
        outputs: String::new(),
    }
}

#[test]
fn outside_actions_it_explains_itself() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_candor"))
        .arg("github")
        .current_dir(dir.path())
        .env_clear()
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("GITHUB_REPOSITORY is not set"));
}

#[test]
fn rate_limited_403_is_retried_after_the_reset() {
    let checkout = Checkout::new();
    let fake = fake_pr();
    fake.state.lock().unwrap().rate_limit = vec![("POST /repos/o/r/issues/7/comments".into(), 1)];
    let r = run(&fake, checkout.path(), "pull_request", &[]);
    assert_eq!(r.out.status.code(), Some(1), "{}", r.stderr());
    let posts = fake
        .sequence()
        .iter()
        .filter(|s| *s == "POST /repos/o/r/issues/7/comments")
        .count();
    assert_eq!(posts, 2);
    assert_eq!(fake.state.lock().unwrap().comments.len(), 1);
    assert!(!r.stdout().contains("::notice"), "{}", r.stdout());
}

#[test]
fn fork_safe_pattern_writes_then_posts_the_comment() {
    let checkout = Checkout::new();
    // 1. pull_request from a fork: read-only token.
    let fake = fake_pr();
    fake.state.lock().unwrap().deny = vec!["POST".into(), "PATCH".into()];
    let analysis = run(
        &fake,
        checkout.path(),
        "pull_request",
        &["--comment-file", "comment.md"],
    );
    assert_eq!(analysis.out.status.code(), Some(1));
    let body = std::fs::read_to_string(checkout.path().join("comment.md")).unwrap();
    assert!(body.starts_with("<!-- candor:report -->\n"));
    assert!(!body.contains("c92P2+zH"));

    // 2. workflow_run: no checkout of PR code, a write token, post only.
    let fake = Fake::start();
    let empty = tempfile::tempdir().unwrap();
    std::fs::copy(
        checkout.path().join("comment.md"),
        empty.path().join("comment.md"),
    )
    .unwrap();
    for _ in 0..2 {
        let r = run(
            &fake,
            empty.path(),
            "workflow_run",
            &["--post-comment", "comment.md", "--pr", "7"],
        );
        assert_eq!(r.out.status.code(), Some(0), "{}", r.stderr());
    }
    let st = fake.state.lock().unwrap();
    assert_eq!(
        st.comments.len(),
        1,
        "posted once, then found by the marker"
    );
    assert_eq!(st.comments[0].body, body);
    assert!(
        !st.requests
            .iter()
            .any(|r| r.path.contains("check-runs") || r.path.contains("pulls"))
    );
}

/// Count of recorded requests equal to `line`.
fn count(fake: &Fake, line: &str) -> usize {
    fake.sequence().iter().filter(|s| *s == line).count()
}

#[test]
fn a_rejected_annotation_is_dropped_and_the_run_still_completes() {
    let checkout = Checkout::new();
    let three: String = (0..3).map(|_| key()).collect();
    std::fs::write(checkout.path().join("deploy/new.key"), &three).unwrap();
    std::fs::write(checkout.path().join("deploy/rejected.key"), key()).unwrap();
    let fake = Fake::start();
    let added = |text: &str| -> String { text.lines().map(|l| format!("+{l}\n")).collect() };
    {
        let mut st = fake.state.lock().unwrap();
        st.pr_files = vec![
            json!({"filename": "deploy/new.key", "status": "added", "patch": format!("@@ -0,0 +1,12 @@\n{}", added(&three))}),
            json!({"filename": "deploy/rejected.key", "status": "added", "patch": format!("@@ -0,0 +1,4 @@\n{}", added(&key()))}),
        ];
        st.reject_annotations_on = Some("rejected".into());
    }
    let r = run(
        &fake,
        checkout.path(),
        "pull_request",
        &["--comment", "false"],
    );
    assert_eq!(r.out.status.code(), Some(1), "{}", r.stderr());
    // The batch of 4 is refused; halves are tried until the one bad
    // annotation is alone; then the summary is updated to say so.
    let patches: Vec<(usize, bool)> = fake
        .requests()
        .iter()
        .filter(|q| q.method == "PATCH")
        .map(|q| {
            let b: Value = serde_json::from_str(&q.body).unwrap();
            let n = b["output"]["annotations"].as_array().map_or(0, Vec::len);
            (
                n,
                b["output"]["summary"]
                    .as_str()
                    .unwrap()
                    .contains("GitHub rejected 1 annotation"),
            )
        })
        .collect();
    assert_eq!(
        patches,
        vec![
            (4, false),
            (2, false),
            (2, false),
            (1, false),
            (1, false),
            (0, true)
        ],
        "{:?}",
        fake.sequence()
    );
    let st = fake.state.lock().unwrap();
    assert_eq!(st.check_runs.len(), 1);
    let (annotations, run) = &st.check_runs[&100];
    assert_eq!(run["status"], "completed");
    assert_eq!(run["conclusion"], "failure");
    assert_eq!(annotations.len(), 3, "{annotations:?}");
    assert!(annotations.iter().all(|a| a["path"] == "deploy/new.key"));
    let summary = run["output"]["summary"].as_str().unwrap();
    assert!(
        summary.contains("deploy/rejected.key:1"),
        "the dropped annotation is named: {summary}"
    );
    assert!(
        r.stdout().contains("GitHub rejected 1 annotation(s)"),
        "{}",
        r.stdout()
    );
    // Rejected, not lost: no workflow command for it either.
    assert!(!r.stdout().contains("::error"), "{}", r.stdout());
}

#[test]
fn a_forbidden_patch_leaves_the_run_completed_and_annotates_with_workflow_commands() {
    let checkout = Checkout::new();
    let fake = fake_pr();
    fake.state.lock().unwrap().deny = vec!["PATCH /repos/o/r/check-runs".into()];
    let r = run(
        &fake,
        checkout.path(),
        "pull_request",
        &["--comment", "false"],
    );
    assert_eq!(r.out.status.code(), Some(1), "{}", r.stderr());
    assert_eq!(
        fake.sequence()[2..],
        [
            "POST /repos/o/r/check-runs",
            "PATCH /repos/o/r/check-runs/100"
        ],
        "a plain 403 is not retried"
    );
    let st = fake.state.lock().unwrap();
    let (annotations, run) = &st.check_runs[&100];
    assert_eq!(run["status"], "completed", "never left in progress");
    assert_eq!(run["conclusion"], "failure");
    assert!(annotations.is_empty());
    let stdout = r.stdout();
    assert!(
        stdout.contains("::error file=deploy/new.key,line=1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("::notice title=candor::the token may not annotate the check run"),
        "{stdout}"
    );
}

#[test]
fn a_lost_check_run_answer_is_looked_up_and_reused_not_posted_again() {
    let checkout = Checkout::new();
    let fake = fake_pr();
    fake.state.lock().unwrap().lose = vec![("POST /repos/o/r/check-runs".into(), 1)];
    let r = run(
        &fake,
        checkout.path(),
        "pull_request",
        &["--comment", "false"],
    );
    assert_eq!(r.out.status.code(), Some(1), "{}", r.stderr());
    assert_eq!(
        fake.sequence()[2..],
        [
            "POST /repos/o/r/check-runs",
            "GET /repos/o/r/commits/headsha/check-runs?check_name=candor&filter=all&per_page=100",
            "PATCH /repos/o/r/check-runs/100",
        ]
    );
    let st = fake.state.lock().unwrap();
    assert_eq!(st.check_runs.len(), 1, "one check run, not two");
    assert_eq!(st.check_runs[&100].0.len(), 1, "its annotation arrived");
    drop(st);
    assert!(
        r.stdout().contains("found it by its external id"),
        "{}",
        r.stdout()
    );
    assert!(!r.stdout().contains("::error"), "{}", r.stdout());
}

#[test]
fn a_lost_comment_answer_is_looked_up_not_posted_again() {
    let checkout = Checkout::new();
    let fake = fake_pr();
    fake.state.lock().unwrap().lose = vec![("POST /repos/o/r/issues/7/comments".into(), 1)];
    let r = run(
        &fake,
        checkout.path(),
        "pull_request",
        &["--check-run", "false"],
    );
    assert_eq!(r.out.status.code(), Some(1), "{}", r.stderr());
    assert_eq!(
        fake.sequence()[2..],
        [
            "POST /graphql",
            "GET /repos/o/r/issues/7/comments?per_page=100",
            "POST /repos/o/r/issues/7/comments",
            "GET /repos/o/r/issues/7/comments?per_page=100",
        ]
    );
    assert_eq!(fake.state.lock().unwrap().comments.len(), 1);
    assert!(
        r.stdout().contains("found the comment and kept it"),
        "{}",
        r.stdout()
    );
}

#[test]
fn a_foreign_comment_quoting_the_marker_is_not_edited() {
    let checkout = Checkout::new();
    let fake = fake_pr();
    fake.state.lock().unwrap().comments.push(FakeComment {
        id: 5,
        body: "> <!-- candor:report -->\n> why does candor flag this?".into(),
        login: "octocat".into(),
    });
    let r = run(
        &fake,
        checkout.path(),
        "pull_request",
        &["--check-run", "false"],
    );
    assert_eq!(r.out.status.code(), Some(1), "{}", r.stderr());
    assert_eq!(
        fake.sequence()[2..],
        [
            "POST /graphql",
            "GET /repos/o/r/issues/7/comments?per_page=100",
            "POST /repos/o/r/issues/7/comments",
        ]
    );
    let st = fake.state.lock().unwrap();
    assert_eq!(st.comments.len(), 2);
    assert!(st.comments[0].body.contains("why does candor"), "untouched");
    assert_eq!(st.comments[1].login, "github-actions[bot]");
    assert!(!r.stdout().contains("::notice"), "{}", r.stdout());
}

#[test]
fn an_app_token_updates_only_the_apps_own_comment() {
    let checkout = Checkout::new();
    let fake = fake_pr();
    {
        let mut st = fake.state.lock().unwrap();
        st.viewer = ("candor-app".into(), "Bot".into());
        // Left by an earlier setup that used GITHUB_TOKEN: not this token's.
        st.comments.push(FakeComment {
            id: 5,
            body: "<!-- candor:report -->\nold".into(),
            login: "github-actions[bot]".into(),
        });
    }
    let args = ["--check-run", "false"];
    let first = run(&fake, checkout.path(), "pull_request", &args);
    assert_eq!(first.out.status.code(), Some(1), "{}", first.stderr());
    assert_eq!(count(&fake, "POST /repos/o/r/issues/7/comments"), 1);
    std::fs::write(checkout.path().join("deploy/other.key"), key()).unwrap();
    fake.state.lock().unwrap().requests.clear();
    run(&fake, checkout.path(), "pull_request", &args);
    assert_eq!(
        fake.sequence()[2..],
        [
            "POST /graphql",
            "GET /repos/o/r/issues/7/comments?per_page=100",
            "PATCH /repos/o/r/issues/comments/100",
        ]
    );
    let st = fake.state.lock().unwrap();
    assert_eq!(st.comments[0].body, "<!-- candor:report -->\nold");
    assert_eq!(st.comments[1].login, "candor-app[bot]");
    assert!(st.comments[1].body.contains("other.key"));
}

#[test]
fn a_secondary_rate_limit_without_headers_is_waited_out_even_for_a_post() {
    let checkout = Checkout::new();
    let fake = fake_pr();
    fake.state.lock().unwrap().secondary =
        vec![("POST /repos/o/r/issues/7/comments".into(), 1, None)];
    let r = run(
        &fake,
        checkout.path(),
        "pull_request",
        &["--check-run", "false"],
    );
    assert_eq!(r.out.status.code(), Some(1), "{}", r.stderr());
    // A rate-limited request was not processed, so repeating the POST is safe.
    assert_eq!(count(&fake, "POST /repos/o/r/issues/7/comments"), 2);
    let reqs = fake.requests();
    let posts: Vec<Instant> = reqs
        .iter()
        .filter(|q| q.method == "POST" && q.path.contains("comments"))
        .map(|q| q.at)
        .collect();
    // 60 backoff steps (1 ms in the tests) before the repeat.
    assert!(posts[1] - posts[0] >= Duration::from_millis(60));
    assert_eq!(fake.state.lock().unwrap().comments.len(), 1);
    assert!(!r.stdout().contains("::notice"), "{}", r.stdout());
}

#[test]
fn retry_after_is_honoured_in_seconds_and_as_an_http_date() {
    let checkout = Checkout::new();
    let fake = fake_pr();
    fake.state.lock().unwrap().secondary = vec![
        ("GET /repos/o/r/pulls/7/files".into(), 1, Some("1".into())),
        (
            "PATCH /repos/o/r/check-runs".into(),
            1,
            Some("date+3".into()),
        ),
    ];
    let r = run(
        &fake,
        checkout.path(),
        "pull_request",
        &["--comment", "false"],
    );
    assert_eq!(r.out.status.code(), Some(1), "{}", r.stderr());
    let reqs = fake.requests();
    let gap = |prefix: &str| {
        let at: Vec<Instant> = reqs
            .iter()
            .filter(|q| format!("{} {}", q.method, q.path).starts_with(prefix))
            .map(|q| q.at)
            .collect();
        assert!(at.len() >= 2, "{prefix} was retried: {:?}", fake.sequence());
        at[1] - at[0]
    };
    assert!(gap("GET /repos/o/r/pulls/7/files?per_page=100") >= Duration::from_millis(950));
    // HTTP-dates have whole seconds: at least two of the three are left.
    assert!(gap("PATCH /repos/o/r/check-runs") >= Duration::from_millis(1900));
    let st = fake.state.lock().unwrap();
    assert_eq!(st.check_runs[&100].0.len(), 1);
    drop(st);
    assert!(!r.stdout().contains("::notice"), "{}", r.stdout());
}

#[test]
fn a_wait_beyond_the_retry_budget_is_not_made() {
    let checkout = Checkout::new();
    let fake = fake_pr();
    {
        let mut st = fake.state.lock().unwrap();
        st.secondary = vec![("POST /repos/o/r/check-runs".into(), 1, Some("3600".into()))];
        st.env = vec![("CANDOR_GITHUB_RETRY_BUDGET_SECS".into(), "120".into())];
    }
    let r = run(
        &fake,
        checkout.path(),
        "pull_request",
        &["--comment", "false"],
    );
    assert_eq!(r.out.status.code(), Some(1), "{}", r.stderr());
    assert_eq!(count(&fake, "POST /repos/o/r/check-runs"), 1);
    let stdout = r.stdout();
    assert!(stdout.contains("retry budget of 120 s"), "{stdout}");
    assert!(
        stdout.contains("could not create the check run"),
        "{stdout}"
    );
    // Degraded to workflow commands.
    assert!(stdout.contains("::error file=deploy/new.key"), "{stdout}");
}

#[test]
fn github_enterprise_urls_keep_rest_under_api_v3_and_graphql_beside_it() {
    let checkout = Checkout::new();
    let fake = fake_pr();
    let base = format!("{}/api/v3", fake.url);
    fake.state.lock().unwrap().env = vec![("GITHUB_API_URL".into(), base)];
    let r = run(&fake, checkout.path(), "pull_request", &[]);
    assert_eq!(r.out.status.code(), Some(1), "{}", r.stderr());
    assert_eq!(
        fake.sequence(),
        [
            "GET /api/v3/repos/o/r/pulls/7/files?per_page=100",
            "GET /api/v3/repos/o/r/pulls/7/files?per_page=100&page=2",
            "POST /api/v3/repos/o/r/check-runs",
            "PATCH /api/v3/repos/o/r/check-runs/100",
            "POST /api/graphql",
            "GET /api/v3/repos/o/r/issues/7/comments?per_page=100",
            "POST /api/v3/repos/o/r/issues/7/comments",
        ]
    );
    assert!(!r.stdout().contains("::notice"), "{}", r.stdout());
}
