//! What is under the cursor, and where it leads: definition of a mention, every reference to a
//! contact (its history), document and workspace symbols.

use crate::core::date::Date;
use crate::core::index::{Index, NoteId, exchange_date};
use crate::core::note::{ContactKind, MentionForm, Target};
use crate::core::text::Span;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Matcher, Utf32Str};

/// Who the cursor points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    Contact(NoteId),
    /// A mention that names no contact: its key and the form it was written in.
    Unknown {
        key: String,
        form: MentionForm,
    },
}

/// What is at `offset` in a note, and the range it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub subject: Subject,
    pub span: Span,
    /// Set when the hit is a mention: its index in the note's mentions.
    pub mention: Option<usize>,
}

/// The mention under the cursor; in a contact note also its `name:`/`handle:`/`aliases:` values
/// (the contact itself) and its `company:` value (the company).
pub fn hit_at(index: &Index, note: NoteId, offset: u32) -> Option<Hit> {
    let facts = index.note(note);
    if let Some((i, m)) = facts.mentions.iter().enumerate().find(|(_, m)| m.span.contains(offset)) {
        let subject = match index.resolve(&m.target) {
            Some(c) => Subject::Contact(c),
            None => match &m.target {
                Target::Key(key) if index.is_unknown(m) => Subject::Unknown { key: key.clone(), form: m.form },
                _ => return None,
            },
        };
        return Some(Hit { subject, span: m.span, mention: Some(i) });
    }
    // Only a contact's own front matter points anywhere.
    facts.contact.as_ref()?;
    let front = facts.front.as_ref()?;
    let field = front.fields.iter().find(|f| f.key_span.start <= offset && offset <= f.value_span.end)?;
    match field.key.as_str() {
        "name" | "handle" | "aliases" => {
            Some(Hit { subject: Subject::Contact(note), span: field.value_span, mention: None })
        }
        "company" => {
            let company = index.company_of(note)?;
            Some(Hit { subject: Subject::Contact(company), span: field.value_span, mention: None })
        }
        _ => None,
    }
}

/// The contact a cursor position is about: a hit, or anywhere in a contact's own note.
pub fn contact_at(index: &Index, note: NoteId, offset: u32) -> Option<NoteId> {
    match hit_at(index, note, offset) {
        Some(Hit { subject: Subject::Contact(c), .. }) => Some(c),
        Some(_) => None,
        None => index.contact(note).map(|_| note),
    }
}

/// A place in the vault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: String,
    pub span: Span,
    /// The exchange date of the mention, if it is one.
    pub date: Option<Date>,
}

/// Every mention of the contact, newest exchange first, then undated ones by place.
pub fn references(index: &Index, contact: NoteId) -> Vec<Location> {
    let mut out: Vec<Location> = index
        .mentions_of(contact)
        .into_iter()
        .map(|r| Location {
            path: r.facts.path.clone(),
            span: r.mention.span,
            date: if r.note == contact { None } else { exchange_date(r.facts, r.mention).or(r.mention.date) },
        })
        .collect();
    out.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.path.cmp(&b.path)).then(a.span.start.cmp(&b.span.start)));
    out
}

/// Where a contact is declared: the start of its note.
pub fn definition(index: &Index, contact: NoteId) -> Location {
    let facts = index.note(contact);
    let span = facts.front.as_ref().and_then(|f| f.field("name")).map_or(Span::default(), |f| f.value_span);
    Location { path: facts.path.clone(), span, date: None }
}

/// A heading of a note, with the headings under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub date: Option<Date>,
    /// From the heading to the end of its section.
    pub span: Span,
    pub selection: Span,
    pub children: Vec<Symbol>,
}

/// The note's headings as a tree (dated entries carry their date).
pub fn document_symbols(index: &Index, note: NoteId) -> Vec<Symbol> {
    let facts = index.note(note);
    let end = facts.lines.len();
    let hs = &facts.headings;
    // Each heading's section ends where the next heading of the same or a higher level starts.
    let mut flat: Vec<(u8, Symbol)> = Vec::new();
    for (i, h) in hs.iter().enumerate() {
        let section_end = hs[i + 1..].iter().find(|n| n.level <= h.level).map_or(end, |n| n.span.start);
        let name = if h.title.is_empty() { "(untitled)".to_string() } else { h.title.clone() };
        flat.push((
            h.level,
            Symbol {
                name,
                date: h.date,
                span: Span { start: h.span.start, end: section_end },
                selection: h.span,
                children: Vec::new(),
            },
        ));
    }
    nest(&mut flat.into_iter().peekable(), 0)
}

fn nest(items: &mut std::iter::Peekable<impl Iterator<Item = (u8, Symbol)>>, parent: u8) -> Vec<Symbol> {
    let mut out = Vec::new();
    while let Some((level, _)) = items.peek() {
        if *level <= parent {
            break;
        }
        let (level, mut sym) = items.next().expect("peeked");
        sym.children = nest(items, level);
        out.push(sym);
    }
    out
}

/// A contact matching a fuzzy query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactSymbol {
    pub contact: NoteId,
    pub name: String,
    pub handle: String,
    pub kind: ContactKind,
    pub detail: String,
}

/// "Staff Engineer · Acme Corp": a contact's role and company, the company by its name when
/// `company:` names a company note (not the raw `[[Acme Corp]]` or `@acme`). The one owner of
/// this line: completion details and workspace symbols show it alike.
pub fn role_line(index: &Index, id: NoteId) -> String {
    let Some(c) = index.contact(id) else { return String::new() };
    let company = index.company_of(id).and_then(|co| index.contact(co)).map(|co| co.name.clone());
    let company = company.or_else(|| c.company.clone());
    [c.role.clone(), company].into_iter().flatten().collect::<Vec<_>>().join(" · ")
}

/// Contacts whose name, handle or an alias matches `query` fuzzily, best first.
pub fn workspace_symbols(index: &Index, query: &str, limit: usize) -> Vec<ContactSymbol> {
    let mut matcher = Matcher::new(nucleo_matcher::Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, ContactSymbol)> = Vec::new();
    for (id, c) in index.contacts() {
        let score = if query.trim().is_empty() {
            Some(0)
        } else {
            std::iter::once(c.name.as_str())
                .chain(std::iter::once(c.handle.as_str()))
                .chain(c.aliases.iter().map(String::as_str))
                .filter_map(|h| pattern.score(Utf32Str::new(h, &mut buf), &mut matcher))
                .max()
        };
        if let Some(score) = score {
            let detail = role_line(index, id);
            scored.push((
                score,
                ContactSymbol { contact: id, name: c.name.clone(), handle: c.handle.clone(), kind: c.kind, detail },
            ));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.to_lowercase().cmp(&b.1.name.to_lowercase())));
    scored.into_iter().take(limit).map(|(_, s)| s).collect()
}
