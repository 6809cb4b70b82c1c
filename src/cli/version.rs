//! The text of `ties -V` and `ties --version`: the version, the commit the binary was built
//! from (recorded by build.rs when known) and the cache format, so a bug report says what ran.

use std::sync::OnceLock;

/// The commit recorded at build time, if any (see build/commit.rs for where it comes from).
pub const COMMIT: Option<&str> = option_env!("TIES_COMMIT_HASH");

/// `ties -V`: `0.1.0 (47508b5c1a2b)`, or the bare version when the commit is unknown.
pub fn short() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| match COMMIT {
        Some(hash) => format!("{} ({hash})", env!("CARGO_PKG_VERSION")),
        None => env!("CARGO_PKG_VERSION").to_string(),
    })
}

/// `ties --version`: one fact a line after the version.
pub fn long() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let commit = match COMMIT {
            Some(hash) => hash.to_string(),
            None if cfg!(debug_assertions) => "unknown (debug builds do not ask git)".to_string(),
            None => "unknown (built without git; set TIES_BUILD_COMMIT when building)".to_string(),
        };
        let build = if cfg!(debug_assertions) { "debug" } else { "release" };
        format!(
            "{}\ncommit: {commit}\nbuild: {build}, {}\ncache format: {}",
            env!("CARGO_PKG_VERSION"),
            std::env::consts::ARCH.to_string() + "-" + std::env::consts::OS,
            crate::store::cache_format()
        )
    })
}
