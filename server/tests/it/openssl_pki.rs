//! A test PKI made by OpenSSL (not by us): its CA, a time-stamping authority answering through
//! `openssl ts -reply`, and an OCSP responder that is `openssl ocsp` itself. People's keys are
//! issued under the OpenSSL CA with its key (our demo-PKI code shapes them like the national
//! CA's) and entered into the CA's database with `openssl ca -valid`, so the responder knows
//! them.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use app::eds::demo_pki::{DemoCa, OrgSpec, PersonSpec};
use app::eds::purpose::Purpose;
use der::{DecodePem, EncodePem};

pub fn openssl(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "openssl {args:?}: {text}");
    text
}

/// `openssl ca` settings: the database `openssl ocsp` reads, CRLs valid 24 hours.
pub const CA_CONFIG: &str = "[ca]
default_ca = CA_default
[CA_default]
database = ./index.txt
crlnumber = ./crlnumber
certificate = ./ca.pem
private_key = ./ca.key
default_md = sha256
default_crl_hours = 24
unique_subject = no
crl_extensions = crl_ext
[crl_ext]
authorityKeyIdentifier = keyid:always
";

/// Extensions of the TSA's and the OCSP responder's certificates.
const EXTENSIONS: &str = "[tsa_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = critical,timeStamping
[ocsp_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = OCSPSigning
";

/// `openssl ts` settings: SHA-256 signatures, the TSA's certificate and the CA's in the
/// token, ESS signingCertificateV2, the national CA's policy OIDs.
const TSA_CONFIG: &str = "[tsa]
default_tsa = tsa_config1
[tsa_config1]
dir = .
serial = ./tsaserial
crypto_device = builtin
signer_cert = ./tsa.pem
certs = ./ca.pem
signer_key = ./tsa.key
signer_digest = sha256
default_policy = 1.2.398.3.3.2.6.2
other_policies = 1.2.398.3.3.2.6.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
";

pub struct OpenSslPki {
    pub dir: PathBuf,
    /// The CA (its key read back from OpenSSL's files) to issue people's keys.
    pub ca: DemoCa,
    pub ca_pem: Vec<u8>,
}

static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

impl OpenSslPki {
    /// A CA named `cn` with a TSA and an OCSP responder certificate, in a fresh directory.
    pub fn new(cn: &str) -> OpenSslPki {
        let dir = std::env::temp_dir().join(format!(
            "ekg-openssl-pki-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let subj = format!("/C=KZ/CN={cn}");
        openssl(
            &dir,
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "3650",
                "-subj",
                &subj,
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
        );
        openssl(
            &dir,
            &[
                "pkcs8",
                "-topk8",
                "-nocrypt",
                "-in",
                "ca.key",
                "-outform",
                "DER",
                "-out",
                "ca.key.der",
            ],
        );
        std::fs::write(dir.join("ca.cnf"), CA_CONFIG).unwrap();
        std::fs::write(dir.join("ext.cnf"), EXTENSIONS).unwrap();
        std::fs::write(dir.join("tsa.cnf"), TSA_CONFIG).unwrap();
        std::fs::write(dir.join("index.txt"), "").unwrap();
        std::fs::write(dir.join("crlnumber"), "01\n").unwrap();
        std::fs::write(dir.join("tsaserial"), "01\n").unwrap();
        for (name, ext) in [("tsa", "tsa_ext"), ("ocsp", "ocsp_ext")] {
            let subj = format!("/C=KZ/CN={cn} {}", name.to_uppercase());
            openssl(
                &dir,
                &[
                    "req",
                    "-new",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-keyout",
                    &format!("{name}.key"),
                    "-out",
                    &format!("{name}.csr"),
                    "-subj",
                    &subj,
                ],
            );
            openssl(
                &dir,
                &[
                    "x509",
                    "-req",
                    "-in",
                    &format!("{name}.csr"),
                    "-CA",
                    "ca.pem",
                    "-CAkey",
                    "ca.key",
                    "-CAcreateserial",
                    "-days",
                    "365",
                    "-extfile",
                    "ext.cnf",
                    "-extensions",
                    ext,
                    "-out",
                    &format!("{name}.pem"),
                ],
            );
        }
        let ca_pem = std::fs::read(dir.join("ca.pem")).unwrap();
        let ca = DemoCa::from_parts(
            x509_cert::Certificate::from_pem(&ca_pem).unwrap(),
            &std::fs::read(dir.join("ca.key.der")).unwrap(),
        )
        .unwrap();
        OpenSslPki { dir, ca, ca_pem }
    }

    /// Enters `cert` into the CA's database as valid (written as `file`).
    fn enter(&self, cert: &x509_cert::Certificate, file: &str) {
        std::fs::write(
            self.dir.join(file),
            cert.to_pem(der::pem::LineEnding::LF).unwrap(),
        )
        .unwrap();
        openssl(&self.dir, &["ca", "-config", "ca.cnf", "-valid", file]);
    }

    fn person(iin: &str, now: i64) -> PersonSpec {
        PersonSpec {
            surname: "Тестова".into(),
            first_name: "Айгүл".into(),
            patronymic: None,
            iin: iin.into(),
            email: None,
            purpose: Purpose::Signing,
            not_before: now - 3600,
            not_after: now + 365 * 86_400,
            wrong_key_usage: false,
        }
    }

    /// A person's signing key (RSA) with `iin`, valid a year from `now`; written as `file`.
    pub fn signing_key(
        &self,
        iin: &str,
        now: i64,
        file: &str,
    ) -> (x509_cert::Certificate, Vec<u8>) {
        let (cert, key) = self.ca.issue_person(&Self::person(iin, now)).unwrap();
        self.enter(&cert, file);
        (cert, key.to_vec())
    }

    /// A person's GOST512 key (the national CA's current kind) with `iin`; written as `file`.
    pub fn gost512_key(
        &self,
        iin: &str,
        now: i64,
        file: &str,
    ) -> (x509_cert::Certificate, Vec<u8>) {
        let (cert, key) = self
            .ca
            .issue_person_gost512(&Self::person(iin, now))
            .unwrap();
        self.enter(&cert, file);
        (cert, key.to_vec())
    }

    /// The head of the organisation `bin`: a signing key with `iin`.
    pub fn head_key(
        &self,
        iin: &str,
        bin: &str,
        now: i64,
        file: &str,
    ) -> (x509_cert::Certificate, Vec<u8>) {
        let (cert, key) = self
            .ca
            .issue_organisation_employee(&OrgSpec {
                person: Self::person(iin, now),
                org_name: "«№1 Балабақшасы» МКҚК".into(),
                bin: bin.into(),
                holder_oid: app::eds::purpose::oid::HOLDER_HEAD.into(),
            })
            .unwrap();
        self.enter(&cert, file);
        (cert, key.to_vec())
    }

    /// The CA revokes the certificate written as `file`.
    pub fn revoke(&self, file: &str) {
        openssl(&self.dir, &["ca", "-config", "ca.cnf", "-revoke", file]);
    }

    /// A fresh CRL (DER) of the CA.
    pub fn crl_der(&self, name: &str) -> Vec<u8> {
        openssl(
            &self.dir,
            &[
                "ca",
                "-config",
                "ca.cnf",
                "-gencrl",
                "-out",
                &format!("{name}.pem"),
            ],
        );
        openssl(
            &self.dir,
            &[
                "crl",
                "-in",
                &format!("{name}.pem"),
                "-outform",
                "DER",
                "-out",
                &format!("{name}.der"),
            ],
        );
        std::fs::read(self.dir.join(format!("{name}.der"))).unwrap()
    }

    /// `openssl ts -reply` for the DER query `query`: the DER TimeStampResp.
    pub fn ts_reply(&self, query: &[u8]) -> Vec<u8> {
        let id = NEXT.fetch_add(1, Ordering::SeqCst);
        let (q, r) = (format!("q{id}.tsq"), format!("r{id}.tsr"));
        std::fs::write(self.dir.join(&q), query).unwrap();
        openssl(
            &self.dir,
            &[
                "ts",
                "-reply",
                "-config",
                "tsa.cnf",
                "-queryfile",
                &q,
                "-out",
                &r,
            ],
        );
        std::fs::read(self.dir.join(&r)).unwrap()
    }
}

impl Drop for OpenSslPki {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// OpenSSL's TSA behind a small HTTP wrapper on 127.0.0.1 (`POST /`,
/// `application/timestamp-query`); `up` false makes it answer 503 like a TSA in maintenance.
pub struct Tsa {
    pub url: String,
    pub up: Arc<AtomicBool>,
}

pub async fn tsa(pki: &OpenSslPki) -> Tsa {
    let up = Arc::new(AtomicBool::new(true));
    let dir = pki.dir.clone();
    let flag = up.clone();
    let app = axum::Router::new().route(
        "/",
        axum::routing::post(move |body: axum::body::Bytes| {
            let (dir, flag) = (dir.clone(), flag.clone());
            async move {
                if !flag.load(Ordering::SeqCst) {
                    return (axum::http::StatusCode::SERVICE_UNAVAILABLE, Vec::new());
                }
                let reply = tokio::task::spawn_blocking(move || {
                    let id = NEXT.fetch_add(1, Ordering::SeqCst);
                    let (q, r) = (format!("h{id}.tsq"), format!("h{id}.tsr"));
                    std::fs::write(dir.join(&q), &body).unwrap();
                    openssl(
                        &dir,
                        &[
                            "ts",
                            "-reply",
                            "-config",
                            "tsa.cnf",
                            "-queryfile",
                            &q,
                            "-out",
                            &r,
                        ],
                    );
                    std::fs::read(dir.join(&r)).unwrap()
                })
                .await
                .unwrap();
                (axum::http::StatusCode::OK, reply)
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    Tsa {
        url: format!("http://{addr}/"),
        up,
    }
}

/// `openssl ocsp` answering for the CA from its database (signed by the delegated responder
/// certificate); stopped when dropped.
pub struct OcspResponder {
    pub url: String,
    child: std::process::Child,
}

impl Drop for OcspResponder {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn ocsp_responder(pki: &OpenSslPki) -> OcspResponder {
    let port = free_port();
    ocsp_responder_on(pki, port).await
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// [`ocsp_responder`] on a given port (one that was down until now).
pub async fn ocsp_responder_on(pki: &OpenSslPki, port: u16) -> OcspResponder {
    let mut child = std::process::Command::new("openssl")
        .current_dir(&pki.dir)
        .args([
            "ocsp",
            "-index",
            "index.txt",
            "-port",
            &port.to_string(),
            "-rsigner",
            "ocsp.pem",
            "-rkey",
            "ocsp.key",
            "-CA",
            "ca.pem",
            "-nmin",
            "10",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("openssl ocsp starts");
    // Ready when it says so on stderr. (Do not probe the port with a connection that sends
    // nothing: OpenSSL 3.0's responder then waits on that connection forever.)
    let stderr = child.stderr.take().unwrap();
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if line.contains("waiting for OCSP client connections") {
                let _ = ready_tx.send(());
            }
        }
    });
    ready_rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("openssl ocsp is ready");
    OcspResponder {
        url: format!("http://127.0.0.1:{port}/"),
        child,
    }
}

/// An address where nothing answers (a responder that is down), and its port.
pub fn nobody() -> (String, u16) {
    let port = free_port();
    (format!("http://127.0.0.1:{port}/"), port)
}
