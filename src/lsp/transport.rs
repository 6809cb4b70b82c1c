//! The framing between the editor and the server, owned by us: every message the client sends
//! is checked before the protocol library sees it, because that library stops reading for
//! good at the first message it cannot decode. Bad messages get a JSON-RPC error (parse error
//! or invalid request) written between the server's own messages, and reading goes on. Both
//! directions are bounded: a client that stops reading stops the server reading, nothing
//! piles up.
#![deny(clippy::print_stdout)]

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{Request, Response};

/// The largest message accepted; a larger one is skipped with an error.
const MAX_MESSAGE: usize = 64 * 1024 * 1024;

/// One framed message read from a stream.
enum Frame {
    Body(Vec<u8>),
    /// Headers without a usable Content-Length (or a body too large): skipped.
    Bad(String),
    Eof,
}

async fn read_frame(r: &mut (impl AsyncBufReadExt + Unpin)) -> Frame {
    let mut length: Option<usize> = None;
    let mut problem = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        match r.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return Frame::Eof,
            Ok(_) => {}
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
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                match value.trim().parse::<usize>() {
                    Ok(n) if n <= MAX_MESSAGE => length = Some(n),
                    Ok(n) => problem = Some(format!("a message of {n} bytes is larger than the {MAX_MESSAGE} allowed")),
                    Err(_) => problem = Some(format!("Content-Length `{}` is not a number", value.trim())),
                }
            }
        } else {
            problem = Some(format!("`{}` is not a header", text.chars().take(60).collect::<String>()));
        }
    }
    match (length, problem) {
        (Some(n), None) => {
            let mut body = vec![0; n];
            match r.read_exact(&mut body).await {
                Ok(_) => Frame::Body(body),
                Err(_) => Frame::Eof,
            }
        }
        (_, Some(p)) => Frame::Bad(p),
        (None, None) => Frame::Bad("a message without Content-Length".into()),
    }
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

/// Copies messages from the client to the server, checking each one. Errors for bad ones go
/// to `errors`, to be written to the client.
pub async fn inbound(
    client: impl AsyncRead + Unpin,
    mut server: impl AsyncWrite + Unpin,
    errors: mpsc::Sender<Vec<u8>>,
) {
    let mut reader = BufReader::new(client);
    loop {
        let body = match read_frame(&mut reader).await {
            Frame::Eof => break,
            Frame::Bad(why) => {
                tracing::warn!("skipping a bad message: {why}");
                if errors.send(error(-32700, format!("bad message framing: {why}"), Value::Null)).await.is_err() {
                    break;
                }
                continue;
            }
            Frame::Body(b) => b,
        };
        let value: Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(err) => {
                tracing::warn!("skipping a message that is not JSON: {err}");
                if errors.send(error(-32700, format!("parse error: {err}"), Value::Null)).await.is_err() {
                    break;
                }
                continue;
            }
        };
        let valid = serde_json::from_value::<Request>(value.clone()).is_ok()
            || serde_json::from_value::<Response>(value.clone()).is_ok();
        if !valid {
            tracing::warn!(
                "skipping a message that is not JSON-RPC: {}",
                value.to_string().chars().take(200).collect::<String>()
            );
            let id = value.get("id").filter(|i| i.is_number() || i.is_string()).cloned().unwrap_or(Value::Null);
            if errors.send(error(-32600, "invalid request: not a JSON-RPC 2.0 message".into(), id)).await.is_err() {
                break;
            }
            continue;
        }
        if server.write_all(&frame(&body)).await.is_err() || server.flush().await.is_err() {
            break;
        }
    }
    // Dropping `server` ends the library's input: it stops as if the client had gone.
}

/// Copies the server's messages to the client, with our errors written between them.
pub async fn outbound(
    server: impl AsyncRead + Unpin,
    mut client: impl AsyncWrite + Unpin,
    mut errors: mpsc::Receiver<Vec<u8>>,
) {
    let mut reader = BufReader::new(server);
    let mut errors_open = true;
    loop {
        tokio::select! {
            frame_read = read_frame(&mut reader) => match frame_read {
                Frame::Body(body) => {
                    if client.write_all(&frame(&body)).await.is_err() || client.flush().await.is_err() {
                        return;
                    }
                }
                Frame::Bad(why) => tracing::error!("the server wrote a bad frame: {why}"),
                Frame::Eof => return,
            },
            err = errors.recv(), if errors_open => match err {
                Some(bytes) => {
                    if client.write_all(&bytes).await.is_err() || client.flush().await.is_err() {
                        return;
                    }
                }
                None => errors_open = false,
            },
        }
    }
}
