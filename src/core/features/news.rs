//! A contact's news as findings: a job change (`job_changed:`, set by an import that saw a new
//! company or role) until the next exchange, key dates a week ahead and on the day
//! (`keydates`), and possible duplicates (`duplicates`). `findings::for_note` calls `findings`.

use crate::core::date::Date;
use crate::core::features::findings::{Code, Severity};
use crate::core::features::{duplicates, keydates};
use crate::core::index::{Index, NoteId};
use crate::core::text::Span;

/// Pushes the news findings of contact `id`; `anchor` gives the range of a front matter key.
pub fn findings(
    index: &Index,
    id: NoteId,
    today: Date,
    anchor: &dyn Fn(&str) -> Span,
    push: &mut dyn FnMut(Span, Severity, Code, String),
) {
    let Some(c) = index.contact(id) else { return };
    if let Some(msg) = news(index, id, today) {
        push(anchor("job_changed"), Severity::Information, Code::JobChange, msg);
    }
    for k in keydates::of(c, today) {
        if let Some(msg) = keydates::announce(&c.name, &k) {
            push(anchor(k.label), Severity::Information, Code::KeyDate, msg);
        }
    }
    for d in duplicates::of(index, id) {
        let other = index.note(d.other);
        let handle = index.contact(d.other).map_or("", |o| o.handle.as_str());
        push(
            anchor(d.why.key()),
            Severity::Information,
            Code::PossibleDuplicate,
            format!(
                "possible duplicate of {} (same {}: {}): merge with `ties merge {} {handle}` if they are one person",
                other.path,
                d.why.key(),
                d.value,
                c.handle
            ),
        );
    }
}

/// The message while the job change is news (no exchange on or after it, up to today).
pub fn news(index: &Index, id: NoteId, today: Date) -> Option<String> {
    let c = index.contact(id)?;
    let changed = c.job_changed?;
    if index.exchange_dates(id).iter().any(|&d| d >= changed && d <= today) {
        return None;
    }
    let company =
        index.company_of(id).and_then(|co| index.contact(co)).map(|co| co.name.clone()).or_else(|| c.company.clone());
    // `past_companies` ends with the company left when the last change was a move.
    let moved = c.past_companies.last().zip(c.company.as_ref()).is_some_and(|(old, now)| old != now);
    let where_ = match (company, &c.role) {
        (Some(co), _) if moved => format!("moved to {co}"),
        (Some(co), Some(role)) => format!("is now {role} at {co}"),
        (Some(co), None) => format!("has a new role at {co}"),
        (None, Some(role)) => format!("is now {role}"),
        (None, None) => "changed jobs".into(),
    };
    Some(format!("{} {where_} ({changed}): congratulate them, a natural reason to get back in touch", c.name))
}
