//! HTTP: the site's files from memory, the live script and the event stream.
//!
//! Request paths are percent-decoded and must name a file of the current
//! output: there is no file system behind them, and paths with dot segments,
//! backslashes or NUL are refused before any lookup.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast;

use super::reload::{self, EVENTS_PATH, LIVE_JS_PATH, READABILITY_PATH};
use super::state::{DevSite, LiveEvent, Message, Snapshot};

/// The dev server's routes over `site`.
pub(crate) fn router(site: Arc<DevSite>) -> Router {
    Router::new()
        .route(LIVE_JS_PATH, get(live_js))
        .route(EVENTS_PATH, get(events))
        .route(READABILITY_PATH, get(readability))
        .fallback(site_file)
        .layer(axum::middleware::map_response(no_store))
        .with_state(site)
}

/// Nothing the dev server sends may be cached: the next save changes it.
async fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response.headers_mut().insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

async fn live_js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], reload::LIVE_JS).into_response()
}

/// The readability report of the last good build, for writers: it reloads
/// like every page.
async fn readability(State(site): State<Arc<DevSite>>, method: Method, uri: Uri) -> Response {
    let snapshot = site.snapshot();
    if snapshot.readability.is_empty() {
        return site_file(State(site), method, uri).await;
    }
    let page = reload::inject(snapshot.readability.as_bytes(), &site.version(&snapshot), Some(&READABILITY_PATH[1..]));
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

/// What a request path names in the output.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// An output path (`guide/index.html`).
    File(String),
    /// Not a path gloss ever serves: dot segments, backslashes, NUL, bad UTF-8.
    Bad,
}

/// Maps the raw (still percent-encoded) path of a request to an output path.
/// Decoding happens once, before splitting, so `%2e%2e%2f` is `../` and is
/// refused like it.
fn target(raw_path: &str) -> Target {
    let Some(rest) = raw_path.strip_prefix('/') else { return Target::Bad };
    let Ok(decoded) = percent_encoding::percent_decode_str(rest).decode_utf8() else { return Target::Bad };
    if decoded.contains(['\\', '\0']) || decoded.split('/').any(|s| s == "." || s == "..") {
        return Target::Bad;
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        Target::File(format!("{decoded}index.html"))
    } else {
        Target::File(decoded.into_owned())
    }
}

async fn site_file(State(site): State<Arc<DevSite>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")], "Method not allowed\n")
            .into_response();
    }
    let snapshot = site.snapshot();
    let version = site.version(&snapshot);
    if snapshot.output.is_empty()
        && let Some(page) = no_site_yet(&site, &snapshot)
    {
        return (StatusCode::SERVICE_UNAVAILABLE, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], page)
            .into_response();
    }
    let path = match target(uri.path()) {
        Target::File(path) => path,
        Target::Bad => return (StatusCode::BAD_REQUEST, "Bad request path\n").into_response(),
    };
    if let Some(bytes) = snapshot.output.get(&path) {
        return file_response(StatusCode::OK, &path, bytes, &version);
    }
    // A folder asked for without its trailing slash: redirect, so that the
    // page's relative links resolve.
    if snapshot.output.contains(&format!("{path}/index.html")) {
        return redirect(&format!("{path}/"));
    }
    match snapshot.output.get("404.html") {
        Some(bytes) => file_response(StatusCode::NOT_FOUND, "404.html", bytes, &version),
        None => (StatusCode::NOT_FOUND, "Not found\n").into_response(),
    }
}

fn redirect(path: &str) -> Response {
    let location = format!("/{}", percent_encoding::utf8_percent_encode(path, PATH_SET));
    (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, location)]).into_response()
}

/// What a path must escape to be put back into a `Location` header.
const PATH_SET: &percent_encoding::AsciiSet =
    &percent_encoding::CONTROLS.add(b' ').add(b'"').add(b'#').add(b'<').add(b'>').add(b'?').add(b'`').add(b'%');

