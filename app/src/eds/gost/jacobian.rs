//! Fast, **variable-time** `u₁·P + u₂·Q` on the national CA's curve (`paramSetA`,
//! `p = 2^512 − 569`, `a = −3`) for signature verification, where all inputs are public.
//!
//! - Jacobian coordinates (`x = X/Z²`, `y = Y/Z³`) with the `a = −3` doubling
//!   (dbl-2001-b: 3M + 5S) and the addition formulas add-2007-bl / madd-2007-bl of the
//!   Explicit-Formulas Database;
//! - both scalars in width-w NAF, one shared chain of doublings (Shamir's trick): the
//!   generator's 32 odd multiples are computed once per process (w = 7, affine, so its
//!   additions are mixed), the key's 8 odd multiples per verification (w = 5);
//! - the field of [`super::p512a`].
//!
//! Signing never comes here: it keeps the constant-time ladder of [`super::point`].

use std::sync::OnceLock;

use crypto_bigint::U512;

use super::curve::Curve;
use super::p512a::{self, Fp};

/// The generator's window: odd multiples 1·P … 63·P.
const G_WINDOW: u32 = 7;
/// The key's window: odd multiples 1·Q … 15·Q.
const KEY_WINDOW: u32 = 5;

/// An affine point (never the identity).
#[derive(Clone, Copy, Debug)]
pub struct Affine {
    x: Fp,
    y: Fp,
}

impl Affine {
    /// `(x, y)`, both below `p`, already known to lie on the curve.
    pub fn new(x: &U512, y: &U512) -> Self {
        Self {
            x: Fp::from_u512(x),
            y: Fp::from_u512(y),
        }
    }

    fn neg(&self) -> Self {
        Self {
            x: self.x,
            y: self.y.neg(),
        }
    }
}

/// A point in Jacobian coordinates; `Z = 0` is the identity.
#[derive(Clone, Copy, Debug)]
pub struct Jacobian {
    x: Fp,
    y: Fp,
    z: Fp,
}

impl Jacobian {
    const IDENTITY: Self = Self {
        x: Fp::ONE,
        y: Fp::ONE,
        z: Fp::ZERO,
    };

    fn from_affine(a: &Affine) -> Self {
        Self {
            x: a.x,
            y: a.y,
            z: Fp::ONE,
        }
    }

    fn is_identity(&self) -> bool {
        self.z.is_zero()
    }

    fn neg(&self) -> Self {
        Self {
            x: self.x,
            y: self.y.neg(),
            z: self.z,
        }
    }

