//! The search index's content: each entry split at its headings, so that a
//! match can point into the entry (`…/index.html#numbing-cream`), each part
//! with its terms (folded and stemmed words, [`words`]) to match a query
//! against and its text to show an excerpt from; each entry with its topics
//! for the search box's filter. Guide by guide these become a
//! [`GuideIndex`] (display data and postings), which [`shards`] writes as
//! the small `<script>` files the search box loads as a query needs them.
//! [`IndexWords`] gathers what the whole index carries besides: the
//! language's stemmer and stop words, the patient-words [`synonyms`], and
//! the site's vocabulary (each word whose stem differs from it, with its
//! stem), which the search box corrects typos and completes prefixes
//! against.

pub(crate) mod shards;
pub(crate) mod synonyms;
pub(crate) mod words;

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Tag, TagEnd};
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::markdown::TocItem;
use crate::site::{self, Site};
use crate::structured_data::script_safe_json;
pub(crate) use shards::{GuideIndex, Shards, folder};
use shards::{GuideTerms, Place};
pub(crate) use words::Language;

/// The index's manifest, the script the search box loads first, for a site
/// whose `language:` is `language_tag`.
pub(crate) fn index_url(language_tag: &str) -> String {
    format!("{}manifest.js", folder(language_tag))
}

/// One entry's search data, what its part of the index is made from (and,
/// serialised, what the dev server recalls the guide's part by).
#[derive(Serialize)]
struct Doc<'a> {
    /// The guide's title.
    g: &'a str,
    /// The question's terms.
    k: String,
    /// The summary's terms.
    m: String,
    /// The entry's topics, by name (for the search box's topic filter).
    o: Vec<&'a str>,
    /// The summary.
    s: &'a str,
    sections: &'a [Section],
    /// The question.
    t: &'a str,
    /// Root-relative URL of the entry page.
    u: String,
    /// Words of the question and summary whose stem differs from them,
    /// space-separated: their part of the index's vocabulary.
    #[serde(skip)]
    vocabulary: String,
}

/// A part of an entry under one heading.
#[derive(Debug, Serialize)]
pub(crate) struct Section {
    /// The heading's id on the entry page ("" before the first heading).
    a: String,
    /// Heading text ("" before the first heading).
    h: String,
    /// The heading's terms.
    k: String,
    /// The text's terms.
    w: String,
    /// The text, for excerpts.
    x: String,
    /// Words of the heading and text whose stem differs from them,
    /// space-separated: this section's part of the index's vocabulary.
    #[serde(skip)]
    vocabulary: String,
}

/// What the whole index carries besides the guides' docs.
pub(crate) struct IndexWords {
    pub(crate) language: Language,
    /// Folded, stemmed patient words → the stems they also find.
    pub(crate) synonyms: BTreeMap<String, Vec<String>>,
    /// Word → stem, for words whose stem differs from them.
    pub(crate) vocabulary: FxHashMap<String, String>,
}

impl IndexWords {
    pub(crate) fn new(language: Language, site_synonyms: &synonyms::Synonyms) -> Self {
        IndexWords {
            language,
            synonyms: synonyms::index_map(language, site_synonyms),
            vocabulary: FxHashMap::default(),
        }
    }

    /// Adds the words of a guide's questions, summaries and sections.
    pub(crate) fn add_guide(&mut self, docs: &GuideDocs) {
        let of_docs = docs.0.iter().map(|doc| doc.vocabulary.as_str());
        let of_sections = docs.0.iter().flat_map(|doc| doc.sections).map(|s| s.vocabulary.as_str());
        for word in of_docs.chain(of_sections).flat_map(|w| w.split(' ')) {
            if !word.is_empty() && !self.vocabulary.contains_key(word) {
                self.vocabulary.insert(word.to_string(), self.language.stem(word));
            }
        }
    }
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    script_safe_json(&serde_json::to_string(value).unwrap_or_else(|_| "null".into()))
}

/// Guide `g`'s part of the index: one doc per entry.
#[derive(Serialize)]
pub(crate) struct GuideDocs<'a>(Vec<Doc<'a>>);

