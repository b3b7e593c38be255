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
    #[serde(default)]
    pub(crate) plain_language: PlainLanguageConfig,
    #[serde(default)]
    pub(crate) limits: Limits,
    /// Free map handed to the theme as `site.theme_options`.
    #[serde(default)]
    pub(crate) theme_options: BTreeMap<String, serde_yaml::Value>,
    #[serde(default)]
    pub(crate) files: FilesConfig,
    /// The host whose caching rules the build writes into the output.
    #[serde(default)]
    pub(crate) host: Option<crate::host_rules::Host>,
    /// The practice's logo, a file in the site's `static/` folder, shown by
    /// the theme beside the site title.
    #[serde(default)]
    pub(crate) logo: Option<String>,
    /// The browser tab's icon, a file in `static/`; without it, the
    /// theme's `favicon.svg`.
    #[serde(default)]
    pub(crate) favicon: Option<String>,
    /// The clinicians who review entries, by the key `reviewed_by:` names
    /// them with, so that a name and its credentials are written once.
    #[serde(default)]
    pub(crate) reviewers: BTreeMap<String, Reviewer>,
    /// The names topic pages and links show, by the topic as entries write
    /// it (`side effects: Side effects and risks`).
    #[serde(default)]
    pub(crate) topics: BTreeMap<String, String>,
    /// The languages the guides are published in, the default first; each
    /// other one is built from the translations under its own folder.
    #[serde(default)]
    pub(crate) languages: Vec<LanguageConfig>,
    /// What the site asks of its translations.
    #[serde(default)]
    pub(crate) translations: TranslationsConfig,
    /// The notice of free language assistance every page and handout shows.
    #[serde(default)]
    pub(crate) language_help: Option<crate::language_help::LanguageHelp>,
}

/// `translations:` in gloss.yaml.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TranslationsConfig {
    /// A translation no one has marked reviewed (`gloss translation
    /// reviewed`) is an error, so that no unchecked translation reaches
    /// patients.
    #[serde(default)]
    pub(crate) reviewed_only: bool,
}

/// One language under `languages:`: its code and what differs in it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LanguageConfig {
    pub(crate) code: String,
    #[serde(default)]
    pub(crate) title: Option<String>,
    #[serde(default)]
    pub(crate) disclaimer: Option<String>,
    /// `ltr` or `rtl`; by default what the code's language is written in.
    #[serde(default)]
    pub(crate) dir: Option<String>,
    /// The readability target of this language's entries, by its own
    /// formula; by default the site's `readability:`.
    #[serde(default)]
    pub(crate) readability: Option<ReadabilityConfig>,
}

impl SiteConfig {
    /// The codes of the site's languages, the default first: `languages:`,
    /// or else the one `language:`.
    pub(crate) fn language_codes(&self) -> Vec<&str> {
        if self.languages.is_empty() {
            vec![self.language.as_str()]
        } else {
            self.languages.iter().map(|l| l.code.as_str()).collect()
        }
    }

    /// The default language's config: this one, with what `languages:`
    /// says of its first language.
    pub(crate) fn default_language(&self) -> SiteConfig {
        match self.languages.first() {
            Some(first) => self.in_language(first, ""),
            None => self.clone(),
        }
    }

    /// The site as a language of it is published: in `folder` (`es/`) under
    /// the site's address, with that language's title and disclaimer where it gives them.
    pub(crate) fn in_language(&self, language: &LanguageConfig, folder: &str) -> SiteConfig {
        let mut config = self.clone();
        config.language = language.code.clone();
        config.title = language.title.clone().unwrap_or(config.title);
        config.disclaimer = language.disclaimer.clone().or(config.disclaimer);
        config.readability = language.readability.clone().unwrap_or(config.readability);
        config.base_url = config.base_url.map(|url| format!("{}/{folder}", url.trim_end_matches('/')));
        config
    }

