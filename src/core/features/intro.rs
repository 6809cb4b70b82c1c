//! `ties intro COMPANY`: ranked ways into a company. Direct (people who work there), alumni
//! (`past_companies:`), second degree (someone you know who knows someone there, from
//! `introduced_by:` / `met_via:`, co-mentions and meetings). Each hop carries its evidence (note
//! and line) and each path a suggested next step. When there is no way in, suggestions.

use crate::core::config::Config;
use crate::core::date::{self, Date};
use crate::core::features::followups::{self, DueStatus};
use crate::core::features::links::{Evidence, Link, LinkKind, Links, Sparse};
use crate::core::index::{Index, NoteId};
use crate::core::keys;
use crate::core::note::{ContactKind, Tie};
use std::collections::{HashMap, HashSet};

/// At most this many second-degree paths end at the same person.
pub const VIAS_PER_TARGET: usize = 3;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonRef {
    pub id: NoteId,
    pub handle: String,
    pub name: String,
    pub path: String,
}

impl PersonRef {
    pub fn of(index: &Index, id: NoteId) -> Option<PersonRef> {
        let c = index.contact(id)?;
        Some(PersonRef { id, handle: c.handle.clone(), name: c.name.clone(), path: index.note(id).path.clone() })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathKind {
    Direct,
    Alumni,
    SecondDegree,
}

impl PathKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PathKind::Direct => "direct",
            PathKind::Alumni => "alumni",
            PathKind::SecondDegree => "second-degree",
        }
    }
}

/// What a hop rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HopKind {
    /// You and the person: your exchanges.
    Exchanged,
    /// The person and the company: `company:`.
    WorksAt,
    /// The person and the company: `past_companies:`.
    WorkedAt,
    /// Two people.
    Knows(LinkKind),
}

impl HopKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HopKind::Exchanged => "exchanged",
            HopKind::WorksAt => "works-at",
            HopKind::WorkedAt => "worked-at",
            HopKind::Knows(k) => k.as_str(),
        }
    }
}

/// One step of a path, from `from` (None: you) to `to` (a person's handle or the company's).
#[derive(Clone, Debug, PartialEq)]
pub struct Hop {
    pub from: Option<String>,
    pub to: String,
    pub kind: HopKind,
    /// The note and zero-based line that shows it (None: you have not exchanged with them yet).
    pub path: Option<String>,
    pub line: Option<u32>,
    pub date: Option<Date>,
    /// How many exchanges or co-mentions back it.
    pub count: u32,
}

/// How warm your own tie to a person is, with its parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Warmth {
    /// 0..=1.
    pub score: f64,
    pub last: Option<Date>,
    /// Past exchanges in the last 365 days.
    pub recent: u32,
    pub tie: Option<Tie>,
    pub gave: u32,
    pub asked: u32,
    /// An overdue follow-up with them (a promise not kept yet).
    pub overdue: bool,
    /// All past exchanges.
    pub count: u32,
    /// Where the last past exchange is: vault path and zero-based line (set on built paths).
    pub last_at: Option<(String, u32)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IntroPath {
    pub kind: PathKind,
    /// 0..=1, higher first.
    pub score: f64,
    /// The person at (or from) the company.
    pub target: PersonRef,
    /// For a second-degree path: who to ask.
    pub via: Option<PersonRef>,
    /// Your tie to the first person you would write to (`via`, else `target`).
    pub warmth: Warmth,
    pub hops: Vec<Hop>,
    /// What to do next, in a sentence.
    pub step: String,
}

impl IntroPath {
    /// The path in a few words: "ask @bob to introduce you to @carol", "ask @ann, who worked there".
    pub fn short(&self) -> String {
        match (&self.kind, &self.via) {
            (PathKind::SecondDegree, Some(v)) => {
                format!("ask @{} to introduce you to @{}", v.handle, self.target.handle)
            }
            (PathKind::Alumni, _) => format!("ask @{}, who worked there", self.target.handle),
            _ => format!("write to @{}", self.target.handle),
        }
    }

