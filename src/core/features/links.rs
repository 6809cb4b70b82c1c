//! Who knows whom among your contacts, with the evidence: `introduced_by:` / `met_via:` front
//! matter, co-mentions (two people in one paragraph or list item that is not an open task, or a
//! person mentioned in another person's note) and a meeting note's `attendees:`. Computed on demand from the index,
//! either for the whole vault (`all`) or only around a few people (`around`, what `ties intro`
//! needs). Pure; knows nothing of today's date.

use crate::core::date::Date;
use crate::core::index::{Index, NoteId, exchange_date};
use crate::core::keys;
use crate::core::note::{ContactKind, NoteFacts};
use std::collections::{HashMap, HashSet};

/// Blocks naming more people than this are lists of names, not evidence that they know each other.
pub const MAX_PEOPLE_PER_BLOCK: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkKind {
    /// `introduced_by:` in one of the two contacts' notes.
    IntroducedBy,
    /// `met_via:` in one of the two contacts' notes.
    MetVia,
    /// Both listed in a meeting note's `attendees:`.
    Meeting,
    /// Mentioned in the same paragraph or list item, or one mentioned in the other's note.
    CoMention,
}

impl LinkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::IntroducedBy => "introduced-by",
            LinkKind::MetVia => "met-via",
            LinkKind::Meeting => "meeting",
            LinkKind::CoMention => "co-mention",
        }
    }
}

/// Where a link shows: a note and a zero-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub kind: LinkKind,
    pub path: String,
    pub line: u32,
    pub date: Option<Date>,
    /// For a meeting: the note's first heading, or its file name.
    pub title: Option<String>,
}

/// What ties two people together. `a < b`; for `introduced_by:`/`met_via:`, `declared_by` is the
/// contact whose note says it.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub a: NoteId,
    pub b: NoteId,
    /// `introduced_by:` or `met_via:`, with the note that says it.
    pub declared: Option<Evidence>,
    pub declared_by: Option<NoteId>,
    /// Co-mentions and meetings, each paragraph, item or meeting once.
    pub count: u32,
    pub last: Option<Date>,
    /// The newest co-mention or meeting (the first seen when none is dated).
    pub latest: Option<Evidence>,
}

impl Link {
    pub fn other(&self, id: NoteId) -> NoteId {
        if self.a == id { self.b } else { self.a }
    }

    /// 0..=1: a declared introduction counts 0.6; co-mentions add by how often (3 reach most of
    /// it) and how recently (half-weight after about four months).
    pub fn strength(&self, today: Date) -> f64 {
        let declared = if self.declared.is_some() { 0.6 } else { 0.0 };
        let often = 1.0 - (-(self.count as f64) / 2.0).exp();
        let recent = match self.last {
            Some(d) => (-(crate::core::date::days_between(d, today).max(0) as f64) / 180.0).exp(),
            None => 0.3,
        };
        let co = often * (0.3 + 0.7 * recent);
        declared + (1.0 - declared) * co
    }

    /// The evidence to show: the declaration, else the newest co-mention.
    pub fn evidence(&self) -> Option<&Evidence> {
        self.declared.as_ref().or(self.latest.as_ref())
    }
}

/// The few notes that declare links (meeting notes with `attendees:`, people with
/// `introduced_by:`/`met_via:`), gathered in one pass.
#[derive(Debug, Default)]
pub struct Sparse {
    meetings: Vec<NoteId>,
    /// (declaring person, named person, evidence).
    declared: Vec<(NoteId, NoteId, Evidence)>,
}

impl Sparse {
    pub fn collect(index: &Index) -> Sparse {
        let mut s = Sparse::default();
        for (id, facts) in index.notes() {
            if facts.attendees.len() > 1 {
                s.meetings.push(id);
            }
        }
        s.meetings.sort_unstable();
        declared_links(index, &mut |a, b, ev, _| s.declared.push((a, b, ev)));
        s
    }
}

/// A set of links with an adjacency list.
#[derive(Debug, Default)]
pub struct Links {
    links: HashMap<(NoteId, NoteId), Link>,
    adjacent: HashMap<NoteId, Vec<NoteId>>,
}

