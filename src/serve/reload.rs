//! What open pages are told after a rebuild, and the script that listens.
//!
//! [`classify`] compares the output before and after a rebuild and decides
//! whether pages need nothing, a stylesheet swap or a reload;
//! [`classify_restyle`] does it for a restyle, from the names alone. [`inject`] adds
//! the live script to HTML responses; the script itself is `live.js`.

use std::collections::BTreeSet;

use super::served::Served;
use crate::output::OutputSet;

/// Where the server serves the live script and the event stream. Nothing a
/// build produces can live under this folder: output paths come from slugs.
pub const LIVE_JS_PATH: &str = "/__gloss/live.js";
pub const EVENTS_PATH: &str = "/__gloss/events";
/// The readability report of the whole site (see `checks::readability_report`).
pub const READABILITY_PATH: &str = "/__gloss/readability";

/// The browser side: event stream, reload with scroll kept, stylesheet swap
/// and the error overlay.
pub const LIVE_JS: &str = include_str!("live.js");

/// What a successful rebuild means for the pages open in browsers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The output is byte for byte the same.
    None,
    /// Only stylesheets changed (and, with them, the fingerprinted names that
    /// pages use to link them): the new list of stylesheet paths.
    Css(Vec<String>),
    /// Pages must reload. `Some(pages)` when only these HTML pages changed,
    /// `None` when anything else changed (then every page reloads).
    Reload(Option<Vec<String>>),
}

/// Compares the output served with a new build's. A stylesheet edit renames
/// the stylesheet (its name carries a hash of its contents) and so changes
/// every page that links it; pages whose only difference is that name count
/// as unchanged.
pub fn classify(old: &Served, new: &OutputSet) -> Change {
    let old_css: BTreeSet<&str> = old.paths().filter(|p| is_css(p)).collect();
    let new_css: BTreeSet<&str> = new.paths().filter(|p| is_css(p)).collect();
    let gone: Vec<&str> = old_css.difference(&new_css).copied().collect();
    let added: Vec<&str> = new_css.difference(&old_css).copied().collect();
    let mut css_changed = !gone.is_empty() || !added.is_empty();
    let mut pages = Vec::new();
    let mut only_pages = true;

    let all: BTreeSet<&str> = old.paths().chain(new.paths()).collect();
    for path in all {
        if old.same_file(new, path) {
            continue;
        }
        let (before, after) = (old.get(path), new.get(path));
        let before = before.as_deref();
        if is_css(path) {
            css_changed = true;
            continue;
        }
        if let (Some(before), Some(after)) = (before, after)
            && is_html(path)
            && !gone.is_empty()
            && same_but_stylesheet_names(before, after, &gone, &added)
        {
            continue;
        }
        if is_html(path) && before.is_some() && after.is_some() {
            pages.push(path.to_string());
        } else if !is_data(path) {
            only_pages = false;
        }
    }
    if !only_pages {
        Change::Reload(None)
    } else if !pages.is_empty() {
        // A page that changed beside a stylesheet reloads and gets both.
        if css_changed { Change::Reload(None) } else { Change::Reload(Some(pages)) }
    } else if css_changed {
        Change::Css(new_css.into_iter().map(str::to_string).collect())
    } else {
        Change::None
    }
}

/// What a restyle from `old` to `new` means for open pages: a stylesheet
/// swap, unless a static file that is no stylesheet was renamed with them
/// (saved in the same instant), which only a reload shows.
pub fn classify_restyle(old: &Served, new: &Served) -> Change {
    let (before, after) = (old.asset_paths(), new.asset_paths());
    if after.iter().any(|(logical, path)| before.get(logical) != Some(path) && !is_css(path)) {
        return Change::Reload(None);
    }
    let mut css: Vec<String> = new.paths().filter(|p| is_css(p)).map(str::to_string).collect();
    css.sort_unstable();
    Change::Css(css)
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
    [".json", ".xml", ".txt"].iter().any(|ext| path.ends_with(ext))
}

/// `style.097ab3d5.css` → `style.css`; names without a fingerprint are kept.
fn unfingerprinted(path: &str) -> String {
    let (dir, file) = path.rsplit_once('/').map_or(("", path), |(d, f)| (d, f));
    let parts: Vec<&str> = file.split('.').collect();
    let file = match parts.as_slice() {
        [stem @ .., hash, ext]
            if !stem.is_empty() && hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()) =>
        {
            format!("{}.{ext}", stem.join("."))
        }
        _ => file.to_string(),
    };
    if dir.is_empty() { file } else { format!("{dir}/{file}") }
}

