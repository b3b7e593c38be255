//! The colours a site's own stylesheets (its `static/` CSS) give the page's
//! text, links and buttons over the theme's, so `check` holds them to WCAG
//! as it holds the theme's colour options (`Theme::options_for`).
//!
//! The stylesheets are read with cssparser, theme first and the site's
//! after, a later declaration replacing an earlier one as the cascade
//! would: custom properties set on `:root`, `html` or `body`, and `color`
//! and `background(-color)` on `body`, links (`a`, `a:link`, `a:visited`)
//! and buttons (`button`, `.button`). Values are followed through
//! `var(--name, fallback)` and `color-mix(in srgb, …)`. Top-level rules
//! colour both schemes; rules inside `@media (prefers-color-scheme: dark)`
//! (or `screen and (prefers-color-scheme: dark)`) colour the dark scheme
//! over them; other at-rules are left out (a rule inside `@media print`
//! does not colour the screen). A pair is diagnosed only where a
//! declaration of the site's own is part of it, once per declaration
//! whichever scheme it breaks first.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use cssparser::{
    AtRuleParser, CowRcStr, DeclarationParser, ParseError, Parser, ParserState, QualifiedRuleParser,
    RuleBodyItemParser, RuleBodyParser, StyleSheetParser, Token,
};

use crate::diagnostic::Diagnostic;

/// WCAG 2.1 AA for normal text.
const TEXT_MIN: f64 = 4.5;

/// How deep `var()` may refer to another custom property: deeper is a loop.
const MAX_VAR_DEPTH: usize = 16;

/// A stylesheet the pages load: its path relative to the site root, its
/// text, and whether it is the site's own (from the site's `static/`).
pub(crate) struct Stylesheet {
    pub(crate) path: PathBuf,
    pub(crate) text: String,
    pub(crate) site: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Element {
    Body,
    Link,
    VisitedLink,
    Button,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Property {
    Color,
    Background,
}

/// The pairs of colours that must be readable together: foreground,
/// background, what the pair is for.
/// A colour an element is given.
type Slot = (Element, Property);

const PAIRS: [(Slot, Slot, &str); 4] = [
    ((Element::Body, Property::Color), (Element::Body, Property::Background), "body text"),
    ((Element::Link, Property::Color), (Element::Body, Property::Background), "link text"),
    ((Element::VisitedLink, Property::Color), (Element::Body, Property::Background), "visited link text"),
    ((Element::Button, Property::Color), (Element::Button, Property::Background), "button text"),
];

/// One declaration's value and where it is.
#[derive(Clone, Debug)]
struct Declared {
    value: String,
    /// Index into [`PageColours::sheets`].
    sheet: usize,
    line: usize,
    column: usize,
}

/// The colour scheme a reader's device asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scheme {
    Light,
    Dark,
}

/// What the stylesheets, taken together, set for one scheme.
#[derive(Default)]
struct Cascade {
    properties: BTreeMap<String, Declared>,
    slots: BTreeMap<Slot, Declared>,
}

/// What the stylesheets, taken together, set in light and in dark.
pub(crate) struct PageColours {
    sheets: Vec<Stylesheet>,
    light: Cascade,
    dark: Cascade,
}

impl PageColours {
    /// Reads `sheets` in cascade order (the theme's before the site's).
    pub(crate) fn read(sheets: Vec<Stylesheet>) -> PageColours {
        let (mut light, mut dark) = (Cascade::default(), Cascade::default());
        for (index, sheet) in sheets.iter().enumerate() {
            for rule in rules(&sheet.text) {
                if rule.scheme == Scheme::Light {
                    light.apply(index, &rule);
                }
                dark.apply(index, &rule);
            }
        }
        PageColours { sheets, light, dark }
    }

