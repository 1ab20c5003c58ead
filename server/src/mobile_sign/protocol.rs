//! The JSON of the eGov Mobile / eGov Business signing protocol (API №1 and API №2), as the
//! national apps send and expect it (see `../shared/egov-mobile-signing.md` and the README),
//! and the tolerant reading of the signatures a `PUT` brings back.
use app::domain::mobile_sign::MobileSignError;
use serde::{Deserialize, Serialize};

/// The language the app asked for (`Accept-Language: kk|ru|en`; Russian when it says nothing
/// we know).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppLang {
    Kk,
    Ru,
    En,
}

impl AppLang {
    /// The first language of an `Accept-Language` header we speak.
    pub fn from_header(value: Option<&str>) -> AppLang {
        let Some(value) = value else {
            return AppLang::Ru;
        };
        for tag in value.split(',') {
            let tag = tag
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let primary = tag.split('-').next().unwrap_or("");
            match primary {
                "kk" | "kz" => return AppLang::Kk,
                "ru" => return AppLang::Ru,
                "en" => return AppLang::En,
                _ => {}
            }
        }
        AppLang::Ru
    }

    /// The message of a localized error in this language.
    pub fn message<E: app::domain::Localized + std::fmt::Display>(self, e: &E) -> String {
        match self {
            AppLang::Kk => e.message(app::domain::lang::Lang::Kk).to_string(),
            AppLang::Ru => e.message(app::domain::lang::Lang::Ru).to_string(),
            AppLang::En => e.to_string(),
        }
    }
}

/// The organisation the app shows as asking for the signature.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Organisation {
    #[serde(rename = "nameRu")]
    pub name_ru: String,
    #[serde(rename = "nameKz")]
    pub name_kz: String,
    #[serde(rename = "nameEn")]
    pub name_en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bin: Option<String>,
}

/// Where the app fetches the documents (API №2) and how it proves it may.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentLink {
    pub uri: String,
    pub auth_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_token: Option<String>,
}

/// API №1's answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Api1 {
    pub description: String,
    pub expiry_date: String,
    pub organisation: Organisation,
    pub document: DocumentLink,
}

/// One name-value line the app shows beside a document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    pub name: String,
    pub value: String,
}

/// A file to sign (base64), or, coming back, its signature.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileData {
    pub mime: String,
    pub data: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileHolder {
    pub file: FileData,
}

/// One document of API №2.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentToSign {
    pub id: u32,
    #[serde(rename = "nameRu")]
    pub name_ru: String,
    #[serde(rename = "nameKz")]
    pub name_kz: String,
    #[serde(rename = "nameEn")]
    pub name_en: String,
    pub meta: Vec<Meta>,
    pub document: FileHolder,
}

/// API №2's answer to `GET`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Api2 {
    #[serde(rename = "signMethod")]
    pub sign_method: String,
    pub version: u32,
    #[serde(rename = "documentsToSign")]
    pub documents_to_sign: Vec<DocumentToSign>,
}

/// The answer to a `PUT` (and the body of every refusal).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Answer {
    pub code: String,
    pub message: String,
}

/// The sign methods whose result is a CMS signature (detached or with the data inside): the
/// only kind we accept. `XML` (and anything unknown) is refused.
fn cms_method(method: &str) -> bool {
    matches!(
        method,
        "CMS_SIGN_ONLY" | "CMS_WITH_DATA" | "CMS" | "SIGN_BYTES_ARRAY"
    )
}

