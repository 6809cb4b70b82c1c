//! The language server in-process, over a duplex pipe, on small fixture vaults written to a
//! temporary folder: each test is a vault, a cursor (`$0`) and the expected answer. `today` is
//! 2026-11-26 (the `today` setting).

mod common;

use common::lsp::{Client, cursor, position};
use expect_test::{Expect, expect};
use serde_json::{Value, json};
use std::path::Path;
use ties::lsp::server::{IndexPause, Options, Server};
use tower_lsp_server::LspService;

/// A client of a server running in this process, over a pipe, without a cache.
fn in_process(root: &Path) -> Client {
    in_process_with(root, Options { no_cache: true, ..Options::default() })
}

fn in_process_with(root: &Path, options: Options) -> Client {
    let (service, socket) = LspService::new(|c| Server::new(c, options));
    let (client_side, server_side) = tokio::io::duplex(1 << 16);
    let (sr, sw) = tokio::io::split(server_side);
    tokio::spawn(tower_lsp_server::Server::new(sr, sw, socket).serve(service));
    let (cr, cw) = tokio::io::split(client_side);
    Client::new(cr, cw, root)
}

/// The real `ties` binary with these arguments, its stdio piped (stderr dropped unless asked).
fn spawn_ties(args: &[&str], envs: &[(&str, &Path)], stderr: bool) -> tokio::process::Child {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_ties"));
    cmd.args(args).stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped());
    cmd.stderr(if stderr { std::process::Stdio::piped() } else { std::process::Stdio::null() });
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.spawn().unwrap()
}

/// A client of a spawned binary.
fn client_of(child: &mut tokio::process::Child, root: &Path) -> Client {
    Client::new(child.stdout.take().unwrap(), child.stdin.take().unwrap(), root)
}

/// A vault on disk and a client talking to an in-process server about it.
struct Fixture {
    client: Client,
    _dir: tempfile::TempDir,
    /// The file holding `$0`, its text without the marker, and the cursor's byte offset.
    file: String,
    text: String,
    offset: usize,
    utf8: bool,
}

async fn start_with(fixture: &str, utf8: bool, options: Value) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let (mut file, mut text, mut offset) = (String::new(), String::new(), 0);
    for (rel, body) in common::files(fixture) {
        let body = if body.contains("$0") {
            let (clean, at) = cursor(&body);
            (file, text, offset) = (rel.clone(), clean.clone(), at);
            clean
        } else {
            body
        };
        let path = dir.path().join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
    let mut client = in_process(dir.path());
    client.initialize(utf8, options).await;
    client.wait_indexed().await;
    Fixture { client, _dir: dir, file, text, offset, utf8 }
}

async fn start(fixture: &str) -> Fixture {
    start_with(fixture, true, json!({"today": "2026-11-26"})).await
}

impl Fixture {
    /// Opens the cursor's file and returns `{textDocument, position}` for it.
    async fn at_cursor(&mut self) -> Value {
        let (file, text) = (self.file.clone(), self.text.clone());
        self.client.open(&file, &text).await;
        json!({"textDocument": {"uri": self.client.uri(&file)}, "position": position(&text, self.offset, self.utf8)})
    }

    /// Makes URIs readable: `file:///tmp/.../people/a.md` -> `people/a.md`.
    fn show(&self, v: &Value) -> String {
        let root = self.client.uri("");
        let s = if v.is_string() { v.as_str().unwrap().to_string() } else { serde_json::to_string_pretty(v).unwrap() };
        s.replace(&root, "")
    }
}

fn check(actual: String, expected: Expect) {
    expected.assert_eq(&actual);
}

fn range(v: &Value) -> String {
    format!("{}:{}-{}:{}", v["start"]["line"], v["start"]["character"], v["end"]["line"], v["end"]["character"])
}

const VAULT: &str = r#"
//- ties.toml
people_dir = "people"
journal_dir = "journal"
[cadence]
weak = "30d"
//- people/jane-doe.md
---
kind: person
name: Jane Doe
aliases: [Janie]
company: acme
role: Staff Engineer
tie: weak
---
Met at RustConf.
//- people/bob-lee.md
---
kind: person
name: Bob Lee
---
//- companies/acme.md
---
kind: company
name: Acme Corp
target: true
---
//- journal/2026-11-01.md
Coffee with @jane-doe about the platform team. #gave
- [ ] send @jane-doe the article 📅 2026-11-20
//- journal/2026-11-14.md
Lunch with [[Jane Doe]] and @bob-lee.
Met @tom-becker at the meetup.
"#;

fn vault_with(extra: &str) -> String {
    format!("{VAULT}{extra}")
}

#[tokio::test]
async fn initialize_negotiates_the_position_encoding() {
    for (utf8, expected) in [(true, "utf-8"), (false, "utf-16")] {
        let dir = tempfile::tempdir().unwrap();
        let mut client = in_process(dir.path());
        let result = client.initialize(utf8, json!({})).await;
        assert_eq!(result["capabilities"]["positionEncoding"], expected);
        for cap in ["completionProvider", "hoverProvider", "definitionProvider", "referencesProvider", "renameProvider"]
        {
            assert!(result["capabilities"].get(cap).is_some(), "missing {cap}");
        }
        client.shutdown().await;
    }
}

#[tokio::test]
async fn completion_after_at_offers_contacts_best_first() {
    let mut f = start(&vault_with("//- journal/2026-11-26.md\nPing @j$0\n")).await;
    let at = f.at_cursor().await;
    let list = f.client.request("textDocument/completion", at).await;
    assert_eq!(list["isIncomplete"], false);
    let items: Vec<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{} | {} | {} | {} @ {} | {}",
                i["label"].as_str().unwrap(),
                i["detail"].as_str().unwrap_or("-"),
                i["filterText"].as_str().unwrap(),
                i["textEdit"]["newText"].as_str().unwrap(),
                range(&i["textEdit"]["range"]),
                i["sortText"].as_str().unwrap(),
            )
        })
        .collect();
    check(
        items.join("\n"),
        expect!["Jane Doe | Staff Engineer · Acme Corp | @jane-doe Jane Doe Janie | @jane-doe @ 0:5-0:7 | 00000"],
    );
}

#[tokio::test]
async fn completion_writes_the_form_the_user_started() {
    for (line, expected) in [
        ("Ping @[Ja$0]", expect!["Ping @[Ja$0] -> @[Jane Doe] @ 0:5-0:10"]),
        ("Ping [[ja$0]]", expect!["Ping [[ja$0]] -> [[jane-doe]] @ 0:5-0:11"]),
        ("Ping @bo$0 later", expect!["Ping @bo$0 later -> @bob-lee @ 0:5-0:8"]),
    ] {
        let mut f = start(&vault_with(&format!("//- journal/2026-11-26.md\n{line}\n"))).await;
        let at = f.at_cursor().await;
        let list = f.client.request("textDocument/completion", at).await;
        let first = &list["items"][0];
        check(
            format!(
                "{} -> {} @ {}",
                line,
                first["textEdit"]["newText"].as_str().unwrap(),
                range(&first["textEdit"]["range"])
            ),
            expected,
        );
    }
}

#[tokio::test]
async fn completion_of_company_in_front_matter_offers_companies_only() {
    let mut f = start(&vault_with("//- people/new.md\n---\nkind: person\ncompany: ac$0\n---\n")).await;
    let at = f.at_cursor().await;
    let list = f.client.request("textDocument/completion", at).await;
    let labels: Vec<&str> = list["items"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["Acme Corp"]);
    assert_eq!(list["items"][0]["textEdit"]["newText"], "acme");
}

#[tokio::test]
async fn completion_resolve_adds_the_card() {
    let mut f = start(&vault_with("//- journal/2026-11-26.md\nPing @jane$0\n")).await;
    let at = f.at_cursor().await;
    let list = f.client.request("textDocument/completion", at).await;
    let item = list["items"][0].clone();
    assert!(item.get("documentation").is_none(), "documentation comes on resolve");
    let resolved = f.client.request("completionItem/resolve", item).await;
    let doc = resolved["documentation"]["value"].as_str().unwrap();
    assert!(doc.contains("**Jane Doe**"), "{doc}");
    assert!(doc.contains("Last exchange:"), "{doc}");
}

