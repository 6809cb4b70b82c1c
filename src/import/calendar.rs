//! An iCalendar file -> dated meeting notes (`meetings/YYYY-MM-DD title.md`) for past events
//! whose attendees or organizer are known contacts, so they count as exchanges. Recurring events
//! are expanded up to today (through `calcard`); cancelled events, events with no known
//! attendee and events already imported (same UID and date) are skipped and counted.

use super::Skipped;
use crate::core::date::{self, Date};
use crate::core::features::actions::safe_dir;
use crate::core::front_edit as fe;
use crate::core::index::{Index, NoteId};
use crate::core::keys::fold_key;
use crate::core::note::ContactKind;
use crate::write::FileChange;
use calcard::common::timezone::Tz;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarParameterName, ICalendarParameterValue,
    ICalendarProperty, ICalendarStatus,
};
use calcard::{Entry, Parser};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The folder meeting notes go to.
pub const MEETINGS_DIR: &str = "meetings";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CalendarReport {
    pub new_meetings: Vec<String>,
    /// Occurrences already imported (same UID and date).
    pub already: usize,
    pub cancelled: usize,
    /// Past occurrences where no attendee or organizer is a contact.
    pub no_known_attendee: usize,
    pub future: usize,
    pub skipped: Vec<Skipped>,
}

/// (UID, date) of the meeting notes already in the vault, read from their front matter.
pub fn known_meetings(index: &Index, text_of: &mut dyn FnMut(&str) -> Option<String>) -> HashSet<(String, Date)> {
    let mut out = HashSet::new();
    for (_, facts) in index.notes() {
        let front = facts.front.as_ref();
        if front.and_then(|f| f.field("uid")).is_none() || facts.contact.is_some() {
            continue;
        }
        let (Some(d), Some(text)) = (facts.date, text_of(&facts.path)) else { continue };
        let uid = text.lines().find_map(|l| l.strip_prefix("uid:")).map(|v| unquote(v.trim()));
        if let Some(uid) = uid {
            out.insert((uid, d));
        }
    }
    out
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    match s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => s.trim_matches('\'').to_string(),
    }
}

struct Who {
    email: Option<String>,
    name: Option<String>,
}

fn people(comp: &ICalendarComponent) -> Vec<Who> {
    comp.entries
        .iter()
        .filter(|e| matches!(e.name, ICalendarProperty::Attendee | ICalendarProperty::Organizer))
        .map(|e| {
            let email = e
                .values
                .first()
                .and_then(|v| v.as_text())
                .map(|s| calcard::icalendar::utils::strip_mailto_scheme(s).trim().to_lowercase())
                .filter(|s| s.contains('@'));
            let name = e.params.iter().find(|p| p.name == ICalendarParameterName::Cn).and_then(|p| match &p.value {
                ICalendarParameterValue::Text(t) => Some(t.trim().to_string()),
                _ => None,
            });
            Who { email, name }
        })
        .collect()
}

fn text_prop(comp: &ICalendarComponent, prop: ICalendarProperty) -> Option<String> {
    comp.property(&prop).and_then(|e| e.values.first()).and_then(|v| v.as_text()).map(|s| s.trim().to_string())
}

/// A file name part from an event title: letters, digits, spaces and `-_,.()'&`, at most 60
/// characters, never empty, never starting with a dot.
pub fn safe_title(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | ',' | '(' | ')' | '\'' | '&') {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    let out: String = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let out: String = out.chars().take(60).collect();
    let out = out.trim_matches(['.', ' ', '-']).to_string();
    if out.is_empty() { "meeting".into() } else { out }
}

