//! A cache for the results of pure functions, kept by the dev server
//! between rebuilds so that one saved entry does not re-parse, re-place and
//! re-render the whole site. It knows nothing of gloss's stages.
//!
//! A cached step is a function of one input value, and a `Table` keeps its
//! results under a digest of that value: the input is what the function
//! reads, so a digest that matches means the same result, and a rebuild is
//! always byte for byte what a full build gives. A stage asks for a result
//! through `Recall`; a one-off build passes `Fresh`, which computes every
//! result and digests nothing.
//!
//! Digests come from a value's `Serialize`, fed straight into a 128-bit
//! hasher (`digest`). A large value many inputs share (the site's link
//! table, the glossary) is wrapped in `Digested`, which digests it once and
//! stands for it by that digest inside other inputs.
//!
//! Each table keeps what the last build used and drops the rest when the
//! build ends (`Table::finish_build`), so memory stays at about one site's
//! worth.

use std::sync::Mutex;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::Xxh3;

/// A digest of a value, and so of everything a step reads.
type Digest = u128;

/// The digest of `value` (see [`KeyWriter::feed`]).
fn digest<T: serde::Serialize + ?Sized>(value: &T) -> Digest {
    let mut writer = KeyWriter::new();
    writer.feed(value);
    writer.finish()
}

/// How a stage gets the result of one of its pure steps: made now, or
/// recalled from an earlier build that had the same input.
pub(crate) trait Recall<V>: Sync {
    /// `make()`'s result, which must be a function of `input` alone.
    fn recall(&self, input: &dyn Input, make: &mut dyn FnMut() -> V) -> V;
}

/// A step's input, as [`Recall`] takes it: any value that serialises.
pub(crate) trait Input {
    fn digest(&self) -> Digest;
}

impl<T: serde::Serialize + ?Sized> Input for T {
    fn digest(&self) -> Digest {
        digest(self)
    }
}

/// Recalls nothing: every result is made, no input is digested (`gloss
/// build` and `check`).
pub(crate) struct Fresh;

impl<V> Recall<V> for Fresh {
    fn recall(&self, _: &dyn Input, make: &mut dyn FnMut() -> V) -> V {
        make()
    }
}

/// A value that many inputs share, digested once (on first need) and fed
/// into other digests as that digest. To anything else (tera, JSON) it
/// serialises as the value itself.
#[derive(Debug, Default)]
pub(crate) struct Digested<T> {
    value: T,
    digest: OnceLock<Digest>,
}

impl<T> Digested<T> {
    pub(crate) fn new(value: T) -> Self {
        Digested { value, digest: OnceLock::new() }
    }
}

impl<T> std::ops::Deref for Digested<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: serde::Serialize> serde::Serialize for Digested<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The digest's serializer is the one that is not human-readable.
        if serializer.is_human_readable() {
            self.value.serialize(serializer)
        } else {
            serializer.serialize_u128(*self.digest.get_or_init(|| digest(&self.value)))
        }
    }
}

/// Results by the digest of their input: those this build used, and those of
/// the build before that it has not (yet) asked for.
pub(crate) struct Table<V> {
    touched: AtomicBool,
    /// Results made (not recalled) since the last build ended.
    made: AtomicUsize,
    generations: Mutex<Generations<V>>,
}

struct Generations<V> {
    // Keys are digests already: hashing them again need not be strong.
    used: FxHashMap<Digest, V>,
    previous: FxHashMap<Digest, V>,
}

impl<V> Default for Table<V> {
    fn default() -> Self {
        Table {
            touched: AtomicBool::new(false),
            made: AtomicUsize::new(0),
            generations: Mutex::new(Generations { used: FxHashMap::default(), previous: FxHashMap::default() }),
        }
    }
}

impl<V: Clone + Send> Recall<V> for Table<V> {
    fn recall(&self, input: &dyn Input, make: &mut dyn FnMut() -> V) -> V {
        let key = input.digest();
        if let Some(value) = self.take(key) {
            return value;
        }
        let value = make();
        self.made.fetch_add(1, Ordering::Relaxed);
        self.lock().used.insert(key, value.clone());
        value
    }
}

impl<V: Clone> Table<V> {
    fn take(&self, key: Digest) -> Option<V> {
        self.touched.store(true, Ordering::Relaxed);
        let mut g = self.lock();
        if let Some(value) = g.used.get(&key) {
            return Some(value.clone());
        }
        let value = g.previous.remove(&key)?;
        g.used.insert(key, value.clone());
        Some(value)
    }
}

