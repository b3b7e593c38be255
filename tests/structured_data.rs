//! What a search engine reads in a page's schema.org JSON-LD: who reviewed
//! it (a person with credentials, written once in gloss.yaml), the trail of
//! breadcrumbs the page shows, when it last changed, the practice behind it,
//! and each question's answer with its headings and lists.

mod common;

use common::*;
use scraper::{Html, Selector};
use serde_json::Value;

/// The page's one JSON-LD block, parsed.
fn json_ld(site: &TestSite, page: &str) -> Value {
    let html = site.output(page);
    let doc = Html::parse_document(&html);
    let sel = Selector::parse("script[type='application/ld+json']").unwrap();
    let blocks: Vec<Value> = doc
        .select(&sel)
        .map(|s| serde_json::from_str(&s.text().collect::<String>()).expect("JSON-LD is JSON"))
        .collect();
    assert_eq!(blocks.len(), 1, "{page}: one JSON-LD block");
    blocks.into_iter().next().unwrap()
}

const CONFIG: &str = r#"title: Clinic guides
base_url: https://c.example/guides/
practice:
  name: "Maple Clinic"
  phone: "555-0100"
  address: "1 Maple Street, Springfield"
  url: https://clinic.example/
reviewers:
  alex:
    name: "Dr. Alex Example"
    credentials: "MD, FAAD"
    job_title: "Dermatologist"
    url: https://clinic.example/team/alex
"#;

/// A guide reviewed by `alex`, with one question reviewed later whose
/// answer has a heading, a list, a link to another page and a web link,
/// and a guide with no questions yet reviewed by a name written out.
fn clinic_site() -> TestSite {
    site(&[
        ("gloss.yaml", CONFIG),
        (
            "content/peels/_index.md",
            "---\ntitle: Peels\nreviewed_by: alex\nlast_reviewed: 2026-01-05\n---\nAbout peels.\n",
        ),
        (
            "content/peels/sting.md",
            "---\ntitle: Does it sting?\nsummary: A little.\nlast_reviewed: 2026-03-01\n---\n\
             A little, for a minute.\n\n## Before\n\n- Numbing *cream*\n- See [aftercare](after.md) or the \
             [NHS page](https://www.nhs.uk/a?b=1&c=2)\n",
        ),
        ("content/peels/after.md", "---\ntitle: Aftercare?\nsummary: Rest.\n---\nRest **well**.\n"),
        ("content/lasers/_index.md", "---\ntitle: Lasers\nreviewed_by: \"Dr. B Free, RN\"\n---\nSoon.\n"),
    ])
}

#[test]
fn an_entry_pages_json_ld_names_its_reviewer_crumbs_date_and_practice() {
    let site = clinic_site().built();
    let ld = json_ld(&site, "peels/sting/index.html");
    insta::assert_snapshot!("entry_page_json_ld", serde_json::to_string_pretty(&ld).unwrap());
    assert_eq!(ld["reviewedBy"]["name"], "Dr. Alex Example");
    assert_eq!(ld["reviewedBy"]["honorificSuffix"], "MD, FAAD");
    assert_eq!(ld["dateModified"], "2026-03-01");
    let crumbs: Vec<&str> =
        ld["breadcrumb"]["itemListElement"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(crumbs, ["Home", "Peels", "Does it sting?"], "as the page's breadcrumb navigation shows");
}

#[test]
fn a_guide_pages_faq_keeps_the_answers_headings_lists_and_web_links() {
    let site = clinic_site().built();
    let ld = json_ld(&site, "peels/index.html");
    insta::assert_snapshot!("guide_page_json_ld", serde_json::to_string_pretty(&ld).unwrap());
    let questions = ld[1]["mainEntity"].as_array().unwrap();
    let sting = questions.iter().find(|q| q["name"] == "Does it sting?").expect("the question");
    let answer = sting["acceptedAnswer"]["text"].as_str().unwrap();
    assert!(answer.contains("<h2>Before</h2><ul><li>Numbing <em>cream</em></li>"), "{answer}");
    assert!(answer.contains(r#"<a href="https://www.nhs.uk/a?b=1&amp;c=2">NHS page</a>"#), "{answer}");
    assert_eq!(ld[0]["dateModified"], "2026-03-01", "the latest review of anything the page shows");
}

#[test]
fn a_guide_without_questions_has_no_empty_faq() {
    let site = clinic_site().built();
    let ld = json_ld(&site, "lasers/index.html");
    assert_eq!(ld["@type"], "MedicalWebPage", "one object, no FAQPage: {ld}");
    assert_eq!(
        ld["reviewedBy"],
        serde_json::json!({"@type": "Person", "name": "Dr. B Free", "honorificSuffix": "RN"}),
        "a name written out with its credentials after a comma"
    );
}

#[test]
fn the_review_line_shows_a_listed_reviewers_name_and_credentials() {
    let site = clinic_site().built();
    for page in ["peels/index.html", "peels/sting/index.html"] {
        let html = site.output(page);
        assert!(html.contains("Medically reviewed by <strong>Dr. Alex Example, MD, FAAD</strong>"), "{page}: {html}");
    }
}

#[test]
fn a_reviewer_key_that_names_no_reviewer_is_an_error_with_a_suggestion() {
    clinic_site()
        .edit("content/peels/after.md", |c| c.replace("summary: Rest.", "summary: Rest.\nreviewed_by: alx"))
        .run("check")
        .fails()
        .stderr_has("content/peels/after.md:4:14: error: `reviewed_by: alx` names no reviewer in gloss.yaml")
        .stderr_has("did you mean `alex`?");
}

#[test]
fn a_reviewers_address_that_is_no_web_address_is_an_error_at_its_line() {
    clinic_site()
        .edit("gloss.yaml", |c| c.replace("url: https://clinic.example/team/alex", "url: clinic.example/team/alex"))
        .run("check")
        .fails()
        .stderr_has("gloss.yaml:13:10: error:");
}
