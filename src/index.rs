//! Whole-repository facts, built once per scan from every file's
//! [`FileFacts`] (class graph, registrations, models, migrations, CI and
//! evidence files). Rules that need more than one file read the [`Index`].

use crate::rules::FileContext;

/// Facts one file contributes to the index. Extracted during the per-file
/// phase, from the same parse the per-file rules use.
#[derive(Debug, Default, Clone)]
pub struct FileFacts {
    pub path: String,
}

impl FileFacts {
    pub fn collect(ctx: &FileContext) -> Self {
        FileFacts {
            path: ctx.file.path.clone(),
        }
    }
}

/// The whole repository's facts.
#[derive(Debug, Default)]
pub struct Index {
    pub files: Vec<FileFacts>,
}

impl Index {
    /// Builds the index; `facts` are in the workspace's file order.
    pub fn build(facts: Vec<FileFacts>) -> Self {
        Index { files: facts }
    }
}
