//! Whoever hosts the files: the caching rules `gloss build --host` writes
//! beside the pages, held against the very files of the build they came
//! with.

mod common;
#[path = "common/nginx.rs"]
mod nginx;

use common::*;

/// The output's files as written (`TestSite::output_files` hides fingerprints).
fn output_files(site: &TestSite) -> Vec<String> {
    files_under(&site.path().join("public"))
}

/// The output's files whose names carry a fingerprint of their contents.
fn fingerprinted_files(site: &TestSite) -> Vec<String> {
    let fingerprint = regex::Regex::new(r"\.[0-9a-f]{8}\.[A-Za-z0-9]+$").unwrap();
    let files = output_files(site);
    let found: Vec<String> = files.into_iter().filter(|f| fingerprint.is_match(f)).collect();
    assert!(found.iter().any(|f| f.starts_with("style.")), "the build has a fingerprinted stylesheet: {found:?}");
    found
}

/// A practice on Netlify builds with `--host netlify`: `_headers` lets
/// browsers keep each fingerprinted file for a year, and names no page, no
/// search index and no image, which keep their names when they change.
#[test]
fn netlify_gets_headers_naming_exactly_the_fingerprinted_files() {
    let site = TestSite::shipped();
    site.run("build --host netlify").succeeds();
    let headers = read(site.path().join("public/_headers"));
    let mut named: Vec<&str> = headers.lines().filter_map(|l| l.strip_prefix('/')).collect();
    named.sort();
    let mut expected = fingerprinted_files(&site);
    expected.sort();
    assert_eq!(named, expected, "{headers}");
    for rule in headers.split("\n/").skip(1) {
        assert!(rule.contains("\n  Cache-Control: public, max-age=31536000, immutable"), "{rule}");
    }
}

/// The same site on Apache: `.htaccess` revalidates everything and keeps
/// what `FilesMatch` names, which is each fingerprinted file and nothing
/// else of the output; its 404 page is found at the site's path.
#[test]
fn apache_gets_an_htaccess_that_keeps_only_the_fingerprinted_files() {
    let site = TestSite::shipped().edit("gloss.yaml", |c| {
        c.replace("base_url: \"https://guides.example.com/\"", "base_url: \"https://derm.example/patients/guides/\"")
    });
    site.run("build --host apache").succeeds();
    let htaccess = read(site.path().join("public/.htaccess"));
    assert!(htaccess.contains("ErrorDocument 404 /patients/guides/404.html"), "{htaccess}");
    assert!(htaccess.contains("Header set Cache-Control \"no-cache\""), "{htaccess}");
    let pattern = htaccess
        .lines()
        .find_map(|l| l.trim().strip_prefix("<FilesMatch \"")?.strip_suffix("\">"))
        .expect("a FilesMatch for the fingerprinted files");
    let kept = regex::Regex::new(pattern).unwrap();
    let fingerprinted = fingerprinted_files(&site);
    for file in &output_files(&site) {
        let name = file.rsplit('/').next().unwrap();
        let expected = fingerprinted.iter().any(|f| f == file);
        assert_eq!(kept.is_match(name), expected, "{file} kept for a year: {}", kept.is_match(name));
    }
}

/// `host:` in gloss.yaml writes the rules on every build, and a file the
/// writer put at the same path is an error rather than lost.
#[test]
fn a_host_set_in_gloss_yaml_writes_its_rules_and_refuses_a_file_at_their_path() {
    let site = TestSite::fixture("minimal")
        .edit("gloss.yaml", |c| format!("{c}host: cloudflare\n"))
        .file("content/_headers", "/*\n  X-Frame-Options: DENY\n");
    site.run("build").fails().stderr_has(
        "content/_headers:1:1: error: this file would replace the caching rules gloss makes for `host: cloudflare`, which gloss writes at _headers",
    );
    let site = site.remove("content/_headers");
    site.run("build").succeeds();
    assert!(site.output("_headers").contains("/style."), "{}", site.output("_headers"));
}

/// nginx reads no file from the site: a typo'd host is an error naming the
/// hosts gloss writes rules for.
#[test]
fn an_unknown_host_is_an_error_naming_the_known_ones() {
    let site = TestSite::fixture("minimal").edit("gloss.yaml", |c| format!("{c}host: ngnix\n"));
    site.run("check").fails().stderr_has("apache").stderr_has("netlify").stderr_has("cloudflare");
}

/// The hosting guide's nginx server block, as written in
/// docs/deploying.md, in a real nginx serving the shipped guide: pages
/// revalidate, fingerprinted files are kept a year, a missing page gets
/// the site's 404 page.
#[test]
fn the_documented_nginx_config_serves_the_site_with_the_caching_it_promises() {
    let site = TestSite::shipped();
    site.run("build").succeeds();
    let docs = read(common::repo_root().join("docs/deploying.md"));
    let documented = nginx::nginx_block(&docs);
    let block = documented
        .replace("listen 443 ssl;", "listen 127.0.0.1:PORT;")
        .replace("root /var/www/guides;", &format!("root {};", site.path().join("public").display()));
    assert!(block.contains("PORT") && !block.contains("/var/www"), "the documented block changed:\n{documented}");
    let server = nginx::Nginx::start(&block);

    for page in [
        "/",
        "/index.html",
        "/microneedling/is-it-painful/index.html",
        "/search/en/manifest.js",
        "/search/en/d/0.js",
        "/sitemap.xml",
    ] {
        let answer = server.get(page);
        assert_eq!(answer.status, 200, "{page}");
        assert_eq!(answer.cache_control.as_deref(), Some("no-cache"), "{page}");
    }
    let fingerprinted = fingerprinted_files(&site);
    for file in &fingerprinted {
        let answer = server.get(&format!("/{file}"));
        assert_eq!(answer.status, 200, "{file}");
        assert_eq!(answer.cache_control.as_deref(), Some("public, max-age=31536000, immutable"), "{file}");
    }
    let missing = server.get("/microneedling/no-such-question/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("find that page"), "the site's own 404 page:\n{}", missing.body);
}
