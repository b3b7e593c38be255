//! Where templates loop back on themselves. tera refuses templates that
//! include each other in a loop, and stops components that call each other
//! deeper than it allows, but it names neither the `{% include %}` tag nor
//! the component call: these find that tag in the templates' text, so a
//! diagnostic can point at the line to change.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use regex::Regex;

/// Where in a template a loop closes: the template's name and the byte
/// offset of the tag in its text.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Tag<'a> {
    pub(crate) template: &'a str,
    pub(crate) offset: usize,
}

static INCLUDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\{%-?\s*include\s+(?:"([^"]*)"|'([^']*)')"#).expect("a valid regex"));

/// Every `{{ … }}` and `{% … %}` tag, where components are defined and called.
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)\{\{.*?\}\}|\{%.*?%\}").expect("a valid regex"));
static DEFINITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\{%-?\s*component\s+([A-Za-z_][A-Za-z0-9_]*)").expect("a valid regex"));
static END_DEFINITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\{%-?\s*endcomponent\b").expect("a valid regex"));
/// A component call, `<name …/>` or `<name …>`, after the tag's opening or
/// a space (so `a<b` is no call).
static CALL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^\{[{%]-?|\s)<([A-Za-z_][A-Za-z0-9_]*)").expect("a valid regex"));

/// The offset of the `{% include %}` tag in `source` that includes the
/// template named `included`, written as that name or as that name without
/// one of tera's fallback `prefixes` (`theme/`, a layer's name).
pub(crate) fn include_tag(source: &str, included: &str, prefixes: &[String]) -> Option<usize> {
    let names_it = |written: &str| {
        written == included || prefixes.iter().any(|p| included.strip_prefix(p.as_str()) == Some(written))
    };
    INCLUDE.captures_iter(source).find_map(|c| {
        let written = c.get(1).or_else(|| c.get(2))?.as_str();
        names_it(written).then(|| c.get(0).map_or(0, |m| m.start()))
    })
}

/// A component call inside a component's definition.
struct Call<'a> {
    callee: String,
    at: Tag<'a>,
}

/// Components that call each other in a loop, as the chain of names from the
/// first back to it (`[a, a]` for one that calls itself), with the call that
/// closes the loop. `sources` are the templates by name; `priority` ranks a
/// template's name as tera does when two define the same component (lower
/// wins), so a definition the site overrides is not read.
pub(crate) fn component_loop<'a>(
    sources: &'a BTreeMap<String, String>,
    priority: impl Fn(&str) -> usize,
) -> Option<(Vec<String>, Tag<'a>)> {
    let calls = component_calls(sources, priority);
    let mut done = BTreeSet::new();
    for start in calls.keys() {
        let mut chain = vec![start.clone()];
        if let Some(tag) = find_loop(&calls, &mut chain, &mut done) {
            // The chain may lead into the loop from a component outside it.
            let closed = chain.last().cloned().unwrap_or_default();
            let from = chain.iter().position(|n| *n == closed).unwrap_or(0);
            return Some((chain.split_off(from), tag));
        }
    }
    None
}

/// Depth-first from the last component of `chain`: the call that leads back
/// into `chain`, with `chain` ending at its callee. `done` holds components
/// already known to lead to no loop.
fn find_loop<'a>(
    calls: &BTreeMap<String, Vec<Call<'a>>>,
    chain: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Tag<'a>> {
    let current = chain.last()?.clone();
    for call in calls.get(&current).into_iter().flatten() {
        if chain.contains(&call.callee) {
            chain.push(call.callee.clone());
            return Some(Tag { template: call.at.template, offset: call.at.offset });
        }
        if done.contains(&call.callee) {
            continue;
        }
        chain.push(call.callee.clone());
        if let Some(tag) = find_loop(calls, chain, done) {
            return Some(tag);
        }
        chain.pop();
    }
    done.insert(current);
    None
}

