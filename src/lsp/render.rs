//! Contact cards and follow-ups as Markdown for hovers and completion documentation. Kept
//! apart from to_proto.rs: this is prose for people (what a card says and in what order),
//! that is the mapping onto protocol types; both front-ends' renderers read alike this way
//! (cli/render.rs draws the same card for a terminal).

use crate::core::date;
use crate::core::features::card::ContactCard;
use crate::core::features::intro::IntroPath;
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

/// How long one way in may be in a hover, so that the card stays small.
const STEP_MAX: usize = 280;

/// The best ways into a company, appended to its card: at most the paths given (3), each its
/// next step in one sentence.
pub fn ways_in(paths: &[IntroPath], total: usize) -> String {
    if paths.is_empty() {
        return "\n**Ways in**: none yet (`ties intro` suggests whom to ask).\n".into();
    }
    let more = if total > paths.len() { format!(" (best {} of {total})", paths.len()) } else { String::new() };
    let mut md = format!("\n**Ways in**{more}\n\n");
    for (k, p) in paths.iter().enumerate() {
        let step: String = p.step.chars().take(STEP_MAX).collect();
        let cut = if step.len() < p.step.len() { "…" } else { "" };
        md.push_str(&format!("{}. {step}{cut}\n", k + 1));
    }
    md
}
