//! Themes: compiling a theme's templates once and fingerprinting its static
//! files, with the site's own `templates/` and `static/` overriding the
//! theme's file at the same relative path.
//!
//! A theme may build on another (`extends: clinic` in its theme.yaml): the
//! layers stack base first, then the theme, then the site. Every layer's
//! templates are also reachable by a qualified name (`clinic/entry.html`),
//! and the active theme's as `theme/entry.html`, so a site or theme can
//! extend the template it replaces and override one block only.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use tera::Tera;

use crate::cache::Recall;
use crate::diagnostic::Diagnostic;
use crate::option_choices::{self, Choices};
use crate::symlinks::SiteRoot;
use crate::theme_strings::{STRINGS_DIR, ThemeStrings};

pub(crate) const THEMES_DIR: &str = "themes";

/// A theme's templates compiled, or what is wrong with them.
pub(crate) type Compiled = Result<Arc<Tera>, Vec<Diagnostic>>;

/// A theme ready to render: compiled templates and fingerprinted assets.
pub(crate) struct Theme {
    pub(crate) name: String,
    pub(crate) tera: Arc<Tera>,
    /// Template name → the file it was read from (theme or site override),
    /// so render errors can name the file to fix.
    pub(crate) template_paths: BTreeMap<String, PathBuf>,
    /// Template name → its text, to show the line a render error is on.
    pub(crate) template_sources: BTreeMap<String, String>,
    /// tera's fallback prefixes, highest priority first (see [`fallback_prefixes`]).
    pub(crate) fallback_prefixes: Vec<String>,
    /// Logical static path (`style.css`) → output path, fingerprinted
    /// (`style.3fa2c1d0.css`) unless the dev server loaded the theme;
    /// handed to templates as `assets`.
    pub(crate) asset_paths: BTreeMap<String, String>,
    /// Whether `asset_paths` are fingerprinted (`gloss build`).
    pub(crate) fingerprinted: bool,
    /// Output path → file contents.
    pub(crate) static_files: Vec<(String, Vec<u8>)>,
    /// Logical static path → the file it was read from, relative to the
    /// site root (the site's `static/` or a theme's), for diagnostics.
    pub(crate) static_sources: BTreeMap<String, PathBuf>,
    /// Option defaults, base theme first, then the theme's own.
    option_defaults: BTreeMap<String, serde_yaml::Value>,
    /// What the layers let a site set their options to.
    choices: Choices,
    /// Colour pairs the theme needs to keep readable.
    contrast: Vec<ContrastRule>,
    /// The page colours the site's own stylesheets set over the theme's;
    /// `None` when the site has no stylesheet of its own.
    page_colours: Option<crate::site_css::PageColours>,
    /// The words the templates print, per language (`t(key=…)`).
    pub(crate) strings: ThemeStrings,
}

/// A theme's `theme.yaml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeManifest {
    /// The theme's name and what it is for, for people choosing a theme:
    /// accepted, and shown nowhere.
    #[expect(dead_code, reason = "theme.yaml may say it; gloss shows it nowhere")]
    name: Option<String>,
    #[expect(dead_code, reason = "theme.yaml may say it; gloss shows it nowhere")]
    description: Option<String>,
    /// The theme this one builds on.
    extends: Option<String>,
    /// Options a site may set in `theme_options`, with their defaults.
    #[serde(default)]
    options: BTreeMap<String, serde_yaml::Value>,
    /// What a site may set some options to (see `option_choices`).
    #[serde(default)]
    choices: BTreeMap<String, serde_yaml::Value>,
    #[serde(default)]
    contrast: Vec<ContrastRule>,
    /// Where the manifest was read from, relative to the site root, and its
    /// text: for errors in it found once every layer is read.
    #[serde(skip)]
    path: PathBuf,
    #[serde(skip)]
    text: String,
}

/// "`foreground` on `background` must reach `min`:1", where each side is a
/// colour or the name of a colour option: how a theme says which options
/// carry text or focus indicators, so `check` can hold a practice's chosen
/// colours to WCAG.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContrastRule {
    foreground: String,
    background: String,
    min: f64,
    /// What the pair is for, in the message: "link text", "focus indicators".
    #[serde(rename = "use")]
    purpose: String,
}

/// How deep `extends` may go: deeper is almost surely a loop.
const MAX_THEME_DEPTH: usize = 8;

