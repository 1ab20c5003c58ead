//! The wizard kept on the device (localStorage, one entry per referral): every change is
//! written at once, so a reload, a crash or a lost connection loses nothing. The entry also
//! keeps the key of the submission in flight, so a retry after a reload is still the same
//! submission. (The page itself opens offline from the service worker's cache.)
//! The entry is kept by [`crate::device_store`] (postcard in base64); an entry in any other
//! form (a JSON one from before 2026-12-04) counts as none, and the wizard takes the server's
//! copy. On the server (SSR) every function here does nothing.
use serde::{Deserialize, Serialize};

use crate::domain::ContractDraft;

/// What is kept for one referral.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LocalWizard {
    pub draft: ContractDraft,
    /// 1–6.
    pub step: u8,
    /// Step 2 passed: the checked person's name.
    pub eds_checked: Option<String>,
    /// Milliseconds since the epoch of the last change.
    pub changed_at_ms: f64,
    /// The last change reached the server.
    pub synced: bool,
    /// The key of the submission in flight (reused by every retry).
    pub idempotency_key: Option<String>,
}

fn key(referral_id: i32) -> String {
    format!("{}contract.{referral_id}", crate::device_store::PREFIX)
}

/// The saved wizard of `referral_id`, if any (a damaged entry counts as none).
pub fn load(referral_id: i32) -> Option<LocalWizard> {
    crate::device_store::load(&key(referral_id))
}

/// Saves the wizard of `referral_id`; false if the device refused (storage full or off).
pub fn store(referral_id: i32, w: &LocalWizard) -> bool {
    crate::device_store::store(&key(referral_id), w)
}

/// Forgets the wizard of `referral_id` (after the contract was sent).
pub fn clear(referral_id: i32) {
    crate::device_store::remove(&key(referral_id));
}

/// Milliseconds since the epoch by the device's clock.
pub fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// Whether the browser believes it is online (always true on the server).
pub fn is_online() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .map(|w| w.navigator().on_line())
            .unwrap_or(true)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        true
    }
}

/// A fresh random key for one submission (32 hex digits).
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    #[cfg(target_arch = "wasm32")]
    {
        let _ = getrandom02::getrandom(&mut bytes);
    }
    // Never all zeros even without a random source: mix in the clock.
    let t = now_ms().to_bits().to_le_bytes();
    for (i, b) in t.iter().enumerate() {
        bytes[i] ^= *b;
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_parent_typed_comes_back_from_the_device_as_it_was() {
        let w = LocalWizard {
            draft: crate::domain::draft::test_values::contract(),
            step: 4,
            eds_checked: Some("Серікова Әлия".into()),
            changed_at_ms: 1_764_000_000_123.0,
            synced: false,
            idempotency_key: Some("0f".repeat(16)),
        };
        let text = crate::device_store::encode(&w).unwrap();
        assert_eq!(crate::device_store::decode(&text), Some(w));
    }

    #[test]
    fn a_damaged_or_foreign_entry_counts_as_none() {
        use crate::device_store::{decode, encode};
        let text = encode(&LocalWizard::default()).unwrap();
        assert_eq!(decode::<LocalWizard>(&text[..text.len() / 2]), None);
        assert_eq!(decode::<LocalWizard>("{\"step\":3}"), None);
        assert_eq!(decode::<LocalWizard>(""), None);
    }
}
