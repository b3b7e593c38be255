//! The output sink: the in-memory set of files a render produces, and writing
//! that set to disk so that the output folder is always complete or untouched.
//!
//! Writing goes to a staging folder beside the output, which is then swapped
//! in with renames. gloss marks the folders it writes and refuses to replace a
//! folder it did not make: it never deletes what it did not create.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use rayon::prelude::*;

/// Written into every output folder gloss makes.
pub const MARKER_FILE: &str = ".gloss-output";
const MARKER_TEXT: &str = "This folder is written by gloss. gloss build replaces it whole.\n";

/// Rendered files by root-relative path (`/`-separated, no leading slash).
///
/// The bytes are shared (`Bytes`): the dev server's rebuild hands out the
/// same page as the build before without copying it, and comparing two
/// outputs skips files that are one and the same.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OutputSet {
    files: BTreeMap<String, Bytes>,
}

impl OutputSet {
    /// `bytes`: a `String` or `Vec<u8>` (taken over without a copy), or
    /// `Bytes`.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Bytes>) {
        self.files.insert(path.into(), bytes.into());
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| &b[..])
    }

    /// Whether `path` holds the very same bytes in both sets: shared, or
    /// equal.
    pub fn same_file(&self, other: &OutputSet, path: &str) -> bool {
        match (self.files.get(path), other.files.get(path)) {
            (Some(a), Some(b)) => (a.as_ptr() == b.as_ptr() && a.len() == b.len()) || a == b,
            (a, b) => a.is_none() && b.is_none(),
        }
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), &b[..]))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn total_bytes(&self) -> usize {
        self.files.values().map(Bytes::len).sum()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("refusing to write into {path}: {why}")]
    Refused { path: PathBuf, why: String },
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

impl WriteError {
    pub fn help(&self) -> &'static str {
        match self {
            WriteError::Refused { .. } => {
                "pass `--output DIR` with a new or empty folder, or empty this folder yourself if its files may go"
            }
            WriteError::Io { .. } => {
                "check that the folder exists, that you may write there and that the disk is not full"
            }
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_path_buf(), source }
}

/// Writes `set` to `out_dir`, replacing what gloss wrote there before.
/// `site_root` is never replaced, nor anything that looks like a site.
pub fn write(set: &OutputSet, out_dir: &Path, site_root: &Path) -> Result<(), WriteError> {
    check_replaceable(out_dir, site_root)?;
    let parent = out_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let name = out_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    remove_leftovers(out_dir, parent, &name);
    let staging =
        tempfile::Builder::new().prefix(&format!(".{name}.staging-")).tempdir_in(parent).map_err(io(parent))?;
    write_tree(set, staging.path())?;
    swap_in(staging.keep(), out_dir, parent, &name)
}

fn write_tree(set: &OutputSet, dir: &Path) -> Result<(), WriteError> {
    let mut folders: Vec<PathBuf> = set.paths().filter_map(|p| Path::new(p).parent().map(|d| dir.join(d))).collect();
    folders.dedup();
    for folder in &folders {
        std::fs::create_dir_all(folder).map_err(io(folder))?;
    }
    set.files.par_iter().try_for_each(|(rel, bytes)| {
        let path = dir.join(rel);
        std::fs::write(&path, bytes).map_err(io(&path))
    })?;
    let marker = dir.join(MARKER_FILE);
    std::fs::write(&marker, MARKER_TEXT).map_err(io(&marker))
}

