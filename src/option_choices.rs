//! What a theme lets a site set its options to, beyond a value of the
//! default's kind: `choices:` in theme.yaml, where an option is given the
//! list of values it may take (`font: [system, serif]`) or `colour` (a CSS
//! colour). Read, and the theme's own defaults held to it, when the theme
//! loads (`theme::load`); a site's `theme_options` are held to it when they
//! are put over the defaults (`Theme::options_for`).

use std::collections::BTreeMap;
use std::path::Path;

use serde_yaml::Value;

use crate::diagnostic::{Diagnostic, closest};

/// The word in theme.yaml that says an option is a CSS colour (or its
/// American spelling).
const COLOUR_WORDS: &[&str] = &["colour", "color"];

/// What one option may be set to.
#[derive(Debug, Clone)]
enum Allowed {
    /// One of these values.
    OneOf(Vec<Value>),
    /// A CSS colour (`#0b5563`, `rebeccapurple`, `rgb(…)`).
    Colour,
}

/// Every layer's `choices:`, option name → what it may be set to; a
/// layer's declaration replaces a base layer's for the same option.
#[derive(Debug, Clone, Default)]
pub(crate) struct Choices(BTreeMap<String, Allowed>);

/// A theme.yaml as [`Choices::read_layer`] needs it: where it is (relative
/// to the site root), its text, and what it declares.
pub(crate) struct Layer<'a> {
    pub(crate) path: &'a Path,
    pub(crate) text: &'a str,
    pub(crate) choices: &'a BTreeMap<String, Value>,
    pub(crate) options: &'a BTreeMap<String, Value>,
}

impl Choices {
    /// Reads the layers' `choices:`, base first, against the options of
    /// every layer (`defaults`, merged): a choice for an option no layer
    /// declares, one that is neither a list nor `colour`, and a default the
    /// choices leave out are errors at their line of theme.yaml.
    pub(crate) fn read(layers: &[Layer], defaults: &BTreeMap<String, Value>) -> Result<Choices, Vec<Diagnostic>> {
        let mut choices = Choices::default();
        let mut errors = Vec::new();
        let options: Vec<&str> = defaults.keys().map(String::as_str).collect();
        for layer in layers {
            for (key, declared) in layer.choices {
                let at = |message: String, help: String| {
                    let (line, column) = position_under(layer.text, "choices", key);
                    Diagnostic::error(layer.path, line, column, message).with_help(help).with_source(layer.text)
                };
                if !defaults.contains_key(key) {
                    let help = match closest(key, &options) {
                        Some(option) => format!("did you mean `{option}`?"),
                        None => format!(
                            "declare it under `options:` with its default; the options are: {}",
                            options.join(", ")
                        ),
                    };
                    errors.push(at(format!("`choices:` names `{key}`, which is not an option of this theme"), help));
                    continue;
                }
                match allowed(declared) {
                    Some(allowed) => {
                        choices.0.insert(key.clone(), allowed);
                    }
                    None => errors.push(at(
                        format!("the choices of `{key}` must be a list of the values a site may set, or `colour`"),
                        format!("e.g. `{key}: [one, other]`, or `{key}: colour` for a CSS colour"),
                    )),
                }
            }
        }
        errors.extend(choices.refused_defaults(layers, defaults));
        if errors.is_empty() { Ok(choices) } else { Err(errors) }
    }

    /// Each default the choices leave out, at the layer that sets it.
    fn refused_defaults(&self, layers: &[Layer], defaults: &BTreeMap<String, Value>) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        for (key, default) in defaults {
            let Some((message, help)) = self.refusal(key, default) else { continue };
            let Some(layer) = layers.iter().rev().find(|l| l.options.contains_key(key)) else { continue };
            let (line, column) = position_under(layer.text, "options", key);
            errors.push(
                Diagnostic::error(
                    layer.path,
                    line,
                    column,
                    format!("the default of `{key}` is refused by its choices: {message}"),
                )
                .with_help(help)
                .with_source(layer.text),
            );
        }
        errors
    }

    /// Why `value` may not be option `key`'s: the message and its help;
    /// `None` when it may (or the option has no choices).
    pub(crate) fn refusal(&self, key: &str, value: &Value) -> Option<(String, String)> {
        match self.0.get(key)? {
            Allowed::OneOf(values) if !values.contains(value) => {
                let listed: Vec<String> = values.iter().map(|v| format!("`{}`", inline(v))).collect();
                let written = inline(value);
                let words: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
                let help = match value.as_str().and_then(|v| closest(v, &words)) {
                    Some(word) => format!("did you mean `{word}`?"),
                    None => format!("write one of {}", listed.join(", ")),
                };
                Some((format!("the theme option `{key}` is {}, not `{written}`", or_list(&listed)), help))
            }
            Allowed::Colour if !value.as_str().is_some_and(crate::contrast::is_colour) => Some((
                format!("`{}` is not a colour (theme option `{key}`)", inline(value)),
                String::from("write a CSS colour, e.g. `#0b5563`"),
            )),
            _ => None,
        }
    }

    /// [`Choices::refusal`] as an error at `key`'s value under
    /// `theme_options:` in gloss.yaml (whose text is `config_text`).
    pub(crate) fn site_value_error(&self, key: &str, value: &Value, config_text: &str) -> Option<Diagnostic> {
        let (message, help) = self.refusal(key, value)?;
        let (line, column) = position_under(config_text, "theme_options", key);
        Some(
            Diagnostic::error(crate::config::CONFIG_FILE, line, column, message)
                .with_help(help)
                .with_source(config_text),
        )
    }
}

