use super::common;
use super::instructions::{DocCommand, Word, is_placeholder};
use super::project::{self, Project};
use crate::finding::Finding;
use crate::rules::{RepoContext, Rule};
use crate::text::did_you_mean;

crate::declare_rule! {
    /// ## What it does
    /// Resolves the commands of the documentation's shell code blocks
    /// (`sh`, `bash`, `shell`, `zsh`, `console` — there only `$ ` lines —
    /// or no info string) and inline code against the repository:
    ///
    /// - `npm run X`, `npm test|start`, `pnpm|yarn [run] X` (with
    ///   `--prefix`/`-C`/`--cwd` or a preceding `cd`) to the scripts of the
    ///   `package.json` of that folder (or the nearest one above it);
    /// - `make X`, `just X`, `task X` to the targets of the Makefile
    ///   (and its `.PHONY`), justfile or Taskfile;
    /// - `python -m pkg.mod` to a module of the repository (when `pkg` is
    ///   one of its packages), and `NAME ...` where `NAME` is the Python
    ///   project's own name to its `[project.scripts]`;
    /// - `cargo run --bin X` / `--example X` / `-p X` to the workspace's
    ///   binaries, examples and packages;
    /// - `./scripts/x.sh`, `bash scripts/x.sh`, `python tools/x.py` to files
    ///   that exist;
    /// - `docker compose up|run|exec|logs ... SERVICE` to the services of
    ///   the compose files.
    ///
    /// The finding names what exists instead ("did you mean `start`?").
    /// Placeholders (`<name>`, `$VAR`, `{x}`, `YOUR_APP`), other tools'
    /// commands, commands after one that creates or clones another project
    /// (`npm create vite`, `git clone` of another repository, `cd` into a
    /// folder the repository does not have), commands under roadmap or plan
    /// headings, changelogs, files written for AI coding agents (`AGENTS.md`,
    /// `CLAUDE.md`, `GEMINI.md`, `QWEN.md`, `.claude/`) and documents in
    /// template folders (`templates/`, `template-agents/`,
    /// `.github/ISSUE_TEMPLATE/`: written for the project made from them),
    /// old releases' documentation (`docs/v1.10.0/` beside `docs/v1.15.2/`)
    /// and translations (`docs/ko/` beside `docs/en/`) are not checked, by
    /// this rule or the other instruction rules. When
    /// the script or target
    /// exists in another `package.json` or Makefile of the repository and
    /// the document does not say where to run it, it is not reported.
    ///
    /// ## Why is this bad?
    /// A reader who copies the command gets `Missing script: start:prod` or
    /// `No rule to make target 'deploy'`: the documentation describes a
    /// project that is not the one in the repository.
    ///
    /// ## Example
    /// ```markdown
    /// Start the server with `npm run start:prod`.
    /// ```
    /// with `"scripts": { "start": "node server.js" }` in package.json.
    ///
    /// ## How to fix
    /// Write the command the repository has, or add the script or target
    /// the document promises.
    pub struct UnknownCommand {
        id: "claim/unknown-command",
        severity: Warning,
        summary: "Documented command names a script, target, module or service the repository does not have",
    }
}

impl Rule for UnknownCommand {
    fn check_repo(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let ins = repo.memo.instructions(repo);
        let mut seen = std::collections::BTreeSet::new();
        for c in &ins.commands {
            let Some(doc) = ins.docs.iter().find(|d| d.file == c.file) else {
                continue;
            };
            let Some((word, msg)) = check(c, &ins.project) else {
                continue;
            };
            let program = c.program();
            // The document writes its own manifest: the reader's project.
            if (doc.shows_scripts && matches!(program, "npm" | "pnpm" | "yarn"))
                || (doc.shows_services && matches!(program, "docker" | "docker-compose"))
                || (doc.shows_makefile && matches!(program, "make" | "gmake"))
            {
                continue;
            }
            // A file the document names elsewhere too (`Create
            // test/plugin.test.js`, a block headed by its name) is one
            // the reader writes.
            let text = &repo.files[c.file].text;
            let name = project::file_name(&word.text);
            if name.contains('.') && text.matches(name).count() > 1 {
                continue;
            }
            if !seen.insert((c.file, word.range.start)) {
                continue;
            }
            out.push(
                common::finding(repo, &Self::META, c.file, word.range.clone(), msg)
                    .with_fix("use a command the repository defines, or add it"),
            );
        }
    }
}

