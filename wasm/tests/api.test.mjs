// The package's library API (wasm/npm/lib/index.js): scan, rules, badge,
// renderText and configuration handling.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { root } from './common.mjs';

const candor = createRequire(import.meta.url)(join(root, 'wasm', 'npm'));
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\n-----END PRIVATE KEY-----\n';

test('scan returns the JSON report, redacted', () => {
  const json = candor.scan([{ path: 'keys/k.pem', content: KEY }, { path: 'a.py', content: 'x = 1\n' }]);
  const report = JSON.parse(json);
  assert.equal(report.version, 1);
  assert.equal(report.summary.files, 2);
  assert.deepEqual(report.findings.map((f) => [f.rule, f.path, f.line, f.column]), [['secret/private-key', 'keys/k.pem', 1, 1]]);
  assert.ok(!json.includes('MIIEvQIBADAN'), 'no key material in the report');
  assert.ok(json.endsWith('}\n'));
});

test('bytes are decoded like the native CLI: binary skipped, invalid UTF-8 diagnosed', () => {
  const report = JSON.parse(candor.scan([
    { path: 'bin', content: new Uint8Array([1, 0, 2]) },
    { path: 'latin1.txt', content: new Uint8Array([0x63, 0x61, 0x66, 0xe9]) },
  ]));
  assert.equal(report.summary.files, 1);
  assert.match(report.diagnostics[0].message, /invalid UTF-8/);
});

test('config text is parsed by the native code: selection applies, errors throw', () => {
  const files = [{ path: 'k.pem', content: KEY }];
  assert.equal(JSON.parse(candor.scan(files, 'ignore = ["secret"]\n')).summary.findings, 0);
  assert.throws(() => candor.scan(files, 'selct = ["secret"]\n'), /selct/);
  assert.throws(() => candor.scan([{ content: 'x' }]), /path/);
  // A pyproject.toml text: only its [tool.candor] table counts.
  const pyproject = '[project]\nname = "x"\n\n[tool.candor]\nignore = ["secret"]\n';
  assert.equal(JSON.parse(candor.scan(files, pyproject)).summary.findings, 0);
  assert.equal(JSON.parse(candor.scan(files, pyproject, 'pyproject.toml')).summary.findings, 0);
  assert.throws(() => candor.scan(files, 'ignore = ["nope-family"]\n', 'custom.toml'), /custom\.toml/);
});

test('rules lists every rule with documentation', () => {
  const rules = JSON.parse(candor.rules());
  const pk = rules.find((r) => r.id === 'secret/private-key');
  assert.ok(pk);
  assert.match(pk.doc, /## What it does/);
  assert.match(candor.rulePage('secret/private-key'), /secret\/private-key/);
  assert.equal(candor.rulePage('no/such-rule'), undefined);
});

test('badge renders an SVG from a report; renderText matches the CLI text', () => {
  const json = candor.scan([{ path: 'k.pem', content: KEY }]);
  assert.match(candor.badge(json), /^<svg[^>]*>.*readiness/s);
  assert.throws(() => candor.badge('not json'));
  const text = candor.renderText([{ path: 'k.pem', content: KEY }]);
  assert.match(text, /^k\.pem:1:1: secret\/private-key /);
  assert.match(text, /Found 1 finding \(1 error\) in 1 file\./);
});

test('the shipped module validates whole (the CLI validates each function lazily)', async () => {
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(join(root, 'wasm', 'npm', 'pkg', 'candor_wasm_bg.wasm'));
  assert.ok(WebAssembly.validate(bytes));
});
