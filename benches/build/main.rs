//! Whole-program benchmarks of the real `gloss` binary on generated sites of
//! 100, 1,000 and 10,000 entries (see `corpus.rs`): `gloss build` (into a
//! fresh output folder and over an existing one), `gloss check`, peak memory,
//! output and search index size, `cp -r` of the output as the floor, and in
//! `gloss serve` the startup time and the time from a save to the event that
//! tells open pages (entry, stylesheet and template edits).
//!
//! `cargo bench --bench build`. Figures are medians over repeated runs; the
//! raw samples go to `<target>/bench-results.json`. Settings, by environment:
//! - `GLOSS_BENCH_SIZES`: entry counts, comma-separated (default `100,1000,10000`);
//!   a count of 10,000 or more is laid out as 10 guides, smaller ones as one guide;
//! - `GLOSS_BENCH_RUNS`: timed runs per figure for sites under 10,000 entries (default 5);
//! - `GLOSS_BENCH_RUNS_LARGE`: the same for 10,000 entries and more (default 3);
//! - `GLOSS_BENCH_RUNS_OVER_LARGE`: builds over an existing output at 10,000 entries and
//!   more, where deleting the old output makes each one slow (default 1);
//! - `GLOSS_BENCH_EDITS`: saves per serve case under 10,000 entries (default 15);
//! - `GLOSS_BENCH_EDITS_LARGE`: the same for 10,000 entries and more (default 3);
//! - `GLOSS_BENCH_SERVE=0`: skip `gloss serve`.
//!
//! The machine's CPU pressure (`/proc/pressure/cpu`, the share of time some
//! task waited for a CPU) is printed beside each size: other work on the
//! machine inflates wall times, while CPU times (user + system) move less.
//!
//! Benchmarks report; they never fail on speed. Every wait has a time limit.

mod corpus;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const GLOSS: &str = env!("CARGO_BIN_EXE_gloss");
/// Longest wait for one serve event or server start.
const SERVE_TIMEOUT: Duration = Duration::from_secs(120);
/// Quiet time after each event, so that saves do not coalesce (the debounce is 20 ms).
const PAUSE: Duration = Duration::from_millis(150);

struct Settings {
    sizes: Vec<usize>,
    runs: usize,
    runs_large: usize,
    runs_over_large: usize,
    edits: usize,
    edits_large: usize,
    serve: bool,
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).filter(|&n| n > 0).unwrap_or(default)
}

