//! A real browser for tests: Debian's Chromium, headless, driven over
//! WebDriver by fantoccini through Debian's `chromedriver`. Both are installed
//! with apt the first time a test needs them; no browser is ever downloaded
//! any other way.
#![allow(dead_code)]

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

/// Installs Chromium and ChromeDriver with apt if `chromedriver` is missing.
/// Runs once per test binary, however many tests ask at once.
pub fn ensure_chromium() {
    static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
    let result = INSTALLED.get_or_init(|| {
        if on_path("chromedriver") && chromium_binary().is_some() {
            return Ok(());
        }
        eprintln!("installing Debian's chromium and chromium-driver for the browser tests (about a minute)…");
        let status = Command::new("sh")
            .args([
                "-c",
                "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
                 chromium chromium-driver",
            ])
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run apt-get: {e}"))?;
        if !status.success() || !on_path("chromedriver") {
            return Err(format!("apt-get install chromium chromium-driver failed ({status})"));
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// The real Chromium binary (`/usr/bin/chromium` is a shell wrapper).
fn chromium_binary() -> Option<PathBuf> {
    ["/usr/lib/chromium/chromium", "/usr/bin/chromium"].into_iter().map(PathBuf::from).find(|p| p.is_file())
}

/// A headless Chromium session with its own `chromedriver` and profile; both
/// processes end when it is dropped.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a fresh browser profile in a temp folder of its
    /// own (never inside a site that `gloss serve` watches).
    pub async fn start() -> Browser {
        ensure_chromium();
        let port = {
            let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
            listener.local_addr().unwrap().port()
        };
        let mut driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start chromedriver");
        let driver_url = format!("http://127.0.0.1:{port}");
        wait_for_driver(&mut driver, port);

        let profile = tempfile::tempdir().unwrap();
        let binary = chromium_binary().expect("chromium is installed");
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": binary,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--window-size=1000,700",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&driver_url)
            .await
            .unwrap_or_else(|e| panic!("cannot start a Chromium session: {e}"));
        Browser { client, driver, _profile: profile }
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute(script, args).await.unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// Polls `script` until it returns `true`. Errors while the page reloads
    /// count as "not yet". Returns how long it took.
    pub async fn wait_until(&self, what: &str, script: &str, args: Vec<Value>, timeout: Duration) -> Duration {
        let started = Instant::now();
        let mut last = Value::Null;
        while started.elapsed() < timeout {
            match self.client.execute(script, args.clone()).await {
                Ok(Value::Bool(true)) => return started.elapsed(),
                Ok(other) => last = other,
                Err(e) => last = Value::String(e.to_string()),
            }
            tokio::time::sleep(Duration::from_millis(15)).await;
        }
        panic!("{what}: not within {timeout:?} (last answer: {last})");
    }

    /// Saves a PNG of the window as `$GLOSS_SCREENSHOTS/<name>.png` when that
    /// variable is set, for a person to look at what a story saw.
    pub async fn screenshot_if_asked(&self, name: &str) {
        if let Some(dir) = std::env::var_os("GLOSS_SCREENSHOTS") {
            let png = self.client.screenshot().await.unwrap();
            std::fs::write(PathBuf::from(dir).join(format!("{name}.png")), png).unwrap();
        }
    }

    /// Ends the session (the browser quits), then chromedriver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // chromedriver runs in a process group of its own with the browser it
        // started: ending the group leaves nothing behind, even when a test
        // panicked before `close`.
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn wait_for_driver(driver: &mut Child, port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        if let Some(status) = driver.try_wait().unwrap() {
            panic!("chromedriver exited at start: {status}");
        }
        assert!(Instant::now() < deadline, "chromedriver did not listen on port {port}");
        std::thread::sleep(Duration::from_millis(20));
    }
}
