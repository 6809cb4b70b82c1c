//! `ties intro COMPANY`: ranked ways into a company, each hop with its evidence.

use crate::cli::{Ctx, quiet, render};
use crate::core::date;
use crate::core::features::intro::{self, HopKind, IntroPath};
use crate::core::features::network_json;
use anyhow::{Result, anyhow};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, company: &str, dir: Option<&Path>, limit: usize, json: bool) -> Result<ExitCode> {
    let vault = ctx.open(dir, false, &quiet)?;
    let mut answer = intro::intro(&vault.index, company, ctx.today, &vault.config.core)
        .map_err(|e| anyhow!("{e} (in {})", vault.display("")))?;
    let total = answer.paths.len();
    answer.paths.truncate(limit);
    let show = |p: &str| vault.display(p);
    let mut out = std::io::stdout().lock();
    if json {
        let mut v = network_json::intro(&answer, &show);
        v["total_paths"] = serde_json::json!(total);
        render::print_json(&mut out, &v)?;
        return Ok(ExitCode::SUCCESS);
    }
    let target = if answer.target { " (target)" } else { "" };
    if answer.paths.is_empty() {
        writeln!(
            out,
            "No way into {}{target} yet: nobody you know works there, worked there or knows someone who does.",
            answer.company.name
        )?;
        if !answer.suggestions.is_empty() {
            writeln!(out, "\nWho to ask anyway:")?;
            for s in &answer.suggestions {
                writeln!(out, "  {} (@{}) — {}", s.person.name, s.person.handle, s.reason)?;
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let shown = if total > answer.paths.len() {
        format!("{} of {total} paths", answer.paths.len())
    } else {
        render::count(total, "path", "paths")
    };
    writeln!(out, "Ways into {}{target} — {shown}, best first:", answer.company.name)?;
    for (k, p) in answer.paths.iter().enumerate() {
        writeln!(out)?;
        print_path(&mut out, &vault, k + 1, p, ctx.today)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_path(
    out: &mut impl Write,
    vault: &crate::cli::Vault,
    rank: usize,
    p: &IntroPath,
    today: date::Date,
) -> Result<()> {
    let who = match &p.via {
        Some(v) => format!("{} → {}", v.name, p.target.name),
        None => p.target.name.clone(),
    };
    writeln!(out, "{rank}. {who} — {} · score {:.2}", p.kind.as_str(), p.score)?;
    writeln!(out, "   {}", p.step)?;
    for h in &p.hops {
        let from = h.from.as_deref().map_or("you".to_string(), |f| format!("@{f}"));
        let what = match h.kind {
            HopKind::Exchanged if h.count == 0 => "no exchange yet".to_string(),
            HopKind::Exchanged => format!(
                "exchanged {}, last {}",
                crate::core::features::card::times(h.count),
                h.date.map_or(String::new(), |d| render::when(d, today))
            ),
            HopKind::Knows(_) => {
                let last = h.date.map(|d| format!(", last {d}")).unwrap_or_default();
                format!("{} ×{}{last}", h.kind.as_str(), h.count)
            }
            _ => h.kind.as_str().to_string(),
        };
        let place = match (&h.path, h.line) {
            (Some(path), Some(line)) => format!(" — {}", render::place(vault, path, line)),
            _ => String::new(),
        };
        writeln!(out, "   {from} → @{}: {what}{place}", h.to)?;
    }
    Ok(())
}
