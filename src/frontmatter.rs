//! Front matter: splitting a markdown file into its YAML header and body, and
//! reading YAML into typed structs with diagnostics that point into the file.
//!
//! serde_yaml reports positions inside the YAML text it was given; this module
//! owns the arithmetic that turns them into positions in the whole file, so
//! every caller gets file lines for free.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, closest};

/// A markdown file cut into its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The YAML between the `---` lines; empty when the file has none.
    pub(crate) yaml: &'a str,
    /// The 1-based file line on which `yaml` starts.
    pub(crate) yaml_line: usize,
    /// The markdown after the closing `---` line.
    body: &'a str,
    /// Byte offset of `body` in the file text, for mapping markdown positions.
    pub(crate) body_offset: usize,
}

/// Splits `text` at its front matter. A file may start with a byte-order mark
/// and may use CRLF line endings; a file without a leading `---` line has no
/// front matter and is all body.
pub(crate) fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let rest = &text[bom..];
    let Some(after_open) = strip_fence_line(rest) else {
        return Ok(Split { yaml: "", yaml_line: 1, body: rest, body_offset: bom });
    };
    let yaml_start = text.len() - after_open.len();
    let mut offset = yaml_start;
    for line in after_open.split_inclusive('\n') {
        if let Some(after_close) = strip_fence_line(line) {
            let body_offset = offset + line.len() - after_close.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(FrontMatterError::Unterminated)
}

/// If `text` starts with a `---` line, returns what follows that line.
fn strip_fence_line(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("---")?;
    let rest = rest.trim_start_matches([' ', '\t']);
    if rest.is_empty() {
        return Some(rest);
    }
    rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FrontMatterError {
    Unterminated,
}

impl FrontMatterError {
    pub(crate) fn to_diagnostic(&self, path: &Path, text: &str) -> Diagnostic {
        match self {
            FrontMatterError::Unterminated => {
                Diagnostic::error(path, 1, 1, "the front matter starts here but never ends")
                    .with_help("add a line with only `---` after the last front matter key")
                    .with_source(text)
            }
        }
    }
}

/// Reads `yaml` (which starts on file line `yaml_line` of `path`) as a `T`.
///
/// Keys not in `known_keys` are reported all at once, each with its line and
/// the closest known key; only then is the typed read attempted, so that a
/// typo is never reported as a confusing type error.
pub(crate) fn parse<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    yaml: &str,
    yaml_line: usize,
    known_keys: &[&str],
) -> Result<T, Vec<Diagnostic>> {
    check_depth(path, text, yaml, yaml_line)?;
    let to_file = |loc: Option<serde_yaml::Location>| match loc {
        Some(loc) => (loc.line() + yaml_line - 1, loc.column()),
        None => (yaml_line, 1),
    };
    let yaml_or_empty = if yaml.trim().is_empty() { "{}" } else { yaml };
    let value: serde_yaml::Value =
        serde_yaml::from_str(yaml_or_empty).map_err(|e| vec![syntax_error(path, text, yaml, yaml_line, &e)])?;
    let mapping = match value {
        serde_yaml::Value::Mapping(m) => m,
        serde_yaml::Value::Null => serde_yaml::Mapping::new(),
        _ => {
            return Err(vec![
                Diagnostic::error(path, yaml_line, 1, "the front matter must be a list of `key: value` lines")
                    .with_source(text),
            ]);
        }
    };
    let unknown: Vec<Diagnostic> = mapping
        .keys()
        .filter_map(|k| {
            let key = k.as_str().map_or_else(|| format!("{k:?}"), str::to_string);
            (!known_keys.contains(&key.as_str())).then(|| unknown_key(path, text, yaml, yaml_line, &key, known_keys))
        })
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    // The mapping already parsed gives the typed value without a second pass
    // of the YAML parser (content front matter gets here only when
    // `parse_known` failed to type it; `gloss.yaml` and theme.yaml come
    // straight here). A value that does not fit carries no position, so on
    // any error the text is parsed again for the error with its line and
    // column. Typing from a `Value` takes a null for an empty list where the
    // text does not (and reads tags its own way), so those go through the
    // text too.
    if mapping.values().all(plain)
        && let Ok(parsed) = serde_yaml::from_value(serde_yaml::Value::Mapping(mapping))
    {
        return Ok(parsed);
    }
    serde_yaml::from_str(yaml_or_empty).map_err(|e| {
        let message = message_without_location(&e, yaml_line);
        let (line, col) = quoted_value_position(yaml, &message)
            .filter(|_| e.location().is_none_or(|l| l.index() == 0))
            .map(|(l, c)| (l + yaml_line - 1, c))
            .unwrap_or_else(|| to_file(e.location()));
        vec![Diagnostic::error(path, line, col, message).with_source(text)]
    })
}

/// The diagnostic for `e`, an error reading `yaml` (which starts on file
/// line `yaml_line` of `path`, whose text is `text`) as YAML: the mistake
/// in a writer's words where `yaml_syntax` knows it, else libyaml's message
/// where libyaml stopped.
pub(crate) fn syntax_error(path: &Path, text: &str, yaml: &str, yaml_line: usize, e: &serde_yaml::Error) -> Diagnostic {
    if let Some(mistake) = crate::yaml_syntax::explain(yaml, e, yaml_line) {
        return Diagnostic::error(path, mistake.line + yaml_line - 1, mistake.column, mistake.message)
            .with_help(mistake.help)
            .with_source(text);
    }
    let (line, col) = match e.location() {
        Some(loc) => (loc.line() + yaml_line - 1, loc.column()),
        None => (yaml_line, 1),
    };
    Diagnostic::error(path, line, col, format!("invalid YAML: {}", message_without_location(e, yaml_line)))
        .with_help(yaml_hint(e))
        .with_source(text)
}

/// [`parse`] for a `T` that denies unknown fields and whose fields are
/// exactly `known_keys` (content's tests hold its front matter types to
/// that, with [`struct_fields`]): the text is typed in one pass of the YAML
/// parser, and only a front matter that fails to type goes through [`parse`]
/// for its diagnostics. What types is then what [`parse`] would give: no key
/// can be unknown, and `parse` types from the same text.
pub(crate) fn parse_known<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    yaml: &str,
    yaml_line: usize,
    known_keys: &[&str],
) -> Result<T, Vec<Diagnostic>> {
    check_depth(path, text, yaml, yaml_line)?;
    let yaml_or_empty = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(yaml_or_empty).or_else(|_| parse(path, text, yaml, yaml_line, known_keys))
}

