//! CI configuration read as structure: which commands and actions run, on
//! which triggers. A step's `name`, a commented-out line, a step or job
//! with `if: false`, a workflow that never triggers on push or pull request
//! and a GitLab job that only runs by hand contribute nothing; a step
//! allowed to fail (`continue-on-error: true`, `allow_failure: true`) is
//! kept, marked partial.

use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

use super::shell::{self, Command};
use crate::workspace::{Language, SourceFile};

/// One command a CI file runs.
#[derive(Debug, Clone)]
pub struct CiCommand {
    pub command: Command,
    /// The step may fail without failing the build.
    pub partial: bool,
}

/// What one CI file runs.
#[derive(Debug, Clone, Default)]
pub struct CiFile {
    pub commands: Vec<CiCommand>,
    /// `uses:` of steps and jobs (actions, reusable workflows), with their
    /// line and whether they may fail.
    pub actions: Vec<(String, usize, bool)>,
    /// Runs on push, pull request or merge queue (GitHub); always for the
    /// other CI systems, which run on push unless told otherwise.
    pub triggered: bool,
    /// Only `workflow_call`: runs when another workflow calls it.
    pub callable: bool,
}

#[derive(Deserialize, Default)]
struct Workflow {
    #[serde(default, rename = "on")]
    on: Option<Value>,
    #[serde(default)]
    jobs: BTreeMap<String, Job>,
}

#[derive(Deserialize, Default)]
struct Job {
    #[serde(default)]
    steps: Vec<Step>,
    #[serde(default)]
    uses: Option<String>,
    #[serde(default, rename = "if")]
    condition: Option<Value>,
    #[serde(default, rename = "continue-on-error")]
    continue_on_error: Option<Value>,
}

#[derive(Deserialize, Default)]
struct Step {
    #[serde(default)]
    run: Option<String>,
    #[serde(default)]
    uses: Option<String>,
    #[serde(default, rename = "if")]
    condition: Option<Value>,
    #[serde(default, rename = "continue-on-error")]
    continue_on_error: Option<Value>,
}

/// `if: false`, `if: ${{ false }}`, `if: 'false'`.
fn disabled(v: &Option<Value>) -> bool {
    match v {
        Some(Value::Bool(false)) => true,
        Some(Value::String(s)) => {
            let t = s.trim();
            let t = t
                .strip_prefix("${{")
                .and_then(|t| t.strip_suffix("}}"))
                .unwrap_or(t)
                .trim();
            t == "false" || t == "0" || t == "''"
        }
        Some(Value::Number(n)) => n.as_f64() == Some(0.0),
        _ => false,
    }
}

/// `continue-on-error: true`. An expression (`${{ matrix.experimental }}`)
/// lets only the matrix entries it names fail, so the step still gates the
/// others: not partial.
fn may_fail(v: &Option<Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.trim() == "true",
        _ => false,
    }
}

const CI_TRIGGERS: &[&str] = &["push", "pull_request", "pull_request_target", "merge_group"];

/// (triggered by push/PR, only `workflow_call`).
fn triggers(on: &Option<Value>) -> (bool, bool) {
    let names: Vec<String> = match on {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(Value::Object(m)) => m.keys().cloned().collect(),
        // YAML 1.1 readers turn the key `on` into `true`.
        _ => Vec::new(),
    };
    let triggered = names.iter().any(|n| CI_TRIGGERS.contains(&n.as_str()));
    (
        triggered,
        !triggered && names.iter().any(|n| n == "workflow_call"),
    )
}

/// The 1-based line where `needle` (its first non-empty line) first occurs
/// at or after `from`; `from`'s line when it does not.
pub fn line_of(text: &str, needle: &str, from: usize) -> (usize, usize) {
    let first = needle
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let from = from.min(text.len());
    let at = if first.is_empty() {
        from
    } else {
        text[from..].find(first).map_or(from, |i| from + i)
    };
    (text[..at].matches('\n').count() + 1, at)
}

/// `Some(file)` for a CI configuration, `None` for any other file; `Err`
/// with the parser's message when it is CI configuration that does not
/// parse (no evidence, and a diagnostic).
pub fn parse(file: &SourceFile) -> Option<Result<CiFile, String>> {
    let rel = file.rel.as_str();
    let yaml = file.language == Language::Yaml;
    if yaml && rel.starts_with(".github/workflows/") {
        return Some(github(&file.text));
    }
    if rel == ".gitlab-ci.yml" || rel.ends_with("/.gitlab-ci.yml") {
        return Some(gitlab(&file.text));
    }
    let other = rel == ".travis.yml"
        || rel == "azure-pipelines.yml"
        || rel == "bitbucket-pipelines.yml"
        || rel == ".circleci/config.yml"
        || (yaml && (rel.starts_with(".buildkite/") || rel.starts_with(".woodpecker")));
    other.then(|| generic(&file.text))
}

