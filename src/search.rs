//! The search index: `search-index.js`, the data the theme's search box
//! looks through. It is a script that sets a global rather than JSON to be
//! fetched, because browsers refuse `fetch` from `file://` and the guide
//! must search offline from a USB stick too.
//!
//! Each entry is split at its headings, so a match can point into the entry
//! (`…/index.html#numbing-cream`). Each section keeps its words once, in
//! lowercase, without the commonest English words: enough to match word
//! prefixes as the patient types, at a fraction of the text's size.

use std::collections::HashSet;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::markdown::{self, TocItem};
use crate::site::{self, Site};
use crate::structured_data::script_safe;

pub const SEARCH_INDEX_URL: &str = "search-index.js";

#[derive(Serialize)]
struct Doc<'a> {
    /// The question.
    t: &'a str,
    /// Root-relative URL of the entry page.
    u: String,
    /// The guide's title.
    g: &'a str,
    /// The summary.
    s: &'a str,
    sections: Vec<Section>,
}

#[derive(Serialize)]
struct Section {
    /// Heading text ("" before the first heading).
    h: String,
    /// The heading's id on the entry page ("" before the first heading).
    a: String,
    /// Unique lowercase words, space-separated.
    w: String,
}

/// The whole index as a script. `tocs[g][e]` are the headings of entry `e`
/// of guide `g` as rendered on its page, whose ids the sections link to.
pub fn search_index(site: &Site, tocs: &[Vec<&[TocItem]>]) -> String {
    let mut docs = Vec::new();
    for (g, guide) in site.guides.iter().enumerate() {
        for (e, entry) in guide.entries.iter().enumerate() {
            let toc = tocs.get(g).and_then(|t| t.get(e)).copied().unwrap_or(&[]);
            docs.push(Doc {
                t: &entry.title,
                u: site::entry_url(&guide.slug, &entry.slug),
                g: &guide.title,
                s: entry.doc.meta.summary.as_deref().unwrap_or(""),
                sections: sections(entry.doc.body(), toc),
            });
        }
    }
    // The words left out of the index, so the search box can skip them in a
    // query too ("is it painful" must still find the question).
    let json = script_safe(&serde_json::json!({ "docs": docs, "stop": STOP_WORDS }));
    format!("window.glossSearchIndex = {json};\n")
}

/// The body cut at its headings; the k-th heading is `toc[k]`, since both
/// come from the same parse of the same text.
fn sections(body: &str, toc: &[TocItem]) -> Vec<Section> {
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
    for event in Parser::new_ext(body, markdown::options()) {
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
                    heading.get_or_insert_with(String::new).push_str(&t);
                } else {
                    text.push_str(&t);
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
fn unique_words(text: &str) -> String {
    let mut seen = HashSet::new();
    let mut words = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() > 1) {
        let word = word.to_lowercase();
        if !STOP_WORDS.contains(&word.as_str()) && seen.insert(word.clone()) {
            words.push(word);
        }
    }
    words.join(" ")
}

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

    fn toc(ids: &[&str]) -> Vec<TocItem> {
        ids.iter().map(|id| TocItem { level: 2, id: id.to_string(), title: String::new() }).collect()
    }

    #[test]
    fn sections_split_at_headings_with_their_ids() {
        let body = "Before the Treatment, the cream.\n\n## Numbing cream\n\nIt numbs *the* skin. It numbs.\n\n## After\n\n- Redness\n";
        let s = sections(body, &toc(&["numbing-cream", "after"]));
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
