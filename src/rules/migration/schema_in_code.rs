use crate::finding::Finding;
use crate::index::FileFacts;
use crate::rules::{RepoContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds production code that creates its schema at runtime: a `CREATE
    /// TABLE` statement executed through a database driver
    /// (`cursor.execute("CREATE TABLE IF NOT EXISTS orders (...)")`,
    /// `await conn.execute(...)`, `conn.execute(text(...))`,
    /// `executescript`, `exec_driver_sql`), read from the call's string
    /// literal, f-string or a module-level string constant. The finding
    /// sits on the statement's string (or the constant's name at the call).
    ///
    /// Only in a repository with a database layer: models, migrations, or
    /// a file importing one of `[migration] database-drivers` (asyncpg,
    /// psycopg, SQLAlchemy, DataFlow, …). `metadata.create_all()` is
    /// `migration/create-all-in-production`.
    ///
    /// Not findings: embedded local stores, i.e. files that import one of
    /// `[migration] embedded-stores` (default `sqlite3`, `aiosqlite`,
    /// `apsw`, `sqlite_utils`, `duckdb`) or open a `sqlite:///` URL: a
    /// component owning its SQLite file or cache creates its tables itself
    /// by design. Also exempt: test files, files in non-production folders
    /// (`[mock] non-production`: `examples/`, `demo/`, `docs/`, … by
    /// default), migration files (a migration
    /// runs DDL by definition), a migration runner's own version table
    /// (`_migrations`, `schema_migrations`, `alembic_version`,
    /// `flyway_schema_history`), `CREATE TEMP TABLE`, and a table the same
    /// file also drops through a driver (a probe such as Django's
    /// transaction-support check, or scratch space).
    ///
    /// ## Why is this bad?
    /// `CREATE TABLE IF NOT EXISTS` never changes an existing table: a
    /// column added to the statement never reaches a database that already
    /// has the table, and nothing records which schema a database has.
    ///
    /// ## Example
    /// ```python
    /// async def startup(pool):
    ///     async with pool.acquire() as conn:
    ///         await conn.execute("CREATE TABLE IF NOT EXISTS orders (id serial primary key)")
    /// ```
    ///
    /// ## How to fix
    /// Move the statement into a migration (Alembic, Flyway, a SQL file in
    /// `migrations/`) and run the migrations on deploy. For a store the
    /// component owns, list its driver in `[migration] embedded-stores`.
    pub struct SchemaInCode {
        id: "migration/schema-in-code",
        severity: Warning,
        summary: "Schema created at runtime by production code instead of migrations",
    }
}

/// The table a migration tool records applied versions in
/// (`_migrations`, `schema_migrations`, `alembic_version`,
/// `flyway_schema_history`): creating it at runtime is how a migration
/// runner starts, not schema kept out of migrations.
fn is_migration_bookkeeping(table: &str) -> bool {
    let t = table.to_ascii_lowercase();
    let t = t.rsplit('.').next().unwrap_or(&t).trim_start_matches('_');
    t.contains("migration")
        || matches!(
            t,
            "schema_version" | "schema_versions" | "alembic_version" | "flyway_schema_history"
        )
}

/// Whether the file imports one of `modules`, at module level or inside a
/// function.
fn imports_any(f: &FileFacts, modules: &[String]) -> bool {
    f.imports
        .iter()
        .map(|i| i.module.as_str())
        .chain(f.local_imports.iter().map(String::as_str))
        .any(|module| {
            let head = module.split('.').next().unwrap_or(module);
            modules.iter().any(|m| m == head)
        })
}

impl Rule for SchemaInCode {
    fn check_repo(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let index = repo.index;
        if !index.files.iter().any(|f| !f.runtime_ddl.is_empty()) {
            return;
        }
        let settings = &repo.settings.migration;
        let has_database_layer = index.has_migrations
            || index.app_models().next().is_some()
            || index
                .files
                .iter()
                .any(|f| !f.is_test && imports_any(f, &settings.database_drivers));
        if !has_database_layer {
            return;
        }
        for (i, f) in index.files.iter().enumerate() {
            if f.runtime_ddl.is_empty()
                || f.is_test
                || !super::is_shipped(repo, i)
                || !f.migrations.is_empty()
                || imports_any(f, &settings.embedded_stores)
                || repo.files[i].text.contains("sqlite:///")
            {
                continue;
            }
            // A table the same file also drops is a probe or scratch table
            // (Django's `supports_transactions` creates and drops one).
            let kept = f.runtime_ddl.iter().filter(|d| {
                !is_migration_bookkeeping(&d.table)
                    && !f.runtime_drops.contains(&d.table.to_ascii_lowercase())
            });
            for ddl in kept {
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        &repo.files[i],
                        ddl.span.clone(),
                        format!(
                            "`CREATE TABLE {}` is executed at runtime (`{}`): the schema is created outside the migrations",
                            ddl.table, ddl.call
                        ),
                    )
                    .with_fix("Move the statement into a migration and apply migrations on deploy; for a store this component owns, list its driver in `[migration] embedded-stores`"),
                );
            }
        }
    }
}
