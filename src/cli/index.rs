//! `ties index`: build or refresh the cache, with a progress bar on a terminal.

use crate::cli::{Ctx, render};
use anyhow::Result;
use serde_json::json;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

pub fn run(ctx: &Ctx, dir: Option<&Path>, json: bool) -> Result<ExitCode> {
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} notes parsed")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let progress = |done: usize, total: usize| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let vault = ctx.open(dir, false, &progress)?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let s = &vault.stats;
    let cache = vault.store.as_ref().and_then(|st| st.path()).map(|p| p.display().to_string());
    let mut out = std::io::stdout().lock();
    if json {
        render::print_json(
            &mut out,
            &json!({
                "notes": s.notes, "contacts": s.contacts, "parsed": s.parsed, "cached": s.cached,
                "unchanged": s.unchanged, "removed": s.removed, "bytes": s.bytes,
                "elapsed_ms": s.elapsed.as_secs_f64() * 1000.0, "cache": cache,
            }),
        )?;
    } else {
        writeln!(
            out,
            "indexed {} notes ({} contacts, {}) in {:.3} s: {} parsed, {} from cache, {} removed",
            s.notes,
            s.contacts,
            size(s.bytes),
            s.elapsed.as_secs_f64(),
            s.parsed,
            s.cached,
            s.removed
        )?;
        match cache {
            Some(p) => writeln!(out, "cache: {p}")?,
            None if ctx.no_cache => writeln!(out, "cache: none (--no-cache)")?,
            None => writeln!(out, "cache: none (it could not be opened: see the warning above)")?,
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 { format!("{:.1} MB", bytes as f64 / 1e6) } else { format!("{} KB", bytes.div_ceil(1000)) }
}
