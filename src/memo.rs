//! Memo: the results of pure build steps, kept between rebuilds in `serve` so
//! that one saved entry does not re-parse, re-measure and re-render the whole
//! site.
//!
//! Every step memoised here is a function of its inputs alone, and its key is
//! a 128-bit digest of *all* of those inputs (file bytes, the template context
//! a page is rendered with, ...). A rebuild that finds a key reuses the value;
//! one that does not computes it. So a rebuild is always what a full build
//! would give: a key that misses costs time, never correctness. What depends
//! on the whole site (the guide pages, the search index) changes its key when
//! any part it reads changes, and is computed again.
//!
//! One table is keyed otherwise: `files` keeps, by path, a content file's
//! metadata when it was last read and the digest of its bytes, so that an
//! unchanged file is not read again. That trusts the file system: a file is
//! taken as unchanged only if its length, mtime, ctime and inode are all the
//! same and its last write came 2 s or more before that read
//! ([`FileRead::still_holds`]).
//!
//! Each table keeps what the last build used and drops the rest when a build
//! ends ([`Memo::finish_build`]), so memory stays at about one site's worth.
//! `gloss build` runs with [`Memo::off`]: nothing kept, nothing hashed.

use std::collections::HashMap;
use std::hash::Hash;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use xxhash_rust::xxh3::Xxh3;

use crate::content::Loaded;
use crate::diagnostic::Diagnostic;
use crate::readability::BodyReadability;

/// A digest of everything a step reads.
pub type Key = u128;

/// The digest of `value`, for keys built from several inputs (use a tuple).
pub fn key(value: impl Hash) -> Key {
    let mut hasher = Xxh3::new();
    value.hash(&mut hasher);
    hasher.digest128()
}

/// A digest fed piece by piece: serialised values (it is an `io::Write`) and
/// strings with their lengths.
///
/// Serialising feeds many pieces of a few bytes (tags, lengths, short
/// strings); they are gathered in a buffer and hashed in batches, since one
/// hasher call per piece was most of the cost of digesting a page.
pub struct KeyWriter {
    hasher: Xxh3,
    pending: Vec<u8>,
}

/// Bytes gathered before they are hashed.
const BATCH: usize = 4096;

impl KeyWriter {
    pub fn new(seed: Key) -> Self {
        let mut pending = Vec::with_capacity(BATCH);
        pending.extend_from_slice(&seed.to_le_bytes());
        KeyWriter { hasher: Xxh3::new(), pending }
    }

    /// Feeds `s` with its length, so that no two sequences of strings feed
    /// the same bytes.
    pub fn feed_str(&mut self, s: &str) {
        self.update(&(s.len() as u64).to_le_bytes());
        self.update(s.as_bytes());
    }

    pub fn finish(&mut self) -> Key {
        self.hasher.update(&self.pending);
        self.pending.clear();
        self.hasher.digest128()
    }

    fn update(&mut self, bytes: &[u8]) {
        if self.pending.len() + bytes.len() > BATCH {
            self.hasher.update(&self.pending);
            self.pending.clear();
            if bytes.len() > BATCH {
                self.hasher.update(bytes);
                return;
            }
        }
        self.pending.extend_from_slice(bytes);
    }
}

impl std::io::Write for KeyWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl KeyWriter {
    /// Feeds any serialisable value: its structure (a tag for each kind of
    /// value, lengths of strings and sequences) and its strings and numbers
    /// as they are, without escaping them as JSON would.
    pub fn feed<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        // Only a value's own `Serialize` can fail (none of gloss's do); the
        // digest is then only one that never matches, which costs a render.
        let _ = value.serialize(DigestSerializer(self));
    }

    fn tag(&mut self, tag: u8) {
        self.update(&[tag]);
    }

    /// An enum variant's name, before its contents.
    fn variant(&mut self, name: &str) {
        self.tag(b'v');
        self.feed_str(name);
    }

    fn len(&mut self, len: Option<usize>) {
        self.update(&(len.map_or(u64::MAX, |n| n as u64)).to_le_bytes());
    }
}

/// Text among a page's template values that was made from inputs whose key
/// is known (an entry's rendered body, from its placement): tera gets the
/// text, a page's digest the key. A guide page holds every answer of the
/// guide; hashing them all on each rebuild was the dev server's largest
/// cost for a guide whose pages had not changed.
#[derive(Debug, Clone, Copy)]
pub struct KeyedText<'a> {
    pub text: &'a str,
    /// A key of everything the text is made from; 0 when unknown (the memo
    /// is off), and then the text stands for itself.
    pub key: Key,
}

