//! The core's editor features as data, without a server: a small vault, a note with a `$0`
//! cursor, and the answer as text. Completion, navigation, hints, and actions as `before` ->
//! `after` text (the vault's changed files after applying the action). Adding a case is
//! adding a line; the few end-to-end tests in tests/lsp.rs check the protocol around them.

mod common;

use common::today;
use expect_test::{Expect, expect};
use ties::core::config::Config;
use ties::core::features::actions::{self, Change};
use ties::core::features::navigation::{self, Subject};
use ties::core::features::{completion, findings, hints};
use ties::core::index::{Index, NoteId};
use ties::core::text::{Encoding, Span};

const VAULT: &str = r#"
//- people/jane-doe.md
---
kind: person
name: Jane Doe
aliases: [Janie]
company: "[[Acme Corp]]"
role: Staff Engineer
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
---
//- journal/2026-11-01.md
Coffee with @jane-doe about the platform team.
- [ ] send @jane-doe the article 📅 2026-11-20
//- journal/2026-11-14.md
Lunch with [[Jane Doe]] and @bob-lee.
"#;

/// The vault plus `note` (holding `$0`) at `path`: the index, the note's id, the cursor and
/// the files' texts.
struct At {
    index: Index,
    id: NoteId,
    offset: u32,
    files: Vec<(String, String)>,
}

fn at(path: &str, note: &str) -> At {
    at_in(VAULT, path, note)
}

fn at_in(vault: &str, path: &str, note: &str) -> At {
    let (text, offset) = common::lsp::cursor(note);
    let mut files = common::files(vault);
    files.retain(|(p, _)| p != path);
    files.push((path.to_string(), text));
    let fixture: String = files.iter().map(|(p, t)| format!("//- {p}\n{t}")).collect();
    let index = common::index(&fixture);
    let files = common::files(&fixture);
    let id = index.id(path).unwrap();
    At { index, id, offset: offset as u32, files }
}

fn text_of<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    &files.iter().find(|(p, _)| p == path).unwrap().1
}

fn check_completion(note: &str, expect: Expect) {
    let a = at("journal/2026-11-26.md", note);
    let text = text_of(&a.files, "journal/2026-11-26.md");
    let front = a.index.note(a.id).front.as_ref().map(|f| f.span);
    let out = match completion::context(text, front, a.offset as usize) {
        None => "no completion here".to_string(),
        Some(ctx) => {
            let result = completion::complete(&a.index, &ctx, today(), 10);
            let range = &text[ctx.start as usize..ctx.end as usize];
            let items: Vec<String> =
                result.items.iter().map(|i| format!("{:?} -> {} ({})", range, i.insert, i.candidate.detail)).collect();
            items.join("\n")
        }
    };
    expect.assert_eq(&out);
}

