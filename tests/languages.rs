//! A practice publishing its guides in more than one language: Spanish
//! translations beside their English sources, each language's pages under
//! its own folder, and pages that name each other's translations.

mod common;

use common::*;
use scraper::{Html, Selector};

const BILINGUAL: &str = "title: \"Test guides\"\nbase_url: \"https://guides.example.org/\"\nreview:\n  max_age_days: 36500\nlanguages:\n  - code: en\n  - code: es\n    title: \"Guías de prueba\"\n";

/// The minimal site in English and Spanish: the guide and its entry
/// translated.
fn bilingual() -> TestSite {
    TestSite::fixture("minimal").files(&[
        ("gloss.yaml", BILINGUAL),
        (
            "content/peels/_index.es.md",
            "---\ntitle: \"Peelings\"\nreviewed_by: \"Dr. Test Reviewer\"\nlast_reviewed: 2025-06-01\n---\n\nSobre los peelings.\n",
        ),
        (
            "content/peels/does-it-sting.es.md",
            "---\ntitle: \"¿Pica?\"\nslug: pica\n---\n\nUn poco, unos minutos.\n",
        ),
    ])
}

fn html_lang(html: &str) -> String {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("html").unwrap();
    doc.select(&sel).next().and_then(|h| h.attr("lang")).unwrap_or_default().to_string()
}

#[test]
fn a_spanish_guide_is_published_under_es_at_its_translated_slug() {
    let site = bilingual().built();
    let page = site.output("es/peels/pica/index.html");
    assert_eq!(html_lang(&page), "es");
    assert!(page.contains("¿Pica?") && page.contains("Un poco, unos minutos."), "{page}");
    assert!(page.contains("Guías de prueba"), "the Spanish site title: {page}");
    // The English pages are where they were, in English, and the
    // translation is no English page of its own.
    let english = site.output("peels/does-it-sting/index.html");
    assert_eq!(html_lang(&english), "en");
    assert!(!site.has_output("peels/does-it-sting-es/index.html"));
    assert!(!site.output("peels/index.html").contains("¿Pica?"));
    // The Spanish site has its own home, guide, handout, topics, 404 and
    // search index.
    for page in
        ["es/index.html", "es/peels/index.html", "es/peels/print/index.html", "es/topics/index.html", "es/404.html"]
    {
        assert_eq!(html_lang(&site.output(page)), "es", "{page}");
    }
    assert!(site.has_output("es/search/es/manifest.js"), "the Spanish index, in Spanish");
    assert!(!site.has_output("es/robots.txt"), "robots.txt is the top of the site's alone");
}

#[test]
fn a_spanish_page_links_the_one_copy_of_each_static_file_at_the_top_of_the_site() {
    let site = bilingual().built();
    let public = site.path().join("public");
    let page = read(public.join("es/peels/pica/index.html"));
    let doc = Html::parse_document(&page);
    let sel = Selector::parse("link[rel='stylesheet'], link[rel='icon'], script[src]").unwrap();
    let english = read(public.join("peels/does-it-sting/index.html"));
    let english_doc = Html::parse_document(&english);
    let static_links = |doc: &Html| -> Vec<String> {
        doc.select(&sel).filter_map(|e| e.attr("href").or(e.attr("src"))).map(str::to_string).collect()
    };
    let (links, english_links) = (static_links(&doc), static_links(&english_doc));
    assert!(links.len() >= 2, "the stylesheet and the favicon at least: {links:?}");
    assert_eq!(links.len(), english_links.len(), "{links:?} {english_links:?}");
    for (href, english_href) in links.iter().zip(&english_links) {
        // Relative, one folder further up than the English page's: file://
        // finds it as a host does.
        assert_eq!(*href, format!("../{english_href}"), "{href}");
        let file = public.join("es/peels/pica").join(href);
        assert!(file.is_file(), "{href} is written");
        assert!(std::fs::canonicalize(&file).unwrap().starts_with(std::fs::canonicalize(&public).unwrap()));
    }
    // No language's folder has copies of them.
    let copies: Vec<String> = files_under(&public.join("es"))
        .into_iter()
        .filter(|f| !f.ends_with(".html") && !f.ends_with(".xml") && !f.starts_with("search/"))
        .collect();
    assert_eq!(copies, Vec::<String>::new());
}

