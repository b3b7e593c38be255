//! The files the dev server serves: the output of the last full build, and
//! what stylesheet saves changed since (see [`super::restyle`]).
//!
//! A stylesheet save gives the stylesheet a new fingerprinted name
//! (`style.3fa2c1d0.css`), and every page links it by that name. Rewriting
//! every page at the save costs time in proportion to the site (238 MiB of
//! pages at 10,000 entries); instead the pages stay as the build made them
//! and a file is renamed as it is read: a request patches one page, a save
//! patches none.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::output::OutputSet;
use crate::theme::StaticAssets;

/// What is served right now. Cheap to restyle: the build's files are shared.
#[derive(Debug, Default)]
pub struct Served {
    /// The output of the last full build, as it made it.
    built: Arc<OutputSet>,
    /// The build's static files: logical path → fingerprinted output path.
    assets: BTreeMap<String, String>,
    /// What stylesheet saves changed since the build.
    restyled: Option<Restyled>,
}

/// The theme's static files as they are now, and the names they replaced.
#[derive(Debug)]
struct Restyled {
    /// Logical path → fingerprinted output path, now.
    assets: BTreeMap<String, String>,
    /// The static files now, served in place of the build's.
    statics: OutputSet,
    /// The build's name of each static file whose name changed → its name
    /// now. Always from the build's names, never from an earlier restyle's:
    /// the build's files only ever name the build's, so successive saves
    /// (A → B, then B → C) need no composing: A → C.
    renames: BTreeMap<String, String>,
    /// Finds the keys of `renames` (leftmost longest, as `style.css` may be a
    /// suffix of `print-style.css`); pattern `i` is the `i`-th key.
    finder: AhoCorasick,
    /// The values of `renames`: what pattern `i` becomes.
    to: Vec<String>,
}

impl Served {
    /// Serves a full build's output; `assets` are its static files' names.
    pub fn new(built: OutputSet, assets: BTreeMap<String, String>) -> Self {
        Served { built: Arc::new(built), assets, restyled: None }
    }

    /// The static files' names as served now: logical path → output path.
    pub fn asset_paths(&self) -> &BTreeMap<String, String> {
        self.restyled.as_ref().map_or(&self.assets, |r| &r.assets)
    }

    /// Whether a stylesheet save changed this since the build: then a full
    /// build should check it.
    pub fn is_restyled(&self) -> bool {
        self.restyled.is_some()
    }

    /// The build's files with the theme's static files as they are `now`,
    /// which pages find under their new names when they are read. `None`
    /// when no name changed from what is served (nothing to restyle).
    pub fn restyled(&self, now: StaticAssets) -> Option<Served> {
        if now.asset_paths == *self.asset_paths() {
            return None;
        }
        let renames: BTreeMap<String, String> = self
            .assets
            .iter()
            .filter_map(|(logical, old)| Some((old, now.asset_paths.get(logical)?)))
            .filter(|(old, new)| old != new)
            .map(|(old, new)| (old.clone(), new.clone()))
            .collect();
        let finder = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(renames.keys()).ok()?;
        let restyled = Restyled {
            assets: now.asset_paths,
            statics: now.static_files.into_iter().collect(),
            to: renames.values().cloned().collect(),
            renames,
            finder,
        };
        Some(Served { built: self.built.clone(), assets: self.assets.clone(), restyled: Some(restyled) })
    }

