//! Files under `content/` besides markdown (images, PDFs, whatever a writer
//! puts beside the entries): which are published, that none takes a path
//! gloss makes itself, and that an SVG published carries no script. Also
//! that no static file (the site's or a theme's) takes the path of a page.
//!
//! A file is published when a body (an entry, a guide's intro, the home
//! text) links to it or shows it, or when its extension is listed in
//! gloss.yaml's `files.publish_unlinked`. Any other is left out without a
//! word: a private note, an `.html` page or an `.svg` dropped beside the
//! entries is not the writer's wish to publish it. This stage reads no
//! file: it works on what content loaded and the links the checks found.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use crate::checks::bodies::SiteBodies;
use crate::content::{Asset, CONTENT_DIR};
use crate::diagnostic::{Diagnostic, line_col};
use crate::site::Site;
use crate::theme::Theme;

/// Keeps in `site.assets` only the files to publish; returns what is wrong
/// with the files under `content/` and the theme's static files.
pub(crate) fn select(site: &mut Site, bodies: &SiteBodies, theme: Option<&Theme>) -> Vec<Diagnostic> {
    let mut made = Made::by_gloss(site);
    let mut diagnostics = Vec::new();
    if let Some(theme) = theme {
        diagnostics.extend(static_clashes(&made, theme));
        made.add_static_files(theme);
    }
    diagnostics.extend(site.assets.iter().filter_map(|asset| made.clash(asset)));
    let linked: HashSet<&str> = bodies.link_targets().collect();
    let files = &site.config.files;
    site.assets.retain(|asset| linked.contains(asset.rel.as_str()) || files.publishes_unlinked(&asset.rel));
    diagnostics.extend(site.assets.iter().filter(|asset| is_svg(&asset.rel)).filter_map(svg_script));
    diagnostics
}

/// The paths gloss writes, each with what it is in words.
struct Made {
    files: BTreeMap<String, String>,
    /// Folders gloss fills with files it decides on as it writes them (the
    /// search index's shards), each with what it is in words: any file in
    /// one would replace one of them, now or after the next entry.
    folders: Vec<(String, String)>,
}

impl Made {
    /// The pages, robots.txt, the sitemap, the search index and the host's
    /// caching rules.
    fn by_gloss(site: &Site) -> Made {
        let mut files: BTreeMap<String, String> = site.pages().into_iter().collect();
        files.insert("robots.txt".into(), "the robots.txt gloss makes".into());
        if site.config.base_url().is_some() {
            files.insert("sitemap.xml".into(), "the sitemap gloss makes".into());
        }
        let index_folder = crate::search::folder(&site.config.language).trim_end_matches('/').to_string();
        files.insert(crate::search::index_url(&site.config.language), "the search index gloss makes".into());
        let folders = vec![(index_folder, "the search index's files".to_string())];
        if let Some(host) = site.config.host {
            let what = format!("the caching rules gloss makes for `host: {}`", host.name());
            files.insert(host.file_name().into(), what);
        }
        Made { files, folders }
    }

    /// The theme's static files, under their own names and their
    /// fingerprinted ones: `gloss serve` publishes the one, `build` the other.
    fn add_static_files(&mut self, theme: &Theme) {
        for (logical, source) in &theme.static_sources {
            let what = format!("the static file {}", source.display());
            let output = theme.asset_paths.get(logical).cloned().unwrap_or_else(|| logical.clone());
            self.files.entry(output).or_insert_with(|| what.clone());
            self.files.entry(logical.clone()).or_insert(what);
        }
    }

