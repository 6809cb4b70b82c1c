//! `ties show HANDLE`: the contact card and the whole history.

use crate::cli::{Ctx, quiet, render};
use crate::core::date;
use crate::core::features::card::{self, times};
use crate::core::note::ContactKind;
use anyhow::{Result, anyhow};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, handle: &str, dir: Option<&Path>, json: bool) -> Result<ExitCode> {
    let vault = ctx.open(dir, false, &quiet)?;
    let id = vault
        .index
        .find(handle)
        .ok_or_else(|| anyhow!("no contact `{handle}` in {}: `ties contacts` lists the handles", vault.display("")))?;
    let mut card = card::card(&vault.index, id, ctx.today, &vault.config.core)
        .ok_or_else(|| anyhow!("`{handle}` is not a contact"))?;
    vault.fill_card(&mut card);
    let mut out = std::io::stdout().lock();
    if json {
        render::print_json(&mut out, &render::card_json(&vault, &card))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut title = format!("{} (@{})", card.name, card.handle);
    let mut what = Vec::new();
    match (&card.role, &card.company) {
        (Some(r), Some(c)) => what.push(format!("{r} at {}", c.name)),
        (Some(r), None) => what.push(r.clone()),
        (None, Some(c)) => what.push(format!("at {}", c.name)),
        (None, None) => {}
    }
    if let Some(t) = card.tie {
        what.push(format!("{} tie", t.as_str()));
    }
    if card.kind == ContactKind::Company {
        what.push(if card.target { "company · target".into() } else { "company".into() });
    }
    if !what.is_empty() {
        title = format!("{title} — {}", what.join(" · "));
    }
    writeln!(out, "{title}")?;
    writeln!(out, "{}", vault.display(&card.path))?;
    let mut facts = Vec::new();
    if let Some(e) = &card.email {
        facts.push(format!("email: {e}"));
    }
    if !card.aliases.is_empty() {
        facts.push(format!("aliases: {}", card.aliases.join(", ")));
    }
    if !card.tags.is_empty() {
        facts.push(format!("tags: {}", card.tags.join(", ")));
    }
    for (k, v) in &card.extra {
        facts.push(format!("{k}: {v}"));
    }
    if !facts.is_empty() {
        writeln!(out, "{}", facts.join(" · "))?;
    }
    for k in &card.key_dates {
        let when = match k.in_days {
            0 => "today".to_string(),
            1 => "tomorrow".to_string(),
            n => format!("in {n} days"),
        };
        writeln!(out, "{}: {} (next {}, {when})", k.label, k.date, k.next)?;
    }
    writeln!(out)?;
    match card.last() {
        Some(last) => writeln!(
            out,
            "Last exchange: {} ({}) · {} since {}",
            last.date,
            date::relative(date::days_between(last.date, ctx.today)),
            render::count(card.exchange_count, "exchange", "exchanges"),
            card.first_date.map_or(String::new(), |d| d.to_string())
        )?,
        None => writeln!(out, "Last exchange: none yet")?,
    }
    if let Some((cad, _)) = card.catch_up.cadence {
        writeln!(out, "Keep in touch: every {cad} — {}", card.catch_up.state.describe())?;
    }
    if card.gave + card.asked > 0 {
        writeln!(out, "Give and take: gave {}, asked {}", times(card.gave), times(card.asked))?;
    }
    for (key, path) in &card.conflicts {
        writeln!(out, "Warning: `{key}` is also claimed by {}", vault.display(path))?;
    }
    if !card.people.is_empty() {
        writeln!(out, "\nPeople you know there:")?;
        for p in &card.people {
            let last = p.last.map_or("no exchange yet".into(), |d| render::when(d, ctx.today));
            let role = p.role.as_deref().map(|r| format!(", {r}")).unwrap_or_default();
            writeln!(out, "  {} (@{}){role} — last: {last}", p.name, p.handle)?;
        }
    } else if card.kind == ContactKind::Company {
        writeln!(out, "\nNo one you know works here yet.")?;
    }
    if !card.follow_ups.is_empty() {
        writeln!(out, "\nOpen follow-ups:")?;
        for f in &card.follow_ups {
            let due = f.due.map_or(String::new(), |d| format!("{} ", d.date));
            writeln!(out, "  [{due}{}] {} — {}", f.status.describe(), f.text, render::place(&vault, &f.path, f.line))?;
        }
    }
    if !card.upcoming.is_empty() {
        writeln!(out, "\nUpcoming:")?;
        for e in &card.upcoming {
            writeln!(out, "  {}  {} — {}", e.date, e.summary, render::place(&vault, &e.path, e.line))?;
        }
    }
    writeln!(out, "\nHistory ({}, newest first):", render::count(card.exchange_count, "exchange", "exchanges"))?;
    for e in &card.exchanges {
        let mut tags = String::new();
        if e.gave {
            tags.push_str(" [gave]");
        }
        if e.asked {
            tags.push_str(" [asked]");
        }
        writeln!(out, "  {}  {}{tags} — {}", e.date, e.summary, render::place(&vault, &e.path, e.line))?;
    }
    Ok(ExitCode::SUCCESS)
}
