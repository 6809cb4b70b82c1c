//! ties: a contact index built from Markdown notes, served to a terminal and to editors.

pub mod cli;
pub mod config;
pub mod core;
pub mod import;
pub mod lsp;
pub mod markdown;
pub mod mcp;
pub mod store;
pub mod vault;
pub mod write;
