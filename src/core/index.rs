//! The contact index over all notes of one vault: who is a contact, what every mention
//! resolves to, and each contact's mentions, exchanges and follow-ups. Updated one note at a
//! time: an edit costs the size of the note, not of the vault. Per-contact aggregates (see
//! `aggregates`) answer "last exchange, counts, next follow-ups" without walking a contact's
//! mentions; the reverse index of mentions serves references. Nothing here knows today's date.

mod aggregates;

pub use aggregates::Totals;

use crate::core::date::Date;
use crate::core::keys;
use crate::core::note::{ContactDecl, ContactKind, Mention, MentionForm, NoteFacts, Target, Task};
use crate::core::text::Span;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};

pub type NoteId = u32;

/// How strongly a contact claims a key; the strongest claim wins a lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClaimKind {
    Handle,
    Alias,
    Name,
    Stem,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Claim {
    contact: NoteId,
    kind: ClaimKind,
}

#[derive(Debug, Default)]
pub struct Index {
    notes: Vec<Option<Arc<NoteFacts>>>,
    free: Vec<NoteId>,
    by_path: HashMap<String, NoteId>,
    contacts: BTreeSet<NoteId>,
    keys: HashMap<String, Vec<Claim>>,
    /// Which notes mention each target (each note once).
    mentioned_in: HashMap<Target, Vec<NoteId>>,
    /// How many notes have each lower-cased file stem (for wikilinks to ordinary notes).
    stems: HashMap<String, u32>,
    /// People by the company key their `company:` names.
    members: HashMap<String, Vec<NoteId>>,
    /// Exchange dates of each contact, newest first, as one flat array: computed from the
    /// aggregate on first use, forgotten when the aggregate changes. Completion ranks every
    /// contact by them on each keystroke, and an array is several times faster to scan than
    /// a tree per contact.
    dates: Mutex<HashMap<NoteId, Arc<[Date]>>>,
    /// Changes with every edit and never repeats across indexes (see `generation`).
    generation: u64,
    /// Each contact's exchanges, open follow-ups and counts.
    aggregates: HashMap<NoteId, aggregates::Aggregate>,
    /// What each note gave to the aggregates, to take it back when the note changes.
    shares: HashMap<NoteId, aggregates::Share>,
}

/// The source of `Index::generation` values.
static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// One mention of a contact somewhere in the vault.
#[derive(Clone, Copy, Debug)]
pub struct MentionRef<'a> {
    pub note: NoteId,
    pub facts: &'a NoteFacts,
    pub mention: &'a Mention,
}

/// A dated exchange with a contact: one per contact, dated section and date in a note, or the
/// contact's own `last_contact:`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    pub note: NoteId,
    pub span: Span,
    pub date: Date,
    /// The paragraph or item of the first mention (None for `last_contact:`).
    pub block: Option<u32>,
    pub gave: bool,
    pub asked: bool,
}

/// An open task that mentions a contact.
#[derive(Clone, Copy, Debug)]
pub struct TaskRef<'a> {
    pub note: NoteId,
    pub facts: &'a NoteFacts,
    pub task: &'a Task,
    pub index: u32,
}

impl Index {
    pub fn new() -> Index {
        Index::default()
    }

    pub fn build(notes: impl IntoIterator<Item = NoteFacts>) -> Index {
        let mut index = Index::new();
        index.extend(notes.into_iter().map(Arc::new));
        index
    }

