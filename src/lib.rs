//! gloss: a static site generator for patient-education guides.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! [`config`] → [`content`] → [`site`] → [`checks`] → [`render`] → [`output`],
//! with [`theme`] compiling templates for rendering, [`markdown`] parsing
//! bodies for checks and render, [`diagnostic`] carrying every problem a
//! stage finds back to the writer, and [`serve`] running it all again on
//! every save, with [`cache`] keeping what a save did not change.

pub mod cache;
pub mod checks;
pub mod config;
pub mod content;
pub mod content_files;
pub mod contrast;
mod css_partials;
pub mod diagnostic;
pub mod frontmatter;
pub mod glossary;
pub mod host_rules;
pub mod href;
mod html_nesting;
mod images;
mod language_codes;
mod language_help;
mod languages;
pub mod markdown;
mod option_choices;
pub mod output;
mod plain_language;
mod raw_html;
pub mod readability;
pub mod redirects;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
mod site_css;
pub mod sitemap;
pub mod structured_data;
pub mod symlinks;
mod template_loops;
pub mod theme;
mod theme_strings;
pub mod translation_trail;
pub mod yaml_depth;
pub mod yaml_syntax;

use std::path::Path;
use std::sync::Arc;

use cache::{Fresh, Recall};
use chrono::NaiveDate;

use diagnostic::Diagnostic;
use output::OutputSet;

/// What every command tells the writer: each problem found, and what the
/// site holds.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Summary {
    pub diagnostics: Vec<Diagnostic>,
    /// The guides of the site's own language: a guide and its translations
    /// are one guide.
    pub guides: usize,
    /// The entries of the site's own language, likewise.
    pub entries: usize,
    /// The languages published: the site's own and each with translations.
    pub languages: usize,
    /// HTML files made (pages and redirects), in every language.
    pub pages: usize,
}

impl Summary {
    /// What the site holds, as the build and the dev server say it:
    /// `1 guide, 7 entries`, then `in 2 languages` on a translated site.
    pub fn contents(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| if n == 1 { one.to_string() } else { many.to_string() };
        let mut text = format!(
            "{} {}, {} {}",
            self.guides,
            plural(self.guides, "guide", "guides"),
            self.entries,
            plural(self.entries, "entry", "entries")
        );
        if self.languages > 1 {
            text.push_str(&format!(" in {} languages", self.languages));
        }
        text
    }
}

/// A build held in memory (the dev server, tests): its summary, its files,
/// and how every entry reads. The files are only to be published when the
/// summary has no errors.
#[derive(Debug, Default, Clone)]
pub struct Build {
    pub summary: Summary,
    pub output: OutputSet,
    pub readability: ReadabilityReport,
}

/// How every entry reads, for the dev server's report page.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ReadabilityReport {
    pub site_title: String,
    /// The site's `readability.target_grade`.
    pub target: f64,
    /// The site's `plain_language.pemat_threshold`.
    pub pemat_threshold: f64,
    pub entries: Vec<checks::EntryReadability>,
}

/// How to build: which content, which day it is (review due dates are
/// judged against it; tests fix it), and how static files are named.
#[derive(Debug, Clone, Copy)]
pub struct BuildOptions {
    pub include_drafts: bool,
    pub today: NaiveDate,
    /// Static files named by their contents (`style.3fa2c1d0.css`), so that
    /// a host may cache them forever. The dev server, which tells browsers
    /// not to cache, serves them under their own names: a stylesheet save
    /// then changes the stylesheet and no page.
    pub fingerprint: bool,
    /// A site without guides is built (an empty site). Off, it is an error:
    /// an empty or emptied `content/` would otherwise publish an empty site
    /// over the last one.
    pub allow_empty: bool,
    /// The host whose caching rules go into the output, over gloss.yaml's
    /// `host:` (`gloss build --host`).
    pub host: Option<host_rules::Host>,
}