fn github(text: &str) -> Result<CiFile, String> {
    let w: Workflow = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
    let (triggered, callable) = triggers(&w.on);
    let mut out = CiFile {
        triggered,
        callable,
        ..CiFile::default()
    };
    let mut cursor = 0;
    for job in w.jobs.into_values() {
        if disabled(&job.condition) {
            continue;
        }
        let job_partial = may_fail(&job.continue_on_error);
        if let Some(u) = job.uses {
            let (line, at) = line_of(text, &u, cursor);
            cursor = at;
            out.actions.push((u, line, job_partial));
        }
        for step in job.steps {
            if disabled(&step.condition) {
                continue;
            }
            let partial = job_partial || may_fail(&step.continue_on_error);
            if let Some(u) = step.uses {
                let (line, at) = line_of(text, &u, cursor);
                cursor = at;
                out.actions.push((u, line, partial));
            }
            if let Some(run) = step.run {
                let (line, at) = line_of(text, &run, cursor);
                cursor = at;
                push_script(&mut out, &run, line, partial);
            }
        }
    }
    Ok(out)
}

fn push_script(out: &mut CiFile, script: &str, line: usize, partial: bool) {
    for mut c in shell::commands(script) {
        c.line += line - 1;
        out.commands.push(CiCommand {
            command: c,
            partial,
        });
    }
}

fn gitlab(text: &str) -> Result<CiFile, String> {
    let v: BTreeMap<String, Value> = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
    let mut out = CiFile {
        triggered: true,
        ..CiFile::default()
    };
    let mut cursor = 0;
    for (name, job) in v {
        // Hidden jobs (`.template`) only run when extended.
        let Value::Object(job) = job else { continue };
        if name.starts_with('.') {
            continue;
        }
        let when = job.get("when").and_then(Value::as_str).unwrap_or("");
        if when == "manual" || when == "never" {
            continue;
        }
        let partial = job
            .get("allow_failure")
            .is_some_and(|v| v != &Value::Bool(false));
        for key in ["before_script", "script", "after_script"] {
            let lines: Vec<&str> = match job.get(key) {
                Some(Value::String(s)) => vec![s.as_str()],
                Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            for l in lines {
                let (line, at) = line_of(text, l, cursor);
                cursor = at;
                push_script(&mut out, l, line, partial);
            }
        }
    }
    Ok(out)
}

/// CircleCI, Azure Pipelines, Travis, Bitbucket, Buildkite, Woodpecker:
/// the strings under `run`, `script`, `command(s)`, `bash`, `pwsh`,
/// `powershell` wherever they sit, and `uses`/`task`/`orb` names.
fn generic(text: &str) -> Result<CiFile, String> {
    let v: Value = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
    let mut out = CiFile {
        triggered: true,
        ..CiFile::default()
    };
    let mut scripts = Vec::new();
    collect_scripts(&v, false, &mut scripts);
    let mut cursor = 0;
    for s in scripts {
        let (line, at) = line_of(text, &s, cursor);
        cursor = at;
        push_script(&mut out, &s, line, false);
    }
    Ok(out)
}

fn collect_scripts(v: &Value, script_key: bool, out: &mut Vec<String>) {
    match v {
        Value::String(s) if script_key => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| collect_scripts(x, script_key, out)),
        Value::Object(m) => {
            for (k, x) in m {
                let is_script = matches!(
                    k.as_str(),
                    "run"
                        | "script"
                        | "scripts"
                        | "command"
                        | "commands"
                        | "bash"
                        | "pwsh"
                        | "powershell"
                        | "before_script"
                        | "install"
                );
                if m.get("enabled") == Some(&Value::Bool(false)) {
                    return;
                }
                collect_scripts(x, is_script, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmds(ci: &CiFile) -> Vec<String> {
        ci.commands
            .iter()
            .map(|c| c.command.words.join(" "))
            .collect()
    }

    #[test]
    fn names_echo_and_disabled_steps_run_nothing() {
        let ci = github(
            "on: push\njobs:\n  t:\n    steps:\n      - name: pytest and codeql\n        run: echo \"nothing runs\"\n      - run: pytest\n        if: false\n      - run: cargo test\n        if: ${{ false }}\n",
        )
        .unwrap();
        assert!(ci.triggered);
        assert_eq!(cmds(&ci), ["echo nothing runs"]);
    }

    #[test]
    fn triggers_and_lines() {
        let ci = github("on:\n  schedule:\n    - cron: '0 0 * * *'\njobs:\n  t:\n    steps:\n      - run: |\n          pip install .\n          pytest -q\n").unwrap();
        assert!(!ci.triggered);
        assert_eq!(ci.commands[1].command.line, 9);
        let ci = github("on: [push]\njobs:\n  t:\n    continue-on-error: true\n    steps:\n      - run: pytest\n").unwrap();
        assert!(ci.triggered && ci.commands[0].partial);
        assert!(github("on: push\njobs: [").is_err());
    }

    #[test]
    fn gitlab_manual_jobs_do_not_run() {
        let ci = gitlab("test:\n  script:\n    - pytest\nmanual:\n  when: manual\n  script: cargo test\n.hidden:\n  script: go test\n").unwrap();
        assert_eq!(cmds(&ci), ["pytest"]);
    }
}
