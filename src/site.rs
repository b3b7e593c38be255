//! The site model: loaded content arranged into what a reader navigates.
//!
//! This stage owns slugs, output paths, ordering (guides by `order` then
//! title, entries by `order` then file name), prev/next, related entries,
//! topics across guides, review due dates, and the answer to "which output
//! file does this source path link to?". It reads no files and renders nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::cache::Digested;
use crate::config::SiteConfig;
use crate::content::{Asset, Date, Document, EntryMeta, GuideMeta, HomeMeta, LoadedContent};
use crate::diagnostic::{Diagnostic, closest};
use crate::images::ImageSize;
use crate::markdown::LinkResolver;

/// Output folder names gloss writes itself; a guide or entry may not take them.
pub(crate) const RESERVED_GUIDE_SLUGS: &[&str] = &["topics", "glossary", "search", "static"];
pub(crate) const RESERVED_ENTRY_SLUGS: &[&str] = &["print", "images"];

#[derive(Debug)]
pub(crate) struct Site {
    pub(crate) config: SiteConfig,
    pub(crate) home: Option<Document<HomeMeta>>,
    pub(crate) guides: Vec<Guide>,
    pub(crate) topics: Vec<Topic>,
    pub(crate) assets: Vec<Asset>,
    pub(crate) glossary: Digested<crate::glossary::Glossary>,
    /// The site's additions to the search's synonym map (`content/synonyms.yaml`).
    pub(crate) synonyms: crate::search::synonyms::Synonyms,
    /// The site's own complex words, beside the shipped list of its language
    /// (`content/plain_words.yaml`).
    pub(crate) plain_words: crate::plain_language::plain_words::SiteWords,
    /// Everything a link in a body can resolve to.
    pub(crate) links: Digested<LinkTable>,
    /// Where this language's pages are in the output: `""` for the default
    /// language, `es/`.
    pub(crate) folder: String,
    /// Every page's versions in the site's languages.
    pub(crate) alternates: Arc<Alternates>,
}

/// The pages and files of the site by the source paths links name them by.
#[derive(Debug, Default, Serialize)]
pub(crate) struct LinkTable {
    /// Content-relative source path (`g/a.md`) → root-relative output path.
    pages_by_source: BTreeMap<String, String>,
    page_paths: BTreeSet<String>,
    /// Content-relative path of every file beside the content → what is
    /// known of it.
    assets: BTreeMap<String, AssetFacts>,
}

/// What links and images need of a file beside the content.
#[derive(Debug, Serialize)]
pub(crate) struct AssetFacts {
    /// Its length in bytes.
    pub(crate) len: u64,
    /// Its intrinsic size, if it is an image gloss can read the size of.
    pub(crate) size: Option<ImageSize>,
}

#[derive(Debug)]
pub(crate) struct Guide {
    pub(crate) slug: String,
    pub(crate) title: String,
    pub(crate) doc: Arc<Document<GuideMeta>>,
    pub(crate) entries: Vec<Entry>,
    pub(crate) next_review: Option<Date>,
    /// `next_review` is before the day the build judges reviews against
    /// (set by [`Site::judge_reviews`]).
    pub(crate) review_overdue: bool,
}

#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) slug: String,
    pub(crate) title: String,
    pub(crate) doc: Arc<Document<EntryMeta>>,
    /// Indexes into `Site::topics`.
    pub(crate) topics: Vec<usize>,
    pub(crate) related: Vec<EntryRef>,
    pub(crate) next_review: Option<Date>,
    /// The review this entry's page shows (its own, or its guide's) is
    /// overdue (set by [`Site::judge_reviews`]).
    pub(crate) review_overdue: bool,
}

/// An entry, by its guide's index and its index in that guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct EntryRef {
    pub(crate) guide: usize,
    pub(crate) entry: usize,
}

#[derive(Debug)]
pub(crate) struct Topic {
    /// The name pages show: gloss.yaml's `topics:` name for it, or the
    /// topic as first written with a capital first letter.
    pub(crate) name: String,
    /// The topic as the first entry that names it writes it.
    pub(crate) written: String,
    pub(crate) slug: String,
    pub(crate) entries: Vec<EntryRef>,
}

/// Below this many topics, a few of one question each are no pattern.
const MIN_TOPICS_TO_JUDGE: usize = 4;

