//! BER → DER normalisation, and a small strict DER reader.
//!
//! National CA key files (PKCS#12) are BER: indefinite lengths and constructed (chunked)
//! OCTET STRINGs, which strict DER parsers reject. [`ber_to_der`] rewrites one BER element
//! as DER in the respects that matter for reading such files:
//! - indefinite lengths become definite ones;
//! - constructed OCTET STRING, BIT STRING and character strings become primitive (their
//!   segments are concatenated);
//! - lengths are written in the minimal form.
//!
//! It is not a full DER canonicaliser: the order of SET OF elements, BOOLEAN values and
//! INTEGER encodings are kept as they are (signed structures such as certificates are
//! already DER and pass through unchanged).
//!
//! Limits: at most [`MAX_BER_INPUT`] bytes and [`MAX_BER_DEPTH`] nesting levels; any input
//! gives `Ok` or `Err`, never a panic. Temporary buffers are zeroised, since the input may
//! be a decrypted private key.

use zeroize::Zeroizing;

/// Largest input [`ber_to_der`] accepts.
pub const MAX_BER_INPUT: usize = 4 * 1024 * 1024;
/// Deepest nesting of constructed elements [`ber_to_der`] accepts.
pub const MAX_BER_DEPTH: usize = 64;

crate::domain::messages::localized_error! {
    /// Why bytes could not be read as one BER element.
    pub enum BerError {
        /// The data ends in the middle of an element.
        Truncated {
            code: "ber.truncated",
            en: "BER data is truncated",
            kk: "Файл толық емес: оның соңы жоқ. Файлды қайта көшіріп алып, қайталап көріңіз.",
            ru: "Файл неполный: у него нет окончания. Скопируйте файл заново и попробуйте ещё раз.",
        },
        /// A tag or length that BER does not allow, or segments that do not fit together.
        Malformed {
            code: "ber.malformed",
            en: "BER data is malformed",
            kk: "Файлдың құрылымы бүлінген. Басқа файлды таңдаңыз.",
            ru: "Структура файла повреждена. Выберите другой файл.",
        },
        /// Constructed elements are nested deeper than [`MAX_BER_DEPTH`].
        TooDeep {
            code: "ber.too_deep",
            en: "BER data is nested too deeply",
            kk: "Файлдың құрылымы тым күрделі, оны оқу мүмкін емес.",
            ru: "Структура файла слишком сложная, его невозможно прочитать.",
        },
        /// The input is larger than [`MAX_BER_INPUT`].
        TooLarge {
            code: "ber.too_large",
            en: "BER data is too large",
            kk: "Файл тым үлкен.",
            ru: "Файл слишком большой.",
        },
        /// Bytes follow the one element.
        TrailingData {
            code: "ber.trailing_data",
            en: "unexpected bytes after the BER element",
            kk: "Файлдың соңында артық деректер бар. Басқа файлды таңдаңыз.",
            ru: "В конце файла есть лишние данные. Выберите другой файл.",
        },
    }
}

/// Rewrites exactly one BER element (with nothing after it) as DER; see the module docs.
pub fn ber_to_der(input: &[u8]) -> Result<Vec<u8>, BerError> {
    ber_to_der_zeroizing(input).map(|mut z| std::mem::take(&mut *z))
}

/// [`ber_to_der`] whose result is zeroised on drop (for decrypted private keys).
pub fn ber_to_der_zeroizing(input: &[u8]) -> Result<Zeroizing<Vec<u8>>, BerError> {
    if input.len() > MAX_BER_INPUT {
        return Err(BerError::TooLarge);
    }
    let mut parser = Parser { input, pos: 0 };
    let element = parser.element(0)?;
    if parser.pos != input.len() {
        return Err(BerError::TrailingData);
    }
    let mut out = Zeroizing::new(Vec::with_capacity(input.len() + 8));
    element.encode(&mut out);
    Ok(out)
}

/// One parsed element, already normalised: its identifier octets and DER content.
struct Element {
    /// Identifier octets (constructed bit as it is to be written).
    ident: Vec<u8>,
    content: Zeroizing<Vec<u8>>,
}

impl Element {
    fn encode(&self, out: &mut Zeroizing<Vec<u8>>) {
        let mut header = Vec::with_capacity(self.ident.len() + 9);
        header.extend_from_slice(&self.ident);
        write_length(&mut header, self.content.len());
        extend_zeroizing(out, &header);
        extend_zeroizing(out, &self.content);
    }
}

