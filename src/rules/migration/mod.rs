//! `migration/` rules: schema changes that never reach the database. See
//! SPEC.md. The models and the schema the migrations produce come from the
//! [`crate::index::Index`].

mod settings;
pub use settings::MigrationSettings;

super::family_rules! {
    no_migration_system::NoMigrationSystem,
    table_missing::TableMissing,
    column_missing::ColumnMissing,
    create_all_in_production::CreateAllInProduction,
    schema_in_code::SchemaInCode,
    model_changed_without_migration::ModelChangedWithoutMigration,
}

/// Whether file `i` is shipped code: not under the project's non-production
/// folders (`[mock] non-production`: `examples/`, `demo/`, `docs/`, … by
/// default), so an example script's `create_all()` or its models are not
/// the application's schema.
pub(crate) fn is_shipped(repo: &super::RepoContext, i: usize) -> bool {
    match repo.settings.mock.non_production_globs() {
        Ok(globs) => !globs.is_match(&repo.files[i].rel),
        Err(_) => true,
    }
}
