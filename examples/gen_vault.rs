//! A deterministic vault for benchmarks: `cargo run --release --example gen_vault -- OUT
//! --notes N [--seed S] [--heavy]`. Writes about N/10 contacts (people and companies with front
//! matter) and N journal and meeting notes of 1.5-3 KB of prose with `@handle`, `@[Name]` and
//! `[[wikilink]]` mentions (a few contacts get most of them), follow-ups in the four due-date
//! forms, and code blocks with decoy `@`s. The same arguments always give the same files.
//!
//! Profiles: `normal` spreads the notes over 2019-2026. `heavy` is a long-time user's vault: 18
//! years of notes (2008-2026), heavy hitters (three contacts in about every other note on top of
//! the skew, so the busiest has ~10k mentions at 10k notes), open tasks from 2008 that were
//! never ticked, and one 8 MB journal note with 400,000 dated sections.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// splitmix64: small, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    /// Skewed towards 0: a few contacts get most mentions, as in life.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64) * u * u * u) as usize % n.max(1)
    }
}

const FIRST: &[&str] = &[
    "Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kira", "Liam", "Maya", "Noah",
    "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zoë", "José", "Aiko",
];
const LAST: &[&str] = &[
    "Abbott", "Bianchi", "Chen", "Diallo", "Eriksen", "Fischer", "García", "Haddad", "Ivanova", "Jensen", "Kowalski",
    "Lopez", "Müller", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Singh", "Tanaka", "Usman", "Varga",
    "Wagner", "Xu", "Yilmaz", "Zhang",
];
const COMPANY_WORDS: &[&str] = &[
    "Acme",
    "Northwind",
    "Helio",
    "Ledger",
    "Quarry",
    "Fern",
    "Bright",
    "Cobalt",
    "Delta",
    "Ember",
    "Granite",
    "Harbor",
    "Indigo",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Nimbus",
    "Orbit",
    "Pioneer",
];
const COMPANY_KINDS: &[&str] = &["Labs", "Systems", "Health", "Energy", "Logistics", "Analytics", "Cloud", "Works"];
const ROLES: &[&str] = &[
    "Staff Engineer",
    "Engineering Manager",
    "Senior Backend Engineer",
    "Recruiter",
    "Product Manager",
    "Principal Engineer",
    "Data Scientist",
    "Founder",
    "Director of Engineering",
    "SRE",
];
const WORDS: &[&str] = &[
    "the",
    "platform",
    "team",
    "hiring",
    "role",
    "interview",
    "loop",
    "design",
    "review",
    "coffee",
    "lunch",
    "call",
    "referral",
    "intro",
    "opening",
    "backend",
    "migration",
    "latency",
    "database",
    "pipeline",
    "roadmap",
    "offer",
    "salary",
    "remote",
    "onsite",
    "manager",
    "reorg",
    "budget",
    "quarter",
    "launch",
    "incident",
    "postmortem",
    "we",
    "talked",
    "about",
    "how",
    "their",
    "and",
    "with",
    "for",
    "a",
    "next",
    "week",
    "after",
    "before",
    "shared",
    "notes",
    "on",
    "system",
    "scaling",
    "queue",
    "cache",
    "recommended",
    "book",
    "article",
    "conference",
    "talk",
    "meetup",
    "said",
    "might",
    "open",
    "new",
    "headcount",
    "in",
    "january",
    "kubernetes",
    "rust",
    "postgres",
    "kafka",
    "search",
];

struct Contact {
    stem: String,
    name: String,
    handle: String,
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'ä' => 'a',
            'é' | 'è' | 'ë' => 'e',
            'í' => 'i',
            'ó' | 'ö' => 'o',
            'ú' | 'ü' => 'u',
            'ç' => 'c',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Which kind of vault to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    Normal,
    Heavy,
}

impl Profile {
    pub fn parse(s: &str) -> Option<Profile> {
        match s {
            "normal" => Some(Profile::Normal),
            "heavy" => Some(Profile::Heavy),
            _ => None,
        }
    }

