//! Structured data: the schema.org JSON-LD a guide or entry page carries, so
//! search engines know the page is medical content, about which procedure,
//! for patients, reviewed by whom and when.
//!
//! The JSON is built with serde_json (never by pasting strings) and then made
//! safe to sit inside `<script>`: no text a writer types can close the script
//! element or open a comment.

use serde::Serialize;

use crate::config::{ReviewedBy, SiteConfig};
use crate::content::{Date, SourceRef};
use crate::site::{self, Entry, Guide};

/// A page's JSON-LD: its schema.org objects, which serialise as their JSON
/// text, safe inside `<script>` ([`JsonLd::text`]), wherever a template
/// gets them.
///
/// The dev server's digest (the one serializer that is not human-readable,
/// see `crate::cache`) gets the objects instead: the text is a function of
/// them, and writing it (escaping every answer of a guide) would otherwise
/// be done for every page the server already has.
pub(crate) struct JsonLd<'a>(Objects<'a>);

enum Objects<'a> {
    /// A guide page: its `MedicalWebPage`, and an `FAQPage` if it has any
    /// question.
    Guide(MedicalWebPage<'a>, FaqPage<'a>),
    Page(MedicalWebPage<'a>),
}

impl JsonLd<'_> {
    /// The JSON, safe to print inside `<script>` as it is.
    fn text(&self) -> String {
        // Serialising strings and numbers cannot fail.
        let json = match &self.0 {
            Objects::Guide(page, faq) => serde_json::to_string(&(page, faq)),
            Objects::Page(page) => serde_json::to_string(page),
        };
        script_safe_json(&json.unwrap_or_default())
    }
}

impl Serialize for JsonLd<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            _ if serializer.is_human_readable() => serializer.serialize_str(&self.text()),
            Objects::Guide(page, faq) => (page, faq).serialize(serializer),
            Objects::Page(page) => page.serialize(serializer),
        }
    }
}

/// JSON-LD for a guide page: a `MedicalWebPage` about the guide's procedure
/// and, if the guide has questions, an `FAQPage` with every entry's full
/// answer (`answers`, as [`crate::markdown::Parsed::faq_answer_html`] gives).
pub(crate) fn guide_page<'a>(config: &'a SiteConfig, guide: &'a Guide, answers: &[&'a str]) -> JsonLd<'a> {
    let meta = &guide.doc.meta;
    let procedure = meta.procedure.as_deref().unwrap_or(&guide.title);
    let url = site::guide_url(&guide.slug);
    let mut page = MedicalWebPage::new(config, &guide.title, meta.description.as_deref(), &url, procedure);
    page.review(config, meta.reviewed_by.as_deref(), meta.last_reviewed);
    // The guide page shows every answer: it changed when any of them was
    // last reviewed.
    let entry_reviews = guide.entries.iter().filter_map(|e| e.doc.meta.last_reviewed);
    page.date_modified = meta.last_reviewed.into_iter().chain(entry_reviews).max().map(|date| date.to_string());
    page.citation = guide.entries.iter().flat_map(|e| &e.doc.meta.sources).map(CreativeWork::new).collect();
    if guide.entries.is_empty() {
        return JsonLd(Objects::Page(page));
    }
    let faq = FaqPage {
        context: "https://schema.org",
        kind: "FAQPage",
        main_entity: guide
            .entries
            .iter()
            .zip(answers)
            .map(|(entry, answer)| Question {
                kind: "Question",
                accepted_answer: Answer { kind: "Answer", text: answer },
                name: &entry.title,
            })
            .collect(),
    };
    JsonLd(Objects::Guide(page, faq))
}

#[derive(Serialize)]
struct FaqPage<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "mainEntity")]
    main_entity: Vec<Question<'a>>,
}

#[derive(Serialize)]
struct Question<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "acceptedAnswer")]
    accepted_answer: Answer<'a>,
    name: &'a str,
}

#[derive(Serialize)]
struct Answer<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: &'a str,
}

