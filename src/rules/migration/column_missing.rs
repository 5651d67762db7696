use crate::finding::Finding;
use crate::rules::{RepoContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds model columns that no migration adds to their table: the
    /// table exists after replaying the migrations (see
    /// `migration/table-missing`), but not the column, or a later
    /// migration dropped or renamed it.
    ///
    /// Column names follow each ORM's rules: SQLAlchemy `Column("name")`,
    /// `mapped_column("name")` or the attribute; Django `db_column` or the
    /// field name, with `_id` for `ForeignKey`/`OneToOneField` (no column
    /// for `ManyToManyField`); Prisma `@map` (relation fields have none);
    /// TypeORM `@Column({ name })` or the property; Diesel `#[sql_name]`;
    /// SeaORM `column_name`. Only columns declared on the model itself are
    /// checked; relationships are not columns.
    ///
    /// A table whose columns candor could not read (created by a migration
    /// it cannot read, or named in one) is not checked.
    ///
    /// ## Why is this bad?
    /// Every insert or select of the model names the column, so the first
    /// one fails in production with `column "…" does not exist`.
    ///
    /// ## Example
    /// ```python
    /// class Order(Base):
    ///     __tablename__ = "orders"
    ///     note: Mapped[str]     # the migrations never add `note`
    /// ```
    ///
    /// ## How to fix
    /// Generate the migration that adds the column and commit it.
    pub struct ColumnMissing {
        id: "migration/column-missing",
        severity: Error,
        summary: "Model column that no migration adds",
    }
}

impl Rule for ColumnMissing {
    fn check_repo(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let index = repo.index;
        if !index.has_migrations {
            return;
        }
        for m in index.app_models() {
            let table = m.fact.table.to_ascii_lowercase();
            if !m.fact.columns_known || index.maybe_opaque(&table) {
                continue;
            }
            let Some(Some(columns)) = index.schema.tables.get(&table) else {
                continue;
            };
            for c in &m.fact.columns {
                let column = c.column.to_ascii_lowercase();
                if columns.contains(&column) {
                    continue;
                }
                let why = match index.schema.removed_columns.get(&(table.clone(), column)) {
                    Some(how) => format!("a migration added it, but {how}"),
                    None => "no migration adds it".to_string(),
                };
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        &repo.files[m.file],
                        c.span.clone(),
                        format!(
                            "column `{}` of table `{}` (`{}.{}`): {why}",
                            c.column, m.fact.table, m.fact.name, c.name
                        ),
                    )
                    .with_fix(format!(
                        "Generate and commit a migration that adds `{}` to `{}`",
                        c.column, m.fact.table
                    )),
                );
            }
        }
    }
}
