//! The contact card: everything ties knows about one contact, as of a given day. Hover, the
//! completion documentation and `ties show` all render this one struct. Built from the index's
//! per-contact aggregates: with a limit, its size and cost do not grow with the history.

use crate::core::config::{CadenceSource, Config};
use crate::core::date::{self, Cadence, Date};
use crate::core::features::followups::{self, FollowUp};
use crate::core::index::{Exchange, Index, NoteId};
use crate::core::note::{ContactKind, Tie};
use crate::core::text::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct ContactCard {
    pub path: String,
    pub kind: ContactKind,
    pub name: String,
    pub handle: String,
    pub aliases: Vec<String>,
    pub role: Option<String>,
    pub company: Option<CompanyLink>,
    pub email: Option<String>,
    pub tie: Option<Tie>,
    pub tags: Vec<String>,
    pub target: bool,
    pub extra: Vec<(String, String)>,
    /// Birthday and anniversary, soonest first.
    pub key_dates: Vec<crate::core::features::keydates::KeyDateItem>,
    /// Past exchanges (up to today), newest first; only the newest ones when the card was made
    /// with a history limit.
    pub exchanges: Vec<ExchangeItem>,
    /// How many past exchanges there are in all.
    pub exchange_count: usize,
    /// The date of the first past exchange.
    pub first_date: Option<Date>,
    /// Exchanges dated after today (planned meetings), soonest first; only the soonest ones
    /// when the card was made with a limit.
    pub upcoming: Vec<ExchangeItem>,
    /// How many exchanges are dated after today in all.
    pub upcoming_count: usize,
    pub catch_up: CatchUp,
    /// Past exchanges tagged `#gave` / `#asked`.
    pub gave: u32,
    pub asked: u32,
    /// Open follow-ups, most urgent first, stale ones last; only the first ones when the card
    /// was made with a limit.
    pub follow_ups: Vec<FollowUp>,
    /// How many open follow-ups there are in all, and how many of them are stale.
    pub follow_up_count: usize,
    pub stale_count: usize,
    /// For a company: the people you know there (by name; only the first ones with a limit).
    pub people: Vec<PersonAt>,
    pub people_count: usize,
    /// Other contacts claiming this contact's handle or an alias: (key, their path).
    pub conflicts: Vec<(String, String)>,
}

