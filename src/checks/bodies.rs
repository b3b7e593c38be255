//! Every markdown body read once before any page is rendered: what it links
//! to and which ids it defines on its own page, checked against every other
//! page's ids (broken links, URLs that may not reach a page, `#anchors` that
//! name no heading, images without alt text), how an entry reads and what the PEMAT items find in it. So a page that would be broken is known
//! to be before any page reaches an output.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::cache::{Digested, Recall};
use crate::content::Document;
use crate::diagnostic::{Diagnostic, Severity};
use crate::html_nesting::MisplacedBlock;
use crate::markdown::{BrokenLink, InternalLink, Parsed, Placement, RefusedLink, SkippedHeading};
use crate::plain_language::pemat::{self, BodyPemat};
use crate::plain_language::plain_words::{self, ComplexWord, PlainWords};
use crate::readability::{self, BodyReadability, Formula};
use crate::site::{self, LinkTable, Site};

/// What the checks read of one body, from one parse of it.
#[derive(Debug)]
pub(crate) struct BodyFacts {
    /// The ids the body defines on its own page.
    ids: Vec<String>,
    links: Vec<InternalLink>,
    broken: Vec<BrokenLink>,
    refused: Vec<RefusedLink>,
    images_without_alt: Vec<Range<usize>>,
    /// The site's own image files it shows, and where.
    local_images: Vec<(String, Range<usize>)>,
    /// Blockquotes that open like an alert of a kind there is not
    /// (`> [!DANGER]`): where the marker is, and the kind written.
    unknown_alerts: Vec<(Range<usize>, String)>,
    skipped_headings: Vec<SkippedHeading>,
    raw_refused: Vec<RefusedLink>,
    misplaced_blocks: Vec<MisplacedBlock>,
    /// How an entry reads (entries only).
    pub(crate) readability: Option<BodyReadability>,
    /// The complex words an entry uses (entries only).
    pub(crate) complex_words: Vec<ComplexWord>,
    /// What the PEMAT items read (entries only).
    pub(crate) pemat: Option<BodyPemat>,
}

/// All that reading a body reads: [`read_body`] is a function of this alone,
/// which is what lets the dev server recall it.
#[derive(Serialize)]
struct BodyInput<'a> {
    body: &'a str,
    path: &'a std::path::Path,
    links: &'a Digested<LinkTable>,
    /// Ids its page uses outside the body.
    taken: &'a [String],
    /// The readability target grade, for an entry.
    target: Option<f64>,
    /// The site's language, whose list of complex words and readability
    /// formula an entry is read by.
    language: &'a str,
    /// The site's own complex words (`content/plain_words.yaml`), which
    /// `plain_words` holds with the shipped ones.
    site_words: &'a [(String, String)],
    #[serde(skip)]
    plain_words: Option<&'a PlainWords>,
}

fn read_body(input: &BodyInput) -> BodyFacts {
    let links = input.links.from(input.path);
    let parsed = Parsed::new(input.body, &links, None);
    let on_own_page = Placement { root: "", id_prefix: "", heading_shift: 0, taken_ids: input.taken };
    let facts = parsed.facts(on_own_page);
    BodyFacts {
        ids: facts.ids,
        links: facts.links,
        broken: facts.broken,
        refused: facts.refused,
        images_without_alt: facts.images_without_alt,
        local_images: facts.local_images,
        unknown_alerts: unknown_alerts(input.body, &parsed),
        skipped_headings: facts.skipped_headings,
        raw_refused: facts.raw_refused,
        misplaced_blocks: facts.misplaced_blocks,
        readability: input
            .target
            .map(|target| readability::measure_events(parsed.events(), target, Formula::for_language(input.language))),
        complex_words: match (input.target, input.plain_words) {
            (Some(_), Some(list)) => list.find(input.body, parsed.events_with_ranges()),
            _ => Vec::new(),
        },
        pemat: input.target.map(|_| pemat::read_body(input.body, parsed.events_with_ranges(), input.language)),
    }
}

