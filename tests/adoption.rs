//! Adoption paths through the real binary: `candor init` and baselines.

use std::path::Path;
use std::process::{Command, Output};

fn candor(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_candor"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

const KEY: &str = "-----BEGIN PRIVATE KEY-----
c92P2+zHd3OC2pYwL82DeaGdyy8Yck0kF4nP47GiCpj7ZfZzp72dpiifA9SHEA8J
MOE9mQfHdlNwl9cyhDujS38BqRV1p0do/43+7tcVtUFQwjqDSQcRkMQbZhvYSmIR
-----END PRIVATE KEY-----
";

#[test]
fn init_adds_tool_candor_to_a_commented_pyproject() {
    let dir = tempfile::tempdir().unwrap();
    let original = "# top comment\n[project]\nname = \"app\"  # inline\n\n[tool.black]\n# keep me\nline-length = 99\n";
    std::fs::write(dir.path().join("pyproject.toml"), original).unwrap();
    let out = candor(&["init"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("pyproject.toml")).unwrap();
    assert!(text.starts_with(original), "{text}");
    assert!(text.contains("[tool.candor]"));
    assert!(!dir.path().join("candor.toml").exists());
    // The result is picked up as configuration.
    let out = candor(&["check"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Running again changes nothing and says so.
    let out = candor(&["init"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("pyproject.toml")).unwrap(),
        text
    );
}

#[test]
fn init_writes_candor_toml_without_pyproject() {
    let dir = tempfile::tempdir().unwrap();
    let out = candor(&["init"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(dir.path().join("candor.toml").exists());
    assert_eq!(candor(&["check"], dir.path()).status.code(), Some(0));
    assert_eq!(candor(&["init"], dir.path()).status.code(), Some(2));
}

#[test]
fn baseline_hides_known_findings_across_line_shifts() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.key"), KEY).unwrap();
    let out = candor(
        &["check", "--write-baseline", "candor-baseline.json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let baseline = std::fs::read_to_string(dir.path().join("candor-baseline.json")).unwrap();
    assert!(baseline.contains("secret/private-key"));
    assert!(!baseline.contains("c92P2+zH"), "no secret in the baseline");

    // Known finding moved down; a new one added.
    std::fs::write(dir.path().join("old.key"), format!("\n\n\n{KEY}")).unwrap();
    let out = candor(
        &[
            "check",
            "--baseline",
            "candor-baseline.json",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "the moved finding is known");
    std::fs::write(dir.path().join("new.key"), KEY).unwrap();
    let out = candor(
        &[
            "check",
            "--baseline",
            "candor-baseline.json",
            "--format",
            "json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["path"], "new.key");
    assert_eq!(report["summary"]["findings"], 1);

    std::fs::write(dir.path().join("bad.json"), "{").unwrap();
    assert_eq!(
        candor(&["check", "--baseline", "bad.json"], dir.path())
            .status
            .code(),
        Some(2)
    );
}
