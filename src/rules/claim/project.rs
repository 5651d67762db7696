//! What the repository has that a document's instructions name: paths,
//! package.json scripts, Makefile/justfile/Taskfile targets, Python
//! projects and modules, Cargo binaries and examples, compose services,
//! and the repository's own GitHub address. Read from each manifest's
//! parse (JSON, TOML, YAML) or, for Makefiles and justfiles, their rule
//! lines.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::rules::RepoContext;
use crate::workspace::SourceFile;

#[derive(Debug, Clone, Default)]
pub struct NpmPackage {
    pub dir: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub scripts: Vec<String>,
    pub dependencies: Vec<String>,
    /// Has `workspaces`: scripts may live in the members.
    pub workspaces: bool,
    /// A published package (`main`, `exports`, `bin` or `module`, not
    /// `private`): its README speaks to the projects that use it.
    pub library: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Targets {
    pub dir: String,
    pub file: String,
    pub names: Vec<String>,
    /// A pattern rule (`%:`), a computed target name, or an include/import
    /// candor does not follow: any name may exist.
    pub open: bool,
}

#[derive(Debug, Clone, Default)]
pub struct PyProject {
    pub dir: String,
    pub manifest: String,
    pub name: Option<String>,
    pub version: Option<String>,
    /// The version is computed (`dynamic = ["version"]`, setuptools-scm).
    pub dynamic_version: bool,
    pub scripts: Vec<String>,
    /// Distribution names of its dependencies, optional ones and groups
    /// included (`langchain-core>=1` is `langchain-core`).
    pub dependencies: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Crate {
    pub dir: String,
    pub name: Option<String>,
    pub version: Option<String>,
    pub bins: Vec<String>,
    pub examples: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Compose {
    pub file: String,
    pub services: Vec<String>,
}

/// A MkDocs site whose navigation the literate-nav plugin reads from
/// Markdown files (`nav_file`, default `SUMMARY.md`) in its docs folder.
#[derive(Debug, Clone, Default)]
pub struct LiterateNav {
    /// The docs folder (`docs_dir`, default `docs`) relative to the root.
    pub docs_dir: String,
    pub nav_file: String,
}

#[derive(Debug, Default)]
pub struct Project {
    /// Every file path (read or not) relative to the root.
    pub files: BTreeSet<String>,
    /// Every folder that holds a file.
    pub dirs: BTreeSet<String>,
    /// Path prefixes that exist without being listed (excluded folders).
    pub opaque: Vec<String>,
    pub npm: Vec<NpmPackage>,
    pub make: Vec<Targets>,
    pub just: Vec<Targets>,
    pub task: Vec<Targets>,
    pub python: Vec<PyProject>,
    pub crates: Vec<Crate>,
    pub compose: Vec<Compose>,
    pub literate_nav: Vec<LiterateNav>,
    /// Folders of documentation sites whose configuration is not known by
    /// its name alone: Mintlify's `docs.json`/`mint.json` (a JSON object
    /// with `navigation`, and for `docs.json` a mintlify `$schema` or
    /// `theme`).
    pub site_roots: Vec<String>,
    /// Names GitHub Actions workflows and actions read: `secrets.X`,
    /// `vars.X` and `env.X` in `${{ }}` expressions, and the keys of their
    /// `env:` maps (set for the steps' programs).
    pub ci_reads: BTreeSet<String>,
    /// `owner/name` (lowercase) of the repository on GitHub, from the
    /// manifests' repository and project URLs.
    pub github: BTreeSet<String>,
    /// A packaged copy (an sdist with `PKG-INFO`, an npm tarball: a root
    /// package.json without `.gitignore`, `.npmignore` or lockfile, or with
    /// a `files` list and no tests or `.github`): files its documents name
    /// may have been left out of the package, so absence proves nothing.
    pub packaged: bool,
    /// See [`Project::generates_makefiles`].
    makefile_generator: bool,
}

pub fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

pub fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

/// `dir/rel` with `.` and `..` resolved; `None` when it leaves the root.
pub fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// `owner/name` of a GitHub URL or shorthand (`github:o/r`, `o/r`).
pub fn github_repo(url: &str) -> Option<String> {
    let u = url.trim().trim_start_matches("git+");
    let rest = if let Some(r) = u.strip_prefix("github:") {
        r
    } else if let Some(i) = u.find("github.com") {
        u[i + "github.com".len()..].trim_start_matches([':', '/'])
    } else if !u.contains(':') && u.matches('/').count() == 1 {
        u
    } else {
        return None;
    };
    let mut it = rest.split('/');
    let owner = it.next()?.trim();
    let name = it.next()?.trim().trim_end_matches(".git");
    let name = name.split(['#', '?']).next()?;
    (!owner.is_empty() && !name.is_empty()).then(|| format!("{owner}/{name}").to_ascii_lowercase())
}

impl Project {
    pub fn build(repo: &RepoContext) -> Project {
        let mut p = Project::default();
        for f in repo.files {
            p.files.insert(f.rel.clone());
        }
        for u in repo.unread {
            p.files.insert(u.clone());
            p.opaque.push(u.clone());
        }
        for f in p.files.iter() {
            let mut d = parent(f);
            while !d.is_empty() {
                if !p.dirs.insert(d.to_string()) {
                    break;
                }
                d = parent(d);
            }
        }
        let mut npm_files_list = false;
        for f in repo.files {
            p.read_manifest(f);
            if f.rel == "package.json"
                && serde_json::from_str::<Value>(&f.text).is_ok_and(|v| v.get("files").is_some())
            {
                npm_files_list = true;
            }
        }
        let dev_tree = [".github", "test", "tests", "__tests__", "spec"]
            .iter()
            .any(|d| p.dirs.contains(*d));
        // `npm pack` never ships `.gitignore`, `.npmignore` or a lockfile,
        // and a source checkout of a JavaScript project has a `.gitignore`
        // (node_modules): a root package.json without any of them is a
        // tarball, with or without a `files` list (mongoose, typeorm).
        let npm_tarball = p.files.contains("package.json")
            && ![
                ".gitignore",
                ".npmignore",
                "package-lock.json",
                "yarn.lock",
                "pnpm-lock.yaml",
                "bun.lock",
                "bun.lockb",
            ]
            .iter()
            .any(|f| p.files.contains(*f));
        p.packaged = p.files.contains("PKG-INFO") || npm_tarball || (npm_files_list && !dev_tree);
        p.makefile_generator = makefile_generator(&p.files);
        let files: Vec<String> = p.files.iter().cloned().collect();
        for c in &mut p.crates {
            c.add_targets(&files);
        }
        p
    }

    /// Whether `rel` exists as a file or folder ("" is the root).
    pub fn exists(&self, rel: &str) -> bool {
        rel.is_empty()
            || self.files.contains(rel)
            || self.dirs.contains(rel)
            || self
                .opaque
                .iter()
                .any(|o| rel.starts_with(o.as_str()) && rel[o.len()..].starts_with('/'))
    }

    pub fn is_dir(&self, rel: &str) -> bool {
        rel.is_empty() || self.dirs.contains(rel)
    }

    fn read_manifest(&mut self, f: &SourceFile) {
        let name = file_name(&f.rel);
        let dir = parent(&f.rel).to_string();
        match name {
            "package.json" => {
                let Ok(v) = serde_json::from_str::<Value>(&f.text) else {
                    return;
                };
                let mut pkg = NpmPackage {
                    dir,
                    name: v.get("name").and_then(Value::as_str).map(str::to_string),
                    version: v.get("version").and_then(Value::as_str).map(str::to_string),
                    workspaces: v.get("workspaces").is_some(),
                    library: v.get("private").and_then(Value::as_bool) != Some(true)
                        && ["main", "exports", "bin", "module"]
                            .iter()
                            .any(|k| v.get(*k).is_some()),
                    ..NpmPackage::default()
                };
                if let Some(Value::Object(s)) = v.get("scripts") {
                    pkg.scripts = s.keys().cloned().collect();
                }
                for key in [
                    "dependencies",
                    "devDependencies",
                    "peerDependencies",
                    "optionalDependencies",
                ] {
                    if let Some(Value::Object(d)) = v.get(key) {
                        pkg.dependencies.extend(d.keys().cloned());
                    }
                }
                let repo_url = match v.get("repository") {
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(Value::Object(o)) => {
                        o.get("url").and_then(Value::as_str).map(str::to_string)
                    }
                    _ => None,
                };
                for u in repo_url.iter().chain(
                    v.get("homepage")
                        .and_then(Value::as_str)
                        .map(str::to_string)
                        .iter(),
                ) {
                    if let Some(r) = github_repo(u) {
                        self.github.insert(r);
                    }
                }
                self.npm.push(pkg);
            }
            "pyproject.toml" => {
                let Ok(v) = toml::from_str::<toml::Value>(&f.text) else {
                    return;
                };
                let project = v.get("project");
                let poetry = v.get("tool").and_then(|t| t.get("poetry"));
                let get = |k: &str| {
                    project
                        .and_then(|p| p.get(k))
                        .or_else(|| poetry.and_then(|p| p.get(k)))
                };
                let dynamic = project
                    .and_then(|p| p.get("dynamic"))
                    .and_then(|d| d.as_array())
                    .is_some_and(|d| d.iter().any(|x| x.as_str() == Some("version")));
                let mut py = PyProject {
                    dir,
                    manifest: f.rel.clone(),
                    name: get("name").and_then(|n| n.as_str()).map(str::to_string),
                    version: get("version").and_then(|n| n.as_str()).map(str::to_string),
                    dynamic_version: dynamic,
                    ..PyProject::default()
                };
                for scripts in [
                    project.and_then(|p| p.get("scripts")),
                    project.and_then(|p| p.get("gui-scripts")),
                    poetry.and_then(|p| p.get("scripts")),
                ]
                .into_iter()
                .flatten()
                {
                    if let Some(t) = scripts.as_table() {
                        py.scripts.extend(t.keys().cloned());
                    }
                }
                let requirement = |r: &toml::Value| {
                    r.as_str().and_then(|r| {
                        let n = r
                            .split(|c: char| !(c.is_ascii_alphanumeric() || "-_.".contains(c)))
                            .next()?;
                        (!n.is_empty()).then(|| n.to_string())
                    })
                };
                let lists = [
                    project.and_then(|p| p.get("dependencies")),
                    project.and_then(|p| p.get("optional-dependencies")),
                    v.get("dependency-groups"),
                ];
                for list in lists.into_iter().flatten() {
                    let arrays: Vec<&toml::Value> = match list.as_table() {
                        Some(t) => t.values().collect(),
                        None => vec![list],
                    };
                    for a in arrays.iter().filter_map(|a| a.as_array()) {
                        py.dependencies.extend(a.iter().filter_map(requirement));
                    }
                }
                if let Some(poetry) = poetry {
                    let groups = poetry
                        .get("group")
                        .and_then(|g| g.as_table())
                        .into_iter()
                        .flat_map(|g| g.values().filter_map(|g| g.get("dependencies")));
                    for deps in poetry.get("dependencies").into_iter().chain(groups) {
                        if let Some(t) = deps.as_table() {
                            py.dependencies
                                .extend(t.keys().filter(|k| *k != "python").cloned());
                        }
                    }
                }
                for urls in [
                    project.and_then(|p| p.get("urls")),
                    poetry.and_then(|p| p.get("urls")),
                ]
                .into_iter()
                .flatten()
                {
                    if let Some(t) = urls.as_table() {
                        for u in t.values().filter_map(|u| u.as_str()) {
                            if let Some(r) = github_repo(u) {
                                self.github.insert(r);
                            }
                        }
                    }
                }
                for k in ["repository", "homepage"] {
                    if let Some(r) = poetry
                        .and_then(|p| p.get(k))
                        .and_then(|u| u.as_str())
                        .and_then(github_repo)
                    {
                        self.github.insert(r);
                    }
                }
                if py.name.is_some() {
                    self.python.push(py);
                }
            }
            "Cargo.toml" => {
                let Ok(v) = toml::from_str::<toml::Value>(&f.text) else {
                    return;
                };
                let Some(package) = v.get("package") else {
                    return;
                };
                let s = |k: &str| package.get(k).and_then(|x| x.as_str()).map(str::to_string);
                let mut c = Crate {
                    dir,
                    name: s("name"),
                    version: s("version"),
                    ..Crate::default()
                };
                for (key, out) in [("bin", &mut c.bins), ("example", &mut c.examples)] {
                    if let Some(list) = v.get(key).and_then(|b| b.as_array()) {
                        out.extend(
                            list.iter()
                                .filter_map(|b| b.get("name")?.as_str().map(str::to_string)),
                        );
                    }
                }
                if let Some(r) = s("repository").as_deref().and_then(github_repo) {
                    self.github.insert(r);
                }
                self.crates.push(c);
            }
            "Makefile" | "makefile" | "GNUmakefile" => {
                self.make.push(make_targets(f, dir));
            }
            _ if name.ends_with(".mk") => self.make.push(make_targets(f, dir)),
            "justfile" | "Justfile" | ".justfile" => self.just.push(just_recipes(f, dir)),
            "Taskfile.yml" | "Taskfile.yaml" | "taskfile.yml" | "taskfile.yaml"
            | "Taskfile.dist.yml" | "Taskfile.dist.yaml" => {
                if let Some(t) = taskfile_tasks(f, dir) {
                    self.task.push(t);
                }
            }
            "docs.json" | "mint.json" => {
                let Ok(v) = serde_json::from_str::<Value>(&f.text) else {
                    return;
                };
                let mintlify = v.get("navigation").is_some()
                    && (name == "mint.json"
                        || v.get("$schema")
                            .and_then(Value::as_str)
                            .is_some_and(|s| s.contains("mintlify"))
                        || v.get("theme").is_some());
                if mintlify {
                    self.site_roots.push(dir);
                }
            }
            "mkdocs.yml" | "mkdocs.yaml" => {
                if let Some(nav) = literate_nav(f) {
                    self.literate_nav.push(nav);
                }
            }
            _ if f.rel.starts_with(".github/")
                && (name.ends_with(".yml") || name.ends_with(".yaml")) =>
            {
                workflow_reads(f, &mut self.ci_reads);
            }
            _ if is_compose_file(name) => {
                let Ok(v) = serde_saphyr::from_str::<Value>(&f.text) else {
                    return;
                };
                if let Some(Value::Object(s)) = v.get("services") {
                    self.compose.push(Compose {
                        file: f.rel.clone(),
                        services: s.keys().cloned().collect(),
                    });
                }
            }
            _ => {}
        }
    }

    /// Whether `rel` is a literate-nav navigation file of a MkDocs site:
    /// its links name the pages the build generates or lays out, not
    /// files a reader opens.
    pub fn is_literate_nav(&self, rel: &str) -> bool {
        self.literate_nav.iter().any(|n| {
            file_name(rel) == n.nav_file
                && (n.docs_dir.is_empty() || rel.starts_with(&format!("{}/", n.docs_dir)))
        })
    }

    /// The npm package at `dir` or the nearest folder above it.
    pub fn npm_at(&self, dir: &str) -> Option<&NpmPackage> {
        let mut d = dir;
        loop {
            if let Some(p) = self.npm.iter().find(|p| p.dir == d) {
                return Some(p);
            }
            if d.is_empty() {
                return None;
            }
            d = parent(d);
        }
    }

    /// The Python module `dotted` as a file of the repository: `a.b` is
    /// `a/b.py`, `a/b/__init__.py` (a package: `-m` needs `__main__.py`),
    /// compiled or stub variants, below any folder. `Some(true)`: runnable;
    /// `Some(false)`: a package without `__main__.py`; `None`: absent.
    pub fn python_module(&self, dotted: &str) -> Option<bool> {
        let path = dotted.replace('.', "/");
        let mut found = None;
        for f in &self.files {
            let at_boundary = |suffix: &str| {
                f == suffix || (f.ends_with(suffix) && f[..f.len() - suffix.len()].ends_with('/'))
            };
            if [".py", ".pyx", ".pyi", ".so", ".pyd"]
                .iter()
                .any(|ext| at_boundary(&format!("{path}{ext}")))
                || at_boundary(&format!("{path}/__main__.py"))
            {
                return Some(true);
            }
            if at_boundary(&format!("{path}/__init__.py")) {
                found = Some(false);
            }
        }
        found
    }

    /// Whether a top-level Python package or module `name` exists (at the
    /// root, below `src/` or another folder that is not itself a package).
    pub fn python_top_level(&self, name: &str) -> bool {
        self.files.iter().any(|f| {
            let m = f
                .strip_suffix(&format!("{name}/__init__.py"))
                .or_else(|| f.strip_suffix(&format!("{name}.py")));
            match m {
                Some("") => true,
                Some(prefix) if prefix.ends_with('/') => {
                    !self.files.contains(&format!("{prefix}__init__.py"))
                }
                _ => false,
            }
        })
    }

    /// Folders that look generated for a Makefile (autotools, CMake,
    /// Meson): a Makefile need not be committed. Decided once in
    /// [`Project::build`] (asked per `make` command).
    pub fn generates_makefiles(&self) -> bool {
        self.makefile_generator
    }
}

fn makefile_generator(files: &BTreeSet<String>) -> bool {
    files.iter().any(|f| {
        matches!(
            file_name(f),
            "CMakeLists.txt"
                | "configure"
                | "configure.ac"
                | "configure.in"
                | "Makefile.am"
                | "Makefile.in"
                | "meson.build"
                | "Makefile.PL"
                | "premake5.lua"
        )
    })
}

/// The literate-nav settings of a MkDocs configuration, when its
/// `plugins` (a list of names or one-key maps, or a map) enable it.
/// MkDocs' own YAML tags (`!ENV`, `!!python/name:`) are values to it, not
/// to us: a file that does not parse has no plugin we can see.
fn literate_nav(f: &SourceFile) -> Option<LiterateNav> {
    let v: Value = serde_saphyr::from_str(&f.text).ok()?;
    let plugin = |name: &str| name == "literate-nav" || name == "mkdocs-literate-nav";
    let config = match v.get("plugins")? {
        Value::Array(list) => list.iter().find_map(|p| match p {
            Value::String(s) if plugin(s) => Some(Value::Null),
            Value::Object(o) => o.iter().find(|(k, _)| plugin(k)).map(|(_, c)| c.clone()),
            _ => None,
        })?,
        Value::Object(o) => o.iter().find(|(k, _)| plugin(k)).map(|(_, c)| c.clone())?,
        _ => return None,
    };
    let docs_dir = v.get("docs_dir").and_then(Value::as_str).unwrap_or("docs");
    let nav_file = config
        .get("nav_file")
        .and_then(Value::as_str)
        .unwrap_or("SUMMARY.md");
    Some(LiterateNav {
        docs_dir: join(parent(&f.rel), docs_dir)?,
        nav_file: nav_file.to_string(),
    })
}

/// The names a GitHub Actions workflow (`jobs:`) or action (`runs:`)
/// reads, from its parse: contexts in the `${{ }}` expressions of any
/// value, and `env:` keys at any level.
fn workflow_reads(f: &SourceFile, out: &mut BTreeSet<String>) {
    let Ok(v) = serde_saphyr::from_str::<Value>(&f.text) else {
        return;
    };
    if v.get("jobs").is_none() && v.get("runs").is_none() {
        return;
    }
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::String(s) => expression_reads(s, out),
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(o) => {
                for (k, x) in o {
                    if k == "env"
                        && let Value::Object(env) = x
                    {
                        out.extend(env.keys().cloned());
                    }
                    walk(x, out);
                }
            }
            _ => {}
        }
    }
    walk(&v, out);
}

/// `secrets.X`, `vars.X`, `env.X` and `secrets['X']` inside the `${{ }}`
/// expressions of one value.
fn expression_reads(s: &str, out: &mut BTreeSet<String>) {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut rest = s;
    while let Some(start) = rest.find("${{") {
        let after = &rest[start + 3..];
        let end = after.find("}}").unwrap_or(after.len());
        let expr = &after[..end];
        for context in ["secrets", "vars", "env"] {
            for (i, _) in expr.match_indices(context) {
                if expr[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| ident(c) || c == '.')
                {
                    continue;
                }
                let tail = &expr[i + context.len()..];
                let name = if let Some(t) = tail.strip_prefix('.') {
                    t.split(|c: char| !ident(c)).next()
                } else if let Some(t) = tail.strip_prefix('[') {
                    let t = t.trim_start_matches(['\'', '"']);
                    t.split(|c: char| !ident(c)).next()
                } else {
                    None
                };
                if let Some(n) = name.filter(|n| !n.is_empty()) {
                    out.insert(n.to_string());
                }
            }
        }
        rest = &after[end..];
    }
}

pub fn is_compose_file(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    (n.starts_with("docker-compose") || n.starts_with("compose"))
        && (n.ends_with(".yml") || n.ends_with(".yaml"))
}

impl Crate {
    fn add_targets(&mut self, files: &[String]) {
        let prefix = if self.dir.is_empty() {
            String::new()
        } else {
            format!("{}/", self.dir)
        };
        for f in files {
            let Some(rest) = f.strip_prefix(&prefix) else {
                continue;
            };
            let stem = |r: &str| -> Option<String> {
                if let Some(n) = r.strip_suffix(".rs")
                    && !n.contains('/')
                {
                    return Some(n.to_string());
                }
                let (d, file) = r.split_once('/')?;
                (file == "main.rs").then(|| d.to_string())
            };
            if rest == "src/main.rs"
                && let Some(n) = &self.name
            {
                self.bins.push(n.clone());
            }
            if let Some(r) = rest.strip_prefix("src/bin/")
                && let Some(n) = stem(r)
            {
                self.bins.push(n);
            }
            if let Some(r) = rest.strip_prefix("examples/")
                && let Some(n) = stem(r)
            {
                self.examples.push(n);
            }
        }
        self.bins.sort();
        self.bins.dedup();
        self.examples.sort();
        self.examples.dedup();
    }
}

/// A Makefile's explicit targets (rule lines at column 0, `.PHONY`
/// prerequisites); open when it has pattern rules, computed target names
/// or includes.
fn make_targets(f: &SourceFile, dir: String) -> Targets {
    let mut t = Targets {
        dir,
        file: f.rel.clone(),
        ..Targets::default()
    };
    for line in f.text.lines() {
        if line.starts_with(['\t', ' ', '#']) || line.trim().is_empty() {
            continue;
        }
        let l = line.trim_end();
        if l.starts_with("include ") || l.starts_with("-include ") || l.starts_with("sinclude ") {
            t.open = true;
            continue;
        }
        let Some((names, rest)) = l.split_once(':') else {
            continue;
        };
        if rest.starts_with('=') || names.contains('=') || names.contains(" ?") {
            continue;
        }
        for n in names.split_whitespace() {
            if n == ".PHONY" {
                t.names.extend(
                    rest.split_whitespace()
                        .filter(|w| !w.contains('$'))
                        .map(str::to_string),
                );
            } else if n.contains('%') || n.contains('$') {
                t.open = true;
            } else if !n.starts_with('.') {
                t.names.push(n.to_string());
            }
        }
    }
    t.names.sort();
    t.names.dedup();
    t
}

/// A justfile's recipes and aliases; open when it imports or declares
/// modules.
fn just_recipes(f: &SourceFile, dir: String) -> Targets {
    let mut t = Targets {
        dir,
        file: f.rel.clone(),
        ..Targets::default()
    };
    for line in f.text.lines() {
        if line.starts_with([' ', '\t', '#', '[']) || line.trim().is_empty() {
            continue;
        }
        let l = line.trim_end();
        if l.starts_with("import ") || l.starts_with("mod ") || l.starts_with("!include") {
            t.open = true;
            continue;
        }
        if let Some(rest) = l.strip_prefix("alias ") {
            if let Some((name, _)) = rest.split_once(":=") {
                t.names.push(name.trim().to_string());
            }
            continue;
        }
        if l.starts_with("set ") || l.starts_with("export ") || l.contains(":=") {
            continue;
        }
        let Some((head, _)) = l.split_once(':') else {
            continue;
        };
        let name = head
            .trim_start_matches('@')
            .split_whitespace()
            .next()
            .unwrap_or("");
        if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            t.names.push(name.to_string());
        }
    }
    t
}

