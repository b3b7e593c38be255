//! Markdown: turning an entry's body into HTML with pulldown-cmark.
//!
//! On top of CommonMark this stage owns what a patient guide needs from its
//! text: GitHub-style alerts become labelled callouts, headings get stable ids
//! (unique per page) and a table of contents, footnote ids are namespaced so
//! several entries can share one page, and links written as paths to source
//! files (`is-it-painful.md#numbing`) become relative links to output pages.
//!
//! A body is parsed once (`Parsed`) and rendered from those events once
//! per page it appears on (entry page, guide page, print page), each time
//! with that page's `Placement`; its plain text and search sections come
//! from the same events. The checks parse each body too, with the same
//! options (`options`), for its links, ids and readability. What does not depend on the placement (links
//! resolved, glossary terms found, heading slugs, footnote numbers) is
//! worked out once per body (`Prepared`).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;

use crate::glossary::{Glossary, Term};
use crate::href::{self, Destination, Refusal};
use crate::html_nesting::{MisplacedBlock, Nesting};
use crate::images::{self, ImageSize};
use crate::theme_strings::BodyWords;

/// Where a rendered body will sit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placement<'a> {
    /// Relative prefix from the page to the site root (`""`, `"../"`, …).
    pub(crate) root: &'a str,
    /// Prefix for every id the body defines, so that several bodies can share
    /// a page without clashing; empty on the entry's own page.
    pub(crate) id_prefix: &'a str,
    /// How many levels to push headings down (`##` becomes h3 with 1).
    pub(crate) heading_shift: u8,
    /// Ids the page already uses outside this body; headings avoid them.
    pub(crate) taken_ids: &'a [String],
}

/// Resolves a link destination written in a source file to a page or file of
/// the site. Implemented by the site model, which knows every output path.
pub(crate) trait LinkResolver {
    /// `dest` is a relative or root-absolute path without its `#fragment`.
    /// Returns the root-relative output path, or why it does not resolve.
    fn resolve(&self, dest: &str) -> Result<String, String>;

    /// The intrinsic size of the image at `target` (a path [`Self::resolve`]
    /// gave), if it is one whose size is known.
    fn image_size(&self, _target: &str) -> Option<ImageSize> {
        None
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct TocItem {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) title: String,
}

/// An internal link found in the body, for checking `#anchors` once every
/// page's ids are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct InternalLink {
    /// Root-relative output path of the target page or file.
    pub(crate) target: String,
    pub(crate) fragment: Option<String>,
    /// Byte range of the link in the body.
    pub(crate) span: Range<usize>,
}

/// A link or image that points nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BrokenLink {
    pub(crate) dest: String,
    pub(crate) reason: String,
    pub(crate) span: Range<usize>,
}

/// A link or image whose URL may not reach a page (`javascript:`, …): it
/// is rendered as its text alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RefusedLink {
    pub(crate) refusal: Refusal,
    pub(crate) span: Range<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Rendered {
    pub(crate) html: String,
    pub(crate) toc: Vec<TocItem>,
    /// Every id the body defines (headings, footnotes), without the prefix.
    pub(crate) ids: Vec<String>,
    pub(crate) links: Vec<InternalLink>,
    pub(crate) broken: Vec<BrokenLink>,
    pub(crate) refused: Vec<RefusedLink>,
    /// Byte ranges of images that have no alt text (markdown images not
    /// marked decorative, and `<img>` without `alt` in raw HTML).
    pub(crate) images_without_alt: Vec<Range<usize>>,
    /// The site's own files the body shows as images: their root-relative
    /// path and where in the body.
    pub(crate) local_images: Vec<(String, Range<usize>)>,
    /// Headings more than one level below the heading above them (or the
    /// page's title), which are written one level below it instead.
    pub(crate) skipped_headings: Vec<SkippedHeading>,
    /// Addresses in raw HTML (`<a href>`, `<img src>`, …) that the sanitiser
    /// leaves out, as markdown links with them are refused.
    pub(crate) raw_refused: Vec<RefusedLink>,
    /// Raw HTML shown as text, as it leaves an element open around a
    /// markdown block HTML does not allow there (`<pre>`, a blank line, text).
    pub(crate) misplaced_blocks: Vec<MisplacedBlock>,
}

/// A heading that jumps levels: `####` under a `##`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SkippedHeading {
    /// Where the heading starts in the body.
    pub(crate) at: usize,
    /// The level above it: the heading before it, or 1, the page's title.
    pub(crate) above: u8,
    /// The level written (`#` counts as 2, the body's top level).
    pub(crate) written: u8,
}

/// The parser options every reader of a body uses (rendering, checks,
/// readability), so that all of them see the same events.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A body parsed once. An entry is shown on three pages and feeds the search
/// index and the guide's structured data; parsing costs more than walking
/// the events it gives, so they all start from these events.
pub(crate) struct Parsed<'a> {
    /// pulldown-cmark's events, each with its byte range in the body.
    events: Vec<(Event<'a>, Range<usize>)>,
    links: &'a dyn LinkResolver,
    /// Terms whose first use in the body gets a definition popover.
    glossary: Option<&'a Glossary>,
    /// The words gloss adds (callout labels, the popover's link), in the
    /// page's language.
    words: &'a BodyWords,
    /// What every placement's rendering shares, made by the first.
    prepared: OnceCell<Prepared>,
}

/// The body words of a site in English, for a parse that is not given its
/// page's language.
static ENGLISH_WORDS: std::sync::LazyLock<BodyWords> = std::sync::LazyLock::new(BodyWords::default);

impl<'a> Parsed<'a> {
    /// Parses `body`; `links` resolves the source paths its links name.
    pub(crate) fn new(body: &'a str, links: &'a dyn LinkResolver, glossary: Option<&'a Glossary>) -> Self {
        let events = Parser::new_ext(body, options()).into_offset_iter().collect();
        Parsed { events, links, glossary, words: &ENGLISH_WORDS, prepared: OnceCell::new() }
    }

    /// The same parse, writing its callout labels and popover links in `words`.
    pub(crate) fn in_words(self, words: &'a BodyWords) -> Self {
        Parsed { words, ..self }
    }