impl Settings {
    fn from_env() -> Settings {
        let sizes = std::env::var("GLOSS_BENCH_SIZES")
            .ok()
            .map(|v| v.split(',').filter_map(|s| s.trim().replace('_', "").parse().ok()).collect::<Vec<usize>>())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| vec![100, 1000, 10_000]);
        Settings {
            sizes,
            runs: env_usize("GLOSS_BENCH_RUNS", 5),
            runs_large: env_usize("GLOSS_BENCH_RUNS_LARGE", 3),
            runs_over_large: env_usize("GLOSS_BENCH_RUNS_OVER_LARGE", 1),
            edits: env_usize("GLOSS_BENCH_EDITS", 15),
            edits_large: env_usize("GLOSS_BENCH_EDITS_LARGE", 3),
            serve: std::env::var("GLOSS_BENCH_SERVE").map_or(true, |v| v != "0"),
        }
    }
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not supported.
    let settings = Settings::from_env();
    let target = target_dir();
    let corpora = target.join("bench-corpus");
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/clinic");
    println!("gloss whole-program benchmarks: {GLOSS}");
    println!("corpora under {}", corpora.display());
    println!("{}", machine_line());

    let old_corpora = corpora.join(".old");
    let _ = std::fs::remove_dir_all(&old_corpora);
    let mut results = Vec::new();
    for &size in &settings.sizes {
        let (guides, per_guide) = if size >= 10_000 { (10, size / 10) } else { (1, size) };
        let large = size >= 10_000;
        let runs = if large { settings.runs_large } else { settings.runs };
        let root = corpora.join(format!("entries-{size}"));
        let started = Instant::now();
        // Last run's corpus is deleted at the end (see `bench_size` on why).
        if root.exists() {
            std::fs::create_dir_all(&old_corpora).expect("cannot make the trash folder");
            std::fs::rename(&root, old_corpora.join(format!("{size}"))).expect("cannot move the old corpus aside");
        }
        let (files, words) = corpus::write_site(&root, guides, per_guide, &theme).expect("cannot write the corpus");
        println!(
            "\n== {size} entries ({guides} guide{} x {per_guide}): {files} source files, {words} words per body, \
             written in {:.1} s; {runs} runs each",
            if guides == 1 { "" } else { "s" },
            started.elapsed().as_secs_f64()
        );
        let runs_over = if large { settings.runs_over_large } else { runs };
        let pressure_before = cpu_pressure();
        let mut result = bench_size(&root, size, guides, runs, runs_over);
        if settings.serve {
            let (starts, edits) = if large { (1, settings.edits_large) } else { (runs, settings.edits) };
            result["serve"] = bench_serve(&root, guides, per_guide, starts, edits);
        }
        let pressure_after = cpu_pressure();
        println!(
            "CPU pressure (some, avg60): {} before, {} after",
            pressure_before.map_or("?".into(), |p| format!("{p:.0}%")),
            pressure_after.map_or("?".into(), |p| format!("{p:.0}%"))
        );
        result["cpu_pressure_some_avg60"] = json!([pressure_before, pressure_after]);
        results.push(result);
    }

    let _ = std::fs::remove_dir_all(&old_corpora);
    print_table(&results);
    let report = json!({
        "machine": machine_json(),
        "binary": GLOSS,
        "settings": {
            "runs": settings.runs, "runs_large": settings.runs_large, "runs_over_large": settings.runs_over_large,
            "edits": settings.edits, "edits_large": settings.edits_large,
        },
        "results": results,
    });
    let path = target.join("bench-results.json");
    std::fs::write(&path, serde_json::to_string_pretty(&report).unwrap()).expect("cannot write the results");
    println!("\nraw results: {}", path.display());
}

/// The target folder the binary was built into (follows `CARGO_TARGET_DIR`).
fn target_dir() -> PathBuf {
    let bin = Path::new(GLOSS);
    bin.parent().and_then(Path::parent).map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("target"))
}

// ---------------------------------------------------------------------------
// One child process, measured

/// Wall time, CPU time and peak memory of one finished child.
#[derive(Clone, Copy, Debug)]
struct Sample {
    wall: f64,
    cpu: f64,
    max_rss_kib: u64,
    status: i32,
}

/// Runs `cmd` to its end and measures it: wall time from spawn to reaping,
/// user + system CPU time and the peak resident set size of the child
/// (`wait4`'s rusage, which covers only that child).
#[allow(clippy::zombie_processes)] // reaped by `wait4` in `reap`, which std cannot see
fn measure(cmd: &mut Command) -> Sample {
    // The files the command before wrote are flushed first, untimed: the
    // kernel writes dirty pages back about 30 s after they were made, which
    // lands that command's disk work in a later command's time (as hyperfine's
    // `--prepare sync` does for I/O benchmarks).
    // SAFETY: sync(2) takes no arguments and cannot fail.
    unsafe { libc::sync() };
    let started = Instant::now();
    let child = cmd.spawn().unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let (status, usage) = reap(&child);
    let wall = started.elapsed().as_secs_f64();
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Sample { wall, cpu: tv(usage.ru_utime) + tv(usage.ru_stime), max_rss_kib: usage.ru_maxrss as u64, status }
}

fn reap(child: &Child) -> (i32, libc::rusage) {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: waiting for a child this process spawned and has not reaped.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let err = std::io::Error::last_os_error();
        assert_eq!(err.kind(), std::io::ErrorKind::Interrupted, "wait4: {err}");
    }
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -libc::WTERMSIG(status) };
    (code, usage)
}

