//! Parsing one note: text -> `NoteFacts` (front matter, contact declaration, headings, blocks,
//! mentions, tasks, problems). Never fails and never panics: what it cannot read becomes a
//! `Problem` with its range. Knows nothing of other notes, the disk or the clock.

use crate::core::date::{self, Cadence, Date};
use crate::core::text::{LineIndex, Span};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// Everything one note says, independent of every other note.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NoteFacts {
    /// Path inside the vault, `/`-separated.
    pub path: String,
    pub lines: LineIndex,
    pub front: Option<FrontMatter>,
    pub contact: Option<ContactDecl>,
    /// The note's own date: front matter `date:`, else an ISO date starting the file name.
    pub date: Option<Date>,
    pub headings: Vec<Heading>,
    pub blocks: Vec<Block>,
    pub mentions: Vec<Mention>,
    pub tasks: Vec<Task>,
    /// Every `#tag` in the note's prose, lower-cased, without duplicates.
    pub tags: Vec<String>,
    pub problems: Vec<Problem>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrontMatter {
    /// From the opening `---` to the end of the closing line.
    pub span: Span,
    /// Top-level keys in order.
    pub fields: Vec<Field>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    pub key: String,
    pub key_span: Span,
    /// The value on the key's line (empty for block values that start on the next line).
    pub value_span: Span,
}

impl FrontMatter {
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ContactKind {
    Person,
    Company,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Tie {
    Weak,
    Strong,
}

impl Tie {
    pub fn as_str(self) -> &'static str {
        match self {
            Tie::Weak => "weak",
            Tie::Strong => "strong",
        }
    }
}

/// A contact as its own note declares it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactDecl {
    pub kind: ContactKind,
    pub name: String,
    /// Lower-case, without `@`.
    pub handle: String,
    pub aliases: Vec<String>,
    /// As written: a company handle, `@handle`, `[[link]]` or free text.
    pub company: Option<String>,
    pub role: Option<String>,
    pub email: Option<String>,
    pub tie: Option<Tie>,
    pub cadence: Option<Cadence>,
    pub last_contact: Option<Date>,
    pub snooze_until: Option<Date>,
    pub tags: Vec<String>,
    pub target: bool,
    /// Keys ties does not interpret, with their values as text.
    pub extra: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    pub level: u8,
    pub span: Span,
    pub title: String,
    pub date: Option<Date>,
}

impl NoteFacts {
    /// Moves the blocks' summaries out (in block order), leaving them empty. The index keeps
    /// facts without summaries, which are most of their size; the cache's full-text table keeps
    /// the summaries, and answers that show one read the note again (`features::summaries`).
    pub fn take_summaries(&mut self) -> Vec<String> {
        self.blocks.iter_mut().map(|b| std::mem::take(&mut b.summary)).collect()
    }
}

/// A paragraph, list item, heading or table row: what holds a mention and gives its summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub span: Span,
    /// Plain text, Markdown stripped, cut to about 160 characters.
    pub summary: String,
    pub gave: bool,
    pub asked: bool,
    pub task: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MentionForm {
    /// `@jane-doe`
    Handle,
    /// `@[Jane Doe]`
    Bracket,
    /// `[[jane-doe]]`, `[[Jane Doe|Jane]]`
    Wiki,
    /// `[Jane](../people/jane-doe.md)`
    Link,
}

/// A file stem for a new contact note named by a mention: lower-case letters, digits, `-`, `_`
/// and `.`, never empty, never starting with a dot, never a reserved device name, at most 80
/// bytes. It can never name a path outside its folder.
pub fn safe_stem(key: &str) -> String {
    let mut out = String::new();
    for c in key.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || matches!(c, '_' | '.' | '-') {
            out.push(c);
        } else if (c.is_whitespace() || matches!(c, '/' | '\\' | ':')) && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 80 {
            break;
        }
    }
    let trimmed = out.trim_matches(['.', '-']).to_string();
    let reserved = ["con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "lpt1", "lpt2", "lpt3"];
    if trimmed.is_empty() || reserved.contains(&trimmed.split('.').next().unwrap_or("")) {
        format!("contact-{trimmed}").trim_end_matches(['.', '-']).to_string()
    } else {
        trimmed
    }
}