    /// The events as parsed, before any of gloss's additions.
    pub(crate) fn events(&self) -> impl Iterator<Item = &Event<'a>> {
        self.events.iter().map(|(event, _)| event)
    }

    /// The events as parsed, each with its byte range in the body.
    pub(crate) fn events_with_ranges(&self) -> &[(Event<'a>, Range<usize>)] {
        &self.events
    }

    /// Where each plain blockquote (one pulldown-cmark did not read as an
    /// alert) starts, in bytes of the body.
    pub(crate) fn plain_blockquote_starts(&self) -> impl Iterator<Item = usize> {
        self.events.iter().filter_map(|(event, range)| match event {
            Event::Start(Tag::BlockQuote(None)) => Some(range.start),
            _ => None,
        })
    }

    /// The body as HTML for the given placement.
    pub(crate) fn render(&self, placement: Placement<'_>) -> Rendered {
        let prepared = self.prepared();
        let page = OnPage { placement, heading_ids: prepared.heading_ids(placement.taken_ids) };
        let mut out = prepared.facts(&page);
        let events = prepared.pieces.iter().map(|piece| self.event(piece, prepared, &page));
        pulldown_cmark::html::push_html(&mut out.html, events);
        if prepared.has_raw_html {
            out.html = SANITIZER.clean(&out.html).to_string();
        }
        // The HTML grew by doubling; the dev server keeps every placement.
        out.html.shrink_to_fit();
        out
    }

    /// What the body defines and links to on the page of `placement`: its
    /// rendering without the HTML, which is what checks read.
    pub(crate) fn facts(&self, placement: Placement<'_>) -> Rendered {
        let prepared = self.prepared();
        prepared.facts(&OnPage { placement, heading_ids: prepared.heading_ids(placement.taken_ids) })
    }

    /// The glossary terms the body explains (indices into the glossary it
    /// was parsed with), in order of first use.
    pub(crate) fn explained_terms(&self) -> &[usize] {
        &self.prepared().term_indices
    }

    fn prepared(&self) -> &Prepared {
        self.prepared.get_or_init(|| Prepared::new(&self.events, self.links, self.glossary, self.words))
    }

    /// The event `piece` stands for on `page`; text is borrowed from the
    /// parse, not copied.
    fn event<'s>(&'s self, piece: &'s Piece, prepared: &'s Prepared, page: &OnPage<'_>) -> Event<'s> {
        let parsed = |i: usize| &self.events[i].0;
        let placement = &page.placement;
        match piece {
            Piece::Parsed(i) => reborrow(parsed(*i)),
            Piece::TextPart(i, range) => Event::Text(CowStr::Borrowed(&text_of(parsed(*i))[range.clone()])),
            Piece::Link { event, dest } => with_dest(parsed(*event), dest.href(placement)),
            Piece::Term(t) => Event::Html(prepared.terms[*t].markup(placement).into()),
            Piece::HeadingOpen(h) => {
                Event::Html(prepared.headings[*h].open_tag(placement, &page.heading_ids[*h]).into())
            }
            Piece::HeadingClose(h) => Event::Html(prepared.headings[*h].close_tag(placement).into()),
            Piece::FootnoteReference(n) => Event::Html(footnote_reference(*n, placement.id_prefix).into()),
            Piece::FootnoteDefinition(n) => Event::Html(footnote_definition(*n, placement.id_prefix).into()),
            Piece::Markup(html) => Event::Html(CowStr::Borrowed(html)),
            Piece::Image(n) => Event::InlineHtml(prepared.images[*n].markup(placement).into()),
            Piece::RawHtml(r) => prepared.raw_html[*r].event(parsed(prepared.raw_html[*r].event), placement.id_prefix),
        }
    }

    /// The body as an answer in FAQ structured data: HTML of only the
    /// elements Google reads there (`p`, `h1`–`h6`, `ul`, `ol`, `li`, `a`,
    /// `br`, `strong`, `em`, `div`), no attribute but a link's `href`. A
    /// link keeps its address only if it is a web, `mailto:` or `tel:` one
    /// (a path means nothing away from the page); images, raw HTML and
    /// footnote markers are left out, every word of the text kept.
    pub(crate) fn faq_answer_html(&self) -> String {
        let mut html = String::new();
        let mut in_image = false;
        // Per open link, whether its `<a>` was written.
        let mut links_kept = Vec::new();
        for event in self.events() {
            let tag: Cow<str> = match event {
                Event::Start(Tag::Image { .. }) => {
                    in_image = true;
                    continue;
                }
                Event::End(TagEnd::Image) => {
                    in_image = false;
                    continue;
                }
                _ if in_image => continue,
                Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                    let _ = escape_html(&mut html, t);
                    continue;
                }
                Event::SoftBreak => " ".into(),
                Event::HardBreak => "<br>".into(),
                Event::Start(Tag::Paragraph | Tag::TableHead | Tag::TableRow) => "<p>".into(),
                Event::End(TagEnd::Paragraph | TagEnd::TableHead | TagEnd::TableRow) => "</p>".into(),
                Event::End(TagEnd::TableCell) => " ".into(),
                Event::Start(Tag::Heading { level, .. }) => format!("<{level}>").into(),
                Event::End(TagEnd::Heading(level)) => format!("</{level}>").into(),
                Event::Start(Tag::List(Some(_))) => "<ol>".into(),
                Event::End(TagEnd::List(true)) => "</ol>".into(),
                Event::Start(Tag::List(None)) => "<ul>".into(),
                Event::End(TagEnd::List(false)) => "</ul>".into(),
                Event::Start(Tag::Item) => "<li>".into(),
                Event::End(TagEnd::Item) => "</li>".into(),
                Event::Start(Tag::Strong) => "<strong>".into(),
                Event::End(TagEnd::Strong) => "</strong>".into(),
                Event::Start(Tag::Emphasis) => "<em>".into(),
                Event::End(TagEnd::Emphasis) => "</em>".into(),
                Event::Start(Tag::BlockQuote(_) | Tag::CodeBlock(_) | Tag::Table(_) | Tag::FootnoteDefinition(_)) => {
                    "<div>".into()
                }
                Event::End(TagEnd::BlockQuote(_) | TagEnd::CodeBlock | TagEnd::Table | TagEnd::FootnoteDefinition) => {
                    "</div>".into()
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    let kept = matches!(href::destination(dest_url), Destination::External);
                    links_kept.push(kept);
                    if !kept {
                        continue;
                    }
                    let mut open = String::from("<a href=\"");
                    let _ = escape_href(&mut open, dest_url);
                    open.push_str("\">");
                    open.into()
                }
                Event::End(TagEnd::Link) if links_kept.pop() == Some(true) => "</a>".into(),
                _ => continue,
            };
            html.push_str(&tag);
        }
        html
    }
}

impl Parsed<'_> {
    /// The words of the body's first paragraph, shortened to whole sentences
    /// (or whole words) of at most [`DESCRIPTION_CHARS`] characters: the
    /// page's description for search results, where none is written.
    pub(crate) fn first_paragraph_description(&self) -> Option<String> {
        let mut line = String::new();
        let mut in_paragraph = false;
        for event in self.events() {
            match event {
                Event::Start(Tag::Paragraph) => in_paragraph = true,
                Event::End(TagEnd::Paragraph) if !line.trim().is_empty() => break,
                Event::Text(t) | Event::Code(t) if in_paragraph => line.push_str(t),
                Event::SoftBreak | Event::HardBreak if in_paragraph => line.push(' '),
                _ => {}
            }
        }
        let mut words = String::new();
        push_words(&mut words, &line).then(|| shorten_description(&words))
    }
}

/// How long a description search engines show whole.
pub(crate) const DESCRIPTION_CHARS: usize = 160;