fn same_but_stylesheet_names(before: &[u8], after: &[u8], gone: &[&str], added: &[&str]) -> bool {
    let (Ok(before), Ok(after)) = (std::str::from_utf8(before), std::str::from_utf8(after)) else {
        return false;
    };
    let neutral = |text: &str, names: &[&str]| {
        names.iter().fold(text.to_string(), |text, name| text.replace(name, &unfingerprinted(name)))
    };
    neutral(before, gone) == neutral(after, added)
}

/// The tag that loads the live script. `version` names the output the page
/// came from, so a page that missed an event while loading catches up;
/// `page` is the output path served (`404.html` at any missing address), so
/// the page knows whether a `reload` naming some pages is for it.
pub fn script_tag(version: &str, page: Option<&str>) -> String {
    let page = page.map(|p| format!(r#" data-gloss-page="{}""#, attribute(p))).unwrap_or_default();
    format!(r#"<script src="{LIVE_JS_PATH}" data-gloss-version="{version}"{page}></script>"#)
}

fn attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

/// Inserts the live script before the last `</body>`, or at the end of a page
/// without one.
pub fn inject(html: &[u8], version: &str, page: Option<&str>) -> Vec<u8> {
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

    const PAGE_A: &str = r#"<link rel="stylesheet" href="../style.aaaaaaaa.css"><p>A</p>"#;
    const PAGE_B: &str = r#"<link rel="stylesheet" href="../style.bbbbbbbb.css"><p>A</p>"#;

    #[test]
    fn identical_output_is_no_change() {
        let a = set(&[("index.html", "x"), ("style.aaaaaaaa.css", "p{}")]);
        assert_eq!(classify(&a.clone().into(), &a), Change::None);
    }

    #[test]
    fn a_stylesheet_edit_is_a_swap_even_though_every_page_names_the_new_file() {
        let old = set(&[("g/index.html", PAGE_A), ("style.aaaaaaaa.css", "p{color:red}")]);
        let new = set(&[("g/index.html", PAGE_B), ("style.bbbbbbbb.css", "p{color:blue}")]);
        assert_eq!(classify(&old.clone().into(), &new), Change::Css(vec!["style.bbbbbbbb.css".into()]));
    }

    #[test]
    fn a_stylesheet_edit_with_a_text_edit_reloads() {
        let old = set(&[("g/index.html", PAGE_A), ("style.aaaaaaaa.css", "p{color:red}")]);
        let new = set(&[("g/index.html", &PAGE_B.replace("<p>A", "<p>B")), ("style.bbbbbbbb.css", "p{}")]);
        assert_eq!(classify(&old.clone().into(), &new), Change::Reload(None));
    }

    #[test]
    fn a_text_edit_reloads_the_pages_it_changed() {
        let old = set(&[("a/index.html", "<p>1</p>"), ("b/index.html", "<p>2</p>")]);
        let new = set(&[("a/index.html", "<p>1!</p>"), ("b/index.html", "<p>2</p>")]);
        assert_eq!(classify(&old.clone().into(), &new), Change::Reload(Some(vec!["a/index.html".into()])));
    }

    #[test]
    fn data_files_beside_a_text_edit_do_not_reload_every_page() {
        let old = set(&[("a/index.html", "<p>1</p>"), ("b/index.html", "2"), ("search-index.json", "[1]")]);
        let new = set(&[("a/index.html", "<p>1!</p>"), ("b/index.html", "2"), ("search-index.json", "[1, 2]")]);
        assert_eq!(classify(&old.clone().into(), &new), Change::Reload(Some(vec!["a/index.html".into()])));
    }

    #[test]
    fn a_new_or_removed_file_reloads_every_page() {
        let old = set(&[("a/index.html", "1")]);
        let new = set(&[("a/index.html", "1"), ("b/index.html", "2")]);
        assert_eq!(classify(&old.clone().into(), &new), Change::Reload(None));
        assert_eq!(classify(&new.clone().into(), &old), Change::Reload(None));
        let image = set(&[("a/index.html", "1"), ("a/x.png", "png")]);
        let image2 = set(&[("a/index.html", "1"), ("a/x.png", "png2")]);
        assert_eq!(classify(&image.clone().into(), &image2), Change::Reload(None));
    }

    #[test]
    fn fingerprints_come_off_names() {
        assert_eq!(unfingerprinted("style.097ab3d5.css"), "style.css");
        assert_eq!(unfingerprinted("css/print.min.097ab3d5.css"), "css/print.min.css");
        assert_eq!(unfingerprinted("style.css"), "style.css");
        assert_eq!(unfingerprinted("style.nothex!!.css"), "style.nothex!!.css");
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
