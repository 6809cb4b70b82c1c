//! Possible duplicates: two contacts of the same kind that share an email, a LinkedIn URL, a
//! vCard UID, or a name or alias (case- and accent-insensitive). The fix is a merge
//! (`features::merge`), offered by the CLI (`ties merge`) and as a code action.

use crate::core::index::{Index, NoteId};
use crate::core::keys::{fold_key, normalize_key};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    Email,
    LinkedIn,
    Uid,
    Name,
}

impl Why {
    /// The front matter key the shared value sits under.
    pub fn key(self) -> &'static str {
        match self {
            Why::Email => "email",
            Why::LinkedIn => "linkedin",
            Why::Uid => "uid",
            Why::Name => "name",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    pub other: NoteId,
    pub why: Why,
    /// The shared value, as this contact writes it.
    pub value: String,
}

/// A LinkedIn URL without scheme, `www.`, query and trailing `/`.
fn url_part(u: &str) -> &str {
    let u = u.trim();
    let u = u.split_once("://").map_or(u, |(_, r)| r);
    let u = u.strip_prefix("www.").unwrap_or(u);
    u.split(['?', '#']).next().unwrap_or(u).trim_end_matches('/')
}

/// The other contacts this one may duplicate, one entry per other contact (the strongest
/// reason: email, LinkedIn, UID, then name). Handle and alias clashes are reported as
/// `duplicate-handle` already and left out here.
pub fn of(index: &Index, id: NoteId) -> Vec<Duplicate> {
    let Some(c) = index.contact(id) else { return Vec::new() };
    let mut out: Vec<Duplicate> = Vec::new();
    let mut add = |other: NoteId, why: Why, value: &str| {
        if other != id && !out.iter().any(|d| d.other == other) {
            out.push(Duplicate { other, why, value: value.to_string() });
        }
    };
    let url = c.linkedin.as_deref().map(url_part).filter(|u| !u.is_empty());
    if !c.emails.is_empty() || url.is_some() || c.uid.is_some() {
        for (other, o) in index.contacts() {
            if other == id || o.kind != c.kind {
                continue;
            }
            if let Some(e) = c.emails.iter().find(|e| o.emails.iter().any(|x| x.eq_ignore_ascii_case(e))) {
                add(other, Why::Email, e);
            } else if let (Some(u), Some(ou)) = (url, o.linkedin.as_deref().map(url_part))
                && u.eq_ignore_ascii_case(ou)
            {
                add(other, Why::LinkedIn, c.linkedin.as_deref().unwrap_or(u));
            } else if let (Some(u), Some(ou)) = (&c.uid, &o.uid)
                && u == ou
            {
                add(other, Why::Uid, u);
            }
        }
    }
    let clashes: Vec<NoteId> = index.conflicts(id).into_iter().map(|(_, o)| o).collect();
    for name in std::iter::once(&c.name).chain(&c.aliases) {
        for key in [normalize_key(name), fold_key(name)] {
            if let Some(other) = index.lookup(&key)
                && !clashes.contains(&other)
                && index.contact(other).is_some_and(|o| o.kind == c.kind)
            {
                add(other, Why::Name, name);
            }
        }
    }
    out.sort_by(|a, b| index.note(a.other).path.cmp(&index.note(b.other).path));
    out
}
