//! `ties mcp` driven over stdio by rmcp's own client: the handshake, the lists, every tool on the
//! demo vault with expected answers as data, paging, bad arguments, writes (refused without
//! `--allow-writes`, made with it, refused when the note changed under them), the file watcher,
//! and a second, independent client (the Python `mcp` SDK) when TIES_PYTHON_MCP names its python.

mod common;
use common::copy_dir;

use rmcp::model::{CallToolRequestParams, GetPromptRequestParams, ReadResourceRequestParams};
use rmcp::service::RunningService;
use rmcp::transport::TokioChildProcess;
use rmcp::{RoleClient, ServiceExt};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

type Client = RunningService<RoleClient, ()>;

const TODAY: &str = "2026-11-26";

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/notes")
}

async fn start(dir: &Path, flags: &[&str]) -> Client {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_ties"));
    cmd.env_remove("TIES_TODAY").env("TIES_LOG", "ties=warn").args(["--today", TODAY, "--no-cache", "mcp"]).arg(dir);
    cmd.args(flags);
    let transport = TokioChildProcess::new(cmd).expect("ties starts");
    ().serve(transport).await.expect("the MCP handshake completes")
}

/// Calls a tool: Ok(structured answer) or Err(the tool error's text).
async fn call(client: &Client, tool: &str, args: Value) -> Result<Value, String> {
    let Value::Object(args) = args else { panic!("arguments are an object") };
    let params = CallToolRequestParams::new(tool.to_string()).with_arguments(args);
    let result = client.call_tool(params).await.unwrap_or_else(|e| panic!("{tool}: protocol error {e}"));
    let text: String = result.content.iter().filter_map(|c| c.as_text()).map(|t| t.text.clone()).collect();
    if result.is_error == Some(true) {
        return Err(text);
    }
    let value = result.structured_content.expect("structured content");
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value, "the text block repeats the JSON");
    Ok(value)
}

fn handles(v: &Value) -> Vec<String> {
    v["items"].as_array().unwrap().iter().map(|i| i["handle"].as_str().unwrap().to_string()).collect()
}

fn pick(v: &Value, pointer: &str) -> Value {
    if let Some(rest) = pointer.strip_suffix("/*handle") {
        let list = v.pointer(rest).and_then(Value::as_array).unwrap_or_else(|| panic!("no list at {rest} in {v}"));
        return list.iter().map(|i| i["handle"].clone()).collect();
    }
    v.pointer(pointer).cloned().unwrap_or_else(|| panic!("nothing at {pointer} in {v}"))
}

