//! Plain words: a writer who uses a word many patients do not know
//! ("erythema", "prior to") is told where and what to write instead, and
//! can keep a term on purpose for one entry.

mod common;

use common::*;

/// The minimal fixture (guide `peels`) with one more entry.
fn with_entry(path: &str, text: &str) -> TestSite {
    TestSite::fixture("minimal").file(path, text)
}

#[test]
fn a_complex_word_is_a_warning_at_its_place_with_a_plainer_word() {
    let site = with_entry(
        "content/peels/red.md",
        "---\ntitle: Will my skin be red?\n---\nYes, for a day.\n\nYou may see Erythema prior to peeling.\n",
    );
    site.run("check")
        .succeeds()
        .stderr_has(
            "content/peels/red.md:6:13: warning: \"Erythema\" is a word many patients do not know; a plainer one: \"redness\"",
        )
        .stderr_has("content/peels/red.md:6:22: warning: \"prior to\" is a word many patients do not know; a plainer one: \"before\"")
        .stderr_has("`plain_words_kept: [erythema]`");
    site.run("check --strict").fails();
}

#[test]
fn words_in_code_or_inside_other_words_are_not_warned() {
    let site = with_entry(
        "content/peels/code.md",
        "---\ntitle: What is in the code?\n---\nThe word `utilize` in code, and a choral song.\n\n```\nutilize\n```\n",
    );
    site.run("check --strict").succeeds().stderr_has("0 errors, 0 warnings");
}

#[test]
fn a_term_kept_on_purpose_is_not_warned_for_that_entry_only() {
    let kept =
        "---\ntitle: Will my skin be red?\nplain_words_kept: [Erythema]\n---\nErythema, or redness, lasts a day.\n";
    let other = "---\ntitle: Is it red later?\n---\nErythema fades.\n";
    let site = with_entry("content/peels/red.md", kept).file("content/peels/later.md", other);
    let run = site.run("check").succeeds();
    assert!(!run.stderr().contains("red.md"), "{}", run.stderr());
    run.stderr_has("content/peels/later.md:4:1: warning: \"Erythema\" is a word");
}

#[test]
fn plain_word_warnings_are_in_the_json_output() {
    let site = with_entry("content/peels/red.md", "---\ntitle: Is it red?\n---\nUtilize the cream.\n");
    let run = site.run("check --format json").succeeds();
    let json: serde_json::Value = serde_json::from_str(run.stdout()).unwrap();
    let warning = json.as_array().unwrap().iter().find(|d| d["path"] == "content/peels/red.md").expect("a warning");
    assert_eq!(warning["line"], 4);
    assert_eq!(warning["column"], 1);
    assert!(warning["message"].as_str().unwrap().contains("a plainer one: \"use\""), "{warning}");
}
