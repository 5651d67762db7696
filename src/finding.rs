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
        let secret = crate::text::slice(&file.text, range.clone());
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
        // The caret's byte range within the line; a span running past the
        // line marks the rest of it.
        let rel_start = (start - line_start.min(start)).min(line_text.len());
        let rel_end = if end_line == line {
            (end - line_start.min(end)).clamp(rel_start, line_text.len())
        } else {
            line_text.len()
        };
        // The finding's own secret is replaced here; every other span a
        // secret detector matches on the shown line is masked by the
        // pipeline ([`Finding::mask`]) before any output sees the finding.
        let mut masks: Vec<(Range<usize>, String)> = Vec::new();
        if let Some(rep) = replacement {
            // A multi-line secret (a key block) hides the rest of the line.
            masks.push((rel_start..rel_end, rep));
        }
        let snippet = mask_line(line_text, masks, rel_start..rel_end);
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

impl Finding {
    /// Masks every span `spans` finds (secret detector hits) in the shown
    /// line and in the message, whatever rule the finding belongs to (a
    /// `claim/` finding on a README line holding a database URL shows no
    /// password). The caret keeps pointing at the same text; the
    /// fingerprint follows the masked line.
    pub fn mask(&mut self, spans: impl Fn(&str) -> Vec<Range<usize>>) {
        let line = std::mem::take(&mut self.snippet.text);
        let masks = masks(&line, spans(&line));
        let caret = if masks.is_empty() {
            0..0
        } else {
            let start = char_offset(&line, self.snippet.caret_column.saturating_sub(1));
            let end = char_offset(&line[start..], self.snippet.caret_width) + start;
            start..end
        };
        if masks.is_empty() {
            self.snippet.text = line;
        } else {
            self.snippet = mask_line(&line, masks, caret);
            self.fingerprint = fingerprint(self.rule, &self.path, &self.snippet.text);
        }
        self.message = mask_text(&self.message, spans(&self.message));
    }
}

/// The byte offset of the `n`th character of `text` (its length past it).
fn char_offset(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

/// Each span with its redacted form.
fn masks(text: &str, spans: Vec<Range<usize>>) -> Vec<(Range<usize>, String)> {
    spans
        .into_iter()
        .filter(|r| r.start < r.end && r.end <= text.len())
        .map(|r| {
            let shown = redact(crate::text::slice(text, r.clone()));
            (r, shown)
        })
        .collect()
}

/// `text` with every span replaced by its redacted form.
pub fn mask_text(text: &str, spans: Vec<Range<usize>>) -> String {
    let masks = masks(text, spans);
    if masks.is_empty() {
        return text.to_string();
    }
    mask_line(text, masks, 0..0).text
}

/// Builds a snippet from `line` with each mask's range replaced by its
/// text, the caret (`caret`, byte range in `line`) moved to where its text
/// now is. Overlapping masks are merged (the earlier replacement is kept).
fn mask_line(line: &str, mut masks: Vec<(Range<usize>, String)>, caret: Range<usize>) -> Snippet {
    masks.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut out = String::with_capacity(line.len());
    // (range in `line`, range in `out`) of each replacement.
    let mut edits: Vec<(Range<usize>, Range<usize>)> = Vec::with_capacity(masks.len());
    let mut at = 0;
    for (r, rep) in masks {
        let r = crate::text::floor_char_boundary(line, r.start).max(at)
            ..crate::text::ceil_char_boundary(line, r.end);
        if r.end <= r.start {
            continue;
        }
        out.push_str(&line[at..r.start]);
        let o = out.len();
        out.push_str(&rep);
        edits.push((r.clone(), o..out.len()));
        at = r.end;
    }
    out.push_str(&line[at..]);
    // Where a byte offset of `line` is in `out`; inside a replacement, at
    // its start (`is_end` false) or its end.
    let map = |pos: usize, is_end: bool| -> usize {
        let mut shift: isize = 0;
        for (r, o) in &edits {
            if pos <= r.start {
                break;
            }
            if pos < r.end {
                return if is_end { o.end } else { o.start };
            }
            shift = o.end as isize - r.end as isize;
        }
        pos.saturating_add_signed(shift).min(out.len())
    };
    let c_start = crate::text::floor_char_boundary(&out, map(caret.start, false));
    let c_end = crate::text::ceil_char_boundary(&out, map(caret.end, true)).max(c_start);
    Snippet {
        caret_column: out[..c_start].chars().count() + 1,
        caret_width: out[c_start..c_end].chars().count().max(1),
        text: out,
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
    fn other_families_frames_mask_detector_hits() {
        let token = "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5";
        let text = format!("class MockLLM: token = \"{token}\"; fake = True\n");
        let file = SourceFile::for_test("app.py", &text);
        let start = text.find("fake").unwrap();
        let spans = |t: &str| -> Vec<Range<usize>> {
            t.find(token)
                .map(|i| i..i + token.len())
                .into_iter()
                .collect()
        };
        let mut f = Finding::new("mock/x", Severity::Warning, &file, start..start + 4, "m");
        assert!(
            f.snippet.text.contains(token),
            "masked by the pipeline, not here"
        );
        f.mask(spans);
        assert!(!f.snippet.text.contains(token), "{}", f.snippet.text);
        assert!(f.snippet.text.contains("ghp_…(40 chars)"));
        // The caret still points at `fake` in the masked line.
        let shown: String = f
            .snippet
            .text
            .chars()
            .skip(f.snippet.caret_column - 1)
            .take(f.snippet.caret_width)
            .collect();
        assert_eq!(shown, "fake");
        assert_eq!(f.column, start + 1);
        assert_eq!(
            f.fingerprint,
            fingerprint("mock/x", "app.py", &f.snippet.text)
        );
        let mut message = Finding::new(
            "claim/x",
            Severity::Warning,
            &file,
            0..5,
            format!("quotes {token}"),
        );
        message.mask(spans);
        assert!(!message.message.contains(token));
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