#[tokio::test]
async fn hover_on_a_mention_shows_the_contact_card() {
    let mut f = start(&vault_with("//- journal/2026-11-25.md\nCall with @ja$0ne-doe.\n")).await;
    let at = f.at_cursor().await;
    let hover = f.client.request("textDocument/hover", at).await;
    check(
        format!("{}\n{}", range(&hover["range"]), f.show(&hover["contents"]["value"])),
        expect![[r#"
        0:10-0:19
        **Jane Doe** `@jane-doe` · Staff Engineer at Acme Corp · weak tie

        Last exchange: [2026-11-25](journal/2026-11-25.md#L1) (yesterday) · 3 exchanges since 2026-11-01  
        Keep in touch every 30d: ok until 2026-12-25  
        Gave once · asked never  

        **Open follow-ups**

        - ⚠ 6 days overdue (due 2026-11-20): send @jane-doe the article 📅 2026-11-20 ([open](journal/2026-11-01.md#L2))

        **Last 3 exchanges**

        - 2026-11-25 — Call with @jane-doe. ([journal/2026-11-25.md:1](journal/2026-11-25.md#L1))
        - 2026-11-14 — Lunch with Jane Doe and @bob-lee. Met @tom-becker at the meetup. ([journal/2026-11-14.md:1](journal/2026-11-14.md#L1))
        - 2026-11-01 — Coffee with @jane-doe about the platform team. \#gave · gave ([journal/2026-11-01.md:1](journal/2026-11-01.md#L1))
    "#]],
    );
}

#[tokio::test]
async fn hover_on_unknown_mentions_company_and_name() {
    let mut f = start(&vault_with("//- journal/2026-11-25.md\nMet @tom-b$0ecker.\n")).await;
    let at = f.at_cursor().await;
    let hover = f.client.request("textDocument/hover", at).await;
    check(
        f.show(&hover["contents"]["value"]),
        expect![[r#"
        **@tom-becker** is not a contact yet.

        Create `people/tom-becker.md` with `kind: person` in its front matter (quick fix: *Create contact note*), or fix the spelling."#]],
    );

    let mut f = start(&VAULT.replace("name: Acme Corp", "name: Acme C$0orp")).await;
    let at = f.at_cursor().await;
    let hover = f.client.request("textDocument/hover", at).await;
    check(
        f.show(&hover["contents"]["value"]),
        expect![[r#"
            **Acme Corp** `@acme` · company · target

            No exchange yet  

            **People you know there**

            - Jane Doe, Staff Engineer — last 2026-11-14 ([note](people/jane-doe.md#L1))

            **Ways in**

            1. Write to @jane-doe (Staff Engineer at Acme Corp); last exchange 2026-11-14 (12 days ago).
            2. Ask @bob-lee to introduce you to @jane-doe (Acme Corp); your notes mention them together on 2026-11-14.
        "#]],
    );
}

#[tokio::test]
async fn definition_goes_to_the_contact_note() {
    let mut f = start(&vault_with("//- journal/2026-11-25.md\nCall with [[Ja$0ne Doe]].\n")).await;
    let at = f.at_cursor().await;
    let def = f.client.request("textDocument/definition", at).await;
    check(format!("{} {}", f.show(&def["uri"]), range(&def["range"])), expect!["people/jane-doe.md 2:6-2:14"]);
}

#[tokio::test]
async fn references_are_the_history_newest_first() {
    let mut f = start(&VAULT.replace("Met at RustConf.", "Met at Rust$0Conf.")).await;
    let at = f.at_cursor().await;
    let mut params = at.clone();
    params["context"] = json!({"includeDeclaration": false});
    let refs = f.client.request("textDocument/references", params).await;
    let lines: Vec<String> =
        refs.as_array().unwrap().iter().map(|l| format!("{} {}", f.show(&l["uri"]), range(&l["range"]))).collect();
    check(
        lines.join("\n"),
        expect![[r#"
        journal/2026-11-14.md 0:11-0:23
        journal/2026-11-01.md 0:12-0:21
        journal/2026-11-01.md 1:11-1:20"#]],
    );
}

#[tokio::test]
async fn diagnostics_cover_unopened_notes_and_follow_edits() {
    let mut f = start(VAULT).await;
    let diags = f.client.diagnostics("journal/2026-11-01.md").await;
    let show = |d: &[Value]| -> String {
        d.iter()
            .map(|d| {
                format!(
                    "{} {} {}: {}",
                    range(&d["range"]),
                    d["severity"],
                    d["code"].as_str().unwrap(),
                    d["message"].as_str().unwrap()
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    check(show(&diags), expect!["1:0-1:48 2 overdue: follow-up with Jane Doe is 6 days overdue (due 2026-11-20)"]);
    let diags = f.client.diagnostics("journal/2026-11-14.md").await;
    check(
        show(&diags),
        expect![
            "1:4-1:15 4 unknown-contact: no contact named @tom-becker: create people/tom-becker.md with `kind: person`, or fix the spelling"
        ],
    );
    // Acme is a target and Jane works there: nothing to say, so nothing was published for it.
    let acme = f.client.uri("companies/acme.md");
    assert!(
        !f.client
            .seen
            .iter()
            .any(|m| m["params"]["uri"] == acme && !m["params"]["diagnostics"].as_array().unwrap().is_empty()),
        "Jane works at Acme"
    );

    // A new contact, still unsaved in the editor, resolves the mention in another note.
    f.client.mark();
    f.client.open("people/tom-becker.md", "---\nkind: person\nname: Tom Becker\n---\n").await;
    let uri = f.client.uri("journal/2026-11-14.md");
    f.client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["diagnostics"].as_array().unwrap().is_empty()
        })
        .await;
}

#[tokio::test]
async fn code_actions_fix_and_act() {
    let show_actions = |f: &Fixture, actions: &Value| -> String {
        actions
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                format!(
                    "{} [{}]\n{}",
                    a["title"].as_str().unwrap(),
                    a["kind"].as_str().unwrap(),
                    f.show(&a["edit"]["documentChanges"])
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut f = start(&VAULT.replace("Met @tom-becker", "Met @tom-$0becker")).await;
    let at = f.at_cursor().await;
    let params = json!({"textDocument": at["textDocument"], "range": {"start": at["position"], "end": at["position"]}, "context": {"diagnostics": []}});
    let actions = f.client.request("textDocument/codeAction", params).await;
    check(
        show_actions(&f, &actions),
        expect![[r#"
        Create contact note people/tom-becker.md [quickfix]
        [
          {
            "kind": "create",
            "options": {
              "ignoreIfExists": true,
              "overwrite": false
            },
            "uri": "people/tom-becker.md"
          },
          {
            "edits": [
              {
                "newText": "---\nkind: person\nname: Tom Becker\ncompany:\nrole:\ntie: weak\ntags: []\n---\n\nHow you met, what they care about.\n",
                "range": {
                  "end": {
                    "character": 0,
                    "line": 0
                  },
                  "start": {
                    "character": 0,
                    "line": 0
                  }
                }
              }
            ],
            "textDocument": {
              "uri": "people/tom-becker.md",
              "version": null
            }
          }
        ]"#]],
    );

    let mut f = start(&VAULT.replace("- [ ] send @jane-doe", "- [ ] se$0nd @jane-doe")).await;
    let at = f.at_cursor().await;
    let params = json!({"textDocument": at["textDocument"], "range": {"start": at["position"], "end": at["position"]}, "context": {"diagnostics": []}});
    let actions = f.client.request("textDocument/codeAction", params).await;
    check(
        show_actions(&f, &actions),
        expect![[r#"
        Mark done [quickfix]
        [
          {
            "edits": [
              {
                "newText": "[x]",
                "range": {
                  "end": {
                    "character": 5,
                    "line": 1
                  },
                  "start": {
                    "character": 2,
                    "line": 1
                  }
                }
              },
              {
                "newText": " ✅ 2026-11-26",
                "range": {
                  "end": {
                    "character": 48,
                    "line": 1
                  },
                  "start": {
                    "character": 48,
                    "line": 1
                  }
                }
              }
            ],
            "textDocument": {
              "uri": "journal/2026-11-01.md",
              "version": 1
            }
          }
        ]
        Snooze 1 day (due 2026-11-27) [quickfix]
        [
          {
            "edits": [
              {
                "newText": "2026-11-27",
                "range": {
                  "end": {
                    "character": 48,
                    "line": 1
                  },
                  "start": {
                    "character": 38,
                    "line": 1
                  }
                }
              }
            ],
            "textDocument": {
              "uri": "journal/2026-11-01.md",
              "version": 1
            }
          }
        ]
        Snooze 1 week (due 2026-12-03) [quickfix]
        [
          {
            "edits": [
              {
                "newText": "2026-12-03",
                "range": {
                  "end": {
                    "character": 48,
                    "line": 1
                  },
                  "start": {
                    "character": 38,
                    "line": 1
                  }
                }
              }
            ],
            "textDocument": {
              "uri": "journal/2026-11-01.md",
              "version": 1
            }
          }
        ]"#]],
    );
}

#[tokio::test]
async fn rename_a_handle_everywhere() {
    let mut f = start(&VAULT.replace("Coffee with @jane-doe", "Coffee with @ja$0ne-doe")).await;
    let at = f.at_cursor().await;
    let prepared = f.client.request("textDocument/prepareRename", at.clone()).await;
    assert_eq!(range(&prepared), "0:13-0:21", "the handle, without the @");
    let mut params = at;
    params["newName"] = json!("jane");
    let edit = f.client.request("textDocument/rename", params).await;
    check(
        f.show(&edit["documentChanges"]),
        expect![[r#"
        [
          {
            "edits": [
              {
                "newText": "jane",
                "range": {
                  "end": {
                    "character": 21,
                    "line": 0
                  },
                  "start": {
                    "character": 13,
                    "line": 0
                  }
                }
              },
              {
                "newText": "jane",
                "range": {
                  "end": {
                    "character": 20,
                    "line": 1
                  },
                  "start": {
                    "character": 12,
                    "line": 1
                  }
                }
              }
            ],
            "textDocument": {
              "uri": "journal/2026-11-01.md",
              "version": 1
            }
          },
          {
            "kind": "rename",
            "newUri": "people/jane.md",
            "oldUri": "people/jane-doe.md",
            "options": {
              "ignoreIfExists": false,
              "overwrite": false
            }
          }
        ]"#]],
    );
    let mut bad = f.client.call("textDocument/rename", json!({"textDocument": {"uri": f.client.uri("journal/2026-11-01.md")}, "position": {"line": 0, "character": 15}, "newName": "bob-lee"})).await;
    assert!(bad["error"]["message"].as_str().unwrap().contains("already taken"), "{bad}");
    bad = f.client.call("textDocument/rename", json!({"textDocument": {"uri": f.client.uri("journal/2026-11-01.md")}, "position": {"line": 0, "character": 15}, "newName": "../../etc/passwd"})).await;
    assert!(bad["error"]["message"].as_str().unwrap().contains("cannot be a handle"), "{bad}");
}

#[tokio::test]
async fn symbols_hints_and_tokens() {
    let mut f = start(&vault_with("//- journal/log.md\n# Log\n## 2026-11-20 Coffee\n@jane-doe$0\n## Ideas\n")).await;
    let at = f.at_cursor().await;
    let uri = at["textDocument"].clone();
    let symbols = f.client.request("textDocument/documentSymbol", json!({"textDocument": uri})).await;
    let names: Vec<String> = symbols[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{} {} {}", s["name"].as_str().unwrap(), s["detail"], range(&s["range"])))
        .collect();
    check(
        format!("{} > {}", symbols[0]["name"], names.join(" | ")),
        expect![[r#""Log" > 2026-11-20 Coffee "2026-11-20" 1:0-3:0 | Ideas null 3:0-4:0"#]],
    );

    let found = f.client.request("workspace/symbol", json!({"query": "jne"})).await;
    let found: Vec<String> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| format!("{} {}", s["name"].as_str().unwrap(), f.show(&s["location"]["uri"])))
        .collect();
    check(found.join("\n"), expect!["Jane Doe people/jane-doe.md"]);

    let hints = f.client.request("textDocument/inlayHint", json!({"textDocument": uri, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}})).await;
    let hints: Vec<String> = hints
        .as_array()
        .unwrap()
        .iter()
        .map(|h| format!("{}:{} {}", h["position"]["line"], h["position"]["character"], h["label"].as_str().unwrap()))
        .collect();
    check(hints.join("\n"), expect!["2:9 6d"]);

    let other = json!({"uri": f.client.uri("journal/2026-11-14.md")});
    let tokens = f.client.request("textDocument/semanticTokens/full", json!({"textDocument": other})).await;
    check(tokens["data"].to_string(), expect!["[0,11,12,0,0,0,17,8,0,0,1,4,11,0,1]"]);
}

/// Emoji and CJK before the cursor: every position is right in both encodings.
#[tokio::test]
async fn positions_after_emoji_and_cjk() {
    for utf8 in [true, false] {
        let fixture = vault_with("//- journal/2026-11-25.md\n📅 漢字 — @ja$0ne-doe 🙂 @bob-lee\n");
        let mut f = start_with(&fixture, utf8, json!({"today": "2026-11-26"})).await;
        let at = f.at_cursor().await;
        let hover = f.client.request("textDocument/hover", at).await;
        let start_of_mention = f.text.find("@jane-doe").unwrap();
        let end_of_mention = start_of_mention + "@jane-doe".len();
        assert_eq!(hover["range"]["start"], position(&f.text, start_of_mention, utf8), "utf8={utf8}");
        assert_eq!(hover["range"]["end"], position(&f.text, end_of_mention, utf8), "utf8={utf8}");
        // And the other way: a position after the second emoji finds @bob-lee.
        let bob = f.text.find("@bob-lee").unwrap() + 2;
        let uri = f.client.uri("journal/2026-11-25.md");
        let hover = f
            .client
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": position(&f.text, bob, utf8)}),
            )
            .await;
        assert!(hover["contents"]["value"].as_str().unwrap().contains("**Bob Lee**"), "utf8={utf8}: {hover}");
    }
}

#[tokio::test]
async fn a_burst_of_500_edits_then_a_hover_sees_the_last_one() {
    let mut f = start(&vault_with("//- journal/2026-11-25.md\n$0\n")).await;
    let at = f.at_cursor().await;
    let uri = at["textDocument"]["uri"].clone();
    let mut text = f.text.clone();
    for version in 2..502 {
        // Type "@bob-lee " one character at a time, over and over, then finish with @jane-doe.
        let piece = "@bob-lee "[(version % 9) as usize..(version % 9) as usize + 1].to_string();
        let end = position(&text, text.len() - 1, true);
        f.client
            .notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": {"start": end, "end": end}, "text": piece}]}),
            )
            .await;
        text.insert_str(text.len() - 1, &piece);
    }
    let end = position(&text, text.len() - 1, true);
    f.client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 502}, "contentChanges": [{"range": {"start": end, "end": end}, "text": " @jane-doe"}]}),
        )
        .await;
    text.insert_str(text.len() - 1, " @jane-doe");
    let at_jane = position(&text, text.rfind("@jane-doe").unwrap() + 3, true);
    let hover =
        f.client.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": at_jane})).await;
    assert!(hover["contents"]["value"].as_str().unwrap().contains("**Jane Doe**"), "{hover}");
}

#[tokio::test]
async fn bad_positions_unknown_documents_and_settings() {
    let mut f = start(VAULT).await;
    let uri = f.client.uri("journal/2026-11-14.md");
    // Past the end of a line and of the document: answered, not crashed.
    for pos in [json!({"line": 0, "character": 999}), json!({"line": 999, "character": 0})] {
        let r = f.client.call("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": pos})).await;
        assert!(r.get("error").is_none(), "{r}");
    }
    for other in ["untitled:Untitled-1", "file:///nowhere/else.md"] {
        let r = f
            .client
            .call(
                "textDocument/hover",
                json!({"textDocument": {"uri": other}, "position": {"line": 0, "character": 0}}),
            )
            .await;
        assert_eq!(r["result"], Value::Null, "{r}");
    }
    // didChange for a document never opened is ignored, and the server keeps serving.
    f.client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": "x"}]}),
        )
        .await;
    // unknownMentions=warning makes the unknown mention a warning.
    f.client.mark();
    f.client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"ties": {"unknownMentions": "warning", "today": "2026-11-26"}}}),
        )
        .await;
    f.client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri
                && p["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| d["code"] == "unknown-contact" && d["severity"] == 2)
        })
        .await;
    f.client.shutdown().await;
}

#[test]
fn the_settings_list_is_the_documented_one() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for s in ties::lsp::state::SETTINGS {
        assert!(readme.contains(&format!("`{s}`")), "README does not document the setting {s}");
    }
}

/// The real `ties lsp` binary over its stdio, with a cache: the whole session a user's editor
/// has, from initialize to exit.
#[tokio::test]
async fn the_real_binary_serves_a_whole_session() {
    let dir = common::write_vault(VAULT);
    let cache = tempfile::tempdir().unwrap();
    let today = Path::new("2026-11-26");
    let mut child = spawn_ties(&["lsp"], &[("TIES_CACHE_DIR", cache.path()), ("TIES_TODAY", today)], true);
    let mut c = client_of(&mut child, dir.path());
    let init = c.initialize(false, json!({})).await;
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["serverInfo"]["name"], "ties");
    // Progress: begin, then end.
    c.wait_for("$/progress", |p| p["value"]["kind"] == "begin").await;
    c.wait_indexed().await;
    let diags = c.diagnostics("journal/2026-11-01.md").await;
    assert_eq!(diags[0]["code"], "overdue");

    let text = "Coffee with @jane-doe about the platform team. #gave\n- [ ] send @jane-doe the article 📅 2026-11-20\nPing @ja";
    c.open("journal/2026-11-01.md", text).await;
    let uri = c.uri("journal/2026-11-01.md");
    let completion = c
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 8}}),
        )
        .await;
    assert_eq!(completion["items"][0]["textEdit"]["newText"], "@jane-doe");
    let hover = c
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 14}}))
        .await;
    assert!(hover["contents"]["value"].as_str().unwrap().contains("Last exchange: [2026-11-14]"), "{hover}");
    let def = c
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 14}}),
        )
        .await;
    assert_eq!(def["uri"], c.uri("people/jane-doe.md"));
    let refs = c
        .request("textDocument/references", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 14}, "context": {"includeDeclaration": false}}))
        .await;
    assert_eq!(refs.as_array().unwrap().len(), 3);
    assert_eq!(refs[0]["uri"], c.uri("journal/2026-11-14.md"), "newest first");

    c.shutdown().await;
    let status = tokio::time::timeout(std::time::Duration::from_secs(10), child.wait()).await.unwrap().unwrap();
    assert_eq!(status.code(), Some(0));
    let mut stderr = String::new();
    tokio::io::AsyncReadExt::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).await.unwrap();
    assert!(stderr.contains("indexed 5 notes"), "logs go to stderr: {stderr}");
    // The cache was written: a second server would start warm.
    let files: Vec<_> = std::fs::read_dir(cache.path()).unwrap().collect();
    assert_eq!(
        files.iter().filter(|f| f.as_ref().unwrap().path().extension().is_some_and(|e| e == "sqlite")).count(),
        1
    );
}

