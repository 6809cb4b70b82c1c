//! Per-contact aggregates: each contact's exchanges (newest first), open follow-ups (by due
//! date, undated last) and give/ask counts, kept current note by note. Every note remembers
//! what it gave to which contact, so an edit takes back the note's old share and adds its new
//! one: the cost of an edit is the size of the note, and a question about a contact (last
//! exchange, counts, the next follow-ups) costs a few tree lookups, never a walk over its
//! history. Nothing here knows today's date: callers pass the day they ask about.

use super::{Exchange, Index, NoteId, TaskRef, exchange_date};
use crate::core::date::Date;
use crate::core::note::Target;
use crate::core::text::Span;
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// The order of a contact's exchanges: newest first, then by path, then by place.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct ExKey {
    newest: Reverse<Date>,
    path: Arc<str>,
    span: Span,
}

impl ExKey {
    /// The first key dated on or before `day`.
    fn from_day(day: Date) -> ExKey {
        ExKey { newest: Reverse(day), path: Arc::from(""), span: Span::default() }
    }
}

/// The order of a contact's open follow-ups: by due date (oldest first), undated last, then by
/// path and place (the order `followups::sort` gives).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct TaskKey {
    undated: bool,
    due: Option<Date>,
    path: Arc<str>,
    start: u32,
}

impl TaskKey {
    /// The first key due on or after `day`.
    fn from_day(day: Date) -> TaskKey {
        TaskKey { undated: false, due: Some(day), path: Arc::from(""), start: 0 }
    }
}

/// What ties knows of one contact's history.
#[derive(Debug, Default)]
pub(super) struct Aggregate {
    exchanges: BTreeMap<ExKey, Exchange>,
    open: BTreeMap<TaskKey, (NoteId, u32)>,
    gave: u32,
    asked: u32,
}

/// What one note gave to the aggregates, to take it back when the note changes: its path
/// once, and (contact, entry) pairs small enough to rebuild the keys from.
#[derive(Debug)]
pub(super) struct Share {
    path: Arc<str>,
    items: Vec<(NoteId, Slot)>,
}

#[derive(Clone, Copy, Debug)]
enum Slot {
    Exchange { date: Date, span: Span },
    Task { due: Option<Date>, start: u32 },
}

impl Share {
    fn ex_key(&self, date: Date, span: Span) -> ExKey {
        ExKey { newest: Reverse(date), path: Arc::clone(&self.path), span }
    }

    fn task_key(&self, due: Option<Date>, start: u32) -> TaskKey {
        TaskKey { undated: due.is_none(), due, path: Arc::clone(&self.path), start }
    }
}

/// Totals over a contact's whole history, past and future.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub exchanges: usize,
    pub gave: u32,
    pub asked: u32,
    pub open_follow_ups: usize,
}

impl Index {
    /// Brings the aggregates up to date for these notes (each one changed, was removed, or may
    /// resolve its mentions differently). Returns the contacts whose aggregate changed.
    pub(super) fn refresh(&mut self, notes: impl IntoIterator<Item = NoteId>) -> HashSet<NoteId> {
        let mut changed = HashSet::new();
        for id in notes {
            self.take_back(id, &mut changed);
            if self.notes.get(id as usize).is_some_and(Option::is_some) {
                self.give(id, &mut changed);
            }
        }
        self.aggregates.retain(|_, a| !a.exchanges.is_empty() || !a.open.is_empty());
        let dates = self.dates.get_mut().unwrap_or_else(|e| e.into_inner());
        for c in &changed {
            dates.remove(c);
        }
        changed
    }

    fn take_back(&mut self, id: NoteId, changed: &mut HashSet<NoteId>) {
        let Some(share) = self.shares.remove(&id) else { return };
        for &(contact, slot) in &share.items {
            changed.insert(contact);
            let Some(agg) = self.aggregates.get_mut(&contact) else { continue };
            match slot {
                Slot::Exchange { date, span } => {
                    if let Some(e) = agg.exchanges.remove(&share.ex_key(date, span)) {
                        agg.gave -= u32::from(e.gave);
                        agg.asked -= u32::from(e.asked);
                    }
                }
                Slot::Task { due, start } => {
                    agg.open.remove(&share.task_key(due, start));
                }
            }
        }
    }

