//! Valid HTML whatever the writer types: every example of the CommonMark
//! spec 0.31.2 is an entry of one guide, every example of GitHub's extensions
//! (tables, task lists, strikethrough, autolinks) an entry of another, and
//! every page gloss makes of them, the guide pages and print handouts that
//! put hundreds of answers side by side included, passes the Nu Html
//! Checker. The examples are in `tests/fixtures/commonmark/`.

mod common;
#[path = "common/validators.rs"]
mod validators;

use common::*;
use serde_json::Value;

/// The fence that opens and closes an example in the spec's text.
const FENCE: &str = "````````````````````````````````";

/// The markdown of each example in a spec's text, in order, with the spec's
/// `→` turned back into the tab it stands for.
fn examples(spec: &str) -> Vec<String> {
    examples_by_section(spec).into_iter().map(|e| e.markdown.replace('→', "\t")).collect()
}

/// An example of the spec: its section, its markdown (tabs as `→`, as the
/// spec writes them) and the HTML the spec expects.
struct Example {
    section: String,
    markdown: String,
    html: String,
}

/// Every example of a spec's text with the section it is in.
fn examples_by_section(spec: &str) -> Vec<Example> {
    let mut examples = Vec::new();
    let mut section = String::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if let Some(heading) = line.strip_prefix("## ") {
            section = heading.to_string();
        } else if line.starts_with(FENCE) && line[FENCE.len()..].trim_start().starts_with("example") {
            let text = |lines: Vec<&str>| lines.iter().map(|l| format!("{l}\n")).collect::<String>();
            let markdown = text(lines.by_ref().take_while(|l| *l != ".").collect());
            let html = text(lines.by_ref().take_while(|l| !l.starts_with(FENCE)).collect());
            examples.push(Example { section: section.clone(), markdown, html });
        }
    }
    examples
}

/// One entry per example, in guide `guide`, ordered as in the spec.
fn add_guide(site: TestSite, guide: &str, title: &str, examples: &[String]) -> TestSite {
    let index = format!(
        "---\ntitle: \"{title}\"\nreviewed_by: \"Dr. Test Reviewer\"\nlast_reviewed: 2025-06-01\n---\n\nThe examples.\n"
    );
    let mut site = site.file(&format!("content/{guide}/_index.md"), index);
    for (n, markdown) in examples.iter().enumerate().map(|(i, m)| (i + 1, m)) {
        let entry = format!("---\ntitle: \"Example {n}\"\norder: {n}\n---\n\n{markdown}");
        site = site.file(&format!("content/{guide}/example-{n}.md"), entry);
    }
    site
}

/// The examples gloss refuses to publish, by design, each with the error
/// `gloss check` gives it: a link to a scheme a patient's browser would hand
/// to another program (or none at all), and images without alt text.
const REFUSED: &[(&str, &str)] = &[
    ("content/spec/example-475.md", "this image has no alt text"),
    ("content/spec/example-581.md", "this image has no alt text"),
    ("content/spec/example-596.md", "gloss does not publish `irc:` URLs"),
    ("content/spec/example-598.md", "gloss does not publish `a+b+c:` URLs"),
    ("content/spec/example-599.md", "gloss does not publish `made-up-scheme:` URLs"),
    ("content/spec/example-600.md", "this is not a valid web address: `..` is not a host name"),
    ("content/spec/example-601.md", "gloss does not publish `localhost:` URLs"),
];

/// The spec's links point to files (`/url`, `train.jpg`, `foo(and(bar)`) a
/// real site would have: each file a link names that is not there is made,
/// an entry for a `.md`, a one-line file otherwise. What is left of
/// `gloss check`'s errors is returned as (file, message).
fn add_linked_files(site: &TestSite) -> Vec<(String, String)> {
    let run = site.command(&["check", "--format", "json"]).run();
    let diagnostics: Value = serde_json::from_str(run.stdout()).expect("check --format json prints JSON");
    let mut errors = Vec::new();
    for diagnostic in diagnostics.as_array().unwrap().iter().filter(|d| d["severity"] == "error") {
        let message = diagnostic["message"].as_str().unwrap();
        match message.split_once(": there is no file ") {
            Some((_, missing)) if message.starts_with("broken link") => {
                let path = site.path().join(missing);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                let text =
                    if missing.ends_with(".md") { "---\ntitle: \"Linked\"\n---\n\nLinked.\n" } else { "linked\n" };
                std::fs::write(path, text).unwrap();
            }
            _ => errors.push((diagnostic["path"].as_str().unwrap().to_string(), message.to_string())),
        }
    }
    errors
}

