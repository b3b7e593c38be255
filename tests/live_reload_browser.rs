//! `gloss serve` in a real browser: a writer keeps the guide open in headless
//! Chromium while editing in another window, and never touches the browser.
//! Each story has its own site copy, server, chromedriver and browser profile.
//! Chromium and ChromeDriver are installed with apt if missing.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/serve.rs"]
mod serve;

use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use browser::Browser;
use common::shipped_site;
use serde_json::{Value, json};
use serve::{Server, save};

const TIMEOUT: Duration = Duration::from_secs(15);
const AFTERCARE: &str = "content/microneedling/aftercare.md";

/// Two Chromiums at once are plenty for two cores: more only makes each
/// story slower and its timing less telling.
static BROWSER_SLOTS: Mutex<()> = Mutex::new(());

fn edit(root: &Path, path: &str, from: &str, to: &str) -> Instant {
    let file = root.join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{path} has no {from:?}");
    save(&file, &text.replacen(from, to, 1));
    Instant::now()
}

/// Runs one browser story on a runtime of its own, one story at a time.
fn story(future: impl std::future::Future<Output = ()>) {
    let _slot = BROWSER_SLOTS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let started = Instant::now();
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future);
    eprintln!("story took {} ms", started.elapsed().as_millis());
}

/// Opens `path` and waits until its live connection is open.
async fn open_live(browser: &Browser, server: &Server, path: &str) {
    browser.goto(&server.url(path)).await;
    browser
        .wait_until(
            "the page connects to the dev server",
            "return !!window.__glossLive && window.__glossLive.readyState === 1;",
            vec![],
            TIMEOUT,
        )
        .await;
}

const BODY_HAS: &str = "return document.body.innerText.includes(arguments[0]);";
const OVERLAY_TEXT: &str = "const o = document.getElementById('gloss-error-overlay'); \
                            return o && o.shadowRoot ? o.shadowRoot.textContent : null;";

#[test]
fn an_edit_to_the_markdown_appears_in_the_open_page_by_itself() {
    story(async {
        let site = shipped_site();
        let server = Server::start(site.path(), &[]);
        let browser = Browser::start().await;
        open_live(&browser, &server, "/microneedling/aftercare/").await;
        assert_eq!(browser.js(BODY_HAS, vec![json!("Gentle care after your treatment")]).await, json!(false));

        let saved = edit(site.path(), AFTERCARE, "Good care after your treatment", "Gentle care after your treatment");
        browser
            .wait_until("the new text shows", BODY_HAS, vec![json!("Gentle care after your treatment")], TIMEOUT)
            .await;
        eprintln!("save to new text on screen: {} ms", saved.elapsed().as_millis());
        browser.close().await;
    });
}

#[test]
fn broken_front_matter_shows_an_overlay_naming_file_and_line_and_the_fix_removes_it() {
    story(async {
        let site = shipped_site();
        let server = Server::start(site.path(), &[]);
        let browser = Browser::start().await;
        open_live(&browser, &server, "/microneedling/aftercare/").await;
        browser.js("window.__writerWasHere = 'still here';", vec![]).await;

        let saved = edit(site.path(), AFTERCARE, "last_reviewed:", "last_reveiwed:");
        let location = format!("{AFTERCARE}:9:1");
        let overlay_says = format!(
            "const text = (() => {{ {OVERLAY_TEXT} }})(); return text !== null && text.includes(arguments[0]) && text.includes(arguments[1]);"
        );
        browser
            .wait_until(
                "the overlay names the file and line",
                &overlay_says,
                vec![json!(location), json!("unknown key `last_reveiwed`")],
                TIMEOUT,
            )
            .await;
        eprintln!("save to overlay: {} ms", saved.elapsed().as_millis());
        browser.screenshot_if_asked("error-overlay").await;

        let overlay = browser
            .js(
                "const host = document.getElementById('gloss-error-overlay');
                 const dialog = host.shadowRoot.querySelector('[role=alertdialog]');
                 const backdrop = host.shadowRoot.querySelector('.backdrop');
                 const style = getComputedStyle(backdrop);
                 return {
                   dialog: !!dialog,
                   labelled: dialog && host.shadowRoot.getElementById(dialog.getAttribute('aria-labelledby')).textContent,
                   position: style.position,
                   zIndex: style.zIndex,
                   covers: backdrop.getBoundingClientRect().width >= document.documentElement.clientWidth - 1
                     && backdrop.getBoundingClientRect().height >= document.documentElement.clientHeight - 1,
                   heading: document.querySelector('h1').textContent,
                   marker: window.__writerWasHere,
                 };",
                vec![],
            )
            .await;
        assert_eq!(overlay["dialog"], json!(true), "{overlay}");
        assert!(overlay["labelled"].as_str().unwrap().contains("can’t build the site"), "{overlay}");
        assert_eq!(overlay["position"], json!("fixed"), "{overlay}");
        assert_eq!(overlay["zIndex"], json!("2147483647"), "{overlay}");
        assert_eq!(overlay["covers"], json!(true), "{overlay}");
        assert_eq!(
            overlay["heading"],
            json!("How do I care for my skin afterwards?"),
            "the last good page stays under it"
        );
        assert_eq!(overlay["marker"], json!("still here"), "an error does not reload the page");

        let fixed = edit(site.path(), AFTERCARE, "last_reveiwed:", "last_reviewed:");
        browser
            .wait_until(
                "the overlay goes",
                "return document.getElementById('gloss-error-overlay') === null;",
                vec![],
                TIMEOUT,
            )
            .await;
        eprintln!("fix to overlay gone: {} ms", fixed.elapsed().as_millis());
        browser.close().await;
    });
}

