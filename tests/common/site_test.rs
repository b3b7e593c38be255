//! The harness the integration tests tell their stories with (after mdBook's
//! `BookTest`): a site, a `gloss` command run on it through the real binary,
//! and what the user sees: the exit status, the terminal, the pages written.
//!
//! ```ignore
//! let site = TestSite::fixture("minimal").file("content/peels/a.md", "---\ntitle: A?\n---\nSee [b](b.md).\n");
//! let run = site.run("build").fails();
//! insta::assert_snapshot!(run.terminal());
//! assert!(!site.has_output(""));
//! ```
//!
//! A site starts from a fixture (`tests/fixtures/<name>/`, a small site made
//! for one purpose), from the shipped site, or empty, and takes files
//! inline. Every run has a watchdog, so a gloss that hangs fails the test
//! instead of blocking the suite.
//!
//! What varies from run to run is replaced in everything a test reads
//! (terminal output and output files, see [`Normalise`]): the site's temp
//! folder is `[SITE]`, a duration is `[TIME] ms`, today's date is `[TODAY]`
//! (and the next review `gloss new` suggests, a year on, `[TODAY+365d]`) and
//! an asset's fingerprint is `[fingerprint]`. Fixtures use dates in the past
//! or a century ahead, so no page or warning changes as days go by.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use super::{copy_dir, files_under, repo_root};

/// How long a command may run before the test fails: generous, since the
/// suite shares two cores with the browser tests.
const WATCHDOG: Duration = Duration::from_secs(120);

/// A site in a temp folder, removed when the test ends.
/// The day every gloss the tests run judges reviews against
/// (`SOURCE_DATE_EPOCH`, 2026-12-06): fixtures and the shipped guide carry
/// real review dates, and a suite that read the clock would start failing
/// the day one of them falls due.
pub const JUDGING_DAY_EPOCH: &str = "1796515200";

pub struct TestSite {
    dir: tempfile::TempDir,
    normalise: Normalise,
}

impl TestSite {
    /// A site with the `clinic` theme and nothing else: files come inline.
    pub fn empty() -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        let normalise = Normalise::for_site(dir.path());
        TestSite { dir, normalise }.theme("clinic")
    }

    /// A copy of `tests/fixtures/<name>` with the shipped `clinic` theme
    /// (a fixture's own `themes/clinic` files replace the shipped ones).
    pub fn fixture(name: &str) -> TestSite {
        let from = repo_root().join("tests/fixtures").join(name);
        assert!(from.is_dir(), "no fixture {}", from.display());
        let site = TestSite::empty();
        copy_dir(&from, site.path());
        site
    }

    /// A copy of the shipped site: gloss.yaml, content/ and every theme.
    pub fn shipped() -> TestSite {
        let site = TestSite::empty();
        copy_dir(&repo_root().join("content"), &site.path().join("content"));
        copy_dir(&repo_root().join("themes"), &site.path().join("themes"));
        std::fs::copy(repo_root().join("gloss.yaml"), site.path().join("gloss.yaml")).unwrap();
        site
    }

    /// Adds the shipped theme `name` (under `themes/`).
    pub fn theme(self, name: &str) -> TestSite {
        copy_dir(&repo_root().join("themes").join(name), &self.path().join("themes").join(name));
        self
    }

    /// Writes `contents` to `path` (relative to the site), making its folders.
    pub fn file(self, path: &str, contents: impl AsRef<[u8]>) -> TestSite {
        let path = self.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Writes each `(path, text)`.
    pub fn files(self, files: &[(&str, &str)]) -> TestSite {
        files.iter().fold(self, |site, (path, text)| site.file(path, text))
    }

    /// Rewrites the text of `path` (relative to the site) with `change`.
    pub fn edit(self, path: &str, change: impl FnOnce(String) -> String) -> TestSite {
        let text = std::fs::read_to_string(self.path().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        let changed = change(text.clone());
        assert_ne!(text, changed, "the edit changed nothing in {path}");
        self.file(path, changed)
    }

    /// Removes a file or folder of the site.
    pub fn remove(self, path: &str) -> TestSite {
        let path = self.path().join(path);
        if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) }
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        self
    }

    /// The site's folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `gloss ARGS` in the site's folder (`args` split at spaces; use
    /// [`TestSite::command`] for an argument with a space in it).
    pub fn run(&self, args: &str) -> Run {
        self.command(&args.split_whitespace().collect::<Vec<_>>()).run()
    }

    /// A `gloss` command to set up further before it runs.
    pub fn command(&self, args: &[&str]) -> GlossCommand<'_> {
        GlossCommand {
            site: self,
            args: args.iter().map(|a| a.to_string()).collect(),
            dir: self.path().to_path_buf(),
            user: None,
            timeout: WATCHDOG,
            env: Vec::new(),
        }
    }

    /// Runs `gloss build`, which must succeed.
    pub fn built(self) -> TestSite {
        self.run("build").succeeds();
        self
    }

    /// The text of `public/<rel>`, normalised.
    #[track_caller]
    pub fn output(&self, rel: &str) -> String {
        let path = self.path().join("public").join(rel);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        self.normalise.text(&text)
    }

    /// Whether `public/<rel>` exists.
    pub fn has_output(&self, rel: &str) -> bool {
        self.path().join("public").join(rel).exists()
    }

    /// Every file under `public/`, one a line, sorted, normalised.
    pub fn output_files(&self) -> String {
        self.normalise.text(&files_under(&self.path().join("public")).join("\n"))
    }

    /// The text of a file of the site (not of the output), normalised.
    #[track_caller]
    pub fn source(&self, rel: &str) -> String {
        let path = self.path().join(rel);
        self.normalise.text(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
    }

    /// The part of a page that is entry `guide/entry`, as it is written
    /// there: on its own page the `<article>`, on its guide page the answer
    /// inside its `<details>`, on the print page its `<section>` (clinic's
    /// and warm's markup).
    #[track_caller]
    pub fn entry_in(&self, placement: Placement, guide: &str, entry: &str) -> String {
        let opening = match placement {
            Placement::Entry => "<article class=\"entry\"".to_string(),
            Placement::Guide => format!("<div id=\"{entry}\""),
            Placement::Print => format!("<section id=\"{entry}\""),
        };
        element(&self.output(&placement.page(guide, entry)), &opening).to_string()
    }
}