fn file_response(status: StatusCode, path: &str, bytes: &[u8], version: &str) -> Response {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let textual = mime.type_() == "text"
        || matches!(mime.essence_str(), "application/javascript" | "application/json" | "application/xml")
        || mime.suffix().is_some_and(|s| s == "xml" || s == "json");
    let content_type = if textual && mime.get_param("charset").is_none() {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.to_string()
    };
    let body = if is_html { reload::inject(bytes, version, Some(path)) } else { bytes.to_vec() };
    (status, [(header::CONTENT_TYPE, content_type)], Body::from(body)).into_response()
}

/// The page served while no build has worked yet: the errors, and the live
/// script, which shows them over the page and reloads once the site builds.
fn no_site_yet(site: &DevSite, snapshot: &Snapshot) -> Option<Vec<u8>> {
    let errors = snapshot.errors.as_ref()?;
    let mut list = String::new();
    for d in errors.iter() {
        list.push_str(&format!("<li><pre>{}</pre></li>\n", escape(&d.to_string())));
    }
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>gloss: the site does not build yet</title></head>\n<body>\
         <main><h1>The site does not build yet</h1>\n\
         <p>Fix the problems below and save: this page reloads by itself.</p>\n<ol>\n{list}</ol></main>\n</body></html>\n"
    );
    Some(reload::inject(page.as_bytes(), &site.version(snapshot), None))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[derive(serde::Deserialize)]
struct EventsQuery {
    /// The version of the output the page was loaded from.
    v: Option<String>,
}

/// One long-lived stream per page. A page that connects with an outdated
/// version (it missed an event while loading, or the server restarted) is
/// told to reload; one that connects while the site is broken gets the errors.
async fn events(
    State(site): State<Arc<DevSite>>,
    Query(query): Query<EventsQuery>,
    headers: HeaderMap,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = site.subscribe();
    let snapshot = site.snapshot();
    let current = site.version(&snapshot);
    let page_version =
        headers.get("last-event-id").and_then(|v| v.to_str().ok()).map(str::to_string).or(query.v).unwrap_or_default();
    let mut first = Vec::new();
    if page_version != current && !snapshot.output.is_empty() {
        let data = serde_json::json!({ "pages": null }).to_string();
        first.push(LiveEvent { name: "reload", data, version: current });
    } else if snapshot.errors.is_some() {
        first.push(site.error_event(&snapshot));
    }
    let first = stream::iter(first.into_iter().map(|e| Ok(sse_event(&e))));
    let rest = stream::unfold((receiver, site), |(mut receiver, site)| async move {
        let event = match receiver.recv().await {
            Ok(Message::Event(event)) => sse_event(&event),
            Ok(Message::Shutdown) | Err(broadcast::error::RecvError::Closed) => return None,
            Err(broadcast::error::RecvError::Lagged(_)) => {
                // Missed events: the page cannot know what it has, so reload it.
                let snapshot = site.snapshot();
                sse_event(&match snapshot.errors {
                    Some(_) => site.error_event(&snapshot),
                    None => LiveEvent {
                        name: "reload",
                        data: serde_json::json!({ "pages": null }).to_string(),
                        version: site.version(&snapshot),
                    },
                })
            }
        };
        Some((Ok(event), (receiver, site)))
    });
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::default())
}

fn sse_event(event: &LiveEvent) -> Event {
    Event::default().event(event.name).id(&event.version).data(&event.data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_serve_their_index() {
        assert_eq!(target("/"), Target::File("index.html".into()));
        assert_eq!(target("/guide/"), Target::File("guide/index.html".into()));
        assert_eq!(target("/guide/index.html"), Target::File("guide/index.html".into()));
        assert_eq!(target("/caf%C3%A9/"), Target::File("café/index.html".into()));
    }

    #[test]
    fn escapes_are_refused() {
        for path in [
            "/../gloss.yaml",
            "/%2e%2e/gloss.yaml",
            "/%2E%2E%2Fgloss.yaml",
            "/..%2fgloss.yaml",
            "/guide/..%5c..%5cgloss.yaml",
            "/guide/..\\..\\gloss.yaml",
            "/guide/%00",
            "/./index.html",
            "/%ff",
            "relative",
        ] {
            assert_eq!(target(path), Target::Bad, "{path}");
        }
    }
}
