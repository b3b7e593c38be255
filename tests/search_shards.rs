//! The search index in shards, seen from the browser (headless Chromium,
//! `file://`): nothing loads until the search box is used, a first query
//! adds only the shards it needs and still finds its entry; and, ignored by
//! default, the benchmark behind docs/benchmarks.md's search table.

#[path = "common/browser.rs"]
mod browser;
mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use browser::Browser;
use common::*;
use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(20);

fn story(future: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future);
}

/// A made-up clinic site of `entries` entries in guides of 100, worded from
/// the words of gloss's own docs (a real writer's vocabulary, common words
/// often, rare ones seldom), always the same for the same size. Entry 7 of
/// each guide asks "Is the treatment painful?", and no other entry has a
/// word beginning with "pain".
fn generated_site(entries: usize) -> TestSite {
    let mut vocabulary: Vec<String> = Vec::new();
    for file in ["docs/writing.md", "docs/themes.md", "docs/deploying.md", "ARCHITECTURE.md"] {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
        for word in text.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() > 2) {
            let word = word.to_ascii_lowercase();
            // Entry 7 is the one about pain: the docs' own "painfull" (a
            // typo they quote) and "pain" would make others about it too.
            if !vocabulary.contains(&word) && !word.starts_with("pain") {
                vocabulary.push(word);
            }
        }
    }
    let mut seed: u64 = 21;
    let mut word = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let r = (seed >> 33) as f64 / (1u64 << 31) as f64;
        vocabulary[(r * r * r * vocabulary.len() as f64) as usize].clone()
    };
    let mut site = TestSite::fixture("minimal").remove("content/peels");
    for g in 0..entries.div_ceil(100) {
        site = site.file(
            &format!("content/guide-{g:03}/_index.md"),
            format!(
                "---\ntitle: \"Guide {g}\"\nreviewed_by: \"Dr. Test\"\nlast_reviewed: 2025-06-01\n---\n\nAbout it.\n"
            ),
        );
        for e in 0..100.min(entries - g * 100) {
            let title = if e == 7 {
                "Is the treatment painful?".to_string()
            } else {
                format!("{} {} {}?", word(), word(), word())
            };
            let mut body = format!("---\ntitle: \"{title}\"\nsummary: \"");
            for _ in 0..15 {
                body.push_str(&word());
                body.push(' ');
            }
            body.push_str("\"\n---\n\n");
            for section in 0..3 {
                if section > 0 {
                    body.push_str(&format!("## {} {}\n\n", word(), word()));
                }
                for _ in 0..60 {
                    body.push_str(&word());
                    body.push(' ');
                }
                body.push_str(".\n\n");
            }
            site = site.file(&format!("content/guide-{g:03}/entry-{e:03}.md"), body);
        }
    }
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    site
}

/// The scripts of the search index (and the stemmer) a page has added,
/// as files under `out`.
async fn index_scripts(browser: &Browser, out: &Path) -> Vec<PathBuf> {
    let srcs = browser
        .js("return [...document.scripts].map(s => s.src).filter(s => /\\/(search|snowball)\\//.test(s));", vec![])
        .await;
    let root = format!("file://{}/", out.display());
    srcs.as_array().unwrap().iter().map(|s| out.join(s.as_str().unwrap().strip_prefix(&root).unwrap())).collect()
}

/// Bytes of `files`: as they are, and gzipped (what a host sends).
fn sizes(files: &[PathBuf]) -> (usize, usize) {
    let mut raw = 0;
    let mut gz = 0;
    for file in files {
        let bytes = std::fs::read(file).unwrap();
        raw += bytes.len();
        let zipped = std::process::Command::new("gzip").args(["-c", "-9"]).arg(file).output().unwrap();
        gz += zipped.stdout.len();
    }
    (raw, gz)
}

