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

#[test]
fn a_term_defined_in_its_sentence_is_not_a_plain_word_warning() {
    let site = with_entry(
        "content/peels/red.md",
        "---\ntitle: Will my skin be red?\n---\nYou may have erythema (redness) for a day.\n\nErythema fades.\n",
    );
    let run = site.run("check").succeeds().stderr_has("content/peels/red.md:6:1: warning: \"Erythema\" is a word");
    assert!(!run.stderr().contains("red.md:4:"), "the defined use is not warned: {}", run.stderr());
}

#[test]
fn a_site_adds_its_own_words_in_content_plain_words_yaml() {
    let site =
        with_entry("content/peels/zap.md", "---\ntitle: Will you zap it?\n---\nWe zap the spot. Utilize the cream.\n")
            .file("content/plain_words.yaml", "# Our words\nzap: treat with a laser\nutilize: put on\n");
    site.run("check")
        .succeeds()
        .stderr_has("content/peels/zap.md:4:4: warning: \"zap\" is a word many patients do not know; a plainer one: \"treat with a laser\"")
        .stderr_has("content/peels/zap.md:4:18: warning: \"Utilize\" is a word many patients do not know; a plainer one: \"put on\"");
    let kept = site.edit("content/peels/zap.md", |t| {
        t.replace("title: Will you zap it?", "title: Will you zap it?\nplain_words_kept: [zap]")
    });
    let run = kept.run("check").succeeds();
    assert!(!run.stderr().contains("\"zap\""), "a writer keeps a site word for one entry: {}", run.stderr());
    run.stderr_has("\"Utilize\" is a word");
}

#[test]
fn a_plain_words_file_that_is_not_word_and_plainer_word_is_an_error_at_its_line() {
    let site = TestSite::fixture("minimal").file("content/plain_words.yaml", "zap: treat with a laser\nburn:\n");
    site.run("check")
        .fails()
        .stderr_has("content/plain_words.yaml:2:1: error: plain words: `burn` needs the plainer word to write instead, after the colon")
        .stderr_has("help: write one word or phrase per line with the plainer word after the colon, as `utilize: use`");
}

/// The minimal site in English and Spanish, with `care.es.md` in Spanish
/// beside the English `care.md`.
fn bilingual(spanish_entry: &str) -> TestSite {
    let config = "title: \"Test guides\"\nbase_url: \"https://guides.example.org/\"\nreview:\n  max_age_days: 36500\n\
        languages:\n  - code: en\n  - code: es\n    title: \"Guías\"\n";
    TestSite::fixture("minimal").files(&[
        ("gloss.yaml", config),
        ("content/peels/_index.es.md", "---\ntitle: \"Peelings\"\n---\n\nSobre los peelings.\n"),
        ("content/peels/does-it-sting.es.md", "---\ntitle: \"¿Pica?\"\nslug: pica\n---\n\nUn poco.\n"),
        ("content/peels/care.md", "---\ntitle: How do I care for it?\n---\nWash it.\n"),
        ("content/peels/care.es.md", spanish_entry),
    ])
}

#[test]
fn a_spanish_entry_is_read_against_the_spanish_list_and_the_sites_spanish_words() {
    let entry = "---\ntitle: \"¿Cómo la cuido?\"\nslug: cuidado\n---\nSi tiene prurito, llámenos. Úlcera: previo a la visita, \
        el eritema, es decir, el enrojecimiento, baja. No pique la zona.\n";
    let site = bilingual(entry).file("content/plain_words.es.yaml", "picar: rascar\npique: rasque\n");
    let run = site.run("check").succeeds();
    let run = run.stderr_has("content/peels/care.es.md:5:10: warning: \"prurito\" is a word many patients do not know; a plainer one: \"picazón\"")
        .stderr_has("content/peels/care.es.md:5:29: warning: \"Úlcera\" is a word many patients do not know; a plainer one: \"llaga\"")
        .stderr_has("content/peels/care.es.md:5:37: warning: \"previo a\" is a word many patients do not know; a plainer one: \"antes de\"")
        .stderr_has("warning: \"pique\" is a word many patients do not know; a plainer one: \"rasque\"");
    assert!(
        !run.stderr().contains("\"eritema\""),
        "a term defined with \"es decir\" is taught there: {}",
        run.stderr()
    );
    assert!(!run.stderr().contains("care.md:"), "the Spanish site's words are not read in English: {}", run.stderr());
}