#[tokio::test]
async fn exit_without_shutdown_is_exit_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = spawn_ties(&["--no-cache", "lsp"], &[], false);
    let mut c = client_of(&mut child, dir.path());
    c.initialize(true, json!({})).await;
    c.notify("exit", Value::Null).await;
    let status = tokio::time::timeout(std::time::Duration::from_secs(10), child.wait()).await.unwrap().unwrap();
    assert_eq!(status.code(), Some(1));
}

/// Changes made outside the editor reach the index: through the client's file watcher
/// (`workspace/didChangeWatchedFiles`) and, for clients that cannot watch, through the
/// server's own watcher.
#[tokio::test]
async fn changes_on_disk_reach_the_index() {
    let mut f = start(VAULT).await;
    let uri = f.client.uri("journal/2026-11-14.md");
    f.client.diagnostics("journal/2026-11-14.md").await;
    let tom = f._dir.path().join("people/tom-becker.md");
    std::fs::write(&tom, "---\nkind: person\n---\n").unwrap();
    f.client.mark();
    f.client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": f.client.uri("people/tom-becker.md"), "type": 1}]}),
        )
        .await;
    f.client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["diagnostics"].as_array().unwrap().is_empty()
        })
        .await;
    std::fs::remove_file(&tom).unwrap();
    // Only what is published after the deletion counts (the diagnostics from the start say the
    // same thing and must not satisfy this wait).
    f.client.mark();
    f.client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": f.client.uri("people/tom-becker.md"), "type": 3}]}),
        )
        .await;
    f.client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && !p["diagnostics"].as_array().unwrap().is_empty()
        })
        .await;
}

