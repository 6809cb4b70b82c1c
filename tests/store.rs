//! The SQLite cache on real files: warm starts read only what changed, deleted notes go away,
//! and any cache that is not a good one of ours is rebuilt without troubling the user.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};
use ties::config::VaultConfig;
use ties::core::features::findings;
use ties::store::{Store, cache_file};
use ties::vault::{LoadStats, load};

fn write(root: &Path, rel: &str, text: &str, age_secs: u64) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, text).unwrap();
    // Explicit, distinct mtimes: a rewrite within one clock tick must still look changed.
    let f = fs::File::options().write(true).open(&path).unwrap();
    f.set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000 - age_secs)).unwrap();
}

fn vault() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "people/jane.md", "---\nkind: person\nname: Jane Doe\n---\n", 100);
    write(dir.path(), "journal/2026-11-20.md", "Coffee with @jane about the platform job.\n", 100);
    write(dir.path(), "journal/2026-11-21.md", "- [ ] send @jane my CV 📅 2026-11-22\n", 100);
    dir
}

fn open_load(root: &Path, cache: &Path) -> (ties::core::Index, LoadStats) {
    let mut store = Store::open(cache).unwrap();
    load(root, &VaultConfig::default(), Some(&mut store), &|_, _| {}).unwrap()
}

fn overdue(index: &ties::core::Index) -> Vec<String> {
    findings::all(index, common::today(), &Default::default()).into_iter().map(|f| f.message).collect()
}

#[test]
fn a_warm_start_parses_only_what_changed() {
    let vault = vault();
    let cache = tempfile::tempdir().unwrap();
    let file = cache_file(cache.path(), vault.path());

    let (_, cold) = open_load(vault.path(), &file);
    assert_eq!((cold.notes, cold.parsed, cold.cached), (3, 3, 0));

    let (index, warm) = open_load(vault.path(), &file);
    assert_eq!((warm.notes, warm.parsed, warm.cached, warm.removed), (3, 0, 3, 0));
    assert_eq!(overdue(&index), ["follow-up with Jane Doe is 4 days overdue (due 2026-11-22)"]);

    // One note edited, one touched without a change, one added.
    write(vault.path(), "journal/2026-11-21.md", "- [x] send @jane my CV 📅 2026-11-22\n", 50);
    write(vault.path(), "journal/2026-11-20.md", "Coffee with @jane about the platform job.\n", 40);
    write(vault.path(), "journal/2026-11-25.md", "Lunch with @jane.\n", 40);
    let (index, stats) = open_load(vault.path(), &file);
    assert_eq!((stats.notes, stats.parsed, stats.unchanged, stats.cached), (4, 3, 1, 1));
    assert!(overdue(&index).is_empty(), "the edit was seen: {:?}", overdue(&index));
    let jane = index.find("jane").unwrap();
    assert_eq!(index.exchanges(jane).len(), 3);
}

#[test]
fn a_deleted_note_disappears() {
    let vault = vault();
    let cache = tempfile::tempdir().unwrap();
    let file = cache_file(cache.path(), vault.path());
    open_load(vault.path(), &file);
    fs::remove_file(vault.path().join("journal/2026-11-21.md")).unwrap();
    let (index, stats) = open_load(vault.path(), &file);
    assert_eq!((stats.notes, stats.removed, stats.parsed), (2, 1, 0));
    assert!(index.get("journal/2026-11-21.md").is_none());
    assert!(overdue(&index).is_empty());
    // And it stays gone on the next start.
    let (_, again) = open_load(vault.path(), &file);
    assert_eq!((again.notes, again.removed, again.cached), (2, 0, 2));
}

/// Every bad cache is replaced by a good one, and the answers are the same as without a cache.
#[test]
fn bad_cache_files_are_rebuilt_silently() {
    let vault = vault();
    let expected = overdue(&load(vault.path(), &VaultConfig::default(), None, &|_, _| {}).unwrap().0);
    let foreign = {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("other.sqlite");
        let c = rusqlite::Connection::open(&p).unwrap();
        c.execute_batch("CREATE TABLE notes (x); INSERT INTO notes VALUES (1);").unwrap();
        drop(c);
        (fs::read(&p).unwrap(), dir)
    };
    let newer = {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("newer.sqlite");
        drop(Store::open(&p).unwrap());
        rusqlite::Connection::open(&p).unwrap().pragma_update(None, "user_version", 99).unwrap();
        (fs::read(&p).unwrap(), dir)
    };
    let good = {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("good.sqlite");
        open_load(vault.path(), &p);
        // Checkpoint the WAL so the main file holds everything.
        rusqlite::Connection::open(&p).unwrap().pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
        (fs::read(&p).unwrap(), dir)
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("zero bytes", Vec::new()),
        ("not SQLite", b"this is not a database, just text that happens to be here".repeat(100)),
        ("foreign SQLite", foreign.0.clone()),
        ("newer schema", newer.0.clone()),
        ("truncated", good.0[..good.0.len() / 2].to_vec()),
        ("corrupt pages", {
            let mut b = good.0.clone();
            for i in (4096..b.len()).step_by(7) {
                b[i] ^= 0x5a;
            }
            b
        }),
    ];
    for (what, bytes) in cases {
        let cache = tempfile::tempdir().unwrap();
        let file = cache_file(cache.path(), vault.path());
        fs::write(&file, &bytes).unwrap();
        let (index, stats) = open_load(vault.path(), &file);
        assert_eq!(overdue(&index), expected, "{what}: answers differ");
        assert_eq!(stats.notes, 3, "{what}");
        assert_eq!(stats.parsed + stats.cached, 3, "{what}");
        // The rebuilt cache is good: the next start reads every note from it.
        let (_, again) = open_load(vault.path(), &file);
        assert_eq!((again.cached, again.parsed), (3, 0), "{what}: the cache was not rebuilt");
    }
}

#[test]
fn search_finds_exchanges_by_their_words() {
    let vault = vault();
    let mut store = Store::in_memory().unwrap();
    load(vault.path(), &VaultConfig::default(), Some(&mut store), &|_, _| {}).unwrap();
    assert_eq!(
        store.search("platform", 10).unwrap(),
        vec![("journal/2026-11-20.md".to_string(), 0, "Coffee with @jane about the platform job.".to_string())]
    );
    assert_eq!(store.search("PLATFORM job", 10).unwrap().len(), 1);
    assert!(store.search("platform nowhere", 10).unwrap().is_empty());
    // Query syntax in user text is taken literally, not as an FTS5 expression.
    assert!(store.search("\"unbalanced OR (", 10).unwrap().is_empty());
}

#[cfg(unix)]
#[test]
fn the_cache_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let vault = vault();
    let cache = tempfile::tempdir().unwrap();
    let file = cache_file(&cache.path().join("new-folder"), vault.path());
    open_load(vault.path(), &file);
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&file), 0o600);
    assert_eq!(mode(file.parent().unwrap()), 0o700);
}

#[test]
fn a_reader_and_a_writer_share_one_cache() {
    let vault = vault();
    let cache = tempfile::tempdir().unwrap();
    let file = cache_file(cache.path(), vault.path());
    open_load(vault.path(), &file);
    // An editor's server holds the cache open while a CLI run loads from it and writes to it.
    let server = Store::open(&file).unwrap();
    write(vault.path(), "journal/2026-11-26.md", "Call with @jane.\n", 10);
    let (index, stats) = open_load(vault.path(), &file);
    assert_eq!((stats.parsed, stats.cached), (1, 3));
    assert_eq!(index.len(), 4);
    assert_eq!(server.stamps().unwrap().len(), 4, "the open store sees the other process's write");
}
