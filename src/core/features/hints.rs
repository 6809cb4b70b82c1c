//! Small annotations inside a note: inlay hints after mentions ("12d" since the last exchange)
//! and after due dates ("overdue 3d", "in 4d"), and the kind of each mention for highlighting.

use crate::core::date::{self, Date};
use crate::core::features::followups::DueStatus;
use crate::core::index::{Index, NoteId};
use crate::core::note::ContactKind;
use crate::core::text::Span;
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hint {
    /// Where the hint shows: right after the mention or the due date.
    pub offset: u32,
    pub label: String,
    pub tooltip: String,
}

/// Hints for the part of a note inside `range`.
pub fn inlay_hints(index: &Index, note: NoteId, range: Span, today: Date) -> Vec<Hint> {
    let facts = index.note(note);
    let inside = |s: Span| range.start <= s.end && s.start <= range.end;
    let mut last: HashMap<NoteId, Option<Date>> = HashMap::new();
    let mut out = Vec::new();
    for m in facts.mentions.iter().filter(|m| inside(m.span)) {
        let Some(c) = index.resolve(&m.target) else { continue };
        if c == note {
            continue;
        }
        let when = *last.entry(c).or_insert_with(|| index.last_exchange(c, today));
        if let Some(d) = when {
            let days = date::days_between(d, today);
            out.push(Hint {
                offset: m.span.end,
                label: format!("{days}d"),
                tooltip: format!("last exchange {d} ({})", date::relative(days)),
            });
        }
    }
    for t in facts.tasks.iter().filter(|t| !t.done && inside(t.span)) {
        let Some(due) = t.due else { continue };
        let label = match DueStatus::of(Some(&due), today) {
            DueStatus::Overdue { days } => format!("overdue {days}d"),
            DueStatus::Today => "today".into(),
            DueStatus::Upcoming { days } => format!("in {days}d"),
            DueStatus::NoDate => continue,
        };
        out.push(Hint { offset: due.span.end, label, tooltip: format!("due {}", due.date) });
    }
    out.sort_by_key(|h| h.offset);
    out
}

/// How a mention should be highlighted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Person,
    Company,
    Unknown,
}

/// Every mention of a contact, and every unknown one (not links to unwritten pages), in text
/// order.
pub fn tokens(index: &Index, note: NoteId) -> Vec<(Span, TokenKind)> {
    let facts = index.note(note);
    facts
        .mentions
        .iter()
        .filter_map(|m| match index.resolve(&m.target) {
            Some(c) => match index.contact(c)?.kind {
                ContactKind::Person => Some((m.span, TokenKind::Person)),
                ContactKind::Company => Some((m.span, TokenKind::Company)),
            },
            None if index.is_unknown(m) && !index.is_unresolved_link(m) => Some((m.span, TokenKind::Unknown)),
            None => None,
        })
        .collect()
}
