//! Starting a site and writing in it: `gloss init` makes a site that builds
//! at once, without ever overwriting a file, and whose `check` lists what is
//! left to replace (the sample address, the unreviewed sample guide); `gloss
//! new` starts entries and guides with every front matter key shown, and
//! `check` warns while their placeholder text is there.

mod common;

use std::process::Output;

use common::*;

const ENTRY_KEYS: &[&str] = &[
    "title",
    "summary",
    "order",
    "topics",
    "slug",
    "draft",
    "reviewed_by",
    "last_reviewed",
    "sources",
    "related",
    "aliases",
    "next_review",
];
const GUIDE_KEYS: &[&str] = &["title", "description", "order", "procedure", "reviewed_by", "last_reviewed", "draft"];

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn assert_ok(output: &Output, what: &str) {
    assert!(output.status.success(), "{what} failed:\n{}{}", stdout(output), stderr(output));
}

/// Exit status 1 with `error:` on stderr, as every refusal.
fn assert_refused(output: &Output) {
    assert_eq!(output.status.code(), Some(1), "{}{}", stdout(output), stderr(output));
    assert!(stderr(output).starts_with("error: "), "{}", stderr(output));
    assert!(stderr(output).contains("\n  = help: "), "{}", stderr(output));
}

/// A fresh site from `gloss init` in a temp dir; the site is `<dir>/site`.
fn init_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    assert_ok(&gloss(dir.path(), &["init", "site"]), "init");
    dir
}

/// The front matter of a markdown file, without its `---` lines.
fn front_matter(text: &str) -> &str {
    text.strip_prefix("---\n").and_then(|rest| rest.split_once("\n---\n")).map(|(yaml, _)| yaml).unwrap()
}

/// Each key either set (`key:`) or shown commented out (`# key:`).
fn key_lines<'a>(yaml: &'a str, keys: &[&'a str]) -> Vec<(&'a str, bool)> {
    keys.iter()
        .map(|key| {
            let set = yaml.lines().any(|l| l.starts_with(&format!("{key}:")));
            let commented = yaml.lines().any(|l| l.starts_with(&format!("# {key}:")));
            assert!(set || commented, "`{key}` is missing from:\n{yaml}");
            (*key, set)
        })
        .collect()
}

/// The file with every commented-out key (and its indented continuation
/// lines) put back in, as a writer who uses every example would.
fn uncomment_keys(text: &str, keys: &[&str]) -> String {
    let yaml = front_matter(text);
    let mut out = String::new();
    for line in yaml.lines() {
        let rest = line.strip_prefix("# ");
        let is_key = rest.is_some_and(|r| keys.iter().any(|k| r.starts_with(&format!("{k}:"))));
        let is_continuation = rest.is_some_and(|r| r.starts_with(' '));
        out.push_str(if is_key || is_continuation { rest.unwrap() } else { line });
        out.push('\n');
    }
    text.replacen(yaml, out.trim_end_matches('\n'), 1)
}

/// Makes the fresh site at `site` the writer's own: its address and a
/// clinician's review of the sample guide.
fn replace_the_samples(site: &std::path::Path) {
    let config = read(site.join("gloss.yaml"));
    let config =
        config.replace("base_url: \"https://example.com/guides/\"", "base_url: \"https://derm.example/guides/\"");
    std::fs::write(site.join("gloss.yaml"), config).unwrap();
    let index = site.join("content/microneedling/_index.md");
    let text = read(&index).replacen("\n---\n", "\nreviewed_by: Dr. Lee\nlast_reviewed: 2099-01-01\n---\n", 1);
    std::fs::write(index, text).unwrap();
}

