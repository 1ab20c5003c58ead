//! [`MotoServer`]: a real S3-compatible server for the tests, moto's `moto_server` on
//! 127.0.0.1, killed when the guard is dropped.
//!
//! The binary is `$EKG_MOTO_SERVER` (an absolute path) or `.tools/moto/bin/moto_server` in
//! the repository (installed by `scripts/ensure-moto.sh`). A missing binary fails the test,
//! unless `EKG_SKIP_S3_TESTS=1`.
use std::fs::File;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::contract::TempDir;

/// How long moto may take to start answering (it imports a lot of Python on start).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running `moto_server`, killed (and reaped) on drop.
pub struct MotoServer {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
    _dir: TempDir,
}

impl MotoServer {
    /// Starts moto, or returns `None` when `EKG_SKIP_S3_TESTS=1`. Panics (fails the test)
    /// when the binary cannot be found or the server does not come up.
    pub fn start_or_skip() -> Option<Self> {
        if std::env::var("EKG_SKIP_S3_TESTS").is_ok_and(|v| v == "1") {
            eprintln!("S3 tests skipped: EKG_SKIP_S3_TESTS=1");
            return None;
        }
        let bin = find_binary().unwrap_or_else(|why| panic!("{why}"));
        Some(Self::start(&bin))
    }

    fn start(bin: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free local port")
            .port();
        let dir = TempDir::new("moto");
        let log = dir.path().join("moto.log");
        let out = File::create(&log).unwrap();
        let child = Command::new(bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        // From here on the guard owns the process: a panic below still kills it.
        let mut server = Self {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            log,
            _dir: dir,
        };
        server.wait_until_up();
        server
    }

    fn wait_until_up(&mut self) {
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "moto_server exited ({status}) on start:\n{}",
                    self.log_text()
                );
            }
            if matches!(self.request("GET", "/"), Ok((200, _))) {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "moto_server did not answer on {} within {START_TIMEOUT:?}:\n{}",
                    self.addr,
                    self.log_text()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Creates `bucket` (object_store cannot): a path-style `PUT /<bucket>`, unsigned, which
    /// moto accepts.
    pub fn create_bucket(&self, bucket: &str) {
        match self.request("PUT", &format!("/{bucket}")) {
            Ok((200, _)) => {}
            other => panic!("creating bucket {bucket}: {other:?}\n{}", self.log_text()),
        }
    }

    /// One unsigned HTTP/1.1 request without a body; the response's status code and body.
    ///
    /// Moto accepts unsigned bucket-level requests (create, list) but answers 403 to an
    /// unsigned object `GET`/`HEAD`.
    pub fn request(&self, method: &str, path: &str) -> std::io::Result<(u16, String)> {
        let timeout = Duration::from_secs(5);
        let mut stream = TcpStream::connect_timeout(&self.addr, timeout)?;
        stream.set_read_timeout(Some(timeout))?;
        stream.set_write_timeout(Some(timeout))?;
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.addr
        )?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response)?;
        let response = String::from_utf8_lossy(&response);
        let status = response
            .lines()
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| {
                std::io::Error::other(format!("bad HTTP response to {method} {path}"))
            })?;
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b)
            .unwrap_or_default();
        Ok((status, body.to_owned()))
    }

    /// Whether `bucket` holds an object named `key` (an unsigned path-style ListObjectsV2).
    pub fn has_object(&self, bucket: &str, key: &str) -> bool {
        match self.request("GET", &format!("/{bucket}?list-type=2&prefix={key}")) {
            Ok((200, body)) => body.contains(&format!("<Key>{key}</Key>")),
            other => panic!("listing bucket {bucket}: {other:?}\n{}", self.log_text()),
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `$EKG_MOTO_SERVER`, or `.tools/moto/bin/moto_server` in this crate's directory or one of
/// its ancestors (the repository root).
fn find_binary() -> Result<PathBuf, String> {
    const HINT: &str = "run scripts/ensure-moto.sh (or set EKG_MOTO_SERVER=/absolute/path/to/moto_server; \
                        EKG_SKIP_S3_TESTS=1 skips the S3 tests)";
    if let Some(path) = std::env::var_os("EKG_MOTO_SERVER").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        if !path.is_absolute() {
            return Err(format!(
                "EKG_MOTO_SERVER must be an absolute path, not {}",
                path.display()
            ));
        }
        if !path.is_file() {
            return Err(format!(
                "EKG_MOTO_SERVER={} does not exist: {HINT}",
                path.display()
            ));
        }
        return Ok(path);
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|dir| dir.join(".tools/moto/bin/moto_server"))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            format!(
                "moto_server (a local S3 server for the S3 storage tests) not found in .tools/moto \
                 above {}: {HINT}",
                manifest.display()
            )
        })
}