/// gloss.yaml's name for the topic `slug` (its keys written as entries
/// write topics), or `written` with a capital first letter.
fn topic_display_name(names: &BTreeMap<String, String>, slug: &str, written: &str) -> String {
    if let Some(name) = names.iter().find(|(key, _)| slug::slugify(key) == slug).map(|(_, name)| name) {
        return name.trim().to_string();
    }
    let mut chars = written.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

pub(crate) fn guide_url(slug: &str) -> String {
    format!("{slug}/index.html")
}

pub(crate) fn entry_url(guide: &str, entry: &str) -> String {
    format!("{guide}/{entry}/index.html")
}

pub(crate) fn print_url(guide: &str) -> String {
    format!("{guide}/print/index.html")
}

pub(crate) fn topic_url(slug: &str) -> String {
    format!("topics/{slug}/index.html")
}

pub(crate) const HOME_URL: &str = "index.html";
pub(crate) const TOPICS_URL: &str = "topics/index.html";
pub(crate) const NOT_FOUND_URL: &str = "404.html";

impl Guide {
    pub(crate) fn url(&self) -> String {
        guide_url(&self.slug)
    }

    /// The folder under `content/` this guide was read from.
    fn source_dir(&self) -> String {
        self.doc.path.parent().and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }
}

impl Site {
    /// Arranges loaded content. Every problem found is returned; the site is
    /// still built from what is sound, so later stages can report theirs too.
    pub(crate) fn build(config: SiteConfig, content: LoadedContent) -> (Site, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let review_days = config.review.max_age_days;
        let mut unbuilt = content.unread;
        let mut guides: Vec<Guide> = content
            .guides
            .into_iter()
            .filter_map(|g| {
                build_guide(g.dir, g.index, g.entries, (review_days, &config.language), &mut unbuilt, &mut diagnostics)
            })
            .collect();
        guides.sort_by_key(|g| order_key(g.doc.meta.order, &g.title));
        reject_duplicate_guides(&guides, &mut diagnostics);

        let mut site = Site {
            config,
            home: content.home,
            guides,
            topics: Vec::new(),
            assets: content.assets,
            glossary: Digested::new(crate::glossary::Glossary::new(content.glossary)),
            synonyms: content.synonyms,
            plain_words: content.plain_words,
            links: Digested::default(),
            folder: String::new(),
            alternates: Arc::default(),
        };
        site.links = Digested::new(site.link_table(&unbuilt));
        site.collect_topics();
        site.warn_near_duplicate_topics(&mut diagnostics);
        site.warn_topics_of_one_question(&mut diagnostics);
        site.resolve_related(&unbuilt, &mut diagnostics);
        (site, diagnostics)
    }

    /// Marks each guide and entry whose review was due before `today`, the
    /// day the build judges reviews against (`BuildOptions::today`), so that
    /// its page says the review is overdue rather than showing a past date
    /// as to come. An entry without a due date of its own is due with its
    /// guide, as its page shows.
    pub(crate) fn judge_reviews(&mut self, today: NaiveDate) {
        for guide in &mut self.guides {
            guide.review_overdue = guide.next_review.is_some_and(|due| due.0 < today);
            let guide_due = guide.next_review;
            for entry in &mut guide.entries {
                entry.review_overdue = entry.next_review.or(guide_due).is_some_and(|due| due.0 < today);
            }
        }
    }

    /// Every page gloss renders for this site: its output path, and what it
    /// is in words, for a diagnostic about something else at that path.
    pub(crate) fn pages(&self) -> Vec<(String, String)> {
        let mut pages = vec![
            (HOME_URL.to_string(), "the home page".to_string()),
            (TOPICS_URL.to_string(), "the page listing every topic".to_string()),
            (NOT_FOUND_URL.to_string(), "the page-not-found page".to_string()),
        ];
        if !self.glossary.is_empty() {
            pages.push((crate::glossary::GLOSSARY_URL.to_string(), "the glossary page".to_string()));
        }
        for guide in &self.guides {
            let source = guide.doc.path.display();
            pages.push((guide.url(), format!("the page of the guide `{}` ({source})", guide.title)));
            pages.push((print_url(&guide.slug), format!("the printable handout of the guide `{}`", guide.title)));
            for entry in &guide.entries {
                let source = entry.doc.path.display();
                pages.push((entry_url(&guide.slug, &entry.slug), format!("the page of `{}` ({source})", entry.title)));
            }
        }
        for topic in &self.topics {
            pages.push((topic_url(&topic.slug), format!("the page of the topic `{}`", topic.written)));
        }
        pages
    }

    pub(crate) fn entry(&self, r: EntryRef) -> (&Guide, &Entry) {
        let guide = &self.guides[r.guide];
        (guide, &guide.entries[r.entry])
    }

    /// The link table; a file in `unbuilt` (`g/a.md`, there but in error)
    /// is at the page it would be, so that links to it are not reported as
    /// well as its own error.
    fn link_table(&self, unbuilt: &[String]) -> LinkTable {
        let mut pages: BTreeMap<String, String> =
            unbuilt.iter().map(|source| (source.clone(), unbuilt_page(source))).collect();
        pages.insert("_index.md".to_string(), HOME_URL.to_string());
        for guide in &self.guides {
            let dir = guide.source_dir();
            pages.insert(format!("{dir}/_index.md"), guide.url());
            for entry in &guide.entries {
                let file = entry.doc.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                // A translation's links name the pages of its language by
                // their sources' names (`b.md` from `a.es.md`).
                let source = crate::language_codes::source_file_name(&file, &[self.config.language.as_str()]);
                pages.insert(format!("{dir}/{source}"), entry_url(&guide.slug, &entry.slug));
                pages.insert(format!("{dir}/{file}"), entry_url(&guide.slug, &entry.slug));
            }
        }
        LinkTable {
            page_paths: pages.values().cloned().collect(),
            pages_by_source: pages,
            assets: self
                .assets
                .iter()
                .map(|a| {
                    let facts =
                        AssetFacts { len: a.bytes.len() as u64, size: crate::images::intrinsic_size(&a.rel, &a.bytes) };
                    (a.rel.clone(), facts)
                })
                .collect(),
        }
    }

    fn collect_topics(&mut self) {
        let mut by_slug: BTreeMap<String, Topic> = BTreeMap::new();
        for (gi, guide) in self.guides.iter_mut().enumerate() {
            for (ei, entry) in guide.entries.iter_mut().enumerate() {
                for name in &entry.doc.meta.topics {
                    let slug = slug::slugify(name);
                    if slug.is_empty() {
                        continue;
                    }
                    let topic = by_slug.entry(slug.clone()).or_insert_with(|| Topic {
                        name: topic_display_name(&self.config.topics, &slug, name.trim()),
                        written: name.trim().to_string(),
                        slug,
                        entries: Vec::new(),
                    });
                    topic.entries.push(EntryRef { guide: gi, entry: ei });
                }
            }
        }
        self.topics = by_slug.into_values().collect();
        for (ti, topic) in self.topics.iter().enumerate() {
            for r in &topic.entries {
                let entry = &mut self.guides[r.guide].entries[r.entry];
                if !entry.topics.contains(&ti) {
                    entry.topics.push(ti);
                }
            }
        }
    }

    /// Topics spelt so alike that a writer surely meant one (`side-effect`
    /// and `side-effects`, `scaring` and `scarring`): each would be a topic
    /// page of its own, splitting the entries patients look for. Case and
    /// spacing are already one topic (one slug). Warned at the first entry
    /// that uses the rarer spelling.
    fn warn_near_duplicate_topics(&self, diagnostics: &mut Vec<Diagnostic>) {
        for (i, a) in self.topics.iter().enumerate() {
            for b in &self.topics[i + 1..] {
                let (rare, common) = if a.entries.len() < b.entries.len() { (a, b) } else { (b, a) };
                if !looks_like_a_slip(rare, common) {
                    continue;
                }
                let r = rare.entries[0];
                let entry = &self.guides[r.guide].entries[r.entry];
                let written = entry.doc.meta.topics.iter().find(|t| slug::slugify(t) == rare.slug);
                let message = format!(
                    "the topic `{}` is spelt almost like `{}`, so they would be two topic pages",
                    rare.written, common.written
                );
                let mut d =
                    error_at_value(&entry.doc, written.map_or(&rare.written, |t| t), message).with_help(format!(
                        "if they are one topic, write `{}` in every entry ({} entries use it, {} use `{}`)",
                        common.written,
                        common.entries.len(),
                        rare.entries.len(),
                        rare.written
                    ));
                d.severity = crate::diagnostic::Severity::Warning;
                diagnostics.push(d);
            }
        }
    }

    /// Most topics holding one question each: their pages lead nowhere and
    /// their list hides the topics that do group questions. One warning for
    /// the site, at the first such topic.
    fn warn_topics_of_one_question(&self, diagnostics: &mut Vec<Diagnostic>) {
        let lone: Vec<&Topic> = self.topics.iter().filter(|t| t.entries.len() == 1).collect();
        let Some(first) = lone.first() else { return };
        if self.topics.len() < MIN_TOPICS_TO_JUDGE || lone.len() * 2 <= self.topics.len() {
            return;
        }
        let entry = &self.guides[first.entries[0].guide].entries[first.entries[0].entry];
        let written = entry.doc.meta.topics.iter().find(|t| slug::slugify(t) == first.slug);
        let names: Vec<String> = lone.iter().map(|t| format!("`{}`", t.written)).collect();
        let message = format!(
            "{} of the site's {} topics hold one question each ({}), so their pages lead to nothing more",
            lone.len(),
            self.topics.len(),
            names.join(", ")
        );
        let mut d = error_at_topic(&entry.doc, written.map_or(&first.written, |t| t), message)
            .with_help("give questions topics they share (a topic earns its page with two or more questions), or leave these topics out");
        d.severity = crate::diagnostic::Severity::Warning;
        diagnostics.push(d);
    }

    /// `related:` names entries by slug, or `guide/slug` across guides. An
    /// entry in `unbuilt` (in error) is left out without a word: its own
    /// error says what is wrong.
    fn resolve_related(&mut self, unbuilt: &[String], diagnostics: &mut Vec<Diagnostic>) {
        let unbuilt: HashSet<String> = unbuilt
            .iter()
            .filter(|source| !source.ends_with(crate::content::INDEX_FILE))
            .map(|source| unbuilt_page(source).trim_end_matches("/index.html").to_string())
            .collect();
        let mut by_name: HashMap<String, EntryRef> = HashMap::new();
        for (gi, guide) in self.guides.iter().enumerate() {
            for (ei, entry) in guide.entries.iter().enumerate() {
                by_name.insert(format!("{}/{}", guide.slug, entry.slug), EntryRef { guide: gi, entry: ei });
            }
        }
        for gi in 0..self.guides.len() {
            let guide_slug = self.guides[gi].slug.clone();
            for ei in 0..self.guides[gi].entries.len() {
                let entry = &self.guides[gi].entries[ei];
                let mut related = Vec::new();
                for name in &entry.doc.meta.related {
                    let key = if name.contains('/') { name.clone() } else { format!("{guide_slug}/{name}") };
                    match by_name.get(&key) {
                        Some(r) => related.push(*r),
                        None if unbuilt.contains(&key) => {}
                        None => diagnostics.push(
                            error_at_value(&entry.doc, name, format!("`related` names `{name}`, but there is no such entry"))
                                .with_help("use the slug of another entry (its file name without .md), or `guide/slug` for another guide"),
                        ),
                    }
                }
                self.guides[gi].entries[ei].related = related;
            }
        }
    }

    /// A resolver for links written in the source file at `source_path`
    /// (relative to the site root, e.g. `content/g/a.md`).
    pub(crate) fn links_from<'a>(&'a self, source_path: &Path) -> SiteLinks<'a> {
        self.links.from(source_path)
    }
}

