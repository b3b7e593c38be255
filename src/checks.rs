//! Patient-guide checks: what makes a guide trustworthy and readable, beyond
//! being well-formed. Medical reviews that are missing or past due, entries
//! that read above the practice's target grade, and a site without the
//! `base_url` that absolute links need, or placeholders `gloss init` and
//! `gloss new` wrote for the writer to replace. These are warnings (the site
//! still builds, and `gloss check --strict` fails on them, for CI), but for
//! an overdue review in a site that sets `review.overdue: error`.

use serde::Serialize;

pub(crate) mod bodies;
pub(crate) mod unused_topics;
pub(crate) mod values;

use crate::config::looks_like_reviewer_key;
use crate::content::{Date, Document, EntryMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::plain_language::EntryPemat;
use crate::plain_language::pemat::Outcome;
use crate::readability::{Formula, Readability};
use crate::site::{self, Site};
use bodies::SiteBodies;

/// How one entry reads, for `check` and the dev server's report page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryReadability {
    guide: String,
    title: String,
    /// Source path relative to the site root.
    path: String,
    /// Root-relative URL of the entry page.
    url: String,
    scores: Readability,
    /// The target grade of the entry's language.
    target: f64,
    /// What to fix first: empty when the entry reads at or below the target
    /// grade (see `readability::measure_body`).
    longest_sentences: Vec<String>,
    hardest_words: Vec<(String, usize)>,
    /// The PEMAT-P items and scores.
    pub(crate) pemat: Option<EntryPemat>,
}

/// How every entry of the site reads, in site order, from its body as
/// `bodies` read it.
pub(crate) fn entry_readability(site: &Site, bodies: &SiteBodies) -> Vec<EntryReadability> {
    let entries =
        site.guides.iter().zip(&bodies.entries).flat_map(|(guide, facts)| {
            guide.entries.iter().zip(facts).map(move |(entry, facts)| (guide, entry, facts))
        });
    entries
        .map(|(guide, entry, facts)| {
            let measured = facts.readability.clone().unwrap_or_default();
            EntryReadability {
                guide: guide.title.clone(),
                title: entry.title.clone(),
                path: entry.doc.path.to_string_lossy().into_owned(),
                url: site::entry_url(&guide.slug, &entry.slug),
                scores: measured.scores,
                target: site.config.readability.target_grade,
                longest_sentences: measured.longest_sentences,
                hardest_words: measured.hardest_words,
                pemat: crate::plain_language::entry_pemat(site, &entry.doc, facts),
            }
        })
        .collect()
}

/// Entries above their language's `readability.target_grade` by its
/// formula, each with what to fix first.
pub(crate) fn readability_warnings(site: &Site, measured: &[EntryReadability]) -> Vec<Diagnostic> {
    let target = site.config.readability.target_grade;
    let docs = site.guides.iter().flat_map(|g| g.entries.iter().map(|e| &e.doc));
    docs.zip(measured)
        .filter(|(_, m)| m.scores.words > 0 && m.scores.grade > target)
        .map(|(doc, m)| readability_warning(doc, m, target))
        .collect()
}

fn readability_warning(doc: &Document<EntryMeta>, m: &EntryReadability, target: f64) -> Diagnostic {
    let longest = m.longest_sentences.first().map(String::as_str).unwrap_or("");
    let (line, col) = position_of_sentence(doc, longest);
    let mut help = String::from("short sentences and everyday words help most");
    if !m.longest_sentences.is_empty() {
        let sentences: Vec<String> =
            m.longest_sentences.iter().map(|s| format!("\"{}\" ({} words)", s, s.split_whitespace().count())).collect();
        help.push_str(&format!("; split these sentences first: {}", sentences.join(", ")));
    }
    if !m.hardest_words.is_empty() {
        let words: Vec<String> = m.hardest_words.iter().map(|(w, n)| format!("{w} ({n} syllables)")).collect();
        help.push_str(&format!("; use plainer words for: {}", words.join(", ")));
    }
    let scores = match m.scores.fernandez_huerta {
        Some(score) => format!("Fernández-Huerta reading ease {score:.0}, read as a grade"),
        None => format!("Flesch-Kincaid; SMOG {:.1}", m.scores.smog),
    };
    let mut d = Diagnostic::warning(
        &doc.path,
        line,
        col,
        format!("this entry reads at grade {:.1} ({scores}), above the target of grade {target}", m.scores.grade),
    )
    .with_help(help)
    .with_source(&doc.text);
    d.severity = Severity::Warning;
    d
}

