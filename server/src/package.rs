//! The verification package of a signed contract (issue 8: "exported as one package —
//! contract PDF, canonical bytes, both CMS signatures, certificates — and `verify <package>`
//! checks it offline and prints who signed what and when").
//!
//! One JSON file (`*.ekg.json`): the number, the canonical bytes, their SHA-256, the PDF and
//! each CMS (which carries the signer's certificate and chain), base64-encoded, plus the
//! times the server recorded. `verify` needs only the file and the trust anchors (the
//! national CA's root certificates in the trust directory): no database, no network.
use anyhow::Context;
use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::db::entities::contracts;

/// Format tag of the file.
pub const FORMAT: &str = "EKG-CONTRACT-PACKAGE/1";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Package {
    pub format: String,
    pub number: String,
    pub status: String,
    pub canonical_base64: String,
    pub canonical_sha256: String,
    pub pdf_base64: String,
    pub parent_iin: String,
    pub parent_cms_base64: Option<String>,
    pub parent_signed_at: Option<i64>,
    pub kindergarten_bin: Option<String>,
    pub kindergarten_cms_base64: Option<String>,
    pub kindergarten_signed_at: Option<i64>,
}

/// What `verify` found about one signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureReport {
    /// `parent` or `kindergarten`.
    pub party: &'static str,
    /// Who signed (certificate), or why the signature is not valid.
    pub outcome: Result<String, String>,
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn unb64(s: &str) -> anyhow::Result<Vec<u8>> {
    Ok(base64::engine::general_purpose::STANDARD.decode(s.trim())?)
}

/// Builds the package of the contract `id` from the database.
pub async fn export(db: &sea_orm::DatabaseConnection, id: i32) -> anyhow::Result<Package> {
    use sea_orm::EntityTrait;
    let c = contracts::Entity::find_by_id(id)
        .one(db)
        .await?
        .context("no such contract")?;
    let terms = crate::db::contracts::terms_of(&c).map_err(|e| anyhow::anyhow!("{e}"))?;
    let text = crate::db::contracts::text_of(db, c.department_id, &terms)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let meta = crate::pdf::PdfMeta {
        contract_number: c.number.clone(),
        canonical_sha256_hex: c.canonical_sha256.clone(),
        generated_at_text: c.status.clone(),
    };
    let pdf = crate::pdf::render_pdf(&text, &meta)?;
    Ok(Package {
        format: FORMAT.into(),
        number: c.number.clone(),
        status: c.status.clone(),
        canonical_base64: b64(&c.canonical),
        canonical_sha256: c.canonical_sha256.clone(),
        pdf_base64: b64(&pdf),
        parent_iin: c.parent_iin.clone(),
        parent_cms_base64: c.parent_cms.as_deref().map(b64),
        parent_signed_at: c.parent_signed_at,
        kindergarten_bin: terms.kindergarten.bin.map(|b| b.as_str().to_string()),
        kindergarten_cms_base64: c.kindergarten_cms.as_deref().map(b64),
        kindergarten_signed_at: c.kindergarten_signed_at,
    })
}

/// Checks the package offline against `trust`: the canonical bytes match their hash, and
/// each present signature is a valid signing-key CMS over them by the right party (the
/// parent's IIN, the kindergarten's BIN), with certificates valid when it was signed.
pub fn verify(trust: &crate::pki::Trust, p: &Package) -> anyhow::Result<Vec<SignatureReport>> {
    anyhow::ensure!(p.format == FORMAT, "not a contract package ({})", p.format);
    let canonical = unb64(&p.canonical_base64)?;
    anyhow::ensure!(
        app::domain::canonical::sha256_hex(&canonical) == p.canonical_sha256,
        "the canonical bytes do not match their SHA-256: the package was changed"
    );
    let mut out = Vec::new();
    let parties = [
        (
            "parent",
            &p.parent_cms_base64,
            p.parent_signed_at,
            app::eds::party::Party::Person {
                iin: p.parent_iin.clone(),
            },
        ),
        (
            "kindergarten",
            &p.kindergarten_cms_base64,
            p.kindergarten_signed_at,
            app::eds::party::Party::Organisation {
                bin: p.kindergarten_bin.clone().unwrap_or_default(),
                // Who signed is recorded with the contract; offline, any key that may sign
                // for the organisation is checked.
                signer_iin: None,
            },
        ),
    ];
    for (name, cms, at, party) in parties {
        let Some(cms) = cms else { continue };
        let cms = unb64(cms)?;
        let at = at.unwrap_or_else(|| crate::clock::system()());
        let outcome = trust
            .verify_contract(&cms, &canonical, &party, at)
            .map(|v| {
                let info = app::eds::cert_info::CertInfo::from_certificate(&v.signer);
                format!(
                    "{} — signed {} (UTC+5)",
                    crate::db::contracts::signer_text(&info),
                    app::components::dates::format_unix_datetime(v.signing_time_unix)
                )
            })
            .map_err(|code| code.to_string());
        out.push(SignatureReport {
            party: name,
            outcome,
        });
    }
    Ok(out)
}
