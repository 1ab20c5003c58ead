//! The HTML shell (server only renders it) and the root component with the routes.
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, ParamSegment, SsrMode, StaticSegment};

use crate::components::header::Header;
use crate::i18n::lang_state::initial_lang;
use crate::i18n::{provide_lang, ui};
use crate::lazy_routes::{
    AdminAuditRoute, AdminClaimsRoute, AdminKindergartensRoute, AdminQueueRoute, AdminRolesRoute,
    AdminStatsRoute, AdminTariffsRoute, AdminTemplatesRoute, CabinetCertificateRoute, DemoRoute,
    HelpRoute, RegionRoute, StaffContractRoute, StaffInboxRoute, StaffPeopleRoute, SupportRoute,
};
use crate::pages::auth::login::LoginPage;
use crate::pages::auth::me::MePage;
use crate::pages::cabinet::children_page::ChildrenPage;
use crate::pages::cabinet::documents_page::DocumentsPage;
use crate::pages::cabinet::notifications_page::NotificationsPage;
use crate::pages::cabinet::referrals_page::ReferralsPage;
use crate::pages::cabinet::requisites_page::RequisitesPage;
use crate::pages::catalogue::CataloguePage;
use crate::pages::contract::card_page::ContractCardPage;
use crate::pages::contract::contracts_page::ContractsPage;
use crate::pages::contract::wizard::ContractWizardPage;
use crate::pages::not_found::NotFound;
use crate::pages::support::page::SupportButton;

/// The document around the app, rendered on the server for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = initial_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b5cab"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet id="leptos" options=options.clone()/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = provide_lang();
    // The title is read when the head is written, after the render's reactive owner has gone:
    // on the server it must not touch a signal (under concurrent requests that panicked and cut
    // connections: "already disposed" / "no Arena is active"). The language is fixed for one
    // response there; in the browser the title follows the language switch.
    #[cfg(feature = "ssr")]
    let title = {
        let fixed = lang.get_untracked();
        move || ui::SERVICE_NAME.get(fixed)
    };
    #[cfg(not(feature = "ssr"))]
    let title = move || ui::SERVICE_NAME.get(lang.get());
    view! {
        <Title text=title/>
        <Router>
            <Header/>
            <main id="main" data-lang=move || lang.get().code()>
                <Routes fallback=NotFound>
                    <Route path=StaticSegment("") view=CataloguePage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("login") view=LoginPage/>
                    <Route path=StaticSegment("me") view=MePage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("demo") view={Lazy::<DemoRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("help") view={Lazy::<HelpRoute>::new()}/>
                    <Route path=StaticSegment("support") view={Lazy::<SupportRoute>::new()}/>
                    <Route path=StaticSegment("cabinet") view=ChildrenPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("cabinet"), StaticSegment("referrals")) view=ReferralsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("cabinet"), StaticSegment("referrals"), ParamSegment("id"), StaticSegment("documents")) view=DocumentsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("cabinet"), StaticSegment("referrals"), ParamSegment("id"), StaticSegment("contract")) view=ContractWizardPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("cabinet"), StaticSegment("contracts")) view=ContractsPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("cabinet"), StaticSegment("contracts"), ParamSegment("id")) view=ContractCardPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("cabinet"), StaticSegment("requisites")) view=RequisitesPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("cabinet"), StaticSegment("children"), ParamSegment("id"), StaticSegment("certificate")) view={Lazy::<CabinetCertificateRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("cabinet"), StaticSegment("notifications")) view=NotificationsPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment("staff") view={Lazy::<StaffInboxRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("staff"), StaticSegment("people")) view={Lazy::<StaffPeopleRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("staff"), StaticSegment("contracts"), ParamSegment("id")) view={Lazy::<StaffContractRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("admin") view={Lazy::<AdminQueueRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=StaticSegment("region") view={Lazy::<RegionRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("children")) view={Lazy::<AdminClaimsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("roles")) view={Lazy::<AdminRolesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("tariffs")) view={Lazy::<AdminTariffsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("kindergartens")) view={Lazy::<AdminKindergartensRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("stats")) view={Lazy::<AdminStatsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("templates")) view={Lazy::<AdminTemplatesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=(StaticSegment("admin"), StaticSegment("audit")) view={Lazy::<AdminAuditRoute>::new()} ssr=SsrMode::Async/>
                </Routes>
            </main>
            <SupportButton/>
        </Router>
    }
}
