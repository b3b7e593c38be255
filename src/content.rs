//! Content loading: walking `content/`, reading its files (through a
//! `ReadFile`: the disk, or the dev server's reader that skips files that
//! have not changed), and parsing front matter into typed guide and entry
//! metadata.
//!
//! Layout (SPEC §1): `content/_index.md` is the home page text; each folder
//! directly under `content/` is a guide with an `_index.md`; each other `.md`
//! file in that folder is one FAQ entry; every other file (images, PDFs) is an
//! asset, published at the same relative path if a page links to it or its
//! kind is listed in gloss.yaml (`content_files` decides). A symbolic link is
//! followed only within the site (`symlinks`).
//!
//! This stage knows nothing of URLs or ordering; the site model does that.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::Bytes;
use bytestring::ByteString;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Deserializer, Serialize};

use crate::cache::Recall;
use crate::diagnostic::{Diagnostic, line_col};
use crate::frontmatter;
use crate::symlinks::SiteRoot;

pub(crate) const CONTENT_DIR: &str = "content";
pub(crate) const INDEX_FILE: &str = "_index.md";

/// A calendar date written `YYYY-MM-DD` in front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub(crate) struct Date(pub NaiveDate);

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map(Date).map_err(|_| {
            serde::de::Error::custom(format!("`{text}` is not a date: write it as YYYY-MM-DD, like 2026-10-15"))
        })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

/// Front matter of a guide's `_index.md`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GuideMeta {
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) order: Option<i64>,
    /// What the guide is about, e.g. "Microneedling".
    pub(crate) procedure: Option<String>,
    pub(crate) reviewed_by: Option<String>,
    pub(crate) last_reviewed: Option<Date>,
    #[serde(default)]
    draft: bool,
    /// A translation's review against its source (`translation_trail`).
    pub(crate) translation_reviewed_by: Option<String>,
    pub(crate) translation_reviewed: Option<Date>,
    pub(crate) translation_source: Option<String>,
}

const GUIDE_KEYS: &[&str] = &[
    "title",
    "description",
    "order",
    "procedure",
    "reviewed_by",
    "last_reviewed",
    "draft",
    "translation_reviewed_by",
    "translation_reviewed",
    "translation_source",
];

/// Front matter of one FAQ entry.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EntryMeta {
    /// The question; required.
    pub(crate) title: Option<String>,
    pub(crate) summary: Option<String>,
    pub(crate) order: Option<i64>,
    #[serde(default)]
    pub(crate) topics: Vec<String>,
    pub(crate) slug: Option<String>,
    #[serde(default)]
    draft: bool,
    pub(crate) reviewed_by: Option<String>,
    pub(crate) last_reviewed: Option<Date>,
    #[serde(default)]
    pub(crate) sources: Vec<SourceRef>,
    /// Slugs of other entries (`slug` or `guide/slug`).
    #[serde(default)]
    pub(crate) related: Vec<String>,
    /// Old paths that must redirect here.
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    pub(crate) next_review: Option<Date>,
    /// Complex words the entry uses on purpose (see `plain_language`).
    #[serde(default)]
    pub(crate) plain_words_kept: Vec<String>,
    /// A translation's review against its source (`translation_trail`).
    pub(crate) translation_reviewed_by: Option<String>,
    pub(crate) translation_reviewed: Option<Date>,
    pub(crate) translation_source: Option<String>,
}

const ENTRY_KEYS: &[&str] = &[
    "title",
    "summary",
    "order",
    "topics",
    "slug",
    "draft",
    "reviewed_by",
    "last_reviewed",
    "sources",
    "related",
    "aliases",
    "next_review",
    "plain_words_kept",
    "translation_reviewed_by",
    "translation_reviewed",
    "translation_source",
];

/// A citation in an entry's `sources`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceRef {
    pub(crate) title: String,
    pub(crate) url: crate::href::Address,
    pub(crate) publisher: Option<String>,
    pub(crate) year: Option<i32>,
}

/// The home page's `content/_index.md`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HomeMeta {
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    /// A translation's review against its source (`translation_trail`).
    pub(crate) translation_reviewed_by: Option<String>,
    pub(crate) translation_reviewed: Option<Date>,
    pub(crate) translation_source: Option<String>,
}

const HOME_KEYS: &[&str] =
    &["title", "description", "translation_reviewed_by", "translation_reviewed", "translation_source"];

