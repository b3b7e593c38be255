//! Markdown: turning an entry's body into HTML with pulldown-cmark.
//!
//! On top of CommonMark this stage owns what a patient guide needs from its
//! text: GitHub-style alerts become labelled callouts, headings get stable ids
//! (unique per page) and a table of contents, footnote ids are namespaced so
//! several entries can share one page, and links written as paths to source
//! files (`is-it-painful.md#numbing`) become relative links to output pages.
//!
//! A body is parsed once ([`Parsed`]) and rendered from those events once
//! per page it appears on (entry page, guide page, print page), each time
//! with that page's [`Placement`]; its plain text and search sections come
//! from the same events.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use serde::Serialize;

use crate::glossary::{Glossary, Term};

/// Where a rendered body will sit.
#[derive(Debug, Clone, Copy)]
pub struct Placement<'a> {
    /// Relative prefix from the page to the site root (`""`, `"../"`, …).
    pub root: &'a str,
    /// Prefix for every id the body defines, so that several bodies can share
    /// a page without clashing; empty on the entry's own page.
    pub id_prefix: &'a str,
    /// How many levels to push headings down (`##` becomes h3 with 1).
    pub heading_shift: u8,
    /// Ids the page already uses outside this body; headings avoid them.
    pub taken_ids: &'a [String],
}

/// Resolves a link destination written in a source file to a page or file of
/// the site. Implemented by the site model, which knows every output path.
pub trait LinkResolver {
    /// `dest` is a relative or root-absolute path without its `#fragment`.
    /// Returns the root-relative output path, or why it does not resolve.
    fn resolve(&self, dest: &str) -> Result<String, String>;
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocItem {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// An internal link found in the body, for checking `#anchors` once every
/// page's ids are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// Root-relative output path of the target page or file.
    pub target: String,
    pub fragment: Option<String>,
    /// Byte range of the link in the body.
    pub span: Range<usize>,
}

/// A link or image that points nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub dest: String,
    pub reason: String,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocItem>,
    /// Every id the body defines (headings, footnotes), without the prefix.
    pub ids: Vec<String>,
    pub links: Vec<InternalLink>,
    pub broken: Vec<BrokenLink>,
    /// Byte ranges of images that have no alt text.
    pub images_without_alt: Vec<Range<usize>>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// A body parsed once. An entry is shown on three pages and feeds the search
/// index and the guide's structured data; parsing was most of the cost of
/// each of those, so they all start from these events instead.
pub struct Parsed<'a> {
    /// pulldown-cmark's events, each with its byte range in the body.
    events: Vec<(Event<'a>, Range<usize>)>,
    links: &'a dyn LinkResolver,
    /// Terms whose first use in the body gets a definition popover.
    glossary: Option<&'a Glossary>,
}

impl<'a> Parsed<'a> {
    /// Parses `body`; `links` resolves the source paths its links name.
    pub fn new(body: &'a str, links: &'a dyn LinkResolver, glossary: Option<&'a Glossary>) -> Self {
        let events = Parser::new_ext(body, options()).into_offset_iter().collect();
        Parsed { events, links, glossary }
    }

    /// The events as parsed, before any of gloss's additions.
    pub fn events(&self) -> impl Iterator<Item = &Event<'a>> {
        self.events.iter().map(|(event, _)| event)
    }

    /// The body as HTML for the given placement.
    pub fn render(&self, placement: Placement<'_>) -> Rendered {
        let mut out = Rendered::default();
        let used_ids = placement.taken_ids.iter().map(|id| (id.clone(), 1)).collect();
        let mut writer = Writer {
            placement,
            links: self.links,
            glossary: self.glossary,
            out: &mut out,
            used_ids,
            footnotes: HashMap::new(),
            explained: HashSet::new(),
            no_terms: 0,
        };
        let events = writer.transform(self.events.iter().cloned());
        let has_raw_html = events
            .iter()
            .any(|e| matches!(e, Event::InlineHtml(_)) || matches!(e, Event::Html(h) if !h.starts_with(GENERATED)));
        pulldown_cmark::html::push_html(&mut out.html, events.into_iter().map(unmark));
        if has_raw_html {
            out.html = SANITIZER.clean(&out.html).to_string();
        }
        out
    }