    /// Every pair of colours below WCAG AA, in light or in dark, that a
    /// declaration of the site's own stylesheets takes part in, at that
    /// declaration (one diagnostic a declaration).
    pub(crate) fn contrast_errors(&self) -> Vec<Diagnostic> {
        let mut reported = BTreeSet::new();
        let mut diagnostics = self.light.contrast_errors(&self.sheets, Scheme::Light, &mut reported);
        diagnostics.extend(self.dark.contrast_errors(&self.sheets, Scheme::Dark, &mut reported));
        diagnostics
    }
}

impl Cascade {
    fn apply(&mut self, sheet: usize, rule: &Rule) {
        let targets: Vec<Target> = rule.selectors.iter().filter_map(|s| target(s)).collect();
        for declaration in &rule.declarations {
            let declared = Declared {
                value: declaration.value.clone(),
                sheet,
                line: declaration.line,
                column: declaration.column,
            };
            for target in &targets {
                match (target, declaration.name.as_str()) {
                    (Target::Root | Target::Element(Element::Body), name) if name.starts_with("--") => {
                        self.properties.insert(name.to_string(), declared.clone());
                    }
                    (Target::Element(element), "color") => {
                        self.slots.insert((*element, Property::Color), declared.clone());
                    }
                    (Target::Element(element), "background" | "background-color") => {
                        self.slots.insert((*element, Property::Background), declared.clone());
                    }
                    _ => {}
                }
            }
        }
    }

    /// The pairs below WCAG AA in this scheme that a site declaration not
    /// in `reported` takes part in; each one's declaration goes into
    /// `reported`.
    fn contrast_errors(
        &self,
        sheets: &[Stylesheet],
        scheme: Scheme,
        reported: &mut BTreeSet<(usize, usize, usize)>,
    ) -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        for (fg_slot, bg_slot, purpose) in PAIRS {
            let (Some(fg_decl), Some(bg_decl)) = (self.slots.get(&fg_slot), self.slots.get(&bg_slot)) else { continue };
            let (mut fg_chain, mut bg_chain) = (vec![fg_decl], vec![bg_decl]);
            let Some(fg) = self.colour(&fg_decl.value, &mut fg_chain, 0) else { continue };
            let Some(bg) = self.colour(&bg_decl.value, &mut bg_chain, 0) else { continue };
            let Some(ratio) = crate::contrast::ratio(&fg, &bg) else { continue };
            if ratio + 1e-9 >= TEXT_MIN {
                continue;
            }
            let Some(at) = fg_chain.iter().chain(&bg_chain).find(|d| sheets[d.sheet].site) else { continue };
            if !reported.insert((at.sheet, at.line, at.column)) {
                continue;
            }
            let sheet = &sheets[at.sheet];
            let (in_scheme, help) = match scheme {
                Scheme::Light => (
                    "",
                    "this stylesheet sets the colour over the theme's: choose a darker or lighter colour; a contrast checker shows the ratio as you pick",
                ),
                Scheme::Dark => (
                    " in dark mode",
                    "this colour also shows when the reader's device is set to dark: give it a lighter or darker value inside `@media (prefers-color-scheme: dark) { … }`, or set it only in a `@media (prefers-color-scheme: light)` rule",
                ),
            };
            diagnostics.push(
                Diagnostic::error(
                    &sheet.path,
                    at.line,
                    at.column,
                    format!(
                        "{fg} on {bg} has a contrast of {ratio:.2}:1, below the {TEXT_MIN}:1 needed for {purpose}{in_scheme} (WCAG 2.1 AA)"
                    ),
                )
                .with_source(&sheet.text)
                .with_help(help),
            );
        }
        diagnostics
    }

    /// The opaque colour `value` comes to, following `var()`; each custom
    /// property's declaration it goes through is pushed onto `chain`.
    fn colour<'a>(&'a self, value: &str, chain: &mut Vec<&'a Declared>, depth: usize) -> Option<String> {
        if depth > MAX_VAR_DEPTH {
            return None;
        }
        for component in components(value) {
            let found = match component {
                Component::Var { name, fallback } => match self.properties.get(&name) {
                    Some(declared) => {
                        chain.push(declared);
                        self.colour(&declared.value, chain, depth + 1)
                    }
                    None => fallback.and_then(|f| self.colour(&f, chain, depth + 1)),
                },
                Component::Other(text) => match text.get(..10) {
                    Some(head) if head.eq_ignore_ascii_case("color-mix(") => self.mix(&text[10..], chain, depth + 1),
                    _ => opaque_colour(&text),
                },
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }
}

impl Cascade {
    /// The colour `color-mix(in srgb, a p%, b q%)` comes to, given what
    /// follows `color-mix(`; `None` for other colour spaces.
    fn mix<'a>(&'a self, args: &str, chain: &mut Vec<&'a Declared>, depth: usize) -> Option<String> {
        let args = split_top_level(args.strip_suffix(')')?);
        let [space, first, second] = args.as_slice() else { return None };
        if !space.trim().eq_ignore_ascii_case("in srgb") {
            return None;
        }
        let (first, p1) = mix_part(first);
        let (second, p2) = mix_part(second);
        let (p1, p2) = match (p1, p2) {
            (None, None) => (0.5, 0.5),
            (Some(p), None) => (p, 1.0 - p),
            (None, Some(q)) => (1.0 - q, q),
            (Some(p), Some(q)) if p + q > 0.0 => (p / (p + q), q / (p + q)),
            _ => return None,
        };
        let a = csscolorparser::parse(&self.colour(first, chain, depth)?).ok()?;
        let b = csscolorparser::parse(&self.colour(second, chain, depth)?).ok()?;
        let channel = |x: f32, y: f32| (x * p1 + y * p2).clamp(0.0, 1.0);
        Some(
            csscolorparser::Color::new(channel(a.r, b.r), channel(a.g, b.g), channel(a.b, b.b), 1.0)
                .to_css_hex()
                .to_string(),
        )
    }
}

