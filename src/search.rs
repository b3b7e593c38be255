//! The search index: `search-index.js`, the data the theme's search box
//! looks through. It is a script that sets a global rather than JSON to be
//! fetched, because browsers refuse `fetch` from `file://` and the guide
//! must search offline from a USB stick too.
//!
//! Each entry is split at its headings, so a match can point into the entry
//! (`…/index.html#numbing-cream`). Each section keeps its words once, in
//! lowercase, without the commonest English words: enough to match word
//! prefixes as the patient types, at a fraction of the text's size.

use pulldown_cmark::{Event, Tag, TagEnd};
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::Serialize;

use crate::markdown::TocItem;
use crate::site::{self, Site};
use crate::structured_data::script_safe_json;

pub(crate) const SEARCH_INDEX_URL: &str = "search-index.js";

/// One entry in the index. Fields are declared in alphabetical order, which
/// serde keeps: the order of the published index.
#[derive(Serialize)]
struct Doc<'a> {
    /// The guide's title.
    g: &'a str,
    /// The summary.
    s: &'a str,
    sections: &'a [Section],
    /// The question.
    t: &'a str,
    /// Root-relative URL of the entry page.
    u: String,
}

/// A part of an entry under one heading. Fields in alphabetical order, as
/// [`Doc`]'s.
#[derive(Debug, Serialize)]
pub(crate) struct Section {
    /// The heading's id on the entry page ("" before the first heading).
    a: String,
    /// Heading text ("" before the first heading).
    h: String,
    /// Unique lowercase words, space-separated.
    w: String,
}

/// The whole index as a script, from each guide's docs ([`GuideDocs::write`]).
///
/// Made in one buffer sized up front (a byte more per guide than the
/// commas take), each guide's docs let go once they are in it: the index
/// holds every word of the site, and joining the docs and then formatting
/// the script around them would hold three copies of it at once.
pub(crate) fn search_index(guides: Vec<impl AsRef<str>>) -> String {
    // The words left out of the index, so the search box can skip them in a
    // query too ("is it painful" must still find the question).
    let stop = serde_json::to_string(STOP_WORDS).unwrap_or_default();
    const START: &str = "window.glossSearchIndex = {\"docs\":[";
    let end = format!("],\"stop\":{stop}}};\n");
    let docs_len: usize = guides.iter().map(|d| d.as_ref().len() + 1).sum();
    let mut index = String::with_capacity(START.len() + docs_len + end.len());
    index.push_str(START);
    for docs in guides.into_iter().filter(|d| !d.as_ref().is_empty()) {
        if index.len() > START.len() {
            index.push(',');
        }
        index.push_str(docs.as_ref());
    }
    index.push_str(&end);
    index
}

/// Guide `g`'s part of the index: one doc per entry.
#[derive(Serialize)]
pub(crate) struct GuideDocs<'a>(Vec<Doc<'a>>);

impl<'a> GuideDocs<'a> {
    /// `sections[e]` are the [`sections`] of entry `e` of guide `g`.
    pub(crate) fn new(site: &'a Site, g: usize, sections: &[&'a [Section]]) -> Self {
        let guide = &site.guides[g];
        let docs = guide
            .entries
            .iter()
            .zip(sections)
            .map(|(entry, &sections)| Doc {
                g: &guide.title,
                s: entry.doc.meta.summary.as_deref().unwrap_or(""),
                sections,
                t: &entry.title,
                u: site::entry_url(&guide.slug, &entry.slug),
            })
            .collect();
        GuideDocs(docs)
    }

    /// The docs, comma-separated, each as safe JSON. Written in parallel:
    /// the index holds every word of the site, and written on one thread it
    /// would keep the others waiting at the end of the build.
    pub(crate) fn write(&self) -> String {
        let docs: Vec<String> =
            self.0.par_iter().map(|doc| script_safe_json(&serde_json::to_string(doc).unwrap_or_default())).collect();
        docs.join(",")
    }
}

