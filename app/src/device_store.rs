//! What the device keeps for the signed-in person between visits (localStorage): the wizard
//! of each referral (`pages::contract::local_draft`) and a signature made offline and not yet
//! delivered (`pages::contract::pending_signature`). Every entry's name starts with
//! [`PREFIX`], so signing out can remove them all ([`forget_everything`]).
//!
//! Values are the postcard of a type (as `crate::wire` sends data) in base64: the bundle carries
//! no JSON parser for them, and an entry in any other form counts as none.
//! On the server (SSR) every function here does nothing.
use serde::{Serialize, de::DeserializeOwned};

/// The start of every entry's name.
pub const PREFIX: &str = "ekg.";

/// The stored text of `value`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn encode<T: Serialize>(value: &T) -> Option<String> {
    use base64::Engine as _;
    let bytes = postcard::to_allocvec(value).ok()?;
    Some(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// The value in a stored text; `None` for anything else.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn decode<T: DeserializeOwned>(text: &str) -> Option<T> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .ok()?;
    postcard::from_bytes(&bytes).ok()
}

#[cfg(target_arch = "wasm32")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The value kept under `name` (a damaged entry counts as none).
pub fn load<T: DeserializeOwned>(name: &str) -> Option<T> {
    #[cfg(target_arch = "wasm32")]
    {
        let raw = storage()?.get_item(name).ok()??;
        decode(&raw)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = name;
        None
    }
}

/// Keeps `value` under `name`; false if the device refused (storage full or off).
pub fn store<T: Serialize>(name: &str, value: &T) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(text) = encode(value) else {
            return false;
        };
        storage()
            .map(|s| s.set_item(name, &text).is_ok())
            .unwrap_or(false)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (name, value);
        false
    }
}

/// Removes the entry `name`.
pub fn remove(name: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = storage() {
        let _ = s.remove_item(name);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}

/// Removes every entry this service keeps on the device (signing out: the next person on a
/// shared phone finds nothing of the previous family's).
pub fn forget_everything() {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = storage() {
        let len = s.length().unwrap_or(0);
        let names: Vec<String> = (0..len)
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(PREFIX))
            .collect();
        for name in names {
            let _ = s.remove_item(&name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Kept {
        n: u32,
        s: String,
    }

    #[test]
    fn a_kept_value_comes_back_as_it_was_and_anything_else_counts_as_none() {
        let v = Kept {
            n: 7,
            s: "Әлия".into(),
        };
        let text = encode(&v).unwrap();
        assert_eq!(decode::<Kept>(&text), Some(v));
        assert_eq!(decode::<Kept>(&text[..text.len() / 2]), None);
        assert_eq!(decode::<Kept>("{\"n\":7}"), None);
        assert_eq!(decode::<Kept>(""), None);
    }
}
