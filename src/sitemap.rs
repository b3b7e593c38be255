//! `sitemap.xml` and `robots.txt`: telling search engines what the site has.
//! A sitemap needs absolute URLs, so it is written only when `base_url` is set.

use quick_xml::escape::escape;

use crate::content::Date;
use crate::site::{self, Site};
use crate::structured_data::absolute_url;

/// The sitemap of every page a reader should find, with the date each was
/// last medically reviewed as its `lastmod`.
pub(crate) fn sitemap(site: &Site) -> Option<String> {
    let base = site.config.base_url()?;
    let mut pages: Vec<(String, Option<Date>)> = vec![(site::HOME_URL.into(), None)];
    for guide in &site.guides {
        pages.push((guide.url(), guide.doc.meta.last_reviewed));
        for entry in &guide.entries {
            let reviewed = entry.doc.meta.last_reviewed.or(guide.doc.meta.last_reviewed);
            pages.push((site::entry_url(&guide.slug, &entry.slug), reviewed));
        }
    }
    pages.push((site::TOPICS_URL.into(), None));
    pages.extend(site.topics.iter().map(|t| (site::topic_url(&t.slug), None)));
    // Patients search for a word they were told ("what is collagen"), and
    // the glossary is the page that answers it.
    if !site.glossary.is_empty() {
        pages.push((crate::glossary::GLOSSARY_URL.into(), None));
    }

    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let in_languages = !site.alternates.folders().is_empty();
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    if in_languages {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    // A translated site's base is its folder's; the versions' paths are
    // from the top of the output.
    let top = base.trim_end_matches('/').trim_end_matches(site.folder.trim_end_matches('/'));
    for (path, lastmod) in pages {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape(absolute_url(base, &path)));
        xml.push_str("</loc>");
        if let Some(date) = lastmod {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        for version in site.alternates.of(&site.folder, &path).iter().filter(|v| !v.nearest) {
            xml.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape(&version.lang),
                escape(absolute_url(top, &version.path))
            ));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}

/// Allows everything, and names the sitemap when there is one.
pub(crate) fn robots(site: &Site) -> String {
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = site.config.base_url() {
        robots.push_str(&format!("Sitemap: {}\n", absolute_url(base, "sitemap.xml")));
        // Each other language's pages are in its own folder's sitemap.
        for folder in site.alternates.folders().iter().filter(|f| !f.is_empty()) {
            robots.push_str(&format!("Sitemap: {}\n", absolute_url(base, &format!("{folder}sitemap.xml"))));
        }
    }
    robots
}
