//! `ties.toml` -> `core::Config`. A bad file is an error that names the file and line. What
//! `ties.toml` leaves unsaid about daily notes comes from the vault's own app settings
//! (`.obsidian/daily-notes.json`, the periodic-notes plugin, `logseq/config.edn`).

use crate::core::Config;
use crate::core::config::{Severity, UnresolvedLinks};
use crate::core::date::{Cadence, JournalFormat};
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
    journal_format: Option<Spanned<String>>,
    unresolved_links: Option<Spanned<String>>,
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

/// Reads `ties.toml` in `root` (defaults when there is none), then fills the daily-note folder
/// and format it does not set from the vault's app settings.
pub fn load(root: &Path) -> Result<VaultConfig> {
    let path = root.join(FILE_NAME);
    let (mut config, text) = match std::fs::read_to_string(&path) {
        Ok(text) => (parse(&text).map_err(|e| anyhow!("{}: {e}", path.display()))?, text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (VaultConfig::default(), String::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let says = |key: &str| text.lines().any(|l| l.trim_start().starts_with(key));
    if let Some(app) = app_journal(root) {
        if !says("journal_dir") {
            config.core.journal_dir = app.folder;
        }
        if !says("journal_format")
            && let Some(f) = app.format
        {
            config.core.journal_format = Some(f);
        }
    }
    // `people` finds `People/`: new notes go to the folder as it is spelled on disk.
    for dir in [&mut config.core.people_dir, &mut config.core.companies_dir, &mut config.core.journal_dir] {
        if let Some(found) = spelled_on_disk(root, dir) {
            *dir = found;
        }
    }
    Ok(config)
}

/// The folder `dir` names, as spelled on disk, when only its case differs.
fn spelled_on_disk(root: &Path, dir: &str) -> Option<String> {
    if dir.is_empty() || dir.contains(['/', '\\']) || root.join(dir).is_dir() {
        return None;
    }
    std::fs::read_dir(root)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .find(|name| name.eq_ignore_ascii_case(dir))
}

/// Daily notes as the vault's app names them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppJournal {
    /// The settings file read: `.obsidian/daily-notes.json`, `logseq/config.edn`, ...
    pub source: &'static str,
    pub folder: String,
    /// None when the app uses the ISO form (read without a setting) or a format ties cannot read.
    pub format: Option<JournalFormat>,
}

/// Reads `.obsidian/plugins/periodic-notes/data.json` (when its daily notes are on), else
/// `.obsidian/daily-notes.json`, else `logseq/config.edn`. Unreadable settings are logged and
/// skipped.
pub fn app_journal(root: &Path) -> Option<AppJournal> {
    let json = |rel: &str| -> Option<serde_json::Value> {
        let text = std::fs::read_to_string(root.join(rel)).ok()?;
        serde_json::from_str(&text).map_err(|e| tracing::warn!("{rel}: not JSON ({e}); ignored")).ok()
    };
    let moment = |source: &'static str, folder: Option<&str>, format: Option<&str>| {
        let format = format.map(str::trim).filter(|f| !f.is_empty() && *f != "YYYY-MM-DD");
        AppJournal {
            source,
            folder: folder.unwrap_or("").trim_matches('/').to_string(),
            format: format.and_then(|f| {
                JournalFormat::moment(f).map_err(|e| tracing::warn!("{source}: {e}; format ignored")).ok()
            }),
        }
    };
    if let Some(v) = json(".obsidian/plugins/periodic-notes/data.json")
        && let Some(daily) = v.get("daily")
        && daily.get("enabled").and_then(serde_json::Value::as_bool) != Some(false)
    {
        let text = |k: &str| daily.get(k).and_then(serde_json::Value::as_str);
        return Some(moment(".obsidian/plugins/periodic-notes/data.json", text("folder"), text("format")));
    }
    if let Some(v) = json(".obsidian/daily-notes.json") {
        let text = |k: &str| v.get(k).and_then(serde_json::Value::as_str);
        return Some(moment(".obsidian/daily-notes.json", text("folder"), text("format")));
    }
    if root.join(".obsidian").is_dir() {
        return Some(moment(".obsidian (Obsidian's defaults)", None, None));
    }
    let edn = std::fs::read_to_string(root.join("logseq/config.edn")).ok()?;
    let format = edn_string(&edn, ":journal/file-name-format").unwrap_or_else(|| "yyyy_MM_dd".to_string());
    let folder = edn_string(&edn, ":journals-directory").unwrap_or_else(|| "journals".to_string());
    Some(AppJournal {
        source: "logseq/config.edn",
        folder,
        format: JournalFormat::java(&format).map_err(|e| tracing::warn!("logseq/config.edn: {e}; ignored")).ok(),
    })
}

/// The string value of `key` in an EDN map, skipping `;` comment lines.
fn edn_string(edn: &str, key: &str) -> Option<String> {
    for line in edn.lines() {
        let line = line.trim_start();
        if line.starts_with(';') {
            continue;
        }
        if let Some(at) = line.find(key) {
            let rest = line[at + key.len()..].trim_start();
            let rest = rest.strip_prefix('"')?;
            return rest.find('"').map(|end| rest[..end].to_string());
        }
    }
    None
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
    if let Some(f) = &file.journal_format {
        let format = JournalFormat::moment(f.get_ref())
            .map_err(|e| format!("line {}: journal_format = {e}", line_of(text, f.span().start)))?;
        core.journal_format = Some(format);
    }
    if let Some(u) = &file.unresolved_links {
        core.unresolved_links = match u.get_ref().to_ascii_lowercase().as_str() {
            "ignore" | "link" | "off" => UnresolvedLinks::Ignore,
            "contact" => UnresolvedLinks::Contact,
            other => {
                return Err(format!(
                    "line {}: unresolved_links = \"{other}\" is not one of ignore, contact",
                    line_of(text, u.span().start)
                ));
            }
        };
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
    fn reads_journal_format_and_unresolved_links() {
        let c = parse("journal_format = \"DD-MM-YYYY\"\nunresolved_links = \"contact\"\n").unwrap();
        assert_eq!(c.core.journal_format.unwrap().as_str(), "DD-MM-YYYY");
        assert_eq!(c.core.unresolved_links, UnresolvedLinks::Contact);
        let e = parse("\njournal_format = \"YYYY-ww\"\n").unwrap_err();
        assert!(e.starts_with("line 2: journal_format = `YYYY-ww`: `ww` is not supported"), "{e}");
        let e = parse("unresolved_links = \"people\"\n").unwrap_err();
        assert!(e.contains("not one of ignore, contact"), "{e}");
    }

    #[test]
    fn edn_values_skip_comments() {
        let edn = ";; :journal/file-name-format \"x\"\n {:journal/file-name-format \"yyyy.MM.dd\"\n :journals-directory \"daily\"}";
        assert_eq!(edn_string(edn, ":journal/file-name-format").as_deref(), Some("yyyy.MM.dd"));
        assert_eq!(edn_string(edn, ":journals-directory").as_deref(), Some("daily"));
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