    /// The text of the body as a reader would copy it: every word, one line
    /// per paragraph, list item, heading or table row; no markup, no raw
    /// HTML. Used where text must stand alone, like the answer in FAQ
    /// structured data.
    pub fn plain_text(&self) -> String {
        let mut text = String::new();
        let mut line = String::new();
        for event in self.events() {
            match event {
                Event::Text(t) | Event::Code(t) => line.push_str(t),
                Event::SoftBreak | Event::HardBreak => line.push(' '),
                Event::End(
                    TagEnd::Paragraph
                    | TagEnd::Item
                    | TagEnd::Heading(_)
                    | TagEnd::CodeBlock
                    | TagEnd::TableRow
                    | TagEnd::TableHead
                    | TagEnd::BlockQuote(_),
                )
                | Event::Start(Tag::Item) => {
                    let trimmed = line.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !trimmed.is_empty() {
                        text.push_str(&trimmed);
                        text.push('\n');
                    }
                    line.clear();
                }
                Event::End(TagEnd::TableCell) => line.push(' '),
                _ => {}
            }
        }
        let rest = line.split_whitespace().collect::<Vec<_>>().join(" ");
        text.push_str(&rest);
        text.trim_end().to_string()
    }
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
        .add_tag_attributes("span", ["popover"])
        .link_rel(None);
    b
});

/// Marks the HTML events gloss generates, to tell them from a writer's raw
/// HTML; [`unmark`] strips the mark before writing.
const GENERATED: &str = "\u{0}";

fn generated<'e>(html: impl Into<String>) -> Event<'e> {
    Event::Html(format!("{GENERATED}{}", html.into()).into())
}

fn unmark(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Html(h) if h.starts_with(GENERATED) => Event::Html(h[GENERATED.len()..].to_string().into()),
        other => other,
    }
}

struct Writer<'a, 'r> {
    placement: Placement<'a>,
    links: &'r dyn LinkResolver,
    glossary: Option<&'r Glossary>,
    out: &'r mut Rendered,
    used_ids: HashMap<String, usize>,
    /// Footnote label → its number, in order of first use.
    footnotes: HashMap<String, usize>,
    /// Glossary terms already explained in this body.
    explained: HashSet<usize>,
    /// How many open links, images and code blocks enclose the current text:
    /// glossary terms are never marked inside them.
    no_terms: usize,
}

