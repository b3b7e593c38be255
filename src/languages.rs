//! A site in several languages: translations in a language gloss.yaml does
//! not list (which files are translations is `language_codes`'s), and the
//! sink that puts a translated site under its language's folder (`es/`).
//! Each language is built as a site of its own from its translations
//! (`lib.rs`), so each has its home, guides, topics, glossary, handouts,
//! search index and 404 page; pages name each other's
//! versions through [`Alternates`] (`hreflang`, the language switch).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use serde::Serialize;

use crate::content::{CONTENT_DIR, LoadedContent};
use crate::diagnostic::Diagnostic;
use crate::language_codes::{GLOSSARY_STEM, PLAIN_WORDS_STEM, source_file_name};
use crate::output::Sink;
use crate::site::{Alternate, Alternates, Site};

/// Translations in a language gloss.yaml does not list: one error per file,
/// and the translations left out, so none becomes a page of another
/// language.
pub(crate) fn unlisted_translations(content: &mut LoadedContent, listed: &[&str]) -> Vec<Diagnostic> {
    let unlisted: Vec<String> =
        content.translations.keys().filter(|code| !listed.contains(&code.as_str())).cloned().collect();
    let mut diagnostics = Vec::new();
    for code in unlisted {
        let Some(translation) = content.translations.remove(&code) else { continue };
        let help = format!(
            "add `{code}` to `languages:` in gloss.yaml to publish this translation, or, if `.{code}` is part of \
             the name and not a language, write it with a dash (`-{code}.md`) (gloss.yaml lists: {})",
            listed.join(", ")
        );
        for path in translation_files(&translation, &code) {
            diagnostics.push(
                Diagnostic::error(
                    &path,
                    1,
                    1,
                    format!(
                        "this file's name marks it as a translation into `{code}`, a language the site does not list"
                    ),
                )
                .with_help(help.clone()),
            );
        }
    }
    diagnostics
}

/// Every file of a translation, for diagnostics about all of them.
fn translation_files(translation: &LoadedContent, code: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = translation.home.iter().map(|home| home.path.clone()).collect();
    for guide in &translation.guides {
        paths.push(guide.index.path.clone());
        paths.extend(guide.entries.iter().map(|e| e.path.clone()));
    }
    if !translation.glossary.is_empty() {
        paths.push(Path::new(CONTENT_DIR).join(format!("{}.{code}.yaml", GLOSSARY_STEM)));
    }
    if !translation.plain_words.is_empty() {
        paths.push(Path::new(CONTENT_DIR).join(format!("{PLAIN_WORDS_STEM}.{code}.yaml")));
    }
    paths.extend(translation.unread.iter().map(|rel| Path::new(CONTENT_DIR).join(rel)));
    // Files left out of the translation by a problem of their own.
    paths.extend(translation.problems.iter().map(|d| d.path.clone()));
    paths.sort();
    paths.dedup();
    paths
}

/// A translated site's files, put under its language's folder. The files
/// that only mean something at the top of the output (robots.txt, a host's
/// caching rules) are the default language's alone.
pub(crate) struct UnderLanguage<'a> {
    pub(crate) code: &'a str,
    pub(crate) sink: &'a dyn Sink,
}

const TOP_ONLY: &[&str] = &["robots.txt", ".htaccess", "_headers"];

impl Sink for UnderLanguage<'_> {
    fn put(&self, rel: &str, bytes: Bytes) {
        if !TOP_ONLY.contains(&rel) {
            self.sink.put(&format!("{}/{rel}", self.code), bytes);
        }
    }

    fn keeps_files(&self) -> bool {
        self.sink.keeps_files()
    }
}

/// One language's pages by what they are a version of: the source file
/// with its language left out (`g/a.md`), or a page every language has
/// (`index.html`, `topics/index.html`).
pub(crate) struct LanguagePages {
    pub(crate) code: String,
    /// The language's folder: `""` for the default language, `es/`.
    pub(crate) folder: String,
    pub(crate) pages: BTreeMap<String, String>,
    /// Each entry's source key → its guide's source key.
    pub(crate) guide_of: BTreeMap<String, String>,
}

impl Alternates {
    /// The versions of every page of every language; `languages[0]` is the
    /// default.
    pub(crate) fn new(languages: &[LanguagePages]) -> Self {
        let mut by_page = BTreeMap::new();
        let folders = languages.iter().map(|l| l.folder.clone()).collect();
        let Some(default) = languages.first() else { return Alternates { by_page, folders } };
        for language in languages {
            for (key, path) in &language.pages {
                let mut versions: Vec<Alternate> =
                    languages.iter().filter_map(|other| version_of(other, key, &language.guide_of)).collect();
                if let Some(x_default) = version_of(default, key, &language.guide_of).filter(|v| !v.nearest) {
                    versions.push(Alternate { lang: "x-default".into(), ..x_default });
                }
                by_page.insert((language.folder.clone(), path.clone()), versions);
            }
        }
        Alternates { by_page, folders }
    }

