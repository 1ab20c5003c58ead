//! The IIN of the person a verified certificate names: who is signed in, who signs.
//!
//! An [`super::Iin`] is a number a person *types* (a child's, a representative's): it must be a
//! real birth date with a matching control digit. A `CertifiedIin` is what the national CA
//! *wrote* in a certificate's `SERIALNUMBER` (`IIN` + 12 digits) after identifying the person;
//! the service takes it as it is. The two differ for the CA's own test certificates
//! (IIN 123456789011 fails both the date and the control digit) which a demo or test
//! deployment accepts through its test anchors.
//!
//! Every port that acts for the caller takes a `&CertifiedIin`; it is built only from a
//! verified certificate (`server::auth`), from a session row the server wrote from one, or from
//! a valid [`super::Iin`].

use std::fmt;

use serde::{Deserialize, Serialize};

use super::control_digit::twelve_digits;
use super::iin::Iin;

/// Twelve ASCII digits as a certificate states them. Serialised as the 12-digit string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CertifiedIin([u8; 12]);

/// Not twelve ASCII digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a certified IIN is exactly 12 ASCII digits")]
pub struct NotTwelveDigits;

impl CertifiedIin {
    /// The 12 digits of a certificate's `IIN…` serial number (no trimming: a certificate
    /// either says 12 digits or names no IIN).
    pub fn new(s: &str) -> Result<Self, NotTwelveDigits> {
        twelve_digits(s).ok_or(NotTwelveDigits)?;
        let mut ascii = [0u8; 12];
        ascii.copy_from_slice(s.as_bytes());
        Ok(CertifiedIin(ascii))
    }

    /// The 12 digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The same digits as a typed IIN, when they pass its rules (never for the CA's test
    /// certificates).
    pub fn to_iin(&self) -> Option<Iin> {
        Iin::parse(self.as_str()).ok()
    }
}

impl From<Iin> for CertifiedIin {
    fn from(iin: Iin) -> Self {
        let mut ascii = [0u8; 12];
        ascii.copy_from_slice(iin.as_str().as_bytes());
        CertifiedIin(ascii)
    }
}

impl PartialEq<Iin> for CertifiedIin {
    fn eq(&self, other: &Iin) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<str> for CertifiedIin {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl TryFrom<String> for CertifiedIin {
    type Error = NotTwelveDigits;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        CertifiedIin::new(&s)
    }
}

impl From<CertifiedIin> for String {
    fn from(iin: CertifiedIin) -> String {
        iin.as_str().to_string()
    }
}

impl From<&CertifiedIin> for String {
    fn from(iin: &CertifiedIin) -> String {
        iin.as_str().to_string()
    }
}

impl fmt::Display for CertifiedIin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_national_cas_test_iin_is_certified_though_it_is_not_a_valid_iin() {
        let iin = CertifiedIin::new("123456789011").unwrap();
        assert_eq!(iin.as_str(), "123456789011");
        assert_eq!(iin.to_iin(), None);
    }

    #[test]
    fn anything_but_twelve_ascii_digits_is_refused() {
        for s in [
            "",
            "12345678901",
            "1234567890123",
            " 12345678901",
            "12345678901x",
            "１２３４５６７８９０１２",
        ] {
            assert_eq!(CertifiedIin::new(s), Err(NotTwelveDigits), "{s:?}");
        }
    }

    #[test]
    fn a_valid_iin_is_certified_as_the_same_digits() {
        let iin = Iin::parse("900101300126").unwrap();
        let certified = CertifiedIin::from(iin);
        assert_eq!(certified, iin);
        assert_eq!(certified.to_iin(), Some(iin));
    }

    #[test]
    fn it_travels_as_its_digits_and_a_forged_value_does_not_deserialise() {
        let iin = CertifiedIin::new("123456789011").unwrap();
        let json = serde_json::to_string(&iin).unwrap();
        assert_eq!(json, "\"123456789011\"");
        assert_eq!(serde_json::from_str::<CertifiedIin>(&json).unwrap(), iin);
        assert!(serde_json::from_str::<CertifiedIin>("\"1' OR 1=1 --\"").is_err());
    }
}