#[test]
fn every_commonmark_and_gfm_example_makes_pages_the_nu_html_checker_passes() {
    let fixtures = repo_root().join("tests/fixtures/commonmark");
    let spec = examples(&read(fixtures.join("spec.txt")));
    let gfm = examples(&read(fixtures.join("gfm.txt")));
    assert_eq!((spec.len(), gfm.len()), (652, 29), "examples read from spec.txt and gfm.txt");
    let site = TestSite::empty().file(
        "gloss.yaml",
        "title: \"Markdown examples\"\nbase_url: \"https://guides.example.org/\"\nreview:\n  max_age_days: 36500\n\
         readability:\n  target_grade: 30\n",
    );
    let site = add_guide(site, "spec", "CommonMark spec examples", &spec);
    let site = add_guide(site, "gfm", "GFM extension examples", &gfm);

    let mut refused = add_linked_files(&site);
    refused.sort();
    assert_eq!(refused, REFUSED.iter().map(|(f, m)| (f.to_string(), m.to_string())).collect::<Vec<_>>());
    let site = REFUSED.iter().fold(site, |site, (file, _)| site.remove(file));

    // 645 spec examples, 29 GFM ones and `target.md`, which example 484 links to.
    site.run("build").succeeds().stdout_has("Built 2 guides, 675 entries");
    let public = site.path().join("public");
    let pages = files_under(&public).iter().filter(|f| f.ends_with(".html")).count();
    assert!(pages >= 675 + 4, "checked {pages} pages");
    let errors = validators::nu_html_errors(&[&public]);
    assert!(errors.is_empty(), "{} Nu Html Checker errors in {pages} pages:\n{}", errors.len(), errors.join("\n"));
}

/// The spec's examples of whitespace (tabs, indentation, blank lines, line
/// breaks) render as the spec says: one snapshot per section, each example's
/// markdown, the HTML the spec expects and the body of the page gloss makes
/// of it, tabs shown as `→` as in the spec. gloss differs from the spec only
/// where it means to: headings sit below the page's title (`#` is `<h2>`)
/// and take an id, quotes are curled, and raw HTML is sanitised (a raw `<a>`
/// never closed, examples 642 and 643, is closed as browsers close it, its
/// address a valid URL).
macro_rules! whitespace_sections {
    ($($test:ident: $section:literal,)*) => {$(
        #[test]
        fn $test() {
            let spec = read(repo_root().join("tests/fixtures/commonmark/spec.txt"));
            // Each with its number in the spec.
            let examples: Vec<(usize, Example)> =
                examples_by_section(&spec).into_iter().zip(1..).filter(|(e, _)| e.section == $section).map(|(e, n)| (n, e)).collect();
            assert!(!examples.is_empty(), "no section {}", $section);
            let markdown: Vec<String> = examples.iter().map(|(_, e)| e.markdown.replace('→', "\t")).collect();
            let site = add_guide(TestSite::fixture("minimal"), "spec", $section, &markdown).built();
            let shown: String = examples
                .iter()
                .enumerate()
                .map(|(i, (n, example))| {
                    let page = site.output(&format!("spec/example-{}/index.html", i + 1));
                    let body = element(&page, r#"<div class="prose entry-body""#);
                    let body = body.split_once('\n').map_or("", |(_, b)| b).trim_end_matches("</div>").trim_end();
                    format!(
                        "=== example {n}\n--- markdown\n{}--- the spec's HTML\n{}--- gloss\n{}\n\n",
                        example.markdown,
                        example.html,
                        body.replace('\t', "→")
                    )
                })
                .collect();
            insta::assert_snapshot!(stringify!($test), shown);
        }
    )*};
}

whitespace_sections! {
    tabs: "Tabs",
    indented_code_blocks: "Indented code blocks",
    paragraphs: "Paragraphs",
    blank_lines: "Blank lines",
    hard_line_breaks: "Hard line breaks",
    soft_line_breaks: "Soft line breaks",
    textual_content: "Textual content",
}
