//! A writer's mistakes: each gets a clear `path:line:col` message, the line
//! with a caret under the place, and what to do; a failed build leaves what
//! was published alone. The snapshots are the whole terminal, as the writer
//! sees it, summary line included.

mod common;

use common::*;

/// The minimal fixture (guide `peels`, entry `does-it-sting` with the
/// headings `#numbing-cream` and `#after-the-peel`) with `path` added.
fn with_entry(path: &str, text: &str) -> TestSite {
    TestSite::fixture("minimal").file(path, text)
}

#[test]
fn a_clean_site_checks_and_builds_quietly() {
    let site = TestSite::fixture("minimal");
    insta::assert_snapshot!("clean_check", site.run("check --strict").succeeds().terminal());
    insta::assert_snapshot!("clean_build", site.run("build").succeeds().stderr_is_empty().terminal());
}

#[test]
fn unknown_front_matter_key_names_the_line_and_the_fix() {
    let site = with_entry("content/peels/late.md", "---\ntitle: Is it late?\nlast_reveiwed: 2026-01-01\n---\nNo.\n");
    insta::assert_snapshot!(site.run("build").fails().terminal());
    assert!(!site.has_output(""), "nothing is written on error");
}

#[test]
fn unknown_front_matter_key_with_nothing_like_it() {
    let site = with_entry("content/peels/colour.md", "---\ntitle: What colour?\ncolour: red\n---\nRed.\n");
    insta::assert_snapshot!(site.run("check").fails().terminal());
}

#[test]
fn front_matter_that_is_not_yaml() {
    let site = with_entry("content/peels/bracket.md", "---\ntitle: [Is it open?\ntopics: [pain]\n---\nYes.\n");
    insta::assert_snapshot!(site.run("check").fails().terminal());
}

#[test]
fn an_entry_without_a_title() {
    let site = with_entry("content/peels/untitled.md", "---\nsummary: No question here.\n---\nText.\n");
    insta::assert_snapshot!(site.run("check").fails().terminal());
}

#[test]
fn a_guide_without_a_title() {
    let site = TestSite::fixture("minimal").edit("content/peels/_index.md", |t| t.replace("title: \"Peels\"\n", ""));
    insta::assert_snapshot!(site.run("check").fails().terminal());
}

#[test]
fn front_matter_that_never_ends() {
    let site = with_entry("content/peels/open.md", "---\ntitle: Is it open?\nThe answer, with no closing line.\n");
    insta::assert_snapshot!(site.run("check").fails().terminal());
}

#[test]
fn a_date_written_day_first() {
    let site = with_entry("content/peels/date.md", "---\ntitle: When?\nlast_reviewed: 15/10/2026\n---\nThen.\n");
    insta::assert_snapshot!(site.run("check").fails().terminal());
}

#[test]
fn a_broken_link_fails_the_build() {
    let site =
        with_entry("content/peels/see.md", "---\ntitle: See what?\n---\nIntro.\n\nSee [the cream](creams.md).\n");
    insta::assert_snapshot!(site.run("build").fails().terminal());
    assert!(!site.has_output(""));
}

#[test]
fn a_link_to_a_heading_that_is_not_there_suggests_the_nearest() {
    let site = with_entry(
        "content/peels/see.md",
        "---\ntitle: See what?\n---\nSee [the cream](does-it-sting.md#numbing), twice: [again](does-it-sting.md#after-peel).\n",
    );
    insta::assert_snapshot!(site.run("check").fails().terminal());
}

#[test]
fn a_link_to_a_heading_far_from_any_lists_them() {
    let site = with_entry("content/peels/see.md", "---\ntitle: See what?\n---\nSee [this](does-it-sting.md#prices).\n");
    insta::assert_snapshot!(site.run("check").fails().terminal());
}

#[test]
fn a_link_to_a_heading_of_a_page_with_none() {
    let site = with_entry("content/peels/plain.md", "---\ntitle: Plain?\n---\nNo headings here.\n")
        .file("content/peels/see.md", "---\ntitle: See what?\n---\nSee [the top](plain.md#top).\n");
    insta::assert_snapshot!(site.run("check").fails().terminal());
}