/// The file position where `sentence` starts, found by its first words;
/// the start of the body when it cannot be found.
fn position_of_sentence<M>(doc: &Document<M>, sentence: &str) -> (usize, usize) {
    let start: String = sentence.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
    let body = doc.body();
    let offset = if start.is_empty() { None } else { body.find(&start) };
    crate::diagnostic::line_col(&doc.text, doc.body_offset + offset.unwrap_or(0))
}

/// Reviews past due (as [`Site::judge_reviews`] marked them; an error with
/// `review.overdue: error`), and entries no one has reviewed (neither the
/// entry nor its guide names a review date): one warning at the guide when
/// neither the guide nor any of its entries has been reviewed.
pub(crate) fn review_diagnostics(site: &Site) -> Vec<Diagnostic> {
    let overdue_is_error = site.config.review.overdue_is_error();
    let mut diagnostics = Vec::new();
    for guide in &site.guides {
        if let Some(due) = guide.next_review.filter(|_| guide.review_overdue) {
            diagnostics.push(overdue(&guide.doc, "guide", due, "last_reviewed", overdue_is_error));
        }
        let unreviewed = |entry: &&site::Entry| {
            entry.doc.meta.last_reviewed.or(guide.doc.meta.last_reviewed).is_none()
                && entry.doc.meta.next_review.is_none()
        };
        let never: Vec<&site::Entry> = guide.entries.iter().filter(unreviewed).collect();
        if !never.is_empty() && never.len() == guide.entries.len() {
            diagnostics.push(unreviewed_guide(guide));
            continue;
        }
        for entry in &guide.entries {
            let meta = &entry.doc.meta;
            if unreviewed(&entry) {
                diagnostics.push(
                    Diagnostic::warning(&entry.doc.path, 1, 1, "this entry has no medical review")
                        .with_help("add `reviewed_by:` and `last_reviewed:` once a clinician has checked it (or set them on the guide)")
                        .with_source(&entry.doc.text),
                );
                continue;
            }
            let own_due = entry.next_review;
            let guide_already_warned = own_due.is_none() && meta.last_reviewed.is_none();
            if let Some(due) = own_due.or(guide.next_review).filter(|_| entry.review_overdue && !guide_already_warned) {
                let key = if meta.next_review.is_some() { "next_review" } else { "last_reviewed" };
                diagnostics.push(overdue(&entry.doc, "entry", due, key, overdue_is_error));
            }
        }
    }
    diagnostics
}

fn unreviewed_guide(guide: &site::Guide) -> Diagnostic {
    let count = guide.entries.len();
    let entries = if count == 1 { String::from("its entry") } else { format!("its {count} entries") };
    Diagnostic::warning(&guide.doc.path, 1, 1, format!("neither this guide nor {entries} has had a medical review"))
        .with_help(
            "once a clinician has checked the guide, add `reviewed_by:` and `last_reviewed:` here \
             (entries without their own take the guide's)",
        )
        .with_source(&guide.doc.text)
}

