//! Contact cards and follow-ups as Markdown for hovers and completion documentation.

use crate::core::date;
use crate::core::features::card::ContactCard;
use crate::lsp::state::Root;

pub use crate::markdown::RECENT;
use crate::markdown::escape;

fn link(root: &Root, path: &str, line: u32, label: &str) -> String {
    match root.uri(path) {
        Some(uri) => format!("[{label}]({}#L{})", uri.as_str(), line + 1),
        None => label.to_string(),
    }
}

/// The card in Markdown (the renderer lives in crate::markdown, shared with MCP).
pub fn card(root: &Root, card: &ContactCard, today: date::Date) -> String {
    crate::markdown::card(&|path, line, label| link(root, path, line, label), card, today)
}

/// The hover of a mention that names no contact.
pub fn unknown(shown: &str, file: &str) -> String {
    format!(
        "**{}** is not a contact yet.\n\nCreate `{file}` with `kind: person` in its front matter \
         (quick fix: *Create contact note*), or fix the spelling.",
        escape(shown)
    )
}
