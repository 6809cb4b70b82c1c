//! A careful line-based editor of a note's front matter: fill a missing key, change one value,
//! add an item to a list, add a line at the end of the body. Every other byte of the note (key
//! order, comments, quoting, line endings, prose) stays as it was. Pure text in, text out.

/// Where the YAML lines of the front matter are: `[start, end)` byte offsets of the lines
/// between the fences, and the line ending the note uses.
struct Block {
    start: usize,
    end: usize,
    nl: &'static str,
}

fn block(text: &str) -> Option<Block> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines = lines_from(text, start);
    let first = lines.next()?;
    if text[first.clone()].trim_end() != "---" {
        return None;
    }
    for line in lines {
        let content = text[line.clone()].trim_end();
        if content == "---" || content == "..." {
            return Some(Block { start: first.end, end: line.start, nl });
        }
    }
    None
}

fn lines_from(text: &str, from: usize) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut pos = from;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let start = pos;
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        pos = end;
        Some(start..end)
    })
}

/// A top-level key's lines: the key line, and the indented or `- ` lines that continue it.
struct KeyAt {
    line: std::ops::Range<usize>,
    /// From after `key:` to the end of the key line (without its line break).
    value: std::ops::Range<usize>,
    /// The end of the last continuation line (including its line break).
    end: usize,
    /// The continuation lines that are `- item`, as ranges of whole lines.
    items: Vec<std::ops::Range<usize>>,
}

fn find_key(text: &str, b: &Block, key: &str) -> Option<KeyAt> {
    let mut found: Option<KeyAt> = None;
    for line in lines_from(&text[..b.end], b.start) {
        let s = &text[line.clone()];
        let content = s.trim_end_matches(['\r', '\n']);
        if let Some(k) = found.as_mut() {
            let top = content.chars().next().is_some_and(|c| !c.is_whitespace() && c != '-' && c != '#');
            if top {
                break;
            }
            if content.trim_start().starts_with("- ") || content.trim_start() == "-" {
                k.items.push(line.clone());
            }
            if !content.trim().is_empty() {
                k.end = line.end;
            }
            continue;
        }
        let Some(rest) = content.strip_prefix(key) else { continue };
        let rest_trim = rest.trim_start_matches([' ', '\t']);
        if !rest_trim.starts_with(':') {
            continue;
        }
        let colon = line.start + key.len() + (rest.len() - rest_trim.len());
        found = Some(KeyAt {
            line: line.clone(),
            value: colon + 1..line.start + content.len(),
            end: line.end,
            items: Vec::new(),
        });
    }
    found
}

/// Whether the front matter has top-level `key` (with any value, even empty).
pub fn has_key(text: &str, key: &str) -> bool {
    block(text).and_then(|b| find_key(text, &b, key)).is_some()
}

/// Whether `key` is missing or has no value (`key:` alone, `~`, `null`, `""`, `[]`).
pub fn is_empty(text: &str, key: &str) -> bool {
    let Some(b) = block(text) else { return true };
    let Some(k) = find_key(text, &b, key) else { return true };
    let v = strip_comment(&text[k.value.clone()]).trim();
    k.items.is_empty() && matches!(v, "" | "~" | "null" | "\"\"" | "''" | "[]")
}

/// The value part of a line without a trailing `# comment` (outside quotes).
fn strip_comment(v: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in v.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if prev.is_whitespace() => return &v[..i],
            _ => {}
        }
        prev = c;
    }
    v
}

/// Sets `key` to `value` (already YAML) when it is missing or empty. Without front matter, one
/// is added at the top. Returns the text unchanged when the key has a value.
pub fn fill(text: &str, key: &str, value: &str) -> String {
    let Some(b) = block(text) else {
        return format!("---\n{key}: {value}\n---\n{text}");
    };
    match find_key(text, &b, key) {
        None => {
            let mut out = String::with_capacity(text.len() + key.len() + value.len() + 4);
            out.push_str(&text[..b.end]);
            // The last YAML line may lack a line break only if the fence follows directly.
            if b.end > b.start && !text[..b.end].ends_with('\n') {
                out.push_str(b.nl);
            }
            out.push_str(&format!("{key}: {value}{}", b.nl));
            out.push_str(&text[b.end..]);
            out
        }
        Some(_) if is_empty(text, key) => set(text, key, value),
        Some(_) => text.to_string(),
    }
}