    /// The first year of the notes, and how many days they span.
    fn years(self) -> (usize, usize) {
        match self {
            Profile::Normal => (2019, 2400),
            Profile::Heavy => (2008, 6540),
        }
    }
}

/// Day `day` counted from January 1st of `year`, as `YYYY-MM-DD` (simple calendar walk).
pub fn date_from(year: usize, day: usize) -> String {
    let (mut y, mut d) = (year, day);
    loop {
        let len = if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) { 366 } else { 365 };
        if d < len {
            break;
        }
        d -= len;
        y += 1;
    }
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let months = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut m = 0;
    while d >= months[m] {
        d -= months[m];
        m += 1;
    }
    format!("{y:04}-{:02}-{:02}", m + 1, d + 1)
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(rng.pick(WORDS));
    }
    s
}

fn mention(rng: &mut Rng, contacts: &[Contact], counts: &mut [usize]) -> String {
    let i = rng.skewed(contacts.len());
    counts[i] += 1;
    let c = &contacts[i];
    match rng.below(10) {
        0..=4 => format!("@{}", c.handle),
        5..=6 => format!("@[{}]", c.name),
        7..=8 => format!("[[{}]]", c.stem),
        _ => format!("[[{}|{}]]", c.stem, c.name.split(' ').next().unwrap_or("")),
    }
}

fn due(rng: &mut Rng, day: &str) -> String {
    match rng.below(4) {
        0 => format!("📅 {day}"),
        1 => format!("due:{day}"),
        2 => format!("[due:: {day}]"),
        _ => format!("DEADLINE: <{day}>"),
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[allow(dead_code)]
fn main() {
    let mut args = std::env::args().skip(1);
    let mut out: Option<PathBuf> = None;
    let (mut notes, mut seed, mut profile) = (1000usize, 1u64, Profile::Normal);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--notes" => notes = args.next().and_then(|v| v.parse().ok()).expect("--notes N"),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).expect("--seed S"),
            "--heavy" => profile = Profile::Heavy,
            other => out = Some(PathBuf::from(other)),
        }
    }
    let out = out.expect("usage: gen_vault OUT --notes N [--seed S] [--heavy]");
    let info = generate_profile(&out, notes, notes / 10, seed, profile);
    println!(
        "wrote {notes} notes and {} contacts ({:.1} MB) to {}",
        info.contacts,
        info.bytes as f64 / 1e6,
        out.display()
    );
}

/// What `generate` wrote.
pub struct Generated {
    pub contacts: usize,
    pub bytes: u64,
    /// The handle of the most mentioned contact.
    pub top_handle: String,
    pub top_name: String,
    /// A contact with 500 or more mentions (the least mentioned such one; the most mentioned
    /// contact when none has 500), and how many.
    pub busy_handle: String,
    pub busy_mentions: usize,
    pub top_mentions: usize,
    /// The heavy profile's 8 MB journal note (vault path), if any.
    pub big_note: Option<String>,
}

/// Writes a vault of `notes` notes (a tenth of them contacts) into `out`.
pub fn generate(out: &Path, notes: usize, seed: u64) -> Generated {
    generate_with(out, notes, notes / 10, seed)
}

/// Writes a vault of `notes` notes and `contacts` contacts into `out`.
pub fn generate_with(out: &Path, notes: usize, contacts: usize, seed: u64) -> Generated {
    generate_profile(out, notes, contacts, seed, Profile::Normal)
}

