//! The files of one scan: their text, language and test tier.

use std::sync::OnceLock;

use crate::diagnostic::Diagnostic;
pub use crate::language::Language;
use crate::text::LineIndex;
pub use crate::tier::TestTier;
use crate::tier::TierRules;

/// A file a pull request touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedFile {
    pub path: String,
    pub status: ChangeStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeStatus {
    Added,
    Modified,
    Removed,
    Renamed,
}

/// One file of the scan.
#[derive(Debug)]
pub struct SourceFile {
    /// The path users see and click: relative to the working directory,
    /// `/`-separated.
    pub path: String,
    /// The path relative to the project root (where the configuration
    /// lives); globs and path conventions match against this one.
    pub rel: String,
    pub text: String,
    pub language: Language,
    pub tier: TestTier,
    line_index: OnceLock<LineIndex>,
}

impl SourceFile {
    pub fn new(path: String, rel: String, text: String, tiers: &TierRules) -> Self {
        let language = Language::detect(&rel);
        let tier = tiers.classify(&rel, &text);
        Self {
            path,
            rel,
            text,
            language,
            tier,
            line_index: OnceLock::new(),
        }
    }

    /// A file with default configuration, path = rel. For tests.
    pub fn for_test(path: &str, text: &str) -> Self {
        Self::new(
            path.to_string(),
            path.to_string(),
            text.to_string(),
            &TierRules::default(),
        )
    }

    pub fn line_index(&self) -> &LineIndex {
        self.line_index.get_or_init(|| LineIndex::new(&self.text))
    }
}

/// A file handed to [`Workspace::new`] by a caller that read it.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// Display path (relative to the working directory).
    pub path: String,
    /// Path relative to the project root.
    pub rel: String,
    /// Raw bytes; decoded here so every caller treats encodings alike.
    pub bytes: Vec<u8>,
}

/// Every file of a scan, plus what was skipped on the way in.
/// What decides which files a workspace holds and how they are classified:
/// the configuration's exclusions, size limit and test-tier rules.
#[derive(Debug, Clone, Copy)]
pub struct FileRules<'a> {
    pub exclude: &'a crate::tier::Exclude,
    pub max_file_size: u64,
    pub tiers: &'a TierRules,
}

#[derive(Debug, Default)]
pub struct Workspace {
    pub files: Vec<SourceFile>,
    /// Paths relative to the project root that exist but were not read
    /// (binary, over the size limit, excluded): links to them are not
    /// broken.
    pub unread: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Workspace {
    /// Builds the workspace: skips binary and oversized files, decodes
    /// invalid UTF-8 lossily (with a diagnostic), classifies each file.
    /// Files come out sorted by path so every run is deterministic.
    pub fn new(inputs: Vec<InputFile>, rules: &FileRules) -> Self {
        // Decoding and classifying read every byte (UTF-8 validation, the
        // tier markers): natively it runs on every core.
        let read = |input: InputFile| -> Read {
            let mut diagnostics = Vec::new();
            if rules.exclude.is_match(&input.rel) {
                return (Err(input.rel), diagnostics);
            }
            let rel = input.rel.clone();
            let file = match decode(input, rules.max_file_size, &mut diagnostics) {
                Some((path, rel, text)) => Ok(SourceFile::new(path, rel, text, rules.tiers)),
                None => Err(rel),
            };
            (file, diagnostics)
        };
        #[cfg(feature = "native")]
        let read: Vec<Read> = {
            use rayon::prelude::*;
            inputs.into_par_iter().map(read).collect()
        };
        #[cfg(not(feature = "native"))]
        let read: Vec<Read> = inputs.into_iter().map(read).collect();
        let mut ws = Workspace::default();
        ws.files.reserve_exact(read.len());
        for (file, diagnostics) in read {
            match file {
                Ok(file) => ws.files.push(file),
                Err(rel) => ws.unread.push(rel),
            }
            ws.diagnostics.extend(diagnostics);
        }
        ws.files.sort_by(|a, b| a.path.cmp(&b.path));
        ws.files.dedup_by(|a, b| a.path == b.path);
        ws.unread.sort();
        ws.unread.dedup();
        ws
    }

    pub fn push_diagnostic(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }
}

/// One input read: the file, or the display path of one not read; and its
/// diagnostics.
type Read = (Result<SourceFile, String>, Vec<Diagnostic>);

/// Binary files (a NUL byte in the first 8 KiB, like git's heuristic) are
/// skipped silently; oversized ones with a diagnostic.
fn decode(
    input: InputFile,
    max_file_size: u64,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(String, String, String)> {
    let InputFile { path, rel, bytes } = input;
    if bytes.len() as u64 > max_file_size {
        diagnostics.push(Diagnostic::new(
            &path,
            format!(
                "skipped: {} bytes is over the {}-byte limit (`max-file-size`)",
                bytes.len(),
                max_file_size
            ),
        ));
        return None;
    }
    if is_binary(&bytes) {
        return None;
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            diagnostics.push(Diagnostic::new(
                &path,
                format!("invalid UTF-8 at byte {valid}; decoded lossily"),
            ));
            String::from_utf8_lossy(err.as_bytes()).into_owned()
        }
    };
    Some((path, rel, text))
}

pub fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(8192)].contains(&0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn languages() {
        for (path, lang) in [
            ("a/b.py", Language::Python),
            ("web/App.tsx", Language::TypeScript),
            ("x.mjs", Language::TypeScript),
            ("src/lib.rs", Language::Rust),
            ("docker-compose.yml", Language::Yaml),
            ("Cargo.toml", Language::Toml),
            ("package.json", Language::Json),
            ("README.md", Language::Markdown),
            ("docs/index.rst", Language::ReStructuredText),
            ("migrations/V1__init.sql", Language::Sql),
            ("prisma/schema.prisma", Language::Prisma),
            (".env", Language::Dotenv),
            ("deploy/.env.prod", Language::Dotenv),
            ("prod.env", Language::Dotenv),
            ("Dockerfile", Language::Dockerfile),
            ("docker/Dockerfile.worker", Language::Dockerfile),
            ("setup.cfg", Language::Ini),
            ("LICENSE", Language::Other),
        ] {
            assert_eq!(Language::detect(path), lang, "{path}");
        }
    }

    #[test]
    fn binary_and_invalid_utf8() {
        let config = Config::default();
        let ws = Workspace::new(
            vec![
                InputFile {
                    path: "bin".into(),
                    rel: "bin".into(),
                    bytes: vec![1, 0, 2],
                },
                InputFile {
                    path: "latin1.txt".into(),
                    rel: "latin1.txt".into(),
                    bytes: b"caf\xe9".to_vec(),
                },
            ],
            &config.file_rules(),
        );
        assert_eq!(ws.files.len(), 1);
        assert_eq!(ws.files[0].text, "caf\u{fffd}");
        assert_eq!(ws.diagnostics.len(), 1);
        assert!(ws.diagnostics[0].message.contains("invalid UTF-8"));
    }
}
