//! Scaffolding: `gloss init` (a new site) and `gloss new` (a new entry or
//! guide in an existing site).
//!
//! `init` writes a site that builds at once: a commented `gloss.yaml`, the
//! shipped microneedling guide as a sample and the default theme, all embedded
//! in the binary at compile time (`include_dir!`, see build.rs), so it works
//! anywhere. It never overwrites a file: without `force` it refuses a folder
//! that is not empty; with it, files already there are skipped and reported.
//!
//! `new` writes one markdown file with every front matter key present, the
//! optional ones commented out with an example, so a writer sees everything
//! they may set. A new entry is a draft until the writer removes `draft: true`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};
use include_dir::{Dir, DirEntry, include_dir};

use crate::config::CONFIG_FILE;
use crate::content::CONTENT_DIR;
use crate::site::{RESERVED_ENTRY_SLUGS, RESERVED_GUIDE_SLUGS};

/// The shipped sample content (home page, glossary, microneedling guide).
static SAMPLE_CONTENT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/content");
/// The default theme.
static DEFAULT_THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/clinic");
/// Where the default theme goes in a new site, and its name in `gloss.yaml`.
const DEFAULT_THEME_NAME: &str = "clinic";

/// The `base_url` a new site's `gloss.yaml` holds until the writer puts
/// their own: `gloss check` warns while it is there.
pub(crate) const PLACEHOLDER_BASE_URL: &str = "https://example.com/guides/";
/// How the text `gloss new` writes in a new guide's body starts, where the
/// writer's introduction goes: `gloss check` warns while it is there.
pub(crate) const GUIDE_PLACEHOLDER: &str = "Introduce the guide here";
/// How the text `gloss new` writes in a new entry's body starts, where the
/// answer goes: `gloss check` warns while it is there.
pub(crate) const ENTRY_PLACEHOLDER: &str = "Answer the question here";

/// A scaffolding command that cannot do what it was asked: what is wrong and
/// what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
    help: String,
}

impl Error {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        Error { message: message.into(), help: help.into() }
    }

    pub fn help(&self) -> &str {
        &self.help
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// What `init` did: the files it wrote and the ones it left alone, as
/// `/`-separated paths relative to the site folder, in writing order.
#[derive(Debug, Default)]
pub struct InitReport {
    pub written: Vec<String>,
    pub skipped: Vec<String>,
}

/// Writes a new site into `dir`, creating it if needed. The sample guide is
/// written without its review (see [`unreviewed_sample`]).
pub fn init(dir: &Path, force: bool) -> Result<InitReport, Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::new(
            format!("{} is a file, not a folder", dir.display()),
            "name a new folder for the site, e.g. `gloss init patient-guides`",
        ));
    }
    if !force {
        let present = visible_entries(dir)?;
        if !present.is_empty() {
            let shown: Vec<&str> = present.iter().take(5).map(String::as_str).collect();
            let more = if present.len() > 5 { format!(" and {} more", present.len() - 5) } else { String::new() };
            return Err(Error::new(
                format!("{} is not empty (it holds {}{more})", folder_name(dir), shown.join(", ")),
                "run `gloss init NEW-FOLDER` to create the site in a new folder, or pass --force to add the \
                 site's files here (files that already exist are never overwritten)",
            ));
        }
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::new(format!("cannot create {}: {e}", dir.display()), "check that you may write there"))?;

    let mut report = InitReport::default();
    for (rel, bytes) in site_files() {
        let path = dir.join(&rel);
        match write_new(&path, &bytes) {
            Ok(true) => report.written.push(rel),
            Ok(false) => report.skipped.push(rel),
            Err(e) => {
                let done = match report.written.len() {
                    0 => String::from("nothing was written"),
                    n => format!("{n} file{} had been written before it", if n == 1 { "" } else { "s" }),
                };
                return Err(Error::new(
                    format!("cannot write {}: {e} ({done})", path.display()),
                    "check that you may write in that folder and that the disk is not full, then run \
                     `gloss init --force` there to add the missing files",
                ));
            }
        }
    }
    Ok(report)
}

