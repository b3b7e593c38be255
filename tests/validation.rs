//! Proof that the guide is valid and accessible, for every shipped theme:
//! every page through the Nu Html Checker, and every kind of page (and the
//! states a patient brings about: search results, an open definition)
//! through axe-core's WCAG 2.0/2.1 A and AA rules in headless Chromium,
//! with the device set to light and to dark.
//! Screenshots at 390 and 1280 CSS px are written to
//! `target/tmp/screenshots/` for people to look at.
//!
//! The validators are installed when missing (Chromium and chromedriver with
//! apt, vnu-jar and axe-core with npm).

#[path = "common/axe.rs"]
mod axe;
#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/serve.rs"]
mod serve;
#[path = "common/validators.rs"]
mod validators;

use std::path::{Path, PathBuf};
use std::time::Duration;

use browser::Browser;
use common::*;
use fantoccini::Locator;
use serde_json::Value;

/// Every theme the repository ships.
fn themes() -> Vec<String> {
    let mut themes: Vec<String> = std::fs::read_dir(repo_root().join("themes"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("templates").is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    themes.sort();
    themes
}

/// The shipped guide in a temp dir, set to `theme`, built.
fn built_with(theme: &str) -> TestSite {
    let site = shipped_site();
    let config = read(site.path().join("gloss.yaml"));
    let config = config.replace("theme: clinic", &format!("theme: {theme}"));
    assert!(config.contains(&format!("theme: {theme}")));
    std::fs::write(site.path().join("gloss.yaml"), config).unwrap();
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{theme}: {}", stderr(&run));
    site
}

#[test]
fn every_page_of_every_theme_passes_the_nu_html_checker() {
    let sites: Vec<(String, TestSite)> = themes().into_iter().map(|t| (t.clone(), built_with(&t))).collect();
    let outputs: Vec<PathBuf> = sites.iter().map(|(_, s)| s.path().join("public")).collect();
    let pages: usize = outputs.iter().map(|o| files_under(o).iter().filter(|f| f.ends_with(".html")).count()).sum();
    assert!(pages >= 18 * sites.len(), "checked {pages} pages");
    let dirs: Vec<&Path> = outputs.iter().map(PathBuf::as_path).collect();
    let errors = validators::nu_html_errors(&dirs);
    assert!(errors.is_empty(), "{} Nu Html Checker errors:\n{}", errors.len(), errors.join("\n"));
}

fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The colour schemes a reader's device may ask for.
const SCHEMES: [&str; 2] = ["light", "dark"];

/// Sets the `prefers-color-scheme` the pages see from now on.
async fn prefer_scheme(browser: &Browser, scheme: &str) {
    let features = serde_json::json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]});
    browser
        .client
        .issue_cmd(validators::Cdp { cmd: "Emulation.setEmulatedMedia", params: features })
        .await
        .expect("colour scheme emulation");
}

/// The page as the scheme shows it: a dark page's background is dark, a
/// light one's light (so a scheme the stylesheet ignores is reported).
async fn page_follows_scheme(browser: &Browser, scheme: &str, what: &str) -> Option<String> {
    let luminance = browser
        .js(
            "const c = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number); \
             return (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255;",
            vec![],
        )
        .await;
    let luminance = luminance.as_f64().unwrap();
    let dark = luminance < 0.25;
    (dark != (scheme == "dark")).then(|| format!("{what}: the page's background is not {scheme} ({luminance:.2})"))
}

async fn screenshots(browser: &Browser, name: &str) {
    for width in [390, 1280] {
        browser.client.set_window_size(width, 900).await.unwrap();
        let png = browser.client.screenshot().await.unwrap();
        std::fs::write(screenshot_dir().join(format!("{name}-{width}.png")), png).unwrap();
    }
    browser.client.set_window_size(1280, 900).await.unwrap();
}