    /// The person you would write to first.
    pub fn first(&self) -> &PersonRef {
        self.via.as_ref().unwrap_or(&self.target)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub person: PersonRef,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Intro {
    pub company: PersonRef,
    pub target: bool,
    pub paths: Vec<IntroPath>,
    /// Only when `paths` is empty: people worth asking anyway.
    pub suggestions: Vec<Suggestion>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntroError {
    NotFound(String),
    NotACompany { query: String, name: String },
}

impl std::fmt::Display for IntroError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntroError::NotFound(q) => write!(
                f,
                "no company `{q}`: give a company's handle, name or alias (`ties contacts` lists them), or create a note with `kind: company`"
            ),
            IntroError::NotACompany { query, name } => {
                write!(f, "`{query}` is {name}, a person: give a company (its handle, name or alias)")
            }
        }
    }
}

/// The ways into the company a user names (handle, name or alias).
pub fn intro(index: &Index, query: &str, today: Date, config: &Config) -> Result<Intro, IntroError> {
    let id = index.find(query).ok_or_else(|| IntroError::NotFound(query.trim().to_string()))?;
    let c = index.contact(id).ok_or_else(|| IntroError::NotFound(query.trim().to_string()))?;
    if c.kind != ContactKind::Company {
        return Err(IntroError::NotACompany { query: query.trim().to_string(), name: c.name.clone() });
    }
    Ok(intro_for(index, id, today, config))
}

/// The ways into a company contact, best first, with suggestions when there is none.
pub fn intro_for(index: &Index, company: NoteId, today: Date, config: &Config) -> Intro {
    let paths = paths_into(index, company, today, config);
    let suggestions = if paths.is_empty() { suggest(index, company, today) } else { Vec::new() };
    Intro {
        company: PersonRef::of(index, company).expect("a company contact"),
        target: index.contact(company).is_some_and(|c| c.target),
        paths,
        suggestions,
    }
}

/// The warmth of your tie to a person as of today: recency (half-weight after about six weeks),
/// exchanges in the last year, a strong tie; less for an unbalanced give and take or an overdue
/// promise.
pub fn warmth(index: &Index, id: NoteId, today: Date, config: &Config) -> Warmth {
    Warmths::default().get(index, id, today, config)
}

/// `warmth` without the give-and-take and overdue parts, from the index's cached exchange
/// dates: cheap enough to rank every candidate before the full warmth of the few kept.
pub fn quick_warmth(index: &Index, id: NoteId, today: Date) -> Warmth {
    let dates = index.exchange_dates(id);
    let past = &dates[dates.partition_point(|&d| d > today)..];
    let last = past.first().copied();
    let recent = past.iter().take_while(|&&d| date::days_between(d, today) <= 365).count() as u32;
    let tie = index.contact(id).and_then(|c| c.tie);
    let recency = last.map_or(0.0, |d| (-(date::days_between(d, today).max(0) as f64) / 60.0).exp());
    let often = 1.0 - (-(recent as f64) / 4.0).exp();
    let mut score = 0.05 + 0.45 * recency + 0.30 * often;
    if tie == Some(Tie::Strong) {
        score += 0.15;
    }
    let count = past.len() as u32;
    Warmth { score: score.clamp(0.02, 1.0), last, recent, tie, gave: 0, asked: 0, overdue: false, count, last_at: None }
}

/// Warmths (and the sparse link sources) computed once per answer: `ties plan` and `ties stats` look into every target company,
/// and the same people show up on many paths. An answer that already walked the vault can hand in
/// every contact's give and take and who has an overdue follow-up, so that no warmth reads notes.
#[derive(Debug, Default)]
pub struct Warmths {
    full: HashMap<NoteId, Warmth>,
    give_take: Option<HashMap<NoteId, (u32, u32)>>,
    overdue: Option<HashSet<NoteId>>,
    sparse: Option<Sparse>,
}

impl Warmths {
    /// With the vault's give and take (`stats::give_take`) and the contacts with an overdue
    /// follow-up.
    pub fn with(give_take: HashMap<NoteId, (u32, u32)>, overdue: HashSet<NoteId>) -> Warmths {
        Warmths { full: HashMap::new(), give_take: Some(give_take), overdue: Some(overdue), sparse: None }
    }