#[tokio::test]
async fn the_server_watches_files_itself_when_the_client_cannot() {
    let dir = common::write_vault(VAULT);
    let mut c = in_process(dir.path());
    let root = c.uri("");
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": root.trim_end_matches('/'), "capabilities": {}, "initializationOptions": {"today": "2026-11-26"}}),
    )
    .await;
    c.notify("initialized", json!({})).await;
    let uri = c.uri("journal/2026-11-14.md");
    c.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uri).await;
    c.mark();
    std::fs::write(dir.path().join("people/tom-becker.md"), "---\nkind: person\n---\n").unwrap();
    c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["diagnostics"].as_array().unwrap().is_empty()
    })
    .await;
    assert!(
        !c.seen.iter().any(|m| m["method"] == "client/registerCapability"),
        "nothing asked of a client that cannot watch"
    );
    // Reading notes (a hover reads the ones it summarises) is not a change: no re-read storm.
    let hover = c
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 14}}))
        .await;
    assert!(hover["contents"]["value"].as_str().unwrap().contains("Jane Doe"), "{hover}");
    let after = c.drain_for(std::time::Duration::from_millis(500)).await;
    assert_eq!(after, 0, "the server kept sending after a read: {:?}", &c.seen[c.seen.len() - after..]);
}

#[tokio::test]
async fn closing_a_document_falls_back_to_the_file_on_disk() {
    let mut f = start(VAULT).await;
    let rel = "journal/2026-11-14.md";
    let uri = f.client.uri(rel);
    f.client.diagnostics(rel).await;
    // The buffer says something else than the disk: the buffer wins while open...
    f.client.mark();
    f.client.open(rel, "Nothing unknown here.\n").await;
    f.client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["diagnostics"].as_array().unwrap().is_empty()
        })
        .await;
    // ...and the disk again once closed (only diagnostics published after the close count: the
    // ones from the start say the same thing).
    f.client.mark();
    f.client.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}})).await;
    f.client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "unknown-contact")
        })
        .await;
}

#[tokio::test]
async fn long_completion_lists_are_trimmed_and_marked_incomplete() {
    let mut fixture = String::from(VAULT);
    for i in 0..150 {
        fixture.push_str(&format!("//- people/person-{i:03}.md\n---\nkind: person\nname: Person {i:03}\n---\n"));
    }
    fixture.push_str("//- journal/2026-11-26.md\nPing @$0\n");
    let mut f = start(&fixture).await;
    let at = f.at_cursor().await;
    let list = f.client.request("textDocument/completion", at.clone()).await;
    assert_eq!(list["isIncomplete"], true);
    assert_eq!(list["items"].as_array().unwrap().len(), 100);
    // Recent exchanges first: Jane, then Bob, before the people never talked to.
    assert_eq!(list["items"][0]["label"], "Jane Doe");
    assert_eq!(list["items"][1]["label"], "Bob Lee");
}

#[tokio::test]
async fn several_workspace_folders_are_separate_vaults() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(a.path().join("people")).unwrap();
    std::fs::write(a.path().join("people/ann.md"), "---\nkind: person\n---\n").unwrap();
    std::fs::write(a.path().join("2026-11-20.md"), "Met @ann.\n").unwrap();
    std::fs::write(b.path().join("2026-11-20.md"), "Met @ann.\n").unwrap();
    let mut c = in_process(a.path());
    let folder = |p: &Path| json!({"uri": format!("file://{}", p.display()), "name": "v"});
    c.request(
        "initialize",
        json!({"processId": null, "capabilities": {}, "workspaceFolders": [folder(a.path()), folder(b.path())], "initializationOptions": {"today": "2026-11-26"}}),
    )
    .await;
    c.notify("initialized", json!({})).await;
    let in_b = format!("file://{}/2026-11-20.md", b.path().display());
    let diags = c.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == in_b).await;
    assert_eq!(diags["diagnostics"][0]["code"], "unknown-contact", "Ann lives in the other vault");
    let in_a = format!("file://{}/2026-11-20.md", a.path().display());
    let hover = c
        .request("textDocument/hover", json!({"textDocument": {"uri": in_a}, "position": {"line": 0, "character": 5}}))
        .await;
    assert!(hover["contents"]["value"].as_str().unwrap().contains("**ann**"), "{hover}");
}

