//! Hostile input, end to end through the real `candor` binary.
//!
//! The cases are described once, in `tests/data/hostile/cases.json`, which
//! `wasm/tests/hostile.test.mjs` runs through the node CLI too. Each test builds a small repository around one kind of hostile input
//! and a *witness*: an ordinary file with a known finding. It asserts that
//! the scan ends (a watchdog kills it after a few minutes), exits with the
//! documented code, never panics or overflows its stack, names the hostile
//! file in a clear diagnostic where it could not be read, and that the
//! witness still produces its finding (one bad file never stops a scan).
//! Unix only: the cases make FIFOs, symlinks and non-UTF-8 file names.
#![cfg(unix)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const TOKEN: &str = "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5";

/// A scan that should end well within this; a hang is a failure.
const WATCHDOG: Duration = Duration::from_secs(300);

struct Repo {
    dir: tempfile::TempDir,
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }

    /// `(rule, path, line, column)` of every finding.
    fn findings(&self) -> Vec<(String, String, u64, u64)> {
        self.json()["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_string(),
                    f["path"].as_str().unwrap().to_string(),
                    f["line"].as_u64().unwrap(),
                    f["column"].as_u64().unwrap(),
                )
            })
            .collect()
    }

    /// The diagnostics' messages for `path`.
    fn diagnostics_for(&self, path: &str) -> Vec<String> {
        self.json()["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["path"].as_str() == Some(path))
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect()
    }

    /// No panic, no abort, no internal error, and the documented exit code.
    fn assert_sane(&self, code: i32) {
        for bad in [
            "panicked",
            "stack overflow",
            "internal error",
            "RUST_BACKTRACE",
        ] {
            assert!(
                !self.stderr.contains(bad),
                "stderr shows `{bad}`:\n{}",
                self.stderr
            );
        }
        assert_eq!(self.code, Some(code), "exit code; stderr:\n{}", self.stderr);
    }

    /// The witness's finding is in the report.
    fn assert_witness(&self) {
        let f = self.findings();
        assert!(
            f.iter()
                .any(|(rule, path, line, col)| rule == "secret/known-token"
                    && path == "witness.py"
                    && *line == 2
                    && *col == 10),
            "the witness file lost its finding: {f:?}\n{}",
            self.stderr
        );
    }
}