/// Loads theme `name` of the site at `root`, with the themes it extends;
/// `fingerprint`: static files are named by their contents.
/// Templates `compiled` has seen before (same files, same texts) are not
/// compiled again.
pub(crate) fn load(
    root: &Path,
    name: &str,
    fingerprint: bool,
    compiled: &dyn Recall<Compiled>,
) -> Result<Theme, Vec<Diagnostic>> {
    let layers = theme_chain(root, name)?;
    let site = SiteRoot::new(root);
    let mut template_dirs: Vec<PathBuf> = layers.iter().map(|(_, dir, _)| dir.join("templates")).collect();
    let theme_templates = overlay(&site, &template_dirs)?;
    template_dirs.push(root.join("templates"));
    let mut templates = overlay(&site, &template_dirs)?;
    for (layer, dir, _) in &layers {
        for (file, path) in overlay(&site, &[dir.join("templates")])? {
            templates.insert(format!("{layer}/{file}"), path);
        }
    }
    for (file, path) in theme_templates {
        templates.insert(format!("theme/{file}"), path);
    }
    let template_sources = read_templates(root, &templates)?;
    let layer_names: Vec<String> = layers.iter().map(|(layer, _, _)| layer.clone()).collect();
    let input = (root, &layer_names, &templates, &template_sources);
    let tera =
        compiled.recall(&input, &mut || compile(root, &layer_names, &templates, &template_sources).map(Arc::new))?;
    let StaticAssets { asset_paths, static_files, static_sources, stylesheets } =
        read_static_assets(root, &site, &layers, fingerprint)?;
    let page_colours = stylesheets.iter().any(|s| s.site).then(|| crate::site_css::PageColours::read(stylesheets));
    let strings = read_strings(root, &site, &layers)?;
    let mut option_defaults = BTreeMap::new();
    let mut contrast = Vec::new();
    for (_, _, manifest) in &layers {
        option_defaults.extend(manifest.options.clone());
        contrast.extend(manifest.contrast.iter().cloned());
    }
    let choice_layers: Vec<option_choices::Layer> = layers
        .iter()
        .map(|(_, _, m)| option_choices::Layer {
            path: &m.path,
            text: &m.text,
            choices: &m.choices,
            options: &m.options,
        })
        .collect();
    let choices = Choices::read(&choice_layers, &option_defaults)?;
    let template_paths =
        templates.into_iter().map(|(n, p)| (n, p.strip_prefix(root).map(Path::to_path_buf).unwrap_or(p))).collect();
    Ok(Theme {
        name: name.to_string(),
        tera,
        template_paths,
        template_sources,
        fallback_prefixes: fallback_prefixes(&layer_names),
        asset_paths,
        fingerprinted: fingerprint,
        static_files,
        static_sources,
        option_defaults,
        choices,
        contrast,
        page_colours,
        strings,
    })
}

/// Each layer's string files, then the site's own `i18n/` (see
/// `theme_strings`).
fn read_strings(
    root: &Path,
    site: &SiteRoot,
    layers: &[(String, PathBuf, ThemeManifest)],
) -> Result<ThemeStrings, Vec<Diagnostic>> {
    let mut dirs: Vec<PathBuf> = layers.iter().map(|(_, dir, _)| dir.clone()).collect();
    dirs.push(root.to_path_buf());
    let mut string_layers = Vec::new();
    for dir in dirs {
        string_layers.push(crate::theme_strings::Layer { files: overlay(site, &[dir.join(STRINGS_DIR)])? });
    }
    let top = layers.last().map_or_else(|| PathBuf::from(THEMES_DIR), |(_, dir, _)| dir.clone());
    ThemeStrings::read(root, &string_layers, top.strip_prefix(root).map(Path::to_path_buf).unwrap_or(top))
}

/// A theme's static files (with the site's `static/` over them).
struct StaticAssets {
    /// Logical path → output path (see [`Theme::asset_paths`]).
    asset_paths: BTreeMap<String, String>,
    /// Output path → file contents.
    static_files: Vec<(String, Vec<u8>)>,
    /// Logical path → source file (see [`Theme::static_sources`]).
    static_sources: BTreeMap<String, PathBuf>,
    /// The CSS files, the theme's before the site's.
    stylesheets: Vec<crate::site_css::Stylesheet>,
}

