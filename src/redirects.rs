//! Redirect pages for `aliases`: when an entry moves, its old address keeps
//! working. Each alias becomes a small page that sends the browser on with a
//! meta refresh (which works on every static host and from `file://`) and
//! names the new page as canonical for search engines.

use std::collections::HashSet;

use pulldown_cmark_escape::escape_html;

use crate::content::{Document, EntryMeta};
use crate::diagnostic::Diagnostic;
use crate::site::{self, Site};
use crate::structured_data::absolute_url;

/// The output path an alias is written to: `/old/path/` and `old/path` become
/// `old/path/index.html`; `old.html` stays as written. `None` if the alias
/// is empty or climbs with `..`.
fn alias_path(alias: &str) -> Option<String> {
    let trimmed = alias.trim().trim_start_matches('/');
    let parts: Vec<&str> = trimmed.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() || parts.iter().any(|p| *p == ".." || *p == "." || p.contains('\\')) {
        return None;
    }
    let joined = parts.join("/");
    if joined.ends_with(".html") && !trimmed.ends_with('/') {
        Some(joined)
    } else {
        Some(format!("{joined}/index.html"))
    }
}

/// Every alias page, or a diagnostic for each alias that cannot be written
/// (unusable, or taken by a page or another alias).
pub(crate) fn redirect_pages(site: &Site, taken: &HashSet<String>) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    let mut pages = Vec::new();
    let mut diagnostics = Vec::new();
    let mut written: HashSet<String> = HashSet::new();
    for guide in &site.guides {
        for entry in &guide.entries {
            let target = site::entry_url(&guide.slug, &entry.slug);
            for alias in &entry.doc.meta.aliases {
                let Some(path) = alias_path(alias) else {
                    diagnostics.push(
                        alias_error(&entry.doc, alias, format!("the alias `{alias}` is not a usable path")).with_help(
                            "write the old address as a path from the site's root, e.g. `/old-guide/old-question/`",
                        ),
                    );
                    continue;
                };
                if taken.contains(&path) || !written.insert(path.clone()) {
                    diagnostics.push(
                        alias_error(
                            &entry.doc,
                            alias,
                            format!("the alias `{alias}` is already the address of another page"),
                        )
                        .with_help("an alias must be an address nothing else uses; remove it or choose another"),
                    );
                    continue;
                }
                let html = redirect_html(site, &path, &target, &entry.title);
                pages.push((path, html));
            }
        }
    }
    (pages, diagnostics)
}

fn alias_error(doc: &Document<EntryMeta>, alias: &str, message: String) -> Diagnostic {
    let front = &doc.text[..doc.body_offset];
    let (line, col) = front
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find(alias).map(|c| (i + 1, l[..c].chars().count() + 1)))
        .unwrap_or((1, 1));
    Diagnostic::error(&doc.path, line, col, message).with_source(&doc.text)
}

fn redirect_html(site: &Site, from: &str, target: &str, title: &str) -> String {
    let depth = from.matches('/').count();
    let relative = format!("{}{target}", "../".repeat(depth));
    let canonical = site.config.base_url().map_or_else(|| relative.clone(), |b| absolute_url(b, target));
    let esc = |s: &str| {
        let mut out = String::new();
        let _ = escape_html(&mut out, s);
        out
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {title}</title>\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={relative}\">\n</head>\n<body>\n<main>\n<h1>This page has moved</h1>\n\
         <p>It is now at <a href=\"{relative}\">{title}</a>.</p>\n</main>\n</body>\n</html>\n",
        lang = esc(&site.config.language),
        title = esc(title),
        canonical = esc(&canonical),
        relative = esc(&relative),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths() {
        assert_eq!(alias_path("/old/path/").as_deref(), Some("old/path/index.html"));
        assert_eq!(alias_path("old/path").as_deref(), Some("old/path/index.html"));
        assert_eq!(alias_path("/faq.html").as_deref(), Some("faq.html"));
        assert_eq!(alias_path("/"), None);
        assert_eq!(alias_path("/a/../../etc"), None);
    }
}