impl Repo {
    /// An empty repository with the witness file.
    fn new() -> Self {
        let repo = Repo {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        repo.write("witness.py", format!("import os\ntoken = \"{TOKEN}\"\n"));
        repo
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// `candor check --format json . ARGS` in the repository.
    fn check(&self, args: &[&str]) -> Run {
        let mut all = vec!["check", "--format", "json", "."];
        all.extend_from_slice(args);
        self.run(&all)
    }

    fn run(&self, args: &[&str]) -> Run {
        run_in(self.dir.path(), args)
    }
}

fn run_in(cwd: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_candor"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > WATCHDOG {
            let _ = child.kill();
            panic!("candor {args:?} still running after {WATCHDOG:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
    }
}

/// The 1-based character column of `needle` on its line in `text`.
fn column_of(text: &str, needle: &str) -> u64 {
    let at = text.find(needle).unwrap();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[start..at]
        .trim_start_matches('\u{feff}')
        .chars()
        .count() as u64
        + 1
}

// ------------------------------------------------ the shared description

/// `tests/data/hostile/cases.json`: the hostile cases both surfaces run
/// (this file through the binary, `wasm/tests/hostile.test.mjs` through
/// the node CLI). Its `about` describes the format.
struct Suite {
    doc: Value,
}

impl Suite {
    fn load() -> Self {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile/cases.json");
        let text = std::fs::read_to_string(&path).expect("cases.json");
        Suite {
            doc: serde_json::from_str(&text).expect("cases.json is JSON"),
        }
    }

    fn case(&self, name: &str) -> &Value {
        self.doc["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no case `{name}` in cases.json"))
    }

    /// `{TOKEN}`-style constants, and inside a `for` `{i}` and `{i%K}`.
    fn substitute(&self, s: &str, i: Option<u64>) -> String {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let name = &after[..close];
            let value = match (name, i) {
                ("i", Some(i)) => Some(i.to_string()),
                (n, Some(i)) if n.starts_with("i%") => {
                    n[2..].parse::<u64>().ok().map(|k| (i % k).to_string())
                }
                (n, _) => self.doc["constants"][n].as_str().map(str::to_string),
            };
            match value {
                Some(v) => {
                    out.push_str(&v);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn times(&self, v: &Value, i: Option<u64>) -> u64 {
        match v {
            Value::Number(n) => n.as_u64().unwrap(),
            Value::String(s) => self.substitute(s, i).parse().expect("times"),
            _ => panic!("bad times: {v}"),
        }
    }

    /// A file's bytes from its content description.
    fn build(&self, v: &Value, i: Option<u64>, out: &mut Vec<u8>) {
        match v {
            Value::String(s) => out.extend_from_slice(self.substitute(s, i).as_bytes()),
            Value::Array(pieces) => {
                for p in pieces {
                    self.build(p, i, out);
                }
            }
            Value::Object(o) => {
                if let Some(name) = o.get("$ref").and_then(Value::as_str) {
                    self.build(&self.doc["contents"][name], i, out);
                } else if let Some(hex) = o.get("hex").and_then(Value::as_str) {
                    out.extend(
                        (0..hex.len())
                            .step_by(2)
                            .map(|k| u8::from_str_radix(&hex[k..k + 2], 16).unwrap()),
                    );
                } else if let Some(item) = o.get("repeat") {
                    let mut one = Vec::new();
                    self.build(item, i, &mut one);
                    for _ in 0..self.times(&o["times"], i) {
                        out.extend_from_slice(&one);
                    }
                } else if let Some(item) = o.get("join") {
                    let mut one = Vec::new();
                    self.build(item, i, &mut one);
                    let sep = o["sep"].as_str().unwrap().as_bytes();
                    for k in 0..self.times(&o["times"], i) {
                        if k > 0 {
                            out.extend_from_slice(sep);
                        }
                        out.extend_from_slice(&one);
                    }
                } else if let Some(n) = o.get("for") {
                    for k in 0..self.times(n, i) {
                        self.build(&o["do"], Some(k), out);
                    }
                } else {
                    panic!("bad content piece: {v}");
                }
            }
            _ => panic!("bad content: {v}"),
        }
    }

    fn applies(v: &Value) -> bool {
        v["surfaces"]
            .as_array()
            .is_none_or(|s| s.iter().any(|x| x == "native"))
    }
}

/// What the machine could do while building a case.
#[derive(Default)]
struct Made {
    fifo: bool,
    denied: bool,
    /// Folders whose mode was changed, restored after the run.
    modes: Vec<PathBuf>,
    /// The text of each written file, for `column_of`.
    texts: std::collections::HashMap<String, String>,
}

fn entry_path(repo: &Path, e: &Value) -> (PathBuf, String) {
    use std::os::unix::ffi::OsStrExt;
    if let Some(hex) = e["path_hex"].as_str() {
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|k| u8::from_str_radix(&hex[k..k + 2], 16).unwrap())
            .collect();
        let shown = String::from_utf8_lossy(&bytes).into_owned();
        (repo.join(std::ffi::OsStr::from_bytes(&bytes)), shown)
    } else {
        let p = e["path"].as_str().expect("path");
        (repo.join(p), p.to_string())
    }
}

fn make_entries(suite: &Suite, repo: &Path, entries: &[Value], made: &mut Made) {
    use std::os::unix::fs::PermissionsExt;
    let mut modes = Vec::new();
    for e in entries {
        let (path, shown) = entry_path(repo, e);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        if let Some(content) = e.get("content") {
            let mut bytes = Vec::new();
            suite.build(content, None, &mut bytes);
            made.texts
                .insert(shown, String::from_utf8_lossy(&bytes).into_owned());
            std::fs::write(&path, bytes).unwrap();
        } else if let Some(target) = e["symlink"].as_str() {
            std::os::unix::fs::symlink(target, &path).unwrap();
        } else if e["fifo"] == true {
            made.fifo = Command::new("mkfifo")
                .arg(&path)
                .status()
                .is_ok_and(|s| s.success());
        }
        if let Some(mode) = e["mode"].as_str() {
            modes.push((path, u32::from_str_radix(mode, 8).unwrap()));
        }
    }
    for (path, mode) in modes {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        made.denied = std::fs::read_dir(&path).is_err();
        made.modes.push(path);
    }
}

fn restore_modes(made: &Made) {
    use std::os::unix::fs::PermissionsExt;
    for p in &made.modes {
        let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755));
    }
}

fn str_list(v: &Value) -> impl Iterator<Item = &str> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|s| s.as_str().unwrap())
}