fn read_static_assets(
    root: &Path,
    site: &SiteRoot,
    layers: &[(String, PathBuf, ThemeManifest)],
    fingerprint: bool,
) -> Result<StaticAssets, Vec<Diagnostic>> {
    let mut static_dirs: Vec<PathBuf> = layers.iter().map(|(_, dir, _)| dir.join("static")).collect();
    static_dirs.push(root.join("static"));
    let mut asset_paths = BTreeMap::new();
    let mut static_files = Vec::new();
    let mut static_sources = BTreeMap::new();
    let mut stylesheets = Vec::new();
    let site_static = root.join("static");
    let mut files = BTreeMap::new();
    for (logical, path) in overlay(site, &static_dirs)? {
        let bytes = std::fs::read(&path).map_err(|e| vec![read_error(root, &path, &e)])?;
        let source = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or_else(|_| path.clone());
        files.insert(logical, (source, bytes));
    }
    for (logical, (source, bytes)) in &files {
        if crate::css_partials::is_partial(logical) {
            continue;
        }
        let (logical, source) = (logical.clone(), source.clone());
        let mut bytes = bytes.clone();
        if logical.to_ascii_lowercase().ends_with(".css") {
            let raw = String::from_utf8_lossy(&bytes).into_owned();
            let text = crate::css_partials::expand(&logical, &source, &raw, &files).map_err(|d| vec![d])?;
            let site = root.join(&source).starts_with(&site_static);
            bytes = text.clone().into_bytes();
            // A site's own diagnostics point at lines of the file it wrote.
            stylesheets.push(crate::site_css::Stylesheet {
                path: source.clone(),
                text: if site { raw } else { text },
                site,
            });
        }
        let output = if fingerprint { fingerprinted(&logical, &bytes) } else { logical.clone() };
        asset_paths.insert(logical.clone(), output.clone());
        static_files.push((output, bytes));
        static_sources.insert(logical, source);
    }
    stylesheets.sort_by_key(|s| s.site);
    Ok(StaticAssets { asset_paths, static_files, static_sources, stylesheets })
}

impl Theme {
    /// The text of the static file at `logical` (`style.css`), if the theme
    /// or the site has one and it is UTF-8.
    pub(crate) fn static_text(&self, logical: &str) -> Option<&str> {
        let output = self.asset_paths.get(logical)?;
        let (_, bytes) = self.static_files.iter().find(|(path, _)| path == output)?;
        std::str::from_utf8(bytes).ok()
    }

    /// The options templates get: the theme's defaults with the site's
    /// `theme_options` over them. Unknown options, values of another type
    /// than the default's, values the theme's `choices:` refuse, and colours
    /// that fail the theme's contrast rules are reported against
    /// `gloss.yaml` (whose text is `config_text`).
    pub(crate) fn options_for(
        &self,
        site_options: &BTreeMap<String, serde_yaml::Value>,
        config_text: &str,
    ) -> (BTreeMap<String, serde_yaml::Value>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let mut options = self.option_defaults.clone();
        let known: Vec<&str> = self.option_defaults.keys().map(String::as_str).collect();
        for (key, value) in site_options {
            let at = option_line(config_text, key);
            match self.option_defaults.get(key) {
                None => {
                    let help = match crate::diagnostic::closest(key, &known) {
                        // The practice's logo is a site setting, for every theme.
                        _ if SITE_IMAGE_KEYS.contains(&key.as_str()) => format!(
                            "the {key} is a setting of the site, not of the theme: move `{key}:` out of \
                             `theme_options:` to the top level of gloss.yaml"
                        ),
                        Some(s) => format!("did you mean `{s}`?"),
                        None if known.is_empty() => format!("the theme `{}` has no options", self.name),
                        None => format!("the theme `{}` has these options: {}", self.name, known.join(", ")),
                    };
                    diagnostics.push(option_error(config_text, at, format!("unknown theme option `{key}`"), help));
                }
                Some(default) if !same_kind(default, value) => diagnostics.push(option_error(
                    config_text,
                    at,
                    format!("the theme option `{key}` takes {}, like its default", kind_name(default)),
                    format!("the theme's default is `{}`", yaml_inline(default)),
                )),
                Some(_) => match self.choices.site_value_error(key, value, config_text) {
                    Some(refused) => diagnostics.push(refused),
                    None => {
                        options.insert(key.clone(), value.clone());
                    }
                },
            }
        }
        diagnostics.extend(self.contrast_errors(&options, config_text));
        diagnostics.extend(self.page_colours.iter().flat_map(crate::site_css::PageColours::contrast_errors));
        (options, diagnostics)
    }

