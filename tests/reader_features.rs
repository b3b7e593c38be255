//! What a patient reads with: glossary definitions, a printable handout and
//! offline search data. (Their behaviour in a browser is tested in
//! tests/browser_reader.rs.)

mod common;

use std::collections::HashSet;
use std::path::Path;

use common::*;
use scraper::{Html, Selector};

fn built_shipped() -> (TestSite, std::path::PathBuf) {
    let site = shipped_site();
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let out = site.path().join("public");
    (site, out)
}

fn select<'a>(doc: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(selector).unwrap()).collect()
}

fn ids(doc: &Html) -> Vec<String> {
    doc.root_element().descendants().filter_map(|n| n.value().as_element()?.attr("id").map(str::to_string)).collect()
}

#[test]
fn glossary_page_lists_every_term_and_entries_explain_them() {
    let (_site, out) = built_shipped();
    let glossary = Html::parse_document(&read(out.join("glossary/index.html")));
    let glossary_ids: HashSet<String> = ids(&glossary).into_iter().collect();
    for slug in ["collagen", "elastin", "dermatologist", "topical-numbing-cream", "micro-channels"] {
        assert!(glossary_ids.contains(slug), "glossary page has #{slug}");
    }
    let painful = Html::parse_document(&read(out.join("microneedling/is-it-painful/index.html")));
    let terms = select(&painful, "button.term[popovertarget]");
    assert!(!terms.is_empty(), "an entry explains its terms");
    for term in terms {
        let target = term.value().attr("popovertarget").unwrap();
        let popover = select(&painful, &format!("[id='{target}'][popover]"));
        assert_eq!(popover.len(), 1, "popover {target}");
        let more = select(&painful, &format!("[id='{target}'] a.term-more"));
        let href = more[0].value().attr("href").unwrap();
        let anchor = href.split('#').nth(1).unwrap();
        assert!(href.starts_with("../../glossary/index.html#") && glossary_ids.contains(anchor), "{href}");
    }
}

#[test]
fn print_page_holds_the_whole_guide_with_unique_ids() {
    let (_site, out) = built_shipped();
    let guide = Html::parse_document(&read(out.join("microneedling/index.html")));
    let print_links = select(&guide, "a[href='../microneedling/print/index.html']");
    assert_eq!(print_links.len(), 1, "a Print this guide link");
    let print = Html::parse_document(&read(out.join("microneedling/print/index.html")));
    let questions: Vec<String> =
        select(&print, "h2").iter().map(|h| h.text().collect::<String>().trim().to_string()).collect();
    for q in ["Is microneedling painful?", "How do I care for my skin afterwards?", "How do I choose a provider?"] {
        assert!(questions.iter().any(|h| h == q), "{q} in {questions:?}");
    }
    assert!(select(&print, "details").is_empty(), "everything is open on paper");
    let all_ids = ids(&print);
    let unique: HashSet<&String> = all_ids.iter().collect();
    assert_eq!(unique.len(), all_ids.len(), "ids are unique: {all_ids:?}");
    let text: String = print.root_element().text().collect();
    assert!(text.contains("555-0100"), "practice phone on the handout");
    assert!(text.contains("October 15, 2026"), "review date on the handout");
    assert!(text.contains("When to call your doctor"), "the callout is printed");
}

/// The data of a shard of the shipped site's search index (`search/en/<name>`).
fn search_shard(out: &Path, name: &str) -> serde_json::Value {
    let script = read(out.join("search/en").join(name));
    let data = script.split_once("]=").expect("a script setting one global's member").1;
    serde_json::from_str(data.trim().strip_suffix(';').unwrap()).unwrap()
}