#[tokio::test]
async fn commands_list_follow_ups_and_log_a_catch_up() {
    let mut f = start(&vault_with(
        "//- journal/2026-11-20.md\n- [ ] call @bob-lee due:2026-12-01\n- [ ] ask @jane-doe again\n",
    ))
    .await;
    let list =
        f.client.request("workspace/executeCommand", json!({"command": "ties.followUps", "arguments": []})).await;
    let rows: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            format!("{} {} {} {}", f.show(&v["uri"]), range(&v["range"]), v["status"].as_str().unwrap(), v["with"])
        })
        .collect();
    check(
        rows.join("\n"),
        expect![[r#"
        journal/2026-11-01.md 1:0-1:48 6 days overdue ["Jane Doe"]
        journal/2026-11-20.md 0:0-0:34 due in 5 days ["Bob Lee"]
        journal/2026-11-20.md 1:0-1:25 no due date ["Jane Doe"]"#]],
    );

    let uri = f.client.uri("journal/2026-11-14.md");
    f.client.mark();
    let r = f
        .client
        .request(
            "workspace/executeCommand",
            json!({"command": "ties.logCatchUp", "arguments": [uri, {"line": 0, "character": 30}]}),
        )
        .await;
    assert_eq!(r, Value::Null);
    let applied = f.client.wait_for("workspace/applyEdit", |_| true).await;
    check(
        f.show(&applied["edit"]["documentChanges"]),
        expect![[r##"
        [
          {
            "kind": "create",
            "options": {
              "ignoreIfExists": true,
              "overwrite": false
            },
            "uri": "journal/2026-11-26.md"
          },
          {
            "edits": [
              {
                "newText": "# 2026-11-26\n\n- Caught up with @bob-lee\n",
                "range": {
                  "end": {
                    "character": 0,
                    "line": 0
                  },
                  "start": {
                    "character": 0,
                    "line": 0
                  }
                }
              }
            ],
            "textDocument": {
              "uri": "journal/2026-11-26.md",
              "version": null
            }
          }
        ]"##]],
    );
    let bad = f.client.call("workspace/executeCommand", json!({"command": "ties.nope"})).await;
    assert!(bad["error"]["message"].as_str().unwrap().contains("unknown command"), "{bad}");
}

/// Every kind of bad message at the real binary, then a hover that must still be right.
#[tokio::test]
async fn the_server_survives_bad_messages_and_keeps_answering() {
    let dir = common::write_vault(VAULT);
    let mut child = spawn_ties(&["--no-cache", "--today", "2026-11-26", "lsp"], &[], false);
    let mut c = client_of(&mut child, dir.path());
    // A request before initialize is refused, not crashed on.
    let early = c
        .call(
            "textDocument/hover",
            json!({"textDocument": {"uri": c.uri("a.md")}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert!(early.get("error").is_some(), "{early}");
    c.initialize(true, json!({})).await;
    c.wait_indexed().await;
    let uri = c.uri("journal/2026-11-14.md");
    // Malformed JSON and a body that is not JSON-RPC: answered with errors.
    c.send_raw(b"Content-Length: 9\r\n\r\n{not json").await;
    c.send_raw(b"Content-Length: 2\r\n\r\n[]").await;
    c.send_raw(b"Content-Length: nine\r\n\r\n").await;
    c.send_raw(b"Content-Length: 38\r\n\r\n{\"jsonrpc\":\"1.0\",\"id\":77,\"method\":\"x\"}").await;
    let errors: Vec<i64> = {
        // Two parse errors and two invalid requests, each answered (id null or its own id).
        let mut codes = Vec::new();
        while codes.len() < 4 {
            let m = c.wait_for_response(|m| m.get("error").is_some() && (m["id"].is_null() || m["id"] == 77)).await;
            codes.push(m["error"]["code"].as_i64().unwrap());
        }
        codes
    };
    assert_eq!(errors.iter().filter(|&&c| c == -32700).count(), 2, "{errors:?}");
    assert_eq!(errors.iter().filter(|&&c| c == -32600).count(), 2, "{errors:?}");
    // Unknown methods: an error for a request, nothing for a notification.
    let unknown = c.call("ties/nonsense", json!({})).await;
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    c.notify("ties/whatever", json!({"x": 1})).await;
    // Positions past the end, documents never opened, edits outside the document, other schemes.
    for pos in [json!({"line": 0, "character": 10_000}), json!({"line": 10_000, "character": 3})] {
        let r = c.call("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": pos})).await;
        assert!(r.get("error").is_none(), "{r}");
    }
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": c.uri("never-opened.md"), "version": 2}, "contentChanges": [{"text": "x"}]}),
    )
    .await;
    c.open("journal/2026-11-14.md", "Lunch with [[Jane Doe]] and @bob-lee.\n").await;
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": {"start": {"line": 50, "character": 0}, "end": {"line": 99, "character": 9}}, "text": "@ghost"}]}),
    )
    .await;
    for other in ["untitled:Untitled-1", "vscode-notebook-cell:/x#y", "https://example.com/a.md"] {
        let r = c
            .call(
                "textDocument/hover",
                json!({"textDocument": {"uri": other}, "position": {"line": 0, "character": 0}}),
            )
            .await;
        assert_eq!(r["result"], Value::Null, "{r}");
    }
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": "untitled:Untitled-2", "languageId": "markdown", "version": 1, "text": "Hi @someone"}})).await;
    // Cancellation, and a thousand requests in flight at once.
    c.notify("$/cancelRequest", json!({"id": 999_999})).await;
    for i in 0..1000 {
        c.send(json!({"jsonrpc": "2.0", "id": 10_000 + i, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 30}}})).await;
    }
    // Still serving, and right: the edit outside the document changed nothing.
    let hover = c
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 30}}))
        .await;
    assert!(hover["contents"]["value"].as_str().unwrap().contains("**Bob Lee**"), "{hover}");
    let answered = c.seen.iter().filter(|m| m["id"].as_i64().is_some_and(|id| id >= 10_000)).count();
    assert_eq!(answered, 1000, "every request in flight was answered");
    c.shutdown().await;
    let status = tokio::time::timeout(std::time::Duration::from_secs(10), child.wait()).await.unwrap().unwrap();
    assert_eq!(status.code(), Some(0));
}

/// File names with spaces, `#`, `%` and non-ASCII letters: URIs are encoded and decoded right
/// both ways.
#[tokio::test]
async fn odd_file_names_round_trip_through_uris() {
    let fixture = VAULT.replace("//- people/bob-lee.md", "//- people/bob lee #2 100% café.md");
    let mut f =
        start(&vault_with("//- journal/2026-11-25.md\nCall with @[Bo$0b Lee] again.\n").replace(VAULT, &fixture)).await;
    let at = f.at_cursor().await;
    let def = f.client.request("textDocument/definition", at.clone()).await;
    let uri = def["uri"].as_str().unwrap().to_string();
    assert!(uri.ends_with("/people/bob%20lee%20%232%20100%25%20caf%C3%A9.md"), "{uri}");
    // The URI leads back to the same note: hover on its name inside it.
    f.client.open("people/bob lee #2 100% café.md", "---\nkind: person\nname: Bob Lee\n---\n").await;
    let hover = f
        .client
        .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 8}}))
        .await;
    assert!(hover["contents"]["value"].as_str().unwrap().contains("**Bob Lee**"), "{hover}");
}