impl Links {
    /// Every link in the vault.
    pub fn all(index: &Index) -> Links {
        let mut links = Links::default();
        for (_, facts) in index.notes() {
            note_links(index, facts, &mut |a, b, ev| links.add(a, b, ev, None));
            meeting_links(index, facts, &mut |a, b, ev| links.add(a, b, ev, None));
        }
        declared_links(index, &mut |a, b, ev, by| links.add(a, b, ev, Some(by)));
        links.finish();
        links
    }

    /// The links that touch one of `people`: reads only the notes that mention them, their own
    /// notes and the meeting notes.
    pub fn around(index: &Index, people: &[NoteId]) -> Links {
        Links::around_with(index, people, &Sparse::collect(index))
    }

    /// `around`, with the meeting notes and declared links already gathered (one answer that
    /// looks around many companies gathers them once).
    pub fn around_with(index: &Index, people: &[NoteId], sparse: &Sparse) -> Links {
        let wanted: HashSet<NoteId> = people.iter().copied().collect();
        let mut notes: Vec<NoteId> = people.to_vec();
        for &p in people {
            notes.extend(index.mentions_of(p).iter().map(|r| r.note));
        }
        notes.sort_unstable();
        notes.dedup();
        let mut links = Links::default();
        let keep = |a: NoteId, b: NoteId, ev: Evidence, by: Option<NoteId>, links: &mut Links| {
            if wanted.contains(&a) || wanted.contains(&b) {
                links.add(a, b, ev, by);
            }
        };
        for id in notes {
            note_links(index, index.note(id), &mut |a, b, ev| keep(a, b, ev, None, &mut links));
        }
        for &id in &sparse.meetings {
            meeting_links(index, index.note(id), &mut |a, b, ev| keep(a, b, ev, None, &mut links));
        }
        for (a, b, ev) in &sparse.declared {
            keep(*a, *b, ev.clone(), Some(*a), &mut links);
        }
        links.finish();
        links
    }

    fn add(&mut self, a: NoteId, b: NoteId, ev: Evidence, declared_by: Option<NoteId>) {
        if a == b {
            return;
        }
        let key = (a.min(b), a.max(b));
        let link = self.links.entry(key).or_insert_with(|| Link {
            a: key.0,
            b: key.1,
            declared: None,
            declared_by: None,
            count: 0,
            last: None,
            latest: None,
        });
        if let Some(by) = declared_by {
            if link.declared.as_ref().is_none_or(|d| (d.kind, &d.path) > (ev.kind, &ev.path)) {
                link.declared = Some(ev);
                link.declared_by = Some(by);
            }
            return;
        }
        link.count += 1;
        let newer = match (&link.latest, ev.date) {
            (None, _) => true,
            (Some(l), Some(d)) => l.date.is_none_or(|ld| (d, &ev.path, ev.line) > (ld, &l.path, l.line)),
            (Some(_), None) => false,
        };
        link.last = link.last.max(ev.date);
        if newer {
            link.latest = Some(ev);
        }
    }

    fn finish(&mut self) {
        self.adjacent.clear();
        for &(a, b) in self.links.keys() {
            self.adjacent.entry(a).or_default().push(b);
            self.adjacent.entry(b).or_default().push(a);
        }
        for list in self.adjacent.values_mut() {
            list.sort_unstable();
        }
    }

    /// The link between two contacts, if any.
    pub fn between(&self, a: NoteId, b: NoteId) -> Option<&Link> {
        self.links.get(&(a.min(b), a.max(b)))
    }

    /// The links of one contact, by the other contact's id.
    pub fn of(&self, id: NoteId) -> impl Iterator<Item = &Link> {
        self.adjacent.get(&id).into_iter().flatten().filter_map(move |&o| self.between(id, o))
    }

    /// How many people this contact is linked to.
    pub fn degree(&self, id: NoteId) -> usize {
        self.adjacent.get(&id).map_or(0, Vec::len)
    }

    /// Every link, in id order.
    pub fn iter(&self) -> impl Iterator<Item = &Link> {
        let mut keys: Vec<&(NoteId, NoteId)> = self.links.keys().collect();
        keys.sort_unstable();
        keys.into_iter().map(|k| &self.links[k])
    }

    pub fn len(&self) -> usize {
        self.links.len()
    }

    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }
}

fn is_person(index: &Index, id: NoteId) -> bool {
    index.contact(id).is_some_and(|c| c.kind == ContactKind::Person)
}