#[tokio::test]
async fn lists_tools_prompts_and_resources() {
    let client = start(&demo(), &[]).await;
    let info = client.peer_info().expect("server info");
    assert_eq!(info.server_info.as_ref().map(|i| i.name.as_str()), Some("ties"));
    let tools: Vec<String> = client.list_all_tools().await.unwrap().into_iter().map(|t| t.name.to_string()).collect();
    assert_eq!(
        tools,
        [
            "find_contacts",
            "get_contact",
            "list_follow_ups",
            "contact_history",
            "search_notes",
            "who_at",
            "intro_paths",
            "weekly_plan",
            "log_exchange",
            "add_follow_up",
            "complete_follow_up"
        ]
    );
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for name in tools.iter().map(String::as_str).chain(["meeting_prep", "follow_up_drafts", "ties://contact/{handle}"])
    {
        assert!(readme.contains(&format!("`{name}")), "README does not document {name}");
    }
    let all = client.list_all_tools().await.unwrap();
    let get = all.iter().find(|t| t.name == "get_contact").unwrap();
    assert_eq!(get.input_schema["required"], json!(["handle"]), "{:?}", get.input_schema);
    for t in all.iter().filter(|t| t.name == "intro_paths" || t.name == "weekly_plan") {
        assert!(!t.description.as_deref().unwrap().contains("not available"), "{t:?}");
    }
    let prompts: Vec<String> = client.list_all_prompts().await.unwrap().into_iter().map(|p| p.name).collect();
    assert_eq!(prompts, ["meeting_prep", "follow_up_drafts"]);
    let templates = client.list_all_resource_templates().await.unwrap();
    assert_eq!(templates[0].uri_template, "ties://contact/{handle}");
    let resources = client.list_all_resources().await.unwrap();
    assert_eq!(resources.len(), 22, "one resource per contact");
    assert!(resources.iter().any(|r| r.uri == "ties://contact/priya-nair"));
    let card = client.read_resource(ReadResourceRequestParams::new("ties://contact/priya-nair")).await.unwrap();
    let text = serde_json::to_value(&card.contents[0]).unwrap()["text"].as_str().unwrap().to_string();
    assert!(text.starts_with("**Priya Nair** `@priya-nair` · Staff Engineer at Northwind Logistics"), "{text}");
    assert!(text.contains("Keep in touch every 30d: ok until 2026-12-08"), "{text}");
    let missing = client.read_resource(ReadResourceRequestParams::new("ties://contact/nobody")).await;
    assert!(missing.is_err(), "an unknown contact is no resource");
    let prep = client
        .get_prompt(
            GetPromptRequestParams::new("meeting_prep")
                .with_arguments(serde_json::from_value(json!({"handle": "priya-nair"})).unwrap()),
        )
        .await
        .unwrap();
    let prep = serde_json::to_string(&prep.messages).unwrap();
    assert!(prep.contains("I am meeting Priya Nair soon") && prep.contains("idempotency keys"), "{prep}");
    let drafts = client
        .get_prompt(
            GetPromptRequestParams::new("follow_up_drafts")
                .with_arguments(serde_json::from_value(json!({"days": "3"})).unwrap()),
        )
        .await
        .unwrap();
    let drafts = serde_json::to_string(&drafts.messages).unwrap();
    assert!(drafts.contains("12 days overdue") && drafts.contains("journal/2026-11-10.md:11"), "{drafts}");
    assert!(!drafts.contains("2026-12-01"), "due in 5 days is past the 3 days asked for: {drafts}");
    client.cancel().await.unwrap();
}

