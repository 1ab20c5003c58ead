//! A stand-in for eGov Mobile / eGov Business (no real app is reachable from the tests): it does
//! what the app does with a signing session, over HTTP, as the protocol is publicly described
//! (`../shared/egov-mobile-signing.md`):
//!
//! 1. reads the QR text `mobileSign:<API №1 URL>` (or the `link` of a launch link);
//! 2. `GET` API №1 → description, expiry, `document.uri`, `auth_type: Token`, `auth_token`;
//! 3. `GET document.uri` with `Authorization: Bearer <auth_token>` → `documentsToSign`;
//! 4. signs each document's bytes with the person's key file (a detached CMS with the signer's
//!    certificate inside, as the national CA's tools make it; attached with `CMS_WITH_DATA`);
//! 5. `PUT`s the same JSON back, each `document.file.data` replaced by the base64 signature.
//!
//! It is not compiled into the server.
#![allow(dead_code)]

use base64::Engine;

/// What the app answers or sends, and what it got back.
pub struct EgovApp {
    pub client: reqwest::Client,
    /// `Accept-Language` the app sends.
    pub lang: &'static str,
}

/// A key the person unlocked in the app.
pub struct AppKey {
    pub p12: Vec<u8>,
    pub password: String,
    /// The signing time the app puts in the CMS.
    pub now: i64,
}

/// The API №1 URL in a QR text or a launch link.
pub fn api1_url(scanned: &str) -> String {
    if let Some(url) = scanned.strip_prefix("mobileSign:") {
        return url.to_string();
    }
    let (_, link) = scanned
        .split_once("link=")
        .expect("a launch link carries link=");
    let link = link.split('&').next().unwrap();
    percent_decode(link)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// A detached CMS over `data` made with `key`.
pub fn cms_over(data: &[u8], key: &AppKey) -> Vec<u8> {
    let k = app::eds::key_file::open_key_file(&key.p12, &key.password).expect("the key opens");
    app::eds::cms_sign::sign_detached(
        data,
        &k.private_key_pkcs8_der,
        &k.certificate,
        &k.chain,
        key.now,
    )
    .expect("signed")
}

/// `cms` with `data` attached as its encapsulated content (`CMS_WITH_DATA`).
pub fn attach(cms: &[u8], data: &[u8]) -> Vec<u8> {
    use cms::content_info::ContentInfo;
    use cms::signed_data::SignedData;
    use der::asn1::OctetString;
    use der::{Any, Decode, Encode};
    let mut ci = ContentInfo::from_der(cms).unwrap();
    let mut sd: SignedData = ci.content.decode_as().unwrap();
    sd.encap_content_info.econtent =
        Some(Any::encode_from(&OctetString::new(data).unwrap()).unwrap());
    ci.content = Any::encode_from(&sd).unwrap();
    ci.to_der().unwrap()
}

impl EgovApp {
    pub fn new(lang: &'static str) -> EgovApp {
        EgovApp {
            client: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(60))
                .build()
                .unwrap(),
            lang,
        }
    }

    /// API №1: status and JSON.
    pub async fn describe(&self, api1: &str) -> (u16, serde_json::Value) {
        let resp = self
            .client
            .get(api1)
            .header("accept-language", self.lang)
            .send()
            .await
            .unwrap();
        (resp.status().as_u16(), resp.json().await.unwrap())
    }

    /// API №2 `GET` with `token` (none: no `Authorization` header).
    pub async fn documents(&self, uri: &str, token: Option<&str>) -> (u16, serde_json::Value) {
        let mut req = self.client.get(uri).header("accept-language", self.lang);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.unwrap();
        (resp.status().as_u16(), resp.json().await.unwrap())
    }

    /// API №2 `PUT` of `body` with `token`.
    pub async fn put_raw(
        &self,
        uri: &str,
        token: Option<&str>,
        body: Vec<u8>,
    ) -> (u16, serde_json::Value) {
        let mut req = self
            .client
            .put(uri)
            .header("accept-language", self.lang)
            .header("content-type", "application/json")
            .body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
        )
    }

    /// The documents of API №2 with their data replaced by `sign(data)`, in `method`.
    pub fn signed_answer(
        docs: &serde_json::Value,
        method: &str,
        sign: impl Fn(&[u8]) -> Vec<u8>,
    ) -> Vec<u8> {
        let mut answer = docs.clone();
        answer["signMethod"] = method.into();
        for d in answer["documentsToSign"].as_array_mut().unwrap() {
            let data = base64::engine::general_purpose::STANDARD
                .decode(d["document"]["file"]["data"].as_str().unwrap())
                .unwrap();
            let signature = base64::engine::general_purpose::STANDARD.encode(sign(&data));
            d["document"]["file"]["data"] = signature.into();
        }
        serde_json::to_vec(&answer).unwrap()
    }

    /// Everything the person does after scanning: describe, fetch, sign with `key` in
    /// `method` (`CMS_SIGN_ONLY` or `CMS_WITH_DATA`), send. Returns the status and answer of
    /// the first request that failed, or of the `PUT`.
    pub async fn sign_session_with(
        &self,
        scanned: &str,
        key: &AppKey,
        method: &str,
    ) -> (u16, serde_json::Value) {
        let (status, api1) = self.describe(&api1_url(scanned)).await;
        if status != 200 {
            return (status, api1);
        }
        assert_eq!(api1["document"]["auth_type"], "Token");
        let uri = api1["document"]["uri"].as_str().unwrap().to_string();
        let token = api1["document"]["auth_token"].as_str().unwrap().to_string();
        let (status, docs) = self.documents(&uri, Some(&token)).await;
        if status != 200 {
            return (status, docs);
        }
        let attached = method == "CMS_WITH_DATA";
        let body = Self::signed_answer(&docs, method, |data| {
            let cms = cms_over(data, key);
            if attached { attach(&cms, data) } else { cms }
        });
        self.put_raw(&uri, Some(&token), body).await
    }

    /// [`EgovApp::sign_session_with`] as most apps do it (`CMS_SIGN_ONLY`).
    pub async fn sign_session(&self, scanned: &str, key: &AppKey) -> (u16, serde_json::Value) {
        self.sign_session_with(scanned, key, "CMS_SIGN_ONLY").await
    }
}
