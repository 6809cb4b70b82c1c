//! vCard 3.0 and 4.0 <-> records, through `calcard` (it unfolds and unescapes on the way in,
//! folds at 75 octets and escapes on the way out). One file may hold many cards; a vdir folder
//! holds one card per `.vcf` file (read by `cli::import`).

use super::{Incoming, Skipped, tag_of};
use crate::core::index::Index;
use crate::core::key_date::KeyDate;
use crate::core::keys::company_key;
use crate::core::note::ContactKind;
use calcard::vcard::{VCard, VCardEntry, VCardProperty, VCardValue, VCardVersion};
use calcard::{Entry, Parser};

/// The cards of one file. `first_line` numbers lines when the file is one of many.
pub fn parse(text: &str) -> (Vec<Incoming>, Vec<Skipped>) {
    let begins: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.trim_start_matches('\u{feff}').trim().eq_ignore_ascii_case("BEGIN:VCARD"))
        .map(|(i, _)| i + 1)
        .collect();
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    let mut parser = Parser::new(text);
    let mut n = 0;
    loop {
        let line = begins.get(n).copied().unwrap_or(0);
        match parser.entry() {
            Entry::VCard(card) => {
                n += 1;
                match record(&card, line) {
                    Ok(r) => rows.push(r),
                    Err(reason) => skipped.push(Skipped { line, reason }),
                }
            }
            Entry::Eof => break,
            Entry::InvalidLine(l) if l.trim().is_empty() => {}
            Entry::InvalidLine(l) => skipped.push(Skipped {
                line: line_of(text, &l).unwrap_or(line),
                reason: format!("not a vCard line: {}", l.chars().take(60).collect::<String>()),
            }),
            Entry::ICalendar(_) => skipped.push(Skipped { line, reason: "a calendar, not a vCard".into() }),
            Entry::TooManyComponents => {
                skipped.push(Skipped { line, reason: "too many components: the rest was not read".into() });
                break;
            }
            other => {
                n += 1;
                skipped.push(Skipped { line, reason: format!("malformed card: {other:?}") });
            }
        }
    }
    (rows, skipped)
}

/// The 1-based line where `needle` first starts a line.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    let first = needle.lines().next()?.trim();
    text.lines().position(|l| l.trim() == first).map(|i| i + 1)
}

