//! ИИК / IBAN: the parent's bank account number, Kazakhstan accounts only.
//!
//! Rules (ISO 13616; Kazakhstan's IBAN format `KZkk bbbc cccc cccc cccc`; GUIDE.md step 4
//! «ИИК / IBAN (Банк шотының нөмірі)» and its warning about card numbers):
//! - whitespace and dashes are removed and letters upper-cased;
//! - 20 characters: `KZ`, 2 check digits, a 3-digit bank code, 13 letters/digits;
//! - the ISO 7064 mod-97 check of the rearranged number must give 1;
//! - if the input is a bank card number (13–19 digits passing Luhn, see [`super::card`]),
//!   the error is [`IbanError::LooksLikeCardNumber`], which explains the difference.
//!
//! [`Iban::parse`] accepts any well-formed Kazakh IBAN even if its bank is missing from
//! [`super::banks`] (stored requisites must stay readable when the table changes);
//! [`Iban::parse_known_bank`] additionally requires a listed bank, as the wizard does.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::banks::{self, Bank};
use super::bic::Bic;
use super::card::looks_like_card_number;

/// Length of a Kazakh IBAN.
pub const KZ_IBAN_LEN: usize = 20;

super::messages::localized_error! {
    /// Why a string is not a valid Kazakh IBAN.
    pub enum IbanError {
        /// Nothing was typed.
        Empty {
            code: "iban.empty",
            en: "IBAN is empty",
            kk: "Банк шотының нөмірін (ИИК / IBAN) енгізіңіз.",
            ru: "Укажите номер банковского счёта (ИИК / IBAN).",
        },
        /// Does not start with `KZ`.
        NotKazakh {
            code: "iban.not_kazakh",
            en: "IBAN must start with KZ",
            kk: "Шот нөмірі KZ әріптерінен басталуы керек: тек Қазақстан банктеріндегі шоттар қабылданады.",
            ru: "Номер счёта должен начинаться с букв KZ: принимаются только счета в банках Казахстана.",
        },
        /// Not 20 characters.
        WrongLength {
            code: "iban.wrong_length",
            en: "Kazakh IBAN must be 20 characters",
            kk: "Қазақстандағы ИИК / IBAN 20 таңбадан тұрады (KZ және тағы 18 цифр мен әріп). Нөмірді толық енгізіңіз.",
            ru: "ИИК / IBAN в Казахстане состоит из 20 символов (KZ и ещё 18 цифр и букв). Введите номер полностью.",
        },
        /// A character that is not a Latin letter or digit, or letters where digits belong.
        BadCharacters {
            code: "iban.bad_characters",
            en: "IBAN has invalid characters",
            kk: "ИИК / IBAN тек латын әріптері мен цифрлардан тұрады, KZ-тен кейінгі бес таңба — цифрлар.",
            ru: "ИИК / IBAN состоит только из латинских букв и цифр; пять символов после KZ — цифры.",
        },
        /// The mod-97 check fails: a typo.
        BadChecksum {
            code: "iban.bad_checksum",
            en: "IBAN check digits do not match",
            kk: "ИИК / IBAN дұрыс емес: бақылау сандары сәйкес келмейді. Нөмірді банктің қосымшасынан көшіріп алыңыз.",
            ru: "ИИК / IBAN указан неверно: не сходятся контрольные цифры. Скопируйте номер из приложения вашего банка.",
        },
        /// Well-formed, but the bank code is not in the bank table.
        UnknownBank {
            code: "iban.unknown_bank",
            en: "IBAN bank code is not a known bank",
            kk: "Бұл шот нөмірінің банкі тізімде жоқ. Нөмірді тексеріңіз немесе банкіңізге хабарласыңыз.",
            ru: "Банк этого счёта не найден в списке. Проверьте номер или обратитесь в свой банк.",
        },
        /// The input is a bank card number, not an account number.
        LooksLikeCardNumber {
            code: "iban.card_number",
            en: "this is a bank card number, not an account number",
            kk: "Сіз банк картасының (MASTER/VISA) нөмірін енгіздіңіз. Картаның нөмірі мен банк шотының нөмірі бірдей емес. Шоттың нөмірін (ИИК / IBAN, KZ-тен басталады) банктің қосымшасынан қарауға немесе банк менеджерінен сұрауға болады.",
            ru: "Вы ввели номер банковской карты (MASTER/VISA). Номер карты и номер банковского счёта — разные номера. Номер счёта (ИИК / IBAN, начинается с KZ) можно посмотреть в приложении вашего банка или узнать у менеджера банка.",
        },
    }
}