#[test]
fn the_build_counts_a_guide_in_two_languages_as_one_guide_in_two_languages() {
    let site = bilingual();
    site.run("build").succeeds().stdout_has("Built 1 guide, 1 entry in 2 languages, 12 pages in ");
    let single = TestSite::fixture("minimal");
    single.run("build").succeeds().stdout_has("Built 1 guide, 1 entry, 6 pages in ");
}

#[test]
fn spanish_structured_data_says_it_is_in_spanish() {
    let site = bilingual().built();
    let page = site.output("es/peels/pica/index.html");
    assert!(page.contains("\"inLanguage\":\"es\""), "{page}");
    assert!(page.contains("https://guides.example.org/es/peels/pica/"), "the canonical address is under es/: {page}");
}

#[test]
fn a_french_file_without_french_in_gloss_yaml_is_an_error_not_an_english_page() {
    let site = TestSite::fixture("minimal")
        .file("content/peels/does-it-sting.fr.md", "---\ntitle: \"Ça pique ?\"\n---\n\nUn peu.\n");
    site.run("build")
        .fails()
        .stderr_has("content/peels/does-it-sting.fr.md:1:1: error: this file's name marks it as a translation into `fr`, a language the site does not list")
        .stderr_has("add `fr` to `languages:` in gloss.yaml");
    assert!(!site.has_output("peels/does-it-sting-fr/index.html"));
}

#[test]
fn a_language_code_gloss_cannot_read_is_an_error_at_its_line() {
    let site = TestSite::fixture("minimal")
        .file("gloss.yaml", "title: \"Test guides\"\nlanguages:\n  - code: en\n  - code: Spanish\n");
    site.run("check")
        .fails()
        .stderr_has("gloss.yaml:4:11: error: `Spanish` is not a language code")
        .stderr_has("help: write a language tag");
}

#[test]
fn a_translated_entry_whose_guide_is_not_translated_is_an_error_with_help() {
    let site = TestSite::fixture("minimal").files(&[
        ("gloss.yaml", BILINGUAL),
        ("content/peels/does-it-sting.es.md", "---\ntitle: \"¿Pica?\"\n---\n\nUn poco.\n"),
    ]);
    site.run("check")
        .fails()
        .stderr_has("content/peels/does-it-sting.es.md:1:1: error: this `es` translation's guide `peels` has no `es` translation of its _index.md")
        .stderr_has("content/peels/_index.es.md");
}

#[test]
fn a_right_to_left_language_says_so_on_its_pages() {
    // The theme ships no Arabic words: the site gives its own (here the
    // English file's keys, which is what `gloss check` holds a language to).
    let theme_words = read(repo_root().join("themes/clinic/i18n/en.yaml"));
    let site = TestSite::fixture("minimal").files(&[
        ("gloss.yaml", &BILINGUAL.replace("code: es", "code: ar")),
        ("content/peels/_index.ar.md", "---\ntitle: \"التقشير\"\n---\n\nنص.\n"),
        ("i18n/ar.yaml", &theme_words),
    ]);
    let site = site.built();
    assert!(site.output("ar/peels/index.html").contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(site.output("peels/index.html").contains("<html lang=\"en\">"));
}

/// The `hreflang` links of a page: (language, address).
fn hreflang_links(html: &str) -> Vec<(String, String)> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("head link[rel='alternate'][hreflang]").unwrap();
    doc.select(&sel).map(|l| (l.attr("hreflang").unwrap().to_string(), l.attr("href").unwrap().to_string())).collect()
}

/// The published address of the page written at `file` (`es/peels/index.html`).
fn address(file: &str) -> String {
    format!("https://guides.example.org/{}", file.strip_suffix("index.html").unwrap_or(file))
}