#[test]
fn search_index_covers_every_entry_and_points_into_it() {
    let (_site, out) = built_shipped();
    let manifest = search_shard(&out, "manifest.js");
    assert_eq!(manifest["docs"], 7);
    let per_shard = manifest["perShard"].as_u64().unwrap() as usize;
    let docs: Vec<serde_json::Value> =
        (0..7).map(|d| search_shard(&out, &format!("d/{}.js", d / per_shard))[d % per_shard].clone()).collect();
    let painful = docs.iter().position(|d| d["t"] == "Is microneedling painful?").unwrap();
    assert_eq!(docs[painful]["u"], "microneedling/is-it-painful/index.html");
    let guide =
        manifest["guides"].as_array().unwrap().iter().rev().find(|g| g[1].as_u64().unwrap() as usize <= painful);
    assert_eq!(guide.unwrap()[0], "Microneedling");
    // Each section: anchor, heading, text (for excerpts and the section to link to).
    let sections = docs[painful]["x"].as_array().unwrap();
    let numbing = sections.iter().find(|s| s[0] == "numbing-cream").expect("the Numbing cream section");
    assert!(numbing[2].as_str().unwrap().contains("topical"), "the text, for excerpts");
    // Words are indexed by their stems, as the search box stems a query:
    // "topical" is "topic", whose postings' text set has the painful entry.
    let keys = manifest["postings"].as_array().unwrap();
    let n = keys.iter().rposition(|k| k.as_str().unwrap() <= "topic").unwrap();
    let text_set = search_shard(&out, &format!("p/{n}.js"))["topic"][3].as_str().unwrap().to_string();
    let mut doc = 0;
    let text_docs: Vec<usize> = text_set
        .split(',')
        .map(|gap| {
            doc += usize::from_str_radix(gap, 36).unwrap();
            doc
        })
        .collect();
    assert!(text_docs.contains(&painful), "{text_set:?}");
    assert_eq!(manifest["stemmer"], "english");
    let vocabulary = search_shard(&out, "v/0.js");
    let entry = vocabulary.as_array().unwrap().iter().find(|e| e[0] == "painful").expect("painful in the vocabulary");
    assert_eq!(entry[2], "pain");
    assert!(manifest["synonyms"]["hurt"].as_array().unwrap().contains(&serde_json::json!("pain")));
    for doc in &docs {
        let page = Html::parse_document(&read(out.join(doc["u"].as_str().unwrap())));
        let page_ids: HashSet<String> = ids(&page).into_iter().collect();
        for section in doc["x"].as_array().unwrap() {
            let anchor = section[0].as_str().unwrap();
            assert!(anchor.is_empty() || page_ids.contains(anchor), "#{anchor} on {}", doc["u"]);
        }
    }
}

#[test]
fn glossary_mistakes_are_reported() {
    let site = site(&[
        ("gloss.yaml", "title: T\nbase_url: https://c.example/\n"),
        ("content/g/_index.md", "---\ntitle: G\nlast_reviewed: 2099-01-01\n---\n"),
        (
            "content/glossary.yaml",
            "- term: collagen\n  definition: A protein.\n- term: elastin\n  meaning: Stretchy.\n",
        ),
    ]);
    let err = stderr(&gloss(site.path(), &["check"]));
    assert!(err.contains("content/glossary.yaml:4:3: error: glossary: term 2: unknown field `meaning`, expected one of `term`, `definition`, `aliases`"), "{err}");
}

