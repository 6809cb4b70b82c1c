//! Text and JSON shapes shared by the subcommands: tables, places, cards, follow-ups.

use crate::cli::Vault;
use crate::core::date::{self, Date};
use crate::core::features::card::{CatchUpState, ContactCard, ExchangeItem};
use crate::core::features::followups::FollowUp;
use crate::core::text::{Encoding, Span};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::io::Write;

/// Prints rows as aligned columns (the last column is not padded).
pub fn table(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (i, cell) in cells.enumerate() {
            if i + 1 < widths.len() {
                let pad = widths[i] - cell.chars().count();
                let _ = write!(s, "{cell}{}  ", " ".repeat(pad));
            } else {
                s.push_str(cell);
            }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line(&mut header.iter().copied()))?;
    for row in rows {
        writeln!(out, "{}", line(&mut row.iter().map(String::as_str)))?;
    }
    Ok(())
}

/// At most `n` characters, with an ellipsis when cut.
pub fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// "1 exchange", "3 exchanges".
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

/// (line, column), one-based, columns in characters.
pub fn line_col(vault: &Vault, rel: &str, span: Span) -> (u32, u32) {
    match vault.index.get(rel) {
        Some(facts) => {
            let (l, c) = facts.lines.line_col(span.start, Encoding::Chars);
            (l + 1, c + 1)
        }
        None => (1, 1),
    }
}

/// `path:line`.
pub fn place(vault: &Vault, rel: &str, line: u32) -> String {
    format!("{}:{}", vault.display(rel), line + 1)
}

/// "2026-11-14, 12d ago".
pub fn when(d: Date, today: Date) -> String {
    let days = date::days_between(d, today);
    match days {
        0 => format!("{d}, today"),
        n if n > 0 => format!("{d}, {n}d ago"),
        n => format!("{d}, in {}d", -n),
    }
}

pub fn catch_up_short(state: CatchUpState) -> String {
    match state {
        CatchUpState::NoCadence => "-".into(),
        CatchUpState::Snoozed { until } => format!("snoozed to {until}"),
        CatchUpState::Never => "never talked".into(),
        CatchUpState::Ok { next } => format!("ok to {next}"),
        CatchUpState::Due { since } => format!("due since {since}"),
        CatchUpState::Cold { since } => format!("cold since {since}"),
    }
}

pub fn follow_up_with(f: &FollowUp) -> String {
    let names: Vec<&str> = f.with.iter().map(|p| p.name.as_str()).collect();
    crate::core::features::followups::join_names(names.into_iter())
}

pub fn follow_up_json(vault: &Vault, f: &FollowUp) -> Value {
    json!({
        "path": vault.display(&f.path),
        "line": f.line + 1,
        "text": f.text,
        "due": f.due.map(|d| d.date.to_string()),
        "status": f.status.describe(),
        "overdue_days": match f.status { crate::core::features::followups::DueStatus::Overdue { days } => Some(days), _ => None },
        "stale": f.stale,
        "with": f.with.iter().map(|p| json!({"handle": p.handle, "name": p.name, "known": p.known})).collect::<Vec<_>>(),
    })
}

pub fn exchange_json(vault: &Vault, e: &ExchangeItem) -> Value {
    json!({
        "date": e.date.to_string(),
        "path": vault.display(&e.path),
        "line": e.line + 1,
        "summary": e.summary,
        "gave": e.gave,
        "asked": e.asked,
    })
}

pub fn catch_up_json(card: &ContactCard) -> Value {
    let c = &card.catch_up;
    let (state, date) = match c.state {
        CatchUpState::NoCadence => ("no-cadence", None),
        CatchUpState::Snoozed { until } => ("snoozed", Some(until)),
        CatchUpState::Never => ("never", None),
        CatchUpState::Ok { next } => ("ok", Some(next)),
        CatchUpState::Due { since } => ("due", Some(since)),
        CatchUpState::Cold { since } => ("cold", Some(since)),
    };
    json!({
        "state": state,
        "date": date.map(|d| d.to_string()),
        "cadence": c.cadence.map(|(cad, _)| cad.to_string()),
        "days_since_last": c.days_since,
        "rank": c.rank,
    })
}

pub fn card_json(vault: &Vault, card: &ContactCard) -> Value {
    json!({
        "handle": card.handle,
        "name": card.name,
        "kind": match card.kind { crate::core::note::ContactKind::Person => "person", _ => "company" },
        "path": vault.display(&card.path),
        "aliases": card.aliases,
        "role": card.role,
        "company": card.company.as_ref().map(|c| json!({"name": c.name, "handle": c.handle})),
        "email": card.email,
        "tie": card.tie.map(|t| t.as_str()),
        "tags": card.tags,
        "target": card.target,
        "extra": card.extra.iter().map(|(k, v)| json!({"key": k, "value": v})).collect::<Vec<_>>(),
        "key_dates": card.key_dates.iter().map(|k| json!({
            "label": k.label, "date": k.date.to_string(), "next": k.next.to_string(), "in_days": k.in_days,
        })).collect::<Vec<_>>(),
        "last_exchange": card.last().map(|e| exchange_json(vault, e)),
        "exchange_count": card.exchange_count,
        "first_exchange": card.first_date.map(|d| d.to_string()),
        "catch_up": catch_up_json(card),
        "gave": card.gave,
        "asked": card.asked,
        "follow_ups": card.follow_ups.iter().map(|f| follow_up_json(vault, f)).collect::<Vec<_>>(),
        "upcoming": card.upcoming.iter().map(|e| exchange_json(vault, e)).collect::<Vec<_>>(),
        "people": card.people.iter().map(|p| json!({
            "handle": p.handle, "name": p.name, "role": p.role, "last_exchange": p.last.map(|d| d.to_string()),
        })).collect::<Vec<_>>(),
        "conflicts": card.conflicts.iter().map(|(k, p)| json!({"key": k, "path": vault.display(p)})).collect::<Vec<_>>(),
        "exchanges": card.exchanges.iter().map(|e| exchange_json(vault, e)).collect::<Vec<_>>(),
    })
}

pub fn print_json(out: &mut impl Write, value: &Value) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