    /// What `asset` would replace: a file gloss writes at its path, a folder
    /// gloss writes a file into, or a file where the asset needs a folder.
    fn clash(&self, asset: &Asset) -> Option<Diagnostic> {
        let rel = asset.rel.as_str();
        let message = if let Some(what) = self.files.get(rel) {
            format!("this file would replace {what}, which gloss writes at {rel}")
        } else if let Some((folder, what)) = self.folders.iter().find(|(folder, _)| under(rel, folder)) {
            format!("this file is in the folder {folder}/, where gloss writes {what}, one of which it could replace")
        } else if let Some((path, what)) = self.files.range(format!("{rel}/")..).next().filter(|(p, _)| under(p, rel)) {
            format!("this file would take the place of the folder {rel}/, where gloss writes {what} ({path})")
        } else {
            let (folder, what) = folders(rel).find_map(|folder| Some((folder, self.files.get(folder)?)))?;
            format!("this file's folder {folder}/ would take the place of {what}, which gloss writes at {folder}")
        };
        Some(
            Diagnostic::error(Path::new(CONTENT_DIR).join(rel), 1, 1, message)
                .with_help("rename or move the file: gloss makes that path itself"),
        )
    }
}

/// Whether `path` lies in the folder `dir`.
fn under(path: &str, dir: &str) -> bool {
    path.strip_prefix(dir).is_some_and(|rest| rest.starts_with('/'))
}

/// The folders `rel` is in, `a` and `a/b` for `a/b/c.png`.
fn folders(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(move |(i, _)| &rel[..i])
}

/// Static files (the site's or a theme's) at the path of a page or of a
/// file gloss makes: `gloss serve`, which publishes them under their own
/// names, would serve them in its place.
fn static_clashes(made: &Made, theme: &Theme) -> Vec<Diagnostic> {
    theme
        .static_sources
        .iter()
        .filter_map(|(logical, source)| {
            let what = made.files.get(logical)?;
            Some(
                Diagnostic::error(
                    source,
                    1,
                    1,
                    format!("this static file would replace {what}, which gloss writes at {logical}"),
                )
                .with_help("rename or move the file: gloss makes that path itself"),
            )
        })
        .collect()
}

fn is_svg(rel: &str) -> bool {
    rel.rsplit_once('.').is_some_and(|(_, extension)| extension.eq_ignore_ascii_case("svg"))
}

/// An SVG opened on its own is a document like an HTML page: a script in
/// it runs with the site's origin. Script is a `<script>` element, an `on…`
/// event attribute, a `javascript:` URL in any attribute (browsers skip the
/// blanks and control characters in one), an animation that sets an event
/// attribute, or entities of its own (which browsers expand into markup).
/// The first found is the error; an SVG that is not well-formed XML is
/// searched as text instead.
fn svg_script(asset: &Asset) -> Option<Diagnostic> {
    let text = String::from_utf8_lossy(&asset.bytes);
    let (offset, what) = script_in_xml(&text).unwrap_or_else(|()| script_in_text(&text))?;
    let (line, column) = line_col(&text, offset);
    Some(
        Diagnostic::error(
            Path::new(CONTENT_DIR).join(&asset.rel),
            line,
            column,
            format!("this SVG has script: {what}"),
        )
        .with_source(&text)
        .with_help(
            "a script in an SVG runs on the site when the file is opened: remove it, or save the drawing as PNG",
        ),
    )
}

/// What is found in `Ok(Some(_))`: the byte offset and what is there.
type Found = Option<(usize, String)>;

/// Script in a well-formed SVG; `Err` if it is not well-formed.
fn script_in_xml(text: &str) -> Result<Found, ()> {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(0);
        let found = match reader.read_event().map_err(|_| ())? {
            Event::Start(element) | Event::Empty(element) => script_in_element(&element)?,
            Event::DocType(doctype) if doctype.to_ascii_uppercase().contains("<!ENTITY") => {
                Some("it declares entities of its own".to_string())
            }
            Event::Eof => return Ok(None),
            _ => None,
        };
        if let Some(what) = found {
            return Ok(Some((at + leading_blanks(&text[at..]), what)));
        }
    }
}

