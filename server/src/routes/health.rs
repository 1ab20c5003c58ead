//! `/healthz`: 200 when the database answers, 503 otherwise (for load balancers). The body
//! also says whether revocation data is current: `"status": "degraded"` (still 200: pages,
//! drafts and reading work) while a configured CRL source has no current copy — new log-ins
//! and signatures are refused meanwhile.
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use sea_orm::ConnectionTrait;

use crate::state::AppState;

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<serde_json::Value>) {
    let ping = tokio::time::timeout(
        std::time::Duration::from_secs(2),
        state.db.execute_unprepared("SELECT 1"),
    )
    .await;
    match ping {
        Ok(Ok(_)) => {
            let revocation = state.trust.crls.health((state.clock)());
            let status = if revocation.status == "stale" {
                "degraded"
            } else {
                "ok"
            };
            (
                StatusCode::OK,
                Json(serde_json::json!({
                    "status": status,
                    "database": "ok",
                    "revocation": revocation,
                })),
            )
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "health check: database error");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "unavailable", "database": "error"})),
            )
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({"status": "unavailable", "database": "timeout"})),
        ),
    }
}
