//! Pieces shared by pages.
pub mod dates;
pub mod form_fields;
pub mod header;
pub mod key_file_field;
pub mod lang_switch;