/// Sets `key` to `value` (already YAML), replacing its old value and any continuation lines but
/// keeping a comment on the key's line. Adds the key when missing.
pub fn set(text: &str, key: &str, value: &str) -> String {
    let Some(b) = block(text) else { return fill(text, key, value) };
    let Some(k) = find_key(text, &b, key) else { return fill(text, key, value) };
    let old = &text[k.value.clone()];
    let comment = &old[strip_comment(old).len()..];
    let line_end = &text[k.value.end..k.line.end];
    let mut out = String::with_capacity(text.len() + value.len());
    out.push_str(&text[..k.value.start]);
    out.push(' ');
    out.push_str(value);
    if !comment.is_empty() {
        out.push(' ');
        out.push_str(comment.trim());
    }
    out.push_str(line_end);
    out.push_str(&text[k.end.max(k.line.end)..]);
    out
}

/// Adds `item` (already YAML) to the list under `key`: a flow list `[a, b]`, a block list of
/// `- a` lines, a single value (which becomes a flow list), or a new key. Items already there
/// (compared as trimmed text) are not added again.
pub fn push_item(text: &str, key: &str, item: &str) -> String {
    let Some(b) = block(text) else { return fill(text, key, &format!("[{item}]")) };
    let Some(k) = find_key(text, &b, key) else { return fill(text, key, &format!("[{item}]")) };
    let value = strip_comment(&text[k.value.clone()]).trim();
    let same = |s: &str| unquote(s.trim()) == unquote(item);
    if !k.items.is_empty() {
        let first = &text[k.items[0].clone()];
        let indent = &first[..first.len() - first.trim_start().len()];
        if k.items.iter().any(|r| same(text[r.clone()].trim().trim_start_matches('-'))) {
            return text.to_string();
        }
        let last = k.items.last().map_or(k.end, |r| r.end);
        let mut out = String::with_capacity(text.len() + item.len() + 8);
        out.push_str(&text[..last]);
        if !text[..last].ends_with('\n') {
            out.push_str(b.nl);
        }
        out.push_str(&format!("{indent}- {item}{}", b.nl));
        out.push_str(&text[last..]);
        return out;
    }
    if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        if inner.split(',').any(same) {
            return text.to_string();
        }
        // Insert before the closing bracket of the value on the key's line.
        let value_start = k.value.start + text[k.value.clone()].find('[').unwrap_or(0);
        let close = value_start + value.len() - 1;
        let sep = if inner.trim().is_empty() { "" } else { ", " };
        return format!("{}{sep}{item}{}", &text[..close], &text[close..]);
    }
    if value.is_empty() || matches!(value, "~" | "null") {
        return set(text, key, &format!("[{item}]"));
    }
    if same(value) {
        return text.to_string();
    }
    set(text, key, &format!("[{value}, {item}]"))
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

/// A key's value as written: the text after `key:` on its line (comment dropped, trimmed) and
/// the items of a block list below it. None when the key is missing.
pub fn raw_value(text: &str, key: &str) -> Option<(String, Vec<String>)> {
    let b = block(text)?;
    let k = find_key(text, &b, key)?;
    let value = strip_comment(&text[k.value.clone()]).trim().to_string();
    let items = k
        .items
        .iter()
        .map(|r| strip_comment(text[r.clone()].trim().trim_start_matches('-')).trim().to_string())
        .collect();
    Some((value, items))
}

/// The items of a list value: a block list's items, a flow list's (split at commas outside
/// quotes), or the single value. Quotes are kept: the items are YAML.
pub fn list_items(value: &str, items: &[String]) -> Vec<String> {
    if !items.is_empty() {
        return items.to_vec();
    }
    let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) else {
        return if value.is_empty() { Vec::new() } else { vec![value.to_string()] };
    };
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in inner.chars() {
        match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                cur.push(c);
            }
            (Some(q), c) if c == q => {
                quote = None;
                cur.push(c);
            }
            (None, ',') => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// Adds a `# comment` line at the end of the front matter.