/// A markdown file as read from disk: where it is, its text, and where its
/// body starts, so markdown positions map back to file lines.
#[derive(Debug, Clone)]
pub(crate) struct Document<M> {
    /// Path relative to the site root, e.g. `content/microneedling/x.md`.
    pub(crate) path: PathBuf,
    /// The file's bytes as read, not a copy: the dev server keeps those
    /// bytes (see `serve::unchanged_files`) and hands out the same document
    /// build after build.
    pub(crate) text: ByteString,
    pub(crate) body_offset: usize,
    pub(crate) meta: M,
}

impl<M> Document<M> {
    pub(crate) fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

#[derive(Debug, Clone)]
pub(crate) struct LoadedGuide {
    /// The folder name under `content/`.
    pub(crate) dir: String,
    pub(crate) index: Arc<Document<GuideMeta>>,
    pub(crate) entries: Vec<Arc<Document<EntryMeta>>>,
}

/// A non-markdown file under `content/`, copied to the same relative path.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    /// Path relative to `content/`, with `/` separators.
    pub(crate) rel: String,
    pub(crate) bytes: Bytes,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct LoadedContent {
    pub(crate) home: Option<Document<HomeMeta>>,
    pub(crate) guides: Vec<LoadedGuide>,
    pub(crate) assets: Vec<Asset>,
    /// Terms of `content/glossary.yaml`, if there is one.
    pub(crate) glossary: Vec<crate::glossary::Term>,
    /// The words of `content/synonyms.yaml`, if there is one.
    pub(crate) synonyms: crate::search::synonyms::Synonyms,
    /// The words of `content/plain_words.yaml`, if there is one.
    pub(crate) plain_words: crate::plain_language::plain_words::SiteWords,
    /// Markdown files that are there but could not be read into the site
    /// (their front matter failed, or their guide's did), by their path
    /// under `content/` (`g/a.md`): links to them are not broken, the
    /// file's own error says what is wrong.
    pub(crate) unread: Vec<String>,
    /// Translations (`a.es.md`, `_index.es.md`, `glossary.es.yaml`), by
    /// their language code, in the same shape; empty within a translation.
    pub(crate) translations: std::collections::BTreeMap<String, LoadedContent>,
    /// Within a translation: what is wrong with its files.
    pub(crate) problems: Vec<Diagnostic>,
}

/// What a file under `content/` is, by where it sits.
#[derive(Clone, Serialize)]
enum FileKind {
    Home,
    Glossary,
    Synonyms,
    PlainWords,
    GuideIndex(String),
    Entry(String),
    Asset(String),
}

impl FileKind {
    /// The path under `content/` that links name this file by, for a file
    /// that becomes a page (`g/a.md`).
    fn page_source(&self, abs: &Path) -> Option<String> {
        let name = abs.file_name()?.to_string_lossy();
        match self {
            FileKind::Home => Some(INDEX_FILE.to_string()),
            FileKind::GuideIndex(dir) | FileKind::Entry(dir) => Some(format!("{dir}/{name}")),
            FileKind::Glossary | FileKind::Synonyms | FileKind::PlainWords | FileKind::Asset(_) => None,
        }
    }
}

/// Loads everything under `<root>/content`. Problems are collected, not
/// returned early: the caller gets every diagnostic of the run. A file whose
/// kind, path and bytes `parsed` has seen before is not parsed again.
/// `reader` reads each file's bytes; a markdown file or glossary of more
/// than `max_text_bytes` is an error, and is not read.
pub(crate) fn load(
    root: &Path,
    include_drafts: bool,
    max_text_bytes: u64,
    reader: &dyn ReadFile,
    parsed: &dyn Recall<FileRead>,
    languages: &[&str],
) -> (LoadedContent, Vec<Diagnostic>) {
    let content_dir = root.join(CONTENT_DIR);
    let mut diagnostics = Vec::new();
    let mut files = Vec::new();
    let site_root = SiteRoot::new(root);
    let mut links_out = Vec::new();
    for item in site_root.walk(&content_dir, &mut links_out) {
        match item {
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) => diagnostics.push(walk_error(root, &e)),
        }
    }
    diagnostics.append(&mut links_out);
    let classified: Vec<(PathBuf, FileKind)> = files
        .into_iter()
        .filter_map(|abs| {
            let rel = abs.strip_prefix(&content_dir).ok()?.to_path_buf();
            Some((abs, classify(&rel, languages)?))
        })
        .collect();