    /// `rtl` or `ltr`: how the site's language is written.
    pub(crate) fn direction(&self) -> &str {
        let given = self.languages.iter().find(|l| l.code == self.language).and_then(|l| l.dir.as_deref());
        given.unwrap_or_else(|| crate::language_codes::direction(&self.language))
    }
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
    "limits",
    "host",
    "logo",
    "favicon",
    "reviewers",
    "topics",
    "languages",
    "plain_language",
    "translations",
    "language_help",
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
    pub(crate) address: Option<String>,
    pub(crate) booking_url: Option<Address>,
    pub(crate) email: Option<String>,
    /// The practice's own website, if the guides are not on it.
    pub(crate) url: Option<Address>,
    /// When to get urgent help: what every entry page and handout shows in
    /// a callout of its own, so that no patient has to find the one entry
    /// that says it.
    pub(crate) urgent_help: Option<String>,
    #[serde(flatten)]
    extra: BTreeMap<String, serde_yaml::Value>,
}

/// A clinician under `reviewers:`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Reviewer {
    /// The name as patients read it, without credentials: `Dr. Alex Example`.
    pub(crate) name: String,
    /// Letters after the name: `MD`, `MD, FAAD`.
    #[serde(default)]
    pub(crate) credentials: Option<String>,
    /// `Board-certified dermatologist`.
    #[serde(default)]
    pub(crate) job_title: Option<String>,
    /// A page about the reviewer (the practice's team page, a profile).
    #[serde(default)]
    pub(crate) url: Option<Address>,
}

impl Reviewer {
    /// The name with its credentials, as the review line shows it.
    pub(crate) fn name_with_credentials(&self) -> String {
        match &self.credentials {
            Some(credentials) => format!("{}, {credentials}", self.name),
            None => self.name.clone(),
        }
    }
}

/// Who `reviewed_by:` names: a reviewer of gloss.yaml's `reviewers:` by
/// key, or a name written out in full.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ReviewedBy<'a> {
    Listed(&'a Reviewer),
    Named(&'a str),
}

impl<'a> ReviewedBy<'a> {
    /// The name with its credentials, as the review line shows it.
    pub(crate) fn display(&self) -> std::borrow::Cow<'a, str> {
        match self {
            ReviewedBy::Listed(reviewer) => reviewer.name_with_credentials().into(),
            ReviewedBy::Named(name) => (*name).into(),
        }
    }

    /// The name alone, as the compact review line shows it ("Reviewed by
    /// Dr. Alex Example · Oct 2026"); the credentials are in the trail a tap
    /// away. A name written out in full is cut before its first comma or
    /// bracket (Latin or Arabic comma), where credentials and notes start;
    /// a name with nothing before them is shown whole.
    pub(crate) fn name(&self) -> std::borrow::Cow<'a, str> {
        match self {
            ReviewedBy::Listed(reviewer) => reviewer.name.as_str().into(),
            ReviewedBy::Named(name) => {
                let before = name.split([',', '\u{60C}', '(']).next().unwrap_or(name).trim();
                if before.is_empty() { name.trim() } else { before }.into()
            }
        }
    }
}

impl SiteConfig {
    /// Whom `reviewed_by` names: the listed reviewer with that key, or the
    /// text itself as a name.
    pub(crate) fn reviewer<'a>(&'a self, reviewed_by: &'a str) -> ReviewedBy<'a> {
        match self.reviewers.get(reviewed_by.trim()) {
            Some(reviewer) => ReviewedBy::Listed(reviewer),
            None => ReviewedBy::Named(reviewed_by),
        }
    }
}

/// Whether a `reviewed_by` text is written like a key of `reviewers:`
/// (`alex`, `dr-example`, `a_lee2`) rather than a name (`Dr. Alex Example`):
/// one word of lowercase letters, digits, `-` and `_`.
pub(crate) fn looks_like_reviewer_key(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReviewConfig {
    #[serde(default = "default_max_age_days")]
    pub(crate) max_age_days: u32,
    /// What a review past its due date is: one of [`OVERDUE_SEVERITIES`],
    /// checked by [`value_errors`] (kept as written so that a misspelling
    /// gets a suggestion, not serde's list of variants).
    #[serde(default = "default_overdue")]
    overdue: String,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig { max_age_days: default_max_age_days(), overdue: default_overdue() }
    }
}

