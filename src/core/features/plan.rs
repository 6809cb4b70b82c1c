//! `ties plan`: who to write to this week and why. One line per person, each with one concrete
//! reason and a suggested action, drawn from promises (overdue and due follow-ups), life events,
//! give-and-take debts, ways into target companies, contacts going cold (weak ties first) and
//! people outside your usual circle. Balanced (one line per person, few of one kind), stable for
//! the same notes and day, and it says how it is ordered. Snoozed contacts are left out.

use crate::core::config::Config;
use crate::core::date::{self, Date};
use crate::core::features::card::{self, CatchUpState};
use crate::core::features::followups::{self, DueStatus};
use crate::core::features::intro::{self, PathKind, PersonRef};
use crate::core::features::stats;
use crate::core::index::{Index, NoteId};
use crate::core::keys;
use crate::core::note::{ContactDecl, ContactKind, Tie};
use std::collections::{HashMap, HashSet};

/// Days without an exchange after which a company or tag is outside your usual circle.
pub const CIRCLE_DAYS: i64 = 90;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReasonKind {
    Overdue,
    DueSoon,
    LifeEvent,
    GiveTake,
    WayIn,
    GoingCold,
    NewCircle,
}

impl ReasonKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonKind::Overdue => "overdue",
            ReasonKind::DueSoon => "due-soon",
            ReasonKind::LifeEvent => "life-event",
            ReasonKind::GiveTake => "give-take",
            ReasonKind::WayIn => "way-in",
            ReasonKind::GoingCold => "going-cold",
            ReasonKind::NewCircle => "new-circle",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlanItem {
    pub person: PersonRef,
    pub kind: ReasonKind,
    /// Ranks the list (higher first); the kind sets its band, see `Plan::order`.
    pub score: f64,
    /// The one reason, in a sentence.
    pub reason: String,
    /// What to do.
    pub action: String,
    /// Where the reason shows (a task, an exchange, a front matter line), zero-based line.
    pub path: String,
    pub line: u32,
    /// For a follow-up: its block, so the edge can fill `text` from the note.
    pub block: Option<u32>,
    /// The task's text; empty until the edge fills it (the index keeps no summaries).
    pub text: String,
    /// The person's other reasons, by kind.
    pub also: Vec<ReasonKind>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub today: Date,
    /// The last day of the window.
    pub until: Date,
    pub items: Vec<PlanItem>,
    /// How the list is ordered and balanced, in words.
    pub order: String,
    /// Snoozed contacts that had a reason and were left out.
    pub snoozed: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlanOptions {
    pub days: u32,
    pub limit: usize,
}

impl Default for PlanOptions {
    fn default() -> PlanOptions {
        PlanOptions { days: 7, limit: 10 }
    }
}

/// At most this many items of one kind while other kinds wait.
pub fn kind_cap(limit: usize) -> usize {
    (limit * 2).div_ceil(5).max(2)
}

/// A dated event in a contact's front matter that falls in the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LifeEvent {
    pub what: &'static str,
    pub date: Date,
    pub field: &'static str,
}

/// A contact's birthday and work anniversary whose next occurrence falls in the window, and a
/// job change (`job_changed:`, set by imports) in the last 30 days.
pub fn life_events(c: &ContactDecl, today: Date, until: Date) -> Vec<LifeEvent> {
    let mut out = Vec::new();
    for (key_date, what, field) in
        [(c.birthday, "birthday", "birthday"), (c.anniversary, "work anniversary", "anniversary")]
    {
        if let Some(next) = key_date.map(|k| k.next_on_or_after(today)).filter(|&n| n <= until) {
            out.push(LifeEvent { what, date: next, field });
        }
    }
    if let Some(dt) = c.job_changed.filter(|&dt| date::days_between(dt, today) <= 30 && dt <= until) {
        out.push(LifeEvent { what: "new job", date: dt, field: "job_changed" });
    }
    out
}

struct Cand {
    id: NoteId,
    kind: ReasonKind,
    score: f64,
    reason: String,
    action: String,
    path: String,
    line: u32,
    block: Option<u32>,
}

fn field_line(index: &Index, id: NoteId, key: &str) -> u32 {
    let f = index.note(id);
    f.lines.line_of(f.front.as_ref().and_then(|fm| fm.field(key)).map_or(0, |x| x.key_span.start))
}

