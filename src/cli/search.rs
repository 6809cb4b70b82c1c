//! `ties search TEXT`: exchanges whose summary matches, through the cache's full-text index.

use crate::cli::{Ctx, Vault, quiet, render};
use anyhow::{Context, Result};
use serde_json::json;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// One exchange found by `ties search` (and MCP's `search_notes`).
pub struct Hit {
    pub date: Option<crate::core::Date>,
    pub contact: crate::core::index::NoteId,
    pub name: String,
    pub path: String,
    pub block: u32,
    pub summary: String,
    /// Zero-based.
    pub line: u32,
}

/// Exchanges whose summary matches every word of `text`, newest first (undated last), from at
/// most `limit` matching paragraphs.
pub fn hits(vault: &Vault, text: &str, limit: usize) -> Result<Vec<Hit>> {
    let store = vault.store.as_ref().context("no search index available")?;
    let found = store.search(text, limit).context("full-text search failed")?;
    let mut rows: Vec<Hit> = Vec::new();
    for (path, block, summary) in found {
        let Some(id) = vault.index.id(&path) else { continue };
        let facts = vault.index.note(id);
        for m in facts.mentions.iter().filter(|m| m.block == Some(block)) {
            let Some(contact) = vault.index.resolve(&m.target) else {
                continue;
            };
            if contact == id || rows.iter().any(|r| r.contact == contact && r.path == path && r.block == block) {
                continue;
            }
            let name = vault.index.contact(contact).map_or(String::new(), |c| c.name.clone());
            let line = facts.lines.line_of(m.span.start);
            let date = crate::core::index::exchange_date(facts, m).or(m.date);
            rows.push(Hit { date, contact, name, path: path.clone(), block, summary: summary.clone(), line });
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.date));
    Ok(rows)
}

pub fn run(ctx: &Ctx, text: &str, dir: Option<&Path>, json: bool) -> Result<ExitCode> {
    let vault = ctx.open(dir, true, &quiet)?;
    let rows = hits(&vault, text, 200)?;
    let mut out = std::io::stdout().lock();
    if json {
        let items: Vec<_> = rows
            .iter()
            .map(|r| {
                json!({"date": r.date.map(|d| d.to_string()), "contact": r.name, "summary": r.summary,
                       "path": vault.display(&r.path), "line": r.line + 1})
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
        .map(|r| {
            vec![
                r.date.map_or("undated".into(), |d| d.to_string()),
                r.name.clone(),
                render::clip(&r.summary, 90),
                render::place(&vault, &r.path, r.line),
            ]
        })
        .collect();
    render::table(&mut out, &["DATE", "CONTACT", "SUMMARY", "WHERE"], &table)?;
    Ok(ExitCode::SUCCESS)
}
