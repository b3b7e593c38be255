//! Names under `topics:` in gloss.yaml that no entry uses: a display name
//! for no page, most often a topic renamed or misspelt on one side, whose
//! entries then show the name as written instead.

use crate::config::{CONFIG_FILE, SiteConfig};
use crate::diagnostic::Diagnostic;
use crate::site::Site;

/// A warning at each key of `topics:` that names no topic of the entries of
/// any of `sites` (the site in each of its languages, which share
/// gloss.yaml's names), compared as topic pages are, by slug.
pub(crate) fn warnings(config: &SiteConfig, sites: &[&Site], config_text: &str) -> Vec<Diagnostic> {
    let topics = || sites.iter().flat_map(|site| &site.topics);
    let mut used: Vec<&str> = topics().map(|t| t.written.as_str()).collect();
    used.sort_unstable();
    used.dedup();
    config
        .topics
        .keys()
        .filter(|key| {
            let slug = slug::slugify(key);
            !topics().any(|t| t.slug == slug)
        })
        .map(|key| {
            let (line, column) = key_position(config_text, key);
            let help = match crate::diagnostic::closest(key, &used) {
                Some(near) => {
                    format!("did you mean `{near}`? Rename the key to the topic as entries write it, or remove it")
                }
                None => {
                    format!("remove it from `topics:`, or tag an entry with it (`topics: [{key}]` in its front matter)")
                }
            };
            Diagnostic::warning(
                CONFIG_FILE,
                line,
                column,
                format!("the topic `{key}` under `topics:` is used by no entry"),
            )
            .with_help(help)
            .with_source(config_text)
        })
        .collect()
}

/// Where `key` is written under the top-level `topics:` (its first
/// character), or `topics:` itself if it cannot be found there.
fn key_position(yaml: &str, key: &str) -> (usize, usize) {
    let lines: Vec<&str> = yaml.lines().collect();
    let Some(start) = lines.iter().position(|l| l.starts_with("topics:")) else { return (1, 1) };
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if body.len() == line.len() {
            break;
        }
        let name = body.split_once(':').map_or(body, |(name, _)| name).trim().trim_matches(|c| c == '"' || c == '\'');
        if name == key {
            return (i + 1, line[..line.len() - body.len()].chars().count() + 1);
        }
    }
    (start + 1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_found_under_topics_not_elsewhere() {
        let yaml = "title: pain\ntopics:\n  # names\n  comfort: Comfort\n  \"pain\": Pain and comfort\nother: x\n";
        assert_eq!(key_position(yaml, "pain"), (5, 3));
        assert_eq!(key_position(yaml, "comfort"), (4, 3));
        assert_eq!(key_position(yaml, "missing"), (2, 1));
    }
}
