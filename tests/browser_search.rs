//! A worried patient searching the guide in their own words, in a real
//! browser (headless Chromium) from `file://`, as from a USB stick, in both
//! shipped themes: plain words, misspellings, other forms of a word, and the
//! keyboard and screen-reader behaviour of the search box.

#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/validators.rs"]
mod validators;

use std::time::Duration;

use browser::Browser;
use common::*;
use fantoccini::Locator;
use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(10);
const THEMES: [&str; 2] = ["clinic", "warm"];

fn story(future: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future);
}

/// The shipped guide in `theme`, built; the site folder and its output.
fn built(theme: &str) -> (TestSite, std::path::PathBuf) {
    let mut site = shipped_site();
    if theme != "clinic" {
        site = site.edit("gloss.yaml", |c| c.replace("theme: clinic", &format!("theme: {theme}")));
    }
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let out = site.path().join("public");
    (site, out)
}

const OPTIONS: &str = "#site-search-results [role=option]";

/// Types `query` into the home page's search box and waits until the status
/// says how many results there are; returns each result's title.
async fn search(browser: &Browser, query: &str) -> Vec<String> {
    let input = browser.client.find(Locator::Id("site-search")).await.expect("a search box on the home page");
    input.clear().await.unwrap();
    input.send_keys(query).await.unwrap();
    browser
        .wait_until(
            &format!("results for {query:?}"),
            "return /result/i.test(document.getElementById('site-search-status').textContent);",
            vec![],
            TIMEOUT,
        )
        .await;
    let titles = browser
        .js(
            "return [...document.querySelectorAll(arguments[0])].map(o => o.querySelector('.site-search-option-title').textContent);",
            vec![json!(OPTIONS)],
        )
        .await;
    titles.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()
}

async fn home(out: &std::path::Path) -> Browser {
    let browser = Browser::start().await;
    browser.goto(&format!("file://{}", out.join("index.html").display())).await;
    browser
}

#[test]
fn does_it_hurt_puts_is_microneedling_painful_first() {
    for theme in THEMES {
        let (_site, out) = built(theme);
        story(async {
            let browser = home(&out).await;
            let titles = search(&browser, "does it hurt").await;
            assert_eq!(titles.first().map(String::as_str), Some("Is microneedling painful?"), "{theme}: {titles:?}");
            let marked = browser
                .js(
                    "return [...document.querySelectorAll(arguments[0])][0].querySelectorAll('mark').length;",
                    vec![json!(OPTIONS)],
                )
                .await;
            assert!(marked.as_u64().unwrap() >= 1, "{theme}: the words found are marked in the first result");
            browser.close().await;
        });
    }
}

#[test]
fn a_misspelt_word_still_finds_its_entry() {
    for theme in THEMES {
        let (_site, out) = built(theme);
        story(async {
            let browser = home(&out).await;
            let titles = search(&browser, "painfull").await;
            assert_eq!(titles.first().map(String::as_str), Some("Is microneedling painful?"), "{theme}: {titles:?}");
            browser.close().await;
        });
    }
}

#[test]
fn scars_finds_both_scar_entries_and_microneedle_finds_the_guide() {
    for theme in THEMES {
        let (_site, out) = built(theme);
        story(async {
            let browser = home(&out).await;
            let titles = search(&browser, "scars").await;
            for scar in
                ["Will microneedling damage my skin or cause scars?", "Does microneedling help with acne scars?"]
            {
                assert!(titles.iter().take(2).any(|t| t == scar), "{theme}: {scar} in {titles:?}");
            }
            let titles = search(&browser, "microneedle").await;
            assert!(titles.len() >= 5, "{theme}: the guide's entries for microneedle: {titles:?}");
            assert!(titles.iter().any(|t| t == "Is microneedling painful?"), "{theme}: {titles:?}");
            browser.close().await;
        });
    }
}

