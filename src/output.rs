//! The output sink: where rendered files go as they are rendered (`Sink`):
//! an in-memory set (the dev server, tests), nowhere (`gloss check`), or a
//! staging folder on disk that is swapped in whole, so that the output folder
//! is always complete or untouched (`gloss build`).
//!
//! Writing goes to a staging folder beside the output, which is then swapped
//! in with renames. gloss marks the folders it writes, refuses to replace a
//! folder it did not make, and keeps in its output every file it did not
//! write (`host_files`): it never deletes what it did not create.

mod host_files;

use std::collections::{BTreeMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use bytes::Bytes;

/// Written into every output folder gloss makes: the mark that gloss made
/// it, the staging folder it was made as, and the files gloss wrote there.
const MARKER_FILE: &str = ".gloss-output";
const MARKER_TEXT: &str = "This folder is written by gloss. gloss build replaces the files listed below\n\
                           and keeps every other file (a host's .git, CNAME, ...).\n";
/// The marker's line naming the staging folder a folder was made as: a
/// folder under that name is an unfinished build's.
const STAGED_AS: &str = "staged-as: ";
/// Written into the previous output just before it is moved aside, naming
/// the folder it is moved to: a folder under that name is gloss's to delete
/// (or to put back, if the output is missing).
const RETIRED_FILE: &str = ".gloss-retired";

/// Rendered files by root-relative path (`/`-separated, no leading slash).
///
/// The bytes are shared (`Bytes`): the dev server's rebuild hands out the
/// same page as the build before without copying it, and comparing two
/// outputs skips files that are one and the same.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OutputSet {
    files: BTreeMap<String, Bytes>,
}

impl<P: Into<String>, B: Into<Bytes>> FromIterator<(P, B)> for OutputSet {
    fn from_iter<I: IntoIterator<Item = (P, B)>>(files: I) -> Self {
        OutputSet { files: files.into_iter().map(|(path, bytes)| (path.into(), bytes.into())).collect() }
    }
}

impl OutputSet {
    /// `bytes`: a `String` or `Vec<u8>` (taken over without a copy), or
    /// `Bytes`.
    fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Bytes>) {
        self.files.insert(path.into(), bytes.into());
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| &b[..])
    }

    /// Whether `path` holds the very same bytes in both sets: shared, or
    /// equal.
    pub(crate) fn same_file(&self, other: &OutputSet, path: &str) -> bool {
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

    pub(crate) fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Takes each file as it is rendered, from many threads at once. Rendering
/// hands every file over this way rather than returning a set, so that a
/// build writing to disk never holds the whole site in memory: its pages
/// grow with every entry, and most are written and freed long before the
/// last is made.
pub(crate) trait Sink: Sync {
    /// `rel` is root-relative and `/`-separated; each path is put once.
    fn put(&self, rel: &str, bytes: Bytes);

    /// Whether the files are kept at all. A sink that drops them spares
    /// rendering what only feeds files and never a diagnostic (the search
    /// index).
    fn keeps_files(&self) -> bool {
        true
    }
}

/// Collects the files into an [`OutputSet`]: the dev server serves it.
#[derive(Default)]
pub(crate) struct Collect(Mutex<OutputSet>);

impl Collect {
    pub(crate) fn into_set(self) -> OutputSet {
        self.0.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for Collect {
    fn put(&self, rel: &str, bytes: Bytes) {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).insert(rel, bytes);
    }
}

/// Drops every file: `gloss check` renders to find problems, not pages.
pub(crate) struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: Bytes) {}

    fn keeps_files(&self) -> bool {
        false
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("refusing to write into {path}: {refusal}")]
    Refused { path: PathBuf, refusal: Refusal },
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// Why a folder may not be the output, each with what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("it holds the site's own files")]
    HoldsTheSite,
    #[error("it is inside the site's sources, so the next build would read the output as part of the site")]
    InsideSources,
    #[error(
        "it is the folder you are in: gloss replaces its output folder whole, which would leave your shell in a deleted folder"
    )]
    CurrentFolder,
    #[error("it is the root of the file system")]
    FileSystemRoot,
    #[error("it is your home folder")]
    Home,
    #[error("it looks like a gloss site (it has content/ or gloss.yaml)")]
    LooksLikeASite,
    #[error("it is a file, not a folder")]
    NotAFolder,
    #[error("gloss did not make this folder and it is not empty")]
    NotMadeByGloss,
    /// A file gloss did not write, at a path the site now writes (the path
    /// inside the output).
    #[error("its {} was not written by gloss, and the site now writes a file there", .0.display())]
    HostFileInTheWay(PathBuf),
}