/// A front matter reference (`bob-li`, `@bob-li`, `[[Bob Li]]`) to a person contact.
pub fn resolve_ref(index: &Index, value: &str) -> Option<NoteId> {
    index.lookup(&keys::company_key(value)).filter(|&id| is_person(index, id))
}

/// Co-mentions in one note: people sharing a block, and people mentioned in a person's own note
/// paired with that person.
fn note_links(index: &Index, facts: &NoteFacts, add: &mut impl FnMut(NoteId, NoteId, Evidence)) {
    let owner = facts.contact.as_ref().filter(|c| c.kind == ContactKind::Person).and_then(|_| index.id(&facts.path));
    let mut i = 0;
    let mentions = &facts.mentions;
    let mut people: Vec<NoteId> = Vec::new();
    while i < mentions.len() {
        let block = mentions[i].block;
        let mut j = i;
        people.clear();
        let mut date = None;
        while j < mentions.len() && mentions[j].block == block {
            if let Some(p) = index.resolve(&mentions[j].target).filter(|&p| is_person(index, p)) {
                people.push(p);
                date = date.or(exchange_date(facts, &mentions[j]).or(mentions[j].date));
            }
            j += 1;
        }
        i = j;
        let Some(b) = block else { continue };
        // An open task ("introduce @a to @b") is a plan, not a sign that they know each other.
        if facts.blocks[b as usize].task.is_some_and(|t| !facts.tasks[t as usize].done) {
            continue;
        }
        people.sort_unstable();
        people.dedup();
        if let Some(o) = owner {
            people.retain(|&p| p != o);
        }
        if people.is_empty() || people.len() > MAX_PEOPLE_PER_BLOCK {
            continue;
        }
        let line = facts.lines.line_of(facts.blocks[b as usize].span.start);
        let ev = |date| Evidence { kind: LinkKind::CoMention, path: facts.path.clone(), line, date, title: None };
        let date = date.or(facts.date);
        for (k, &p) in people.iter().enumerate() {
            if let Some(o) = owner {
                add(o, p, ev(date));
            }
            for &q in &people[k + 1..] {
                add(p, q, ev(date));
            }
        }
    }
}

/// Everyone in a meeting note's `attendees:` knows everyone else there.
fn meeting_links(index: &Index, facts: &NoteFacts, add: &mut impl FnMut(NoteId, NoteId, Evidence)) {
    if facts.attendees.len() < 2 {
        return;
    }
    let mut people: Vec<NoteId> = facts.attendees.iter().filter_map(|a| resolve_ref(index, a)).collect();
    people.sort_unstable();
    people.dedup();
    if people.len() < 2 || people.len() > 2 * MAX_PEOPLE_PER_BLOCK {
        return;
    }
    let span = facts.front.as_ref().and_then(|f| f.field("attendees")).map_or(0, |f| f.key_span.start);
    let line = facts.lines.line_of(span);
    let title = facts.headings.first().map(|h| h.title.clone()).unwrap_or_else(|| keys::file_stem(&facts.path).into());
    for (k, &p) in people.iter().enumerate() {
        for &q in &people[k + 1..] {
            let ev = Evidence {
                kind: LinkKind::Meeting,
                path: facts.path.clone(),
                line,
                date: facts.date,
                title: Some(title.clone()),
            };
            add(p, q, ev);
        }
    }
}

/// `introduced_by:` and `met_via:` of every person: (person, named, evidence, person).
fn declared_links(index: &Index, add: &mut impl FnMut(NoteId, NoteId, Evidence, NoteId)) {
    for (id, c) in index.contacts() {
        if c.kind != ContactKind::Person || (c.introduced_by.is_empty() && c.met_via.is_empty()) {
            continue;
        }
        let facts = index.note(id);
        for (key, kind, values) in
            [("introduced_by", LinkKind::IntroducedBy, &c.introduced_by), ("met_via", LinkKind::MetVia, &c.met_via)]
        {
            let span = facts.front.as_ref().and_then(|f| f.field(key)).map_or(0, |f| f.key_span.start);
            for v in values {
                if let Some(other) = resolve_ref(index, v) {
                    let ev = Evidence {
                        kind,
                        path: facts.path.clone(),
                        line: facts.lines.line_of(span),
                        date: None,
                        title: None,
                    };
                    add(id, other, ev, id);
                }
            }
        }
    }
}
