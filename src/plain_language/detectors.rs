//! What the automated PEMAT items look for in one English sentence: passive
//! voice, numbers that are hard to read, calculations asked of the reader,
//! actions for the reader, steps told in order, and terms defined where
//! they are used. Each is a small function of the sentence's text, so each
//! is tested on its own; `pemat` decides what they add up to.

use std::sync::LazyLock;

use super::phrases::PhraseSet;

/// The words of `text`: letters, digits, apostrophes and hyphens inside a
/// word, each with where it starts in `text`.
pub(crate) fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let is_word_char = |c: char| c.is_alphanumeric() || c == '\'' || c == '’' || c == '-';
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = rest.peek() {
            if c.is_alphanumeric() {
                break;
            }
            rest.next();
        }
        let (start, _) = *rest.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = rest.peek() {
            if !is_word_char(c) {
                break;
            }
            end = i + c.len_utf8();
            rest.next();
        }
        let word = text[start..end].trim_end_matches(['\'', '’', '-']);
        Some((start, word))
    })
}

fn is_one_of(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// The forms of "be" a passive is made with.
const BE: &[&str] = &["am", "is", "are", "was", "were", "be", "been", "being", "isn't", "aren't", "wasn't", "weren't"];

/// Words that may stand between "be" and the participle ("is not done",
/// "are usually made"), besides words ending in -ly.
const ADVERBS: &[&str] = &[
    "not",
    "also",
    "often",
    "always",
    "never",
    "still",
    "just",
    "only",
    "sometimes",
    "then",
    "already",
    "now",
    "mostly",
];

/// Past participles that do not end in -ed.
const IRREGULAR_PARTICIPLES: &[&str] = &[
    "done",
    "made",
    "given",
    "taken",
    "seen",
    "known",
    "shown",
    "written",
    "found",
    "held",
    "kept",
    "left",
    "put",
    "set",
    "told",
    "thought",
    "worn",
    "born",
    "broken",
    "chosen",
    "driven",
    "eaten",
    "fallen",
    "forgotten",
    "frozen",
    "gotten",
    "hidden",
    "spoken",
    "stolen",
    "torn",
    "begun",
    "brought",
    "bought",
    "caught",
    "taught",
    "sought",
    "built",
    "sent",
    "spent",
    "felt",
    "meant",
    "paid",
    "laid",
    "said",
    "sold",
    "cut",
    "hit",
    "hurt",
    "shut",
    "spread",
    "split",
    "bled",
    "fed",
    "led",
    "read",
    "bound",
    "hung",
    "struck",
    "stuck",
    "won",
    "burnt",
    "lit",
    "met",
    "shot",
    "understood",
    "drawn",
    "grown",
    "thrown",
    "blown",
    "bitten",
    "beaten",
    "forbidden",
    "proven",
    "applied",
];

/// Words ending in -ed that are not participles.
const NOT_PARTICIPLES: &[&str] = &["need", "hundred", "naked", "wicked", "sacred", "indeed", "red", "bed", "shed"];

/// Whether `word` reads as a past participle: a regular -ed form or one of
/// the irregular ones.
pub(crate) fn is_past_participle(word: &str) -> bool {
    if is_one_of(word, IRREGULAR_PARTICIPLES) {
        return true;
    }
    let lower = word.to_ascii_lowercase();
    let regular = lower.len() > 3 && lower.ends_with("ed") && !lower.ends_with("eed");
    (regular || lower == "agreed" || lower == "freed") && !is_one_of(&lower, NOT_PARTICIPLES)
}

fn is_adverb(word: &str) -> bool {
    (word.len() > 4 && word.to_ascii_lowercase().ends_with("ly")) || is_one_of(word, ADVERBS)
}

/// Where a passive starts in `sentence`: a form of "be" followed, past at
/// most two adverbs, by a past participle ("is done", "are not usually
/// needed").
pub(crate) fn passive_at(sentence: &str) -> Option<usize> {
    let words: Vec<(usize, &str)> = words(sentence).collect();
    words.iter().enumerate().find_map(|(i, &(at, word))| {
        if !is_one_of(word, BE) {
            return None;
        }
        let after = words[i + 1..].iter().map(|(_, w)| *w);
        let mut rest = after.skip_while(|w| is_adverb(w)).take(1);
        let adverbs = words[i + 1..].iter().take_while(|(_, w)| is_adverb(w)).count();
        (adverbs <= 2 && rest.next().is_some_and(is_past_participle)).then_some(at)
    })
}

/// A number in a sentence that is hard for many patients to read: a
/// percentage, a decimal or a fraction; with where it is.
pub(crate) fn unclear_number(sentence: &str) -> Option<(usize, &str)> {
    numbers(sentence).find(|&(at, number)| is_unclear(number, &sentence[at + number.len()..]))
}

/// Whether `sentence` has any number written in digits or as a fraction.
pub(crate) fn has_number(sentence: &str) -> bool {
    numbers(sentence).next().is_some()
}

const FRACTIONS: &[char] = &['½', '⅓', '⅔', '¼', '¾', '⅕', '⅛'];

/// Each run of digits with the punctuation inside it (`1.5`, `3/4`,
/// `10:30`, `555-0100`), and each fraction sign, with where it starts.
fn numbers(sentence: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = sentence.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < sentence.len() {
            let c = sentence[at..].chars().next()?;
            if FRACTIONS.contains(&c) {
                let start = at;
                at += c.len_utf8();
                return Some((start, &sentence[start..at]));
            }
            if c.is_ascii_digit() {
                let start = at;
                while at < bytes.len()
                    && (bytes[at].is_ascii_digit()
                        || (b".,/:-".contains(&bytes[at]) && bytes.get(at + 1).is_some_and(u8::is_ascii_digit)))
                {
                    at += 1;
                }
                return Some((start, &sentence[start..at]));
            }
            at += c.len_utf8();
        }
        None
    })
}