/// `text` if it is short enough, else its first sentences that fit, else
/// its first words that fit and an ellipsis.
fn shorten_description(text: &str) -> String {
    if text.chars().count() <= DESCRIPTION_CHARS {
        return text.to_string();
    }
    let fits = |end: usize| text[..end].chars().count() <= DESCRIPTION_CHARS;
    let sentence_end = text
        .match_indices(['.', '!', '?'])
        .map(|(i, _)| i + 1)
        .filter(|&end| text[end..].starts_with(' '))
        .take_while(|&end| fits(end))
        .last();
    if let Some(end) = sentence_end {
        return text[..end].to_string();
    }
    let room = |end: &usize| text[..*end].chars().count() < DESCRIPTION_CHARS;
    let cut = match text.match_indices(' ').map(|(i, _)| i).take_while(room).last() {
        Some(word_end) => word_end,
        // One word longer than a description: cut inside it.
        None => text.char_indices().map(|(i, _)| i).take_while(room).last().unwrap_or(0),
    };
    format!("{}…", &text[..cut])
}

/// Appends the words of `line` to `text`, one space between each; whether
/// there was any.
fn push_words(text: &mut String, line: &str) -> bool {
    let mut words = line.split_whitespace();
    let Some(first) = words.next() else { return false };
    text.push_str(first);
    for word in words {
        text.push(' ');
        text.push_str(word);
    }
    true
}

/// Raw HTML a writer puts in markdown passes through ammonia, so a pasted
/// `<script>` or `onclick=` never reaches a patient's browser while `<sup>`,
/// `<br>` or a `<table>` still work. Bodies without raw HTML (almost all)
/// skip it. The attributes gloss itself generates are allowed.
static SANITIZER: std::sync::LazyLock<ammonia::Builder<'static>> = std::sync::LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["id", "class", "role", "aria-label", "tabindex"])
        .add_tags(["details", "summary", "mark", "figure", "figcaption", "button"])
        .add_tag_attributes("button", ["type", "popovertarget"])
        .add_tag_attributes("img", ["loading", "decoding"])
        .add_tag_attributes("span", ["popover"])
        .url_schemes(href::ALLOWED_SCHEMES.iter().copied().collect())
        .attribute_filter(|_, attribute, value| match attribute {
            "href" | "src" | "cite" | "longdesc" => match href::destination(value) {
                Destination::Refused(_) => None,
                _ => Some(href::as_valid_url(value)),
            },
            _ => Some(value.into()),
        })
        .link_rel(None);
    b
});

/// The elements whose tags the sanitiser keeps.
static KEPT_TAGS: std::sync::LazyLock<HashSet<&'static str>> = std::sync::LazyLock::new(|| SANITIZER.clone_tags());

/// What rendering a body shares between its placements: the events gloss
/// adds or changes, with links resolved, glossary terms found, footnotes
/// numbered and heading slugs made once. A placement only fills in its link
/// root, id prefix, heading shift and the ids its page already uses.
struct Prepared {
    /// What to write, in order.
    pieces: Vec<Piece>,
    headings: Vec<Heading>,
    /// The terms explained, in order of first use.
    terms: Vec<TermUse>,
    /// Which glossary term each of `terms` is (its index in the glossary).
    term_indices: Vec<usize>,
    /// Every id the body defines, in order.
    ids: Vec<BodyId>,
    links: Vec<InternalLink>,
    broken: Vec<BrokenLink>,
    refused: Vec<RefusedLink>,
    images_without_alt: Vec<Range<usize>>,
    local_images: Vec<(String, Range<usize>)>,
    skipped_headings: Vec<SkippedHeading>,
    raw_refused: Vec<RefusedLink>,
    misplaced_blocks: Vec<MisplacedBlock>,
    /// The body's pieces of raw HTML, in order.
    raw_html: Vec<RawHtml>,
    /// The body's images, in order, as every placement writes them.
    images: Vec<ImageTag>,
    has_raw_html: bool,
}

/// One event to write, by reference to the parse where it comes from there.
enum Piece {
    /// Parsed event `i` as it is.
    Parsed(usize),
    /// Part of parsed text event `i`, beside a glossary term.
    TextPart(usize, Range<usize>),
    /// The start of the link or image at parsed event `event`, pointing to
    /// `dest`.
    Link {
        event: usize,
        dest: Dest,
    },
    /// The `i`th term explained.
    Term(usize),
    HeadingOpen(usize),
    HeadingClose(usize),
    FootnoteReference(usize),
    FootnoteDefinition(usize),
    /// gloss's own markup, the same on every page.
    Markup(Cow<'static, str>),
    /// The `i`th image of the body, its alt text and attributes gathered.
    Image(usize),
    /// The `i`th piece of raw HTML of the body.
    RawHtml(usize),
}

/// A piece of the writer's HTML as every placement writes it.
struct RawHtml {
    /// The parsed event it is.
    event: usize,
    /// Where its ids and its `#fragment` links start: where the placement's
    /// id prefix goes, so that answers sharing a page keep their ids apart.
    id_starts: Vec<usize>,
    /// Written as text, not HTML (see `html_nesting`).
    as_text: bool,
}

/// An image as gloss writes it: pulldown-cmark's `<img>` with its intrinsic
/// size, and lazy loading where it is not the first thing a reader sees.
struct ImageTag {
    /// A page or file of the site, or `None` for the URL as written.
    dest: Option<Dest>,
    written: String,
    alt: String,
    title: String,
    size: Option<ImageSize>,
    /// Its place among the body's images, from 0.
    nth: usize,
}

/// An image whose alt text is being read.
struct OpenImage {
    tag: ImageTag,
    /// How many tags are open inside it.
    nested: usize,
    /// The site's file it shows, if it is one.
    target: Option<String>,
    /// The whole image in the body.
    span: Range<usize>,
}

/// A link destination gloss rewrites.
enum Dest {
    /// `#fragment` on the same page; it takes the placement's id prefix.
    SamePage(String),
    /// A page or file of the site: its root-relative path, already escaped
    /// for an href, and the fragment as written.
    Site { escaped_target: String, fragment: Option<String> },
}

/// A heading as every placement has it.
struct Heading {
    /// Its level in the body's outline, 2 for the top (`#` or `##`): as
    /// written, or one below the heading above it where it jumps further.
    level: u8,
    /// Its id before de-duplication: `{#id}`, else the title's slug.
    base_id: String,
    title: String,
}

enum BodyId {
    Heading(usize),
    Footnote(usize),
}

/// A placement, with the ids its page gives the body's headings.
struct OnPage<'p> {
    placement: Placement<'p>,
    heading_ids: Vec<String>,
}

