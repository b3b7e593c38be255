//! Property-based fuzzing of the whole pipeline: random front matter and
//! markdown, built in memory, must give diagnostics or pages, never a panic.
//!
//! The test command runs a bounded number of cases; for a long run set
//! `GLOSS_FUZZ_CASES`, e.g. `GLOSS_FUZZ_CASES=20000 cargo test --release --test fuzz_pipeline`.

mod common;

use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("GLOSS_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(96)
}

/// Markdown built from the pieces writers use, plus arbitrary text.
fn markdown() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "\\PC{0,40}",
        Just("## Heading\n".to_string()),
        Just("# Top {#custom-id}\n".to_string()),
        Just("> [!WARNING]\n> **Call us** if it hurts.\n".to_string()),
        Just("> [!NOTE]\n".to_string()),
        Just("[link](other.md#anchor) ".to_string()),
        Just("[up](../x/_index.md) [root](/g/other.md) [gone](missing.md) ".to_string()),
        Just("![](img.png) ![alt](img.png) ".to_string()),
        Just("Text[^1].\n\n[^1]: Note.\n".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |\n".to_string()),
        Just("- a\n  - b\n    - c\n".to_string()),
        Just(">>>>>>>> deep\n".to_string()),
        Just("```\n--- \ncode\n```\n".to_string()),
        Just("<script>alert(1)</script>\n".to_string()),
        Just("\r\n\u{feff}\t".to_string()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|p| p.join("\n"))
}

fn front_matter() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("title: A question?".to_string()),
        Just("title: \"</script><script>alert(1)</script>\"".to_string()),
        Just("summary: It's fine.".to_string()),
        Just("order: 3".to_string()),
        Just("order: three".to_string()),
        Just("topics: [pain, \"acne scars\"]".to_string()),
        Just("topics: pain".to_string()),
        Just("slug: other".to_string()),
        Just("slug: Not A Slug".to_string()),
        Just("draft: true".to_string()),
        Just("last_reviewed: 2026-01-31".to_string()),
        Just("last_reviewed: 2026-02-31".to_string()),
        Just("next_review: soon".to_string()),
        Just("related: [other, g/other, nowhere]".to_string()),
        Just("sources:\n  - title: A\n    url: https://example.com\n    year: 2020".to_string()),
        Just("sources: [{title: A}]".to_string()),
        Just("aliases: [/old/path/]".to_string()),
        Just("titel: typo".to_string()),
        Just("a: &a [1,2]\nb: [*a, *a]".to_string()),
        "[a-z_]{1,8}: \\PC{0,12}",
        "\\PC{0,20}",
    ];
    prop::collection::vec(line, 0..6).prop_map(|l| l.join("\n"))
}

fn entry() -> impl Strategy<Value = String> {
    (front_matter(), markdown(), 0..4u8).prop_map(|(fm, md, shape)| match shape {
        0 => format!("---\n{fm}\n---\n{md}"),
        1 => format!("---\n{fm}\n{md}"),
        2 => md,
        _ => format!("\u{feff}---\r\n{fm}\r\n---\r\n{md}"),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn any_content_gives_diagnostics_or_pages(entries in prop::collection::vec(entry(), 1..4), intro in markdown()) {
        let mut files = vec![
            ("gloss.yaml".to_string(), "title: Fuzz\n".to_string()),
            ("content/g/_index.md".to_string(), format!("---\ntitle: G\n---\n{intro}")),
        ];
        let names = ["other", "b", "c", "d"];
        for (name, text) in names.iter().zip(&entries) {
            files.push((format!("content/g/{name}.md"), text.clone()));
        }
        let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        let site = common::site(&borrowed);
        let build = gloss::build_site(site.path(), false);
        for d in &build.summary.diagnostics {
            prop_assert!(d.line >= 1 && d.column >= 1, "{d}");
            prop_assert!(!d.message.contains("Error {") && !d.message.contains("Location {"), "no debug dumps: {d}");
        }
        if !build.summary.has_errors() {
            prop_assert!(build.output.contains("g/index.html"));
            for (path, bytes) in build.output.iter().filter(|(p, _)| p.ends_with(".html")) {
                let html = String::from_utf8_lossy(bytes);
                prop_assert!(!html.contains("<script>alert"), "{path} lets a script through");
            }
        }
    }
}