/// Plans the meeting notes of `text` (an .ics file).
pub fn plan(
    index: &Index,
    text: &str,
    known: &HashSet<(String, Date)>,
    today: Date,
) -> (Vec<FileChange>, CalendarReport) {
    let mut by_email: HashMap<String, NoteId> = HashMap::new();
    let mut by_name: HashMap<String, NoteId> = HashMap::new();
    for (id, c) in index.contacts().filter(|(_, c)| c.kind == ContactKind::Person) {
        for e in &c.emails {
            by_email.entry(e.clone()).or_insert(id);
        }
        for n in std::iter::once(&c.name).chain(&c.aliases) {
            by_name.entry(fold_key(n)).or_insert(id);
        }
    }
    let mut report = CalendarReport::default();
    let mut changes = Vec::new();
    let mut taken: HashSet<String> = HashSet::new();
    let mut seen = known.clone();
    let mut parser = Parser::new(text);
    loop {
        let cal = match parser.entry() {
            Entry::ICalendar(cal) => cal,
            Entry::Eof => break,
            Entry::InvalidLine(l) if l.trim().is_empty() => continue,
            other => {
                report.skipped.push(Skipped { line: 0, reason: format!("not a calendar: {other:?}") });
                continue;
            }
        };
        plan_calendar(index, &cal, today, &by_email, &by_name, &mut seen, &mut taken, &mut changes, &mut report);
    }
    (changes, report)
}

#[allow(clippy::too_many_arguments)]
fn plan_calendar(
    index: &Index,
    cal: &ICalendar,
    today: Date,
    by_email: &HashMap<String, NoteId>,
    by_name: &HashMap<String, NoteId>,
    seen: &mut HashSet<(String, Date)>,
    taken: &mut HashSet<String>,
    changes: &mut Vec<FileChange>,
    report: &mut CalendarReport,
) {
    let expanded = cal.expand_dates(Tz::Floating, 20_000);
    let mut occurrences: Vec<(u32, Date)> = expanded
        .events
        .iter()
        .filter_map(|e| date::parse_iso(&e.start.format("%Y-%m-%d").to_string()).map(|d| (e.comp_id, d)))
        .collect();
    occurrences.sort_by_key(|&(id, d)| (d, id));
    occurrences.dedup();
    for (comp_id, day) in occurrences {
        let Some(comp) = cal.components.get(comp_id as usize) else { continue };
        if comp.component_type != ICalendarComponentType::VEvent {
            continue;
        }
        if matches!(comp.status(), Some(ICalendarStatus::Cancelled)) {
            report.cancelled += 1;
            continue;
        }
        if day > today {
            report.future += 1;
            continue;
        }
        let uid = comp.uid().map(str::to_string).unwrap_or_else(|| format!("no-uid-{comp_id}"));
        if seen.contains(&(uid.clone(), day)) {
            report.already += 1;
            continue;
        }
        let mut handles: Vec<String> = Vec::new();
        for who in people(comp) {
            let id = who
                .email
                .as_ref()
                .and_then(|e| by_email.get(e))
                .or_else(|| who.name.as_ref().and_then(|n| by_name.get(&fold_key(n))));
            if let Some(c) = id.and_then(|&id| index.contact(id))
                && !handles.contains(&c.handle)
            {
                handles.push(c.handle.clone());
            }
        }
        if handles.is_empty() {
            report.no_known_attendee += 1;
            continue;
        }
        seen.insert((uid.clone(), day));
        let title = text_prop(comp, ICalendarProperty::Summary).unwrap_or_else(|| "Meeting".into());
        let stem = format!("{day} {}", safe_title(&title));
        let dir = safe_dir(MEETINGS_DIR);
        let mut path = format!("{dir}/{stem}.md");
        let mut n = 2;
        while index.id(&path).is_some() || taken.contains(&path) {
            path = format!("{dir}/{stem} ({n}).md");
            n += 1;
        }
        taken.insert(path.clone());
        let title_line: String = title.chars().filter(|c| !c.is_control()).collect();
        let mut text = format!("---\ndate: {day}\nuid: {}\n---\n\n{title_line}, with ", fe::scalar(&uid));
        text.push_str(&handles.iter().map(|h| format!("@{h}")).collect::<Vec<_>>().join(", "));
        text.push_str(".\n");
        if let Some(desc) = text_prop(comp, ICalendarProperty::Description).filter(|d| !d.is_empty()) {
            let clean: String = desc.chars().filter(|c| !c.is_control() || *c == '\n').collect();
            text.push_str(&format!("\n{}\n", clean.trim()));
        }
        report.new_meetings.push(path.clone());
        changes.push(FileChange::Create { path, text });
    }
}