/// The three pages an entry's body is on: its own page, its guide's page
/// and its guide's print handout.
#[derive(Debug, Clone, Copy)]
pub enum Placement {
    Entry,
    Guide,
    Print,
}

impl Placement {
    pub const ALL: [Placement; 3] = [Placement::Entry, Placement::Guide, Placement::Print];

    /// The page entry `guide/entry` is on in this placement.
    pub fn page(self, guide: &str, entry: &str) -> String {
        match self {
            Placement::Entry => format!("{guide}/{entry}/index.html"),
            Placement::Guide => format!("{guide}/index.html"),
            Placement::Print => format!("{guide}/print/index.html"),
        }
    }

    /// What a snapshot of entry `guide/entry` in this placement shows.
    pub fn describe(self, guide: &str, entry: &str) -> String {
        let how = match self {
            Placement::Entry => "on its own page: links from ../../, headings and ids as written",
            Placement::Guide => "on its guide page: links from ../, headings one level down, ids prefixed",
            Placement::Print => "on the print handout: links from ../../, headings and ids as on the guide page",
        };
        format!("content/{guide}/{entry}.md {how} ({})", self.page(guide, entry))
    }

    /// The snapshot name's suffix.
    pub fn name(self) -> &'static str {
        match self {
            Placement::Entry => "entry_page",
            Placement::Guide => "guide_page",
            Placement::Print => "print_page",
        }
    }
}

/// The element of `html` whose opening tag starts with `opening` (which
/// must occur once), from its `<` to its matching end tag, byte for byte.
#[track_caller]
pub fn element<'h>(html: &'h str, opening: &str) -> &'h str {
    assert_eq!(html.matches(opening).count(), 1, "`{opening}` is not on the page once:\n{html}");
    let start = html.find(opening).unwrap();
    let name: String = opening[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 0usize;
    let mut at = start;
    loop {
        let next_open = html[at..].find(&open).map(|i| at + i);
        let next_close = html[at..].find(&close).map(|i| at + i);
        match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => {
                // `<details` but not `<detailsx`.
                if html[o + open.len()..].starts_with([' ', '>', '\n']) {
                    depth += 1;
                }
                at = o + open.len();
            }
            (_, Some(c)) => {
                depth -= 1;
                at = c + close.len();
                if depth == 0 {
                    return &html[start..at];
                }
            }
            (_, None) => panic!("`{opening}` is never closed:\n{html}"),
        }
    }
}

/// `gloss` with its arguments, before it runs.
pub struct GlossCommand<'s> {
    site: &'s TestSite,
    args: Vec<String>,
    dir: PathBuf,
    user: Option<(u32, u32)>,
    timeout: Duration,
    env: Vec<(String, String)>,
}

