//! Themes: compiling a theme's templates once and fingerprinting its static
//! files, with the site's own `templates/` and `static/` overriding the
//! theme's file at the same relative path.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use tera::Tera;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;

pub const THEMES_DIR: &str = "themes";

/// A theme ready to render: compiled templates and fingerprinted assets.
pub struct Theme {
    pub name: String,
    pub tera: Tera,
    /// Template name → the file it was read from (theme or site override),
    /// so render errors can name the file to fix.
    pub template_paths: BTreeMap<String, PathBuf>,
    /// Template name → its text, to show the line a render error is on.
    pub template_sources: BTreeMap<String, String>,
    /// Logical static path (`style.css`) → fingerprinted output path
    /// (`style.3fa2c1d0.css`), handed to templates as `assets`.
    pub asset_paths: BTreeMap<String, String>,
    /// Fingerprinted output path → file contents.
    pub static_files: Vec<(String, Vec<u8>)>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ThemeManifest {
    pub name: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub options: BTreeMap<String, serde_yaml::Value>,
}

/// Loads theme `name` of the site at `root`.
pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
    let theme_dir = root.join(THEMES_DIR).join(name);
    if !theme_dir.is_dir() {
        return Err(vec![missing_theme(root, name)]);
    }
    let templates = overlay(&theme_dir.join("templates"), &root.join("templates"))?;
    let template_sources = read_templates(root, &templates)?;
    let tera = compile(root, &templates, &template_sources)?;
    let statics = overlay(&theme_dir.join("static"), &root.join("static"))?;
    let mut asset_paths = BTreeMap::new();
    let mut static_files = Vec::new();
    for (logical, path) in statics {
        let bytes = std::fs::read(&path).map_err(|e| vec![read_error(root, &path, &e)])?;
        let output = fingerprinted(&logical, &bytes);
        asset_paths.insert(logical, output.clone());
        static_files.push((output, bytes));
    }
    let template_paths =
        templates.into_iter().map(|(n, p)| (n, p.strip_prefix(root).map(Path::to_path_buf).unwrap_or(p))).collect();
    Ok(Theme { name: name.to_string(), tera, template_paths, template_sources, asset_paths, static_files })
}

/// Files under `base`, then those under `over` replacing any at the same
/// relative path. Keys are `/`-separated relative paths.
fn overlay(base: &Path, over: &Path) -> Result<BTreeMap<String, PathBuf>, Vec<Diagnostic>> {
    let mut files = BTreeMap::new();
    for dir in [base, over] {
        if !dir.is_dir() {
            continue;
        }
        for item in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
            let item = item.map_err(|e| {
                vec![
                    Diagnostic::error(e.path().unwrap_or(dir), 1, 1, format!("cannot read: {e}"))
                        .with_help("check the theme folder's files and links"),
                ]
            })?;
            let name = item.file_name().to_string_lossy();
            if !item.file_type().is_file() || name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            let rel = item.path().strip_prefix(dir).unwrap_or(item.path()).to_string_lossy().replace('\\', "/");
            files.insert(rel, item.into_path());
        }
    }
    Ok(files)
}

fn read_templates(
    root: &Path,
    templates: &BTreeMap<String, PathBuf>,
) -> Result<BTreeMap<String, String>, Vec<Diagnostic>> {
    let mut sources = BTreeMap::new();
    let mut errors = Vec::new();
    for (name, path) in templates {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                sources.insert(name.clone(), text);
            }
            Err(e) => errors.push(read_error(root, path, &e)),
        }
    }
    if errors.is_empty() { Ok(sources) } else { Err(errors) }
}

fn compile(
    root: &Path,
    templates: &BTreeMap<String, PathBuf>,
    sources: &BTreeMap<String, String>,
) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    tera.set_escape_fn(escape_html);
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))).map_err(|e| {
        let text = error_chain(&e);
        let (name, line, col) = template_position(&text);
        let path = name.and_then(|n| templates.get(n)).map_or_else(|| PathBuf::from(THEMES_DIR), |p| p.clone());
        let path = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or(path);
        let source = name.and_then(|n| sources.get(n)).map_or("", String::as_str);
        vec![
            Diagnostic::error(path, line, col, format!("template error: {}", first_line_summary(&text)))
                .with_source(source)
                .with_help("fix the template syntax at this position; see docs/themes.md"),
        ]
    })?;
    Ok(tera)
}

