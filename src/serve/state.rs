//! The site as the dev server holds it: the last good output behind an `Arc`
//! swapped atomically, the errors of the latest build if it failed, the
//! tables rebuilds recall results from, and the channel that tells open
//! pages what changed.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use arc_swap::ArcSwap;
use tokio::sync::broadcast;

use super::reload::{self, Change};
use super::unchanged_files::UnchangedFiles;
use crate::cache::Table;
use crate::diagnostic::Diagnostic;
use crate::output::OutputSet;
use crate::{Build, Caches, ReadabilityReport, checks, content, render, theme};

/// What the server serves right now. Replaced whole, never edited.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// The output of the last build without errors (empty until there is
    /// one).
    pub output: Arc<OutputSet>,
    /// Counts the outputs served: goes up each time the output changes.
    generation: u64,
    /// The errors of the latest build, when it failed.
    pub(crate) errors: Option<Arc<[Diagnostic]>>,
    /// The readability report page of the last good build (empty until then).
    pub(crate) readability: Arc<String>,
}

/// A message for every open page, as an SSE event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LiveEvent {
    /// `reload`, `css`, `error` or `ok`.
    pub(crate) name: &'static str,
    /// JSON.
    pub(crate) data: String,
    /// The version of the output the event leaves pages at (the SSE id, so a
    /// reconnecting page says which version it has).
    pub(crate) version: String,
}

#[derive(Debug, Clone)]
pub(crate) enum Message {
    Event(Arc<LiveEvent>),
    /// The server is stopping: event streams end.
    Shutdown,
}

/// What one rebuild did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The build has errors; the last good output stays.
    Failed(Arc<[Diagnostic]>),
    /// The build works: how pages were told.
    Built(Change),
}

/// The results of each cached step of the pipeline, by the digest of its
/// input (see [`crate::cache`]).
#[derive(Default)]
struct Tables {
    files: UnchangedFiles,
    documents: Table<content::FileRead>,
    templates: Table<theme::Compiled>,
    bodies: Table<Arc<checks::bodies::BodyFacts>>,
    placements: Table<Arc<render::Placed>>,
    search_docs: Table<Arc<crate::search::GuideIndex>>,
    pages: Table<render::PageResult>,
}

impl Tables {
    fn caches(&self) -> Caches<'_> {
        Caches {
            files: &self.files,
            documents: &self.documents,
            templates: &self.templates,
            bodies: &self.bodies,
            render: render::Caches { placements: &self.placements, search_docs: &self.search_docs, pages: &self.pages },
        }
    }

    /// Drops what the build that ends now did not use, and counts what it
    /// made rather than recalled.
    fn finish_build(&self) -> Made {
        self.files.finish_build();
        Made {
            documents: self.documents.finish_build(),
            templates: self.templates.finish_build(),
            bodies: self.bodies.finish_build(),
            placements: self.placements.finish_build(),
            search_docs: self.search_docs.finish_build(),
            pages: self.pages.finish_build(),
        }
    }
}

/// How many results of each cached step a rebuild made rather than
/// recalled: what a save cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Made {
    pub documents: usize,
    pub templates: usize,
    pub bodies: usize,
    pub placements: usize,
    pub search_docs: usize,
    pub pages: usize,
}

pub struct DevSite {
    root: PathBuf,
    drafts: bool,
    /// Tells this server's versions from a previous run's.
    instance: String,
    current: ArcSwap<Snapshot>,
    events: broadcast::Sender<Message>,
    /// What rebuilds recall of the builds before them.
    tables: Tables,
    /// What the last rebuild made rather than recalled.
    made: Mutex<Made>,
    /// How every entry read in the last build without errors.
    last_good: Mutex<Option<ReadabilityReport>>,
}