pub fn push_comment(text: &str, comment: &str) -> String {
    let Some(b) = block(text) else { return text.to_string() };
    let comment: String = comment.chars().filter(|c| !c.is_control()).collect();
    let mut out = String::with_capacity(text.len() + comment.len() + 4);
    out.push_str(&text[..b.end]);
    if b.end > b.start && !text[..b.end].ends_with('\n') {
        out.push_str(b.nl);
    }
    out.push_str(&format!("# {comment}{}", b.nl));
    out.push_str(&text[b.end..]);
    out
}

/// Where the front matter ends (after its closing fence line), or 0 without one.
pub fn body_start(text: &str) -> usize {
    let Some(b) = block(text) else { return 0 };
    text[b.end..].find('\n').map_or(text.len(), |i| b.end + i + 1)
}

/// Adds a line at the end of the note, after a blank line, keeping its line endings.
pub fn append_line(text: &str, line: &str) -> String {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = text.trim_end_matches(['\n', '\r']).to_string();
    if !out.is_empty() {
        out.push_str(nl);
        out.push_str(nl);
    }
    out.push_str(line);
    out.push_str(nl);
    out
}

/// A YAML scalar that reads back as exactly `s`: plain when safe, else double-quoted with
/// escapes. Control characters never reach the note.
pub fn scalar(s: &str) -> String {
    let s: String = s.chars().filter(|c| !c.is_control()).collect();
    let s = s.trim();
    let plain = !s.is_empty()
        && s.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | '@' | '+'))
        && !s.starts_with(['-', '.', '@', ' '])
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "y" | "n" | "null" | "on" | "off" | "~"
        )
        && !looks_numeric(s);
    if plain { s.to_string() } else { format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")) }
}

/// Whether YAML could read a plain scalar as a number (`12`, `1e3`, `0x1A`, `1_000`, `+5`),
/// ISO dates aside.
fn looks_numeric(s: &str) -> bool {
    if s.parse::<f64>().is_ok() {
        return true;
    }
    let first_digit = s.starts_with(|c: char| c.is_ascii_digit() || c == '+');
    let numberish =
        s.chars().all(|c| c.is_ascii_hexdigit() || matches!(c, 'x' | 'X' | 'o' | 'O' | '_' | '.' | '+' | '-'));
    first_digit && numberish && crate::core::date::parse_iso(s).is_none()
}

