//! Parsing one note: text -> `NoteFacts` (front matter, contact declaration, headings, blocks,
//! mentions, tasks, problems). Never fails and never panics: what it cannot read becomes a
//! `Problem` with its range. Knows nothing of other notes, the disk or the clock.

use crate::core::date::{self, Cadence, Date};
use crate::core::key_date::KeyDate;
use crate::core::text::{LineIndex, Span};
use serde::{Deserialize, Serialize};

mod body;
mod front_matter;
mod inline;

use crate::core::keys::file_stem;
use body::Body;
use front_matter::{
    find_front_matter, front_date, mask_comments, read_contact, read_handles, read_properties, read_yaml, scan_fields,
    unclosed_front_matter,
};

/// Everything one note says, independent of every other note.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct NoteFacts {
    /// Path inside the vault, `/`-separated.
    pub path: String,
    /// The content hash of the text these facts were parsed from (`content_hash`): the edges
    /// compare it with the text they read before slicing summaries out of it.
    pub hash: u64,
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
    /// `attendees:` in the front matter (a meeting note), as written: they all met there.
    pub attendees: Vec<String>,
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
    /// The first email (`email:`, else the first of `emails:`).
    pub email: Option<String>,
    /// Every email: `email:` then `emails:`, lower-cased, without duplicates.
    pub emails: Vec<String>,
    /// `linkedin:`, the profile URL as written.
    pub linkedin: Option<String>,
    /// `uid:`, a vCard UID (or, on a meeting note, a calendar event's UID).
    pub uid: Option<String>,
    /// `connected:`, when the connection was made (LinkedIn's "Connected On").
    pub connected: Option<Date>,
    pub birthday: Option<KeyDate>,
    pub anniversary: Option<KeyDate>,
    /// Companies the contact worked at before, as written (handles or names).
    pub past_companies: Vec<String>,
    /// `job_changed:`, the day an import saw a new company or role.
    pub job_changed: Option<Date>,
    pub tie: Option<Tie>,
    pub cadence: Option<Cadence>,
    pub last_contact: Option<Date>,
    pub snooze_until: Option<Date>,
    pub tags: Vec<String>,
    pub target: bool,
    /// `introduced_by:`: who introduced you, as written (contact handles, names or wikilinks).
    pub introduced_by: Vec<String>,
    /// `met_via:`: through whom you met, as written (contact handles, names or wikilinks).
    pub met_via: Vec<String>,
    /// Keys shown as written, with their values as text: those ties does not interpret, and
    /// `emails`, `linkedin`, `uid`, `connected` and `past_companies` (read above too).
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
    /// `DEADLINE: <2026-12-01>`, `SCHEDULED: <2026-12-01 Tue>` (Org and Logseq)
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
    /// The `[ ]` / `[x]` marker, or a Logseq `TODO` / `DONE` word.
    pub marker: Span,
    /// `[x]`, Logseq `DONE` or `CANCELED`.
    pub done: bool,
    /// Logseq `CANCELED`: closed without happening, so neither a follow-up nor an exchange.
    pub canceled: bool,
    /// The marker is a Logseq word (`TODO`, `DONE`, ...), not a checkbox.
    pub word_marker: bool,
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

/// Where a note's front matter ends (after its closing line), if it has one: what a first
/// pass must read to learn whether the note declares a contact.
pub fn front_matter_end(text: &str) -> Option<usize> {
    find_front_matter(text).map(|fm| fm.end)
}

/// The hash of a note's text, kept in its facts and in the cache's stamps.
pub fn content_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// What parsing needs of the vault's settings: the folders whose notes are contacts without a
/// `kind:`, and how daily notes are named. Built from `Config::parse_options`; facts parsed with
/// other options differ, so the cache is keyed by `ParseOptions::key`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseOptions {
    /// Notes under this folder (matched case-insensitively from the vault root) are people.
    /// Empty: none.
    pub people_dir: String,
    pub companies_dir: String,
    /// The daily-note name format, tried before the built-in `YYYY-MM-DD` forms.
    pub journal_format: Option<date::JournalFormat>,
}

impl Default for ParseOptions {
    fn default() -> ParseOptions {
        ParseOptions { people_dir: "people".into(), companies_dir: "companies".into(), journal_format: None }
    }
}

impl ParseOptions {
    /// A short text that changes whenever the options change what parsing produces.
    pub fn key(&self) -> String {
        format!(
            "people={};companies={};journal={}",
            folder_parts(&self.people_dir).join("/"),
            folder_parts(&self.companies_dir).join("/"),
            self.journal_format.as_ref().map_or("", |f| f.as_str())
        )
    }

