//! Cookies of the signed-in browser, read and written by server functions (server only).
//!
//! - `ekg_session`: the session token (random, 256 bits; the database keeps only its SHA-256),
//!   HttpOnly, SameSite=Lax, `Secure` when the service is served over HTTPS. A new token on
//!   every login (no session fixation).
//! - `ekg_pre`: a random browser binding for EDS challenges issued before login, so a
//!   challenge signed in one browser cannot be replayed from another.
use leptos::prelude::*;

use crate::auth_model::CurrentUser;
use crate::error::AppError;

pub const SESSION_COOKIE: &str = "ekg_session";
pub const BINDING_COOKIE: &str = "ekg_pre";
/// Sessions last a working day.
pub const SESSION_TTL_SECS: i64 = 8 * 3600;

/// Whether cookies get `Secure` (set by the server from its configuration).
#[derive(Debug, Clone, Copy)]
pub struct CookieSecurity {
    pub secure: bool,
}

fn cookie_suffix() -> &'static str {
    match use_context::<CookieSecurity>() {
        Some(CookieSecurity { secure: true }) => "; Secure",
        _ => "",
    }
}

/// A cookie value from the request.
pub fn read_cookie(name: &str) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    cookie_in(&parts.headers, name)
}

/// A cookie value from request headers (also used by the plain axum routes). Only short
/// alphanumeric values are accepted: our cookies are random tokens.
pub fn cookie_in(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|h| h.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty() && v.len() <= 128 && v.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn set_cookie(value: String) {
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(v) = http::HeaderValue::from_str(&value)
    {
        resp.append_header(http::header::SET_COOKIE, v);
    }
}

/// A fresh random token (hex, 256 bits).
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).expect("the operating system's random source works");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The browser's challenge binding, set now if it has none.
pub fn ensure_binding() -> String {
    if let Some(b) = read_cookie(BINDING_COOKIE) {
        return b;
    }
    let b = random_token();
    refresh_binding(&b);
    b
}

/// Sets the binding cookie to `b` for an hour from now (also again: a signing session started
/// late in the cookie's hour must not lose its browser).
pub fn refresh_binding(b: &str) {
    set_cookie(format!(
        "{BINDING_COOKIE}={b}; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600{}",
        cookie_suffix()
    ));
}

pub fn set_session_cookie(token: &str) {
    set_cookie(format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={SESSION_TTL_SECS}{}",
        cookie_suffix()
    ));
}

pub fn clear_session_cookie() {
    set_cookie(format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        cookie_suffix()
    ));
}

/// The signed-in person, or `Unauthenticated`. Every server function that touches personal
/// data starts here.
pub async fn require_user() -> Result<CurrentUser, AppError> {
    let token = read_cookie(SESSION_COOKIE).ok_or(AppError::Unauthenticated)?;
    let ports = crate::ports::use_ports()?;
    ports
        .auth
        .session_user(&token)
        .await?
        .ok_or(AppError::Unauthenticated)
}