#[test]
fn the_keyboard_and_the_result_count_work_on_found_results() {
    for theme in THEMES {
        let (_site, out) = built(theme);
        story(async {
            let browser = home(&out).await;
            // Two worries at once, one misspelt: every entry with either.
            let titles = search(&browser, "scarring or painfull").await;
            assert!(titles.len() >= 2, "{theme}: results for scarring or painfull: {titles:?}");
            let status = browser.js("return document.getElementById('site-search-status').textContent;", vec![]).await;
            let shown = titles.len();
            let expected = if shown == 1 { "1 result".to_string() } else { format!("{shown} results") };
            assert!(status.as_str().unwrap().starts_with(&expected), "{theme}: status {status} for {shown} shown");
            assert_eq!(
                browser.js("return document.querySelector('[aria-live]').id;", vec![]).await,
                json!("site-search-status")
            );

            let input = browser.client.find(Locator::Id("site-search")).await.unwrap();
            let active = "const id = document.getElementById('site-search').getAttribute('aria-activedescendant'); \
                          return id ? document.getElementById(id).querySelector('.site-search-option-title').textContent : null;";
            input.send_keys("\u{E015}").await.unwrap(); // ArrowDown
            assert_eq!(browser.js(active, vec![]).await, json!(titles[0]), "{theme}: ArrowDown picks the first");
            input.send_keys("\u{E015}").await.unwrap();
            assert_eq!(browser.js(active, vec![]).await, json!(titles[1]), "{theme}: ArrowDown again, the second");
            input.send_keys("\u{E013}").await.unwrap(); // ArrowUp
            assert_eq!(browser.js(active, vec![]).await, json!(titles[0]), "{theme}: ArrowUp goes back");
            input.send_keys("\u{E00C}").await.unwrap(); // Escape
            let hidden = browser.js("return document.getElementById('site-search-results').hidden;", vec![]).await;
            assert_eq!(hidden, json!(true), "{theme}: Escape closes the list");
            assert_eq!(
                browser
                    .js("return document.getElementById('site-search').getAttribute('aria-expanded');", vec![])
                    .await,
                json!("false")
            );

            input.send_keys("\u{E015}").await.unwrap();
            let href: Value = browser
                .js("return document.getElementById(document.getElementById('site-search').getAttribute('aria-activedescendant')).href;", vec![])
                .await;
            input.send_keys("\u{E007}").await.unwrap(); // Enter
            let href = href.as_str().unwrap().to_string();
            browser
                .wait_until(
                    "Enter opens the result",
                    "return location.href === arguments[0];",
                    vec![json!(href)],
                    TIMEOUT,
                )
                .await;
            let h1 = browser.js("return document.querySelector('h1').textContent.trim();", vec![]).await;
            assert_eq!(h1, json!(titles[0]), "{theme}: landed on the chosen entry");
            browser.close().await;
        });
    }
}

