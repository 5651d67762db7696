//! What the repository shows, as evidence for or against claims and for the
//! scorecard: versions, CI test and SAST steps, coverage configuration,
//! load/performance tests, a security policy, stub packages.
//!
//! Read once per file in the per-file phase ([`FileEvidence::collect`], from
//! the file's one parse), and summed up once per scan ([`Evidence::gather`])
//! into the [`Index`](super::Index). Claims rules and the scorecard read it
//! there.

use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::lang::parsed::ParsedFile;
use crate::workspace::{Language, SourceFile};

/// A version declared by a package manifest.
#[derive(Debug, Clone)]
pub struct Version {
    /// Directory of the manifest, relative to the project root ("" = root).
    pub dir: String,
    pub manifest: String,
    pub version: String,
}

impl Version {
    /// `Some(reason)` when the version is 0.x or a pre-release.
    pub fn immature(&self) -> Option<String> {
        let v = self.version.trim().trim_start_matches('v');
        let major = v.split(['.', '-', '+']).next()?;
        if major == "0" {
            return Some(format!(
                "version {} in {} is pre-1.0",
                self.version, self.manifest
            ));
        }
        let pre = match semver::Version::parse(v) {
            Ok(sv) => {
                let snapshot = sv.pre.as_str().to_ascii_lowercase();
                !sv.pre.is_empty()
                    && !(is_development_snapshot(&snapshot, &v[..v.find('-').unwrap_or(0)]))
            }
            Err(_) => {
                PEP440_PRE.is_match(v)
                    && !PEP440_DEV
                        .captures(v)
                        .is_some_and(|c| is_development_snapshot("dev", &c[1]))
            }
        };
        pre.then(|| {
            format!(
                "version {} in {} is a pre-release",
                self.version, self.manifest
            )
        })
    }
}

/// Whether a pre-release tag (`dev`, `dev.3`, `snapshot`) on the release
/// `release` (`8.5.0`) only marks the development state of the next
/// release after earlier final ones, as a default branch carries between
/// releases (`8.5.0.dev`, Maven's `-SNAPSHOT`). Not for `1.0.0`: before
/// the first 1.0 there is no final release to be the stable one.
fn is_development_snapshot(tag: &str, release: &str) -> bool {
    let dev = tag == "snapshot"
        || tag.strip_prefix("dev").is_some_and(|n| {
            n.trim_start_matches('.')
                .bytes()
                .all(|b| b.is_ascii_digit())
        });
    let first_major = release
        .split('.')
        .map(|p| p.parse::<u64>().unwrap_or(1))
        .enumerate()
        .all(|(i, n)| if i == 0 { n <= 1 } else { n == 0 });
    dev && !first_major
}

/// A PEP 440 development release and nothing else before it (`8.5.0.dev`,
/// `3.2.0.dev1`; not `2.0.0rc1.dev1`): the release part.
static PEP440_DEV: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(\d+(?:\.\d+)*)[-_.]?dev\d*$").expect("valid regex"));

static PEP440_PRE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\d+(?:\.\d+)*[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview|dev)\d*")
        .expect("valid regex")
});

mod ci;
mod code;
mod coverage;
pub mod shell;

pub use ci::{CiCommand, CiFile};
use shell::Command;

/// Where a piece of evidence is: a file (display path), a 1-based line,
/// and what is there ("runs `pytest -q`").
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub path: String,
    pub line: usize,
    pub what: String,
}

impl std::fmt::Display for Located {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{} {}", self.path, self.line, self.what)
    }
}

impl Located {
    fn new(path: &str, line: usize, what: impl Into<String>) -> Self {
        Located {
            path: path.to_string(),
            line,
            what: what.into(),
        }
    }

    /// `path:line`.
    pub fn at(&self) -> String {
        format!("{}:{}", self.path, self.line)
    }
}

/// An enforced coverage threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    pub value: f64,
    pub at: Located,
    /// The folder it applies to: the folder of the configuration that sets
    /// it, or the folders the CI step that sets it tests ("" = all).
    pub scope: String,
}

/// A CI step that runs a test runner, and which part of the repository it
/// tests.
#[derive(Debug, Clone, PartialEq)]
pub struct TestRun {
    pub at: Located,
    /// Folders the step tests, relative to the root ("" = the whole
    /// repository): its working directory (`working-directory`, `cd`,
    /// Jenkins `dir`), moved by `--prefix`/`-C`/`--cwd`/`--manifest-path`,
    /// narrowed by the path arguments it gives the runner (`pytest
    /// services/api`, `go test ./services/api/...`).
    pub scopes: Vec<String>,
    /// What the runner tests: "python", "javascript", "rust", "go"; `None`
    /// when it could be anything (`make test`, `bazel test`).
    pub ecosystem: Option<&'static str>,
    pub partial: bool,
}

/// What a claim is about: a component's folder ("" = the whole
/// repository) and the ecosystems its manifests declare.
#[derive(Debug, Clone, Copy)]
pub struct Component<'a> {
    pub dir: &'a str,
    pub ecosystems: &'a [&'static str],
}

impl Component<'_> {
    /// Whether work on `scope` reaches this component: the same folder,
    /// one above it (`cd services && pytest`), one inside it (`pytest
    /// services/api/tests`), or the root. A claim about the whole
    /// repository is reached by any.
    pub fn reached_by(&self, scope: &str) -> bool {
        self.dir.is_empty()
            || scope.is_empty()
            || scope == self.dir
            || self
                .dir
                .strip_prefix(scope)
                .is_some_and(|r| r.starts_with('/'))
            || scope
                .strip_prefix(self.dir)
                .is_some_and(|r| r.starts_with('/'))
    }

    /// Whether a test run tests this component: it reaches the folder and
    /// runs a runner of the component's ecosystem (a root `pytest` covers
    /// every Python component, not a JavaScript one).
    pub fn tested_by(&self, run: &TestRun) -> bool {
        let ecosystem = self.dir.is_empty()
            || self.ecosystems.is_empty()
            || run.ecosystem.is_none_or(|e| self.ecosystems.contains(&e));
        ecosystem && run.scopes.iter().any(|s| self.reached_by(s))
    }

    fn shown(&self) -> String {
        format!("{}/", self.dir)
    }
}

/// The ecosystem a manifest file declares.
pub fn manifest_ecosystem(name: &str) -> Option<&'static str> {
    Some(match name {
        "pyproject.toml" | "setup.py" | "setup.cfg" => "python",
        "package.json" => "javascript",
        "Cargo.toml" => "rust",
        "go.mod" => "go",
        "pom.xml" | "build.gradle" | "build.gradle.kts" => "jvm",
        _ => return None,
    })
}

