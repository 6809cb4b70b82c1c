//! Contact cards and follow-ups as Markdown for hovers and completion documentation. Kept
//! apart from to_proto.rs: this is prose for people (what a card says and in what order),
//! that is the mapping onto protocol types; both front-ends' renderers read alike this way
//! (cli/render.rs draws the same card for a terminal).

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

/// Appended to a card while its vault is still being indexed.
pub const INDEXING: &str = "\n*Indexing the vault: exchanges and follow-ups may be missing for a moment.*\n";

/// The hover of a mention that names no contact known so far, while the vault is indexed.
pub fn not_yet_known(shown: &str) -> String {
    format!("**{}**: indexing the vault, ask again in a moment.", escape(shown))
}
