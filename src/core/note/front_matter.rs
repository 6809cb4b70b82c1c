//! Front matter: finding the YAML block, its top-level fields with their ranges, and the contact
//! declaration it makes. Problems go to the note's list; nothing here fails.

use super::*;
use crate::core::date::{self, Date};
use crate::core::key_date::KeyDate;
use crate::core::text::Span;

pub(super) struct FrontMatterAt {
    pub(super) start: usize,
    /// The YAML between the fences.
    pub(super) yaml: std::ops::Range<usize>,
    pub(super) end: usize,
}

/// `---` on the first line (after an optional BOM), closed by `---` or `...` on a line of its own.
pub(super) fn find_front_matter(text: &str) -> Option<FrontMatterAt> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = line_ranges(text, start);
    let first = lines.next()?;
    if text[first.clone()].trim_end() != "---" {
        return None;
    }
    let yaml_start = first.end;
    for line in lines {
        let content = text[line.clone()].trim_end();
        if content == "---" || content == "..." {
            return Some(FrontMatterAt { start, yaml: yaml_start..line.start, end: line.end });
        }
    }
    None
}

pub(super) fn unclosed_front_matter(text: &str) -> Option<Problem> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first = line_ranges(text, start).next()?;
    // A lone `---` line with more text after it looks like front matter that was never closed.
    if text[first.clone()].trim_end() == "---" && text[first.end..].contains(':') {
        return Some(Problem {
            span: Span::new(first.start, first.start + 3),
            kind: ProblemKind::FrontMatter,
            message: "front matter is not closed: add a line with `---` after its last key".into(),
        });
    }
    None
}

/// Ranges of lines including their line break, starting at `from`.
pub(super) fn line_ranges(text: &str, from: usize) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let end = match memchr::memchr(b'\n', &text.as_bytes()[pos..]) {
            Some(i) => pos + i + 1,
            None => text.len(),
        };
        pos = end;
        Some(start..end)
    })
}

/// Top-level `key:` lines of the front matter, for ranges of findings and hovers.
pub(super) fn scan_fields(text: &str, yaml: std::ops::Range<usize>) -> Vec<Field> {
    let mut fields = Vec::new();
    for line in line_ranges(&text[..yaml.end], yaml.start) {
        let s = &text[line.clone()];
        let Some(first) = s.chars().next() else { continue };
        if !(first.is_alphanumeric() || first == '_') {
            continue;
        }
        let Some(colon) = s.find(':') else { continue };
        let key = s[..colon].trim_end();
        if key.is_empty() || key.contains(char::is_whitespace) && key.starts_with('"') {
            continue;
        }
        let value = s[colon + 1..].trim_end_matches(['\r', '\n']);
        let lead = value.len() - value.trim_start().len();
        let value_start = line.start + colon + 1 + lead;
        let value_end = line.start + colon + 1 + value.trim_end().len();
        fields.push(Field {
            key: key.to_string(),
            key_span: Span::new(line.start, line.start + key.len()),
            value_span: Span::new(value_start.min(value_end), value_end),
        });
    }
    fields
}

pub(super) fn read_yaml(
    text: &str,
    yaml: std::ops::Range<usize>,
    problems: &mut Vec<Problem>,
) -> Option<serde_json::Map<String, serde_json::Value>> {
    let src = &text[yaml.clone()];
    if src.len() > MAX_FRONT_MATTER {
        problems.push(Problem {
            span: Span::new(yaml.start, yaml.start),
            kind: ProblemKind::FrontMatter,
            message: format!(
                "front matter is larger than {} KB and was not read: keep contact details short",
                MAX_FRONT_MATTER / 1024
            ),
        });
        return None;
    }
    if src.trim().is_empty() {
        return None;
    }
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 20_000,
            max_aliases: 100,
            max_anchors: 100,
            max_depth: 32,
            max_nodes: 10_000,
            max_total_scalar_bytes: MAX_FRONT_MATTER,
        },
    };
    match serde_saphyr::from_str_with_options::<serde_json::Value>(src, options) {
        Ok(serde_json::Value::Object(map)) => Some(map),
        Ok(serde_json::Value::Null) => None,
        Ok(_) => {
            problems.push(Problem {
                span: Span::new(yaml.start, yaml.end),
                kind: ProblemKind::FrontMatter,
                message: "front matter should be `key: value` lines".into(),
            });
            None
        }
        Err(err) => {
            let at = err.location().map(|loc| {
                let lines = LineIndex::new(src);
                let line = (loc.line().max(1) - 1) as u32;
                let col = (loc.column().max(1) - 1) as u32;
                yaml.start + lines.offset(line, col, crate::core::text::Encoding::Chars) as usize
            });
            let at = at.unwrap_or(yaml.start);
            let end = text[at..yaml.end].find(['\n', '\r']).map_or(yaml.end, |i| at + i);
            let message = first_line(&err.without_snippet().to_string());
            let message = if message.contains("budget breached") {
                "it is too large or too deeply nested (a YAML alias bomb?); keep front matter to plain keys and lists"
                    .to_string()
            } else {
                message
            };
            problems.push(Problem {
                span: Span::new(at, end.max(at)),
                kind: ProblemKind::FrontMatter,
                message: format!("front matter is not valid YAML: {message}"),
            });
            None
        }
    }
}

