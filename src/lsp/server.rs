//! The language server's dispatch and shared state: document sync applied before any
//! `.await`, requests answered by `handlers` on a snapshot of the world, background work
//! started here and done in `background`.
#![deny(clippy::print_stdout)]

use crate::core::date::Date;
use crate::lsp::background::clock_today;
use crate::lsp::caps::{self, ClientCaps};
use crate::lsp::handlers;
use crate::lsp::state::{Root, Settings, Snapshot, StoreMsg, Texts, World};
use crate::lsp::to_proto::{self, Enc};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;
use tower_lsp_server::gen_lsp_types::*;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::{Client, LanguageServer};

/// How long a request that needs every note (references) waits for indexing to finish
/// before it answers from what is indexed so far.
const WAIT_FOR_INDEX: Duration = Duration::from_secs(2);

/// Options from the command line.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--cache-dir`: where the cache lives (default: the user's cache folder).
    pub cache_dir: Option<PathBuf>,
    /// `--no-cache`.
    pub no_cache: bool,
    /// `--today` / `TIES_TODAY`: the date to work as of (a `today` setting wins over it).
    pub today: Option<Date>,
    /// For tests only: holds the indexer between its first pass (contacts) and the rest.
    pub pause: Option<IndexPause>,
}

/// A gate in the indexer, for tests: once every contact is known the indexer adds a permit
/// to `reached` and waits for one in `release`. Deterministic, where a sleep would hope.
#[derive(Clone, Debug)]
pub struct IndexPause {
    pub reached: Arc<tokio::sync::Semaphore>,
    pub release: Arc<tokio::sync::Semaphore>,
}

impl Default for IndexPause {
    fn default() -> IndexPause {
        IndexPause::new()
    }
}

impl IndexPause {
    pub fn new() -> IndexPause {
        IndexPause {
            reached: Arc::new(tokio::sync::Semaphore::new(0)),
            release: Arc::new(tokio::sync::Semaphore::new(0)),
        }
    }
}

pub struct Shared {
    pub(crate) client: Client,
    world: RwLock<World>,
    pub(crate) dirty: Mutex<HashMap<usize, HashSet<String>>>,
    pub(crate) wake: tokio::sync::Notify,
    /// Woken when a root finishes indexing.
    pub(crate) complete: tokio::sync::Notify,
    /// URIs whose last published diagnostics were not empty.
    pub(crate) published: Mutex<HashSet<Uri>>,
    pub(crate) caps: Mutex<ClientCaps>,
    pub(crate) options: Options,
    pub shutdown: AtomicBool,
    pub(crate) watcher: Mutex<Option<notify::RecommendedWatcher>>,
}

#[derive(Clone)]
pub struct Server {
    pub shared: Arc<Shared>,
}

impl Server {
    pub fn new(client: Client, options: Options) -> Server {
        let world = World {
            roots: Vec::new(),
            docs: HashMap::new(),
            enc: Enc(crate::core::text::Encoding::Utf16),
            delete_files: false,
            settings: Settings::default(),
            clock_today: options.today.unwrap_or_else(clock_today),
        };
        Server {
            shared: Arc::new(Shared {
                client,
                world: RwLock::new(world),
                dirty: Mutex::new(HashMap::new()),
                wake: tokio::sync::Notify::new(),
                complete: tokio::sync::Notify::new(),
                published: Mutex::new(HashSet::new()),
                caps: Mutex::new(ClientCaps::default()),
                options,
                shutdown: AtomicBool::new(false),
                watcher: Mutex::new(None),
            }),
        }
    }

    /// Answers from a snapshot. When the answer lacked note texts (summaries), they are read
    /// (and notes changed on disk re-indexed) without the lock, and the question asked again.
    async fn answer<T>(&self, f: impl Fn(&Snapshot) -> T) -> T {
        let mut texts = Texts::default();
        for _ in 0..2 {
            let (out, missing) = {
                let w = self.shared.read();
                let snap = Snapshot::new(&w, &texts);
                let out = f(&snap);
                (out, snap.missing.into_inner())
            };
            if missing.is_empty() {
                return out;
            }
            self.shared.fetch(&mut texts, missing).await;
        }
        let w = self.shared.read();
        f(&Snapshot::new(&w, &texts))
    }

    /// Answers at once from what is indexed: no note text needed.
    fn now<T>(&self, f: impl FnOnce(&Snapshot) -> T) -> T {
        let texts = Texts::default();
        let w = self.shared.read();
        f(&Snapshot::new(&w, &texts))
    }
}

