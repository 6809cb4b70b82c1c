//! Hostile input: whatever bytes a vault holds, ties answers, never crashes, and every
//! position stays right. Each test is named after what it throws at ties.

mod common;

use assert_cmd::Command;
use std::path::Path;
use std::time::{Duration, Instant};
use ties::core::note::{ProblemKind, parse};
use ties::core::text::Encoding;

fn check(vault: &Path) -> (i32, String, String) {
    let cache = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("ties")
        .unwrap()
        .env("TIES_CACHE_DIR", cache.path())
        .args(["--today", "2026-11-26", "check"])
        .arg(vault)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn invalid_utf8_is_read_with_replacement_and_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("2026-11-20.md"), b"Met @ann \xff\xfe today.\n").unwrap();
    let (code, out, err) = check(dir.path());
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("2026-11-20.md:1:1: warning: this note is not valid UTF-8"), "{out}");
    assert!(out.contains("no contact named @ann"), "the rest of the note is still read: {out}");
}

#[test]
fn a_binary_file_named_md_is_skipped_with_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR @ann".to_vec();
    bytes.extend(std::iter::repeat_n(0u8, 4096));
    std::fs::write(dir.path().join("image.md"), bytes).unwrap();
    let (code, out, _) = check(dir.path());
    assert_eq!(code, 1);
    assert!(out.contains("image.md:1:1: warning: this looks like a binary file"), "{out}");
    assert!(!out.contains("@ann"), "nothing inside it is read: {out}");
}

#[test]
fn a_note_larger_than_the_limit_is_cut_with_a_finding() {
    let mut text = String::from("Met @ann.\n");
    let line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, with @bob in it.\n";
    while text.len() < 9 * 1024 * 1024 {
        text.push_str(line);
    }
    text.push_str("At the very end: @zed.\n");
    let started = Instant::now();
    let facts = parse("big.md", &text);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(facts.problems.iter().any(|p| p.kind == ProblemKind::File && p.message.contains("only its first 8 MB")));
    assert!(facts.mentions.iter().all(|m| (m.span.end as usize) <= 8 * 1024 * 1024));
    assert!(!facts.mentions.iter().any(|m| &text[m.span.range()] == "@zed"), "past the limit nothing is read");
}

#[test]
fn deep_nesting_long_lines_and_long_lists_parse() {
    let cases = [
        ("1000-deep blockquote", format!("{} @ann deep\n", ">".repeat(1000))),
        ("1000-deep list", (0..1000).map(|i| format!("{}- @ann {i}\n", "  ".repeat(i))).collect()),
        ("10,000-line list", (0..10_000).map(|i| format!("- [ ] item {i} with @ann 📅 2026-12-01\n")).collect()),
        ("1 MB line", format!("{} @ann\n", "word ".repeat(200_000))),
        ("10,000-character handle", format!("@{}\n", "a".repeat(10_000))),
    ];
    for (what, text) in cases {
        let started = Instant::now();
        let facts = parse("n.md", &text);
        assert!(started.elapsed() < Duration::from_secs(5), "{what} took {:?}", started.elapsed());
        assert!(!facts.mentions.is_empty(), "{what}: mentions are still found");
    }
}

#[test]
fn yaml_bombs_and_deep_yaml_are_rejected_quickly() {
    let bomb = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\nkind: person\n---\n@ann\n";
    let deep = format!("---\nkind: person\nx: {}{}\n---\n", "[".repeat(5000), "]".repeat(5000));
    for (what, text) in [("billion laughs", bomb.to_string()), ("5000-deep YAML", deep)] {
        let started = Instant::now();
        let facts = parse("people/x.md", &text);
        assert!(started.elapsed() < Duration::from_secs(2), "{what} took {:?}", started.elapsed());
        assert!(facts.problems.iter().any(|p| p.kind == ProblemKind::FrontMatter), "{what}: {:?}", facts.problems);
        assert!(facts.contact.is_none(), "{what}: no contact from rejected front matter");
    }
}

