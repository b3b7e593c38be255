//! Screenshots held against committed baselines in `tests/screenshots/`, the
//! way insta holds text against snapshots: a shot that differs beyond a
//! small tolerance (or has no baseline) fails and leaves `<name>.new.png`
//! and `<name>.diff.png` beside the baseline; `GLOSS_ACCEPT_SCREENSHOTS=1`
//! makes the new shots the baselines instead.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ImageEncoder, Rgb, RgbImage};

/// A pixel differs when one of its channels moves by more than this (of
/// 255): anti-aliasing jitter stays under it, a changed colour does not.
const CHANNEL_TOLERANCE: u8 = 6;

/// A shot matches while at most this share of its pixels differ: room for
/// a few glyph edges, none for a moved block, a changed colour or a word.
const DIFFERING_PIXELS_ALLOWED: f64 = 0.0005;

/// The variable that makes the new shots the baselines.
pub const ACCEPT_VARIABLE: &str = "GLOSS_ACCEPT_SCREENSHOTS";

/// The folder of committed baselines.
pub fn baseline_dir() -> PathBuf {
    super::repo_root().join("tests/screenshots")
}

/// Compares the PNG `shot` with the baseline `<name>.png`. Returns `None`
/// when it matches (or was accepted), else what differs, naming the files
/// written for a person to look at.
pub fn check(name: &str, shot: &[u8]) -> Option<String> {
    let shot = image::load_from_memory(shot).unwrap_or_else(|e| panic!("{name}: the browser's PNG: {e}")).to_rgb8();
    let paths = Paths::new(name);
    let _ = std::fs::remove_file(&paths.new);
    let _ = std::fs::remove_file(&paths.diff);
    if accepting() {
        if baseline(&paths.baseline).is_none_or(|old| difference(&old, &shot).is_some()) {
            write_png(&paths.baseline, &shot);
        }
        return None;
    }
    let problem = match baseline(&paths.baseline) {
        None => "has no baseline".to_string(),
        Some(old) => {
            let problem = difference(&old, &shot)?;
            if old.dimensions() == shot.dimensions() {
                write_png(&paths.diff, &diff_image(&old, &shot));
            }
            problem
        }
    };
    write_png(&paths.new, &shot);
    Some(format!("{name}: {problem}; see {}{}", paths.new.display(), diff_note(&paths.diff)))
}

fn diff_note(diff: &Path) -> String {
    if diff.is_file() { format!(" and {}", diff.display()) } else { String::new() }
}

/// What to tell the person when shots differ.
pub fn help() -> String {
    format!(
        "help: look at the .new.png and .diff.png files; if the new look is meant, \
         accept it with `{ACCEPT_VARIABLE}=1 cargo test --release --test screenshots` and commit tests/screenshots/"
    )
}

fn accepting() -> bool {
    std::env::var(ACCEPT_VARIABLE).is_ok_and(|v| v == "1")
}

struct Paths {
    baseline: PathBuf,
    new: PathBuf,
    diff: PathBuf,
}

impl Paths {
    fn new(name: &str) -> Paths {
        let dir = baseline_dir();
        Paths {
            baseline: dir.join(format!("{name}.png")),
            new: dir.join(format!("{name}.new.png")),
            diff: dir.join(format!("{name}.diff.png")),
        }
    }
}

fn baseline(path: &Path) -> Option<RgbImage> {
    Some(image::open(path).ok()?.to_rgb8())
}

/// Why `new` does not match `old`, or `None` when it does.
fn difference(old: &RgbImage, new: &RgbImage) -> Option<String> {
    if old.dimensions() != new.dimensions() {
        return Some(format!("is {:?} pixels, its baseline {:?}", new.dimensions(), old.dimensions()));
    }
    let differing = old.pixels().zip(new.pixels()).filter(|(a, b)| pixels_differ(a, b)).count();
    let share = differing as f64 / (old.width() * old.height()) as f64;
    (share > DIFFERING_PIXELS_ALLOWED)
        .then(|| format!("{differing} pixels ({:.2}%) differ from the baseline", share * 100.0))
}

fn pixels_differ(a: &Rgb<u8>, b: &Rgb<u8>) -> bool {
    a.0.iter().zip(b.0.iter()).any(|(x, y)| x.abs_diff(*y) > CHANNEL_TOLERANCE)
}

/// The baseline faded to a pale grey, with every differing pixel in red.
fn diff_image(old: &RgbImage, new: &RgbImage) -> RgbImage {
    RgbImage::from_fn(old.width(), old.height(), |x, y| {
        let (a, b) = (old.get_pixel(x, y), new.get_pixel(x, y));
        if pixels_differ(a, b) {
            Rgb([230, 0, 0])
        } else {
            let grey = (a.0.iter().map(|&c| u32::from(c)).sum::<u32>() / 3) as u8;
            let pale = 192 + grey / 4;
            Rgb([pale, pale, pale])
        }
    })
}

/// Writes `image` as a PNG compressed hard: the baselines are committed.
fn write_png(path: &Path, image: &RgbImage) {
    let mut bytes = Vec::new();
    PngEncoder::new_with_quality(&mut bytes, CompressionType::Best, FilterType::Adaptive)
        .write_image(image.as_raw(), image.width(), image.height(), image::ExtendedColorType::Rgb8)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
