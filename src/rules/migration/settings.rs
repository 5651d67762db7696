//! `[migration]` settings.

use serde::Deserialize;

/// `[migration]` in the configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MigrationSettings {
    /// Modules of embedded local stores: a file importing one owns its
    /// database (a cache, a local queue), so the schema it creates at
    /// runtime is not the application's (`migration/schema-in-code`).
    #[serde(default = "default_embedded_stores")]
    pub embedded_stores: Vec<String>,
    /// Modules that make a repository have a database layer even without
    /// models or migrations (`migration/schema-in-code`).
    #[serde(default = "default_database_drivers")]
    pub database_drivers: Vec<String>,
}

impl Default for MigrationSettings {
    fn default() -> Self {
        Self {
            embedded_stores: default_embedded_stores(),
            database_drivers: default_database_drivers(),
        }
    }
}

fn default_embedded_stores() -> Vec<String> {
    ["sqlite3", "aiosqlite", "apsw", "sqlite_utils", "duckdb"]
        .map(String::from)
        .to_vec()
}

fn default_database_drivers() -> Vec<String> {
    [
        "asyncpg",
        "psycopg",
        "psycopg2",
        "pymysql",
        "MySQLdb",
        "aiomysql",
        "asyncmy",
        "oracledb",
        "pyodbc",
        "sqlalchemy",
        "databases",
        "dataflow",
    ]
    .map(String::from)
    .to_vec()
}