/// The day reviews are judged against: today, or the day of
/// `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) where it is set. That is
/// the reproducible-builds.org convention: the same sources built on another
/// day give the same pages, and a test suite pinned to a day does not start
/// failing on the day a review in its fixtures falls due.
pub fn judging_day() -> Result<NaiveDate, String> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(chrono::Local::now().date_naive());
    };
    value
        .to_str()
        .and_then(|text| text.trim().parse::<i64>().ok())
        .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
        .map(|moment| moment.date_naive())
        .ok_or_else(|| format!("SOURCE_DATE_EPOCH is {value:?}, not a number of seconds since 1970-01-01"))
}

impl BuildOptions {
    pub fn new(include_drafts: bool) -> Self {
        BuildOptions {
            include_drafts,
            today: judging_day().unwrap_or_else(|_| chrono::Local::now().date_naive()),
            fingerprint: true,
            allow_empty: false,
            host: None,
        }
    }
}

impl Summary {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Loads, models and renders the site at `root` in memory, as of today.
pub fn build_site(root: &Path, include_drafts: bool) -> Build {
    build_site_with(root, BuildOptions::new(include_drafts))
}

/// Loads, models and renders the site at `root` in memory. Each stage runs as
/// far as the input allows, so one run reports every problem it can find.
pub fn build_site_with(root: &Path, options: BuildOptions) -> Build {
    build_site_recalling(root, options, Caches::FRESH)
}

/// Where each cached step of a build gets its results: made afresh
/// ([`Caches::FRESH`]), or recalled from the dev server's tables when their
/// input was seen before (`serve::state`). Each stage is handed its own.
#[derive(Clone, Copy)]
pub(crate) struct Caches<'a> {
    pub(crate) files: &'a dyn content::ReadFile,
    pub(crate) documents: &'a dyn Recall<content::FileRead>,
    pub(crate) templates: &'a dyn Recall<theme::Compiled>,
    pub(crate) bodies: &'a dyn Recall<Arc<checks::bodies::BodyFacts>>,
    pub(crate) render: render::Caches<'a>,
}

impl Caches<'static> {
    pub(crate) const FRESH: Caches<'static> = Caches {
        files: &content::Disk,
        documents: &Fresh,
        templates: &Fresh,
        bodies: &Fresh,
        render: render::Caches { placements: &Fresh, search_docs: &Fresh, pages: &Fresh },
    };
}

/// [`build_site_with`], with results recalled through `caches` (the dev
/// server's rebuilds). The result is the same as without them.
pub(crate) fn build_site_recalling(root: &Path, options: BuildOptions, caches: Caches) -> Build {
    match LoadedSite::load(root, options, caches) {
        Ok(mut site) => {
            let pages = output::Collect::default();
            let readability = std::mem::take(&mut site.readability);
            let summary = site.render(&pages, caches.render);
            Build { summary, output: pages.into_set(), readability }
        }
        Err(diagnostics) => Build { summary: no_config(root, diagnostics), ..Build::default() },
    }
}

/// Every problem [`build_site_with`] finds, without keeping any page
/// (`gloss check`).
pub fn check_site(root: &Path, options: BuildOptions) -> Summary {
    match LoadedSite::load(root, options, Caches::FRESH) {
        Ok(site) => site.render(&output::Discard, Caches::FRESH.render),
        Err(diagnostics) => no_config(root, diagnostics),
    }
}

/// Builds the site at `root` into `out_dir`, writing each page as soon as it
/// is rendered into a staging folder that replaces `out_dir` only if the
/// build has no errors; otherwise `out_dir` is untouched. The site is never
/// held in memory whole. The summary (with every diagnostic) comes back even
/// when the output could not be written: the second half says whether it was.
pub fn write_site(root: &Path, options: BuildOptions, out_dir: &Path) -> (Summary, Result<(), output::WriteError>) {
    let fresh = Caches::FRESH;
    let site = match LoadedSite::load(root, options, fresh) {
        Ok(site) => site,
        Err(diagnostics) => return (no_config(root, diagnostics), Ok(())),
    };
    if site.summary.has_errors() {
        // Rendered all the same, for the problems only rendering finds.
        return (site.render(&output::Discard, fresh.render), Ok(()));
    }
    let staging = match output::Staging::begin(out_dir, root) {
        Ok(staging) => staging,
        Err(e) => return (site.render(&output::Discard, fresh.render), Err(e)),
    };
    let summary = site.render(&staging, fresh.render);
    let written = if summary.has_errors() { Ok(()) } else { staging.commit() };
    (summary, written)
}

