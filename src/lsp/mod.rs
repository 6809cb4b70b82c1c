//! `ties lsp`: the language server on stdio. stdout carries only the protocol; logs go to
//! stderr or `--log-file`.
#![deny(clippy::print_stdout)]

pub mod proto;
mod render;
pub mod server;
pub mod state;
mod transport;

use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use tower_lsp_server::{LspService, Server};

pub use server::Options;

/// Serves the protocol on stdin/stdout until `exit`. Exit code 0 after `shutdown`, 1 without
/// (as the protocol says).
pub fn run(options: Options) -> Result<ExitCode> {
    let runtime =
        tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    let clean = runtime.block_on(async move {
        let (service, socket) = LspService::new(|client| server::Server::new(client, options));
        let shared = std::sync::Arc::clone(&service.inner().shared);
        // stdin -> checked -> library -> stdout, through two pipes we own (see transport.rs).
        let (lib_in, our_in) = tokio::io::duplex(1 << 16);
        let (lib_out, our_out) = tokio::io::duplex(1 << 16);
        let (errors_tx, errors_rx) = tokio::sync::mpsc::channel(64);
        tokio::spawn(transport::inbound(tokio::io::stdin(), our_in, errors_tx));
        let writer = tokio::spawn(transport::outbound(our_out, tokio::io::stdout(), errors_rx));
        Server::new(lib_in, lib_out, socket).serve(service).await;
        // The library's output pipe is closed now: let the last messages reach the client.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(2), writer).await;
        shared.shutdown.load(Ordering::SeqCst)
    });
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    Ok(if clean { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Where `--log-file` sends logs.
pub fn log_file(path: &PathBuf) -> Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .with_context(|| format!("cannot open the log file {}", path.display()))
}