impl ReviewConfig {
    /// Whether a review past its due date stops `gloss build` (`overdue: error`).
    pub(crate) fn overdue_is_error(&self) -> bool {
        self.overdue == "error"
    }
}

/// What `review.overdue` may be: a warning (the site still builds, and
/// pages say the review is overdue) or an error (the build refuses).
const OVERDUE_SEVERITIES: &[&str] = &["warning", "error"];

fn default_overdue() -> String {
    "warning".into()
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

/// The PEMAT scores under which `check` warns.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PlainLanguageConfig {
    /// Understandability and actionability, in percent, below which an
    /// entry's or a guide's items not met are warned about.
    #[serde(default = "default_pemat_threshold")]
    pub(crate) pemat_threshold: f64,
}

impl Default for PlainLanguageConfig {
    fn default() -> Self {
        PlainLanguageConfig { pemat_threshold: default_pemat_threshold() }
    }
}

/// The default bar: the score PEMAT's authors and most reviewers hold materials to.
fn default_pemat_threshold() -> f64 {
    70.0
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
/// The grades `readability.target_grade` may be: a reading grade, with room
/// for a site that sets it high to silence the warnings.
const TARGET_GRADES: std::ops::RangeInclusive<f64> = 1.0..=30.0;

/// How large a file gloss reads and parses whole.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Limits {
    /// The largest markdown file (an entry, a guide's `_index.md`, the home
    /// page) or `glossary.yaml` under `content/`, in MiB. A larger one is an
    /// error before it is read: such a file is a mistake (a pasted export, a
    /// log) and reading, parsing and rendering it takes many times its size.
    #[serde(default = "default_text_file_mib")]
    pub(crate) text_file_mib: u32,
    /// The image budget, in kB (1,000 bytes): an image a body shows that is
    /// larger is a warning, as it is slow to load on a patient's phone.
    #[serde(default = "default_image_kb")]
    pub(crate) image_kb: u64,
}

impl Limits {
    pub(crate) fn text_file_bytes(&self) -> u64 {
        u64::from(self.text_file_mib) << 20
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits { text_file_mib: default_text_file_mib(), image_kb: default_image_kb() }
    }
}

fn default_text_file_mib() -> u32 {
    2
}

fn default_image_kb() -> u64 {
    500
}

/// The largest `gloss.yaml` gloss reads: a site's config is a few kilobytes.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

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
    let text = read_config(&path)?;
    let yaml = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let config = frontmatter::parse::<SiteConfig>(&path, yaml, yaml, 1, KNOWN_KEYS)?;
    let errors = value_errors(&config, &path, yaml);
    if errors.is_empty() { Ok((config, text)) } else { Err(errors) }
}

/// The text of `gloss.yaml`, if it is no larger than a config can be (its
/// size is checked before it is read).
fn read_config(path: &Path) -> Result<String, Vec<Diagnostic>> {
    let cannot_read = |e: std::io::Error| {
        vec![
            Diagnostic::error(path, 1, 1, format!("cannot read the site config: {e}"))
                .with_help("run gloss inside a site (a folder with gloss.yaml), or pass --root DIR"),
        ]
    };
    let bytes = crate::content::read_at_most(path, MAX_CONFIG_BYTES).map_err(|e| match e.kind() {
        std::io::ErrorKind::FileTooLarge => vec![
            Diagnostic::error(path, 1, 1, format!("gloss.yaml is larger than {} KiB", MAX_CONFIG_BYTES >> 10))
                .with_help("a site's config is a few lines of settings: put guide text under content/"),
        ],
        _ => cannot_read(e),
    })?;
    String::from_utf8(bytes.to_vec()).map_err(|_| cannot_read(std::io::Error::other("it is not UTF-8 text")))
}

