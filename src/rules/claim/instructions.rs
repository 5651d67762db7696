//! What the documents tell a reader to do: the commands of their shell
//! code blocks and inline code (split into words that keep their source
//! bytes, with the folder each runs in), their links, and the project they
//! are checked against. Shared by the `claim/` rules about instructions
//! that do not work; built once per scan ([`crate::rules::RepoMemo`]).

use std::ops::Range;

use super::analysis::{
    in_folders, is_agent_file, is_archived, is_doc, is_translated_readme, superseded_folders,
};
use super::phrases::Phrases;
use super::project::{self, Project};
use crate::lang::doc_elements::{self, Elements};
use crate::rules::RepoContext;
use crate::workspace::Language;

/// One document and its elements.
#[derive(Debug)]
pub struct Doc {
    pub file: usize,
    pub elements: Elements,
    /// A changelog, release notes or upgrade guide: it names what used to
    /// exist, so commands, variables and versions in it are history.
    pub history: bool,
    /// The document shows a manifest of its own — a package.json with
    /// `"scripts"`, a compose file with `services:`, a Makefile — so its
    /// commands may be about the reader's project, not this one.
    pub shows_scripts: bool,
    pub shows_services: bool,
    pub shows_makefile: bool,
}

/// A word of a command and its source bytes.
#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub range: Range<usize>,
}

/// A command a document shows.
#[derive(Debug, Clone)]
pub struct DocCommand {
    pub file: usize,
    /// Words after environment assignments and wrappers (`sudo`, `env`,
    /// `uv run`, `poetry run`) are removed.
    pub words: Vec<Word>,
    /// The folder it runs in (relative to the root): `cd` in the block,
    /// or the document's project folder.
    pub cwd: String,
    /// The folder was set by `cd` (not assumed from the document).
    pub explicit_cwd: bool,
}

impl DocCommand {
    pub fn program(&self) -> &str {
        self.words.first().map_or("", |w| w.text.as_str())
    }
}

#[derive(Debug, Default)]
pub struct Instructions {
    pub project: Project,
    pub docs: Vec<Doc>,
    pub commands: Vec<DocCommand>,
}

/// Shell code blocks: `sh`, `bash`, `shell`, `zsh`, `console` and no info
/// string (reST `code-block:: bash`, `::` blocks only for `$ ` lines).
fn shell_block(info: &str) -> Option<bool> {
    match info {
        "sh" | "bash" | "shell" | "zsh" | "" => Some(false),
        "console" | "shell-session" | "shellsession" | "terminal" | "literal" => Some(true),
        _ => None,
    }
}

fn is_history(rel: &str) -> bool {
    let name = project::file_name(rel).to_ascii_lowercase();
    [
        "changelog",
        "changes",
        "history",
        "news",
        "release",
        "upgrad",
        "migrat",
        "whatsnew",
        "what's-new",
        "authors",
    ]
    .iter()
    .any(|p| name.starts_with(p))
        || rel.to_ascii_lowercase().split('/').any(|d| {
            matches!(
                d,
                "changelog"
                    | "changes"
                    | "releases"
                    | "release-notes"
                    | "news"
                    | "upgrading"
                    | "upgrade"
                    | "migration"
                    | "migrations"
                    | "migrating"
            )
        })
}

/// Whether a document sits in a template folder (`templates/`,
/// `template-agents/`, `.github/ISSUE_TEMPLATE/`): it is written for the
/// project made from it, so its commands, links and variables are that
/// project's.
fn in_template(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    let mut dirs = lower.split('/').rev().skip(1);
    dirs.any(|d| {
        matches!(d, "template" | "templates")
            || ["template-", "template_", "templates-", "templates_"]
                .iter()
                .any(|p| d.starts_with(p))
            || ["-template", "_template", "-templates", "_templates"]
                .iter()
                .any(|p| d.ends_with(p))
    })
}

/// The folder a document's commands run in: its own folder, except for
/// documentation folders, whose commands run at the root.
pub fn base_dir(rel: &str) -> String {
    let dir = project::parent(rel);
    let first = dir.split('/').next().unwrap_or("");
    if matches!(
        first.to_ascii_lowercase().as_str(),
        "docs" | "doc" | "documentation" | ".github" | "guides" | "website"
    ) {
        String::new()
    } else {
        dir.to_string()
    }
}

