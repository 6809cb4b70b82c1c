//! The server's state: vault roots with their indexes and how far indexing got, open
//! documents (the truth while open), settings, and the `Snapshot` handlers answer from. Only
//! plain synchronous code without I/O: callers hold the lock briefly and never across an
//! `.await`.

use crate::config::{self, VaultConfig};
use crate::core::config::Config;
use crate::core::config::Severity;
use crate::core::date::{Cadence, Date};
use crate::core::index::{Index, NoteId};
use crate::core::note::parse_with;
use crate::core::text::{LineIndex, Span};
use crate::lsp::to_proto::{self, Enc};
use crate::store::Stamp;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::gen_lsp_types::{TextDocumentContentChangeEvent, Uri};

/// Settings from `initializationOptions` and `workspace/didChangeConfiguration`, merged over
/// each vault's `ties.toml`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    pub today: Option<Date>,
    pub unknown_mentions: Option<Option<Severity>>,
    pub inlay_hints: Option<bool>,
    pub cadence: Option<Cadence>,
    pub people_dir: Option<String>,
    pub journal_dir: Option<String>,
    pub stale_after_days: Option<u32>,
}

/// The names of the settings the server reads (the editors' settings must match them).
pub const SETTINGS: &[&str] =
    &["today", "unknownMentions", "inlayHints", "cadence", "peopleDir", "journalDir", "staleAfterDays"];

impl Settings {
    /// Reads settings from a JSON object, either flat or under a `ties` key. Bad values are
    /// reported and ignored.
    pub fn from_json(value: &Value) -> (Settings, Vec<String>) {
        let v = value.get("ties").unwrap_or(value);
        let mut s = Settings::default();
        let mut errors = Vec::new();
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty());
        if let Some(t) = text("today") {
            match crate::core::date::parse_iso(t) {
                Some(d) => s.today = Some(d),
                None => errors.push(format!("setting today = \"{t}\" is not a date (YYYY-MM-DD)")),
            }
        }
        if let Some(u) = text("unknownMentions") {
            match Severity::parse(u) {
                Some(sev) => s.unknown_mentions = Some(sev),
                None => {
                    errors.push(format!("setting unknownMentions = \"{u}\": use off, hint, information or warning"))
                }
            }
        }
        if let Some(b) = v.get("inlayHints").and_then(Value::as_bool) {
            s.inlay_hints = Some(b);
        }
        if let Some(c) = text("cadence") {
            match Cadence::parse(c) {
                Some(c) => s.cadence = Some(c),
                None => errors.push(format!("setting cadence = \"{c}\" is not a cadence (2w, 30d, 3mo, 1y)")),
            }
        }
        s.people_dir = text("peopleDir").map(String::from);
        s.journal_dir = text("journalDir").map(String::from);
        if let Some(v) = v.get("staleAfterDays").filter(|v| !v.is_null()) {
            match crate::config::stale_after_days(v.as_u64().or_else(|| v.as_str()?.trim().parse().ok())) {
                Some(d) => s.stale_after_days = Some(d),
                None => errors.push(format!("setting staleAfterDays = {v} is not a number of days (e.g. 180)")),
            }
        }
        (s, errors)
    }

    /// The core config of a vault: its `ties.toml`, with these settings on top.
    pub fn apply(&self, base: &Config) -> Config {
        let mut c = base.clone();
        if let Some(u) = self.unknown_mentions {
            c.unknown_mentions = u;
        }
        if let Some(cad) = self.cadence {
            c.cadence_default = Some(cad);
        }
        if let Some(d) = &self.people_dir {
            c.people_dir = d.clone();
        }
        if let Some(d) = &self.journal_dir {
            c.journal_dir = d.clone();
        }
        if let Some(d) = self.stale_after_days {
            c.stale_after_days = d;
        }
        c
    }
}

/// A message to the thread that owns a vault's cache.
pub enum StoreMsg {
    /// Notes read from disk: facts (without summaries), stamp, block summaries.
    Put(Vec<(Arc<crate::core::NoteFacts>, Stamp, Vec<String>)>),
    Remove(Vec<String>),
}

/// One vault: a workspace folder, or a lone file opened outside any folder.
pub struct Root {
    /// None for a lone file: its index holds that file only.
    pub dir: Option<PathBuf>,
    pub vault: VaultConfig,
    pub config: Config,
    pub index: Index,
    pub store: Option<std::sync::mpsc::Sender<StoreMsg>>,
    pub phase: Phase,
    /// Bumped when the root is indexed again from scratch (its parse options changed): an
    /// indexer of an older generation stops adding notes.
    pub generation: u64,
}