impl<'a> GuideDocs<'a> {
    /// `sections[e]` are the [`sections`] of entry `e` of guide `g`.
    pub(crate) fn new(site: &'a Site, g: usize, sections: &[&'a [Section]], language: Language) -> Self {
        let guide = &site.guides[g];
        let docs = guide
            .entries
            .iter()
            .zip(sections)
            .map(|(entry, &sections)| {
                let summary = entry.doc.meta.summary.as_deref().unwrap_or("");
                let mut vocabulary = String::new();
                Doc {
                    g: &guide.title,
                    k: language.terms(&entry.title, &mut vocabulary),
                    m: language.terms(summary, &mut vocabulary),
                    o: entry.topics.iter().map(|&t| site.topics[t].name.as_str()).collect(),
                    s: summary,
                    sections,
                    t: &entry.title,
                    u: site::entry_url(&guide.slug, &entry.slug),
                    vocabulary,
                }
            })
            .collect();
        GuideDocs(docs)
    }

    /// The guide's part of the sharded index: each doc's display data and
    /// its terms' postings.
    pub(crate) fn index(&self) -> GuideIndex {
        let mut docs = Vec::with_capacity(self.0.len());
        let mut terms = GuideTerms::default();
        for (d, doc) in self.0.iter().enumerate() {
            let d = d as u32;
            let view = DocView {
                s: doc.s,
                t: doc.t,
                u: &doc.u,
                x: doc.sections.iter().map(|s| (s.a.as_str(), s.h.as_str(), s.x.as_str())).collect(),
            };
            docs.push(json(&view));
            terms.topics.push(doc.o.iter().map(|t| t.to_string()).collect());
            terms.add_terms(d, &doc.k, Place::Question);
            terms.add_terms(d, &doc.m, Place::Summary);
            for section in doc.sections {
                terms.add_terms(d, &section.k, Place::Heading);
                terms.add_terms(d, &section.w, Place::Text);
            }
        }
        GuideIndex { docs, terms: std::sync::Arc::new(terms) }
    }
}

/// What a result shows of a doc (a `d/` shard's item). Fields are declared
/// in alphabetical order, which serde keeps: the order in the shard.
#[derive(Serialize)]
struct DocView<'a> {
    /// The summary.
    s: &'a str,
    /// The question.
    t: &'a str,
    /// Root-relative URL of the entry page.
    u: &'a str,
    /// Each section's anchor, heading and text: the search box finds the
    /// section to link to and quote by stemming the query's words in them,
    /// for the few results shown, rather than every doc carrying its terms.
    x: Vec<(&'a str, &'a str, &'a str)>,
}

/// A body cut at its headings, from its parsed events; the k-th heading is
/// `toc[k]`, since both come from the same parse of the same text.
pub(crate) fn sections<'x, 'e: 'x>(
    events: impl IntoIterator<Item = &'x Event<'e>>,
    toc: &[TocItem],
    language: Language,
) -> Vec<Section> {
    let mut sections = Vec::new();
    let mut heading: Option<String> = None;
    let mut text = String::new();
    let mut in_heading = false;
    let mut headings_seen = 0;
    let mut finish = |heading: Option<String>, text: &mut String, index: Option<usize>| {
        let mut vocabulary = String::new();
        let words = language.terms(text, &mut vocabulary);
        if heading.is_some() || !words.is_empty() {
            let anchor = index.and_then(|i| toc.get(i)).map(|t| t.id.clone()).unwrap_or_default();
            let h = heading.unwrap_or_default();
            let k = language.terms(&h, &mut vocabulary);
            let mut x = String::with_capacity(text.len());
            for word in text.split_whitespace() {
                words::push_word(&mut x, word);
            }
            sections.push(Section { h, a: anchor, k, w: words, x, vocabulary });
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
        let toc = toc(&["numbing-cream", "after"]);
        let s = sections(Parsed::new(body, &NoLinks, None).events(), &toc, Language::English);
        assert_eq!(s.len(), 3);
        assert_eq!((s[0].h.as_str(), s[0].a.as_str(), s[0].w.as_str()), ("", "", "befor treatment cream"));
        assert_eq!(s[0].x, "Before the Treatment, the cream.");
        assert_eq!(
            (s[1].h.as_str(), s[1].a.as_str(), s[1].k.as_str(), s[1].w.as_str()),
            ("Numbing cream", "numbing-cream", "numb cream", "numb skin")
        );
        assert_eq!((s[2].h.as_str(), s[2].a.as_str(), s[2].w.as_str()), ("After", "after", "red"));
    }

    #[test]
    fn words_are_folded_to_lowercase_without_accents() {
        let mut vocabulary = String::new();
        assert_eq!(
            Language::Other.terms("Scars, SCARS; Ça pique à 3-6 semaines.", &mut vocabulary),
            "scars ca pique semaines"
        );
    }
}