/// What a mention names: a normalized key (handle, name or alias) or a note path in the vault.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Target {
    Key(String),
    Path(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub span: Span,
    /// The part naming the contact: the handle after `@`, the name inside `@[...]`, the target
    /// of a wikilink before any `|`, the destination of a Markdown link.
    pub target_span: Span,
    pub form: MentionForm,
    pub target: Target,
    /// The date of the section holding it (see docs/syntax.md, "Dates").
    pub date: Option<Date>,
    /// 0 for the note's top level, else 1 + the index of the dated heading above it.
    pub section: u32,
    pub block: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DueForm {
    /// `📅 2026-12-01`
    Tasks,
    /// `due:2026-12-01`
    TodoTxt,
    /// `[due:: 2026-12-01]`
    Dataview,
    /// `DEADLINE: <2026-12-01>`
    Org,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    pub date: Date,
    /// The date's own text, `2026-12-01`.
    pub span: Span,
    pub form: DueForm,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    /// The whole first line of the item.
    pub span: Span,
    /// The `[ ]` / `[x]` marker.
    pub marker: Span,
    pub done: bool,
    pub due: Option<Due>,
    pub done_date: Option<Date>,
    pub block: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProblemKind {
    /// Front matter that is not valid YAML or not a mapping.
    FrontMatter,
    /// A date-shaped value that is not a real date.
    InvalidDate,
    /// A known key with a value ties cannot use.
    InvalidField,
    /// Something about the file itself: not UTF-8, binary, too large.
    File,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub span: Span,
    pub kind: ProblemKind,
    pub message: String,
}

/// Largest front matter read; more is a problem, not a hang.
pub const MAX_FRONT_MATTER: usize = 64 * 1024;
/// Summaries are cut near this many characters.
pub const SUMMARY_CHARS: usize = 160;

/// Lower-case, trimmed, inner whitespace collapsed: how names, aliases and handles are compared.
pub fn normalize_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The key a wikilink target names: `people/Jane Doe.md#Work` -> `jane doe`.
pub fn wiki_key(dest: &str) -> String {
    let dest = dest.split(['#', '^']).next().unwrap_or("");
    let last = dest.rsplit(['/', '\\']).next().unwrap_or("");
    normalize_key(strip_md_ext(last).unwrap_or(last))
}

/// `name.md` -> `name` (also `.markdown`, any case).
pub fn strip_md_ext(name: &str) -> Option<&str> {
    let lower = name.to_ascii_lowercase();
    for ext in [".md", ".markdown"] {
        if lower.ends_with(ext) && name.len() > ext.len() {
            return Some(&name[..name.len() - ext.len()]);
        }
    }
    None
}

/// The file name without directory and extension.
pub fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    strip_md_ext(name).unwrap_or(name)
}

/// The vault path a Markdown link destination points at, when it is a note inside the vault.
pub fn link_target(note_path: &str, dest: &str) -> Option<String> {
    if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with('#') {
        return None;
    }
    let dest = dest.split(['#', '?']).next()?;
    let dest = percent_decode(dest)?;
    strip_md_ext(&dest)?;
    let mut parts: Vec<&str> = Vec::new();
    if !dest.starts_with('/') {
        parts.extend(note_path.split('/'));
        parts.pop();
    }
    for part in dest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 3 <= b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Parses one note. `path` is its `/`-separated path inside the vault.
pub fn parse(path: &str, text: &str) -> NoteFacts {
    // A NUL byte never occurs in a text note: this is a binary file with a Markdown name.
    if text.as_bytes().contains(&0) {
        let mut facts = NoteFacts { path: path.to_string(), lines: LineIndex::new(""), ..Default::default() };
        facts.problems.push(Problem {
            span: Span::default(),
            kind: ProblemKind::File,
            message: "this looks like a binary file, not a note: it was skipped (rename it if it is not Markdown)"
                .into(),
        });
        return facts;
    }
    if text.len() > MAX_NOTE_BYTES {
        let mut cut = MAX_NOTE_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let cut = text[..cut].rfind('\n').map_or(cut, |i| i + 1);
        let mut facts = parse_text(path, &text[..cut]);
        facts.problems.push(Problem {
            span: Span::default(),
            kind: ProblemKind::File,
            message: format!(
                "this note is {:.1} MB: only its first {} MB were read; split it into smaller notes",
                text.len() as f64 / 1e6,
                MAX_NOTE_BYTES / (1024 * 1024)
            ),
        });
        return facts;
    }
    parse_text(path, text)
}

/// Largest note read whole; past it only the beginning is indexed (docs/reliability.md).
pub const MAX_NOTE_BYTES: usize = 8 * 1024 * 1024;

fn parse_text(path: &str, text: &str) -> NoteFacts {
    let mut facts = NoteFacts { path: path.to_string(), lines: LineIndex::new(text), ..Default::default() };
    let stem = file_stem(path);
    let file_date = date::find_iso(stem).filter(|t| t.start == 0).and_then(|t| t.date);

    let mut body_start = 0;
    let mut yaml: Option<serde_json::Map<String, serde_json::Value>> = None;
    if let Some(fm) = find_front_matter(text) {
        body_start = fm.end;
        let fields = scan_fields(text, fm.yaml.clone());
        facts.front = Some(FrontMatter { span: Span::new(fm.start, fm.end), fields });
        yaml = read_yaml(text, fm.yaml, &mut facts.problems);
    } else if let Some(p) = unclosed_front_matter(text) {
        facts.problems.push(p);
    }

    let mut fm_date = None;
    if let Some(v) = yaml.as_ref().and_then(|m| m.get("date")) {
        let mut problems = std::mem::take(&mut facts.problems);
        fm_date = front_date(&facts, "date", v, &mut problems);
        facts.problems = problems;
    }
    facts.date = fm_date.or(file_date);
    if let Some(map) = &yaml {
        facts.contact = read_contact(&mut facts, stem, map);
    }

    Body::new(&mut facts, text, body_start).run();
    facts
}

struct FrontMatterAt {
    start: usize,
    /// The YAML between the fences.
    yaml: std::ops::Range<usize>,
    end: usize,
}

/// `---` on the first line (after an optional BOM), closed by `---` or `...` on a line of its own.
fn find_front_matter(text: &str) -> Option<FrontMatterAt> {
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

fn unclosed_front_matter(text: &str) -> Option<Problem> {
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
fn line_ranges(text: &str, from: usize) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
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
fn scan_fields(text: &str, yaml: std::ops::Range<usize>) -> Vec<Field> {
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

fn read_yaml(
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

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_string()
}

fn field_span(facts: &NoteFacts, key: &str) -> Span {
    let front = facts.front.as_ref();
    match front.and_then(|f| f.field(key)) {
        Some(f) if f.value_span.start < f.value_span.end => f.value_span,
        Some(f) => f.key_span,
        None => front.map_or(Span::default(), |f| Span::new(f.span.start as usize, f.span.start as usize + 3)),
    }
}

fn as_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
    .filter(|s| !s.is_empty())
}

fn as_list(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::Array(items) => items.iter().filter_map(as_text).collect(),
        other => as_text(other)
            .map(|s| s.split(',').map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect())
            .unwrap_or_default(),
    }
}

fn display_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::Array(items) => items.iter().map(display_value).collect::<Vec<_>>().join(", "),
        serde_json::Value::Object(_) => v.to_string(),
        other => as_text(other).unwrap_or_default(),
    }
}

fn front_date(facts: &NoteFacts, key: &str, v: &serde_json::Value, problems: &mut Vec<Problem>) -> Option<Date> {
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
    "tie",
    "cadence",
    "last_contact",
    "snooze_until",
    "tags",
    "target",
    "date",
];

fn read_contact(
    facts: &mut NoteFacts,
    stem: &str,
    map: &serde_json::Map<String, serde_json::Value>,
) -> Option<ContactDecl> {
    let kind = match map.get("kind").and_then(as_text)?.to_ascii_lowercase().as_str() {
        "person" => ContactKind::Person,
        "company" => ContactKind::Company,
        _ => return None,
    };
    let mut problems = Vec::new();
    let text = |k: &str| map.get(k).and_then(as_text);
    let name = text("name").unwrap_or_else(|| stem.to_string());
    let handle = text("handle")
        .map(|h| h.trim_start_matches('@').to_lowercase())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| stem.to_lowercase());
    if handle.chars().any(|c| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '-'))) {
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
        email: text("email"),
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
        extra,
    })
}