    pub fn get(&mut self, index: &Index, id: NoteId, today: Date, config: &Config) -> Warmth {
        if let Some(w) = self.full.get(&id) {
            return w.clone();
        }
        let mut w = quick_warmth(index, id, today);
        (w.gave, w.asked) = match &self.give_take {
            Some(map) => map.get(&id).copied().unwrap_or((0, 0)),
            None => {
                let all = index.exchanges(id);
                let past = &all[all.partition_point(|e| e.date > today)..];
                (past.iter().filter(|e| e.gave).count() as u32, past.iter().filter(|e| e.asked).count() as u32)
            }
        };
        w.overdue = match &self.overdue {
            Some(set) => set.contains(&id),
            None => followups::of_contact(index, id, today, config, None)
                .iter()
                .any(|f| matches!(f.status, DueStatus::Overdue { .. })),
        };
        if w.asked >= w.gave + 2 {
            w.score -= 0.1;
        }
        if w.overdue {
            w.score -= 0.1;
        }
        w.score = w.score.clamp(0.02, 1.0);
        self.full.insert(id, w.clone());
        w
    }
}

fn field_line(index: &Index, id: NoteId, key: &str) -> u32 {
    let facts = index.note(id);
    let at = facts.front.as_ref().and_then(|f| f.field(key)).map_or(0, |f| f.key_span.start);
    facts.lines.line_of(at)
}

/// The hop from you to a person: your latest past exchange.
fn you_hop(index: &Index, id: NoteId, w: &Warmth) -> Hop {
    Hop {
        from: None,
        to: index.contact(id).map(|c| c.handle.clone()).unwrap_or_default(),
        kind: HopKind::Exchanged,
        path: w.last_at.as_ref().map(|(p, _)| p.clone()),
        line: w.last_at.as_ref().map(|&(_, l)| l),
        date: w.last,
        count: w.count,
    }
}

fn company_hop(index: &Index, person: NoteId, company: &PersonRef, kind: HopKind) -> Hop {
    let key = if kind == HopKind::WorksAt { "company" } else { "past_companies" };
    Hop {
        from: index.contact(person).map(|c| c.handle.clone()),
        to: company.handle.clone(),
        kind,
        path: Some(index.note(person).path.clone()),
        line: Some(field_line(index, person, key)),
        date: None,
        count: 1,
    }
}

/// "2026-11-08, 18 days ago" or "no exchange yet".
fn last_words(w: &Warmth, today: Date) -> String {
    match w.last {
        Some(d) => format!("last exchange {d} ({})", date::relative(date::days_between(d, today))),
        None => "no exchange yet".into(),
    }
}

/// How two people are linked, in words: "they were both at *acme sync* on 2026-11-10".
pub fn link_words(index: &Index, link: &Link, via: NoteId) -> String {
    let Some(ev) = link.evidence() else { return "they know each other".into() };
    let name = |id: NoteId| index.contact(id).map(|c| format!("@{}", c.handle)).unwrap_or_default();
    let on = ev.date.map(|d| format!(" on {d}")).unwrap_or_default();
    let times = if link.count > 1 { format!(" ({} times in your notes)", link.count) } else { String::new() };
    match ev.kind {
        LinkKind::IntroducedBy | LinkKind::MetVia => {
            let by = link.declared_by.unwrap_or(via);
            let other = link.other(by);
            let verb = if ev.kind == LinkKind::IntroducedBy { "introduced you to" } else { "is how you met" };
            format!("{} {verb} {}", name(other), name(by))
        }
        LinkKind::Meeting => {
            format!("they were both at *{}*{on}{times}", ev.title.as_deref().unwrap_or("a meeting"))
        }
        LinkKind::CoMention => format!("your notes mention them together{on}{times}"),
    }
}

fn knows_hop(index: &Index, link: &Link, from: NoteId, to: NoteId) -> Hop {
    let ev: Option<&Evidence> = link.evidence();
    Hop {
        from: index.contact(from).map(|c| c.handle.clone()),
        to: index.contact(to).map(|c| c.handle.clone()).unwrap_or_default(),
        kind: HopKind::Knows(ev.map_or(LinkKind::CoMention, |e| e.kind)),
        path: ev.map(|e| e.path.clone()),
        line: ev.map(|e| e.line),
        date: link.last.or(ev.and_then(|e| e.date)),
        count: link.count + u32::from(link.declared.is_some()),
    }
}

