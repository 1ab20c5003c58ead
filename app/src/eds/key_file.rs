//! Opening a parent's key file (`.p12` from the national CA) in the browser, and checking
//! that it fits the task at hand (logging in or signing) at a given moment.
//!
//! ```text
//! let key = open_key_file(&bytes, &password)?;        // BER → DER → PKCS#12
//! check_usable(&key.info, Purpose::Signing, now)?;    // RSA? signing key? valid now?
//! ```
//!
//! The national CA gives a person two RSA files, `AUTH_RSA256_…` (log-in) and
//! `RSA256_…` (signing); newer GOST 2015 files (`GOST512_…`) do both, and organisations
//! may also hold GOST 34.310-2004 files (`GOSTKNCA_…`). All of them open and describe
//! themselves; RSA and GOST512 keys are usable, GOST 2004 and 256-bit GOST keys are refused
//! with a message that says which file to use instead ([`KeyFileError::GostKeyNotSupported`]).

use x509_cert::Certificate;
use zeroize::Zeroizing;

use super::ber::ber_to_der;
use super::cert_info::{CertInfo, KeyAlgorithm};
use super::p12_read::{P12Error, looks_like_pkcs12, read_pkcs12_der};
use super::purpose::Purpose;

/// Largest file accepted: real key files are a few kilobytes.
pub const MAX_KEY_FILE_BYTES: usize = 64 * 1024;

