//! Rendering: the files of the site, made from the site model and a
//! compiled theme and handed to an `output::Sink` as soon as each is made.
//! It reads no file and keeps no state of its own: what it puts depends on
//! its arguments alone (the dev server's caches hand back what the same
//! input made before). The sink may write to disk; nothing here does.
//!
//! Each markdown body is parsed once here and rendered from that parse once
//! per page it appears on; then every page is rendered through its tera
//! template in parallel, guide by guide. The parts of the template context
//! shared by every page are serialised once into a base context.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use std::sync::Arc;

use bytes::Bytes;
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::cache::{Digested, Recall};
use crate::config::Practice;
use crate::content::Date;
use crate::diagnostic::Diagnostic;
use crate::glossary::Glossary;
use crate::markdown::{Parsed, Placement, Rendered, TocItem};
use crate::output::Sink;
use crate::site::{self, Entry, EntryRef, Guide, Site};
use crate::theme::{self, Theme};
use crate::theme_strings::BodyWords;
use crate::translation_trail::marked_reviewed;
use crate::{href, redirects, search, sitemap, structured_data};

pub type ThemeOptions = std::collections::BTreeMap<String, serde_yaml::Value>;

/// Every template a theme must have, by the page kind it renders.
pub const REQUIRED_TEMPLATES: &[&str] =
    &["index.html", "guide.html", "entry.html", "print.html", "topic.html", "topics.html", "404.html"];

/// Needed only by a site that has a glossary.
const GLOSSARY_TEMPLATE: &str = "glossary.html";

/// Where rendering gets the results of its pure steps (see `crate::Caches`).
#[derive(Clone, Copy)]
pub(crate) struct Caches<'a> {
    pub(crate) placements: &'a dyn Recall<Arc<Placed>>,
    pub(crate) search_docs: &'a dyn Recall<Arc<search::GuideIndex>>,
    pub(crate) pages: &'a dyn Recall<PageResult>,
}

/// A page rendered, or the template error that stopped it.
pub(crate) type PageResult = Result<Bytes, Diagnostic>;

/// What rendering tells besides the files it put.
#[derive(Debug, Default)]
pub struct Report {
    /// Template errors and broken redirects (bodies are checked before
    /// rendering, in `checks::bodies`).
    pub diagnostics: Vec<Diagnostic>,
    /// HTML files put (pages and redirects).
    pub pages: usize,
}

/// Renders the whole site, handing each file to `sink` as soon as it is
/// rendered. Problems (template errors, aliases that clash) come back as
/// diagnostics beside whatever could be rendered.
/// `options` are the theme's options with the site's `theme_options` applied.
/// A placement, guide search docs or page whose input `caches` have seen
/// before is recalled, not made again.
///
/// Guides are rendered one after the other, each guide's pages in parallel,
/// and each entry's rendered bodies are let go once its guide's pages are
/// out: with a sink that writes to disk, what is held at once is the site
/// model and one guide, not the site's pages.
pub(crate) fn render(site: &Site, theme: &Theme, options: &ThemeOptions, caches: Caches, sink: &dyn Sink) -> Report {
    let diagnostics = missing_templates(theme, !site.glossary.is_empty());
    if !diagnostics.is_empty() {
        return Report { diagnostics, pages: 0 };
    }
    let assets = language_assets(site, theme);
    let base_view = BaseView::new(site, theme, options, &assets);
    let base = base_view.context();
    let templates = Templates::new(theme, caches.pages, &base_view);
    let mut files = other_files(site, theme);
    let search_folder = sink.keeps_files().then(|| search::folder(&site.config.language));
    if let Some(folder) = &search_folder {
        // The index's shards go over content files at their paths.
        files.retain(|path, _| !path.starts_with(folder.as_str()));
    }
    let mut pages = Pages {
        site,
        templates: &templates,
        base: &base,
        sink,
        files: &files,
        put_paths: Vec::new(),
        errors: Vec::new(),
    };
    let words = crate::theme_strings::BodyWords::of(&base_view.strings);
    let mut bodies = Bodies::start(site, search_folder.is_some(), &words);

    // Page order (what the first page a broken template is reported for
    // follows): these, each guide's pages, the topic pages. The site-wide
    // pages are rendered last, with the topic pages, so that the home page
    // (which lists every entry) is not a pass of its own with one thread idle.
    let mut site_wide = vec![Page::Home, Page::TopicIndex, Page::NotFound];
    if !site.glossary.is_empty() {
        site_wide.push(Page::Glossary);
    }
    let search_shards = search_folder.map(search::Shards::new);
    let ((search_shards, order), sitemap) = rayon::join(
        || pages.render_guides(&mut bodies, search_shards, caches, site_wide.len()),
        // A pass over every page's URL on one thread: made beside the guides.
        || sitemap::sitemap(site),
    );
    let topic_pages = (0..site.topics.len()).map(Page::Topic);
    let last: Vec<Page> = site_wide.iter().copied().chain(topic_pages).collect();
    // The site-wide pages come first in page order; the topic pages after
    // every guide's.
    let last_order = |i: usize| if i < site_wide.len() { i } else { order + i - site_wide.len() };
    pages.render_in_order(&last, &bodies, last_order);

    if let Some(shards) = search_shards {
        pages.put_files(shards.finish(&bodies.index_words));
    }
    drop(bodies);
    let mut diagnostics = pages.template_errors();
    let page_paths = pages.put_paths;
    if let Some(xml) = sitemap {
        // Over a content file at the same path, as robots.txt.
        files.insert("sitemap.xml".into(), xml.into());
    }
    let (redirect_diagnostics, html_files) = put_files_and_redirects(site, sink, files, page_paths);
    diagnostics.extend(redirect_diagnostics);
    Report { diagnostics, pages: html_files }
}

/// Puts the files besides pages, then the alias redirect pages, which may
/// take no path anything else took (`page_paths`: the pages put). Returns
/// the redirects' diagnostics and how many HTML files were put in all.
fn put_files_and_redirects(
    site: &Site,
    sink: &dyn Sink,
    files: BTreeMap<String, Bytes>,
    page_paths: Vec<String>,
) -> (Vec<Diagnostic>, usize) {
    let mut taken: HashSet<String> = page_paths.into_iter().collect();
    for (path, bytes) in files {
        sink.put(&path, bytes);
        taken.insert(path);
    }
    // Taken even when it is not made (`check`), so check reports what build does.
    taken.insert(search::index_url(&site.config.language));
    let (redirects, diagnostics) = redirects::redirect_pages(site, &taken);
    let html_files = taken.iter().filter(|p| p.ends_with(".html")).count() + redirects.len();
    for (path, html) in redirects {
        sink.put(&path, html.into());
    }
    (diagnostics, html_files)
}

