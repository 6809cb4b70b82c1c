//! `ties export vcard`: every person as a vCard 4.0 on stdout, so the index can go back to a
//! phone (`ties import vcard` of the output changes nothing).

use super::{Ctx, quiet};
use anyhow::Result;
use clap::Subcommand;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ExportWhat {
    /// vCard 4.0 (CRLF, folded at 75 octets) on stdout.
    Vcard {
        dir: Option<PathBuf>,
        /// Nothing is written to the vault anyway; accepted like the other commands.
        #[arg(long)]
        dry_run: bool,
        /// A JSON array of {path, vcard} instead.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Ctx, what: ExportWhat) -> Result<ExitCode> {
    let ExportWhat::Vcard { dir, dry_run: _, json } = what;
    let vault = ctx.open(dir.as_deref(), false, &quiet)?;
    let cards = crate::import::vcard::export(&vault.index);
    let mut out = std::io::stdout().lock();
    if json {
        let list: Vec<_> = cards.iter().map(|(p, v)| serde_json::json!({"path": p, "vcard": v})).collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
    } else {
        for (_, card) in &cards {
            out.write_all(card.as_bytes())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
