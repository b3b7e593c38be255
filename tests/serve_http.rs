//! `gloss serve` over HTTP: a writer starts the dev server on the shipped
//! guide, reads pages, edits files, breaks them and fixes them, while open
//! pages listen on the live-reload stream. Every test runs the real binary on
//! its own copy of the site, on a free port.

mod common;
#[path = "common/serve.rs"]
mod serve;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{files_under, shipped_site, write_files};
use serve::{Server, save, stylesheet_of, version_of};

/// Generous: a rebuild of the shipped guide takes tens of milliseconds, but
/// the tests share two cores with each other.
const EVENT_TIMEOUT: Duration = Duration::from_secs(10);
const AFTERCARE: &str = "content/microneedling/aftercare.md";

fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let file = root.join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{path} has no {from:?}");
    save(&file, &text.replacen(from, to, 1));
}

#[test]
fn pages_are_served_from_memory_with_their_types_and_never_cached() {
    let site = shipped_site();
    let server = Server::start(site.path(), &[]);
    assert!(server.log().contains("Serving Maple Street Dermatology patient guides (sample) at http://127.0.0.1:"));

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(home.cache_control.as_deref(), Some("no-store"));
    let html = home.text();
    assert!(html.contains("Microneedling"), "{html}");
    let script = html.find(r#"<script src="/__gloss/live.js""#).expect("the live script is injected");
    assert!(script < html.rfind("</body>").unwrap(), "the script goes inside the body");

    let entry = server.get("/microneedling/aftercare/");
    assert_eq!(entry.status, 200);
    assert!(entry.text().contains("How do I care for my skin afterwards?"));
    assert_eq!(server.get("/microneedling/aftercare/index.html").body, entry.body);
    assert!(entry.text().contains(r#"data-gloss-page="microneedling/aftercare/index.html""#));

    let folder = server.get("/microneedling/aftercare");
    assert_eq!(folder.status, 307, "a folder without its slash redirects, so relative links work");
    assert_eq!(folder.location.as_deref(), Some("/microneedling/aftercare/"));

    let css = server.get(&format!("/{}", stylesheet_of(&html)));
    assert_eq!(css.status, 200);
    assert_eq!(css.content_type.as_deref(), Some("text/css; charset=utf-8"));
    assert!(!css.text().contains("__gloss"), "only HTML gets the script");

    let js = server.get("/__gloss/live.js");
    assert_eq!(js.status, 200);
    assert_eq!(js.content_type.as_deref(), Some("text/javascript; charset=utf-8"));
    assert!(js.text().contains("EventSource"));

    let head = server.request("HEAD", "/microneedling/aftercare/");
    assert_eq!(head.status, 200);
    assert_eq!(head.content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(head.content_length, Some(entry.body.len().to_string()));
    let raw_head =
        server.raw("HEAD /microneedling/aftercare/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    let (headers, body) = raw_head.split_once("\r\n\r\n").unwrap();
    assert!(headers.starts_with("HTTP/1.1 200"), "{headers}");
    assert_eq!(body, "", "HEAD sends no body");

    let report = server.get("/__gloss/readability");
    assert_eq!(report.status, 200);
    assert_eq!(report.content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert!(report.text().contains("How do I care for my skin afterwards?"), "every entry is listed");
    assert!(report.text().contains("/__gloss/live.js"), "the report reloads too");
    assert!(report.text().contains("<th scope=\"col\">Understandable</th>"), "PEMAT scores beside the grades");
    assert!(
        report.text().contains("For a person to rate: 1, 2, 10, 15, 23, 26"),
        "the items gloss does not judge are listed as such"
    );
    assert!(server.log().contains(&format!("Readability report: {}/__gloss/readability", server.base)));

    assert_eq!(server.request("POST", "/").status, 405);
    assert!(!site.path().join("public").exists(), "serve writes no output folder");
}

#[test]
fn a_missing_page_gets_the_themes_404_page_with_status_404() {
    let site = shipped_site();
    let server = Server::start(site.path(), &[]);
    for path in ["/no-such-page/", "/microneedling/nope.html", "/style.3fa2c1d0.css", "/__gloss/nothing"] {
        let reply = server.get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert_eq!(reply.content_type.as_deref(), Some("text/html; charset=utf-8"), "{path}");
        let html = reply.text();
        assert!(html.contains("Sorry, we can’t find that page"), "{path}: {html}");
        assert!(html.contains(r#"data-gloss-page="404.html""#), "the 404 page reloads when 404.html changes");
    }
}

#[test]
fn requests_that_try_to_leave_the_site_get_nothing_but_400_or_404() {
    let site = shipped_site();
    let secret = "do-not-serve-this-4f1d";
    let config = std::fs::read_to_string(site.path().join("gloss.yaml")).unwrap();
    save(&site.path().join("gloss.yaml"), &format!("# {secret}\n{config}"));
    write_files(site.path(), &[("secret.txt", secret)]);
    let server = Server::start(site.path(), &[]);

    for target in [
        "/../gloss.yaml",
        "/../../../../etc/passwd",
        "/%2e%2e/gloss.yaml",
        "/%2E%2E%2Fgloss.yaml",
        "/..%2fgloss.yaml",
        "/microneedling/..%2f..%2fgloss.yaml",
        "/microneedling/%2e%2e/%2e%2e/secret.txt",
        "/microneedling/..\\..\\gloss.yaml",
        "/microneedling/%2e%2e%5c%2e%2e%5cgloss.yaml",
        "/microneedling/..%5Csecret.txt",
        "/gloss.yaml",
        "//gloss.yaml",
        "/secret.txt",
        "/content/microneedling/aftercare.md",
        "/gloss.yaml%00.html",
        "/%00",
        "/%ff%fe",
        "/./gloss.yaml",
        "http://localhost/../gloss.yaml",
    ] {
        let answer = server.raw(&format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        let status = answer.split(' ').nth(1).unwrap_or_default();
        assert!(status == "400" || status == "404", "{target} answered {status}:\n{answer}");
        assert!(!answer.contains(secret), "{target} leaked a file:\n{answer}");
        assert!(!answer.contains("title:"), "{target} leaked a source file:\n{answer}");
    }
    assert_eq!(server.get("/").status, 200, "the server is still up");
}

#[test]
fn an_edit_to_an_entry_reaches_open_pages_as_a_reload() {
    let site = shipped_site();
    let server = Server::start(site.path(), &[]);
    let page = server.get("/microneedling/aftercare/").text();
    let events = server.events(&version_of(&page));

    let saved = Instant::now();
    edit(site.path(), AFTERCARE, "Good care after your treatment", "Gentle care after your treatment");
    let (event, at) = events.next(EVENT_TIMEOUT);
    eprintln!("save to reload event: {} ms", at.duration_since(saved).as_millis());
    // The pages that changed: the search index changed too, but no page
    // shows it as it loads.
    let pages = reloaded_pages(&event);
    assert!(pages.contains(&"microneedling/aftercare/index.html".into()), "{event:?}");
    assert!(!pages.contains(&"microneedling/is-it-painful/index.html".into()), "unchanged pages stay: {event:?}");
    assert!(pages.contains(&"__gloss/readability".into()), "the readability report changed too: {event:?}");
    assert_ne!(event.id, version_of(&page), "the event carries the new version");

    let page = server.get("/microneedling/aftercare/").text();
    assert!(page.contains("Gentle care after your treatment"));
    assert_eq!(version_of(&page), event.id);
    server.wait_for_log("Rebuilt in ", EVENT_TIMEOUT);
    assert!(server.log().contains("ms (reload)"), "{}", server.log());
}

#[test]
fn a_broken_edit_shows_where_keeps_the_last_good_site_and_a_fix_clears_it() {
    let site = shipped_site();
    let server = Server::start(site.path(), &[]);
    let events = server.events(&version_of(&server.get("/").text()));

    // One save that changes the text and misspells a key.
    let text = std::fs::read_to_string(site.path().join(AFTERCARE)).unwrap();
    let broken =
        text.replacen("Good care after", "Broken care after", 1).replacen("last_reviewed:", "last_reveiwed:", 1);
    save(&site.path().join(AFTERCARE), &broken);
    let (event, _) = events.next(EVENT_TIMEOUT);
    assert_eq!(event.name, "error", "{event:?}");
    let error: serde_json::Value = serde_json::from_str(&event.data).unwrap();
    let first = &error["errors"][0];
    assert_eq!(first["path"], AFTERCARE, "{error}");
    assert_eq!(first["line"], 9, "{error}");
    assert_eq!(first["column"], 1, "{error}");
    assert!(first["message"].as_str().unwrap().contains("last_reveiwed"), "{error}");
    assert!(first["text"].as_str().unwrap().starts_with(&format!("{AFTERCARE}:9:1: error:")), "{error}");
    server.wait_for_log(&format!("{AFTERCARE}:9:1: error: unknown key"), EVENT_TIMEOUT);
    server.wait_for_log("still serving the last version that built", EVENT_TIMEOUT);

    let page = server.get("/microneedling/aftercare/");
    assert_eq!(page.status, 200, "the last good site is still served");
    assert!(!page.text().contains("Broken care after"), "the broken edit is not served");
    assert!(page.text().contains("How do I care for my skin afterwards?"));

    let late = server.events(&version_of(&page.text()));
    let (greeting, _) = late.next(EVENT_TIMEOUT);
    assert_eq!(greeting.name, "error", "a page opened while broken is told at once");
    assert!(greeting.data.contains(AFTERCARE));

    edit(site.path(), AFTERCARE, "last_reveiwed:", "last_reviewed:");
    for stream in [&events, &late] {
        assert_eq!(stream.next(EVENT_TIMEOUT).0.name, "ok");
        assert_eq!(stream.next(EVENT_TIMEOUT).0.name, "reload");
    }
    assert!(server.get("/microneedling/aftercare/").text().contains("Broken care after"));
}

/// While the writer's server runs, a colleague's change adds a symbolic link
/// to a file outside the site and one to a folder outside it, and links to
/// them: the server says where the links are, and serves neither.
#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_site_are_not_served() {
    let secret = "do-not-serve-this-9c2e";
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), secret).unwrap();
    let site = shipped_site();
    let server = Server::start(site.path(), &[]);
    let events = server.events(&version_of(&server.get("/").text()));

    let guide = site.path().join("content/microneedling");
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), guide.join("env.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), guide.join("machine")).unwrap();
    save(&guide.join("leak.md"), "---\ntitle: Leak?\n---\n[env](env.txt), [folder](machine/secret.txt)\n");
    let (event, _) = events.next(EVENT_TIMEOUT);
    assert_eq!(event.name, "error", "{event:?}");
    for link in ["content/microneedling/env.txt", "content/microneedling/machine"] {
        let said = format!("{link}:1:1: error: this symbolic link points outside the site");
        assert!(event.data.contains(&said), "{said} not in {}", event.data);
        server.wait_for_log(&said, EVENT_TIMEOUT);
    }
    for path in ["/microneedling/env.txt", "/microneedling/machine/secret.txt", "/microneedling/leak/"] {
        let reply = server.get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.text().contains(secret), "{path} leaked the file outside the site");
    }
}

/// A theme author saves an entry template that includes itself, then one
/// whose component calls itself: each is a template error at its line, the
/// server stays up and serves the last good site, and undoing the edit
/// brings the pages back.
#[test]
fn a_template_that_loops_back_on_itself_keeps_the_last_good_site() {
    const ENTRY: &str = "templates/entry.html";
    const LOOPS: &str = "templates/loops.html";
    let site = shipped_site();
    // A component no page calls yet, which calls itself with no end.
    let again = "{% component again(n) %}{{ n }}\n{{ <again n={n} /> }}\n{% endcomponent again %}\n";
    write_files(site.path(), &[(ENTRY, "{% extends \"theme/entry.html\" %}\n"), (LOOPS, again)]);
    let server = Server::start(site.path(), &[]);
    let page = server.get("/microneedling/aftercare/").text();
    let events = server.events(&version_of(&page));

    let includes_itself = "{% extends \"theme/entry.html\" %}\n{% block content %}\n{% include \"entry.html\" %}\n\
                           {% endblock content %}\n";
    let calls_again =
        "{% extends \"theme/entry.html\" %}\n{% block content %}\n{{ <again n={1} /> }}\n{% endblock content %}\n";
    for (text, at, says) in
        [(includes_itself, (ENTRY, 3), "includes itself"), (calls_again, (LOOPS, 2), "calls itself")]
    {
        save(&site.path().join(ENTRY), text);
        let (event, _) = events.next(EVENT_TIMEOUT);
        assert_eq!(event.name, "error", "{event:?}");
        let error: serde_json::Value = serde_json::from_str(&event.data).unwrap();
        let first = &error["errors"][0];
        assert_eq!((first["path"].as_str(), first["line"].as_u64()), (Some(at.0), Some(at.1)), "{error}");
        assert!(first["message"].as_str().unwrap().contains(says), "{error}");
        let served = server.get("/microneedling/aftercare/");
        assert_eq!(served.status, 200, "the server is up and serves the last good site");
        assert_eq!(served.text(), page);
    }
    server.wait_for_log("still serving the last version that built", EVENT_TIMEOUT);

    save(&site.path().join(ENTRY), "{% extends \"theme/entry.html\" %}\n");
    assert_eq!(events.next(EVENT_TIMEOUT).0.name, "ok");
    assert_eq!(server.get("/microneedling/aftercare/").text(), page);
}

#[test]
fn a_stylesheet_edit_swaps_the_stylesheet_without_a_reload() {
    let site = shipped_site();
    let server = Server::start(site.path(), &[]);
    let page = server.get("/microneedling/aftercare/").text();
    assert_eq!(stylesheet_of(&page), "style.css", "dev mode serves static files under their own names");
    let events = server.events(&version_of(&page));

    let css = site.path().join("themes/clinic/static/style.css");
    let text = std::fs::read_to_string(&css).unwrap();
    let saved = Instant::now();
    save(&css, &format!("{text}\nbody {{ outline: 3px solid rebeccapurple; }}\n"));
    let (event, at) = events.next(EVENT_TIMEOUT);
    eprintln!("save to css event: {} ms", at.duration_since(saved).as_millis());
    assert_eq!(event.name, "css", "{event:?}");
    let data: serde_json::Value = serde_json::from_str(&event.data).unwrap();
    // The shipped guide is in English and Spanish, whose pages link the one
    // stylesheet at the top.
    assert_eq!(data["css"], serde_json::json!(["style.css"]), "only the stylesheet saved");
    let spanish = server.get("/es/microneedling/cuidados-despues/").text();
    assert_eq!(serve::stylesheet_href(&spanish), "../../../style.css");
    assert!(server.get("/style.css").text().contains("rebeccapurple"));
    assert_eq!(
        server.get("/microneedling/aftercare/").text().replace(&event.id, ""),
        page.replace(&version_of(&page), "")
    );
    server.wait_for_log("(stylesheet swapped)", EVENT_TIMEOUT);
}

/// A writer tuning a colour saves twice in quick succession: each save is a
/// stylesheet swap, and the newest stylesheet is served.
#[test]
fn two_quick_stylesheet_saves_serve_the_newest_stylesheet() {
    let site = shipped_site();
    let server = Server::start(site.path(), &[]);
    let page = server.get("/microneedling/aftercare/").text();
    let events = server.events(&version_of(&page));

    let css = site.path().join("themes/clinic/static/style.css");
    let text = std::fs::read_to_string(&css).unwrap();
    for colour in ["teal", "rebeccapurple"] {
        save(&css, &format!("{text}\nbody {{ outline: 3px solid {colour}; }}\n"));
        let (event, _) = events.next(EVENT_TIMEOUT);
        assert_eq!(event.name, "css", "{event:?}");
    }
    let served = server.get("/style.css").text();
    assert!(served.contains("rebeccapurple") && !served.contains("teal"), "{served}");
    assert!(events.try_next(Duration::from_secs(1)).is_none(), "nothing else changed");
}

#[test]
fn new_renamed_and_deleted_files_and_new_folders_rebuild() {
    let site = shipped_site();
    let server = Server::start(site.path(), &[]);
    let events = server.events(&version_of(&server.get("/").text()));
    let entry = "---\ntitle: Can I wear makeup afterwards?\nsummary: Ask first.\nreviewed_by: Dr. A\n\
                 last_reviewed: 2026-10-15\n---\n\nAsk your provider when makeup is safe again.\n";

    write_files(site.path(), &[("content/microneedling/makeup.md", entry)]);
    assert_eq!(events.next(EVENT_TIMEOUT).0.name, "reload");
    assert!(server.get("/microneedling/makeup/").text().contains("Can I wear makeup afterwards?"));

    let dir = site.path().join("content/microneedling");
    std::fs::rename(dir.join("makeup.md"), dir.join("wearing-makeup.md")).unwrap();
    assert_eq!(events.next(EVENT_TIMEOUT).0.name, "reload");
    assert_eq!(server.get("/microneedling/makeup/").status, 404);
    assert_eq!(server.get("/microneedling/wearing-makeup/").status, 200);

    std::fs::remove_file(dir.join("wearing-makeup.md")).unwrap();
    assert_eq!(events.next(EVENT_TIMEOUT).0.name, "reload");
    assert_eq!(server.get("/microneedling/wearing-makeup/").status, 404);

    let guide = "---\ntitle: Chemical peels\ndescription: About peels.\n---\n\nA peel removes the top layer of skin.\n";
    let new_folder = site.path().join("content/peels");
    std::fs::create_dir(&new_folder).unwrap();
    save(&new_folder.join("_index.md"), guide);
    save(&new_folder.join("downtime.md"), &entry.replace("Can I wear makeup afterwards?", "How long is downtime?"));
    let deadline = Instant::now() + EVENT_TIMEOUT;
    while server.get("/peels/downtime/").status != 200 {
        assert_eq!(events.next(deadline.saturating_duration_since(Instant::now())).0.name, "reload");
    }
    assert!(server.get("/peels/downtime/").text().contains("How long is downtime?"));
}

#[test]
fn editor_scratch_files_are_ignored_and_one_save_is_one_rebuild() {
    let site = shipped_site();
    let server = Server::start(site.path(), &[]);
    let events = server.events(&version_of(&server.get("/").text()));
    let dir = site.path().join("content/microneedling");

    // What vim does around a save, without the save.
    write_files(&dir, &[(".aftercare.md.swp", "swap"), ("4913", ""), ("aftercare.md~", "backup"), ("#x.md#", "x")]);
    std::fs::remove_file(dir.join("4913")).unwrap();
    write_files(site.path(), &[(".DS_Store", "x"), ("README.md", "notes"), ("public/index.html", "old build")]);
    assert!(events.try_next(Duration::from_millis(500)).is_none(), "scratch files made a rebuild:\n{}", server.log());
    assert!(!server.log().contains("Rebuilt"), "{}", server.log());

    // A real save by vim: write test file, backup by rename, new file, backup gone.
    let text = std::fs::read_to_string(dir.join("aftercare.md")).unwrap();
    write_files(&dir, &[("4913", "")]);
    std::fs::remove_file(dir.join("4913")).unwrap();
    std::fs::rename(dir.join("aftercare.md"), dir.join("aftercare.md~")).unwrap();
    save(&dir.join("aftercare.md"), &text.replace("Good care after", "Good, gentle care after"));
    std::fs::remove_file(dir.join("aftercare.md~")).unwrap();
    assert_eq!(events.next(EVENT_TIMEOUT).0.name, "reload");
    assert!(events.try_next(Duration::from_millis(500)).is_none(), "one save, one event:\n{}", server.log());
    assert_eq!(server.log().matches("Rebuilt in").count(), 1, "one save, one rebuild:\n{}", server.log());
}

#[test]
fn switching_the_theme_in_gloss_yaml_switches_it_live() {
    let site = shipped_site();
    common::copy_dir(&site.path().join("themes/clinic"), &site.path().join("themes/quiet"));
    edit(
        site.path(),
        "themes/quiet/templates/base.html",
        "<head>",
        "<head><meta name=\"theme-marker\" content=\"quiet\">",
    );
    let server = Server::start(site.path(), &[]);
    let events = server.events(&version_of(&server.get("/").text()));
    assert!(!server.get("/").text().contains("theme-marker"));

    edit(site.path(), "gloss.yaml", "theme: clinic", "theme: quiet");
    assert_eq!(events.next(EVENT_TIMEOUT).0.name, "reload");
    assert!(server.get("/").text().contains(r#"<meta name="theme-marker" content="quiet">"#));

    // The new theme is watched now.
    let css = site.path().join("themes/quiet/static/style.css");
    let text = std::fs::read_to_string(&css).unwrap();
    save(&css, &format!("{text}\nh1 {{ letter-spacing: 0.1em; }}\n"));
    assert_eq!(events.next(EVENT_TIMEOUT).0.name, "css");
}

#[test]
fn a_taken_port_is_reported_and_the_next_one_used() {
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = shipped_site();
    let server = Server::start(site.path(), &["--port", &port.to_string()]);
    // stderr is read on its own thread: the line may come after "Serving at".
    server.wait_for_log(&format!("Port {port} is in use; trying"), Duration::from_secs(5));
    assert!(server.port > port, "{} after {port}", server.port);
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn ctrl_c_stops_the_server_cleanly_and_deletes_nothing() {
    let site = shipped_site();
    let before = files_under(site.path());
    let mut server = Server::start(site.path(), &[]);
    let events = server.events("");
    // A server that waited for its open pages to close would never stop:
    // the interrupt's watchdog fails the test then.
    let status = server.interrupt(Duration::from_secs(10));
    assert!(status.success(), "{status:?}\n{}", server.log());
    assert!(events.ends_within(Duration::from_secs(2)), "the event stream ends");
    assert!(server.log().contains("Stopped. Nothing was written."), "{}", server.log());
    assert_eq!(files_under(site.path()), before);
}

/// Opens a connection and sends `request` as it is.
fn connect(server: &Server, request: &str) -> std::net::TcpStream {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    stream
}

/// Opens a live-reload event stream over a raw connection and waits for
/// its answer's first bytes.
fn open_event_stream(server: &Server) -> std::net::TcpStream {
    use std::io::Read;
    let mut stream = connect(server, "GET /__gloss/events?v= HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut first = [0u8; 12];
    stream.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    stream
}

/// Whether the server closes `stream` within `timeout` (reads to its end).
fn closed_within(stream: &mut std::net::TcpStream, timeout: Duration) -> bool {
    use std::io::Read;
    stream.set_read_timeout(Some(timeout)).unwrap();
    let mut rest = Vec::new();
    match stream.read_to_end(&mut rest) {
        Ok(_) => true,
        Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
    }
}

/// A client that sends half a request, or nothing, and waits: the server
/// closes it after a few seconds instead of holding it open for ever.
#[test]
fn a_half_sent_request_is_closed_after_a_few_seconds() {
    let site = shipped_site();
    let server = Server::start(site.path(), &[]);
    let started = Instant::now();
    let mut held: Vec<_> = (0..20).map(|_| connect(&server, "GET / HTTP/1.1\r\nHost: x\r\n")).collect();
    held.push(connect(&server, ""));
    for stream in &mut held {
        let left = Duration::from_secs(10).saturating_sub(started.elapsed());
        assert!(closed_within(stream, left), "a half-sent request was still open after 10 s");
    }
    assert!(started.elapsed() >= Duration::from_secs(3), "closed too soon: {:?}", started.elapsed());
    assert_eq!(server.get("/").status, 200, "the server still answers");
}

/// Connections beyond the cap wait their turn instead of taking more of
/// the server's file descriptors: the 257th waits until one of 256 open
/// pages closes.
#[test]
fn connections_beyond_the_cap_wait_for_one_to_close() {
    use std::io::Read;
    let site = shipped_site();
    let server = Server::start(site.path(), &[]);
    let mut pages: Vec<_> = (0..256).map(|_| open_event_stream(&server)).collect();
    let mut waiting = connect(&server, "GET /__gloss/live.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    waiting.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
    let mut first = [0u8; 12];
    assert!(waiting.read_exact(&mut first).is_err(), "the 257th connection was served at once");
    drop(pages.pop());
    waiting.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    waiting.read_exact(&mut first).expect("served once a connection closed");
    assert!(first.starts_with(b"HTTP/1.1 "), "{first:?}");
}

/// Ctrl-C with 70 open pages (each with its event stream), clients that
/// stopped mid-request and idle kept-alive connections: the server ends
/// the streams itself and exits within 2 s.
#[test]
fn ctrl_c_stops_within_two_seconds_whatever_clients_are_connected() {
    use std::io::Read;
    let site = shipped_site();
    let mut server = Server::start(site.path(), &[]);
    let mut streams: Vec<_> = (0..70).map(|_| open_event_stream(&server)).collect();
    let _half: Vec<_> = (0..20).map(|_| connect(&server, "GET / HTTP/1.1\r\nHost: x\r\n")).collect();
    let idle: Vec<_> = (0..10)
        .map(|_| {
            let mut stream = connect(&server, "GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n");
            let mut first = [0u8; 12];
            stream.read_exact(&mut first).unwrap();
            stream
        })
        .collect();
    let started = Instant::now();
    let status = server.interrupt(Duration::from_secs(30));
    let took = started.elapsed();
    assert!(status.success(), "{status:?}\n{}", server.log());
    assert!(took < Duration::from_secs(2), "stopping took {took:?}");
    for stream in &mut streams {
        assert!(closed_within(stream, Duration::from_secs(1)), "an event stream outlived the server");
    }
    drop(idle);
    assert!(server.log().contains("Stopped. Nothing was written."), "{}", server.log());
}

/// Emacs links `.#is-it-painful.md` (to `user@host.pid:time`, nowhere) while
/// that file has unsaved changes; a save of another entry meanwhile reaches
/// open pages as ever.
#[test]
fn an_emacs_lock_link_beside_an_unsaved_entry_holds_up_no_other_save() {
    let site = shipped_site();
    let server = Server::start(site.path(), &[]);
    let events = server.events(&version_of(&server.get("/").text()));
    let dir = site.path().join("content/microneedling");
    std::os::unix::fs::symlink("writer@laptop.4242:1733400000", dir.join(".#is-it-painful.md")).unwrap();
    assert!(events.try_next(Duration::from_millis(500)).is_none(), "the lock link made a rebuild:\n{}", server.log());

    edit(site.path(), AFTERCARE, "Good care after your treatment", "Gentle care after your treatment");
    assert_eq!(events.next(EVENT_TIMEOUT).0.name, "reload", "{}", server.log());
    assert!(server.get("/microneedling/aftercare/").text().contains("Gentle care after your treatment"));
    assert!(!server.log().contains("error"), "{}", server.log());
}

// The shipped site is in English and Spanish: a writer edits either
// language with both open, and follows the language switch between them.

const ES_AFTERCARE: &str = "content/microneedling/aftercare.es.md";
const AFTERCARE_PAGE: &str = "/microneedling/aftercare/";
const ES_AFTERCARE_PAGE: &str = "/es/microneedling/cuidados-despues/";
/// A question no other links to, and its translation.
const MAKEUP: &str = "content/microneedling/makeup.md";
const MAKEUP_TEXT: &str = "---\ntitle: \"Can I wear makeup afterwards?\"\nsummary: \"Ask first.\"\n\
                           reviewed_by: \"Dr. A\"\nlast_reviewed: 2026-10-15\n---\n\n\
                           Ask your provider when makeup is safe again.\n";
const ES_MAKEUP: &str = "content/microneedling/makeup.es.md";
const ES_MAKEUP_TEXT: &str = "---\ntitle: \"¿Me puedo maquillar después?\"\nslug: maquillaje\n---\n\n\
                              Pregunte a su profesional cuándo puede maquillarse.\n";

/// The pages a `reload` event names; panics when it reloads every page.
fn reloaded_pages(event: &serve::SseEvent) -> Vec<String> {
    assert_eq!(event.name, "reload", "{event:?}");
    let data: serde_json::Value = serde_json::from_str(&event.data).unwrap();
    let pages = data["pages"].as_array().unwrap_or_else(|| panic!("every open page was told to reload: {event:?}"));
    pages.iter().map(|p| p.as_str().unwrap().to_string()).collect()
}

/// A served page without the live script, which carries the output's version.
fn without_live_script(html: &str) -> String {
    let start = html.find(r#"<script src="/__gloss/live.js""#).expect("no live script");
    let end = start + html[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &html[..start], &html[end..])
}

/// The `hreflang` links of a page: (language, address).
fn hreflang_links(html: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("head link[rel='alternate'][hreflang]").unwrap();
    doc.select(&sel).map(|l| (l.attr("hreflang").unwrap().to_string(), l.attr("href").unwrap().to_string())).collect()
}

fn hreflang(html: &str, lang: &str) -> Option<String> {
    hreflang_links(html).into_iter().find(|(l, _)| l == lang).map(|(_, href)| href)
}

/// Where the language switch of the page served at `path` leads, as a
/// browser resolves its link: the path on the server, and what the switch
/// says beside it.
fn follow_switch(server: &Server, path: &str) -> (String, String) {
    let html = server.get(path).text();
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("nav.language-switch li").unwrap();
    let item = doc.select(&sel).next().unwrap_or_else(|| panic!("{path} has no language switch"));
    let link = item.select(&scraper::Selector::parse("a").unwrap()).next().unwrap();
    let base = url::Url::parse(&server.url(path)).unwrap();
    let to = base.join(link.attr("href").unwrap()).unwrap();
    (to.path().to_string(), item.text().collect())
}

#[test]
fn an_english_edit_reloads_the_english_pages_and_no_spanish_page_unless_it_names_the_english() {
    let site = shipped_site().files(&[(MAKEUP, MAKEUP_TEXT), (ES_MAKEUP, ES_MAKEUP_TEXT)]);
    let server = Server::start(site.path(), &[]);
    let spanish = server.get(ES_AFTERCARE_PAGE).text();
    let events = server.events(&version_of(&spanish));

    edit(site.path(), AFTERCARE, "Good care after your treatment", "Gentle care after your treatment");
    let pages = reloaded_pages(&events.next(EVENT_TIMEOUT).0);
    assert!(pages.contains(&"microneedling/aftercare/index.html".into()), "{pages:?}");
    assert!(!pages.iter().any(|p| p.starts_with("es/")), "no Spanish page shows the English text: {pages:?}");
    assert!(server.get(AFTERCARE_PAGE).text().contains("Gentle care after your treatment"));
    let now = server.get(ES_AFTERCARE_PAGE);
    assert_eq!(now.status, 200);
    assert_eq!(without_live_script(&now.text()), without_live_script(&spanish), "the Spanish page is as it was");

    // A new address for an English page is news to its Spanish page: its
    // hreflang and its switch name the English page where it is now.
    edit(site.path(), MAKEUP, "title:", "slug: makeup-after-treatment\ntitle:");
    let event = events.next(EVENT_TIMEOUT).0;
    assert_eq!(event.name, "reload", "{event:?}");
    let spanish = server.get("/es/microneedling/maquillaje/").text();
    assert_eq!(
        hreflang(&spanish, "en").as_deref(),
        Some("https://guides.example.com/microneedling/makeup-after-treatment/"),
        "{spanish}"
    );
    let (to, _) = follow_switch(&server, "/es/microneedling/maquillaje/");
    assert_eq!(to, "/microneedling/makeup-after-treatment/index.html");
    assert_eq!(server.get(&to).status, 200);
}

#[test]
fn a_spanish_edit_updates_the_spanish_page_and_reloads_it_alone() {
    let site = shipped_site();
    let server = Server::start(site.path(), &[]);
    let english = server.get(AFTERCARE_PAGE).text();
    let events = server.events(&version_of(&english));

    edit(site.path(), ES_AFTERCARE, "Cuidar bien su piel", "Cuidar con calma su piel");
    let pages = reloaded_pages(&events.next(EVENT_TIMEOUT).0);
    assert!(pages.contains(&"es/microneedling/cuidados-despues/index.html".into()), "{pages:?}");
    assert!(!pages.contains(&"microneedling/aftercare/index.html".into()), "{pages:?}");
    let spanish = server.get(ES_AFTERCARE_PAGE);
    assert_eq!(spanish.status, 200);
    assert!(spanish.text().contains("Cuidar con calma su piel"));
    assert_eq!(without_live_script(&server.get(AFTERCARE_PAGE).text()), without_live_script(&english));
}

#[test]
fn a_new_translation_gets_the_english_pages_switch_and_removing_it_sends_the_switch_to_the_guide() {
    let site = shipped_site().file(MAKEUP, MAKEUP_TEXT);
    let server = Server::start(site.path(), &[]);
    let page = "/microneedling/makeup/";
    let events = server.events(&version_of(&server.get(page).text()));
    let (to, says) = follow_switch(&server, page);
    assert_eq!(to, "/es/microneedling/index.html", "no translation yet: the Spanish guide");
    assert!(says.contains("this page is not translated yet"), "{says}");
    assert_eq!(hreflang(&server.get(page).text(), "es"), None);

    write_files(site.path(), &[(ES_MAKEUP, ES_MAKEUP_TEXT)]);
    let deadline = Instant::now() + EVENT_TIMEOUT;
    while server.get("/es/microneedling/maquillaje/").status != 200 {
        assert_eq!(events.next(deadline.saturating_duration_since(Instant::now())).0.name, "reload");
    }
    let english = server.get(page).text();
    assert_eq!(hreflang(&english, "es").as_deref(), Some("https://guides.example.com/es/microneedling/maquillaje/"));
    let (to, says) = follow_switch(&server, page);
    assert_eq!(to, "/es/microneedling/maquillaje/index.html");
    assert!(!says.contains("not translated"), "{says}");
    let spanish = server.get(&to);
    assert_eq!(spanish.status, 200);
    assert!(spanish.text().contains("Pregunte a su profesional cuándo puede maquillarse."));

    std::fs::remove_file(site.path().join(ES_MAKEUP)).unwrap();
    let deadline = Instant::now() + EVENT_TIMEOUT;
    while server.get("/es/microneedling/maquillaje/").status != 404 {
        assert_eq!(events.next(deadline.saturating_duration_since(Instant::now())).0.name, "reload");
    }
    let (to, says) = follow_switch(&server, page);
    assert_eq!(to, "/es/microneedling/index.html", "the nearest page again");
    assert!(says.contains("this page is not translated yet"), "{says}");
    assert_eq!(hreflang(&server.get(page).text(), "es"), None);
}

#[test]
fn the_language_switch_of_every_kind_of_served_page_reaches_a_page_in_the_other_language() {
    let site = shipped_site();
    let server = Server::start(site.path(), &[]);
    for (from, lang) in [
        ("/", "es"),
        ("/microneedling/", "es"),
        (AFTERCARE_PAGE, "es"),
        ("/topics/", "es"),
        ("/glossary/", "es"),
        ("/es/", "en"),
        (ES_AFTERCARE_PAGE, "en"),
        ("/es/topics/", "en"),
        ("/es/glossary/", "en"),
    ] {
        let (to, _) = follow_switch(&server, from);
        let reply = server.get(&to);
        assert_eq!(reply.status, 200, "{from} → {to}");
        assert!(reply.text().contains(&format!("<html lang=\"{lang}\"")), "{from} → {to} is in {lang}");
        let (back, _) = follow_switch(&server, &to);
        let from_file = if from.ends_with('/') { format!("{from}index.html") } else { from.to_string() };
        assert_eq!(back, from_file, "{to}'s switch leads back");
    }
    let (to, _) = follow_switch(&server, AFTERCARE_PAGE);
    assert_eq!(to, "/es/microneedling/cuidados-despues/index.html");
}
