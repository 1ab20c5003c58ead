//! The demo PKI: a demo root CA and intermediate, and for every demo person an
//! `AUTH_RSA256_<hex>.p12` and an `RSA256_<hex>.p12` shaped like the national CA's, all with
//! the documented demo password. Made once into `<data dir>/demo/` (remade when expired);
//! the root goes into the trust directory.
use std::path::{Path, PathBuf};

use app::api::{DEMO_PASSWORD, DemoKey, DemoPerson, DemoRole};
use app::domain::control_digit::with_control_digit;
use app::eds::demo_pki::{DemoCa, OrgSpec, PersonSpec};
use app::eds::p12_write::{P12Format, write_p12};
use app::eds::purpose::{Purpose, oid};
use der::{EncodePem, pem::LineEnding};
use serde::{Deserialize, Serialize};

const DAY: i64 = 86_400;
/// File name of the demo root in the trust directory.
pub const ROOT_FILE: &str = "demo-root-ca.pem";

#[derive(Serialize, Deserialize)]
struct Manifest {
    /// [`FORMAT`] of the PKI that wrote it: an older one is made anew.
    #[serde(default)]
    format: u32,
    valid_until: i64,
    people: Vec<DemoPerson>,
}

/// The demo PKI's shape; raised when the keys change (2: the kindergarten's staff key is a
/// head's, holder type 1.2.398.3.3.4.1.2.1).
const FORMAT: u32 = 3;

/// Where the demo key files live.
pub fn keys_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("demo").join("keys")
}

struct Who {
    role: DemoRole,
    surname: &'static str,
    first_name: &'static str,
    patronymic: &'static str,
    iin11: &'static str,
    email: &'static str,
    org: Option<(&'static str, &'static str)>,
}

/// Demo people. IINs get their real control digit; BINs too.
const PEOPLE: &[Who] = &[
    Who {
        role: DemoRole::Parent,
        surname: "Әлібекова",
        first_name: "Айгерім",
        patronymic: "Серікқызы",
        iin11: "90031540123",
        email: "aigerim.demo@example.kz",
        org: None,
    },
    Who {
        role: DemoRole::Parent,
        surname: "Тестов",
        first_name: "Ерлан",
        patronymic: "Нұрланұлы",
        iin11: "88072130457",
        email: "erlan.demo@example.kz",
        org: None,
    },
    Who {
        role: DemoRole::Staff,
        surname: "Оспанова",
        first_name: "Гүлнар",
        patronymic: "Маратқызы",
        iin11: "85110240789",
        email: "gulnar.demo@example.kz",
        org: Some(("«№1 БАЛАБАҚША» КМҚК", "05044000123")),
    },
    Who {
        role: DemoRole::Employee,
        surname: "Қасымова",
        first_name: "Динара",
        patronymic: "Бекқызы",
        iin11: "92060740512",
        email: "dinara.demo@example.kz",
        org: Some(("«№1 БАЛАБАҚША» КМҚК", "05044000123")),
    },
    Who {
        role: DemoRole::Admin,
        surname: "Жұмабаев",
        first_name: "Асқар",
        patronymic: "Төлеуұлы",
        iin11: "79050330322",
        email: "askar.demo@example.kz",
        org: Some(("ҚАРАҒАНДЫ ОБЛЫСЫНЫҢ БІЛІМ БАСҚАРМАСЫ ММ", "04114000567")),
    },
];