/// (tool, arguments, JSON pointer into the answer, expected value). `/items/*handle` collects
/// the handles of a list.
fn read_cases() -> Vec<(&'static str, Value, &'static str, Value)> {
    vec![
        (
            "find_contacts",
            json!({"query": "northwind"}),
            "/items/*handle",
            json!(["marcus-lee", "priya-nair", "northwind-logistics"]),
        ),
        ("find_contacts", json!({"query": "recruit"}), "/items/0/handle", json!("maria-gonzalez")),
        ("find_contacts", json!({"query": "Priya N."}), "/items/0/handle", json!("priya-nair")),
        ("find_contacts", json!({"query": "zzzz"}), "/total", json!(0)),
        ("get_contact", json!({"handle": "@priya-nair"}), "/company/handle", json!("northwind-logistics")),
        (
            "get_contact",
            json!({"handle": "Priya N."}),
            "/catch_up",
            json!({"state": "ok", "date": "2026-12-08", "cadence": "30d", "days_since_last": 18, "rank": -0.4}),
        ),
        ("get_contact", json!({"handle": "priya-nair"}), "/exchange_count", json!(5)),
        ("get_contact", json!({"handle": "priya-nair", "history": 2}), "/exchanges/1/date", json!("2026-11-07")),
        (
            "get_contact",
            json!({"handle": "priya-nair"}),
            "/follow_ups/0",
            json!({
            "path": "journal/2026-11-25.md", "line": 5, "due": "2026-12-01", "status": "due in 5 days", "overdue_days": null, "stale": false,
            "text": "Follow up with @priya-nair once the onsite panel is confirmed due:2026-12-01",
            "with": [{"handle": "priya-nair", "name": "Priya Nair", "known": true}]}),
        ),
        (
            "get_contact",
            json!({"handle": "northwind-logistics"}),
            "/people/*handle",
            json!(["marcus-lee", "priya-nair"]),
        ),
        ("list_follow_ups", json!({"status": "overdue", "limit": 2}), "/items/0/path", json!("journal/2026-11-10.md")),
        ("list_follow_ups", json!({"status": "overdue", "limit": 2}), "/items/1/with/0/handle", json!("sam-okafor")),
        ("list_follow_ups", json!({"status": "today"}), "/items/0/with/0/handle", json!("felix-wagner")),
        ("list_follow_ups", json!({"status": "today"}), "/total", json!(1)),
        ("list_follow_ups", json!({"status": "upcoming", "within_days": 5}), "/items/0/due", json!("2026-12-01")),
        ("list_follow_ups", json!({"status": "upcoming", "within_days": 4}), "/total", json!(0)),
        (
            "contact_history",
            json!({"handle": "priya-nair", "before": "2026-10-01"}),
            "/items",
            json!([
            {"date": "2026-09-08", "path": "meetings/coffee-with-priya.md", "line": 7, "summary": "Met Priya near the Northwind office.", "gave": true, "asked": false},
            {"date": "2026-08-04", "path": "journal/2026-08-04.md", "line": 5, "summary": "@[Priya Nair] (Northwind) on idempotency keys in their dispatch service. Best talk of the night; she showed the actual incident graph.", "gave": false, "asked": false}]),
        ),
        ("contact_history", json!({"handle": "priya-nair", "limit": 1}), "/next_cursor", json!("1")),
        ("search_notes", json!({"text": "idempotency keys"}), "/items/0/handle", json!("priya-nair")),
        ("search_notes", json!({"text": "idempotency keys"}), "/items/0/date", json!("2026-08-04")),
        ("who_at", json!({"company": "Northwind Logistics"}), "/items/*handle", json!(["marcus-lee", "priya-nair"])),
        ("who_at", json!({"company": "northwind-logistics"}), "/company/name", json!("Northwind Logistics")),
        // The JSON of `ties intro --json` and `ties plan --json` (docs/commands.md), with vault paths.
        ("intro_paths", json!({"company": "Northwind Logistics"}), "/total_paths", json!(4)),
        ("intro_paths", json!({"company": "northwind-logistics"}), "/paths/3/first/handle", json!("aisha-bello")),
        ("intro_paths", json!({"company": "northwind-logistics"}), "/paths/2/kind", json!("second-degree")),
        ("intro_paths", json!({"company": "northwind-logistics", "limit": 1}), "/next_cursor", json!("1")),
        (
            "intro_paths",
            json!({"company": "northwind-logistics", "limit": 2, "cursor": "2"}),
            "/paths/0/rank",
            json!(3),
        ),
        (
            "intro_paths",
            json!({"company": "northwind-logistics", "limit": 1}),
            "/paths/0/hops/1",
            json!({"from": "priya-nair", "to": "northwind-logistics", "kind": "works-at", "path": "people/priya-nair.md", "line": 5, "date": null, "count": 1}),
        ),
        ("weekly_plan", json!({"limit": 3}), "/items/*handle", json!(["marcus-lee", "sam-okafor", "felix-wagner"])),
        ("weekly_plan", json!({"limit": 3}), "/items/0/path", json!("journal/2026-11-10.md")),
        ("weekly_plan", json!({"limit": 3}), "/items/0/line", json!(11)),
        ("weekly_plan", json!({"days": 3}), "/until", json!("2026-11-29")),
    ]
}