pub fn collect(repo: &RepoContext) -> Instructions {
    let mut out = Instructions {
        project: Project::build(repo),
        ..Instructions::default()
    };
    // Compiled on the first document (a scan without any builds none).
    let compiled = std::cell::OnceCell::new();
    // Old releases' documentation and translations repeat what the current
    // English pages say: each instruction is judged once, where it is
    // current.
    let superseded = superseded_folders(repo.files);
    for (i, f) in repo.files.iter().enumerate() {
        // Documents among the tests are test data.
        if !is_doc(f)
            || f.tier.is_test()
            || is_agent_file(&f.rel)
            || is_archived(&f.rel)
            || in_template(&f.rel)
            || in_folders(&f.rel, &superseded)
            || is_translated_readme(&f.rel)
        {
            continue;
        }
        let phrases = compiled.get_or_init(|| Phrases::get(&repo.settings.claim));
        let elements = if f.language == Language::Markdown {
            doc_elements::markdown(&crate::lang::markdown::without_mdx_comments(
                &f.rel, &f.text,
            ))
        } else {
            doc_elements::rst(&f.text)
        };
        let history = is_history(&f.rel);
        if !history {
            let base = base_dir(&f.rel);
            let skip = |headings: &[String]| headings.iter().any(|h| phrases.sections.is_match(h));
            let mut state = DocState::default();
            for b in &elements.code_blocks {
                let Some(prompts) = shell_block(&b.info) else {
                    continue;
                };
                if skip(&b.headings) {
                    continue;
                }
                // A block in the section (or below) where an earlier block
                // left for another project is about that project.
                if state
                    .elsewhere
                    .as_ref()
                    .is_some_and(|h| b.headings.starts_with(h))
                {
                    continue;
                }
                state.elsewhere = None;
                let lines: Vec<(&str, Option<usize>)> = b
                    .lines
                    .iter()
                    .map(|l| (l.text.as_str(), l.offset))
                    .collect();
                if !block_commands(
                    i,
                    &lines,
                    prompts,
                    &base,
                    &out.project,
                    &mut state,
                    &mut out.commands,
                ) {
                    state.elsewhere = Some(b.headings.clone());
                }
            }
            for c in &elements.inline_code {
                // `up|run|exec` in prose is notation for alternatives,
                // not a pipeline into a program named `run`.
                if skip(&c.headings)
                    || c.text.contains('\n')
                    || c.text
                        .split_whitespace()
                        .any(|w| w.len() > 1 && w.contains('|'))
                {
                    continue;
                }
                let line = c.text.strip_prefix("$ ").unwrap_or(&c.text);
                let at = c.range.start + (c.text.len() - line.len());
                if f.text.get(at..at + line.len()) != Some(line) {
                    continue;
                }
                for words in split(line, at) {
                    // A lone path in prose (`scripts/build.mjs`) names a
                    // file; `./scripts/test` tells the reader to run it.
                    if words.len() == 1 && !words[0].text.starts_with("./") {
                        continue;
                    }
                    if let Some(words) = strip_wrappers(words) {
                        out.commands.push(DocCommand {
                            file: i,
                            words,
                            cwd: base.clone(),
                            explicit_cwd: false,
                        });
                    }
                }
            }
        }
        let shows = |pred: &dyn Fn(&str, &str) -> bool| {
            elements.code_blocks.iter().any(|b| {
                let text: String = b
                    .lines
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n");
                pred(&b.info, &text)
            })
        };
        let shows_scripts = shows(&|_, t| t.contains("\"scripts\""));
        let shows_services = shows(&|info, t| {
            matches!(info, "yaml" | "yml" | "") && t.lines().any(|l| l.trim_end() == "services:")
        });
        let shows_makefile = shows(&|info, _| matches!(info, "makefile" | "make" | "mk"));
        out.docs.push(Doc {
            file: i,
            elements,
            history,
            shows_scripts,
            shows_services,
            shows_makefile,
        });
    }
    out
}