/// docs/writing.md: "A link to a file or a heading that does not exist is an
/// error"; `[below](#after-the-treatment)` is in its table of links.
#[test]
#[ignore = "gloss does not check #anchors on the same page (markdown::Dest::SamePage is never an InternalLink): \
            `[me](#nowhere)` is published without a word"]
fn a_link_to_a_heading_of_the_same_page_that_is_not_there() {
    let site = with_entry("content/peels/see.md", "---\ntitle: See what?\n---\n## Top\n\nBack to [the top](#tpo).\n");
    site.run("check").fails().stderr_has("content/peels/see.md:6:9: error: `#tpo` is not a heading");
}

/// A screen reader says nothing useful of an image without alt text, so
/// neither check nor build lets it through; an image that only decorates
/// says so on purpose and gets `alt=""`.
#[test]
fn an_image_without_alt_text_is_an_error_unless_it_says_it_is_decorative() {
    let site = with_entry("content/peels/look.md", "---\ntitle: Look?\n---\nLook: ![](pic.png)\n")
        .file("content/peels/pic.png", "png");
    insta::assert_snapshot!("image_without_alt_check", site.run("check").fails().terminal());
    site.run("build").fails().stderr_has("content/peels/look.md:4:7: error: this image has no alt text");
    let site = site.file("content/peels/look.md", "---\ntitle: Look?\n---\nLook: ![](pic.png \"decorative\")\n");
    site.run("check --strict").succeeds();
    let page = site.built().output("peels/look/index.html");
    assert!(page.contains(r#"<img src="../../peels/pic.png" alt="" />"#), "{page}");
}

#[test]
fn an_overdue_review_is_a_warning() {
    let site = with_entry(
        "content/peels/old.md",
        "---\ntitle: Is it old?\nreviewed_by: Dr. Test Reviewer\nlast_reviewed: 2020-01-01\nnext_review: 2021-01-01\n---\nYes.\n",
    );
    insta::assert_snapshot!(site.run("check --strict").fails().terminal());
}

#[test]
fn an_entry_hard_to_read_is_a_warning() {
    let site = with_entry(
        "content/peels/hard.md",
        "---\ntitle: Is it hard to read?\n---\nPost-procedural erythema, characteristically accompanied by transient desquamation and intermittent hypersensitivity, typically resolves spontaneously within approximately seventy-two hours, notwithstanding considerable interindividual variability attributable to constitutional dermatological characteristics.\n\nIt goes.\n",
    );
    insta::assert_snapshot!(site.run("check").succeeds().terminal());
}

#[test]
fn a_site_without_base_url_is_warned() {
    let site = TestSite::fixture("minimal")
        .edit("gloss.yaml", |c| c.replace("base_url: \"https://guides.example.org/\"\n", ""));
    insta::assert_snapshot!(site.run("check").succeeds().terminal());
}

#[test]
fn a_template_with_a_syntax_error() {
    let site = TestSite::fixture("minimal").file(
        "templates/entry.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ entry.title </p>\n{% endblock content %}\n",
    );
    insta::assert_snapshot!(site.run("build").fails().terminal());
}

#[test]
fn a_template_that_uses_an_undefined_variable() {
    let site = TestSite::fixture("minimal").file("content/peels/more.md", "---\ntitle: More?\n---\nMore.\n").file(
        "templates/entry.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ entry.colour }}</p>\n{% endblock content %}\n",
    );
    insta::assert_snapshot!(site.run("check").fails().terminal());
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let site = TestSite::fixture("mistakes");
    insta::assert_snapshot!("mistakes_check", site.run("check").fails().terminal());
    insta::assert_snapshot!("mistakes_check_json", site.run("check --format json").fails().terminal());
    insta::assert_snapshot!("mistakes_build", site.run("build").fails().terminal());
    assert!(!site.has_output(""));
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = with_entry("content/peels/a.md", "---\ntitle: A?\n---\nFine.\n").built();
    let before = output_bytes(&site);

    let site = site.file("content/peels/a.md", "---\ntitle: [A?\n---\nBroken.\n");
    site.run("build").fails().stderr_has("content/peels/a.md:2:8: error: this `[` is never closed");
    assert!(before == output_bytes(&site));

    // A broken link is found only once pages are rendered: the build still
    // changes nothing, and leaves no staging folder beside the output.
    let site = site.file("content/peels/a.md", "---\ntitle: A?\n---\nSee [b](b.md).\n");
    site.run("build").fails().stderr_has("content/peels/a.md:4:5: error: broken link `b.md`");
    assert!(before == output_bytes(&site));
    let beside: Vec<_> = std::fs::read_dir(site.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!beside.iter().any(|n| n.to_string_lossy().contains("staging")), "{beside:?}");
}

fn output_bytes(site: &TestSite) -> Vec<(String, Vec<u8>)> {
    let out = site.path().join("public");
    files_under(&out).into_iter().map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap())).collect()
}

