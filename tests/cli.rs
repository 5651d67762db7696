//! End to end: the real `candor` binary on the demo repository and on bad
//! input, checking exit codes, JSON against its schema, and that nothing
//! panics.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn candor(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_candor"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn schema_validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("docs/report.schema.json")).unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).expect("schema compiles")
}

#[test]
fn demo_json_validates_and_exits_1() {
    let out = candor(&["check", "--format", "json", "examples/demo"], &repo());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let validator = schema_validator();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(json["version"], 1);
    assert_eq!(json["tool"]["name"], "candor");
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"secret/private-key"));
    // The key material never appears.
    let pem =
        std::fs::read_to_string(repo().join("examples/demo/deploy/keys/deploy_key.pem")).unwrap();
    let body_line = pem.lines().nth(1).unwrap();
    assert!(!stdout(&out).contains(body_line));
}

#[test]
fn schema_rejects_a_broken_report() {
    let bad =
        serde_json::json!({"version": 1, "tool": {"name": "candor"}, "findings": [{"rule": "x"}]});
    assert!(!schema_validator().is_valid(&bad));
}

#[test]
fn text_output_has_frame_and_summary() {
    let out = candor(&["check", "examples/demo"], &repo());
    let text = stdout(&out);
    assert!(
        text.contains("examples/demo/deploy/keys/deploy_key.pem:1:1: secret/private-key"),
        "{text}"
    );
    assert!(text.contains("1 | ----…("), "{text}");
    assert!(text.contains("= fix: "), "{text}");
    assert!(text.contains("By family: "), "{text}");
    assert!(
        !text.contains('\x1b'),
        "NO_COLOR and a pipe mean no escape codes"
    );
}

