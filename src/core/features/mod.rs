//! Questions a user asks of the index, answered as plain data (cards, findings, follow-ups,
//! candidates) that the CLI and the language server render in their own way.

pub mod actions;
pub mod card;
pub mod completion;
pub mod duplicates;
pub mod findings;
pub mod followups;
pub mod graph;
pub mod hints;
pub mod intro;
pub mod keydates;
pub mod links;
pub mod merge;
pub mod navigation;
pub mod network_json;
pub mod news;
pub mod plan;
pub mod stats;
pub mod summaries;
