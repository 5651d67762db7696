//! What a scan reports: findings (a rule fired) and diagnostics (candor could
//! not look at something, e.g. a file that does not parse).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

pub use crate::diagnostic::Diagnostic;
use crate::workspace::SourceFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One line of source shown under a finding, already safe to print: for
/// secret findings the secret has been replaced by its redacted form before
/// the snippet was built, and the caret points at the replacement.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The line's text (redacted where needed), without its line ending.
    pub text: String,
    /// 1-based character column where the caret starts.
    pub caret_column: usize,
    /// Caret width in characters (at least 1).
    pub caret_width: usize,
}

/// A rule fired. Every surface (text, JSON, SARIF, GitHub, WASM) prints from
/// these fields only; none of them can hold a raw secret, because secret
/// detectors build findings through [`Finding::redacted`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// Stable across line shifts: hash of rule, path and the normalized
    /// (redacted) line content. Used by baselines and SARIF.
    pub fingerprint: String,
    #[serde(skip)]
    pub snippet: Snippet,
    /// Other places the same finding occurs (the later sentences of a
    /// document that repeat one claim): SARIF `relatedLocations`, listed
    /// by the text and Markdown reports.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

/// Another location of a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
}

impl Related {
    /// The location of `range` (byte offsets into `file.text`).
    pub fn new(file: &SourceFile, range: Range<usize>, message: impl Into<String>) -> Self {
        let text = &file.text;
        let idx = file.line_index();
        let start = crate::text::floor_char_boundary(text, range.start.min(text.len()));
        let end = crate::text::floor_char_boundary(text, range.end.clamp(start, text.len()));
        let (line, column) = idx.position(text, start);
        let (end_line, end_column) = idx.position(text, end);
        Related {
            path: file.path.clone(),
            line,
            column,
            end_line,
            end_column,
            message: message.into(),
        }
    }
}

impl Finding {
    /// A finding over `range` (byte offsets into `file.text`).
    pub fn new(
        rule: &'static str,
        severity: Severity,
        file: &SourceFile,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self::build(rule, severity, file, range, message.into(), None)
    }

    /// A finding whose span is a secret: the span is replaced by
    /// [`redact`]'s form in the snippet, and the secret never reaches any
    /// other field. `message` must not contain the secret (callers pass the
    /// redacted form if they mention the value).
    pub fn redacted(
        rule: &'static str,
        severity: Severity,
        file: &SourceFile,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let secret = &file.text[range.clone()];
        let replacement = redact(secret);
        Self::build(
            rule,
            severity,
            file,
            range,
            message.into(),
            Some(replacement),
        )
    }

    fn build(
        rule: &'static str,
        severity: Severity,
        file: &SourceFile,
        range: Range<usize>,
        message: String,
        replacement: Option<String>,
    ) -> Self {
        let text = &file.text;
        let idx = file.line_index();
        let start = crate::text::floor_char_boundary(text, range.start.min(text.len()));
        let end = crate::text::floor_char_boundary(text, range.end.clamp(start, text.len()));
        let (line, column) = idx.position(text, start);
        let (end_line, end_column) = idx.position(text, end);
        let line0 = line - 1;
        let line_text = idx.line_text(text, line0);
        let line_start = idx.line_start(line0).max(if line0 == 0 {
            text.len() - text.trim_start_matches('\u{feff}').len()
        } else {
            0
        });
        let snippet = match replacement {
            None => {
                let width = if end_line == line {
                    (end_column - column).max(1)
                } else {
                    (line_text.chars().count() + 1)
                        .saturating_sub(column)
                        .max(1)
                };
                Snippet {
                    text: line_text.to_string(),
                    caret_column: column,
                    caret_width: width,
                }
            }
            Some(rep) => {
                // Replace the part of the secret that lies on this line; a
                // multi-line secret (a key block) hides the rest of the line.
                let rel_start = start - line_start;
                let before = &line_text[..rel_start.min(line_text.len())];
                let after = if end_line == line {
                    let rel_end = (end - line_start).min(line_text.len());
                    &line_text[rel_end..]
                } else {
                    ""
                };
                Snippet {
                    text: format!("{before}{rep}{after}"),
                    caret_column: column,
                    caret_width: rep.chars().count().max(1),
                }
            }
        };
        let fingerprint = fingerprint(rule, &file.path, &snippet.text);
        Finding {
            rule,
            severity,
            message,
            path: file.path.clone(),
            line,
            column,
            end_line,
            end_column,
            fix: None,
            fingerprint,
            snippet,
            related: Vec::new(),
        }
    }

    pub fn with_related(mut self, related: Vec<Related>) -> Self {
        self.related = related;
        self
    }

    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    pub fn family(&self) -> &'static str {
        family_of(self.rule)
    }

    /// The ordering every output uses: path, line, column, rule.
    pub fn sort_key(&self) -> (&str, usize, usize, &str, usize, usize) {
        (
            &self.path,
            self.line,
            self.column,
            self.rule,
            self.end_line,
            self.end_column,
        )
    }
}

/// `secret/private-key` → `secret`.
pub fn family_of(rule: &str) -> &str {
    rule.split_once('/').map_or(rule, |(f, _)| f)
}

/// The form a secret takes in every output: its first 4 characters, an
/// ellipsis and its length, e.g. `AKIA…(20 chars)`. Values of 8 characters
/// or fewer show no characters at all.
pub fn redact(secret: &str) -> String {
    let n = secret.chars().count();
    if n <= 8 {
        return format!("…({n} chars)");
    }
    let head: String = secret.chars().take(4).collect();
    format!("{head}…({n} chars)")
}

/// FNV-1a over rule, path and whitespace-normalized line content. Stable
/// across platforms and releases (no std hasher), and across line shifts.
pub fn fingerprint(rule: &str, path: &str, line: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x100000001b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x100000001b3);
    };
    feed(rule.as_bytes());
    feed(path.as_bytes());
    let normalized: Vec<&str> = line.split_whitespace().collect();
    feed(normalized.join(" ").as_bytes());
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::SourceFile;

    #[test]
    fn redaction_shows_prefix_and_length_only() {
        assert_eq!(redact("AKIAIOSFODNN7REALKEY"), "AKIA…(20 chars)");
        assert_eq!(redact("short"), "…(5 chars)");
    }

    #[test]
    fn redacted_finding_hides_the_secret_in_the_snippet() {
        let file = SourceFile::for_test(".env", "X=1\nTOKEN=supersecretvalue123 # note\n");
        let start = file.text.find("supersecret").unwrap();
        let f = Finding::redacted(
            "secret/test",
            Severity::Error,
            &file,
            start..start + 19,
            "m",
        );
        assert_eq!((f.line, f.column, f.end_line, f.end_column), (2, 7, 2, 26));
        assert_eq!(f.snippet.text, "TOKEN=supe…(19 chars) # note");
        assert!(!format!("{f:?}").contains("supersecretvalue123"));
    }

    #[test]
    fn fingerprint_ignores_line_number_and_spacing() {
        assert_eq!(
            fingerprint("a/b", "p", "x =  1"),
            fingerprint("a/b", "p", "  x = 1")
        );
        assert_ne!(
            fingerprint("a/b", "p", "x = 1"),
            fingerprint("a/c", "p", "x = 1")
        );
    }
}