/// `| head -c 1`: one byte read, then the pipe closed; candor must exit
/// 0 or 1 without a panic or a write error.
fn run_with_closed_stdout(cwd: &Path, args: &[String]) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_candor"))
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut one = [0u8; 1];
    let _ = stdout.read(&mut one);
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("failed printing"),
        "{args:?}: {stderr}"
    );
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {:?} {stderr}",
        out.status
    );
}

fn finding_matches(
    suite: &Suite,
    made: &Made,
    want: &Value,
    f: &(String, String, u64, u64),
) -> bool {
    let (rule, path, line, col) = f;
    let column = want["column_of"].as_str().map(|needle| {
        let text = &made.texts[path];
        column_of(text, &suite.substitute(needle, None))
    });
    want["rule"].as_str().is_none_or(|r| r == rule)
        && want["path"].as_str().is_none_or(|p| p == path)
        && want["line"].as_u64().is_none_or(|l| l == *line)
        && want["column"].as_u64().or(column).is_none_or(|c| c == *col)
}

/// Builds case `name` and runs each of its runs through the binary.
fn run_case(name: &str) {
    let suite = Suite::load();
    let case = suite.case(name);
    assert!(Suite::applies(case), "{name} is not for the native binary");
    let top = tempfile::tempdir().expect("tempdir");
    let repo = top.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    let mut made = Made::default();
    let witness = &suite.doc["witness"];
    let mut entries = vec![witness.clone()];
    entries.extend(case["files"].as_array().unwrap().iter().cloned());
    make_entries(&suite, &repo, &entries, &mut made);
    for (k, r) in case["runs"].as_array().unwrap().iter().enumerate() {
        if !Suite::applies(r) {
            continue;
        }
        let what = format!("{name}, run {k}");
        if let Some(w) = r["write"].as_array() {
            make_entries(&suite, &repo, w, &mut made);
        }
        let args: Vec<String> = match r["command"].as_array() {
            Some(c) => c.iter().map(|s| s.as_str().unwrap().to_string()).collect(),
            None => ["check", "--format", "json", "."]
                .into_iter()
                .chain(str_list(&r["args"]))
                .map(str::to_string)
                .collect(),
        };
        if r["close_stdout"] == true {
            run_with_closed_stdout(&repo, &args);
            continue;
        }
        let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = run_in(&repo, &arg_refs);
        restore_modes(&made);
        run.assert_sane(r["exit"].as_i64().unwrap_or(1) as i32);
        let findings = if run.code == Some(2) {
            Vec::new() // a configuration error: no report
        } else {
            run.findings()
        };
        if r["witness"] != false {
            let want = &suite.doc["witness"]["finding"];
            assert!(
                findings
                    .iter()
                    .any(|f| finding_matches(&suite, &made, want, f)),
                "{what}: the witness file lost its finding {want}: {findings:?}\n{}",
                run.stderr
            );
        }
        for s in str_list(&r["stderr_contains"]) {
            let s = suite.substitute(s, None);
            assert!(
                run.stderr.contains(&s),
                "{what}: `{s}` not in {}",
                run.stderr
            );
        }
        for s in str_list(&r["stderr_lacks"]) {
            let s = suite.substitute(s, None);
            assert!(!run.stderr.contains(&s), "{what}: `{s}` in {}", run.stderr);
        }
        if run.code == Some(2) {
            continue;
        }
        for want in r["findings"].as_array().into_iter().flatten() {
            assert!(
                findings
                    .iter()
                    .any(|f| finding_matches(&suite, &made, want, f)),
                "{what}: no finding {want} in {findings:?}\n{}",
                run.stderr
            );
        }
        for not in r["no_findings"].as_array().into_iter().flatten() {
            let hit = findings.iter().find(|(_, p, _, _)| {
                not["path"].as_str().is_some_and(|x| x == p)
                    || not["path_prefix"]
                        .as_str()
                        .is_some_and(|x| p.starts_with(x))
            });
            assert!(hit.is_none(), "{what}: unexpected finding {hit:?}");
        }
        for want in r["diagnostics"].as_array().into_iter().flatten() {
            match want["when"].as_str() {
                Some("fifo") if !made.fifo => continue,
                Some("denied") if !made.denied => continue,
                _ => {}
            }
            let d = run.diagnostics_for(want["path"].as_str().unwrap());
            let ok = d.iter().any(|m| {
                want["starts_with"]
                    .as_str()
                    .is_none_or(|s| m.starts_with(s))
                    && str_list(&want["contains"]).all(|s| m.contains(s))
            });
            assert!(ok, "{what}: no diagnostic {want} in {d:?}\n{}", run.stdout);
        }
    }
    restore_modes(&made);
}

