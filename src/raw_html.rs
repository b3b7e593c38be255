//! What gloss reads of the HTML a writer types into markdown, in one pass
//! over its tags: `<img>` tags without `alt`, addresses (`href`, `src`,
//! `cite`, `longdesc`) that the sanitiser in `markdown` leaves out, judged
//! by the same rule (`href::destination`), where the ids it defines and the
//! `#fragment` links to them start (which take an entry's id prefix where
//! answers share a page), and the tags it opens and closes (for
//! `html_nesting`). HTML is read as leniently as quick-xml allows (end names
//! unchecked); reading stops at what it cannot read.

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};

use crate::href::{self, Destination, Refusal};

/// One piece of raw HTML's findings, each at the byte offset of its tag.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct RawHtmlFacts {
    pub(crate) images_without_alt: Vec<usize>,
    pub(crate) refused: Vec<(usize, Refusal)>,
    /// Where each `id` value, and each `#fragment` of an `href`, starts:
    /// where an id prefix goes.
    pub(crate) id_starts: Vec<usize>,
    /// Every start and end tag, in order.
    pub(crate) tags: Vec<RawTag>,
}

/// A start or end tag of raw HTML.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RawTag {
    /// Where its `<` is.
    pub(crate) at: usize,
    /// Its name, lowercase.
    pub(crate) name: String,
    pub(crate) is_end: bool,
}

pub(crate) fn read(html: &str) -> RawHtmlFacts {
    let mut reader = quick_xml::Reader::from_str(html);
    reader.config_mut().check_end_names = false;
    reader.config_mut().allow_unmatched_ends = true;
    let mut facts = RawHtmlFacts::default();
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(0);
        match reader.read_event() {
            Ok(Event::Start(element) | Event::Empty(element)) => {
                let tag_at = at + html[at..].find('<').unwrap_or(0);
                facts.read_tag(html, &element, tag_at);
            }
            Ok(Event::End(element)) => {
                let tag_at = at + html[at..].find('<').unwrap_or(0);
                let name = element.local_name().into_inner().to_ascii_lowercase();
                facts.tags.push(RawTag { at: tag_at, name, is_end: true });
            }
            Ok(Event::Eof) | Err(_) => return facts,
            Ok(_) => {}
        }
    }
}

/// [`read`] for HTML that comes in pieces (pulldown-cmark gives an HTML
/// block line by line, and a tag may span lines): read as one, each
/// finding given to the piece it is in, at its offset there.
pub(crate) fn read_pieces(pieces: &[&str]) -> Vec<RawHtmlFacts> {
    let starts: Vec<usize> =
        pieces.iter().scan(0, |at, piece| Some(std::mem::replace(at, *at + piece.len()))).collect();
    let whole = read(&pieces.concat());
    let mut facts: Vec<RawHtmlFacts> = pieces.iter().map(|_| RawHtmlFacts::default()).collect();
    let piece_of = |at: usize| {
        let i = starts.partition_point(|start| *start <= at).saturating_sub(1);
        (i, at - starts[i])
    };
    for at in whole.images_without_alt {
        let (i, at) = piece_of(at);
        facts[i].images_without_alt.push(at);
    }
    for (at, refusal) in whole.refused {
        let (i, at) = piece_of(at);
        facts[i].refused.push((at, refusal));
    }
    for at in whole.id_starts {
        let (i, at) = piece_of(at);
        facts[i].id_starts.push(at);
    }
    for tag in whole.tags {
        let (i, at) = piece_of(tag.at);
        facts[i].tags.push(RawTag { at, ..tag });
    }
    facts
}

impl RawHtmlFacts {
    fn read_tag(&mut self, html: &str, element: &BytesStart, at: usize) {
        let name = element.local_name().into_inner().to_ascii_lowercase();
        let mut has_alt = false;
        for attribute in element.html_attributes().with_checks(false).flatten() {
            let attribute_name = attribute.key.local_name().into_inner().to_ascii_lowercase();
            match attribute_name.as_str() {
                "alt" => has_alt = true,
                "id" => self.id_starts.extend(value_start(html, &attribute).filter(|_| !attribute.value.is_empty())),
                "href" if attribute.value.starts_with('#') && attribute.value.len() > 1 => {
                    self.id_starts.extend(value_start(html, &attribute).map(|start| start + 1));
                }
                "href" | "src" | "cite" | "longdesc" => {
                    let value = attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0);
                    let value = value.map_or_else(|_| attribute.value.to_string(), |v| v.into_owned());
                    if let Destination::Refused(refusal) = href::destination(&value) {
                        self.refused.push((at, refusal));
                    }
                }
                _ => {}
            }
        }
        if !has_alt && name == "img" {
            self.images_without_alt.push(at);
        }
        self.tags.push(RawTag { at, name, is_end: false });
    }
}

/// Where `attribute`'s value starts in `html`, which it was read from.
fn value_start(html: &str, attribute: &Attribute) -> Option<usize> {
    let offset = (attribute.value.as_ptr() as usize).checked_sub(html.as_ptr() as usize)?;
    (offset + attribute.value.len() <= html.len()).then_some(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_img_tags_without_alt() {
        let without_alt = |html: &str| read(html).images_without_alt;
        assert_eq!(without_alt(r#"<p>x <img src="a.png"> <IMG SRC=b.png alt=""></p>"#), [5]);
        assert_eq!(without_alt("<img src=a.png alt>"), Vec::<usize>::new());
        assert_eq!(without_alt("<figure>\n  <img src='a.png'/>\n</figure>"), [11]);
    }

    #[test]
    fn a_tag_over_two_pieces_is_read_whole() {
        let facts = read_pieces(&["<div id=\"foo\" class=\"bar\n", "  baz\">\n", "</div>\n"]);
        assert_eq!(facts[0].id_starts, [9]);
        assert_eq!(facts[0].tags, [RawTag { at: 0, name: "div".into(), is_end: false }]);
        assert_eq!(facts[2].tags, [RawTag { at: 0, name: "div".into(), is_end: true }]);
    }

    #[test]
    fn finds_the_addresses_the_sanitiser_leaves_out() {
        let refused: Vec<usize> = read("<a href=\"https://x.org/\">a</a> <a HREF='javascript:alert(1)'>b</a>")
            .refused
            .into_iter()
            .map(|(at, _)| at)
            .collect();
        assert_eq!(refused, [31]);
    }
}
