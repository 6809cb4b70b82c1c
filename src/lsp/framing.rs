//! `Content-Length` framing of JSON-RPC messages: the one implementation on the Rust side.
//! The server's transport, the test client (tests/common) and the benchmark
//! (examples/lsp_bench.rs) all write and read frames through here. Headers are read line by
//! line (any order, case-insensitive names, `\r\n` or `\n`); a bad frame is reported, not
//! guessed at.

use std::io::BufRead;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt};

/// The largest message accepted; a larger one is skipped with an error.
pub const MAX_MESSAGE: usize = 64 * 1024 * 1024;

/// A body with its header.
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// What one frame's headers said: the body's length, or why the frame cannot be read.
#[derive(Debug, Default)]
struct Headers {
    length: Option<usize>,
    problem: Option<String>,
    seen: bool,
}

impl Headers {
    /// Takes one header line; true once the headers are over (the empty line after them).
    /// Empty lines before any header are skipped.
    fn line(&mut self, raw: &[u8]) -> bool {
        let text = String::from_utf8_lossy(raw);
        let text = text.trim();
        if text.is_empty() {
            return self.seen;
        }
        self.seen = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(n) if n <= MAX_MESSAGE => self.length = Some(n),
                    Ok(n) => {
                        self.problem = Some(format!("a message of {n} bytes is larger than the {MAX_MESSAGE} allowed"))
                    }
                    Err(_) => self.problem = Some(format!("Content-Length `{}` is not a number", value.trim())),
                }
            }
            Some(_) => {}
            None => self.problem = Some(format!("`{}` is not a header", text.chars().take(60).collect::<String>())),
        }
        false
    }

    fn length(self) -> Result<usize, String> {
        match (self.length, self.problem) {
            (Some(n), None) => Ok(n),
            (_, Some(p)) => Err(p),
            (None, None) => Err("a message without Content-Length".into()),
        }
    }
}

/// One frame from a blocking reader: `None` at the end of the stream, `Some(Err(why))` for a
/// frame whose headers are bad (its body, if any, is not consumed).
pub fn read_frame(r: &mut impl BufRead) -> Option<Result<Vec<u8>, String>> {
    let mut headers = Headers::default();
    loop {
        let mut line = Vec::new();
        if r.read_until(b'\n', &mut line).ok()? == 0 {
            return None;
        }
        if headers.line(&line) {
            break;
        }
    }
    Some(match headers.length() {
        Ok(n) => {
            let mut body = vec![0; n];
            r.read_exact(&mut body).ok()?;
            Ok(body)
        }
        Err(why) => Err(why),
    })
}

/// `read_frame` for an async reader.
pub async fn read_frame_async(r: &mut (impl AsyncBufRead + Unpin)) -> Option<Result<Vec<u8>, String>> {
    let mut headers = Headers::default();
    loop {
        let mut line = Vec::new();
        if r.read_until(b'\n', &mut line).await.ok()? == 0 {
            return None;
        }
        if headers.line(&line) {
            break;
        }
    }
    Some(match headers.length() {
        Ok(n) => {
            let mut body = vec![0; n];
            r.read_exact(&mut body).await.ok()?;
            Ok(body)
        }
        Err(why) => Err(why),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8]) -> Vec<Result<String, String>> {
        let mut r = std::io::Cursor::new(input.to_vec());
        std::iter::from_fn(|| read_frame(&mut r)).map(|f| f.map(|b| String::from_utf8(b).unwrap())).collect()
    }

    #[test]
    fn frames_round_trip_and_bad_headers_are_named() {
        let mut input = frame(b"{\"a\":1}");
        input.extend(b"content-length: 2\nContent-Type: x\n\n{}");
        input.extend(b"Content-Length: two\r\n\r\n");
        input.extend(b"garbage\r\n\r\n");
        assert_eq!(
            all(&input),
            vec![
                Ok("{\"a\":1}".to_string()),
                Ok("{}".to_string()),
                Err("Content-Length `two` is not a number".to_string()),
                Err("`garbage` is not a header".to_string()),
            ]
        );
    }
}
