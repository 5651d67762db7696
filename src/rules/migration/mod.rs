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
