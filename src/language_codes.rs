//! Language codes as gloss reads them: which content files are
//! translations by their names (`a.es.md`, `glossary.es.yaml`,
//! `plain_words.es.yaml`) and the file
//! each translates, whether a code is a language tag, and which way a
//! language is written. Plain functions of names, so that loading, config
//! and the site model read them without depending on the languages stage.

/// `glossary.yaml` without its extension: `glossary.es.yaml` translates it.
pub(crate) const GLOSSARY_STEM: &str = "glossary";

/// `plain_words.yaml` without its extension: `plain_words.es.yaml` holds
/// the site's own complex words for its Spanish pages.
pub(crate) const PLAIN_WORDS_STEM: &str = "plain_words";

/// The language code a content file's name carries before its extension
/// (`is-it-painful.es.md` → `es`, `glossary.pt-BR.yaml` → `pt-BR`), for the
/// files that may be translated: markdown pages, the glossary and the
/// site's plain words. A suffix is a language when gloss.yaml lists it
/// (`listed`) or when its language is one of ISO 639-1's two-letter codes
/// (a translation into a language the site forgot to list, which is an
/// error); any other suffix (`.old`, `.draft`, `.v2`) is part of an ordinary
/// name. Three-letter codes name real languages and common words alike
/// (`old`, `new` and `bak` are all ISO 639-3 codes), so only a listed one is
/// read as a language.
pub(crate) fn file_language<'n>(name: &'n str, listed: &[&str]) -> Option<&'n str> {
    let stem = name.strip_suffix(".md").or_else(|| {
        name.strip_suffix(".yaml").filter(|s| s.starts_with(GLOSSARY_STEM) || s.starts_with(PLAIN_WORDS_STEM))
    })?;
    let (base, code) = stem.rsplit_once('.')?;
    let language = code.split('-').next().unwrap_or(code);
    let plausible = is_language_code(code) && language.len() == 2 && ISO_639_1.split(' ').any(|c| c == language);
    (!base.is_empty() && (listed.contains(&code) || plausible)).then_some(code)
}

/// ISO 639-1's two-letter language codes.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy \
     da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii \
     ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr \
     ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl \
     sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// The name of the file a translation translates (`_index.es.md` →
/// `_index.md`); any other name as it is. `listed`: as [`file_language`].
pub(crate) fn source_file_name(name: &str, listed: &[&str]) -> String {
    match file_language(name, listed) {
        Some(code) => {
            let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
            format!("{}.{extension}", &name[..name.len() - extension.len() - code.len() - 2])
        }
        None => name.to_string(),
    }
}

/// A language tag as gloss reads one: a two- or three-letter language,
/// optionally a region or script (`es`, `fil`, `pt-BR`, `zh-Hant`).
pub(crate) fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let language = parts.next().unwrap_or_default();
    let language_ok = (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
    let rest: Vec<&str> = parts.collect();
    language_ok
        && rest.len() <= 1
        && rest.iter().all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Languages written right to left, by their language subtag.
const RIGHT_TO_LEFT: &[&str] = &["ar", "arc", "dv", "fa", "ha", "he", "khw", "ks", "ku", "ps", "sd", "ur", "yi"];

/// `rtl` for a language written right to left, else `ltr`.
pub(crate) fn direction(code: &str) -> &'static str {
    let language = code.split('-').next().unwrap_or(code);
    if RIGHT_TO_LEFT.contains(&language) { "rtl" } else { "ltr" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_translation_is_known_by_its_name() {
        assert_eq!(file_language("is-it-painful.es.md", &[]), Some("es"));
        assert_eq!(file_language("_index.pt-BR.md", &[]), Some("pt-BR"));
        assert_eq!(file_language("glossary.fr.yaml", &[]), Some("fr"));
        assert_eq!(file_language("is-it-painful.md", &[]), None);
        assert_eq!(file_language("v1.2.md", &[]), None);
        assert_eq!(file_language("photo.es.png", &[]), None);
        assert_eq!(file_language("other.es.yaml", &[]), None);
        assert_eq!(source_file_name("_index.es.md", &[]), "_index.md");
        assert_eq!(source_file_name("glossary.pt-BR.yaml", &[]), "glossary.yaml");
        assert_eq!(source_file_name("a.md", &[]), "a.md");
    }

    #[test]
    fn a_suffix_that_is_no_two_letter_language_is_a_language_only_where_listed() {
        for name in ["notes.old.md", "notes.draft.md", "notes.v2.md", "notes.new.md", "notes.xx.md"] {
            assert_eq!(file_language(name, &["en", "es"]), None, "{name}");
        }
        assert_eq!(file_language("a.fil.md", &["en", "fil"]), Some("fil"));
        assert_eq!(file_language("a.fil.md", &["en"]), None);
        assert_eq!(source_file_name("notes.old.md", &["en"]), "notes.old.md");
    }

    #[test]
    fn right_to_left_languages_are_known_by_their_language() {
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("he-IL"), "rtl");
        assert_eq!(direction("es"), "ltr");
        assert!(is_language_code("zh-Hant"));
        assert!(!is_language_code("Spanish"));
        assert!(!is_language_code("e"));
    }
}
