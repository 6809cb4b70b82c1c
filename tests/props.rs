//! Universal rules, checked on generated input: parsing never panics and every range lands on
//! a character boundary; an index edited note by note equals one built from scratch (findings,
//! cards and the per-contact aggregates, which also agree with a walk over the mentions), and
//! an edit reports every note whose findings it changed.

mod common;

use proptest::prelude::*;
use std::collections::BTreeMap;
use ties::core::config::Config;
use ties::core::features::{card, findings};
use ties::core::index::Index;
use ties::core::note::{NoteFacts, ParseOptions, parse, parse_with};
use ties::core::text::Span;

/// Markdown-ish fragments that reach the parser's corners, mixed with arbitrary text.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_string()),
        Just("kind: person\n".to_string()),
        Just("name: [x\n".to_string()),
        Just("## 2026-11-20 ".to_string()),
        Just("# 2026-02-30\n".to_string()),
        Just("- [ ] ".to_string()),
        Just("- [x] ".to_string()),
        Just("1. [ ] ".to_string()),
        Just("📅 2026-12-01 ".to_string()),
        Just("due:2026-13-45 ".to_string()),
        Just("[due:: 2026-12-01]".to_string()),
        Just("DEADLINE: <2026-12-01 Tue>".to_string()),
        Just("✅ 2026-11-21".to_string()),
        Just("@jane ".to_string()),
        Just("@[Jane Doe]".to_string()),
        Just("@[".to_string()),
        Just("[[jane|J]]".to_string()),
        Just("[[".to_string()),
        Just("[x](../people/a%20b.md)".to_string()),
        Just("`@code`".to_string()),
        Just("```\n@fenced\n```\n".to_string()),
        Just("<!-- @c -->".to_string()),
        Just("\\_".to_string()),
        Just("#gave ".to_string()),
        Just("> ".to_string()),
        Just("    ".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\n".to_string()),
        Just("é漢🦀".to_string()),
        Just("\u{feff}".to_string()),
        Just("|a|b|\n|-|-|\n".to_string()),
        // Obsidian and Logseq habits.
        Just("%%".to_string()),
        Just("%% @omar %%".to_string()),
        Just("- TODO ".to_string()),
        Just("- DONE ".to_string()),
        Just("- CANCELED ".to_string()),
        Just("SCHEDULED: <2026-11-24 Tue>".to_string()),
        Just("type:: person\n".to_string()),
        Just("alias:: a, [[b]]\n".to_string()),
        Just("![[x.png]]".to_string()),
        Just("[[Page#H|a]]".to_string()),
        Just("[[P^b]]".to_string()),
        Just("> [!note] ".to_string()),
        any::<String>(),
        "[ -~]{0,12}",
    ]
}

fn note_text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|v| v.concat())
}

fn assert_span(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end && span.end as usize <= text.len(), "{what} {span:?} out of 0..{}", text.len());
    assert!(text.is_char_boundary(span.start as usize), "{what} {span:?} starts inside a character");
    assert!(text.is_char_boundary(span.end as usize), "{what} {span:?} ends inside a character");
}

