//! Values writers type in gloss.yaml and front matter that reach pages as
//! written, each reported at the line and column of its value.
//!
//! Addresses: `sources[].url` in an entry's front matter,
//! `practice.booking_url`, `practice.url` and `reviewers.<key>.url` must be
//! whole addresses a page may link to
//! (`href::check_address`), `base_url` an `http(s)` one. Markdown links are
//! checked with the bodies (`checks::bodies`).
//!
//! Titles (the site's, the home page's, a guide's, an entry's): a control
//! character (a YAML escape such as `"\e"` or `"\0"`, or a paste from a
//! terminal) is an error rather than stripped. It is invisible in the editor
//! and browsers show it as a box or not at all, so the writer did not mean
//! it; an error says where it is, where stripping would publish a title
//! that differs from the file without a word.

use std::path::Path;

use crate::config::CONFIG_FILE;
use crate::content::Document;
use crate::diagnostic::Diagnostic;
use crate::href::{self, Refusal};
use crate::site::Site;

/// Every refused address in gloss.yaml (`config_text`) and the entries'
/// sources.
pub(crate) fn diagnostics(site: &Site, config_text: &str) -> Vec<Diagnostic> {
    let mut found = address_diagnostics(site, config_text);
    found.extend(title_diagnostics(site, config_text));
    found
}

fn address_diagnostics(site: &Site, config_text: &str) -> Vec<Diagnostic> {
    let config = &site.config;
    let mut found = Vec::new();
    if let Some(Err(refusal)) = config.base_url_as_written().map(href::check_web_address) {
        found.push(error(Path::new(CONFIG_FILE), config_text, value_position(config_text, 0, "base_url", 0), &refusal));
    }
    if let Some(Err(refusal)) = config.practice.booking_url.as_ref().map(|url| href::check_address(url.as_written())) {
        let after = line_start_of(config_text, "practice");
        let at = value_position(config_text, after, "booking_url", 0);
        found.push(error(Path::new(CONFIG_FILE), config_text, at, &refusal));
    }
    if let Some(Err(refusal)) = config.practice.url.as_ref().map(|url| href::check_address(url.as_written())) {
        let at = value_position(config_text, line_start_of(config_text, "practice"), "url", 0);
        found.push(error(Path::new(CONFIG_FILE), config_text, at, &refusal));
    }
    let reviewers_at = line_start_of(config_text, "reviewers");
    for (key, reviewer) in &config.reviewers {
        if let Some(Err(refusal)) = reviewer.url.as_ref().map(|url| href::check_address(url.as_written())) {
            let key_at =
                config_text[reviewers_at..].find(&format!("{key}:")).map_or(reviewers_at, |i| reviewers_at + i);
            found.push(error(
                Path::new(CONFIG_FILE),
                config_text,
                value_position(config_text, key_at, "url", 0),
                &refusal,
            ));
        }
    }
    for entry in site.guides.iter().flat_map(|g| &g.entries) {
        let doc = &entry.doc;
        let front = &doc.text[..doc.body_offset];
        let after = line_start_of(front, "sources");
        for (n, source) in doc.meta.sources.iter().enumerate() {
            if let Err(refusal) = href::check_address(source.url.as_written()) {
                found.push(error(&doc.path, &doc.text, value_position(front, after, "url", n), &refusal));
            }
        }
    }
    found
}

/// Every title with a control character in it.
fn title_diagnostics(site: &Site, config_text: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let config_path = Path::new(CONFIG_FILE);
    found.extend(title_error(config_path, config_text, config_text, Some(&site.config.title)));
    if let Some(home) = &site.home {
        found.extend(front_matter_title_error(home, home.meta.title.as_deref()));
    }
    for guide in &site.guides {
        found.extend(front_matter_title_error(&guide.doc, guide.doc.meta.title.as_deref()));
        for entry in &guide.entries {
            found.extend(front_matter_title_error(&entry.doc, entry.doc.meta.title.as_deref()));
        }
    }
    found
}

fn front_matter_title_error<M>(doc: &Document<M>, title: Option<&str>) -> Option<Diagnostic> {
    title_error(&doc.path, &doc.text, &doc.text[..doc.body_offset], title)
}

/// The error for `title` (the value of `title:` in `yaml`, which starts
/// `text`), if it has a control character other than a tab or line break.
fn title_error(path: &Path, text: &str, yaml: &str, title: Option<&str>) -> Option<Diagnostic> {
    let control = title?.chars().find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))?;
    let (line, column) = value_position(yaml, 0, "title", 0);
    let code = format!("U+{:04X}", u32::from(control));
    Some(
        Diagnostic::error(path, line, column, format!("this title contains an invisible control character ({code})"))
            .with_help(format!(
                "remove it: look for an escape such as `\\e`, `\\0` or `\\u{}` in the quoted title, or \
                 type the title again if it was pasted",
                &code[2..]
            ))
            .with_source(text),
    )
}

fn error(path: &Path, text: &str, (line, column): (usize, usize), refusal: &Refusal) -> Diagnostic {
    Diagnostic::error(path, line, column, refusal.message()).with_help(refusal.help()).with_source(text)
}

/// The byte offset of the line that starts with `key:`, or 0.
fn line_start_of(text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')) {
            return offset;
        }
        offset += line.len();
    }
    0
}

/// The file position of the value of the `nth` `key:` at or after byte
/// `from` of `text`, whether the YAML is block (`  url: x`, `- url: x`) or
/// flow (`{title: t, url: x}`); line 1, column 1 if there is none.
fn value_position(text: &str, from: usize, key: &str, nth: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let starts_key = |i: usize| {
        let before_ok = i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n' | b'{' | b',' | b'-');
        let rest = &text[i + key.len()..];
        before_ok && rest.trim_start_matches([' ', '\t']).starts_with(':')
    };
    let Some(at) = text[from..].match_indices(key).map(|(i, _)| from + i).filter(|&i| starts_key(i)).nth(nth) else {
        return (1, 1);
    };
    let after_colon = at + text[at..].find(':').map_or(0, |c| c + 1);
    let value = after_colon + (text[after_colon..].len() - text[after_colon..].trim_start_matches([' ', '\t']).len());
    crate::diagnostic::line_col(text, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_in_block_and_flow_yaml() {
        let text = "---\ntitle: x\nsources:\n  - title: a\n    url: https://a.example\n  - {title: b, url: javascript:x}\n---\n";
        let after = line_start_of(text, "sources");
        assert_eq!(value_position(text, after, "url", 0), (5, 10));
        assert_eq!(value_position(text, after, "url", 1), (6, 21));
        assert_eq!(value_position(text, after, "url", 2), (1, 1));
        let config = "title: T\ntheme_options:\n  booking_url: x\npractice:\n  booking_url:   example.com\n";
        assert_eq!(value_position(config, line_start_of(config, "practice"), "booking_url", 0), (5, 18));
    }
}
