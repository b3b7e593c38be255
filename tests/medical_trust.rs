//! What makes a clinic trust the guide and search engines understand it:
//! schema.org medical markup, the review trail, readability, the sitemap, and
//! old addresses that keep working.

mod common;

use common::*;
use scraper::{Html, Selector};
use serde_json::Value;

fn json_ld_blocks(html: &str) -> Vec<Value> {
    let doc = Html::parse_document(html);
    let sel = Selector::parse("script[type='application/ld+json']").unwrap();
    doc.select(&sel)
        .map(|s| {
            let text: String = s.text().collect();
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("JSON-LD is not JSON ({e}): {text}"))
        })
        .collect()
}

#[test]
fn shipped_guide_carries_medical_web_page_and_faq_markup() {
    let site = shipped_site();
    assert!(gloss(site.path(), &["build"]).status.success());
    let out = site.path().join("public");
    let blocks = json_ld_blocks(&read(out.join("microneedling/index.html")));
    assert_eq!(blocks.len(), 1);
    let graph = blocks[0].as_array().expect("an array of two objects");
    let page = graph.iter().find(|v| v["@type"] == "MedicalWebPage").expect("MedicalWebPage");
    assert_eq!(page["@context"], "https://schema.org");
    assert_eq!(page["about"], serde_json::json!({"@type": "MedicalProcedure", "name": "Microneedling"}));
    assert_eq!(page["lastReviewed"], "2026-10-15");
    assert_eq!(page["reviewedBy"]["@type"], "Person");
    assert!(page["reviewedBy"]["name"].as_str().unwrap().contains("Dr. Alex Example"));
    assert_eq!(page["audience"]["@type"], "Patient");
    assert_eq!(page["inLanguage"], "en");
    assert_eq!(page["url"], "https://guides.example.com/microneedling/");
    let faq = graph.iter().find(|v| v["@type"] == "FAQPage").expect("FAQPage");
    let questions = faq["mainEntity"].as_array().unwrap();
    assert_eq!(questions.len(), 7);
    let painful = questions.iter().find(|q| q["name"] == "Is microneedling painful?").expect("the pain question");
    assert_eq!(painful["@type"], "Question");
    assert_eq!(painful["acceptedAnswer"]["@type"], "Answer");
    let answer = painful["acceptedAnswer"]["text"].as_str().unwrap();
    assert!(
        answer.contains("topical numbing cream") && answer.contains("slight pressure"),
        "the full answer: {answer}"
    );

    for entry in ["is-it-painful", "aftercare", "acne-scars"] {
        let blocks = json_ld_blocks(&read(out.join(format!("microneedling/{entry}/index.html"))));
        assert_eq!(blocks.len(), 1, "{entry}");
        let page = &blocks[0];
        assert_eq!(page["@type"], "MedicalWebPage", "{entry}");
        assert_eq!(page["about"]["name"], "Microneedling");
        assert_eq!(page["lastReviewed"], "2026-10-15");
        assert_eq!(page["audience"]["@type"], "Patient");
        assert_eq!(page["url"], format!("https://guides.example.com/microneedling/{entry}/"));
    }
}

#[test]
fn hostile_titles_cannot_break_out_of_the_json_ld() {
    let evil = "</script><script>alert(1)</script> <!-- \"quote\" & 'apostrophe'";
    let entry = format!(
        "---\ntitle: '{}'\nsummary: '{}'\nsources:\n  - title: '{}'\n    url: https://example.com/?a=1&b=2\n---\nBody </script> text.\n",
        evil.replace('\'', "''"),
        evil.replace('\'', "''"),
        evil.replace('\'', "''")
    );
    let site = site(&[
        ("gloss.yaml", "title: T\nbase_url: https://c.example/\n"),
        ("content/g/_index.md", "---\ntitle: G\nprocedure: '</script>'\n---\n"),
        ("content/g/a.md", &entry),
    ]);
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    for page in ["g/index.html", "g/a/index.html"] {
        let html = read(site.path().join("public").join(page));
        assert!(!html.contains("<script>alert(1)"), "{page}: a script got out");
        let blocks = json_ld_blocks(&html);
        assert_eq!(blocks.len(), 1, "{page}: the JSON-LD is one intact block");
        let text = blocks[0].to_string();
        assert!(text.contains("alert(1)"), "{page}: the title survives as data");
    }
    let entry_ld = &json_ld_blocks(&read(site.path().join("public/g/a/index.html")))[0];
    assert_eq!(entry_ld["name"], evil);
    assert_eq!(entry_ld["citation"][0]["url"], "https://example.com/?a=1&b=2");
}

