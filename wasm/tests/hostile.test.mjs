// The hostile-input suite through the node CLI (the WebAssembly build):
// the cases of tests/data/hostile/cases.json, which tests/hostile.rs runs
// through the native binary. Its `about` describes the format. Each run
// must end (a watchdog kills it), exit with the documented code, show no
// trap, panic or internal error, keep the witness's finding, and report
// the listed findings and diagnostics.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { nodeCli, root } from './common.mjs';

const SURFACE = 'wasm';
const WATCHDOG_MS = 300_000;
const suite = JSON.parse(readFileSync(join(root, 'tests', 'data', 'hostile', 'cases.json'), 'utf8'));

/** `{TOKEN}`-style constants, and inside a `for` `{i}` and `{i%K}`. */
function substitute(s, i) {
  let out = '';
  let rest = s;
  for (;;) {
    const open = rest.indexOf('{');
    if (open < 0) break;
    out += rest.slice(0, open);
    const after = rest.slice(open + 1);
    const close = after.indexOf('}');
    if (close < 0) {
      out += rest.slice(open);
      rest = '';
      break;
    }
    const name = after.slice(0, close);
    let value;
    if (name === 'i' && i !== undefined) value = String(i);
    else if (name.startsWith('i%') && i !== undefined && /^\d+$/.test(name.slice(2))) value = String(i % Number(name.slice(2)));
    else if (typeof suite.constants[name] === 'string') value = suite.constants[name];
    if (value === undefined) {
      out += '{';
      rest = after;
    } else {
      out += value;
      rest = after.slice(close + 1);
    }
  }
  return out + rest;
}

/** A count: a number, a string with `{i}`, or `{native, wasm}` per surface. */
function times(v, i) {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Number(substitute(v, i));
  if (v && typeof v === 'object' && SURFACE in v) return times(v[SURFACE], i);
  throw new Error(`bad times: ${JSON.stringify(v)}`);
}

function repeatBuffer(one, n) {
  const out = Buffer.alloc(one.length * n);
  if (out.length > 0) out.fill(one);
  return out;
}

/** A file's bytes from its content description. */
function build(v, i) {
  if (typeof v === 'string') return Buffer.from(substitute(v, i));
  if (Array.isArray(v)) return Buffer.concat(v.map((p) => build(p, i)));
  if (v && typeof v === 'object') {
    if ('$ref' in v) return build(suite.contents[v.$ref], i);
    if ('hex' in v) return Buffer.from(v.hex, 'hex');
    if ('repeat' in v) return repeatBuffer(build(v.repeat, i), times(v.times, i));
    if ('join' in v) {
      const n = times(v.times, i);
      if (n === 0) return Buffer.alloc(0);
      const one = build(v.join, i);
      return Buffer.concat([repeatBuffer(Buffer.concat([one, Buffer.from(v.sep)]), n - 1), one]);
    }
    if ('for' in v) {
      const n = times(v.for, i);
      const parts = [];
      for (let k = 0; k < n; k++) parts.push(build(v.do, k));
      return Buffer.concat(parts);
    }
  }
  throw new Error(`bad content: ${JSON.stringify(v)}`);
}

function applies(v) {
  return !Array.isArray(v.surfaces) || v.surfaces.includes(SURFACE);
}

/** [path to give fs (a Buffer for raw bytes), the name candor shows]. */
function entryPath(repo, e) {
  if (e.path_hex !== undefined) {
    const bytes = Buffer.from(e.path_hex, 'hex');
    return [Buffer.concat([Buffer.from(`${repo}/`), bytes]), bytes.toString('utf8')];
  }
  return [join(repo, e.path), e.path];
}

function makeEntries(repo, entries, made) {
  const modes = [];
  for (const e of entries) {
    const [path, shown] = entryPath(repo, e);
    const dir = typeof path === 'string' ? dirname(path) : repo;
    mkdirSync(dir, { recursive: true });
    if (e.content !== undefined) {
      const bytes = build(e.content);
      made.texts.set(shown, bytes.toString('utf8'));
      writeFileSync(path, bytes);
    } else if (typeof e.symlink === 'string') {
      symlinkSync(e.symlink, path);
    } else if (e.fifo === true) {
      made.fifo = spawnSync('mkfifo', [path]).status === 0;
    }
    if (typeof e.mode === 'string') modes.push([path, parseInt(e.mode, 8)]);
  }
  for (const [path, mode] of modes) {
    chmodSync(path, mode);
    try {
      readdirSync(path);
      made.denied = false;
    } catch {
      made.denied = true; // root reads through permissions: nothing denied then
    }
    made.modes.push(path);
  }
}

function restoreModes(made) {
  for (const p of made.modes) {
    try {
      chmodSync(p, 0o755);
    } catch {
      // already gone
    }
  }
}

