//! A Spanish-reading patient sees the theme speak Spanish too: every word
//! the theme prints comes from its string files (`themes/<theme>/i18n/`),
//! dates are written out in Spanish, a translation nobody has reviewed says
//! so, and a string a site's language lacks is a `check` error that says
//! which key, which language and which file.

mod common;
#[path = "common/serve.rs"]
mod serve;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;
use scraper::{ElementRef, Html, Node};

const THEMES: [&str; 2] = ["clinic", "warm"];

/// The shipped site in `theme`, built.
fn built(theme: &str) -> TestSite {
    let mut site = TestSite::shipped();
    if theme != "clinic" {
        site = site.edit("gloss.yaml", |c| c.replace("theme: clinic", &format!("theme: {theme}")));
    }
    site.run("build").succeeds();
    site
}

/// The texts of the theme's English string files (clinic's, and warm's own
/// words), split at `{name}` places: each piece is words a template prints.
/// Date formats (`%B …`) are not words.
fn english_strings() -> Vec<(String, String)> {
    let mut pieces = Vec::new();
    for theme in THEMES {
        let path = repo_root().join(format!("themes/{theme}/i18n/en.yaml"));
        let strings: serde_yaml::Mapping = serde_yaml::from_str(&read(&path)).unwrap();
        for (key, value) in strings {
            let key = key.as_str().unwrap().to_string();
            let texts: Vec<String> = match value {
                serde_yaml::Value::Sequence(items) => items.iter().map(|i| i.as_str().unwrap().to_string()).collect(),
                other => vec![other.as_str().unwrap().to_string()],
            };
            for text in texts.iter().filter(|t| !t.contains('%')) {
                for piece in text.split(['{', '}']).step_by(2) {
                    let piece = piece.trim().trim_matches([',', ':', '.']).trim();
                    if piece.chars().any(char::is_alphabetic) {
                        pieces.push((key.clone(), piece.to_string()));
                    }
                }
            }
        }
    }
    assert!(pieces.len() > 100, "the English strings were read: {}", pieces.len());
    pieces
}

/// Parts of a page whose words come from gloss.yaml or the writer, not the
/// theme: the practice's details and urgent-help text (the site's own
/// settings).
const NOT_THE_THEMES: [&str; 5] =
    ["urgent-help-text", "practice-name", "handout-practice-name", "practice-address", "disclaimer"];