#[tokio::test]
async fn every_read_tool_answers_the_demo_vault() {
    let client = start(&demo(), &[]).await;
    let mut failures = Vec::new();
    for (tool, args, pointer, expected) in read_cases() {
        match call(&client, tool, args.clone()).await {
            Ok(answer) => {
                let got = pick(&answer, pointer);
                if got != expected {
                    failures.push(format!("{tool} {args} {pointer}:\n  expected {expected}\n  got      {got}"));
                }
            }
            Err(e) => failures.push(format!("{tool} {args}: tool error {e}")),
        }
    }
    client.cancel().await.unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn pages_cover_every_contact_once_and_are_capped() {
    let client = start(&demo(), &[]).await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut args = json!({"limit": 5});
        if let Some(c) = &cursor {
            args["cursor"] = json!(c);
        }
        let page = call(&client, "find_contacts", args).await.unwrap();
        assert_eq!(page["total"], json!(22));
        assert!(page["items"].as_array().unwrap().len() <= 5);
        seen.extend(handles(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (22, 22), "{seen:?}");
    let default = call(&client, "list_follow_ups", json!({})).await.unwrap();
    assert!(default["items"].as_array().unwrap().len() <= 20);
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn bad_arguments_are_tool_errors_that_say_what_to_send() {
    let client = start(&demo(), &[]).await;
    let cases = [
        ("get_contact", json!({}), "missing field `handle`"),
        ("get_contact", json!({"handle": "nobody-at-all"}), "send a handle from find_contacts"),
        ("get_contact", json!({"handle": "a\nb"}), "control character"),
        ("get_contact", json!({"handle": "x".repeat(5000)}), "longer than 300"),
        ("get_contact", json!({"handle": "priya-nair", "history": 500}), "history 500 is over the cap of 50"),
        ("find_contacts", json!({"limit": 1000}), "cap of 100"),
        ("find_contacts", json!({"limit": 0}), "send a limit from 1 to 100"),
        ("find_contacts", json!({"cursor": "zzz"}), "send the next_cursor"),
        ("find_contacts", json!({"bogus": 1}), "unknown field `bogus`"),
        ("find_contacts", json!({"query": 42}), "bad arguments for find_contacts"),
        ("contact_history", json!({"handle": "priya-nair", "before": "last week"}), "send YYYY-MM-DD"),
        ("list_follow_ups", json!({"status": "soon"}), "unknown variant `soon`"),
        ("list_follow_ups", json!({"within_days": 99999}), "send 0 to 3650"),
        ("who_at", json!({"company": "priya-nair"}), "is a person (Priya Nair), not a company"),
        ("intro_paths", json!({"company": "priya-nair"}), "is Priya Nair, a person: give a company"),
        ("intro_paths", json!({"company": "nowhere-inc"}), "no company `nowhere-inc`"),
        ("intro_paths", json!({"company": "northwind-logistics", "limit": 0}), "send a limit from 1 to 100"),
        ("weekly_plan", json!({"days": 400}), "days 400 is over the cap of 366"),
        ("weekly_plan", json!({"weeks": 1}), "unknown field `weeks`"),
        ("log_exchange", json!({"handle": "priya-nair", "text": "Coffee"}), "writes are off"),
        ("add_follow_up", json!({"handle": "priya-nair", "text": "Call"}), "--allow-writes"),
        ("complete_follow_up", json!({"path": "journal/2026-11-25.md", "line": 5}), "writes are off"),
    ];
    let mut failures = Vec::new();
    for (tool, args, expected) in cases {
        match call(&client, tool, args.clone()).await {
            Err(msg) if msg.contains(expected) => {}
            other => failures.push(format!("{tool} {args}: expected an error with `{expected}`, got {other:?}")),
        }
    }
    let unknown = client.call_tool(CallToolRequestParams::new("drop_tables")).await;
    assert!(unknown.is_err(), "an unknown tool is a protocol error");
    client.cancel().await.unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn logs_go_to_the_log_file_and_stdout_stays_the_protocol() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("mcp.log");
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_ties"));
    cmd.env_remove("TIES_TODAY").env_remove("TIES_LOG").args(["--today", TODAY, "--no-cache", "mcp"]);
    cmd.arg(demo()).arg("--log-file").arg(&log);
    let client = ().serve(TokioChildProcess::new(cmd).unwrap()).await.expect("handshake");
    let err = call(&client, "get_contact", json!({"handle": "nobody-at-all"})).await.unwrap_err();
    assert!(err.contains("no contact"));
    client.cancel().await.unwrap();
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("serving") && text.contains("66 notes, 22 contacts"), "{text}");
    assert!(text.contains("get_contact: no contact `nobody-at-all`"), "{text}");
}

fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&demo(), dir.path());
    dir
}

