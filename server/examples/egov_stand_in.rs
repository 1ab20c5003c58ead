//! The eGov Mobile / eGov Business stand-in as a command, for the browser tests (Playwright
//! reads the QR code or the launch link off the page and runs this): it does what the app
//! does — API №1, API №2 `GET`, signs with the key file, API №2 `PUT` — and prints the `PUT`'s
//! status and answer as one JSON line. Not part of the server.
//!
//!   egov_stand_in SCANNED KEY.p12 PASSWORD [LANG] [SIGN_METHOD]
//!
//! SCANNED: the QR text (`mobileSign:…`) or the launch link (`https://m.egov.kz/…?link=…`).
#[path = "../tests/it/egov_stand_in.rs"]
mod stand_in;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: egov_stand_in SCANNED KEY.p12 PASSWORD [LANG] [SIGN_METHOD]");
        std::process::exit(2);
    }
    let lang: &'static str = match args.get(4).map(String::as_str) {
        Some("kk") => "kk",
        Some("en") => "en",
        _ => "ru",
    };
    let key = stand_in::AppKey {
        p12: std::fs::read(&args[2]).expect("the key file"),
        password: args[3].clone(),
        now: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("a clock after 1970")
            .as_secs() as i64,
    };
    let method = args
        .get(5)
        .cloned()
        .unwrap_or_else(|| "CMS_SIGN_ONLY".into());
    let app = stand_in::EgovApp::new(lang);
    let (status, answer) = app.sign_session_with(&args[1], &key, &method).await;
    println!(
        "{}",
        serde_json::json!({ "status": status, "answer": answer })
    );
}
