//! Settings that change answers (cadences, folders for new notes, how loud unknown mentions
//! are), as plain data. Reading `ties.toml` or editor settings happens at the edges.

use crate::core::date::Cadence;
use crate::core::features::findings::Severity;
use crate::core::note::{ContactDecl, ContactKind, Tie};

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
    /// The horizon of follow-ups: one overdue by more days than this is stale (summed up once
    /// per contact, listed last) rather than warned about on its own.
    pub stale_after_days: u32,
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