    let read: Vec<(Option<String>, Option<String>, FileRead)> = classified
        .into_par_iter()
        .map(|(abs, kind)| {
            let page_source = kind.page_source(&abs);
            let name = abs.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let language = crate::language_codes::file_language(&name, languages).map(str::to_string);
            (page_source, language, read_file(root, abs, kind, max_text_bytes, reader, parsed))
        })
        .collect();

    let mut by_language: std::collections::BTreeMap<Option<String>, Vec<(Option<String>, FileRead)>> =
        std::collections::BTreeMap::new();
    for (page_source, language, item) in read {
        by_language.entry(language).or_default().push((page_source, item));
    }
    let mut content = LoadedContent::default();
    for (language, read) in by_language {
        let (loaded, mut found) = assemble(root, include_drafts, language.as_deref(), read);
        if language.is_none() {
            diagnostics.append(&mut found);
        }
        match language {
            // A translation's problems are reported only if the site has
            // its language (`languages::unlisted_translations`).
            Some(code) => {
                content.translations.insert(code, LoadedContent { problems: found, ..loaded });
            }
            None => content = LoadedContent { translations: std::mem::take(&mut content.translations), ..loaded },
        }
    }
    diagnostics.dedup();
    (content, diagnostics)
}

/// The files of one language (`None`: the site's own language) put
/// together into guides.
fn assemble(
    root: &Path,
    include_drafts: bool,
    language: Option<&str>,
    read: Vec<(Option<String>, FileRead)>,
) -> (LoadedContent, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut content = LoadedContent::default();
    let mut guide_indexes = Vec::new();
    let mut entries = Vec::new();
    for (page_source, item) in read {
        match item {
            Ok(Loaded::Home(doc)) => content.home = Some(doc),
            Ok(Loaded::Glossary(terms)) => content.glossary = terms,
            Ok(Loaded::Synonyms(words)) => content.synonyms = words,
            Ok(Loaded::PlainWords(words)) => content.plain_words = words,
            Ok(Loaded::GuideIndex(dir, doc)) => guide_indexes.push((dir, doc)),
            Ok(Loaded::Entry(dir, doc)) => entries.push((dir, doc)),
            Ok(Loaded::Asset(asset)) => content.assets.push(asset),
            Err(mut d) => {
                diagnostics.append(&mut d);
                content.unread.extend(page_source);
            }
        }
    }
    for (dir, index) in guide_indexes {
        if index.meta.draft && !include_drafts {
            continue;
        }
        content.guides.push(LoadedGuide { dir, index, entries: Vec::new() });
    }
    for (dir, entry) in entries {
        if entry.meta.draft && !include_drafts {
            continue;
        }
        match content.guides.iter_mut().find(|g| g.dir == dir) {
            Some(guide) => guide.entries.push(entry),
            None if guide_is_draft(root, &dir) && !include_drafts => {}
            None if content.unread.contains(&format!("{dir}/{INDEX_FILE}")) => {
                content.unread.extend(entry.path.file_name().map(|name| format!("{dir}/{}", name.to_string_lossy())));
            }
            None => diagnostics.push(match language {
                None => Diagnostic::error(
                    Path::new(CONTENT_DIR).join(&dir),
                    1,
                    1,
                    format!("the guide folder `{dir}` has no _index.md"),
                )
                .with_help(format!("create content/{dir}/_index.md with at least a `title:` for the guide")),
                Some(code) => Diagnostic::error(
                    &entry.path,
                    1,
                    1,
                    format!("this `{code}` translation's guide `{dir}` has no `{code}` translation of its _index.md"),
                )
                .with_help(format!(
                    "translate content/{dir}/_index.md as content/{dir}/_index.{code}.md: it is the guide's page in that language"
                )),
            }),
        }
    }
    (content, diagnostics)
}

fn guide_is_draft(root: &Path, dir: &str) -> bool {
    let path = root.join(CONTENT_DIR).join(dir).join(INDEX_FILE);
    std::fs::read_to_string(path)
        .is_ok_and(|t| frontmatter::split(&t).is_ok_and(|s| s.yaml.lines().any(|l| l.replace(' ', "") == "draft:true")))
}

