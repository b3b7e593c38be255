//! The search index as shards: small `<script>` files the search box adds
//! one by one as a query needs them, so a first query at any site size
//! loads a few tens of kilobytes, never every word of the site, and still
//! works from `file://` (scripts load from disk where `fetch` is refused).
//!
//! All live in one folder per language, `search/<code>/`, named relative to
//! its manifest so the folder can sit at any index location:
//! - `manifest.js`: the stemmer's name, stop words, synonyms, the guides
//!   (name, first doc) and topics for the filters, and the first key of each
//!   vocabulary and postings shard, which the search box finds a word's
//!   shard by;
//! - `v/<n>.js`: the vocabulary, words in sorted order, each with its stem
//!   and how many docs have that stem (prefixes and typos are completed and
//!   corrected against it, the commonest first);
//! - `p/<n>.js`: postings, stems in sorted order, each with the docs (and
//!   where in them: question, summary, a section's heading or text) it is in;
//! - `d/<n>.js`: what a result shows, a few docs each: title, URL, summary,
//!   sections (anchor, heading, text for the excerpt); loaded for the
//!   results shown only;
//! - `o/<n>.js`: the docs of topic `n`, loaded when the topic filter is used.
//!
//! Each shard sets `window.glossSearch[<path in the folder>]`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::IndexWords;
use crate::structured_data::script_safe_json;

/// Docs per `d/` shard: a result list of eight loads at most eight of them.
const DOCS_PER_SHARD: usize = 4;
/// Bytes a `p/` shard grows to before the next starts (a stem in more docs
/// than that is a shard of its own).
const POSTINGS_SHARD_BYTES: usize = 12_000;
/// Bytes a `v/` shard grows to before the next starts.
const VOCABULARY_SHARD_BYTES: usize = 8_000;

/// Where a stem is in a doc: a stem's postings are one set of docs per place.
#[derive(Clone, Copy)]
pub(crate) enum Place {
    Text = 0,
    Summary = 1,
    Heading = 2,
    Question = 3,
}

/// One guide's part of the index, made once per guide (and recalled by the
/// dev server while its entries stay the same).
#[derive(Default)]
pub(crate) struct GuideIndex {
    /// Each doc's display data, as script-safe JSON: the guide's `d/`
    /// shards, made as soon as the guide is done.
    pub(crate) docs: Vec<String>,
    /// What the other shards need of the guide, kept until every guide is in.
    pub(crate) terms: Arc<GuideTerms>,
}

/// A guide's topics and postings.
#[derive(Default)]
pub(crate) struct GuideTerms {
    /// Each doc's topics, by name.
    pub(crate) topics: Vec<Vec<String>>,
    /// Stem → (doc in this guide, place) for each place it is in, the docs
    /// ascending.
    pub(crate) postings: FxHashMap<String, Vec<(u32, u8)>>,
}

impl GuideTerms {
    /// Notes that doc `doc` has each of the space-separated `terms` at `place`.
    pub(crate) fn add_terms(&mut self, doc: u32, terms: &str, place: Place) {
        for term in terms.split(' ').filter(|t| !t.is_empty()) {
            let posting = (doc, place as u8);
            match self.postings.get_mut(term) {
                Some(list) if list.last() == Some(&posting) => {}
                Some(list) => list.push(posting),
                None => {
                    self.postings.insert(term.to_string(), vec![posting]);
                }
            }
        }
    }
}

/// The folder of a site language's shards, relative to the index location:
/// `search/en/` for `language: en-GB`.
pub(crate) fn folder(language_tag: &str) -> String {
    let code: String = language_tag
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    format!("search/{}/", if code.is_empty() { "und" } else { &code })
}

/// The index's shards, `(path, script)` with paths under the folder, made
/// guide by guide: a guide's `d/` shards as soon as it is added, so that
/// what is held until the end is each guide's [`GuideTerms`], not the text
/// of every doc; the rest once every guide is in ([`Shards::finish`]).
pub(crate) struct Shards {
    folder: String,
    /// Docs added so far.
    doc_total: u32,
    /// The docs of the `d/` shard not yet full, comma-separated (the
    /// shard's array without its brackets), and how many they are.
    unfinished: String,
    unfinished_docs: usize,
    /// Each guide's title, first doc and terms.
    guides: Vec<(String, u32, Arc<GuideTerms>)>,
}

impl Shards {
    pub(crate) fn new(folder: String) -> Self {
        Shards { folder, doc_total: 0, unfinished: String::new(), unfinished_docs: 0, guides: Vec::new() }
    }