impl ContactCard {
    pub fn last(&self) -> Option<&ExchangeItem> {
        self.exchanges.first()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyLink {
    /// The company's name, or the text of `company:` when it names no company note.
    pub name: String,
    pub handle: Option<String>,
    pub path: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExchangeItem {
    pub date: Date,
    pub path: String,
    pub span: Span,
    /// Zero-based.
    pub line: u32,
    /// The paragraph or item holding it (None for `last_contact:`).
    pub block: Option<u32>,
    /// Sliced from the note's text by `summaries::fill_card` / `fill_follow_ups` (the index keeps
    /// block spans and the text's hash, not summaries).
    pub summary: String,
    pub gave: bool,
    pub asked: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonAt {
    pub name: String,
    pub handle: String,
    pub role: Option<String>,
    pub path: String,
    pub last: Option<Date>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatchUpState {
    /// No cadence: ties does not nag about this contact.
    NoCadence,
    Snoozed {
        until: Date,
    },
    /// A cadence but no exchange yet.
    Never,
    Ok {
        next: Date,
    },
    /// More than one cadence since the last exchange.
    Due {
        since: Date,
    },
    /// More than two cadences.
    Cold {
        since: Date,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CatchUp {
    pub state: CatchUpState,
    pub cadence: Option<(Cadence, CadenceSource)>,
    pub last: Option<Date>,
    pub days_since: Option<i64>,
    /// `(days since last - cadence) / cadence`: above 0 is due, above 1 is cold.
    pub rank: Option<f64>,
}

impl CatchUpState {
    /// "ok until 2026-12-20", "due since 2026-11-02", "going cold", ...
    pub fn describe(self) -> String {
        match self {
            CatchUpState::NoCadence => "no cadence".into(),
            CatchUpState::Snoozed { until } => format!("snoozed until {until}"),
            CatchUpState::Never => "no exchange yet".into(),
            CatchUpState::Ok { next } => format!("ok until {next}"),
            CatchUpState::Due { since } => format!("catch-up due since {since}"),
            CatchUpState::Cold { since } => format!("going cold (due since {since})"),
        }
    }
}

/// Where the contact stands against its cadence, given the date of its last past exchange.
pub fn catch_up(index: &Index, id: NoteId, last: Option<Date>, today: Date, config: &Config) -> CatchUp {
    let decl = index.contact(id);
    let cadence = decl.and_then(|c| config.cadence_for(c));
    let days_since = last.map(|d| date::days_between(d, today));
    let mut out = CatchUp { state: CatchUpState::NoCadence, cadence, last, days_since, rank: None };
    let Some((cad, _)) = cadence else { return out };
    if let Some(until) = decl.and_then(|c| c.snooze_until).filter(|&u| u > today) {
        out.state = CatchUpState::Snoozed { until };
        return out;
    }
    let (Some(last), Some(days)) = (last, days_since) else {
        out.state = CatchUpState::Never;
        return out;
    };
    let len = cad.days_from(last).max(1);
    out.rank = Some((days - len) as f64 / len as f64);
    let due = cad.after(last).unwrap_or(last);
    out.state = if days > 2 * len {
        CatchUpState::Cold { since: due }
    } else if days > len {
        CatchUpState::Due { since: due }
    } else {
        CatchUpState::Ok { next: due }
    };
    out
}

pub fn exchange_item(index: &Index, e: &Exchange) -> ExchangeItem {
    let facts = index.note(e.note);
    let summary = match e.block {
        Some(_) => String::new(),
        None => "last contact (set in the contact's front matter)".to_string(),
    };
    ExchangeItem {
        date: e.date,
        path: facts.path.clone(),
        span: e.span,
        line: facts.lines.line_of(e.span.start),
        block: e.block,
        summary,
        gave: e.gave,
        asked: e.asked,
    }
}

/// The card of a contact as of `today`, with its whole history; None if `id` is not a contact.
pub fn card(index: &Index, id: NoteId, today: Date, config: &Config) -> Option<ContactCard> {
    card_with(index, id, today, config, None)
}

/// One person at a company as a card lists them: name, role, note, last exchange.
pub fn person_at(index: &Index, pid: NoteId, today: Date) -> Option<PersonAt> {
    let p = index.contact(pid)?;
    Some(PersonAt {
        name: p.name.clone(),
        handle: p.handle.clone(),
        role: p.role.clone(),
        path: index.note(pid).path.clone(),
        last: index.last_exchange(pid, today),
    })
}

/// The card with at most `limit` items in each list (past exchanges, upcoming ones, open
/// follow-ups, people at a company); the counts cover them all. A hover passes a small limit:
/// its size and cost then stay the same whatever the contact's history.
pub fn card_with(index: &Index, id: NoteId, today: Date, config: &Config, limit: Option<usize>) -> Option<ContactCard> {
    let c = index.contact(id)?;
    let facts = index.note(id);
    let limit = limit.unwrap_or(usize::MAX);
    let totals = index.totals(id);
    // Planned exchanges are few; count them (and their tags) to get the past totals.
    let (mut future, mut future_gave, mut future_asked) = (0usize, 0u32, 0u32);
    for e in index.future_exchanges(id, today) {
        future += 1;
        future_gave += u32::from(e.gave);
        future_asked += u32::from(e.asked);
    }
    let exchanges: Vec<ExchangeItem> =
        index.past_exchanges(id, today).take(limit).map(|e| exchange_item(index, e)).collect();
    let upcoming: Vec<ExchangeItem> =
        index.future_exchanges(id, today).rev().take(limit).map(|e| exchange_item(index, e)).collect();
    let company = c.company.as_ref().map(|raw| match index.company_of(id) {
        Some(cid) => {
            let co = index.contact(cid).expect("company is a contact");
            CompanyLink {
                name: co.name.clone(),
                handle: Some(co.handle.clone()),
                path: Some(index.note(cid).path.clone()),
            }
        }
        None => CompanyLink { name: raw.clone(), handle: None, path: None },
    });
    let all_people = if c.kind == ContactKind::Company { index.people_at(id) } else { Vec::new() };
    let people = all_people.iter().take(limit).filter_map(|&pid| person_at(index, pid, today)).collect();
    let last = index.last_exchange(id, today);
    let first_date = index.exchanges_newest(id).next_back().map(|e| e.date).filter(|&d| d <= today);
    let (stale_count, _) = followups::stale_of_contact(index, id, today, config);
    Some(ContactCard {
        path: facts.path.clone(),
        kind: c.kind,
        name: c.name.clone(),
        handle: c.handle.clone(),
        aliases: c.aliases.clone(),
        role: c.role.clone(),
        company,
        email: c.email.clone(),
        tie: c.tie,
        tags: c.tags.clone(),
        target: c.target,
        extra: c.extra.clone(),
        key_dates: crate::core::features::keydates::of(c, today),
        catch_up: catch_up(index, id, last, today, config),
        gave: totals.gave - future_gave,
        asked: totals.asked - future_asked,
        follow_ups: followups::of_contact(index, id, today, config, Some(limit)),
        follow_up_count: totals.open_follow_ups,
        stale_count,
        exchange_count: totals.exchanges - future,
        first_date,
        exchanges,
        upcoming,
        upcoming_count: future,
        people,
        people_count: all_people.len(),
        conflicts: index.conflicts(id).into_iter().map(|(k, other)| (k, index.note(other).path.clone())).collect(),
    })
}

/// "once", "twice", "3 times".
pub fn times(n: u32) -> String {
    match n {
        0 => "never".into(),
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}