crate::domain::messages::localized_error! {
    /// Why a key file cannot be opened or used.
    pub enum KeyFileError {
        /// Not a PKCS#12 file.
        NotPkcs12 {
            code: "key_file.not_pkcs12",
            en: "the file is not a PKCS#12 key file",
            kk: "Бұл файл ЭЦҚ кілті емес. Ұлттық куәландырушы орталықтан алынған кілт файлын (.p12) таңдаңыз.",
            ru: "Этот файл не является ключом ЭЦП. Выберите файл ключа (.p12), полученный в Национальном удостоверяющем центре.",
        },
        /// The password does not open the file.
        WrongPassword {
            code: "key_file.wrong_password",
            en: "wrong password for the key file",
            kk: "Кілттің құпиясөзі қате. Құпиясөзді қайта енгізіңіз (әріптердің регистрі мен пернетақта тілін тексеріңіз).",
            ru: "Неверный пароль от ключа. Введите пароль ещё раз (проверьте регистр букв и раскладку клавиатуры).",
        },
        /// Encrypted in a way this reader does not implement.
        UnsupportedEncryption {
            code: "key_file.unsupported_encryption",
            en: "the key file uses an unsupported encryption",
            kk: "Кілт файлы бұл сервис оқи алмайтын тәсілмен шифрланған. Ұлттық куәландырушы орталық берген кілт файлын таңдаңыз.",
            ru: "Файл ключа зашифрован способом, который сервис не умеет читать. Выберите файл ключа, выданный Национальным удостоверяющим центром.",
        },
        /// No private key in the file.
        NoPrivateKey {
            code: "key_file.no_private_key",
            en: "the key file contains no private key",
            kk: "Файлда жабық кілт жоқ. Сертификат файлын (.cer) емес, кілт файлын (.p12) таңдаңыз.",
            ru: "В файле нет закрытого ключа. Выберите файл ключа (.p12), а не файл сертификата (.cer).",
        },
        /// No certificate for the key.
        NoCertificate {
            code: "key_file.no_certificate",
            en: "the key file contains no certificate for its key",
            kk: "Кілт файлында осы кілттің сертификаты жоқ. Ұлттық куәландырушы орталықтан алынған толық кілт файлын таңдаңыз.",
            ru: "В файле ключа нет сертификата для этого ключа. Выберите полный файл ключа, полученный в Национальном удостоверяющем центре.",
        },
        /// Damaged or truncated.
        Corrupted {
            code: "key_file.corrupted",
            en: "the key file is damaged",
            kk: "Кілт файлы бүлінген немесе толық көшірілмеген. Файлды қайта көшіріп алыңыз немесе кілтті қайта алыңыз.",
            ru: "Файл ключа повреждён или скопирован не полностью. Скопируйте файл заново или перевыпустите ключ.",
        },
        /// Larger than [`MAX_KEY_FILE_BYTES`]: not a key file.
        TooLarge {
            code: "key_file.too_large",
            en: "the file is too large to be a key file",
            kk: "Файл тым үлкен: ЭЦҚ кілтінің файлы 64 КБ-тан аспайды. Кілт файлын (.p12) таңдаңыз.",
            ru: "Файл слишком большой: файл ключа ЭЦП не бывает больше 64 КБ. Выберите файл ключа (.p12).",
        },
        /// The certificate's validity has ended.
        Expired {
            code: "key_file.expired",
            en: "the key's certificate has expired",
            kk: "Бұл кілттің қолданылу мерзімі өтіп кеткен. Жаңа ЭЦҚ алыңыз (pki.gov.kz сайтында немесе ХҚКО-да) және жаңа кілтті таңдаңыз.",
            ru: "Срок действия этого ключа истёк. Получите новую ЭЦП (на сайте pki.gov.kz или в ЦОН) и выберите новый ключ.",
        },
        /// The certificate's validity has not begun.
        NotYetValid {
            code: "key_file.not_yet_valid",
            en: "the key's certificate is not valid yet",
            kk: "Бұл кілт әлі күшіне енбеген. Құрылғыдағы күн мен уақыттың дұрыс екенін тексеріңіз немесе кейінірек қайталаңыз.",
            ru: "Этот ключ ещё не начал действовать. Проверьте дату и время на устройстве или повторите попытку позже.",
        },
        /// The log-in key (AUTH_RSA256_…) was chosen where the signing key is needed.
        AuthKeyWhereSigningNeeded {
            code: "key_file.auth_key_where_signing_needed",
            en: "an authentication key was chosen where a signing key is needed",
            kk: "Сіз жүйеге кіруге арналған кілтті (атауы AUTH_RSA256_ деп басталатын файл) таңдадыңыз. Қол қою үшін сол бумадағы басқа файлды — атауы RSA256_ деп басталатын файлды таңдаңыз.",
            ru: "Вы выбрали ключ для входа (файл, имя которого начинается с AUTH_RSA256_). Для подписи выберите другой файл из той же папки — тот, имя которого начинается с RSA256_.",
        },
        /// The signing key (RSA256_…) was chosen where the log-in key is needed.
        SigningKeyWhereAuthNeeded {
            code: "key_file.signing_key_where_auth_needed",
            en: "a signing key was chosen where an authentication key is needed",
            kk: "Сіз қол қоюға арналған кілтті (атауы RSA256_ деп басталатын файл) таңдадыңыз. Жүйеге кіру үшін сол бумадағы атауы AUTH_RSA256_ деп басталатын файлды таңдаңыз.",
            ru: "Вы выбрали ключ для подписи (файл, имя которого начинается с RSA256_). Для входа выберите файл из той же папки, имя которого начинается с AUTH_RSA256_.",
        },
        /// A GOST 34.310-2004 (`GOSTKNCA_…`) or 256-bit GOST key: recognised, not accepted.
        GostKeyNotSupported {
            code: "key_file.gost_key_not_supported",
            en: "GOST 34.310-2004 (GOSTKNCA) and 256-bit GOST keys are not accepted; use a GOST512 or RSA key",
            kk: "Бұл ескі ГОСТ 34.310-2004 кілті (аты GOSTKNCA_ деп басталады) немесе 256 биттік ГОСТ кілті, сервис оны қабылдамайды. Кіру мен қол қою үшін GOST512_ файлын немесе RSA кілттерінің жұбын (AUTH_RSA256_ және RSA256_) таңдаңыз. Жаңа кілтті Ұлттық куәландырушы орталықтан (pki.gov.kz) тегін алуға болады.",
            ru: "Это ключ старого стандарта ГОСТ 34.310-2004 (имя начинается с GOSTKNCA_) или 256-битный ключ ГОСТ — сервис его не принимает. Для входа и подписи выберите файл GOST512_ или пару ключей RSA (AUTH_RSA256_ и RSA256_). Новый ключ можно бесплатно получить в Национальном удостоверяющем центре (pki.gov.kz).",
        },
        /// Some other key type, or a certificate for neither log-in nor signing.
        UnsupportedKey {
            code: "key_file.unsupported_key",
            en: "this kind of key is not supported",
            kk: "Бұл кілт түрін сервис қолдамайды. Ұлттық куәландырушы орталық берген RSA кілтін (AUTH_RSA256_ немесе RSA256_ файлы) таңдаңыз.",
            ru: "Сервис не поддерживает этот тип ключа. Выберите ключ RSA, выданный Национальным удостоверяющим центром (файл AUTH_RSA256_ или RSA256_).",
        },
    }
}

