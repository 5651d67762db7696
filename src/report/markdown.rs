//! Markdown: the scorecard table and findings grouped by family, for PR
//! comments and job summaries.
//!
//! INTERFACE SKELETON (owned by the claim/scorecard work): GitHub mode calls
//! `render(report, max_chars)`.

use std::fmt::Write;

use super::Report;

/// GitHub's cap on an issue comment body.
pub const GITHUB_COMMENT_LIMIT: usize = 65_536;

/// The report as Markdown of at most `max_chars` characters.
pub fn render(report: &Report, max_chars: usize) -> String {
    let mut out = String::from("## candor\n\n");
    if let Some(card) = &report.scorecard {
        out.push_str(&card.markdown_table());
        out.push('\n');
    }
    for f in &report.findings {
        let _ = writeln!(
            out,
            "- `{}:{}:{}` **{}** {}",
            f.path, f.line, f.column, f.rule, f.message
        );
    }
    if out.chars().count() > max_chars {
        out = out.chars().take(max_chars.saturating_sub(40)).collect();
        out.push_str("\n\n_Report truncated._\n");
    }
    out
}