/// `None` for files gloss leaves alone: editor swap and backup files (hidden
/// files never reach it: the walk leaves them out), markdown nested deeper
/// than a guide.
fn classify(rel: &Path, languages: &[&str]) -> Option<FileKind> {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    let written = parts.last()?;
    if written.ends_with('~') || written.ends_with(".swp") || written.ends_with(".tmp") {
        return None;
    }
    // A translation (`_index.es.md`, `glossary.es.yaml`) is the same kind
    // of file as its source.
    let source_name = crate::language_codes::source_file_name(written, languages);
    let mut parts = parts.clone();
    if let Some(last) = parts.last_mut() {
        *last = &source_name;
    }
    let name = &source_name;
    let is_md = name.ends_with(".md");
    Some(match (parts.as_slice(), is_md) {
        ([INDEX_FILE], _) => FileKind::Home,
        ([dir, INDEX_FILE], _) => FileKind::GuideIndex((*dir).to_string()),
        ([dir, _], true) => FileKind::Entry((*dir).to_string()),
        ([_], true) | (_, true) => return None,
        ([crate::glossary::GLOSSARY_FILE], false) => FileKind::Glossary,
        ([crate::search::synonyms::SYNONYMS_FILE], false) => FileKind::Synonyms,
        ([crate::plain_language::plain_words::PLAIN_WORDS_FILE], false) => FileKind::PlainWords,
        (_, false) => FileKind::Asset(parts.join("/")),
    })
}

/// One content file, parsed, or what is wrong with it.
pub(crate) type FileRead = Result<Loaded, Vec<Diagnostic>>;

/// One content file, parsed.
#[derive(Clone)]
pub(crate) enum Loaded {
    Home(Document<HomeMeta>),
    Glossary(Vec<crate::glossary::Term>),
    Synonyms(crate::search::synonyms::Synonyms),
    PlainWords(crate::plain_language::plain_words::SiteWords),
    // Shared: the dev server's cache hands out the same documents build
    // after build, and the site model holds them without copying them.
    GuideIndex(String, Arc<Document<GuideMeta>>),
    Entry(String, Arc<Document<EntryMeta>>),
    Asset(Asset),
}

/// Where content files' bytes come from.
pub(crate) trait ReadFile: Sync {
    /// The file's bytes; an error of kind `FileTooLarge` (and nothing read)
    /// if it holds more than `limit` bytes.
    fn read(&self, path: &Path, limit: u64) -> std::io::Result<bytes::Bytes>;
}

/// Every file read from the disk.
pub(crate) struct Disk;

impl ReadFile for Disk {
    fn read(&self, path: &Path, limit: u64) -> std::io::Result<bytes::Bytes> {
        read_at_most(path, limit)
    }
}

/// Reads the file at `path` whole if it holds at most `limit` bytes, else
/// fails with `FileTooLarge`. The size is checked on the open file before
/// reading, and the read stops past `limit` should the file grow meanwhile.
pub(crate) fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Bytes> {
    use std::io::Read;
    let too_large = || std::io::Error::new(std::io::ErrorKind::FileTooLarge, format!("more than {limit} bytes"));
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(Bytes::from(bytes))
}

fn read_file(
    root: &Path,
    abs: PathBuf,
    kind: FileKind,
    max_text_bytes: u64,
    reader: &dyn ReadFile,
    parsed: &dyn Recall<FileRead>,
) -> FileRead {
    let rel = abs.strip_prefix(root).unwrap_or(&abs).to_path_buf();
    // Assets are copied, not parsed: their size is the writer's choice.
    let limit = if matches!(kind, FileKind::Asset(_)) { u64::MAX } else { max_text_bytes };
    let bytes = match reader.read(&abs, limit) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => return Err(vec![too_large(&rel, &abs, limit)]),
        Err(e) => return Err(vec![read_error(&rel, &kind, &e)]),
    };
    let file = ContentFile { kind, rel, bytes };
    parsed.recall(&file, &mut || parse_file(&file))
}

/// A content file as read: all that parsing it reads.
#[derive(Serialize)]
struct ContentFile {
    kind: FileKind,
    rel: PathBuf,
    #[serde(serialize_with = "as_bytes")]
    bytes: bytes::Bytes,
}

/// Bytes as one piece, not a sequence of numbers.
fn as_bytes<S: serde::Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_bytes(bytes)
}

/// A markdown file or glossary larger than `limit` bytes.
fn too_large(rel: &Path, abs: &Path, limit: u64) -> Diagnostic {
    let mib = |bytes: u64| bytes as f64 / f64::from(1 << 20);
    let size = match std::fs::metadata(abs) {
        Ok(meta) => format!("{:.1} MiB", mib(meta.len())),
        Err(_) => "larger".to_string(),
    };
    Diagnostic::error(rel, 1, 1, format!("this file is {size}, over the {} MiB gloss reads", mib(limit))).with_help(
        "split it into several entries (a patient reads one question at a time); if it must be this long, \
         raise `limits: text_file_mib:` in gloss.yaml (docs/writing.md)",
    )
}

