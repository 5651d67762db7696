// Deeply nested input through the wasm (crates.md pitfall 7): the parsers
// recurse, and a wasm stack overflow must never become a trap that kills
// the hook or corrupts the module.
//
// Two stacks matter: the shadow stack in linear memory (raised to 8 MiB by
// wasm/build.rs; overflowing it was "memory access out of bounds") and V8's
// native stack (~1 MB by default; overflowing it throws a catchable
// RangeError, after which the CLI reruns itself with --stack-size=6000).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeCli, root, run } from './common.mjs';

const N = 1000;
const CASES = {
  'deep_list.py': `x = ${'['.repeat(N)}${']'.repeat(N)}\n`,
  'deep_parens.py': `y = ${'('.repeat(N)}1${')'.repeat(N)}\n`,
  'deep_blocks.py': `if x:\n${Array.from({ length: N }, (_, i) => `${' '.repeat(i + 1)}if x:\n`).join('')}${' '.repeat(N + 1)}pass\n`,
  'deep_array.ts': `const z = ${'['.repeat(N)}${']'.repeat(N)};\n`,
  'deep_object.ts': `const z = ${'{a:'.repeat(N)}1${'}'.repeat(N)};\n`,
  'deep_parens.rs': `fn f() { let a = ${'('.repeat(N)}1${')'.repeat(N)}; }\n`,
  'deep_blocks.rs': `fn f() ${'{'.repeat(N)}${'}'.repeat(N)}\n`,
};

const pkg = join(root, 'wasm', 'npm', 'pkg', 'candor_wasm.js');

function probe(name, nodeArgs) {
  const script = `
    const c = require(${JSON.stringify(pkg)});
    const [name, text] = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    try { process.stdout.write('ok:' + c.parseProbe(name, text)); }
    catch (e) { process.stdout.write((e instanceof RangeError ? 'range:' : 'trap:') + e.message); }`;
  const r = run(process.execPath, [...nodeArgs, '-e', script], { input: JSON.stringify([name, CASES[name]]) });
  return r.stdout.toString();
}

for (const name of Object.keys(CASES)) {
  test(`${N}-deep ${name} parses with the CLI's big stack`, () => {
    assert.equal(probe(name, ['--stack-size=6000']), 'ok:parsed');
  });
  test(`${N}-deep ${name} on the default stack: parsed or a catchable RangeError, never a trap`, () => {
    const out = probe(name, []);
    assert.ok(out === 'ok:parsed' || out.startsWith('range:'), out);
  });
}

test(`the node CLI checks a folder of ${N}-deep files without crashing`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'candor-deep-'));
  try {
    mkdirSync(join(dir, 'tests'));
    for (const [name, text] of Object.entries(CASES)) {
      // Test files that mock, so the mock rules (when present) parse them.
      const head = name.endsWith('.py') ? 'from unittest import mock\n' : name.endsWith('.ts') ? "vi.mock('db');\n" : '#[cfg(test)]\nuse mockall::automock;\n';
      writeFileSync(join(dir, 'tests', name.replace(/^deep_/, 'test_deep_')), head + text);
    }
    writeFileSync(join(dir, 'package.json'), `${'{"a":'.repeat(N)}1${'}'.repeat(N)}\n`);
    writeFileSync(join(dir, 'config.yaml'), `a: ${'['.repeat(N)}${']'.repeat(N)}\n`);
    writeFileSync(join(dir, 'pyproject.toml'), `a = ${'['.repeat(N)}${']'.repeat(N)}\n`);
    const r = run(process.execPath, [nodeCli, 'check', '--format', 'json', '.'], { cwd: dir });
    const stderr = r.stderr.toString();
    assert.ok(r.status === 0 || r.status === 1 || /pyproject\.toml/.test(stderr), `exit ${r.status}: ${stderr}`);
    assert.doesNotMatch(stderr, /internal error|RuntimeError|unreachable|out of bounds/);
    if (r.status !== 2) {
      const report = JSON.parse(r.stdout.toString());
      assert.equal(report.summary.files, Object.keys(CASES).length + 3);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
