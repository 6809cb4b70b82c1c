//! Imports of outside data (LinkedIn, vCard, calendar) as plans: records in, a list of
//! `write::FileChange` and a report out. Planning is pure over the index and the text of the
//! notes it reads through a closure; reading the input files and applying the plan happen in
//! `cli::import`. Rules: match before create, never clobber what the user wrote (fill missing
//! front matter keys only), a new company or role is news, every path stays in the vault.

pub mod calendar;
pub mod linkedin;
pub mod vcard;

use crate::core::config::Config;
use crate::core::date::Date;
use crate::core::features::actions::safe_dir;
use crate::core::front_edit as fe;
use crate::core::index::{Index, NoteId};
use crate::core::keys::{ascii_stem, company_key, fold_key};
use crate::core::note::{ContactDecl, ContactKind};
use crate::write::{FileChange, fingerprint};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Where records come from: named in the dated line of a job change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    LinkedIn,
    VCard,
}

impl Source {
    fn label(self) -> &'static str {
        match self {
            Source::LinkedIn => "LinkedIn",
            Source::VCard => "vCard",
        }
    }
}

/// One person from outside data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Incoming {
    /// Where it was in the input (a CSV line, a vCard's first line), for messages.
    pub line: usize,
    pub name: String,
    pub emails: Vec<String>,
    pub linkedin: Option<String>,
    pub uid: Option<String>,
    pub company: Option<String>,
    pub role: Option<String>,
    pub connected: Option<Date>,
    /// As ties writes them: `1990-04-12` or `--04-12`.
    pub birthday: Option<String>,
    pub anniversary: Option<String>,
    pub phones: Vec<String>,
    pub website: Option<String>,
    pub tags: Vec<String>,
    /// Text for the body of a new note.
    pub note: Option<String>,
}

/// A record that was not imported, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub line: usize,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct JobChange {
    pub path: String,
    pub name: String,
    pub from: String,
    pub to: String,
}

/// What an import did (or would do), path by path.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub new_people: Vec<String>,
    pub new_companies: Vec<String>,
    pub updated: Vec<String>,
    pub job_changes: Vec<JobChange>,
    pub skipped: Vec<Skipped>,
    /// Records that matched a contact and brought nothing new.
    pub unchanged: usize,
}

#[derive(Debug, Default)]
pub struct Plan {
    pub changes: Vec<FileChange>,
    pub report: Report,
}

/// The normal form of a LinkedIn profile URL for matching: no scheme, no `www.`, no query, no
/// trailing `/`, lower-case.
pub fn url_key(url: &str) -> String {
    let u = url.trim();
    let u = u.split_once("://").map_or(u, |(_, r)| r);
    let u = u.strip_prefix("www.").unwrap_or(u);
    let u = u.split(['?', '#']).next().unwrap_or(u);
    u.trim_end_matches('/').to_lowercase()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Slot {
    Old(NoteId),
    New(usize),
}

/// A new note being planned.
struct NewPerson {
    path: String,
    rec: Incoming,
    company: Option<String>,
}

struct NewCompany {
    path: String,
    name: String,
}

/// An existing note being changed: its text as read and as planned.
struct Touched {
    path: String,
    before: String,
    text: String,
}

/// The planner's state over one import.
pub struct Planner<'a> {
    index: &'a Index,
    config: &'a Config,
    text_of: &'a mut dyn FnMut(&str) -> Option<String>,
    source: Source,
    today: Date,
    by_url: HashMap<String, Slot>,
    by_email: HashMap<String, Slot>,
    by_uid: HashMap<String, Slot>,
    by_name: HashMap<String, Vec<Slot>>,
    companies: HashMap<String, String>,
    new_people: Vec<NewPerson>,
    new_companies: Vec<NewCompany>,
    touched: Vec<Touched>,
    touched_at: HashMap<NoteId, usize>,
    /// LinkedIn URL key and UID given to existing contacts during this run.
    filled: HashMap<NoteId, (Option<String>, Option<String>)>,
    taken: HashSet<String>,
    report: Report,
}

