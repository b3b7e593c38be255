//! The PEMAT-P items (AHRQ's Patient Education Materials Assessment Tool for
//! print) a program can judge, per entry: what one pass over a body's
//! markdown events finds ([`BodyPemat`], kept with the other body facts),
//! and what each item makes of it with the entry's front matter and the
//! site's glossary ([`judge`]): met, not met (with the first place and how
//! many), not applicable by PEMAT's own rules, left to a person, or not
//! judged in the entry's language. A score is the items met over the
//! automated items that apply, as PEMAT scores items met over items rated.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use pulldown_cmark::{Event, Tag, TagEnd};
use serde::Serialize;

use super::detectors;

/// Words a section may have under one heading before it is not "short"
/// (item 8): about what a phone shows on one screen.
pub(crate) const SECTION_WORDS: u32 = 200;

/// PEMAT calls material of two paragraphs or fewer "very short": items 8, 9
/// and 11 are then not applicable.
const VERY_SHORT_BLOCKS: u32 = 2;

/// Passive sentences an entry may have, as a share of its sentences, and
/// still use the active voice (item 5).
const PASSIVE_SHARE: f64 = 0.2;

/// One thing an item found: how many times, the first place (bytes into the
/// body) and what was there.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct Evidence {
    pub(crate) count: u32,
    pub(crate) first: Option<usize>,
    pub(crate) example: String,
}

impl Evidence {
    fn add(&mut self, at: usize, example: &str) {
        if self.first.is_none() {
            self.first = Some(at);
            self.example = example.trim().to_string();
        }
        self.count += 1;
    }
}

/// A medical term an entry uses: the list's spelling, where it is first
/// used, and whether some sentence of the entry defines it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct TermUse {
    pub(crate) term: String,
    pub(crate) first: usize,
    pub(crate) defined: bool,
}

/// What the automated items need from one entry's body, found in the same
/// pass over its events as the other body facts.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct BodyPemat {
    /// The English detectors ran (the entry is in English).
    pub(crate) english: bool,
    /// Words of the text a patient reads, headings left out.
    pub(crate) words: u32,
    /// Top-level blocks besides headings: paragraphs, lists, quotes, tables.
    pub(crate) blocks: u32,
    pub(crate) sentences: u32,
    pub(crate) passive: Evidence,
    pub(crate) terms: Vec<TermUse>,
    /// Sentences with a number in digits or a fraction.
    pub(crate) numbers: u32,
    pub(crate) unclear_numbers: Evidence,
    pub(crate) calculations: Evidence,
    /// Sections over [`SECTION_WORDS`], at their heading (or the body's
    /// start), with their length.
    pub(crate) long_sections: Evidence,
    pub(crate) headings: u32,
    /// Headings that say nothing of their section, where the language has a
    /// list of them (`None`: not judged).
    pub(crate) vague_headings: Option<Evidence>,
    /// Lists, callouts and quotes, bold text, tables.
    pub(crate) visual_cues: u32,
    pub(crate) actions_for_you: Evidence,
    pub(crate) actions_for_others: Evidence,
    /// Sentences telling a step of a sequence outside an ordered list.
    pub(crate) steps_in_prose: Evidence,
    pub(crate) ordered_lists: u32,
    pub(crate) images: u32,
    pub(crate) tables: u32,
}

/// The shipped English list of medical terms, read once.
static MEDICAL_TERMS: LazyLock<MedicalTerms> =
    LazyLock::new(|| MedicalTerms::parse(include_str!("medical_terms.en.txt")));

/// Medical terms, and a matcher for all of them.
pub(crate) struct MedicalTerms {
    terms: Vec<String>,
    matcher: AhoCorasick,
}

impl MedicalTerms {
    /// One term a line; `#` lines and blank lines are left out.
    fn parse(text: &str) -> MedicalTerms {
        let terms: Vec<String> =
            text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect();
        let matcher = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&terms)
            .expect("the shipped medical terms");
        MedicalTerms { terms, matcher }
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.terms.len()
    }

    /// The terms in `text` as whole words, each with its place and its
    /// index in the list.
    fn find<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (Range<usize>, usize)> + 'a {
        self.matcher
            .find_iter(text)
            .filter(move |m| super::plain_words::is_whole_word(text, m.start(), m.end()))
            .map(|m| (m.range(), m.pattern().as_usize()))
    }
}

