//! What the repository shows, as evidence for or against claims and for the
//! scorecard: versions, CI test and SAST steps, coverage configuration,
//! load/performance tests, a security policy, stub packages.
//!
//! Read once per file in the per-file phase ([`FileEvidence::collect`], from
//! the file's one parse), and summed up once per scan ([`Evidence::gather`])
//! into the [`Index`](super::Index). Claims rules and the scorecard read it
//! there.

use regex::Regex;
use serde::Deserialize;
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
            Ok(sv) => !sv.pre.is_empty(),
            Err(_) => PEP440_PRE.is_match(v),
        };
        pre.then(|| {
            format!(
                "version {} in {} is a pre-release",
                self.version, self.manifest
            )
        })
    }
}

static PEP440_PRE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\d+(?:\.\d+)*[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview|dev)\d*")
        .expect("valid regex")
});

/// Test commands a CI step may run.
static TEST_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)\b(?:pytest|py\.test|tox|nox|python3? -m (?:pytest|unittest)|(?:npm|pnpm|yarn|bun)(?: run)? test\b|npx (?:jest|vitest|mocha|playwright)|jest\b|vitest\b|mocha\b|cargo (?:test|nextest)|go test|make (?:test|check)\b|mvn (?:test|verify)|gradlew? test|dotnet test|rspec|phpunit|ctest|hatch (?:run )?test|uv run pytest|poetry run pytest)",
    )
    .expect("valid regex")
});

/// SAST / dependency-audit steps.
static SAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:github/codeql-action|codeql|bandit|semgrep|gosec|cargo[- ]audit|cargo[- ]deny|npm audit|pnpm audit|yarn audit|pip-audit|safety check|snyk|trivy|sonar(?:cloud|qube|-scanner)?|gitleaks|trufflehog|osv-scanner|njsscan|brakeman)\b",
    )
    .expect("valid regex")
});

/// Coverage measurement and threshold markers.
static COVERAGE_CONFIG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)\[tool\.coverage|\[coverage:|--cov\b|--cov=|coverageThreshold|collectCoverage|\bc8\b|\bnyc\b|cargo[- ](?:tarpaulin|llvm-cov)|coverage run|vitest[^\n]*--coverage|jest[^\n]*--coverage")
        .expect("valid regex")
});
static COVERAGE_THRESHOLD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"fail_under|fail-under|--cov-fail-under|coverageThreshold|--fail-under|check-coverage|thresholds?\s*[:=]").expect("valid regex")
});

/// Observability libraries.
static OBSERVABILITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:^|\b)(?:import|from|require\(|use)\s*['\x22]?(?:opentelemetry|@opentelemetry/[\w-]+|prometheus_client|prom-client|sentry_sdk|@sentry/[\w-]+|ddtrace|dd-trace|datadog|statsd|hot-shots|structlog|tracing|metrics|prometheus)\b")
        .expect("valid regex")
});

#[derive(Debug, Default)]
pub struct Evidence {
    pub versions: Vec<Version>,
    /// CI configuration files.
    pub ci_files: Vec<String>,
    /// (CI file, the test command).
    pub ci_test: Option<(String, String)>,
    /// (CI file, the SAST tool).
    pub sast: Option<(String, String)>,
    pub test_files: usize,
    pub integration_test_files: usize,
    pub source_files: usize,
    pub doc_files: usize,
    pub coverage_config: Option<String>,
    pub coverage_threshold: Option<String>,
    pub perf_tests: Vec<String>,
    pub security_policy: Option<String>,
    /// Observability imports in non-test code.
    pub observability: Vec<String>,
    /// Files naming backup/restore procedures.
    pub backup: Vec<String>,
    /// Whether the project stores data (database dependencies or services).
    pub stores_data: Option<String>,
    /// Python files (by `rel` path) and whether each is only stubs; filled
    /// when the scan asks for stubs (the `claim/` family is on).
    pub python_stubs: std::collections::HashMap<String, bool>,
}