#[test]
fn stale_and_missing_reviews_are_warned() {
    let site = site(&[
        ("gloss.yaml", "title: T\nbase_url: https://c.example/\nreview:\n  max_age_days: 30\n"),
        ("content/g/_index.md", "---\ntitle: G\n---\n"),
        ("content/g/old.md", "---\ntitle: Old?\nreviewed_by: Dr. A\nlast_reviewed: 2020-01-01\n---\nFine.\n"),
        ("content/g/due.md", "---\ntitle: Due?\nlast_reviewed: 2099-01-01\nnext_review: 2021-06-01\n---\nFine.\n"),
        ("content/g/never.md", "---\ntitle: Never?\n---\nFine.\n"),
        ("content/g/fresh.md", "---\ntitle: Fresh?\nlast_reviewed: 2099-01-01\n---\nFine.\n"),
    ]);
    let run = gloss(site.path(), &["check"]);
    assert_eq!(run.status.code(), Some(0), "warnings only");
    let err = stderr(&run);
    assert!(
        err.contains("content/g/old.md:4:1: warning: the medical review of this entry was due on 2020-01-31"),
        "{err}"
    );
    assert!(
        err.contains("content/g/due.md:4:1: warning: the medical review of this entry was due on 2021-06-01"),
        "{err}"
    );
    assert!(err.contains("content/g/never.md:1:1: warning: this entry has no medical review"), "{err}");
    assert!(!err.contains("fresh.md"), "{err}");
    assert!(err.contains("0 errors, 3 warnings"), "{err}");
    assert_eq!(gloss(site.path(), &["check", "--strict"]).status.code(), Some(1));
}

#[test]
fn review_trail_is_shown_on_every_reviewed_page() {
    let site = shipped_site();
    assert!(gloss(site.path(), &["build"]).status.success());
    for page in ["microneedling/index.html", "microneedling/aftercare/index.html"] {
        let html = read(site.path().join("public").join(page));
        let doc = Html::parse_document(&html);
        let text: String = doc.root_element().text().collect::<Vec<_>>().join(" ");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains("Medically reviewed by Dr. Alex Example, MD (sample reviewer) on October 15, 2026"),
            "{page}"
        );
        assert!(text.contains("Next review due October 15, 2027"), "{page}");
    }
}