/// Types `query` and waits for its answer; returns the result titles.
async fn ask(browser: &Browser, query: &str) -> Vec<String> {
    let before = browser.js("return document.querySelector('.site-search-form').dataset.answered || '';", vec![]).await;
    browser
        .js(
            "const i = document.getElementById('site-search'); i.focus(); i.value = arguments[0]; \
             i.dispatchEvent(new Event('input')); return true;",
            vec![json!(query)],
        )
        .await;
    browser
        .wait_until(
            &format!("an answer to {query:?}"),
            "const f = document.querySelector('.site-search-form'); \
             if (!window.glossSearch || !window.glossSearch['manifest.js']) return false; \
             if ((f.dataset.answered || '') === arguments[0]) { \
               document.getElementById('site-search').dispatchEvent(new Event('input')); return false; } \
             return true;",
            vec![before],
            TIMEOUT,
        )
        .await;
    let titles = browser
        .js("return [...document.querySelectorAll('#site-search-results [role=option] .site-search-option-title')].map(t => t.textContent);", vec![])
        .await;
    titles.as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect()
}

/// A patient on a 1,000-entry site, from a USB stick: the page loads no part
/// of the index until they use the search box; their first question loads
/// the manifest and a few shards (within the size budget), and finds the
/// painful entries.
#[test]
fn a_first_query_loads_only_the_shards_it_needs() {
    let site = generated_site(1000);
    let out = site.path().join("public");
    let shards = walkdir::WalkDir::new(out.join("search/en"))
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count();
    story(async {
        let browser = Browser::start().await;
        browser.goto(&format!("file://{}", out.join("index.html").display())).await;
        assert_eq!(
            index_scripts(&browser, &out).await,
            Vec::<PathBuf>::new(),
            "nothing loads before the search box is used"
        );
        let titles = ask(&browser, "painfull").await;
        assert_eq!(titles.len(), 8, "{titles:?}");
        assert_eq!(titles[0], "Is the treatment painful?", "{titles:?}");
        let loaded = index_scripts(&browser, &out).await;
        let names: Vec<String> = loaded.iter().map(|p| p.strip_prefix(&out).unwrap().display().to_string()).collect();
        assert!(names.contains(&"search/en/manifest.js".to_string()), "{names:?}");
        let docs = names.iter().filter(|n| n.starts_with("search/en/d/")).count();
        assert!(docs <= 8, "at most a doc shard per result shown: {names:?}");
        assert!(loaded.len() < 20 && loaded.len() * 10 < shards, "{} of {shards} files: {names:?}", loaded.len());
        let (raw, gz) = sizes(&loaded);
        assert!(raw <= 300_000 && gz <= 150_000, "a first query loads {raw} B ({gz} B gzipped): {names:?}");
        browser.close().await;
    });
}

/// A Chrome DevTools Protocol command through chromedriver's
/// `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp(&'static str, Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({"cmd": self.0, "params": self.1}).to_string()))
    }
}

/// The queries the benchmark times, each on a fresh page (its shards not yet
/// loaded): worries as patients type them, misspellings and prefixes too.
const QUERIES: &[&str] = &[
    "painful",
    "painfull",
    "does it hurt",
    "scars",
    "theme",
    "deploy",
    "search box",
    "templte",
    "guide",
    "writing",
    "entry",
    "languag",
    "cache",
    "reviewed",
    "summary",
    "heading",
    "check",
    "build",
    "patient",
    "page",
];

/// Types `query` in the search box and waits for its answer; returns the
/// milliseconds from the `input` event to the results shown (or, after
/// 10 s, what the status line says).
async fn timed_query(browser: &Browser, query: &str) -> Value {
    browser
        .js(
            "return new Promise(done => { const f = document.querySelector('.site-search-form'); \
               const i = document.getElementById('site-search'); \
               new MutationObserver(() => done(performance.now() - start)).observe(f, {attributes: true, attributeFilter: ['data-answered']}); \
               setTimeout(() => done(document.getElementById('site-search-status').textContent || 'no answer'), 10000); \
               const start = performance.now(); i.value = arguments[0]; i.dispatchEvent(new Event('input')); });",
            vec![json!(query)],
        )
        .await
}

