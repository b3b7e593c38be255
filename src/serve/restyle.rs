//! The dev server's fast path for stylesheet edits: a saved `.css` file
//! changes one static file and, through its fingerprinted name, the
//! `<link>` of every page. Rendering every page again for that takes a
//! large site hundreds of milliseconds; renaming the stylesheet in the pages
//! already served takes a few.
//!
//! The result is what a full build gives unless a page names an old
//! fingerprinted file other than through `assets` (say, in its text), so the
//! watcher follows a restyle with a full (memoised) rebuild once the writer
//! pauses, which replaces it if it differs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;

use crate::Build;
use crate::output::OutputSet;
use crate::theme::{self, StaticAssets};

/// The build a stylesheet edit makes of the last good build `last` (without
/// its output) and the output served from it, or `None` when the edit needs
/// a full build: a change to anything but `.css` files, a static file added
/// or removed, a theme that no longer loads.
pub fn restyle(root: &Path, changed: &[PathBuf], last: &Build, served: &OutputSet) -> Option<Build> {
    let only_css = !changed.is_empty() && changed.iter().all(|p| p.extension().is_some_and(|e| e == "css"));
    if !only_css || served.is_empty() {
        return None;
    }
    let config = crate::config::load(root).ok()?;
    let assets = theme::static_assets(root, &config.theme).ok()?;
    if !assets.asset_paths.keys().eq(last.assets.keys()) {
        return None;
    }
    let output = rename_assets(served, &last.assets, assets)?;
    Some(Build { output, ..last.clone() })
}

/// `served` with the static files of `assets` in place of the old ones and
/// every mention of an old fingerprinted name in the other files replaced by
/// the new name. `None` when no name changed.
fn rename_assets(served: &OutputSet, old: &BTreeMap<String, String>, assets: StaticAssets) -> Option<OutputSet> {
    let renames: Vec<(&str, &str)> = old
        .values()
        .zip(assets.asset_paths.values())
        .filter(|(before, after)| before != after)
        .map(|(before, after)| (before.as_str(), after.as_str()))
        .collect();
    if renames.is_empty() {
        return None;
    }
    let (from, to): (Vec<&str>, Vec<&str>) = renames.into_iter().unzip();
    let finder = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&from).ok()?;
    let old_files: Vec<&str> = old.values().map(String::as_str).collect();
    let patched: Vec<(String, Vec<u8>)> = served
        .iter()
        .collect::<Vec<_>>()
        .into_par_iter()
        .filter(|(path, _)| !old_files.contains(path))
        .map(|(path, bytes)| (path.to_string(), finder.replace_all_bytes(bytes, &to)))
        .collect();
    Some(patched.into_iter().chain(assets.static_files).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> OutputSet {
        files.iter().map(|(path, text)| (*path, text.to_string())).collect()
    }

    #[test]
    fn pages_get_the_new_names_and_the_old_files_go() {
        let served = set(&[
            ("index.html", r#"<link href="style.00000001.css"><link href="img/a.00000003.css">"#),
            ("style.00000001.css", "old"),
            ("search.00000002.js", "js"),
            ("img/a.00000003.css", "old a"),
        ]);
        let old = BTreeMap::from([
            ("img/a.css".to_string(), "img/a.00000003.css".to_string()),
            ("search.js".into(), "search.00000002.js".into()),
            ("style.css".into(), "style.00000001.css".into()),
        ]);
        let assets = StaticAssets {
            asset_paths: BTreeMap::from([
                ("img/a.css".to_string(), "img/a.0000000b.css".to_string()),
                ("search.js".into(), "search.00000002.js".into()),
                ("style.css".into(), "style.0000000a.css".into()),
            ]),
            static_files: vec![
                ("img/a.0000000b.css".into(), b"new a".to_vec()),
                ("search.00000002.js".into(), b"js".to_vec()),
                ("style.0000000a.css".into(), b"new".to_vec()),
            ],
        };
        let output = rename_assets(&served, &old, assets).unwrap();
        assert_eq!(
            output,
            set(&[
                ("index.html", r#"<link href="style.0000000a.css"><link href="img/a.0000000b.css">"#),
                ("style.0000000a.css", "new"),
                ("search.00000002.js", "js"),
                ("img/a.0000000b.css", "new a"),
            ])
        );
    }

    #[test]
    fn nothing_renamed_is_no_restyle() {
        let old = BTreeMap::from([("style.css".to_string(), "style.00000001.css".to_string())]);
        let same =
            StaticAssets { asset_paths: old.clone(), static_files: vec![("style.00000001.css".into(), b"x".to_vec())] };
        assert!(rename_assets(&set(&[("index.html", "x")]), &old, same).is_none());
    }
}
