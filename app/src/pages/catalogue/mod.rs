//! The kindergarten catalogue: cards, filter and search (SSR, hydrated).
pub mod api;
pub mod card;
pub mod filter_form;
pub mod page;

pub use page::CataloguePage;
