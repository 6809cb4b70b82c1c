//! `ties search TEXT`: exchanges whose summary matches, through the cache's full-text index.

use crate::cli::{Ctx, quiet, render};
use anyhow::{Context, Result};
use serde_json::json;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, text: &str, dir: Option<&Path>, json: bool) -> Result<ExitCode> {
    let vault = ctx.open(dir, true, &quiet)?;
    let store = vault.store.as_ref().context("no search index available")?;
    let hits = store.search(text, 200).context("full-text search failed")?;
    let mut rows = Vec::new();
    for (path, block, summary) in hits {
        let Some(id) = vault.index.id(&path) else { continue };
        let facts = vault.index.note(id);
        for m in facts.mentions.iter().filter(|m| m.block == Some(block)) {
            let Some(contact) = vault.index.resolve(&m.target) else {
                continue;
            };
            if contact == id || rows.iter().any(|(_, c, p, b, _)| *c == contact && *p == path && *b == block) {
                continue;
            }
            let name = vault.index.contact(contact).map_or(String::new(), |c| c.name.clone());
            let summary = summary.clone();
            let line = facts.lines.line_of(m.span.start);
            let date = crate::core::index::exchange_date(facts, m).or(m.date);
            rows.push((date, contact, path.clone(), block, (name, summary, line)));
        }
    }
    // Newest first; undated last.
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    let mut out = std::io::stdout().lock();
    if json {
        let items: Vec<_> = rows
            .iter()
            .map(|(date, _, path, _, (name, summary, line))| {
                json!({"date": date.map(|d| d.to_string()), "contact": name, "summary": summary,
                       "path": vault.display(path), "line": line + 1})
            })
            .collect();
        render::print_json(&mut out, &json!(items))?;
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        writeln!(out, "nothing matches `{text}`")?;
        return Ok(ExitCode::SUCCESS);
    }
    let table: Vec<Vec<String>> = rows
        .iter()
        .map(|(date, _, path, _, (name, summary, line))| {
            vec![
                date.map_or("undated".into(), |d| d.to_string()),
                name.clone(),
                render::clip(summary, 90),
                render::place(&vault, path, *line),
            ]
        })
        .collect();
    render::table(&mut out, &["DATE", "CONTACT", "SUMMARY", "WHERE"], &table)?;
    Ok(ExitCode::SUCCESS)
}