/// The words a patient reads on a page, spaces collapsed.
fn page_words(html: &str) -> String {
    let doc = Html::parse_document(html);
    let text: String = doc.root_element().text().collect::<Vec<_>>().join(" ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_page_whose_review_is_overdue_says_so_in_both_themes_and_the_handout() {
    // Reviewed in 2020, so due in 2021 (365 days): overdue whatever the day
    // the test runs; the entry with its own review in 2099 is not.
    for theme in ["clinic", "warm"] {
        let site = site(&[
            ("gloss.yaml", &format!("title: T\nbase_url: https://c.example/\ntheme: {theme}\n")),
            ("content/g/_index.md", "---\ntitle: G\nreviewed_by: Dr. A\nlast_reviewed: 2020-03-12\n---\nAbout G.\n"),
            ("content/g/old.md", "---\ntitle: Old?\n---\nFine.\n"),
            ("content/g/fresh.md", "---\ntitle: Fresh?\nlast_reviewed: 2099-01-01\n---\nFine.\n"),
        ])
        .theme("warm");
        let run = gloss(site.path(), &["build"]);
        assert!(run.status.success(), "{theme}: an overdue review is a warning by default: {}", stderr(&run));
        for page in ["g/index.html", "g/print/index.html", "g/old/index.html"] {
            let text = page_words(&read(site.path().join("public").join(page)));
            assert!(text.contains("Review overdue since March 12, 2021"), "{theme} {page}: {text}");
            assert!(!text.contains("Next review due"), "{theme} {page}: a past date shown as to come: {text}");
        }
        let handout = read(site.path().join("public/g/print/index.html"));
        let source = page_words(element(&handout, "<p class=\"handout-source\""));
        assert!(
            source.contains("as reviewed on March 12, 2020 , a review overdue since March 12, 2021"),
            "{theme}: the handout's last words do not pass an overdue review off as current: {source}"
        );
        let fresh = page_words(&read(site.path().join("public/g/fresh/index.html")));
        assert!(fresh.contains("Next review due January 1, 2100"), "{theme}: {fresh}");
        assert!(!fresh.contains("overdue"), "{theme}: {fresh}");
    }
}

/// A practice that wants the same pages from the same sources, whatever day
/// the build runs (or a CI job checking a guide against its review dates),
/// sets the day with `SOURCE_DATE_EPOCH`.
#[test]
fn source_date_epoch_sets_the_day_reviews_are_judged_against() {
    let site = site(&[
        ("gloss.yaml", "title: T\nbase_url: https://c.example/\n"),
        ("content/g/_index.md", "---\ntitle: G\n---\n"),
        ("content/g/due.md", "---\ntitle: Due?\nreviewed_by: Dr. A\nlast_reviewed: 2040-01-01\n---\nFine.\n"),
    ]);
    let on = |day: &str| site.command(&["check"]).env("SOURCE_DATE_EPOCH", day).run();
    // 2040-06-01 and 2041-06-01, UTC.
    on("2222121600").succeeds().stderr_has("0 errors, 0 warnings");
    on("2253657600").succeeds().stderr_has("the medical review of this entry was due on 2040-12-31");
    site.command(&["build"])
        .env("SOURCE_DATE_EPOCH", "next tuesday")
        .run()
        .fails()
        .stderr_has("error: SOURCE_DATE_EPOCH is \"next tuesday\", not a number of seconds since 1970-01-01")
        .stderr_has("help: set it to a whole number");
    assert!(!site.path().join("public").exists(), "nothing is built on a day gloss cannot read");
}

#[test]
fn gloss_yaml_can_make_an_overdue_review_an_error() {
    let files = |overdue: &str| {
        site(&[
            ("gloss.yaml", &format!("title: T\nbase_url: https://c.example/\nreview:\n  overdue: {overdue}\n")),
            ("content/g/_index.md", "---\ntitle: G\n---\n"),
            ("content/g/old.md", "---\ntitle: Old?\nreviewed_by: Dr. A\nlast_reviewed: 2020-01-01\n---\nFine.\n"),
        ])
    };
    let strict = files("error");
    let run = gloss(strict.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1), "the build refuses an overdue review");
    let err = stderr(&run);
    assert!(
        err.contains("content/g/old.md:4:1: error: the medical review of this entry was due on 2020-12-31"),
        "{err}"
    );
    assert!(err.contains("1 error, 0 warnings; nothing was written"), "{err}");
    assert!(!strict.path().join("public").exists());

    assert!(gloss(files("warning").path(), &["build"]).status.success(), "`warning` is the default, spelt out");

    let typo = files("eror");
    let err = stderr(&gloss(typo.path(), &["check"]));
    assert!(err.contains("gloss.yaml:4:12: error: `review.overdue` must be `warning` or `error`, not `eror`"), "{err}");
    assert!(err.contains("did you mean `error`?"), "{err}");
}

#[test]
fn hard_entries_are_warned_with_what_to_fix_first() {
    let hard = "Microneedling, alternatively designated percutaneous collagen induction therapy, \
                constitutes a minimally invasive dermatological intervention utilising sterile microneedles \
                to generate controlled microinjuries, consequently stimulating neocollagenesis and elastogenesis.";
    let site = site(&[
        ("gloss.yaml", "title: T\nbase_url: https://c.example/\nreadability:\n  target_grade: 8\n"),
        ("content/g/_index.md", "---\ntitle: G\nlast_reviewed: 2099-01-01\n---\n"),
        ("content/g/hard.md", &format!("---\ntitle: Hard?\n---\n## Heading\n\n{hard}\n")),
        (
            "content/g/easy.md",
            "---\ntitle: Easy?\n---\nIt is a skin treatment. It does not hurt much. You can go home the same day.\n",
        ),
    ]);
    let err = stderr(&gloss(site.path(), &["check"]));
    assert!(err.contains("content/g/hard.md:6:1: warning: this entry reads at grade "), "{err}");
    assert!(err.contains("above the target of grade 8"), "{err}");
    assert!(err.contains("split these sentences first: \"Microneedling, alternatively"), "{err}");
    assert!(err.contains("use plainer words for:") && err.contains("neocollagenesis"), "{err}");
    assert!(!err.contains("easy.md"), "{err}");
}

