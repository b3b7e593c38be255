//! What the checks read of the HTML a writer types into markdown, in one
//! pass over its tags: `<img>` tags without `alt`, and addresses (`href`,
//! `src`, `cite`, `longdesc`) that the sanitiser in `markdown` leaves out,
//! judged by the same rule (`href::destination`). HTML is read as leniently
//! as quick-xml allows (end names unchecked); reading stops at what it
//! cannot read.

use quick_xml::events::{BytesStart, Event};

use crate::href::{self, Destination, Refusal};

/// One piece of raw HTML's findings, each at the byte offset of its tag.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct RawHtmlFacts {
    pub(crate) images_without_alt: Vec<usize>,
    pub(crate) refused: Vec<(usize, Refusal)>,
}

pub(crate) fn read(html: &str) -> RawHtmlFacts {
    let mut reader = quick_xml::Reader::from_str(html);
    reader.config_mut().check_end_names = false;
    let mut facts = RawHtmlFacts::default();
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(0);
        match reader.read_event() {
            Ok(Event::Start(element) | Event::Empty(element)) => {
                let tag_at = at + html[at..].find('<').unwrap_or(0);
                facts.read_tag(&element, tag_at);
            }
            Ok(Event::Eof) | Err(_) => return facts,
            Ok(_) => {}
        }
    }
}

impl RawHtmlFacts {
    fn read_tag(&mut self, element: &BytesStart, at: usize) {
        let mut has_alt = false;
        for attribute in element.html_attributes().with_checks(false).flatten() {
            let name = attribute.key.local_name().into_inner().to_ascii_lowercase();
            match name.as_str() {
                "alt" => has_alt = true,
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
        if !has_alt && element.local_name().into_inner().eq_ignore_ascii_case("img") {
            self.images_without_alt.push(at);
        }
    }
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
    fn finds_the_addresses_the_sanitiser_leaves_out() {
        let refused: Vec<usize> = read("<a href=\"https://x.org/\">a</a> <a HREF='javascript:alert(1)'>b</a>")
            .refused
            .into_iter()
            .map(|(at, _)| at)
            .collect();
        assert_eq!(refused, [31]);
    }
}
