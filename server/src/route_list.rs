//! The app's route list, generated once per process.
//!
//! `leptos_axum::generate_route_list` renders the whole app to find its routes, and while it
//! does, Leptos suppresses resource loading with a **process-wide** flag
//! (`leptos_server::SuppressResourceLoad`, an `AtomicBool`): any page that another server in the
//! same process creates a resource in that moment gets a fetcher that is `pending()` for ever,
//! so its response never starts. One server per process generates its list before it serves and
//! never meets this; the integration tests start many servers in one process while others serve
//! pages, and lost one page in a few hundred that way
//! (`catalogue_http::pages_keep_loading_while_other_servers_start_in_the_same_process`).
//!
//! The list depends only on the app's routes, so it is made once, before the first server of
//! the process serves anything, and cloned for every later one.
use std::sync::OnceLock;

use leptos_axum::AxumRouteListing;

/// The routes of [`app::App`] (computed on the first call; later calls clone them).
pub fn app_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES
        .get_or_init(|| leptos_axum::generate_route_list(app::App))
        .clone()
}