/// Options that take a value, by program.
fn takes_value(program: &str, opt: &str) -> bool {
    match program {
        "npm" => matches!(opt, "--prefix" | "-w" | "--workspace"),
        "pnpm" => matches!(opt, "-C" | "--dir" | "-F" | "--filter"),
        "yarn" => matches!(opt, "--cwd"),
        "make" | "gmake" => matches!(opt, "-C" | "-f" | "--file" | "--directory" | "-j" | "-I"),
        "just" => matches!(opt, "-f" | "--justfile" | "-d" | "--working-directory" | "--set"),
        "task" => matches!(opt, "-d" | "--dir" | "-t" | "--taskfile"),
        "cargo" => matches!(
            opt,
            "--bin"
                | "--example"
                | "-p"
                | "--package"
                | "--manifest-path"
                | "--features"
                | "-F"
                | "--target"
                | "-j"
                | "--profile"
        ),
        "docker" => matches!(
            opt,
            "-f" | "--file"
                | "-p"
                | "--project-name"
                | "--profile"
                | "-e"
                | "--env"
                | "-u"
                | "--user"
                | "-w"
                | "--workdir"
                | "--scale"
                | "--entrypoint"
                | "-l"
                | "--label"
                | "-v"
                | "--volume"
                | "--name"
                | "--env-file"
                | "-t"
                | "--timeout"
                | "--project-directory"
                | "--index"
        ),
        // After the compose subcommand `-f` is `--follow` (`logs -f api`)
        // or `--force` (`rm -f`): it takes no value there.
        "docker-subcommand" => !matches!(opt, "-f" | "--file") && takes_value("docker", opt),
        _ => false,
    }
}

/// The words that are not options (and not option values), with their
/// positions, and the options with their values.
fn operands<'a>(program: &str, words: &'a [Word]) -> (Vec<&'a Word>, Vec<(&'a str, &'a str)>) {
    let mut ops = Vec::new();
    let mut opts = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].text.as_str();
        if w == "--" {
            break;
        }
        if w.starts_with('-') && w.len() > 1 {
            if let Some((k, v)) = w.split_once('=') {
                opts.push((k, v));
            } else if takes_value(program, w) {
                opts.push((w, words.get(i + 1).map_or("", |v| v.text.as_str())));
                i += 1;
            } else {
                opts.push((w, ""));
            }
        } else if !(w.contains('=') && matches!(program, "make" | "gmake" | "just")) {
            ops.push(&words[i]);
        }
        i += 1;
    }
    (ops, opts)
}

fn opt<'a>(opts: &[(&str, &'a str)], names: &[&str]) -> Option<&'a str> {
    opts.iter().find(|(k, _)| names.contains(k)).map(|(_, v)| *v)
}