/// `company:` as text. Unquoted, `[[Acme Corp]]` is a list in a list to YAML: read it back as the
/// wikilink it was meant to be.
fn company_text(v: &serde_json::Value) -> Option<String> {
    if let serde_json::Value::Array(outer) = v
        && let [serde_json::Value::Array(inner)] = outer.as_slice()
        && let [serde_json::Value::String(name)] = inner.as_slice()
    {
        return Some(format!("[[{name}]]"));
    }
    as_text(v)
}

/// The company key a `company:` value names: `@acme`, `[[Acme Corp]]`, `acme-corp` or free text.
pub fn company_key(value: &str) -> String {
    let v = value.trim();
    if let Some(inner) = v.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")) {
        return wiki_key(inner.split('|').next().unwrap_or(inner));
    }
    normalize_key(v.strip_prefix('@').unwrap_or(v))
}

/// The one-pass walk over the Markdown body.
struct Body<'a> {
    facts: &'a mut NoteFacts,
    src: &'a str,
    offset: usize,
    /// Open containers that matter to us, innermost last.
    open: Vec<Open>,
    /// Text ranges of each block (only its own prose, not nested blocks).
    segments: Vec<Vec<(usize, usize)>>,
    /// Whether each block is a list item.
    items: Vec<bool>,
    /// Whether each block holds a mention.
    mentioned: Vec<bool>,
    pending: Option<(usize, usize)>,
    code: u32,
    /// Inside link text that is not prose to scan (wikilinks, autolinks, contact links, images).
    opaque: u32,
    links: Vec<bool>,
    date: Option<Date>,
    section: u32,
}