/// Programs whose run leaves the reader inside another, new project:
/// later commands of the block are about that one.
fn creates_project(words: &[Word]) -> bool {
    let w = |i: usize| words.get(i).map_or("", |w| w.text.as_str());
    match w(0) {
        "npx" | "pnpx" | "bunx" => w(1).starts_with("create-") || w(1) == "degit",
        "npm" | "pnpm" | "yarn" | "bun" => matches!(w(1), "create" | "init"),
        "cargo" => matches!(w(1), "new" | "init" | "generate"),
        "django-admin" => w(1) == "startproject",
        "rails" | "ng" => w(1) == "new",
        "vue" => w(1) == "create",
        "poetry" | "uv" | "hatch" | "pdm" => matches!(w(1), "new" | "init"),
        "cookiecutter" | "copier" | "degit" | "mkdir" => true,
        _ => false,
    }
}

/// What one document's earlier blocks established.
#[derive(Default)]
struct DocState {
    /// Folders `git clone` of this repository created: `cd` into one is
    /// the root.
    clone_dirs: Vec<String>,
    /// The headings of the block that left for another project.
    elsewhere: Option<Vec<String>>,
}

/// Pushes the commands of one block; `false` when the block ends in
/// another project (one it created, cloned or `cd`'d into).
fn block_commands(
    file: usize,
    lines: &[(&str, Option<usize>)],
    prompts: bool,
    base: &str,
    project: &Project,
    state: &mut DocState,
    out: &mut Vec<DocCommand>,
) -> bool {
    let mut cwd = Some(base.to_string());
    let mut explicit = false;
    let mut pending: Option<(Vec<Word>, usize)> = None;
    for &(text, offset) in lines {
        let Some(offset) = offset else {
            pending = None;
            continue;
        };
        let (line, at) = match text.trim_start().strip_prefix("$ ") {
            Some(rest) => (rest, offset + text.len() - rest.len()),
            None if prompts && pending.is_none() => continue,
            None => (text, offset),
        };
        let continued = line.trim_end().ends_with('\\');
        let body = if continued {
            line.trim_end().trim_end_matches('\\')
        } else {
            line
        };
        let mut commands = split(body, at);
        if let Some((mut prev, _)) = pending.take()
            && let Some(first) = commands.first_mut()
        {
            prev.append(first);
            *first = prev;
        }
        if continued && let Some(last) = commands.pop() {
            pending = Some((last, at));
        }
        for words in commands {
            let Some(words) = strip_wrappers(words) else {
                continue;
            };
            if creates_project(&words) {
                return false;
            }
            let w = |i: usize| words.get(i).map_or("", |w| w.text.as_str());
            if w(0) == "git" && w(1) == "clone" {
                let url = words[2..]
                    .iter()
                    .map(|w| w.text.as_str())
                    .filter(|w| !w.starts_with('-'))
                    .collect::<Vec<_>>();
                let dir = url.get(1).map(|s| s.to_string()).or_else(|| {
                    url.first().map(|u| {
                        project::file_name(u.trim_end_matches('/'))
                            .trim_end_matches(".git")
                            .to_string()
                    })
                });
                // This repository: its address, or a fork (`YOUR-NAME/x`)
                // named like one of its packages.
                let ours = url
                    .first()
                    .and_then(|u| project::github_repo(u))
                    .is_some_and(|r| {
                        let name = project::file_name(&r);
                        project.github.contains(&r)
                            || project
                                .npm
                                .iter()
                                .filter_map(|p| p.name.as_deref())
                                .chain(project.python.iter().filter_map(|p| p.name.as_deref()))
                                .chain(project.crates.iter().filter_map(|c| c.name.as_deref()))
                                .any(|n| n.eq_ignore_ascii_case(name))
                    });
                match dir {
                    Some(d) if ours => state.clone_dirs.push(d),
                    _ => cwd = None,
                }
                continue;
            }
            if w(0) == "cd" {
                let target = w(1);
                let next = if state.clone_dirs.iter().any(|d| d == target) {
                    Some(String::new())
                } else if target.is_empty() || target == "~" || target.contains('$') {
                    None
                } else {
                    cwd.as_deref()
                        .and_then(|c| project::join(c, target))
                        .filter(|d| project.is_dir(d))
                };
                cwd = next;
                explicit = true;
                continue;
            }
            if let Some(c) = &cwd {
                out.push(DocCommand {
                    file,
                    words,
                    cwd: c.clone(),
                    explicit_cwd: explicit,
                });
            }
        }
    }
    cwd.is_some()
}

