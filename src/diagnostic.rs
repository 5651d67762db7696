//! Something candor could not analyse: not a finding, a note on what was
//! skipped and why.

use serde::Serialize;

/// Something candor could not analyse. Not a finding: it does not fail the
/// run, it tells the user what was skipped and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub path: String,
    pub message: String,
}

/// How an internal-error diagnostic's message starts (exit code 2 keys on it).
pub const INTERNAL_ERROR: &str = "internal error";

impl Diagnostic {
    /// A diagnostic. What a secret detector matches in `message` (a parser
    /// quoting the token it choked on) is masked by the pipeline before any
    /// output ([`Diagnostic::mask`]).
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }

    /// A file whose analysis panicked: a bug in candor, not in the file.
    pub fn internal_error(path: impl Into<String>) -> Self {
        Self::new(
            path,
            format!(
                "{INTERNAL_ERROR}: analysing this file failed; its findings are missing \
                 (a bug in candor: please report it with this file)"
            ),
        )
    }

    pub fn is_internal_error(&self) -> bool {
        self.message.starts_with(INTERNAL_ERROR)
    }

    /// Replaces the message with its masked form (`mask` redacts what a
    /// secret detector matches).
    pub fn mask(&mut self, mask: impl Fn(&str) -> String) {
        self.message = mask(&self.message);
    }
}
