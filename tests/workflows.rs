//! Read-checks of the project's own workflows (`actionlint` is not
//! installable here): each is parsed as YAML and the steps candor relies on
//! are checked in the parsed structure: triggers, permissions, the test
//! script, the caches, the Action from the checkout, pinned actions, and no
//! `${{ }}` expression spliced into a shell script.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn workflow(name: &str) -> Value {
    let path = root().join(".github/workflows").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn steps(wf: &Value) -> Vec<&Value> {
    wf["jobs"]
        .as_object()
        .expect("jobs")
        .values()
        .flat_map(|job| job["steps"].as_array().expect("steps"))
        .collect()
}

fn run_scripts(wf: &Value) -> Vec<&str> {
    steps(wf)
        .into_iter()
        .filter_map(|s| s["run"].as_str())
        .collect()
}

/// `Cargo.toml`'s `rust-version`: the toolchain the workflows install.
fn rust_version() -> String {
    let text = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let manifest: toml::Table = text.parse().unwrap();
    manifest["package"]["rust-version"]
        .as_str()
        .unwrap()
        .to_string()
}

fn cache_paths(step: &Value) -> Vec<String> {
    step["with"]["path"]
        .as_str()
        .unwrap_or_default()
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn uses(step: &Value) -> &str {
    step["uses"].as_str().unwrap_or_default()
}

/// Checks every workflow shares: actions pinned to a version, no expression
/// in a script, checkout without persisted credentials, the toolchain of
/// `Cargo.toml`.
fn common_checks(name: &str, wf: &Value) {
    for step in steps(wf) {
        let u = uses(step);
        if !u.is_empty() && !u.starts_with("./") {
            let (_, version) = u
                .split_once('@')
                .unwrap_or_else(|| panic!("{name}: `{u}` is not pinned"));
            assert!(!version.is_empty() && version != "main" && version != "master");
        }
        if u.starts_with("actions/checkout@") {
            assert_eq!(
                step["with"]["persist-credentials"],
                Value::Bool(false),
                "{name}: checkout keeps the token on disk"
            );
        }
    }
    for script in run_scripts(wf) {
        assert!(
            !script.contains("${{"),
            "{name}: expression inside a script (template injection): {script}"
        );
    }
    let version = rust_version();
    assert!(
        run_scripts(wf).iter().any(
            |s| s.contains(&format!("rustup toolchain install {version}"))
                && s.contains(&format!("rustup default {version}"))
        ),
        "{name}: installs Rust {version}"
    );
}

#[test]
fn ci_runs_the_test_script_on_pull_requests_and_pushes_with_caches() {
    let wf = workflow("ci.yml");
    common_checks("ci.yml", &wf);
    assert!(wf["on"].get("pull_request").is_some(), "{}", wf["on"]);
    assert!(wf["on"].get("push").is_some(), "{}", wf["on"]);
    assert_eq!(wf["permissions"]["contents"], "read");

    let scripts = run_scripts(&wf);
    assert!(
        scripts
            .iter()
            .any(|s| s.lines().any(|l| l.trim() == "./scripts/test")),
        "{scripts:?}"
    );
    let script = root().join("scripts/test");
    assert!(script.is_file());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&script).unwrap().permissions().mode();
        assert!(mode & 0o111 != 0, "scripts/test is executable");
    }
    // scripts/test builds for wasm32 and lints: the toolchain has them.
    assert!(scripts.iter().any(|s| s.contains("wasm32-unknown-unknown")
        && s.contains("clippy")
        && s.contains("rustfmt")));
    // The playground test needs a browser the runner has.
    let chromium = wf["jobs"]["test"]["env"]["CANDOR_CHROMIUM"].as_str();
    assert!(chromium.is_some_and(|p| Path::new(p).is_absolute()));

    let caches: Vec<Vec<String>> = steps(&wf)
        .into_iter()
        .filter(|s| uses(s).starts_with("actions/cache@"))
        .map(cache_paths)
        .collect();
    let cached = |p: &str| caches.iter().any(|c| c.iter().any(|x| x == p));
    for p in [
        "~/.cargo/registry/cache",
        "~/.cargo/registry/index",
        "target",
    ] {
        assert!(cached(p), "cargo cache lacks {p}: {caches:?}");
    }
    // The tools wasm/tests/setup.sh installs when missing.
    let setup = std::fs::read_to_string(root().join("wasm/tests/setup.sh")).unwrap();
    assert!(setup.contains("$HOME/.cache/candor/venv"));
    assert!(setup.contains("npm ci --prefix wasm/tests"));
    for p in [
        "~/.cargo/bin/wasm-bindgen",
        "~/.cache/candor",
        "wasm/tests/node_modules",
    ] {
        assert!(cached(p), "tool cache lacks {p}: {caches:?}");
    }
    for step in steps(&wf)
        .into_iter()
        .filter(|s| uses(s).starts_with("actions/cache@"))
    {
        let key = step["with"]["key"].as_str().unwrap();
        assert!(
            key.contains("hashFiles(") && key.contains("Cargo.lock"),
            "{key}"
        );
    }
}

#[test]
fn candor_runs_on_its_own_pull_requests_from_the_checkout() {
    let wf = workflow("candor.yml");
    common_checks("candor.yml", &wf);
    assert!(wf["on"].get("pull_request").is_some(), "{}", wf["on"]);
    assert!(
        wf["on"].get("pull_request_target").is_none(),
        "never a write token for the PR's code"
    );
    assert_eq!(wf["permissions"]["checks"], "write");
    assert_eq!(wf["permissions"]["pull-requests"], "write");
    assert_eq!(wf["permissions"]["contents"], "read");

    let all = steps(&wf);
    let action = all
        .iter()
        .find(|s| uses(s) == "./")
        .expect("a step runs the Action from the checkout");
    // Built from this checkout's source, not a release.
    assert_eq!(action["with"]["version"], "source");
    let checkout = all
        .iter()
        .position(|s| uses(s).starts_with("actions/checkout@"))
        .unwrap();
    let at = all.iter().position(|s| uses(s) == "./").unwrap();
    assert!(checkout < at, "checked out before `uses: ./`");
    // The build goes outside the scanned checkout and is cached.
    let target = action["env"]["CARGO_TARGET_DIR"].as_str().unwrap();
    assert!(target.starts_with("${{ runner.temp }}"), "{target}");
    assert!(all.iter().any(
        |s| uses(s).starts_with("actions/cache@") && cache_paths(s).iter().any(|p| p == target)
    ));

    // The action understands `version: source`.
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let action_yml: Value = serde_saphyr::from_str(&text).unwrap();
    let install = action_yml["runs"]["steps"][0]["run"].as_str().unwrap();
    assert!(
        install.contains("\"$INPUT_VERSION\" != source"),
        "{install}"
    );
}

#[test]
fn the_root_configuration_keeps_data_out_and_parses() {
    let text = std::fs::read_to_string(root().join("candor.toml")).unwrap();
    let config = candor::config::Config::from_file_text(&text, "candor.toml")
        .unwrap()
        .expect("a candor configuration");
    for data in [
        "examples/demo/app/main.py",
        "tests/fixtures/secret/private-key/find/id_rsa",
        "tests/data/gitleaks-vectors.jsonl",
    ] {
        assert!(config.is_excluded(data), "{data}");
    }
    for code in ["src/lib.rs", "tests/cli.rs", "action.yml", "scripts/test"] {
        assert!(!config.is_excluded(code), "{code}");
    }
}