/// `text` split at the commas outside parentheses.
fn split_top_level(text: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut from) = (Vec::new(), 0usize, 0);
    for (at, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&text[from..at]);
                from = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[from..]);
    parts
}

/// A `color-mix()` argument's colour and, if the argument gives a percentage,
/// its share as a fraction of one, which is how the mix weighs its colours.
fn mix_part(part: &str) -> (&str, Option<f32>) {
    let part = part.trim();
    if let Some((colour, share)) = part.rsplit_once(char::is_whitespace)
        && let Some(percent) = share.strip_suffix('%').and_then(|p| p.parse::<f32>().ok())
    {
        return (colour.trim(), Some(percent / 100.0));
    }
    (part, None)
}

/// `text` if it is a CSS colour without transparency (a see-through colour's
/// contrast depends on what is under it).
fn opaque_colour(text: &str) -> Option<String> {
    let colour = csscolorparser::parse(text).ok()?;
    (colour.a >= 1.0).then(|| text.to_string())
}

/// What a selector colours.
enum Target {
    Root,
    Element(Element),
}

fn target(selector: &str) -> Option<Target> {
    let selector: String = selector.split_whitespace().collect::<Vec<_>>().join(" ").to_ascii_lowercase();
    Some(match selector.as_str() {
        ":root" | "html" => Target::Root,
        "body" => Target::Element(Element::Body),
        "a" | "a:link" => Target::Element(Element::Link),
        "a:visited" => Target::Element(Element::VisitedLink),
        "button" | ".button" => Target::Element(Element::Button),
        _ => return None,
    })
}

/// One part of a declaration's value.
enum Component {
    Var { name: String, fallback: Option<String> },
    Other(String),
}

/// The top-level parts of a value: `var(--a, #fff)`, `url(x.png)`, `#fff`.
fn components(value: &str) -> Vec<Component> {
    let mut parser = Parser::new(value);
    let mut parts = Vec::new();
    loop {
        let start = parser.position();
        let (is_var, opens_block) = match parser.next() {
            Ok(Token::Function(name)) => (name.eq_ignore_ascii_case("var"), true),
            Ok(Token::ParenthesisBlock | Token::SquareBracketBlock | Token::CurlyBracketBlock) => (false, true),
            Ok(_) => (false, false),
            Err(_) => break,
        };
        if !opens_block {
            parts.push(Component::Other(parser.slice_from(start).trim().to_string()));
            continue;
        }
        let nested: Result<Option<Component>, ParseError<()>> = parser.parse_nested_block(|block| {
            if !is_var {
                while block.next().is_ok() {}
                return Ok(None);
            }
            let name = block.expect_ident_cloned()?.to_string();
            let fallback = block.try_parse(|b| b.expect_comma()).is_ok().then(|| {
                let from = block.position();
                while block.next().is_ok() {}
                block.slice_from(from).trim().to_string()
            });
            Ok(Some(Component::Var { name, fallback }))
        });
        match nested {
            Ok(Some(var)) => parts.push(var),
            _ => parts.push(Component::Other(parser.slice_from(start).trim().to_string())),
        }
    }
    parts
}

/// A style rule: its selectors and declarations, and the scheme it colours
/// (`Light` for a top-level rule, which colours dark as well).
struct Rule {
    selectors: Vec<String>,
    declarations: Vec<Declaration>,
    scheme: Scheme,
}

struct Declaration {
    name: String,
    value: String,
    line: usize,
    column: usize,
}

