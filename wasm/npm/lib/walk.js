'use strict';
// The node CLI's file discovery: the same decisions as the native CLI's
// `src/discover.rs` (configuration search, project root, the walk with
// `.gitignore` / `.ignore` / `.candorignore`, exclusions, size limits,
// diagnostics), so both print the same report. Ignore patterns and
// exclusions are matched in the wasm module with the very code the native
// walker uses; only the folder traversal is JavaScript.

const fs = require('node:fs');
const os = require('node:os');
const nodePath = require('node:path');

const CONFIG_FILE_NAMES = ['candor.toml', '.candor.toml', 'pyproject.toml'];

// ---- Rust `Path` semantics, on `/`-separated strings ----------------------

/** Components like Rust's `Path::components` (interior `.` dropped). */
function components(p) {
  const root = p.startsWith('/');
  const parts = p.split('/');
  const out = [];
  parts.forEach((c, i) => {
    if (c === '') return;
    if (c === '.' && (i > 0 || root)) return; // a leading `.` is kept (CurDir)
    out.push(c);
  });
  return { root, parts: out };
}

/** `discover::normalize`: lexical, without touching the disk. */
function normalize(p) {
  const { root, parts } = components(p);
  const out = [];
  for (const c of parts) {
    if (c === '.') continue;
    if (c === '..') {
      if (out.length > 0) out.pop();
      else out.push('..');
    } else {
      out.push(c);
    }
  }
  return (root ? '/' : '') + out.join('/');
}

/** `Path::join`. */
function join(base, p) {
  if (p.startsWith('/')) return p;
  if (base === '') return p;
  return base.endsWith('/') ? base + p : `${base}/${p}`;
}

/** `Path::parent`, or null. */
function parent(p) {
  const { root, parts } = components(p);
  if (parts.length === 0) return null;
  if (parts.length === 1) return root ? '/' : '';
  return (root ? '/' : '') + parts.slice(0, -1).join('/');
}

/** `Path::strip_prefix` (component-wise), or null. */
function stripPrefix(p, prefix) {
  const a = components(p);
  const b = components(prefix);
  if (a.root !== b.root || b.parts.length > a.parts.length) return null;
  for (let i = 0; i < b.parts.length; i++) if (a.parts[i] !== b.parts[i]) return null;
  return a.parts.slice(b.parts.length).join('/');
}

/** `discover::slash`. */
function slash(p) {
  return p === '' ? '.' : p;
}

function isDir(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p) {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Rust's `io::Error` display for the usual cases. */
function ioMessage(e) {
  const known = {
    ENOENT: 'No such file or directory (os error 2)',
    EACCES: 'Permission denied (os error 13)',
    EISDIR: 'Is a directory (os error 21)',
    ENOTDIR: 'Not a directory (os error 20)',
    ELOOP: 'Too many levels of symbolic links (os error 40)',
  };
  return known[e && e.code] || String((e && e.message) || e);
}

class ConfigError extends Error {}

// ---- configuration ---------------------------------------------------------

/**
 * `discover::find_config`: walks up from `start` to the first config file;
 * stops at the repository root (a folder holding `.git`), and a config that
 * excludes the folder being scanned does not govern it. A `pyproject.toml`
 * that is not valid TOML and does not mention `tool.candor` belongs to
 * another tool: `[path, message]` in `diagnostics`, and the search goes on.
 */
function findConfig(wasm, start, diagnostics = []) {
  let dir = isDir(start) ? start : parent(start) ?? '';
  const from = dir;
  while (dir !== null) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (isFile(candidate)) {
        const display = slash(candidate);
        let text;
        try {
          text = fs.readFileSync(candidate, 'utf8');
        } catch (e) {
          throw new ConfigError(`${display}: cannot read: ${ioMessage(e)}`);
        }
        let applies;
        try {
          applies = wasm.configApplies(text, display);
        } catch (e) {
          // Was a fatal error: the scan stopped on another tool's file.
          if (name !== 'pyproject.toml' || text.includes('tool.candor')) throw new ConfigError(e.message);
          const message = e.message.startsWith(`${display}: `) ? e.message.slice(display.length + 2) : e.message;
          diagnostics.push([display, `not read as configuration: ${message} (it has no [tool.candor] table)`]);
          applies = false;
        }
        if (!applies) continue;
        const below = stripPrefix(from, dir);
        if (below) {
          const probe = new wasm.Scanner(text, display);
          const excluded = probe.isExcluded(below);
          if (typeof probe.free === 'function') probe.free();
          if (excluded) return null;
        }
        return { text, file: display, root: dir };
      }
    }
    if (fs.existsSync(join(dir, '.git'))) break;
    dir = parent(dir);
  }
  return null;
}

