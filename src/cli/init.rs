//! `ties init [DIR]`: looks at a vault (Obsidian, Logseq, Foam or plain Markdown), says what it
//! found and writes a commented `ties.toml` with those settings. Never overwrites a file;
//! `--dry-run` prints the file instead of writing it.

use crate::cli::{quiet, render};
use crate::config::{self, AppJournal, VaultConfig};
use crate::core::note::ContactKind;
use crate::vault;
use anyhow::{Context, Result, bail};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Folder names taken for people and for companies, in order of preference (any case).
const PEOPLE: &[&str] = &["people", "persons", "contacts", "crm"];
const COMPANIES: &[&str] = &["companies", "company", "organizations", "organisations", "orgs"];

/// What `ties init` found in a vault.
struct Survey {
    app: &'static str,
    people_dir: Option<String>,
    companies_dir: Option<String>,
    journal: Option<AppJournal>,
}

pub fn run(dir: Option<&Path>, dry_run: bool) -> Result<ExitCode> {
    let root = dir.unwrap_or(Path::new("."));
    vault::check_root(root)?;
    let target = root.join(config::FILE_NAME);
    let survey = survey(root);
    let mut settings = VaultConfig::default();
    if let Some(d) = &survey.people_dir {
        settings.core.people_dir = d.clone();
    }
    if let Some(d) = &survey.companies_dir {
        settings.core.companies_dir = d.clone();
    }
    if let Some(j) = &survey.journal {
        settings.core.journal_dir = j.folder.clone();
        settings.core.journal_format = j.format.clone();
    }
    let (index, stats) = vault::load(root, &settings, None, &quiet)?;
    let people = index.contacts().filter(|(_, c)| c.kind == ContactKind::Person).count();
    let companies = index.contacts().filter(|(_, c)| c.kind == ContactKind::Company).count();
    let dated = index.notes().filter(|(_, f)| f.date.is_some()).count();

    let mut out = std::io::stdout().lock();
    writeln!(out, "{} at {}: {}", survey.app, root.display(), render::count(stats.notes, "note", "notes"))?;
    let folder = |d: &Option<String>, default: &str| match d {
        Some(d) => format!("{d}/"),
        None => format!("none found (ties would use {default}/)"),
    };
    writeln!(out, "  people folder:    {}", folder(&survey.people_dir, "people"))?;
    writeln!(out, "  companies folder: {}", folder(&survey.companies_dir, "companies"))?;
    match &survey.journal {
        Some(j) => writeln!(
            out,
            "  daily notes:      {}, named {} (from {})",
            if j.folder.is_empty() { "the vault's top folder".to_string() } else { format!("{}/", j.folder) },
            j.format.as_ref().map_or("YYYY-MM-DD".to_string(), |f| f.to_moment()),
            j.source
        )?,
        None => writeln!(out, "  daily notes:      no app settings (dated by YYYY-MM-DD file names)")?,
    }
    writeln!(
        out,
        "  would be contacts: {} and {}; {} dated by name or `date:`",
        render::count(people, "person", "people"),
        render::count(companies, "company", "companies"),
        render::count(dated, "note", "notes")
    )?;
    let text = toml_text(&survey);
    if dry_run {
        writeln!(out, "\nWould write {}:\n", target.display())?;
        write!(out, "{text}")?;
        return Ok(ExitCode::SUCCESS);
    }
    if target.exists() {
        bail!(
            "{} already exists: nothing written (ties init never overwrites; run `ties init --dry-run` to see what it would write)",
            target.display()
        );
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .with_context(|| format!("cannot create {}", target.display()))?;
    file.write_all(text.as_bytes()).with_context(|| format!("cannot write {}", target.display()))?;
    writeln!(out, "Wrote {}: run `ties check` to see what needs your attention", target.display())?;
    Ok(ExitCode::SUCCESS)
}

fn survey(root: &Path) -> Survey {
    let app = if root.join(".obsidian").is_dir() {
        "Obsidian vault"
    } else if root.join("logseq/config.edn").is_file() {
        "Logseq graph"
    } else if root.join(".foam").is_dir()
        || std::fs::read_to_string(root.join(".vscode/extensions.json")).is_ok_and(|t| t.contains("foam"))
    {
        "Foam workspace"
    } else {
        "Markdown folder"
    };
    let dirs: Vec<String> = std::fs::read_dir(root)
        .map(|rd| {
            let mut names: Vec<String> = rd
                .filter_map(|e| e.ok())
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter_map(|e| e.file_name().into_string().ok())
                .collect();
            names.sort();
            names
        })
        .unwrap_or_default();
    let pick = |wanted: &[&str]| wanted.iter().find_map(|w| dirs.iter().find(|d| d.eq_ignore_ascii_case(w)).cloned());
    Survey { app, people_dir: pick(PEOPLE), companies_dir: pick(COMPANIES), journal: config::app_journal(root) }
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The commented `ties.toml` for what was found.
fn toml_text(s: &Survey) -> String {
    let mut t = String::new();
    t.push_str(&format!("# ties settings for this {}, written by `ties init`.\n", s.app));
    t.push_str("# Every key is optional: delete a line to get the default back. See docs/syntax.md.\n");
    t.push_str("# Top-level keys must come before the first [table].\n\n");
    t.push_str("# Notes in these folders are contacts, with or without `kind:` (`kind: note` opts out).\n");
    t.push_str("# Folder names match in any case; new contact notes go to people_dir.\n");
    let line = |t: &mut String, key: &str, value: Option<&str>, default: &str| match value {
        Some(v) => t.push_str(&format!("{key} = {}\n", quoted(v))),
        None => t.push_str(&format!("# {key} = {}\n", quoted(default))),
    };
    line(&mut t, "people_dir", s.people_dir.as_deref(), "people");
    line(&mut t, "companies_dir", s.companies_dir.as_deref(), "companies");
    t.push_str("\n# Daily notes: where new ones go, and how their file names are dated (moment.js tokens,\n");
    t.push_str("# as in Obsidian). YYYY-MM-DD, YYYY_MM_DD, YYYY.MM.DD and YYYYMMDD are always read.\n");
    match &s.journal {
        Some(j) => {
            t.push_str(&format!("# Found in {}.\n", j.source));
            t.push_str(&format!("journal_dir = {}\n", quoted(&j.folder)));
            line(&mut t, "journal_format", j.format.as_ref().map(|f| f.to_moment()).as_deref(), "DD-MM-YYYY");
        }
        None => {
            t.push_str("# journal_dir = \"journal\"\n");
            t.push_str("# journal_format = \"DD-MM-YYYY\"\n");
        }
    }
    t.push_str("\n# A [[link]] to a page nobody wrote yet is left alone (\"ignore\"); \"contact\" reports it\n");
    t.push_str("# as an unknown contact, like an @mention of nobody.\n");
    t.push_str("unresolved_links = \"ignore\"\n");
    t.push_str("\n# How an @mention of nobody shows: off, hint, info, warning or error.\n");
    t.push_str("unknown_mentions = \"hint\"\n");
    t.push_str("\n# More files not to index, in .gitignore syntax (hidden folders are always skipped).\n");
    t.push_str("# ignore = [\"templates/**\"]\n");
    t.push_str("\n# How often to keep in touch, for contacts without a `cadence:` of their own.\n");
    t.push_str("# [cadence]\n# default = \"3mo\"\n# weak = \"6w\"\n# strong = \"30d\"\n");
    t
}
