//! The data that travels between the pages and the server functions, one file per feature.
//! Plain serde types (postcard to the page, JSON to other clients, see `wire`): no views, no
//! database. Everything is re-exported here, so a page or the server names `api::ReferralView`.
pub mod admin;
pub mod bilingual;
pub mod cabinet;
pub mod contract;
pub mod demo;
pub mod documents;
pub mod mobile_sign;
pub mod parenthood;
pub mod region;
pub mod requisites;
pub mod staff;
pub mod staff_people;
pub mod support;

pub use admin::*;
pub use bilingual::*;
pub use cabinet::*;
pub use contract::*;
pub use demo::*;
pub use documents::*;
pub use mobile_sign::*;
pub use parenthood::*;
pub use region::*;
pub use requisites::*;
pub use staff::*;
pub use staff_people::*;
pub use support::*;
