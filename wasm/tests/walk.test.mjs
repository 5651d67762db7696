// Discovery parity on a repository built for it: nested config, .gitignore
// / .ignore / .candorignore with negation, excluded folders, binary,
// oversized and invalid UTF-8 files, broken symlinks and a symlink loop.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nativeCli, nodeCli, run } from './common.mjs';

const KEY = `-----BEGIN OPENSSH PRIVATE KEY-----
${'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n'.repeat(6)}-----END OPENSSH PRIVATE KEY-----
`;

function tree() {
  const dir = mkdtempSync(join(tmpdir(), 'candor-walk-'));
  const w = (p, c) => {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), c);
  };
  w('candor.toml', 'max-file-size = "10KiB"\n');
  w('.gitignore', 'build/\n*.log\n!keep.log\n');
  w('.candorignore', 'vendor/\n');
  w('sub/.ignore', 'secret.txt\n');
  w('sub/secret.txt', KEY);
  w('sub/other.txt', KEY);
  w('build/out.txt', KEY);
  w('app.log', KEY);
  w('keep.log', KEY);
  w('vendor/lib.txt', KEY);
  w('node_modules/x/index.js', KEY);
  w('big.txt', 'x'.repeat(20000));
  w('bin.dat', Buffer.from([1, 0, 2, 3]));
  w('latin1.txt', Buffer.from('caf\xe9\n', 'latin1'));
  w('deeper/pkg/pyproject.toml', '[project]\nname = "x"\n');
  w('deeper/pkg/id_rsa', KEY);
  symlinkSync('missing-target', join(dir, 'sub', 'broken'));
  symlinkSync('..', join(dir, 'sub', 'loop'));
  return dir;
}

test('walk parity on a tricky tree', () => {
  const dir = tree();
  try {
    for (const [cwd, args] of [
      [dir, ['check', '--format', 'json']],
      [dir, ['check']],
      [dir, ['check', '--format', 'json', '--no-ignore']],
      [dir, ['check', '--format', 'json', '--follow-symlinks']],
      [dir, ['check', '--format', 'json', 'sub', 'keep.log', 'build/out.txt']],
      [join(dir, 'deeper', 'pkg'), ['check', '--format', 'json']],
      [join(dir, 'sub'), ['check', '--format', 'json', '..']],
      ['/', ['check', '--format', 'json', dir]],
    ]) {
      const env = { ...process.env, NO_COLOR: '1' };
      const n = run(nativeCli, args, { cwd, env });
      const wv = run(process.execPath, [nodeCli, ...args], { cwd, env });
      const what = `${cwd}: ${args.join(' ')}`;
      assert.equal(wv.stderr.toString(), n.stderr.toString(), what);
      assert.equal(wv.stdout.toString(), n.stdout.toString(), what);
      assert.equal(wv.status, n.status, what);
    }
    // The tree is not vacuous: something was found and something skipped.
    const r = JSON.parse(run(process.execPath, [nodeCli, 'check', '--format', 'json'], { cwd: dir }).stdout);
    const paths = r.findings.map((f) => f.path);
    assert.ok(paths.includes('sub/other.txt'), paths.join(','));
    assert.ok(paths.includes('keep.log'), 'negated .gitignore pattern');
    for (const p of ['sub/secret.txt', 'build/out.txt', 'app.log', 'vendor/lib.txt']) assert.ok(!paths.includes(p), p);
    const diags = r.diagnostics.map((d) => `${d.path}: ${d.message}`).join('\n');
    assert.match(diags, /big\.txt: skipped/);
    // Without --follow-symlinks a symlinked folder inside the root is not
    // walked (like the native walker), so its loop is never entered.
    assert.doesNotMatch(diags, /symlink loop/);
    assert.match(diags, /sub\/broken/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
