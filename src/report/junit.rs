//! JUnit XML: one test case per rule, one failure per finding, so CI test
//! dashboards (GitLab, Jenkins, Azure) list candor's results.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::Report;
use crate::finding::Finding;

/// Escapes text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// The report as JUnit XML. `rules` are the rules that ran (those without
/// findings become passing test cases); rules with findings are always
/// listed.
pub fn render(report: &Report, rules: &[&str]) -> String {
    let mut by_rule: BTreeMap<&str, Vec<&Finding>> = rules.iter().map(|r| (*r, vec![])).collect();
    for f in &report.findings {
        by_rule.entry(f.rule).or_default().push(f);
    }
    let failures: usize = by_rule.values().map(|v| v.len()).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"candor\" tests=\"{}\" failures=\"{failures}\">",
        by_rule.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"candor\" tests=\"{}\" failures=\"{failures}\" errors=\"0\">",
        by_rule.len()
    );
    for (rule, findings) in &by_rule {
        let family = crate::finding::family_of(rule);
        if findings.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase name=\"{}\" classname=\"{}\"/>",
                escape(rule),
                escape(family)
            );
            continue;
        }
        let _ = writeln!(
            out,
            "    <testcase name=\"{}\" classname=\"{}\">",
            escape(rule),
            escape(family)
        );
        for f in findings {
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}:{}:{}: {}</failure>",
                escape(&f.message),
                f.severity,
                escape(&f.path),
                f.line,
                f.column,
                escape(&f.message)
            );
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_testcase_per_rule_and_one_failure_per_finding() {
        use crate::Severity;
        use crate::workspace::SourceFile;
        let file = SourceFile::for_test("a<b>.py", "x = 1\ny = 2\n");
        let findings = vec![
            Finding::new("mock/x", Severity::Warning, &file, 0..1, "m & n"),
            Finding::new("mock/x", Severity::Error, &file, 6..7, "o"),
        ];
        let report = Report::new(findings, vec![], 1, None);
        let xml = render(&report, &["secret/private-key", "mock/x"]);
        assert!(xml.contains("<testsuite name=\"candor\" tests=\"2\" failures=\"2\""));
        assert!(xml.contains("<testcase name=\"secret/private-key\" classname=\"secret\"/>"));
        assert_eq!(xml.matches("<failure ").count(), 2);
        assert!(xml.contains("a&lt;b&gt;.py:2:1: o</failure>"));
        assert!(xml.contains("message=\"m &amp; n\" type=\"warning\""));
    }

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape("a<b>&\"'\u{1}"),
            "a&lt;b&gt;&amp;&quot;&apos;\\u0001"
        );
    }
}
