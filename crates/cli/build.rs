//! Points `PLAYGROUND_DIST` at the built app (`dist/` at the workspace root) so it can be
//! embedded; when the app is not built yet, at an empty directory so the crate still builds.
//! `dist/` is created (empty) when missing: cargo watches it and rebuilds once trunk fills it.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let dist = manifest.join("../../dist");
    // Cargo reruns a build script forever when a watched path is missing, so make it exist.
    let _ = std::fs::create_dir_all(&dist);
    println!("cargo:rerun-if-changed={}", dist.display());
    println!("cargo:rerun-if-env-changed=PLAYGROUND_DIST");
    let chosen = if dist.join("index.html").is_file() {
        dist
    } else {
        let empty = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("empty-dist");
        if let Err(e) = std::fs::create_dir_all(&empty) {
            println!("cargo:warning=could not create {}: {e}", empty.display());
        }
        empty
    };
    let chosen = chosen.canonicalize().unwrap_or(chosen);
    println!("cargo:rustc-env=PLAYGROUND_DIST={}", chosen.display());
}
