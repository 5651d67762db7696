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

impl Diagnostic {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}
