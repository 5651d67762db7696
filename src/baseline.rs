//! Baselines: record today's findings, then report only new ones.
//!
//! A baseline is a JSON file of finding fingerprints ([`Finding::fingerprint`]:
//! rule + path + normalized line content, no line number), so it survives
//! line shifts. Fingerprints are counted: if a file had two identical
//! findings and gains a third, the third is new.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::finding::Finding;
use crate::report::Report;

/// The on-disk format (`candor check --write-baseline FILE`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    /// One entry per distinct finding, sorted, for readable diffs.
    pub findings: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    /// For people reading the file; matching uses the fingerprint only.
    pub rule: String,
    pub path: String,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: usize,
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

impl Baseline {
    pub const VERSION: u32 = 1;

    pub fn from_findings(findings: &[Finding]) -> Self {
        let mut map: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
        for f in findings {
            *map.entry((&f.path, f.rule, &f.fingerprint)).or_default() += 1;
        }
        let findings = map
            .into_iter()
            .map(|((path, rule, fp), count)| Entry {
                fingerprint: fp.to_string(),
                rule: rule.to_string(),
                path: path.to_string(),
                count,
            })
            .collect();
        Baseline {
            version: Self::VERSION,
            findings,
        }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("baseline serializes");
        s.push('\n');
        s
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if b.version != Self::VERSION {
            return Err(format!(
                "baseline version {} is not supported (expected {})",
                b.version,
                Self::VERSION
            ));
        }
        Ok(b)
    }

    /// Removes the findings the baseline knows from `report` and recomputes
    /// its summary. Returns how many were removed.
    pub fn apply(&self, report: &mut Report) -> usize {
        let mut left: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &self.findings {
            *left.entry(&e.fingerprint).or_default() += e.count;
        }
        let before = report.findings.len();
        report
            .findings
            .retain(|f| match left.get_mut(f.fingerprint.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            });
        let removed = before - report.findings.len();
        let fresh = Report::new(
            std::mem::take(&mut report.findings),
            Vec::new(),
            report.summary.files,
            None,
        );
        report.findings = fresh.findings;
        report.summary = fresh.summary;
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Severity;
    use crate::workspace::SourceFile;

    fn report(text: &str) -> Report {
        let file = SourceFile::for_test("app.py", text);
        let findings = text
            .match_indices("mock")
            .map(|(i, _)| Finding::new("mock/x", Severity::Warning, &file, i..i + 4, "m"))
            .collect();
        Report::new(findings, vec![], 1, None)
    }

    #[test]
    fn survives_line_shifts_and_reports_only_new_findings() {
        let old = report("a = mock\nb = 1\n");
        let baseline = Baseline::parse(&Baseline::from_findings(&old.findings).to_json()).unwrap();
        let mut new = report("import x\n\na = mock\nb = 1\nc = mock()\n");
        assert_eq!(baseline.apply(&mut new), 1);
        assert_eq!(new.findings.len(), 1);
        assert_eq!(new.findings[0].line, 5);
        assert_eq!(new.summary.findings, 1);
    }

    #[test]
    fn counts_identical_findings() {
        let old = report("a = mock\n");
        let baseline = Baseline::from_findings(&old.findings);
        let mut new = report("a = mock\na = mock\n");
        assert_eq!(baseline.apply(&mut new), 1);
        assert_eq!(new.findings.len(), 1);
    }

    #[test]
    fn rejects_unknown_versions_and_garbage() {
        assert!(Baseline::parse("{\"version\": 9, \"findings\": []}").is_err());
        assert!(Baseline::parse("[").is_err());
    }
}
