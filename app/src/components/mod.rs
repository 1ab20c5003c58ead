//! Pieces shared by pages.
pub mod dates;
pub mod header;
pub mod key_file_field;
pub mod lang_switch;