impl LinkTable {
    /// A resolver for links written in the source file at `source_path`
    /// (relative to the site root, e.g. `content/g/a.md`).
    pub(crate) fn from<'a>(&'a self, source_path: &Path) -> SiteLinks<'a> {
        let dir = source_path
            .strip_prefix(crate::content::CONTENT_DIR)
            .unwrap_or(source_path)
            .parent()
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let content_path = source_path.strip_prefix(crate::content::CONTENT_DIR).unwrap_or(source_path);
        let page_dir = self
            .pages_by_source
            .get(&content_path.to_string_lossy().replace('\\', "/"))
            .map(|page| page.trim_end_matches("index.html").trim_end_matches('/').to_string());
        SiteLinks { table: self, from_dir: dir, page_dir }
    }
}

/// The page a markdown file at `source` under `content/` (`_index.md`,
/// `g/_index.md`, `g/a.md`) would be, its front matter unread: an entry's
/// slug is then its file name's.
fn unbuilt_page(source: &str) -> String {
    match source.split_once('/') {
        None => HOME_URL.to_string(),
        Some((dir, crate::content::INDEX_FILE)) => guide_url(&slug::slugify(dir)),
        Some((dir, file)) => entry_url(&slug::slugify(dir), &slug::slugify(file.trim_end_matches(".md"))),
    }
}