impl WriteError {
    pub fn help(&self) -> &'static str {
        match self {
            WriteError::Refused { refusal, .. } => refusal.help(),
            WriteError::Io { .. } => {
                "check that the folder exists, that you may write there and that the disk is not full"
            }
        }
    }
}

impl Refusal {
    pub fn help(&self) -> &'static str {
        match self {
            Refusal::HoldsTheSite | Refusal::FileSystemRoot | Refusal::Home | Refusal::LooksLikeASite => {
                "pass `--output DIR` with a folder of its own for the built site, such as `public` (the default)"
            }
            Refusal::InsideSources => {
                "pass `--output DIR` with a folder outside content/, themes/, templates/ and static/, such as `public` (the default)"
            }
            Refusal::CurrentFolder => {
                "run gloss from the folder above and name this one: `cd .. && gloss build --output NAME` (with `--root` if the site is elsewhere)"
            }
            Refusal::NotAFolder => {
                "pass `--output DIR` with a folder's path; gloss makes the folder if it does not exist"
            }
            Refusal::NotMadeByGloss => {
                "pass `--output DIR` with a new or empty folder, or empty this folder yourself if its files may go (gloss keeps .git, CNAME, .nojekyll and .well-known)"
            }
            Refusal::HostFileInTheWay(_) => {
                "gloss keeps in its output every file it did not write: move or delete that one if the site's should replace it, or rename the site's file, guide or entry"
            }
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io { path: path.to_path_buf(), source }
}

/// A new output being written: a staging folder beside the output, swapped in
/// whole by [`Staging::commit`]. Dropped without a commit (an error, a panic),
/// it removes its staging folder and the output is untouched.
///
/// `put` takes `&self` and may be called from many threads at once, so pages
/// can be written as they are rendered. As a [`Sink`] it keeps the first
/// error, which [`Staging::commit`] returns instead of swapping in.
pub(crate) struct Staging {
    dir: PathBuf,
    /// The first error of a put through [`Sink`], which has no way to say it.
    failed: Mutex<Option<WriteError>>,
    /// Folders made in the staging folder, root-relative.
    folders: Mutex<HashSet<String>>,
    /// The files put, root-relative: the manifest of the new output.
    written: Mutex<Vec<String>>,
    /// The marker's header, naming the staging folder.
    header: String,
    out_dir: PathBuf,
    parent: PathBuf,
    name: String,
    committed: bool,
}

impl Staging {
    /// Checks that `out_dir` may be replaced (see [`check_replaceable`]),
    /// clears what an earlier killed build left beside it and makes the
    /// staging folder (holding the `.gloss-output` marker from the start).
    pub(crate) fn begin(out_dir: &Path, site_root: &Path) -> Result<Staging, WriteError> {
        check_replaceable(out_dir, site_root)?;
        let (parent, name) = location(out_dir);
        let out_dir = parent.join(&name);
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        remove_leftovers(&out_dir, &parent, &name);
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.staging-"))
            .tempdir_in(&parent)
            .map_err(io(&parent))?
            .keep();
        let staged_as = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let staging = Staging {
            dir,
            failed: Mutex::new(None),
            folders: Mutex::default(),
            written: Mutex::default(),
            header: format!("{MARKER_TEXT}{STAGED_AS}{staged_as}\n"),
            out_dir,
            parent,
            name,
            committed: false,
        };
        let marker = staging.dir.join(MARKER_FILE);
        std::fs::write(&marker, &staging.header).map_err(io(&marker))?;
        Ok(staging)
    }

    /// Writes one file of the new output at `rel` (root-relative,
    /// `/`-separated; never absolute nor with `..`). Each path may be put
    /// once. A missing folder is made.
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let path = self.checked(rel)?;
        if let Some((folder, _)) = rel.rsplit_once('/') {
            self.make_folder(folder)?;
        }
        create_new(&path, bytes).map_err(io(&path))?;
        self.written.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(rel.to_string());
        Ok(())
    }

