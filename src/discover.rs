//! Native only: finding the configuration and the files on disk.

use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::config::{CONFIG_FILE_NAMES, Config, ConfigError};
use crate::finding::Diagnostic;
use crate::workspace::InputFile;

/// What `candor check` was asked to scan.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub paths: Vec<PathBuf>,
    /// An explicit configuration file (`--config`).
    pub config: Option<PathBuf>,
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub no_ignore: bool,
    /// Follow symlinks wherever they point (`--follow-symlinks`). Without
    /// it, a symlink to a file inside the project root is read and any
    /// other symlink is reported and skipped.
    pub follow_symlinks: bool,
    pub options: crate::ScanOptions,
}

/// A finished scan and the configuration it used.
pub struct Outcome {
    pub report: crate::Report,
    pub config: Config,
    /// The project root (the configuration's folder, or the scanned folder).
    pub root: PathBuf,
}

/// Finds the configuration, walks and reads the files, scans them: what
/// `candor check` does before printing.
pub fn run(request: &Request, progress: &AtomicUsize) -> Result<Outcome, ConfigError> {
    let cwd = normalize(&std::env::current_dir().map_err(|e| ConfigError {
        file: ".".into(),
        message: format!("cannot read the current folder: {e}"),
    })?);
    let mut paths: Vec<PathBuf> = request.paths.iter().map(|p| normalize(p)).collect();
    paths.retain(|p| !p.as_os_str().is_empty());
    if paths.len() < request.paths.len() || paths.is_empty() {
        paths.push(PathBuf::from("."));
        paths.dedup();
    }
    let mut config_diags = Vec::new();
    let (mut config, root) = match &request.config {
        Some(path) => {
            let root = normalize(&cwd.join(path))
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or(cwd.clone());
            (load_config(path)?, root)
        }
        None => match find_config(&cwd.join(&paths[0]))? {
            Search {
                found: Some(found),
                diagnostics,
            } => {
                config_diags = diagnostics;
                (found.config, normalize(&cwd.join(found.root)))
            }
            Search {
                found: None,
                diagnostics,
            } => {
                config_diags = diagnostics;
                let first = normalize(&cwd.join(&paths[0]));
                let root = if paths.len() == 1 && first.is_dir() {
                    first
                } else {
                    cwd.clone()
                };
                (Config::default(), root)
            }
        },
    };
    let mut extend = request.extend_select.clone();
    if request.options.report_unused_suppressions {
        extend.push("candor/unused-suppression".into());
    }
    if request.select.is_some() || !extend.is_empty() || !request.ignore.is_empty() {
        config.override_selection(request.select.as_deref(), &extend, &request.ignore)?;
    }
    let walk = Walk {
        paths: &paths,
        cwd: &cwd,
        root: &root,
        config: &config,
        no_ignore: request.no_ignore,
        follow_symlinks: request.follow_symlinks,
        progress,
    };
    let (inputs, walk_diags, unread) = walk.run();
    let mut ws = crate::Workspace::new(inputs, &config.file_rules());
    ws.unread.extend(unread);
    ws.unread.sort();
    ws.unread.dedup();
    for mut d in config_diags {
        // Shown like every other path: relative to the current folder.
        if let Ok(rel) = Path::new(&d.path).strip_prefix(&cwd) {
            d.path = slash(rel);
        }
        ws.push_diagnostic(d);
    }
    for d in walk_diags {
        ws.push_diagnostic(d);
    }
    let report = with_analysis_stack(|| crate::scan(&ws, &config, &request.options));
    Ok(Outcome {
        report,
        config,
        root,
    })
}

/// The stack each analysis thread gets. Parsers and tree walks recurse
/// once per nesting level; `lang::MAX_NESTING` keeps the depth under what
/// this stack holds (most of it is never touched, so it costs address
/// space, not memory).
pub const ANALYSIS_STACK_BYTES: usize = 256 << 20;

/// Runs `work` (a scan) on a rayon pool whose threads have
/// [`ANALYSIS_STACK_BYTES`] of stack, falling back to the global pool when
/// the threads cannot be created.
fn with_analysis_stack<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new()
        .stack_size(ANALYSIS_STACK_BYTES)
        .thread_name(|i| format!("candor-scan-{i}"))
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Lexically normalizes a path (`a/./b/../c` → `a/c`) without touching the
/// disk, so symlinked folders keep the names users gave them.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `/`-separated form of a relative path.
pub fn slash(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    if s.is_empty() { ".".into() } else { s }
}

