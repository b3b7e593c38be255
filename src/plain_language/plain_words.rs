//! The lists of complex words and phrases with plainer ones: gloss ships
//! one per language (`plain_words.<lang>.yaml`, built into the binary) and a
//! site adds to its language's list, or gives a shipped term another
//! plainer word, in `content/plain_words.yaml` (`plain_words.es.yaml` for
//! its Spanish pages), in the same shape. Finding them in an entry's prose.

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use pulldown_cmark::{Event, Tag, TagEnd};

use super::detectors::{DefinitionCues, definition_cues, is_defined_at};
use crate::diagnostic::Diagnostic;
use crate::frontmatter;

/// The file under `content/` a site adds its own words in.
pub(crate) const PLAIN_WORDS_FILE: &str = "plain_words.yaml";

/// A site's own terms, each with its plainer word, as its file lists them.
pub(crate) type SiteWords = Vec<(String, String)>;

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
#[derive(Clone)]
pub(crate) struct PlainWords {
    terms: Vec<(String, String)>,
    /// For each pattern of the matcher, the term it finds.
    pattern_terms: Vec<usize>,
    matcher: AhoCorasick,
    /// How the list's language defines a term where it uses it.
    cues: &'static DefinitionCues,
}

/// The English list, read once.
static ENGLISH: LazyLock<PlainWords> = LazyLock::new(|| shipped(include_str!("plain_words.en.yaml"), "en"));

/// The Spanish list, read once.
static SPANISH: LazyLock<PlainWords> = LazyLock::new(|| shipped(include_str!("plain_words.es.yaml"), "es"));

fn shipped(yaml: &str, language: &str) -> PlainWords {
    // The shipped lists are tested to parse (see the tests below).
    let terms: std::collections::BTreeMap<String, String> = serde_yaml::from_str(yaml).unwrap_or_default();
    PlainWords::new(terms.into_iter().collect(), language)
}

/// The shipped list for a site language, if gloss has one: an English list
/// read against Spanish text would flag words that are plain in Spanish.
pub(crate) fn for_language(code: &str) -> Option<&'static PlainWords> {
    match code.split(['-', '_']).next().unwrap_or(code) {
        "en" => Some(&ENGLISH),
        "es" => Some(&SPANISH),
        _ => None,
    }
}

/// The list a site's entries are read against: the shipped list of its
/// language with the site's own words (which win over a shipped term of the
/// same spelling); `None` when there is neither.
pub(crate) fn for_site(code: &str, site: &[(String, String)]) -> Option<Cow<'static, PlainWords>> {
    let shipped = for_language(code);
    if site.is_empty() {
        return shipped.map(Cow::Borrowed);
    }
    let is_site_term = |term: &str| site.iter().any(|(own, _)| own.to_lowercase() == term.to_lowercase());
    let mut terms: Vec<(String, String)> =
        shipped.map(|list| list.terms.iter().filter(|(t, _)| !is_site_term(t)).cloned().collect()).unwrap_or_default();
    terms.extend(site.iter().cloned());
    Some(Cow::Owned(PlainWords::new(terms, code)))
}

impl PlainWords {
    /// A list of `(term, plainer word)` in `language`.
    fn new(terms: Vec<(String, String)>, language: &str) -> PlainWords {
        // The matcher folds ASCII letters only, so a term that starts with
        // another letter ("úlcera") is also looked for capitalised, as it is
        // at the start of a sentence.
        let mut patterns = Vec::with_capacity(terms.len());
        let mut pattern_terms = Vec::with_capacity(terms.len());
        for (i, (term, _)) in terms.iter().enumerate() {
            patterns.push(term.clone());
            pattern_terms.push(i);
            let mut chars = term.chars();
            if let Some(first) = chars.next().filter(|c| !c.is_ascii()) {
                let capital: String = first.to_uppercase().chain(chars).collect();
                if capital != *term {
                    patterns.push(capital);
                    pattern_terms.push(i);
                }
            }
        }
        // Leftmost-longest, so "prior to" is found whole rather than a
        // shorter term inside it.
        let matcher = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("a matcher of plain strings");
        PlainWords { terms, pattern_terms, matcher, cues: definition_cues(language) }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.terms.len()
    }

    /// The terms in `body[range]`, whole words only ("oral" is not in
    /// "choral"). Whether a use is defined is read in the body around it, as
    /// a text event may end at a quote mark ("\"Topical\" means ...").
    fn find_in(&self, body: &str, range: Range<usize>, found: &mut Vec<ComplexWord>) {
        let Some(text) = body.get(range.clone()) else { return };
        for m in self.matcher.find_iter(text) {
            let (start, end) = (range.start + m.start(), range.start + m.end());
            // A term defined where it is used ("erythema (redness)") is
            // taught there, which is what a plainer word would do.
            if is_whole_word(body, start, end) && !is_defined_at(body, start, end, self.cues) {
                let (term, plain) = &self.terms[self.pattern_terms[m.pattern().as_usize()]];
                found.push(ComplexWord { range: start..end, term: term.clone(), plain: plain.clone() });
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
                Event::Text(_) if in_code == 0 => self.find_in(body, range.clone(), &mut found),
                _ => {}
            }
        }
        found
    }
}

const SITE_HELP: &str = "write one word or phrase per line with the plainer word after the colon, \
                         as `utilize: use`";

