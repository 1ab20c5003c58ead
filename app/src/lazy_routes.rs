//! The staff and administration pages as lazily loaded routes: with `cargo leptos build --split`
//! each page's code is its own WASM chunk, fetched when someone opens that page, so a parent's
//! phone never downloads the dashboards. Without `--split` (and on the server) they are ordinary
//! routes.
//!
//! The parents' pages stay in the main module on purpose: split too, every page (the wizard
//! most) needed the main module plus 100–300 small shared chunks, each compressed on its own —
//! the wizard's first load grew from 575 to 714 KB brotli (measured 2026-12-03 with
//! `scripts/bundle-budget.mjs`).
//!
//! Three parent pages a parent does not pass through on the way to a contract — help, support
//! and the demo people (demo mode only) — are lazy too: their texts and code leave the first
//! load, and each costs one small chunk when opened.
//!
//! `#[lazy_route]` names the chunk after the type, so every page has its own route type.
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// One lazily loaded route type that renders `$page`.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:path) => {
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    };
}

lazy_page!(
    /// The kindergarten's inbox (`/staff`).
    StaffInboxRoute => crate::pages::staff::inbox_page::StaffInboxPage
);
lazy_page!(
    /// The kindergarten head's staff (`/staff/people`).
    StaffPeopleRoute => crate::pages::staff::people_page::StaffPeoplePage
);
lazy_page!(
    /// One contract as the kindergarten sees it.
    StaffContractRoute => crate::pages::staff::contract_page::StaffContractPage
);
lazy_page!(
    /// The education department's queue (`/admin`).
    AdminQueueRoute => crate::pages::admin::queue_page::AdminQueuePage
);
lazy_page!(
    /// A parent uploads a child's birth certificate (`/cabinet/children/{id}/certificate`).
    CabinetCertificateRoute => crate::pages::cabinet::certificate_page::CertificatePage
);
lazy_page!(
    /// The region administrator (`/region`).
    RegionRoute => crate::pages::region::page::RegionPage
);
lazy_page!(
    /// Confirming parenthood claims (`/admin/children`).
    AdminClaimsRoute => crate::pages::admin::claims_page::AdminClaimsPage
);
lazy_page!(
    /// Roles (`/admin/roles`).
    AdminRolesRoute => crate::pages::admin::roles_page::AdminRolesPage
);
lazy_page!(
    /// Tariffs (`/admin/tariffs`).
    AdminTariffsRoute => crate::pages::admin::tariffs_page::AdminTariffsPage
);
lazy_page!(
    /// Kindergartens (`/admin/kindergartens`).
    AdminKindergartensRoute => crate::pages::admin::kindergartens_page::AdminKindergartensPage
);
lazy_page!(
    /// Statistics (`/admin/stats`).
    AdminStatsRoute => crate::pages::admin::stats_page::AdminStatsPage
);
lazy_page!(
    /// Contract templates (`/admin/templates`).
    AdminTemplatesRoute => crate::pages::admin::templates_page::AdminTemplatesPage
);
lazy_page!(
    /// The audit log (`/admin/audit`).
    AdminAuditRoute => crate::pages::admin::audit_page::AdminAuditPage
);
lazy_page!(
    /// Help and FAQ (`/help`).
    HelpRoute => crate::pages::help::HelpPage
);
lazy_page!(
    /// Writing to support (`/support`).
    SupportRoute => crate::pages::support::page::SupportPage
);
lazy_page!(
    /// The demo people to sign in as (`/demo`, demo mode only).
    DemoRoute => crate::pages::demo::page::DemoPage
);
