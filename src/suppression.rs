//! Inline suppressions.
//!
//! `candor: ignore[rule-id, family, ...]` in a comment on the finding's
//! first line, or on the line above it, drops the finding. In a string
//! literal it is text, not a marker. The markers other
//! secret scanners use are honoured for `secret/` findings on the same line:
//! `gitleaks:allow`, `pragma: allowlist secret` (detect-secrets; also
//! `pragma: allowlist nextline secret` on the line above) and `nosec`.

use crate::finding::Finding;
use crate::rules::candor::UnusedSuppression;
use crate::rules::select::selector_matches;
use crate::workspace::SourceFile;

const MARKER: &str = "candor: ignore[";

/// Same-line markers of other tools, and the family they silence.
const FOREIGN_SAME_LINE: &[(&str, &str)] = &[
    ("gitleaks:allow", "secret"),
    ("pragma: allowlist secret", "secret"),
    ("nosec", "secret"),
];
const FOREIGN_NEXT_LINE: &[(&str, &str)] = &[("pragma: allowlist nextline secret", "secret")];

struct Selector {
    text: String,
    /// Byte range of the selector in the file (for unused reports).
    range: std::ops::Range<usize>,
    used: bool,
}

struct Suppression {
    line0: usize,
    selectors: Vec<Selector>,
}

fn parse(file: &SourceFile) -> Vec<Suppression> {
    let mut out = Vec::new();
    if !file.text.contains(MARKER) {
        return out;
    }
    let idx = file.line_index();
    // A marker counts in a comment, never in a string literal
    // (`NOTE = "candor: ignore[...]"` suppresses nothing).
    let regions =
        crate::lexical::Regions::new(crate::lexical::Syntax::for_path(&file.rel), &file.text);
    let mut from = 0;
    while let Some(pos) = file.text[from..].find(MARKER) {
        if !regions.is_comment(from + pos) {
            from += pos + MARKER.len();
            continue;
        }
        let open = from + pos + MARKER.len();
        let Some(close_rel) = file.text[open..].find(']') else {
            break;
        };
        let close = open + close_rel;
        let inner = &file.text[open..close];
        if inner.contains('\n') {
            from = open;
            continue;
        }
        let mut selectors = Vec::new();
        let mut offset = open;
        for part in inner.split(',') {
            let trimmed = part.trim();
            let lead = part.len() - part.trim_start().len();
            if !trimmed.is_empty() {
                let start = offset + lead;
                selectors.push(Selector {
                    text: trimmed.to_string(),
                    range: start..start + trimmed.len(),
                    used: false,
                });
            }
            offset += part.len() + 1;
        }
        out.push(Suppression {
            line0: idx.line_of(from + pos),
            selectors,
        });
        from = close;
    }
    out
}

fn foreign_suppresses(file: &SourceFile, f: &Finding) -> bool {
    let idx = file.line_index();
    let line0 = f.line - 1;
    let same = idx.line_text(&file.text, line0);
    let family = f.family();
    if FOREIGN_SAME_LINE
        .iter()
        .any(|(m, fam)| *fam == family && same.contains(m))
    {
        return true;
    }
    line0 > 0 && {
        let above = idx.line_text(&file.text, line0 - 1);
        FOREIGN_NEXT_LINE
            .iter()
            .any(|(m, fam)| *fam == family && above.contains(m))
    }
}

/// Drops suppressed findings of one file. With `report_unused`, appends a
/// `candor/unused-suppression` finding for every selector that matched
/// nothing.
pub fn apply(file: &SourceFile, findings: &mut Vec<Finding>, report_unused: bool) {
    let mut sups = parse(file);
    findings.retain(|f| {
        if foreign_suppresses(file, f) {
            return false;
        }
        let line0 = f.line - 1;
        let mut suppressed = false;
        for s in sups
            .iter_mut()
            .filter(|s| s.line0 == line0 || s.line0 + 1 == line0)
        {
            for sel in s
                .selectors
                .iter_mut()
                .filter(|sel| selector_matches(&sel.text, f.rule))
            {
                sel.used = true;
                suppressed = true;
            }
        }
        !suppressed
    });
    if report_unused {
        for s in &sups {
            for sel in s.selectors.iter().filter(|sel| !sel.used) {
                let why = if crate::rules::all_meta().any(|m| selector_matches(&sel.text, m.id)) {
                    format!("`{}` suppresses nothing on this line or the next", sel.text)
                } else {
                    format!("`{}` is not a rule or family", sel.text)
                };
                findings.push(
                    Finding::new(
                        UnusedSuppression::META.id,
                        UnusedSuppression::META.severity,
                        file,
                        sel.range.clone(),
                        why,
                    )
                    .with_fix("Remove the unused selector from the suppression comment"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn finding(file: &SourceFile, needle: &str, rule: &'static str) -> Finding {
        let s = file.text.find(needle).unwrap();
        Finding::new(rule, Severity::Error, file, s..s + needle.len(), "m")
    }

    #[test]
    fn same_line_and_line_above() {
        let file = SourceFile::for_test(
            "a.py",
            "x = 1  # candor: ignore[secret/private-key]\n# candor: ignore[secret]\ny = 2\nz = 3\n",
        );
        let mut fs = vec![
            finding(&file, "x = 1", "secret/private-key"),
            finding(&file, "y = 2", "secret/private-key"),
            finding(&file, "z = 3", "secret/private-key"),
        ];
        apply(&file, &mut fs, false);
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].line, 4);
    }

    #[test]
    fn other_rules_are_not_suppressed_and_unused_are_reported() {
        let file = SourceFile::for_test(
            "a.py",
            "x = 1  # candor: ignore[mock/in-integration-test, bogus/rule]\n",
        );
        let mut fs = vec![finding(&file, "x = 1", "secret/private-key")];
        apply(&file, &mut fs, true);
        let rules: Vec<_> = fs.iter().map(|f| (f.rule, f.column)).collect();
        assert_eq!(
            rules,
            vec![
                ("secret/private-key", 1),
                ("candor/unused-suppression", 25),
                ("candor/unused-suppression", 51)
            ]
        );
        assert!(fs[2].message.contains("is not a rule"));
    }

    #[test]
    fn a_marker_inside_a_string_suppresses_nothing() {
        let file = SourceFile::for_test(
            "a.py",
            "NOTE = \"candor: ignore[secret]\"\nx = 1\ny = 2  # candor: ignore[secret]\n",
        );
        let mut fs = vec![
            finding(&file, "NOTE", "secret/private-key"),
            finding(&file, "x = 1", "secret/private-key"),
            finding(&file, "y = 2", "secret/private-key"),
        ];
        apply(&file, &mut fs, false);
        let lines: Vec<usize> = fs.iter().map(|f| f.line).collect();
        assert_eq!(lines, [1, 2]);
    }

    #[test]
    fn foreign_markers_silence_secrets_only() {
        let file = SourceFile::for_test("a.py", "k = 'x'  # gitleaks:allow\n");
        let mut fs = vec![
            finding(&file, "k", "secret/private-key"),
            finding(&file, "k", "mock/in-production-code"),
        ];
        apply(&file, &mut fs, false);
        assert_eq!(fs.len(), 1);
        assert_eq!(fs[0].rule, "mock/in-production-code");
    }
}