/// Reads a site's `content/plain_words.yaml` (`path` relative to the site
/// root): terms and the plainer word to write for each.
pub(crate) fn parse_site(path: &Path, text: &str) -> Result<SiteWords, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    frontmatter::check_depth(path, text, text, 1)?;
    let map: Option<serde_yaml::Mapping> = serde_yaml::from_str(text).map_err(|e| {
        let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        let message = frontmatter::message_without_location(&e, 1);
        let message = if message.contains("invalid type") {
            "the file must be `word: plainer word` lines".to_string()
        } else {
            message
        };
        vec![
            Diagnostic::error(path, line, col, format!("plain words: {message}"))
                .with_help(SITE_HELP)
                .with_source(text),
        ]
    })?;
    let mut words = Vec::new();
    let mut diagnostics = Vec::new();
    for (key, value) in map.unwrap_or_default() {
        let term = match &key {
            serde_yaml::Value::String(s) => s.trim().to_string(),
            serde_yaml::Value::Number(n) => n.to_string(),
            _ => String::new(),
        };
        let line = key_line(text, &term);
        let problem = match (term.is_empty(), value) {
            (true, _) => "each line needs a word or phrase before the colon".to_string(),
            (false, serde_yaml::Value::String(plain)) if !plain.trim().is_empty() => {
                words.push((term, plain.trim().to_string()));
                continue;
            }
            (false, _) => format!("`{term}` needs the plainer word to write instead, after the colon"),
        };
        diagnostics.push(
            Diagnostic::error(path, line, 1, format!("plain words: {problem}")).with_help(SITE_HELP).with_source(text),
        );
    }
    if diagnostics.is_empty() { Ok(words) } else { Err(diagnostics) }
}

/// The line where `term` is a key, looked for only when it has a problem.
fn key_line(text: &str, term: &str) -> usize {
    let is_key = |l: &str| {
        let l = l.trim_start().trim_start_matches(['"', '\'']);
        !term.is_empty() && l.starts_with(term)
    };
    text.lines().position(is_key).map_or(1, |i| i + 1)
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

    fn spanish_terms_in(markdown: &str, list: &PlainWords) -> Vec<(String, String)> {
        let events: Vec<_> =
            pulldown_cmark::Parser::new_ext(markdown, crate::markdown::options()).into_offset_iter().collect();
        list.find(markdown, &events).into_iter().map(|w| (markdown[w.range].to_string(), w.plain)).collect()
    }

    #[test]
    fn the_shipped_lists_parse_and_are_long_enough() {
        for (yaml, list) in
            [(include_str!("plain_words.en.yaml"), &*ENGLISH), (include_str!("plain_words.es.yaml"), &*SPANISH)]
        {
            let read = parse_site(Path::new("shipped.yaml"), yaml).expect("a term: plainer word list, no term twice");
            assert!(read.len() >= 200, "{}", read.len());
            assert_eq!(list.len(), read.len());
        }
    }

    #[test]
    fn spanish_terms_are_found_capitalised_and_not_where_defined() {
        let found =
            spanish_terms_in("Úlcera y prurito. Previo a la visita, el eritema, es decir, enrojecimiento.", &SPANISH);
        assert_eq!(
            found,
            [
                ("Úlcera".into(), "llaga".into()),
                ("prurito".into(), "picazón".into()),
                ("Previo a".into(), "antes de".into())
            ]
        );
    }

    #[test]
    fn a_site_adds_words_and_gives_a_shipped_term_its_own_plainer_word() {
        let site =
            parse_site(Path::new("content/plain_words.yaml"), "zap: treat with a laser\nUtilize: use it\n").unwrap();
        let list = for_site("en", &site).unwrap();
        assert_eq!(list.len(), ENGLISH.len() + 1);
        let found = spanish_terms_in("Zap it. Utilize it. Erythema fades.", &list);
        assert_eq!(
            found,
            [
                ("Zap".into(), "treat with a laser".into()),
                ("Utilize".into(), "use it".into()),
                ("Erythema".into(), "redness".into())
            ]
        );
        assert!(for_site("fr", &[]).is_none());
        assert_eq!(for_site("fr", &site).unwrap().len(), 2);
    }

    #[test]
    fn a_bad_site_file_is_an_error_at_its_line() {
        let errors = parse_site(Path::new("content/plain_words.yaml"), "zap: laser\nfoo:\nbar: [a, b]\n").unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|d| d.line).collect();
        assert_eq!(lines, [2, 3], "{errors:?}");
        assert!(errors[0].message.contains("`foo` needs the plainer word"), "{errors:?}");
        let errors = parse_site(Path::new("content/plain_words.yaml"), "- zap\n- laser\n").unwrap_err();
        assert_eq!(errors.len(), 1);
    }

    #[test]
    fn finds_words_and_phrases_whatever_their_case() {
        assert_eq!(
            terms_in("Erythema is common. Wash it prior to bed."),
            [("Erythema".into(), "redness".into()), ("prior to".into(), "before".into())]
        );
    }

    #[test]
    fn a_quoted_term_defined_after_its_quote_mark_is_not_found() {
        assert!(terms_in("\"Erythema\" means redness.").is_empty());
        assert_eq!(terms_in("\"Erythema\" is common.").len(), 1);
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
