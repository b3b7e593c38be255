//! What a practice's pages tell a browser and a search engine about the
//! site: the icon in the tab, the practice's logo, the home page's
//! description in search results.

mod common;

use common::*;
use scraper::{Html, Selector};

/// Every `<link rel="icon">` of a page: (href, type).
fn icon_links(html: &str) -> Vec<(String, Option<String>)> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("head link[rel='icon']").unwrap();
    doc.select(&sel)
        .map(|l| (l.attr("href").unwrap_or_default().to_string(), l.attr("type").map(str::to_string)))
        .collect()
}

fn meta_description(html: &str) -> Option<String> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("head meta[name='description']").unwrap();
    doc.select(&sel).next().and_then(|m| m.attr("content")).map(str::to_string)
}

const PAGES: [&str; 5] =
    ["index.html", "microneedling/index.html", "microneedling/aftercare/index.html", "topics/index.html", "404.html"];

/// The page at `public/<page>` as written (fingerprints and all).
fn written(site: &TestSite, page: &str) -> String {
    read(site.path().join("public").join(page))
}

/// Whether `href`, read from `public/<page>`, leads to a file written.
fn leads_to_a_file(site: &TestSite, page: &str, href: &str) -> bool {
    let folder = std::path::Path::new(page).parent().unwrap();
    site.path().join("public").join(folder).join(href).is_file()
}

#[test]
fn every_page_of_both_themes_names_the_themes_icon_by_a_relative_address() {
    for theme in ["clinic", "warm"] {
        let site = TestSite::shipped();
        let site = match theme {
            "clinic" => site,
            _ => site.edit("gloss.yaml", |c| c.replace("theme: clinic", &format!("theme: {theme}"))),
        };
        site.run("build").succeeds();
        let icon_of_home = icon_links(&written(&site, "index.html"))[0].0.clone();
        let svg = read(site.path().join("public").join(&icon_of_home));
        assert!(svg.starts_with("<svg"), "{theme}: {svg}");
        for page in PAGES {
            let icons = icon_links(&written(&site, page));
            assert_eq!(icons.len(), 1, "{theme} {page}: one icon link");
            let (href, media_type) = &icons[0];
            assert!(href.contains("favicon.") && href.ends_with(".svg"), "{theme} {page}: {href}");
            assert_eq!(media_type.as_deref(), Some("image/svg+xml"));
            if page != "404.html" {
                assert!(!href.starts_with('/') && !href.contains("://"), "{theme} {page}: {href}");
                assert!(leads_to_a_file(&site, page, href), "{theme} {page}: {href}");
            }
        }
    }
}

#[test]
fn a_site_sets_its_own_icon_and_logo_in_gloss_yaml() {
    let site = TestSite::shipped()
        .edit("gloss.yaml", |c| format!("{c}logo: brand/logo.png\nfavicon: brand/icon.png\n"))
        .file("static/brand/logo.png", b"\x89PNG logo")
        .file("static/brand/icon.png", b"\x89PNG icon");
    site.run("build").succeeds();
    let page = "microneedling/aftercare/index.html";
    let html = written(&site, page);
    let icons = icon_links(&html);
    assert_eq!(icons.len(), 1);
    let (href, media_type) = &icons[0];
    assert!(href.starts_with("../../brand/icon.") && leads_to_a_file(&site, page, href), "{href}");
    assert_eq!(media_type.as_deref(), Some("image/png"));
    let logo = Selector::parse("header img.site-logo").unwrap();
    let doc = Html::parse_document(&html);
    let src = doc.select(&logo).next().and_then(|img| img.attr("src")).expect("the logo in the header");
    assert!(src.starts_with("../../brand/logo.") && leads_to_a_file(&site, page, src), "{src}");
}

