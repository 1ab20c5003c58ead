//! Arithmetic in `F_p` for `p = 2^512 − 569`, the field of the national CA's curve
//! (`paramSetA`), specialised to that prime: a product is folded with `2^512 ≡ 569 (mod p)`
//! instead of a Montgomery reduction.
//!
//! **Variable time.** Carries are propagated only as far as they go and equality is decided
//! by early exits, so the running time depends on the values. This is used for signature
//! *verification* only, where every input (the message digest, the signature, the public
//! key) is public. Signing keeps the constant-time Montgomery arithmetic of [`super::curve`].
//!
//! Elements are eight 64-bit limbs, least significant first, holding any value below
//! `2^512` (a value in `[p, 2^512)` stands for itself minus `p`); [`Fp::canonical`] gives
//! the unique representative below `p` for comparisons.

use crypto_bigint::{Encoding, U512};

/// `2^512 − p`.
const C: u64 = 569;

/// `p` as limbs.
const P: [u64; 8] = [
    0xFFFF_FFFF_FFFF_FDC7,
    u64::MAX,
    u64::MAX,
    u64::MAX,
    u64::MAX,
    u64::MAX,
    u64::MAX,
    u64::MAX,
];

/// `p` as an integer (to recognise the curve).
pub fn modulus() -> U512 {
    from_limbs(&P)
}

/// An element of `F_p` (see the module documentation for the representation).
#[derive(Clone, Copy, Debug)]
pub struct Fp([u64; 8]);

impl Fp {
    pub const ZERO: Self = Self([0; 8]);
    pub const ONE: Self = Self([1, 0, 0, 0, 0, 0, 0, 0]);

    /// `x` (any 512-bit integer; values from `p` up stand for `x − p`).
    pub fn from_u512(x: &U512) -> Self {
        Self(limbs_of(x))
    }

    /// The representative below `p`.
    pub fn canonical(&self) -> [u64; 8] {
        let mut r = self.0;
        if ge_p(&r) {
            // r − p = r + 569 − 2^512: add and drop the carry out of the top limb.
            let mut carry = C as u128;
            for limb in r.iter_mut() {
                let v = *limb as u128 + carry;
                *limb = v as u64;
                carry = v >> 64;
                if carry == 0 {
                    break;
                }
            }
        }
        r
    }

    /// The representative below `p` as an integer.
    pub fn to_u512(&self) -> U512 {
        from_limbs(&self.canonical())
    }

    pub fn is_zero(&self) -> bool {
        self.canonical() == [0; 8]
    }

    pub fn equals(&self, other: &Self) -> bool {
        self.canonical() == other.canonical()
    }

    pub fn add(&self, other: &Self) -> Self {
        let mut r = [0u64; 8];
        let mut carry = 0u64;
        for (i, limb) in r.iter_mut().enumerate() {
            let (s1, c1) = self.0[i].overflowing_add(other.0[i]);
            let (s2, c2) = s1.overflowing_add(carry);
            *limb = s2;
            carry = u64::from(c1 | c2);
        }
        fold(&mut r, carry);
        Self(r)
    }

    pub fn sub(&self, other: &Self) -> Self {
        let mut r = [0u64; 8];
        let mut borrow = 0u64;
        for (i, limb) in r.iter_mut().enumerate() {
            let (d1, b1) = self.0[i].overflowing_sub(other.0[i]);
            let (d2, b2) = d1.overflowing_sub(borrow);
            *limb = d2;
            borrow = u64::from(b1 | b2);
        }
        // A borrow left `r = a − b + 2^512 ≡ a − b + 569`: take 569 off, as often as it
        // borrows again (at most twice).
        while borrow != 0 {
            borrow = 0;
            let mut take = C;
            for limb in r.iter_mut() {
                let (d, b) = limb.overflowing_sub(take);
                *limb = d;
                if !b {
                    take = 0;
                    break;
                }
                take = 1;
            }
            if take != 0 {
                borrow = 1;
            }
        }
        Self(r)
    }

    pub fn neg(&self) -> Self {
        Self::ZERO.sub(self)
    }

    pub fn double(&self) -> Self {
        self.add(self)
    }

    pub fn mul(&self, other: &Self) -> Self {
        let (a, b) = (&self.0, &other.0);
        let mut t = [0u64; 16];
        for i in 0..8 {
            let mut carry = 0u128;
            for j in 0..8 {
                let v = (a[i] as u128) * (b[j] as u128) + t[i + j] as u128 + carry;
                t[i + j] = v as u64;
                carry = v >> 64;
            }
            t[i + 8] = carry as u64;
        }
        Self(reduce(&t))
    }

    pub fn square(&self) -> Self {
        let a = &self.0;
        let mut t = [0u64; 16];
        // The products a_i·a_j with i < j once …
        for i in 0..8 {
            let mut carry = 0u128;
            for j in i + 1..8 {
                let v = (a[i] as u128) * (a[j] as u128) + t[i + j] as u128 + carry;
                t[i + j] = v as u64;
                carry = v >> 64;
            }
            t[i + 8] = carry as u64;
        }
        // … doubled …
        let mut top = 0u64;
        for limb in t.iter_mut() {
            let next = *limb >> 63;
            *limb = (*limb << 1) | top;
            top = next;
        }
        // … plus the squares a_i².
        let mut carry = 0u128;
        for i in 0..8 {
            let sq = (a[i] as u128) * (a[i] as u128);
            let lo = t[2 * i] as u128 + (sq as u64) as u128 + carry;
            t[2 * i] = lo as u64;
            let hi = t[2 * i + 1] as u128 + (sq >> 64) + (lo >> 64);
            t[2 * i + 1] = hi as u64;
            carry = hi >> 64;
        }
        Self(reduce(&t))
    }

