//! The contact card: everything ties knows about one contact, as of a given day. Hover, the
//! completion documentation and `ties show` all render this one struct.

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
    /// Exchanges dated after today (planned meetings), soonest first.
    pub upcoming: Vec<ExchangeItem>,
    pub catch_up: CatchUp,
    /// Past exchanges tagged `#gave` / `#asked`.
    pub gave: u32,
    pub asked: u32,
    pub follow_ups: Vec<FollowUp>,
    /// For a company: the people you know there.
    pub people: Vec<PersonAt>,
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

/// The card with at most `history` past exchanges spelled out (the counts cover them all).
pub fn card_with(
    index: &Index,
    id: NoteId,
    today: Date,
    config: &Config,
    history: Option<usize>,
) -> Option<ContactCard> {
    let c = index.contact(id)?;
    let facts = index.note(id);
    let all = index.exchanges(id);
    let split = all.partition_point(|e| e.date > today);
    let (future, past) = all.split_at(split);
    let exchanges: Vec<ExchangeItem> =
        past.iter().take(history.unwrap_or(usize::MAX)).map(|e| exchange_item(index, e)).collect();
    let upcoming: Vec<ExchangeItem> = future.iter().rev().map(|e| exchange_item(index, e)).collect();
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
    let people = if c.kind == ContactKind::Company {
        index
            .people_at(id)
            .into_iter()
            .filter_map(|pid| {
                let p = index.contact(pid)?;
                let last = index.exchange_dates(pid).iter().copied().find(|&d| d <= today);
                Some(PersonAt {
                    name: p.name.clone(),
                    handle: p.handle.clone(),
                    role: p.role.clone(),
                    path: index.note(pid).path.clone(),
                    last,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
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
        catch_up: catch_up(index, id, past.first().map(|e| e.date), today, config),
        gave: past.iter().filter(|e| e.gave).count() as u32,
        asked: past.iter().filter(|e| e.asked).count() as u32,
        follow_ups: followups::of_contact(index, id, today),
        exchange_count: past.len(),
        first_date: past.last().map(|e| e.date),
        exchanges,
        upcoming,
        people,
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