/// The heavy profile's big journal note: `sections` dated sections over 18 years (about 20
/// bytes each; one in forty mentions one of `handles`, another one in forty is an open task
/// with one of them from long ago). Returns the text and how many mentions of each handle it holds.
pub fn big_journal(handles: &[String], sections: usize, seed: u64) -> (String, Vec<usize>) {
    let mut rng = Rng(seed);
    let mut counts = vec![0; handles.len()];
    let mut t = String::with_capacity(sections * 21);
    t.push_str("# Life log\n\n");
    for i in 0..sections {
        let d = date_from(2008, i * 6540 / sections.max(1));
        t.push_str("## ");
        t.push_str(&d);
        t.push('\n');
        match i % 40 {
            0 => {
                let h = rng.below(handles.len());
                counts[h] += 1;
                let _ = writeln!(t, "- [ ] @{} 📅 {d}", handles[h]);
            }
            20 => {
                let h = rng.below(handles.len());
                counts[h] += 1;
                let _ = writeln!(t, "@{}", handles[h]);
            }
            _ => t.push_str("quiet\n"),
        }
    }
    (t, counts)
}

/// Writes a vault of `notes` notes and `contacts` contacts of the given profile into `out`.
pub fn generate_profile(out: &Path, notes: usize, contacts: usize, seed: u64, profile: Profile) -> Generated {
    let mut rng = Rng(seed);
    let (first_year, span) = profile.years();
    let date = |day: usize| date_from(first_year, day);
    write(&out.join("ties.toml"), "[cadence]\ndefault = \"3mo\"\nweak = \"6w\"\nstrong = \"30d\"\n");

    let n_contacts = contacts.max(5);
    let n_companies = (n_contacts / 5).max(1);
    let mut contacts: Vec<Contact> = Vec::with_capacity(n_contacts);
    for i in 0..n_companies {
        let name = format!("{} {} {i}", rng.pick(COMPANY_WORDS), rng.pick(COMPANY_KINDS));
        let stem = slug(&name);
        let mut t = format!("---\nkind: company\nname: {name}\n");
        if rng.chance(10) {
            t.push_str("target: true\n");
        }
        t.push_str("tags: [company]\n---\n");
        t.push_str(&sentence(&mut rng, 30));
        t.push('\n');
        write(&out.join(format!("companies/{stem}.md")), &t);
        contacts.push(Contact { handle: stem.clone(), stem, name });
    }
    for i in n_companies..n_contacts {
        let name = format!("{} {} {i}", rng.pick(FIRST), rng.pick(LAST));
        let stem = slug(&name);
        let company = &contacts[rng.below(n_companies)].stem.clone();
        let mut t = format!("---\nkind: person\nname: {name}\ncompany: {company}\nrole: {}\n", rng.pick(ROLES));
        t.push_str(if rng.chance(70) { "tie: weak\n" } else { "tie: strong\n" });
        if rng.chance(40) {
            t.push_str(rng.pick(&["cadence: 2w\n", "cadence: 30d\n", "cadence: 6w\n", "cadence: 3mo\n"]));
        }
        if rng.chance(25) {
            let first = name.split(' ').next().unwrap_or("x");
            t.push_str(&format!("aliases: [{first} {}]\n", &stem[stem.len().saturating_sub(3)..]));
        }
        if rng.chance(10) {
            t.push_str(&format!("last_contact: {}\n", date(2000 + rng.below(700))));
        }
        t.push_str(&format!(
            "email: {stem}@example.com\ntags: [{}]\n---\n",
            rng.pick(&["meetup", "recruiter", "mentor", "former-colleague"])
        ));
        t.push_str(&format!(
            "Met at a {} about {}.\n",
            rng.pick(&["meetup", "conference", "dinner"]),
            sentence(&mut rng, 12)
        ));
        write(&out.join(format!("people/{stem}.md")), &t);
        contacts.push(Contact { handle: stem.clone(), stem, name });
    }

    let mut counts = vec![0usize; contacts.len()];
    for i in 0..notes {
        let day = i * span / notes.max(1) + rng.below(3);
        let d = date(day.min(span + 500));
        let target = 1500 + rng.below(1500);
        let mut t = String::new();
        let meeting = rng.chance(30);
        let path = if meeting {
            let _ = writeln!(t, "# Meetings log {i}\n");
            out.join(format!("meetings/{}/log-{i}.md", &d[..4]))
        } else {
            let _ = writeln!(t, "# {d}\n");
            out.join(format!("journal/{}/{d} note {i}.md", &d[..4]))
        };
        let mut section_day = day;
        while t.len() < target {
            if meeting && rng.chance(30) {
                section_day += 1 + rng.below(5);
                let _ = writeln!(t, "## {} {}\n", date(section_day.min(span + 500)), sentence(&mut rng, 3));
            }
            if profile == Profile::Heavy && rng.chance(8) {
                // A heavy hitter: one of the first three people, in about every other note.
                let h = n_companies + rng.below(3.min(contacts.len() - n_companies));
                counts[h] += 1;
                let _ = writeln!(t, "Sync with @{} on {}.\n", contacts[h].handle, sentence(&mut rng, 5));
            }
            match rng.below(12) {
                0 => {
                    let task_day = date((section_day + rng.below(60)).min(span + 500));
                    let done = rng.chance(40);
                    let _ = writeln!(
                        t,
                        "- [{}] {} {} {}{}",
                        if done { "x" } else { " " },
                        sentence(&mut rng, 4),
                        mention(&mut rng, &contacts, &mut counts),
                        due(&mut rng, &task_day),
                        if done { format!(" ✅ {task_day}") } else { String::new() }
                    );
                }
                1 => {
                    let _ = writeln!(
                        t,
                        "```sh\ngit clone git@github.com:org/repo.git # @not-a-mention\nnpm i @scope/pkg\n```"
                    );
                }
                2 => {
                    let _ = writeln!(
                        t,
                        "- {} {} #{}",
                        sentence(&mut rng, 6),
                        mention(&mut rng, &contacts, &mut counts),
                        rng.pick(&["gave", "asked", "idea"])
                    );
                }
                _ => {
                    let words = 25 + rng.below(40);
                    let mut p = sentence(&mut rng, words);
                    for _ in 0..1 + rng.below(2) {
                        let m = mention(&mut rng, &contacts, &mut counts);
                        let at =
                            p.char_indices().filter(|(_, c)| *c == ' ').map(|(i, _)| i).nth(rng.below(20)).unwrap_or(0);
                        p.insert_str(at, &format!(" {m}"));
                    }
                    if rng.chance(5) {
                        p.push_str(" Mail them at someone@example.com.");
                    }
                    let _ = writeln!(t, "{p}.");
                }
            }
            t.push('\n');
        }
        write(&path, &t);
    }
    let mut big_note = None;
    if profile == Profile::Heavy {
        // 400,000 sections in ~8 MB (scaled down for small vaults), mentioning the heavy hitters.
        let sections = (notes * 40).min(400_000);
        let hitters: Vec<String> =
            (n_companies..(n_companies + 3).min(contacts.len())).map(|i| contacts[i].handle.clone()).collect();
        let (text, mentioned) = big_journal(&hitters, sections, seed ^ 0xB16);
        for (k, n) in mentioned.into_iter().enumerate() {
            counts[n_companies + k] += n;
        }
        write(&out.join("journal/life-log.md"), &text);
        big_note = Some("journal/life-log.md".to_string());
    }
    // The skew puts most mentions on the first contact.
    let top = (0..contacts.len()).max_by_key(|&i| counts[i]).unwrap_or(0);
    let busy = (0..contacts.len()).filter(|&i| counts[i] >= 500).min_by_key(|&i| counts[i]).unwrap_or(top);
    Generated {
        contacts: n_contacts,
        bytes: walk(out),
        top_handle: contacts[top].handle.clone(),
        top_name: contacts[top].name.clone(),
        busy_handle: contacts[busy].handle.clone(),
        busy_mentions: counts[busy],
        top_mentions: counts[top],
        big_note,
    }
}

fn walk(dir: &Path) -> u64 {
    let mut total = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        total += if p.is_dir() { walk(&p) } else { e.metadata().map_or(0, |m| m.len()) };
    }
    total
}