    /// The file at `path` as served, its old stylesheet names renamed.
    pub fn get(&self, path: &str) -> Option<Cow<'_, [u8]>> {
        let Some(restyled) = &self.restyled else { return self.built.get(path).map(Cow::Borrowed) };
        if let Some(bytes) = restyled.statics.get(path) {
            return Some(Cow::Borrowed(bytes));
        }
        if restyled.renames.contains_key(path) {
            return None;
        }
        self.built.get(path).map(|bytes| restyled.rename_in(path, bytes))
    }

    pub fn contains(&self, path: &str) -> bool {
        match &self.restyled {
            None => self.built.contains(path),
            Some(r) => r.statics.contains(path) || (!r.renames.contains_key(path) && self.built.contains(path)),
        }
    }

    /// Every path served, each once (in no particular order).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        let restyled = self.restyled.as_ref();
        let built = self
            .built
            .paths()
            .filter(move |path| restyled.is_none_or(|r| !r.statics.contains(path) && !r.renames.contains_key(*path)));
        built.chain(restyled.into_iter().flat_map(|r| r.statics.paths()))
    }

    /// Whether `path` holds the same bytes here as in `other`. Shared bytes
    /// compare at once; a restyled page compares as renamed, without the
    /// copy (a rebuild after a restyle compares every page).
    pub fn same_file(&self, other: &OutputSet, path: &str) -> bool {
        let Some(restyled) = &self.restyled else { return self.built.same_file(other, path) };
        if restyled.statics.contains(path) || restyled.renames.contains_key(path) || !self.built.contains(path) {
            return self.get(path).as_deref() == other.get(path);
        }
        match (self.built.get(path), other.get(path)) {
            (Some(bytes), Some(theirs)) => restyled.renamed_is(path, bytes, theirs),
            _ => false,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.built.is_empty()
    }
}

impl From<OutputSet> for Served {
    fn from(built: OutputSet) -> Self {
        Served::new(built, BTreeMap::new())
    }
}

impl Restyled {
    /// `bytes` with every old name renamed, copied only when one is in it.
    fn rename_in<'a>(&self, path: &str, bytes: &'a [u8]) -> Cow<'a, [u8]> {
        if !names_stylesheets(path) || self.finder.find(bytes).is_none() {
            return Cow::Borrowed(bytes);
        }
        Cow::Owned(self.finder.replace_all_bytes(bytes, &self.to))
    }

    /// Whether `rename_in(path, bytes)` would be `other`, found by walking
    /// both at once.
    fn renamed_is(&self, path: &str, bytes: &[u8], other: &[u8]) -> bool {
        if !names_stylesheets(path) {
            return bytes == other;
        }
        let (mut rest, mut at) = (other, 0);
        for found in self.finder.find_iter(bytes) {
            let to = self.to[found.pattern().as_usize()].as_bytes();
            match rest.strip_prefix(&bytes[at..found.start()]).and_then(|r| r.strip_prefix(to)) {
                Some(after) => rest = after,
                None => return false,
            }
            at = found.end();
        }
        rest == &bytes[at..]
    }
}

