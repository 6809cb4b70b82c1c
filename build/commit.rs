//! Which git commit a build comes from, for `ties --version`. Used by build.rs and by
//! tests/version.rs; knows nothing of cargo's output protocol (build.rs prints that).
//!
//! Three sources, in order: `TIES_BUILD_COMMIT` (a packager building without git), the
//! `.cargo_vcs_info.json` that `cargo package` writes into a crate tarball, and `git` when the
//! manifest folder is the top of a git work tree (not a folder inside someone else's repository).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Digits of the commit hash shown.
pub const SHORT: usize = 12;

/// A commit and the files whose change means it may have changed (for `rerun-if-changed`).
#[derive(Debug, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    pub watch: Vec<PathBuf>,
}

/// The first `SHORT` digits of a hash, or `None` when `s` is not a hex hash.
pub fn short(s: &str) -> Option<String> {
    let s = s.trim();
    let ok = s.len() >= 7 && s.bytes().all(|b| b.is_ascii_hexdigit());
    ok.then(|| s[..s.len().min(SHORT)].to_ascii_lowercase())
}

/// The commit recorded by `cargo package` in `<dir>/.cargo_vcs_info.json`
/// (`{"git": {"sha1": "..."}, "path_in_vcs": ""}`).
pub fn from_vcs_info(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(".cargo_vcs_info.json")).ok()?;
    let after = &text[text.find("\"sha1\"")? + "\"sha1\"".len()..];
    let after = after.trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    short(&after[..after.find('"')?])
}

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8(out.stdout).ok()?.trim().to_string())
}

/// HEAD of the git work tree whose top is `dir`, with the files to watch: HEAD itself, the
/// branch it points at, and packed-refs (only those that exist).
pub fn from_git(dir: &Path) -> Option<Commit> {
    let top = PathBuf::from(git(dir, &["rev-parse", "--show-toplevel"])?);
    let same = |a: &Path, b: &Path| a.canonicalize().ok().zip(b.canonicalize().ok()).is_some_and(|(a, b)| a == b);
    if !same(&top, dir) {
        return None;
    }
    let hash = short(&git(dir, &["rev-parse", "HEAD"])?)?;
    let mut names = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(branch) = git(dir, &["symbolic-ref", "-q", "HEAD"]) {
        names.push(branch);
    }
    let watch = names
        .iter()
        .filter_map(|name| git(dir, &["rev-parse", "--git-path", name]))
        .map(|p| dir.join(p))
        .filter(|p| p.exists())
        .collect();
    Some(Commit { hash, watch })
}

/// The commit of the source in `dir`. `TIES_BUILD_COMMIT` (passed as `env`) wins; git is asked
/// only when `use_git` (release builds: a debug build would rebuild on every commit).
pub fn find(dir: &Path, env: Option<&str>, use_git: bool) -> Option<Commit> {
    if let Some(hash) = env.and_then(short) {
        return Some(Commit { hash, watch: Vec::new() });
    }
    if let Some(hash) = from_vcs_info(dir) {
        return Some(Commit { hash, watch: vec![dir.join(".cargo_vcs_info.json")] });
    }
    if use_git { from_git(dir) } else { None }
}
