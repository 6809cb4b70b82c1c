//! The language server: capabilities, document sync, background indexing and diagnostics, and
//! thin request handlers that ask the core and convert its answers.
#![deny(clippy::print_stdout)]

use crate::core::date::Date;
use crate::core::features::actions::{self, ActionKind, Change};
use crate::core::features::navigation::{self, Hit, Subject};
use crate::core::features::summaries::Summaries;
use crate::core::features::{card, completion, findings, hints};
use crate::core::index::NoteId;
use crate::core::keys;
use crate::core::note::ContactKind;
use crate::core::text::Span;
use crate::lsp::proto::{self, Enc};
use crate::lsp::render;
use crate::lsp::state::{Place, Root, Settings, StoreMsg, World};
use crate::store::Store;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;
use tower_lsp_server::gen_lsp_types::*;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::{Client, LanguageServer};

/// At most one recomputation of diagnostics per this interval while edits keep coming.
const DEBOUNCE: Duration = Duration::from_millis(30);
/// Completion lists longer than this are cut and marked incomplete.
const COMPLETION_LIMIT: usize = 100;
/// Notes parsed per step of the background indexing (requests are answered between steps).
const CHUNK: usize = 512;

/// Options from the command line.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--cache-dir`: where the cache lives (default: the user's cache folder).
    pub cache_dir: Option<PathBuf>,
    /// `--no-cache`.
    pub no_cache: bool,
    /// `--today` / `TIES_TODAY`: the date to work as of (a `today` setting wins over it).
    pub today: Option<Date>,
}

/// What the client told us it can do.
#[derive(Clone, Debug, Default)]
struct ClientCaps {
    progress: bool,
    watch_registration: bool,
}

pub struct Shared {
    client: Client,
    world: RwLock<World>,
    dirty: Mutex<HashMap<usize, HashSet<String>>>,
    wake: tokio::sync::Notify,
    /// URIs whose last published diagnostics were not empty.
    published: Mutex<HashSet<Uri>>,
    caps: Mutex<ClientCaps>,
    options: Options,
    pub shutdown: AtomicBool,
    watcher: Mutex<Option<notify::RecommendedWatcher>>,
}

#[derive(Clone)]
pub struct Server {
    pub shared: Arc<Shared>,
}

fn clock_today() -> Date {
    jiff::ZonedDateTime::now().date()
}

impl Server {
    pub fn new(client: Client, options: Options) -> Server {
        let world = World {
            roots: Vec::new(),
            docs: HashMap::new(),
            enc: Enc(crate::core::text::Encoding::Utf16),
            settings: Settings::default(),
            clock_today: options.today.unwrap_or_else(clock_today),
        };
        Server {
            shared: Arc::new(Shared {
                client,
                world: RwLock::new(world),
                dirty: Mutex::new(HashMap::new()),
                wake: tokio::sync::Notify::new(),
                published: Mutex::new(HashSet::new()),
                caps: Mutex::new(ClientCaps::default()),
                options,
                shutdown: AtomicBool::new(false),
                watcher: Mutex::new(None),
            }),
        }
    }
}

impl Shared {
    fn read(&self) -> RwLockReadGuard<'_, World> {
        self.world.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, World> {
        self.world.write().unwrap_or_else(|e| e.into_inner())
    }

    fn mark_dirty(&self, root: usize, paths: impl IntoIterator<Item = String>) {
        let mut dirty = self.dirty.lock().unwrap_or_else(|e| e.into_inner());
        dirty.entry(root).or_default().extend(paths);
        drop(dirty);
        self.wake.notify_one();
    }

    fn mark_all_dirty(&self) {
        let all: Vec<(usize, Vec<String>)> = {
            let w = self.read();
            w.roots
                .iter()
                .enumerate()
                .map(|(i, r)| (i, r.index.notes().map(|(_, f)| f.path.clone()).collect()))
                .collect()
        };
        for (root, paths) in all {
            self.mark_dirty(root, paths);
        }
    }

    /// Computes and publishes the diagnostics of the dirty notes, after a quiet moment.
    /// The first change after a quiet spell is published at once; changes that follow within
    /// `DEBOUNCE` of a publish wait for it, so a burst of keystrokes costs one recomputation.
    async fn diagnostics_loop(self: Arc<Self>) {
        let mut last = std::time::Instant::now() - DEBOUNCE;
        loop {
            self.wake.notified().await;
            let since = last.elapsed();
            if since < DEBOUNCE {
                tokio::time::sleep(DEBOUNCE - since).await;
            }
            last = std::time::Instant::now();
            let batch = std::mem::take(&mut *self.dirty.lock().unwrap_or_else(|e| e.into_inner()));
            let pairs: Vec<(usize, String)> =
                batch.into_iter().flat_map(|(root, paths)| paths.into_iter().map(move |p| (root, p))).collect();
            // A few notes per read lock: a whole vault's worth would hold up edits behind it.
            for chunk in pairs.chunks(64) {
                let out = self.diagnostics(chunk);
                self.publish(out).await;
                tokio::task::yield_now().await;
            }
        }
    }