    fn contrast_errors(&self, options: &BTreeMap<String, serde_yaml::Value>, config_text: &str) -> Vec<Diagnostic> {
        let colour_of = |side: &str| match options.get(side) {
            Some(value) => value.as_str().map(str::to_string),
            None => Some(side.to_string()),
        };
        let mut diagnostics = Vec::new();
        let mut bad_colours = std::collections::BTreeSet::new();
        for rule in &self.contrast {
            let (Some(fg), Some(bg)) = (colour_of(&rule.foreground), colour_of(&rule.background)) else { continue };
            let Some(ratio) = crate::contrast::ratio(&fg, &bg) else {
                for (side, colour) in [(&rule.foreground, &fg), (&rule.background, &bg)] {
                    if !crate::contrast::is_colour(colour) && bad_colours.insert(side.clone()) {
                        diagnostics.push(option_error(
                            config_text,
                            option_line(config_text, side),
                            format!("`{colour}` is not a colour (theme option `{side}`)"),
                            "write a CSS colour, e.g. `#0b5563`".into(),
                        ));
                    }
                }
                continue;
            };
            if ratio + 1e-9 < rule.min {
                let option = [&rule.foreground, &rule.background].into_iter().find(|s| options.contains_key(*s));
                let at = option.map_or(1, |o| option_line(config_text, o));
                diagnostics.push(option_error(
                    config_text,
                    at,
                    format!(
                        "{fg} on {bg} has a contrast of {ratio:.2}:1, below the {}:1 needed for {} (WCAG 2.1 AA)",
                        rule.min, rule.purpose
                    ),
                    "choose a darker or lighter colour; a contrast checker shows the ratio as you pick".into(),
                ));
            }
        }
        diagnostics
    }
}

fn same_kind(a: &serde_yaml::Value, b: &serde_yaml::Value) -> bool {
    use serde_yaml::Value::*;
    matches!(
        (a, b),
        (Null, _)
            | (_, Null)
            | (Bool(_), Bool(_))
            | (Number(_), Number(_))
            | (String(_), String(_))
            | (Sequence(_), Sequence(_))
            | (Mapping(_), Mapping(_))
    )
}

fn kind_name(value: &serde_yaml::Value) -> &'static str {
    use serde_yaml::Value::*;
    match value {
        Bool(_) => "true or false",
        Number(_) => "a number",
        String(_) => "text",
        Sequence(_) => "a list",
        Mapping(_) => "a map",
        _ => "a value",
    }
}

fn yaml_inline(value: &serde_yaml::Value) -> String {
    serde_yaml::to_string(value).unwrap_or_default().trim().to_string()
}

/// The static file a theme ships as every page's icon.
pub(crate) const DEFAULT_FAVICON: &str = "favicon.svg";

/// gloss.yaml's settings that name an image in `static/`.
const SITE_IMAGE_KEYS: &[&str] = &["logo", "favicon"];

impl Theme {
    /// `logo:` or `favicon:` naming no file among the static files (the
    /// site's `static/` over the theme's), each at its gloss.yaml line.
    pub(crate) fn site_image_errors(&self, config: &crate::config::SiteConfig, config_text: &str) -> Vec<Diagnostic> {
        [("logo", &config.logo), ("favicon", &config.favicon)]
            .into_iter()
            .filter_map(|(key, name)| Some((key, name.as_deref()?)))
            .filter(|(_, name)| !self.asset_paths.contains_key(*name))
            .map(|(key, name)| {
                let line = config_text.lines().position(|l| l.starts_with(&format!("{key}:"))).map_or(1, |i| i + 1);
                let column = config_text.lines().nth(line - 1).and_then(|l| l.find(name)).map_or(1, |c| c + 1);
                let help = match crate::diagnostic::closest(
                    name,
                    &self.asset_paths.keys().map(String::as_str).collect::<Vec<_>>(),
                ) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => {
                        "put the image in the site's static/ folder and write its path there, like `logo.svg`".into()
                    }
                };
                Diagnostic::error(
                    crate::config::CONFIG_FILE,
                    line,
                    column,
                    format!("`{key}: {name}` is not a file in static/"),
                )
                .with_help(help)
                .with_source(config_text)
            })
            .collect()
    }
}

