// Phone photo → upload JPEG in the browser: our WASM converter (image crate, app::documents,
// built as its own module by scripts/build-worker.sh and run in the photo worker)
// side by side with the most used JavaScript library for the job, browser-image-compression
// (canvas based), on the same generated 12-megapixel photo, in headless Debian Chromium.
// Reports median times, output sizes and fidelity (luma PSNR against an exact area-average
// downscale of the original). Loopback only, bounded.
//
//   (cd bench && npm ci)            # browser-image-compression, pinned in package-lock.json
//   target/debug/server fixtures --out /tmp/fx
//   scripts/run.sh &                # or any running build; a release build for real figures
//   node bench/jpeg-wasm.mjs [http://127.0.0.1:3000] [/tmp/fx/phone_photo_12mp.jpg] [rounds]
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
const require = createRequire(import.meta.url);
const { chromium } = require('../end2end/node_modules/playwright-core');
const here = dirname(fileURLToPath(import.meta.url));

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const photoPath = process.argv[3] ?? '/tmp/fx/phone_photo_12mp.jpg';
const rounds = Number(process.argv[4] ?? 7);
const photo = readFileSync(photoPath);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  // The page's CSP forbids inline scripts; the benchmark injects the JavaScript library.
  const page = await (await browser.newContext({ bypassCSP: true })).newPage();
  await page.goto(`${base}/help`);
  await page.waitForSelector('body[data-hydrated=true]');
  await page.addScriptTag({ path: join(here, 'node_modules/browser-image-compression/dist/browser-image-compression.js') });
  const result = await page.evaluate(async ({ b64, rounds }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const file = new File([bytes], 'photo.jpg', { type: 'image/jpeg' });
    // The converter's own module, as the photo worker loads it (frontend/worker).
    const m = await import('/photo-worker/photo_worker.js');
    await m.default({ module_or_path: '/photo-worker/photo_worker_bg.wasm' });
    const prepare = (b) => m.prepare_photo(b, () => {}).jpeg;
    // The same through the real worker, as wizard step 5 does (file in, JPEG out).
    const worker = new Worker('/photo-worker.js', { type: 'module' });
    let nextId = 1;
    const inWorker = (f) => new Promise((resolve, reject) => {
      const id = nextId++;
      worker.onmessage = (e) => {
        if (e.data.id !== id || !e.data.done) return;
        e.data.error ? reject(new Error(e.data.error)) : resolve(e.data.jpeg);
      };
      worker.postMessage({ id, file: f });
    });
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

    // Fidelity: PSNR (luma) of an output against a neutral reference: the original's luma
    // averaged exactly over each output pixel's area (an ideal box downscale), so neither
    // the canvas scaler nor our resizer is favoured.
    const original = await createImageBitmap(file);
    const W = original.width, H = original.height;
    const oc = new OffscreenCanvas(W, H);
    const og = oc.getContext('2d');
    og.drawImage(original, 0, 0);
    const od = og.getImageData(0, 0, W, H).data;
    const luma = new Float32Array(W * H);
    for (let i = 0, j = 0; j < luma.length; i += 4, j++) luma[j] = 0.299 * od[i] + 0.587 * od[i + 1] + 0.114 * od[i + 2];
    const refCache = new Map();
    function reference(w, h) {
      const key = `${w}x${h}`;
      if (refCache.has(key)) return refCache.get(key);
      const ref = new Float32Array(w * h);
      const sx = W / w, sy = H / h;
      for (let y = 0; y < h; y++) {
        const y0 = y * sy, y1 = y0 + sy;
        for (let x = 0; x < w; x++) {
          const x0 = x * sx, x1 = x0 + sx;
          let acc = 0, area = 0;
          for (let yy = Math.floor(y0); yy < Math.min(H, Math.ceil(y1)); yy++) {
            const wy = Math.min(y1, yy + 1) - Math.max(y0, yy);
            for (let xx = Math.floor(x0); xx < Math.min(W, Math.ceil(x1)); xx++) {
              const wx = Math.min(x1, xx + 1) - Math.max(x0, xx);
              acc += luma[yy * W + xx] * wx * wy;
              area += wx * wy;
            }
          }
          ref[y * w + x] = acc / area;
        }
      }
      refCache.set(key, ref);
      return ref;
    }
    async function psnr(blob) {
      const out = await createImageBitmap(blob);
      const w = out.width, h = out.height;
      const c = new OffscreenCanvas(w, h);
      const g = c.getContext('2d');
      g.drawImage(out, 0, 0);
      const got = g.getImageData(0, 0, w, h).data;
      const ref = reference(w, h);
      let se = 0;
      for (let i = 0, j = 0; j < ref.length; i += 4, j++) {
        const y2 = 0.299 * got[i] + 0.587 * got[i + 1] + 0.114 * got[i + 2];
        se += (ref[j] - y2) ** 2;
      }
      const mse = se / (w * h);
      return { width: w, height: h, psnr_db: +(10 * Math.log10((255 * 255) / mse)).toFixed(2) };
    }

    const wasm = [], worked = [], js = [];
    let wasmOut, jsOut;
    prepare(bytes); // warm-up (instantiation, first-call costs)
    await inWorker(file);
    for (let i = 0; i < rounds; i++) {
      let t = performance.now();
      wasmOut = prepare(bytes);
      wasm.push(performance.now() - t);
      t = performance.now();
      await inWorker(file);
      worked.push(performance.now() - t);
      t = performance.now();
      jsOut = await imageCompression(file, { maxSizeMB: 2, maxWidthOrHeight: 2560, useWebWorker: false, initialQuality: 0.85 });
      js.push(performance.now() - t);
    }
    return {
      input_bytes: bytes.length,
      input_pixels: `${original.width}x${original.height}`,
      rounds,
      wasm: { median_ms: Math.round(median(wasm)), min_ms: Math.round(Math.min(...wasm)), bytes: wasmOut.length, ...(await psnr(new Blob([wasmOut], { type: 'image/jpeg' }))) },
      wasm_in_photo_worker: { median_ms: Math.round(median(worked)), min_ms: Math.round(Math.min(...worked)) },
      browser_image_compression: { median_ms: Math.round(median(js)), min_ms: Math.round(Math.min(...js)), bytes: jsOut.size, ...(await psnr(jsOut)) },
    };
  }, { b64: photo.toString('base64'), rounds });
  console.log(JSON.stringify({ base, chromium: browser.version(), ...result }, null, 2));
} finally {
  await browser.close();
}