/// Values that type but make no sense, each at its line.
fn value_errors(config: &SiteConfig, path: &Path, yaml: &str) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let language_grades = config.languages.iter().filter_map(|l| l.readability.as_ref().map(|r| r.target_grade));
    let grades: Vec<f64> = std::iter::once(config.readability.target_grade).chain(language_grades).collect();
    let mut positions = target_grade_positions(yaml);
    for grade in grades.into_iter().filter(|grade| !TARGET_GRADES.contains(grade)) {
        let written = positions.iter().position(|(value, _)| value.to_bits() == grade.to_bits());
        let (line, column) = match written {
            Some(i) => positions.remove(i).1,
            None => value_position(yaml, "target_grade"),
        };
        errors.push(
            Diagnostic::error(path, line, column, format!("`target_grade` must be a reading grade, not {grade}"))
                .with_help(format!(
                    "write a number from {} to {}, like 8 (the grade most patients read comfortably)",
                    TARGET_GRADES.start(),
                    TARGET_GRADES.end()
                ))
                .with_source(yaml),
        );
    }
    let threshold = config.plain_language.pemat_threshold;
    if !(0.0..=100.0).contains(&threshold) {
        let (line, column) = value_position(yaml, "pemat_threshold");
        errors.push(
            Diagnostic::error(path, line, column, format!("`pemat_threshold` must be a percentage, not {threshold}"))
                .with_help(
                    "write a number from 0 to 100, like 70 (the usual bar for PEMAT scores); 0 turns the warnings off",
                )
                .with_source(yaml),
        );
    }
    if !OVERDUE_SEVERITIES.contains(&config.review.overdue.as_str()) {
        errors.push(overdue_error(&config.review.overdue, path, yaml));
    }
    errors.extend(language_errors(config, path, yaml));
    if let Some(help) = &config.language_help {
        errors.extend(help.value_errors(path, yaml));
    }
    if config.limits.text_file_mib == 0 {
        let (line, column) = value_position(yaml, "text_file_mib");
        errors.push(
            Diagnostic::error(path, line, column, "`text_file_mib` must be at least 1")
                .with_help("write the largest markdown file gloss reads in MiB, like 2 (the default)")
                .with_source(yaml),
        );
    }
    errors
}

/// Each `target_grade:` written in `yaml` (the site's and its languages'),
/// with its value and where the value is, so that a grade out of range is
/// reported where it is written.
fn target_grade_positions(yaml: &str) -> Vec<(f64, (usize, usize))> {
    let key = "target_grade:";
    let mut found = Vec::new();
    for (i, line) in yaml.lines().enumerate().filter(|(_, l)| !l.trim_start().starts_with('#')) {
        let Some(at) = line.find(key) else { continue };
        let after = &line[at + key.len()..];
        let value = after.split(['}', ',', '#']).next().unwrap_or_default().trim();
        let Ok(grade) = serde_yaml::from_str::<f64>(value) else { continue };
        let column = line.len() - after.trim_start().len();
        found.push((grade, (i + 1, line[..column].chars().count() + 1)));
    }
    found
}