fn read_error(rel: &Path, kind: &FileKind, e: &std::io::Error) -> Diagnostic {
    match kind {
        FileKind::Glossary => Diagnostic::error(rel, 1, 1, format!("cannot read the glossary: {e}"))
            .with_help("save content/glossary.yaml as UTF-8 text"),
        FileKind::Synonyms => Diagnostic::error(rel, 1, 1, format!("cannot read the synonyms: {e}"))
            .with_help("save content/synonyms.yaml as UTF-8 text"),
        FileKind::PlainWords => Diagnostic::error(rel, 1, 1, format!("cannot read the plain words: {e}"))
            .with_help("save content/plain_words.yaml as UTF-8 text"),
        _ => Diagnostic::error(rel, 1, 1, format!("cannot read this file: {e}"))
            .with_help("check that the file exists and that you may read it"),
    }
}

/// Parses a content file, by its kind.
fn parse_file(file: &ContentFile) -> FileRead {
    let ContentFile { kind, rel, bytes } = file;
    let rel = rel.clone();
    match kind {
        FileKind::Asset(rel_in_content) => {
            Ok(Loaded::Asset(Asset { rel: rel_in_content.clone(), bytes: bytes.clone() }))
        }
        FileKind::Home => parse_document(rel, bytes, HOME_KEYS).map(Loaded::Home),
        FileKind::Glossary => match std::str::from_utf8(bytes) {
            Ok(text) => crate::glossary::parse(&rel, text).map(Loaded::Glossary),
            Err(_) => Err(vec![read_error(&rel, kind, &std::io::Error::other("it is not UTF-8 text"))]),
        },
        FileKind::Synonyms => match std::str::from_utf8(bytes) {
            Ok(text) => crate::search::synonyms::parse(&rel, text).map(Loaded::Synonyms),
            Err(_) => Err(vec![read_error(&rel, kind, &std::io::Error::other("it is not UTF-8 text"))]),
        },
        FileKind::PlainWords => match std::str::from_utf8(bytes) {
            Ok(text) => crate::plain_language::plain_words::parse_site(&rel, text).map(Loaded::PlainWords),
            Err(_) => Err(vec![read_error(&rel, kind, &std::io::Error::other("it is not UTF-8 text"))]),
        },
        FileKind::GuideIndex(dir) => {
            parse_document(rel, bytes, GUIDE_KEYS).map(|d| Loaded::GuideIndex(dir.clone(), Arc::new(d)))
        }
        FileKind::Entry(dir) => parse_document(rel, bytes, ENTRY_KEYS).map(|d| Loaded::Entry(dir.clone(), Arc::new(d))),
    }
}

fn parse_document<M: serde::de::DeserializeOwned>(
    rel: PathBuf,
    bytes: &Bytes,
    keys: &[&str],
) -> Result<Document<M>, Vec<Diagnostic>> {
    let text =
        ByteString::try_from(bytes.clone()).map_err(|e| {
            let valid = e.valid_up_to();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let (line, col) = line_col(&prefix, valid);
            vec![Diagnostic::error(&rel, line, col, "this file is not UTF-8 text").with_help(
                "save the file as UTF-8 in your editor (\"Save with encoding\" or \"Reopen with encoding\")",
            )]
        })?;
    let split = frontmatter::split(&text).map_err(|e| vec![e.to_diagnostic(&rel, &text)])?;
    let meta = frontmatter::parse_known::<M>(&rel, &text, split.yaml, split.yaml_line, keys)?;
    let body_offset = split.body_offset;
    Ok(Document { path: rel, text, body_offset, meta })
}

fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let path =
        e.path().map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf()).unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
    if let Some(ancestor) = e.loop_ancestor() {
        let ancestor = ancestor.strip_prefix(root).unwrap_or(ancestor);
        return Diagnostic::error(&path, 1, 1, format!("this link loops back to {}", ancestor.display()))
            .with_help("remove the symbolic link, or point it outside the site");
    }
    let is_link = e.path().is_some_and(|p| p.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()));
    if is_link && e.io_error().is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) {
        return Diagnostic::error(&path, 1, 1, "this symbolic link points to something that does not exist")
            .with_help("remove the link, or point it at an existing file");
    }
    let message = match e.io_error() {
        Some(io) if io.kind() == std::io::ErrorKind::NotFound && path == Path::new(CONTENT_DIR) => {
            return Diagnostic::error(&path, 1, 1, "there is no content folder").with_help(
                "make content/ with a guide in it (`gloss new GUIDE`), or run gloss in the site's folder (--root DIR)",
            );
        }
        Some(io) => format!("cannot read: {io}"),
        None => e.to_string(),
    };
    Diagnostic::error(&path, 1, 1, message).with_help("check that the folder exists and that you may read it")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `frontmatter::parse_known` types front matter in one pass only for
    /// types whose fields are exactly their known keys (and that deny
    /// others): a field missing from the keys would be let through.
    #[test]
    fn front_matter_types_have_exactly_their_known_keys() {
        fn sorted(mut keys: Vec<&str>) -> Vec<&str> {
            keys.sort_unstable();
            keys
        }
        assert_eq!(sorted(frontmatter::struct_fields::<EntryMeta>()), sorted(ENTRY_KEYS.to_vec()));
        assert_eq!(sorted(frontmatter::struct_fields::<GuideMeta>()), sorted(GUIDE_KEYS.to_vec()));
        assert_eq!(sorted(frontmatter::struct_fields::<HomeMeta>()), sorted(HOME_KEYS.to_vec()));
        // And they deny other keys, which the typing in one pass relies on.
        let path = Path::new("a.md");
        let text = "---\nzzz: 1\n---\n";
        let unknown = |errors: Vec<Diagnostic>| errors[0].message == "unknown key `zzz`";
        assert!(frontmatter::parse_known::<EntryMeta>(path, text, "zzz: 1\n", 2, ENTRY_KEYS).is_err_and(unknown));
        assert!(frontmatter::parse_known::<GuideMeta>(path, text, "zzz: 1\n", 2, GUIDE_KEYS).is_err_and(unknown));
        assert!(frontmatter::parse_known::<HomeMeta>(path, text, "zzz: 1\n", 2, HOME_KEYS).is_err_and(unknown));
    }

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn loads_guides_entries_and_assets() {
        let dir = site(&[
            ("content/_index.md", "---\ntitle: Home\n---\nHi"),
            ("content/g/_index.md", "---\ntitle: G\nlast_reviewed: 2026-01-02\n---\nIntro"),
            ("content/g/a.md", "---\ntitle: A?\ntopics: [pain]\n---\nAnswer"),
            ("content/g/images/x.png", "png"),
            ("content/g/.a.md.swp", "junk"),
        ]);
        let (content, diags) = load(dir.path(), false, 1 << 20, &Disk, &crate::cache::Fresh, &["en"]);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(content.guides.len(), 1);
        let g = &content.guides[0];
        assert_eq!(g.index.meta.last_reviewed.unwrap().to_string(), "2026-01-02");
        assert_eq!(g.entries[0].meta.topics, vec!["pain"]);
        assert_eq!(g.entries[0].body(), "Answer");
        assert_eq!(content.assets.len(), 1);
        assert_eq!(content.assets[0].rel, "g/images/x.png");
    }

    #[test]
    fn drafts_are_left_out_unless_asked() {
        let dir = site(&[
            ("content/g/_index.md", "---\ntitle: G\n---\n"),
            ("content/g/a.md", "---\ntitle: A?\ndraft: true\n---\n"),
        ]);
        assert!(load(dir.path(), false, 1 << 20, &Disk, &crate::cache::Fresh, &["en"]).0.guides[0].entries.is_empty());
        assert_eq!(load(dir.path(), true, 1 << 20, &Disk, &crate::cache::Fresh, &["en"]).0.guides[0].entries.len(), 1);
    }

    #[test]
    fn bad_date_says_how_to_write_it() {
        let dir = site(&[("content/g/_index.md", "---\ntitle: G\nlast_reviewed: 15/10/2026\n---\n")]);
        let (_, diags) = load(dir.path(), false, 1 << 20, &Disk, &crate::cache::Fresh, &["en"]);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].line, 3);
        assert!(diags[0].message.contains("YYYY-MM-DD"), "{}", diags[0].message);
    }

    #[test]
    fn every_broken_file_is_reported() {
        let dir = site(&[
            ("content/g/_index.md", "---\ntitle: G\n---\n"),
            ("content/g/a.md", "---\ntitel: A?\n---\n"),
            ("content/g/b.md", "---\ntitle: B?\nsumary: x\n---\n"),
        ]);
        let (_, diags) = load(dir.path(), false, 1 << 20, &Disk, &crate::cache::Fresh, &["en"]);
        assert_eq!(diags.len(), 2, "{diags:?}");
    }
}
