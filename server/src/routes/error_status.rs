//! Server functions answer every error with HTTP 500 and the typed [`AppError`] as JSON. This
//! middleware gives those answers their real status (401, 403, 404, 422, 503, 400), so logs
//! and proxies tell an ordinary "wrong input" from a server failure. The body is unchanged:
//! the browser's server-function client decodes any 4xx/5xx body as the error.
use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Largest error body inspected (an `AppError` is a few dozen bytes).
const MAX_ERROR_BODY: usize = 16 * 1024;

pub fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Transport => StatusCode::BAD_REQUEST,
    }
}

pub async fn error_status(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let resp = next.run(req).await;
    if !is_api || resp.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_ERROR_BODY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(e) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = status_of(&e);
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_mistakes_are_4xx_and_only_an_outage_is_5xx() {
        assert_eq!(
            status_of(&AppError::Invalid("iin.bad_checksum".into())),
            422
        );
        assert_eq!(status_of(&AppError::Forbidden), 403);
        assert_eq!(status_of(&AppError::Unavailable), 503);
    }
}