/// Sideways scrolling at 320 CSS px fails WCAG 1.4.10 (reflow).
async fn reflow_at_320(browser: &Browser, what: &str) -> Option<String> {
    browser.client.set_window_size(320, 800).await.unwrap();
    let wide = browser.js("return document.documentElement.scrollWidth > window.innerWidth + 1;", vec![]).await;
    let width = browser.js("return document.documentElement.scrollWidth;", vec![]).await;
    browser.client.set_window_size(1280, 900).await.unwrap();
    (wide == Value::Bool(true)).then(|| format!("{what}: scrolls sideways at 320 px (content {width} px wide)"))
}

#[test]
fn every_kind_of_page_passes_axe_in_chromium_in_light_and_dark() {
    let axe_source = validators::axe_source();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut violations = Vec::new();
    for theme in themes() {
        let site = built_with(&theme);
        let out = site.path().join("public");
        let url = |path: &str| format!("file://{}", out.join(path).display());
        for scheme in SCHEMES {
            let shown = |name: &str| format!("{theme}-{scheme}-{name}");
            runtime.block_on(async {
                let browser = Browser::start().await;
                prefer_scheme(&browser, scheme).await;
                browser.client.set_window_size(1280, 900).await.unwrap();
                let pages = [
                    ("home", "index.html"),
                    ("guide", "microneedling/index.html"),
                    ("entry", "microneedling/aftercare/index.html"),
                    ("topic", "topics/side-effects/index.html"),
                    ("topics", "topics/index.html"),
                    ("glossary", "glossary/index.html"),
                    ("print", "microneedling/print/index.html"),
                ];
                for (kind, path) in pages {
                    let what = format!("{theme} {scheme} {kind}");
                    browser.goto(&url(path)).await;
                    violations.extend(page_follows_scheme(&browser, scheme, &what).await);
                    violations.extend(axe::violations(&browser, &axe_source, &what).await);
                    violations.extend(reflow_at_320(&browser, &what).await);
                    screenshots(&browser, &shown(kind)).await;
                }

                // Search with results shown.
                browser.goto(&url("microneedling/index.html")).await;
                let input = browser.client.find(Locator::Id("site-search")).await.expect("a search box");
                input.send_keys("scar").await.unwrap();
                browser
                    .wait_until(
                        "search results appear",
                        "return document.querySelectorAll('#site-search-results [role=option]').length > 0;",
                        vec![],
                        Duration::from_secs(10),
                    )
                    .await;
                violations.extend(axe::violations(&browser, &axe_source, &format!("{theme} {scheme} search")).await);
                screenshots(&browser, &shown("search")).await;

                // A definition popover, opened with the keyboard.
                browser.goto(&url("microneedling/is-it-painful/index.html")).await;
                browser.js("document.querySelector('button.term').focus(); return true;", vec![]).await;
                browser.client.active_element().await.unwrap().send_keys("\u{E007}").await.unwrap();
                browser
                    .wait_until(
                        "the popover opens",
                        "return !!document.querySelector('.term-popover:popover-open');",
                        vec![],
                        Duration::from_secs(5),
                    )
                    .await;
                violations.extend(axe::violations(&browser, &axe_source, &format!("{theme} {scheme} popover")).await);
                screenshots(&browser, &shown("popover")).await;
                browser.close().await;
            });

            // The 404 page links from the site's root, so it is checked as served.
            let server = serve::Server::start(site.path(), &[]);
            runtime.block_on(async {
                let browser = Browser::start().await;
                prefer_scheme(&browser, scheme).await;
                browser.goto(&server.url("/no/such/page/")).await;
                let what = format!("{theme} {scheme} 404");
                let title = browser.js("return document.title;", vec![]).await;
                assert!(title.as_str().unwrap_or("").contains("not found"), "{what}: {title}");
                violations.extend(page_follows_scheme(&browser, scheme, &what).await);
                violations.extend(axe::violations(&browser, &axe_source, &what).await);
                screenshots(&browser, &shown("404")).await;
                browser.close().await;
            });
        }
    }
    assert!(violations.is_empty(), "{} accessibility violations:\n{}", violations.len(), violations.join("\n"));
}