/// The files besides pages, the sitemap, the search index and redirects:
/// the theme's static files, the site's own files, robots.txt and the
/// host's caching rules. None of
/// these shares a path with a page or with another (`content_files` refuses
/// a content or static file at a path gloss makes before rendering).
fn other_files(site: &Site, theme: &Theme) -> BTreeMap<String, Bytes> {
    let mut files = BTreeMap::new();
    // The theme's static files are the default language's, at the top of
    // the output; another language's pages link them there.
    if site.folder.is_empty() {
        files.extend(theme.static_files.iter().map(|(path, bytes)| (path.clone(), Bytes::from(bytes.clone()))));
    }
    for asset in &site.assets {
        files.insert(asset.rel.clone(), asset.bytes.clone());
    }
    files.insert("robots.txt".into(), sitemap::robots(site).into());
    if let Some(host) = site.config.host {
        let base = site.config.base_url().map(base_path).unwrap_or_else(|| "/".into());
        files.insert(host.file_name().into(), host.rules(&theme.asset_paths, &base).into());
    }
    files
}

/// The theme's static files as `site`'s pages name them after `{{ root }}`,
/// which leads to the language's folder (`es/`): the default language's
/// output paths, with a step up out of that folder for another language. One
/// copy of each file serves every language, and the links stay relative, so
/// the output still works from `file://`.
fn language_assets<'a>(site: &Site, theme: &'a Theme) -> Cow<'a, BTreeMap<String, String>> {
    if site.folder.is_empty() {
        return Cow::Borrowed(&theme.asset_paths);
    }
    let up = "../".repeat(site.folder.matches('/').count());
    Cow::Owned(theme.asset_paths.iter().map(|(logical, output)| (logical.clone(), format!("{up}{output}"))).collect())
}

/// Renders pages into the sink, remembering what it put and which templates
/// failed.
struct Pages<'a> {
    site: &'a Site,
    templates: &'a Templates<'a>,
    base: &'a Context,
    sink: &'a dyn Sink,
    /// Paths taken by other files: a page there is not put.
    files: &'a BTreeMap<String, Bytes>,
    /// Paths of the pages put.
    put_paths: Vec<String>,
    /// Template errors, by the failing page's place in page order.
    errors: Vec<(usize, Diagnostic)>,
}

impl Pages<'_> {
    /// Every guide's pages, guide by guide, the first being page
    /// `first_order` in page order: each guide's entries placed, its search
    /// docs made and their shards put (when there are `search_shards`), its
    /// pages rendered, then its entries' HTML let go. Returns the search
    /// shards, with every guide added, and the page order after the pages.
    fn render_guides(
        &mut self,
        bodies: &mut Bodies,
        mut search_shards: Option<search::Shards>,
        caches: Caches,
        first_order: usize,
    ) -> (Option<search::Shards>, usize) {
        let site = self.site;
        let mut order = first_order;
        for (g, guide) in site.guides.iter().enumerate() {
            bodies.place_guide(site, g, caches.placements);
            if let Some(shards) = &mut search_shards {
                let sections: Vec<&[search::Section]> =
                    bodies.entries[g].iter().map(|p| p.search_sections.as_slice()).collect();
                let docs = search::GuideDocs::new(site, g, &sections, bodies.index_words.language);
                // Recalled from the docs, which hold every word of the guide.
                let index = caches.search_docs.recall(&docs, &mut || Arc::new(docs.index()));
                self.put_files(shards.add_guide(&guide.title, &index));
                bodies.index_words.add_guide(&docs);
            }
            let mut of_guide = vec![Page::Guide(g), Page::Print(g)];
            of_guide.extend((0..guide.entries.len()).map(|e| Page::Entry(EntryRef { guide: g, entry: e })));
            self.render_in_order(&of_guide, bodies, |i| order + i);
            order += of_guide.len();
            bodies.let_go_of_pages(g);
        }
        (search_shards, order)
    }

    /// Puts files that take their paths over any other file's.
    fn put_files(&mut self, files: Vec<(String, String)>) {
        for (path, text) in files {
            self.sink.put(&path, text.into());
            self.put_paths.push(path);
        }
    }

    /// Renders `pages`; page `i` of them is page `order(i)` in page order.
    fn render_in_order(&mut self, pages: &[Page], bodies: &Bodies, order: impl Fn(usize) -> usize) {
        let results: Vec<(usize, Result<String, Diagnostic>)> = pages
            .par_iter()
            .enumerate()
            .map(|(i, &page)| {
                let result = render_page(self.site, self.templates, bodies, self.base, page);
                (i, result.map(|(path, html)| self.put_page(path, html)))
            })
            .collect();
        for (i, result) in results {
            match result {
                Ok(path) => self.put_paths.push(path),
                Err(d) => self.errors.push((order(i), d)),
            }
        }
    }

    fn put_page(&self, path: String, html: Bytes) -> String {
        if !self.files.contains_key(&path) {
            self.sink.put(&path, html);
        }
        path
    }

    /// One broken template breaks every page that uses it: say so once, for
    /// the first such page in page order (not in the order threads finished).
    fn template_errors(&mut self) -> Vec<Diagnostic> {
        let mut errors = std::mem::take(&mut self.errors);
        errors.sort_by_key(|(order, _)| *order);
        let mut firsts: Vec<(Diagnostic, usize)> = Vec::new();
        for (_, d) in errors {
            match firsts.iter_mut().find(|(first, _)| same_place(first, &d)) {
                Some((_, more)) => *more += 1,
                None => firsts.push((d, 0)),
            }
        }
        firsts
            .into_iter()
            .map(|(mut d, more)| {
                if more > 0 {
                    d.message.push_str(&format!(" (and {more} other page{})", if more == 1 { "" } else { "s" }));
                }
                d
            })
            .collect()
    }
}

fn missing_templates(theme: &Theme, has_glossary: bool) -> Vec<Diagnostic> {
    let names: HashSet<&str> = theme.tera.get_template_names().collect();
    REQUIRED_TEMPLATES
        .iter()
        .chain(has_glossary.then_some(&GLOSSARY_TEMPLATE))
        .filter(|t| !names.contains(*t))
        .map(|t| {
            Diagnostic::error(
                format!("{}/{}/templates", theme::THEMES_DIR, theme.name),
                1,
                1,
                format!("the theme has no `{t}` template"),
            )
            .with_help(format!(
                "add templates/{t} to the theme or the site; a theme needs {}",
                REQUIRED_TEMPLATES.join(", ")
            ))
        })
        .collect()
}

