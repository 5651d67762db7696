//! CI configuration read as structure: which commands and actions run, on
//! which triggers. A step's `name`, a commented-out line, a step or job
//! with `if: false`, a workflow that never triggers on push or pull request
//! and a GitLab job that only runs by hand contribute nothing; a step
//! allowed to fail (`continue-on-error: true`, `allow_failure: true`) is
//! kept, marked partial. Each command keeps the folder it runs in (a
//! step's `working-directory`, a job's or workflow's `defaults.run`, a
//! Jenkins `dir('...') {}` block, and `cd` earlier in the same script), so
//! a monorepo's components are each held to the steps that test them.
//!
//! Jenkinsfiles (declarative and scripted) are read as Groovy tokens: the
//! strings `sh`, `bat`, `pwsh` and `powershell` steps run; comments and
//! `echo` add nothing, a stage whose `when { expression { false } }` never
//! runs is dropped, and steps inside `catchError`/`warnError` may fail.

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
    /// The folder the command runs in, relative to the repository root
    /// ("" = the root).
    pub dir: String,
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
    #[serde(default)]
    defaults: Option<Value>,
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
    #[serde(default)]
    defaults: Option<Value>,
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
    #[serde(default, rename = "working-directory")]
    working_directory: Option<String>,
}

/// The folder of a step whose working directory is an expression
/// (`${{ matrix.dir }}`, `${{ inputs.working-directory }}`): it may be any
/// of them, so it stands for all.
pub const ANY_DIR: &str = "*";

/// `defaults: run: working-directory:`.
fn default_dir(defaults: &Option<Value>) -> Option<String> {
    defaults
        .as_ref()?
        .pointer("/run/working-directory")?
        .as_str()
        .map(str::to_string)
}

/// `base` joined with the relative path `p` (`.`, `..`, `./` resolved).
/// An absolute or variable path (`/tmp`, `$GITHUB_WORKSPACE/x`, `~`)
/// cannot be placed in the repository: `None`.
pub fn join_dir(base: &str, p: &str) -> Option<String> {
    let p = p.trim();
    if p.starts_with(['/', '$', '~', '%']) || p.contains("${{") {
        return None;
    }
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in p.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
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
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if name == "Jenkinsfile"
        || name.starts_with("Jenkinsfile.")
        || name.to_ascii_lowercase().ends_with(".jenkinsfile")
    {
        return Some(Ok(jenkins(&file.text)));
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
    let workflow_dir = default_dir(&w.defaults)
        .map(|d| join_dir("", &d).unwrap_or_else(|| ANY_DIR.into()))
        .unwrap_or_default();
    for job in w.jobs.into_values() {
        if disabled(&job.condition) {
            continue;
        }
        let job_partial = may_fail(&job.continue_on_error);
        let job_dir = default_dir(&job.defaults)
            .map(|d| join_dir("", &d).unwrap_or_else(|| ANY_DIR.into()))
            .unwrap_or_else(|| workflow_dir.clone());
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
                let dir = match &step.working_directory {
                    Some(d) => join_dir("", d).unwrap_or_else(|| ANY_DIR.into()),
                    None => job_dir.clone(),
                };
                push_script(&mut out, &run, line, partial, &dir);
            }
        }
    }
    Ok(out)
}

