// The playground in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core): served on 127.0.0.1 by this test, a secret typed into a
// new file must show up as a redacted finding. Saves a screenshot to
// wasm/tests/out/playground.png.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { outDir, root } from './common.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CANDOR_CHROMIUM || '/usr/bin/chromium';
const dir = join(root, 'wasm', 'playground');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };

const BODY = [
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDHikastc8+I81z',
  'KGcrDJBigCZNcA1jpk1Vq5TLqNLhp6P9bHyAuYEdRmTnfZNXpyXd3jNXgIk0Y9LG',
  'ZhYpPnyObDmhbx1JPDpuOvr3vHqg8V2mMaJ8CLTw4OBVNS0nXAH0JC08JAq3DrZd',
];

let server;
let origin;
let browser;

before(async () => {
  assert.ok(existsSync(join(dir, 'pkg', 'candor_wasm_bg.wasm')), 'build first: npm --prefix wasm/npm run build');
  server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const file = normalize(join(dir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.close();
});

test('typing a secret shows a redacted finding; no request leaves the page origin', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(origin + '/');
  await page.waitForSelector('body[data-ready="1"]', { timeout: 30000 });

  // The demo is loaded and scanned, the rule list has documentation.
  assert.ok(await page.locator('#file-list li').count() > 5, 'demo files listed');
  assert.ok(await page.locator('#findings li').count() > 0, 'the demo has findings');
  const doc = await page.locator('#rules details[data-rule="secret/private-key"] pre').textContent();
  assert.match(doc, /What it does/);

  // Add a file and type a private key into it.
  await page.click('#add-file');
  await page.fill('#path', 'config/signing.pem');
  const scans = Number(await page.getAttribute('body', 'data-scans'));
  await page.click('#editor');
  await page.keyboard.type('-----BEGIN PRIVATE KEY-----\n', { delay: 5 });
  await page.keyboard.insertText(`${BODY.join('\n')}\n`);
  await page.keyboard.type('-----END PRIVATE KEY-----\n', { delay: 5 });
  const finding = page.locator('#findings li[data-rule="secret/private-key"]', { hasText: 'config/signing.pem' });
  await finding.waitFor({ timeout: 15000 });
  // Debounced: typing ~55 characters did not cause ~55 scans.
  const after = Number(await page.getAttribute('body', 'data-scans'));
  assert.ok(after - scans < 10, `debounce: ${after - scans} scans while typing`);

  const text = await finding.textContent();
  assert.match(text, /config\/signing\.pem:1:1/);
  assert.match(text, /…\(\d+ chars\)/, `redacted form shown: ${text}`);
  const results = await page.locator('#results-pane').textContent();
  for (const line of BODY) {
    for (let i = 0; i + 12 <= line.length; i += 12) {
      assert.ok(!results.includes(line.slice(i, i + 12)), `key material in the findings: ${line.slice(i, i + 12)}`);
    }
  }
  assert.match(await page.locator('#file-list').textContent(), /config\/signing\.pem/);
  assert.match(await page.locator('#badge').innerHTML(), /<svg/);

  await finding.scrollIntoViewIfNeeded();
  mkdirSync(outDir, { recursive: true });
  await page.screenshot({ path: join(outDir, 'playground.png'), fullPage: false });

  assert.deepEqual(errors, []);
  const foreign = requests.filter((u) => !u.startsWith(origin));
  assert.deepEqual(foreign, [], 'the page made no network calls');
  await page.close();
});
