//! The readability code as it was before issue 7 (performance), kept verbatim
//! as the reference the faster code in `readability.rs` is tested against:
//! every count, grade and hint must come out the same. Test-only.
//!
//! What issue 7 left unchanged is not copied but used from `readability.rs`:
//! the dictionary of syllable exceptions (data: a word added there must not
//! need adding here too) and the small character and word helpers.

use std::collections::HashMap;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::{Readability, exception, is_closer, is_terminator, words};

/// Plain prose of a markdown body: only the sentences a patient reads.
///
/// Keeps paragraphs, list items, block quotes and callouts (whose `[!WARNING]`
/// marker the parser has already taken away), link text and emphasis. Leaves
/// out headings, code blocks and inline code, tables, footnotes, images (alt
/// text too), HTML, and autolinks (whose text is the URL).
///
/// Every paragraph and list item becomes a sentence of its own: one that does
/// not end in `.`, `?` or `!` gets a `.` (a trailing `,`, `;` or `:` gives way
/// to it), so "- redness\n- swelling" reads as two short sentences rather than
/// one long one. Chunks are separated by a blank line, which [`measure`] also
/// takes as the end of a sentence.
pub fn prose_of_markdown(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_GFM
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut prose = String::new();
    let mut chunk = String::new();
    // How many open elements whose text a patient does not read as prose.
    let mut hidden = 0usize;
    // For each open link, whether it hides its text (an autolink shows its URL).
    let mut links: Vec<bool> = Vec::new();
    for event in Parser::new_ext(markdown, options) {
        let (block, hides, opens) = match &event {
            Event::Start(tag) => {
                let (block, hides) = match tag {
                    Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {
                        (false, false)
                    }
                    Tag::Link { link_type, .. } => {
                        let url_as_text = matches!(link_type, LinkType::Autolink | LinkType::Email);
                        links.push(url_as_text);
                        (false, url_as_text)
                    }
                    Tag::Image { .. } => (false, true),
                    Tag::Heading { .. }
                    | Tag::CodeBlock(_)
                    | Tag::HtmlBlock
                    | Tag::FootnoteDefinition(_)
                    | Tag::Table(_)
                    | Tag::MetadataBlock(_) => (true, true),
                    Tag::Paragraph
                    | Tag::BlockQuote(_)
                    | Tag::List(_)
                    | Tag::Item
                    | Tag::DefinitionList
                    | Tag::DefinitionListTitle
                    | Tag::DefinitionListDefinition
                    | Tag::TableHead
                    | Tag::TableRow
                    | Tag::TableCell => (true, false),
                };
                (block, hides, true)
            }
            Event::End(tag) => {
                let (block, hides) = match tag {
                    TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Superscript
                    | TagEnd::Subscript => (false, false),
                    TagEnd::Link => (false, links.pop().unwrap_or(false)),
                    TagEnd::Image => (false, true),
                    TagEnd::Heading(_)
                    | TagEnd::CodeBlock
                    | TagEnd::HtmlBlock
                    | TagEnd::FootnoteDefinition
                    | TagEnd::Table
                    | TagEnd::MetadataBlock(_) => (true, true),
                    TagEnd::Paragraph
                    | TagEnd::BlockQuote(_)
                    | TagEnd::List(_)
                    | TagEnd::Item
                    | TagEnd::DefinitionList
                    | TagEnd::DefinitionListTitle
                    | TagEnd::DefinitionListDefinition
                    | TagEnd::TableHead
                    | TagEnd::TableRow
                    | TagEnd::TableCell => (true, false),
                };
                (block, hides, false)
            }
            Event::Text(text) => {
                if hidden == 0 {
                    chunk.push_str(text);
                }
                continue;
            }
            Event::SoftBreak | Event::HardBreak => {
                chunk.push(' ');
                continue;
            }
            Event::Rule => (true, false, false),
            // Inline code, math, HTML, footnote references, task markers.
            _ => continue,
        };
        if block {
            end_chunk(&mut chunk, &mut prose);
        }
        if hides {
            hidden = if opens { hidden + 1 } else { hidden.saturating_sub(1) };
        }
    }
    end_chunk(&mut chunk, &mut prose);
    prose
}

