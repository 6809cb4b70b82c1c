//! The end-to-end benchmark: the real `ties` binary (release) on generated vaults.
//!
//!     cargo run --release --example lsp_bench -- [--sizes 1000,10000,100000] [--iters 50]
//!                                                [--profile normal|heavy]
//!                                                [--json out.json] [--quick] [--dir DIR]
//!
//! For each size it generates a vault of the profile (cached under --dir, default
//! target/bench-vaults), then measures `ties index` with no cache, with an empty cache (the
//! cache write included) and warm (median of 3 each), and `ties lsp` over stdio: initialize ->
//! first correct completion (cold: empty cache; warm: cache present), completion latency, and
//! hover / definition / references latency (p50, p95 over --iters requests) on two contacts:
//! the busiest one and one with 500+ mentions; the largest hover in bytes; didChange of a 20
//! KB note -> publishDiagnostics, and the server's peak RSS (VmHWM). The heavy profile also
//! times `ties check` on a vault of one 8 MB note with 400,000 dated sections, with an empty
//! cache. `--quick` is the CI smoke run: a 300-note vault and 5 iterations, no targets checked.

#[path = "gen_vault.rs"]
#[allow(dead_code)]
mod gen_vault;

use serde_json::{Value, json};
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

struct Lsp {
    child: Child,
    stdin: std::process::ChildStdin,
    rx: mpsc::Receiver<Value>,
    next_id: i64,
    notifications: Vec<Value>,
}

impl Lsp {
    fn start(bin: &Path, cache: &Path) -> Lsp {
        let mut child = Command::new(bin)
            .args(["--today", "2026-11-26", "--cache-dir"])
            .arg(cache)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ties lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(Ok(body)) = ties::lsp::framing::read_frame(&mut r) {
                if tx.send(serde_json::from_slice(&body).unwrap_or(Value::Null)).is_err() {
                    return;
                }
            }
        });
        Lsp { child, stdin, rx, next_id: 0, notifications: Vec::new() }
    }

    fn send(&mut self, v: &Value) {
        self.stdin.write_all(&ties::lsp::framing::frame(&serde_json::to_vec(v).unwrap())).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn recv(&mut self) -> Value {
        let msg = self.rx.recv_timeout(Duration::from_secs(120)).expect("server answered");
        if msg.get("method").is_some() && msg.get("id").is_some() {
            let id = msg["id"].clone();
            self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
        }
        msg
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let msg = self.recv();
            if msg.get("method").is_none() && msg["id"] == json!(id) {
                return msg["result"].clone();
            }
            if msg.get("method").is_some() {
                self.notifications.push(msg);
            }
        }
    }

    fn wait_notification(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let msg = self.recv();
            if pred(&msg) {
                return msg;
            }
        }
    }

    /// initialize (UTF-8) on `vault`, initialized, and open one note.
    fn open_vault(&mut self, vault: &Path, note_uri: &str, text: &str) {
        self.request(
            "initialize",
            json!({"processId": null, "rootUri": uri(vault), "capabilities": {"general": {"positionEncodings": ["utf-8"]}}}),
        );
        self.notify("initialized", json!({}));
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": note_uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    fn peak_rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let _ = self.child.wait();
    }
}

fn uri(p: &Path) -> String {
    let mut s = String::from("file://");
    for c in p.to_string_lossy().chars() {
        match c {
            ' ' => s.push_str("%20"),
            c => s.push(c),
        }
    }
    s
}

fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(f64::total_cmp);
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[i.min(samples.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs a `ties` command and returns its wall time.
fn timed(bin: &Path, args: &[&str]) -> f64 {
    let t = Instant::now();
    let out = Command::new(bin).args(args).output().expect("run ties");
    assert!(out.status.success(), "ties {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    ms(t.elapsed())
}

fn median3(mut f: impl FnMut() -> f64) -> f64 {
    let mut v = [f(), f(), f()];
    percentile(&mut v, 0.5)
}

#[derive(Default)]
struct Row {
    notes: usize,
    mb: f64,
    index_cold: f64,
    index_empty_cache: f64,
    index_warm: f64,
    /// `ties check` on one 8 MB note, empty cache and no cache (heavy profile only).
    big_note_check: Option<(f64, f64)>,
    hover_bytes: usize,
    top_mentions: usize,
    busy_mentions: usize,
    first_completion_cold: f64,
    first_completion_warm: f64,
    lat: Vec<(&'static str, f64, f64)>,
    did_change: (f64, f64),
    rss_mb: f64,
    references_count: usize,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut sizes = vec![1000usize, 10_000, 100_000];
    let mut iters = 50;
    let mut json_out: Option<PathBuf> = None;
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-vaults");
    let mut quick = false;
    let mut profile = gen_vault::Profile::Normal;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--profile" => {
                profile = args.next().as_deref().and_then(gen_vault::Profile::parse).expect("--profile normal|heavy")
            }
            "--sizes" => sizes = args.next().unwrap().split(',').map(|s| s.trim().parse().unwrap()).collect(),
            "--iters" => iters = args.next().unwrap().parse().unwrap(),
            "--json" => json_out = args.next().map(PathBuf::from),
            "--dir" => dir = args.next().map(PathBuf::from).unwrap(),
            "--quick" => quick = true,
            other => panic!("unknown argument {other}"),
        }
    }
    if quick {
        sizes = vec![300];
        iters = 5;
    }
    // URIs need absolute paths.
    std::fs::create_dir_all(&dir).expect("create the vaults folder");
    let dir = dir.canonicalize().expect("the vaults folder");
    // The binary under test: built in release next to this example.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--bin", "ties", "--manifest-path"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .status()
        .expect("cargo build");
    assert!(status.success());
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/ties");

    let mut rows = Vec::new();
    for &n in &sizes {
        let prefix = if profile == gen_vault::Profile::Heavy { "h" } else { "v" };
        let vault = dir.join(format!("{prefix}{n}"));
        let info_path = vault.join(".bench-info.json");
        let info: Value = match std::fs::read_to_string(&info_path).ok().and_then(|s| serde_json::from_str(&s).ok()) {
            Some(v) => v,
            None => {
                let _ = std::fs::remove_dir_all(&vault);
                eprintln!("generating {n} notes in {}", vault.display());
                let g = gen_vault::generate_profile(&vault, n, n / 10, 7, profile);
                let v = json!({"bytes": g.bytes, "top_handle": g.top_handle, "top_name": g.top_name,
                               "busy_handle": g.busy_handle, "busy_mentions": g.busy_mentions,
                               "top_mentions": g.top_mentions, "big_note": g.big_note});
                std::fs::write(&info_path, v.to_string()).unwrap();
                v
            }
        };
        let busy = info["busy_handle"].as_str().unwrap().to_string();
        let top = info["top_handle"].as_str().unwrap().to_string();
        let mut row = Row {
            notes: n,
            mb: info["bytes"].as_f64().unwrap() / 1e6,
            busy_mentions: info["busy_mentions"].as_u64().unwrap_or(0) as usize,
            top_mentions: info["top_mentions"].as_u64().unwrap_or(0) as usize,
            ..Row::default()
        };
        let vault_s = vault.to_string_lossy().to_string();

        eprintln!("[{n}] ties index");
        row.index_cold = median3(|| timed(&bin, &["--today", "2026-11-26", "--no-cache", "index", &vault_s]));
        row.index_empty_cache = median3(|| {
            let fresh = tempfile_dir(&dir, "empty-cache");
            let t = timed(&bin, &["--cache-dir", &fresh.to_string_lossy(), "index", &vault_s]);
            let _ = std::fs::remove_dir_all(&fresh);
            t
        });
        let cache = tempfile_dir(&dir, "cache");
        let cache_s = cache.to_string_lossy().to_string();
        timed(&bin, &["--cache-dir", &cache_s, "index", &vault_s]);
        row.index_warm = median3(|| timed(&bin, &["--cache-dir", &cache_s, "index", &vault_s]));
        if profile == gen_vault::Profile::Heavy {
            row.big_note_check = Some(big_note_check(&bin, &dir));
        }

        // A 20 KB note to edit. Hover, definition and references are asked about a contact with 500+ mentions.
        let note_path = vault.join("journal/bench-edit.md");
        let mut text = format!(
            "# 2026-11-20\n\nCoffee with @{busy} about the platform team.\nLunch with @{top}.\n\n- [ ] send @{busy} the deck 📅 2026-11-20\n\n"
        );
        while text.len() < 20_000 {
            text.push_str("Notes from the week: talked about hiring, the roadmap and the migration with the team. ");
            if text.len() % 7 == 0 {
                text.push('\n');
            }
        }
        text.push_str("\nPing @\n");
        std::fs::write(&note_path, &text).unwrap();
        let note_uri = uri(&note_path);
        let last_line = text.lines().count() - 1;

        // The correct answer: what a fully indexed server offers first after `@`.
        let expected = {
            let mut lsp = Lsp::start(&bin, &cache);
            lsp.open_vault(&vault, &note_uri, &text);
            std::thread::sleep(Duration::from_millis(if n >= 50_000 { 8000 } else { 2000 }));
            // Indexing is over by now; wait anyway until the answer has items.
            let waited = Instant::now();
            let r = loop {
                let r = lsp.request(
                    "textDocument/completion",
                    json!({"textDocument": {"uri": note_uri}, "position": {"line": last_line, "character": 6}}),
                );
                if r["items"][0]["textEdit"]["newText"].is_string() {
                    break r;
                }
                assert!(waited.elapsed() < Duration::from_secs(60), "no completion items after a minute: {r}");
                std::thread::sleep(Duration::from_millis(50));
            };
            lsp.stop();
            r["items"][0]["textEdit"]["newText"].clone()
        };
        eprintln!("[{n}] the first completion should be {expected}");
        for (label, fresh_cache) in [("cold", true), ("warm", false)] {
            eprintln!("[{n}] lsp {label}");
            let c = if fresh_cache { tempfile_dir(&dir, "lsp-cache") } else { cache.clone() };
            let mut lsp = Lsp::start(&bin, &c);
            let t = Instant::now();
            lsp.open_vault(&vault, &note_uri, &text);
            // Poll until the completion is the fully indexed server's answer.
            loop {
                let r = lsp.request(
                    "textDocument/completion",
                    json!({"textDocument": {"uri": note_uri}, "position": {"line": last_line, "character": 6}}),
                );
                if r["items"][0]["textEdit"]["newText"] == expected {
                    break;
                }
                assert!(t.elapsed() < Duration::from_secs(120), "no correct completion after 2 minutes");
                std::thread::sleep(Duration::from_millis(5));
            }
            let first = ms(t.elapsed());
            if fresh_cache {
                row.first_completion_cold = first;
            } else {
                row.first_completion_warm = first;
                // Let indexing finish before measuring steady-state latencies.
                std::thread::sleep(Duration::from_millis(if n >= 50_000 { 3000 } else { 500 }));
                let pos_busy = json!({"textDocument": {"uri": note_uri}, "position": {"line": 2, "character": 15}});
                let pos_top = json!({"textDocument": {"uri": note_uri}, "position": {"line": 3, "character": 13}});
                let refs = |p: &Value| {
                    let mut p = p.clone();
                    p["context"] = json!({"includeDeclaration": false});
                    p
                };
                let mut edit_version = 2;
                let cases: Vec<(&'static str, &str, Value)> = vec![
                    (
                        "completion",
                        "textDocument/completion",
                        json!({"textDocument": {"uri": note_uri}, "position": {"line": last_line, "character": 6}}),
                    ),
                    ("hover", "textDocument/hover", pos_busy.clone()),
                    ("definition", "textDocument/definition", pos_busy.clone()),
                    ("references", "textDocument/references", refs(&pos_busy)),
                    ("hover (busiest)", "textDocument/hover", pos_top.clone()),
                    ("definition (busiest)", "textDocument/definition", pos_top.clone()),
                    ("references (busiest)", "textDocument/references", refs(&pos_top)),
                ];
                for (name, method, params) in cases {
                    let mut samples = Vec::new();
                    let mut count = 0;
                    for _ in 0..iters {
                        let t = Instant::now();
                        let r = lsp.request(method, params.clone());
                        samples.push(ms(t.elapsed()));
                        count = r.as_array().map_or(0, Vec::len);
                        if let Some(md) = r["contents"]["value"].as_str() {
                            row.hover_bytes = row.hover_bytes.max(md.len());
                        }
                    }
                    if name.starts_with("references") {
                        eprintln!("[{n}] {name}: {count} mentions");
                        if name == "references" {
                            row.references_count = count;
                        } else {
                            row.top_mentions = count;
                        }
                    }
                    row.lat.push((name, percentile(&mut samples, 0.5), percentile(&mut samples, 0.95)));
                }
                // didChange -> publishDiagnostics for the edited note.
                let mut samples = Vec::new();
                for _ in 0..iters.min(20) {
                    edit_version += 1;
                    let changed =
                        text.replace("Coffee with", if edit_version % 2 == 0 { "Tea with" } else { "Coffee with" });
                    std::thread::sleep(Duration::from_millis(40));
                    let t = Instant::now();
                    lsp.notify(
                        "textDocument/didChange",
                        json!({"textDocument": {"uri": note_uri, "version": edit_version}, "contentChanges": [{"text": changed}]}),
                    );
                    let v = edit_version;
                    let u = note_uri.clone();
                    lsp.wait_notification(|m| {
                        m["method"] == "textDocument/publishDiagnostics"
                            && m["params"]["uri"] == json!(u)
                            && m["params"]["version"] == json!(v)
                    });
                    samples.push(ms(t.elapsed()));
                }
                row.did_change = (percentile(&mut samples, 0.5), percentile(&mut samples, 0.95));
                row.rss_mb = lsp.peak_rss_kb() as f64 / 1024.0;
            }
            lsp.stop();
        }
        let _ = std::fs::remove_file(&note_path);
        rows.push(row);
    }

    println!(
        "\n| measure | {} |",
        rows.iter().map(|r| format!("{} notes ({:.0} MB)", r.notes, r.mb)).collect::<Vec<_>>().join(" | ")
    );
    println!("|---|{}", "---|".repeat(rows.len()));
    let line = |name: &str, f: &dyn Fn(&Row) -> String| {
        println!("| {name} | {} |", rows.iter().map(f).collect::<Vec<_>>().join(" | "));
    };
    line("ties index --no-cache (cold)", &|r| format!("{:.0} ms", r.index_cold));
    line("ties index, empty cache (with the cache write)", &|r| format!("{:.0} ms", r.index_empty_cache));
    line("ties index (warm cache)", &|r| format!("{:.0} ms", r.index_warm));
    line("one 8 MB note, 400k sections: ties check, empty cache / --no-cache", &|r| {
        r.big_note_check.map_or("-".into(), |(c, n)| format!("{c:.0} / {n:.0} ms"))
    });
    line("initialize -> first correct completion, cold", &|r| format!("{:.0} ms", r.first_completion_cold));
    line("initialize -> first correct completion, warm", &|r| format!("{:.0} ms", r.first_completion_warm));
    let names = [
        "completion",
        "hover",
        "definition",
        "references",
        "hover (busiest)",
        "definition (busiest)",
        "references (busiest)",
    ];
    for (i, name) in names.iter().enumerate() {
        line(&format!("{name} p50 / p95"), &|r| {
            r.lat.get(i).map_or("-".into(), |(_, p50, p95)| format!("{p50:.2} / {p95:.2} ms"))
        });
    }
    line("(mentions returned by references: 500+ contact / busiest)", &|r| {
        format!("{} / {}", r.references_count, r.top_mentions)
    });
    line("largest hover", &|r| format!("{} bytes", r.hover_bytes));
    line("didChange (20 KB) -> publishDiagnostics p50 / p95", &|r| {
        format!("{:.2} / {:.2} ms", r.did_change.0, r.did_change.1)
    });
    line("peak RSS of ties lsp", &|r| format!("{:.0} MB", r.rss_mb));

    if let Some(path) = json_out {
        let out: Vec<Value> = rows
            .iter()
            .map(|r| {
                json!({
                    "notes": r.notes, "mb": r.mb, "index_cold_ms": r.index_cold, "index_warm_ms": r.index_warm,
                    "index_empty_cache_ms": r.index_empty_cache, "hover_bytes": r.hover_bytes,
                    "busiest_references": r.top_mentions, "busy_mentions": r.busy_mentions,
                    "big_note_check_ms": r.big_note_check.map(|(c, n)| json!({"empty_cache": c, "no_cache": n})),
                    "first_completion_cold_ms": r.first_completion_cold, "first_completion_warm_ms": r.first_completion_warm,
                    "latency_ms": r.lat.iter().map(|(n, p50, p95)| json!({"request": n, "p50": p50, "p95": p95})).collect::<Vec<_>>(),
                    "did_change_ms": {"p50": r.did_change.0, "p95": r.did_change.1},
                    "peak_rss_mb": r.rss_mb, "references_count": r.references_count,
                })
            })
            .collect();
        std::fs::write(&path, serde_json::to_string_pretty(&out).unwrap()).unwrap();
        eprintln!("wrote {}", path.display());
    }
}

/// `ties check` on a vault of one 8 MB note with 400,000 dated sections (and its three
/// contacts), with an empty cache and without a cache: medians of 3, in ms.
fn big_note_check(bin: &Path, dir: &Path) -> (f64, f64) {
    let vault = dir.join("big-note");
    let note = vault.join("journal/life-log.md");
    if !note.exists() {
        let handles: Vec<String> = ["ann-hitter", "bo-hitter", "cy-hitter"].map(String::from).to_vec();
        for h in &handles {
            let p = vault.join(format!("people/{h}.md"));
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, format!("---\nkind: person\nname: {h}\n---\n")).unwrap();
        }
        let (text, _) = gen_vault::big_journal(&handles, 400_000, 7);
        std::fs::create_dir_all(note.parent().unwrap()).unwrap();
        std::fs::write(&note, text).unwrap();
    }
    let vault_s = vault.to_string_lossy().to_string();
    // `ties check` exits 1 when it finds warnings: only a crash (or 2) is a failure here.
    let check = |extra: &[&str]| {
        let t = Instant::now();
        let out =
            Command::new(bin).args(["--today", "2026-11-26"]).args(extra).args(["check", &vault_s]).output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "ties check failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        ms(t.elapsed())
    };
    let cached = median3(|| {
        let fresh = tempfile_dir(dir, "big-note-cache");
        let t = check(&["--cache-dir", &fresh.to_string_lossy()]);
        let _ = std::fs::remove_dir_all(&fresh);
        t
    });
    let uncached = median3(|| check(&["--no-cache"]));
    eprintln!("one 8 MB note: ties check {cached:.0} ms with an empty cache, {uncached:.0} ms without");
    (cached, uncached)
}

/// A fresh empty folder under `dir`.
fn tempfile_dir(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    p
}