fn texts(e: &VCardEntry) -> Vec<String> {
    e.values
        .iter()
        .filter_map(|v| match v {
            VCardValue::Text(s) => Some(s.clone()),
            VCardValue::Component(parts) => Some(parts.join(" ")),
            VCardValue::PartialDateTime(d) => Some(match (d.year, d.month, d.day) {
                (Some(y), Some(m), Some(dd)) => format!("{y:04}-{m:02}-{dd:02}"),
                (None, Some(m), Some(dd)) => format!("--{m:02}-{dd:02}"),
                _ => return None,
            }),
            _ => None,
        })
        .map(|s| s.chars().filter(|c| !c.is_control() || *c == '\n').collect::<String>().trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn first(card: &VCard, prop: VCardProperty) -> Option<String> {
    card.properties(&prop).flat_map(texts).next()
}

fn record(card: &VCard, line: usize) -> Result<Incoming, String> {
    let one_line = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = first(card, VCardProperty::Fn).map(one_line).filter(|s| !s.is_empty()).or_else(|| {
        // N: family;given;additional;prefix;suffix
        let n = card.property(&VCardProperty::N)?;
        let parts: Vec<String> = n
            .values
            .iter()
            .map(|v| match v {
                VCardValue::Text(s) => s.clone(),
                VCardValue::Component(p) => p.join(" "),
                _ => String::new(),
            })
            .collect();
        let name = [parts.get(1), parts.first()].into_iter().flatten().cloned().collect::<Vec<_>>().join(" ");
        Some(one_line(name)).filter(|s| !s.is_empty())
    });
    let Some(name) = name else {
        return Err("the card has no name (FN or N)".into());
    };
    let mut r = Incoming { line, name, ..Incoming::default() };
    r.emails = card
        .properties(&VCardProperty::Email)
        .flat_map(texts)
        .map(|e| e.trim_start_matches("mailto:").to_string())
        .collect();
    r.phones = card
        .properties(&VCardProperty::Tel)
        .flat_map(texts)
        .map(|t| t.trim_start_matches("tel:").to_string())
        .collect();
    r.company = card
        .property(&VCardProperty::Org)
        .and_then(|e| {
            // ORG: organization;unit;... -> the organization.
            e.values.first().and_then(|v| match v {
                VCardValue::Text(s) => Some(s.trim().to_string()),
                VCardValue::Component(p) => p.first().map(|s| s.trim().to_string()),
                _ => None,
            })
        })
        .filter(|s| !s.is_empty());
    r.role = first(card, VCardProperty::Title).map(one_line);
    for url in card
        .properties(&VCardProperty::Url)
        .chain(card.properties(&VCardProperty::Socialprofile))
        .chain(card.properties(&VCardProperty::Other("X-SOCIALPROFILE".into())))
        .flat_map(texts)
    {
        if url.to_ascii_lowercase().contains("linkedin.com/") {
            r.linkedin.get_or_insert(url);
        } else if r.website.is_none() {
            r.website = Some(url);
        }
    }
    r.uid = card.uid().map(str::trim).filter(|u| !u.is_empty()).map(str::to_string);
    let key_date = |prop| first(card, prop).and_then(|s| KeyDate::parse(&s)).map(|d| d.to_string());
    r.birthday = key_date(VCardProperty::Bday);
    r.anniversary = key_date(VCardProperty::Anniversary);
    r.note = first(card, VCardProperty::Note);
    r.tags = card
        .properties(&VCardProperty::Categories)
        .flat_map(|e| e.values.iter())
        .flat_map(|v| match v {
            VCardValue::Text(s) => s.split(',').map(str::to_string).collect::<Vec<_>>(),
            VCardValue::Component(p) => p.clone(),
            _ => Vec::new(),
        })
        .filter_map(|t| tag_of(&t))
        .collect();
    r.tags.dedup();
    Ok(r)
}

/// Every person of the vault as vCard 4.0 (CRLF, folded, escaped), with its note's path, by path.
pub fn export(index: &Index) -> Vec<(String, String)> {
    let mut people: Vec<_> = index.contacts().filter(|(_, c)| c.kind == ContactKind::Person).collect();
    people.sort_by(|a, b| index.note(a.0).path.cmp(&index.note(b.0).path));
    let mut cards = Vec::new();
    for (id, c) in people {
        let mut out = String::new();
        let text = |p: VCardProperty, v: &str| VCardEntry::new(p).with_value(v.to_string());
        let mut entries = vec![text(VCardProperty::Fn, &c.name)];
        if let Some(uid) = &c.uid {
            entries.push(text(VCardProperty::Uid, uid));
        }
        for e in &c.emails {
            entries.push(text(VCardProperty::Email, e));
        }
        for (k, v) in &c.extra {
            if k == "phones" {
                for p in v.split(", ").filter(|p| !p.is_empty()) {
                    entries.push(text(VCardProperty::Tel, p));
                }
            } else if k == "website" {
                entries.push(text(VCardProperty::Url, v));
            }
        }
        if let Some(company) = &c.company {
            let id = index.lookup(&company_key(company));
            let name = match id.and_then(|id| index.contact(id)).filter(|x| x.kind == ContactKind::Company) {
                Some(x) => x.name.clone(),
                None => company.trim_start_matches('@').to_string(),
            };
            entries.push(text(VCardProperty::Org, &name));
        }
        if let Some(role) = &c.role {
            entries.push(text(VCardProperty::Title, role));
        }
        if let Some(url) = &c.linkedin {
            entries.push(text(VCardProperty::Url, url));
        }
        for (p, d) in [(VCardProperty::Bday, c.birthday), (VCardProperty::Anniversary, c.anniversary)] {
            if let Some(d) = d {
                let v = match d.year {
                    Some(y) => format!("{y:04}{:02}{:02}", d.month, d.day),
                    None => format!("--{:02}{:02}", d.month, d.day),
                };
                entries.push(text(p, &v));
            }
        }
        if !c.tags.is_empty() {
            entries.push(
                VCardEntry::new(VCardProperty::Categories)
                    .with_values(c.tags.iter().map(|t| VCardValue::Text(t.clone())).collect()),
            );
        }
        let card = VCard { entries };
        let _ = card.write_to(&mut out, VCardVersion::V4_0);
        cards.push((index.note(id).path.clone(), out));
    }
    cards
}