impl Prepared {
    fn new(
        events: &[(Event<'_>, Range<usize>)],
        links: &dyn LinkResolver,
        glossary: Option<&Glossary>,
        words: &BodyWords,
    ) -> Prepared {
        let mut preparer = Preparer {
            links,
            glossary,
            words,
            out: Prepared {
                pieces: Vec::with_capacity(events.len() + events.len() / 8),
                headings: Vec::new(),
                terms: Vec::new(),
                term_indices: Vec::new(),
                ids: Vec::new(),
                links: Vec::new(),
                broken: Vec::new(),
                refused: Vec::new(),
                images_without_alt: Vec::new(),
                local_images: Vec::new(),
                skipped_headings: Vec::new(),
                raw_refused: Vec::new(),
                misplaced_blocks: Vec::new(),
                raw_html: Vec::new(),
                images: Vec::new(),
                has_raw_html: false,
            },
            open_links: Vec::new(),
            in_refused_autolink: false,
            footnotes: HashMap::new(),
            explained: HashSet::new(),
            no_terms: 0,
        };
        preparer.prepare(events);
        preparer.out
    }

    /// `section`, then `section-1`, `section-2`: ids stay stable as long as
    /// the headings above them do not change. `taken` ids count as used once.
    fn heading_ids(&self, taken: &[String]) -> Vec<String> {
        let mut used: HashMap<&str, usize> = taken.iter().map(|id| (id.as_str(), 1)).collect();
        self.headings
            .iter()
            .map(|heading| {
                let count = used.entry(&heading.base_id).or_insert(0);
                let id = if *count == 0 { heading.base_id.clone() } else { format!("{}-{count}", heading.base_id) };
                *count += 1;
                id
            })
            .collect()
    }

    /// Everything of the rendering but its HTML.
    fn facts(&self, page: &OnPage<'_>) -> Rendered {
        let OnPage { placement, heading_ids } = page;
        let toc = self
            .headings
            .iter()
            .zip(heading_ids)
            .map(|(heading, id)| TocItem {
                level: heading.level_on(placement),
                id: format!("{}{id}", placement.id_prefix),
                title: heading.title.clone(),
            })
            .collect();
        let ids = self
            .ids
            .iter()
            .map(|id| match id {
                BodyId::Heading(h) => heading_ids[*h].clone(),
                BodyId::Footnote(n) => format!("fn-{n}"),
            })
            .collect();
        Rendered {
            html: String::new(),
            toc,
            ids,
            links: self.links.clone(),
            broken: self.broken.clone(),
            refused: self.refused.clone(),
            images_without_alt: self.images_without_alt.clone(),
            local_images: self.local_images.clone(),
            skipped_headings: self.skipped_headings.clone(),
            raw_refused: self.raw_refused.clone(),
            misplaced_blocks: self.misplaced_blocks.clone(),
        }
    }
}

/// Makes a [`Prepared`] from the parse, in one pass.
struct Preparer<'r> {
    links: &'r dyn LinkResolver,
    glossary: Option<&'r Glossary>,
    words: &'r BodyWords,
    out: Prepared,
    /// Footnote label → its number, in order of first use.
    footnotes: HashMap<String, usize>,
    /// Glossary terms already explained in this body.
    explained: HashSet<usize>,
    /// How many open links, images and code blocks enclose the current text:
    /// glossary terms are never marked inside them.
    no_terms: usize,
    /// For each open link and image, whether its URL was refused: its end
    /// tag is left out with its start tag.
    open_links: Vec<bool>,
    /// Inside an autolink whose URL was refused: its text is that URL, so
    /// it is left out too.
    in_refused_autolink: bool,
}

/// A heading being read: its level, its `{#id}` and its title so far.
struct OpenHeading<'e> {
    level: u8,
    /// Where it starts in the body.
    at: usize,
    id: Option<&'e str>,
    title: String,
}

