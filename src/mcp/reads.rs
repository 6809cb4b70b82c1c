//! The read tools: each asks the core (or the CLI's search) on the loaded index and renders the
//! answer with the CLI's JSON shapes, one bounded page at a time. No logic of their own.

use crate::cli::render;
use crate::core::features::card::{self, ContactCard};
use crate::core::features::completion;
use crate::core::features::followups::{self, DueStatus};
use crate::core::features::plan::{self, PlanOptions};
use crate::core::features::{intro, network_json};
use crate::core::note::ContactKind;
use crate::mcp::args::{self, Answer, MAX_LIMIT, ToolError};
use crate::mcp::state::Shared;
use crate::mcp::tools::{
    ContactHistory, FindContacts, GetContact, IntroPaths, ListFollowUps, SearchNotes, Status, WeeklyPlan, WhoAt,
};
use serde_json::{Value, json};

const DEFAULT_LIMIT: usize = 20;
/// Caps on the lists inside one card.
const CARD_HISTORY: usize = 10;
const CARD_MAX_HISTORY: usize = 50;
const CARD_FOLLOW_UPS: usize = 20;
const CARD_UPCOMING: usize = 10;
const CARD_PEOPLE: usize = 50;

fn kind(k: ContactKind) -> &'static str {
    match k {
        ContactKind::Person => "person",
        _ => "company",
    }
}