#[test]
fn every_page_of_both_languages_names_both_versions_and_each_names_the_other_back() {
    let site = bilingual().built();
    let pages: Vec<String> =
        files_under(&site.path().join("public")).into_iter().filter(|f| f.ends_with(".html")).collect();
    assert!(pages.len() >= 12, "{pages:?}");
    for page in &pages {
        let links = hreflang_links(&read(site.path().join("public").join(page)));
        let own_language = if page.starts_with("es/") { "es" } else { "en" };
        let languages: Vec<&str> = links.iter().map(|(lang, _)| lang.as_str()).collect();
        assert_eq!(languages, ["en", "es", "x-default"], "{page}");
        let own = links.iter().find(|(lang, _)| lang == own_language).unwrap();
        assert_eq!(own.1, address(page), "{page} names itself");
        for (lang, url) in &links {
            let other = pages.iter().find(|p| address(p) == *url).unwrap_or_else(|| panic!("{page}: {url} is no page"));
            let back = hreflang_links(&read(site.path().join("public").join(other)));
            assert!(back.contains(&(own_language.to_string(), address(page))), "{other} ({lang}) names {page} back");
        }
    }
}

#[test]
fn the_language_switch_goes_to_the_same_page_or_says_it_goes_to_the_guide() {
    let site = bilingual().file("content/peels/does-it-burn.md", "---\ntitle: \"Does it burn?\"\n---\n\nNo.\n").built();
    let switch = |page: &str| {
        let html = read(site.path().join("public").join(page));
        let doc = Html::parse_document(&html);
        let sel = Selector::parse("nav.language-switch a").unwrap();
        let link = doc.select(&sel).next().unwrap_or_else(|| panic!("{page} has no language switch"));
        (link.attr("href").unwrap().to_string(), link.text().collect::<String>(), html)
    };
    let (href, name, _) = switch("peels/does-it-sting/index.html");
    assert_eq!((href.as_str(), name.as_str()), ("../../es/peels/pica/index.html", "Español"));
    let (href, name, _) = switch("es/peels/pica/index.html");
    assert_eq!((href.as_str(), name.as_str()), ("../../../peels/does-it-sting/index.html", "English"));
    // The question not translated: the switch leads to the Spanish guide
    // and says so, and no hreflang names a Spanish version.
    let (href, _, html) = switch("peels/does-it-burn/index.html");
    assert_eq!(href, "../../es/peels/index.html");
    assert!(html.contains("this page is not translated yet"));
    assert!(!hreflang_links(&html).iter().any(|(lang, _)| lang == "es"));
    // A site in one language has no switch and no hreflang.
    let single = TestSite::fixture("minimal").built();
    let page = single.output("peels/does-it-sting/index.html");
    assert!(!page.contains("language-switch") && hreflang_links(&page).is_empty());
}

#[test]
fn each_languages_sitemap_names_every_version_and_robots_names_both_sitemaps() {
    let site = bilingual().built();
    let english = site.output("sitemap.xml");
    assert!(
        english.contains(
            "<url><loc>https://guides.example.org/peels/does-it-sting/</loc><lastmod>2025-06-01</lastmod>\
             <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://guides.example.org/peels/does-it-sting/\"/>\
             <xhtml:link rel=\"alternate\" hreflang=\"es\" href=\"https://guides.example.org/es/peels/pica/\"/>\
             <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://guides.example.org/peels/does-it-sting/\"/></url>"
        ),
        "{english}"
    );
    let spanish = site.output("es/sitemap.xml");
    assert!(spanish.contains("<url><loc>https://guides.example.org/es/peels/pica/</loc>"), "{spanish}");
    assert!(spanish.contains("hreflang=\"en\" href=\"https://guides.example.org/peels/does-it-sting/\""), "{spanish}");
    let robots = site.output("robots.txt");
    assert!(robots.contains("Sitemap: https://guides.example.org/sitemap.xml\n"), "{robots}");
    assert!(robots.contains("Sitemap: https://guides.example.org/es/sitemap.xml\n"), "{robots}");
}

/// The Spanish entry of the bilingual site, marked reviewed by the command.
fn reviewed_spanish_entry() -> TestSite {
    let site = bilingual();
    site.command(&[
        "translation",
        "reviewed",
        "content/peels/does-it-sting.es.md",
        "--by",
        "Ana Ruiz",
        "--date",
        "2026-11-02",
    ])
    .run()
    .succeeds()
    .stdout_has("Marked content/peels/does-it-sting.es.md reviewed by Ana Ruiz on 2026-11-02");
    site
}