    /// Sends diagnostics; an empty list only to clear what was published before.
    async fn publish(&self, out: Vec<(Uri, Vec<Diagnostic>, Option<i32>)>) {
        for (uri, diags, version) in out {
            {
                let mut published = self.published.lock().unwrap_or_else(|e| e.into_inner());
                if diags.is_empty() && !published.remove(&uri) {
                    continue;
                }
                if !diags.is_empty() {
                    published.insert(uri.clone());
                }
            }
            self.client.publish_diagnostics(uri, diags, version).await;
        }
    }

    fn diagnostics(&self, batch: &[(usize, String)]) -> Vec<(Uri, Vec<Diagnostic>, Option<i32>)> {
        let w = self.read();
        let today = w.today();
        let mut out = Vec::new();
        for (root_id, rel) in batch {
            let (root_id, rel) = (*root_id, rel.clone());
            let Some(root) = w.roots.get(root_id) else { continue };
            {
                let uri = w
                    .docs
                    .iter()
                    .find(|(_, d)| d.root == root_id && d.rel == rel)
                    .map(|(u, d)| (u.clone(), Some(d.version)))
                    .or_else(|| root.uri(&rel).map(|u| (u, None)));
                let Some((uri, version)) = uri else { continue };
                let diags = match root.index.id(&rel) {
                    Some(id) => {
                        let lines = &root.index.note(id).lines;
                        findings::for_note(&root.index, id, today, &root.config)
                            .into_iter()
                            .map(|f| diagnostic(w.enc, lines, &f))
                            .collect()
                    }
                    None => Vec::new(),
                };
                out.push((uri, diags, version));
            }
        }
        out
    }

    /// Indexes one root in the background: cached notes first, then the rest in chunks, so
    /// that requests are answered from what is there so far.
    async fn index_root(self: Arc<Self>, root_id: usize) {
        let Some(dir) = self.read().roots.get(root_id).and_then(|r| r.dir.clone()) else {
            return;
        };
        let vault = self.read().roots[root_id].vault.clone();
        let progress = self.progress(format!("Indexing {}", dir.display()));
        let options = self.options.clone();
        let dir2 = dir.clone();
        let planned = tokio::task::spawn_blocking(move || {
            let store = open_store(&options, &dir2);
            let plan = crate::vault::plan(&dir2, &vault, store.as_ref());
            (store, plan)
        })
        .await;
        let (store, plan) = match planned {
            Ok((store, Ok(plan))) => (store, plan),
            Ok((_, Err(err))) => {
                self.client.log_message(MessageType::Error, format!("cannot index {}: {err:#}", dir.display())).await;
                return;
            }
            Err(err) => {
                tracing::error!("indexing {} failed: {err}", dir.display());
                return;
            }
        };
        if let Some(store) = store {
            let tx = spawn_store_thread(store);
            self.write().roots[root_id].store = Some(tx);
        }
        let cached: Vec<Arc<crate::core::NoteFacts>> = plan.cached.into_iter().map(Arc::new).collect();
        for chunk in cached.chunks(4096) {
            {
                let mut w = self.write();
                let fresh: Vec<Arc<crate::core::NoteFacts>> =
                    chunk.iter().filter(|f| !w.is_open(root_id, &f.path)).cloned().collect();
                w.roots[root_id].index.extend(fresh);
            }
            tokio::task::yield_now().await;
        }
        let total = plan.to_parse.len().max(1);
        let stamps = Arc::new(plan.stamps);
        let mut done = 0;
        for chunk in plan.to_parse.chunks(CHUNK) {
            let files = chunk.to_vec();
            let stamps = Arc::clone(&stamps);
            let parsed = tokio::task::spawn_blocking(move || crate::vault::parse_files(&files, &stamps)).await;
            let parsed = parsed.unwrap_or_default();
            done += chunk.len();
            let put: Vec<(Arc<crate::core::NoteFacts>, crate::store::Stamp, Vec<String>)> =
                parsed.into_iter().map(|p| (Arc::new(p.facts), p.stamp, p.summaries)).collect();
            {
                let mut w = self.write();
                let fresh: Vec<Arc<crate::core::NoteFacts>> =
                    put.iter().map(|(f, _, _)| f).filter(|f| !w.is_open(root_id, &f.path)).cloned().collect();
                w.roots[root_id].index.extend(fresh);
                w.roots[root_id].send(StoreMsg::Put(put));
            }
            let _ = progress.send((done * 100 / total) as u32);
        }
        {
            let w = self.read();
            w.roots[root_id].send(StoreMsg::Remove(plan.removed));
        }
        drop(progress);
        let n = self.read().roots[root_id].index.len();
        tracing::info!("indexed {} notes in {}", n, dir.display());
        let paths: Vec<String> = self.read().roots[root_id].index.notes().map(|(_, f)| f.path.clone()).collect();
        self.mark_dirty(root_id, paths);
    }