pub(super) fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_string()
}

pub(super) fn field_span(facts: &NoteFacts, key: &str) -> Span {
    let front = facts.front.as_ref();
    match front.and_then(|f| f.field(key)) {
        Some(f) if f.value_span.start < f.value_span.end => f.value_span,
        Some(f) => f.key_span,
        None => front.map_or(Span::default(), |f| Span::new(f.span.start as usize, f.span.start as usize + 3)),
    }
}

pub(super) fn as_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

pub(super) fn as_list(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::Array(items) => items.iter().filter_map(as_text).collect(),
        other => as_text(other)
            .map(|s| s.split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect())
            .unwrap_or_default(),
    }
}

pub(super) fn display_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::Array(items) => items.iter().map(display_value).collect::<Vec<_>>().join(", "),
        serde_json::Value::Object(_) => v.to_string(),
        other => as_text(other).unwrap_or_default(),
    }
}

pub(super) fn front_date(
    facts: &NoteFacts,
    key: &str,
    v: &serde_json::Value,
    problems: &mut Vec<Problem>,
) -> Option<Date> {
    let text = as_text(v)?;
    // YAML timestamps may carry a time: keep the date part.
    let day = text.get(..10).unwrap_or(&text);
    match date::parse_iso(day) {
        Some(d) if text.len() == 10 || !text.as_bytes()[10].is_ascii_digit() => Some(d),
        _ => {
            problems.push(Problem {
                span: field_span(facts, key),
                kind: ProblemKind::InvalidDate,
                message: format!("`{key}: {text}` is not a date: write it as YYYY-MM-DD, e.g. 2026-11-20"),
            });
            None
        }
    }
}

const KNOWN_KEYS: &[&str] = &[
    "kind",
    "name",
    "handle",
    "aliases",
    "company",
    "role",
    "email",
    // Read into their own fields but also kept in `extra`, so cards show them as written:
    // `emails`, `linkedin`, `uid`, `connected`, `past_companies`.
    "birthday",
    "anniversary",
    "job_changed",
    "tie",
    "cadence",
    "last_contact",
    "snooze_until",
    "tags",
    "target",
    "date",
    "introduced_by",
    "met_via",
];

