//! Dev mode, `gloss serve`: builds the site into memory, serves it over HTTP,
//! watches the sources and, on every save, rebuilds and tells each open page
//! over one server-sent event stream to reload, swap its stylesheet, or show
//! the build's errors over the last version that built.
//!
//! It never writes the output folder. Submodules:
//! - [`state`]: the served output (swapped atomically), rebuild and apply;
//! - [`reload`]: what a rebuild means for open pages, and the live script;
//! - `http`: the axum routes;
//! - `watch`: notify watches, event filtering, the rebuild thread;
//! - `unchanged_files`: content files whose metadata says they did not
//!   change are not read again.

mod http;
pub mod reload;
pub mod state;
mod unchanged_files;
mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use state::{DevSite, Outcome};
use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How many ports above the one asked for `serve` tries when it is taken.
const PORT_TRIES: u16 = 20;

/// How long open connections get to finish after Ctrl-C. Pages come from
/// memory and event streams are ended by the server, so only a client that
/// stopped mid-request is still open by then.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

/// How long a connection may take to send a request's headers, counted from
/// when it opens or its last answer: a half-sent or idle connection gives
/// its slot up after this.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);

/// How many connections are served at once; more wait in the listen queue
/// until one closes. Each holds a file descriptor, and rebuilds need file
/// descriptors to read the site.
const MAX_CONNECTIONS: usize = 256;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system choose a free port.
    pub port: u16,
    pub open: bool,
    pub drafts: bool,
}

/// Runs the dev server until Ctrl-C (or SIGTERM).
pub fn run(options: ServeOptions) -> Result<(), String> {
    let root = options.root.canonicalize().map_err(|e| format!("cannot open {}: {e}", options.root.display()))?;
    let site = Arc::new(DevSite::new(&root, options.drafts));

    let started = Instant::now();
    let build = site.rebuild();
    let (contents, warnings) = (build.summary.contents(), build.summary.warnings());
    match site.apply(build) {
        Outcome::Failed(errors) => {
            for d in errors.iter() {
                eprintln!("{d}\n");
            }
            eprintln!(
                "{} error{}: the site does not build yet; pages show the errors until a save fixes them",
                errors.len(),
                plural(errors.len(), "", "s")
            );
        }
        Outcome::Built(_) => println!(
            "Built {contents} in {} ms ({warnings} warning{}; `gloss check` lists them)",
            started.elapsed().as_millis(),
            plural(warnings, "", "s"),
        ),
    }

    let listener = bind(options.bind, options.port)?;
    let address = listener.local_addr().map_err(|e| format!("cannot read the server's address: {e}"))?;
    let url = url(address);
    watch::start(site.clone(), watch::print_outcome)?;
    let title = crate::config::load(&root).map(|c| c.title).unwrap_or_else(|_| "the site".into());
    println!("Serving {title} at {url}");
    println!("Readability report: {url}{}", &reload::READABILITY_PATH[1..]);
    println!("Watching for changes; press Ctrl-C to stop.");
    if options.open {
        open_browser(&url);
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(serve(listener, site))?;
    println!("Stopped. Nothing was written.");
    Ok(())
}

/// Binds `port`, or the next free one above it when it is taken.
fn bind(address: IpAddr, port: u16) -> Result<TcpListener, String> {
    let last = if port == 0 { 0 } else { port.saturating_add(PORT_TRIES) };
    let mut port = port;
    loop {
        match TcpListener::bind((address, port)) {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port < last => {
                eprintln!("Port {port} is in use; trying {}", port + 1);
                port += 1;
            }
            Err(e) => {
                return Err(format!(
                    "cannot listen on {}: {e}\n  = help: pass another `--port`, or `--port 0` for any free one",
                    SocketAddr::new(address, port)
                ));
            }
        }
    }
}

fn url(address: SocketAddr) -> String {
    match address.ip() {
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", address.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", address.port()),
    }
}

/// Opens `url` in the desktop's browser; a machine without one is no error.
fn open_browser(url: &str) {
    if let Err(e) = open::that_detached(url) {
        eprintln!("note: could not open a browser ({e}); open {url} yourself");
    }
}

/// Serves `site` until Ctrl-C, one task per connection (HTTP/1.1, with
/// [`HEADER_READ_TIMEOUT`], at most [`MAX_CONNECTIONS`]), then ends the event
/// streams and gives the connections [`SHUTDOWN_GRACE`] to close.
async fn serve(listener: TcpListener, site: Arc<DevSite>) -> Result<(), String> {
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
    let app = http::router(site.clone());
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let connections = GracefulShutdown::new();
    let stop = stop_signal();
    tokio::pin!(stop);
    loop {
        let (stream, slot) = tokio::select! {
            () = &mut stop => break,
            accepted = accept(&listener, &slots) => accepted,
        };
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ_TIMEOUT)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let connection = connections.watch(connection);
        tokio::spawn(async move {
            // A client that goes away mid-answer is no error of the server's.
            let _ = connection.await;
            drop(slot);
        });
    }
    println!("\nStopping…");
    // Event streams never end by themselves: end them, then let the
    // connections close.
    site.shutdown();
    tokio::select! {
        () = connections.shutdown() => {},
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {},
    }
    Ok(())
}

/// The next connection, once a slot is free. An accept error (too many open
/// files, a connection reset before it was accepted) is waited out.
async fn accept(listener: &tokio::net::TcpListener, slots: &Arc<Semaphore>) -> (TcpStream, OwnedSemaphorePermit) {
    let Ok(slot) = slots.clone().acquire_owned().await else {
        // The semaphore is never closed.
        return std::future::pending().await;
    };
    loop {
        match listener.accept().await {
            Ok((stream, _)) => return (stream, slot),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {},
                    _ = term.recv() => {},
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}