/// The plan for the `days` from today.
pub fn plan(index: &Index, today: Date, config: &Config, opts: PlanOptions) -> Plan {
    let until = date::add_days(today, i64::from(opts.days)).unwrap_or(today);
    let mut cands: Vec<Cand> = Vec::new();
    let person = |id: NoteId| index.contact(id).filter(|c| c.kind == ContactKind::Person);

    // Promises.
    let give_take = stats::give_take(index, today);
    let mut overdue: HashSet<NoteId> = HashSet::new();
    for f in followups::all(index, today, config) {
        if matches!(f.status, DueStatus::Overdue { .. }) {
            overdue.extend(f.with.iter().filter(|p| p.known).filter_map(|p| index.lookup(&p.handle)));
        }
        let (kind, score, when) = match f.status {
            DueStatus::Overdue { days } => (ReasonKind::Overdue, 100.0 + days.min(30) as f64, f.status.describe()),
            DueStatus::Today => (ReasonKind::DueSoon, 80.0 + f64::from(opts.days), "due today".into()),
            DueStatus::Upcoming { days } if days <= i64::from(opts.days) => {
                (ReasonKind::DueSoon, 80.0 + (i64::from(opts.days) - days) as f64, f.status.describe())
            }
            _ => continue,
        };
        let due = f.due.map(|d| format!(" (due {})", d.date)).unwrap_or_default();
        for p in f.with.iter().filter(|p| p.known) {
            let Some(id) = index.lookup(&p.handle).filter(|&id| person(id).is_some()) else { continue };
            cands.push(Cand {
                id,
                kind,
                score,
                reason: format!("you promised a follow-up: {when}{due}"),
                action: "do what you promised, then tick the task".into(),
                path: f.path.clone(),
                line: f.line,
                block: Some(f.block),
            });
        }
    }

    let mut touched_companies: HashSet<String> = HashSet::new();
    let mut touched_tags: HashSet<&str> = HashSet::new();
    let mut lasts: HashMap<NoteId, Option<Date>> = HashMap::new();
    for (id, c) in index.contacts() {
        let last = index.exchange_dates(id).iter().copied().find(|&d| d <= today);
        lasts.insert(id, last);
        if last.is_some_and(|d| date::days_between(d, today) <= CIRCLE_DAYS) {
            if let Some(co) = &c.company {
                touched_companies.insert(keys::company_key(co));
            }
            if c.kind == ContactKind::Company {
                touched_companies.insert(c.handle.clone());
            }
            touched_tags.extend(c.tags.iter().map(String::as_str));
        }
    }

    for (id, c) in index.contacts().filter(|(_, c)| c.kind == ContactKind::Person) {
        let facts = index.note(id);
        let last = lasts[&id];
        for ev in life_events(c, today, until) {
            let on = if ev.date == today { "today".to_string() } else { format!("on {}", ev.date) };
            let action = match ev.what {
                "new job" => "congratulate them on the new role and ask how it is going",
                "birthday" => "wish them a happy birthday",
                _ => "congratulate them",
            };
            cands.push(Cand {
                id,
                kind: ReasonKind::LifeEvent,
                score: 70.0 + (7 - date::days_between(today, ev.date).clamp(0, 7)) as f64,
                reason: format!("{} {on}", ev.what),
                action: action.into(),
                path: facts.path.clone(),
                line: field_line(index, id, ev.field),
                block: None,
            });
        }
        let (gave, asked) = give_take.get(&id).copied().unwrap_or((0, 0));
        if asked >= gave + 2 {
            cands.push(Cand {
                id,
                kind: ReasonKind::GiveTake,
                score: 60.0 + f64::from((asked - gave) * 3).min(9.0),
                reason: format!("you asked {} and gave {}", card::times(asked), card::times(gave)),
                action: "send something useful (an article, a job post, an intro) and tag it #gave".into(),
                path: facts.path.clone(),
                line: 0,
                block: None,
            });
        }
        let status = card::catch_up(index, id, last, today, config);
        let weak = c.tie == Some(Tie::Weak);
        let cold = match status.state {
            CatchUpState::Cold { since } => Some((5.0, format!("going cold: due since {since}"))),
            CatchUpState::Due { since } => Some((0.0, format!("catch-up due since {since}"))),
            CatchUpState::Never => Some((0.0, "a cadence but no exchange yet".to_string())),
            _ => None,
        };
        if let Some((extra, why)) = cold {
            let (cad, _) = status.cadence.expect("a cadence");
            let ago = last.map_or(String::new(), |d| format!(", last exchange {d}"));
            let tie = if weak { " (weak tie)" } else { "" };
            cands.push(Cand {
                id,
                kind: ReasonKind::GoingCold,
                score: 30.0 + extra + status.rank.unwrap_or(1.0).min(3.0) * 3.0 + if weak { 8.0 } else { 0.0 },
                reason: format!("{why}{tie}, cadence {cad}{ago}"),
                action: "catch up: a short note, a link they would like, or a coffee".into(),
                path: facts.path.clone(),
                line: 0,
                block: None,
            });
        }
        let company = c.company.as_deref().map(keys::company_key);
        let away = last.is_none_or(|d| date::days_between(d, today) > CIRCLE_DAYS);
        let new_company = company.as_ref().filter(|k| !touched_companies.contains(*k));
        let new_tags: Vec<&str> = c.tags.iter().map(String::as_str).filter(|t| !touched_tags.contains(t)).collect();
        if away
            && (company.is_some() || !c.tags.is_empty())
            && (company.is_none() || new_company.is_some())
            && new_tags.len() == c.tags.len()
        {
            let mut what = Vec::new();
            if company.is_some() {
                let name = index.company_of(id).and_then(|co| index.contact(co)).map(|co| co.name.clone());
                what.push(name.or(c.company.clone()).unwrap_or_default());
            }
            what.extend(new_tags.iter().map(|t| format!("#{t}")));
            cands.push(Cand {
                id,
                kind: ReasonKind::NewCircle,
                score: 20.0 + if weak { 2.0 } else { 0.0 },
                reason: format!(
                    "outside your usual circle: no exchange with anyone at or in {} for {CIRCLE_DAYS} days",
                    what.join(", ")
                ),
                action: "say hello with something relevant to their work".into(),
                path: facts.path.clone(),
                line: 0,
                block: None,
            });
        }
    }

    // Ways into target companies.
    let mut warmths = intro::Warmths::with(give_take, overdue);
    for (co, c) in index.contacts().filter(|(_, c)| c.kind == ContactKind::Company && c.target) {
        // The best path whose first person is not snoozed (the next ones stand in).
        let (paths, _) = intro::ranked_paths(index, co, today, config, &mut warmths, 3);
        let Some(best) = paths.iter().find(|p| index.contact(p.first().id).is_some_and(|x| !snoozed(x, today))) else {
            continue;
        };
        let first = best.first().id;
        // A warm direct contact needs no plan line for the company itself.
        if best.kind == PathKind::Direct && best.warmth.last.is_some_and(|d| date::days_between(d, today) <= 14) {
            continue;
        }
        let hop = best.hops.get(1).or(best.hops.first());
        cands.push(Cand {
            id: first,
            kind: ReasonKind::WayIn,
            score: 50.0 + 10.0 * best.score,
            reason: format!("your best way into {} ({})", c.name, best.kind.as_str()),
            action: best.step.clone(),
            path: hop.and_then(|h| h.path.clone()).unwrap_or_else(|| index.note(first).path.clone()),
            line: hop.and_then(|h| h.line).unwrap_or(0),
            block: None,
        });
    }

    let mut snoozed_ids = HashSet::new();
    cands.retain(|c| {
        let s = index.contact(c.id).is_some_and(|x| snoozed(x, today));
        if s {
            snoozed_ids.insert(c.id);
        }
        !s
    });
    let items = balance(index, cands, opts.limit);
    let cap = kind_cap(opts.limit);
    Plan {
        today,
        until,
        items,
        order: format!(
            "Promises first (overdue, then due by {until}), then birthdays and job changes, give-and-take debts, \
             ways into target companies, catch-ups going cold (weak ties first) and people outside your usual circle; \
             within a kind, the more urgent first. One line per person (their other reasons under `also`), at most \
             {cap} of one kind while other kinds wait. Snoozed contacts are left out."
        ),
        snoozed: snoozed_ids.len(),
    }
}

