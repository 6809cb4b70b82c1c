//! What installing ties gives a user beyond the binary: shell completions (bash loads them and
//! completes subcommands, flags and values), the man pages, and a `--version` that says which
//! commit and cache format ran. The build script's commit lookup is tested on throw-away repos.

#[path = "../build/commit.rs"]
#[allow(dead_code)]
mod commit;

use assert_cmd::Command;
use std::path::Path;
use std::process::Command as Process;

fn ties() -> Command {
    let mut cmd = Command::cargo_bin("ties").unwrap();
    cmd.env_remove("TIES_TODAY").env_remove("TIES_LOG");
    cmd
}

fn stdout_of(args: &[&str]) -> String {
    let out = ties().args(args).output().unwrap();
    assert!(out.status.success(), "ties {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Loads the bash script the way bash-completion does and asks it to complete `line` (the
/// cursor at its end): the candidates bash would offer, one per line.
fn bash_complete(script: &Path, line: &str) -> Vec<String> {
    let driver = r#"
        source "$1" || exit 3
        # The function `complete -p ties` registered: `complete -F _ties ... ties`.
        spec=$(complete -p ties) || exit 4
        fn=$(sed -E 's/.*-F ([^ ]+).*/\1/' <<<"$spec")
        read -r -a COMP_WORDS <<<"$2"
        # A trailing space means the cursor starts a new, empty word.
        if [[ "$2" == *" " ]]; then COMP_WORDS+=(""); fi
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMP_LINE="$2"
        COMP_POINT=${#COMP_LINE}
        "$fn" ties "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf '%s\n' "${COMPREPLY[@]}"
    "#;
    let out = Process::new("bash")
        .args(["--norc", "--noprofile", "-c", driver, "driver"])
        .arg(script)
        .arg(line)
        .output()
        .unwrap();
    assert!(out.status.success(), "bash completion of {line:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().filter(|l| !l.is_empty()).map(str::to_string).collect()
}

#[test]
fn bash_completion_script_loads_and_completes_subcommands_flags_and_values() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("ties.bash");
    std::fs::write(&script, stdout_of(&["completions", "bash"])).unwrap();

    let syntax = Process::new("bash").arg("-n").arg(&script).output().unwrap();
    assert!(syntax.status.success(), "bash -n: {}", String::from_utf8_lossy(&syntax.stderr));

    assert_eq!(bash_complete(&script, "ties ch"), ["check"]);
    let co = bash_complete(&script, "ties co");
    assert!(co.contains(&"contacts".to_string()) && co.contains(&"completions".to_string()), "{co:?}");
    assert!(!co.contains(&"check".to_string()), "{co:?}");
    assert_eq!(bash_complete(&script, "ties contacts --so"), ["--sort"]);
    let mut sorts = bash_complete(&script, "ties contacts --sort ");
    sorts.sort();
    assert_eq!(sorts, ["catchup", "count", "due", "last", "name"]);
    // A positional value: the shells, offered beside the global flags.
    let mut shells: Vec<String> =
        bash_complete(&script, "ties completions ").into_iter().filter(|w| !w.starts_with('-')).collect();
    shells.sort();
    assert_eq!(shells, ["bash", "elvish", "fish", "powershell", "zsh"]);
}

#[test]
fn every_shell_gets_a_script_naming_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        for word in ["check", "contacts", "lsp", "completions", "man"] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
    }
    let out = ties().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values: bash"));
}

#[test]
fn man_prints_a_roff_page_and_writes_one_per_subcommand() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH ties 1"), "{page}");
    assert!(page.contains("completions") && page.contains("contacts"), "{page}");

    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("man1");
    let out = ties().args(["man", "--out-dir"]).arg(&out_dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "pages go to files, not stdout");
    for name in ["ties.1", "ties-check.1", "ties-contacts.1", "ties-lsp.1", "ties-completions.1"] {
        let text = std::fs::read_to_string(out_dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(text.contains(".TH"), "{name} is not a man page");
    }
}

#[test]
fn version_says_version_commit_and_cache_format() {
    let long = stdout_of(&["--version"]);
    let mut lines = long.lines();
    assert_eq!(lines.next(), Some(concat!("ties ", env!("CARGO_PKG_VERSION"))));
    let commit = lines.next().unwrap();
    // Tests build with the debug profile, which does not ask git (build.rs), unless a commit is
    // given in TIES_BUILD_COMMIT.
    match option_env!("TIES_COMMIT_HASH") {
        Some(hash) => assert_eq!(commit, format!("commit: {hash}")),
        None => assert!(commit.starts_with("commit: unknown ("), "{commit}"),
    }
    assert!(lines.next().unwrap().starts_with("build: "), "{long}");
    let format = lines.next().unwrap();
    assert!(format.starts_with(concat!("cache format: ties ", env!("CARGO_PKG_VERSION"), " facts v")), "{format}");
    assert!(format.contains(", schema "), "{format}");

    let short = stdout_of(&["-V"]);
    assert!(short.starts_with(concat!("ties ", env!("CARGO_PKG_VERSION"))), "{short}");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Process::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
fn the_build_commit_comes_from_git_at_the_top_of_a_clone_only() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("ties");
    std::fs::create_dir_all(repo.join("sub")).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["commit", "-q", "--allow-empty", "-m", "first"]);
    let head = git(&repo, &["rev-parse", "HEAD"]);

    let found = commit::from_git(&repo).expect("a commit at the top of a clone");
    assert_eq!(found.hash, head[..commit::SHORT]);
    assert!(found.watch.iter().any(|p| p.ends_with("HEAD")), "{:?}", found.watch);
    assert!(found.watch.iter().any(|p| p.ends_with("refs/heads/main")), "{:?}", found.watch);

    // A folder inside someone else's repository (a crate unpacked under a git home) is not ours.
    assert_eq!(commit::from_git(&repo.join("sub")), None);
    // Debug builds do not ask git.
    assert_eq!(commit::find(&repo, None, false), None);
    assert_eq!(commit::find(&repo, None, true).map(|c| c.hash), Some(head[..12].to_string()));
    // A fresh repository with no commit yet: unknown, not an error.
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    git(&empty, &["init", "-q"]);
    assert_eq!(commit::from_git(&empty), None);
}

#[test]
fn the_build_commit_of_a_crate_tarball_comes_from_cargo_vcs_info() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(commit::find(dir.path(), None, true), None);
    std::fs::write(
        dir.path().join(".cargo_vcs_info.json"),
        "{\n  \"git\": {\n    \"sha1\": \"47508B5C1A2B3C4D5E6F708192A3B4C5D6E7F809\"\n  },\n  \"path_in_vcs\": \"\"\n}",
    )
    .unwrap();
    let found = commit::find(dir.path(), None, false).unwrap();
    assert_eq!(found.hash, "47508b5c1a2b");
    assert_eq!(found.watch, [dir.path().join(".cargo_vcs_info.json")]);
    // A packager's TIES_BUILD_COMMIT wins; a value that is not a hash is ignored.
    assert_eq!(commit::find(dir.path(), Some("0123456789abcdef"), false).unwrap().hash, "0123456789ab");
    assert_eq!(commit::find(dir.path(), Some("not a hash"), false).unwrap().hash, "47508b5c1a2b");
}