super::messages::localized_error! {
    /// Why a BIC does not belong to an IBAN's bank.
    pub enum BicMismatch {
        /// The IBAN's bank code is not in the table, so the BIC cannot be checked.
        UnknownBank {
            code: "bic_mismatch.unknown_bank",
            en: "the IBAN's bank is unknown, the BIC cannot be checked",
            kk: "Шот нөмірі бойынша банкті анықтау мүмкін болмады, сондықтан БИК-ті тексеру мүмкін емес.",
            ru: "Не удалось определить банк по номеру счёта, поэтому БИК нельзя проверить.",
        },
        /// The BIC is another bank's.
        DifferentBank {
            code: "bic_mismatch.different_bank",
            en: "the BIC is not the IBAN's bank",
            kk: "БИК шоттың банкіне сәйкес келмейді. ИИК / IBAN ашылған банктің БИК-ін көрсетіңіз.",
            ru: "БИК не соответствует банку счёта. Укажите БИК банка, в котором открыт ИИК / IBAN.",
        },
    }
}

/// A valid Kazakh IBAN, upper-case without spaces. Serialised as its 20-character string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Iban([u8; KZ_IBAN_LEN]);

/// Removes whitespace and dashes and upper-cases ASCII letters.
fn compact_upper(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// ISO 7064 MOD 97-10 of an upper-case alphanumeric IBAN, after moving the first four
/// characters to the end and replacing letters with 10..=35.
fn mod97(iban: &[u8]) -> u32 {
    let (head, tail) = iban.split_at(4.min(iban.len()));
    tail.iter().chain(head).fold(0u32, |acc, &c| {
        if c.is_ascii_digit() {
            (acc * 10 + u32::from(c - b'0')) % 97
        } else {
            (acc * 100 + u32::from(c - b'A' + 10)) % 97
        }
    })
}

impl Iban {
    /// Parses and normalises an IBAN (see the module rules). Checks run in this order:
    /// empty, card number, characters, country, length, check digits and bank-code digits,
    /// mod-97.
    pub fn parse(s: &str) -> Result<Self, IbanError> {
        let compact = compact_upper(s);
        if compact.is_empty() {
            return Err(IbanError::Empty);
        }
        if looks_like_card_number(s) {
            return Err(IbanError::LooksLikeCardNumber);
        }
        if !compact.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(IbanError::BadCharacters);
        }
        let b = compact.as_bytes();
        if b.len() < 2 || &b[..2] != b"KZ" {
            return Err(IbanError::NotKazakh);
        }
        if b.len() != KZ_IBAN_LEN {
            return Err(IbanError::WrongLength);
        }
        if !b[2..7].iter().all(u8::is_ascii_digit) {
            return Err(IbanError::BadCharacters);
        }
        if mod97(b) != 1 {
            return Err(IbanError::BadChecksum);
        }
        let mut bytes = [0u8; KZ_IBAN_LEN];
        bytes.copy_from_slice(b);
        Ok(Iban(bytes))
    }

    /// Like [`Iban::parse`], and the bank code must be in [`super::banks`].
    pub fn parse_known_bank(s: &str) -> Result<Self, IbanError> {
        let iban = Iban::parse(s)?;
        iban.bank().ok_or(IbanError::UnknownBank)?;
        Ok(iban)
    }

    /// The 20 characters, e.g. `KZ86125KZT5004100100`.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The 3-digit bank code (characters 5–7).
    pub fn bank_code(&self) -> &str {
        &self.as_str()[4..7]
    }

    /// The 13-character account part after the bank code.
    pub fn account(&self) -> &str {
        &self.as_str()[7..]
    }

    /// The bank from the table, if listed.
    pub fn bank(&self) -> Option<&'static Bank> {
        banks::by_iban_code(self.bank_code())
    }

    /// Groups of four for display: `KZ86 125K ZT50 0410 0100`.
    pub fn formatted(&self) -> String {
        let s = self.as_str();
        let mut out = String::with_capacity(KZ_IBAN_LEN + 4);
        for (i, c) in s.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                out.push(' ');
            }
            out.push(c);
        }
        out
    }
}

/// Checks that `bic` is the BIC of the bank that holds `iban` (branch codes ignored).
pub fn check_bic_matches(iban: &Iban, bic: &Bic) -> Result<(), BicMismatch> {
    let bank = iban.bank().ok_or(BicMismatch::UnknownBank)?;
    if bank.bic == bic.bic8() {
        Ok(())
    } else {
        Err(BicMismatch::DifferentBank)
    }
}