    /// The kind a note is by the folder it lives in.
    pub fn folder_kind(&self, path: &str) -> Option<ContactKind> {
        if in_folder(path, &self.people_dir) {
            Some(ContactKind::Person)
        } else if in_folder(path, &self.companies_dir) {
            Some(ContactKind::Company)
        } else {
            None
        }
    }

    /// The date a note's name gives: in the journal format, else a built-in form.
    pub fn file_date(&self, path: &str) -> Option<Date> {
        let stem = file_stem(path);
        if let Some(f) = &self.journal_format {
            let depth = f.depth();
            let parts: Vec<&str> = path.split('/').collect();
            if parts.len() >= depth {
                let mut tail = parts[parts.len() - depth..].join("/");
                let cut = tail.len() - (file_name(path).len() - stem.len());
                tail.truncate(cut);
                if let Some(d) = f.read(&tail) {
                    return Some(d);
                }
            }
        }
        date::from_file_name(stem)
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `People/` -> `["people"]`: the lower-cased parts of a folder setting.
fn folder_parts(dir: &str) -> Vec<String> {
    dir.split(['/', '\\']).filter(|p| !p.is_empty() && *p != ".").map(str::to_lowercase).collect()
}

/// Whether `path` lies under `dir` (any depth), comparing folder names case-insensitively.
pub fn in_folder(path: &str, dir: &str) -> bool {
    let dir = folder_parts(dir);
    let parts: Vec<&str> = path.split('/').collect();
    !dir.is_empty() && parts.len() > dir.len() && dir.iter().zip(&parts).all(|(d, p)| p.to_lowercase() == *d)
}

/// Parses one note with the default options. `path` is its `/`-separated path inside the vault.
pub fn parse(path: &str, text: &str) -> NoteFacts {
    parse_with(path, text, &ParseOptions::default())
}

/// Parses one note. `path` is its `/`-separated path inside the vault.
pub fn parse_with(path: &str, text: &str, options: &ParseOptions) -> NoteFacts {
    let mut facts = parse_unhashed(path, text, options);
    facts.hash = content_hash(text);
    facts
}

fn parse_unhashed(path: &str, text: &str, options: &ParseOptions) -> NoteFacts {
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
        let mut facts = parse_text(path, &text[..cut], options);
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
    parse_text(path, text, options)
}

/// Largest note read whole; past it only the beginning is indexed (docs/reliability.md).
pub const MAX_NOTE_BYTES: usize = 8 * 1024 * 1024;

fn parse_text(path: &str, text: &str, options: &ParseOptions) -> NoteFacts {
    let mut facts = NoteFacts { path: path.to_string(), lines: LineIndex::new(text), ..Default::default() };
    let stem = file_stem(path);
    let file_date = options.file_date(path);

    let mut body_start = 0;
    let mut yaml: Option<serde_json::Map<String, serde_json::Value>> = None;
    if let Some(fm) = find_front_matter(text) {
        body_start = fm.end;
        let fields = scan_fields(text, fm.yaml.clone());
        facts.front = Some(FrontMatter { span: Span::new(fm.start, fm.end), fields });
        yaml = read_yaml(text, fm.yaml, &mut facts.problems);
    } else if let Some(p) = unclosed_front_matter(text) {
        facts.problems.push(p);
    } else if let Some(map) = read_properties(text) {
        // Property lines stay prose: `attendees:: [[Maya Chen]]` mentions Maya.
        yaml = Some(map);
    }

    let mut fm_date = None;
    if let Some(v) = yaml.as_ref().and_then(|m| m.get("date")) {
        let mut problems = std::mem::take(&mut facts.problems);
        fm_date = front_date(&facts, "date", v, &mut problems);
        facts.problems = problems;
    }
    facts.date = fm_date.or(file_date);
    // Front matter that cannot be read might say `kind: note`: no contact by folder then.
    let unreadable = facts.problems.iter().any(|p| p.kind == ProblemKind::FrontMatter);
    let folder = options.folder_kind(path).filter(|_| !unreadable);
    if yaml.is_some() || folder.is_some() {
        let map = yaml.unwrap_or_default();
        facts.contact = read_contact(&mut facts, stem, &map, folder);
        facts.attendees = map.get("attendees").map(read_handles).unwrap_or_default();
    }

    let masked = mask_comments(text, body_start);
    Body::new(&mut facts, masked.as_deref().unwrap_or(text), body_start).run();
    facts
}