fn order_key(order: Option<i64>, name: &str) -> (bool, i64, String) {
    (order.is_none(), order.unwrap_or(0), name.to_lowercase())
}

fn build_guide(
    dir: String,
    index: Arc<Document<GuideMeta>>,
    docs: Vec<Arc<Document<EntryMeta>>>,
    (review_days, language): (u32, &str),
    unbuilt: &mut Vec<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Guide> {
    let slug = slug::slugify(&dir);
    let mut left_out = |index: &Document<GuideMeta>, docs: &[Arc<Document<EntryMeta>>]| {
        let files = std::iter::once(&index.path).chain(docs.iter().map(|d| &d.path));
        unbuilt.extend(files.filter_map(|path| Some(format!("{dir}/{}", path.file_name()?.to_string_lossy()))));
    };
    let Some(title) = index.meta.title.clone().filter(|t| !t.trim().is_empty()) else {
        left_out(&index, &docs);
        diagnostics.push(
            Diagnostic::error(&index.path, 1, 1, "this guide has no `title`")
                .with_help("add `title: ...` to the front matter: it is the guide's heading"),
        );
        return None;
    };
    if RESERVED_GUIDE_SLUGS.contains(&slug.as_str()) || slug.is_empty() {
        left_out(&index, &docs);
        diagnostics.push(
            Diagnostic::error(&index.path, 1, 1, format!("the guide folder name `{dir}` cannot be used")).with_help(
                format!("gloss writes its own pages under {}: rename the folder", RESERVED_GUIDE_SLUGS.join(", ")),
            ),
        );
        return None;
    }
    let mut entries: Vec<Entry> = docs
        .into_iter()
        .filter_map(|doc| {
            let file = doc.path.file_name().map(|name| format!("{dir}/{}", name.to_string_lossy()));
            let entry = build_entry(doc, review_days, language, diagnostics);
            if entry.is_none() {
                unbuilt.extend(file);
            }
            entry
        })
        .collect();
    entries.sort_by_key(|e| {
        let file = e.doc.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        order_key(e.doc.meta.order, &file)
    });
    reject_duplicate_entries(&entries, diagnostics);
    let next_review = due_date(None, index.meta.last_reviewed, review_days);
    Some(Guide { slug, title, doc: index, entries, next_review, review_overdue: false })
}

/// `language`: the site's, whose code a translation's file name carries.
fn build_entry(
    doc: Arc<Document<EntryMeta>>,
    review_days: u32,
    language: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Entry> {
    let Some(title) = doc.meta.title.clone().filter(|t| !t.trim().is_empty()) else {
        diagnostics.push(
            Diagnostic::error(&doc.path, 1, 1, "this entry has no `title`")
                .with_help(
                    "add `title: ...` to the front matter: it is the patient's question, e.g. `title: Is it painful?`",
                )
                .with_source(&doc.text),
        );
        return None;
    };
    // A translation without `slug:` is at its source's address.
    let name = doc
        .path
        .file_name()
        .map(|s| crate::language_codes::source_file_name(&s.to_string_lossy(), &[language]))
        .unwrap_or_default();
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    let slug = match &doc.meta.slug {
        Some(explicit) => {
            let clean = slug::slugify(explicit);
            if clean != *explicit {
                diagnostics.push(
                    error_at_value(&doc, explicit, format!("`{explicit}` is not a usable slug"))
                        .with_help(format!("use lowercase letters, digits and dashes, e.g. `{clean}`")),
                );
            }
            clean
        }
        None => slug::slugify(stem),
    };
    if slug.is_empty() || RESERVED_ENTRY_SLUGS.contains(&slug.as_str()) {
        diagnostics.push(
            Diagnostic::error(&doc.path, 1, 1, format!("this entry's slug `{slug}` cannot be used"))
                .with_help("rename the file or set `slug:` to another name; `print` and `images` are taken by gloss"),
        );
        return None;
    }
    let next_review = due_date(doc.meta.next_review, doc.meta.last_reviewed, review_days);
    Some(Entry { slug, title, doc, topics: Vec::new(), related: Vec::new(), next_review, review_overdue: false })
}

/// `next_review` if given, else `last_reviewed` + `review.max_age_days`.
fn due_date(next_review: Option<Date>, last_reviewed: Option<Date>, review_days: u32) -> Option<Date> {
    next_review.or_else(|| last_reviewed.and_then(|d| d.0.checked_add_days(Days::new(review_days.into())).map(Date)))
}

fn reject_duplicate_entries(entries: &[Entry], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    for entry in entries {
        if let Some(first) = seen.insert(&entry.slug, &entry.doc.path) {
            let message = format!("the slug `{}` is already used by {}", entry.slug, first.display());
            let diagnostic = match &entry.doc.meta.slug {
                Some(explicit) => error_at_value(&entry.doc, explicit, message),
                None => Diagnostic::error(&entry.doc.path, 1, 1, message),
            };
            diagnostics.push(diagnostic.with_help(
                "two entries would be written to the same page: rename one file or set a different `slug:`",
            ));
        }
    }
}

fn reject_duplicate_guides(guides: &[Guide], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Path> = HashMap::new();
    for guide in guides {
        if let Some(first) = seen.insert(&guide.slug, &guide.doc.path) {
            diagnostics.push(
                Diagnostic::error(
                    &guide.doc.path,
                    1,
                    1,
                    format!("the guide slug `{}` is already used by {}", guide.slug, first.display()),
                )
                .with_help("two guide folders differ only in case or punctuation: rename one"),
            );
        }
    }
}

/// An error on the front matter line that holds `value`, falling back to the
/// first line when it cannot be found.
/// Whether `rare` looks like a slip for `common`: the same word but for a
/// plural ending, or, for words of five letters or more, one letter added,
/// dropped, changed or swapped, where `rare` is also rare (two entries at
/// most, or a third as many as `common`). Two real words a letter apart
/// (`clean`, `clear`) are each used often; a typo is not.
fn looks_like_a_slip(rare: &Topic, common: &Topic) -> bool {
    let (a, b) = (rare.slug.as_str(), common.slug.as_str());
    let plural = |one: &str, other: &str| other.strip_prefix(one).is_some_and(|ending| ending == "s" || ending == "es");
    if plural(a, b) || plural(b, a) {
        return true;
    }
    let seldom = rare.entries.len() <= 2 || rare.entries.len() * 3 <= common.entries.len();
    seldom && a.len().min(b.len()) >= 5 && strsim::damerau_levenshtein(a, b) == 1
}

fn error_at_value<M>(doc: &Document<M>, value: &str, message: String) -> Diagnostic {
    let front = &doc.text[..doc.body_offset];
    let (line, col) = front
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find(value).map(|c| (i + 1, l[..c].chars().count() + 1)))
        .unwrap_or((1, 1));
    Diagnostic::error(&doc.path, line, col, message).with_source(&doc.text)
}

/// An error at the topic `value` in the front matter's `topics:` list (a
/// title may hold the same words), else where [`error_at_value`] puts it.
fn error_at_topic<M>(doc: &Document<M>, value: &str, message: String) -> Diagnostic {
    let front = &doc.text[..doc.body_offset];
    let found = front.lines().enumerate().skip_while(|(_, l)| !l.starts_with("topics:")).find_map(|(i, l)| {
        let after_key = if l.starts_with("topics:") { "topics:".len() } else { 0 };
        l[after_key..].find(value).map(|c| (i + 1, l[..after_key + c].chars().count() + 1))
    });
    match found {
        Some((line, col)) => Diagnostic::error(&doc.path, line, col, message).with_source(&doc.text),
        None => error_at_value(doc, value, message),
    }
}

/// Resolves links written in one source file, relative to its folder.
pub(crate) struct SiteLinks<'a> {
    table: &'a LinkTable,
    /// The source file's folder, relative to `content/`.
    from_dir: String,
    /// The folder of the page the source becomes (`g/a` for `g/a.md`), for
    /// links written as they read on the published site.
    page_dir: Option<String>,
}

