//! The SQLite cache of one vault: each note's facts with the file's size, mtime and content
//! hash, plus a full-text index of the paragraphs that mention someone. A cache that is not
//! ours, from another version, or corrupt is thrown away and rebuilt, never an error. The
//! store never touches the notes themselves.

use crate::core::NoteFacts;
use anyhow::{Context, Result};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Bump when the schema or the encoding of `NoteFacts` changes.
const SCHEMA_VERSION: i32 = 2;
/// Written into the cache so that a build with another facts layout rebuilds it. Bump the
/// number whenever `NoteFacts` or anything inside it changes shape.
const FORMAT: &str = concat!("ties ", env!("CARGO_PKG_VERSION"), " facts v9");

const SCHEMA: &str = "
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE notes (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        hash INTEGER NOT NULL,
        facts BLOB NOT NULL
    );
    CREATE TABLE blocks (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        block INTEGER NOT NULL,
        summary TEXT NOT NULL
    );
    CREATE INDEX blocks_path ON blocks(path);
    CREATE VIRTUAL TABLE blocks_fts USING fts5(summary, content='blocks', content_rowid='id');
";
// No triggers keep blocks_fts in step with blocks: `apply` writes both itself. A trigger makes
// every INSERT a statement with a savepoint, and FTS5 flushes its pending terms to disk at each
// savepoint: one tiny segment per row, merged again and again (60% of an empty-cache index).

/// What the cache knows of a file on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub size: i64,
    pub mtime_ns: i64,
    pub hash: i64,
}

/// One note to write: its facts (without summaries), stamp, and block summaries.
pub struct Put<'a> {
    pub facts: &'a NoteFacts,
    pub stamp: Stamp,
    pub summaries: &'a [String],
}

/// One batch of changes, written in one transaction.
pub struct Update<'a> {
    pub upserts: Vec<Put<'a>>,
    pub removed: &'a [String],
}

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

/// The cache format this build reads and writes, for `ties --version`
/// (`ties 0.1.0 facts v7, schema 1`).
pub fn cache_format() -> String {
    format!("{FORMAT}, schema {SCHEMA_VERSION}")
}

/// The cache folder: `--cache-dir` / `TIES_CACHE_DIR`, else `$XDG_CACHE_HOME/ties`, else
/// `~/.cache/ties`.
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(x) = std::env::var_os("XDG_CACHE_HOME").filter(|x| !x.is_empty()) {
        return Some(PathBuf::from(x).join("ties"));
    }
    std::env::var_os("HOME").filter(|h| !h.is_empty()).map(|h| PathBuf::from(h).join(".cache").join("ties"))
}

/// The cache file of a vault: named after the vault folder and a hash of its canonical path.
pub fn cache_file(cache_dir: &Path, vault: &Path) -> PathBuf {
    let canonical = vault.canonicalize().unwrap_or_else(|_| vault.to_path_buf());
    let name: String = canonical
        .file_name()
        .map(|n| {
            n.to_string_lossy().chars().filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_')).take(40).collect()
        })
        .filter(|n: &String| !n.is_empty())
        .unwrap_or_else(|| "vault".to_string());
    let hash = xxhash_rust::xxh3::xxh3_64(canonical.to_string_lossy().as_bytes());
    cache_dir.join(format!("{name}-{hash:016x}.sqlite"))
}

/// The one way the CLI and the server open a vault's cache: in `cache_dir` (else the default
/// folder), or None, with a log line, when it cannot be opened (answers stay correct without).
pub fn open_cache(cache_dir: Option<&Path>, vault: &Path, key: &str) -> Option<Store> {
    let base = cache_dir.map(Path::to_path_buf).or_else(default_cache_dir)?;
    match Store::open_keyed(&cache_file(&base, vault), key) {
        Ok(s) => Some(s),
        Err(err) => {
            tracing::warn!("working without a cache for {}: {err:#}", vault.display());
            None
        }
    }
}

