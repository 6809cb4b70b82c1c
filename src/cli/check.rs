//! `ties check`: every finding as `path:line:col: severity: message [code]`.

use crate::cli::{Ctx, quiet, render};
use crate::core::config::{Severity, UnresolvedLinks};
use crate::core::features::findings;
use anyhow::Result;
use serde_json::json;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, dir: Option<&Path>, json: bool) -> Result<ExitCode> {
    let vault = ctx.open(dir, false, &quiet)?;
    let list = findings::all(&vault.index, ctx.today, &vault.config.core);
    let mut out = std::io::stdout().lock();
    if json {
        let items: Vec<_> = list
            .iter()
            .map(|f| {
                let (line, col) = render::line_col(&vault, &f.path, f.span);
                json!({
                    "path": vault.display(&f.path), "line": line, "column": col,
                    "severity": f.severity.as_str(), "code": f.code.as_str(), "message": f.message,
                })
            })
            .collect();
        render::print_json(&mut out, &json!(items))?;
    } else {
        for f in &list {
            let (line, col) = render::line_col(&vault, &f.path, f.span);
            writeln!(
                out,
                "{}:{line}:{col}: {}: {} [{}]",
                vault.display(&f.path),
                f.severity.as_str(),
                f.message,
                f.code.as_str()
            )?;
        }
        let count = |s: Severity| list.iter().filter(|f| f.severity == s).count();
        let mut parts = Vec::new();
        for (s, one, many) in [
            (Severity::Error, "error", "errors"),
            (Severity::Warning, "warning", "warnings"),
            (Severity::Information, "info", "info"),
            (Severity::Hint, "hint", "hints"),
        ] {
            match count(s) {
                0 => {}
                1 => parts.push(format!("1 {one}")),
                n => parts.push(format!("{n} {many}")),
            }
        }
        let summary = if parts.is_empty() { "no findings".to_string() } else { parts.join(", ") };
        writeln!(
            out,
            "{summary} in {} ({}), as of {}",
            render::count(vault.stats.notes, "note", "notes"),
            render::count(vault.stats.contacts, "contact", "contacts"),
            ctx.today
        )?;
        if vault.config.core.unresolved_links == UnresolvedLinks::Ignore {
            let left = vault
                .index
                .notes()
                .flat_map(|(_, f)| &f.mentions)
                .filter(|m| vault.index.is_unresolved_link(m))
                .count();
            if left > 0 {
                writeln!(
                    out,
                    "{} left alone (unresolved_links = \"contact\" in ties.toml reports them)",
                    render::count(left, "link to an unwritten page", "links to unwritten pages")
                )?;
            }
        }
    }
    let serious = list.iter().any(|f| f.severity <= Severity::Warning);
    Ok(if serious { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
