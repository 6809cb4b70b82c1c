//! Byte spans and the line table of a note: byte offset <-> (line, column) in UTF-8, UTF-16
//! or characters. Pure arithmetic over offsets; it never holds the note's text.

use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` in a note's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start: start as u32, end: end as u32 }
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset <= self.end
    }
}

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units (the LSP default).
    Utf16,
    /// Unicode scalar values (what a terminal user counts).
    Chars,
}

/// Start offsets of every line, plus the position and width of every non-ASCII character, so that
/// columns in any encoding can be computed without the text. Line breaks are `\n`, `\r\n` and a
/// lone `\r`, as in the LSP.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// (byte offset, UTF-8 length) of each character wider than one byte, in order.
    wide: Vec<(u32, u8)>,
    /// Lines whose break is the two bytes `\r\n`, in order.
    crlf: Vec<u32>,
    len: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut crlf = Vec::new();
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' {
                if i > 0 && bytes[i - 1] == b'\r' {
                    crlf.push(starts.len() as u32 - 1);
                }
                starts.push(i as u32 + 1);
            } else if bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i as u32 + 1);
            }
        }
        let mut wide = Vec::new();
        if !text.is_ascii() {
            for (i, c) in text.char_indices() {
                if !c.is_ascii() {
                    wide.push((i as u32, c.len_utf8() as u8));
                }
            }
        }
        LineIndex { starts, wide, crlf, len: text.len() as u32 }
    }

    pub fn shrink_to_fit(&mut self) {
        self.starts.shrink_to_fit();
        self.wide.shrink_to_fit();
        self.crlf.shrink_to_fit();
    }

    pub fn line_count(&self) -> u32 {
        self.starts.len() as u32
    }

    pub fn len(&self) -> u32 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Zero-based line holding `offset` (offsets past the end land on the last line).
    pub fn line_of(&self, offset: u32) -> u32 {
        let offset = offset.min(self.len);
        (self.starts.partition_point(|&s| s <= offset) - 1) as u32
    }

    /// Byte offset where `line` starts; the end of the text for lines past the end.
    pub fn line_start(&self, line: u32) -> u32 {
        self.starts.get(line as usize).copied().unwrap_or(self.len)
    }

    /// Byte offset where `line` ends, before its line break.
    pub fn line_end(&self, line: u32) -> u32 {
        match self.starts.get(line as usize + 1) {
            Some(&next) if self.crlf.binary_search(&line).is_ok() => next - 2,
            Some(&next) => next - 1,
            None => self.len,
        }
    }

    /// (line, column) of `offset`, zero-based, columns counted in `enc`. An offset inside a
    /// multi-byte character is moved to that character's start.
    pub fn line_col(&self, offset: u32, enc: Encoding) -> (u32, u32) {
        let offset = offset.min(self.len);
        let line = self.line_of(offset);
        let start = self.starts[line as usize];
        let mut col = offset - start;
        let first = self.wide.partition_point(|&(o, _)| o < start);
        for &(o, w) in &self.wide[first..] {
            if o >= offset {
                break;
            }
            let w = w as u32;
            if o + w > offset {
                // `offset` is inside this character: count from its start.
                col -= offset - o;
                break;
            }
            col -= w - units(w, enc);
        }
        (line, col)
    }

    /// Byte offset of (line, column) with columns in `enc`. Past the end of the line clamps to
    /// the line's end; past the last line clamps to the end of the text.
    pub fn offset(&self, line: u32, col: u32, enc: Encoding) -> u32 {
        if line as usize >= self.starts.len() {
            return self.len;
        }
        let start = self.starts[line as usize];
        let end = self.line_end(line);
        let mut offset = start;
        let mut remaining = col;
        let first = self.wide.partition_point(|&(o, _)| o < start);
        let mut wide = self.wide[first..].iter().take_while(|&&(o, _)| o < end).peekable();
        while remaining > 0 && offset < end {
            match wide.peek() {
                Some(&&(o, w)) if o == offset => {
                    let u = units(w as u32, enc);
                    if remaining < u {
                        // Inside a surrogate pair: stay at the character's start.
                        break;
                    }
                    remaining -= u;
                    offset += w as u32;
                    wide.next();
                }
                Some(&&(o, _)) => {
                    let step = remaining.min(o - offset);
                    remaining -= step;
                    offset += step;
                }
                None => {
                    let step = remaining.min(end - offset);
                    remaining -= step;
                    offset += step;
                }
            }
        }
        offset
    }
}

/// Columns one character of UTF-8 width `w` takes in `enc`.
fn units(w: u32, enc: Encoding) -> u32 {
    match enc {
        Encoding::Utf8 => w,
        Encoding::Utf16 => {
            if w == 4 {
                2
            } else {
                1
            }
        }
        Encoding::Chars => 1,
    }
}
