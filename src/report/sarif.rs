//! SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.
//!
//! One run; `tool.driver.rules` lists the rules that have results (id, name,
//! descriptions, `helpUri`, `help.text`/`help.markdown` from the rule's doc
//! comment, default level, tags, and `security-severity` for `secret/`
//! rules). Each result carries `partialFingerprints` from
//! [`Finding::fingerprint`](crate::Finding), which hashes rule, path and the
//! normalized (redacted) line, so alerts survive line shifts. Columns are
//! Unicode code points (`columnKind`), 1-based, end column exclusive.

use serde_json::{Value, json};
use std::collections::BTreeMap;

use super::Report;
use crate::finding::{Finding, Severity};
use crate::rules::RuleMeta;

/// The schema URI written in `$schema`.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF `level` for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// GitHub's `security-severity` (0.0–10.0, as a string) for secret rules:
/// error → critical, warning → high, info → medium.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "9.0",
        Severity::Warning => "7.5",
        Severity::Info => "5.0",
    }
}

fn rule_descriptor(id: &str, meta: Option<&RuleMeta>, severity: Severity) -> Value {
    let Some(meta) = meta else {
        // A rule id that is not in the registry (should not happen): keep
        // the log valid with what we know.
        return json!({
            "id": id,
            "shortDescription": {"text": id},
            "defaultConfiguration": {"level": level(severity)},
        });
    };
    let doc = meta.documentation();
    let mut tags = vec![meta.family().to_string()];
    let mut properties = serde_json::Map::new();
    if meta.family() == "secret" {
        tags.insert(0, "security".to_string());
        properties.insert(
            "security-severity".into(),
            json!(security_severity(meta.severity)),
        );
    }
    properties.insert("tags".into(), json!(tags));
    let summary = format!("{}.", meta.summary.trim_end_matches('.'));
    json!({
        "id": meta.id,
        "name": meta.name(),
        "shortDescription": {"text": summary},
        "fullDescription": {"text": full_description(&doc, &summary)},
        "helpUri": meta.help_uri(),
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": level(meta.severity)},
        "properties": properties,
    })
}

/// The first paragraph under "What it does", or the summary.
fn full_description(doc: &str, summary: &str) -> String {
    let mut lines = doc
        .lines()
        .skip_while(|l| !l.starts_with("## What it does"));
    if lines.next().is_some() {
        let para: Vec<&str> = lines
            .skip_while(|l| l.trim().is_empty())
            .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(str::trim)
            .collect();
        if !para.is_empty() {
            return para.join(" ");
        }
    }
    summary.to_string()
}

fn result(f: &Finding, rule_index: usize) -> Value {
    let mut message = f.message.clone();
    if let Some(fix) = &f.fix {
        message.push_str(&format!("\nFix: {fix}"));
    }
    let related: Vec<Value> = f
        .related
        .iter()
        .enumerate()
        .map(|(i, r)| {
            json!({
                "id": i,
                "message": {"text": r.message},
                "physicalLocation": {
                    "artifactLocation": {"uri": uri(&r.path), "uriBaseId": "%SRCROOT%"},
                    "region": {
                        "startLine": r.line,
                        "startColumn": r.column,
                        "endLine": r.end_line.max(r.line),
                        "endColumn": if r.end_line <= r.line { r.end_column.max(r.column) } else { r.end_column.max(1) },
                    },
                },
            })
        })
        .collect();
    let mut result = json!({
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": {"text": message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri(&f.path), "uriBaseId": "%SRCROOT%"},
                "region": {
                    "startLine": f.line,
                    "startColumn": f.column,
                    "endLine": f.end_line.max(f.line),
                    "endColumn": if f.end_line <= f.line { f.end_column.max(f.column) } else { f.end_column.max(1) },
                },
            },
        }],
        "partialFingerprints": {"candor/v1": f.fingerprint},
    });
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    result
}

/// A relative path as a URI reference: `/`-separated, with the characters
/// URIs reserve percent-encoded.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The report as a SARIF 2.1.0 log (pretty JSON, trailing newline).
pub fn render(report: &Report) -> String {
    let mut ids: BTreeMap<&str, Severity> = BTreeMap::new();
    for f in &report.findings {
        ids.entry(f.rule).or_insert(f.severity);
    }
    let index: BTreeMap<&str, usize> = ids.keys().enumerate().map(|(i, id)| (*id, i)).collect();
    let rules: Vec<Value> = ids
        .iter()
        .map(|(id, sev)| rule_descriptor(id, crate::rules::find(id), *sev))
        .collect();
    let mut findings: Vec<&Finding> = report.findings.iter().collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let results: Vec<Value> = findings.iter().map(|f| result(f, index[f.rule])).collect();
    let notifications: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            json!({
                "level": "warning",
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&d.path), "uriBaseId": "%SRCROOT%"}}}],
            })
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "candor",
                "version": report.tool.version,
                "semanticVersion": report.tool.version,
                "informationUri": "https://github.com/candor-dev/candor",
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&log).expect("SARIF serializes");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_encodes_reserved_characters() {
        assert_eq!(uri("./a b/c#d.py"), "a%20b/c%23d.py");
        assert_eq!(uri("src\\x.rs"), "src/x.rs");
    }

    #[test]
    fn full_description_is_the_first_paragraph() {
        let doc = "## What it does\nFinds a\nthing.\n\nMore.\n## Why\nx\n";
        assert_eq!(full_description(doc, "s"), "Finds a thing.");
        assert_eq!(full_description("nothing", "s."), "s.");
    }
}
