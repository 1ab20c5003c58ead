// What a parent's phone downloads on its first visit (empty cache): every response of the
// log-in page, the page a parent opens before the wizard (the wizard ships in the same
// bundle today), with its size on the wire (compressed, as Chromium negotiated it) and
// uncompressed. Compare the total with the budget in docs/performance.md.
//
//   cargo leptos build --release --precompress    # .br/.gz beside every asset (q11 brotli)
//   scripts/run.sh (or target/release/server serve with LEPTOS_SITE_ROOT=target/site) &
//   node bench/first-load.mjs [http://127.0.0.1:3000] [/login]
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { chromium } = require('../end2end/node_modules/playwright-core');

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const path = process.argv[3] ?? '/login';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const rows = [];
  page.on('requestfinished', async (request) => {
    const response = await request.response();
    const sizes = await request.sizes();
    rows.push({
      url: new URL(request.url()).pathname,
      encoding: (await response.allHeaders())['content-encoding'] ?? 'identity',
      wire: sizes.responseBodySize,
      // Chromium streams the WASM into the compiler; its body is then not kept for us.
      body: (await response.body().catch(() => null))?.length ?? null,
    });
  });
  await page.goto(base + path, { waitUntil: 'networkidle' });
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 30000 });
  await page.waitForTimeout(500);
  const kb = (n) => (n / 1024).toFixed(1) + ' KB';
  console.log(`| resource | encoding | on the wire | uncompressed |`);
  console.log(`|---|---|---|---|`);
  let wire = 0, body = 0;
  for (const r of rows) {
    wire += r.wire; body += r.body ?? 0;
    const raw = r.body ? kb(r.body) : 'n/a';
    console.log(`| \`${r.url}\` | ${r.encoding} | ${kb(r.wire)} | ${raw} |`);
  }
  console.log(`| **total** (${rows.length} responses) | | **${kb(wire)}** | |`);
} finally {
  await browser.close();
}