/// What a patient reads or hears on a page: its text (not scripts or
/// styles), the names screen readers say (`aria-label`, `alt`, `title`) and
/// the words the search box says (`data-say-*`). Text marked as another
/// language than the page's (`lang`: the other languages' names in the
/// switch, the taglines of language help) is in that language on purpose.
fn interface_text(html: &str) -> String {
    fn walk(element: ElementRef, page_lang: &str, out: &mut String) {
        let e = element.value();
        if matches!(e.name(), "script" | "style")
            || e.classes().any(|c| NOT_THE_THEMES.contains(&c))
            || e.attr("lang").is_some_and(|lang| lang != page_lang)
        {
            return;
        }
        for (name, value) in e.attrs() {
            if name == "aria-label" || name == "alt" || name == "title" || name.starts_with("data-say-") {
                out.push_str(&format!(" {value} "));
            }
        }
        for child in element.children() {
            match child.value() {
                Node::Text(text) => out.push_str(text),
                Node::Element(_) => walk(ElementRef::wrap(child).unwrap(), page_lang, out),
                _ => {}
            }
        }
    }
    let doc = Html::parse_document(html);
    let root = doc.root_element();
    let mut out = String::new();
    walk(root, root.value().attr("lang").unwrap_or_default(), &mut out);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `words` stand in `text` as words of their own (not inside a
/// longer word: "Important" is not in "Importante").
fn has_words(text: &str, words: &str) -> bool {
    text.match_indices(words).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + words.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

fn spanish_pages(out: &Path) -> Vec<PathBuf> {
    files_under(&out.join("es")).into_iter().filter(|f| f.ends_with(".html")).map(|f| out.join("es").join(f)).collect()
}

#[test]
fn no_english_word_of_the_theme_is_on_any_kind_of_spanish_page_in_either_theme() {
    let english = english_strings();
    for theme in THEMES {
        let site = built(theme);
        let out = site.path().join("public");
        let pages = spanish_pages(&out);
        for kind in [
            "es/index.html",
            "es/microneedling/index.html",
            "es/microneedling/es-doloroso/index.html",
            "es/microneedling/print/index.html",
            "es/topics/index.html",
            "es/topics/efectos-secundarios/index.html",
            "es/glossary/index.html",
            "es/404.html",
        ] {
            assert!(pages.contains(&out.join(kind)), "{theme}: {kind} among {pages:?}");
        }
        let mut found = Vec::new();
        for page in &pages {
            let text = interface_text(&read(page));
            for (key, words) in &english {
                if has_words(&text, words) {
                    found.push(format!("{theme} {}: `{key}` “{words}”", page.strip_prefix(&out).unwrap().display()));
                }
            }
        }
        assert!(found.is_empty(), "English theme words on Spanish pages:\n{}", found.join("\n"));
        search_box_says_every_word_in_spanish(theme, &read(out.join("es/index.html")));
    }
}

/// search.js writes its results words from the search form's `data-say-*`,
/// and English where one is not there: each word it asks for is on a
/// Spanish page's form, and not the English one.
fn search_box_says_every_word_in_spanish(theme: &str, page: &str) {
    let script = read(repo_root().join("themes/clinic/static/search.js"));
    let asked: Vec<(&str, &str)> = script
        .split("phrase(\"")
        .skip(1)
        .filter_map(|call| {
            let (name, rest) = call.split_once("\", \"")?;
            Some((name, rest.split_once('"')?.0))
        })
        .collect();
    assert!(asked.len() >= 10, "search.js's words were read: {asked:?}");
    let doc = Html::parse_document(page);
    let form = doc.select(&scraper::Selector::parse("form.site-search-form").unwrap()).next();
    let form = form.unwrap_or_else(|| panic!("{theme}: es/index.html has a search form"));
    for (name, english) in asked {
        let said = form.value().attr(&format!("data-say-{name}"));
        assert!(
            said.is_some_and(|s| s != english),
            "{theme}: search.js says {english:?} for data-say-{name}: {said:?}"
        );
    }
}

#[test]
fn the_english_pages_still_say_the_theme_words_in_english() {
    let site = built("clinic");
    let entry = interface_text(&site.output("microneedling/is-it-painful/index.html"));
    for words in ["Medically reviewed by", "Next review due", "October 15, 2026", "Oct 2026", "Skip to content"] {
        assert!(has_words(&entry, words), "{words:?} in {entry}");
    }
    assert!(!entry.contains("Translation not yet reviewed"), "the English source is no translation: {entry}");
}

#[test]
fn dates_on_spanish_pages_are_written_out_in_spanish() {
    let site = built("clinic");
    let entry = interface_text(&site.output("es/microneedling/es-doloroso/index.html"));
    assert!(
        has_words(&entry, "Revisión médica de Dr. Alex Example, MD (sample reviewer) el 15 de octubre de 2026"),
        "{entry}"
    );
    assert!(has_words(&entry, "Próxima revisión el 15 de octubre de 2027"), "{entry}");
    assert!(has_words(&entry, "oct. 2026"), "the short review line: {entry}");
    let handout = interface_text(&site.output("es/microneedling/print/index.html"));
    assert!(has_words(&handout, "tal como se revisó el 15 de octubre de 2026"), "{handout}");
}

/// Every `content:` a page's stylesheets give to a printed page's margin boxes,
/// from its inline `<style>`s and its linked stylesheet.
fn printed_margin_words(site: &TestSite, page: &str) -> String {
    let page = site.path().join("public").join(page);
    let html = std::fs::read_to_string(&page).unwrap();
    let linked = html.split("rel=\"stylesheet\" href=\"").nth(1).and_then(|rest| rest.split('"').next());
    let read = |href: &str| std::fs::read_to_string(page.parent().unwrap().join(href)).unwrap();
    let stylesheet = linked.map(read).unwrap_or_default();
    let css = format!("{html}\n{stylesheet}");
    css.split("@bottom-").skip(1).filter_map(|b| b.split_once('}').map(|(rule, _)| rule.to_string())).collect()
}

#[test]
fn a_printed_spanish_handout_numbers_its_pages_in_spanish() {
    let site = built("warm");
    let spanish = printed_margin_words(&site, "es/microneedling/print/index.html");
    assert!(spanish.contains("\"Página\" \" \" counter(page) \" \" \"de\""), "{spanish}");
    assert!(!spanish.contains("Page"), "{spanish}");
    let english = printed_margin_words(&site, "microneedling/print/index.html");
    assert!(english.contains("\"Page\" \" \" counter(page) \" \" \"of\""), "{english}");
}

#[test]
fn spanish_callouts_and_the_glossary_popover_speak_spanish() {
    let site = TestSite::shipped()
        .edit("content/microneedling/aftercare.es.md", |t| format!("{t}\n> [!WARNING]\n> No se rasque.\n"))
        .built();
    let page = site.output("es/microneedling/cuidados-despues/index.html");
    assert!(page.contains("aria-label=\"Advertencia\"><p class=\"callout-label\">Advertencia</p>"), "{page}");
    assert!(page.contains(">Más en el glosario</a>"), "{page}");
    let english = site.output("microneedling/aftercare/index.html");
    assert!(english.contains(">More in the glossary</a>"), "{english}");
}

#[test]
fn an_unreviewed_translation_tells_patients_on_its_page_its_guide_and_its_handout() {
    let notice = "Esta traducción aún no ha sido revisada por un traductor calificado.";
    for theme in THEMES {
        let site = built(theme);
        for page in [
            "es/index.html",
            "es/microneedling/es-doloroso/index.html",
            "es/microneedling/index.html",
            "es/microneedling/print/index.html",
        ] {
            let text = interface_text(&site.output(page));
            assert_eq!(text.matches(notice).count(), 1, "{theme} {page}: one notice in {text}");
        }
        assert!(!interface_text(&site.output("index.html")).contains("Translation not yet reviewed"), "{theme}");
    }
    let site = built("clinic");
    // Marked reviewed, the question's page says nothing; its guide still
    // holds questions nobody has reviewed.
    site.command(&["translation", "reviewed", "content/microneedling/is-it-painful.es.md", "--by", "Ana Ruiz"])
        .run()
        .succeeds();
    site.run("build").succeeds();
    assert!(!interface_text(&site.output("es/microneedling/es-doloroso/index.html")).contains(notice));
    assert!(interface_text(&site.output("es/microneedling/index.html")).contains(notice));
    // The home page's own text, marked, says nothing either.
    site.command(&["translation", "reviewed", "content/_index.es.md", "--by", "Ana Ruiz"]).run().succeeds();
    site.run("build").succeeds();
    assert!(!interface_text(&site.output("es/index.html")).contains(notice));
}

#[test]
fn a_spanish_string_the_theme_lacks_is_one_check_error_naming_the_key_the_language_and_the_file() {
    let site =
        TestSite::shipped().edit("themes/clinic/i18n/es.yaml", |t| t.replace("on_this_page: \"En esta página\"\n", ""));
    let run = site.run("check").fails();
    let run = run
        .stderr_has("themes/clinic/i18n/en.yaml:")
        .stderr_has("error: the theme string `on_this_page` has no `es` version")
        .stderr_has("help: add `on_this_page:` to themes/clinic/i18n/es.yaml, saying “On this page” in that language");
    assert_eq!(run.stderr().matches("error:").count(), 1, "one error, not one per page:\n{}", run.stderr());

    let warm = TestSite::shipped()
        .edit("gloss.yaml", |c| c.replace("theme: clinic", "theme: warm"))
        .edit("themes/warm/i18n/es.yaml", |t| t.replace("in_this_guide: \"En esta guía\"\n", ""));
    warm.run("check")
        .fails()
        .stderr_has("error: the theme string `in_this_guide` has no `es` version")
        .stderr_has("add `in_this_guide:` to themes/warm/i18n/es.yaml");
}

#[test]
fn a_site_language_the_theme_has_no_strings_for_is_one_error_saying_which_file_to_write() {
    let site = TestSite::shipped().edit("gloss.yaml", |c| format!("{c}  - code: fr\n"));
    let run = site.run("check").fails();
    let run = run
        .stderr_has("themes/clinic/i18n/fr.yaml:1:1: error: the theme has no strings in `fr`, a language of the site")
        .stderr_has("help: copy the theme's en.yaml to themes/clinic/i18n/fr.yaml and translate each of its");
    assert_eq!(run.stderr().matches("error:").count(), 1, "{}", run.stderr());
}

#[test]
fn a_site_says_a_theme_word_its_own_way_in_its_own_i18n_folder() {
    let site = TestSite::shipped().file("i18n/es.yaml", "book_appointment: \"Haga una cita\"\n").built();
    let home = interface_text(&site.output("es/index.html"));
    assert!(has_words(&home, "Haga una cita") && !home.contains("Pida una cita"), "{home}");
    assert!(has_words(&interface_text(&site.output("index.html")), "Book an appointment"));
}

#[test]
fn a_string_file_that_is_not_a_map_of_words_is_an_error_at_its_line() {
    let site =
        TestSite::shipped().edit("themes/clinic/i18n/es.yaml", |t| t.replace("topics: \"Temas\"", "topics: [Temas]"));
    site.run("check")
        .fails()
        .stderr_has("themes/clinic/i18n/es.yaml:")
        .stderr_has("error: the theme string `topics` is not text")
        .stderr_has("help: write the words in quotes after the key");
}

/// Generous: a rebuild of the shipped guide is quick, but tests share two
/// cores.
const EVENT_TIMEOUT: Duration = Duration::from_secs(10);

/// The pages a reload event names; every page (`null`) is not what a word
/// of one language should cost.
fn reloaded_pages(event: &serve::SseEvent) -> Vec<String> {
    assert_eq!(event.name, "reload", "{event:?}");
    let data: serde_json::Value = serde_json::from_str(&event.data).unwrap();
    let pages = data["pages"].as_array().unwrap_or_else(|| panic!("only the changed pages reload: {event:?}"));
    pages.iter().map(|p| p.as_str().unwrap().to_string()).collect()
}

#[test]
fn saving_a_string_file_in_gloss_serve_reloads_the_pages_of_that_language_only() {
    let site = TestSite::shipped().file("i18n/es.yaml", "book_appointment: \"Haga una cita\"\n");
    let server = serve::Server::start(site.path(), &[]);
    let page = server.get("/es/microneedling/es-doloroso/").text();
    assert!(page.contains("Haga una cita") && page.contains("Pregunta siguiente"), "{page}");
    let events = server.events(&serve::version_of(&page));

    // The site's own word.
    serve::save(&site.path().join("i18n/es.yaml"), "book_appointment: \"Pida su cita\"\n");
    let pages = reloaded_pages(&events.next(EVENT_TIMEOUT).0);
    assert!(pages.contains(&"es/microneedling/es-doloroso/index.html".to_string()), "{pages:?}");
    assert!(pages.iter().all(|p| p.starts_with("es/")), "English pages stay: {pages:?}");
    assert!(server.get("/es/microneedling/es-doloroso/").text().contains("Pida su cita"));

    // The theme's word.
    let theme_file = site.path().join("themes/clinic/i18n/es.yaml");
    serve::save(&theme_file, &read(&theme_file).replace("\"Pregunta siguiente\"", "\"Siguiente pregunta\""));
    let pages = reloaded_pages(&events.next(EVENT_TIMEOUT).0);
    assert!(pages.contains(&"es/microneedling/es-doloroso/index.html".to_string()), "{pages:?}");
    assert!(pages.iter().all(|p| p.starts_with("es/")), "English pages stay: {pages:?}");
    let page = server.get("/es/microneedling/es-doloroso/").text();
    assert!(page.contains("Siguiente pregunta") && !page.contains("Pregunta siguiente"), "{page}");
}
