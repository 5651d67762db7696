//! Whole-repository facts, built once per scan from every file's
//! [`FileFacts`] (class graph, registrations, models, migrations, CI and
//! evidence files). Rules that need more than one file read the [`Index`].
//!
//! Per file (in parallel, from the parse the per-file rules share):
//! classes with their bases, decorators and ORM-relevant body facts,
//! imports, string node references, `create_all` uses, migration
//! operations, and the models of schema files (Prisma, TypeORM, Diesel,
//! SeaORM). Once per scan ([`Index::build`]): a module table that resolves
//! names across files (imports, aliases, re-exports, star imports), the
//! Python models (which need inheritance to be recognised), and the schema
//! the migrations produce, replayed in revision order.
//!
//! ## Embedded local stores
//! A module that creates its own tables at runtime against SQLite (it
//! mentions `sqlite` and runs `create_all` or a `CREATE TABLE IF NOT EXISTS`
//! itself) is an embedded store, such as a local cache, not the
//! application's schema: its models are not checked against migrations and
//! its `create_all` is not a finding. Raw `CREATE TABLE` strings in
//! application code never become models.

use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;

use crate::lang::parsed::ParsedFile;
use crate::workspace::Language;

pub mod evidence;
mod prisma;
mod python;
mod rust_models;
pub mod sql;
mod typescript;

pub use python::{django_app, django_column};

pub type Span = Range<usize>;

/// A Python class as written.
#[derive(Debug, Clone, Default)]
pub struct ClassFact {
    pub name: String,
    /// The class name's bytes (findings sit there).
    pub span: Span,
    /// Each base as dotted source text: `Node`, `models.Model`, `base.Node`.
    pub bases: Vec<String>,
    /// Class keywords: `table=True` → (`table`, `true`), `metaclass=ABCMeta`.
    pub keywords: Vec<(String, String)>,
    pub decorators: Vec<DecoratorFact>,
    pub has_abstract_method: bool,
    /// Defined inside a function or another class.
    pub nested: bool,
    pub tablename: Option<String>,
    pub sa_abstract: bool,
    pub has_table_object: bool,
    pub meta_db_table: Option<String>,
    pub meta_abstract: bool,
    pub meta_proxy: bool,
    pub meta_unmanaged: bool,
    pub meta_app_label: Option<String>,
    pub fields: Vec<FieldFact>,
}

#[derive(Debug, Clone, Default)]
pub struct DecoratorFact {
    /// Dotted callee: `register_node`, `base.register_node`.
    pub name: String,
    /// String arguments (`alias=`, `name=`, positional).
    pub strings: Vec<String>,
}

/// A class-level assignment or annotation.
#[derive(Debug, Clone, Default)]
pub struct FieldFact {
    pub name: String,
    pub span: Span,
    /// Last segment of the annotation (`Mapped`, `ClassVar`, `int`).
    pub annotation: Option<String>,
    /// Last segment of the value's callee (`Column`, `CharField`).
    pub callee: String,
    /// SQLAlchemy/SQLModel explicit column name.
    pub sa_name: Option<String>,
    /// Django `db_column=`.
    pub db_column: Option<String>,
}

/// `local` is bound by an import of `module` (`name` = the imported
/// member for `from module import name`).
#[derive(Debug, Clone, Default)]
pub struct ImportFact {
    pub local: String,
    pub module: String,
    pub name: Option<String>,
}

/// `workflow.add_node("CSVReaderNode", …)`: the string's bytes.
#[derive(Debug, Clone)]
pub struct NodeRef {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orm {
    SqlAlchemy,
    SqlModel,
    Django,
    Prisma,
    TypeOrm,
    Diesel,
    SeaOrm,
}

impl Orm {
    pub fn as_str(self) -> &'static str {
        match self {
            Orm::SqlAlchemy => "SQLAlchemy",
            Orm::SqlModel => "SQLModel",
            Orm::Django => "Django",
            Orm::Prisma => "Prisma",
            Orm::TypeOrm => "TypeORM",
            Orm::Diesel => "Diesel",
            Orm::SeaOrm => "SeaORM",
        }
    }
}

/// A model column: attribute name, database name, where it is declared.
#[derive(Debug, Clone)]
pub struct ColumnFact {
    pub name: String,
    pub column: String,
    pub span: Span,
}

