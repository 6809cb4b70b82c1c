//! How long `ties import linkedin` takes: 3,000 LinkedIn rows (a third of them people already in
//! the vault, some with a new job) into a generated 10k-note vault, with no cache and with a
//! warm one, median of 3 runs on fresh copies; then a re-import of the same file.
//!
//!     cargo build --release && cargo run --release --example import_bench -- [--notes 10000] [--rows 3000]

#[path = "gen_vault.rs"]
#[allow(dead_code)]
mod gen_vault;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut notes, mut rows) = (10_000usize, 3_000usize);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--notes" => notes = args.next().and_then(|v| v.parse().ok()).expect("--notes N"),
            "--rows" => rows = args.next().and_then(|v| v.parse().ok()).expect("--rows N"),
            other => panic!("unknown argument {other}"),
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = root.join("target/release/ties");
    assert!(bin.exists(), "build the release binary first: cargo build --release");
    let work = root.join("target/bench-vaults/import");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).unwrap();
    let csv = work.join("Connections.csv");

    let mut cold = Vec::new();
    let mut warm = Vec::new();
    let mut again = Vec::new();
    for run in 0..3 {
        for (kind, times) in [("cold", &mut cold), ("warm", &mut warm)] {
            let vault = work.join(format!("vault-{kind}-{run}"));
            gen_vault::generate(&vault, notes, 7);
            // The generated notes are flushed first: else the import's syncs pay for writing
            // back the whole fresh vault, which a real vault does not ask.
            let _ = Command::new("sync").status();
            if !csv.exists() {
                std::fs::write(&csv, connections(&vault, rows)).unwrap();
            }
            let cache = work.join(format!("cache-{kind}-{run}"));
            let mut cmd = Command::new(&bin);
            cmd.args(["--today", "2026-11-30"]).arg("--cache-dir").arg(&cache);
            if kind == "cold" {
                cmd.arg("--no-cache");
            } else {
                let ok = Command::new(&bin).arg("--cache-dir").arg(&cache).arg("index").arg(&vault).output().unwrap();
                assert!(ok.status.success());
            }
            cmd.args(["import", "linkedin"]).arg(&csv).arg(&vault);
            let t = time(&mut cmd);
            times.push(t);
            if kind == "warm" {
                let mut cmd = Command::new(&bin);
                cmd.args(["--today", "2026-11-30"]).arg("--cache-dir").arg(&cache);
                cmd.args(["import", "linkedin"]).arg(&csv).arg(&vault);
                let before = tree_size(&vault);
                again.push(time(&mut cmd));
                assert_eq!(tree_size(&vault), before, "the re-import changed the vault");
            }
        }
    }
    println!("{rows} rows into {notes} notes (median of 3):");
    println!("  import, no cache:      {:.0} ms {:?}", median(&mut cold), ms(&cold));
    println!("  import, warm cache:    {:.0} ms {:?}", median(&mut warm), ms(&warm));
    println!("  re-import (no change): {:.0} ms {:?}", median(&mut again), ms(&again));
}

/// (files, bytes) of the notes, to see a re-import change nothing.
fn tree_size(dir: &Path) -> (usize, u64) {
    let mut out = (0, 0);
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            let (n, b) = tree_size(&p);
            out = (out.0 + n, out.1 + b);
        } else {
            out = (out.0 + 1, out.1 + e.metadata().map_or(0, |m| m.len()));
        }
    }
    out
}

/// Wall time of the command in ms; prints its last line and, through /usr/bin/time when there
/// is one, its CPU time (on a shared machine the wall time alone says little).
fn time(cmd: &mut Command) -> f64 {
    let timed = Path::new("/usr/bin/time").exists();
    let mut wrapped = if timed {
        let mut w = Command::new("/usr/bin/time");
        w.args(["-f", "cpu: %U s user, %S s sys"]).arg(cmd.get_program()).args(cmd.get_args());
        w
    } else {
        Command::new(cmd.get_program())
    };
    if !timed {
        wrapped.args(cmd.get_args());
    }
    let start = Instant::now();
    let out = wrapped.output().unwrap();
    let t = start.elapsed().as_secs_f64() * 1000.0;
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let cpu = String::from_utf8_lossy(&out.stderr).lines().last().unwrap_or("").to_string();
    eprintln!("{:.0} ms ({cpu}): {}", t, stdout.lines().last().unwrap_or(""));
    t
}

fn ms(v: &[f64]) -> Vec<u64> {
    v.iter().map(|t| *t as u64).collect()
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Names of the people in a generated vault.
fn names(vault: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let dir: PathBuf = vault.join("people");
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        if let Some(n) = text.lines().find_map(|l| l.strip_prefix("name: ")) {
            out.push(n.trim().to_string());
        }
    }
    out.sort();
    out
}

/// A LinkedIn export: a BOM and preamble, a third known people, the rest new, 300 companies.
fn connections(vault: &Path, rows: usize) -> String {
    let known = names(vault);
    let mut s = String::from(
        "\u{feff}Notes:\n\"Some emails are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    );
    for i in 0..rows {
        let (first, last) = if i % 3 == 0 && !known.is_empty() {
            let n = &known[i / 3 % known.len()];
            let (f, l) = n.split_once(' ').unwrap_or((n, ""));
            (f.to_string(), l.to_string())
        } else {
            (format!("Person{i}"), format!("Généré{}", i % 97))
        };
        let company =
            if i % 7 == 0 { format!("\"Company {}, Inc.\"", i % 300) } else { format!("Company {}", i % 300) };
        let email = if i % 5 == 0 { format!("p{i}@example.com") } else { String::new() };
        s.push_str(&format!(
            "{first},{last},https://www.linkedin.com/in/p{i},{email},{company},Engineer {},{:02} Mar 2024\n",
            i % 4,
            i % 28 + 1
        ));
    }
    s
}
