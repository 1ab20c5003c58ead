//! Peak memory of 40 parallel uploads (a measurement, not a check; `#[ignore]`d): run by
//! `bench/upload-memory.sh` in release, alone in its process, so that the process's
//! high-water mark (`VmHWM`, reset before each round through `/proc/self/clear_refs`) is the
//! server's peak while it takes the uploads.
//!
//! Rounds: 40 uploads at once of the largest picture the server decodes (3072 × 2304, under
//! 2 MB), and 40 of a small file declaring 8192 × 8192 pixels (what a 64-megapixel limit once
//! let through to the decoder). `EKG_UPLOAD_MEMORY_OUT=FILE` appends the Markdown rows.

use crate::common::{Server, parent_with_referral, spawn_demo_configured};

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: bench/upload-memory.sh"]
async fn peak_memory_of_40_parallel_uploads() {
    let app = spawn_demo_configured(server::clock::system(), false, |c| {
        c.uploads_per_10_min = 10_000;
    })
    .await;
    let (parent, referral) = parent_with_referral(&app, 0, 7).await;
    let largest = app::documents::fixtures::small_document_jpeg(3072, 2304, 11);
    assert!(largest.len() < app::domain::MAX_UPLOAD_BYTES as usize);
    let declared_huge = {
        let gray = vec![200u8; 8192 * 8192];
        app::documents::fixtures::encode(
            &gray,
            8192,
            8192,
            jpeg_encoder::ColorType::Luma,
            50,
            false,
        )
    };
    let mut rows = Vec::new();
    for (what, body, expect) in [
        ("3072 × 2304 JPEG, 40 at once", largest, 201u16),
        ("8192 × 8192 declared, 40 at once", declared_huge, 422),
    ] {
        // Settle, then reset the high-water mark to the current size.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        let before = status_kib("VmRSS:");
        let started = std::time::Instant::now();
        let uploads = (0..40).map(|_| {
            app.client()
                .post(app.url(&format!("/api/documents?referral={referral}&kind=photo")))
                .header("cookie", parent.header())
                .header("content-type", "image/jpeg")
                .body(body.clone())
                .send()
        });
        let answers = futures_util::future::join_all(uploads).await;
        let elapsed = started.elapsed();
        let ok = answers
            .into_iter()
            // The same bytes again for the slot are answered with the first record (200), after
            // the same full decode.
            .filter(|a| {
                a.as_ref().is_ok_and(|r| {
                    let s = r.status().as_u16();
                    s == expect || (expect == 201 && s == 200)
                })
            })
            .count();
        let peak = status_kib("VmHWM:");
        rows.push(format!(
            "| {what} | {} KB each | {ok}/40 answered {expect} | {:.1} s | {} MiB | {} MiB |",
            body.len() / 1024,
            elapsed.as_secs_f64(),
            before / 1024,
            peak.saturating_sub(before) / 1024,
        ));
    }
    let table = rows.join("\n");
    println!("{table}");
    if let Ok(out) = std::env::var("EKG_UPLOAD_MEMORY_OUT") {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(out)
            .unwrap();
        writeln!(f, "{table}").unwrap();
    }
}