/// The contact a note declares: `kind: person|company` anywhere, or any note in the people or
/// companies folder (`folder`) unless its `kind:` says otherwise (`kind: note` opts out).
pub(super) fn read_contact(
    facts: &mut NoteFacts,
    stem: &str,
    map: &serde_json::Map<String, serde_json::Value>,
    folder: Option<ContactKind>,
) -> Option<ContactDecl> {
    let kind = match map.get("kind").and_then(as_text).map(|k| k.to_ascii_lowercase()) {
        Some(k) if k == "person" => ContactKind::Person,
        Some(k) if k == "company" => ContactKind::Company,
        Some(_) => return None,
        None => folder?,
    };
    let mut problems = Vec::new();
    let text = |k: &str| map.get(k).and_then(as_text);
    let name = text("name").unwrap_or_else(|| stem.to_string());
    let handle = text("handle")
        .map(|h| h.trim_start_matches('@').to_lowercase())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| default_handle(stem));
    if !handle.chars().all(crate::core::keys::is_handle_char) {
        problems.push(Problem {
            span: field_span(facts, if map.contains_key("handle") { "handle" } else { "kind" }),
            kind: ProblemKind::InvalidField,
            message: format!(
                "handle `{handle}` cannot be written as an @mention: use letters, digits, `_`, `.` and `-` only"
            ),
        });
    }
    let tie = match text("tie").map(|t| t.to_ascii_lowercase()) {
        None => None,
        Some(t) if t == "weak" => Some(Tie::Weak),
        Some(t) if t == "strong" => Some(Tie::Strong),
        Some(t) => {
            problems.push(Problem {
                span: field_span(facts, "tie"),
                kind: ProblemKind::InvalidField,
                message: format!("`tie: {t}` is not a tie strength: use `weak` or `strong`"),
            });
            None
        }
    };
    let cadence = match text("cadence") {
        None => None,
        Some(c) => match Cadence::parse(&c) {
            Some(c) => Some(c),
            None => {
                problems.push(Problem {
                    span: field_span(facts, "cadence"),
                    kind: ProblemKind::InvalidField,
                    message: format!(
                        "`cadence: {c}` is not a cadence: write a number and a unit, e.g. 2w, 30d, 3mo, 1y"
                    ),
                });
                None
            }
        },
    };
    let last_contact = map.get("last_contact").and_then(|v| front_date(facts, "last_contact", v, &mut problems));
    let snooze_until = map.get("snooze_until").and_then(|v| front_date(facts, "snooze_until", v, &mut problems));
    let connected = map.get("connected").and_then(|v| front_date(facts, "connected", v, &mut problems));
    let job_changed = map.get("job_changed").and_then(|v| front_date(facts, "job_changed", v, &mut problems));
    let mut key_date = |key: &str| {
        let t = text(key)?;
        let d = KeyDate::parse(&t);
        if d.is_none() {
            problems.push(Problem {
                span: field_span(facts, key),
                kind: ProblemKind::InvalidDate,
                message: format!("`{key}: {t}` is not a date: write 1990-04-12, or --04-12 without the year"),
            });
        }
        d
    };
    let birthday = key_date("birthday");
    let anniversary = key_date("anniversary");
    let mut emails: Vec<String> = Vec::new();
    for e in text("email").into_iter().chain(map.get("emails").map(as_list).unwrap_or_default()) {
        let e = e.to_lowercase();
        if !emails.contains(&e) {
            emails.push(e);
        }
    }
    let target = match map.get("target") {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(v) => matches!(as_text(v).map(|s| s.to_ascii_lowercase()).as_deref(), Some("yes" | "true")),
        None => false,
    };
    let extra = map
        .iter()
        .filter(|(k, _)| !KNOWN_KEYS.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), display_value(v)))
        .collect();
    facts.problems.extend(problems);
    Some(ContactDecl {
        kind,
        name,
        handle,
        aliases: map.get("aliases").map(as_list).unwrap_or_default(),
        company: map.get("company").and_then(company_text),
        role: text("role"),
        email: text("email").or_else(|| emails.first().cloned()),
        emails,
        linkedin: text("linkedin"),
        uid: text("uid"),
        connected,
        birthday,
        anniversary,
        job_changed,
        tie,
        cadence,
        last_contact,
        snooze_until,
        tags: map
            .get("tags")
            .map(as_list)
            .unwrap_or_default()
            .into_iter()
            .map(|t| t.trim_start_matches('#').to_lowercase())
            .collect(),
        target,
        introduced_by: map.get("introduced_by").map(read_handles).unwrap_or_default(),
        met_via: map.get("met_via").map(read_handles).unwrap_or_default(),
        past_companies: map.get("past_companies").map(read_handles).unwrap_or_default(),
        extra,
    })
}

/// The handle a file name gives: `jane-doe.md` -> `jane-doe`, `Maya Chen.md` -> `maya-chen`.
fn default_handle(stem: &str) -> String {
    let lower = stem.to_lowercase();
    if lower.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '-')) {
        lower
    } else {
        crate::core::keys::safe_stem(stem)
    }
}

/// Logseq page properties: the `key:: value` lines that open a note without front matter, as
/// the map front matter would give (`alias::` is `aliases`, `type::` stands for `kind::`).
pub(super) fn read_properties(text: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let mut map = serde_json::Map::new();
    for line in line_ranges(text, 0) {
        let s = text[line.clone()].trim();
        let s = s.strip_prefix("- ").unwrap_or(s);
        let Some((key, value)) = s.split_once(":: ").or_else(|| s.strip_suffix("::").map(|k| (k, ""))) else {
            break;
        };
        let key = key.trim().to_lowercase();
        if key.is_empty() || !key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/')) {
            break;
        }
        let key = match key.as_str() {
            "alias" => "aliases".to_string(),
            "type" if !map.contains_key("kind") => "kind".to_string(),
            _ => key,
        };
        let value = value.trim();
        let value = if matches!(key.as_str(), "aliases" | "tags") {
            let items = value
                .split(',')
                .map(|v| v.trim().trim_start_matches("[[").trim_end_matches("]]").trim_start_matches('#').trim())
                .filter(|v| !v.is_empty())
                .map(|v| serde_json::Value::String(v.to_string()))
                .collect();
            serde_json::Value::Array(items)
        } else if key == "kind" {
            serde_json::Value::String(value.trim_start_matches("[[").trim_end_matches("]]").to_string())
        } else {
            serde_json::Value::String(value.to_string())
        };
        map.insert(key, value);
    }
    (!map.is_empty()).then_some(map)
}