/// How far the indexing of a root got. Until it is `Complete`, nothing may say a name is
/// unknown: no unknown-contact finding, no "not a contact yet" hover, no *Create contact* fix
/// (docs/architecture.md, "While indexing").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Nothing read yet.
    Starting,
    /// Every contact is known (a first pass read what declares them); mentions still loading.
    Contacts,
    /// Every note is indexed.
    Complete,
}

impl Root {
    pub fn new(dir: Option<PathBuf>, settings: &Settings) -> Root {
        let vault = match &dir {
            Some(d) => config::load(d).unwrap_or_else(|err| {
                tracing::warn!("{err:#}; using default settings");
                VaultConfig::default()
            }),
            None => VaultConfig::default(),
        };
        let config = settings.apply(&vault.core);
        // A lone file is its whole root: complete as soon as it is opened.
        let phase = if dir.is_some() { Phase::Starting } else { Phase::Complete };
        Root { dir, vault, config, index: Index::new(), store: None, phase, generation: 0 }
    }

    pub fn uri(&self, rel: &str) -> Option<Uri> {
        to_proto::note_uri(self.dir.as_deref()?, rel)
    }

    /// Whether answers may say that a name is unknown.
    pub fn complete(&self) -> bool {
        self.phase == Phase::Complete
    }

    pub fn send(&self, msg: StoreMsg) {
        if let Some(tx) = &self.store {
            let _ = tx.send(msg);
        }
    }
}

/// Facts as the index keeps them: summaries are read back from the text when shown.
fn lean(mut facts: crate::core::NoteFacts) -> crate::core::NoteFacts {
    facts.take_summaries();
    facts
}

/// An open document.
pub struct Doc {
    pub text: String,
    pub version: i32,
    pub root: usize,
    pub rel: String,
}

pub struct World {
    pub roots: Vec<Root>,
    pub docs: HashMap<Uri, Doc>,
    pub enc: Enc,
    /// The client applies a `DeleteFile` in a workspace edit (the *Merge* fix needs it).
    pub delete_files: bool,
    pub settings: Settings,
    /// The clock's date, kept up to date by the server; `settings.today` wins over it.
    pub clock_today: Date,
}

/// Where a document lives: its root and its path inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub root: usize,
    pub rel: String,
}

impl World {
    pub fn today(&self) -> Date {
        self.settings.today.unwrap_or(self.clock_today)
    }