fn listing(names: &[String]) -> String {
    let mut v: Vec<&str> = names.iter().map(String::as_str).collect();
    v.sort_unstable();
    v.dedup();
    let n = v.len();
    if n == 0 {
        return "none".into();
    }
    let shown: Vec<String> = v.iter().take(8).map(|s| format!("`{s}`")).collect();
    if n > 8 {
        format!("{}, … ({n} in all)", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

fn shown(dir: &str, file: &str) -> String {
    if dir.is_empty() {
        file.to_string()
    } else {
        format!("{dir}/{file}")
    }
}

/// Built-in commands of pnpm and yarn (`yarn X` runs script `X` only
/// when `X` is none of these).
const PACKAGE_MANAGER_COMMANDS: &[&str] = &[
    "add", "audit", "autoclean", "bin", "cache", "check", "config", "create", "dedupe", "deploy",
    "dlx", "doctor", "env", "exec", "explain", "fetch", "generate-lock-entry", "global", "help",
    "i", "import", "info", "init", "install", "licenses", "link", "list", "login", "logout", "ls",
    "node", "outdated", "owner", "pack", "patch", "patch-commit", "plugin", "policies", "prune",
    "publish", "rebuild", "remove", "rm", "root", "run", "server", "set", "setup", "store", "tag",
    "team", "unlink", "unplug", "up", "update", "upgrade", "upgrade-interactive", "version",
    "versions", "why", "workspace", "workspaces", "t", "test", "start", "restart", "stop", "x",
    "approve-builds", "self-update", "constraints", "search", "outdated", "docs", "home",
];

/// Script names a yarn/pnpm shorthand may mean (`yarn build`); other
/// words are as likely a dependency's binary (`yarn tsc`).
fn script_like(name: &str, pkg: &project::NpmPackage) -> bool {
    name.contains(':')
        || matches!(
            name,
            "build"
                | "dev"
                | "develop"
                | "serve"
                | "lint"
                | "format"
                | "fmt"
                | "typecheck"
                | "watch"
                | "deploy"
                | "e2e"
                | "coverage"
                | "bench"
                | "preview"
                | "clean"
                | "release"
                | "docs"
        ) && !pkg.dependencies.iter().any(|d| d == name)
}

fn check<'c>(c: &'c DocCommand, p: &Project) -> Option<(&'c Word, String)> {
    let program = c.program().rsplit('/').next().unwrap_or("");
    let rest = &c.words[1..];
    match program {
        "npm" | "pnpm" | "yarn" => npm(c, program, rest, p),
        "make" | "gmake" => targets(c, "make", rest, &p.make, "Makefile", p),
        "just" => targets(c, "just", rest, &p.just, "justfile", p),
        "task" => targets(c, "task", rest, &p.task, "Taskfile", p),
        "cargo" => cargo(rest, p),
        "docker" if rest.first().is_some_and(|w| w.text == "compose") => compose(c, &rest[1..], p),
        "docker-compose" => compose(c, rest, p),
        _ if program.starts_with("python") || program == "py" => python(c, rest, p),
        _ => script(c, p).or_else(|| console_script(c, p)),
    }
}

fn npm<'c>(
    c: &'c DocCommand,
    program: &str,
    rest: &'c [Word],
    p: &Project,
) -> Option<(&'c Word, String)> {
    let (ops, opts) = operands(program, rest);
    if opt(
        &opts,
        &[
            "-w",
            "--workspace",
            "--workspaces",
            "-ws",
            "--if-present",
            "-r",
            "--recursive",
            "-F",
            "--filter",
        ],
    )
    .is_some()
    {
        return None;
    }
    let sub = ops.first()?;
    let (name, shorthand) = match sub.text.as_str() {
        "run" | "run-script" | "rum" | "urn" => (*ops.get(1)?, false),
        "test" | "t" | "tst" | "start" | "stop" | "restart" => (*sub, false),
        _ if program == "npm" => return None,
        s if PACKAGE_MANAGER_COMMANDS.contains(&s) => return None,
        _ => (*sub, true),
    };
    if is_placeholder(&name.text) {
        return None;
    }
    let prefix = opt(&opts, &["--prefix", "-C", "--dir", "--cwd"]);
    let dir = match prefix {
        Some(d) => project::join(&c.cwd, d)?,
        None => c.cwd.clone(),
    };
    let explicit = prefix.is_some() || c.explicit_cwd;
    let pkg = if explicit {
        p.npm.iter().find(|n| n.dir == dir).or_else(|| p.npm_at(&dir))?
    } else {
        match p.npm_at(&dir) {
            Some(pkg) => pkg,
            None if p.npm.is_empty() && !shorthand && !p.packaged => {
                return Some((
                    name,
                    format!(
                        "`{} {}` needs a package.json, and the repository has none",
                        program, sub.text
                    ),
                ));
            }
            None => return None,
        }
    };
    let script = name.text.as_str();
    // A package.json without scripts (published ones are often stripped,
    // some exist only to publish) says nothing about what to run.
    if pkg.scripts.is_empty() {
        return None;
    }
    if pkg.scripts.iter().any(|s| s == script) || pkg.workspaces {
        return None;
    }
    // A tool's README says `npm start` about the reader's project: the
    // lifecycle names are judged only when the package is an application
    // (private, or without an entry point others import or run).
    if matches!(script, "start" | "dev" | "build" | "serve" | "test") && pkg.library && !explicit {
        return None;
    }
    // `npm start` runs `node server.js` when there is no start script.
    if script == "start" && p.files.contains(&shown(&pkg.dir, "server.js")) {
        return None;
    }
    if shorthand && !script_like(script, pkg) {
        return None;
    }
    // Not told where to run it: a script another package.json defines is
    // not an error of this one.
    if !explicit
        && p
            .npm
            .iter()
            .any(|o| o.scripts.iter().any(|s| s == script))
    {
        return None;
    }
    Some((
        name,
        format!(
            "{} has no script `{script}` (scripts: {}){}",
            shown(&pkg.dir, "package.json"),
            listing(&pkg.scripts),
            did_you_mean(script, pkg.scripts.iter().map(String::as_str))
        ),
    ))
}

fn targets<'c>(
    c: &'c DocCommand,
    program: &str,
    rest: &'c [Word],
    all: &[project::Targets],
    kind: &str,
    p: &Project,
) -> Option<(&'c Word, String)> {
    let (ops, opts) = operands(program, rest);
    if opts.iter().any(|(k, _)| {
        matches!(
            *k,
            "-f" | "--file" | "--justfile" | "-t" | "--taskfile" | "--list" | "-l" | "-n" | "--help"
        )
    }) {
        return None;
    }
    // `just` passes the words after the recipe to it as arguments.
    let names: Vec<&Word> = match program {
        "just" | "task" => ops.into_iter().take(1).collect(),
        _ => ops,
    };
    let dir_opt = opt(&opts, &["-C", "--directory", "-d", "--dir", "--working-directory"]);
    let dir = match dir_opt {
        Some(d) => project::join(&c.cwd, d)?,
        None => c.cwd.clone(),
    };
    let explicit = dir_opt.is_some() || c.explicit_cwd;
    for name in names {
        let t = name.text.as_str();
        if is_placeholder(t) || t.contains('/') || t.contains('.') {
            continue;
        }
        if all.is_empty() {
            if program == "make" && p.generates_makefiles() || program == "task" || p.packaged {
                return None;
            }
            return Some((
                name,
                format!("`{program} {t}` needs a {kind}, and the repository has none"),
            ));
        }
        // The file of that folder, or the nearest one above it.
        let mut d = dir.as_str();
        let here: Vec<&project::Targets> = loop {
            let at: Vec<&project::Targets> = all.iter().filter(|m| m.dir == d).collect();
            if !at.is_empty() || d.is_empty() {
                break at;
            }
            d = project::parent(d);
        };
        if here.is_empty() {
            if explicit || all.iter().any(|m| m.open || m.names.iter().any(|n| n == t)) {
                return None;
            }
            let names: Vec<String> = all.iter().flat_map(|m| m.names.clone()).collect();
            return Some((
                name,
                format!(
                    "no {kind} of the repository has a target `{t}` (targets: {}){}",
                    listing(&names),
                    did_you_mean(t, names.iter().map(String::as_str))
                ),
            ));
        }
        // Included `.mk` files count with the Makefile that includes them.
        let open = here.iter().any(|m| m.open) || (program == "make" && here.iter().any(|m| m.file.ends_with(".mk")));
        let mut names: Vec<String> = here.iter().flat_map(|m| m.names.clone()).collect();
        if program == "make" {
            names.extend(
                all.iter()
                    .filter(|m| m.file.ends_with(".mk"))
                    .flat_map(|m| m.names.clone()),
            );
        }
        if open || names.iter().any(|n| n == t) {
            continue;
        }
        if !explicit && all.iter().any(|m| m.names.iter().any(|n| n == t)) {
            continue;
        }
        return Some((
            name,
            format!(
                "{} has no target `{t}` (targets: {}){}",
                here[0].file,
                listing(&names),
                did_you_mean(t, names.iter().map(String::as_str))
            ),
        ));
    }
    None
}

