//! «Менің деректемелерім»: the representative's requisites saved from the last contract (or
//! typed on the page), used to prefill the next wizard.
use serde::{Deserialize, Serialize};

use crate::domain::{RepresentativeDraft, RequisitesDraft};

/// What is saved: steps 3 and 4 of the wizard, as typed (validated before saving).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedRequisites {
    pub representative: RepresentativeDraft,
    pub requisites: RequisitesDraft,
    /// Unix seconds of the last change (set by the server).
    pub updated_at: i64,
}

/// Result of saving requisites: saved, or every field error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SaveOutcome {
    Saved,
    FieldErrors(crate::domain::FieldErrors),
}