impl SiteLinks<'_> {
    /// The path under `content/` that `dest` (a link's path) names.
    fn content_path(&self, dest: &str) -> Option<String> {
        let joined = match dest.strip_prefix('/') {
            Some(from_root) => from_root.to_string(),
            None if self.from_dir.is_empty() => dest.to_string(),
            None => format!("{}/{dest}", self.from_dir),
        };
        normalize(&joined)
    }

    /// The file of the site a link to `dest`, a file there is not, most
    /// likely meant, written as the link would name it: a file of that
    /// folder named almost alike, else the one file of that name in another
    /// folder, else the file of another folder whose whole path is closest.
    pub(crate) fn closest_file(&self, dest: &str) -> Option<String> {
        let path = self.content_path(dest)?;
        let split = |file: &'_ str| -> (String, String) {
            match file.rsplit_once('/') {
                Some((dir, name)) => (dir.to_string(), name.to_string()),
                None => (String::new(), file.to_string()),
            }
        };
        let (dir, name) = split(&path);
        let files: Vec<&str> =
            self.table.pages_by_source.keys().chain(self.table.assets.keys()).map(String::as_str).collect();
        let names_in_dir: Vec<String> =
            files.iter().map(|f| split(f)).filter(|(d, _)| *d == dir).map(|(_, n)| n).collect();
        let names_in_dir: Vec<&str> = names_in_dir.iter().map(String::as_str).collect();
        let same_name: Vec<&str> = files.iter().copied().filter(|f| split(f).1 == name).collect();
        let found = match closest(&name, &names_in_dir) {
            Some(near) if dir.is_empty() => near.to_string(),
            Some(near) => format!("{dir}/{near}"),
            None if same_name.len() == 1 => same_name[0].to_string(),
            None => {
                // Only other folders: in this one, a shared folder name
                // would make any file look close.
                let elsewhere: Vec<&str> = files.iter().copied().filter(|f| split(f).0 != dir).collect();
                closest(&path, &elsewhere)?.to_string()
            }
        };
        Some(if dest.starts_with('/') { format!("/{found}") } else { relative_to(&self.from_dir, &found) })
    }
}

