//! `ties due`: open follow-ups, most urgent first: by due date, undated ones, then the stale
//! ones (overdue by more than `stale_after_days`).

use crate::cli::{Ctx, quiet, render};
use crate::core::features::followups;
use anyhow::Result;
use serde_json::json;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, dir: Option<&Path>, json: bool) -> Result<ExitCode> {
    let vault = ctx.open(dir, false, &quiet)?;
    let mut list = followups::all(&vault.index, ctx.today, &vault.config.core);
    vault.fill_follow_ups(&mut list);
    let mut out = std::io::stdout().lock();
    if json {
        let items: Vec<_> = list.iter().map(|f| render::follow_up_json(&vault, f)).collect();
        render::print_json(&mut out, &json!(items))?;
        return Ok(ExitCode::SUCCESS);
    }
    if list.is_empty() {
        writeln!(out, "no open follow-ups")?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|f| {
            vec![
                f.due.map_or("-".to_string(), |d| d.date.to_string()),
                if f.stale { format!("stale: {}", f.status.describe()) } else { f.status.describe() },
                render::follow_up_with(f),
                render::clip(&f.text, 70),
                render::place(&vault, &f.path, f.line),
            ]
        })
        .collect();
    render::table(&mut out, &["DUE", "STATUS", "WITH", "TASK", "WHERE"], &rows)?;
    Ok(ExitCode::SUCCESS)
}