#[derive(Deserialize, Default)]
struct Workflow {
    #[serde(default)]
    jobs: BTreeMap<String, Job>,
}

#[derive(Deserialize, Default)]
struct Job {
    #[serde(default)]
    steps: Vec<Step>,
    #[serde(default)]
    uses: Option<String>,
}

#[derive(Deserialize, Default)]
struct Step {
    #[serde(default)]
    run: Option<String>,
    #[serde(default)]
    uses: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Lines {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
struct GitlabJob {
    #[serde(default)]
    script: Option<Lines>,
    #[serde(default)]
    before_script: Option<Lines>,
    #[serde(default)]
    after_script: Option<Lines>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum GitlabEntry {
    Job(GitlabJob),
    Other(serde::de::IgnoredAny),
}

/// The commands (and action names) a CI file runs, or `None` when it is
/// not a CI file. YAML that does not parse falls back to its raw lines.
fn ci_commands(file: &SourceFile) -> Option<Vec<String>> {
    let rel = file.rel.as_str();
    let yaml = file.language == Language::Yaml;
    if yaml && rel.starts_with(".github/workflows/") {
        return Some(match serde_saphyr::from_str::<Workflow>(&file.text) {
            Ok(w) => w
                .jobs
                .into_values()
                .flat_map(|j| {
                    j.uses.into_iter().chain(
                        j.steps
                            .into_iter()
                            .flat_map(|s| s.run.into_iter().chain(s.uses).chain(s.name)),
                    )
                })
                .collect(),
            Err(_) => vec![file.text.clone()],
        });
    }
    if rel == ".gitlab-ci.yml" || rel.ends_with("/.gitlab-ci.yml") {
        return Some(
            match serde_saphyr::from_str::<BTreeMap<String, GitlabEntry>>(&file.text) {
                Ok(m) => m
                    .into_values()
                    .filter_map(|e| match e {
                        GitlabEntry::Job(j) => Some(j),
                        GitlabEntry::Other(_) => None,
                    })
                    .flat_map(|j| {
                        [j.before_script, j.script, j.after_script]
                            .into_iter()
                            .flatten()
                            .flat_map(|l| match l {
                                Lines::One(s) => vec![s],
                                Lines::Many(v) => v,
                            })
                    })
                    .collect(),
                Err(_) => vec![file.text.clone()],
            },
        );
    }
    let other_ci = rel == ".travis.yml"
        || rel == "azure-pipelines.yml"
        || rel == "bitbucket-pipelines.yml"
        || rel == ".circleci/config.yml"
        || rel == "Jenkinsfile"
        || rel.starts_with(".buildkite/")
        || rel.starts_with(".woodpecker");
    other_ci.then(|| vec![file.text.clone()])
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
            v.get("version")?.as_str().map(str::to_string)
        }
        _ => None,
    }
}

fn is_perf_test(file: &SourceFile) -> bool {
    let rel = file.rel.to_ascii_lowercase();
    let name = rel.rsplit('/').next().unwrap_or(&rel);
    if name.starts_with("locustfile") || name.ends_with(".jmx") {
        return true;
    }
    let in_perf_dir = rel.split('/').rev().skip(1).any(|d| {
        matches!(
            d,
            "load"
                | "perf"
                | "performance"
                | "stress"
                | "benchmark"
                | "benchmarks"
                | "benches"
                | "loadtest"
                | "load_tests"
                | "load-tests"
                | "k6"
        )
    });
    let perf_name = [
        "load_test",
        "loadtest",
        "perf_test",
        "benchmark",
        "bench_",
        "stress_test",
        "test_load",
        "test_perf",
    ]
    .iter()
    .any(|p| name.contains(p));
    let code = matches!(
        file.language,
        Language::Python | Language::TypeScript | Language::Rust | Language::Yaml
    );
    (code && (in_perf_dir || perf_name))
        || file.text.contains("from locust import")
        || file.text.contains("from 'k6")
        || file.text.contains("from \"k6")
        || (file.language == Language::Python
            && file.text.contains("benchmark(")
            && file.tier.is_test())
        || (file.language == Language::Rust && file.text.contains("criterion_main!"))
}

const DB_MARKERS: &[&str] = &[
    "sqlalchemy",
    "psycopg",
    "asyncpg",
    "django",
    "pymongo",
    "motor",
    "prisma",
    "typeorm",
    "sequelize",
    "mongoose",
    "knex",
    "diesel",
    "sqlx",
    "sea-orm",
    "image: postgres",
    "image: mysql",
    "image: mongo",
    "image: mariadb",
    "redis",
];

/// What one file contributes to the [`Evidence`], read from its one parse.
#[derive(Debug, Default, Clone)]
pub struct FileEvidence {
    /// The commands (and action names) a CI file runs; `None`: not CI.
    pub ci_commands: Option<Vec<String>>,
    /// The version a package manifest declares.
    pub manifest_version: Option<String>,
    /// A coverage configuration file, and one with a threshold.
    pub coverage_config: bool,
    pub coverage_threshold: bool,
    /// Production code that imports an observability library.
    pub observability: bool,
    pub perf_test: bool,
    pub security_policy: bool,
    pub doc: bool,
    pub backup: bool,
    /// The database marker a manifest or compose file names.
    pub stores_data: Option<&'static str>,
    /// For Python files, when asked for: whether the module holds nothing
    /// but stubs (imports, docstrings, `pass`, `...`,
    /// `raise NotImplementedError`, and definitions made only of those).
    pub python_stub: Option<bool>,
}

impl FileEvidence {
    /// `stubs`: decide [`FileEvidence::python_stub`] for every Python file
    /// (the parse is shared with the rules that parse it anyway).
    pub fn collect(parsed: &ParsedFile, stubs: bool) -> Self {
        let f = parsed.file;
        let rel = f.rel.as_str();
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let mut fe = FileEvidence {
            ci_commands: ci_commands(f),
            manifest_version: manifest_version(f),
            ..FileEvidence::default()
        };
        let config_like = matches!(
            name,
            "pyproject.toml"
                | "setup.cfg"
                | "tox.ini"
                | "pytest.ini"
                | ".coveragerc"
                | "package.json"
                | "jest.config.js"
                | "jest.config.ts"
                | "vitest.config.ts"
                | "vitest.config.js"
                | ".nycrc"
                | ".nycrc.json"
                | ".c8rc"
                | ".c8rc.json"
                | "codecov.yml"
                | ".codecov.yml"
                | "tarpaulin.toml"
                | "Makefile"
                | "noxfile.py"
        );
        if config_like {
            let cov = name == ".coveragerc"
                || name.starts_with(".nycrc")
                || name.starts_with(".c8rc")
                || name.contains("codecov")
                || name == "tarpaulin.toml"
                || COVERAGE_CONFIG.is_match(&f.text);
            fe.coverage_config = cov;
            fe.coverage_threshold = cov && COVERAGE_THRESHOLD.is_match(&f.text);
        }
        if stubs && f.language == Language::Python {
            fe.python_stub = Some(is_stub_python(parsed));
        }
        let code = matches!(
            f.language,
            Language::Python | Language::TypeScript | Language::Rust
        );
        if code && !f.tier.is_test() && OBSERVABILITY.is_match(&f.text) {
            let stub = fe.python_stub.unwrap_or_else(|| is_stub_python(parsed));
            fe.observability = !stub;
        }
        fe.perf_test = is_perf_test(f);
        let lower = name.to_ascii_lowercase();
        fe.security_policy =
            (lower == "security.md" || lower == "security.rst" || lower == "security.txt")
                && rel.matches('/').count() <= 1;
        fe.doc = is_doc(f);
        fe.backup = lower.contains("backup")
            || lower.contains("restore")
            || lower.contains("runbook")
            || lower.contains("disaster")
            || (fe.doc && has_backup_section(&f.text));
        if matches!(
            name,
            "pyproject.toml"
                | "requirements.txt"
                | "package.json"
                | "Cargo.toml"
                | "docker-compose.yml"
                | "docker-compose.yaml"
                | "compose.yaml"
                | "compose.yml"
                | "schema.prisma"
        ) {
            let text_lower = f.text.to_ascii_lowercase();
            fe.stores_data = DB_MARKERS.iter().find(|m| text_lower.contains(*m)).copied();
        }
        fe
    }
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

impl Evidence {
    /// Sums the per-file evidence up, in the workspace's file order.
    pub fn gather(files: &[SourceFile], per_file: &[FileEvidence]) -> Evidence {
        let mut e = Evidence::default();
        for (f, fe) in files.iter().zip(per_file) {
            let rel = f.rel.as_str();
            if let Some(cmds) = &fe.ci_commands {
                e.ci_files.push(f.path.clone());
                for c in cmds {
                    if e.ci_test.is_none()
                        && let Some(m) = TEST_COMMAND.find(c)
                    {
                        e.ci_test = Some((f.path.clone(), m.as_str().to_string()));
                    }
                    if e.sast.is_none()
                        && let Some(m) = SAST.find(c)
                    {
                        e.sast = Some((f.path.clone(), m.as_str().to_string()));
                    }
                    if e.coverage_config.is_none() && COVERAGE_CONFIG.is_match(c) {
                        e.coverage_config = Some(f.path.clone());
                    }
                    if e.coverage_threshold.is_none() && c.contains("fail-under") {
                        e.coverage_threshold = Some(f.path.clone());
                    }
                }
            }
            if let Some(v) = &fe.manifest_version {
                e.versions.push(Version {
                    dir: rel.rsplit_once('/').map_or("", |(d, _)| d).to_string(),
                    manifest: f.path.clone(),
                    version: v.clone(),
                });
            }
            if fe.coverage_config && e.coverage_config.is_none() {
                e.coverage_config = Some(f.path.clone());
            }
            if fe.coverage_threshold && e.coverage_threshold.is_none() {
                e.coverage_threshold = Some(f.path.clone());
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
                if fe.observability {
                    e.observability.push(f.path.clone());
                }
            }
            if fe.perf_test {
                e.perf_tests.push(f.path.clone());
            }
            if e.security_policy.is_none() && fe.security_policy {
                e.security_policy = Some(f.path.clone());
            }
            if fe.doc {
                e.doc_files += 1;
            }
            if fe.backup {
                e.backup.push(f.path.clone());
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

    /// Whether the Python file at `rel` holds nothing but stubs (see
    /// [`FileEvidence::python_stub`]).
    pub fn is_stub_python(&self, rel: &str) -> bool {
        self.python_stubs.get(rel).copied().unwrap_or(false)
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

    /// "no CI workflow runs the tests", or `None` when one does.
    pub fn ci_reason(&self) -> Option<String> {
        if self.ci_test.is_some() {
            return None;
        }
        Some(if self.ci_files.is_empty() {
            "no CI configuration runs the tests (none found)".to_string()
        } else {
            format!(
                "no CI step runs the tests ({} runs no test command)",
                self.ci_files.join(", ")
            )
        })
    }
}

fn has_backup_section(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with('#') && {
            let lower = t.to_ascii_lowercase();
            (lower.contains("backup") || lower.contains("restore")) && !lower.contains("todo")
        }
    })
}

/// Whether a Python file holds nothing but stubs: imports, docstrings,
/// `__all__`, `pass`, `...`, `raise NotImplementedError`, and functions or
/// classes whose bodies are only those. An empty file is a stub.
fn is_stub_python(parsed: &ParsedFile) -> bool {
    parsed
        .python()
        .is_some_and(|module| module.body.iter().all(stub_stmt))
}

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