#[derive(Debug, Clone, Copy)]
enum Page {
    Home,
    Guide(usize),
    Print(usize),
    Glossary,
    Entry(EntryRef),
    TopicIndex,
    Topic(usize),
    NotFound,
}

/// Every markdown body of the site, rendered for each page it appears on.
struct Bodies {
    home: Option<Rendered>,
    /// The home page's first paragraph, shortened: its description where
    /// `content/_index.md` gives none.
    home_description: Option<String>,
    /// Per guide: its intro on the guide page and on the print page.
    intros: Vec<Placed>,
    /// Per guide, per entry: what the entry contributes to the site.
    entries: Vec<Vec<Arc<Placed>>>,
    /// Whether entries' search sections are made (not for `gloss check`).
    search: bool,
    /// The search index's words beyond the docs, gathered guide by guide.
    index_words: search::IndexWords,
    /// The words gloss writes into bodies, in the site's language.
    words: BodyWords,
}

/// What one body contributes to the site, all from a single parse.
pub(crate) struct Placed {
    /// On its own page (an entry), or the guide page (an intro).
    own: Rendered,
    /// Inside the guide page, with prefixed ids (entries only).
    in_guide: Option<Rendered>,
    /// On the guide's print page.
    in_print: Rendered,
    /// The answer in the guide page's FAQ structured data (entries only).
    faq_answer: String,
    /// The entry's part of the search index (entries only).
    search_sections: Vec<search::Section>,
    /// The glossary terms it explains (indices into the site's glossary),
    /// in order of first use.
    terms: Vec<usize>,
}

/// Ids the theme's own markup uses (the skip link's target, the urgent-help
/// callout's heading).
const THEME_IDS: &[&str] = &["main", "urgent-help-title"];

pub(crate) fn theme_ids() -> Vec<String> {
    THEME_IDS.iter().map(|s| s.to_string()).collect()
}

const ENTRY_ROOT: &str = "../../";
const GUIDE_ROOT: &str = "../";
/// The print page is `<guide>/print/index.html`, as deep as an entry page.
const PRINT_ROOT: &str = "../../";

impl Bodies {
    /// The home page's body and every guide's intro; entries come guide by
    /// guide ([`Bodies::place_guide`]).
    fn start(site: &Site, search: bool, words: &BodyWords) -> Bodies {
        let home = site.home.as_ref().map(|doc| {
            let links = site.links_from(&doc.path);
            let taken = theme_ids();
            let placement = Placement { root: "", id_prefix: "", heading_shift: 0, taken_ids: &taken };
            let parsed = Parsed::new(doc.body(), &links, None).in_words(words);
            (parsed.render(placement), parsed.first_paragraph_description())
        });
        let (home, home_description) = home.map_or((None, None), |(html, description)| (Some(html), description));
        let intros = site.guides.par_iter().map(|guide| place_intro(site, guide, words)).collect();
        let language = search::Language::of(&site.config.language);
        let index_words = search::IndexWords::new(language, &site.synonyms);
        Bodies {
            home,
            home_description,
            intros,
            entries: Vec::with_capacity(site.guides.len()),
            search,
            index_words,
            words: words.clone(),
        }
    }

    /// Places the entries of guide `g` (the next one). An entry whose
    /// input (see [`EntryInput`]) `placements` have seen is recalled.
    fn place_guide(&mut self, site: &Site, g: usize, placements: &dyn Recall<Arc<Placed>>) {
        debug_assert_eq!(self.entries.len(), g, "guides are placed in order");
        let place = |entry: &Entry| {
            let input = EntryInput {
                body: entry.doc.body(),
                path: &entry.doc.path,
                slug: &entry.slug,
                search: self.search,
                language: self.index_words.language,
                links: &site.links,
                glossary: (!site.glossary.is_empty()).then_some(&site.glossary),
                words: &self.words,
            };
            placements.recall(&input, &mut || Arc::new(place_entry(&input)))
        };
        self.entries.push(site.guides[g].entries.par_iter().map(place).collect());
    }

    /// Once guide `g`'s pages and search docs are made, its entries'
    /// placements are needed no more (the dev server's cache keeps its own).
    fn let_go_of_pages(&mut self, g: usize) {
        self.entries[g] = Vec::new();
    }
}

/// A guide's intro, on the guide page and on the print page. Intros have no
/// glossary popovers and are not in the search index.
fn place_intro(site: &Site, guide: &Guide, words: &BodyWords) -> Placed {
    let mut taken = theme_ids();
    taken.extend(guide.entries.iter().map(|e| e.slug.clone()));
    let links = site.links_from(&guide.doc.path);
    let parsed = Parsed::new(guide.doc.body(), &links, None).in_words(words);
    let on_guide = Placement { root: GUIDE_ROOT, id_prefix: "", heading_shift: 0, taken_ids: &taken };
    Placed {
        own: parsed.render(on_guide),
        in_guide: None,
        in_print: parsed.render(Placement { root: PRINT_ROOT, ..on_guide }),
        faq_answer: String::new(),
        search_sections: Vec::new(),
        terms: Vec::new(),
    }
}

/// All that placing an entry reads: what [`place_entry`] makes is a function
/// of this alone, which is what lets the dev server recall it.
#[derive(Serialize)]
struct EntryInput<'a> {
    body: &'a str,
    path: &'a std::path::Path,
    slug: &'a str,
    /// Whether to make its search sections.
    search: bool,
    /// The language its search sections' words are stemmed in.
    language: search::Language,
    links: &'a Digested<site::LinkTable>,
    /// Terms whose first use gets a popover.
    glossary: Option<&'a Digested<Glossary>>,
    /// The callout labels and popover words, in the site's language.
    words: &'a BodyWords,
}

/// Everything an entry contributes to the site, computed once from one parse
/// of its body: its own page, its part of the guide and print pages, its FAQ
/// answer and its search sections.
fn place_entry(input: &EntryInput) -> Placed {
    let links = input.links.from(input.path);
    let parsed = Parsed::new(input.body, &links, input.glossary.map(|g| &**g)).in_words(input.words);
    let taken = theme_ids();
    let own = parsed.render(Placement { root: ENTRY_ROOT, id_prefix: "", heading_shift: 0, taken_ids: &taken });
    let prefix = format!("{}--", input.slug);
    let in_guide = Placement { root: GUIDE_ROOT, id_prefix: &prefix, heading_shift: 1, taken_ids: &[] };
    Placed {
        in_guide: Some(parsed.render(in_guide)),
        in_print: parsed.render(Placement { root: PRINT_ROOT, ..in_guide }),
        faq_answer: parsed.faq_answer_html(),
        terms: parsed.explained_terms().to_vec(),
        // The sections link to the headings of the entry's own page.
        search_sections: if input.search {
            search::sections(parsed.events(), &own.toc, input.language)
        } else {
            Vec::new()
        },
        own,
    }
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    language: &'a str,
    /// `ltr` or `rtl`.
    dir: &'a str,
    disclaimer: Option<&'a str>,
    base_url: Option<&'a str>,
    practice: PracticeView<'a>,
    theme_options: &'a std::collections::BTreeMap<String, serde_yaml::Value>,
    /// The output path of the practice's logo (`logo:` in gloss.yaml).
    logo: Option<&'a str>,
    favicon: Option<Favicon<'a>>,
    /// The taglines of free language assistance (`language_help:`).
    language_help: Option<crate::language_help::LanguageHelpView<'a>>,
}