#[test]
fn init_then_build_then_check_says_what_is_left_to_replace() {
    let dir = init_site();
    let site = dir.path().join("site");
    let run = gloss(dir.path(), &["init", "other"]);
    let out = stdout(&run);
    assert!(out.contains("Created a gloss site in other:"), "{out}");
    assert!(out.contains("\n  gloss.yaml\n"), "{out}");
    assert!(out.contains("\n  content/microneedling/is-it-painful.md\n"), "{out}");
    assert!(out.contains("\n  themes/clinic/templates/base.html\n"), "{out}");
    assert!(out.contains("cd other && gloss serve"), "{out}");

    let build = gloss(&site, &["build"]);
    assert_ok(&build, "build");
    assert!(stdout(&build).contains("(2 warnings)"), "{}", stdout(&build));
    assert!(site.join("public/index.html").is_file());
    let page = read(site.join("public/microneedling/is-it-painful/index.html"));
    assert!(page.contains("Is microneedling painful?"));
    // Nobody reviewed the sample for this practice: no page says anyone did.
    for page in ["microneedling/index.html", "microneedling/is-it-painful/index.html", "microneedling/print/index.html"]
    {
        let html = read(site.join("public").join(page));
        assert!(!html.contains("reviewed") && !html.contains("Dr. Alex Example"), "{page} claims a review");
    }

    // check says what is left to replace; --strict fails until it is done.
    let check = gloss(&site, &["check"]);
    assert_ok(&check, "check");
    let err = stderr(&check);
    assert!(
        err.contains("gloss.yaml:11:11: warning: `base_url` is still the sample address `gloss init` wrote"),
        "{err}"
    );
    assert!(
        err.contains("content/microneedling/_index.md:1:1: warning: neither this guide nor its 7 entries has had a medical review"),
        "{err}"
    );
    assert!(err.ends_with("0 errors, 2 warnings\n"), "{err}");
    assert_eq!(gloss(&site, &["check", "--strict"]).status.code(), Some(1));

    replace_the_samples(&site);
    let check = gloss(&site, &["check", "--strict"]);
    assert_ok(&check, "check --strict once the samples are replaced");
    assert_eq!(stderr(&check).trim(), "0 errors, 0 warnings");
    assert_ok(&gloss(&site, &["build"]), "build");
    assert!(
        read(site.join("public/microneedling/index.html")).contains("Medically reviewed by <strong>Dr. Lee</strong>")
    );
}

#[test]
fn init_embeds_the_shipped_theme_and_guide() {
    let dir = init_site();
    let site = dir.path().join("site");
    let theme = repo_root().join("themes/clinic");
    let theme_files = files_under(&theme);
    assert_eq!(files_under(&site.join("themes/clinic")), theme_files);
    for file in &theme_files {
        assert_eq!(
            std::fs::read(site.join("themes/clinic").join(file)).unwrap(),
            std::fs::read(theme.join(file)).unwrap()
        );
    }
    let content = repo_root().join("content");
    // A new site is in one language: the sample's translations stay behind.
    let sources: Vec<String> = files_under(&content).into_iter().filter(|f| !f.contains(".es.")).collect();
    assert_eq!(files_under(&site.join("content")), sources);
    // The sample's text is the shipped guide's; only its review is left out.
    for file in sources {
        let ours = read(site.join("content").join(&file));
        let shipped = read(content.join(&file));
        let differ: Vec<(&str, &str)> = ours.lines().zip(shipped.lines()).filter(|(a, b)| a != b).collect();
        assert_eq!(ours.lines().count(), shipped.lines().count(), "{file}");
        for (a, b) in differ {
            let key = ["reviewed_by:", "last_reviewed:"].into_iter().find(|k| b.starts_with(k));
            let key = key.unwrap_or_else(|| panic!("{file}: {b:?} changed to {a:?}"));
            assert!(a.starts_with(&format!("# {key} (this sample has had no medical review")), "{file}: {a:?}");
        }
    }
    assert_eq!(read(site.join(".gitignore")).lines().last(), Some("public/"));
}

