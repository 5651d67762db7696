//! Evidence read from parsed code: an observability library imported and
//! called, a load-test tool used, a backup tool invoked. Comments,
//! docstrings and folder names contribute nothing.

use oxc_ast::ast::{
    CallExpression, Expression, ImportDeclaration, NewExpression, ObjectProperty, PropertyKey,
};
use oxc_ast_visit::{Visit, walk};
use ruff_python_ast::visitor::{self as pyvisit, Visitor};
use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::Ranged;

use crate::lang::parsed::ParsedFile;
use crate::lang::python_imports::ImportMap;
use crate::language::Language;

/// Python modules whose use wires metrics, tracing, error reporting or a
/// structured logging pipeline.
const PY_OBSERVABILITY: &[&str] = &[
    "opentelemetry",
    "prometheus_client",
    "prometheus_fastapi_instrumentator",
    "starlette_exporter",
    "aioprometheus",
    "sentry_sdk",
    "ddtrace",
    "datadog",
    "statsd",
    "structlog",
    "elasticapm",
    "newrelic",
    "logfire",
    "honeycomb",
];

/// npm packages (or scopes) for the same.
const JS_OBSERVABILITY: &[&str] = &[
    "@opentelemetry/",
    "prom-client",
    "@sentry/",
    "dd-trace",
    "hot-shots",
    "newrelic",
    "elastic-apm-node",
    "@datadog/",
];

/// Rust crates for the same.
const RS_OBSERVABILITY: &[&str] = &[
    "tracing",
    "tracing_subscriber",
    "opentelemetry",
    "metrics",
    "prometheus",
    "sentry",
];

/// Backup and restore tools: a command of one of these is a procedure.
pub const BACKUP_TOOLS: &[&str] = &[
    "pg_dump",
    "pg_dumpall",
    "pg_restore",
    "pg_basebackup",
    "pgbackrest",
    "barman",
    "wal-g",
    "mysqldump",
    "mysqlpump",
    "mariabackup",
    "xtrabackup",
    "mongodump",
    "mongorestore",
    "velero",
    "restic",
    "borg",
    "litestream",
];

/// The backup command `words` are, if any: a backup tool, or a cloud CLI's
/// snapshot/backup subcommand.
pub fn backup_command(words: &[String]) -> Option<String> {
    let prog = words.first()?.rsplit('/').next()?;
    if BACKUP_TOOLS.contains(&prog) {
        return Some(prog.to_string());
    }
    let rest: Vec<&str> = words[1..].iter().map(String::as_str).collect();
    let has = |w: &str| rest.iter().any(|r| r.contains(w));
    let cloud = match prog {
        "aws" => has("snapshot") || rest.first() == Some(&"backup"),
        "gcloud" => {
            rest.starts_with(&["sql", "backups"])
                || rest.starts_with(&["sql", "export"])
                || has("snapshots")
        }
        "az" => rest.first() == Some(&"backup") || has("restore") || has("snapshot"),
        "sqlite3" => rest.iter().any(|r| r.starts_with(".backup")),
        "redis-cli" => rest
            .iter()
            .any(|r| r.eq_ignore_ascii_case("bgsave") || *r == "--rdb"),
        _ => false,
    };
    cloud.then(|| {
        format!("{prog} {}", rest.first().copied().unwrap_or(""))
            .trim()
            .to_string()
    })
}

/// What a parsed code file shows.
#[derive(Debug, Default, Clone)]
pub struct CodeEvidence {
    /// (line, library) of the first call into an observability library.
    pub observability: Option<(usize, String)>,
    /// (line, tool) of a load test or benchmark.
    pub load_test: Option<(usize, String)>,
    /// (line, command) of a backup tool run through `subprocess`/`os.system`.
    pub backup: Option<(usize, String)>,
    /// (line, value) of the highest coverage threshold in a jest/vitest
    /// configuration (`coverageThreshold`, `coverage.thresholds`).
    pub coverage_threshold: Option<(usize, f64)>,
}

