//! Hostile input, end to end through the real `candor` binary.
//!
//! Each test builds a small repository around one kind of hostile input
//! and a *witness*: an ordinary file with a known finding. It asserts that
//! the scan ends (a watchdog kills it after a few minutes), exits with the
//! documented code, never panics or overflows its stack, names the hostile
//! file in a clear diagnostic where it could not be read, and that the
//! witness still produces its finding (one bad file never stops a scan).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

// ---------------------------------------------------------------- YAML

#[test]
fn yaml_alias_bomb() {
    let repo = Repo::new();
    let mut lines =
        vec![r#"a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#.to_string()];
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(",");
        lines.push(format!("a{i}: &a{i} [{refs}]"));
    }
    let bomb = lines.join("\n") + "\n";
    repo.write(".github/workflows/ci.yml", &bomb);
    repo.write(".gitlab-ci.yml", &bomb);
    repo.write("docker-compose.yml", &bomb);
    repo.write("k8s/secret.yaml", &bomb);
    let run = repo.check(&[]);
    run.assert_sane(1);
    run.assert_witness();
}

#[test]
fn yaml_deep_nesting_duplicates_tabs_documents_and_bad_utf8() {
    let repo = Repo::new();
    let deep = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    repo.write(".github/workflows/ci.yml", &deep);
    repo.write("config/deep.yaml", &deep);
    let deep_block: String = (0..10_000)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i % 2000)))
        .collect();
    repo.write("config/block.yaml", deep_block);
    repo.write(
        "docker-compose.yml",
        "services:\n  a:\n    image: x\n  a:\n    image: y\n",
    );
    repo.write("config/tabs.yml", "a:\n\tb: 1\n");
    // The second of three documents holds the secret; the third is broken.
    let multi = "apiVersion: v1\nkind: ConfigMap\n---\napiVersion: v1\nkind: Secret\nstringData:\n  password: Zq8vR2mLp7TtWw4s\n---\n: : : [\n";
    repo.write("k8s/secret.yaml", multi);
    repo.write("config/latin1.yaml", b"name: caf\xe9\npassword: \xff\xfe\n");
    let run = repo.check(&[]);
    run.assert_sane(1);
    run.assert_witness();
    assert!(
        run.findings().iter().any(|(rule, path, line, _)| rule
            == "secret/hardcoded-credential-in-config"
            && path == "k8s/secret.yaml"
            && *line == 7),
        "{:?}",
        run.findings()
    );
    let d = run.diagnostics_for("config/latin1.yaml");
    assert!(
        d.iter().any(|m| m.contains("invalid UTF-8")),
        "{d:?}\n{}",
        run.stdout
    );
}

// ------------------------------------------------------ TOML, JSON config

