//! Per-file facts: what one file says (classes, imports, node references,
//! models, migrations, `create_all`), collected once in the per-file phase
//! from the file's one parse.

use std::ops::Range;

use super::{prisma, python, rust_models, sql, typescript};
use crate::lang::parsed::ParsedFile;
use crate::workspace::Language;

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
    /// Positions of the call's arguments that are a name, attribute or
    /// call (a class or an instance), not a literal: with the older
    /// `add_node("node_id", SomeNode(...))` shape the string is an id.
    pub node_args: Vec<usize>,
}

/// A `CREATE TABLE` executed by code: the statement's string, the table it
/// creates, and the call (`conn.execute`).
#[derive(Debug, Clone)]
pub struct RuntimeDdl {
    pub span: Span,
    pub table: String,
    pub call: String,
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
    pub(super) fn django_table(&self, model: &str, default: &str) -> String {
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
    /// Modules imported inside functions (`def open(): import sqlite3`):
    /// not bindings of the module, but what the file uses.
    pub local_imports: Vec<String>,
    pub star_imports: Vec<String>,
    /// Module-level `Alias = some.Name`.
    pub aliases: Vec<(String, String)>,
    /// Names passed to a pack's registry call.
    pub registry_calls: Vec<String>,
    pub node_refs: Vec<NodeRef>,
    /// Node references in the documentation's Python code blocks, each
    /// with the module the block imports the node from.
    pub doc_refs: Vec<(NodeRef, String)>,
    /// A workflow definition file (JSON/YAML) whose `node_refs` come from
    /// its `nodes`.
    pub workflow_file: bool,
    /// A package `__init__`'s `__all__` entries.
    pub exports: Vec<(String, Span)>,
    /// Models decided within the file (Prisma, TypeORM, Diesel, SeaORM).
    pub models: Vec<ModelFact>,
    pub migrations: Vec<MigrationFile>,
    /// `metadata.create_all`, `synchronize: true`, `--run-syncdb`: where,
    /// and what.
    pub create_all: Vec<(Span, String)>,
    /// An embedded local store (see the module docs).
    pub embedded_store: bool,
    /// `CREATE TABLE` statements the code executes through a driver
    /// (`cursor.execute("CREATE TABLE ...")`).
    pub runtime_ddl: Vec<RuntimeDdl>,
    /// Tables the code's executed SQL drops (`DROP TABLE x`), lowercased.
    pub runtime_drops: Vec<String>,
    /// Environment variables the file reads (when asked for).
    pub env_reads: Vec<super::env_reads::EnvRead>,
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
    /// Collect every file's environment-variable reads (the `claim/`
    /// environment rules read them).
    pub env_reads: bool,
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
        if wanted.env_reads {
            facts.env_reads = super::env_reads::collect(ctx);
        }
        // Only node/ and migration/ read these facts: with both families
        // deselected (`--select secret`), no file is parsed for them.
        if !wanted.enabled {
            facts.shrink();
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
                    || text.contains("CREATE TABLE")
                    || text.contains("create table")
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
            Language::Markdown
                if wanted
                    .reference_calls
                    .iter()
                    .any(|r| text.contains(r.as_str())) =>
            {
                facts.doc_refs = doc_code_refs(text, &wanted.reference_calls);
            }
            Language::Yaml | Language::Json if text.contains("nodes") => {
                facts.node_refs = workflow_file_refs(text, file.language == Language::Json);
                facts.workflow_file = !facts.node_refs.is_empty();
            }
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
        facts.shrink();
        facts
    }

    /// Gives back the spare capacity of every list: the index keeps one
    /// record per file for the whole scan (a list grown to one entry holds
    /// four; on a 100k-file tree that was ~20 MB). Every field is named, so
    /// a new list must be added here.
    fn shrink(&mut self) {
        let Self {
            path: _,
            rel: _,
            is_test: _,
            module: _,
            package: _,
            classes,
            imports,
            local_imports,
            star_imports,
            aliases,
            registry_calls,
            node_refs,
            doc_refs,
            workflow_file: _,
            exports,
            models,
            migrations,
            create_all,
            embedded_store: _,
            runtime_ddl,
            runtime_drops,
            env_reads,
            parses: _,
        } = self;
        classes.shrink_to_fit();
        imports.shrink_to_fit();
        local_imports.shrink_to_fit();
        star_imports.shrink_to_fit();
        aliases.shrink_to_fit();
        registry_calls.shrink_to_fit();
        node_refs.shrink_to_fit();
        doc_refs.shrink_to_fit();
        exports.shrink_to_fit();
        models.shrink_to_fit();
        migrations.shrink_to_fit();
        create_all.shrink_to_fit();
        runtime_ddl.shrink_to_fit();
        runtime_drops.shrink_to_fit();
        env_reads.shrink_to_fit();
    }
}

/// Node references in the fenced Python code blocks of a Markdown file.
/// Only blocks whose text is the source byte for byte (not indented in a
/// list, which shifts offsets) are read.
fn doc_code_refs(text: &str, reference_calls: &[String]) -> Vec<(NodeRef, String)> {
    use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut in_python = false;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let lang = info.split_whitespace().next().unwrap_or("");
                in_python = matches!(lang, "python" | "py" | "python3");
            }
            Event::End(TagEnd::CodeBlock) => in_python = false,
            Event::Text(code) if in_python && text.get(range.clone()) == Some(&*code) => {
                out.extend(python::code_block_refs(&code, range.start, reference_calls));
            }
            _ => {}
        }
    }
    out
}