impl CodeEvidence {
    /// Nothing shown (every field named: a new one must be added here).
    pub fn is_empty(&self) -> bool {
        let Self {
            observability,
            load_test,
            backup,
            coverage_threshold,
        } = self;
        observability.is_none()
            && load_test.is_none()
            && backup.is_none()
            && coverage_threshold.is_none()
    }
}

/// Words one of which a file of each language must contain for any of its
/// code evidence to exist: what the visitors below look for. A file
/// without any is not parsed for evidence (most files of a large tree:
/// words shared by every language's list, `tracing` or `coverage`, made a
/// tenth of a standard library's modules parse for nothing).
///
/// The automaton only answers "any of these?", so it is leftmost-first,
/// which gets aho-corasick's SIMD prefilter (with standard semantics it
/// stepped through most code byte by byte: 14% of a secret-only scan of
/// the standard library; under 4% now, with the ways to run a command in
/// the same pass).
fn markers(words: &[&[&str]]) -> aho_corasick::AhoCorasick {
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(words.iter().flat_map(|w| w.iter()))
        .expect("evidence markers")
}

/// The Python markers, then the two ways to run a command (a backup runs
/// one: both a way and a tool must be there), searched in one pass.
static PY_MARKERS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| markers(&[PY_OBSERVABILITY, &["locust", "benchmark"], PY_RUNS]));
const PY_RUNS: &[&str] = &["subprocess", "system"];
/// A backup tool where a command literal starts: after a quote or a path's
/// `/` (searching the bare names, `az` and `aws` hit in most files).
/// Longest first: `pg_dumpall` is not `pg_dump` followed by `all`.
static PY_BACKUP: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
    let tools = BACKUP_TOOLS
        .iter()
        .chain(&["aws", "gcloud", "az", "sqlite3", "redis-cli"]);
    aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(tools.flat_map(|t| ['"', '\'', '/'].map(|open| format!("{open}{t}"))))
        .expect("backup tools")
});
static JS_MARKERS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        markers(&[
            JS_OBSERVABILITY,
            &["k6/http", "coverageThreshold", "thresholds"],
        ])
    });
static RS_MARKERS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| markers(&[RS_OBSERVABILITY, &["criterion_main", "bench"]]));

/// Whether a command literal in `text` may start with a backup tool: the
/// tool's name opens a string (`"pg_dump -Fc db"`, `["aws", ...]`) or ends
/// a path in one (`"/usr/bin/pg_dump"`), and ends at a space or the quote
/// (`az` inside `lazy` is not a command).
fn runs_backup_tool(text: &str) -> bool {
    let b = text.as_bytes();
    PY_BACKUP
        .find_iter(text)
        .any(|m| matches!(b.get(m.end()), Some(b' ' | b'"' | b'\'')))
}

/// Whether `text` of `language` can hold code evidence.
fn may_have_evidence(language: Language, text: &str) -> bool {
    match language {
        Language::Python => {
            let runs = PY_MARKERS.patterns_len() - PY_RUNS.len();
            let mut may_run = false;
            let mut at = 0;
            // After a way to run, the search goes on from the next byte, not
            // past the match: a marker may overlap it.
            while let Some(m) = PY_MARKERS.find(aho_corasick::Input::new(text).span(at..text.len()))
            {
                if m.pattern().as_usize() < runs {
                    return true;
                }
                may_run = true;
                at = m.start() + 1;
            }
            may_run && runs_backup_tool(text)
        }
        Language::TypeScript => JS_MARKERS.is_match(text),
        Language::Rust => RS_MARKERS.is_match(text),
        _ => false,
    }
}

