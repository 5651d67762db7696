//! candor: holds a repository's production-readiness claims to its code.
//!
//! The library does no disk or network I/O. A caller (the native CLI, the
//! WebAssembly module, the GitHub layer) hands it file contents; it returns a
//! [`Report`]. Data flows one way:
//!
//! ```text
//! files ─► Workspace (language + test tier) ─► ParsedFile (parse once)
//!       ─► per-file rules, FileFacts, FileEvidence ─► Index (whole repo)
//!       ─► repo and late rules ─► severities, suppressions ─► Scorecard
//!       ─► Report
//! ```
//!
//! The layers and what each may import: `docs/architecture.md` (kept true
//! by `tests/architecture.rs`).

pub mod baseline;
pub mod config;
pub mod diagnostic;
#[cfg(feature = "native")]
pub mod discover;
pub mod finding;
#[cfg(feature = "native")]
pub mod github;
pub mod index;
pub mod init;
pub mod lang;
pub mod language;
pub mod lexical;
pub mod report;
pub mod rules;
pub mod scan;
pub mod score;
pub mod suppression;
pub mod text;
pub mod tier;
pub mod workspace;

pub use config::{Config, ConfigError};
pub use finding::{Diagnostic, Finding, Severity};
pub use report::Report;
pub use scan::{ChangeStatus, ChangedFile, ScanOptions, scan};
pub use workspace::{Language, SourceFile, TestTier, Workspace};

/// The version printed in reports (`tool.version`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