impl Preparer<'_> {
    fn prepare(&mut self, events: &[(Event<'_>, Range<usize>)]) {
        let mut heading: Option<OpenHeading> = None;
        let mut image_alt: Option<(Range<usize>, String, bool)> = None;
        let mut open_image: Option<OpenImage> = None;
        let kept = |name: &str| KEPT_TAGS.contains(name);
        let mut nesting = Nesting::new(&kept);
        let mut raw_facts = read_raw_html(events);
        for (i, (event, span)) in events.iter().enumerate() {
            match event {
                // An HTML block's elements stay open past its end.
                Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
                Event::Start(tag) => nesting.markdown_start(block_name(tag)),
                Event::End(_) => nesting.markdown_end(),
                Event::Rule => nesting.markdown_leaf("a thematic break"),
                _ => {}
            }
            match event {
                Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => self.no_terms += 1,
                Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => self.no_terms -= 1,
                _ => {}
            }
            if let Some(open) = open_image.as_mut() {
                if open.read(event)
                    && let Some(open) = open_image.take()
                {
                    self.close_image(open);
                }
                continue;
            }
            if self.in_refused_autolink && !matches!(event, Event::End(TagEnd::Link)) {
                continue;
            }
            if let (Event::Text(text), None, 0, Some(glossary)) = (event, &heading, self.no_terms, self.glossary) {
                self.explain_terms(i, text, glossary);
                continue;
            }
            if let Some((_, alt, _)) = image_alt.as_mut() {
                match event {
                    Event::Text(t) | Event::Code(t) => alt.push_str(t),
                    Event::End(TagEnd::Image) => {
                        let (range, alt, decorative) = image_alt.take().unwrap_or_default();
                        if alt.trim().is_empty() && !decorative {
                            self.out.images_without_alt.push(range);
                        }
                    }
                    _ => {}
                }
            }
            if let (Some(open), Event::Text(t) | Event::Code(t)) = (heading.as_mut(), event) {
                open.title.push_str(t);
            }
            let piece = match event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    heading = Some(OpenHeading {
                        level: *level as u8,
                        at: span.start,
                        id: id.as_deref(),
                        title: String::new(),
                    });
                    Piece::HeadingOpen(self.out.headings.len())
                }
                Event::End(TagEnd::Heading(_)) => match heading.take() {
                    Some(open) => self.close_heading(open),
                    None => continue,
                },
                Event::Start(Tag::Link { dest_url, link_type, .. }) => {
                    let piece = self.link(i, dest_url, span);
                    self.in_refused_autolink = self.open_links.last() == Some(&true)
                        && matches!(link_type, LinkType::Autolink | LinkType::Email);
                    piece
                }
                Event::Start(Tag::Image { dest_url, title, .. }) => {
                    let piece = self.link(i, dest_url, span);
                    if self.open_links.last() == Some(&true) {
                        // A refused URL: only the alt text is written.
                        image_alt = Some((span.clone(), String::new(), images::is_decorative(title)));
                        piece
                    } else {
                        open_image = Some(self.open_image(piece, dest_url, title, span));
                        continue;
                    }
                }
                Event::End(TagEnd::Link | TagEnd::Image) if self.open_links.pop() == Some(true) => {
                    self.in_refused_autolink = false;
                    continue;
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => Piece::Markup(callout_open(*kind, self.words).into()),
                Event::Start(Tag::Table(_)) => {
                    self.out.pieces.push(Piece::Markup(table_scroll_open(self.words).into()));
                    Piece::Parsed(i)
                }
                Event::End(TagEnd::Table) => {
                    self.out.pieces.push(Piece::Parsed(i));
                    Piece::Markup("</div>\n".into())
                }
                Event::End(TagEnd::BlockQuote(Some(_)) | TagEnd::FootnoteDefinition) => {
                    Piece::Markup("</div>\n".into())
                }
                Event::FootnoteReference(label) => Piece::FootnoteReference(self.footnote_number(label)),
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let n = self.footnote_number(label);
                    self.out.ids.push(BodyId::Footnote(n));
                    Piece::FootnoteDefinition(n)
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    self.out.has_raw_html = true;
                    let raw = raw_facts.remove(&i).unwrap_or_else(|| crate::raw_html::read(html));
                    let at = |offset: usize| span.start + offset..span.end;
                    self.out.images_without_alt.extend(raw.images_without_alt.into_iter().map(at));
                    let refused = raw.refused.into_iter();
                    self.out
                        .raw_refused
                        .extend(refused.map(|(offset, refusal)| RefusedLink { refusal, span: at(offset) }));
                    nesting.raw_html(self.out.raw_html.len(), span.start, &raw.tags);
                    self.out.raw_html.push(RawHtml { event: i, id_starts: raw.id_starts, as_text: false });
                    Piece::RawHtml(self.out.raw_html.len() - 1)
                }
                _ => Piece::Parsed(i),
            };
            self.out.pieces.push(piece);
        }
        for r in nesting.as_text {
            self.out.raw_html[r].as_text = true;
        }
        self.out.misplaced_blocks = nesting.misplaced;
    }

    /// The image whose start is `piece` (what [`Self::link`] made of it):
    /// where it points and what is known of it, its alt text still to read.
    fn open_image(&mut self, piece: Piece, written: &str, title: &str, span: &Range<usize>) -> OpenImage {
        let dest = match piece {
            Piece::Link { dest, .. } => Some(dest),
            _ => None,
        };
        // A page or file of the site was noted last, by `link`.
        let target = match &dest {
            Some(Dest::Site { .. }) => self.out.links.last().map(|link| link.target.clone()),
            _ => None,
        };
        let size = target.as_deref().and_then(|t| self.links.image_size(t));
        let tag = ImageTag {
            dest,
            written: written.to_string(),
            alt: String::new(),
            title: title.to_string(),
            size,
            nth: self.out.images.len(),
        };
        OpenImage { tag, nested: 0, target, span: span.clone() }
    }

    /// The end of an image: noted if it has no alt text and is not
    /// decorative, and written as one piece.
    fn close_image(&mut self, open: OpenImage) {
        let OpenImage { tag: mut image, target, span, .. } = open;
        self.open_links.pop();
        if images::is_decorative(&image.title) {
            image.alt.clear();
            image.title.clear();
        } else if image.alt.trim().is_empty() {
            self.out.images_without_alt.push(span.clone());
        }
        if let Some(target) = target {
            self.out.local_images.push((target, span));
        }
        self.out.pieces.push(Piece::Image(self.out.images.len()));
        self.out.images.push(image);
    }

    fn close_heading(&mut self, open: OpenHeading<'_>) -> Piece {
        let base_id = match open.id {
            Some(id) => id.to_string(),
            None => slug::slugify(&open.title),
        };
        let h = self.out.headings.len();
        // A page's outline is what screen reader users move through, level
        // by level: a heading never goes more than one level below the one
        // above it (the page's title, h1, above the first).
        let written = open.level.max(2);
        let above = self.out.headings.last().map_or(1, |heading| heading.level);
        if written > above + 1 {
            self.out.skipped_headings.push(SkippedHeading { at: open.at, above, written });
        }
        self.out.headings.push(Heading {
            level: written.min(above + 1),
            base_id: if base_id.is_empty() { "section".into() } else { base_id },
            title: open.title.trim().to_string(),
        });
        self.out.ids.push(BodyId::Heading(h));
        Piece::HeadingClose(h)
    }

    /// Link or image event `i`: its destination resolved, or as written if
    /// it is external, empty or broken (which is noted). A refused URL is
    /// noted and the tag left out, so only its text is written.
    fn link(&mut self, i: usize, dest: &str, span: &Range<usize>) -> Piece {
        let destination = href::destination(dest);
        self.open_links.push(matches!(destination, Destination::Refused(_)));
        match destination {
            Destination::Refused(refusal) => {
                self.out.refused.push(RefusedLink { refusal, span: span.clone() });
                return Piece::Markup("".into());
            }
            Destination::External => return Piece::Parsed(i),
            Destination::Relative if dest.is_empty() => return Piece::Parsed(i),
            Destination::Relative => {}
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            return Piece::Link { event: i, dest: Dest::SamePage(fragment.to_string()) };
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        match self.links.resolve(&percent_decode(path)) {
            Ok(target) => {
                let mut escaped_target = String::with_capacity(target.len());
                let _ = escape_href(&mut escaped_target, &target);
                let fragment = fragment.map(str::to_string);
                self.out.links.push(InternalLink { target, fragment: fragment.clone(), span: span.clone() });
                Piece::Link { event: i, dest: Dest::Site { escaped_target, fragment } }
            }
            Err(reason) => {
                self.out.broken.push(BrokenLink { dest: dest.to_string(), reason, span: span.clone() });
                Piece::Parsed(i)
            }
        }
    }

    /// Splits text event `i` around the first use of each glossary term not
    /// yet explained in this body, which becomes a button opening a popover
    /// with the definition (the HTML popover API: keyboard, touch and screen
    /// readers work without script; Esc closes it).
    fn explain_terms(&mut self, i: usize, text: &str, glossary: &Glossary) {
        let mut rest_start = 0;
        for found in glossary.find(text) {
            if !self.explained.insert(found.term) {
                continue;
            }
            if found.start > rest_start {
                self.out.pieces.push(Piece::TextPart(i, rest_start..found.start));
            }
            self.out.pieces.push(Piece::Term(self.out.terms.len()));
            self.out.terms.push(TermUse::new(&glossary.terms[found.term], &text[found.start..found.end], self.words));
            self.out.term_indices.push(found.term);
            rest_start = found.end;
        }
        if rest_start < text.len() {
            self.out.pieces.push(Piece::TextPart(i, rest_start..text.len()));
        }
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }
}

impl OpenImage {
    /// Reads `event`, inside the image, into its alt text as pulldown-cmark
    /// writes alt text; whether it is the image's end.
    fn read(&mut self, event: &Event<'_>) -> bool {
        match event {
            Event::Start(_) => self.nested += 1,
            Event::End(_) if self.nested == 0 => return true,
            Event::End(_) => self.nested -= 1,
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => self.tag.alt.push_str(t),
            Event::SoftBreak | Event::HardBreak => self.tag.alt.push(' '),
            _ => {}
        }
        false
    }
}

