//! Changes ties proposes to notes, as plain edits the editor applies: create a contact from an
//! unknown mention, mark a follow-up done, snooze it, log a catch-up, rename a handle. Every
//! path it produces stays inside the vault.

use crate::core::config::{Config, UnresolvedLinks};
use crate::core::date::{self, Date};
use crate::core::features::navigation::{self, Hit, Subject};
use crate::core::index::{Index, NoteId};
use crate::core::keys;
use crate::core::note::{MentionForm, NoteFacts, Target, Task};
use crate::core::text::Span;

/// Replace `span` with `new_text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub span: Span,
    pub new_text: String,
}

/// One change to the vault. Paths are inside the vault, `/`-separated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Edit {
        path: String,
        edits: Vec<TextEdit>,
    },
    /// A new file with this text (never overwrites).
    Create {
        path: String,
        text: String,
    },
    Rename {
        from: String,
        to: String,
    },
    /// The file is removed (a merge's FROM note).
    Delete {
        path: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionKind {
    QuickFix,
    Refactor,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub kind: ActionKind,
    pub changes: Vec<Change>,
    pub preferred: bool,
}

/// A folder setting made safe: relative, no `..`, no empty parts, `/`-separated.
pub fn safe_dir(dir: &str) -> String {
    dir.split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .map(|p| p.chars().filter(|c| !c.is_control() && *c != ':').collect::<String>())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

/// A vault path made safe the way `safe_dir` makes a folder safe.
fn safe_path(path: &str) -> String {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    join(dir, &safe_dir(file))
}

fn join(dir: &str, file: &str) -> String {
    let dir = safe_dir(dir);
    if dir.is_empty() { file.to_string() } else { format!("{dir}/{file}") }
}

/// A free path for a new note `stem.md` in `dir`: `stem-2.md`, ... when taken.
fn free_path(index: &Index, dir: &str, stem: &str) -> String {
    let mut path = join(dir, &format!("{stem}.md"));
    let mut n = 2;
    while index.id(&path).is_some() {
        path = join(dir, &format!("{stem}-{n}.md"));
        n += 1;
    }
    path
}

/// "lena fischer" / "tom-becker" -> "Lena Fischer" / "Tom Becker".
fn title_case(key: &str) -> String {
    key.split(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | '.'))
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next().map(|f| f.to_uppercase().chain(cs).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The file a new contact named `key` goes to: `<people dir>/<safe stem>.md`, or `-2`, `-3`...
/// when a note already has that path. The one owner of this rule: the unknown-contact
/// finding, the hover and the *Create contact* fix all name the file this returns.
pub fn new_contact_path(index: &Index, config: &Config, key: &str) -> String {
    free_path(index, &config.people_dir, &keys::safe_stem(key))
}

/// The new contact note an unknown mention asks for.
pub fn create_contact(index: &Index, config: &Config, key: &str, form: MentionForm) -> Change {
    let path = new_contact_path(index, config, key);
    let name = title_case(key);
    let mut text = format!("---\nkind: person\nname: {}\n", yaml_scalar(&name));
    // `@tom-becker` must keep resolving: say the handle when the file stem differs from it.
    if form == MentionForm::Handle && keys::file_stem(&path) != key {
        text.push_str(&format!("handle: {}\n", yaml_scalar(key)));
    }
    text.push_str("company:\nrole:\ntie: weak\ntags: []\n---\n\nHow you met, what they care about.\n");
    Change::Create { path, text }
}

/// Quotes a YAML scalar when it needs it.
fn yaml_scalar(s: &str) -> String {
    let plain = s.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.'))
        && !s.starts_with(['-', ' ', '.'])
        && !s.is_empty();
    if plain { s.to_string() } else { format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")) }
}

/// `[ ]` -> `[x]` (Logseq `TODO` -> `DONE`) and ` ✅ today` at the end of the task's line.
pub fn mark_done(task: &Task, today: Date) -> Vec<TextEdit> {
    vec![
        TextEdit { span: task.marker, new_text: if task.word_marker { "DONE" } else { "[x]" }.into() },
        TextEdit { span: Span { start: task.span.end, end: task.span.end }, new_text: format!(" ✅ {today}") },
    ]
}

/// Moves the due date `days` past the later of the due date and today, in the form it was
/// written.
pub fn snooze(task: &Task, today: Date, days: i64) -> Option<TextEdit> {
    let due = task.due?;
    let from = due.date.max(today);
    let new = date::add_days(from, days)?;
    Some(TextEdit { span: due.span, new_text: new.to_string() })
}

/// A line mentioning the contact in today's journal note, creating the note if needed.
pub fn log_catch_up(index: &Index, config: &Config, contact: NoteId, today: Date) -> Option<Change> {
    let handle = &index.contact(contact)?.handle;
    Some(journal_line(index, config, today, &format!("- Caught up with @{handle}")))
}

/// The path of the journal note of `day` (`journal/2026-11-26.md`, or as `journal_format` names it).
pub fn journal_path(config: &Config, day: Date) -> String {
    safe_path(&config.journal_file(day))
}

/// Appends `line` (one line, no line break) to the journal note of `day`, creating the note
/// (`# day`, a blank line, the line) when there is none.
pub fn journal_line(index: &Index, config: &Config, day: Date, line: &str) -> Change {
    let path = journal_path(config, day);
    let line = format!("{line}\n");
    match index.get(&path) {
        Some(facts) => {
            let end = facts.lines.len();
            let last_line = facts.lines.line_count() - 1;
            let ends_with_break = facts.lines.line_start(last_line) == end;
            let text = if ends_with_break || end == 0 { line } else { format!("\n{line}") };
            Change::Edit { path, edits: vec![TextEdit { span: Span { start: end, end }, new_text: text }] }
        }
        None => Change::Create { path, text: format!("# {day}\n\n{line}") },
    }
}

/// The actions available at `span` in a note.
pub fn actions_at(index: &Index, config: &Config, note: NoteId, span: Span, today: Date) -> Vec<Action> {
    let facts = index.note(note);
    let mut out = Vec::new();
    if let Some(Hit { subject: Subject::Unknown { key, form }, .. }) = navigation::hit_at(index, note, span.start) {
        let change = create_contact(index, config, &key, form);
        let Change::Create { path, .. } = &change else { unreachable!("create_contact creates") };
        // A page not written yet is not a mistake: offered, not suggested as a fix.
        let fix = form != MentionForm::Wiki || config.unresolved_links == UnresolvedLinks::Contact;
        out.push(Action {
            title: format!("Create contact note {path}"),
            kind: if fix { ActionKind::QuickFix } else { ActionKind::Refactor },
            changes: vec![change],
            preferred: fix,
        });
    }
    for task in tasks_touching(facts, span) {
        if task.done || !facts.mentions.iter().any(|m| m.block == Some(task.block)) {
            continue;
        }
        let edit = |edits| vec![Change::Edit { path: facts.path.clone(), edits }];
        out.push(Action {
            title: "Mark done".into(),
            kind: ActionKind::QuickFix,
            changes: edit(mark_done(task, today)),
            preferred: task.due.is_some_and(|d| d.date <= today),
        });
        for (label, days) in [("1 day", 1), ("1 week", 7)] {
            if let Some(e) = snooze(task, today, days) {
                out.push(Action {
                    title: format!("Snooze {label} (due {})", e.new_text),
                    kind: ActionKind::QuickFix,
                    changes: edit(vec![e]),
                    preferred: false,
                });
            }
        }
    }
    if let Some(contact) = navigation::contact_at(index, note, span.start)
        && let Some(change) = log_catch_up(index, config, contact, today)
    {
        let name = &index.contact(contact).expect("a contact").name;
        out.push(Action {
            title: format!("Log a catch-up with {name} today"),
            kind: ActionKind::Refactor,
            changes: vec![change],
            preferred: false,
        });
    }
    out
}

fn tasks_touching(facts: &NoteFacts, span: Span) -> impl Iterator<Item = &Task> {
    let (first, last) = (facts.lines.line_of(span.start), facts.lines.line_of(span.end));
    facts.tasks.iter().filter(move |t| {
        let line = facts.lines.line_of(t.span.start);
        first <= line && line <= last
    })
}

/// Why a rename cannot be done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameError(pub String);

/// Renames a contact's handle: every `@handle` and every wikilink or Markdown link to the
/// contact in the vault, and the contact note (its `handle:` value, or the file itself when the
/// handle is its file name).
pub fn rename(index: &Index, contact: NoteId, new_handle: &str) -> Result<Vec<Change>, RenameError> {
    let decl = index.contact(contact).ok_or_else(|| RenameError("not a contact".into()))?;
    let new = new_handle.trim().trim_start_matches('@').to_lowercase();
    let valid = !new.is_empty()
        && new.chars().all(keys::is_handle_char)
        && !new.starts_with(['.', '-'])
        && !new.ends_with(['.', '-'])
        && keys::safe_stem(&new) == new;
    if !valid {
        return Err(RenameError(format!(
            "`{new_handle}` cannot be a handle: use lower-case letters, digits, `_`, `.` and `-`, not at the ends"
        )));
    }
    if new == decl.handle {
        return Ok(Vec::new());
    }
    if let Some(other) = index.lookup(&new).filter(|&o| o != contact) {
        return Err(RenameError(format!("`{new}` is already taken by {}", index.note(other).path)));
    }
    let facts = index.note(contact);
    let old_stem = keys::file_stem(&facts.path).to_lowercase();
    let has_handle_field = facts.front.as_ref().and_then(|f| f.field("handle")).is_some();
    let rename_file = !has_handle_field && old_stem == decl.handle;
    let dir = facts.path.rsplit_once('/').map_or("", |(d, _)| d);
    let new_path = join(dir, &format!("{new}.md"));
    if rename_file && index.id(&new_path).is_some() {
        return Err(RenameError(format!("{new_path} already exists")));
    }

    let mut per_file: Vec<(String, Vec<TextEdit>)> = Vec::new();
    let mut push = |path: &str, edit: TextEdit| match per_file.iter_mut().find(|(p, _)| p == path) {
        Some((_, edits)) => edits.push(edit),
        None => per_file.push((path.to_string(), vec![edit])),
    };
    for r in index.mentions_of(contact) {
        let m = r.mention;
        let Target::Key(key) = &m.target else {
            if rename_file {
                let dest = relative_path(&r.facts.path, &new_path);
                push(&r.facts.path, TextEdit { span: m.target_span, new_text: dest });
            }
            continue;
        };
        let by_handle = *key == decl.handle;
        let by_stem = *key == old_stem;
        match m.form {
            MentionForm::Handle if by_handle => {
                push(&r.facts.path, TextEdit { span: m.target_span, new_text: new.clone() })
            }
            MentionForm::Wiki if by_handle || (by_stem && rename_file) => {
                push(&r.facts.path, TextEdit { span: m.target_span, new_text: new.clone() })
            }
            _ => {}
        }
    }
    if has_handle_field && let Some(f) = facts.front.as_ref().and_then(|f| f.field("handle")) {
        push(&facts.path, TextEdit { span: f.value_span, new_text: new.clone() });
    }
    let mut changes: Vec<Change> = per_file
        .into_iter()
        .map(|(path, mut edits)| {
            edits.sort_by_key(|e| e.span.start);
            edits.dedup_by_key(|e| e.span);
            Change::Edit { path, edits }
        })
        .collect();
    changes.sort_by(|a, b| change_path(a).cmp(change_path(b)));
    if rename_file {
        changes.push(Change::Rename { from: facts.path.clone(), to: new_path });
    }
    Ok(changes)
}

fn change_path(c: &Change) -> &str {
    match c {
        Change::Edit { path, .. } | Change::Create { path, .. } | Change::Delete { path } => path,
        Change::Rename { from, .. } => from,
    }
}

/// The link destination from note `from` to vault path `to`: `../people/jane.md`.
pub fn relative_path(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect::<Vec<_>>().split_last().map_or(Vec::new(), |(_, d)| d.to_vec());
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_string(), from_dir.len() - common).collect();
    parts.extend(to_parts[common..].iter().map(|p| percent_encode(p)));
    parts.join("/")
}

fn percent_encode(part: &str) -> String {
    let mut out = String::new();
    for c in part.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            c => out.push(c),
        }
    }
    out
}