/// A build killed mid-write leaves `.<name>.staging-*` beside the output;
/// one killed between two renames (where exchange is not available) leaves
/// the previous output as `.<name>.old-*` and no output. Those names are
/// gloss's own: staging folders are removed and an orphaned old output is put
/// back, so a kill never costs the published site.
fn remove_leftovers(out_dir: &Path, parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let (staging, old) = (format!(".{name}.staging-"), format!(".{name}.old-"));
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        if file_name.starts_with(&old) && !out_dir.exists() && path.join(MARKER_FILE).is_file() {
            let _ = std::fs::rename(&path, out_dir);
        } else if file_name.starts_with(&staging) || file_name.starts_with(&old) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Puts the finished staging folder in place of the output. On Linux the two
/// are exchanged in one atomic rename, so there is no moment without an
/// output; elsewhere (or on a file system without exchange) two renames leave
/// it briefly absent, never half-written, and the next build restores it.
fn swap_in(staging: PathBuf, out_dir: &Path, parent: &Path, name: &str) -> Result<(), WriteError> {
    if !out_dir.exists() {
        return std::fs::rename(&staging, out_dir).map_err(io(out_dir));
    }
    let old = if exchange(&staging, out_dir) {
        staging
    } else {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if let Err(e) = std::fs::rename(out_dir, &old) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(io(out_dir)(e));
        }
        if let Err(e) = std::fs::rename(&staging, out_dir) {
            let _ = std::fs::rename(&old, out_dir);
            let _ = std::fs::remove_dir_all(&staging);
            return Err(io(out_dir)(e));
        }
        old
    };
    std::fs::remove_dir_all(&old).map_err(io(&old))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// An output folder may be replaced if it does not exist, is empty, or was
/// written by gloss, and is not the site itself or a home or root folder.
pub fn check_replaceable(out_dir: &Path, site_root: &Path) -> Result<(), WriteError> {
    let refuse = |why: &str| Err(WriteError::Refused { path: out_dir.to_path_buf(), why: why.to_string() });
    let target = resolved(out_dir);
    if let Ok(root) = site_root.canonicalize() {
        if root == target || root.starts_with(&target) {
            return refuse("it holds the site's own files");
        }
        let sources = ["content", "themes", "templates", "static"];
        if sources.iter().any(|s| target.starts_with(root.join(s))) {
            return refuse("it is inside the site's sources");
        }
    }
    if !out_dir.exists() {
        return Ok(());
    }
    if target.parent().is_none() {
        return refuse("it is the root of the file system");
    }
    if std::env::var_os("HOME").is_some_and(|home| Path::new(&home).canonicalize().is_ok_and(|h| h == target)) {
        return refuse("it is your home folder");
    }
    if target.join(crate::content::CONTENT_DIR).exists() || target.join(crate::config::CONFIG_FILE).exists() {
        return refuse("it looks like a gloss site (it has content/ or gloss.yaml)");
    }
    if !out_dir.is_dir() {
        return refuse("it is a file, not a folder");
    }
    let empty = std::fs::read_dir(out_dir).map_err(io(out_dir))?.next().is_none();
    if empty || out_dir.join(MARKER_FILE).is_file() {
        return Ok(());
    }
    refuse("gloss did not make this folder and it is not empty")
}

/// The absolute, link-free form of a path that may not exist yet: its
/// nearest existing ancestor canonicalised, with the rest joined on.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    for ancestor in absolute.ancestors() {
        if let Ok(canonical) = ancestor.canonicalize() {
            return canonical.join(absolute.strip_prefix(ancestor).unwrap_or(Path::new("")));
        }
    }
    absolute
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> OutputSet {
        let mut s = OutputSet::default();
        for (p, b) in files {
            s.insert(*p, b.to_string());
        }
        s
    }

    #[test]
    fn writes_then_replaces_its_own_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&set(&[("index.html", "one"), ("g/a/index.html", "a")]), &out, dir.path().join("site").as_path())
            .unwrap();
        assert_eq!(std::fs::read_to_string(out.join("g/a/index.html")).unwrap(), "a");
        write(&set(&[("index.html", "two")]), &out, dir.path().join("site").as_path()).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "two");
        assert!(!out.join("g").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging and old folders are cleaned up");
    }

    #[test]
    fn refuses_a_folder_it_did_not_make() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("docs");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("thesis.docx"), "precious").unwrap();
        let err = write(&set(&[("index.html", "x")]), &out, dir.path().join("site").as_path()).unwrap_err();
        assert!(matches!(err, WriteError::Refused { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(out.join("thesis.docx")).unwrap(), "precious");
    }

    #[test]
    fn a_killed_build_leaves_nothing_that_costs_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let site = dir.path().join("site");
        write(&set(&[("index.html", "one")]), &out, &site).unwrap();
        // Killed between two renames: the old output sits aside, none in place.
        std::fs::rename(&out, dir.path().join(".public.old-999")).unwrap();
        std::fs::create_dir(dir.path().join(".public.staging-abc")).unwrap();
        remove_leftovers(&out, dir.path(), "public");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "one");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_the_site_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("gloss.yaml"), "title: x").unwrap();
        let err = check_replaceable(dir.path(), dir.path()).unwrap_err();
        assert!(err.to_string().contains("site"), "{err}");
    }
}
