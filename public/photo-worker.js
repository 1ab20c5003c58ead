// The photo worker: converts the photo a parent picked (wizard step 5, documents page) into
// the upload JPEG (≤ 2 MB, upright, no metadata) with the converter's own WASM module
// (frontend/worker, built by scripts/build-worker.sh into /photo-worker/), off the page's
// thread. Protocol (app/src/components/photo_worker.rs):
//   page → worker  { id, file }                          a File or Blob
//   worker → page  { id, stage, attempt }                before each stage
//   worker → page  { id, done: true, jpeg, width, height }  or  { id, done: true, error }
// `error` is an upload error code ("upload.not_jpeg", …) or "worker.unavailable" when the
// module could not be loaded or trapped (the page then starts a new worker).
//
// The worker also keeps the photos converted without a connection on the device (IndexedDB
// `ekg-device`, store `photos`, key "<referral>/<slot>": the JPEG, its SHA-256, size), so that
// none of this code is in the page's first load (app/src/components/device_photos.rs):
//   page → worker  { id, op: 'keep', key, jpeg }    → { id, done: true }
//                  { id, op: 'get', key }            → { id, done: true, jpeg? }
//                  { id, op: 'forget', key }         → { id, done: true }
//   errors: 'device.full' (the site's storage quota), 'device.unavailable'.
import init, { prepare_photo } from '/photo-worker/photo_worker.js';

const ready = init({ module_or_path: '/photo-worker/photo_worker_bg.wasm' });
let broken = false;

function request(r) {
  return new Promise((ok, no) => { r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
}

function openPhotos() {
  const r = indexedDB.open('ekg-device', 1);
  r.onupgradeneeded = () => {
    if (!r.result.objectStoreNames.contains('photos')) r.result.createObjectStore('photos');
  };
  return request(r);
}

async function withStore(mode, work) {
  const db = await openPhotos();
  try {
    const tx = db.transaction('photos', mode);
    const done = new Promise((ok, no) => {
      tx.oncomplete = () => ok();
      tx.onerror = () => no(tx.error);
      tx.onabort = () => no(tx.error);
    });
    const result = await work(tx.objectStore('photos'));
    await done;
    return result;
  } finally {
    db.close();
  }
}

const photos = {
  async keep({ key, jpeg }) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', jpeg));
    const sha256 = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    await withStore('readwrite', (s) => request(s.put({ jpeg, sha256, size: jpeg.length, savedAt: Date.now() }, key)));
    return {};
  },
  async get({ key }) {
    const entry = await withStore('readonly', (s) => request(s.get(key)));
    return entry && entry.jpeg instanceof Uint8Array ? { jpeg: entry.jpeg } : {};
  },
  async forget({ key }) {
    await withStore('readwrite', (s) => request(s.delete(key)));
    return {};
  },
};

self.onmessage = async (event) => {
  const { id, file, op } = event.data;
  const reply = (msg, transfer) => self.postMessage({ id, ...msg }, transfer ?? []);
  if (op) {
    const work = Object.hasOwn(photos, op) ? photos[op] : null;
    if (!work || typeof event.data.key !== 'string') {
      reply({ done: true, error: 'device.unavailable' });
      return;
    }
    try {
      reply({ done: true, ...(await work(event.data)) });
    } catch (e) {
      reply({ done: true, error: e && e.name === 'QuotaExceededError' ? 'device.full' : 'device.unavailable' });
    }
    return;
  }
  try {
    await ready;
  } catch (e) {
    reply({ done: true, error: 'worker.unavailable' });
    return;
  }
  if (broken) {
    reply({ done: true, error: 'worker.unavailable' });
    return;
  }
  let bytes;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    reply({ done: true, error: 'file.unreadable' });
    return;
  }
  try {
    const out = prepare_photo(bytes, (stage, attempt) => reply({ stage, attempt }));
    reply({ done: true, jpeg: out.jpeg, width: out.width, height: out.height }, [out.jpeg.buffer]);
  } catch (e) {
    if (typeof e === 'string') {
      reply({ done: true, error: e });
    } else {
      // A trap (out of memory, a bug): this instance cannot be trusted any more.
      broken = true;
      reply({ done: true, error: 'worker.unavailable' });
    }
  }
};
