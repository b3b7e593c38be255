//! What the integration tests share: the [`TestSite`] harness (a site in a
//! temp dir, the real `gloss` binary run on it, what the user sees), and the
//! small file helpers it is made of.
#![allow(dead_code)]

mod site_test;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use site_test::*;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site with the shipped `clinic` theme and the given files
/// (`TestSite::empty().files(files)`).
pub fn site(files: &[(&str, &str)]) -> TestSite {
    TestSite::empty().files(files)
}

/// A copy of the shipped site (config, content, themes): `TestSite::shipped()`.
pub fn shipped_site() -> TestSite {
    TestSite::shipped()
}

pub fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `gloss ARGS` in `dir`, as a user would; [`TestSite::run`] is the
/// same with a watchdog and normalised output.
pub fn gloss(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gloss"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", JUDGING_DAY_EPOCH)
        .output()
        .unwrap()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// Every file under `dir`, relative, `/`-separated, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    files.sort();
    files
}
