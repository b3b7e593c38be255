//! The dev server's rebuilds reuse what earlier builds made, and must never
//! show the writer anything a full build would not. A writer edits the
//! shipped guide the way a writing day goes (answers, titles, new entries,
//! the glossary, templates, CSS, the site config, a broken file and its fix,
//! a deleted entry); after every save the dev server's rebuild, and what it
//! serves, is compared with a fresh full build of the same files (built as
//! the dev server builds: static files under their own names).

mod common;

use std::path::Path;

use common::{shipped_site, write_files};
use gloss::serve::state::{DevSite, Made};

const AFTERCARE: &str = "content/microneedling/aftercare.md";
const PAINFUL: &str = "content/microneedling/is-it-painful.md";

fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let file = root.join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{path} has no {from:?}");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
}

/// Rebuilds in the dev server and checks the result against a full build.
fn assert_rebuild_is_a_full_build(dev: &DevSite, root: &Path, after: &str) -> gloss::Build {
    let rebuilt = dev.rebuild();
    assert_is_a_full_build(dev, root, rebuilt, after)
}

/// Checks what the dev server made against a full build, then serves it.
fn assert_is_a_full_build(dev: &DevSite, root: &Path, rebuilt: gloss::Build, after: &str) -> gloss::Build {
    let full = full_build(root);
    assert_eq!(rebuilt.summary.diagnostics, full.summary.diagnostics, "diagnostics after {after}");
    let differing: Vec<&str> = full.output.paths().filter(|p| rebuilt.output.get(p) != full.output.get(p)).collect();
    assert!(differing.is_empty(), "after {after}, these files differ from a full build: {differing:?}");
    assert_eq!(rebuilt.output, full.output, "after {after}, the file lists differ");
    dev.apply(rebuilt.clone());
    if !full.summary.has_errors() {
        assert_serves(dev, &full, after);
    }
    rebuilt
}

/// A full build of the site as the dev server builds it.
fn full_build(root: &Path) -> gloss::Build {
    gloss::build_site_with(root, gloss::BuildOptions { fingerprint: false, ..gloss::BuildOptions::new(false) })
}

/// Checks that the dev server serves exactly the files of `full`.
fn assert_serves(dev: &DevSite, full: &gloss::Build, after: &str) {
    let served = dev.snapshot().output.clone();
    let differing: Vec<&str> = full.output.paths().filter(|p| served.get(p) != full.output.get(p)).collect();
    assert!(differing.is_empty(), "after {after}, these files are served unlike a full build's: {differing:?}");
    let mut paths: Vec<&str> = served.paths().collect();
    paths.sort_unstable();
    assert_eq!(paths, full.output.paths().collect::<Vec<_>>(), "after {after}, the served file lists differ");
}

/// A save makes again only what reads the saved file: here one answer's
/// text, which is on its entry page, its guide and print pages (and in the
/// guide's search docs and FAQ structured data). The home and topic pages
/// list the entry by its title and summary, which did not change.
#[test]
fn a_saved_answer_renders_its_own_pages_and_recalls_the_rest() {
    let site = shipped_site();
    let root = site.path();
    let dev = DevSite::new(root, false);
    dev.rebuild();
    let nothing = dev.rebuild();
    assert!(!nothing.summary.has_errors());
    assert_eq!(dev.made(), Made::default(), "a rebuild with nothing saved makes nothing");

    edit(root, AFTERCARE, "\n\n", "\n\nOne more sentence for this test.\n\n");
    dev.rebuild();
    let made = dev.made();
    assert_eq!((made.documents, made.bodies, made.placements), (1, 1, 1), "{made:?}");
    assert_eq!((made.pages, made.search_docs, made.templates), (3, 1, 0), "{made:?}");
}