// ---- ignore files ----------------------------------------------------------

function readText(p) {
  try {
    return fs.readFileSync(p, 'utf8');
  } catch {
    return null;
  }
}

/** The git dir whose `info/exclude` applies to `dir`, if `dir` has `.git`. */
function gitCommonDir(dir) {
  const dotGit = join(dir, '.git');
  let st;
  try {
    st = fs.statSync(dotGit);
  } catch {
    return null;
  }
  if (st.isDirectory()) return dotGit;
  const text = readText(dotGit);
  const m = text && /^gitdir: (.+)$/m.exec(text);
  if (!m) return null;
  let gitdir = m[1].trim();
  if (!gitdir.startsWith('/')) gitdir = normalize(join(dir, gitdir));
  const common = readText(join(gitdir, 'commondir'));
  if (common === null) return gitdir;
  const c = common.trim();
  return c.startsWith('/') ? c : normalize(join(gitdir, c));
}

/** The global gitignore (`core.excludesFile`, else `$XDG_CONFIG_HOME/git/ignore`). */
function globalGitignore() {
  const home = os.homedir();
  const xdg = process.env.XDG_CONFIG_HOME || (home && join(home, '.config'));
  let file = null;
  for (const cfg of [xdg && join(xdg, 'git/config'), home && join(home, '.gitconfig')]) {
    const text = cfg && readText(cfg);
    const m = text && /^\s*excludesfile\s*=\s*(.+?)\s*$/im.exec(text);
    if (m) {
      file = m[1].replace(/^"(.*)"$/, '$1');
      if (file.startsWith('~/') && home) file = join(home, file.slice(2));
    }
  }
  if (!file && xdg) file = join(xdg, 'git/ignore');
  return file && readText(file);
}

/** Ignore matchers of one folder: [custom, .ignore, .gitignore, info/exclude]. */
function folderMatchers(wasm, dir, cache) {
  if (cache.has(dir)) return cache.get(dir);
  const make = (text) => {
    if (text === null) return null;
    const m = new wasm.IgnoreFile(dir, text);
    return m.isEmpty() ? null : m;
  };
  const git = gitCommonDir(dir);
  const result = [
    make(readText(join(dir, '.candorignore'))),
    make(readText(join(dir, '.ignore'))),
    make(readText(join(dir, '.gitignore'))),
    git ? make(readText(join(git, 'info/exclude'))) : null,
  ];
  cache.set(dir, result);
  return result;
}

/** The ignore crate's verdict over a chain of folders (outermost first). */
function ignored(chain, global, abs, isDirectory) {
  for (let kind = 0; kind < 4; kind++) {
    for (let i = chain.length - 1; i >= 0; i--) {
      const m = chain[i][kind];
      if (!m) continue;
      const v = m.matched(abs, isDirectory);
      if (v !== 0) return v > 0;
    }
  }
  if (global) {
    const v = global.matched(abs, isDirectory);
    if (v !== 0) return v > 0;
  }
  return false;
}

// ---- the scan --------------------------------------------------------------

/**
 * `discover::run` for node: finds the configuration, walks and reads the
 * files into a wasm `Scanner`, and returns the finished `ScanResult`.
 * Throws `ConfigError` (exit 2) on a bad configuration or selection.
 */