/// The committed hostile vault through the real server: everything indexed, positions right
/// after CRLF and lone CR line endings, the server alive at the end.
#[tokio::test]
async fn the_hostile_vault_through_the_server() {
    let vault = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let mut child = spawn_ties(&["--no-cache", "--today", "2026-11-26", "lsp"], &[], false);
    let mut c = client_of(&mut child, &vault);
    c.initialize(false, json!({})).await;
    c.wait_indexed().await;
    let crlf = c.diagnostics("crlf.md").await;
    assert_eq!(crlf[0]["code"], "overdue");
    assert_eq!(crlf[0]["range"]["start"]["line"], 2, "CRLF lines counted right: {crlf:?}");
    let bomb = c.diagnostics("bomb.md").await;
    assert_eq!(bomb[0]["code"], "front-matter");
    let lone_cr = c.uri("lone-cr.md");
    let hover = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": lone_cr}, "position": {"line": 1, "character": 13}}),
        )
        .await;
    assert!(hover["contents"]["value"].as_str().unwrap().contains("**Ann Lee**"), "lone CR line 1: {hover}");
    let weird = c.uri("weird name #1 100% café.md");
    let text = "## 2026-11-23\nالعربية @ann שלום e\u{301}\n";
    let at = text.find("@ann").unwrap() + 2;
    let hover = c
        .request("textDocument/hover", json!({"textDocument": {"uri": weird}, "position": position(text, at, false)}))
        .await;
    assert!(hover["contents"]["value"].as_str().unwrap().contains("**Ann Lee**"), "after RTL text: {hover}");
    c.shutdown().await;
    let status = tokio::time::timeout(std::time::Duration::from_secs(10), child.wait()).await.unwrap().unwrap();
    assert_eq!(status.code(), Some(0));
}

/// A client that sends and never reads: the server stops reading too, instead of piling up
/// answers in memory; once the client reads, everything is answered.
#[tokio::test]
async fn a_client_that_never_reads_does_not_grow_the_server() {
    use tokio::io::AsyncWriteExt;
    let dir = common::write_vault(VAULT);
    let mut child = spawn_ties(&["--no-cache", "--today", "2026-11-26", "lsp"], &[], false);
    let pid = child.id().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let uri = format!("file://{}/journal/2026-11-14.md", dir.path().display());
    let root = format!("file://{}", dir.path().display());
    let frame = |v: Value| {
        let body = serde_json::to_vec(&v).unwrap();
        let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        out.extend(body);
        out
    };
    const N: usize = 20_000;
    let mut all = frame(
        json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}, "rootUri": root}}),
    );
    all.extend(frame(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})));
    for i in 1..=N {
        let hover = json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 30}});
        all.extend(frame(json!({"jsonrpc": "2.0", "id": i, "method": "textDocument/hover", "params": hover})));
    }
    let writer = tokio::spawn(async move {
        stdin.write_all(&all).await.unwrap();
        stdin
    });
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let rss_kb = |pid: u32| -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    let stalled = rss_kb(pid);
    assert!(!writer.is_finished(), "the server kept reading although nobody read its answers");
    assert!(stalled < 150_000, "the server grew to {stalled} kB while the client did not read");
    // Now read: every request is answered (those that raced `initialize` with an error).
    let mut c = Client::new(stdout, tokio::io::sink(), dir.path());
    let mut answered = 0;
    while answered < N {
        c.wait_for_response(|m| m["id"].as_u64().is_some_and(|id| id >= 1)).await;
        answered += 1;
    }
    let mut stdin = writer.await.unwrap();
    stdin.write_all(&frame(json!({"jsonrpc": "2.0", "id": N + 1, "method": "shutdown"}))).await.unwrap();
    c.wait_for_response(|m| m["id"] == json!(N + 1)).await;
    stdin.write_all(&frame(json!({"jsonrpc": "2.0", "method": "exit"}))).await.unwrap();
    let status = tokio::time::timeout(std::time::Duration::from_secs(10), child.wait()).await.unwrap().unwrap();
    assert_eq!(status.code(), Some(0));
}

/// Issue 9: while a vault is indexed, nothing claims that a known contact is unknown. The
/// indexer is held (deterministically) after its first pass, when every contact is known but
/// no mention is indexed yet.
#[tokio::test]
async fn while_indexing_no_known_contact_is_called_unknown() {
    let dir = common::write_vault(VAULT);
    let pause = IndexPause::new();
    let mut c =
        in_process_with(dir.path(), Options { no_cache: true, pause: Some(pause.clone()), ..Options::default() });
    c.initialize(true, json!({"today": "2026-11-26"})).await;
    pause.reached.acquire().await.unwrap().forget();

    let rel = "journal/2026-11-26.md";
    // The overdue task makes the note's diagnostics worth publishing while indexing.
    let text = "Call with @jane-doe and @tom-becker.\n- [ ] send @jane-doe the notes 📅 2026-11-20\nPing @ja";
    c.mark();
    c.open(rel, text).await;
    let uri = c.uri(rel);
    let at = |character| json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": character}});
    // Jane's note was only read by the first pass: she is a contact all the same.
    let hover = c.request("textDocument/hover", at(12)).await;
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("**Jane Doe**") && md.contains("Indexing the vault"), "{md}");
    let def = c.request("textDocument/definition", at(12)).await;
    assert_eq!(def["uri"], c.uri("people/jane-doe.md"));
    // Tom has no note, but until the vault is read nothing may say so.
    let hover = c.request("textDocument/hover", at(26)).await;
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(!md.contains("not a contact") && md.contains("indexing"), "{md}");
    let range = json!({"start": {"line": 0, "character": 26}, "end": {"line": 0, "character": 26}});
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        )
        .await;
    assert!(!actions.to_string().contains("Create contact"), "{actions}");
    let list = c
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 8}}),
        )
        .await;
    assert_eq!(list["isIncomplete"], true, "the ranking is not final while indexing");
    assert_eq!(list["items"][0]["label"], "Jane Doe");
    let diags = c.diagnostics(rel).await;
    assert_eq!(diags.iter().map(|d| d["code"].as_str().unwrap()).collect::<Vec<_>>(), ["overdue"], "{diags:?}");
    // Semantic tokens: five numbers per token, the fifth the modifiers (1 = struck through).
    let struck = |tokens: &Value| tokens["data"].as_array().unwrap().chunks(5).filter(|t| t[4] == 1).count();
    let tokens = c.request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": uri}})).await;
    assert_eq!(struck(&tokens), 0, "{tokens}");

    // Once the vault is read, Tom is unknown, and it is said.
    c.mark();
    pause.release.add_permits(1);
    c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "unknown-contact")
    })
    .await;
    let hover = c.request("textDocument/hover", at(26)).await;
    assert!(hover["contents"]["value"].as_str().unwrap().contains("not a contact yet"), "{hover}");
    let tokens = c.request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": uri}})).await;
    assert_eq!(struck(&tokens), 2, "@tom-becker and the half-typed @ja: {tokens}");
    let hover = c.request("textDocument/hover", at(12)).await;
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("Last exchange") && !md.contains("Indexing the vault"), "{md}");
}

/// Issue 13: summaries are sliced from the note's current text, and a note changed on disk
/// since it was indexed is indexed again first: the card never shows another paragraph.
#[tokio::test]
async fn a_card_shows_the_right_paragraph_after_the_note_changed_on_disk() {
    let mut f = start(VAULT).await;
    let uri = f.client.uri("journal/2026-11-14.md");
    let hover_jane = json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 14}});
    let before = f.client.request("textDocument/hover", hover_jane.clone()).await;
    assert!(before["contents"]["value"].as_str().unwrap().contains("2026-11-01 — Coffee with @jane-doe"), "{before}");
    // A paragraph about Bob comes first now: the block numbers of the note shift. The server
    // is not told (no watcher event): the hover must notice by itself.
    let note = f._dir.path().join("journal/2026-11-01.md");
    let old = std::fs::read_to_string(&note).unwrap();
    std::fs::write(&note, format!("Lunch with @bob-lee, nobody else.\n\n{old}")).unwrap();
    let after = f.client.request("textDocument/hover", hover_jane).await;
    let md = after["contents"]["value"].as_str().unwrap();
    assert!(md.contains("2026-11-01 — Coffee with @jane-doe"), "{md}");
    assert!(!md.contains("Lunch with @bob-lee"), "a paragraph that is not about Jane: {md}");
    assert!(md.contains("send @jane-doe the article"), "the follow-up keeps its own text: {md}");
}

/// A client that can watch files is asked to watch the notes and `ties.toml`.
#[tokio::test]
async fn a_client_that_can_watch_files_is_asked_to() {
    let mut f = start(VAULT).await;
    let reg = f.client.wait_for("client/registerCapability", |_| true).await;
    check(
        reg["registrations"].to_string(),
        expect![[
            r#"[{"id":"ties-watch","method":"workspace/didChangeWatchedFiles","registerOptions":{"watchers":[{"globPattern":"**/*.{md,markdown}"},{"globPattern":"**/ties.toml"}]}}]"#
        ]],
    );
}

async fn command(f: &mut Fixture, name: &str, args: Value) -> Value {
    f.client.request("workspace/executeCommand", json!({"command": name, "arguments": args})).await
}