/// The bank to pre-select while the parent is still typing the account number: known as
/// soon as `KZ`, the two check digits and the 3-digit bank code are typed, before the whole
/// IBAN is valid. `None` if the start is not a Kazakh IBAN or the bank is not listed.
pub fn bank_from_partial_iban(input: &str) -> Option<&'static Bank> {
    let compact = compact_upper(input);
    let b = compact.as_bytes();
    if b.len() < 7 || &b[..2] != b"KZ" || !b[2..7].iter().all(u8::is_ascii_digit) {
        return None;
    }
    banks::by_iban_code(compact.get(4..7)?)
}

impl fmt::Display for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Iban {
    type Err = IbanError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Iban::parse(s)
    }
}

impl TryFrom<String> for Iban {
    type Error = IbanError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Iban::parse(&s)
    }
}

impl From<Iban> for String {
    fn from(iban: Iban) -> String {
        iban.as_str().to_owned()
    }
}

#[doc(hidden)]
pub mod test_values {
    /// A valid Kazakh IBAN for a 3-digit bank code and a 13-character account part.
    pub fn make_iban(bank_code: &str, account: &str) -> String {
        let draft = format!("KZ00{bank_code}{account}").to_ascii_uppercase();
        let check = 98 - super::mod97(draft.as_bytes());
        format!("KZ{check:02}{bank_code}{}", &draft[7..])
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::card::test_values::with_luhn;
    use super::test_values::make_iban;
    use super::*;

    #[test]
    fn registry_example() {
        // The example of the SWIFT IBAN registry for Kazakhstan (bank code 125, the
        // National Bank, which is not in our table).
        let iban = Iban::parse("KZ86125KZT5004100100").unwrap();
        assert_eq!(iban.bank_code(), "125");
        assert_eq!(iban.account(), "KZT5004100100");
        assert_eq!(iban.formatted(), "KZ86 125K ZT50 0410 0100");
        assert_eq!(iban.bank(), None);
        assert_eq!(
            Iban::parse_known_bank("KZ86125KZT5004100100"),
            Err(IbanError::UnknownBank)
        );
        assert_eq!(make_iban("125", "KZT5004100100"), "KZ86125KZT5004100100");
    }

    #[test]
    fn spellings_are_normalised() {
        let s = make_iban("601", "A123456789012");
        let spaced = format!(
            "{} {} {} {} {}",
            &s[..4],
            &s[4..8],
            &s[8..12],
            &s[12..16],
            &s[16..]
        );
        for input in [
            s.clone(),
            s.to_lowercase(),
            spaced.clone(),
            spaced.to_lowercase(),
            format!("  {spaced}\t"),
            spaced.replace(' ', "-"),
            spaced.replace(' ', "\u{a0}"),
        ] {
            let iban = Iban::parse_known_bank(&input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(iban.as_str(), s);
            assert_eq!(iban.bank().unwrap().bic, "HSBKKZKX");
        }
    }

    #[test]
    fn every_listed_bank() {
        for bank in banks::all() {
            let s = make_iban(bank.iban_code, "0000012345678");
            let iban = Iban::parse_known_bank(&s).unwrap();
            assert_eq!(iban.bank(), Some(bank));
            let bic = Bic::parse(bank.bic).unwrap();
            assert_eq!(check_bic_matches(&iban, &bic), Ok(()));
            let with_branch = Bic::parse(&format!("{}XXX", bank.bic)).unwrap();
            assert_eq!(check_bic_matches(&iban, &with_branch), Ok(()));
        }
    }

    #[test]
    fn bic_mismatch() {
        let halyk = Iban::parse(&make_iban("601", "0000012345678")).unwrap();
        let kaspi = Bic::parse("CASPKZKA").unwrap();
        assert_eq!(
            check_bic_matches(&halyk, &kaspi),
            Err(BicMismatch::DifferentBank)
        );
        let unknown = Iban::parse(&make_iban("125", "0000012345678")).unwrap();
        assert_eq!(
            check_bic_matches(&unknown, &kaspi),
            Err(BicMismatch::UnknownBank)
        );
    }

    #[test]
    fn invalid_ibans() {
        let good = make_iban("722", "C000012345678");
        // Swap two adjacent different characters: mod 97 catches every such swap.
        let mut swapped = good.clone().into_bytes();
        swapped.swap(16, 17);
        assert_ne!(swapped[16], swapped[17]);
        let swapped = String::from_utf8(swapped).unwrap();
        let mut typo = good.clone().into_bytes();
        typo[15] = if typo[15] == b'9' { b'8' } else { b'9' };
        let typo = String::from_utf8(typo).unwrap();
        let wrong_check = format!(
            "KZ{:02}{}",
            (good[2..4].parse::<u32>().unwrap() + 1) % 100,
            &good[4..]
        );
        let card = with_luhn("440043012345678");
        let card_spaced = format!(
            "{} {} {} {}",
            &card[..4],
            &card[4..8],
            &card[8..12],
            &card[12..]
        );
        for (input, expected) in [
            (String::new(), IbanError::Empty),
            (" - ".into(), IbanError::Empty),
            (typo, IbanError::BadChecksum),
            (swapped, IbanError::BadChecksum),
            (wrong_check, IbanError::BadChecksum),
            (good[..19].to_owned(), IbanError::WrongLength),
            (format!("{good}0"), IbanError::WrongLength),
            (good[2..].to_owned(), IbanError::NotKazakh),
            ("DE89370400440532013000".into(), IbanError::NotKazakh),
            (
                "RU0204452560040702810412345678901".into(),
                IbanError::NotKazakh,
            ),
            (format!("КZ{}", &good[2..]), IbanError::BadCharacters), // Cyrillic К
            (format!("{}/", &good[..19]), IbanError::BadCharacters),
            ("KZ86A25KZT5004100100".into(), IbanError::BadCharacters),
            (card.clone(), IbanError::LooksLikeCardNumber),
            (card_spaced.clone(), IbanError::LooksLikeCardNumber),
            (
                card_spaced.replace(' ', "-"),
                IbanError::LooksLikeCardNumber,
            ),
            ("4111 1111 1111 1111".into(), IbanError::LooksLikeCardNumber),
            ("5555555555554444".into(), IbanError::LooksLikeCardNumber),
            ("4111 1111 1111 1112".into(), IbanError::NotKazakh), // not Luhn: just not an IBAN
        ] {
            assert_eq!(Iban::parse(&input), Err(expected), "{input:?}");
        }
    }

    #[test]
    fn partial_iban_bank() {
        assert_eq!(bank_from_partial_iban("kz12 722").unwrap().bic, "CASPKZKA");
        assert_eq!(bank_from_partial_iban("KZ12 601C").unwrap().bic, "HSBKKZKX");
        assert_eq!(bank_from_partial_iban("KZ12 60"), None);
        assert_eq!(bank_from_partial_iban("KZ12 125"), None);
        assert_eq!(bank_from_partial_iban("DE12 601"), None);
        assert_eq!(bank_from_partial_iban("КZ12 601"), None);
    }

    #[test]
    fn serde() {
        let s = make_iban("856", "0000012345678");
        let iban = Iban::parse(&s).unwrap();
        assert_eq!(serde_json::to_string(&iban).unwrap(), format!("\"{s}\""));
        let spaced = format!("\"{}\"", iban.formatted());
        assert_eq!(serde_json::from_str::<Iban>(&spaced).unwrap(), iban);
        assert!(serde_json::from_str::<Iban>("\"KZ00856000001234567\"").is_err());
    }

    fn bank_code() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(banks::all()).prop_map(|b| b.iban_code.to_owned()),
            "[0-9]{3}",
        ]
    }

