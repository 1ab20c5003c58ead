//! The elliptic curves of GOST R 34.10-2012 with 512-bit parameters: the one the national CA
//! uses (`id-tc26-gost-3410-12-512-paramSetA`, RFC 7836) and the worked example of the
//! standard itself (Appendix A.2, also RFC 7091 §7.2), which the tests use as a known answer.
//!
//! Curves are short Weierstrass `y² = x³ + a·x + b` over `F_p` with a prime group order `q`
//! (cofactor 1), which is what makes the complete addition formulas of [`super::point`] valid.

use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
use crypto_bigint::{NonZero, U512};

/// Limbs of a 512-bit integer on this target (8 on 64-bit, 16 on wasm32).
pub const LIMBS: usize = U512::LIMBS;

/// An element of `F_p` (or of `Z_q`), in Montgomery form.
pub type Fe = DynResidue<LIMBS>;

/// Bytes of one coordinate or one scalar.
pub const COORDINATE_BYTES: usize = 64;

/// A curve: field, equation, generator and group order.
#[derive(Clone, Debug)]
pub struct Curve {
    /// Human-readable name (for errors and docs only).
    pub name: &'static str,
    /// The field `F_p`.
    pub(crate) field: DynResidueParams<LIMBS>,
    /// The scalar ring `Z_q`.
    pub(crate) scalars: DynResidueParams<LIMBS>,
    /// `p`.
    pub p: U512,
    /// `q`, the prime order of the group (and of the generator).
    pub q: U512,
    /// `a` in the field.
    pub(crate) a: Fe,
    /// `b` in the field.
    pub(crate) b: Fe,
    /// `3·b` in the field (used by the addition formulas).
    pub(crate) b3: Fe,
    /// The generator `P = (x, y)`.
    pub gx: U512,
    /// The generator's `y`.
    pub gy: U512,
}

impl Curve {
    /// Builds a curve from big-endian hex parameters. Panics on malformed constants (only
    /// ever called with the constants below).
    fn from_hex(name: &'static str, p: &str, a: &str, b: &str, q: &str, x: &str, y: &str) -> Self {
        let p = U512::from_be_hex(p);
        let q = U512::from_be_hex(q);
        let field = DynResidueParams::new(&p);
        let scalars = DynResidueParams::new(&q);
        let a = Fe::new(&U512::from_be_hex(a), field);
        let b = Fe::new(&U512::from_be_hex(b), field);
        let b3 = b.add(&b).add(&b);
        Self {
            name,
            field,
            scalars,
            p,
            q,
            a,
            b,
            b3,
            gx: U512::from_be_hex(x),
            gy: U512::from_be_hex(y),
        }
    }

    /// `id-tc26-gost-3410-12-512-paramSetA` (OID 1.2.643.7.1.2.1.2.1; the national CA names
    /// it 1.2.398.3.10.1.1.2.2.1): `p = 2^512 − 569`, `a = −3`.
    pub fn paramset_a_512() -> Self {
        Self::from_hex(
            "id-tc26-gost-3410-12-512-paramSetA",
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
             FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC7",
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
             FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFDC4",
            "E8C2505DEDFC86DDC1BD0B2B6667F1DA34B82574761CB0E879BD081CFD0B6265\
             EE3CB090F30D27614CB4574010DA90DD862EF9D4EBEE4761503190785A71C760",
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF\
             27E69532F48D89116FF22B8D4E0560609B4B38ABFAD2B85DCACDB1411F10B275",
            "0000000000000000000000000000000000000000000000000000000000000000\
             0000000000000000000000000000000000000000000000000000000000000003",
            "7503CFE87A836AE3A61B8816E25450E6CE5E1C93ACF1ABC1778064FDCBEFA921\
             DF1626BE4FD036E93D75E6A50E3A41E98028FE5FC235F5B889A589CB5215F2A4",
        )
    }

    /// The curve of the standard's worked example (GOST R 34.10-2012 Appendix A.2,
    /// `id-tc26-gost-3410-12-512-paramSetTest`). For known-answer tests only.
    pub fn standard_example_512() -> Self {
        Self::from_hex(
            "GOST R 34.10-2012 Appendix A.2 (test)",
            "4531ACD1FE0023C7550D267B6B2FEE80922B14B2FFB90F04D4EB7C09B5D2D15D\
             F1D852741AF4704A0458047E80E4546D35B8336FAC224DD81664BBF528BE6373",
            "0000000000000000000000000000000000000000000000000000000000000000\
             0000000000000000000000000000000000000000000000000000000000000007",
            "1CFF0806A31116DA29D8CFA54E57EB748BC5F377E49400FDD788B649ECA1AC43\
             61834013B2AD7322480A89CA58E0CF74BC9E540C2ADD6897FAD0A3084F302ADC",
            "4531ACD1FE0023C7550D267B6B2FEE80922B14B2FFB90F04D4EB7C09B5D2D15D\
             A82F2D7ECB1DBAC719905C5EECC423F1D86E25EDBE23C595D644AAF187E6E6DF",
            "24D19CC64572EE30F396BF6EBBFD7A6C5213B3B3D7057CC825F91093A68CD762\
             FD60611262CD838DC6B60AA7EEE804E28BC849977FAC33B4B530F1B120248A9A",
            "2BB312A43BD2CE6E0D020613C857ACDDCFBF061E91E5F2C3F32447C259F39B2C\
             83AB156D77F1496BF7EB3351E1EE4E43DC1A18B91B24640B6DBB92CB1ADD371E",
        )
    }

    /// `x` as a field element (`x` must be below `p`; callers check).
    pub(crate) fn fe(&self, x: &U512) -> Fe {
        Fe::new(x, self.field)
    }

    /// `x mod q` as a scalar (any 512-bit `x`).
    pub(crate) fn scalar(&self, x: &U512) -> Fe {
        Fe::new(&self.reduce_q(x), self.scalars)
    }

    /// `x mod q`.
    pub fn reduce_q(&self, x: &U512) -> U512 {
        x.rem(&NonZero::new(self.q).expect("q is not zero"))
    }

    /// Is `(x, y)` on the curve? (`x`, `y` already below `p`.)
    pub(crate) fn contains(&self, x: &Fe, y: &Fe) -> bool {
        let lhs = y.square();
        let rhs = x.square().mul(x).add(&self.a.mul(x)).add(&self.b);
        lhs.retrieve() == rhs.retrieve()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_generators_lie_on_their_curves() {
        for curve in [Curve::paramset_a_512(), Curve::standard_example_512()] {
            assert!(
                curve.contains(&curve.fe(&curve.gx), &curve.fe(&curve.gy)),
                "{}",
                curve.name
            );
        }
    }

    #[test]
    fn paramset_a_has_a_equal_to_minus_three() {
        let curve = Curve::paramset_a_512();
        let minus_three = curve.fe(&U512::from_u8(3)).neg();
        assert_eq!(curve.a.retrieve(), minus_three.retrieve());
    }
}