/// The search box stems a query with Snowball's JavaScript, the build stems
/// the index with rust-stemmers: they must agree, or a word typed exactly
/// as the guide has it would miss. Checked on every word of gloss's own
/// docs and sample guides, in English and Spanish.
#[test]
fn the_search_box_stems_every_word_as_the_build_does() {
    let mut text = String::new();
    for dir in ["docs", "content"] {
        for entry in walkdir::WalkDir::new(repo_root().join(dir)) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "md") {
                text.push_str(&read(entry.path()));
            }
        }
    }
    let lower = text.to_lowercase();
    let mut words: Vec<&str> = lower.split(|c: char| !c.is_alphabetic()).filter(|w| w.len() > 1).collect();
    words.sort_unstable();
    words.dedup();
    assert!(words.len() > 2000, "a word list worth testing: {}", words.len());
    let spanish =
        ["cicatrices", "cicatriz", "dolores", "doloroso", "hinchazón", "enrojecimiento", "tratamientos", "sesión"];

    let (_site, out) = built("clinic");
    story(async {
        let browser = Browser::start().await;
        browser.goto(&format!("file://{}", out.join("index.html").display())).await;
        let stemmers = browser
            .js("return document.querySelector('.site-search-form').getAttribute('data-stemmer');", vec![])
            .await;
        let base = stemmers.as_str().unwrap().split(' ').next().unwrap().to_string();
        for (language, algorithm, list) in [
            ("english", rust_stemmers::Algorithm::English, words.clone()),
            ("spanish", rust_stemmers::Algorithm::Spanish, spanish.to_vec()),
        ] {
            let load = "const load = src => new Promise((ok, fail) => { const s = document.createElement('script'); \
                        s.src = src; s.onload = ok; s.onerror = fail; document.head.appendChild(s); }); \
                        return load(arguments[0]).then(() => load(arguments[1])).then(() => true);";
            // The fingerprinted name of the language's stemmer, from the output folder.
            let file = std::fs::read_dir(out.join("snowball"))
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .find(|n| n.starts_with(&format!("{language}-stemmer")))
                .unwrap();
            assert_eq!(browser.js(load, vec![json!(base), json!(format!("snowball/{file}"))]).await, json!(true));
            let constructor = format!("{}{}Stemmer", language[..1].to_uppercase(), &language[1..]);
            let stems = browser
                .js(
                    &format!("const s = new {constructor}(); return arguments[0].map(w => s.stemWord(w));"),
                    vec![json!(list)],
                )
                .await;
            let stemmer = rust_stemmers::Stemmer::create(algorithm);
            let differ: Vec<String> = list
                .iter()
                .zip(stems.as_array().unwrap())
                .filter(|(w, js)| stemmer.stem(w) != js.as_str().unwrap())
                .map(|(w, js)| format!("{w}: {} (build) / {js} (browser)", stemmer.stem(w)))
                .collect();
            assert!(differ.is_empty(), "{language}: {} of {} words differ: {differ:?}", differ.len(), list.len());
        }
        browser.close().await;
    });
}

/// On a phone the search box is there from the first paint: the page does
/// not jump down when the search script arrives (cumulative layout shift, as
/// Chromium measures it, at 390 px wide, in both themes).
#[test]
fn the_home_page_does_not_shift_when_the_search_box_appears() {
    for theme in THEMES {
        let (_site, out) = built(theme);
        story(async {
            let browser = Browser::start().await;
            browser.client.set_window_size(390, 844).await.unwrap();
            browser.goto(&format!("file://{}", out.join("index.html").display())).await;
            let shift = browser
                .js(
                    "return new Promise(done => {
                       let total = 0;
                       new PerformanceObserver(list => list.getEntries().forEach(e => { if (!e.hadRecentInput) total += e.value; }))
                         .observe({type: 'layout-shift', buffered: true});
                       setTimeout(() => done(total), 500);
                     });",
                    vec![],
                )
                .await;
            let shift = shift.as_f64().unwrap();
            assert!(shift <= 0.02, "{theme}: layout shift {shift}");
            let shown = browser.js("return !document.querySelector('.site-search').hidden;", vec![]).await;
            assert_eq!(shown, json!(true), "{theme}: the search box is shown");
            browser.close().await;
        });
    }
}