    /// Adds the next guide; returns the `d/` shards its docs fill.
    pub(crate) fn add_guide(&mut self, title: &str, guide: &GuideIndex) -> Vec<(String, String)> {
        self.guides.push((title.to_string(), self.doc_total, guide.terms.clone()));
        let mut files = Vec::new();
        for doc in &guide.docs {
            if self.unfinished_docs > 0 {
                self.unfinished.push(',');
            }
            self.unfinished.push_str(doc);
            self.unfinished_docs += 1;
            self.doc_total += 1;
            if self.unfinished_docs == DOCS_PER_SHARD {
                files.push(self.docs_shard());
            }
        }
        files
    }

    /// The `d/` shard of the docs not yet in one, the last of them.
    fn docs_shard(&mut self) -> (String, String) {
        let n = (self.doc_total as usize - 1) / DOCS_PER_SHARD;
        let file = shard(&self.folder, &format!("d/{n}.js"), &format!("[{}]", self.unfinished));
        self.unfinished.clear();
        self.unfinished_docs = 0;
        file
    }

    /// The shards besides the full `d/` ones: the last `d/` shard, the
    /// topics', postings' and vocabulary shards and the manifest.
    pub(crate) fn finish(mut self, words: &IndexWords) -> Vec<(String, String)> {
        let mut files = Vec::new();
        if self.unfinished_docs > 0 {
            files.push(self.docs_shard());
        }
        let folder = self.folder.as_str();
        let mut topic_docs: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        for (_, first, terms) in &self.guides {
            for (d, topics) in terms.topics.iter().enumerate() {
                for topic in topics {
                    topic_docs.entry(topic).or_default().push(first + d as u32);
                }
            }
        }
        for (n, list) in topic_docs.values().enumerate() {
            files.push(shard(folder, &format!("o/{n}.js"), &json(list)));
        }
        let guides: Vec<(u32, &GuideTerms)> = self.guides.iter().map(|(_, first, terms)| (*first, &**terms)).collect();
        let (postings_keys, doc_counts) = postings_shards(folder, &guides, self.doc_total as usize, &mut files);
        let vocabulary_keys = vocabulary_shards(folder, words, &doc_counts, &mut files);
        let guide_starts: Vec<(&str, u32)> =
            self.guides.iter().map(|(title, first, _)| (title.as_str(), *first)).collect();
        let manifest = format!(
            "{{\"docs\":{},\"guides\":{},\"perShard\":{},\"postings\":{},\"stemmer\":{},\"stop\":{},\"synonyms\":{},\"topics\":{},\"vocabulary\":{}}}",
            self.doc_total,
            json(&guide_starts),
            DOCS_PER_SHARD,
            json(&postings_keys),
            json(&words.language.stemmer_name()),
            json(words.language.stop_words()),
            json(&words.synonyms),
            json(&topic_docs.keys().collect::<Vec<_>>()),
            json(&vocabulary_keys),
        );
        files.push(shard(folder, "manifest.js", &manifest));
        files
    }
}

