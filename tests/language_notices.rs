//! What a practice publishing in several languages tells patients about the
//! languages themselves: that free language help is a phone call away, on
//! every page and handout, each tagline in its own language; and, where
//! gloss.yaml asks for it, that no translation reaches them before a
//! qualified translator has marked it reviewed.

mod common;

use common::*;
use scraper::{Html, Selector};

const BILINGUAL: &str = "title: \"Test guides\"\nbase_url: \"https://guides.example.org/\"\nreview:\n  max_age_days: 36500\nlanguages:\n  - code: en\n  - code: es\n    title: \"Guías de prueba\"\n";

/// The minimal site in English and Spanish, with `more` appended to its
/// gloss.yaml: the guide and its entry translated, neither marked reviewed.
fn bilingual(more: &str) -> TestSite {
    TestSite::fixture("minimal").files(&[
        ("gloss.yaml", &format!("{BILINGUAL}{more}")),
        (
            "content/peels/_index.es.md",
            "---\ntitle: \"Peelings\"\nreviewed_by: \"Dr. Test Reviewer\"\nlast_reviewed: 2025-06-01\n---\n\nSobre los peelings.\n",
        ),
        ("content/peels/does-it-sting.es.md", "---\ntitle: \"¿Pica?\"\nslug: pica\n---\n\nUn poco, unos minutos.\n"),
    ])
}

const REVIEWED_ONLY: &str = "translations:\n  reviewed_only: true\n";

#[test]
fn a_site_that_publishes_reviewed_translations_only_refuses_an_unreviewed_one_and_says_how_to_mark_it() {
    let site = bilingual(REVIEWED_ONLY);
    site.run("build")
        .fails()
        .stderr_has(
            "content/peels/does-it-sting.es.md:1:1: error: this translation is not marked reviewed, and gloss.yaml \
             publishes reviewed translations only",
        )
        .stderr_has("gloss translation reviewed content/peels/does-it-sting.es.md --by NAME")
        .stderr_has("content/peels/_index.es.md:1:1: error: this translation is not marked reviewed")
        .stderr_has("2 errors");
    assert!(!site.has_output("es/peels/pica/index.html"), "nothing is published");
    // Marked reviewed, both are published.
    for file in ["content/peels/does-it-sting.es.md", "content/peels/_index.es.md"] {
        site.command(&["translation", "reviewed", file, "--by", "Ana Ruiz"]).run().succeeds();
    }
    site.run("build").succeeds();
    assert!(site.output("es/peels/pica/index.html").contains("Un poco, unos minutos."));
}

#[test]
fn without_reviewed_only_an_unreviewed_translation_is_published() {
    let site = bilingual("").built();
    assert!(site.has_output("es/peels/pica/index.html"));
    let site = bilingual("translations:\n  reviewed_only: false\n").built();
    assert!(site.has_output("es/peels/pica/index.html"));
}

#[test]
fn reviewed_only_written_as_a_word_is_an_error_at_its_line() {
    bilingual("translations:\n  reviewed_only: always\n").run("check").fails().stderr_has(
        "gloss.yaml:10:18: error: translations.reviewed_only: invalid type: string \"always\", expected a boolean",
    );
}

const LANGUAGE_HELP: &str = "language_help:\n  phone: \"555-0100\"\n  taglines:\n    es: \"ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos de asistencia lingüística. Llame al {phone}.\"\n    en: \"ATTENTION: free language help is available. Call {phone}.\"\n    ar: \"ملحوظة: خدمات المساعدة اللغوية متاحة لك مجانًا. اتصل برقم\"\n";

/// The taglines of a page: (lang, dir, text, the phone link's address).
fn taglines(html: &str) -> Vec<(String, String, String, String)> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("footer .language-help p").unwrap();
    let link = Selector::parse("a").unwrap();
    doc.select(&sel)
        .map(|p| {
            let href = p.select(&link).next().and_then(|a| a.attr("href")).unwrap_or_default();
            (
                p.attr("lang").unwrap_or_default().to_string(),
                p.attr("dir").unwrap_or_default().to_string(),
                p.text().collect::<String>(),
                href.to_string(),
            )
        })
        .collect()
}

#[test]
fn every_page_and_handout_of_both_languages_shows_the_taglines_each_in_its_own_language() {
    let site = bilingual(LANGUAGE_HELP).built();
    let pages: Vec<String> =
        files_under(&site.path().join("public")).into_iter().filter(|f| f.ends_with(".html")).collect();
    assert!(pages.len() >= 12 && pages.iter().any(|p| p == "es/peels/print/index.html"), "{pages:?}");
    for page in &pages {
        let found = taglines(&read(site.path().join("public").join(page)));
        let summary: Vec<(&str, &str)> = found.iter().map(|(l, d, _, _)| (l.as_str(), d.as_str())).collect();
        assert_eq!(summary, [("es", "ltr"), ("en", "ltr"), ("ar", "rtl")], "{page}");
        assert_eq!(
            found[0].2,
            "ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos de asistencia lingüística. \
             Llame al 555-0100.",
            "{page}"
        );
        assert!(found[2].2.ends_with("اتصل برقم 555-0100"), "the number follows a tagline without {{phone}}: {page}");
        assert!(found.iter().all(|(_, _, _, href)| href == "tel:5550100"), "{page}: {found:?}");
    }
    // A site without `language_help:` shows none.
    let plain = TestSite::fixture("minimal").built();
    assert!(!plain.output("peels/does-it-sting/index.html").contains("language-help\""));
}

#[test]
fn the_shipped_site_offers_language_help_in_english_and_spanish() {
    let site = TestSite::shipped().built();
    for page in ["microneedling/is-it-painful/index.html", "es/microneedling/print/index.html"] {
        let langs: Vec<String> = taglines(&site.output(page)).into_iter().map(|(lang, ..)| lang).collect();
        assert_eq!(langs, ["es", "en"], "{page}");
    }
}

#[test]
fn a_tagline_under_no_language_code_or_without_text_is_an_error_at_its_line() {
    let yaml = "language_help:\n  phone: \"555-0100\"\n  taglines:\n    Spanish: \"Llame al {phone}.\"\n    vi: \"  {phone} \"\n";
    bilingual(yaml)
        .run("check")
        .fails()
        .stderr_has("gloss.yaml:12:5: error: `Spanish` is not a language code")
        .stderr_has("gloss.yaml:13:5: error: the `vi` tagline of `language_help` has no text")
        .stderr_has("2 errors");
    bilingual("language_help: { phone: \"call us\", taglines: { es: \"Llame.\" } }\n")
        .run("check")
        .fails()
        .stderr_has("gloss.yaml:9:25: error: `language_help.phone` has no phone number");
}