/// Narrowing a search to one guide or one topic: the list keeps only the
/// results of that guide, or of entries with that topic (read from the
/// entries' own front matter through the index), and says how many.
#[test]
fn results_can_be_narrowed_to_a_guide_and_to_a_topic() {
    for theme in THEMES {
        let site = TestSite::fixture("clinic").theme("warm");
        let site = if theme == "clinic" {
            site
        } else {
            site.edit("gloss.yaml", |c| c.replace("theme: clinic", "theme: warm"))
        };
        let run = gloss(site.path(), &["build"]);
        assert!(run.status.success(), "{}", stderr(&run));
        let out = site.path().join("public");
        let docs = index_docs(&out);
        let laser = docs.iter().find(|d| d["t"] == "Is laser treatment safe?").unwrap();
        let (guide, topic) = (laser["g"].as_str().unwrap(), laser["o"][0].as_str().unwrap());
        story(async {
            let browser = home(&out).await;
            let all = search(&browser, "sting safe care").await;
            assert!(all.len() >= 3, "{theme}: {all:?}");
            for (select, value, keep) in [("site-search-guide", guide, "g"), ("site-search-topic", topic, "o")] {
                let kept: Vec<String> = all
                    .iter()
                    .filter(|t| {
                        let doc = docs.iter().find(|d| d["t"] == t.as_str()).unwrap();
                        doc[keep] == value || doc[keep].as_array().is_some_and(|a| a.contains(&json!(value)))
                    })
                    .cloned()
                    .collect();
                assert!(!kept.is_empty() && kept.len() < all.len(), "{theme}: {value} narrows {all:?}");
                let choose = "const s = document.getElementById(arguments[0]); s.value = arguments[1]; \
                              s.dispatchEvent(new Event('change')); return s.value;";
                assert_eq!(
                    browser.js(choose, vec![json!(select), json!(value)]).await,
                    json!(value),
                    "{theme}: {select}"
                );
                let expected = if kept.len() == 1 { "1 result".to_string() } else { format!("{} results", kept.len()) };
                browser
                    .wait_until(
                        &format!("{theme}: {expected} for {value}"),
                        "return document.getElementById('site-search-status').textContent === arguments[0];",
                        vec![json!(expected)],
                        TIMEOUT,
                    )
                    .await;
                let titles = browser
                    .js(
                        "return [...document.querySelectorAll(arguments[0])].map(o => o.querySelector('.site-search-option-title').textContent);",
                        vec![json!(OPTIONS)],
                    )
                    .await;
                assert_eq!(titles, json!(kept), "{theme}: only {value}'s results");
                assert_eq!(browser.js(choose, vec![json!(select), json!("")]).await, json!(""));
                browser
                    .wait_until(
                        "all results again",
                        "return document.getElementById('site-search-status').textContent === arguments[0];",
                        vec![json!(format!("{} results", all.len()))],
                        TIMEOUT,
                    )
                    .await;
            }
            // The open list, its excerpts and marks, and the filters pass axe.
            search(&browser, "stinging").await;
            browser.js(&format!("{}\nreturn true;", validators::axe_source()), vec![]).await;
            let violations = browser.js(validators::RUN_AXE, vec![]).await;
            assert_eq!(violations, json!([]), "{theme}: axe on the open search");
            browser.close().await;
        });
    }
}

/// The data of a shard of the search index (`search/en/<name>`).
fn shard(out: &std::path::Path, name: &str) -> Value {
    let script = read(out.join("search/en").join(name));
    let data = script.split_once("]=").expect("a shard sets window.glossSearch[path]").1;
    serde_json::from_str(data.trim().strip_suffix(';').unwrap()).unwrap()
}

/// Every entry the index has, as `{"t": question, "g": guide, "o": [topics]}`,
/// read from its shards: the docs' `d/` shards, the manifest's guides and
/// the topics' `o/` shards.
fn index_docs(out: &std::path::Path) -> Vec<Value> {
    let manifest = shard(out, "manifest.js");
    let count = manifest["docs"].as_u64().unwrap() as usize;
    let per_shard = manifest["perShard"].as_u64().unwrap() as usize;
    let guides = manifest["guides"].as_array().unwrap();
    (0..count)
        .map(|d| {
            let block = shard(out, &format!("d/{}.js", d / per_shard));
            let guide = guides.iter().rev().find(|g| g[1].as_u64().unwrap() as usize <= d).unwrap();
            let topics: Vec<&Value> = manifest["topics"]
                .as_array()
                .unwrap()
                .iter()
                .enumerate()
                .filter(|(n, _)| shard(out, &format!("o/{n}.js")).as_array().unwrap().contains(&json!(d)))
                .map(|(_, name)| name)
                .collect();
            json!({"t": block[d % per_shard]["t"], "g": guide[0], "o": topics})
        })
        .collect()
}
