//! `migration/` rules: schema changes that never reach the database. See
//! SPEC.md. The models and the schema the migrations produce come from the
//! [`crate::index::Index`].

use super::Rule;

mod settings;
pub use settings::MigrationSettings;
mod column_missing;
mod create_all_in_production;
mod model_changed_without_migration;
mod no_migration_system;
mod table_missing;

pub use column_missing::ColumnMissing;
pub use create_all_in_production::CreateAllInProduction;
pub use model_changed_without_migration::ModelChangedWithoutMigration;
pub use no_migration_system::NoMigrationSystem;
pub use table_missing::TableMissing;

pub static RULES: &[&dyn Rule] = &[
    &NoMigrationSystem,
    &TableMissing,
    &ColumnMissing,
    &CreateAllInProduction,
    &ModelChangedWithoutMigration,
];
