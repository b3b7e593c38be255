//! The shipped themes' stylesheets: the rules both share written once (as
//! clinic's partials, which a stylesheet puts in with `@import "_name.css";`
//! and gloss bundles into the one stylesheet a page loads), and sides
//! written as logical properties, so a right-to-left page mirrors.

mod common;

use common::*;
use regex::Regex;

const GUIDE: &str = "---\ntitle: Peels\nlast_reviewed: 2099-01-01\n---\nAbout peels.\n";
const ENTRY: &str = "---\ntitle: Does it sting?\n---\nA little.\n";

/// Every stylesheet and partial the shipped themes have, with its text.
fn theme_stylesheets() -> Vec<(String, String)> {
    let themes = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
    let mut found = Vec::new();
    for theme in std::fs::read_dir(&themes).unwrap() {
        let dir = theme.unwrap().path().join("static");
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|e| e == "css") {
                let name = path.strip_prefix(&themes).unwrap().display().to_string();
                found.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    assert!(found.len() >= 2, "{found:?}");
    found
}

/// Declarations that name a physical side on purpose, because what they
/// draw must look the same in either writing direction.
const PHYSICAL_ON_PURPOSE: &[(&str, &str)] = &[
    // clinic's open/closed chevron is two borders turned 45°: right and
    // bottom make it point down in either direction (its place flips).
    ("clinic/static/style.css", "border-right: 2.5px solid var(--accent)"),
];

#[test]
fn both_themes_write_sides_as_logical_properties_so_a_right_to_left_page_mirrors() {
    let comment = Regex::new(r"(?s)/\*.*?\*/").unwrap();
    let physical = Regex::new(
        r"(?x)(?:^|[;{\s])(
            (?:margin|padding|border)-(?:left|right)(?:-[a-z]+)?\s*:[^;}]*
          | (?:left|right)\s*:[^;}]*
          | border-(?:top|bottom)-(?:left|right)-radius\s*:[^;}]*
          | (?:text-align|float|clear)\s*:\s*(?:left|right)\b[^;}]*
        )",
    )
    .unwrap();
    let shorthand = Regex::new(r"(?:^|[;{\s])((?:margin|padding)\s*:\s*([^;{}]+))").unwrap();
    let mut found = Vec::new();
    for (file, text) in theme_stylesheets() {
        let text = comment.replace_all(&text, "");
        for caps in physical.captures_iter(&text) {
            let declaration = caps[1].trim().to_string();
            if !PHYSICAL_ON_PURPOSE.contains(&(file.as_str(), declaration.as_str())) {
                found.push(format!("{file}: {declaration}"));
            }
        }
        // Four sides given, with a different left and right.
        for caps in shorthand.captures_iter(&text) {
            let sides = top_level_words(&caps[2]);
            if sides.len() == 4 && sides[1] != sides[3] {
                found.push(format!("{file}: {}", caps[1].trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "physical sides that a right-to-left page would not mirror (write margin-inline-start, \
         padding-inline-end, inset-inline-start, border-inline-start, text-align: start…):\n{}",
        found.join("\n")
    );
}

/// A value's words outside brackets: `clamp(1rem, 2vw, 3rem) 0` is two.
fn top_level_words(value: &str) -> Vec<String> {
    let (mut words, mut word, mut depth) = (Vec::new(), String::new(), 0usize);
    for c in value.trim().chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                continue;
            }
            _ => {}
        }
        word.push(c);
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn each_theme_page_loads_one_stylesheet_holding_the_rules_both_themes_share() {
    for theme in ["clinic", "warm"] {
        let config = format!("title: T\nbase_url: https://c.example/\ntheme: {theme}\n");
        let site =
            site(&[("gloss.yaml", &config), ("content/peels/_index.md", GUIDE), ("content/peels/sting.md", ENTRY)])
                .theme("warm");
        let run = gloss(site.path(), &["build"]);
        assert!(run.status.success(), "{}", stderr(&run));
        let page = read(site.path().join("public/peels/sting/index.html"));
        let links: Vec<&str> = page.matches("rel=\"stylesheet\"").collect();
        assert_eq!(links.len(), 1, "{theme}: {page}");
        let published: Vec<String> = std::fs::read_dir(site.path().join("public"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(!published.iter().any(|n| n.starts_with('_')), "{theme}: partials published: {published:?}");
        let css_name = published.iter().find(|n| n.starts_with("style.") && n.ends_with(".css")).unwrap();
        let css = read(site.path().join(format!("public/{css_name}")));
        assert!(!css.contains("@import \"_"), "{theme}: an import left for the browser");
        // One rule from each shared partial, where the theme's own rules follow it.
        for shared in [".review-line > summary", ".urgent-help .callout-label", ".handout-term dt::after", "@page"] {
            assert!(css.contains(shared), "{theme}: `{shared}` missing from the bundled stylesheet");
        }
    }
}

#[test]
fn a_site_stylesheet_importing_a_partial_that_is_not_there_is_an_error_at_its_line() {
    let site = site(&[
        ("gloss.yaml", "title: T\nbase_url: https://c.example/\n"),
        ("content/peels/_index.md", GUIDE),
        ("content/peels/sting.md", ENTRY),
        ("static/style.css", "body { margin: 0; }\n@import \"_printt.css\";\n"),
    ]);
    let run = gloss(site.path(), &["build"]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(err.contains("static/style.css:2:1: error: `_printt.css` is not a stylesheet partial"), "{err}");
    assert!(err.contains("help:"), "{err}");
}

#[test]
fn a_site_can_put_a_theme_partial_into_its_own_stylesheet() {
    let site = site(&[
        ("gloss.yaml", "title: T\nbase_url: https://c.example/\n"),
        ("content/peels/_index.md", GUIDE),
        ("content/peels/sting.md", ENTRY),
        ("static/style.css", "body { margin: 0; }\n@import \"_review-line.css\";\n"),
    ]);
    let run = gloss(site.path(), &["build"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let css_name = std::fs::read_dir(site.path().join("public"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("style.") && n.ends_with(".css"))
        .unwrap();
    let css = read(site.path().join(format!("public/{css_name}")));
    assert!(css.starts_with("body { margin: 0; }\n") && css.contains(".review-line > summary"), "{css}");
}