#[test]
fn gloss_will_not_replace_a_folder_it_did_not_make() {
    let site = TestSite::fixture("minimal").file("my-documents/notes.txt", "keep me");
    insta::assert_snapshot!(site.run("build --output my-documents").fails().terminal());
    assert_eq!(read(site.path().join("my-documents/notes.txt")), "keep me");
}

#[test]
fn drafts_appear_only_with_the_drafts_flag() {
    let site = with_entry("content/peels/wip.md", "---\ntitle: Work in progress?\ndraft: true\n---\n");
    site.run("build").succeeds().stdout_has("1 entry");
    assert!(!site.has_output("peels/wip/index.html"));
    site.run("build --drafts").succeeds().stdout_has("2 entries");
    assert!(site.has_output("peels/wip/index.html"));
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let site = TestSite::fixture("minimal")
        .file("templates/404.html", "<!doctype html><title>x</title><p>Custom not found</p>")
        .file("static/style.css", "body { color: black }")
        .built();
    assert!(site.output("404.html").contains("Custom not found"));
    let css: Vec<String> = site.output_files().lines().filter(|f| f.ends_with(".css")).map(str::to_string).collect();
    assert_eq!(css, ["style.[fingerprint].css"]);
    let css = files_under(&site.path().join("public")).into_iter().find(|f| f.ends_with(".css")).unwrap();
    assert_eq!(read(site.path().join("public").join(&css)), "body { color: black }");
    assert!(site.output("peels/index.html").contains("href=\"../style.[fingerprint].css\""), "pages link it");
}

#[test]
fn entries_follow_order_then_file_name_with_prev_and_next() {
    let site = TestSite::fixture("minimal")
        .remove("content/peels/does-it-sting.md")
        .file("content/peels/b.md", "---\ntitle: Bee?\n---\n")
        .file("content/peels/a.md", "---\ntitle: Ay?\n---\n")
        .file("content/peels/z.md", "---\ntitle: Zed?\norder: 1\n---\n")
        .built();
    let guide = site.output("peels/index.html");
    let pos = |q: &str| guide.find(q).unwrap_or_else(|| panic!("{q} missing"));
    assert!(pos("Zed?") < pos("Ay?") && pos("Ay?") < pos("Bee?"), "order first, then file name");
    let a = site.output("peels/a/index.html");
    assert!(a.contains("href=\"../../peels/z/index.html\"") && a.contains("href=\"../../peels/b/index.html\""), "{a}");
}

#[test]
fn a_missing_theme_is_named_with_the_themes_there_are() {
    let site = TestSite::fixture("minimal").edit("gloss.yaml", |c| c + "theme: spa\n");
    insta::assert_snapshot!(site.run("build").fails().terminal());
}

#[test]
fn the_site_root_is_found_from_a_subfolder() {
    let site = TestSite::fixture("minimal");
    site.command(&["build"]).in_dir("content/peels").run().succeeds();
    assert!(site.has_output("peels/index.html"));
}