impl Writer<'_, '_> {
    fn transform<'e>(&mut self, events: impl Iterator<Item = (Event<'e>, Range<usize>)>) -> Vec<Event<'e>> {
        let mut result = Vec::new();
        let mut heading: Option<(HeadingLevel, Option<CowStr<'e>>, Vec<Event<'e>>)> = None;
        let mut image_alt: Option<(Range<usize>, String)> = None;
        for (event, span) in events {
            match &event {
                Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => self.no_terms += 1,
                Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => self.no_terms -= 1,
                _ => {}
            }
            if let (Event::Text(text), None, 0, Some(glossary)) = (&event, &heading, self.no_terms, self.glossary) {
                result.extend(self.explain_terms(text, glossary));
                continue;
            }
            if let Some((_, alt)) = image_alt.as_mut() {
                match &event {
                    Event::Text(t) | Event::Code(t) => alt.push_str(t),
                    Event::End(TagEnd::Image) => {
                        let (range, alt) = image_alt.take().unwrap_or_default();
                        if alt.trim().is_empty() {
                            self.out.images_without_alt.push(range);
                        }
                    }
                    _ => {}
                }
            }
            let event = match event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    heading = Some((level, id, Vec::new()));
                    continue;
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, id, inner)) = heading.take() {
                        result.extend(self.heading(level, id, inner));
                    }
                    continue;
                }
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    let dest_url = self.rewrite_dest(dest_url, span.clone());
                    Event::Start(Tag::Link { link_type, dest_url, title, id })
                }
                Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                    image_alt = Some((span.clone(), String::new()));
                    let dest_url = self.rewrite_dest(dest_url, span.clone());
                    Event::Start(Tag::Image { link_type, dest_url, title, id })
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => generated(callout_open(kind)),
                Event::End(TagEnd::BlockQuote(Some(_))) => generated("</div>\n"),
                Event::Start(Tag::Table(alignments)) => {
                    result.push(generated(TABLE_SCROLL_OPEN));
                    Event::Start(Tag::Table(alignments))
                }
                Event::End(TagEnd::Table) => {
                    result.push(Event::End(TagEnd::Table));
                    generated("</div>\n")
                }
                Event::FootnoteReference(label) => generated(self.footnote_reference(&label)),
                Event::Start(Tag::FootnoteDefinition(label)) => generated(self.footnote_definition(&label)),
                Event::End(TagEnd::FootnoteDefinition) => generated("</div>\n"),
                other => other,
            };
            match heading.as_mut() {
                Some((_, _, inner)) => inner.push(event),
                None => result.push(event),
            }
        }
        result
    }

    fn heading<'e>(&mut self, level: HeadingLevel, id: Option<CowStr<'e>>, inner: Vec<Event<'e>>) -> Vec<Event<'e>> {
        let title: String = inner
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let base = match id {
            Some(id) => id.to_string(),
            None => slug::slugify(&title),
        };
        let id = self.unique_id(if base.is_empty() { "section".into() } else { base });
        // The page's h1 is the question or the guide title: a `#` in a body
        // is taken as the body's top heading level, never a second h1.
        let shift = self.placement.heading_shift;
        let level = (level as u8 + shift).max(2 + shift).min(6);
        self.out.toc.push(TocItem {
            level,
            id: format!("{}{id}", self.placement.id_prefix),
            title: title.trim().to_string(),
        });
        let mut open = format!("<h{level} id=\"");
        let _ = escape_html(&mut open, self.placement.id_prefix);
        let _ = escape_html(&mut open, &id);
        open.push_str("\">");
        let mut events = vec![generated(open)];
        events.extend(inner);
        events.push(generated(format!("</h{level}>\n")));
        events
    }

    /// `section`, then `section-1`, `section-2`: ids stay stable as long as the
    /// headings above them do not change.
    fn unique_id(&mut self, base: String) -> String {
        let count = self.used_ids.entry(base.clone()).or_insert(0);
        let id = if *count == 0 { base } else { format!("{base}-{count}") };
        *count += 1;
        self.out.ids.push(id.clone());
        id
    }

    fn rewrite_dest<'e>(&mut self, dest: CowStr<'e>, span: Range<usize>) -> CowStr<'e> {
        if dest.is_empty() || is_external(&dest) {
            return dest;
        }
        if let Some(fragment) = dest.strip_prefix('#') {
            return format!("#{}{fragment}", self.placement.id_prefix).into();
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest.as_ref(), None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let decoded = percent_decode(path);
        match self.links.resolve(&decoded) {
            Ok(target) => {
                let mut href = String::new();
                let _ = escape_href(&mut href, &format!("{}{target}", self.placement.root));
                if let Some(f) = fragment {
                    href.push('#');
                    href.push_str(f);
                }
                self.out.links.push(InternalLink { target, fragment: fragment.map(str::to_string), span });
                href.into()
            }
            Err(reason) => {
                self.out.broken.push(BrokenLink { dest: dest.to_string(), reason, span });
                dest
            }
        }
    }

    /// Splits `text` around the first use of each glossary term not yet
    /// explained in this body, which becomes a button opening a popover with
    /// the definition (the HTML popover API: keyboard, touch and screen
    /// readers work without script; Esc closes it).
    fn explain_terms<'e>(&mut self, text: &str, glossary: &Glossary) -> Vec<Event<'e>> {
        let mut events = Vec::new();
        let mut rest_start = 0;
        for found in glossary.find(text) {
            if !self.explained.insert(found.term) {
                continue;
            }
            if found.start > rest_start {
                events.push(Event::Text(text[rest_start..found.start].to_string().into()));
            }
            events.push(generated(self.term_markup(&glossary.terms[found.term], &text[found.start..found.end])));
            rest_start = found.end;
        }
        if rest_start < text.len() {
            events.push(Event::Text(text[rest_start..].to_string().into()));
        }
        events
    }

    fn term_markup(&self, term: &Term, written: &str) -> String {
        let slug = term.slug();
        let id = format!("{}term-{slug}", self.placement.id_prefix);
        let mut html = String::new();
        html.push_str("<button type=\"button\" class=\"term\" popovertarget=\"");
        let _ = escape_html(&mut html, &id);
        html.push_str("\">");
        let _ = escape_html(&mut html, written);
        html.push_str("</button><span class=\"term-popover\" id=\"");
        let _ = escape_html(&mut html, &id);
        html.push_str("\" popover role=\"note\"><strong class=\"term-name\">");
        let _ = escape_html(&mut html, &term.term);
        html.push_str("</strong> ");
        let _ = escape_html(&mut html, &term.definition);
        html.push_str(" <a class=\"term-more\" href=\"");
        let _ = escape_href(&mut html, &format!("{}{}#{slug}", self.placement.root, crate::glossary::GLOSSARY_URL));
        html.push_str("\">More in the glossary</a></span>");
        html
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    fn footnote_reference(&mut self, label: &str) -> String {
        let n = self.footnote_number(label);
        let prefix = self.placement.id_prefix;
        format!("<sup class=\"footnote-reference\"><a href=\"#{prefix}fn-{n}\">{n}</a></sup>")
    }

    fn footnote_definition(&mut self, label: &str) -> String {
        let n = self.footnote_number(label);
        self.out.ids.push(format!("fn-{n}"));
        let prefix = self.placement.id_prefix;
        format!(
            "<div class=\"footnote-definition\" id=\"{prefix}fn-{n}\"><sup class=\"footnote-definition-label\">{n}</sup>\n"
        )
    }
}