/// Makes the demo PKI unless a still-valid one is there; returns the demo people.
pub fn ensure(data_dir: &Path, trust_dir: &Path, now: i64) -> anyhow::Result<Vec<DemoPerson>> {
    let demo_dir = data_dir.join("demo");
    let manifest_path = demo_dir.join("manifest.json");
    if let Ok(bytes) = std::fs::read(&manifest_path)
        && let Ok(m) = serde_json::from_slice::<Manifest>(&bytes)
        && m.format == FORMAT
        && m.valid_until > now + 7 * DAY
        && m.people.iter().all(|p| p.keys.iter().any(|k| k.both))
        && trust_dir.join(ROOT_FILE).is_file()
    {
        return Ok(m.people);
    }
    tracing::info!(dir = %demo_dir.display(), "making the demo PKI (once)");
    let _ = std::fs::remove_dir_all(&demo_dir);
    let keys = keys_dir(data_dir);
    std::fs::create_dir_all(&keys)?;
    std::fs::create_dir_all(trust_dir)?;

    let not_before = now - DAY;
    let not_after = now + 365 * DAY;
    let root = DemoCa::new_root(
        "ДЕМО ҰКО ТҮБІР (DEMO ROOT CA)",
        not_before,
        now + 10 * 365 * DAY,
    )?;
    let inter = root.issue_intermediate(
        "ДЕМО ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (DEMO NCA RSA)",
        not_before,
        now + 5 * 365 * DAY,
    )?;
    let chain = vec![inter.certificate().clone(), root.certificate().clone()];

    let mut people = Vec::new();
    for who in PEOPLE {
        let iin = with_control_digit(who.iin11)
            .ok_or_else(|| anyhow::anyhow!("demo IIN {}", who.iin11))?;
        let bin = who
            .org
            .map(|(_, b)| with_control_digit(b).ok_or_else(|| anyhow::anyhow!("demo BIN {b}")))
            .transpose()?;
        let mut files = Vec::new();
        let spec_for = |purpose| PersonSpec {
            surname: who.surname.into(),
            first_name: who.first_name.into(),
            patronymic: Some(who.patronymic.into()),
            iin: iin.clone(),
            email: Some(who.email.into()),
            purpose,
            not_before,
            not_after,
            wrong_key_usage: false,
        };
        // An employee's certificate names the organisation; a parent's does not. The
        // kindergarten's demo staff member is its head (recognised by the key: grants staff);
        // its demo employee has the right to sign (only the head or such a person may sign
        // contracts for it); the department's admin is an employee.
        let holder = match who.role {
            DemoRole::Staff => oid::HOLDER_HEAD,
            DemoRole::Employee => oid::HOLDER_SIGNING_RIGHT,
            _ => oid::HOLDER_EMPLOYEE,
        };
        let org_of = |person: &PersonSpec| match (who.org, &bin) {
            (Some((org_name, _)), Some(bin)) => Some(OrgSpec {
                person: person.clone(),
                org_name: org_name.into(),
                bin: bin.clone(),
                holder_oid: holder.into(),
            }),
            _ => None,
        };
        for purpose in [Purpose::Authentication, Purpose::Signing] {
            let spec = spec_for(purpose);
            let (cert, key) = match org_of(&spec) {
                Some(org) => inter.issue_organisation_employee(&org)?,
                None => inter.issue_person(&spec)?,
            };
            let p12 = write_p12(&key, &cert, &chain, DEMO_PASSWORD, P12Format::Legacy)?;
            let hex = &app::session::random_token()[..40];
            let name = match purpose {
                Purpose::Authentication => format!("AUTH_RSA256_{hex}.p12"),
                Purpose::Signing => format!("RSA256_{hex}.p12"),
            };
            write_atomically(&keys.join(&name), &p12)?;
            files.push(DemoKey {
                file: name,
                signing: purpose == Purpose::Signing,
                both: false,
            });
        }
        // The national CA's current format: one GOST512 file for log-in and signing.
        let spec = spec_for(Purpose::Signing);
        let (cert, key) = match org_of(&spec) {
            Some(org) => inter.issue_organisation_employee_gost512(&org)?,
            None => inter.issue_person_gost512(&spec)?,
        };
        let p12 = write_p12(&key, &cert, &chain, DEMO_PASSWORD, P12Format::Legacy)?;
        let name = format!("GOST512_{}.p12", &app::session::random_token()[..40]);
        write_atomically(&keys.join(&name), &p12)?;
        files.push(DemoKey {
            file: name,
            signing: true,
            both: true,
        });
        people.push(DemoPerson {
            role: who.role,
            full_name: format!("{} {} {}", who.surname, who.first_name, who.patronymic),
            iin,
            bin,
            organisation: who.org.map(|(o, _)| o.to_string()),
            keys: files,
            note: None,
        });
    }
    let root_pem = root.certificate().to_pem(LineEnding::LF)?;
    write_atomically(&trust_dir.join(ROOT_FILE), root_pem.as_bytes())?;
    let manifest = Manifest {
        format: FORMAT,
        valid_until: not_after,
        people: people.clone(),
    };
    write_atomically(&manifest_path, &serde_json::to_vec_pretty(&manifest)?)?;
    Ok(people)
}

/// Writes through a temporary file and a rename, so a crash never leaves half a file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}