#[derive(Debug, Default)]
pub struct Evidence {
    pub versions: Vec<Version>,
    /// CI configuration files.
    pub ci_files: Vec<String>,
    /// CI files that do not parse (counted as no evidence).
    pub ci_unparsed: Vec<String>,
    /// The first CI step that runs a test runner and must pass.
    pub ci_test: Option<Located>,
    /// Every CI step that runs a test runner, with what it tests.
    pub ci_tests: Vec<TestRun>,
    /// Every CI step that measures coverage, with the folders it tests.
    pub coverage_runs: Vec<(Vec<String>, Located)>,
    /// Every enforced threshold above 0.
    pub thresholds: Vec<Threshold>,
    /// A CI step that runs tests but may fail (`continue-on-error`).
    pub ci_test_partial: Option<Located>,
    /// A SAST / dependency-audit step in CI.
    pub sast: Option<Located>,
    pub test_files: usize,
    pub integration_test_files: usize,
    pub source_files: usize,
    pub doc_files: usize,
    /// Coverage measured by a CI step (directly or through the pytest /
    /// tox configuration the step runs).
    pub coverage_in_ci: Option<Located>,
    /// Coverage configured (measured or with a threshold) anywhere.
    pub coverage_config: Option<Located>,
    /// The highest enforced threshold above 0.
    pub coverage_threshold: Option<Threshold>,
    /// A threshold of 0, which enforces nothing.
    pub coverage_zero_threshold: Option<Located>,
    /// Files that use a load-test tool or benchmark harness.
    pub perf_tests: Vec<Located>,
    /// A CI step, document or script that runs a load test or benchmark.
    pub perf_run: Option<Located>,
    /// `SECURITY.md` (root, `.github/`, `docs/`) and the reporting channel
    /// it names, if any.
    pub security_policy: Option<Located>,
    pub security_channel: Option<Located>,
    /// Production code that calls an observability library.
    pub observability: Vec<Located>,
    /// Concrete backup/restore commands in documents, scripts or CI.
    pub backup: Vec<Located>,
    /// Whether the project stores data (database dependencies or services).
    pub stores_data: Option<String>,
    /// Python files (by `rel` path) and whether each is only stubs; filled
    /// when the scan asks for stubs (the `claim/` family is on).
    pub python_stubs: std::collections::HashMap<String, bool>,
}

fn manifest_version(file: &SourceFile) -> Option<String> {
    let name = file.rel.rsplit('/').next()?;
    match name {
        "pyproject.toml" => {
            let v: toml::Value = toml::from_str(&file.text).ok()?;
            v.get("project")
                .and_then(|p| p.get("version"))
                .or_else(|| v.get("tool")?.get("poetry")?.get("version"))
                .and_then(|v| v.as_str())
                .map(str::to_string)
        }
        "Cargo.toml" => {
            let v: toml::Value = toml::from_str(&file.text).ok()?;
            v.get("package")?
                .get("version")?
                .as_str()
                .map(str::to_string)
        }
        "package.json" => {
            let v: serde_json::Value = serde_json::from_str(&file.text).ok()?;
            let version = v.get("version")?.as_str()?;
            // `"private": true` with `0.0.0`: never published and never
            // versioned (a docs site, a workspace root), no release of
            // anything. An app's own private `0.4.0` still counts.
            if v.get("private").and_then(serde_json::Value::as_bool) == Some(true)
                && version.trim() == "0.0.0"
            {
                return None;
            }
            Some(version.to_string())
        }
        _ => None,
    }
}

/// Runtime dependencies that store data (Python, npm, Cargo names).
const DATA_STORES: &[&str] = &[
    "sqlalchemy",
    "sqlmodel",
    "psycopg",
    "psycopg2",
    "psycopg2-binary",
    "asyncpg",
    "django",
    "pymongo",
    "motor",
    "peewee",
    "tortoise-orm",
    "mysqlclient",
    "pymysql",
    "aiomysql",
    "redis",
    "prisma",
    "@prisma/client",
    "typeorm",
    "sequelize",
    "mongoose",
    "mongodb",
    "knex",
    "pg",
    "mysql2",
    "ioredis",
    "drizzle-orm",
    "diesel",
    "sqlx",
    "sea-orm",
    "rusqlite",
    "tokio-postgres",
];

/// Database images a compose file runs.
const DATA_IMAGES: &[&str] = &["postgres", "mysql", "mariadb", "mongo", "redis"];

/// The data store a manifest declares as a runtime dependency, or a
/// compose file runs, read from the parsed file. Requirements files of
/// documentation and test folders describe how to build or test, not what
/// runs.
fn declared_store(rel: &str, name: &str, text: &str) -> Option<&'static str> {
    let known = |dep: &str| {
        let dep = dep.trim().to_ascii_lowercase();
        let dep = dep
            .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@' | '/')))
            .next()
            .unwrap_or("")
            .replace('_', "-");
        DATA_STORES
            .iter()
            .find(|s| s.replace('_', "-") == dep)
            .copied()
    };
    match name {
        "pyproject.toml" => {
            let v: toml::Value = toml::from_str(text).ok()?;
            let pep621 = v
                .get("project")
                .and_then(|p| p.get("dependencies"))
                .and_then(|d| d.as_array());
            let poetry = v
                .get("tool")
                .and_then(|t| t.get("poetry"))
                .and_then(|p| p.get("dependencies"))
                .and_then(|d| d.as_table());
            pep621
                .into_iter()
                .flatten()
                .filter_map(|d| d.as_str())
                .find_map(known)
                .or_else(|| {
                    poetry
                        .into_iter()
                        .flat_map(|t| t.keys())
                        .find_map(|k| known(k))
                })
        }
        "requirements.txt" => {
            let in_docs_or_tests = rel
                .split('/')
                .rev()
                .skip(1)
                .any(|d| matches!(d, "doc" | "docs" | "test" | "tests" | "testing"));
            if in_docs_or_tests {
                return None;
            }
            text.lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .filter(|l| !l.is_empty() && !l.starts_with('-'))
                .find_map(known)
        }
        "package.json" => {
            let v: serde_json::Value = serde_json::from_str(text).ok()?;
            v.get("dependencies")?
                .as_object()?
                .keys()
                .find_map(|k| known(k))
        }
        "Cargo.toml" => {
            let v: toml::Value = toml::from_str(text).ok()?;
            v.get("dependencies")?
                .as_table()?
                .keys()
                .find_map(|k| known(k))
        }
        "docker-compose.yml" | "docker-compose.yaml" | "compose.yaml" | "compose.yml" => {
            let v: serde_json::Value = serde_saphyr::from_str(text).ok()?;
            v.get("services")?.as_object()?.values().find_map(|svc| {
                let image = svc.get("image")?.as_str()?;
                let base = image.rsplit('/').next()?.split([':', '@']).next()?;
                DATA_IMAGES.iter().find(|i| **i == base).copied()
            })
        }
        "schema.prisma" => text.contains("datasource").then_some("prisma"),
        _ => None,
    }
}

