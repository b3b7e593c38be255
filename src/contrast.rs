//! Colour contrast as WCAG 2.1 defines it: relative luminance and the
//! contrast ratio, so `check` can hold a practice's chosen colours to 4.5:1
//! for text and 3:1 for focus indicators. Colours are parsed by
//! csscolorparser (any CSS colour: `#0b5563`, `rgb(…)`, `teal`).

/// The contrast ratio of two CSS colours, from 1 to 21; `None` if either
/// is not a colour. Transparency is ignored (the colour is taken as opaque).
pub(crate) fn ratio(foreground: &str, background: &str) -> Option<f64> {
    let (a, b) = (luminance(foreground)?, luminance(background)?);
    let (light, dark) = if a > b { (a, b) } else { (b, a) };
    Some((light + 0.05) / (dark + 0.05))
}

/// Whether `text` is a CSS colour.
pub(crate) fn is_colour(text: &str) -> bool {
    csscolorparser::parse(text).is_ok()
}

/// WCAG 2.1 relative luminance of an sRGB colour.
fn luminance(colour: &str) -> Option<f64> {
    let c = csscolorparser::parse(colour.trim()).ok()?;
    let channel = |v: f32| {
        let v = f64::from(v);
        if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    Some(0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.05
    }

    #[test]
    fn known_ratios() {
        assert!(close(ratio("#000", "#fff").unwrap(), 21.0));
        assert!(close(ratio("white", "white").unwrap(), 1.0));
        // WebAIM's contrast checker: #767676 on white is 4.54:1, the lightest grey that passes.
        assert!(close(ratio("#767676", "#ffffff").unwrap(), 4.54));
        assert!(close(ratio("#0b5563", "#ffffff").unwrap(), 8.4));
        assert_eq!(ratio("#0b5563", "not a colour"), None);
    }
}