/// A `reviewed_by:` written like a key of gloss.yaml's `reviewers:` (`alx`)
/// that names none: published, it would show patients the key as the
/// reviewer's name.
pub(crate) fn unknown_reviewer_errors(site: &Site) -> Vec<Diagnostic> {
    let reviewers = &site.config.reviewers;
    let keys: Vec<&str> = reviewers.keys().map(String::as_str).collect();
    let unknown = |reviewed_by: &Option<String>| -> Option<String> {
        let by = reviewed_by.as_deref()?.trim();
        (looks_like_reviewer_key(by) && !reviewers.contains_key(by)).then(|| by.to_string())
    };
    let mut errors = Vec::new();
    for guide in &site.guides {
        if let Some(key) = unknown(&guide.doc.meta.reviewed_by) {
            errors.push(unknown_reviewer(&guide.doc, &key, &keys));
        }
        for entry in &guide.entries {
            if let Some(key) = unknown(&entry.doc.meta.reviewed_by) {
                errors.push(unknown_reviewer(&entry.doc, &key, &keys));
            }
        }
    }
    errors
}

fn unknown_reviewer<M>(doc: &Document<M>, key: &str, keys: &[&str]) -> Diagnostic {
    let front = &doc.text[..doc.body_offset];
    let (line, column) = front
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("reviewed_by:"))
        .map_or((1, 1), |(i, l)| (i + 1, l.find(key).map_or(1, |c| l[..c].chars().count() + 1)));
    let help = match crate::diagnostic::closest(key, keys) {
        Some(near) => {
            format!("did you mean `{near}`? (or write the reviewer's full name, like \"Dr. Alex Example, MD\")")
        }
        None if keys.is_empty() => {
            "list the reviewer under `reviewers:` in gloss.yaml with this key, or write their full name".to_string()
        }
        None => format!("the reviewers in gloss.yaml are {}; or write the reviewer's full name", keys.join(", ")),
    };
    Diagnostic::error(&doc.path, line, column, format!("`reviewed_by: {key}` names no reviewer in gloss.yaml"))
        .with_help(help)
        .with_source(&doc.text)
}

fn overdue<M>(doc: &Document<M>, what: &str, due: Date, key: &str, is_error: bool) -> Diagnostic {
    let front = &doc.text[..doc.body_offset];
    let line = front.lines().position(|l| l.starts_with(key)).map_or(1, |i| i + 1);
    let message = format!("the medical review of this {what} was due on {due}");
    let d = if is_error {
        Diagnostic::error(&doc.path, line, 1, message)
    } else {
        Diagnostic::warning(&doc.path, line, 1, message)
    };
    d.with_help("have a clinician review it again, then update `last_reviewed:` (and `next_review:` if you set one)")
        .with_source(&doc.text)
}

/// Absolute URLs (sitemap, canonical, Open Graph) need `base_url`.
pub(crate) fn base_url_warning(site: &Site, root_config_text: &str) -> Option<Diagnostic> {
    site.config.base_url_as_written().is_none().then(|| {
        Diagnostic::warning(
            crate::config::CONFIG_FILE,
            1,
            1,
            "no `base_url`: sitemap.xml, canonical links and Open Graph URLs are left out, \
             and the page-not-found page links from the host's root",
        )
        .with_help(
            "add the full address the guide is published at, with its sub-path, e.g. \
             `base_url: https://clinic.example/guides/`: every other page works anywhere, but \
             404.html is shown at any address and takes its links' path from base_url",
        )
        .with_source(root_config_text)
    })
}

