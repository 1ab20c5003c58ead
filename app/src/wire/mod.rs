//! How data travels from the server to the page's WASM: every server function's answer and
//! every resource the server renders into the page are **postcard** (compact binary serde),
//! both decoded by the same `postcard::from_bytes`, so each type's deserialiser is in the
//! bundle once, and it is far smaller than JSON's (resources: [`resource`]). This alone took 40 KB (brotli) off what a
//! parent's phone downloads first (docs/performance.md).
//!
//! Other clients (scripts, the tests, a person with `curl`) ask for JSON with
//! `Accept: application/json` and get the same data as JSON. Errors always travel as JSON
//! ([`crate::error::AppError`]).
//!
//! postcard is not self-describing: a type that travels here must not need
//! `deserialize_any` (no `#[serde(untagged)]`, internally tagged enums, `flatten` or
//! `skip_serializing_if`). The browser tests open every page through this path, and the
//! server's test `the_page_gets_compact_answers_and_other_clients_json` decodes the answers the
//! parent's, staff's and admin's pages read by type and compares them with their JSON.
#[cfg(feature = "ssr")]
use leptos::prelude::use_context;
use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};

mod resource;
pub use resource::{WireResource, resource};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The content type of a postcard answer.
pub const POSTCARD: &str = "application/x-postcard";

/// The answer protocol of every server function (`output = crate::wire::Answer`): postcard,
/// or JSON when the request asks for it.
pub type Answer = Post<AnswerEncoding>;

/// The encoding of [`Answer`].
pub struct AnswerEncoding;

impl ContentType for AnswerEncoding {
    const CONTENT_TYPE: &'static str = POSTCARD;
}

impl FormatType for AnswerEncoding {
    const FORMAT_TYPE: Format = Format::Binary;
}

impl<T: Serialize> Encodes<T> for AnswerEncoding {
    type Error = String;

    fn encode(value: &T) -> Result<Bytes, Self::Error> {
        #[cfg(feature = "ssr")]
        if wants_json() {
            let text = serde_json::to_vec(value).map_err(|e| e.to_string())?;
            // `Post` labels the answer with `CONTENT_TYPE`; the response options (applied by
            // leptos_axum after the server function ran) replace that label.
            if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
                options.insert_header(
                    http::header::CONTENT_TYPE,
                    http::HeaderValue::from_static("application/json"),
                );
            }
            return Ok(text.into());
        }
        postcard::to_allocvec(value)
            .map(Bytes::from)
            .map_err(|e| e.to_string())
    }
}

impl<T: DeserializeOwned> Decodes<T> for AnswerEncoding {
    type Error = postcard::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        postcard::from_bytes(&bytes)
    }
}

/// Whether the request being answered asked for JSON (`Accept: application/json`).
#[cfg(feature = "ssr")]
fn wants_json() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get_all(http::header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|item| item.trim().starts_with("application/json"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(v: T) {
        let bytes = postcard::to_allocvec(&v).unwrap();
        let back: T = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn a_value_and_an_error_come_back_as_they_left() {
        round_trip::<Result<Vec<(i32, String)>, AppError>>(Ok(vec![(7, "Әлия".into())]));
        round_trip::<Result<Vec<(i32, String)>, AppError>>(Err(AppError::Invalid(
            "iin.checksum".into(),
        )));
    }

    #[test]
    fn the_wizards_draft_survives_the_wire() {
        use crate::domain::draft::test_values;
        round_trip(test_values::contract());
        round_trip(crate::pages::contract::local_draft::LocalWizard {
            draft: test_values::contract(),
            step: 6,
            ..Default::default()
        });
        round_trip(crate::api::SavedRequisites::default());
    }

    #[test]
    fn a_damaged_page_value_is_an_error_not_a_panic() {
        let bytes = postcard::to_allocvec(&vec![1u32, 2, 300]).unwrap();
        let cut: Result<Vec<u32>, _> = postcard::from_bytes(&bytes[..bytes.len() - 1]);
        assert!(cut.is_err());
    }
}