impl<'a> Planner<'a> {
    pub fn new(
        index: &'a Index,
        config: &'a Config,
        text_of: &'a mut dyn FnMut(&str) -> Option<String>,
        source: Source,
        today: Date,
    ) -> Planner<'a> {
        let mut p = Planner {
            index,
            config,
            text_of,
            source,
            today,
            by_url: HashMap::new(),
            by_email: HashMap::new(),
            by_uid: HashMap::new(),
            by_name: HashMap::new(),
            companies: HashMap::new(),
            new_people: Vec::new(),
            new_companies: Vec::new(),
            touched: Vec::new(),
            touched_at: HashMap::new(),
            filled: HashMap::new(),
            taken: HashSet::new(),
            report: Report::default(),
        };
        for (id, c) in index.contacts() {
            match c.kind {
                ContactKind::Person => {
                    p.learn(Slot::Old(id), c.linkedin.as_deref(), &c.emails, c.uid.as_deref(), names(c))
                }
                ContactKind::Company => {
                    for n in names(c) {
                        p.companies.entry(fold_key(&n)).or_insert_with(|| c.handle.clone());
                    }
                }
            }
        }
        p
    }

    fn learn(&mut self, slot: Slot, url: Option<&str>, emails: &[String], uid: Option<&str>, names: Vec<String>) {
        if let Some(u) = url.map(url_key).filter(|u| !u.is_empty()) {
            self.by_url.entry(u).or_insert(slot);
        }
        for e in emails {
            self.by_email.entry(e.trim().to_lowercase()).or_insert(slot);
        }
        if let Some(u) = uid.filter(|u| !u.is_empty()) {
            self.by_uid.entry(u.to_string()).or_insert(slot);
        }
        for n in names {
            let list = self.by_name.entry(fold_key(&n)).or_default();
            if !list.contains(&slot) {
                list.push(slot);
            }
        }
    }

    /// The identifiers a slot already has: (LinkedIn URL key, UID).
    fn ids(&self, slot: Slot) -> (Option<String>, Option<String>) {
        match slot {
            Slot::Old(id) => {
                let c = self.index.contact(id);
                let (url, uid) = self.filled.get(&id).cloned().unwrap_or_default();
                (c.and_then(|c| c.linkedin.as_deref()).map(url_key).or(url), c.and_then(|c| c.uid.clone()).or(uid))
            }
            Slot::New(i) => {
                let r = &self.new_people[i].rec;
                (r.linkedin.as_deref().map(url_key), r.uid.clone())
            }
        }
    }

    /// Match before create: LinkedIn URL, then any email, then vCard UID, then the exact name
    /// or alias (case- and accent-insensitive) of a contact whose URL and UID do not disagree.
    fn find(&self, r: &Incoming) -> Option<Slot> {
        if let Some(s) = r.linkedin.as_deref().and_then(|u| self.by_url.get(&url_key(u))) {
            return Some(*s);
        }
        if let Some(s) = r.emails.iter().find_map(|e| self.by_email.get(&e.trim().to_lowercase())) {
            return Some(*s);
        }
        if let Some(s) = r.uid.as_deref().and_then(|u| self.by_uid.get(u)) {
            return Some(*s);
        }
        let url = r.linkedin.as_deref().map(url_key);
        let candidates = self.by_name.get(&fold_key(&r.name))?;
        candidates.iter().copied().find(|&slot| {
            let (their_url, their_uid) = self.ids(slot);
            let url_ok = match (&url, &their_url) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            let uid_ok = match (&r.uid, &their_uid) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            url_ok && uid_ok
        })
    }

    /// Plans one record.
    pub fn add(&mut self, rec: Incoming) {
        match self.find(&rec) {
            Some(Slot::Old(id)) => self.update(id, rec),
            Some(Slot::New(_)) => self.report.unchanged += 1,
            None => self.create(rec),
        }
    }

    pub fn skip(&mut self, line: usize, reason: impl Into<String>) {
        self.report.skipped.push(Skipped { line, reason: reason.into() });
    }

    fn free_path(&mut self, dir: &str, stem: &str) -> (String, String) {
        let dir = safe_dir(dir);
        let mut n = 1;
        loop {
            let handle = if n == 1 { stem.to_string() } else { format!("{stem}-{n}") };
            let path = if dir.is_empty() { format!("{handle}.md") } else { format!("{dir}/{handle}.md") };
            let free = self.index.id(&path).is_none()
                && self.index.lookup(&handle).is_none()
                && !self.taken.contains(&path)
                && !self.taken.contains(&handle);
            if free {
                self.taken.insert(path.clone());
                self.taken.insert(handle.clone());
                return (path, handle);
            }
            n += 1;
        }
    }

    /// The handle of the company named `name`, planning a new company note when none exists.
    fn company_handle(&mut self, name: &str) -> String {
        let key = fold_key(name);
        if let Some(h) = self.companies.get(&key) {
            return h.clone();
        }
        if let Some(id) = self
            .index
            .lookup(&company_key(name))
            .filter(|&id| self.index.contact(id).is_some_and(|c| c.kind == ContactKind::Company))
        {
            let h = self.index.contact(id).map(|c| c.handle.clone()).unwrap_or_default();
            self.companies.insert(key, h.clone());
            return h;
        }
        let (path, handle) = self.free_path(&self.config.companies_dir.clone(), &ascii_stem(name));
        self.new_companies.push(NewCompany { path, name: name.to_string() });
        self.companies.insert(key, handle.clone());
        handle
    }

    fn create(&mut self, rec: Incoming) {
        let (path, _) = self.free_path(&self.config.people_dir.clone(), &ascii_stem(&rec.name));
        let company = rec.company.clone().map(|c| self.company_handle(&c));
        let slot = Slot::New(self.new_people.len());
        let names = vec![rec.name.clone()];
        self.learn(slot, rec.linkedin.as_deref(), &rec.emails, rec.uid.as_deref(), names);
        self.new_people.push(NewPerson { path, rec, company });
    }

    /// The name of the company a `company:` value names (the company note's name, or the text).
    fn company_name(&self, value: &str) -> String {
        let id = self.index.lookup(&company_key(value));
        match id.and_then(|id| self.index.contact(id)).filter(|c| c.kind == ContactKind::Company) {
            Some(c) => c.name.clone(),
            None => value.trim().trim_start_matches('@').to_string(),
        }
    }

    fn same_company(&self, value: &str, name: &str) -> bool {
        let key = fold_key(name);
        fold_key(&self.company_name(value)) == key
            || fold_key(value.trim_start_matches('@')) == key
            || company_key(value) == ascii_stem(name)
    }

    fn update(&mut self, id: NoteId, rec: Incoming) {
        let Some(decl) = self.index.contact(id).cloned() else { return };
        let path = self.index.note(id).path.clone();
        let i = match self.touched_at.get(&id) {
            Some(&i) => i,
            None => {
                let Some(before) = (self.text_of)(&path) else {
                    self.skip(rec.line, format!("{path} matched but could not be read"));
                    return;
                };
                self.touched.push(Touched { path: path.clone(), text: before.clone(), before });
                self.touched_at.insert(id, self.touched.len() - 1);
                self.touched.len() - 1
            }
        };
        // What this record gives the contact identifies it for the rest of the run.
        let url = decl.linkedin.is_none().then(|| rec.linkedin.as_deref().map(url_key)).flatten();
        let uid = decl.uid.is_none().then(|| rec.uid.clone()).flatten();
        let entry = self.filled.entry(id).or_default();
        entry.0 = entry.0.take().or(url);
        entry.1 = entry.1.take().or(uid);
        self.learn(Slot::Old(id), rec.linkedin.as_deref(), &rec.emails, rec.uid.as_deref(), Vec::new());
        let mut t = self.touched[i].text.clone();
        let old = t.clone();
        if let Some(u) = &rec.linkedin {
            t = fe::fill(&t, "linkedin", &fe::url_scalar(u));
        }
        for e in &rec.emails {
            let e = e.trim().to_lowercase();
            let written = fe::raw_value(&t, "email").is_some_and(|(v, _)| v.trim_matches('"').eq_ignore_ascii_case(&e));
            if decl.emails.contains(&e) || written {
                continue;
            }
            t = if fe::is_empty(&t, "email") {
                fe::fill(&t, "email", &fe::scalar(&e))
            } else {
                fe::push_item(&t, "emails", &fe::scalar(&e))
            };
        }
        if let Some(u) = &rec.uid {
            t = fe::fill(&t, "uid", &fe::scalar(u));
        }
        if let Some(d) = rec.connected {
            t = fe::fill(&t, "connected", &d.to_string());
        }
        for (key, v) in [("birthday", &rec.birthday), ("anniversary", &rec.anniversary)] {
            if let Some(v) = v {
                t = fe::fill(&t, key, &fe::scalar(v));
            }
        }
        if !rec.phones.is_empty() && fe::is_empty(&t, "phones") {
            t = fe::fill(&t, "phones", &flow(&rec.phones));
        }
        if let Some(w) = &rec.website {
            t = fe::fill(&t, "website", &fe::url_scalar(w));
        }
        if !rec.tags.is_empty() && fe::is_empty(&t, "tags") {
            t = fe::fill(&t, "tags", &flow(&rec.tags));
        }
        // A new company or role is news; a missing one is just filled.
        let company_moved = match (&decl.company, &rec.company) {
            (Some(old), Some(new)) => !self.same_company(old, new),
            _ => false,
        };
        let role_moved = match (&decl.role, &rec.role) {
            // Only news at a known company: a contact without `company:` just gets it filled.
            (Some(old), Some(new)) => fold_key(old) != fold_key(new) && decl.company.is_some(),
            _ => false,
        };
        if company_moved || role_moved {
            let old_name = decl.company.as_deref().map(|c| self.company_name(c)).unwrap_or_default();
            let new_name = rec.company.clone().unwrap_or_else(|| old_name.clone());
            if company_moved && let (Some(old), Some(new)) = (&decl.company, &rec.company) {
                let handle = self.company_handle(new);
                t = fe::set(&t, "company", &fe::scalar(&handle));
                t = fe::push_item(&t, "past_companies", &fe::scalar(old));
            }
            if let Some(role) = &rec.role {
                t = fe::set(&t, "role", &fe::scalar(role));
            }
            t = fe::set(&t, "job_changed", &self.today.to_string());
            let what = match (company_moved, &rec.role) {
                (true, Some(role)) => format!("moved from {old_name} to {new_name}, {role}"),
                (true, None) => format!("moved from {old_name} to {new_name}"),
                (false, role) => format!("new role at {new_name}: {}", role.as_deref().unwrap_or("")),
            };
            t = fe::append_line(&t, &format!("- {} {}: {what}", self.today, self.source.label()));
            self.report.job_changes.push(JobChange {
                path: path.clone(),
                name: decl.name.clone(),
                from: format!("{old_name}{}", decl.role.as_deref().map(|r| format!(", {r}")).unwrap_or_default()),
                to: format!("{new_name}{}", rec.role.as_deref().map(|r| format!(", {r}")).unwrap_or_default()),
            });
        } else {
            if let Some(c) = &rec.company
                && fe::is_empty(&t, "company")
            {
                let handle = self.company_handle(c);
                t = fe::fill(&t, "company", &fe::scalar(&handle));
            }
            if let Some(r) = &rec.role {
                t = fe::fill(&t, "role", &fe::scalar(r));
            }
        }
        if t == old {
            self.report.unchanged += 1;
        }
        self.touched[i].text = t;
    }

    /// The changes and the report: new companies, new people, then updates.
    pub fn finish(self) -> Plan {
        let mut plan = Plan { changes: Vec::new(), report: self.report };
        for c in &self.new_companies {
            let text = format!("---\nkind: company\nname: {}\n---\n", fe::scalar(&c.name));
            plan.report.new_companies.push(c.path.clone());
            plan.changes.push(FileChange::Create { path: c.path.clone(), text });
        }
        for p in &self.new_people {
            plan.report.new_people.push(p.path.clone());
            plan.changes.push(FileChange::Create { path: p.path.clone(), text: person_text(p, self.source) });
        }
        for t in self.touched {
            if t.text != t.before {
                plan.report.updated.push(t.path.clone());
                plan.changes.push(FileChange::Update {
                    path: t.path,
                    before: fingerprint(t.before.as_bytes()),
                    text: t.text,
                });
            }
        }
        plan
    }
}

