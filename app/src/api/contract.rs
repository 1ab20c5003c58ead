//! What the contract wizard and the parent's contract pages exchange with the server.
use serde::{Deserialize, Serialize};

use crate::api::{Bi, ReferralView};
use crate::domain::template_fill::FilledContract;
use crate::domain::{ContractDraft, ContractStatus, DocumentsDraft, FieldErrors, RefusalReason};

/// Everything the wizard needs to open for one referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WizardStart {
    pub referral: ReferralView,
    /// The tariff in force today for the group's age period (shown at step 1; the amount
    /// fixed in the contract is the one shown at step 6).
    pub monthly_amount_tenge: Option<u64>,
    /// The server-side draft (another device's work), if any.
    pub draft: Option<ContractDraft>,
    /// Unix seconds of the server draft's last change.
    pub draft_updated_at: i64,
    /// A prefill for steps 3 and 4: the draft, else the saved requisites, else the
    /// certificate's names; the IIN is always the signed-in person's.
    pub prefill: ContractDraft,
    /// The documents already uploaded for this referral.
    pub documents: DocumentsDraft,
    /// A contract already sent under this referral (the wizard then shows it instead).
    pub sent: Option<ContractSummary>,
    /// The last contract under this referral the kindergarten refused (its reason is shown
    /// so the parent knows what to correct).
    pub refused: Option<ContractSummary>,
}

/// The answer to "prepare": the contract to read and sign, or what to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PrepareOutcome {
    Ready(Box<PreparedContract>),
    FieldErrors(FieldErrors),
}

/// A contract ready for the parent's signature: its text and the exact bytes to sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreparedContract {
    pub contract_id: i32,
    pub number: String,
    pub referral_number: u32,
    pub child_name: String,
    pub monthly_amount_tenge: u64,
    /// Base64 of the canonical bytes: what the signing key signs.
    pub canonical_base64: String,
    pub canonical_sha256: String,
    pub text: FilledContract,
}

/// The answer to "send": the contract went to the kindergarten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitReceipt {
    pub contract_id: i32,
    pub number: String,
    /// Unix seconds.
    pub sent_at: i64,
}

/// A line of «Шарттар».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractSummary {
    pub id: i32,
    pub number: String,
    /// `DD.MM.YYYY`.
    pub date: String,
    pub valid_from: String,
    pub valid_to: String,
    pub status: ContractStatus,
    pub kindergarten: Bi,
    pub child_name: String,
    pub referral_id: i32,
    pub referral_number: u32,
    pub refusal: Option<Refusal>,
    /// Unix seconds of the parent's signature.
    pub sent_at: Option<i64>,
}

/// Why the kindergarten refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub reason: RefusalReason,
    pub comment: String,
}

/// A signature as shown on the contract card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureView {
    /// Who signed, from the certificate (name, IIN/BIN, serial).
    pub signer: String,
    /// Unix seconds.
    pub signed_at: i64,
    /// What proves the signature later (timestamp, certificate status).
    pub evidence: EvidenceView,
}

/// The evidence of a signature, as shown with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EvidenceView {
    /// No time-stamping service configured: the time the service accepted it stands.
    Recorded,
    /// The timestamp or the certificate status is still being obtained.
    Pending,
    /// Timestamped by the TSA at `at` (Unix seconds); `by_ocsp`: the signer's status came
    /// from the OCSP responder (otherwise from the CRL), `None` when not checked.
    Timestamped { at: i64, by_ocsp: Option<bool> },
    /// The certificate turned out to have been revoked before the submission.
    Revoked,
}

/// The contract card: main terms, admission conditions, signatures and the full text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractCard {
    pub summary: ContractSummary,
    pub place: Bi,
    pub department: Bi,
    pub monthly_amount_tenge: u64,
    pub group: String,
    pub age_period: Bi,
    /// `DD.MM.YYYY`.
    pub referral_issued_on: String,
    pub canonical_sha256: String,
    pub parent_signature: Option<SignatureView>,
    pub kindergarten_signature: Option<SignatureView>,
    pub text: FilledContract,
}