/// Wide tables scroll inside their own box on a phone instead of making the
/// page scroll sideways; the box takes focus so keyboard users can scroll it.
const TABLE_SCROLL_OPEN: &str = "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table\">";

/// The patient-facing label of each GitHub alert kind. "Note" reads as
/// clerical to patients; "Good to know" says why the box is there.
pub fn callout_label(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Good to know"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

fn callout_open(kind: BlockQuoteKind) -> String {
    let (class, label) = callout_label(kind);
    format!(
        "<div class=\"callout callout-{class}\" role=\"note\" aria-label=\"{label}\"><p class=\"callout-label\">{label}</p>\n"
    )
}

/// `https:`, `mailto:`, `tel:`, `//cdn…`: anything with a scheme or a host.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !dest[..colon].contains('/')
        }
        None => false,
    }
}

/// Writers may write `my%20file.md` as GitHub renders it; the file is
/// `my file.md`. Invalid escapes are kept as written.
fn percent_decode(path: &str) -> String {
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
    fn plain_text_keeps_words_and_drops_markup() {
        let md = "Intro *with* [a link](x.md).\n\n## Heading\n\n- one\n- two `code`\n\n> [!TIP]\n> Tip text.\n\n<b>raw</b>\n";
        assert_eq!(
            Parsed::new(md, &Pages, None).plain_text(),
            "Intro with a link.\nHeading\none\ntwo code\nTip text.\nraw"
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
