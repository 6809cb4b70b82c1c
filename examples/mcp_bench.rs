//! Round-trip time of every read tool of `ties mcp` once the vault is loaded, as a client sees
//! it (JSON-RPC over stdio included): `cargo run --release --example mcp_bench -- --ties
//! target/release/ties --dir VAULT [--today YYYY-MM-DD] [--runs 3]`. Prints the median of the
//! runs per call, after one warm-up call each.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

struct Server {
    stdin: std::process::ChildStdin,
    stdout: BufReader<std::process::ChildStdout>,
    id: u64,
}

impl Server {
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.id += 1;
        let msg = json!({"jsonrpc": "2.0", "id": self.id, "method": method, "params": params});
        writeln!(self.stdin, "{msg}").unwrap();
        self.stdin.flush().unwrap();
        loop {
            let mut line = String::new();
            if self.stdout.read_line(&mut line).unwrap() == 0 {
                panic!("the server closed its output");
            }
            let reply: Value = serde_json::from_str(&line).unwrap();
            if reply["id"] == json!(self.id) {
                return reply;
            }
        }
    }

    fn tool(&mut self, name: &str, args: Value) -> Value {
        let reply = self.request("tools/call", json!({"name": name, "arguments": args}));
        let result = &reply["result"];
        assert!(result["isError"] != json!(true), "{name} {args}: {reply}");
        result["structuredContent"].clone()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let ties = arg(&args, "--ties").unwrap_or_else(|| "target/release/ties".into());
    let dir = arg(&args, "--dir").expect("--dir VAULT");
    let today = arg(&args, "--today").unwrap_or_else(|| "2026-11-26".into());
    let runs: usize = arg(&args, "--runs").map_or(3, |r| r.parse().expect("--runs N"));
    let started = Instant::now();
    let mut child = Command::new(&ties)
        .args(["--today", &today, "mcp", "--no-watch", &dir])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("ties starts");
    let mut server =
        Server { stdin: child.stdin.take().unwrap(), stdout: BufReader::new(child.stdout.take().unwrap()), id: 0 };
    let init =
        json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}});
    server.request("initialize", init);
    writeln!(server.stdin, "{}", json!({"jsonrpc": "2.0", "method": "notifications/initialized"})).unwrap();
    eprintln!("loaded and initialized in {:?}", started.elapsed());

    // Real arguments from the vault itself: of the 100 contacts ranked first, the person and
    // the company with the most exchanges (the largest cards).
    let top = server.tool("find_contacts", json!({"limit": 100}));
    let busiest = |server: &mut Server, kind: &str| {
        let items = top["items"].as_array().unwrap().iter().filter(|c| c["kind"] == kind);
        let handles: Vec<String> = items.map(|c| c["handle"].as_str().unwrap().to_string()).collect();
        let count = |s: &mut Server, h: &str| s.tool("get_contact", json!({"handle": h}))["exchange_count"].as_u64();
        let mut best = (0, String::new());
        for h in handles {
            let n = count(server, &h).unwrap_or(0);
            if n >= best.0 {
                best = (n, h);
            }
        }
        eprintln!("busiest {kind}: {} ({} exchanges)", best.1, best.0);
        best.1
    };
    let person = busiest(&mut server, "person");
    let company = busiest(&mut server, "company");
    let word = person.split('-').next().unwrap().to_string();
    let calls: Vec<(&str, Value)> = vec![
        ("find_contacts", json!({"query": ""})),
        ("find_contacts", json!({"query": word})),
        ("find_contacts", json!({"query": "zz qq"})),
        ("get_contact", json!({"handle": person})),
        ("get_contact", json!({"handle": company})),
        ("list_follow_ups", json!({"status": "all"})),
        ("list_follow_ups", json!({"status": "overdue", "limit": 100})),
        ("contact_history", json!({"handle": person, "limit": 100})),
        ("contact_history", json!({"handle": person, "cursor": "200"})),
        ("search_notes", json!({"text": "coffee"})),
        ("who_at", json!({"company": company})),
    ];
    println!("{:<16} {:<44} {:>10} {:>8}", "TOOL", "ARGUMENTS", "MEDIAN", "TOTAL");
    for (tool, args) in calls {
        let answer = server.tool(tool, args.clone());
        let mut times: Vec<Duration> = (0..runs)
            .map(|_| {
                let t = Instant::now();
                server.tool(tool, args.clone());
                t.elapsed()
            })
            .collect();
        times.sort();
        let shown: String = args.to_string().chars().take(44).collect();
        let total = answer.get("total").map_or("-".to_string(), Value::to_string);
        println!("{tool:<16} {shown:<44} {:>8.2}ms {total:>8}", times[runs / 2].as_secs_f64() * 1e3);
    }
    drop(server);
    let _ = child.wait();
}