/// Refuses `yaml` (which starts on file line `yaml_line` of `path`) if it
/// nests deeper than gloss reads, at the place where it does: every YAML
/// text goes through here before serde_yaml, whose parser slows down with
/// the square of the nesting.
pub(crate) fn check_depth(path: &Path, text: &str, yaml: &str, yaml_line: usize) -> Result<(), Vec<Diagnostic>> {
    let Some((line, column)) = crate::yaml_depth::too_deep(yaml) else { return Ok(()) };
    let line = line + yaml_line - 1;
    Err(vec![
        Diagnostic::error(
            path,
            line,
            column,
            format!("the YAML nests more than {} levels deep here", crate::yaml_depth::MAX_DEPTH),
        )
        .with_help(
            "values here are text, lists, or lists of `key: value` items: remove the extra brackets or indentation",
        )
        .with_source(text),
    ])
}

/// The field names `T`'s derived `Deserialize` asks for (a test of
/// [`parse_known`]'s condition).
#[cfg(test)]
pub(crate) fn struct_fields<T: DeserializeOwned>() -> Vec<&'static str> {
    use serde::de::{Error, Visitor};
    struct Fields(std::cell::Cell<&'static [&'static str]>);
    impl<'de> serde::Deserializer<'de> for &Fields {
        type Error = serde::de::value::Error;
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.set(fields);
            Err(Error::custom("only the fields are wanted"))
        }
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(Error::custom("not a struct"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let fields = Fields(std::cell::Cell::new(&[]));
    let _ = T::deserialize(&fields);
    fields.0.get().to_vec()
}

/// A value with no null and no tag anywhere in it: one that types from a
/// parsed `Value` exactly as from its text.
fn plain(value: &serde_yaml::Value) -> bool {
    use serde_yaml::Value;
    match value {
        Value::Null | Value::Tagged(_) => false,
        Value::Sequence(items) => items.iter().all(plain),
        Value::Mapping(map) => map.iter().all(|(k, v)| plain(k) && plain(v)),
        Value::Bool(_) | Value::Number(_) | Value::String(_) => true,
    }
}

/// serde_yaml places errors raised by a value's own `Deserialize` (a bad
/// date) at the start of the document; such messages quote the value in
/// backticks, so the value's own line is found by looking for it.
fn quoted_value_position(yaml: &str, message: &str) -> Option<(usize, usize)> {
    let value = message.split('`').nth(1).filter(|v| !v.is_empty())?;
    yaml.lines().enumerate().find_map(|(i, line)| {
        let start = line.find(':').map_or(0, |c| c + 1);
        line[start..].find(value).map(|c| (i + 1, line[..start + c].chars().count() + 1))
    })
}

fn unknown_key(path: &Path, text: &str, yaml: &str, yaml_line: usize, key: &str, known: &[&str]) -> Diagnostic {
    let line_in_yaml = yaml
        .lines()
        .position(|l| l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')))
        .unwrap_or(0);
    let help = match closest(key, known) {
        Some(suggestion) => format!("did you mean `{suggestion}`?"),
        None => format!("the keys gloss knows here are: {}", known.join(", ")),
    };
    Diagnostic::error(path, yaml_line + line_in_yaml, 1, format!("unknown key `{key}`"))
        .with_help(help)
        .with_source(text)
}

/// serde_yaml appends " at line L column C" to its messages; gloss shows the
/// position in its own `path:line:col` prefix, counted in the whole file.
pub(crate) fn message_without_location(e: &serde_yaml::Error, yaml_line: usize) -> String {
    let message = e.to_string();
    let message = match message.find(" at line ") {
        Some(i) if e.location().is_some() && !message[i + 1..].contains(", ") => &message[..i],
        _ => &message,
    };
    shift_line_numbers(message, yaml_line - 1)
}

/// Context marks inside a libyaml message ("while parsing a flow sequence at
/// line 1 column 8") count lines in the YAML block; make them file lines.
fn shift_line_numbers(message: &str, by: usize) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find("line ") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        match rest[..digits].parse::<usize>() {
            Ok(n) => out.push_str(&(n + by).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

fn yaml_hint(e: &serde_yaml::Error) -> String {
    let message = e.to_string();
    if message.contains("tab") {
        "YAML does not allow tabs for indentation: indent with spaces".into()
    } else if message.contains("repetition limit") || message.contains("recursion limit") {
        "the YAML expands to too much data (an alias bomb?): write the values out plainly".into()
    } else {
        "check the indentation and quoting on this line; put text containing `: ` or `#` in quotes".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_from_body() {
        let s = split("---\ntitle: Hi\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: Hi\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.yaml_line, 2);
    }

    #[test]
    fn handles_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: Hi\r\n---\r\nBody";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "title: Hi\r\n");
        assert_eq!(s.body, "Body");
        assert_eq!(&text[s.body_offset..], "Body");
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("# Hello\n---\n").unwrap();
        assert_eq!(s.yaml, "");
        assert_eq!(s.body, "# Hello\n---\n");
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        assert_eq!(split("---\ntitle: x\nbody"), Err(FrontMatterError::Unterminated));
    }

    #[test]
    fn closing_fence_at_end_of_file() {
        let s = split("---\ntitle: x\n---").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "");
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Fm {
        title: String,
        topics: Option<Vec<String>>,
    }

    #[test]
    fn unknown_keys_name_line_and_suggestion() {
        let text = "---\ntitle: x\ntopcs: [a]\n---\n";
        let s = split(text).unwrap();
        let errs = parse::<Fm>(Path::new("a.md"), text, s.yaml, s.yaml_line, &["title", "topics"]).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!((errs[0].line, errs[0].column), (3, 1));
        assert_eq!(errs[0].message, "unknown key `topcs`");
        assert_eq!(errs[0].help.as_deref(), Some("did you mean `topics`?"));
    }

    #[test]
    fn type_errors_point_into_the_file() {
        let text = "---\ntitle: x\ntopics: 3\n---\n";
        let s = split(text).unwrap();
        let errs = parse::<Fm>(Path::new("a.md"), text, s.yaml, s.yaml_line, &["title", "topics"]).unwrap_err();
        assert_eq!(errs[0].line, 3);
        assert!(errs[0].message.contains("topics"), "{}", errs[0].message);
        assert!(!errs[0].message.contains(" at line "), "{}", errs[0].message);
    }

    #[test]
    fn yaml_syntax_errors_are_messages_not_dumps() {
        let text = "---\ntitle: [x\n---\n";
        let s = split(text).unwrap();
        let errs = parse::<Fm>(Path::new("a.md"), text, s.yaml, s.yaml_line, &["title"]).unwrap_err();
        assert_eq!((errs[0].line, errs[0].column, errs[0].message.as_str()), (2, 8, "this `[` is never closed"));
        let text = "---\ntitle: x\nsummary: *nowhere\n---\n";
        let s = split(text).unwrap();
        let errs = parse::<Fm>(Path::new("a.md"), text, s.yaml, s.yaml_line, &["title"]).unwrap_err();
        assert!(errs[0].message.starts_with("invalid YAML: "), "{}", errs[0].message);
        assert!(!errs[0].message.contains(" at line "), "{}", errs[0].message);
        assert_eq!(errs[0].line, 3);
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// YAML lines that are not themselves a `---` fence.
        fn yaml_text() -> impl Strategy<Value = String> {
            prop::collection::vec("[a-z_]{1,8}: [^\n\r]{0,20}", 0..6)
                .prop_map(|lines| lines.into_iter().filter(|l| !l.starts_with("---")).map(|l| l + "\n").collect())
        }

        proptest! {
            #[test]
            fn split_never_panics_and_offsets_are_boundaries(text in "\\PC{0,200}") {
                if let Ok(s) = split(&text) {
                    prop_assert!(text.is_char_boundary(s.body_offset));
                    prop_assert_eq!(&text[s.body_offset..], s.body);
                }
            }

            #[test]
            fn split_returns_exactly_what_was_joined(
                yaml in yaml_text(),
                body in "[^\u{feff}]{0,200}",
                crlf in any::<bool>(),
                bom in any::<bool>(),
            ) {
                let nl = if crlf { "\r\n" } else { "\n" };
                let yaml = if crlf { yaml.replace('\n', "\r\n") } else { yaml };
                let text = format!("{}---{nl}{yaml}---{nl}{body}", if bom { "\u{feff}" } else { "" });
                let s = split(&text).unwrap();
                prop_assert_eq!(s.yaml, yaml.as_str());
                prop_assert_eq!(s.body, body.as_str());
                prop_assert_eq!(s.yaml_line, 2);
            }

            /// Front matter is typed from the mapping parsed for the key
            /// check, falling back to parsing the text again on an error:
            /// it must type exactly as parsing the text does.
            #[test]
            fn typing_from_the_parsed_mapping_is_typing_from_the_text(
                lines in prop::collection::btree_map(
                    prop::sample::select(vec!["title", "summary", "order", "topics", "slug", "draft",
                        "reviewed_by", "last_reviewed", "next_review", "related", "aliases", "sources"]),
                    prop::sample::select(vec!["42", "\"42\"", "2.5", "-1", "0x10", "1e3", ".inf", "yes", "true",
                        "~", "null", "''", "2026-10-15", "'2026-10-15'", "2026-13-45", "[a, b]", "[1, 2]", "[]",
                        "{a: 1}", "x y", "'quoted: yes'", "|\n  folded\n  text", "!tag x", "[{title: a, url: b}]",
                        "[{title: a, url: b, year: 2020}]", "[{title: a, url: b, year: '2020'}]", "[{title: a}]",
                        "[{title: a, url: b, publisher: 3}]", "[[a]]", "-5e-1", "0o17", "+1"]),
                    0..6,
                ),
            ) {
                let yaml: String = lines.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
                let text = format!("---\n{yaml}---\n");
                let s = split(&text).unwrap();
                let keys: Vec<&str> = lines.keys().copied().collect();
                let typed = parse::<crate::content::EntryMeta>(Path::new("a.md"), &text, s.yaml, s.yaml_line, &keys);
                let yaml_or_empty = if yaml.is_empty() { "{}" } else { yaml.as_str() };
                let direct = serde_yaml::from_str::<crate::content::EntryMeta>(yaml_or_empty);
                prop_assert_eq!(typed.as_ref().ok().map(|m| format!("{m:?}")), direct.as_ref().ok().map(|m| format!("{m:?}")));
            }

            #[test]
            fn parse_never_panics(yaml in "\\PC{0,120}") {
                let text = format!("---\n{yaml}\n---\n");
                if let Ok(s) = split(&text) {
                    let _ = parse::<serde_yaml::Value>(Path::new("a.md"), &text, s.yaml, s.yaml_line, &["title"]);
                }
            }
        }
    }
}
