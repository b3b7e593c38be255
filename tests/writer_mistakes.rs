//! A writer's mistakes: each gets a clear `path:line:col` message with what to
//! do, and a failed build leaves what was published alone.

mod common;

use common::*;

const CONFIG: &str = "title: Test guides\n";
const GUIDE: &str = "---\ntitle: Peels\n---\nAbout peels.\n";

#[test]
fn unknown_front_matter_key_names_the_line_and_the_fix() {
    let site = site(&[
        ("gloss.yaml", CONFIG),
        ("content/peels/_index.md", GUIDE),
        ("content/peels/sting.md", "---\ntitle: Does it sting?\nlast_reveiwed: 2026-01-01\n---\nA little.\n"),
    ]);
    let run = gloss(site.path(), &["build"]);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(err.contains("content/peels/sting.md:3:1: error: unknown key `last_reveiwed`"), "{err}");
    assert!(err.contains("did you mean `last_reviewed`?"), "{err}");
    assert!(err.contains("3 | last_reveiwed: 2026-01-01"), "shows the offending line: {err}");
    assert!(!site.path().join("public").exists(), "nothing is written on error");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let site = site(&[
        ("gloss.yaml", CONFIG),
        ("content/peels/_index.md", GUIDE),
        ("content/peels/a.md", "---\ntitel: A?\n---\n"),
        ("content/peels/b.md", "---\ntitle: B?\n---\nSee [c](c.md).\n"),
        ("content/peels/d.md", "---\ntitle: D?\nlast_reviewed: yesterday\n---\n"),
    ]);
    let err = stderr(&gloss(site.path(), &["build"]));
    assert!(err.contains("content/peels/a.md:2:1: error: unknown key `titel`"), "{err}");
    assert!(err.contains("content/peels/b.md:4:5: error: broken link `c.md`"), "{err}");
    assert!(err.contains("content/peels/d.md:3:16: error: `yesterday` is not a date"), "{err}");
    assert!(err.contains("3 errors"), "{err}");
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = site(&[
        ("gloss.yaml", CONFIG),
        ("content/peels/_index.md", GUIDE),
        ("content/peels/a.md", "---\ntitle: A?\n---\nFine.\n"),
    ]);
    assert!(gloss(site.path(), &["build"]).status.success());
    let out = site.path().join("public");
    let before: Vec<(String, Vec<u8>)> =
        files_under(&out).into_iter().map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap())).collect();
    write_files(site.path(), &[("content/peels/a.md", "---\ntitle: [A?\n---\nBroken.\n")]);
    let run = gloss(site.path(), &["build"]);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(err.contains("content/peels/a.md:3:1: error: invalid YAML: did not find expected ',' or ']'"), "{err}");
    assert!(err.contains("while parsing a flow sequence at line 2 column 8"), "file lines, not YAML lines: {err}");
    let after: Vec<(String, Vec<u8>)> =
        files_under(&out).into_iter().map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap())).collect();
    assert_eq!(before, after);

    // A broken link is found only once pages are rendered, and so written
    // into the staging folder: the build still changes nothing.
    write_files(site.path(), &[("content/peels/a.md", "---\ntitle: A?\n---\nSee [b](b.md).\n")]);
    let run = gloss(site.path(), &["build"]);
    assert!(!run.status.success());
    assert!(stderr(&run).contains("content/peels/a.md:4:5: error: broken link `b.md`"), "{}", stderr(&run));
    let after: Vec<(String, Vec<u8>)> =
        files_under(&out).into_iter().map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap())).collect();
    assert_eq!(before, after);
    let beside: Vec<_> = std::fs::read_dir(site.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!beside.iter().any(|n| n.to_string_lossy().contains("staging")), "{beside:?}");
}

#[test]
fn gloss_will_not_replace_a_folder_it_did_not_make() {
    let site = site(&[("gloss.yaml", CONFIG), ("content/peels/_index.md", GUIDE)]);
    let mine = site.path().join("my-documents");
    write_files(&mine, &[("notes.txt", "keep me")]);
    let run = gloss(site.path(), &["build", "--output", "my-documents"]);
    assert!(!run.status.success());
    assert!(stderr(&run).contains("gloss did not make this folder"), "{}", stderr(&run));
    assert_eq!(read(mine.join("notes.txt")), "keep me");
}