/// JSON-LD for an entry page: a `MedicalWebPage` for the one question,
/// with the breadcrumbs the page shows (Home, the guide, the question).
/// `root` is the way from the page to the site's root, for the crumbs'
/// addresses when there is no `base_url`.
pub(crate) fn entry_page<'a>(config: &'a SiteConfig, guide: &'a Guide, entry: &'a Entry, root: &str) -> JsonLd<'a> {
    let meta = &entry.doc.meta;
    let url = site::entry_url(&guide.slug, &entry.slug);
    let procedure = guide.doc.meta.procedure.as_deref().unwrap_or(&guide.title);
    let mut page = MedicalWebPage::new(config, &entry.title, meta.summary.as_deref(), &url, procedure);
    let last_reviewed = meta.last_reviewed.or(guide.doc.meta.last_reviewed);
    page.review(config, meta.reviewed_by.as_deref().or(guide.doc.meta.reviewed_by.as_deref()), last_reviewed);
    page.date_modified = last_reviewed.map(|date| date.to_string());
    page.citation = meta.sources.iter().map(CreativeWork::new).collect();
    let guide_url = site::guide_url(&guide.slug);
    page.breadcrumb = Some(BreadcrumbList::new(
        config,
        root,
        [("Home", site::HOME_URL.to_string()), (guide.title.as_str(), guide_url.clone()), (entry.title.as_str(), url)],
    ));
    page.is_part_of = Some(PartOf {
        kind: "MedicalWebPage",
        name: &guide.title,
        url: config.base_url().map(|base| absolute_url(base, &guide_url)),
    });
    JsonLd(Objects::Page(page))
}

/// The trail of pages from the home page to this one, as the page's
/// breadcrumb navigation shows it.
#[derive(Serialize)]
struct BreadcrumbList<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    item_list_element: Vec<ListItem<'a>>,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    /// The page's address: absolute with a `base_url`, else the crumb's
    /// own relative link.
    item: String,
    name: &'a str,
    position: usize,
}

