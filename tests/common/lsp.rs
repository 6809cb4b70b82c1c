//! A small LSP client for tests: JSON-RPC over any byte stream (framed by `ties::lsp::framing`), for the server
//! in-process (a duplex pipe) or the real `ties lsp` binary (its stdio). It answers the
//! server's own requests (progress tokens, registrations) and keeps every notification.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Duration;
use ties::lsp::framing;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    writer: Box<dyn AsyncWrite + Unpin + Send>,
    incoming: mpsc::UnboundedReceiver<Value>,
    next_id: i64,
    /// Notifications and server requests seen so far, oldest first.
    pub seen: Vec<Value>,
    unread: VecDeque<Value>,
    pub root: PathBuf,
    /// `wait_for` accepts only messages seen from this index on (see `mark`).
    since: usize,
}

/// Reads framed messages until the stream ends (or a frame is bad).
async fn read_loop(reader: impl AsyncRead + Unpin, tx: mpsc::UnboundedSender<Value>) {
    let mut reader = BufReader::new(reader);
    while let Some(Ok(body)) = framing::read_frame_async(&mut reader).await {
        let Ok(value) = serde_json::from_slice(&body) else {
            return;
        };
        if tx.send(value).is_err() {
            return;
        }
    }
}

impl Client {
    pub fn new(
        reader: impl AsyncRead + Unpin + Send + 'static,
        writer: impl AsyncWrite + Unpin + Send + 'static,
        root: &Path,
    ) -> Client {
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(read_loop(reader, tx));
        Client {
            writer: Box::new(writer),
            incoming: rx,
            next_id: 0,
            seen: Vec::new(),
            unread: VecDeque::new(),
            root: root.to_path_buf(),
            since: 0,
        }
    }

    pub async fn send_raw(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.unwrap();
        self.writer.flush().await.unwrap();
    }

    pub async fn send(&mut self, msg: Value) {
        self.send_raw(&framing::frame(&serde_json::to_vec(&msg).unwrap())).await;
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// The next message from the server; server requests are answered on the way.
    async fn next(&mut self) -> Value {
        if let Some(v) = self.unread.pop_front() {
            return v;
        }
        let msg = tokio::time::timeout(TIMEOUT, self.incoming.recv())
            .await
            .expect("the server did not answer in time")
            .expect("the server closed the connection");
        if msg.get("method").is_some() && msg.get("id").is_some() {
            let reply = json!({"jsonrpc": "2.0", "id": msg["id"], "result": null});
            self.send(reply).await;
        }
        msg
    }

    /// Sends a request and returns the whole response (with `result` or `error`).
    pub async fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        loop {
            let msg = self.next().await;
            if msg.get("method").is_none() && msg["id"] == json!(id) {
                return msg;
            }
            self.seen.push(msg);
        }
    }

    /// The result of a request; panics on an error response.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let r = self.call(method, params).await;
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    /// Marks the present: from now on `wait_for` and `diagnostics` accept only messages that
    /// arrive after this point. Call it just before an action whose effect a test waits for,
    /// so that an answer published before the action cannot satisfy the wait.
    pub fn mark(&mut self) {
        self.since = self.seen.len();
    }

    /// Waits for a notification that satisfies `pred`, among those seen since the last `mark`
    /// (messages that arrived while a request was answered count) and those still to come.
    pub async fn wait_for(&mut self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let since = self.since.min(self.seen.len());
        if let Some(v) = self.seen[since..].iter().rev().find(|m| m["method"] == method && pred(&m["params"])) {
            return v["params"].clone();
        }
        loop {
            let msg = self.next().await;
            let hit = msg["method"] == method && pred(&msg["params"]);
            self.seen.push(msg.clone());
            if hit {
                return msg["params"].clone();
            }
        }
    }

    /// Waits for a response (a message without a method) that satisfies `pred`, taking it out
    /// of the seen messages so each is counted once.
    pub async fn wait_for_response(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.seen.iter().position(|m| m.get("method").is_none() && pred(m)) {
            if i < self.since {
                self.since -= 1;
            }
            return self.seen.remove(i);
        }
        loop {
            let msg = self.next().await;
            if msg.get("method").is_none() && pred(&msg) {
                return msg;
            }
            self.seen.push(msg);
        }
    }

    /// Collects whatever the server sends during `window`; returns how many messages came.
    pub async fn drain_for(&mut self, window: Duration) -> usize {
        let end = tokio::time::Instant::now() + window;
        let mut n = 0;
        while let Ok(Some(msg)) = tokio::time::timeout_at(end, self.incoming.recv()).await {
            self.seen.push(msg);
            n += 1;
        }
        n
    }

    /// The `file:` URI of a note, percent-encoded as editors send it.
    pub fn uri(&self, rel: &str) -> String {
        let path = self.root.join(rel).display().to_string();
        let mut out = String::from("file://");
        for b in path.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    }

    pub async fn initialize(&mut self, utf8: bool, options: Value) -> Value {
        let encodings = if utf8 { json!(["utf-8", "utf-16"]) } else { json!(["utf-16"]) };
        let root = self.uri("");
        let root = root.trim_end_matches('/');
        let result = self
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": root,
                    "capabilities": {
                        "general": {"positionEncodings": encodings},
                        "window": {"workDoneProgress": true},
                        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}, "workspaceEdit": {"documentChanges": true}, "codeLens": {"refreshSupport": true}},
                    },
                    "initializationOptions": options,
                }),
            )
            .await;
        self.notify("initialized", json!({})).await;
        result
    }

    pub async fn open(&mut self, rel: &str, text: &str) {
        let uri = self.uri(rel);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        )
        .await;
    }

    /// Waits until the server published diagnostics for every note: indexing is done.
    pub async fn wait_indexed(&mut self) {
        self.wait_for("$/progress", |p| p["value"]["kind"] == "end").await;
    }

    /// The latest diagnostics published for a note since the last `mark`, waiting for the
    /// first ones.
    pub async fn diagnostics(&mut self, rel: &str) -> Vec<Value> {
        let uri = self.uri(rel);
        self.wait_for("textDocument/publishDiagnostics", |p| p["uri"] == uri).await;
        let since = self.since.min(self.seen.len());
        let last = self.seen[since..]
            .iter()
            .rev()
            .find(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
        last.unwrap()["params"]["diagnostics"].as_array().unwrap().clone()
    }

    pub async fn shutdown(&mut self) {
        self.request("shutdown", Value::Null).await;
        self.notify("exit", Value::Null).await;
    }
}

/// A position `{line, character}` of byte `offset` in `text`, counting characters in UTF-8
/// bytes or UTF-16 units.
pub fn position(text: &str, offset: usize, utf8: bool) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = if utf8 { before[start..].len() } else { before[start..].encode_utf16().count() };
    json!({"line": line, "character": col})
}

/// Removes the `$0` cursor marker: (text, byte offset of the cursor).
pub fn cursor(text: &str) -> (String, usize) {
    let at = text.find("$0").expect("fixture has a $0 cursor");
    (text.replacen("$0", "", 1), at)
}
