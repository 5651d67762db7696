//! The report every surface prints, and its formatters. Formatters live in
//! the library so the native CLI and the WebAssembly CLI print the same bytes.

use serde::Serialize;
use std::collections::BTreeMap;

use crate::finding::{Diagnostic, Finding, Severity};

pub mod badge;
pub mod github;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod text;

/// Version of the JSON report schema (`docs/report.schema.json`). Bumped on
/// any incompatible change; fields may be added without a bump.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Files analysed (after exclusions and skips).
    pub files: usize,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub by_family: BTreeMap<String, usize>,
    pub by_rule: BTreeMap<String, usize>,
}

/// The result of a scan. Field order is the JSON order; keep it stable.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub version: u32,
    pub tool: Tool,
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
    /// The readiness scorecard (absent when not computed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scorecard: Option<crate::score::Scorecard>,
    #[serde(skip)]
    pub fail_on: Option<Severity>,
}

impl Report {
    pub fn new(
        findings: Vec<Finding>,
        diagnostics: Vec<Diagnostic>,
        files: usize,
        fail_on: Option<Severity>,
    ) -> Self {
        let mut summary = Summary {
            files,
            findings: findings.len(),
            ..Summary::default()
        };
        for f in &findings {
            match f.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
            *summary.by_family.entry(f.family().to_string()).or_default() += 1;
            *summary.by_rule.entry(f.rule.to_string()).or_default() += 1;
        }
        Report {
            version: SCHEMA_VERSION,
            tool: Tool {
                name: "candor",
                version: crate::VERSION,
            },
            findings,
            diagnostics,
            summary,
            scorecard: None,
            fail_on,
        }
    }

    /// Whether any finding is at or above `threshold`.
    pub fn fails(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= threshold)
    }

    /// The JSON report (pretty, with a trailing newline).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("report serializes");
        s.push('\n');
        s
    }
}