impl ImageTag {
    /// The `<img>` on the page of `placement`. The first image of a body on
    /// its own page (an entry's page, the home page, a guide's intro) may be
    /// on the first screen and loads at once; every other image, and every
    /// image of an entry placed among others (the guide page's closed
    /// questions, the print page), loads as it nears the screen.
    fn markup(&self, placement: &Placement<'_>) -> String {
        let mut html = String::from("<img src=\"");
        let _ = match &self.dest {
            Some(dest) => escape_href(&mut html, &dest.href(placement)),
            None => escape_href(&mut html, &self.written),
        };
        html.push_str("\" alt=\"");
        let _ = escape_html(&mut html, &self.alt);
        if !self.title.is_empty() {
            html.push_str("\" title=\"");
            let _ = escape_html(&mut html, &self.title);
        }
        html.push('"');
        if let Some(size) = self.size {
            let _ = write!(html, " width=\"{}\" height=\"{}\"", size.width, size.height);
        }
        if self.nth > 0 || !placement.id_prefix.is_empty() {
            html.push_str(" loading=\"lazy\" decoding=\"async\"");
        }
        html.push_str(" />");
        html
    }
}

impl Dest {
    fn href(&self, placement: &Placement<'_>) -> String {
        match self {
            Dest::SamePage(fragment) => format!("#{}{fragment}", placement.id_prefix),
            Dest::Site { escaped_target, fragment } => {
                let fragment_len = fragment.as_ref().map_or(0, |f| f.len() + 1);
                let mut href = String::with_capacity(placement.root.len() + escaped_target.len() + fragment_len);
                // escape_href escapes byte by byte: root and target escaped
                // apart are the two escaped together.
                let _ = escape_href(&mut href, placement.root);
                href.push_str(escaped_target);
                if let Some(f) = fragment {
                    href.push('#');
                    href.push_str(f);
                }
                href
            }
        }
    }
}

impl Heading {
    /// The page's h1 is the question or the guide title: a `#` in a body is
    /// taken as the body's top heading level, never a second h1.
    fn level_on(&self, placement: &Placement<'_>) -> u8 {
        let shift = placement.heading_shift;
        (self.level + shift).max(2 + shift).min(6)
    }

    fn open_tag(&self, placement: &Placement<'_>, id: &str) -> String {
        let mut open = format!("<h{} id=\"", self.level_on(placement));
        let _ = escape_html(&mut open, placement.id_prefix);
        let _ = escape_html(&mut open, id);
        open.push_str("\">");
        open
    }

    fn close_tag(&self, placement: &Placement<'_>) -> String {
        format!("</h{}>\n", self.level_on(placement))
    }
}

/// A glossary term's first use as a button and popover, made once with the
/// places left open where a placement puts its id prefix (twice) and root:
/// `TERM_OPEN`, prefix, `after_first_prefix`, prefix, `after_second_prefix`,
/// root, `after_root`.
struct TermUse {
    after_first_prefix: String,
    after_second_prefix: String,
    after_root: String,
}

const TERM_OPEN: &str = "<button type=\"button\" class=\"term\" popovertarget=\"";

impl TermUse {
    // escape_html and escape_href escape byte by byte, so the parts escaped
    // apart here are what escaping the whole id and href gave.
    fn new(term: &Term, written: &str, words: &BodyWords) -> TermUse {
        let slug = term.slug();
        let mut id = String::new();
        let _ = escape_html(&mut id, &format!("term-{slug}"));
        let mut after_first_prefix = format!("{id}\">");
        let _ = escape_html(&mut after_first_prefix, written);
        after_first_prefix.push_str("</button><span class=\"term-popover\" id=\"");
        let mut after_second_prefix = format!("{id}\" popover role=\"note\"><strong class=\"term-name\">");
        let _ = escape_html(&mut after_second_prefix, &term.term);
        after_second_prefix.push_str("</strong> ");
        let _ = escape_html(&mut after_second_prefix, &term.definition);
        after_second_prefix.push_str(" <a class=\"term-more\" href=\"");
        let mut after_root = String::new();
        let _ = escape_href(&mut after_root, &format!("{}#{slug}", crate::glossary::GLOSSARY_URL));
        after_root.push_str("\">");
        let _ = escape_html(&mut after_root, &words.glossary_more);
        after_root.push_str("</a></span>");
        TermUse { after_first_prefix, after_second_prefix, after_root }
    }

    fn markup(&self, placement: &Placement<'_>) -> String {
        let Placement { root, id_prefix, .. } = placement;
        let parts = [TERM_OPEN, &self.after_first_prefix, &self.after_second_prefix, &self.after_root];
        let mut html =
            String::with_capacity(parts.iter().map(|p| p.len()).sum::<usize>() + 2 * id_prefix.len() + root.len() * 3);
        html.push_str(TERM_OPEN);
        let _ = escape_html(&mut html, id_prefix);
        html.push_str(&self.after_first_prefix);
        let _ = escape_html(&mut html, id_prefix);
        html.push_str(&self.after_second_prefix);
        let _ = escape_href(&mut html, root);
        html.push_str(&self.after_root);
        html
    }
}

fn footnote_reference(n: usize, prefix: &str) -> String {
    format!("<sup class=\"footnote-reference\"><a href=\"#{prefix}fn-{n}\">{n}</a></sup>")
}

fn footnote_definition(n: usize, prefix: &str) -> String {
    format!(
        "<div class=\"footnote-definition\" id=\"{prefix}fn-{n}\"><sup class=\"footnote-definition-label\">{n}</sup>\n"
    )
}

/// The event with its text borrowed from `event` rather than copied: most
/// events are text, written three times from one parse.
fn reborrow<'s>(event: &'s Event<'_>) -> Event<'s> {
    let borrowed = |s: &'s CowStr<'_>| CowStr::Borrowed(s.as_ref());
    match event {
        Event::Text(t) => Event::Text(borrowed(t)),
        Event::Code(t) => Event::Code(borrowed(t)),
        Event::Html(t) => Event::Html(borrowed(t)),
        Event::InlineHtml(t) => Event::InlineHtml(borrowed(t)),
        other => other.clone(),
    }
}

/// Link or image `event` pointing to `dest_url` instead.
fn with_dest<'s>(event: &'s Event<'_>, dest_url: String) -> Event<'s> {
    let borrowed = |s: &'s CowStr<'_>| CowStr::Borrowed(s.as_ref());
    let dest_url = dest_url.into();
    match event {
        Event::Start(Tag::Link { link_type, title, id, .. }) => {
            Event::Start(Tag::Link { link_type: *link_type, dest_url, title: borrowed(title), id: borrowed(id) })
        }
        Event::Start(Tag::Image { link_type, title, id, .. }) => {
            Event::Start(Tag::Image { link_type: *link_type, dest_url, title: borrowed(title), id: borrowed(id) })
        }
        other => reborrow(other),
    }
}

impl RawHtml {
    /// The HTML of `event` (this piece's) with `prefix` before its ids, or
    /// its text.
    fn event<'s>(&self, event: &'s Event<'_>, prefix: &str) -> Event<'s> {
        let html: &'s str = match event {
            Event::Html(t) | Event::InlineHtml(t) => t,
            _ => "",
        };
        if self.as_text {
            return Event::Text(CowStr::Borrowed(html));
        }
        if prefix.is_empty() || self.id_starts.is_empty() {
            return reborrow(event);
        }
        let mut prefixed = String::with_capacity(html.len() + prefix.len() * self.id_starts.len());
        let mut from = 0;
        for &at in &self.id_starts {
            prefixed.push_str(&html[from..at]);
            prefixed.push_str(prefix);
            from = at;
        }
        prefixed.push_str(&html[from..]);
        match event {
            Event::Html(_) => Event::Html(prefixed.into()),
            _ => Event::InlineHtml(prefixed.into()),
        }
    }
}