/// What `gloss init` and `gloss new` wrote for the writer to replace and is
/// still there: a placeholder body would reach patients as it is, and the
/// sample `base_url` would put example.com in every absolute link.
pub(crate) fn placeholder_warnings(site: &Site, config_text: &str) -> Vec<Diagnostic> {
    use crate::scaffold::{ENTRY_PLACEHOLDER, GUIDE_PLACEHOLDER, PLACEHOLDER_BASE_URL};
    let mut warnings = Vec::new();
    if site.config.base_url_as_written() == Some(PLACEHOLDER_BASE_URL) {
        let (line, column) = crate::config::value_position(config_text, "base_url");
        warnings.push(
            Diagnostic::warning(
                crate::config::CONFIG_FILE,
                line,
                column,
                format!("`base_url` is still the sample address `gloss init` wrote, {PLACEHOLDER_BASE_URL}"),
            )
            .with_help(
                "write the address the guides will be published at, e.g. `https://www.your-practice.com/guides/`: \
                 sitemap.xml, canonical links and link previews use it",
            )
            .with_source(config_text),
        );
    }
    for guide in &site.guides {
        let help = "write the guide's introduction in its place: what the treatment is and who it is for";
        warnings.extend(placeholder_in(&guide.doc, "guide", GUIDE_PLACEHOLDER, help));
        for entry in &guide.entries {
            let help = "write the answer in its place, in plain words a patient can read at home";
            warnings.extend(placeholder_in(&entry.doc, "entry", ENTRY_PLACEHOLDER, help));
        }
    }
    warnings
}

/// A warning at `placeholder` in `doc`'s body, if it is there.
fn placeholder_in<M>(doc: &Document<M>, what: &str, placeholder: &str, help: &str) -> Option<Diagnostic> {
    let at = doc.body().find(placeholder)?;
    let (line, column) = crate::diagnostic::line_col(&doc.text, doc.body_offset + at);
    let message = format!("this {what} still has the text `gloss new` wrote for you to replace: \"{placeholder}…\"");
    Some(Diagnostic::warning(&doc.path, line, column, message).with_help(help).with_source(&doc.text))
}

/// A site without guides: most likely `content/` was emptied, renamed or
/// not checked out, and publishing would replace the site with an empty one.
pub(crate) fn no_guides_error(include_drafts: bool) -> Diagnostic {
    let help = if include_drafts {
        "add a guide: a folder under content/ with an _index.md (`gloss new GUIDE`); \
         or, to publish a site without guides, pass --allow-empty"
    } else {
        "add a guide: a folder under content/ with an _index.md (`gloss new GUIDE`); guides marked \
         `draft: true` are left out without --drafts; or, to publish a site without guides, pass --allow-empty"
    };
    Diagnostic::error(
        crate::content::CONTENT_DIR,
        1,
        1,
        "the site has no guides, so the build would publish an empty site",
    )
    .with_help(help)
}

