//! The hot paths, measured with criterion: parse throughput, re-indexing one edited note,
//! completion and hover on a 10k-contact index, the findings of an edited note, the cache
//! write of one note with many sections.
//!
//!     cargo bench --bench core              # full run
//!     TIES_BENCH_QUICK=1 cargo bench --bench core -- --test   # smoke run (CI)

#[path = "../examples/gen_vault.rs"]
#[allow(dead_code)]
mod gen_vault;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use ties::core::config::Config;
use ties::core::date::parse_iso;
use ties::core::features::{card, completion, findings};
use ties::core::{Index, parse};

fn quick() -> bool {
    std::env::var("TIES_BENCH_QUICK").is_ok_and(|v| v == "1")
}

/// Every note of a generated vault: (vault path, text).
fn notes(notes: usize, contacts: usize) -> (Vec<(String, String)>, gen_vault::Generated) {
    let dir = tempfile::tempdir().unwrap();
    let info = gen_vault::generate_with(dir.path(), notes, contacts, 11);
    let mut out = Vec::new();
    collect(dir.path(), dir.path(), &mut out);
    out.sort();
    (out, info)
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(root, &p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&p).unwrap()));
        }
    }
}

fn benches(c: &mut Criterion) {
    let today = parse_iso("2026-11-26").unwrap();
    let config = Config::default();

    // Parse throughput on ordinary notes.
    let (small, _) = notes(if quick() { 100 } else { 1000 }, 100);
    let bytes: usize = small.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function(format!("{} notes, {:.1} MB", small.len(), bytes as f64 / 1e6), |b| {
        b.iter(|| {
            for (path, text) in &small {
                black_box(parse(path, text));
            }
        })
    });
    g.finish();

    // A 10k-contact index (2k in quick mode).
    let (n, k) = if quick() { (2000, 1000) } else { (20_000, 10_000) };
    let (all, info) = notes(n, k);
    let index = Index::build(all.iter().map(|(p, t)| parse(p, t)));
    let mut index = index;
    let busy = index.find(&info.busy_handle).unwrap();

    // Editing one note: re-parse it and update the index (what every keystroke costs).
    let (path, text) = all.iter().find(|(p, _)| p.starts_with("journal/")).unwrap().clone();
    let edited = format!("{text}\nCoffee with @{} today.\n", info.busy_handle);
    let mut flip = false;
    c.bench_function("edit one note: parse + index update", |b| {
        b.iter(|| {
            flip = !flip;
            let t = if flip { &edited } else { &text };
            black_box(index.upsert(parse(&path, t)))
        })
    });
    let edited_id = index.id(&path).unwrap();
    c.bench_function("findings of the edited note", |b| {
        b.iter(|| black_box(findings::for_note(&index, edited_id, today, &config)))
    });

    let contacts = index.contacts().count();
    let mut g = c.benchmark_group(format!("{contacts} contacts"));
    let ctx = |prefix: &str| completion::Context {
        form: completion::Form::Handle,
        start: 0,
        end: 0,
        prefix: prefix.to_string(),
    };
    g.bench_function("completion after @", |b| {
        b.iter(|| black_box(completion::complete(&index, &ctx(""), today, 100)))
    });
    g.bench_function("completion after @an", |b| {
        b.iter(|| black_box(completion::complete(&index, &ctx("an"), today, 100)))
    });
    g.bench_function("hover card (500+ mentions)", |b| {
        b.iter(|| black_box(card::card_with(&index, busy, today, &config, Some(5))))
    });
    g.bench_function("references (500+ mentions)", |b| {
        b.iter(|| black_box(ties::core::features::navigation::references(&index, busy)))
    });
    g.finish();

    // The cache write of one big journal note: linear in its sections (it was quadratic: one
    // pass over the mentions per block). Per-section time should not grow from 10k to 40k.
    let mut g = c.benchmark_group("cache write, one note");
    g.sample_size(10);
    for sections in if quick() { vec![1_000, 4_000] } else { vec![10_000, 40_000] } {
        let mut text = String::new();
        for i in 0..sections {
            let (y, d) = (2008 + i / 25_000, i % 28 + 1);
            text.push_str(&format!("## {y}-03-{d:02}\nCoffee with @ann-{} about work.\n\n", i % 50));
        }
        let mut facts = parse("journal/big.md", &text);
        let summaries = facts.take_summaries();
        g.throughput(Throughput::Elements(sections as u64));
        g.bench_function(format!("{sections} sections"), |b| {
            b.iter(|| {
                let mut store = ties::store::Store::in_memory().unwrap();
                let put = ties::store::Put {
                    facts: &facts,
                    stamp: ties::store::Stamp { size: 0, mtime_ns: 0, hash: 0 },
                    summaries: &summaries,
                };
                store.apply(&ties::store::Update { upserts: vec![put], removed: &[] }).unwrap();
            })
        });
    }
    g.finish();
}

criterion_group!(core, benches);
criterion_main!(core);