/// `ties.plan`, `ties.intro`, `ties.graph` answer the CLI's JSON (docs/commands.md) with URIs;
/// `ties.contacts` one entry per contact.
#[tokio::test]
async fn network_commands_answer_the_documented_shapes() {
    let mut f = start(&vault_with("//- journal/2026-11-20.md\n- [ ] call @bob-lee due:2026-11-28\n")).await;
    let init_cmds = f.client.call("workspace/executeCommand", json!({"command": "ties.graph", "arguments": []})).await;
    assert!(init_cmds["error"].is_null(), "{init_cmds}");

    let plan = command(&mut f, "ties.plan", json!([{"days": 7, "limit": 5}])).await;
    let rows: Vec<String> = plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            format!(
                "{} {} {} {}:{} {:?} | {}",
                i["rank"],
                i["handle"].as_str().unwrap(),
                i["kind"].as_str().unwrap(),
                f.show(&i["path"]),
                i["line"],
                i["text"].as_str().unwrap(),
                i["reason"].as_str().unwrap()
            )
        })
        .collect();
    check(
        format!("{} {}\n{}", plan["today"], plan["until"], rows.join("\n")),
        expect![[r#"
        "2026-11-26" "2026-12-03"
        1 jane-doe overdue journal/2026-11-01.md:2 "send @jane-doe the article 📅 2026-11-20" | you promised a follow-up: 6 days overdue (due 2026-11-20)
        2 bob-lee due-soon journal/2026-11-20.md:1 "call @bob-lee due:2026-11-28" | you promised a follow-up: due in 2 days (due 2026-11-28)"#]],
    );
    assert!(plan["items"][0]["contact_path"].as_str().unwrap().starts_with("file://"), "{plan}");

    let intro = command(&mut f, "ties.intro", json!(["Acme Corp"])).await;
    let rows: Vec<String> = intro["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let hops: Vec<String> = p["hops"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| format!("{}>{} {} {}:{}", h["from"], h["to"], h["kind"], f.show(&h["path"]), h["line"]))
                .collect();
            format!("{} {} {} | {} | {}", p["rank"], p["kind"], p["first"]["handle"], p["step"], hops.join("; "))
        })
        .collect();
    check(
        format!(
            "{} total {} target {}\n{}",
            f.show(&intro["company"]["path"]),
            intro["total_paths"],
            intro["target"],
            rows.join("\n")
        ),
        expect![[r#"
            companies/acme.md total 2 target true
            1 "direct" "jane-doe" | "Write to @jane-doe (Staff Engineer at Acme Corp); last exchange 2026-11-14 (12 days ago)." | null>"jane-doe" "exchanged" journal/2026-11-14.md:1; "jane-doe">"acme" "works-at" people/jane-doe.md:5
            2 "second-degree" "bob-lee" | "Ask @bob-lee to introduce you to @jane-doe (Acme Corp); your notes mention them together on 2026-11-14." | null>"bob-lee" "exchanged" journal/2026-11-14.md:1; "bob-lee">"jane-doe" "co-mention" journal/2026-11-14.md:1; "jane-doe">"acme" "works-at" people/jane-doe.md:5"#]],
    );
    let one = command(&mut f, "ties.intro", json!([{"company": "acme", "limit": 1}])).await;
    assert_eq!(one["paths"].as_array().unwrap().len(), 1, "{one}");
    assert_eq!(one["total_paths"], intro["total_paths"]);
    let bad =
        f.client.call("workspace/executeCommand", json!({"command": "ties.intro", "arguments": ["jane-doe"]})).await;
    check(
        bad["error"]["message"].as_str().unwrap().to_string(),
        expect!["`jane-doe` is Jane Doe, a person: give a company (its handle, name or alias)"],
    );
    let bad =
        f.client.call("workspace/executeCommand", json!({"command": "ties.plan", "arguments": [{"days": -1}]})).await;
    check(
        bad["error"]["message"].as_str().unwrap().to_string(),
        expect!["ties.plan: `days` must be a whole number from 1 to 366, not -1"],
    );

    let graph = command(&mut f, "ties.graph", json!([{"limit": 3}])).await;
    let nodes: Vec<String> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| format!("{} {} {} {}", n["id"], n["kind"], n["weight"], f.show(&n["path"])))
        .collect();
    let edges: Vec<String> = graph["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| format!("{}-{} {} {}", e["source"], e["target"], e["kind"], e["weight"]))
        .collect();
    check(
        format!(
            "{}\n{}\ntruncated {} of {}",
            nodes.join("\n"),
            edges.join("\n"),
            graph["truncated"],
            graph["total_nodes"]
        ),
        expect![[r#"
            "you" "you" 2 null
            "jane-doe" "person" 5 people/jane-doe.md
            "bob-lee" "person" 3 people/bob-lee.md
            "you"-"bob-lee" "exchanged" 1
            "you"-"jane-doe" "exchanged" 2
            "bob-lee"-"jane-doe" "co-mention" 1
            truncated true of 4"#]],
    );

    let contacts = command(&mut f, "ties.contacts", json!([])).await;
    let mut rows: Vec<String> = contacts
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {} company={} last={} cold={} exchanges={} open={}",
                f.show(&c["uri"]),
                range(&c["range"]),
                c["name"].as_str().unwrap(),
                c["handle"].as_str().unwrap(),
                c["company"],
                c["lastExchangeDays"],
                c["goingCold"],
                c["exchanges"],
                c["openFollowUps"]
            )
        })
        .collect();
    rows.sort();
    check(
        rows.join("\n"),
        expect![[r#"
        companies/acme.md 2:6-2:15 Acme Corp acme company=null last=null cold=false exchanges=0 open=0
        people/bob-lee.md 2:6-2:13 Bob Lee bob-lee company=null last=12 cold=false exchanges=1 open=1
        people/jane-doe.md 2:6-2:14 Jane Doe jane-doe company="Acme Corp" last=12 cold=false exchanges=2 open=1"#]],
    );
}

/// A person's lens reads their numbers (display only); a company's its ways in and opens them.
#[tokio::test]
async fn code_lenses_on_contact_notes() {
    let mut f = start(VAULT).await;
    let mut out = Vec::new();
    for rel in ["people/jane-doe.md", "people/bob-lee.md", "companies/acme.md", "journal/2026-11-01.md"] {
        let uri = f.client.uri(rel);
        let r = f.client.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}})).await;
        let shown: Vec<String> = r
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|l| {
                        format!(
                            "{} {:?} {} {}",
                            range(&l["range"]),
                            l["command"]["title"].as_str().unwrap(),
                            l["command"]["command"],
                            l["command"]["arguments"]
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push(format!("{rel}: {}", shown.join(" | ")));
    }
    // An edit elsewhere changes Jane's numbers: the client is asked to fetch lenses again.
    f.client.mark();
    f.client.open("journal/2026-11-26.md", "Call with @jane-doe. #asked\n").await;
    f.client.wait_for("workspace/codeLens/refresh", |_| true).await;
    let uri = f.client.uri("people/jane-doe.md");
    let r = f.client.request("textDocument/codeLens", json!({"textDocument": {"uri": uri}})).await;
    out.push(format!("after the call: {}", r[0]["command"]["title"].as_str().unwrap()));
    check(
        out.join("\n"),
        expect![[r#"
            people/jane-doe.md: 0:0-0:0 "last exchange 12d · 1 open follow-up · gave 1 / asked 0" "" null
            people/bob-lee.md: 0:0-0:0 "last exchange 12d · 0 open follow-ups · gave 0 / asked 0" "" null
            companies/acme.md: 0:0-0:0 "2 ways in · best: Jane Doe (12d ago)" "ties.showIntro" ["acme"]
            journal/2026-11-01.md: 
            after the call: last exchange today · 1 open follow-up · gave 1 / asked 1"#]],
    );
}

/// Hover on a company's mention or on its note's name lists its best ways in, bounded.
#[tokio::test]
async fn hover_on_a_company_shows_its_ways_in() {
    let mut f = start(&vault_with("//- notes/x.md\nWho do I know at @ac$0me?\n")).await;
    let p = f.at_cursor().await;
    let h = f.client.request("textDocument/hover", p).await;
    let md = h["contents"]["value"].as_str().unwrap().to_string();
    assert!(md.len() < 4096, "{}", md.len());
    let ways = md.split("**Ways in**").nth(1).unwrap_or("").to_string();
    check(
        ways,
        expect![[r#"


        1. Write to @jane-doe (Staff Engineer at Acme Corp); last exchange 2026-11-14 (12 days ago).
        2. Ask @bob-lee to introduce you to @jane-doe (Acme Corp); your notes mention them together on 2026-11-14.
    "#]],
    );
}

/// A note read under the old parse options is read again when ties.toml or the settings move
/// the people folder: `folks/tom-becker.md` (no `kind:`) becomes a person, then stops being one.
#[tokio::test]
async fn changing_the_people_folder_indexes_the_vault_again() {
    let mut f = start(&vault_with("//- folks/tom-becker.md\n# Tom Becker\n")).await;
    let uri = f.client.uri("journal/2026-11-14.md");
    let before = f.client.diagnostics("journal/2026-11-14.md").await;
    assert!(before.iter().any(|d| d["message"].as_str().unwrap().contains("tom-becker")), "{before:?}");
    let toml = f._dir.path().join("ties.toml");
    let text = std::fs::read_to_string(&toml).unwrap().replace("people_dir = \"people\"", "people_dir = \"folks\"");
    std::fs::write(&toml, text).unwrap();
    f.client.mark();
    f.client
        .notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": f.client.uri("ties.toml"), "type": 2}]}))
        .await;
    f.client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["diagnostics"].as_array().unwrap().is_empty()
        })
        .await;
    let contacts = command(&mut f, "ties.contacts", json!([])).await;
    assert!(contacts.as_array().unwrap().iter().any(|c| c["handle"] == "tom-becker"), "{contacts}");

    // The editor's setting wins over ties.toml: back to `people`, Tom is unknown again.
    f.client.mark();
    f.client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"ties": {"today": "2026-11-26", "peopleDir": "people"}}}),
        )
        .await;
    f.client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri
                && p["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| d["message"].as_str().unwrap().contains("tom-becker"))
        })
        .await;
    let contacts = command(&mut f, "ties.contacts", json!([])).await;
    assert!(!contacts.as_array().unwrap().iter().any(|c| c["handle"] == "tom-becker"), "{contacts}");
}

