//! Diagnostics: what gloss tells a writer about their site.
//!
//! Every stage reports problems as [`Diagnostic`]s instead of returning on the
//! first one, so a single run can list everything that is wrong. A diagnostic
//! always names the file, line and column (1-based, counted in the whole file,
//! not in the front matter block) and says what to do about it.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file the problem is in, relative to the site root where possible.
    pub(crate) path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// What to do about it, when gloss can tell.
    pub(crate) help: Option<String>,
    /// The offending source line, shown under the message (a boxed `str`,
    /// which keeps a `Diagnostic` small enough to return by value).
    source_line: Option<Box<str>>,
    /// The PEMAT scores a plain-language warning is about (JSON only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) pemat: Option<Box<PematScores>>,
}

/// The PEMAT item a warning is about and the scores (whole percent) of its
/// entry or guide, for `gloss check --format json`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct PematScores {
    pub(crate) item: Option<u8>,
    pub(crate) understandability: Option<u32>,
    pub(crate) actionability: Option<u32>,
}

impl Diagnostic {
    pub(crate) fn error(path: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            help: None,
            source_line: None,
            pemat: None,
        }
    }

    pub(crate) fn warning(path: impl Into<PathBuf>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Self::error(path, line, column, message) }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches the line the diagnostic points at, taken from the file's text.
    pub(crate) fn with_source(mut self, text: &str) -> Self {
        self.source_line = text.lines().nth(self.line - 1).map(|l| l.trim_end_matches('\r').into());
        self
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Makes the path relative to `root` for display, if it lies under it.
    pub(crate) fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.path.strip_prefix(root) {
            self.path = rel.to_path_buf();
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: error: message`, then the source line with a caret under
    /// the column, then the help: the format compilers use, which editors link.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}:{}: {severity}: {}", self.path.display(), self.line, self.column, self.message)?;
        if let Some(source) = &self.source_line {
            let (source, column) = shown_part(source, self.column);
            let gutter = self.line.to_string().len();
            write!(f, "\n{:gutter$} |\n{} | {source}", "", self.line)?;
            let caret_pad: String =
                source.chars().take(column.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            write!(f, "\n{:gutter$} | {caret_pad}^", "")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// The longest source line a diagnostic shows whole: a long paragraph is
/// one line in markdown.
const WHOLE_LINE_CHARS: usize = 1000;

/// How many characters of a longer line are shown, around the column.
const SHOWN_CHARS: usize = 200;

/// The part of a source line shown under a diagnostic, and the column in it:
/// a line longer than [`WHOLE_LINE_CHARS`] (generated or hostile YAML, a
/// pasted export) is cut to the characters around the column, marked `…`.
fn shown_part(line: &str, column: usize) -> (std::borrow::Cow<'_, str>, usize) {
    let chars = line.chars().count();
    if chars <= WHOLE_LINE_CHARS {
        return (line.into(), column);
    }
    let at = column.saturating_sub(1).min(chars);
    let start = at.saturating_sub(SHOWN_CHARS / 2);
    let end = (start + SHOWN_CHARS).min(chars);
    let mut shown: String = if start > 0 { "…".into() } else { String::new() };
    shown.extend(line.chars().skip(start).take(end - start));
    if end < chars {
        shown.push('…');
    }
    (shown.into(), at - start + 1 + usize::from(start > 0))
}

/// Converts a byte offset in `text` to a 1-based (line, column), counting
/// columns in characters so that accented words do not shift the caret.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The closest of `known` to `word`, if it is close enough to be a likely typo.
pub(crate) fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| {
            let score = strsim::normalized_damerau_levenshtein(word, k);
            // `#numbing` for `#numbing-cream`: a shortened name is a likely slip too.
            let shortened = !word.is_empty() && (k.starts_with(word) || word.starts_with(k));
            (if shortened { score.max(0.7) } else { score }, *k)
        })
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_characters() {
        let text = "first\nsécond line\nthird";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        let idx = text.find("line").unwrap();
        assert_eq!(line_col(text, idx), (2, 8));
        assert_eq!(line_col(text, text.len() + 10), (3, 6));
    }

    #[test]
    fn closest_suggests_typos_only() {
        let known = ["title", "last_reviewed", "reviewed_by"];
        assert_eq!(closest("titel", &known), Some("title"));
        assert_eq!(closest("last_reveiwed", &known), Some("last_reviewed"));
        assert_eq!(closest("colour", &known), None);
        assert_eq!(closest("numbing", &["numbing-cream", "after"]), Some("numbing-cream"));
    }

    #[test]
    fn a_long_source_line_is_shown_around_the_column() {
        let line = format!("topics: {}", "[".repeat(100_000));
        let d = Diagnostic::error("a.md", 1, 40, "deep").with_source(&line);
        let shown = d.to_string();
        let source = shown.lines().nth(2).unwrap().strip_prefix("1 | ").unwrap();
        let caret = shown.lines().nth(3).unwrap().strip_prefix("  | ").unwrap();
        assert_eq!(source, format!("topics: {}…", "[".repeat(SHOWN_CHARS - 8)));
        assert_eq!(caret.len(), 40, "the caret is still under column 40");

        let d = Diagnostic::error("a.md", 1, 50_000, "deep").with_source(&line);
        let shown = d.to_string();
        let source = shown.lines().nth(2).unwrap().strip_prefix("1 | ").unwrap();
        let caret = shown.lines().nth(3).unwrap().strip_prefix("  | ").unwrap();
        assert_eq!(source.chars().count(), SHOWN_CHARS + 2);
        assert!(source.starts_with("…[") && source.ends_with("[…"), "{source}");
        assert_eq!(caret.chars().count(), SHOWN_CHARS / 2 + 2, "the caret is under the same bracket");
    }

    #[test]
    fn display_shows_caret_under_column() {
        let d = Diagnostic::error("content/a.md", 2, 3, "bad").with_source("x\nab_cd\n").with_help("fix it");
        assert_eq!(d.to_string(), "content/a.md:2:3: error: bad\n  |\n2 | ab_cd\n  |   ^\n  = help: fix it");
    }
}