fn gloss(root: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(GLOSS);
    cmd.args(args).current_dir(root).env("NO_COLOR", "1").stdin(Stdio::null()).stdout(Stdio::null());
    cmd.stderr(Stdio::null());
    cmd
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Nearest-rank percentile.
fn percentile(values: &[f64], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

fn summary(samples: &[Sample]) -> Value {
    let wall: Vec<f64> = samples.iter().map(|s| s.wall).collect();
    let cpu: Vec<f64> = samples.iter().map(|s| s.cpu).collect();
    let rss: Vec<f64> = samples.iter().map(|s| s.max_rss_kib as f64).collect();
    json!({
        "median_s": median(&wall),
        "min_s": wall.iter().copied().fold(f64::INFINITY, f64::min),
        "max_s": wall.iter().copied().fold(0.0, f64::max),
        "median_cpu_s": median(&cpu),
        "median_max_rss_kib": median(&rss),
        "max_rss_kib": rss.iter().copied().fold(0.0, f64::max),
        "exit_codes": samples.iter().map(|s| s.status).collect::<Vec<_>>(),
        "samples_s": wall,
    })
}

// ---------------------------------------------------------------------------
// build, check, cp -r

fn bench_size(root: &Path, size: usize, guides: usize, runs: usize, runs_over: usize) -> Value {
    let public = root.join("public");
    let log_dir = root.with_extension("logs");
    std::fs::create_dir_all(&log_dir).expect("cannot make the log folder");
    let _ = std::fs::remove_dir_all(&public);

    // The first build is timed too, with its output kept to report.
    let (out_path, err_path) = (log_dir.join("build.stdout"), log_dir.join("build.stderr"));
    let mut first = gloss(root, &["build"]);
    first.stdout(std::fs::File::create(&out_path).unwrap()).stderr(std::fs::File::create(&err_path).unwrap());
    let mut fresh = vec![measure(&mut first)];
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    println!("first build: {}", stdout.trim());
    if fresh[0].status != 0 {
        println!("gloss build FAILED on the corpus; its first lines:");
        println!("{}", stderr.lines().take(30).collect::<Vec<_>>().join("\n"));
    }
    let warnings = stderr.lines().filter(|l| l.contains(": warning: ")).count();

    // Old outputs are moved aside, not deleted, until the end: on ext4,
    // creating files right after deleting thousands is slowed by the scan
    // for recently deleted inodes, which would make every run slower than
    // the one before it. `gloss build` over an existing output deletes the
    // old one itself, so those runs come last.
    let trash = root.with_extension("trash");
    let mut trashed = 0;
    let mut set_aside = |dir: &Path| {
        if dir.exists() {
            std::fs::create_dir_all(&trash).expect("cannot make the trash folder");
            trashed += 1;
            std::fs::rename(dir, trash.join(trashed.to_string())).expect("cannot move an output aside");
        }
    };
    for _ in 1..runs {
        set_aside(&public);
        fresh.push(measure(&mut gloss(root, &["build"])));
    }
    let (bytes, files) = tree_size(&public);
    let html_pages = count_files(&public, "html");
    // The search index's shards, all of them (a query loads a few).
    let search_folder = public.join("search");
    let search_index = search_folder.is_dir().then(|| tree_size(&search_folder).0);
    let largest = largest_files(&public, 3);

    // cp -r of the same output: the floor for writing it.
    let copy = root.with_extension("copy");
    let mut cp = Vec::new();
    for _ in 0..runs {
        set_aside(&copy);
        let mut cmd = Command::new("cp");
        cmd.arg("-r").arg(&public).arg(&copy).stdout(Stdio::null());
        cp.push(measure(&mut cmd));
    }
    set_aside(&copy);
    let check: Vec<Sample> = (0..runs).map(|_| measure(&mut gloss(root, &["check"]))).collect();
    let over: Vec<Sample> = (0..runs_over).map(|_| measure(&mut gloss(root, &["build"]))).collect();
    let _ = std::fs::remove_dir_all(&trash);

    let result = json!({
        "entries": size,
        "guides": guides,
        "runs": runs,
        "warnings": warnings,
        "build_fresh": summary(&fresh),
        "build_over_existing": summary(&over),
        "check": summary(&check),
        "cp_r": summary(&cp),
        "output_bytes": bytes,
        "output_files": files,
        "output_html_pages": html_pages,
        "largest_files": largest,
        "search_index_bytes": search_index,
    });
    println!(
        "build (fresh) {:.3} s [CPU {:.3} s], build (over existing) {:.3} s, check {:.3} s, peak RSS {:.1} MiB, \
         cp -r {:.3} s, output {} files / {:.1} MiB",
        result["build_fresh"]["median_s"].as_f64().unwrap(),
        result["build_fresh"]["median_cpu_s"].as_f64().unwrap(),
        result["build_over_existing"]["median_s"].as_f64().unwrap_or(f64::NAN),
        result["check"]["median_s"].as_f64().unwrap(),
        result["build_fresh"]["median_max_rss_kib"].as_f64().unwrap() / 1024.0,
        result["cp_r"]["median_s"].as_f64().unwrap(),
        files,
        bytes as f64 / 1048576.0,
    );
    result
}

/// The `n` largest output files, as `[path, bytes]`.
fn largest_files(dir: &Path, n: usize) -> Value {
    let mut files: Vec<(u64, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path()).display().to_string();
            (e.metadata().map_or(0, |m| m.len()), rel)
        })
        .collect();
    files.sort_by(|a, b| b.cmp(a));
    json!(files.into_iter().take(n).map(|(b, p)| json!([p, b])).collect::<Vec<_>>())
}