/// Two contacts sharing an email, the one to merge away mentioned three ways in a journal note.
const DUPLICATES: &str = r#"
//- people/jane-doe.md
---
kind: person
name: Jane Doe
role: CTO
email: jane@x.com
tags: [a]
---

Met at a meetup.
//- people/jd.md
---
kind: person
name: Jane D.
role: VP
email: jane@x.com
tags: [b]
---

Likes tea.
//- journal/2026-11-20.md
Coffee with @jd and [[jd]], then @[Jane D.] left.
"#;

/// A client of an in-process server on `root` that can (or cannot) delete files in an edit.
async fn client_deleting(root: &Path, delete: bool) -> Client {
    let mut client = in_process(root);
    let ops = if delete { json!(["create", "rename", "delete"]) } else { json!(["create", "rename"]) };
    let uri = client.uri("");
    client
        .request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri.trim_end_matches('/'),
                "capabilities": {
                    "general": {"positionEncodings": ["utf-8"]},
                    "window": {"workDoneProgress": true},
                    "workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ops}},
                },
                "initializationOptions": {"today": "2026-11-26"},
            }),
        )
        .await;
    client.notify("initialized", json!({})).await;
    client.wait_indexed().await;
    client
}

/// Applies a workspace edit's `documentChanges` (UTF-8 positions) to the files under `root`.
fn apply_document_changes(root: &Path, base_uri: &str, changes: &Value) {
    let path_of = |uri: &str| root.join(uri.strip_prefix(base_uri).unwrap());
    for change in changes.as_array().unwrap() {
        if change["kind"] == "delete" {
            std::fs::remove_file(path_of(change["uri"].as_str().unwrap())).unwrap();
            continue;
        }
        assert!(change.get("kind").is_none(), "only text edits and deletes: {change}");
        let path = path_of(change["textDocument"]["uri"].as_str().unwrap());
        let mut text = std::fs::read_to_string(&path).unwrap();
        let offset = |text: &str, p: &Value| {
            let line = p["line"].as_u64().unwrap() as usize;
            let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
            start + p["character"].as_u64().unwrap() as usize
        };
        let mut edits: Vec<(usize, usize, String)> = change["edits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let (s, t) = (offset(&text, &e["range"]["start"]), offset(&text, &e["range"]["end"]));
                (s, t, e["newText"].as_str().unwrap().to_string())
            })
            .collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.0));
        for (s, t, new) in edits {
            text.replace_range(s..t, &new);
        }
        std::fs::write(&path, text).unwrap();
    }
}

/// Every file under `root` with its text.
fn files_under(root: &Path) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    out
}

#[tokio::test]
async fn merge_is_a_quick_fix_on_a_possible_duplicate_and_writes_what_the_cli_writes() {
    let editor = common::write_vault(DUPLICATES);
    let cli = common::write_vault(DUPLICATES);
    let mut client = client_deleting(editor.path(), true).await;
    let diags = client.diagnostics("people/jd.md").await;
    let dup = diags.iter().find(|d| d["code"] == "possible-duplicate").expect("a possible-duplicate finding").clone();
    assert_eq!(range(&dup["range"]), "4:0-4:5", "on the shared `email:`");
    let uri = client.uri("people/jd.md");
    let params = json!({"textDocument": {"uri": uri}, "range": dup["range"], "context": {"diagnostics": [dup]}});
    let actions = client.request("textDocument/codeAction", params.clone()).await;
    let merges: Vec<&Value> =
        actions.as_array().unwrap().iter().filter(|a| a["title"].as_str().unwrap().starts_with("Merge")).collect();
    assert_eq!(merges.len(), 1, "{actions:#}");
    let action = merges[0];
    assert_eq!(
        action["title"],
        "Merge Jane D. into Jane Doe (people/jane-doe.md): 1 conflict to check: role: kept `CTO` of Jane Doe, \
         Jane D. had `VP` (left as a comment)"
    );
    assert_eq!(action["kind"], "quickfix");
    let base = client.uri("");
    let changes = &action["edit"]["documentChanges"];
    let shown: Vec<String> = changes
        .as_array()
        .unwrap()
        .iter()
        .map(|c| match c["kind"].as_str() {
            Some(kind) => format!("{kind} {}", c["uri"].as_str().unwrap().replace(&base, "")),
            None => {
                let edits: Vec<String> = c["edits"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| format!("{} {:?}", range(&e["range"]), e["newText"].as_str().unwrap()))
                    .collect();
                format!("edit {}: {}", c["textDocument"]["uri"].as_str().unwrap().replace(&base, ""), edits.join(", "))
            }
        })
        .collect();
    check(
        shown.join("\n"),
        expect![[r#"
            edit journal/2026-11-20.md: 0:13-0:15 "jane-doe", 0:22-0:24 "jane-doe", 0:35-0:42 "Jane Doe"
            edit people/jane-doe.md: 0:0-9:0 "---\nkind: person\nname: Jane Doe\nrole: CTO\nemail: jane@x.com\ntags: [a, b]\naliases: [Jane D., jd]\n# merged from jd: role: VP\n---\n\nMet at a meetup.\n\n## Merged from Jane D.\n\nLikes tea.\n"
            delete people/jd.md"#]],
    );

    // A client that cannot delete a file is not offered the merge.
    let other = common::write_vault(DUPLICATES);
    let mut plain = client_deleting(other.path(), false).await;
    let uri = plain.uri("people/jd.md");
    let params = json!({"textDocument": {"uri": uri}, "range": dup["range"], "context": {"diagnostics": []}});
    let actions = plain.request("textDocument/codeAction", params).await;
    assert!(!actions.to_string().contains("Merge"), "{actions:#}");

    // Applied, the edit leaves the vault as `ties merge jd jane-doe` leaves it.
    apply_document_changes(editor.path(), &base, changes);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ties"))
        .env_remove("TIES_TODAY")
        .env_remove("TIES_LOG")
        .args(["--no-cache", "--today", "2026-11-26", "merge", "jd", "jane-doe"])
        .arg(cli.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("conflict     role: kept `CTO`"));
    let written = files_under(cli.path());
    assert!(!written.contains_key("people/jd.md"));
    assert_eq!(files_under(editor.path()), written);
}
