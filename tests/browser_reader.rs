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
use fantoccini::wd::{PrintConfiguration, PrintSize};
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

/// The shipped site in `theme`, built.
fn built_in_theme(theme: &str) -> (TestSite, std::path::PathBuf) {
    let site = shipped_site();
    let config = site.path().join("gloss.yaml");
    std::fs::write(&config, read(&config).replace("theme: clinic", &format!("theme: {theme}"))).unwrap();
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let out = site.path().join("public");
    (site, out)
}

/// Whether the question whose answer has id `arguments[0]` is open, with
/// focus inside it.
const OPEN_WITH_FOCUS: &str = "const d = document.getElementById(arguments[0]).closest('details'); \
     return d.open && d.contains(document.activeElement) && document.activeElement !== document.body;";

/// How many visible elements of the page read exactly `arguments[0]`.
const SHOWN_TIMES: &str = "return [...document.querySelectorAll('main a, main h2')]\
     .filter(e => e.textContent.trim() === arguments[0] && e.getClientRects().length > 0).length;";

#[test]
fn a_link_to_a_question_opens_its_answer_and_moves_focus_into_it() {
    // A writer points from the intro to one of the guide's questions.
    let site = shipped_site();
    let intro = site.path().join("content/microneedling/_index.md");
    std::fs::write(&intro, read(&intro) + "\nOnce you are home, read [how to care for your skin](#aftercare).\n")
        .unwrap();
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let guide = site.path().join("public/microneedling/index.html");
    story(async {
        let browser = Browser::start().await;
        browser.goto(&format!("file://{}", guide.display())).await;
        let question = "How do I care for my skin afterwards?";
        assert_eq!(browser.js(SHOWN_TIMES, vec![json!(question)]).await, json!(1), "each question is shown once");
        assert_eq!(browser.js(OPEN_WITH_FOCUS, vec![json!("aftercare")]).await, json!(false));
        // The link ends the intro's last section, behind "More about Microneedling".
        browser.client.find(Locator::Css(".guide-intro-more > summary")).await.unwrap().click().await.unwrap();
        browser.client.find(Locator::Css(".guide-intro a[href='#aftercare']")).await.unwrap().click().await.unwrap();
        browser.wait_until("the link opens its answer", OPEN_WITH_FOCUS, vec![json!("aftercare")], TIMEOUT).await;
        let focused = browser.js("return document.activeElement.textContent.trim();", vec![]).await;
        assert_eq!(focused, json!(question), "focus is on the question");

        // Closed again, the same link (the address does not change) opens it again.
        browser.client.active_element().await.unwrap().click().await.unwrap();
        browser
            .wait_until(
                "the question closes",
                "return !document.getElementById('aftercare').closest('details').open;",
                vec![],
                TIMEOUT,
            )
            .await;
        browser.client.find(Locator::Css(".guide-intro a[href='#aftercare']")).await.unwrap().click().await.unwrap();
        browser.wait_until("the link opens it again", OPEN_WITH_FOCUS, vec![json!("aftercare")], TIMEOUT).await;

        // A bookmark or another page's link to a question opens it on arrival.
        browser.goto(&format!("file://{}#how-many-sessions", guide.display())).await;
        browser
            .wait_until("the page opens at its question", OPEN_WITH_FOCUS, vec![json!("how-many-sessions")], TIMEOUT)
            .await;
        browser.close().await;
    });
}

#[test]
fn in_warm_the_side_column_opens_the_question_it_names() {
    let (_site, out) = built_in_theme("warm");
    let guide = out.join("microneedling/index.html");
    story(async {
        let browser = Browser::start().await;
        browser.goto(&format!("file://{}", guide.display())).await;
        browser.client.find(Locator::Css(".guide-toc a[href='#is-it-painful']")).await.unwrap().click().await.unwrap();
        browser
            .wait_until("the side column opens its question", OPEN_WITH_FOCUS, vec![json!("is-it-painful")], TIMEOUT)
            .await;
        // On a phone the column would stand above the questions it lists.
        browser.client.set_window_size(420, 800).await.unwrap();
        let question = "Is microneedling painful?";
        assert_eq!(browser.js(SHOWN_TIMES, vec![json!(question)]).await, json!(1), "each question is shown once");
        browser.close().await;
    });
}

#[test]
fn the_handout_has_a_print_button_that_prints_and_stays_off_the_paper() {
    let (_site, out) = built();
    let handout = out.join("microneedling/print/index.html");
    assert!(
        read(&handout).contains("data-print hidden>Print this guide</button>"),
        "without scripts no dead button is shown"
    );
    story(async {
        let browser = Browser::start().await;
        browser.goto(&format!("file://{}", handout.display())).await;
        let button = browser.client.find(Locator::Css("button[data-print]")).await.expect("a Print button");
        assert!(button.is_displayed().await.unwrap(), "the button is shown");
        assert_eq!(button.text().await.unwrap(), "Print this guide");
        browser
            .js("window.printed = false; addEventListener('beforeprint', () => { window.printed = true; });", vec![])
            .await;
        button.click().await.unwrap();
        browser.wait_until("the button prints", "return window.printed === true;", vec![], TIMEOUT).await;

        browser
            .client
            .issue_cmd(validators::Cdp { cmd: "Emulation.setEmulatedMedia", params: json!({"media": "print"}) })
            .await
            .expect("print media emulation");
        assert!(!button.is_displayed().await.unwrap(), "the button is not printed");
        let underlined = browser
            .js(
                "return [...document.querySelectorAll('main a, footer a')]\
                 .filter(a => getComputedStyle(a).textDecorationLine.includes('underline')).map(a => a.textContent);",
                vec![],
            )
            .await;
        assert_eq!(underlined, json!([]), "no link is underlined on paper");
        browser.close().await;
    });
}

