//! The one vault `ties mcp` serves: loaded like the CLI loads it (same cache), kept current by a
//! small file watcher of its own, and changed only through `crate::write`. Each note's
//! fingerprint as the index read it is kept, so a write refuses a note changed since then.

use crate::cli::{Ctx, Vault, quiet};
use crate::core::Date;
use crate::store::{Put, Stamp, Update};
use crate::vault::{self, Parsed};
use crate::write::{self, FileChange};
use anyhow::{Context, Result, anyhow};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// What the server shares between requests and the watcher.
pub struct Shared {
    /// The vault folder, absolute.
    pub root: PathBuf,
    state: Mutex<State>,
    fixed_today: Option<Date>,
    pub allow_writes: bool,
}

pub struct State {
    /// The CLI's loaded vault, opened from inside the vault folder (the process's current
    /// folder), so its paths are vault paths.
    pub vault: Vault,
    /// Each indexed note's size, time stamp and fingerprint as read.
    stamps: HashMap<String, Stamp>,
}

impl Shared {
    /// Finds the vault (DIR, or the nearest vault root above the current folder), moves the
    /// process into it, and loads it with the cache.
    pub fn load(
        dir: Option<&Path>,
        cache_dir: Option<PathBuf>,
        no_cache: bool,
        fixed_today: Option<Date>,
        allow_writes: bool,
    ) -> Result<Shared> {
        let cwd = std::env::current_dir().context("cannot read the current folder")?;
        let root = match dir {
            Some(d) => cwd.join(d),
            None => vault::find_root(&cwd),
        };
        if !root.is_dir() {
            return Err(anyhow!("{}: no such folder: give the folder that holds your notes", root.display()));
        }
        let root = root.canonicalize().with_context(|| format!("cannot open the vault folder {}", root.display()))?;
        // A relative cache folder means relative to where ties was started.
        let cache_dir = cache_dir.map(|c| cwd.join(c));
        std::env::set_current_dir(&root)
            .with_context(|| format!("cannot enter the vault folder {}", root.display()))?;
        let ctx = Ctx { today: fixed_today.unwrap_or_else(clock_today), cache_dir, no_cache };
        // `want_store`: full-text search needs a store even with --no-cache (then in memory).
        let vault = ctx.open(Some(Path::new(".")), true, &quiet)?;
        let stamps = match &vault.store {
            Some(s) => s.stamps().unwrap_or_else(|err| {
                tracing::warn!("cannot read the note stamps of the cache: {err:#}");
                HashMap::new()
            }),
            None => HashMap::new(),
        };
        tracing::info!(
            "serving {} ({} notes, {} contacts) in {:?}",
            root.display(),
            vault.stats.notes,
            vault.stats.contacts,
            vault.stats.elapsed
        );
        Ok(Shared { root, state: Mutex::new(State { vault, stamps }), fixed_today, allow_writes })
    }

    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `--today` / `TIES_TODAY`, else the system's local date, read at each request so a server
    /// left running crosses midnight.
    pub fn today(&self) -> Date {
        self.fixed_today.unwrap_or_else(clock_today)
    }

    /// Brings the index up to date with the disk: notes whose size or time stamp moved are read
    /// again, notes gone are removed, `ties.toml` is read again. The walk happens without the lock.
    pub fn refresh(&self) -> Result<usize> {
        // ties.toml may have changed too: cadences and ignore globs change answers.
        let config = match crate::config::load(Path::new(".")) {
            Ok(c) => {
                self.lock().vault.config = c.clone();
                c
            }
            Err(err) => {
                tracing::warn!("{err:#}; keeping the settings read before");
                self.lock().vault.config.clone()
            }
        };
        let files = vault::discover(Path::new("."), &config)?;
        let options = config.core.parse_options();
        let mut state = self.lock();
        let mut on_disk = HashSet::new();
        let mut parsed = Vec::new();
        let mut removed = Vec::new();
        for f in &files {
            on_disk.insert(f.rel.as_str());
            let fresh = state.stamps.get(&f.rel).is_some_and(|s| s.size == f.size as i64 && s.mtime_ns == f.mtime_ns);
            if fresh {
                continue;
            }
            match vault::read_note(&f.abs, &f.rel, &options) {
                Ok(Some(p)) => parsed.push(p),
                Ok(None) => removed.push(f.rel.clone()),
                Err(err) => tracing::warn!("cannot read {}: {err}", f.rel),
            }
        }
        removed.extend(state.stamps.keys().filter(|p| !on_disk.contains(p.as_str())).cloned());
        let n = parsed.len() + removed.len();
        state.apply(parsed, &removed);
        if n > 0 {
            tracing::info!("{n} notes changed on disk");
        }
        Ok(n)
    }