impl serde::Serialize for KeyedText<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The digest is the one serializer gloss uses that is not human-readable.
        if serializer.is_human_readable() || self.key == 0 {
            serializer.serialize_str(self.text)
        } else {
            serializer.serialize_u128(self.key)
        }
    }
}

/// A serde serializer into a digest (see [`KeyWriter::feed`]).
struct DigestSerializer<'w>(&'w mut KeyWriter);

#[derive(Debug)]
pub struct DigestError(String);

impl std::fmt::Display for DigestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DigestError {}

impl serde::ser::Error for DigestError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        DigestError(msg.to_string())
    }
}

macro_rules! digest_numbers {
    ($($method:ident: $ty:ty => $tag:expr),* $(,)?) => {
        $(fn $method(self, v: $ty) -> Result<(), DigestError> {
            self.0.tag($tag);
            self.0.update(&v.to_le_bytes());
            Ok(())
        })*
    };
}

impl<'w> serde::Serializer for DigestSerializer<'w> {
    type Ok = ();
    type Error = DigestError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    /// Not human-readable: what lets [`KeyedText`] feed its key, not its text.
    fn is_human_readable(&self) -> bool {
        false
    }

    digest_numbers!(
        serialize_i8: i8 => b'a', serialize_i16: i16 => b'b', serialize_i32: i32 => b'c', serialize_i64: i64 => b'i',
        serialize_i128: i128 => b'I', serialize_u8: u8 => b'e', serialize_u16: u16 => b'g', serialize_u32: u32 => b'h',
        serialize_u64: u64 => b'u', serialize_u128: u128 => b'U', serialize_f32: f32 => b'f', serialize_f64: f64 => b'd',
    );

    fn serialize_bool(self, v: bool) -> Result<(), DigestError> {
        self.0.tag(if v { b'T' } else { b'F' });
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), DigestError> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), DigestError> {
        self.0.tag(b's');
        self.0.feed_str(v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), DigestError> {
        self.0.tag(b'b');
        self.0.len(Some(v.len()));
        self.0.update(v);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), DigestError> {
        self.0.tag(b'n');
        Ok(())
    }

    fn serialize_some<T: serde::Serialize + ?Sized>(self, value: &T) -> Result<(), DigestError> {
        // `Some(x)` gives tera what `x` gives: no tag of its own.
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), DigestError> {
        self.serialize_none()
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), DigestError> {
        self.serialize_none()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), DigestError> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), DigestError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), DigestError> {
        self.0.variant(variant);
        value.serialize(self)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self, DigestError> {
        self.0.tag(b'[');
        self.0.len(len);
        Ok(self)
    }

    fn serialize_tuple(self, len: usize) -> Result<Self, DigestError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, DigestError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, DigestError> {
        self.0.variant(variant);
        self.serialize_seq(Some(len))
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self, DigestError> {
        self.0.tag(b'{');
        self.0.len(len);
        Ok(self)
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Self, DigestError> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, DigestError> {
        self.0.variant(variant);
        self.serialize_map(Some(len))
    }
}

/// Ends a sequence or map, so that what follows it cannot read as part of
/// it when its length was not known up front.
fn end(digest: &mut KeyWriter) -> Result<(), DigestError> {
    digest.tag(b']');
    Ok(())
}

macro_rules! digest_compound {
    ($($trait:ident :: $method:ident),* $(,)?) => {
        $(impl<'w> serde::ser::$trait for DigestSerializer<'w> {
            type Ok = ();
            type Error = DigestError;

            fn $method<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), DigestError> {
                value.serialize(DigestSerializer(self.0))
            }

            fn end(self) -> Result<(), DigestError> {
                end(self.0)
            }
        })*
    };
}

digest_compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);

impl<'w> serde::ser::SerializeMap for DigestSerializer<'w> {
    type Ok = ();
    type Error = DigestError;

    fn serialize_key<T: serde::Serialize + ?Sized>(&mut self, key: &T) -> Result<(), DigestError> {
        key.serialize(DigestSerializer(self.0))
    }

    fn serialize_value<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), DigestError> {
        value.serialize(DigestSerializer(self.0))
    }

    fn end(self) -> Result<(), DigestError> {
        end(self.0)
    }
}