/// Headings that tell a reader nothing of what is under them, per language.
fn vague_headings(language: &str) -> Option<&'static [&'static str]> {
    match language.split(['-', '_']).next().unwrap_or(language) {
        "en" => Some(&[
            "other",
            "others",
            "more",
            "information",
            "more information",
            "other information",
            "info",
            "miscellaneous",
            "misc",
            "details",
            "notes",
            "general",
        ]),
        "es" => Some(&[
            "otro",
            "otros",
            "otras",
            "más",
            "información",
            "más información",
            "otra información",
            "varios",
            "detalles",
            "notas",
            "general",
        ]),
        _ => None,
    }
}

/// Reads what the items need from a body's events, with their ranges in
/// `body`, for an entry in `language`.
pub(crate) fn read_body(body: &str, events: &[(Event<'_>, Range<usize>)], language: &str) -> BodyPemat {
    let english = language.split(['-', '_']).next() == Some("en");
    let mut walk = Walk {
        body,
        facts: BodyPemat {
            english,
            vague_headings: vague_headings(language).map(|_| Evidence::default()),
            ..Default::default()
        },
        vague: vague_headings(language).unwrap_or(&[]),
        block: Block::default(),
        heading: None,
        depth: 0,
        lists: Vec::new(),
        skip: 0,
        section: (0, 0),
        terms: Vec::new(),
    };
    for (event, range) in events {
        walk.event(event, range);
    }
    walk.finish()
}

/// The text of one block (a paragraph, a list item's text), as a patient
/// reads it, with where each piece of it is in the body.
#[derive(Default)]
struct Block {
    text: String,
    /// (offset in `text`, offset in the body) where each piece starts.
    places: Vec<(usize, usize)>,
}

impl Block {
    fn push(&mut self, text: &str, at: usize) {
        self.places.push((self.text.len(), at));
        self.text.push_str(text);
    }

    /// The body offset of byte `at` of the block's text.
    fn place(&self, at: usize) -> usize {
        let i = self.places.partition_point(|&(start, _)| start <= at).saturating_sub(1);
        self.places.get(i).map_or(0, |&(start, body_at)| body_at + (at - start))
    }
}

struct Walk<'b> {
    body: &'b str,
    facts: BodyPemat,
    vague: &'static [&'static str],
    block: Block,
    /// The heading being read: its text and where it starts.
    heading: Option<(String, usize)>,
    /// How deep in lists, quotes and tables.
    depth: u32,
    /// For each open list, whether it is ordered.
    lists: Vec<bool>,
    /// Inside code, HTML, a table or an image's alt text: not prose.
    skip: u32,
    /// The section being read: where it starts and its words so far.
    section: (usize, u32),
    /// Terms used: each term's index in the list, and in `facts.terms`.
    terms: Vec<(usize, usize)>,
}