    fn give(&mut self, id: NoteId, changed: &mut HashSet<NoteId>) {
        let facts = Arc::clone(self.notes[id as usize].as_ref().expect("live note"));
        let path: Arc<str> = Arc::from(facts.path.as_str());
        let mut resolved: HashMap<&Target, Option<NoteId>> = HashMap::new();
        // (contact, section, date) -> exchange; grouped in mention order, first mention wins.
        let mut groups: HashMap<(NoteId, u32, Date), Exchange> = HashMap::new();
        let mut order: Vec<(NoteId, u32, Date)> = Vec::new();
        let mut tasks: Vec<(NoteId, u32)> = Vec::new();
        for m in &facts.mentions {
            let contact = *resolved.entry(&m.target).or_insert_with(|| self.resolve(&m.target));
            let Some(contact) = contact else { continue };
            if let Some(t) = m.block.and_then(|b| facts.blocks[b as usize].task)
                && !facts.tasks[t as usize].done
            {
                tasks.push((contact, t));
            }
            if contact == id {
                continue;
            }
            let Some(date) = exchange_date(&facts, m) else { continue };
            let (gave, asked) = m.block.map_or((false, false), |b| {
                let b = &facts.blocks[b as usize];
                (b.gave, b.asked)
            });
            let key = (contact, m.section, date);
            groups
                .entry(key)
                .and_modify(|e| {
                    e.gave |= gave;
                    e.asked |= asked;
                })
                .or_insert_with(|| {
                    order.push(key);
                    Exchange { note: id, span: m.span, date, block: m.block, gave, asked }
                });
        }
        let mut share = Share { path, items: Vec::new() };
        for key in order {
            let e = groups.remove(&key).expect("grouped");
            self.add_exchange(key.0, e, &mut share);
        }
        if let Some(date) = facts.contact.as_ref().and_then(|c| c.last_contact) {
            let span =
                facts.front.as_ref().and_then(|f| f.field("last_contact")).map_or(Span::default(), |f| f.key_span);
            let e = Exchange { note: id, span, date, block: None, gave: false, asked: false };
            self.add_exchange(id, e, &mut share);
        }
        tasks.sort_unstable();
        tasks.dedup();
        for (contact, t) in tasks {
            let task = &facts.tasks[t as usize];
            let (due, start) = (task.due.map(|d| d.date), task.span.start);
            self.aggregates.entry(contact).or_default().open.insert(share.task_key(due, start), (id, t));
            share.items.push((contact, Slot::Task { due, start }));
        }
        changed.extend(share.items.iter().map(|(c, _)| *c));
        if !share.items.is_empty() {
            share.items.shrink_to_fit();
            self.shares.insert(id, share);
        }
    }

    fn add_exchange(&mut self, contact: NoteId, e: Exchange, share: &mut Share) {
        let key = share.ex_key(e.date, e.span);
        share.items.push((contact, Slot::Exchange { date: e.date, span: e.span }));
        let agg = self.aggregates.entry(contact).or_default();
        agg.gave += u32::from(e.gave);
        agg.asked += u32::from(e.asked);
        if let Some(old) = agg.exchanges.insert(key.clone(), e) {
            agg.gave -= u32::from(old.gave);
            agg.asked -= u32::from(old.asked);
        }
    }

    fn aggregate(&self, contact: NoteId) -> Option<&Aggregate> {
        self.aggregates.get(&contact)
    }