    /// Makes folder `rel` of the new output and those above it, unless this
    /// staging made it already (many pages share a folder).
    fn make_folder(&self, rel: &str) -> Result<(), WriteError> {
        let made = || self.folders.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if made().contains(rel) {
            return Ok(());
        }
        let path = self.dir.join(rel);
        std::fs::create_dir_all(&path).map_err(io(&path))?;
        made().insert(rel.to_string());
        Ok(())
    }

    /// Carries what others added to the previous output into the new one,
    /// writes the new one's manifest, swaps the staging folder in as the
    /// output, then deletes the previous output (never following a symlink).
    pub(crate) fn commit(mut self) -> Result<(), WriteError> {
        if let Some(e) = self.failed.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner()).take() {
            return Err(e);
        }
        host_files::carry(&self.out_dir, &self.dir)?;
        let mut written = std::mem::take(self.written.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner()));
        written.sort_unstable();
        let marker = self.dir.join(MARKER_FILE);
        std::fs::write(&marker, host_files::manifest(&self.header, &written)).map_err(io(&marker))?;
        let old = swap_in(&self.dir, &self.out_dir, &self.parent, &self.name)?;
        self.committed = true;
        match old {
            Some(old) => remove_tree(&old).map_err(io(&old)),
            None => Ok(()),
        }
    }

    fn checked(&self, rel: &str) -> Result<PathBuf, WriteError> {
        let path = Path::new(rel);
        let escapes =
            rel.is_empty() || path.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        if escapes {
            let source = std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a path inside the output");
            return Err(WriteError::Io { path: path.to_path_buf(), source });
        }
        Ok(self.dir.join(path))
    }
}

impl Sink for Staging {
    /// Writes the file; after a failure, nothing more (the build is lost).
    fn put(&self, rel: &str, bytes: Bytes) {
        let failed = || self.failed.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if failed().is_some() {
            return;
        }
        if let Err(e) = Staging::put(self, rel, &bytes) {
            failed().get_or_insert(e);
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
        }
    }
}

fn create_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::OpenOptions::new().write(true).create_new(true).open(path)?.write_all(bytes)
}

/// Deletes `path` and everything under it, never following a symlink (a
/// symlink is removed, not what it points to).
fn remove_tree(path: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(path)?.is_dir() { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) }
}

/// A build killed mid-write leaves `.<name>.staging-*` beside the output;
/// one killed between two renames (where exchange is not available) leaves
/// the previous output as `.<name>.old-*` and no output. A folder under such
/// a name is gloss's only if it says so: its marker names it as the staging
/// folder it is, or its retired note names it as where the previous output
/// went. Those are removed, and an orphaned previous output is put back, so a
/// kill never costs the published site; any other folder is left alone.
fn remove_leftovers(out_dir: &Path, parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let (staging, old) = (format!(".{name}.staging-"), format!(".{name}.old-"));
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let is_folder = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_folder || !(file_name.starts_with(&staging) || file_name.starts_with(&old)) {
            continue;
        }
        match leftover(&path, &file_name) {
            Some(Leftover::Retired) if !out_dir.exists() => put_back(&path, out_dir),
            Some(_) => {
                let _ = remove_tree(&path);
            }
            None => {}
        }
    }
}

/// Puts a previous output that was moved aside back in place.
fn put_back(old: &Path, out_dir: &Path) {
    if std::fs::rename(old, out_dir).is_ok() {
        let _ = std::fs::remove_file(out_dir.join(RETIRED_FILE));
    }
}

enum Leftover {
    /// A staging folder whose build never finished.
    Staging,
    /// A previous output moved aside to be deleted.
    Retired,
}

/// Whether folder `path`, named `name`, is one gloss left, and which.
fn leftover(path: &Path, name: &str) -> Option<Leftover> {
    let retired = std::fs::read_to_string(path.join(RETIRED_FILE)).is_ok_and(|text| text.trim_end() == name);
    if retired {
        return Some(Leftover::Retired);
    }
    let marker = std::fs::read_to_string(path.join(MARKER_FILE)).ok()?;
    marker.lines().any(|line| line.strip_prefix(STAGED_AS) == Some(name)).then_some(Leftover::Staging)
}

/// Notes in the previous output where it is about to be moved, before it is.
fn retire(out_dir: &Path, to: &Path) -> Result<(), WriteError> {
    let note = out_dir.join(RETIRED_FILE);
    let name = to.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    std::fs::write(&note, format!("{name}\n")).map_err(io(&note))
}