#[derive(Clone, Copy)]
enum Open {
    Block(u32),
    /// A paragraph merged into the list item that holds it.
    Merged,
}

impl<'a> Body<'a> {
    fn new(facts: &'a mut NoteFacts, src: &'a str, offset: usize) -> Body<'a> {
        let date = facts.date;
        Body {
            facts,
            src,
            offset,
            open: Vec::new(),
            segments: Vec::new(),
            items: Vec::new(),
            mentioned: Vec::new(),
            pending: None,
            code: 0,
            opaque: 0,
            links: Vec::new(),
            date,
            section: 0,
        }
    }

    fn run(mut self) {
        let body = &self.src[self.offset..];
        let options = Options::ENABLE_TASKLISTS
            | Options::ENABLE_WIKILINKS
            | Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH;
        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            let range = range.start + self.offset..range.end + self.offset;
            self.event(event, range);
        }
        self.flush();
        let mut tags: Vec<String> = Vec::new();
        for segs in std::mem::take(&mut self.segments) {
            for (s, e) in segs {
                for t in scan_tags(&self.src[s..e]) {
                    if !tags.contains(&t) {
                        tags.push(t);
                    }
                }
            }
        }
        self.facts.tags = tags;
        self.drop_unused_blocks();
    }

    /// Keeps only the blocks a mention or a task points at, and renumbers them.
    fn drop_unused_blocks(&mut self) {
        let facts = &mut *self.facts;
        let mut remap = vec![u32::MAX; facts.blocks.len()];
        let mut kept = Vec::new();
        for (i, block) in std::mem::take(&mut facts.blocks).into_iter().enumerate() {
            if self.mentioned[i] || block.task.is_some() {
                remap[i] = kept.len() as u32;
                kept.push(block);
            }
        }
        facts.blocks = kept;
        for m in &mut facts.mentions {
            m.block = m.block.map(|b| remap[b as usize]);
        }
        for t in &mut facts.tasks {
            t.block = remap[t.block as usize];
        }
        // The facts of every note stay in memory: no spare capacity.
        for b in &mut facts.blocks {
            b.summary.shrink_to_fit();
        }
        facts.blocks.shrink_to_fit();
        facts.mentions.shrink_to_fit();
        facts.tasks.shrink_to_fit();
        facts.headings.shrink_to_fit();
        facts.problems.shrink_to_fit();
        facts.lines.shrink_to_fit();
    }

    fn current_block(&self) -> Option<u32> {
        self.open.iter().rev().find_map(|o| match o {
            Open::Block(b) => Some(*b),
            Open::Merged => None,
        })
    }

    fn open_block(&mut self, range: &std::ops::Range<usize>) -> u32 {
        let id = self.facts.blocks.len() as u32;
        self.facts.blocks.push(Block {
            span: Span::new(range.start, range.end),
            summary: String::new(),
            gave: false,
            asked: false,
            task: None,
        });
        self.segments.push(Vec::new());
        self.items.push(false);
        self.mentioned.push(false);
        self.open.push(Open::Block(id));
        id
    }

    fn push_text(&mut self, s: &str) {
        if let Some(b) = self.current_block() {
            let summary = &mut self.facts.blocks[b as usize].summary;
            if summary.len() < SUMMARY_CHARS * 4 {
                summary.push_str(s);
            }
        }
    }

    fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        match event {
            Event::Text(t) => {
                if self.code > 0 {
                    return;
                }
                self.push_text(&t);
                if self.opaque == 0 {
                    self.extend_pending(range);
                }
            }
            Event::Code(t) => {
                self.flush();
                self.push_text(&t);
            }
            Event::SoftBreak | Event::HardBreak => {
                self.flush();
                self.push_text(" ");
            }
            Event::TaskListMarker(done) => {
                self.flush();
                if let Some(b) = self.current_block() {
                    self.open_task(b, done);
                }
            }
            Event::Start(tag) => {
                self.flush();
                self.start(tag, range);
            }
            Event::End(tag) => {
                self.flush();
                self.end(tag);
            }
            _ => self.flush(),
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: std::ops::Range<usize>) {
        match tag {
            Tag::Paragraph => {
                let in_item = matches!(self.open.last(), Some(Open::Block(b)) if self.items[*b as usize]);
                if in_item {
                    self.push_text(" ");
                    self.open.push(Open::Merged);
                } else {
                    self.open_block(&range);
                }
            }
            Tag::Item | Tag::TableRow | Tag::TableHead => {
                let b = self.open_block(&range);
                self.items[b as usize] = matches!(tag, Tag::Item);
            }
            Tag::Heading { level, .. } => {
                let line_end = self.src[range.clone()].trim_end().len() + range.start;
                let title_span = Span::new(range.start, line_end);
                let found = date::find_iso(&self.src[range.start..line_end]);
                let mut heading_date = None;
                if let Some(tok) = found {
                    match tok.date {
                        Some(d) => heading_date = Some(d),
                        None => self.facts.problems.push(Problem {
                            span: Span::new(range.start + tok.start, range.start + tok.end),
                            kind: ProblemKind::InvalidDate,
                            message: format!(
                                "heading date {} is not a real date: entries below it are left undated",
                                &self.src[range.start + tok.start..range.start + tok.end]
                            ),
                        }),
                    }
                }
                self.facts.headings.push(Heading {
                    level: level as u8,
                    span: title_span,
                    title: String::new(),
                    date: heading_date,
                });
                // A heading with a date starts a dated section; one with an impossible date starts
                // an undated one (its entries must not count on the day above it).
                if found.is_some() {
                    self.date = heading_date;
                    self.section = self.facts.headings.len() as u32;
                }
                self.open_block(&(range.start..line_end));
            }
            Tag::CodeBlock(_) => self.code += 1,
            Tag::TableCell => self.push_text(" "),
            Tag::Link { link_type, dest_url, .. } => {
                let opaque = match link_type {
                    LinkType::WikiLink { .. } => {
                        let key = wiki_key(&dest_url);
                        if !key.is_empty() {
                            let target = wiki_target_range(self.src, range.clone());
                            self.mention(range, target, MentionForm::Wiki, Target::Key(key));
                        }
                        true
                    }
                    LinkType::Autolink | LinkType::Email => true,
                    _ => match link_target(&self.facts.path, &dest_url) {
                        Some(path) => {
                            let dest = link_dest_range(self.src, range.clone());
                            self.mention(range, dest, MentionForm::Link, Target::Path(path));
                            true
                        }
                        None => false,
                    },
                };
                self.links.push(opaque);
                if opaque {
                    self.opaque += 1;
                }
            }
            Tag::Image { .. } => {
                self.links.push(true);
                self.opaque += 1;
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead | TagEnd::Heading(_) => {
                if let Some(Open::Block(b)) = self.open.pop() {
                    self.close_block(b, matches!(tag, TagEnd::Heading(_)));
                }
            }
            TagEnd::CodeBlock => self.code = self.code.saturating_sub(1),
            TagEnd::Link | TagEnd::Image if self.links.pop() == Some(true) => {
                self.opaque = self.opaque.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn extend_pending(&mut self, range: std::ops::Range<usize>) {
        self.pending = match self.pending {
            // Escapes (`\_`) leave a one-byte gap between text events of one run of prose.
            Some((s, e)) if e == range.start || (e + 1 == range.start && self.src.as_bytes()[e] == b'\\') => {
                Some((s, range.end))
            }
            Some(_) => {
                self.flush();
                Some((range.start, range.end))
            }
            None => Some((range.start, range.end)),
        };
    }

    /// Scans the pending run of prose for `@` mentions and files it under its block.
    fn flush(&mut self) {
        let Some((start, end)) = self.pending.take() else {
            return;
        };
        if let Some(b) = self.current_block() {
            self.segments[b as usize].push((start, end));
        }
        let bytes = self.src.as_bytes();
        let mut i = start;
        while let Some(p) = memchr::memchr(b'@', &bytes[i..end]) {
            let at = i + p;
            i = at + 1;
            if !self.may_start_mention(start, at) {
                continue;
            }
            if let Some((mend, form, key)) = read_mention(&self.src[..end], at) {
                let target = if form == MentionForm::Bracket { at + 2..mend - 1 } else { at + 1..mend };
                self.mention(at..mend, target, form, Target::Key(key));
                i = mend;
            }
        }
    }

    /// An `@` starts a mention unless it is glued to a word, a path or a URL.
    fn may_start_mention(&self, seg_start: usize, at: usize) -> bool {
        if let Some(prev) = self.src[..at].chars().next_back()
            && (prev.is_alphanumeric() || matches!(prev, '.' | '_' | '-' | '/' | ':' | '@' | '`' | '\\'))
        {
            return false;
        }
        let token_start = self.src[seg_start..at]
            .char_indices()
            .rfind(|(_, c)| c.is_whitespace())
            .map_or(seg_start, |(i, c)| seg_start + i + c.len_utf8());
        let token = &self.src[token_start..at];
        !(token.contains("://") || token.starts_with("www."))
    }

    fn mention(
        &mut self,
        range: std::ops::Range<usize>,
        target_range: std::ops::Range<usize>,
        form: MentionForm,
        target: Target,
    ) {
        let block = self.current_block();
        if let Some(b) = block {
            self.mentioned[b as usize] = true;
        }
        self.facts.mentions.push(Mention {
            span: Span::new(range.start, range.end),
            target_span: Span::new(target_range.start, target_range.end),
            form,
            target,
            date: self.date,
            section: self.section,
            block,
        });
    }

    fn open_task(&mut self, block: u32, done: bool) {
        let span = self.facts.blocks[block as usize].span;
        let start = span.start as usize;
        let line_end = self.src[start..span.end as usize].find(['\n', '\r']).map_or(span.end as usize, |i| start + i);
        let marker = self.src[start..line_end].find('[').map_or(start, |i| start + i);
        let id = self.facts.tasks.len() as u32;
        self.facts.tasks.push(Task {
            span: Span::new(start, line_end),
            marker: Span::new(marker, (marker + 3).min(line_end)),
            done,
            due: None,
            done_date: None,
            block,
        });
        self.facts.blocks[block as usize].task = Some(id);
    }

    fn close_block(&mut self, b: u32, heading: bool) {
        // Every mention inside the block was recorded by now: a block without mentions or a
        // task is dropped at the end, so it needs no summary (a heading keeps its title).
        let needed = self.mentioned[b as usize] || self.facts.blocks[b as usize].task.is_some();
        let block = &mut self.facts.blocks[b as usize];
        block.summary = if needed || heading { summarize(&block.summary) } else { String::new() };
        if heading && let Some(h) = self.facts.headings.last_mut() {
            h.title = block.summary.clone();
        }
        let segs = &self.segments[b as usize];
        for &(s, e) in segs {
            for tag in scan_tags(&self.src[s..e]) {
                match tag.as_str() {
                    "gave" => self.facts.blocks[b as usize].gave = true,
                    "asked" => self.facts.blocks[b as usize].asked = true,
                    _ => {}
                }
            }
        }
        if let Some(t) = self.facts.blocks[b as usize].task {
            let segs = self.segments[b as usize].clone();
            for (s, e) in segs {
                self.scan_dates(t, s, e);
            }
        }
    }

    /// Due and done dates of a task, in every form we read.
    fn scan_dates(&mut self, task: u32, start: usize, end: usize) {
        let text = &self.src[start..end];
        for caps in TASK_DATES.captures_iter(text) {
            let (form, m) = if let Some(m) = caps.name("tasks") {
                (Some(DueForm::Tasks), m)
            } else if let Some(m) = caps.name("todo") {
                (Some(DueForm::TodoTxt), m)
            } else if let Some(m) = caps.name("dataview") {
                (Some(DueForm::Dataview), m)
            } else if let Some(m) = caps.name("org") {
                (Some(DueForm::Org), m)
            } else if let Some(m) = caps.name("done").or_else(|| caps.name("completion")) {
                (None, m)
            } else {
                continue;
            };
            let token = m.as_str().trim();
            let span = Span::new(start + m.start(), start + m.start() + token.len());
            let parsed = token.get(..10).and_then(date::parse_iso).filter(|_| {
                token.len() == 10 || !token.as_bytes()[10].is_ascii_digit() && token.as_bytes()[10] != b'-'
            });
            let task_ref = &mut self.facts.tasks[task as usize];
            match (parsed, form) {
                (Some(date), Some(form)) => {
                    if task_ref.due.is_none() {
                        task_ref.due = Some(Due { date, span, form });
                    }
                }
                (Some(date), None) => task_ref.done_date = Some(date),
                (None, _) => {
                    let what = if form.is_some() { "due date" } else { "done date" };
                    self.facts.problems.push(Problem {
                        span,
                        kind: ProblemKind::InvalidDate,
                        message: format!("{what} `{token}` is not a real date: write it as YYYY-MM-DD"),
                    });
                }
            }
        }
    }
}

static TASK_DATES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
          📅\s*(?P<tasks>[0-9][0-9-]*)
        | (?:^|[\s(])[Dd]ue:[\ ]?(?P<todo>[0-9][0-9-]*)
        | \[due::\s*(?P<dataview>[0-9][^\]]*)\]
        | DEADLINE:\s*<(?P<org>[0-9][0-9-]*)[^>]*>
        | ✅\s*(?P<done>[0-9][0-9-]*)
        | \[completion::\s*(?P<completion>[0-9][^\]]*)\]",
    )
    .expect("task date pattern is valid")
});

