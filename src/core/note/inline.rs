//! Scanners inside one run of prose: link target ranges, `@mentions`, `#tags` and summaries.

use super::*;
use crate::core::keys::normalize_key;

/// `[[target|label]]` -> the range of `target`.
pub(super) fn wiki_target_range(src: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let text = &src[range.clone()];
    let inner = text.strip_prefix("[[").and_then(|t| t.strip_suffix("]]")).unwrap_or(text);
    let start = range.start + if text.starts_with("[[") { 2 } else { 0 };
    // `[[Page#Heading|label]]` and `[[Page^block]]` name the page.
    start..start + inner.find(['|', '#', '^']).unwrap_or(inner.len())
}

/// A link to a file that is not a note (`diagram.png`, `report.pdf`, `board.canvas`): never a
/// mention.
pub(super) fn is_attachment(dest: &str) -> bool {
    let page = dest.split(['#', '^', '|']).next().unwrap_or("");
    let name = page.rsplit(['/', '\\']).next().unwrap_or("");
    let Some((_, ext)) = name.rsplit_once('.') else { return false };
    const EXTENSIONS: &[&str] = &[
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "bmp",
        "avif",
        "heic",
        "tif",
        "tiff",
        "ico",
        "pdf",
        "mp3",
        "wav",
        "ogg",
        "m4a",
        "flac",
        "webm",
        "mp4",
        "mov",
        "mkv",
        "avi",
        "ogv",
        "3gp",
        "canvas",
        "excalidraw",
        "csv",
        "xlsx",
        "xls",
        "docx",
        "doc",
        "pptx",
        "ppt",
        "odt",
        "zip",
        "txt",
        "json",
        "html",
        "epub",
    ];
    EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e))
}

/// `[text](dest "title")` -> the range of `dest` (the whole link when it is not inline).
pub(super) fn link_dest_range(src: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let text = &src[range.clone()];
    match (text.rfind("]("), text.ends_with(')')) {
        (Some(i), true) => {
            let inside = &text[i + 2..text.len() - 1];
            let dest = inside.trim_start();
            let start = range.start + i + 2 + (inside.len() - dest.len());
            start..start + dest.find(char::is_whitespace).unwrap_or(dest.len())
        }
        _ => range,
    }
}

/// Reads the mention starting at the `@` at `at`: its end, form and normalized key.
pub(super) fn read_mention(src: &str, at: usize) -> Option<(usize, MentionForm, String)> {
    let rest = &src[at + 1..];
    if let Some(inner) = rest.strip_prefix('[') {
        let close = inner.find([']', '[', '\n', '\r'])?;
        if !inner[close..].starts_with(']') {
            return None;
        }
        let key = normalize_key(&inner[..close]);
        if key.is_empty() {
            return None;
        }
        return Some((at + 2 + close + 1, MentionForm::Bracket, key));
    }
    let mut key = String::new();
    // End and key length of the handle without trailing punctuation (`.` and `-`).
    let mut keep = (at + 1, 0);
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let (c, next) = if c == '\\' {
            match chars.peek() {
                Some(&(j, e)) if matches!(e, '_' | '.' | '-') => {
                    chars.next();
                    (e, j + 1)
                }
                _ => break,
            }
        } else {
            (c, i + c.len_utf8())
        };
        if !crate::core::keys::is_handle_char(c) {
            break;
        }
        if key.is_empty() && !(c.is_alphanumeric() || c == '_') {
            return None;
        }
        key.extend(c.to_lowercase());
        if !matches!(c, '.' | '-') {
            keep = (at + 1 + next, key.len());
        }
    }
    let (end, len) = keep;
    key.truncate(len);
    if key.is_empty() { None } else { Some((end, MentionForm::Handle, key)) }
}

/// `#tags` in prose: after a space or at the start, not all digits, lower-cased.
pub(super) fn scan_tags(text: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('#') {
        if i > 0 && !matches!(bytes[i - 1], b' ' | b'\t' | b'(') {
            continue;
        }
        let tag: String =
            text[i + 1..].chars().take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/')).collect();
        if !tag.is_empty() && !tag.chars().all(|c| c.is_ascii_digit()) {
            tags.push(tag.to_lowercase());
        }
    }
    tags
}

/// Whitespace collapsed, cut near `SUMMARY_CHARS` characters at a word boundary.
pub(super) fn summarize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len().min(SUMMARY_CHARS + 8));
    let mut chars = 0;
    for word in raw.split_whitespace() {
        let n = word.chars().count();
        if chars + n + 1 > SUMMARY_CHARS {
            if out.is_empty() {
                out.extend(word.chars().take(SUMMARY_CHARS));
            }
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += n;
    }
    out
}
