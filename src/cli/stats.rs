//! `ties stats`: the network's health in numbers.

use crate::cli::{Ctx, quiet, render};
use crate::core::features::network_json;
use crate::core::features::stats;
use anyhow::Result;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, dir: Option<&Path>, json: bool) -> Result<ExitCode> {
    let vault = ctx.open(dir, false, &quiet)?;
    let s = stats::stats(&vault.index, ctx.today, &vault.config.core);
    let show = |p: &str| vault.display(p);
    let mut out = std::io::stdout().lock();
    if json {
        render::print_json(&mut out, &network_json::stats(&s, &show))?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "Network as of {}", s.today)?;
    writeln!(
        out,
        "Contacts: {} and {} · ties: {} strong, {} weak, {} unset",
        render::count(s.people, "person", "people"),
        render::count(s.companies, "company", "companies"),
        s.strong,
        s.weak,
        s.no_tie
    )?;
    writeln!(out, "Weak ties touched in the last {} days: {} of {}", stats::TOUCHED_DAYS, s.weak_touched, s.weak)?;
    let ratio = s.ratio().map_or("-".to_string(), |r| format!("{r:.2}"));
    writeln!(out, "Give and take: gave {}, asked {} (gave per ask: {ratio})", s.gave, s.asked)?;
    for g in s.per_contact.iter().filter(|g| g.asked > g.gave) {
        writeln!(out, "  {} (@{}): gave {}, asked {}", g.person.name, g.person.handle, g.gave, g.asked)?;
    }
    writeln!(out, "Exchanges per week (last {} weeks, oldest first):", stats::WEEKS)?;
    for w in &s.weeks {
        writeln!(out, "  {} {:>3} {}", w.start, w.exchanges, "#".repeat(w.exchanges.min(60) as usize))?;
    }
    writeln!(
        out,
        "Target companies: {} with a way in, {} without",
        s.targets_with_way_in(),
        s.targets.len() - s.targets_with_way_in()
    )?;
    for t in &s.targets {
        let best = t
            .best
            .as_deref()
            .map_or("no way in yet: `ties intro` suggests who to ask".to_string(), |b| format!("best: {b}"));
        writeln!(out, "  {} — {} · {best}", t.company.name, render::count(t.ways, "way", "ways"))?;
    }
    Ok(ExitCode::SUCCESS)
}
