//! Finding the notes of a vault on disk, reading them, and building the index from them with
//! the help of the cache: unchanged notes come from the store, the rest are parsed in parallel.

use crate::config::VaultConfig;
use crate::core::note::{ParseOptions, parse_with};
use crate::core::{Index, NoteFacts};
use crate::store::{Stamp, Store, Update};
use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, UNIX_EPOCH};

/// A note file found on disk.
#[derive(Clone, Debug)]
pub struct NoteFile {
    /// `/`-separated path inside the vault.
    pub rel: String,
    pub abs: PathBuf,
    pub size: u64,
    pub mtime_ns: i64,
}

/// Markers of a vault root, nearest ancestor first.
const ROOT_MARKERS: &[&str] = &["ties.toml", ".obsidian", ".git"];

/// The vault holding `start`: the nearest ancestor with `ties.toml`, `.obsidian` or `.git`,
/// else `start` itself.
pub fn find_root(start: &Path) -> PathBuf {
    for dir in start.ancestors() {
        if ROOT_MARKERS.iter().any(|m| dir.join(m).exists()) {
            return dir.to_path_buf();
        }
    }
    start.to_path_buf()
}

/// Refuses to index `/` or the home folder itself unless it holds `ties.toml`.
pub fn check_root(root: &Path) -> Result<()> {
    let canonical = root.canonicalize().with_context(|| format!("cannot open the vault folder {}", root.display()))?;
    if !canonical.is_dir() {
        bail!("{} is not a folder: give the folder that holds your notes", root.display());
    }
    let home = std::env::var_os("HOME").map(PathBuf::from).and_then(|h| h.canonicalize().ok());
    let too_wide = canonical.parent().is_none() || home.as_deref() == Some(canonical.as_path());
    if too_wide && !canonical.join(crate::config::FILE_NAME).exists() {
        bail!(
            "{} is the whole file system or your home folder: refusing to index it. Give the notes folder \
             (ties check ~/notes), or create {} there if you really mean it",
            canonical.display(),
            crate::config::FILE_NAME
        );
    }
    Ok(())
}

/// Every `*.md` / `*.markdown` under `root`, honouring `.gitignore` and `.ignore` (also outside
/// git) and the `ignore` globs of `ties.toml`, skipping hidden folders and `node_modules`.
/// Unreadable entries are skipped with a log line.
pub fn discover(root: &Path, config: &VaultConfig) -> Result<Vec<NoteFile>> {
    let mut overrides = ignore::overrides::OverrideBuilder::new(root);
    for glob in &config.ignore {
        overrides.add(&format!("!{glob}")).with_context(|| format!("bad ignore glob `{glob}` in ties.toml"))?;
    }
    let overrides = overrides.build().context("bad ignore globs in ties.toml")?;
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .ignore(true)
        .parents(false)
        .require_git(false)
        .follow_links(false)
        .overrides(overrides)
        .filter_entry(|e| !is_skipped_dir(e.path()))
        .build();
    let mut files = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                tracing::warn!("skipping an entry of {}: {err}", root.display());
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) || !is_note_name(entry.path()) {
            continue;
        }
        let meta = match entry.metadata() {
            Ok(m) => m,
            Err(err) => {
                tracing::warn!("skipping {}: {err}", entry.path().display());
                continue;
            }
        };
        let Some(rel) = rel_path(root, entry.path()) else {
            continue;
        };
        files.push(NoteFile { rel, abs: entry.path().to_path_buf(), size: meta.len(), mtime_ns: mtime_ns(&meta) });
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(files)
}

/// Folders that hold no notes of the user's: `node_modules`, and Logseq's backups and old
/// versions (hidden folders such as `.obsidian/`, `.trash/`, `.foam/` are skipped as hidden).
pub fn is_skipped_dir(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let parent = path.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).unwrap_or("");
    name == "node_modules" || (parent == "logseq" && matches!(name, "bak" | "version-files"))
}

