// The service worker: keeps the app shell (scripts, WASM, styles, fonts) and the cabinet
// pages the parent opened, so that a reload without a connection still opens the wizard;
// the typed data itself is on the device (app/src/device_store.rs).
// Network first: online, the parent always gets the current page and code; offline, the
// last copy. API calls, documents and key files are never cached.
//
// The cache belongs to one deployment: the page registers `/sw.js?v=<its main module's file
// name>` (app/src/offline.rs), so a new deployment installs a new worker, which takes over at
// once and removes the previous deployment's cache.
//
// When the wizard opens, the page posts {type: 'keep', urls} (the files it loaded, its own
// address, the EDS chunk and the photo converter): they are kept now, so every step of the
// wizard works offline even if the parent never opened it offline before.
const VERSION = new URL(self.location.href).searchParams.get('v') || 'dev';
const PREFIX = 'ekg-shell-';
const CACHE = PREFIX + VERSION;
// Bounds what one message may ask for (a page loads a few dozen files).
const MAX_KEEP = 200;

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE && (name.startsWith(PREFIX) || name === 'ekg-shell-v1')) {
        await caches.delete(name);
      }
    }
    await self.clients.claim();
  })());
});

function staticFile(url) {
  return url.pathname.startsWith('/pkg/') || url.pathname.startsWith('/photo-worker')
    || /\.(css|js|wasm|svg|woff2?|ttf)$/.test(url.pathname);
}

function page(url) {
  return url.pathname.startsWith('/cabinet');
}

function cacheable(url, request) {
  if (url.origin !== self.location.origin) return false;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/demo/keys')) return false;
  if (request.mode === 'navigate') return page(url);
  return staticFile(url);
}

async function keep(urls) {
  const cache = await caches.open(CACHE);
  const wanted = new Set();
  for (const u of urls.slice(0, MAX_KEEP)) {
    let url;
    try { url = new URL(u, self.location.origin); } catch { continue; }
    if (url.origin !== self.location.origin) continue;
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/demo/keys')) continue;
    if (!page(url) && !staticFile(url)) continue;
    url.hash = '';
    wanted.add(url.href);
  }
  await Promise.all([...wanted].map(async (href) => {
    // A kept file of this deployment does not change; a page is taken fresh.
    if (!page(new URL(href)) && await cache.match(href, { ignoreVary: true })) return;
    try {
      const response = await fetch(href, { credentials: 'same-origin' });
      if (response.ok && response.type === 'basic') await cache.put(href, response);
    } catch {
      // Offline now: kept on the next opening.
    }
  }));
}

self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'keep' || !Array.isArray(data.urls)) return;
  event.waitUntil(keep(data.urls.filter((u) => typeof u === 'string')));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!cacheable(url, request)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.ok && response.type === 'basic') {
        cache.put(request, response.clone());
      }
      return response;
    } catch (err) {
      const cached = await cache.match(request, { ignoreVary: true });
      if (cached) return cached;
      throw err;
    }
  })());
});