/// A model mapped to a table.
#[derive(Debug, Clone)]
pub struct ModelFact {
    pub name: String,
    pub span: Span,
    pub table: String,
    pub orm: Orm,
    pub columns: Vec<ColumnFact>,
    /// Whether `columns` is the complete list (checked against migrations).
    /// Table and column names keep their case; the rules compare them
    /// without case, as SQL compares unquoted names.
    pub columns_known: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MigrationTool {
    #[default]
    Alembic,
    Django,
    /// Plain SQL files in a migrations folder (Flyway, Prisma, Diesel,
    /// sqlx, golang-migrate, dbmate…).
    Sql,
    /// A tool whose migrations candor cannot read (TypeORM or SeaORM
    /// migrations in code, Rails, Liquibase…): it exists, but what it
    /// creates is unknown.
    Opaque,
}

/// One migration step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MigrationOp {
    /// `columns: None` when the columns could not be read.
    CreateTable {
        table: String,
        columns: Option<Vec<String>>,
    },
    AddColumn {
        table: String,
        column: String,
    },
    DropTable {
        table: String,
    },
    DropColumn {
        table: String,
        column: String,
    },
    RenameTable {
        from: String,
        to: String,
    },
    RenameColumn {
        table: String,
        from: String,
        to: String,
    },
}

/// A migration file (or a marker that a migration tool is set up).
#[derive(Debug, Clone, Default)]
pub struct MigrationFile {
    pub tool: MigrationTool,
    /// Path relative to the project root.
    pub path: String,
    pub revision: Option<String>,
    pub down_revisions: Vec<String>,
    pub ops: Vec<MigrationOp>,
    pub fallback_statements: usize,
    /// Django: the app label and the models this file creates (lowercase
    /// model name → table).
    pub app: Option<String>,
    pub django_models: Vec<(String, String)>,
    /// Opaque migrations: every identifier-like word of the file,
    /// lowercased. A migration cannot create a table without naming it, so
    /// a table no opaque migration mentions is still reported.
    pub mentions: Vec<String>,
}

impl MigrationFile {
    fn django_table(&self, model: &str, default: &str) -> String {
        let model = model.to_ascii_lowercase();
        self.django_models
            .iter()
            .find(|(m, _)| *m == model)
            .map_or_else(|| default.to_string(), |(_, t)| t.clone())
    }
}

/// Facts one file contributes to the index. Extracted during the per-file
/// phase, from the same parse the per-file rules use.
#[derive(Debug, Default, Clone)]
pub struct FileFacts {
    pub path: String,
    pub rel: String,
    pub is_test: bool,
    /// Python: the dotted module path (`app.nodes.enrich`).
    pub module: Option<String>,
    /// Python: an `__init__` module.
    pub package: bool,
    pub classes: Vec<ClassFact>,
    pub imports: Vec<ImportFact>,
    pub star_imports: Vec<String>,
    /// Module-level `Alias = some.Name`.
    pub aliases: Vec<(String, String)>,
    /// Names passed to a pack's registry call.
    pub registry_calls: Vec<String>,
    pub node_refs: Vec<NodeRef>,
    /// Models decided within the file (Prisma, TypeORM, Diesel, SeaORM).
    pub models: Vec<ModelFact>,
    pub migrations: Vec<MigrationFile>,
    /// `metadata.create_all`, `synchronize: true`, `--run-syncdb`: where,
    /// and what.
    pub create_all: Vec<(Span, String)>,
    /// An embedded local store (see the module docs).
    pub embedded_store: bool,
    /// Parser runs for this file over the whole per-file phase.
    pub parses: u32,
}

/// Which per-file facts a scan needs: none unless a rule that reads them
/// is enabled, and the calls the registration conventions name.
#[derive(Debug, Clone, Default)]
pub struct FactRequest {
    pub enabled: bool,
    /// Calls whose string argument names a node type (`add_node`).
    pub reference_calls: Vec<String>,
    /// Calls that register a class in a registry.
    pub registry_calls: Vec<String>,
    /// Decide for every Python file whether it is only stubs (the `claim/`
    /// family reads it).
    pub stubs: bool,
}

