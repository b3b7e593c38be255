//! Watching the site's sources and rebuilding when they change.
//!
//! Watched: `gloss.yaml` (through the site folder, non-recursively, so that
//! editors that save by renaming are seen), `content/`, the active theme,
//! `templates/`, `static/` and `i18n/`, and `themes/` itself so that a theme folder
//! that appears is noticed. The set is worked out again before every rebuild,
//! so a new `theme:` in gloss.yaml or a folder made later is picked up.
//!
//! Events are debounced briefly and filtered (editor swap and backup files,
//! dotfiles, the output folder). A batch is one rebuild; events that arrive
//! while a rebuild runs wait in the channel and make one more rebuild after it.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::reload::Change;
use super::state::{DevSite, Outcome};
use crate::config;

/// How long the debouncer waits before it hands over an event: long enough
/// that the writes, renames and attribute changes of one save (about a
/// millisecond apart) arrive as one batch, short enough not to be felt.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// The folders under the site root whose changes matter, besides `themes/`.
const SOURCE_DIRS: &[&str] = &["content", "templates", "static", crate::theme_strings::STRINGS_DIR];

/// Watches the site and rebuilds it on a thread of its own. Returns once the
/// watches are in place, so an edit made after that is seen.
pub(crate) fn start(site: Arc<DevSite>, report: impl Fn(&Outcome, Duration) + Send + 'static) -> Result<(), String> {
    let (sender, receiver) = mpsc::channel();
    let debouncer = new_debouncer(DEBOUNCE, None, sender).map_err(|e| format!("cannot watch for changes: {e}"))?;
    let mut watches = Watches { root: site.root().to_path_buf(), debouncer, watched: BTreeMap::new() };
    watches.update();
    std::thread::Builder::new()
        .name("gloss-rebuild".into())
        .spawn(move || rebuild_loop(&site, &mut watches, &receiver, &report))
        .map_err(|e| format!("cannot start the rebuild thread: {e}"))?;
    Ok(())
}

fn rebuild_loop(
    site: &DevSite,
    watches: &mut Watches,
    receiver: &Receiver<DebounceEventResult>,
    report: &impl Fn(&Outcome, Duration),
) {
    // The watcher is gone when the server stops.
    while let Ok(first) = receiver.recv() {
        let mut changed = Vec::new();
        let mut rescan = false;
        // Everything that arrived meanwhile (during the last rebuild) is one batch.
        for result in std::iter::once(first).chain(receiver.try_iter()) {
            match result {
                Ok(events) => {
                    for event in events {
                        rescan |= event.event.need_rescan();
                        if matches!(event.event.kind, EventKind::Access(_)) {
                            continue;
                        }
                        changed.extend(event.event.paths.iter().filter(|p| relevant(site.root(), p)).cloned());
                    }
                }
                Err(errors) => {
                    for e in errors {
                        eprintln!("warning: watching for changes: {e}");
                    }
                }
            }
        }
        if changed.is_empty() && !rescan {
            continue;
        }
        changed.sort();
        changed.dedup();
        let started = Instant::now();
        // Watch a new theme (or a new folder) before building and telling
        // pages, so that an edit made once a page has reloaded is seen.
        watches.update();
        let outcome = site.apply(site.rebuild());
        report(&outcome, started.elapsed());
    }
}

/// Whether a change at `path` can change the site.
fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else { return false };
    let parts: Vec<&str> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    let (Some(first), Some(name)) = (parts.first(), parts.last()) else { return false };
    if parts.iter().any(|p| p.starts_with('.')) || editor_scratch(name) {
        return false;
    }
    *first == config::CONFIG_FILE || *first == crate::theme::THEMES_DIR || SOURCE_DIRS.contains(first)
}

/// Files editors write beside the one being saved: swap files, backups,
/// vim's `4913` write test, emacs lock and autosave files, JetBrains' safe
/// write copies, macOS's `.DS_Store`.
fn editor_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".crswap", "___jb_tmp___", "___jb_old___"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

struct Watches {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    watched: BTreeMap<PathBuf, RecursiveMode>,
}

impl Watches {
    /// The folders to watch now: those that exist, with the theme gloss.yaml
    /// names (the previous one while gloss.yaml does not parse).
    fn wanted(&self) -> BTreeMap<PathBuf, RecursiveMode> {
        let mut wanted = BTreeMap::from([(self.root.clone(), RecursiveMode::NonRecursive)]);
        let themes = self.root.join(crate::theme::THEMES_DIR);
        let theme = match config::load(&self.root) {
            Ok(config) => Some(themes.join(config.theme)),
            Err(_) => self.watched.keys().find(|p| p.parent() == Some(themes.as_path())).cloned(),
        };
        if themes.is_dir() {
            wanted.insert(themes.clone(), RecursiveMode::NonRecursive);
        }
        let dirs = SOURCE_DIRS.iter().map(|d| self.root.join(d)).chain(theme);
        wanted.extend(dirs.filter(|d| d.is_dir()).map(|d| (d, RecursiveMode::Recursive)));
        wanted
    }

    fn update(&mut self) {
        let wanted = self.wanted();
        let gone: Vec<PathBuf> = self.watched.keys().filter(|p| !wanted.contains_key(*p)).cloned().collect();
        for path in gone {
            // A folder that was deleted has lost its watch already.
            let _ = self.debouncer.unwatch(&path);
            self.watched.remove(&path);
        }
        for (path, mode) in wanted {
            if self.watched.contains_key(&path) {
                continue;
            }
            match self.debouncer.watch(&path, mode) {
                Ok(()) => {
                    self.watched.insert(path, mode);
                }
                Err(e) => eprintln!("warning: cannot watch {}: {e}", path.display()),
            }
        }
    }
}

/// The terminal's account of a rebuild: the errors of a broken one, one line
/// for a good one. Warnings are left to `gloss check`.
pub(crate) fn print_outcome(outcome: &Outcome, took: Duration) {
    match outcome {
        Outcome::Failed(errors) => {
            for d in errors.iter() {
                eprintln!("{d}\n");
            }
            eprintln!(
                "{} error{}: still serving the last version that built; save a fix to reload",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            );
        }
        Outcome::Built(change) => {
            let what = match change {
                Change::None => "no change",
                Change::Data => "no page changed",
                Change::Css(_) => "stylesheet swapped",
                Change::Reload(_) => "reload",
            };
            println!("Rebuilt in {} ms ({what})", took.as_millis());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_relevant_and_scratch_files_are_not() {
        let root = Path::new("/site");
        for path in [
            "gloss.yaml",
            "content/guide/entry.md",
            "content/new-guide",
            "themes/clinic/static/style.css",
            "templates/base.html",
            "static/logo.png",
            "i18n/es.yaml",
            "themes/clinic/i18n/es.yaml",
        ] {
            assert!(relevant(root, &root.join(path)), "{path}");
        }
        for path in [
            "content/guide/.entry.md.swp",
            "content/guide/.entry.md.swx",
            "content/guide/entry.md~",
            "content/guide/4913",
            "content/guide/.#entry.md",
            "content/guide/#entry.md#",
            "content/.DS_Store",
            "content/.git/index",
            "public/index.html",
            "README.md",
            "target/debug/gloss",
            "gloss.yaml.swp",
        ] {
            assert!(!relevant(root, &root.join(path)), "{path}");
        }
        assert!(!relevant(root, Path::new("/elsewhere/content/a.md")));
    }
}
