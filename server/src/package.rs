//! The verification package of a signed contract (issue 8: "exported as one package —
//! contract PDF, canonical bytes, both CMS signatures, certificates — and `verify <package>`
//! checks it offline and prints who signed what and when").
//!
//! One JSON file (`*.ekg.json`): the number, the canonical bytes, their SHA-256, the PDF and
//! each CMS (which carries the signer's certificate and, since issue 25, its RFC 3161
//! timestamp), base64-encoded, plus the times the server recorded and each signature's
//! evidence: the OCSP answer or the CRL that gave the signer's status at acceptance, and the
//! certificate path the service verified. `verify` needs only the file and the trust
//! anchors (the national CA's root certificates in the trust directory): no database, no
//! network, and it judges each signature at its timestamp's time (see
//! `app::eds::long_term`), so it still answers after the certificates expired.
//!
//! `export --files DIR` also writes the pieces as plain files for independent tools
//! (`openssl cms -verify`, `openssl ts -verify`, `openssl ocsp -respin`; see docs/eds.md).
use anyhow::Context;
use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::db::entities::contracts;

/// Format tag of the file.
pub const FORMAT: &str = "EKG-CONTRACT-PACKAGE/2";
/// The format before evidence was kept (still read).
pub const FORMAT_1: &str = "EKG-CONTRACT-PACKAGE/1";

/// The evidence kept with one signature.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PackageEvidence {
    /// `complete`, `pending` or `revoked`.
    pub state: String,
    /// The timestamp's genTime (the token is inside the CMS).
    pub timestamp_at: Option<i64>,
    /// The OCSP responder's answer (DER, base64).
    pub ocsp_base64: Option<String>,
    /// The CRL that was current (DER, base64).
    pub crl_base64: Option<String>,
    /// The certificate path verified at acceptance, signer first (DER, base64).
    #[serde(default)]
    pub chain_base64: Vec<String>,
}

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
    #[serde(default)]
    pub parent_evidence: Option<PackageEvidence>,
    #[serde(default)]
    pub kindergarten_evidence: Option<PackageEvidence>,
}