    /// Reports progress to the client from its own task, so that indexing never waits for the
    /// client to accept the progress token. Send percentages; drop the sender to finish.
    fn progress(self: &Arc<Self>, title: String) -> tokio::sync::watch::Sender<u32> {
        let (tx, mut rx) = tokio::sync::watch::channel(0u32);
        if !self.caps.lock().unwrap_or_else(|e| e.into_inner()).progress {
            return tx;
        }
        let client = self.client.clone();
        tokio::spawn(async move {
            let token = ProgressToken::String(format!("ties/index/{}", rand_suffix()));
            if client.create_work_done_progress(token.clone()).await.is_err() {
                return;
            }
            let ongoing = client.progress(token, title).with_percentage(0).begin().await;
            while rx.changed().await.is_ok() {
                let pct = *rx.borrow_and_update();
                ongoing.report(pct).await;
            }
            ongoing.finish().await;
        });
        tx
    }

    /// A note changed on disk (outside the editor): re-read it unless it is open.
    async fn file_changed(self: &Arc<Self>, path: PathBuf) {
        let located = self.read().root_of(&path);
        let Some((root_id, rel)) = located else { return };
        if path.file_name().is_some_and(|n| n == crate::config::FILE_NAME) && !rel.contains('/') {
            let settings = self.read().settings.clone();
            let dir = self.read().roots[root_id].dir.clone();
            let fresh = Root::new(dir, &settings);
            {
                let mut w = self.write();
                let r = &mut w.roots[root_id];
                r.vault = fresh.vault;
                r.config = fresh.config;
            }
            self.mark_all_dirty();
            return;
        }
        if !crate::vault::is_note_name(&path) || rel.split('/').any(|p| p.starts_with('.') || p == "node_modules") {
            return;
        }
        if self.read().is_open(root_id, &rel) {
            return;
        }
        let rel2 = rel.clone();
        let read = tokio::task::spawn_blocking(move || crate::vault::read_note(&path, &rel2)).await;
        let affected = {
            let mut w = self.write();
            if w.is_open(root_id, &rel) {
                return;
            }
            let root = &mut w.roots[root_id];
            match read {
                // Touched but not changed (an editor saving, a sync tool): nothing to redo.
                Ok(Ok(Some(parsed))) if root.index.get(&rel).is_some_and(|old| *old == parsed.facts) => {
                    root.send(StoreMsg::Put(vec![(Arc::new(parsed.facts), parsed.stamp, parsed.summaries)]));
                    return;
                }
                Ok(Ok(Some(parsed))) => {
                    let facts = Arc::new(parsed.facts);
                    root.send(StoreMsg::Put(vec![(Arc::clone(&facts), parsed.stamp, parsed.summaries)]));
                    root.index.upsert(facts)
                }
                Ok(Ok(None)) => {
                    root.send(StoreMsg::Remove(vec![rel.clone()]));
                    root.index.remove(&rel)
                }
                Ok(Err(err)) => {
                    tracing::warn!("cannot read {rel}: {err}");
                    return;
                }
                Err(_) => return,
            }
        };
        self.mark_dirty(root_id, affected);
    }

    /// Watches the roots from the server when the client cannot watch files for us.
    fn watch_roots(self: &Arc<Self>) {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<PathBuf>();
        let handler = move |event: notify::Result<notify::Event>| {
            use notify::EventKind::{Create, Modify, Remove};
            use notify::event::ModifyKind;
            // Only changes: reading a note (ours included) must not look like a change, or
            // re-reading it would trigger itself forever.
            if let Ok(event) = event
                && matches!(
                    event.kind,
                    Create(_) | Remove(_) | Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
                )
            {
                for path in event.paths {
                    let _ = tx.send(path);
                }
            }
        };
        let mut watcher = match notify::recommended_watcher(handler) {
            Ok(w) => w,
            Err(err) => {
                tracing::warn!("cannot watch the vault for changes outside the editor: {err}");
                return;
            }
        };
        for dir in self.read().roots.iter().filter_map(|r| r.dir.clone()) {
            use notify::Watcher;
            if let Err(err) = watcher.watch(&dir, notify::RecursiveMode::Recursive) {
                tracing::warn!("cannot watch {}: {err}", dir.display());
            }
        }
        *self.watcher.lock().unwrap_or_else(|e| e.into_inner()) = Some(watcher);
        let shared = Arc::clone(self);
        tokio::spawn(async move {
            while let Some(path) = rx.recv().await {
                shared.file_changed(path).await;
            }
        });
    }

    /// Recomputes date-dependent findings when the day changes.
    async fn day_loop(self: Arc<Self>) {
        loop {
            tokio::time::sleep(Duration::from_secs(60)).await;
            let today = self.options.today.unwrap_or_else(clock_today);
            let changed = {
                let mut w = self.write();
                let changed = w.clock_today != today;
                w.clock_today = today;
                changed
            };
            if changed {
                self.mark_all_dirty();
            }
        }
    }
}

fn rand_suffix() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(std::process::id() as u64);
    h.finish()
}

