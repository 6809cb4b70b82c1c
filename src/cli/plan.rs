//! `ties plan`: who to write to this week, one reason and one action each.

use crate::cli::{Ctx, quiet, render};
use crate::core::features::network_json;
use crate::core::features::plan::{self, PlanOptions};
use anyhow::Result;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, dir: Option<&Path>, days: u32, limit: usize, json: bool) -> Result<ExitCode> {
    let vault = ctx.open(dir, false, &quiet)?;
    let mut answer = plan::plan(&vault.index, ctx.today, &vault.config.core, PlanOptions { days, limit });
    for item in &mut answer.items {
        if let Some(b) = item.block {
            item.text = vault.summary(&item.path, b).unwrap_or_default();
        }
    }
    let show = |p: &str| vault.display(p);
    let mut out = std::io::stdout().lock();
    if json {
        render::print_json(&mut out, &network_json::plan(&answer, &show))?;
        return Ok(ExitCode::SUCCESS);
    }
    if answer.items.is_empty() {
        writeln!(
            out,
            "Nothing to plan from {} to {}: no promises due, nobody going cold.",
            answer.today, answer.until
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "Plan for {} to {} — {}:",
        answer.today,
        answer.until,
        render::count(answer.items.len(), "person", "people")
    )?;
    for (k, it) in answer.items.iter().enumerate() {
        writeln!(out)?;
        writeln!(out, "{:>2}. {} (@{}) — {}", k + 1, it.person.name, it.person.handle, it.kind.as_str())?;
        writeln!(out, "    why: {}", it.reason)?;
        let task = if it.text.is_empty() { String::new() } else { format!(": \"{}\"", render::clip(&it.text, 80)) };
        writeln!(out, "    do:  {}{task}", it.action)?;
        let also = if it.also.is_empty() {
            String::new()
        } else {
            format!("  (also: {})", it.also.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", "))
        };
        writeln!(out, "    at:  {}{also}", render::place(&vault, &it.path, it.line))?;
    }
    writeln!(out)?;
    if answer.snoozed > 0 {
        writeln!(out, "{} left out (snoozed).", render::count(answer.snoozed, "contact", "contacts"))?;
    }
    writeln!(out, "Order: {}", answer.order)?;
    Ok(ExitCode::SUCCESS)
}
