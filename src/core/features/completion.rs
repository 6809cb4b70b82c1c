//! Completion: what the user started to type (`@`, `@[`, `[[`, `company:`), and the contacts
//! that fit, ranked by how recently and how often you talk.

use crate::core::date::{self, Date};
use crate::core::index::{Index, NoteId};
use crate::core::keys;
use crate::core::note::ContactKind;
use crate::core::text::Span;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Matcher, Utf32Str};

#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub id: NoteId,
    pub handle: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: ContactKind,
    /// "Staff Engineer · Acme Corp"
    pub detail: String,
    /// Higher is better: each past exchange adds `1 / (1 + days ago / 30)`.
    pub score: f64,
}

/// How many recent exchanges count towards a contact's rank.
const RANKED_EXCHANGES: usize = 20;

/// Recent and frequent exchanges: each of the last 20 past exchanges adds `1 / (1 + days ago /
/// 30)`.
pub fn score(index: &Index, contact: NoteId, today: Date) -> f64 {
    index
        .exchange_dates(contact)
        .iter()
        .filter(|&&d| d <= today)
        .take(RANKED_EXCHANGES)
        .map(|&d| 1.0 / (1.0 + date::days_between(d, today) as f64 / 30.0))
        .sum()
}

/// The candidate for one contact.
pub fn candidate(index: &Index, id: NoteId, score: f64) -> Option<Candidate> {
    let c = index.contact(id)?;
    let company = index.company_of(id).and_then(|co| index.contact(co)).map(|co| co.name.clone());
    let company = company.or_else(|| c.company.clone());
    let detail = [c.role.clone(), company].into_iter().flatten().collect::<Vec<_>>().join(" · ");
    Some(Candidate {
        id,
        handle: c.handle.clone(),
        name: c.name.clone(),
        aliases: c.aliases.clone(),
        kind: c.kind,
        detail,
        score,
    })
}

/// All contacts, best first (score, then name).
pub fn candidates(index: &Index, today: Date) -> Vec<Candidate> {
    let mut ranked: Vec<(f64, NoteId)> = index.contacts().map(|(id, _)| (score(index, id, today), id)).collect();
    sort_ranked(index, &mut ranked);
    ranked.into_iter().filter_map(|(s, id)| candidate(index, id, s)).collect()
}

fn sort_ranked(index: &Index, ranked: &mut [(f64, NoteId)]) {
    ranked.sort_by(|a, b| {
        b.0.total_cmp(&a.0).then_with(|| {
            let name = |id: NoteId| index.contact(id).map_or("", |c| c.name.as_str());
            cmp_ci(name(a.1), name(b.1))
        })
    });
}

/// Compares without case, and without allocating.
fn cmp_ci(a: &str, b: &str) -> std::cmp::Ordering {
    a.chars().flat_map(char::to_lowercase).cmp(b.chars().flat_map(char::to_lowercase))
}

/// `hay` starts with `prefix` (already lower-case), ignoring case.
fn starts_with_ci(hay: &str, prefix: &str) -> bool {
    let mut h = hay.chars().flat_map(char::to_lowercase);
    prefix.chars().all(|p| h.next() == Some(p))
}

/// Some word of `hay` (split at spaces, `-`, `.`, `_`) starts with `prefix`; a prefix with a
/// space may also match across words ("jane d" in "Jane  Doe").
fn word_starts_with_ci(hay: &str, prefix: &str) -> bool {
    if prefix.contains(' ') {
        return keys::normalize_key(hay).starts_with(prefix);
    }
    hay.split([' ', '-', '.', '_', '\t']).any(|w| starts_with_ci(w, prefix))
}

/// What the user started to type at the cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// `@ja|`
    Handle,
    /// `@[Ja|`
    Bracket,
    /// `[[ja|`
    Wiki,
    /// `company: ac|` in a contact's front matter.
    Company,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    pub form: Form,
    /// Where the replaced text starts (the `@`, the `[[`, or the `company:` value).
    pub start: u32,
    /// Where it ends: the cursor, or past a closing `]`/`]]` the editor already inserted.
    pub end: u32,
    /// What was typed after the trigger.
    pub prefix: String,
}

