//! The one-pass walk over a note's Markdown body: blocks, headings, dated sections, mentions,
//! tasks and tags, in source order.

use super::inline::*;
use super::*;
use crate::core::date::{self, Date};
use crate::core::keys::{link_target, wiki_key};
use crate::core::text::Span;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::sync::LazyLock;

/// The one-pass walk over the Markdown body.
pub(super) struct Body<'a> {
    facts: &'a mut NoteFacts,
    src: &'a str,
    offset: usize,
    /// Open containers that matter to us, innermost last.
    open: Vec<Open>,
    /// `#tags` found so far, with the block they are in (sorted by block at the end).
    tags: Vec<(u32, String)>,
    pending: Option<(usize, usize)>,
    code: u32,
    /// Inside link text that is not prose to scan (wikilinks, autolinks, contact links, images).
    opaque: u32,
    links: Vec<bool>,
    date: Option<Date>,
    section: u32,
}

enum Open {
    Block(OpenBlock),
    /// A paragraph merged into the list item that holds it.
    Merged,
}

/// What the walk keeps about a block while it is open.
struct OpenBlock {
    id: u32,
    /// Its own prose ranges (not those of nested blocks).
    segments: Vec<(usize, usize)>,
    /// A list item (paragraphs inside it merge into it).
    item: bool,
    /// Holds a mention.
    mentioned: bool,
}