/// Each component's calls of components, read from the definition tera uses.
fn component_calls<'a>(
    sources: &'a BTreeMap<String, String>,
    priority: impl Fn(&str) -> usize,
) -> BTreeMap<String, Vec<Call<'a>>> {
    let mut defined: BTreeMap<String, (usize, Vec<Call<'a>>)> = BTreeMap::new();
    for (template, source) in sources {
        let rank = priority(template);
        for (component, calls) in definitions(template, source) {
            match defined.get(&component) {
                Some((held, _)) if *held <= rank => {}
                _ => {
                    defined.insert(component, (rank, calls));
                }
            }
        }
    }
    let names: BTreeSet<String> = defined.keys().cloned().collect();
    defined
        .into_iter()
        .map(|(name, (_, calls))| (name, calls.into_iter().filter(|c| names.contains(&c.callee)).collect()))
        .collect()
}

/// The components `source` defines, each with the calls in its body.
fn definitions<'a>(template: &'a str, source: &str) -> Vec<(String, Vec<Call<'a>>)> {
    let mut found: Vec<(String, Vec<Call<'a>>)> = Vec::new();
    let mut open = false;
    for tag in TAG.find_iter(source) {
        let text = tag.as_str();
        if let Some(c) = DEFINITION.captures(text) {
            found.push((c[1].to_string(), Vec::new()));
            open = true;
        } else if END_DEFINITION.is_match(text) {
            open = false;
        } else if open && let Some((_, calls)) = found.last_mut() {
            for c in CALL.captures_iter(text) {
                let name = c.get(1).expect("the regex has a group");
                calls.push(Call { callee: name.as_str().to_string(), at: Tag { template, offset: tag.start() } });
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_include_tag_as_written() {
        let source = "<p>\n{%- include 'partials/nav.html' %}\n{% include \"entry.html\" %}";
        assert_eq!(include_tag(source, "entry.html", &[]), Some(source.find("{% include \"entry").unwrap()));
        let prefixes = ["theme/".to_string()];
        assert_eq!(include_tag(source, "theme/partials/nav.html", &prefixes), Some(4));
        assert_eq!(include_tag(source, "other.html", &prefixes), None);
    }

    fn sources(files: &[(&str, &str)]) -> BTreeMap<String, String> {
        files.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect()
    }

    #[test]
    fn finds_a_component_that_calls_itself() {
        let text = "{% component leaf(n) %}<i>{{ n }}</i>{% endcomponent leaf %}\n\
                    {% component forever(n) -%}\n<b>{{ <leaf n={n} /> }}</b>{{ <forever n={n} /> }}\n{% endcomponent %}\n\
                    {{ <forever n={1} /> }}";
        let files = sources(&[("loop.html", text)]);
        let (chain, tag) = component_loop(&files, |_| 0).unwrap();
        assert_eq!(chain, ["forever", "forever"]);
        assert_eq!(tag, Tag { template: "loop.html", offset: text.find("{{ <forever n={n}").unwrap() });
    }

    #[test]
    fn finds_components_that_call_each_other_and_ignores_overridden_ones() {
        let a = "{% component ping() %}{% <pong> %}x{% </pong> %}{% endcomponent ping %}";
        let b = "{% component pong() %}{{ <ping /> }}{% endcomponent pong %}";
        let fixed = "{% component pong() %}done{% endcomponent pong %}";
        let files = sources(&[("a.html", a), ("b.html", b)]);
        let (chain, tag) = component_loop(&files, |_| 0).unwrap();
        assert_eq!((chain, tag.template), (vec!["ping".to_string(), "pong".into(), "ping".into()], "b.html"));
        let overridden = sources(&[("a.html", a), ("theme/b.html", b), ("b.html", fixed)]);
        assert!(component_loop(&overridden, |n| usize::from(n.starts_with("theme/"))).is_none());
        let lead_in =
            sources(&[("a.html", "{% component a() %}{{ <b /> }}{% endcomponent a %}"), ("b.html", b), ("p.html", a)]);
        assert_eq!(component_loop(&lead_in, |_| 0).unwrap().0, ["ping", "pong", "ping"], "the loop without `a`");
        let no_calls = sources(&[("c.html", "{{ a <b }} {% if x < y %}{% endif %}")]);
        assert!(component_loop(&no_calls, |_| 0).is_none());
    }
}
