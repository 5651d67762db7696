#!/usr/bin/env node
// Benchmark (not a test): the node CLI on the pre-commit shape — 1, 10 and
// 100 files of a real tree passed as arguments, a cold process each run
// (node start and wasm compile included) — next to the native binary on
// the same files, plus the wasm size.
//
//   node wasm/bench/bench.mjs [--tree DIR] [--runs N] [--native PATH]
//
// Build first: `npm --prefix wasm/npm run build` and `cargo build --release`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const tree = resolve(opt('--tree', '/root/.pyenv/versions/3.11.7/lib/python3.11'));
const runs = Number(opt('--runs', '15'));
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, 'target');
const native = resolve(opt('--native', join(targetDir, 'release', 'candor')));
const cli = join(root, 'wasm', 'npm', 'bin', 'candor.js');

// Files a commit would touch: source files of the tree, in a fixed spread
// (every k-th file, sorted), so 1/10/100 are comparable and repeatable.
function sourceFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (['site-packages', '__pycache__', 'test', 'tests', 'idlelib'].includes(e.name)) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.(py|ts|js|rs|toml|ya?ml|md|json)$/.test(e.name)) out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}
const all = sourceFiles(tree);
const pick = (n) => Array.from({ length: n }, (_, i) => all[Math.floor((i * all.length) / n)]);

function time(cmd, argv) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: tree, stdio: ['ignore', 'ignore', 'ignore'] });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} exited ${r.status}`);
  return ms;
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1) + 0.5))];
  return { median: q(0.5), p25: q(0.25), p75: q(0.75), min: s[0], max: s[s.length - 1] };
}
const fmt = (st) => `${st.median.toFixed(0)} ms (IQR ${st.p25.toFixed(0)}–${st.p75.toFixed(0)}, min ${st.min.toFixed(0)}, max ${st.max.toFixed(0)})`;

function measure(label, cmd, argvFor) {
  const rows = [];
  for (const n of [1, 10, 100]) {
    const files = pick(n);
    const bytes = files.reduce((s, f) => s + statSync(join(tree, f)).size, 0);
    time(cmd, argvFor(files)); // warm the page cache
    const xs = [];
    for (let i = 0; i < runs; i++) xs.push(time(cmd, argvFor(files)));
    rows.push({ label, n, kb: bytes / 1024, st: stats(xs) });
  }
  return rows;
}

const before = loadavg();
const rows = [];
const baseline = [];
for (let i = 0; i < runs; i++) baseline.push(time(process.execPath, ['-e', '0']));
rows.push(...measure('node CLI (wasm)', process.execPath, (f) => [cli, 'check', ...f]));
if (existsSync(native)) rows.push(...measure('native', native, (f) => ['check', ...f]));
const after = loadavg();

console.log(`tree: ${tree} (${all.length} candidate files); ${runs} cold runs each; ${cpus().length} cores; load average ${before[0].toFixed(1)} → ${after[0].toFixed(1)}`);
const bare = stats(baseline);
console.log(`node ${process.version} bare start (\`node -e 0\`): ${fmt(bare)}\n`);
console.log('| binary | files | KiB | wall time, median (IQR, min, max) | median minus bare node start |');
console.log('|---|---:|---:|---|---:|');
for (const r of rows) {
  const over = r.label.startsWith('node') ? `${(r.st.median - bare.median).toFixed(0)} ms` : '';
  console.log(`| ${r.label} | ${r.n} | ${r.kb.toFixed(0)} | ${fmt(r.st)} | ${over} |`);
}

const wasm = join(root, 'wasm', 'npm', 'pkg', 'candor_wasm_bg.wasm');
const bytes = readFileSync(wasm);
console.log(`\nwasm (${relative(root, wasm)}): ${(bytes.length / 1e6).toFixed(2)} MB raw, ${(gzipSync(bytes, { level: 9 }).length / 1e6).toFixed(2)} MB gzip -9`);
