//! The write tools, on only with `ties mcp --allow-writes`. The core proposes the change
//! (`core::features::actions`), `crate::write` makes it: inside the vault, atomic, refused when
//! the note changed since the index read it. Each answer shows the exact edit made.

use crate::core::Date;
use crate::core::features::actions::{self, Change, TextEdit};
use crate::mcp::args::{self, Answer, ToolError};
use crate::mcp::state::{Shared, State};
use crate::mcp::tools::{AddFollowUp, CompleteFollowUp, LogExchange};
use crate::write::{self, FileChange};
use serde_json::json;

fn allowed(shared: &Shared) -> Result<(), ToolError> {
    if shared.allow_writes {
        Ok(())
    } else {
        Err(ToolError(
            "writes are off: this server was started without --allow-writes, so it only reads. Tell the user; \
             they can restart it as `ties mcp --allow-writes` to let you change notes"
                .into(),
        ))
    }
}

/// `text` with `edits` applied (spans are byte offsets into `text`; they do not overlap).
fn apply_edits(text: &str, edits: &[TextEdit]) -> Result<String, ToolError> {
    let mut edits: Vec<&TextEdit> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut out = text.to_string();
    for e in edits {
        let (s, t) = (e.span.start as usize, e.span.end as usize);
        if s > t || t > out.len() || !out.is_char_boundary(s) || !out.is_char_boundary(t) {
            return Err(ToolError("the note no longer matches the index: call the tool again".into()));
        }
        out.replace_range(s..t, &e.new_text);
    }
    Ok(out)
}

/// The core's change as a change `crate::write` applies, against the text the index read.
fn file_change(shared: &Shared, state: &State, change: Change) -> Result<FileChange, ToolError> {
    match change {
        Change::Create { path, text } => Ok(FileChange::Create { path, text }),
        Change::Edit { path, edits } => {
            let before = state
                .fingerprint(&path)
                .ok_or_else(|| ToolError(format!("{path} is not indexed yet: call the tool again in a moment")))?;
            let full = write::inside(&shared.root, &path).map_err(|e| ToolError(format!("{e:#}")))?;
            let bytes = std::fs::read(&full).map_err(|e| ToolError(format!("cannot read {path}: {e}")))?;
            if write::fingerprint(&bytes) != before {
                return Err(ToolError(changed(&path)));
            }
            let text = String::from_utf8(bytes)
                .map_err(|_| ToolError(format!("{path} is not valid UTF-8: ties does not write to it")))?;
            Ok(FileChange::Update { text: apply_edits(&text, &edits)?, path, before })
        }
        Change::Rename { from, .. } => Err(ToolError(format!("renaming {from} is not something MCP tools do"))),
        Change::Delete { path } => Err(ToolError(format!("deleting {path} is not something MCP tools do"))),
    }
}

fn changed(path: &str) -> String {
    format!(
        "{path} changed since ties read it: nothing was written. The index has been refreshed: call the tool \
         again (after list_follow_ups when you name a line, as lines may have moved)"
    )
}

/// Builds a change on the current index, writes it, and answers with the exact edit.
fn run(shared: &Shared, build: impl FnOnce(&State, Date) -> Result<Change, ToolError>) -> Answer {
    allowed(shared)?;
    let today = shared.today();
    let mut state = shared.lock();
    let change = build(&state, today)?;
    let result = file_change(shared, &state, change).and_then(|fc| {
        let edit = shared.write(&mut state, std::slice::from_ref(&fc)).map_err(|e| ToolError(format!("{e:#}")))?;
        let created = matches!(fc, FileChange::Create { .. });
        Ok(json!({ "path": fc.path(), "created": created, "edit": edit }))
    });
    drop(state);
    if let Err(ToolError(msg)) = &result
        && msg.contains("changed since ties read it")
    {
        if let Err(err) = shared.refresh() {
            tracing::warn!("cannot refresh the index: {err:#}");
        }
        return Err(ToolError(msg.replace("run the command again", "call the tool again")));
    }
    result
}

