//! Plain language beyond reading grades: the complex words and phrases an
//! entry uses where a plainer word would do (`plain_words`), each a warning
//! at its place with the plainer word to write, unless the entry keeps the
//! term on purpose (`plain_words_kept` in its front matter).

pub(crate) mod plain_words;

use crate::checks::bodies::SiteBodies;
use crate::content::{Document, EntryMeta};
use crate::diagnostic::Diagnostic;
use crate::site::Site;
use plain_words::ComplexWord;

/// One warning per complex word or phrase an entry uses and does not keep.
pub(crate) fn plain_word_warnings(site: &Site, bodies: &SiteBodies) -> Vec<Diagnostic> {
    let entries = site.guides.iter().zip(&bodies.entries).flat_map(|(guide, facts)| guide.entries.iter().zip(facts));
    entries
        .flat_map(|(entry, facts)| {
            let kept = &entry.doc.meta.plain_words_kept;
            facts
                .complex_words
                .iter()
                .filter(|word| !kept.iter().any(|k| k.eq_ignore_ascii_case(&word.term)))
                .map(|word| plain_word_warning(&entry.doc, word))
        })
        .collect()
}

fn plain_word_warning(doc: &Document<EntryMeta>, word: &ComplexWord) -> Diagnostic {
    let (line, col) = crate::diagnostic::line_col(&doc.text, doc.body_offset + word.range.start);
    let written = &doc.body()[word.range.clone()];
    Diagnostic::warning(
        &doc.path,
        line,
        col,
        format!("\"{written}\" is a word many patients do not know; a plainer one: \"{}\"", word.plain),
    )
    .with_help(format!(
        "write \"{}\"; or, to keep \"{}\" on purpose (defined where it is used), add it to this entry's \
         front matter: `plain_words_kept: [{}]`",
        word.plain, word.term, word.term
    ))
    .with_source(&doc.text)
}
