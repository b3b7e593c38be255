//! Plain language beyond reading grades: the complex words and phrases an
//! entry uses where a plainer word would do (`plain_words`), each a warning
//! at its place with the plainer word to write, unless the entry keeps the
//! term on purpose (`plain_words_kept` in its front matter); and the PEMAT-P
//! items a program can judge (`pemat`, with the sentence detectors in
//! `detectors`), scored per entry and per guide, with a warning per item not
//! met where a score is under `plain_language.pemat_threshold`.

pub(crate) mod detectors;
pub(crate) mod pemat;
mod phrases;
pub(crate) mod plain_words;

use serde::Serialize;

use crate::checks::bodies::{BodyFacts, SiteBodies};
use crate::content::{Document, EntryMeta};
use crate::diagnostic::{Diagnostic, PematScores};
use crate::site::Site;
use pemat::{Dimension, EntryInput, ItemResult, Outcome};
use plain_words::ComplexWord;

/// One warning per complex word or phrase an entry uses and does not keep.
pub(crate) fn plain_word_warnings(site: &Site, bodies: &SiteBodies) -> Vec<Diagnostic> {
    let entries = site.guides.iter().zip(&bodies.entries).flat_map(|(guide, facts)| guide.entries.iter().zip(facts));
    entries
        .flat_map(|(entry, facts)| {
            let kept = &entry.doc.meta.plain_words_kept;
            facts
                .complex_words
                .iter()
                .filter(|word| !is_kept(kept, &word.term))
                .map(|word| plain_word_warning(&entry.doc, word))
        })
        .collect()
}

/// Whether an entry's `plain_words_kept` names `term`, whatever the case
/// of its letters ("Tópica", "tópica").
fn is_kept(kept: &[String], term: &str) -> bool {
    let term = term.to_lowercase();
    kept.iter().any(|k| k.trim().to_lowercase() == term)
}

fn plain_word_warning(doc: &Document<EntryMeta>, word: &ComplexWord) -> Diagnostic {
    let (line, col) = crate::diagnostic::line_col(&doc.text, doc.body_offset + word.range.start);
    let written = &doc.body()[word.range.clone()];
    Diagnostic::warning(
        &doc.path,
        line,
        col,
        format!("\"{written}\" is a word many patients do not know; a plainer one: \"{}\"", word.plain),
    )
    .with_help(format!(
        "write \"{}\"; or, to keep \"{}\" on purpose (defined where it is used), add it to this entry's \
         front matter: `plain_words_kept: [{}]`",
        word.plain, word.term, word.term
    ))
    .with_source(&doc.text)
}

/// Entries with fewer words than this are not scored: PEMAT rates whole
/// materials, and on a few sentences one item moves a score by a third.
pub(crate) const MIN_WORDS_SCORED: u32 = 50;

/// How one entry does on the PEMAT-P items, for `check`, the JSON output
/// and the dev server's report page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryPemat {
    /// Whether the entry is long enough to score ([`MIN_WORDS_SCORED`]).
    pub(crate) scored: bool,
    pub(crate) understandability: Option<u32>,
    pub(crate) actionability: Option<u32>,
    /// Items met and items rated, per dimension, for the guide's score.
    pub(crate) points: [(u32, u32); 2],
    pub(crate) items: Vec<ItemResult>,
}

impl EntryPemat {
    /// The items not met, in AHRQ's order.
    pub(crate) fn failed(&self) -> impl Iterator<Item = &ItemResult> {
        self.items.iter().filter(|i| matches!(i.outcome, Outcome::NotMet { .. }))
    }
}

/// The PEMAT items of one entry, from its body facts; `None` when gloss did
/// not read the body for them.
pub(crate) fn entry_pemat(site: &Site, doc: &Document<EntryMeta>, facts: &BodyFacts) -> Option<EntryPemat> {
    let body = facts.pemat.as_ref()?;
    let kept = &doc.meta.plain_words_kept;
    let mut complex = facts.complex_words.iter().filter(|w| !is_kept(kept, &w.term));
    let first = complex.next();
    let count = first.map_or(0, |_| 1 + complex.count() as u32);
    let in_glossary = |term: &str| site.glossary.find(term).any(|found| found.start == 0 && found.end == term.len());
    let input = EntryInput {
        facts: body,
        summary: doc.meta.summary.as_deref(),
        complex_words: (count, first.map(|w| (w.range.start, w.term.as_str()))),
        plain_words_judged: plain_words::for_language(&site.config.language).is_some() || !site.plain_words.is_empty(),
        in_glossary: &in_glossary,
        body_offset: doc.body_offset,
        text_start: doc.text.len() - doc.body().trim_start().len(),
    };
    let mut items = pemat::judge(&input);
    for item in &mut items {
        if let Outcome::NotMet { offset, line, .. } = &mut item.outcome {
            *line = crate::diagnostic::line_col(&doc.text, *offset).0;
        }
    }
    let points = [pemat::points(&items, Dimension::Understandability), pemat::points(&items, Dimension::Actionability)];
    let scored = body.words >= MIN_WORDS_SCORED;
    Some(EntryPemat {
        scored,
        understandability: pemat::percent(points[0]).filter(|_| scored),
        actionability: pemat::percent(points[1]).filter(|_| scored),
        points,
        items,
    })
}

/// Whether `points` are under `threshold` percent.
fn under(points: (u32, u32), threshold: f64) -> bool {
    points.1 > 0 && f64::from(points.0) * 100.0 < threshold * f64::from(points.1)
}

