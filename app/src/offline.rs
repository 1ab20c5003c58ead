//! The service worker (`public/sw.js`) from the page's side: registering it, asking it to keep
//! what the wizard needs offline, and making it forget. Browser only; on the server every
//! function here does nothing.
//!
//! The worker's cache is named after the deployment (`ekg-shell-<main module's file name>`,
//! passed as `/sw.js?v=…`): a new deployment registers a new worker, which removes the
//! previous deployment's cache when it takes over.

/// The cache names of every deployment start with this.
pub const CACHE_PREFIX: &str = "ekg-shell-";

/// The files of the photo converter (a worker script, its module and WASM), which the wizard's
/// step 5 loads only when a photo is picked.
pub const PHOTO_WORKER_FILES: [&str; 3] = [
    "/photo-worker.js",
    "/photo-worker/photo_worker.js",
    "/photo-worker/photo_worker_bg.wasm",
];

/// Called once at start-up by the frontend; does nothing where service workers are missing
/// (old browsers, insecure origins).
pub fn register_service_worker() {
    #[cfg(target_arch = "wasm32")]
    if let Some(w) = web_sys::window() {
        let nav = w.navigator();
        let has = js_sys::Reflect::has(&nav, &wasm_bindgen::JsValue::from_str("serviceWorker"))
            .unwrap_or(false);
        if has {
            let version = deployment_version(&w).unwrap_or_else(|| "dev".into());
            let url = format!(
                "/sw.js?v={}",
                js_sys::encode_uri_component(&version)
                    .as_string()
                    .unwrap_or_default()
            );
            let _ = nav.service_worker().register(&url);
        }
    }
}

/// The file name of the main module the page loaded (`ekg.<hash>.js` in a release build):
/// it changes with every deployment.
#[cfg(target_arch = "wasm32")]
fn deployment_version(w: &web_sys::Window) -> Option<String> {
    let link = w
        .document()?
        .query_selector("link[rel=modulepreload][href^='/pkg/']")
        .ok()??;
    let href = link.get_attribute("href")?;
    href.rsplit('/').next().map(str::to_string)
}

