//! A practice using the warm theme, its pages seen in headless Chromium on a
//! laptop (1280 px wide) and a phone: the header, the text and the footer
//! stand on one edge, and the home page leaves no empty half-column.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/validators.rs"]
mod validators;

use browser::Browser;
use common::*;
use serde_json::json;

fn story(future: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future);
}

fn built_in_warm() -> TestSite {
    let site = shipped_site();
    let config = site.path().join("gloss.yaml");
    std::fs::write(&config, read(&config).replace("theme: clinic", "theme: warm")).unwrap();
    site.built()
}

/// A browser whose page is `width` CSS pixels wide.
async fn screen(width: u32, height: u32) -> Browser {
    let browser = Browser::start().await;
    let metrics = json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600});
    browser
        .client
        .issue_cmd(validators::Cdp { cmd: "Emulation.setDeviceMetricsOverride", params: metrics })
        .await
        .expect("screen size emulation");
    browser
}

/// The left edges of the header's name, the page's first heading and the
/// footer's first text, as `[header, main, footer]`.
const EDGES: &str = "const left = s => Math.round(document.querySelector(s).getBoundingClientRect().left); \
     return [left('.site-title'), left('main h1'), left('.site-footer .wrap > :first-child')];";

#[test]
fn in_warm_the_header_text_and_footer_share_one_left_edge_at_every_width() {
    let site = built_in_warm();
    let pages = [
        "index.html",
        "microneedling/index.html",
        "microneedling/is-it-painful/index.html",
        "topics/index.html",
        "glossary/index.html",
    ];
    story(async {
        for width in [390, 800, 1280, 1920] {
            let browser = screen(width, 900).await;
            for page in pages {
                browser.goto(&format!("file://{}", site.path().join("public").join(page).display())).await;
                let edges = browser.js(EDGES, vec![]).await;
                let edges: Vec<i64> = edges.as_array().unwrap().iter().map(|e| e.as_i64().unwrap()).collect();
                let main = edges[1];
                // The home and guide pages' heading is inside a padded band.
                let band = if matches!(page, "index.html" | "microneedling/index.html") {
                    browser
                        .js(
                            "const b = document.querySelector('main h1').closest('.hero, .home-header'); \
                             return Math.round(b.getBoundingClientRect().left);",
                            vec![],
                        )
                        .await
                        .as_i64()
                        .unwrap()
                } else {
                    main
                };
                assert_eq!(edges[0], band, "{width} px, {page}: the header's edge {edges:?}, the text's {band}");
                assert_eq!(edges[2], band, "{width} px, {page}: the footer's edge {edges:?}, the text's {band}");
            }
            browser.close().await;
        }
    });
}

#[test]
fn in_warm_the_home_page_puts_its_introduction_above_the_guides_not_beside_them() {
    let site = built_in_warm();
    story(async {
        let browser = screen(1280, 900).await;
        browser.goto(&format!("file://{}", site.path().join("public/index.html").display())).await;
        let layout = browser
            .js(
                "const r = s => document.querySelector(s).getBoundingClientRect(); \
                 return [r('.home-intro').bottom, r('.guide-list').top];",
                vec![],
            )
            .await;
        let (intro_bottom, guides_top) = (layout[0].as_f64().unwrap(), layout[1].as_f64().unwrap());
        assert!(
            guides_top >= intro_bottom,
            "the guides start at {guides_top} px, beside the introduction that ends at {intro_bottom} px"
        );
        browser.close().await;
    });
}
