//! Summaries of exchanges and follow-ups, sliced from the text of their notes. The index keeps
//! no summaries (they would be most of its memory): each block keeps its byte span and each
//! note the hash of the text it was parsed from. The edge hands in the texts it read; a text
//! whose hash is not the facts' is refused and reported, so that the edge re-indexes that note
//! and asks again: a note changed on disk never shows the wrong paragraph. Reads no file.

use crate::core::features::card::ContactCard;
use crate::core::features::followups::FollowUp;
use crate::core::features::plan::Plan;
use crate::core::index::Index;
use crate::core::note::{NoteFacts, content_hash, parse};

/// What filling summaries found: notes whose text was not at hand, and notes whose text is not
/// the one their facts came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Missing {
    pub unread: Vec<String>,
    pub stale: Vec<String>,
}

impl Missing {
    pub fn is_empty(&self) -> bool {
        self.unread.is_empty() && self.stale.is_empty()
    }

    fn add(&mut self, path: &str, stale: bool) {
        let list = if stale { &mut self.stale } else { &mut self.unread };
        if !list.iter().any(|p| p == path) {
            list.push(path.to_string());
        }
    }
}

/// The summary of block `block` of a note, from the note's text. None when `text` is not the
/// text the facts were parsed from.
pub fn block_summary(facts: &NoteFacts, text: &str, block: u32) -> Option<String> {
    if content_hash(text) != facts.hash {
        return None;
    }
    let Some(b) = facts.blocks.get(block as usize) else {
        return Some(String::new());
    };
    let (start, end) = (b.span.start as usize, b.span.end as usize);
    let Some(slice) = text.get(start..end) else {
        return Some(String::new());
    };
    // The block read on its own, inside the containers that change how it reads: block quotes
    // (their markers sit before the block's start) and tables (a row needs a delimiter row).
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut src = "> ".repeat(text[line_start..start].matches('>').count());
    src.push_str(slice);
    if let Some(columns) = table_columns(text, start) {
        src = format!("{}\n{}", slice.lines().next().unwrap_or(""), "|---".repeat(columns) + "|");
    }
    let parsed = parse(&facts.path, &src);
    Some(parsed.blocks.first().map(|b| b.summary.clone()).unwrap_or_default())
}

/// When the line at `start` is a row of a table: how many columns the table has.
fn table_columns(text: &str, start: usize) -> Option<usize> {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let lines: Vec<&str> = text[..line_start].lines().rev().take_while(|l| l.contains('|')).collect();
    let next = text[start..].lines().nth(1);
    let delimiter = lines.iter().copied().chain(next).find(|l| is_delimiter_row(l))?;
    Some(delimiter.trim().trim_matches('|').split('|').count())
}

fn is_delimiter_row(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.contains('|') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Fills the summaries of a card's exchanges and follow-ups from `text_of` (a note's current
/// text by vault path, or None when the edge has not read it).
pub fn fill_card<'t>(index: &Index, card: &mut ContactCard, text_of: &dyn Fn(&str) -> Option<&'t str>) -> Missing {
    let mut missing = Missing::default();
    for e in card.exchanges.iter_mut().chain(card.upcoming.iter_mut()) {
        if let Some(b) = e.block {
            e.summary = summary(index, &e.path, b, text_of, &mut missing);
        }
    }
    missing_merge(&mut missing, fill_follow_ups(index, &mut card.follow_ups, text_of));
    missing
}

/// Fills the text of follow-ups from `text_of`.
pub fn fill_follow_ups<'t>(index: &Index, list: &mut [FollowUp], text_of: &dyn Fn(&str) -> Option<&'t str>) -> Missing {
    let mut missing = Missing::default();
    for f in list {
        f.text = summary(index, &f.path, f.block, text_of, &mut missing);
    }
    missing
}

/// Fills the task text of a plan's items (those with a block) from `text_of`.
pub fn fill_plan<'t>(index: &Index, plan: &mut Plan, text_of: &dyn Fn(&str) -> Option<&'t str>) -> Missing {
    let mut missing = Missing::default();
    for item in &mut plan.items {
        if let Some(b) = item.block {
            item.text = summary(index, &item.path, b, text_of, &mut missing);
        }
    }
    missing
}

/// The text of a note when it is the one its facts were read from; else None, with the note
/// recorded as unread or stale (changed since indexed).
pub fn current_text<'t>(
    index: &Index,
    path: &str,
    text_of: &dyn Fn(&str) -> Option<&'t str>,
    missing: &mut Missing,
) -> Option<&'t str> {
    let facts = index.get(path)?;
    let Some(text) = text_of(path) else {
        missing.add(path, false);
        return None;
    };
    if content_hash(text) != facts.hash {
        missing.add(path, true);
        return None;
    }
    Some(text)
}

fn missing_merge(into: &mut Missing, other: Missing) {
    for p in other.unread {
        into.add(&p, false);
    }
    for p in other.stale {
        into.add(&p, true);
    }
}

fn summary<'t>(
    index: &Index,
    path: &str,
    block: u32,
    text_of: &dyn Fn(&str) -> Option<&'t str>,
    missing: &mut Missing,
) -> String {
    let Some(facts) = index.get(path) else {
        return String::new();
    };
    let Some(text) = text_of(path) else {
        missing.add(path, false);
        return String::new();
    };
    match block_summary(facts, text, block) {
        Some(s) => s,
        None => {
            missing.add(path, true);
            String::new()
        }
    }
}