/// The gloss.yaml line of `key` under `theme_options:`.
fn option_line(config_text: &str, key: &str) -> usize {
    let start = config_text.lines().position(|l| l.starts_with("theme_options:")).unwrap_or(0);
    config_text
        .lines()
        .enumerate()
        .skip(start)
        .find(|(_, l)| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')))
        .map_or(start + 1, |(i, _)| i + 1)
}

fn option_error(config_text: &str, line: usize, message: String, help: String) -> Diagnostic {
    let column = config_text.lines().nth(line - 1).map_or(1, |l| l.len() - l.trim_start().len() + 1);
    Diagnostic::error(crate::config::CONFIG_FILE, line, column, message).with_help(help).with_source(config_text)
}

/// The theme and the themes it extends, base first: (name, folder, manifest).
fn theme_chain(root: &Path, name: &str) -> Result<Vec<(String, PathBuf, ThemeManifest)>, Vec<Diagnostic>> {
    let mut chain: Vec<(String, PathBuf, ThemeManifest)> = Vec::new();
    let mut next = Some(name.to_string());
    while let Some(current) = next.take() {
        let dir = root.join(THEMES_DIR).join(&current);
        if !dir.is_dir() {
            return Err(vec![match chain.last() {
                None => missing_theme(root, &current),
                Some((child, child_dir, _)) => missing_base_theme(root, child, child_dir, &current),
            }]);
        }
        if chain.len() >= MAX_THEME_DEPTH || chain.iter().any(|(n, _, _)| *n == current) {
            let path = dir.join("theme.yaml");
            return Err(vec![
                Diagnostic::error(
                    path.strip_prefix(root).unwrap_or(&path),
                    1,
                    1,
                    format!("the themes extend each other in a loop, back to `{current}`"),
                )
                .with_help("remove `extends:` from one of them"),
            ]);
        }
        let manifest = read_manifest(root, &dir)?;
        next = manifest.extends.clone();
        chain.push((current, dir, manifest));
    }
    chain.reverse();
    Ok(chain)
}

fn read_manifest(root: &Path, dir: &Path) -> Result<ThemeManifest, Vec<Diagnostic>> {
    let path = dir.join("theme.yaml");
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(ThemeManifest::default()) };
    let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
    let known = ["name", "description", "extends", "options", "choices", "contrast"];
    let manifest: ThemeManifest = crate::frontmatter::parse(&rel, &text, &text, 1, &known)?;
    Ok(ThemeManifest { path: rel, text, ..manifest })
}

fn missing_base_theme(root: &Path, child: &str, child_dir: &Path, base: &str) -> Diagnostic {
    let path = child_dir.join("theme.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let line = text.lines().position(|l| l.trim_start().starts_with("extends:")).map_or(1, |i| i + 1);
    Diagnostic::error(
        path.strip_prefix(root).unwrap_or(&path),
        line,
        1,
        format!("the theme `{child}` extends `{base}`, which is not in themes/{base}"),
    )
    .with_source(&text)
    .with_help(format!("copy the `{base}` theme into themes/, or remove `extends:`"))
}

/// Files under each of `dirs`, a later folder's file replacing an earlier
/// one's at the same relative path. Keys are `/`-separated relative paths.
/// A symbolic link that leads out of the `site` is an error.
fn overlay(site: &SiteRoot, dirs: &[PathBuf]) -> Result<BTreeMap<String, PathBuf>, Vec<Diagnostic>> {
    let mut files = BTreeMap::new();
    let mut refused = Vec::new();
    for dir in dirs {
        if !dir.is_dir() {
            continue;
        }
        for item in site.walk(dir, &mut refused) {
            let item = item.map_err(|e| {
                vec![
                    Diagnostic::error(e.path().unwrap_or(dir), 1, 1, format!("cannot read: {e}"))
                        .with_help("check the theme folder's files and links"),
                ]
            })?;
            let name = item.file_name().to_string_lossy();
            if !item.file_type().is_file() || name.ends_with('~') {
                continue;
            }
            let rel = item.path().strip_prefix(dir).unwrap_or(item.path()).to_string_lossy().replace('\\', "/");
            files.insert(rel, item.into_path());
        }
    }
    if refused.is_empty() { Ok(files) } else { Err(refused) }
}

fn read_templates(
    root: &Path,
    templates: &BTreeMap<String, PathBuf>,
) -> Result<BTreeMap<String, String>, Vec<Diagnostic>> {
    let mut sources = BTreeMap::new();
    let mut errors = Vec::new();
    for (name, path) in templates {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                sources.insert(name.clone(), text);
            }
            Err(e) => errors.push(read_error(root, path, &e)),
        }
    }
    if errors.is_empty() { Ok(sources) } else { Err(errors) }
}

