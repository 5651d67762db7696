// The candor playground: files in memory, scanned by the WebAssembly build of
// the same library the CLI uses, on every (debounced) edit. No network calls
// beyond loading this page's own files.
import init, * as candor from './pkg/candor_wasm.js';
import { DEMO } from './pkg/demo.js';

const $ = (id) => document.getElementById(id);
const CONFIG_NAMES = ['candor.toml', '.candor.toml', 'pyproject.toml'];
const DEBOUNCE_MS = 250;

let wasm = candor;
let files = [];
let current = 0;
let timer = null;
let generation = 0;

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

function loadDemo() {
  files = DEMO.map((f) => ({ path: f.path, content: f.content }));
  // Open the first file with a finding-worthy name, else the first file.
  const first = files.findIndex((f) => f.path === 'app/settings.py');
  current = first >= 0 ? first : 0;
}

function renderFileList(counts = new Map()) {
  const list = $('file-list');
  list.innerHTML = '';
  files.forEach((f, i) => {
    const li = document.createElement('li');
    li.setAttribute('role', 'tab');
    li.dataset.index = String(i);
    li.className = i === current ? 'active' : '';
    li.title = f.path;
    li.innerHTML = esc(f.path) + (counts.get(f.path) ? ` <span class="count">${counts.get(f.path)}</span>` : '');
    li.addEventListener('click', () => select(i));
    list.appendChild(li);
  });
}

function select(i, line) {
  current = Math.max(0, Math.min(i, files.length - 1));
  const f = files[current];
  $('path').value = f ? f.path : '';
  $('editor').value = f ? f.content : '';
  for (const li of $('file-list').children) li.className = Number(li.dataset.index) === current ? 'active' : '';
  if (f && line) {
    const ed = $('editor');
    const lines = f.content.split('\n');
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    ed.focus();
    ed.setSelectionRange(start, start + (lines[line - 1] || '').length);
    ed.scrollTop = Math.max(0, (line - 5) * 18.85);
  }
}

/** The configuration the native CLI would find at the project root. */
function configFile() {
  for (const name of CONFIG_NAMES) {
    const f = files.find((x) => x.path === name);
    if (!f) continue;
    try {
      if (wasm.configApplies(f.content, name)) return f;
    } catch {
      return f; // invalid: let the Scanner report the error
    }
  }
  return null;
}

function runScan() {
  const started = performance.now();
  const cfg = configFile();
  let scanner;
  let result;
  try {
    scanner = new wasm.Scanner(cfg ? cfg.content : undefined, cfg ? cfg.path : undefined);
    for (const f of files) if (f.path) scanner.addText(f.path, f.path, f.content);
    result = scanner.finish();
    scanner = null;
    const report = JSON.parse(result.json());
    const text = result.text(false, false);
    const badge = result.badge();
    return { report, text, badge, ms: performance.now() - started };
  } catch (e) {
    if (e instanceof RangeError) {
      // The browser's stack ran out inside the wasm (very deep nesting): the
      // module's state is no longer trustworthy, so load a fresh instance.
      reloadWasm();
      return { error: 'The input is nested too deeply for the browser stack; analysis skipped.' };
    }
    return { error: e && e.message ? e.message : String(e) };
  } finally {
    if (scanner) scanner.free();
    if (result) result.free();
  }
}

async function reloadWasm() {
  const fresh = await import(`./pkg/candor_wasm.js?instance=${++generation}`);
  await fresh.default();
  wasm = fresh;
}

