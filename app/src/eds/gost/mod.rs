//! GOST R 34.10-2012 digital signatures with 512-bit keys (adopted in Kazakhstan as
//! ГОСТ Р 34.10-2015 / СТ РК ГОСТ Р 34.10-2015; RFC 7091) over Streebog-512 digests
//! (GOST R 34.11-2012, RFC 6986) — what the national CA's current `GOST512_…` key files hold.
//!
//! No maintained Rust crate implements this signature, so it is written here, small and
//! separate, on top of `crypto-bigint` (constant-time Montgomery arithmetic) and RustCrypto's
//! `streebog`:
//! - [`curve`]: the curve parameters (the national CA's `paramSetA`, and the standard's worked
//!   example for known-answer tests);
//! - [`point`]: point arithmetic with complete formulas and a constant-time ladder (signing);
//! - [`p512a`] and [`jacobian`]: variable-time arithmetic specialised to `paramSetA`
//!   (`p = 2^512 − 569`, `a = −3`, Jacobian coordinates, wNAF with Shamir's trick) for
//!   verification, where every input is public;
//! - [`signature`]: §6.1 signing and §6.2 verification on integers;
//! - [`nca`]: how the national CA's software puts keys, digests and signatures into bytes
//!   (learnt from, and tested against, its real files and CMS signatures).
//!
//! Checked against: the standard's Appendix A.2 example (public key, signature with the
//! given nonce, verification), and the national CA's own CMS signatures and certificates.

pub mod curve;
pub mod jacobian;
pub mod nca;
pub mod p512a;
pub mod point;
pub mod signature;

pub use curve::Curve;
pub use point::Point;
pub use signature::Signature;
