//! The phone's endpoints of a signing session, and the page's QR image.
//!
//! - `GET  /egov/sign/{id}` — API №1: description, expiry, organisation, where the document
//!   is (`auth_type: Token` with a fresh one-time bearer token).
//! - `GET  /egov/sign/{id}/document` — API №2: the document to sign (bearer token).
//! - `PUT  /egov/sign/{id}/document` — API №2: the signature (bearer token; at most
//!   [`super::MAX_PUT_BYTES`]). 200 `{"code":"200","message":"success"}`; 403 when the
//!   signature does not verify or is not the expected signer's; 410 when the session expired
//!   or already got its signature; 404 unknown; 401 bad token; 400 a body that is not the
//!   protocol's JSON; 413 too large.
//! - `GET  /egov/sign/{id}/qr.svg` — the QR code of the session (for the page).
//!
//! Texts follow `Accept-Language` (kk, ru, en). None of these answers may be cached.
use app::domain::Localized;
use app::domain::mobile_sign::{MobilePurpose, MobileSignError};
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::protocol::{
    Answer, Api1, Api2, AppLang, DocumentLink, DocumentToSign, FileData, FileHolder, Meta,
    Organisation,
};
use super::{MAX_PUT_BYTES, PREFIX, PhoneError};
use crate::state::AppState;

fn lang(headers: &HeaderMap) -> AppLang {
    AppLang::from_header(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty() && t.len() <= 128)
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The message of an error code in the app's language (English from the error's own text).
fn message_for_code(lang: AppLang, code: &str) -> String {
    fn en<E: Localized + std::fmt::Display + 'static>(all: &[E], code: &str) -> Option<String> {
        all.iter().find(|e| e.code() == code).map(|e| e.to_string())
    }
    match lang {
        AppLang::En => en(app::eds::VerifyError::ALL, code)
            .or_else(|| en(app::auth_model::AuthError::ALL, code))
            .or_else(|| en(app::eds::PartyError::ALL, code))
            .or_else(|| en(app::eds::BerError::ALL, code))
            .or_else(|| en(MobileSignError::ALL, code))
            .unwrap_or_else(|| "the signature was not accepted".into()),
        AppLang::Kk | AppLang::Ru => app::error::text_for_code(code)
            .map(|t| {
                if lang == AppLang::Kk {
                    t.kk.to_string()
                } else {
                    t.ru.to_string()
                }
            })
            .unwrap_or_else(|| code.to_string()),
    }
}

fn answer(status: StatusCode, code: &str, message: String) -> Response {
    no_store(
        (
            status,
            Json(Answer {
                code: code.into(),
                message,
            }),
        )
            .into_response(),
    )
}

fn phone_error(lang: AppLang, e: PhoneError) -> Response {
    let (status, err) = match e {
        PhoneError::Unknown => (StatusCode::NOT_FOUND, MobileSignError::Unknown),
        PhoneError::BadToken => (StatusCode::UNAUTHORIZED, MobileSignError::BadToken),
        PhoneError::Expired => (StatusCode::GONE, MobileSignError::Expired),
        PhoneError::Gone => (StatusCode::GONE, MobileSignError::Gone),
        PhoneError::Taken => (StatusCode::GONE, MobileSignError::Taken),
        PhoneError::BadRequest(e) => (StatusCode::BAD_REQUEST, e),
        PhoneError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, MobileSignError::TooLarge),
        PhoneError::Refused(code) => {
            return answer(StatusCode::FORBIDDEN, &code, message_for_code(lang, &code));
        }
        PhoneError::Unavailable => {
            return answer(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                match lang {
                    AppLang::Kk => "Қызмет уақытша қолжетімсіз. Қайталап көріңіз.",
                    AppLang::Ru => "Сервис временно недоступен. Попробуйте ещё раз.",
                    AppLang::En => "the service is unavailable, try again",
                }
                .into(),
            );
        }
    };
    answer(status, err.code(), lang.message(&err))
}