/// What a `choices:` entry declares: a non-empty list of plain values, or
/// the word `colour`.
fn allowed(declared: &Value) -> Option<Allowed> {
    match declared {
        Value::String(word) if COLOUR_WORDS.contains(&word.as_str()) => Some(Allowed::Colour),
        Value::Sequence(values)
            if !values.is_empty()
                && values.iter().all(|v| matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_))) =>
        {
            Some(Allowed::OneOf(values.clone()))
        }
        _ => None,
    }
}

fn inline(value: &Value) -> String {
    serde_yaml::to_string(value).unwrap_or_default().trim().to_string()
}

/// "`a`", "`a` or `b`", "`a`, `b` or `c`".
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The line and column of `key`'s value in the block under the top-level
/// `section:` of a YAML `text`: the value's column on the key's line, the
/// key's own column when the value is on the lines below, and the section's
/// line when the key is not written on a line of its own (a flow map).
fn position_under(text: &str, section: &str, key: &str) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| l.strip_prefix(section).is_some_and(|r| r.starts_with(':'))) else {
        return (1, 1);
    };
    let under = lines[start + 1..].iter().take_while(|l| l.is_empty() || l.starts_with([' ', '#']));
    for (i, line) in under.enumerate() {
        let indent = line.len() - line.trim_start().len();
        let Some(after) = line[indent..].strip_prefix(key).and_then(|r| r.strip_prefix(':')) else { continue };
        let value = after.trim_start();
        let column = if value.is_empty() || value.starts_with('#') { indent } else { line.len() - value.len() };
        return (start + i + 2, line[..column].chars().count() + 1);
    }
    (start + 1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices(yaml: &str, defaults: &str) -> Result<Choices, Vec<Diagnostic>> {
        let declared: BTreeMap<String, Value> = serde_yaml::from_str(yaml).unwrap();
        let options: BTreeMap<String, Value> = serde_yaml::from_str(defaults).unwrap();
        let text = format!("options:\n{}choices:\n{}", indent(defaults), indent(yaml));
        let layer =
            Layer { path: Path::new("themes/t/theme.yaml"), text: &text, choices: &declared, options: &options };
        Choices::read(&[layer], &options)
    }

    fn indent(yaml: &str) -> String {
        yaml.lines().map(|l| format!("  {l}\n")).collect()
    }

    #[test]
    fn values_are_held_to_the_list_or_to_colours() {
        let c = choices("font: [system, serif]\naccent: colour\n", "font: system\naccent: \"#0b5563\"\n").unwrap();
        assert_eq!(c.refusal("font", &Value::from("serif")), None);
        let (message, help) = c.refusal("font", &Value::from("serf")).unwrap();
        assert_eq!(message, "the theme option `font` is `system` or `serif`, not `serf`");
        assert_eq!(help, "did you mean `serif`?");
        let (_, help) = c.refusal("font", &Value::from("comic")).unwrap();
        assert_eq!(help, "write one of `system`, `serif`");
        assert_eq!(c.refusal("accent", &Value::from("rebeccapurple")), None);
        assert!(c.refusal("accent", &Value::from("blue-ish")).unwrap().0.contains("is not a colour"));
        assert_eq!(c.refusal("other", &Value::from("anything")), None);
    }

    #[test]
    fn a_theme_yaml_mistake_is_an_error_at_its_line() {
        let errors = choices("fnot: [a, b]\n", "font: a\n").unwrap_err();
        assert_eq!(errors[0].message, "`choices:` names `fnot`, which is not an option of this theme");
        assert_eq!((errors[0].line, errors[0].column), (4, 9));
        let errors = choices("font: serif\n", "font: serif\n").unwrap_err();
        assert!(errors[0].message.contains("must be a list"), "{:?}", errors[0]);
        let errors = choices("font: [system, serif]\n", "font: comic\n").unwrap_err();
        assert_eq!(
            errors[0].message,
            "the default of `font` is refused by its choices: the theme option `font` is `system` or `serif`, not `comic`"
        );
        assert_eq!((errors[0].line, errors[0].column), (2, 9));
    }

    #[test]
    fn positions_are_of_the_value_under_its_section() {
        let text = "title: T\n# font: in a comment\ntheme_options:\n  # font: serif\n  font:   comic\n";
        assert_eq!(position_under(text, "theme_options", "font"), (5, 11));
        assert_eq!(position_under("theme_options: {font: comic}\n", "theme_options", "font"), (1, 1));
    }
}
