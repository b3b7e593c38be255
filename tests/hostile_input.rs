//! Whatever a writer's editor, a colleague's script or a bad day puts under
//! `content/`, gloss answers with a diagnostic that names the place, never a
//! panic, and never harms what was already published.

mod common;

use std::path::Path;
use std::process::Output;

use common::*;

const CONFIG: &str = "title: Test guides\n";
const GUIDE: &str = "---\ntitle: Peels\n---\nAbout peels.\n";

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
        "content/g/tabs.md:4:1: error: invalid YAML: found character that cannot start any token",
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
fn fifty_megabyte_markdown_file() {
    let mut text = String::from("---\ntitle: Huge?\n---\n");
    let paragraph = "Some words in a paragraph, with *emphasis* and a [link](https://example.com).\n\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(paragraph);
    }
    let site = site(&[("gloss.yaml", CONFIG), ("content/g/_index.md", GUIDE), ("content/g/huge.md", &text)]);
    let run = gloss(site.path(), &["build"]);
    assert_no_panic(&run);
    let err = stderr(&run);
    assert!(err.contains("g/huge/index.html: the page passed 16 MiB"), "{err}");
    assert!(err.contains("the text on this page is too long for one page"), "{err}");
    assert!(!site.path().join("public").exists());
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
    let site = site(&[("gloss.yaml", CONFIG), ("content/g/_index.md", GUIDE), ("content/g/nested.md", &text)]);
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
    let timeout = std::time::Duration::from_secs(30);
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
        ("content/g/a.md", "---\ntitle: A?\n---\nLook: ![](pic.png)\n"),
        ("content/g/pic.png", "png"),
    ]);
    let run = gloss(site.path(), &["check"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(stderr(&run).contains("content/g/a.md:4:7: warning: this image has no alt text"), "{}", stderr(&run));
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
        assert!(err.contains("--output DIR"), "says how to proceed: {err}");
    }
    assert!(site.path().join("gloss.yaml").is_file() && !site.path().join("content/public").exists());
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
