// EDS in the browser: time to open a demo key file (PKCS#12) and to open + sign a contract
// (detached CMS) in WASM, in headless Debian Chromium, with an RSA-2048 key (`RSA256_…`) and a
// GOST R 34.10-2015 512-bit key (`GOST512_…`). Loopback only, bounded.
//
//   scripts/run.sh &            # or any running build (demo mode), then:
//   node bench/eds-wasm.mjs [http://127.0.0.1:3000] [rounds]
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { chromium } = require('../end2end/node_modules/playwright-core');

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const rounds = Number(process.argv[3] ?? 15);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.goto(`${base}/demo`);
  await page.waitForSelector('body[data-hydrated=true]');
  const password = (await page.locator('#demo-password').textContent()).trim();
  const out = { base };
  for (const prefix of ['RSA256_', 'GOST512_']) {
    const href = await page.locator(`.demo-person a[download^="${prefix}"]`).first().getAttribute('href');
    out[prefix.replace('_', '')] = await page.evaluate(async ({ href, password, rounds }) => {
      const m = await import(document.querySelector('link[rel="modulepreload"][href$=".js"]').href);
      const p12 = new Uint8Array(await (await fetch(href)).arrayBuffer());
      const content = new TextEncoder().encode('EKG-CONTRACT/1\n' + 'x'.repeat(4000));
      const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const open = [], sign = [];
      // The EDS code is a chunk of its own: fetch it before timing (the phone does it while
      // the password is typed).
      await m.eds_open_key(p12, password);
      for (let i = 0; i < rounds; i++) {
        let t = performance.now();
        await m.eds_open_key(p12, password);
        open.push(performance.now() - t);
        t = performance.now();
        await m.eds_open_and_sign(p12, password, content, Date.now() / 1000);
        sign.push(performance.now() - t);
      }
      return { open_ms: median(open), open_and_sign_ms: median(sign), rounds };
    }, { href, password, rounds });
  }
  console.log(JSON.stringify(out, null, 2));
} finally {
  await browser.close();
}