fn compile(
    root: &Path,
    layers: &[String],
    templates: &BTreeMap<String, PathBuf>,
    sources: &BTreeMap<String, String>,
) -> Result<Tera, Vec<Diagnostic>> {
    let mut tera = Tera::new();
    tera.set_escape_fn(escape_html);
    tera.register_filter("date", date);
    tera.register_filter("css_string", css_string);
    tera.register_function("t", crate::theme_strings::t);
    let prefixes = fallback_prefixes(layers);
    let compiled = tera
        .set_fallback_prefixes(prefixes.clone())
        .and_then(|()| tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))));
    compiled.map_err(|e| {
        if let tera::ErrorKind::CircularInclude { include_chain, .. } = e.kind()
            && let [.., from, to] = include_chain.as_slice()
        {
            return vec![include_loop(root, include_chain, (from, to), templates, sources, &prefixes)];
        }
        let at = TemplateError::from(&e);
        let path = at.name.and_then(|n| templates.get(n)).map_or_else(|| PathBuf::from(THEMES_DIR), |p| p.clone());
        let path = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or(path);
        let source = at.name.and_then(|n| sources.get(n)).map_or("", String::as_str);
        vec![
            Diagnostic::error(path, at.line, at.column, format!("template error: {}", at.message))
                .with_source(source)
                .with_help("fix the template syntax at this position; see docs/themes.md"),
        ]
    })?;
    Ok(tera)
}

/// The prefixes tera tries a template name with when no template has it as
/// it is, highest priority first. A component (say clinic's `review`) is in
/// `components.html` and again under every qualified name of that file; tera
/// keeps the one of the highest priority and calls two of the same priority
/// a clash. Plain names come first, then `theme/`, then the layers from the
/// top down.
fn fallback_prefixes(layers: &[String]) -> Vec<String> {
    let mut prefixes = vec!["theme/".to_string()];
    prefixes.extend(layers.iter().rev().map(|layer| format!("{layer}/")));
    prefixes
}

/// Templates that include each other in a loop (`chain`: the names from the
/// first back to it), reported at the `{% include %}` of `to` in `from` that
/// closes the loop.
fn include_loop(
    root: &Path,
    chain: &[String],
    (from, to): (&str, &str),
    templates: &BTreeMap<String, PathBuf>,
    sources: &BTreeMap<String, String>,
    prefixes: &[String],
) -> Diagnostic {
    let source = sources.get(from).map_or("", String::as_str);
    let offset = crate::template_loops::include_tag(source, to, prefixes).unwrap_or(0);
    let (line, column) = crate::diagnostic::line_col(source, offset);
    let path = templates.get(from).map_or_else(|| PathBuf::from(from), |p| p.clone());
    let path = path.strip_prefix(root).map(Path::to_path_buf).unwrap_or(path);
    // The chain may lead into the loop from a template outside it.
    let in_loop = &chain[chain.iter().position(|n| n == to).unwrap_or(0)..];
    let message = if in_loop.len() == 2 {
        format!("template error: `{from}` includes itself, so it would never end")
    } else {
        format!("template error: these templates include each other in a loop: {}", in_loop.join(" → "))
    };
    Diagnostic::error(path, line, column, message)
        .with_source(source)
        .with_help(format!("remove this `{{% include %}}` of `{to}`, or move what both need into a partial of its own"))
}

/// gloss's escaping, whatever tera's own would be (its `fast` feature leaves
/// `'` as it is): `& < > " '`, which can end an attribute or start markup,
/// and not `/`, so URLs stay readable.
///
/// Every string a template prints goes through here, so it copies each run
/// of bytes that need no escaping in one write rather than byte by byte.
/// The five are ASCII, so their byte positions are char boundaries.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut safe_from = 0;
    for (i, byte) in input.bytes().enumerate() {
        let entity: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&input.as_bytes()[safe_from..i])?;
        out.write_all(entity)?;
        safe_from = i + 1;
    }
    out.write_all(&input.as_bytes()[safe_from..])
}

