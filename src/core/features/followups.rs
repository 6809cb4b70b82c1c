//! Follow-ups: open tasks that mention a contact, with their due status against today. A
//! follow-up overdue by more than the horizon (`stale_after_days`) is stale: it sorts last and
//! is summed up once per contact instead of warned about one by one.

use crate::core::config::Config;
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
    /// Overdue by more than the horizon: probably forgotten, not urgent.
    pub stale: bool,
    pub with: Vec<Person>,
}

/// The first day that is not stale as of `today`: a follow-up due before it is stale.
pub fn stale_before(today: Date, config: &Config) -> Date {
    date::add_days(today, -i64::from(config.stale_after_days)).unwrap_or(Date::MIN)
}

/// Builds the follow-up for a task, or None when the task mentions nobody.
pub fn follow_up(index: &Index, facts: &NoteFacts, task: &Task, today: Date, config: &Config) -> Option<FollowUp> {
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
        stale: task.due.is_some_and(|d| d.date < stale_before(today, config)),
        with,
    })
}

/// Most urgent first: by due date (overdue first), then undated ones, stale ones last; then by
/// place.
pub fn sort(list: &mut [FollowUp]) {
    list.sort_by(|a, b| {
        let key = |f: &FollowUp| (f.stale, f.due.is_none(), f.due.map(|d| d.date));
        key(a).cmp(&key(b)).then_with(|| a.path.cmp(&b.path)).then(a.span.start.cmp(&b.span.start))
    });
}

/// Every open follow-up in the vault, most urgent first, stale ones last.
pub fn all(index: &Index, today: Date, config: &Config) -> Vec<FollowUp> {
    let mut out = Vec::new();
    for (_, facts) in index.notes() {
        for task in facts.tasks.iter().filter(|t| !t.done) {
            out.extend(follow_up(index, facts, task, today, config));
        }
    }
    sort(&mut out);
    out
}

/// The open follow-ups with one contact, most urgent first (stale ones last), at most `limit`
/// of them; from the contact's aggregate, so the cost does not grow with its history.
pub fn of_contact(index: &Index, contact: NoteId, today: Date, config: &Config, limit: Option<usize>) -> Vec<FollowUp> {
    let cutoff = stale_before(today, config);
    index
        .follow_ups_due_from(contact, cutoff)
        .chain(index.follow_ups_due_before(contact, cutoff))
        .take(limit.unwrap_or(usize::MAX))
        .filter_map(|t| follow_up(index, t.facts, t.task, today, config))
        .collect()
}

/// How many of the contact's open follow-ups are stale, and the oldest of them.
pub fn stale_of_contact(index: &Index, contact: NoteId, today: Date, config: &Config) -> (usize, Option<FollowUp>) {
    let mut stale = index.follow_ups_due_before(contact, stale_before(today, config));
    let oldest = stale.next().and_then(|t| follow_up(index, t.facts, t.task, today, config));
    (oldest.as_ref().map_or(0, |_| 1 + stale.count()), oldest)
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
