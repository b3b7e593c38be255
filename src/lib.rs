//! gloss: a static site generator for patient-education guides.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! [`config`] → [`content`] → [`markdown`] → [`site`] → [`render`] → [`output`],
//! with [`theme`] compiling templates for rendering and [`diagnostic`] carrying
//! every problem a stage finds back to the writer.

pub mod checks;
pub mod config;
pub mod content;
pub mod contrast;
pub mod diagnostic;
pub mod frontmatter;
pub mod glossary;
pub mod markdown;
pub mod memo;
pub mod output;
pub mod readability;
pub mod redirects;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod sitemap;
pub mod structured_data;
pub mod theme;

use std::path::Path;

use chrono::NaiveDate;

use diagnostic::Diagnostic;
use output::OutputSet;

/// What a build produced: the rendered files and everything worth telling
/// the writer. The output is only to be written when there are no errors.
#[derive(Debug, Default, Clone)]
pub struct Build {
    pub output: OutputSet,
    pub diagnostics: Vec<Diagnostic>,
    pub guides: usize,
    pub entries: usize,
    /// How every entry reads, for reports.
    pub readability: Vec<checks::EntryReadability>,
    /// The site's `readability.target_grade`.
    pub readability_target: f64,
    /// The site's title, for pages gloss makes outside the theme.
    pub site_title: String,
    /// The theme's static files: logical path → fingerprinted output path.
    pub assets: std::collections::BTreeMap<String, String>,
}

/// How to build: which content, and which day it is (review due dates are
/// judged against it; tests fix it).
#[derive(Debug, Clone, Copy)]
pub struct BuildOptions {
    pub include_drafts: bool,
    pub today: NaiveDate,
}

impl BuildOptions {
    pub fn new(include_drafts: bool) -> Self {
        BuildOptions { include_drafts, today: chrono::Local::now().date_naive() }
    }
}

impl Build {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Loads, models and renders the site at `root` in memory, as of today.
pub fn build_site(root: &Path, include_drafts: bool) -> Build {
    build_site_with(root, BuildOptions::new(include_drafts))
}

/// Loads, models and renders the site at `root` in memory. Each stage runs as
/// far as the input allows, so one run reports every problem it can find.
pub fn build_site_with(root: &Path, options: BuildOptions) -> Build {
    build_site_reusing(root, options, &memo::Memo::off())
}

/// [`build_site_with`], reusing what `memo` kept of earlier builds (the dev
/// server's rebuilds). The result is the same as without it.
pub fn build_site_reusing(root: &Path, options: BuildOptions, memo: &memo::Memo) -> Build {
    let build = run_stages(root, options, memo);
    memo.finish_build();
    build
}

fn run_stages(root: &Path, options: BuildOptions, memo: &memo::Memo) -> Build {
    let include_drafts = options.include_drafts;
    let config = match config::load(root) {
        Ok(config) => config,
        Err(diagnostics) => return finish(root, Build { diagnostics, ..Build::default() }),
    };
    let (content, mut diagnostics) = content::load(root, include_drafts, memo);
    let theme = theme::load(root, &config.theme, memo);
    let (site, site_diagnostics) = site::Site::build(config, content);
    diagnostics.extend(site_diagnostics);
    let readability = checks::measure_readability(&site, memo);
    diagnostics.extend(checks::readability_warnings(&site, &readability));
    diagnostics.extend(checks::review_warnings(&site, options.today));
    let config_text = std::fs::read_to_string(root.join(config::CONFIG_FILE)).unwrap_or_default();
    diagnostics.extend(checks::base_url_warning(&site, &config_text));
    let mut build = Build {
        guides: site.guides.len(),
        entries: site.guides.iter().map(|g| g.entries.len()).sum(),
        readability,
        readability_target: site.config.readability.target_grade,
        site_title: site.config.title.clone(),
        ..Build::default()
    };
    match theme {
        Ok(theme) => {
            let (options, option_diagnostics) = theme.options_for(&site.config.theme_options, &config_text);
            diagnostics.extend(option_diagnostics);
            let (output, render_diagnostics) = render::render(&site, &theme, &options, memo);
            diagnostics.extend(render_diagnostics);
            build.output = output;
            build.assets = theme.asset_paths;
        }
        Err(theme_diagnostics) => diagnostics.extend(theme_diagnostics),
    }
    build.diagnostics = diagnostics;
    finish(root, build)
}

fn finish(root: &Path, mut build: Build) -> Build {
    build.diagnostics = std::mem::take(&mut build.diagnostics).into_iter().map(|d| d.relative_to(root)).collect();
    build.diagnostics.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    build.diagnostics.dedup();
    build
}
