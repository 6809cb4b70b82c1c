//! Possible duplicates: two contacts of the same kind that share an email, a LinkedIn URL, a
//! vCard UID, or a name or alias (case- and accent-insensitive). The fix is a merge
//! (`features::merge`), offered by the CLI (`ties merge`) and as a code action.

use crate::core::index::{Index, NoteId};
use crate::core::keys::{fold_key, normalize_key};
use crate::core::note::{ContactDecl, ContactKind};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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

/// Contacts by shared identifier: (kind, normalized email / LinkedIn URL / UID) -> contacts.
#[derive(Default)]
struct Groups {
    by_key: HashMap<(ContactKind, Why, String), Vec<NoteId>>,
}

/// The groups of the last index seen, under its generation: answering every contact of a
/// vault stays linear (the groups are built once per change of the index).
static MEMO: Mutex<Option<(u64, Arc<Groups>)>> = Mutex::new(None);

fn keys_of(c: &ContactDecl) -> impl Iterator<Item = (Why, String)> + '_ {
    let emails = c.emails.iter().map(|e| (Why::Email, e.trim().to_lowercase()));
    let url = c.linkedin.as_deref().map(|u| (Why::LinkedIn, url_part(u).to_lowercase())).filter(|(_, u)| !u.is_empty());
    let uid = c.uid.as_deref().map(|u| (Why::Uid, u.trim().to_string())).filter(|(_, u)| !u.is_empty());
    emails.chain(url).chain(uid)
}

fn groups(index: &Index) -> Arc<Groups> {
    let sig = index.generation();
    let mut memo = MEMO.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((s, g)) = memo.as_ref()
        && *s == sig
    {
        return Arc::clone(g);
    }
    let mut g = Groups::default();
    for (id, c) in index.contacts() {
        for (why, key) in keys_of(c) {
            let list = g.by_key.entry((c.kind, why, key)).or_default();
            if !list.contains(&id) {
                list.push(id);
            }
        }
    }
    let g = Arc::new(g);
    *memo = Some((sig, Arc::clone(&g)));
    g
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
    if !c.emails.is_empty() || c.linkedin.is_some() || c.uid.is_some() {
        let g = groups(index);
        let mut found: Vec<(Why, String, NoteId)> = Vec::new();
        for (why, key) in keys_of(c) {
            for &other in g.by_key.get(&(c.kind, why, key.clone())).into_iter().flatten() {
                found.push((why, key.clone(), other));
            }
        }
        found.sort_by_key(|(why, _, _)| *why as u8);
        for (why, key, other) in found {
            let shown = match why {
                Why::LinkedIn => c.linkedin.clone().unwrap_or(key),
                _ => key,
            };
            add(other, why, &shown);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::parse;

    #[test]
    fn an_edit_is_seen_at_once_though_the_groups_are_kept() {
        let a = parse("people/a.md", "---\nkind: person\nname: A\nemail: x@y.z\n---\n");
        let b = |email: &str| parse("people/b.md", &format!("---\nkind: person\nname: B\nemail: {email}\n---\n"));
        let mut index = Index::build([a, b("X@y.z")]);
        let id = index.id("people/a.md").unwrap();
        let other = index.id("people/b.md").unwrap();
        assert_eq!(of(&index, id), [Duplicate { other, why: Why::Email, value: "x@y.z".into() }]);
        index.upsert(b("other@y.z"));
        assert_eq!(of(&index, id), []);
        // Another index with other contents is not answered from the first one's groups.
        let again = Index::build([
            parse("people/a.md", "---\nkind: person\nname: A\nlinkedin: https://www.linkedin.com/in/a/\n---\n"),
            parse("people/c.md", "---\nkind: company\nname: C\nlinkedin: http://linkedin.com/in/a\n---\n"),
            parse("people/d.md", "---\nkind: person\nname: D\nlinkedin: http://linkedin.com/in/A\n---\n"),
        ]);
        let a2 = again.id("people/a.md").unwrap();
        let found: Vec<(String, Why)> =
            of(&again, a2).into_iter().map(|d| (again.note(d.other).path.clone(), d.why)).collect();
        assert_eq!(found, [("people/d.md".to_string(), Why::LinkedIn)], "same kind only");
    }
}