/// Node types of a serialized workflow (Kailash `Workflow.from_dict`:
/// a top-level `nodes` mapping of id to `{type | node_type: "X"}`, or a
/// list of such entries). The document's structure decides which strings
/// are node types; the text is searched only to place each one (the first
/// `type`/`node_type` line naming it).
fn workflow_file_refs(text: &str, json: bool) -> Vec<NodeRef> {
    use serde_json::Value;
    let doc: Option<Value> = if json {
        serde_json::from_str(text).ok()
    } else {
        serde_saphyr::from_str(text).ok()
    };
    let Some(Value::Object(top)) = doc else {
        return Vec::new();
    };
    let entries: Vec<&Value> = match top.get("nodes") {
        Some(Value::Object(m)) => m.values().collect(),
        Some(Value::Array(a)) => a.iter().collect(),
        _ => return Vec::new(),
    };
    let mut names: Vec<&str> = entries
        .iter()
        .filter_map(|e| {
            let o = e.as_object()?;
            o.get("node_type").or_else(|| o.get("type"))?.as_str()
        })
        .filter(|n| {
            n.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut out = Vec::new();
    let mut offset = 0;
    let mut placed: Vec<&str> = Vec::new();
    for line in text.split_inclusive('\n') {
        if line.contains("type") {
            for name in &names {
                if placed.contains(name) {
                    continue;
                }
                let found = line.match_indices(name).find(|(i, _)| {
                    let before = line[..*i].chars().last();
                    let after = line[i + name.len()..].chars().next();
                    !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                        && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                });
                if let Some((i, _)) = found {
                    placed.push(name);
                    out.push(NodeRef {
                        name: name.to_string(),
                        span: offset + i..offset + i + name.len(),
                        node_args: Vec::new(),
                    });
                }
            }
        }
        offset += line.len();
    }
    out
}

pub(super) fn identifier_words(text: &str) -> Vec<String> {
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
pub(super) fn is_deploy_file(file: &crate::workspace::SourceFile) -> bool {
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
pub(super) fn creates_own_sqlite_tables(text: &str, has_create_all: bool) -> bool {
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
pub(super) fn migration_marker(rel: &str, text: &str) -> Option<MigrationTool> {
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
