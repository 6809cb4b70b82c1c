//! The `ties` binary on the demo vault (examples/notes) and on small temporary vaults, with
//! `--today` fixed. Outputs are compared with the snapshots in tests/snapshots/.

use assert_cmd::Command;
use expect_test::expect_file;
use std::path::{Path, PathBuf};

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/notes")
}

/// `ties` run from the repository root, on a throw-away cache, as of 2026-11-26.
fn ties(cache: &Path) -> Command {
    let mut cmd = Command::cargo_bin("ties").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("TIES_TODAY")
        .env_remove("TIES_LOG")
        .env("TIES_CACHE_DIR", cache)
        .args(["--today", "2026-11-26"]);
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn demo_run(args: &[&str]) -> Run {
    let cache = tempfile::tempdir().unwrap();
    run(ties(cache.path()).args(args))
}

#[test]
fn check_lists_the_demo_findings_and_fails_on_warnings() {
    let r = demo_run(&["check", "examples/notes"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    expect_file!["snapshots/check.txt"].assert_eq(&r.stdout);
}

#[test]
fn check_json_has_one_object_per_finding() {
    let r = demo_run(&["check", "examples/notes", "--json"]);
    assert_eq!(r.code, 1);
    let items: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let text = demo_run(&["check", "examples/notes"]).stdout;
    // One line per finding, the summary, and the line counting links to unwritten pages.
    assert_eq!(items.as_array().unwrap().len(), text.lines().count() - 2);
    let first = &items[0];
    for key in ["path", "line", "column", "severity", "code", "message"] {
        assert!(first.get(key).is_some(), "missing {key} in {first}");
    }
}

#[test]
fn contacts_table_sorted_by_last_exchange() {
    let r = demo_run(&["contacts", "examples/notes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    expect_file!["snapshots/contacts.txt"].assert_eq(&r.stdout);
}

#[test]
fn contacts_sort_orders() {
    let names = |sort: &str| -> Vec<String> {
        let r = demo_run(&["contacts", "examples/notes", "--sort", sort, "--json"]);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        v.as_array().unwrap().iter().map(|c| c["handle"].as_str().unwrap().to_string()).collect()
    };
    let by_name = names("name");
    assert_eq!(by_name.first().map(String::as_str), Some("aisha-bello"));
    let by_catchup = names("catchup");
    assert_eq!(by_catchup.first().map(String::as_str), Some("dana-whitfield"), "the coldest first");
    let by_count = names("count");
    assert_eq!(by_count.first().map(String::as_str), Some("hiro-tanaka"));
    let by_due = names("due");
    assert_eq!(by_due.first().map(String::as_str), Some("marcus-lee"), "the most overdue follow-up first");
}

#[test]
fn show_prints_the_card_and_whole_history() {
    let r = demo_run(&["show", "@sam-okafor", "examples/notes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    expect_file!["snapshots/show-sam.txt"].assert_eq(&r.stdout);
    let r = demo_run(&["show", "Northwind Logistics", "examples/notes"]);
    expect_file!["snapshots/show-northwind.txt"].assert_eq(&r.stdout);
}

#[test]
fn show_json_is_the_same_card() {
    let r = demo_run(&["show", "priya-nair", "examples/notes", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["name"], "Priya Nair");
    assert_eq!(v["company"]["name"], "Northwind Logistics");
    assert_eq!(v["last_exchange"]["date"], "2026-11-08");
    assert_eq!(v["catch_up"]["state"], "ok");
    assert_eq!(v["follow_ups"][0]["due"], "2026-12-01");
    assert_eq!(v["exchanges"].as_array().unwrap().len(), v["exchange_count"].as_u64().unwrap() as usize);
}

#[test]
fn show_an_unknown_contact_says_what_to_do() {
    let r = demo_run(&["show", "nobody", "examples/notes"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("no contact `nobody`"), "{}", r.stderr);
    assert!(r.stderr.contains("ties contacts"), "{}", r.stderr);
}

#[test]
fn due_lists_open_follow_ups_overdue_first() {
    let r = demo_run(&["due", "examples/notes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    expect_file!["snapshots/due.txt"].assert_eq(&r.stdout);
    let j = demo_run(&["due", "examples/notes", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    assert_eq!(v[0]["status"], "12 days overdue");
    assert_eq!(v[0]["with"][0]["handle"], "marcus-lee");
}

#[test]
fn search_finds_exchanges_by_words() {
    let r = demo_run(&["search", "referral", "examples/notes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    expect_file!["snapshots/search-referral.txt"].assert_eq(&r.stdout);
    // Also without a cache (an in-memory index).
    let r2 = demo_run(&["search", "referral", "examples/notes", "--no-cache"]);
    assert_eq!(r2.stdout, r.stdout);
}

#[test]
fn index_then_warm_index() {
    let cache = tempfile::tempdir().unwrap();
    let first = run(ties(cache.path()).args(["index", "examples/notes", "--json"]));
    let v: serde_json::Value = serde_json::from_str(&first.stdout).unwrap();
    assert_eq!((v["notes"].as_u64(), v["parsed"].as_u64(), v["cached"].as_u64()), (Some(66), Some(66), Some(0)));
    let second = run(ties(cache.path()).args(["index", "examples/notes"]));
    assert!(second.stdout.starts_with("indexed 66 notes (22 contacts, "), "{}", second.stdout);
    assert!(second.stdout.contains(": 0 parsed, 66 from cache, 0 removed"), "{}", second.stdout);
    assert!(second.stdout.contains(&cache.path().display().to_string()), "names the cache file");
}

#[test]
fn the_vault_is_found_from_a_subfolder() {
    let cache = tempfile::tempdir().unwrap();
    let r = run(ties(cache.path()).current_dir(demo().join("journal")).args(["due"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("../journal/2026-11-10.md:11"), "paths are relative to where we stand:\n{}", r.stdout);
}

#[test]
fn a_clean_vault_exits_zero() {
    let vault = tempfile::tempdir().unwrap();
    std::fs::write(vault.path().join("ties.toml"), "").unwrap();
    std::fs::write(vault.path().join("2026-11-20.md"), "Nothing to see.\n").unwrap();
    let cache = tempfile::tempdir().unwrap();
    let r = run(ties(cache.path()).arg("check").arg(vault.path()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "no findings in 1 note (0 contacts), as of 2026-11-26\n");
}

#[test]
fn hints_alone_do_not_fail_check() {
    let vault = tempfile::tempdir().unwrap();
    std::fs::write(vault.path().join("2026-11-20.md"), "Met @nobody.\n").unwrap();
    let cache = tempfile::tempdir().unwrap();
    let r = run(ties(cache.path()).arg("check").arg(vault.path()));
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("2026-11-20.md:1:5: hint: no contact named @nobody"), "{}", r.stdout);
}

#[test]
fn errors_are_one_line_with_exit_code_2() {
    let vault = tempfile::tempdir().unwrap();
    std::fs::write(vault.path().join("ties.toml"), "[cadence]\ndefault = \"3mo\"\nweak = \"sometimes\"\n").unwrap();
    let cache = tempfile::tempdir().unwrap();
    let r = run(ties(cache.path()).arg("check").arg(vault.path()));
    assert_eq!(r.code, 2);
    let expected = format!(
        "ties: {}: line 3: `sometimes` is not a cadence: write a number and a unit, e.g. \"2w\", \"30d\", \"3mo\", \"1y\"\n",
        vault.path().join("ties.toml").display()
    );
    assert_eq!(r.stderr, expected);

    let r = demo_run(&["check", "examples/notes", "--today", "2026-02-30"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "ties: --today 2026-02-30 is not a date: write it as YYYY-MM-DD, e.g. --today 2026-11-26\n");

    let r = demo_run(&["check", "no/such/folder"]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "ties: no/such/folder: no such folder: give the folder that holds your notes\n");
}

#[test]
fn refuses_the_home_folder_unless_it_holds_ties_toml() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("note.md"), "Hi @someone\n").unwrap();
    let cache = tempfile::tempdir().unwrap();
    let r = run(ties(cache.path()).env("HOME", home.path()).arg("check").arg(home.path()));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("refusing to index it"), "{}", r.stderr);
    assert!(r.stderr.contains("ties.toml"), "says how to override: {}", r.stderr);
    std::fs::write(home.path().join("ties.toml"), "").unwrap();
    let r = run(ties(cache.path()).env("HOME", home.path()).arg("check").arg(home.path()));
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn ignore_files_and_globs_are_honoured() {
    let vault = tempfile::tempdir().unwrap();
    let p = vault.path();
    std::fs::write(p.join("ties.toml"), "ignore = [\"archive/**\"]\n").unwrap();
    for dir in ["archive", "drafts", ".obsidian", "node_modules/pkg", "notes"] {
        std::fs::create_dir_all(p.join(dir)).unwrap();
    }
    std::fs::write(p.join(".ignore"), "drafts/\n").unwrap();
    std::fs::write(p.join(".gitignore"), "*.tmp.md\n").unwrap();
    for f in ["archive/a.md", "drafts/b.md", ".obsidian/c.md", "node_modules/pkg/d.md", "notes/e.tmp.md"] {
        std::fs::write(p.join(f), "@ghost\n").unwrap();
    }
    std::fs::write(p.join("notes/kept.markdown"), "@seen\n").unwrap();
    let cache = tempfile::tempdir().unwrap();
    let r = run(ties(cache.path()).arg("check").arg(p));
    assert!(!r.stdout.contains("ghost"), "{}", r.stdout);
    assert!(r.stdout.contains("@seen"), "{}", r.stdout);
    assert!(r.stdout.ends_with("in 1 note (0 contacts), as of 2026-11-26\n"), "{}", r.stdout);
}
