//! What the server does on its own, off the request path: indexing the roots (contacts first,
//! then every mention), watching files changed outside the editor, the thread that writes the
//! cache, the day loop, and the debounced diagnostics. File I/O happens here or in
//! `spawn_blocking`, never under the world's lock.
#![deny(clippy::print_stdout)]

use crate::core::date::Date;
use crate::core::features::findings::{self, Code};
use crate::core::note::NoteFacts;
use crate::lsp::server::{IndexPause, Shared};
use crate::lsp::state::{Phase, Root, StoreMsg, Texts};
use crate::lsp::to_proto;
use crate::store::Store;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_lsp_server::gen_lsp_types::{Diagnostic, MessageType, ProgressToken, Uri};

/// At most one recomputation of diagnostics per this interval while edits keep coming.
const DEBOUNCE: Duration = Duration::from_millis(30);

pub fn clock_today() -> Date {
    jiff::ZonedDateTime::now().date()
}

impl IndexPause {
    /// Says the first pass is done, then waits to be let go.
    async fn hold(&self) {
        self.reached.add_permits(1);
        if let Ok(permit) = self.release.acquire().await {
            permit.forget();
        }
    }
}

impl Shared {
    pub fn mark_dirty(&self, root: usize, paths: impl IntoIterator<Item = String>) {
        let mut dirty = self.dirty.lock().unwrap_or_else(|e| e.into_inner());
        dirty.entry(root).or_default().extend(paths);
        drop(dirty);
        self.wake.notify_one();
    }