impl From<P12Error> for KeyFileError {
    fn from(e: P12Error) -> Self {
        match e {
            P12Error::NotPkcs12 => Self::NotPkcs12,
            P12Error::WrongPassword => Self::WrongPassword,
            P12Error::UnsupportedEncryption => Self::UnsupportedEncryption,
            P12Error::NoPrivateKey => Self::NoPrivateKey,
            P12Error::NoCertificate => Self::NoCertificate,
            P12Error::Corrupted => Self::Corrupted,
        }
    }
}

/// An opened key file.
#[derive(Clone)]
pub struct KeyFile {
    /// The private key, PKCS#8 `PrivateKeyInfo` DER; zeroised on drop, never printed.
    pub private_key_pkcs8_der: Zeroizing<Vec<u8>>,
    /// The key's own certificate.
    pub certificate: Certificate,
    /// The other certificates in the file (CA certificates), in file order.
    pub chain: Vec<Certificate>,
    /// What the key's certificate says.
    pub info: CertInfo,
}

impl std::fmt::Debug for KeyFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyFile")
            .field("private_key_pkcs8_der", &"<redacted>")
            .field("certificate", &self.info.serial_hex)
            .field("chain", &self.chain.len())
            .field("info", &self.info)
            .finish()
    }
}

/// Opens a key file: size check, BER → DER, PKCS#12 (MAC, decryption), the key's
/// certificate and its [`CertInfo`]. Never panics, whatever the bytes.
pub fn open_key_file(bytes: &[u8], password: &str) -> Result<KeyFile, KeyFileError> {
    if bytes.len() > MAX_KEY_FILE_BYTES {
        return Err(KeyFileError::TooLarge);
    }
    let der = ber_to_der(bytes).map_err(|_| {
        if looks_like_pkcs12(bytes) {
            KeyFileError::Corrupted
        } else {
            KeyFileError::NotPkcs12
        }
    })?;
    let contents = read_pkcs12_der(&der, password)?;
    let leaf_index = contents.leaf;
    let mut certificate = None;
    let mut chain = Vec::with_capacity(contents.certificates.len().saturating_sub(1));
    for (i, c) in contents.certificates.into_iter().enumerate() {
        if i == leaf_index {
            certificate = Some(c.certificate);
        } else {
            chain.push(c.certificate);
        }
    }
    let certificate = certificate.ok_or(KeyFileError::NoCertificate)?;
    let info = CertInfo::from_certificate(&certificate);
    Ok(KeyFile {
        private_key_pkcs8_der: contents.private_key_pkcs8_der,
        certificate,
        chain,
        info,
    })
}

/// Whether the key described by `info` can be used for `purpose` at `now_unix` (unix
/// seconds, supplied by the caller). Checks, in this order: the key type (RSA only for
/// now), the purpose (AUTH vs signing file), the validity period (inclusive bounds).
pub fn check_usable(info: &CertInfo, purpose: Purpose, now_unix: i64) -> Result<(), KeyFileError> {
    match info.algorithm {
        KeyAlgorithm::Rsa { .. } | KeyAlgorithm::Gost2015_512 => {}
        KeyAlgorithm::Gost2015_256 | KeyAlgorithm::Gost2004 => {
            return Err(KeyFileError::GostKeyNotSupported);
        }
        KeyAlgorithm::Other(_) => return Err(KeyFileError::UnsupportedKey),
    }
    let purposes = info.key_purposes();
    if !purposes.contains(&purpose) {
        return Err(match purpose {
            Purpose::Signing if purposes.contains(&Purpose::Authentication) => {
                KeyFileError::AuthKeyWhereSigningNeeded
            }
            Purpose::Authentication if purposes.contains(&Purpose::Signing) => {
                KeyFileError::SigningKeyWhereAuthNeeded
            }
            _ => KeyFileError::UnsupportedKey,
        });
    }
    if now_unix < info.not_before {
        return Err(KeyFileError::NotYetValid);
    }
    if now_unix > info.not_after {
        return Err(KeyFileError::Expired);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