/// Each page's text from a PDF that Chromium printed, as the runs of text it
/// draws (a line, or the part of a line in one font or one link).
fn pdf_page_lines(pdf: &[u8]) -> Vec<Vec<String>> {
    let doc = lopdf::Document::load_mem(pdf).expect("Chromium prints a PDF");
    doc.get_pages()
        .keys()
        .map(|&page| {
            let text = doc.extract_text(&[page]).unwrap_or_else(|e| panic!("text of page {page}: {e}"));
            text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
        })
        .collect()
}

/// Text compared without its spaces, ligatures and colons: a line break in
/// the PDF may fall where the HTML had a space, and the colon after a term
/// in "Words to know" is the stylesheet's, not the HTML's.
fn squeezed(text: &str) -> String {
    let text = text.replace('ﬁ', "fi").replace('ﬂ', "fl").replace('ﬀ', "ff").replace('ﬃ', "ffi").replace('ﬄ', "ffl");
    text.split_whitespace().collect::<String>().replace(':', "")
}

/// Whether a run of text is the number an ordered list prints before an item.
fn is_list_number(run: &str) -> bool {
    run.strip_suffix('.').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// A page's runs of text without its running footer: "Page N of M" (four
/// runs) and, next to it, the guide's name. None when the footer is missing.
fn without_footer(runs: &[String], page: usize, count: usize, title: &str) -> Option<Vec<String>> {
    let footer = ["Page".to_string(), page.to_string(), "of".to_string(), count.to_string()];
    let at = runs.windows(4).position(|w| w == footer)?;
    let mut body = runs.to_vec();
    body.drain(at..at + 4);
    let name = [at, at.wrapping_sub(1)].into_iter().find(|&i| body.get(i).is_some_and(|r| r == title))?;
    body.remove(name);
    Some(body)
}

#[test]
fn the_handout_prints_on_six_pages_with_a_running_footer_and_no_lone_lines() {
    for theme in ["clinic", "warm"] {
        let (_site, out) = built_in_theme(theme);
        let handout = out.join("microneedling/print/index.html");
        story(async {
            let browser = Browser::start().await;
            browser.goto(&format!("file://{}", handout.display())).await;
            // What paper shows: every block of text (as it reads in print),
            // and the glossary terms the answers explain, with definitions.
            browser
                .client
                .issue_cmd(validators::Cdp { cmd: "Emulation.setEmulatedMedia", params: json!({"media": "print"}) })
                .await
                .expect("print media emulation");
            let blocks = browser
                .js(
                    "return [...document.querySelectorAll('body :is(p, li, h1, h2, h3, h4, dt, dd, address span, .handout-term)')]\
                     .filter(e => e.getClientRects().length > 0).map(e => e.innerText);",
                    vec![],
                )
                .await;
            let blocks: Vec<String> =
                blocks.as_array().unwrap().iter().map(|b| squeezed(b.as_str().unwrap())).collect();
            let terms = browser
                .js(
                    "return [...document.querySelectorAll('.term-popover')].map(p => \
                     [p.querySelector('.term-name').textContent, p.firstElementChild.nextSibling.textContent.trim()]);",
                    vec![],
                )
                .await;
            browser
                .client
                .issue_cmd(validators::Cdp { cmd: "Emulation.setEmulatedMedia", params: json!({"media": ""}) })
                .await
                .unwrap();
            for (paper, size) in [("Letter", PrintSize::US_LETTER), ("A4", PrintSize::A4)] {
                let config = PrintConfiguration::builder().size(size).build().unwrap();
                let pdf = browser.client.print(config).await.unwrap();
                // Saved, like a screenshot, for a person to look at.
                if let Some(dir) = std::env::var_os("GLOSS_SCREENSHOTS") {
                    std::fs::write(std::path::PathBuf::from(dir).join(format!("handout-{theme}-{paper}.pdf")), &pdf)
                        .unwrap();
                }
                let pages = pdf_page_lines(&pdf);
                let count = pages.len();
                let what = format!("{theme}, {paper}");
                assert!(count <= 6, "{what}: the handout is {count} pages; at most 6");
                for (i, runs) in pages.iter().enumerate() {
                    let body = without_footer(runs, i + 1, count, "Microneedling").unwrap_or_else(|| {
                        panic!(
                            "{what}: page {} has no footer 'Microneedling … Page {} of {count}': {runs:?}",
                            i + 1,
                            i + 1
                        )
                    });
                    let first = body.iter().map(|r| squeezed(r)).find(|r| !is_list_number(r)).unwrap_or_default();
                    let last = match body.as_slice() {
                        [.., before, last] if squeezed(last).chars().count() < 3 => squeezed(before) + &squeezed(last),
                        [.., last] => squeezed(last),
                        [] => String::new(),
                    };
                    assert!(
                        blocks.iter().any(|b| !first.is_empty() && b.starts_with(&first)),
                        "{what}: page {} starts inside a paragraph, with {first:?}",
                        i + 1
                    );
                    assert!(
                        blocks.iter().any(|b| !last.is_empty() && b.ends_with(&last)),
                        "{what}: page {} ends inside a paragraph, with {last:?}",
                        i + 1
                    );
                }
                let all = squeezed(&pages.concat().join(" "));
                assert!(all.contains("Wordstoknow"), "{what}: the handout ends with the words to know");
                for pair in terms.as_array().unwrap() {
                    let (term, definition) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
                    assert!(
                        all.contains(&squeezed(&format!("{term}: {definition}"))),
                        "{what}: '{term}' is defined on paper ({definition})"
                    );
                }
            }
            browser.close().await;
        });
    }
}
