//! The pure core: text in, plain answers out. No file system, SQLite, LSP, async runtime or
//! clock here (tests/tidy.rs keeps it so).

pub mod config;
pub mod date;
pub mod features;
pub mod front_edit;
pub mod index;
pub mod key_date;
pub mod keys;
pub mod note;
pub mod text;

pub use config::Config;
pub use date::Date;
pub use index::Index;
pub use note::{NoteFacts, parse};
