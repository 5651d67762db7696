use super::common;
use crate::finding::Finding;
use crate::rules::{RepoContext, Rule};
use crate::text::did_you_mean;

crate::declare_rule! {
    /// ## What it does
    /// Finds environment variables a document declares — in a
    /// configuration table (a first column headed variable, env, name,
    /// key, setting), as the code that leads a list item
    /// (`` - `API_KEY` — the key ``), or as `export NAME=` / `NAME=value`
    /// lines of shell and dotenv code blocks — that nothing in the
    /// repository reads. Reads come from parsed code (Python
    /// `os.environ[...]`, `os.getenv`, env-library calls and click
    /// `envvar=`; JavaScript `process.env.X`, `import.meta.env.X`,
    /// destructuring; Rust `std::env::var`, `env!`, clap `env = "X"`),
    /// compose `environment:` and `${X}` interpolation, Dockerfile
    /// `ENV`/`ARG`, `$X` in scripts, Makefiles and CI files, and GitHub
    /// Actions workflows' `${{ secrets.X }}`, `${{ vars.X }}`, `env.X` and
    /// `env:` keys (a secret the deploy workflow passes on). A read
    /// of a prefix (`env_prefix="APP_"`, click `auto_envvar_prefix`)
    /// covers every variable with that prefix, and a string literal of
    /// production code that is exactly the name (a constant or a helper's
    /// argument that reaches the read) counts as a read.
    ///
    /// Variables that runtimes, shells, package managers, CI systems and
    /// cloud SDKs read themselves (`PATH`, `NODE_ENV`, `RUST_LOG`,
    /// `AWS_*`, `PYTHON*`), sections under roadmap or plan headings and
    /// changelogs are not checked. Tables and list items count only when
    /// they or their section say "env"/"variable" (otherwise
    /// `SESSION_COOKIE_SECURE` is as likely a configuration key). A
    /// variable that a document's own example code (Python, JavaScript,
    /// compose) names is the reader's. A library's documentation describes
    /// the reader's application, so the rule judges a repository that ships
    /// a service (a Dockerfile, compose file, Procfile or `.env.example`
    /// outside example folders), a variable with the package's own prefix
    /// (`INSTRUCTOR_DEBUG` in `instructor`), or one with the prefix of
    /// variables the code reads (`UVICORN_HOST` next to `UVICORN_APP`)
    /// unless a dependency is named so (`MODAL_TOKEN_ID` next to a `modal`
    /// dependency is the SDK's). A repository with no code
    /// candor parses is not judged.
    ///
    /// ## Why is this bad?
    /// The operator sets `API_KEY` as the README says and the service
    /// starts without it, because the code reads `SERVICE_TOKEN`.
    ///
    /// ## Example
    /// ```markdown
    /// | Variable  | Meaning          |
    /// |-----------|------------------|
    /// | `API_KEY` | the upstream key |
    /// ```
    /// with `token = os.environ["SERVICE_TOKEN"]` the only read.
    ///
    /// ## How to fix
    /// Document the variable the code reads, or remove the stale entry.
    pub struct UnreadEnvVar {
        id: "claim/unread-env-var",
        severity: Warning,
        summary: "Documented environment variable that nothing in the repository reads",
    }
}

