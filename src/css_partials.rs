//! Stylesheet partials: a `.css` static file whose name starts with `_`
//! (`_print.css`) is not published on its own; a stylesheet that says
//! `@import "_print.css";` on a line of its own gets the partial's text in
//! that place when the theme loads. So the shipped themes share their common
//! rules (clinic's partials, which warm finds through `extends:` like any
//! other static file) and a page still loads one stylesheet: no second
//! render-blocking request, and a build opened from `file://` looks the same.
//!
//! The partial goes where the `@import` line stands, not at the top as a
//! browser would put an imported sheet, so the cascade is the order the
//! stylesheet reads in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// How deep partials may import partials; deeper is taken for a loop.
const MAX_DEPTH: usize = 8;

/// Whether the static file at `logical` is a partial, put into the
/// stylesheets that import it rather than published.
pub(crate) fn is_partial(logical: &str) -> bool {
    let name = logical.rsplit('/').next().unwrap_or(logical);
    name.starts_with('_') && name.to_ascii_lowercase().ends_with(".css")
}

/// `text` (the stylesheet at `logical`, read from `source`) with every
/// `@import "_name.css";` line replaced by that partial's text. `files` maps
/// every static file's logical path to the file it was read from and its bytes. An import of a partial
/// that no layer has, or a loop of imports, is an error at its line.
pub(crate) fn expand(
    logical: &str,
    source: &Path,
    text: &str,
    files: &BTreeMap<String, (PathBuf, Vec<u8>)>,
) -> Result<String, Diagnostic> {
    expand_at(logical, source, text, files, 0)
}

fn expand_at(
    logical: &str,
    source: &Path,
    text: &str,
    files: &BTreeMap<String, (PathBuf, Vec<u8>)>,
    depth: usize,
) -> Result<String, Diagnostic> {
    let mut out = String::with_capacity(text.len());
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let Some(name) = partial_import(line) else {
            out.push_str(line);
            continue;
        };
        let column = line.find('@').unwrap_or(0) + 1;
        let at = |message: String| Diagnostic::error(source, number + 1, column, message).with_source(text);
        let target = sibling(logical, name);
        let Some((partial_source, bytes)) = files.get(&target) else {
            return Err(at(format!("`{name}` is not a stylesheet partial of this site or its theme"))
                .with_help("a partial is a .css file whose name starts with `_` in the theme's or the site's static/ folder: check the name, or add the file"));
        };
        if depth >= MAX_DEPTH {
            return Err(at(format!(
                "`{name}` imports partials more than {MAX_DEPTH} deep (a partial importing itself?)"
            ))
            .with_help("remove the @import that leads back to a partial already being imported"));
        }
        let partial = String::from_utf8_lossy(bytes);
        out.push_str(&expand_at(&target, partial_source, &partial, files, depth + 1)?);
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    Ok(out)
}

/// The partial named by a line that is only `@import "_name.css";` (or
/// `@import url("_name.css");`); any other `@import` is the browser's.
fn partial_import(line: &str) -> Option<&str> {
    let rest = line.trim().strip_prefix("@import")?.trim_start();
    let rest = rest.strip_suffix(';')?.trim_end();
    let rest = rest.strip_prefix("url(").and_then(|r| r.strip_suffix(')')).unwrap_or(rest).trim();
    let name = rest.strip_prefix('"').and_then(|r| r.strip_suffix('"'))?;
    is_partial(name).then_some(name)
}

/// `name` relative to the folder of the stylesheet at `logical`.
fn sibling(logical: &str, name: &str) -> String {
    match logical.rsplit_once('/') {
        Some((folder, _)) => format!("{folder}/{name}"),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, (PathBuf, Vec<u8>)> {
        list.iter().map(|(k, v)| (k.to_string(), (PathBuf::from(k), v.as_bytes().to_vec()))).collect()
    }

    #[test]
    fn a_partial_goes_where_its_import_line_stands() {
        let all = files(&[("_print.css", "@media print { a { color: black; } }\n")]);
        let css = "a { color: red; }\n@import \"_print.css\";\nb { color: blue; }\n";
        let out = expand("style.css", Path::new("style.css"), css, &all).unwrap();
        assert_eq!(out, "a { color: red; }\n@media print { a { color: black; } }\nb { color: blue; }\n");
    }

    #[test]
    fn other_imports_are_left_for_the_browser() {
        let css = "@import url(\"fonts.css\");\n@import \"https://example.com/x.css\";\n";
        assert_eq!(expand("style.css", Path::new("style.css"), css, &files(&[])).unwrap(), css);
    }

    #[test]
    fn a_missing_partial_is_an_error_at_its_line() {
        let css = "a {}\n  @import \"_nope.css\";\n";
        let err = expand("css/style.css", Path::new("static/css/style.css"), css, &files(&[])).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("static/css/style.css:2:3"), "{shown}");
        assert!(shown.contains("_nope.css"), "{shown}");
    }

    #[test]
    fn a_partial_importing_itself_is_an_error_not_a_stack_overflow() {
        let all = files(&[("_loop.css", "@import \"_loop.css\";\n")]);
        let err = expand("style.css", Path::new("style.css"), "@import \"_loop.css\";\n", &all).unwrap_err();
        assert!(err.to_string().contains("deep"), "{err}");
    }

    #[test]
    fn partials_are_named_with_a_leading_underscore() {
        assert!(is_partial("_print.css") && is_partial("css/_base.CSS"));
        assert!(!is_partial("style.css") && !is_partial("_notes.txt") && !is_partial("a_b.css"));
    }
}