/// The five alert kinds GitHub and gloss know, as a writer types them.
const ALERT_KINDS: &str = "[!NOTE], [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION]";

/// Blockquotes whose first line is an alert marker of no known kind: the
/// marker would reach patients as text ("[!DANGER]"). A known kind never
/// gets here, as pulldown-cmark makes it an alert.
fn unknown_alerts(body: &str, parsed: &Parsed) -> Vec<(Range<usize>, String)> {
    parsed
        .plain_blockquote_starts()
        .filter_map(|start| {
            let line = body[start..].lines().next()?;
            let marker_at = start + line.find("[!")?;
            let after_quote = line.trim_start().strip_prefix('>')?.trim_start();
            let kind = after_quote.strip_prefix("[!")?.split_once(']')?.0;
            let is_word = !kind.is_empty() && kind.chars().all(|c| c.is_ascii_alphabetic());
            is_word.then(|| (marker_at..marker_at + kind.len() + 3, kind.to_string()))
        })
        .collect()
}

/// Every body of the site, read.
pub(crate) struct SiteBodies {
    home: Option<Arc<BodyFacts>>,
    intros: Vec<Arc<BodyFacts>>,
    /// Per guide, per entry.
    pub(crate) entries: Vec<Vec<Arc<BodyFacts>>>,
}

/// Reads every body of `site` in parallel; a body whose input `read` has
/// seen before is recalled.
pub(crate) fn read_bodies(site: &Site, read: &dyn Recall<Arc<BodyFacts>>) -> SiteBodies {
    let theme_ids = crate::render::theme_ids();
    let target = site.config.readability.target_grade;
    let plain_words = plain_words::for_site(&site.config.language, &site.plain_words);
    let facts = |doc_body: &str, path: &std::path::Path, taken: &[String], target: Option<f64>| {
        let input = BodyInput {
            body: doc_body,
            path,
            links: &site.links,
            taken,
            target,
            language: &site.config.language,
            site_words: &site.plain_words,
            plain_words: plain_words.as_deref(),
        };
        read.recall(&input, &mut || Arc::new(read_body(&input)))
    };
    let home = site.home.as_ref().map(|doc| facts(doc.body(), &doc.path, &theme_ids, None));
    let intros = site
        .guides
        .par_iter()
        .map(|guide| {
            let mut taken = theme_ids.clone();
            taken.extend(guide.entries.iter().map(|e| e.slug.clone()));
            facts(guide.doc.body(), &guide.doc.path, &taken, None)
        })
        .collect();
    let entries = site
        .guides
        .par_iter()
        .map(|guide| {
            guide.entries.par_iter().map(|e| facts(e.doc.body(), &e.doc.path, &theme_ids, Some(target))).collect()
        })
        .collect();
    SiteBodies { home, intros, entries }
}

/// A page with a markdown body: its URL, the ids it has, and the body.
type Source<'a> = (String, HashSet<&'a str>, Body<'a>);

/// A markdown body as its diagnostics need it: its file and its facts.
#[derive(Clone, Copy)]
struct Body<'a> {
    text: &'a str,
    path: &'a std::path::Path,
    body_offset: usize,
    facts: &'a BodyFacts,
}

impl<'a> Body<'a> {
    fn new<M>(doc: &'a Document<M>, facts: &'a BodyFacts) -> Self {
        Body { text: &doc.text, path: &doc.path, body_offset: doc.body_offset, facts }
    }

    /// An error at byte `offset` of the body, placed in its file.
    fn error_at(&self, offset: usize, message: String) -> Diagnostic {
        let (line, col) = crate::diagnostic::line_col(self.text, self.body_offset + offset);
        Diagnostic::error(self.path, line, col, message).with_source(self.text)
    }
}

impl SiteBodies {
    /// The output path of every page and file a body links to or shows.
    pub(crate) fn link_targets(&self) -> impl Iterator<Item = &str> {
        let bodies = self.home.iter().chain(&self.intros).chain(self.entries.iter().flatten());
        bodies.flat_map(|facts| facts.links.iter().map(|link| link.target.as_str()))
    }