/// `some avg60` of `/proc/pressure/cpu`: the share of the last minute in
/// which at least one task waited for a CPU.
fn cpu_pressure() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/pressure/cpu").ok()?;
    let some = text.lines().find(|l| l.starts_with("some"))?;
    some.split_whitespace().find_map(|f| f.strip_prefix("avg60="))?.parse().ok()
}

fn tree_size(dir: &Path) -> (u64, u64) {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(b, n), e| (b + e.metadata().map_or(0, |m| m.len()), n + 1))
}

fn count_files(dir: &Path, ext: &str) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .count() as u64
}

// ---------------------------------------------------------------------------
// gloss serve

/// A running `gloss serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        // SIGTERM lets it stop cleanly; a child that does not is killed.
        // SAFETY: signalling our own child, which has not been reaped.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `gloss serve` on a free port and returns once `GET /` answers
    /// 200, with the time that took from the spawn.
    fn start(root: &Path) -> (Server, f64) {
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("no free port").port();
        let started = Instant::now();
        let mut child = Command::new(GLOSS)
            .args(["serve", "--port", &port.to_string()])
            .current_dir(root)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cannot start gloss serve");
        let log = Arc::new(Mutex::new(String::new()));
        for stream in
            [Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>, Box::new(child.stderr.take().unwrap())]
        {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let mut log = log.lock().unwrap();
                    log.push_str(&line);
                    log.push('\n');
                }
            });
        }
        let mut server = Server { child, port, log };
        loop {
            if get_status(server.port, "/") == Some(200) {
                return (server, started.elapsed().as_secs_f64());
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("gloss serve exited ({status}); it said:\n{}", server.log());
            }
            // It may have moved to the next port if ours was taken meanwhile.
            if let Some(moved) = server.log().lines().find_map(|l| {
                l.strip_prefix("Serving ")
                    .and_then(|l| l.rsplit(':').next())
                    .and_then(|p| p.trim_end_matches('/').parse().ok())
            }) {
                server.port = moved;
            }
            assert!(started.elapsed() < SERVE_TIMEOUT, "gloss serve did not answer; it said:\n{}", server.log());
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Peak resident set size so far (VmHWM), in KiB.
    fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }
}