/// The signature of document `id` in a `PUT` body, decoded from base64. Accepts the forms the
/// apps are known to send: `document.file.data` or the older `documentCms`, under a top-level
/// `signMethod` or, with `MIX_SIGN`, each document's own.
pub fn signature_of(body: &[u8], id: u32) -> Result<Vec<u8>, MobileSignError> {
    use base64::Engine;
    let v: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| MobileSignError::BadRequest)?;
    let top = v
        .get("signMethod")
        .and_then(|m| m.as_str())
        .unwrap_or("CMS_SIGN_ONLY");
    let docs = v
        .get("documentsToSign")
        .and_then(|d| d.as_array())
        .ok_or(MobileSignError::BadRequest)?;
    let doc = docs
        .iter()
        .find(|d| d.get("id").and_then(|i| i.as_u64()) == Some(u64::from(id)))
        .ok_or(MobileSignError::NoSignature)?;
    let method = if top == "MIX_SIGN" {
        doc.get("signMethod")
            .and_then(|m| m.as_str())
            .unwrap_or("CMS_SIGN_ONLY")
    } else {
        top
    };
    if !cms_method(method) {
        return Err(MobileSignError::UnsupportedMethod);
    }
    let b64 = doc
        .pointer("/document/file/data")
        .and_then(|d| d.as_str())
        .or_else(|| doc.get("documentCms").and_then(|d| d.as_str()))
        .ok_or(MobileSignError::NoSignature)?;
    let cleaned: String = b64.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if cleaned.is_empty() {
        return Err(MobileSignError::NoSignature);
    }
    base64::engine::general_purpose::STANDARD
        .decode(cleaned.as_bytes())
        .map_err(|_| MobileSignError::BadRequest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(method: &str, doc: serde_json::Value) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "signMethod": method, "version": 1, "documentsToSign": [doc]
        }))
        .unwrap()
    }

    #[test]
    fn the_signature_is_found_in_every_known_form() {
        let file = serde_json::json!({"id": 1, "document": {"file": {"mime": "", "data": "AQID"}}});
        let old = serde_json::json!({"id": 1, "documentCms": "AQ\r\nID"});
        for (method, doc) in [
            ("CMS_SIGN_ONLY", &file),
            ("CMS_WITH_DATA", &file),
            ("CMS", &old),
            ("SIGN_BYTES_ARRAY", &file),
        ] {
            assert_eq!(
                signature_of(&put(method, doc.clone()), 1),
                Ok(vec![1, 2, 3])
            );
        }
        let mixed = serde_json::json!({"id": 1, "signMethod": "CMS_WITH_DATA",
            "document": {"file": {"mime": "", "data": "AQID"}}});
        assert_eq!(signature_of(&put("MIX_SIGN", mixed), 1), Ok(vec![1, 2, 3]));
    }

    #[test]
    fn anything_else_is_refused_with_its_reason() {
        let file = serde_json::json!({"id": 1, "document": {"file": {"mime": "", "data": "AQID"}}});
        assert_eq!(
            signature_of(&put("XML", file.clone()), 1),
            Err(MobileSignError::UnsupportedMethod)
        );
        assert_eq!(
            signature_of(&put("CMS_SIGN_ONLY", file), 2),
            Err(MobileSignError::NoSignature)
        );
        assert_eq!(
            signature_of(b"{not json", 1),
            Err(MobileSignError::BadRequest)
        );
        assert_eq!(signature_of(b"[]", 1), Err(MobileSignError::BadRequest));
        let bad = serde_json::json!({"id": 1, "document": {"file": {"mime": "", "data": "%%%"}}});
        assert_eq!(
            signature_of(&put("CMS_SIGN_ONLY", bad), 1),
            Err(MobileSignError::BadRequest)
        );
        let empty = serde_json::json!({"id": 1, "document": {"file": {"mime": "", "data": ""}}});
        assert_eq!(
            signature_of(&put("CMS_SIGN_ONLY", empty), 1),
            Err(MobileSignError::NoSignature)
        );
    }

    #[test]
    fn the_apps_language_comes_from_accept_language() {
        assert_eq!(AppLang::from_header(Some("kk")), AppLang::Kk);
        assert_eq!(AppLang::from_header(Some("en-US,en;q=0.9")), AppLang::En);
        assert_eq!(AppLang::from_header(Some("de, kk-KZ;q=0.5")), AppLang::Kk);
        assert_eq!(AppLang::from_header(Some("de")), AppLang::Ru);
        assert_eq!(AppLang::from_header(None), AppLang::Ru);
    }
}