/// Tera's default escaping also turns `/` into `&#x2F;`, which bloats every
/// URL and is not needed in HTML text or quoted attributes. This escapes what
/// can end an attribute or start markup: `& < > " '`.
fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Tera's errors are a chain ("Failed to parse 'x.html'" → the parser's
/// message with ` --> line:col`); gloss shows the whole chain on one line.
pub fn error_chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// Finds `'name.html'` and ` --> L:C` in a tera error text.
fn template_position(text: &str) -> (Option<&str>, usize, usize) {
    let name = text.split('\'').nth(1);
    let position = text.split("--> ").nth(1).and_then(|rest| {
        let mut nums = rest.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty());
        Some((nums.next()?.parse().ok()?, nums.next()?.parse().ok()?))
    });
    let (line, col) = position.unwrap_or((1, 1));
    (name, line, col)
}

/// The parser's own words from a tera parse error: the `= expected …` line
/// (the position and the source excerpt are shown by the diagnostic itself).
fn first_line_summary(text: &str) -> String {
    match text.lines().map(str::trim).find_map(|l| l.strip_prefix("= ")) {
        Some(expected) => expected.to_string(),
        None => text.lines().next().unwrap_or(text).to_string(),
    }
}

/// Where a render error happened, when tera names a variable: the first use
/// of that variable in the template's text.
pub fn variable_position(error_text: &str, template_source: &str) -> Option<(usize, usize)> {
    let name = error_text.split("Variable `").nth(1)?.split('`').next()?;
    let offset = template_source.find(name)?;
    Some(crate::diagnostic::line_col(template_source, offset))
}

/// `css/style.css` → `css/style.3fa2c1d0.css`: the name changes whenever the
/// content does, so a CDN may cache the file forever.
pub fn fingerprinted(logical: &str, bytes: &[u8]) -> String {
    let hash = xxhash_rust::xxh3::xxh3_64(bytes) as u32;
    let (dir, file) = match logical.rsplit_once('/') {
        Some((d, f)) => (format!("{d}/"), f),
        None => (String::new(), logical),
    };
    match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{dir}{stem}.{hash:08x}.{ext}"),
        _ => format!("{dir}{file}.{hash:08x}"),
    }
}

fn missing_theme(root: &Path, name: &str) -> Diagnostic {
    let config = root.join(crate::config::CONFIG_FILE);
    let text = std::fs::read_to_string(&config).unwrap_or_default();
    let line = text.lines().position(|l| l.trim_start().starts_with("theme:")).map_or(1, |i| i + 1);
    let available: Vec<String> = std::fs::read_dir(root.join(THEMES_DIR))
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let help = if available.is_empty() {
        "there is no themes/ folder in this site: copy a theme into themes/ (`gloss init` makes a site with one)"
            .to_string()
    } else {
        format!("themes in this site: {}", available.join(", "))
    };
    Diagnostic::error(crate::config::CONFIG_FILE, line, 1, format!("the theme `{name}` is not in themes/{name}"))
        .with_source(&text)
        .with_help(help)
}

fn read_error(root: &Path, path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path.strip_prefix(root).unwrap_or(path), 1, 1, format!("cannot read: {e}"))
        .with_help("check that the file exists and that you may read it")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_goes_before_the_extension() {
        let a = fingerprinted("css/style.css", b"body{}");
        assert!(a.starts_with("css/style.") && a.ends_with(".css") && a.len() == "css/style.12345678.css".len(), "{a}");
        assert_ne!(a, fingerprinted("css/style.css", b"body{color:red}"));
        assert!(fingerprinted("LICENSE", b"x").starts_with("LICENSE."));
    }

    #[test]
    fn escapes_markup_and_quotes_but_not_slashes() {
        assert_eq!(escape_html(r#"<a href="x/y">'&'</a>"#), "&lt;a href=&quot;x/y&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    #[test]
    fn finds_the_undefined_variable_in_the_template() {
        let err = "Failed to render 'topics.html': Variable `nope.thing` not found in context";
        assert_eq!(variable_position(err, "a\n<p>{{ nope.thing }}</p>"), Some((2, 7)));
        assert_eq!(variable_position("other", "x"), None);
    }

    #[test]
    fn reads_tera_positions() {
        let text = "Failed to parse 'base.html': --> 3:7\n  |\n3 | {% if %}\n  |       ^---\n  = expected a value";
        assert_eq!(template_position(text), (Some("base.html"), 3, 7));
    }
}
