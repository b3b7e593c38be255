//! What gloss knows of the images a body shows: an image file's intrinsic
//! size (written into `<img>` so the page does not jump as it loads), read
//! from the header of the bytes content loaded (imagesize; an SVG's
//! `width`/`height` or `viewBox` with quick-xml), and whether an image is
//! decorative on purpose.

use quick_xml::events::Event;
use serde::Serialize;

/// The title that marks an image as decorative: `![](x.png "decorative")`
/// gets `alt=""` and no title, so screen readers pass over it.
pub(crate) const DECORATIVE: &str = "decorative";

/// An image's width and height in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(crate) struct ImageSize {
    pub(crate) width: u64,
    pub(crate) height: u64,
}

/// The intrinsic size of the image file `rel` whose bytes are `bytes`;
/// `None` for a file that is not an image gloss can read the size of.
pub(crate) fn intrinsic_size(rel: &str, bytes: &[u8]) -> Option<ImageSize> {
    let size = if rel.to_ascii_lowercase().ends_with(".svg") {
        svg_size(std::str::from_utf8(bytes).ok()?)?
    } else {
        let size = imagesize::blob_size(bytes).ok()?;
        ImageSize { width: size.width as u64, height: size.height as u64 }
    };
    (size.width > 0 && size.height > 0).then_some(size)
}

/// An SVG's size from its root element: `width` and `height` in pixels
/// (plain numbers or `px`), else the last two numbers of `viewBox`.
fn svg_size(text: &str) -> Option<ImageSize> {
    let mut reader = quick_xml::Reader::from_str(text);
    let root = loop {
        match reader.read_event().ok()? {
            Event::Start(element) | Event::Empty(element) => break element,
            Event::Eof => return None,
            _ => {}
        }
    };
    if !root.local_name().into_inner().eq_ignore_ascii_case("svg") {
        return None;
    }
    let attribute = |name: &str| {
        let value = root.try_get_attribute(name).ok()??.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok()?;
        Some(value.into_owned())
    };
    let pixels = |value: String| value.trim().trim_end_matches("px").trim().parse::<f64>().ok();
    let from_attributes = attribute("width").and_then(pixels).zip(attribute("height").and_then(pixels));
    let (width, height) = from_attributes.or_else(|| {
        let view_box = attribute("viewBox")?;
        let numbers: Vec<f64> =
            view_box.split(|c: char| c == ',' || c.is_whitespace()).filter_map(|n| n.parse().ok()).collect();
        match numbers.as_slice() {
            [_, _, w, h] => Some((*w, *h)),
            _ => None,
        }
    })?;
    let round = |v: f64| (0.5..1e6).contains(&v).then(|| v.round() as u64);
    Some(ImageSize { width: round(width)?, height: round(height)? })
}

/// Whether an image's title says it is decorative.
pub(crate) fn is_decorative(title: &str) -> bool {
    title.trim().eq_ignore_ascii_case(DECORATIVE)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest PNG header imagesize reads: signature and IHDR.
    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 2, 0, 0, 0]);
        bytes
    }

    #[test]
    fn reads_the_size_from_the_header_or_says_nothing() {
        assert_eq!(intrinsic_size("a.png", &png(640, 480)), Some(ImageSize { width: 640, height: 480 }));
        assert_eq!(intrinsic_size("a.png", b"not an image"), None);
        assert_eq!(intrinsic_size("a.png", &png(640, 480)[..12]), None);
        assert_eq!(intrinsic_size("notes.pdf", b"%PDF-1.7"), None);
    }

    #[test]
    fn reads_an_svgs_size_or_viewbox() {
        let size = |svg: &str| intrinsic_size("d.svg", svg.as_bytes()).map(|s| (s.width, s.height));
        assert_eq!(size(r#"<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="80"/>"#), Some((120, 80)));
        assert_eq!(size(r#"<?xml version="1.0"?><svg viewBox="0 0 24 16.4"></svg>"#), Some((24, 16)));
        assert_eq!(size(r#"<svg width="100%" height="100%"/>"#), None);
        assert_eq!(size("<html/>"), None);
        assert_eq!(size("<svg"), None);
    }
}
