//! Running the real `gloss serve` for a test: start it on a free port, talk to
//! it over HTTP, listen to its event stream, and stop it when the test ends.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the server may take to build and start listening.
const START_TIMEOUT: Duration = Duration::from_secs(20);

/// A `gloss serve` child process, killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub base: String,
    pub port: u16,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts `gloss serve --port 0 ARGS` in `dir` and waits for it to print
    /// the address it serves at.
    pub fn start(dir: &Path, args: &[&str]) -> Server {
        let mut all_args = vec!["serve"];
        if !args.contains(&"--port") {
            all_args.extend(["--port", "0"]);
        }
        all_args.extend(args);
        let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
            .args(&all_args)
            .current_dir(dir)
            .env("NO_COLOR", "1")
            // The day reviews are judged against, as in site_test.rs: the
            // server's pages must not change on the day a fixture's review
            // falls due.
            .env("SOURCE_DATE_EPOCH", "1796515200")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot start gloss serve");
        let log = Arc::new(Mutex::new(String::new()));
        let (lines_tx, lines_rx) = mpsc::channel::<String>();
        for stream in
            [Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>, Box::new(child.stderr.take().unwrap())]
        {
            let (log, lines_tx) = (log.clone(), lines_tx.clone());
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    log.lock().unwrap().push_str(&format!("{line}\n"));
                    let _ = lines_tx.send(line);
                }
            });
        }
        let deadline = Instant::now() + START_TIMEOUT;
        let mut server = Server { child, base: String::new(), port: 0, log };
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines_rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(url) = line.strip_prefix("Serving ").and_then(|l| l.rsplit_once(" at ")).map(|(_, u)| u)
                    {
                        server.base = url.trim_end_matches('/').to_string();
                        server.port = server.base.rsplit(':').next().unwrap().parse().unwrap();
                        return server;
                    }
                }
                Err(_) => panic!("gloss serve did not start within {START_TIMEOUT:?}; it said:\n{}", server.log()),
            }
        }
    }

    /// Everything the server printed so far (stdout and stderr).
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Waits until the server's output contains `text`.
    pub fn wait_for_log(&self, text: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while !self.log().contains(text) {
            assert!(Instant::now() < deadline, "the server never printed {text:?}; it said:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET `path` with a client that follows no redirects and treats every
    /// status as an answer.
    pub fn get(&self, path: &str) -> Reply {
        self.request("GET", path)
    }

    pub fn request(&self, method: &str, path: &str) -> Reply {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        let url = self.url(path);
        let response = match method {
            "GET" => agent.get(&url).call(),
            "HEAD" => agent.head(&url).call(),
            "POST" => agent.post(&url).send(""),
            other => panic!("no {other} in tests"),
        }
        .unwrap_or_else(|e| panic!("{method} {url}: {e}\nserver said:\n{}", self.log()));
        let status = response.status().as_u16();
        let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap().to_string());
        let (content_type, cache_control, location, content_length) =
            (header("content-type"), header("cache-control"), header("location"), header("content-length"));
        let body = response.into_body().read_to_vec().unwrap();
        Reply { status, content_type, cache_control, location, content_length, body }
    }

    /// Sends `request` as it is, byte for byte, and returns the whole answer:
    /// for request targets no HTTP client would send.
    pub fn raw(&self, request: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    }

    /// Opens the live-reload event stream, as a page that was loaded from
    /// output `version` does (`""`: no version).
    pub fn events(&self, version: &str) -> EventStream {
        let agent: ureq::Agent = ureq::Agent::config_builder().timeout_global(None).build().into();
        let url = self.url(&format!("/__gloss/events?v={version}"));
        let response = agent.get(&url).call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
        assert_eq!(response.status().as_u16(), 200);
        let content_type = response.headers().get("content-type").unwrap().to_str().unwrap().to_string();
        assert!(content_type.starts_with("text/event-stream"), "{content_type}");
        let reader = BufReader::new(response.into_body().into_reader());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = SseEvent::default();
            for line in reader.lines() {
                let Ok(line) = line else { break };
                if line.is_empty() {
                    if !event.name.is_empty() && tx.send((std::mem::take(&mut event), Instant::now())).is_err() {
                        break;
                    }
                    event = SseEvent::default();
                } else if let Some(name) = line.strip_prefix("event:") {
                    event.name = name.trim().to_string();
                } else if let Some(data) = line.strip_prefix("data:") {
                    event.data.push_str(data.strip_prefix(' ').unwrap_or(data));
                } else if let Some(id) = line.strip_prefix("id:") {
                    event.id = id.trim().to_string();
                }
            }
        });
        EventStream { rx }
    }

    /// Sends SIGINT, as Ctrl-C in a terminal does, and waits for the exit.
    pub fn interrupt(&mut self, timeout: Duration) -> std::process::ExitStatus {
        let status = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "gloss serve did not stop within {timeout:?}:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct Reply {
    pub status: u16,
    pub content_type: Option<String>,
    pub cache_control: Option<String>,
    pub location: Option<String>,
    pub content_length: Option<String>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

#[derive(Debug, Default, Clone)]
pub struct SseEvent {
    pub name: String,
    pub data: String,
    pub id: String,
}

pub struct EventStream {
    rx: Receiver<(SseEvent, Instant)>,
}

impl EventStream {
    /// The next event, and when it arrived; panics if none comes in time.
    pub fn next(&self, timeout: Duration) -> (SseEvent, Instant) {
        match self.rx.recv_timeout(timeout) {
            Ok(event) => event,
            Err(RecvTimeoutError::Timeout) => panic!("no event within {timeout:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the event stream ended"),
        }
    }

    /// The next event, or `None` if none comes within `timeout`.
    pub fn try_next(&self, timeout: Duration) -> Option<SseEvent> {
        self.rx.recv_timeout(timeout).ok().map(|(event, _)| event)
    }

    /// Whether the server ended the stream within `timeout`.
    pub fn ends_within(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        loop {
            match self.rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(_) => continue,
                Err(RecvTimeoutError::Disconnected) => return true,
                Err(RecvTimeoutError::Timeout) => return false,
            }
        }
    }
}

/// Writes `text` to `path` the way a plain editor save does (truncate and write).
pub fn save(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// The output path of the first stylesheet a page links (`style.css`: dev
/// mode serves static files under their own names).
pub fn stylesheet_of(html: &str) -> String {
    stylesheet_href(html).rsplit('/').next().unwrap().to_string()
}

/// The `href` of the first stylesheet a page links, as written.
pub fn stylesheet_href(html: &str) -> String {
    let at = html.find("rel=\"stylesheet\"").expect("no stylesheet link");
    let href = &html[at..];
    let start = href.find("href=\"").unwrap() + 6;
    let end = start + href[start..].find('"').unwrap();
    href[start..end].to_string()
}

/// The `data-gloss-version` of a served page.
pub fn version_of(html: &str) -> String {
    let start = html.find("data-gloss-version=\"").expect("no live script in the page") + 20;
    let end = start + html[start..].find('"').unwrap();
    html[start..end].to_string()
}