/// A body cut at its headings, from its parsed events; the k-th heading is
/// `toc[k]`, since both come from the same parse of the same text.
pub(crate) fn sections<'x, 'e: 'x>(events: impl IntoIterator<Item = &'x Event<'e>>, toc: &[TocItem]) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut heading: Option<String> = None;
    let mut text = String::new();
    let mut in_heading = false;
    let mut headings_seen = 0;
    let mut finish = |heading: Option<String>, text: &mut String, index: Option<usize>| {
        let words = unique_words(text);
        if heading.is_some() || !words.is_empty() {
            let anchor = index.and_then(|i| toc.get(i)).map(|t| t.id.clone()).unwrap_or_default();
            sections.push(Section { h: heading.unwrap_or_default(), a: anchor, w: words });
        }
        text.clear();
    };
    let mut current_index = None;
    for event in events {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                finish(heading.take(), &mut text, current_index);
                in_heading = true;
                heading = Some(String::new());
                current_index = Some(headings_seen);
                headings_seen += 1;
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) => {
                if in_heading {
                    heading.get_or_insert_with(String::new).push_str(t);
                } else {
                    text.push_str(t);
                    text.push(' ');
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    finish(heading, &mut text, current_index);
    sections
}

/// Words of two letters or more, lowercased, each once, in first-seen
/// order, without the commonest English words.
///
/// Every section of every entry goes through here, so the words are
/// lowercased into one buffer and looked up as slices of it with a fast
/// hasher, with no `String` per word. The stop words are a set made once,
/// not seeded into each section's set, which would cost more than the
/// section's own words.
fn unique_words(text: &str) -> String {
    let mut lowered = String::with_capacity(text.len());
    let mut ranges = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.chars().nth(1).is_none() {
            continue;
        }
        let start = lowered.len();
        if word.is_ascii() {
            lowered.push_str(word);
            lowered[start..].make_ascii_lowercase();
        } else {
            // `str::to_lowercase` knows context (a final sigma); chars alone do not.
            lowered.push_str(&word.to_lowercase());
        }
        ranges.push(start..lowered.len());
    }
    let mut seen: FxHashSet<&str> = FxHashSet::with_capacity_and_hasher(ranges.len(), Default::default());
    let mut words = String::with_capacity(lowered.len());
    for range in ranges {
        let word = &lowered[range];
        if !STOP_WORD_SET.contains(word) && seen.insert(word) {
            if !words.is_empty() {
                words.push(' ');
            }
            words.push_str(word);
        }
    }
    words
}

static STOP_WORD_SET: std::sync::LazyLock<FxHashSet<&str>> =
    std::sync::LazyLock::new(|| STOP_WORDS.iter().copied().collect());

/// Words nearly every answer has, which no search needs.
const STOP_WORDS: &[&str] = &[
    "the", "and", "to", "of", "a", "an", "in", "is", "it", "you", "your", "that", "this", "for", "on", "are", "be",
    "with", "as", "or", "can", "at", "by", "from", "if", "so", "but", "not", "they", "their", "there", "these",
    "those", "was", "were", "will", "may", "do", "does", "has", "have", "its", "we", "our", "us", "than", "then",
    "also", "into",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{LinkResolver, Parsed};

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn resolve(&self, dest: &str) -> Result<String, String> {
            Err(format!("no {dest}"))
        }
    }

    fn toc(ids: &[&str]) -> Vec<TocItem> {
        ids.iter().map(|id| TocItem { level: 2, id: id.to_string(), title: String::new() }).collect()
    }

    #[test]
    fn sections_split_at_headings_with_their_ids() {
        let body = "Before the Treatment, the cream.\n\n## Numbing cream\n\nIt numbs *the* skin. It numbs.\n\n## After\n\n- Redness\n";
        let s = sections(Parsed::new(body, &NoLinks, None).events(), &toc(&["numbing-cream", "after"]));
        assert_eq!(s.len(), 3);
        assert_eq!((s[0].h.as_str(), s[0].a.as_str(), s[0].w.as_str()), ("", "", "before treatment cream"));
        assert_eq!(
            (s[1].h.as_str(), s[1].a.as_str(), s[1].w.as_str()),
            ("Numbing cream", "numbing-cream", "numbs skin")
        );
        assert_eq!((s[2].h.as_str(), s[2].a.as_str(), s[2].w.as_str()), ("After", "after", "redness"));
    }

    #[test]
    fn words_are_unique_lowercase_and_unicode() {
        assert_eq!(
            unique_words("Scars, scars and SCARRING; Ça pique à 3-6 semaines."),
            "scars scarring ça pique semaines"
        );
    }
}