    pub fn mark_all_dirty(&self) {
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
    pub async fn diagnostics_loop(self: Arc<Self>) {
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
            // The lenses of contact notes read the same index: ask the client to fetch them
            // again, from a task of its own (the loop never waits for the client).
            if !pairs.is_empty() && self.caps.lock().unwrap_or_else(|e| e.into_inner()).code_lens_refresh {
                let client = self.client.clone();
                tokio::spawn(async move {
                    let _ = client.code_lens_refresh().await;
                });
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
            let Some(root) = w.roots.get(*root_id) else { continue };
            let uri = w
                .docs
                .iter()
                .find(|(_, d)| d.root == *root_id && d.rel == *rel)
                .map(|(u, d)| (u.clone(), Some(d.version)))
                .or_else(|| root.uri(rel).map(|u| (u, None)));
            let Some((uri, version)) = uri else { continue };
            let diags = match root.index.id(rel) {
                Some(id) => {
                    let lines = &root.index.note(id).lines;
                    findings::for_note(&root.index, id, today, &root.config)
                        .into_iter()
                        // Only a complete root may say a name is unknown.
                        .filter(|f| root.complete() || f.code != Code::UnknownContact)
                        .map(|f| to_proto::diagnostic(w.enc, lines, &f))
                        .collect()
                }
                None => Vec::new(),
            };
            out.push((uri, diags, version));
        }
        out
    }

    /// Indexes one root in the background: cached notes first, then who declares a contact
    /// (front matter only), then every note in chunks, so that requests are answered from what
    /// is there so far and no contact is ever missing from an answer.
    pub async fn index_root(self: Arc<Self>, root_id: usize) {
        let Some((dir, generation)) = self.read().roots.get(root_id).and_then(|r| Some((r.dir.clone()?, r.generation)))
        else {
            return;
        };
        let vault = self.read().roots[root_id].vault.clone();
        let parse_options = Arc::new(self.read().roots[root_id].config.parse_options());
        let progress = self.progress(format!("Indexing {}", dir.display()));
        let options = self.options.clone();
        let dir2 = dir.clone();
        let opts = Arc::clone(&parse_options);
        let planned = tokio::task::spawn_blocking(move || {
            let store = if options.no_cache {
                None
            } else {
                crate::store::open_cache(options.cache_dir.as_deref(), &dir2, &opts.key())
            };
            let plan = crate::vault::plan(&dir2, &vault, store.as_ref());
            let identities =
                plan.as_ref().map(|p| crate::vault::read_identities(&p.to_parse, &opts)).unwrap_or_default();
            (store, plan, identities)
        })
        .await;
        let (store, plan, identities) = match planned {
            Ok((store, Ok(plan), identities)) => (store, plan, identities),
            Ok((_, Err(err), _)) => {
                self.client.log_message(MessageType::Error, format!("cannot index {}: {err:#}", dir.display())).await;
                self.write().roots[root_id].phase = Phase::Complete;
                return;
            }
            Err(err) => {
                tracing::error!("indexing {} failed: {err}", dir.display());
                self.write().roots[root_id].phase = Phase::Complete;
                return;
            }
        };
        if let Some(store) = store {
            let tx = spawn_store_thread(store);
            let mut w = self.write();
            if w.roots[root_id].generation == generation {
                w.roots[root_id].store = Some(tx);
            }
        }
        let cached: Vec<Arc<NoteFacts>> = plan.cached.into_iter().map(Arc::new).collect();
        for chunk in cached.chunks(4096) {
            if !self.extend(root_id, generation, chunk.iter().cloned()) {
                return;
            }
            tokio::task::yield_now().await;
        }
        // Every contact is known from here on; the mentions follow.
        if !self.extend(root_id, generation, identities.into_iter().map(Arc::new)) {
            return;
        }
        self.write().roots[root_id].phase = Phase::Contacts;
        if let Some(pause) = &self.options.pause {
            pause.hold().await;
        }
        let total = plan.to_parse.len().max(1);
        let stamps = Arc::new(plan.stamps);
        let mut done = 0;
        for chunk in plan.to_parse.chunks(crate::vault::CHUNK) {
            let files = chunk.to_vec();
            let stamps = Arc::clone(&stamps);
            let opts = Arc::clone(&parse_options);
            let parsed =
                match tokio::task::spawn_blocking(move || crate::vault::parse_chunk(&files, &stamps, &opts)).await {
                    Ok(parsed) => parsed,
                    Err(err) => {
                        tracing::error!("{} notes of {} were not indexed: {err}", chunk.len(), dir.display());
                        Vec::new()
                    }
                };
            done += chunk.len();
            let put: Vec<(Arc<NoteFacts>, crate::store::Stamp, Vec<String>)> =
                parsed.into_iter().map(|p| (Arc::new(p.facts), p.stamp, p.summaries)).collect();
            if !self.extend(root_id, generation, put.iter().map(|(f, _, _)| Arc::clone(f))) {
                return;
            }
            self.read().roots[root_id].send(StoreMsg::Put(put));
            let _ = progress.send((done * 100 / total) as u32);
        }
        {
            let mut w = self.write();
            if w.roots[root_id].generation != generation {
                return;
            }
            w.roots[root_id].send(StoreMsg::Remove(plan.removed));
            w.roots[root_id].phase = Phase::Complete;
        }
        self.complete.notify_waiters();
        drop(progress);
        let n = self.read().roots[root_id].index.len();
        tracing::info!("indexed {} notes in {}", n, dir.display());
        let paths: Vec<String> = self.read().roots[root_id].index.notes().map(|(_, f)| f.path.clone()).collect();
        self.mark_dirty(root_id, paths);
    }

    /// Adds notes read from disk to a root's index, except those open in the editor. False
    /// (and nothing added) when the root was reset since generation `generation` began: that indexer
    /// stops.
    fn extend(&self, root_id: usize, generation: u64, notes: impl Iterator<Item = Arc<NoteFacts>>) -> bool {
        let mut w = self.write();
        if w.roots[root_id].generation != generation {
            return false;
        }
        let fresh: Vec<Arc<NoteFacts>> = notes.filter(|f| !w.is_open(root_id, &f.path)).collect();
        w.roots[root_id].index.extend(fresh);
        true
    }

    /// Indexes the given roots again from scratch, after their parse options changed.
    pub fn reindex(self: &Arc<Self>, roots: Vec<usize>) {
        if roots.is_empty() {
            return;
        }
        {
            let mut w = self.write();
            for &r in &roots {
                w.reset(r);
            }
        }
        let shared = Arc::clone(self);
        tokio::spawn(async move {
            for root in roots {
                tracing::info!("the parse options of a vault changed: indexing it again");
                Arc::clone(&shared).index_root(root).await;
            }
        });
    }

    /// Waits until every root is indexed, or `limit` has passed.
    pub async fn wait_complete(&self, limit: Duration) {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            let notified = self.complete.notified();
            if self.read().roots.iter().all(Root::complete) {
                return;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return;
            }
        }
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
    pub async fn file_changed(self: &Arc<Self>, path: PathBuf) {
        let located = self.read().root_of(&path);
        let Some((root_id, rel)) = located else { return };
        if path.file_name().is_some_and(|n| n == crate::config::FILE_NAME) && !rel.contains('/') {
            let settings = self.read().settings.clone();
            let dir = self.read().roots[root_id].dir.clone();
            let fresh = tokio::task::spawn_blocking(move || Root::new(dir, &settings)).await;
            let Ok(fresh) = fresh else { return };
            let reparse = {
                let mut w = self.write();
                let r = &mut w.roots[root_id];
                let before = r.config.parse_options();
                r.vault = fresh.vault;
                r.config = fresh.config;
                r.config.parse_options() != before
            };
            if reparse {
                self.reindex(vec![root_id]);
            }
            self.mark_all_dirty();
            return;
        }
        if !crate::vault::is_note_name(&path) || crate::vault::is_skipped_rel(&rel) {
            return;
        }
        if self.read().is_open(root_id, &rel) {
            return;
        }
        self.reread(root_id, rel, path).await;
    }

    /// Reads a note from disk again and puts it in the index and the cache (unless it is open).
    async fn reread(&self, root_id: usize, rel: String, path: PathBuf) {
        let rel2 = rel.clone();
        let opts = self.read().roots[root_id].config.parse_options();
        let read = tokio::task::spawn_blocking(move || crate::vault::read_note(&path, &rel2, &opts)).await;
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

    /// A closed document's path falls back to the file on disk, read outside the lock.
    pub async fn fall_back(&self, root_id: usize, rel: String) {
        let (abs, opts) = {
            let w = self.read();
            let root = w.roots.get(root_id);
            (root.and_then(|r| r.dir.as_ref().map(|d| d.join(&rel))), root.map(|r| r.config.parse_options()))
        };
        let rel2 = rel.clone();
        let on_disk = match abs.zip(opts) {
            Some((abs, opts)) => {
                tokio::task::spawn_blocking(move || crate::vault::read_note(&abs, &rel2, &opts).ok().flatten())
                    .await
                    .ok()
                    .flatten()
            }
            None => None,
        };
        let affected = self.write().fall_back(root_id, &rel, on_disk.map(|p| p.facts));
        self.mark_dirty(root_id, affected);
    }

    /// Gets what an answer lacked: reads the notes it needs (outside the lock) and re-indexes
    /// those whose text changed on disk since they were indexed.
    pub async fn fetch(&self, texts: &mut Texts, missing: Vec<(usize, crate::core::features::summaries::Missing)>) {
        let mut wanted: Vec<(usize, String, PathBuf, bool)> = Vec::new();
        {
            let w = self.read();
            for (root_id, m) in missing {
                let Some(dir) = w.roots.get(root_id).and_then(|r| r.dir.clone()) else { continue };
                let list = m.unread.into_iter().map(|p| (p, false)).chain(m.stale.into_iter().map(|p| (p, true)));
                for (rel, stale) in list {
                    let abs = dir.join(&rel);
                    wanted.push((root_id, rel, abs, stale));
                }
            }
        }
        for (root_id, rel, abs, stale) in wanted {
            if stale {
                self.reread(root_id, rel.clone(), abs.clone()).await;
            }
            let read = tokio::task::spawn_blocking(move || crate::vault::read_text(&abs)).await;
            if let Ok(Ok((text, _))) = read {
                texts.read.insert((root_id, rel), text);
            }
        }
    }

    /// Watches the roots from the server when the client cannot watch files for us.
    pub fn watch_roots(self: &Arc<Self>) {
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
    pub async fn day_loop(self: Arc<Self>) {
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