/// A percentage, a decimal (not a time or a date) or a fraction (not a date).
fn is_unclear(number: &str, after: &str) -> bool {
    if number.chars().any(|c| FRACTIONS.contains(&c)) {
        return true;
    }
    let after = after.trim_start().to_ascii_lowercase();
    let percentage = after.starts_with('%') || after.starts_with("percent") || after.starts_with("per cent");
    let decimal = number.contains('.') && !number.contains(':') && number.matches('.').count() == 1;
    let fraction = number.matches('/').count() == 1;
    percentage || decimal || fraction
}

/// Phrases that ask the reader to compute something.
const CALCULATIONS: &[&str] = &[
    "multiply",
    "multiplied by",
    "divide",
    "divided by",
    "add up",
    "calculate",
    "subtract",
    "percent of your",
    "per cent of your",
    "% of your",
    "times your",
];

/// Where `sentence` asks the reader to calculate, and the phrase.
pub(crate) fn calculation(sentence: &str) -> Option<(usize, &'static str)> {
    static PHRASES: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new(CALCULATIONS.iter().copied()));
    PHRASES.find(&sentence.to_ascii_lowercase())
}

/// Verbs a sentence that tells the reader what to do starts with.
const IMPERATIVES: &[&str] = &[
    "apply", "ask", "avoid", "book", "bring", "call", "cancel", "check", "choose", "clean", "come", "contact", "cover",
    "do", "don't", "drink", "eat", "email", "expect", "follow", "get", "go", "keep", "leave", "let", "limit", "look",
    "make", "plan", "protect", "put", "read", "remember", "remove", "rest", "rinse", "see", "skip", "sleep", "start",
    "stay", "stop", "take", "talk", "tell", "try", "use", "wait", "wash", "watch", "wear", "write",
];

/// Words that may come before the verb of an instruction.
const LEAD_INS: &[&str] = &["please", "always", "never", "then", "first", "next", "also", "now", "just", "so", "and"];

/// Words that open a clause before an instruction ("If it bleeds, call us").
const CLAUSE_OPENERS: &[&str] =
    &["if", "when", "before", "after", "to", "once", "while", "since", "as", "for", "until"];

/// Phrases that give the reader something to do, addressed to them.
const YOU_ACTIONS: &[&str] = &[
    "you should",
    "you can",
    "you will need to",
    "you'll need to",
    "you need to",
    "you must",
    "you may want to",
    "be sure to",
    "make sure",
];

/// Whether `sentence` tells the reader, as "you", to do something: an
/// instruction ("Wash your face", "Do not pick at scabs") or "you should",
/// "you can", "you will need to".
pub(crate) fn is_action_for_you(sentence: &str) -> bool {
    let opens_with_instruction = |text: &str| {
        words(text).map(|(_, w)| w).find(|w| !is_one_of(w, LEAD_INS)).is_some_and(|w| is_one_of(w, IMPERATIVES))
    };
    if opens_with_instruction(sentence) {
        return true;
    }
    // "If it itches, call us": the instruction after a clause that sets
    // when or why.
    let first = words(sentence).next().map_or("", |(_, w)| w);
    if is_one_of(first, CLAUSE_OPENERS)
        && sentence.split_once(',').is_some_and(|(_, rest)| opens_with_instruction(rest))
    {
        return true;
    }
    let lower = sentence.to_ascii_lowercase().replace('’', "'");
    static PHRASES: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new(YOU_ACTIONS.iter().copied()));
    PHRASES.is_in(&lower)
}