/// The completion context at `offset` in `text` (the note's current text), if any.
pub fn context(text: &str, front: Option<Span>, offset: usize) -> Option<Context> {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let after = &text[offset..];
    if front.is_some_and(|f| f.start as usize <= offset && offset <= f.end as usize) {
        let value = before.strip_prefix("company:")?;
        let lead = value.len() - value.trim_start().len();
        let start = line_start + "company:".len() + lead;
        return Some(Context {
            form: Form::Company,
            start: start as u32,
            end: offset as u32,
            prefix: value.trim_start().to_string(),
        });
    }
    let wiki = before.rfind("[[").filter(|&i| !before[i..].contains("]]") && !before[i..].contains('|'));
    let at = before.rfind('@').filter(|&i| {
        let prev = before[..i].chars().next_back();
        let glued =
            prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '.' | '_' | '-' | '/' | ':' | '@' | '`' | '\\'));
        let rest = &before[i + 1..];
        let typed = match rest.strip_prefix('[') {
            Some(name) => !name.contains(']'),
            None => rest.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-')),
        };
        !glued && typed
    });
    let closing = |close: &str| if after.starts_with(close) { close.len() } else { 0 };
    match (at, wiki) {
        (Some(a), w) if w.is_none_or(|w| a > w) => {
            let rest = &before[a + 1..];
            let (form, prefix, end) = match rest.strip_prefix('[') {
                Some(name) => (Form::Bracket, name, offset + closing("]")),
                None => (Form::Handle, rest, offset),
            };
            Some(Context { form, start: (line_start + a) as u32, end: end as u32, prefix: prefix.to_string() })
        }
        (_, Some(w)) => Some(Context {
            form: Form::Wiki,
            start: (line_start + w) as u32,
            end: (offset + closing("]]")) as u32,
            prefix: before[w + 2..].to_string(),
        }),
        _ => None,
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One completion item, ready to render.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub candidate: Candidate,
    /// The text that replaces `start..end`: `@jane-doe`, `@[Jane Doe]`, `[[jane-doe]]`, `acme`.
    pub insert: String,
    /// What the editor filters on: the trigger plus handle, name and aliases.
    pub filter: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Completion {
    pub items: Vec<Item>,
    /// More contacts match than were returned: ask again as the user types.
    pub incomplete: bool,
}

/// Contacts for a completion context, best first: those matching what was typed, ranked by
/// recent and frequent exchanges, then name; at most `limit`.
pub fn complete(index: &Index, ctx: &Context, today: Date, limit: usize) -> Completion {
    let mut matcher = Matcher::new(nucleo_matcher::Config::DEFAULT);
    let pattern = Pattern::parse(&ctx.prefix, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    let prefix = keys::normalize_key(&ctx.prefix);
    // Contacts whose handle, or a word of whose name or alias, starts with what was typed come
    // first; other fuzzy matches after them; each group by recent and frequent exchanges.
    let prefix_match = |c: &crate::core::note::ContactDecl| {
        prefix.is_empty()
            || starts_with_ci(&c.handle, &prefix)
            || std::iter::once(c.name.as_str())
                .chain(c.aliases.iter().map(String::as_str))
                .any(|n| word_starts_with_ci(n, &prefix))
    };
    let wanted = |c: &crate::core::note::ContactDecl| ctx.form != Form::Company || c.kind == ContactKind::Company;
    let mut ranked: Vec<(u8, f64, NoteId)> = index
        .contacts()
        .filter(|(_, c)| wanted(c) && prefix_match(c))
        .map(|(id, _)| (0, score(index, id, today), id))
        .collect();
    // Fuzzy matches only when the prefix matches leave room: with more than a screenful the
    // list is incomplete anyway and the editor asks again as the user types.
    let mut fuzzy_skipped = false;
    if ranked.len() < limit {
        let fuzzy = index.contacts().filter(|(_, c)| wanted(c) && !prefix_match(c)).filter(|(_, c)| {
            std::iter::once(c.handle.as_str())
                .chain(std::iter::once(c.name.as_str()))
                .chain(c.aliases.iter().map(String::as_str))
                .any(|h| pattern.score(Utf32Str::new(h, &mut buf), &mut matcher).is_some())
        });
        let fuzzy: Vec<NoteId> = fuzzy.map(|(id, _)| id).collect();
        ranked.extend(fuzzy.into_iter().map(|id| (1, score(index, id, today), id)));
    } else {
        fuzzy_skipped = !prefix.is_empty();
    }
    let incomplete = ranked.len() > limit || fuzzy_skipped;
    // Only the best `limit` need sorting; names break ties, compared without case.
    let by_rank = |a: &(u8, f64, NoteId), b: &(u8, f64, NoteId)| {
        a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then_with(|| {
            let name = |id: NoteId| index.contact(id).map_or("", |c| c.name.as_str());
            cmp_ci(name(a.2), name(b.2))
        })
    };
    if incomplete {
        ranked.select_nth_unstable_by(limit, by_rank);
        ranked.truncate(limit);
    }
    ranked.sort_by(by_rank);
    let ranked: Vec<(f64, NoteId)> = ranked.into_iter().map(|(_, s, id)| (s, id)).collect();
    let matching: Vec<Candidate> = ranked.into_iter().filter_map(|(s, id)| candidate(index, id, s)).collect();
    let items = matching
        .into_iter()
        .map(|c| {
            let stem = keys::file_stem(&index.note(c.id).path).to_string();
            let (insert, trigger) = match ctx.form {
                Form::Handle => (format!("@{}", c.handle), "@"),
                Form::Bracket => (format!("@[{}]", c.name), "@["),
                Form::Wiki => (format!("[[{stem}]]"), "[["),
                Form::Company => (c.handle.clone(), ""),
            };
            let mut filter = format!("{trigger}{} {}", c.handle, c.name);
            for a in &c.aliases {
                filter.push(' ');
                filter.push_str(a);
            }
            Item { candidate: c, insert, filter }
        })
        .collect();
    Completion { items, incomplete }
}
