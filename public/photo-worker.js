// The photo worker: converts the photo a parent picked (wizard step 5, documents page) into
// the upload JPEG (≤ 2 MB, upright, no metadata) with the converter's own WASM module
// (frontend/worker, built by scripts/build-worker.sh into /photo-worker/), off the page's
// thread. Protocol (app/src/components/photo_worker.rs):
//   page → worker  { id, file }                          a File or Blob
//   worker → page  { id, stage, attempt }                before each stage
//   worker → page  { id, done: true, jpeg, width, height }  or  { id, done: true, error }
// `error` is an upload error code ("upload.not_jpeg", …) or "worker.unavailable" when the
// module could not be loaded or trapped (the page then starts a new worker).
import init, { prepare_photo } from '/photo-worker/photo_worker.js';

const ready = init({ module_or_path: '/photo-worker/photo_worker_bg.wasm' });
let broken = false;

self.onmessage = async (event) => {
  const { id, file } = event.data;
  const reply = (msg, transfer) => self.postMessage({ id, ...msg }, transfer ?? []);
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