    /// Broken links, `#anchors` that name no heading, images without alt
    /// text: each reported once, from the body's own page.
    pub(crate) fn diagnostics(&self, site: &Site) -> Vec<Diagnostic> {
        let mut sources: Vec<Source> = Vec::new();
        if let (Some(doc), Some(home)) = (&site.home, &self.home) {
            sources.push((site::HOME_URL.into(), home.ids.iter().map(String::as_str).collect(), Body::new(doc, home)));
        }
        for (guide, intro) in site.guides.iter().zip(&self.intros) {
            let mut guide_ids: HashSet<&str> = intro.ids.iter().map(String::as_str).collect();
            guide_ids.extend(guide.entries.iter().map(|e| e.slug.as_str()));
            sources.push((guide.url(), guide_ids, Body::new(&guide.doc, intro)));
        }
        sources.par_extend(site.guides.par_iter().zip(&self.entries).flat_map_iter(|(guide, facts)| {
            guide.entries.iter().zip(facts).map(|(entry, facts)| {
                let ids = facts.ids.iter().map(String::as_str).collect();
                (site::entry_url(&guide.slug, &entry.slug), ids, Body::new(&entry.doc, facts))
            })
        }));
        let ids_by_page: HashMap<&str, &HashSet<&str>> =
            sources.iter().map(|(url, ids, _)| (url.as_str(), ids)).collect();
        let mut diagnostics: Vec<Diagnostic> = sources
            .par_iter()
            .flat_map_iter(|(_, _, body)| body_diagnostics(*body, &ids_by_page, &site.links))
            .collect();
        diagnostics.extend(oversized_images(&sources, site));
        diagnostics
    }
}

/// The problems of one body's links and images.
fn body_diagnostics(body: Body, ids_by_page: &HashMap<&str, &HashSet<&str>>, links: &LinkTable) -> Vec<Diagnostic> {
    let facts = body.facts;
    let mut diagnostics = Vec::new();
    for broken in &facts.broken {
        diagnostics.push(
            body.error_at(broken.span.start, format!("broken link `{}`: {}", broken.dest, broken.reason))
                .with_help(broken_link_help(&broken.dest, &links.from(body.path))),
        );
    }
    for refused in &facts.refused {
        diagnostics
            .push(body.error_at(refused.span.start, refused.refusal.message()).with_help(refused.refusal.help()));
    }
    for link in &facts.links {
        let (Some(fragment), Some(ids)) = (&link.fragment, ids_by_page.get(link.target.as_str())) else { continue };
        if !ids.contains(fragment.as_str()) {
            diagnostics.push(
                body.error_at(link.span.start, format!("`#{fragment}` is not a heading on {}", link.target))
                    .with_help(heading_help(fragment, ids)),
            );
        }
    }
    for (marker, kind) in &facts.unknown_alerts {
        let mut d = body
            .error_at(marker.start, format!("`[!{kind}]` is not an alert kind, so patients would see it as text"))
            .with_help(format!("use one of {ALERT_KINDS}, or remove the marker"));
        d.severity = Severity::Warning;
        diagnostics.push(d);
    }
    for refused in &facts.raw_refused {
        let message = format!("{}; the HTML's link is left out, its text kept", refused.refusal.message());
        let mut d = body.error_at(refused.span.start, message).with_help(refused.refusal.help());
        d.severity = Severity::Warning;
        diagnostics.push(d);
    }
    for skip in &facts.skipped_headings {
        diagnostics.push(skipped_heading(&body, skip));
    }
    for misplaced in &facts.misplaced_blocks {
        diagnostics.push(misplaced_block(&body, misplaced));
    }
    for image in &facts.images_without_alt {
        diagnostics.push(body.error_at(image.start, "this image has no alt text".into()).with_help(
            "describe the image for people who cannot see it: `![a nurse applying numbing cream](images/x.jpg)`; \
             an image that only decorates says so: `![](images/x.jpg \"decorative\")`",
        ));
    }
    diagnostics
}