fn cargo<'c>(rest: &'c [Word], p: &Project) -> Option<(&'c Word, String)> {
    if rest.first().is_none_or(|w| w.text != "run") {
        return None;
    }
    let mut i = 1;
    while i < rest.len() {
        let w = rest[i].text.as_str();
        if w == "--" {
            break;
        }
        let (key, value) = match w.split_once('=') {
            Some((k, _)) if k.starts_with("--") => (k, None),
            _ => (w, rest.get(i + 1)),
        };
        let kinds: Option<(&str, Vec<String>)> = match key {
            "--bin" => Some(("binary", p.crates.iter().flat_map(|c| c.bins.clone()).collect())),
            "--example" => Some((
                "example",
                p.crates.iter().flat_map(|c| c.examples.clone()).collect(),
            )),
            "-p" | "--package" => Some((
                "package",
                p.crates.iter().filter_map(|c| c.name.clone()).collect(),
            )),
            _ => None,
        };
        if let (Some((kind, names)), Some(v)) = (kinds, value)
            && value.is_some()
        {
            let name = v.text.as_str();
            if !is_placeholder(name) && !names.iter().any(|n| n == name) {
                if p.crates.is_empty() {
                    return Some((v, format!("`cargo run {key} {name}` needs a Cargo.toml, and the repository has none")));
                }
                return Some((
                    v,
                    format!(
                        "the Cargo workspace has no {kind} `{name}` ({}: {}){}",
                        match kind {
                            "binary" => "binaries",
                            "example" => "examples",
                            _ => "packages",
                        },
                        listing(&names),
                        did_you_mean(name, names.iter().map(String::as_str))
                    ),
                ));
            }
            i += 1;
        }
        i += 1;
    }
    None
}

