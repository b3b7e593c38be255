//! axe-core run on the page a browser shows: its violations, each named by
//! what the test says the page is. A test file that checks accessibility
//! takes this with `browser.rs` and `validators.rs`, which it builds on.

use crate::browser::Browser;
use crate::validators;

/// The rules the page in `browser` breaks, as axe-core (`axe_source`, from
/// `validators::axe_source`) reports them, each after `what: `.
pub async fn violations(browser: &Browser, axe_source: &str, what: &str) -> Vec<String> {
    browser.js(&format!("{axe_source}\nreturn true;"), vec![]).await;
    let result = browser.js(validators::RUN_AXE, vec![]).await;
    result
        .as_array()
        .unwrap_or_else(|| panic!("{what}: axe returned {result}"))
        .iter()
        .map(|v| format!("{what}: {}", v.as_str().unwrap()))
        .collect()
}