/// The top-level style rules of `text` and those of its dark-scheme
/// `@media` rules; other at-rules and what cannot be parsed are skipped, as
/// browsers skip them.
fn rules(text: &str) -> Vec<Rule> {
    let mut parser = Parser::new(text);
    let mut reader = RuleReader { scheme: Scheme::Light };
    StyleSheetParser::new(&mut parser, &mut reader).filter_map(Result::ok).flatten().collect()
}

/// Whether an `@media` query applies on screen exactly when the device
/// asks for dark: `(prefers-color-scheme: dark)`, optionally after
/// `screen and`.
fn is_dark_scheme_query(query: &str) -> bool {
    let query: String = query.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    matches!(query.as_str(), "(prefers-color-scheme:dark)" | "screenand(prefers-color-scheme:dark)")
}

/// Reads rules as the scheme `scheme`: the stylesheet's top level, or a
/// dark-scheme `@media` rule's body.
struct RuleReader {
    scheme: Scheme,
}

impl<'i> QualifiedRuleParser<'i> for RuleReader {
    type Prelude = Vec<String>;
    type QualifiedRule = Vec<Rule>;
    type Error = ();

    fn parse_prelude(&mut self, input: &mut Parser<'i>) -> Result<Vec<String>, ParseError<()>> {
        let start = input.position();
        while input.next().is_ok() {}
        Ok(input.slice_from(start).split(',').map(|s| s.trim().to_string()).collect())
    }

    fn parse_block(
        &mut self,
        selectors: Vec<String>,
        _: &ParserState,
        input: &mut Parser<'i>,
    ) -> Result<Vec<Rule>, ParseError<()>> {
        let mut reader = DeclarationReader;
        let declarations = RuleBodyParser::new(input, &mut reader).filter_map(Result::ok).collect();
        Ok(vec![Rule { selectors, declarations, scheme: self.scheme }])
    }
}

impl<'i> AtRuleParser<'i> for RuleReader {
    type Prelude = ();
    type AtRule = Vec<Rule>;
    type Error = ();

    fn parse_prelude(&mut self, name: CowRcStr<'i>, input: &mut Parser<'i>) -> Result<(), ParseError<()>> {
        let start = input.position();
        while input.next().is_ok() {}
        let dark = name.eq_ignore_ascii_case("media") && is_dark_scheme_query(input.slice_from(start));
        if dark && self.scheme == Scheme::Light {
            Ok(())
        } else {
            Err(ParseError::from_basic_kind(cssparser::BasicParseErrorKind::AtRuleInvalid))
        }
    }

    fn parse_block(&mut self, _: (), _: &ParserState, input: &mut Parser<'i>) -> Result<Vec<Rule>, ParseError<()>> {
        let mut reader = RuleReader { scheme: Scheme::Dark };
        Ok(StyleSheetParser::new(input, &mut reader).filter_map(Result::ok).flatten().collect())
    }
}

struct DeclarationReader;

impl<'i> DeclarationParser<'i> for DeclarationReader {
    type Declaration = Declaration;
    type Error = ();

    fn parse_value(
        &mut self,
        name: CowRcStr<'i>,
        input: &mut Parser<'i>,
        start: &ParserState,
    ) -> Result<Declaration, ParseError<()>> {
        let from = input.position();
        while input.next().is_ok() {}
        let value = input.slice_from(from).trim();
        let value = strip_important(value);
        let at = start.source_location();
        Ok(Declaration {
            name: name.to_ascii_lowercase(),
            value: value.to_string(),
            line: at.line as usize + 1,
            column: at.column as usize,
        })
    }
}

fn strip_important(value: &str) -> &str {
    let Some(bang) = value.rfind('!') else { return value };
    if value[bang + 1..].trim().eq_ignore_ascii_case("important") { value[..bang].trim_end() } else { value }
}

impl<'i> QualifiedRuleParser<'i> for DeclarationReader {
    type Prelude = ();
    type QualifiedRule = Declaration;
    type Error = ();
}

impl<'i> AtRuleParser<'i> for DeclarationReader {
    type Prelude = ();
    type AtRule = Declaration;
    type Error = ();
}

impl<'i> RuleBodyItemParser<'i, Declaration, ()> for DeclarationReader {
    fn parse_declarations(&self) -> bool {
        true
    }

