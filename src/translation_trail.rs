//! The translation trail: which version of its source a translation was
//! reviewed against, who reviewed it and when. `gloss translation reviewed`
//! writes that into the translation's front matter (`translation_source`, a
//! digest of the source file's text, so no writer computes one by hand) and
//! keeps a copy of the source as reviewed under `.gloss/translations/`;
//! `check` warns when a source changed after its translation was reviewed,
//! with a line diff from that copy.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::content::{CONTENT_DIR, LoadedContent};
use crate::diagnostic::Diagnostic;
use crate::frontmatter;
use crate::language_codes;

/// Where the copies of reviewed sources are kept, from the site root: a
/// hidden folder, so no walk of the site reads it as content.
pub const KEPT_SOURCES_DIR: &str = ".gloss/translations";

/// Hex digits of the SHA-256 kept: enough that a changed source never
/// passes for the one reviewed, short enough to read in front matter.
const DIGEST_HEX_DIGITS: usize = 16;

/// At most this many changed lines are shown under a warning; the copy
/// kept holds the rest.
const DIFF_LINES_SHOWN: usize = 12;

/// The digest of a source's text that its translation records.
pub(crate) fn digest(text: &str) -> String {
    let hash = Sha256::digest(text.as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect::<String>()[..DIGEST_HEX_DIGITS].to_string()
}

/// What went wrong marking a translation reviewed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0} is not a translation: its name has no language code before `.md`")]
    NotATranslation(String),
    #[error("{0} is not in the site's content/ folder")]
    OutsideContent(String),
    #[error("{translation} translates {original}, which does not exist")]
    SourceMissing { translation: String, original: String },
    #[error("{0} has no front matter to record the review in")]
    NoFrontMatter(String),
    #[error("cannot {0}: {1}")]
    Io(String, std::io::Error),
}

impl Error {
    pub fn help(&self) -> String {
        match self {
            Error::NotATranslation(_) => {
                "a translation is named like its source with the language code added: is-it-painful.es.md \
                 translates is-it-painful.md"
                    .into()
            }
            Error::OutsideContent(_) => "name a translation under content/, or pass the site with --root DIR".into(),
            Error::SourceMissing { original, .. } => {
                format!("a translation sits beside its source: restore {original}, or rename the translation")
            }
            Error::NoFrontMatter(_) => "start the file with front matter between `---` lines, with its title".into(),
            Error::Io(..) => "check that the file exists and that you may write it".into(),
        }
    }
}

/// What `mark_reviewed` wrote.
#[derive(Debug)]
pub struct Marked {
    /// The translation, from the site root.
    pub translation: PathBuf,
    /// The copy of the source as reviewed, from the site root.
    pub kept_source: PathBuf,
}

/// Records in `file` (a translation under `root`'s content/) that `by`
/// reviewed it on `date` against its source's text as it is now, and keeps a
/// copy of that text for `check` to show what changed later.
pub fn mark_reviewed(root: &Path, file: &Path, by: &str, date: chrono::NaiveDate) -> Result<Marked, Error> {
    let shown = file.display().to_string();
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let listed = crate::config::load(root).map(|c| c.language_codes().join(" ")).unwrap_or_default();
    let listed: Vec<&str> = listed.split(' ').collect();
    if language_codes::file_language(&name, &listed).is_none() || !name.ends_with(".md") {
        return Err(Error::NotATranslation(shown));
    }
    let content = root.join(CONTENT_DIR);
    let absolute = |p: &Path| std::path::absolute(p).map_err(|e| Error::Io(format!("find {}", p.display()), e));
    let rel = absolute(file)?
        .strip_prefix(absolute(&content)?)
        .map(Path::to_path_buf)
        .map_err(|_| Error::OutsideContent(shown.clone()))?;
    let source_rel = rel.with_file_name(language_codes::source_file_name(&name, &listed));
    let source_path = content.join(&source_rel);
    let source_shown = Path::new(CONTENT_DIR).join(&source_rel).display().to_string();
    let source = match std::fs::read_to_string(&source_path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::SourceMissing { translation: shown, original: source_shown });
        }
        Err(e) => return Err(Error::Io(format!("read {source_shown}"), e)),
    };
    let text = std::fs::read_to_string(file).map_err(|e| Error::Io(format!("read {shown}"), e))?;
    let marked = with_review(&text, by, date, &digest(&source)).ok_or_else(|| Error::NoFrontMatter(shown.clone()))?;
    let kept = Path::new(KEPT_SOURCES_DIR).join(&source_rel);
    let kept_abs = root.join(&kept);
    if let Some(parent) = kept_abs.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::Io(format!("create {}", parent.display()), e))?;
    }
    std::fs::write(&kept_abs, &source).map_err(|e| Error::Io(format!("write {}", kept.display()), e))?;
    std::fs::write(file, marked).map_err(|e| Error::Io(format!("write {shown}"), e))?;
    Ok(Marked { translation: Path::new(CONTENT_DIR).join(rel), kept_source: kept })
}