/// People whose `past_companies:` names the company.
pub fn alumni(index: &Index, company: NoteId) -> Vec<NoteId> {
    index
        .contacts()
        .filter(|(id, c)| {
            c.kind == ContactKind::Person
                && *id != company
                && c.past_companies.iter().any(|p| index.lookup(&keys::company_key(p)) == Some(company))
        })
        .map(|(id, _)| id)
        .collect()
}

/// Every path into the company, best first (score, then kind, then names).
pub fn paths_into(index: &Index, company: NoteId, today: Date, config: &Config) -> Vec<IntroPath> {
    ranked_paths(index, company, today, config, &mut Warmths::default(), usize::MAX).0
}

/// The best path into a company, if any (for `no-one-at-target`).
pub fn best_way_in(index: &Index, company: NoteId, today: Date, config: &Config) -> Option<IntroPath> {
    ranked_paths(index, company, today, config, &mut Warmths::default(), 1).0.into_iter().next()
}

/// A path before its hops and words are built.
struct Candidate<'l> {
    kind: PathKind,
    score: f64,
    target: NoteId,
    via: Option<NoteId>,
    link: Option<&'l Link>,
    warmth: Warmth,
}

/// The best `limit` paths into the company, and how many there are in all. Every candidate is
/// scored first; only the kept ones get their hops and next step (which read the notes of their
/// last exchanges). `warmths` is shared by the calls of one answer.
pub fn ranked_paths(
    index: &Index,
    company: NoteId,
    today: Date,
    config: &Config,
    warmths: &mut Warmths,
    limit: usize,
) -> (Vec<IntroPath>, usize) {
    let Some(co) = PersonRef::of(index, company) else { return (Vec::new(), 0) };
    let people = index.people_at(company);
    let former: Vec<NoteId> = alumni(index, company).into_iter().filter(|p| !people.contains(p)).collect();
    let links = if people.is_empty() {
        Links::default()
    } else {
        Links::around_with(index, &people, warmths.sparse.get_or_insert_with(|| Sparse::collect(index)))
    };
    let mut cands: Vec<Candidate<'_>> = Vec::new();
    for &p in &people {
        let w = warmths.get(index, p, today, config);
        cands.push(Candidate { kind: PathKind::Direct, score: w.score, target: p, via: None, link: None, warmth: w });
    }
    for &p in &former {
        let w = warmths.get(index, p, today, config);
        cands.push(Candidate {
            kind: PathKind::Alumni,
            score: 0.6 * w.score,
            target: p,
            via: None,
            link: None,
            warmth: w,
        });
    }
    for &p in &people {
        // Rank every go-between cheaply, then score the few kept with their full warmth.
        let mut quick: Vec<(f64, &str, &Link)> = links
            .of(p)
            .filter(|l| !people.contains(&l.other(p)))
            .filter_map(|l| {
                let c = index.contact(l.other(p))?;
                Some((quick_warmth(index, l.other(p), today).score * l.strength(today), c.handle.as_str(), l))
            })
            .collect();
        quick.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        let mut vias: Vec<Candidate<'_>> = quick
            .into_iter()
            .take(VIAS_PER_TARGET + 2)
            .map(|(_, _, link)| {
                let b = link.other(p);
                let w = warmths.get(index, b, today, config);
                let score = 0.8 * w.score * link.strength(today);
                Candidate { kind: PathKind::SecondDegree, score, target: p, via: Some(b), link: Some(link), warmth: w }
            })
            .collect();
        sort(index, &mut vias);
        vias.truncate(VIAS_PER_TARGET);
        cands.extend(vias);
    }
    sort(index, &mut cands);
    let total = cands.len();
    let paths = cands.into_iter().take(limit).map(|c| build(index, &co, c, today)).collect();
    (paths, total)
}