// PEMAT-P items. Each fixture is one entry of the minimal site, long enough
// to score, checked with `pemat_threshold: 100` so that every item it does
// not meet is a warning; `GOOD` meets every item gloss judges.

const GOOD: &str = "---\ntitle: How do I care for my skin?\nsummary: Keep it clean and calm for a few days.\n---\n\
Your skin may look red for a day or two after the treatment. This is normal and it fades on its own.\n\n\
## What to do at home\n\n\
- Wash your face gently with cool water.\n- Use the cream your provider gives you.\n- Stay out of the sun for a week.\n\n\
## When to call us\n\n\
Call us if the redness gets worse after 3 days. You can also ask us any question at your next visit. \
We are happy to help you with anything you need.\n";

/// The minimal site with `entry` at content/peels/care.md, every item not
/// met a warning.
fn scored(entry: &str) -> TestSite {
    with_entry("content/peels/care.md", entry)
        .edit("gloss.yaml", |config| config + "plain_language:\n  pemat_threshold: 100\n")
}

/// The PEMAT items `check --format json` warns `care.md` does not meet,
/// each with its line.
fn items_not_met(site: &TestSite) -> Vec<(u64, u64)> {
    let run = site.run("check --format json").succeeds();
    let json: serde_json::Value = serde_json::from_str(run.stdout()).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == "content/peels/care.md" && d["pemat"]["item"].is_u64())
        .map(|d| (d["pemat"]["item"].as_u64().unwrap(), d["line"].as_u64().unwrap()))
        .collect()
}

/// `GOOD` with `from` replaced by `to`.
fn good_but(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "{from}");
    GOOD.replace(from, to)
}

#[test]
fn an_entry_that_meets_every_automated_item_has_no_pemat_warning() {
    let site = scored(GOOD);
    assert_eq!(items_not_met(&site), []);
    site.run("check --strict").succeeds();
}

#[test]
fn item_3_everyday_language() {
    let site = scored(&good_but("Use the cream", "Utilize the cream"));
    assert_eq!(items_not_met(&site), [(3, 10)]);
}

#[test]
fn item_4_medical_terms_defined_in_the_sentence_or_the_glossary() {
    let undefined = good_but("This is normal", "You may see melasma");
    assert_eq!(items_not_met(&scored(&undefined)), [(4, 5)]);
    let defined = good_but("This is normal", "You may see melasma (dark patches)");
    assert_eq!(items_not_met(&scored(&defined)), []);
    let in_glossary =
        scored(&undefined).file("content/glossary.yaml", "- term: melasma\n  definition: Dark patches on the skin.\n");
    assert_eq!(items_not_met(&in_glossary), []);
}

#[test]
fn item_5_active_voice_in_four_sentences_of_five() {
    let passive = good_but(
        "This is normal and it fades on its own.",
        "The cream is applied by us. The skin is cleaned first. The mask is removed later.",
    );
    let site = scored(&passive);
    assert_eq!(items_not_met(&site), [(5, 5)]);
    site.run("check").stderr_has("PEMAT item 5 (active voice) not met: 3 of 10 sentences passive");
    let one_passive = good_but("This is normal and it fades on its own.", "The cream is applied by us.");
    assert_eq!(items_not_met(&scored(&one_passive)), []);
}

#[test]
fn item_6_numbers_clear() {
    let percent = good_but("after 3 days", "in 30% of cases");
    assert_eq!(items_not_met(&scored(&percent)), [(6, 15)]);
    let fraction = good_but("after 3 days", "after 1.5 days");
    assert_eq!(items_not_met(&scored(&fraction)), [(6, 15)]);
    let times_and_phones = good_but("after 3 days", "after 3 days, at 555-0100 before 10:30");
    assert_eq!(items_not_met(&scored(&times_and_phones)), []);
}

