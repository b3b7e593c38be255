//! The dev server's reader of content files: a file whose metadata says it
//! has not changed since a rebuild read it is not read again; its bytes are
//! kept from that read.
//!
//! Why: reading a content file is the kernel's work (an open, a read and a
//! close, each passing the watcher's hooks) for every file of the site, and
//! after one saved entry all the others have not changed. The bytes kept are
//! then parsed (or recalled) exactly as bytes just read would be.
//!
//! Trusting metadata is what git does for its index, with the same caution:
//! timestamps tick every few milliseconds (seconds on some file systems), so
//! two writes of the same length within one tick leave the same stamp, and a
//! file written less than [`SETTLED`] before it was read is read again
//! ("racily clean", as git calls it).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use bytes::Bytes;

use crate::content::ReadFile;

/// How long after a file's last write its metadata is trusted.
const SETTLED: Duration = Duration::from_secs(2);

/// Content files as last read, by path.
#[derive(Default)]
pub(crate) struct UnchangedFiles {
    files: Mutex<Generations>,
}

/// Files read (or trusted) by the build going on, and those of the build
/// before that it has not asked for yet.
#[derive(Default)]
struct Generations {
    used: HashMap<PathBuf, Kept>,
    previous: HashMap<PathBuf, Kept>,
}

/// A file as read: its metadata just before the read, when the read started
/// and the bytes read.
#[derive(Clone)]
struct Kept {
    stamp: Stamp,
    started: SystemTime,
    bytes: Bytes,
}

/// What a file's metadata says of its contents: a write changes its size,
/// its modification time or (when a tool puts the old mtime back) its
/// change time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: SystemTime,
    /// The change time (any write, and a tool putting an old mtime back,
    /// sets it to now); the mtime where the system has none.
    changed: SystemTime,
    inode: (u64, u64),
}

impl Stamp {
    /// `None` where the metadata cannot be read (the file is then read).
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?;
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            let since_epoch = Duration::new(u64::try_from(meta.ctime()).ok()?, u32::try_from(meta.ctime_nsec()).ok()?);
            (SystemTime::UNIX_EPOCH + since_epoch, (meta.dev(), meta.ino()))
        };
        #[cfg(not(unix))]
        let (changed, inode) = (modified, (0, 0));
        Some(Stamp { len: meta.len(), modified, changed, inode })
    }
}

impl Kept {
    /// Whether a file with `stamp` now still has the bytes read then.
    fn still_holds(&self, stamp: &Stamp) -> bool {
        let last_write = stamp.modified.max(stamp.changed);
        self.stamp == *stamp && last_write + SETTLED <= self.started
    }
}

impl ReadFile for UnchangedFiles {
    fn read(&self, path: &Path, limit: u64) -> std::io::Result<Bytes> {
        let stamp = Stamp::of(path);
        // The limit may have been lowered since the bytes were kept.
        if let Some(stamp) = &stamp
            && let Some(kept) =
                self.take(path).filter(|kept| kept.still_holds(stamp) && kept.bytes.len() as u64 <= limit)
        {
            return Ok(kept.bytes);
        }
        let started = SystemTime::now();
        let bytes = crate::content::read_at_most(path, limit)?;
        if let Some(stamp) = stamp {
            let kept = Kept { stamp, started, bytes: bytes.clone() };
            self.lock().used.insert(path.to_path_buf(), kept);
        }
        Ok(bytes)
    }
}

impl UnchangedFiles {
    /// Forgets the files the build that ends now did not read (deleted,
    /// renamed, or the build stopped before the content).
    pub(crate) fn finish_build(&self) {
        let mut g = self.lock();
        if !g.used.is_empty() {
            g.previous = std::mem::take(&mut g.used);
        }
    }

    fn take(&self, path: &Path) -> Option<Kept> {
        let mut g = self.lock();
        if let Some(kept) = g.used.get(path) {
            return Some(kept.clone());
        }
        let kept = g.previous.remove(path)?;
        g.used.insert(path.to_path_buf(), kept.clone());
        Some(kept)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Generations> {
        // Each change is one insert or remove: a poisoned map is still whole.
        self.files.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `path` through `files` as if the read had started `after` now.
    fn read_at(files: &UnchangedFiles, path: &Path, after: Duration) -> Bytes {
        let bytes = files.read(path, u64::MAX).unwrap();
        let mut g = files.lock();
        let kept = g.used.get_mut(path).unwrap();
        kept.started = SystemTime::now() + after;
        bytes
    }

    #[test]
    fn a_file_is_trusted_unread_only_while_its_metadata_is_unchanged_and_settled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let files = UnchangedFiles::default();
        std::fs::write(&path, "one").unwrap();
        read_at(&files, &path, Duration::from_secs(3));
        // Kept bytes are served even if the disk says otherwise...
        files.lock().used.get_mut(&path).unwrap().bytes = Bytes::from_static(b"kept");
        assert_eq!(files.read(&path, u64::MAX).unwrap(), "kept", "read 3 s after its last write: trusted");

        // ...but not once the metadata changed. Same length, and the old
        // modification time put back (`cp -p`, `touch -r`): the change time
        // still tells.
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&path, "two").unwrap();
        std::fs::File::options().write(true).open(&path).unwrap().set_modified(modified).unwrap();
        assert_eq!(files.read(&path, u64::MAX).unwrap(), "two");

        // Read just after a write: a second write in the same clock tick
        // could leave the same stamp, so it is read again.
        std::fs::write(&path, "six").unwrap();
        read_at(&files, &path, Duration::ZERO);
        files.lock().used.get_mut(&path).unwrap().bytes = Bytes::from_static(b"kept");
        assert_eq!(files.read(&path, u64::MAX).unwrap(), "six");
    }

    #[test]
    fn a_file_no_build_read_is_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
        std::fs::write(&a, "a").unwrap();
        std::fs::write(&b, "b").unwrap();
        let files = UnchangedFiles::default();
        files.read(&a, u64::MAX).unwrap();
        files.read(&b, u64::MAX).unwrap();
        files.finish_build();
        files.read(&a, u64::MAX).unwrap();
        files.finish_build();
        let g = files.lock();
        assert_eq!((g.previous.len(), g.previous.contains_key(&a)), (1, true));
    }
}