/// What one file contributes to the [`Evidence`], read from its one parse.
#[derive(Debug, Default, Clone)]
pub struct FileEvidence {
    /// What a CI configuration file runs; `None`: not CI (or it does not
    /// parse: a diagnostic, and no evidence).
    pub ci: Option<CiFile>,
    pub ci_unparsed: bool,
    /// The version a package manifest declares.
    pub manifest_version: Option<String>,
    /// Coverage settings, scripts and task targets of a configuration file.
    pub config: coverage::ConfigEvidence,
    /// Observability calls, load tests, backup calls in parsed code.
    pub code: code::CodeEvidence,
    /// (line, tool) of a load-test plan that is not code (Artillery YAML,
    /// JMeter `.jmx`).
    pub load_plan: Option<(usize, String)>,
    /// A security policy file, and the reporting channel it names.
    pub security_policy: bool,
    pub security_channel: Option<(usize, String)>,
    pub doc: bool,
    /// (line, command) of a backup/restore command in a document's code
    /// block or a shell script.
    pub backup: Option<(usize, String)>,
    /// (line, command) of a load-test run a document or script documents.
    pub load_run: Option<(usize, String)>,
    /// The database marker a manifest or compose file names.
    pub stores_data: Option<&'static str>,
    /// A shell script's commands (`.sh`, `.bash`, or a `sh`/`bash`
    /// shebang): what a CI step that runs the script by path runs.
    pub shell_script: Option<Vec<Command>>,
    /// For Python files, when asked for: whether the module holds nothing
    /// but stubs (imports, docstrings, `pass`, `...`,
    /// `raise NotImplementedError`, and definitions made only of those).
    pub python_stub: Option<bool>,
}

impl FileEvidence {
    /// The file shows nothing: the scan keeps no record for it (every
    /// field named, so a new one must be added here).
    pub fn is_empty(&self) -> bool {
        let Self {
            ci,
            ci_unparsed,
            manifest_version,
            config,
            code,
            load_plan,
            security_policy,
            security_channel,
            doc,
            backup,
            load_run,
            stores_data,
            python_stub,
            shell_script,
        } = self;
        ci.is_none()
            && !ci_unparsed
            && manifest_version.is_none()
            && config.is_empty()
            && code.is_empty()
            && load_plan.is_none()
            && !security_policy
            && security_channel.is_none()
            && !doc
            && backup.is_none()
            && load_run.is_none()
            && stores_data.is_none()
            && python_stub.is_none()
            && shell_script.is_none()
    }

    /// What the scan keeps of a file's evidence: nothing for most files.
    pub fn boxed(self) -> Option<Box<FileEvidence>> {
        (!self.is_empty()).then(|| Box::new(self))
    }
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
        .expect("valid regex")
});

/// The reporting channel a security policy names: an e-mail address, a
/// `mailto:` or web link (GitHub's private advisories included). Text in
/// HTML comments names nothing.
fn security_channel(text: &str) -> Option<(usize, String)> {
    use pulldown_cmark::{Event, Parser, Tag};
    let line = |off: usize| text[..off.min(text.len())].matches('\n').count() + 1;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. })
                if dest_url.starts_with("mailto:") || dest_url.starts_with("http") =>
            {
                return Some((line(range.start), dest_url.to_string()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(m) = EMAIL.find(&t) {
                    return Some((line(range.start), m.as_str().to_string()));
                }
                if let Some(i) = t.find("https://") {
                    let url: String = t[i..].split_whitespace().next().unwrap_or("").to_string();
                    return Some((line(range.start), url));
                }
            }
            _ => {}
        }
    }
    None
}

/// The commands in the code blocks of a Markdown document (a `$ `
/// prompt is allowed), with their lines in the document.
fn doc_commands(text: &str) -> Vec<Command> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut in_code = None;
    let mut body = String::new();
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = Some(range.start);
                body.clear();
            }
            Event::Text(t) if in_code.is_some() => body.push_str(&t),
            Event::End(TagEnd::CodeBlock) => {
                let start = in_code.take().unwrap_or(0);
                let first_line = text[..start].matches('\n').count() + 1;
                // The fence line precedes the body in fenced blocks.
                let fenced = text[start..].starts_with("```") || text[start..].starts_with("~~~");
                for mut c in shell::commands(&body) {
                    c.line += first_line - 1 + usize::from(fenced);
                    out.push(c);
                }
            }
            _ => {}
        }
    }
    out
}

/// (line, what) of a piece of evidence inside one file.
type AtLine = Option<(usize, String)>;

/// The first backup/restore and the first load-test command of `commands`.
fn procedures(commands: &[Command]) -> (AtLine, AtLine) {
    let backup = commands
        .iter()
        .find_map(|c| code::backup_command(&c.words).map(|t| (c.line, t)));
    let load = commands
        .iter()
        .find_map(|c| load_command(c).map(|t| (c.line, t)));
    (backup, load)
}

/// An Artillery plan (`config.target` and `scenarios`) or a JMeter plan.
fn load_plan(file: &SourceFile) -> Option<(usize, String)> {
    let name = file.rel.rsplit('/').next().unwrap_or(&file.rel);
    if name.ends_with(".jmx") && file.text.contains("<jmeterTestPlan") {
        return Some((1, "JMeter".into()));
    }
    if file.language != Language::Yaml || !file.text.contains("scenarios") {
        return None;
    }
    let v: serde_json::Value = serde_saphyr::from_str(&file.text).ok()?;
    (v.pointer("/config/target").is_some() && v.get("scenarios").is_some_and(|s| s.is_array()))
        .then(|| {
            (
                ci::line_of(&file.text, "scenarios", 0).0,
                "Artillery".into(),
            )
        })
}

impl FileEvidence {
    /// `stubs`: decide [`FileEvidence::python_stub`] for every Python file
    /// (the parse is shared with the rules that parse it anyway).
    pub fn collect(parsed: &ParsedFile, stubs: bool) -> Self {
        let f = parsed.file;
        let rel = f.rel.as_str();
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let mut fe = FileEvidence {
            manifest_version: manifest_version(f),
            ..FileEvidence::default()
        };
        match ci::parse(f) {
            Some(Ok(c)) => fe.ci = Some(c),
            Some(Err(e)) => {
                fe.ci_unparsed = true;
                parsed.diagnostic(format!(
                    "CI configuration does not parse ({e}); it counts as no CI evidence"
                ));
            }
            None => {}
        }
        match coverage::collect(name, &f.text) {
            Ok(c) => fe.config = c,
            Err(e) => parsed.diagnostic(format!(
                "configuration does not parse ({e}); it counts as no coverage or task evidence"
            )),
        }
        // Decided here only when a rule already parsed the file (free); a
        // file nobody parsed is decided on demand, parsed then, once
        // ([`Evidence::is_stub_python`]), so a scan does not parse every
        // Python file just in case a status row names its package.
        if stubs && f.language == Language::Python {
            fe.python_stub = parsed
                .python_if_parsed()
                .map(|module| module.is_some_and(|m| m.body.iter().all(stub_stmt)));
        }
        if matches!(
            f.language,
            Language::Python | Language::TypeScript | Language::Rust
        ) {
            fe.code = code::collect(parsed);
        }
        fe.load_plan = load_plan(f);
        let lower = name.to_ascii_lowercase();
        let dir = rel
            .rsplit_once('/')
            .map_or("", |(d, _)| d)
            .to_ascii_lowercase();
        fe.security_policy = matches!(
            lower.as_str(),
            "security.md" | "security.rst" | "security.txt"
        ) && matches!(dir.as_str(), "" | ".github" | "docs");
        if fe.security_policy {
            fe.security_channel = security_channel(&f.text);
        }
        fe.doc = is_doc(f);
        if is_shell_script(&lower, &f.text) {
            fe.shell_script = Some(shell::commands(&f.text));
        }
        let (backup, load_run) = if fe.doc && f.language == Language::Markdown {
            procedures(&doc_commands(&f.text))
        } else if let Some(commands) = &fe.shell_script {
            procedures(commands)
        } else {
            (fe.code.backup.clone(), None)
        };
        fe.backup = backup;
        fe.load_run = load_run;
        fe.stores_data = declared_store(rel, name, &f.text);
        fe
    }
}