macro_rules! hostile_cases {
    ($($name:ident),* $(,)?) => {
        $( #[test] fn $name() { run_case(stringify!($name)); } )*
        const CASE_NAMES: &[&str] = &[$(stringify!($name)),*];
    };
}

hostile_cases! {
    yaml_alias_bomb,
    yaml_deep_nesting_duplicates_tabs_documents_and_bad_utf8,
    deep_toml_and_json_and_an_unrelated_broken_pyproject,
    deep_brackets_and_long_expressions_in_code,
    multibyte_characters_next_to_matches,
    crlf_mixed_line_endings_and_bom_keep_exact_positions,
    nul_bytes_and_surrogate_escapes,
    fifty_megabyte_single_line_minified_file,
    slow_regex_bait_finishes,
    huge_markdown_table_and_unclosed_fences,
    odd_file_names_fifos_and_vanished_files,
    permission_denied_directory,
    symlinks_out_of_the_root_are_not_followed_unless_asked,
    closed_stdout_pipe_exits_quietly,
    markers_inside_string_literals_are_text,
    config_errors_name_the_key_and_never_echo_a_secret,
}

/// Every native case of the description has its test here.
#[test]
fn every_described_case_runs() {
    let suite = Suite::load();
    let described: Vec<&str> = suite.doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| Suite::applies(c))
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(described, CASE_NAMES);
}

// ------------------------------------------------------------- fuzzing

/// The file names each fuzz target gives its input (fuzz/fuzz_targets/).
const FUZZ_TARGET_PATHS: &[(&str, &[&str])] = &[
    (
        "python",
        &[
            "app/service.py",
            "tests/integration/test_api.py",
            "app/migrations/0001_initial.py",
        ],
    ),
    (
        "typescript",
        &["src/service.ts", "web/App.tsx", "tests/e2e/login.spec.js"],
    ),
    (
        "rust",
        &[
            "src/lib.rs",
            "tests/integration.rs",
            "migration/src/m20240101_create.rs",
        ],
    ),
    (
        "yaml",
        &[
            ".github/workflows/ci.yml",
            "docker-compose.yml",
            "k8s/secret.yaml",
            ".gitlab-ci.yml",
        ],
    ),
    (
        "toml",
        &["pyproject.toml", "Cargo.toml", "config/settings.toml"],
    ),
    (
        "markdown",
        &["README.md", "docs/STATUS.md", "docs/guide.rst"],
    ),
    (
        "sql",
        &[
            "migrations/V1__init.sql",
            "db/migrate/001_create.sql",
            "schema.sql",
        ],
    ),
    (
        "dotenv",
        &[".env", ".env.example", "config/.env.production"],
    ),
    ("dockerfile", &["Dockerfile", "docker/Dockerfile.worker"]),
];

/// Every input a fuzzer crashed on (`tests/data/fuzz-regressions/<target>/`)
/// scans cleanly through the binary. The `scan` target's inputs are stored
/// decoded, as folders of files.
#[test]
fn fuzz_crashers_are_regression_fixtures() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz-regressions");
    let mut ran = 0;
    for (target, paths) in FUZZ_TARGET_PATHS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for entry in entries.flatten() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let repo = Repo::new();
            for p in *paths {
                if *p == "pyproject.toml" {
                    continue; // read as the configuration: covered below
                }
                repo.write(p, &bytes);
            }
            let run = repo.check(&[]);
            run.assert_sane(1);
            run.assert_witness();
            ran += 1;
        }
    }
    if let Ok(entries) = std::fs::read_dir(root.join("scan")) {
        for entry in entries.flatten() {
            let repo = Repo::new();
            copy_tree(&entry.path(), repo.dir.path());
            let run = repo.check(&[]);
            run.assert_sane(1);
            run.assert_witness();
            ran += 1;
        }
    }
    assert!(ran > 0, "no regression fixtures under {}", root.display());
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}
