//! Conventions kept by tests: the core stays pure (no I/O, SQLite, LSP, async runtime or
//! clock), every module says what it owns, and the server's stdout stays the protocol's.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn core_is_free_of_io_sqlite_lsp_tokio_and_the_clock() {
    let forbidden = [
        "std::fs",
        "std::net",
        "std::process",
        "std::env",
        "rusqlite",
        "tower_lsp",
        "lsp_types",
        "tokio",
        "SystemTime",
        "Instant::now",
        "Zoned",
        "println!",
        "print!",
    ];
    let core = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core");
    let files = rust_files(&core);
    assert!(files.len() >= 5, "expected the core's files under {}", core.display());
    let mut offences = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for word in forbidden {
                if line.contains(word) {
                    offences.push(format!("{}:{}: `{word}`: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(offences.is_empty(), "src/core must stay pure:\n{}", offences.join("\n"));
}

#[test]
fn every_module_says_what_it_owns() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let missing: Vec<String> = rust_files(&src)
        .into_iter()
        .filter(|f| !std::fs::read_to_string(f).unwrap().trim_start().starts_with("//!"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(missing.is_empty(), "modules without a `//!` line saying what they own:\n{}", missing.join("\n"));
}