/// Puts the finished staging folder in place of the output and returns where
/// the previous output now is (to be deleted), if there was one. On Linux the
/// two are exchanged in one atomic rename, so there is no moment without an
/// output; elsewhere (or on a file system without exchange) two renames leave
/// it briefly absent, never half-written, and the next build restores it.
/// On an error the previous output is back in place and the staging folder
/// is left to its owner.
fn swap_in(staging: &Path, out_dir: &Path, parent: &Path, name: &str) -> Result<Option<PathBuf>, WriteError> {
    if !out_dir.exists() {
        return std::fs::rename(staging, out_dir).map(|()| None).map_err(io(out_dir));
    }
    retire(out_dir, staging)?;
    if exchange(staging, out_dir) {
        return Ok(Some(staging.to_path_buf()));
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    retire(out_dir, &old)?;
    let back = |e: std::io::Error| {
        let _ = std::fs::remove_file(out_dir.join(RETIRED_FILE));
        io(out_dir)(e)
    };
    std::fs::rename(out_dir, &old).map_err(back)?;
    if let Err(e) = std::fs::rename(staging, out_dir) {
        let _ = std::fs::rename(&old, out_dir);
        return Err(back(e));
    }
    Ok(Some(old))
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

/// Where the output goes: its parent folder and its name. A path that ends
/// in no name (`..`) is resolved to the folder it names.
fn location(out_dir: &Path) -> (PathBuf, String) {
    let path = if out_dir.file_name().is_some() { out_dir.to_path_buf() } else { resolved(out_dir) };
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    (parent, name)
}

/// An output folder may be replaced if it does not exist, is empty, holds
/// nothing but a host's files ([`host_files::HOST_FILES`]) or was written by
/// gloss, and is not the site itself, the current folder or a home or root
/// folder.
fn check_replaceable(out_dir: &Path, site_root: &Path) -> Result<(), WriteError> {
    let refuse = |refusal: Refusal| Err(WriteError::Refused { path: out_dir.to_path_buf(), refusal });
    let target = resolved(out_dir);
    if let Ok(root) = site_root.canonicalize() {
        if root == target || root.starts_with(&target) {
            return refuse(Refusal::HoldsTheSite);
        }
        let sources = ["content", "themes", "templates", "static"];
        if sources.iter().any(|s| target.starts_with(root.join(s))) {
            return refuse(Refusal::InsideSources);
        }
    }
    if !out_dir.exists() {
        return Ok(());
    }
    if target.parent().is_none() {
        return refuse(Refusal::FileSystemRoot);
    }
    if std::env::current_dir().and_then(|cwd| cwd.canonicalize()).is_ok_and(|cwd| cwd == target) {
        return refuse(Refusal::CurrentFolder);
    }
    if std::env::var_os("HOME").is_some_and(|home| Path::new(&home).canonicalize().is_ok_and(|h| h == target)) {
        return refuse(Refusal::Home);
    }
    if target.join(crate::content::CONTENT_DIR).exists() || target.join(crate::config::CONFIG_FILE).exists() {
        return refuse(Refusal::LooksLikeASite);
    }
    if !out_dir.is_dir() {
        return refuse(Refusal::NotAFolder);
    }
    if out_dir.join(MARKER_FILE).is_file() || host_files::only_host_files(out_dir)? {
        return Ok(());
    }
    refuse(Refusal::NotMadeByGloss)
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
    use rayon::prelude::*;

    use super::*;

    /// Writes `set` to `out_dir` through a staging folder, as a build does.
    fn write(set: OutputSet, out_dir: &Path, site_root: &Path) -> Result<(), WriteError> {
        let staging = Staging::begin(out_dir, site_root)?;
        for (rel, bytes) in set.files {
            Sink::put(&staging, &rel, bytes);
        }
        staging.commit()
    }

    fn set(files: &[(&str, &str)]) -> OutputSet {
        files.iter().map(|(path, text)| (*path, text.to_string())).collect()
    }

    #[test]
    fn writes_then_replaces_its_own_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(set(&[("index.html", "one"), ("g/a/index.html", "a")]), &out, dir.path().join("site").as_path()).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("g/a/index.html")).unwrap(), "a");
        write(set(&[("index.html", "two")]), &out, dir.path().join("site").as_path()).unwrap();
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
        let err = write(set(&[("index.html", "x")]), &out, dir.path().join("site").as_path()).unwrap_err();
        assert!(matches!(err, WriteError::Refused { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(out.join("thesis.docx")).unwrap(), "precious");
    }

    #[test]
    fn a_killed_build_leaves_nothing_that_costs_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let site = dir.path().join("site");
        write(set(&[("index.html", "one")]), &out, &site).unwrap();
        // Killed between two renames: the old output sits aside, none in place.
        let old = dir.path().join(".public.old-999");
        retire(&out, &old).unwrap();
        std::fs::rename(&out, &old).unwrap();
        // Killed while writing: a staging folder is left.
        let staging = Staging::begin(&out, &site).unwrap();
        staging.put("index.html", b"half").unwrap();
        std::mem::forget(staging);
        remove_leftovers(&out, dir.path(), "public");
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "one");
        assert!(!out.join(RETIRED_FILE).exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn folders_named_like_leftovers_are_kept_unless_gloss_marked_them() {
        let dir = tempfile::tempdir().unwrap();
        let (out, site) = (dir.path().join("public"), dir.path().join("site"));
        write(set(&[("index.html", "one")]), &out, &site).unwrap();
        // A copy of the output (marker and all) and a folder of notes.
        let backup = dir.path().join(".public.old-mybackup");
        std::fs::create_dir(&backup).unwrap();
        for file in ["index.html", MARKER_FILE] {
            std::fs::copy(out.join(file), backup.join(file)).unwrap();
        }
        let notes = dir.path().join(".public.staging-notes");
        std::fs::create_dir(&notes).unwrap();
        std::fs::write(notes.join("n.txt"), "mine").unwrap();
        // Another gloss's retired note naming some other folder.
        std::fs::write(backup.join(RETIRED_FILE), ".public.old-1\n").unwrap();
        write(set(&[("index.html", "two")]), &out, &site).unwrap();
        assert_eq!(read(&backup.join("index.html")), "one");
        assert_eq!(read(&notes.join("n.txt")), "mine");
        assert_eq!(read(&out.join("index.html")), "two");
    }

    #[test]
    fn files_gloss_did_not_write_are_kept_and_a_clash_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (out, site) = (dir.path().join("public"), dir.path().join("site"));
        write(set(&[("index.html", "one"), ("g/a.html", "a")]), &out, &site).unwrap();
        std::fs::create_dir_all(out.join(".git/refs/tags")).unwrap();
        std::fs::write(out.join(".git/HEAD"), "ref").unwrap();
        std::fs::write(out.join("g/host.txt"), "host").unwrap();
        std::fs::write(out.join("extra.html"), "host page").unwrap();
        write(set(&[("index.html", "two")]), &out, &site).unwrap();
        assert_eq!(read(&out.join(".git/HEAD")), "ref");
        assert!(out.join(".git/refs/tags").is_dir(), "an empty folder of the host's is kept");
        assert_eq!(read(&out.join("g/host.txt")), "host");
        assert!(!out.join("g/a.html").exists(), "gloss's own stale file goes");
        assert_eq!(read(&out.join("extra.html")), "host page");

        let err = write(set(&[("index.html", "three"), ("extra.html", "site page")]), &out, &site).unwrap_err();
        let WriteError::Refused { refusal, .. } = &err else { panic!("{err}") };
        assert_eq!(*refusal, Refusal::HostFileInTheWay(PathBuf::from("extra.html")));
        assert_eq!(read(&out.join("index.html")), "two");
        assert_eq!(read(&out.join("extra.html")), "host page");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "the staging folder is gone");
    }

    #[test]
    fn without_a_manifest_only_a_hosts_usual_files_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (out, site) = (dir.path().join("public"), dir.path().join("site"));
        std::fs::create_dir_all(out.join(".well-known")).unwrap();
        std::fs::write(out.join(".well-known/security.txt"), "sec").unwrap();
        std::fs::write(out.join("CNAME"), "guides.example").unwrap();
        write(set(&[("index.html", "one")]), &out, &site).unwrap();
        // A marker written without a manifest: its files are all gloss's.
        std::fs::write(out.join(MARKER_FILE), MARKER_TEXT).unwrap();
        std::fs::write(out.join("old.html"), "gloss's, unlisted").unwrap();
        write(set(&[("index.html", "two")]), &out, &site).unwrap();
        assert_eq!(read(&out.join(".well-known/security.txt")), "sec");
        assert_eq!(read(&out.join("CNAME")), "guides.example");
        assert!(!out.join("old.html").exists());
    }

    #[test]
    fn refuses_the_site_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("gloss.yaml"), "title: x").unwrap();
        let err = check_replaceable(dir.path(), dir.path()).unwrap_err();
        assert!(err.to_string().contains("site"), "{err}");
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }

    #[test]
    fn a_second_build_replaces_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let (out, site) = (dir.path().join("public"), dir.path().join("site"));
        write(set(&[("same.html", "same"), ("g/a.html", "old a"), ("gone.html", "x")]), &out, &site).unwrap();
        write(set(&[("same.html", "same"), ("g/a.html", "new a"), ("new.html", "n")]), &out, &site).unwrap();
        assert_eq!(read(&out.join("same.html")), "same");
        assert_eq!(read(&out.join("g/a.html")), "new a");
        assert_eq!(read(&out.join("new.html")), "n");
        assert!(!out.join("gone.html").exists());
        assert!(out.join(MARKER_FILE).is_file());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no staging or old folder is left");
    }

    #[test]
    fn a_build_failing_midway_leaves_the_old_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let (out, site) = (dir.path().join("public"), dir.path().join("site"));
        let files = [("index.html", "one"), ("g/a.html", "a"), ("g/b.html", "b")];
        write(set(&files), &out, &site).unwrap();
        let check_old = || {
            for (path, text) in files {
                assert_eq!(read(&out.join(path)), text);
            }
            assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "the staging folder is gone");
        };
        // `x` cannot be a file and a folder: some files are written, then
        // one fails.
        let mut bad = set(&files);
        bad.insert("g/b.html", "changed");
        bad.insert("x", "file");
        bad.insert("x/y.html", "y");
        assert!(matches!(write(bad, &out, &site), Err(WriteError::Io { .. })));
        check_old();

        // Streaming: pages put, one changed, then the render fails (no commit).
        let staging = Staging::begin(&out, &site).unwrap();
        staging.put("index.html", b"one").unwrap();
        staging.put("g/a.html", b"changed").unwrap();
        assert!(staging.dir.join("g/a.html").is_file());
        drop(staging);
        check_old();
    }

    #[test]
    fn staging_puts_from_many_threads_and_refuses_paths_outside() {
        let dir = tempfile::tempdir().unwrap();
        let (out, site) = (dir.path().join("public"), dir.path().join("site"));
        let staging = Staging::begin(&out, &site).unwrap();
        (0..64).into_par_iter().for_each(|i| staging.put(&format!("g{}/e{i}/index.html", i % 4), b"page").unwrap());
        for bad in ["../escape.html", "/tmp/abs.html", "a/../../b", ""] {
            assert!(staging.put(bad, b"x").is_err(), "{bad}");
        }
        assert!(staging.put("g0/e0/index.html", b"twice").is_err(), "a path is put once");
        staging.commit().unwrap();
        assert_eq!(read(&out.join("g3/e63/index.html")), "page");
        assert!(out.join(MARKER_FILE).is_file());
        assert!(!dir.path().join("escape.html").exists());
    }

    #[cfg(unix)]
    #[test]
    fn deleting_an_old_output_never_follows_its_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let (out, site) = (dir.path().join("public"), dir.path().join("site"));
        write(set(&[("index.html", "one"), ("g/a/index.html", "a")]), &out, &site).unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(outside.join("deep")).unwrap();
        std::fs::write(outside.join("deep/precious.txt"), "precious").unwrap();
        std::os::unix::fs::symlink(&outside, out.join("g/to-folder")).unwrap();
        std::os::unix::fs::symlink(outside.join("deep/precious.txt"), out.join("to-file")).unwrap();
        write(set(&[("index.html", "two")]), &out, &site).unwrap();
        assert_eq!(read(&outside.join("deep/precious.txt")), "precious");
        // gloss did not write the links: they are kept as links, not copies.
        assert!(!out.join("g/a").exists());
        assert_eq!(std::fs::read_link(out.join("g/to-folder")).unwrap(), outside);
        assert_eq!(std::fs::read_link(out.join("to-file")).unwrap(), outside.join("deep/precious.txt"));

        // And directly: a tree whose root is a symlink loses only the link.
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        remove_tree(&link).unwrap();
        assert!(std::fs::symlink_metadata(&link).is_err());
        assert_eq!(read(&outside.join("deep/precious.txt")), "precious");
    }
}
