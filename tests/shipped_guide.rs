//! The story of a newcomer: build the shipped microneedling guide and open it.
//! Everything a reader clicks must lead somewhere, from any folder or file://.

mod common;

use std::collections::HashSet;
use std::path::Path;

use common::*;
use scraper::{Html, Selector};

struct Built {
    _site: TestSite,
    out: std::path::PathBuf,
}

fn build_shipped() -> Built {
    let site = shipped_site();
    let out = site.path().join("public");
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "build failed:\n{}", stderr(&run));
    Built { _site: site, out }
}

/// The questions, read straight from the shipped markdown.
fn shipped_questions() -> Vec<(String, String)> {
    let dir = repo_root().join("content/microneedling");
    let mut questions = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // The Spanish translations beside them (`.es.md`) are tests/spanish_guide.rs's.
        if name == "_index.md" || !name.ends_with(".md") || name.ends_with(".es.md") {
            continue;
        }
        let text = read(&path);
        let title = text.lines().find_map(|l| l.strip_prefix("title:")).expect("every entry has a title");
        questions.push((name.trim_end_matches(".md").to_string(), title.trim().trim_matches('"').to_string()));
    }
    assert!(questions.len() >= 5, "the shipped guide answers the article's questions");
    questions
}

fn html_pages(out: &Path) -> Vec<String> {
    files_under(out).into_iter().filter(|f| f.ends_with(".html")).collect()
}

fn text_of(doc: &Html, selector: &str) -> Vec<String> {
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel).map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

#[test]
fn guide_page_holds_every_question_and_each_has_its_page() {
    let built = build_shipped();
    let guide = Html::parse_document(&read(built.out.join("microneedling/index.html")));
    let summaries = text_of(&guide, "details > summary");
    for (slug, question) in shipped_questions() {
        assert!(summaries.iter().any(|s| s.contains(&question)), "guide page lacks {question:?}: {summaries:?}");
        let page = Html::parse_document(&read(built.out.join(format!("microneedling/{slug}/index.html"))));
        assert_eq!(text_of(&page, "h1"), vec![question.clone()], "entry page h1 is the question");
    }
}

#[test]
fn every_page_has_one_h1_a_language_and_a_skip_link() {
    let built = build_shipped();
    for page in html_pages(&built.out) {
        let doc = Html::parse_document(&read(built.out.join(&page)));
        assert_eq!(text_of(&doc, "h1").len(), 1, "{page}: exactly one h1");
        let lang = if page.starts_with("es/") { "es" } else { "en" };
        assert_eq!(text_of(&doc, &format!("html[lang='{lang}']")).len(), 1, "{page}: lang attribute");
        assert_eq!(text_of(&doc, "main").len(), 1, "{page}: one main landmark");
        let skip = Selector::parse("a[href='#main']").unwrap();
        assert!(doc.select(&skip).next().is_some(), "{page}: skip link to #main");
    }
}

/// Follows every `href` and `src` as a browser would from file://: each must
/// name a file in the output, and each `#fragment` an id on that page.
#[test]
fn every_internal_link_resolves_to_a_file_in_the_output() {
    let built = build_shipped();
    let attrs = Selector::parse("[href], [src]").unwrap();
    let mut checked = 0;
    // Each language's 404 page links from the site's root, as it is served at any address.
    for page in html_pages(&built.out).into_iter().filter(|p| !p.ends_with("404.html")) {
        let doc = Html::parse_document(&read(built.out.join(&page)));
        let page_dir = Path::new(&page).parent().unwrap().to_path_buf();
        for element in doc.select(&attrs) {
            let url = element.value().attr("href").or(element.value().attr("src")).unwrap();
            if url.contains(':') {
                assert!(!url.starts_with("file:"), "{page}: {url}");
                continue;
            }
            assert!(!url.starts_with('/'), "{page}: absolute internal URL {url}");
            let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
            let target = if path.is_empty() { page.clone() } else { resolve(&page_dir, path) };
            let file = built.out.join(&target);
            assert!(file.is_file(), "{page}: {url} → {target} is not a file");
            if !fragment.is_empty() {
                let target_doc = Html::parse_document(&read(&file));
                let ids: HashSet<&str> = target_doc
                    .root_element()
                    .descendants()
                    .filter_map(|n| n.value().as_element()?.attr("id"))
                    .collect();
                assert!(ids.contains(fragment), "{page}: {url} → no id {fragment:?} in {target}");
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "checked only {checked} links");
}

fn resolve(dir: &Path, relative: &str) -> String {
    let mut parts: Vec<String> = dir.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                assert!(parts.pop().is_some(), "{relative} climbs out of the output");
            }
            s => parts.push(s.to_string()),
        }
    }
    parts.join("/")
}

#[test]
fn source_links_in_markdown_become_page_links() {
    let built = build_shipped();
    let acne = read(built.out.join("microneedling/acne-scars/index.html"));
    assert!(!acne.contains(".md\""), "no link is left pointing at a markdown file");
    let all: String = html_pages(&built.out).iter().map(|p| read(built.out.join(p))).collect();
    assert!(all.contains("is-it-painful/index.html#numbing-cream"), "the #numbing-cream anchor link survives");
}

#[test]
fn output_has_no_reload_script_and_fingerprinted_css() {
    let built = build_shipped();
    let files = files_under(&built.out);
    assert!(
        files.iter().any(|f| f.starts_with("style.") && f.ends_with(".css") && f.len() == "style.12345678.css".len()),
        "{files:?}"
    );
    assert!(!files.contains(&"style.css".to_string()));
    for page in html_pages(&built.out) {
        let html = read(built.out.join(&page));
        for marker in ["EventSource", "WebSocket", "livereload", "__gloss"] {
            assert!(!html.contains(marker), "{page} contains {marker}");
        }
    }
}

#[test]
fn entry_page_shows_review_prev_next_and_callout() {
    let built = build_shipped();
    let doc = Html::parse_document(&read(built.out.join("microneedling/aftercare/index.html")));
    let body = text_of(&doc, "main").join(" ");
    assert!(body.contains("Dr. Alex Example"), "review trail: {body}");
    assert!(!text_of(&doc, "a[rel='prev']").is_empty(), "a previous question");
    let callout = text_of(&doc, ".callout-warning[role='note']");
    assert_eq!(callout.len(), 1);
    assert!(callout[0].contains("When to call your doctor"), "{callout:?}");
}

#[test]
fn entry_page_html_snapshot() {
    // Asset fingerprints change with every CSS or JS edit; the page does not.
    let html = TestSite::shipped().built().output("microneedling/is-it-painful/index.html");
    insta::assert_snapshot!("is_it_painful_entry_page", html);
}

#[test]
fn rebuilding_replaces_the_previous_output() {
    let site = shipped_site();
    let gone = site.path().join("content/microneedling/a-question-taken-out.md");
    std::fs::write(&gone, "---\ntitle: A question taken out?\n---\nSoon gone.\n").unwrap();
    assert!(gloss(site.path(), &["build"]).status.success());
    let stale = site.path().join("public/microneedling/a-question-taken-out/index.html");
    assert!(stale.is_file());
    std::fs::remove_file(&gone).unwrap();
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stale.exists(), "a rebuild leaves no stale page behind");
    let siblings: Vec<_> = std::fs::read_dir(site.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(siblings.iter().all(|n| !n.to_string_lossy().contains("staging")), "{siblings:?}");
}

#[test]
fn check_on_the_shipped_guide_is_clean() {
    TestSite::shipped().run("check --strict").succeeds().stderr_has("0 errors, 0 warnings");
}