impl Shared {
    pub(crate) fn read(&self) -> RwLockReadGuard<'_, World> {
        self.world.read().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, World> {
        self.world.write().unwrap_or_else(|e| e.into_inner())
    }
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let enc = Enc::negotiate(caps.general.as_ref().and_then(|g| g.position_encodings.as_deref()));
        let client = ClientCaps::of(caps);
        let delete_files = client.delete_files;
        *self.shared.caps.lock().unwrap_or_else(|e| e.into_inner()) = client;
        let (settings, errors) = params.initialization_options.as_ref().map(Settings::from_json).unwrap_or_default();
        for e in errors {
            tracing::warn!("{e}");
        }
        let mut dirs: Vec<PathBuf> = match &params.workspace_folders_initialize_params.workspace_folders {
            Some(WorkspaceFolders::WorkspaceFolderList(list)) => {
                list.iter().filter_map(|f| to_proto::uri_to_path(&f.uri)).collect()
            }
            _ => Vec::new(),
        };
        if dirs.is_empty() {
            #[allow(deprecated)]
            if let Some(p) = params.root_uri.as_ref().and_then(to_proto::uri_to_path) {
                dirs.push(p);
            }
        }
        // Reading each ties.toml happens here, before the lock.
        let roots: Vec<Root> = dirs.into_iter().map(|d| Root::new(Some(d), &settings)).collect();
        {
            let mut w = self.shared.write();
            w.enc = enc;
            w.delete_files = delete_files;
            w.roots = roots;
            w.settings = settings;
        }
        Ok(InitializeResult {
            capabilities: caps::server_capabilities(enc),
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
            let reg = caps::watch_registration();
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
        if let Some(doc) = closed {
            self.shared.fall_back(doc.root, doc.rel).await;
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        // Keep the cache in step with the disk; the index already has the buffer.
        let uri = params.text_document.uri;
        let Some(path) = to_proto::uri_to_path(&uri) else { return };
        let located = self.shared.read().root_of(&path);
        let Some((root_id, rel)) = located else { return };
        let opts = self.shared.read().roots[root_id].config.parse_options();
        let read = tokio::task::spawn_blocking(move || crate::vault::read_note(&path, &rel, &opts)).await;
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
        let reparse = self.shared.write().set_settings(settings);
        self.shared.reindex(reparse);
        self.shared.mark_all_dirty();
        let client = self.shared.client.clone();
        tokio::spawn(async move {
            let _ = client.inlay_hint_refresh().await;
        });
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        for change in params.changes {
            if let Some(path) = to_proto::uri_to_path(&change.uri) {
                self.shared.file_changed(path).await;
            }
        }
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let settings = self.shared.read().settings.clone();
        let new: Vec<Root> = params
            .event
            .added
            .iter()
            .filter_map(|f| to_proto::uri_to_path(&f.uri))
            .map(|p| Root::new(Some(p), &settings))
            .collect();
        let added: Vec<usize> = {
            let mut w = self.shared.write();
            for gone in &params.event.removed {
                if let Some(p) = to_proto::uri_to_path(&gone.uri) {
                    // Keep indexes stable: an emptied root answers nothing.
                    for r in w.roots.iter_mut().filter(|r| r.dir.as_deref() == Some(p.as_path())) {
                        r.dir = None;
                        r.index = Default::default();
                    }
                }
            }
            let first = w.roots.len();
            w.roots.extend(new);
            (first..w.roots.len()).collect()
        };
        let shared = Arc::clone(&self.shared);
        tokio::spawn(async move {
            for root in added {
                Arc::clone(&shared).index_root(root).await;
            }
        });
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.now(|s| handlers::completion(s, params))
    }

    async fn completion_resolve(&self, item: CompletionItem) -> Result<CompletionItem> {
        self.answer(|s| handlers::completion_resolve(s, item.clone())).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.answer(|s| handlers::hover(s, params.clone())).await
    }

    async fn goto_definition(&self, params: DefinitionParams) -> Result<Option<DefinitionResponse>> {
        self.now(|s| handlers::goto_definition(s, params))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        // References list every mention: wait (a bounded time) for the whole index.
        self.shared.wait_complete(WAIT_FOR_INDEX).await;
        self.now(|s| handlers::references(s, params))
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        self.now(|s| handlers::document_symbol(s, params))
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        self.now(|s| handlers::workspace_symbol(s, params))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<Vec<CodeActionResponse>>> {
        // The *Merge* fix reads the texts of the two contact notes.
        self.answer(|s| handlers::code_action(s, params.clone())).await
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResult>> {
        self.now(|s| handlers::prepare_rename(s, params))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        // A rename edits every mention: it must see them all.
        self.shared.wait_complete(WAIT_FOR_INDEX).await;
        self.now(|s| handlers::rename(s, params))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.now(|s| handlers::inlay_hint(s, params))
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.now(|s| handlers::code_lens(s, params))
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        let args = params.arguments.unwrap_or_default();
        match params.command.as_str() {
            "ties.followUps" => {
                self.shared.wait_complete(WAIT_FOR_INDEX).await;
                self.answer(handlers::follow_ups).await
            }
            "ties.logCatchUp" => {
                let edit = self.now(|s| handlers::log_catch_up(s, &args))?;
                let client = self.shared.client.clone();
                tokio::spawn(async move {
                    if let Err(err) = client.apply_edit(edit).await {
                        tracing::warn!("the editor did not apply the catch-up: {err}");
                    }
                });
                Ok(None)
            }
            "ties.contacts" => {
                self.shared.wait_complete(WAIT_FOR_INDEX).await;
                self.now(handlers::contacts)
            }
            "ties.plan" => {
                self.shared.wait_complete(WAIT_FOR_INDEX).await;
                self.answer(|s| handlers::plan(s, &args)).await
            }
            "ties.intro" => {
                self.shared.wait_complete(WAIT_FOR_INDEX).await;
                self.now(|s| handlers::intro(s, &args))
            }
            "ties.graph" => {
                self.shared.wait_complete(WAIT_FOR_INDEX).await;
                self.now(|s| handlers::graph(s, &args))
            }
            other => Err(handlers::unknown_command(other)),
        }
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokens>> {
        self.now(|s| handlers::semantic_tokens_full(s, params))
    }
}