/// A heading written more than one level below the one above it: a
/// warning, as gloss writes it one level below instead.
fn skipped_heading(body: &Body, skip: &SkippedHeading) -> Diagnostic {
    let SkippedHeading { at, above, written } = *skip;
    let under = if above == 1 { "the page's title" } else { "the heading above it" };
    let mut d = body
        .error_at(
            at,
            format!(
                "this heading jumps from level {above} to level {written}; \
                 patients using screen readers navigate by level"
            ),
        )
        .with_help(format!(
            "write it as `{}`, one level below {under} (gloss shows it at that level)",
            "#".repeat(usize::from(above) + 1)
        ));
    d.severity = Severity::Warning;
    d
}

/// HTML left open around a markdown block it cannot hold: a warning, as
/// gloss shows that HTML as text.
fn misplaced_block(body: &Body, misplaced: &MisplacedBlock) -> Diagnostic {
    let MisplacedBlock { at, element, block } = misplaced;
    let mut d = body
        .error_at(
            *at,
            format!(
                "markdown goes on with {block} inside this `<{element}>`, which HTML does not allow there; \
                 the HTML is shown as text"
            ),
        )
        .with_help(format!(
            "a blank line ends HTML in markdown: keep `<{element}>` and its end tag without blank lines between \
             them, or write it in markdown (a ``` code block for `<pre>`, a table of `|` rows for `<table>`)"
        ));
    d.severity = Severity::Warning;
    d
}

/// What to say of a link to `dest`, which names no file of the site: the
/// file it most likely meant, its `#fragment` or `?query` kept.
fn broken_link_help(dest: &str, links: &site::SiteLinks) -> String {
    let path_len = dest.find(['#', '?']).unwrap_or(dest.len());
    let path = crate::markdown::percent_decode(&dest[..path_len]);
    match links.closest_file(&path) {
        Some(file) => format!("did you mean `{file}{}`?", &dest[path_len..]),
        None => "link to another entry by its file, e.g. `[pain](is-it-painful.md)`, or to a file next to it".into(),
    }
}

/// Images over the budget (`limits.image_kb`), each once, where a body
/// first shows it.
fn oversized_images(sources: &[Source], site: &Site) -> Vec<Diagnostic> {
    let budget_kb = site.config.limits.image_kb;
    let mut seen = HashSet::new();
    let mut diagnostics = Vec::new();
    for (_, _, body) in sources {
        for (target, span) in &body.facts.local_images {
            let Some(len) = site.links.asset(target).map(|a| a.len) else { continue };
            if len <= budget_kb.saturating_mul(1000) || !seen.insert(target.as_str()) {
                continue;
            }
            let mut d = body
                .error_at(
                    span.start,
                    format!("`content/{target}` is {}, over the image budget of {budget_kb} kB", kilobytes(len)),
                )
                .with_help(
                    "patients on a phone wait for every byte: save it smaller (1600 pixels wide is plenty, \
                     JPEG or WebP at about 80% quality), or raise `limits: image_kb:` in gloss.yaml",
                );
            d.severity = Severity::Warning;
            diagnostics.push(d);
        }
    }
    diagnostics
}

/// `len` bytes in kB or MB, as a writer reads a file's size.
fn kilobytes(len: u64) -> String {
    if len >= 1_000_000 { format!("{:.1} MB", len as f64 / 1e6) } else { format!("{} kB", len.div_ceil(1000)) }
}

/// What to say of `#fragment`, which is not one of `ids`.
fn heading_help(fragment: &str, ids: &HashSet<&str>) -> String {
    let mut known: Vec<&str> = ids.iter().copied().collect();
    known.sort_unstable();
    match crate::diagnostic::closest(fragment, &known) {
        Some(s) => format!("did you mean `#{s}`?"),
        None if known.is_empty() => "that page has no headings to link to".to_string(),
        None => format!("headings there: {}", known.iter().map(|k| format!("#{k}")).collect::<Vec<_>>().join(", ")),
    }
}
