use crate::finding::Finding;
use crate::rules::{RepoContext, Rule};
use crate::workspace::ChangeStatus;

crate::declare_rule! {
    /// ## What it does
    /// In pull-request mode (`candor github`), reports a pull request that
    /// changes a file holding ORM models but adds no migration. The
    /// finding sits on the first model of each changed model file.
    ///
    /// A migration is any added file that the index reads as one (Alembic
    /// revision, Django migration, SQL in a migrations folder, TypeORM
    /// migration) or any added file in a `migrations/`, `migrate/` or
    /// `versions/` folder. Outside pull-request mode the rule does nothing.
    ///
    /// Like every `migration/` finding about a model, it sits on the
    /// model's name (the class name; Prisma's `model` name; Diesel's
    /// `table!` name), never on `__tablename__` or `@@map`.
    ///
    /// ## Why is this bad?
    /// A model change without a migration merges green and breaks at
    /// deploy, or silently never reaches the database.
    ///
    /// ## Example
    /// A pull request adds `refunded_at: Mapped[datetime]` to
    /// `app/models.py` and touches nothing under `alembic/versions/`.
    ///
    /// ## How to fix
    /// Generate the migration in the same pull request; if the change
    /// does not touch the schema (a method, a docstring), suppress the
    /// finding with a reason.
    pub struct ModelChangedWithoutMigration {
        id: "migration/model-changed-without-migration",
        severity: Warning,
        summary: "Pull request changes models but adds no migration",
    }
}

fn same(changed: &str, path: &str, rel: &str) -> bool {
    let c = changed.trim_start_matches("./");
    c == path || c == rel
}

impl Rule for ModelChangedWithoutMigration {
    fn check_repo(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let Some(changed) = repo.changed else { return };
        let index = repo.index;
        let adds_migration = changed.iter().any(|c| {
            if !matches!(c.status, ChangeStatus::Added | ChangeStatus::Renamed) {
                return false;
            }
            let in_folder = c
                .path
                .split('/')
                .any(|d| matches!(d, "migrations" | "migrate" | "versions" | "migration"));
            in_folder
                || index
                    .files
                    .iter()
                    .any(|f| same(&c.path, &f.path, &f.rel) && !f.migrations.is_empty())
        });
        if adds_migration {
            return;
        }
        for c in changed {
            if c.status == ChangeStatus::Removed {
                continue;
            }
            let Some(first) = index
                .app_models()
                .find(|m| same(&c.path, &index.files[m.file].path, &index.files[m.file].rel))
            else {
                continue;
            };
            out.push(
                Finding::new(
                    Self::META.id,
                    Self::META.severity,
                    &repo.files[first.file],
                    first.fact.span.clone(),
                    format!(
                        "this pull request changes {} models in `{}` but adds no migration",
                        first.fact.orm.as_str(),
                        c.path
                    ),
                )
                .with_fix(
                    "Generate the migration for the model change and add it to this pull request",
                ),
            );
        }
    }
}