#[test]
fn every_rebuild_while_writing_is_what_a_full_build_gives() {
    let site = shipped_site();
    let root = site.path();
    let dev = DevSite::new(root, false);
    let first = assert_rebuild_is_a_full_build(&dev, root, "the first build");
    assert!(!first.summary.has_errors());

    assert_rebuild_is_a_full_build(&dev, root, "a save that changed nothing");

    edit(root, AFTERCARE, "Follow the care steps", "Please follow the care steps");
    let build = assert_rebuild_is_a_full_build(&dev, root, "an edited summary");
    let page = String::from_utf8_lossy(build.output.get("microneedling/aftercare/index.html").unwrap()).into_owned();
    assert!(page.contains("Please follow the care steps"));

    edit(root, AFTERCARE, "Good care after your treatment", "Diligent care after your treatment");
    let build = assert_rebuild_is_a_full_build(&dev, root, "an edited answer");
    let index: String = build
        .output
        .paths()
        .filter(|path| path.starts_with("search/en/p/"))
        .map(|path| String::from_utf8_lossy(build.output.get(path).unwrap()).into_owned())
        .collect();
    assert!(index.contains("\"dilig\":"), "the search box finds the new word (by its stem)");

    edit(root, AFTERCARE, "How do I care for my skin afterwards?", "How should I care for my skin afterwards?");
    assert_rebuild_is_a_full_build(&dev, root, "an edited question (the guide nav and search change)");

    write_files(
        root,
        &[(
            "content/microneedling/makeup.md",
            "---\ntitle: \"When can I wear makeup again?\"\ntopics: [aftercare]\n---\nAsk your provider. See [aftercare](aftercare.md).\n",
        )],
    );
    edit(root, PAINFUL, "\n\n", "\n\nWearing makeup: see [makeup](makeup.md).\n\n");
    assert_rebuild_is_a_full_build(&dev, root, "a new entry linked from another");

    edit(root, "content/glossary.yaml", "A protein that keeps your skin firm", "A protein that keeps skin firm");
    assert_rebuild_is_a_full_build(&dev, root, "an edited glossary definition");

    edit(root, "themes/clinic/templates/entry.html", "</article>", "<p>Template edit</p></article>");
    let build = assert_rebuild_is_a_full_build(&dev, root, "an edited template");
    let page = String::from_utf8_lossy(build.output.get("microneedling/aftercare/index.html").unwrap()).into_owned();
    assert!(page.contains("Template edit"));

    // Two saves in a row, as when the writer tunes a colour.
    let css = root.join("themes/clinic/static/style.css");
    let text = std::fs::read_to_string(&css).unwrap();
    for rule in ["outline: 1px solid red", "outline: 2px dotted blue"] {
        std::fs::write(&css, format!("{text}\nbody {{ {rule}; }}\n")).unwrap();
        let build = assert_rebuild_is_a_full_build(&dev, root, &format!("a stylesheet edit ({rule})"));
        assert!(String::from_utf8_lossy(build.output.get("style.css").unwrap()).contains(rule));
    }

    edit(root, "gloss.yaml", "title: \"Maple Street", "title: \"Elm Street");
    assert_rebuild_is_a_full_build(&dev, root, "a new site title");
    edit(root, "gloss.yaml", "phone: \"555-0100\"", "phone: \"555-0199\"");
    assert_rebuild_is_a_full_build(&dev, root, "a new phone number (pages and JSON-LD)");
    edit(root, "content/microneedling/_index.md", "procedure: \"Microneedling\"", "procedure: \"Needling\"");
    assert_rebuild_is_a_full_build(&dev, root, "a guide's procedure (every entry's JSON-LD)");

    edit(root, AFTERCARE, "title:", "title: [unclosed\ntitle:");
    let broken = assert_rebuild_is_a_full_build(&dev, root, "broken front matter");
    assert!(broken.summary.has_errors());
    edit(root, AFTERCARE, "title: [unclosed\n", "");
    let fixed = assert_rebuild_is_a_full_build(&dev, root, "the fix");
    assert!(!fixed.summary.has_errors());

    std::fs::remove_file(root.join("content/microneedling/makeup.md")).unwrap();
    let build = assert_rebuild_is_a_full_build(&dev, root, "a deleted entry (its link now broken)");
    assert!(
        build.summary.diagnostics.iter().any(|d| d.message.contains("broken link")),
        "{:?}",
        build.summary.diagnostics
    );
}