impl Walk<'_> {
    fn event(&mut self, event: &Event<'_>, range: &Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(*tag),
            Event::Text(text) | Event::Code(text) if self.skip == 0 => match &mut self.heading {
                Some((heading, _)) => heading.push_str(text),
                None => self.block.push(text, range.start),
            },
            Event::SoftBreak | Event::HardBreak if self.skip == 0 => self.block.push(" ", range.start),
            _ => {}
        }
    }

    fn start(&mut self, tag: &Tag<'_>, range: &Range<usize>) {
        let top_level = self.depth == 0 && self.skip == 0;
        match tag {
            Tag::Heading { .. } => {
                self.flush();
                self.end_section(range.start);
                self.heading = Some((String::new(), range.start));
            }
            Tag::Paragraph => self.facts.blocks += u32::from(top_level),
            Tag::List(start) => {
                self.flush();
                self.facts.blocks += u32::from(top_level);
                self.facts.visual_cues += 1;
                self.facts.ordered_lists += u32::from(start.is_some());
                self.lists.push(start.is_some());
                self.depth += 1;
            }
            Tag::Item => self.flush(),
            Tag::BlockQuote(_) => {
                self.flush();
                self.facts.blocks += u32::from(top_level);
                self.facts.visual_cues += 1;
                self.depth += 1;
            }
            Tag::Strong => self.facts.visual_cues += 1,
            Tag::Table(_) => {
                self.flush();
                self.facts.blocks += u32::from(top_level);
                self.facts.visual_cues += 1;
                self.facts.tables += 1;
                self.skip += 1;
            }
            Tag::Image { .. } => {
                self.facts.images += 1;
                self.skip += 1;
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) | Tag::FootnoteDefinition(_) => {
                self.facts.blocks += u32::from(top_level);
                self.skip += 1;
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => self.end_heading(),
            TagEnd::Paragraph | TagEnd::Item => self.flush(),
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                self.depth = self.depth.saturating_sub(1);
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.depth = self.depth.saturating_sub(1);
            }
            TagEnd::Table
            | TagEnd::Image
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(_)
            | TagEnd::FootnoteDefinition => self.skip = self.skip.saturating_sub(1),
            _ => {}
        }
    }

    fn end_heading(&mut self) {
        let Some((text, at)) = self.heading.take() else { return };
        self.facts.headings += 1;
        let said = text.trim().trim_end_matches([':', '.', '?']).trim();
        let said_lower = said.to_lowercase();
        let is_vague = self.vague.iter().any(|v| said_lower == *v);
        if let (true, Some(vague)) = (is_vague, &mut self.facts.vague_headings) {
            vague.add(at, said);
        }
    }

    /// Ends the section being read; the next starts at `at`.
    fn end_section(&mut self, at: usize) {
        let (start, words) = self.section;
        if words > SECTION_WORDS {
            self.facts.long_sections.add(start, &format!("{words} words"));
        }
        self.section = (at, 0);
    }

    /// Reads the block of text gathered so far.
    fn flush(&mut self) {
        let block = std::mem::take(&mut self.block);
        if block.text.trim().is_empty() {
            return;
        }
        let words = detectors::words(&block.text).count() as u32;
        self.facts.words += words;
        self.section.1 += words;
        if self.facts.english {
            self.read_sentences(&block);
            self.find_terms(&block);
        }
    }

    fn read_sentences(&mut self, block: &Block) {
        let in_ordered_list = self.lists.last() == Some(&true);
        let facts = &mut self.facts;
        for (start, sentence) in detectors::sentences(&block.text) {
            facts.sentences += 1;
            let place = |at: usize| block.place(start + at);
            if let Some(at) = detectors::passive_at(sentence) {
                facts.passive.add(place(at), sentence);
            }
            if detectors::has_number(sentence) {
                facts.numbers += 1;
            }
            if let Some((at, number)) = detectors::unclear_number(sentence) {
                facts.unclear_numbers.add(place(at), number);
            }
            if let Some((at, phrase)) = detectors::calculation(sentence) {
                facts.calculations.add(place(at), phrase);
            }
            let lead = sentence.len() - sentence.trim_start().len();
            if detectors::is_action_for_you(sentence) {
                facts.actions_for_you.add(place(lead), sentence);
            }
            if detectors::is_action_for_others(sentence) {
                facts.actions_for_others.add(place(lead), sentence);
            }
            if !in_ordered_list && detectors::is_sequence_step(sentence) {
                facts.steps_in_prose.add(place(lead), sentence);
            }
        }
    }

    fn find_terms(&mut self, block: &Block) {
        for (range, term) in MEDICAL_TERMS.find(&block.text) {
            let defined =
                detectors::is_defined_at(&block.text, range.start, range.end, &detectors::ENGLISH_DEFINITIONS);
            match self.terms.iter().find(|(t, _)| *t == term) {
                Some(&(_, i)) => self.facts.terms[i].defined |= defined,
                None => {
                    self.terms.push((term, self.facts.terms.len()));
                    let first = block.place(range.start);
                    self.facts.terms.push(TermUse { term: MEDICAL_TERMS.terms[term].clone(), first, defined });
                }
            }
        }
    }

    fn finish(mut self) -> BodyPemat {
        self.flush();
        self.end_section(self.body.len());
        self.facts
    }
}

/// Which of PEMAT's two scores an item counts toward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dimension {
    Understandability,
    Actionability,
}

/// What became of one item for one entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Met, with what showed it.
    Met { evidence: String },
    /// Not met: what was found, how many times, and the first place (bytes
    /// into the file; `line` once placed).
    NotMet { evidence: String, count: u32, offset: usize, line: usize },
    /// Not applicable, by PEMAT's rule for this item.
    NotApplicable { reason: String },
    /// Only a person can rate it.
    NeedsPerson,
    /// Its detector is English only and the entry is not in English.
    NotJudged { reason: String },
}