impl FileFacts {
    pub fn collect(ctx: &ParsedFile, wanted: &FactRequest) -> Self {
        let file = ctx.file;
        let mut facts = FileFacts {
            path: file.path.clone(),
            rel: file.rel.clone(),
            is_test: file.tier.is_test(),
            ..FileFacts::default()
        };
        // Only node/ and migration/ read these facts: with both families
        // deselected (`--select secret`), no file is parsed for them.
        if !wanted.enabled {
            return facts;
        }
        let text = file.text.as_str();
        match file.language {
            Language::Python => {
                let reference_calls = &wanted.reference_calls;
                let registry_calls = &wanted.registry_calls;
                // Cheap pre-check: a module with no class, import, call of
                // interest or migration cannot contribute a fact.
                let relevant = text.contains("class ")
                    || text.contains("import ")
                    || text.contains("create_all")
                    || text.contains("syncdb")
                    || reference_calls.iter().any(|r| text.contains(r.as_str()))
                    || registry_calls.iter().any(|r| text.contains(r.as_str()));
                if relevant && let Some(module) = ctx.python() {
                    let wanted = python::Wanted {
                        reference_calls,
                        registry_calls,
                    };
                    python::collect(module, text, &file.rel, &mut facts, &wanted);
                }
                let fallbacks: usize = facts.migrations.iter().map(|m| m.fallback_statements).sum();
                if fallbacks > 0 {
                    ctx.diagnostic(format!(
                        "{fallbacks} SQL statement(s) in migration code not understood by the SQL parser; read by pattern (table and column names only)"
                    ));
                }
                facts.embedded_store =
                    creates_own_sqlite_tables(text, !facts.create_all.is_empty());
            }
            Language::TypeScript => {
                if (text.contains("@Entity")
                    || text.contains("synchronize")
                    || text.contains("MigrationInterface"))
                    && let Some(program) = ctx.typescript()
                {
                    typescript::collect(program, text, &file.rel, &mut facts);
                }
            }
            Language::Rust => {
                if (text.contains("table!")
                    || text.contains("DeriveEntityModel")
                    || text.contains("MigrationTrait"))
                    && let Some(syntax) = ctx.rust()
                {
                    rust_models::collect(syntax, file, &mut facts);
                }
            }
            Language::Prisma => facts.models = prisma::models(text),
            Language::Sql if is_sql_migration(&file.rel) => {
                let (ops, fallbacks) = sql::operations(text);
                if fallbacks > 0 {
                    ctx.diagnostic(format!(
                            "{fallbacks} SQL statement(s) not understood by the SQL parser; read by pattern (table and column names only)"
                        ));
                }
                facts.migrations.push(MigrationFile {
                    tool: MigrationTool::Sql,
                    path: file.rel.clone(),
                    ops,
                    fallback_statements: fallbacks,
                    ..MigrationFile::default()
                });
            }
            _ => {}
        }
        if facts.migrations.is_empty()
            && let Some(tool) = migration_marker(&file.rel, text)
        {
            let mentions = if tool == MigrationTool::Opaque {
                identifier_words(text)
            } else {
                Vec::new()
            };
            facts.migrations.push(MigrationFile {
                tool,
                path: file.rel.clone(),
                mentions,
                ..MigrationFile::default()
            });
        }
        // Django's `manage.py migrate --run-syncdb` in entrypoints, compose
        // files, Procfiles and CI scripts.
        if is_deploy_file(file) && text.contains("--run-syncdb") {
            let mut offset = 0;
            for line in text.split_inclusive('\n') {
                let t = line.trim_start();
                if !t.starts_with('#')
                    && !t.starts_with("//")
                    && let Some(i) = line.find("--run-syncdb")
                {
                    facts
                        .create_all
                        .push((offset + i..offset + i + 12, "migrate --run-syncdb".into()));
                }
                offset += line.len();
            }
        }
        facts.parses = ctx.parse_count();
        facts
    }
}

fn identifier_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.len() > 1 && !w.starts_with(|c: char| c.is_ascii_digit()))
        .map(str::to_ascii_lowercase)
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// Where a deploy command lives: Dockerfiles, compose/CI YAML, TOML/INI/
/// JSON configs (package.json scripts), shell scripts, Procfiles,
/// Makefiles. Docs and prose are not.
fn is_deploy_file(file: &crate::workspace::SourceFile) -> bool {
    let name = file.rel.rsplit('/').next().unwrap_or(&file.rel);
    match file.language {
        Language::Dockerfile | Language::Yaml | Language::Toml | Language::Ini | Language::Json => {
            true
        }
        Language::Other => {
            name == "Procfile"
                || name == "Makefile"
                || name.ends_with(".sh")
                || name.ends_with(".bash")
                || name.ends_with(".ps1")
                || !name.contains('.')
        }
        _ => false,
    }
}

