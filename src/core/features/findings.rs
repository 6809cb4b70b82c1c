//! Findings: what deserves the user's attention in a note as of today (overdue follow-ups,
//! contacts going cold, unknown mentions, broken front matter, ...). One list feeds
//! `ties check` and the editor's diagnostics.

use crate::core::config::Config;
use crate::core::date::Date;
use crate::core::features::card::{self, CatchUpState, times};
use crate::core::features::followups::{self, DueStatus};
use crate::core::index::{Index, NoteId};
use crate::core::note::{ContactKind, NoteFacts, ProblemKind, Target};
use crate::core::text::Span;
use serde::{Deserialize, Serialize};

/// How loud a finding is; defined with the settings that choose it (`core::config`).
pub use crate::core::config::Severity;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    FrontMatter,
    InvalidDate,
    InvalidField,
    NoteFile,
    UnknownContact,
    DuplicateHandle,
    Overdue,
    StaleFollowUp,
    DueToday,
    CatchUp,
    GoingCold,
    GiveTake,
    NoOneAtTarget,
    KeyDate,
    PossibleDuplicate,
    JobChange,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::FrontMatter => "front-matter",
            Code::InvalidDate => "invalid-date",
            Code::InvalidField => "invalid-field",
            Code::NoteFile => "note-file",
            Code::UnknownContact => "unknown-contact",
            Code::DuplicateHandle => "duplicate-handle",
            Code::Overdue => "overdue",
            Code::StaleFollowUp => "stale-follow-up",
            Code::DueToday => "due-today",
            Code::CatchUp => "catch-up",
            Code::GoingCold => "going-cold",
            Code::GiveTake => "give-take",
            Code::NoOneAtTarget => "no-one-at-target",
            Code::KeyDate => "key-date",
            Code::PossibleDuplicate => "possible-duplicate",
            Code::JobChange => "job-change",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub path: String,
    pub span: Span,
    pub severity: Severity,
    pub code: Code,
    pub message: String,
}

/// The findings of one note, in text order.
pub fn for_note(index: &Index, id: NoteId, today: Date, config: &Config) -> Vec<Finding> {
    let facts = index.note(id);
    let mut out = Vec::new();
    let mut push = |span: Span, severity: Severity, code: Code, message: String| {
        out.push(Finding { path: facts.path.clone(), span, severity, code, message });
    };
    for p in &facts.problems {
        let (severity, code) = match p.kind {
            ProblemKind::FrontMatter => (Severity::Error, Code::FrontMatter),
            ProblemKind::InvalidDate => (Severity::Warning, Code::InvalidDate),
            ProblemKind::InvalidField => (Severity::Warning, Code::InvalidField),
            ProblemKind::File => (Severity::Warning, Code::NoteFile),
        };
        push(p.span, severity, code, p.message.clone());
    }
    if let Some(severity) = config.unknown_mentions {
        for m in facts.mentions.iter().filter(|m| config.reports_unknown(index, m)) {
            let Target::Key(key) = &m.target else { continue };
            let file = crate::core::features::actions::new_contact_path(index, config, key);
            push(
                m.span,
                severity,
                Code::UnknownContact,
                format!(
                    "no contact named {}: create {file} with `kind: person`, or fix the spelling",
                    shown(m.form, key)
                ),
            );
        }
    }
    // Stale follow-ups with a contact are summed up on the contact's note; those with nobody
    // known are summed up here, once per note.
    let mut nobody_stale: Vec<Span> = Vec::new();
    for task in facts.tasks.iter().filter(|t| !t.done) {
        let Some(f) = followups::follow_up(index, facts, task, today, config) else {
            continue;
        };
        if f.stale {
            if !f.with.iter().any(|p| p.known) {
                nobody_stale.push(task.span);
            }
            continue;
        }
        let who = join_names(f.with.iter().map(|p| p.name.as_str()));
        let due = f.due.map(|d| d.date);
        match (f.status, due) {
            (DueStatus::Overdue { days }, Some(due)) => push(
                task.span,
                Severity::Warning,
                Code::Overdue,
                format!("follow-up with {who} is {} (due {due})", DueStatus::Overdue { days }.describe()),
            ),
            (DueStatus::Today, _) => {
                push(task.span, Severity::Information, Code::DueToday, format!("follow-up with {who} is due today"))
            }
            _ => {}
        }
    }
    if let Some(&first) = nobody_stale.first() {
        let n = nobody_stale.len();
        push(
            first,
            Severity::Hint,
            Code::StaleFollowUp,
            format!(
                "{} in this note {} overdue by more than {} days and {} no contact: do, tick or delete {}",
                if n == 1 { "1 follow-up".to_string() } else { format!("{n} follow-ups") },
                if n == 1 { "is" } else { "are" },
                config.stale_after_days,
                if n == 1 { "names" } else { "name" },
                if n == 1 { "it" } else { "them" },
            ),
        );
    }
    if facts.contact.is_some() {
        contact_findings(index, id, facts, today, config, &mut out);
    }
    out.sort_by_key(|f| (f.span.start, f.code as u8));
    out
}

