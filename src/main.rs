//! The `gloss` command line: parses arguments and runs the pipeline.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use gloss::diagnostic::{Diagnostic, Severity};

/// jemalloc instead of the system allocator. A build allocates and frees a
/// guide's worth of pages, rendered bodies and template values for each
/// guide, a pattern glibc's malloc spends a good deal of a build on (in
/// `_int_free` and `malloc_consolidate`); docs/benchmarks.md has the figures.
#[cfg(unix)]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings, which it reads before `main` from this symbol (the
/// crate's symbols are prefixed, hence the name; `_RJEM_MALLOC_CONF` in the
/// environment is read after it and wins).
///
/// `oversize_threshold`: blocks over 1 MiB (a guide page is megabytes of
/// HTML, made and freed once per guide) come from an arena that gives their
/// memory back to the system as soon as they are freed. Under jemalloc's
/// default threshold, which is above most guide pages, freed pages are kept
/// for seconds after use, and a large build's peak memory holds the pages
/// of several guides at once.
#[cfg(unix)]
#[unsafe(export_name = "_rjem_malloc_conf")]
static JEMALLOC_CONF: JemallocConf = JemallocConf(c"oversize_threshold:1048576".as_ptr());

/// A pointer to a NUL-terminated static string, which is what jemalloc reads
/// `malloc_conf` as (a `const char *`).
#[cfg(unix)]
#[repr(transparent)]
struct JemallocConf(*const std::ffi::c_char);

// SAFETY: the pointer is to an immutable static string; nothing writes
// through it.
#[cfg(unix)]
unsafe impl Sync for JemallocConf {}

/// Starts jemalloc's background thread, which gives freed memory back to
/// the system after its decay time. Without it jemalloc purges only when a
/// thread allocates, and the dev server, idle between saves, would keep the
/// previous build's pages resident until the next one. `build` and `check`
/// do without: they exit when done, and the thread would raise their peak.
fn give_back_freed_memory_while_idle() {
    #[cfg(unix)]
    if let Err(e) = tikv_jemalloc_ctl::background_thread::write(true) {
        eprintln!("warning: memory freed by a rebuild stays resident until the next ({e})");
    }
}

