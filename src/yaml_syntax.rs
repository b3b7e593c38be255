//! A YAML syntax error in a writer's words, at the place the writer must
//! look.
//!
//! libyaml reports where it gave up, which is often lines below the
//! mistake: an unclosed quote runs on until the next quote in the file, a
//! `summary:y` without its space is found missing its colon on the next
//! line. This module reads serde_yaml's error together with the text and,
//! for the mistakes writers make most (a tab, a quote or bracket never
//! closed, a missing space after a colon, `: ` inside unquoted text, a line
//! or list item indented differently), says what is wrong where it starts.
//! Any other error is left to the caller, which shows libyaml's message.

/// A syntax mistake explained: its 1-based line and column in the YAML
/// text, what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mistake {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
    pub(crate) help: String,
}

/// The mistake behind `error`, a syntax error serde_yaml found reading
/// `yaml`, when it is one of those this module knows. Line numbers in the
/// help count from `first_line`, the file line `yaml` starts on.
pub(crate) fn explain(yaml: &str, error: &serde_yaml::Error, first_line: usize) -> Option<Mistake> {
    let at = error.location()?;
    let lines: Vec<&str> = yaml.lines().collect();
    let (line, column) = (at.line(), at.column());
    let message = error.to_string();
    let file_line = |yaml_line: usize| yaml_line + first_line - 1;
    tab_indentation(&lines, line)
        .or_else(|| unclosed_quote(&lines, line))
        .or_else(|| unclosed_bracket(&lines, &message))
        .or_else(|| missing_colon_space(&lines, &message))
        .or_else(|| colon_in_text(&lines, &message, line, column))
        .or_else(|| indented_differently(&lines, &message, line, file_line))
        .or_else(|| reserved_first_character(&lines, &message, line, column))
}

/// The first line up to `last` indented with a tab.
fn tab_indentation(lines: &[&str], last: usize) -> Option<Mistake> {
    lines.iter().take(last).enumerate().find_map(|(i, text)| {
        let indent = &text[..text.len() - text.trim_start_matches([' ', '\t']).len()];
        let tab = indent.find('\t')?;
        Some(Mistake {
            line: i + 1,
            column: tab + 1,
            message: "this line is indented with a tab".into(),
            help: "YAML does not allow tabs for indentation: indent with spaces".into(),
        })
    })
}

/// Where a line's value starts (after `key: ` or `- `), as a byte offset.
fn value_start(text: &str) -> Option<usize> {
    let mut rest = text.trim_start();
    while let Some(after) = rest.strip_prefix("- ") {
        rest = after.trim_start();
    }
    if !rest.starts_with(['"', '\'']) {
        let colon = rest.find(": ")?;
        rest = rest[colon + 1..].trim_start();
    }
    Some(text.len() - rest.len())
}

/// Where the quote opened at byte `open` of `text` closes, scanning on
/// through the next lines: the (line index, byte offset) of the closing
/// quote, `None` if it never does.
fn closing_quote(lines: &[&str], first: usize, open: usize) -> Option<(usize, usize)> {
    let quote = lines[first].as_bytes()[open];
    for (i, text) in lines.iter().enumerate().skip(first) {
        let bytes = text.as_bytes();
        let mut at = if i == first { open + 1 } else { 0 };
        while at < bytes.len() {
            match bytes[at] {
                b'\\' if quote == b'"' => at += 2,
                b'\'' if quote == b'\'' && bytes.get(at + 1) == Some(&b'\'') => at += 2,
                b if b == quote => return Some((i, at)),
                _ => at += 1,
            }
        }
    }
    None
}

/// A quoted value that never closes, or that a quote meant to open a later
/// value closes (so text follows that quote on its line), up to line `last`;
/// or a quote that closes before the end of its value (`"Is it" painful?`).
fn unclosed_quote(lines: &[&str], last: usize) -> Option<Mistake> {
    let mut i = 0;
    while i < last.min(lines.len()) {
        let text = lines[i];
        let Some(open) = value_start(text).filter(|&at| text[at..].starts_with(['"', '\''])) else {
            i += 1;
            continue;
        };
        let column = text[..open].chars().count() + 1;
        let quote = &text[open..=open];
        let text_follows = |line: &str, close: usize| {
            let rest = line[close + 1..].trim_start();
            !rest.is_empty() && !rest.starts_with('#') && !rest.starts_with(',') && !rest.starts_with(']')
        };
        match closing_quote(lines, i, open) {
            None => return Some(never_closed(i, column, quote)),
            Some((close_line, close)) if text_follows(lines[close_line], close) => {
                if close_line == i {
                    return Some(Mistake {
                        line: i + 1,
                        column,
                        message: format!("this quoted text ends at its second {quote}, but more text follows it"),
                        help: format!(
                            "put the whole value in quotes; a {quote} inside it is written {}",
                            if quote == "\"" { "\\\"" } else { "''" }
                        ),
                    });
                }
                return Some(never_closed(i, column, quote));
            }
            Some((close_line, _)) => i = close_line + 1,
        }
    }
    None
}