/// A configuration found on disk and the directory it governs.
pub struct Found {
    pub config: Config,
    pub root: PathBuf,
}

/// The configuration search's result: what it found, and the files on the
/// way it could not read as configuration but did not need to.
#[derive(Default)]
pub struct Search {
    pub found: Option<Found>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Walks up from `start` (a file or folder) to the first `candor.toml`,
/// `.candor.toml`, or `pyproject.toml` with a `[tool.candor]` table.
///
/// The walk stops, with no configuration, at the root of the repository
/// `start` is in (the first folder holding `.git`, after searching it), and
/// a configuration found above `start` does not govern it when it excludes
/// `start`: an excluded folder (fixtures, examples, vendored code) is not
/// that configuration's project, so scanning it directly scans it as its
/// own project, with the defaults.
///
/// A `pyproject.toml` that is not valid TOML and does not mention
/// `tool.candor` belongs to another tool: it becomes a diagnostic and the
/// search goes on.
pub fn find_config(start: &Path) -> Result<Search, ConfigError> {
    let mut diagnostics = Vec::new();
    let start = if start.is_dir() {
        start.to_path_buf()
    } else {
        start.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    let mut dir = Some(start.as_path());
    while let Some(d) = dir {
        for name in CONFIG_FILE_NAMES {
            let candidate = d.join(name);
            if candidate.is_file() {
                let display = slash(&candidate);
                let text = std::fs::read_to_string(&candidate).map_err(|e| ConfigError {
                    file: display.clone(),
                    message: format!("cannot read: {e}"),
                })?;
                let parsed = match Config::from_file_text(&text, &display) {
                    Err(e) if *name == "pyproject.toml" && !text.contains("tool.candor") => {
                        diagnostics.push(Diagnostic::new(
                            &display,
                            format!(
                                "not read as configuration: {} (it has no [tool.candor] table)",
                                e.message
                            ),
                        ));
                        None
                    }
                    other => other?,
                };
                if let Some(config) = parsed {
                    let below = start.strip_prefix(d).map(slash).unwrap_or_default();
                    if below != "." && !below.is_empty() && config.is_excluded(&below) {
                        return Ok(Search {
                            found: None,
                            diagnostics,
                        });
                    }
                    return Ok(Search {
                        found: Some(Found {
                            config,
                            root: d.to_path_buf(),
                        }),
                        diagnostics,
                    });
                }
            }
        }
        if d.join(".git").exists() {
            break;
        }
        dir = d.parent();
    }
    Ok(Search {
        found: None,
        diagnostics,
    })
}

/// Reads an explicit `--config` file.
pub fn load_config(path: &Path) -> Result<Config, ConfigError> {
    let display = slash(path);
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: display.clone(),
        message: format!("cannot read: {e}"),
    })?;
    Ok(Config::from_file_text(&text, &display)?.unwrap_or_default())
}

/// The files under `paths`, read into memory in parallel. Honors
/// `.gitignore`, `.ignore` and `.candorignore` unless `no_ignore`. Symlinks:
/// see [`Request::follow_symlinks`]; loops, broken links, FIFOs and other
/// special files become diagnostics. `cwd` and `root` must be absolute and
/// normalized.
pub struct Walk<'a> {
    pub paths: &'a [PathBuf],
    pub cwd: &'a Path,
    pub root: &'a Path,
    pub config: &'a Config,
    pub no_ignore: bool,
    pub follow_symlinks: bool,
    /// Incremented per file read (for a progress indicator).
    pub progress: &'a AtomicUsize,
}

