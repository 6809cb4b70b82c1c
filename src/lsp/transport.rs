//! The framing between the editor and the server, owned by us: every message the client sends
//! is checked before the protocol library sees it, because that library stops reading for
//! good at the first message it cannot decode. Bad messages get a JSON-RPC error (parse error
//! or invalid request) written between the server's own messages, and reading goes on.
//!
//! stdin and stdout are served by two plain threads with blocking I/O (tokio's stdio wrappers
//! added tens of milliseconds per message here). Every queue is bounded: a client that stops
//! reading stops the server reading, and nothing piles up.
#![deny(clippy::print_stdout)]

use serde_json::{Value, json};
use std::io::{BufRead, Read, Write};
use std::sync::mpsc::SyncSender;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tower_lsp_server::jsonrpc::{Request, Response};

/// The largest message accepted; a larger one is skipped with an error.
const MAX_MESSAGE: usize = 64 * 1024 * 1024;
/// Messages waiting in each direction.
const QUEUE: usize = 64;

/// What the headers of one message say.
enum Header {
    Length(usize),
    Bad(String),
}

/// Reads header lines up to the empty line. None at the end of the stream.
fn header_of(lines: &mut dyn FnMut(&mut Vec<u8>) -> Option<usize>) -> Option<Header> {
    let mut length: Option<usize> = None;
    let mut problem = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        if lines(&mut line)? == 0 {
            return None;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim();
        if text.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) if n <= MAX_MESSAGE => length = Some(n),
                    Ok(n) => problem = Some(format!("a message of {n} bytes is larger than the {MAX_MESSAGE} allowed")),
                    Err(_) => problem = Some(format!("Content-Length `{}` is not a number", value.trim())),
                }
            }
            Some(_) => {}
            None => problem = Some(format!("`{}` is not a header", text.chars().take(60).collect::<String>())),
        }
    }
    Some(match (length, problem) {
        (Some(n), None) => Header::Length(n),
        (_, Some(p)) => Header::Bad(p),
        (None, None) => Header::Bad("a message without Content-Length".into()),
    })
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn error(code: i64, message: String, id: Value) -> Vec<u8> {
    let body = json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}});
    frame(&serde_json::to_vec(&body).expect("an error serializes"))
}

/// Why a message cannot go to the server, as the error to answer with.
fn check(body: &[u8]) -> Result<(), Vec<u8>> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(err) => {
            tracing::warn!("skipping a message that is not JSON: {err}");
            return Err(error(-32700, format!("parse error: {err}"), Value::Null));
        }
    };
    if serde_json::from_value::<Request>(value.clone()).is_ok()
        || serde_json::from_value::<Response>(value.clone()).is_ok()
    {
        return Ok(());
    }
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
            let mut next_line = |line: &mut Vec<u8>| r.read_until(b'\n', line).ok();
            let body = match header_of(&mut next_line) {
                None => break,
                Some(Header::Bad(why)) => {
                    tracing::warn!("skipping a bad message: {why}");
                    if to_client.send(error(-32700, format!("bad message framing: {why}"), Value::Null)).is_err() {
                        break;
                    }
                    continue;
                }
                Some(Header::Length(n)) => {
                    let mut body = vec![0; n];
                    if r.read_exact(&mut body).is_err() {
                        break;
                    }
                    body
                }
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

/// One frame written by the library (always well-formed): its body, or None at the end.
async fn read_library_frame(r: &mut (impl AsyncBufReadExt + Unpin)) -> Option<Vec<u8>> {
    let mut length = None;
    loop {
        let mut line = Vec::new();
        if r.read_until(b'\n', &mut line).await.ok()? == 0 {
            return None;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim();
        if text.is_empty() {
            if length.is_some() {
                break;
            }
            continue;
        }
        if let Some(v) = text.strip_prefix("Content-Length:") {
            length = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).await.ok()?;
    Some(body)
}

/// Passes the library's messages on to the stdout thread.
pub async fn drain_server(server: impl AsyncRead + Unpin, to_client: SyncSender<Vec<u8>>) {
    let mut r = BufReader::new(server);
    while let Some(body) = read_library_frame(&mut r).await {
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