/// A language code gloss cannot read, one listed twice, a `dir` that is
/// neither `ltr` nor `rtl`, or `language:` naming another language than
/// the first of `languages:`.
fn language_errors(config: &SiteConfig, path: &Path, yaml: &str) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let at = |value: &str, fallback: &str| {
        let (line, column) = position_of_value(yaml, value).unwrap_or_else(|| value_position(yaml, fallback));
        move |message: String, help: &str| {
            Diagnostic::error(path, line, column, message).with_help(help).with_source(yaml)
        }
    };
    let codes = config.language_codes();
    for (i, code) in codes.iter().enumerate() {
        if !crate::language_codes::is_language_code(code) {
            errors.push(at(code, "language")(
                format!("`{code}` is not a language code"),
                "write a language tag: two or three lowercase letters, like `en` or `es`, optionally a region, like `pt-BR`",
            ));
        } else if codes[..i].contains(code) {
            errors.push(at(code, "languages")(
                format!("the language `{code}` is listed twice"),
                "list each language once under `languages:`",
            ));
        }
    }
    for dir in config.languages.iter().filter_map(|l| l.dir.as_deref()) {
        if dir != "ltr" && dir != "rtl" {
            errors.push(at(dir, "dir")(
                format!("`dir` must be `ltr` or `rtl`, not `{dir}`"),
                "leave `dir:` out: gloss knows which languages are written right to left",
            ));
        }
    }
    let language_written = yaml.lines().any(|l| l.starts_with("language:"));
    if let Some(first) = config.languages.first().filter(|first| language_written && first.code != config.language) {
        errors.push(at(&config.language, "language")(
            format!("`language: {}` is not the first of `languages:` ({})", config.language, first.code),
            "the first of `languages:` is the default language: remove `language:`, or list it first",
        ));
    }
    errors
}

/// Where `value` is first written as a value (after `: ` or `- `), outside
/// comments.
fn position_of_value(yaml: &str, value: &str) -> Option<(usize, usize)> {
    yaml.lines().enumerate().filter(|(_, line)| !line.trim_start().starts_with('#')).find_map(|(i, line)| {
        let at = line.find(value)?;
        let before = line[..at].trim_end();
        let after = line[at + value.len()..].trim();
        (before.ends_with(':') && (after.is_empty() || after.starts_with('#')))
            .then(|| (i + 1, line[..at].chars().count() + 1))
    })
}

fn overdue_error(written: &str, path: &Path, yaml: &str) -> Diagnostic {
    let (line, column) = value_position(yaml, "overdue");
    let help = match crate::diagnostic::closest(written, OVERDUE_SEVERITIES) {
        Some(suggestion) => format!("did you mean `{suggestion}`?"),
        None => String::from(
            "write `warning` (an overdue review is reported and the site still builds) or `error` \
             (gloss build refuses to publish until the review is done)",
        ),
    };
    Diagnostic::error(path, line, column, format!("`review.overdue` must be `warning` or `error`, not `{written}`"))
        .with_help(help)
        .with_source(yaml)
}

/// The line and column of `key`'s value in `yaml` (the key's line, or the
/// first line, where it is not written as `key: value` on a line). Comment
/// lines are passed over: they may mention the key.
pub(crate) fn value_position(yaml: &str, key: &str) -> (usize, usize) {
    yaml.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim_start().starts_with('#'))
        .find_map(|(i, line)| {
            let at = line.find(key)?;
            let after = line[at + key.len()..].strip_prefix(':')?;
            let column = line.len() - after.trim_start().len();
            Some((i + 1, line[..column].chars().count() + 1))
        })
        .unwrap_or((1, 1))
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

    #[test]
    fn a_reviewers_name_is_told_from_the_credentials_written_after_it() {
        let name = |written: &str| ReviewedBy::Named(written).name().into_owned();
        assert_eq!(name("Dr. Alex Example, MD (sample reviewer)"), "Dr. Alex Example");
        assert_eq!(name("Nurse Sam Example (RN)"), "Nurse Sam Example");
        assert_eq!(name("د. سارة حداد، طبيبة جلدية"), "د. سارة حداد");
        assert_eq!(name("Jo Example"), "Jo Example");
        assert_eq!(name(", MD"), ", MD");
        let listed = Reviewer {
            name: "Dr. Jane Smith".into(),
            credentials: Some("MD, FAAD".into()),
            job_title: None,
            url: None,
        };
        assert_eq!(ReviewedBy::Listed(&listed).name(), "Dr. Jane Smith");
        assert_eq!(ReviewedBy::Listed(&listed).display(), "Dr. Jane Smith, MD, FAAD");
    }
}