#[test]
fn init_config_explains_every_key() {
    let dir = init_site();
    let config = read(dir.path().join("site/gloss.yaml"));
    let lines: Vec<&str> = config.lines().collect();
    for key in [
        "title:",
        "base_url:",
        "language:",
        "theme:",
        "practice:",
        "  name:",
        "  phone:",
        "  address:",
        "  booking_url:",
        "  email:",
        "disclaimer:",
        "review:",
        "  max_age_days:",
        "  overdue:",
        "readability:",
        "  target_grade:",
        "limits:",
        "  text_file_mib:",
        "theme_options:",
    ] {
        let at = lines.iter().position(|l| l.starts_with(key)).unwrap_or_else(|| panic!("no `{key}` in\n{config}"));
        assert!(lines[at - 1].trim_start().starts_with('#'), "`{key}` has no comment above it");
    }
    assert!(config.contains("base_url: \"https://example.com/guides/\""), "{config}");
    assert!(config.contains("CHANGE IT"), "{config}");
    // The theme's options are listed; using them as written is valid.
    assert!(config.contains("#     accent_color: "), "{config}");
    let site = dir.path().join("site");
    let example = config.lines().skip_while(|l| *l != "#   theme_options:").skip(1);
    let options: String = example.map_while(|l| l.strip_prefix("#     ")).map(|l| format!("  {l}\n")).collect();
    std::fs::write(site.join("gloss.yaml"), config.replace("theme_options: {}", &format!("theme_options:\n{options}")))
        .unwrap();
    replace_the_samples(&site);
    assert_ok(&gloss(&site, &["check", "--strict"]), "check with the listed theme options");
}

#[test]
fn init_in_the_current_folder_says_just_serve() {
    let dir = tempfile::tempdir().unwrap();
    let run = gloss(dir.path(), &["init"]);
    assert_ok(&run, "init");
    assert!(stdout(&run).contains("Created a gloss site in this folder:"), "{}", stdout(&run));
    assert!(stdout(&run).contains("\n  gloss serve"), "{}", stdout(&run));
    assert!(!stdout(&run).contains("cd "), "{}", stdout(&run));
    assert!(dir.path().join("gloss.yaml").is_file());
}

