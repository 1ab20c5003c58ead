use leptos::prelude::*;

use crate::domain::kindergarten::{CatalogueFilter, KindergartenCard};
use crate::error::AppError;

/// The catalogue's cards matching `filter`, ordered by name.
///
/// Authorisation: the catalogue is public information, open to everyone signed in or not.
#[server(endpoint = "catalogue/list", output = crate::wire::Answer)]
pub async fn list_kindergartens(
    filter: CatalogueFilter,
) -> Result<Vec<KindergartenCard>, AppError> {
    let ports = crate::ports::use_ports()?;
    let filter = CatalogueFilter::from_query(
        Some(&filter.query),
        filter.ownership.map(|o| o.as_str()),
        filter.e_contracts_only.then_some("1"),
    );
    Ok(ports.catalogue.list(&filter).await?)
}
