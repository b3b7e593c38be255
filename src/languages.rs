//! A site in several languages: which files are translations (`a.es.md`,
//! `_index.es.md`, `glossary.es.yaml`), translations in a language gloss.yaml
//! does not list, and the sink that puts a translated site under its
//! language's folder (`es/`). Each language is built as a site of its own
//! from its translations (`lib.rs`), so each has its home, guides, topics,
//! glossary, handouts, search index and 404 page; pages name each other's
//! versions through [`Alternates`] (`hreflang`, the language switch).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use serde::Serialize;

use crate::content::{CONTENT_DIR, LoadedContent};
use crate::diagnostic::Diagnostic;
use crate::output::Sink;
use crate::site::Site;

/// `glossary.yaml` without its extension: `glossary.es.yaml` translates it.
const GLOSSARY_STEM: &str = "glossary";

/// The language code a content file's name carries before its extension
/// (`is-it-painful.es.md` → `es`, `glossary.pt-BR.yaml` → `pt-BR`), for the
/// files that may be translated: markdown pages and the glossary.
pub(crate) fn file_language(name: &str) -> Option<&str> {
    let stem =
        name.strip_suffix(".md").or_else(|| name.strip_suffix(".yaml").filter(|s| s.starts_with(GLOSSARY_STEM)))?;
    let (base, code) = stem.rsplit_once('.')?;
    (!base.is_empty() && is_language_code(code)).then_some(code)
}

/// The name of the file a translation translates (`_index.es.md` →
/// `_index.md`); any other name as it is.
pub(crate) fn source_file_name(name: &str) -> String {
    match file_language(name) {
        Some(code) => {
            let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
            format!("{}.{extension}", &name[..name.len() - extension.len() - code.len() - 2])
        }
        None => name.to_string(),
    }
}

/// A language tag as gloss reads one: a two- or three-letter language,
/// optionally a region or script (`es`, `fil`, `pt-BR`, `zh-Hant`).
pub(crate) fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let language = parts.next().unwrap_or_default();
    let language_ok = (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
    let rest: Vec<&str> = parts.collect();
    language_ok
        && rest.len() <= 1
        && rest.iter().all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Languages written right to left, by their language subtag.
const RIGHT_TO_LEFT: &[&str] = &["ar", "arc", "dv", "fa", "ha", "he", "khw", "ks", "ku", "ps", "sd", "ur", "yi"];

/// `rtl` for a language written right to left, else `ltr`.
pub(crate) fn direction(code: &str) -> &'static str {
    let language = code.split('-').next().unwrap_or(code);
    if RIGHT_TO_LEFT.contains(&language) { "rtl" } else { "ltr" }
}

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
            "add `{code}` to `languages:` in gloss.yaml to publish this translation, or rename the file without \
             `.{code}` if it is not a translation (gloss.yaml lists: {})",
            listed.join(", ")
        );
        for path in translation_files(&translation, &code) {
            diagnostics.push(
                Diagnostic::error(
                    &path,
                    1,
                    1,
                    format!("this file is a `{code}` translation, a language the site does not have"),
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
    by_page: BTreeMap<(String, String), Vec<Alternate>>,
    /// Every language's folder, the default's (`""`) first; none on a site
    /// in one language.
    folders: Vec<String>,
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
            let file = entry.doc.path.file_name().map(|n| source_file_name(&n.to_string_lossy())).unwrap_or_default();
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
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_translation_is_known_by_its_name() {
        assert_eq!(file_language("is-it-painful.es.md"), Some("es"));
        assert_eq!(file_language("_index.pt-BR.md"), Some("pt-BR"));
        assert_eq!(file_language("glossary.fr.yaml"), Some("fr"));
        assert_eq!(file_language("is-it-painful.md"), None);
        assert_eq!(file_language("v1.2.md"), None);
        assert_eq!(file_language("photo.es.png"), None);
        assert_eq!(file_language("other.es.yaml"), None);
        assert_eq!(source_file_name("_index.es.md"), "_index.md");
        assert_eq!(source_file_name("glossary.pt-BR.yaml"), "glossary.yaml");
        assert_eq!(source_file_name("a.md"), "a.md");
    }

    #[test]
    fn right_to_left_languages_are_known_by_their_language() {
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("he-IL"), "rtl");
        assert_eq!(direction("es"), "ltr");
        assert!(is_language_code("zh-Hant"));
        assert!(!is_language_code("Spanish"));
        assert!(!is_language_code("e"));
    }
}