/** The CLI as a child, its output collected; `closeStdout` reads one byte and closes the pipe. */
function runCli(cwd, args, { closeStdout = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nodeCli, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, WATCHDOG_MS);
    child.stdout.on('data', (b) => {
      out.push(b);
      if (closeStdout) child.stdout.destroy(); // `| head -c 1`
    });
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (hung) reject(new Error(`candor ${args.join(' ')} still running after ${WATCHDOG_MS} ms: a hang`));
      else resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** No trap, panic, stack exhaustion or internal error in what the CLI printed. */
function assertNoCrash(what, run) {
  for (const bad of ['panicked', 'stack overflow', 'internal error', 'RuntimeError', 'unreachable', 'RangeError', 'ran out of stack', 'EPIPE', 'failed printing']) {
    assert.ok(!run.stderr.includes(bad), `${what}: stderr shows \`${bad}\`:\n${run.stderr}`);
  }
  assert.equal(run.signal, null, `${what}: killed by ${run.signal}\n${run.stderr}`);
}

/** The 1-based character column of `needle` on its line in `text` (a leading BOM not counted). */
function columnOf(text, needle) {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `column_of: ${needle} not in the file`);
  const start = text.lastIndexOf('\n', at - 1) + 1;
  return [...text.slice(start, at).replace(/^\uFEFF+/, '')].length + 1;
}

function findingMatches(made, want, f) {
  let column = want.column;
  if (column === undefined && want.column_of !== undefined) column = columnOf(made.texts.get(f.path) ?? '', substitute(want.column_of));
  return (want.rule === undefined || want.rule === f.rule)
    && (want.path === undefined || want.path === f.path)
    && (want.line === undefined || want.line === f.line)
    && (column === undefined || column === f.column);
}

async function runCase(c) {
  const top = mkdtempSync(join(tmpdir(), 'candor-hostile-'));
  const repo = join(top, 'repo');
  mkdirSync(repo);
  const made = { fifo: false, denied: false, modes: [], texts: new Map() };
  try {
    makeEntries(repo, [suite.witness, ...c.files], made);
    for (const [k, r] of c.runs.entries()) {
      if (!applies(r)) continue;
      const what = `${c.name}, run ${k}`;
      if (Array.isArray(r.write)) makeEntries(repo, r.write, made);
      const args = r.command ?? ['check', '--format', 'json', '.', ...(r.args ?? [])];
      if (r.close_stdout) {
        const run = await runCli(repo, args, { closeStdout: true });
        assertNoCrash(`${what} (${args.join(' ')})`, run);
        assert.ok(run.code === 0 || run.code === 1, `${what}: exit ${run.code}\n${run.stderr}`);
        continue;
      }
      const run = await runCli(repo, args);
      restoreModes(made);
      assertNoCrash(what, run);
      assert.equal(run.code, r.exit ?? 1, `${what}: exit code; stderr:\n${run.stderr}`);
      for (const s of r.stderr_contains ?? []) assert.ok(run.stderr.includes(substitute(s)), `${what}: \`${substitute(s)}\` not in ${run.stderr}`);
      for (const s of r.stderr_lacks ?? []) assert.ok(!run.stderr.includes(substitute(s)), `${what}: \`${substitute(s)}\` in ${run.stderr}`);
      if (run.code === 2) continue; // a configuration error: no report
      let report;
      try {
        report = JSON.parse(run.stdout);
      } catch (e) {
        assert.fail(`${what}: not JSON (${e.message}): ${run.stdout.slice(0, 2000)}\n${run.stderr}`);
      }
      const findings = report.findings;
      const shown = () => JSON.stringify(findings.map((f) => [f.rule, f.path, f.line, f.column]));
      if (r.witness !== false) {
        assert.ok(findings.some((f) => findingMatches(made, suite.witness.finding, f)), `${what}: the witness file lost its finding: ${shown()}`);
      }
      for (const want of r.findings ?? []) {
        assert.ok(findings.some((f) => findingMatches(made, want, f)), `${what}: no finding ${JSON.stringify(want)} in ${shown()}`);
      }
      for (const not of r.no_findings ?? []) {
        const hit = findings.find((f) => f.path === not.path || (not.path_prefix !== undefined && f.path.startsWith(not.path_prefix)));
        assert.equal(hit, undefined, `${what}: unexpected finding ${JSON.stringify(hit)}`);
      }
      for (const want of r.diagnostics ?? []) {
        if (want.when === 'fifo' && !made.fifo) continue;
        if (want.when === 'denied' && !made.denied) continue;
        const d = report.diagnostics.filter((x) => x.path === want.path).map((x) => x.message);
        const ok = d.some((m) => (want.starts_with === undefined || m.startsWith(want.starts_with))
          && (want.contains ?? []).every((s) => m.includes(s)));
        assert.ok(ok, `${what}: no diagnostic ${JSON.stringify(want)} in ${JSON.stringify(d)}\n${JSON.stringify(report.diagnostics)}`);
      }
    }
  } finally {
    restoreModes(made);
    rmSync(top, { recursive: true, force: true });
  }
}

for (const c of suite.cases) {
  const skip = applies(c) ? false : `native only: ${c.about ?? ''}`;
  test(`hostile: ${c.name}`, { skip }, () => runCase(c));
}
