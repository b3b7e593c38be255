//! How search sees a word: folded (lowercase, accents off) and stemmed with
//! the Snowball stemmer of the site's language, so that "Painful", "pains"
//! and "pain" are one term. The search box folds and stems a query the same
//! way with Snowball's own JavaScript of the same algorithm (the theme's
//! `snowball/` scripts), so a word and its query meet on the same stem.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

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

    /// The stem of a folded word.
    pub(crate) fn stem(self, folded: &str) -> String {
        STEMS.with(|stems| stems.borrow_mut().stem(self, folded).to_string())
    }

    /// The terms of `text`: each word of two letters or more that is not a
    /// stop word, folded and stemmed, each stem once, in first-seen order,
    /// space-separated. Each word whose stem differs from it is added to
    /// `vocabulary` (space-separated, once per text) for the search box's
    /// typo and prefix matching.
    pub(crate) fn terms(self, text: &str, vocabulary: &mut String) -> String {
        let folded = fold(text);
        // Sized from the text's length (a word and the space after it are
        // about eight bytes, and words repeat), so that a long text's sets
        // are not regrown step by step.
        let words_at_most = folded.len() / 8;
        let mut seen: FxHashSet<&str> = FxHashSet::with_capacity_and_hasher(words_at_most, Default::default());
        let mut stems_seen: FxHashSet<Rc<str>> = FxHashSet::with_capacity_and_hasher(words_at_most, Default::default());
        let mut terms = String::new();
        STEMS.with(|stems| {
            let mut stems = stems.borrow_mut();
            // A word seen before in this text is passed over with one hash
            // lookup: body text repeats its words.
            for word in words(&folded) {
                if !seen.insert(word) || word.chars().nth(1).is_none() || self.is_stop_word(word) {
                    continue;
                }
                let stem = stems.stem(self, word);
                if &*stem != word {
                    push_word(vocabulary, word);
                }
                if stems_seen.insert(stem.clone()) {
                    push_word(&mut terms, &stem);
                }
            }
        });
        terms
    }
}

/// Adds `word` to the space-separated `list`.
pub(crate) fn push_word(list: &mut String, word: &str) {
    if !list.is_empty() {
        list.push(' ');
    }
    list.push_str(word);
}

thread_local! {
    /// Stems are remembered per thread: a site repeats its words, and a stem
    /// looked up costs less than one made.
    static STEMS: RefCell<Stems> = RefCell::default();
}

/// Each language's stemmer and the stems it made.
#[derive(Default)]
struct Stems(FxHashMap<Language, LanguageStems>);

/// One language's stemmer (none for a language gloss cannot stem) and the
/// stems it made, by folded word.
struct LanguageStems {
    stemmer: Option<Stemmer>,
    made: FxHashMap<String, Rc<str>>,
}

impl Stems {
    fn stem(&mut self, language: Language, folded: &str) -> Rc<str> {
        let LanguageStems { stemmer, made } = self.0.entry(language).or_insert_with(|| LanguageStems {
            stemmer: language.algorithm().map(Stemmer::create),
            made: FxHashMap::default(),
        });
        if let Some(stem) = made.get(folded) {
            return stem.clone();
        }
        let stem: Rc<str> = match stemmer {
            Some(stemmer) => stemmer.stem(folded).into(),
            None => folded.into(),
        };
        made.insert(folded.to_string(), stem.clone());
        stem
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
        let mut vocabulary = String::new();
        let terms = Language::English.terms("Scars, scars and SCARRING; is it Painful? Crème.", &mut vocabulary);
        assert_eq!(terms, "scar pain creme");
        assert_eq!(vocabulary, "scars scarring painful");
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
