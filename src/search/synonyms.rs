//! The patient-words synonym map: a query word on the left also finds the
//! words on its right ("hurt" finds "painful"). gloss ships one per language
//! (`synonyms/en.yaml`, `synonyms/es.yaml`, built into the binary); a site
//! adds to it in `content/synonyms.yaml`, in the same shape. The map goes
//! into the search index folded and stemmed, as the index's own words.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::frontmatter;

use super::words::{self, Language};

pub(crate) const SYNONYMS_FILE: &str = "synonyms.yaml";

const ENGLISH: &str = include_str!("synonyms/en.yaml");
const SPANISH: &str = include_str!("synonyms/es.yaml");

/// Word → other words, as written in a synonyms file.
pub(crate) type Synonyms = Vec<(String, Vec<String>)>;

const HELP: &str = "write one patient word per line with the guide's words for it in a list, \
                    as `hurt: [pain, sore]`";

/// Reads a synonyms file's text (`path` relative to the site root).
pub(crate) fn parse(path: &Path, text: &str) -> Result<Synonyms, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    frontmatter::check_depth(path, text, text, 1)?;
    let map: Option<serde_yaml::Mapping> = serde_yaml::from_str(text).map_err(|e| yaml_error(path, text, &e))?;
    let mut synonyms = Vec::new();
    let mut diagnostics = Vec::new();
    for (key, value) in map.unwrap_or_default() {
        let word = match &key {
            serde_yaml::Value::String(s) => s.clone(),
            serde_yaml::Value::Number(n) => n.to_string(),
            _ => String::new(),
        };
        let line = line_of(text, &word);
        let folded = words::fold(&word).into_owned();
        if words::words(&folded).count() != 1 {
            diagnostics.push(
                Diagnostic::error(path, line, 1, format!("synonyms: `{word}` is not one word"))
                    .with_help("put one word before the colon; list the words it should also find after it")
                    .with_source(text),
            );
            continue;
        }
        match serde_yaml::from_value::<Vec<String>>(value) {
            Ok(list) if !list.is_empty() => synonyms.push((word, list)),
            _ => diagnostics.push(
                Diagnostic::error(path, line, 1, format!("synonyms: `{word}` needs a list of words"))
                    .with_help(HELP)
                    .with_source(text),
            ),
        }
    }
    if diagnostics.is_empty() { Ok(synonyms) } else { Err(diagnostics) }
}

fn yaml_error(path: &Path, text: &str, e: &serde_yaml::Error) -> Vec<Diagnostic> {
    let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    let message = frontmatter::message_without_location(e, 1);
    let message = if message.contains("invalid type") {
        "the file must be a list of `word: [other, words]` lines".to_string()
    } else {
        message
    };
    vec![Diagnostic::error(path, line, col, format!("synonyms: {message}")).with_help(HELP).with_source(text)]
}

/// The line where `word` is a key, looked for only when it has a problem.
fn line_of(text: &str, word: &str) -> usize {
    let key = |l: &str| {
        let l = l.trim_start().trim_start_matches(['"', '\'']);
        l.starts_with(word) && !word.is_empty()
    };
    text.lines().position(key).map_or(1, |i| i + 1)
}

/// The map the search index carries: the language's shipped synonyms and
/// the site's, each word folded and stemmed; a stem's words joined.
pub(crate) fn index_map(language: Language, site: &Synonyms) -> BTreeMap<String, Vec<String>> {
    let shipped = match language {
        Language::English => ENGLISH,
        Language::Spanish => SPANISH,
        Language::Other => "",
    };
    // The shipped files are tested to parse (see the tests below).
    let shipped = parse(Path::new(SYNONYMS_FILE), shipped).unwrap_or_default();
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (word, others) in shipped.iter().chain(site) {
        let Some(key) = stems(language, word).into_iter().next() else { continue };
        let list = map.entry(key.clone()).or_default();
        for stem in others.iter().flat_map(|w| stems(language, w)) {
            if stem != key && !list.contains(&stem) {
                list.push(stem);
            }
        }
    }
    map.retain(|_, list| !list.is_empty());
    map
}

fn stems(language: Language, text: &str) -> Vec<String> {
    let folded = words::fold(text);
    words::words(&folded).map(|w| language.stem(w)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_maps_parse() {
        assert!(parse(Path::new("en.yaml"), ENGLISH).is_ok());
        assert!(parse(Path::new("es.yaml"), SPANISH).is_ok());
        let map = index_map(Language::English, &Vec::new());
        assert!(map["hurt"].contains(&"pain".to_string()), "{:?}", map["hurt"]);
    }

    #[test]
    fn a_site_adds_to_the_shipped_words() {
        let site = parse(Path::new("content/synonyms.yaml"), "hurt: [twinge]\nzap: [laser]\n").unwrap();
        let map = index_map(Language::English, &site);
        assert!(map["hurt"].contains(&"pain".to_string()) && map["hurt"].contains(&"twing".to_string()));
        assert_eq!(map["zap"], ["laser"]);
    }

    #[test]
    fn a_bad_shape_is_an_error_at_its_line() {
        let errors = parse(Path::new("content/synonyms.yaml"), "hurt: [pain]\nscar: scarring\n").unwrap_err();
        assert_eq!((errors.len(), errors[0].line), (1, 2), "{errors:?}");
        let errors = parse(Path::new("content/synonyms.yaml"), "- hurt\n- pain\n").unwrap_err();
        assert_eq!(errors.len(), 1);
    }
}