/// Moves the text gathered for one paragraph or list item into `prose` as a
/// sentence-terminated chunk.
fn end_chunk(chunk: &mut String, prose: &mut String) {
    let mut sentence = chunk.split_whitespace().collect::<Vec<_>>().join(" ");
    chunk.clear();
    if !sentence.chars().any(char::is_alphanumeric) {
        return;
    }
    if !sentence.trim_end_matches(is_closer).ends_with(is_terminator) {
        if sentence.ends_with([',', ';', ':']) {
            sentence.pop();
        }
        sentence.push('.');
    }
    if !prose.is_empty() {
        prose.push_str("\n\n");
    }
    prose.push_str(&sentence);
}

/// Measures plain text (for markdown, pass it through [`prose_of_markdown`]).
///
/// Sentences end at a run of `.`, `!` or `?` (closing quotes and brackets may
/// follow) before whitespace or the end of the text, and at a blank line; not
/// after an abbreviation such as "Dr." or "e.g.", and not inside "3.5". A word
/// is a token with at least one letter, so "3-6" and "4" are not words;
/// "post-procedure" is one word with the syllables of both parts.
pub fn measure(prose: &str) -> Readability {
    let mut counts = Readability::default();
    for sentence in sentences(prose) {
        counts.sentences += 1;
        for word in words(sentence) {
            let n = syllables(word);
            counts.words += 1;
            counts.syllables += n;
            if n >= 3 {
                counts.polysyllables += 1;
            }
        }
    }
    counts.grade();
    counts
}

