//! What open pages are told after a rebuild, and the script that listens.
//!
//! `classify` compares the output before and after a rebuild and decides
//! whether pages need nothing, a stylesheet swap or a reload, and which
//! pages reload: a save in one language reloads the pages it changed, not
//! every page of every language. `inject` adds
//! the live script to HTML responses; the script itself is `live.js`.

use std::collections::BTreeSet;

use crate::output::OutputSet;

/// Where the server serves the live script and the event stream. Nothing a
/// build produces can live under this folder: output paths come from slugs.
pub(crate) const LIVE_JS_PATH: &str = "/__gloss/live.js";
pub(crate) const EVENTS_PATH: &str = "/__gloss/events";
/// The readability report of the whole site (see `checks::readability_report`).
pub(crate) const READABILITY_PATH: &str = "/__gloss/readability";

/// The browser side: event stream, reload with scroll kept, stylesheet swap
/// and the error overlay.
pub(crate) const LIVE_JS: &str = include_str!("live.js");

/// What a successful rebuild means for the pages open in browsers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The output is byte for byte the same.
    None,
    /// Only files no page shows as it loads changed (the search index, the
    /// sitemap): the new output is served, and no page is told.
    Data,
    /// Only stylesheets changed: the paths of those that did.
    Css(Vec<String>),
    /// Pages must reload. `Some(pages)` when only these HTML pages changed,
    /// `None` when anything else changed (then every page reloads).
    Reload(Option<Vec<String>>),
}

/// Compares the output served with a new build's. Dev mode serves static
/// files under their own names (no fingerprint), so a stylesheet edit
/// changes the stylesheet and no page.
pub(crate) fn classify(old: &OutputSet, new: &OutputSet) -> Change {
    let mut stylesheets = Vec::new();
    let mut pages = Vec::new();
    let mut only_pages = true;
    let mut data = false;
    let all: BTreeSet<&str> = old.paths().chain(new.paths()).collect();
    for path in all {
        if old.same_file(new, path) {
            continue;
        }
        let both = old.contains(path) && new.contains(path);
        if is_css(path) {
            stylesheets.push(path.to_string());
        } else if is_html(path) && both {
            pages.push(path.to_string());
        } else if is_data(path) {
            data = true;
        } else {
            only_pages = false;
        }
    }
    if !only_pages {
        Change::Reload(None)
    } else if !pages.is_empty() {
        // A page that changed beside a stylesheet reloads and gets both.
        if stylesheets.is_empty() { Change::Reload(Some(pages)) } else { Change::Reload(None) }
    } else if !stylesheets.is_empty() {
        Change::Css(stylesheets)
    } else if data {
        Change::Data
    } else {
        Change::None
    }
}

fn is_css(path: &str) -> bool {
    path.ends_with(".css")
}

fn is_html(path: &str) -> bool {
    path.ends_with(".html")
}

/// Files no page shows as it loads (the search index, sitemap.xml,
/// robots.txt): fetched when needed, and never cached, so a change to them
/// alone reloads no page.
fn is_data(path: &str) -> bool {
    [".json", ".xml", ".txt"].iter().any(|ext| path.ends_with(ext)) || is_search_index(path)
}

/// The search index's scripts, which the search box adds to a page only when
/// a query needs them: under `search/` at the top of the output or in a
/// language's folder (`es/search/es/…`), where no guide can be (`search` is
/// a name guides may not take). Every text edit changes them, so counting
/// them as files a page shows would reload every open page of every
/// language on every save.
fn is_search_index(path: &str) -> bool {
    let in_language_folder = || path.split_once('/').and_then(|(_, rest)| rest.strip_prefix("search/"));
    let index_file = path.strip_prefix("search/").or_else(in_language_folder);
    index_file.is_some_and(|file| file.contains('/') && file.ends_with(".js"))
}