/// See the module docs: an embedded SQLite store creating its own tables.
fn creates_own_sqlite_tables(text: &str, has_create_all: bool) -> bool {
    let lower_has_sqlite =
        text.contains("sqlite") || text.contains("SQLite") || text.contains("SQLITE");
    lower_has_sqlite
        && (has_create_all
            || text
                .to_ascii_uppercase()
                .contains("CREATE TABLE IF NOT EXISTS"))
}

/// SQL files that are migrations: in a `migrations`/`migrate`/`migration`
/// folder, or named like Flyway (`V1__init.sql`). Rollbacks (`down.sql`,
/// `*.down.sql`, Flyway `U1__…`) are not.
pub fn is_sql_migration(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    if name == "down.sql" || name.ends_with(".down.sql") || name.ends_with("_down.sql") {
        return false;
    }
    let flyway = |prefix: char| {
        name.starts_with(prefix)
            && name[1..].chars().next().is_some_and(|c| c.is_ascii_digit())
            && name.contains("__")
    };
    if flyway('u') && !flyway('v') {
        return false;
    }
    flyway('v')
        || lower.split('/').rev().skip(1).any(|d| {
            matches!(
                d,
                "migrations" | "migration" | "migrate" | "changes" | "schema_migrations"
            )
        })
}

/// Files that show a migration tool is set up even if they hold no
/// operations, and code migrations candor cannot read.
fn migration_marker(rel: &str, text: &str) -> Option<MigrationTool> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let in_migrations = rel
        .split('/')
        .any(|d| d == "migrations" || d == "migrate" || d == "migration");
    match name {
        "alembic.ini"
        | "diesel.toml"
        | "flyway.conf"
        | "migration_lock.toml"
        | "sqlx-data.json" => {
            return Some(MigrationTool::Sql);
        }
        "env.py" if text.contains("alembic") => return Some(MigrationTool::Sql),
        _ => {}
    }
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    if in_migrations
        && matches!(
            ext,
            "py" | "rb" | "js" | "ts" | "xml" | "yaml" | "yml" | "go" | "java" | "kt"
        )
        && name != "__init__.py"
        && !name.contains(".test.")
        && !name.contains(".spec.")
        && !text.contains("MigrationInterface")
    {
        return Some(MigrationTool::Opaque);
    }
    if in_migrations && ext == "rs" && (text.contains("MigrationTrait") || text.contains("fn up")) {
        return Some(MigrationTool::Opaque);
    }
    None
}

/// A resolved name: a class of the repository, or a dotted name outside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Symbol {
    Class { file: usize, class: usize },
    External(String),
}

/// A model and the file it is in.
#[derive(Debug, Clone)]
pub struct Model {
    pub file: usize,
    pub fact: ModelFact,
}

/// What the migrations leave behind, replayed in order.
#[derive(Debug, Default)]
pub struct Schema {
    /// Table → its columns (`None`: unknown, never reported).
    pub tables: FxHashMap<String, Option<FxHashSet<String>>>,
    /// Table → the migration that dropped or renamed it away.
    pub removed: FxHashMap<String, String>,
    /// (table, column) → the migration that dropped or renamed it away.
    pub removed_columns: FxHashMap<(String, String), String>,
}

#[derive(Debug, Default)]
struct Scope {
    classes: FxHashMap<String, usize>,
    imports: FxHashMap<String, usize>,
    aliases: FxHashMap<String, usize>,
}

/// The whole repository's facts.
#[derive(Debug, Default)]
pub struct Index {
    pub files: Vec<FileFacts>,
    scopes: Vec<Scope>,
    /// Dotted module suffix → Python files.
    modules: FxHashMap<String, Vec<usize>>,
    /// Every model (Python ones recognised through inheritance).
    pub models: Vec<Model>,
    pub schema: Schema,
    /// Some migration tool exists.
    pub has_migrations: bool,
    /// Words of the migrations candor cannot read (see
    /// [`MigrationFile::mentions`]); a table named there is not checked.
    pub opaque_mentions: FxHashSet<String>,
    /// CI, coverage, security, load-test and other evidence for claims
    /// and the scorecard.
    pub evidence: evidence::Evidence,
}

