//! The validators the test command runs on generated HTML: the Nu Html
//! Checker (`vnu-jar`, run with Java) and axe-core (injected into Chromium).
//! Both come from npm, installed once into the cargo target folder when
//! missing; nothing else is downloaded.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::Value;

const VNU_VERSION: &str = "26.9.27";
const AXE_VERSION: &str = "4.14.1";

/// `node_modules` holding vnu-jar and axe-core, installed with npm if missing.
pub fn npm_tools() -> PathBuf {
    static TOOLS: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let result = TOOLS.get_or_init(|| {
        let prefix = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("test-tools");
        let modules = prefix.join("node_modules");
        if vnu_jar(&modules).is_file() && axe_script(&modules).is_file() {
            return Ok(modules);
        }
        std::fs::create_dir_all(&prefix).map_err(|e| e.to_string())?;
        eprintln!("installing vnu-jar and axe-core from npm for the validation tests…");
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
            .arg(&prefix)
            .args([format!("vnu-jar@{VNU_VERSION}"), format!("axe-core@{AXE_VERSION}")])
            .status()
            .map_err(|e| format!("cannot run npm: {e}"))?;
        if !status.success() || !vnu_jar(&modules).is_file() {
            return Err(format!("npm install vnu-jar axe-core failed ({status})"));
        }
        Ok(modules)
    });
    result.clone().unwrap_or_else(|e| panic!("{e}"))
}

fn vnu_jar(modules: &Path) -> PathBuf {
    modules.join("vnu-jar/build/dist/vnu.jar")
}

fn axe_script(modules: &Path) -> PathBuf {
    modules.join("axe-core/axe.min.js")
}

/// Every error the Nu Html Checker finds in the HTML files under `dirs`, as
/// `file:line:col: message (extract)`. One JVM start for all of them.
pub fn nu_html_errors(dirs: &[&Path]) -> Vec<String> {
    let jar = vnu_jar(&npm_tools());
    let output = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--skip-non-html", "--format", "json", "--stdout"])
        .args(dirs)
        .output()
        .expect("cannot run java (the Nu Html Checker needs Java 17)");
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("vnu printed no JSON ({e}): {}", String::from_utf8_lossy(&output.stderr)));
    report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] == "error" || m["subType"] == "fatal")
        .filter(|m| !is_newer_css_than_the_checker(m["message"].as_str().unwrap_or("")))
        .map(|m| {
            format!(
                "{}:{}:{}: {} ({})",
                m["url"].as_str().unwrap_or("?"),
                m["lastLine"],
                m["firstColumn"],
                m["message"].as_str().unwrap_or(""),
                m["extract"].as_str().unwrap_or("").trim()
            )
        })
        .collect()
}

/// CSS properties the checker's CSS validator predates (anchor
/// positioning, which the glossary popovers use): valid CSS it reports as
/// unknown wherever a page carries the stylesheet inline (the 404 page).
/// Any other CSS error still counts.
const CSS_NEWER_THAN_THE_CHECKER: &[&str] = &["position-area", "position-try-fallbacks"];

fn is_newer_css_than_the_checker(message: &str) -> bool {
    CSS_NEWER_THAN_THE_CHECKER
        .iter()
        .any(|property| message == format!("CSS: “{property}”: Property “{property}” doesn't exist."))
}

/// axe-core's source, to inject into a page.
pub fn axe_source() -> String {
    std::fs::read_to_string(axe_script(&npm_tools())).unwrap()
}

/// The script that runs axe with the WCAG 2.0/2.1 A and AA rules and
/// returns each violation as `id (impact): help — target: summary`.
pub const RUN_AXE: &str = "return axe.run(document, {runOnly: {type: 'tag', values: \
    ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}).then(r => r.violations.flatMap(v => \
    v.nodes.map(n => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + n.target.join(' ') + ': ' + \
    (n.failureSummary || '').replace(/\\s+/g, ' '))));";

/// A Chrome DevTools command sent through chromedriver (e.g. print media
/// emulation), which WebDriver itself has no command for.
#[derive(Debug)]
pub struct Cdp {
    pub cmd: &'static str,
    pub params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}