    /// `2·self` (dbl-2001-b, `a = −3`). The curve has no point of order 2, so only the
    /// identity doubles to the identity.
    fn double(&self) -> Self {
        if self.is_identity() {
            return *self;
        }
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x.mul(&gamma);
        let t = self.x.sub(&delta).mul(&self.x.add(&delta));
        let alpha = t.double().add(&t);
        let beta4 = beta.double().double();
        let x3 = alpha.square().sub(&beta4.double());
        let z3 = self.y.add(&self.z).square().sub(&gamma).sub(&delta);
        let gamma2_8 = gamma.square().double().double().double();
        let y3 = alpha.mul(&beta4.sub(&x3)).sub(&gamma2_8);
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// `self + other` (add-2007-bl), any two points.
    fn add(&self, other: &Self) -> Self {
        if self.is_identity() {
            return *other;
        }
        if other.is_identity() {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = other.z.square();
        let u1 = self.x.mul(&z2z2);
        let u2 = other.x.mul(&z1z1);
        let s1 = self.y.mul(&other.z).mul(&z2z2);
        let s2 = other.y.mul(&self.z).mul(&z1z1);
        let h = u2.sub(&u1);
        let r = s2.sub(&s1).double();
        if h.is_zero() {
            return if r.is_zero() {
                self.double()
            } else {
                Self::IDENTITY
            };
        }
        let i = h.double().square();
        let j = h.mul(&i);
        let v = u1.mul(&i);
        let x3 = r.square().sub(&j).sub(&v.double());
        let y3 = r.mul(&v.sub(&x3)).sub(&s1.mul(&j).double());
        let z3 = self.z.add(&other.z).square().sub(&z1z1).sub(&z2z2).mul(&h);
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// `self + other` with `other` affine (madd-2007-bl).
    fn add_affine(&self, other: &Affine) -> Self {
        if self.is_identity() {
            return Self::from_affine(other);
        }
        let z1z1 = self.z.square();
        let u2 = other.x.mul(&z1z1);
        let s2 = other.y.mul(&self.z).mul(&z1z1);
        let h = u2.sub(&self.x);
        let r = s2.sub(&self.y).double();
        if h.is_zero() {
            return if r.is_zero() {
                self.double()
            } else {
                Self::IDENTITY
            };
        }
        let hh = h.square();
        let i = hh.double().double();
        let j = h.mul(&i);
        let v = self.x.mul(&i);
        let x3 = r.square().sub(&j).sub(&v.double());
        let y3 = r.mul(&v.sub(&x3)).sub(&self.y.mul(&j).double());
        let z3 = self.z.add(&h).square().sub(&z1z1).sub(&hh);
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// The affine point, or `None` for the identity.
    pub fn to_affine(&self) -> Option<(U512, U512)> {
        if self.is_identity() {
            return None;
        }
        let z_inv = self.z.invert();
        let z_inv2 = z_inv.square();
        Some((
            self.x.mul(&z_inv2).to_u512(),
            self.y.mul(&z_inv2).mul(&z_inv).to_u512(),
        ))
    }

    /// Is this point's `x`, reduced modulo `q`, equal to `r` (with `r < q`)? Decided
    /// without an inversion: `x` is `r` or `r + q` (the latter only when below `p`), and
    /// `x = X/Z²`.
    pub fn x_mod_q_is(&self, r: &U512, q: &U512) -> bool {
        if self.is_identity() {
            return false;
        }
        let zz = self.z.square();
        if Fp::from_u512(r).mul(&zz).equals(&self.x) {
            return true;
        }
        let (r_plus_q, carry) = r.adc(q, crypto_bigint::Limb::ZERO);
        carry == crypto_bigint::Limb::ZERO
            && r_plus_q < p512a::modulus()
            && Fp::from_u512(&r_plus_q).mul(&zz).equals(&self.x)
    }
}

/// Does the fast path apply to `curve`? (`paramSetA`: `p = 2^512 − 569`, `a = −3`.)
pub fn applies_to(curve: &Curve) -> bool {
    curve.p == p512a::modulus() && curve.a.retrieve() == curve.p.wrapping_sub(&U512::from_u8(3))
}

/// The generator's odd multiples `P, 3P, …, 63P`, affine (once per process).
fn generator_table(curve: &Curve) -> &'static [Affine] {
    static TABLE: OnceLock<Vec<Affine>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let g = Affine::new(&curve.gx, &curve.gy);
        odd_multiples(&g, G_WINDOW)
            .iter()
            .map(|m| {
                let (x, y) = m.to_affine().expect("odd multiples of P below q are not 0");
                Affine::new(&x, &y)
            })
            .collect()
    })
}

/// `1·a, 3·a, …, (2^(w−1) − 1)·a`.
fn odd_multiples(a: &Affine, window: u32) -> Vec<Jacobian> {
    let count = 1usize << (window - 2);
    let first = Jacobian::from_affine(a);
    let twice = first.double();
    let mut out = Vec::with_capacity(count);
    out.push(first);
    for i in 1..count {
        let next = out[i - 1].add(&twice);
        out.push(next);
    }
    out
}

/// The width-`w` NAF of `k`: digits in `{0, ±1, ±3, …, ±(2^(w−1) − 1)}`, least significant
/// first, at most one non-zero digit in any `w` consecutive ones.
fn wnaf(k: &U512, window: u32) -> [i8; 514] {
    let mut digits = [0i8; 514];
    // One spare limb: subtracting a negative digit adds to k.
    let mut n = [0u64; 9];
    n[..8].copy_from_slice(&p512a::limbs_of(k));
    let full = 1i64 << window;
    let half = full >> 1;
    let mut i = 0;
    while n.iter().any(|&limb| limb != 0) {
        if n[0] & 1 == 1 {
            let mut d = (n[0] & (full as u64 - 1)) as i64;
            if d >= half {
                d -= full;
            }
            digits[i] = d as i8;
            if d > 0 {
                sub_small(&mut n, d as u64);
            } else {
                add_small(&mut n, (-d) as u64);
            }
        }
        shift_right_one(&mut n);
        i += 1;
    }
    digits
}

fn sub_small(n: &mut [u64; 9], v: u64) {
    let mut take = v;
    for limb in n.iter_mut() {
        let (d, borrow) = limb.overflowing_sub(take);
        *limb = d;
        if !borrow {
            return;
        }
        take = 1;
    }
}

fn add_small(n: &mut [u64; 9], v: u64) {
    let mut add = v;
    for limb in n.iter_mut() {
        let (s, carry) = limb.overflowing_add(add);
        *limb = s;
        if !carry {
            return;
        }
        add = 1;
    }
}

fn shift_right_one(n: &mut [u64; 9]) {
    for i in 0..9 {
        let high = if i + 1 < 9 { n[i + 1] << 63 } else { 0 };
        n[i] = (n[i] >> 1) | high;
    }
}

/// `u1·P + u2·key` where `P` is `curve`'s generator (the curve must be one
/// [`applies_to`] accepts).
pub fn generator_and_key(curve: &Curve, u1: &U512, key: &Affine, u2: &U512) -> Jacobian {
    let g_table = generator_table(curve);
    let key_table = odd_multiples(key, KEY_WINDOW);
    let d1 = wnaf(u1, G_WINDOW);
    let d2 = wnaf(u2, KEY_WINDOW);
    let top = (0..d1.len())
        .rev()
        .find(|&i| d1[i] != 0 || d2[i] != 0)
        .map_or(0, |i| i + 1);
    let mut acc = Jacobian::IDENTITY;
    for i in (0..top).rev() {
        acc = acc.double();
        let d = d1[i];
        if d > 0 {
            acc = acc.add_affine(&g_table[(d / 2) as usize]);
        } else if d < 0 {
            acc = acc.add_affine(&g_table[(-d / 2) as usize].neg());
        }
        let d = d2[i];
        if d > 0 {
            acc = acc.add(&key_table[(d / 2) as usize]);
        } else if d < 0 {
            acc = acc.add(&key_table[(-d / 2) as usize].neg());
        }
    }
    acc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eds::gost::Point;
    use crypto_bigint::Encoding;

    fn scalars(curve: &Curve) -> Vec<U512> {
        let mut out = vec![
            U512::ZERO,
            U512::ONE,
            U512::from_u8(2),
            U512::from_u8(63),
            U512::from_u8(64),
            curve.q.wrapping_sub(&U512::ONE),
            curve.q.wrapping_sub(&U512::from_u8(2)),
            U512::MAX.shr_vartime(1),
        ];
        let mut state = 0x0123_4567_89AB_CDEFu64;
        for _ in 0..12 {
            let mut bytes = [0u8; 64];
            for chunk in bytes.chunks_exact_mut(8) {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                chunk.copy_from_slice(&state.to_le_bytes());
            }
            out.push(curve.reduce_q(&U512::from_le_bytes(bytes)));
        }
        out
    }

    #[test]
    fn the_paramset_a_curve_takes_the_fast_path_and_the_standards_example_does_not() {
        assert!(applies_to(&Curve::paramset_a_512()));
        assert!(!applies_to(&Curve::standard_example_512()));
    }

    #[test]
    fn a_wnaf_adds_back_up_to_its_scalar() {
        let curve = Curve::paramset_a_512();
        for k in scalars(&curve) {
            for w in [KEY_WINDOW, G_WINDOW] {
                let digits = wnaf(&k, w);
                // Σ dᵢ·2ⁱ, evaluated from the top with wrapping arithmetic mod 2^512.
                let mut sum = U512::ZERO;
                for &d in digits.iter().rev() {
                    sum = sum.wrapping_add(&sum);
                    let v = U512::from_u64(d.unsigned_abs() as u64);
                    sum = if d >= 0 {
                        sum.wrapping_add(&v)
                    } else {
                        sum.wrapping_sub(&v)
                    };
                }
                assert_eq!(sum, k, "w = {w}");
                let nonzero: Vec<usize> = (0..digits.len()).filter(|&i| digits[i] != 0).collect();
                assert!(nonzero.windows(2).all(|p| p[1] - p[0] >= w as usize));
                assert!(digits.iter().all(|d| d % 2 != 0 || *d == 0));
                assert!(digits.iter().all(|d| d.unsigned_abs() < (1 << (w - 1))));
            }
        }
    }

    #[test]
    fn shamirs_trick_gives_what_the_constant_time_ladder_gives() {
        let curve = Curve::paramset_a_512();
        let g = Point::generator(&curve);
        let key_point = g.mul(
            &U512::from_be_hex(&"5A".repeat(64)).wrapping_rem(&curve.q),
            &curve,
        );
        let (kx, ky) = key_point.to_affine().expect("not identity");
        let key = Affine::new(&kx, &ky);
        let all = scalars(&curve);
        for (i, u1) in all.iter().enumerate() {
            let u2 = &all[(i * 7 + 3) % all.len()];
            let fast = generator_and_key(&curve, u1, &key, u2);
            let slow = g.mul(u1, &curve).add(&key_point.mul(u2, &curve), &curve);
            assert_eq!(fast.to_affine(), slow.to_affine(), "u1 = {u1}, u2 = {u2}");
            if let Some((x, _)) = slow.to_affine() {
                let r = curve.reduce_q(&x);
                assert!(fast.x_mod_q_is(&r, &curve.q));
                assert!(!fast.x_mod_q_is(&r.wrapping_add(&U512::ONE), &curve.q));
            }
        }
        // u1·P + u2·Q = identity when Q = −(u1/u2)·P: P + (q−1)·P.
        let (gx, gy) = g.to_affine().expect("P");
        let p_affine = Affine::new(&gx, &gy);
        let sum = generator_and_key(
            &curve,
            &U512::ONE,
            &p_affine,
            &curve.q.wrapping_sub(&U512::ONE),
        );
        assert!(sum.to_affine().is_none());
        assert!(!sum.x_mod_q_is(&U512::ZERO, &curve.q));
        // And equal summands (the doubling case of the addition formulas): P + 1·P = 2P.
        let two_p = generator_and_key(&curve, &U512::ONE, &p_affine, &U512::ONE);
        assert_eq!(two_p.to_affine(), g.add(&g, &curve).to_affine());
    }
}