/// A shell script, by its extension or its `#!` line (encode's
/// `scripts/test` has none).
fn is_shell_script(lower_name: &str, text: &str) -> bool {
    if lower_name.ends_with(".sh") || lower_name.ends_with(".bash") {
        return true;
    }
    let Some(shebang) = text.lines().next().and_then(|l| l.strip_prefix("#!")) else {
        return false;
    };
    // `#!/bin/sh -e`, `#!/usr/bin/env bash`.
    let mut words = shebang.split_whitespace();
    let program = match words.next().map(|w| w.rsplit('/').next().unwrap_or(w)) {
        Some("env") => words.find(|w| !w.starts_with('-')),
        other => other,
    };
    matches!(program, Some("sh" | "bash" | "dash" | "zsh"))
}

/// Whether a file is documentation about this project (Markdown or reST,
/// not a test fixture, vendored tree, licence or code of conduct).
pub fn is_doc(file: &SourceFile) -> bool {
    if !matches!(
        file.language,
        Language::Markdown | Language::ReStructuredText
    ) {
        return false;
    }
    let rel = file.rel.to_ascii_lowercase();
    // Test fixtures and vendored trees describe other projects.
    !(rel.contains("/fixtures/")
        || rel.starts_with("fixtures/")
        || rel.contains("testdata/")
        || rel.contains("/vendor/")
        || rel.starts_with("vendor/")
        || rel.contains("third_party/")
        || rel.ends_with("license.md")
        || rel.ends_with("code_of_conduct.md"))
}

/// The test runner a command is, by its program and subcommand.
fn direct_runner(c: &Command) -> Option<&'static str> {
    let p = c.program().rsplit('/').next().unwrap_or("");
    let a1 = c.arg(1);
    Some(match p {
        "pytest" | "py.test" => "pytest",
        "tox" => "tox",
        "nox" => "nox",
        "unittest" => "unittest",
        "nose2" | "trial" | "ward" => "python test runner",
        "jest" => "jest",
        "vitest" => "vitest",
        "mocha" => "mocha",
        "ava" | "tap" | "karma" | "jasmine" | "uvu" => "JavaScript test runner",
        "playwright" if a1 == "test" => "playwright test",
        "cypress" if a1 == "run" => "cypress run",
        "cargo" if matches!(a1, "test" | "nextest" | "llvm-cov" | "tarpaulin" | "t") => {
            "cargo test"
        }
        "go" if a1 == "test" => "go test",
        "gotestsum" | "ginkgo" => "go test",
        "mvn" | "mvnw" | "./mvnw"
            if c.words
                .iter()
                .any(|w| matches!(w.as_str(), "test" | "verify" | "install")) =>
        {
            "maven test"
        }
        "gradle" | "gradlew"
            if c.words
                .iter()
                .any(|w| matches!(w.as_str(), "test" | "check" | "build")) =>
        {
            "gradle test"
        }
        "dotnet" if a1 == "test" => "dotnet test",
        "rspec" | "phpunit" | "ctest" | "pest" => "test runner",
        "bazel" | "bazelisk" if a1 == "test" => "bazel test",
        "deno" | "bun" | "swift" | "mix" | "stack" | "zig" if a1 == "test" => "test runner",
        "hatch" if a1 == "test" => "hatch test",
        "runtests.py" | "./runtests.py" => "runtests.py",
        // `coverage run [options] -m pytest`: the module it runs.
        "coverage" if a1 == "run" => {
            let i = c.words.iter().position(|w| w == "-m")?;
            match c.arg(i + 1) {
                "pytest" | "py.test" => "pytest",
                "unittest" => "unittest",
                _ => return None,
            }
        }
        _ if shell::is_python(p) => {
            // `python runtests.py`, `python manage.py test`.
            let script = c.words.iter().skip(1).find(|w| !w.starts_with('-'))?;
            let script = script.rsplit('/').next().unwrap_or(script);
            match script {
                "runtests.py" => "runtests.py",
                "manage.py" if c.words.iter().any(|w| w == "test") => "manage.py test",
                "setup.py" if c.words.iter().any(|w| w == "test") => "setup.py test",
                _ => return None,
            }
        }
        _ => return None,
    })
}

/// The SAST or dependency-audit tool a command runs.
fn sast_command(c: &Command) -> Option<String> {
    let p = c.program();
    let a1 = c.arg(1);
    let tool = match p {
        "bandit" | "semgrep" | "gosec" | "trivy" | "osv-scanner" | "pip-audit" | "brakeman"
        | "njsscan" | "gitleaks" | "grype" => p.to_string(),
        "cargo" if matches!(a1, "audit" | "deny") => format!("cargo {a1}"),
        "npm" | "pnpm" | "yarn" if a1 == "audit" => format!("{p} audit"),
        "safety" if matches!(a1, "check" | "scan") => "safety".into(),
        "snyk" if matches!(a1, "test" | "code") => "snyk".into(),
        "codeql" if c.words.iter().any(|w| w == "analyze") => "codeql".into(),
        _ => return None,
    };
    Some(tool)
}

/// The SAST an action runs (`github/codeql-action/analyze@v3`).
fn sast_action(uses: &str) -> Option<&'static str> {
    let u = uses.split('@').next().unwrap_or(uses).to_ascii_lowercase();
    const ACTIONS: &[(&str, &str)] = &[
        ("github/codeql-action/analyze", "CodeQL"),
        ("returntocorp/semgrep-action", "Semgrep"),
        ("semgrep/semgrep-action", "Semgrep"),
        ("aquasecurity/trivy-action", "Trivy"),
        ("google/osv-scanner-action", "OSV-Scanner"),
        ("securego/gosec", "gosec"),
        ("rustsec/audit-check", "cargo-audit"),
        ("actions-rs/audit-check", "cargo-audit"),
        ("embarkstudios/cargo-deny-action", "cargo-deny"),
        ("pycqa/bandit-action", "Bandit"),
        ("snyk/actions", "Snyk"),
        ("pypa/gh-action-pip-audit", "pip-audit"),
        ("anchore/scan-action", "Grype"),
    ];
    ACTIONS
        .iter()
        .find(|(a, _)| u.starts_with(a))
        .map(|(_, t)| *t)
}