/// A file the writer named like the search index neither replaces it nor is
/// left out without a word: the build says which file takes whose path.
#[test]
fn a_content_file_named_like_the_search_index_is_an_error_naming_both() {
    let site = TestSite::fixture("minimal").built().file("content/search/en/manifest.js", "window.mine = 1;\n");
    site.run("build").fails().stderr_has(
        "content/search/en/manifest.js:1:1: error: this file would replace the search index gloss makes, which gloss writes at search/en/manifest.js",
    );
    assert!(site.output("search/en/manifest.js").starts_with("(window.glossSearch="));
}

#[test]
fn outside_a_site_gloss_says_where_it_looked() {
    let site = TestSite::empty();
    insta::assert_snapshot!(site.run("check").fails().terminal());
}

/// A writer pipes `gloss check` into `head` to see the first problems; `head`
/// closes the pipe after ten lines. gloss stops there quietly, as `cat` or
/// `grep` would, instead of panicking about the closed pipe.
#[test]
fn check_piped_into_head_stops_quietly_when_the_pipe_closes() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let mut site = TestSite::fixture("minimal");
    // Far more diagnostics than a pipe holds, so gloss writes after the close.
    for i in 0..400 {
        site = site.file(&format!("content/peels/broken-{i}.md"), "---\ntitle: Broken?\n---\nSee [gone](gone.md).\n");
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("check")
        .current_dir(site.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_ne!(status.code(), Some(101), "gloss panicked on the closed pipe: {status}");
    assert!(status.signal() == Some(libc::SIGPIPE) || status.code() == Some(1), "{status}");
}

/// A writer drafting a new answer checks it before publishing: `check
/// --drafts` reads drafts as `build --drafts` would, so the draft's broken
/// link is reported; plain `check` leaves drafts out, as plain `build` does.
#[test]
fn check_with_drafts_reports_the_drafts_problems() {
    let site = TestSite::fixture("minimal")
        .file("content/peels/new-answer.md", "---\ntitle: A new answer?\ndraft: true\n---\nSee [gone](gone.md).\n");
    site.run("check").succeeds();
    site.run("check --drafts").fails().stderr_has("content/peels/new-answer.md:5:5: error");
}

/// A writer guesses an alert kind GitHub does not have: `> [!DANGER]` would
/// show patients "[!DANGER]" as text, so `check` warns where it is written
/// and names the five kinds; a known kind gets no warning.
#[test]
fn an_alert_kind_that_does_not_exist_is_a_warning_naming_the_five() {
    let site = TestSite::fixture("minimal").file(
        "content/peels/bleeding.md",
        "---\ntitle: What if it bleeds?\n---\n> [!WARNING]\n> Press gently.\n\n> [!DANGER]\n> Call us at once.\n",
    );
    site.run("check")
        .succeeds()
        .stderr_has("content/peels/bleeding.md:7:3: warning: `[!DANGER]` is not an alert kind, so patients would see it as text")
        .stderr_has("use one of [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION]");
    assert!(!site.run("check").stderr().contains("[!WARNING]` is not"));
}

/// Two writers tag the same worry differently, `side-effect` and
/// `side-effects`: patients would find the entries split over two topic
/// pages. `check` warns at the rarer spelling and says which one the other
/// entries use.
#[test]
fn topics_spelt_almost_alike_are_a_warning_at_the_rarer_spelling() {
    let site = TestSite::fixture("minimal")
        .file("content/peels/redness.md", "---\ntitle: Will my skin go red?\ntopics: [side-effects]\n---\nFor a day.\n")
        .file("content/peels/peeling.md", "---\ntitle: Will my skin peel?\ntopics: [side-effects]\n---\nA little.\n")
        .file(
            "content/peels/itching.md",
            "---\ntitle: Will it itch?\ntopics: [comfort, side-effect]\n---\nA little.\n",
        );
    site.run("check")
        .succeeds()
        .stderr_has(
            "content/peels/itching.md:3:19: warning: the topic `side-effect` is spelt almost like `side-effects`",
        )
        .stderr_has("write `side-effects` in every entry (2 entries use it, 1 use `side-effect`)");
}

/// A typo in one entry's topic (`scaring` for `scarring`) is warned; two
/// real topics a letter apart, each used by many entries, are not.
#[test]
fn a_topic_one_letter_off_is_a_warning_only_where_it_is_rare() {
    let mut site = TestSite::fixture("minimal")
        .file("content/peels/marks.md", "---\ntitle: Will it leave marks?\ntopics: [scaring]\n---\nNo.\n");
    for i in 0..4 {
        site = site
            .file(&format!("content/peels/scar-{i}.md"), "---\ntitle: Scars?\ntopics: [scarring, clean]\n---\nNo.\n")
            .file(&format!("content/peels/clear-{i}.md"), "---\ntitle: Clear?\ntopics: [clear]\n---\nYes.\n");
    }
    let run = site
        .run("check")
        .succeeds()
        .stderr_has("content/peels/marks.md:3:10: warning: the topic `scaring` is spelt almost like `scarring`");
    assert!(!run.stderr().contains("`clear` is spelt"), "{}", run.stderr());
    assert!(!run.stderr().contains("`clean` is spelt"), "{}", run.stderr());
}

/// A writer makes six mistakes across the shipped site, three of them in
/// front matter of entries other pages link to or name as `related`. Each
/// mistake is one error at its own file and line: a file whose front matter
/// failed is still there, so the links to it and `related` names of it are
/// not reported as well (the overlay says "fix the first problem below",
/// which must be a real one).
#[test]
fn six_mistakes_in_the_shipped_site_are_six_errors() {
    let site = TestSite::shipped()
        .edit("content/_index.md", |t| t.replacen("---\n\n", "description: [Guides, FAQ]\n---\n\n", 1))
        .edit("content/microneedling/is-it-painful.md", |t| t.replacen("title:", "titel:", 1))
        .edit("content/microneedling/aftercare.md", |t| {
            t.replace("last_reviewed: 2026-10-15", "last_reviewed: 15/10/2026")
        })
        .edit("content/microneedling/will-it-cause-scars.md", |t| t.replace("  - safety\n", "\t- safety\n"))
        .edit("content/microneedling/choosing-a-provider.md", |t| {
            t.replace("(how-many-sessions.md)", "(how-many-session.md)")
        })
        .edit("content/microneedling/how-many-sessions.md", |t| {
            t.replace("(choosing-a-provider.md).", "(choosing-a-provider.md#red-flags).")
        });
    let run = site.run("check").fails();
    // `path:line:col: error: …`, each as `path:line`.
    let errors: Vec<&str> = run
        .stderr()
        .lines()
        .filter_map(|l| l.split_once(": error: "))
        .map(|(at, _)| at.rsplit_once(':').unwrap().0)
        .collect();
    assert_eq!(
        errors,
        [
            "content/_index.md:3",
            "content/microneedling/aftercare.md:9",
            "content/microneedling/choosing-a-provider.md:34",
            "content/microneedling/how-many-sessions.md:29",
            "content/microneedling/is-it-painful.md:2",
            "content/microneedling/will-it-cause-scars.md:6",
        ],
        "{}",
        run.stderr()
    );
    assert!(!run.stderr().contains("there is no file content/microneedling/is-it-painful.md"), "{}", run.stderr());
    assert!(!run.stderr().contains("no such entry"), "{}", run.stderr());
    run.stderr_has("6 errors, 0 warnings");
}

/// A typo in a guide's front matter leaves the whole guide out of the
/// build; the home page's link to it and the guide's entries are not
/// reported as well: one mistake, one error.
#[test]
fn a_guide_whose_front_matter_failed_is_one_error() {
    let site = TestSite::shipped().edit("content/microneedling/_index.md", |t| t.replacen("title:", "titel:", 1));
    site.run("check")
        .fails()
        .stderr_has("content/microneedling/_index.md:2:1: error: unknown key `titel`")
        .stderr_has("1 error, 0 warnings");
}

/// A writer mistypes a file name in a link, as they might mistype an
/// `#anchor`: the help names the file they most likely meant, written as
/// the link would be (anchor kept), in the same folder or in another guide.
#[test]
fn a_link_to_a_file_that_is_not_there_suggests_the_nearest() {
    let site = TestSite::shipped()
        .edit("content/microneedling/choosing-a-provider.md", |t| {
            t.replace("(how-many-sessions.md)", "(how-many-session.md)")
                .replace("(is-it-painful.md#numbing-cream)", "(is-it-painfull.md#numbing-cream)")
        })
        .file("content/peels/_index.md", "---\ntitle: Peels\n---\nSee [aftercare](aftercare.md).\n");
    site.run("check")
        .fails()
        .stderr_has("broken link `how-many-session.md`")
        .stderr_has("= help: did you mean `how-many-sessions.md`?")
        .stderr_has("= help: did you mean `is-it-painful.md#numbing-cream`?")
        .stderr_has("= help: did you mean `../microneedling/aftercare.md`?");
}

/// A writer leaves a quote open at the end of a summary. libyaml reads on
/// to the next quote, five lines down, and stops there; the writer is told
/// where the quote opens, in words they know, and nothing else.
#[test]
fn a_quote_never_closed_is_reported_where_it_opens() {
    let site = TestSite::shipped().edit("content/microneedling/will-it-cause-scars.md", |t| {
        t.replacen("swelling and irritation.\"\n", "swelling and irritation.\n", 1)
    });
    let run = site.run("check").fails();
    run.stderr_has("content/microneedling/will-it-cause-scars.md:3:10: error: this quote is never closed")
        .stderr_has("= help: end the text with `\"` on the same line")
        .stderr_has("1 error, 0 warnings");
}

/// The same kinds of slip in each YAML file a site has: the front matter,
/// gloss.yaml, the glossary and a theme's theme.yaml. Each is reported on
/// the line where it is, saying what is wrong.
#[test]
fn yaml_slips_are_named_in_every_yaml_file() {
    let site = TestSite::fixture("minimal")
        .edit("gloss.yaml", |t| t.replacen("title: \"Test guides\"\n", "title: \"Test guides\"\nlanguage:en\n", 1))
        .file(
            "content/glossary.yaml",
            "- term: collagen\n  definition: A protein in the skin.\n - term: dermis\n  definition: The layer under it.\n",
        )
        .file("content/peels/note.md", "---\ntitle: Is there a note?\nsummary: Note: it stings\n---\nYes.\n")
        .file("themes/clinic/theme.yaml", "name: clinic\noptions:\n\tfont: system\n");
    let run = site.run("check").fails();
    run.stderr_has("gloss.yaml:4:10: error: there is no space after this colon")
        .stderr_has("= help: write `language: en`");
    // gloss.yaml in error stops the build before content and theme are read.
    let site = site.edit("gloss.yaml", |t| t.replace("language:en", "language: en"));
    site.run("check")
        .fails()
        .stderr_has("content/glossary.yaml:3:2: error: this list item is indented differently from the ones above")
        .stderr_has("= help: start it in column 1, as line 1 does")
        .stderr_has(
            "content/peels/note.md:3:10: error: this text has `: ` in it, which YAML reads as the start of another key",
        )
        .stderr_has("= help: put the whole value in quotes: `summary: \"Note: it stings\"`")
        .stderr_has("themes/clinic/theme.yaml:3:1: error: this line is indented with a tab");
}

/// An 8 MB photo straight off a phone makes a patient on mobile data wait:
/// a warning where a body first shows it (once, though two entries show
/// it), with the budget in gloss.yaml's `limits:`.
#[test]
fn an_image_over_the_size_budget_is_a_warning_where_it_is_first_shown() {
    let site = with_entry("content/peels/look.md", "---\ntitle: Look?\n---\n![A cheek after a peel](photo.jpg)\n")
        .file("content/peels/again.md", "---\ntitle: Again?\n---\nAs before: ![A cheek after a peel](photo.jpg)\n")
        .file("content/peels/photo.jpg", vec![0u8; 8_000_000]);
    insta::assert_snapshot!(site.run("check").succeeds().terminal());
    let site = site.edit("gloss.yaml", |yaml| format!("{yaml}limits:\n  image_kb: 9000\n"));
    site.run("check --strict").succeeds();
}

/// An `<img>` pasted as HTML is held to alt text like a markdown image.
#[test]
fn an_img_in_raw_html_without_alt_is_an_error() {
    let site = with_entry(
        "content/peels/look.md",
        "---\ntitle: Look?\n---\nHere:\n\n<figure>\n  <img src=\"photo.png\">\n</figure>\n",
    );
    site.run("check").fails().stderr_has("content/peels/look.md:7:3: error: this image has no alt text");
    let site = site.edit("content/peels/look.md", |md| md.replace("<img src", "<img alt=\"A cheek\" src"));
    site.run("check").succeeds();
}

/// The heading levels of an HTML page, in order.
fn heading_levels(html: &str) -> Vec<u8> {
    let headings = regex::Regex::new(r"<h([1-6])[ >]").unwrap();
    headings.captures_iter(html).map(|c| c[1].parse().unwrap()).collect()
}

/// A writer jumps from `##` to `####` for smaller text: a warning at the
/// heading, and no page of the site skips a level, on its own page, its
/// guide page or the handout.
#[test]
fn a_heading_that_skips_a_level_is_a_warning_and_never_skips_on_a_page() {
    let site = with_entry(
        "content/peels/sting.md",
        "---\ntitle: Does it sting?\n---\nA little.\n\n## During the peel\n\nIt tingles.\n\n#### Numbing cream\n\nAsk for it.\n\n## Afterwards\n\nNo sting.\n",
    );
    site.run("check")
        .succeeds()
        .stderr_has(
            "content/peels/sting.md:10:1: warning: this heading jumps from level 2 to level 4; \
             patients using screen readers navigate by level",
        )
        .stderr_has("= help: write it as `###`, one level below the heading above it");
    site.run("build").succeeds();
    for page in ["peels/sting/index.html", "peels/index.html", "peels/print/index.html"] {
        let levels = heading_levels(&site.output(page));
        assert!(levels.windows(2).all(|w| w[1] <= w[0] + 1), "{page} skips a level: {levels:?}");
    }
}

/// A writer pastes HTML whose link is no address (`https://../`) or a
/// script: the page keeps the text without the link, and `check` says so
/// where the tag is, as it does for a markdown link.
/// A blank line ends an HTML block that starts with `<div>`, so the text
/// after it is a paragraph inside the writer's `<pre>`: invalid HTML, which
/// browsers show mangled.
#[test]
fn html_left_open_around_a_paragraph_is_shown_as_text_with_a_warning() {
    let site = with_entry(
        "content/peels/steps.md",
        "---\ntitle: Steps?\n---\nBefore the peel:\n\n<div class=\"steps\"><pre>\nWash your face.\n\nDry it.\n</pre></div>\n",
    );
    site.run("check").succeeds().stderr_has(
        "content/peels/steps.md:6:20: warning: markdown goes on with a paragraph inside this `<pre>`, which HTML does \
         not allow there; the HTML is shown as text",
    );
    site.run("build").succeeds();
    let page = site.output("peels/steps/index.html");
    let shown = "&lt;div class=\"steps\"&gt;&lt;pre&gt;\nWash your face.\n<p>Dry it.\n&lt;/pre&gt;&lt;/div&gt;</p>";
    assert!(page.contains(shown), "{page}");
}

#[test]
fn a_raw_html_link_that_is_left_out_is_a_warning_at_its_tag() {
    let site = with_entry(
        "content/peels/links.md",
        "---\ntitle: Links?\n---\nSee <a href=\"https://../\">our page</a> or\n<a href=\"javascript:alert(1)\">this</a>.\n",
    );
    site.run("check")
        .succeeds()
        .stderr_has(
            "content/peels/links.md:4:5: warning: this is not a valid web address: `..` is not a host name; \
             the HTML's link is left out, its text kept",
        )
        .stderr_has("content/peels/links.md:5:1: warning:");
    site.run("build").succeeds();
    let page = site.output("peels/links/index.html");
    assert!(page.contains("our page") && !page.contains("https://.."), "{page}");
}

/// Writers give every question topics of its own: most topic pages would
/// hold one question and lead nowhere. `check` says so once, at the first
/// such topic, and names them all; topics that group questions are quiet.
#[test]
fn most_topics_holding_one_question_are_one_warning_naming_them() {
    let entry = |title: &str, topics: &str| format!("---\ntitle: {title}\ntopics:\n{topics}---\nA little.\n");
    let site = TestSite::fixture("minimal")
        .file("content/peels/redness.md", entry("Will my skin go red?", "  - redness\n  - side effects\n"))
        .file("content/peels/peeling.md", entry("Will my skin peel?", "  - peeling\n  - side effects\n"))
        .file("content/peels/cost.md", entry("What does a peel cost?", "  - cost\n"))
        .file("content/peels/sun.md", entry("Can I go in the sun?", "  - sun\n"));
    let run = site
        .run("check")
        .succeeds()
        .stderr_has("content/peels/cost.md:4:5: warning: ")
        .stderr_has("of the site's")
        .stderr_has("topics hold one question each (`cost`, ")
        .stderr_has("`peeling`, `redness`, `sun`)")
        .stderr_has("help: give questions topics they share");
    assert_eq!(run.stderr().matches("hold one question each").count(), 1, "one warning: {}", run.stderr());

    // The shipped guide's topics each group two questions or more.
    shipped_site().run("check").succeeds().stderr_has("0 errors, 0 warnings");
}

/// A practice names its topics in gloss.yaml, then renames the topic in the
/// entries (`comfort` became `pain relief`) or misspells it on one side
/// (`side efects`): those names under `topics:` name no page, and the
/// entries show their topic as written. `check` warns at each key, with the
/// topic the entries use where one is spelt nearly alike.
#[test]
fn a_topic_named_in_gloss_yaml_that_no_entry_uses_is_a_warning_at_its_key() {
    let config = read(TestSite::fixture("minimal").path().join("gloss.yaml"));
    let topics =
        "topics:\n  pain relief: Pain relief\n  comfort: Comfort and numbing\n  side efects: Side effects and risks\n";
    let site = TestSite::fixture("minimal").file("gloss.yaml", format!("{config}{topics}")).file(
        "content/peels/numbing.md",
        "---\ntitle: Is there numbing?\ntopics: [pain relief, side effects]\n---\nYes.\n",
    );
    site.run("check")
        .succeeds()
        .stderr_has("gloss.yaml:9:3: warning: the topic `comfort` under `topics:` is used by no entry")
        .stderr_has("help: remove it from `topics:`, or tag an entry with it (`topics: [comfort]` in its front matter)")
        .stderr_has("gloss.yaml:10:3: warning: the topic `side efects` under `topics:` is used by no entry")
        .stderr_has("help: did you mean `side effects`? Rename the key to the topic as entries write it, or remove it")
        .stderr_has("0 errors, 2 warnings");
}

/// The names under `topics:` serve every language of the site: a Spanish
/// topic named there and written only in Spanish entries is in use.
#[test]
fn a_topic_named_in_gloss_yaml_for_the_translated_entries_is_in_use() {
    let site = TestSite::fixture("minimal").files(&[
        (
            "gloss.yaml",
            "title: \"Test guides\"\nbase_url: \"https://guides.example.org/\"\nreview:\n  max_age_days: 36500\n\
             languages:\n  - code: en\n  - code: es\ntopics:\n  efectos: Efectos secundarios\n",
        ),
        (
            "content/peels/_index.es.md",
            "---\ntitle: \"Peelings\"\nreviewed_by: \"Dr. Test Reviewer\"\nlast_reviewed: 2025-06-01\n---\n\nSobre los peelings.\n",
        ),
        ("content/peels/does-it-sting.es.md", "---\ntitle: \"¿Pica?\"\nslug: pica\ntopics: [efectos]\n---\n\nUn poco.\n"),
    ]);
    let run = site.run("check").succeeds();
    assert!(!run.stderr().contains("under `topics:` is used by no entry"), "{}", run.stderr());
}
