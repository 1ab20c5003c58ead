//! Signing with eGov Mobile / eGov Business, beside the key file: the server functions that
//! start, follow and finish a signing session, and the panel every page that signs shows
//! (log-in, wizard steps 2 and 6, the kindergarten's signature).
pub mod api;
pub mod follow;
pub mod panel;
pub mod state;