/// A Taskfile's tasks and their aliases; open when it includes others.
fn taskfile_tasks(f: &SourceFile, dir: String) -> Option<Targets> {
    let v: Value = serde_saphyr::from_str(&f.text).ok()?;
    let mut t = Targets {
        dir,
        file: f.rel.clone(),
        open: v.get("includes").is_some(),
        ..Targets::default()
    };
    if let Some(Value::Object(tasks)) = v.get("tasks") {
        for (name, task) in tasks {
            t.names.push(name.clone());
            if let Some(Value::Array(a)) = task.get("aliases") {
                t.names
                    .extend(a.iter().filter_map(|x| x.as_str().map(str::to_string)));
            }
        }
    }
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_addresses() {
        for (u, want) in [
            ("git+https://github.com/Foo/bar.git", Some("foo/bar")),
            ("github:foo/bar", Some("foo/bar")),
            ("foo/bar", Some("foo/bar")),
            ("https://github.com/foo/bar/issues", Some("foo/bar")),
            ("git@github.com:foo/bar.git", Some("foo/bar")),
            ("https://gitlab.com/foo/bar", None),
        ] {
            assert_eq!(github_repo(u).as_deref(), want, "{u}");
        }
    }

    #[test]
    fn joins_stay_inside_the_root() {
        assert_eq!(join("docs", "../README.md").as_deref(), Some("README.md"));
        assert_eq!(join("docs", "./a/b.md").as_deref(), Some("docs/a/b.md"));
        assert_eq!(join("docs", "/src/x.rs").as_deref(), Some("src/x.rs"));
        assert_eq!(join("", "../x"), None);
    }

    #[test]
    fn workflow_reads_from_expressions_and_env_maps() {
        let f = SourceFile::for_test(
            ".github/workflows/ci.yml",
            "on: push\nenv:\n  TOP: x\njobs:\n  a:\n    steps:\n      - run: echo ${{ secrets.A_KEY }} ${{vars.B_VAR}} ${{ secrets['C_PASS'] }}\n        env:\n          STEP: ${{ env.D_ENV || github.env }}\n",
        );
        let mut out = BTreeSet::new();
        workflow_reads(&f, &mut out);
        let got: Vec<&str> = out.iter().map(String::as_str).collect();
        assert_eq!(got, ["A_KEY", "B_VAR", "C_PASS", "D_ENV", "STEP", "TOP"]);
        let f = SourceFile::for_test(".github/labels.yml", "env:\n  X: 1\n");
        let mut out = BTreeSet::new();
        workflow_reads(&f, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn literate_nav_settings() {
        let f = SourceFile::for_test(
            "site/mkdocs.yml",
            "docs_dir: pages\nextra:\n  on: !ENV [CI, false]\nmarkdown_extensions:\n  - x:\n      format: !!python/name:a.b\nplugins:\n  - search\n  - literate-nav:\n      nav_file: NAV.md\n",
        );
        let nav = literate_nav(&f).expect("parses with MkDocs tags");
        assert_eq!(
            (nav.docs_dir.as_str(), nav.nav_file.as_str()),
            ("site/pages", "NAV.md")
        );
        let f = SourceFile::for_test("mkdocs.yml", "plugins:\n  literate-nav: {}\n");
        let nav = literate_nav(&f).unwrap();
        assert_eq!(
            (nav.docs_dir.as_str(), nav.nav_file.as_str()),
            ("docs", "SUMMARY.md")
        );
        let f = SourceFile::for_test("mkdocs.yml", "plugins:\n  - search\n");
        assert!(literate_nav(&f).is_none());
    }

    #[test]
    fn make_and_just_targets() {
        let f = SourceFile::for_test(
            "Makefile",
            "PY := python\n.PHONY: test lint\n\ntest:\n\t$(PY) -m pytest\nbuild dist: deps\n\techo\n",
        );
        let t = make_targets(&f, String::new());
        assert_eq!(t.names, ["build", "dist", "lint", "test"]);
        assert!(!t.open);
        let f = SourceFile::for_test("Makefile", "%: Makefile\n\t@sphinx-build\n");
        assert!(make_targets(&f, String::new()).open);
        let f = SourceFile::for_test(
            "justfile",
            "set shell := [\"bash\"]\nversion := \"1\"\n\n# run it\n@serve port=\"8000\":\n  run\nalias s := serve\n[private]\ntest *args: build\n  t\n",
        );
        assert_eq!(
            just_recipes(&f, String::new()).names,
            ["serve", "s", "test"]
        );
    }
}
