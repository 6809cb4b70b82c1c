//! Vaults as people already keep them: the Obsidian and Logseq fixture vaults
//! (tests/fixtures/{obsidian,logseq}) through the real `ties` binary and its language server.
//! Each rule of docs/syntax.md, "Obsidian, Logseq and Foam vaults", is a case here.

mod common;

use assert_cmd::Command;
use common::copy_dir;
use common::lsp::{Client, position};
use expect_test::{Expect, expect};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use ties::core::date::JournalFormat;
use ties::core::note::{ParseOptions, Target, parse_with};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `ties ARGS` run in tests/fixtures on a throw-away cache, as of 2026-11-26: (exit code, stdout).
fn ties_in(dir: &Path, cache: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("ties")
        .unwrap()
        .current_dir(dir)
        .env_remove("TIES_TODAY")
        .env_remove("TIES_LOG")
        .env("TIES_CACHE_DIR", cache)
        .args(["--today", "2026-11-26"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

fn ties(args: &[&str]) -> (i32, String) {
    let cache = tempfile::tempdir().unwrap();
    ties_in(&fixtures(), cache.path(), args)
}

/// A copy of a fixture vault in a temporary folder, to change it.
fn copy_of(vault: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join(vault), dir.path());
    dir
}

/// Each case: the command, its exit code and output.
fn cases(list: &[(&[&str], i32, Expect)]) {
    for (args, code, expected) in list {
        let (got_code, out) = ties(args);
        expected.assert_eq(&out);
        assert_eq!(got_code, *code, "exit code of ties {args:?}");
    }
}

#[test]
fn obsidian_vault_with_zero_config() {
    cases(&[
        // Quiet: no unknown-contact hint for the unwritten page, the embeds, the attachment, the
        // `%%` comments or the deleted note in .trash/; one summary line counts what was left alone.
        (
            &["check", "obsidian"],
            1,
            expect![[r#"
                obsidian/Daily/20-11-2026.md:19:1: warning: follow-up with Maya Chen is 2 days overdue (due 2026-11-24) [overdue]
                1 warning in 5 notes (2 contacts), as of 2026-11-26
                2 links to unwritten pages left alone (unresolved_links = "contact" in ties.toml reports them)
            "#]],
        ),
        // People/ and Companies/ notes are contacts without `kind:`, named by their file;
        // `kind: note` opts out (Reading list); daily notes are dated by DD-MM-YYYY from
        // .obsidian/daily-notes.json, with trailing words.
        (
            &["contacts", "obsidian", "--sort", "name"],
            0,
            expect![[r#"
                NAME       HANDLE      COMPANY    TIE  LAST EXCHANGE       EXCH  GAVE/ASKED  CATCH-UP  NEXT FOLLOW-UP
                Acme Corp  @acme-corp  -          -    2026-11-25, 1d ago  2     0/1         -         -
                Maya Chen  @maya-chen  Acme Corp  -    2026-11-25, 1d ago  2     1/1         -         2026-11-24 (2d overdue)
            "#]],
        ),
        // A task about an unwritten page (`Read [[Deep Work]]`) is not a follow-up with anyone.
        (
            &["due", "obsidian"],
            0,
            expect![[r#"
                DUE         STATUS          WITH       TASK                                  WHERE
                2026-11-24  2 days overdue  Maya Chen  Send @maya-chen the RFC 📅 2026-11-24  obsidian/Daily/20-11-2026.md:19
            "#]],
        ),
        // `[[Maya Chen|Maya]]`, `[[Maya Chen#Work|...]]`, `[[Maya]]` in a callout and `@maya-chen`
        // all count; `![[Maya Chen]]` (an embed) and `%% @omar %%` do not.
        (
            &["show", "Maya", "obsidian"],
            0,
            expect![[r#"
                Maya Chen (@maya-chen) — Staff engineer at Acme Corp
                obsidian/People/Maya Chen.md
                aliases: Maya · tags: rust

                Last exchange: 2026-11-25 (yesterday) · 2 exchanges since 2026-11-20
                Give and take: gave once, asked once

                Open follow-ups:
                  [2026-11-24 2 days overdue] Send @maya-chen the RFC 📅 2026-11-24 — obsidian/Daily/20-11-2026.md:19

                History (2 exchanges, newest first):
                  2026-11-25  Lunch with @maya-chen, talked about Acme Corp. — obsidian/Daily/25-11-2026 standup.md:1
                  2026-11-20  Coffee with Maya: she asked about Rust in production #asked See her work notes and Acme Corp^intro. [gave] [asked] — obsidian/Daily/20-11-2026.md:3
            "#]],
        ),
    ]);
}

#[test]
fn logseq_vault_with_zero_config() {
    cases(&[
        (
            &["check", "logseq"],
            1,
            expect![[r#"
                logseq/journals/2026_11_22.md:2:1: warning: follow-up with Omar Said is 2 days overdue (due 2026-11-24) [overdue]
                1 warning in 4 notes (2 contacts), as of 2026-11-26
                2 links to unwritten pages left alone (unresolved_links = "contact" in ties.toml reports them)
            "#]],
        ),
        // `type:: person` / `alias::` / `company::` page properties declare contacts; journals
        // are dated by yyyy_MM_dd; DONE is an exchange on its journal's day, CANCELED is neither
        // an exchange nor a follow-up; logseq/bak/ is skipped.
        (
            &["show", "omar", "logseq"],
            0,
            expect![[r#"
                Omar Said (@omar-said) — at Northwind
                logseq/pages/Omar Said.md
                aliases: Omar · tags: recruiter

                Last exchange: 2026-11-22 (4 days ago) · 1 exchange since 2026-11-22
                Give and take: gave never, asked once

                Open follow-ups:
                  [2026-11-24 2 days overdue] TODO follow up with Omar Said SCHEDULED: <2026-11-24 Tue> — logseq/journals/2026_11_22.md:2
                  [2026-12-01 due in 5 days] LATER send Omar the deck DEADLINE: <2026-12-01 Tue> — logseq/journals/2026_11_22.md:4

                History (1 exchange, newest first):
                  2026-11-22  Call with Omar Said about the platform team #asked [asked] — logseq/journals/2026_11_22.md:1
            "#]],
        ),
        (
            &["due", "logseq"],
            0,
            expect![[r#"
                DUE         STATUS          WITH       TASK                                                       WHERE
                2026-11-24  2 days overdue  Omar Said  TODO follow up with Omar Said SCHEDULED: <2026-11-24 Tue>  logseq/journals/2026_11_22.md:2
                2026-12-01  due in 5 days   Omar Said  LATER send Omar the deck DEADLINE: <2026-12-01 Tue>        logseq/journals/2026_11_22.md:4
            "#]],
        ),
    ]);
}

#[test]
fn unresolved_links_can_be_contacts_when_the_vault_says_so() {
    let vault = copy_of("obsidian");
    std::fs::write(vault.path().join("ties.toml"), "unresolved_links = \"contact\"\n").unwrap();
    let cache = tempfile::tempdir().unwrap();
    let (_, out) = ties_in(vault.path(), cache.path(), &["check", "."]);
    expect![[r#"
        Daily/20-11-2026.md:3:49: hint: no contact named [[rust in production]]: create People/rust-in-production.md with `kind: person`, or fix the spelling [unknown-contact]
        Daily/20-11-2026.md:19:1: warning: follow-up with Maya Chen is 2 days overdue (due 2026-11-24) [overdue]
        Daily/25-11-2026 standup.md:3:12: hint: no contact named [[deep work]]: create People/deep-work.md with `kind: person`, or fix the spelling [unknown-contact]
        1 warning, 2 hints in 5 notes (2 contacts), as of 2026-11-26
    "#]]
    .assert_eq(&out);
}

#[test]
fn changing_the_parse_settings_rebuilds_the_cache() {
    let vault = copy_of("obsidian");
    let cache = tempfile::tempdir().unwrap();
    let summary = |out: &str| out.lines().find(|l| l.contains(" notes (")).unwrap_or("").to_string();
    let (_, out) = ties_in(vault.path(), cache.path(), &["check", "."]);
    assert!(summary(&out).ends_with("in 5 notes (2 contacts), as of 2026-11-26"), "{out}");
    // Same files, other folders: the cached facts (which said "contact") must not be reused.
    std::fs::write(vault.path().join("ties.toml"), "people_dir = \"nobody\"\ncompanies_dir = \"none\"\n").unwrap();
    let (_, out) = ties_in(vault.path(), cache.path(), &["check", "."]);
    assert!(summary(&out).ends_with("in 5 notes (0 contacts), as of 2026-11-26"), "{out}");
    // And a journal format that does not match: the notes are undated, so nothing is overdue
    // relative to them, and nothing is an exchange.
    std::fs::write(vault.path().join("ties.toml"), "journal_format = \"YYYY.MM.DD\"\n").unwrap();
    let (_, out) = ties_in(vault.path(), cache.path(), &["contacts", ".", "--sort", "name"]);
    assert!(out.contains("Maya Chen  @maya-chen  Acme Corp  -    never"), "{out}");
}

/// The real `ties lsp` on a copy of a fixture vault, indexed, with `today` fixed.
async fn server_on(vault: &str) -> (Client, tokio::process::Child, tempfile::TempDir, tempfile::TempDir) {
    let dir = copy_of(vault);
    let cache = tempfile::tempdir().unwrap();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_ties"))
        .arg("lsp")
        .env("TIES_CACHE_DIR", cache.path())
        .env_remove("TIES_TODAY")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut client = Client::new(child.stdout.take().unwrap(), child.stdin.take().unwrap(), dir.path());
    client.initialize(true, json!({"today": "2026-11-26"})).await;
    client.wait_indexed().await;
    (client, child, dir, cache)
}

/// `{textDocument, position}` at the first occurrence of `needle` (plus `skip` bytes) in `rel`.
async fn at(client: &mut Client, rel: &str, needle: &str, skip: usize) -> Value {
    let text = std::fs::read_to_string(client.root.join(rel)).unwrap();
    client.open(rel, &text).await;
    let offset = text.find(needle).unwrap_or_else(|| panic!("{needle} not in {rel}")) + skip;
    json!({"textDocument": {"uri": client.uri(rel)}, "position": position(&text, offset, true)})
}

fn diagnostics_text(diags: &[Value]) -> String {
    diags
        .iter()
        .map(|d| {
            format!(
                "{}:{} {} [{}]\n",
                d["range"]["start"]["line"],
                d["range"]["start"]["character"],
                d["message"].as_str().unwrap(),
                d["code"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn actions_text(actions: &Value) -> String {
    actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| format!("{} [{}]\n", a["title"].as_str().unwrap(), a["kind"].as_str().unwrap()))
        .collect()
}

#[tokio::test]
async fn obsidian_vault_in_the_language_server() {
    let (mut c, _child, _dir, _cache) = server_on("obsidian").await;
    let rel = "Daily/20-11-2026.md";
    expect![[r#"
        18:0 follow-up with Maya Chen is 2 days overdue (due 2026-11-24) [overdue]
    "#]]
    .assert_eq(&diagnostics_text(&c.diagnostics(rel).await));
    // A folder contact hovers like any other, through an aliased, sectioned wikilink.
    let pos = at(&mut c, rel, "[[Maya Chen#Work", 4).await;
    let hover = c.request("textDocument/hover", pos).await;
    let shown = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(shown.contains("Maya Chen") && shown.contains("Acme Corp"), "{hover}");
    // Her last exchange is in `25-11-2026 standup.md`, not open: indexed with the vault's format.
    assert!(shown.contains("2026-11-25"), "{hover}");
    // On an unwritten page, creating a contact is offered as a refactor, not a fix.
    let pos = at(&mut c, rel, "[[Rust in production]]", 4).await;
    let params = json!({"textDocument": pos["textDocument"], "range": {"start": pos["position"], "end": pos["position"]}, "context": {"diagnostics": []}});
    expect![[r#"
        Create contact note People/rust-in-production.md [refactor]
    "#]]
    .assert_eq(&actions_text(&c.request("textDocument/codeAction", params).await));
    // Daily notes are dated by the format in .obsidian/daily-notes.json: the last exchange
    // with Maya was in `25-11-2026 standup.md`, a day before today.
    let standup = "Daily/25-11-2026 standup.md";
    let text = std::fs::read_to_string(c.root.join(standup)).unwrap();
    c.open(standup, &text).await;
    let end = position(&text, text.len(), true);
    let hints = c
        .request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": c.uri(standup)}, "range": {"start": {"line": 0, "character": 0}, "end": end}}),
        )
        .await;
    let labels: Vec<String> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| format!("{}:{} {}", h["position"]["line"], h["position"]["character"], h["label"]))
        .collect();
    // After @maya-chen and [[Acme Corp]]; and the due date of the task (any open task's).
    assert_eq!(labels, ["0:21 \"1d\"", "0:49 \"1d\"", "2:40 \"overdue 6d\""], "{hints}");
    // Embeds, attachments and comments are not mentions: nothing to hover.
    for (needle, skip) in [("![[whiteboard.png]]", 4), ("[[org-chart.pdf]]", 4), ("@omar", 2)] {
        let pos = at(&mut c, rel, needle, skip).await;
        let hover = c.request("textDocument/hover", pos).await;
        assert!(hover.is_null(), "{needle}: {hover}");
    }
    c.shutdown().await;
}

#[tokio::test]
async fn logseq_vault_in_the_language_server() {
    let (mut c, _child, _dir, _cache) = server_on("logseq").await;
    let rel = "journals/2026_11_22.md";
    expect![[r#"
        1:0 follow-up with Omar Said is 2 days overdue (due 2026-11-24) [overdue]
    "#]]
    .assert_eq(&diagnostics_text(&c.diagnostics(rel).await));
    // Marking a Logseq task done turns its word into DONE.
    let pos = at(&mut c, rel, "TODO follow up", 0).await;
    let params = json!({"textDocument": pos["textDocument"], "range": {"start": pos["position"], "end": pos["position"]}, "context": {"diagnostics": []}});
    let actions = c.request("textDocument/codeAction", params).await;
    let done = actions.as_array().unwrap().iter().find(|a| a["title"] == "Mark done").expect("Mark done offered");
    let edits = done["edit"]["documentChanges"][0]["edits"].clone();
    assert_eq!(edits[0]["newText"], "DONE", "{edits}");
    assert_eq!(edits[0]["range"]["start"], json!({"line": 1, "character": 2}), "{edits}");
    c.shutdown().await;
}

#[test]
fn init_says_what_it_found_and_writes_a_commented_ties_toml_once() {
    let (code, out) = ties(&["init", "logseq", "--dry-run"]);
    assert_eq!(code, 0);
    let (found, file) = out.split_once("\nWould write logseq/ties.toml:\n\n").expect(&out);
    expect![[r#"
        Logseq graph at logseq: 4 notes
          people folder:    none found (ties would use people/)
          companies folder: none found (ties would use companies/)
          daily notes:      journals/, named YYYY_MM_DD (from logseq/config.edn)
          would be contacts: 1 person and 1 company; 2 notes dated by name or `date:`
    "#]]
    .assert_eq(found);
    assert!(file.contains("journal_dir = \"journals\"\njournal_format = \"YYYY_MM_DD\"\n"), "{file}");
    assert!(file.contains("# people_dir = \"people\"\n"), "{file}");
    assert!(!fixtures().join("logseq/ties.toml").exists(), "--dry-run writes nothing");

    let vault = copy_of("obsidian");
    let cache = tempfile::tempdir().unwrap();
    let (_, before) = ties_in(vault.path(), cache.path(), &["check", "."]);
    let (code, out) = ties_in(vault.path(), cache.path(), &["init", "."]);
    assert_eq!(code, 0, "{out}");
    expect![[r#"
        Obsidian vault at .: 5 notes
          people folder:    People/
          companies folder: Companies/
          daily notes:      Daily/, named DD-MM-YYYY (from .obsidian/daily-notes.json)
          would be contacts: 1 person and 1 company; 2 notes dated by name or `date:`
        Wrote ./ties.toml: run `ties check` to see what needs your attention
    "#]]
    .assert_eq(&out);
    let written = std::fs::read_to_string(vault.path().join("ties.toml")).unwrap();
    let parsed = ties::config::parse(&written).expect("ties init writes a valid ties.toml");
    assert_eq!(parsed.core.people_dir, "People");
    assert_eq!(parsed.core.journal_format.map(|f| f.to_moment()).as_deref(), Some("DD-MM-YYYY"));
    // The settings it wrote give the answers the vault gave without them.
    let (_, after) = ties_in(vault.path(), cache.path(), &["check", "."]);
    assert_eq!(before, after);
    // Never overwrites.
    std::fs::write(vault.path().join("ties.toml"), "# mine\n").unwrap();
    let (code, _) = ties_in(vault.path(), cache.path(), &["init", "."]);
    assert_eq!(code, 2, "an error");
    assert_eq!(std::fs::read_to_string(vault.path().join("ties.toml")).unwrap(), "# mine\n");
}

#[test]
fn init_recognizes_foam_and_plain_folders() {
    let cache = tempfile::tempdir().unwrap();
    for (marker, app) in [(Some(".foam/templates"), "Foam workspace"), (None, "Markdown folder")] {
        let dir = tempfile::tempdir().unwrap();
        if let Some(m) = marker {
            std::fs::create_dir_all(dir.path().join(m)).unwrap();
        }
        std::fs::create_dir_all(dir.path().join("Contacts")).unwrap();
        std::fs::write(dir.path().join("Contacts/Ann Lee.md"), "Ann.\n").unwrap();
        std::fs::write(dir.path().join("20261120 retro.md"), "Retro with [[Ann Lee]].\n").unwrap();
        let (code, out) = ties_in(dir.path(), cache.path(), &["init", ".", "--dry-run"]);
        assert_eq!(code, 0);
        assert!(out.starts_with(&format!("{app} at .: 2 notes\n  people folder:    Contacts/\n")), "{out}");
        assert!(out.contains("would be contacts: 1 person and 0 companies; 1 note dated"), "{out}");
        assert!(out.contains("\npeople_dir = \"Contacts\"\n"), "{out}");
    }
}

/// The facts of one note as compact text: date, contact, mentions, tasks, problems.
fn facts(path: &str, text: &str, options: &ParseOptions) -> String {
    let f = parse_with(path, text, options);
    let mut out = format!("date {}\n", f.date.map_or("none".to_string(), |d| d.to_string()));
    if let Some(c) = &f.contact {
        out += &format!(
            "contact {:?} {:?} @{} aliases {:?} company {:?}\n",
            c.kind, c.name, c.handle, c.aliases, c.company
        );
    }
    let at = |s: ties::core::text::Span| {
        let (l, c) = f.lines.line_col(s.start, ties::core::text::Encoding::Chars);
        format!("{}:{}", l + 1, c + 1)
    };
    for m in &f.mentions {
        let key = match &m.target {
            Target::Key(k) => k.clone(),
            Target::Path(p) => format!("path:{p}"),
        };
        out += &format!("mention {} {key} {:?}\n", at(m.span), &text[m.target_span.range()]);
    }
    for t in &f.tasks {
        let state = if t.canceled {
            "canceled"
        } else if t.done {
            "done"
        } else {
            "open"
        };
        let due = t.due.map_or(String::new(), |d| format!(" due {}", d.date));
        out += &format!("task {} {:?} {state}{due}\n", at(t.span), &text[t.marker.range()]);
    }
    for p in &f.problems {
        out += &format!("problem {} {}\n", at(p.span), p.message);
    }
    out
}

/// Parser rules as data: (path, note text, facts).
#[test]
fn each_rule_as_data() {
    let defaults = ParseOptions::default();
    let dd_mm = ParseOptions { journal_format: Some(JournalFormat::moment("DD-MM-YYYY").unwrap()), ..defaults.clone() };
    let cases: &[(&str, &str, &ParseOptions, Expect)] = &[
        // A note in the people folder (any case) is a person named by its file.
        (
            "People/Maya Chen.md",
            "---\naliases: [Maya]\ncompany: \"[[Acme Corp]]\"\n---\nNotes.\n",
            &defaults,
            expect![[r#"
                date none
                contact Person "Maya Chen" @maya-chen aliases ["Maya"] company Some("[[Acme Corp]]")
            "#]],
        ),
        (
            "people/sub/Jo.md",
            "No front matter at all.\n",
            &defaults,
            expect![[r#"
            date none
            contact Person "Jo" @jo aliases [] company None
        "#]],
        ),
        (
            "COMPANIES/Acme.md",
            "",
            &defaults,
            expect![[r#"
            date none
            contact Company "Acme" @acme aliases [] company None
        "#]],
        ),
        // `kind:` wins anywhere; `kind: note` opts out.
        ("People/List.md", "---\nkind: note\n---\n", &defaults, expect!["date none\n"]),
        (
            "People/Acme.md",
            "---\nkind: company\n---\n",
            &defaults,
            expect![[r#"
            date none
            contact Company "Acme" @acme aliases [] company None
        "#]],
        ),
        ("peoplex/Jo.md", "", &defaults, expect!["date none\n"]),
        // Daily-note dates from file names, and from the journal format.
        ("j/2026_11_22.md", "", &defaults, expect!["date 2026-11-22\n"]),
        ("j/2026.11.22 retro.md", "", &defaults, expect!["date 2026-11-22\n"]),
        ("j/20261122-standup.md", "", &defaults, expect!["date 2026-11-22\n"]),
        ("j/22-11-2026.md", "", &defaults, expect!["date none\n"]),
        ("Daily/22-11-2026 standup.md", "", &dd_mm, expect!["date 2026-11-22\n"]),
        ("Daily/2026-11-22.md", "", &dd_mm, expect!["date 2026-11-22\n"]),
        // `%%` comments, inline and over lines, are not read; in code they are text.
        (
            "n.md",
            "Ask %% @omar about salary %% @maya\n%%\n@lena [[Lena]]\n%%\n```\n%% @code %%\n```\n@after\n",
            &defaults,
            expect![[r#"
                date none
                mention 1:30 maya "maya"
                mention 8:1 after "after"
            "#]],
        ),
        // Embeds and attachments are never mentions; headings and blocks name the page.
        (
            "n.md",
            "![[Maya Chen]] ![[x.png]] [[report.PDF]] [[board.canvas]] [[Maya Chen#Work|Maya]] [[Acme^ab12]] [[node.js]]\n",
            &defaults,
            expect![[r#"
                date none
                mention 1:59 maya chen "Maya Chen"
                mention 1:83 acme "Acme"
                mention 1:97 node.js "node.js"
            "#]],
        ),
        // Callouts are prose.
        (
            "n.md",
            "> [!note] Follow up\n> Send @maya the post\n",
            &defaults,
            expect![[r#"
            date none
            mention 2:8 maya "maya"
        "#]],
        ),
        // Logseq task markers, SCHEDULED and DEADLINE.
        (
            "journals/2026_11_22.md",
            "- TODO ask [[Omar]]\n  SCHEDULED: <2026-11-24 Tue>\n- LATER a\n- NOW b\n- DOING c\n- DONE d [[Omar]]\n- CANCELED e [[Omar]]\n- TODOS are not markers\n- [ ] TODO box\n  DEADLINE: <2026-12-01 Tue>\n",
            &defaults,
            expect![[r#"
                date 2026-11-22
                mention 1:12 omar "Omar"
                mention 6:10 omar "Omar"
                mention 7:14 omar "Omar"
                task 1:1 "TODO" open due 2026-11-24
                task 3:1 "LATER" open
                task 4:1 "NOW" open
                task 5:1 "DOING" open
                task 6:1 "DONE" done
                task 7:1 "CANCELED" canceled
                task 9:1 "[ ]" open due 2026-12-01
            "#]],
        ),
        // Logseq page properties declare a contact; `type::` stands for `kind::`.
        (
            "pages/Omar Said.md",
            "type:: [[person]]\nalias:: Omar, [[O. Said]]\ncompany:: [[Northwind]]\n\n- Met @priya there.\n",
            &defaults,
            expect![[r#"
                date none
                contact Person "Omar Said" @omar-said aliases ["Omar", "O. Said"] company Some("[[Northwind]]")
                mention 1:8 person "person"
                mention 2:15 o. said "O. Said"
                mention 3:11 northwind "Northwind"
                mention 5:7 priya "priya"
            "#]],
        ),
    ];
    for (path, text, options, expected) in cases {
        expected.assert_eq(&facts(path, text, options));
    }
}

#[test]
fn foam_wikilinks_with_link_reference_definitions() {
    // Foam writes link reference definitions under each note; they are not mentions of their own.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".foam")).unwrap();
    std::fs::create_dir_all(dir.path().join("people")).unwrap();
    std::fs::write(dir.path().join("people/ann-lee.md"), "# Ann Lee\n").unwrap();
    std::fs::write(
        dir.path().join("2026-11-20.md"),
        "Met [[ann-lee]] about [[unwritten]].\n\n[//begin]: # \"Autogenerated link references\"\n\
         [ann-lee]: people/ann-lee.md \"Ann Lee\"\n[unwritten]: unwritten \"unwritten\"\n\
         [//end]: # \"Autogenerated link references\"\n",
    )
    .unwrap();
    let cache = tempfile::tempdir().unwrap();
    let (code, out) = ties_in(dir.path(), cache.path(), &["show", "ann-lee", "."]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("History (1 exchange, newest first):\n  2026-11-20  Met ann-lee about unwritten."), "{out}");
    let (_, out) = ties_in(dir.path(), cache.path(), &["check", "."]);
    expect![[r#"
        no findings in 2 notes (1 contact), as of 2026-11-26
        1 link to an unwritten page left alone (unresolved_links = "contact" in ties.toml reports them)
    "#]]
    .assert_eq(&out);
}