    pub(crate) fn folders(&self) -> &[String] {
        &self.folders
    }

    /// The versions of the page at `path` of the language whose folder is
    /// `folder`.
    pub(crate) fn of(&self, folder: &str, path: &str) -> &[Alternate] {
        self.by_page.get(&(folder.to_string(), path.to_string())).map_or(&[], Vec::as_slice)
    }
}

/// `language`'s version of the page `key`, or its nearest page: the guide's
/// page for an entry, the home page for a guide.
fn version_of(language: &LanguagePages, key: &str, guide_of: &BTreeMap<String, String>) -> Option<Alternate> {
    let at = |path: &String, nearest| Alternate {
        lang: language.code.clone(),
        path: format!("{}{path}", language.folder),
        nearest,
    };
    if let Some(path) = language.pages.get(key) {
        return Some(at(path, false));
    }
    let nearest = guide_of.get(key).and_then(|guide| language.pages.get(guide));
    Some(at(nearest.or_else(|| language.pages.get(HOME_KEY))?, true))
}

/// The key of the home page among a language's pages.
const HOME_KEY: &str = "home";

/// `site`'s pages by what they are a version of, for [`Alternates::new`].
pub(crate) fn pages_of(site: &Site, code: &str) -> LanguagePages {
    let mut pages = BTreeMap::new();
    let mut guide_of = BTreeMap::new();
    pages.insert(HOME_KEY.to_string(), crate::site::HOME_URL.to_string());
    pages.insert("topics".to_string(), crate::site::TOPICS_URL.to_string());
    pages.insert("404".to_string(), crate::site::NOT_FOUND_URL.to_string());
    if !site.glossary.is_empty() {
        pages.insert("glossary".to_string(), crate::glossary::GLOSSARY_URL.to_string());
    }
    for guide in &site.guides {
        let dir = guide.doc.path.parent().and_then(Path::file_name).map(|n| n.to_string_lossy()).unwrap_or_default();
        let guide_key = format!("{dir}/_index.md");
        pages.insert(guide_key.clone(), guide.url());
        pages.insert(format!("{dir}/print"), crate::site::print_url(&guide.slug));
        for entry in &guide.entries {
            let name = entry.doc.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let file = source_file_name(&name, &[code]);
            let key = format!("{dir}/{file}");
            pages.insert(key.clone(), crate::site::entry_url(&guide.slug, &entry.slug));
            guide_of.insert(key, guide_key.clone());
        }
    }
    for topic in &site.topics {
        pages.insert(format!("topic:{}", topic.slug), crate::site::topic_url(&topic.slug));
    }
    LanguagePages { code: code.to_string(), folder: site.folder.clone(), pages, guide_of }
}

/// A page's link to one of its versions, as a template shows it.
#[derive(Debug, Serialize)]
pub(crate) struct VersionLink {
    pub(crate) lang: String,
    /// Relative to the page.
    pub(crate) href: String,
    /// The full address, with a `base_url`.
    pub(crate) url: Option<String>,
    pub(crate) nearest: bool,
    /// This page's own language.
    pub(crate) current: bool,
    /// The language's name in itself (`Español`), or its code.
    pub(crate) name: String,
}

/// Languages by their name in themselves, for the language switch: a
/// patient looks for the language they read.
const NAMES: &[(&str, &str)] = &[
    ("ar", "العربية"),
    ("de", "Deutsch"),
    ("en", "English"),
    ("es", "Español"),
    ("fa", "فارسی"),
    ("fr", "Français"),
    ("he", "עברית"),
    ("hi", "हिन्दी"),
    ("ht", "Kreyòl ayisyen"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("ru", "Русский"),
    ("so", "Soomaali"),
    ("tl", "Tagalog"),
    ("uk", "Українська"),
    ("ur", "اردو"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
];

fn name_of(code: &str) -> String {
    let language = code.split('-').next().unwrap_or(code);
    NAMES.iter().find(|(c, _)| *c == language).map_or_else(|| code.to_string(), |(_, name)| (*name).to_string())
}

/// The links of the page at `path` (of `site`, whose root from the page is
/// `root`) to its versions in every language: empty for a site in one
/// language.
pub(crate) fn version_links(site: &Site, path: &str, root: &str) -> Vec<VersionLink> {
    let up = "../".repeat(site.folder.matches('/').count());
    let top =
        site.config.base_url().map(|b| b.trim_end_matches('/').trim_end_matches(site.folder.trim_end_matches('/')));
    site.alternates
        .of(&site.folder, path)
        .iter()
        .map(|a| VersionLink {
            lang: a.lang.clone(),
            href: format!("{root}{up}{}", a.path),
            url: top.map(|top| crate::structured_data::absolute_url(top, &a.path)),
            nearest: a.nearest,
            current: a.lang == site.config.language,
            name: name_of(&a.lang),
        })
        .collect()
}