/// The icon every page names with `<link rel="icon">`, so that no browser
/// asks for a `/favicon.ico` the site does not have.
#[derive(Serialize)]
struct Favicon<'a> {
    /// Output path.
    path: &'a str,
    /// The `type` attribute, where the extension tells it.
    media_type: Option<&'static str>,
}

impl<'a> Favicon<'a> {
    /// The site's `favicon:`, else its `logo:` (the tab shows the practice's
    /// mark), else the theme's `favicon.svg`, if it is among the static
    /// files (a missing one is reported by the checks).
    fn of(config: &crate::config::SiteConfig, assets: &'a BTreeMap<String, String>) -> Option<Self> {
        let name = config.favicon.as_deref().or(config.logo.as_deref()).unwrap_or(theme::DEFAULT_FAVICON);
        let path = assets.get(name)?;
        let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let media_type = match extension.as_deref() {
            Some("svg") => Some("image/svg+xml"),
            Some("png") => Some("image/png"),
            Some("ico") => Some("image/x-icon"),
            _ => None,
        };
        Some(Favicon { path, media_type })
    }
}

#[derive(Serialize)]
struct PracticeView<'a> {
    #[serde(flatten)]
    practice: &'a Practice,
    /// `tel:` address of `phone`: its digits and a leading `+`.
    phone_href: Option<String>,
}

#[derive(Serialize)]
struct GuideNav<'a> {
    title: &'a str,
    description: Option<&'a str>,
    procedure: Option<&'a str>,
    url: String,
    entry_count: usize,
}

#[derive(Serialize)]
struct PageView<'a> {
    kind: &'static str,
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    /// Absolute URL of this page, when `base_url` is set.
    canonical_url: Option<String>,
    /// schema.org JSON-LD, safe to print inside `<script>` as it is.
    json_ld: Option<structured_data::JsonLd<'a>>,
}

impl<'a> PageView<'a> {
    fn new(site: &Site, kind: &'static str, title: &'a str, description: Option<&'a str>, url: String) -> Self {
        let canonical_url = site.config.base_url().map(|b| structured_data::absolute_url(b, &url));
        PageView { kind, title, description, url, canonical_url, json_ld: None }
    }
}

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct TopicLink<'a> {
    name: &'a str,
    url: String,
}

/// What every page gets, serialised once into the base context.
#[derive(Serialize)]
struct BaseView<'a> {
    site: SiteView<'a>,
    assets: &'a BTreeMap<String, String>,
    guides: Vec<GuideNav<'a>>,
    topics_url: &'static str,
    glossary_url: Option<&'static str>,
    search_index_url: String,
    /// The Snowball stemmer the search box stems a query with ("english"),
    /// as the theme's `snowball/<name>-stemmer.js` is named.
    search_stemmer: Option<&'static str>,
    home_url: &'static str,
    /// The theme's words in the site's language (`t(key=…)` reads them).
    strings: BTreeMap<String, crate::theme_strings::Text>,
}

impl<'a> BaseView<'a> {
    /// `assets`: the theme's static files as this language's pages name
    /// them ([`language_assets`]).
    fn new(site: &'a Site, theme: &Theme, options: &'a ThemeOptions, assets: &'a BTreeMap<String, String>) -> Self {
        let c = &site.config;
        BaseView {
            site: SiteView {
                title: &c.title,
                language: &c.language,
                dir: c.direction(),
                disclaimer: c.disclaimer.as_deref(),
                base_url: c.base_url(),
                practice: PracticeView {
                    practice: &c.practice,
                    phone_href: c.practice.phone.as_deref().and_then(href::tel_href),
                },
                theme_options: options,
                logo: c.logo.as_deref().and_then(|name| assets.get(name)).map(String::as_str),
                favicon: Favicon::of(c, assets),
                language_help: c.language_help.as_ref().map(crate::language_help::LanguageHelp::view),
            },
            assets,
            guides: site
                .guides
                .iter()
                .map(|g| GuideNav {
                    title: &g.title,
                    description: g.doc.meta.description.as_deref(),
                    procedure: g.doc.meta.procedure.as_deref(),
                    url: g.url(),
                    entry_count: g.entries.len(),
                })
                .collect(),
            topics_url: site::TOPICS_URL,
            glossary_url: (!site.glossary.is_empty()).then_some(crate::glossary::GLOSSARY_URL),
            search_index_url: search::index_url(&c.language),
            search_stemmer: search::Language::of(&c.language).stemmer_name(),
            home_url: site::HOME_URL,
            strings: theme.strings.for_language(&c.language, c.language_codes()[0]),
        }
    }

    fn context(&self) -> Context {
        let mut ctx = Context::new();
        ctx.insert("site", &self.site);
        ctx.insert("assets", self.assets);
        ctx.insert("guides", &self.guides);
        ctx.insert("topics_url", self.topics_url);
        ctx.insert("glossary_url", &self.glossary_url);
        ctx.insert("search_index_url", &self.search_index_url);
        ctx.insert("search_stemmer", &self.search_stemmer);
        ctx.insert("home_url", self.home_url);
        ctx.insert("strings", &self.strings);
        ctx
    }
}

/// The theme's templates, and where rendered pages are recalled from.
struct Templates<'a> {
    theme: &'a Theme,
    pages: &'a dyn Recall<PageResult>,
    /// What every page's HTML reads besides its own values.
    shared: Digested<SharedInput<'a>>,
    /// The theme's words in the site's language (part of `shared`'s base).
    strings: &'a BTreeMap<String, crate::theme_strings::Text>,
}

/// What every page's HTML reads besides its own values: the templates (their
/// texts and the files they came from, which errors name) and the base
/// context.
#[derive(Serialize)]
struct SharedInput<'a> {
    theme: &'a str,
    sources: &'a BTreeMap<String, String>,
    paths: &'a BTreeMap<String, std::path::PathBuf>,
    base: &'a BaseView<'a>,
}