/// Where a contact's finding about front matter key `key` sits: on the key, else on `kind:`.
pub fn key_anchor(facts: &NoteFacts, key: &str) -> Span {
    let front = facts.front.as_ref();
    let f = front.and_then(|f| f.field(key)).or_else(|| front.and_then(|f| f.field("kind")));
    f.map_or(Span::default(), |f| f.key_span)
}

fn contact_findings(
    index: &Index,
    id: NoteId,
    facts: &NoteFacts,
    today: Date,
    config: &Config,
    out: &mut Vec<Finding>,
) {
    let Some(c) = facts.contact.as_ref() else { return };
    let anchor = |key: &str| key_anchor(facts, key);
    let mut push = |span: Span, severity: Severity, code: Code, message: String| {
        out.push(Finding { path: facts.path.clone(), span, severity, code, message });
    };
    for (key, other) in index.conflicts(id) {
        let field = if key == c.handle { "handle" } else { "aliases" };
        let other = index.note(other);
        push(
            anchor(field),
            Severity::Warning,
            Code::DuplicateHandle,
            format!("`{key}` is also claimed by {}: give one of them another handle or alias", other.path),
        );
    }
    let status = card::catch_up(index, id, index.last_exchange(id, today), today, config);
    if let Some((cadence, _)) = status.cadence {
        let ago = status.days_since.unwrap_or(0);
        match status.state {
            CatchUpState::Due { since } => push(
                anchor("name"),
                Severity::Information,
                Code::CatchUp,
                format!(
                    "time to catch up with {}: last exchange {ago} days ago, cadence {cadence} (due since {since})",
                    c.name
                ),
            ),
            CatchUpState::Cold { .. } => push(
                anchor("name"),
                Severity::Warning,
                Code::GoingCold,
                format!(
                    "{} is going cold: last exchange {ago} days ago, more than twice the {cadence} cadence",
                    c.name
                ),
            ),
            CatchUpState::Never => push(
                anchor("name"),
                Severity::Information,
                Code::CatchUp,
                format!(
                    "no exchange with {} yet (cadence {cadence}): mention them in a dated note when you talk",
                    c.name
                ),
            ),
            _ => {}
        }
    }
    let totals = index.totals(id);
    let (mut gave, mut asked) = (totals.gave, totals.asked);
    for e in index.future_exchanges(id, today) {
        gave -= u32::from(e.gave);
        asked -= u32::from(e.asked);
    }
    if let (n @ 1.., Some(oldest)) = followups::stale_of_contact(index, id, today, config) {
        let due = oldest.due.map_or(String::new(), |d| d.date.to_string());
        push(
            anchor("name"),
            Severity::Hint,
            Code::StaleFollowUp,
            format!(
                "{} with {} {} overdue by more than {} days (the oldest due {due}, {}:{}): do, tick or delete {}; `ties due` lists {} last",
                if n == 1 { "1 follow-up".to_string() } else { format!("{n} follow-ups") },
                c.name,
                if n == 1 { "is" } else { "are" },
                config.stale_after_days,
                oldest.path,
                oldest.line + 1,
                if n == 1 { "it" } else { "them" },
                if n == 1 { "it" } else { "them" },
            ),
        );
    }
    if asked >= gave + 2 {
        push(
            anchor("name"),
            Severity::Hint,
            Code::GiveTake,
            format!(
                "you have asked {} {} and given {}: send something useful (an article, a job post, an intro) and tag it #gave",
                c.name,
                times(asked),
                times(gave)
            ),
        );
    }
    crate::core::features::news::findings(index, id, today, &anchor, &mut push);
    if c.kind == ContactKind::Company && c.target && index.people_at(id).is_empty() {
        let best = crate::core::features::intro::best_way_in(index, id, today, config);
        let message = match best {
            Some(p) => format!("no one at {} yet; best way in: {} (`ties intro {}`)", c.name, p.short(), c.handle),
            None => format!("no one at {} yet: who could introduce you?", c.name),
        };
        push(anchor("target"), Severity::Information, Code::NoOneAtTarget, message);
    }
}

/// Every finding in the vault, by path then position.
pub fn all(index: &Index, today: Date, config: &Config) -> Vec<Finding> {
    let mut ids: Vec<(NoteId, &str)> = index.notes().map(|(id, f)| (id, f.path.as_str())).collect();
    ids.sort_by(|a, b| a.1.cmp(b.1));
    ids.into_iter().flat_map(|(id, _)| for_note(index, id, today, config)).collect()
}

// Moved to their owners (`keys`: how a mention is written; `followups`: who a follow-up is
// with); kept here for callers on other branches.
pub use crate::core::features::followups::join_names;
pub use crate::core::keys::shown;