    /// `self^(p−2) = self⁻¹` (Fermat), or 0 for 0. Used only to build fixed tables.
    pub fn invert(&self) -> Self {
        // p − 2 = 2^512 − 571.
        let mut e = P;
        e[0] -= 2;
        let mut acc = Self::ONE;
        for i in (0..512).rev() {
            acc = acc.square();
            if (e[i / 64] >> (i % 64)) & 1 == 1 {
                acc = acc.mul(self);
            }
        }
        acc
    }
}

/// `lo + hi·569` for a 1024-bit product `hi·2^512 + lo`, then the last small carry folded.
fn reduce(t: &[u64; 16]) -> [u64; 8] {
    let mut r = [0u64; 8];
    let mut carry = 0u128;
    for i in 0..8 {
        let v = t[i] as u128 + (t[i + 8] as u128) * (C as u128) + carry;
        r[i] = v as u64;
        carry = v >> 64;
    }
    fold(&mut r, carry as u64);
    r
}

/// Adds `top · 2^512 ≡ top · 569` into `r`, again while that carries out.
fn fold(r: &mut [u64; 8], mut top: u64) {
    while top != 0 {
        let mut carry = (top as u128) * (C as u128);
        for limb in r.iter_mut() {
            let v = *limb as u128 + carry;
            *limb = v as u64;
            carry = v >> 64;
            if carry == 0 {
                break;
            }
        }
        top = carry as u64;
    }
}

fn ge_p(r: &[u64; 8]) -> bool {
    for i in (0..8).rev() {
        if r[i] != P[i] {
            return r[i] > P[i];
        }
    }
    true
}

/// Little-endian 64-bit limbs of `x` (whatever the target's limb size).
pub fn limbs_of(x: &U512) -> [u64; 8] {
    let bytes = x.to_le_bytes();
    let mut limbs = [0u64; 8];
    for (limb, chunk) in limbs.iter_mut().zip(bytes.chunks_exact(8)) {
        *limb = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
    }
    limbs
}

pub fn from_limbs(limbs: &[u64; 8]) -> U512 {
    let mut bytes = [0u8; 64];
    for (chunk, limb) in bytes.chunks_exact_mut(8).zip(limbs) {
        chunk.copy_from_slice(&limb.to_le_bytes());
    }
    U512::from_le_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eds::gost::Curve;
    use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};

    /// A few awkward values and a stream of pseudo-random ones (splitmix64).
    fn samples() -> Vec<U512> {
        let p = modulus();
        let mut out = vec![
            U512::ZERO,
            U512::ONE,
            p.wrapping_sub(&U512::ONE),
            p,
            p.wrapping_add(&U512::from_u64(568)),
            U512::MAX,
            U512::from_u64(568),
            U512::from_u64(569),
            U512::from_u64(570),
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        for _ in 0..60 {
            let mut limbs = [0u64; 8];
            for limb in limbs.iter_mut() {
                *limb = next();
            }
            out.push(from_limbs(&limbs));
        }
        out
    }

    /// The reference: crypto-bigint's generic Montgomery arithmetic modulo the same `p`.
    fn reference(
        x: &U512,
        params: DynResidueParams<{ U512::LIMBS }>,
    ) -> DynResidue<{ U512::LIMBS }> {
        let p = modulus();
        let reduced = if x >= &p { x.wrapping_sub(&p) } else { *x };
        DynResidue::new(&reduced, params)
    }

    #[test]
    fn the_specialised_field_agrees_with_the_generic_montgomery_arithmetic() {
        let p = modulus();
        assert_eq!(p, Curve::paramset_a_512().p);
        let params = DynResidueParams::new(&p);
        let values = samples();
        for a in &values {
            let (fa, ra) = (Fp::from_u512(a), reference(a, params));
            assert_eq!(fa.to_u512(), ra.retrieve(), "representation of {a}");
            assert_eq!(fa.square().to_u512(), ra.square().retrieve(), "{a}²");
            assert_eq!(fa.neg().to_u512(), ra.neg().retrieve(), "−{a}");
            for b in values.iter().step_by(7) {
                let (fb, rb) = (Fp::from_u512(b), reference(b, params));
                assert_eq!(fa.mul(&fb).to_u512(), ra.mul(&rb).retrieve(), "{a}·{b}");
                assert_eq!(fa.add(&fb).to_u512(), ra.add(&rb).retrieve(), "{a}+{b}");
                assert_eq!(fa.sub(&fb).to_u512(), ra.sub(&rb).retrieve(), "{a}−{b}");
            }
        }
    }

    #[test]
    fn inversion_gives_the_inverse_and_zero_is_recognised_in_both_forms() {
        for a in samples().iter().skip(5) {
            let fa = Fp::from_u512(a);
            if fa.is_zero() {
                continue;
            }
            assert!(fa.mul(&fa.invert()).equals(&Fp::ONE), "{a}");
        }
        assert!(Fp::from_u512(&modulus()).is_zero(), "p is 0");
        assert!(Fp::ONE.sub(&Fp::ONE).is_zero());
    }
}