/// How to name `dir` in a message: "the current folder" for `.`.
fn folder_name(dir: &Path) -> String {
    if dir.as_os_str() == "." { String::from("the current folder") } else { dir.display().to_string() }
}

/// The names in `dir` that make it "not empty": everything but hidden
/// entries such as `.git`, so a fresh repository can become a site.
fn visible_entries(dir: &Path) -> Result<Vec<String>, Error> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::new(format!("cannot read {}: {e}", dir.display()), "check that you may read it")),
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    Ok(names)
}

/// Every file of a new site: relative path → contents.
fn site_files() -> Vec<(String, Vec<u8>)> {
    let mut files = vec![
        (CONFIG_FILE.to_string(), site_config(&theme_option_defaults()).into_bytes()),
        (
            ".gitignore".to_string(),
            b"# gloss build writes the site here; it is made again on every build.\npublic/\n".to_vec(),
        ),
    ];
    // A new site is in one language, as its gloss.yaml says; the sample's
    // translations would be files its build refuses, `init --force` on a
    // writer's own one-language site included.
    let sources = embedded_files(&SAMPLE_CONTENT).into_iter().filter(|f| !is_translation(f.path()));
    for file in sources {
        let rel = format!("{CONTENT_DIR}/{}", slashed(file.path()));
        let bytes = match (rel.ends_with(".md"), file.contents_utf8()) {
            (true, Some(text)) => unreviewed_sample(text).into_bytes(),
            _ => file.contents().to_vec(),
        };
        files.push((rel, bytes));
    }
    for file in embedded_files(&DEFAULT_THEME) {
        files.push((format!("themes/{DEFAULT_THEME_NAME}/{}", slashed(file.path())), file.contents().to_vec()));
    }
    files
}

/// The files under an embedded folder, depth first in name order, leaving
/// out editors' scratch and hidden files that happened to be there at
/// compile time.
fn embedded_files<'a>(dir: &'a Dir<'a>) -> Vec<&'a include_dir::File<'a>> {
    let mut entries: Vec<&DirEntry> = dir.entries().iter().collect();
    entries.sort_by_key(|e| e.path());
    let mut files = Vec::new();
    for entry in entries {
        let name = entry.path().file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp") {
            continue;
        }
        match entry {
            DirEntry::Dir(sub) => files.extend(embedded_files(sub)),
            DirEntry::File(file) => files.push(file),
        }
    }
    files
}

/// A translation beside its source (`is-it-painful.es.md`, `glossary.es.yaml`).
fn is_translation(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).and_then(|n| crate::language_codes::file_language(n, &[])).is_some()
}

