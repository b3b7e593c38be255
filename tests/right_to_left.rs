//! A clinic that writes its guides in Hebrew (tests/fixtures/rtl): every page
//! says its language and that it is written right to left, passes axe-core in
//! both shipped themes, and its layout mirrors: a callout's bar, a list's
//! markers and the title stand on the right, the breadcrumb points left.
//! A 390 px screenshot of an entry page in each theme is written to
//! `target/tmp/screenshots/` for people to look at.

#[path = "common/axe.rs"]
mod axe;
#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/validators.rs"]
mod validators;

use std::path::PathBuf;

use browser::Browser;
use common::*;
use serde_json::{Value, json};

const THEMES: [&str; 2] = ["clinic", "warm"];

fn story(future: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future);
}

/// The Hebrew fixture in `theme`, built.
fn hebrew_site(theme: &str) -> TestSite {
    let mut site = TestSite::fixture("rtl");
    if theme != "clinic" {
        site = site.theme(theme).edit("gloss.yaml", |c| c.replace("theme: clinic", &format!("theme: {theme}")));
    }
    site.built()
}

/// Every kind of page but a topic's, by the file a patient opens.
const PAGES: [(&str, &str); 7] = [
    ("home", "index.html"),
    ("guide", "peeling/index.html"),
    ("entry", "peeling/aftercare/index.html"),
    ("topics", "topics/index.html"),
    ("glossary", "glossary/index.html"),
    ("print", "peeling/print/index.html"),
    ("404", "404.html"),
];

#[test]
fn a_hebrew_site_checks_clean_and_every_page_is_marked_hebrew_and_right_to_left() {
    TestSite::fixture("rtl").run("check").succeeds().stderr_has("0 errors, 0 warnings");
    for theme in THEMES {
        let site = hebrew_site(theme);
        let pages: Vec<String> =
            files_under(&site.path().join("public")).into_iter().filter(|p| p.ends_with(".html")).collect();
        assert!(pages.len() >= 9, "{theme}: {pages:?}");
        for page in &pages {
            let html = site.output(page);
            assert!(html.contains(r#"<html lang="he" dir="rtl">"#), "{theme} {page}: {}", element(&html, "<html"));
        }
    }
}

/// The first topic's page, which the fixed list above cannot name (a
/// Hebrew topic's slug is made from its name).
fn topic_page(site: &TestSite) -> String {
    let topics = site.path().join("public/topics");
    let page = files_under(&topics).into_iter().find(|p| p.ends_with("/index.html")).expect("a topic page");
    format!("topics/{page}")
}

#[test]
fn every_kind_of_hebrew_page_passes_axe_in_both_themes() {
    let axe_source = validators::axe_source();
    let mut violations = Vec::new();
    for theme in THEMES {
        let site = hebrew_site(theme);
        let out = site.path().join("public");
        let topic = topic_page(&site);
        story(async {
            let browser = Browser::start().await;
            for width in [390, 1280] {
                browser.client.set_window_size(width, 900).await.unwrap();
                for (kind, page) in PAGES.into_iter().chain([("topic", topic.as_str())]) {
                    browser.goto(&format!("file://{}", out.join(page).display())).await;
                    violations
                        .extend(axe::violations(&browser, &axe_source, &format!("{theme} {width} px {kind}")).await);
                }
            }
            browser.close().await;
        });
    }
    assert!(violations.is_empty(), "{} accessibility violations:\n{}", violations.len(), violations.join("\n"));
}

fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Where the elements matching `arguments[0]` stand, and which of their
/// sides carries a border: for each, its distance from the page's right and
/// left edges and its left and right border widths.
const SIDES: &str = "return [...document.querySelectorAll(arguments[0])].map(e => { \
     const r = e.getBoundingClientRect(), s = getComputedStyle(e); \
     return {right: innerWidth - r.right, left: r.left, \
       border_left: parseFloat(s.borderLeftWidth), border_right: parseFloat(s.borderRightWidth), \
       padding_left: parseFloat(s.paddingLeft), padding_right: parseFloat(s.paddingRight)}; });";

/// The measures of the first element matching `selector`.
async fn sides(browser: &Browser, selector: &str, what: &str) -> Value {
    let found = browser.js(SIDES, vec![json!(selector)]).await;
    found.get(0).cloned().unwrap_or_else(|| panic!("{what}: no {selector}"))
}

fn number(value: &Value, key: &str) -> f64 {
    value[key].as_f64().unwrap_or_else(|| panic!("{key} in {value}"))
}

/// A Hebrew reader's eye starts at the right: the callout's bar, the
/// numbered list's indent (where its numbers go) and the page's title stand
/// on the right, and the breadcrumb's separators point left, in both themes,
/// on a phone.
#[test]
fn on_a_phone_a_hebrew_entry_page_is_laid_out_from_the_right() {
    for theme in THEMES {
        let site = hebrew_site(theme);
        let page = site.path().join("public/peeling/aftercare/index.html");
        story(async {
            let browser = Browser::start().await;
            browser.client.set_window_size(390, 900).await.unwrap();
            browser.goto(&format!("file://{}", page.display())).await;
            let png = browser.client.screenshot().await.unwrap();
            std::fs::write(screenshot_dir().join(format!("rtl-{theme}-entry-390.png")), png).unwrap();

            // A theme that marks callouts with a bar on one side (clinic)
            // has it on the right; one with an even border (warm) has none.
            let callout = sides(&browser, ".entry-body .callout", theme).await;
            assert!(
                number(&callout, "border_right") >= number(&callout, "border_left"),
                "{theme}: the callout's bar is on its left: {callout}"
            );
            let separator = browser
                .js(
                    "return getComputedStyle(document.querySelector('.breadcrumb li + li'), '::before').content;",
                    vec![],
                )
                .await;
            let separator = separator.as_str().unwrap_or_default();
            assert!(
                !separator.contains(['›', '>', '→']),
                "{theme}: the breadcrumb's separator points right: {separator}"
            );
            let list = sides(&browser, ".entry-body ol", theme).await;
            assert!(
                number(&list, "padding_right") > number(&list, "padding_left"),
                "{theme}: the numbered list is indented from the left: {list}"
            );
            let title = browser
                .js(
                    "const h = document.querySelector('h1'), r = document.createRange(); r.selectNodeContents(h); \
                     const t = r.getBoundingClientRect(), b = h.getBoundingClientRect(); \
                     return {gap_right: b.right - t.right, gap_left: t.left - b.left};",
                    vec![],
                )
                .await;
            assert!(
                number(&title, "gap_right") < number(&title, "gap_left"),
                "{theme}: the title's text starts from the left of its box: {title}"
            );
            browser.close().await;
        });
    }
}