    proptest! {
        #[test]
        fn parse_format_identity(code in bank_code(), account in "[0-9A-Z]{13}") {
            let s = make_iban(&code, &account);
            let iban = Iban::parse(&s).unwrap();
            prop_assert_eq!(iban.as_str(), s.as_str());
            prop_assert_eq!(Iban::parse(&iban.to_string()).unwrap(), iban);
            prop_assert_eq!(Iban::parse(&iban.formatted()).unwrap(), iban);
            prop_assert_eq!(Iban::parse(&iban.formatted().to_lowercase()).unwrap(), iban);
            let json = serde_json::to_string(&iban).unwrap();
            prop_assert_eq!(serde_json::from_str::<Iban>(&json).unwrap(), iban);
        }

        #[test]
        fn single_character_typos_are_caught(account in "[0-9]{13}", pos in 4usize..20, delta in 1u8..10) {
            let s = make_iban("601", &account);
            let mut b = s.into_bytes();
            b[pos] = b'0' + (b[pos] - b'0' + delta) % 10;
            let typo = String::from_utf8(b).unwrap();
            prop_assert_eq!(Iban::parse(&typo), Err(IbanError::BadChecksum));
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            if let Ok(iban) = Iban::parse(&s) {
                let _ = (iban.bank_code(), iban.account(), iban.formatted(), iban.bank());
            }
            let _ = bank_from_partial_iban(&s);
        }

        #[test]
        fn never_panics_on_iban_shaped_input(s in "(KZ|kz|КZ)?[0-9A-Za-z -]{0,24}") {
            let _ = Iban::parse(&s);
        }
    }
}
