// Shared by the wasm tests: paths and process helpers.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const nodeCli = join(root, 'wasm', 'npm', 'bin', 'candor.js');
export const nativeCli = process.env.CANDOR_NATIVE
  || join(process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, 'target'), 'debug', 'candor');
export const outDir = join(root, 'wasm', 'tests', 'out');

export function run(cmd, args, opts = {}) {
  if (typeof opts.input === 'string') opts = { ...opts, input: Buffer.from(opts.input) };
  const r = spawnSync(cmd, args, { encoding: 'buffer', maxBuffer: 256 << 20, ...opts });
  if (r.error) throw r.error;
  return r;
}

/** examples/demo and every fixture repository tests/fixtures/<family>/<rule>/<case>. */
export function repositories() {
  const repos = [join(root, 'examples', 'demo')];
  const fixtures = join(root, 'tests', 'fixtures');
  if (!existsSync(fixtures)) return repos;
  const dirs = (p) => readdirSync(p).sort().map((n) => join(p, n)).filter((q) => statSync(q).isDirectory());
  for (const family of dirs(fixtures)) {
    for (const rule of dirs(family)) {
      for (const c of dirs(rule)) repos.push(c);
    }
  }
  return repos;
}
