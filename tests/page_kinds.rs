//! Every kind of page a reader can land on, whole, as gloss writes it for
//! the small clinic site in `tests/fixtures/clinic`: with the `clinic` theme,
//! and the main kinds again with `warm` (which extends clinic and has its own
//! home and guide templates). Asset fingerprints read `[fingerprint]`, the
//! stylesheet inside the 404 page `[the theme's style.css]`.

mod common;

use common::*;

fn clinic_site() -> TestSite {
    let site = TestSite::fixture("clinic").theme("warm");
    site.run("build").succeeds().stdout_has("Built 2 guides, 3 entries, 15 pages").stdout_has("(0 warnings)");
    site
}

fn warm_site() -> TestSite {
    let site =
        TestSite::fixture("clinic").theme("warm").edit("gloss.yaml", |c| c.replace("theme: clinic", "theme: warm"));
    site.run("build").succeeds().stdout_has("(0 warnings)");
    site
}

/// One test per page of a site: the whole page, one snapshot.
macro_rules! whole_pages {
    ($site:ident: $($test:ident: $page:literal,)*) => {$(
        #[test]
        fn $test() {
            let page = $site().output($page);
            let description = format!("public/{} of tests/fixtures/clinic ({})", $page, stringify!($site));
            // The 404 page carries the theme's whole stylesheet (see
            // themes.rs); its snapshot shows where, not the CSS again.
            let inline_stylesheet = vec![(r"(?s)<style>.{2000,}?</style>", "<style>[the theme's style.css]</style>")];
            insta::with_settings!({ description => description, omit_expression => true, filters => inline_stylesheet }, {
                insta::assert_snapshot!(page);
            });
        }
    )*};
}

whole_pages! { clinic_site:
    clinic_home: "index.html",
    clinic_guide: "peels/index.html",
    clinic_entry: "peels/does-it-sting/index.html",
    clinic_entry_with_its_own_review: "peels/aftercare/index.html",
    clinic_print_handout: "peels/print/index.html",
    clinic_topics_index: "topics/index.html",
    clinic_topic: "topics/comfort/index.html",
    clinic_glossary: "glossary/index.html",
    clinic_not_found: "404.html",
    clinic_alias_redirect: "peels/old-sting/index.html",
    sitemap: "sitemap.xml",
    search_index: "search/en/manifest.js",
    robots_txt: "robots.txt",
}

whole_pages! { warm_site:
    warm_home: "index.html",
    warm_guide: "peels/index.html",
    warm_entry: "peels/does-it-sting/index.html",
    warm_print_handout: "peels/print/index.html",
    warm_topic: "topics/comfort/index.html",
    warm_not_found: "404.html",
}

#[test]
fn every_file_of_the_output() {
    insta::assert_snapshot!(clinic_site().output_files());
}