thread_local! {
    static BUILDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many indexes this thread has built (tests assert one per scan).
pub fn builds_on_this_thread() -> usize {
    BUILDS.with(|b| b.get())
}

const MAX_DEPTH: usize = 32;

impl Index {
    /// Builds the index; `facts` are in the workspace's file order. The
    /// scan calls this exactly once, after the per-file phase.
    pub fn build(facts: Vec<FileFacts>, evidence: evidence::Evidence) -> Self {
        BUILDS.with(|b| b.set(b.get() + 1));
        let mut index = Index {
            files: facts,
            evidence,
            ..Index::default()
        };
        for (i, f) in index.files.iter().enumerate() {
            let mut scope = Scope::default();
            for (c, class) in f.classes.iter().enumerate() {
                if !class.nested {
                    scope.classes.insert(class.name.clone(), c);
                }
            }
            for (n, imp) in f.imports.iter().enumerate() {
                scope.imports.insert(imp.local.clone(), n);
            }
            for (n, (local, _)) in f.aliases.iter().enumerate() {
                scope.aliases.insert(local.clone(), n);
            }
            index.scopes.push(scope);
            if let Some(m) = &f.module {
                let parts: Vec<&str> = m.split('.').filter(|p| !p.is_empty()).collect();
                for k in 0..parts.len() {
                    index
                        .modules
                        .entry(parts[k..].join("."))
                        .or_default()
                        .push(i);
                }
            }
        }
        index.models = index.find_models();
        index.replay_migrations();
        index
    }

    /// The repository file holding module `name`, seen from `from`: an
    /// exact module path first, else the one whose path shares most with
    /// the importing module (a `src/` layout, several packages).
    pub fn module(&self, name: &str, from: usize) -> Option<usize> {
        let candidates = self.modules.get(name)?;
        if let Some(&exact) = candidates
            .iter()
            .find(|&&c| self.files[c].module.as_deref() == Some(name))
        {
            return Some(exact);
        }
        let here = self.files[from].module.as_deref().unwrap_or("");
        candidates.iter().copied().max_by_key(|&c| {
            let m = self.files[c].module.as_deref().unwrap_or("");
            let common = m
                .split('.')
                .zip(here.split('.'))
                .take_while(|(a, b)| a == b)
                .count();
            (common, std::cmp::Reverse(c))
        })
    }

    /// Resolves a dotted name used in `file` (a base class, a decorator).
    pub fn resolve(&self, file: usize, dotted: &str) -> Option<Symbol> {
        self.resolve_in(file, dotted, None, 0)
    }

    /// Resolves the bases of a class (a base named like the class itself
    /// means the imported one: the class is not bound yet).
    pub fn bases(&self, file: usize, class: usize) -> Vec<Symbol> {
        let c = &self.files[file].classes[class];
        c.bases
            .iter()
            .filter_map(|b| self.resolve_in(file, b, Some(class), 0))
            .collect()
    }

    fn resolve_in(
        &self,
        file: usize,
        dotted: &str,
        skip: Option<usize>,
        depth: usize,
    ) -> Option<Symbol> {
        if depth > MAX_DEPTH {
            return None;
        }
        let dotted = dotted.trim_end_matches("()");
        let Some((head, rest)) = dotted.split_once('.') else {
            return self.resolve_name(file, dotted, skip, depth);
        };
        let facts = &self.files[file];
        let scope = &self.scopes[file];
        // `module.Name` or `pkg.module.Name` through an import.
        if let Some(&i) = scope.imports.get(head) {
            let imp = &facts.imports[i];
            let base = match &imp.name {
                Some(n) => format!("{}.{n}", imp.module),
                None => imp.module.clone(),
            };
            let full = format!("{base}.{rest}");
            let (module, name) = full.rsplit_once('.').expect("has a dot");
            return Some(match self.module(module, file) {
                Some(f) => self
                    .resolve_name(f, name, None, depth + 1)
                    .unwrap_or_else(|| Symbol::External(full.clone())),
                None => Symbol::External(full),
            });
        }
        if let Some(&a) = scope.aliases.get(head) {
            let target = format!("{}.{rest}", facts.aliases[a].1);
            return self.resolve_in(file, &target, None, depth + 1);
        }
        Some(Symbol::External(dotted.to_string()))
    }

    fn resolve_name(
        &self,
        file: usize,
        name: &str,
        skip: Option<usize>,
        depth: usize,
    ) -> Option<Symbol> {
        if depth > MAX_DEPTH {
            return None;
        }
        let facts = &self.files[file];
        let scope = &self.scopes[file];
        if let Some(&c) = scope.classes.get(name)
            && Some(c) != skip
        {
            return Some(Symbol::Class { file, class: c });
        }
        if let Some(&i) = scope.imports.get(name) {
            let imp = &facts.imports[i];
            let Some(member) = &imp.name else {
                return Some(Symbol::External(imp.module.clone()));
            };
            return Some(match self.module(&imp.module, file) {
                Some(f) if f != file || imp.module != facts.module.clone().unwrap_or_default() => {
                    self.resolve_name(f, member, None, depth + 1)
                        .unwrap_or_else(|| Symbol::External(format!("{}.{member}", imp.module)))
                }
                _ => Symbol::External(format!("{}.{member}", imp.module)),
            });
        }
        if let Some(&a) = scope.aliases.get(name) {
            let target = facts.aliases[a].1.clone();
            if target != name {
                return self.resolve_in(file, &target, None, depth + 1);
            }
        }
        let mut external = None;
        for star in &facts.star_imports {
            match self.module(star, file) {
                Some(f) if f == file => {}
                Some(f) => {
                    if let Some(s) = self.resolve_name(f, name, None, depth + 1) {
                        if matches!(s, Symbol::Class { .. }) {
                            return Some(s);
                        }
                        external.get_or_insert(s);
                    }
                }
                _ => {
                    external.get_or_insert_with(|| Symbol::External(format!("{star}.{name}")));
                }
            }
        }
        external
    }

    /// `module.Name` for any symbol.
    pub fn qualified(&self, s: &Symbol) -> String {
        match s {
            Symbol::Class { file, class } => format!(
                "{}.{}",
                self.files[*file].module.as_deref().unwrap_or(""),
                self.files[*file].classes[*class].name
            ),
            Symbol::External(d) => d.clone(),
        }
    }

    /// Whether some ancestor of the class satisfies `pred` (given the
    /// ancestor and its qualified name). Cycle-safe and depth-bounded.
    pub fn any_ancestor(
        &self,
        file: usize,
        class: usize,
        pred: &mut dyn FnMut(&Symbol, &str) -> bool,
    ) -> bool {
        let mut seen: FxHashSet<(usize, usize)> = FxHashSet::default();
        seen.insert((file, class));
        let mut stack = vec![(file, class, 0usize)];
        while let Some((f, c, depth)) = stack.pop() {
            if depth > MAX_DEPTH {
                continue;
            }
            for base in self.bases(f, c) {
                let q = self.qualified(&base);
                if pred(&base, &q) {
                    return true;
                }
                if let Symbol::Class { file, class } = base
                    && seen.insert((file, class))
                {
                    stack.push((file, class, depth + 1));
                }
            }
        }
        false
    }

    fn find_models(&self) -> Vec<Model> {
        let mut out = Vec::new();
        for (i, f) in self.files.iter().enumerate() {
            for m in &f.models {
                out.push(Model {
                    file: i,
                    fact: m.clone(),
                });
            }
            for (c, class) in f.classes.iter().enumerate() {
                if class.nested {
                    continue;
                }
                if let Some(fact) = self.python_model(i, c) {
                    out.push(Model { file: i, fact });
                }
            }
        }
        out
    }

    fn python_model(&self, file: usize, c: usize) -> Option<ModelFact> {
        let class = &self.files[file].classes[c];
        let sqlmodel_table = class
            .keywords
            .iter()
            .any(|(k, v)| k == "table" && v == "true");
        if sqlmodel_table {
            let table = class
                .tablename
                .clone()
                .unwrap_or_else(|| class.name.to_ascii_lowercase());
            let columns = class
                .fields
                .iter()
                .filter(|f| {
                    f.annotation.is_some()
                        && f.annotation.as_deref() != Some("ClassVar")
                        && f.callee != "Relationship"
                        && !f.name.starts_with('_')
                        && f.name != "model_config"
                })
                .map(|f| column(f, f.sa_name.clone()))
                .collect();
            return Some(model(class, table, Orm::SqlModel, columns));
        }
        if let Some(table) = &class.tablename {
            if class.sa_abstract || class.has_table_object {
                return None;
            }
            let columns = class
                .fields
                .iter()
                .filter(|f| {
                    let column_call = matches!(f.callee.as_str(), "Column" | "mapped_column");
                    column_call
                        || (f.annotation.as_deref() == Some("Mapped") && f.callee.is_empty())
                })
                .map(|f| column(f, f.sa_name.clone()))
                .collect();
            return Some(model(class, table.clone(), Orm::SqlAlchemy, columns));
        }
        if class.meta_abstract || class.meta_proxy || class.meta_unmanaged || class.bases.is_empty()
        {
            return None;
        }
        let is_django = self.any_ancestor(file, c, &mut |_, q| {
            q == "django.db.models.Model"
                || q.ends_with("django.db.models.Model")
                || q.ends_with("django.db.models.base.Model")
        });
        if !is_django {
            return None;
        }
        let app = class
            .meta_app_label
            .clone()
            .or_else(|| django_app(&self.files[file].rel))?;
        let table = class
            .meta_db_table
            .clone()
            .unwrap_or_else(|| format!("{}_{}", app, class.name).to_ascii_lowercase());
        let columns = class
            .fields
            .iter()
            .filter_map(|f| {
                django_column(&f.name, &f.callee, f.db_column.as_deref()).map(|col| ColumnFact {
                    name: f.name.clone(),
                    column: col,
                    span: f.span.clone(),
                })
            })
            .collect();
        Some(model(class, table, Orm::Django, columns))
    }

    /// Replays every migration in order: Alembic along its `down_revision`
    /// chain, the others by file name (numbers compared as numbers).
    fn replay_migrations(&mut self) {
        let mut files: Vec<&MigrationFile> = Vec::new();
        for f in &self.files {
            if f.is_test {
                continue;
            }
            for m in &f.migrations {
                self.has_migrations = true;
                if m.tool == MigrationTool::Opaque {
                    self.opaque_mentions.extend(m.mentions.iter().cloned());
                }
                files.push(m);
            }
        }
        let alembic: Vec<&MigrationFile> = files
            .iter()
            .copied()
            .filter(|m| m.tool == MigrationTool::Alembic)
            .collect();
        let mut ordered = alembic_order(&alembic);
        let mut rest: Vec<&MigrationFile> = files
            .iter()
            .copied()
            .filter(|m| m.tool != MigrationTool::Alembic)
            .collect();
        rest.sort_by(|a, b| natural_cmp(&a.path, &b.path));
        ordered.extend(rest);

        // Django: a model created with `db_table` keeps that table in later
        // operations that name the model.
        let mut django_tables: FxHashMap<String, String> = FxHashMap::default();
        for m in &ordered {
            if let Some(app) = &m.app {
                for (model, table) in &m.django_models {
                    django_tables.insert(format!("{app}_{model}"), table.clone());
                }
            }
        }
        let map = |t: &str, django: bool| -> String {
            let t = t.to_ascii_lowercase();
            if django {
                django_tables.get(&t).cloned().unwrap_or(t)
            } else {
                t
            }
        };
        let schema = &mut self.schema;
        for m in ordered {
            let dj = m.tool == MigrationTool::Django;
            for op in &m.ops {
                match op {
                    MigrationOp::CreateTable { table, columns } => {
                        let t = map(table, dj);
                        schema.removed.remove(&t);
                        let cols = columns
                            .as_ref()
                            .map(|c| c.iter().map(|s| s.to_ascii_lowercase()).collect());
                        schema.tables.insert(t, cols);
                    }
                    MigrationOp::AddColumn { table, column } => {
                        let t = map(table, dj);
                        let entry = schema.tables.entry(t.clone()).or_insert(None);
                        if let Some(cols) = entry {
                            cols.insert(column.to_ascii_lowercase());
                        }
                        schema
                            .removed_columns
                            .remove(&(t, column.to_ascii_lowercase()));
                    }
                    MigrationOp::DropTable { table } => {
                        let t = map(table, dj);
                        if schema.tables.remove(&t).is_some() {
                            schema.removed.insert(t, format!("{} drops it", m.path));
                        }
                    }
                    MigrationOp::DropColumn { table, column } => {
                        let t = map(table, dj);
                        if let Some(Some(cols)) = schema.tables.get_mut(&t)
                            && cols.remove(&column.to_ascii_lowercase())
                        {
                            schema.removed_columns.insert(
                                (t, column.to_ascii_lowercase()),
                                format!("{} drops it", m.path),
                            );
                        }
                    }
                    MigrationOp::RenameTable { from, to } => {
                        let (f, t) = (map(from, dj), to.to_ascii_lowercase());
                        if let Some(cols) = schema.tables.remove(&f) {
                            schema.tables.insert(t.clone(), cols);
                            schema
                                .removed
                                .insert(f, format!("{} renames it to `{t}`", m.path));
                            schema.removed.remove(&t);
                        }
                    }
                    MigrationOp::RenameColumn { table, from, to } => {
                        let t = map(table, dj);
                        if let Some(Some(cols)) = schema.tables.get_mut(&t)
                            && cols.remove(&from.to_ascii_lowercase())
                        {
                            cols.insert(to.to_ascii_lowercase());
                            schema.removed_columns.insert(
                                (t, from.to_ascii_lowercase()),
                                format!("{} renames it to `{to}`", m.path),
                            );
                        }
                    }
                }
            }
        }
    }

    /// Whether a migration candor cannot read might create or alter
    /// `table` (it names it).
    pub fn maybe_opaque(&self, table: &str) -> bool {
        self.opaque_mentions.contains(&table.to_ascii_lowercase())
    }

    /// Models subject to the migration rules: not in tests, not in an
    /// embedded store.
    pub fn app_models(&self) -> impl Iterator<Item = &Model> {
        self.models.iter().filter(|m| {
            let f = &self.files[m.file];
            !f.is_test && !f.embedded_store
        })
    }

    /// Parser runs over the whole scan (each file parses at most once per
    /// language front-end, shared by every rule and the facts).
    pub fn parses(&self) -> u32 {
        self.files.iter().map(|f| f.parses).sum()
    }
}

fn column(f: &FieldFact, explicit: Option<String>) -> ColumnFact {
    ColumnFact {
        name: f.name.clone(),
        column: explicit.unwrap_or_else(|| f.name.clone()),
        span: f.span.clone(),
    }
}

fn model(class: &ClassFact, table: String, orm: Orm, columns: Vec<ColumnFact>) -> ModelFact {
    ModelFact {
        name: class.name.clone(),
        span: class.span.clone(),
        table,
        orm,
        columns,
        columns_known: true,
    }
}

/// Alembic revisions from the roots along `down_revision`; revisions the
/// chain does not reach (broken links, cycles) follow by path.
fn alembic_order<'a>(files: &[&'a MigrationFile]) -> Vec<&'a MigrationFile> {
    let mut sorted: Vec<&MigrationFile> = files.to_vec();
    sorted.sort_by(|a, b| natural_cmp(&a.path, &b.path));
    let known: FxHashSet<&str> = sorted
        .iter()
        .filter_map(|m| m.revision.as_deref())
        .collect();
    let mut done: FxHashSet<usize> = FxHashSet::default();
    let mut applied: FxHashSet<&str> = FxHashSet::default();
    let mut out = Vec::new();
    loop {
        let mut progressed = false;
        for (i, m) in sorted.iter().enumerate() {
            if done.contains(&i) {
                continue;
            }
            let ready = m
                .down_revisions
                .iter()
                .all(|d| applied.contains(d.as_str()) || !known.contains(d.as_str()));
            if ready {
                done.insert(i);
                if let Some(r) = m.revision.as_deref() {
                    applied.insert(r);
                }
                out.push(*m);
                progressed = true;
            }
        }
        if !progressed {
            break;
        }
    }
    for (i, m) in sorted.iter().enumerate() {
        if !done.contains(&i) {
            out.push(*m);
        }
    }
    out
}

