//! Every markdown feature gloss supports, in each of the three places an
//! entry's answer is shown: its own page (links from `../../`, headings as
//! written, ids as written), its guide page (links from `../`, headings one
//! level down, ids prefixed with `<entry>--`) and the guide's print handout
//! (links from `../../`, headings and ids as on the guide page). The fixture
//! `tests/fixtures/markdown` has one entry per feature; each snapshot is the
//! entry's part of one page, byte for byte as gloss wrote it.

mod common;

use common::*;
use scraper::{Html, Selector};

/// The markdown fixture, built. Its warnings are there on purpose: the
/// unknown alert kind (`[!UNKNOWN]`) in `callouts.md`, the two headings of
/// `headings.md` that jump levels (`##` to `####`, `###` to `######`), which
/// every placement writes one level below the heading above them, and the
/// `javascript:` link in `raw-html.md`'s HTML, which the sanitiser leaves out.
fn features() -> TestSite {
    let site = TestSite::fixture("markdown");
    site.run("build").succeeds().stdout_has("Built 2 guides, 14 entries").stdout_has("(4 warnings)");
    site
}

/// One test per entry of the fixture: its three placements, one snapshot each.
macro_rules! in_every_placement {
    ($($test:ident: $entry:literal,)*) => {$(
        #[test]
        fn $test() {
            let site = features();
            for placement in Placement::ALL {
                let part = site.entry_in(placement, "features", $entry);
                let description = placement.describe("features", $entry);
                insta::with_settings!({ description => description, omit_expression => true }, {
                    insta::assert_snapshot!(format!("{}__{}", stringify!($test), placement.name()), part);
                });
            }
        }
    )*};
}

in_every_placement! {
    paragraphs_emphasis_lists_and_breaks: "paragraphs",
    headings_ids_and_the_table_of_contents: "headings",
    links_to_entries_files_anchors_and_the_web: "links",
    footnotes_are_numbered_and_namespaced: "footnotes",
    tables_scroll_in_their_own_box: "tables",
    // Task lists are not among the extensions gloss turns on: `- [ ]` stays text.
    task_list_markers_stay_text: "tasks",
    callouts_from_alert_markers: "callouts",
    glossary_terms_open_a_popover_on_first_use: "glossary",
    images_with_and_without_alt_text: "pictures",
    raw_html_is_sanitised: "raw-html",
    code_spans_and_blocks: "code",
    smart_punctuation: "smart-punctuation",
    strikethrough: "strikethrough",
}

/// A guide's introduction is on its guide page and its print page, with no
/// prefix and no shift: its headings only avoid the ids the entries take. The
/// guide page shows its opening, and its sections behind "More about …".
#[test]
fn a_guide_introduction_on_the_guide_and_print_pages() {
    let site = features();
    let intro = r#"<div class="prose guide-intro""#;
    let guide = site.output("features/index.html");
    let more = element(&guide, r#"<details class="guide-intro-more""#);
    let (start, end) = (guide.find(intro).unwrap(), guide.find(more).unwrap() + more.len());
    insta::assert_snapshot!("guide_intro__guide_page", &guide[start..end]);
    insta::assert_snapshot!("guide_intro__print_page", element(&site.output("features/print/index.html"), intro));
}

/// The home page's text links from the site's root.
#[test]
fn the_home_page_text() {
    let site = features();
    insta::assert_snapshot!("home_text", element(&site.output("index.html"), r#"<div class="prose home-intro""#));
}

/// What the snapshots cannot say at a glance: on every page, every id is
/// there once, and every link to `#id` on the same page finds it. This is
/// what the `<entry>--` prefixes are for once several answers share a page.
#[test]
fn every_page_has_unique_ids_and_no_dangling_fragment() {
    let site = features();
    let ids = Selector::parse("[id]").unwrap();
    let links = Selector::parse("a[href^='#'], button[popovertarget]").unwrap();
    let pages: Vec<String> = site.output_files().lines().filter(|f| f.ends_with(".html")).map(str::to_string).collect();
    assert!(pages.len() >= 20, "{pages:?}");
    for page in pages {
        let doc = Html::parse_document(&site.output(&page));
        let mut seen = std::collections::HashSet::new();
        for el in doc.select(&ids) {
            let id = el.value().id().unwrap();
            assert!(seen.insert(id.to_string()), "{page}: the id `{id}` is there twice");
        }
        for el in doc.select(&links) {
            let target = match el.value().attr("href") {
                Some(href) => href.trim_start_matches('#'),
                None => el.value().attr("popovertarget").unwrap(),
            };
            assert!(target.is_empty() || seen.contains(target), "{page}: nothing has the id `{target}`");
        }
    }
}

/// Two answers whose HTML gives an element the same id, and links to it:
/// each keeps its id as written on its own page, and on the guide page and
/// the handout, where both answers are, each id takes its entry's prefix,
/// as headings do, and so does the link.
#[test]
fn ids_in_raw_html_are_namespaced_where_answers_share_a_page() {
    let entry = |title: &str| {
        format!(
            "---\ntitle: \"{title}\"\n---\n\n<div id=\"steps\">The steps.</div>\n\nSee <a href=\"#steps\">the steps</a>.\n"
        )
    };
    let site = TestSite::fixture("minimal")
        .file("content/peels/before.md", entry("Before?"))
        .file("content/peels/after.md", entry("After?"))
        .built();
    let own = site.output("peels/before/index.html");
    assert!(own.contains(r##"<div id="steps">"##) && own.contains(r##"<a href="#steps">"##), "{own}");
    for page in ["peels/index.html", "peels/print/index.html"] {
        let html = site.output(page);
        for entry in ["before", "after"] {
            assert!(html.contains(&format!(r##"<div id="{entry}--steps">"##)), "{page}: {html}");
            assert!(html.contains(&format!(r##"<a href="#{entry}--steps">"##)), "{page}: {html}");
        }
        assert!(!html.contains(r##"id="steps""##), "{page}: {html}");
    }
}
