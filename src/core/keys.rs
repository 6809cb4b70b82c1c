//! The key and path vocabulary shared by the parser, the index and the actions: how names,
//! handles, wikilinks and company values become comparable keys, and how a key becomes a safe
//! file stem, which characters a handle holds and when an `@` is glued to a word, and how a
//! mention is written back. Pure string functions; no other module re-implements these rules.

use crate::core::note::MentionForm;

/// Lower-case, trimmed, inner whitespace collapsed: how names, aliases and handles are compared.
pub fn normalize_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The key a wikilink target names: `people/Jane Doe.md#Work` -> `jane doe`.
pub fn wiki_key(dest: &str) -> String {
    let dest = dest.split(['#', '^']).next().unwrap_or("");
    let last = dest.rsplit(['/', '\\']).next().unwrap_or("");
    normalize_key(strip_md_ext(last).unwrap_or(last))
}

/// `name.md` -> `name` (also `.markdown`, any case).
pub fn strip_md_ext(name: &str) -> Option<&str> {
    let lower = name.to_ascii_lowercase();
    for ext in [".md", ".markdown"] {
        if lower.ends_with(ext) && name.len() > ext.len() {
            return Some(&name[..name.len() - ext.len()]);
        }
    }
    None
}

/// The file name without directory and extension.
pub fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    strip_md_ext(name).unwrap_or(name)
}

/// The vault path a Markdown link destination points at, when it is a note inside the vault.
pub fn link_target(note_path: &str, dest: &str) -> Option<String> {
    if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with('#') {
        return None;
    }
    let dest = dest.split(['#', '?']).next()?;
    let dest = percent_decode(dest)?;
    strip_md_ext(&dest)?;
    let mut parts: Vec<&str> = Vec::new();
    if !dest.starts_with('/') {
        parts.extend(note_path.split('/'));
        parts.pop();
    }
    for part in dest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return Some(s.to_string());
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 3 <= b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The company key a `company:` value names: `@acme`, `[[Acme Corp]]`, `acme-corp` or free text.
pub fn company_key(value: &str) -> String {
    let v = value.trim();
    if let Some(inner) = v.strip_prefix("[[").and_then(|r| r.strip_suffix("]]")) {
        return wiki_key(inner.split('|').next().unwrap_or(inner));
    }
    normalize_key(v.strip_prefix('@').unwrap_or(v))
}

/// Whether a handle may hold `c`: a letter, a digit, `_`, `.` or `-`. The one owner of the
/// handle alphabet: the parser, completion, front matter checks, rename and file stems ask
/// here.
pub fn is_handle_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// Whether an `@` right after `prev` is glued to the word before it (`jane@acme.com`,
/// `x.com/@jane`, `` `@x` ``, `\@x`) and so starts no mention. The parser and completion
/// ask here.
pub fn glues_at(prev: char) -> bool {
    prev.is_alphanumeric() || matches!(prev, '.' | '_' | '-' | '/' | ':' | '@' | '`' | '\\')
}

/// A file stem for a new contact note named by a mention: lower-case letters, digits, `-`, `_`
/// and `.`, never empty, never starting with a dot, never a reserved device name, at most 80
/// bytes. It can never name a path outside its folder.
pub fn safe_stem(key: &str) -> String {
    let mut out = String::new();
    for c in key.trim().chars().flat_map(char::to_lowercase) {
        if is_handle_char(c) {
            out.push(c);
        } else if (c.is_whitespace() || matches!(c, '/' | '\\' | ':')) && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 80 {
            break;
        }
    }
    let trimmed = out.trim_matches(['.', '-']).to_string();
    let reserved = ["con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "lpt1", "lpt2", "lpt3"];
    if trimmed.is_empty() || reserved.contains(&trimmed.split('.').next().unwrap_or("")) {
        format!("contact-{trimmed}").trim_end_matches(['.', '-']).to_string()
    } else {
        trimmed
    }
}

/// A mention as the user would write it: `@jane`, `@[jane doe]`, `[[jane doe]]`.
pub fn shown(form: MentionForm, key: &str) -> String {
    match form {
        MentionForm::Handle => format!("@{key}"),
        MentionForm::Bracket => format!("@[{key}]"),
        MentionForm::Wiki | MentionForm::Link => format!("[[{key}]]"),
    }
}

/// A name or alias as imports compare it: `normalize_key`, then accents dropped from Latin
/// letters (`José Álvarez` = `jose alvarez`). Other scripts are kept as they are.
pub fn fold_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in normalize_key(s).chars() {
        if c.is_ascii() || !is_latin(c) {
            out.push(c);
        } else {
            match deunicode::deunicode_char(c) {
                Some(d) if d.chars().all(|x| x.is_ascii_alphabetic()) => out.push_str(&d.to_ascii_lowercase()),
                _ => out.push(c),
            }
        }
    }
    out
}

fn is_latin(c: char) -> bool {
    matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF)
}

/// A readable ASCII file stem and handle for a name from outside data: `Zoë Šumnik` ->
/// `zoe-sumnik`, `李雷` -> `li-lei`; always passed through `safe_stem`.
pub fn ascii_stem(name: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(name, "-");
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    safe_stem(&out)
}

#[cfg(test)]
mod fold_tests {
    use super::*;

    #[test]
    fn folding_and_ascii_stems() {
        assert_eq!(fold_key("  José   ÁLVAREZ "), "jose alvarez");
        assert_eq!(fold_key("Zoë Šumnik"), "zoe sumnik");
        assert_eq!(fold_key("李雷"), "李雷");
        assert_eq!(ascii_stem("Zoë Šumnik"), "zoe-sumnik");
        assert_eq!(ascii_stem("李雷"), "li-lei");
        assert_eq!(ascii_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(ascii_stem("CON"), "contact-con");
        assert_eq!(ascii_stem("😀"), "grinning");
        assert_eq!(ascii_stem("\u{7}\u{1b}"), "contact");
        assert!(ascii_stem(&"a".repeat(500)).len() <= 80);
    }
}