impl<V> Table<V> {
    /// Drops what the build that ends now did not use, and says how many
    /// results it made rather than recalled. A table the build
    /// never reached (it stopped early, at a broken `gloss.yaml`) keeps its
    /// values for the build that follows the fix.
    pub(crate) fn finish_build(&self) -> usize {
        let made = self.made.swap(0, Ordering::Relaxed);
        if self.touched.swap(false, Ordering::Relaxed) {
            let mut g = self.lock();
            g.previous = std::mem::take(&mut g.used);
        }
        made
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Generations<V>> {
        // A panic while the lock was held leaves the maps whole (each change
        // is one insert or remove), so a poisoned lock is still usable.
        self.generations.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A digest fed piece by piece: serialised values and strings with their
/// lengths.
///
/// Serialising feeds many pieces of a few bytes (tags, lengths, short
/// strings); they are gathered in a buffer and hashed in batches, since one
/// hasher call per piece costs more than the piece. Longer pieces (a body, a
/// page's HTML) go to the hasher as they are, rather than copied first.
struct KeyWriter {
    hasher: Xxh3,
    pending: Vec<u8>,
}

/// Bytes gathered before they are hashed.
const BATCH: usize = 4096;

/// Pieces this long are hashed where they are, not gathered.
const LONG: usize = 256;

impl KeyWriter {
    fn new() -> Self {
        KeyWriter { hasher: Xxh3::new(), pending: Vec::with_capacity(BATCH) }
    }

    /// Feeds any serialisable value: its structure (a tag for each kind of
    /// value, lengths of strings and sequences) and its strings and numbers
    /// as they are, without escaping them as JSON would.
    fn feed<T: serde::Serialize + ?Sized>(&mut self, value: &T) {
        // Only a value's own `Serialize` can fail (none of gloss's do); the
        // digest is then only one that never matches, which costs a result.
        let _ = value.serialize(DigestSerializer(self));
    }

    fn finish(&mut self) -> Digest {
        self.hasher.update(&self.pending);
        self.pending.clear();
        self.hasher.digest128()
    }

    /// Feeds `s` with its length, so that no two sequences of strings feed
    /// the same bytes.
    fn feed_str(&mut self, s: &str) {
        self.update(&(s.len() as u64).to_le_bytes());
        self.update(s.as_bytes());
    }

    fn update(&mut self, bytes: &[u8]) {
        if self.pending.len() + bytes.len() > BATCH || bytes.len() >= LONG {
            self.hasher.update(&self.pending);
            self.pending.clear();
            if bytes.len() >= LONG {
                self.hasher.update(bytes);
                return;
            }
        }
        self.pending.extend_from_slice(bytes);
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

/// A serde serializer into a digest (see [`KeyWriter::feed`]).
struct DigestSerializer<'w>(&'w mut KeyWriter);

#[derive(Debug)]
struct DigestError(String);

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

    /// Not human-readable: what lets [`Digested`] feed its digest, not its
    /// value.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// How many results `table` holds.
    fn held<V>(table: &Table<V>) -> usize {
        let g = table.lock();
        g.used.len() + g.previous.len()
    }

    /// Recalls `input` from `table`, counting the calls that made a value.
    fn recall(table: &Table<String>, input: &str, value: &str, made: &mut usize) -> String {
        table.recall(&input, &mut || {
            *made += 1;
            value.to_string()
        })
    }

    #[test]
    fn an_input_seen_before_recalls_its_value() {
        let table = Table::default();
        let mut made = 0;
        let a = recall(&table, "a", "A", &mut made);
        let again = recall(&table, "a", "other", &mut made);
        assert_eq!((a.as_str(), again.as_str(), made), ("A", "A", 1));
    }

    #[test]
    fn a_value_unused_for_a_whole_build_is_dropped() {
        let table = Table::default();
        recall(&table, "a", "A", &mut 0);
        recall(&table, "b", "B", &mut 0);
        table.finish_build();
        // The next build uses only "a"; "b" survives until that build ends.
        recall(&table, "a", "A", &mut 0);
        assert_eq!(held(&table), 2);
        table.finish_build();
        assert_eq!(held(&table), 1);
        let mut made = 0;
        recall(&table, "b", "B", &mut made);
        assert_eq!(made, 1, "b was dropped and made again");
    }

    #[test]
    fn a_table_a_build_never_reached_keeps_its_values() {
        let table = Table::default();
        recall(&table, "a", "A", &mut 0);
        table.finish_build();
        table.finish_build();
        assert_eq!(held(&table), 1);
    }

    #[test]
    fn fresh_makes_every_value_and_digests_nothing() {
        struct NoDigest;
        impl serde::Serialize for NoDigest {
            fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                unreachable!("Fresh digests no input")
            }
        }
        let mut made = 0;
        for _ in 0..2 {
            Fresh.recall(&NoDigest, &mut || made += 1);
        }
        assert_eq!(made, 2);
    }

    #[test]
    fn digests_differ_with_any_input() {
        assert_ne!(digest(&("entry", "a.md", b"x".as_slice())), digest(&("entry", "a.md", b"y".as_slice())));
        assert_ne!(digest(&("entry", "a.md")), digest(&("entry", "b.md")));
        let json = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
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
        let digests: std::collections::HashSet<Digest> = distinct.iter().map(|t| digest(&json(t))).collect();
        assert_eq!(digests.len(), distinct.len());
        assert_eq!(digest(&json(r#"{"a":[1,"x"]}"#)), digest(&json(r#"{"a":[1,"x"]}"#)));
    }

    #[test]
    fn fed_values_differ_whenever_what_tera_gets_differs() {
        #[derive(serde::Serialize)]
        struct View<'a> {
            title: &'a str,
            html: Option<&'a str>,
            items: Vec<(&'a str, u32)>,
        }
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
        let digests: std::collections::HashSet<Digest> = views.iter().map(digest).collect();
        assert_eq!(digests.len(), views.len());
    }

    #[test]
    fn a_digested_value_stands_for_itself_by_its_digest() {
        let big = Digested::new(vec!["page"; 3]);
        assert_eq!(digest(&("x", &big)), digest(&("x", digest(&vec!["page"; 3]))));
        assert_ne!(digest(&big), digest(&Digested::new(vec!["page"; 4])));
        assert_eq!(serde_json::to_string(&big).unwrap(), r#"["page","page","page"]"#, "tera gets the value");
    }
}