impl Rule for UnreadEnvVar {
    fn check_repo(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let code_files = repo.files.iter().any(|f| {
            matches!(
                f.language,
                crate::workspace::Language::Python
                    | crate::workspace::Language::TypeScript
                    | crate::workspace::Language::Rust
            ) && !f.tier.is_test()
        });
        if !code_files {
            return;
        }
        let ins = repo.memo.instructions(repo);
        let reads: Vec<&crate::index::env_reads::EnvRead> =
            repo.index.files.iter().flat_map(|f| &f.env_reads).collect();
        let read = |name: &str| {
            reads.iter().any(|r| {
                if r.prefix {
                    name.starts_with(&r.name)
                } else {
                    r.name == name
                }
            })
        };
        let mut names: Vec<&str> = reads
            .iter()
            .filter(|r| !r.prefix)
            .map(|r| r.name.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        // A service (it ships a Dockerfile, compose file, Procfile or an
        // env template) documents its own variables; a library's docs
        // document the reader's, unless the variable has the prefix of
        // ones the library reads (`UVICORN_HOST` next to `UVICORN_APP`).
        // A Dockerfile of an example is the example's.
        let deploys = ins.project.files.iter().any(|f| {
            let n = super::project::file_name(f);
            !super::analysis::is_example(f)
                && (n == "Dockerfile"
                || n.starts_with("Dockerfile.")
                || n == "Procfile"
                || super::project::is_compose_file(n)
                || n == ".env.example"
                || n == ".env.sample"
                || n == ".env.template"
                || n == "fly.toml"
                || n == "render.yaml"
                || n == "app.yaml")
        });
        let production: Vec<&str> = repo
            .index
            .files
            .iter()
            .filter(|f| !f.is_test)
            .flat_map(|f| &f.env_reads)
            .filter(|r| !r.prefix)
            .map(|r| r.name.as_str())
            .collect();
        // `APP_` of a package named `app` is the package's own prefix; a
        // prefix named after a dependency (`MODAL_`, `LANGCHAIN_`) is that
        // SDK's, even when the code reads one of its variables too.
        let env_prefix = |package: &str| {
            package
                .to_ascii_uppercase()
                .replace(['-', '.'], "_")
                .split('_')
                .next()
                .unwrap_or("")
                .to_string()
        };
        let p = &ins.project;
        let own: Vec<String> = p
            .npm
            .iter()
            .filter_map(|n| n.name.as_deref())
            .map(|n| n.rsplit('/').next().unwrap_or(n))
            .chain(p.python.iter().filter_map(|n| n.name.as_deref()))
            .chain(p.crates.iter().filter_map(|n| n.name.as_deref()))
            .map(env_prefix)
            .filter(|n| n.len() >= 3)
            .collect();
        let dependencies: Vec<String> = p
            .npm
            .iter()
            .flat_map(|n| &n.dependencies)
            .map(|d| d.rsplit('/').next().unwrap_or(d))
            .chain(p.python.iter().flat_map(|n| n.dependencies.iter().map(String::as_str)))
            .map(env_prefix)
            .collect();
        let family = |name: &str| {
            let prefix = name.split('_').next().unwrap_or("");
            own.iter().any(|o| o == prefix)
                || (prefix.len() >= 3
                    && !dependencies.iter().any(|d| d == prefix)
                    && production
                        .iter()
                        .any(|n| n.split('_').next() == Some(prefix) && n.contains('_')))
        };
        let mut seen = std::collections::BTreeSet::new();
        for v in ins.documented_vars(repo) {
            if read(&v.name)
                || ins.project.ci_reads.contains(&v.name)
                || literal_in_code(repo, &v.name)
                || super::instructions::read_by_tools(&v.name)
                || !(deploys || family(&v.name))
                || ins.example_code_names(&v.name)
                || !seen.insert((v.file, v.name.clone()))
            {
                continue;
            }
            let msg = format!(
                "`{}` is documented, but no code, compose file, Dockerfile or script of the repository reads it{}",
                v.name,
                did_you_mean(&v.name, names.iter().copied())
            );
            out.push(
                common::finding(repo, &Self::META, v.file, v.range.clone(), msg)
                    .with_fix("document the variable the code reads, or drop this one"),
            );
        }
    }
}

/// Whether production code holds `name` as a whole string literal
/// (`"X"`, `'X'`): a constant or a helper's argument that reaches the read
/// (`ENV_CONFIG_DIR = "APP_CONFIG_DIR"` then `os.environ.get(ENV_CONFIG_DIR)`,
/// `flag("APP_DEBUG")` wrapping `os.getenv`), which the read itself does not
/// name.
fn literal_in_code(repo: &RepoContext, name: &str) -> bool {
    use crate::lexical::{Region, Regions, Syntax};
    use crate::workspace::Language;
    repo.files
        .iter()
        .filter(|f| {
            !f.tier.is_test()
                && matches!(
                    f.language,
                    Language::Python | Language::TypeScript | Language::Rust
                )
        })
        .any(|f| {
            let mut regions = None;
            ['"', '\''].iter().any(|q| {
                f.text
                    .match_indices(&format!("{q}{name}{q}"))
                    .any(|(i, _)| {
                        regions
                            .get_or_insert_with(|| Regions::new(Syntax::for_path(&f.rel), &f.text))
                            .at(i + 1)
                            == Region::String
                    })
            })
        })
}