macro_rules! digest_fields {
    ($($trait:ident),* $(,)?) => {
        $(impl<'w> serde::ser::$trait for DigestSerializer<'w> {
            type Ok = ();
            type Error = DigestError;

            fn serialize_field<T: serde::Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), DigestError> {
                self.0.feed_str(key);
                value.serialize(DigestSerializer(self.0))
            }

            fn skip_field(&mut self, key: &'static str) -> Result<(), DigestError> {
                // A skipped field and an absent one give tera the same.
                let _ = key;
                Ok(())
            }

            fn end(self) -> Result<(), DigestError> {
                end(self.0)
            }
        })*
    };
}

digest_fields!(SerializeStruct, SerializeStructVariant);

/// The tables of one dev server, or none at all for a one-off build.
#[derive(Default)]
pub struct Memo {
    enabled: bool,
    /// Content files parsed, by kind, path and bytes.
    pub(crate) documents: Table<Result<Loaded, Vec<Diagnostic>>>,
    /// Compiled templates, by their files and texts.
    pub(crate) templates: Table<Result<Arc<tera::Tera>, Vec<Diagnostic>>>,
    /// What an entry contributes to its pages and the search index.
    pub(crate) placed: Table<Arc<crate::render::Placed>>,
    /// schema.org JSON-LD of guide and entry pages, by everything it reads.
    pub(crate) json_ld: Table<String>,
    /// How an entry body reads, by its text and the target grade.
    pub(crate) readability: Table<Arc<BodyReadability>>,
    /// Rendered pages, by template and the whole context they are given.
    pub(crate) pages: Table<Result<bytes::Bytes, Diagnostic>>,
    /// Each guide's part of the search index, by what it is written from.
    pub(crate) search_docs: Table<Arc<str>>,
    /// Content files as last read, by path: their metadata then and the
    /// digest of their bytes.
    pub(crate) files: Table<FileRead>,
}

impl Memo {
    /// Keeps results between builds.
    pub fn new() -> Self {
        Memo { enabled: true, ..Memo::default() }
    }

    /// Keeps nothing: every step computes, no key is ever made.
    pub fn off() -> Self {
        Memo::default()
    }

    pub fn is_on(&self) -> bool {
        self.enabled
    }

    /// The value of `table` under the key `make_key` gives, or `compute`'s,
    /// which is then kept. With the memo off, just `compute()`.
    pub(crate) fn reuse<V: Clone>(
        &self,
        table: &Table<V>,
        make_key: impl FnOnce() -> Key,
        compute: impl FnOnce() -> V,
    ) -> V {
        if !self.enabled {
            return compute();
        }
        let key = make_key();
        if let Some(value) = table.take(key) {
            return value;
        }
        let value = compute();
        table.keep(key, value.clone());
        value
    }

    /// Drops what this build did not use, in every table the build used.
    /// A build that stopped early (a broken `gloss.yaml`) leaves the tables
    /// it never reached as they were, for the build that follows the fix.
    pub fn finish_build(&self) {
        self.documents.rotate();
        self.readability.rotate();
        self.placed.rotate();
        self.json_ld.rotate();
        self.search_docs.rotate();
        self.files.rotate();
        self.templates.rotate();
        self.pages.rotate();
    }

    /// How many values the tables hold in all.
    pub fn len(&self) -> usize {
        self.documents.len()
            + self.templates.len()
            + self.placed.len()
            + self.json_ld.len()
            + self.readability.len()
            + self.pages.len()
            + self.search_docs.len()
            + self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a file's metadata says of its contents: a write changes its size,
/// its modification time or (when a tool puts the old mtime back) its
/// change time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileStamp {
    len: u64,
    modified: SystemTime,
    /// The change time (any write, and a tool putting an old mtime back,
    /// sets it to now); the mtime where the system has none.
    changed: SystemTime,
    inode: (u64, u64),
}

impl FileStamp {
    /// `None` where the metadata cannot be read (the file is then read).
    pub(crate) fn of(path: &Path) -> Option<FileStamp> {
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
        Some(FileStamp { len: meta.len(), modified, changed, inode })
    }
}

/// A content file as read: its metadata just before the read, when the read
/// started and the digest of the bytes read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FileRead {
    pub(crate) stamp: FileStamp,
    pub(crate) started: SystemTime,
    pub(crate) digest: Key,
}

/// How long after a file's last write its metadata is trusted. Timestamps
/// come from a clock that ticks every few milliseconds (seconds on some file
/// systems): two writes of the same length within one tick leave the same
/// stamp, so a file modified this close to when it was read is always read
/// again ("racily clean", as git calls it).
const SETTLED: Duration = Duration::from_secs(2);