#[test]
fn completion() {
    check_completion("Ping @ja$0", expect![[r#""@ja" -> @jane-doe (Staff Engineer · Acme Corp)"#]]);
    check_completion(
        "Ping @$0",
        expect![[r#"
        "@" -> @jane-doe (Staff Engineer · Acme Corp)
        "@" -> @bob-lee ()
        "@" -> @acme ()"#]],
    );
    check_completion("Ping @[Jan$0", expect![[r#""@[Jan" -> @[Jane Doe] (Staff Engineer · Acme Corp)"#]]);
    check_completion("Ping [[bo$0]]", expect![[r#""[[bo]]" -> [[bob-lee]] ()"#]]);
    check_completion("mail jane@ac$0", expect!["no completion here"]);
    check_completion("Ping @janie$0", expect![[r#""@janie" -> @jane-doe (Staff Engineer · Acme Corp)"#]]);
}

/// What the cursor is on, where it leads, and every reference, one per line.
fn check_navigation(note: &str, expect: Expect) {
    let a = at("journal/2026-11-26.md", note);
    let show = |path: &str, span: Span| {
        let lines = &a.index.get(path).unwrap().lines;
        let (l1, c1) = lines.line_col(span.start, Encoding::Chars);
        let (l2, c2) = lines.line_col(span.end, Encoding::Chars);
        format!("{path} {l1}:{c1}-{l2}:{c2}")
    };
    let out = match navigation::hit_at(&a.index, a.id, a.offset) {
        None => "nothing here".to_string(),
        Some(hit) => match hit.subject {
            Subject::Unknown { key, form } => format!("unknown {}", ties::core::keys::shown(form, &key)),
            Subject::Contact(c) => {
                let def = navigation::definition(&a.index, c);
                let mut lines = vec![
                    format!("contact {}", a.index.contact(c).unwrap().name),
                    format!("definition {}", show(&def.path, def.span)),
                ];
                for r in navigation::references(&a.index, c) {
                    lines.push(format!("reference {} {:?}", show(&r.path, r.span), r.date.map(|d| d.to_string())));
                }
                lines.join("\n")
            }
        },
    };
    expect.assert_eq(&out);
}

#[test]
fn navigation() {
    check_navigation(
        "Met @ja$0ne-doe.",
        expect![[r#"
        contact Jane Doe
        definition people/jane-doe.md 2:6-2:14
        reference journal/2026-11-26.md 0:4-0:13 Some("2026-11-26")
        reference journal/2026-11-14.md 0:11-0:23 Some("2026-11-14")
        reference journal/2026-11-01.md 0:12-0:21 Some("2026-11-01")
        reference journal/2026-11-01.md 1:11-1:20 Some("2026-11-01")"#]],
    );
    check_navigation("Met @tom-$0becker.", expect!["unknown @tom-becker"]);
    check_navigation("Met nob$0ody.", expect!["nothing here"]);
    check_navigation(
        "Met [[Acme C$0orp]].",
        expect![[r#"
        contact Acme Corp
        definition companies/acme.md 2:6-2:15
        reference journal/2026-11-26.md 0:4-0:17 Some("2026-11-26")"#]],
    );
}

/// The note with each inlay hint written where it shows, as `⟨label⟩`.
fn check_hints(note: &str, expect: Expect) {
    // An undated note: the hints count from the other notes' exchanges.
    let a = at("notes/ideas.md", &format!("$0{note}"));
    let text = text_of(&a.files, "notes/ideas.md").to_string();
    let all = Span { start: 0, end: text.len() as u32 };
    let mut out = text.clone();
    for h in hints::inlay_hints(&a.index, a.id, all, today()).iter().rev() {
        out.insert_str(h.offset as usize, &format!("⟨{}⟩", h.label));
    }
    expect.assert_eq(&out);
}

#[test]
fn inlay_hints() {
    check_hints(
        "Saw @jane-doe and @bob-lee.\n- [ ] ask @bob-lee 📅 2026-11-20\n- [ ] ask @jane-doe 📅 2026-12-01\n",
        expect![[r#"
            Saw @jane-doe⟨12d⟩ and @bob-lee⟨12d⟩.
            - [ ] ask @bob-lee⟨12d⟩ 📅 2026-11-20⟨overdue 6d⟩
            - [ ] ask @jane-doe⟨12d⟩ 📅 2026-12-01⟨in 5d⟩
        "#]],
    );
}

/// Applies an action's changes to the vault's files and shows the files it changed.
fn apply(files: &[(String, String)], changes: &[Change]) -> String {
    let mut files = files.to_vec();
    let mut touched: Vec<String> = Vec::new();
    for change in changes {
        match change {
            Change::Edit { path, edits } => {
                let text = &mut files.iter_mut().find(|(p, _)| p == path).unwrap().1;
                let mut edits = edits.clone();
                edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
                for e in edits {
                    text.replace_range(e.span.start as usize..e.span.end as usize, &e.new_text);
                }
                touched.push(path.clone());
            }
            Change::Create { path, text } => {
                assert!(!files.iter().any(|(p, _)| p == path), "{path} exists: creating it would overwrite it");
                files.push((path.clone(), text.clone()));
                touched.push(path.clone());
            }
            Change::Rename { from, to } => {
                files.iter_mut().find(|(p, _)| p == from).unwrap().0 = to.clone();
                touched.retain(|p| p != from);
                touched.push(format!("{to} (renamed from {from})"));
            }
            Change::Delete { path } => {
                files.retain(|(p, _)| p != path);
                touched.retain(|p| p != path);
                touched.push(format!("{path} (deleted)"));
            }
        }
    }
    touched.dedup();
    touched
        .iter()
        .map(|t| {
            if t.ends_with(" (deleted)") {
                return format!("//- {t}\n");
            }
            let path = t.split(' ').next().unwrap();
            format!("//- {t}\n{}", text_of(&files, path))
        })
        .collect()
}

/// `before` (with `$0`) -> the files the action titled `title` changes.
fn check_action(before: &str, title: &str, expect: Expect) {
    check_action_in(VAULT, before, title, expect)
}

fn check_action_in(vault: &str, before: &str, title: &str, expect: Expect) {
    let a = at_in(vault, "journal/2026-11-26.md", before);
    let span = Span { start: a.offset, end: a.offset };
    let list = actions::actions_at(&a.index, &Config::default(), a.id, span, today());
    let titles: Vec<&str> = list.iter().map(|x| x.title.as_str()).collect();
    let action = list
        .iter()
        .find(|x| x.title.starts_with(title))
        .unwrap_or_else(|| panic!("no action `{title}` here; there are {titles:?}"));
    expect.assert_eq(&apply(&a.files, &action.changes));
}

#[test]
fn actions() {
    check_action(
        "- [ ] send @jane-doe$0 the deck 📅 2026-11-20\n",
        "Mark done",
        expect![[r#"
            //- journal/2026-11-26.md
            - [x] send @jane-doe the deck 📅 2026-11-20 ✅ 2026-11-26
        "#]],
    );
    check_action(
        "- [ ] send @jane-doe$0 the deck 📅 2026-11-20\n",
        "Snooze 1 week",
        expect![[r#"
            //- journal/2026-11-26.md
            - [ ] send @jane-doe the deck 📅 2026-12-03
        "#]],
    );
    check_action(
        "Met @tom-be$0cker at the meetup.\n",
        "Create contact note",
        expect![[r#"
            //- people/tom-becker.md
            ---
            kind: person
            name: Tom Becker
            company:
            role:
            tie: weak
            tags: []
            ---

            How you met, what they care about.
        "#]],
    );
    check_action(
        "Met @bob$0-lee again.\n",
        "Log a catch-up",
        expect![[r#"
            //- journal/2026-11-26.md
            Met @bob-lee again.
            - Caught up with @bob-lee
        "#]],
    );
}

/// Issue 13, "one rule, one place": when `people/tom-becker.md` exists but is not a contact,
/// the unknown-contact finding, the hover's advice and the quick fix all name the same new
/// file (`new_contact_path`), which is not the existing one.
#[test]
fn the_finding_and_the_quick_fix_name_the_same_new_contact_file() {
    let vault = format!(
        "{VAULT}//- people/tom-becker.md\n---\nkind: note\n---\nJust a page about Tom; `kind: note` keeps it from being a contact by folder.\n"
    );
    let a = at_in(&vault, "journal/2026-11-26.md", "Met @tom-be$0cker.\n");
    let config = Config::default();
    let finding = findings::for_note(&a.index, a.id, today(), &config)
        .into_iter()
        .find(|f| f.code == findings::Code::UnknownContact)
        .expect("an unknown-contact finding");
    let named = finding.message.split("create ").nth(1).and_then(|r| r.split(' ').next()).unwrap().to_string();
    let fix = actions::actions_at(&a.index, &config, a.id, Span { start: a.offset, end: a.offset }, today())
        .into_iter()
        .find(|x| x.title.starts_with("Create contact note"))
        .expect("a create-contact fix");
    let Change::Create { path, .. } = &fix.changes[0] else { panic!("the fix creates a file") };
    assert_eq!(&named, path, "the diagnostic says one file, the fix creates another");
    assert_eq!(path, "people/tom-becker-2.md", "the existing page is left alone");
    assert_eq!(path, &actions::new_contact_path(&a.index, &config, "tom-becker"));
}

/// Issue 13, "one rule, one place": an `@` glued to the character before it starts neither a
/// mention (the parser) nor a completion, and a free one starts both.
#[test]
fn the_parser_and_completion_agree_on_a_glued_at() {
    for prev in [" ", "(", "—", "\n", "a", "7", ".", "_", "-", "/", ":", "@", "`", "\\", "é"] {
        let typed = format!("x{prev}@jane-doe");
        let mentions = ties::core::note::parse("n.md", &typed).mentions.len();
        let completes = completion::context(&typed, None, typed.len()).is_some();
        assert_eq!(mentions == 1, completes, "{typed:?}: mention {mentions}, completion {completes}");
    }
}