fn slashed(path: &Path) -> String {
    path.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The sample guide as a new site gets it: its review keys (`reviewed_by:`,
/// `last_reviewed:`, `next_review:`) commented out, in the front matter only.
/// Nobody has reviewed the sample for the new site's practice, so its pages
/// must not say anyone did; `gloss check` then warns that it is unreviewed.
fn unreviewed_sample(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fences = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\r', '\n']);
        let ending = &line[bare.len()..];
        if bare.trim_start_matches('\u{feff}') == "---" {
            fences += 1;
        }
        let review_key = ["reviewed_by:", "last_reviewed:", "next_review:"].iter().find(|k| bare.starts_with(**k));
        match review_key {
            Some(key) if fences == 1 => {
                let what = if *key == "reviewed_by:" { "the clinician who checks it" } else { "the day they do" };
                out.push_str(&format!("# {key} (this sample has had no medical review: write {what}){ending}"));
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// Option defaults of the embedded default theme, to list in `gloss.yaml`.
fn theme_option_defaults() -> BTreeMap<String, serde_yaml::Value> {
    #[derive(serde::Deserialize)]
    struct Manifest {
        #[serde(default)]
        options: BTreeMap<String, serde_yaml::Value>,
    }
    DEFAULT_THEME
        .get_file("theme.yaml")
        .and_then(|f| f.contents_utf8())
        .and_then(|text| serde_yaml::from_str::<Manifest>(text).ok())
        .map(|m| m.options)
        .unwrap_or_default()
}

/// A new site's `gloss.yaml`, every key explained.
fn site_config(theme_options: &BTreeMap<String, serde_yaml::Value>) -> String {
    let options = if theme_options.is_empty() {
        format!("# The `{DEFAULT_THEME_NAME}` theme has no options yet; other themes may have some.\n")
    } else {
        let mut lines = String::from(
            "# To change some, write them in place of {}, for example (the theme's defaults):\n#   theme_options:\n",
        );
        for (key, value) in theme_options {
            let value = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
            lines.push_str(&format!("#     {key}: {value}\n"));
        }
        lines
    };
    format!(
        r##"# gloss site configuration. Each key is explained in the comments above it
# (lines starting with #). After a change, run `gloss check` to find mistakes.

# The site's name, shown in every page's header and in the browser tab.
title: "Patient guides"

# The full address the guides will be published at, ending with /.
# CHANGE IT to your own (e.g. https://www.your-practice.com/guides/) before you
# publish: sitemap.xml, canonical links and link previews use it. Links between
# pages never do, so the site also works from a sub-folder or a USB stick.
base_url: "{PLACEHOLDER_BASE_URL}"

# The language the guides are written in, as a language tag (en, en-US, es, fr-CA).
# Screen readers use it to pronounce the text.
language: en

# The look of the site: the name of a folder under themes/.
theme: {DEFAULT_THEME_NAME}

# Your practice, shown at the foot of every page and on printed handouts.
# Replace the sample details below; delete a line to leave that detail out.
practice:
  # The practice's name.
  name: "Maple Street Dermatology (sample practice)"
  # The phone number as patients dial it; it becomes a tap-to-call link.
  phone: "555-0100"
  # The postal address. For several lines write `address: |` and the lines below it, indented.
  address: "123 Maple Street, Springfield (sample address)"
  # Where patients book a visit online: a full https:// address.
  booking_url: "https://example.com/book"
  # The email address for patients' questions.
  email: "hello@example.com"

# Shown at the foot of every page and handout (plain text).
disclaimer: "These guides give general information, not medical advice. Ask your doctor what is right for you."

# Free language help, at the foot of every page and handout: a tagline in each language
# your patients read, written in that language, with the number to call ({{phone}} is
# where it goes). docs/writing.md, section 14, says more.
# language_help:
#   phone: "555-0100"
#   taglines:
#     es: "ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos de asistencia lingüística. Llame al {{phone}}."

# Medical review: each guide and entry names its reviewer and review date.
review:
  # How long a medical review stays current, in days. An entry's next review is due
  # this long after its `last_reviewed:` date (unless it sets `next_review:`).
  max_age_days: 365
  # Once a review is past due, its pages say "Review overdue since …" and `gloss check`
  # warns (`warning`), or `gloss check` and `gloss build` stop with an error (`error`).
  overdue: warning

# The clinicians who review the guides, so that a name and its credentials are written
# once: a guide or entry then names one by key (`reviewed_by: alex`) instead of in full.
# (docs/writing.md, section 10, lists every key of a reviewer).
# reviewers:
#   alex: {{ name: "Dr. Alex Example", credentials: "MD", job_title: "Dermatologist" }}

# Your practice's logo, shown beside the title, and the browser tab's icon: files in
# static/. Without `favicon:`, the theme's own icon is used.
# logo: "logo.svg"
# favicon: "favicon.png"

# How easy the answers are to read (`gloss serve` shows every entry's grade at /__gloss/readability).
readability:
  # The school grade the answers should read at (Flesch-Kincaid). Patient materials
  # aim for grade 6 to 8; `gloss check` warns about each entry above it.
  target_grade: 8

# Files in content/ besides the questions (images, PDFs…): one a page links to or shows is
# published; one no page links to only if its extension is listed here, so private notes
# or stray pages beside the questions stay out of the site.
files:
  # Extensions published even when no page links to them (a consent form sent by email).
  publish_unlinked: [pdf, png, jpg, jpeg, gif, webp, avif]

# How large a file gloss reads.
limits:
  # The largest markdown file or glossary.yaml, in MiB; a larger one is an error.
  text_file_mib: 2
  # The image budget, in kB: a larger image a page shows is a warning.
  image_kb: 500

# Settings of the theme that override its defaults (themes/{DEFAULT_THEME_NAME}/theme.yaml lists them).
{options}theme_options: {{}}
"##
    )
}

/// Writes `bytes` to `path` unless something is already there; creates the
/// parent folders. `Ok(false)`: the path exists and was left alone.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(mut file) => file.write_all(bytes).map(|()| true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

/// What `gloss new` was asked to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewTarget {
    /// `GUIDE`: a guide folder with its `_index.md`.
    Guide(String),
    /// `GUIDE/SLUG`: an entry in an existing guide.
    Entry { guide: String, slug: String },
}

impl NewTarget {
    /// Reads `GUIDE` or `GUIDE/SLUG`; each part must already be a slug.
    pub fn parse(text: &str) -> Result<NewTarget, Error> {
        let trimmed = text.trim().trim_matches('/');
        let trimmed = trimmed.strip_prefix("content/").unwrap_or(trimmed);
        let trimmed = trimmed.strip_suffix(".md").unwrap_or(trimmed);
        let parts: Vec<&str> = trimmed.split('/').collect();
        match parts.as_slice() {
            [guide] if !guide.is_empty() => {
                check_slug(guide, "guide", RESERVED_GUIDE_SLUGS, |s| s.to_string())?;
                Ok(NewTarget::Guide(guide.to_string()))
            }
            [guide, slug] if !guide.is_empty() && !slug.is_empty() => {
                check_slug(guide, "guide", RESERVED_GUIDE_SLUGS, |s| format!("{s}/{slug}"))?;
                check_slug(slug, "entry", RESERVED_ENTRY_SLUGS, |s| format!("{}/{s}", slug::slugify(guide)))?;
                Ok(NewTarget::Entry { guide: guide.to_string(), slug: slug.to_string() })
            }
            _ => Err(Error::new(
                format!("`{text}` is not GUIDE or GUIDE/SLUG"),
                "name a guide folder (`gloss new laser-hair-removal`) or an entry in one \
                 (`gloss new microneedling/makeup-afterwards --title \"Can I wear makeup afterwards?\"`)",
            )),
        }
    }
}

/// `name` must be usable as it is as the `what`'s address; `suggest` turns
/// the slugified form into the argument to suggest instead.
fn check_slug(name: &str, what: &str, reserved: &[&str], suggest: impl Fn(&str) -> String) -> Result<(), Error> {
    let clean = slug::slugify(name);
    if clean.is_empty() {
        return Err(Error::new(
            format!("`{name}` cannot be a {what} name"),
            "use lowercase letters, digits and dashes, e.g. `makeup-afterwards`",
        ));
    }
    if clean != name {
        return Err(Error::new(
            format!("`{name}` is not a usable {what} name: it becomes part of the page's address"),
            format!("use lowercase letters, digits and dashes: `gloss new {}`", suggest(&clean)),
        ));
    }
    if reserved.contains(&name) {
        return Err(Error::new(
            format!("`{name}` cannot be a {what} name: gloss uses it for its own pages"),
            format!("choose another name; {} are taken", reserved.join(", ")),
        ));
    }
    Ok(())
}

/// Writes `content/GUIDE/SLUG.md` in the site at `root`, as a draft with
/// every entry key present. Returns the path written, relative to `root`.
pub fn new_entry(root: &Path, guide: &str, slug: &str, title: &str, today: NaiveDate) -> Result<PathBuf, Error> {
    check_site(root)?;
    let title = checked_title(title)?;
    let guide_dir = root.join(CONTENT_DIR).join(guide);
    if !guide_dir.join("_index.md").is_file() {
        let existing = guide_names(root);
        let known = if existing.is_empty() {
            String::from("the site has no guide yet")
        } else {
            format!("the guides are: {}", existing.join(", "))
        };
        return Err(Error::new(
            format!("there is no guide `{guide}` (no content/{guide}/_index.md); {known}"),
            format!("create the guide first with `gloss new {guide}`, or put the entry in an existing guide"),
        ));
    }
    let rel = PathBuf::from(CONTENT_DIR).join(guide).join(format!("{slug}.md"));
    let siblings = entry_stems(&guide_dir);
    write_created(root, &rel, &entry_text(guide, slug, &title, &siblings, today))?;
    Ok(rel)
}

/// Writes `content/GUIDE/_index.md` in the site at `root`, every guide key
/// present. The title is `title`, or made from the folder name.
pub fn new_guide(root: &Path, guide: &str, title: Option<&str>, today: NaiveDate) -> Result<PathBuf, Error> {
    check_site(root)?;
    let title = match title {
        Some(title) => checked_title(title)?,
        None => title_from_slug(guide),
    };
    let rel = PathBuf::from(CONTENT_DIR).join(guide).join("_index.md");
    write_created(root, &rel, &guide_text(guide, &title, today))?;
    Ok(rel)
}

fn check_site(root: &Path) -> Result<(), Error> {
    if root.join(CONFIG_FILE).is_file() {
        return Ok(());
    }
    Err(Error::new(
        format!("{} is not a gloss site: it has no {CONFIG_FILE}", root.display()),
        "pass --root with the site's folder, run gloss inside the site, or create one with `gloss init`",
    ))
}

fn checked_title(title: &str) -> Result<String, Error> {
    let title = title.trim();
    if title.is_empty() || title.chars().any(char::is_control) {
        return Err(Error::new(
            "the title must be one line of text",
            "write it in quotes: --title \"Can I wear makeup afterwards?\"",
        ));
    }
    Ok(title.to_string())
}

/// `laser-hair-removal` → `Laser hair removal`.
fn title_from_slug(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

fn write_created(root: &Path, rel: &Path, text: &str) -> Result<(), Error> {
    let path = root.join(rel);
    match write_new(&path, text.as_bytes()) {
        Ok(true) => Ok(()),
        Ok(false) => Err(Error::new(
            format!("{} already exists", rel.display()),
            "gloss new never overwrites a file: edit that one, or choose another name",
        )),
        Err(e) => Err(Error::new(
            format!("cannot write {}: {e}", path.display()),
            "check that you may write in the site's content folder",
        )),
    }
}

/// Folder names of the site's guides (those with an `_index.md`), sorted.
fn guide_names(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join(CONTENT_DIR))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("_index.md").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// File names (without `.md`) of the entries already in a guide, sorted;
/// translations are left out, as `related:` names entries of its own language.
fn entry_stems(guide_dir: &Path) -> Vec<String> {
    let mut stems: Vec<String> = std::fs::read_dir(guide_dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| !is_translation(&e.path()))
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".md")).map(str::to_string))
        .filter(|stem| stem != "_index" && !stem.starts_with('.'))
        .collect();
    stems.sort();
    stems
}

/// A YAML double-quoted string (JSON's escapes are YAML's).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{}\"", text.replace(['"', '\\'], "")))
}

fn entry_text(guide: &str, slug: &str, title: &str, siblings: &[String], today: NaiveDate) -> String {
    let next = today.checked_add_days(Days::new(365)).unwrap_or(today);
    let related = match siblings {
        [] => String::from("[another-question, other-guide/a-question]"),
        [one] => format!("[{one}]"),
        [one, two, ..] => format!("[{one}, {two}]"),
    };
    let link = siblings.first().map_or("another-question", String::as_str);
    let order = siblings.len() + 1;
    let title = quoted(title);
    format!(
        r##"---
# The patient's question, in their words. Required: it is the page's heading.
title: {title}
# A draft is left out of the site. Delete this line when the entry is ready to publish
# (`gloss serve --drafts` and `gloss build --drafts` show drafts).
draft: true
# Every other key is optional: remove the # at the start of a line to use it.
# One or two plain sentences that answer the question, shown in lists and search results.
# summary: "Most people feel only mild prickling. A numbing cream is put on first."
# Where the entry comes in the guide, lowest first (default: by file name, after those with an order).
# order: {order}
# Topics to list the entry under; each topic has a page with its entries from every guide.
# topics: [aftercare, pain]
# The last part of the page's address (default: the file name, {slug}).
# slug: {slug}
# The clinician who checked this answer (default: the guide's reviewed_by).
# reviewed_by: "Dr. Alex Example, MD"
# The day of that review, YYYY-MM-DD (default: the guide's last_reviewed).
# last_reviewed: {today}
# When the next review is due, YYYY-MM-DD (default: last_reviewed + review.max_age_days from gloss.yaml).
# next_review: {next}
# Where the facts come from, listed under the answer (publisher and year may be left out).
# sources:
#   - title: "Microneedling: what to expect"
#     url: "https://example.org/microneedling"
#     publisher: "Example Academy of Dermatology"
#     year: 2025
# Other questions to suggest: their file names without .md, or guide/name in another guide.
# related: {related}
# Old addresses of this page that must keep working: each redirects here.
# aliases: [{guide}/old-question/]
---

{ENTRY_PLACEHOLDER}, in plain words a patient can read at home.

<!--
Notes for writers (comments like this one are never shown on the site):
- Short sentences and everyday words. `gloss check` warns when an answer reads above
  the target grade in gloss.yaml.
- Split a long answer with headings, written like this: ## Before the treatment
- Link to another question by its file: [the other question]({link}.md), or to a heading
  on it: [the other question]({link}.md#a-heading).
- Boxes: a line "> [!TIP]" (or NOTE, IMPORTANT, WARNING, CAUTION), then "> " before
  each line of the text.
- Put images next to the entry and describe them: ![numbing cream on a cheek](images/cream.jpg)
- docs/writing.md in gloss's documentation explains every key above.
-->
"##
    )
}

fn guide_text(guide: &str, title: &str, today: NaiveDate) -> String {
    let procedure = quoted(title);
    let title = quoted(title);
    format!(
        r##"---
# The guide's name: its heading and its name in the site's navigation. Required.
title: {title}
# Every other key is optional: remove the # at the start of a line to use it.
# One sentence about the guide, shown under its title and on the home page.
# description: "What the treatment is, how it works, and answers to common questions about it."
# Where the guide comes among the guides, lowest first (default: by title, after those with an order).
# order: 2
# What the guide is about, usually the treatment's name (it tells search engines).
# procedure: {procedure}
# The clinician who checked the guide; entries without their own reviewed_by use it.
# reviewed_by: "Dr. Alex Example, MD"
# The day of that review, YYYY-MM-DD; entries without their own last_reviewed use it.
# last_reviewed: {today}
# true leaves the whole guide, with its entries, out of the site until you publish it
# (`gloss serve --drafts` and `gloss build --drafts` show it).
# draft: true
---

{GUIDE_PLACEHOLDER}: what the treatment is, who it is for, and what the questions
below cover.

<!--
Notes for writers (comments like this one are never shown on the site):
- Add a question: gloss new {guide}/a-question --title "A question?"
- docs/writing.md in gloss's documentation explains every key above.
-->
"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2031, 2, 3).unwrap()
    }

    #[test]
    fn targets_are_guides_or_entries_with_usable_names() {
        assert_eq!(NewTarget::parse("laser").unwrap(), NewTarget::Guide("laser".into()));
        assert_eq!(
            NewTarget::parse("microneedling/makeup").unwrap(),
            NewTarget::Entry { guide: "microneedling".into(), slug: "makeup".into() }
        );
        assert_eq!(
            NewTarget::parse("content/microneedling/makeup.md").unwrap(),
            NewTarget::Entry { guide: "microneedling".into(), slug: "makeup".into() }
        );
        let e = NewTarget::parse("microneedling/Makeup After").unwrap_err();
        assert!(e.help.contains("`gloss new microneedling/makeup-after`"), "{e:?}");
        let e = NewTarget::parse("Laser Hair/why").unwrap_err();
        assert!(e.help.contains("`gloss new laser-hair/why`"), "{e:?}");
        assert!(NewTarget::parse("a/b/c").is_err());
        assert!(NewTarget::parse("a//b").is_err());
        assert!(NewTarget::parse("microneedling/print").unwrap_err().message.contains("gloss uses it"));
        assert!(NewTarget::parse("topics").unwrap_err().message.contains("gloss uses it"));
        assert!(NewTarget::parse("microneedling/_index").unwrap_err().help.contains("microneedling/index"));
    }

    #[test]
    fn the_sample_loses_its_review_in_front_matter_only() {
        let text = "---\ntitle: x\nreviewed_by: Dr. A\nlast_reviewed: 2026-10-15\r\n---\nlast_reviewed: 2026-10-15\n";
        assert_eq!(
            unreviewed_sample(text),
            "---\ntitle: x\n# reviewed_by: (this sample has had no medical review: write the clinician who checks it)\n\
             # last_reviewed: (this sample has had no medical review: write the day they do)\r\n---\nlast_reviewed: 2026-10-15\n"
        );
    }

    #[test]
    fn the_config_names_every_key_and_lists_theme_options() {
        let options = BTreeMap::from([("accent_color".to_string(), serde_yaml::Value::from("#0b5cad"))]);
        let text = site_config(&options);
        for key in [
            "title:",
            "base_url:",
            "language:",
            "theme:",
            "practice:",
            "  name:",
            "  phone:",
            "  address:",
            "  booking_url:",
            "  email:",
            "disclaimer:",
            "review:",
            "  max_age_days:",
            "  overdue:",
            "readability:",
            "  target_grade:",
            "files:",
            "  publish_unlinked:",
            "limits:",
            "  text_file_mib:",
            "theme_options:",
        ] {
            let line = text.lines().position(|l| l.starts_with(key)).unwrap_or_else(|| panic!("no {key}"));
            assert!(text.lines().nth(line - 1).unwrap().trim_start().starts_with('#'), "{key} has no comment");
        }
        assert!(text.contains("#     accent_color: \"#0b5cad\"\n"), "{text}");
        let parsed: crate::config::SiteConfig = serde_yaml::from_str(&text).unwrap();
        assert!(parsed.theme_options.is_empty());
        assert_eq!(parsed.base_url(), Some("https://example.com/guides/"));
    }

    #[test]
    fn the_embedded_site_has_the_sample_guide_and_the_theme() {
        let files: Vec<String> = site_files().into_iter().map(|(p, _)| p).collect();
        for path in ["gloss.yaml", "content/_index.md", "content/glossary.yaml", "content/microneedling/_index.md"] {
            assert!(files.iter().any(|f| f == path), "{path} missing from {files:?}");
        }
        assert!(files.iter().any(|f| f == "themes/clinic/templates/base.html"), "{files:?}");
        assert!(files.iter().any(|f| f.starts_with("themes/clinic/static/")), "{files:?}");
    }

    #[test]
    fn titles_are_quoted_yaml() {
        let text = entry_text("g", "s", r#"Is it "safe": really?"#, &[], day());
        let yaml = text.split("---\n").nth(1).unwrap();
        let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(value["title"].as_str(), Some(r#"Is it "safe": really?"#));
        assert_eq!(value["draft"].as_bool(), Some(true));
        assert!(checked_title("two\nlines").is_err());
        assert_eq!(title_from_slug("laser-hair-removal"), "Laser hair removal");
    }
}
