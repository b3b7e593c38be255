//! The story of a Spanish-reading patient: the shipped microneedling guide,
//! translated beside its English sources, opened under `es/` in both shipped
//! themes. Every question has its Spanish page, the pages pass the Nu Html
//! Checker and axe-core, and the search box on the Spanish site answers a
//! Spanish question with Spanish pages only.

#[path = "common/axe.rs"]
mod axe;
#[path = "common/browser.rs"]
mod browser;
mod common;
#[path = "common/validators.rs"]
mod validators;

use std::path::{Path, PathBuf};
use std::time::Duration;

use browser::Browser;
use common::*;
use fantoccini::Locator;
use scraper::{Html, Selector};
use serde_json::json;

const THEMES: [&str; 2] = ["clinic", "warm"];

fn story(future: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future);
}

/// The shipped guide in `theme`, built; the site folder and its output.
fn built(theme: &str) -> (TestSite, PathBuf) {
    let mut site = shipped_site();
    if theme != "clinic" {
        site = site.edit("gloss.yaml", |c| c.replace("theme: clinic", &format!("theme: {theme}")));
    }
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{theme}: {}", stderr(&run));
    let out = site.path().join("public");
    (site, out)
}

/// A front matter field of a shipped file, unquoted.
fn field(text: &str, key: &str) -> Option<String> {
    let prefix = format!("{key}:");
    text.lines().find_map(|l| l.strip_prefix(&prefix)).map(|v| v.trim().trim_matches('"').to_string())
}

/// The shipped questions in both languages, read from the markdown:
/// (English slug, Spanish slug, English title, Spanish title).
fn translated_questions() -> Vec<(String, String, String, String)> {
    let dir = repo_root().join("content/microneedling");
    let mut questions = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(source) = name.strip_suffix(".es.md").filter(|s| *s != "_index") else { continue };
        let spanish = read(&path);
        let english = read(dir.join(format!("{source}.md")));
        questions.push((
            source.to_string(),
            field(&spanish, "slug").expect("every Spanish entry has a Spanish slug"),
            field(&english, "title").unwrap(),
            field(&spanish, "title").unwrap(),
        ));
    }
    questions
}