/// Whether a `/`-separated vault path lies in a folder that is never indexed (hidden or skipped).
pub fn is_skipped_rel(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    parts.iter().any(|p| p.starts_with('.') || *p == "node_modules")
        || parts.windows(2).any(|w| w[0] == "logseq" && matches!(w[1], "bak" | "version-files"))
}

pub fn is_note_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// `root/a/b.md` -> `a/b.md`.
pub fn rel_path(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    Some(parts.join("/"))
}

pub fn mtime_ns(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos().min(i64::MAX as u128) as i64)
}

/// Reads a note as text. Invalid UTF-8 is replaced, not refused: the bool says it was valid.
pub fn read_text(path: &Path) -> std::io::Result<(String, bool)> {
    read_text_sized(path, 0)
}

/// `read_text` with the size already known from the walk (saves a `stat` per note).
fn read_text_sized(path: &Path, size_hint: u64) -> std::io::Result<(String, bool)> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(size_hint as usize + 1);
    std::fs::File::open(path)?.read_to_end(&mut bytes)?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => (s, true),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), false),
    })
}

/// Reads and parses a note from disk; a file that is not valid UTF-8 gets a finding. Returns
/// the facts and the content hash.
fn read_and_parse(
    abs: &Path,
    rel: &str,
    size_hint: u64,
    options: &ParseOptions,
) -> std::io::Result<(NoteFacts, i64, Vec<String>)> {
    let (text, valid) = read_text_sized(abs, size_hint)?;
    let mut facts = parse_with(rel, &text, options);
    // A binary file already says so; its bytes are not meant to be text.
    let binary = facts.problems.iter().any(|p| p.kind == crate::core::note::ProblemKind::File);
    if !valid && !binary {
        facts.problems.push(crate::core::note::Problem {
            span: Default::default(),
            kind: crate::core::note::ProblemKind::File,
            message: "this note is not valid UTF-8: unreadable bytes were replaced by \u{fffd}; save it as UTF-8"
                .into(),
        });
    }
    let summaries = facts.take_summaries();
    let hash = facts.hash as i64;
    Ok((facts, hash, summaries))
}

/// What a load did, for `ties index` and for tests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadStats {
    pub notes: usize,
    pub contacts: usize,
    /// Notes read and parsed.
    pub parsed: usize,
    /// Notes taken from the cache without reading them.
    pub cached: usize,
    /// Notes read whose content was unchanged (only their time stamp moved).
    pub unchanged: usize,
    /// Cached notes that are gone from disk.
    pub removed: usize,
    pub bytes: u64,
    pub elapsed: Duration,
}

/// What a (re)load has to do: notes to take from the cache, notes to parse, cached notes that
/// are gone.
pub struct Plan {
    pub files: Vec<NoteFile>,
    pub cached: Vec<NoteFacts>,
    pub to_parse: Vec<NoteFile>,
    pub removed: Vec<String>,
    pub stamps: HashMap<String, Stamp>,
}

/// Finds the notes and sorts them into cached and to-parse.
pub fn plan(root: &Path, config: &VaultConfig, store: Option<&Store>) -> Result<Plan> {
    let started = Instant::now();
    let files = discover(root, config)?;
    tracing::debug!("discovered {} notes in {:?}", files.len(), started.elapsed());
    let stamps: HashMap<String, Stamp> = match store {
        Some(s) => s.stamps().unwrap_or_else(|err| {
            tracing::warn!("cache unreadable, rebuilding it: {err:#}");
            HashMap::new()
        }),
        None => HashMap::new(),
    };
    let fresh: HashSet<&str> = files
        .iter()
        .filter(|f| stamps.get(&f.rel).is_some_and(|s| s.size == f.size as i64 && s.mtime_ns == f.mtime_ns))
        .map(|f| f.rel.as_str())
        .collect();
    let mut cached = Vec::new();
    if let Some(s) = store
        && !fresh.is_empty()
    {
        let (loaded, bad) = s.load_facts(&fresh);
        if bad > 0 {
            tracing::warn!("{bad} cached notes could not be decoded; parsing them again");
        }
        cached = loaded;
    }
    let loaded: HashSet<&str> = cached.iter().map(|f| f.path.as_str()).collect();
    let to_parse = files.iter().filter(|f| !loaded.contains(f.rel.as_str())).cloned().collect();
    let on_disk: HashSet<&str> = files.iter().map(|f| f.rel.as_str()).collect();
    let removed = stamps.keys().filter(|p| !on_disk.contains(p.as_str())).cloned().collect();
    Ok(Plan { files, cached, to_parse, removed, stamps })
}