/// The `date` filter: a `YYYY-MM-DD` date (as gloss gives every date) or an
/// RFC 3339 date and time, written with a chrono `format` (`%Y-%m-%d` when
/// none is given): `{{ d | date(format="%B %-d, %Y") }}` is `March 2, 2024`.
/// `%B` and `%b` are the month names of the page's language, from its theme
/// strings (`month_names`, `month_abbreviations`), where the page has them.
fn date(value: &str, kwargs: tera::Kwargs, state: &tera::State) -> tera::TeraResult<String> {
    use chrono::Datelike;
    use chrono::format::{Item, StrftimeItems};
    let format = kwargs.get::<&str>("format")?.unwrap_or("%Y-%m-%d");
    if StrftimeItems::new(format).any(|item| item == Item::Error) {
        return Err(tera::Error::message(format!("`{format}` is not a date format (chrono's strftime)")));
    }
    let strings: Option<tera::Value> = state.get("strings")?;
    let named = |month0: u32| crate::theme_strings::with_month_names(format, month0 as usize, strings.as_ref());
    let written = match chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        Ok(day) => day.format_with_items(StrftimeItems::new(&named(day.month0()))).to_string(),
        Err(_) => match chrono::DateTime::parse_from_rfc3339(value) {
            Ok(time) => time.format_with_items(StrftimeItems::new(&named(time.month0()))).to_string(),
            Err(_) => return Err(tera::Error::message(format!("`{value}` is not a date: write it as YYYY-MM-DD"))),
        },
    };
    Ok(written)
}

/// The `css_string` filter: the value as a double-quoted CSS string that is
/// safe inside a `<style>` element (output it with `| safe`), e.g. a guide's
/// title as the `content` of a printed page's footer. Quotes, backslashes,
/// `<`, `>`, `&` and control characters are written as CSS hex escapes, so
/// no value can end the string or the element.
fn css_string(value: &str, _: tera::Kwargs, _: &tera::State) -> tera::TeraResult<String> {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        if matches!(c, '"' | '\\' | '<' | '>' | '&') || c.is_control() {
            // The space ends the escape, so a hex digit after it stays text.
            quoted.push_str(&format!("\\{:x} ", u32::from(c)));
        } else {
            quoted.push(c);
        }
    }
    quoted.push('"');
    Ok(quoted)
}

/// Where a tera error is and what it says.
pub(crate) struct TemplateError<'e> {
    /// The template it is in, when tera says.
    pub(crate) name: Option<&'e str>,
    /// 1-based, counted in characters.
    pub(crate) line: usize,
    pub(crate) column: usize,
    /// tera's words, without the source excerpt (the diagnostic shows its own).
    pub(crate) message: String,
}

impl<'e> From<&'e tera::Error> for TemplateError<'e> {
    fn from(e: &'e tera::Error) -> Self {
        use tera::ErrorKind;
        let at = |name: &'e str, message: String| TemplateError { name: Some(name), line: 1, column: 1, message };
        match e.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => TemplateError {
                name: Some(report.filename()),
                line: report.span().start_line,
                column: report.span().start_col + 1,
                message: report.message().to_string(),
            },
            ErrorKind::CircularExtend { tpl, .. } | ErrorKind::CircularInclude { tpl, .. } => at(tpl, e.to_string()),
            ErrorKind::MissingParent { current, .. } => at(current, e.to_string()),
            ErrorKind::Msg(text) => first_report(text).unwrap_or(TemplateError {
                name: None,
                line: 1,
                column: 1,
                message: text.lines().next().unwrap_or(text).to_string(),
            }),
            _ => TemplateError { name: None, line: 1, column: 1, message: e.to_string() },
        }
    }
}

/// The checks tera makes once every template is parsed (an unknown filter,
/// component or included template, a block no parent has) come as their
/// reports in one text: the first one's message and place, from its
/// `error: …` and ` --> name:line:col` lines.
fn first_report(text: &str) -> Option<TemplateError<'_>> {
    let mut lines = text.lines();
    let message = lines.next()?.strip_prefix("error: ")?;
    let (name, line_col) = lines.next()?.trim_start().strip_prefix("--> ")?.rsplit_once(':')?;
    let (name, line) = name.rsplit_once(':')?;
    Some(TemplateError {
        name: Some(name),
        line: line.parse().ok()?,
        column: line_col.parse().ok()?,
        message: message.into(),
    })
}

/// `css/style.css` → `css/style.3fa2c1d0.css`: the name changes whenever the
/// content does, so a CDN may cache the file forever.
fn fingerprinted(logical: &str, bytes: &[u8]) -> String {
    let hash = xxhash_rust::xxh3::xxh3_64(bytes) as u32;
    let (dir, file) = match logical.rsplit_once('/') {
        Some((d, f)) => (format!("{d}/"), f),
        None => (String::new(), logical),
    };
    match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{dir}{stem}.{hash:08x}.{ext}"),
        _ => format!("{dir}{file}.{hash:08x}"),
    }
}

