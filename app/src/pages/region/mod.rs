//! The region-level administrator (issue 26, item 2): departments and their admins.
pub mod api;
pub mod page;
