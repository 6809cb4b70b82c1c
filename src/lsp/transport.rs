//! The framing between the editor and the server, owned by us: every message the client sends
//! is checked before the protocol library sees it, because that library stops reading for
//! good at the first message it cannot decode. Bad messages get a JSON-RPC error (parse error
//! or invalid request) written between the server's own messages, and reading goes on.
//!
//! stdin and stdout are served by two plain threads with blocking I/O (tokio's stdio wrappers
//! added tens of milliseconds per message here). Every queue is bounded: a client that stops
//! reading stops the server reading, and nothing piles up.
#![deny(clippy::print_stdout)]

use crate::lsp::framing::{frame, read_frame, read_frame_async};
use serde_json::{Value, json};
use std::io::Write;
use std::sync::mpsc::SyncSender;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{Request, Response};

/// Messages waiting in each direction.
const QUEUE: usize = 64;

fn error(code: i64, message: String, id: Value) -> Vec<u8> {
    let body = json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
    frame(&serde_json::to_vec(&body).expect("an error serializes"))
}

/// What the protocol library accepts: a request (or notification) or a response.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Message {
    #[allow(dead_code)]
    Request(Request),
    #[allow(dead_code)]
    Response(Response),
}

/// Why a message cannot go to the server, as the error to answer with. A good message is
/// parsed once; only a bad one is read again, to say why and to find its id.
fn check(body: &[u8]) -> Result<(), Vec<u8>> {
    if serde_json::from_slice::<Message>(body).is_ok() {
        return Ok(());
    }
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(err) => {
            tracing::warn!("skipping a message that is not JSON: {err}");
            return Err(error(-32700, format!("parse error: {err}"), Value::Null));
        }
    };
    tracing::warn!(
        "skipping a message that is not JSON-RPC: {}",
        value.to_string().chars().take(200).collect::<String>()
    );
    let id = value.get("id").filter(|i| i.is_number() || i.is_string()).cloned().unwrap_or(Value::Null);
    Err(error(-32600, "invalid request: not a JSON-RPC 2.0 message".into(), id))
}

/// Reads the client's messages from stdin on a thread of its own: good ones go to `to_server`,
/// errors for bad ones to `to_client`.
pub fn read_stdin(to_server: tokio::sync::mpsc::Sender<Vec<u8>>, to_client: SyncSender<Vec<u8>>) {
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut r = stdin.lock();
        loop {
            let body = match read_frame(&mut r) {
                None => break,
                Some(Err(why)) => {
                    tracing::warn!("skipping a bad message: {why}");
                    if to_client.send(error(-32700, format!("bad message framing: {why}"), Value::Null)).is_err() {
                        break;
                    }
                    continue;
                }
                Some(Ok(body)) => body,
            };
            let sent = match check(&body) {
                Ok(()) => to_server.blocking_send(body).is_ok(),
                Err(reply) => to_client.send(reply).is_ok(),
            };
            if !sent {
                break;
            }
        }
        // Dropping `to_server` ends the library's input: it stops as if the client had gone.
    });
}

/// Writes messages to stdout on a thread of its own. The returned sender takes whole frames.
pub fn write_stdout() -> SyncSender<Vec<u8>> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(QUEUE);
    std::thread::spawn(move || {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        for bytes in rx {
            if out.write_all(&bytes).and_then(|_| out.flush()).is_err() {
                break;
            }
        }
    });
    tx
}

/// Feeds the checked messages into the library's input pipe.
pub async fn feed_server(mut from_client: tokio::sync::mpsc::Receiver<Vec<u8>>, mut server: impl AsyncWrite + Unpin) {
    while let Some(body) = from_client.recv().await {
        if server.write_all(&frame(&body)).await.is_err() || server.flush().await.is_err() {
            break;
        }
    }
}

/// Passes the library's messages on to the stdout thread.
pub async fn drain_server(server: impl AsyncRead + Unpin, to_client: SyncSender<Vec<u8>>) {
    let mut r = BufReader::new(server);
    // The library writes well-formed frames only.
    while let Some(Ok(body)) = read_frame_async(&mut r).await {
        match to_client.try_send(frame(&body)) {
            Ok(()) => {}
            Err(std::sync::mpsc::TrySendError::Disconnected(_)) => return,
            // The stdout thread is behind (a client that does not read): wait off the runtime.
            Err(std::sync::mpsc::TrySendError::Full(bytes)) => {
                let tx = to_client.clone();
                if tokio::task::spawn_blocking(move || tx.send(bytes)).await.map(|r| r.is_err()).unwrap_or(true) {
                    return;
                }
            }
        }
    }
}