fn text_of(doc: &Html, selector: &str) -> Vec<String> {
    let sel = Selector::parse(selector).unwrap();
    doc.select(&sel).map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

#[test]
fn every_shipped_question_has_its_spanish_page_under_es() {
    let questions = translated_questions();
    let english = std::fs::read_dir(repo_root().join("content/microneedling")).unwrap().count() / 2;
    assert_eq!(questions.len(), english - 1, "every entry is translated: {questions:?}");
    let (_site, out) = built("clinic");
    let guide = Html::parse_document(&read(out.join("es/microneedling/index.html")));
    assert_eq!(text_of(&guide, "html[lang='es']").len(), 1);
    let summaries = text_of(&guide, "details > summary");
    for (source, slug, english_title, spanish_title) in &questions {
        assert!(summaries.iter().any(|s| s.contains(spanish_title)), "{spanish_title:?} in {summaries:?}");
        let page = Html::parse_document(&read(out.join(format!("es/microneedling/{slug}/index.html"))));
        assert_eq!(text_of(&page, "h1"), std::slice::from_ref(spanish_title), "{slug}");
        assert_eq!(text_of(&page, "html[lang='es']").len(), 1, "{slug}");
        let english_page = read(out.join(format!("microneedling/{source}/index.html")));
        assert!(english_page.contains(english_title.as_str()) && !english_page.contains(spanish_title.as_str()));
    }
    // The Spanish glossary's words are defined on the Spanish pages.
    let glossary = read(out.join("es/glossary/index.html"));
    assert!(glossary.contains("crema anestésica tópica") && glossary.contains("colágeno"), "{glossary}");
    let painful = read(out.join("es/microneedling/es-doloroso/index.html"));
    assert!(painful.contains("Una crema que se pone en la piel para adormecerla"), "{painful}");
}

#[test]
fn every_spanish_page_of_both_themes_passes_the_nu_html_checker() {
    let sites: Vec<(TestSite, PathBuf)> = THEMES.iter().map(|t| built(t)).collect();
    let spanish: Vec<PathBuf> = sites.iter().map(|(_, out)| out.join("es")).collect();
    let pages: usize = spanish.iter().map(|o| files_under(o).iter().filter(|f| f.ends_with(".html")).count()).sum();
    assert!(pages >= 18 * THEMES.len(), "checked {pages} Spanish pages");
    let dirs: Vec<&Path> = spanish.iter().map(PathBuf::as_path).collect();
    let errors = validators::nu_html_errors(&dirs);
    assert!(errors.is_empty(), "{} Nu Html Checker errors:\n{}", errors.len(), errors.join("\n"));
}

#[test]
fn every_kind_of_spanish_page_passes_axe_in_chromium() {
    let axe_source = validators::axe_source();
    let mut violations = Vec::new();
    for theme in THEMES {
        let (_site, out) = built(theme);
        story(async {
            let browser = Browser::start().await;
            browser.client.set_window_size(1280, 900).await.unwrap();
            for (kind, path) in [
                ("home", "es/index.html"),
                ("guide", "es/microneedling/index.html"),
                ("entry", "es/microneedling/cuidados-despues/index.html"),
                ("topic", "es/topics/efectos-secundarios/index.html"),
                ("topics", "es/topics/index.html"),
                ("glossary", "es/glossary/index.html"),
                ("print", "es/microneedling/print/index.html"),
                ("404", "es/404.html"),
            ] {
                browser.goto(&format!("file://{}", out.join(path).display())).await;
                violations.extend(axe::violations(&browser, &axe_source, &format!("{theme} {kind}")).await);
            }
            browser.close().await;
        });
    }
    assert!(violations.is_empty(), "{} accessibility violations:\n{}", violations.len(), violations.join("\n"));
}

const OPTIONS: &str = "#site-search-results [role=option]";

/// Types `query` into the page's search box and waits until the status says
/// how many results there are; returns each result's title and full address.
async fn search(browser: &Browser, query: &str) -> Vec<(String, String)> {
    let input = browser.client.find(Locator::Id("site-search")).await.expect("a search box on the home page");
    input.clear().await.unwrap();
    input.send_keys(query).await.unwrap();
    browser
        .wait_until(
            &format!("results for {query:?}"),
            "return /result/i.test(document.getElementById('site-search-status').textContent);",
            vec![],
            Duration::from_secs(10),
        )
        .await;
    let found = browser
        .js(
            "return [...document.querySelectorAll(arguments[0])].map(o => \
             [o.querySelector('.site-search-option-title').textContent, o.href]);",
            vec![json!(OPTIONS)],
        )
        .await;
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| (pair[0].as_str().unwrap().to_string(), pair[1].as_str().unwrap_or_default().to_string()))
        .collect()
}

#[test]
fn a_spanish_question_on_the_spanish_site_finds_spanish_entries_and_never_an_english_one() {
    let questions = translated_questions();
    let english_titles: Vec<&str> = questions.iter().map(|q| q.2.as_str()).collect();
    let spanish_titles: Vec<&str> = questions.iter().map(|q| q.3.as_str()).collect();
    for theme in THEMES {
        let (_site, out) = built(theme);
        story(async {
            let browser = Browser::start().await;
            browser.goto(&format!("file://{}", out.join("es/index.html").display())).await;
            let found = search(&browser, "duele").await;
            assert_eq!(found.first().map(|f| f.0.as_str()), Some("¿Duele la micropunción?"), "{theme}: {found:?}");
            // What a screen reader hears of the results is Spanish too.
            let status = browser.js("return document.getElementById('site-search-status').textContent;", vec![]).await;
            assert_eq!(status, json!("1 resultado"), "{theme}");
            let found = search(&browser, "cicatrices").await;
            for scars in [
                "¿La micropunción ayuda con las cicatrices de acné?",
                "¿La micropunción dañará mi piel o me dejará cicatrices?",
            ] {
                assert!(found.iter().any(|f| f.0 == scars), "{theme}: {scars} in {found:?}");
            }
            // Words both languages share find only the Spanish pages.
            for query in ["cicatrices", "micropunción", "acné", "microneedling"] {
                let found = search(&browser, query).await;
                for (title, href) in &found {
                    assert!(
                        !english_titles.contains(&title.as_str()) && href.contains("/public/es/"),
                        "{theme}: {query:?} found the English {title:?} ({href})"
                    );
                    let spanish = spanish_titles.contains(&title.as_str()) || title == "Micropunción";
                    assert!(spanish, "{theme}: {query:?} found {title:?}, no Spanish page");
                }
            }
            browser.close().await;
        });
    }
}
