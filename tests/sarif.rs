//! `--format sarif` through the real binary, validated against the official
//! SARIF 2.1.0 schema (tests/data/sarif-schema-2.1.0.json, see
//! tests/data/README.md), plus what GitHub code scanning needs beyond the
//! schema.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sarif(args: &[&str], cwd: &Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_candor"))
        .args(["check", "--format", "sarif"])
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("runs");
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("SARIF is JSON")
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/data/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    jsonschema::validator_for(&schema).expect("the SARIF schema compiles")
}

fn assert_valid(log: &Value) {
    let v = validator();
    let errors: Vec<String> = v
        .iter_errors(log)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not validate:\n{}",
        errors.join("\n")
    );
}

const KEY: &str = "-----BEGIN PRIVATE KEY-----
c92P2+zHd3OC2pYwL82DeaGdyy8Yck0kF4nP47GiCpj7ZfZzp72dpiifA9SHEA8J
MOE9mQfHdlNwl9cyhDujS38BqRV1p0do/43+7tcVtUFQwjqDSQcRkMQbZhvYSmIR
9QTYrwA2Ne3pDXhg+rVlaxKQoTLHrEVWFk9VA/ZowuweIj+0GQIPd8x8La6PMHKC
-----END PRIVATE KEY-----
";

#[test]
fn demo_sarif_validates_against_the_schema() {
    let log = sarif(&["examples/demo"], &repo());
    assert_valid(&log);
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
}

#[test]
fn sarif_has_what_code_scanning_needs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a b.key"), format!("\n\n{KEY}")).unwrap();
    let log = sarif(&[], dir.path());
    assert_valid(&log);
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let result = &run["results"][0];
    let rule = &rules[result["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], result["ruleId"]);
    assert_eq!(rule["id"], "secret/private-key");
    assert_eq!(rule["name"], "private-key");
    assert!(
        rule["help"]["text"]
            .as_str()
            .unwrap()
            .contains("## What it does")
    );
    assert!(rule["help"]["markdown"].as_str().is_some());
    assert!(
        rule["helpUri"]
            .as_str()
            .unwrap()
            .ends_with("docs/rules/secret/private-key.md")
    );
    assert!(rule["fullDescription"]["text"].as_str().unwrap().len() > 10);
    assert_eq!(rule["properties"]["tags"][0], "security");
    let sev: f64 = rule["properties"]["security-severity"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((0.0..=10.0).contains(&sev));
    assert_eq!(result["level"], "error");
    let loc = &result["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "a%20b.key");
    assert_eq!(loc["region"]["startLine"], 3);
    assert_eq!(loc["region"]["startColumn"], 1);
    assert_eq!(loc["region"]["endLine"], 7);
    let fp = result["partialFingerprints"]["candor/v1"]
        .as_str()
        .unwrap()
        .to_string();
    // Nothing secret in the log.
    assert!(!log.to_string().contains("c92P2+zHd3OC2pYw"));

    // Shift the key down: the line changes, the fingerprint does not.
    std::fs::write(dir.path().join("a b.key"), format!("\n\n\n\n\n{KEY}")).unwrap();
    let log = sarif(&[], dir.path());
    let result = &log["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        6
    );
    assert_eq!(result["partialFingerprints"]["candor/v1"], fp.as_str());
}

#[test]
fn empty_scan_is_valid_sarif() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ok.py"), "x = 1\n").unwrap();
    let log = sarif(&[], dir.path());
    assert_valid(&log);
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 0);
}

#[test]
fn the_schema_rejects_broken_sarif() {
    // The validator is not vacuous: a result without a message fails.
    let mut log = sarif(&["examples/demo"], &repo());
    log["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator().is_valid(&log));
}
