//! `ties contacts`: one row per contact.

use crate::cli::{Ctx, SortBy, quiet, render};
use crate::core::features::card::{self, ContactCard};
use crate::core::features::followups::DueStatus;
use anyhow::Result;
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, dir: Option<&Path>, sort: SortBy, json: bool) -> Result<ExitCode> {
    let vault = ctx.open(dir, false, &quiet)?;
    // The table shows one line per contact: cards cut to their first items are enough (and
    // cost the same for a contact with ten years of history); the JSON gives whole cards.
    let limit = if json { None } else { Some(1) };
    let mut cards: Vec<ContactCard> = vault
        .index
        .contacts()
        .filter_map(|(id, _)| card::card_with(&vault.index, id, ctx.today, &vault.config.core, limit))
        .collect();
    let name = |c: &ContactCard| c.name.to_lowercase();
    cards.sort_by_key(name);
    match sort {
        SortBy::Name => {}
        SortBy::Last => cards.sort_by_key(|c| std::cmp::Reverse(c.last().map(|e| e.date))),
        SortBy::Count => cards.sort_by_key(|c| std::cmp::Reverse(c.exchange_count)),
        SortBy::Due => cards.sort_by_key(|c| {
            let next = c.follow_ups.first().and_then(|f| f.due.map(|d| d.date));
            (next.is_none(), next)
        }),
        SortBy::Catchup => cards.sort_by(|a, b| {
            let r = |c: &ContactCard| c.catch_up.rank.unwrap_or(f64::NEG_INFINITY);
            r(b).total_cmp(&r(a))
        }),
    }
    let mut out = std::io::stdout().lock();
    if json {
        for c in &mut cards {
            vault.fill_card(c);
        }
        let items: Vec<_> = cards.iter().map(|c| render::card_json(&vault, c)).collect();
        render::print_json(&mut out, &json!(items))?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = cards
        .iter()
        .map(|c| {
            let next = c.follow_ups.first().map_or("-".to_string(), |f| match (f.due, f.status) {
                (Some(d), DueStatus::Overdue { days }) if f.stale => format!("{} (stale, {days}d overdue)", d.date),
                (Some(d), DueStatus::Overdue { days }) => format!("{} ({days}d overdue)", d.date),
                (Some(d), _) => d.date.to_string(),
                (None, _) => "open, no date".to_string(),
            });
            vec![
                c.name.clone(),
                format!("@{}", c.handle),
                c.company.as_ref().map_or("-".into(), |co| co.name.clone()),
                c.tie.map_or("-", |t| t.as_str()).to_string(),
                c.last().map_or("never".into(), |e| render::when(e.date, ctx.today)),
                c.exchange_count.to_string(),
                format!("{}/{}", c.gave, c.asked),
                render::catch_up_short(c.catch_up.state),
                next,
            ]
        })
        .collect();
    render::table(
        &mut out,
        &["NAME", "HANDLE", "COMPANY", "TIE", "LAST EXCHANGE", "EXCH", "GAVE/ASKED", "CATCH-UP", "NEXT FOLLOW-UP"],
        &rows,
    )?;
    Ok(ExitCode::SUCCESS)
}
