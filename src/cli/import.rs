//! `ties import linkedin|vcard|calendar`: read the outside file, ask `crate::import` for a plan,
//! show it (`--dry-run`) or apply it through `write::apply`, and report what happened, one line
//! per note (JSON Lines with `--json`).

use super::{Ctx, Vault, quiet};
use crate::import::calendar::{self, CalendarReport};
use crate::import::{self, Planner, Report, Source};
use crate::write::{self, FileChange};
use anyhow::{Context, Result};
use clap::Subcommand;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// LinkedIn's Connections.csv (Settings > Data privacy > Get a copy of your data).
    Linkedin {
        file: PathBuf,
        dir: Option<PathBuf>,
        /// Show what would change, write nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// A .vcf file with one or many cards, or a folder of .vcf files (vdirsyncer, CardDAV).
    Vcard {
        path: PathBuf,
        dir: Option<PathBuf>,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Past events of an .ics file with a known attendee become dated meeting notes.
    Calendar {
        file: PathBuf,
        dir: Option<PathBuf>,
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Ctx, what: ImportWhat) -> Result<ExitCode> {
    match what {
        ImportWhat::Linkedin { file, dir, dry_run, json } => {
            let text = read(&file)?;
            let (rows, skipped) =
                import::linkedin::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            people(ctx, dir.as_deref(), Source::LinkedIn, vec![(rows, skipped)], dry_run, json)
        }
        ImportWhat::Vcard { path, dir, dry_run, json } => {
            let mut batches = Vec::new();
            for f in vcf_files(&path)? {
                let (rows, mut skipped) = import::vcard::parse(&read(&f)?);
                if path.is_dir() {
                    let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    for s in &mut skipped {
                        s.reason = format!("{name}: {}", s.reason);
                    }
                }
                batches.push((rows, skipped));
            }
            people(ctx, dir.as_deref(), Source::VCard, batches, dry_run, json)
        }
        ImportWhat::Calendar { file, dir, dry_run, json } => {
            let text = read(&file)?;
            meetings(ctx, dir.as_deref(), &text, dry_run, json)
        }
    }
}

fn read(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| {
        anyhow::anyhow!("{} is not UTF-8 text: export it again as UTF-8 (or convert it with iconv)", path.display())
    })
}

/// The .vcf files of a folder (sorted), or the file itself.
fn vcf_files(path: &Path) -> Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .with_context(|| format!("cannot list {}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("vcf")) && p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

fn root_of(vault: &Vault) -> PathBuf {
    if vault.shown.as_os_str().is_empty() { PathBuf::from(".") } else { vault.shown.clone() }
}

fn people(
    ctx: &Ctx,
    dir: Option<&Path>,
    source: Source,
    batches: Vec<(Vec<import::Incoming>, Vec<import::Skipped>)>,
    dry_run: bool,
    json: bool,
) -> Result<ExitCode> {
    let vault = ctx.open(dir, false, &quiet)?;
    let mut text_of = |rel: &str| vault.text_of(rel);
    let mut planner = Planner::new(&vault.index, &vault.config.core, &mut text_of, source, ctx.today);
    for (rows, skipped) in batches {
        for s in skipped {
            planner.skip(s.line, s.reason);
        }
        for r in rows {
            planner.add(r);
        }
    }
    let plan = planner.finish();
    let root = root_of(&vault);
    finish(&vault, &root, &plan.changes, dry_run, json)?;
    print_report(&vault, &plan.report, dry_run, json);
    Ok(ExitCode::SUCCESS)
}

/// Shows (`--dry-run`) or applies the changes.
fn finish(vault: &Vault, root: &Path, changes: &[FileChange], dry_run: bool, json: bool) -> Result<()> {
    if dry_run {
        if !json {
            print!("{}", write::preview(root, changes));
        }
        return Ok(());
    }
    write::apply(root, changes).with_context(|| format!("while writing into {}", vault.display("")))?;
    Ok(())
}

fn print_report(vault: &Vault, r: &Report, dry_run: bool, json: bool) {
    if json {
        for p in &r.new_people {
            println!("{}", json!({"action": "new-person", "path": p}));
        }
        for p in &r.new_companies {
            println!("{}", json!({"action": "new-company", "path": p}));
        }
        for p in &r.updated {
            println!("{}", json!({"action": "updated", "path": p}));
        }
        for j in &r.job_changes {
            println!("{}", json!({"action": "job-change", "path": j.path, "name": j.name, "from": j.from, "to": j.to}));
        }
        for s in &r.skipped {
            println!("{}", json!({"action": "skipped", "line": s.line, "reason": s.reason}));
        }
        println!(
            "{}",
            json!({"action": "summary", "dry_run": dry_run, "new_people": r.new_people.len(),
                   "new_companies": r.new_companies.len(), "updated": r.updated.len(),
                   "job_changes": r.job_changes.len(), "skipped": r.skipped.len(), "unchanged": r.unchanged})
        );
        return;
    }
    for p in &r.new_people {
        println!("new person   {}", vault.display(p));
    }
    for p in &r.new_companies {
        println!("new company  {}", vault.display(p));
    }
    for p in &r.updated {
        println!("updated      {}", vault.display(p));
    }
    for j in &r.job_changes {
        println!("job change   {}: {}: {} -> {}", vault.display(&j.path), j.name, j.from, j.to);
    }
    for s in &r.skipped {
        println!("skipped      line {}: {}", s.line, s.reason);
    }
    println!(
        "{} new people, {} new companies, {} updated, {} job changes, {} skipped, {} unchanged{}",
        r.new_people.len(),
        r.new_companies.len(),
        r.updated.len(),
        r.job_changes.len(),
        r.skipped.len(),
        r.unchanged,
        if dry_run { " (dry run: nothing written)" } else { "" }
    );
}

fn meetings(ctx: &Ctx, dir: Option<&Path>, text: &str, dry_run: bool, json: bool) -> Result<ExitCode> {
    let vault = ctx.open(dir, false, &quiet)?;
    let mut text_of = |rel: &str| vault.text_of(rel);
    let known = calendar::known_meetings(&vault.index, &mut text_of);
    let (changes, report) = calendar::plan(&vault.index, text, &known, ctx.today);
    let root = root_of(&vault);
    finish(&vault, &root, &changes, dry_run, json)?;
    print_calendar(&vault, &report, dry_run, json);
    Ok(ExitCode::SUCCESS)
}

fn print_calendar(vault: &Vault, r: &CalendarReport, dry_run: bool, json: bool) {
    if json {
        for p in &r.new_meetings {
            println!("{}", json!({"action": "new-meeting", "path": p}));
        }
        for s in &r.skipped {
            println!("{}", json!({"action": "skipped", "line": s.line, "reason": s.reason}));
        }
        println!(
            "{}",
            json!({"action": "summary", "dry_run": dry_run, "new_meetings": r.new_meetings.len(),
                   "already": r.already, "cancelled": r.cancelled, "no_known_attendee": r.no_known_attendee,
                   "future": r.future, "skipped": r.skipped.len()})
        );
        return;
    }
    for p in &r.new_meetings {
        println!("new meeting  {}", vault.display(p));
    }
    for s in &r.skipped {
        println!("skipped      line {}: {}", s.line, s.reason);
    }
    println!(
        "{} new meetings; skipped: {} already imported, {} cancelled, {} with no known attendee, {} in the future{}",
        r.new_meetings.len(),
        r.already,
        r.cancelled,
        r.no_known_attendee,
        r.future,
        if dry_run { " (dry run: nothing written)" } else { "" }
    );
}
