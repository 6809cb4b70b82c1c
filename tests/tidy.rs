//! Conventions kept by tests: the core stays pure (no I/O, SQLite, LSP, async runtime, clock,
//! nor the crate's own edges), every module says what it owns, and in the language server
//! stdout belongs to the protocol. Each check is tried on planted violations first, so a guard
//! with a hole fails here rather than passing quietly.

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

/// Paths the core must not name, whether imported (`use std::{fs, env}` counts as `std::fs`
/// and `std::env`) or written inline.
const CORE_FORBIDDEN_PATHS: &[&str] = &[
    "std::fs",
    "std::net",
    "std::process",
    "std::env",
    "std::io::stdin",
    "std::io::stdout",
    "std::io::stderr",
    "std::time::SystemTime",
    "std::time::Instant",
    "std::thread",
    "rusqlite",
    "tower_lsp_server",
    "lsp_types",
    "tokio",
    "notify",
    "ignore",
    "crate::vault",
    "crate::store",
    "crate::lsp",
    "crate::cli",
    "crate::config",
];

/// Words the core must not hold outside comments: the clock, the terminal, the process.
const CORE_FORBIDDEN_WORDS: &[&str] = &[
    "SystemTime",
    "Instant::now",
    "::now(",
    "Zoned",
    "Timestamp::now",
    "stdin(",
    "stdout(",
    "stderr(",
    "env::var",
    "println!",
    "print!",
    "eprintln!",
    "eprint!",
    "dbg!",
];

/// The code of a file without its comments (`//` to the end of the line, except in `://`).
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut cut = line.len();
        let mut from = 0;
        while let Some(i) = line[from..].find("//") {
            let at = from + i;
            if at > 0 && line.as_bytes()[at - 1] == b':' {
                from = at + 2;
                continue;
            }
            cut = at;
            break;
        }
        out.push_str(&line[..cut]);
        out.push('\n');
    }
    out
}

/// Expands a use tree (`std::{fs, io::{self, stdin}}`) into full paths.
fn expand_use(tree: &str) -> Vec<String> {
    let tree: String = tree.split_whitespace().collect();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or(&tree);
        return vec![path.trim_end_matches("::self").to_string()];
    };
    let prefix = &tree[..open];
    let inner = tree[open + 1..].strip_suffix('}').unwrap_or(&tree[open + 1..]);
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    let mut out = Vec::new();
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        for path in expand_use(part) {
            let path =
                if path == "self" { prefix.trim_end_matches("::").to_string() } else { format!("{prefix}{path}") };
            out.push(path);
        }
    }
    out
}

/// Every `use` in a file, expanded.
fn imports(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + 4..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let end = rest.find(';').unwrap_or(rest.len());
        out.extend(expand_use(&rest[..end]));
        rest = &rest[end..];
    }
    out
}

/// What a core file does that the core must not.
fn core_offences(name: &str, text: &str) -> Vec<String> {
    let code = code_of(text);
    let mut out = Vec::new();
    let names = |path: &str, bad: &str| path == bad || path.starts_with(&format!("{bad}::"));
    for path in imports(&code) {
        let path = path.trim_start_matches("::");
        for bad in CORE_FORBIDDEN_PATHS {
            if names(path, bad) {
                out.push(format!("{name}: imports `{path}`"));
            }
        }
    }
    for (n, line) in code.lines().enumerate() {
        let squashed: String = line.split_whitespace().collect();
        for bad in CORE_FORBIDDEN_PATHS {
            // Inline paths (`std::fs::read(..)`, `crate::vault::load(..)`), at a word's start.
            let mut from = 0;
            while let Some(i) = squashed[from..].find(bad) {
                let at = from + i;
                let before = squashed[..at].chars().next_back();
                let after = squashed[at + bad.len()..].chars().next();
                let starts_word = !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':');
                let ends_word = !after.is_some_and(|c| c.is_alphanumeric() || c == '_');
                if starts_word && ends_word && bad.contains("::") {
                    out.push(format!("{name}:{}: `{bad}`: {}", n + 1, line.trim()));
                }
                from = at + bad.len();
            }
        }
        for word in CORE_FORBIDDEN_WORDS {
            if squashed.contains(word) {
                out.push(format!("{name}:{}: `{word}`: {}", n + 1, line.trim()));
            }
        }
    }
    out
}