fn leading_blanks(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

/// Script in one element; `Err` if an attribute is not well-formed.
fn script_in_element(element: &BytesStart) -> Result<Option<String>, ()> {
    let name = element.local_name().into_inner().to_ascii_lowercase();
    if name == "script" {
        return Ok(Some("a <script> element".into()));
    }
    for attribute in element.attributes().with_checks(false) {
        let attribute = attribute.map_err(|_| ())?;
        let key = attribute.key.local_name().into_inner().to_ascii_lowercase();
        let value = attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(|_| ())?;
        let squeezed: String =
            value.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect::<String>().to_lowercase();
        if key.starts_with("on") {
            return Ok(Some(format!("an event handler `{key}=` on <{name}>")));
        }
        if squeezed.contains("javascript:") {
            return Ok(Some(format!("a `javascript:` URL in `{key}=` on <{name}>")));
        }
        if key == "attributename" && squeezed.starts_with("on") {
            return Ok(Some(format!("an animation that sets the event handler `{squeezed}`")));
        }
    }
    Ok(None)
}

/// Script in an SVG read as text (one that is not well-formed XML, which
/// browsers may still run up to its first error).
fn script_in_text(text: &str) -> Found {
    let lower = text.to_ascii_lowercase();
    let first = |needle: &str| lower.find(needle);
    if let Some(at) = first("<script") {
        return Some((at, "a <script> element".into()));
    }
    if let Some(at) = first("javascript:") {
        return Some((at, "a `javascript:` URL".into()));
    }
    let bytes = lower.as_bytes();
    lower.match_indices("on").find_map(|(at, _)| {
        let after_blank = at > 0 && (bytes[at - 1].is_ascii_whitespace() || bytes[at - 1] == b'/');
        let name_end = at + 2 + bytes[at + 2..].iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let rest = lower[name_end..].trim_start();
        (after_blank && name_end > at + 2 && rest.starts_with('='))
            .then(|| (at, format!("an event handler `{}=`", &lower[at..name_end])))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(svg: &str) -> Option<String> {
        let asset = Asset { rel: "g/x.svg".into(), bytes: bytes::Bytes::from(svg.to_string()) };
        svg_script(&asset).map(|d| format!("{}:{}: {}", d.line, d.column, d.message))
    }

    #[test]
    fn drawings_pass_and_every_kind_of_script_is_found() {
        let plain = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n  <a href=\"https://example.com/\"><circle r=\"4\" font-family=\"x\"/></a>\n  <text>one = two; javascript is a language</text>\n</svg>\n";
        assert_eq!(script(plain), None);
        let cases = [
            ("<svg>\n  <script>alert(1)</script>\n</svg>", "2:3: this SVG has script: a <script> element"),
            ("<svg>\n<svg:SCRIPT xmlns:svg=\"s\">x</svg:SCRIPT></svg>", "2:1: this SVG has script: a <script> element"),
            ("<svg onload=\"alert(1)\"/>", "1:1: this SVG has script: an event handler `onload=` on <svg>"),
            (
                "<svg><a href=\" java&#x09;script&#58;alert(1)\">x</a></svg>",
                "1:6: this SVG has script: a `javascript:` URL in `href=` on <a>",
            ),
            (
                "<svg><set attributeName=\"onmouseover\" to=\"alert(1)\"/></svg>",
                "1:6: this SVG has script: an animation that sets the event handler `onmouseover`",
            ),
            (
                "<!DOCTYPE svg [<!ENTITY x \"&#60;script&#62;\">]>\n<svg>&x;</svg>",
                "1:1: this SVG has script: it declares entities of its own",
            ),
            ("<svg width=10>\n<g onclick = 'x'>", "2:4: this SVG has script: an event handler `onclick=`"),
        ];
        for (svg, said) in cases {
            assert_eq!(script(svg).as_deref(), Some(said), "{svg}");
        }
    }

    #[test]
    fn unlinked_files_are_published_by_extension() {
        let files = crate::config::FilesConfig::default();
        assert!(files.publishes_unlinked("g/consent.PDF"));
        assert!(files.publishes_unlinked("g/images/cream.jpg"));
        assert!(!files.publishes_unlinked("g/notes.txt"));
        assert!(!files.publishes_unlinked("g/page.html"));
        assert!(!files.publishes_unlinked("g/drawing.svg"));
        assert!(!files.publishes_unlinked("g.pdf/README"));
    }
}