    /// The contact's exchanges, past and future, newest first.
    pub fn exchanges_newest(&self, contact: NoteId) -> impl DoubleEndedIterator<Item = &Exchange> + '_ {
        self.aggregate(contact).into_iter().flat_map(|a| a.exchanges.values())
    }

    /// The contact's exchanges dated on or before `day`, newest first.
    pub fn past_exchanges(&self, contact: NoteId, day: Date) -> impl DoubleEndedIterator<Item = &Exchange> + '_ {
        self.aggregate(contact).into_iter().flat_map(move |a| a.exchanges.range(ExKey::from_day(day)..).map(|(_, e)| e))
    }

    /// The contact's exchanges dated after `day`, newest first (the latest plan first).
    pub fn future_exchanges(&self, contact: NoteId, day: Date) -> impl DoubleEndedIterator<Item = &Exchange> + '_ {
        self.aggregate(contact).into_iter().flat_map(move |a| a.exchanges.range(..ExKey::from_day(day)).map(|(_, e)| e))
    }

    /// The date of the last exchange on or before `day`.
    pub fn last_exchange(&self, contact: NoteId, day: Date) -> Option<Date> {
        self.past_exchanges(contact, day).next().map(|e| e.date)
    }

    /// Totals over the contact's whole history (past and future exchanges, open follow-ups).
    pub fn totals(&self, contact: NoteId) -> Totals {
        self.aggregate(contact).map_or(Totals::default(), |a| Totals {
            exchanges: a.exchanges.len(),
            gave: a.gave,
            asked: a.asked,
            open_follow_ups: a.open.len(),
        })
    }

    fn task_ref(&self, (note, index): (NoteId, u32)) -> TaskRef<'_> {
        let facts = self.note(note);
        TaskRef { note, facts, task: &facts.tasks[index as usize], index }
    }

    /// The contact's open follow-ups by due date, oldest first, undated last.
    pub fn open_follow_ups(&self, contact: NoteId) -> impl DoubleEndedIterator<Item = TaskRef<'_>> + '_ {
        self.aggregate(contact).into_iter().flat_map(move |a| a.open.values().map(move |&r| self.task_ref(r)))
    }

    /// Open follow-ups due before `day` (oldest first): with `day` = today minus the horizon,
    /// the stale ones.
    pub fn follow_ups_due_before(
        &self,
        contact: NoteId,
        day: Date,
    ) -> impl DoubleEndedIterator<Item = TaskRef<'_>> + '_ {
        self.aggregate(contact)
            .into_iter()
            .flat_map(move |a| a.open.range(..TaskKey::from_day(day)).map(move |(_, &r)| self.task_ref(r)))
    }

    /// Open follow-ups due on or after `day`, then the undated ones.
    pub fn follow_ups_due_from(&self, contact: NoteId, day: Date) -> impl DoubleEndedIterator<Item = TaskRef<'_>> + '_ {
        self.aggregate(contact)
            .into_iter()
            .flat_map(move |a| a.open.range(TaskKey::from_day(day)..).map(move |(_, &r)| self.task_ref(r)))
    }

    /// Checks every aggregate against a walk over the contact's mentions (for tests: the walk is
    /// the definition, the aggregates the fast way). Returns what differs.
    #[doc(hidden)]
    pub fn verify_aggregates(&self) -> Result<(), String> {
        for (id, _) in self.contacts() {
            let fast: Vec<(Date, String, Span, bool, bool)> = self
                .exchanges_newest(id)
                .map(|e| (e.date, self.note(e.note).path.clone(), e.span, e.gave, e.asked))
                .collect();
            let slow: Vec<(Date, String, Span, bool, bool)> = self
                .exchanges_by_walk(id)
                .into_iter()
                .map(|e| (e.date, self.note(e.note).path.clone(), e.span, e.gave, e.asked))
                .collect();
            if fast != slow {
                return Err(format!("exchanges of {}: aggregate {fast:?}, walk {slow:?}", self.note(id).path));
            }
            let totals = self.totals(id);
            let (gave, asked) =
                (slow.iter().filter(|e| e.3).count() as u32, slow.iter().filter(|e| e.4).count() as u32);
            if (totals.gave, totals.asked) != (gave, asked) {
                return Err(format!("gave/asked of {}: {totals:?}, walk {gave}/{asked}", self.note(id).path));
            }
            let key = |t: &TaskRef<'_>| {
                (t.task.due.is_none(), t.task.due.map(|d| d.date), t.facts.path.clone(), t.task.span.start)
            };
            let fast: Vec<_> = self.open_follow_ups(id).map(|t| key(&t)).collect();
            let mut slow: Vec<_> = self.follow_ups_by_walk(id).iter().map(key).collect();
            slow.sort();
            if fast != slow {
                return Err(format!("follow-ups of {}: aggregate {fast:?}, walk {slow:?}", self.note(id).path));
            }
        }
        let live: HashSet<NoteId> = self.contacts.iter().copied().collect();
        if let Some(stray) = self.aggregates.keys().find(|c| !live.contains(c)) {
            return Err(format!("an aggregate is kept for note {stray}, which is not a contact"));
        }
        Ok(())
    }
}