/// What `verify` found about one signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureReport {
    /// `parent` or `kindergarten`.
    pub party: &'static str,
    /// Who signed (certificate) and at which time the signature was judged, or why the
    /// signature is not valid.
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
        generated_at_text: c.status.0.as_str().into(),
    };
    let pdf = crate::pdf::render_pdf(&text, &meta)?;
    let parent_evidence = evidence_of(db, &c, crate::db::signature_evidence::PARENT).await?;
    let kindergarten_evidence =
        evidence_of(db, &c, crate::db::signature_evidence::KINDERGARTEN).await?;
    Ok(Package {
        parent_evidence,
        kindergarten_evidence,
        format: FORMAT.into(),
        number: c.number.clone(),
        status: c.status.0.as_str().into(),
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

/// The evidence row of `party`'s signature, with the CRL it names and the signer's path.
async fn evidence_of(
    db: &sea_orm::DatabaseConnection,
    c: &contracts::Model,
    party: &str,
) -> anyhow::Result<Option<PackageEvidence>> {
    let Some(row) = crate::db::signature_evidence::of(db, c.id, party).await? else {
        return Ok(None);
    };
    let crl = match &row.crl_sha256 {
        Some(sha) => crate::db::signature_evidence::crl(db, sha).await?,
        None => None,
    };
    let cms = if party == crate::db::signature_evidence::PARENT {
        c.parent_cms.as_deref()
    } else {
        c.kindergarten_cms.as_deref()
    };
    // The certificates the CMS carries (the signer's and any intermediates it brought).
    let chain_base64 = cms
        .and_then(|cms| app::eds::cms_verify::certificates_of(cms).ok())
        .unwrap_or_default()
        .iter()
        .filter_map(|c| der::Encode::to_der(c).ok())
        .map(|d| b64(&d))
        .collect();
    Ok(Some(PackageEvidence {
        state: row.state,
        timestamp_at: row.timestamp_at,
        ocsp_base64: row.ocsp_response.as_deref().map(b64),
        crl_base64: crl.as_deref().map(b64),
        chain_base64,
    }))
}

/// Checks the package offline against `trust`: the canonical bytes match their hash, and
/// each present signature is a valid signing-key CMS over them by the right party (the
/// parent's IIN, the kindergarten's BIN), with certificates valid when it was signed.
pub fn verify(trust: &crate::pki::Trust, p: &Package) -> anyhow::Result<Vec<SignatureReport>> {
    anyhow::ensure!(
        p.format == FORMAT || p.format == FORMAT_1,
        "not a contract package ({})",
        p.format
    );
    let canonical = unb64(&p.canonical_base64)?;
    anyhow::ensure!(
        app::domain::canonical::sha256_hex(&canonical) == p.canonical_sha256,
        "the canonical bytes do not match their SHA-256: the package was changed"
    );
    let parent_iin = app::domain::CertifiedIin::new(&p.parent_iin)
        .map_err(|_| anyhow::anyhow!("the package's parent IIN is not 12 digits"))?;
    let mut out = Vec::new();
    let parties = [
        (
            "parent",
            &p.parent_cms_base64,
            p.parent_signed_at,
            &p.parent_evidence,
            app::eds::party::Party::Person { iin: parent_iin },
        ),
        (
            "kindergarten",
            &p.kindergarten_cms_base64,
            p.kindergarten_signed_at,
            &p.kindergarten_evidence,
            app::eds::party::Party::Organisation {
                bin: p.kindergarten_bin.clone().unwrap_or_default(),
                // Who signed is recorded with the contract; offline, any key that may sign
                // for the organisation is checked.
                signer_iin: None,
            },
        ),
    ];
    for (name, cms, at, evidence, party) in parties {
        let Some(cms) = cms else { continue };
        let cms = app::eds::ber::ber_to_der(&unb64(cms)?).map_err(|e| anyhow::anyhow!("{e}"))?;
        let recorded = at.unwrap_or_else(|| crate::clock::system()());
        let mut kept = app::eds::long_term::KeptStatus::default();
        if let Some(e) = evidence {
            if let Some(o) = &e.ocsp_base64 {
                kept.ocsp = Some(unb64(o)?);
            }
            if let Some(c) = &e.crl_base64 {
                kept.crl = Some(der::Decode::from_der(&unb64(c)?)?);
            }
        }
        let outcome = app::eds::long_term::judge_contract_signature(
            &cms,
            &canonical,
            &trust.store(),
            &party,
            recorded,
            &kept,
        )
        .map(|j| {
            let info = app::eds::cert_info::CertInfo::from_certificate(&j.signature.signer);
            let when = match j.at {
                app::eds::long_term::JudgedAt::Timestamp(t) => format!(
                    "judged at its timestamp {} (UTC+5), TSA {}",
                    app::components::dates::format_unix_datetime(t),
                    j.timestamp
                        .as_ref()
                        .and_then(|ts| ts.tsa.tbs_certificate.subject.to_string().into())
                        .unwrap_or_default()
                ),
                app::eds::long_term::JudgedAt::Recorded(t) => format!(
                    "no timestamp: judged at the time the service recorded, {} (UTC+5)",
                    app::components::dates::format_unix_datetime(t)
                ),
            };
            let status = match (&kept.ocsp, &kept.crl) {
                (Some(_), _) => "; signer's status from the kept OCSP answer",
                (None, Some(_)) => "; signer's status from the kept CRL",
                _ => "",
            };
            format!(
                "{} — signed {} (UTC+5); {when}{status}",
                crate::contracts::signature::signer_text(&info),
                app::components::dates::format_unix_datetime(j.signature.signing_time_unix)
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

/// Writes the package's pieces into `dir` as plain files, for independent tools:
/// `canonical.bin` (what was signed), `contract.pdf`, and for each signature `PARTY.p7s`
/// (the CMS, DER), `PARTY.tst` (its timestamp token, DER), `PARTY.signature-value.bin` (the
/// bytes the timestamp covers), `PARTY.ocsp.der`, `PARTY.crl.der` and `PARTY-certs.pem` (the
/// certificates the CMS carries). Returns the files written.
pub fn write_files(p: &Package, dir: &std::path::Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    let mut put = |name: &str, bytes: &[u8]| -> anyhow::Result<()> {
        let path = dir.join(name);
        std::fs::write(&path, bytes)?;
        written.push(path);
        Ok(())
    };
    put("canonical.bin", &unb64(&p.canonical_base64)?)?;
    put("contract.pdf", &unb64(&p.pdf_base64)?)?;
    for (party, cms, evidence) in [
        ("parent", &p.parent_cms_base64, &p.parent_evidence),
        (
            "kindergarten",
            &p.kindergarten_cms_base64,
            &p.kindergarten_evidence,
        ),
    ] {
        let Some(cms) = cms else { continue };
        let cms = app::eds::ber::ber_to_der(&unb64(cms)?).map_err(|e| anyhow::anyhow!("{e}"))?;
        put(&format!("{party}.p7s"), &cms)?;
        if let Ok(value) = app::eds::timestamp::signature_value(&cms) {
            put(&format!("{party}.signature-value.bin"), &value)?;
        }
        if let Ok(Some(token)) = app::eds::timestamp::embedded_token(&cms) {
            put(&format!("{party}.tst"), &token)?;
        }
        let mut pem = String::new();
        for cert in app::eds::cms_verify::certificates_of(&cms).unwrap_or_default() {
            use der::EncodePem;
            pem.push_str(&cert.to_pem(der::pem::LineEnding::LF)?);
        }
        put(&format!("{party}-certs.pem"), pem.as_bytes())?;
        if let Some(e) = evidence {
            if let Some(o) = &e.ocsp_base64 {
                put(&format!("{party}.ocsp.der"), &unb64(o)?)?;
            }
            if let Some(c) = &e.crl_base64 {
                put(&format!("{party}.crl.der"), &unb64(c)?)?;
            }
        }
    }
    Ok(written)
}