#[test]
fn item_7_no_calculations() {
    let site = scored(&good_but("after 3 days.", "after 3 days. Multiply your weight by 2 for the dose."));
    assert_eq!(items_not_met(&site), [(7, 15)]);
}

#[test]
fn item_8_short_sections() {
    let long = "We will check how your skin heals at each visit. ".repeat(25);
    let site = scored(&good_but("## When to call us\n\n", &format!("## When to call us\n\n{long}\n\n")));
    assert_eq!(items_not_met(&site), [(8, 13)]);
    site.run("check").stderr_has("PEMAT item 8 (short sections) not met: a section of 281 words, over 200");
}

#[test]
fn item_9_informative_headings() {
    let site = scored(&good_but("## When to call us", "## Other"));
    assert_eq!(items_not_met(&site), [(9, 13)]);
}

#[test]
fn item_11_summary() {
    let site = scored(&good_but("summary: Keep it clean and calm for a few days.\n", ""));
    assert_eq!(items_not_met(&site), [(11, 1)]);
}

#[test]
fn item_12_visual_cues() {
    let no_list = good_but(
        "- Wash your face gently with cool water.\n- Use the cream your provider gives you.\n- Stay out of the sun for a week.",
        "Wash your face gently with cool water. Use the cream your provider gives you. Stay out of the sun for a week.",
    );
    assert_eq!(items_not_met(&scored(&no_list)), [(12, 5)]);
    let bold = no_list.replace("Stay out of the sun", "**Stay out of the sun**");
    assert_eq!(items_not_met(&scored(&bold)), []);
}

#[test]
fn items_20_and_21_an_action_addressed_to_you() {
    let informational = "---\ntitle: What is a peel?\nsummary: A peel takes off the top layer of skin.\n---\n\
        A peel is a treatment that takes off the top layer of your skin. New skin grows in its place.\n\n\
        ## How it feels\n\n- It stings a little.\n- The sting stops in a few minutes.\n\n\
        ## What it helps\n\nIt helps with fine lines, dull skin and uneven color. Most people see a change after a week or two.\n";
    let site = scored(informational);
    assert_eq!(items_not_met(&site), [(20, 5), (21, 5)]);
    let others = informational.replace("New skin grows in its place.", "Patients should rest after it.");
    assert_eq!(items_not_met(&scored(&others)), [(21, 5)]);
}

#[test]
fn item_22_steps_as_a_numbered_list() {
    let prose = good_but("Call us if", "First, wash your hands. Then call us if");
    assert_eq!(items_not_met(&scored(&prose)), [(22, 15)]);
    let listed = good_but(
        "- Wash your face gently with cool water.\n- Use the cream your provider gives you.\n- Stay out of the sun for a week.",
        "1. First, wash your face gently with cool water.\n2. Then use the cream your provider gives you.\n3. Stay out of the sun for a week.",
    );
    assert_eq!(items_not_met(&scored(&listed)), []);
}

#[test]
fn a_very_short_entry_is_not_held_to_the_items_for_long_material() {
    // Two paragraphs: PEMAT's "very short" (items 8, 9, 11 do not apply).
    let short = "---\ntitle: Does it sting?\n---\nIt stings a little for a few minutes, and then the feeling stops on \
        its own. Your provider puts a cool cloth on your skin to help.\n\n**Tell your provider** if it hurts too much, so \
        they can stop. You can also ask for a short break at any time during the peel.\n";
    assert_eq!(items_not_met(&scored(short)), []);
}

