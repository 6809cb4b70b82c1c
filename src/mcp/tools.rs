//! The tools `ties mcp` offers: their stable names, descriptions and argument schemas (from the
//! argument structs below), and the dispatch of a call to the read or write that answers it.
//! The names and argument fields are a public contract: README lists them.

use crate::mcp::args::{Answer, decode};
use crate::mcp::state::Shared;
use crate::mcp::{reads, writes};
use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::Value;

/// A page of a list: leave `cursor` out for the first page, then send the `next_cursor` of the
/// previous answer.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindContacts {
    /// Words to match against handles, names, aliases, roles and companies (fuzzy). Empty lists
    /// every contact, most recently and often talked to first.
    #[serde(default)]
    pub query: String,
    /// How many contacts to return, 1-100 (default 20).
    pub limit: Option<u64>,
    /// The next_cursor of the previous answer, to get the next page.
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetContact {
    /// The contact's handle (`priya-nair`, `@priya-nair`), name or alias.
    pub handle: String,
    /// How many recent exchanges to spell out, 1-50 (default 10); the counts cover all of them.
    pub history: Option<u64>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Past their due date.
    Overdue,
    /// Due today.
    Today,
    /// Due within `within_days`.
    Upcoming,
    /// Overdue, today, upcoming within `within_days`, and those without a due date.
    #[default]
    All,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListFollowUps {
    /// Which follow-ups: overdue, today, upcoming or all (default all).
    #[serde(default)]
    pub status: Status,
    /// How far ahead "upcoming" reaches, in days, 0-3650 (default 14).
    pub within_days: Option<u64>,
    /// How many follow-ups to return, 1-100 (default 20).
    pub limit: Option<u64>,
    /// The next_cursor of the previous answer, to get the next page.
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactHistory {
    /// The contact's handle, name or alias.
    pub handle: String,
    /// Only exchanges before this date, YYYY-MM-DD (default: up to and including today).
    pub before: Option<String>,
    /// How many exchanges to return, 1-100 (default 20).
    pub limit: Option<u64>,
    /// The next_cursor of the previous answer, to get the next page.
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchNotes {
    /// Words that must all appear in the paragraph or list item (full-text search).
    pub text: String,
    /// How many exchanges to return, 1-100 (default 20).
    pub limit: Option<u64>,
    /// The next_cursor of the previous answer, to get the next page.
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WhoAt {
    /// The company's handle or name (a contact note with `kind: company`).
    pub company: String,
    /// How many people to return, 1-100 (default 20).
    pub limit: Option<u64>,
    /// The next_cursor of the previous answer, to get the next page.
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IntroPaths {
    /// The company's handle, name or alias.
    pub company: String,
    /// How many paths to return, 1-100 (default 10).
    pub limit: Option<u64>,
    /// The next_cursor of the previous answer, to get the next page.
    pub cursor: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WeeklyPlan {
    /// How many days the plan covers, 1-366 (default 7).
    pub days: Option<u64>,
    /// How many people at most, 1-100 (default 10); the plan is ranked and balanced, not paged.
    pub limit: Option<u64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LogExchange {
    /// Who it was with: handle, name or alias.
    pub handle: String,
    /// One line saying what happened ("Coffee; she is hiring for the platform team").
    pub text: String,
    /// The day it happened, YYYY-MM-DD (default today).
    pub date: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddFollowUp {
    /// Who it is with: handle, name or alias.
    pub handle: String,
    /// One line saying what to do ("Send her the article on idempotency keys").
    pub text: String,
    /// When it is due, YYYY-MM-DD (optional).
    pub due: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteFollowUp {
    /// The note holding the follow-up, as list_follow_ups gives it (`journal/2026-11-25.md`).
    pub path: String,
    /// Its line, one-based, as list_follow_ups gives it.
    pub line: u64,
}

const WRITE: &str = "Writes to the notes: only when the server runs as `ties mcp --allow-writes`. Returns \
                     the exact edit made.";

fn tool<T: JsonSchema + 'static>(name: &'static str, description: String, read_only: bool) -> Tool {
    let notes = ToolAnnotations::new().read_only(read_only).destructive(false).open_world(false);
    Tool::new(name, description, JsonObject::new()).with_input_schema::<T>().with_annotations(notes)
}

/// Every tool, in the order README lists them.
pub fn list() -> Vec<Tool> {
    vec![
        tool::<FindContacts>(
            "find_contacts",
            "Find contacts by handle, name, alias, role or company (fuzzy), best matches and people you talk \
             to most first. Returns handles to pass to the other tools; paged."
                .into(),
            true,
        ),
        tool::<GetContact>(
            "get_contact",
            "The contact card: company, role, tie, catch-up status against the cadence, give and take, open \
             follow-ups, upcoming meetings and the most recent exchanges with their text, path and line."
                .into(),
            true,
        ),
        tool::<ListFollowUps>(
            "list_follow_ups",
            "Open follow-ups (tasks that mention a contact), overdue first, then by due date; filter by \
             status and how far ahead to look; paged. Each has the path and line complete_follow_up takes."
                .into(),
            true,
        ),
        tool::<ContactHistory>(
            "contact_history",
            "A contact's exchanges, newest first, each with its date, text, path and line; paged.".into(),
            true,
        ),
        tool::<SearchNotes>(
            "search_notes",
            "Full-text search of the notes (the search of `ties search`): exchanges whose paragraph holds \
             every word, newest first; paged."
                .into(),
            true,
        ),
        tool::<WhoAt>(
            "who_at",
            "The people you know at a company (by its company note), with role and last exchange; paged.".into(),
            true,
        ),
        tool::<IntroPaths>(
            "intro_paths",
            "Ways into a company, best first: people who work there, used to, or know someone who does, each \
             with its evidence (path and line of every hop) and a suggested next step; suggestions when there \
             is none; paged (the JSON of `ties intro --json`)."
                .into(),
            true,
        ),
        tool::<WeeklyPlan>(
            "weekly_plan",
            "Who to write to in the coming days, ranked and balanced, each with one reason (a promise due, \
             going cold, give and take, a way into a target company, ...), a suggested action and the path \
             and line behind it (the JSON of `ties plan --json`)."
                .into(),
            true,
        ),
        tool::<LogExchange>(
            "log_exchange",
            format!(
                "Log an exchange with a contact: adds a line mentioning them to that day's journal note \
                 (created if missing). {WRITE}"
            ),
            false,
        ),
        tool::<AddFollowUp>(
            "add_follow_up",
            format!(
                "Add an open follow-up (a task mentioning the contact, with an optional due date) to today's \
                 journal note. {WRITE}"
            ),
            false,
        ),
        tool::<CompleteFollowUp>(
            "complete_follow_up",
            format!(
                "Mark a follow-up done (`[x]` and today's date), by the path and line list_follow_ups gave. {WRITE}"
            ),
            false,
        ),
    ]
}

/// Runs one tool. `Ok(None)` when there is no tool of that name.
pub fn call(shared: &Shared, name: &str, args: Value) -> Option<Answer> {
    let args = if args.is_null() { Value::Object(Default::default()) } else { args };
    Some(match name {
        "find_contacts" => {
            decode(name, args, r#"{"query": "priya", "limit": 20}"#).and_then(|a| reads::find_contacts(shared, a))
        }
        "get_contact" => decode(name, args, r#"{"handle": "priya-nair"}"#).and_then(|a| reads::get_contact(shared, a)),
        "list_follow_ups" => decode(name, args, r#"{"status": "overdue", "within_days": 14, "limit": 20}"#)
            .and_then(|a| reads::list_follow_ups(shared, a)),
        "contact_history" => decode(name, args, r#"{"handle": "priya-nair", "before": "2026-11-01", "limit": 20}"#)
            .and_then(|a| reads::contact_history(shared, a)),
        "search_notes" => {
            decode(name, args, r#"{"text": "onsite panel", "limit": 20}"#).and_then(|a| reads::search_notes(shared, a))
        }
        "who_at" => decode(name, args, r#"{"company": "northwind-logistics"}"#).and_then(|a| reads::who_at(shared, a)),
        "intro_paths" => decode(name, args, r#"{"company": "northwind-logistics", "limit": 10}"#)
            .and_then(|a| reads::intro_paths(shared, a)),
        "weekly_plan" => decode(name, args, r#"{"days": 7, "limit": 10}"#).and_then(|a| reads::weekly_plan(shared, a)),
        "log_exchange" => decode(
            name,
            args,
            r#"{"handle": "priya-nair", "text": "Coffee; talked about the onsite", "date": "2026-11-26"}"#,
        )
        .and_then(|a| writes::log_exchange(shared, a)),
        "add_follow_up" => {
            decode(name, args, r#"{"handle": "priya-nair", "text": "Send the article", "due": "2026-12-01"}"#)
                .and_then(|a| writes::add_follow_up(shared, a))
        }
        "complete_follow_up" => decode(name, args, r#"{"path": "journal/2026-11-25.md", "line": 5}"#)
            .and_then(|a| writes::complete_follow_up(shared, a)),
        _ => return None,
    })
}
