//! Settings that change answers (cadences, folders for new notes, how loud unknown mentions
//! are), as plain data. Reading `ties.toml` or editor settings happens at the edges.

use crate::core::date::{Cadence, JournalFormat};
use crate::core::note::{ContactDecl, ContactKind, ParseOptions, Tie};
use serde::{Deserialize, Serialize};

/// How loud a finding is. Settings choose it (`unknownMentions`), findings carry it, each
/// front-end maps it to its own levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Option<Severity>> {
        Some(match s.to_ascii_lowercase().as_str() {
            "off" | "none" => None,
            "hint" => Some(Severity::Hint),
            "info" | "information" => Some(Severity::Information),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Cadence for contacts with no cadence of their own, no tag cadence and no tie cadence.
    pub cadence_default: Option<Cadence>,
    pub cadence_weak: Option<Cadence>,
    pub cadence_strong: Option<Cadence>,
    /// Per tag, lower-case; the first matching tag of a contact wins.
    pub cadence_tags: Vec<(String, Cadence)>,
    pub people_dir: String,
    pub companies_dir: String,
    pub journal_dir: String,
    /// Severity of unresolved mentions; `None` turns them off.
    pub unknown_mentions: Option<Severity>,
    /// What a `[[link]]` to a page nobody wrote is.
    pub unresolved_links: UnresolvedLinks,
    /// How daily notes are named, when not by a built-in `YYYY-MM-DD` form.
    pub journal_format: Option<JournalFormat>,
    /// The horizon of follow-ups: one overdue by more days than this is stale (summed up once
    /// per contact, listed last) rather than warned about on its own.
    pub stale_after_days: u32,
}

/// What a wikilink to a page that does not exist is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UnresolvedLinks {
    /// A link to a page not written yet: no finding (counted in `ties check`'s summary).
    #[default]
    Ignore,
    /// A contact not written yet: an unknown-contact finding, like an unknown `@handle`.
    Contact,
}

/// Default horizon of stale follow-ups: about six months.
pub const STALE_AFTER_DAYS: u32 = 180;

impl Default for Config {
    fn default() -> Config {
        Config {
            cadence_default: None,
            cadence_weak: None,
            cadence_strong: None,
            cadence_tags: Vec::new(),
            people_dir: "people".into(),
            companies_dir: "companies".into(),
            journal_dir: "journal".into(),
            unknown_mentions: Some(Severity::Hint),
            unresolved_links: UnresolvedLinks::Ignore,
            journal_format: None,
            stale_after_days: STALE_AFTER_DAYS,
        }
    }
}

/// Where a contact's cadence comes from, for explaining it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CadenceSource {
    Own,
    Tag,
    Tie,
    Default,
}

impl Config {
    /// What parsing a note needs of these settings.
    pub fn parse_options(&self) -> ParseOptions {
        ParseOptions {
            people_dir: self.people_dir.clone(),
            companies_dir: self.companies_dir.clone(),
            journal_format: self.journal_format.clone(),
        }
    }

    /// The vault path of the daily note for `day`: in `journal_dir`, named by `journal_format`
    /// (else `YYYY-MM-DD.md`).
    pub fn journal_file(&self, day: crate::core::date::Date) -> String {
        let name = self.journal_format.as_ref().map_or_else(|| day.to_string(), |f| f.write(day));
        let dir = self.journal_dir.trim_matches('/');
        if dir.is_empty() { format!("{name}.md") } else { format!("{dir}/{name}.md") }
    }

    /// Whether a mention that names nothing deserves an unknown-contact finding.
    pub fn reports_unknown(&self, index: &crate::core::index::Index, m: &crate::core::note::Mention) -> bool {
        index.is_unknown(m) && (self.unresolved_links == UnresolvedLinks::Contact || !index.is_unresolved_link(m))
    }
    /// The contact's own cadence, else (for people) its first tag with a cadence, else its
    /// tie's, else the default. A company keeps a cadence only when it sets one itself.
    pub fn cadence_for(&self, c: &ContactDecl) -> Option<(Cadence, CadenceSource)> {
        if let Some(own) = c.cadence {
            return Some((own, CadenceSource::Own));
        }
        if c.kind == ContactKind::Company {
            return None;
        }
        for tag in &c.tags {
            if let Some((_, cad)) = self.cadence_tags.iter().find(|(t, _)| t == tag) {
                return Some((*cad, CadenceSource::Tag));
            }
        }
        let by_tie = match c.tie {
            Some(Tie::Weak) => self.cadence_weak,
            Some(Tie::Strong) => self.cadence_strong,
            None => None,
        };
        if let Some(cad) = by_tie {
            return Some((cad, CadenceSource::Tie));
        }
        self.cadence_default.map(|cad| (cad, CadenceSource::Default))
    }
}