/// For each scored entry under the threshold in a dimension, one warning
/// per item of that dimension it does not meet, at the item's first place;
/// for each guide under it, one warning at its `_index.md`. `pemats`: each
/// entry's items, in site order.
pub(crate) fn pemat_warnings<'p>(
    site: &Site,
    pemats: impl IntoIterator<Item = Option<&'p EntryPemat>>,
) -> Vec<Diagnostic> {
    let threshold = site.config.plain_language.pemat_threshold;
    let mut pemats = pemats.into_iter();
    let mut warnings = Vec::new();
    for guide in &site.guides {
        let mut guide_points = [(0, 0); 2];
        for entry in &guide.entries {
            let Some(pemat) = pemats.next().flatten().filter(|p| p.scored) else { continue };
            for (total, points) in guide_points.iter_mut().zip(pemat.points) {
                *total = (total.0 + points.0, total.1 + points.1);
            }
            warnings.extend(entry_warnings(&entry.doc, pemat, threshold));
        }
        for (dimension, points) in
            [Dimension::Understandability, Dimension::Actionability].into_iter().zip(guide_points)
        {
            if under(points, threshold) {
                warnings.push(guide_warning(&guide.doc, dimension, points, threshold));
            }
        }
    }
    warnings
}

fn entry_warnings<'a>(
    doc: &'a Document<EntryMeta>,
    pemat: &'a EntryPemat,
    threshold: f64,
) -> impl Iterator<Item = Diagnostic> + 'a {
    let dimensions = [Dimension::Understandability, Dimension::Actionability];
    let low: Vec<Dimension> =
        dimensions.into_iter().zip(pemat.points).filter(|(_, p)| under(*p, threshold)).map(|(d, _)| d).collect();
    pemat.failed().filter(move |item| low.contains(&item.dimension)).map(move |item| {
        let (percent, name) = match item.dimension {
            Dimension::Understandability => (pemat.understandability, "understandability"),
            Dimension::Actionability => (pemat.actionability, "actionability"),
        };
        item_warning(doc, item, &format!("this entry's {name} is {}%, under {threshold}%", percent.unwrap_or(0)), pemat)
    })
}

fn item_warning(doc: &Document<EntryMeta>, item: &ItemResult, score: &str, pemat: &EntryPemat) -> Diagnostic {
    let Outcome::NotMet { evidence, count, offset, line } = &item.outcome else { unreachable!("only failed items") };
    let column = crate::diagnostic::line_col(&doc.text, *offset).1;
    let places = if *count > 1 { format!(" ({count} places, the first here)") } else { String::new() };
    let message = format!("PEMAT item {} ({}) not met: {evidence}{places}; {score}", item.number, item.name);
    let mut d =
        Diagnostic::warning(&doc.path, *line, column, message).with_help(item_help(item.number)).with_source(&doc.text);
    d.pemat = Some(Box::new(PematScores {
        item: Some(item.number),
        understandability: pemat.understandability,
        actionability: pemat.actionability,
    }));
    d
}

fn guide_warning(
    doc: &Document<crate::content::GuideMeta>,
    dimension: Dimension,
    points: (u32, u32),
    threshold: f64,
) -> Diagnostic {
    let name = match dimension {
        Dimension::Understandability => "understandability",
        Dimension::Actionability => "actionability",
    };
    let percent = pemat::percent(points).unwrap_or(0);
    let mut d = Diagnostic::warning(
        &doc.path,
        1,
        1,
        format!(
            "this guide's PEMAT {name} is {percent}% ({} of {} items met over its entries), under {threshold}%",
            points.0, points.1
        ),
    )
    .with_help(
        "fix the items its entries' warnings name; `gloss serve` lists every entry's items at /__gloss/readability",
    )
    .with_source(&doc.text);
    let score = Some(percent);
    d.pemat = Some(Box::new(match dimension {
        Dimension::Understandability => PematScores { item: None, understandability: score, actionability: None },
        Dimension::Actionability => PematScores { item: None, understandability: None, actionability: score },
    }));
    d
}

/// What to do about a failed item, in a writer's words.
fn item_help(number: u8) -> &'static str {
    match number {
        3 => "use the plainer words the other warnings suggest",
        4 => {
            "define the term where it is used (\"erythema (redness)\", \"X, which means ...\") or add it to content/glossary.yaml"
        }
        5 => {
            "say who does what: \"Your provider puts on the cream\", not \"The cream is put on\"; at most 1 sentence in 5 may be passive"
        }
        6 => {
            "write numbers patients read at a glance: \"3 in 10 people\", not \"30%\"; \"half\", not \"0.5\" or \"1/2\""
        }
        7 => "do the sum for the reader: give the number they need, not the way to work it out",
        8 => "split the section under more headings, each about one thing",
        9 => "name what the section tells, as a patient would ask it: \"How long does the redness last?\"",
        11 => "add `summary:` to the front matter: the answer in one or two sentences",
        12 => {
            "draw the eye to the key points: a list, a callout (`> [!TIP]`) or **bold** for the one thing to remember"
        }
        20 => "tell the reader at least one thing to do: \"Call us if ...\", \"You can ask ...\"",
        21 => "speak to the reader as \"you\": \"You should rest\", not \"Patients should rest\"",
        22 => "write the steps as a numbered list (`1.`, `2.`), one action a step",
        _ => "see docs/writing.md, \"PEMAT items\"",
    }
}