#[test]
fn sitemap_is_xml_with_absolute_urls_and_review_dates() {
    let site = shipped_site();
    assert!(gloss(site.path(), &["build"]).status.success());
    let xml = read(site.path().join("public/sitemap.xml"));
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut locs = Vec::new();
    let mut lastmods = Vec::new();
    let mut current = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) => current = e.name().into_inner().to_string(),
            quick_xml::events::Event::Text(t) => {
                let text = t.xml10_content().into_owned();
                match current.as_str() {
                    "loc" => locs.push(text),
                    "lastmod" => lastmods.push(text),
                    _ => {}
                }
            }
            quick_xml::events::Event::End(_) => current.clear(),
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert!(locs.contains(&"https://guides.example.com/microneedling/is-it-painful/".to_string()), "{locs:?}");
    assert!(locs.iter().all(|l| l.starts_with("https://guides.example.com/")), "{locs:?}");
    assert_eq!(lastmods.iter().filter(|d| *d == "2026-10-15").count(), 8, "the guide and its 7 entries");
    let robots = read(site.path().join("public/robots.txt"));
    assert!(robots.contains("Sitemap: https://guides.example.com/sitemap.xml"), "{robots}");
}

#[test]
fn without_base_url_absolute_links_are_left_out_with_a_warning() {
    let site = site(&[
        ("gloss.yaml", "title: T\n"),
        ("content/g/_index.md", "---\ntitle: G\nlast_reviewed: 2099-01-01\n---\n"),
    ]);
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success());
    assert!(
        stderr(&run).contains("gloss.yaml:1:1: warning: no `base_url`: sitemap.xml, canonical links"),
        "{}",
        stderr(&run)
    );
    assert!(!site.path().join("public/sitemap.xml").exists());
    let html = read(site.path().join("public/g/index.html"));
    assert!(!html.contains("rel=\"canonical\""));
    assert!(
        !html.contains("href=\"https://") && !html.contains("content=\"https://"),
        "no absolute URL without base_url"
    );
    assert!(!html.contains("\"url\":"), "no url in the JSON-LD without base_url");
}

#[test]
fn an_alias_redirects_to_the_entry() {
    let site = site(&[
        ("gloss.yaml", "title: T\nbase_url: https://c.example/guides/\n"),
        ("content/g/_index.md", "---\ntitle: G\nlast_reviewed: 2099-01-01\n---\n"),
        ("content/g/a.md", "---\ntitle: Moved here?\naliases: [/old/painful/, /faq.html]\n---\nHi.\n"),
    ]);
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let redirect = read(site.path().join("public/old/painful/index.html"));
    assert!(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=../../g/a/index.html\">"), "{redirect}");
    assert!(redirect.contains("<link rel=\"canonical\" href=\"https://c.example/guides/g/a/\">"), "{redirect}");
    assert!(redirect.contains("<a href=\"../../g/a/index.html\">Moved here?</a>"), "{redirect}");
    let flat = read(site.path().join("public/faq.html"));
    assert!(flat.contains("url=g/a/index.html"), "{flat}");
}

#[test]
fn an_alias_that_takes_a_page_address_is_an_error() {
    let site = site(&[
        ("gloss.yaml", "title: T\n"),
        ("content/g/_index.md", "---\ntitle: G\n---\n"),
        ("content/g/a.md", "---\ntitle: A?\naliases:\n  - /g/\n---\n"),
    ]);
    let err = stderr(&gloss(site.path(), &["check"]));
    assert!(err.contains("content/g/a.md:4:5: error: the alias `/g/` is already the address of another page"), "{err}");
}