impl Walk<'_> {
    /// The files read, the diagnostics, and the paths (relative to the
    /// root) that exist but were not read: excluded entries and files over
    /// the size limit.
    pub fn run(&self) -> (Vec<InputFile>, Vec<Diagnostic>, Vec<String>) {
        let files = Mutex::new(Vec::new());
        let diags = Mutex::new(Vec::new());
        let unread = std::sync::Arc::new(Mutex::new(Vec::new()));
        let Some((first, rest)) = self.paths.split_first() else {
            return (Vec::new(), Vec::new(), Vec::new());
        };
        for p in self.paths {
            if std::fs::symlink_metadata(p).is_err() {
                diags.lock().unwrap().push(Diagnostic::new(
                    self.display(p),
                    "no such file or directory",
                ));
            }
        }
        let mut builder = ignore::WalkBuilder::new(first);
        for p in rest {
            builder.add(p);
        }
        let use_ignore = !self.no_ignore;
        builder
            .hidden(false)
            .parents(use_ignore)
            .ignore(use_ignore)
            .git_ignore(use_ignore)
            .git_global(use_ignore)
            .git_exclude(use_ignore)
            .require_git(false)
            .follow_links(self.follow_symlinks)
            .threads(
                std::thread::available_parallelism()
                    .map_or(2, |n| n.get())
                    .min(8),
            );
        if use_ignore {
            builder.add_custom_ignore_filename(".candorignore");
        }
        let root = self.root.to_path_buf();
        let config = self.config.clone();
        let excluded = std::sync::Arc::clone(&unread);
        builder.filter_entry(move |entry| {
            // Paths named on the command line are always scanned.
            if entry.depth() == 0 {
                return true;
            }
            let rel = entry
                .path()
                .strip_prefix(&root)
                .map(slash)
                .unwrap_or_else(|_| slash(entry.path()));
            let keep = !config.is_excluded(&rel);
            if !keep && let Ok(mut e) = excluded.lock() {
                e.push(rel);
            }
            keep
        });
        builder.build_parallel().run(|| {
            Box::new(|result| {
                match result {
                    Ok(entry) => {
                        let file_type = entry.file_type();
                        let mut is_file = file_type.is_some_and(|t| t.is_file());
                        if file_type.is_some_and(|t| t.is_symlink()) {
                            match self.symlink(entry.path()) {
                                Ok(target_is_file) => is_file = target_is_file,
                                Err(d) => {
                                    diags.lock().unwrap().push(d);
                                    return ignore::WalkState::Continue;
                                }
                            }
                        } else if !is_file && !file_type.is_some_and(|t| t.is_dir()) {
                            // A FIFO would block the read forever; a socket
                            // or device is not source.
                            diags.lock().unwrap().push(Diagnostic::new(
                                self.display(entry.path()),
                                "not a regular file (a FIFO, socket or device): skipped",
                            ));
                        }
                        if is_file {
                            match self.read(entry.path()) {
                                Ok(Some(f)) => files.lock().unwrap().push(f),
                                Ok(None) => unread.lock().unwrap().push(self.rel(entry.path())),
                                Err(d) => {
                                    // It exists (too big, unreadable).
                                    unread.lock().unwrap().push(self.rel(entry.path()));
                                    diags.lock().unwrap().push(d);
                                }
                            }
                            self.progress.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    Err(err) => diags.lock().unwrap().push(self.walk_error(&err)),
                }
                ignore::WalkState::Continue
            })
        });
        let mut files = files.into_inner().unwrap();
        files.sort_by(|a: &InputFile, b| a.path.cmp(&b.path));
        let mut diags = diags.into_inner().unwrap();
        diags.sort();
        diags.dedup();
        let unread = std::mem::take(&mut *unread.lock().unwrap());
        (files, diags, unread)
    }

    /// A symlink met while walking without `--follow-symlinks`: `Ok(true)`
    /// when it is to be read (a file inside the project root), `Ok(false)`
    /// when it is skipped silently (a folder inside the root, walked under
    /// its own name), a diagnostic otherwise.
    fn symlink(&self, path: &Path) -> Result<bool, Diagnostic> {
        let display = self.display(path);
        let target = std::fs::canonicalize(path)
            .map_err(|_| Diagnostic::new(&display, "broken symlink or vanished file: not found"))?;
        let root = std::fs::canonicalize(self.root).unwrap_or_else(|_| self.root.to_path_buf());
        if !target.starts_with(&root) {
            return Err(Diagnostic::new(
                &display,
                "symlink to outside the project root: not followed (`--follow-symlinks` follows it)",
            ));
        }
        let meta = std::fs::metadata(&target)
            .map_err(|e| Diagnostic::new(&display, format!("cannot read symlink target: {e}")))?;
        if meta.is_file() {
            Ok(true)
        } else if meta.is_dir() {
            Ok(false)
        } else {
            Err(Diagnostic::new(
                &display,
                "symlink to a FIFO, socket or device: skipped",
            ))
        }
    }

    fn display(&self, path: &Path) -> String {
        let abs = normalize(&self.cwd.join(path));
        slash(abs.strip_prefix(self.cwd).unwrap_or(&abs))
    }

    fn rel(&self, path: &Path) -> String {
        let abs = normalize(&self.cwd.join(path));
        match abs.strip_prefix(self.root) {
            Ok(r) => slash(r),
            Err(_) => self.display(path),
        }
    }

    fn read(&self, path: &Path) -> Result<Option<InputFile>, Diagnostic> {
        let display = self.display(path);
        let fail = |e: std::io::Error| Diagnostic::new(&display, format!("cannot read: {e}"));
        let file = std::fs::File::open(path).map_err(fail)?;
        let len = file.metadata().map_err(fail)?.len();
        let max = self.config.max_file_size;
        if len > max {
            return Err(Diagnostic::new(
                &display,
                format!("skipped: {len} bytes is over the {max}-byte limit (`max-file-size`)"),
            ));
        }
        // Read the head first: a binary file (most of a site-packages or
        // node_modules tree by bytes) is dropped before it is read whole.
        // One buffer the file's size, filled in place (`read_to_end` reads
        // into spare capacity: no zeroing, no regrowing and copying).
        let mut reader = file.take(max + 1);
        let mut bytes = Vec::with_capacity(len as usize);
        reader
            .by_ref()
            .take(8192)
            .read_to_end(&mut bytes)
            .map_err(fail)?;
        if crate::workspace::is_binary(&bytes) {
            return Ok(None);
        }
        reader.read_to_end(&mut bytes).map_err(fail)?;
        Ok(Some(InputFile {
            path: display.clone(),
            rel: self.rel(path),
            bytes,
        }))
    }

    fn walk_error(&self, err: &ignore::Error) -> Diagnostic {
        let mut path = None;
        let mut e = err;
        loop {
            match e {
                ignore::Error::WithPath { path: p, err } => {
                    path.get_or_insert(p.clone());
                    e = err;
                }
                ignore::Error::WithDepth { err, .. }
                | ignore::Error::WithLineNumber { err, .. } => e = err,
                _ => break,
            }
        }
        let message = match e {
            ignore::Error::Loop { ancestor, child } => {
                path.get_or_insert(child.clone());
                format!(
                    "symlink loop: points back to `{}`; not followed",
                    self.display(ancestor)
                )
            }
            ignore::Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => {
                "broken symlink or vanished file: not found".to_string()
            }
            other => format!("cannot walk: {other}"),
        };
        let shown = path
            .map(|p| self.display(&p))
            .unwrap_or_else(|| "<walk>".into());
        Diagnostic::new(shown, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn a_configuration_does_not_govern_a_folder_it_excludes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join(".git")).unwrap();
        write(
            &root.join("candor.toml"),
            "extend-exclude = [\"examples\", \"tests/fixtures\"]\n",
        );
        write(&root.join("examples/demo/app/main.py"), "x = 1\n");
        write(&root.join("tests/fixtures/a/b.py"), "x = 1\n");
        write(&root.join("src/lib.py"), "x = 1\n");
        for excluded in ["examples/demo", "examples/demo/app", "tests/fixtures/a"] {
            assert!(
                find_config(&root.join(excluded)).unwrap().found.is_none(),
                "{excluded}"
            );
        }
        for governed in [".", "src", "src/lib.py", "tests"] {
            let found = find_config(&root.join(governed))
                .unwrap()
                .found
                .expect(governed);
            assert_eq!(found.root, root, "{governed}");
        }
    }

    #[test]
    fn the_walk_stops_at_the_repository_root() {
        let dir = tempfile::tempdir().unwrap();
        write(&dir.path().join("candor.toml"), "fail-on = \"error\"\n");
        let repo = dir.path().join("checkout");
        std::fs::create_dir_all(repo.join("src")).unwrap();
        // `.git` is a file in worktrees and submodules.
        write(&repo.join(".git"), "gitdir: elsewhere\n");
        assert!(find_config(&repo.join("src")).unwrap().found.is_none());
        // Without the repository boundary the parent's file is found.
        std::fs::remove_file(repo.join(".git")).unwrap();
        assert!(find_config(&repo.join("src")).unwrap().found.is_some());
    }
}
