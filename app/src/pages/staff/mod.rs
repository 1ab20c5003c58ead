//! Kindergarten staff: the inbox of contracts sent for signing (`/staff`) and one contract
//! with its requisites, documents and the parent's signature, signed with the organisation's
//! key or refused with a reason (`/staff/contracts/{id}`); the head's staff (`/staff/people`).
pub mod api;
pub mod contract_page;
pub mod inbox_page;
pub mod people_api;
pub mod people_page;