/// A plain `key: value` as a URL or date: quoted only when YAML would misread it.
pub fn url_scalar(s: &str) -> String {
    let s: String = s.chars().filter(|c| !c.is_control()).collect();
    let safe = !s.is_empty()
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.starts_with(['"', '\'', '[', '{', '@', '&', '*', '!', '|', '>', '%', '`', '-', '?', ',']);
    if safe { s } else { scalar(&s) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "---\nkind: person   # a friend\nname: Jane Doe\ntags: [a, b] # mine\naliases:\n  - JD\n  - Janie\nrole:\n---\n\nProse stays.\n";

    #[test]
    fn fill_adds_a_missing_key_before_the_fence_and_leaves_present_ones() {
        let out = fill(NOTE, "email", "jane@x.com");
        assert_eq!(out, NOTE.replace("role:\n---", "role:\nemail: jane@x.com\n---"));
        assert_eq!(fill(NOTE, "name", "Other"), NOTE);
        assert_eq!(fill(NOTE, "role", "CTO"), NOTE.replace("role:\n", "role: CTO\n"));
        assert_eq!(fill("Just prose\n", "kind", "person"), "---\nkind: person\n---\nJust prose\n");
    }

    #[test]
    fn set_keeps_the_comment_and_replaces_a_block_value() {
        assert_eq!(set(NOTE, "kind", "company"), NOTE.replace("kind: person   # a friend", "kind: company # a friend"));
        let out = set(NOTE, "aliases", "[X]");
        assert_eq!(out, NOTE.replace("aliases:\n  - JD\n  - Janie\n", "aliases: [X]\n"));
    }

    #[test]
    fn push_item_handles_flow_block_scalar_and_missing_lists() {
        assert_eq!(push_item(NOTE, "tags", "c"), NOTE.replace("[a, b] # mine", "[a, b, c] # mine"));
        assert_eq!(push_item(NOTE, "tags", "b"), NOTE, "an item already there is not added again");
        assert_eq!(push_item(NOTE, "aliases", "Jay"), NOTE.replace("  - Janie\n", "  - Janie\n  - Jay\n"));
        assert_eq!(push_item(NOTE, "aliases", "\"JD\""), NOTE);
        assert_eq!(push_item(NOTE, "name", "J"), NOTE.replace("name: Jane Doe", "name: [Jane Doe, J]"));
        assert_eq!(push_item(NOTE, "past", "acme"), NOTE.replace("role:\n---", "role:\npast: [acme]\n---"));
        let empty = "---\ntags: []\n---\n";
        assert_eq!(push_item(empty, "tags", "x"), "---\ntags: [x]\n---\n");
    }

    #[test]
    fn raw_values_and_list_items() {
        assert_eq!(raw_value(NOTE, "tags"), Some(("[a, b]".into(), vec![])));
        let (v, items) = raw_value(NOTE, "aliases").unwrap();
        assert_eq!(list_items(&v, &items), ["JD", "Janie"]);
        assert_eq!(list_items("[\"Stripe, Inc.\", b]", &[]), ["\"Stripe, Inc.\"", "b"]);
        assert_eq!(raw_value(NOTE, "nope"), None);
        assert!(push_comment(NOTE, "kept: x").contains("role:\n# kept: x\n---\n"));
        assert_eq!(&NOTE[body_start(NOTE)..], "\nProse stays.\n");
    }

    #[test]
    fn crlf_notes_keep_crlf() {
        let crlf = NOTE.replace('\n', "\r\n");
        let out = fill(&crlf, "email", "a@b.c");
        assert!(out.contains("role:\r\nemail: a@b.c\r\n---\r\n"), "{out:?}");
        assert!(!out.replace("\r\n", "").contains('\n'));
        let out = append_line(&crlf, "- 2026-11-30 moved");
        assert!(out.ends_with("Prose stays.\r\n\r\n- 2026-11-30 moved\r\n"), "{out:?}");
    }

    #[test]
    fn scalars_read_back_as_written() {
        for s in [
            "Jane Doe",
            "Stripe, Inc.",
            "yes",
            "y",
            "12",
            "0x1A",
            "1_000",
            "+386 40",
            "O'Brien: \"the\" boss #1",
            "- dash",
            "李雷",
            "José",
        ] {
            let yaml = format!("v: {}", scalar(s));
            let v: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
            assert_eq!(v["v"].as_str(), Some(s), "{yaml}");
        }
        assert_eq!(scalar("a\nb\u{7}"), "ab");
    }

    proptest::proptest! {
        #[test]
        fn fill_adds_one_line_that_reads_back_and_keeps_every_other_byte(
            keys in proptest::collection::btree_set("[a-z]{1,8}", 0..6),
            body in "[a-zA-Z #\n]{0,40}",
            value in "[a-fxoA-F0-9_+ ]{1,6}|[a-zA-Z0-9 ,.:#@'\"\\\\\\[\\]{}&*!|>%-]{1,20}",
        ) {
            let front: String = keys.iter().filter(|k| k.as_str() != "newkey").map(|k| format!("{k}: x # c\n")).collect();
            let text = format!("---\n{front}---\n{body}");
            let out = fill(&text, "newkey", &scalar(&value));
            let line = format!("newkey: {}\n", scalar(&value));
            proptest::prop_assert_eq!(out.replacen(&line, "", 1), text.clone());
            let yaml = &out[4..out.find("\n---\n").unwrap() + 1];
            let v: serde_json::Value = serde_saphyr::from_str(yaml).unwrap();
            proptest::prop_assert_eq!(v["newkey"].as_str(), Some(value.trim()));
        }
    }
}