/// Drops leading `NAME=value` assignments and wrappers that run the rest.
fn strip_wrappers(mut words: Vec<Word>) -> Option<Vec<Word>> {
    loop {
        let first = words.first()?.text.as_str();
        let assignment = first.split_once('=').is_some_and(|(k, _)| {
            !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        let n = match first {
            _ if assignment => 1,
            "sudo" | "env" | "time" | "exec" | "nohup" | "command" => 1,
            "uv" | "poetry" | "pipenv" | "hatch" | "pdm" | "rye"
                if words.get(1).is_some_and(|w| w.text == "run") =>
            {
                2
            }
            _ => 0,
        };
        if n == 0 {
            return Some(words);
        }
        words.drain(..n.min(words.len()));
    }
}

/// Splits one line of shell into simple commands (`&&`, `||`, `;`, `|`,
/// `&`), words with quotes removed and their source bytes (`at` is the
/// line's offset). A `#` at a word's start begins a comment.
pub fn split(line: &str, at: usize) -> Vec<Vec<Word>> {
    let mut out: Vec<Vec<Word>> = Vec::new();
    let mut cur: Vec<Word> = Vec::new();
    let mut word = String::new();
    let mut start: Option<usize> = None;
    let mut chars = line.char_indices().peekable();
    let flush = |word: &mut String, start: &mut Option<usize>, end: usize, cur: &mut Vec<Word>| {
        if let Some(s) = start.take() {
            cur.push(Word {
                text: std::mem::take(word),
                range: at + s..at + end,
            });
        }
    };
    while let Some((i, c)) = chars.next() {
        match c {
            '#' if start.is_none() => break,
            '\'' | '"' => {
                start.get_or_insert(i);
                for (_, q) in chars.by_ref() {
                    if q == c {
                        break;
                    }
                    word.push(q);
                }
            }
            '\\' => {
                start.get_or_insert(i);
                if let Some((_, n)) = chars.next() {
                    word.push(n);
                }
            }
            ';' | '|' | '&' | '(' | ')' => {
                flush(&mut word, &mut start, i, &mut cur);
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c if c.is_whitespace() => flush(&mut word, &mut start, i, &mut cur),
            c => {
                start.get_or_insert(i);
                word.push(c);
            }
        }
    }
    flush(&mut word, &mut start, line.len(), &mut cur);
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A word that stands for something the reader fills in: `<name>`,
/// `$VAR`, `{x}`, `[options]`, `...`, `YOUR_NAME`, `*`.
pub fn is_placeholder(w: &str) -> bool {
    w.contains(['<', '>', '{', '}', '$', '[', ']', '*', '…', '%', '`'])
        || w.contains("...")
        || (!w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c == '-')
            && w.chars().any(|c| c.is_ascii_uppercase()))
        || w.to_ascii_lowercase().starts_with("your")
        || w.to_ascii_lowercase().starts_with("my-")
        || w.to_ascii_lowercase().starts_with("my_")
}

/// An environment variable a document declares.
#[derive(Debug, Clone)]
pub struct DocVar {
    pub file: usize,
    pub name: String,
    pub range: Range<usize>,
    /// Declared in a configuration table (a table with a variable,
    /// environment or name column): the document claims to list them all.
    pub table: bool,
}

/// `UPPER_CASE` names of at least three characters with an underscore
/// or a letter run: what environment variables look like.
pub fn is_env_name(s: &str) -> bool {
    s.len() >= 3
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && s.contains('_')
}

/// Headers of a table that lists configuration variables.
fn variable_header(h: &str) -> bool {
    let h = h.to_ascii_lowercase();
    [
        "variable",
        "env",
        "name",
        "key",
        "setting",
        "option",
        "parameter",
    ]
    .iter()
    .any(|w| h.contains(w))
}

impl Instructions {
    /// Whether a document's code that is not shell or dotenv (a Python,
    /// JavaScript or compose example) names `name`: the example reads it,
    /// so it is the reader's variable.
    pub fn example_code_names(&self, name: &str) -> bool {
        self.docs.iter().any(|d| {
            d.elements.code_blocks.iter().any(|b| {
                shell_block(&b.info).is_none()
                    && !matches!(b.info.as_str(), "env" | "dotenv" | "properties" | "ini")
                    && b.lines.iter().any(|l| l.text.contains(name))
            })
        })
    }

    /// The environment variables the documents declare: in a
    /// configuration table's first column, as the code that leads a list
    /// item, `export NAME=` or `NAME=value` lines of shell and dotenv
    /// blocks.
    pub fn documented_vars(&self, repo: &RepoContext) -> Vec<DocVar> {
        let compiled = std::cell::OnceCell::new();
        let mut out = Vec::new();
        for doc in self.docs.iter().filter(|d| !d.history) {
            let phrases = compiled.get_or_init(|| Phrases::get(&repo.settings.claim));
            let skip = |headings: &[String]| headings.iter().any(|h| phrases.sections.is_match(h));
            let text = &repo.files[doc.file].text;
            // Tables and lists declare environment variables when they or
            // their section say so ("Environment variables", an `Env`
            // column); otherwise `SESSION_COOKIE_SECURE` is as likely a
            // configuration key.
            let env_context = |texts: &mut dyn Iterator<Item = &String>| {
                for h in texts {
                    let h = h.to_ascii_lowercase();
                    if h.contains("env") || h.contains("variable") {
                        return true;
                    }
                }
                false
            };
            for t in &doc.elements.tables {
                if skip(&t.headings)
                    || !t.header.first().is_some_and(|h| variable_header(h))
                    || !env_context(&mut t.header.iter().chain(&t.headings))
                {
                    continue;
                }
                for row in &t.rows {
                    let Some(cell) = row.first() else { continue };
                    for c in &cell.code {
                        if is_env_name(&c.text)
                            && text.get(c.range.clone()) == Some(c.text.as_str())
                        {
                            out.push(DocVar {
                                file: doc.file,
                                name: c.text.clone(),
                                range: c.range.clone(),
                                table: true,
                            });
                        }
                    }
                }
            }
            for c in &doc.elements.inline_code {
                let name = c.text.split('=').next().unwrap_or("");
                if c.leads_item
                    && !skip(&c.headings)
                    && env_context(&mut c.headings.iter())
                    && is_env_name(name)
                    && text.get(c.range.start..c.range.start + name.len()) == Some(name)
                {
                    out.push(DocVar {
                        file: doc.file,
                        name: name.to_string(),
                        range: c.range.start..c.range.start + name.len(),
                        table: false,
                    });
                }
            }
            for b in &doc.elements.code_blocks {
                let dotenv = matches!(b.info.as_str(), "env" | "dotenv" | "properties" | "ini");
                let Some(prompts) = shell_block(&b.info).or(dotenv.then_some(false)) else {
                    continue;
                };
                if skip(&b.headings) {
                    continue;
                }
                for l in &b.lines {
                    let Some(offset) = l.offset else { continue };
                    let t = l.text.trim_start();
                    let lead = l.text.len() - t.len();
                    let t2 = t.strip_prefix("$ ").unwrap_or(t);
                    // Console and reST literal blocks: only `$ export X=`.
                    if prompts && !(t.starts_with("$ ") && t2.starts_with("export ")) {
                        continue;
                    }
                    let (decl, skip_n) = match t2.strip_prefix("export ") {
                        Some(rest) => (rest, t.len() - rest.len()),
                        None if dotenv => (t2, t.len() - t2.len()),
                        // A lone `NAME=value` line of a shell block (one
                        // word once quotes are read), not `NAME=value
                        // command` or `NAME='a b' command`.
                        None => match split(t2, 0).as_slice() {
                            [words] if words.len() == 1 && words[0].text.contains('=') => {
                                (t2, t.len() - t2.len())
                            }
                            _ => continue,
                        },
                    };
                    let Some((name, _)) = decl.split_once('=') else {
                        continue;
                    };
                    if is_env_name(name) {
                        let at = offset + lead + skip_n;
                        if text.get(at..at + name.len()) == Some(name) {
                            out.push(DocVar {
                                file: doc.file,
                                name: name.to_string(),
                                range: at..at + name.len(),
                                table: false,
                            });
                        }
                    }
                }
            }
        }
        out
    }
}

/// Variables runtimes, shells, package managers, CI systems and cloud
/// SDKs read themselves: documenting them is not a claim about this
/// repository's code.
pub fn read_by_tools(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "PATH",
        "HOME",
        "USER",
        "SHELL",
        "TERM",
        "LANG",
        "TZ",
        "TMPDIR",
        "PWD",
        "EDITOR",
        "PAGER",
        "CI",
        "DEBUG",
        "NODE_ENV",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "NO_PROXY",
        "ALL_PROXY",
        "SSL_CERT_FILE",
        "SSL_CERT_DIR",
        "REQUESTS_CA_BUNDLE",
        "CURL_CA_BUNDLE",
        "NO_COLOR",
        "FORCE_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "COLUMNS",
        "LINES",
        "DISPLAY",
        "KUBECONFIG",
        "GOOGLE_APPLICATION_CREDENTIALS",
        "VIRTUAL_ENV",
        "JAVA_HOME",
        "LD_LIBRARY_PATH",
        "DYLD_LIBRARY_PATH",
        "CC",
        "CXX",
        "CFLAGS",
        "CXXFLAGS",
        "LDFLAGS",
        "MAKEFLAGS",
        "SSH_AUTH_SOCK",
        "GH_TOKEN",
        "NPM_TOKEN",
        "OPENAI_API_KEY",
        "ANTHROPIC_API_KEY",
        "GEMINI_API_KEY",
        "HF_TOKEN",
        "HF_HOME",
        "CUDA_VISIBLE_DEVICES",
        "OMP_NUM_THREADS",
        "DJANGO_SETTINGS_MODULE",
        "FLASK_APP",
        "FLASK_ENV",
        "FLASK_DEBUG",
        "WEB_CONCURRENCY",
        "SENTRY_DSN",
        "GOPATH",
        "GOOS",
        "GOARCH",
        "GOFLAGS",
        "GOPROXY",
        "GOPRIVATE",
        "GOBIN",
    ];
    const PREFIXES: &[&str] = &[
        "PYTHON",
        "PIP_",
        "UV_",
        "POETRY_",
        "PIPENV_",
        "CONDA_",
        "NODE_",
        "NPM_",
        "npm_",
        "YARN_",
        "PNPM_",
        "RUST",
        "CARGO_",
        "LC_",
        "XDG_",
        "GIT_",
        "GITHUB_",
        "GITLAB_",
        "CI_",
        "RUNNER_",
        "AWS_",
        "AZURE_",
        "GCP_",
        "GCLOUD_",
        "CLOUDSDK_",
        "DOCKER_",
        "COMPOSE_",
        "BUILDKIT_",
        "KUBE",
        "HOMEBREW_",
        "GRADLE_",
        "MAVEN_",
        "JAVA_",
        "PYTEST_",
        "COVERAGE_",
        "TOX_",
        "NOX_",
        "OTEL_",
        "MPLBACKEND",
        "VSCODE_",
        "TF_",
        "HATCH_",
        "PDM_",
        "RYE_",
        "DEBIAN_",
        "NVM_",
        "GOOGLE_",
    ];
    NAMES.contains(&name) || PREFIXES.iter().any(|p| name.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<Vec<String>> {
        split(line, 10)
            .into_iter()
            .map(|c| {
                c.into_iter()
                    .map(|w| {
                        assert!(w.range.start >= 10);
                        w.text
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn splits_commands_and_keeps_offsets() {
        assert_eq!(
            texts("cd web && npm run 'build:prod' # then"),
            [vec!["cd", "web"], vec!["npm", "run", "build:prod"]]
        );
        let line = "FOO=1 make  test";
        let c = split(line, 0).remove(0);
        let c = strip_wrappers(c).unwrap();
        assert_eq!(c[0].text, "make");
        assert_eq!(&line[c[1].range.clone()], "test");
    }

    #[test]
    fn template_folders() {
        for t in [
            "templates/README.md",
            "template-agents/QWEN.md",
            ".github/ISSUE_TEMPLATE/bug.md",
            "a/project_template/docs/x.md",
        ] {
            assert!(in_template(t), "{t}");
        }
        for t in ["README.md", "docs/templates.md", "templating/README.md"] {
            assert!(!in_template(t), "{t}");
        }
    }

    #[test]
    fn placeholders() {
        for p in [
            "<script>", "$TARGET", "{name}", "SERVICE", "your-app", "...", "X",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for w in ["build", "start:prod", "test-e2e", "web"] {
            assert!(!is_placeholder(w), "{w}");
        }
    }
}
