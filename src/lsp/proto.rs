//! The one place that converts between the core's byte spans and LSP positions (UTF-8 or
//! UTF-16), and between vault paths and URIs.

use crate::core::text::{Encoding, LineIndex, Span};
use std::path::{Path, PathBuf};
use tower_lsp_server::gen_lsp_types::{Position, PositionEncodingKind, Range, Uri};

/// The encoding negotiated with the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Enc(pub Encoding);

impl Enc {
    /// UTF-8 when the client offers it, else UTF-16 (which every client must support).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Enc {
        match offered {
            Some(list) if list.contains(&PositionEncodingKind::UTF8) => Enc(Encoding::Utf8),
            _ => Enc(Encoding::Utf16),
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self.0 {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            _ => PositionEncodingKind::UTF16,
        }
    }

    pub fn position(self, lines: &LineIndex, offset: u32) -> Position {
        let (line, character) = lines.line_col(offset, self.0);
        Position { line, character }
    }

    pub fn range(self, lines: &LineIndex, span: Span) -> Range {
        Range { start: self.position(lines, span.start), end: self.position(lines, span.end) }
    }

    /// The byte offset of a position; positions past a line's end or the text's end are
    /// clamped to them.
    pub fn offset(self, lines: &LineIndex, pos: Position) -> u32 {
        lines.offset(pos.line, pos.character, self.0)
    }

    pub fn span(self, lines: &LineIndex, range: Range) -> Span {
        let (a, b) = (self.offset(lines, range.start), self.offset(lines, range.end));
        Span { start: a.min(b), end: a.max(b) }
    }
}

/// The file a `file:` URI names; None for other schemes.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    if uri.scheme() != "file" {
        return None;
    }
    uri.to_file_path().ok()
}

pub fn path_to_uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path).ok()
}

/// The URI of a vault path under `root`.
pub fn note_uri(root: &Path, rel: &str) -> Option<Uri> {
    let mut path = root.to_path_buf();
    for part in rel.split('/') {
        path.push(part);
    }
    path_to_uri(&path)
}
