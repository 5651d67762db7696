#!/usr/bin/env node
'use strict';
// `candor` on node: the native CLI's `check`, `rules` and `rule`, with the
// same output bytes and exit codes (0 clean, 1 findings, 2 usage or
// configuration error), running the WebAssembly build of the same library.

// Baseline (Liftoff) code only: a check is a short-lived process, and
// TurboFan's background tier-up competed with the scan for the cores
// (measured in docs/wasm.md: ~30% faster cold runs at 10 and 100 files).
// Must be set before the module is compiled. CANDOR_WASM_TIER_UP=1 keeps
// V8's default.
if (!process.env.CANDOR_WASM_TIER_UP) require('node:v8').setFlagsFromString('--liftoff-only');
// Each function is validated when it first runs instead of all ~9 MB up
// front (validation was ~40 of the ~50 ms of a module compile here); the
// module is candor's own build, and the node tests validate it whole.
// CANDOR_WASM_EAGER_VALIDATION=1 keeps V8's default.
if (!process.env.CANDOR_WASM_EAGER_VALIDATION) require('node:v8').setFlagsFromString('--wasm-lazy-validation');

const wasm = require('../pkg/candor_wasm.js');
const walk = require('../lib/walk.js');

const USAGE = `Usage: candor <COMMAND>

Commands:
  check  Scan files and folders (default: the current folder)
  rule   Print a rule's documentation
  rules  List every rule

Options for check:
  --format <text|json>      Output format [default: text]
  --select <RULES>          Rules or families to check, replacing the configured selection
  --extend-select <RULES>   Rules or families to add to the selection
  --ignore <RULES>          Rules or families to turn off
  --config <PATH>           Use this configuration file instead of searching for one
  --no-ignore               Do not honor .gitignore, .ignore and .candorignore files
  --fail-on <LEVEL>         Exit 1 when a finding is at least this severe (error, warning, info)
  --exit-zero               Exit 0 even when there are findings
  --statistics              Print finding counts per rule instead of the findings
  -q, --quiet               Print only \`path:line:col: rule message\` lines
  --report-unused-suppressions
`;

class UsageError extends Error {}

function noColor() {
  const v = process.env.NO_COLOR;
  return v !== undefined && v !== '';
}

function write(stream, text) {
  if (text) stream.write(text);
}

function parseCheck(argv) {
  const args = {
    paths: [],
    format: 'text',
    select: null,
    extendSelect: [],
    ignore: [],
    config: null,
    noIgnore: false,
    failOn: null,
    exitZero: false,
    statistics: false,
    quiet: false,
    reportUnusedSuppressions: false,
  };
  const list = (v) => v.split(',');
  let rest = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (rest || !a.startsWith('-') || a === '-') {
      args.paths.push(a);
      continue;
    }
    if (a === '--') {
      rest = true;
      continue;
    }
    let [flag, value] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const takeValue = () => {
      if (value !== undefined) return value;
      if (i + 1 >= argv.length) throw new UsageError(`a value is required for '${flag}'`);
      return argv[++i];
    };
    switch (flag) {
      case '--format': {
        const v = takeValue();
        if (v !== 'text' && v !== 'json') throw new UsageError(`invalid value '${v}' for '--format' [possible values: text, json]`);
        args.format = v;
        break;
      }
      case '--select':
        args.select = (args.select || []).concat(list(takeValue()));
        break;
      case '--extend-select':
        args.extendSelect.push(...list(takeValue()));
        break;
      case '--ignore':
        args.ignore.push(...list(takeValue()));
        break;
      case '--config':
        args.config = takeValue();
        break;
      case '--fail-on': {
        const v = takeValue();
        if (!['error', 'warning', 'info'].includes(v)) throw new UsageError(`invalid value '${v}' for '--fail-on' [possible values: error, warning, info]`);
        args.failOn = v;
        break;
      }
      case '--no-ignore':
        args.noIgnore = true;
        break;
      case '--exit-zero':
        args.exitZero = true;
        break;
      case '--statistics':
        args.statistics = true;
        break;
      case '-q':
      case '--quiet':
        args.quiet = true;
        break;
      case '--report-unused-suppressions':
        args.reportUnusedSuppressions = true;
        break;
      default:
        throw new UsageError(`unexpected argument '${a}' found`);
    }
  }
  return args;
}