#[test]
fn the_purity_check_catches_planted_violations() {
    let planted = [
        "use std::fs;",
        "use std::{fs, env};",
        "use std::{\n    collections::HashMap,\n    io::{self, stdin},\n};",
        "use std::io::{stdin, Read};",
        "fn f() { let t = jiff::Timestamp::now(); }",
        "fn f() { let d = jiff::ZonedDateTime::now().date(); }",
        "fn f() { let mut s = String::new(); std::io::stdin().read_line(&mut s); }",
        "fn f() { let x = std::fs::read_to_string(\"a\"); }",
        "use crate::vault;",
        "use crate::{store::Store, lsp};",
        "fn f() { crate::cli::run(); }",
        "use crate::config::load;",
        "use tokio::sync::Mutex;",
        "use rusqlite::Connection;",
        "fn f() { println!(\"x\"); }",
        "fn f() { let now = std::time::Instant::now(); }",
        "fn f() { let v = std::env::var(\"HOME\"); }",
    ];
    for snippet in planted {
        assert!(!core_offences("planted.rs", snippet).is_empty(), "the check let this through:\n{snippet}");
    }
    let clean = [
        "use crate::core::text::Span;\nuse std::collections::HashMap;",
        "// reads no file: std::fs lives at the edges\nfn f() {}",
        "/// see http://example.com/stdout for why\nfn f() {}",
        "fn f(today: Date) -> Date { today }",
        "use crate::core::{keys, note::{parse, NoteFacts}};",
    ];
    for snippet in clean {
        let found = core_offences("clean.rs", snippet);
        assert!(found.is_empty(), "a false alarm on:\n{snippet}\n{found:?}");
    }
}

#[test]
fn core_is_free_of_io_sqlite_lsp_tokio_the_clock_and_the_edges() {
    let core = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core");
    let files = rust_files(&core);
    assert!(files.len() >= 5, "expected the core's files under {}", core.display());
    let mut offences = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        offences.extend(core_offences(&file.display().to_string(), &text));
    }
    assert!(offences.is_empty(), "src/core must stay pure:\n{}", offences.join("\n"));
}

/// What a language-server file writes to stdout outside the transport.
fn stdout_offences(name: &str, text: &str) -> Vec<String> {
    let code = code_of(text);
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        for word in ["println!", "print!", "io::stdout", "dbg!"] {
            if line.contains(word) && !line.contains("eprint") {
                out.push(format!("{name}:{}: `{word}`: {}", n + 1, line.trim()));
            }
        }
    }
    out
}

#[test]
fn the_stdout_check_catches_planted_violations() {
    for snippet in ["fn f() { println!(\"hi\"); }", "fn f() { let o = std::io::stdout(); }", "fn f() { dbg!(1); }"] {
        assert!(!stdout_offences("planted.rs", snippet).is_empty(), "the check let this through: {snippet}");
    }
    assert!(stdout_offences("clean.rs", "fn f() { eprintln!(\"to stderr\"); tracing::info!(\"x\"); }").is_empty());
}

#[test]
fn in_the_language_server_stdout_is_the_protocol() {
    let lsp = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lsp");
    let mut offences = Vec::new();
    for file in rust_files(&lsp) {
        // The one writer of stdout: it writes whole frames the protocol library produced.
        if file.ends_with("transport.rs") {
            continue;
        }
        offences.extend(stdout_offences(&file.display().to_string(), &std::fs::read_to_string(&file).unwrap()));
    }
    assert!(offences.is_empty(), "only lsp/transport.rs may write to stdout:\n{}", offences.join("\n"));
    let module = std::fs::read_to_string(lsp.join("mod.rs")).unwrap();
    assert!(module.contains("#![deny(clippy::print_stdout)]"), "src/lsp/mod.rs lost its print_stdout guard");
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