/// A site loaded, modelled and checked, ready to render.
struct LoadedSite {
    root: std::path::PathBuf,
    site: site::Site,
    /// The site in each other language that has translations, by its code.
    translated: Vec<(String, site::Site)>,
    theme: Result<theme::Theme, Vec<Diagnostic>>,
    config_text: String,
    /// What the stages before rendering found.
    summary: Summary,
    readability: ReadabilityReport,
}

impl LoadedSite {
    /// The stages before rendering. `Err`: the build ends there, without a
    /// usable config (see [`no_config`]).
    fn load(root: &Path, options: BuildOptions, caches: Caches) -> Result<LoadedSite, Vec<Diagnostic>> {
        let (mut config, config_text) = config::load_with_text(root)?;
        config.host = options.host.or(config.host);
        // Compiling the templates keeps one thread busy: done beside loading
        // the content, which is parallel work of its own.
        let ((mut content, mut diagnostics), theme) = rayon::join(
            || {
                let max_text_bytes = config.limits.text_file_bytes();
                let languages = config.language_codes();
                content::load(root, options.include_drafts, max_text_bytes, caches.files, caches.documents, &languages)
            },
            || theme::load(root, &config.theme, options.fingerprint, caches.templates),
        );
        diagnostics.extend(languages::unlisted_translations(&mut content, &config.language_codes()));
        diagnostics.extend(translation_trail::stale_translations(root, &content));
        diagnostics.extend(translation_trail::trail_keys_on_sources(&content));
        if config.translations.reviewed_only {
            diagnostics.extend(translation_trail::unreviewed_translations(&content));
        }
        let mut translations = std::mem::take(&mut content.translations);
        let assets = content.assets.clone();
        let theme_ok = theme.as_ref().ok();
        let model = Model { options, caches, theme: theme_ok, config_text: &config_text };
        let (mut site, mut rows) = model.site(config.default_language(), content, true, &mut diagnostics);
        let mut translated = Vec::new();
        for language in config.languages.iter().skip(1) {
            let Some(mut content) = translations.remove(&language.code) else { continue };
            diagnostics.append(&mut content.problems);
            content.assets = assets.clone();
            let folder = format!("{}/", language.code);
            let (mut site, more_rows) =
                model.site(config.in_language(language, &folder), content, false, &mut diagnostics);
            site.folder = folder;
            rows.extend(more_rows);
            translated.push((language.code.clone(), site));
        }
        if !translated.is_empty() {
            name_versions(&mut site, &mut translated);
        }
        let sites: Vec<&site::Site> = std::iter::once(&site).chain(translated.iter().map(|(_, s)| s)).collect();
        diagnostics.extend(checks::unused_topics::warnings(&config, &sites, &config_text));
        let readability = rows;
        // A translation is of a page of the site's own language, so that
        // language's guides and entries are the site's.
        let summary = Summary {
            guides: site.guides.len(),
            entries: site.guides.iter().map(|g| g.entries.len()).sum(),
            languages: 1 + translated.len(),
            diagnostics,
            pages: 0,
        };
        let readability = ReadabilityReport {
            site_title: site.config.title.clone(),
            target: site.config.readability.target_grade,
            pemat_threshold: site.config.plain_language.pemat_threshold,
            entries: readability,
        };
        Ok(LoadedSite { root: root.to_path_buf(), site, translated, theme, config_text, summary, readability })
    }