#[test]
fn exit_codes_and_flags() {
    let r = repo();
    assert_eq!(
        candor(&["check", "--exit-zero", "examples/demo"], &r)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        candor(&["check", "--ignore", "secret", "examples/demo/deploy"], &r)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        candor(&["check", "--fail-on", "error", "examples/demo/deploy"], &r)
            .status
            .code(),
        Some(1)
    );
    let stats = candor(&["check", "--statistics", "examples/demo/deploy"], &r);
    assert!(
        stdout(&stats).contains("secret/private-key"),
        "{}",
        stdout(&stats)
    );
    let quiet = candor(&["check", "-q", "examples/demo/deploy"], &r);
    assert_eq!(
        stdout(&quiet),
        "examples/demo/deploy/keys/deploy_key.pem:1:1: secret/private-key RSA private key committed to the repository\n"
    );
    let bad_rule = candor(&["check", "--select", "secrte", "examples/demo"], &r);
    assert_eq!(bad_rule.status.code(), Some(2));
    assert!(
        stderr(&bad_rule).contains("did you mean `secret`?"),
        "{}",
        stderr(&bad_rule)
    );
    assert_eq!(
        candor(&["check", "--format", "yaml", "."], &r)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn rule_and_rules_commands() {
    let r = repo();
    let doc = candor(&["rule", "secret/private-key"], &r);
    assert_eq!(doc.status.code(), Some(0));
    assert!(stdout(&doc).contains("## Why is this bad?"));
    let unknown = candor(&["rule", "secret/private-kye"], &r);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean `secret/private-key`?"));
    let list = candor(&["rules", "--format", "json"], &r);
    let json: serde_json::Value = serde_json::from_str(&stdout(&list)).unwrap();
    assert!(
        json.as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "secret/private-key")
    );
}

#[test]
fn bad_config_is_exit_2_with_file_key_and_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("candor.toml"), "selct = [\"secret\"]\n").unwrap();
    std::fs::write(dir.path().join("a.py"), "x = 1\n").unwrap();
    let out = candor(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("candor.toml")
            && err.contains("`selct`")
            && err.contains("did you mean `select`?"),
        "{err}"
    );

    std::fs::write(dir.path().join("candor.toml"), "").unwrap();
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[tool.candor]\nignore = [\"secret\"]\n",
    )
    .unwrap();
    // candor.toml wins over pyproject.toml in the same folder.
    assert_eq!(candor(&["check", "."], dir.path()).status.code(), Some(0));
    std::fs::write(
        dir.path().join("candor.toml"),
        "[tiers]\nintegration = [\"[\"]\n",
    )
    .unwrap();
    let out = candor(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("tiers.integration"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn config_found_by_walking_up() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname='x'\n[tool.candor]\nignore = [\"secret\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("pkg/keys")).unwrap();
    std::fs::copy(
        repo().join("examples/demo/deploy/keys/deploy_key.pem"),
        dir.path().join("pkg/keys/k.pem"),
    )
    .unwrap();
    assert_eq!(
        candor(&["check", "pkg/keys"], dir.path()).status.code(),
        Some(0)
    );
    assert_eq!(
        candor(
            &["check", "--no-ignore", "--select", "secret", "pkg"],
            dir.path()
        )
        .status
        .code(),
        Some(1)
    );
}

#[test]
fn gitignore_and_candorignore_are_honored() {
    let dir = tempfile::tempdir().unwrap();
    let key =
        std::fs::read_to_string(repo().join("examples/demo/deploy/keys/deploy_key.pem")).unwrap();
    for d in ["a", "b", "c"] {
        std::fs::create_dir_all(dir.path().join(d)).unwrap();
        std::fs::write(dir.path().join(d).join("k.pem"), &key).unwrap();
    }
    std::fs::write(dir.path().join(".gitignore"), "a/\n").unwrap();
    std::fs::write(dir.path().join(".candorignore"), "b/\n").unwrap();
    let out = candor(&["check", "-q", "."], dir.path());
    assert_eq!(
        stdout(&out),
        "c/k.pem:1:1: secret/private-key RSA private key committed to the repository\n"
    );
    let out = candor(&["check", "-q", "--no-ignore", "."], dir.path());
    assert_eq!(stdout(&out).lines().count(), 3, "{}", stdout(&out));
}

/// Every kind of bad input from the issue, through the real binary: the
/// scan goes on, each gets a diagnostic (binary files: silently skipped),
/// nothing panics, and the good file's finding is still reported.
#[test]
fn bad_input_never_stops_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::copy(
        repo().join("examples/demo/deploy/keys/deploy_key.pem"),
        p.join("real.pem"),
    )
    .unwrap();
    std::fs::write(
        p.join("image.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-----BEGIN RSA PRIVATE KEY-----",
    )
    .unwrap();
    std::fs::write(p.join("latin1.txt"), b"caf\xe9 = 1\n").unwrap();
    std::fs::write(p.join("huge.txt"), vec![b'a'; 2 * 1024 * 1024]).unwrap();
    std::fs::write(p.join("broken.py"), "def f(:\n    return [\n").unwrap();
    std::fs::write(
        p.join("hostile.yaml"),
        "a: &a [*a, *a, *a]\nb: &b [*a, *a]\n: : :\n",
    )
    .unwrap();
    std::fs::write(p.join("deep.json"), "[".repeat(100_000)).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(p.join("missing-target"), p.join("dangling")).unwrap();
        std::fs::create_dir(p.join("loop")).unwrap();
        std::os::unix::fs::symlink("..", p.join("loop/up")).unwrap();
        // Unreadable even as root: the kernel refuses reads at offset 0.
        std::os::unix::fs::symlink("/proc/self/mem", p.join("unreadable")).unwrap();
    }
    let out = candor(&["check", "--format", "json", "."], p);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{err}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let diags: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}: {}",
                d["path"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    let has = |path: &str, what: &str| {
        diags
            .iter()
            .any(|d| d.starts_with(path) && d.contains(what))
    };
    assert!(has("latin1.txt", "invalid UTF-8"), "{diags:#?}");
    assert!(has("huge.txt", "over the"), "{diags:#?}");
    assert!(
        !diags.iter().any(|d| d.starts_with("image.png")),
        "binary files are skipped silently: {diags:#?}"
    );
    #[cfg(unix)]
    {
        assert!(has("dangling", "not found"), "{diags:#?}");
        // Not followed by default: a link out of the root is reported, a
        // link to a folder inside it is walked under its own name.
        assert!(has("unreadable", "outside the project root"), "{diags:#?}");
        let out = candor(&["check", "--format", "json", "--follow-symlinks", "."], p);
        assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
        let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
        let followed: Vec<String> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                format!(
                    "{}: {}",
                    d["path"].as_str().unwrap(),
                    d["message"].as_str().unwrap()
                )
            })
            .collect();
        let has = |path: &str, what: &str| {
            followed
                .iter()
                .any(|d| d.starts_with(path) && d.contains(what))
        };
        assert!(has("loop/up", "symlink loop"), "{followed:#?}");
        assert!(has("unreadable", "cannot read"), "{followed:#?}");
    }
    let findings: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(findings.contains(&"real.pem"), "{findings:?}");
    assert!(!findings.contains(&"image.png"));

    // Text mode: diagnostics go to stderr, findings to stdout.
    let out = candor(&["check", "."], p);
    assert!(
        stderr(&out).contains("latin1.txt: invalid UTF-8"),
        "{}",
        stderr(&out)
    );
    assert!(!stdout(&out).contains("invalid UTF-8"));
}

#[test]
fn missing_path_is_a_diagnostic() {
    let out = candor(&["check", "--format", "json", "does-not-exist"], &repo());
    assert_ne!(out.status.code(), Some(101));
    assert!(
        stdout(&out).contains("no such file"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}

#[test]
fn score_badge_and_markdown() {
    let out = candor(&["score", "examples/demo", "--format", "json"], &repo());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let card: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let score = card["score"].as_f64().unwrap();
    assert!((0.0..=10.0).contains(&score));
    assert_eq!(card["criteria"].as_array().unwrap().len(), 12);

    let text = stdout(&candor(&["score", "examples/demo"], &repo()));
    assert!(
        text.starts_with(&format!("Readiness: {score:.1}/10\n")),
        "{text}"
    );

    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("badge.svg");
    let json = dir.path().join("badge.json");
    let out = candor(
        &[
            "badge",
            "examples/demo",
            "--out",
            svg.to_str().unwrap(),
            "--endpoint",
            json.to_str().unwrap(),
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let svg = std::fs::read_to_string(svg).unwrap();
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
    assert!(svg.contains(&format!("{score:.1}/10")));
    let endpoint: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    assert_eq!(endpoint["schemaVersion"], 1);
    assert_eq!(endpoint["label"], "readiness");

    let md = candor(&["check", "examples/demo", "--format", "markdown"], &repo());
    let md = stdout(&md);
    assert!(
        md.contains(&format!("**Readiness: {score:.1}/10**")),
        "{md}"
    );
    assert!(md.contains("### claim/ ("), "{md}");
}