/// `text` as the line's words, with `@handle` in front unless the text already mentions it or
/// would otherwise read as a task or other markup.
fn mentioning(handle: &str, text: &str) -> String {
    let mentions = text.to_lowercase().contains(&format!("@{handle}"));
    if mentions && !text.starts_with(['[', '#', '>', '-', '*', '+']) {
        text.to_string()
    } else {
        format!("@{handle}: {text}")
    }
}

pub fn log_exchange(shared: &Shared, a: LogExchange) -> Answer {
    allowed(shared)?;
    let text = args::line_text(&a.text)?;
    let date = a.date.as_deref().map(|d| args::date("date", d)).transpose()?;
    run(shared, |state, today| {
        let id = args::contact(&state.vault.index, &a.handle)?;
        let handle = &state.vault.index.contact(id).expect("a contact").handle;
        let day = date.unwrap_or(today);
        let line = format!("- {}", mentioning(handle, text));
        Ok(actions::journal_line(&state.vault.index, &state.vault.config.core, day, &line))
    })
}

pub fn add_follow_up(shared: &Shared, a: AddFollowUp) -> Answer {
    allowed(shared)?;
    let text = args::line_text(&a.text)?;
    let due = a.due.as_deref().map(|d| args::date("due", d)).transpose()?;
    if due.is_some() && (text.to_lowercase().contains("due:") || text.contains('📅')) {
        return Err(ToolError("text already holds a due date: send the date in `due` only".into()));
    }
    run(shared, |state, today| {
        let id = args::contact(&state.vault.index, &a.handle)?;
        let handle = &state.vault.index.contact(id).expect("a contact").handle;
        let due = due.map_or(String::new(), |d| format!(" due:{d}"));
        let line = format!("- [ ] {}{due}", mentioning(handle, text));
        Ok(actions::journal_line(&state.vault.index, &state.vault.config.core, today, &line))
    })
}

pub fn complete_follow_up(shared: &Shared, a: CompleteFollowUp) -> Answer {
    allowed(shared)?;
    let path = args::key("path", &a.path)?.to_string();
    write::inside(&shared.root, &path).map_err(|e| ToolError(format!("{e:#}")))?;
    run(shared, |state, today| {
        let facts = state.vault.index.get(&path).ok_or_else(|| {
            ToolError(format!("no note `{path}` in this vault: send a path exactly as list_follow_ups gave it"))
        })?;
        let line = a.line.checked_sub(1).filter(|&l| l < facts.lines.line_count() as u64).ok_or_else(|| {
            ToolError(format!("{path} has no line {}: send the one-based line list_follow_ups gave", a.line))
        })? as u32;
        let task = facts.tasks.iter().find(|t| facts.lines.line_of(t.span.start) == line).ok_or_else(|| {
            ToolError(format!("line {} of {path} holds no task: send the line list_follow_ups gave", a.line))
        })?;
        if task.done {
            return Err(ToolError(format!("the task on line {} of {path} is already done", a.line)));
        }
        Ok(Change::Edit { path: path.clone(), edits: actions::mark_done(task, today) })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::text::Span;

    #[test]
    fn edits_apply_from_the_end_and_bad_spans_are_refused() {
        let edits = [
            TextEdit { span: Span { start: 2, end: 5 }, new_text: "[x]".into() },
            TextEdit { span: Span { start: 10, end: 10 }, new_text: " ✅ 2026-11-26".into() },
        ];
        assert_eq!(apply_edits("- [ ] call", &edits).unwrap(), "- [x] call ✅ 2026-11-26");
        let bad = [TextEdit { span: Span { start: 20, end: 20 }, new_text: "x".into() }];
        assert!(apply_edits("short", &bad).is_err());
    }

    #[test]
    fn a_line_mentions_the_contact_once() {
        assert_eq!(mentioning("jane", "Coffee with @jane"), "Coffee with @jane");
        assert_eq!(mentioning("jane", "Coffee"), "@jane: Coffee");
        assert_eq!(mentioning("jane", "[ ] @jane"), "@jane: [ ] @jane");
    }
}
