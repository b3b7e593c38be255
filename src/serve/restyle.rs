//! The dev server's fast path for stylesheet edits: a saved `.css` file
//! changes one static file and, through its fingerprinted name, the
//! `<link>` of every page. Rendering every page again for that takes a
//! large site hundreds of milliseconds, and even renaming the stylesheet in
//! every page takes it tens (238 MiB of pages at 10,000 entries). So a
//! restyle only swaps in the theme's static files as they are now; the pages
//! stay as built and get the new names as they are requested
//! ([`Served::restyled`]), which costs the same on any size of site.
//!
//! What is served is then what a full build gives unless a page names an
//! old fingerprinted file other than through `assets` (say, in its text),
//! so the watcher follows a restyle with a full (memoised) rebuild once the
//! writer pauses, which replaces it and reloads the pages that differ.

use std::path::{Path, PathBuf};

use super::served::Served;
use crate::theme;

/// What is served after a stylesheet edit, or `None` when the edit needs a
/// full build: a change to anything but `.css` files, a static file added or
/// removed, a theme that no longer loads, no name changed.
pub fn restyle(root: &Path, changed: &[PathBuf], served: &Served) -> Option<Served> {
    let only_css = !changed.is_empty() && changed.iter().all(|p| p.extension().is_some_and(|e| e == "css"));
    if !only_css || served.is_empty() {
        return None;
    }
    let config = crate::config::load(root).ok()?;
    let now = theme::static_assets(root, &config.theme).ok()?;
    if !now.asset_paths.keys().eq(served.asset_paths().keys()) {
        return None;
    }
    served.restyled(now)
}
