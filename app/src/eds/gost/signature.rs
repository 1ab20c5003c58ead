//! The GOST R 34.10-2012 signature scheme itself (§6.1 signing, §6.2 verification), on
//! integers: the digest as the integer `α`, the private key `d`, the signature `(r, s)`.
//! Byte conventions (which end of the digest is the high one, `s‖r` or `r‖s`) belong to the
//! format that carries them: see [`super::nca`].
//!
//! Signing takes its nonce `k` from a cryptographic RNG and is constant-time in `d` and `k`
//! (arithmetic modulo `q` in Montgomery form, constant-time scalar multiplication);
//! verification handles only public data.

use crypto_bigint::{U512, Zero};
use rand_core::{CryptoRng, RngCore};
use zeroize::Zeroize;

use super::curve::{COORDINATE_BYTES, Curve, Fe};
use super::jacobian;
use super::point::Point;

/// A signature `(r, s)`, both in `1..q`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    pub r: U512,
    pub s: U512,
}

/// `e = α mod q`, replaced by 1 when it is 0 (§6.1 step 2).
fn e_of(curve: &Curve, alpha: &U512) -> U512 {
    let e = curve.reduce_q(alpha);
    if bool::from(e.is_zero()) {
        U512::ONE
    } else {
        e
    }
}

/// The public key `Q = d·P`, or `None` if `d` is not in `1..q`.
pub fn public_key(curve: &Curve, d: &U512) -> Option<Point> {
    if bool::from(d.is_zero()) || d >= &curve.q {
        return None;
    }
    Some(Point::generator(curve).mul(d, curve))
}

/// Signs the digest integer `alpha` with the private key `d` (in `1..q`). `None` if `d` is
/// out of range or the RNG kept yielding unusable nonces (practically impossible).
pub fn sign<R: RngCore + CryptoRng>(
    curve: &Curve,
    d: &U512,
    alpha: &U512,
    rng: &mut R,
) -> Option<Signature> {
    if bool::from(d.is_zero()) || d >= &curve.q {
        return None;
    }
    for _ in 0..64 {
        let mut bytes = [0u8; COORDINATE_BYTES];
        rng.fill_bytes(&mut bytes);
        let mut k = U512::from_be_slice(&bytes);
        bytes.zeroize();
        let signature = sign_with_nonce(curve, d, alpha, &k);
        k.zeroize();
        if signature.is_some() {
            return signature;
        }
    }
    None
}

/// §6.1 steps 2–6 with a given nonce `k`. `None` if `k` is not in `1..q` or gives `r = 0` or
/// `s = 0` (the caller draws another `k`). Public for known-answer tests of the standard.
pub fn sign_with_nonce(curve: &Curve, d: &U512, alpha: &U512, k: &U512) -> Option<Signature> {
    if bool::from(k.is_zero()) || k >= &curve.q {
        return None;
    }
    let e = e_of(curve, alpha);
    let c = Point::generator(curve).mul(k, curve);
    let (cx, _) = c.to_affine()?;
    let r = curve.reduce_q(&cx);
    if bool::from(r.is_zero()) {
        return None;
    }
    // s = (r·d + k·e) mod q, in constant time.
    let s = curve
        .scalar(&r)
        .mul(&curve.scalar(d))
        .add(&curve.scalar(k).mul(&curve.scalar(&e)))
        .retrieve();
    if bool::from(s.is_zero()) {
        return None;
    }
    Some(Signature { r, s })
}

/// §6.2: does `signature` verify for the digest integer `alpha` under the public key `key`
/// (a point already checked to be on the curve)? On the national CA's curve this runs the
/// variable-time double-scalar multiplication of [`super::jacobian`] (about ten times faster
/// than the ladder); on any other curve, [`verify_with_ladder`].
pub fn verify(curve: &Curve, key: &Point, alpha: &U512, signature: &Signature) -> bool {
    let Some((z1, z2)) = multipliers(curve, alpha, signature) else {
        return false;
    };
    if jacobian::applies_to(curve)
        && let Some((kx, ky)) = key.to_affine_public()
    {
        let key = jacobian::Affine::new(&kx, &ky);
        return jacobian::generator_and_key(curve, &z1, &key, &z2)
            .x_mod_q_is(&signature.r, &curve.q);
    }
    ladder_check(curve, key, &z1, &z2, &signature.r)
}

/// §6.2 with the constant-time ladder of [`Point::mul`] on any curve: the reference the
/// fast path is tested and benchmarked against.
pub fn verify_with_ladder(curve: &Curve, key: &Point, alpha: &U512, signature: &Signature) -> bool {
    multipliers(curve, alpha, signature)
        .is_some_and(|(z1, z2)| ladder_check(curve, key, &z1, &z2, &signature.r))
}

