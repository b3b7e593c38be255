//! The words a theme prints, per language: each layer's `i18n/<code>.yaml`
//! (clinic's, then a theme built on it, then the site's own `i18n/`), merged
//! key by key, so a theme adds only its own words and a site overrides only
//! the words it wants said differently. Templates read them with
//! `t(key="…")` and write dates with the language's month names; a key one
//! of the site's languages lacks is a `check` error naming the key, the
//! language and the file to add it to.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostic::Diagnostic;

/// The folder of string files in a theme and in a site.
pub(crate) const STRINGS_DIR: &str = "i18n";

/// The keys whose value is a list (month names, January first), not one text.
const LIST_KEYS: [&str; 2] = ["month_names", "month_abbreviations"];

/// One string's value: a text, or a list for the month names.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub(crate) enum Text {
    One(String),
    List(Vec<String>),
}

/// Where a string was written: for errors about it.
#[derive(Debug, Clone)]
struct Origin {
    /// The string file, from the site root.
    path: PathBuf,
    line: usize,
}

/// One language's strings with where each came from.
#[derive(Debug, Default, Clone)]
struct Language {
    texts: BTreeMap<String, (Text, Origin)>,
}

/// Every layer's strings, merged per language.
#[derive(Debug, Default)]
pub(crate) struct ThemeStrings {
    languages: BTreeMap<String, Language>,
    /// Where a language's file goes in the theme (`themes/clinic/i18n/`), for
    /// a language no layer has.
    theme_dir: PathBuf,
    /// Each string file's text, by its path from the site root: errors show
    /// the line.
    texts: BTreeMap<PathBuf, String>,
}

/// One layer's string files (the theme it extends, the theme, the site's
/// `i18n/`): each language's file by its code.
pub(crate) struct Layer {
    pub(crate) files: BTreeMap<String, PathBuf>,
}

impl ThemeStrings {
    /// Reads each layer's string files (`layers` base first, the site's
    /// last); `theme_dir` is the top theme's folder, from the site root.
    pub(crate) fn read(root: &Path, layers: &[Layer], theme_dir: PathBuf) -> Result<ThemeStrings, Vec<Diagnostic>> {
        let mut strings =
            ThemeStrings { languages: BTreeMap::new(), theme_dir: theme_dir.join(STRINGS_DIR), texts: BTreeMap::new() };
        let mut errors = Vec::new();
        for layer in layers {
            for (name, path) in &layer.files {
                let Some(code) = name.strip_suffix(".yaml").filter(|c| !c.contains('/')) else { continue };
                let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
                match read_file(&rel, path) {
                    Ok((file_text, texts)) => {
                        strings.texts.insert(rel.clone(), file_text);
                        let language = strings.languages.entry(code.to_string()).or_default();
                        language.texts.extend(texts);
                    }
                    Err(mut e) => errors.append(&mut e),
                }
            }
        }
        if errors.is_empty() { Ok(strings) } else { Err(errors) }
    }

    /// The strings of `code` (or of its primary language, `es` for
    /// `es-MX`), with `fallback`'s (the site's default language) and then
    /// English where it has none: a missing string is reported once by
    /// [`ThemeStrings::missing`], and the pages still render.
    pub(crate) fn for_language(&self, code: &str, fallback: &str) -> BTreeMap<String, Text> {
        let mut merged = BTreeMap::new();
        for code in ["en", fallback, primary(code), code] {
            if let Some(language) = self.languages.get(code) {
                merged.extend(language.texts.iter().map(|(k, (t, _))| (k.clone(), t.clone())));
            }
        }
        merged
    }