/// `file` (a path under `content/`) as a link from the folder `from_dir`
/// writes it.
fn relative_to(from_dir: &str, file: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = file.split('/').collect();
    let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts = vec![".."; from.len() - shared];
    parts.extend(&to[shared..]);
    parts.join("/")
}

impl LinkResolver for SiteLinks<'_> {
    fn image_size(&self, target: &str) -> Option<ImageSize> {
        self.table.asset(target)?.size
    }

    fn resolve(&self, dest: &str) -> Result<String, String> {
        let path = self.content_path(dest).ok_or_else(|| format!("`{dest}` points outside the content folder"))?;
        if let Some(page) = self.table.pages_by_source.get(&path) {
            return Ok(page.clone());
        }
        if self.table.assets.contains_key(&path) {
            return Ok(path);
        }
        if let Some(page) = self.table.page_at(&path) {
            return Ok(page);
        }
        // `../other-question/` as it reads on the published site (Hugo and
        // Zola resolve links from the page's address): from `g/a.md`, whose
        // page is `g/a/`, that is `g/other-question/`.
        if let (Some(page_dir), false) = (&self.page_dir, dest.starts_with('/') || dest.ends_with(".md"))
            && let Some(page) = normalize(&format!("{page_dir}/{dest}")).and_then(|p| self.table.page_at(&p))
        {
            return Ok(page);
        }
        Err(format!("there is no file content/{path}"))
    }
}

