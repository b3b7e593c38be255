//! How search sees a word: folded (lowercase, accents off) and stemmed with
//! the Snowball stemmer of the site's language, so that "Painful", "pains"
//! and "pain" are one term. The search box folds and stems a query the same
//! way with Snowball's own JavaScript of the same algorithm (the theme's
//! `snowball/` scripts), so a word and its query meet on the same stem.

use std::borrow::Cow;
use std::cell::RefCell;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};
use unicode_normalization::UnicodeNormalization;

/// The word rules of one site language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub(crate) enum Language {
    English,
    Spanish,
    /// A language gloss has no stemmer for: words are folded only.
    Other,
}

impl Language {
    /// From `language:` in gloss.yaml ("en", "en-GB", "es").
    pub(crate) fn of(tag: &str) -> Language {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "en" => Language::English,
            "es" => Language::Spanish,
            _ => Language::Other,
        }
    }

    /// The Snowball algorithm's name, as the theme's stemmer scripts are
    /// named (`snowball/english-stemmer.js`); `None` when words are not stemmed.
    pub(crate) fn stemmer_name(self) -> Option<&'static str> {
        match self {
            Language::English => Some("english"),
            Language::Spanish => Some("spanish"),
            Language::Other => None,
        }
    }

    fn algorithm(self) -> Option<Algorithm> {
        match self {
            Language::English => Some(Algorithm::English),
            Language::Spanish => Some(Algorithm::Spanish),
            Language::Other => None,
        }
    }

    /// Words nearly every answer has, which no search needs: left out of the
    /// index, and out of a query.
    pub(crate) fn stop_words(self) -> &'static [&'static str] {
        match self {
            Language::Spanish => SPANISH_STOP_WORDS,
            Language::English | Language::Other => ENGLISH_STOP_WORDS,
        }
    }

    fn is_stop_word(self, word: &str) -> bool {
        match self {
            Language::Spanish => SPANISH_STOP_SET.contains(word),
            Language::English | Language::Other => ENGLISH_STOP_SET.contains(word),
        }
    }

    /// The stem of a folded word. Stems are remembered per thread: a site
    /// repeats its words, and a stem looked up costs less than one made.
    pub(crate) fn stem(self, folded: &str) -> String {
        let Some(algorithm) = self.algorithm() else {
            return folded.to_string();
        };
        thread_local! {
            static STEMS: RefCell<FxHashMap<(Language, String), String>> = RefCell::default();
            static STEMMERS: RefCell<FxHashMap<Language, Stemmer>> = RefCell::default();
        }
        STEMS.with(|stems| {
            let key = (self, folded.to_string());
            if let Some(stem) = stems.borrow().get(&key) {
                return stem.clone();
            }
            let stem = STEMMERS.with(|stemmers| {
                stemmers
                    .borrow_mut()
                    .entry(self)
                    .or_insert_with(|| Stemmer::create(algorithm))
                    .stem(folded)
                    .into_owned()
            });
            stems.borrow_mut().insert(key, stem.clone());
            stem
        })
    }

    /// The terms of `text`: each word of two letters or more that is not a
    /// stop word, folded and stemmed, each stem once, in first-seen order,
    /// space-separated. Each word whose stem differs from it goes into
    /// `vocabulary` (word → stem) for the search box's typo and prefix
    /// matching.
    pub(crate) fn terms(self, text: &str, vocabulary: &mut Vec<(String, String)>) -> String {
        let folded = fold(text);
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        let mut stems: FxHashSet<String> = FxHashSet::default();
        let mut terms = String::new();
        for word in words(&folded) {
            if word.chars().nth(1).is_none() || self.is_stop_word(word) || !seen.insert(word) {
                continue;
            }
            let stem = self.stem(word);
            if stem != word {
                vocabulary.push((word.to_string(), stem.clone()));
            }
            if stems.insert(stem.clone()) {
                if !terms.is_empty() {
                    terms.push(' ');
                }
                terms.push_str(&stem);
            }
        }
        terms
    }
}

/// `text` in lowercase with accents taken off ("Crème" → "creme"): the
/// search box's `toLowerCase().normalize("NFD")` without U+0300–U+036F.
pub(crate) fn fold(text: &str) -> Cow<'_, str> {
    if text.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return Cow::Borrowed(text);
    }
    if text.is_ascii() {
        return Cow::Owned(text.to_ascii_lowercase());
    }
    Cow::Owned(text.to_lowercase().nfd().filter(|c| !('\u{300}'..='\u{36f}').contains(c)).collect())
}

/// The words of folded text: runs of letters and digits.
pub(crate) fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

static ENGLISH_STOP_SET: std::sync::LazyLock<FxHashSet<&str>> =
    std::sync::LazyLock::new(|| ENGLISH_STOP_WORDS.iter().copied().collect());
static SPANISH_STOP_SET: std::sync::LazyLock<FxHashSet<&str>> =
    std::sync::LazyLock::new(|| SPANISH_STOP_WORDS.iter().copied().collect());

const ENGLISH_STOP_WORDS: &[&str] = &[
    "the", "and", "to", "of", "a", "an", "in", "is", "it", "you", "your", "that", "this", "for", "on", "are", "be",
    "with", "as", "or", "can", "at", "by", "from", "if", "so", "but", "not", "they", "their", "there", "these",
    "those", "was", "were", "will", "may", "do", "does", "has", "have", "its", "we", "our", "us", "than", "then",
    "also", "into",
];

/// Folded, as the words they are compared with.
const SPANISH_STOP_WORDS: &[&str] = &[
    "de", "la", "que", "el", "en", "y", "a", "los", "se", "del", "las", "un", "por", "con", "una", "su", "para", "es",
    "al", "lo", "como", "mas", "o", "pero", "sus", "le", "ha", "me", "si", "sin", "sobre", "este", "ya", "entre",
    "cuando", "todo", "esta", "ser", "son", "tambien", "fue", "era", "muy", "hasta", "desde", "mi", "porque", "eso",
    "esto", "usted", "ustedes",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_folded_and_stemmed_once_each() {
        let mut vocabulary = Vec::new();
        let terms = Language::English.terms("Scars, scars and SCARRING; is it Painful? Crème.", &mut vocabulary);
        assert_eq!(terms, "scar pain creme");
        assert!(vocabulary.contains(&("painful".to_string(), "pain".to_string())), "{vocabulary:?}");
        assert!(vocabulary.contains(&("scarring".to_string(), "scar".to_string())), "{vocabulary:?}");
    }

    #[test]
    fn the_language_tag_picks_the_stemmer() {
        assert_eq!(Language::of("en-GB"), Language::English);
        assert_eq!(Language::of("es"), Language::Spanish);
        assert_eq!(Language::of("fr"), Language::Other);
        assert_eq!(Language::Spanish.stem("dolores"), Language::Spanish.stem("doloroso"));
        assert_eq!(Language::Other.stem("cicatrices"), "cicatrices");
    }
}
