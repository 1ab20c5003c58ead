//! The page's side of the photo worker: wizard step 5 hands the file a parent picked to a
//! Web Worker running the converter's own WASM (`frontend/worker`, loaded by
//! `public/photo-worker.js`) and gets back the upload JPEG, with progress on the way.
//!
//! One worker serves the page; it is started when the document step opens ([`warm_up`]), so
//! that its code is fetched (and kept by the service worker) while the connection is there.
//! If it cannot start (its script is missing, no connection on the first visit) or it
//! crashes, the conversion fails with `worker.unavailable` and the next one starts a new
//! worker.
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::oneshot;

/// Address of the worker script (a static asset, see `public/photo-worker.js`).
pub const WORKER_SCRIPT: &str = "/photo-worker.js";

/// Error code when the worker cannot be started or died.
pub const UNAVAILABLE: &str = "worker.unavailable";

/// Error code when the worker could not read the file (removed from the device, permission).
pub const UNREADABLE: &str = "file.unreadable";

/// The converted picture.
pub struct Converted {
    /// The upload JPEG (≤ 2 MB, upright, no metadata).
    pub jpeg: Vec<u8>,
    /// Its width in pixels.
    pub width: u32,
    /// Its height in pixels.
    pub height: u32,
}

/// A stage the worker reports before starting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Decoding,
    Resizing,
    Encoding(u8),
}

/// The worker's final answer (the whole message), or its error code.
type Done = oneshot::Sender<Result<JsValue, String>>;

struct Job {
    on_progress: Box<dyn Fn(Progress)>,
    done: Done,
}

struct Running {
    worker: web_sys::Worker,
    jobs: Rc<RefCell<HashMap<u32, Job>>>,
    next_id: u32,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

thread_local! {
    static RUNNING: RefCell<Option<Running>> = const { RefCell::new(None) };
}

/// Starts the worker if it is not running yet (the document step calls this when it opens).
pub fn warm_up() {
    RUNNING.with(|r| {
        let mut r = r.borrow_mut();
        if r.is_none() {
            *r = start();
        }
    });
}

/// Converts `file` in the worker. The error is an `UploadError` code, [`UNREADABLE`] or
/// [`UNAVAILABLE`].
pub async fn convert(
    file: web_sys::File,
    on_progress: impl Fn(Progress) + 'static,
) -> Result<Converted, String> {
    let data = request(&[("file", file.into())], on_progress).await?;
    let jpeg = get(&data, "jpeg")
        .dyn_into::<js_sys::Uint8Array>()
        .map(|a| a.to_vec());
    let width = get(&data, "width").as_f64();
    let height = get(&data, "height").as_f64();
    match (jpeg, width, height) {
        (Ok(jpeg), Some(w), Some(h)) => Ok(Converted {
            jpeg,
            width: w as u32,
            height: h as u32,
        }),
        _ => Err(UNAVAILABLE.into()),
    }
}

/// Asks the worker's device store (`public/photo-worker.js`) to do `op` for `key`; the answer
/// message, or an error code (`device.full`, `device.unavailable`, [`UNAVAILABLE`]).
pub async fn device_store(op: &str, key: &str, jpeg: Option<&[u8]>) -> Result<JsValue, String> {
    let mut fields = vec![
        ("op", JsValue::from_str(op)),
        ("key", JsValue::from_str(key)),
    ];
    if let Some(jpeg) = jpeg {
        fields.push(("jpeg", js_sys::Uint8Array::from(jpeg).into()));
    }
    request(&fields, |_| {}).await
}

/// Posts `{id, …fields}` to the worker and waits for its final answer.
async fn request(
    fields: &[(&str, JsValue)],
    on_progress: impl Fn(Progress) + 'static,
) -> Result<JsValue, String> {
    let (tx, rx) = oneshot::channel();
    let posted = RUNNING.with(|r| {
        let mut r = r.borrow_mut();
        if r.is_none() {
            *r = start();
        }
        let running = r.as_mut()?;
        let id = running.next_id;
        running.next_id = running.next_id.wrapping_add(1);
        let msg = js_sys::Object::new();
        js_sys::Reflect::set(&msg, &"id".into(), &JsValue::from(id)).ok()?;
        for (name, value) in fields {
            js_sys::Reflect::set(&msg, &JsValue::from_str(name), value).ok()?;
        }
        running.jobs.borrow_mut().insert(
            id,
            Job {
                on_progress: Box::new(on_progress),
                done: tx.clone(),
            },
        );
        if running.worker.post_message(&msg).is_err() {
            running.jobs.borrow_mut().remove(&id);
            return None;
        }
        Some(())
    });
    if posted.is_none() {
        tx.send(Err(UNAVAILABLE.into()));
    }
    rx.await
}

fn start() -> Option<Running> {
    let opts = web_sys::WorkerOptions::new();
    opts.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(WORKER_SCRIPT, &opts).ok()?;
    let jobs: Rc<RefCell<HashMap<u32, Job>>> = Rc::default();
    let on_message = {
        let jobs = jobs.clone();
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            handle_message(&jobs, &e.data());
        })
    };
    // The script or its WASM could not be loaded, or the worker died: every job waiting
    // fails, and the next conversion starts a fresh worker.
    let on_error = {
        let jobs = jobs.clone();
        Closure::<dyn Fn(web_sys::Event)>::new(move |_e: web_sys::Event| {
            fail_all(&jobs);
            stop();
        })
    };
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(Running {
        worker,
        jobs,
        next_id: 1,
        _on_message: on_message,
        _on_error: on_error,
    })
}

fn get(data: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn handle_message(jobs: &Rc<RefCell<HashMap<u32, Job>>>, data: &JsValue) {
    let Some(id) = get(data, "id").as_f64().map(|n| n as u32) else {
        return;
    };
    if get(data, "done").as_bool() != Some(true) {
        let attempt = get(data, "attempt").as_f64().unwrap_or(1.0) as u8;
        let stage = match get(data, "stage").as_string().as_deref() {
            Some("decoding") => Progress::Decoding,
            Some("resizing") => Progress::Resizing,
            Some("encoding") => Progress::Encoding(attempt),
            _ => return,
        };
        if let Some(job) = jobs.borrow().get(&id) {
            (job.on_progress)(stage);
        }
        return;
    }
    let Some(job) = jobs.borrow_mut().remove(&id) else {
        return;
    };
    if let Some(code) = get(data, "error").as_string() {
        if code == UNAVAILABLE {
            // The worker cannot go on (its WASM did not load or trapped): start afresh.
            fail_all(jobs);
            stop();
        }
        job.done.send(Err(code));
        return;
    }
    job.done.send(Ok(data.clone()));
}

fn fail_all(jobs: &Rc<RefCell<HashMap<u32, Job>>>) {
    let waiting: Vec<Job> = jobs.borrow_mut().drain().map(|(_, j)| j).collect();
    for job in waiting {
        job.done.send(Err(UNAVAILABLE.into()));
    }
}

/// Terminates the worker (after a failure); the next conversion starts a new one. The
/// running state is dropped later, outside the callback that may still be executing.
fn stop() {
    let old = RUNNING.with(|r| r.try_borrow_mut().ok().and_then(|mut r| r.take()));
    if let Some(old) = old {
        old.worker.terminate();
        // The closures of `old` may be the one running right now: free them afterwards.
        leptos::task::spawn_local(async move {
            drop(old);
        });
    }
}