/// The readability report page the dev server shows at
/// `/__gloss/readability`: every guide and entry with its grades, in site
/// order, those above target marked with what to fix first. A plain,
/// self-contained page (no theme), since it is for writers, not patients.
pub(crate) fn readability_report(
    site_title: &str,
    target: f64,
    pemat_threshold: f64,
    entries: &[EntryReadability],
) -> String {
    use pulldown_cmark_escape::escape_html;
    let esc = |s: &str| {
        let mut out = String::new();
        let _ = escape_html(&mut out, s);
        out
    };
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Readability — {title}</title>\n<style>{REPORT_CSS}</style>\n</head>\n<body>\n<main>\n<h1>Readability</h1>\n\
         <p>Target: grade {target} or lower, by each language's formula: Flesch-Kincaid for English, \
         Fernández-Huerta for Spanish (its reading ease read as a grade: 60 is grade 8, each 10 points a grade). \
         The AMA advises grade 6, the NIH grade 8. \
         Headings, lists' markers, tables, code and link addresses are not counted.</p>\n\
         <p>PEMAT-P: understandability and actionability, the share of the items gloss can judge that the entry \
         meets (warned under {pemat_threshold}%). Items only a person can rate: 1, 2, 10, 15, 23 and 26, and 16 to 19 \
         and 25 where there are pictures or tables. Entries under {min} words are not scored.</p>\n",
        title = esc(site_title),
        min = crate::plain_language::MIN_WORDS_SCORED,
    );
    // A guide of each language is a section of its own, even where two
    // languages give it the same title.
    let mut guides: Vec<(&str, Formula)> = entries.iter().map(|e| (e.guide.as_str(), e.scores.formula)).collect();
    guides.dedup();
    for (guide, formula) in guides {
        let rows: Vec<&EntryReadability> =
            entries.iter().filter(|e| e.guide == guide && e.scores.formula == formula).collect();
        let total = Readability::combined(rows.iter().map(|e| &e.scores));
        html.push_str(&format!(
            "<section>\n<h2>{} <span class=\"grade\">grade {:.1}{}</span></h2>\n<table>\n<thead><tr><th scope=\"col\">Question</th>\
             <th scope=\"col\">Grade ({})</th><th scope=\"col\">SMOG</th><th scope=\"col\">Reading ease</th><th scope=\"col\">Words</th>\
             <th scope=\"col\">Fix first</th><th scope=\"col\">Understandable</th><th scope=\"col\">Actionable</th>\
             <th scope=\"col\">PEMAT items not met</th></tr></thead>\n<tbody>\n",
            esc(guide),
            total.grade,
            guide_pemat(&rows),
            formula.name()
        ));
        for e in rows {
            let above = e.scores.grade > e.target;
            let fix = if above {
                let mut parts: Vec<String> =
                    e.longest_sentences.iter().take(1).map(|s| format!("“{}”", esc(s))).collect();
                parts.extend(
                    (!e.hardest_words.is_empty())
                        .then(|| e.hardest_words.iter().map(|(w, _)| esc(w)).collect::<Vec<_>>().join(", ")),
                );
                parts.join("<br>")
            } else {
                String::new()
            };
            html.push_str(&format!(
                "<tr{}><td><a href=\"/{}\">{}</a></td><td>{:.1}{}</td><td>{}</td><td>{:.0}</td><td>{}</td><td>{}</td>{}</tr>\n",
                if above { " class=\"above\"" } else { "" },
                esc(&e.url),
                esc(&e.title),
                e.scores.grade,
                if above { " <strong>above target</strong>" } else { "" },
                // SMOG counts English syllables; Spanish has its own reading ease.
                if e.scores.fernandez_huerta.is_some() { "—".to_string() } else { format!("{:.1}", e.scores.smog) },
                e.scores.fernandez_huerta.unwrap_or(e.scores.flesch_reading_ease),
                e.scores.words,
                fix,
                pemat_cells(e.pemat.as_ref(), pemat_threshold, &esc),
            ));
        }
        html.push_str("</tbody>\n</table>\n</section>\n");
    }
    html.push_str("</main>\n</body>\n</html>\n");
    html
}

/// An entry's PEMAT cells: its two scores (marked under the threshold) and
/// the items it does not meet, each with its line.
fn pemat_cells(pemat: Option<&EntryPemat>, threshold: f64, esc: &dyn Fn(&str) -> String) -> String {
    let Some(pemat) = pemat.filter(|p| p.scored) else {
        return "<td colspan=\"3\">too short to score</td>".into();
    };
    let score = |percent: Option<u32>| match percent {
        Some(p) if f64::from(p) < threshold => {
            format!("<td class=\"above\">{p}% <strong>under {threshold}%</strong></td>")
        }
        Some(p) => format!("<td>{p}%</td>"),
        None => "<td>not judged</td>".into(),
    };
    let failed: Vec<String> = pemat
        .failed()
        .map(|item| match &item.outcome {
            Outcome::NotMet { evidence, line, .. } => {
                format!("{} {} (line {line}): {}", item.number, item.name, esc(evidence))
            }
            _ => String::new(),
        })
        .collect();
    let mut notes = failed;
    let numbers = |wanted: fn(&Outcome) -> bool| {
        let found: Vec<String> =
            pemat.items.iter().filter(|i| wanted(&i.outcome)).map(|i| i.number.to_string()).collect();
        found.join(", ")
    };
    let person = numbers(|o| matches!(o, Outcome::NeedsPerson));
    if !person.is_empty() {
        notes.push(format!("<small>For a person to rate: {person}</small>"));
    }
    let not_judged = numbers(|o| matches!(o, Outcome::NotJudged { .. }));
    if !not_judged.is_empty() {
        notes.push(format!("<small>Not judged in this language: {not_judged}</small>"));
    }
    format!("{}{}<td>{}</td>", score(pemat.understandability), score(pemat.actionability), notes.join("<br>"))
}

