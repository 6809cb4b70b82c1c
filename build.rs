//! Build script: records the git commit the binary is built from in `TIES_COMMIT_HASH`, for
//! `ties --version`. Never fails the build: no git, no commit, the version says "unknown".

#[path = "build/commit.rs"]
mod commit;

use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=build/commit.rs");
    println!("cargo::rerun-if-env-changed=TIES_BUILD_COMMIT");
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    // PROFILE is "release" for release and every profile inheriting it (dist). Debug builds skip
    // git: watching HEAD would rebuild the whole crate and its tests after every commit.
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    let env = std::env::var("TIES_BUILD_COMMIT").ok();
    // Only files that exist: cargo reruns the script on every build for a missing one.
    if let Some(found) = commit::find(&dir, env.as_deref(), release) {
        for path in &found.watch {
            println!("cargo::rerun-if-changed={}", path.display());
        }
        println!("cargo::rustc-env=TIES_COMMIT_HASH={}", found.hash);
    }
}