// V8 gives wasm about 1 MB of native stack; the parsers recurse, so very
// deeply nested input (thousands of brackets) can exhaust it. Then the whole
// check reruns once in a fresh process with a bigger stack (nothing has been
// printed yet), which costs nothing in the usual case.
const BIG_STACK_KB = 6000;

function rerunWithBigStack() {
  const { spawnSync } = require('node:child_process');
  const child = spawnSync(
    process.execPath,
    [`--stack-size=${BIG_STACK_KB}`, __filename, ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, CANDOR_BIG_STACK: '1' } },
  );
  if (child.status === null) {
    write(process.stderr, `candor: error: the scan ran out of stack (${child.signal || child.error})\n`);
    return 2;
  }
  return child.status;
}

function isStackOverflow(e) {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

function check(argv) {
  const args = parseCheck(argv);
  let result;
  try {
    result = walk.run(wasm, args);
  } catch (e) {
    if (isStackOverflow(e) && !process.env.CANDOR_BIG_STACK) return rerunWithBigStack();
    if (isStackOverflow(e)) throw new walk.ConfigError('input nested too deeply for the available stack');
    throw e;
  }
  const color = !!process.stdout.isTTY && !noColor();
  const errColor = !!process.stderr.isTTY && !noColor();
  if (args.format === 'json') {
    write(process.stdout, result.json());
  } else {
    write(process.stderr, result.diagnostics(errColor));
    write(process.stdout, args.statistics ? result.statistics() : result.text(color, args.quiet));
  }
  const fails = result.fails(args.failOn ?? undefined);
  return !args.exitZero && fails ? 1 : 0;
}

function rules(argv) {
  let format = 'text';
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--format') format = argv[++i];
    else if (argv[i].startsWith('--format=')) format = argv[i].slice(9);
    else throw new UsageError(`unexpected argument '${argv[i]}' found`);
  }
  const list = JSON.parse(wasm.rules());
  if (format === 'json') {
    write(process.stdout, wasm.rules());
  } else if (format === 'text') {
    const width = Math.max(0, ...list.map((m) => m.id.length));
    let out = '';
    for (const m of list) {
      const off = m.default_enabled ? '' : ' (opt-in)';
      out += `${m.id.padEnd(width)}  ${m.severity.padEnd(7)}  ${m.summary}${off}\n`;
    }
    write(process.stdout, out);
  } else {
    throw new UsageError(`invalid value '${format}' for '--format' [possible values: text, json]`);
  }
  return 0;
}

function rule(argv) {
  if (argv.length !== 1) throw new UsageError('expected one rule id');
  const page = wasm.rulePage(argv[0]);
  if (page === undefined || page === null) {
    throw new walk.ConfigError(`unknown rule \`${argv[0]}\`; \`candor rules\` lists them`);
  }
  write(process.stdout, page);
  return 0;
}

function main(argv) {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return check(rest);
      case 'rules':
        return rules(rest);
      case 'rule':
        return rule(rest);
      case '--version':
      case '-V':
        write(process.stdout, `candor ${wasm.version()}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        write(process.stdout, USAGE);
        return 0;
      default:
        throw new UsageError(command === undefined ? 'a subcommand is required' : `unrecognized subcommand '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      write(process.stderr, `error: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof walk.ConfigError) {
      write(process.stderr, `candor: error: ${e.message}\n`);
      return 2;
    }
    write(process.stderr, `candor: internal error: ${(e && e.stack) || e}\n`);
    return 2;
  }
}

// Let stdout drain before exiting (large reports through a pipe).
process.exitCode = main(process.argv.slice(2));