fn open_store(options: &Options, dir: &std::path::Path) -> Option<Store> {
    if options.no_cache {
        return None;
    }
    let base = options.cache_dir.clone().or_else(crate::store::default_cache_dir)?;
    match Store::open(&crate::store::cache_file(&base, dir)) {
        Ok(s) => Some(s),
        Err(err) => {
            tracing::warn!("working without a cache for {}: {err:#}", dir.display());
            None
        }
    }
}

/// The one thread that writes a vault's cache, batching what arrives together.
fn spawn_store_thread(mut store: Store) -> std::sync::mpsc::Sender<StoreMsg> {
    let (tx, rx) = std::sync::mpsc::channel::<StoreMsg>();
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            let mut puts = Vec::new();
            let mut removed = Vec::new();
            for msg in std::iter::once(first).chain(rx.try_iter()) {
                match msg {
                    StoreMsg::Put(p) => puts.extend(p),
                    StoreMsg::Remove(r) => removed.extend(r),
                }
            }
            let upserts = puts
                .iter()
                .map(|(facts, stamp, summaries)| crate::store::Put { facts, stamp: *stamp, summaries })
                .collect();
            let update = crate::store::Update { upserts, removed: &removed };
            if let Err(err) = store.apply(&update) {
                tracing::warn!("could not update the cache (answers are still correct): {err:#}");
            }
        }
    });
    tx
}

fn diagnostic(enc: Enc, lines: &crate::core::text::LineIndex, f: &findings::Finding) -> Diagnostic {
    Diagnostic {
        range: enc.range(lines, f.span),
        severity: Some(match f.severity {
            findings::Severity::Error => DiagnosticSeverity::Error,
            findings::Severity::Warning => DiagnosticSeverity::Warning,
            findings::Severity::Information => DiagnosticSeverity::Information,
            findings::Severity::Hint => DiagnosticSeverity::Hint,
        }),
        code: Some(Code::String(f.code.as_str().to_string())),
        code_description: None,
        source: Some("ties".into()),
        message: Message::String(f.message.clone()),
        tags: None,
        related_information: None,
        data: None,
    }
}

/// A request's document and cursor, resolved against the world.
struct At<'w> {
    root: &'w Root,
    root_id: usize,
    id: NoteId,
    offset: u32,
}

fn at<'w>(w: &'w World, uri: &Uri, pos: Position) -> Option<At<'w>> {
    let place: Place = w.place(uri)?;
    let (root, id) = w.note(&place)?;
    let offset = w.enc.offset(&root.index.note(id).lines, pos);
    Some(At { root, id, offset, root_id: place.root })
}

fn location(w: &World, root: &Root, path: &str, span: Span) -> Option<Location> {
    let id = root.index.id(path)?;
    Some(Location { uri: root.uri(path)?, range: w.enc.range(&root.index.note(id).lines, span) })
}

/// Core changes -> an LSP workspace edit.
fn workspace_edit(w: &World, root: &Root, changes: &[Change]) -> Option<WorkspaceEdit> {
    let mut out = Vec::new();
    for change in changes {
        match change {
            Change::Edit { path, edits } => {
                let uri = root.uri(path)?;
                let id = root.index.id(path)?;
                let lines = &root.index.note(id).lines;
                let version = w.docs.get(&uri).map(|d| d.version);
                out.push(DocumentChange::TextDocumentEdit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        version,
                        text_document_identifier: TextDocumentIdentifier { uri },
                    },
                    edits: edits
                        .iter()
                        .map(|e| {
                            Edit::TextEdit(TextEdit { range: w.enc.range(lines, e.span), new_text: e.new_text.clone() })
                        })
                        .collect(),
                }));
            }
            Change::Create { path, text } => {
                let uri = root.uri(path)?;
                out.push(DocumentChange::CreateFile(CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
                    annotation_id: None,
                }));
                let start = Position { line: 0, character: 0 };
                out.push(DocumentChange::TextDocumentEdit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier {
                        version: None,
                        text_document_identifier: TextDocumentIdentifier { uri },
                    },
                    edits: vec![Edit::TextEdit(TextEdit {
                        range: Range { start, end: start },
                        new_text: text.clone(),
                    })],
                }));
            }
            Change::Rename { from, to } => {
                out.push(DocumentChange::RenameFile(
                    serde_json::from_value(json!({
                        "kind": "rename",
                        "oldUri": root.uri(from)?.as_str(),
                        "newUri": root.uri(to)?.as_str(),
                        "options": {"overwrite": false, "ignoreIfExists": false},
                    }))
                    .ok()?,
                ));
            }
        }
    }
    Some(WorkspaceEdit { changes: None, document_changes: Some(out), change_annotations: None })
}

fn markdown(value: String) -> MarkupContent {
    MarkupContent { kind: MarkupKind::Markdown, value }
}

/// The card of a contact, rendered.
fn card_markdown(w: &World, root_id: usize, contact: NoteId) -> Option<String> {
    let root = w.roots.get(root_id)?;
    let mut c = card::card_with(&root.index, contact, w.today(), &root.config, Some(render::RECENT))?;
    Summaries::new(|rel: &str| w.text_of(root_id, rel)).fill_card(&mut c);
    Some(render::card(root, &c, w.today()))
}