fn assert_spans(text: &str, facts: &NoteFacts) {
    for m in &facts.mentions {
        assert_span(text, m.span, "mention");
    }
    for b in &facts.blocks {
        assert_span(text, b.span, "block");
    }
    for h in &facts.headings {
        assert_span(text, h.span, "heading");
    }
    for t in &facts.tasks {
        assert_span(text, t.span, "task");
        assert_span(text, t.marker, "task marker");
        if let Some(d) = t.due {
            assert_span(text, d.span, "due date");
        }
    }
    for p in &facts.problems {
        assert_span(text, p.span, "problem");
    }
    if let Some(f) = &facts.front {
        assert_span(text, f.span, "front matter");
        for field in &f.fields {
            assert_span(text, field.key_span, "field key");
            assert_span(text, field.value_span, "field value");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn parsing_never_panics_and_ranges_are_on_char_boundaries(text in note_text(), name in "[a-z0-9 -]{1,12}") {
        let facts = parse(&format!("notes/{name}.md"), &text);
        assert_spans(&text, &facts);
        // In the people folder, with a journal format: contacts by folder, dates by name.
        let options = ParseOptions {
            journal_format: Some(ties::core::date::JournalFormat::moment("DD-MM-YYYY").unwrap()),
            ..ParseOptions::default()
        };
        let facts = parse_with(&format!("People/{name}.md"), &text, &options);
        assert_spans(&text, &facts);
    }
}

// ---- Incremental index ------------------------------------------------------------------

const PEOPLE: &[&str] = &["ann", "bob", "cy"];

/// A note of the generated vault: contacts (sometimes with aliases that collide), journal
/// notes mentioning them in every form, tasks, tags.
fn vault_note() -> impl Strategy<Value = (String, String)> {
    let person = (
        0..PEOPLE.len(),
        prop::bool::ANY,
        prop::option::of(0..PEOPLE.len()),
        prop::bool::ANY,
        prop::option::of(0..PEOPLE.len()),
    )
        .prop_map(|(i, alias, company, weak, former)| {
            let h = PEOPLE[i];
            let mut t = format!("---\nkind: person\nname: {} Person\n", h.to_uppercase());
            if alias {
                t.push_str("aliases: [pal]\n");
            }
            if let Some(c) = company {
                t.push_str(&format!("company: co{c}\n"));
            }
            if let Some(c) = former {
                t.push_str(&format!("past_companies: [co{c}]\n"));
            }
            t.push_str(if weak { "tie: weak\ncadence: 2w\n" } else { "last_contact: 2026-10-01\n" });
            t.push_str("---\n");
            (format!("people/{h}.md"), t)
        });
    let company = (0..PEOPLE.len(), prop::bool::ANY).prop_map(|(i, target)| {
        (format!("companies/co{i}.md"), format!("---\nkind: company\ntarget: {target}\n---\n"))
    });
    let mention = prop_oneof![
        (0..PEOPLE.len()).prop_map(|i| format!("@{}", PEOPLE[i])),
        (0..PEOPLE.len()).prop_map(|i| format!("@[{} person]", PEOPLE[i])),
        (0..PEOPLE.len()).prop_map(|i| format!("[[{}]]", PEOPLE[i])),
        (0..PEOPLE.len()).prop_map(|i| format!("[x](../people/{}.md)", PEOPLE[i])),
        Just("@pal".to_string()),
        Just("@[co1]".to_string()),
        Just("@nobody".to_string()),
    ];
    let line = (mention, 0..6usize, 1..28u32).prop_map(|(m, kind, day)| match kind {
        0 => format!("- [ ] ask {m} 📅 2026-11-{day:02}\n"),
        1 => format!("- [x] sent {m} a post #gave ✅ 2026-10-{day:02}\n"),
        2 => format!("## 2026-09-{day:02}\nMet {m} #asked\n"),
        3 => format!("Coffee with {m}.\n"),
        4 => format!("## 2026-12-{day:02} lunch {m}\n"),
        _ => format!("{m} and more\n"),
    });
    let journal = (1..28u32, prop::collection::vec(line, 0..5))
        .prop_map(|(day, lines)| (format!("journal/2026-10-{day:02}.md"), lines.concat()));
    prop_oneof![2 => person, 1 => company, 4 => journal]
}

/// What the index answers about each note: its findings, and with `cards` its contact card.
fn answers(index: &Index, cards: bool) -> BTreeMap<String, String> {
    let config = Config::default();
    let today = common::today();
    let mut out = BTreeMap::new();
    for (id, facts) in index.notes() {
        let mut text = format!("{:?}\n", findings::for_note(index, id, today, &config));
        if cards && let Some(c) = card::card(index, id, today, &config) {
            text.push_str(&format!("{c:?}"));
        }
        out.insert(facts.path.clone(), text);
    }
    if cards {
        // The per-contact aggregates, in their own order (cards show only the newest few).
        for (id, c) in index.contacts() {
            let exchanges: Vec<String> = index
                .exchanges_newest(id)
                .map(|e| format!("{} {} {:?} {} {}", e.date, index.note(e.note).path, e.span, e.gave, e.asked))
                .collect();
            let open: Vec<String> =
                index.open_follow_ups(id).map(|t| format!("{}:{}", t.facts.path, t.task.span.start)).collect();
            out.insert(
                format!("(aggregate of {})", c.handle),
                format!("{:?}\n{exchanges:?}\n{open:?}", index.totals(id)),
            );
        }
        // Completion ranks every contact from remembered exchange dates: they must be current.
        let ranking = ties::core::features::completion::candidates(index, today);
        let ranking: Vec<String> = ranking.iter().map(|c| format!("{} {:.6}", c.handle, c.score)).collect();
        out.insert("(completion ranking)".into(), ranking.join(", "));
    }
    out
}

#[derive(Clone, Debug)]
enum Edit {
    Put(String, String),
    Remove(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![4 => vault_note().prop_map(|(p, t)| Edit::Put(p, t)), 1 => (0..20usize).prop_map(Edit::Remove)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn editing_note_by_note_equals_building_from_scratch(edits in prop::collection::vec(edit(), 1..25)) {
        let mut index = Index::new();
        let mut files: BTreeMap<String, String> = BTreeMap::new();
        for e in edits {
            let before = answers(&index, false);
            let affected = match e {
                Edit::Put(path, text) => {
                    files.insert(path.clone(), text.clone());
                    index.upsert(parse(&path, &text))
                }
                Edit::Remove(i) => {
                    let Some(path) = files.keys().nth(i % files.len().max(1)).cloned() else { continue };
                    files.remove(&path);
                    index.remove(&path)
                }
            };
            // The paths an edit reports are the notes whose findings the editor must republish.
            let after = answers(&index, false);
            for (path, text) in &after {
                if before.get(path) != Some(text) {
                    prop_assert!(affected.contains(path), "the findings of {path} changed but the edit did not report it");
                }
            }
            // The aggregates agree with a walk over every contact's mentions...
            if let Err(e) = index.verify_aggregates() {
                prop_assert!(false, "after an edit: {e}");
            }
            let scratch = Index::build(files.iter().map(|(p, t)| parse(p, t)));
            if let Err(e) = scratch.verify_aggregates() {
                prop_assert!(false, "built from scratch: {e}");
            }
            // ...and an index edited note by note answers like one built from scratch.
            prop_assert_eq!(answers(&index, true), answers(&scratch, true));
        }
    }
}