/// The kinds of file a build writes stylesheet names into (pages, scripts,
/// stylesheets); any other (an image, say) is served as it is.
fn names_stylesheets(path: &str) -> bool {
    [".html", ".css", ".js"].iter().any(|ext| path.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<link href="style.00000001.css"><link href="img/a.00000003.css">"#;

    fn built() -> Served {
        let output = [
            ("index.html", PAGE),
            ("logo.png", "png style.00000001.css"),
            ("style.00000001.css", "old"),
            ("search.00000002.js", "js"),
            ("img/a.00000003.css", "old a"),
        ];
        let assets = [
            ("img/a.css", "img/a.00000003.css"),
            ("search.js", "search.00000002.js"),
            ("style.css", "style.00000001.css"),
        ];
        Served::new(
            output.into_iter().map(|(p, t)| (p, t.to_string())).collect(),
            assets.into_iter().map(|(l, p)| (l.to_string(), p.to_string())).collect(),
        )
    }

    /// The theme's static files after a save: `style.css` and `img/a.css`
    /// with the fingerprints given.
    fn saved(style: &str, a: &str) -> StaticAssets {
        let (style, a) = (format!("style.{style}.css"), format!("img/a.{a}.css"));
        StaticAssets {
            asset_paths: BTreeMap::from([
                ("img/a.css".to_string(), a.clone()),
                ("search.js".into(), "search.00000002.js".into()),
                ("style.css".into(), style.clone()),
            ]),
            static_files: vec![
                (a.clone(), format!("a {}", &a[6..14]).into_bytes()),
                ("search.00000002.js".into(), b"js".to_vec()),
                (style.clone(), format!("style {}", &style[6..14]).into_bytes()),
            ],
        }
    }

    fn text(served: &Served, path: &str) -> Option<String> {
        served.get(path).map(|bytes| String::from_utf8(bytes.into_owned()).unwrap())
    }

    fn paths(served: &Served) -> Vec<&str> {
        let mut paths: Vec<&str> = served.paths().collect();
        paths.sort_unstable();
        paths
    }

    #[test]
    fn pages_are_read_with_the_new_names_and_the_old_files_are_gone() {
        let served = built().restyled(saved("0000000a", "0000000b")).unwrap();
        let page = r#"<link href="style.0000000a.css"><link href="img/a.0000000b.css">"#;
        assert_eq!(text(&served, "index.html").as_deref(), Some(page));
        assert_eq!(text(&served, "style.0000000a.css").as_deref(), Some("style 0000000a"));
        assert_eq!(text(&served, "img/a.0000000b.css").as_deref(), Some("a 0000000b"));
        assert_eq!(text(&served, "search.00000002.js").as_deref(), Some("js"));
        assert_eq!(text(&served, "logo.png").as_deref(), Some("png style.00000001.css"), "images are not text");
        assert_eq!(served.get("style.00000001.css"), None);
        assert!(!served.contains("style.00000001.css") && served.contains("style.0000000a.css"));
        let expected = ["img/a.0000000b.css", "index.html", "logo.png", "search.00000002.js", "style.0000000a.css"];
        assert_eq!(paths(&served), expected);
        assert!(served.is_restyled() && !built().is_restyled());
    }

    #[test]
    fn a_second_save_renames_the_builds_names_to_the_newest() {
        let once = built().restyled(saved("0000000a", "00000003")).unwrap();
        let twice = once.restyled(saved("0000000c", "00000003")).unwrap();
        let page = r#"<link href="style.0000000c.css"><link href="img/a.00000003.css">"#;
        assert_eq!(text(&twice, "index.html").as_deref(), Some(page));
        assert_eq!(text(&twice, "style.0000000c.css").as_deref(), Some("style 0000000c"));
        assert_eq!(twice.get("style.0000000a.css"), None);
        assert_eq!(twice.get("style.00000001.css"), None);
        assert_eq!(twice.asset_paths()["style.css"], "style.0000000c.css");

        let undone = twice.restyled(saved("00000001", "00000003")).unwrap();
        assert_eq!(text(&undone, "index.html").as_deref(), Some(PAGE), "a save back to the build's stylesheet");
        assert_eq!(undone.get("style.0000000c.css"), None);
        assert!(undone.same_file(&built().built, "index.html"));
    }

    #[test]
    fn nothing_renamed_is_no_restyle() {
        let once = built().restyled(saved("0000000a", "00000003")).unwrap();
        assert!(once.restyled(saved("0000000a", "00000003")).is_none());
        assert!(built().restyled(saved("00000001", "00000003")).is_none());
    }

    #[test]
    fn a_restyled_page_is_the_same_file_as_a_build_that_links_the_new_names() {
        let served = built().restyled(saved("0000000a", "0000000b")).unwrap();
        let page = r#"<link href="style.0000000a.css"><link href="img/a.0000000b.css">"#;
        let full: OutputSet = [("index.html", page)].into_iter().collect();
        assert!(served.same_file(&full, "index.html"));
        assert!(!built().same_file(&full, "index.html"));
        for other in [PAGE, &page[1..], &page[..page.len() - 1], &page.replace("0000000b", "0000000c")] {
            let full: OutputSet = [("index.html", other.to_string())].into_iter().collect();
            assert!(!served.same_file(&full, "index.html"), "{other}");
        }
    }
}