pub fn collect(parsed: &ParsedFile) -> CodeEvidence {
    if !may_have_evidence(parsed.file.language, &parsed.file.text) {
        return CodeEvidence::default();
    }
    if let Some(module) = parsed.python() {
        return python(parsed, module);
    }
    if let Some(program) = parsed.typescript() {
        let mut v = JsVisitor::default();
        v.visit_program(program);
        let line = |off: u32| {
            parsed
                .file
                .line_index()
                .position(&parsed.file.text, off as usize)
                .0
        };
        let mut out = CodeEvidence::default();
        if let Some((off, lib)) = v.observability {
            out.observability = Some((line(off), lib));
        }
        if let Some((off, lib)) = v.load {
            out.load_test = Some((line(off), lib));
        }
        if let Some((off, value)) = v.threshold {
            out.coverage_threshold = Some((line(off), value));
        }
        return out;
    }
    if let Some(file) = parsed.rust() {
        return rust(parsed, file);
    }
    CodeEvidence::default()
}

fn python(parsed: &ParsedFile, module: &ruff_python_ast::ModModule) -> CodeEvidence {
    let imports = ImportMap::from_module(module);
    let mut v = PyVisitor {
        imports: &imports,
        found: CodeEvidence::default(),
        parsed,
    };
    v.visit_body(&module.body);
    v.found
}

struct PyVisitor<'a, 'p> {
    imports: &'a ImportMap,
    found: CodeEvidence,
    parsed: &'a ParsedFile<'p>,
}

impl PyVisitor<'_, '_> {
    fn line(&self, offset: usize) -> usize {
        self.parsed
            .file
            .line_index()
            .position(&self.parsed.file.text, offset)
            .0
    }
}

fn root(q: &str) -> &str {
    q.split('.').next().unwrap_or(q)
}

impl<'a> Visitor<'a> for PyVisitor<'_, '_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::ClassDef(c) if self.found.load_test.is_none() => {
                // `class Shopper(HttpUser)`: a locust user class.
                for base in c.bases() {
                    if let Some(q) = self.imports.resolve(base)
                        && root(&q) == "locust"
                        && (q.ends_with("HttpUser")
                            || q.ends_with(".User")
                            || q.ends_with("FastHttpUser"))
                    {
                        self.found.load_test =
                            Some((self.line(c.range().start().to_usize()), "locust".into()));
                    }
                }
            }
            Stmt::FunctionDef(f)
                if self.found.load_test.is_none() && self.parsed.file.tier.is_test() =>
            {
                // pytest-benchmark: a test that takes and calls `benchmark`.
                let takes = f
                    .parameters
                    .iter_non_variadic_params()
                    .any(|p| p.parameter.name.as_str() == "benchmark");
                if takes && f.name.as_str().starts_with("test") && calls_name(&f.body, "benchmark")
                {
                    self.found.load_test = Some((
                        self.line(f.range().start().to_usize()),
                        "pytest-benchmark".into(),
                    ));
                }
            }
            _ => {}
        }
        pyvisit::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr
            && let Some(q) = self.imports.resolve(&call.func)
        {
            let lib = root(&q);
            if self.found.observability.is_none() && PY_OBSERVABILITY.contains(&lib) {
                self.found.observability =
                    Some((self.line(call.range().start().to_usize()), lib.to_string()));
            }
            if self.found.backup.is_none()
                && matches!(
                    q.as_str(),
                    "subprocess.run"
                        | "subprocess.call"
                        | "subprocess.check_call"
                        | "subprocess.check_output"
                        | "subprocess.Popen"
                        | "os.system"
                )
                && let Some(words) = call.arguments.args.first().and_then(command_words)
                && let Some(tool) = backup_command(&words)
            {
                self.found.backup = Some((self.line(call.range().start().to_usize()), tool));
            }
        }
        pyvisit::walk_expr(self, expr);
    }
}

/// The words of a command literal: `"pg_dump -Fc db"` or `["pg_dump", ...]`.
fn command_words(e: &Expr) -> Option<Vec<String>> {
    match e {
        Expr::StringLiteral(s) => Some(
            s.value
                .to_str()
                .split_whitespace()
                .map(str::to_string)
                .collect(),
        ),
        Expr::List(l) => {
            let first = l.elts.first()?;
            let Expr::StringLiteral(s) = first else {
                return None;
            };
            Some(vec![s.value.to_str().to_string()])
        }
        _ => None,
    }
}