/// The load-test or benchmark tool a command runs.
fn load_command(c: &Command) -> Option<String> {
    let p = c.program();
    let a1 = c.arg(1);
    match p {
        "locust" | "wrk" | "hey" | "ab" | "vegeta" | "oha" | "ghz" => Some(p.to_string()),
        "k6" | "artillery" if a1 == "run" => Some(format!("{p} run")),
        "cargo" if a1 == "bench" => Some("cargo bench".into()),
        "pytest" if c.words.iter().any(|w| w.starts_with("--benchmark")) => {
            Some("pytest-benchmark".into())
        }
        "gatling" | "gatling.sh" | "jmeter" => Some(p.to_string()),
        _ => None,
    }
}

/// Named scripts and targets a CI command may run by name.
/// Named scripts and targets by (folder of the file defining them, name).
#[derive(Default)]
struct Tasks<'a> {
    scripts: BTreeMap<(&'a str, &'a str), &'a [Command]>,
    targets: BTreeMap<(&'a str, &'a str), &'a [Command]>,
    default_target: BTreeMap<&'a str, &'a str>,
    tox: Vec<&'a Command>,
    /// Shell scripts by path from the root.
    shell_scripts: BTreeMap<&'a str, &'a [Command]>,
}

/// The entries for `name` defined in `dir`, else at the root, else
/// anywhere (the first by folder); in every folder for [`ci::ANY_DIR`].
fn lookup<'a, T: Copy>(map: &BTreeMap<(&'a str, &'a str), T>, dir: &str, name: &str) -> Vec<T> {
    if dir == ci::ANY_DIR {
        return map
            .iter()
            .filter(|((_, n), _)| *n == name)
            .map(|(_, v)| *v)
            .collect();
    }
    map.get(&(dir, name))
        .or_else(|| map.get(&("", name)))
        .or_else(|| map.iter().find(|((_, n), _)| *n == name).map(|(_, v)| v))
        .copied()
        .into_iter()
        .collect()
}

/// The folder a command moves to before it runs (`npm --prefix x`,
/// `pnpm -C x`, `yarn --cwd x`, `make -C x`, `cargo --manifest-path
/// x/Cargo.toml`), relative to where it is run.
fn moved_to(c: &Command) -> Option<String> {
    let flags: &[&str] = match c.program() {
        "npm" => &["--prefix", "-C"],
        "pnpm" => &["-C", "--dir"],
        "yarn" => &["--cwd"],
        "make" | "gmake" => &["-C", "--directory"],
        "just" => &["--working-directory", "-d"],
        "cargo" => &["--manifest-path"],
        _ => return None,
    };
    let mut words = c.words.iter().skip(1);
    while let Some(w) = words.next() {
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) => (f, Some(v.to_string())),
            None => (w.as_str(), None),
        };
        if flags.contains(&flag) {
            let v = inline.or_else(|| words.next().cloned())?;
            return Some(if flag == "--manifest-path" {
                v.rsplit_once('/')
                    .map_or(String::new(), |(d, _)| d.to_string())
            } else {
                v
            });
        }
    }
    None
}

/// The folders a runner's path arguments name (`pytest services/api`,
/// `go test ./services/api/...`, `jest web/src/a.test.ts`): words with a
/// `/` that are not options; a file stands for its folder.
fn path_arguments(c: &Command) -> Vec<String> {
    c.words
        .iter()
        .skip(1)
        .filter(|w| {
            !w.starts_with('-') && w.contains('/') && !w.contains("://") && !w.contains('=')
        })
        .map(|w| {
            let w = w.split("::").next().unwrap_or(w);
            let w = w.trim_end_matches("...").trim_end_matches('/');
            let last = w.rsplit('/').next().unwrap_or(w);
            if last.contains('.') && last != "." && last != ".." {
                w.rsplit_once('/').map_or("", |(d, _)| d).to_string()
            } else {
                w.to_string()
            }
        })
        .collect()
}

/// What a test runner (as [`direct_runner`] names it) tests.
fn runner_ecosystem(runner: &str) -> Option<&'static str> {
    Some(match runner {
        "pytest" | "tox" | "nox" | "unittest" | "python test runner" | "runtests.py"
        | "manage.py test" | "setup.py test" | "hatch test" => "python",
        "jest"
        | "vitest"
        | "mocha"
        | "JavaScript test runner"
        | "playwright test"
        | "cypress run" => "javascript",
        "cargo test" => "rust",
        "go test" => "go",
        "maven test" | "gradle test" => "jvm",
        _ => return None,
    })
}

impl<'a> Tasks<'a> {
    /// The commands `c`, run in `dir`, runs by name (a package.json script,
    /// a Makefile or justfile target, tox's commands), one level.
    fn resolve(&self, c: &Command, dir: &str) -> Vec<&'a Command> {
        let p = c.program();
        // Options and the folder a `--prefix`/`-C`/`--dir`/`--cwd` names.
        let mut args: Vec<&str> = Vec::new();
        let mut words = c.words[1..].iter().map(String::as_str);
        while let Some(a) = words.next() {
            if matches!(a, "--prefix" | "-C" | "--dir" | "--cwd" | "--filter" | "-F") {
                words.next();
            } else if !a.starts_with('-') {
                args.push(a);
            }
        }
        let script = match p {
            "npm" => match args.first().copied() {
                Some("test" | "t" | "tst") => Some("test"),
                Some("run" | "run-script") => args.get(1).copied(),
                _ => None,
            },
            "pnpm" | "yarn" | "bun" => match args.first().copied() {
                Some("run") => args.get(1).copied(),
                Some("install" | "add" | "audit" | "exec" | "dlx") | None => None,
                // `bun test` is bun's own runner.
                Some("test") if p == "bun" => None,
                Some(s) => Some(s),
            },
            _ => None,
        };
        if let Some(s) = script {
            return lookup(&self.scripts, dir, s)
                .into_iter()
                .flat_map(|cs| cs.iter())
                .collect();
        }
        match p {
            "make" | "gmake" | "just" => {
                let mut names = Vec::new();
                let mut skip = false;
                for w in &c.words[1..] {
                    if skip {
                        skip = false;
                    } else if matches!(w.as_str(), "-C" | "-f" | "--directory" | "--file" | "-j") {
                        skip = true;
                    } else if !w.starts_with('-') && !w.contains('=') {
                        names.push(w.as_str());
                    }
                }
                if names.is_empty() {
                    names.extend(
                        self.default_target
                            .get(dir)
                            .or_else(|| self.default_target.get(""))
                            .copied(),
                    );
                }
                names
                    .into_iter()
                    .flat_map(|n| lookup(&self.targets, dir, n))
                    .flat_map(|cs| cs.iter())
                    .collect()
            }
            "tox" => self.tox.clone(),
            // `bash scripts/test.sh`, `sh -e ci/run`.
            "sh" | "bash" | "dash" | "zsh" => args
                .first()
                .map_or_else(Vec::new, |script| self.shell_script(script, dir)),
            _ => self.shell_script(p, dir),
        }
    }

    /// The commands of the repository's shell script at `path` (run from
    /// `dir`), when `path` names one: `scripts/test`, `./ci/test.sh`. A
    /// bare name is a program on the `PATH`, not a file.
    fn shell_script(&self, path: &str, dir: &str) -> Vec<&'a Command> {
        if !path.contains('/') || path.starts_with('/') || path.contains("..") {
            return Vec::new();
        }
        let path = path.trim_start_matches("./");
        let rel = if dir.is_empty() || dir == ci::ANY_DIR {
            path.to_string()
        } else {
            format!("{dir}/{path}")
        };
        self.shell_scripts
            .get(rel.as_str())
            .map_or_else(Vec::new, |cs| cs.iter().collect())
    }

    /// `c` and every command it runs by name, depth-first (at most four
    /// levels: scripts that call scripts).
    fn expand(&self, c: &'a Command, dir: &str, out: &mut Vec<&'a Command>, depth: usize) {
        out.push(c);
        if depth >= 4 {
            return;
        }
        for r in self.resolve(c, dir) {
            if !out.iter().any(|o| std::ptr::eq(*o, r)) {
                self.expand(r, dir, out, depth + 1);
            }
        }
    }
}

