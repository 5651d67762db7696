use super::common;
use super::evidence;
use crate::finding::Finding;
use crate::rules::{RepoContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds status-table rows that mark a component done (a status cell
    /// with ✅, READY, COMPLETE, VALIDATED, DONE, IMPLEMENTED) when the
    /// component is a stub. The component name in the row's first cell
    /// ("Fraud scoring", "RAG System") is resolved to a Python package or
    /// module by its joined words (`fraud_scoring`) or a distinctive word
    /// (`fraud`, `rag`); it is a stub when every Python file in it holds only
    /// imports, docstrings, `__all__`, `pass`, `...`,
    /// `raise NotImplementedError`, or functions and classes with only
    /// those bodies (an empty package with only `__init__.py` is one).
    ///
    /// Names that resolve to nothing are left alone (a component may be
    /// described by another name); rows under roadmap/plan/target headings
    /// and rows marked ❌/⚠️/PARTIAL are not claims.
    ///
    /// ## Why is this bad?
    /// "✅ READY" next to an empty package is the most direct overclaim: the
    /// status table is what managers read, and the code is not there.
    ///
    /// ## Example
    /// ```markdown
    /// | Component     | Status       |
    /// |---------------|--------------|
    /// | Fraud scoring | ✅ VALIDATED |
    /// ```
    /// with `app/fraud/__init__.py` as the only file of `app/fraud/`.
    ///
    /// ## How to fix
    /// Implement the component, or mark the row for what it is (❌ NOT
    /// STARTED, ⚠️ STUB).
    pub struct StubMarkedComplete {
        id: "claim/stub-marked-complete",
        severity: Error,
        summary: "Status table marks a stub component as done",
    }
}

impl Rule for StubMarkedComplete {
    fn check_late(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let claims = repo.memo.claims(repo);
        for row in &claims.rows {
            let Some((path, true, n)) = evidence::resolve_component(repo, &row.component) else {
                continue;
            };
            let msg = format!(
                "\"{}\" is marked \"{}\" but {path} is a stub ({n} Python file{} with only empty or placeholder bodies)",
                row.component,
                row.status,
                if n == 1 { "" } else { "s" }
            );
            out.push(
                common::finding(repo, &Self::META, row.file, row.range.clone(), msg)
                    .with_fix("implement the component or mark the row as not started"),
            );
        }
    }
}
