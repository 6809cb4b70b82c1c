//! Prompts and resources: `meeting_prep(handle)` and `follow_up_drafts(days)` filled from the
//! index, and `ties://contact/{handle}`, the card as Markdown (the hover's renderer).

use crate::core::features::followups::{self, DueStatus};
use crate::mcp::args::{self, ToolError};
use crate::mcp::reads;
use crate::mcp::state::Shared;
use rmcp::model::{
    GetPromptResult, Prompt, PromptArgument, PromptMessage, Resource, ResourceContents, ResourceTemplate, Role,
};
use std::fmt::Write as _;

pub const CONTACT_URI: &str = "ties://contact/";
/// The most follow-ups one prompt lists.
const MAX_DRAFTS: usize = 30;
/// The most of a contact's own note a prompt quotes.
const MAX_NOTE: usize = 4000;

pub fn list() -> Vec<Prompt> {
    vec![
        Prompt::new(
            "meeting_prep",
            Some(
                "Prepare a meeting with a contact from your notes: who they are, where you left off, open follow-ups, what to ask and offer.",
            ),
            Some(vec![
                PromptArgument::new("handle")
                    .with_description("The contact's handle, name or alias (find_contacts lists them)")
                    .with_required(true),
            ]),
        ),
        Prompt::new(
            "follow_up_drafts",
            Some("Draft short messages for the follow-ups that are overdue or due in the next days."),
            Some(vec![
                PromptArgument::new("days")
                    .with_description("How many days ahead to include, 0-60 (default 7)")
                    .with_required(false),
            ]),
        ),
    ]
}

fn arg<'a>(args: &'a Option<rmcp::model::JsonObject>, name: &str) -> Option<&'a str> {
    args.as_ref()?.get(name)?.as_str()
}

/// Fills a prompt; `Ok(None)` when there is no prompt of that name.
pub fn get(
    shared: &Shared,
    name: &str,
    args: &Option<rmcp::model::JsonObject>,
) -> Option<Result<GetPromptResult, ToolError>> {
    Some(match name {
        "meeting_prep" => meeting_prep(shared, arg(args, "handle").unwrap_or("")),
        "follow_up_drafts" => follow_up_drafts(shared, arg(args, "days")),
        _ => return None,
    })
}

fn meeting_prep(shared: &Shared, handle: &str) -> Result<GetPromptResult, ToolError> {
    let (card, md) = reads::card_markdown(shared, handle)?;
    let note = shared.lock().vault.text_of(&card.path).unwrap_or_default();
    let note: String = note.chars().take(MAX_NOTE).collect();
    let mut text = format!(
        "I am meeting {} soon. From my notes below, prepare me: who they are and what they care about, \
         where we left off, the follow-ups I owe or am owed, what I could offer and what I could ask, and \
         three good questions. Be brief.\n\n## Card\n\n{md}\n## Their note ({})\n\n{note}\n",
        card.name, card.path
    );
    let _ = write!(
        text,
        "\nFor older exchanges call contact_history with handle `{}`; to log the meeting afterwards, log_exchange.",
        card.handle
    );
    Ok(GetPromptResult::new(vec![PromptMessage::new_text(Role::User, text)])
        .with_description(format!("Meeting prep for {}", card.name)))
}

fn follow_up_drafts(shared: &Shared, days: Option<&str>) -> Result<GetPromptResult, ToolError> {
    let days = match days.map(str::trim).filter(|d| !d.is_empty()) {
        None => 7,
        Some(d) => {
            let d = args::key("days", d)?;
            d.parse::<i64>()
                .ok()
                .filter(|n| (0..=60).contains(n))
                .ok_or_else(|| ToolError(format!("days `{d}` is not a number from 0 to 60: send e.g. 7")))?
        }
    };
    let today = shared.today();
    let state = shared.lock();
    let vault = &state.vault;
    let mut list: Vec<_> = followups::all(&vault.index, today, &vault.config.core)
        .into_iter()
        .filter(|f| match f.status {
            DueStatus::Overdue { .. } | DueStatus::Today => true,
            DueStatus::Upcoming { days: n } => n <= days,
            DueStatus::NoDate => false,
        })
        .collect();
    let total = list.len();
    list.truncate(MAX_DRAFTS);
    vault.fill_follow_ups(&mut list);
    let plain = |path: &str, line: u32, _: &str| format!("{path}:{}", line + 1);
    let mut text = format!(
        "Today is {today}. Draft a short, warm, specific message for each follow-up below (overdue or due \
         within {days} days), in my voice, one per person, using what my notes say. Do not invent facts.\n\n"
    );
    if list.is_empty() {
        text.push_str("(There are no such follow-ups: say so.)\n");
    }
    for f in &list {
        let with: Vec<String> = f.with.iter().map(|p| format!("{} (@{})", p.name, p.handle)).collect();
        let _ = writeln!(text, "{} — with {}", crate::markdown::follow_up_line(&plain, f), with.join(", "));
    }
    if total > list.len() {
        let _ = writeln!(text, "\n({} more not shown: call list_follow_ups to page through them.)", total - list.len());
    }
    text.push_str("\nFor context on a person, call get_contact with their handle.");
    Ok(GetPromptResult::new(vec![PromptMessage::new_text(Role::User, text)])
        .with_description(format!("Drafts for {} follow-ups", list.len())))
}

pub fn templates() -> Vec<ResourceTemplate> {
    vec![
        ResourceTemplate::new(format!("{CONTACT_URI}{{handle}}"), "contact")
            .with_title("Contact card")
            .with_description(
                "A contact's card as Markdown: company, role, catch-up status, follow-ups, last exchanges.",
            )
            .with_mime_type("text/markdown"),
    ]
}

/// One page of contact resources, by handle.
pub fn resources(shared: &Shared, start: usize, limit: usize) -> (Vec<Resource>, Option<String>) {
    let state = shared.lock();
    let mut all: Vec<(&str, &str)> =
        state.vault.index.contacts().map(|(_, c)| (c.handle.as_str(), c.name.as_str())).collect();
    all.sort();
    let next = (start + limit < all.len()).then(|| (start + limit).to_string());
    let page = all
        .into_iter()
        .skip(start)
        .take(limit)
        .map(|(h, n)| Resource::new(format!("{CONTACT_URI}{h}"), n.to_string()).with_mime_type("text/markdown"))
        .collect();
    (page, next)
}

/// The contents of `ties://contact/{handle}`.
pub fn read(shared: &Shared, uri: &str) -> Result<ResourceContents, ToolError> {
    let handle = uri.strip_prefix(CONTACT_URI).ok_or_else(|| {
        ToolError(format!("no resource `{uri}`: this server has {CONTACT_URI}{{handle}}, e.g. {CONTACT_URI}priya-nair"))
    })?;
    let (_, md) = reads::card_markdown(shared, handle)?;
    Ok(ResourceContents::text(md, uri).with_mime_type("text/markdown"))
}