impl FileRead {
    /// Whether a file with `stamp` now still has the bytes read then.
    pub(crate) fn still_holds(&self, stamp: &FileStamp) -> bool {
        let last_write = stamp.modified.max(stamp.changed);
        self.stamp == *stamp && last_write + SETTLED <= self.started
    }
}

impl Memo {
    /// The digest of the file at `path`, without reading it, when the memo
    /// read it before and its metadata says it has not changed since.
    pub(crate) fn unchanged_file(&self, path: &Path) -> Option<Key> {
        if !self.enabled {
            return None;
        }
        let stamp = FileStamp::of(path)?;
        let read = self.files.take(key(path))?;
        read.still_holds(&stamp).then_some(read.digest)
    }

    /// Remembers that `path`, with `stamp` before a read that started at
    /// `started`, held bytes of `digest`.
    pub(crate) fn file_read(&self, path: &Path, stamp: FileStamp, started: SystemTime, digest: Key) {
        if self.enabled {
            self.files.keep(key(path), FileRead { stamp, started, digest });
        }
    }

    /// The value `table` keeps under `key`, if any (marked used).
    pub(crate) fn cached<V: Clone>(&self, table: &Table<V>, key: Key) -> Option<V> {
        if !self.enabled {
            return None;
        }
        table.take(key)
    }
}

/// Values by key: those this build used, and those of the build before that
/// it has not (yet) asked for.
pub(crate) struct Table<V> {
    touched: AtomicBool,
    generations: Mutex<Generations<V>>,
}

struct Generations<V> {
    used: HashMap<Key, V>,
    previous: HashMap<Key, V>,
}

impl<V> Default for Table<V> {
    fn default() -> Self {
        Table {
            touched: AtomicBool::new(false),
            generations: Mutex::new(Generations { used: HashMap::new(), previous: HashMap::new() }),
        }
    }
}

impl<V: Clone> Table<V> {
    fn take(&self, key: Key) -> Option<V> {
        self.touched.store(true, Ordering::Relaxed);
        let mut g = self.lock();
        if let Some(value) = g.used.get(&key) {
            return Some(value.clone());
        }
        let value = g.previous.remove(&key)?;
        g.used.insert(key, value.clone());
        Some(value)
    }

    fn keep(&self, key: Key, value: V) {
        self.lock().used.insert(key, value);
    }
}

impl<V> Table<V> {
    fn rotate(&self) {
        if self.touched.swap(false, Ordering::Relaxed) {
            let mut g = self.lock();
            g.previous = std::mem::take(&mut g.used);
        }
    }

    fn len(&self) -> usize {
        let g = self.lock();
        g.used.len() + g.previous.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Generations<V>> {
        // A panic while the lock was held leaves the maps whole (each change
        // is one insert or remove), so a poisoned lock is still usable.
        self.generations.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn counted<'a>(calls: &'a Cell<usize>, value: &'a str) -> impl FnOnce() -> Result<bytes::Bytes, Diagnostic> + 'a {
        move || {
            calls.set(calls.get() + 1);
            Ok(value.to_string().into())
        }
    }

    /// Records a read of `path` (with `digest`) that started `after` its
    /// last write.
    fn read_after(memo: &Memo, path: &Path, digest: Key, after: Duration) {
        let stamp = FileStamp::of(path).unwrap();
        memo.file_read(path, stamp, SystemTime::now() + after, digest);
    }

    #[test]
    fn a_file_is_trusted_unread_only_while_its_metadata_is_unchanged_and_settled() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let memo = Memo::new();
        std::fs::write(&path, "one").unwrap();
        read_after(&memo, &path, 1, Duration::from_secs(3));
        assert_eq!(memo.unchanged_file(&path), Some(1), "read 3 s after its last write");

        // Same length, and the old modification time put back (`cp -p`,
        // `touch -r`): the change time still tells.
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&path, "two").unwrap();
        std::fs::File::options().write(true).open(&path).unwrap().set_modified(modified).unwrap();
        assert_eq!(memo.unchanged_file(&path), None);

        // Read just after a write, even one with an old mtime: a second write
        // in the same clock tick could leave the same stamp, so it is read again.
        std::fs::write(&path, "six").unwrap();
        let file = std::fs::File::options().write(true).open(&path).unwrap();
        file.set_modified(SystemTime::now() - Duration::from_secs(3600)).unwrap();
        read_after(&memo, &path, 3, Duration::ZERO);
        assert_eq!(memo.unchanged_file(&path), None);

        assert_eq!(Memo::off().unchanged_file(&path), None);
    }