    /// A key some language has and one of `codes` (the site's languages)
    /// lacks, once per key and language, at the line that says it in the
    /// site's default language (the first code) or in English; a language
    /// no layer has strings for is one error.
    pub(crate) fn missing(&self, codes: &[&str]) -> Vec<Diagnostic> {
        let Some(reference) = codes.first().and_then(|c| self.language(c)).or_else(|| self.languages.get("en")) else {
            return Vec::new();
        };
        let mut errors = Vec::new();
        for code in codes {
            let Some(language) = self.language(code) else {
                let file = self.theme_dir.join(format!("{code}.yaml"));
                errors.push(
                    Diagnostic::error(
                        &file,
                        1,
                        1,
                        format!("the theme has no strings in `{code}`, a language of the site"),
                    )
                    .with_help(format!(
                        "copy the theme's en.yaml to {} and translate each of its {} strings",
                        file.display(),
                        reference.texts.len()
                    )),
                );
                continue;
            };
            for (key, (text, origin)) in &reference.texts {
                if language.texts.contains_key(key) {
                    continue;
                }
                // Beside the file that says it in the reference language:
                // the theme (or site) whose templates use it.
                let file = origin.path.with_file_name(format!("{code}.yaml"));
                errors.push(
                    Diagnostic::error(
                        &origin.path,
                        origin.line,
                        1,
                        format!("the theme string `{key}` has no `{code}` version"),
                    )
                    .with_source(self.texts.get(&origin.path).map_or("", String::as_str))
                    .with_help(format!(
                        "add `{key}:` to {}, saying {} in that language",
                        file.display(),
                        quoted(text)
                    )),
                );
            }
        }
        errors
    }

    fn language(&self, code: &str) -> Option<&Language> {
        self.languages.get(code).or_else(|| self.languages.get(primary(code)))
    }
}

/// `es` of `es-MX`.
fn primary(code: &str) -> &str {
    code.split(['-', '_']).next().unwrap_or(code)
}

fn quoted(text: &Text) -> String {
    match text {
        Text::One(s) => format!("“{s}”"),
        Text::List(items) => format!("the list [{}]", items.join(", ")),
    }
}

type FileStrings = (String, Vec<(String, (Text, Origin))>);

/// One string file: its text, and a map of keys to texts (month lists for
/// [`LIST_KEYS`]).
fn read_file(rel: &Path, path: &Path) -> Result<FileStrings, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![
            Diagnostic::error(rel, 1, 1, format!("cannot read: {e}"))
                .with_help("check that the file exists, is UTF-8 and that you may read it"),
        ]
    })?;
    crate::frontmatter::check_depth(rel, &text, &text, 1)?;
    let map: serde_yaml::Mapping = match serde_yaml::from_str::<Option<serde_yaml::Mapping>>(&text) {
        Ok(map) => map.unwrap_or_default(),
        Err(e) => return Err(vec![crate::frontmatter::syntax_error(rel, &text, &text, 1, &e)]),
    };
    let mut texts = Vec::new();
    let mut errors = Vec::new();
    for (key, value) in map {
        let Some(key) = key.as_str().map(str::to_string) else { continue };
        let line = key_line(&text, &key);
        let origin = Origin { path: rel.to_path_buf(), line };
        match value_of(&key, value) {
            Ok(value) => texts.push((key, (value, origin))),
            Err(expected) => errors.push(
                Diagnostic::error(rel, line, 1, format!("the theme string `{key}` is not {expected}"))
                    .with_source(&text)
                    .with_help(if LIST_KEYS.contains(&key.as_str()) {
                        "write the twelve months in a list, January first: `[enero, febrero, …]`"
                    } else {
                        "write the words in quotes after the key: `key: \"Words\"`"
                    }),
            ),
        }
    }
    if errors.is_empty() { Ok((text, texts)) } else { Err(errors) }
}

fn value_of(key: &str, value: serde_yaml::Value) -> Result<Text, &'static str> {
    use serde_yaml::Value;
    if LIST_KEYS.contains(&key) {
        let Value::Sequence(items) = value else { return Err("a list of the twelve months") };
        let months: Vec<String> = items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
        return if months.len() == 12 { Ok(Text::List(months)) } else { Err("a list of the twelve months") };
    }
    match value {
        Value::String(s) => Ok(Text::One(s)),
        Value::Number(n) => Ok(Text::One(n.to_string())),
        Value::Bool(b) => Ok(Text::One(b.to_string())),
        _ => Err("text"),
    }
}

/// The line of a top-level `key:` in a string file.
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start_matches(['"', '\'']);
            l.strip_prefix(key).is_some_and(|rest| rest.trim_start_matches(['"', '\'']).trim_start().starts_with(':'))
        })
        .map_or(1, |i| i + 1)
}

/// The words gloss writes into a body's HTML itself (callout labels, the
/// glossary popover's link), in the page's language.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub(crate) struct BodyWords {
    pub(crate) note: String,
    pub(crate) tip: String,
    pub(crate) important: String,
    pub(crate) warning: String,
    pub(crate) caution: String,
    pub(crate) glossary_more: String,
    /// A scrolling table's name for screen readers.
    pub(crate) table: String,
}