#[test]
fn deep_toml_and_json_and_an_unrelated_broken_pyproject() {
    let repo = Repo::new();
    let deep = format!("x = {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    repo.write("pyproject.toml", &deep);
    repo.write(
        "tools/Cargo.toml",
        format!("[package]\nname = \"a\"\n{deep}"),
    );
    repo.write(
        "package.json",
        format!("{{\"a\": {}{}}}\n", "[".repeat(10_000), "]".repeat(10_000)),
    );
    repo.write(
        "web/tsconfig.json",
        format!("{}{}\n", "{\"a\":".repeat(10_000), "}".repeat(10_000)),
    );
    let run = repo.check(&[]);
    run.assert_sane(1);
    run.assert_witness();
    // Not candor's file: a diagnostic, and the scan goes on.
    let d = run.diagnostics_for("pyproject.toml");
    assert!(
        d.iter()
            .any(|m| m.contains("not read as configuration") && m.contains("[tool.candor]")),
        "{d:?}"
    );
}

// ------------------------------------------------------------ code depth

#[test]
fn deep_brackets_and_long_expressions_in_code() {
    let repo = Repo::new();
    let open = |c: &str, n| c.repeat(n);
    // Each file imports a mocking library so the mock/ rules parse it.
    repo.write(
        "app/deep.py",
        format!(
            "from unittest import mock\nx = {}1{}\n",
            open("(", 10_000),
            open(")", 10_000)
        ),
    );
    repo.write(
        "app/chain.py",
        format!(
            "from unittest import mock\nx = {}\n",
            vec!["1"; 200_000].join("+")
        ),
    );
    repo.write(
        "web/deep.ts",
        format!(
            "import sinon from 'sinon';\nconst x = {}1{};\n",
            open("[", 10_000),
            open("]", 10_000)
        ),
    );
    repo.write(
        "web/chain.ts",
        format!(
            "import sinon from 'sinon';\nconst x = {};\n",
            vec!["1"; 60_000].join("+")
        ),
    );
    repo.write(
        "web/tags.tsx",
        format!(
            "import sinon from 'sinon';\nconst x = {}{};\n",
            open("<a>", 20_000),
            open("</a>", 20_000)
        ),
    );
    repo.write(
        "src/deep.rs",
        format!(
            "// mock\nfn main() {{ let x = {}1{}; }}\n",
            open("(", 10_000),
            open(")", 10_000)
        ),
    );
    repo.write(
        "src/chain.rs",
        format!(
            "// mock\nfn main() {{ let x = {}; }}\n",
            vec!["1"; 100_000].join("+")
        ),
    );
    // A production file with a real mock still gets its finding.
    repo.write(
        "app/service.py",
        "from unittest.mock import MagicMock\n\nclient = MagicMock()\n",
    );
    let run = repo.check(&[]);
    run.assert_sane(1);
    run.assert_witness();
    for path in [
        "app/deep.py",
        "app/chain.py",
        "web/deep.ts",
        "web/chain.ts",
        "web/tags.tsx",
        "src/deep.rs",
        "src/chain.rs",
    ] {
        let d = run.diagnostics_for(path);
        assert!(
            d.iter()
                .any(|m| m.starts_with("2:") && m.contains("too deeply nested to parse safely")),
            "{path}: {d:?}"
        );
    }
    assert!(
        run.findings()
            .iter()
            .any(|(rule, path, line, _)| rule == "mock/in-production-code"
                && path == "app/service.py"
                && *line == 1),
        "{:?}",
        run.findings()
    );
}

// -------------------------------------------------------- text encodings

#[test]
fn multibyte_characters_next_to_matches() {
    let repo = Repo::new();
    repo.write("app/jp.py", "日本key = \"abc123def456ghi\"\n");
    repo.write(
        "Dockerfile",
        "FROM python\nENV API_KEY\u{a0}Xk9vQ2mLp7RtZw4sQ\nENV DB_PASSWORD\u{a0}\u{a0}éXk9vQ2mLp7RtZw4sQ\n",
    );
    let run = repo.check(&[]);
    run.assert_sane(1);
    run.assert_witness();
    let f = run.findings();
    assert!(
        f.iter()
            .any(|(_, path, line, col)| path == "Dockerfile" && *line == 2 && *col == 13),
        "{f:?}"
    );
}

#[test]
fn crlf_mixed_line_endings_and_bom_keep_exact_positions() {
    let repo = Repo::new();
    let crlf = format!("import os\r\n\r\ntoken = \"{TOKEN}\"\r\n");
    repo.write("app/crlf.py", &crlf);
    let mixed = format!("a = 1\r\nb = 2\nc = 3\r\n  token = \"{TOKEN}\"\n");
    repo.write("app/mixed.py", &mixed);
    let bom = format!("\u{feff}token = \"{TOKEN}\"\n");
    repo.write("app/bom.py", &bom);
    let run = repo.check(&[]);
    run.assert_sane(1);
    run.assert_witness();
    let f = run.findings();
    for (path, line, text) in [
        ("app/crlf.py", 3, &crlf),
        ("app/mixed.py", 4, &mixed),
        ("app/bom.py", 1, &bom),
    ] {
        let col = column_of(text, TOKEN);
        assert!(
            f.iter().any(|(r, p, l, c)| r == "secret/known-token"
                && p == path
                && *l == line
                && *c == col),
            "{path} {line}:{col} in {f:?}"
        );
    }
}

#[test]
fn nul_bytes_and_surrogate_escapes() {
    let repo = Repo::new();
    // A NUL early: a binary file, skipped. A NUL after the first 8 KiB: text,
    // scanned, and the line numbers after it exact.
    repo.write("data/early.txt", format!("\0\ntoken = \"{TOKEN}\"\n"));
    let late = format!("{}\nx\0y\ntoken = \"{TOKEN}\"\n", "#".repeat(9000));
    repo.write("app/late.py", &late);
    repo.write(
        "app/surrogates.py",
        "from unittest import mock\ns = \"\\ud800\\udfff\\udc80\"\nb = b\"\\xff\"\n",
    );
    repo.write(
        "web/surrogates.ts",
        "import sinon from 'sinon';\nconst s = '\\uD800' + \"\\uDFFF\" + `\\u{D800}`;\n",
    );
    repo.write(
        "data/surrogates.json",
        "{\"a\": \"\\ud800\", \"b\": \"\\udfff\\ud800\"}\n",
    );
    let run = repo.check(&[]);
    run.assert_sane(1);
    run.assert_witness();
    let f = run.findings();
    assert!(
        f.iter().any(|(_, p, l, _)| p == "app/late.py" && *l == 3),
        "{f:?}"
    );
    assert!(!f.iter().any(|(_, p, _, _)| p == "data/early.txt"), "{f:?}");
}

// ------------------------------------------------------------- size

#[test]
fn fifty_megabyte_single_line_minified_file() {
    let repo = Repo::new();
    let mut js = String::with_capacity(50_100_000);
    let mut i = 0u64;
    while js.len() < 50_000_000 {
        js.push_str(&format!(
            "function a{i}(b,c){{return b+c*{}}}var x{i}=\"k{i}\";",
            i % 97
        ));
        i += 1;
    }
    let col = js.chars().count() as u64 + 12;
    js.push_str(&format!("var token=\"{TOKEN}\";"));
    repo.write("web/bundle.min.js", &js);
    // Over the default size limit: a diagnostic says so.
    let run = repo.check(&[]);
    run.assert_sane(1);
    run.assert_witness();
    let d = run.diagnostics_for("web/bundle.min.js");
    assert!(d.iter().any(|m| m.contains("max-file-size")), "{d:?}");
    // With the limit raised it is scanned, and the column is exact.
    repo.write("candor.toml", "max-file-size = \"64MiB\"\n");
    let run = repo.check(&[]);
    run.assert_sane(1);
    run.assert_witness();
    let f = run.findings();
    assert!(
        f.iter().any(|(r, p, l, c)| r == "secret/known-token"
            && p == "web/bundle.min.js"
            && *l == 1
            && *c == col),
        "{f:?}"
    );
}

#[test]
fn slow_regex_bait_finishes() {
    // Long runs right after credential keywords: the detectors must stay
    // linear (the benchmark in benches/ measures it; here it must end).
    let repo = Repo::new();
    let mut text = String::new();
    for key in [
        "password",
        "api_key",
        "secret",
        "token",
        "Authorization: Bearer ",
    ] {
        text.push_str(&format!("{key} = \"{}\n", "a".repeat(200_000)));
        text.push_str(&format!("{key}{}\n", " =".repeat(50_000)));
        text.push_str(&format!("{key}={}\n", "A1b2".repeat(50_000)));
    }
    repo.write("config/settings.env", &text);
    repo.write("app/settings.py", text.replace('\n', "\"\n"));
    let run = repo.check(&[]);
    run.assert_sane(1);
    run.assert_witness();
}

// ------------------------------------------------------------- Markdown

#[test]
fn huge_markdown_table_and_unclosed_fences() {
    let repo = Repo::new();
    let mut table = String::from("# Shop\n\n| a | b |\n|---|---|\n");
    for i in 0..100_000 {
        table.push_str(&format!("| row {i} | production-ready |\n"));
    }
    repo.write("docs/table.md", table);
    repo.write(
        "README.md",
        "# Shop\n\n```python\nimport os\n\nThis service is production-ready.\n",
    );
    repo.write("docs/nested.md", format!("{}x\n", "> - ".repeat(5000)));
    let run = repo.check(&[]);
    run.assert_sane(1);
    run.assert_witness();
}

// ------------------------------------------------------------- file system

#[cfg(unix)]
#[test]
fn odd_file_names_fifos_and_vanished_files() {
    use std::os::unix::ffi::OsStrExt;
    let repo = Repo::new();
    let bad_name = std::ffi::OsStr::from_bytes(b"caf\xe9.py");
    std::fs::write(
        repo.dir.path().join(bad_name),
        format!("token = \"{TOKEN}\"\n"),
    )
    .unwrap();
    repo.write("new\nline.py", format!("token = \"{TOKEN}\"\n"));
    let fifo = repo.path("app/pipe.py");
    std::fs::create_dir_all(fifo.parent().unwrap()).unwrap();
    let made = Command::new("mkfifo").arg(&fifo).status();
    std::os::unix::fs::symlink("does-not-exist.py", repo.path("app/gone.py")).unwrap();
    let run = repo.check(&[]);
    run.assert_sane(1);
    run.assert_witness();
    let f = run.findings();
    assert!(f.iter().any(|(_, p, _, _)| p == "caf\u{fffd}.py"), "{f:?}");
    assert!(f.iter().any(|(_, p, _, _)| p == "new\nline.py"), "{f:?}");
    if made.is_ok_and(|s| s.success()) {
        let d = run.diagnostics_for("app/pipe.py");
        assert!(d.iter().any(|m| m.contains("not a regular file")), "{d:?}");
    }
    let d = run.diagnostics_for("app/gone.py");
    assert!(d.iter().any(|m| m.contains("not found")), "{d:?}");
}

#[cfg(unix)]
#[test]
fn permission_denied_directory() {
    use std::os::unix::fs::PermissionsExt;
    let repo = Repo::new();
    repo.write("locked/a.py", format!("token = \"{TOKEN}\"\n"));
    let locked = repo.path("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads through permissions: then there is nothing to deny.
    let denied = std::fs::read_dir(&locked).is_err();
    let run = repo.check(&[]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    run.assert_sane(1);
    run.assert_witness();
    if denied {
        let d = run.diagnostics_for("locked");
        assert!(
            d.iter().any(|m| m.contains("ermission denied")),
            "{d:?}\n{}",
            run.stdout
        );
    }
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_root_are_not_followed_unless_asked() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.py"),
        format!("token = \"{TOKEN}\"\n"),
    )
    .unwrap();
    let repo = Repo::new();
    repo.write("src/real.py", "x = 1\n");
    std::os::unix::fs::symlink(outside.path().join("secret.py"), repo.path("src/out.py")).unwrap();
    std::os::unix::fs::symlink(outside.path(), repo.path("outdir")).unwrap();
    std::os::unix::fs::symlink("real.py", repo.path("src/inside.py")).unwrap();
    std::os::unix::fs::symlink("..", repo.path("src/loop")).unwrap();

    let run = repo.check(&[]);
    run.assert_sane(1);
    run.assert_witness();
    let f = run.findings();
    assert!(
        !f.iter()
            .any(|(_, p, _, _)| p == "src/out.py" || p.starts_with("outdir/")),
        "{f:?}"
    );
    for path in ["src/out.py", "outdir"] {
        let d = run.diagnostics_for(path);
        assert!(
            d.iter()
                .any(|m| m.contains("outside the project root") && m.contains("--follow-symlinks")),
            "{path}: {d:?}"
        );
    }

    let run = repo.check(&["--follow-symlinks"]);
    run.assert_sane(1);
    let f = run.findings();
    assert!(f.iter().any(|(_, p, _, _)| p == "src/out.py"), "{f:?}");
    assert!(
        f.iter().any(|(_, p, _, _)| p == "outdir/secret.py"),
        "{f:?}"
    );
    let d = run.diagnostics_for("src/loop");
    assert!(d.iter().any(|m| m.contains("symlink loop")), "{d:?}");
}

// ------------------------------------------------------------- output

#[test]
fn closed_stdout_pipe_exits_quietly() {
    let repo = Repo::new();
    // Well over a pipe buffer of output, so the writes hit the closed pipe.
    let body: String = (0..3000)
        .map(|i| format!("password{i} = \"Xk9vQ2mLp7RtZw4s{i}\"\n"))
        .collect();
    repo.write("app/many.py", body);
    for args in [
        &["check", "."][..],
        &["check", ".", "--format", "json"],
        &["score", ".", "--format", "json"],
        &["rules"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_candor"))
            .args(args)
            .current_dir(repo.dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // `| head -c 1`: read one byte, then close the pipe.
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
}

// ------------------------------------------------- markers and config

#[test]
fn markers_inside_string_literals_are_text() {
    let repo = Repo::new();
    repo.write(
        "app/config.py",
        format!("token = \"{TOKEN}\"; NOTE = \"candor: ignore[secret]\"\n"),
    );
    // Production code whose string mentions a tier marker stays production.
    repo.write(
        "app/flow.py",
        "from unittest.mock import MagicMock\n\n_tier = \"pytest.mark.e2e\"\nclient = MagicMock()\n",
    );
    let run = repo.check(&[]);
    run.assert_sane(1);
    run.assert_witness();
    let f = run.findings();
    assert!(
        f.iter()
            .any(|(r, p, _, _)| r == "secret/known-token" && p == "app/config.py"),
        "a marker in a string suppressed a finding: {f:?}"
    );
    assert!(
        f.iter()
            .any(|(r, p, _, _)| r == "mock/in-production-code" && p == "app/flow.py"),
        "a marker in a string moved production code to a test tier: {f:?}"
    );
}

#[test]
fn config_errors_name_the_key_and_never_echo_a_secret() {
    let repo = Repo::new();
    repo.write("candor.toml", format!("extend-exclude = \"{TOKEN}\"\n"));
    let run = repo.check(&[]);
    run.assert_sane(2);
    assert!(!run.stderr.contains(TOKEN), "{}", run.stderr);
    assert!(!run.stderr.contains(&TOKEN[..12]), "{}", run.stderr);
    assert!(
        run.stderr.contains("`extend-exclude`") && run.stderr.contains("line 1"),
        "{}",
        run.stderr
    );

    repo.write("candor.toml", format!("fail-on = \"{TOKEN}\"\n"));
    let run = repo.check(&[]);
    run.assert_sane(2);
    assert!(!run.stderr.contains(&TOKEN[..12]), "{}", run.stderr);
    assert!(run.stderr.contains("40-character string"), "{}", run.stderr);

    repo.write("candor.toml", "[claim]\nreadiness = [\"(unclosed\"]\n");
    let run = repo.check(&[]);
    run.assert_sane(2);
    assert!(
        run.stderr
            .contains("`claim.readiness[0]` is not a regular expression"),
        "{}",
        run.stderr
    );

    repo.write("candor.toml", "[claim.score-weights]\ntest-ci = 3\n");
    let run = repo.check(&[]);
    run.assert_sane(2);
    assert!(
        run.stderr
            .contains("unknown key `claim.score-weights.test-ci` (did you mean `tests-ci`?)"),
        "{}",
        run.stderr
    );
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
