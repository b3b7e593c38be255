//! A patient on a phone (headless Chromium at 390×844, the size of a common
//! phone): the header stays small, each question's answer starts on the first
//! screen, and the home page offers a call and a booking before any scrolling.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/validators.rs"]
mod validators;

use browser::Browser;
use common::*;
use serde_json::json;

const PHONE_WIDTH: u32 = 390;
const PHONE_HEIGHT: u32 = 844;
const HEADER_MAX: f64 = 120.0;

fn story(future: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future);
}

/// The shipped site in `theme`, built.
fn built_in_theme(theme: &str) -> TestSite {
    let site = shipped_site();
    let config = site.path().join("gloss.yaml");
    std::fs::write(&config, read(&config).replace("theme: clinic", &format!("theme: {theme}"))).unwrap();
    site.built()
}

/// A browser the size of a phone's screen.
async fn phone() -> Browser {
    let browser = Browser::start().await;
    let metrics = json!({"width": PHONE_WIDTH, "height": PHONE_HEIGHT, "deviceScaleFactor": 2, "mobile": true});
    browser
        .client
        .issue_cmd(validators::Cdp { cmd: "Emulation.setDeviceMetricsOverride", params: metrics })
        .await
        .expect("phone screen emulation");
    browser
}

/// Opens `page` of the built site with its search box shown, as search.js
/// shows it on a server (from `file://` the 404 page, whose addresses start
/// at the site's root, loads no script).
async fn open(browser: &Browser, site: &TestSite, page: &str) {
    browser.goto(&format!("file://{}", site.path().join("public").join(page).display())).await;
    browser.js("const s = document.querySelector('search'); if (s) s.hidden = false; return true;", vec![]).await;
}

/// The first page in the built site's `dir` (a topic's page, say).
fn first_page_under(site: &TestSite, dir: &str) -> String {
    let page = files_under(&site.path().join("public").join(dir))
        .into_iter()
        .find(|p| p.ends_with("/index.html"))
        .unwrap_or_else(|| panic!("no page under {dir}"));
    format!("{dir}/{page}")
}

#[test]
fn on_a_phone_the_header_of_every_kind_of_page_is_at_most_120_px_tall() {
    for theme in ["clinic", "warm"] {
        let site = built_in_theme(theme);
        let pages = [
            "index.html".to_string(),
            "microneedling/index.html".into(),
            "microneedling/is-it-painful/index.html".into(),
            "microneedling/print/index.html".into(),
            "topics/index.html".into(),
            first_page_under(&site, "topics"),
            "glossary/index.html".into(),
            "404.html".into(),
        ];
        story(async {
            let browser = phone().await;
            for page in &pages {
                open(&browser, &site, page).await;
                let height = browser
                    .js("return document.querySelector('body > header').getBoundingClientRect().height;", vec![])
                    .await;
                let height = height.as_f64().unwrap();
                eprintln!("{theme} {page}: header {height} px");
                browser.screenshot_if_asked(&format!("phone-{theme}-{}", page.replace('/', "-"))).await;
                assert!(height <= HEADER_MAX, "{theme} {page}: the header is {height} px tall; at most {HEADER_MAX}");
            }
            browser.close().await;
        });
    }
}

#[test]
fn on_a_phone_every_shipped_answer_starts_on_the_first_screen() {
    for theme in ["clinic", "warm"] {
        let site = built_in_theme(theme);
        let entries: Vec<String> = files_under(&site.path().join("public/microneedling"))
            .into_iter()
            .filter(|p| p.ends_with("/index.html") && !p.starts_with("print/"))
            .collect();
        assert_eq!(entries.len(), 7, "{entries:?}");
        story(async {
            let browser = phone().await;
            for entry in &entries {
                open(&browser, &site, &format!("microneedling/{entry}")).await;
                let top = browser
                    .js("return document.querySelector('.entry-body > p').getBoundingClientRect().top;", vec![])
                    .await;
                let top = top.as_f64().unwrap();
                assert!(
                    top < f64::from(PHONE_HEIGHT),
                    "{theme} {entry}: the answer's first paragraph starts at {top} px, below the first screen"
                );
            }
            browser.close().await;
        });
    }
}

/// Whether a link matching `arguments[0]` is shown, wholly within the first
/// screen.
const ON_FIRST_SCREEN: &str = "return [...document.querySelectorAll(arguments[0])].some(a => { \
     const r = a.getBoundingClientRect(); \
     return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight \
       && getComputedStyle(a).visibility === 'visible'; });";

#[test]
fn on_a_phone_the_home_page_offers_a_call_and_a_booking_on_its_first_screen() {
    for theme in ["clinic", "warm"] {
        let site = built_in_theme(theme);
        story(async {
            let browser = phone().await;
            open(&browser, &site, "index.html").await;
            let call = "main a[href='tel:5550100']";
            assert_eq!(browser.js(ON_FIRST_SCREEN, vec![json!(call)]).await, json!(true), "{theme}: a call link");
            let book = "main a[href='https://example.com/book']";
            assert_eq!(browser.js(ON_FIRST_SCREEN, vec![json!(book)]).await, json!(true), "{theme}: a booking link");
            browser.close().await;
        });
    }
}

/// A patient opens a guide on a phone to find their question: the first
/// question is on the first screen, not below the guide's whole
/// introduction, in both themes and on every guide the site ships.
#[test]
fn on_a_phone_every_shipped_guide_shows_its_first_question_on_the_first_screen() {
    let guides: Vec<String> = std::fs::read_dir(repo_root().join("content"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("_index.md").is_file())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(!guides.is_empty());
    for theme in ["clinic", "warm"] {
        let site = built_in_theme(theme);
        story(async {
            let browser = phone().await;
            for guide in &guides {
                open(&browser, &site, &format!("{guide}/index.html")).await;
                let first = ".faq-list > li:first-child details.faq > summary";
                let on_screen = browser.js(ON_FIRST_SCREEN, vec![json!(first)]).await;
                let bottom = browser
                    .js(
                        "return document.querySelector(arguments[0]).getBoundingClientRect().bottom;",
                        vec![json!(first)],
                    )
                    .await;
                assert_eq!(
                    on_screen,
                    json!(true),
                    "{theme} {guide}: the first question ends at {bottom} px, below the first screen"
                );
            }
            browser.close().await;
        });
    }
}