/// `GET path` over a fresh connection; the status code, or `None` if nothing answered.
fn get_status(port: u16, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok()?;
    let head = String::from_utf8_lossy(&answer[..answer.len().min(64)]).into_owned();
    head.split(' ').nth(1)?.parse().ok()
}

/// The live-reload event stream, read by a thread: each event's name and
/// the moment its last line arrived.
struct Events {
    rx: Receiver<(String, Instant)>,
    stream: TcpStream,
}

impl Drop for Events {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("cannot connect to the event stream");
        write!(stream, "GET /__gloss/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n")
            .unwrap();
        let reader = stream.try_clone().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || read_events(reader, tx));
        Events { rx, stream }
    }

    /// The next event named `name`, skipping others, or `None` after `timeout`.
    fn next_named(&self, name: &str, timeout: Duration) -> Option<Instant> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.rx.recv_timeout(left) {
                Ok((event, at)) if event == name => return Some(at),
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
    }

    /// Throws away whatever arrives within `quiet`.
    fn drain(&self, quiet: Duration) -> Vec<String> {
        let mut names = Vec::new();
        while let Ok((event, _)) = self.rx.recv_timeout(quiet) {
            names.push(event);
        }
        names
    }
}

/// Parses the HTTP response head, then the (chunked or plain) body as
/// server-sent events, sending each event's name when its blank line arrives.
fn read_events(stream: TcpStream, tx: mpsc::Sender<(String, Instant)>) {
    let mut reader = BufReader::new(stream);
    let mut chunked = false;
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let l = line.trim_end().to_ascii_lowercase();
        if l.starts_with("transfer-encoding:") && l.contains("chunked") {
            chunked = true;
        }
        if l.is_empty() {
            break;
        }
    }
    let mut name = String::new();
    let mut pending = String::new();
    let mut feed = |text: &str, name: &mut String| -> bool {
        pending.push_str(text);
        while let Some(i) = pending.find('\n') {
            let l: String = pending.drain(..=i).collect();
            let l = l.trim_end_matches(['\n', '\r']);
            if l.is_empty() {
                if !name.is_empty() && tx.send((std::mem::take(name), Instant::now())).is_err() {
                    return false;
                }
            } else if let Some(n) = l.strip_prefix("event:") {
                *name = n.trim().to_string();
            }
        }
        true
    };
    loop {
        if chunked {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let size_text = line.trim().split(';').next().unwrap_or("");
            let Ok(size) = usize::from_str_radix(size_text, 16) else { return };
            if size == 0 {
                return;
            }
            let mut data = vec![0; size + 2];
            if reader.read_exact(&mut data).is_err() {
                return;
            }
            if !feed(&String::from_utf8_lossy(&data[..size]), &mut name) {
                return;
            }
        } else {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || !feed(&line, &mut name) {
                return;
            }
        }
    }
}

/// A file to edit repeatedly in serve, and the event each save should bring.
struct EditCase {
    name: &'static str,
    file: PathBuf,
    event: &'static str,
    /// The file's text for save number `i` (each one different).
    edit: fn(&str, usize) -> String,
}

fn edit_entry(text: &str, i: usize) -> String {
    text.replacen(corpus::EDIT_MARKER, &format!("{}{i}", corpus::EDIT_MARKER), 1)
}

fn edit_css(text: &str, i: usize) -> String {
    format!("{text}\n:root {{ --bench-edit: {i}; }}\n")
}

fn edit_template(text: &str, i: usize) -> String {
    const AT: &str = "<div class=\"prose entry-body\"";
    if text.contains(AT) {
        text.replacen(AT, &format!("{AT} data-bench-edit=\"{i}\""), 1)
    } else {
        text.replacen("{% block content %}", &format!("{{% block content %}}<!-- bench edit {i} -->"), 1)
    }
}

