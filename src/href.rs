//! Which URLs a writer's text may put in a page's `href` or `src`.
//!
//! A patient's browser runs a `javascript:` or `vbscript:` link and shows a
//! `data:` page as if the site had made it, so only web pages (`http`,
//! `https`), email (`mailto`), phone numbers (`tel`) and paths of the site
//! reach a page. Markdown links, `sources[].url` in front matter and
//! `booking_url` and `base_url` in gloss.yaml all go through here: the
//! checks report what is refused, and whatever writes an href (the markdown
//! renderer, [`Address`]'s serialisation into templates, `SiteConfig::base_url`)
//! leaves a refused URL out even when the checks were not run.
//!
//! A URL's scheme is read as browsers read it (the WHATWG URL standard):
//! leading spaces and control characters are dropped, tabs and newlines
//! anywhere are dropped, and case does not matter, so ` JaVa\tScRiPt:` is
//! `javascript:`. Markdown's entities (`&#106;avascript:`) are decoded by
//! the parser before a destination gets here.
//!
//! A protocol-relative URL (`//clinic.example/x`, or `/\clinic.example/x`,
//! which browsers treat the same way) is refused too: opened from `file://`, where
//! gloss's output is meant to work, it points to a file share instead of
//! the web page, and nothing is lost by writing `https://`.

use serde::{Deserialize, Serialize, Serializer};

/// Why a URL may not reach a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// A scheme other than `http`, `https`, `mailto` and `tel`, lowercased.
    Scheme(String),
    /// `//host/path`: the host of whatever page shows it.
    ProtocolRelative { host_and_path: String },
    /// An address that must be whole (gloss.yaml, `sources`) has no scheme.
    NoScheme { written: String },
    /// `http:` or `https:` that is not a valid URL (`https://../`).
    InvalidWebUrl { reason: String },
}

impl Refusal {
    /// What is wrong, without the URL itself (the source line shows it).
    pub(crate) fn message(&self) -> String {
        match self {
            Refusal::Scheme(scheme) => format!("gloss does not publish `{scheme}:` URLs"),
            Refusal::ProtocolRelative { .. } => "this URL has no scheme (it starts with `//`)".into(),
            Refusal::NoScheme { .. } => "this address has no scheme (`https://`)".into(),
            Refusal::InvalidWebUrl { reason } => format!("this is not a valid web address: {reason}"),
        }
    }

    /// What to write instead.
    pub(crate) fn help(&self) -> String {
        const ALLOWED: &str = "web pages start with `https://`, email addresses with `mailto:` and phone numbers \
                               with `tel:`; a file of the site is linked by its path";
        match self {
            Refusal::Scheme(scheme) if scheme == "data" => {
                format!("put the file next to the entry and link it by its path; {ALLOWED}")
            }
            Refusal::Scheme(_) => ALLOWED.to_string(),
            Refusal::ProtocolRelative { host_and_path } => {
                format!("write `https://{host_and_path}`: a page opened from a file would look for it on a file share")
            }
            Refusal::NoScheme { written } => match likely_host(written) {
                true => format!("write `https://{written}`: without it, browsers read it as a file of the site"),
                false => "write the whole address, starting with `https://`".into(),
            },
            Refusal::InvalidWebUrl { .. } => "check the address: copy it from the browser's address bar".into(),
        }
    }
}

/// `example.com/book`: a first segment that reads like a host name.
fn likely_host(written: &str) -> bool {
    let host = written.split(['/', '?', '#']).next().unwrap_or("");
    host.contains('.') && !host.starts_with('.') && host.chars().all(|c| c.is_alphanumeric() || "-.:".contains(c))
}

/// The schemes a page may link to.
pub(crate) const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// What a link destination written in markdown is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Destination {
    /// An allowed scheme: written to the page as it is.
    External,
    /// A path (or `#fragment`, `?query`) resolved against the site.
    Relative,
    Refused(Refusal),
}

/// Reads a markdown link or image destination.
pub(crate) fn destination(dest: &str) -> Destination {
    let cleaned = as_browsers_read(dest);
    if let Some(scheme) = scheme(&cleaned) {
        return match allowed_scheme(&scheme, &cleaned) {
            Ok(()) => Destination::External,
            Err(refusal) => Destination::Refused(refusal),
        };
    }
    if let Some(rest) = protocol_relative(&cleaned) {
        return Destination::Refused(Refusal::ProtocolRelative { host_and_path: rest.to_string() });
    }
    Destination::Relative
}