fn build(index: &Index, co: &PersonRef, c: Candidate<'_>, today: Date) -> IntroPath {
    let target = PersonRef::of(index, c.target).expect("a contact");
    let first = c.via.unwrap_or(c.target);
    let mut w = c.warmth;
    let all = index.exchanges(first);
    let past = &all[all.partition_point(|e| e.date > today)..];
    w.last_at = past.first().map(|e| {
        let f = index.note(e.note);
        (f.path.clone(), f.lines.line_of(e.span.start))
    });
    let you = you_hop(index, first, &w);
    let (step, hops) = match (c.kind, c.via, c.link) {
        (PathKind::SecondDegree, Some(b), Some(link)) => {
            let via = index.contact(b).map(|x| x.handle.clone()).unwrap_or_default();
            let step = format!(
                "Ask @{via} to introduce you to @{} ({}); {}.",
                target.handle,
                co.name,
                link_words(index, link, b)
            );
            (step, vec![you, knows_hop(index, link, b, c.target), company_hop(index, c.target, co, HopKind::WorksAt)])
        }
        (PathKind::Alumni, ..) => {
            let step = format!(
                "Ask @{} (worked at {}) who to talk to there and whether they would introduce you; {}.",
                target.handle,
                co.name,
                last_words(&w, today)
            );
            (step, vec![you, company_hop(index, c.target, co, HopKind::WorkedAt)])
        }
        _ => {
            let role =
                index.contact(c.target).and_then(|x| x.role.clone()).map(|r| format!("{r} at ")).unwrap_or_default();
            let step = match w.last {
                Some(_) => format!("Write to @{} ({role}{}); {}.", target.handle, co.name, last_words(&w, today)),
                None => format!(
                    "Introduce yourself to @{} ({role}{}): you have a note on them but no exchange yet.",
                    target.handle, co.name
                ),
            };
            (step, vec![you, company_hop(index, c.target, co, HopKind::WorksAt)])
        }
    };
    let via = c.via.and_then(|b| PersonRef::of(index, b));
    IntroPath { kind: c.kind, score: c.score, target, via, warmth: w, hops, step }
}

fn sort(index: &Index, cands: &mut [Candidate<'_>]) {
    let handle = |id: NoteId| index.contact(id).map_or("", |c| c.handle.as_str());
    cands.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| handle(a.via.unwrap_or(a.target)).cmp(handle(b.via.unwrap_or(b.target))))
            .then_with(|| handle(a.target).cmp(handle(b.target)))
    });
}

/// No way in: the people who mention the company in the same paragraph as themselves, then the
/// most connected people you know (they may know someone there).
pub fn suggest(index: &Index, company: NoteId, today: Date) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = Vec::new();
    let name = index.contact(company).map(|c| c.name.clone()).unwrap_or_default();
    let mut refs = index.mentions_of(company);
    // Note ids depend on load order; paths do not.
    refs.sort_by(|a, b| a.facts.path.cmp(&b.facts.path).then(a.mention.span.start.cmp(&b.mention.span.start)));
    for r in refs {
        let Some(b) = r.mention.block else { continue };
        for m in r.facts.mentions.iter().filter(|m| m.block == Some(b)) {
            let Some(p) = index.resolve(&m.target).filter(|&p| p != company) else { continue };
            if index.contact(p).is_none_or(|c| c.kind != ContactKind::Person) || out.iter().any(|s| s.person.id == p) {
                continue;
            }
            let line = r.facts.lines.line_of(r.facts.blocks[b as usize].span.start) + 1;
            out.push(Suggestion {
                person: PersonRef::of(index, p).expect("a contact"),
                reason: format!("mentioned with {name} in {}:{line}: ask what they know of it", r.facts.path),
            });
        }
    }
    let links = Links::all(index);
    let mut connected: Vec<(usize, NoteId)> = index
        .contacts()
        .filter(|(_, c)| c.kind == ContactKind::Person && c.snooze_until.is_none_or(|u| u <= today))
        .map(|(id, _)| (links.degree(id), id))
        .filter(|&(d, _)| d > 0)
        .collect();
    connected.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| index.note(a.1).path.cmp(&index.note(b.1).path)));
    for (degree, p) in connected {
        if out.len() >= 5 {
            break;
        }
        if out.iter().any(|s| s.person.id == p) {
            continue;
        }
        out.push(Suggestion {
            person: PersonRef::of(index, p).expect("a contact"),
            reason: format!(
                "knows {degree} {} in your notes: ask who they know at {name}",
                if degree == 1 { "person" } else { "people" }
            ),
        });
    }
    out
}
