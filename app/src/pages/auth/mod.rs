//! Entering the cabinet with an EDS (AUTH key), seeing who is signed in, signing out.
pub mod api;
pub mod login;
pub mod me;
pub mod sign_challenge;
