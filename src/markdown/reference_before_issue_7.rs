//! The rendering code as it was before issue 7 (performance), kept verbatim
//! as the reference the faster rendering in `markdown.rs` is tested against:
//! HTML, table of contents, ids, links, broken links and images without alt
//! must come out the same for every placement. Test-only.
//!
//! What issue 7 left unchanged is not copied but used from `markdown.rs`:
//! the sanitiser, callout labels, the table box, `is_external` and
//! `percent_decode`.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use super::{
    BrokenLink, InternalLink, LinkResolver, Placement, Rendered, SANITIZER, TABLE_SCROLL_OPEN, TocItem, callout_open,
    is_external, percent_decode,
};
use crate::glossary::{Glossary, Term};

/// The body of a parse (`Parsed::events` with their ranges) as HTML for the
/// given placement: `Parsed::render` as it was.
pub fn render(
    events: &[(Event<'_>, Range<usize>)],
    links: &dyn LinkResolver,
    glossary: Option<&Glossary>,
    placement: Placement<'_>,
) -> Rendered {
    let mut out = Rendered::default();
    let used_ids = placement.taken_ids.iter().map(|id| (id.clone(), 1)).collect();
    let mut writer = Writer {
        placement,
        links,
        glossary,
        out: &mut out,
        used_ids,
        footnotes: HashMap::new(),
        explained: HashSet::new(),
        no_terms: 0,
    };
    let events = writer.transform(events.iter().cloned());
    let has_raw_html = events
        .iter()
        .any(|e| matches!(e, Event::InlineHtml(_)) || matches!(e, Event::Html(h) if !h.starts_with(GENERATED)));
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter().map(unmark));
    if has_raw_html {
        out.html = SANITIZER.clean(&out.html).to_string();
    }
    out
}

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
