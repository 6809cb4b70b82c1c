//! Answers that stay small and right on years of notes: a hover card of a contact with 20,000
//! exchanges and 5,000 open follow-ups stays under 4 KB and lists the most urgent first; old
//! overdue follow-ups are stale, summed up once per contact (core, CLI and editor).

mod common;

use common::lsp::Client;
use expect_test::expect;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::Path;
use ties::core::config::Config;
use ties::core::date::{Date, add_days, parse_iso};
use ties::core::features::{card, followups};
use ties::core::{Index, parse};
use ties::lsp::server::{Options, Server};
use tower_lsp_server::LspService;

const EXCHANGES: usize = 20_000;
const STALE_TASKS: usize = 5_000;

fn day(s: &str) -> Date {
    parse_iso(s).unwrap()
}

/// A contact with a long history: one journal note with 20,000 dated sections (one a day from
/// 1970), 5,000 open tasks overdue for years, and three recent ones (overdue within the
/// horizon, upcoming, undated).
fn heavy_vault() -> Vec<(String, String)> {
    let mut journal = String::new();
    let start = day("1970-01-01");
    for i in 0..EXCHANGES {
        let d = add_days(start, i as i64).unwrap();
        let _ = writeln!(journal, "## {d}\nCall with @jane about item {i}.\n");
    }
    let mut tasks = String::new();
    for i in 0..STALE_TASKS {
        let d = add_days(day("2008-01-01"), i as i64).unwrap();
        let _ = writeln!(tasks, "- [ ] ancient {i}: send @jane the report 📅 {d}");
    }
    tasks.push_str("- [ ] someday ask @jane about the book\n");
    tasks.push_str("- [ ] upcoming: lunch with @jane 📅 2026-12-03\n");
    tasks.push_str("- [ ] recent: thank @jane for the intro 📅 2026-11-20\n");
    vec![
        ("people/jane.md".into(), "---\nkind: person\nname: Jane Doe\ncadence: 30d\n---\n".into()),
        ("journal/life.md".into(), journal),
        ("tasks.md".into(), tasks),
        ("journal/2026-11-25.md".into(), "Call with @jane.\n".into()),
    ]
}

#[test]
fn a_card_with_a_limit_lists_the_most_urgent_follow_ups_and_counts_the_rest() {
    let index = Index::build(heavy_vault().iter().map(|(p, t)| parse(p, t)));
    let jane = index.find("jane").unwrap();
    let c = card::card_with(&index, jane, common::today(), &Config::default(), Some(5)).unwrap();
    let follow_ups: Vec<String> = c
        .follow_ups
        .iter()
        .map(|f| format!("{}:{} {} stale={}", f.path, f.line + 1, f.status.describe(), f.stale))
        .collect();
    assert_eq!(
        follow_ups,
        [
            "tasks.md:5003 6 days overdue stale=false",
            "tasks.md:5002 due in 7 days stale=false",
            "tasks.md:5001 no due date stale=false",
            "tasks.md:1 6904 days overdue stale=true",
            "tasks.md:2 6903 days overdue stale=true",
        ]
    );
    assert_eq!((c.follow_up_count, c.stale_count), (STALE_TASKS + 3, STALE_TASKS));
    assert_eq!(c.exchanges.len(), 5);
    assert_eq!(c.exchanges[0].date, day("2026-11-25"));
    assert_eq!(c.exchanges[1].date, add_days(day("1970-01-01"), EXCHANGES as i64 - 1).unwrap());
    assert_eq!(c.exchange_count, EXCHANGES + 1);
    assert_eq!(c.first_date, Some(day("1970-01-01")));
    // The same card without a limit has everything, in the same order.
    let whole = card::card(&index, jane, common::today(), &Config::default()).unwrap();
    assert_eq!(whole.follow_ups.len(), STALE_TASKS + 3);
    assert_eq!(whole.follow_ups[..5], c.follow_ups[..]);
    assert_eq!(whole.exchanges.len(), EXCHANGES + 1);
}

/// A client of a server running in this process, over a pipe, without a cache.
fn in_process(root: &Path) -> Client {
    let (service, socket) = LspService::new(|c| Server::new(c, Options { no_cache: true, ..Options::default() }));
    let (client_side, server_side) = tokio::io::duplex(1 << 16);
    let (sr, sw) = tokio::io::split(server_side);
    tokio::spawn(tower_lsp_server::Server::new(sr, sw, socket).serve(service));
    let (cr, cw) = tokio::io::split(client_side);
    Client::new(cr, cw, root)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hover_card_stays_under_4_kb_whatever_the_history() {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in heavy_vault() {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let mut client = in_process(dir.path());
    client.initialize(false, json!({"today": "2026-11-26"})).await;
    client.wait_indexed().await;
    let uri = client.uri("journal/2026-11-25.md");
    let hover: Value = client
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 12}}))
        .await;
    let md = hover["contents"]["value"].as_str().unwrap_or_else(|| panic!("no hover: {hover}"));
    assert!(md.len() < 4096, "the card is {} bytes:\n{md}", md.len());
    assert!(md.contains(&format!("{} exchanges since 1970-01-01", EXCHANGES + 1)), "{md}");
    let follow_ups: Vec<&str> = md
        .split("**Open follow-ups**")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| !l.starts_with("**"))
        .filter(|l| l.starts_with("- "))
        .collect();
    assert_eq!(follow_ups.len(), 6, "{md}");
    assert!(follow_ups[0].contains("thank @jane for the intro"), "most urgent first: {md}");
    assert!(follow_ups[3].contains("ancient 0:"), "stale ones last: {md}");
    assert!(follow_ups[5].starts_with(&format!("- … and {} more", STALE_TASKS + 3 - 5)), "{md}");
    client.shutdown().await;
}

