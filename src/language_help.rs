//! The notice of free language assistance (`language_help:` in gloss.yaml):
//! a tagline in each language the practice chooses, each saying in that
//! language that help is free and giving the phone number, on every page and
//! handout of every language (Section 1557 of the ACA asks practices that take
//! federal funds for such taglines). This module owns reading it, its value
//! errors, and what a template gets of it. The practice writes each tagline
//! in its own language, so a theme prints none of its own words for it.

use std::fmt;
use std::path::Path;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::diagnostic::Diagnostic;
use crate::language_codes;

/// Where a tagline shows the phone number; without it, the number follows
/// the text.
pub(crate) const PHONE_MARK: &str = "{phone}";

/// `language_help:` as gloss.yaml writes it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LanguageHelp {
    /// The number patients call for an interpreter, shown as a `tel:` link.
    pub(crate) phone: String,
    /// Each language's tagline, in the order gloss.yaml writes them.
    pub(crate) taglines: Taglines,
}

/// Taglines by language code, in the order written (a YAML map read in
/// order: the practice decides which language comes first).
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Taglines(pub(crate) Vec<(String, String)>);

impl<'de> Deserialize<'de> for Taglines {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> Visitor<'de> for InOrder {
            type Value = Taglines;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a tagline for each language code, like `es: \"ATENCIÓN: …\"`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Taglines, A::Error> {
                let mut taglines = Vec::new();
                while let Some((code, text)) = map.next_entry::<String, String>()? {
                    taglines.push((code, text));
                }
                Ok(Taglines(taglines))
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}

/// What a template gets: `site.language_help`.
#[derive(Debug, Serialize)]
pub(crate) struct LanguageHelpView<'a> {
    phone: &'a str,
    /// `tel:` address of `phone`.
    phone_href: Option<String>,
    taglines: Vec<TaglineView<'a>>,
}

/// One tagline, cut where the phone number goes.
#[derive(Debug, Serialize)]
struct TaglineView<'a> {
    lang: &'a str,
    /// `ltr` or `rtl`, so an Arabic tagline reads right to left on an
    /// English page and an English one left to right on an Arabic page.
    dir: &'static str,
    before_phone: String,
    after_phone: &'a str,
}

impl LanguageHelp {
    pub(crate) fn view(&self) -> LanguageHelpView<'_> {
        let taglines = self
            .taglines
            .0
            .iter()
            .map(|(lang, text)| {
                let (before_phone, after_phone) = match text.split_once(PHONE_MARK) {
                    Some((before, after)) => (before.to_string(), after),
                    None => (format!("{} ", text.trim_end()), ""),
                };
                TaglineView { lang, dir: language_codes::direction(lang), before_phone, after_phone }
            })
            .collect();
        LanguageHelpView { phone: &self.phone, phone_href: crate::href::tel_href(&self.phone), taglines }
    }

    /// Values that type but cannot be shown: no number to call, no tagline,
    /// a code that is no language tag, a tagline without text. Each at its
    /// place in gloss.yaml (`yaml`).
    pub(crate) fn value_errors(&self, path: &Path, yaml: &str) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let at = |key: &str| {
            key_position(yaml, key).unwrap_or_else(|| key_position(yaml, "language_help").unwrap_or((1, 1)))
        };
        if !self.phone.chars().any(|c| c.is_ascii_digit()) {
            let (line, column) = at("phone");
            let column = value_column(yaml, line, column);
            errors.push(
                Diagnostic::error(path, line, column, "`language_help.phone` has no phone number")
                    .with_help("write the number patients call for an interpreter, like \"555-0100\"")
                    .with_source(yaml),
            );
        }
        if self.taglines.0.is_empty() {
            let (line, column) = at("taglines");
            errors.push(
                Diagnostic::error(path, line, column, "`language_help.taglines` has no tagline")
                    .with_help("write a tagline for each language, like `es: \"ATENCIÓN: si habla español, …\"`")
                    .with_source(yaml),
            );
        }
        for (code, text) in &self.taglines.0 {
            let (line, column) = at(code);
            if !language_codes::is_language_code(code) {
                errors.push(
                    Diagnostic::error(path, line, column, format!("`{code}` is not a language code"))
                        .with_help(
                            "write each tagline under its language tag: two or three lowercase letters, like `es` \
                             or `vi`, optionally a region, like `zh-Hant`",
                        )
                        .with_source(yaml),
                );
            } else if text.replace(PHONE_MARK, "").trim().is_empty() {
                errors.push(
                    Diagnostic::error(
                        path,
                        line,
                        column,
                        format!("the `{code}` tagline of `language_help` has no text"),
                    )
                    .with_help(format!(
                        "write in that language that language help is free and to call; `{PHONE_MARK}` shows \
                             where the number goes"
                    ))
                    .with_source(yaml),
                );
            }
        }
        errors
    }
}

