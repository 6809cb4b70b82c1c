//! `ties stats`: the network's health in numbers as of a day: contacts by tie, weak ties touched
//! lately, give and take overall and per contact, exchanges per week, target companies with and
//! without a way in.

use crate::core::config::Config;
use crate::core::date::{self, Date};
use crate::core::features::followups::{self, DueStatus};
use crate::core::features::intro::{self, PersonRef};
use crate::core::index::{Index, NoteId, exchange_date};
use crate::core::note::{ContactKind, Tie};
use std::collections::{HashMap, HashSet};

/// Weak ties count as touched with an exchange in this many days.
pub const TOUCHED_DAYS: i64 = 90;
/// Weeks of exchanges shown.
pub const WEEKS: usize = 12;

#[derive(Clone, Debug, PartialEq)]
pub struct GiveTake {
    pub person: PersonRef,
    pub gave: u32,
    pub asked: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Week {
    pub start: Date,
    pub end: Date,
    pub exchanges: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TargetWays {
    pub company: PersonRef,
    /// How many paths lead in.
    pub ways: usize,
    /// The best path's next step.
    pub best: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    pub today: Date,
    pub people: usize,
    pub companies: usize,
    pub strong: usize,
    pub weak: usize,
    /// People with no `tie:`.
    pub no_tie: usize,
    /// Weak ties with an exchange in the last `TOUCHED_DAYS` days.
    pub weak_touched: usize,
    pub gave: u32,
    pub asked: u32,
    /// Contacts with any `#gave` or `#asked` exchange, the most asked-of first.
    pub per_contact: Vec<GiveTake>,
    /// The last `WEEKS` weeks ending today, oldest first.
    pub weeks: Vec<Week>,
    pub targets: Vec<TargetWays>,
}

impl Stats {
    /// gave / asked, None when you never asked.
    pub fn ratio(&self) -> Option<f64> {
        (self.asked > 0).then(|| f64::from(self.gave) / f64::from(self.asked))
    }

    pub fn targets_with_way_in(&self) -> usize {
        self.targets.iter().filter(|t| t.ways > 0).count()
    }
}

/// Past exchanges tagged `#gave` / `#asked` per contact, counted as the card counts them (one per
/// note, section and date), in one pass over the notes.
pub fn give_take(index: &Index, today: Date) -> HashMap<NoteId, (u32, u32)> {
    let mut gave: HashSet<(NoteId, NoteId, u32, Date)> = HashSet::new();
    let mut asked: HashSet<(NoteId, NoteId, u32, Date)> = HashSet::new();
    for (note, facts) in index.notes() {
        for m in &facts.mentions {
            let Some(b) = m.block.map(|b| &facts.blocks[b as usize]) else { continue };
            if !(b.gave || b.asked) {
                continue;
            }
            let Some(d) = exchange_date(facts, m).filter(|&d| d <= today) else { continue };
            let Some(c) = index.resolve(&m.target).filter(|&c| c != note) else { continue };
            if b.gave {
                gave.insert((c, note, m.section, d));
            }
            if b.asked {
                asked.insert((c, note, m.section, d));
            }
        }
    }
    let mut out: HashMap<NoteId, (u32, u32)> = HashMap::new();
    for (c, ..) in gave {
        out.entry(c).or_default().0 += 1;
    }
    for (c, ..) in asked {
        out.entry(c).or_default().1 += 1;
    }
    out
}

pub fn stats(index: &Index, today: Date, config: &Config) -> Stats {
    let mut s = Stats {
        today,
        people: 0,
        companies: 0,
        strong: 0,
        weak: 0,
        no_tie: 0,
        weak_touched: 0,
        gave: 0,
        asked: 0,
        per_contact: Vec::new(),
        weeks: Vec::new(),
        targets: Vec::new(),
    };
    let first = date::add_days(today, -(7 * WEEKS as i64) + 1).unwrap_or(today);
    let mut per_week = [0u32; WEEKS];
    let give_take = give_take(index, today);
    let overdue: HashSet<NoteId> = followups::all(index, today, config)
        .iter()
        .filter(|f| matches!(f.status, DueStatus::Overdue { .. }))
        .flat_map(|f| f.with.iter().filter(|p| p.known).filter_map(|p| index.lookup(&p.handle)))
        .collect();
    let mut warmths = intro::Warmths::with(give_take.clone(), overdue);
    for (id, c) in index.contacts() {
        let dates = index.exchange_dates(id);
        for &d in dates.iter().filter(|&&d| d <= today && d >= first) {
            per_week[(date::days_between(first, d) / 7) as usize] += 1;
        }
        if c.kind == ContactKind::Company {
            s.companies += 1;
            if c.target {
                let (paths, ways) = intro::ranked_paths(index, id, today, config, &mut warmths, 1);
                s.targets.push(TargetWays {
                    company: PersonRef::of(index, id).expect("a contact"),
                    ways,
                    best: paths.first().map(|p| p.step.clone()),
                });
            }
            continue;
        }
        s.people += 1;
        match c.tie {
            Some(Tie::Strong) => s.strong += 1,
            Some(Tie::Weak) => {
                s.weak += 1;
                let last = dates.iter().copied().find(|&d| d <= today);
                if last.is_some_and(|d| date::days_between(d, today) <= TOUCHED_DAYS) {
                    s.weak_touched += 1;
                }
            }
            None => s.no_tie += 1,
        }
    }
    s.weeks = (0..WEEKS)
        .map(|i| {
            let start = date::add_days(first, 7 * i as i64).unwrap_or(first);
            Week { start, end: date::add_days(start, 6).unwrap_or(start), exchanges: per_week[i] }
        })
        .collect();
    for (id, (gave, asked)) in give_take {
        s.gave += gave;
        s.asked += asked;
        if let Some(person) = PersonRef::of(index, id) {
            s.per_contact.push(GiveTake { person, gave, asked });
        }
    }
    s.per_contact.sort_by(|a, b| {
        (i64::from(b.asked) - i64::from(b.gave))
            .cmp(&(i64::from(a.asked) - i64::from(a.gave)))
            .then_with(|| a.person.handle.cmp(&b.person.handle))
    });
    s.targets.sort_by_key(|a| a.company.name.to_lowercase());
    s
}
