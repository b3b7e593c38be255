//! A practice making the guide look like its own site: theme options with
//! checked colours, one block overridden without copying a template, and a
//! theme built on another.

mod common;

use common::*;

const GUIDE: &str = "---\ntitle: Peels\nlast_reviewed: 2099-01-01\n---\nAbout peels.\n";
const ENTRY: &str = "---\ntitle: Does it sting?\n---\nA little.\n";

fn site_with_config(config: &str, extra: &[(&str, &str)]) -> TestSite {
    let mut files = vec![("gloss.yaml", config), ("content/peels/_index.md", GUIDE), ("content/peels/sting.md", ENTRY)];
    files.extend_from_slice(extra);
    site(&files)
}

const BASE: &str = "title: T\nbase_url: https://c.example/\n";

#[test]
fn an_unknown_theme_option_is_an_error_with_a_suggestion() {
    let site = site_with_config(&format!("{BASE}theme_options:\n  accent_colour: \"#5b2a86\"\n"), &[]);
    let run = gloss(site.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(err.contains("gloss.yaml:4:3: error: unknown theme option `accent_colour`"), "{err}");
    assert!(err.contains("did you mean `accent_color`?"), "{err}");
}

#[test]
fn an_option_of_the_wrong_kind_is_an_error() {
    let site = site_with_config(&format!("{BASE}theme_options:\n  show_search: \"no\"\n"), &[]);
    let err = stderr(&gloss(site.path(), &["check"]));
    assert!(err.contains("gloss.yaml:4:3: error: the theme option `show_search` takes true or false"), "{err}");
}

#[test]
fn an_option_value_the_theme_does_not_offer_is_an_error_at_its_place_with_a_suggestion() {
    let site = site_with_config(&format!("{BASE}theme_options:\n  font: serf\n  contact_placement: sidebar\n"), &[]);
    let run = gloss(site.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(err.contains("gloss.yaml:4:9: error: the theme option `font` is `system` or `serif`, not `serf`"), "{err}");
    assert!(err.contains("did you mean `serif`?"), "{err}");
    assert!(
        err.contains(
            "gloss.yaml:5:22: error: the theme option `contact_placement` is `footer` or `header`, not `sidebar`"
        ),
        "{err}"
    );
    assert!(err.contains("write one of `footer`, `header`"), "{err}");
    assert!(err.contains("2 errors, 0 warnings"), "one error each: {err}");

    // warm inherits clinic's choices.
    let warm = site_with_config(&format!("{BASE}theme: warm\ntheme_options:\n  font: comic\n"), &[]).theme("warm");
    let err = stderr(&gloss(warm.path(), &["check"]));
    assert!(
        err.contains("gloss.yaml:5:9: error: the theme option `font` is `system` or `serif`, not `comic`"),
        "{err}"
    );
}

#[test]
fn an_option_a_theme_declares_a_colour_takes_only_a_colour() {
    let mint = (
        "themes/mint/theme.yaml",
        "name: mint\nextends: clinic\noptions:\n  banner_color: \"#1d5c3a\"\nchoices:\n  banner_color: colour\n",
    );
    let site = site_with_config(&format!("{BASE}theme: mint\ntheme_options:\n  banner_color: greenish\n"), &[mint]);
    let err = stderr(&gloss(site.path(), &["check"]));
    assert!(err.contains("gloss.yaml:5:17: error: `greenish` is not a colour (theme option `banner_color`)"), "{err}");
    let site = site_with_config(&format!("{BASE}theme: mint\ntheme_options:\n  banner_color: \"#2e7d32\"\n"), &[mint]);
    let run = gloss(site.path(), &["check", "--strict"]);
    assert!(run.status.success(), "{}", stderr(&run));
}

#[test]
fn a_theme_whose_choices_refuse_its_own_default_is_an_error_in_its_theme_yaml() {
    let mint =
        ("themes/mint/theme.yaml", "name: mint\nextends: clinic\noptions:\n  font: comic\nchoices:\n  fnt: [a]\n");
    let site = site_with_config(&format!("{BASE}theme: mint\n"), &[mint]);
    let run = gloss(site.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains("themes/mint/theme.yaml:6:8: error: `choices:` names `fnt`, which is not an option of this theme"),
        "{err}"
    );
    assert!(err.contains("did you mean `font`?"), "{err}");
    assert!(
        err.contains("themes/mint/theme.yaml:4:9: error: the default of `font` is refused by its choices: the theme option `font` is `system` or `serif`, not `comic`"),
        "{err}"
    );
}

#[test]
fn an_accent_colour_that_fails_contrast_is_an_error_naming_both_colours_and_the_ratio() {
    let site = site_with_config(&format!("{BASE}theme_options:\n  accent_color: \"#7fb8c2\"\n"), &[]);
    let run = gloss(site.path(), &["check"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(
        err.contains("gloss.yaml:4:3: error: #7fb8c2 on #ffffff has a contrast of 2.20:1, below the 4.5:1 needed for link text (WCAG 2.1 AA)"),
        "{err}"
    );
    assert!(
        err.contains("#ffffff on #7fb8c2 has a contrast of 2.20:1, below the 4.5:1 needed for header text"),
        "{err}"
    );
}

#[test]
fn a_passing_accent_colour_styles_every_page() {
    let site =
        site_with_config(&format!("{BASE}theme_options:\n  accent_color: \"#5b2a86\"\n  show_search: false\n"), &[]);
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    for page in ["index.html", "peels/index.html", "peels/sting/index.html"] {
        let html = read(site.path().join("public").join(page));
        assert!(
            html.contains("<style>:root { --brand: #5b2a86; }</style>"),
            "{page}: the accent, links and focus ring derive from --brand"
        );
        assert!(!html.contains("id=\"site-search\""), "{page}: show_search: false hides the search box");
    }
}

#[test]
fn overriding_one_block_changes_only_that_block() {
    let plain = site_with_config(BASE, &[]);
    assert!(gloss(plain.path(), &["build"]).status.success());
    let custom = site_with_config(
        BASE,
        &[(
            "templates/base.html",
            "{% extends \"theme/base.html\" %}{% block title %}Peel guide | {{ page.title }}{% endblock title %}",
        )],
    );
    let run = gloss(custom.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let before = read(plain.path().join("public/peels/sting/index.html"));
    let after = read(custom.path().join("public/peels/sting/index.html"));
    assert!(after.contains("<title>Peel guide | Does it sting?</title>"), "{after}");
    let without_title = |html: &str| html.lines().filter(|l| !l.starts_with("<title>")).collect::<Vec<_>>().join("\n");
    assert_eq!(without_title(&before), without_title(&after), "everything but the title block is the theme's");
}

#[test]
fn a_theme_can_build_on_another() {
    let site = site_with_config(
        &format!("{BASE}theme: mint\n"),
        &[
            ("themes/mint/theme.yaml", "name: mint\nextends: clinic\noptions:\n  accent_color: \"#1d5c3a\"\n"),
            ("themes/mint/static/extra.css", "body { letter-spacing: 0.01em }"),
            (
                "themes/mint/templates/entry.html",
                "{% extends \"clinic/entry.html\" %}{% block title %}Mint: {{ page.title }}{% endblock title %}",
            ),
        ],
    );
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let entry = read(site.path().join("public/peels/sting/index.html"));
    assert!(entry.contains("<title>Mint: Does it sting?</title>"), "{entry}");
    assert!(entry.contains("--brand: #1d5c3a"), "the theme's own default wins over its base's");
    let files = files_under(&site.path().join("public"));
    assert!(files.iter().any(|f| f.starts_with("extra.") && f.ends_with(".css")), "{files:?}");
    assert!(files.iter().any(|f| f.starts_with("style.") && f.ends_with(".css")), "the base theme's static files too");
}

#[test]
fn a_theme_extending_a_missing_theme_is_named() {
    let site =
        site_with_config(&format!("{BASE}theme: mint\n"), &[("themes/mint/theme.yaml", "name: mint\nextends: spa\n")]);
    let err = stderr(&gloss(site.path(), &["check"]));
    assert!(
        err.contains("themes/mint/theme.yaml:2:1: error: the theme `mint` extends `spa`, which is not in themes/spa"),
        "{err}"
    );
}

#[test]
fn themes_extending_each_other_in_a_loop_are_an_error() {
    let site = site_with_config(
        &format!("{BASE}theme: a\n"),
        &[
            ("themes/a/theme.yaml", "extends: b\n"),
            ("themes/a/templates/x.html", "x"),
            ("themes/b/theme.yaml", "extends: a\n"),
        ],
    );
    let err = stderr(&gloss(site.path(), &["check"]));
    assert!(err.contains("error: the themes extend each other in a loop, back to `a`"), "{err}");
}

#[test]
fn a_page_sees_only_its_own_values_whatever_was_rendered_before_it() {
    // Pages render side by side on a few threads: an entry's values must
    // not linger into the home or topic pages rendered later.
    let entries: Vec<(String, String)> = (0..40)
        .map(|i| {
            (
                format!("content/peels/q{i:02}.md"),
                format!("---\ntitle: Question {i}\ntopics: [Aftercare]\n---\nA little.\n"),
            )
        })
        .collect();
    let mut files: Vec<(&str, &str)> = entries.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let title = "{% extends \"theme/base.html\" %}{% block title %}{{ page.kind }}\
                 {% if entry %} entry={{ entry.title }}{% endif %}{% if topic %} topic={{ topic.name }}{% endif %}\
                 {% if guide_list %} home{% endif %}{% endblock title %}";
    files.push(("templates/base.html", title));
    let site = site_with_config(BASE, &files);
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let title_of = |page: &str| {
        let html = read(site.path().join("public").join(page));
        html.lines().find(|l| l.starts_with("<title>")).unwrap_or_default().to_string()
    };
    assert_eq!(title_of("index.html"), "<title>home home</title>");
    assert_eq!(title_of("topics/aftercare/index.html"), "<title>topic topic=Aftercare</title>");
    assert_eq!(title_of("peels/q07/index.html"), "<title>entry entry=Question 7</title>");
    assert_eq!(title_of("peels/index.html"), "<title>guide</title>");
}

#[test]
fn the_handout_and_404_keep_the_practice_contact_under_a_site_base_template_of_its_own() {
    // A site may replace base.html outright; the theme's page templates must
    // then read only what gloss gives them, not names clinic's base.html sets.
    let config = format!("{BASE}practice:\n  name: Skin Clinic\n  phone: \"555-0100\"\n");
    let own_base = "<!DOCTYPE html>\n<html lang=\"{{ site.language }}\"><head><meta charset=\"utf-8\">\
                    <title>{% block title %}{{ page.title }}{% endblock title %}</title></head><body>\
                    {% block header %}{% endblock header %}<main id=\"main\">{% block content %}{% endblock content %}</main>\
                    {% block footer %}{% endblock footer %}</body></html>\n";
    let site = site_with_config(&config, &[("templates/base.html", own_base)]);
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let handout = read(site.path().join("public/peels/print/index.html"));
    assert!(handout.contains("Skin Clinic") && handout.contains("555-0100"), "{handout}");
    let not_found = read(site.path().join("public/404.html"));
    assert!(not_found.contains("please call us at"), "{not_found}");
}

#[test]
fn the_navigation_marks_each_pages_own_guide() {
    // clinic's navigation marks the page's own guide: an entry of one guide
    // must not get the mark of another.
    let lasers = "---\ntitle: Lasers\nlast_reviewed: 2099-01-01\n---\nAbout lasers.\n";
    let site = site_with_config(
        BASE,
        &[("content/lasers/_index.md", lasers), ("content/lasers/heat.md", "---\ntitle: Is it hot?\n---\nWarm.\n")],
    );
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let nav_links = |page: &str| -> Vec<String> {
        let html = read(site.path().join("public").join(page));
        html.lines()
            .filter(|l| l.trim_start().starts_with("<li><a href="))
            .take(2)
            .map(|l| l.trim().to_string())
            .collect()
    };
    assert_eq!(
        nav_links("peels/sting/index.html"),
        [
            r#"<li><a href="../../lasers/index.html">Lasers</a></li>"#,
            r#"<li><a href="../../peels/index.html" aria-current="true">Peels</a></li>"#
        ]
    );
    assert_eq!(
        nav_links("lasers/heat/index.html"),
        [
            r#"<li><a href="../../lasers/index.html" aria-current="true">Lasers</a></li>"#,
            r#"<li><a href="../../peels/index.html">Peels</a></li>"#
        ]
    );
    assert_eq!(
        nav_links("lasers/index.html"),
        [
            r#"<li><a href="../lasers/index.html" aria-current="page">Lasers</a></li>"#,
            r#"<li><a href="../peels/index.html">Peels</a></li>"#
        ]
    );
}

#[test]
fn an_error_inside_an_included_partial_points_into_the_partial() {
    let footer = "<footer>\n  <p>{{ page.nope }}</p>\n</footer>";
    let site = site_with_config(BASE, &[("templates/partials/footer.html", footer)]);
    let run = gloss(site.path(), &["build"]);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(err.contains("templates/partials/footer.html:2:14: error: template error while rendering"), "{err}");
    assert!(err.contains("`nope`"), "{err}");
    assert!(err.contains("2 |   <p>{{ page.nope }}</p>"), "{err}");
    assert!(!site.path().join("public").exists());
}

#[test]
fn an_include_naming_no_template_is_an_error_at_the_include() {
    let own_base = "{% extends \"theme/base.html\" %}\n\
                    {% block footer %}{% include \"partials/nope.html\" %}{% endblock footer %}";
    let site = site_with_config(BASE, &[("templates/base.html", own_base)]);
    let run = gloss(site.path(), &["build"]);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains("templates/base.html:2:30: error: template error: Unknown template `partials/nope.html`"),
        "{err}"
    );
}

/// A host copies the output under `/patients/guides/` but `base_url` names
/// only the domain: the 404 page's links then start from the wrong place,
/// so it carries its styles inside itself and still reads as the clinic's
/// page, in both themes.
#[test]
fn the_404_page_keeps_its_styles_wherever_the_site_is_served() {
    for theme in ["clinic", "warm"] {
        let site = TestSite::fixture("minimal")
            .theme(theme)
            .edit("gloss.yaml", |c| {
                c.replace(
                    "base_url: \"https://guides.example.org/\"",
                    &format!("theme: {theme}\nbase_url: \"https://clinic.example/\""),
                )
            })
            .built();
        let page = site.output("404.html");
        assert!(!page.contains("rel=\"stylesheet\""), "{theme}: the 404 page links no stylesheet:\n{page}");
        let theme_css = read(common::repo_root().join("themes").join(theme).join("static/style.css"));
        let first_rule = theme_css.lines().find(|l| l.contains('{')).expect("a CSS rule");
        assert!(page.contains("<style>"), "{theme}: the 404 page has its styles inline");
        assert!(page.contains(first_rule.trim()), "{theme}: the theme's stylesheet is inside the 404 page");
    }
}

/// The practice's web person copies the theme's stylesheet into the site's
/// `static/` and lightens the body text: `check` names the line, the
/// colours and the ratio, as it does for a pale accent colour.
#[test]
fn a_site_stylesheet_with_pale_body_text_fails_check_at_its_line() {
    let site = shipped_site();
    let css = site.source("themes/clinic/static/style.css").replacen(
        "  line-height: 1.6;\n  color: var(--text);",
        "  line-height: 1.6;\n  color: #ddd;",
        1,
    );
    assert!(css.contains("color: #ddd;"), "the theme's body rule moved");
    let site = site.file("static/style.css", css);
    insta::assert_snapshot!(site.run("check").fails().terminal());
}

/// The site's own stylesheet, linked after the theme's from a `base.html`
/// of its own, sets a custom property the theme's link colour comes from:
/// `check` holds it to the same pairs; colours that read well pass.
#[test]
fn a_site_stylesheet_is_held_to_contrast_through_the_themes_custom_properties() {
    let base = "{% extends \"clinic/base.html\" %}{% block head %}<link rel=\"stylesheet\" href=\"{{ root }}{{ assets[\"site.css\"] }}\">{% endblock head %}";
    let site = shipped_site()
        .file("templates/base.html", base)
        .file("static/site.css", ":root {\n  --text: #1c2b30;\n  --accent: #9fc5cc;\n}\n");
    site.run("check")
        .fails()
        .stderr_has("static/site.css:3:3: error: #9fc5cc on #f4f7f7 has a contrast of 1.72:1, below the 4.5:1 needed for link text (WCAG 2.1 AA)");
    let site = site.file(
        "static/site.css",
        ":root { --text: #222; --bg: #fffdf5 }\nbody { color: var(--text); background: var(--bg) }\na, a:visited { color: #0b4f8a }\n.button { color: #fff; background: #0b4f8a }\n",
    );
    site.run("check").succeeds();
}

/// The practice's web person sets navy links in the site's own stylesheet:
/// they read well on the light page, but a reader whose phone is set to
/// dark sees them on the theme's dark background. `check` names the line
/// and says the pair fails in dark mode; a dark-scheme rule of the site's
/// own with a lighter colour passes.
#[test]
fn a_site_stylesheet_that_reads_well_in_light_but_not_in_dark_fails_check() {
    let base = "{% extends \"clinic/base.html\" %}{% block head %}<link rel=\"stylesheet\" href=\"{{ root }}{{ assets[\"site.css\"] }}\">{% endblock head %}";
    let site = shipped_site()
        .file("templates/base.html", base)
        .file("static/site.css", "p { margin: 0 }\na { color: #0b4f8a }\n");
    site.run("check").fails().stderr_has(
        "static/site.css:2:5: error: #0b4f8a on #0f1a1c has a contrast of 2.11:1, below the 4.5:1 needed for link text in dark mode (WCAG 2.1 AA)",
    ).stderr_has("help: this colour also shows when the reader's device is set to dark");
    let site = site.file(
        "static/site.css",
        "a { color: #0b4f8a }\n@media (prefers-color-scheme: dark) {\n  a { color: #9cc7f5 }\n}\n",
    );
    site.run("check").succeeds();
}

/// A site stylesheet lightens the theme's dark background for dark mode:
/// the theme's light dark-mode text no longer reads on it, and `check`
/// points at the site's declaration inside the `@media` rule.
#[test]
fn a_site_dark_mode_rule_that_breaks_contrast_fails_check_at_its_line() {
    let base = "{% extends \"clinic/base.html\" %}{% block head %}<link rel=\"stylesheet\" href=\"{{ root }}{{ assets[\"site.css\"] }}\">{% endblock head %}";
    let site = shipped_site()
        .file("templates/base.html", base)
        .file("static/site.css", "@media screen and (prefers-color-scheme: dark) {\n  :root { --bg: #d8dcdc }\n}\n");
    site.run("check")
        .fails()
        .stderr_has("static/site.css:2:11: error: #e4eef0 on #d8dcdc has a contrast of 1.17:1, below the 4.5:1 needed for body text in dark mode (WCAG 2.1 AA)");
}