/// `[[target|label]]` -> the range of `target`.
fn wiki_target_range(src: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let text = &src[range.clone()];
    let inner = text.strip_prefix("[[").and_then(|t| t.strip_suffix("]]")).unwrap_or(text);
    let start = range.start + if text.starts_with("[[") { 2 } else { 0 };
    start..start + inner.find('|').unwrap_or(inner.len())
}

/// `[text](dest "title")` -> the range of `dest` (the whole link when it is not inline).
fn link_dest_range(src: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let text = &src[range.clone()];
    match (text.rfind("]("), text.ends_with(')')) {
        (Some(i), true) => {
            let inside = &text[i + 2..text.len() - 1];
            let dest = inside.trim_start();
            let start = range.start + i + 2 + (inside.len() - dest.len());
            start..start + dest.find(char::is_whitespace).unwrap_or(dest.len())
        }
        _ => range,
    }
}

/// Reads the mention starting at the `@` at `at`: its end, form and normalized key.
fn read_mention(src: &str, at: usize) -> Option<(usize, MentionForm, String)> {
    let rest = &src[at + 1..];
    if let Some(inner) = rest.strip_prefix('[') {
        let close = inner.find([']', '[', '\n', '\r'])?;
        if !inner[close..].starts_with(']') {
            return None;
        }
        let key = normalize_key(&inner[..close]);
        if key.is_empty() {
            return None;
        }
        return Some((at + 2 + close + 1, MentionForm::Bracket, key));
    }
    let mut key = String::new();
    // End and key length of the handle without trailing punctuation (`.` and `-`).
    let mut keep = (at + 1, 0);
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let (c, next) = if c == '\\' {
            match chars.peek() {
                Some(&(j, e)) if matches!(e, '_' | '.' | '-') => {
                    chars.next();
                    (e, j + 1)
                }
                _ => break,
            }
        } else {
            (c, i + c.len_utf8())
        };
        if !(c.is_alphanumeric() || matches!(c, '_' | '.' | '-')) {
            break;
        }
        if key.is_empty() && !(c.is_alphanumeric() || c == '_') {
            return None;
        }
        key.extend(c.to_lowercase());
        if !matches!(c, '.' | '-') {
            keep = (at + 1 + next, key.len());
        }
    }
    let (end, len) = keep;
    key.truncate(len);
    if key.is_empty() { None } else { Some((end, MentionForm::Handle, key)) }
}

/// `#tags` in prose: after a space or at the start, not all digits, lower-cased.
fn scan_tags(text: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('#') {
        if i > 0 && !matches!(bytes[i - 1], b' ' | b'\t' | b'(') {
            continue;
        }
        let tag: String =
            text[i + 1..].chars().take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/')).collect();
        if !tag.is_empty() && !tag.chars().all(|c| c.is_ascii_digit()) {
            tags.push(tag.to_lowercase());
        }
    }
    tags
}

/// Whitespace collapsed, cut near `SUMMARY_CHARS` characters at a word boundary.
fn summarize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len().min(SUMMARY_CHARS + 8));
    let mut chars = 0;
    for word in raw.split_whitespace() {
        let n = word.chars().count();
        if chars + n + 1 > SUMMARY_CHARS {
            if out.is_empty() {
                out.extend(word.chars().take(SUMMARY_CHARS));
            }
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += n;
    }
    out
}