/// The tag that loads the live script. `version` names the output the page
/// came from, so a page that missed an event while loading catches up;
/// `page` is the output path served (`404.html` at any missing address), so
/// the page knows whether a `reload` naming some pages is for it.
fn script_tag(version: &str, page: Option<&str>) -> String {
    let page = page.map(|p| format!(r#" data-gloss-page="{}""#, attribute(p))).unwrap_or_default();
    format!(r#"<script src="{LIVE_JS_PATH}" data-gloss-version="{version}"{page}></script>"#)
}

fn attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

/// Inserts the live script before the last `</body>`, or at the end of a page
/// without one.
pub(crate) fn inject(html: &[u8], version: &str, page: Option<&str>) -> Vec<u8> {
    let tag = script_tag(version, page);
    let at = html.windows(7).rposition(|w| w.eq_ignore_ascii_case(b"</body>")).unwrap_or(html.len());
    let mut page = Vec::with_capacity(html.len() + tag.len());
    page.extend_from_slice(&html[..at]);
    page.extend_from_slice(tag.as_bytes());
    page.extend_from_slice(&html[at..]);
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> OutputSet {
        files.iter().map(|(path, text)| (*path, text.to_string())).collect()
    }

    const PAGE: &str = r#"<link rel="stylesheet" href="../style.css"><p>A</p>"#;

    #[test]
    fn identical_output_is_no_change() {
        let a = set(&[("index.html", "x"), ("style.css", "p{}")]);
        assert_eq!(classify(&a, &a.clone()), Change::None);
    }

    #[test]
    fn a_stylesheet_edit_is_a_swap() {
        let old = set(&[("g/index.html", PAGE), ("style.css", "p{color:red}"), ("print.css", "p{}")]);
        let new = set(&[("g/index.html", PAGE), ("style.css", "p{color:blue}"), ("print.css", "p{}")]);
        assert_eq!(classify(&old, &new), Change::Css(vec!["style.css".into()]));
    }

    #[test]
    fn a_stylesheet_edit_with_a_text_edit_reloads() {
        let old = set(&[("g/index.html", PAGE), ("style.css", "p{color:red}")]);
        let new = set(&[("g/index.html", &PAGE.replace("<p>A", "<p>B")), ("style.css", "p{}")]);
        assert_eq!(classify(&old, &new), Change::Reload(None));
    }

    #[test]
    fn a_text_edit_reloads_the_pages_it_changed() {
        let old = set(&[("a/index.html", "<p>1</p>"), ("b/index.html", "<p>2</p>")]);
        let new = set(&[("a/index.html", "<p>1!</p>"), ("b/index.html", "<p>2</p>")]);
        assert_eq!(classify(&old, &new), Change::Reload(Some(vec!["a/index.html".into()])));
    }

    #[test]
    fn data_files_beside_a_text_edit_do_not_reload_every_page() {
        let old = set(&[("a/index.html", "<p>1</p>"), ("b/index.html", "2"), ("search-index.json", "[1]")]);
        let new = set(&[("a/index.html", "<p>1!</p>"), ("b/index.html", "2"), ("search-index.json", "[1, 2]")]);
        assert_eq!(classify(&old, &new), Change::Reload(Some(vec!["a/index.html".into()])));
    }

    #[test]
    fn the_search_index_of_any_language_beside_a_text_edit_does_not_reload_every_page() {
        let old = set(&[("a/index.html", "1"), ("search/en/manifest.js", "m"), ("es/search/es/d/0.js", "s")]);
        let new = set(&[("a/index.html", "1!"), ("search/en/manifest.js", "m2"), ("es/search/es/d/0.js", "s2")]);
        assert_eq!(classify(&old, &new), Change::Reload(Some(vec!["a/index.html".into()])));
        let theme_script = set(&[("a/index.html", "1"), ("search.js", "1")]);
        let theme_script2 = set(&[("a/index.html", "1"), ("search.js", "2")]);
        assert_eq!(classify(&theme_script, &theme_script2), Change::Reload(None), "a script pages load is no index");
    }

    #[test]
    fn a_change_to_data_alone_is_served_without_telling_pages() {
        let old = set(&[("a/index.html", "1"), ("search/en/manifest.js", "m")]);
        let new = set(&[("a/index.html", "1"), ("search/en/manifest.js", "m2")]);
        assert_eq!(classify(&old, &new), Change::Data);
    }

    #[test]
    fn a_new_or_removed_file_reloads_every_page() {
        let old = set(&[("a/index.html", "1")]);
        let new = set(&[("a/index.html", "1"), ("b/index.html", "2")]);
        assert_eq!(classify(&old, &new), Change::Reload(None));
        assert_eq!(classify(&new, &old), Change::Reload(None));
        let image = set(&[("a/index.html", "1"), ("a/x.png", "png")]);
        let image2 = set(&[("a/index.html", "1"), ("a/x.png", "png2")]);
        assert_eq!(classify(&image, &image2), Change::Reload(None));
    }

    #[test]
    fn the_script_goes_before_the_last_closing_body() {
        let page = inject(b"<html><body><p>x</p></BODY></html>", "v1", Some("g/index.html"));
        let page = String::from_utf8(page).unwrap();
        assert_eq!(
            page,
            r#"<html><body><p>x</p><script src="/__gloss/live.js" data-gloss-version="v1" data-gloss-page="g/index.html"></script></BODY></html>"#
        );
        let bare = String::from_utf8(inject(b"<p>x</p>", "v1", None)).unwrap();
        assert!(bare.starts_with("<p>x</p><script"), "{bare}");
    }
}