impl<'a> Body<'a> {
    pub(super) fn new(facts: &'a mut NoteFacts, src: &'a str, offset: usize) -> Body<'a> {
        let date = facts.date;
        Body {
            facts,
            src,
            offset,
            open: Vec::new(),
            tags: Vec::new(),
            pending: None,
            code: 0,
            opaque: 0,
            links: Vec::new(),
            date,
            section: 0,
        }
    }

    pub(super) fn run(mut self) {
        let body = &self.src[self.offset..];
        let options = Options::ENABLE_TASKLISTS
            | Options::ENABLE_WIKILINKS
            | Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH;
        for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
            let range = range.start + self.offset..range.end + self.offset;
            self.event(event, range);
        }
        self.flush();
        // The parser closes every block it opens; this only keeps a stray one from being lost.
        while let Some(open) = self.open.pop() {
            if let Open::Block(b) = open {
                self.close_block(b, false);
            }
        }
        let mut tags = std::mem::take(&mut self.tags);
        tags.sort_by_key(|(b, _)| *b);
        let mut seen: Vec<String> = Vec::new();
        for (_, t) in tags {
            if !seen.contains(&t) {
                seen.push(t);
            }
        }
        self.facts.tags = seen;
        self.drop_unused_blocks();
    }

    /// Keeps only the blocks a mention or a task points at, and renumbers them.
    fn drop_unused_blocks(&mut self) {
        let facts = &mut *self.facts;
        let mut mentioned = vec![false; facts.blocks.len()];
        for b in facts.mentions.iter().filter_map(|m| m.block) {
            mentioned[b as usize] = true;
        }
        let mut remap = vec![u32::MAX; facts.blocks.len()];
        let mut kept = Vec::new();
        for (i, block) in std::mem::take(&mut facts.blocks).into_iter().enumerate() {
            if mentioned[i] || block.task.is_some() {
                remap[i] = kept.len() as u32;
                kept.push(block);
            }
        }
        facts.blocks = kept;
        for m in &mut facts.mentions {
            m.block = m.block.map(|b| remap[b as usize]);
        }
        for t in &mut facts.tasks {
            t.block = remap[t.block as usize];
        }
        // The facts of every note stay in memory: no spare capacity.
        for b in &mut facts.blocks {
            b.summary.shrink_to_fit();
        }
        facts.blocks.shrink_to_fit();
        facts.mentions.shrink_to_fit();
        facts.tasks.shrink_to_fit();
        facts.headings.shrink_to_fit();
        facts.problems.shrink_to_fit();
        facts.lines.shrink_to_fit();
    }

    fn current(&mut self) -> Option<&mut OpenBlock> {
        self.open.iter_mut().rev().find_map(|o| match o {
            Open::Block(b) => Some(b),
            Open::Merged => None,
        })
    }

    fn current_block(&self) -> Option<u32> {
        self.open.iter().rev().find_map(|o| match o {
            Open::Block(b) => Some(b.id),
            Open::Merged => None,
        })
    }

    fn open_block(&mut self, range: &std::ops::Range<usize>, item: bool) -> u32 {
        let id = self.facts.blocks.len() as u32;
        self.facts.blocks.push(Block {
            span: Span::new(range.start, range.end),
            summary: String::new(),
            gave: false,
            asked: false,
            task: None,
        });
        self.open.push(Open::Block(OpenBlock { id, segments: Vec::new(), item, mentioned: false }));
        id
    }

    fn push_text(&mut self, s: &str) {
        if let Some(b) = self.current_block() {
            let summary = &mut self.facts.blocks[b as usize].summary;
            if summary.len() < SUMMARY_CHARS * 4 {
                summary.push_str(s);
            }
        }
    }

    fn event(&mut self, event: Event<'_>, range: std::ops::Range<usize>) {
        match event {
            Event::Text(t) => {
                if self.code > 0 {
                    return;
                }
                self.push_text(&t);
                if self.opaque == 0 {
                    self.extend_pending(range);
                }
            }
            Event::Code(t) => {
                self.flush();
                self.push_text(&t);
            }
            Event::SoftBreak | Event::HardBreak => {
                self.flush();
                self.push_text(" ");
            }
            Event::TaskListMarker(done) => {
                self.flush();
                if let Some(b) = self.current_block() {
                    self.open_task(b, done);
                }
            }
            Event::Start(tag) => {
                self.flush();
                self.start(tag, range);
            }
            Event::End(tag) => {
                self.flush();
                self.end(tag);
            }
            _ => self.flush(),
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: std::ops::Range<usize>) {
        match tag {
            Tag::Paragraph => {
                let in_item = matches!(self.open.last(), Some(Open::Block(b)) if b.item);
                if in_item {
                    self.push_text(" ");
                    self.open.push(Open::Merged);
                } else {
                    self.open_block(&range, false);
                }
            }
            Tag::Item => {
                let b = self.open_block(&range, true);
                self.logseq_task(b, range.start);
            }
            Tag::TableRow | Tag::TableHead => {
                self.open_block(&range, false);
            }
            Tag::Heading { level, .. } => {
                let line_end = self.src[range.clone()].trim_end().len() + range.start;
                let title_span = Span::new(range.start, line_end);
                let found = date::find_iso(&self.src[range.start..line_end]);
                let mut heading_date = None;
                if let Some(tok) = found {
                    match tok.date {
                        Some(d) => heading_date = Some(d),
                        None => self.facts.problems.push(Problem {
                            span: Span::new(range.start + tok.start, range.start + tok.end),
                            kind: ProblemKind::InvalidDate,
                            message: format!(
                                "heading date {} is not a real date: entries below it are left undated",
                                &self.src[range.start + tok.start..range.start + tok.end]
                            ),
                        }),
                    }
                }
                self.facts.headings.push(Heading {
                    level: level as u8,
                    span: title_span,
                    title: String::new(),
                    date: heading_date,
                });
                // A heading with a date starts a dated section; one with an impossible date starts
                // an undated one (its entries must not count on the day above it).
                if found.is_some() {
                    self.date = heading_date;
                    self.section = self.facts.headings.len() as u32;
                }
                self.open_block(&(range.start..line_end), false);
            }
            Tag::CodeBlock(_) => self.code += 1,
            Tag::TableCell => self.push_text(" "),
            Tag::Link { link_type, dest_url, .. } => {
                let opaque = match link_type {
                    LinkType::WikiLink { .. } => {
                        let key = wiki_key(&dest_url);
                        if !key.is_empty() && !is_attachment(&dest_url) {
                            let target = wiki_target_range(self.src, range.clone());
                            self.mention(range, target, MentionForm::Wiki, Target::Key(key));
                        }
                        true
                    }
                    LinkType::Autolink | LinkType::Email => true,
                    _ => match link_target(&self.facts.path, &dest_url) {
                        Some(path) => {
                            let dest = link_dest_range(self.src, range.clone());
                            self.mention(range, dest, MentionForm::Link, Target::Path(path));
                            true
                        }
                        None => false,
                    },
                };
                self.links.push(opaque);
                if opaque {
                    self.opaque += 1;
                }
            }
            Tag::Image { .. } => {
                self.links.push(true);
                self.opaque += 1;
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead | TagEnd::Heading(_) => {
                if let Some(Open::Block(b)) = self.open.pop() {
                    self.close_block(b, matches!(tag, TagEnd::Heading(_)));
                }
            }
            TagEnd::CodeBlock => self.code = self.code.saturating_sub(1),
            TagEnd::Link | TagEnd::Image if self.links.pop() == Some(true) => {
                self.opaque = self.opaque.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn extend_pending(&mut self, range: std::ops::Range<usize>) {
        self.pending = match self.pending {
            // Escapes (`\_`) leave a one-byte gap between text events of one run of prose.
            Some((s, e)) if e == range.start || (e + 1 == range.start && self.src.as_bytes()[e] == b'\\') => {
                Some((s, range.end))
            }
            Some(_) => {
                self.flush();
                Some((range.start, range.end))
            }
            None => Some((range.start, range.end)),
        };
    }

    /// Scans the pending run of prose for `@` mentions and files it under its block.
    fn flush(&mut self) {
        let Some((start, end)) = self.pending.take() else {
            return;
        };
        if let Some(b) = self.current() {
            b.segments.push((start, end));
        }
        let bytes = self.src.as_bytes();
        let mut i = start;
        while let Some(p) = memchr::memchr(b'@', &bytes[i..end]) {
            let at = i + p;
            i = at + 1;
            if !self.may_start_mention(start, at) {
                continue;
            }
            if let Some((mend, form, key)) = read_mention(&self.src[..end], at) {
                let target = if form == MentionForm::Bracket { at + 2..mend - 1 } else { at + 1..mend };
                self.mention(at..mend, target, form, Target::Key(key));
                i = mend;
            }
        }
    }

    /// An `@` starts a mention unless it is glued to a word, a path or a URL.
    fn may_start_mention(&self, seg_start: usize, at: usize) -> bool {
        if let Some(prev) = self.src[..at].chars().next_back()
            && crate::core::keys::glues_at(prev)
        {
            return false;
        }
        let token_start = self.src[seg_start..at]
            .char_indices()
            .rfind(|(_, c)| c.is_whitespace())
            .map_or(seg_start, |(i, c)| seg_start + i + c.len_utf8());
        let token = &self.src[token_start..at];
        !(token.contains("://") || token.starts_with("www."))
    }

    fn mention(
        &mut self,
        range: std::ops::Range<usize>,
        target_range: std::ops::Range<usize>,
        form: MentionForm,
        target: Target,
    ) {
        let block = self.current().map(|b| {
            b.mentioned = true;
            b.id
        });
        self.facts.mentions.push(Mention {
            span: Span::new(range.start, range.end),
            target_span: Span::new(target_range.start, target_range.end),
            form,
            target,
            date: self.date,
            section: self.section,
            block,
        });
    }

    /// A `[ ]` / `[x]` task: the marker is the first `[` of the item's line.
    fn open_task(&mut self, block: u32, done: bool) {
        if self.facts.blocks[block as usize].task.is_some() {
            return;
        }
        let span = self.facts.blocks[block as usize].span;
        let start = span.start as usize;
        let line_end = self.line_end(start, span.end as usize);
        let line = &self.src.as_bytes()[start..line_end];
        // `[ ]`, `[x]` or `[X]`; when the item's range starts past it (pulldown-cmark does for
        // some items), the first `[` of the line, cut at a character boundary.
        let boxed = line.windows(3).position(|w| w[0] == b'[' && matches!(w[1], b' ' | b'x' | b'X') && w[2] == b']');
        let marker = boxed.or_else(|| line.iter().position(|&b| b == b'[')).map_or(start, |i| start + i);
        let mut end = (marker + 3).min(line_end);
        while !self.src.is_char_boundary(end) {
            end -= 1;
        }
        let marker = Span::new(marker, end);
        self.push_task(block, marker, done, false);
    }

    /// A Logseq task: an item starting with `TODO`, `LATER`, `NOW`, `DOING`, `WAITING` (open),
    /// `DONE` (done) or `CANCELED` (closed, neither a follow-up nor an exchange).
    fn logseq_task(&mut self, block: u32, item_start: usize) {
        let end = self.line_end(item_start, self.src.len());
        let line = &self.src[item_start..end];
        let after_bullet =
            line.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '-' | '*' | '+' | '.' | ')'));
        let word_at = item_start + line.len() - after_bullet.trim_start().len();
        let rest = &self.src[word_at..end];
        let word_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (done, canceled) = match &rest[..word_len] {
            "TODO" | "LATER" | "NOW" | "DOING" | "WAIT" | "WAITING" => (false, false),
            "DONE" => (true, false),
            "CANCELED" | "CANCELLED" => (true, true),
            _ => return,
        };
        self.push_task(block, Span::new(word_at, word_at + word_len), done, canceled);
    }

    fn line_end(&self, start: usize, limit: usize) -> usize {
        self.src[start..limit].find(['\n', '\r']).map_or(limit, |i| start + i)
    }

    fn push_task(&mut self, block: u32, marker: Span, done: bool, canceled: bool) {
        let start = self.facts.blocks[block as usize].span.start as usize;
        let line_end = self.line_end(start, self.facts.blocks[block as usize].span.end as usize);
        let id = self.facts.tasks.len() as u32;
        self.facts.tasks.push(Task {
            span: Span::new(start, line_end),
            marker,
            done,
            canceled,
            word_marker: marker.end - marker.start > 3 || !self.src[marker.range()].starts_with('['),
            due: None,
            done_date: None,
            block,
        });
        self.facts.blocks[block as usize].task = Some(id);
    }

    fn close_block(&mut self, open: OpenBlock, heading: bool) {
        let b = open.id;
        // Every mention inside the block was recorded by now: a block without mentions or a
        // task is dropped at the end, so it needs no summary (a heading keeps its title).
        let needed = open.mentioned || self.facts.blocks[b as usize].task.is_some();
        let block = &mut self.facts.blocks[b as usize];
        block.summary = if needed || heading { summarize(&block.summary) } else { String::new() };
        if heading && let Some(h) = self.facts.headings.last_mut() {
            h.title = block.summary.clone();
        }
        for &(s, e) in &open.segments {
            for tag in scan_tags(&self.src[s..e]) {
                match tag.as_str() {
                    "gave" => self.facts.blocks[b as usize].gave = true,
                    "asked" => self.facts.blocks[b as usize].asked = true,
                    _ => {}
                }
                self.tags.push((b, tag));
            }
        }
        if let Some(t) = self.facts.blocks[b as usize].task {
            for &(s, e) in &open.segments {
                self.scan_dates(t, s, e);
            }
        }
    }

    /// Due and done dates of a task, in every form we read.
    fn scan_dates(&mut self, task: u32, start: usize, end: usize) {
        let text = &self.src[start..end];
        for caps in TASK_DATES.captures_iter(text) {
            let (form, m) = if let Some(m) = caps.name("tasks") {
                (Some(DueForm::Tasks), m)
            } else if let Some(m) = caps.name("todo") {
                (Some(DueForm::TodoTxt), m)
            } else if let Some(m) = caps.name("dataview") {
                (Some(DueForm::Dataview), m)
            } else if let Some(m) = caps.name("org") {
                (Some(DueForm::Org), m)
            } else if let Some(m) = caps.name("done").or_else(|| caps.name("completion")) {
                (None, m)
            } else {
                continue;
            };
            let token = m.as_str().trim();
            let span = Span::new(start + m.start(), start + m.start() + token.len());
            let parsed = token.get(..10).and_then(date::parse_iso).filter(|_| {
                token.len() == 10 || !token.as_bytes()[10].is_ascii_digit() && token.as_bytes()[10] != b'-'
            });
            let task_ref = &mut self.facts.tasks[task as usize];
            match (parsed, form) {
                (Some(date), Some(form)) => {
                    if task_ref.due.is_none() {
                        task_ref.due = Some(Due { date, span, form });
                    }
                }
                (Some(date), None) => task_ref.done_date = Some(date),
                (None, _) => {
                    let what = if form.is_some() { "due date" } else { "done date" };
                    self.facts.problems.push(Problem {
                        span,
                        kind: ProblemKind::InvalidDate,
                        message: format!("{what} `{token}` is not a real date: write it as YYYY-MM-DD"),
                    });
                }
            }
        }
    }
}

static TASK_DATES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
          📅\s*(?P<tasks>[0-9][0-9-]*)
        | (?:^|[\s(])[Dd]ue:[\ ]?(?P<todo>[0-9][0-9-]*)
        | \[due::\s*(?P<dataview>[0-9][^\]]*)\]
        | (?:DEADLINE|SCHEDULED):\s*<(?P<org>[0-9][0-9-]*)[^>]*>
        | ✅\s*(?P<done>[0-9][0-9-]*)
        | \[completion::\s*(?P<completion>[0-9][^\]]*)\]",
    )
    .expect("task date pattern is valid")
});