/// What `raw_html` reads of each piece of raw HTML, by its event's index:
/// an HTML block's lines are read together.
fn read_raw_html(events: &[(Event<'_>, Range<usize>)]) -> HashMap<usize, crate::raw_html::RawHtmlFacts> {
    let mut facts = HashMap::new();
    let mut block: Vec<(usize, &str)> = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Html(html) => block.push((i, html)),
            Event::InlineHtml(html) => {
                facts.insert(i, crate::raw_html::read(html));
            }
            Event::End(TagEnd::HtmlBlock) => {
                let pieces: Vec<&str> = block.iter().map(|(_, html)| *html).collect();
                let read = crate::raw_html::read_pieces(&pieces);
                facts.extend(block.drain(..).map(|(i, _)| i).zip(read));
            }
            _ => {}
        }
    }
    facts
}

/// What a markdown element is called in a warning, if it is a block HTML
/// may not allow inside an element (`<p>` inside `<pre>`).
fn block_name(tag: &Tag<'_>) -> Option<&'static str> {
    Some(match tag {
        Tag::Paragraph => "a paragraph",
        Tag::Heading { .. } => "a heading",
        Tag::BlockQuote(_) => "a quote",
        Tag::CodeBlock(_) => "a code block",
        Tag::List(_) => "a list",
        Tag::Table(_) => "a table",
        Tag::FootnoteDefinition(_) => "a footnote",
        _ => return None,
    })
}

/// The text of a text event; pieces name text events only.
fn text_of<'s>(event: &'s Event<'_>) -> &'s str {
    match event {
        Event::Text(t) => t,
        _ => "",
    }
}

/// Wide tables scroll inside their own box on a phone instead of making the
/// page scroll sideways; the box takes focus so keyboard users can scroll it.
fn table_scroll_open(words: &BodyWords) -> String {
    let mut open = String::from("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"");
    let _ = escape_html(&mut open, &words.table);
    open.push_str("\">");
    open
}

/// Each GitHub alert kind's class and its patient-facing label. "Note" reads
/// as clerical to patients; "Good to know" (the English label) says why the
/// box is there.
fn callout_label(kind: BlockQuoteKind, words: &BodyWords) -> (&'static str, &str) {
    match kind {
        BlockQuoteKind::Note => ("note", &words.note),
        BlockQuoteKind::Tip => ("tip", &words.tip),
        BlockQuoteKind::Important => ("important", &words.important),
        BlockQuoteKind::Warning => ("warning", &words.warning),
        BlockQuoteKind::Caution => ("caution", &words.caution),
    }
}

fn callout_open(kind: BlockQuoteKind, words: &BodyWords) -> String {
    let (class, label) = callout_label(kind, words);
    let mut escaped = String::new();
    let _ = escape_html(&mut escaped, label);
    format!(
        "<div class=\"callout callout-{class}\" role=\"note\" aria-label=\"{escaped}\"><p class=\"callout-label\">{escaped}</p>\n"
    )
}

/// Writers may write `my%20file.md` as GitHub renders it; the file is
/// `my file.md`. Invalid escapes are kept as written.
pub(crate) fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = path.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Pages;
    impl LinkResolver for Pages {
        fn resolve(&self, dest: &str) -> Result<String, String> {
            match dest {
                "pain.md" => Ok("guide/pain/index.html".into()),
                "images/a b.png" => Ok("guide/images/a b.png".into()),
                _ => Err("no such file".into()),
            }
        }
    }

    fn render(md: &str, placement: Placement<'_>) -> Rendered {
        Parsed::new(md, &Pages, None).render(placement)
    }

    fn entry_page(md: &str) -> Rendered {
        render(md, Placement { root: "../../", id_prefix: "", heading_shift: 0, taken_ids: &[] })
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let r = entry_page("## Before\n\n## Before\n\n### Numbing `cream` {#numb}\n");
        assert!(r.html.contains("<h2 id=\"before\">Before</h2>"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"before-1\">"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"numb\">Numbing <code>cream</code></h3>"), "{}", r.html);
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["before", "before-1", "numb"]);
    }

    #[test]
    fn a_body_never_adds_a_second_h1() {
        let r = entry_page("# Top\n\n## Next\n");
        assert!(r.html.contains("<h2 id=\"top\">") && r.html.contains("<h2 id=\"next\">"), "{}", r.html);
    }

    #[test]
    fn guide_placement_shifts_and_prefixes() {
        let r = render(
            "## After [see](#after)\n",
            Placement { root: "../", id_prefix: "care-", heading_shift: 1, taken_ids: &[] },
        );
        assert!(r.html.contains("<h3 id=\"care-after-see\">"), "{}", r.html);
        assert!(r.html.contains("href=\"#care-after\""), "{}", r.html);
    }

    #[test]
    fn one_parse_renders_each_placement_afresh() {
        let g = glossary();
        let parsed = Parsed::new("## Scar care[^1]\n\nA scar.\n\n[^1]: Note.\n", &Pages, Some(&g));
        let own = Placement { root: "../../", id_prefix: "", heading_shift: 0, taken_ids: &[] };
        let first = parsed.render(own);
        let in_guide = parsed.render(Placement { root: "../", id_prefix: "care--", heading_shift: 1, ..own });
        let again = parsed.render(own);
        assert_eq!((&first.html, &first.toc, &first.ids), (&again.html, &again.toc, &again.ids));
        assert!(in_guide.html.contains("<h3 id=\"care--scar-care\">"), "{}", in_guide.html);
        assert!(in_guide.html.contains("popovertarget=\"care--term-scar\""), "{}", in_guide.html);
        assert!(in_guide.html.contains("id=\"care--fn-1\""), "{}", in_guide.html);
    }

    #[test]
    fn source_links_become_relative_page_links() {
        let r = entry_page("[pain](pain.md#numbing) and ![x](images/a%20b.png) and [web](https://example.com)");
        assert!(r.html.contains("href=\"../../guide/pain/index.html#numbing\""), "{}", r.html);
        assert!(r.html.contains("src=\"../../guide/images/a%20b.png\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://example.com\""), "{}", r.html);
        assert_eq!(r.links[0].fragment.as_deref(), Some("numbing"));
        assert!(r.broken.is_empty());
    }

    #[test]
    fn broken_links_are_reported_with_their_span() {
        let md = "Intro\n\n[gone](missing.md)";
        let r = entry_page(md);
        assert_eq!(r.broken.len(), 1);
        assert_eq!(&md[r.broken[0].span.clone()], "[gone](missing.md)");
    }

    #[test]
    fn refused_urls_never_reach_the_html_but_their_text_does() {
        let md = "[click](javascript:alert(1)) ![scan](data:image/png;base64,AA) <vbscript:x> [cdn](//evil.example)\n\n\
                  <a href=\"JaVaScRiPt:alert(2)\">raw</a> <img src=\"//evil.example/i.png\" alt=\"raw img\">";
        let r = entry_page(md);
        for gone in ["javascript", "JaVaScRiPt", "data:", "vbscript", "evil.example"] {
            assert!(!r.html.contains(gone), "{gone} in {}", r.html);
        }
        for kept in ["click", "scan", "cdn", ">raw</a>"] {
            assert!(r.html.contains(kept), "no {kept} in {}", r.html);
        }
        assert_eq!(r.refused.len(), 4);
        assert_eq!(&md[r.refused[0].span.clone()], "[click](javascript:alert(1))");
    }

    #[test]
    fn alerts_become_labelled_callouts() {
        let r = entry_page("> [!WARNING]\n> Call us.\n");
        assert!(
            r.html.contains("<div class=\"callout callout-warning\" role=\"note\" aria-label=\"Warning\">"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<p>Call us.</p>"), "{}", r.html);
        assert!(r.html.trim_end().ends_with("</div>"), "{}", r.html);
    }

    #[test]
    fn footnotes_are_numbered_and_prefixed() {
        let r = render(
            "Text[^src].\n\n[^src]: A source.\n",
            Placement { root: "", id_prefix: "e-", heading_shift: 0, taken_ids: &[] },
        );
        assert!(r.html.contains("href=\"#e-fn-1\""), "{}", r.html);
        assert!(r.html.contains("id=\"e-fn-1\""), "{}", r.html);
    }

    #[test]
    fn raw_html_is_sanitised_but_keeps_formatting() {
        let r = entry_page(
            "> [!TIP]\n> Hi\n\n<script>alert(1)</script>\n\nA <b onclick=\"x()\">bold</b> H<sub>2</sub>O [l](pain.md)\n",
        );
        assert!(!r.html.contains("script") && !r.html.contains("onclick"), "{}", r.html);
        assert!(r.html.contains("<b>bold</b>") && r.html.contains("<sub>2</sub>"), "{}", r.html);
        assert!(r.html.contains("<div class=\"callout callout-tip\" role=\"note\" aria-label=\"Tip\">"), "{}", r.html);
        assert!(r.html.contains("href=\"../../guide/pain/index.html\""), "{}", r.html);
    }

    #[test]
    fn a_long_first_paragraph_is_shortened_to_sentences_or_words() {
        let describe = |md: &str| Parsed::new(md, &Pages, None).first_paragraph_description();
        assert_eq!(describe("# Hi\n\nShort *one*.\n\nSecond."), Some("Short one.".into()));
        let long = format!("First sentence here. {}", "word ".repeat(40));
        assert_eq!(describe(&long), Some("First sentence here.".into()));
        let words = describe(&"word ".repeat(60)).unwrap();
        assert!(words.ends_with("word…") && words.chars().count() <= DESCRIPTION_CHARS, "{words}");
        let one = describe(&"x".repeat(300)).unwrap();
        assert_eq!(one.chars().count(), DESCRIPTION_CHARS);
        assert_eq!(describe("## Only a heading"), None);
    }

    #[test]
    fn faq_answers_keep_headings_lists_and_web_links_only() {
        let md = "Intro *with* [a link](x.md) and [a source](https://e.org/?a=1&b=\"2\").\n\n## Heading\n\n\
                  1. one\n2. two `<code>`\n\n> [!TIP]\n> Tip **text**.\n\n<b onclick=x>raw</b> ![alt](i.png)\n";
        assert_eq!(
            Parsed::new(md, &Pages, None).faq_answer_html(),
            "<p>Intro <em>with</em> a link and <a href=\"https://e.org/?a=1&amp;b=%222%22\">a source</a>.</p>\
             <h2>Heading</h2><ol><li>one</li><li>two &lt;code&gt;</li></ol>\
             <div><p>Tip <strong>text</strong>.</p></div><p>raw </p>"
        );
    }

    fn glossary() -> Glossary {
        let term = |t: &str| Term { term: t.into(), definition: format!("What {t} means."), aliases: vec![] };
        Glossary::new(vec![term("collagen"), term("scar")])
    }

    fn with_glossary(md: &str, id_prefix: &str) -> String {
        let g = glossary();
        let placement = Placement { root: "../../", id_prefix, heading_shift: 0, taken_ids: &[] };
        Parsed::new(md, &Pages, Some(&g)).render(placement).html
    }

    #[test]
    fn only_the_first_use_of_a_term_is_explained() {
        let html = with_glossary("Collagen helps. More collagen.\n\n- collagens again\n", "");
        assert_eq!(html.matches("class=\"term\"").count(), 1, "{html}");
        assert!(
            html.contains("<button type=\"button\" class=\"term\" popovertarget=\"term-collagen\">Collagen</button>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"term-popover\" id=\"term-collagen\" popover role=\"note\"><strong class=\"term-name\">collagen</strong> What collagen means. <a class=\"term-more\" href=\"../../glossary/index.html#collagen\">More in the glossary</a></span> helps."), "{html}");
    }

    #[test]
    fn terms_are_never_marked_in_headings_links_or_code() {
        let html = with_glossary(
            "## Collagen\n\n[collagen link](pain.md) `collagen` ![a scar](images/a%20b.png)\n\n```\ncollagen\n```\n\nScars, at last.\n",
            "",
        );
        assert_eq!(html.matches("class=\"term\"").count(), 1, "{html}");
        assert!(html.contains("popovertarget=\"term-scar\">Scars</button>"), "{html}");
        assert!(html.contains("<h2 id=\"collagen\">Collagen</h2>"), "{html}");
        assert!(html.contains("<code>collagen</code>") && html.contains(">collagen link</a>"), "{html}");
    }

    #[test]
    fn term_ids_are_prefixed_where_bodies_share_a_page() {
        let html = with_glossary("A scar.", "pain--");
        assert!(
            html.contains("popovertarget=\"pain--term-scar\"") && html.contains("id=\"pain--term-scar\""),
            "{html}"
        );
    }

    #[test]
    fn terms_survive_sanitising_of_raw_html() {
        let html = with_glossary("Collagen <b>bold</b>", "");
        assert!(html.contains("popovertarget=\"term-collagen\"") && html.contains("popover=\"\""), "{html}");
    }

    #[test]
    fn images_without_alt_are_noted() {
        let r = entry_page("![](images/a%20b.png) ![fine](images/a%20b.png)");
        assert_eq!(r.images_without_alt.len(), 1);
    }

    #[test]
    fn smart_punctuation_and_tables() {
        let r = entry_page("It's \"fine\" -- really.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(r.html.contains("It’s “fine” – really."), "{}", r.html);
        assert!(
            r.html.contains("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table\"><table>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("</table>\n</div>"), "{}", r.html);
    }
}