fn calls_name(body: &[Stmt], name: &str) -> bool {
    struct Calls<'n>(&'n str, bool);
    impl<'a> Visitor<'a> for Calls<'_> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Call(c) = expr {
                let callee = match &*c.func {
                    Expr::Name(n) => Some(n.id.as_str()),
                    Expr::Attribute(a) => match &*a.value {
                        Expr::Name(n) => Some(n.id.as_str()),
                        _ => None,
                    },
                    _ => None,
                };
                self.1 |= callee == Some(self.0);
            }
            pyvisit::walk_expr(self, expr);
        }
    }
    let mut c = Calls(name, false);
    c.visit_body(body);
    c.1
}

#[derive(Default)]
struct JsVisitor {
    /// Local names bound to observability packages, with the package.
    bound: Vec<(String, String)>,
    observability: Option<(u32, String)>,
    load: Option<(u32, String)>,
    threshold: Option<(u32, f64)>,
}

impl JsVisitor {
    fn callee_root<'e>(e: &'e Expression<'_>) -> Option<&'e str> {
        match e {
            Expression::Identifier(i) => Some(i.name.as_str()),
            Expression::StaticMemberExpression(m) => Self::callee_root(&m.object),
            Expression::ComputedMemberExpression(m) => Self::callee_root(&m.object),
            Expression::CallExpression(c) => Self::callee_root(&c.callee),
            _ => None,
        }
    }

    fn used(&mut self, callee: &Expression<'_>, at: u32) {
        if self.observability.is_some() {
            return;
        }
        if let Some(r) = Self::callee_root(callee)
            && let Some((_, lib)) = self.bound.iter().find(|(l, _)| l == r)
        {
            self.observability = Some((at, lib.clone()));
        }
    }
}

fn numbers(e: &Expression<'_>, out: &mut Vec<f64>) {
    match e {
        Expression::NumericLiteral(n) => out.push(n.value),
        Expression::ObjectExpression(o) => {
            for p in &o.properties {
                if let oxc_ast::ast::ObjectPropertyKind::ObjectProperty(p) = p {
                    numbers(&p.value, out);
                }
            }
        }
        _ => {}
    }
}

impl<'a> Visit<'a> for JsVisitor {
    fn visit_import_declaration(&mut self, it: &ImportDeclaration<'a>) {
        if it.import_kind.is_type() {
            return;
        }
        let spec = it.source.value.as_str();
        if spec == "k6/http" && self.load.is_none() {
            self.load = Some((it.span.start, "k6".into()));
        }
        if JS_OBSERVABILITY
            .iter()
            .any(|p| spec == p.trim_end_matches('/') || (p.ends_with('/') && spec.starts_with(p)))
        {
            for s in it.specifiers.iter().flatten() {
                self.bound
                    .push((s.local().name.to_string(), spec.to_string()));
            }
        }
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        self.used(&it.callee, it.span.start);
        walk::walk_call_expression(self, it);
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
        self.used(&it.callee, it.span.start);
        walk::walk_new_expression(self, it);
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        let key = match &it.key {
            PropertyKey::StaticIdentifier(k) => Some(k.name.as_str()),
            PropertyKey::StringLiteral(s) => Some(s.value.as_str()),
            _ => None,
        };
        if matches!(key, Some("coverageThreshold" | "thresholds")) {
            let mut ns = Vec::new();
            numbers(&it.value, &mut ns);
            if let Some(max) = ns.into_iter().filter(|n| *n > 0.0).reduce(f64::max)
                && self.threshold.is_none_or(|(_, v)| v < max)
            {
                self.threshold = Some((it.span.start, max));
            }
        }
        walk::walk_object_property(self, it);
    }
}