#[test]
fn init_creates_missing_folders_and_accepts_a_fresh_repository() {
    let dir = tempfile::tempdir().unwrap();
    assert_ok(&gloss(dir.path(), &["init", "a/b/c"]), "init a/b/c");
    assert!(dir.path().join("a/b/c/gloss.yaml").is_file());

    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    assert_ok(&gloss(&repo, &["init"]), "init beside .git");
    assert!(repo.join("content/_index.md").is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[("site/notes.txt", "mine")]);
    let run = gloss(dir.path(), &["init", "site"]);
    assert_refused(&run);
    let err = stderr(&run);
    assert!(err.contains("site is not empty (it holds notes.txt)"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(files_under(&dir.path().join("site")), ["notes.txt"]);

    let run = gloss(&dir.path().join("site"), &["init"]);
    assert_refused(&run);
    assert!(stderr(&run).contains("the current folder is not empty"), "{}", stderr(&run));

    write_files(dir.path(), &[("file", "x")]);
    let run = gloss(dir.path(), &["init", "file"]);
    assert_refused(&run);
    assert!(stderr(&run).contains("is a file, not a folder"), "{}", stderr(&run));
}

#[test]
fn init_force_adds_what_is_missing_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mine_config = "title: My own guides\n";
    let mine_home = "---\ntitle: Welcome\n---\nMine.\n";
    write_files(dir.path(), &[("gloss.yaml", mine_config), ("content/_index.md", mine_home), ("notes.txt", "keep")]);
    let run = gloss(dir.path(), &["init", "--force"]);
    assert_ok(&run, "init --force");
    let out = stdout(&run);
    assert!(
        out.contains("Skipped 2 files that already existed (left unchanged):\n  gloss.yaml\n  content/_index.md\n"),
        "{out}"
    );
    assert!(!out.contains("\n  notes.txt"), "{out}");
    assert_eq!(read(dir.path().join("gloss.yaml")), mine_config);
    assert_eq!(read(dir.path().join("content/_index.md")), mine_home);
    assert_eq!(read(dir.path().join("notes.txt")), "keep");
    assert!(dir.path().join("content/microneedling/aftercare.md").is_file());
    assert!(dir.path().join("themes/clinic/templates/entry.html").is_file());
    assert_ok(&gloss(dir.path(), &["build"]), "build after init --force");

    // Again: everything is there, so nothing is written and nothing changes.
    let snapshot = || -> Vec<(String, Vec<u8>)> {
        files_under(dir.path()).into_iter().map(|f| (f.clone(), std::fs::read(dir.path().join(&f)).unwrap())).collect()
    };
    let before = snapshot();
    let run = gloss(dir.path(), &["init", "--force"]);
    assert_ok(&run, "second init --force");
    assert!(stdout(&run).contains("Wrote nothing"), "{}", stdout(&run));
    assert!(before == snapshot(), "a second init --force changed files");
}

#[test]
fn new_entry_shows_every_key_and_builds() {
    let dir = init_site();
    let site = dir.path().join("site");
    replace_the_samples(&site);
    let run = gloss(&site, &["new", "microneedling/makeup-afterwards", "--title", "Can I wear makeup afterwards?"]);
    assert_ok(&run, "new");
    let out = stdout(&run);
    assert!(out.contains("Wrote content/microneedling/makeup-afterwards.md"), "{out}");
    assert!(out.contains("draft: true"), "{out}");
    let path = site.join("content/microneedling/makeup-afterwards.md");
    let text = read(&path);
    let yaml = front_matter(&text);
    for (key, set) in key_lines(yaml, ENTRY_KEYS) {
        assert_eq!(set, key == "title" || key == "draft", "`{key}` set: {set}\n{yaml}");
    }
    assert!(yaml.contains("title: \"Can I wear makeup afterwards?\"\n"), "{yaml}");
    assert!(yaml.contains("\ndraft: true\n"), "{yaml}");

    // A draft: not published, shown with --drafts.
    assert_ok(&gloss(&site, &["build"]), "build");
    assert!(!site.join("public/microneedling/makeup-afterwards").exists());
    assert_ok(&gloss(&site, &["build", "--drafts"]), "build --drafts");
    let page = read(site.join("public/microneedling/makeup-afterwards/index.html"));
    assert!(page.contains("Can I wear makeup afterwards?"));
    assert!(!page.contains("Notes for writers"), "the writers' notes are a comment");

    // Published, and with every example put in: it still builds cleanly.
    std::fs::write(&path, text.replace("\ndraft: true\n", "\n")).unwrap();
    assert_ok(&gloss(&site, &["check"]), "check after removing draft");
    let full = uncomment_keys(&text.replace("\ndraft: true\n", "\n"), ENTRY_KEYS);
    assert!(!front_matter(&full).lines().any(|l| ENTRY_KEYS.iter().any(|k| l.starts_with(&format!("# {k}:")))));
    std::fs::write(&path, &full).unwrap();
    let build = gloss(&site, &["build"]);
    assert_ok(&build, "build with every key");
    let warnings = stderr(&build);
    assert!(warnings.contains("still has the text `gloss new` wrote"), "{warnings}");
    assert!(stdout(&build).contains("(1 warning)"), "only the answer left to write: {warnings}");
    let page = read(site.join("public/microneedling/makeup-afterwards/index.html"));
    assert!(page.contains("Example Academy of Dermatology"), "the sources are shown");
    assert!(site.join("public/microneedling/old-question/index.html").is_file(), "the alias redirects");
}

#[test]
fn new_refuses_bad_names_existing_files_and_missing_guides() {
    let dir = init_site();
    let site = dir.path().join("site");
    let before = files_under(&site.join("content"));

    let run = gloss(&site, &["new", "microneedling/Makeup Afterwards", "--title", "Makeup?"]);
    assert_refused(&run);
    assert!(stderr(&run).contains("`gloss new microneedling/makeup-afterwards`"), "{}", stderr(&run));

    let run = gloss(&site, &["new", "Laser Hair", "--title", "Laser"]);
    assert_refused(&run);
    assert!(stderr(&run).contains("`gloss new laser-hair`"), "{}", stderr(&run));

    let run = gloss(&site, &["new", "microneedling/print", "--title", "Print?"]);
    assert_refused(&run);
    assert!(stderr(&run).contains("gloss uses it for its own pages"), "{}", stderr(&run));

    let run = gloss(&site, &["new", "a/b/c", "--title", "x"]);
    assert_refused(&run);
    assert!(stderr(&run).contains("GUIDE/SLUG"), "{}", stderr(&run));

    let shipped = read(site.join("content/microneedling/aftercare.md"));
    let run = gloss(&site, &["new", "microneedling/aftercare", "--title", "Aftercare?"]);
    assert_refused(&run);
    assert!(stderr(&run).contains("content/microneedling/aftercare.md already exists"), "{}", stderr(&run));
    assert_eq!(read(site.join("content/microneedling/aftercare.md")), shipped);

    let run = gloss(&site, &["new", "microneedling", "--title", "Again"]);
    assert_refused(&run);
    assert!(stderr(&run).contains("content/microneedling/_index.md already exists"), "{}", stderr(&run));

    let run = gloss(&site, &["new", "laser/why", "--title", "Why laser?"]);
    assert_refused(&run);
    let err = stderr(&run);
    assert!(err.contains("there is no guide `laser`"), "{err}");
    assert!(err.contains("the guides are: microneedling"), "{err}");
    assert!(err.contains("`gloss new laser`"), "{err}");

    let run = gloss(&site, &["new", "microneedling/why"]);
    assert_refused(&run);
    assert!(stderr(&run).contains("--title"), "{}", stderr(&run));

    let run = gloss(dir.path(), &["new", "microneedling/why", "--title", "Why?"]);
    assert_refused(&run);
    assert!(stderr(&run).contains("--root"), "{}", stderr(&run));

    assert_eq!(files_under(&site.join("content")), before, "a refused `new` writes nothing");
}

#[test]
fn new_finds_the_site_from_a_subfolder_or_root() {
    let dir = init_site();
    let site = dir.path().join("site");
    let run = gloss(&site.join("content/microneedling"), &["new", "microneedling/from-below", "--title", "Below?"]);
    assert_ok(&run, "new from a subfolder");
    assert!(site.join("content/microneedling/from-below.md").is_file());

    let root = site.to_string_lossy().into_owned();
    let run = gloss(dir.path(), &["new", "microneedling/from-outside", "--title", "Outside?", "--root", &root]);
    assert_ok(&run, "new --root");
    assert!(site.join("content/microneedling/from-outside.md").is_file());
}

#[test]
fn new_guide_builds_and_takes_entries() {
    let dir = init_site();
    let site = dir.path().join("site");
    let run = gloss(&site, &["new", "laser-hair-removal"]);
    assert_ok(&run, "new guide");
    assert!(stdout(&run).contains("Wrote content/laser-hair-removal/_index.md"), "{}", stdout(&run));
    assert!(stdout(&run).contains("gloss new laser-hair-removal/"), "{}", stdout(&run));
    let text = read(site.join("content/laser-hair-removal/_index.md"));
    let yaml = front_matter(&text);
    for (key, set) in key_lines(yaml, GUIDE_KEYS) {
        assert_eq!(set, key == "title", "`{key}` set: {set}\n{yaml}");
    }
    assert!(yaml.contains("title: \"Laser hair removal\"\n"), "{yaml}");

    let check = gloss(&site, &["check"]);
    assert_ok(&check, "check with the new guide");
    assert_ok(&gloss(&site, &["build"]), "build");
    assert!(read(site.join("public/laser-hair-removal/index.html")).contains("Laser hair removal"));

    let run = gloss(&site, &["new", "laser-hair-removal/does-it-hurt", "--title", "Does laser hair removal hurt?"]);
    assert_ok(&run, "new entry in the new guide");
    assert_ok(&gloss(&site, &["build", "--drafts"]), "build --drafts");
    assert!(site.join("public/laser-hair-removal/does-it-hurt/index.html").is_file());

    // Every example of the guide's keys is valid too (draft: true hides it).
    let guide = site.join("content/laser-hair-removal/_index.md");
    std::fs::write(&guide, uncomment_keys(&text, GUIDE_KEYS)).unwrap();
    assert_ok(&gloss(&site, &["build"]), "build with every guide key");
    assert!(!site.join("public/laser-hair-removal").exists(), "the guide is a draft now");
    assert_ok(&gloss(&site, &["build", "--drafts"]), "build --drafts with every guide key");
    assert!(site.join("public/laser-hair-removal/index.html").is_file());

    let run = gloss(&site, &["new", "peels", "--title", "Chemical peels"]);
    assert_ok(&run, "new guide with a title");
    assert!(read(site.join("content/peels/_index.md")).contains("title: \"Chemical peels\"\n"));
}

#[test]
fn text_gloss_new_wrote_for_the_writer_to_replace_is_a_warning_until_replaced() {
    let dir = init_site();
    let site = dir.path().join("site");
    replace_the_samples(&site);
    assert_ok(&gloss(&site, &["new", "laser"]), "new guide");
    assert_ok(&gloss(&site, &["new", "laser/why", "--title", "Why laser?"]), "new entry");
    let entry = site.join("content/laser/why.md");
    std::fs::write(&entry, read(&entry).replace("\ndraft: true\n", "\n")).unwrap();

    let check = gloss(&site, &["check"]);
    assert_ok(&check, "check: placeholders are warnings");
    let err = stderr(&check);
    assert!(
        err.contains(
            "content/laser/_index.md:20:1: warning: this guide still has the text `gloss new` wrote for you to replace: \"Introduce the guide here…\""
        ),
        "{err}"
    );
    assert!(
        err.contains("content/laser/why.md:33:1: warning: this entry still has the text `gloss new` wrote for you to replace: \"Answer the question here…\""),
        "{err}"
    );
    assert!(err.ends_with("0 errors, 3 warnings\n"), "the two placeholders and the unreviewed new guide: {err}");
    assert_eq!(gloss(&site, &["check", "--strict"]).status.code(), Some(1), "--strict fails on them");

    let guide = site.join("content/laser/_index.md");
    let intro = "Laser hair removal uses light to slow hair growth.";
    let text = read(&guide);
    let start = text.find("Introduce the guide here").unwrap();
    let end = start + text[start..].find("cover.").unwrap() + "cover.".len();
    std::fs::write(&guide, format!("{}{intro}{}", &text[..start], &text[end..])).unwrap();
    let text = read(&entry)
        .replace("Answer the question here, in plain words a patient can read at home.", "It works on dark hair.");
    std::fs::write(&entry, text).unwrap();
    let err = stderr(&gloss(&site, &["check"]));
    assert!(!err.contains("gloss new` wrote"), "{err}");
    assert!(err.ends_with("0 errors, 1 warning\n"), "only the new guide's missing review is left: {err}");
}

#[cfg(unix)]
#[test]
fn gloss_runs_on_jemalloc_giving_big_blocks_back_at_once() {
    // The setting is a symbol jemalloc reads before main; were its name
    // wrong (another build of jemalloc), it would be ignored without a word.
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_gloss"))
        .arg("--version")
        .env("_RJEM_MALLOC_CONF", "stats_print:true")
        .output()
        .unwrap();
    assert!(run.status.success());
    let stats = String::from_utf8_lossy(&run.stderr);
    assert!(stats.contains("opt.oversize_threshold: 1048576"), "{stats}");
}

#[test]
fn new_entry_as_the_writer_sees_it() {
    let site = TestSite::fixture("minimal");
    let run = site.command(&["new", "peels/makeup-afterwards", "--title", "Can I wear makeup afterwards?"]).run();
    insta::assert_snapshot!("new_entry_terminal", run.succeeds().terminal());
    insta::assert_snapshot!("new_entry_file", site.source("content/peels/makeup-afterwards.md"));
}

#[test]
fn new_guide_as_the_writer_sees_it() {
    let site = TestSite::fixture("minimal");
    insta::assert_snapshot!("new_guide_terminal", site.run("new laser-hair-removal").succeeds().terminal());
    insta::assert_snapshot!("new_guide_file", site.source("content/laser-hair-removal/_index.md"));
}

#[test]
fn new_refuses_an_entry_in_a_guide_that_is_not_there() {
    let site = TestSite::fixture("minimal");
    let run = site.command(&["new", "laser/why", "--title", "Why laser?"]).run();
    insta::assert_snapshot!(run.fails().terminal());
}

#[test]
fn init_as_the_writer_sees_it() {
    let site = TestSite::empty().remove("themes");
    insta::assert_snapshot!(site.run("init clinic-site").succeeds().terminal());
}

/// A practice's IT person reads the README, installs gloss, and runs it far
/// from any checkout, with a bare environment: `init` and `build` work, so
/// the README's claim that the binary needs nothing else holds.
#[test]
fn the_readme_says_how_to_install_and_the_installed_binary_needs_nothing_else() {
    let readme = read(common::repo_root().join("README.md"));
    assert!(readme.contains("cargo install --locked --path ."), "README says how to install from a checkout");
    assert!(readme.contains("cargo install --locked --git"), "README says how to install from the repository");
    let manifest = read(common::repo_root().join("Cargo.toml"));
    let rust_version = manifest.lines().find_map(|l| l.strip_prefix("rust-version = ")).expect("rust-version");
    assert!(
        readme.contains(&format!("Rust {} or newer", rust_version.trim_matches('"'))),
        "README names the Rust it needs"
    );

    let elsewhere = tempfile::tempdir().unwrap();
    let installed = elsewhere.path().join("bin/gloss");
    std::fs::create_dir_all(installed.parent().unwrap()).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_gloss"), &installed).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(&installed)
            .args(args)
            .current_dir(elsewhere.path())
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", elsewhere.path())
            .output()
            .unwrap()
    };
    assert_ok(&run(&["init", "guides"]), "init");
    assert_ok(&run(&["build", "--root", "guides"]), "build");
    assert!(elsewhere.path().join("guides/public/microneedling/is-it-painful/index.html").is_file());
    assert!(elsewhere.path().join("guides/themes/clinic/templates/base.html").is_file());
}

#[test]
fn new_entry_in_a_translated_guide_suggests_related_entries_of_its_own_language() {
    let site = TestSite::fixture("minimal").files(&[
        ("gloss.yaml", "title: \"Test guides\"\nlanguages:\n  - code: en\n  - code: es\n"),
        ("content/peels/_index.es.md", "---\ntitle: \"Peelings\"\n---\n\nSobre los peelings.\n"),
        ("content/peels/does-it-sting.es.md", "---\ntitle: \"¿Pica?\"\nslug: pica\n---\n\nUn poco.\n"),
    ]);
    assert_ok(&gloss(site.path(), &["new", "peels/how-long", "--title", "How long does it take?"]), "new");
    let text = read(site.path().join("content/peels/how-long.md"));
    let related = text.lines().find(|l| l.starts_with("# related:")).expect("a related: example");
    assert_eq!(related, "# related: [does-it-sting]", "{text}");
    // With the suggestion put in, the new entry builds.
    let published = text.replace("\ndraft: true\n", "\n").replace(related, "related: [does-it-sting]");
    std::fs::write(site.path().join("content/peels/how-long.md"), published).unwrap();
    assert_ok(&gloss(site.path(), &["build"]), "build with the suggested related entries");
}