    /// The vault folder holding `path`: the deepest root that contains it.
    pub fn root_of(&self, path: &Path) -> Option<(usize, String)> {
        self.roots
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let dir = r.dir.as_ref()?;
                let rel = crate::vault::rel_path(dir, path)?;
                Some((i, rel, dir.components().count()))
            })
            .max_by_key(|(_, _, depth)| *depth)
            .map(|(i, rel, _)| (i, rel))
    }

    /// The place of a document: an open one, a file under a root, or None.
    pub fn place(&self, uri: &Uri) -> Option<Place> {
        if let Some(d) = self.docs.get(uri) {
            return Some(Place { root: d.root, rel: d.rel.clone() });
        }
        let path = to_proto::uri_to_path(uri)?;
        let (root, rel) = self.root_of(&path)?;
        Some(Place { root, rel })
    }

    /// The note at a place, if indexed.
    pub fn note(&self, place: &Place) -> Option<(&Root, NoteId)> {
        let root = self.roots.get(place.root)?;
        Some((root, root.index.id(&place.rel)?))
    }

    /// The indexed note a URI names, with its root.
    pub fn located(&self, uri: &Uri) -> Option<(&Root, NoteId)> {
        self.note(&self.place(uri)?)
    }

    /// Opens a document: it becomes the truth for its path. Returns (root, affected paths).
    pub fn open(&mut self, uri: Uri, text: String, version: i32) -> (usize, Vec<String>) {
        let (root, rel) = match to_proto::uri_to_path(&uri).and_then(|p| self.root_of(&p)) {
            Some(found) => found,
            None => {
                // Served on its own: a root of one file.
                let name = uri.path_segments().and_then(|mut s| s.next_back()).unwrap_or("untitled.md").to_string();
                let name = if crate::core::keys::strip_md_ext(&name).is_some() { name } else { format!("{name}.md") };
                self.roots.push(Root::new(None, &self.settings));
                (self.roots.len() - 1, name)
            }
        };
        let options = self.roots[root].config.parse_options();
        let affected = self.roots[root].index.upsert(lean(parse_with(&rel, &text, &options)));
        self.docs.insert(uri, Doc { text, version, root, rel });
        (root, affected)
    }

    /// Applies edits to an open document and re-indexes it. Returns (root, affected paths), or
    /// None when the document is not open.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> Option<(usize, Vec<String>)> {
        let enc = self.enc;
        let doc = self.docs.get_mut(uri)?;
        for change in changes {
            match change {
                TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(whole) => doc.text = whole.text,
                TextDocumentContentChangeEvent::TextDocumentContentChangePartial(part) => {
                    let lines = LineIndex::new(&doc.text);
                    let span: Span = enc.span(&lines, part.range);
                    let (a, b) = (span.start as usize, span.end as usize);
                    if a <= b && b <= doc.text.len() && doc.text.is_char_boundary(a) && doc.text.is_char_boundary(b) {
                        doc.text.replace_range(a..b, &part.text);
                    } else {
                        tracing::warn!("ignoring an edit outside {}: {:?}", uri.as_str(), part.range);
                    }
                }
            }
        }
        doc.version = version;
        let options = self.roots[doc.root].config.parse_options();
        let (root, facts) = (doc.root, lean(parse_with(&doc.rel, &doc.text, &options)));
        Some((root, self.roots[root].index.upsert(facts)))
    }

    /// Closes a document. Its path falls back to the file on disk, which the caller reads
    /// (outside the lock) and hands to `fall_back`.
    pub fn close(&mut self, uri: &Uri) -> Option<Doc> {
        self.docs.remove(uri)
    }

    /// A closed document's path takes the facts of the file on disk, or disappears. Returns
    /// the affected paths; nothing when the document was opened again meanwhile.
    pub fn fall_back(&mut self, root: usize, rel: &str, on_disk: Option<crate::core::NoteFacts>) -> Vec<String> {
        if self.is_open(root, rel) {
            return Vec::new();
        }
        let Some(r) = self.roots.get_mut(root) else { return Vec::new() };
        match on_disk {
            Some(facts) => r.index.upsert(facts),
            None => r.index.remove(rel),
        }
    }

    /// The text of an open document.
    pub fn open_text(&self, root: usize, rel: &str) -> Option<&str> {
        self.docs.values().find(|d| d.root == root && d.rel == rel).map(|d| d.text.as_str())
    }

    pub fn is_open(&self, root: usize, rel: &str) -> bool {
        self.docs.values().any(|d| d.root == root && d.rel == rel)
    }

    /// Recomputes each root's config after a settings change. Returns the roots whose parse
    /// options changed (people or companies folder, journal format): their notes read
    /// differently now, so the caller indexes them again (`reset`, then `index_root`).
    pub fn set_settings(&mut self, settings: Settings) -> Vec<usize> {
        let mut changed = Vec::new();
        for (i, r) in self.roots.iter_mut().enumerate() {
            let before = r.config.parse_options();
            r.config = settings.apply(&r.vault.core);
            if r.config.parse_options() != before && r.dir.is_some() {
                changed.push(i);
            }
        }
        self.settings = settings;
        changed
    }

    /// Empties a root for indexing again with its current parse options: a new generation,
    /// no cache (the cache is keyed by the parse options), its open documents parsed again.
    /// Returns the generation the new indexer must carry.
    pub fn reset(&mut self, root: usize) -> u64 {
        let open: Vec<(String, String)> =
            self.docs.values().filter(|d| d.root == root).map(|d| (d.rel.clone(), d.text.clone())).collect();
        let r = &mut self.roots[root];
        r.generation += 1;
        r.index = Index::new();
        r.store = None;
        r.phase = Phase::Starting;
        let options = r.config.parse_options();
        for (rel, text) in open {
            r.index.upsert(lean(parse_with(&rel, &text, &options)));
        }
        r.generation
    }
}

/// Texts of notes the edge read from disk for one answer, by (root, path).
#[derive(Default)]
pub struct Texts {
    pub read: HashMap<(usize, String), String>,
}

/// What a handler answers from: the world as it is, the note texts read for this answer, and
/// what the answer still needs (texts to read, notes changed on disk since they were indexed).
pub struct Snapshot<'a> {
    pub world: &'a World,
    pub texts: &'a Texts,
    pub missing: RefCell<Vec<(usize, crate::core::features::summaries::Missing)>>,
}

impl<'a> Snapshot<'a> {
    pub fn new(world: &'a World, texts: &'a Texts) -> Snapshot<'a> {
        Snapshot { world, texts, missing: RefCell::new(Vec::new()) }
    }

    /// A note's current text if at hand: its open buffer, or what was read from disk.
    pub fn text(&self, root: usize, rel: &str) -> Option<&'a str> {
        let world: &'a World = self.world;
        let texts: &'a Texts = self.texts;
        world.open_text(root, rel).or_else(|| texts.read.get(&(root, rel.to_string())).map(String::as_str))
    }

    /// Records what an answer lacked; the server reads or re-indexes it and asks again.
    pub fn lacked(&self, root: usize, missing: crate::core::features::summaries::Missing) {
        if !missing.is_empty() {
            self.missing.borrow_mut().push((root, missing));
        }
    }
}
