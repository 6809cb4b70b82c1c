//! Follow-ups: open tasks that mention a contact, with their due status against today.

use crate::core::date::{self, Date};
use crate::core::index::{Index, NoteId};
use crate::core::note::{Due, NoteFacts, Task};
use crate::core::text::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DueStatus {
    Overdue { days: i64 },
    Today,
    Upcoming { days: i64 },
    NoDate,
}

impl DueStatus {
    pub fn of(due: Option<&Due>, today: Date) -> DueStatus {
        match due {
            None => DueStatus::NoDate,
            Some(d) => match date::days_between(today, d.date) {
                0 => DueStatus::Today,
                n if n < 0 => DueStatus::Overdue { days: -n },
                n => DueStatus::Upcoming { days: n },
            },
        }
    }

    /// "3 days overdue", "due today", "due in 4 days", "no due date".
    pub fn describe(self) -> String {
        match self {
            DueStatus::Overdue { days: 1 } => "1 day overdue".into(),
            DueStatus::Overdue { days } => format!("{days} days overdue"),
            DueStatus::Today => "due today".into(),
            DueStatus::Upcoming { days: 1 } => "due tomorrow".into(),
            DueStatus::Upcoming { days } => format!("due in {days} days"),
            DueStatus::NoDate => "no due date".into(),
        }
    }
}

/// Who a follow-up is with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// The contact's handle, or the mention's key when it names no contact.
    pub handle: String,
    pub name: String,
    pub known: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUp {
    pub path: String,
    /// The task's first line.
    pub span: Span,
    pub marker: Span,
    /// Zero-based line of the task.
    pub line: u32,
    /// The task's block in its note.
    pub block: u32,
    /// Sliced from the note's text by `summaries::fill_card` / `fill_follow_ups` (the index keeps
    /// block spans and the text's hash, not summaries).
    pub text: String,
    pub due: Option<Due>,
    pub status: DueStatus,
    pub with: Vec<Person>,
}

/// Builds the follow-up for a task, or None when the task mentions nobody.
pub fn follow_up(index: &Index, facts: &NoteFacts, task: &Task, today: Date) -> Option<FollowUp> {
    let mut with: Vec<Person> = Vec::new();
    for m in facts.mentions.iter().filter(|m| m.block == Some(task.block)) {
        let person = match index.resolve(&m.target) {
            Some(id) => {
                let c = index.contact(id)?;
                Person { handle: c.handle.clone(), name: c.name.clone(), known: true }
            }
            None => match &m.target {
                // A task about a page not written yet (`read [[Deep Work]]`) is not about a person.
                crate::core::note::Target::Key(k) if index.is_unknown(m) && !index.is_unresolved_link(m) => {
                    Person { handle: k.clone(), name: crate::core::keys::shown(m.form, k), known: false }
                }
                _ => continue,
            },
        };
        if !with.iter().any(|p| p.handle == person.handle) {
            with.push(person);
        }
    }
    if with.is_empty() {
        return None;
    }
    Some(FollowUp {
        path: facts.path.clone(),
        span: task.span,
        marker: task.marker,
        line: facts.lines.line_of(task.span.start),
        block: task.block,
        text: String::new(),
        due: task.due,
        status: DueStatus::of(task.due.as_ref(), today),
        with,
    })
}

/// Overdue first, then by due date, undated last; then by place.
pub fn sort(list: &mut [FollowUp]) {
    list.sort_by(|a, b| {
        let key = |f: &FollowUp| (f.due.is_none(), f.due.map(|d| d.date));
        key(a).cmp(&key(b)).then_with(|| a.path.cmp(&b.path)).then(a.span.start.cmp(&b.span.start))
    });
}

/// Every open follow-up in the vault, overdue first.
pub fn all(index: &Index, today: Date) -> Vec<FollowUp> {
    let mut out = Vec::new();
    for (_, facts) in index.notes() {
        for task in facts.tasks.iter().filter(|t| !t.done) {
            out.extend(follow_up(index, facts, task, today));
        }
    }
    sort(&mut out);
    out
}

/// Open follow-ups with one contact, overdue first.
pub fn of_contact(index: &Index, contact: NoteId, today: Date) -> Vec<FollowUp> {
    let mut out: Vec<FollowUp> =
        index.follow_ups(contact).into_iter().filter_map(|t| follow_up(index, t.facts, t.task, today)).collect();
    sort(&mut out);
    out
}

/// "Jane", "Jane and Bob", "Jane, Bob and Ann".
pub fn join_names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