fn rust(parsed: &ParsedFile, file: &syn::File) -> CodeEvidence {
    use syn::visit::Visit as _;
    struct V {
        imported: Vec<(String, String)>,
        obs: Option<(usize, String)>,
        load: Option<(usize, String)>,
    }
    impl V {
        fn path(&mut self, p: &syn::Path) {
            if self.obs.is_some() {
                return;
            }
            let Some(first) = p.segments.first() else {
                return;
            };
            let first = first.ident.to_string();
            let lib = if RS_OBSERVABILITY.contains(&first.as_str()) && p.segments.len() > 1 {
                Some(first.clone())
            } else {
                self.imported
                    .iter()
                    .find(|(l, _)| *l == first)
                    .map(|(_, c)| c.clone())
            };
            if let Some(lib) = lib {
                let line = p
                    .segments
                    .first()
                    .map_or(1, |s| s.ident.span().start().line);
                self.obs = Some((line, lib));
            }
        }
    }
    fn use_names(t: &syn::UseTree, krate: &str, out: &mut Vec<(String, String)>) {
        match t {
            syn::UseTree::Path(p) => use_names(&p.tree, krate, out),
            syn::UseTree::Name(n) => out.push((n.ident.to_string(), krate.to_string())),
            syn::UseTree::Rename(r) => out.push((r.rename.to_string(), krate.to_string())),
            syn::UseTree::Group(g) => g.items.iter().for_each(|i| use_names(i, krate, out)),
            syn::UseTree::Glob(_) => {}
        }
    }
    impl<'ast> syn::visit::Visit<'ast> for V {
        fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
            let krate = match &u.tree {
                syn::UseTree::Path(p) => p.ident.to_string(),
                syn::UseTree::Name(n) => n.ident.to_string(),
                _ => String::new(),
            };
            if RS_OBSERVABILITY.contains(&krate.as_str()) {
                use_names(&u.tree, &krate, &mut self.imported);
                self.imported.retain(|(l, _)| l != &krate);
            }
        }
        fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
            if let syn::Expr::Path(p) = &*c.func {
                self.path(&p.path);
            }
            syn::visit::visit_expr_call(self, c);
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            let last = m
                .path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .unwrap_or_default();
            if self.load.is_none() && last == "criterion_main" {
                let line = m
                    .path
                    .segments
                    .last()
                    .map_or(1, |s| s.ident.span().start().line);
                self.load = Some((line, "criterion".into()));
            }
            self.path(&m.path);
            syn::visit::visit_macro(self, m);
        }
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            if self.load.is_none()
                && f.attrs
                    .iter()
                    .any(|a| a.path().segments.last().is_some_and(|s| s.ident == "bench"))
            {
                self.load = Some((f.sig.ident.span().start().line, "#[bench]".into()));
            }
            syn::visit::visit_item_fn(self, f);
        }
    }
    let mut v = V {
        imported: Vec::new(),
        obs: None,
        load: None,
    };
    v.visit_file(file);
    let _ = parsed;
    CodeEvidence {
        observability: v.obs,
        load_test: v.load,
        ..CodeEvidence::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_files_parse_for_evidence_only_with_a_marker() {
        let py = |t: &str| may_have_evidence(Language::Python, t);
        assert!(py("import sentry_sdk\n"));
        assert!(py("subprocess.run([\"pg_dumpall\", \"-f\", out])\n"));
        assert!(py("os.system('/usr/bin/pg_dump -Fc db')\n"));
        assert!(py(
            "subprocess.check_call(\"aws rds create-db-snapshot\")\n"
        ));
        // Words that only look like a tool or a library.
        assert!(!py("def lazy(system):\n    return draws\n"));
        assert!(!py(
            "import subprocess\nsubprocess.run(['ls'])  # no backup\n"
        ));
        assert!(!py("from trace import tracing_metrics\n"));
        // A marker after a way to run, and one overlapping it: the one
        // search finds both.
        assert!(py("import subprocess\nimport sentry_sdk\n"));
        assert!(py("x = subprocessentry_sdk\n"));
        assert!(may_have_evidence(Language::Rust, "tracing::info!(\"x\");"));
        assert!(!may_have_evidence(Language::Rust, "fn coverage() {}"));
        assert!(may_have_evidence(
            Language::TypeScript,
            "export default { coverageThreshold: {} }"
        ));
    }
}