fn snoozed(c: &ContactDecl, today: Date) -> bool {
    c.snooze_until.is_some_and(|u| u > today)
}

/// Best reason per person, then at most `kind_cap` of a kind while others fill the list.
fn balance(index: &Index, mut cands: Vec<Cand>, limit: usize) -> Vec<PlanItem> {
    let handle = |id: NoteId| index.contact(id).map(|c| c.handle.as_str()).unwrap_or("");
    cands.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| handle(a.id).cmp(handle(b.id)))
            .then_with(|| a.path.cmp(&b.path))
            .then(a.line.cmp(&b.line))
    });
    let mut best: Vec<Cand> = Vec::new();
    let mut also: HashMap<NoteId, Vec<ReasonKind>> = HashMap::new();
    let mut more: HashMap<NoteId, usize> = HashMap::new();
    for c in cands {
        if let Some(b) = best.iter().find(|b| b.id == c.id) {
            if b.kind == c.kind {
                *more.entry(c.id).or_default() += 1;
            }
            let kinds = also.entry(c.id).or_default();
            if !kinds.contains(&c.kind) {
                kinds.push(c.kind);
            }
        } else {
            best.push(c);
        }
    }
    let cap = kind_cap(limit);
    let mut per_kind: HashMap<ReasonKind, usize> = HashMap::new();
    let mut chosen = Vec::new();
    let mut waiting = Vec::new();
    for c in best {
        let n = per_kind.entry(c.kind).or_default();
        if *n < cap && chosen.len() < limit {
            *n += 1;
            chosen.push(c);
        } else {
            waiting.push(c);
        }
    }
    for c in waiting {
        if chosen.len() >= limit {
            break;
        }
        chosen.push(c);
    }
    chosen.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| handle(a.id).cmp(handle(b.id))));
    chosen
        .into_iter()
        .map(|c| {
            let mut also = also.remove(&c.id).unwrap_or_default();
            also.retain(|k| *k != c.kind);
            let reason = match more.get(&c.id) {
                Some(&n) => format!("{} (and {n} more like it)", c.reason),
                None => c.reason,
            };
            PlanItem {
                person: PersonRef::of(index, c.id).expect("a contact"),
                kind: c.kind,
                score: c.score,
                reason,
                action: c.action,
                path: c.path,
                line: c.line,
                block: c.block,
                text: String::new(),
                also,
            }
        })
        .collect()
}