const TRAIL_KEYS: [&str; 3] = ["translation_reviewed_by", "translation_reviewed", "translation_source"];

/// `text` with the trail's three keys set at the end of its front matter
/// (any earlier values of them taken out) and every other line as it was;
/// `None` for a file without front matter.
fn with_review(text: &str, by: &str, date: chrono::NaiveDate, source_digest: &str) -> Option<String> {
    if !text.trim_start_matches('\u{feff}').starts_with("---") {
        return None;
    }
    let split = frontmatter::split(text).ok()?;
    // `yaml` is a slice of `text`: where it starts and ends in it.
    let yaml_start = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
    let yaml_end = yaml_start + split.yaml.len();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(text.len() + 128);
    out.push_str(&text[..yaml_start]);
    for line in split.yaml.split_inclusive('\n') {
        let key = line.split(':').next().unwrap_or_default();
        if !TRAIL_KEYS.contains(&key) {
            out.push_str(line);
        }
    }
    if !out.ends_with('\n') {
        out.push_str(newline);
    }
    let by = serde_json::to_string(by).unwrap_or_default();
    out.push_str(&format!("translation_reviewed_by: {by}{newline}"));
    out.push_str(&format!("translation_reviewed: {}{newline}", date.format("%Y-%m-%d")));
    out.push_str(&format!("translation_source: \"{source_digest}\"{newline}"));
    out.push_str(&text[yaml_end..]);
    Some(out)
}

/// One translated page's trail, as its front matter gives it.
struct Trail<'a> {
    path: &'a Path,
    text: &'a str,
    reviewed_by: Option<&'a str>,
    reviewed_on: Option<crate::content::Date>,
    source_digest: Option<&'a str>,
}

fn trails(content: &LoadedContent) -> Vec<Trail<'_>> {
    let mut found = Vec::new();
    if let Some(home) = &content.home {
        let m = &home.meta;
        found.push(Trail {
            path: &home.path,
            text: &home.text,
            reviewed_by: m.translation_reviewed_by.as_deref(),
            reviewed_on: m.translation_reviewed,
            source_digest: m.translation_source.as_deref(),
        });
    }
    for guide in &content.guides {
        let m = &guide.index.meta;
        found.push(Trail {
            path: &guide.index.path,
            text: &guide.index.text,
            reviewed_by: m.translation_reviewed_by.as_deref(),
            reviewed_on: m.translation_reviewed,
            source_digest: m.translation_source.as_deref(),
        });
        for entry in &guide.entries {
            let m = &entry.meta;
            found.push(Trail {
                path: &entry.path,
                text: &entry.text,
                reviewed_by: m.translation_reviewed_by.as_deref(),
                reviewed_on: m.translation_reviewed,
                source_digest: m.translation_source.as_deref(),
            });
        }
    }
    found
}

/// The text of each page of the site's own language, by its path.
fn source_texts(content: &LoadedContent) -> std::collections::HashMap<&Path, &str> {
    let mut texts = std::collections::HashMap::new();
    if let Some(home) = &content.home {
        texts.insert(home.path.as_path(), &*home.text);
    }
    for guide in &content.guides {
        texts.insert(guide.index.path.as_path(), &*guide.index.text);
        for entry in &guide.entries {
            texts.insert(entry.path.as_path(), &*entry.text);
        }
    }
    texts
}

/// A warning for each translation whose source changed after it was
/// reviewed against it. Reads the kept copies of reviewed sources from
/// `root`, where there are any, to show what changed.
pub(crate) fn stale_translations(root: &Path, content: &LoadedContent) -> Vec<Diagnostic> {
    let sources = source_texts(content);
    let mut diagnostics = Vec::new();
    for (code, translation) in &content.translations {
        for trail in trails(translation) {
            let Some(recorded) = trail.source_digest else { continue };
            let name = trail.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let source_path = trail.path.with_file_name(language_codes::source_file_name(&name, &[code]));
            let Some(source) = sources.get(source_path.as_path()) else { continue };
            if digest(source) == recorded.trim() {
                continue;
            }
            diagnostics.push(stale(root, &trail, &source_path, source));
        }
    }
    diagnostics
}

/// Whether a translation records a review: who checked it and the digest of
/// the source they checked it against, as `gloss translation reviewed`
/// writes them. The one test for both the notice its pages show patients
/// and `translations.reviewed_only`.
pub(crate) fn marked_reviewed(reviewed_by: Option<&str>, source_digest: Option<&str>) -> bool {
    reviewed_by.is_some() && source_digest.is_some()
}

/// A warning at each translation trail key written in a file that is not a
/// translation (a page of the site's own language), where it means nothing:
/// the writer may have meant to mark the translation beside it.
pub(crate) fn trail_keys_on_sources(content: &LoadedContent) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for trail in trails(content) {
        let written = [trail.reviewed_by.is_some(), trail.reviewed_on.is_some(), trail.source_digest.is_some()];
        for (key, _) in TRAIL_KEYS.iter().zip(written).filter(|(_, written)| *written) {
            let name = trail.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let example = name.strip_suffix(".md").map_or_else(|| name.clone(), |stem| format!("{stem}.es.md"));
            warnings.push(
                Diagnostic::warning(
                    trail.path,
                    key_line(trail.text, key),
                    1,
                    format!("`{key}` only means something in a translation, and {name} is not one"),
                )
                .with_source(trail.text)
                .with_help(format!(
                    "take `{key}` out of this file; to record a translation's review, run gloss translation \
                     reviewed on the translation ({example}) and it writes the keys there"
                )),
            );
        }
    }
    warnings
}