/// The sentences with the most words, longest first (for "fix these first" hints).
///
/// Sentences of equal length keep their order in the text; whitespace inside
/// a sentence is collapsed to single spaces.
pub fn longest_sentences(prose: &str, n: usize) -> Vec<String> {
    let mut all: Vec<(usize, &str)> = sentences(prose).into_iter().map(|s| (words(s).count(), s)).collect();
    all.sort_by_key(|&(count, _)| std::cmp::Reverse(count));
    all.into_iter().take(n).map(|(_, s)| s.split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

/// The words with the most syllables (3+), most first, deduplicated case-insensitively.
///
/// Each word is spelled as it first appears, without a possessive "'s"; words
/// with as many syllables keep their order in the text.
pub fn hardest_words(prose: &str, n: usize) -> Vec<(String, usize)> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut hard: Vec<(String, usize)> = Vec::new();
    for word in words(prose) {
        let word = word.strip_suffix("'s").or_else(|| word.strip_suffix("’s")).unwrap_or(word);
        let count = syllables(word);
        if count < 3 {
            continue;
        }
        seen.entry(word.to_lowercase()).or_insert_with(|| {
            hard.push((word.to_string(), count));
            hard.len() - 1
        });
    }
    hard.sort_by_key(|&(_, count)| std::cmp::Reverse(count));
    hard.truncate(n);
    hard
}

/// Abbreviations whose full stop does not end a sentence, lowercased and
/// without their last `.`.
const ABBREVIATIONS: &[&str] =
    &["dr", "mr", "mrs", "ms", "prof", "jr", "sr", "vs", "etc", "e.g", "i.e", "cf", "approx"];

/// Splits plain text into its sentences (see [`measure`]); only sentences
/// with at least one word are returned. Linear in the length of the text.
pub fn sentences<'a>(text: &'a str) -> Vec<&'a str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let offset = |i: usize| chars.get(i).map_or(text.len(), |&(at, _)| at);
    let mut found = Vec::new();
    let mut push = |sentence: &'a str| {
        let sentence = sentence.trim();
        if words(sentence).next().is_some() {
            found.push(sentence);
        }
    };
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c.is_whitespace() {
            let mut j = i;
            let mut newlines = 0;
            while j < chars.len() && chars[j].1.is_whitespace() {
                newlines += usize::from(chars[j].1 == '\n');
                j += 1;
            }
            if newlines >= 2 {
                push(&text[start..at]);
                start = offset(j);
            }
            i = j;
        } else if is_terminator(c) {
            let mut j = i;
            while j < chars.len() && is_terminator(chars[j].1) {
                j += 1;
            }
            let single_stop = c == '.' && j == i + 1;
            while j < chars.len() && is_closer(chars[j].1) {
                j += 1;
            }
            let at_break = j == chars.len() || chars[j].1.is_whitespace();
            if at_break && !(single_stop && is_abbreviation(&text[..at])) {
                push(&text[start..offset(j)]);
                start = offset(j);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    push(&text[start..]);
    found
}

/// Whether the token that `before` ends with is an abbreviation such as "Dr".
fn is_abbreviation(before: &str) -> bool {
    let token = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let token = token.trim_start_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
    ABBREVIATIONS.contains(&token.as_str())
}

/// Syllables of one English word: at least 1 for anything with a letter, 0
/// for a token without one.
///
/// The parts of a hyphenated word ("post-procedure") are counted separately
/// and added up. Each part is looked up in a small dictionary of common words
/// the rules get wrong (see [`exception`]), then counted by rules: groups of
/// vowels (y counts as a vowel except at the start of a word or between two
/// vowels), less a silent final "e" (not in "-le" after a consonant, as in
/// "needle") and "-es"/"-ed" endings that add no syllable ("makes",
/// "jumped", but "boxes", "wanted"), plus vowel pairs spoken as two syllables
/// ("idea", "medium", "period", "being").
pub fn syllables(word: &str) -> usize {
    let lower = word.to_lowercase().replace(['’', '‘'], "'");
    lower
        .split(|c: char| !(c.is_alphabetic() || c == '\''))
        .filter(|part| part.chars().any(char::is_alphabetic))
        .map(|part| part_syllables(part, exception))
        .sum()
}

/// Syllables of one lowercase part of a word (letters and apostrophes), with
/// `exception` as the dictionary.
fn part_syllables(part: &str, exception: fn(&str) -> Option<usize>) -> usize {
    // "didn't", "isn't": after a consonant, the n't is a syllable of its own.
    let mut extra = 0;
    let part = match part.strip_suffix("n't") {
        Some(stem) if stem.ends_with(|c: char| c.is_alphabetic() && !is_vowel_letter(c)) => {
            extra = 1;
            stem
        }
        Some(stem) if exception(&part.replace('\'', "")).is_none() => stem,
        _ => part,
    };
    let letters: String = part.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return extra.max(1);
    }
    if let Some(n) = exception(&letters) {
        return n + extra;
    }
    // A plural or possessive of a dictionary word: "ideas", "recipes",
    // "sciences" (after a sibilant, "-es" is a syllable of its own).
    if let Some(stem) = letters.strip_suffix('s')
        && let Some(n) = exception(stem)
    {
        let sibilant = ["ce", "ge", "se", "ze", "xe"].iter().any(|end| stem.ends_with(end));
        return n + usize::from(sibilant) + extra;
    }
    let chars: Vec<char> = letters.chars().collect();
    heuristic(&chars) + extra
}

pub fn is_vowel_letter(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y') || "àáâäãåèéêëìíîïòóôöõùúûüý".contains(c)
}

