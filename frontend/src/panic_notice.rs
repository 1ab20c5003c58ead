//! When the browser code panics (a bug, or a hydration mismatch) the page still shows but its
//! buttons are dead. Instead of leaving the parent tapping a dead page, the panic hook writes
//! the message to the console (as before), marks `<body data-panic>` (tests read it) and shows
//! a notice in the page's language with a link that reloads the page.
use app::i18n::ui;
use std::panic::PanicHookInfo;

pub fn install() {
    std::panic::set_hook(Box::new(|info: &PanicHookInfo<'_>| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    // Only the first panic gets a notice (a second would repeat it).
    if body.has_attribute("data-panic") {
        return;
    }
    let _ = body.set_attribute("data-panic", message);
    let ru = document
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .is_some_and(|l| l == "ru");
    let text = |t: app::i18n::Text| if ru { t.ru } else { t.kk };
    let href = document
        .location()
        .and_then(|l| l.href().ok())
        .unwrap_or_default();
    let Ok(notice) = document.create_element("div") else {
        return;
    };
    let _ = notice.set_attribute("class", "panic-notice");
    let _ = notice.set_attribute("role", "alert");
    let _ = notice.set_attribute("id", "page-stopped");
    if let Ok(p) = document.create_element("p") {
        p.set_text_content(Some(text(ui::PAGE_STOPPED)));
        let _ = notice.append_child(&p);
    }
    if let Ok(a) = document.create_element("a") {
        let _ = a.set_attribute("class", "btn btn--primary");
        let _ = a.set_attribute("href", &href);
        // A full page load, not the router's (whose code is what stopped).
        let _ = a.set_attribute("rel", "external");
        a.set_text_content(Some(text(ui::RELOAD_PAGE)));
        let _ = notice.append_child(&a);
    }
    let _ = body.prepend_with_node_1(&notice);
}