impl Evidence {
    /// Sums the per-file evidence up, in the workspace's file order.
    pub fn gather(files: &[SourceFile], per_file: &[Option<Box<FileEvidence>>]) -> Evidence {
        let empty = FileEvidence::default();
        let per_file: Vec<&FileEvidence> = per_file
            .iter()
            .map(|fe| fe.as_deref().unwrap_or(&empty))
            .collect();
        let mut e = Evidence::default();
        let mut tasks = Tasks::default();
        let mut pytest_cov: Option<Located> = None;
        for (f, fe) in files.iter().zip(per_file.iter().copied()) {
            let c = &fe.config;
            let dir = f.rel.rsplit_once('/').map_or("", |(d, _)| d);
            for (name, cs) in &c.scripts {
                tasks
                    .scripts
                    .entry((dir, name.as_str()))
                    .or_insert(cs.as_slice());
            }
            for (i, (name, cs)) in c.targets.iter().enumerate() {
                if i == 0 {
                    tasks.default_target.entry(dir).or_insert(name.as_str());
                }
                tasks
                    .targets
                    .entry((dir, name.as_str()))
                    .or_insert(cs.as_slice());
            }
            tasks.tox.extend(c.tox_commands.iter());
            if let Some(commands) = &fe.shell_script {
                tasks
                    .shell_scripts
                    .insert(f.rel.as_str(), commands.as_slice());
            }
            if let (Some(line), None) = (c.pytest_cov, &pytest_cov) {
                pytest_cov = Some(Located::new(&f.path, line, "pytest addopts --cov"));
            }
            if let (Some((line, what)), None) = (&c.measured, &e.coverage_config) {
                e.coverage_config = Some(Located::new(&f.path, *line, what.clone()));
            }
            let dir = f.rel.rsplit_once('/').map_or("", |(d, _)| d);
            for (line, value, what) in &c.thresholds {
                e.add_threshold(*value, Located::new(&f.path, *line, what.clone()), dir);
            }
            if let Some((line, value)) = fe.code.coverage_threshold {
                e.add_threshold(
                    value,
                    Located::new(&f.path, line, "coverage thresholds"),
                    dir,
                );
                e.coverage_config
                    .get_or_insert_with(|| Located::new(&f.path, line, "coverage thresholds"));
            }
        }
        // Reusable workflows run when a triggered workflow calls them.
        let called: Vec<String> = files
            .iter()
            .zip(per_file.iter().copied())
            .filter_map(|(_, fe)| fe.ci.as_ref().filter(|c| c.triggered))
            .flat_map(|c| {
                c.actions
                    .iter()
                    .map(|(u, _, _)| u.trim_start_matches("./").to_string())
            })
            .collect();
        for (f, fe) in files.iter().zip(per_file.iter().copied()) {
            let rel = f.rel.as_str();
            if let Some(ci) = &fe.ci {
                e.ci_files.push(f.path.clone());
                let runs = ci.triggered || (ci.callable && called.iter().any(|u| u == rel));
                if runs {
                    e.read_ci(f, ci, &tasks, pytest_cov.as_ref());
                }
            } else if fe.ci_unparsed {
                e.ci_unparsed.push(f.path.clone());
            }
            if let Some(v) = &fe.manifest_version {
                e.versions.push(Version {
                    dir: rel.rsplit_once('/').map_or("", |(d, _)| d).to_string(),
                    manifest: f.path.clone(),
                    version: v.clone(),
                });
            }
            let code = matches!(
                f.language,
                Language::Python | Language::TypeScript | Language::Rust
            );
            if f.tier.is_test() && code {
                e.test_files += 1;
                if f.tier.is_integration_or_e2e() {
                    e.integration_test_files += 1;
                }
            } else if code {
                e.source_files += 1;
                if let Some((line, lib)) = &fe.code.observability
                    && !fe.python_stub.unwrap_or(false)
                {
                    e.observability
                        .push(Located::new(&f.path, *line, format!("calls {lib}")));
                }
            }
            if let Some((line, tool)) = fe.code.load_test.as_ref().or(fe.load_plan.as_ref()) {
                e.perf_tests
                    .push(Located::new(&f.path, *line, tool.clone()));
            }
            if e.security_policy.is_none() && fe.security_policy {
                e.security_policy = Some(Located::new(&f.path, 1, "security policy"));
                e.security_channel = fe.security_channel.as_ref().map(|(line, ch)| {
                    Located::new(&f.path, *line, format!("reporting channel {ch}"))
                });
            }
            if fe.doc {
                e.doc_files += 1;
            }
            if let Some((line, tool)) = &fe.load_run
                && e.perf_run.is_none()
            {
                e.perf_run = Some(Located::new(&f.path, *line, format!("documents `{tool}`")));
            }
            if let Some((line, tool)) = &fe.backup {
                e.backup
                    .push(Located::new(&f.path, *line, format!("runs `{tool}`")));
            }
            if e.stores_data.is_none()
                && let Some(m) = fe.stores_data
            {
                e.stores_data = Some(format!("{} ({m})", f.path));
            }
            if let Some(stub) = fe.python_stub {
                e.python_stubs.insert(f.rel.clone(), stub);
            }
        }
        e
    }

    fn add_threshold(&mut self, value: f64, at: Located, scope: &str) {
        if value <= 0.0 {
            self.coverage_zero_threshold.get_or_insert(at);
            return;
        }
        let t = Threshold {
            value,
            at,
            scope: scope.to_string(),
        };
        if self
            .coverage_threshold
            .as_ref()
            .is_none_or(|c| c.value < value)
        {
            self.coverage_threshold = Some(t.clone());
        }
        self.thresholds.push(t);
    }

