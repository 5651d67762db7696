// pre-commit end to end: the real `pre-commit` (PyPI) installs this
// checkout's hook (`.pre-commit-hooks.yaml`, `language: node`) from a hook
// repository shaped like a release tag (the manifest, the root package.json
// and the built wasm/npm files, committed), then runs it on staged files.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { outDir } from './common.mjs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, run } from './common.mjs';

const preCommit = process.env.CANDOR_PRE_COMMIT || join(homedir(), '.cache', 'candor', 'venv', 'bin', 'pre-commit');

// A private key whose body must never be printed.
const BODY = [
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
  'MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu',
  'NMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ',
  'qgtzJ6GR3eqoYSW9b9UMvkBpZODSctWSNGj3P7jRFDO5VoTwCQAWbFnOjDfH5Ulg',
];
const SECRET = `-----BEGIN PRIVATE KEY-----\n${BODY.join('\n')}\n-----END PRIVATE KEY-----\n`;

let tmp;
let project;
let env;

function git(cwd, ...args) {
  const r = run('git', args, { cwd, env });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.toString().trim();
}

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'candor-pre-commit-'));
  // An empty git config of our own (not /dev/null: not a device everywhere).
  const gitconfig = join(tmp, 'gitconfig');
  writeFileSync(gitconfig, '');
  env = {
    ...process.env,
    PRE_COMMIT_HOME: join(tmp, 'cache'),
    GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com',
    GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com',
    GIT_CONFIG_GLOBAL: gitconfig, GIT_CONFIG_NOSYSTEM: '1',
    NO_COLOR: '1',
  };
  // The hook repository, as a release tag would look.
  const hook = join(tmp, 'hook');
  mkdirSync(join(hook, 'wasm', 'npm', 'pkg'), { recursive: true });
  for (const f of ['package.json', '.pre-commit-hooks.yaml']) copyFileSync(join(root, f), join(hook, f));
  for (const d of ['bin', 'lib']) cpSync(join(root, 'wasm', 'npm', d), join(hook, 'wasm', 'npm', d), { recursive: true });
  for (const f of ['candor_wasm.js', 'candor_wasm_bg.wasm']) {
    copyFileSync(join(root, 'wasm', 'npm', 'pkg', f), join(hook, 'wasm', 'npm', 'pkg', f));
  }
  git(hook, 'init', '-q');
  git(hook, 'add', '-A', '-f');
  git(hook, 'commit', '-qm', 'hook');
  const rev = git(hook, 'rev-parse', 'HEAD');

  project = join(tmp, 'project');
  mkdirSync(project);
  git(project, 'init', '-q');
  writeFileSync(join(project, '.pre-commit-config.yaml'),
    `repos:\n  - repo: ${hook}\n    rev: ${rev}\n    hooks:\n      - id: candor\n`);
  writeFileSync(join(project, 'clean.py'), 'def add(a, b):\n    return a + b\n');
  git(project, 'add', '.pre-commit-config.yaml', 'clean.py');
});

after(() => rmSync(tmp, { recursive: true, force: true }));

function preCommitRun() {
  const r = run(preCommit, ['run'], { cwd: project, env });
  return { status: r.status, out: r.stdout.toString() + r.stderr.toString() };
}

test('the hook passes on a clean staged file', () => {
  const { status, out } = preCommitRun();
  assert.equal(status, 0, out);
  assert.match(out, /candor\.+Passed/);
});

test('the hook fails on a staged private key, and never prints the key', () => {
  writeFileSync(join(project, 'deploy_key.pem'), SECRET);
  git(project, 'add', 'deploy_key.pem');
  const { status, out } = preCommitRun();
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'pre-commit.txt'), out);
  assert.equal(status, 1, out);
  assert.match(out, /candor\.+Failed/);
  assert.match(out, /deploy_key\.pem:1:1: secret\/private-key/);
  assert.match(out, /…\(\d+ chars\)/, 'the redacted span is shown');
  for (const line of BODY) {
    for (let i = 0; i + 12 <= line.length; i += 12) {
      assert.ok(!out.includes(line.slice(i, i + 12)), `key material leaked: ${line.slice(i, i + 12)}\n${out}`);
    }
  }
  assert.doesNotMatch(out, /clean\.py/, 'the clean file has no finding');
});