#[test]
fn marking_a_translation_reviewed_records_who_when_and_against_what() {
    let site = reviewed_spanish_entry();
    let text = site.source("content/peels/does-it-sting.es.md");
    assert!(
        text.starts_with("---\ntitle: \"¿Pica?\"\nslug: pica\ntranslation_reviewed_by: \"Ana Ruiz\"\ntranslation_reviewed: 2026-11-02\ntranslation_source: \""),
        "every other line as it was: {text}"
    );
    assert!(text.ends_with("---\n\nUn poco, unos minutos.\n"), "{text}");
    assert_eq!(
        site.source(".gloss/translations/peels/does-it-sting.md"),
        site.source("content/peels/does-it-sting.md"),
        "a copy of the source as reviewed is kept beside the site"
    );
    let check = site.run("check").succeeds();
    assert!(!check.stderr().contains("was reviewed against it"), "{}", check.stderr());
}

#[test]
fn changing_the_english_after_its_translation_was_reviewed_warns_until_marked_again() {
    let site = reviewed_spanish_entry();
    let source = site.source("content/peels/does-it-sting.md");
    let changed = format!("{source}\nIt may sting for an hour.\n");
    std::fs::write(site.path().join("content/peels/does-it-sting.md"), changed).unwrap();
    site.run("check")
        .succeeds()
        .stderr_has("content/peels/does-it-sting.es.md:")
        .stderr_has("warning: does-it-sting.md changed after does-it-sting.es.md was reviewed against it on 2026-11-02")
        .stderr_has("+ It may sting for an hour.")
        .stderr_has("gloss translation reviewed content/peels/does-it-sting.es.md --by \"Ana Ruiz\"");
    site.command(&["translation", "reviewed", "content/peels/does-it-sting.es.md", "--by", "Ana Ruiz"])
        .run()
        .succeeds();
    let check = site.run("check").succeeds();
    assert!(!check.stderr().contains("was reviewed against it"), "{}", check.stderr());
}

#[test]
fn marking_a_file_that_is_not_a_translation_says_what_a_translation_is() {
    let site = bilingual();
    site.command(&["translation", "reviewed", "content/peels/does-it-sting.md", "--by", "Ana Ruiz"])
        .run()
        .fails()
        .stderr_has("content/peels/does-it-sting.md is not a translation")
        .stderr_has("help: a translation is named like its source");
    let site = site.file("content/peels/new-one.es.md", "---\ntitle: \"¿Nuevo?\"\n---\n\nTexto.\n");
    site.command(&["translation", "reviewed", "content/peels/new-one.es.md", "--by", "Ana Ruiz"])
        .run()
        .fails()
        .stderr_has("translates content/peels/new-one.md, which does not exist");
    assert!(!site.path().join(".gloss").exists(), "nothing is written for a failed mark");
}

#[test]
fn translation_review_keys_in_an_english_file_are_a_warning_at_their_line() {
    let site = bilingual().edit("content/peels/does-it-sting.md", |text| {
        text.replacen("---\n", "---\ntranslation_reviewed_by: \"Ana Ruiz\"\ntranslation_source: \"abc\"\n", 1)
    });
    site.run("check")
        .succeeds()
        .stderr_has(
            "content/peels/does-it-sting.md:2:1: warning: `translation_reviewed_by` only means something in a \
             translation, and does-it-sting.md is not one",
        )
        .stderr_has("content/peels/does-it-sting.md:3:1: warning: `translation_source` only means something")
        .stderr_has("run gloss translation reviewed on the translation (does-it-sting.es.md)");
}

#[test]
fn a_name_part_that_is_no_language_is_part_of_an_ordinary_page_name() {
    let site = bilingual()
        .file("content/peels/does-it-sting.old.md", "---\ntitle: \"Did it sting, in the old days?\"\n---\n\nOften.\n")
        .file("content/peels/aftercare.v2.md", "---\ntitle: \"Aftercare, second version\"\n---\n\nRest.\n")
        .built();
    assert!(site.output("peels/does-it-sting-old/index.html").contains("Did it sting, in the old days?"));
    assert!(site.output("peels/aftercare-v2/index.html").contains("Aftercare, second version"));
    // A two-letter language the site does not list is still taken for one.
    let site = TestSite::fixture("minimal")
        .file("content/peels/does-it-sting.de.md", "---\ntitle: \"Brennt es?\"\n---\n\nJa.\n");
    site.run("build").fails().stderr_has("a translation into `de`, a language the site does not list");
}
