//! The caching rules a host reads from the published folder itself: Apache's
//! `.htaccess`, the `_headers` file of Netlify and Cloudflare Pages. Written
//! on request (`host:` in gloss.yaml, or `gloss build --host`), from the
//! build's own list of fingerprinted files, so the rules name exactly the
//! files that may be cached for a year and never a file that keeps its name
//! when it changes (a page, the search index, a writer's image). nginx reads
//! no file from the site's folder: docs/deploying.md has its server block.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A host whose caching rules gloss writes into the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Host {
    /// Apache: `.htaccess`.
    Apache,
    /// Netlify: `_headers`.
    Netlify,
    /// Cloudflare Pages: `_headers`, in Netlify's format.
    Cloudflare,
}

/// How long a file that never changes under its name may be kept.
const FOREVER: &str = "public, max-age=31536000, immutable";

impl Host {
    /// The file the host reads, relative to the output's root.
    pub(crate) fn file_name(self) -> &'static str {
        match self {
            Host::Apache => ".htaccess",
            Host::Netlify | Host::Cloudflare => "_headers",
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Host::Apache => "apache",
            Host::Netlify => "netlify",
            Host::Cloudflare => "cloudflare",
        }
    }

    /// The rules for a build whose fingerprinted files are the values of
    /// `asset_paths` that differ from their keys (`style.css` →
    /// `style.3fa2c1d0.css`). `base_path` is the site's path on its host
    /// (`/guides/`), where Apache finds the page-not-found page.
    pub(crate) fn rules(self, asset_paths: &BTreeMap<String, String>, base_path: &str) -> String {
        let fingerprinted: Vec<&str> = asset_paths
            .iter()
            .filter(|(logical, output)| logical != output)
            .map(|(_, output)| output.as_str())
            .collect();
        match self {
            Host::Apache => htaccess(&fingerprinted, base_path),
            Host::Netlify | Host::Cloudflare => headers(self, &fingerprinted),
        }
    }
}

/// Apache: pages and everything else revalidated, the fingerprinted files
/// kept. `FilesMatch` sees a file's name without its folder, so each
/// fingerprinted file is matched by its name alone, which carries its digest.
fn htaccess(fingerprinted: &[&str], base_path: &str) -> String {
    let mut names: Vec<String> = fingerprinted.iter().map(|path| regex::escape(file_name(path))).collect();
    // Two static files of the same contents and name in different folders
    // are named once.
    let mut seen = std::collections::HashSet::new();
    names.retain(|name| seen.insert(name.clone()));
    let mut rules = format!(
        "# Written by `gloss build --host apache`; the next build replaces it.\n\
         DirectoryIndex index.html\n\
         ErrorDocument 404 {base_path}404.html\n\
         \n\
         <IfModule mod_headers.c>\n\
         \x20   Header set Cache-Control \"no-cache\"\n"
    );
    if !names.is_empty() {
        rules.push_str(&format!(
            "    <FilesMatch \"^({})$\">\n        Header set Cache-Control \"{FOREVER}\"\n    </FilesMatch>\n",
            names.join("|")
        ));
    }
    rules.push_str("</IfModule>\n");
    rules
}

/// Netlify and Cloudflare Pages join the values of every rule that matches
/// a path, so only the fingerprinted files get a rule: everything else
/// keeps the host's default, which revalidates.
fn headers(host: Host, fingerprinted: &[&str]) -> String {
    let mut rules = format!("# Written by `gloss build --host {}`; the next build replaces it.\n", host.name());
    for path in fingerprinted {
        rules.push_str(&format!("/{path}\n  Cache-Control: {FOREVER}\n"));
    }
    rules
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assets() -> BTreeMap<String, String> {
        BTreeMap::from([
            ("style.css".to_string(), "style.3fa2c1d0.css".to_string()),
            ("fonts/a+b.woff2".to_string(), "fonts/a+b.0badf00d.woff2".to_string()),
        ])
    }

    #[test]
    fn apache_keeps_the_fingerprinted_files_by_their_escaped_names() {
        let rules = Host::Apache.rules(&assets(), "/guides/");
        assert!(rules.contains("ErrorDocument 404 /guides/404.html"), "{rules}");
        assert!(rules.contains(r#"<FilesMatch "^(a\+b\.0badf00d\.woff2|style\.3fa2c1d0\.css)$">"#), "{rules}");
    }

    #[test]
    fn netlify_names_each_fingerprinted_file_from_the_root() {
        let rules = Host::Netlify.rules(&assets(), "/");
        assert!(rules.contains("/fonts/a+b.0badf00d.woff2\n  Cache-Control: public, max-age=31536000, immutable\n"));
        assert!(rules.contains("/style.3fa2c1d0.css\n"));
    }

    #[test]
    fn unfingerprinted_files_get_no_rule() {
        let same = BTreeMap::from([("style.css".to_string(), "style.css".to_string())]);
        assert!(!Host::Cloudflare.rules(&same, "/").contains("style.css"));
        assert!(!Host::Apache.rules(&same, "/").contains("FilesMatch"));
    }
}
