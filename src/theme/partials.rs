//! `cached_partial`, the template function that renders a partial template
//! once per build for each set of arguments it is called with, and gives
//! the same HTML to every later call (Hugo's `partialCached`).
//!
//! A site header or footer is the same on thousands of pages: `clinic`'s
//! header, with its loop over every guide for the navigation, was about a
//! tenth of what `gloss check` did on 10,000 entries. A partial rendered
//! this way sees only what every page shares (the base context: `site`,
//! `guides`, `assets`, the site-wide URLs) and the arguments it is given,
//! never the calling page's own values, so its HTML cannot depend on
//! anything the cache does not key on.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

use tera::{Context, Tera, Value};

/// The function's name in templates.
pub const FUNCTION: &str = "cached_partial";

/// How a partial's failure starts in tera's error chain, before its name.
const FAILED: &str = "cached_partial(name=\"";

/// The innermost partial whose rendering failed, from tera's error chain
/// ([`crate::theme::error_chain`]): the template to fix. Only the whole
/// wrapper [`PartialCache`] puts around a partial's error counts.
pub fn failed_partial(error_chain: &str) -> Option<&str> {
    error_chain.rmatch_indices(FAILED).find_map(|(at, _)| {
        let (name, after) = error_chain[at + FAILED.len()..].split_once('"')?;
        after.starts_with(") failed").then_some(name)
    })
}

/// The argument that names the template; every other argument becomes one of
/// its variables.
const NAME_ARG: &str = "name";

scoped_tls::scoped_thread_local!(static RENDERING: PartialCache);

/// One build's partials: the templates, the base context they render with,
/// and what they rendered, by template and arguments.
pub struct PartialCache {
    tera: Arc<Tera>,
    base: Context,
    rendered: RwLock<HashMap<String, Arc<str>>>,
}

impl PartialCache {
    pub fn new(tera: Arc<Tera>, base: Context) -> Self {
        PartialCache { tera, base, rendered: RwLock::default() }
    }

    /// Runs `render` (a page's rendering, on this thread) with this cache
    /// answering its `cached_partial` calls.
    pub fn answering<R>(&self, render: impl FnOnce() -> R) -> R {
        RENDERING.set(self, render)
    }

    fn get(&self, args: &HashMap<String, Value>) -> tera::Result<Arc<str>> {
        let name = match args.get(NAME_ARG) {
            Some(Value::String(name)) => name,
            _ => {
                // No ": " in it: the diagnostic shows the last part of the chain.
                return Err(tera::Error::msg(format!(
                    "`{FUNCTION}` needs `name`, the template to render (as in name=\"partials/header.html\")"
                )));
            }
        };
        // Sorted, so the same arguments in another order are the same key.
        let vars: BTreeMap<&String, &Value> = args.iter().filter(|(k, _)| *k != NAME_ARG).collect();
        let key = format!("{name}\0{}", serde_json::to_string(&vars).unwrap_or_default());
        if let Some(html) = self.rendered.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(html.clone());
        }
        // Rendered outside the lock: a partial may call another. Two threads
        // missing the same key at once both render it, to the same HTML.
        let mut context = self.base.clone();
        for (var, value) in vars {
            context.insert(var.as_str(), value);
        }
        let html: Arc<str> = self
            .tera
            .render(name, &context)
            .map_err(|e| tera::Error::chain(format!("{FAILED}{name}\") failed"), e))?
            .into();
        self.rendered.write().unwrap_or_else(|e| e.into_inner()).insert(key, html.clone());
        Ok(html)
    }
}

/// What tera calls for `{{ cached_partial(name=…, …) }}`.
pub struct CachedPartial;

impl tera::Function for CachedPartial {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        if !RENDERING.is_set() {
            return Err(tera::Error::msg(format!("{FUNCTION} works only in the templates of the pages gloss renders")));
        }
        RENDERING.with(|cache| cache.get(args)).map(|html| Value::String(html.to_string()))
    }

    /// The partial's own template escaped what it printed.
    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_failed_partial_is_the_innermost_one_named_by_the_wrapper() {
        let chain = "Failed to render 'entry.html': Function call 'cached_partial' failed: \
                     cached_partial(name=\"partials/a.html\") failed: Function call 'cached_partial' failed: \
                     cached_partial(name=\"partials/b.html\") failed: Variable `page.title` not found";
        assert_eq!(failed_partial(chain), Some("partials/b.html"));
    }

    #[test]
    fn a_call_without_a_name_names_no_partial() {
        let chain = "Failed to render 'index.html': Function call 'cached_partial' failed: \
                     `cached_partial` needs `name`, the template to render (as in name=\"partials/header.html\")";
        assert_eq!(failed_partial(chain), None);
    }
}