/// All that rendering one page reads.
#[derive(Serialize)]
struct PageInput<'a> {
    shared: &'a Digested<SharedInput<'a>>,
    template: &'a str,
    path: &'a str,
    values: &'a PageContext<'a>,
}

impl<'a> Templates<'a> {
    fn new(theme: &'a Theme, pages: &'a dyn Recall<PageResult>, base: &'a BaseView<'a>) -> Self {
        let shared = Digested::new(SharedInput {
            theme: &theme.name,
            sources: &theme.template_sources,
            paths: &theme.template_paths,
            base,
        });
        Templates { theme, pages, shared, strings: &base.strings }
    }

    /// The theme string `key` in the site's language, for a page title gloss
    /// gives (`english` where the theme has none).
    fn title(&self, key: &str, english: &'static str) -> &'a str {
        match self.strings.get(key) {
            Some(crate::theme_strings::Text::One(s)) => s,
            _ => english,
        }
    }

    /// Renders `template` for the page at `path`, or reuses the page
    /// rendered from the same templates and the same context.
    fn render(
        &self,
        template: &'static str,
        path: &str,
        base: &Context,
        page: PageContext,
    ) -> Result<Bytes, Diagnostic> {
        let theme = self.theme;
        let mut render = || {
            let mut html = PageBuffer::default();
            theme.tera.render_to(template, &page.context(base), &mut html).map_err(|e| {
                if html.full {
                    page_too_large(theme, template, path, &page)
                } else {
                    template_error(theme, template, path, &e)
                }
            })?;
            // The buffer grows by doubling, and `Bytes` keeps the whole
            // allocation: without this a page held by the dev server (in its
            // output and its cache of pages) could carry as much spare
            // capacity as HTML.
            let mut html = html.bytes;
            html.shrink_to_fit();
            Ok(Bytes::from(html))
        };
        let input = PageInput { shared: &self.shared, template, path, values: &page };
        self.pages.recall(&input, &mut render)
    }
}

/// The most a page may hold: room for a guide's print page (every entry of
/// the guide on one page) many times over, and little enough that a
/// template loop that runs away (a loop in a loop over `range`) is stopped
/// long before it exhausts the machine's memory.
const MAX_PAGE_BYTES: usize = 16 << 20;

/// A page's HTML as tera writes it, refused past [`MAX_PAGE_BYTES`]: the
/// refused write ends the render there, so a runaway template costs no more
/// memory than the limit.
#[derive(Default)]
struct PageBuffer {
    bytes: Vec<u8>,
    /// A write was refused: the page is too large.
    full: bool,
}

impl std::io::Write for PageBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_PAGE_BYTES {
            self.full = true;
            return Err(std::io::Error::other("the page is larger than gloss allows"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn render_page(
    site: &Site,
    templates: &Templates,
    bodies: &Bodies,
    base: &Context,
    page: Page,
) -> Result<(String, Bytes), Diagnostic> {
    let mut ctx = PageContext::default();
    let (path, template, root) = match page {
        Page::Home => home_context(site, bodies, &mut ctx),
        Page::Guide(g) => guide_context(site, bodies, g, &mut ctx),
        Page::Print(g) => print_context(site, bodies, g, &mut ctx),
        Page::Glossary => glossary_context(site, templates.title("glossary", "Glossary"), &mut ctx),
        Page::Entry(r) => entry_context(site, bodies, r, &mut ctx),
        Page::TopicIndex => topic_index_context(site, templates.title("topics", "Topics"), &mut ctx),
        Page::Topic(t) => topic_context(site, t, &mut ctx),
        Page::NotFound => not_found_context(
            site,
            templates.theme,
            templates.title("not_found_page_title", "Page not found"),
            &mut ctx,
        ),
    };
    ctx.insert("translations", crate::languages::version_links(site, &path, &root));
    ctx.insert("root", root);
    let html = templates.render(template, &path, base, ctx)?;
    Ok((path, html))
}

/// A page's own part of the template context (the part every page shares is
/// the base context), kept as the values themselves rather than tera's: a
/// page the dev server recalls is never turned into tera's values at all.
#[derive(Default)]
struct PageContext<'a> {
    values: Vec<(&'static str, Box<dyn erased_serde::Serialize + 'a>)>,
}

impl<'a> PageContext<'a> {
    fn insert(&mut self, name: &'static str, value: impl Serialize + 'a) {
        self.values.push((name, Box::new(value)));
    }

    /// The base context with this page's values over it.
    fn context(&self, base: &Context) -> Context {
        let mut ctx = base.clone();
        for (name, value) in &self.values {
            ctx.insert(*name, &**value);
        }
        ctx
    }
}

/// The page's values by name, as the dev server digests them.
impl Serialize for PageContext<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.values.len()))?;
        for (name, value) in &self.values {
            map.serialize_entry(name, &**value)?;
        }
        map.end()
    }
}

fn same_place(a: &Diagnostic, b: &Diagnostic) -> bool {
    (&a.path, a.line, a.column) == (&b.path, b.line, b.column)
}

/// A render error, placed where tera says it is: in the page's template, or
/// in a template it extends or includes.
fn template_error(theme: &Theme, template: &str, page_path: &str, e: &tera::Error) -> Diagnostic {
    if is_component_recursion(e)
        && let Some(d) = component_loop(theme, page_path)
    {
        return d;
    }
    let at = theme::TemplateError::from(e);
    let in_template = at.name.filter(|n| theme.template_sources.contains_key(*n)).unwrap_or(template);
    let file = theme.template_paths.get(in_template).cloned().unwrap_or_else(|| in_template.into());
    let source = theme.template_sources.get(in_template).map_or("", String::as_str);
    let (line, column) = if at.name == Some(in_template) { (at.line, at.column) } else { (1, 1) };
    let help = match closest_defined_name(&at.message) {
        Some(name) => format!("did you mean `{name}`? docs/themes.md says what each page gets"),
        None => "a variable the template uses may be missing on this page: see docs/themes.md for what each page \
                 gets"
            .into(),
    };
    Diagnostic::error(file, line, column, format!("template error while rendering {page_path}: {}", at.message))
        .with_source(source)
        .with_help(help)
}

/// The name closest to a mistyped one, read from tera's "Variable `titel`
/// is not defined. Available variables: a, b" (or "Field … Available
/// fields: …"), which lists what the page's context has there.
fn closest_defined_name(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once('`')?;
    let (name, rest) = rest.split_once('`')?;
    let (_, available) = rest.strip_prefix(" is not defined. Available ")?.split_once(": ")?;
    let known: Vec<&str> = available.trim_end_matches('.').split(", ").collect();
    crate::diagnostic::closest(name, &known)
}