/// Who an action may be told to other than "you".
const THIRD_PERSONS: &[&str] =
    &["patients", "the patient", "a patient", "clients", "the client", "people", "individuals"];

/// Verbs that make a sentence an instruction to its subject.
const OBLIGATIONS: &[&str] = &["should", "must", "need to", "needs to", "are advised to", "is advised to"];

/// Whether `sentence` tells someone other than the reader what to do
/// ("Patients should avoid the sun"): the reader is not addressed.
pub(crate) fn is_action_for_others(sentence: &str) -> bool {
    static PHRASES: LazyLock<PhraseSet> = LazyLock::new(|| {
        PhraseSet::new(THIRD_PERSONS.iter().flat_map(|who| OBLIGATIONS.iter().map(move |must| format!("{who} {must}"))))
    });
    PHRASES.is_in(&sentence.to_ascii_lowercase())
}

/// Words that open a step of a sequence.
const SEQUENCE_OPENERS: &[&str] = &["first", "then", "next", "after that", "afterwards", "finally", "second", "third"];

/// Whether `sentence` tells one step of a sequence: it opens with "First",
/// "Then", "Next", "After that", "Finally", or names a step ("step 1",
/// "the next step").
pub(crate) fn is_sequence_step(sentence: &str) -> bool {
    let lower = sentence.trim_start().to_ascii_lowercase();
    let opens = SEQUENCE_OPENERS
        .iter()
        .any(|w| lower.starts_with(w) && !lower[w.len()..].chars().next().is_some_and(|c| c.is_alphanumeric()));
    static STEPS: LazyLock<PhraseSet> =
        LazyLock::new(|| PhraseSet::new(["step 1", "step one", "first step", "next step", "last step"]));
    let names_step = STEPS.is_in(&lower);
    opens || names_step
}

/// How a language defines a term in the sentence that uses it. Each list is
/// of lowercase phrases, compared with the text just after or just before
/// the term; a bracket after it ("erythema (redness)") defines it in any
/// language.
pub(crate) struct DefinitionCues {
    /// What may follow the term: "erythema, or redness", "erythema, which
    /// means redness".
    after: &'static [&'static str],
    /// What may follow the term at the start of a sentence: "A keloid is a
    /// raised scar", "Edema means swelling". A bare "is" is not enough:
    /// "Erythema is common" says nothing of what it is.
    as_subject: &'static [&'static str],
    /// The words that may come before the term at the start of a sentence.
    articles: &'static [&'static str],
    /// What may come just before the term to introduce it as the word for
    /// what was said: "(this is called inflammation)", "also known as edema".
    before: &'static [&'static str],
}

pub(crate) const ENGLISH_DEFINITIONS: DefinitionCues = DefinitionCues {
    after: &[", or ", ", which means", ", which is", ", which are", ", meaning", " means "],
    as_subject: &[
        " is a ",
        " is an ",
        " is the ",
        " is when ",
        " is what ",
        " are a ",
        " are the ",
        " are when ",
        " means ",
        " refers to ",
    ],
    articles: &["a", "an", "the"],
    before: &["called ", "known as ", "("],
};

/// "eritema, es decir, enrojecimiento", "«Tópica» quiere decir que se pone
/// sobre la piel", "Un queloide es una cicatriz abultada", "esto se llama
/// inflamación".
pub(crate) const SPANISH_DEFINITIONS: DefinitionCues = DefinitionCues {
    after: &[
        ", es decir",
        ", o sea",
        ", o ",
        ", que significa",
        ", que quiere decir",
        ", que es ",
        ", que son ",
        " quiere decir ",
        " significa ",
    ],
    as_subject: &[
        " es un ",
        " es una ",
        " es el ",
        " es la ",
        " es lo que ",
        " es cuando ",
        " son unos ",
        " son unas ",
        " son los ",
        " son las ",
        " se refiere a ",
    ],
    articles: &["el", "la", "los", "las", "un", "una", "unos", "unas"],
    before: &[
        "llama ",
        "llaman ",
        "llamado ",
        "llamada ",
        "llamados ",
        "llamadas ",
        "conocido como ",
        "conocida como ",
        "conocidos como ",
        "conocidas como ",
        "(",
    ],
};

/// A language without its own cues: only a bracket defines a term.
const BRACKET_ONLY: DefinitionCues = DefinitionCues { after: &[], as_subject: &[], articles: &[], before: &["("] };