/// Lets a closed pipe end gloss the way it ends `cat` or `grep`. The Rust
/// runtime ignores SIGPIPE, so a write to a closed pipe (`gloss check | head`
/// once `head` has its lines) is an error, and `println!`/`eprintln!` panic on
/// it; with the signal's default action the process just stops.
fn die_quietly_on_a_closed_pipe() {
    // SAFETY: called at the start of `main`, before any other thread exists;
    // setting a signal's disposition to its default has no other effect.
    #[cfg(unix)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[derive(Parser)]
#[command(name = "gloss", version, about = "Static site generator for patient-education guides")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default)
    Build {
        /// The site folder (default: the nearest folder above with gloss.yaml)
        #[arg(long)]
        root: Option<PathBuf>,
        /// Where to write the site (default: <root>/public)
        #[arg(long)]
        output: Option<PathBuf>,
        /// Include entries and guides marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Publish the site even if it has no guides (otherwise an error, so that an emptied content/ never replaces the site)
        #[arg(long)]
        allow_empty: bool,
        /// Write the host's caching rules into the output (.htaccess, or _headers), over gloss.yaml's `host:`
        #[arg(long, value_enum)]
        host: Option<gloss::host_rules::Host>,
    },
    /// Report every problem in the site without writing anything
    Check {
        #[arg(long)]
        root: Option<PathBuf>,
        /// Exit with an error on warnings too
        #[arg(long)]
        strict: bool,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Check entries and guides marked `draft: true` too, as `build --drafts` would publish them
        #[arg(long)]
        drafts: bool,
        /// Do not report a site without guides as an error
        #[arg(long)]
        allow_empty: bool,
    },
    /// Serve the site from memory, rebuilding and reloading open pages on every save
    Serve {
        #[arg(long)]
        root: Option<PathBuf>,
        /// The address to listen on (another machine can connect only with 0.0.0.0)
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The port to listen on; the next free one is taken if it is in use (0: any free port)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in a browser
        #[arg(long)]
        open: bool,
        /// Include entries and guides marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new site: a commented gloss.yaml, a sample guide and the default theme
    Init {
        /// The folder to create the site in (default: the current folder)
        dir: Option<PathBuf>,
        /// Add the site's files to a folder that is not empty (existing files are never overwritten)
        #[arg(long)]
        force: bool,
    },
    /// Start a new entry (GUIDE/SLUG --title "Question?") or a new guide (GUIDE)
    New {
        /// `guide/slug` for an entry in an existing guide, or `guide` for a new guide
        #[arg(value_name = "GUIDE[/SLUG]")]
        target: String,
        /// The entry's question, or the guide's title (default for a guide: made from its name)
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Keep track of translations: which version of its source each was reviewed against
    Translation {
        #[command(subcommand)]
        action: TranslationAction,
    },
}

#[derive(Subcommand)]
enum TranslationAction {
    /// Mark a translation reviewed against its source as it is now (writes translation_reviewed_by, translation_reviewed, translation_source)
    Reviewed {
        /// The translation, e.g. content/microneedling/is-it-painful.es.md
        file: PathBuf,
        /// Who reviewed the translation
        #[arg(long)]
        by: String,
        /// The day of the review, YYYY-MM-DD (default: today)
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        #[arg(long)]
        root: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The dev server writes to its clients' sockets, where a closed
    // connection must be an error to handle, not a signal that ends it.
    if !matches!(cli.command, Command::Serve { .. }) {
        die_quietly_on_a_closed_pipe();
    }
    // A malformed SOURCE_DATE_EPOCH would otherwise fall back to today
    // unseen, and the build it was meant to pin would differ after all.
    if let Err(message) = gloss::judging_day() {
        eprintln!("error: {message}\n  = help: set it to a whole number such as 1767225600, or unset it");
        return ExitCode::FAILURE;
    }
    let result = match cli.command {
        Command::Build { root, output, drafts, allow_empty, host } => {
            build(root, output, gloss::BuildOptions { allow_empty, host, ..gloss::BuildOptions::new(drafts) })
        }
        Command::Check { root, strict, format, drafts, allow_empty } => {
            check(root, strict, format, gloss::BuildOptions { allow_empty, ..gloss::BuildOptions::new(drafts) })
        }
        Command::Serve { root, bind, port, open, drafts } => site_root(root).and_then(|root| {
            give_back_freed_memory_while_idle();
            gloss::serve::run(gloss::serve::ServeOptions { root, bind, port, open, drafts }).map(|()| ExitCode::SUCCESS)
        }),
        Command::Init { dir, force } => init(dir, force),
        Command::New { target, title, root } => new(&target, title.as_deref(), root),
        Command::Translation { action: TranslationAction::Reviewed { file, by, date, root } } => {
            translation_reviewed(&file, &by, date, root)
        }
    };
    result.unwrap_or_else(|message| {
        eprintln!("error: {message}");
        ExitCode::FAILURE
    })
}

fn site_root(root: Option<PathBuf>) -> Result<PathBuf, String> {
    let start = match root {
        Some(root) => return Ok(root),
        None => std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?,
    };
    gloss::config::find_site_root(&start).ok_or_else(|| {
        format!(
            "no gloss.yaml in {} or any folder above it\n  = help: run gloss inside a site, or pass --root DIR",
            start.display()
        )
    })
}

fn build(root: Option<PathBuf>, output: Option<PathBuf>, options: gloss::BuildOptions) -> Result<ExitCode, String> {
    let started = Instant::now();
    let root = site_root(root)?;
    let out_dir = output.unwrap_or_else(|| root.join("public"));
    // Pages are written as they are rendered; the output is swapped in only
    // if the build has no errors.
    let (build, written) = gloss::write_site(&root, options, &out_dir);
    print_diagnostics(&build.diagnostics);
    if build.has_errors() {
        eprintln!(
            "{}; nothing was written, {} is unchanged",
            counts(build.errors(), build.warnings()),
            out_dir.display()
        );
        return Ok(ExitCode::FAILURE);
    }
    written.map_err(|e| format!("{e}\n  = help: {}", e.help()))?;
    let pages = build.pages;
    println!(
        "Built {}, {pages} pages in {} ms ({} warning{}) → {}",
        build.contents(),
        started.elapsed().as_millis(),
        build.warnings(),
        plural(build.warnings(), "", "s"),
        display_path(&out_dir),
    );
    Ok(ExitCode::SUCCESS)
}

fn check(
    root: Option<PathBuf>,
    strict: bool,
    format: Format,
    options: gloss::BuildOptions,
) -> Result<ExitCode, String> {
    let root = site_root(root)?;
    let build = gloss::check_site(&root, options);
    match format {
        Format::Human => {
            print_diagnostics(&build.diagnostics);
            eprintln!("{}", counts(build.errors(), build.warnings()));
        }
        Format::Json => {
            let json = serde_json::to_string_pretty(&build.diagnostics).map_err(|e| e.to_string())?;
            println!("{json}");
        }
    }
    let failed = build.has_errors() || (strict && build.warnings() > 0);
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn init(dir: Option<PathBuf>, force: bool) -> Result<ExitCode, String> {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    let report = gloss::scaffold::init(&dir, force).map_err(|e| format!("{e}\n  = help: {}", e.help()))?;
    let shown = display_path(&dir);
    let cwd = std::env::current_dir().and_then(|d| d.canonicalize()).ok();
    let here = shown.is_empty() || dir.canonicalize().ok() == cwd;
    if report.written.is_empty() {
        println!(
            "Wrote nothing: every file of a new site is already in {}.",
            if here { "this folder" } else { &shown }
        );
    } else {
        println!("Created a gloss site in {}:", if here { "this folder" } else { &shown });
        for path in &report.written {
            println!("  {path}");
        }
    }
    if !report.skipped.is_empty() {
        println!(
            "Skipped {} file{} that already existed (left unchanged):",
            report.skipped.len(),
            plural(report.skipped.len(), "", "s")
        );
        for path in &report.skipped {
            println!("  {path}");
        }
    }
    println!();
    println!("The sample guide has had no medical review and its practice is made up: replace them with");
    println!("your own, and set base_url in gloss.yaml, before you publish (`gloss check` lists what is left).");
    println!("Next:");
    let cd = if here { String::new() } else { format!("cd {} && ", shell_word(&shown)) };
    println!("  {cd}gloss serve      # preview at http://127.0.0.1:1111/, updated on every save");
    println!("  gloss new microneedling/a-question --title \"A question?\"   # start a new entry");
    println!("  gloss build      # write the site into public/");
    Ok(ExitCode::SUCCESS)
}

fn new(target: &str, title: Option<&str>, root: Option<PathBuf>) -> Result<ExitCode, String> {
    use gloss::scaffold::NewTarget;
    let as_error = |e: gloss::scaffold::Error| format!("{e}\n  = help: {}", e.help());
    let target = NewTarget::parse(target).map_err(as_error)?;
    let root = site_root(root)?;
    let today = chrono::Local::now().date_naive();
    match target {
        NewTarget::Entry { guide, slug } => {
            let title = title.ok_or_else(|| {
                format!(
                    "a new entry needs its question, the page's title\n  = help: gloss new {guide}/{slug} --title \"The patient's question?\""
                )
            })?;
            let path = gloss::scaffold::new_entry(&root, &guide, &slug, title, today).map_err(as_error)?;
            println!("Wrote {}", display_path(&root.join(&path)));
            println!("It is a draft (`draft: true`): it stays out of the site until you delete that line.");
            println!("`gloss serve --drafts` shows it while you write.");
        }
        NewTarget::Guide(guide) => {
            let path = gloss::scaffold::new_guide(&root, &guide, title, today).map_err(as_error)?;
            println!("Wrote {}", display_path(&root.join(&path)));
            println!("Add its first question: gloss new {guide}/a-question --title \"A question?\"");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn translation_reviewed(
    file: &Path,
    by: &str,
    date: Option<chrono::NaiveDate>,
    root: Option<PathBuf>,
) -> Result<ExitCode, String> {
    let root = site_root(root)?;
    let date = date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let marked = gloss::translation_trail::mark_reviewed(&root, file, by, date)
        .map_err(|e| format!("{e}\n  = help: {}", e.help()))?;
    println!(
        "Marked {} reviewed by {by} on {} against its source as it is now.",
        marked.translation.display(),
        date.format("%Y-%m-%d")
    );
    println!("Kept a copy of that source in {}, to show what changes in it later.", marked.kept_source.display());
    Ok(ExitCode::SUCCESS)
}

/// `path` as one word for a POSIX shell: quoted when it has anything but
/// letters, digits and `/._-`.
fn shell_word(path: &str) -> String {
    if path.chars().all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c)) {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diagnostics {
        let text = d.to_string();
        if colour {
            let (code, word) = match d.severity {
                Severity::Error => ("31", "error"),
                Severity::Warning => ("33", "warning"),
            };
            let text = text.replacen(&format!(" {word}: "), &format!(" \x1b[1;{code}m{word}\x1b[0m: "), 1);
            eprintln!("{text}\n");
        } else {
            eprintln!("{text}\n");
        }
    }
}

fn counts(errors: usize, warnings: usize) -> String {
    format!("{errors} error{}, {warnings} warning{}", plural(errors, "", "s"), plural(warnings, "", "s"))
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    path.strip_prefix(&cwd).unwrap_or(path).display().to_string()
}