/// A clinic adds the words its own patients use; the search index carries
/// them, stemmed, beside gloss's own.
#[test]
fn a_sites_synonyms_join_the_shipped_ones_in_the_search_index() {
    let site = site(&[
        ("gloss.yaml", "title: T\nbase_url: https://c.example/\n"),
        ("content/g/_index.md", "---\ntitle: G\nlast_reviewed: 2099-01-01\n---\n"),
        ("content/g/a.md", "---\ntitle: Does it sting?\n---\nA little.\n"),
        ("content/synonyms.yaml", "# our patients' words\nzapping: [lasers, stinging]\nhurt: [twinges]\n"),
    ]);
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let js = read(site.path().join("public/search/en/manifest.js"));
    assert!(js.contains(r#""zap":["laser","sting"]"#), "{js}");
    let hurt = js.split(r#""hurt":["#).nth(1).and_then(|r| r.split(']').next()).unwrap();
    assert!(hurt.contains(r#""pain""#) && hurt.contains(r#""twing""#), "{hurt}");
    assert!(!site.path().join("public/synonyms.yaml").exists(), "the synonyms file is not published");
}

/// A synonyms file in the wrong shape is one error at its line, saying what
/// shape to write.
#[test]
fn synonyms_mistakes_are_reported_at_their_line() {
    let site = site(&[
        ("gloss.yaml", "title: T\nbase_url: https://c.example/\n"),
        ("content/g/_index.md", "---\ntitle: G\nlast_reviewed: 2099-01-01\n---\n"),
        ("content/g/a.md", "---\ntitle: A?\n---\nBody.\n"),
        ("content/synonyms.yaml", "hurt: [pain, sore]\nscar: scarring\nside effects: [risks]\n"),
    ]);
    let run = gloss(site.path(), &["check"]);
    let err = stderr(&run);
    assert!(!run.status.success());
    assert!(err.contains("content/synonyms.yaml:2:1: error: synonyms: `scar` needs a list of words"), "{err}");
    assert!(err.contains("help: write one patient word per line"), "{err}");
    assert!(err.contains("content/synonyms.yaml:3:1: error: synonyms: `side effects` is not one word"), "{err}");
    let site = site_with_synonyms("- hurt\n- pain\n");
    let err = stderr(&gloss(site.path(), &["check"]));
    assert!(
        err.contains(
            "content/synonyms.yaml:1:1: error: synonyms: the file must be a list of `word: [other, words]` lines"
        ),
        "{err}"
    );
    let site = site_with_synonyms("hurt: [pain\n");
    let err = stderr(&gloss(site.path(), &["check"]));
    assert!(err.contains("content/synonyms.yaml:2:1: error: synonyms:"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
}

fn site_with_synonyms(text: &str) -> TestSite {
    site(&[
        ("gloss.yaml", "title: T\nbase_url: https://c.example/\n"),
        ("content/g/_index.md", "---\ntitle: G\nlast_reviewed: 2099-01-01\n---\n"),
        ("content/g/a.md", "---\ntitle: A?\n---\nBody.\n"),
        ("content/synonyms.yaml", text),
    ])
}

#[test]
fn a_site_without_glossary_has_no_glossary_page_or_link() {
    let site = site(&[
        ("gloss.yaml", "title: T\nbase_url: https://c.example/\n"),
        ("content/g/_index.md", "---\ntitle: G\nlast_reviewed: 2099-01-01\n---\n"),
        ("content/g/a.md", "---\ntitle: A?\n---\nCollagen.\n"),
    ]);
    assert!(gloss(site.path(), &["build"]).status.success());
    assert!(!site.path().join("public/glossary").exists());
    assert!(!read(site.path().join("public/g/a/index.html")).contains("glossary/index.html"));
}

/// The header of a PNG `width` × `height` pixels: signature and IHDR chunk,
/// all gloss reads of an image.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

/// A patient on a slow phone: images keep their place as they load (their
/// size is in the tag) and those below the first wait until they are near
/// the screen; a file whose size cannot be read gets no size and no fuss.
#[test]
fn images_carry_their_size_and_all_but_the_first_load_lazily() {
    let entry = "---\ntitle: What does it look like?\n---\n![The skin a day after](after.png)\n\n\
        ![A diagram of the layers of the skin](layers.svg)\n\n![A photo gloss cannot read](odd.png)\n";
    let site = TestSite::fixture("minimal")
        .file("content/peels/look.md", entry)
        .file("content/peels/after.png", png_header(640, 480))
        .file("content/peels/layers.svg", r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 150"></svg>"#)
        .file("content/peels/odd.png", "not really a PNG")
        .built();
    let imgs = |page: &str| -> Vec<String> {
        let html = site.output(page);
        html.match_indices("<img ")
            .map(|(at, _)| html[at..at + html[at..].find('>').unwrap() + 1].to_string())
            .collect()
    };
    assert_eq!(
        imgs("peels/look/index.html"),
        [
            r#"<img src="../../peels/after.png" alt="The skin a day after" width="640" height="480" />"#,
            r#"<img src="../../peels/layers.svg" alt="A diagram of the layers of the skin" width="300" height="150" loading="lazy" decoding="async" />"#,
            r#"<img src="../../peels/odd.png" alt="A photo gloss cannot read" loading="lazy" decoding="async" />"#,
        ]
    );
    // On the guide page the entry is one closed question among others.
    let on_guide = imgs("peels/index.html");
    assert!(on_guide[0].ends_with(r#"width="640" height="480" loading="lazy" decoding="async" />"#), "{on_guide:?}");
}

/// An answer of `sections` sections of `words_each` words.
fn answer(sections: usize, words_each: usize) -> String {
    (1..=sections).map(|n| format!("## Part {n}\n\n{}\n\n", "word ".repeat(words_each))).collect()
}

#[test]
fn on_this_page_is_shown_only_where_an_answer_is_long_enough_to_need_it() {
    // The shipped answers are short (about 150 to 200 words, three or four
    // sections): the answer itself is the page's first thing to read.
    let (_site, out) = built_shipped();
    for entry in ["is-it-painful", "aftercare", "how-many-sessions", "will-it-cause-scars"] {
        let page = Html::parse_document(&read(out.join(format!("microneedling/{entry}/index.html"))));
        assert!(select(&page, "nav.on-this-page").is_empty(), "{entry} has no \"On this page\"");
    }

    // A long answer (three sections, 360 words) gets one; three short
    // sections, or two long ones, do not.
    let guide = "---\ntitle: Peels\n---\nAbout peels.\n";
    let entry = |body: String| format!("---\ntitle: A question?\n---\n{body}");
    let site = site(&[
        ("gloss.yaml", "title: T\n"),
        ("content/peels/_index.md", guide),
        ("content/peels/long.md", &entry(answer(3, 120))),
        ("content/peels/short.md", &entry(answer(3, 30))),
        ("content/peels/two-parts.md", &entry(answer(2, 200))),
    ])
    .built();
    let lists = |slug: &str| {
        let page = Html::parse_document(&site.output(&format!("peels/{slug}/index.html")));
        select(&page, "nav.on-this-page li").len()
    };
    assert_eq!(lists("long"), 3, "the long answer lists its three sections");
    assert_eq!(lists("short"), 0);
    assert_eq!(lists("two-parts"), 0);
}

#[test]
fn topics_show_with_their_names_not_as_lower_case_tags() {
    // Writers tag entries in lower case; the practice names one topic in
    // gloss.yaml, the others read as written with a capital letter.
    let entry = "---\ntitle: Is PRP added?\ntopics: [side effects, prp]\n---\nSometimes.\n";
    let site = site(&[
        ("gloss.yaml", "title: T\ntopics:\n  prp: Platelet-rich plasma (PRP)\n"),
        ("content/peels/_index.md", "---\ntitle: Peels\n---\nAbout peels.\n"),
        ("content/peels/prp.md", entry),
    ])
    .built();
    let texts = |page: &str, selector: &str| -> Vec<String> {
        let doc = Html::parse_document(&site.output(page));
        select(&doc, selector).iter().map(|e| e.text().collect::<String>().trim().to_string()).collect()
    };
    let names = ["Platelet-rich plasma (PRP)", "Side effects"];
    assert_eq!(texts("peels/prp/index.html", ".entry-topics li"), names);
    assert_eq!(texts("topics/prp/index.html", "h1"), ["Platelet-rich plasma (PRP)"]);
    assert_eq!(texts("topics/side-effects/index.html", "h1"), ["Side effects"]);
    let listed = texts("topics/index.html", "main li a");
    assert!(names.iter().all(|n| listed.iter().any(|l| l.starts_with(n))), "{listed:?}");
}