/// Writes the `p/` shards of every stem of `guides` (each guide's first
/// doc and terms); returns the first stem of each shard, and each stem's
/// number of docs. A stem's postings are four sets of docs, `[question,
/// summary, heading, text]`, each in the shorter of two forms: `"#"` and a
/// bitmap of every doc (base64, doc 0 the first byte's high bit), for a stem
/// in many docs, or the docs ascending as base36 differences from the one
/// before, comma separated, for a stem in few.
fn postings_shards<'g>(
    folder: &str,
    guides: &[(u32, &'g GuideTerms)],
    doc_total: usize,
    files: &mut Vec<(String, String)>,
) -> (Vec<String>, FxHashMap<&'g str, usize>) {
    let stems: BTreeSet<&str> =
        guides.iter().flat_map(|(_, terms)| terms.postings.keys().map(String::as_str)).collect();
    let mut keys = Vec::new();
    let mut doc_counts = FxHashMap::default();
    let mut body = String::new();
    for stem in stems {
        let mut places: [Vec<u32>; 4] = Default::default();
        for (first, terms) in guides {
            for &(d, place) in terms.postings.get(stem).map(Vec::as_slice).unwrap_or_default() {
                places[place as usize].push(first + d);
            }
        }
        let mut docs: Vec<u32> = places.concat();
        docs.sort_unstable();
        docs.dedup();
        doc_counts.insert(stem, docs.len());
        let sets: Vec<String> = [Place::Question, Place::Summary, Place::Heading, Place::Text]
            .iter()
            .map(|&place| {
                let docs = &mut places[place as usize];
                docs.dedup();
                doc_set(docs, doc_total)
            })
            .collect();
        if body.len() >= POSTINGS_SHARD_BYTES {
            finish_shard(folder, "p", &mut keys, &mut body, files);
        }
        if body.is_empty() {
            keys.push(stem.to_string());
        } else {
            body.push(',');
        }
        body.push_str(&json(stem));
        body.push(':');
        body.push_str(&json(&sets));
    }
    finish_shard(folder, "p", &mut keys, &mut body, files);
    (keys, doc_counts)
}

/// `docs` (ascending, of `doc_total`) in the shorter of a posting set's
/// two forms.
pub(crate) fn doc_set(docs: &[u32], doc_total: usize) -> String {
    use base64::Engine;
    let bitmap_len = doc_total.div_ceil(8).div_ceil(3) * 4 + 1;
    let mut list = String::new();
    let mut previous = 0;
    for &doc in docs {
        if !list.is_empty() {
            list.push(',');
        }
        push_base36(&mut list, doc - previous);
        previous = doc;
        // Once the list is the longer form, the bitmap is written instead:
        // a stem in most docs is not listed to the end first.
        if list.len() > bitmap_len {
            let mut bits = vec![0u8; doc_total.div_ceil(8)];
            for &doc in docs {
                bits[doc as usize / 8] |= 0x80 >> (doc % 8);
            }
            // `#`, which no list of base36 numbers starts with.
            return format!("#{}", base64::engine::general_purpose::STANDARD.encode(bits));
        }
    }
    list
}

/// Adds `n` in base 36 to `out`.
fn push_base36(out: &mut String, mut n: u32) {
    // u32::MAX has 7 digits in base 36.
    let mut digits = ['0'; 7];
    let mut first = digits.len();
    loop {
        first -= 1;
        digits[first] = char::from_digit(n % 36, 36).unwrap_or('0');
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.extend(&digits[first..]);
}

/// Writes the `v/` shards; returns the first word of each. Every word the
/// index has (and every stem, as a word of its own) is `[word, docs]`, or
/// `[word, docs, stem]` when its stem differs.
fn vocabulary_shards(
    folder: &str,
    words: &IndexWords,
    doc_counts: &FxHashMap<&str, usize>,
    files: &mut Vec<(String, String)>,
) -> Vec<String> {
    let mut all: BTreeMap<&str, &str> = doc_counts.keys().map(|s| (*s, *s)).collect();
    for (word, stem) in &words.vocabulary {
        all.insert(word, stem);
    }
    let mut keys = Vec::new();
    let mut body = String::new();
    for (word, stem) in all {
        let docs = doc_counts.get(stem).copied().unwrap_or(0);
        if docs == 0 {
            continue;
        }
        if body.len() >= VOCABULARY_SHARD_BYTES {
            finish_shard(folder, "v", &mut keys, &mut body, files);
        }
        if body.is_empty() {
            keys.push(word.to_string());
        } else {
            body.push(',');
        }
        if word == stem {
            body.push_str(&json(&(word, docs)));
        } else {
            body.push_str(&json(&(word, docs, stem)));
        }
    }
    finish_shard(folder, "v", &mut keys, &mut body, files);
    keys
}

/// Writes `body` as shard `<kind>/<n>.js`, `n` the number of the last key.
fn finish_shard(folder: &str, kind: &str, keys: &mut [String], body: &mut String, files: &mut Vec<(String, String)>) {
    if body.is_empty() {
        return;
    }
    let n = keys.len() - 1;
    let data = if kind == "p" { format!("{{{body}}}") } else { format!("[{body}]") };
    files.push(shard(folder, &format!("{kind}/{n}.js"), &data));
    body.clear();
}

/// A shard's script: `name`'s data into `window.glossSearch`.
fn shard(folder: &str, name: &str, data: &str) -> (String, String) {
    let script = format!("(window.glossSearch=window.glossSearch||{{}})[{}]={data};\n", json(name));
    (format!("{folder}{name}"), script)
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    script_safe_json(&serde_json::to_string(value).unwrap_or_else(|_| "null".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_doc_set_is_a_bitmap_only_when_that_is_shorter_and_never_reads_as_a_list() {
        // Doc 11 alone is "b" in base36: a bitmap's mark must not be a digit.
        assert_eq!(doc_set(&[11], 1000), "b");
        assert_eq!(doc_set(&[11, 12, 47], 1000), "b,1,z");
        // Differences of more than one base-36 digit: 36 and 36².
        assert_eq!(doc_set(&[36, 1332], 100_000), "10,100");
        let every: Vec<u32> = (0..16).collect();
        assert_eq!(doc_set(&every, 16), "#//8=");
    }
}
