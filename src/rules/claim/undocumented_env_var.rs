use super::common;
use crate::finding::{Finding, Related};
use crate::rules::{RepoContext, Rule};
use crate::workspace::Language;

crate::declare_rule! {
    /// ## What it does
    /// When a document has a configuration table (a table whose first
    /// column, headed variable, env, name, key or setting, lists
    /// environment variables), it claims to list the configuration; this
    /// rule then reports each environment variable production code reads
    /// (Python, JavaScript/TypeScript, Rust; see `claim/unread-env-var`
    /// for the reads recognised) that no document mentions anywhere. The
    /// finding is at the first read, with the table as the related
    /// location.
    ///
    /// Reads in tests, variables runtimes and tools read themselves
    /// (`NODE_ENV`, `CI`, `PYTHON*`), and repositories whose documents have
    /// no configuration table are not judged: a README need not document
    /// every variable, only one that says it does. A table covers the code
    /// of its document's folder (a README in `examples/client/` lists that
    /// client's variables; one at the root or under `docs/` the whole
    /// repository's).
    ///
    /// ## Why is this bad?
    /// The operator configures what the table lists and the service reads
    /// something else too, falling back to a default nobody chose.
    ///
    /// ## Example
    /// ```python
    /// timeout = int(os.environ.get("UPSTREAM_TIMEOUT", "5"))
    /// ```
    /// with a README table listing only `DATABASE_URL` and `API_TOKEN`.
    ///
    /// ## How to fix
    /// Add the variable to the table, or stop reading it.
    pub struct UndocumentedEnvVar {
        id: "claim/undocumented-env-var",
        severity: Info,
        summary: "Code reads an environment variable the documentation's configuration table leaves out",
    }
}

impl Rule for UndocumentedEnvVar {
    fn check_repo(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let ins = repo.memo.instructions(repo);
        let vars = ins.documented_vars(repo);
        // A table claims to list the configuration of its document's
        // project folder (the root for docs/ and .github/): an example's
        // README table lists the example's variables.
        let tables: Vec<(String, &super::instructions::DocVar)> = vars
            .iter()
            .filter(|v| v.table)
            .map(|v| (super::instructions::base_dir(&repo.files[v.file].rel), v))
            .collect();
        if tables.is_empty() {
            return;
        }
        // Each table's folder with its `/`, made once (asked per file).
        let folders: Vec<String> = tables.iter().map(|t| format!("{}/", t.0)).collect();
        let table_for = |rel: &str| {
            let mut best: Option<&(String, &super::instructions::DocVar)> = None;
            for (t, folder) in tables.iter().zip(&folders) {
                let covers = t.0.is_empty() || rel.starts_with(folder.as_str());
                if covers && best.is_none_or(|b| t.0.len() > b.0.len()) {
                    best = Some(t);
                }
            }
            best.map(|(_, v)| *v)
        };
        let docs: Vec<&str> = ins
            .docs
            .iter()
            .map(|d| repo.files[d.file].text.as_str())
            .collect();
        let mentioned = |name: &str| {
            docs.iter().any(|t| {
                t.match_indices(name).any(|(i, _)| {
                    let before = t[..i].chars().last();
                    let after = t[i + name.len()..].chars().next();
                    let ident = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
                    !ident(before) && !ident(after)
                })
            })
        };
        let mut seen = std::collections::BTreeSet::new();
        for (i, facts) in repo.index.files.iter().enumerate() {
            let f = &repo.files[i];
            if facts.is_test
                || !matches!(f.language, Language::Python | Language::TypeScript | Language::Rust)
            {
                continue;
            }
            let Some(table) = table_for(&f.rel) else {
                continue;
            };
            for r in &facts.env_reads {
                if r.prefix
                    || !super::instructions::is_env_name(&r.name)
                    || super::instructions::read_by_tools(&r.name)
                    || seen.contains(&r.name)
                    || mentioned(&r.name)
                {
                    continue;
                }
                seen.insert(r.name.clone());
                let msg = format!(
                    "`{}` is read here, but the configuration table at {} does not list it (nor does any document mention it)",
                    r.name,
                    common::location(repo, table.file, table.range.start)
                );
                out.push(
                    Finding::new(Self::META.id, Self::META.severity, f, r.span.clone(), msg)
                        .with_related(vec![Related::new(
                            &repo.files[table.file],
                            table.range.clone(),
                            "the configuration table".to_string(),
                        )])
                        .with_fix("add the variable to the configuration table"),
                );
            }
        }
    }
}
