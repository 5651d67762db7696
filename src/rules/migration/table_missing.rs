use crate::finding::Finding;
use crate::rules::{RepoContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds models whose table no migration creates. The migrations are
    /// replayed in order (Alembic along its `down_revision` chain, Django
    /// and SQL files by name) with their renames and drops, and the
    /// model's table is looked up in the result. A migration that only
    /// alters a table (`op.add_column("refunds", ...)`, `ALTER TABLE
    /// refunds ADD COLUMN`) does not create it: a table that migrations
    /// alter but none creates is still missing, and the message names the
    /// first migration that alters it.
    ///
    /// The finding sits on the model's class name (Prisma: the `model`
    /// name), the same place for every ORM; the message names the table.
    ///
    /// Table names follow each ORM's rules: SQLAlchemy `__tablename__`;
    /// SQLModel `__tablename__` or the lowercased class name; Django
    /// `Meta.db_table` or `<app>_<model>`; Prisma `@@map` or the model
    /// name; TypeORM `@Entity("name")` or the snake-cased class name;
    /// Diesel and SeaORM the declared name. Names compare without case and
    /// quotes.
    ///
    /// Silent when the repository has no migration tool (that is
    /// `migration/no-migration-system`). Migrations candor cannot read
    /// (TypeORM's Table API, SeaORM, Rails, Liquibase, home-made Python
    /// migration runners) may create any table they name: a table named
    /// in such a file is not reported; one named in none still is.
    ///
    /// ## Why is this bad?
    /// The code expects a table the database will not have: the first
    /// query against it fails in production, or someone "fixes" it with
    /// `create_all()` and the schema drifts from the migration history.
    ///
    /// ## Example
    /// ```python
    /// class Refund(Base):
    ///     __tablename__ = "refunds"   # no migration creates `refunds`
    /// ```
    ///
    /// ## How to fix
    /// Generate the migration (`alembic revision --autogenerate`,
    /// `manage.py makemigrations`, `prisma migrate dev`) and commit it.
    pub struct TableMissing {
        id: "migration/table-missing",
        severity: Error,
        summary: "Model whose table no migration creates",
    }
}

impl Rule for TableMissing {
    fn check_repo(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let index = repo.index;
        if !index.has_migrations {
            return;
        }
        for m in index.app_models() {
            let table = m.fact.table.to_ascii_lowercase();
            if index.schema.tables.contains_key(&table) || index.maybe_opaque(&table) {
                continue;
            }
            let why = match (
                index.schema.removed.get(&table),
                index.schema.altered_only.get(&table),
            ) {
                (Some(how), _) => format!("a migration created it, but {how}"),
                (None, Some(path)) => {
                    format!("no migration creates it ({path} only alters it)")
                }
                (None, None) => "no migration creates it".to_string(),
            };
            out.push(
                Finding::new(
                    Self::META.id,
                    Self::META.severity,
                    &repo.files[m.file],
                    m.fact.span.clone(),
                    format!(
                        "{} model `{}` maps to table `{}`: {why}",
                        m.fact.orm.as_str(),
                        m.fact.name,
                        m.fact.table
                    ),
                )
                .with_fix(format!(
                    "Generate and commit a {} migration that creates `{}`",
                    super::no_migration_system::tool_for(m.fact.orm),
                    m.fact.table
                )),
            );
        }
    }
}