/// Appends `data`; when the buffer must grow, the old allocation is zeroised (a plain
/// `Vec` would free it with its contents, which may be key material).
fn extend_zeroizing(buf: &mut Zeroizing<Vec<u8>>, data: &[u8]) {
    let needed = buf.len() + data.len();
    if needed > buf.capacity() {
        let mut grown = Zeroizing::new(Vec::with_capacity(needed.max(buf.capacity() * 2)));
        grown.extend_from_slice(buf);
        *buf = grown; // the old buffer is zeroised on drop
    }
    buf.extend_from_slice(data);
}

/// Writes a DER (minimal) length.
pub(crate) fn write_length(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = (len as u64).to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// The universal tag numbers whose constructed form is a chunked string.
fn is_string_tag(number: u8) -> bool {
    matches!(number, 3 | 4 | 12 | 18..=22 | 25..=30)
}

struct Parser<'a> {
    input: &'a [u8],
    pos: usize,
}

enum Length {
    Definite(usize),
    Indefinite,
}

impl Parser<'_> {
    fn byte(&mut self) -> Result<u8, BerError> {
        let b = *self.input.get(self.pos).ok_or(BerError::Truncated)?;
        self.pos += 1;
        Ok(b)
    }

    /// Reads identifier octets; returns them and whether the element is constructed.
    fn identifier(&mut self) -> Result<(Vec<u8>, bool), BerError> {
        let first = self.byte()?;
        let mut ident = vec![first];
        if first & 0x1F == 0x1F {
            // High tag number form: base-128, at most 4 octets (tag numbers < 2^28).
            for i in 0..4 {
                let b = self.byte()?;
                if i == 0 && b == 0x80 {
                    return Err(BerError::Malformed);
                }
                ident.push(b);
                if b & 0x80 == 0 {
                    return Ok((ident, first & 0x20 != 0));
                }
            }
            return Err(BerError::Malformed);
        }
        Ok((ident, first & 0x20 != 0))
    }

    fn length(&mut self) -> Result<Length, BerError> {
        let first = self.byte()?;
        let len: u64 = match first {
            0x00..=0x7F => first as u64,
            0x80 => return Ok(Length::Indefinite),
            0xFF => return Err(BerError::Malformed),
            _ => {
                let n = (first & 0x7F) as usize;
                let mut len: u64 = 0;
                for _ in 0..n {
                    let b = self.byte()?;
                    if len > (u64::MAX >> 8) {
                        return Err(BerError::Malformed);
                    }
                    len = (len << 8) | b as u64;
                }
                len
            }
        };
        // Every definite length must fit in what is left of the input.
        let remaining = (self.input.len() - self.pos) as u64;
        if len > remaining {
            return Err(BerError::Truncated);
        }
        Ok(Length::Definite(len as usize))
    }

    fn at_end_of_contents(&self) -> bool {
        self.input.get(self.pos) == Some(&0) && self.input.get(self.pos + 1) == Some(&0)
    }

    fn element(&mut self, depth: usize) -> Result<Element, BerError> {
        if depth > MAX_BER_DEPTH {
            return Err(BerError::TooDeep);
        }
        let (ident, constructed) = self.identifier()?;
        if ident[0] == 0x00 {
            // Universal tag 0 is reserved for end-of-contents, which only ends an
            // indefinite-length element.
            return Err(BerError::Malformed);
        }
        let length = self.length()?;
        if !constructed {
            let Length::Definite(len) = length else {
                return Err(BerError::Malformed);
            };
            let start = self.pos;
            let end = start + len; // len <= remaining, checked in length()
            self.pos = end;
            let mut content = Zeroizing::new(Vec::with_capacity(len));
            content.extend_from_slice(&self.input[start..end]);
            return Ok(Element { ident, content });
        }

        // Children are written into the content as soon as they are parsed, so that memory
        // stays proportional to the input whatever the nesting.
        let mut sink = Constructed::new(ident);
        match length {
            Length::Definite(len) => {
                let end = self.pos + len;
                while self.pos < end {
                    let child = self.element(depth + 1)?;
                    if self.pos > end {
                        return Err(BerError::Malformed);
                    }
                    sink.push(child)?;
                }
            }
            Length::Indefinite => loop {
                if self.input.len() - self.pos < 2 {
                    // Not even room for the end-of-contents octets.
                    return Err(BerError::Truncated);
                }
                if self.at_end_of_contents() {
                    self.pos += 2;
                    break;
                }
                let child = self.element(depth + 1)?;
                sink.push(child)?;
            },
        }
        Ok(sink.finish())
    }
}