/// Prints, for 1,000 and 10,000 entries, the bytes a first query loads
/// (raw, gzipped), the whole index's size, and p50/p95 query times at 4×
/// CPU throttling: each query once on a fresh page (its shards loaded in
/// the time) and three times again once they are there (issue 21's figure). `cargo test --release --test search_shards -- --ignored --nocapture`
#[test]
#[ignore = "a benchmark: prints figures for docs/benchmarks.md"]
fn search_benchmark() {
    for entries in [1000, 10_000] {
        let site = generated_site(entries);
        let out = site.path().join("public");
        let index: Vec<PathBuf> = walkdir::WalkDir::new(out.join("search/en"))
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| p.is_file())
            .collect();
        let total: u64 = index.iter().map(|p| p.metadata().unwrap().len()).sum();
        story(async {
            let browser = Browser::start().await;
            browser.client.issue_cmd(Cdp("Emulation.setCPUThrottlingRate", json!({"rate": 4}))).await.unwrap();
            let mut cold = Vec::new();
            let mut warm = Vec::new();
            let mut first = Vec::new();
            for &query in QUERIES {
                browser.goto(&format!("file://{}", out.join("index.html").display())).await;
                browser.js("document.getElementById('site-search').focus(); return true;", vec![]).await;
                browser
                    .wait_until(
                        "the manifest",
                        "return !!(window.glossSearch && window.glossSearch['manifest.js']);",
                        vec![],
                        TIMEOUT,
                    )
                    .await;
                let ms = timed_query(&browser, query).await;
                cold.push(ms.as_f64().unwrap_or_else(|| panic!("{entries} entries, {query:?}: {ms}")));
                let loaded = index_scripts(&browser, &out).await;
                first.push((query, sizes(&loaded), loaded.len()));
                // The same query again, three times, its shards now there:
                // the time the search box itself takes to answer.
                for _ in 0..3 {
                    browser
                        .js("const i = document.getElementById('site-search'); i.value = ''; i.dispatchEvent(new Event('input')); return true;", vec![])
                        .await;
                    let ms = timed_query(&browser, query).await;
                    warm.push((
                        ms.as_f64().unwrap_or_else(|| panic!("{entries} entries, {query:?} again: {ms}")),
                        query,
                    ));
                }
            }
            cold.sort_by(f64::total_cmp);
            warm.sort_by(|a, b| a.0.total_cmp(&b.0));
            let slowest: Vec<String> = warm.iter().rev().take(4).map(|(ms, q)| format!("{q:?} {ms:.0} ms")).collect();
            let warm: Vec<f64> = warm.iter().map(|w| w.0).collect();
            let p = |times: &[f64], q: f64| times[((times.len() as f64 * q).ceil() as usize).saturating_sub(1)];
            let worst = first.iter().max_by_key(|f| f.1.0).unwrap();
            let median_raw = {
                let mut raw: Vec<usize> = first.iter().map(|f| f.1.0).collect();
                raw.sort();
                raw[raw.len() / 2]
            };
            println!(
                "{entries} entries: index {} files {:.1} MB; first query loads median {:.1} kB raw, largest {:.1} kB raw / {:.1} kB gz ({:?}, {} files); query at 4x throttling, shards there p50 {:.1} ms, p95 {:.1} ms; shards loaded in the time p50 {:.1} ms, p95 {:.1} ms; slowest with shards there: {}",
                index.len(),
                total as f64 / 1e6,
                median_raw as f64 / 1e3,
                worst.1.0 as f64 / 1e3,
                worst.1.1 as f64 / 1e3,
                worst.0,
                worst.2,
                p(&warm, 0.5),
                p(&warm, 0.95),
                p(&cold, 0.5),
                p(&cold, 0.95),
                slowest.join(", ")
            );
            browser.close().await;
        });
    }
}