/// A guide's PEMAT scores for its heading: its entries' items met over
/// items rated.
fn guide_pemat(rows: &[&EntryReadability]) -> String {
    let scored = rows.iter().filter_map(|e| e.pemat.as_ref()).filter(|p| p.scored);
    let [u, a] = scored.fold([(0, 0); 2], |[u, a], p| {
        [(u.0 + p.points[0].0, u.1 + p.points[0].1), (a.0 + p.points[1].0, a.1 + p.points[1].1)]
    });
    let percent = crate::plain_language::pemat::percent;
    match (percent(u), percent(a)) {
        (None, None) => String::new(),
        (u, a) => {
            let shown = |p: Option<u32>| p.map_or("not judged".to_string(), |p| format!("{p}%"));
            format!(", understandable {}, actionable {}", shown(u), shown(a))
        }
    }
}

const REPORT_CSS: &str = "body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;color:#1a1a1a;background:#fff}\
main{max-width:72rem;margin:0 auto;padding:1rem}table{border-collapse:collapse;width:100%}\
th,td{border:1px solid #999;padding:.4rem;text-align:left;vertical-align:top}\
tr.above td{background:#fff4e5}.grade{font-weight:normal;color:#444;font-size:1rem}\
a{color:#0b5563}a:focus-visible{outline:3px solid #0b5563;outline-offset:2px}";

#[cfg(test)]
mod tests {
    use super::*;

    fn row(title: &str, grade: f64) -> EntryReadability {
        EntryReadability {
            guide: "G".into(),
            title: title.into(),
            path: format!("content/g/{title}.md"),
            url: format!("g/{title}/index.html"),
            scores: Readability {
                words: 10,
                sentences: 1,
                flesch_kincaid_grade: grade,
                grade,
                smog: 9.0,
                ..Readability::default()
            },
            target: 8.0,
            longest_sentences: vec!["A very long sentence <b>.".into()],
            hardest_words: vec![("dermatologist".into(), 5)],
            pemat: None,
        }
    }

    #[test]
    fn report_marks_entries_above_target_and_escapes_text() {
        let html = readability_report("Site <x>", 8.0, 70.0, &[row("easy", 5.0), row("hard", 11.2)]);
        assert!(html.contains("<title>Readability — Site &lt;x&gt;</title>"), "{html}");
        assert!(html.contains("<tr class=\"above\"><td><a href=\"/g/hard/index.html\">hard</a></td><td>11.2 <strong>above target</strong>"), "{html}");
        assert!(html.contains("<tr><td><a href=\"/g/easy/index.html\">easy</a></td><td>5.0</td>"), "{html}");
        assert!(html.contains("“A very long sentence &lt;b&gt;.”<br>dermatologist"), "{html}");
    }

    #[test]
    fn report_names_each_languages_formula_and_gives_spanish_its_own_reading_ease() {
        let mut spanish = row("pica", 9.5);
        spanish.guide = "Peelings".into();
        spanish.scores.formula = Formula::FernandezHuerta;
        spanish.scores.fernandez_huerta = Some(45.0);
        let html = readability_report("Site", 8.0, 70.0, &[row("easy", 5.0), spanish]);
        assert!(html.contains("<th scope=\"col\">Grade (Flesch-Kincaid)</th>"), "{html}");
        assert!(html.contains("<th scope=\"col\">Grade (Fernández-Huerta)</th>"), "{html}");
        assert!(html.contains("<td>9.5 <strong>above target</strong></td><td>—</td><td>45</td>"), "{html}");
    }
}
