//! `gloss init` embeds `content/` and `themes/clinic/` with `include_dir!`.
//! The compiler notices when an embedded file changes, but not when a file is
//! added to or removed from those folders: these lines make cargo rebuild then
//! too (cargo scans each folder named here for changes).

fn main() {
    println!("cargo:rerun-if-changed=content");
    println!("cargo:rerun-if-changed=themes/clinic");
}
