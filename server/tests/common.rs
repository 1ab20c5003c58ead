//! Starting a real server for tests: a fresh SQLite database in a temporary directory,
//! demo data, a random port.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;

pub struct TestApp {
    pub addr: SocketAddr,
    pub dir: PathBuf,
    pub client: reqwest::Client,
    _handle: tokio::task::JoinHandle<()>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self._handle.abort();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub async fn spawn_app() -> TestApp {
    let dir = std::env::temp_dir().join(format!(
        "ekg-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let config = server::config::Config::for_dir(&dir);
    let (addr, handle) = server::startup::spawn(config).await.expect("server starts");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    TestApp {
        addr,
        dir,
        client,
        _handle: handle,
    }
}

static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
