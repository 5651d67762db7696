use crate::rules::Rule;

crate::declare_rule! {
    /// ## What it does
    /// Reports `candor: ignore[...]` comments that suppress nothing: the rule
    /// they name did not fire on that line or the next, or no such rule
    /// exists. Off by default; turn it on with
    /// `--report-unused-suppressions` (or select it in the configuration).
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real finding on that line, and a
    /// misspelled rule id suppresses nothing while looking like it does.
    ///
    /// ## Example
    /// ```python
    /// API_URL = "https://api.example.com"  # candor: ignore[secret/generic-api-key]
    /// ```
    ///
    /// ## How to fix
    /// Delete the comment, or correct the rule id (`candor rules` lists them).
    pub struct UnusedSuppression {
        id: "candor/unused-suppression",
        severity: Warning,
        summary: "Suppression comment that suppresses nothing",
        default_enabled: false,
    }
}

/// Raised by the suppression pass (see `crate::suppression`), not by a check.
impl Rule for UnusedSuppression {
}
