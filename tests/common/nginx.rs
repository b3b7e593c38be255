//! A real nginx for tests: Debian's packages unpacked with `dpkg -x` into
//! the test tools folder (never installed, so no service starts on port 80),
//! run in the foreground on a free port with the test's server block.
#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The unpacked packages' root (`usr/sbin/nginx`, `etc/nginx/mime.types`),
/// downloaded with apt if missing. Once per test binary.
pub fn nginx_root() -> PathBuf {
    static ROOT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let result = ROOT.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("test-tools/nginx");
        if root.join("usr/sbin/nginx").is_file() {
            return Ok(root);
        }
        eprintln!("unpacking Debian's nginx for the hosting tests…");
        let debs = root.with_file_name("nginx-debs");
        std::fs::create_dir_all(&debs).map_err(|e| e.to_string())?;
        let script = format!(
            "cd '{debs}' && (apt-get download nginx nginx-common || (apt-get update && apt-get download nginx nginx-common)) \
             && for deb in nginx_*.deb nginx-common_*.deb; do dpkg -x \"$deb\" '{root}'; done",
            debs = debs.display(),
            root = root.display()
        );
        let status = Command::new("sh")
            .args(["-c", &script])
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run apt-get: {e}"))?;
        if !status.success() || !root.join("usr/sbin/nginx").is_file() {
            return Err(format!("apt-get download nginx nginx-common failed ({status})"));
        }
        Ok(root)
    });
    result.clone().unwrap_or_else(|e| panic!("{e}"))
}

/// nginx in the foreground, killed when dropped.
pub struct Nginx {
    child: Child,
    pub port: u16,
    _dir: tempfile::TempDir,
}

/// What a test reads of an answer.
pub struct Answer {
    pub status: u16,
    pub cache_control: Option<String>,
    pub body: String,
}

impl Nginx {
    /// Starts nginx with `server_block`, in which `PORT` stands for the
    /// port it is to listen on. Its workers run as root (ignored when the
    /// tests do not), since a test site's temp folder is its owner's alone.
    pub fn start(server_block: &str) -> Nginx {
        let root = nginx_root();
        let dir = tempfile::tempdir().unwrap();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let config = format!(
            "daemon off;\nuser root;\npid {dir}/nginx.pid;\nerror_log stderr;\nevents {{}}\nhttp {{\n\
             include {root}/etc/nginx/mime.types;\naccess_log off;\n\
             client_body_temp_path {dir}/body;\nproxy_temp_path {dir}/proxy;\nfastcgi_temp_path {dir}/fastcgi;\n\
             uwsgi_temp_path {dir}/uwsgi;\nscgi_temp_path {dir}/scgi;\n{block}\n}}\n",
            dir = dir.path().display(),
            root = root.display(),
            block = server_block.replace("PORT", &port.to_string()),
        );
        let conf = dir.path().join("nginx.conf");
        std::fs::write(&conf, config).unwrap();
        let child = Command::new(root.join("usr/sbin/nginx"))
            .args(["-e", "stderr", "-p"])
            .arg(dir.path())
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null())
            .spawn()
            .expect("cannot start nginx");
        let nginx = Nginx { child, port, _dir: dir };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(10), "nginx did not start listening on {port}");
            std::thread::sleep(Duration::from_millis(20));
        }
        nginx
    }

    pub fn get(&self, path: &str) -> Answer {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        let url = format!("http://127.0.0.1:{}{path}", self.port);
        let response = agent.get(&url).call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let status = response.status().as_u16();
        let cache_control = response.headers().get("cache-control").map(|v| v.to_str().unwrap().to_string());
        let body = response.into_body().read_to_string().unwrap();
        Answer { status, cache_control, body }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first ```nginx block of `markdown`.
pub fn nginx_block(markdown: &str) -> &str {
    let start = markdown.find("```nginx\n").expect("an nginx block") + "```nginx\n".len();
    let end = start + markdown[start..].find("```").expect("the nginx block's end");
    &markdown[start..end]
}