/// Compose subcommands whose operands are service names (`run` and
/// `exec`: only the first; the rest is the command).
fn compose<'c>(c: &'c DocCommand, rest: &'c [Word], p: &Project) -> Option<(&'c Word, String)> {
    // Global options (`-f FILE`, `-p NAME`) come before the subcommand.
    let mut at = 0;
    while let Some(w) = rest.get(at).map(|w| w.text.as_str()) {
        if !w.starts_with('-') {
            break;
        }
        at += if !w.contains('=') && takes_value("docker", w) { 2 } else { 1 };
    }
    let (_, opts) = operands("docker", rest.get(..at).unwrap_or(rest));
    let sub = rest.get(at)?;
    let (after, _) = operands("docker-subcommand", &rest[at + 1..]);
    let ops: Vec<&Word> = std::iter::once(sub).chain(after).collect();
    let services: Vec<&Word> = match sub.text.as_str() {
        "run" | "exec" => ops.get(1).copied().into_iter().collect(),
        "up" | "start" | "stop" | "restart" | "logs" | "build" | "pull" | "create" | "rm"
        | "kill" | "down" | "pause" | "unpause" | "ps" | "top" | "push" => ops[1..].to_vec(),
        _ => return None,
    };
    let file = opt(&opts, &["-f", "--file"]);
    let composes: Vec<&project::Compose> = match file {
        Some(f) => {
            let rel = project::join(&c.cwd, f)?;
            if is_placeholder(f) {
                return None;
            }
            if !p.exists(&rel) {
                let w = rest.iter().find(|w| w.text == f || w.text.ends_with(&format!("={f}")))?;
                return Some((w, format!("compose file `{rel}` does not exist")));
            }
            p.compose.iter().filter(|x| x.file == rel).collect()
        }
        None => p.compose.iter().collect(),
    };
    if composes.is_empty() {
        if file.is_some() || p.packaged {
            return None;
        }
        let w = services.first().copied().unwrap_or(sub);
        return Some((
            w,
            format!(
                "`{}` needs a compose file, and the repository has none",
                words_text(&c.words)
            ),
        ));
    }
    let names: Vec<String> = composes.iter().flat_map(|x| x.services.clone()).collect();
    for s in services {
        if is_placeholder(&s.text) || names.contains(&s.text) {
            continue;
        }
        return Some((
            s,
            format!(
                "no compose service `{}` (services: {}){}",
                s.text,
                listing(&names),
                did_you_mean(&s.text, names.iter().map(String::as_str))
            ),
        ));
    }
    None
}

fn words_text(words: &[Word]) -> String {
    let s: Vec<&str> = words.iter().map(|w| w.text.as_str()).take(6).collect();
    s.join(" ")
}

