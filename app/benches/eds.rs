//! EDS speed on the server (one core): verifying a parent's contract signature (CMS,
//! chain of two to the anchor, key usage, validity) made with an RSA-2048 key and with a
//! GOST R 34.10-2015 512-bit key, and — for comparison with the WASM figures of
//! `bench/eds-wasm.mjs` — opening a key file and signing natively.
//!
//! Also the worst certificate sets we could build against the path search (they must be
//! refused in milliseconds).
//!
//! Run: `cargo bench -p app --bench eds`. Figures are recorded in docs/performance.md.
use app::domain::canonical::{canonical_bytes, example_terms};
use app::eds::cms_sign::sign_detached;
use app::eds::cms_verify::verify_detached;
use app::eds::demo_pki::{DemoCa, PersonSpec};
use app::eds::gost::{self, Curve};
use app::eds::key_file::open_key_file;
use app::eds::p12_write::{P12Format, write_p12};
use app::eds::path::MAX_CMS_CERTIFICATES;
use app::eds::purpose::Purpose;
use app::eds::trust::TrustStore;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use crypto_bigint::U512;

const NOW: i64 = 1_790_000_000;

fn bench(c: &mut Criterion) {
    let root = DemoCa::new_root("BENCH ROOT", NOW - 86_400, NOW + 86_400 * 3650).unwrap();
    let inter = root
        .issue_intermediate("BENCH NCA", NOW - 86_400, NOW + 86_400 * 1000)
        .unwrap();
    let person = PersonSpec {
        surname: "Тестова".into(),
        first_name: "Айгерім".into(),
        patronymic: Some("Серікқызы".into()),
        iin: "900315401233".into(),
        email: None,
        purpose: Purpose::Signing,
        not_before: NOW - 3600,
        not_after: NOW + 86_400 * 365,
        wrong_key_usage: false,
    };
    let (cert, key) = inter.issue_person(&person).unwrap();
    let chain = vec![inter.certificate().clone(), root.certificate().clone()];
    let content = canonical_bytes(&example_terms());
    let trust = TrustStore::new(vec![root.certificate().clone()], vec![]);
    let cms = sign_detached(&content, &key, &cert, &chain, NOW).unwrap();
    let legacy = write_p12(&key, &cert, &chain, "Qwerty12", P12Format::Legacy).unwrap();
    let (gost_cert, gost_key) = inter.issue_person_gost512(&person).unwrap();
    let gost_cms = sign_detached(&content, &gost_key, &gost_cert, &chain, NOW).unwrap();
    let gost_p12 = write_p12(&gost_key, &gost_cert, &chain, "Qwerty12", P12Format::Legacy).unwrap();
    let pbes2 = write_p12(&key, &cert, &chain, "Qwerty12", P12Format::Pbes2).unwrap();

    let mut g = c.benchmark_group("server");
    g.throughput(Throughput::Elements(1));
    g.bench_function("verify contract signature (CMS + chain of 2)", |b| {
        b.iter(|| verify_detached(&cms, &content, &trust, Purpose::Signing, NOW + 60).unwrap())
    });
    g.bench_function(
        "verify contract signature, GOST512 signer (CMS + chain of 2)",
        |b| {
            b.iter(|| {
                verify_detached(&gost_cms, &content, &trust, Purpose::Signing, NOW + 60).unwrap()
            })
        },
    );
    g.finish();

    // The GOST R 34.10 operation alone on the national CA's curve: the variable-time
    // double-scalar multiplication verification uses, against the constant-time ladder it
    // replaced there (kept as the reference for other curves and for the tests).
    let mut g = c.benchmark_group("GOST R 34.10-2012 verification alone (paramSetA)");
    let curve = Curve::paramset_a_512();
    let d = U512::from_be_hex(&"1B2C3D4E5F607182".repeat(8));
    let alpha = U512::from_be_hex(&"00112233445566778899AABBCCDDEEFF".repeat(4));
    let nonce = U512::from_be_hex(&"0A1B2C3D4E5F6071".repeat(8));
    // As read from a certificate: affine, Z = 1.
    let (qx, qy) = gost::signature::public_key(&curve, &d)
        .unwrap()
        .to_affine()
        .unwrap();
    let gost_public = gost::Point::from_affine(&curve, &qx, &qy).unwrap();
    let gost_sig = gost::signature::sign_with_nonce(&curve, &d, &alpha, &nonce).unwrap();
    g.bench_function("wNAF + Shamir, Jacobian, p = 2^512 − 569 (used)", |b| {
        b.iter(|| {
            assert!(gost::signature::verify(
                &curve,
                &gost_public,
                &alpha,
                &gost_sig
            ))
        })
    });
    g.bench_function("constant-time ladder, Montgomery (before)", |b| {
        b.iter(|| {
            assert!(gost::signature::verify_with_ladder(
                &curve,
                &gost_public,
                &alpha,
                &gost_sig
            ))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("native, for comparison with WASM");
    g.sample_size(20);
    g.bench_function("open legacy p12 (3DES, RC2-40, SHA-1 MAC)", |b| {
        b.iter(|| open_key_file(&legacy, "Qwerty12").unwrap())
    });
    g.bench_function("open OpenSSL 3 p12 (PBES2 AES-256)", |b| {
        b.iter(|| open_key_file(&pbes2, "Qwerty12").unwrap())
    });
    g.bench_function("sign contract (RSA-2048 CMS)", |b| {
        b.iter(|| sign_detached(&content, &key, &cert, &chain, NOW).unwrap())
    });
    g.bench_function("open GOST512 legacy p12", |b| {
        b.iter(|| open_key_file(&gost_p12, "Qwerty12").unwrap())
    });
    g.bench_function("sign contract (GOST512 CMS)", |b| {
        b.iter(|| sign_detached(&content, &gost_key, &gost_cert, &chain, NOW).unwrap())
    });
    g.finish();

    // The worst certificate sets we could construct for the path search (a ~7 KB log-in CMS
    // once took ~50 s of CPU). Both must stay in milliseconds.
    let mut g = c.benchmark_group("hostile certificate sets (refused as untrusted)");
    g.sample_size(20);
    let evil = DemoCa::new_root("ҰКО 3.0 (RSA)", NOW - 86_400, NOW + 86_400 * 3650).unwrap();
    let (evil_cert, evil_key) = evil.issue_person(&person).unwrap();
    let copies = evil
        .self_issued_copies(MAX_CMS_CERTIFICATES - 1, NOW - 86_400, NOW + 86_400 * 3650)
        .unwrap();
    let copies_cms = sign_detached(&content, &evil_key, &evil_cert, &copies, NOW).unwrap();
    g.bench_function("15 self-issued copies of one CA (one name, one key)", |b| {
        b.iter(|| {
            verify_detached(&copies_cms, &content, &trust, Purpose::Signing, NOW + 60).unwrap_err()
        })
    });
    // Five CAs with one name and distinct keys, cross-certifying each other (15 certificates):
    // every pair matches by name, so only the signature-check budget bounds the work.
    let ring: Vec<DemoCa> = (0..5)
        .map(|_| DemoCa::new_root("ҰКО 3.0 (RSA)", NOW - 86_400, NOW + 86_400 * 3650).unwrap())
        .collect();
    let mut ring_certs = Vec::new();
    for (i, ca) in ring.iter().enumerate() {
        for step in 1..ring.len() {
            if ring_certs.len() < MAX_CMS_CERTIFICATES - 1 {
                let other = &ring[(i + step) % ring.len()];
                ring_certs.push(
                    ca.cross_certify(other, NOW - 86_400, NOW + 86_400 * 3650)
                        .unwrap(),
                );
            }
        }
    }
    let (ring_cert, ring_key) = ring[0].issue_person(&person).unwrap();
    let ring_cms = sign_detached(&content, &ring_key, &ring_cert, &ring_certs, NOW).unwrap();
    g.bench_function("15 cross-certificates among 5 CAs of one name", |b| {
        b.iter(|| {
            verify_detached(&ring_cms, &content, &trust, Purpose::Signing, NOW + 60).unwrap_err()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