    /// What a CI file that runs (triggered or called) shows.
    fn read_ci(
        &mut self,
        f: &SourceFile,
        ci: &CiFile,
        tasks: &Tasks,
        pytest_cov: Option<&Located>,
    ) {
        for (uses, line, partial) in &ci.actions {
            if self.sast.is_none()
                && !partial
                && let Some(tool) = sast_action(uses)
            {
                self.sast = Some(Located::new(
                    &f.path,
                    *line,
                    format!("uses {tool} ({uses})"),
                ));
            }
            let u = uses.to_ascii_lowercase();
            if self.coverage_in_ci.is_none()
                && (u.starts_with("codecov/codecov-action")
                    || u.starts_with("coverallsapp/github-action"))
            {
                self.coverage_in_ci = Some(Located::new(
                    &f.path,
                    *line,
                    format!("uploads coverage ({uses})"),
                ));
            }
        }
        for cc in &ci.commands {
            let dir = match moved_to(&cc.command) {
                Some(to) if cc.dir != ci::ANY_DIR => {
                    ci::join_dir(&cc.dir, &to).unwrap_or_else(|| cc.dir.clone())
                }
                _ => cc.dir.clone(),
            };
            let mut chain = Vec::new();
            tasks.expand(&cc.command, &dir, &mut chain, 0);
            // Path arguments of a command a script or target runs are
            // relative to the file that defines it: only the step's own
            // command's are placed.
            let scopes_of = |c: &Command| {
                let paths = if std::ptr::eq(c, &cc.command) {
                    path_arguments(c)
                } else {
                    Vec::new()
                };
                if dir == ci::ANY_DIR {
                    vec![String::new()]
                } else if paths.is_empty() {
                    vec![dir.clone()]
                } else {
                    paths.iter().filter_map(|p| ci::join_dir(&dir, p)).collect()
                }
            };
            let shown = cc.command.display();
            let via = |c: &Command| {
                if std::ptr::eq(c, &cc.command) {
                    format!("runs `{shown}`")
                } else {
                    format!("runs `{shown}`, which runs `{}`", c.display())
                }
            };
            for c in chain {
                if c.is_noop() {
                    continue;
                }
                if let Some(runner) = direct_runner(c) {
                    let at =
                        Located::new(&f.path, cc.command.line, format!("{} ({runner})", via(c)));
                    self.ci_tests.push(TestRun {
                        at: at.clone(),
                        scopes: scopes_of(c),
                        ecosystem: runner_ecosystem(runner),
                        partial: cc.partial,
                    });
                    if cc.partial {
                        self.ci_test_partial.get_or_insert(at);
                    } else if self.ci_test.is_none() {
                        self.ci_test = Some(at);
                    }
                    if runner == "pytest"
                        && let Some(p) = pytest_cov
                    {
                        let at = Located::new(
                            &f.path,
                            cc.command.line,
                            format!("{} with {} ({})", via(c), p.what, p.at()),
                        );
                        self.coverage_runs.push((scopes_of(c), at.clone()));
                        self.coverage_in_ci.get_or_insert(at);
                    }
                }
                if self.sast.is_none()
                    && !cc.partial
                    && let Some(tool) = sast_command(c)
                {
                    self.sast = Some(Located::new(
                        &f.path,
                        cc.command.line,
                        format!("{} ({tool})", via(c)),
                    ));
                }
                let cli = coverage::cli_threshold(&c.words);
                if coverage::measures_coverage(c) || cli.is_some() {
                    let at = Located::new(&f.path, cc.command.line, via(c));
                    self.coverage_runs.push((scopes_of(c), at.clone()));
                    self.coverage_in_ci.get_or_insert(at);
                }
                if let Some((value, flag)) = cli {
                    for scope in scopes_of(c) {
                        self.add_threshold(
                            value,
                            Located::new(&f.path, cc.command.line, format!("{} ({flag})", via(c))),
                            &scope,
                        );
                    }
                }
                if self.perf_run.is_none()
                    && let Some(tool) = load_command(c)
                {
                    self.perf_run = Some(Located::new(
                        &f.path,
                        cc.command.line,
                        format!("{} ({tool})", via(c)),
                    ));
                }
                if let Some(tool) = code::backup_command(&c.words) {
                    self.backup.push(Located::new(
                        &f.path,
                        cc.command.line,
                        format!("runs `{tool}`"),
                    ));
                }
            }
        }
    }

    /// Whether the Python file holds nothing but stubs (see
    /// [`FileEvidence::python_stub`]): decided in the per-file phase when
    /// the file was parsed there, else by parsing it now (it was not
    /// parsed before).
    pub fn is_stub_python(&self, file: &SourceFile) -> bool {
        if let Some(stub) = self.python_stubs.get(&file.rel) {
            return *stub;
        }
        file.language == Language::Python
            && crate::lang::python::parse(&file.text)
                .is_ok_and(|p| p.syntax().body.iter().all(stub_stmt))
    }

    /// The version that applies to a file: the manifest in the nearest
    /// folder above it.
    pub fn version_for(&self, rel: &str) -> Option<&Version> {
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        self.versions
            .iter()
            .filter(|v| v.dir.is_empty() || dir == v.dir || dir.starts_with(&format!("{}/", v.dir)))
            .max_by_key(|v| (v.dir.len(), std::cmp::Reverse(v.manifest.clone())))
    }

    /// Why no CI step is evidence that the component's tests run, or
    /// `None` when one is. A component below the root is held to the steps
    /// that test it, not to a sibling's.
    pub fn ci_reason_for(&self, comp: Component) -> Option<String> {
        if comp.dir.is_empty() {
            return self.ci_reason();
        }
        let reaching: Vec<&TestRun> = self.ci_tests.iter().filter(|t| comp.tested_by(t)).collect();
        if reaching.iter().any(|t| !t.partial) {
            return None;
        }
        if let Some(p) = reaching.first() {
            return Some(format!(
                "the only CI test step for {} may fail without failing the build ({})",
                comp.shown(),
                p.at.at()
            ));
        }
        match self.ci_tests.first() {
            Some(other) => Some(format!(
                "no CI step runs the tests of {} (CI tests other parts of the repository, first at {})",
                comp.shown(),
                other.at.at()
            )),
            None => self.ci_reason(),
        }
    }

    /// The highest enforced threshold that applies to the component, and
    /// a CI step that measures the component's coverage (so it is
    /// enforced).
    pub fn coverage_for(&self, comp: Component) -> (Option<&Threshold>, Option<&Located>) {
        let threshold = self
            .thresholds
            .iter()
            .filter(|t| comp.reached_by(&t.scope))
            .max_by(|a, b| a.value.total_cmp(&b.value));
        let run = self
            .coverage_runs
            .iter()
            .find(|(scopes, _)| scopes.iter().any(|s| comp.reached_by(s)))
            .map(|(_, at)| at);
        (threshold, run)
    }

    /// Why no CI step is evidence that the tests run, or `None` when one is.
    pub fn ci_reason(&self) -> Option<String> {
        if self.ci_test.is_some() {
            return None;
        }
        if let Some(p) = &self.ci_test_partial {
            return Some(format!(
                "the only CI test step may fail without failing the build ({})",
                p.at()
            ));
        }
        Some(if self.ci_files.is_empty() {
            if self.ci_unparsed.is_empty() {
                "no CI configuration runs the tests (none found)".to_string()
            } else {
                format!(
                    "no CI configuration runs the tests ({} does not parse)",
                    self.ci_unparsed.join(", ")
                )
            }
        } else {
            format!(
                "no CI step runs a test runner ({} runs none on push or pull request)",
                self.ci_files.join(", ")
            )
        })
    }
}