#[test]
fn impossible_and_huge_dates_are_findings() {
    let facts = parse("n.md", "- [ ] ask @ann due:99999-01-01\n- [ ] ask @bob 📅 2026-02-30\n## 10000-01-01\n");
    let dates: Vec<&str> =
        facts.problems.iter().filter(|p| p.kind == ProblemKind::InvalidDate).map(|p| p.message.as_str()).collect();
    assert_eq!(dates.len(), 2, "{dates:?}");
    assert!(facts.tasks.iter().all(|t| t.due.is_none()));
}

/// CRLF, lone CR, right-to-left and combining characters: lines and columns stay right.
#[test]
fn line_endings_and_scripts_keep_positions_right() {
    for (text, line, col_utf16) in [
        ("first\r\nsecond @ann\r\n", 1, 7),
        ("first\rsecond @ann\r", 1, 7),
        ("שלום עולם @ann\n", 0, 10),
        ("e\u{301}e\u{301} @ann\n", 0, 5),
        ("👩‍👩‍👧 @ann\n", 0, 9),
    ] {
        let facts = parse("n.md", text);
        let m = facts.mentions.first().unwrap_or_else(|| panic!("no mention in {text:?}"));
        assert_eq!(&text[m.span.range()], "@ann", "{text:?}");
        assert_eq!(facts.lines.line_col(m.span.start, Encoding::Utf16), (line, col_utf16), "{text:?}");
        let back = facts.lines.offset(line, col_utf16, Encoding::Utf16);
        assert_eq!(back, m.span.start, "{text:?}");
    }
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed_out_of_the_vault_or_in_loops() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "@outsider\n").unwrap();
    let vault = tempfile::tempdir().unwrap();
    std::fs::write(vault.path().join("2026-11-20.md"), "Met @ann.\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), vault.path().join("escape")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), vault.path().join("secret-link.md")).unwrap();
    std::fs::create_dir(vault.path().join("loop")).unwrap();
    std::os::unix::fs::symlink(vault.path().join("loop"), vault.path().join("loop/again")).unwrap();
    let (_, out, err) = check(vault.path());
    assert!(out.contains("@ann"), "{out}{err}");
    assert!(!out.contains("outsider"), "followed a link out of the vault: {out}");
}

#[test]
fn many_files_that_are_not_notes_are_cheap_to_skip() {
    let vault = tempfile::tempdir().unwrap();
    for i in 0..20_000 {
        std::fs::write(vault.path().join(format!("data-{i}.json")), "{}").unwrap();
    }
    std::fs::write(vault.path().join("2026-11-20.md"), "Met @ann.\n").unwrap();
    let started = Instant::now();
    let (_, out, _) = check(vault.path());
    assert!(out.contains("in 1 note"), "{out}");
    assert!(started.elapsed() < Duration::from_secs(20));
}

