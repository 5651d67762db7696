// The node CLI (wasm) and the native CLI print the same bytes and exit with
// the same code on the demo repository and on every fixture repository.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { nativeCli, nodeCli, repositories, root, run } from './common.mjs';

assert.ok(existsSync(nativeCli), `build the native CLI first: ${nativeCli}`);

function both(args, cwd = root) {
  const env = { ...process.env, NO_COLOR: '1' };
  const n = run(nativeCli, args, { cwd, env });
  const w = run(process.execPath, [nodeCli, ...args], { cwd, env });
  return { n, w };
}

function assertSame({ n, w }, what) {
  assert.equal(w.stderr.toString(), n.stderr.toString(), `${what}: stderr differs`);
  assert.ok(Buffer.compare(n.stdout, w.stdout) === 0, `${what}: stdout differs\n--- native\n${n.stdout}\n--- node\n${w.stdout}`);
  assert.equal(w.status, n.status, `${what}: exit code differs`);
}

const repos = repositories();

test('there are repositories to compare', () => {
  assert.ok(repos.length >= 3, repos.join(', '));
});

for (const repo of repos) {
  const name = relative(root, repo);
  test(`json parity: ${name}`, () => {
    const r = both(['check', '--format', 'json', name]);
    assert.ok(r.n.stdout.length > 0, 'native printed a report');
    assertSame(r, name);
  });
  test(`json parity from inside (config discovery): ${name}`, () => {
    assertSame(both(['check', '--format', 'json'], repo), `${name} (cwd)`);
  });
}

test('text parity on the demo, including code frames and the summary', () => {
  const r = both(['check', 'examples/demo']);
  assert.equal(r.n.status, 1, 'the demo has findings');
  assertSame(r, 'demo text');
});

test('quiet, statistics, selection and fail-on parity', () => {
  for (const args of [
    ['check', '-q', 'examples/demo'],
    ['check', '--statistics', 'examples/demo'],
    ['check', '--format', 'json', '--select', 'secret', 'examples/demo'],
    ['check', '--format', 'json', '--fail-on', 'error', 'examples/demo'],
    ['check', '--exit-zero', 'examples/demo'],
    ['check', '--format', 'json', 'examples/demo/README.md', 'no/such/path'],
    ['rules', '--format', 'json'],
    ['rules'],
  ]) {
    assertSame(both(args), args.join(' '));
  }
});

test('usage and configuration errors exit 2 on both', () => {
  for (const args of [
    ['check', '--select', 'no-such-family', 'examples/demo'],
    ['check', '--format', 'yaml', 'examples/demo'],
    ['check', '--config', 'no-such-candor.toml', 'examples/demo'],
  ]) {
    const { n, w } = both(args);
    assert.equal(n.status, 2, `native: ${args.join(' ')}`);
    assert.equal(w.status, 2, `node: ${args.join(' ')}: ${w.stderr}`);
  }
});