const STALE_FIXTURE: &str = r#"
//- people/jane.md
---
kind: person
name: Jane Doe
---
//- people/bob.md
---
kind: person
name: Bob Lee
---
//- journal/2020-01-01.md
- [ ] send @jane the deck 📅 2020-02-01
- [ ] ask @jane and @bob for a reference 📅 2019-05-01
- [ ] call @nobody back 📅 2019-06-01
- [ ] call @someone back 📅 2019-06-02
//- journal/2026-11-01.md
- [ ] thank @jane 📅 2026-11-20
- [ ] send @bob the post 📅 2026-05-30
- [ ] send @bob the book 📅 2026-05-29
"#;

#[test]
fn stale_follow_ups_are_one_hint_per_contact() {
    expect![[r#"
        journal/2020-01-01.md:3:1 hint stale-follow-up: 2 follow-ups in this note are overdue by more than 180 days and name no contact: do, tick or delete them
        journal/2020-01-01.md:3:12 hint unknown-contact: no contact named @nobody: create people/nobody.md with `kind: person`, or fix the spelling
        journal/2020-01-01.md:4:12 hint unknown-contact: no contact named @someone: create people/someone.md with `kind: person`, or fix the spelling
        journal/2026-11-01.md:1:1 warning overdue: follow-up with Jane Doe is 6 days overdue (due 2026-11-20)
        journal/2026-11-01.md:2:1 warning overdue: follow-up with Bob Lee is 180 days overdue (due 2026-05-30)
        people/bob.md:3:1 hint stale-follow-up: 2 follow-ups with Bob Lee are overdue by more than 180 days (the oldest due 2019-05-01, journal/2020-01-01.md:2): do, tick or delete them; `ties due` lists them last
        people/jane.md:3:1 hint stale-follow-up: 2 follow-ups with Jane Doe are overdue by more than 180 days (the oldest due 2019-05-01, journal/2020-01-01.md:2): do, tick or delete them; `ties due` lists them last
    "#]]
    .assert_eq(&common::check(STALE_FIXTURE));
    // A longer horizon: nothing is stale, every overdue follow-up is a warning again.
    let patient = Config { stale_after_days: 10_000, ..Config::default() };
    let out = common::check_with(STALE_FIXTURE, &patient);
    assert!(!out.contains("stale-follow-up"), "{out}");
    assert_eq!(out.matches("warning overdue").count(), 7, "{out}");
    // `ties due` order: by due date, the stale ones last.
    let index = common::index(STALE_FIXTURE);
    let due: Vec<String> = followups::all(&index, common::today(), &Config::default())
        .iter()
        .map(|f| format!("{} stale={}", f.due.unwrap().date, f.stale))
        .collect();
    assert_eq!(
        due,
        [
            "2026-05-30 stale=false",
            "2026-11-20 stale=false",
            "2019-05-01 stale=true",
            "2019-06-01 stale=true",
            "2019-06-02 stale=true",
            "2020-02-01 stale=true",
            "2026-05-29 stale=true",
        ]
    );
}

fn ties_cli(vault: &Path, cache: &Path, args: &[&str]) -> (i32, String) {
    let out = assert_cmd::Command::cargo_bin("ties")
        .unwrap()
        .env_remove("TIES_TODAY")
        .env_remove("TIES_LOG")
        .env("TIES_CACHE_DIR", cache)
        .args(["--today", "2026-11-26"])
        .args(args)
        .arg(vault)
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn the_cli_sums_up_stale_follow_ups_and_lists_them_last() {
    let vault = common::write_vault(STALE_FIXTURE);
    let cache = tempfile::tempdir().unwrap();
    let (code, out) = ties_cli(vault.path(), cache.path(), &["check"]);
    assert_eq!(code, 1, "two recent overdue follow-ups are warnings: {out}");
    assert_eq!(out.matches("[stale-follow-up]").count(), 3, "{out}");
    assert_eq!(out.matches("[overdue]").count(), 2, "{out}");
    assert!(out.ends_with("2 warnings, 5 hints in 4 notes (2 contacts), as of 2026-11-26\n"), "{out}");
    let (_, due) = ties_cli(vault.path(), cache.path(), &["due"]);
    let statuses: Vec<&str> =
        due.lines().skip(1).map(|l| if l.contains("stale:") { "stale" } else { "recent" }).collect();
    assert_eq!(statuses, ["recent", "recent", "stale", "stale", "stale", "stale", "stale"], "{due}");
    // The horizon comes from ties.toml.
    std::fs::write(vault.path().join("ties.toml"), "stale_after_days = 10000\n").unwrap();
    let (_, out) = ties_cli(vault.path(), cache.path(), &["check"]);
    assert_eq!(out.matches("[stale-follow-up]").count(), 0, "{out}");
    assert_eq!(out.matches("[overdue]").count(), 7, "{out}");
}