impl DevSite {
    /// A site with nothing built yet; call [`DevSite::rebuild`] and
    /// [`DevSite::apply`] to build it.
    pub fn new(root: &Path, drafts: bool) -> Self {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        DevSite {
            root: root.to_path_buf(),
            drafts,
            instance: format!("{:x}", nanos & 0xffff_ffff_ffff),
            current: ArcSwap::from_pointee(Snapshot::default()),
            events: broadcast::channel(64).0,
            tables: Tables::default(),
            made: Mutex::default(),
            last_good: Mutex::new(None),
        }
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// Builds the site: a full build in memory that recalls every parsed
    /// file, placement and rendered page whose input did not change, so its
    /// output is always a full build's. It needs no list of what changed
    /// (the inputs' digests find that out), so a missed watcher event cannot
    /// leave a page stale.
    pub fn rebuild(&self) -> Build {
        // The dev server publishes nothing, so an empty site is shown as it is.
        let options =
            crate::BuildOptions { fingerprint: false, allow_empty: true, ..crate::BuildOptions::new(self.drafts) };
        let build = crate::build_site_recalling(&self.root, options, self.tables.caches());
        *self.made.lock().unwrap_or_else(|p| p.into_inner()) = self.tables.finish_build();
        build
    }

    /// What the last [`DevSite::rebuild`] made rather than recalled.
    pub fn made(&self) -> Made {
        *self.made.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Message> {
        self.events.subscribe()
    }

    /// The version string of a snapshot, as pages and event ids carry it.
    pub(crate) fn version(&self, snapshot: &Snapshot) -> String {
        format!("{}-{}", self.instance, snapshot.generation)
    }

    /// Makes `build` what is served (if it has no errors) and tells open pages.
    pub fn apply(&self, mut build: Build) -> Outcome {
        let previous = self.snapshot();
        if build.summary.has_errors() {
            let errors: Arc<[Diagnostic]> =
                build.summary.diagnostics.into_iter().filter(Diagnostic::is_error).collect();
            let next = Snapshot {
                output: previous.output.clone(),
                generation: previous.generation,
                errors: Some(errors.clone()),
                readability: previous.readability.clone(),
            };
            let event = self.error_event(&next);
            self.current.store(Arc::new(next));
            self.send(event);
            return Outcome::Failed(errors);
        }
        let readability = self.readability_report(&build, &previous);
        let mut change = if previous.generation == 0 {
            Change::Reload(None)
        } else {
            reload::classify(&previous.output, &build.output)
        };
        if let Change::Reload(Some(pages)) = &mut change
            && !Arc::ptr_eq(&readability, &previous.readability)
            && readability != previous.readability
        {
            // The report page knows itself by its path without the slash.
            pages.push(reload::READABILITY_PATH[1..].into());
        }
        let generation = previous.generation + u64::from(change != Change::None);
        let output =
            if change == Change::None { previous.output.clone() } else { Arc::new(std::mem::take(&mut build.output)) };
        *self.last_good.lock().unwrap_or_else(|p| p.into_inner()) = Some(build.readability);
        let next = Snapshot { output, generation, errors: None, readability };
        let version = self.version(&next);
        self.current.store(Arc::new(next));
        if previous.errors.is_some() {
            self.send(LiveEvent { name: "ok", data: json(&serde_json::json!({})), version: version.clone() });
        }
        self.tell(&change, version);
        Outcome::Built(change)
    }

    /// Tells open pages what `change` means for them.
    fn tell(&self, change: &Change, version: String) {
        match change {
            Change::None | Change::Data => {}
            Change::Css(css) => {
                self.send(LiveEvent { name: "css", data: json(&serde_json::json!({ "css": css })), version })
            }
            Change::Reload(pages) => {
                self.send(LiveEvent { name: "reload", data: json(&serde_json::json!({ "pages": pages })), version })
            }
        }
    }

    /// The readability report page for `build`: the served one when what it
    /// shows has not changed. The report lists every entry of the site, and
    /// most saves change none of its rows.
    fn readability_report(&self, build: &Build, previous: &Snapshot) -> Arc<String> {
        let last = self.last_good.lock().unwrap_or_else(|p| p.into_inner());
        let unchanged = last.as_ref() == Some(&build.readability);
        if unchanged && previous.generation > 0 {
            return previous.readability.clone();
        }
        let report = &build.readability;
        Arc::new(crate::checks::readability_report(
            &report.site_title,
            report.target,
            report.pemat_threshold,
            &report.entries,
        ))
    }

    /// The `error` event for a snapshot whose latest build failed.
    pub(crate) fn error_event(&self, snapshot: &Snapshot) -> LiveEvent {
        let errors: Vec<serde_json::Value> = snapshot
            .errors
            .iter()
            .flat_map(|errors| errors.iter())
            .map(|d| {
                serde_json::json!({
                    "path": d.path.to_string_lossy().replace('\\', "/"),
                    "line": d.line,
                    "column": d.column,
                    "message": d.message,
                    "help": d.help,
                    "text": d.to_string(),
                })
            })
            .collect();
        LiveEvent {
            name: "error",
            data: json(&serde_json::json!({ "errors": errors })),
            version: self.version(snapshot),
        }
    }

    /// Ends every event stream, so that the server can stop.
    pub(crate) fn shutdown(&self) {
        let _ = self.events.send(Message::Shutdown);
    }

    fn send(&self, event: LiveEvent) {
        // No receiver (no page open) is not an error.
        let _ = self.events.send(Message::Event(Arc::new(event)));
    }
}

fn json(value: &serde_json::Value) -> String {
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(files: &[(&str, &str)], errors: &[&str]) -> Build {
        let output = files.iter().map(|(path, text)| (*path, text.to_string())).collect();
        let diagnostics = errors.iter().map(|m| Diagnostic::error("content/g/a.md", 3, 1, *m)).collect();
        Build { output, summary: crate::Summary { diagnostics, ..Default::default() }, ..Build::default() }
    }

    fn next_event(rx: &mut broadcast::Receiver<Message>) -> Option<LiveEvent> {
        match rx.try_recv() {
            Ok(Message::Event(e)) => Some((*e).clone()),
            _ => None,
        }
    }

    #[test]
    fn a_broken_build_keeps_the_last_good_output_and_a_fix_says_ok_then_reload() {
        let site = DevSite::new(Path::new("."), false);
        let mut rx = site.subscribe();
        assert_eq!(site.apply(build(&[("index.html", "1")], &[])), Outcome::Built(Change::Reload(None)));
        assert_eq!(next_event(&mut rx).unwrap().name, "reload");

        let Outcome::Failed(errors) = site.apply(build(&[], &["bad yaml"])) else { panic!("should fail") };
        assert_eq!(errors.len(), 1);
        let error = next_event(&mut rx).unwrap();
        assert_eq!(error.name, "error");
        assert!(error.data.contains("\"path\":\"content/g/a.md\"") && error.data.contains("\"line\":3"), "{error:?}");
        assert_eq!(site.snapshot().output.get("index.html"), Some(&b"1"[..]));

        site.apply(build(&[("index.html", "2")], &[]));
        assert_eq!(next_event(&mut rx).unwrap().name, "ok");
        let reload = next_event(&mut rx).unwrap();
        assert_eq!((reload.name, reload.data.as_str()), ("reload", r#"{"pages":["index.html"]}"#));
        assert_eq!(site.snapshot().generation, 2);
        assert!(site.snapshot().errors.is_none());
    }

    #[test]
    fn a_change_to_the_search_index_alone_is_served_and_tells_nobody() {
        let site = DevSite::new(Path::new("."), false);
        site.apply(build(&[("index.html", "1"), ("search/en/manifest.js", "old")], &[]));
        let mut rx = site.subscribe();
        let outcome = site.apply(build(&[("index.html", "1"), ("search/en/manifest.js", "new")], &[]));
        assert_eq!(outcome, Outcome::Built(Change::Data));
        assert!(next_event(&mut rx).is_none());
        assert_eq!(site.snapshot().output.get("search/en/manifest.js"), Some(&b"new"[..]));
    }

    #[test]
    fn an_unchanged_rebuild_tells_nobody_and_keeps_the_version() {
        let site = DevSite::new(Path::new("."), false);
        site.apply(build(&[("index.html", "1")], &[]));
        let mut rx = site.subscribe();
        assert_eq!(site.apply(build(&[("index.html", "1")], &[])), Outcome::Built(Change::None));
        assert!(next_event(&mut rx).is_none());
        assert_eq!(site.snapshot().generation, 1);
    }
}
