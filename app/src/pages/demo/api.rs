use leptos::prelude::*;

use crate::api::DemoPerson;
use crate::error::AppError;

/// The demo people (demo mode only; otherwise "not found").
///
/// Authorisation: public in demo mode by design (demo keys are public test material).
#[server(endpoint = "demo/people", output = crate::wire::Answer)]
pub async fn demo_people() -> Result<Vec<DemoPerson>, AppError> {
    let ports = crate::ports::use_ports()?;
    ports
        .demo_people
        .as_deref()
        .cloned()
        .ok_or(AppError::NotFound)
}
