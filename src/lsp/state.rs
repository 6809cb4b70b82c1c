//! The server's state: vault roots with their indexes, open documents (the truth while open),
//! settings. Only plain synchronous code: callers hold the lock briefly and never across an
//! `.await`.

use crate::config::{self, VaultConfig};
use crate::core::config::Config;
use crate::core::date::{Cadence, Date};
use crate::core::features::findings::Severity;
use crate::core::index::{Index, NoteId};
use crate::core::note::parse;
use crate::core::text::{LineIndex, Span};
use crate::lsp::proto::{self, Enc};
use crate::store::Stamp;
use serde_json::Value;
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
    /// Files whose last published diagnostics were not empty.
    pub published: std::collections::HashSet<String>,
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
        Root { dir, vault, config, index: Index::new(), store: None, published: Default::default() }
    }

    pub fn uri(&self, rel: &str) -> Option<Uri> {
        proto::note_uri(self.dir.as_deref()?, rel)
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
        let path = proto::uri_to_path(uri)?;
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
        let (root, rel) = match proto::uri_to_path(&uri).and_then(|p| self.root_of(&p)) {
            Some(found) => found,
            None => {
                // Served on its own: a root of one file.
                let name = uri.path_segments().and_then(|mut s| s.next_back()).unwrap_or("untitled.md").to_string();
                let name = if crate::core::keys::strip_md_ext(&name).is_some() { name } else { format!("{name}.md") };
                self.roots.push(Root::new(None, &self.settings));
                (self.roots.len() - 1, name)
            }
        };
        let affected = self.roots[root].index.upsert(lean(parse(&rel, &text)));
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
        let (root, facts) = (doc.root, lean(parse(&doc.rel, &doc.text)));
        Some((root, self.roots[root].index.upsert(facts)))
    }

    /// Closes a document; its path falls back to the file on disk (or disappears). Returns
    /// (root, affected paths).
    pub fn close(&mut self, uri: &Uri) -> Option<(usize, Vec<String>)> {
        let doc = self.docs.remove(uri)?;
        let root = &mut self.roots[doc.root];
        let on_disk = root
            .dir
            .as_ref()
            .map(|d| d.join(&doc.rel))
            .and_then(|abs| crate::vault::read_note(&abs, &doc.rel).ok().flatten());
        let affected = match on_disk {
            Some(parsed) => root.index.upsert(parsed.facts),
            None => root.index.remove(&doc.rel),
        };
        Some((doc.root, affected))
    }

    /// The current text of a note: its open buffer, else the file.
    pub fn text_of(&self, root: usize, rel: &str) -> Option<String> {
        if let Some(d) = self.docs.values().find(|d| d.root == root && d.rel == rel) {
            return Some(d.text.clone());
        }
        let dir = self.roots.get(root)?.dir.as_ref()?;
        crate::vault::read_text(&dir.join(rel)).ok().map(|(text, _)| text)
    }

    pub fn is_open(&self, root: usize, rel: &str) -> bool {
        self.docs.values().any(|d| d.root == root && d.rel == rel)
    }

    /// Recomputes each root's config after a settings change.
    pub fn set_settings(&mut self, settings: Settings) {
        for r in &mut self.roots {
            r.config = settings.apply(&r.vault.core);
        }
        self.settings = settings;
    }
}
