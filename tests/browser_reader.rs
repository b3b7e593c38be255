//! A patient with the guide open in a browser (headless Chromium, from
//! `file://`, as on a clinic kiosk): searching, reading a definition with the
//! keyboard, printing the handout.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/validators.rs"]
mod validators;

use std::time::Duration;

use browser::Browser;
use common::*;
use fantoccini::Locator;
use serde_json::json;

const TIMEOUT: Duration = Duration::from_secs(10);

fn story(future: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future);
}

fn built() -> (TestSite, std::path::PathBuf) {
    let site = shipped_site();
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let out = site.path().join("public");
    (site, out)
}

#[test]
fn typing_scar_finds_the_scar_questions_and_enter_opens_one() {
    let (_site, out) = built();
    story(async {
        let browser = Browser::start().await;
        browser.goto(&format!("file://{}", out.join("index.html").display())).await;
        let input = browser.client.find(Locator::Id("site-search")).await.expect("a search box on the home page");
        input.send_keys("scar").await.unwrap();
        browser
            .wait_until(
                "results for scar",
                "return document.querySelectorAll('#site-search-results [role=option]').length >= 2;",
                vec![],
                TIMEOUT,
            )
            .await;
        let results = browser
            .js(
                "return [...document.querySelectorAll('#site-search-results [role=option]')].map(o => o.textContent);",
                vec![],
            )
            .await;
        let texts: Vec<String> = results.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
        assert!(texts.iter().any(|t| t.contains("Will microneedling damage my skin or cause scars?")), "{texts:?}");
        assert!(texts.iter().any(|t| t.contains("Does microneedling help with acne scars?")), "{texts:?}");
        let count = browser
            .js(
                "return document.querySelector('[aria-live]') && document.querySelector('[aria-live]').textContent;",
                vec![],
            )
            .await;
        assert!(count.as_str().unwrap_or("").contains("result"), "an aria-live result count: {count}");
        let first = texts[0].clone();
        input.send_keys("\u{E007}").await.unwrap();
        browser
            .wait_until("Enter opens an entry", "return location.href.endsWith('/index.html') && !location.href.endsWith('public/index.html') && !!document.querySelector('h1');", vec![], TIMEOUT)
            .await;
        let h1 = browser.js("return document.querySelector('h1').textContent.trim();", vec![]).await;
        assert!(first.contains(h1.as_str().unwrap()), "landed on {h1}, the first result was {first}");
        browser.close().await;
    });
}

#[test]
fn a_definition_opens_and_closes_with_the_keyboard() {
    let (_site, out) = built();
    story(async {
        let browser = Browser::start().await;
        browser.goto(&format!("file://{}", out.join("microneedling/is-it-painful/index.html").display())).await;
        // Tab from the top of the page until the first term has focus.
        let body = browser.client.find(Locator::Css("body")).await.unwrap();
        let mut reached = false;
        for _ in 0..60 {
            body.send_keys("\u{E004}").await.unwrap();
            let on_term = browser.js("return document.activeElement.classList.contains('term');", vec![]).await;
            if on_term == json!(true) {
                reached = true;
                break;
            }
        }
        assert!(reached, "a glossary term can be reached with Tab");
        let open = "return !!document.querySelector('.term-popover:popover-open');";
        assert_eq!(browser.js(open, vec![]).await, json!(false));
        browser.client.active_element().await.unwrap().send_keys("\u{E007}").await.unwrap();
        browser.wait_until("Enter opens the definition", open, vec![], TIMEOUT).await;
        let text = browser.js("return document.querySelector('.term-popover:popover-open').textContent;", vec![]).await;
        assert!(text.as_str().unwrap().contains("More in the glossary"), "{text}");
        browser.client.active_element().await.unwrap().send_keys("\u{E00C}").await.unwrap();
        browser
            .wait_until(
                "Escape closes it",
                "return !document.querySelector('.term-popover:popover-open');",
                vec![],
                TIMEOUT,
            )
            .await;
        browser.close().await;
    });
}

#[test]
fn the_handout_prints_without_navigation_and_with_link_addresses() {
    let site = shipped_site();
    let aftercare = site.path().join("content/microneedling/aftercare.md");
    let text = read(&aftercare) + "\nMore from the [American Academy of Dermatology](https://www.aad.org/).\n";
    std::fs::write(&aftercare, text).unwrap();
    assert!(gloss(site.path(), &["build"]).status.success());
    let out = site.path().join("public");
    story(async {
        let browser = Browser::start().await;
        browser.goto(&format!("file://{}", out.join("microneedling/print/index.html").display())).await;
        let visible = "return [...document.querySelectorAll(arguments[0])].filter(e => getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0).length;";
        browser
            .client
            .issue_cmd(validators::Cdp { cmd: "Emulation.setEmulatedMedia", params: json!({"media": "print"}) })
            .await
            .expect("print media emulation");
        assert_eq!(browser.js("return matchMedia('print').matches;", vec![]).await, json!(true));
        for hidden in ["nav.site-nav", "#site-search", ".skip-link", "footer nav"] {
            assert_eq!(browser.js(visible, vec![json!(hidden)]).await, json!(0), "{hidden} is not printed");
        }
        let questions = browser.js(visible, vec![json!("h2")]).await;
        assert!(questions.as_u64().unwrap() >= 7, "every question is printed: {questions}");
        let booking_after = browser
            .js("const a = document.querySelector('main a[href^=\"https://www.aad\"]'); return a ? getComputedStyle(a, '::after').content : null;", vec![])
            .await;
        assert!(booking_after.as_str().unwrap_or("").contains("http"), "link addresses are printed: {booking_after}");
        let keeps = browser
            .js("const h = document.querySelector('main h2'); return getComputedStyle(h).breakAfter;", vec![])
            .await;
        assert_eq!(keeps, json!("avoid"), "a question stays with the start of its answer");
        browser.close().await;
    });
}
