//! Points of a [`Curve`] in homogeneous projective coordinates `(X : Y : Z)`, `x = X/Z`,
//! `y = Y/Z`, the identity being `(0 : 1 : 0)`.
//!
//! Addition uses the *complete* formulas of Renes, Costello and Batina ("Complete addition
//! formulas for prime order elliptic curves", EUROCRYPT 2016, Algorithm 1, any `a`): one
//! branch-free sequence that is correct for every pair of inputs — distinct points, equal
//! points (doubling), inverses and the identity. Together with a double-and-add-always
//! ladder and constant-time selection ([`Point::mul`]) this makes scalar multiplication free
//! of secret-dependent branches and memory accesses, which matters when the scalar is the
//! private key or the per-signature nonce.

use crypto_bigint::U512;
use subtle::{Choice, ConditionallySelectable};

use super::curve::{Curve, Fe};

/// A point in projective coordinates (bound to one curve by the caller).
#[derive(Clone, Copy, Debug)]
pub struct Point {
    x: Fe,
    y: Fe,
    z: Fe,
}

impl Point {
    /// The identity (point at infinity).
    pub fn identity(curve: &Curve) -> Self {
        Self {
            x: Fe::zero(curve.field),
            y: Fe::one(curve.field),
            z: Fe::zero(curve.field),
        }
    }

    /// The generator `P`.
    pub fn generator(curve: &Curve) -> Self {
        Self::from_affine_unchecked(curve, &curve.gx, &curve.gy)
    }

    fn from_affine_unchecked(curve: &Curve, x: &U512, y: &U512) -> Self {
        Self {
            x: curve.fe(x),
            y: curve.fe(y),
            z: Fe::one(curve.field),
        }
    }

    /// The affine point `(x, y)` if both coordinates are below `p` and it lies on the curve
    /// (with cofactor 1, every such point is in the prime-order group). `None` otherwise:
    /// a malformed or foreign point is refused before any arithmetic uses it.
    pub fn from_affine(curve: &Curve, x: &U512, y: &U512) -> Option<Self> {
        if x >= &curve.p || y >= &curve.p {
            return None;
        }
        let point = Self::from_affine_unchecked(curve, x, y);
        curve.contains(&point.x, &point.y).then_some(point)
    }

    /// `(x, y)`, or `None` for the identity.
    pub fn to_affine(&self) -> Option<(U512, U512)> {
        let (z_inv, invertible) = self.z.invert();
        if !bool::from(invertible) {
            return None;
        }
        Some((self.x.mul(&z_inv).retrieve(), self.y.mul(&z_inv).retrieve()))
    }

    /// Like [`Self::to_affine`], without the inversion when `Z` is already 1 (as for a key
    /// read from a certificate). Branches on `Z`: public points only.
    pub fn to_affine_public(&self) -> Option<(U512, U512)> {
        if self.z.retrieve() == U512::ONE {
            return Some((self.x.retrieve(), self.y.retrieve()));
        }
        self.to_affine()
    }

    /// `self + other` (complete: any two points of the curve, including equal ones).
    pub fn add(&self, other: &Self, curve: &Curve) -> Self {
        let (a, b3) = (&curve.a, &curve.b3);
        let (x1, y1, z1) = (&self.x, &self.y, &self.z);
        let (x2, y2, z2) = (&other.x, &other.y, &other.z);
        let mut t0 = x1.mul(x2);
        let mut t1 = y1.mul(y2);
        let mut t2 = z1.mul(z2);
        let mut t3 = x1.add(y1);
        let mut t4 = x2.add(y2);
        t3 = t3.mul(&t4);
        t4 = t0.add(&t1);
        t3 = t3.sub(&t4);
        t4 = x1.add(z1);
        let mut t5 = x2.add(z2);
        t4 = t4.mul(&t5);
        t5 = t0.add(&t2);
        t4 = t4.sub(&t5);
        t5 = y1.add(z1);
        let mut x3 = y2.add(z2);
        t5 = t5.mul(&x3);
        x3 = t1.add(&t2);
        t5 = t5.sub(&x3);
        let mut z3 = a.mul(&t4);
        x3 = b3.mul(&t2);
        z3 = x3.add(&z3);
        x3 = t1.sub(&z3);
        z3 = t1.add(&z3);
        let mut y3 = x3.mul(&z3);
        t1 = t0.add(&t0);
        t1 = t1.add(&t0);
        t2 = a.mul(&t2);
        t4 = b3.mul(&t4);
        t1 = t1.add(&t2);
        t2 = t0.sub(&t2);
        t2 = a.mul(&t2);
        t4 = t4.add(&t2);
        t0 = t1.mul(&t4);
        y3 = y3.add(&t0);
        t0 = t5.mul(&t4);
        x3 = t3.mul(&x3);
        x3 = x3.sub(&t0);
        t0 = t3.mul(&t1);
        z3 = t5.mul(&z3);
        z3 = z3.add(&t0);
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// `k · self` for any 512-bit `k`, in constant time with respect to `k`: 512 doublings
    /// and 512 additions whatever the bits, the result of each addition kept or dropped by
    /// a constant-time selection.
    pub fn mul(&self, k: &U512, curve: &Curve) -> Self {
        let mut acc = Self::identity(curve);
        for i in (0..512).rev() {
            acc = acc.add(&acc, curve);
            let sum = acc.add(self, curve);
            acc = Self::conditional_select(&acc, &sum, Choice::from(k.bit(i)));
        }
        acc
    }
}

impl ConditionallySelectable for Point {
    fn conditional_select(a: &Self, b: &Self, choice: Choice) -> Self {
        Self {
            x: Fe::conditional_select(&a.x, &b.x, choice),
            y: Fe::conditional_select(&a.y, &b.y, choice),
            z: Fe::conditional_select(&a.z, &b.z, choice),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_times_the_group_order_is_the_identity() {
        for curve in [Curve::paramset_a_512(), Curve::standard_example_512()] {
            let g = Point::generator(&curve);
            assert!(
                g.mul(&curve.q, &curve).to_affine().is_none(),
                "{}",
                curve.name
            );
            let q_minus_1 = curve.q.wrapping_sub(&U512::ONE);
            let (x, y) = g.mul(&q_minus_1, &curve).to_affine().expect("not identity");
            assert_eq!(x, curve.gx, "(q−1)·P = −P has P's x");
            assert_eq!(y, curve.p.wrapping_sub(&curve.gy), "and −y");
        }
    }

    #[test]
    fn doubling_through_the_complete_formula_equals_adding_step_by_step() {
        let curve = Curve::paramset_a_512();
        let g = Point::generator(&curve);
        let three_g = g.add(&g, &curve).add(&g, &curve);
        let by_mul = g.mul(&U512::from_u8(3), &curve);
        assert_eq!(three_g.to_affine(), by_mul.to_affine());
        let id = Point::identity(&curve);
        assert_eq!(g.add(&id, &curve).to_affine(), g.to_affine());
    }

    #[test]
    fn points_off_the_curve_or_out_of_range_are_refused() {
        let curve = Curve::paramset_a_512();
        assert!(Point::from_affine(&curve, &curve.gx, &curve.gy).is_some());
        let wrong_y = curve.gy.wrapping_add(&U512::ONE);
        assert!(Point::from_affine(&curve, &curve.gx, &wrong_y).is_none());
        assert!(Point::from_affine(&curve, &curve.p, &curve.gy).is_none());
        assert!(Point::from_affine(&curve, &U512::ZERO, &U512::ZERO).is_none());
    }
}