    /// A number that names this index's current contents: a new one after every change, never
    /// the same for two indexes. Answers computed over the whole index can be kept under it
    /// (`features::duplicates`).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    fn bump(&mut self) {
        self.generation = GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Number of notes.
    pub fn len(&self) -> usize {
        self.by_path.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    pub fn id(&self, path: &str) -> Option<NoteId> {
        self.by_path.get(path).copied()
    }

    /// The facts of a live note. Panics on an id that was never handed out or was removed.
    pub fn note(&self, id: NoteId) -> &NoteFacts {
        self.notes[id as usize].as_deref().expect("note id is live")
    }

    pub fn get(&self, path: &str) -> Option<&NoteFacts> {
        self.id(path).map(|id| self.note(id))
    }

    /// All notes, in no particular order.
    pub fn notes(&self) -> impl Iterator<Item = (NoteId, &NoteFacts)> {
        self.notes.iter().enumerate().filter_map(|(i, n)| n.as_deref().map(|n| (i as NoteId, n)))
    }

    /// All contacts, ordered by note id.
    pub fn contacts(&self) -> impl Iterator<Item = (NoteId, &ContactDecl)> {
        self.contacts.iter().map(|&id| (id, self.contact(id).expect("contact ids are contacts")))
    }

    pub fn contact(&self, id: NoteId) -> Option<&ContactDecl> {
        self.notes.get(id as usize)?.as_deref()?.contact.as_ref()
    }

    /// Adds or replaces a note. Returns the paths whose findings may have changed.
    pub fn upsert(&mut self, facts: impl Into<Arc<NoteFacts>>) -> Vec<String> {
        self.bump();
        let mut affected = HashSet::new();
        self.replace(facts.into(), &mut affected);
        let changed = self.refresh(affected.iter().copied().collect::<Vec<_>>());
        affected.extend(changed);
        self.finish(affected)
    }

    /// Adds or replaces many notes (a bulk load): cheaper than `upsert` one by one, as it does
    /// not work out what each one affects.
    pub fn extend(&mut self, notes: impl IntoIterator<Item = Arc<NoteFacts>>) {
        self.bump();
        let mut affected = HashSet::new();
        for facts in notes {
            self.replace(facts, &mut affected);
        }
        let mut ids: Vec<NoteId> = affected.into_iter().collect();
        ids.sort_unstable();
        self.refresh(ids);
    }

    /// The dates of a contact's exchanges, newest first (past and future), remembered until
    /// the contact's aggregate changes.
    pub fn exchange_dates(&self, contact: NoteId) -> Arc<[Date]> {
        if let Some(d) = self.dates.lock().unwrap_or_else(|e| e.into_inner()).get(&contact) {
            return Arc::clone(d);
        }
        let dates: Arc<[Date]> = self.exchanges_newest(contact).map(|e| e.date).collect();
        self.dates.lock().unwrap_or_else(|e| e.into_inner()).insert(contact, Arc::clone(&dates));
        dates
    }

    fn replace(&mut self, facts: Arc<NoteFacts>, affected: &mut HashSet<NoteId>) {
        let id = match self.by_path.get(&facts.path) {
            Some(&id) => {
                self.unlink(id, affected);
                id
            }
            None => match self.free.pop() {
                Some(id) => id,
                None => {
                    self.notes.push(None);
                    (self.notes.len() - 1) as NoteId
                }
            },
        };
        self.by_path.insert(facts.path.clone(), id);
        self.notes[id as usize] = Some(facts);
        self.link(id, affected);
    }

    /// Removes a note. Returns the paths whose findings may have changed.
    pub fn remove(&mut self, path: &str) -> Vec<String> {
        self.bump();
        let mut affected = HashSet::new();
        if let Some(id) = self.by_path.get(path).copied() {
            self.unlink(id, &mut affected);
            self.by_path.remove(path);
            self.notes[id as usize] = None;
            self.free.push(id);
        }
        let changed = self.refresh(affected.iter().copied().collect::<Vec<_>>());
        affected.extend(changed);
        let mut out = self.finish(affected);
        if !out.iter().any(|p| p == path) {
            out.push(path.to_string());
            out.sort();
        }
        out
    }

    fn finish(&mut self, mut affected: HashSet<NoteId>) -> Vec<String> {
        // A company's card shows when you last talked to each of its people.
        let companies: Vec<NoteId> = affected.iter().filter_map(|&id| self.company_of(id)).collect();
        affected.extend(companies);
        // A target's `no-one-at-target` ranks its alumni by your exchanges with them.
        let former: Vec<NoteId> = affected
            .iter()
            .filter_map(|&id| self.contact(id))
            .flat_map(|c| &c.past_companies)
            .filter_map(|p| self.lookup(&keys::company_key(p)))
            .collect();
        affected.extend(former);
        let mut paths: Vec<String> =
            affected.into_iter().filter_map(|id| self.notes[id as usize].as_ref().map(|n| n.path.clone())).collect();
        paths.sort();
        paths
    }

    fn claims_of(id: NoteId, facts: &NoteFacts) -> Vec<(String, Claim)> {
        let Some(c) = &facts.contact else { return Vec::new() };
        let mut out = vec![(c.handle.clone(), Claim { contact: id, kind: ClaimKind::Handle })];
        for alias in &c.aliases {
            out.push((keys::normalize_key(alias), Claim { contact: id, kind: ClaimKind::Alias }));
        }
        out.push((keys::normalize_key(&c.name), Claim { contact: id, kind: ClaimKind::Name }));
        out.push((keys::file_stem(&facts.path).to_lowercase(), Claim { contact: id, kind: ClaimKind::Stem }));
        // One claim per key and contact: the strongest.
        out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.kind.cmp(&b.1.kind)));
        out.dedup_by(|a, b| a.0 == b.0);
        out.retain(|(k, _)| !k.is_empty());
        out
    }

    /// Everything whose findings depend on this note, before it changes or after it changed.
    fn dependents(&self, id: NoteId, facts: &NoteFacts, affected: &mut HashSet<NoteId>) {
        affected.insert(id);
        for m in &facts.mentions {
            if let Some(c) = self.resolve(&m.target) {
                affected.insert(c);
            }
        }
        if let Some(c) = &facts.contact {
            for (key, _) in Self::claims_of(id, facts) {
                let target = Target::Key(key.clone());
                affected.extend(self.mentioned_in.get(&target).into_iter().flatten().copied());
                affected.extend(self.keys.get(&key).into_iter().flatten().map(|cl| cl.contact));
                affected.extend(self.members.get(&key).into_iter().flatten().copied());
            }
            affected.extend(self.mentioned_in.get(&Target::Path(facts.path.clone())).into_iter().flatten().copied());
            if let Some(company) = self.company_of_decl(c) {
                affected.insert(company);
            }
            // A target's `no-one-at-target` names its alumni.
            affected.extend(c.past_companies.iter().filter_map(|p| self.lookup(&keys::company_key(p))));
        }
    }

    fn unlink(&mut self, id: NoteId, affected: &mut HashSet<NoteId>) {
        let facts = Arc::clone(self.notes[id as usize].as_ref().expect("live note"));
        self.dependents(id, &facts, affected);
        for target in distinct_targets(&facts) {
            if let Some(ids) = self.mentioned_in.get_mut(target) {
                ids.retain(|&n| n != id);
                if ids.is_empty() {
                    self.mentioned_in.remove(target);
                }
            }
        }
        let stem = keys::file_stem(&facts.path).to_lowercase();
        if let Some(n) = self.stems.get_mut(&stem) {
            *n -= 1;
            if *n == 0 {
                self.stems.remove(&stem);
            }
        }
        if facts.contact.is_some() {
            for (key, _) in Self::claims_of(id, &facts) {
                if let Some(claims) = self.keys.get_mut(&key) {
                    claims.retain(|c| c.contact != id);
                    if claims.is_empty() {
                        self.keys.remove(&key);
                    }
                }
            }
            self.contacts.remove(&id);
            if let Some(key) = facts.contact.as_ref().and_then(|c| c.company.as_deref()).map(keys::company_key)
                && let Some(ids) = self.members.get_mut(&key)
            {
                ids.retain(|&n| n != id);
                if ids.is_empty() {
                    self.members.remove(&key);
                }
            }
        }
    }

    fn link(&mut self, id: NoteId, affected: &mut HashSet<NoteId>) {
        let facts = Arc::clone(self.notes[id as usize].as_ref().expect("live note"));
        for target in distinct_targets(&facts) {
            self.mentioned_in.entry(target.clone()).or_default().push(id);
        }
        *self.stems.entry(keys::file_stem(&facts.path).to_lowercase()).or_default() += 1;
        if facts.contact.is_some() {
            for (key, claim) in Self::claims_of(id, &facts) {
                let claims = self.keys.entry(key).or_default();
                claims.push(claim);
            }
            self.contacts.insert(id);
            if let Some(key) = facts.contact.as_ref().and_then(|c| c.company.as_deref()).map(keys::company_key) {
                self.members.entry(key).or_default().push(id);
            }
        }
        self.dependents(id, &facts, affected);
    }

    /// The contact a mention target names, if any.
    pub fn resolve(&self, target: &Target) -> Option<NoteId> {
        match target {
            Target::Key(key) => self.lookup(key),
            Target::Path(path) => self.id(path).filter(|id| self.contacts.contains(id)),
        }
    }

    /// A mention that should name a contact but names nothing: an `@handle` or `@[Name]` that
    /// matches no contact, or a wikilink that matches no note at all (a wikilink to an ordinary
    /// note is just a link). Markdown links are never unknown: they lead to a file or nowhere.
    pub fn is_unknown(&self, m: &Mention) -> bool {
        let Target::Key(key) = &m.target else { return false };
        if self.lookup(key).is_some() {
            return false;
        }
        match m.form {
            MentionForm::Handle | MentionForm::Bracket => true,
            MentionForm::Wiki => {
                !self.stems.contains_key(key) && crate::core::date::find_iso(key).is_none_or(|t| t.start > 0)
            }
            MentionForm::Link => false,
        }
    }

    /// A wikilink to a page that is not written yet (no note, no contact): left alone unless
    /// the vault asks for them as contacts (`unresolved_links = "contact"`).
    pub fn is_unresolved_link(&self, m: &Mention) -> bool {
        m.form == MentionForm::Wiki && self.is_unknown(m)
    }

    /// The contact claiming `key` most strongly (handle, then alias, name, file stem; then path).
    pub fn lookup(&self, key: &str) -> Option<NoteId> {
        let claims = self.keys.get(key)?;
        claims
            .iter()
            .min_by(|a, b| a.kind.cmp(&b.kind).then_with(|| self.note(a.contact).path.cmp(&self.note(b.contact).path)))
            .map(|c| c.contact)
    }

    /// A contact by handle, name or alias as a user types it (`jane-doe`, `@jane`, `Jane Doe`).
    pub fn find(&self, query: &str) -> Option<NoteId> {
        let q = query.trim();
        let q = q.strip_prefix('@').unwrap_or(q);
        let q = q.strip_prefix('[').and_then(|r| r.strip_suffix(']')).unwrap_or(q);
        self.lookup(&keys::normalize_key(q))
    }

    /// Other contacts that claim one of this contact's handle or aliases: (key, other contact).
    pub fn conflicts(&self, id: NoteId) -> Vec<(String, NoteId)> {
        let Some(facts) = self.notes.get(id as usize).and_then(|n| n.as_deref()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, claim) in Self::claims_of(id, facts) {
            if !matches!(claim.kind, ClaimKind::Handle | ClaimKind::Alias) {
                continue;
            }
            for other in self.keys.get(&key).into_iter().flatten() {
                if other.contact != id && matches!(other.kind, ClaimKind::Handle | ClaimKind::Alias) {
                    out.push((key.clone(), other.contact));
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| self.note(a.1).path.cmp(&self.note(b.1).path)));
        out.dedup();
        out
    }

    fn company_of_decl(&self, c: &ContactDecl) -> Option<NoteId> {
        let value = c.company.as_deref()?;
        let id = self.lookup(&keys::company_key(value))?;
        (self.contact(id)?.kind == ContactKind::Company).then_some(id)
    }

    /// The company contact a person's `company:` names.
    pub fn company_of(&self, person: NoteId) -> Option<NoteId> {
        self.company_of_decl(self.contact(person)?)
    }

    /// People whose `company:` names this company, by name.
    pub fn people_at(&self, company: NoteId) -> Vec<NoteId> {
        let Some(facts) = self.notes.get(company as usize).and_then(|n| n.as_deref()) else {
            return Vec::new();
        };
        let mut people: Vec<NoteId> = Self::claims_of(company, facts)
            .iter()
            .filter_map(|(key, _)| self.members.get(key))
            .flatten()
            .copied()
            .filter(|&p| self.contact(p).is_some_and(|c| c.kind == ContactKind::Person))
            .filter(|&p| self.company_of(p) == Some(company))
            .collect();
        people.sort_by_cached_key(|&id| (self.contact(id).map(|c| c.name.to_lowercase()), self.note(id).path.clone()));
        people.dedup();
        people
    }

    /// Every mention that resolves to this contact, in note id and offset order.
    pub fn mentions_of(&self, contact: NoteId) -> Vec<MentionRef<'_>> {
        let Some(facts) = self.notes.get(contact as usize).and_then(|n| n.as_deref()) else {
            return Vec::new();
        };
        let mut targets: Vec<Target> =
            Self::claims_of(contact, facts).into_iter().map(|(k, _)| Target::Key(k)).collect();
        targets.push(Target::Path(facts.path.clone()));
        let mut notes: Vec<NoteId> =
            targets.iter().filter_map(|t| self.mentioned_in.get(t)).flatten().copied().collect();
        notes.sort_unstable();
        notes.dedup();
        let mut out = Vec::new();
        for id in notes {
            let f = self.note(id);
            for m in &f.mentions {
                if targets.contains(&m.target) && self.resolve(&m.target) == Some(contact) {
                    out.push(MentionRef { note: id, facts: f, mention: m });
                }
            }
        }
        out
    }

    /// Every dated exchange with the contact, past and future, newest first (a copy of the
    /// aggregate: prefer `exchanges_newest`, `past_exchanges` or `totals` on hot paths).
    pub fn exchanges(&self, contact: NoteId) -> Vec<Exchange> {
        self.exchanges_newest(contact).cloned().collect()
    }

    /// The exchanges by a walk over the contact's mentions: the definition the aggregates are
    /// checked against.
    fn exchanges_by_walk(&self, contact: NoteId) -> Vec<Exchange> {
        let mut groups: HashMap<(NoteId, u32, Date), Exchange> = HashMap::new();
        for r in self.mentions_of(contact) {
            if r.note == contact {
                continue;
            }
            let Some(date) = exchange_date(r.facts, r.mention) else {
                continue;
            };
            let (gave, asked) = r.mention.block.map_or((false, false), |b| {
                let b = &r.facts.blocks[b as usize];
                (b.gave, b.asked)
            });
            groups
                .entry((r.note, r.mention.section, date))
                .and_modify(|e| {
                    e.gave |= gave;
                    e.asked |= asked;
                })
                .or_insert(Exchange { note: r.note, span: r.mention.span, date, block: r.mention.block, gave, asked });
        }
        let mut out: Vec<Exchange> = groups.into_values().collect();
        let facts = self.note(contact);
        if let Some(date) = facts.contact.as_ref().and_then(|c| c.last_contact) {
            let span =
                facts.front.as_ref().and_then(|f| f.field("last_contact")).map_or(Span::default(), |f| f.key_span);
            out.push(Exchange { note: contact, span, date, block: None, gave: false, asked: false });
        }
        out.sort_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| self.note(a.note).path.cmp(&self.note(b.note).path))
                .then(a.span.cmp(&b.span))
        });
        out
    }

    /// Open tasks that mention the contact, by due date (oldest first), undated last.
    pub fn follow_ups(&self, contact: NoteId) -> Vec<TaskRef<'_>> {
        self.open_follow_ups(contact).collect()
    }

    /// Open tasks by a walk over the contact's mentions, in note id and offset order.
    fn follow_ups_by_walk(&self, contact: NoteId) -> Vec<TaskRef<'_>> {
        let mut out: Vec<TaskRef<'_>> = Vec::new();
        for r in self.mentions_of(contact) {
            let Some(t) = r.mention.block.and_then(|b| r.facts.blocks[b as usize].task) else {
                continue;
            };
            let task = &r.facts.tasks[t as usize];
            if !task.done && !out.iter().any(|o| o.note == r.note && o.index == t) {
                out.push(TaskRef { note: r.note, facts: r.facts, task, index: t });
            }
        }
        out
    }
}

/// The date a mention counts as an exchange on: its section's date, or a done task's done date.
/// None when it is undated or inside an open task (a plan is not a contact).
pub fn exchange_date(facts: &NoteFacts, m: &Mention) -> Option<Date> {
    let task = m.block.and_then(|b| facts.blocks[b as usize].task).map(|t| &facts.tasks[t as usize]);
    match task {
        Some(t) if !t.done || t.canceled => None,
        Some(t) => t.done_date.or(m.date),
        None => m.date,
    }
}

/// The distinct targets a note mentions.
fn distinct_targets(facts: &NoteFacts) -> Vec<&Target> {
    let mut targets: Vec<&Target> = facts.mentions.iter().map(|m| &m.target).collect();
    targets.sort_unstable();
    targets.dedup();
    targets
}