/// Mentions built to escape: every file a quick fix would create stays in the people folder
/// with a safe name.
#[test]
fn create_contact_never_leaves_the_vault() {
    use ties::core::config::Config;
    use ties::core::features::actions::{Change, create_contact};
    use ties::core::note::MentionForm;
    let index = ties::core::Index::new();
    let hostile_dir = Config { people_dir: "../../etc/".into(), ..Config::default() };
    for key in ["../../etc/passwd", "..", "con", "a/b\\c:d", "nul.txt", "\0x", ".hidden", "-", &"x".repeat(300)] {
        for config in [&Config::default(), &hostile_dir] {
            let Change::Create { path, .. } = create_contact(&index, config, key, MentionForm::Bracket) else {
                panic!()
            };
            assert!(!path.contains(".."), "{key:?} -> {path}");
            assert!(!path.starts_with('/'), "{key:?} -> {path}");
            assert!(path.starts_with("people/") || path.starts_with("etc/"), "{key:?} -> {path}");
            let name = path.rsplit('/').next().unwrap();
            assert!(name.ends_with(".md") && name.len() > 3 && name.len() <= 90, "{key:?} -> {path}");
            assert!(!name.starts_with('.') && !name.starts_with('-'), "{key:?} -> {path}");
            assert!(name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.')), "{key:?} -> {path}");
            let stem = name.trim_end_matches(".md");
            assert!(!["con", "nul", "prn", "aux"].contains(&stem.split('.').next().unwrap()), "{key:?} -> {path}");
        }
    }
}

/// A cache folder that cannot be created (here: a path under a regular file) leaves ties
/// working without a cache, with a warning, and the same answers.
#[test]
fn an_unusable_cache_folder_falls_back_to_no_cache() {
    let vault = tempfile::tempdir().unwrap();
    std::fs::write(vault.path().join("2026-11-20.md"), "Met @ann.\n").unwrap();
    let blocker = tempfile::NamedTempFile::new().unwrap();
    let out = Command::cargo_bin("ties")
        .unwrap()
        .env("TIES_CACHE_DIR", blocker.path().join("cache"))
        .args(["--today", "2026-11-26", "check"])
        .arg(vault.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("no contact named @ann"), "{stdout}");
    assert!(stderr.contains("working without a cache"), "{stderr}");
}

/// The committed hostile vault (tests/fixtures/hostile): the CLI reads all of it.
#[test]
fn the_hostile_vault_through_the_cli() {
    let vault = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let (code, out, err) = check(&vault);
    assert_eq!(code, 1, "{err}");
    let root = format!("{}/", vault.display());
    expect_test::expect_file!["snapshots/hostile-check.txt"].assert_eq(&out.replace(&root, ""));
}

/// `ties index` killed at random moments while it writes a fresh cache: the next run accepts
/// or discards that cache, and its answers are the same as without a cache.
#[test]
fn killed_during_a_cache_write_leaves_no_wrong_answers() {
    let vault = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(vault.path().join("people")).unwrap();
    std::fs::create_dir_all(vault.path().join("journal")).unwrap();
    for i in 0..300 {
        std::fs::write(vault.path().join(format!("people/p{i}.md")), "---\nkind: person\ncadence: 2w\n---\n").unwrap();
    }
    for i in 0..3000 {
        let text = format!(
            "## 2026-{:02}-{:02}\nCoffee with @p{} and @p{}.\n- [ ] call @p{} due:2026-11-{:02}\n",
            1 + i % 11,
            1 + i % 28,
            i % 300,
            (i * 7) % 300,
            (i * 13) % 300,
            1 + i % 28
        );
        std::fs::write(vault.path().join(format!("journal/n{i}.md")), text).unwrap();
    }
    let run = |cache: &Path, no_cache: bool| {
        let mut cmd = Command::cargo_bin("ties").unwrap();
        cmd.env("TIES_CACHE_DIR", cache).args(["--today", "2026-11-26"]);
        if no_cache {
            cmd.arg("--no-cache");
        }
        let out = cmd.arg("check").arg(vault.path()).arg("--json").output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let cache = tempfile::tempdir().unwrap();
    let expected = run(cache.path(), true);
    assert!(expected.len() > 1000);
    for delay_ms in [20, 60, 120, 250] {
        let cache = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ties"))
            .env("TIES_CACHE_DIR", cache.path())
            .arg("index")
            .arg(vault.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(run(cache.path(), false), expected, "killed after {delay_ms} ms");
        assert_eq!(run(cache.path(), false), expected, "second start after a kill at {delay_ms} ms");
    }
}

/// Found by tests/props.rs: a task item whose first block (a setext heading) starts after the
/// `[ ]`, so the line's first `[` opens a wikilink whose third byte is inside `é`. The marker
/// must end on a character boundary (slicing it panicked).
#[test]
fn a_task_marker_never_ends_inside_a_character() {
    let text = "- [ ] [[é漢🦀\r\n    ---\n";
    let facts = parse("notes/a.md", text);
    assert_eq!(facts.tasks.len(), 1);
    for task in &facts.tasks {
        let (s, e) = (task.marker.start as usize, task.marker.end as usize);
        assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "{:?}", task.marker);
    }
}