#[tokio::test]
async fn writes_land_through_write_rs_and_show_the_exact_edit() {
    let vault = demo_copy();
    let root = vault.path();
    let client = start(root, &["--allow-writes", "--no-watch"]).await;
    let logged = call(&client, "log_exchange", json!({"handle": "Priya N.", "text": "Coffee near the office"})).await;
    assert_eq!(
        logged.unwrap(),
        json!({"path": "journal/2026-11-26.md", "created": true,
               "edit": "create journal/2026-11-26.md\n  + # 2026-11-26\n  + \n  + - @priya-nair: Coffee near the office\n"})
    );
    assert_eq!(
        std::fs::read_to_string(root.join("journal/2026-11-26.md")).unwrap(),
        "# 2026-11-26\n\n- @priya-nair: Coffee near the office\n"
    );
    // The index follows the write at once.
    let card = call(&client, "get_contact", json!({"handle": "priya-nair"})).await.unwrap();
    assert_eq!((card["exchange_count"].clone(), card["exchanges"][0]["date"].clone()), (json!(6), json!(TODAY)));

    let added = call(
        &client,
        "add_follow_up",
        json!({"handle": "priya-nair", "text": "Send the article", "due": "2026-12-03"}),
    );
    assert_eq!(
        added.await.unwrap()["edit"],
        json!("update journal/2026-11-26.md\n  @@ line 4\n  + - [ ] @priya-nair: Send the article due:2026-12-03\n")
    );
    let done = call(&client, "complete_follow_up", json!({"path": "journal/2026-11-25.md", "line": 5})).await.unwrap();
    let line = "Follow up with @priya-nair once the onsite panel is confirmed due:2026-12-01";
    assert_eq!(
        done["edit"],
        json!(format!("update journal/2026-11-25.md\n  @@ line 5\n  - - [ ] {line}\n  + - [x] {line} ✅ {TODAY}\n"))
    );
    let open = call(&client, "list_follow_ups", json!({"status": "upcoming", "within_days": 30})).await.unwrap();
    let places: Vec<String> =
        open["items"].as_array().unwrap().iter().map(|f| format!("{}:{}", f["path"], f["line"])).collect();
    assert!(places.contains(&"\"journal/2026-11-26.md\":4".to_string()), "the new one is there: {places:?}");
    assert!(!places.contains(&"\"journal/2026-11-25.md\":5".to_string()), "the done one is gone: {places:?}");

    let again = call(&client, "complete_follow_up", json!({"path": "journal/2026-11-25.md", "line": 5})).await;
    assert!(again.unwrap_err().contains("already done"));
    for (args, expected) in [
        (json!({"path": "../outside.md", "line": 1}), "inside the vault"),
        (json!({"path": "/etc/passwd", "line": 1}), "inside the vault"),
        (json!({"path": "journal/2026-11-25.md", "line": 1}), "holds no task"),
        (json!({"path": "journal/2026-11-25.md", "line": 999}), "has no line 999"),
        (json!({"path": "journal/nowhere.md", "line": 1}), "no note `journal/nowhere.md`"),
    ] {
        let err = call(&client, "complete_follow_up", args.clone()).await.unwrap_err();
        assert!(err.contains(expected), "{args}: {err}");
    }
    let bad = call(&client, "log_exchange", json!({"handle": "priya-nair", "text": "two\nlines"})).await;
    assert!(bad.unwrap_err().contains("single line"));
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn a_note_changed_under_a_write_is_refused_then_the_retry_works() {
    let vault = demo_copy();
    let note = vault.path().join("journal/2026-11-24.md");
    let client = start(vault.path(), &["--allow-writes", "--no-watch"]).await;
    let mut text = std::fs::read_to_string(&note).unwrap();
    text.push_str("\nEdited in another editor.\n");
    std::fs::write(&note, &text).unwrap();
    let args = json!({"path": "journal/2026-11-24.md", "line": 3});
    let refused = call(&client, "complete_follow_up", args.clone()).await.unwrap_err();
    assert!(refused.contains("journal/2026-11-24.md changed since ties read it: nothing was written"), "{refused}");
    assert_eq!(std::fs::read_to_string(&note).unwrap(), text, "the other editor's text is kept");
    let done = call(&client, "complete_follow_up", args).await.unwrap();
    assert_eq!(done["path"], json!("journal/2026-11-24.md"));
    let now = std::fs::read_to_string(&note).unwrap();
    assert!(now.contains("- [x] Introduce @aisha-bello") && now.ends_with("Edited in another editor.\n"), "{now}");
    client.cancel().await.unwrap();
}

#[tokio::test]
async fn changes_on_disk_reach_the_answers() {
    let vault = demo_copy();
    let client = start(vault.path(), &[]).await;
    let before = call(&client, "get_contact", json!({"handle": "priya-nair"})).await.unwrap();
    assert_eq!(before["exchange_count"], json!(5));
    std::fs::write(vault.path().join("journal/2026-11-26.md"), "Lunch with @priya-nair.\n").unwrap();
    let mut count = json!(null);
    for _ in 0..100 {
        count = call(&client, "get_contact", json!({"handle": "priya-nair"})).await.unwrap()["exchange_count"].clone();
        if count == json!(6) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(count, json!(6), "the watcher indexed the new note");
    // Felix's cadence comes from his weak tie: a new weak cadence in ties.toml reaches his card.
    let felix = call(&client, "get_contact", json!({"handle": "felix-wagner"})).await.unwrap();
    assert_eq!(felix["catch_up"]["cadence"], json!("6w"));
    let toml = vault.path().join("ties.toml");
    let settings = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, settings.replace("weak = \"6w\"", "weak = \"5w\"")).unwrap();
    let mut cadence = json!(null);
    for _ in 0..100 {
        let card = call(&client, "get_contact", json!({"handle": "felix-wagner"})).await.unwrap();
        cadence = card["catch_up"]["cadence"].clone();
        if cadence == json!("5w") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(cadence, json!("5w"), "the watcher read ties.toml again");

    client.cancel().await.unwrap();
}

/// The Python MCP SDK (PyPI `mcp`) as a second client, when TIES_PYTHON_MCP names the python of
/// a venv holding it (.ci/run sets it up and sets TIES_REQUIRE_MCP_PY=1).
#[test]
fn the_python_sdk_lists_the_tools_and_reads_a_card_and_the_follow_ups() {
    let Some(python) = std::env::var_os("TIES_PYTHON_MCP").filter(|p| !p.is_empty()) else {
        let required = std::env::var("TIES_REQUIRE_MCP_PY").is_ok_and(|v| v == "1");
        assert!(!required, "TIES_REQUIRE_MCP_PY=1 but TIES_PYTHON_MCP is not set: point it at the venv's python");
        eprintln!(
            "\n!!! SKIPPED: no TIES_PYTHON_MCP (a python with PyPI `mcp` 2.3.0); the Python MCP client test did not run !!!\n"
        );
        return;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mcp_client.py");
    let out = std::process::Command::new(python)
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_ties"))
        .arg(demo())
        .env("TIES_TODAY", TODAY)
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [
            "tools: find_contacts get_contact list_follow_ups contact_history search_notes who_at intro_paths weekly_plan log_exchange add_follow_up complete_follow_up",
            "card: Priya Nair northwind-logistics ok 18",
            "overdue: marcus-lee sam-okafor jose-alvarez",
        ]
    );
}
