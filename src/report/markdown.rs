//! Markdown: the scorecard table and findings grouped by family, for PR
//! comments and job summaries. GitHub mode calls `render(report, max_chars)`.
//! Documented instructions that do not work
//! ([`crate::rules::claim::INSTRUCTION_RULES`]) have their own section,
//! "Docs that do not work", after the families.
//!
//! Each family lists its first [`SHOWN_PER_FAMILY`] findings; the rest go
//! in a collapsed `<details>` block. When the whole text would exceed
//! `max_chars`, findings are dropped from the end and a note says how many.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::Report;
use crate::finding::Finding;

/// GitHub's cap on an issue comment body.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// Findings shown per family before the rest are collapsed.
pub const SHOWN_PER_FAMILY: usize = 20;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '<' | '>' | '*' | '_' | '`' | '|' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out.replace('\n', " ")
}

fn line(f: &Finding) -> String {
    let mut out = format!(
        "- **{}** `{}:{}:{}` {}\n",
        f.rule,
        f.path.replace('`', "'"),
        f.line,
        f.column,
        escape(&f.message)
    );
    for r in &f.related {
        out.push_str(&format!(
            "  - also `{}:{}:{}` {}\n",
            r.path.replace('`', "'"),
            r.line,
            r.column,
            escape(&r.message)
        ));
    }
    out
}

/// The section key of the instruction findings (sorts after the families).
const DOCS_GROUP: &str = "~docs";

/// The report as Markdown of at most `max_chars` characters.
pub fn render(report: &Report, max_chars: usize) -> String {
    let mut head = String::from("## candor\n\n");
    if let Some(card) = &report.scorecard {
        head.push_str(&card.markdown_table());
        head.push('\n');
    }
    let s = &report.summary;
    let _ = writeln!(
        head,
        "{} finding{} ({} error{}, {} warning{}, {} info) in {} files.\n",
        s.findings,
        if s.findings == 1 { "" } else { "s" },
        s.errors,
        if s.errors == 1 { "" } else { "s" },
        s.warnings,
        if s.warnings == 1 { "" } else { "s" },
        s.infos,
        s.files
    );
    let mut by_family: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    // Instructions that do not work (commands, links, variables, versions)
    // get their own section: a reader acts on them.
    for f in &report.findings {
        let group = if crate::rules::claim::INSTRUCTION_RULES.contains(&f.rule) {
            DOCS_GROUP
        } else {
            f.family()
        };
        by_family.entry(group).or_default().push(f);
    }
    // Blocks in order; each block is a unit that fits or is dropped.
    let mut blocks: Vec<(String, usize)> = Vec::new();
    for (family, fs) in &by_family {
        let title = if *family == DOCS_GROUP {
            format!("### Docs that do not work ({})\n\n", fs.len())
        } else {
            format!("### {family}/ ({})\n\n", fs.len())
        };
        blocks.push((title, 0));
        for f in fs.iter().take(SHOWN_PER_FAMILY) {
            blocks.push((line(f), 1));
        }
        if fs.len() > SHOWN_PER_FAMILY {
            blocks.push((
                format!(
                    "\n<details><summary>{} more {} findings</summary>\n\n",
                    fs.len() - SHOWN_PER_FAMILY,
                    if *family == DOCS_GROUP {
                        "docs".to_string()
                    } else {
                        format!("{family}/")
                    }
                ),
                0,
            ));
            for f in &fs[SHOWN_PER_FAMILY..] {
                blocks.push((line(f), 1));
            }
            blocks.push(("\n</details>\n".to_string(), 0));
        }
        blocks.push(("\n".to_string(), 0));
    }
    let total_findings = report.findings.len();
    let budget = |shown: usize| {
        let note = truncation_note(total_findings - shown);
        max_chars.saturating_sub(note.chars().count() + "\n</details>\n".len())
    };
    let mut out = head;
    if out.chars().count() > max_chars {
        return out.chars().take(max_chars).collect();
    }
    let mut shown = 0;
    let mut open_details = false;
    let mut truncated = false;
    let mut used = out.chars().count();
    for (text, n) in &blocks {
        let len = text.chars().count();
        if used + len > budget(shown) {
            truncated = true;
            break;
        }
        if text.contains("<details>") {
            open_details = true;
        }
        if text.contains("</details>") {
            open_details = false;
        }
        out.push_str(text);
        used += len;
        shown += n;
    }
    if truncated {
        if open_details {
            out.push_str("\n</details>\n");
        }
        out.push_str(&truncation_note(total_findings - shown));
    }
    out
}

fn truncation_note(omitted: usize) -> String {
    format!(
        "\n_Report truncated to fit GitHub's comment limit: {omitted} more finding{} not shown; see the full report (`candor check --format json`)._\n",
        if omitted == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::workspace::SourceFile;

    fn report(n: usize) -> Report {
        let config = Config::default();
        let file = SourceFile::new(
            "a.md".into(),
            "a.md".into(),
            "x\n".repeat(10),
            &config.tiers,
        );
        let findings: Vec<Finding> = (0..n)
            .map(|i| {
                Finding::new(
                    if i % 2 == 0 {
                        "claim/unsupported-readiness"
                    } else {
                        "secret/private-key"
                    },
                    crate::Severity::Warning,
                    &file,
                    0..1,
                    format!(
                        "message {i} with <html> and a long tail {}",
                        "x".repeat(100)
                    ),
                )
            })
            .collect();
        Report::new(findings, Vec::new(), 1, config.fail_on)
    }

    #[test]
    fn groups_collapses_and_truncates() {
        let r = report(60);
        let md = render(&r, GITHUB_COMMENT_LIMIT);
        assert!(md.contains("### claim/ (30)"));
        assert!(md.contains("<details><summary>10 more claim/ findings</summary>"));
        assert!(md.contains("\\<html\\>"));
        assert!(!md.contains("truncated"));
        let small = render(&r, 3000);
        assert!(small.chars().count() <= 3000, "{}", small.chars().count());
        assert!(small.contains("_Report truncated"));
        assert_eq!(
            small.matches("<details>").count(),
            small.matches("</details>").count()
        );
        let huge = render(&report(2000), GITHUB_COMMENT_LIMIT);
        assert!(huge.chars().count() <= GITHUB_COMMENT_LIMIT);
        assert!(huge.contains("_Report truncated"));
    }

    #[test]
    fn instruction_findings_have_their_own_section() {
        let config = Config::default();
        let file = SourceFile::new(
            "README.md".into(),
            "README.md".into(),
            "x\n".repeat(10),
            &config.tiers,
        );
        let finding = |rule: &'static str| {
            Finding::new(
                rule,
                crate::Severity::Warning,
                &file,
                2..3,
                format!("{rule} message"),
            )
        };
        let findings = vec![
            finding("claim/broken-link"),
            finding("claim/unsupported-readiness"),
            finding("claim/unknown-command"),
            finding("secret/private-key"),
        ];
        let md = render(
            &Report::new(findings, Vec::new(), 1, config.fail_on),
            GITHUB_COMMENT_LIMIT,
        );
        let claim = md.find("### claim/ (1)").expect(&md);
        let docs = md.find("### Docs that do not work (2)").expect(&md);
        let secret = md.find("### secret/ (1)").expect(&md);
        assert!(claim < secret && secret < docs, "{md}");
        let section = &md[docs..];
        assert!(
            section.contains("**claim/broken-link** `README.md:2:1`"),
            "{md}"
        );
        assert!(section.contains("**claim/unknown-command**"), "{md}");
        assert!(!section.contains("unsupported-readiness"), "{md}");
    }
}