    #[test]
    fn a_key_seen_before_reuses_the_value() {
        let memo = Memo::new();
        let calls = Cell::new(0);
        let a = memo.reuse(&memo.pages, || key("a"), counted(&calls, "A"));
        let again = memo.reuse(&memo.pages, || key("a"), counted(&calls, "other"));
        assert_eq!((a.unwrap(), again.unwrap(), calls.get()), ("A".into(), "A".into(), 1));
    }

    #[test]
    fn a_value_unused_for_a_whole_build_is_dropped() {
        let memo = Memo::new();
        let _ = memo.reuse(&memo.pages, || key("a"), counted(&Cell::new(0), "A"));
        let _ = memo.reuse(&memo.pages, || key("b"), counted(&Cell::new(0), "B"));
        memo.finish_build();
        // The next build uses only "a"; "b" survives until that build ends.
        let _ = memo.reuse(&memo.pages, || key("a"), counted(&Cell::new(0), "A"));
        assert_eq!(memo.len(), 2);
        memo.finish_build();
        assert_eq!(memo.len(), 1);
        let calls = Cell::new(0);
        let _ = memo.reuse(&memo.pages, || key("b"), counted(&calls, "B"));
        assert_eq!(calls.get(), 1, "b was dropped and computed again");
    }

    #[test]
    fn a_table_a_build_never_reached_keeps_its_values() {
        let memo = Memo::new();
        let _ = memo.reuse(&memo.pages, || key("a"), counted(&Cell::new(0), "A"));
        memo.finish_build();
        memo.finish_build();
        assert_eq!(memo.len(), 1);
    }

    #[test]
    fn off_computes_every_time_and_keeps_nothing() {
        let memo = Memo::off();
        let calls = Cell::new(0);
        let _ = memo.reuse(&memo.pages, || unreachable!("no key with the memo off"), counted(&calls, "A"));
        let _ = memo.reuse(&memo.pages, || unreachable!(), counted(&calls, "A"));
        assert_eq!((calls.get(), memo.len()), (2, 0));
    }

    #[test]
    fn keys_differ_with_any_input() {
        assert_ne!(key(("entry", "a.md", b"x".as_slice())), key(("entry", "a.md", b"y".as_slice())));
        assert_ne!(key(("entry", "a.md")), key(("entry", "b.md")));
        let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
        let key_of_json = |seed: Key, value: &serde_json::Value| {
            let mut w = KeyWriter::new(seed);
            w.feed(value);
            w.finish()
        };
        assert_ne!(key_of_json(1, &json("{}")), key_of_json(2, &json("{}")));
        let distinct = [
            r#"{"a":"bc"}"#,
            r#"{"ab":"c"}"#,
            r#"{"a":["b","c"]}"#,
            r#"{"a":["bc"]}"#,
            r#"{"a":[["b"],"c"]}"#,
            r#"{"a":1}"#,
            r#"{"a":"1"}"#,
            r#"{"a":null}"#,
            r#"{"a":false}"#,
            r#"{"a":{}}"#,
            r#"{"a":[]}"#,
        ];
        let keys: std::collections::HashSet<Key> = distinct.iter().map(|t| key_of_json(0, &json(t))).collect();
        assert_eq!(keys.len(), distinct.len());
        assert_eq!(key_of_json(0, &json(r#"{"a":[1,"x"]}"#)), key_of_json(0, &json(r#"{"a":[1,"x"]}"#)));
    }

    #[test]
    fn fed_values_differ_whenever_what_tera_gets_differs() {
        #[derive(serde::Serialize)]
        struct View<'a> {
            title: &'a str,
            html: Option<&'a str>,
            items: Vec<(&'a str, u32)>,
        }
        let digest = |v: &View| {
            let mut w = KeyWriter::new(0);
            w.feed(v);
            w.finish()
        };
        let views = [
            View { title: "a", html: None, items: vec![] },
            View { title: "a", html: Some(""), items: vec![] },
            View { title: "", html: Some("a"), items: vec![] },
            View { title: "a", html: None, items: vec![("", 0)] },
            View { title: "a", html: None, items: vec![("", 1)] },
            View { title: "a", html: None, items: vec![("x", 0), ("", 0)] },
            View { title: "a", html: None, items: vec![("", 0), ("x", 0)] },
            View { title: "<p class=\"x\">", html: None, items: vec![] },
        ];
        let keys: std::collections::HashSet<Key> = views.iter().map(digest).collect();
        assert_eq!(keys.len(), views.len());
        assert_eq!(digest(&views[7]), digest(&View { title: "<p class=\"x\">", html: None, items: vec![] }));
    }
}