/// A stub statement: imports, docstrings, `__all__`, `pass`, `...`,
/// `raise NotImplementedError`, and functions or classes whose bodies are
/// only those. A module made of them (an empty one too) is a stub.
fn stub_stmt(s: &ruff_python_ast::Stmt) -> bool {
    use ruff_python_ast::{Expr, Stmt};
    match s {
        Stmt::Import(_) | Stmt::ImportFrom(_) | Stmt::Pass(_) => true,
        Stmt::Expr(e) => matches!(
            &*e.value,
            Expr::StringLiteral(_) | Expr::EllipsisLiteral(_)
        ),
        Stmt::Raise(r) => r.exc.as_ref().is_some_and(|e| {
            let name = match &**e {
                Expr::Call(c) => match &*c.func {
                    Expr::Name(n) => n.id.as_str().to_string(),
                    _ => String::new(),
                },
                Expr::Name(n) => n.id.as_str().to_string(),
                _ => String::new(),
            };
            name == "NotImplementedError"
        }),
        Stmt::Assign(a) => a.targets.iter().all(|t| {
            matches!(t, Expr::Name(n) if n.id.as_str() == "__all__" || n.id.as_str() == "__version__")
        }),
        Stmt::FunctionDef(f) => f.body.iter().all(stub_stmt),
        Stmt::ClassDef(c) => c.body.iter().all(stub_stmt),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tier::TierRules;

    #[test]
    fn a_private_package_declares_no_release() {
        let private = SourceFile::for_test(
            "docs/package.json",
            r#"{"name": "docs", "private": true, "version": "0.0.0"}"#,
        );
        assert_eq!(manifest_version(&private), None);
        let public = SourceFile::for_test("package.json", r#"{"name": "z", "version": "0.3.1"}"#);
        assert_eq!(manifest_version(&public).as_deref(), Some("0.3.1"));
        let app = SourceFile::for_test(
            "web/package.json",
            r#"{"name": "web", "private": true, "version": "0.4.0"}"#,
        );
        assert_eq!(manifest_version(&app).as_deref(), Some("0.4.0"));
    }

    #[test]
    fn a_development_snapshot_after_final_releases_is_not_a_pre_release() {
        let immature = |v: &str| {
            Version {
                dir: String::new(),
                manifest: "pyproject.toml".into(),
                version: v.into(),
            }
            .immature()
        };
        // The default branch between releases.
        for v in [
            "8.5.0.dev",
            "3.2.0.dev1",
            "2.0.dev0",
            "4.1.0-dev",
            "2.3.0-SNAPSHOT",
            "1.1.0.dev0",
        ] {
            assert_eq!(immature(v), None, "{v}");
        }
        // Announced pre-releases, and work toward the first 1.0.
        for v in [
            "0.9.0",
            "2.0.0rc1",
            "2.0.0rc1.dev1",
            "1.0.0-beta.2",
            "2.1b3",
            "1.0.0.dev0",
            "1.dev1",
        ] {
            assert!(immature(v).is_some(), "{v}");
        }
    }

    fn gather(files: &[(&str, &str)]) -> Evidence {
        let tiers = TierRules::default();
        let files: Vec<SourceFile> = files
            .iter()
            .map(|(p, t)| SourceFile::new(p.to_string(), p.to_string(), t.to_string(), &tiers))
            .collect();
        let arena = crate::lang::typescript::Allocator::default();
        let per: Vec<Option<Box<FileEvidence>>> = files
            .iter()
            .map(|f| FileEvidence::collect(&ParsedFile::new(f, &arena), false).boxed())
            .collect();
        Evidence::gather(&files, &per)
    }

    #[test]
    fn make_targets_and_npm_scripts_resolve_to_runners() {
        let wf = "on: [push]\njobs:\n  t:\n    steps:\n      - run: make test\n";
        let e = gather(&[
            (".github/workflows/ci.yml", wf),
            ("Makefile", "PY ?= python\n\ntest:\n\t$(PY) -m pytest -q\n"),
        ]);
        assert!(e.ci_test.is_some(), "{e:?}");
        let wf = "on: [push]\njobs:\n  t:\n    steps:\n      - run: npm test\n";
        let echo = r#"{"scripts": {"test": "echo \"Error: no test specified\" && exit 1"}}"#;
        assert!(
            gather(&[(".github/workflows/ci.yml", wf), ("package.json", echo)])
                .ci_test
                .is_none()
        );
        let jest = r#"{"scripts": {"test": "jest --ci"}}"#;
        assert!(
            gather(&[(".github/workflows/ci.yml", wf), ("package.json", jest)])
                .ci_test
                .is_some()
        );
    }

    #[test]
    fn a_step_that_runs_a_repository_script_runs_its_commands() {
        let wf = "on: [push]\njobs:\n  t:\n    steps:\n      - run: \"scripts/test\"\n";
        // encode's layout: no extension, a shebang, a `${PREFIX}` program.
        let script =
            "#!/bin/sh -e\nexport PREFIX=\"\"\n${PREFIX}coverage run $branch -m pytest $@\n";
        let e = gather(&[(".github/workflows/ci.yml", wf), ("scripts/test", script)]);
        assert!(e.ci_test.is_some(), "{e:?}");
        let bash = "on: [push]\njobs:\n  t:\n    steps:\n      - run: bash ./ci/run.sh\n";
        let e = gather(&[
            (".github/workflows/ci.yml", bash),
            ("ci/run.sh", "set -e\ncargo test --all\n"),
        ]);
        assert!(e.ci_test.is_some(), "{e:?}");
        // Must not: a script that only echoes, a file that is no shell
        // script, a bare name (a program on the PATH, not a file).
        let echo = "#!/bin/sh\necho pytest\n";
        let e = gather(&[(".github/workflows/ci.yml", wf), ("scripts/test", echo)]);
        assert!(e.ci_test.is_none(), "{e:?}");
        let e = gather(&[
            (".github/workflows/ci.yml", wf),
            ("scripts/test", "pytest\n"),
        ]);
        assert!(e.ci_test.is_none(), "{e:?}");
        let bare = "on: [push]\njobs:\n  t:\n    steps:\n      - run: test\n";
        let e = gather(&[
            (".github/workflows/ci.yml", bare),
            ("test", "#!/bin/sh\npytest\n"),
        ]);
        assert!(e.ci_test.is_none(), "{e:?}");
    }

    #[test]
    fn data_stores_come_from_declared_dependencies() {
        let py = "[project]\nname = \"x\"\ndependencies = [\"SQLAlchemy>=2\"]\n";
        assert_eq!(
            declared_store("pyproject.toml", "pyproject.toml", py),
            Some("sqlalchemy")
        );
        // A name or a comment mentioning a database is no dependency.
        let js = r#"{"name": "django-docs", "description": "uses redis", "devDependencies": {"pg": "1"}}"#;
        assert_eq!(declared_store("package.json", "package.json", js), None);
        assert_eq!(
            declared_store(
                "doc/build/requirements.txt",
                "requirements.txt",
                "sqlalchemy\n"
            ),
            None
        );
        let compose = "services:\n  db:\n    image: docker.io/library/postgres:16\n";
        assert_eq!(
            declared_store("compose.yml", "compose.yml", compose),
            Some("postgres")
        );
    }
}
