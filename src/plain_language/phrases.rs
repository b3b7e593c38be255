//! Finding the first of a list of phrases in a sentence, as whole words.
//!
//! The PEMAT detectors look for dozens of phrases (calculations, "you
//! should", "patients must", "step 1") in every sentence of every entry, so
//! each list is one Aho-Corasick automaton, built once, that finds all of
//! its phrases in a single pass over a sentence rather than a search per
//! phrase.

use aho_corasick::AhoCorasick;

/// A list of lowercase phrases, in the order a detector prefers them.
pub(crate) struct PhraseSet {
    phrases: Vec<String>,
    automaton: AhoCorasick,
}

impl PhraseSet {
    pub(crate) fn new<S: Into<String>>(phrases: impl IntoIterator<Item = S>) -> PhraseSet {
        let phrases: Vec<String> = phrases.into_iter().map(Into::into).collect();
        let automaton = AhoCorasick::new(&phrases).expect("a list of short phrases fits the automaton's limits");
        PhraseSet { phrases, automaton }
    }

    /// The first phrase of the list that `lower` (a lowercased sentence)
    /// holds as whole words, and where it first does.
    pub(crate) fn find(&self, lower: &str) -> Option<(usize, &str)> {
        self.automaton
            .find_overlapping_iter(lower)
            .filter(|m| is_whole_words(lower, m.start(), &self.phrases[m.pattern()]))
            .min_by_key(|m| (m.pattern(), m.start()))
            .map(|m| (m.start(), self.phrases[m.pattern()].as_str()))
    }

    pub(crate) fn is_in(&self, lower: &str) -> bool {
        self.find(lower).is_some()
    }
}

/// Whether `phrase`, found at `at` in `lower`, stands as whole words: no
/// letter or digit joins it before (its own start may be `%`), nor after,
/// where a phrase ending in a letter may go on ("calculate" also finds
/// "calculated", "multiply" "multiplying").
fn is_whole_words(lower: &str, at: usize, phrase: &str) -> bool {
    let joins = |c: char| c.is_alphanumeric();
    let before_ok = phrase.starts_with('%') || !lower[..at].chars().next_back().is_some_and(joins);
    let after = lower[at + phrase.len()..].chars().next();
    let after_ok = !after.is_some_and(joins) || phrase.ends_with(|c: char| c.is_alphabetic());
    before_ok && after_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_phrase_of_the_list_wins_at_its_first_whole_word_place() {
        let set = PhraseSet::new(["divided by", "multiply"]);
        let sentence = "multiply it, then the total divided by two";
        assert_eq!(set.find(sentence), Some((28, "divided by")));
        assert_eq!(set.find("multiplying"), Some((0, "multiply")));
        assert_eq!(set.find("premultiply"), None);
        assert!(PhraseSet::new(["% of your"]).is_in("50% of your dose"));
    }
}