impl Default for BodyWords {
    fn default() -> Self {
        BodyWords {
            note: "Good to know".into(),
            tip: "Tip".into(),
            important: "Important".into(),
            warning: "Warning".into(),
            caution: "Caution".into(),
            glossary_more: "More in the glossary".into(),
            table: "Table".into(),
        }
    }
}

impl BodyWords {
    /// The body words of one language's strings, English where a key is not
    /// there (a theme's templates need not use them).
    pub(crate) fn of(strings: &BTreeMap<String, Text>) -> BodyWords {
        let english = BodyWords::default();
        let get = |key: &str, default: String| match strings.get(key) {
            Some(Text::One(s)) => s.clone(),
            _ => default,
        };
        BodyWords {
            note: get("callout_note", english.note),
            tip: get("callout_tip", english.tip),
            important: get("callout_important", english.important),
            warning: get("callout_warning", english.warning),
            caution: get("callout_caution", english.caution),
            glossary_more: get("glossary_more", english.glossary_more),
            table: get("table", english.table),
        }
    }
}

/// The `t` function templates call: `t(key="next_review_due")` is that
/// string in the page's language (the `strings` in the context, which a
/// component takes as `@strings`); other arguments fill `{name}` places in
/// it: `t(key="questions_count", count=3)`.
pub(crate) fn t(kwargs: tera::Kwargs, state: &tera::State) -> tera::TeraResult<String> {
    let key: &str = kwargs.must_get("key")?;
    let strings: Option<tera::Value> = state.get("strings")?;
    let Some(strings) = strings else {
        return Err(tera::Error::message(
            "no `strings` here: a component that calls `t` takes them as `@strings` (`{% component name(…, @strings) %}`)",
        ));
    };
    let Some(text) = strings.get_from_path(key).and_then(tera::Value::as_str).map(str::to_string) else {
        return Err(tera::Error::message(format!(
            "no theme string `{key}`: add it to the theme's i18n/ files (en.yaml and each language's)"
        )));
    };
    let mut filled = text;
    for (name, value) in kwargs.iter() {
        let Some(name) = name.as_str().filter(|n| *n != "key") else { continue };
        let place = format!("{{{name}}}");
        if filled.contains(&place) {
            filled = filled.replace(&place, &value.to_string());
        }
    }
    Ok(filled)
}

/// A chrono date format with `%B` and `%b` written as the month's name from
/// `strings` (`month_names`, `month_abbreviations`), where they are given;
/// `%%` stays as it is.
pub(crate) fn with_month_names(format: &str, month0: usize, strings: Option<&tera::Value>) -> String {
    let name = |key: &str| {
        let list = strings?.get_from_path(key)?;
        let item = list.as_array()?.get(month0)?.as_str()?.to_string();
        // A name is text: a `%` in it must not read as a format.
        Some(item.replace('%', "%%"))
    };
    let mut out = String::with_capacity(format.len() + 8);
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some(spec @ ('B' | 'b')) => {
                chars.next();
                let key = if spec == 'B' { "month_names" } else { "month_abbreviations" };
                match name(key) {
                    Some(n) => out.push_str(&n),
                    None => out.extend(['%', spec]),
                }
            }
            Some(other) => {
                chars.next();
                out.extend(['%', other]);
            }
            None => out.push('%'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_replace_b_and_big_b_but_not_a_literal_percent() {
        let strings = tera::Value::from_serializable(&BTreeMap::from([
            ("month_names", Text::List((1..=12).map(|m| format!("m{m}")).collect())),
            ("month_abbreviations", Text::List((1..=12).map(|m| format!("a{m}.")).collect())),
        ]));
        assert_eq!(with_month_names("%-d de %B de %Y", 9, Some(&strings)), "%-d de m10 de %Y");
        assert_eq!(with_month_names("%b %Y %%B", 9, Some(&strings)), "a10. %Y %%B");
        assert_eq!(with_month_names("%B", 0, None), "%B");
    }

    #[test]
    fn a_key_is_found_on_its_line_quoted_or_not() {
        let text = "# words\nnext: \"x\"\n\"on_this_page\": y\n";
        assert_eq!(key_line(text, "next"), 2);
        assert_eq!(key_line(text, "on_this_page"), 3);
    }
}