/// Compares paths with digit runs as numbers (`V2__` before `V2_1__`
/// before `V10__`: Flyway's `__` ends the version, so it sorts first).
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.replacen("__", "\u{0}", 1), b.replacen("__", "\u{0}", 1));
    let (a, b) = (a.as_str(), b.as_str());
    fn chunks(s: &str) -> Vec<(bool, &str)> {
        let mut out = Vec::new();
        let mut start = 0;
        let bytes = s.as_bytes();
        for i in 1..=bytes.len() {
            if i == bytes.len() || bytes[i].is_ascii_digit() != bytes[start].is_ascii_digit() {
                out.push((bytes[start].is_ascii_digit(), &s[start..i]));
                start = i;
            }
        }
        out
    }
    let (ca, cb) = (chunks(a), chunks(b));
    for ((da, sa), (db, sb)) in ca.iter().zip(cb.iter()) {
        let ord = if *da && *db {
            let (ta, tb) = (sa.trim_start_matches('0'), sb.trim_start_matches('0'));
            ta.len().cmp(&tb.len()).then(ta.cmp(tb))
        } else {
            sa.cmp(sb)
        };
        if ord != std::cmp::Ordering::Equal {
            return ord;
        }
    }
    ca.len().cmp(&cb.len()).then(a.cmp(b))
}

#[cfg(test)]
mod tests;