    fn parse_qualified(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheets(theme: &str, site: &str) -> PageColours {
        PageColours::read(vec![
            Stylesheet { path: "themes/t/static/style.css".into(), text: theme.into(), site: false },
            Stylesheet { path: "static/extra.css".into(), text: site.into(), site: true },
        ])
    }

    const THEME: &str = ":root { --text: #1c2b30; --bg: #f4f7f7; --accent: #0b5563 }\n\
        body { color: var(--text); background: var(--bg) }\n\
        a { color: var(--accent) }\n.button { color: #fff; background: var(--accent) }\n";

    #[test]
    fn the_theme_alone_is_not_diagnosed() {
        assert!(sheets(THEME, "").contrast_errors().is_empty());
        assert!(sheets("body { color: #eee; background: #fff }", "").contrast_errors().is_empty());
    }

    #[test]
    fn a_light_body_colour_is_reported_at_its_declaration() {
        let errors = sheets(THEME, "p { margin: 0 }\nbody {\n  color: #ddd !important;\n}\n").contrast_errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].line, errors[0].column), (3, 3));
        assert!(errors[0].message.starts_with("#ddd on #f4f7f7 has a contrast of 1.26:1"), "{}", errors[0].message);
    }

    #[test]
    fn custom_properties_and_fallbacks_are_followed() {
        let errors = sheets(THEME, ":root { --accent: #7fb8c2 }").contrast_errors();
        let lines: Vec<_> = errors.iter().map(|e| (e.line, e.column, e.message.contains("link text"))).collect();
        assert_eq!(lines, [(1, 9, true)], "one error at the property, for the first pair it breaks: {errors:?}");
        let errors = sheets(THEME, "a { color: var(--nope, #eeeeee) }").contrast_errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(sheets(THEME, "body { background: url(x.png) #ffffff no-repeat }").contrast_errors().is_empty());
        let errors = sheets(THEME, "body { background: url(x.png) #222 no-repeat }").contrast_errors();
        assert!(errors[0].message.contains("#1c2b30 on #222"), "{errors:?}");
    }

    #[test]
    fn media_rules_loops_and_transparent_colours_are_left_alone() {
        assert!(sheets(THEME, "@media print { body { color: #eee } }").contrast_errors().is_empty());
        assert!(sheets(THEME, ":root { --text: var(--text) }").contrast_errors().is_empty());
        assert!(sheets(THEME, ".button { background: transparent }").contrast_errors().is_empty());
        assert!(sheets(THEME, "body { color: #1c2b30; } a, a:visited { color: #0b5563 }").contrast_errors().is_empty());
    }

    const DARK_THEME: &str = ":root { --text: #1c2b30; --bg: #f4f7f7; --brand: #0b5563; --accent: var(--brand) }\n\
        @media screen and (prefers-color-scheme: dark) {\n\
          :root { --text: #e4eef0; --bg: #0f1a1c; --accent: color-mix(in srgb, var(--brand) 40%, #ffffff) }\n}\n\
        body { color: var(--text); background: var(--bg) }\na { color: var(--accent) }\n";

    #[test]
    fn dark_scheme_rules_colour_the_dark_pairs_over_the_top_level() {
        assert!(sheets(DARK_THEME, "").contrast_errors().is_empty());
        let errors = sheets(DARK_THEME, "a { color: #0b4f8a }").contrast_errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].message.ends_with("needed for link text in dark mode (WCAG 2.1 AA)"),
            "{}",
            errors[0].message
        );
        let light_and_dark = sheets(DARK_THEME, ":root { --text: #dddddd }").contrast_errors();
        assert_eq!(light_and_dark.len(), 1, "one declaration, one error: {light_and_dark:?}");
        assert!(!light_and_dark[0].message.contains("dark mode"), "{}", light_and_dark[0].message);
        assert!(
            sheets(DARK_THEME, "@media (prefers-color-scheme: light) { a { color: #0b4f8a } }")
                .contrast_errors()
                .is_empty()
        );
    }

    #[test]
    fn colour_mix_in_srgb_is_followed() {
        let errors = sheets(DARK_THEME, ":root { --brand: #000000 }\n@media (prefers-color-scheme: dark) { a { color: color-mix(in srgb, var(--brand) 90%, white) } }").contrast_errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.starts_with("#1a1a1a on #0f1a1c"), "{}", errors[0].message);
        assert!(
            sheets(DARK_THEME, ":root { --brand: #000000 }").contrast_errors().is_empty(),
            "40% of black in white reads on the dark page"
        );
        assert!(sheets(DARK_THEME, "a { color: color-mix(in oklch, #000 50%, #fff) }").contrast_errors().is_empty());
    }
}
