//! Whole-repository facts, built once per scan from every file's
//! [`FileFacts`] (class graph, registrations, models, migrations, CI and
//! evidence files). Rules that need more than one file read the [`Index`].
//!
//! Per file (in parallel, from the parse the per-file rules share):
//! classes with their bases, decorators and ORM-relevant body facts,
//! imports, string node references, `create_all` uses, migration
//! operations, and the models of schema files (Prisma, TypeORM, Diesel,
//! SeaORM). Once per scan ([`Index::build`]): a module table that resolves
//! names across files (imports, aliases, re-exports, star imports), the
//! Python models (which need inheritance to be recognised), and the schema
//! the migrations produce, replayed in revision order.
//!
//! ## Embedded local stores
//! A module that creates its own tables at runtime against SQLite (it
//! mentions `sqlite` and runs `create_all` or a `CREATE TABLE IF NOT EXISTS`
//! itself) is an embedded store, such as a local cache, not the
//! application's schema: its models are not checked against migrations and
//! its `create_all` is not a finding. Raw `CREATE TABLE` strings in
//! application code never become models.

use rustc_hash::{FxHashMap, FxHashSet};

pub mod env_reads;
pub mod evidence;
mod facts;
mod prisma;
mod python;
mod resolve;
mod rust_models;
mod schema;
pub mod sql;
mod typescript;

pub use facts::*;
pub use python::{django_app, django_column};
pub use schema::natural_cmp;

/// A resolved name: a class of the repository, or a dotted name outside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Symbol {
    Class { file: usize, class: usize },
    External(String),
}

/// A model and the file it is in.
#[derive(Debug, Clone)]
pub struct Model {
    pub file: usize,
    pub fact: ModelFact,
}

/// What the migrations leave behind, replayed in order.
#[derive(Debug, Default)]
pub struct Schema {
    /// Table → its columns (`None`: unknown, never reported).
    pub tables: FxHashMap<String, Option<FxHashSet<String>>>,
    /// Table → the migration that dropped or renamed it away.
    pub removed: FxHashMap<String, String>,
    /// (table, column) → the migration that dropped or renamed it away.
    pub removed_columns: FxHashMap<(String, String), String>,
    /// Table no migration creates → the first migration that alters it
    /// anyway (`op.add_column` on a table created some other way).
    pub altered_only: FxHashMap<String, String>,
}

#[derive(Debug, Default)]
struct Scope {
    classes: FxHashMap<String, usize>,
    imports: FxHashMap<String, usize>,
    aliases: FxHashMap<String, usize>,
}

/// The whole repository's facts.
#[derive(Debug, Default)]
pub struct Index {
    pub files: Vec<FileFacts>,
    scopes: Vec<Scope>,
    /// Dotted module suffix → Python files.
    modules: FxHashMap<String, Vec<usize>>,
    /// Every model (Python ones recognised through inheritance).
    pub models: Vec<Model>,
    pub schema: Schema,
    /// Some migration tool exists.
    pub has_migrations: bool,
    /// Words of the migrations candor cannot read (see
    /// [`MigrationFile::mentions`]); a table named there is not checked.
    pub opaque_mentions: FxHashSet<String>,
    /// CI, coverage, security, load-test and other evidence for claims
    /// and the scorecard.
    pub evidence: evidence::Evidence,
}

thread_local! {
    static BUILDS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many indexes this thread has built (tests assert one per scan).
pub fn builds_on_this_thread() -> usize {
    BUILDS.with(|b| b.get())
}

const MAX_DEPTH: usize = 32;

impl Index {
    /// Builds the index; `facts` are in the workspace's file order. The
    /// scan calls this exactly once, after the per-file phase.
    pub fn build(facts: Vec<FileFacts>, evidence: evidence::Evidence) -> Self {
        BUILDS.with(|b| b.set(b.get() + 1));
        let mut index = Index {
            files: facts,
            evidence,
            ..Index::default()
        };
        index.scopes.reserve_exact(index.files.len());
        for (i, f) in index.files.iter().enumerate() {
            let mut scope = Scope::default();
            for (c, class) in f.classes.iter().enumerate() {
                if !class.nested {
                    scope.classes.insert(class.name.clone(), c);
                }
            }
            for (n, imp) in f.imports.iter().enumerate() {
                scope.imports.insert(imp.local.clone(), n);
            }
            for (n, (local, _)) in f.aliases.iter().enumerate() {
                scope.aliases.insert(local.clone(), n);
            }
            index.scopes.push(scope);
            if let Some(m) = &f.module {
                let parts: Vec<&str> = m.split('.').filter(|p| !p.is_empty()).collect();
                for k in 0..parts.len() {
                    index
                        .modules
                        .entry(parts[k..].join("."))
                        .or_default()
                        .push(i);
                }
            }
        }
        index.models = index.find_models();
        index.replay_migrations();
        index
    }
}

impl Index {
    /// Whether a migration candor cannot read might create or alter
    /// `table` (it names it).
    pub fn maybe_opaque(&self, table: &str) -> bool {
        self.opaque_mentions.contains(&table.to_ascii_lowercase())
    }

    /// Models subject to the migration rules: not in tests, not in an
    /// embedded store.
    pub fn app_models(&self) -> impl Iterator<Item = &Model> {
        self.models.iter().filter(|m| {
            let f = &self.files[m.file];
            !f.is_test && !f.embedded_store
        })
    }

    /// Parser runs over the whole scan (each file parses at most once per
    /// language front-end, shared by every rule and the facts).
    pub fn parses(&self) -> u32 {
        self.files.iter().map(|f| f.parses).sum()
    }
}

#[cfg(test)]
mod tests;
