//! What a reader sees, held still: every kind of page of the clinic fixture
//! site (`tests/fixtures/clinic`, whose reviews fall due in a century, so
//! its pages do not change with the date), in both shipped themes, on a
//! phone (390 px) and a laptop (1280 px), light and dark, photographed in
//! headless Chromium and compared with the baselines in `tests/screenshots/`
//! (see `common/screenshot_baselines.rs`). `docs/themes.md` shows them.
//!
//! After a change of look that is meant, one command re-takes them:
//! `GLOSS_ACCEPT_SCREENSHOTS=1 cargo test --release --test screenshots`.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/screenshot_baselines.rs"]
mod screenshot_baselines;
#[path = "common/validators.rs"]
mod validators;

use browser::Browser;
use common::*;
use serde_json::json;

/// Every kind of page, by the name its screenshots carry.
const PAGES: &[(&str, &str)] = &[
    ("home", "index.html"),
    ("guide", "peels/index.html"),
    ("entry", "peels/does-it-sting/index.html"),
    ("print", "peels/print/index.html"),
    ("topics", "topics/index.html"),
    ("topic", "topics/comfort/index.html"),
    ("glossary", "glossary/index.html"),
    ("404", "404.html"),
];

/// A phone and a laptop, as `(width, height)` in CSS pixels.
const SCREENS: &[(u32, u32)] = &[(390, 844), (1280, 800)];

const SCHEMES: &[&str] = &["light", "dark"];

/// Holds the page still for its picture: no transition or animation caught
/// half-way, no blinking caret.
const STILL: &str = "const style = document.createElement('style'); \
    style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; \
    caret-color: transparent !important; scroll-behavior: auto !important; }'; \
    document.head.appendChild(style); document.activeElement && document.activeElement.blur();";

/// Resolves once the fonts and images are in and two frames are painted.
const SETTLED: &str = "return document.fonts.ready \
    .then(() => Promise.all([...document.images].map(i => i.complete ? null : \
        new Promise(r => { i.onload = i.onerror = r; })))) \
    .then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true)))));";

fn story(future: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future);
}

/// The clinic fixture built with `theme`.
fn clinic_fixture_in(theme: &str) -> TestSite {
    let mut site = TestSite::fixture("clinic").theme("warm");
    if theme != "clinic" {
        site = site.edit("gloss.yaml", |c| c.replace("theme: clinic", &format!("theme: {theme}")));
    }
    site.run("build").succeeds().stdout_has("(0 warnings)");
    site
}

async fn cdp(browser: &Browser, cmd: &'static str, params: serde_json::Value) {
    browser.client.issue_cmd(validators::Cdp { cmd, params }).await.unwrap_or_else(|e| panic!("{cmd}: {e}"));
}

/// Emulates a screen of that size, without scrollbars: a phone's overlay
/// scrollbar shows for a moment after each load, caught in some shots and
/// not in others.
async fn emulate_screen(browser: &Browser, (width, height): (u32, u32)) {
    let metrics = json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600});
    cdp(browser, "Emulation.setDeviceMetricsOverride", metrics).await;
    cdp(browser, "Emulation.setScrollbarsHidden", json!({"hidden": true})).await;
}

async fn emulate_scheme(browser: &Browser, scheme: &str) {
    let features = json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]});
    cdp(browser, "Emulation.setEmulatedMedia", features).await;
}

/// The first screen of `page`, as the browser paints it, in PNG.
async fn first_screen(browser: &Browser, file: &std::path::Path) -> Vec<u8> {
    browser.goto(&format!("file://{}", file.display())).await;
    browser.js(STILL, vec![]).await;
    browser.js(SETTLED, vec![]).await;
    browser.client.screenshot().await.unwrap_or_else(|e| panic!("screenshot of {}: {e}", file.display()))
}

#[test]
fn every_page_kind_in_both_themes_on_a_phone_and_a_laptop_light_and_dark_looks_as_its_baseline() {
    let sites = [("clinic", clinic_fixture_in("clinic")), ("warm", clinic_fixture_in("warm"))];
    let mut differences = Vec::new();
    let mut shots = 0;
    story(async {
        let browser = Browser::start().await;
        for &screen in SCREENS {
            emulate_screen(&browser, screen).await;
            for &scheme in SCHEMES {
                emulate_scheme(&browser, scheme).await;
                for (theme, site) in &sites {
                    for (kind, page) in PAGES {
                        let shot = first_screen(&browser, &site.path().join("public").join(page)).await;
                        let name = format!("{theme}-{kind}-{}-{scheme}", screen.0);
                        differences.extend(screenshot_baselines::check(&name, &shot));
                        shots += 1;
                    }
                }
            }
        }
        browser.close().await;
    });
    assert_eq!(shots, 64, "two themes, eight pages, two screens, two schemes");
    assert!(
        differences.is_empty(),
        "{} of {shots} screenshots differ from their baselines:\n  {}\n{}",
        differences.len(),
        differences.join("\n  "),
        screenshot_baselines::help()
    );
}

#[test]
fn the_theme_docs_show_screenshots_that_are_committed_baselines() {
    let docs = read(repo_root().join("docs/themes.md"));
    let shown: Vec<&str> =
        docs.split("src=\"../tests/screenshots/").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect();
    assert!(
        shown.len() >= 16,
        "docs/themes.md shows {} screenshots, not both themes × 2 screens × 2 schemes",
        shown.len()
    );
    for name in shown {
        let path = screenshot_baselines::baseline_dir().join(name);
        assert!(path.is_file(), "docs/themes.md shows {name}, which is not a baseline in tests/screenshots/");
    }
}