/// An address that must stand on its own (a citation, the booking page):
/// `http(s)`, `mailto` or `tel`, with its scheme.
pub(crate) fn check_address(written: &str) -> Result<(), Refusal> {
    match destination(written) {
        Destination::External => Ok(()),
        Destination::Refused(refusal) => Err(refusal),
        Destination::Relative => Err(Refusal::NoScheme { written: written.trim().to_string() }),
    }
}

/// The address the site is published at: `http(s)` only.
pub(crate) fn check_web_address(written: &str) -> Result<(), Refusal> {
    check_address(written)?;
    match scheme(&as_browsers_read(written)).as_deref() {
        Some("http" | "https") => Ok(()),
        Some(other) => Err(Refusal::Scheme(other.to_string())),
        None => Err(Refusal::NoScheme { written: written.trim().to_string() }),
    }
}

/// An allowed scheme; an `http(s)` URL must also parse, since a browser
/// cannot follow one that does not (`https://../`).
fn allowed_scheme(scheme: &str, cleaned: &str) -> Result<(), Refusal> {
    if !ALLOWED_SCHEMES.contains(&scheme) {
        return Err(Refusal::Scheme(scheme.to_string()));
    }
    if matches!(scheme, "http" | "https") {
        let parsed = url::Url::parse(cleaned).map_err(|e| Refusal::InvalidWebUrl { reason: e.to_string() })?;
        match parsed.host() {
            None => return Err(Refusal::InvalidWebUrl { reason: "it names no host".into() }),
            // The URL standard lets `..` through as a domain; no host has
            // an empty label (only a final dot is allowed, `example.com.`).
            Some(url::Host::Domain(domain)) if domain.trim_end_matches('.').split('.').any(str::is_empty) => {
                return Err(Refusal::InvalidWebUrl { reason: format!("`{domain}` is not a host name") });
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// `url` as a valid URL with the meaning CommonMark gives markdown link
/// destinations (and pulldown-cmark's HTML writer, so raw HTML and markdown
/// links agree): what browsers ignore is taken out (see [`as_browsers_read`]),
/// and characters a URL cannot hold (space, `\`, `` ` ``, `"`, `<`, `>`,
/// `^`, `{`, `|`, `}`, a `%` not starting an escape) are percent-encoded.
/// For raw HTML's `href` and `src`, which pass as written otherwise.
pub(crate) fn as_valid_url(url: &str) -> std::borrow::Cow<'_, str> {
    let cleaned = as_browsers_read(url);
    let bytes = cleaned.as_bytes();
    let is_escape = |i: usize| bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
    let needs_encoding = |i: usize, b: u8| match b {
        b'%' => !is_escape(i),
        b' ' | b'\\' | b'`' | b'"' | b'<' | b'>' | b'^' | b'{' | b'|' | b'}' => true,
        _ => b.is_ascii_control(),
    };
    if cleaned == url && !bytes.iter().enumerate().any(|(i, &b)| needs_encoding(i, b)) {
        return url.into();
    }
    let mut out = String::with_capacity(cleaned.len() + 8);
    for (i, c) in cleaned.char_indices() {
        match u8::try_from(c) {
            Ok(b) if needs_encoding(i, b) => out.push_str(&format!("%{b:02X}")),
            _ => out.push(c),
        }
    }
    out.into()
}

/// The URL with what browsers ignore taken out: leading and trailing C0
/// controls and spaces, and every tab and newline.
fn as_browsers_read(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect()
}

/// The scheme of `url`, lowercased: a letter, then letters, digits, `+`,
/// `-` or `.`, then `:`.
fn scheme(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_valid = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts_with_letter && rest_valid).then(|| scheme.to_ascii_lowercase())
}

/// What follows the two slashes of a protocol-relative URL; browsers take
/// `\` for `/` in web URLs.
fn protocol_relative(url: &str) -> Option<&str> {
    let mut chars = url.char_indices();
    match (chars.next(), chars.next()) {
        (Some((_, '/' | '\\')), Some((_, '/' | '\\'))) => Some(url[2..].trim_start_matches(['/', '\\'])),
        _ => None,
    }
}

/// A URL a writer gave in gloss.yaml or front matter, as written. Into a
/// template or structured data it goes only if [`check_address`] allows it
/// (otherwise as nothing), so a refused address never reaches a page even
/// if the checks that report it did not run.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub(crate) struct Address(String);

impl Address {
    pub(crate) fn as_written(&self) -> &str {
        &self.0
    }

    /// The address, if a page may link to it.
    pub(crate) fn href(&self) -> Option<&str> {
        check_address(&self.0).ok().map(|()| self.0.as_str())
    }
}

impl Serialize for Address {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.href().serialize(serializer)
    }
}

/// The `tel:` address of a phone number as a practice writes it
/// (`+1 (555) 010-0100`): its digits and a leading `+`, which every dialler
/// reads; `None` when it has no digits (`ask at the desk`).
pub(crate) fn tel_href(phone: &str) -> Option<String> {
    let digits: String = phone
        .chars()
        .enumerate()
        .filter(|&(i, c)| c.is_ascii_digit() || (i == 0 && c == '+'))
        .map(|(_, c)| c)
        .collect();
    (!digits.is_empty()).then(|| format!("tel:{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused_scheme(dest: &str) -> Option<String> {
        match destination(dest) {
            Destination::Refused(Refusal::Scheme(s)) => Some(s),
            _ => None,
        }
    }

    #[test]
    fn phone_numbers_become_tel_links() {
        assert_eq!(tel_href("+1 (555) 010-0100").as_deref(), Some("tel:+15550100100"));
        assert_eq!(tel_href("555-0100").as_deref(), Some("tel:5550100"));
        assert_eq!(tel_href("ask at the desk"), None);
    }

    #[test]
    fn scripts_are_refused_however_they_are_disguised() {
        for dest in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:x",
            "java\tscript:x",
            "\u{1}javascript:x",
            "java\nscript:x",
        ] {
            assert_eq!(refused_scheme(dest).as_deref(), Some("javascript"), "{dest:?}");
        }
        assert_eq!(refused_scheme("vbscript:msgbox").as_deref(), Some("vbscript"));
        assert_eq!(refused_scheme("DATA:text/html,<b>").as_deref(), Some("data"));
        assert_eq!(refused_scheme("ftp://files.example").as_deref(), Some("ftp"));
    }

    #[test]
    fn web_mail_phone_and_paths_pass() {
        for dest in ["https://example.com/a?b#c", "HTTP://example.com", "mailto:a@b.example", "tel:+441234"] {
            assert_eq!(destination(dest), Destination::External, "{dest}");
        }
        for dest in ["pain.md", "../other/x.md#a", "#numbing", "/peels/", "images/a:b.png", "?q=1", "1:2.md"] {
            assert_eq!(destination(dest), Destination::Relative, "{dest}");
        }
    }

    #[test]
    fn protocol_relative_urls_are_refused_with_https_suggested() {
        for dest in ["//evil.example/x", "\\\\evil.example/x", "/\\evil.example/x", " //evil.example/x"] {
            let Destination::Refused(refusal) = destination(dest) else { panic!("{dest}") };
            assert!(refusal.help().contains("`https://evil.example/x`"), "{dest}: {}", refusal.help());
        }
    }

    #[test]
    fn web_urls_that_do_not_parse_are_refused() {
        assert!(matches!(destination("https://../"), Destination::Refused(Refusal::InvalidWebUrl { .. })));
        assert!(matches!(destination("http://exa mple.com"), Destination::Refused(Refusal::InvalidWebUrl { .. })));
    }

    #[test]
    fn urls_that_are_not_valid_are_percent_encoded() {
        assert_eq!(as_valid_url("../x/index.html#a"), "../x/index.html#a");
        assert_eq!(as_valid_url("\\*"), "%5C*");
        assert_eq!(as_valid_url("`"), "%60");
        assert_eq!(as_valid_url("foo\\\nbar"), "foo%5Cbar");
        assert_eq!(as_valid_url("foo  \nbar"), "foo%20%20bar");
        assert_eq!(as_valid_url(" a b%20c%zz "), "a%20b%20c%25zz");
        assert_eq!(as_valid_url("https://example.com/é"), "https://example.com/é");
    }

    #[test]
    fn addresses_need_a_scheme_and_suggest_one() {
        let refusal = check_address("example.com/book").unwrap_err();
        assert_eq!(refusal, Refusal::NoScheme { written: "example.com/book".into() });
        assert!(refusal.help().contains("`https://example.com/book`"), "{}", refusal.help());
        assert!(!check_address("/book").unwrap_err().help().contains("https:///"));
        assert!(check_address("tel:+441234").is_ok());
        assert_eq!(check_web_address("mailto:a@b.example"), Err(Refusal::Scheme("mailto".into())));
        assert!(check_web_address("https://clinic.example/guides/").is_ok());
    }

    #[test]
    fn a_refused_address_serialises_as_nothing() {
        let json = |a: &str| serde_json::to_string(&Address(a.into())).unwrap();
        assert_eq!(json("javascript:alert(1)"), "null");
        assert_eq!(json("https://example.com/book"), "\"https://example.com/book\"");
    }
}
