//! Whatever a writer's editor, a colleague's script or a bad day puts under
//! `content/`, gloss answers with a diagnostic that names the place, never a
//! panic, and never harms what was already published.

mod common;

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

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
fn a_fifty_megabyte_entry_is_refused_before_it_is_read() {
    let mut text = String::from("---\ntitle: Huge?\n---\n");
    let paragraph = "Some words in a paragraph, with *emphasis* and a [link](https://example.com).\n\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(paragraph);
    }
    let site = TestSite::fixture("minimal").built().file("content/peels/huge.md", &text);
    let before = site.output_files();
    let started = Instant::now();
    site.run("build")
        .fails()
        .stderr_has("content/peels/huge.md:1:1: error: this file is 50.0 MiB, over the 2 MiB gloss reads")
        .stderr_has("split it into several entries")
        .stderr_has("raise `limits: text_file_mib:` in gloss.yaml");
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
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
/// limit, at once, in every YAML file it reads.
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
        let started = Instant::now();
        let run = site
            .run("check")
            .fails()
            .stderr_has(&format!("{path}:{at}: error: the YAML nests more than 32 levels deep here"))
            .stderr_has("remove the extra brackets");
        assert!(run.stderr().len() < 2_000, "the 200 KB line is shown only around the place:\n{}", run.stderr());
        assert!(started.elapsed() < Duration::from_secs(2), "{path} took {:?}", started.elapsed());
    }
    let site = TestSite::fixture("minimal")
        .edit("gloss.yaml", |config| format!("{config}theme_options:\n  colours: {}\n", "{a: ".repeat(50_000)));
    let started = Instant::now();
    site.run("check").fails().stderr_has("gloss.yaml:8:132: error: the YAML nests more than 32 levels deep here");
    assert!(started.elapsed() < Duration::from_secs(2), "gloss.yaml took {:?}", started.elapsed());
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

#[test]
fn a_template_with_a_syntax_error() {
    let template = "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ entry.title </p>\n{% endblock content %}\n";
    let err = assert_reports(
        &[("templates/entry.html", template.as_bytes())],
        "templates/entry.html:3:19: error: template error: Found `</` but expected }}.",
    );
    assert!(err.contains("3 | <p>{{ entry.title </p>"), "{err}");
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
/// every entry, and the build takes no longer than a glossary's worth.
#[test]
fn twenty_thousand_glossary_terms_build_in_seconds() {
    let mut glossary = String::new();
    for i in 0..20_000 {
        glossary.push_str(&format!("- term: term{i}\n  definition: The meaning of term {i}.\n"));
    }
    glossary.push_str("- term: sting\n  definition: A short, sharp pain.\n");
    let site = TestSite::fixture("minimal").file("content/glossary.yaml", &glossary);
    let started = Instant::now();
    site.run("build").succeeds();
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    assert!(site.output("glossary/index.html").contains("term19999"));
}