/// With `translations.reviewed_only` in gloss.yaml: an error at each
/// translated page no one has marked reviewed (it records no reviewer or no
/// source digest), saying how to mark it. A glossary translation has no front
/// matter to record a review in, so it is not asked for one.
pub(crate) fn unreviewed_translations(content: &LoadedContent) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (code, translation) in &content.translations {
        for trail in trails(translation) {
            if marked_reviewed(trail.reviewed_by, trail.source_digest) {
                continue;
            }
            let name = trail.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let source_path = trail.path.with_file_name(language_codes::source_file_name(&name, &[code]));
            let line = if trail.reviewed_by.is_some() { key_line(trail.text, "translation_reviewed_by") } else { 1 };
            errors.push(
                Diagnostic::error(
                    trail.path,
                    line,
                    1,
                    "this translation is not marked reviewed, and gloss.yaml publishes reviewed translations only",
                )
                .with_source(trail.text)
                .with_help(format!(
                    "once a qualified translator has checked it against {}, mark it reviewed: gloss translation \
                     reviewed {} --by NAME (or leave `translations: {{ reviewed_only: true }}` out of gloss.yaml to \
                     publish it with a notice that it is not yet reviewed)",
                    source_path.display(),
                    trail.path.display()
                )),
            );
        }
    }
    errors
}

fn stale(root: &Path, trail: &Trail<'_>, source_path: &Path, source: &str) -> Diagnostic {
    let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let line = key_line(trail.text, "translation_source");
    let mut message = format!("{} changed after {} was reviewed against it", name(source_path), name(trail.path));
    if let Some(day) = trail.reviewed_on {
        message.push_str(&format!(" on {day}"));
    }
    let kept = source_path.strip_prefix(CONTENT_DIR).map(|rel| root.join(KEPT_SOURCES_DIR).join(rel));
    if let Some(reviewed) = kept.ok().and_then(|p| std::fs::read_to_string(p).ok()) {
        message.push_str(&changed_lines(&reviewed, source));
    }
    let by = trail.reviewed_by.unwrap_or("Name");
    let by = serde_json::to_string(by).unwrap_or_default();
    Diagnostic::warning(trail.path, line, 1, message).with_source(trail.text).with_help(format!(
        "update the translation to say what {} says now, then mark it reviewed again: gloss translation \
             reviewed {} --by {by}",
        source_path.display(),
        trail.path.display()
    ))
}

/// The 1-based line of a front matter key, or 1: the first line of the
/// front matter (after the opening `---`, before the closing one) that
/// starts with it.
fn key_line(text: &str, key: &str) -> usize {
    let front_matter = text.lines().enumerate().skip(1).take_while(|(_, l)| l.trim_end() != "---");
    front_matter.filter(|(_, l)| l.split(':').next() == Some(key)).map(|(i, _)| i + 1).next().unwrap_or(1)
}

/// What changed between the source as reviewed and as it is now, a line
/// per changed line (`-` taken out, `+` put in), each on a line of its own.
fn changed_lines(reviewed: &str, now: &str) -> String {
    let diff = similar::TextDiff::from_lines(reviewed, now);
    let changes: Vec<String> = diff
        .iter_all_changes()
        .filter_map(|c| {
            let sign = match c.tag() {
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
                similar::ChangeTag::Equal => return None,
            };
            Some(format!("\n      {sign} {}", c.value().trim_end_matches(['\n', '\r'])))
        })
        .collect();
    let mut shown: String = changes.iter().take(DIFF_LINES_SHOWN).map(String::as_str).collect();
    if changes.len() > DIFF_LINES_SHOWN {
        shown.push_str(&format!("\n      … and {} more changed lines", changes.len() - DIFF_LINES_SHOWN));
    }
    if shown.is_empty() { shown } else { format!("; what changed:{shown}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marking_keeps_every_other_line_and_replaces_an_earlier_mark() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let text = "---\ntitle: \"¿Pica?\"\ntranslation_source: \"old\"\nslug: pica\n---\n\nUn poco.\n";
        let marked = with_review(text, "Ana \"A\" Ruiz", date, "abc").unwrap();
        assert_eq!(
            marked,
            "---\ntitle: \"¿Pica?\"\nslug: pica\ntranslation_reviewed_by: \"Ana \\\"A\\\" Ruiz\"\n\
             translation_reviewed: 2026-12-06\ntranslation_source: \"abc\"\n---\n\nUn poco.\n"
        );
        assert_eq!(with_review("no front matter\n", "A", date, "abc"), None);
    }
}
