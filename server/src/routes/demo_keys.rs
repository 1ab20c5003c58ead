//! `/demo/keys/{file}`: demo key files for download (demo mode only). Only names the demo
//! PKI wrote are served; nothing else in the data directory can be reached.
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

fn is_key_file_name(name: &str) -> bool {
    name.len() <= 80
        && name.ends_with(".p12")
        && (name.starts_with("AUTH_RSA256_")
            || name.starts_with("RSA256_")
            || name.starts_with("GOST512_"))
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        && !name.contains("..")
}

pub async fn download(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(people) = state.ports.demo_people.as_ref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let listed = people.iter().flat_map(|p| &p.keys).any(|k| k.file == file);
    if !listed || !is_key_file_name(&file) {
        return StatusCode::NOT_FOUND.into_response();
    }
    match tokio::fs::read(crate::pki::demo::keys_dir(&state.data_dir).join(&file)).await {
        Ok(bytes) => {
            let mut resp = bytes.into_response();
            let h = resp.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/x-pkcs12"),
            );
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            resp
        }
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::is_key_file_name;

    #[test]
    fn only_demo_key_names_pass() {
        assert!(is_key_file_name("AUTH_RSA256_0123abcd.p12"));
        assert!(is_key_file_name("RSA256_0123abcd.p12"));
        assert!(is_key_file_name("GOST512_0123abcd.p12"));
        assert!(!is_key_file_name("GOST512_../x.p12"));
        assert!(!is_key_file_name("../ekg.sqlite"));
        assert!(!is_key_file_name("RSA256_../../x.p12"));
        assert!(!is_key_file_name("manifest.json"));
    }
}
