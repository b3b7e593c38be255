//! The glossary: `content/glossary.yaml`, and finding its terms in text.
//!
//! Patients meet words like "collagen" or "dermatologist"; the first use of a
//! term in each entry gets its definition at hand. This module reads the
//! terms and owns the matching rules: case-insensitive, plurals of the term
//! and its aliases, whole words only, longest term first ("topical numbing
//! cream" before "numbing cream").

use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::frontmatter;

pub(crate) const GLOSSARY_FILE: &str = "glossary.yaml";
pub(crate) const GLOSSARY_URL: &str = "glossary/index.html";

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Term {
    pub(crate) term: String,
    pub(crate) definition: String,
    /// Other words for the same thing ("micro-injuries" for "micro-channels").
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
}

impl Term {
    pub(crate) fn slug(&self) -> String {
        slug::slugify(&self.term)
    }
}

/// `content/glossary.yaml`: a list of terms.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
struct GlossaryFile {
    terms: Vec<Term>,
}

/// Reads the glossary text of `path` (relative to the site root).
pub(crate) fn parse(path: &Path, text: &str) -> Result<Vec<Term>, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    frontmatter::check_depth(path, text, text, 1)?;
    let file: GlossaryFile = serde_yaml::from_str(text).map_err(|e| {
        if let Err(syntax) = serde_yaml::from_str::<serde_yaml::Value>(text) {
            return vec![frontmatter::syntax_error(path, text, text, 1, &syntax)];
        }
        let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        let message = frontmatter::message_without_location(&e, 1);
        // serde_yaml names the list item as `.[1]: `; writers count from one.
        let message = match message.strip_prefix(".[").and_then(|m| m.split_once("]: ")) {
            Some((index, rest)) => match index.parse::<usize>() {
                Ok(i) => format!("term {}: {rest}", i + 1),
                Err(_) => message.clone(),
            },
            None => message.clone(),
        };
        vec![
            Diagnostic::error(path, line, col, format!("glossary: {message}"))
                .with_help("write each term as `- term: collagen` with `definition: ...` (and optional `aliases: [...]`) under it")
                .with_source(text),
        ]
    })?;
    let mut diagnostics = Vec::new();
    let mut seen = std::collections::HashMap::new();
    // A term's line is looked for only when it has a problem: looking for
    // every term's line would read the whole file once per term.
    let line_of = |term: &Term| text.lines().position(|l| l.contains(&term.term)).map_or(1, |i| i + 1);
    for term in &file.terms {
        if term.term.trim().is_empty() || term.definition.trim().is_empty() {
            diagnostics.push(
                Diagnostic::error(path, line_of(term), 1, "a glossary term needs both a `term` and a `definition`")
                    .with_source(text),
            );
        } else if let Some(first) = seen.insert(term.slug(), term) {
            let message = format!("`{}` is already in the glossary (line {})", term.term, line_of(first));
            diagnostics.push(
                Diagnostic::error(path, line_of(term), 1, message)
                    .with_help("keep one entry per term; put other spellings in `aliases`")
                    .with_source(text),
            );
        }
    }
    if diagnostics.is_empty() { Ok(file.terms) } else { Err(diagnostics) }
}

/// The site's terms, ready for matching.
#[derive(Debug, Default)]
pub(crate) struct Glossary {
    pub(crate) terms: Vec<Term>,
    matcher: Option<Matcher>,
}

/// A glossary is its terms: the matcher is made from them.
impl serde::Serialize for Glossary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.terms.serialize(serializer)
    }
}

impl Glossary {
    pub(crate) fn new(mut terms: Vec<Term>) -> Glossary {
        terms.sort_by_key(|t| t.term.to_lowercase());
        let matcher = Matcher::new(&terms);
        Glossary { terms, matcher }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub(crate) fn find<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Found> + 'a {
        self.matcher.iter().flat_map(move |m| m.find(text))
    }
}

/// Finds glossary terms in text.
#[derive(Debug)]
struct Matcher {
    automaton: AhoCorasick,
    /// For each pattern, the index of its term.
    term_of_pattern: Vec<usize>,
}

/// A term found in a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    pub(crate) term: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Matcher {
    fn new(terms: &[Term]) -> Option<Matcher> {
        let mut patterns = Vec::new();
        let mut term_of_pattern = Vec::new();
        for (i, term) in terms.iter().enumerate() {
            for name in std::iter::once(&term.term).chain(&term.aliases) {
                for form in word_forms(name) {
                    patterns.push(form);
                    term_of_pattern.push(i);
                }
            }
        }
        if patterns.is_empty() {
            return None;
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()?;
        Some(Matcher { automaton, term_of_pattern })
    }

    /// Whole-word occurrences of any term in `text`, left to right.
    fn find<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Found> + 'a {
        self.automaton.find_iter(text).filter(move |m| is_whole_word(text, m.start(), m.end())).map(move |m| Found {
            term: self.term_of_pattern[m.pattern().as_usize()],
            start: m.start(),
            end: m.end(),
        })
    }
}

/// A term and its plurals: "scar" → "scars"; "injury" → "injuries";
/// "gloss" → "glosses". The last word of a phrase takes the plural.
fn word_forms(name: &str) -> Vec<String> {
    let name = name.trim();
    if name.is_empty() {
        return Vec::new();
    }
    let mut forms = vec![name.to_string()];
    let lower = name.to_lowercase();
    if lower.ends_with('y') && !lower.ends_with("ay") && !lower.ends_with("ey") && !lower.ends_with("oy") {
        forms.push(format!("{}ies", &name[..name.len() - 1]));
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|end| lower.ends_with(end)) {
        forms.push(format!("{name}es"));
    } else {
        forms.push(format!("{name}s"));
    }
    forms
}

fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms() -> Vec<Term> {
        let t = |term: &str, aliases: &[&str]| Term {
            term: term.into(),
            definition: format!("about {term}"),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        };
        vec![
            t("collagen", &[]),
            t("numbing cream", &[]),
            t("topical numbing cream", &[]),
            t("injury", &["micro-injury"]),
        ]
    }

    fn found(text: &str) -> Vec<&str> {
        let m = Matcher::new(&terms()).unwrap();
        m.find(text).map(|f| &text[f.start..f.end]).collect()
    }

    #[test]
    fn matches_whole_words_in_any_case_and_plural() {
        assert_eq!(found("Collagen and COLLAGENS, not collagenase."), ["Collagen", "COLLAGENS"]);
        assert_eq!(found("tiny micro-injuries heal"), ["micro-injuries"]);
        assert_eq!(found("injuries"), ["injuries"]);
    }

    #[test]
    fn longest_term_wins() {
        assert_eq!(found("a topical numbing cream first"), ["topical numbing cream"]);
        assert_eq!(found("the numbing cream"), ["numbing cream"]);
    }

    #[test]
    fn glossary_file_errors_point_at_the_term() {
        let text = "- term: collagen\n  definition: a protein\n- term: Collagen\n  definition: again\n";
        let errs = parse(Path::new("content/glossary.yaml"), text).unwrap_err();
        assert_eq!(errs[0].line, 3);
        assert!(errs[0].message.contains("already in the glossary (line 1)"), "{}", errs[0].message);
        let errs = parse(Path::new("g.yaml"), "- term: x\n  defn: y\n").unwrap_err();
        assert!(errs[0].message.contains("unknown field `defn`"), "{}", errs[0].message);
    }
}