/// A note read and parsed from disk.
pub struct Parsed {
    pub facts: NoteFacts,
    pub stamp: Stamp,
    /// The content hash matches the cache's: only the time stamp moved.
    pub unchanged: bool,
    /// The blocks' summaries, taken out of `facts` (for the cache's full-text table).
    pub summaries: Vec<String>,
}

/// Reads and parses notes in parallel. Unreadable files are skipped with a log line.
pub fn parse_files(files: &[NoteFile], stamps: &HashMap<String, Stamp>, options: &ParseOptions) -> Vec<Parsed> {
    files
        .par_iter()
        .filter_map(|f| match read_and_parse(&f.abs, &f.rel, f.size, options) {
            Ok((facts, hash, summaries)) => {
                let stamp = Stamp { size: f.size as i64, mtime_ns: f.mtime_ns, hash };
                let unchanged = stamps.get(&f.rel).is_some_and(|s| s.hash == hash);
                Some(Parsed { facts, stamp, unchanged, summaries })
            }
            Err(err) => {
                tracing::warn!("skipping {}: {err}", f.abs.display());
                None
            }
        })
        .collect()
}

/// Notes parsed per step of a load: between steps the server answers requests and the CLI
/// reports progress.
pub const CHUNK: usize = 1024;

/// `parse_files` for one step of a load. A parse that panics (a bug, never the user's fault)
/// must not take the notes of its whole chunk with it: the chunk is parsed again one note at a
/// time, and the note that panics is logged and left out.
pub fn parse_chunk(files: &[NoteFile], stamps: &HashMap<String, Stamp>, options: &ParseOptions) -> Vec<Parsed> {
    chunk_with(files, &|some: &[NoteFile]| parse_files(some, stamps, options))
}

/// `parse_chunk` over any parser of a list of files (tests plant a panicking one).
fn chunk_with<T>(files: &[NoteFile], parse: &(dyn Fn(&[NoteFile]) -> Vec<T> + Sync)) -> Vec<T> {
    let all = std::panic::AssertUnwindSafe(|| parse(files));
    if let Ok(parsed) = std::panic::catch_unwind(all) {
        return parsed;
    }
    tracing::error!("parsing {} notes panicked: parsing them one by one", files.len());
    files
        .iter()
        .filter_map(|f| {
            let one = std::panic::AssertUnwindSafe(|| parse(std::slice::from_ref(f)));
            match std::panic::catch_unwind(one) {
                Ok(mut one) => one.pop(),
                Err(_) => {
                    tracing::error!(
                        "parsing {} panicked: it is left out of the index (please report it with this note)",
                        f.abs.display()
                    );
                    None
                }
            }
        })
        .collect()
}

/// The first pass of a load: the facts of each note's front matter only (what declares a
/// contact: kind, handle, name, aliases, company), read in parallel. Notes without front
/// matter are left out. The server indexes these first so that no name is called unknown
/// while the mentions are still being read.
pub fn read_identities(files: &[NoteFile], options: &ParseOptions) -> Vec<NoteFacts> {
    files
        .par_iter()
        .filter_map(|f| {
            let head = read_head(&f.abs).ok()?;
            // A note in the people or companies folder is a contact even without front matter.
            let end = match crate::core::note::front_matter_end(&head) {
                Some(end) => end,
                None if options.folder_kind(&f.rel).is_some() => 0,
                None => return None,
            };
            let facts = std::panic::catch_unwind(|| parse_with(&f.rel, &head[..end], options)).ok()?;
            facts.contact.is_some().then_some(facts)
        })
        .collect()
}

