//! A site in several languages: which files are translations (`a.es.md`,
//! `_index.es.md`, `glossary.es.yaml`), translations in a language gloss.yaml
//! does not list, and the sink that puts a translated site under its
//! language's folder (`es/`). Each language is built as a site of its own
//! from its translations (`lib.rs`), so each has its home, guides, topics,
//! glossary, handouts, search index and 404 page.

use std::path::{Path, PathBuf};

use bytes::Bytes;

use crate::content::{CONTENT_DIR, LoadedContent};
use crate::diagnostic::Diagnostic;
use crate::output::Sink;

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
