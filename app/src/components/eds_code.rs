//! The EDS code — reading PKCS#12 key files, RSA and GOST signatures, CMS — as a WASM chunk
//! of its own (`cargo leptos build --split`): a phone fetches it when a key file is chosen
//! ([`preload`], while the password is typed) or a key first opened, not with every page, which
//! keeps it out of a parent's first load. On the server and in native tests these are plain
//! calls.
//!
//! If the chunk cannot be fetched (no connection), opening or signing fails with
//! [`ui::EDS_CODE_UNAVAILABLE`] and nothing else changes: the form keeps what was typed and the
//! parent tries again once online (a failed fetch is not remembered).
use crate::eds::key_file::KeyFile;
use crate::eds::purpose::Purpose;
use crate::i18n::{Text, ui};

/// What went wrong inside a chunk call, or that the chunk could not be fetched.
#[derive(Debug)]
pub struct ChunkError(Text);

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError(ui::EDS_CODE_UNAVAILABLE)
    }
}

#[leptos::wasm_split::wasm_split(
    eds_code,
    wasm_split_path = ::leptos::wasm_split,
    fallible,
    preload(#[doc(hidden)] fetch_eds_code)
)]
fn open_in_chunk(
    bytes: Vec<u8>,
    password: String,
    purpose: Purpose,
    now: i64,
) -> Result<KeyFile, ChunkError> {
    let key = crate::eds::key_file::open_key_file(&bytes, &password)
        .map_err(|e| ChunkError(crate::error::text_of(&e)))?;
    crate::eds::key_file::check_usable(&key.info, purpose, now)
        .map_err(|e| ChunkError(crate::error::text_of(&e)))?;
    Ok(key)
}

#[leptos::wasm_split::wasm_split(eds_code, wasm_split_path = ::leptos::wasm_split, fallible)]
fn sign_in_chunk(data: Vec<u8>, key: KeyFile, now: i64) -> Result<Vec<u8>, ChunkError> {
    crate::eds::cms_sign::sign_detached(
        &data,
        &key.private_key_pkcs8_der,
        &key.certificate,
        &key.chain,
        now,
    )
    .map_err(|e| ChunkError(crate::error::text_of(&e)))
}

/// Opens the key file `bytes` with `password` and checks that it suits `purpose` at `now`.
pub async fn open_key(
    bytes: Vec<u8>,
    password: String,
    purpose: Purpose,
    now: i64,
) -> Result<KeyFile, Text> {
    open_in_chunk(bytes, password, purpose, now)
        .await
        .map_err(|e| e.0)
}

/// A detached CMS signature of `data` made with `key` at `now` (DER).
pub async fn sign_detached(data: Vec<u8>, key: &KeyFile, now: i64) -> Result<Vec<u8>, Text> {
    sign_in_chunk(data, key.clone(), now).await.map_err(|e| e.0)
}

/// Starts fetching the chunk in the background (when a key file is chosen), so that opening the
/// key a moment later does not wait for the network. A failure here is silent: the call that
/// needs the chunk fetches it again and reports.
pub fn preload() {
    #[cfg(target_arch = "wasm32")]
    leptos::task::spawn_local(async {
        let _ = fetch_eds_code().await;
    });
}

/// Fetches the chunk now and waits for it; false if it could not be fetched (offline). Used
/// when the wizard opens, so that the service worker keeps the chunk for an offline step 6.
pub async fn load() -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        fetch_eds_code().await.is_ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        true
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::task::{Context, Poll, Waker};

    use super::*;
    use crate::eds::p12_write::{P12Format, write_p12};
    use crate::eds::test_support::{CONTRACT, NOW, SIGNED_AT, pki};

    /// Off wasm the split points are plain calls: every future here is ready at once.
    fn ready<T>(f: impl Future<Output = T>) -> T {
        let mut f = std::pin::pin!(f);
        match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("a chunk call waited off wasm"),
        }
    }

    #[test]
    fn a_signing_key_opened_through_the_chunk_signs_what_the_server_verifies() {
        let p = pki();
        let file = write_p12(
            &p.sign_key,
            &p.sign_cert,
            &p.chain(),
            "Qwerty12",
            P12Format::Legacy,
        )
        .unwrap();
        let key = ready(open_key(
            file,
            "Qwerty12".into(),
            Purpose::Signing,
            SIGNED_AT,
        ))
        .unwrap();
        let cms = ready(sign_detached(CONTRACT.to_vec(), &key, SIGNED_AT)).unwrap();
        let verified = crate::eds::cms_verify::verify_detached(
            &cms,
            CONTRACT,
            &p.trust(),
            Purpose::Signing,
            NOW,
        )
        .unwrap();
        assert_eq!(verified.signer, p.sign_cert);
        assert_eq!(verified.signing_time_unix, SIGNED_AT);
    }

    #[test]
    fn a_wrong_password_or_the_auth_key_for_signing_gets_the_parents_message() {
        let p = pki();
        let sign = write_p12(
            &p.sign_key,
            &p.sign_cert,
            &p.chain(),
            "Qwerty12",
            P12Format::Pbes2,
        )
        .unwrap();
        let wrong = ready(open_key(
            sign,
            "qwerty12".into(),
            Purpose::Signing,
            SIGNED_AT,
        ));
        assert_eq!(
            wrong.unwrap_err(),
            crate::error::text_of(&crate::eds::key_file::KeyFileError::WrongPassword)
        );
        let auth = write_p12(
            &p.auth_key,
            &p.auth_cert,
            &p.chain(),
            "Qwerty12",
            P12Format::Pbes2,
        )
        .unwrap();
        let not_for_signing = ready(open_key(
            auth,
            "Qwerty12".into(),
            Purpose::Signing,
            SIGNED_AT,
        ));
        let text = not_for_signing.unwrap_err();
        assert_ne!(text, ui::EDS_CODE_UNAVAILABLE);
        assert!(text.ru.contains("ключ для входа"), "{text:?}");
    }
}
