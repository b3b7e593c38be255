//! The walk of every folder gloss reads a site from (`content/`, a theme's
//! or the site's `static/` and `templates/`): hidden files and folders (a
//! name starting with `.`) are not part of the site, as in Hugo and Zola;
//! symbolic links are followed while they stay inside the site root, and
//! refused where they lead out of it or into one of its hidden folders.
//! Editors keep lock links (emacs's `.#entry.md`, which point nowhere) and
//! swap files under hidden names, and tools their folders (`.git`). A link is otherwise a way to publish any file the
//! build can read: `/proc/self/environ` (a CI job's secrets), `/etc/passwd`,
//! `.git/config` (which holds a CI checkout's token).
//!
//! Only a walk's own folder and the links met on the way are resolved, so a
//! walk costs one `realpath` per link, not one per file.

use std::path::{Component, Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use crate::diagnostic::Diagnostic;

/// The site root, as given and with every link in it resolved.
pub(crate) struct SiteRoot {
    given: PathBuf,
    canonical: PathBuf,
}

impl SiteRoot {
    pub(crate) fn new(root: &Path) -> SiteRoot {
        let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        SiteRoot { given: root.to_path_buf(), canonical }
    }

    /// The files and folders under `dir`, sorted by name, links followed,
    /// without hidden ones; a link [`SiteRoot::admits`] refuses is pushed to
    /// `refused` and not walked into. Errors are the walk's own (a dangling
    /// or looping link, an unreadable folder).
    pub(crate) fn walk<'a>(
        &'a self,
        dir: &Path,
        refused: &'a mut Vec<Diagnostic>,
    ) -> impl Iterator<Item = walkdir::Result<DirEntry>> + 'a {
        WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(move |e| !is_hidden(e) && self.admits(e, refused))
            // A link is resolved before the filter sees it, so a hidden
            // dangling link (an editor's lock) arrives as an error.
            .filter(|item| !item.as_ref().is_err_and(|e| e.path().is_some_and(has_hidden_name)))
    }

    /// Whether a walk may take `entry`: the walk's own folder (depth 0) and
    /// every symbolic link are resolved and must lie in the site; what may
    /// not is pushed to `refused` (and a folder is not walked into).
    fn admits(&self, entry: &DirEntry, refused: &mut Vec<Diagnostic>) -> bool {
        if entry.depth() > 0 && !entry.path_is_symlink() {
            return true;
        }
        match self.refusal(entry.path()) {
            None => true,
            Some(diagnostic) => {
                refused.push(diagnostic);
                false
            }
        }
    }

    /// Why `path` may not be read, if it resolves outside the site or into a
    /// hidden folder of it: an error on the link that leads there.
    fn refusal(&self, path: &Path) -> Option<Diagnostic> {
        let resolved = path.canonicalize().ok()?;
        let where_to = self.outside(&resolved)?;
        let link = self.first_link_out(path).unwrap_or_else(|| path.to_path_buf());
        let written = std::fs::read_link(&link).unwrap_or(resolved);
        let rel = link.strip_prefix(&self.given).unwrap_or(&link);
        let (message, help) = match where_to {
            Outside::Site => (
                format!("this symbolic link points outside the site, to {}", written.display()),
                "gloss publishes only files inside the site folder: copy the file into the site instead of linking to it",
            ),
            Outside::Hidden(name) => (
                format!("this symbolic link points into `{name}`, a hidden folder, to {}", written.display()),
                "hidden files and folders are not part of the site: copy the file into the site instead of linking to it",
            ),
        };
        Some(Diagnostic::error(rel, 1, 1, message).with_help(help))
    }

    /// Where a resolved path lies, if not in the site's visible files.
    fn outside(&self, resolved: &Path) -> Option<Outside> {
        let Ok(inside) = resolved.strip_prefix(&self.canonical) else { return Some(Outside::Site) };
        inside.components().find_map(|part| match part {
            Component::Normal(name) if name.to_string_lossy().starts_with('.') => {
                Some(Outside::Hidden(name.to_string_lossy().into_owned()))
            }
            _ => None,
        })
    }

    /// The first symbolic link on `path` (from the site root down) that
    /// resolves outside the site's visible files.
    fn first_link_out(&self, path: &Path) -> Option<PathBuf> {
        let below = path.strip_prefix(&self.given).ok()?;
        let mut prefix = self.given.clone();
        for part in below.components() {
            prefix.push(part);
            let is_link = prefix.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
            if is_link && prefix.canonicalize().ok().is_some_and(|p| self.outside(&p).is_some()) {
                return Some(prefix);
            }
        }
        None
    }
}

/// Where a link leads that gloss does not follow.
enum Outside {
    Site,
    /// Into the site's hidden folder (or file) of this name.
    Hidden(String),
}

/// Whether a walked file or folder is hidden; the walk's own root never is.
fn is_hidden(entry: &DirEntry) -> bool {
    entry.depth() > 0 && has_hidden_name(entry.path())
}

/// Whether the last part of `path` starts with `.`.
fn has_hidden_name(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name.as_encoded_bytes().starts_with(b"."))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn walk(site: &SiteRoot, dir: &Path) -> (Vec<String>, Vec<Diagnostic>) {
        let mut refused = Vec::new();
        let files = site
            .walk(dir, &mut refused)
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned())
            .collect();
        (files, refused)
    }

    #[test]
    fn links_inside_the_site_are_followed_and_links_out_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/g")).unwrap();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join("shared/map.png"), "png").unwrap();
        std::fs::write(root.join(".git/config"), "token").unwrap();
        symlink(root.join("shared"), root.join("content/g/shared")).unwrap();
        symlink(outside.path().join("secret.txt"), root.join("content/g/env.txt")).unwrap();
        symlink(outside.path(), root.join("content/g/elsewhere")).unwrap();
        symlink("../../.git/config", root.join("content/g/config.txt")).unwrap();
        let site = SiteRoot::new(root);
        let (files, refused) = walk(&site, &root.join("content"));
        assert_eq!(files, ["g/shared/map.png"]);
        let said: Vec<String> = refused.iter().map(|d| format!("{}: {}", d.path.display(), d.message)).collect();
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(said[0].starts_with("content/g/config.txt: this symbolic link points into `.git`"), "{said:?}");
        assert!(said[1].starts_with("content/g/elsewhere: this symbolic link points outside the site"), "{said:?}");
        assert!(said[2].starts_with("content/g/env.txt: this symbolic link points outside the site"), "{said:?}");
    }

    #[test]
    fn a_walked_folder_under_a_link_out_names_that_link() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(outside.path().join("static")).unwrap();
        std::fs::write(outside.path().join("static/x.css"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("themes")).unwrap();
        symlink(outside.path(), root.join("themes/shared")).unwrap();
        let site = SiteRoot::new(root);
        let (files, refused) = walk(&site, &root.join("themes/shared/static"));
        assert!(files.is_empty());
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].path, Path::new("themes/shared"));
    }
}