/// Makes the service worker keep everything the wizard needs to work offline from now on: the
/// page itself, the code and styles the page loaded, the EDS chunk (steps 2 and 6) and the
/// photo converter (step 5). Called when the wizard opens (online); what cannot be fetched now
/// is simply not kept, and the next opening tries again.
pub fn keep_wizard_offline() {
    #[cfg(target_arch = "wasm32")]
    {
        keep_now();
        // A new deployment's worker takes over with an empty cache (it removes the previous
        // one): it is told too, once it controls the page.
        thread_local!(static LISTENING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
        if !LISTENING.with(|l| l.replace(true)) {
            listen_for_new_worker();
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn listen_for_new_worker() {
    use js_sys::{Function, Reflect};
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    let Some(w) = web_sys::window() else { return };
    let nav = w.navigator();
    if !Reflect::has(&nav, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let container = nav.service_worker();
    let on_change = Closure::<dyn FnMut()>::new(keep_now).into_js_value();
    if let Ok(add) = Reflect::get(&container, &JsValue::from_str("addEventListener"))
        && let Ok(add) = add.dyn_into::<Function>()
    {
        let _ = add.call2(
            &container,
            &JsValue::from_str("controllerchange"),
            &on_change,
        );
    }
}

#[cfg(target_arch = "wasm32")]
fn keep_now() {
    leptos::task::spawn_local(async {
        // Loaded first, so that it is among the files the page has loaded.
        crate::components::eds_code::load().await;
        let mut urls = loaded_same_origin_files();
        if let Some(w) = web_sys::window()
            && let Ok(path) = w.location().pathname()
        {
            urls.push(path);
        }
        urls.extend(PHOTO_WORKER_FILES.iter().map(|s| s.to_string()));
        ask_service_worker_to_keep(urls).await;
    });
}

/// The paths of every same-origin resource the page has loaded (Resource Timing); the
/// service worker keeps only the static ones among them.
#[cfg(target_arch = "wasm32")]
fn loaded_same_origin_files() -> Vec<String> {
    use js_sys::{Array, Function, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let Some(w) = web_sys::window() else {
        return Vec::new();
    };
    let origin = w.location().origin().unwrap_or_default();
    let entries = Reflect::get(&w, &JsValue::from_str("performance"))
        .ok()
        .and_then(|perf| {
            let f: Function = Reflect::get(&perf, &JsValue::from_str("getEntriesByType"))
                .ok()?
                .dyn_into()
                .ok()?;
            f.call1(&perf, &JsValue::from_str("resource")).ok()
        })
        .and_then(|v| v.dyn_into::<Array>().ok());
    let Some(entries) = entries else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|e| {
            Reflect::get(&e, &JsValue::from_str("name"))
                .ok()?
                .as_string()
        })
        .filter_map(|name| web_sys::Url::new(&name).ok())
        .filter(|u| u.origin() == origin)
        .map(|u| u.pathname())
        .collect()
}

/// Posts `{type: "keep", urls}` to the active service worker, once there is one.
#[cfg(target_arch = "wasm32")]
async fn ask_service_worker_to_keep(urls: Vec<String>) {
    use js_sys::{Array, Function, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let Some(w) = web_sys::window() else { return };
    let nav = w.navigator();
    if !Reflect::has(&nav, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let Ok(ready) = nav.service_worker().ready() else {
        return;
    };
    let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await else {
        return;
    };
    let Ok(active) = Reflect::get(&registration, &JsValue::from_str("active")) else {
        return;
    };
    if active.is_null() || active.is_undefined() {
        return;
    }
    let list = Array::new();
    for u in urls {
        list.push(&JsValue::from_str(&u));
    }
    let message = Object::new();
    let _ = Reflect::set(
        &message,
        &JsValue::from_str("type"),
        &JsValue::from_str("keep"),
    );
    let _ = Reflect::set(&message, &JsValue::from_str("urls"), &list);
    if let Ok(post) = Reflect::get(&active, &JsValue::from_str("postMessage"))
        && let Ok(post) = post.dyn_into::<Function>()
    {
        let _ = post.call1(&active, &message);
    }
}

/// Forgets the pages and files the service worker kept (called after signing out, so the next
/// person on a shared phone does not see the previous family's cabinet offline). Browser only.
pub fn forget_cached_pages() {
    #[cfg(target_arch = "wasm32")]
    leptos::task::spawn_local(async {
        use js_sys::{Array, Function, Promise, Reflect};
        use wasm_bindgen::{JsCast, JsValue};
        let Some(w) = web_sys::window() else { return };
        let Ok(caches) = Reflect::get(&w, &JsValue::from_str("caches")) else {
            return;
        };
        if caches.is_undefined() {
            return;
        }
        let call = |name: &str, arg: Option<&JsValue>| -> Option<Promise> {
            let f: Function = Reflect::get(&caches, &JsValue::from_str(name))
                .ok()?
                .dyn_into()
                .ok()?;
            let out = match arg {
                Some(a) => f.call1(&caches, a),
                None => f.call0(&caches),
            };
            out.ok()?.dyn_into().ok()
        };
        let Some(keys) = call("keys", None) else {
            return;
        };
        let Ok(names) = wasm_bindgen_futures::JsFuture::from(keys).await else {
            return;
        };
        let Ok(names) = names.dyn_into::<Array>() else {
            return;
        };
        for name in names.iter() {
            if name
                .as_string()
                .is_some_and(|n| n.starts_with(CACHE_PREFIX))
                && let Some(done) = call("delete", Some(&name))
            {
                let _ = wasm_bindgen_futures::JsFuture::from(done).await;
            }
        }
    });
}