#[test]
fn scores_warn_only_under_the_threshold_in_gloss_yaml() {
    let low = good_but("Use the cream", "Utilize the cream").replace("## When to call us", "## Other");
    // 7 of 9 understandability items: 78 %.
    let default = with_entry("content/peels/care.md", &low);
    let run = default.run("check").succeeds();
    assert!(!run.stderr().contains("PEMAT"), "78% is over the default 70%: {}", run.stderr());
    let strict = default.edit("gloss.yaml", |c| c + "plain_language:\n  pemat_threshold: 80\n");
    strict
        .run("check")
        .succeeds()
        .stderr_has("content/peels/care.md:13:1: warning: PEMAT item 9 (informative headings) not met: the heading \"Other\" says nothing of its section; this entry's understandability is 78%, under 80%")
        .stderr_has("content/peels/_index.md:1:1: warning: this guide's PEMAT understandability is 78%");
}

#[test]
fn a_threshold_that_is_not_a_percentage_is_an_error_at_its_line() {
    let site = TestSite::fixture("minimal").edit("gloss.yaml", |c| c + "plain_language:\n  pemat_threshold: 170\n");
    site.run("check")
        .fails()
        .stderr_has("gloss.yaml:8:20: error: `pemat_threshold` must be a percentage, not 170")
        .stderr_has("help: write a number from 0 to 100");
}

#[test]
fn pemat_warnings_in_json_carry_the_item_and_the_scores() {
    let site = scored(&good_but("## When to call us", "## Other"));
    let run = site.run("check --format json").succeeds();
    let json: serde_json::Value = serde_json::from_str(run.stdout()).unwrap();
    let warnings = json.as_array().unwrap();
    let item = warnings.iter().find(|d| d["path"] == "content/peels/care.md").expect("the item's warning");
    assert_eq!(item["pemat"], serde_json::json!({"item": 9, "understandability": 89, "actionability": 100}));
    assert_eq!((item["line"].as_u64(), item["column"].as_u64()), (Some(13), Some(1)));
    let guide = warnings.iter().find(|d| d["path"] == "content/peels/_index.md").expect("the guide's warning");
    assert_eq!(guide["pemat"], serde_json::json!({"item": null, "understandability": 89, "actionability": null}));
    let other = warnings.iter().find(|d| d["pemat"].is_null());
    assert!(other.is_none_or(|d| d.get("pemat").is_none()), "other diagnostics have no pemat field");
}

#[test]
fn a_spanish_entry_is_not_held_to_english_rules() {
    let bilingual = "title: \"Test guides\"\nbase_url: \"https://guides.example.org/\"\nreview:\n  max_age_days: 36500\n\
        plain_language:\n  pemat_threshold: 100\nlanguages:\n  - code: en\n  - code: es\n    title: \"Guías\"\n";
    let spanish = "---\ntitle: \"¿Cómo cuido mi piel?\"\nsummary: Límpiela con cuidado.\n---\n\
        Su piel puede verse roja un día o dos. Es normal y se va sola en un 50% de los casos.\n\n\
        ## Qué hacer en casa\n\n- Lávese la cara con agua fresca.\n- Use la crema que le dan.\n\n\
        ## Cuándo llamar\n\nLlame si el enrojecimiento empeora después de 3 días. Puede preguntar lo que quiera. \
        El tratamiento es hecho por su profesional, que le ayuda con todo.\n";
    let site = scored(GOOD).files(&[
        ("gloss.yaml", bilingual),
        ("content/peels/_index.es.md", "---\ntitle: \"Peelings\"\n---\n\nSobre los peelings.\n"),
        ("content/peels/does-it-sting.es.md", "---\ntitle: \"¿Pica?\"\nslug: pica\n---\n\nUn poco.\n"),
        ("content/peels/care.es.md", spanish),
    ]);
    let run = site.run("check").succeeds();
    assert!(!run.stderr().contains("care.es.md"), "no English rule on Spanish text: {}", run.stderr());
    let vague = site.edit("content/peels/care.es.md", |t| t.replace("## Cuándo llamar", "## Otros"));
    vague.run("check").succeeds().stderr_has(
        "content/peels/care.es.md:12:1: warning: PEMAT item 9 (informative headings) not met: the heading \"Otros\"",
    );
}
