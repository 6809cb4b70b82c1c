//! `ties mcp`: the contact index served to AI assistants over the Model Context Protocol on
//! stdio (the official Rust SDK, rmcp). One vault, read-only unless `--allow-writes`. stdout
//! carries only the protocol; logs go to stderr or `--log-file`.
#![deny(clippy::print_stdout)]

mod args;
mod prompts;
mod reads;
mod server;
mod state;
mod tools;
mod writes;

use crate::core::Date;
use anyhow::{Context, Result};
use rmcp::ServiceExt;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

pub struct Options {
    /// The vault; None: the nearest vault root above the current folder.
    pub dir: Option<PathBuf>,
    pub today: Option<Date>,
    pub cache_dir: Option<PathBuf>,
    pub no_cache: bool,
    pub allow_writes: bool,
    /// Follow changes on disk (off only where the system cannot watch, and in tests that need
    /// the index to stay as it was read).
    pub watch: bool,
}

/// Loads the vault, then serves requests until the client closes stdin.
pub fn run(options: Options) -> Result<ExitCode> {
    let shared = Arc::new(state::Shared::load(
        options.dir.as_deref(),
        options.cache_dir,
        options.no_cache,
        options.today,
        options.allow_writes,
    )?);
    let _watcher = if options.watch { state::watch(Arc::clone(&shared)) } else { None };
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let service = server::Server { shared }
            .serve(rmcp::transport::stdio())
            .await
            .context("the MCP client did not complete the handshake")?;
        service.waiting().await.context("the MCP server stopped unexpectedly")?;
        anyhow::Ok(())
    })?;
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    Ok(ExitCode::SUCCESS)
}