fn never_closed(index: usize, column: usize, quote: &str) -> Mistake {
    Mistake {
        line: index + 1,
        column,
        message: "this quote is never closed".into(),
        help: format!("end the text with `{quote}` on the same line"),
    }
}

/// The first `at line L column C` after `after` in libyaml's message.
fn mark_after(message: &str, after: &str) -> Option<(usize, usize)> {
    let rest = &message[message.find(after)? + after.len()..];
    let rest = rest.strip_prefix(" at line ")?;
    let (line, rest) = rest.split_once(" column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// A `[` or `{` that is not closed on its line.
fn unclosed_bracket(lines: &[&str], message: &str) -> Option<Mistake> {
    let (open, close, (line, column)) = match mark_after(message, "while parsing a flow sequence") {
        Some(mark) => ('[', ']', mark),
        None => ('{', '}', mark_after(message, "while parsing a flow mapping")?),
    };
    let text = lines.get(line - 1)?;
    let from = text.char_indices().nth(column - 1)?.0;
    if text[from..].contains(close) {
        return None;
    }
    Some(Mistake {
        line,
        column,
        message: format!("this `{open}` is never closed"),
        help: if open == '[' {
            "end the list with `]` on the same line, like `topics: [pain, comfort]`".into()
        } else {
            "end it with `}` on the same line, like `{title: a, url: b}`".into()
        },
    })
}

/// `summary:y`: a key whose colon has no space after it, which YAML reads
/// as text, so it finds no key on that line.
fn missing_colon_space(lines: &[&str], message: &str) -> Option<Mistake> {
    if !message.starts_with("could not find expected ':'") {
        return None;
    }
    let (line, _) = mark_after(message, "while scanning a simple key")?;
    let text = lines.get(line - 1)?;
    let colon = text.find(':').filter(|&c| text[c + 1..].starts_with(|ch: char| !ch.is_whitespace()));
    Some(match colon {
        Some(colon) => Mistake {
            line,
            column: text[..colon].chars().count() + 2,
            message: "there is no space after this colon".into(),
            help: format!("write `{}: {}`", text[..colon].trim(), &text[colon + 1..]),
        },
        None => Mistake {
            line,
            column: text.len() - text.trim_start().len() + 1,
            message: "this line is not a `key: value` line".into(),
            help: "start it with a key and `: `, or, if it goes on from the value above, put that value in quotes"
                .into(),
        },
    })
}

/// `summary: Note: this hurts`: a `: ` inside unquoted text, read as a
/// second key; or a `key: value` line indented under a line that already
/// has its value.
fn colon_in_text(lines: &[&str], message: &str, line: usize, column: usize) -> Option<Mistake> {
    if !message.starts_with("mapping values are not allowed") {
        return None;
    }
    let text = lines.get(line - 1)?;
    let first_colon = text.find(':')?;
    if text[..first_colon].chars().count() + 1 == column {
        let indent = text.len() - text.trim_start().len();
        return Some(Mistake {
            line,
            column: indent + 1,
            message: "this line is indented more than the line above it".into(),
            help: "start it in the same column as the key above it; only a key without a value on its line takes \
                   indented lines under it"
                .into(),
        });
    }
    let value = value_start(text).unwrap_or(first_colon + 1);
    let key = text[..first_colon].trim().trim_start_matches("- ");
    Some(Mistake {
        line,
        column: text[..value].chars().count() + 1,
        message: "this text has `: ` in it, which YAML reads as the start of another key".into(),
        help: format!("put the whole value in quotes: `{key}: \"{}\"`", text[value..].trim_end().replace('"', "\\\"")),
    })
}

/// A line or list item that starts in another column than the lines it
/// belongs with.
fn indented_differently(
    lines: &[&str],
    message: &str,
    line: usize,
    file_line: impl Fn(usize) -> usize,
) -> Option<Mistake> {
    if !message.starts_with("did not find expected key") && !message.starts_with("did not find expected '-'") {
        return None;
    }
    let text = lines.get(line - 1)?;
    let indent = text.len() - text.trim_start().len();
    let is_item = |l: &str| l.trim_start().starts_with("- ") || l.trim() == "-";
    let earlier = lines[..line - 1].iter().enumerate().rev().filter(|(_, l)| !l.trim().is_empty());
    let (above, above_text) = if is_item(text) {
        earlier.filter(|(_, l)| is_item(l)).find(|(_, l)| l.len() - l.trim_start().len() != indent)?
    } else {
        earlier.filter(|(_, l)| !is_item(l)).find(|(_, l)| l.len() - l.trim_start().len() < indent)?
    };
    let above_column = above_text.len() - above_text.trim_start().len() + 1;
    let what = if is_item(text) { "list item" } else { "line" };
    Some(Mistake {
        line,
        column: indent + 1,
        message: format!("this {what} is indented differently from the ones above"),
        help: format!("start it in column {above_column}, as line {} does", file_line(above + 1)),
    })
}

/// `title: @home`: a value starting with a character YAML keeps for itself.
fn reserved_first_character(lines: &[&str], message: &str, line: usize, column: usize) -> Option<Mistake> {
    if !message.starts_with("found character that cannot start any token") {
        return None;
    }
    let text = lines.get(line - 1)?;
    let at = text.char_indices().nth(column - 1)?.0;
    let found = text[at..].chars().next()?;
    let key = text[..at].trim().trim_end_matches(':').trim_start_matches("- ");
    Some(Mistake {
        line,
        column,
        message: format!("a value cannot start with `{found}` unless it is in quotes"),
        help: if key.is_empty() {
            "put the value in quotes".into()
        } else {
            format!("put the value in quotes: `{key}: \"{}\"`", text[at..].trim_end())
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(yaml: &str) -> Option<Mistake> {
        let error = serde_yaml::from_str::<serde_yaml::Value>(yaml).unwrap_err();
        explain(yaml, &error, 1)
    }

    fn at(yaml: &str) -> (usize, usize, String) {
        let m = explained(yaml).unwrap_or_else(|| panic!("not explained: {yaml}"));
        (m.line, m.column, m.message)
    }

    #[test]
    fn a_quote_never_closed_is_found_where_it_opens() {
        assert_eq!(at("title: \"Is it open?\nsummary: fine\norder: 1\n"), (1, 8, "this quote is never closed".into()));
        let closed_by_the_next_value = "title: x\nsummary: \"Safe.\norder: 3\nreviewed_by: \"Dr. A\"\n";
        assert_eq!(at(closed_by_the_next_value), (2, 10, "this quote is never closed".into()));
        assert_eq!(at("title: 'Is it open?\nsummary: 'fine'\n").0, 1);
        assert_eq!(
            at("title: \"Is it\" painful?\n").2,
            "this quoted text ends at its second \", but more text follows it"
        );
    }

    #[test]
    fn a_quote_over_several_lines_is_not_blamed() {
        let yaml = "summary: \"one\n  two\"\ntitle: x\n  order: 1\n";
        assert_eq!(at(yaml).2, "this line is indented more than the line above it");
    }

    #[test]
    fn brackets_tabs_colons_and_indents() {
        assert_eq!(at("title: [Is it open?\ntopics: [pain]\n"), (1, 8, "this `[` is never closed".into()));
        assert_eq!(at("topics: {pain\norder: 1\n"), (1, 9, "this `{` is never closed".into()));
        assert_eq!(at("topics:\n\t- pain\n"), (2, 1, "this line is indented with a tab".into()));
        assert_eq!(at("title: x\nsummary:y\norder: 1\n"), (2, 9, "there is no space after this colon".into()));
        assert_eq!(explained("title: x\nsummary:y\norder: 1\n").unwrap().help, "write `summary: y`");
        assert_eq!(
            at("title: x\nsummary: Note: this hurts\n"),
            (2, 10, "this text has `: ` in it, which YAML reads as the start of another key".into())
        );
        assert_eq!(
            at("topics:\n  - pain\n - comfort\n"),
            (3, 2, "this list item is indented differently from the ones above".into())
        );
        assert_eq!(explained("topics:\n  - pain\n - comfort\n").unwrap().help, "start it in column 3, as line 2 does");
        assert_eq!(
            at("title: x\ntopics:\n  - pain\n order: 1\n").2,
            "this line is indented differently from the ones above"
        );
        assert_eq!(at("title: @home\n"), (1, 8, "a value cannot start with `@` unless it is in quotes".into()));
    }

    proptest::proptest! {
        /// Whatever the text, an explanation points at a line of it, no
        /// later than where libyaml stopped, and never panics.
        #[test]
        fn explains_within_the_text(yaml in "([a-z]{1,4}|: |:|- |\"|'|\\[|\\]|\\{|\\}|\t|  |\n|@|#|,){0,40}") {
            if let Err(error) = serde_yaml::from_str::<serde_yaml::Value>(&yaml)
                && let Some(mistake) = explain(&yaml, &error, 1)
            {
                let stopped = error.location().map_or(usize::MAX, |l| l.line());
                proptest::prop_assert!(mistake.line >= 1 && mistake.line <= stopped.max(1), "{mistake:?}");
                proptest::prop_assert!(mistake.line <= yaml.lines().count().max(1), "{mistake:?}");
                proptest::prop_assert!(mistake.column >= 1);
            }
        }
    }

    #[test]
    fn other_errors_are_left_to_libyaml() {
        assert_eq!(explained("title: x\nsummary: *nowhere\n"), None);
    }
}
