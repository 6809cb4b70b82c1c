//! `ties intro`, `ties plan`, `ties stats` and `ties graph` on a 10k-note vault (1k contacts),
//! after the index is loaded: the target is 50 ms for intro and plan (docs/performance.md).
//! The vault is examples/gen_vault.rs's, with network front matter added to its notes: every
//! 7th person gets `introduced_by:` and `past_companies:`, every 20th meeting note `attendees:`.
//!
//!     cargo bench --bench network
//!     TIES_BENCH_QUICK=1 cargo bench --bench network -- --test   # smoke run (CI)

#[path = "../examples/gen_vault.rs"]
#[allow(dead_code)]
mod gen_vault;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use ties::core::config::Config;
use ties::core::date::{Cadence, parse_iso};
use ties::core::features::plan::PlanOptions;
use ties::core::features::{graph, intro, plan, stats};
use ties::core::note::{ContactKind, NoteFacts};
use ties::core::{Index, parse};

fn quick() -> bool {
    std::env::var("TIES_BENCH_QUICK").is_ok_and(|v| v == "1")
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

/// The generated vault with network front matter, parsed (summaries dropped, as the CLI keeps).
fn facts(notes: usize) -> Vec<NoteFacts> {
    let dir = tempfile::tempdir().unwrap();
    gen_vault::generate(dir.path(), notes, 11);
    let mut files = Vec::new();
    collect(dir.path(), dir.path(), &mut files);
    files.sort();
    let stem = |p: &str| p.rsplit('/').next().unwrap().trim_end_matches(".md").to_string();
    let people: Vec<String> = files.iter().filter(|(p, _)| p.starts_with("people/")).map(|(p, _)| stem(p)).collect();
    let companies: Vec<String> =
        files.iter().filter(|(p, _)| p.starts_with("companies/")).map(|(p, _)| stem(p)).collect();
    let (mut person, mut meeting) = (0usize, 0usize);
    for (path, text) in &mut files {
        if path.starts_with("people/") {
            person += 1;
            if person % 7 == 0 {
                let extra = format!(
                    "introduced_by: {}\npast_companies: [{}]\n",
                    people[(person * 31) % people.len()],
                    companies[(person * 17) % companies.len()]
                );
                *text = text.replacen("---\n", &format!("---\n{extra}"), 1);
            }
        } else if path.starts_with("meetings/") {
            meeting += 1;
            if meeting % 20 == 0 {
                let who: Vec<&str> = (0..3).map(|k| people[(meeting * 13 + k * 101) % people.len()].as_str()).collect();
                *text = format!("---\nattendees: [{}]\n---\n{text}", who.join(", "));
            }
        }
    }
    files
        .iter()
        .map(|(p, t)| {
            let mut f = parse(p, t);
            f.take_summaries();
            f
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let today = parse_iso("2026-11-26").unwrap();
    let config = Config {
        cadence_default: Cadence::parse("3mo"),
        cadence_weak: Cadence::parse("6w"),
        cadence_strong: Cadence::parse("30d"),
        ..Config::default()
    };
    let n = if quick() { 1000 } else { 10_000 };
    let all = facts(n);
    let index = Index::build(all.clone());
    // The target company with the most people, and a company with nobody (suggestions).
    let busiest = index
        .contacts()
        .filter(|(_, c)| c.kind == ContactKind::Company && c.target)
        .max_by_key(|(id, _)| index.people_at(*id).len())
        .map(|(id, _)| id)
        .expect("a target company");
    let name = index.contact(busiest).unwrap().name.clone();
    let mut empty = Index::build(all.clone());
    empty.upsert(parse("companies/nobody-inc.md", "---\nkind: company\nname: Nobody Inc\ntarget: true\n---\n"));
    let nobody = empty.find("nobody-inc").unwrap();
    eprintln!(
        "{} notes, {} contacts; intro into {name}: {} people, {} paths",
        index.len(),
        index.contacts().count(),
        index.people_at(busiest).len(),
        intro::intro_for(&index, busiest, today, &config).paths.len()
    );

    let mut g = c.benchmark_group(format!("{n} notes"));
    g.sample_size(20);
    g.bench_function("intro (busiest target)", |b| {
        b.iter(|| black_box(intro::intro_for(&index, busiest, today, &config)))
    });
    g.bench_function("intro (no way in: suggestions)", |b| {
        b.iter(|| black_box(intro::intro_for(&empty, nobody, today, &config)))
    });
    g.bench_function("plan (7 days, 10 people)", |b| {
        b.iter(|| black_box(plan::plan(&index, today, &config, PlanOptions::default())))
    });
    g.bench_function("stats", |b| b.iter(|| black_box(stats::stats(&index, today, &config))));
    g.bench_function("graph (200 nodes)", |b| b.iter(|| black_box(graph::graph(&index, today, 200))));
    g.finish();

    // The first answer from a freshly loaded index (no per-contact dates cached yet).
    let mut g = c.benchmark_group(format!("{n} notes, first call after load"));
    g.sample_size(10);
    g.bench_function("plan", |b| {
        b.iter_batched(
            || Index::build(all.clone()),
            |idx| {
                let n = black_box(plan::plan(&idx, today, &config, PlanOptions::default()).items.len());
                (idx, n) // dropped after the timing
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("intro (busiest target)", |b| {
        b.iter_batched(
            || Index::build(all.clone()),
            |idx| {
                let n = black_box(intro::intro_for(&idx, busiest, today, &config).paths.len());
                (idx, n)
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(network, benches);
criterion_main!(network);