/// The text with every Obsidian comment (`%% ... %%`, inline or over lines) after `from` blanked
/// out by spaces, line breaks kept, so every offset still points at the same place. None when
/// there is no comment. Fenced code keeps its `%%`.
pub(super) fn mask_comments(text: &str, from: usize) -> Option<String> {
    if !text[from..].contains("%%") {
        return None;
    }
    let mut out = text.as_bytes().to_vec();
    let mut open: Option<usize> = None;
    let mut fence: Option<&str> = None;
    let mut changed = false;
    for line in line_ranges(text, from) {
        let s = &text[line.clone()];
        let trimmed = s.trim_start();
        if open.is_none() {
            match fence {
                Some(f) if trimmed.starts_with(f) => {
                    fence = None;
                    continue;
                }
                Some(_) => continue,
                None if trimmed.starts_with("```") => {
                    fence = Some("```");
                    continue;
                }
                None if trimmed.starts_with("~~~") => {
                    fence = Some("~~~");
                    continue;
                }
                None => {}
            }
        }
        let mut i = line.start;
        while let Some(p) = text[i..line.end].find("%%") {
            let at = i + p;
            match open.take() {
                None => open = Some(at),
                Some(start) => blank(&mut out, start, at + 2, &mut changed),
            }
            i = at + 2;
        }
        if let Some(start) = open {
            blank(&mut out, start, line.end, &mut changed);
            open = Some(line.end);
        }
    }
    // An unclosed `%%` hides the rest of the note, as in Obsidian.
    changed.then(|| String::from_utf8(out).expect("whole characters were replaced by spaces"))
}

fn blank(out: &mut [u8], start: usize, end: usize, changed: &mut bool) {
    for b in &mut out[start..end] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
            *changed = true;
        }
    }
}

/// `company:` as text. Unquoted, `[[Acme Corp]]` is a list in a list to YAML: read it back as the
/// wikilink it was meant to be.
pub(super) fn company_text(v: &serde_json::Value) -> Option<String> {
    if let serde_json::Value::Array(outer) = v
        && let [serde_json::Value::Array(inner)] = outer.as_slice()
        && let [serde_json::Value::String(name)] = inner.as_slice()
    {
        return Some(format!("[[{name}]]"));
    }
    as_text(v)
}

/// A list of contact references (`[bob-li, "@carol", "[[Dana W]]"]` or one of them, or a
/// comma-separated string). An unquoted `[[x]]` is a list in a list to YAML: read it back.
pub(super) fn read_handles(v: &serde_json::Value) -> Vec<String> {
    if let Some(link) = company_text(v).filter(|t| t.starts_with("[[")) {
        return vec![link];
    }
    match v {
        serde_json::Value::Array(items) => items.iter().filter_map(company_text).collect(),
        other => as_list(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_blanked_in_place() {
        let text = "a %% é🦀 @x %% b\r\n%%\r\nhidden @y\r\n%%\r\nc\n```\n%% kept %%\n```\n%% never closed\nnor this";
        let masked = mask_comments(text, 0).unwrap();
        assert_eq!(masked.len(), text.len());
        assert_eq!(
            masked,
            format!(
                "a {} b\r\n  \r\n{}\r\n  \r\nc\n```\n%% kept %%\n```\n{}\n{}",
                " ".repeat("%% é🦀 @x %%".len()),
                " ".repeat(9),
                " ".repeat(15),
                " ".repeat(8)
            )
        );
        assert_eq!(mask_comments("no comment", 0), None);
        // Front matter before `from` is left alone.
        assert_eq!(mask_comments("%%\n%%x%%", 3).unwrap(), "%%\n     ");
    }

    #[test]
    fn properties_open_a_note_and_stop_at_prose() {
        let map =
            read_properties("type:: [[Person]]\n- alias:: Om, [[O. S]]\ntags:: #a, [[b]]\nempty::\nText: not:: this\n")
                .unwrap();
        assert_eq!(map["kind"], "Person");
        assert_eq!(map["aliases"], serde_json::json!(["Om", "O. S"]));
        assert_eq!(map["tags"], serde_json::json!(["a", "b"]));
        assert_eq!(map["empty"], "");
        assert!(!map.contains_key("text"));
        assert_eq!(read_properties("Just prose:: with colons\n"), None);
        assert_eq!(read_properties("# Title\ntype:: person\n"), None);
    }
}