fn bench_serve(root: &Path, guides: usize, per_guide: usize, starts: usize, edits: usize) -> Value {
    let mut startup = Vec::new();
    let mut server = None;
    for _ in 0..starts {
        drop(server.take());
        let (s, took) = Server::start(root);
        startup.push(took);
        server = Some(s);
    }
    let server = server.unwrap();
    let events = Events::open(server.port);
    // A stream opened without the page's version is told to reload at once.
    events.drain(Duration::from_millis(300));
    let entry = root
        .join("content")
        .join(corpus::guide_slug(guides / 2))
        .join(format!("{}.md", corpus::entry_slug(per_guide / 2)));
    let cases = [
        EditCase { name: "entry", file: entry, event: "reload", edit: edit_entry },
        EditCase { name: "css", file: root.join("themes/clinic/static/style.css"), event: "css", edit: edit_css },
        EditCase {
            name: "template",
            file: root.join("themes/clinic/templates/entry.html"),
            event: "reload",
            edit: edit_template,
        },
    ];
    println!(
        "serve: startup (spawn to first GET / answered) {:.3} s median of {}; {edits} saves per case",
        median(&startup),
        startup.len()
    );
    let mut out = json!({ "startup_s": { "median_s": median(&startup), "samples_s": startup } });
    let mut originals = Vec::new();
    for case in &cases {
        let original = std::fs::read_to_string(&case.file).expect("cannot read the file to edit");
        let mut latencies = Vec::new();
        let mut missed = 0;
        let mut other_events = Vec::new();
        let log_before = server.log().len();
        for i in 0..edits {
            let text = (case.edit)(&original, i);
            assert_ne!(text, original, "the edit must change {}", case.file.display());
            let saved = Instant::now();
            std::fs::write(&case.file, &text).expect("cannot save");
            match events.next_named(case.event, SERVE_TIMEOUT) {
                Some(at) => latencies.push(at.duration_since(saved).as_secs_f64()),
                None => missed += 1,
            }
            other_events.extend(events.drain(PAUSE));
        }
        // Left edited until the server stops: restoring now would cost one more rebuild.
        originals.push((case.file.clone(), original));
        let rebuilds = rebuild_times(&server.log()[log_before..]);
        println!(
            "serve {:<8} save -> `{}`: median {:>7.1} ms, p95 {:>7.1} ms, max {:>7.1} ms; server's own rebuild \
             median {} ms{}",
            case.name,
            case.event,
            median(&latencies) * 1e3,
            percentile(&latencies, 95.0) * 1e3,
            latencies.iter().copied().fold(0.0, f64::max) * 1e3,
            if rebuilds.is_empty() { "-".to_string() } else { format!("{:.0}", median(&rebuilds)) },
            if missed > 0 { format!(", {missed} saves brought no event") } else { String::new() },
        );
        out[case.name] = json!({
            "event": case.event,
            "median_s": median(&latencies),
            "p95_s": percentile(&latencies, 95.0),
            "missed": missed,
            "extra_events": other_events,
            "server_rebuild_median_ms": median(&rebuilds),
            "samples_s": latencies,
        });
    }
    out["peak_rss_kib"] = json!(server.peak_rss_kib());
    drop(events);
    drop(server);
    for (file, text) in originals {
        std::fs::write(file, text).expect("cannot restore an edited file");
    }
    out
}

/// The `Rebuilt in N ms` figures the server printed.
fn rebuild_times(log: &str) -> Vec<f64> {
    log.lines().filter_map(|l| l.strip_prefix("Rebuilt in ")?.split(' ').next()?.parse().ok()).collect()
}

// ---------------------------------------------------------------------------
// Report

fn machine_json() -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model =
        cpuinfo.lines().find_map(|l| l.strip_prefix("model name")).map(|l| l.trim_start_matches([' ', '\t', ':']));
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kib: Option<u64> = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok());
    json!({
        "cpus": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "cpu_model": model,
        "mem_kib": mem_kib,
        "loadavg": std::fs::read_to_string("/proc/loadavg").ok().map(|s| s.trim().to_string()),
    })
}

