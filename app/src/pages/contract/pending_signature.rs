//! A contract signed on the device and not yet delivered (the connection was gone): kept on
//! the device (one entry per referral) until the server's receipt arrives, so a reload or a
//! closed tab does not lose it. The idempotency key travels with it: however often the page
//! retries, the server records one submission and answers every retry with the same receipt.
use serde::{Deserialize, Serialize};

/// What is kept until delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingSignature {
    pub contract_id: i32,
    /// The contract's number, shown while waiting.
    pub number: String,
    pub idempotency_key: String,
    /// The detached CMS over the contract's canonical bytes, base64.
    pub cms_base64: String,
}

fn key(referral_id: i32) -> String {
    format!("{}signature.{referral_id}", crate::device_store::PREFIX)
}

/// The signature of `referral_id`'s contract waiting to be sent, if any.
pub fn load(referral_id: i32) -> Option<PendingSignature> {
    crate::device_store::load(&key(referral_id))
}

/// Keeps it; false if the device refused (then it lives only as long as the page).
pub fn store(referral_id: i32, pending: &PendingSignature) -> bool {
    crate::device_store::store(&key(referral_id), pending)
}

/// Forgets it (the server's receipt arrived, or the server refused it).
pub fn clear(referral_id: i32) {
    crate::device_store::remove(&key(referral_id));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_kept_on_the_device_comes_back_whole() {
        let p = PendingSignature {
            contract_id: 12,
            number: "01.01-12.26.001".into(),
            idempotency_key: "0f".repeat(16),
            cms_base64: "MIAGCSqGSIb3DQEHAqCAMIACAQEx".into(),
        };
        let text = crate::device_store::encode(&p).unwrap();
        assert_eq!(crate::device_store::decode(&text), Some(p));
    }
}
