//! Site configuration: finding the site root and reading `gloss.yaml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::frontmatter;
use crate::href::{self, Address};

pub(crate) const CONFIG_FILE: &str = "gloss.yaml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SiteConfig {
    pub(crate) title: String,
    /// Where the site is published, e.g. `https://clinic.example/guides/`.
    /// Only absolute URLs (sitemap, canonical) need it; every link is relative.
    /// Read through [`SiteConfig::base_url`].
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default = "default_language")]
    pub(crate) language: String,
    #[serde(default = "default_theme")]
    pub(crate) theme: String,
    #[serde(default)]
    pub(crate) practice: Practice,
    #[serde(default)]
    pub(crate) disclaimer: Option<String>,
    #[serde(default)]
    pub(crate) review: ReviewConfig,
    #[serde(default)]
    pub(crate) readability: ReadabilityConfig,
    /// Free map handed to the theme as `site.theme_options`.
    #[serde(default)]
    pub(crate) theme_options: BTreeMap<String, serde_yaml::Value>,
    #[serde(default)]
    pub(crate) files: FilesConfig,
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "theme",
    "practice",
    "disclaimer",
    "review",
    "readability",
    "theme_options",
    "files",
];

impl SiteConfig {
    /// `base_url`, if it is an `http(s)` address: every absolute URL of the
    /// site starts with it, so a refused one (reported by the checks) is
    /// left out as if it were not set.
    pub(crate) fn base_url(&self) -> Option<&str> {
        self.base_url.as_deref().filter(|url| href::check_web_address(url).is_ok())
    }

    /// `base_url` as written, for the checks.
    pub(crate) fn base_url_as_written(&self) -> Option<&str> {
        self.base_url.as_deref()
    }
}

fn default_language() -> String {
    "en".into()
}

fn default_theme() -> String {
    "clinic".into()
}

/// The practice publishing the guide. Known fields are typed; anything else a
/// theme may want (opening hours, a fax number) is kept in `extra`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub(crate) struct Practice {
    pub(crate) name: Option<String>,
    pub(crate) phone: Option<String>,
    address: Option<String>,
    pub(crate) booking_url: Option<Address>,
    email: Option<String>,
    #[serde(flatten)]
    extra: BTreeMap<String, serde_yaml::Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReviewConfig {
    #[serde(default = "default_max_age_days")]
    pub(crate) max_age_days: u32,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig { max_age_days: default_max_age_days() }
    }
}

fn default_max_age_days() -> u32 {
    365
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReadabilityConfig {
    #[serde(default = "default_target_grade")]
    pub(crate) target_grade: f64,
}

impl Default for ReadabilityConfig {
    fn default() -> Self {
        ReadabilityConfig { target_grade: default_target_grade() }
    }
}

fn default_target_grade() -> f64 {
    8.0
}

/// Which files under `content/` besides markdown are published. A file a
/// page links to always is; one no page links to only if its extension is
/// listed in `publish_unlinked`, so that a private note, an `.html` page or
/// a script-carrying `.svg` dropped beside the entries stays out of the site.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FilesConfig {
    /// Extensions without the dot (`pdf`), matched whatever their case.
    #[serde(default = "default_publish_unlinked")]
    pub(crate) publish_unlinked: Vec<String>,
}

impl Default for FilesConfig {
    fn default() -> Self {
        FilesConfig { publish_unlinked: default_publish_unlinked() }
    }
}

/// PDFs and raster images: what a practice hands out by address (a consent
/// form sent by email, a picture a template shows) and what cannot script.
fn default_publish_unlinked() -> Vec<String> {
    ["pdf", "png", "jpg", "jpeg", "gif", "webp", "avif"].map(String::from).to_vec()
}

impl FilesConfig {
    /// Whether a file at `path` is published even when no page links to it.
    pub(crate) fn publishes_unlinked(&self, path: &str) -> bool {
        let Some((_, extension)) = path.rsplit_once('/').map_or(path, |(_, name)| name).rsplit_once('.') else {
            return false;
        };
        self.publish_unlinked.iter().any(|listed| listed.trim_start_matches('.').eq_ignore_ascii_case(extension))
    }
}

/// Walks up from `start` to the first directory holding `gloss.yaml`.
pub fn find_site_root(start: &Path) -> Option<PathBuf> {
    start.ancestors().find(|dir| dir.join(CONFIG_FILE).is_file()).map(Path::to_path_buf)
}

/// Reads `<root>/gloss.yaml`.
pub(crate) fn load(root: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
    load_with_text(root).map(|(config, _)| config)
}

/// [`load`], with the file's text as it was read (for diagnostics that point
/// into it), so that a build reads the file once.
pub(crate) fn load_with_text(root: &Path) -> Result<(SiteConfig, String), Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        vec![
            Diagnostic::error(&path, 1, 1, format!("cannot read the site config: {e}"))
                .with_help("run gloss inside a site (a folder with gloss.yaml), or pass --root DIR"),
        ]
    })?;
    let yaml = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let config = frontmatter::parse::<SiteConfig>(&path, yaml, yaml, 1, KNOWN_KEYS)?;
    Ok((config, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_fill_what_is_left_out() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "title: Guides\n").unwrap();
        let config = load(dir.path()).unwrap();
        assert_eq!(config.language, "en");
        assert_eq!(config.theme, "clinic");
        assert_eq!(config.review.max_age_days, 365);
        assert_eq!(config.readability.target_grade, 8.0);
    }

    #[test]
    fn finds_root_from_a_subfolder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "title: x\n").unwrap();
        let sub = dir.path().join("content/guide");
        std::fs::create_dir_all(&sub).unwrap();
        assert_eq!(find_site_root(&sub).as_deref(), Some(dir.path()));
    }
}
