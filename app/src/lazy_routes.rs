//! The staff and administration pages as lazily loaded routes: with `cargo leptos build
//! --split` each page's code is its own WASM chunk, fetched when someone opens that page, so a
//! parent's phone never downloads the dashboards. Without `--split` (and on the server) they are
//! ordinary routes.
//!
//! One `impl` per page, written out: `#[lazy_route]` names the chunk after the type.
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// `StaffInboxPage`, loaded on demand.
pub struct StaffInboxRoute;

#[lazy_route]
impl LazyRoute for StaffInboxRoute {
    fn data() -> Self {
        StaffInboxRoute
    }

    fn view(_this: Self) -> AnyView {
        crate::pages::staff::inbox_page::StaffInboxPage().into_any()
    }
}

/// `StaffContractPage`, loaded on demand.
pub struct StaffContractRoute;

#[lazy_route]
impl LazyRoute for StaffContractRoute {
    fn data() -> Self {
        StaffContractRoute
    }

    fn view(_this: Self) -> AnyView {
        crate::pages::staff::contract_page::StaffContractPage().into_any()
    }
}

/// `AdminQueuePage`, loaded on demand.
pub struct AdminQueueRoute;

#[lazy_route]
impl LazyRoute for AdminQueueRoute {
    fn data() -> Self {
        AdminQueueRoute
    }

    fn view(_this: Self) -> AnyView {
        crate::pages::admin::queue_page::AdminQueuePage().into_any()
    }
}

/// `AdminRolesPage`, loaded on demand.
pub struct AdminRolesRoute;

#[lazy_route]
impl LazyRoute for AdminRolesRoute {
    fn data() -> Self {
        AdminRolesRoute
    }

    fn view(_this: Self) -> AnyView {
        crate::pages::admin::roles_page::AdminRolesPage().into_any()
    }
}

/// `AdminTariffsPage`, loaded on demand.
pub struct AdminTariffsRoute;

#[lazy_route]
impl LazyRoute for AdminTariffsRoute {
    fn data() -> Self {
        AdminTariffsRoute
    }

    fn view(_this: Self) -> AnyView {
        crate::pages::admin::tariffs_page::AdminTariffsPage().into_any()
    }
}

/// `AdminKindergartensPage`, loaded on demand.
pub struct AdminKindergartensRoute;

#[lazy_route]
impl LazyRoute for AdminKindergartensRoute {
    fn data() -> Self {
        AdminKindergartensRoute
    }

    fn view(_this: Self) -> AnyView {
        crate::pages::admin::kindergartens_page::AdminKindergartensPage().into_any()
    }
}

/// `AdminStatsPage`, loaded on demand.
pub struct AdminStatsRoute;

#[lazy_route]
impl LazyRoute for AdminStatsRoute {
    fn data() -> Self {
        AdminStatsRoute
    }

    fn view(_this: Self) -> AnyView {
        crate::pages::admin::stats_page::AdminStatsPage().into_any()
    }
}

/// `AdminTemplatesPage`, loaded on demand.
pub struct AdminTemplatesRoute;

#[lazy_route]
impl LazyRoute for AdminTemplatesRoute {
    fn data() -> Self {
        AdminTemplatesRoute
    }

    fn view(_this: Self) -> AnyView {
        crate::pages::admin::templates_page::AdminTemplatesPage().into_any()
    }
}

/// `AdminAuditPage`, loaded on demand.
pub struct AdminAuditRoute;

#[lazy_route]
impl LazyRoute for AdminAuditRoute {
    fn data() -> Self {
        AdminAuditRoute
    }

    fn view(_this: Self) -> AnyView {
        crate::pages::admin::audit_page::AdminAuditPage().into_any()
    }
}
