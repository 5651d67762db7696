//! What the repository shows, as evidence for or against claims and for the
//! scorecard: versions, CI test and SAST steps, coverage configuration,
//! load/performance tests, a security policy, stub packages.

use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::rules::RepoContext;
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

impl Evidence {
    pub fn gather(repo: &RepoContext) -> Evidence {
        let mut e = Evidence::default();
        for f in repo.files {
            let rel = f.rel.as_str();
            let name = rel.rsplit('/').next().unwrap_or(rel);
            if let Some(cmds) = ci_commands(f) {
                e.ci_files.push(f.path.clone());
                for c in &cmds {
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
            if let Some(v) = manifest_version(f) {
                e.versions.push(Version {
                    dir: rel.rsplit_once('/').map_or("", |(d, _)| d).to_string(),
                    manifest: f.path.clone(),
                    version: v,
                });
            }
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
                if cov && e.coverage_config.is_none() {
                    e.coverage_config = Some(f.path.clone());
                }
                if cov && e.coverage_threshold.is_none() && COVERAGE_THRESHOLD.is_match(&f.text) {
                    e.coverage_threshold = Some(f.path.clone());
                }
            }
            if f.tier.is_test()
                && matches!(
                    f.language,
                    Language::Python | Language::TypeScript | Language::Rust
                )
            {
                e.test_files += 1;
                if f.tier.is_integration_or_e2e() {
                    e.integration_test_files += 1;
                }
            } else if matches!(
                f.language,
                Language::Python | Language::TypeScript | Language::Rust
            ) {
                e.source_files += 1;
                if OBSERVABILITY.is_match(&f.text) && !is_stub_python(f) {
                    e.observability.push(f.path.clone());
                }
            }
            if is_perf_test(f) {
                e.perf_tests.push(f.path.clone());
            }
            let lower = name.to_ascii_lowercase();
            if e.security_policy.is_none()
                && (lower == "security.md" || lower == "security.rst" || lower == "security.txt")
                && rel.matches('/').count() <= 1
            {
                e.security_policy = Some(f.path.clone());
            }
            if crate::rules::claim::analysis::is_doc(f) {
                e.doc_files += 1;
            }
            if (lower.contains("backup")
                || lower.contains("restore")
                || lower.contains("runbook")
                || lower.contains("disaster"))
                || (crate::rules::claim::analysis::is_doc(f) && has_backup_section(&f.text))
            {
                e.backup.push(f.path.clone());
            }
            if e.stores_data.is_none()
                && matches!(
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
                )
                && let Some(m) = {
                    let text_lower = f.text.to_ascii_lowercase();
                    DB_MARKERS.iter().find(|m| text_lower.contains(*m))
                }
            {
                e.stores_data = Some(format!("{} ({m})", f.path));
            }
        }
        e
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
pub fn is_stub_python(file: &SourceFile) -> bool {
    if file.language != Language::Python {
        return false;
    }
    let Ok(parsed) = crate::lang::python::parse(&file.text) else {
        return false;
    };
    parsed.syntax().body.iter().all(stub_stmt)
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

/// Resolves a component name ("Fraud scoring") to a Python package or
/// module: a folder with `__init__.py` or a `.py` file named like the
/// joined words or one distinctive word. Returns the path and whether every
/// Python file in it is a stub (with the file count).
pub fn resolve_component(repo: &RepoContext, component: &str) -> Option<(String, bool, usize)> {
    const GENERIC: &[&str] = &[
        "api",
        "app",
        "system",
        "service",
        "services",
        "module",
        "modules",
        "core",
        "backend",
        "frontend",
        "database",
        "layer",
        "engine",
        "support",
        "integration",
        "management",
        "component",
        "components",
        "framework",
        "pipeline",
        "tests",
        "test",
        "docs",
        "documentation",
        "the",
        "and",
        "with",
        "for",
        "handling",
        "error",
        "errors",
        "basic",
        "main",
        "utils",
        "lib",
        "src",
        "data",
        "model",
        "models",
    ];
    let words: Vec<String> = component
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        return None;
    }
    let mut candidates = vec![words.join("_"), words.join("")];
    candidates.extend(
        words
            .iter()
            .filter(|w| w.len() >= 3 && !GENERIC.contains(&w.as_str()))
            .cloned(),
    );
    candidates.dedup();
    for cand in &candidates {
        // A package: some file `<...>/<cand>/__init__.py` (not in tests).
        let mut pkg: Option<String> = None;
        let mut module: Option<&SourceFile> = None;
        for f in repo.files {
            if f.tier.is_test() || f.language != Language::Python {
                continue;
            }
            let rel = f.rel.as_str();
            if let Some(dir) = rel.strip_suffix("/__init__.py")
                && dir.rsplit('/').next() == Some(cand.as_str())
            {
                pkg = Some(dir.to_string());
                break;
            }
            let stem = rel.rsplit('/').next().and_then(|n| n.strip_suffix(".py"));
            if stem == Some(cand.as_str()) && module.is_none() {
                module = Some(f);
            }
        }
        if let Some(dir) = pkg {
            let prefix = format!("{dir}/");
            let files: Vec<&SourceFile> = repo
                .files
                .iter()
                .filter(|f| f.language == Language::Python && f.rel.starts_with(&prefix))
                .collect();
            let stub = files.iter().all(|f| is_stub_python(f));
            let shown = files.first().map_or(dir.clone(), |f| {
                f.path.trim_end_matches(&f.rel[dir.len()..]).to_string()
            });
            return Some((format!("{shown}/"), stub, files.len()));
        }
        if let Some(f) = module {
            return Some((f.path.clone(), is_stub_python(f), 1));
        }
    }
    None
}

/// Open findings of other families (not `claim/`, not `candor/`), counted
/// by family.
pub fn other_findings(repo: &RepoContext, families: &[&str]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for f in repo.findings {
        let fam = f.family();
        if fam == "claim" || fam == "candor" {
            continue;
        }
        if families.is_empty() || families.contains(&fam) {
            *out.entry(fam.to_string()).or_default() += 1;
        }
    }
    out
}

/// "3 open findings of other families (mock/: 2, secret/: 1)".
pub fn describe_findings(counts: &BTreeMap<String, usize>) -> Option<String> {
    let total: usize = counts.values().sum();
    if total == 0 {
        return None;
    }
    let parts: Vec<String> = counts.iter().map(|(k, v)| format!("{k}/: {v}")).collect();
    Some(format!(
        "{total} open finding{} of other families ({})",
        if total == 1 { "" } else { "s" },
        parts.join(", ")
    ))
}