#[test]
fn a_theme_stylesheet_edit_applies_without_reloading_the_page() {
    story(async {
        let site = shipped_site();
        let server = Server::start(site.path(), &[]);
        let browser = Browser::start().await;
        open_live(&browser, &server, "/microneedling/aftercare/").await;
        browser.js("window.__writerWasHere = 42;", vec![]).await;
        let outline = "return getComputedStyle(document.body).outlineColor;";
        assert_ne!(browser.js(outline, vec![]).await, json!("rgb(1, 2, 3)"));

        let css = site.path().join("themes/clinic/static/style.css");
        let text = std::fs::read_to_string(&css).unwrap();
        save(&css, &format!("{text}\nbody {{ outline: 7px solid rgb(1, 2, 3); }}\n"));
        let saved = Instant::now();
        browser
            .wait_until(
                "the new style applies",
                "return getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)';",
                vec![],
                TIMEOUT,
            )
            .await;
        eprintln!("save to new style applied: {} ms", saved.elapsed().as_millis());
        let page = browser
            .js(
                "return {
                   marker: window.__writerWasHere,
                   links: [...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.getAttribute('href')),
                 };",
                vec![],
            )
            .await;
        assert_eq!(page["marker"], json!(42), "the page was not reloaded: {page}");
        let links = page["links"].as_array().unwrap();
        assert_eq!(links.len(), 1, "the old stylesheet is gone: {page}");
        let served = server.get("/microneedling/aftercare/").text();
        let fresh = format!("../../{}?v=", serve::stylesheet_of(&served));
        assert!(links[0].as_str().unwrap().starts_with(&fresh), "the same stylesheet, fetched again: {page}");
        browser.close().await;
    });
}

#[test]
fn a_reload_keeps_the_scroll_position() {
    story(async {
        let site = shipped_site();
        let server = Server::start(site.path(), &[]);
        let browser = Browser::start().await;
        open_live(&browser, &server, "/microneedling/aftercare/").await;
        let room = browser.js("return document.documentElement.scrollHeight - window.innerHeight;", vec![]).await;
        assert!(room.as_f64().unwrap() > 400.0, "the page must be longer than the window: {room}");
        browser.js("window.scrollTo(0, 400); window.__writerWasHere = true;", vec![]).await;
        browser.wait_until("scrolled", "return Math.round(window.scrollY) === 400;", vec![], TIMEOUT).await;

        // An edit near the end of the entry, so the text above keeps its height.
        let file = site.path().join(AFTERCARE);
        let text = std::fs::read_to_string(&file).unwrap();
        save(&file, &format!("{}\n\nAsk us anything about your aftercare.\n", text.trim_end()));
        browser
            .wait_until(
                "the page reloads with the new text",
                "return window.__writerWasHere === undefined && document.body.innerText.includes(arguments[0]);",
                vec![json!("Ask us anything about your aftercare.")],
                TIMEOUT,
            )
            .await;
        let scrolled: Value = browser.js("return window.scrollY;", vec![]).await;
        browser
            .wait_until("the scroll position is back", "return Math.abs(window.scrollY - 400) <= 2;", vec![], TIMEOUT)
            .await;
        eprintln!("scrollY right after reload: {scrolled}");
        browser.close().await;
    });
}

#[test]
fn a_spanish_edit_appears_in_the_open_spanish_page_and_the_switch_leads_to_english_and_back() {
    story(async {
        let site = shipped_site();
        let server = Server::start(site.path(), &[]);
        let browser = Browser::start().await;
        open_live(&browser, &server, "/es/microneedling/cuidados-despues/").await;
        assert_eq!(browser.js(BODY_HAS, vec![json!("Cuidar con calma su piel")]).await, json!(false));

        let saved = edit(
            site.path(),
            "content/microneedling/aftercare.es.md",
            "Cuidar bien su piel",
            "Cuidar con calma su piel",
        );
        browser
            .wait_until("the new Spanish text shows", BODY_HAS, vec![json!("Cuidar con calma su piel")], TIMEOUT)
            .await;
        eprintln!("save to new text on screen: {} ms", saved.elapsed().as_millis());

        let page_is = "return document.documentElement.lang === arguments[0] \
                       && document.querySelector('h1').textContent === arguments[1];";
        browser.js("document.querySelector('nav.language-switch a[hreflang=en]').click();", vec![]).await;
        browser
            .wait_until(
                "the switch opens the English page",
                page_is,
                vec![json!("en"), json!("How do I care for my skin afterwards?")],
                TIMEOUT,
            )
            .await;
        browser.js("document.querySelector('nav.language-switch a[hreflang=es]').click();", vec![]).await;
        browser
            .wait_until(
                "the switch opens the Spanish page again, as saved",
                &format!("{} && document.body.innerText.includes(arguments[2]);", page_is.trim_end_matches(';')),
                vec![json!("es"), json!("¿Cómo cuido mi piel después?"), json!("Cuidar con calma su piel")],
                TIMEOUT,
            )
            .await;
        browser.close().await;
    });
}