/// The definition cues for a language tag (`en`, `es-MX`).
pub(crate) fn definition_cues(language: &str) -> &'static DefinitionCues {
    match language.split(['-', '_']).next().unwrap_or(language) {
        "en" => &ENGLISH_DEFINITIONS,
        "es" => &SPANISH_DEFINITIONS,
        _ => &BRACKET_ONLY,
    }
}

/// Whether the term at `text[start..end]` is defined in its own sentence,
/// in the language of `cues`.
pub(crate) fn is_defined_at(text: &str, start: usize, end: usize, cues: &DefinitionCues) -> bool {
    let sentence_start = sentence_start(text, start);
    let quote = |c: char| matches!(c, '"' | '“' | '”' | '\'' | '‘' | '’' | '«' | '»' | '*' | '_');
    let after = text[end..].trim_start_matches(quote);
    let after_lower = after.chars().take(24).collect::<String>().to_lowercase();
    if after_lower.trim_start().starts_with('(') || cues.after.iter().any(|p| after_lower.starts_with(p)) {
        return true;
    }
    let before = text[sentence_start..start].trim_end_matches(quote);
    let before_lower = before.to_lowercase();
    if cues.before.iter().any(|p| before_lower.ends_with(p)) {
        return true;
    }
    let opening = before_lower.trim().trim_start_matches(['¿', '¡']).trim();
    let opens_sentence = opening.is_empty() || cues.articles.contains(&opening);
    opens_sentence && cues.as_subject.iter().any(|p| after_lower.starts_with(p))
}

/// Where the sentence holding byte `at` of `text` starts: after the last
/// `.`, `!` or `?` followed by a space before it.
fn sentence_start(text: &str, at: usize) -> usize {
    let before = &text[..at];
    before
        .char_indices()
        .rev()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?') && before[i + 1..].starts_with(char::is_whitespace))
        .map_or(0, |(i, _)| i + 1)
}