/// tera's error for components that call components too deep, which says
/// no more than that.
fn is_component_recursion(e: &tera::Error) -> bool {
    matches!(e.kind(), tera::ErrorKind::Msg(m) if m.contains("recursion depth for components"))
}

/// Components that call each other in a loop, reported at the call that
/// closes it (tera stops them at 20 levels without saying where).
fn component_loop(theme: &Theme, page_path: &str) -> Option<Diagnostic> {
    let priority =
        |name: &str| theme.fallback_prefixes.iter().position(|p| name.starts_with(p.as_str())).map_or(0, |i| i + 1);
    let (chain, call) = crate::template_loops::component_loop(&theme.template_sources, priority)?;
    let source = theme.template_sources.get(call.template).map_or("", String::as_str);
    let (line, column) = crate::diagnostic::line_col(source, call.offset);
    let file = theme.template_paths.get(call.template).cloned().unwrap_or_else(|| call.template.into());
    let what = if chain.len() == 2 {
        format!("the component `{}` calls itself", chain[0])
    } else {
        format!("these components call each other: {}", chain.join(" → "))
    };
    Some(
        Diagnostic::error(
            file,
            line,
            column,
            format!("template error while rendering {page_path}: {what} deeper than tera allows (20 calls)"),
        )
        .with_source(source)
        .with_help("call it only under a condition that becomes false, e.g. `{% if n > 0 %}`, or remove this call"),
    )
}

/// A page past [`MAX_PAGE_BYTES`]: tera says no more than that a write
/// failed, so the diagnostic points at the page's template as a whole, and
/// says whether the page's own values (its entries' HTML) are that large or
/// the template made them so.
fn page_too_large(theme: &Theme, template: &str, page_path: &str, values: &PageContext) -> Diagnostic {
    let file = theme.template_paths.get(template).cloned().unwrap_or_else(|| template.into());
    let source = theme.template_sources.get(template).map_or("", String::as_str);
    let mut counted = ByteCount(0);
    let content_too_large = serde_json::to_writer(&mut counted, values).is_ok() && counted.0 > MAX_PAGE_BYTES / 2;
    let help = if content_too_large {
        "the text on this page is too long for one page: split its longest entries, or the guide into smaller \
         guides"
            .to_string()
    } else {
        format!(
            "a loop in `{template}` or in a template it extends or includes writes far too much; look for a `for` \
             loop over a large `range`, or a loop inside another"
        )
    };
    Diagnostic::error(
        file,
        1,
        1,
        format!(
            "template error while rendering {page_path}: the page passed {} MiB, so gloss stopped rendering it",
            MAX_PAGE_BYTES >> 20
        ),
    )
    .with_source(source)
    .with_help(help)
}

/// Counts what is written to it and keeps nothing.
struct ByteCount(usize);

impl std::io::Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

type Target = (String, &'static str, String);

fn home_context<'a>(site: &'a Site, bodies: &'a Bodies, ctx: &mut PageContext<'a>) -> Target {
    let meta = site.home.as_ref().map(|d| &d.meta);
    let title = meta.and_then(|m| m.title.as_deref()).unwrap_or(&site.config.title);
    let description = meta.and_then(|m| m.description.as_deref()).or(bodies.home_description.as_deref());
    ctx.insert("page", PageView::new(site, "home", title, description, site::HOME_URL.into()));
    let translation_unreviewed = is_translation(site)
        && meta
            .is_some_and(|m| !marked_reviewed(m.translation_reviewed_by.as_deref(), m.translation_source.as_deref()));
    ctx.insert(
        "home",
        HomeView { title, html: bodies.home.as_ref().map_or("", |r| r.html.as_str()), translation_unreviewed },
    );
    let list: Vec<HomeGuide> = site
        .guides
        .iter()
        .map(|g| HomeGuide {
            title: &g.title,
            description: g.doc.meta.description.as_deref(),
            url: g.url(),
            entries: g.entries.iter().map(|e| entry_link(g, e)).collect(),
        })
        .collect();
    ctx.insert("guide_list", list);
    (site::HOME_URL.into(), "index.html", String::new())
}

#[derive(Serialize)]
struct HomeView<'a> {
    title: &'a str,
    html: &'a str,
    /// The home page's text is a translation nobody has marked reviewed.
    translation_unreviewed: bool,
}

#[derive(Serialize)]
struct HomeGuide<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    entries: Vec<EntryLink<'a>>,
}

/// An entry as the home and topic pages list it.
#[derive(Serialize)]
struct EntryLink<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    url: String,
}

fn entry_link<'a>(guide: &Guide, entry: &'a Entry) -> EntryLink<'a> {
    EntryLink {
        title: &entry.title,
        summary: entry.doc.meta.summary.as_deref(),
        url: site::entry_url(&guide.slug, &entry.slug),
    }
}

#[derive(Serialize)]
struct GuideEntryView<'a> {
    title: &'a str,
    slug: &'a str,
    summary: Option<&'a str>,
    url: String,
    anchor: &'a str,
    html: &'a str,
    topics: Vec<TopicLink<'a>>,
}

fn topic_links<'a>(site: &'a Site, topics: &[usize]) -> Vec<TopicLink<'a>> {
    topics
        .iter()
        .map(|&t| TopicLink { name: &site.topics[t].name, url: site::topic_url(&site.topics[t].slug) })
        .collect()
}

fn guide_context<'a>(site: &'a Site, bodies: &'a Bodies, g: usize, ctx: &mut PageContext<'a>) -> Target {
    let guide = &site.guides[g];
    let answers: Vec<&str> = bodies.entries[g].iter().map(|p| p.faq_answer.as_str()).collect();
    let description = guide.doc.meta.description.as_deref();
    ctx.insert(
        "page",
        PageView {
            json_ld: Some(structured_data::guide_page(&site.config, guide, &answers)),
            ..PageView::new(site, "guide", &guide.title, description, guide.url())
        },
    );
    ctx.insert("guide", guide_view(site, bodies, g, false));
    (guide.url(), "guide.html", GUIDE_ROOT.into())
}

/// The whole guide on one page, to print and bring to an appointment.
fn print_context<'a>(site: &'a Site, bodies: &'a Bodies, g: usize, ctx: &mut PageContext<'a>) -> Target {
    let guide = &site.guides[g];
    let url = site::print_url(&guide.slug);
    let description = guide.doc.meta.description.as_deref();
    ctx.insert("page", PageView::new(site, "print", &guide.title, description, url.clone()));
    ctx.insert("guide", guide_view(site, bodies, g, true));
    (url, "print.html", PRINT_ROOT.into())
}