#[test]
fn drafts_appear_only_with_the_drafts_flag() {
    let site = site(&[
        ("gloss.yaml", CONFIG),
        ("content/peels/_index.md", GUIDE),
        ("content/peels/a.md", "---\ntitle: A?\n---\n"),
        ("content/peels/wip.md", "---\ntitle: Work in progress?\ndraft: true\n---\n"),
    ]);
    assert!(gloss(site.path(), &["build"]).status.success());
    assert!(!site.path().join("public/peels/wip/index.html").exists());
    assert!(gloss(site.path(), &["build", "--drafts"]).status.success());
    assert!(site.path().join("public/peels/wip/index.html").exists());
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let site = site(&[
        ("gloss.yaml", CONFIG),
        ("content/peels/_index.md", GUIDE),
        ("templates/404.html", "<!doctype html><title>x</title><p>Custom not found</p>"),
        ("static/style.css", "body { color: black }"),
    ]);
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(read(site.path().join("public/404.html")).contains("Custom not found"));
    let css: Vec<String> =
        files_under(&site.path().join("public")).into_iter().filter(|f| f.ends_with(".css")).collect();
    assert_eq!(css.len(), 1, "{css:?}");
    assert_eq!(read(site.path().join("public").join(&css[0])), "body { color: black }");
    let guide = read(site.path().join("public/peels/index.html"));
    assert!(guide.contains(&format!("href=\"../{}\"", css[0])), "pages link the overriding stylesheet");
}

#[test]
fn entries_follow_order_then_file_name_with_prev_and_next() {
    let site = site(&[
        ("gloss.yaml", CONFIG),
        ("content/peels/_index.md", GUIDE),
        ("content/peels/b.md", "---\ntitle: Bee?\n---\n"),
        ("content/peels/a.md", "---\ntitle: Ay?\n---\n"),
        ("content/peels/z.md", "---\ntitle: Zed?\norder: 1\n---\n"),
    ]);
    assert!(gloss(site.path(), &["build"]).status.success());
    let guide = read(site.path().join("public/peels/index.html"));
    let pos = |q: &str| guide.find(q).unwrap_or_else(|| panic!("{q} missing"));
    assert!(pos("Zed?") < pos("Ay?") && pos("Ay?") < pos("Bee?"), "order first, then file name");
    let a = read(site.path().join("public/peels/a/index.html"));
    assert!(a.contains("href=\"../../peels/z/index.html\"") && a.contains("href=\"../../peels/b/index.html\""), "{a}");
}

#[test]
fn a_missing_theme_is_named_with_the_themes_there_are() {
    let site = site(&[("gloss.yaml", "title: x\ntheme: spa\n"), ("content/peels/_index.md", GUIDE)]);
    let err = stderr(&gloss(site.path(), &["build"]));
    assert!(err.contains("gloss.yaml:2:1: error: the theme `spa` is not in themes/spa"), "{err}");
    assert!(err.contains("themes in this site: clinic"), "{err}");
}

#[test]
fn the_site_root_is_found_from_a_subfolder() {
    let site = site(&[("gloss.yaml", CONFIG), ("content/peels/_index.md", GUIDE)]);
    let run = gloss(&site.path().join("content/peels"), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(site.path().join("public/peels/index.html").is_file());
}

#[test]
fn a_content_file_named_like_the_search_index_does_not_replace_it() {
    let site = site(&[
        ("gloss.yaml", CONFIG),
        ("content/peels/_index.md", GUIDE),
        ("content/peels/a.md", "---\ntitle: A?\n---\nFine.\n"),
        ("content/search-index.js", "window.mine = 1;\n"),
    ]);
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let index = std::fs::read_to_string(site.path().join("public/search-index.js")).unwrap();
    assert!(index.starts_with("window.glossSearchIndex"), "{index}");
}