/// The beginning of a file: its first 4 KB, or as much as any front matter ties reads when it
/// starts one that does not close within them.
fn read_head(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    (&mut file).take(4096).read_to_end(&mut bytes)?;
    let opens = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes).starts_with(b"---");
    if opens && bytes.len() == 4096 && crate::core::note::front_matter_end(&String::from_utf8_lossy(&bytes)).is_none() {
        file.take(crate::core::note::MAX_FRONT_MATTER as u64).read_to_end(&mut bytes)?;
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Reads one note from disk (after a change outside the editor). `Ok(None)` when it is gone.
pub fn read_note(abs: &Path, rel: &str, options: &ParseOptions) -> std::io::Result<Option<Parsed>> {
    let meta = match std::fs::metadata(abs) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let (facts, hash, summaries) = match read_and_parse(abs, rel, meta.len(), options) {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let stamp = Stamp { size: meta.len() as i64, mtime_ns: mtime_ns(&meta), hash };
    Ok(Some(Parsed { facts, stamp, unchanged: false, summaries }))
}

/// Builds the index of the vault at `root`, reusing and refreshing `store` when there is one.
/// `progress` is called with (done, total) while notes are parsed.
pub fn load(
    root: &Path,
    config: &VaultConfig,
    store: Option<&mut Store>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(Index, LoadStats)> {
    let started = Instant::now();
    let plan = plan(root, config, store.as_deref())?;
    tracing::debug!("planned in {:?}: {} files, {} cached", started.elapsed(), plan.files.len(), plan.cached.len());
    let mut stats = LoadStats { notes: plan.files.len(), cached: plan.cached.len(), ..Default::default() };
    let total = plan.to_parse.len();
    let mut parsed = Vec::with_capacity(total);
    let options = config.core.parse_options();
    for chunk in plan.to_parse.chunks(CHUNK) {
        parsed.extend(parse_chunk(chunk, &plan.stamps, &options));
        progress(parsed.len(), total);
    }
    tracing::debug!("parsed {} notes at {:?}", parsed.len(), started.elapsed());
    stats.removed = plan.removed.len();
    stats.unchanged = parsed.iter().filter(|p| p.unchanged).count();
    stats.parsed = parsed.len();
    stats.bytes = plan.files.iter().map(|f| f.size).sum();
    if let Some(s) = store {
        let upserts = parsed
            .iter()
            .map(|p| crate::store::Put { facts: &p.facts, stamp: p.stamp, summaries: &p.summaries })
            .collect();
        let update = Update { upserts, removed: &plan.removed };
        if let Err(err) = s.apply(&update) {
            tracing::warn!("could not update the cache (answers are still correct): {err:#}");
        }
    }
    tracing::debug!("cache updated at {:?}", started.elapsed());
    let mut index = Index::new();
    index.extend(plan.cached.into_iter().chain(parsed.into_iter().map(|p| p.facts)).map(std::sync::Arc::new));
    stats.contacts = index.contacts().count();
    stats.elapsed = started.elapsed();
    tracing::debug!("index built at {:?}", stats.elapsed);
    Ok((index, stats))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(rel: &str) -> NoteFile {
        NoteFile { rel: rel.into(), abs: PathBuf::from(rel), size: 0, mtime_ns: 0 }
    }

    #[test]
    fn a_panicking_note_costs_only_itself() {
        let files: Vec<NoteFile> = ["a.md", "bad.md", "c.md"].into_iter().map(file).collect();
        let parse = |some: &[NoteFile]| -> Vec<String> {
            some.iter()
                .map(|f| {
                    assert!(f.rel != "bad.md", "a planted bug");
                    f.rel.clone()
                })
                .collect()
        };
        assert_eq!(chunk_with(&files, &parse), ["a.md", "c.md"]);
        assert_eq!(chunk_with(&files[..1], &parse), ["a.md"]);
    }
}
