//! The contract: the six-step wizard (`/cabinet/referrals/{id}/contract`), «Шарттар» and the
//! contract card.
pub mod api;
pub mod card_page;
pub mod contract_text;
pub mod contracts_page;
pub mod local_draft;
pub mod pending_signature;
pub mod wizard;
