#!/usr/bin/env node
// Builds the package in place: the wasm crate for wasm32-unknown-unknown,
// wasm-bindgen for node (./pkg) and for the browser (../playground/pkg).
//
//   npm --prefix wasm/npm run build                  # release (profile `wasm`)
//   node wasm/npm/scripts/build.mjs --profile dev    # quick build for tests
//   ... --wasm-opt                                   # also run binaryen's wasm-opt -Oz
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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
  execFileSync(cmd, argv, { stdio: 'inherit', cwd: root, ...opts });
}

run('cargo', ['build', '--target', 'wasm32-unknown-unknown', '--profile', profile, '-p', 'candor-wasm']);
const dir = profile === 'dev' ? 'debug' : profile;
const wasm = join(root, 'target', 'wasm32-unknown-unknown', dir, 'candor_wasm.wasm');
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
process.stderr.write(`built ${profile} → wasm/npm/pkg${noWeb ? '' : ' and wasm/playground/pkg'}\n`);