    /// Renders every file into `sink`; the summary is then complete.
    fn render(self, sink: &dyn output::Sink, caches: render::Caches) -> Summary {
        let LoadedSite { root, site, translated, theme, config_text, summary: mut build, .. } = self;
        match theme {
            Ok(theme) => {
                let (options, option_diagnostics) = theme.options_for(&site.config.theme_options, &config_text);
                build.diagnostics.extend(option_diagnostics);
                build.diagnostics.extend(theme.site_image_errors(&site.config, &config_text));
                build.diagnostics.extend(theme.strings.missing(&site.config.language_codes()));
                let report = render::render(&site, &theme, &options, caches, sink);
                build.diagnostics.extend(report.diagnostics);
                build.pages = report.pages;
                for (code, site) in &translated {
                    let sink = languages::UnderLanguage { code, sink };
                    let report = render::render(site, &theme, &options, caches, &sink);
                    build.diagnostics.extend(report.diagnostics);
                    build.pages += report.pages;
                }
            }
            Err(theme_diagnostics) => build.diagnostics.extend(theme_diagnostics),
        }
        drop((site, translated));
        finish(&root, build)
    }
}

/// Tells every language's site where each of its pages is in the others.
fn name_versions(site: &mut site::Site, translated: &mut [(String, site::Site)]) {
    let mut pages = vec![languages::pages_of(site, &site.config.language)];
    pages.extend(translated.iter().map(|(code, site)| languages::pages_of(site, code)));
    let alternates = Arc::new(site::Alternates::new(&pages));
    site.alternates = alternates.clone();
    for (_, site) in translated {
        site.alternates = alternates.clone();
    }
}

/// What modelling and checking one language's site needs.
struct Model<'a> {
    options: BuildOptions,
    caches: Caches<'a>,
    theme: Option<&'a theme::Theme>,
    config_text: &'a str,
}

impl Model<'_> {
    /// One language's site, modelled and checked before rendering; its
    /// problems go into `diagnostics`. `is_default`: the default language's
    /// site, where no guides is an error (unless `allow_empty`) and
    /// readability is held to the target; a translation is held to its
    /// language's target where gloss has a formula made for the language
    /// (`readability::Formula::made_for`), and measured without warnings
    /// where not.
    fn site(
        &self,
        config: config::SiteConfig,
        content: content::LoadedContent,
        is_default: bool,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (site::Site, Vec<checks::EntryReadability>) {
        let (options, caches, config_text) = (self.options, self.caches, self.config_text);
        let (mut site, site_diagnostics) = site::Site::build(config, content);
        diagnostics.extend(site_diagnostics);
        site.judge_reviews(options.today);
        // Guides left out by another error are that error's doing.
        if site.guides.is_empty() && is_default && !options.allow_empty && !diagnostics.iter().any(Diagnostic::is_error)
        {
            diagnostics.push(checks::no_guides_error(options.include_drafts));
        }
        // Every body is checked before any page is rendered.
        let bodies = checks::bodies::read_bodies(&site, caches.bodies);
        diagnostics.extend(bodies.diagnostics(&site));
        // What the bodies link to decides which of content/'s other files
        // are published.
        diagnostics.extend(content_files::select(&mut site, &bodies, self.theme));
        let readability = checks::entry_readability(&site, &bodies);
        diagnostics.extend(plain_language::plain_word_warnings(&site, &bodies));
        drop(bodies);
        diagnostics.extend(plain_language::pemat_warnings(&site, readability.iter().map(|row| row.pemat.as_ref())));
        if is_default || readability::Formula::made_for(&site.config.language) {
            diagnostics.extend(checks::readability_warnings(&site, &readability));
        }
        diagnostics.extend(checks::review_diagnostics(&site));
        diagnostics.extend(checks::unknown_reviewer_errors(&site));
        diagnostics.extend(checks::base_url_warning(&site, config_text));
        diagnostics.extend(checks::placeholder_warnings(&site, config_text));
        diagnostics.extend(checks::values::diagnostics(&site, config_text));
        (site, readability)
    }
}

/// The summary of a site whose config cannot be read: its problems.
fn no_config(root: &Path, diagnostics: Vec<Diagnostic>) -> Summary {
    finish(root, Summary { diagnostics, ..Summary::default() })
}

fn finish(root: &Path, mut build: Summary) -> Summary {
    build.diagnostics = std::mem::take(&mut build.diagnostics).into_iter().map(|d| d.relative_to(root)).collect();
    build.diagnostics.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    build.diagnostics.dedup();
    build
}