/// Counts syllables of a lowercase word by rules (see [`syllables`]).
pub fn heuristic(w: &[char]) -> usize {
    let n = w.len();
    let plain_vowel = |c: char| c != 'y' && is_vowel_letter(c);
    // Whether w[i] sounds as a vowel: y does not at the start of a word nor
    // between two vowels ("beyond", "player").
    let vowel: Vec<bool> = (0..n)
        .map(|i| {
            let c = w[i];
            if c != 'y' {
                return is_vowel_letter(c);
            }
            let between = i > 0 && plain_vowel(w[i - 1]) && i + 1 < n && plain_vowel(w[i + 1]);
            i > 0 && !between
        })
        .collect();
    let consonant = |i: usize| !vowel[i];
    let at = |i: usize, s: &str| s.chars().enumerate().all(|(k, c)| w.get(i + k) == Some(&c));
    let ends = |s: &str| n >= s.len() && at(n - s.len(), s);
    // An "l" that is a syllable of its own with the "e" after it: "needle",
    // "wrinkles", "tackled" (but not "whole", "called", "curled", "howled").
    let syllabic_l = |i: usize| w[i] == 'l' && i > 0 && consonant(i - 1) && !"lrw".contains(w[i - 1]);

    let mut count = (0..n).filter(|&i| vowel[i] && (i == 0 || !vowel[i - 1])).count() as isize;

    // Silent letters at the end of the word.
    let mut silent = 0;
    if ends("e") && n >= 2 && consonant(n - 2) && !syllabic_l(n - 2) {
        silent += 1; // make, sterile, aftercare
    } else if ends("es") && n >= 3 && consonant(n - 3) {
        let sibilant = matches!(w[n - 3], 's' | 'x' | 'z' | 'c' | 'g') || ends("ches") || ends("shes");
        if !sibilant && !syllabic_l(n - 3) {
            silent += 1; // makes, smiles, but boxes, faces, needles
        }
    } else if ends("ed") && n >= 3 && consonant(n - 3) && !matches!(w[n - 3], 't' | 'd') && !syllabic_l(n - 3) {
        silent += 1; // jumped, called, but wanted, needed
    } else if ends("que") || ends("ques") || (ends("gue") || ends("gues")) && !ends("rgue") && !ends("rgues") {
        silent += 1; // technique, fatigue, but argue
    }
    // A silent "e" before a suffix: safely, careful, movement, awareness.
    for suffix in ["fully", "ful", "ly", "ments", "ment", "ness", "less", "ty"] {
        if ends(suffix) {
            if n < suffix.len() + 3 {
                break;
            }
            let e = n - suffix.len() - 1;
            if w[e] == 'e' && consonant(e - 1) && !syllabic_l(e - 1) {
                silent += 1;
            }
            break;
        }
    }
    count -= silent.min(count - 1).max(0);

    // Vowel pairs spoken as two syllables, which the groups count as one.
    let mut split = 0;
    for i in 1..n.saturating_sub(1) {
        let prev = w[i - 1];
        let after = |k: usize| w.get(i + k).copied();
        let hiatus = match (w[i], w[i + 1]) {
            // media, trial, bacteria; not special, initial, Asian, marriage, familiar
            ('i', 'a') => consonant(i - 1) && !"ctsgl".contains(prev) && !at(i, "iage"),
            // period, radio, curious; not nation, religion, million, onion, fashion
            ('i', 'o') => consonant(i - 1) && !"cghlnstx".contains(prev),
            // medium, calcium
            ('i', 'u') => consonant(i - 1),
            // diet, quiet, variety, society
            ('i', 'e') if after(2) == Some('t') => true,
            // client, experience, audience; not patient, science, hygiene, friend
            ('i', 'e') if after(2) == Some('n') => consonant(i - 1) && !"ctsg".contains(prev) && after(3) != Some('d'),
            // usual, actual, situation; not equal, language
            ('u', 'a') => consonant(i - 1) && !"qg".contains(prev),
            // duo, continuous; not quote, fluoride
            ('u', 'o') => consonant(i - 1) && prev != 'q' && after(2) != Some('r'),
            // fuel, cruel, influence, fluent; not question, guest, Tuesday
            ('u', 'e') => consonant(i - 1) && !"qg".contains(prev) && matches!(after(2), Some('l' | 'n' | 't')),
            // video, theory, spontaneous; not people, leopard, surgeon, ocean
            ('e', 'o') => consonant(i - 1) && !"cgpl".contains(prev),
            // poem, poet
            ('o', 'e') => matches!(after(2), Some('m' | 't')),
            _ => false,
        };
        split += isize::from(hiatus);
    }
    let groups_before_ending = count >= 2;
    if ends("ing") && n >= 4 && vowel[n - 4] || ends("ings") && n >= 5 && vowel[n - 5] {
        split += 1; // being, going, trying
    }
    if (ends("ier") || ends("iers") || ends("iest")) && groups_before_ending {
        split += 1; // easier, happiest, barriers
    }
    if ends("ea") && groups_before_ending || ends("eum") || ends("sm") {
        split += 1; // area, idea, museum, spasm, autism
    }
    if ends("uity") && !ends("quity") {
        split += 1; // continuity, but equity
    }
    (count + split).max(1) as usize
}
