// The service worker: keeps the app shell (scripts, WASM, styles, fonts) and the cabinet
// pages the parent opened, so that a reload without a connection still opens the wizard;
// the typed data itself is in localStorage (see app/src/pages/contract/local_draft.rs).
// Network first: online, the parent always gets the current page and code; offline, the
// last copy. API calls, documents and key files are never cached.
const CACHE = 'ekg-shell-v1';

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function cacheable(url, request) {
  if (url.origin !== self.location.origin) return false;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/demo/keys')) return false;
  if (request.mode === 'navigate') return url.pathname.startsWith('/cabinet');
  return url.pathname.startsWith('/pkg/') || /\.(css|js|wasm|svg|woff2?|ttf)$/.test(url.pathname);
}

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