/// The content of a constructed element being built. A constructed universal string
/// (OCTET STRING, BIT STRING, character strings) becomes primitive: its segments, which
/// must be primitive strings of the same type, are concatenated. A BIT STRING's segments
/// each start with their count of unused bits, which must be 0 for all but the last.
struct Constructed {
    ident: Vec<u8>,
    /// `Some(primitive tag)` when joining string segments.
    string_tag: Option<u8>,
    content: Zeroizing<Vec<u8>>,
    /// Unused bits of the BIT STRING segment seen last.
    unused_bits: u8,
}

impl Constructed {
    fn new(ident: Vec<u8>) -> Self {
        let string_tag =
            (ident.len() == 1 && ident[0] & 0xC0 == 0 && is_string_tag(ident[0] & 0x1F))
                .then_some(ident[0] & !0x20);
        let mut content = Zeroizing::new(Vec::new());
        if string_tag == Some(0x03) {
            content.push(0); // unused-bits octet, set in `finish`
        }
        Self {
            ident,
            string_tag,
            content,
            unused_bits: 0,
        }
    }

    fn push(&mut self, child: Element) -> Result<(), BerError> {
        let Some(tag) = self.string_tag else {
            child.encode(&mut self.content);
            return Ok(());
        };
        if child.ident.as_slice() != [tag] {
            return Err(BerError::Malformed);
        }
        if tag == 0x03 {
            let Some((&unused, bits)) = child.content.split_first() else {
                return Err(BerError::Malformed);
            };
            if self.unused_bits != 0 || unused > 7 || (unused != 0 && bits.is_empty()) {
                return Err(BerError::Malformed);
            }
            self.unused_bits = unused;
            extend_zeroizing(&mut self.content, bits);
        } else {
            extend_zeroizing(&mut self.content, &child.content);
        }
        Ok(())
    }

    fn finish(mut self) -> Element {
        match self.string_tag {
            Some(tag) => {
                if tag == 0x03 {
                    self.content[0] = self.unused_bits;
                }
                Element {
                    ident: vec![tag],
                    content: self.content,
                }
            }
            None => Element {
                ident: self.ident,
                content: self.content,
            },
        }
    }
}

/// One DER TLV: (tag byte, whole TLV, value).
pub(crate) type Tlv<'a> = (u8, &'a [u8], &'a [u8]);

/// The DER TLV at the start of `input` (read by [`DerReader`]).
pub(crate) fn tlv(input: &[u8]) -> Option<Tlv<'_>> {
    let (tag, value, whole) = DerReader::new(input).any().ok()?;
    Some((tag, whole, value))
}

/// The TLVs one after another in `input`, which they must fill exactly.
pub(crate) fn tlvs(input: &[u8]) -> Option<Vec<Tlv<'_>>> {
    let mut reader = DerReader::new(input);
    let mut out = Vec::new();
    while !reader.is_empty() {
        let (tag, value, whole) = reader.any().ok()?;
        out.push((tag, whole, value));
    }
    Some(out)
}

/// A strict reader of DER with single-octet tags and definite lengths (what
/// [`ber_to_der`] produces for PKCS#12 structures). Errors are `()`: callers map them to
/// their own error.
#[derive(Clone, Copy)]
pub(crate) struct DerReader<'a> {
    buf: &'a [u8],
}

impl<'a> DerReader<'a> {
    pub(crate) fn new(buf: &'a [u8]) -> Self {
        Self { buf }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Reads one element: its tag, its content and the whole encoding.
    pub(crate) fn any(&mut self) -> Result<(u8, &'a [u8], &'a [u8]), ()> {
        let buf = self.buf;
        let (&tag, rest) = buf.split_first().ok_or(())?;
        if tag & 0x1F == 0x1F {
            return Err(());
        }
        let (&first, mut rest) = rest.split_first().ok_or(())?;
        let len = match first {
            0x00..=0x7F => first as usize,
            0x81..=0x84 => {
                let n = (first & 0x7F) as usize;
                if rest.len() < n {
                    return Err(());
                }
                let mut len = 0usize;
                for &b in &rest[..n] {
                    len = (len << 8) | b as usize;
                }
                rest = &rest[n..];
                len
            }
            _ => return Err(()),
        };
        if rest.len() < len {
            return Err(());
        }
        let header_len = buf.len() - rest.len();
        let content = &rest[..len];
        self.buf = &rest[len..];
        Ok((tag, content, &buf[..header_len + len]))
    }

    /// Reads one element that must have tag `tag`; returns its content.
    pub(crate) fn expect(&mut self, tag: u8) -> Result<&'a [u8], ()> {
        let (t, content, _) = self.any()?;
        if t == tag { Ok(content) } else { Err(()) }
    }