pub fn find_contacts(shared: &Shared, a: FindContacts) -> Answer {
    let limit = args::limit(a.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let start = args::cursor(a.cursor.as_deref())?;
    if a.query.chars().count() > args::MAX_KEY || a.query.chars().any(char::is_control) {
        return Err(ToolError(format!(
            "query must be one line of at most {} characters: send a few words of a name, company or role",
            args::MAX_KEY
        )));
    }
    let today = shared.today();
    let state = shared.lock();
    let index = &state.vault.index;
    let found = completion::find(index, &a.query, today);
    Ok(args::page(found, start, limit, |c| {
        let last = index.exchange_dates(c.id).iter().copied().find(|&d| d <= today);
        json!({
            "handle": c.handle,
            "name": c.name,
            "kind": kind(c.kind),
            "detail": c.detail,
            "aliases": c.aliases,
            "path": index.note(c.id).path,
            "last_exchange": last.map(|d| d.to_string()),
        })
    }))
}

/// The card of a contact with at most `history` exchanges spelled out and its other lists
/// capped; `truncated` says which lists were cut and how long they are.
fn bounded_card(shared: &Shared, handle: &str, history: usize) -> Result<(ContactCard, Value), ToolError> {
    let today = shared.today();
    let state = shared.lock();
    let vault = &state.vault;
    let id = args::contact(&vault.index, handle)?;
    let mut c = card::card_with(&vault.index, id, today, &vault.config.core, Some(history))
        .ok_or_else(|| ToolError(format!("`{handle}` is not a contact")))?;
    let mut truncated = serde_json::Map::new();
    // The card counts every list in full (`*_count`) and spells out at most `history` of each.
    for (name, shown, total, cap) in [
        ("follow_ups", c.follow_ups.len(), c.follow_up_count, CARD_FOLLOW_UPS),
        ("upcoming", c.upcoming.len(), c.upcoming_count, CARD_UPCOMING),
        ("people", c.people.len(), c.people_count, CARD_PEOPLE),
    ] {
        let shown = shown.min(cap);
        if total > shown {
            truncated.insert(name.into(), json!({"shown": shown, "total": total}));
        }
    }
    c.follow_ups.truncate(CARD_FOLLOW_UPS);
    c.upcoming.truncate(CARD_UPCOMING);
    c.people.truncate(CARD_PEOPLE);
    vault.fill_card(&mut c);
    let mut out = render::card_json(vault, &c);
    out["truncated"] = Value::Object(truncated);
    Ok((c, out))
}

pub fn get_contact(shared: &Shared, a: GetContact) -> Answer {
    let history = args::count("history", a.history, CARD_HISTORY, CARD_MAX_HISTORY)?;
    bounded_card(shared, &a.handle, history).map(|(_, v)| v)
}

/// The card as Markdown (resource and prompts), rendered by the renderer the hover uses.
pub fn card_markdown(shared: &Shared, handle: &str) -> Result<(ContactCard, String), ToolError> {
    let (c, _) = bounded_card(shared, handle, crate::markdown::RECENT)?;
    let plain = |path: &str, line: u32, label: &str| {
        if label.starts_with(path) { label.to_string() } else { format!("{label}, {path}:{}", line + 1) }
    };
    let md = crate::markdown::card(&plain, &c, shared.today());
    Ok((c, md))
}

pub fn list_follow_ups(shared: &Shared, a: ListFollowUps) -> Answer {
    let limit = args::limit(a.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let start = args::cursor(a.cursor.as_deref())?;
    let within = match a.within_days {
        None => 14,
        Some(n) if n <= 3650 => n as i64,
        Some(n) => return Err(ToolError(format!("within_days {n} is too far: send 0 to 3650"))),
    };
    let today = shared.today();
    let state = shared.lock();
    let vault = &state.vault;
    let wanted = |s: DueStatus| match (a.status, s) {
        (Status::Overdue, DueStatus::Overdue { .. }) | (Status::Today, DueStatus::Today) => true,
        (Status::Upcoming, DueStatus::Upcoming { days }) => days <= within,
        (Status::All, DueStatus::Upcoming { days }) => days <= within,
        (Status::All, _) => true,
        _ => false,
    };
    let list: Vec<_> =
        followups::all(&vault.index, today, &vault.config.core).into_iter().filter(|f| wanted(f.status)).collect();
    let mut out = args::page(list, start, limit, |mut f| {
        vault.fill_follow_ups(std::slice::from_mut(&mut f));
        render::follow_up_json(vault, &f)
    });
    out["today"] = json!(today.to_string());
    Ok(out)
}

pub fn contact_history(shared: &Shared, a: ContactHistory) -> Answer {
    let limit = args::limit(a.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let start = args::cursor(a.cursor.as_deref())?;
    let before = a.before.as_deref().map(|b| args::date("before", b)).transpose()?;
    let today = shared.today();
    let state = shared.lock();
    let vault = &state.vault;
    let id = args::contact(&vault.index, &a.handle)?;
    let keep = |d| match before {
        Some(b) => d < b,
        None => d <= today,
    };
    let list: Vec<_> = vault.index.exchanges(id).into_iter().filter(|e| keep(e.date)).collect();
    let mut out = args::page(list, start, limit, |e| {
        let mut item = card::exchange_item(&vault.index, &e);
        if let Some(b) = item.block {
            item.summary = vault.summary(&item.path, b).unwrap_or_default();
        }
        render::exchange_json(vault, &item)
    });
    let c = vault.index.contact(id).expect("args::contact finds contacts");
    out["contact"] = json!({"handle": c.handle, "name": c.name});
    Ok(out)
}

pub fn search_notes(shared: &Shared, a: SearchNotes) -> Answer {
    let limit = args::limit(a.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let start = args::cursor(a.cursor.as_deref())?;
    let text = args::key("text", &a.text)?;
    let state = shared.lock();
    let vault = &state.vault;
    let hits = crate::cli::search::hits(vault, text, 200).map_err(|e| ToolError(format!("{e:#}")))?;
    Ok(args::page(hits, start, limit, |h| {
        let handle = vault.index.contact(h.contact).map(|c| c.handle.clone());
        json!({
            "date": h.date.map(|d| d.to_string()),
            "handle": handle,
            "contact": h.name,
            "summary": h.summary,
            "path": h.path,
            "line": h.line + 1,
        })
    }))
}

pub fn who_at(shared: &Shared, a: WhoAt) -> Answer {
    let limit = args::limit(a.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let start = args::cursor(a.cursor.as_deref())?;
    let today = shared.today();
    let state = shared.lock();
    let vault = &state.vault;
    let id = args::contact(&vault.index, &a.company)?;
    let c = card::card_with(&vault.index, id, today, &vault.config.core, Some(0))
        .ok_or_else(|| ToolError(format!("`{}` is not a contact", a.company)))?;
    if c.kind != ContactKind::Company {
        return Err(ToolError(format!(
            "`{}` is a person ({}), not a company: send a company's handle (find_contacts shows kind \"company\")",
            c.handle, c.name
        )));
    }
    let people: Vec<_> =
        vault.index.people_at(id).into_iter().filter_map(|p| card::person_at(&vault.index, p, today)).collect();
    let mut out = args::page(people, start, limit, |p| {
        json!({
            "handle": p.handle,
            "name": p.name,
            "role": p.role,
            "path": p.path,
            "last_exchange": p.last.map(|d| d.to_string()),
        })
    });
    out["company"] = json!({"handle": c.handle, "name": c.name, "target": c.target});
    Ok(out)
}

/// Paths are vault paths, as in every other tool.
fn vault_path(p: &str) -> String {
    p.to_string()
}

pub fn intro_paths(shared: &Shared, a: IntroPaths) -> Answer {
    let limit = args::limit(a.limit, 10, MAX_LIMIT)?;
    let start = args::cursor(a.cursor.as_deref())?;
    let company = args::key("company", &a.company)?;
    let today = shared.today();
    let state = shared.lock();
    let vault = &state.vault;
    let mut answer = intro::intro(&vault.index, company, today, &vault.config.core)
        .map_err(|e| ToolError(format!("{e}; find_contacts lists companies (kind \"company\")")))?;
    let paths = std::mem::take(&mut answer.paths);
    let mut out = network_json::intro(&answer, &vault_path);
    let page = args::page(paths.into_iter().enumerate().collect(), start, limit, |(k, p)| {
        network_json::intro_path(k + 1, &p, &vault_path)
    });
    out["paths"] = page["items"].clone();
    out["total_paths"] = page["total"].clone();
    out["next_cursor"] = page["next_cursor"].clone();
    Ok(out)
}

pub fn weekly_plan(shared: &Shared, a: WeeklyPlan) -> Answer {
    let days = args::count("days", a.days, 7, 366)? as u32;
    let limit = args::limit(a.limit, 10, MAX_LIMIT)?;
    let today = shared.today();
    let state = shared.lock();
    let vault = &state.vault;
    let mut answer = plan::plan(&vault.index, today, &vault.config.core, PlanOptions { days, limit });
    for item in &mut answer.items {
        if let Some(b) = item.block {
            item.text = vault.summary(&item.path, b).unwrap_or_default();
        }
    }
    Ok(network_json::plan(&answer, &vault_path))
}
