//! Electronic digital signature (ЭЦП / ЭЦҚ), pure Rust, no Leptos, no clock reads (the time
//! is always a parameter). Keys are opened and contracts signed in the browser (WASM): the
//! private key and its password never leave the device; the server only verifies.
//!
//! - [`ber`]: BER → DER normalisation (national CA files are BER);
//! - [`p12_read`]: the PKCS#12 container: MAC, decryption, key and certificates;
//! - [`cert_info`]: what the certificate says (name, IIN/BIN, holder type, purposes…);
//! - [`key_file`]: opening a key file and checking it fits the task at hand;
//! - [`purpose`]: authentication vs signing;
//! - [`gost`]: GOST R 34.10-2015 512-bit signatures and Streebog-512 (the national CA's
//!   current `GOST512_…` files), with the national CA's byte conventions;
//! - [`public_key`]: a certificate's RSA or GOST key, as the verifier uses it;
//! - [`cms_sign`]: detached CMS SignedData over canonical bytes (RSA with SHA-256, or GOST512
//!   with Streebog-512 in the national CA's Kalkan shape);
//! - [`cms_verify`] and [`trust`]: verification against trust anchors (production and test)
//!   and CRLs;
//! - [`path`]: the bounded certificate path search (a CMS's certificates are hostile);
//! - [`revocation`]: a certificate's status from its issuer's CRLs (delta CRLs, freshness);
//! - [`party`]: the signature is the expected party's (parent's IIN, kindergarten's BIN);
//! - `demo_pki` and `p12_write` (feature `demo-kit`, and in this crate's tests): the
//!   demo/test PKI and PKCS#12 files shaped like the national CA's. The server enables them
//!   (demo mode, CLI, tests); the browser bundle and the photo worker never do.

#![forbid(unsafe_code)]

pub mod asn1;
pub mod ber;
pub mod cert_info;
pub mod cms_sign;
pub mod cms_verify;
#[cfg(any(test, feature = "demo-kit"))]
pub mod demo_pki;
pub mod gost;
pub mod key_file;
pub mod long_term;
pub mod ocsp;
pub mod p12_read;
#[cfg(any(test, feature = "demo-kit"))]
pub mod p12_write;
pub mod party;
pub mod path;
pub mod public_key;
pub mod purpose;
pub mod revocation;
pub mod timestamp;
pub mod trust;

pub use ber::{BerError, ber_to_der};
pub use cert_info::{CertInfo, HolderType, KeyAlgorithm, KeyUsageFlags};
pub use cms_sign::{SignError, sign_detached};
pub use cms_verify::{VerifiedSignature, VerifyError, verify_detached, verify_signature_only};
#[cfg(any(test, feature = "demo-kit"))]
pub use demo_pki::{DemoCa, DemoPkiError, OrgSpec, PersonSpec};
pub use key_file::{KeyFile, KeyFileError, MAX_KEY_FILE_BYTES, check_usable, open_key_file};
pub use p12_read::{P12Certificate, P12Contents, P12Error, read_pkcs12};
#[cfg(any(test, feature = "demo-kit"))]
pub use p12_write::{P12Format, P12WriteError, write_p12};
pub use party::{Party, PartyError, SignatureRefusal, check_party, verify_contract_signature};
pub use purpose::Purpose;
pub use trust::{TrustError, TrustStore};

#[cfg(test)]
pub(crate) mod test_support;