/// The column of the value of the key at `line`, `column` of `yaml`.
fn value_column(yaml: &str, line: usize, column: usize) -> usize {
    let Some(text) = yaml.lines().nth(line - 1) else { return column };
    let key_and_after: String = text.chars().skip(column - 1).collect();
    let after_colon = key_and_after.split_once(':').map_or("", |(_, after)| after);
    let value = after_colon.trim_start();
    column + key_and_after.chars().count() - value.chars().count()
}

/// Where `key:` is written under `language_help:` (its line and the
/// column of the key), outside comments; `None` if it is not.
fn key_position(yaml: &str, key: &str) -> Option<(usize, usize)> {
    let mut lines = yaml.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with('#'));
    let start = if key == "language_help" { None } else { lines.find(|(_, l)| l.starts_with("language_help:")) };
    let mut rest: Box<dyn Iterator<Item = (usize, &str)>> = match start {
        // The key's own line, for the flow style (`language_help: { phone: … }`).
        Some(first) => Box::new(std::iter::once(first).chain(lines)),
        None => Box::new(lines),
    };
    rest.find_map(|(i, line)| {
        let mut from = 0;
        while let Some(found) = line[from..].find(key) {
            let at = from + found;
            let before = line[..at].chars().last();
            let after = line[at + key.len()..].trim_start_matches(['"', '\'']);
            if before.is_none_or(|c| matches!(c, ' ' | '{' | ',' | '"' | '\'')) && after.starts_with(':') {
                let column = line[..at].trim_end_matches(['"', '\'']).chars().count() + 1;
                return Some((i + 1, column));
            }
            from = at + key.len();
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_found_under_language_help_in_either_style() {
        let block = "title: x\nphone: 1\nlanguage_help:\n  phone: \"555\"\n  taglines:\n    es: \"A\"\n";
        assert_eq!(key_position(block, "phone"), Some((4, 3)));
        assert_eq!(key_position(block, "es"), Some((6, 5)));
        let flow = "language_help: { phone: \"555\", taglines: { \"vi\": \"B\" } }\n";
        assert_eq!(key_position(flow, "phone"), Some((1, 18)));
        assert_eq!(key_position(flow, "vi"), Some((1, 44)));
        assert_eq!(value_column(flow, 1, 18), 25);
    }

    #[test]
    fn the_phone_goes_where_the_tagline_says_or_after_it() {
        let help = LanguageHelp {
            phone: "555-0100".into(),
            taglines: Taglines(vec![("es".into(), "Llame al {phone}.".into()), ("ar".into(), "اتصل".into())]),
        };
        let view = help.view();
        assert_eq!(view.phone_href.as_deref(), Some("tel:5550100"));
        assert_eq!((view.taglines[0].before_phone.as_str(), view.taglines[0].after_phone), ("Llame al ", "."));
        assert_eq!((view.taglines[1].before_phone.as_str(), view.taglines[1].dir), ("اتصل ", "rtl"));
    }
}