fn names(c: &ContactDecl) -> Vec<String> {
    let mut out = vec![c.name.clone(), c.handle.clone()];
    out.extend(c.aliases.iter().cloned());
    out
}

fn flow(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| fe::scalar(s)).collect::<Vec<_>>().join(", "))
}

fn person_text(p: &NewPerson, source: Source) -> String {
    let r = &p.rec;
    let mut t = String::from("---\nkind: person\n");
    t.push_str(&format!("name: {}\n", fe::scalar(&r.name)));
    if let Some(c) = &p.company {
        t.push_str(&format!("company: {}\n", fe::scalar(c)));
    }
    if let Some(role) = &r.role {
        t.push_str(&format!("role: {}\n", fe::scalar(role)));
    }
    if let Some(u) = &r.linkedin {
        t.push_str(&format!("linkedin: {}\n", fe::url_scalar(u)));
    }
    let emails: Vec<String> = r.emails.iter().map(|e| e.trim().to_lowercase()).collect();
    if let Some(first) = emails.first() {
        t.push_str(&format!("email: {}\n", fe::scalar(first)));
    }
    if emails.len() > 1 {
        t.push_str(&format!("emails: {}\n", flow(&emails[1..])));
    }
    if !r.phones.is_empty() {
        t.push_str(&format!("phones: {}\n", flow(&r.phones)));
    }
    if let Some(w) = &r.website {
        t.push_str(&format!("website: {}\n", fe::url_scalar(w)));
    }
    if let Some(u) = &r.uid {
        t.push_str(&format!("uid: {}\n", fe::scalar(u)));
    }
    if let Some(d) = r.connected {
        t.push_str(&format!("connected: {d}\n"));
    }
    for (key, v) in [("birthday", &r.birthday), ("anniversary", &r.anniversary)] {
        if let Some(v) = v {
            t.push_str(&format!("{key}: {}\n", fe::scalar(v)));
        }
    }
    t.push_str("tie: weak\n");
    let mut tags = r.tags.clone();
    if source == Source::LinkedIn && !tags.iter().any(|t| t == "linkedin") {
        tags.insert(0, "linkedin".into());
    }
    t.push_str(&format!("tags: {}\n---\n", flow(&tags)));
    if let Some(note) = r.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        let clean: String = note.chars().filter(|c| !c.is_control() || *c == '\n').collect();
        t.push_str(&format!("\n{clean}\n"));
    }
    t
}

/// A tag from outside data: lower-case letters, digits and `-`.
pub fn tag_of(s: &str) -> Option<String> {
    let t = ascii_stem(s.trim().trim_start_matches('#'));
    (!t.starts_with("contact") || s.to_lowercase().starts_with("contact")).then_some(t).filter(|t| !t.is_empty())
}