/// Commands for the editors' own UI: `ties.followUps` lists open follow-ups of every vault,
/// overdue first; `ties.logCatchUp` (arguments: uri, position) adds a catch-up line for the
/// contact at that position to today's journal note, through `workspace/applyEdit`.
pub const COMMANDS: &[&str] = &["ties.followUps", "ties.logCatchUp"];

const TOKEN_TYPES: &[&str] = &["variable", "class"];
const TOKEN_MODIFIERS: &[&str] = &["deprecated"];

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let enc = Enc::negotiate(caps.general.as_ref().and_then(|g| g.position_encodings.as_deref()));
        {
            let mut c = self.shared.caps.lock().unwrap_or_else(|e| e.into_inner());
            c.progress = caps.window.as_ref().and_then(|w| w.work_done_progress).unwrap_or(false);
            c.watch_registration = caps
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false);
        }
        let (settings, errors) = params.initialization_options.as_ref().map(Settings::from_json).unwrap_or_default();
        for e in errors {
            tracing::warn!("{e}");
        }
        let mut dirs: Vec<PathBuf> = match &params.workspace_folders_initialize_params.workspace_folders {
            Some(WorkspaceFolders::WorkspaceFolderList(list)) => {
                list.iter().filter_map(|f| proto::uri_to_path(&f.uri)).collect()
            }
            _ => Vec::new(),
        };
        if dirs.is_empty() {
            #[allow(deprecated)]
            if let Some(p) = params.root_uri.as_ref().and_then(proto::uri_to_path) {
                dirs.push(p);
            }
        }
        {
            let mut w = self.shared.write();
            w.enc = enc;
            w.roots = dirs.into_iter().map(|d| Root::new(Some(d), &settings)).collect();
            w.settings = settings;
        }
        let legend = SemanticTokensLegend {
            token_types: TOKEN_TYPES.iter().map(|s| s.to_string()).collect(),
            token_modifiers: TOKEN_MODIFIERS.iter().map(|s| s.to_string()).collect(),
        };
        let capabilities: ServerCapabilities = serde_json::from_value(json!({
            "positionEncoding": enc.kind(),
            "textDocumentSync": {"openClose": true, "change": 2, "save": {"includeText": false}},
            "completionProvider": {"triggerCharacters": ["@", "["], "resolveProvider": true},
            "hoverProvider": true,
            "definitionProvider": true,
            "referencesProvider": true,
            "documentSymbolProvider": true,
            "workspaceSymbolProvider": true,
            "codeActionProvider": {"codeActionKinds": ["quickfix", "refactor"]},
            "renameProvider": {"prepareProvider": true},
            "inlayHintProvider": true,
            "semanticTokensProvider": {"legend": legend, "full": true},
            "workspace": {"workspaceFolders": {"supported": true, "changeNotifications": true}},
            "executeCommandProvider": {"commands": COMMANDS},
        }))
        .map_err(|e| Error::invalid_params(format!("building capabilities: {e}")))?;
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo { name: "ties".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let shared = Arc::clone(&self.shared);
        tokio::spawn(Arc::clone(&shared).diagnostics_loop());
        tokio::spawn(Arc::clone(&shared).day_loop());
        // Index first: nothing below may hold it up (the client answers requests when it can).
        let n = shared.read().roots.len();
        let indexer = Arc::clone(&shared);
        tokio::spawn(async move {
            for root in 0..n {
                Arc::clone(&indexer).index_root(root).await;
            }
        });
        // Requests to the client run in their own task: a handler that waits for the client
        // would keep the server from exiting when the client stops answering.
        let watch = shared.caps.lock().unwrap_or_else(|e| e.into_inner()).watch_registration;
        tokio::spawn(async move {
            if !watch {
                shared.watch_roots();
                return;
            }
            let options = json!({"watchers": [
                {"globPattern": "**/*.{md,markdown}"},
                {"globPattern": "**/ties.toml"},
            ]});
            let reg = Registration {
                id: "ties-watch".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: Some(options),
            };
            if let Err(err) = shared.client.register_capability(vec![reg]).await {
                tracing::warn!("the client refused to watch files ({err}); watching from the server");
                shared.watch_roots();
            }
        });
    }

    async fn shutdown(&self) -> Result<()> {
        self.shared.shutdown.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        let (root, affected) = self.shared.write().open(d.uri, d.text, d.version);
        self.shared.mark_dirty(root, affected);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.text_document_identifier.uri;
        let changed = self.shared.write().change(&uri, params.text_document.version, params.content_changes);
        match changed {
            Some((root, affected)) => self.shared.mark_dirty(root, affected),
            None => tracing::warn!("didChange for {} which is not open: ignored", uri.as_str()),
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let closed = self.shared.write().close(&params.text_document.uri);
        if let Some((root, affected)) = closed {
            self.shared.mark_dirty(root, affected);
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        // Keep the cache in step with the disk; the index already has the buffer.
        let uri = params.text_document.uri;
        let Some(path) = proto::uri_to_path(&uri) else { return };
        let located = self.shared.read().root_of(&path);
        let Some((root_id, rel)) = located else { return };
        let read = tokio::task::spawn_blocking(move || crate::vault::read_note(&path, &rel)).await;
        if let Ok(Ok(Some(parsed))) = read {
            let put = (Arc::new(parsed.facts), parsed.stamp, parsed.summaries);
            self.shared.read().roots[root_id].send(StoreMsg::Put(vec![put]));
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let (settings, errors) = Settings::from_json(&params.settings);
        for e in errors {
            self.shared.client.log_message(MessageType::Warning, e).await;
        }
        self.shared.write().set_settings(settings);
        self.shared.mark_all_dirty();
        let client = self.shared.client.clone();
        tokio::spawn(async move {
            let _ = client.inlay_hint_refresh().await;
        });
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        for change in params.changes {
            if let Some(path) = proto::uri_to_path(&change.uri) {
                self.shared.file_changed(path).await;
            }
        }
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let added: Vec<usize> = {
            let mut w = self.shared.write();
            for gone in &params.event.removed {
                if let Some(p) = proto::uri_to_path(&gone.uri) {
                    // Keep indexes stable: an emptied root answers nothing.
                    for r in w.roots.iter_mut().filter(|r| r.dir.as_deref() == Some(p.as_path())) {
                        r.dir = None;
                        r.index = Default::default();
                    }
                }
            }
            let settings = w.settings.clone();
            let mut added = Vec::new();
            for new in &params.event.added {
                if let Some(p) = proto::uri_to_path(&new.uri) {
                    w.roots.push(Root::new(Some(p), &settings));
                    added.push(w.roots.len() - 1);
                }
            }
            added
        };
        let shared = Arc::clone(&self.shared);
        tokio::spawn(async move {
            for root in added {
                Arc::clone(&shared).index_root(root).await;
            }
        });
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position_params;
        let w = self.shared.read();
        let Some(doc) = w.docs.get(&p.text_document.uri) else {
            return Ok(None);
        };
        let Some(a) = at(&w, &p.text_document.uri, p.position) else {
            return Ok(None);
        };
        let facts = a.root.index.note(a.id);
        let front = facts.front.as_ref().map(|f| f.span);
        let Some(ctx) = completion::context(&doc.text, front, a.offset as usize) else {
            return Ok(None);
        };
        let result = completion::complete(&a.root.index, &ctx, w.today(), COMPLETION_LIMIT);
        let range = w.enc.range(&facts.lines, Span { start: ctx.start, end: ctx.end });
        let items = result
            .items
            .into_iter()
            .enumerate()
            .map(|(i, item)| CompletionItem {
                label: item.candidate.name.clone(),
                kind: Some(match item.candidate.kind {
                    ContactKind::Person => CompletionItemKind::Reference,
                    ContactKind::Company => CompletionItemKind::Module,
                }),
                detail: (!item.candidate.detail.is_empty()).then(|| item.candidate.detail.clone()),
                sort_text: Some(format!("{i:05}")),
                filter_text: Some(item.filter),
                text_edit: Some(TextEdit { range, new_text: item.insert }.into()),
                data: Some(json!({"uri": p.text_document.uri.as_str(), "handle": item.candidate.handle})),
                ..Default::default()
            })
            .collect();
        Ok(Some(CompletionResponse::CompletionList(CompletionList {
            is_incomplete: result.incomplete,
            items,
            ..Default::default()
        })))
    }

    async fn completion_resolve(&self, mut item: CompletionItem) -> Result<CompletionItem> {
        let data = item.data.clone().unwrap_or(Value::Null);
        let (Some(uri), Some(handle)) = (data["uri"].as_str(), data["handle"].as_str()) else {
            return Ok(item);
        };
        let Ok(uri) = uri.parse::<Uri>() else { return Ok(item) };
        let w = self.shared.read();
        let Some(place) = w.place(&uri) else { return Ok(item) };
        let Some(root) = w.roots.get(place.root) else {
            return Ok(item);
        };
        if let Some(id) = root.index.lookup(handle)
            && let Some(md) = card_markdown(&w, place.root, id)
        {
            item.documentation = Some(Documentation::MarkupContent(markdown(md)));
        }
        Ok(item)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let w = self.shared.read();
        let Some(a) = at(&w, &p.text_document.uri, p.position) else {
            return Ok(None);
        };
        let Some(hit) = navigation::hit_at(&a.root.index, a.id, a.offset) else {
            return Ok(None);
        };
        let md = match &hit.subject {
            Subject::Contact(c) => card_markdown(&w, a.root_id, *c),
            Subject::Unknown { key, form } => {
                let file = format!("{}/{}.md", actions::safe_dir(&a.root.config.people_dir), keys::safe_stem(key));
                Some(render::unknown(&findings::shown(*form, key), &file))
            }
        };
        let lines = &a.root.index.note(a.id).lines;
        Ok(md.map(|md| Hover {
            contents: Contents::MarkupContent(markdown(md)),
            range: Some(w.enc.range(lines, hit.span)),
        }))
    }

    async fn goto_definition(&self, params: DefinitionParams) -> Result<Option<DefinitionResponse>> {
        let p = params.text_document_position_params;
        let w = self.shared.read();
        let Some(a) = at(&w, &p.text_document.uri, p.position) else {
            return Ok(None);
        };
        let Some(Hit { subject: Subject::Contact(c), .. }) = navigation::hit_at(&a.root.index, a.id, a.offset) else {
            return Ok(None);
        };
        let def = navigation::definition(&a.root.index, c);
        Ok(location(&w, a.root, &def.path, def.span).map(|l| DefinitionResponse::Definition(Definition::Location(l))))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position_params;
        let w = self.shared.read();
        let Some(a) = at(&w, &p.text_document.uri, p.position) else {
            return Ok(None);
        };
        let Some(c) = navigation::contact_at(&a.root.index, a.id, a.offset) else {
            return Ok(None);
        };
        let mut out: Vec<Location> = navigation::references(&a.root.index, c)
            .into_iter()
            .filter_map(|r| location(&w, a.root, &r.path, r.span))
            .collect();
        if params.context.include_declaration {
            let def = navigation::definition(&a.root.index, c);
            out.extend(location(&w, a.root, &def.path, def.span));
        }
        Ok(Some(out))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let w = self.shared.read();
        let Some((root, id)) = w.located(&params.text_document.uri) else {
            return Ok(None);
        };
        let lines = &root.index.note(id).lines;
        fn convert(enc: Enc, lines: &crate::core::text::LineIndex, s: navigation::Symbol) -> DocumentSymbol {
            #[allow(deprecated)]
            DocumentSymbol {
                name: s.name,
                detail: s.date.map(|d| d.to_string()),
                kind: if s.date.is_some() { SymbolKind::Event } else { SymbolKind::String },
                tags: None,
                deprecated: None,
                range: enc.range(lines, s.span),
                selection_range: enc.range(lines, s.selection),
                children: Some(s.children.into_iter().map(|c| convert(enc, lines, c)).collect()),
            }
        }
        let symbols =
            navigation::document_symbols(&root.index, id).into_iter().map(|s| convert(w.enc, lines, s)).collect();
        Ok(Some(DocumentSymbolResponse::DocumentSymbolList(symbols)))
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        let w = self.shared.read();
        let mut out = Vec::new();
        for root in &w.roots {
            for s in navigation::workspace_symbols(&root.index, &params.query, 200) {
                let def = navigation::definition(&root.index, s.contact);
                let Some(loc) = location(&w, root, &def.path, def.span) else {
                    continue;
                };
                out.push(WorkspaceSymbol {
                    location: WorkspaceSymbolLocation::Location(loc),
                    data: None,
                    base_symbol_information: BaseSymbolInformation {
                        name: s.name,
                        kind: match s.kind {
                            ContactKind::Person => SymbolKind::Object,
                            ContactKind::Company => SymbolKind::Class,
                        },
                        tags: None,
                        container_name: (!s.detail.is_empty()).then_some(s.detail),
                    },
                });
            }
        }
        Ok(Some(WorkspaceSymbolResponse::WorkspaceSymbolList(out)))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<Vec<CodeActionResponse>>> {
        let w = self.shared.read();
        let Some((root, id)) = w.located(&params.text_document.uri) else {
            return Ok(None);
        };
        let span = w.enc.span(&root.index.note(id).lines, params.range);
        let list = actions::actions_at(&root.index, &root.config, id, span, w.today());
        let out = list
            .into_iter()
            .filter_map(|a| {
                Some(CodeActionResponse::CodeAction(CodeAction {
                    title: a.title,
                    kind: Some(match a.kind {
                        ActionKind::QuickFix => CodeActionKind::QuickFix,
                        ActionKind::Refactor => CodeActionKind::Refactor,
                    }),
                    is_preferred: Some(a.preferred),
                    edit: Some(workspace_edit(&w, root, &a.changes)?),
                    ..Default::default()
                }))
            })
            .collect();
        Ok(Some(out))
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResult>> {
        let w = self.shared.read();
        let Some(a) = at(&w, &params.text_document.uri, params.position) else {
            return Ok(None);
        };
        let facts = a.root.index.note(a.id);
        let span = match navigation::hit_at(&a.root.index, a.id, a.offset) {
            Some(Hit { subject: Subject::Contact(c), mention: Some(i), .. }) if a.root.index.contact(c).is_some() => {
                facts.mentions[i].target_span
            }
            Some(Hit { subject: Subject::Contact(c), mention: None, span }) if c == a.id => span,
            _ => {
                return Err(Error::invalid_params("put the cursor on a mention of a contact, or on its name"));
            }
        };
        Ok(Some(PrepareRenameResult::Range(w.enc.range(&facts.lines, span))))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let p = params.text_document_position_params;
        let w = self.shared.read();
        let Some(a) = at(&w, &p.text_document.uri, p.position) else {
            return Ok(None);
        };
        let Some(c) = navigation::contact_at(&a.root.index, a.id, a.offset) else {
            return Err(Error::invalid_params(
                "no contact here to rename: put the cursor on a mention of a contact, or in a contact's note",
            ));
        };
        let changes = actions::rename(&a.root.index, c, &params.new_name).map_err(|e| Error::invalid_params(e.0))?;
        Ok(workspace_edit(&w, a.root, &changes))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let w = self.shared.read();
        if w.settings.inlay_hints == Some(false) {
            return Ok(None);
        }
        let Some((root, id)) = w.located(&params.text_document.uri) else {
            return Ok(None);
        };
        let lines = &root.index.note(id).lines;
        let span = w.enc.span(lines, params.range);
        let out = hints::inlay_hints(&root.index, id, span, w.today())
            .into_iter()
            .map(|h| InlayHint {
                position: w.enc.position(lines, h.offset),
                label: Label::String(h.label),
                kind: None,
                text_edits: None,
                tooltip: Some(Tooltip::String(h.tooltip)),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect();
        Ok(Some(out))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        let args = params.arguments.unwrap_or_default();
        match params.command.as_str() {
            "ties.followUps" => {
                let w = self.shared.read();
                let today = w.today();
                let mut out = Vec::new();
                for (root_id, root) in w.roots.iter().enumerate() {
                    let mut list = crate::core::features::followups::all(&root.index, today, &root.config);
                    Summaries::new(|rel: &str| w.text_of(root_id, rel)).fill_follow_ups(&mut list);
                    for f in list {
                        let Some(loc) = location(&w, root, &f.path, f.span) else {
                            continue;
                        };
                        out.push(json!({
                            "uri": loc.uri.as_str(),
                            "range": loc.range,
                            "text": f.text,
                            "due": f.due.map(|d| d.date.to_string()),
                            "status": f.status.describe(),
                            "overdue": matches!(f.status, crate::core::features::followups::DueStatus::Overdue { .. }),
                            "with": f.with.iter().map(|p| p.name.clone()).collect::<Vec<_>>(),
                        }));
                    }
                }
                // Overdue first, then by due date, across vaults.
                out.sort_by(|a, b| {
                    let key = |v: &Value| (v["due"].is_null(), v["due"].as_str().map(String::from));
                    key(a).cmp(&key(b))
                });
                Ok(Some(Value::Array(out)))
            }
            "ties.logCatchUp" => {
                let (Some(uri), Some(pos)) = (args.first().and_then(Value::as_str), args.get(1)) else {
                    return Err(Error::invalid_params("ties.logCatchUp takes a document URI and a position"));
                };
                let uri: Uri = uri.parse().map_err(|_| Error::invalid_params(format!("not a URI: {uri}")))?;
                let pos: Position = serde_json::from_value(pos.clone())
                    .map_err(|_| Error::invalid_params("the second argument must be a position {line, character}"))?;
                let edit = {
                    let w = self.shared.read();
                    let a =
                        at(&w, &uri, pos).ok_or_else(|| Error::invalid_params("that document is not in a vault"))?;
                    let contact = navigation::contact_at(&a.root.index, a.id, a.offset).ok_or_else(|| {
                        Error::invalid_params("no contact at that position: put the cursor on a mention")
                    })?;
                    let change = actions::log_catch_up(&a.root.index, &a.root.config, contact, w.today())
                        .ok_or_else(|| Error::invalid_params("not a contact"))?;
                    workspace_edit(&w, a.root, &[change]).ok_or_else(Error::internal_error)?
                };
                let client = self.shared.client.clone();
                tokio::spawn(async move {
                    if let Err(err) = client.apply_edit(edit).await {
                        tracing::warn!("the editor did not apply the catch-up: {err}");
                    }
                });
                Ok(None)
            }
            other => Err(Error::invalid_params(format!("unknown command {other}: ties knows {}", COMMANDS.join(", ")))),
        }
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokens>> {
        let w = self.shared.read();
        let Some((root, id)) = w.located(&params.text_document.uri) else {
            return Ok(None);
        };
        let lines = &root.index.note(id).lines;
        let mut data = Vec::new();
        let (mut prev_line, mut prev_col) = (0, 0);
        for (span, kind) in hints::tokens(&root.index, id) {
            let start = w.enc.position(lines, span.start);
            let end = w.enc.position(lines, span.end);
            if end.line != start.line {
                continue;
            }
            let (token_type, modifiers) = match kind {
                hints::TokenKind::Person => (0, 0),
                hints::TokenKind::Company => (1, 0),
                hints::TokenKind::Unknown => (0, 1),
            };
            let delta_line = start.line - prev_line;
            let delta_start = if delta_line == 0 { start.character - prev_col } else { start.character };
            data.push(SemanticToken {
                delta_line,
                delta_start,
                length: end.character - start.character,
                token_type,
                token_modifiers_bitset: modifiers,
            });
            (prev_line, prev_col) = (start.line, start.character);
        }
        Ok(Some(SemanticTokens { result_id: None, data }))
    }
}
