//! `ties.toml` -> `core::Config`. A bad file is an error that names the file and line.

use crate::core::Config;
use crate::core::date::Cadence;
use crate::core::features::findings::Severity;
use anyhow::{Context, Result, anyhow};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

pub const FILE_NAME: &str = "ties.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    people_dir: Option<String>,
    companies_dir: Option<String>,
    journal_dir: Option<String>,
    #[serde(default)]
    ignore: Vec<String>,
    unknown_mentions: Option<Spanned<String>>,
    stale_after_days: Option<Spanned<i64>>,
    #[serde(default)]
    cadence: CadenceTable,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CadenceTable {
    default: Option<Spanned<String>>,
    weak: Option<Spanned<String>>,
    strong: Option<Spanned<String>>,
    #[serde(default)]
    tags: BTreeMap<String, Spanned<String>>,
}

/// Settings of one vault: the core's `Config` plus what only the edges use.
#[derive(Clone, Debug, Default)]
pub struct VaultConfig {
    pub core: Config,
    /// Extra globs (gitignore syntax) of files not to index.
    pub ignore: Vec<String>,
}

/// Reads `ties.toml` in `root`; defaults when there is none.
pub fn load(root: &Path) -> Result<VaultConfig> {
    let path = root.join(FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text).map_err(|e| anyhow!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(VaultConfig::default()),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Parses the text of a `ties.toml`. Errors read "line N: what is wrong".
pub fn parse(text: &str) -> Result<VaultConfig, String> {
    let file: File = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        let msg = e.message().trim().to_string();
        match line {
            Some(l) => format!("line {l}: {msg}"),
            None => msg,
        }
    })?;
    let cadence = |v: &Spanned<String>| -> Result<Cadence, String> {
        Cadence::parse(v.get_ref()).ok_or_else(|| {
            format!(
                "line {}: `{}` is not a cadence: write a number and a unit, e.g. \"2w\", \"30d\", \"3mo\", \"1y\"",
                line_of(text, v.span().start),
                v.get_ref()
            )
        })
    };
    let mut core = Config::default();
    if let Some(d) = file.people_dir {
        core.people_dir = d;
    }
    if let Some(d) = file.companies_dir {
        core.companies_dir = d;
    }
    if let Some(d) = file.journal_dir {
        core.journal_dir = d;
    }
    if let Some(u) = &file.unknown_mentions {
        core.unknown_mentions = Severity::parse(u.get_ref()).ok_or_else(|| {
            format!(
                "line {}: unknown_mentions = \"{}\" is not one of off, hint, info, warning, error",
                line_of(text, u.span().start),
                u.get_ref()
            )
        })?;
    }
    if let Some(d) = &file.stale_after_days {
        core.stale_after_days = stale_after_days(u64::try_from(*d.get_ref()).ok()).ok_or_else(|| {
            format!(
                "line {}: stale_after_days = {} is not a number of days: write a whole number from 0 to {MAX_STALE_AFTER_DAYS}, e.g. 180",
                line_of(text, d.span().start),
                d.get_ref()
            )
        })?;
    }
    core.cadence_default = file.cadence.default.as_ref().map(cadence).transpose()?;
    core.cadence_weak = file.cadence.weak.as_ref().map(cadence).transpose()?;
    core.cadence_strong = file.cadence.strong.as_ref().map(cadence).transpose()?;
    for (tag, v) in &file.cadence.tags {
        core.cadence_tags.push((tag.trim_start_matches('#').to_lowercase(), cadence(v)?));
    }
    Ok(VaultConfig { core, ignore: file.ignore })
}

/// The longest horizon for stale follow-ups: a thousand years, to turn them off in practice.
pub const MAX_STALE_AFTER_DAYS: u32 = 365_000;

/// A horizon for stale follow-ups, in days, if it is one (0 to `MAX_STALE_AFTER_DAYS`).
pub fn stale_after_days(days: Option<u64>) -> Option<u32> {
    days.filter(|&d| d <= u64::from(MAX_STALE_AFTER_DAYS)).map(|d| d as u32)
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_setting() {
        let c = parse(
            "people_dir = \"contacts\"\nignore = [\"archive/**\"]\nunknown_mentions = \"warning\"\n\
             stale_after_days = 365\n[cadence]\ndefault = \"3mo\"\nweak = \"6w\"\n[cadence.tags]\nrecruiter = \"2w\"\n",
        )
        .unwrap();
        assert_eq!(c.core.people_dir, "contacts");
        assert_eq!(c.ignore, vec!["archive/**"]);
        assert_eq!(c.core.unknown_mentions, Some(Severity::Warning));
        assert_eq!(c.core.cadence_default.unwrap().to_string(), "3mo");
        assert_eq!(c.core.cadence_weak.unwrap().to_string(), "6w");
        assert_eq!(c.core.cadence_tags[0].0, "recruiter");
        assert_eq!(c.core.stale_after_days, 365);
        assert_eq!(parse("").unwrap().core.stale_after_days, crate::core::config::STALE_AFTER_DAYS);
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("[cadence]\ndefault = \"3mo\"\nweak = \"often\"\n").unwrap_err();
        assert!(e.starts_with("line 3: `often` is not a cadence"), "{e}");
        let e = parse("people_dir = \"p\"\ncolour = 1\n").unwrap_err();
        assert!(e.starts_with("line 2: unknown field `colour`"), "{e}");
        let e = parse("people_dir = \"p\"\nstale_after_days = -3\n").unwrap_err();
        assert!(e.starts_with("line 2: stale_after_days = -3 is not a number of days"), "{e}");
        let e = parse("stale_after_days = \"6mo\"\n").unwrap_err();
        assert!(e.starts_with("line 1: "), "{e}");
        let e = parse("people_dir = [\n").unwrap_err();
        assert!(e.starts_with("line "), "{e}");
    }
}
