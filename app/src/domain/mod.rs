//! Pure domain logic of the e-kindergarten contract service: identifiers and requisites as
//! validated newtypes, the wizard draft and its validation, the contract status machine,
//! contract numbering, the canonical (signed) bytes of a contract and upload rules.
//! No I/O, no clock, identical on wasm32 and the server.

pub mod audit_action;
pub mod audit_chain;
pub mod authority;
pub mod banks;
pub mod bic;
pub mod bin;
pub mod canonical;
pub mod card;
pub mod certified_iin;
pub mod contract_error;
pub mod control_digit;
pub mod dates;
pub mod draft;
pub mod email;
pub mod field_errors;
pub mod iban;
pub mod id_document;
pub mod iin;
pub mod image_rules;
pub mod kindergarten;
pub mod lang;
pub mod messages;
pub mod mobile_sign;
pub mod notice;
pub mod numbering;
pub mod parenthood;
pub mod person_name;
pub mod phone;
pub mod referral;
pub mod registry;
pub mod role_rules;
pub mod status;
pub mod tariff;
pub mod template;
pub mod template_fill;
pub mod template_terms;
pub mod uploaded_document;

pub use audit_action::AuditAction;
pub use authority::Authority;
pub use banks::Bank;
pub use bic::{Bic, BicError};
pub use bin::{Bin, BinError, EntityType, UnitType};
pub use canonical::{
    ChildTerms, ContractTerms, Department, Kindergarten, canonical_bytes, canonical_sha256_hex,
};
pub use card::looks_like_card_number;
pub use certified_iin::CertifiedIin;
pub use contract_error::ContractError;
pub use draft::{
    ContractDraft, DocumentRef, DocumentsDraft, RepresentativeDraft, RequisitesDraft,
    ValidContract, ValidDocuments, ValidRepresentative, ValidRequisites, fill_bank_from_iban,
    validate_contract, validate_documents, validate_representative, validate_requisites,
};
pub use email::{Email, EmailError};
pub use field_errors::{Field, FieldError, FieldErrors, FieldProblem, FormError};
pub use iban::{BicMismatch, Iban, IbanError, check_bic_matches};
pub use id_document::{IdDocError, IdDocNumber, IdDocType, IssueDateError, validate_issue_date};
pub use iin::{Iin, IinError, Sex};
pub use image_rules::{DocumentKind, ImageKind, MAX_UPLOAD_BYTES, UploadError};
pub use lang::Lang;
pub use messages::Localized;
pub use notice::Notice;
pub use numbering::{
    ContractNumber, ContractNumberError, NumberingError, ReferralNumber, ReferralNumberError,
};
pub use parenthood::{ClaimStatus, ParenthoodError};
pub use person_name::{PersonName, PersonNameError};
pub use phone::{Phone, PhoneError};
pub use referral::{QueueError, ReferralStatus};
pub use status::{
    Actor, ContractEvent, ContractStatus, RefusalReason, Transition, TransitionError,
};
pub use template::{Template, TemplateError, default_template, long_test_template};
pub use template_fill::{FilledContract, fill};
pub use uploaded_document::{DocumentDigest, DocumentError};