/// The sentences of a block of text, each with where it starts, as the
/// reading grades split them (`readability::split_sentences`: not after
/// "Dr." or "e.g.", not inside "3.5").
pub(crate) fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    crate::readability::split_sentences(text, |range| found.push((range.start, &text[range])));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passive_is_be_then_a_participle_past_adverbs() {
        assert!(passive_at("The cream is applied by your provider.").is_some());
        assert!(passive_at("Scars are not usually caused by it.").is_some());
        assert!(passive_at("It should be done by a trained professional.").is_some());
        assert_eq!(passive_at("Results were seen in weeks."), Some(8));
        assert!(passive_at("Your provider applies the cream.").is_none());
        assert!(passive_at("Your skin is red for a day.").is_none());
        assert!(passive_at("You will need a few visits.").is_none());
        assert!(passive_at("It is a need we see often.").is_none());
    }

    #[test]
    fn participles_regular_and_irregular() {
        assert!(is_past_participle("treated"));
        assert!(is_past_participle("Given"));
        assert!(!is_past_participle("red"));
        assert!(!is_past_participle("need"));
        assert!(!is_past_participle("speed"));
        assert!(!is_past_participle("needle"));
    }

    #[test]
    fn percentages_decimals_and_fractions_are_unclear() {
        assert_eq!(unclear_number("About 30% of people."), Some((6, "30")));
        assert!(unclear_number("It works for 30 percent of people.").is_some());
        assert!(unclear_number("Use 0.5 ml.").is_some());
        assert!(unclear_number("Use 1/2 a tube.").is_some());
        assert!(unclear_number("Use ½ a tube.").is_some());
    }

    #[test]
    fn dates_times_phones_ages_and_durations_are_clear() {
        for clear in [
            "Come back on 10/15/2026.",
            "Come at 10:30 a.m.",
            "Call 555-0100.",
            "People over 18 years old.",
            "Wait 2 weeks, then 3 to 6 visits.",
            "Reviewed on 2026-10-15.",
        ] {
            assert_eq!(unclear_number(clear), None, "{clear}");
        }
        assert!(has_number("Wait 2 weeks."));
        assert!(!has_number("Wait two weeks."));
    }

    #[test]
    fn calculations_asked_of_the_reader() {
        assert_eq!(calculation("Multiply your weight by 2."), Some((0, "multiply")));
        assert!(calculation("Add up the hours you slept.").is_some());
        assert!(calculation("Take 10% of your dose.").is_some());
        assert!(calculation("Your provider will plan the visits.").is_none());
        assert!(calculation("Add a layer of cream.").is_none());
    }

    #[test]
    fn actions_addressed_to_you() {
        assert!(is_action_for_you("Wash your face twice a day."));
        assert!(is_action_for_you("Please call us if it bleeds."));
        assert!(is_action_for_you("Do not pick at scabs."));
        assert!(is_action_for_you("If it itches, you should call us."));
        assert!(is_action_for_you("If you are worried, talk to your provider."));
        assert!(is_action_for_you("To learn more, read the next answer."));
        assert!(!is_action_for_you("If it itches, it heals."));
        assert!(is_action_for_you("You can ask for your care steps in writing."));
        assert!(!is_action_for_you("Microneedling is a skin treatment."));
        assert!(!is_action_for_you("Patients should avoid the sun."));
    }

    #[test]
    fn actions_for_others() {
        assert!(is_action_for_others("Patients should avoid the sun."));
        assert!(is_action_for_others("After it, the patient must rest."));
        assert!(!is_action_for_others("You should avoid the sun."));
        assert!(!is_action_for_others("Most people have 3 visits."));
    }

    #[test]
    fn steps_of_a_sequence() {
        assert!(is_sequence_step("First, wash your face."));
        assert!(is_sequence_step("Then put on the cream."));
        assert!(is_sequence_step("After that, rest."));
        assert!(is_sequence_step("This is step 1 of the plan."));
        assert!(!is_sequence_step("Thenar muscles are in the hand."));
        assert!(!is_sequence_step("At your first visit, ask questions."));
    }

    fn defined(text: &str, term: &str) -> bool {
        let start = text.find(term).unwrap();
        is_defined_at(text, start, start + term.len(), &ENGLISH_DEFINITIONS)
    }

    #[test]
    fn terms_defined_in_their_sentence() {
        assert!(defined("You may have erythema (redness) for a day.", "erythema"));
        assert!(defined("You may have erythema, or redness, for a day.", "erythema"));
        assert!(defined("It is sterile, which means germ-free.", "sterile"));
        assert!(defined("Edema means swelling. It goes away.", "Edema"));
        assert!(defined("Some swelling. A keloid is a raised scar.", "keloid"));
        assert!(defined("\"Topical\" means it goes on the skin.", "Topical"));
        assert!(defined("It calms swelling (this is called inflammation).", "inflammation"));
        assert!(defined("Redness (erythema) fades.", "erythema"));
    }

    #[test]
    fn terms_not_defined_in_their_sentence() {
        assert!(!defined("You may have erythema for a day.", "erythema"));
        let text = "Erythema (redness) fades. You may still see erythema.";
        let second = text.rfind("erythema").unwrap();
        assert!(!is_defined_at(text, second, second + "erythema".len(), &ENGLISH_DEFINITIONS));
        assert!(!defined("Your erythema is worse.", "erythema"));
        assert!(!defined("Erythema is common at first.", "Erythema"));
    }

    fn definido(text: &str, term: &str) -> bool {
        let start = text.find(term).unwrap();
        is_defined_at(text, start, start + term.len(), definition_cues("es-MX"))
    }

    #[test]
    fn spanish_terms_defined_in_their_sentence() {
        assert!(definido("Puede tener eritema (enrojecimiento) un día.", "eritema"));
        assert!(definido("Puede tener eritema, es decir, enrojecimiento.", "eritema"));
        assert!(definido("\"Tópica\" quiere decir que se pone sobre la piel.", "Tópica"));
        assert!(definido("Algo más. ¿Un queloide es una cicatriz abultada?", "queloide"));
        assert!(definido("Calma la hinchazón (esto se llama inflamación).", "inflamación"));
        assert!(!definido("Puede tener eritema un día.", "eritema"));
        assert!(!definido("El eritema es común.", "eritema"));
        // English cues do not define a Spanish term, nor the other way.
        assert!(!definido("Eritema means redness.", "Eritema"));
        let text = "Erythema quiere decir redness.";
        assert!(!is_defined_at(text, 0, 8, definition_cues("en")));
    }

    #[test]
    fn sentences_split_after_stops() {
        let found = sentences("Wash it. Is it red? Use 0.5 ml! Rest");
        assert_eq!(found, [(0, "Wash it."), (9, "Is it red?"), (20, "Use 0.5 ml!"), (32, "Rest")]);
    }

    #[test]
    fn a_title_or_an_abbreviation_does_not_end_a_sentence() {
        let found = sentences("Dr. Lee will call you, e.g. on Monday. Rest.");
        assert_eq!(found, [(0, "Dr. Lee will call you, e.g. on Monday."), (39, "Rest.")]);
    }

    #[test]
    fn words_with_their_places() {
        let found: Vec<(usize, &str)> = words("Don't — re-apply it.").collect();
        assert_eq!(found, [(0, "Don't"), (10, "re-apply"), (19, "it")]);
    }
}
