//! `ties merge FROM INTO`: the core's merge plan (`features::merge`) turned into file changes,
//! shown with `--dry-run` or written through `write::apply` (FROM's note removed last).

use super::{Ctx, quiet};
use crate::core::features::merge::{self, apply_edits};
use crate::write::{self, FileChange, fingerprint};
use anyhow::{Result, anyhow};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(ctx: &Ctx, from: &str, into: &str, dir: Option<&Path>, dry_run: bool, json: bool) -> Result<ExitCode> {
    let vault = ctx.open(dir, false, &quiet)?;
    let find = |q: &str| {
        vault.index.find(q).ok_or_else(|| {
            anyhow!(
                "no contact named `{q}` in {}: give a handle, name or alias (see `ties contacts`)",
                vault.display("")
            )
        })
    };
    let (from_id, into_id) = (find(from)?, find(into)?);
    let mut text_of = |rel: &str| vault.text_of(rel);
    let plan = merge::merge(&vault.index, from_id, into_id, &mut text_of).map_err(|e| anyhow!("{}", e.0))?;
    let mut changes = Vec::new();
    for (path, edits) in &plan.edits {
        let Some(before) = vault.text_of(path) else { continue };
        changes.push(FileChange::Update {
            path: path.clone(),
            before: fingerprint(before.as_bytes()),
            text: apply_edits(&before, edits),
        });
    }
    changes.push(FileChange::Update {
        path: plan.into_path.clone(),
        before: fingerprint(plan.into_before.as_bytes()),
        text: plan.into_text.clone(),
    });
    changes.push(FileChange::Delete { path: plan.from_path.clone(), before: fingerprint(plan.from_before.as_bytes()) });
    let root = if vault.shown.as_os_str().is_empty() { PathBuf::from(".") } else { vault.shown.clone() };
    if dry_run {
        if !json {
            print!("{}", write::preview(&root, &changes));
        }
    } else {
        write::apply(&root, &changes)?;
    }
    if json {
        let changed: Vec<&str> = changes.iter().map(|c| c.path()).collect();
        println!(
            "{}",
            json!({"dry_run": dry_run, "from": plan.from_path, "into": plan.into_path,
                   "changed": changed, "deleted": plan.from_path, "conflicts": plan.conflicts})
        );
    } else {
        for c in &plan.conflicts {
            println!("conflict     {c}");
        }
        println!(
            "merged {} into {}: {} other notes rewritten, {} removed{}",
            vault.display(&plan.from_path),
            vault.display(&plan.into_path),
            plan.edits.len(),
            vault.display(&plan.from_path),
            if dry_run { " (dry run: nothing written)" } else { "" }
        );
    }
    Ok(ExitCode::SUCCESS)
}