fn machine_line() -> String {
    let m = machine_json();
    format!(
        "machine: {} CPUs ({}), {:.1} GiB RAM, load average {}",
        m["cpus"],
        m["cpu_model"].as_str().unwrap_or("?"),
        m["mem_kib"].as_f64().unwrap_or(0.0) / 1048576.0,
        m["loadavg"].as_str().unwrap_or("?")
    )
}

fn print_table(results: &[Value]) {
    let s = |v: &Value| v.as_f64().map_or("-".to_string(), |x| format!("{x:.3} s"));
    let ms = |v: &Value| v.as_f64().map_or("-".to_string(), |x| format!("{:.0} ms", x * 1e3));
    let mib = |v: &Value| v.as_f64().map_or("-".to_string(), |x| format!("{:.1} MiB", x / 1024.0));
    let header: Vec<String> = results.iter().map(|r| format!("{} entries", r["entries"])).collect();
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut row = |label: &str, f: &dyn Fn(&Value) -> String| {
        rows.push((label.to_string(), results.iter().map(f).collect()));
    };
    row("build, fresh output (median)", &|r| s(&r["build_fresh"]["median_s"]));
    row("  CPU time (user+sys)", &|r| s(&r["build_fresh"]["median_cpu_s"]));
    row("  peak RSS", &|r| mib(&r["build_fresh"]["median_max_rss_kib"]));
    row("build, over existing output", &|r| s(&r["build_over_existing"]["median_s"]));
    row("  peak RSS", &|r| mib(&r["build_over_existing"]["median_max_rss_kib"]));
    row("check (median)", &|r| s(&r["check"]["median_s"]));
    row("  CPU time (user+sys)", &|r| s(&r["check"]["median_cpu_s"]));
    row("  peak RSS", &|r| mib(&r["check"]["median_max_rss_kib"]));
    row("cp -r of the output (floor)", &|r| s(&r["cp_r"]["median_s"]));
    row("build / cp -r", &|r| match (r["build_fresh"]["median_s"].as_f64(), r["cp_r"]["median_s"].as_f64()) {
        (Some(b), Some(c)) if c > 0.0 => format!("{:.1}x", b / c),
        _ => "-".into(),
    });
    row("output files (HTML pages)", &|r| format!("{} ({})", r["output_files"], r["output_html_pages"]));
    row("output size", &|r| r["output_bytes"].as_f64().map_or("-".into(), |b| format!("{:.1} MiB", b / 1048576.0)));
    row("search index size", &|r| {
        r["search_index_bytes"].as_f64().map_or("n/a".into(), |b| format!("{:.1} KiB", b / 1024.0))
    });
    row("warnings printed", &|r| r["warnings"].to_string());
    row("serve startup (to GET / 200)", &|r| s(&r["serve"]["startup_s"]["median_s"]));
    for (case, event) in [("entry", "reload"), ("css", "css"), ("template", "reload")] {
        row(&format!("serve {case} save -> {event}, median"), &|r| ms(&r["serve"][case]["median_s"]));
        row("  p95", &|r| ms(&r["serve"][case]["p95_s"]));
    }
    row("serve peak RSS (VmHWM)", &|r| mib(&r["serve"]["peak_rss_kib"]));
    row("CPU pressure avg60 (before)", &|r| {
        r["cpu_pressure_some_avg60"][0].as_f64().map_or("?".into(), |p| format!("{p:.0}%"))
    });

    let width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0);
    println!("\n{:<width$}  {}", "figure", header.iter().map(|h| format!("{h:>16}")).collect::<String>());
    for (label, cells) in rows {
        println!("{label:<width$}  {}", cells.iter().map(|c| format!("{c:>16}")).collect::<String>());
    }
}