    /// Applies `changes` through `crate::write` and indexes the notes it touched at once.
    /// Returns the exact edit as `crate::write::preview` shows it.
    pub fn write(&self, state: &mut State, changes: &[FileChange]) -> Result<String> {
        let shown = write::preview(Path::new("."), changes);
        write::apply(Path::new("."), changes)?;
        let mut parsed = Vec::new();
        let mut removed = Vec::new();
        let options = state.vault.config.core.parse_options();
        for c in changes {
            match vault::read_note(&self.root.join(c.path()), c.path(), &options) {
                Ok(Some(p)) => parsed.push(p),
                Ok(None) => removed.push(c.path().to_string()),
                Err(err) => tracing::warn!("cannot read {} back: {err}", c.path()),
            }
        }
        state.apply(parsed, &removed);
        Ok(shown)
    }
}

impl State {
    /// The fingerprint of a note as the index read it (for `FileChange::Update`).
    pub fn fingerprint(&self, rel: &str) -> Option<u64> {
        self.stamps.get(rel).map(|s| s.hash as u64)
    }

    fn apply(&mut self, parsed: Vec<Parsed>, removed: &[String]) {
        if parsed.is_empty() && removed.is_empty() {
            return;
        }
        if let Some(store) = self.vault.store.as_mut() {
            let upserts =
                parsed.iter().map(|p| Put { facts: &p.facts, stamp: p.stamp, summaries: &p.summaries }).collect();
            if let Err(err) = store.apply(&Update { upserts, removed }) {
                tracing::warn!("could not update the cache (answers are still correct): {err:#}");
            }
        }
        for p in parsed {
            self.stamps.insert(p.facts.path.clone(), p.stamp);
            self.vault.index.upsert(Arc::new(p.facts));
        }
        for rel in removed {
            self.stamps.remove(rel);
            self.vault.index.remove(rel);
        }
    }
}

fn clock_today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// Watches the vault and refreshes the index after each burst of changes (50 ms quiet).
/// Reading a note raises access events: only creations, removals, data changes and renames of
/// notes or folders count, or refreshing would wake itself. None when the system cannot watch.
pub fn watch(shared: Arc<Shared>) -> Option<notify::RecommendedWatcher> {
    use notify::EventKind::{Create, Modify, Remove};
    use notify::Watcher;
    use notify::event::ModifyKind;
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let root = shared.root.clone();
    let handler = move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if !matches!(
            event.kind,
            Create(_) | Remove(_) | Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
        ) {
            return;
        }
        let counts = |p: &PathBuf| {
            let rel = p.strip_prefix(&root).unwrap_or(p);
            let hidden = rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            let settings = p.file_name().is_some_and(|n| n == crate::config::FILE_NAME);
            !hidden && (vault::is_note_name(p) || p.extension().is_none() || settings)
        };
        if event.paths.iter().any(counts) {
            let _ = tx.send(());
        }
    };
    let mut watcher = match notify::recommended_watcher(handler) {
        Ok(w) => w,
        Err(err) => {
            tracing::warn!("cannot watch the vault for changes: {err}");
            return None;
        }
    };
    if let Err(err) = watcher.watch(&shared.root, notify::RecursiveMode::Recursive) {
        tracing::warn!("cannot watch {}: {err}", shared.root.display());
        return None;
    }
    std::thread::spawn(move || {
        while rx.recv().is_ok() {
            while rx.recv_timeout(Duration::from_millis(50)).is_ok() {}
            if let Err(err) = shared.refresh() {
                tracing::warn!("cannot refresh the index: {err:#}");
            }
        }
    });
    Some(watcher)
}