/// §6.2 steps 1–5: `z₁ = s/e`, `z₂ = −r/e (mod q)`, or `None` if `r` or `s` is out of range.
fn multipliers(curve: &Curve, alpha: &U512, signature: &Signature) -> Option<(U512, U512)> {
    let Signature { r, s } = signature;
    if bool::from(r.is_zero()) || r >= &curve.q || bool::from(s.is_zero()) || s >= &curve.q {
        return None;
    }
    let e = curve.scalar(&e_of(curve, alpha));
    let (v, invertible) = e.invert();
    if !bool::from(invertible) {
        return None;
    }
    let z1: Fe = curve.scalar(s).mul(&v);
    let z2: Fe = curve.scalar(r).mul(&v).neg();
    Some((z1.retrieve(), z2.retrieve()))
}

/// §6.2 steps 6–7: `C = z₁·P + z₂·Q`, and `x_C mod q = r`?
fn ladder_check(curve: &Curve, key: &Point, z1: &U512, z2: &U512, r: &U512) -> bool {
    let c = Point::generator(curve)
        .mul(z1, curve)
        .add(&key.mul(z2, curve), curve);
    match c.to_affine() {
        Some((cx, _)) => curve.reduce_q(&cx) == *r,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(hex: &str) -> U512 {
        U512::from_be_hex(hex)
    }

    /// GOST R 34.10-2012, Appendix A.2 (= RFC 7091 §7.2): key, public key, digest, nonce
    /// and signature as printed in the standard.
    struct A2 {
        d: U512,
        qx: U512,
        qy: U512,
        alpha: U512,
        k: U512,
        r: U512,
        s: U512,
    }

    fn a2() -> A2 {
        A2 {
            d: h(
                "0BA6048AADAE241BA40936D47756D7C93091A0E8514669700EE7508E508B1020\
                  72E8123B2200A0563322DAD2827E2714A2636B7BFD18AADFC62967821FA18DD4",
            ),
            qx: h(
                "115DC5BC96760C7B48598D8AB9E740D4C4A85A65BE33C1815B5C320C854621DD\
                   5A515856D13314AF69BC5B924C8B4DDFF75C45415C1D9DD9DD33612CD530EFE1",
            ),
            qy: h(
                "37C7C90CD40B0F5621DC3AC1B751CFA0E2634FA0503B3D52639F5D7FB72AFD61\
                   EA199441D943FFE7F0C70A2759A3CDB84C114E1F9339FDF27F35ECA93677BEEC",
            ),
            alpha: h(
                "3754F3CFACC9E0615C4F4A7C4D8DAB531B09B6F9C170C533A71D147035B0C591\
                      7184EE536593F4414339976C647C5D5A407ADEDB1D560C4FC6777D2972075B8C",
            ),
            k: h(
                "0359E7F4B1410FEACC570456C6801496946312120B39D019D455986E364F3658\
                  86748ED7A44B3E794434006011842286212273A6D14CF70EA3AF71BB1AE679F1",
            ),
            r: h(
                "2F86FA60A081091A23DD795E1E3C689EE512A3C82EE0DCC2643C78EEA8FCACD3\
                  5492558486B20F1C9EC197C90699850260C93BCBCD9C5C3317E19344E173AE36",
            ),
            s: h(
                "1081B394696FFE8E6585E7A9362D26B6325F56778AADBC081C0BFBE933D52FF5\
                  823CE288E8C4F362526080DF7F70CE406A6EEB1F56919CB92A9853BDE73E5B4A",
            ),
        }
    }

    #[test]
    fn the_standards_example_key_gives_the_standards_public_key() {
        let curve = Curve::standard_example_512();
        let v = a2();
        let q = public_key(&curve, &v.d).expect("d in range");
        assert_eq!(q.to_affine(), Some((v.qx, v.qy)));
    }

    #[test]
    fn signing_the_standards_example_with_its_nonce_gives_its_signature() {
        let curve = Curve::standard_example_512();
        let v = a2();
        let sig = sign_with_nonce(&curve, &v.d, &v.alpha, &v.k).expect("valid nonce");
        assert_eq!(sig, Signature { r: v.r, s: v.s });
    }

    #[test]
    fn the_standards_example_signature_verifies_and_any_change_breaks_it() {
        let curve = Curve::standard_example_512();
        let v = a2();
        let key = Point::from_affine(&curve, &v.qx, &v.qy).expect("on the curve");
        let good = Signature { r: v.r, s: v.s };
        assert!(verify(&curve, &key, &v.alpha, &good));
        let other_digest = v.alpha.wrapping_add(&U512::ONE);
        assert!(!verify(&curve, &key, &other_digest, &good));
        let bad_s = Signature {
            r: v.r,
            s: v.s.wrapping_add(&U512::ONE),
        };
        assert!(!verify(&curve, &key, &v.alpha, &bad_s));
        let swapped = Signature { r: v.s, s: v.r };
        assert!(!verify(&curve, &key, &v.alpha, &swapped));
        let zero_r = Signature {
            r: U512::ZERO,
            s: v.s,
        };
        assert!(!verify(&curve, &key, &v.alpha, &zero_r));
        let r_is_q = Signature { r: curve.q, s: v.s };
        assert!(!verify(&curve, &key, &v.alpha, &r_is_q));
    }

    #[test]
    fn a_signature_made_with_a_random_nonce_verifies_on_the_national_cas_curve() {
        let curve = Curve::paramset_a_512();
        let d = h(
            "1B2C3D4E5F60718293A4B5C6D7E8F9011B2C3D4E5F60718293A4B5C6D7E8F901\
                   1B2C3D4E5F60718293A4B5C6D7E8F9011B2C3D4E5F60718293A4B5C6D7E8F901",
        );
        let key = public_key(&curve, &d).expect("d in range");
        let alpha = h(
            "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF\
                       00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF",
        );
        let sig = sign(&curve, &d, &alpha, &mut rand_core::OsRng).expect("signed");
        assert!(verify(&curve, &key, &alpha, &sig));
        let again = sign(&curve, &d, &alpha, &mut rand_core::OsRng).expect("signed");
        assert_ne!(sig, again, "a fresh nonce every time");
        // A key on the other curve does not verify it.
        let other = Curve::standard_example_512();
        let other_key = Point::generator(&other);
        assert!(!verify(&curve, &other_key, &alpha, &sig));
    }

    #[test]
    fn on_the_national_cas_curve_the_fast_path_and_the_ladder_agree_on_good_and_broken_signatures()
    {
        let curve = Curve::paramset_a_512();
        let mut rng = rand_core::OsRng;
        for round in 0..6u8 {
            let mut bytes = [0u8; COORDINATE_BYTES];
            rng.fill_bytes(&mut bytes);
            let d = curve
                .reduce_q(&U512::from_be_slice(&bytes))
                .wrapping_add(&U512::ONE);
            let key = public_key(&curve, &d).expect("d in range");
            rng.fill_bytes(&mut bytes);
            let alpha = U512::from_be_slice(&bytes);
            let good = sign(&curve, &d, &alpha, &mut rng).expect("signed");
            let last = curve.q.wrapping_sub(&U512::ONE);
            let cases = [
                (alpha, good, true),
                (alpha.wrapping_add(&U512::ONE), good, false),
                (
                    alpha,
                    Signature {
                        r: good.r.wrapping_add(&U512::ONE),
                        ..good
                    },
                    false,
                ),
                (
                    alpha,
                    Signature {
                        s: good.s.wrapping_sub(&U512::ONE),
                        ..good
                    },
                    false,
                ),
                (
                    alpha,
                    Signature {
                        r: good.s,
                        s: good.r,
                    },
                    false,
                ),
                (alpha, Signature { r: last, s: good.s }, false),
                (alpha, Signature { r: good.r, s: last }, false),
                (
                    alpha,
                    Signature {
                        r: good.r,
                        s: curve.q,
                    },
                    false,
                ),
            ];
            for (i, (digest, sig, expected)) in cases.iter().enumerate() {
                let ladder = verify_with_ladder(&curve, &key, digest, sig);
                assert_eq!(ladder, *expected, "round {round}, case {i}: the reference");
                assert_eq!(
                    verify(&curve, &key, digest, sig),
                    ladder,
                    "round {round}, case {i}"
                );
            }
            let stranger = public_key(&curve, &d.wrapping_add(&U512::ONE)).expect("in range");
            assert!(!verify(&curve, &stranger, &alpha, &good), "another key");
        }
    }

    #[test]
    fn keys_out_of_range_cannot_sign() {
        let curve = Curve::paramset_a_512();
        assert!(public_key(&curve, &U512::ZERO).is_none());
        assert!(public_key(&curve, &curve.q).is_none());
        assert!(sign(&curve, &curve.q, &U512::ONE, &mut rand_core::OsRng).is_none());
    }
}