impl LinkTable {
    /// What is known of the file beside the content at `rel` (as links
    /// resolve to it), if there is one.
    pub(crate) fn asset(&self, rel: &str) -> Option<&AssetFacts> {
        self.assets.get(rel)
    }

    /// The page whose folder is `dir` (`g/a` or `g/a/`), if there is one.
    fn page_at(&self, dir: &str) -> Option<String> {
        let page =
            if dir.is_empty() { HOME_URL.to_string() } else { format!("{}/index.html", dir.trim_end_matches('/')) };
        self.page_paths.contains(&page).then_some(page)
    }
}

/// Folds `.` and `..` segments; `None` if the path climbs above the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_written_relative_to_the_linking_folder() {
        assert_eq!(relative_to("g", "g/a.md"), "a.md");
        assert_eq!(relative_to("g", "h/a.md"), "../h/a.md");
        assert_eq!(relative_to("", "g/_index.md"), "g/_index.md");
        assert_eq!(relative_to("g/sub", "g/a.md"), "../a.md");
    }

    #[test]
    fn normalize_folds_dots_and_refuses_escapes() {
        assert_eq!(normalize("g/./a/../b.md").as_deref(), Some("g/b.md"));
        assert_eq!(normalize("g/../../x"), None);
        assert_eq!(normalize("").as_deref(), Some(""));
    }

    #[test]
    fn review_due_defaults_to_last_review_plus_max_age() {
        let d = |s: &str| Some(Date(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()));
        assert_eq!(due_date(None, d("2026-01-01"), 365), d("2027-01-01"));
        assert_eq!(due_date(d("2026-06-01"), d("2026-01-01"), 365), d("2026-06-01"));
        assert_eq!(due_date(None, None, 365), None);
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn normalized_paths_never_climb_or_keep_dots(path in "(\\.\\.|\\.|[a-z]{1,3}|/){0,12}") {
                if let Some(n) = normalize(&path) {
                    prop_assert!(n.is_empty() || n.split('/').all(|seg| !seg.is_empty() && seg != "." && seg != ".."), "{n}");
                }
            }

            #[test]
            fn published_site_links_resolve_from_the_page_address(n in 2usize..6) {
                let dir = tempfile::tempdir().unwrap();
                let root = dir.path();
                std::fs::create_dir_all(root.join("content/g")).unwrap();
                std::fs::write(root.join("content/g/_index.md"), "---\ntitle: G\n---\n").unwrap();
                for i in 0..n {
                    std::fs::write(root.join(format!("content/g/e{i}.md")), "---\ntitle: Q?\n---\n").unwrap();
                }
                let (content, _) = crate::content::load(root, false, 1 << 20, &crate::content::Disk, &crate::cache::Fresh, &["en"]);
                let (site, _) = Site::build(serde_yaml::from_str("title: t").unwrap(), content);
                let links = site.links_from(Path::new("content/g/e0.md"));
                for i in 0..n {
                    prop_assert_eq!(links.resolve(&format!("../e{i}/")), Ok(entry_url("g", &format!("e{i}"))));
                    prop_assert_eq!(links.resolve(&format!("e{i}.md")), Ok(entry_url("g", &format!("e{i}"))));
                }
                prop_assert!(links.resolve("../nothing/").is_err());
            }

            #[test]
            fn climbing_out_is_always_refused(depth in 1usize..5, extra in 1usize..5) {
                let path = format!("{}{}x.md", "a/".repeat(depth), "../".repeat(depth + extra));
                prop_assert_eq!(normalize(&path), None);
            }

            #[test]
            fn every_entry_resolves_from_any_folder_of_its_guide(
                files in prop::collection::btree_set("[a-z][a-z0-9]{0,5}(-[a-z0-9]{1,4}){0,2}", 1..8),
                via_parent in any::<bool>(),
            ) {
                let dir = tempfile::tempdir().unwrap();
                let root = dir.path();
                std::fs::create_dir_all(root.join("content/g/images")).unwrap();
                std::fs::write(root.join("content/g/_index.md"), "---\ntitle: G\n---\n").unwrap();
                for f in &files {
                    std::fs::write(root.join(format!("content/g/{f}.md")), format!("---\ntitle: {f}?\n---\n")).unwrap();
                }
                let config: SiteConfig = serde_yaml::from_str("title: t").unwrap();
                let (content, diags) = crate::content::load(root, false, 1 << 20, &crate::content::Disk, &crate::cache::Fresh, &["en"]);
                prop_assert!(diags.is_empty(), "{:?}", diags);
                let (site, diags) = Site::build(config, content);
                prop_assert!(diags.is_empty(), "{:?}", diags);
                for f in &files {
                    let from = Path::new("content/g/a.md");
                    let dest = if via_parent { format!("../g/{f}.md") } else { format!("{f}.md") };
                    let expected = entry_url("g", &slug::slugify(f));
                    prop_assert_eq!(site.links_from(from).resolve(&dest), Ok(expected));
                    let missing = format!("{f}_missing.md");
                    prop_assert!(site.links_from(from).resolve(&missing).is_err());
                }
            }
        }
    }
}

/// One language's version of a page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub(crate) struct Alternate {
    /// The language code (`es`), or `x-default` for the default language's
    /// page named again as the one for every other language.
    pub(crate) lang: String,
    /// The page's path from the top of the output (`es/g/a/index.html`).
    pub(crate) path: String,
    /// Not the same page translated but the nearest page there is in that
    /// language (an untranslated entry's guide, or its home): the language
    /// switch says so, and no `hreflang` link names it.
    pub(crate) nearest: bool,
}

/// Every page's versions in every language, by the language's folder
/// (`""` for the default language) and the page's path within it.
#[derive(Debug, Default)]
pub(crate) struct Alternates {
    pub(crate) by_page: BTreeMap<(String, String), Vec<Alternate>>,
    /// Every language's folder, the default's (`""`) first; none on a site
    /// in one language.
    pub(crate) folders: Vec<String>,
}