/// The commands of `script`, run from `dir`; a `cd` moves the commands
/// after it (`cd services/api && pytest` runs pytest in `services/api`).
fn push_script(out: &mut CiFile, script: &str, line: usize, partial: bool, dir: &str) {
    let mut cwd = dir.to_string();
    for mut c in shell::commands(script) {
        c.line += line - 1;
        if matches!(c.program(), "cd" | "pushd") && cwd != ANY_DIR {
            cwd = match c.words.get(1) {
                Some(p) => join_dir(&cwd, p).unwrap_or_else(|| dir.to_string()),
                None => String::new(),
            };
            continue;
        }
        if c.program() == "popd" {
            cwd = dir.to_string();
            continue;
        }
        out.commands.push(CiCommand {
            command: c,
            partial,
            dir: cwd.clone(),
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
                push_script(&mut out, l, line, partial, "");
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
    collect_scripts(&v, false, "", &mut scripts);
    let mut cursor = 0;
    for (s, dir) in scripts {
        let (line, at) = line_of(text, &s, cursor);
        cursor = at;
        push_script(&mut out, &s, line, false, &dir);
    }
    Ok(out)
}

/// The script strings of a CI file with the folder each runs in (the
/// nearest `working_directory` / `workingDirectory` / `working-directory`
/// beside or above it).
fn collect_scripts(v: &Value, script_key: bool, dir: &str, out: &mut Vec<(String, String)>) {
    match v {
        Value::String(s) if script_key => out.push((s.clone(), dir.to_string())),
        Value::Array(a) => a
            .iter()
            .for_each(|x| collect_scripts(x, script_key, dir, out)),
        Value::Object(m) => {
            let here = ["working_directory", "workingDirectory", "working-directory"]
                .iter()
                .find_map(|k| m.get(*k).and_then(Value::as_str))
                .and_then(|d| join_dir(dir, d));
            let dir = here.as_deref().unwrap_or(dir);
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
                collect_scripts(x, is_script, dir, out);
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    Punct(char),
}

/// Groovy tokens with their byte offsets: identifiers, string literals
/// (their content, at the content's offset), punctuation; comments dropped.
fn groovy_tokens(text: &str) -> Vec<(Token, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if text[i..].starts_with("//") {
            i = text[i..].find('\n').map_or(b.len(), |n| i + n);
        } else if text[i..].starts_with("/*") {
            i = text[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
        } else if c == b'\'' || c == b'"' {
            let triple = b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&c);
            let q = if triple { 3 } else { 1 };
            let start = i + q;
            let mut j = start;
            let mut body = String::new();
            while j < b.len() {
                if b[j] == b'\\' && j + 1 < b.len() {
                    // `\$` and `\"` stand for the character; others stay
                    // for the shell.
                    let n = text[j + 1..].chars().next().unwrap_or(' ');
                    if !matches!(n, '$' | '"' | '\'' | '\\') {
                        body.push('\\');
                    }
                    body.push(n);
                    j += 1 + n.len_utf8();
                    continue;
                }
                if b[j] == c && (!triple || (b.get(j + 1) == Some(&c) && b.get(j + 2) == Some(&c)))
                {
                    break;
                }
                if !triple && b[j] == b'\n' {
                    break;
                }
                let ch = text[j..].chars().next().unwrap_or(' ');
                body.push(ch);
                j += ch.len_utf8();
            }
            out.push((Token::Str(body), start));
            i = (j + q).min(b.len());
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push((Token::Ident(text[start..i].to_string()), start));
        } else {
            let ch = text[i..].chars().next().unwrap_or(' ');
            if ch.is_ascii_punctuation() {
                out.push((Token::Punct(ch), i));
            }
            i += ch.len_utf8();
        }
    }
    out
}

/// A block of a Jenkinsfile that changes how the steps inside run.
enum Frame {
    Plain,
    Dir(String),
    Stage(usize),
    Partial,
}

fn innermost_dir(frames: &[Frame]) -> String {
    frames
        .iter()
        .rev()
        .find_map(|f| match f {
            Frame::Dir(d) => Some(d.clone()),
            _ => None,
        })
        .unwrap_or_default()
}

fn innermost_stage(frames: &[Frame]) -> Option<usize> {
    frames.iter().rev().find_map(|f| match f {
        Frame::Stage(s) => Some(*s),
        _ => None,
    })
}

/// A Jenkinsfile, declarative or scripted: the scripts of `sh`, `bat`,
/// `pwsh` and `powershell` steps, in the folder of the `dir('...')` blocks
/// around them. Jenkins runs on push (multibranch) unless told otherwise.
fn jenkins(text: &str) -> CiFile {
    let toks = groovy_tokens(text);
    let mut out = CiFile {
        triggered: true,
        ..CiFile::default()
    };
    let line = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;
    let ident = |i: usize| match toks.get(i) {
        Some((Token::Ident(s), _)) => Some(s.as_str()),
        _ => None,
    };
    let punct = |i: usize, c: char| matches!(toks.get(i), Some((Token::Punct(p), _)) if *p == c);
    let string = |i: usize| match toks.get(i) {
        Some((Token::Str(s), at)) => Some((s.as_str(), *at)),
        _ => None,
    };
    let mut frames: Vec<Frame> = Vec::new();
    let mut pending: Option<Frame> = None;
    let mut stages_off: Vec<bool> = Vec::new();
    // The stage each command sits in.
    let mut command_stage: Vec<Option<usize>> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match &toks[i].0 {
            Token::Ident(name) => match name.as_str() {
                "sh" | "bat" | "pwsh" | "powershell" => {
                    let mut j = i + 1;
                    if punct(j, '(') {
                        j += 1;
                    }
                    if ident(j) == Some("script") && punct(j + 1, ':') {
                        j += 2;
                    }
                    if let Some((script, at)) = string(j) {
                        let partial = frames.iter().any(|f| matches!(f, Frame::Partial));
                        let stage = innermost_stage(&frames);
                        push_script(&mut out, script, line(at), partial, &innermost_dir(&frames));
                        command_stage.resize(out.commands.len(), stage);
                        i = j + 1;
                        continue;
                    }
                }
                "dir" if punct(i + 1, '(') => {
                    if let Some((d, _)) = string(i + 2) {
                        let base = innermost_dir(&frames);
                        pending = Some(Frame::Dir(join_dir(&base, d).unwrap_or(base)));
                    }
                }
                "stage" if punct(i + 1, '(') => {
                    stages_off.push(false);
                    pending = Some(Frame::Stage(stages_off.len() - 1));
                }
                "catchError" | "warnError" => pending = Some(Frame::Partial),
                "expression" if punct(i + 1, '{') => {
                    let mut j = i + 2;
                    if ident(j) == Some("return") {
                        j += 1;
                    }
                    if ident(j) == Some("false")
                        && punct(j + 1, '}')
                        && let Some(s) = innermost_stage(&frames)
                    {
                        stages_off[s] = true;
                    }
                }
                _ => {}
            },
            Token::Punct('{') => frames.push(pending.take().unwrap_or(Frame::Plain)),
            Token::Punct('}') => {
                frames.pop();
                pending = None;
            }
            _ => {}
        }
        i += 1;
    }
    let mut keep = command_stage
        .into_iter()
        .map(|s| s.is_none_or(|s| !stages_off[s]));
    out.commands.retain(|_| keep.next().unwrap_or(true));
    out
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
    fn jenkinsfiles_run_their_sh_steps() {
        let ci = jenkins(
            "pipeline {\n  agent any\n  stages {\n    stage('Test') {\n      steps {\n        // sh 'cargo test'\n        echo 'pytest'\n        sh 'pip install -e .'\n        sh \"npm test\"\n        dir('services/api') {\n          sh '''\n            pytest -q\n          '''\n        }\n      }\n    }\n    stage('Later') {\n      when { expression { false } }\n      steps { sh 'go test ./...' }\n    }\n  }\n}\n",
        );
        assert_eq!(cmds(&ci), ["pip install -e .", "npm test", "pytest -q"]);
        assert_eq!(ci.commands[2].dir, "services/api");
        assert_eq!(ci.commands[2].command.line, 12);
        let ci = jenkins(
            "node {\n  stage('t') {\n    catchError { sh(script: 'cd web && npx jest', returnStdout: true) }\n  }\n}\n",
        );
        assert_eq!(cmds(&ci), ["jest"]);
        assert!(ci.commands[0].partial);
        assert_eq!(ci.commands[0].dir, "web");
    }

    #[test]
    fn working_directories_and_cd_place_commands() {
        let ci = github("on: push\ndefaults:\n  run:\n    working-directory: backend\njobs:\n  t:\n    steps:\n      - run: pytest\n      - run: npm test\n        working-directory: ./services/web\n      - run: cd ../services/api && pytest\n").unwrap();
        let dirs: Vec<&str> = ci.commands.iter().map(|c| c.dir.as_str()).collect();
        assert_eq!(dirs, ["backend", "services/web", "services/api"]);
        assert_eq!(join_dir("a/b", "../c/./d"), Some("a/c/d".into()));
        assert_eq!(join_dir("a", "$HOME/x"), None);
    }

    #[test]
    fn gitlab_manual_jobs_do_not_run() {
        let ci = gitlab("test:\n  script:\n    - pytest\nmanual:\n  when: manual\n  script: cargo test\n.hidden:\n  script: go test\n").unwrap();
        assert_eq!(cmds(&ci), ["pytest"]);
    }
}
