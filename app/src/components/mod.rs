//! Pieces shared by pages.
pub mod header;
pub mod lang_switch;