/// What guide.html and print.html get as `guide`: the bodies as rendered for
/// that page.
#[derive(Serialize)]
struct GuideView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    procedure: Option<&'a str>,
    url: String,
    print_url: String,
    intro_html: &'a str,
    /// The intro up to its first heading (what the guide is about), and its
    /// sections from there: the guide page shows the first above the
    /// questions and the sections after them, so that on a phone the first
    /// screen holds a question.
    intro_lead_html: &'a str,
    intro_sections_html: &'a str,
    toc: &'a [TocItem],
    /// The reviewer's name and credentials.
    reviewed_by: Option<Cow<'a, str>>,
    /// The reviewer's name without credentials, for the compact review line.
    reviewer_name: Option<Cow<'a, str>>,
    last_reviewed: Option<Date>,
    next_review: Option<Date>,
    /// `next_review` is past: the page says the review is overdue.
    review_overdue: bool,
    entries: Vec<GuideEntryView<'a>>,
    /// The glossary terms its answers explain, A to Z: on paper a popover
    /// cannot open, so the handout lists them at the end.
    terms: Vec<TermView<'a>>,
    /// The guide or one of its questions is a translation nobody has
    /// marked reviewed: the page and its handout tell patients so.
    translation_unreviewed: bool,
}

#[derive(Serialize)]
struct TermView<'a> {
    term: &'a str,
    slug: String,
    definition: &'a str,
}

/// The glossary terms that guide `g`'s entries explain, each once, A to Z.
fn guide_terms<'a>(site: &'a Site, bodies: &Bodies, g: usize) -> Vec<TermView<'a>> {
    let mut used: Vec<usize> = bodies.entries[g].iter().flat_map(|p| p.terms.iter().copied()).collect();
    used.sort_unstable();
    used.dedup();
    let mut terms: Vec<TermView> = used
        .into_iter()
        .map(|t| {
            let term = &site.glossary.terms[t];
            TermView { term: &term.term, slug: term.slug(), definition: &term.definition }
        })
        .collect();
    terms.sort_by_cached_key(|t| t.term.to_lowercase());
    terms
}

fn guide_view<'a>(site: &'a Site, bodies: &'a Bodies, g: usize, for_print: bool) -> GuideView<'a> {
    let guide = &site.guides[g];
    let meta = &guide.doc.meta;
    let entries: Vec<GuideEntryView> = guide
        .entries
        .iter()
        .enumerate()
        .map(|(e, entry)| {
            let placed = &bodies.entries[g][e];
            let rendered = if for_print { Some(&placed.in_print) } else { placed.in_guide.as_ref() };
            GuideEntryView {
                title: &entry.title,
                slug: &entry.slug,
                summary: entry.doc.meta.summary.as_deref(),
                url: site::entry_url(&guide.slug, &entry.slug),
                anchor: &entry.slug,
                html: rendered.map_or("", |r| r.html.as_str()),
                topics: topic_links(site, &entry.topics),
            }
        })
        .collect();
    let intro = if for_print { &bodies.intros[g].in_print } else { &bodies.intros[g].own };
    let (intro_lead_html, intro_sections_html) = split_at_first_heading(&intro.html);
    GuideView {
        title: &guide.title,
        description: meta.description.as_deref(),
        procedure: meta.procedure.as_deref(),
        url: guide.url(),
        print_url: site::print_url(&guide.slug),
        intro_html: &intro.html,
        intro_lead_html,
        intro_sections_html,
        toc: &intro.toc,
        reviewed_by: meta.reviewed_by.as_deref().map(|by| site.config.reviewer(by).display()),
        reviewer_name: meta.reviewed_by.as_deref().map(|by| site.config.reviewer(by).name()),
        last_reviewed: meta.last_reviewed,
        next_review: guide.next_review,
        review_overdue: guide.review_overdue,
        entries,
        terms: guide_terms(site, bodies, g),
        translation_unreviewed: is_translation(site)
            && (!marked_reviewed(meta.translation_reviewed_by.as_deref(), meta.translation_source.as_deref())
                || guide.entries.iter().any(|e| {
                    !marked_reviewed(
                        e.doc.meta.translation_reviewed_by.as_deref(),
                        e.doc.meta.translation_source.as_deref(),
                    )
                })),
    }
}

/// Whether the site is a translation (a language after the default one),
/// whose pages are translations of the default language's.
fn is_translation(site: &Site) -> bool {
    !site.folder.is_empty()
}

fn glossary_context<'a>(site: &'a Site, title: &'a str, ctx: &mut PageContext<'a>) -> Target {
    let terms: Vec<serde_json::Value> = site
        .glossary
        .terms
        .iter()
        .map(
            |t| serde_json::json!({"term": t.term, "slug": t.slug(), "definition": t.definition, "aliases": t.aliases}),
        )
        .collect();
    let url = crate::glossary::GLOSSARY_URL.to_string();
    ctx.insert("page", PageView::new(site, "glossary", title, None, url.clone()));
    ctx.insert("glossary", terms);
    (url, "glossary.html", "../".into())
}

#[derive(Serialize)]
struct EntryView<'a> {
    title: &'a str,
    slug: &'a str,
    summary: Option<&'a str>,
    url: String,
    html: &'a str,
    toc: &'a [TocItem],
    /// How many words the answer has: a theme shows "On this page" only
    /// where the answer is long enough to need it.
    word_count: usize,
    topics: Vec<TopicLink<'a>>,
    sources: &'a [crate::content::SourceRef],
    related: Vec<Link<'a>>,
    /// The reviewer's name and credentials.
    reviewed_by: Option<Cow<'a, str>>,
    /// The reviewer's name without credentials, for the compact review line.
    reviewer_name: Option<Cow<'a, str>>,
    last_reviewed: Option<Date>,
    next_review: Option<Date>,
    /// `next_review` is past: the page says the review is overdue.
    review_overdue: bool,
    /// A translation nobody has marked reviewed (`marked_reviewed`): the
    /// page tells patients so.
    translation_unreviewed: bool,
}

