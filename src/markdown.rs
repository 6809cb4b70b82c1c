//! Contact cards and follow-ups as Markdown, shared by the language server's hover and the MCP
//! server's resources and prompts. Pure rendering of the core's answers; where a path is shown
//! the caller decides what a link looks like (a file URI for an editor, a plain path for MCP).

use crate::core::date;
use crate::core::features::card::{CatchUpState, ContactCard, ExchangeItem, times};
use crate::core::features::followups::{DueStatus, FollowUp};
use crate::core::note::ContactKind;
use std::fmt::Write as _;

/// How many past exchanges a card shows.
pub const RECENT: usize = 5;

/// Makes a link to `(path, zero-based line)` with a label.
pub type Link<'a> = &'a dyn Fn(&str, u32, &str) -> String;

/// Escapes the characters Markdown would read as markup.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn exchange_line(link: Link, e: &ExchangeItem) -> String {
    let mut tags = String::new();
    if e.gave {
        tags.push_str(" · gave");
    }
    if e.asked {
        tags.push_str(" · asked");
    }
    format!(
        "- {} — {}{tags} ({})",
        e.date,
        escape(&e.summary),
        link(&e.path, e.line, &format!("{}:{}", e.path, e.line + 1))
    )
}

pub fn follow_up_line(link: Link, f: &FollowUp) -> String {
    let mark = match f.status {
        DueStatus::Overdue { .. } => "⚠ ",
        _ => "",
    };
    let due = f.due.map_or(String::new(), |d| format!(" (due {})", d.date));
    format!("- {mark}{}{due}: {} ({})", f.status.describe(), escape(&f.text), link(&f.path, f.line, "open"))
}

/// The card in Markdown.
pub fn card(link: Link, card: &ContactCard, today: date::Date) -> String {
    let mut md = String::new();
    let mut head = vec![format!("**{}** `@{}`", escape(&card.name), card.handle)];
    match (&card.role, &card.company) {
        (Some(r), Some(c)) => head.push(format!("{} at {}", escape(r), escape(&c.name))),
        (Some(r), None) => head.push(escape(r)),
        (None, Some(c)) => head.push(format!("at {}", escape(&c.name))),
        _ => {}
    }
    if let Some(t) = card.tie {
        head.push(format!("{} tie", t.as_str()));
    }
    if card.kind == ContactKind::Company {
        head.push(if card.target { "company · target".into() } else { "company".into() });
    }
    let _ = writeln!(md, "{}\n", head.join(" · "));
    match card.last() {
        Some(last) => {
            let ago = date::relative(date::days_between(last.date, today));
            let n = card.exchange_count;
            let _ = writeln!(
                md,
                "Last exchange: {} ({}) · {} exchange{} since {}  ",
                link(&last.path, last.line, &last.date.to_string()),
                ago,
                n,
                if n == 1 { "" } else { "s" },
                card.first_date.map_or(String::new(), |d| d.to_string())
            );
        }
        None => md.push_str("No exchange yet  \n"),
    }
    if let Some((cad, _)) = card.catch_up.cadence {
        let status = match card.catch_up.state {
            CatchUpState::Cold { .. } => format!("**{}**", card.catch_up.state.describe()),
            CatchUpState::Due { .. } => format!("**{}**", card.catch_up.state.describe()),
            s => s.describe(),
        };
        let _ = writeln!(md, "Keep in touch every {cad}: {status}  ");
    }
    if card.gave + card.asked > 0 {
        let _ = writeln!(md, "Gave {} · asked {}  ", times(card.gave), times(card.asked));
    }
    for (key, path) in &card.conflicts {
        let _ = writeln!(md, "⚠ `{key}` is also claimed by {}  ", link(path, 0, path));
    }
    if !card.people.is_empty() {
        md.push_str("\n**People you know there**\n\n");
        for p in &card.people {
            let last = p.last.map_or("no exchange yet".to_string(), |d| format!("last {d}"));
            let role = p.role.as_deref().map(|r| format!(", {}", escape(r))).unwrap_or_default();
            let _ = writeln!(md, "- {}{role} — {last} ({})", escape(&p.name), link(&p.path, 0, "note"));
        }
        more(&mut md, card.people_count, card.people.len(), "`ties show` lists them all");
    } else if card.kind == ContactKind::Company {
        md.push_str("\nNo one you know works here yet: who could introduce you?\n");
    }
    if !card.follow_ups.is_empty() {
        md.push_str("\n**Open follow-ups**\n\n");
        for f in &card.follow_ups {
            let _ = writeln!(md, "{}", follow_up_line(link, f));
        }
        more(
            &mut md,
            card.follow_up_count,
            card.follow_ups.len(),
            "*ties: Show follow-ups* (VS Code), `:TiesFollowUps` (Neovim) or `ties due` lists them all",
        );
    }
    if !card.upcoming.is_empty() {
        md.push_str("\n**Upcoming**\n\n");
        for e in &card.upcoming {
            let _ = writeln!(md, "{}", exchange_line(link, e));
        }
        more(&mut md, card.upcoming_count, card.upcoming.len(), "`ties show` lists them all");
    }
    if !card.exchanges.is_empty() {
        let shown = card.exchanges.len().min(RECENT);
        let _ = writeln!(md, "\n**Last {shown} exchange{}**\n", if shown == 1 { "" } else { "s" });
        for e in card.exchanges.iter().take(RECENT) {
            let _ = writeln!(md, "{}", exchange_line(link, e));
        }
    }
    md
}

/// "- … and 312 more: where to see them", when a list of the card was cut.
fn more(md: &mut String, total: usize, shown: usize, where_: &str) {
    if total > shown {
        let _ = writeln!(md, "- … and {} more: {where_}", total - shown);
    }
}
