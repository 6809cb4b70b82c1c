//! A deterministic Obsidian-style vault with no contacts, for the "zero config, no noise"
//! benchmark: `cargo run --release --example gen_pkm_vault -- OUT [--notes N] [--seed S]`.
//! Writes N notes (default 6,000) of 1-3 KB: topic notes linking each other and pages not
//! written yet, daily notes named `DD-MM-YYYY` (set in `.obsidian/daily-notes.json`), image and
//! PDF embeds, `%% comments %%` with `@` in them, callouts, tags, code, e-mail addresses and
//! tasks that mention nobody. The same arguments always give the same files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// xorshift64*: enough randomness for test prose.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const WORDS: &[&str] = &[
    "graph", "note", "idea", "system", "habit", "review", "draft", "theory", "practice", "signal", "noise", "memory",
    "garden", "outline", "question", "answer", "source", "quote", "method", "pattern", "example", "summary", "index",
    "the", "a", "of", "and", "to", "in", "is", "that", "with", "for", "on", "as", "by", "this", "it", "from", "about",
];
const TOPICS: &[&str] = &[
    "Zettelkasten",
    "Spaced repetition",
    "Deep work",
    "Second brain",
    "Stoicism",
    "Rust ownership",
    "Linear algebra",
    "Bread baking",
    "Sourdough",
    "Climbing",
    "Typography",
    "Color theory",
    "Compilers",
    "Category theory",
];
const UNWRITTEN: &[&str] =
    &["kommandopaletten", "example", "Future reading", "Someday maybe", "Index of ideas", "Questions to ask"];

fn sentence(rng: &mut Rng, out: &mut String) {
    let n = 8 + rng.below(12);
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(rng.pick(WORDS));
    }
    out.push_str(". ");
}

fn topic_name(i: usize) -> String {
    format!("{} {}", TOPICS[i % TOPICS.len()], i / TOPICS.len())
}

/// DD-MM-YYYY for the i-th day back from 2026-11-26 (a plain proleptic calendar walk).
fn daily_name(i: usize) -> String {
    let days_in = |y: i32, m: u32| match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    };
    let (mut y, mut m, mut d) = (2026i32, 11u32, 26u32);
    for _ in 0..i {
        if d > 1 {
            d -= 1;
        } else {
            (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
            d = days_in(y, m);
        }
    }
    format!("{d:02}-{m:02}-{y}")
}

fn note(rng: &mut Rng, topics: usize) -> String {
    let mut s = String::new();
    if rng.chance(30) {
        let _ = writeln!(s, "---\ntags: [{}, {}]\nstatus: draft\n---", rng.pick(WORDS), rng.pick(WORDS));
    }
    let paragraphs = 4 + rng.below(6);
    for p in 0..paragraphs {
        match rng.below(10) {
            0 => {
                let _ = writeln!(s, "## {}\n", rng.pick(TOPICS));
            }
            1 => {
                let _ = writeln!(s, "> [!note] {}\n> ", rng.pick(WORDS));
            }
            2 => s.push_str("- [ ] "),
            3 => {
                let _ = writeln!(s, "```python\nprint('@decorator', 'a@b.c')\n```\n");
            }
            _ => {}
        }
        for _ in 0..2 + rng.below(3) {
            sentence(rng, &mut s);
        }
        match rng.below(8) {
            0 => {
                let _ = write!(s, "See [[{}]]. ", topic_name(rng.below(topics)));
            }
            1 => {
                let _ = write!(s, "Later: [[{}]]. ", rng.pick(UNWRITTEN));
            }
            2 => {
                let _ = write!(s, "![[figure-{}.png]] ", rng.below(500));
            }
            3 => {
                let _ = write!(s, "%% ask @someone-{} about it %% ", p);
            }
            4 => {
                let _ = write!(s, "[[{}#Notes|more]] and [[paper-{}.pdf]]. ", topic_name(rng.below(topics)), p);
            }
            5 => {
                let _ = write!(s, "Mail reader{}@example.com. #{} ", p, rng.pick(WORDS));
            }
            _ => {}
        }
        s.push_str("\n\n");
    }
    s
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut out: Option<PathBuf> = None;
    let (mut notes, mut seed) = (6000usize, 7u64);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--notes" => notes = args.next().and_then(|v| v.parse().ok()).expect("--notes N"),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).expect("--seed S"),
            _ => out = Some(PathBuf::from(a)),
        }
    }
    let out = out.expect("usage: gen_pkm_vault OUT [--notes N] [--seed S]");
    let write = |rel: &str, text: &str| -> std::io::Result<()> {
        let path: &Path = &out.join(rel);
        std::fs::create_dir_all(path.parent().expect("a file has a folder"))?;
        std::fs::write(path, text)
    };
    write(".obsidian/daily-notes.json", "{\"folder\": \"Daily\", \"format\": \"DD-MM-YYYY\"}\n")?;
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let dailies = notes / 3;
    let topics = notes - dailies;
    for i in 0..topics {
        write(&format!("Zettel/{}.md", topic_name(i)), &note(&mut rng, topics))?;
    }
    for i in 0..dailies {
        write(&format!("Daily/{}.md", daily_name(i)), &note(&mut rng, topics))?;
    }
    eprintln!("wrote {notes} notes to {}", out.display());
    Ok(())
}
