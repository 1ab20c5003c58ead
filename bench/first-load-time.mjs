// How long a parent's phone waits on its first visit until the page works: navigation start to
// `body[data-hydrated]`, in Debian Chromium at 360 px with a 4G-like connection emulated through
// the DevTools protocol (latency, throughput), empty cache, each run in a fresh context. The
// median and the slowest of N runs are printed for each path.
//
//   cargo leptos build --release --split --precompress --frontend-only && cargo leptos build --split --server-only
//   LEPTOS_SITE_ROOT=target/site EKG_DEMO=1 target/debug/server serve &
//   node bench/first-load-time.mjs [http://127.0.0.1:3000] [runs=7] [/login /]
//
// Profile (EKG_4G_LATENCY_MS, EKG_4G_DOWN_KBPS, EKG_4G_UP_KBPS): 60 ms round trip, 9 Mbit/s down,
// 3 Mbit/s up by default — a good 4G connection, as Chromium's presets are for 3G/slow 4G.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { chromium } = require('../end2end/node_modules/playwright-core');

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const runs = Number(process.argv[3] ?? 7);
const paths = process.argv.length > 4 ? process.argv.slice(4) : ['/login', '/'];
const latency = Number(process.env.EKG_4G_LATENCY_MS ?? 60);
const down = Number(process.env.EKG_4G_DOWN_KBPS ?? 9000) * 1024 / 8;
const up = Number(process.env.EKG_4G_UP_KBPS ?? 3000) * 1024 / 8;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  console.log(`| path | runs | median | slowest |`);
  console.log(`|---|---|---|---|`);
  for (const path of paths) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency, downloadThroughput: down, uploadThroughput: up,
      });
      const started = Date.now();
      await page.goto(base + path, { waitUntil: 'commit' });
      await page.waitForSelector('body[data-hydrated="true"]', { timeout: 60000 });
      times.push(Date.now() - started);
      await context.close();
    }
    times.sort((a, b) => a - b);
    console.log(`| \`${path}\` | ${runs} | ${times[Math.floor(times.length / 2)]} ms | ${times[times.length - 1]} ms |`);
  }
} finally {
  await browser.close();
}