impl GlossCommand<'_> {
    /// Runs in `sub`, a folder of the site, instead of its root.
    pub fn in_dir(mut self, sub: &str) -> Self {
        self.dir = self.site.path().join(sub);
        self
    }

    /// Runs as user `uid` and group `gid` (the test must run as root). The
    /// site's temp folder is opened to others for it (files are made 0644).
    #[cfg(unix)]
    pub fn user(mut self, uid: u32, gid: u32) -> Self {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(self.site.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        for folder in self.site.path().ancestors().skip(1) {
            let mode = std::fs::metadata(folder).unwrap().permissions().mode();
            assert!(
                mode & 0o001 != 0,
                "{} is closed to other users (TMPDIR?): gloss could not reach the site",
                folder.display()
            );
        }
        self.user = Some((uid, gid));
        self
    }

    /// Sets `name` to `value` in gloss's environment, over the harness's own.
    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.to_string(), value.to_string()));
        self
    }

    /// Fails the test if gloss has not finished after `timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Runs gloss, waiting at most the timeout; kills it and fails the
    /// test if it takes longer.
    #[track_caller]
    pub fn run(self) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_gloss"));
        command
            .args(&self.args)
            .current_dir(&self.dir)
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", JUDGING_DAY_EPOCH)
            .envs(self.env.iter().map(|(name, value)| (name, value)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        if let Some((uid, gid)) = self.user {
            use std::os::unix::process::CommandExt;
            command.uid(uid).gid(gid);
        }
        let mut child = command.spawn().expect("gloss runs");
        let drain = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = pipe.read_to_end(&mut bytes);
                bytes
            })
        };
        let stdout = drain(Box::new(child.stdout.take().unwrap()));
        let stderr = drain(Box::new(child.stderr.take().unwrap()));
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > self.timeout {
                let _ = child.kill();
                let _ = child.wait();
                panic!("`gloss {}` did not finish within {:?}", self.args.join(" "), self.timeout);
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let text = |bytes: Vec<u8>| self.site.normalise.text(&String::from_utf8_lossy(&bytes));
        Run {
            command: format!("gloss {}", self.args.iter().map(|a| shell_word(a)).collect::<Vec<_>>().join(" ")),
            status,
            stdout: text(stdout.join().unwrap()),
            stderr: text(stderr.join().unwrap()),
        }
    }
}

/// `arg` as a user would type it in a shell.
fn shell_word(arg: &str) -> String {
    if !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:".contains(c)) {
        arg.to_string()
    } else {
        format!("\"{}\"", arg.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// A finished `gloss` run: what the user saw, normalised.
pub struct Run {
    command: String,
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Exit status 0.
    #[track_caller]
    pub fn succeeds(self) -> Run {
        assert!(self.status.success(), "`{}` failed:\n{}", self.command, self.terminal());
        self
    }

    /// Exit status 1, as every refusal and every run that found errors.
    #[track_caller]
    pub fn fails(self) -> Run {
        assert_eq!(self.status.code(), Some(1), "`{}`:\n{}", self.command, self.terminal());
        self
    }

    #[track_caller]
    pub fn stdout_has(self, text: &str) -> Run {
        assert!(self.stdout.contains(text), "no {text:?} on stdout:\n{}", self.terminal());
        self
    }

    #[track_caller]
    pub fn stderr_has(self, text: &str) -> Run {
        assert!(self.stderr.contains(text), "no {text:?} on stderr:\n{}", self.terminal());
        self
    }

    #[track_caller]
    pub fn stderr_is_empty(self) -> Run {
        assert!(self.stderr.is_empty(), "stderr is not empty:\n{}", self.terminal());
        self
    }

    pub fn stdout(&self) -> &str {
        &self.stdout
    }

    pub fn stderr(&self) -> &str {
        &self.stderr
    }

    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    /// The whole run as the user saw it: the command, its exit status, then
    /// stdout and stderr (each only if something was written there).
    pub fn terminal(&self) -> String {
        let mut out = format!("$ {}\n[exit status: {}]\n", self.command, self.status.code().unwrap_or(-1));
        for (name, text) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            if !text.is_empty() {
                out.push_str(&format!("--- {name}\n{text}"));
                if !text.ends_with('\n') {
                    out.push_str("\n[no newline at the end]\n");
                }
            }
        }
        out
    }
}

/// What varies between runs, and what it is replaced with.
struct Normalise {
    /// The site's folder as written and as the OS resolves it.
    site: Vec<String>,
    today: String,
    /// A year on from today, as `gloss new` and `init` suggest the next review.
    next_year: String,
}

impl Normalise {
    fn for_site(dir: &Path) -> Normalise {
        let mut site = vec![dir.to_string_lossy().into_owned()];
        if let Ok(real) = dir.canonicalize() {
            site.push(real.to_string_lossy().into_owned());
        }
        // The longest first, should one contain the other.
        site.sort_by_key(|s| std::cmp::Reverse(s.len()));
        let today = chrono::Local::now().date_naive();
        let next_year = today.checked_add_days(chrono::Days::new(365)).unwrap();
        Normalise {
            site,
            today: today.format("%Y-%m-%d").to_string(),
            next_year: next_year.format("%Y-%m-%d").to_string(),
        }
    }

    fn text(&self, text: &str) -> String {
        static TIME: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(r"\b\d+ ms\b").unwrap());
        static FINGERPRINT: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(r"\.[0-9a-f]{8}\.(css|js|svg)\b").unwrap());
        let mut text = text.to_string();
        for site in &self.site {
            text = text.replace(site.as_str(), "[SITE]");
        }
        let text = text.replace(&self.today, "[TODAY]").replace(&self.next_year, "[TODAY+365d]");
        let text = TIME.replace_all(&text, "[TIME] ms");
        FINGERPRINT.replace_all(&text, ".[fingerprint].$1").into_owned()
    }
}