#[test]
fn the_practices_urgent_help_is_on_every_entry_page_and_the_handout_in_both_themes() {
    // The practice writes once, in gloss.yaml, when a patient must not wait.
    let urgent = "Call 911 if your throat swells.\nCall us the same day if you have a fever.";
    for theme in ["clinic", "warm"] {
        let site = shipped_site()
            .edit("gloss.yaml", |config| {
                let config = config.replace("theme: clinic", &format!("theme: {theme}"));
                let without: Vec<&str> = config.lines().filter(|l| !l.starts_with("  urgent_help:")).collect();
                without.join("\n").replace("  email:", &format!("  urgent_help: {urgent:?}\n  email:"))
            })
            .built();
        let pages: Vec<String> = files_under(&site.path().join("public/microneedling"))
            .into_iter()
            .filter(|p| p.ends_with("/index.html"))
            .collect();
        assert_eq!(pages.len(), 8, "seven entry pages and the handout: {pages:?}");
        for page in pages {
            let doc = Html::parse_document(&site.output(&format!("microneedling/{page}")));
            let callout = Selector::parse("main section[aria-labelledby='urgent-help-title']").unwrap();
            let found: Vec<_> = doc.select(&callout).collect();
            assert_eq!(found.len(), 1, "{theme} {page}: one urgent-help region");
            let heading = doc.select(&Selector::parse("#urgent-help-title").unwrap()).next().unwrap();
            assert_eq!(heading.value().name(), "h2", "{theme} {page}: the region is named by a heading");
            assert_eq!(heading.text().collect::<String>(), "When to get urgent help");
            let text: String = found[0].text().collect();
            assert!(text.contains(urgent), "{theme} {page}: the practice's words, line break kept: {text}");
        }
    }
}

/// The text of the first element `selector` picks in `html`, spaces collapsed.
fn text_of(html: &str, selector: &str) -> String {
    let doc = Html::parse_document(html);
    let picked = Selector::parse(selector).unwrap();
    let text: String = doc.select(&picked).next().map(|e| e.text().collect::<Vec<_>>().join(" ")).unwrap_or_default();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A patient on an entry or guide page reads who reviewed it and when in one
/// short line ("Reviewed by Dr. Alex Example · Oct 2026", the name without
/// its credentials); the full trail (the name with credentials, the exact
/// date, the next review) opens with a tap, without a script. An overdue
/// review is said in the line itself, in both themes.
#[test]
fn an_entry_pages_review_trail_is_one_line_with_the_details_a_tap_away() {
    for theme in ["clinic", "warm"] {
        let shipped = shipped_site();
        let config = shipped.path().join("gloss.yaml");
        std::fs::write(&config, read(&config).replace("theme: clinic", &format!("theme: {theme}"))).unwrap();
        assert!(gloss(shipped.path(), &["build"]).status.success());
        for page in ["microneedling/aftercare/index.html", "microneedling/index.html"] {
            let html = read(shipped.path().join("public").join(page));
            assert_eq!(
                text_of(&html, ".page-header details.review > summary"),
                "Reviewed by Dr. Alex Example · Oct 2026",
                "{theme} {page}"
            );
            let details = text_of(&html, ".page-header details.review");
            assert!(
                details.contains("Dr. Alex Example, MD (sample reviewer) on October 15, 2026"),
                "{theme}: {details}"
            );
            assert!(details.contains("Next review due October 15, 2027"), "{theme}: {details}");
        }

        let overdue = site(&[
            ("gloss.yaml", &format!("title: T\nbase_url: https://c.example/\ntheme: {theme}\n")),
            ("content/g/_index.md", "---\ntitle: G\nreviewed_by: Dr. A\nlast_reviewed: 2020-03-12\n---\nAbout G.\n"),
            ("content/g/old.md", "---\ntitle: Old?\n---\nFine.\n"),
        ])
        .theme("warm");
        assert!(gloss(overdue.path(), &["build"]).status.success());
        let html = read(overdue.path().join("public/g/old/index.html"));
        assert_eq!(
            text_of(&html, ".page-header details.review > summary"),
            "Reviewed by Dr. A · Mar 2020 · Review overdue",
            "{theme}"
        );
    }
}
