#!/usr/bin/env node
// Builds the package in place: the wasm crate for wasm32-unknown-unknown,
// wasm-bindgen for node (./pkg) and for the browser (../playground/pkg).
//
//   npm --prefix wasm/npm run build                  # release (profile `wasm`)
//   node wasm/npm/scripts/build.mjs --profile dev    # quick build for tests
//   ... --wasm-opt                                   # also run binaryen's wasm-opt -Oz
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const npmDir = resolve(here, '..');
const root = resolve(npmDir, '..', '..');
const args = process.argv.slice(2);
const profile = args.includes('--profile') ? args[args.indexOf('--profile') + 1] : 'wasm';
const wasmOpt = args.includes('--wasm-opt');
const noWeb = args.includes('--no-web');

function run(cmd, argv, opts = {}) {
  process.stderr.write(`+ ${cmd} ${argv.join(' ')}\n`);
  try {
    execFileSync(cmd, argv, { stdio: 'inherit', cwd: root, ...opts });
  } catch (e) {
    // The tool printed its own error above; no Node stack dump after it.
    process.stderr.write(`build.mjs: \`${cmd} ${argv.join(' ')}\` failed (${e.code ?? `exit ${e.status}`})\n`);
    process.exit(1);
  }
}

// The version of the wasm-bindgen crate in Cargo.lock: the CLI must match it.
function lockedVersion(name) {
  const lock = readFileSync(join(root, 'Cargo.lock'), 'utf8');
  const m = lock.match(new RegExp(`\\[\\[package\\]\\]\\nname = "${name}"\\nversion = "([^"]+)"`));
  return m ? m[1] : null;
}

// `cmd args…`'s stdout, or null when the command is not installed.
function probe(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8' });
  return r.error || r.status !== 0 ? null : r.stdout;
}

// Every tool the build needs, checked before anything runs: what is
// missing and the exact command that installs it.
function checkTools() {
  const missing = [];
  if (probe('cargo', ['--version']) === null) {
    missing.push(['cargo (Rust)', "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh"]);
  } else {
    const targets = probe('rustup', ['target', 'list', '--installed']);
    if (targets === null || !targets.split('\n').includes('wasm32-unknown-unknown')) {
      missing.push(['the wasm32-unknown-unknown Rust target', 'rustup target add wasm32-unknown-unknown']);
    }
  }
  const want = lockedVersion('wasm-bindgen');
  const have = (probe('wasm-bindgen', ['--version']) ?? '').trim().split(/\s+/)[1] ?? null;
  if (want && have !== want) {
    const what = have ? `wasm-bindgen-cli ${want} (found ${have}; it must match Cargo.lock)` : `wasm-bindgen-cli ${want}`;
    missing.push([what, `cargo install wasm-bindgen-cli --version ${want}`]);
  }
  if (wasmOpt && probe('npx', ['--version']) === null) {
    missing.push(['npx (for wasm-opt)', 'install Node.js 18 or later (it ships npx)']);
  }
  if (missing.length) {
    process.stderr.write('build.mjs: missing tools:\n');
    for (const [what, how] of missing) process.stderr.write(`  - ${what}: ${how}\n`);
    process.exit(1);
  }
}

checkTools();

run('cargo', ['build', '--target', 'wasm32-unknown-unknown', '--profile', profile, '-p', 'candor-wasm']);
const dir = profile === 'dev' ? 'debug' : profile;
const targetDir = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, 'target');
const wasm = join(targetDir, 'wasm32-unknown-unknown', dir, 'candor_wasm.wasm');
if (!existsSync(wasm)) throw new Error(`not built: ${wasm}`);

const outputs = [[join(npmDir, 'pkg'), 'nodejs']];
if (!noWeb) outputs.push([join(root, 'wasm', 'playground', 'pkg'), 'web']);
for (const [out, target] of outputs) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  run('wasm-bindgen', ['--target', target, '--out-dir', out, '--out-name', 'candor_wasm', wasm]);
  if (wasmOpt) {
    // binaryen from npm; the --enable flags match what rustc emits (crates.md pitfall 4).
    const bg = join(out, 'candor_wasm_bg.wasm');
    run('npx', ['--yes', 'wasm-opt', '-Oz',
      '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
      '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
      bg, '-o', bg], { cwd: npmDir });
  }
}
if (!noWeb) {
  // The playground's preloaded files: the demo repository.
  const demo = join(root, 'examples', 'demo');
  const files = [];
  const walk = (dir) => {
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.isFile()) {
        const bytes = readFileSync(p);
        if (!bytes.subarray(0, 8192).includes(0)) files.push({ path: relative(demo, p), content: bytes.toString('utf8') });
      }
    }
  };
  walk(demo);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  writeFileSync(join(root, 'wasm', 'playground', 'pkg', 'demo.js'),
    `// Generated by wasm/npm/scripts/build.mjs from examples/demo.\nexport const DEMO = ${JSON.stringify(files, null, 1)};\n`);
}
process.stderr.write(`built ${profile} → wasm/npm/pkg${noWeb ? '' : ' and wasm/playground/pkg'}\n`);