/// One PEMAT-P item as judged for one entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemResult {
    /// AHRQ's number for the item.
    pub number: u8,
    pub name: &'static str,
    pub dimension: Dimension,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What judging an entry takes besides its body facts.
pub(crate) struct EntryInput<'a> {
    pub(crate) facts: &'a BodyPemat,
    pub(crate) summary: Option<&'a str>,
    /// Complex words used and not kept (item 3): how many, and the first.
    pub(crate) complex_words: (u32, Option<(usize, &'a str)>),
    /// Whether the language has a list of complex words.
    pub(crate) plain_words_judged: bool,
    /// Whether the site's glossary defines a term.
    pub(crate) in_glossary: &'a dyn Fn(&str) -> bool,
    /// Where the body starts in its file.
    pub(crate) body_offset: usize,
    /// Where its first text is in its file: the place of an item that found
    /// nothing to point at.
    pub(crate) text_start: usize,
}

/// Every print item for one entry, in AHRQ's order.
pub(crate) fn judge(input: &EntryInput) -> Vec<ItemResult> {
    use Dimension::{Actionability as A, Understandability as U};
    let f = input.facts;
    let very_short = f.blocks <= VERY_SHORT_BLOCKS;
    let person = || Outcome::NeedsPerson;
    let images = f.images > 0;
    let item = |number, name, dimension, outcome| ItemResult { number, name, dimension, outcome };
    vec![
        item(1, "purpose evident", U, person()),
        item(2, "no distracting content", U, person()),
        item(3, "everyday language", U, everyday_language(input)),
        item(4, "medical terms defined", U, english(f, || medical_terms(input))),
        item(5, "active voice", U, english(f, || active_voice(input))),
        item(6, "numbers clear", U, english(f, || numbers_clear(input))),
        item(7, "no calculations", U, english(f, || no_calculations(input))),
        item(8, "short sections", U, short(very_short, || short_sections(input))),
        item(9, "informative headings", U, short(very_short, || informative_headings(input))),
        item(10, "logical sequence", U, person()),
        item(11, "summary", U, short(very_short, || summary(input))),
        item(12, "visual cues", U, visual_cues(input)),
        item(15, "visual aids where they help", U, person()),
        item(16, "visual aids reinforce content", U, with_images(images)),
        item(17, "visual aids have captions", U, with_images(images)),
        item(18, "clear illustrations", U, with_images(images)),
        item(19, "simple tables", U, if f.tables > 0 { person() } else { not_applicable("no tables") }),
        item(20, "one clear action", A, english(f, || one_action(input))),
        item(21, "addresses the reader", A, english(f, || addresses_reader(input))),
        item(22, "steps broken down", A, english(f, || steps(input))),
        item(23, "tangible tool", A, person()),
        item(24, "calculation help", A, calculation_help(f)),
        item(25, "explains charts and tables", A, with_charts(f)),
        item(26, "visual aids to act", A, person()),
    ]
}

fn not_applicable(reason: &str) -> Outcome {
    Outcome::NotApplicable { reason: reason.into() }
}

fn met(evidence: impl Into<String>) -> Outcome {
    Outcome::Met { evidence: evidence.into() }
}

fn not_met(input: &EntryInput, evidence: impl Into<String>, count: u32, at: Option<usize>) -> Outcome {
    let offset = at.map_or(input.text_start, |at| input.body_offset + at);
    Outcome::NotMet { evidence: evidence.into(), count, offset, line: 0 }
}

/// An item whose detector reads English.
fn english(facts: &BodyPemat, judge: impl FnOnce() -> Outcome) -> Outcome {
    if facts.english { judge() } else { Outcome::NotJudged { reason: "its detector reads English only".into() } }
}

/// An item PEMAT does not apply to very short material.
fn short(very_short: bool, judge: impl FnOnce() -> Outcome) -> Outcome {
    if very_short { not_applicable("very short: two paragraphs or fewer") } else { judge() }
}

fn with_images(images: bool) -> Outcome {
    if images { Outcome::NeedsPerson } else { not_applicable("no visual aids") }
}

fn with_charts(f: &BodyPemat) -> Outcome {
    if f.images > 0 || f.tables > 0 { Outcome::NeedsPerson } else { not_applicable("no charts, tables or diagrams") }
}

fn everyday_language(input: &EntryInput) -> Outcome {
    if !input.plain_words_judged {
        return Outcome::NotJudged { reason: "gloss has no list of complex words in this language".into() };
    }
    match input.complex_words {
        (0, _) => met("no complex word from the list"),
        (count, first) => {
            let word = first.map_or("", |(_, w)| w);
            not_met(input, format!("\"{word}\" and other complex words"), count, first.map(|(at, _)| at))
        }
    }
}

fn medical_terms(input: &EntryInput) -> Outcome {
    let undefined: Vec<&TermUse> =
        input.facts.terms.iter().filter(|t| !t.defined && !(input.in_glossary)(&t.term)).collect();
    match undefined.first() {
        None if input.facts.terms.is_empty() => met("no medical term from the list"),
        None => met(format!("{} medical terms, each defined", input.facts.terms.len())),
        Some(first) => not_met(input, format!("\"{}\"", first.term), undefined.len() as u32, Some(first.first)),
    }
}

fn active_voice(input: &EntryInput) -> Outcome {
    let f = input.facts;
    let passive = f.passive.count;
    if f64::from(passive) <= PASSIVE_SHARE * f64::from(f.sentences) {
        met(format!("{passive} of {} sentences passive", f.sentences))
    } else {
        let evidence = format!("{passive} of {} sentences passive, as \"{}\"", f.sentences, f.passive.example);
        not_met(input, evidence, passive, f.passive.first)
    }
}

fn numbers_clear(input: &EntryInput) -> Outcome {
    let f = input.facts;
    if f.numbers == 0 {
        return not_applicable("no numbers");
    }
    match f.unclear_numbers.count {
        0 => met("no percentages, decimals or fractions"),
        n => not_met(
            input,
            format!("\"{}\", a percentage, decimal or fraction", f.unclear_numbers.example),
            n,
            f.unclear_numbers.first,
        ),
    }
}

fn no_calculations(input: &EntryInput) -> Outcome {
    let c = &input.facts.calculations;
    match c.count {
        0 => met("asks for no calculation"),
        n => not_met(input, format!("\"{}\" asks the reader to calculate", c.example), n, c.first),
    }
}

fn short_sections(input: &EntryInput) -> Outcome {
    let long = &input.facts.long_sections;
    match long.count {
        0 => met(format!("every section {SECTION_WORDS} words or fewer")),
        n => not_met(input, format!("a section of {}, over {SECTION_WORDS}", long.example), n, long.first),
    }
}

fn informative_headings(input: &EntryInput) -> Outcome {
    let f = input.facts;
    let Some(vague) = &f.vague_headings else {
        return Outcome::NotJudged { reason: "gloss has no list of vague headings in this language".into() };
    };
    if vague.count > 0 {
        return not_met(
            input,
            format!("the heading \"{}\" says nothing of its section", vague.example),
            vague.count,
            vague.first,
        );
    }
    if f.headings == 0 && f.words > SECTION_WORDS {
        return not_met(input, format!("{} words without a heading", f.words), 1, None);
    }
    met(format!("{} headings, none vague", f.headings))
}

fn summary(input: &EntryInput) -> Outcome {
    match input.summary.map(str::trim).filter(|s| !s.is_empty()) {
        Some(_) => met("`summary:` in the front matter"),
        None => Outcome::NotMet { evidence: "no `summary:`".into(), count: 1, offset: 0, line: 0 },
    }
}

fn visual_cues(input: &EntryInput) -> Outcome {
    match input.facts.visual_cues {
        0 => not_met(input, "no list, callout, bold text or table", 1, None),
        n => met(format!("{n} lists, callouts, bold or tables")),
    }
}

fn one_action(input: &EntryInput) -> Outcome {
    let f = input.facts;
    let first = if f.actions_for_you.count > 0 { &f.actions_for_you } else { &f.actions_for_others };
    match first.count {
        0 => not_met(input, "no sentence tells the reader what to do", 1, None),
        _ => met(format!("\"{}\"", first.example)),
    }
}

fn addresses_reader(input: &EntryInput) -> Outcome {
    let f = input.facts;
    let others = &f.actions_for_others;
    if others.count > 0 {
        return not_met(
            input,
            format!("\"{}\" is not addressed to \"you\"", others.example),
            others.count,
            others.first,
        );
    }
    match f.actions_for_you.count {
        0 => not_met(input, "no action addressed to \"you\"", 1, None),
        n => met(format!("{n} actions addressed to \"you\"")),
    }
}

fn steps(input: &EntryInput) -> Outcome {
    let f = input.facts;
    let prose = &f.steps_in_prose;
    if prose.count >= 2 && f.ordered_lists == 0 {
        let evidence = format!("steps told in sentences, as \"{}\", not in a numbered list", prose.example);
        return not_met(input, evidence, prose.count, prose.first);
    }
    if f.ordered_lists > 0 { met("a numbered list of steps") } else { met("no sequence of steps described") }
}

fn calculation_help(f: &BodyPemat) -> Outcome {
    if !f.english {
        return Outcome::NeedsPerson;
    }
    if f.calculations.count == 0 { not_applicable("no calculations") } else { Outcome::NeedsPerson }
}

/// Items met and items that apply, among the automated items of one
/// dimension.
pub(crate) fn points(items: &[ItemResult], dimension: Dimension) -> (u32, u32) {
    items.iter().filter(|i| i.dimension == dimension).fold((0, 0), |(met, rated), i| match i.outcome {
        Outcome::Met { .. } => (met + 1, rated + 1),
        Outcome::NotMet { .. } => (met, rated + 1),
        _ => (met, rated),
    })
}

/// A score in whole percent, `None` without items that apply.
pub(crate) fn percent((met, rated): (u32, u32)) -> Option<u32> {
    (rated > 0).then(|| (met * 100 + rated / 2) / rated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(markdown: &str) -> BodyPemat {
        let events: Vec<_> =
            pulldown_cmark::Parser::new_ext(markdown, crate::markdown::options()).into_offset_iter().collect();
        read_body(markdown, &events, "en")
    }

    #[test]
    fn the_shipped_list_is_long_enough() {
        assert!(MEDICAL_TERMS.len() >= 300, "{}", MEDICAL_TERMS.len());
    }

    #[test]
    fn places_point_into_the_body() {
        let body = "Intro.\n\n## Care\n\nYou may see **erythema** today. It is treated by us.\n";
        let f = facts(body);
        assert_eq!(&body[f.passive.first.unwrap()..][..10], "is treated");
        assert_eq!(&body[f.terms[0].first..][..8], "erythema");
        assert_eq!((f.headings, f.blocks, f.sentences, f.visual_cues), (1, 2, 3, 1));
    }

    #[test]
    fn steps_in_an_ordered_list_are_not_prose() {
        let f = facts("1. First, wash.\n2. Then dry.\n");
        assert_eq!((f.steps_in_prose.count, f.ordered_lists), (0, 1));
        let f = facts("First, wash. Then dry.\n");
        assert_eq!(f.steps_in_prose.count, 2);
    }

    #[test]
    fn sections_over_the_limit() {
        let long = "word ".repeat(SECTION_WORDS as usize + 1);
        let f = facts(&format!("## A\n\n{long}\n\n## B\n\nShort.\n"));
        assert_eq!((f.long_sections.count, f.long_sections.first), (1, Some(0)));
    }

    #[test]
    fn spanish_reads_structure_only() {
        let md = "## Otros\n\nEs un 50% menos. Se hace así.\n\n- uno\n";
        let events: Vec<_> =
            pulldown_cmark::Parser::new_ext(md, crate::markdown::options()).into_offset_iter().collect();
        let f = read_body(md, &events, "es");
        assert!(!f.english);
        assert_eq!((f.sentences, f.unclear_numbers.count, f.visual_cues), (0, 0, 1));
        assert_eq!(f.vague_headings.unwrap().count, 1);
    }

    #[test]
    fn scores_count_only_items_that_apply() {
        let item = |outcome| ItemResult { number: 1, name: "x", dimension: Dimension::Understandability, outcome };
        let items = [
            item(met("")),
            item(Outcome::NotMet { evidence: String::new(), count: 1, offset: 0, line: 0 }),
            item(Outcome::NeedsPerson),
            item(not_applicable("")),
        ];
        assert_eq!(points(&items, Dimension::Understandability), (1, 2));
        assert_eq!(percent((1, 2)), Some(50));
        assert_eq!(percent((2, 3)), Some(67));
        assert_eq!(percent((0, 0)), None);
    }
}