function run(wasm, request) {
  const cwd = normalize(process.cwd());
  let paths = request.paths.map(normalize).filter((p) => p !== '');
  if (paths.length < request.paths.length || paths.length === 0) {
    paths.push('.');
    paths = paths.filter((p, i) => i === 0 || p !== paths[i - 1]);
  }

  let config = null;
  let root;
  const configDiagnostics = [];
  if (request.config) {
    const display = slash(request.config);
    const abs = normalize(join(cwd, request.config));
    root = parent(abs) ?? cwd;
    let text;
    try {
      text = fs.readFileSync(request.config, 'utf8');
    } catch (e) {
      throw new ConfigError(`${display}: cannot read: ${ioMessage(e)}`);
    }
    config = { text, file: display };
  } else {
    const found = findConfig(wasm, join(cwd, paths[0]), configDiagnostics);
    if (found) {
      config = found;
      root = normalize(join(cwd, found.root));
    } else {
      const first = normalize(join(cwd, paths[0]));
      root = paths.length === 1 && isDir(first) ? first : cwd;
    }
  }

  let scanner;
  try {
    scanner = new wasm.Scanner(config ? config.text : undefined, config ? config.file : undefined);
    scanner.overrideSelection(
      request.select == null ? undefined : request.select.join(','),
      request.extendSelect.join(','),
      request.ignore.join(','),
      !!request.reportUnusedSuppressions,
    );
  } catch (e) {
    throw new ConfigError(e.message);
  }
  const maxSize = scanner.maxFileSize();
  for (const [path, message] of configDiagnostics) {
    // Shown like every other path: relative to the current folder.
    const below = stripPrefix(path, cwd);
    scanner.addDiagnostic(below === null ? path : slash(below), message);
  }

  const display = (p) => {
    const abs = normalize(join(cwd, p));
    const s = stripPrefix(abs, cwd);
    return slash(s === null ? abs : s);
  };
  const rel = (p) => {
    const abs = normalize(join(cwd, p));
    const s = stripPrefix(abs, root);
    return s === null ? display(p) : slash(s);
  };

  for (const p of paths) {
    try {
      fs.lstatSync(p);
    } catch {
      scanner.addDiagnostic(display(p), 'no such file or directory');
    }
  }

  const useIgnore = !request.noIgnore;
  const cache = new Map();
  const global = useIgnore ? (() => {
    const text = globalGitignore();
    if (text === null || text === undefined) return null;
    const m = new wasm.IgnoreFile(cwd, text);
    return m.isEmpty() ? null : m;
  })() : null;

  // `p` names the file as candor shows it; `fsPath` (the same, or its raw
  // bytes when the name is not UTF-8) is what the file system is asked for.
  const readFile = (p, fsPath = p) => {
    const shown = display(p);
    let fd;
    try {
      fd = fs.openSync(fsPath, 'r');
      const size = fs.fstatSync(fd).size;
      if (size > maxSize) {
        scanner.addDiagnostic(
          shown,
          `skipped: ${size} bytes is over the ${maxSize}-byte limit (\`max-file-size\`)`,
        );
        return;
      }
      const buf = Buffer.alloc(Math.min(size, maxSize) + 1);
      let n = 0;
      for (;;) {
        const r = fs.readSync(fd, buf, n, buf.length - n, null);
        if (r === 0) break;
        n += r;
        if (n === buf.length) break;
      }
      scanner.addBytes(shown, rel(p), buf.subarray(0, n));
    } catch (e) {
      scanner.addDiagnostic(shown, `cannot read: ${ioMessage(e)}`);
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  };

  const walkError = (p, e) => {
    const msg = e && e.code === 'ENOENT'
      ? 'broken symlink or vanished file: not found'
      : `cannot walk: ${ioMessage(e)}`;
    scanner.addDiagnostic(display(p), msg);
  };

  // Matchers of the root's ancestors (the walker's `parents(true)`).
  const ancestorChain = (absDir) => {
    const chain = [];
    const dirs = [];
    let d = parent(absDir);
    while (d !== null) {
      dirs.push(d);
      d = parent(d);
    }
    for (const a of dirs.reverse()) chain.push(folderMatchers(wasm, a, cache));
    return chain;
  };

  for (const start of paths) {
    let st;
    try {
      st = fs.statSync(start);
    } catch (e) {
      walkError(start, e);
      continue;
    }
    if (!st.isDirectory()) {
      if (st.isFile()) readFile(start);
      continue;
    }
    let canon;
    try {
      canon = fs.realpathSync(start);
    } catch {
      canon = normalize(join(cwd, start));
    }
    const base = useIgnore ? ancestorChain(canon) : [];
    // Depth-first: [path as the walker names it, the same for the file
    // system (a Buffer below a name that is not UTF-8), canonical-ish
    // absolute path for ignore matching, matcher chain, ancestors' inodes].
    const stack = [[start, start, canon, base, [`${st.dev}:${st.ino}`], [start]]];
    while (stack.length > 0) {
      const [dir, fsDir, abs, chainAbove, inodes, names] = stack.pop();
      const chain = useIgnore ? chainAbove.concat([folderMatchers(wasm, abs, cache)]) : chainAbove;
      let entries;
      try {
        // Names as bytes: decoded as UTF-8 a name that is not (`caf\xe9.py`)
        // became `caf\uFFFD.py`, a file that does not exist.
        entries = fs.readdirSync(fsDir, { withFileTypes: true, encoding: 'buffer' });
      } catch (e) {
        walkError(dir, e);
        continue;
      }
      for (const ent of entries) {
        // Shown lossily, as the native walker does (`to_string_lossy`).
        const name = ent.name.toString('utf8');
        const child = join(dir, name);
        const fsChild = typeof fsDir === 'string' && Buffer.from(name).equals(ent.name)
          ? child
          : Buffer.concat([Buffer.from(fsDir), Buffer.from(dir === '' || dir.endsWith('/') ? '' : '/'), ent.name]);
        const childAbs = join(abs, name);
        let kind = ent.isSymbolicLink() ? null : ent.isDirectory() ? 'dir' : ent.isFile() ? 'file' : 'other';
        let cst = null;
        if (kind === null) {
          try {
            cst = fs.statSync(fsChild);
          } catch (e) {
            walkError(child, e);
            continue;
          }
          kind = cst.isDirectory() ? 'dir' : cst.isFile() ? 'file' : 'other';
        }
        if (cst && !request.followSymlinks) {
          // As the native walker without `--follow-symlinks`: a symlink to a
          // file inside the project root is read, one to a folder inside it
          // is skipped silently (walked under its own name), any other is
          // reported.
          let target = null;
          let realRoot = root;
          try {
            target = fs.realpathSync(fsChild);
            realRoot = fs.realpathSync(root);
          } catch (e) {
            walkError(child, e);
            continue;
          }
          if (stripPrefix(target, realRoot) === null) {
            scanner.addDiagnostic(
              display(child),
              'symlink to outside the project root: not followed (`--follow-symlinks` follows it)',
            );
            continue;
          }
          if (kind === 'dir') continue;
          if (kind === 'other') {
            scanner.addDiagnostic(display(child), 'symlink to a FIFO, socket or device: skipped');
            continue;
          }
        }
        // With `--follow-symlinks` a link is what it points to (the ignore
        // crate's `follow_links`).
        const isDirectory = kind === 'dir';
        // Like the ignore crate: only a symlinked folder is checked for a
        // loop, against the folders above it in this walk, before any
        // ignore rule is consulted.
        if (cst && isDirectory) {
          const loop = inodes.indexOf(`${cst.dev}:${cst.ino}`);
          if (loop >= 0) {
            scanner.addDiagnostic(
              display(child),
              `symlink loop: points back to \`${display(names[loop])}\`; not followed`,
            );
            continue;
          }
        }
        if (useIgnore && ignored(chain, global, childAbs, isDirectory)) continue;
        const stripped = stripPrefix(child, root);
        const relForExclude = stripped === null ? slash(child) : slash(stripped);
        if (scanner.isExcluded(relForExclude)) continue;
        if (isDirectory) {
          if (!cst) {
            try {
              cst = fs.statSync(fsChild);
            } catch (e) {
              walkError(child, e);
              continue;
            }
          }
          const id = `${cst.dev}:${cst.ino}`;
          stack.push([child, fsChild, childAbs, chain, inodes.concat([id]), names.concat([child])]);
        } else if (kind === 'file') {
          readFile(child, fsChild);
        } else {
          // As the native walker: a FIFO would block the read forever; a
          // socket or device is not source. Was skipped without a word.
          scanner.addDiagnostic(display(child), 'not a regular file (a FIFO, socket or device): skipped');
        }
      }
    }
  }
  return scanner.finish();
}

module.exports = { run, normalize, join, parent, stripPrefix, slash, ConfigError, findConfig };