#[test]
fn a_logo_or_icon_naming_no_static_file_is_an_error_at_its_line() {
    let site = TestSite::shipped()
        .edit("gloss.yaml", |c| format!("{c}logo: logo.svg\n"))
        .file("static/Logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let line = site.source("gloss.yaml").lines().count();
    site.run("check")
        .fails()
        .stderr_has(&format!("gloss.yaml:{line}:7: error: `logo: logo.svg` is not a file in static/"))
        .stderr_has("did you mean `Logo.svg`?");
}

#[test]
fn the_logo_under_theme_options_says_where_it_goes_now() {
    TestSite::shipped()
        .edit("gloss.yaml", |c| c.replace("theme_options: {}", "theme_options:\n  logo: logo.svg"))
        .run("check")
        .fails()
        .stderr_has("unknown theme option `logo`")
        .stderr_has("move `logo:` out of `theme_options:` to the top level of gloss.yaml");
}

#[test]
fn the_home_page_is_described_by_its_first_paragraph_unless_it_says_otherwise() {
    let site = TestSite::shipped().built();
    assert_eq!(
        meta_description(&site.output("index.html")).as_deref(),
        Some("Welcome! These guides answer common questions about skin treatments.")
    );
    let site = TestSite::shipped().edit("content/_index.md", |c| {
        c.replacen("---\n", "---\ndescription: \"Plain answers about skin treatments.\"\n", 1)
    });
    site.run("build").succeeds();
    assert_eq!(meta_description(&site.output("index.html")).as_deref(), Some("Plain answers about skin treatments."));
    for page in ["microneedling/index.html", "microneedling/aftercare/index.html"] {
        assert!(meta_description(&site.output(page)).is_some_and(|d| !d.is_empty()), "{page}");
    }
}

#[test]
fn the_logo_alone_brands_the_tab_and_the_handout_too() {
    // The practice gives its logo and no separate icon.
    for theme in ["clinic", "warm"] {
        let site = TestSite::shipped()
            .edit("gloss.yaml", |c| format!("{}logo: brand/logo.svg\n", c.replace("theme: clinic", &format!("theme: {theme}"))))
            .file("static/brand/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 8 8\"><circle cx=\"4\" cy=\"4\" r=\"4\"/></svg>");
        site.run("build").succeeds();
        for page in ["index.html", "microneedling/aftercare/index.html", "microneedling/print/index.html"] {
            let icons = icon_links(&written(&site, page));
            assert_eq!(icons.len(), 1, "{theme} {page}");
            let (href, media_type) = &icons[0];
            assert!(href.contains("brand/logo.") && leads_to_a_file(&site, page, href), "{theme} {page}: {href}");
            assert_eq!(media_type.as_deref(), Some("image/svg+xml"));
        }
        let page = "microneedling/print/index.html";
        let doc = Html::parse_document(&written(&site, page));
        let logo = Selector::parse(".handout-practice img").unwrap();
        let src = doc.select(&logo).next().and_then(|img| img.attr("src")).expect("the logo on the handout");
        assert!(src.starts_with("../../brand/logo.") && leads_to_a_file(&site, page, src), "{theme}: {src}");
    }
}

/// A search engine finds every page a patient can land on from the
/// sitemap: home, guides, entries, topics and the glossary. Handouts are the
/// guide's page again, for paper, and the 404 page is no destination.
#[test]
fn the_sitemap_names_every_page_a_patient_can_land_on() {
    let site = TestSite::shipped().built();
    let sitemap = site.output("sitemap.xml");
    let public = site.path().join("public");
    for file in walkdir::WalkDir::new(&public).into_iter().map(Result::unwrap) {
        let rel = file.path().strip_prefix(&public).unwrap().to_string_lossy().replace('\\', "/");
        let Some(folder) = rel.strip_suffix("index.html") else { continue };
        if folder.starts_with("es/") || folder.ends_with("print/") {
            continue;
        }
        let loc = format!("<loc>https://guides.example.com/{folder}</loc>");
        assert!(sitemap.contains(&loc), "{loc} missing from sitemap.xml:\n{sitemap}");
    }
    assert!(sitemap.contains("<loc>https://guides.example.com/glossary/</loc>"), "{sitemap}");
}
