//! The colours a site's own stylesheets (its `static/` CSS) give the page's
//! text, links and buttons over the theme's, so `check` holds them to WCAG
//! as it holds the theme's colour options (`Theme::options_for`).
//!
//! The stylesheets are read with cssparser, theme first and the site's
//! after, a later declaration replacing an earlier one as the cascade
//! would: custom properties set on `:root`, `html` or `body`, and `color`
//! and `background(-color)` on `body`, links (`a`, `a:link`, `a:visited`)
//! and buttons (`button`, `.button`). Values are followed through
//! `var(--name, fallback)`. Only top-level rules are read (a rule inside
//! `@media print` does not colour the screen), and a pair is diagnosed
//! only where a declaration of the site's own is part of it.

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

/// What the stylesheets, taken together, set.
pub(crate) struct PageColours {
    sheets: Vec<Stylesheet>,
    properties: BTreeMap<String, Declared>,
    slots: BTreeMap<Slot, Declared>,
}

impl PageColours {
    /// Reads `sheets` in cascade order (the theme's before the site's).
    pub(crate) fn read(sheets: Vec<Stylesheet>) -> PageColours {
        let mut colours = PageColours { sheets: Vec::new(), properties: BTreeMap::new(), slots: BTreeMap::new() };
        for (index, sheet) in sheets.iter().enumerate() {
            for rule in rules(&sheet.text) {
                colours.apply(index, &rule);
            }
        }
        colours.sheets = sheets;
        colours
    }

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

    /// Every pair of colours below WCAG AA that a declaration of the site's
    /// own stylesheets takes part in, at that declaration (one diagnostic a
    /// declaration).
    pub(crate) fn contrast_errors(&self) -> Vec<Diagnostic> {
        let mut reported = BTreeSet::new();
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
            let Some(at) = fg_chain.iter().chain(&bg_chain).find(|d| self.sheets[d.sheet].site) else { continue };
            if !reported.insert((at.sheet, at.line, at.column)) {
                continue;
            }
            let sheet = &self.sheets[at.sheet];
            diagnostics.push(
                Diagnostic::error(
                    &sheet.path,
                    at.line,
                    at.column,
                    format!(
                        "{fg} on {bg} has a contrast of {ratio:.2}:1, below the {TEXT_MIN}:1 needed for {purpose} (WCAG 2.1 AA)"
                    ),
                )
                .with_source(&sheet.text)
                .with_help(
                    "this stylesheet sets the colour over the theme's: choose a darker or lighter colour; a contrast checker shows the ratio as you pick",
                ),
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
                Component::Other(text) => opaque_colour(&text),
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }
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

/// A top-level style rule: its selectors and declarations.
struct Rule {
    selectors: Vec<String>,
    declarations: Vec<Declaration>,
}

struct Declaration {
    name: String,
    value: String,
    line: usize,
    column: usize,
}

/// The top-level style rules of `text`; at-rules and what cannot be parsed
/// are skipped, as browsers skip them.
fn rules(text: &str) -> Vec<Rule> {
    let mut parser = Parser::new(text);
    let mut reader = RuleReader;
    StyleSheetParser::new(&mut parser, &mut reader).filter_map(Result::ok).collect()
}

struct RuleReader;

impl<'i> QualifiedRuleParser<'i> for RuleReader {
    type Prelude = Vec<String>;
    type QualifiedRule = Rule;
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
    ) -> Result<Rule, ParseError<()>> {
        let mut reader = DeclarationReader;
        let declarations = RuleBodyParser::new(input, &mut reader).filter_map(Result::ok).collect();
        Ok(Rule { selectors, declarations })
    }
}

impl<'i> AtRuleParser<'i> for RuleReader {
    type Prelude = ();
    type AtRule = Rule;
    type Error = ();
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
}
