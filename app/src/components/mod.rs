//! Pieces shared by pages.
pub mod certificate_field;
pub mod date_input;
pub mod dates;
pub mod device_photos;
pub mod document_field;
pub mod eds_code;
pub mod form_fields;
pub mod header;
pub mod key_file_field;
pub mod lang_switch;
#[cfg(target_arch = "wasm32")]
pub mod oneshot;
#[cfg(target_arch = "wasm32")]
pub mod photo_worker;
pub mod upload;