/// `2026-12-05T17:29:00+05:00`: the expiry in Kazakhstan's time (UTC+5).
fn expiry_date(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .to_offset(time::UtcOffset::from_hms(5, 0, 0).expect("a valid offset"));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+05:00",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// What the app shows: the purpose in the app's language (`label`: the contract's number).
fn description(purpose: MobilePurpose, label: Option<&str>, lang: AppLang) -> String {
    let number = label.unwrap_or("");
    match (purpose, lang) {
        (MobilePurpose::Login, AppLang::Kk) => "«Электронды балабақша» жеке кабинетіне кіру".into(),
        (MobilePurpose::Login, AppLang::Ru) => {
            "Вход в личный кабинет «Электронный детский сад»".into()
        }
        (MobilePurpose::Login, AppLang::En) => "Sign in to the e-kindergarten cabinet".into(),
        (MobilePurpose::WizardCheck, AppLang::Kk) => {
            "Балабақшамен шарт жасасу: ЭЦҚ иесін тексеру".into()
        }
        (MobilePurpose::WizardCheck, AppLang::Ru) => {
            "Заключение договора с детским садом: проверка владельца ЭЦП".into()
        }
        (MobilePurpose::WizardCheck, AppLang::En) => {
            "Contract with a kindergarten: identifying the key holder".into()
        }
        (
            MobilePurpose::ParentContract { .. } | MobilePurpose::StaffContract { .. },
            AppLang::Kk,
        ) => {
            format!("Мектепке дейінгі ұйыммен шарт № {number}")
        }
        (
            MobilePurpose::ParentContract { .. } | MobilePurpose::StaffContract { .. },
            AppLang::Ru,
        ) => {
            format!("Договор с детским садом № {number}")
        }
        (
            MobilePurpose::ParentContract { .. } | MobilePurpose::StaffContract { .. },
            AppLang::En,
        ) => {
            format!("Kindergarten contract No. {number}")
        }
    }
}

fn organisation(bin: Option<String>) -> Organisation {
    Organisation {
        name_ru: "Электронный детский сад".into(),
        name_kz: "Электронды балабақша".into(),
        name_en: "e-kindergarten".into(),
        bin,
    }
}

/// API №1.
pub async fn api1(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let lang = lang(&headers);
    let service = &state.mobile_sign;
    let (row, token) = match service.describe(&id).await {
        Ok(found) => found,
        Err(e) => return phone_error(lang, e),
    };
    let Some(purpose) = super::purpose_of(&row) else {
        return phone_error(lang, PhoneError::Unavailable);
    };
    // The document's address on the same public base as the API №1 URL the phone used.
    let base = base_url(&state, &headers).unwrap_or_default();
    no_store(
        Json(Api1 {
            description: description(purpose, row.label.as_deref(), lang),
            expiry_date: expiry_date(row.expires_at),
            organisation: organisation(service.operator_bin.clone()),
            document: DocumentLink {
                uri: format!("{base}{PREFIX}/{}/document", row.id),
                auth_type: "Token".into(),
                auth_token: Some(token),
            },
        })
        .into_response(),
    )
}

/// The public address of the service: `EKG_PUBLIC_URL`, or in demo mode (where it may be
/// unset) `http://` and the request's `Host`.
pub fn base_url(state: &AppState, headers: &HeaderMap) -> Option<String> {
    state.mobile_sign.public_url.clone().or_else(|| {
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| app::domain::mobile_sign::plain_host(h))
            .map(|h| format!("http://{h}"))
    })
}

/// API №2 `GET`.
pub async fn api2_get(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    use base64::Engine;
    let lang = lang(&headers);
    let doc = match state.mobile_sign.document(&id, bearer(&headers)).await {
        Ok(d) => d,
        Err(e) => return phone_error(lang, e),
    };
    let number = doc.label.clone().unwrap_or_default();
    let (name_kz, name_ru, name_en) = match doc.purpose {
        MobilePurpose::Login => (
            "Жеке кабинетке кіру".to_string(),
            "Вход в личный кабинет".to_string(),
            "Signing in".to_string(),
        ),
        MobilePurpose::WizardCheck => (
            "ЭЦҚ иесін тексеру".to_string(),
            "Проверка владельца ЭЦП".to_string(),
            "Identifying the key holder".to_string(),
        ),
        MobilePurpose::ParentContract { .. } | MobilePurpose::StaffContract { .. } => (
            format!("Шарт № {number}"),
            format!("Договор № {number}"),
            format!("Contract No. {number}"),
        ),
    };
    let mut meta = Vec::new();
    if doc.label.is_some() {
        meta.push(Meta {
            name: "Шарт нөмірі / Номер договора".into(),
            value: number.clone(),
        });
    }
    meta.push(Meta {
        name: match lang {
            AppLang::Kk => "Жарамдылық мерзімі",
            AppLang::Ru => "Действителен до",
            AppLang::En => "Valid until",
        }
        .into(),
        value: expiry_date(doc.expires_at),
    });
    no_store(
        Json(Api2 {
            sign_method: "CMS_SIGN_ONLY".into(),
            version: 1,
            documents_to_sign: vec![DocumentToSign {
                id: 1,
                name_ru,
                name_kz,
                name_en,
                meta,
                document: FileHolder {
                    file: FileData {
                        mime: "text/plain".into(),
                        data: base64::engine::general_purpose::STANDARD.encode(&doc.bytes),
                    },
                },
            }],
        })
        .into_response(),
    )
}

/// API №2 `PUT`.
pub async fn api2_put(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let lang = lang(&headers);
    let Some(token) = bearer(&headers) else {
        return phone_error(lang, PhoneError::BadToken);
    };
    if headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > MAX_PUT_BYTES as u64)
    {
        return phone_error(lang, PhoneError::TooLarge);
    }
    // The session and its token first: nobody else makes the server read a body.
    if let Err(e) = state.mobile_sign.open_for(&id, Some(token)).await {
        return phone_error(lang, e);
    }
    let Ok(body) = axum::body::to_bytes(body, MAX_PUT_BYTES).await else {
        return phone_error(lang, PhoneError::TooLarge);
    };
    match state.mobile_sign.deliver(&id, Some(token), &body).await {
        Ok(()) => answer(StatusCode::OK, "200", "success".into()),
        Err(e) => phone_error(lang, e),
    }
}

/// The session's QR code (SVG), for the page of the browser that created the session.
pub async fn qr_svg(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let not_found = || no_store(StatusCode::NOT_FOUND.into_response());
    let Some(binding) = app::session::cookie_in(&headers, app::session::BINDING_COOKIE) else {
        return not_found();
    };
    match state.mobile_sign.belongs_to(&id, &binding).await {
        Ok(true) => {}
        Ok(false) => return not_found(),
        Err(_) => return no_store(StatusCode::SERVICE_UNAVAILABLE.into_response()),
    }
    let Some(base) = base_url(&state, &headers) else {
        return not_found();
    };
    let text = app::domain::mobile_sign::qr_text(&format!("{base}{PREFIX}/{id}"));
    let Some(svg) = super::qr::svg(&text) else {
        return not_found();
    };
    no_store(
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("image/svg+xml"),
            )],
            svg,
        )
            .into_response(),
    )
}
