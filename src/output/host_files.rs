//! What others add to an output folder: a host's `.git` checkout, `CNAME`,
//! `.nojekyll`, `.well-known/`, a file uploaded by hand. gloss keeps every
//! file it did not write. The output's marker lists the files gloss wrote
//! (the manifest); before a new output is swapped in, every other file of the
//! previous output is linked into it, so the swap stays one rename and the
//! previous output keeps its files until then.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{MARKER_FILE, RETIRED_FILE, Refusal, WriteError, io};

/// What hosts put in a publishing folder. They are kept even where no
/// manifest says what gloss wrote (a folder gloss did not make, or one made
/// by a gloss that wrote no manifest), and such a folder holding only these
/// may become an output.
pub(super) const HOST_FILES: [&str; 4] = [".git", "CNAME", ".nojekyll", ".well-known"];

/// Starts the manifest's list of files, after the marker's header.
const FILES_LINE: &str = "files:";

/// What a manifest escapes in a path, so that each path is one line.
const LINE_SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS.add(b'%');

/// The marker's text: `header`, then the files gloss wrote, one a line.
pub(super) fn manifest(header: &str, written: &[String]) -> String {
    let mut text = format!("{header}{FILES_LINE}\n");
    for rel in written {
        text.push_str(&percent_encoding::utf8_percent_encode(rel, LINE_SET).to_string());
        text.push('\n');
    }
    text
}

/// Which files of an output gloss wrote.
enum Written {
    /// The marker's manifest: the files, and the folders above them.
    Listed { files: HashSet<PathBuf>, folders: HashSet<PathBuf> },
    /// No manifest: everything but [`HOST_FILES`] is taken as gloss's.
    Unlisted,
}

impl Written {
    fn read(out_dir: &Path) -> Written {
        let Ok(text) = std::fs::read_to_string(out_dir.join(MARKER_FILE)) else { return Written::Unlisted };
        let Some((_, list)) = text.split_once(&format!("\n{FILES_LINE}\n")) else { return Written::Unlisted };
        let files: HashSet<PathBuf> = list
            .lines()
            .filter(|line| !line.is_empty())
            .map(|line| PathBuf::from(percent_encoding::percent_decode_str(line).decode_utf8_lossy().into_owned()))
            .collect();
        let folders = files.iter().flat_map(|f| f.ancestors().skip(1)).map(Path::to_path_buf).collect();
        Written::Listed { files, folders }
    }

    /// Whether gloss wrote `rel`; for a folder, `Some(true)` when gloss wrote
    /// files under it (look inside for the host's), `Some(false)` when it is
    /// the host's whole.
    fn owner(&self, rel: &Path, is_folder: bool) -> Owner {
        if rel == Path::new(MARKER_FILE) || rel == Path::new(RETIRED_FILE) {
            return Owner::Gloss;
        }
        match self {
            Written::Listed { files, folders } => {
                if files.contains(rel) {
                    Owner::Gloss
                } else if is_folder && folders.contains(rel) {
                    Owner::Both
                } else {
                    Owner::Host
                }
            }
            Written::Unlisted => {
                let top = rel.components().next().map(|c| c.as_os_str());
                if top.is_some_and(|top| HOST_FILES.iter().any(|h| top == *h)) { Owner::Host } else { Owner::Gloss }
            }
        }
    }
}

enum Owner {
    Gloss,
    Host,
    /// A folder holding files of both.
    Both,
}

/// Links every file of `old` that gloss did not write into `new` at the same
/// path (a copy where a link cannot be made), with the folders they need. A
/// file of the new output already at such a path is a refusal: the host's
/// file and the site's would be one, and neither is deleted silently.
pub(super) fn carry(old: &Path, new: &Path) -> Result<(), WriteError> {
    if !old.is_dir() {
        return Ok(());
    }
    let written = Written::read(old);
    let mut walk = walkdir::WalkDir::new(old).min_depth(1).follow_links(false).into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(old).to_path_buf();
            WriteError::Io { path, source: e.into() }
        })?;
        let rel = entry.path().strip_prefix(old).unwrap_or(entry.path());
        let is_folder = entry.file_type().is_dir();
        match written.owner(rel, is_folder) {
            Owner::Both => continue,
            Owner::Gloss if is_folder => walk.skip_current_dir(),
            Owner::Gloss => continue,
            Owner::Host if is_folder => make_folder(entry.path(), &new.join(rel), rel, old)?,
            Owner::Host => carry_file(entry.path(), &new.join(rel), rel, old)?,
        }
    }
    Ok(())
}

/// The refusal for a host's file at `rel` where the new output has one.
fn in_the_way(old: &Path, rel: &Path) -> WriteError {
    WriteError::Refused { path: old.to_path_buf(), refusal: Refusal::HostFileInTheWay(rel.to_path_buf()) }
}

/// Makes the host's folder `rel` in the new output (its mode too); one
/// the new output has already is shared.
fn make_folder(from: &Path, to: &Path, rel: &Path, old: &Path) -> Result<(), WriteError> {
    match std::fs::symlink_metadata(to) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => return Err(in_the_way(old, rel)),
        Err(_) => {}
    }
    make_parent(to, rel, old)?;
    std::fs::create_dir(to).map_err(io(to))?;
    let mode = std::fs::metadata(from).map_err(io(from))?.permissions();
    std::fs::set_permissions(to, mode).map_err(io(to))
}

fn carry_file(from: &Path, to: &Path, rel: &Path, old: &Path) -> Result<(), WriteError> {
    if std::fs::symlink_metadata(to).is_ok() {
        return Err(in_the_way(old, rel));
    }
    make_parent(to, rel, old)?;
    if std::fs::symlink_metadata(from).map_err(io(from))?.is_symlink() {
        return copy_symlink(from, to);
    }
    // The previous output is deleted once the new one is in: a link
    // keeps the file where a copy would cost its size (a `.git`).
    if std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to).map_err(io(to))?;
    }
    Ok(())
}

/// Makes the folders above `to` that the new output lacks; a file of the
/// new output where one should be is in the way.
fn make_parent(to: &Path, rel: &Path, old: &Path) -> Result<(), WriteError> {
    let Some(parent) = to.parent() else { return Ok(()) };
    std::fs::create_dir_all(parent).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::NotADirectory => in_the_way(old, rel),
        _ => io(parent)(e),
    })
}

#[cfg(unix)]
fn copy_symlink(from: &Path, to: &Path) -> Result<(), WriteError> {
    let target = std::fs::read_link(from).map_err(io(from))?;
    std::os::unix::fs::symlink(target, to).map_err(io(to))
}

#[cfg(not(unix))]
fn copy_symlink(from: &Path, _: &Path) -> Result<(), WriteError> {
    let source = std::io::Error::new(std::io::ErrorKind::Unsupported, "cannot keep a symbolic link here");
    Err(WriteError::Io { path: from.to_path_buf(), source })
}

/// Whether `dir` holds nothing but [`HOST_FILES`].
pub(super) fn only_host_files(dir: &Path) -> Result<bool, WriteError> {
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let name = entry.map_err(io(dir))?.file_name();
        if !HOST_FILES.iter().any(|h| name == *h) {
            return Ok(false);
        }
    }
    Ok(true)
}