fn missing_theme(root: &Path, name: &str) -> Diagnostic {
    let config = root.join(crate::config::CONFIG_FILE);
    let text = std::fs::read_to_string(&config).unwrap_or_default();
    let line = text.lines().position(|l| l.trim_start().starts_with("theme:")).map_or(1, |i| i + 1);
    let available: Vec<String> = std::fs::read_dir(root.join(THEMES_DIR))
        .map(|dir| {
            dir.filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let help = if available.is_empty() {
        "there is no themes/ folder in this site: copy a theme into themes/ (`gloss init` makes a site with one)"
            .to_string()
    } else {
        format!("themes in this site: {}", available.join(", "))
    };
    Diagnostic::error(crate::config::CONFIG_FILE, line, 1, format!("the theme `{name}` is not in themes/{name}"))
        .with_source(&text)
        .with_help(help)
}

fn read_error(root: &Path, path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path.strip_prefix(root).unwrap_or(path), 1, 1, format!("cannot read: {e}"))
        .with_help("check that the file exists and that you may read it")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_goes_before_the_extension() {
        let a = fingerprinted("css/style.css", b"body{}");
        assert!(a.starts_with("css/style.") && a.ends_with(".css") && a.len() == "css/style.12345678.css".len(), "{a}");
        assert_ne!(a, fingerprinted("css/style.css", b"body{color:red}"));
        assert!(fingerprinted("LICENSE", b"x").starts_with("LICENSE."));
    }

    fn escape(input: &str) -> String {
        let mut out = Vec::new();
        escape_html(input, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_markup_and_quotes_but_not_slashes() {
        assert_eq!(escape(r#"<a href="x/y">'&'</a>"#), "&lt;a href=&quot;x/y&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    /// The escaping done plainly, one char at a time: what [`escape_html`]
    /// must give.
    fn escape_html_reference(input: &str) -> String {
        let mut out = String::new();
        for c in input.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn escaping_runs_keeps_the_edges_and_multibyte_text() {
        for s in ["", "&", "plain", "<<>>", "a&", "&a", "é<ü>ß", "“quoted” 'x' 😀&"] {
            assert_eq!(escape(s), escape_html_reference(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn escaping_matches_the_char_by_char_reference(s in "([a-z /é😀\u{2028}]|[&<>\"']){0,40}") {
            proptest::prop_assert_eq!(escape(&s), escape_html_reference(&s));
        }

        #[test]
        fn escaping_any_text_matches_the_reference(s in proptest::prelude::any::<String>()) {
            proptest::prop_assert_eq!(escape(&s), escape_html_reference(&s));
        }
    }

    #[test]
    fn the_css_string_filter_quotes_text_that_cannot_end_the_string_or_the_style_element() {
        let mut tera = Tera::new();
        tera.register_filter("css_string", css_string);
        tera.add_raw_template("t", "{{ title | css_string | safe }}").unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("title", "Peels & \"acids\" </style>\\\nCafé");
        assert_eq!(tera.render("t", &ctx).unwrap(), r#""Peels \26  \22 acids\22  \3c /style\3e \5c \a Café""#);
    }

    #[test]
    fn the_date_filter_writes_dates_in_words() {
        let mut tera = Tera::new();
        tera.register_filter("date", date);
        tera.add_raw_template("t", r#"{{ "2024-03-02" | date(format="%B %-d, %Y") }} {{ "2024-03-02" | date }}"#)
            .unwrap();
        assert_eq!(tera.render("t", &tera::Context::new()).unwrap(), "March 2, 2024 2024-03-02");
        tera.add_raw_template("time", r#"{{ "2024-03-02T10:05:00+01:00" | date(format="%-d %b %H:%M") }}"#).unwrap();
        assert_eq!(tera.render("time", &tera::Context::new()).unwrap(), "2 Mar 10:05");
        tera.add_raw_template("bad", r#"{{ "2024-3-2x" | date }}"#).unwrap();
        let e = tera.render("bad", &tera::Context::new()).unwrap_err();
        assert!(TemplateError::from(&e).message.contains("is not a date"), "{e}");
    }

    #[test]
    fn reads_the_place_of_tera_errors() {
        let mut tera = Tera::new();
        let e = tera.add_raw_template("base.html", "a\n<p>{{ x </p>").unwrap_err();
        let at = TemplateError::from(&e);
        assert_eq!((at.name, at.line, at.column), (Some("base.html"), 2, 9));
        let e = tera.add_raw_template("page.html", "x\n{{ y | nope }}").unwrap_err();
        let at = TemplateError::from(&e);
        assert_eq!((at.name, at.line, at.column), (Some("page.html"), 2, 8));
        assert!(at.message.contains("nope"), "{}", at.message);
    }
}
