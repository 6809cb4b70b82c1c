//! `ties lsp`: the language server on stdio. stdout carries only the protocol; logs go to
//! stderr or `--log-file`.
#![deny(clippy::print_stdout)]

mod background;
pub mod caps;
pub mod framing;
mod handlers;
mod render;
pub mod server;
pub mod state;
pub mod to_proto;
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
        let (to_server, from_client) = tokio::sync::mpsc::channel(64);
        let to_client = transport::write_stdout();
        transport::read_stdin(to_server, to_client.clone());
        tokio::spawn(transport::feed_server(from_client, our_in));
        let drained = tokio::spawn(transport::drain_server(our_out, to_client));
        Server::new(lib_in, lib_out, socket).serve(service).await;
        // The library's output pipe is closed now: let the last messages reach the client.
        let _ = tokio::time::timeout(std::time::Duration::from_secs(2), drained).await;
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
