//! The shipped lists of complex words and phrases with plainer ones
//! (`plain_words.<lang>.yaml`), and finding them in an entry's prose.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use pulldown_cmark::{Event, Tag, TagEnd};

use super::detectors::is_defined_at;

/// One complex word or phrase an entry uses, and where, in bytes of its body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ComplexWord {
    pub(crate) range: Range<usize>,
    /// The term as the list spells it.
    pub(crate) term: String,
    /// What to write instead.
    pub(crate) plain: String,
}

/// A list of terms with their plainer words, and a matcher for all of them.
pub(crate) struct PlainWords {
    terms: Vec<(String, String)>,
    matcher: AhoCorasick,
}

/// The English list, read once.
static ENGLISH: LazyLock<PlainWords> =
    LazyLock::new(|| PlainWords::parse(include_str!("plain_words.en.yaml")).expect("the shipped English list"));

/// The Spanish list, read once.
static SPANISH: LazyLock<PlainWords> =
    LazyLock::new(|| PlainWords::parse(include_str!("plain_words.es.yaml")).expect("the shipped Spanish list"));

/// The shipped list for a site language, if gloss has one: an English list
/// read against Spanish text would flag words that are plain in Spanish.
pub(crate) fn for_language(code: &str) -> Option<&'static PlainWords> {
    match code.split(['-', '_']).next().unwrap_or(code) {
        "en" => Some(&ENGLISH),
        "es" => Some(&SPANISH),
        _ => None,
    }
}

impl PlainWords {
    /// A list from YAML (`term: plainer word`, one a line).
    pub(crate) fn parse(yaml: &str) -> Result<PlainWords, String> {
        let map: std::collections::BTreeMap<String, String> = serde_yaml::from_str(yaml).map_err(|e| e.to_string())?;
        let terms: Vec<(String, String)> = map.into_iter().collect();
        // Leftmost-longest, so "prior to" is found whole rather than a
        // shorter term inside it.
        let matcher = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(terms.iter().map(|(term, _)| term))
            .map_err(|e| e.to_string())?;
        Ok(PlainWords { terms, matcher })
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.terms.len()
    }

    /// The terms in `text`, whole words only ("oral" is not in "choral"),
    /// with ranges offset by `base`.
    fn find_in(&self, text: &str, base: usize, found: &mut Vec<ComplexWord>) {
        for m in self.matcher.find_iter(text) {
            // A term defined where it is used ("erythema (redness)") is
            // taught there, which is what a plainer word would do.
            if is_whole_word(text, m.start(), m.end()) && !is_defined_at(text, m.start(), m.end()) {
                let (term, plain) = &self.terms[m.pattern().as_usize()];
                found.push(ComplexWord {
                    range: base + m.start()..base + m.end(),
                    term: term.clone(),
                    plain: plain.clone(),
                });
            }
        }
    }

    /// The terms a patient reads in a body: its text, headings included,
    /// but not code, raw HTML or link addresses, from the body's events
    /// with their byte ranges.
    pub(crate) fn find<'e>(&self, body: &str, events: &[(Event<'e>, Range<usize>)]) -> Vec<ComplexWord> {
        let mut found = Vec::new();
        let mut in_code = 0usize;
        for (event, range) in events {
            match event {
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => in_code += 1,
                Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                    in_code = in_code.saturating_sub(1)
                }
                Event::Text(_) if in_code == 0 => {
                    if let Some(source) = body.get(range.clone()) {
                        self.find_in(source, range.start, &mut found);
                    }
                }
                _ => {}
            }
        }
        found
    }
}

/// Whether `text[start..end]` is neither preceded nor followed by a letter,
/// digit or hyphen, so a term is found only as a word of its own.
pub(crate) fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let joins = |c: char| c.is_alphanumeric() || c == '-';
    !text[..start].chars().next_back().is_some_and(joins) && !text[end..].chars().next().is_some_and(joins)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms_in(markdown: &str) -> Vec<(String, String)> {
        let events: Vec<_> =
            pulldown_cmark::Parser::new_ext(markdown, crate::markdown::options()).into_offset_iter().collect();
        ENGLISH.find(markdown, &events).into_iter().map(|w| (markdown[w.range].to_string(), w.plain)).collect()
    }

    #[test]
    fn the_shipped_lists_parse_and_are_long_enough() {
        assert!(ENGLISH.len() >= 200, "{}", ENGLISH.len());
        let spanish = PlainWords::parse(include_str!("plain_words.es.yaml")).unwrap();
        assert!(spanish.len() >= 20);
    }

    #[test]
    fn finds_words_and_phrases_whatever_their_case() {
        assert_eq!(
            terms_in("Erythema is common. Wash it prior to bed."),
            [("Erythema".into(), "redness".into()), ("prior to".into(), "before".into())]
        );
    }

    #[test]
    fn finds_whole_words_only() {
        assert!(terms_in("Edematous skin and non-topical-ish words; terminated.").is_empty());
    }

    #[test]
    fn leaves_out_code_and_link_addresses() {
        assert!(terms_in("```\nutilize\n```\n\n`utilize` and [a](https://x.example/utilize)\n").is_empty());
        assert_eq!(terms_in("## Edema\n\n- [utilize](x.md)\n").len(), 2);
    }
}
