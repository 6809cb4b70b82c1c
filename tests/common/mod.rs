//! Shared helpers for the integration tests: inline multi-file fixtures and compact text
//! renderings of the core's answers, so tests read as data.
#![allow(dead_code)]

pub mod lsp;

use std::fmt::Write as _;
use ties::core::config::Config;
use ties::core::date::{Date, parse_iso};
use ties::core::features::{card, findings};
use ties::core::index::Index;
use ties::core::note::{MentionForm, NoteFacts, Target, parse};
use ties::core::text::Encoding;

/// Copies a folder tree (a fixture vault into a temporary folder).
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The date every test runs on.
pub fn today() -> Date {
    parse_iso("2026-11-26").unwrap()
}

/// Splits a fixture into files. Each file starts with a line `//- path`; the lines until the
/// next marker are its text. Leading indentation common to the fixture is removed.
pub fn files(fixture: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = fixture.lines().collect();
    let indent =
        lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let mut out: Vec<(String, String)> = Vec::new();
    for line in lines {
        let line = line.get(indent..).unwrap_or("");
        if let Some(path) = line.strip_prefix("//- ") {
            out.push((path.trim().to_string(), String::new()));
        } else if let Some((_, text)) = out.last_mut() {
            text.push_str(line);
            text.push('\n');
        }
    }
    out
}

/// Writes a fixture's files into a fresh temporary folder.
pub fn write_vault(fixture: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, body) in files(fixture) {
        let path = dir.path().join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
    dir
}

pub fn parse_all(fixture: &str) -> Vec<NoteFacts> {
    files(fixture).iter().map(|(p, t)| parse(p, t)).collect()
}

/// The index as the CLI and the server keep it: facts without summaries.
pub fn index(fixture: &str) -> Index {
    Index::build(parse_all(fixture).into_iter().map(|mut f| {
        f.take_summaries();
        f
    }))
}

fn form(f: MentionForm) -> &'static str {
    match f {
        MentionForm::Handle => "@",
        MentionForm::Bracket => "@[]",
        MentionForm::Wiki => "[[]]",
        MentionForm::Link => "link",
    }
}

/// One line per mention: `line:col form key "source" date`.
pub fn mentions(path: &str, text: &str) -> String {
    let facts = parse(path, text);
    let mut out = String::new();
    for m in &facts.mentions {
        let (l, c) = facts.lines.line_col(m.span.start, Encoding::Chars);
        let key = match &m.target {
            Target::Key(k) => k.clone(),
            Target::Path(p) => format!("path:{p}"),
        };
        let date = m.date.map_or("undated".to_string(), |d| d.to_string());
        let _ = writeln!(out, "{}:{} {} {key} {:?} {date}", l + 1, c + 1, form(m.form), &text[m.span.range()]);
    }
    for p in &facts.problems {
        let (l, c) = facts.lines.line_col(p.span.start, Encoding::Chars);
        let _ = writeln!(out, "problem {}:{} {:?} {:?}: {}", l + 1, c + 1, p.kind, &text[p.span.range()], p.message);
    }
    out
}

/// Every finding of the fixture vault: `path:line:col severity code: message`.
pub fn check(fixture: &str) -> String {
    check_with(fixture, &Config::default())
}

pub fn check_with(fixture: &str, config: &Config) -> String {
    let index = index(fixture);
    let mut out = String::new();
    for f in findings::all(&index, today(), config) {
        let facts = index.get(&f.path).unwrap();
        let (l, c) = facts.lines.line_col(f.span.start, Encoding::Chars);
        let _ =
            writeln!(out, "{}:{}:{} {} {}: {}", f.path, l + 1, c + 1, f.severity.as_str(), f.code.as_str(), f.message);
    }
    out
}

/// A contact's card as compact text: status lines, then exchanges and follow-ups.
pub fn show(fixture: &str, handle: &str) -> String {
    show_with(fixture, handle, &Config::default())
}

pub fn show_with(fixture: &str, handle: &str, config: &Config) -> String {
    let index = index(fixture);
    let id = index.find(handle).unwrap_or_else(|| panic!("no contact {handle}"));
    let mut c = card::card(&index, id, today(), config).unwrap();
    // Summaries come from the notes' text, as the CLI and the server read them.
    let texts = files(fixture);
    let text_of = |p: &str| texts.iter().find(|(path, _)| path == p).map(|(_, t)| t.as_str());
    let missing = ties::core::features::summaries::fill_card(&index, &mut c, &text_of);
    assert!(missing.is_empty(), "the fixture's texts are the indexed ones: {missing:?}");
    let mut out = String::new();
    let _ = writeln!(out, "{} @{} ({})", c.name, c.handle, c.path);
    if let Some(co) = &c.company {
        let _ = writeln!(out, "company: {} {:?}", co.name, co.path);
    }
    let _ = writeln!(
        out,
        "catch-up: {} (days since {:?}, rank {:?})",
        c.catch_up.state.describe(),
        c.catch_up.days_since,
        c.catch_up.rank.map(|r| (r * 100.0).round() / 100.0)
    );
    let _ = writeln!(out, "gave {} asked {}", c.gave, c.asked);
    for e in &c.exchanges {
        let tags = match (e.gave, e.asked) {
            (true, true) => " #gave #asked",
            (true, false) => " #gave",
            (false, true) => " #asked",
            _ => "",
        };
        let _ = writeln!(out, "exchange {} {}:{} {:?}{tags}", e.date, e.path, e.line + 1, e.summary);
    }
    for e in &c.upcoming {
        let _ = writeln!(out, "upcoming {} {}:{} {:?}", e.date, e.path, e.line + 1, e.summary);
    }
    for f in &c.follow_ups {
        let _ = writeln!(out, "follow-up {}:{} {} {:?}", f.path, f.line + 1, f.status.describe(), f.text);
    }
    for p in &c.people {
        let _ = writeln!(out, "person {} @{} last {:?}", p.name, p.handle, p.last.map(|d| d.to_string()));
    }
    for (k, p) in &c.conflicts {
        let _ = writeln!(out, "conflict {k} {p}");
    }
    out
}
