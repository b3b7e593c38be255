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

use state::{DevSite, Outcome};

/// How many ports above the one asked for `serve` tries when it is taken.
const PORT_TRIES: u16 = 20;

/// How long open connections get to finish after Ctrl-C.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

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
    let (guides, entries, warnings) = (build.summary.guides, build.summary.entries, build.summary.warnings());
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
            "Built {guides} guide{}, {entries} entr{} in {} ms ({warnings} warning{}; `gloss check` lists them)",
            plural(guides, "", "s"),
            plural(entries, "y", "ies"),
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

async fn serve(listener: TcpListener, site: Arc<DevSite>) -> Result<(), String> {
    listener.set_nonblocking(true).map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
    let (stop_tx, mut stop_rx) = tokio::sync::watch::channel(false);
    let app = http::router(site.clone());
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        stop_signal().await;
        println!("\nStopping…");
        // Event streams never end by themselves: end them, then let the
        // server close the connections.
        site.shutdown();
        let _ = stop_tx.send(true);
    });
    let grace = async move {
        let _ = stop_rx.wait_for(|stopped| *stopped).await;
        tokio::time::sleep(SHUTDOWN_GRACE).await;
    };
    tokio::select! {
        result = server => result.map_err(|e| format!("the server failed: {e}")),
        () = grace => Ok(()),
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