function render(out) {
  const err = $('error');
  if (out.error) {
    err.hidden = false;
    err.textContent = out.error;
    $('status').textContent = '';
    return;
  }
  err.hidden = true;
  const { report, text, badge, ms } = out;
  $('badge').innerHTML = badge;
  $('status').textContent = `${report.summary.files} files · ${ms.toFixed(0)} ms`;
  const s = report.summary;
  $('summary').textContent = text.trimEnd().split('\n').pop();
  $('summary').className = s.errors ? 'sev-error' : s.warnings ? 'sev-warning' : '';

  // The text report's code frames, one block per finding, in order.
  const blocks = text.split('\n\n');
  const ol = $('findings');
  ol.innerHTML = '';
  const counts = new Map();
  report.findings.forEach((f, i) => {
    counts.set(f.path, (counts.get(f.path) || 0) + 1);
    const frame = (blocks[i] || '').split('\n').slice(1).filter((l) => !l.includes(' = fix: ')).join('\n');
    const li = document.createElement('li');
    li.className = 'finding';
    li.dataset.rule = f.rule;
    li.innerHTML =
      `<span class="loc">${esc(f.path)}:${f.line}:${f.column}</span> ` +
      `<span class="rule sev-${esc(f.severity)}">${esc(f.rule)}</span> ${esc(f.message)}` +
      `<pre class="snippet">${esc(frame)}</pre>` +
      (f.fix ? `<div class="fix">fix: ${esc(f.fix)}</div>` : '');
    li.querySelector('.loc').addEventListener('click', () => {
      const idx = files.findIndex((x) => x.path === f.path);
      if (idx >= 0) select(idx, f.line);
    });
    ol.appendChild(li);
  });
  renderFileList(counts);

  const diags = report.diagnostics || [];
  $('diagnostics-box').hidden = diags.length === 0;
  $('diagnostics').innerHTML = diags.map((d) => `<li><code>${esc(d.path)}</code>: ${esc(d.message)}</li>`).join('');

  const card = report.scorecard;
  if (!card) {
    $('scorecard').innerHTML = '<p class="fix">No scorecard for these files.</p>';
  } else {
    $('scorecard').innerHTML =
      `<p><strong>Readiness: ${Number(card.score).toFixed(1)}/10</strong></p>` +
      '<table><thead><tr><th>criterion</th><th>status</th><th>evidence</th></tr></thead><tbody>' +
      card.criteria.map((c) =>
        `<tr><td>${esc(c.title)}</td><td class="st-${esc(c.status)}">${esc(c.status)}</td><td>${esc((c.evidence || []).join('; '))}</td></tr>`,
      ).join('') +
      '</tbody></table>';
  }
  document.body.dataset.scans = String(Number(document.body.dataset.scans || 0) + 1);
}

function schedule() {
  clearTimeout(timer);
  $('status').textContent = 'scanning…';
  timer = setTimeout(() => render(runScan()), DEBOUNCE_MS);
}

function renderRules() {
  const rules = JSON.parse(wasm.rules());
  $('rules').innerHTML = rules.map((r) =>
    `<details data-rule="${esc(r.id)}"><summary><span class="rule sev-${esc(r.severity)}">${esc(r.id)}</span> · ${esc(r.severity)}${r.default_enabled ? '' : ' (opt-in)'} — ${esc(r.summary)}</summary><pre>${esc(r.doc)}</pre></details>`,
  ).join('');
}

function wire() {
  $('editor').addEventListener('input', (e) => {
    if (files[current]) files[current].content = e.target.value;
    schedule();
  });
  $('editor').addEventListener('keydown', (e) => {
    if (e.key === 'Tab') {
      e.preventDefault();
      const ed = e.target;
      ed.setRangeText('    ', ed.selectionStart, ed.selectionEnd, 'end');
      ed.dispatchEvent(new Event('input'));
    }
  });
  $('path').addEventListener('input', (e) => {
    if (files[current]) files[current].path = e.target.value.trim();
    renderFileList();
    schedule();
  });
  $('add-file').addEventListener('click', () => {
    let n = 1;
    while (files.some((f) => f.path === `new_${n}.py`)) n++;
    files.push({ path: `new_${n}.py`, content: '' });
    select(files.length - 1);
    renderFileList();
    $('path').focus();
    $('path').select();
    schedule();
  });
  $('remove-file').addEventListener('click', () => {
    if (files.length === 0) return;
    files.splice(current, 1);
    select(Math.min(current, files.length - 1));
    renderFileList();
    schedule();
  });
  $('reset').addEventListener('click', () => {
    loadDemo();
    renderFileList();
    select(current);
    schedule();
  });
}

async function main() {
  await init();
  $('version').textContent = wasm.version();
  loadDemo();
  renderFileList();
  select(current);
  renderRules();
  wire();
  render(runScan());
  document.body.dataset.ready = '1';
}

main().catch((e) => {
  $('error').hidden = false;
  $('error').textContent = `could not start: ${e && e.message ? e.message : e}`;
});