/// The words of a markdown body: what a reader counts, not markup (a `##`
/// or a `-` alone holds no letter or digit).
fn word_count(markdown: &str) -> usize {
    markdown.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

fn entry_context<'a>(site: &'a Site, bodies: &'a Bodies, r: EntryRef, ctx: &mut PageContext<'a>) -> Target {
    let (guide, entry) = site.entry(r);
    let meta = &entry.doc.meta;
    let url = site::entry_url(&guide.slug, &entry.slug);
    let related = entry
        .related
        .iter()
        .map(|&r| {
            let (g, e) = site.entry(r);
            Link { title: &e.title, url: site::entry_url(&g.slug, &e.slug) }
        })
        .collect();
    let placed = &bodies.entries[r.guide][r.entry];
    let rendered = &placed.own;
    let reviewer =
        meta.reviewed_by.as_deref().or(guide.doc.meta.reviewed_by.as_deref()).map(|by| site.config.reviewer(by));
    ctx.insert(
        "page",
        PageView {
            json_ld: Some(structured_data::entry_page(&site.config, guide, entry, ENTRY_ROOT)),
            ..PageView::new(site, "entry", &entry.title, meta.summary.as_deref(), url.clone())
        },
    );
    ctx.insert(
        "guide",
        GuideNav {
            title: &guide.title,
            description: guide.doc.meta.description.as_deref(),
            procedure: guide.doc.meta.procedure.as_deref(),
            url: guide.url(),
            entry_count: guide.entries.len(),
        },
    );
    ctx.insert(
        "entry",
        EntryView {
            title: &entry.title,
            slug: &entry.slug,
            summary: meta.summary.as_deref(),
            url,
            html: &rendered.html,
            toc: &rendered.toc,
            word_count: word_count(entry.doc.body()),
            topics: topic_links(site, &entry.topics),
            sources: &meta.sources,
            related,
            reviewed_by: reviewer.as_ref().map(|by| by.display()),
            reviewer_name: reviewer.as_ref().map(|by| by.name()),
            last_reviewed: meta.last_reviewed.or(guide.doc.meta.last_reviewed),
            next_review: entry.next_review.or(guide.next_review),
            review_overdue: entry.review_overdue,
            translation_unreviewed: is_translation(site)
                && !marked_reviewed(meta.translation_reviewed_by.as_deref(), meta.translation_source.as_deref()),
        },
    );
    let link = |e: &'a crate::site::Entry| Link { title: &e.title, url: site::entry_url(&guide.slug, &e.slug) };
    let prev = r.entry.checked_sub(1).map(|i| link(&guide.entries[i]));
    let next = guide.entries.get(r.entry + 1).map(link);
    ctx.insert("prev", prev);
    ctx.insert("next", next);
    (site::entry_url(&guide.slug, &entry.slug), "entry.html", ENTRY_ROOT.into())
}

#[derive(Serialize)]
struct TopicListItem<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct TopicView<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    entries: Vec<TopicEntry<'a>>,
}

#[derive(Serialize)]
struct TopicEntry<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    url: String,
    guide_title: &'a str,
    guide_url: String,
}

fn topic_index_context<'a>(site: &'a Site, title: &'a str, ctx: &mut PageContext<'a>) -> Target {
    let list: Vec<TopicListItem> = site
        .topics
        .iter()
        .map(|t| TopicListItem { name: &t.name, url: site::topic_url(&t.slug), count: t.entries.len() })
        .collect();
    ctx.insert("page", PageView::new(site, "topics", title, None, site::TOPICS_URL.into()));
    ctx.insert("topic_list", list);
    (site::TOPICS_URL.into(), "topics.html", "../".into())
}

fn topic_context<'a>(site: &'a Site, t: usize, ctx: &mut PageContext<'a>) -> Target {
    let topic = &site.topics[t];
    let url = site::topic_url(&topic.slug);
    let entries: Vec<TopicEntry> = topic
        .entries
        .iter()
        .map(|&r| {
            let (g, e) = site.entry(r);
            let EntryLink { title, summary, url } = entry_link(g, e);
            TopicEntry { title, summary, url, guide_title: &g.title, guide_url: g.url() }
        })
        .collect();
    ctx.insert("page", PageView::new(site, "topic", &topic.name, None, url.clone()));
    ctx.insert("topic", TopicView { name: &topic.name, slug: &topic.slug, url: url.clone(), entries });
    (url, "topic.html", "../../".into())
}

/// `html` before its first heading element, and from that heading on.
fn split_at_first_heading(html: &str) -> (&str, &str) {
    let at = html
        .match_indices("<h")
        .find(|(i, _)| html[i + 2..].starts_with(|c: char| ('1'..='6').contains(&c)))
        .map_or(html.len(), |(i, _)| i);
    html.split_at(at)
}

/// A server shows 404.html at whatever path was asked for, so relative links
/// cannot work there: it links from the site's path on its host instead.
/// That path comes from `base_url`, which a host may set without the
/// sub-path the site is copied to; the stylesheet's text goes into the
/// published page (`inline_stylesheet`) so that it still looks like the site
/// then. Not in the dev server's (unfingerprinted) output, which is served
/// at its root and where a stylesheet save must change no page.
fn not_found_context<'a>(site: &'a Site, theme: &'a Theme, title: &'a str, ctx: &mut PageContext<'a>) -> Target {
    ctx.insert("page", PageView::new(site, "404", title, None, "404.html".into()));
    let inline = theme.fingerprinted.then(|| theme.static_text("style.css")).flatten();
    ctx.insert("inline_stylesheet", inline.map(inline_style));
    let root = site.config.base_url().map(base_path).unwrap_or_else(|| "/".into());
    ("404.html".into(), "404.html", root)
}

/// CSS made safe to put inside `<style>`: nothing in it can end the element.
/// `<\/` is the same text to CSS wherever `</` can appear (strings,
/// comments, selectors), since `\/` escapes a plain `/`.
fn inline_style(css: &str) -> String {
    css.replace("</", "<\\/")
}

/// `https://clinic.example/guides` → `/guides/`.
fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    format!("/{}/", path.trim_matches('/')).replace("//", "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_intro_splits_at_its_first_heading() {
        let html = "<p>What it is.</p>\n<h2 id=\"how\">How</h2>\n<p>So.</p>\n";
        assert_eq!(split_at_first_heading(html), ("<p>What it is.</p>\n", "<h2 id=\"how\">How</h2>\n<p>So.</p>\n"));
        assert_eq!(split_at_first_heading("<p>No <hr> heading.</p>"), ("<p>No <hr> heading.</p>", ""));
    }

    #[test]
    fn a_mistyped_name_gets_the_closest_defined_one() {
        let field = "Field `titel` is not defined. Available fields: html, slug, summary, title, toc";
        assert_eq!(closest_defined_name(field), Some("title"));
        let variable = "Variable `gude` is not defined. Available variables: entry, guide, page, root";
        assert_eq!(closest_defined_name(variable), Some("guide"));
        assert_eq!(closest_defined_name("Field `colour` is not defined. Available fields: html, title"), None);
        assert_eq!(closest_defined_name("Variable `x` is not defined."), None);
    }

    #[test]
    fn base_path_of_base_url() {
        assert_eq!(base_path("https://clinic.example"), "/");
        assert_eq!(base_path("https://clinic.example/guides"), "/guides/");
        assert_eq!(base_path("https://clinic.example/guides/"), "/guides/");
    }
}
