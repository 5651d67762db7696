use crate::finding::Finding;
use crate::rules::{RepoContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds schema creation that stands in for migrations in production
    /// code: SQLAlchemy `metadata.create_all()` (also passed as a callable,
    /// `conn.run_sync(Base.metadata.create_all)`), `SQLModel.metadata.create_all`,
    /// Flask-SQLAlchemy `db.create_all()`, TypeORM `synchronize: true`, and
    /// Django's `migrate --run-syncdb` (in code via `call_command`, or in
    /// entrypoints, compose files, Procfiles and scripts).
    ///
    /// Test files are exempt (creating a throwaway schema is what tests
    /// do), so are files in non-production folders (`[mock]
    /// non-production`: `examples/`, `demo/`, `docs/`, … by default), and so
    /// are embedded local stores: a module that creates its
    /// own SQLite tables at runtime (it mentions `sqlite` and creates the
    /// tables itself) is a local cache, not the application's database.
    ///
    /// ## Why is this bad?
    /// `create_all()` creates missing tables and never alters existing
    /// ones: a new column ships in the code and never reaches a database
    /// that already exists. `synchronize: true` does alter, and can drop
    /// columns with their data on the next start.
    ///
    /// ## Example
    /// ```python
    /// def init_db():
    ///     Base.metadata.create_all(engine)
    /// ```
    ///
    /// ## How to fix
    /// Run the migrations on deploy (`alembic upgrade head`, `manage.py
    /// migrate`, `typeorm migration:run`) and keep `create_all` for tests.
    pub struct CreateAllInProduction {
        id: "migration/create-all-in-production",
        severity: Warning,
        summary: "Tables created at startup instead of by migrations",
    }
}

impl Rule for CreateAllInProduction {
    fn check_repo(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        for (i, f) in repo.index.files.iter().enumerate() {
            if f.is_test || f.embedded_store || f.create_all.is_empty() || !super::is_shipped(repo, i) {
                continue;
            }
            for (span, what) in &f.create_all {
                out.push(
                    Finding::new(
                        Self::META.id,
                        Self::META.severity,
                        &repo.files[i],
                        span.clone(),
                        format!("`{what}` creates the schema outside the migrations"),
                    )
                    .with_fix("Apply migrations on deploy instead; keep schema creation for tests"),
                );
            }
        }
    }
}