impl<'a> BreadcrumbList<'a> {
    fn new<const N: usize>(config: &SiteConfig, root: &str, crumbs: [(&'a str, String); N]) -> Self {
        let item_list_element = crumbs
            .into_iter()
            .enumerate()
            .map(|(i, (name, url))| ListItem {
                kind: "ListItem",
                item: match config.base_url() {
                    Some(base) => absolute_url(base, &url),
                    None => format!("{root}{url}"),
                },
                name,
                position: i + 1,
            })
            .collect();
        BreadcrumbList { kind: "BreadcrumbList", item_list_element }
    }
}

/// A schema.org `MedicalWebPage` for patients, typed so that writing one
/// (every guide and entry page has one) builds no map. Its fields are
/// declared in alphabetical order, which serde keeps, and so are those of
/// the types below: the order of the published JSON-LD.
#[derive(Serialize)]
struct MedicalWebPage<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    about: Named<'a>,
    audience: Typed,
    #[serde(skip_serializing_if = "Option::is_none")]
    breadcrumb: Option<BreadcrumbList<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    citation: Vec<CreativeWork<'a>>,
    /// The last review's date: gloss knows no other date of a page's
    /// content, and a review is when a clinician last checked it.
    #[serde(rename = "dateModified", skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isPartOf", skip_serializing_if = "Option::is_none")]
    is_part_of: Option<PartOf<'a>>,
    #[serde(rename = "lastReviewed", skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<String>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Publisher<'a>>,
    #[serde(rename = "reviewedBy", skip_serializing_if = "Option::is_none")]
    reviewed_by: Option<Person<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

impl<'a> MedicalWebPage<'a> {
    /// A page called `name` about the procedure `about`.
    fn new(config: &'a SiteConfig, name: &'a str, description: Option<&'a str>, url: &str, about: &'a str) -> Self {
        MedicalWebPage {
            context: "https://schema.org",
            kind: "MedicalWebPage",
            about: Named::new("MedicalProcedure", about),
            audience: Typed { kind: "Patient" },
            breadcrumb: None,
            citation: Vec::new(),
            date_modified: None,
            description,
            in_language: &config.language,
            is_part_of: None,
            last_reviewed: None,
            name,
            publisher: Publisher::of(config),
            reviewed_by: None,
            url: config.base_url().map(|base| absolute_url(base, url)),
        }
    }

    fn review(&mut self, config: &'a SiteConfig, reviewed_by: Option<&'a str>, last_reviewed: Option<Date>) {
        self.last_reviewed = last_reviewed.map(|date| date.to_string());
        self.reviewed_by = reviewed_by.map(|text| Person::new(config.reviewer(text)));
    }
}

/// The clinician who reviewed a page, with the parts schema.org keeps
/// apart: a listed reviewer's, or those of a name written out.
#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "honorificSuffix", skip_serializing_if = "Option::is_none")]
    honorific_suffix: Option<&'a str>,
    #[serde(rename = "jobTitle", skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

impl<'a> Person<'a> {
    fn new(reviewed_by: ReviewedBy<'a>) -> Self {
        let person = |name| Person { kind: "Person", honorific_suffix: None, job_title: None, name, url: None };
        match reviewed_by {
            // "Dr. Alex Example, MD": credentials follow the name after a
            // comma, as they are written after names everywhere.
            ReviewedBy::Named(text) => match text.split_once(',') {
                Some((name, credentials)) if !name.trim().is_empty() && !credentials.trim().is_empty() => {
                    Person { honorific_suffix: Some(credentials.trim()), ..person(name.trim()) }
                }
                _ => person(text.trim()),
            },
            ReviewedBy::Listed(reviewer) => Person {
                honorific_suffix: reviewer.credentials.as_deref(),
                job_title: reviewer.job_title.as_deref(),
                url: reviewer.url.as_ref().and_then(|url| url.href()),
                ..person(&reviewer.name)
            },
        }
    }
}

#[derive(Serialize)]
struct Typed {
    #[serde(rename = "@type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

impl<'a> Named<'a> {
    fn new(kind: &'static str, name: &'a str) -> Self {
        Named { kind, name }
    }
}

#[derive(Serialize)]
struct PartOf<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// The practice, from gloss.yaml's `practice:`.
#[derive(Serialize)]
struct Publisher<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    telephone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

impl<'a> Publisher<'a> {
    /// The practice, if it has a name; its address is its own `url`, else
    /// the site's, which the practice publishes.
    fn of(config: &'a SiteConfig) -> Option<Self> {
        let practice = &config.practice;
        Some(Publisher {
            kind: "MedicalOrganization",
            address: practice.address.as_deref(),
            email: practice.email.as_deref(),
            name: practice.name.as_deref()?,
            telephone: practice.phone.as_deref(),
            url: practice.url.as_ref().and_then(|url| url.href()).or(config.base_url()).map(str::to_string),
        })
    }
}

/// A source an answer cites.
#[derive(Serialize)]
struct CreativeWork<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Named<'a>>,
    /// Serialised only if it is an address a page may link to.
    url: &'a crate::href::Address,
}

impl<'a> CreativeWork<'a> {
    fn new(source: &'a SourceRef) -> Self {
        CreativeWork {
            kind: "CreativeWork",
            date_published: source.year.map(|year| year.to_string()),
            name: &source.title,
            publisher: source.publisher.as_deref().map(|name| Named::new("Organization", name)),
            url: &source.url,
        }
    }
}

/// `https://clinic.example/guides` + `g/a/index.html` →
/// `https://clinic.example/guides/g/a/`: the address people share.
pub(crate) fn absolute_url(base_url: &str, path: &str) -> String {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    format!("{}/{path}", base_url.trim_end_matches('/'))
}

/// JSON that can sit inside `<script type="application/ld+json">`: `<`, `>`
/// and `&` become `\u003c`, `\u003e`, `\u0026` (so neither `</script>` nor
/// `<!--` can appear), and the line separators JavaScript once rejected are
/// escaped too. The result is the same JSON value. Copies each run of bytes
/// that need no escaping in one `push_str` (the search index is almost all
/// such runs); U+2028 and U+2029 are the bytes E2 80 A8 and E2 80 A9, and a
/// match on ASCII bytes or on a whole UTF-8 sequence is at char boundaries.
pub(crate) fn script_safe_json(json: &str) -> String {
    let bytes = json.as_bytes();
    let mut out = String::with_capacity(json.len());
    let mut safe_from = 0;
    // The next `<`, `>` or `&`, and the next 0xE2 byte, each found with
    // memchr (vectorised) and looked for again only once passed: the search
    // index holds every word of the site, and almost all its bytes are safe.
    let mut next_markup = memchr::memchr3(b'<', b'>', b'&', bytes);
    let mut next_e2 = memchr::memchr(0xE2, bytes);
    loop {
        let i = match (next_markup, next_e2) {
            (Some(m), Some(e)) => m.min(e),
            (Some(i), None) | (None, Some(i)) => i,
            (None, None) => break,
        };
        let (escape, len) = match bytes[i] {
            b'<' => ("\\u003c", 1),
            b'>' => ("\\u003e", 1),
            b'&' => ("\\u0026", 1),
            _ if bytes[i + 1..].starts_with(&[0x80, 0xA8]) => ("\\u2028", 3),
            _ if bytes[i + 1..].starts_with(&[0x80, 0xA9]) => ("\\u2029", 3),
            _ => ("", 0),
        };
        if len > 0 {
            out.push_str(&json[safe_from..i]);
            out.push_str(escape);
            safe_from = i + len;
        }
        let after = i + len.max(1);
        if next_markup.is_some_and(|m| m < after) {
            next_markup = memchr::memchr3(b'<', b'>', b'&', &bytes[after..]).map(|m| m + after);
        }
        if next_e2.is_some_and(|e| e < after) {
            next_e2 = memchr::memchr(0xE2, &bytes[after..]).map(|e| e + after);
        }
    }
    out.push_str(&json[safe_from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn script_safe_json_cannot_close_the_script() {
        let hostile = "</script><script>alert(1)</script> <!-- \"quoted\" & \u{2028}";
        let safe = script_safe_json(&json!({ "name": hostile }).to_string());
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'), "{safe}");
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["name"], hostile);
    }

    /// The escaping done plainly, one char at a time: what
    /// [`script_safe_json`] must give.
    fn script_safe_reference(json: &str) -> String {
        let mut out = String::new();
        for c in json.chars() {
            match c {
                '<' => out.push_str("\\u003c"),
                '>' => out.push_str("\\u003e"),
                '&' => out.push_str("\\u0026"),
                '\u{2028}' => out.push_str("\\u2028"),
                '\u{2029}' => out.push_str("\\u2029"),
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn script_escaping_keeps_the_edges_and_neighbours_of_the_separators() {
        for s in ["", "<", "a>", "&a", "\u{2028}", "x\u{2029}", "\u{2027}\u{202a}\u{20ac}", "é<\u{2028}>😀"] {
            assert_eq!(script_safe_json(s), script_safe_reference(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn script_escaping_matches_the_char_by_char_reference(
            s in "([a-z \"é€😀\u{2027}\u{202a}]|[<>&\u{2028}\u{2029}]){0,40}"
        ) {
            proptest::prop_assert_eq!(script_safe_json(&s), script_safe_reference(&s));
        }

        #[test]
        fn script_escaping_any_text_matches_the_reference(s in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(script_safe_json(&s), script_safe_reference(&s));
        }
    }

    #[test]
    fn absolute_urls_are_the_pretty_form() {
        assert_eq!(absolute_url("https://c.example/guides/", "g/a/index.html"), "https://c.example/guides/g/a/");
        assert_eq!(absolute_url("https://c.example", "index.html"), "https://c.example/");
        assert_eq!(absolute_url("https://c.example", "sitemap.xml"), "https://c.example/sitemap.xml");
    }
}
