//! [`DocumentKey`]: the random, validated name of a stored document.
use std::fmt;
use std::str::FromStr;

use super::StorageError;

/// Number of random bytes in a key (128 bits: unguessable and collision-free in practice).
const KEY_BYTES: usize = 16;
/// Length of the textual form: two lowercase hex digits per byte.
pub const KEY_LEN: usize = KEY_BYTES * 2;

/// The name of a stored document: exactly 32 lowercase hexadecimal characters (`[0-9a-f]{32}`).
///
/// Keys end up in file paths (`<dir>/<first 2 hex>/<key>`) and in URLs, so a `DocumentKey`
/// can only be made by [`DocumentKey::random`] or by [`DocumentKey::parse`], which refuses
/// anything else: no `/`, `\`, `.`, `..`, NUL, upper case, whitespace or other length can
/// ever reach the file system or an object-store path.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentKey(String);

/// Why a string is not a [`DocumentKey`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid document key: expected {KEY_LEN} lowercase hex characters")]
pub struct InvalidDocumentKey;

impl DocumentKey {
    /// A new key of 128 bits from the operating system's random source.
    pub fn random() -> Result<Self, StorageError> {
        let mut bytes = [0u8; KEY_BYTES];
        getrandom::fill(&mut bytes)
            .map_err(|e| StorageError::Unavailable(format!("random source: {e}")))?;
        Ok(Self(hex(&bytes)))
    }

    /// Accepts exactly 32 characters from `[0-9a-f]` and nothing else.
    pub fn parse(s: &str) -> Result<Self, InvalidDocumentKey> {
        let valid = s.len() == KEY_LEN
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if valid {
            Ok(Self(s.to_owned()))
        } else {
            Err(InvalidDocumentKey)
        }
    }

    /// The key as text (always 32 lowercase hex characters).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first two hex characters: the fan-out directory of the local store.
    pub fn shard(&self) -> &str {
        &self.0[..2]
    }
}

/// Lowercase hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    s
}

impl FromStr for DocumentKey {
    type Err = InvalidDocumentKey;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl AsRef<str> for DocumentKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DocumentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for DocumentKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DocumentKey({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_keys_are_valid_and_distinct() {
        let a = DocumentKey::random().unwrap();
        let b = DocumentKey::random().unwrap();
        assert_ne!(a, b);
        for k in [&a, &b] {
            assert_eq!(k.as_str().len(), KEY_LEN);
            assert_eq!(DocumentKey::parse(k.as_str()).unwrap(), *k);
            assert_eq!(k.shard(), &k.as_str()[..2]);
        }
    }

    #[test]
    fn parse_accepts_only_lowercase_hex_of_the_right_length() {
        let ok = "0123456789abcdef0123456789abcdef";
        assert_eq!(DocumentKey::parse(ok).unwrap().as_str(), ok);
        assert_eq!(ok.parse::<DocumentKey>().unwrap().to_string(), ok);
        for bad in [
            "",
            "0123456789abcdef0123456789abcde",   // 31
            "0123456789abcdef0123456789abcdef0", // 33
            "0123456789ABCDEF0123456789abcdef",  // upper case
            "0123456789abcdef0123456789abcdeg",  // not hex
            " 123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcde\0",
            "../../../../../../../../etc/passwd",
            "../3456789abcdef0123456789abcdef0", // 32 chars with a traversal
            "ab/../456789abcdef0123456789abcde",
            "..\\3456789abcdef0123456789abcdef0",
            "/123456789abcdef0123456789abcdef",
            "0123456789abcdef0123456789abcd.f",
            "0123456789abcdef0123456789abcd%2f",
            "０123456789abcdef0123456789abcdef", // full-width digit (multi-byte)
        ] {
            assert_eq!(DocumentKey::parse(bad), Err(InvalidDocumentKey), "{bad:?}");
        }
    }

    #[test]
    fn hex_encodes_lowercase() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
    }
}
