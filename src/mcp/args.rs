//! Checking what the model sends: every argument of every tool is untrusted. A bad one becomes a
//! `ToolError` whose message says what to send instead; nothing here panics or touches disk.

use crate::core::Date;
use crate::core::index::{Index, NoteId};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// A failure the model should read (sent as a tool result with `isError: true`).
#[derive(Debug)]
pub struct ToolError(pub String);

impl<E: std::fmt::Display> From<E> for ToolError {
    fn from(e: E) -> ToolError {
        ToolError(e.to_string())
    }
}

pub type Answer = Result<Value, ToolError>;

/// The most items any one answer holds.
pub const MAX_LIMIT: usize = 100;
/// The longest text accepted for a note line.
pub const MAX_TEXT: usize = 1000;
/// The longest handle, query or path accepted.
pub const MAX_KEY: usize = 300;

/// Decodes a tool's arguments, naming the tool and the expected fields on failure.
pub fn decode<T: DeserializeOwned>(tool: &str, args: Value, expected: &str) -> Result<T, ToolError> {
    serde_json::from_value(args)
        .map_err(|e| ToolError(format!("bad arguments for {tool}: {e}. Send an object like {expected}")))
}

/// `limit` when given (1..=cap), else `default`.
pub fn limit(given: Option<u64>, default: usize, cap: usize) -> Result<usize, ToolError> {
    count("limit", given, default, cap)
}

/// A count argument named `what` when given (1..=cap), else `default`.
pub fn count(what: &str, given: Option<u64>, default: usize, cap: usize) -> Result<usize, ToolError> {
    match given {
        None => Ok(default),
        Some(0) => Err(ToolError(format!("{what} 0 asks for nothing: send a {what} from 1 to {cap}"))),
        Some(n) if n as usize > cap || n > u32::MAX as u64 => Err(ToolError(format!(
            "{what} {n} is over the cap of {cap}: send at most {cap} (lists page on with the next_cursor of the answer)"
        ))),
        Some(n) => Ok(n as usize),
    }
}

/// Where a page starts: the `next_cursor` of a previous answer, or the start.
pub fn cursor(given: Option<&str>) -> Result<usize, ToolError> {
    match given.map(str::trim).filter(|c| !c.is_empty()) {
        None => Ok(0),
        Some(c) => c.parse::<usize>().ok().filter(|&n| n <= 1_000_000).ok_or_else(|| {
            ToolError(format!(
                "cursor `{}` is not one this server gave: send the next_cursor of the previous answer, or leave it out to start",
                clip(c)
            ))
        }),
    }
}

/// One page of `items`: `{items, total, next_cursor}`.
pub fn page<T>(items: Vec<T>, start: usize, limit: usize, render: impl FnMut(T) -> Value) -> Value {
    let total = items.len();
    let next = (start + limit < total).then(|| (start + limit).to_string());
    let items: Vec<Value> = items.into_iter().skip(start).take(limit).map(render).collect();
    json!({ "items": items, "total": total, "next_cursor": next })
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// A short single-line string: a handle, a query, a company, a path.
pub fn key<'a>(what: &str, s: &'a str) -> Result<&'a str, ToolError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(ToolError(format!("{what} is empty: send one, e.g. `jane-doe`")));
    }
    if s.chars().count() > MAX_KEY {
        return Err(ToolError(format!("{what} is longer than {MAX_KEY} characters: send a handle or a name")));
    }
    if s.chars().any(char::is_control) {
        return Err(ToolError(format!(
            "{what} `{}` holds a control character or a line break: send one line",
            clip(s)
        )));
    }
    Ok(s)
}

/// A contact by handle, name or alias.
pub fn contact(index: &Index, handle: &str) -> Result<NoteId, ToolError> {
    let h = key("handle", handle)?;
    index.find(h).ok_or_else(|| {
        ToolError(format!(
            "no contact `{}` in this vault: send a handle from find_contacts (e.g. `jane-doe`), a name or an alias",
            clip(h)
        ))
    })
}

/// A `YYYY-MM-DD` date.
pub fn date(what: &str, s: &str) -> Result<Date, ToolError> {
    let s = s.trim();
    crate::core::date::parse_iso(s)
        .filter(|_| s.len() == 10)
        .ok_or_else(|| ToolError(format!("{what} `{}` is not a date: send YYYY-MM-DD, e.g. 2026-11-26", clip(s))))
}

/// Text for one line of a note: not empty, one line, at most `MAX_TEXT` characters.
pub fn line_text(s: &str) -> Result<&str, ToolError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(ToolError("text is empty: send what happened, e.g. \"Coffee, talked about the onsite\"".into()));
    }
    if s.chars().count() > MAX_TEXT {
        return Err(ToolError(format!("text is longer than {MAX_TEXT} characters: send a one-line summary")));
    }
    if s.chars().any(char::is_control) {
        return Err(ToolError("text holds a line break or a control character: send a single line".into()));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_cursors_and_dates_say_what_to_send() {
        assert_eq!(limit(None, 20, 100).unwrap(), 20);
        assert!(limit(Some(101), 20, 100).unwrap_err().0.contains("at most 100"));
        assert!(limit(Some(0), 20, 100).is_err());
        assert_eq!(cursor(Some("40")).unwrap(), 40);
        assert!(cursor(Some("abc")).unwrap_err().0.contains("next_cursor"));
        assert!(date("date", "2026-02-30").unwrap_err().0.contains("YYYY-MM-DD"));
        assert!(date("date", "2026-11-26").is_ok());
        assert!(line_text("a\nb").is_err());
        assert!(key("handle", &"x".repeat(400)).is_err());
    }

    #[test]
    fn a_page_says_where_the_next_one_starts() {
        let p = page((0..5).collect(), 2, 2, |n: i32| json!(n));
        assert_eq!(p, json!({"items": [2, 3], "total": 5, "next_cursor": "4"}));
        let last = page((0..5).collect(), 4, 2, |n: i32| json!(n));
        assert_eq!(last["next_cursor"], Value::Null);
    }
}