impl Store {
    /// Opens the cache at `path`, creating it (and its folder, private to the user) when missing.
    /// A file that is corrupt, foreign or of another version is deleted and recreated.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_keyed(path, "")
    }

    /// `open`, for facts parsed with settings summed up by `key` (`ParseOptions::key`): a cache
    /// written with other settings is rebuilt.
    pub fn open_keyed(path: &Path, key: &str) -> Result<Store> {
        let format = if key.is_empty() { FORMAT.to_string() } else { format!("{FORMAT} ({key})") };
        if let Some(dir) = path.parent() {
            create_private_dir(dir).with_context(|| format!("cannot create the cache folder {}", dir.display()))?;
        }
        if path.exists() {
            match Store::open_existing(path, &format) {
                Ok(store) => return Ok(store),
                // Busy, locked or not ours to open: leave the file alone and work without it.
                Err(err) if is_transient(&err) => return Err(err),
                Err(err) => {
                    tracing::warn!("discarding the cache {} and rebuilding it: {err:#}", path.display());
                    remove_cache_files(path);
                }
            }
        }
        let conn = Connection::open(path).with_context(|| format!("cannot create the cache {}", path.display()))?;
        restrict_permissions(path);
        let store = Store { conn, path: Some(path.to_path_buf()) };
        store.configure()?;
        store.create(&format)?;
        Ok(store)
    }

    /// A cache that lives only as long as the process (for `--no-cache` searches and tests).
    pub fn in_memory() -> Result<Store> {
        let store = Store { conn: Connection::open_in_memory()?, path: None };
        store.create(FORMAT)?;
        Ok(store)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    fn open_existing(path: &Path, expected: &str) -> Result<Store> {
        let conn = Connection::open(path)?;
        let store = Store { conn, path: Some(path.to_path_buf()) };
        store.configure()?;
        let version: i32 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        anyhow::ensure!(version == SCHEMA_VERSION, "schema version {version}, this ties uses {SCHEMA_VERSION}");
        let format: Option<String> =
            store.conn.query_row("SELECT value FROM meta WHERE key = 'format'", [], |r| r.get(0)).optional()?;
        anyhow::ensure!(format.as_deref() == Some(expected), "written by {format:?}, this is {expected}");
        // Touch every table we use, so a damaged file fails here and not halfway through a load.
        store.conn.query_row("SELECT count(*) FROM notes", [], |r| r.get::<_, i64>(0))?;
        store.conn.query_row("SELECT count(*) FROM blocks_fts", [], |r| r.get::<_, i64>(0))?;
        Ok(store)
    }

    fn configure(&self) -> Result<()> {
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        Ok(())
    }

    fn create(&self, format: &str) -> Result<()> {
        self.conn.execute_batch(SCHEMA).context("cannot create the cache tables")?;
        self.conn.execute("INSERT INTO meta (key, value) VALUES ('format', ?1)", [format])?;
        self.conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        Ok(())
    }

    /// Size, mtime and hash of every cached note.
    pub fn stamps(&self) -> Result<HashMap<String, Stamp>> {
        let mut stmt = self.conn.prepare("SELECT path, size, mtime_ns, hash FROM notes")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, Stamp { size: r.get(1)?, mtime_ns: r.get(2)?, hash: r.get(3)? }))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The cached facts of the wanted notes, and how many rows could not be decoded (those
    /// notes are simply parsed again).
    pub fn load_facts(&self, wanted: &HashSet<&str>) -> (Vec<NoteFacts>, usize) {
        let blobs = match self.blobs(wanted) {
            Ok(b) => b,
            Err(err) => {
                tracing::warn!("cannot read the cache, parsing every note: {err:#}");
                return (Vec::new(), 0);
            }
        };
        use rayon::prelude::*;
        let decoded: Vec<Option<NoteFacts>> = blobs
            .par_iter()
            .map(|(path, blob)| postcard::from_bytes::<NoteFacts>(blob).ok().filter(|f| &f.path == path))
            .collect();
        let bad = decoded.iter().filter(|d| d.is_none()).count();
        (decoded.into_iter().flatten().collect(), bad)
    }

    fn blobs(&self, wanted: &HashSet<&str>) -> Result<Vec<(String, Vec<u8>)>> {
        let mut stmt = self.conn.prepare("SELECT path, facts FROM notes")?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::with_capacity(wanted.len());
        while let Some(row) = rows.next()? {
            let path: String = row.get(0)?;
            if wanted.contains(path.as_str()) {
                out.push((path, row.get(1)?));
            }
        }
        Ok(out)
    }

    /// Writes a batch of changes in one transaction.
    pub fn apply(&mut self, update: &Update<'_>) -> Result<()> {
        if update.upserts.is_empty() && update.removed.is_empty() {
            return Ok(());
        }
        let tx = self.conn.transaction()?;
        {
            let mut old_blocks = tx.prepare_cached("SELECT id, summary FROM blocks WHERE path = ?1")?;
            let mut del_fts =
                tx.prepare_cached("INSERT INTO blocks_fts(blocks_fts, rowid, summary) VALUES ('delete', ?1, ?2)")?;
            let mut del_blocks = tx.prepare_cached("DELETE FROM blocks WHERE path = ?1")?;
            let mut put_fts = tx.prepare_cached("INSERT INTO blocks_fts(rowid, summary) VALUES (?1, ?2)")?;
            let mut del_note = tx.prepare_cached("DELETE FROM notes WHERE path = ?1")?;
            let mut put_note = tx.prepare_cached(
                "INSERT OR REPLACE INTO notes (path, size, mtime_ns, hash, facts) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut put_block = tx.prepare_cached("INSERT INTO blocks (path, block, summary) VALUES (?1, ?2, ?3)")?;
            let mut forget = |path: &str| -> Result<()> {
                let old: Vec<(i64, String)> =
                    old_blocks.query_map([path], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
                for (id, summary) in old {
                    del_fts.execute(params![id, summary])?;
                }
                del_blocks.execute([path])?;
                Ok(())
            };
            for path in update.removed {
                forget(path)?;
                del_note.execute([path])?;
            }
            for put in &update.upserts {
                let facts = put.facts;
                let stamp = put.stamp;
                let blob = postcard::to_stdvec(facts).context("cannot encode a note for the cache")?;
                forget(&facts.path)?;
                put_note.execute(params![facts.path, stamp.size, stamp.mtime_ns, stamp.hash, blob])?;
                // One pass over the mentions, not one per block: a note with 400k blocks and
                // as many mentions would otherwise cost 400k x 400k comparisons.
                for i in mentioned_blocks(facts, put.summaries.len()) {
                    let summary = &put.summaries[i];
                    if !summary.is_empty() {
                        put_block.execute(params![facts.path, i as i64, summary])?;
                        put_fts.execute(params![tx.last_insert_rowid(), summary])?;
                    }
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Paragraphs and items (that mention someone) matching every word of `text`, best first:
    /// (path, block index, summary).
    pub fn search(&self, text: &str, limit: usize) -> Result<Vec<(String, u32, String)>> {
        let query: Vec<String> = text.split_whitespace().map(|w| format!("\"{}\"", w.replace('"', "\"\""))).collect();
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare(
            "SELECT b.path, b.block, b.summary FROM blocks_fts JOIN blocks b ON b.id = blocks_fts.rowid \
             WHERE blocks_fts MATCH ?1 ORDER BY rank LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![query.join(" "), limit as i64], |r| {
            Ok((r.get(0)?, r.get::<_, i64>(1)? as u32, r.get(2)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The blocks (below `count`) that hold at least one mention, in block order: the blocks worth
/// a row in the full-text table. Linear in the mentions and blocks of the note.
pub fn mentioned_blocks(facts: &NoteFacts, count: usize) -> Vec<usize> {
    let mut mentioned = vec![false; count];
    for b in facts.mentions.iter().filter_map(|m| m.block) {
        if let Some(slot) = mentioned.get_mut(b as usize) {
            *slot = true;
        }
    }
    mentioned.iter().enumerate().filter(|(_, m)| **m).map(|(i, _)| i).collect()
}

/// Errors that say nothing about the file's content: another process holds it, or we may not
/// open it. Such a cache must not be deleted.
fn is_transient(err: &anyhow::Error) -> bool {
    use rusqlite::ErrorCode::*;
    err.chain().any(|e| match e.downcast_ref::<rusqlite::Error>() {
        Some(rusqlite::Error::SqliteFailure(f, _)) => {
            matches!(f.code, DatabaseBusy | DatabaseLocked | CannotOpen | PermissionDenied | ReadOnly)
        }
        _ => false,
    })
}

fn remove_cache_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn restrict_permissions(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Err(err) = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)) {
            tracing::warn!("cannot make the cache {} private: {err}", path.display());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentioned_blocks_are_found_in_one_pass() {
        let mut text = String::new();
        for day in 1..=28 {
            text.push_str(&format!("## 2026-10-{day:02}\n"));
            text.push_str(if day % 3 == 0 { "Coffee with @jane.\n\n" } else { "Quiet day.\n\n" });
        }
        let mut facts = crate::core::parse("journal/2026.md", &text);
        let summaries = facts.take_summaries();
        let blocks = mentioned_blocks(&facts, summaries.len());
        assert_eq!(blocks.len(), 9);
        for b in &blocks {
            assert!(summaries[*b].contains("@jane") || summaries[*b].contains("jane"), "{}", summaries[*b]);
        }
        let mut store = Store::in_memory().unwrap();
        let stamp = Stamp { size: 0, mtime_ns: 0, hash: 0 };
        store
            .apply(&Update { upserts: vec![Put { facts: &facts, stamp, summaries: &summaries }], removed: &[] })
            .unwrap();
        assert_eq!(store.search("coffee", 100).unwrap().len(), 9);

        // The full-text rows follow the blocks: a rewrite replaces them, a removal drops them.
        let mut edited = crate::core::parse("journal/2026.md", "## 2026-10-01\nTea with @jane.\n");
        let summaries = edited.take_summaries();
        let put = Put { facts: &edited, stamp, summaries: &summaries };
        store.apply(&Update { upserts: vec![put], removed: &[] }).unwrap();
        assert!(store.search("coffee", 100).unwrap().is_empty());
        assert_eq!(store.search("tea", 100).unwrap().len(), 1);
        store.apply(&Update { upserts: vec![], removed: &["journal/2026.md".to_string()] }).unwrap();
        assert!(store.search("tea", 100).unwrap().is_empty());
        let rows: i64 = store.conn.query_row("SELECT count(*) FROM blocks_fts", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, 0);
    }
}
