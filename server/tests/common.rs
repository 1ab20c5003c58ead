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

/// A server in demo mode with the demo PKI (made once per test binary, then copied).
pub struct DemoApp {
    pub app: TestApp,
    pub people: Vec<app::pages::demo::model::DemoPerson>,
}

pub struct DemoParent {
    pub iin: String,
    pub auth_file: String,
    pub sign_file: String,
}

impl DemoApp {
    pub fn now(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
    }
    pub fn key_path(&self, file: &str) -> PathBuf {
        server::pki::demo::keys_dir(&self.app.dir).join(file)
    }
    pub fn parent(&self) -> DemoParent {
        use app::pages::demo::model::DemoRole;
        let p = self
            .people
            .iter()
            .find(|p| p.role == DemoRole::Parent)
            .expect("a demo parent");
        DemoParent {
            iin: p.iin.clone(),
            auth_file: p.keys.iter().find(|k| !k.signing).unwrap().file.clone(),
            sign_file: p.keys.iter().find(|k| k.signing).unwrap().file.clone(),
        }
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

static DEMO_PKI: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// A directory holding `demo/` and `trust/` made by the demo PKI, shared by this binary.
fn demo_pki_template() -> &'static PathBuf {
    DEMO_PKI.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("ekg-demo-pki-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        server::pki::demo::ensure(&dir, &dir.join("trust"), now).expect("demo PKI");
        dir
    })
}

pub async fn spawn_demo_app() -> DemoApp {
    let template = tokio::task::spawn_blocking(demo_pki_template)
        .await
        .unwrap();
    let dir = std::env::temp_dir().join(format!(
        "ekg-test-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(template, &dir);
    let mut config = server::config::Config::for_dir(&dir);
    config.demo_pki = true;
    let (addr, handle) = server::startup::spawn(config).await.expect("server starts");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("demo/manifest.json")).unwrap()).unwrap();
    let people = serde_json::from_value(manifest["people"].clone()).unwrap();
    DemoApp {
        app: TestApp {
            addr,
            dir,
            client,
            _handle: handle,
        },
        people,
    }
}