fn python<'c>(c: &'c DocCommand, rest: &'c [Word], p: &Project) -> Option<(&'c Word, String)> {
    let first = rest.first()?;
    if first.text == "-m" {
        let m = rest.get(1)?;
        let module = m.text.as_str();
        if is_placeholder(module) || !module.chars().all(|ch| ch.is_alphanumeric() || ch == '_' || ch == '.') {
            return None;
        }
        let top = module.split('.').next().unwrap_or(module);
        if !p.python_top_level(top) {
            return None;
        }
        return match p.python_module(module) {
            Some(true) => None,
            Some(false) => Some((
                m,
                format!("`python -m {module}`: {module} is a package without `__main__.py`"),
            )),
            None => Some((
                m,
                format!("no module `{module}` in the repository (package `{top}` exists, the module does not)"),
            )),
        };
    }
    script_path(c, first, p)
}

/// `./scripts/x.sh`, `bash scripts/x.sh`, `python tools/x.py`, `node x.js`.
fn script<'c>(c: &'c DocCommand, p: &Project) -> Option<(&'c Word, String)> {
    let program = c.program();
    match program {
        "bash" | "sh" | "zsh" | "node" | "deno" | "ruby" | "perl" | "source" | "." => {
            let w = c.words.get(1)?;
            script_path(c, w, p)
        }
        _ if program.starts_with("./") || program.starts_with("scripts/") => {
            script_path(c, &c.words[0], p)
        }
        _ => None,
    }
}

/// Folders whose files are built or installed, not committed.
const BUILT_FOLDERS: &[&str] = &[
    "target", "build", "dist", "out", "node_modules", ".venv", "venv", "env", "bin", "_build",
    "vendor", ".bin", "pkg", "lib", "release", "debug",
];

fn script_path<'c>(c: &'c DocCommand, w: &'c Word, p: &Project) -> Option<(&'c Word, String)> {
    let path = w.text.as_str();
    // A bare name (`manage.py`, `example.py`) may be the reader's own file.
    if !path.trim_start_matches("./").contains('/') {
        return None;
    }
    if path.starts_with('-') || is_placeholder(path) || path.contains("://") || path.starts_with('~') {
        return None;
    }
    let rel = project::join(&c.cwd, path)?;
    let first = rel.split('/').next().unwrap_or("");
    // Only paths into folders the repository has: `manage.py` or
    // `./my-app/run.sh` at the top may be the reader's own project, and
    // `target/`, `dist/`, `bin/` hold what a build makes.
    if !rel.contains('/')
        || rel.split('/').any(|d| BUILT_FOLDERS.contains(&d))
        || !p.is_dir(first)
    {
        return None;
    }
    // Without a `cd`, a document below the root may still mean a path
    // from the root.
    if p.packaged || p.exists(&rel) || (!c.explicit_cwd && project::join("", path).is_some_and(|r| p.exists(&r))) {
        return None;
    }
    let dir = project::parent(&rel);
    let siblings: Vec<&str> = p
        .files
        .iter()
        .filter(|f| project::parent(f) == dir)
        .map(|f| project::file_name(f))
        .collect();
    let name = project::file_name(&rel);
    let mut hint = did_you_mean(name, siblings.iter().copied());
    // A script moved to another folder keeps its name: say where it is.
    if hint.is_empty() {
        let elsewhere: Vec<&String> = p
            .files
            .iter()
            .filter(|f| project::file_name(f) == name)
            .take(2)
            .collect();
        if let [only] = elsewhere.as_slice() {
            hint = format!(" (`{only}` has that name)");
        }
    }
    Some((w, format!("`{path}` does not exist{hint}")))
}

/// `NAME args` where `NAME` is the Python project's own name but not one
/// of the console scripts it declares.
fn console_script<'c>(c: &'c DocCommand, p: &Project) -> Option<(&'c Word, String)> {
    let program = c.program();
    let norm = |s: &str| s.to_ascii_lowercase().replace('_', "-");
    for py in &p.python {
        let Some(name) = &py.name else { continue };
        // Commands are case-sensitive: `Flask` in a block is not `flask`.
        if py.scripts.is_empty() || norm(name) != program.replace('_', "-") {
            continue;
        }
        if py.scripts.iter().any(|s| s == program) {
            return None;
        }
        return Some((
            &c.words[0],
            format!(
                "{} declares no console script `{program}` (scripts: {}){}",
                py.manifest,
                listing(&py.scripts),
                did_you_mean(program, py.scripts.iter().map(String::as_str))
            ),
        ));
    }
    None
}
