//! The parent's cabinet: children and queue, referrals, saved requisites, notifications.
pub mod api;
pub mod certificate_page;
pub mod children_page;
pub mod documents_page;
pub mod error_view;
pub mod nav;
pub mod notifications_page;
pub mod referrals_page;
pub mod requisites_form;
pub mod requisites_page;
