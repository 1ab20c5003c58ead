//! End-to-end tests of the PDF: structure, page counts, and the text as a PDF reader
//! extracts it (`pdftotext` from poppler-utils; the tests FAIL when it is missing).

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use app::domain::template_fill::Values;
use app::domain::{FilledContract, default_template, fill, long_test_template};
use server::pdf::{PdfError, PdfMeta, render, render_pdf};

const HASH: &str = "3f1b8e0c2d4a5b6c7d8e9f00112233445566778899aabbccddeeff0011223344";

fn meta() -> PdfMeta {
    PdfMeta {
        contract_number: "01.01-01.21.001".into(),
        canonical_sha256_hex: HASH.into(),
        generated_at_text: "Қалыптастырылды / Сформирован: 14.01.2021, 14:34".into(),
    }
}

fn default_contract() -> FilledContract {
    fill(&default_template(), &Values::example())
}

/// The text of `pdf` as `pdftotext` extracts it (pages separated by form feeds), with
/// NO-BREAK SPACEs turned into spaces.
fn pdftotext(pdf: &[u8]) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    let path: PathBuf = std::env::temp_dir().join(format!(
        "contract-pdf-test-{}-{}.pdf",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, pdf).expect("write temporary PDF");
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output();
    let _ = std::fs::remove_file(&path);
    let out = match out {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "`pdftotext` is not on PATH: these tests need it to check the text of the PDF. \
             Install poppler-utils (`apt-get install -y poppler-utils`)."
        ),
        Err(e) => panic!("cannot run pdftotext: {e}"),
    };
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("pdftotext output is UTF-8")
        .replace('\u{a0}', " ")
}

#[test]
fn default_contract_is_a_pdf_of_several_pages() {
    let r = render(&default_contract(), &meta()).unwrap();
    assert!(r.bytes.starts_with(b"%PDF-"));
    assert!(r.bytes.ends_with(b"%%EOF") || r.bytes.ends_with(b"%%EOF\n"));
    assert!(r.pages >= 2, "{} pages", r.pages);
    assert!(r.pages <= 14, "{} pages", r.pages);
    // The fonts are embedded as subsets, not whole (each full file is ~700 KB).
    assert!(r.bytes.len() < 300_000, "{} bytes", r.bytes.len());
    assert_eq!(render_pdf(&default_contract(), &meta()).unwrap(), r.bytes);
}

#[test]
fn kazakh_and_russian_text_survive_extraction() {
    let r = render(&default_contract(), &meta()).unwrap();
    let text = pdftotext(&r.bytes);
    assert_eq!(
        text.matches('\u{c}').count(),
        r.pages,
        "one form feed per page"
    );
    for word in [
        // Kazakh, with the Kazakh-only letters ә ғ қ ң ө ұ ү һ і.
        "Қазақстан",
        "ұйым",
        "өкіл",
        "әкесі",
        "Әбдіғалиева",
        "Нұрланқызы",
        "міндеттері",
        "теңге",
        // The titles (wrapped onto two lines).
        "Мектепке дейінгі ұйым мен ата-ана (заңды өкіл)",
        "арасындағы үлгілік шарт",
        // Russian.
        "Типовой договор между дошкольной организацией и",
        "родителем (законным представителем)",
        "законного представителя",
        "тенге",
        // Data.
        "01.01-01.21.001",
        "40 000 теңге",
        "40 000 тенге",
        "378618",
        "Ромашка",
        "900215412344",
        HASH,
        &format!("1 / {}", r.pages),
        &format!("{0} / {0}", r.pages),
    ] {
        assert!(
            text.contains(word),
            "{word:?} not found in the extracted text"
        );
    }
    // Every Kazakh-only letter, both cases.
    for c in "әғқңөұүіӘҚҰІ".chars() {
        assert!(text.contains(c), "letter {c} lost");
    }
    // Kazakh comes first, then Russian.
    let kk = text.find("үлгілік шарт").unwrap();
    let ru = text.find("Типовой договор").unwrap();
    assert!(kk < ru);
}

#[test]
fn a_thirty_page_template_renders_completely() {
    let contract = fill(&long_test_template(30), &Values::example());
    let start = Instant::now();
    let r = render(&contract, &meta()).unwrap();
    let elapsed = start.elapsed();
    eprintln!(
        "30-page template: {} pages, {} bytes in {elapsed:?}",
        r.pages,
        r.bytes.len()
    );
    assert!(r.pages >= 30, "{} pages", r.pages);
    assert!(r.pages <= 45, "{} pages", r.pages);
    let text = pdftotext(&r.bytes);
    assert_eq!(text.matches('\u{c}').count(), r.pages);
    assert!(text.contains(&format!("{0} / {0}", r.pages)));
    assert!(text.contains("Қосымша ережелер"));
    assert!(text.contains("Реквизиты сторон"));
}

#[test]
fn bad_hash_is_refused() {
    let mut m = meta();
    m.canonical_sha256_hex = HASH.to_uppercase();
    assert!(matches!(
        render_pdf(&default_contract(), &m),
        Err(PdfError::BadSha256)
    ));
    m.canonical_sha256_hex = "abc".into();
    assert!(matches!(
        render_pdf(&default_contract(), &m),
        Err(PdfError::BadSha256)
    ));
}

#[test]
fn long_values_do_not_break_the_layout() {
    let mut v = Values::example();
    v.kindergarten_address = "Қарағанды облысы, ".repeat(20);
    v.iban = "KZ57601A12345678901234567890123456789012345678901234567890".into();
    let mut m = meta();
    m.contract_number = "01.01-01.21.001/".repeat(12);
    m.generated_at_text = "Қалыптастырылды / Сформирован: 14.01.2021, 14:34".into();
    let r = render(&fill(&default_template(), &v), &m).unwrap();
    let text = pdftotext(&r.bytes);
    assert!(text.contains("Сформирован: 14.01.2021, 14:34"));
    assert!(text.contains("KZ57601A"));
    assert!(text.contains(HASH));
}
