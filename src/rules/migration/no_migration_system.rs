use crate::finding::Finding;
use crate::rules::{RepoContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Reports a repository that defines ORM models (SQLAlchemy, SQLModel,
    /// Django, Prisma, TypeORM, Diesel, SeaORM) but has no migration tool
    /// at all: no Alembic versions or `alembic.ini`, no Django
    /// `migrations/` package, no Prisma `migrations/`, no SQL migration
    /// folder (`migrations/`, `db/migrate/`, Flyway `V1__init.sql`), no
    /// Diesel or sqlx migrations. One finding, on the first model.
    ///
    /// Models in test files and in embedded local stores (a module that
    /// creates its own SQLite tables at runtime) do not count, nor do
    /// models in non-production folders (`[mock] non-production`:
    /// `examples/`, `demo/`, `docs/`, … by default).
    ///
    /// Like every `migration/` finding about a model, it sits on the
    /// model's name (the class name; Prisma's `model` name; Diesel's
    /// `table!` name), never on `__tablename__` or `@@map`.
    ///
    /// ## Why is this bad?
    /// Without migrations the production schema is whatever someone last
    /// created by hand or with `create_all()`. The first model change after
    /// launch either does not reach the database or needs a manual,
    /// untested `ALTER TABLE`.
    ///
    /// ## Example
    /// `app/models.py` declares `class Order(Base): __tablename__ = "orders"`
    /// and the repository has no `alembic/` folder.
    ///
    /// ## How to fix
    /// Set up the ORM's migration tool (`alembic init`, `manage.py
    /// makemigrations`, `prisma migrate dev`, `diesel migration generate`)
    /// and commit the initial migration.
    pub struct NoMigrationSystem {
        id: "migration/no-migration-system",
        severity: Error,
        summary: "ORM models exist but no migration tool does",
    }
}

impl Rule for NoMigrationSystem {
    fn check_repo(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let index = repo.index;
        if index.has_migrations {
            return;
        }
        let models: Vec<_> = index
            .app_models()
            .filter(|m| super::is_shipped(repo, m.file))
            .collect();
        let Some(first) = models.first() else {
            return;
        };
        let count = models.len();
        let mut orms: Vec<&str> = models.iter().map(|m| m.fact.orm.as_str()).collect();
        orms.sort_unstable();
        orms.dedup();
        out.push(
            Finding::new(
                Self::META.id,
                Self::META.severity,
                &repo.files[first.file],
                first.fact.span.clone(),
                format!(
                    "{count} model(s) ({}) but no migration tool: nothing creates or evolves their tables",
                    orms.join(", ")
                ),
            )
            .with_fix(format!("Set up {} migrations and commit the initial one", tool_for(first.fact.orm))),
        );
    }
}

pub(crate) fn tool_for(orm: crate::index::Orm) -> &'static str {
    use crate::index::Orm;
    match orm {
        Orm::SqlAlchemy | Orm::SqlModel => "Alembic",
        Orm::Django => "Django (`manage.py makemigrations`)",
        Orm::Prisma => "Prisma (`prisma migrate dev`)",
        Orm::TypeOrm => "TypeORM (`typeorm migration:generate`)",
        Orm::Diesel => "Diesel (`diesel migration generate`)",
        Orm::SeaOrm => "SeaORM (`sea-orm-cli migrate generate`)",
    }
}