    /// Reads a SEQUENCE and returns a reader over its content.
    pub(crate) fn sequence(&mut self) -> Result<DerReader<'a>, ()> {
        self.expect(0x30).map(DerReader::new)
    }

    /// Reads a non-negative INTEGER that fits in a `u64`.
    pub(crate) fn small_uint(&mut self) -> Result<u64, ()> {
        let bytes = self.expect(0x02)?;
        if bytes.is_empty() || bytes[0] & 0x80 != 0 {
            return Err(());
        }
        let bytes = match bytes {
            [0, rest @ ..] if !rest.is_empty() => rest,
            _ => bytes,
        };
        if bytes.len() > 8 {
            return Err(());
        }
        Ok(bytes.iter().fold(0u64, |acc, &b| (acc << 8) | b as u64))
    }

    /// Reads a non-negative INTEGER's magnitude (without leading zero octets).
    pub(crate) fn uint_bytes(&mut self) -> Result<&'a [u8], ()> {
        let bytes = self.expect(0x02)?;
        if bytes.is_empty() || bytes[0] & 0x80 != 0 {
            return Err(());
        }
        let skip = bytes
            .iter()
            .take_while(|&&b| b == 0)
            .count()
            .min(bytes.len() - 1);
        Ok(&bytes[skip..])
    }

    /// Reads an OBJECT IDENTIFIER.
    pub(crate) fn oid(&mut self) -> Result<const_oid::ObjectIdentifier, ()> {
        let bytes = self.expect(0x06)?;
        const_oid::ObjectIdentifier::from_bytes(bytes).map_err(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hex(s: &str) -> Vec<u8> {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn der_passes_through_unchanged() {
        // SEQUENCE { INTEGER 3, OCTET STRING "abc", NULL }
        let one = hex("30 0a 02 01 03 04 03 61 62 63 05 00");
        assert_eq!(ber_to_der(&one).unwrap(), one);
        // Followed by a BOOLEAN: two elements, only one is accepted.
        let two = [one.clone(), hex("01 01 ff")].concat();
        assert_eq!(ber_to_der(&two), Err(BerError::TrailingData));
    }

    #[test]
    fn indefinite_lengths_become_definite() {
        // SEQUENCE(indef) { INTEGER 3, SEQUENCE(indef) { NULL } }
        let ber = hex("30 80 02 01 03 30 80 05 00 00 00 00 00");
        assert_eq!(ber_to_der(&ber).unwrap(), hex("30 07 02 01 03 30 02 05 00"));
    }

    #[test]
    fn context_tags_with_indefinite_length() {
        // [0] (constructed, indef) { OCTET STRING "ab" }
        let ber = hex("a0 80 04 02 61 62 00 00");
        assert_eq!(ber_to_der(&ber).unwrap(), hex("a0 04 04 02 61 62"));
    }

    #[test]
    fn constructed_octet_string_is_joined() {
        // OCTET STRING (constructed, indef) { "ab", (constructed, definite) { "c", "d" } }
        let ber = hex("24 80 04 02 61 62 24 06 04 01 63 04 01 64 00 00");
        assert_eq!(ber_to_der(&ber).unwrap(), hex("04 04 61 62 63 64"));
        // Empty constructed OCTET STRING
        assert_eq!(ber_to_der(&hex("24 80 00 00")).unwrap(), hex("04 00"));
    }

    #[test]
    fn constructed_octet_string_inside_a_sequence() {
        let ber = hex("30 80 24 80 04 01 aa 04 01 bb 00 00 02 01 05 00 00");
        assert_eq!(ber_to_der(&ber).unwrap(), hex("30 07 04 02 aa bb 02 01 05"));
    }

    #[test]
    fn constructed_bit_string_is_joined() {
        // BIT STRING { 00 ab, 04 c0 } → 04 ab c0
        let ber = hex("23 80 03 02 00 ab 03 02 04 c0 00 00");
        assert_eq!(ber_to_der(&ber).unwrap(), hex("03 03 04 ab c0"));
        // Unused bits in a segment that is not the last one.
        let bad = hex("23 80 03 02 04 a0 03 02 00 c0 00 00");
        assert_eq!(ber_to_der(&bad), Err(BerError::Malformed));
    }

    #[test]
    fn constructed_utf8_string_is_joined() {
        let ber = hex("2c 80 0c 01 61 0c 01 62 00 00");
        assert_eq!(ber_to_der(&ber).unwrap(), hex("0c 02 61 62"));
    }

    #[test]
    fn mixed_segment_types_are_rejected() {
        let ber = hex("24 80 04 01 61 0c 01 62 00 00");
        assert_eq!(ber_to_der(&ber), Err(BerError::Malformed));
    }

    #[test]
    fn non_minimal_lengths_become_minimal() {
        let ber = hex("04 82 00 02 61 62");
        assert_eq!(ber_to_der(&ber).unwrap(), hex("04 02 61 62"));
        let ber = hex("30 84 00 00 00 03 02 01 07");
        assert_eq!(ber_to_der(&ber).unwrap(), hex("30 03 02 01 07"));
    }

    #[test]
    fn long_contents_get_long_form_lengths() {
        let mut ber = hex("30 80 04 82 01 00");
        ber.extend(std::iter::repeat_n(0x55, 256));
        ber.extend([0, 0]);
        let der = ber_to_der(&ber).unwrap();
        assert_eq!(&der[..8], &hex("30 82 01 04 04 82 01 00")[..]);
        assert_eq!(der.len(), 8 + 256);
    }

    #[test]
    fn high_tag_numbers_are_kept() {
        let ber = hex("bf 81 00 80 05 00 00 00");
        assert_eq!(ber_to_der(&ber).unwrap(), hex("bf 81 00 02 05 00"));
    }

    #[test]
    fn malformed_inputs_are_errors() {
        assert_eq!(ber_to_der(&[]), Err(BerError::Truncated));
        assert_eq!(ber_to_der(&hex("30")), Err(BerError::Truncated));
        assert_eq!(ber_to_der(&hex("30 05 02 01")), Err(BerError::Truncated));
        assert_eq!(ber_to_der(&hex("30 80 02 01 03")), Err(BerError::Truncated));
        assert_eq!(
            ber_to_der(&hex("30 80 02 01 03 00")),
            Err(BerError::Truncated)
        );
        // Primitive with indefinite length.
        assert_eq!(ber_to_der(&hex("04 80 61 00 00")), Err(BerError::Malformed));
        // Reserved length octet.
        assert_eq!(ber_to_der(&hex("04 ff 00")), Err(BerError::Malformed));
        // End-of-contents where an element is expected.
        assert_eq!(ber_to_der(&hex("00 00")), Err(BerError::Malformed));
        assert_eq!(ber_to_der(&hex("30 02 00 00")), Err(BerError::Malformed));
        // Child running past the end of its definite-length parent.
        assert_eq!(
            ber_to_der(&hex("30 03 04 02 61 62")),
            Err(BerError::Malformed)
        );
        // Huge length.
        assert_eq!(
            ber_to_der(&hex("04 88 ff ff ff ff ff ff ff ff")),
            Err(BerError::Truncated)
        );
        // High tag form that never ends.
        assert_eq!(
            ber_to_der(&hex("1f 81 81 81 81 81 00")),
            Err(BerError::Malformed)
        );
    }

    #[test]
    fn nesting_depth_is_limited() {
        let depth = MAX_BER_DEPTH + 5;
        let mut ber = vec![];
        for _ in 0..depth {
            ber.extend([0x30, 0x80]);
        }
        for _ in 0..depth {
            ber.extend([0, 0]);
        }
        assert_eq!(ber_to_der(&ber), Err(BerError::TooDeep));

        let ok_depth = MAX_BER_DEPTH;
        let mut ber = vec![];
        for _ in 0..ok_depth {
            ber.extend([0x30, 0x80]);
        }
        for _ in 0..ok_depth {
            ber.extend([0, 0]);
        }
        assert!(ber_to_der(&ber).is_ok());
    }

    #[test]
    fn size_is_limited() {
        let big = vec![0u8; MAX_BER_INPUT + 1];
        assert_eq!(ber_to_der(&big), Err(BerError::TooLarge));
    }

    #[test]
    fn der_reader_reads_what_ber_to_der_writes() {
        let der = ber_to_der(&hex("30 80 02 02 00 ff 06 03 2a 86 48 04 01 aa 00 00")).unwrap();
        let mut r = DerReader::new(&der);
        let mut seq = r.sequence().unwrap();
        assert!(r.is_empty());
        assert_eq!(seq.small_uint().unwrap(), 255);
        assert_eq!(seq.oid().unwrap().to_string(), "1.2.840");
        assert_eq!(seq.expect(0x04).unwrap(), &[0xaa]);
        assert!(seq.is_empty());
        assert!(seq.any().is_err());
    }

    /// A random ASN.1 tree, encoded as DER and as some BER of the same value.
    #[derive(Debug, Clone)]
    enum Tree {
        Octets(Vec<u8>),
        Int(Vec<u8>),
        Seq(Vec<Tree>),
        Context(u8, Vec<Tree>),
    }

    fn tree() -> impl Strategy<Value = Tree> {
        let leaf = prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..300).prop_map(Tree::Octets),
            proptest::collection::vec(any::<u8>(), 1..4).prop_map(Tree::Int),
        ];
        leaf.prop_recursive(6, 64, 5, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Tree::Seq),
                (0u8..3, proptest::collection::vec(inner, 0..3))
                    .prop_map(|(n, v)| Tree::Context(n, v)),
            ]
        })
    }

    fn der_of(t: &Tree) -> Vec<u8> {
        let (tag, content) = match t {
            Tree::Octets(b) => (0x04, b.clone()),
            Tree::Int(b) => (0x02, b.clone()),
            Tree::Seq(v) => (0x30, v.iter().flat_map(der_of).collect()),
            Tree::Context(n, v) => (0xA0 | n, v.iter().flat_map(der_of).collect()),
        };
        let mut out = vec![tag];
        write_length(&mut out, content.len());
        out.extend(content);
        out
    }

    /// BER of `t`, choosing indefinite lengths, chunking and padded lengths from `seed`.
    fn ber_of(t: &Tree, seed: &mut u64) -> Vec<u8> {
        let mut next = || {
            *seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (*seed >> 33) as u32
        };
        let wrap = |tag: u8, content: Vec<u8>, mode: u32| {
            let mut out = vec![tag];
            match mode % 3 {
                0 => write_length(&mut out, content.len()),
                1 => {
                    out.extend([0x84]);
                    out.extend((content.len() as u32).to_be_bytes());
                }
                _ => {
                    out.push(0x80);
                    out.extend(content);
                    out.extend([0, 0]);
                    return out;
                }
            }
            out.extend(content);
            out
        };
        match t {
            Tree::Octets(b) => {
                let mode = next();
                if mode % 2 == 0 || b.is_empty() {
                    wrap(0x04, b.clone(), if mode % 3 == 2 { 0 } else { mode })
                } else {
                    // Chunked
                    let size = 1 + (next() as usize % b.len());
                    let chunks: Vec<u8> = b
                        .chunks(size)
                        .flat_map(|c| {
                            let mut o = vec![0x04];
                            write_length(&mut o, c.len());
                            o.extend_from_slice(c);
                            o
                        })
                        .collect();
                    wrap(0x24, chunks, next())
                }
            }
            Tree::Int(b) => {
                let mode = next();
                wrap(0x02, b.clone(), if mode % 3 == 2 { 0 } else { mode })
            }
            Tree::Seq(v) => {
                let mode = next();
                let content = v.iter().flat_map(|c| ber_of(c, seed)).collect();
                wrap(0x30, content, mode)
            }
            Tree::Context(n, v) => {
                let mode = next();
                let content = v.iter().flat_map(|c| ber_of(c, seed)).collect();
                wrap(0xA0 | n, content, mode)
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = ber_to_der(&bytes);
        }

        #[test]
        fn random_bytes_after_a_ber_prefix_never_panic(
            prefix in prop_oneof![Just(vec![0x30u8, 0x80]), Just(vec![0x24, 0x80]), Just(vec![0x23, 0x80]), Just(vec![0x30, 0x82, 0x01, 0x00])],
            bytes in proptest::collection::vec(any::<u8>(), 0..256),
        ) {
            let input = [prefix, bytes].concat();
            let _ = ber_to_der(&input);
        }

        #[test]
        fn ber_of_a_tree_normalises_to_its_der(t in tree(), seed in any::<u64>()) {
            let der = der_of(&t);
            let mut s = seed;
            let ber = ber_of(&t, &mut s);
            prop_assert_eq!(ber_to_der(&ber).unwrap(), der.clone());
            // DER is a fixed point.
            prop_assert_eq!(ber_to_der(&der).unwrap(), der);
        }
    }
}
