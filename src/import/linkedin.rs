//! LinkedIn's `Connections.csv` -> records: an optional BOM and `Notes:` preamble before the
//! header row, quoted fields, mostly empty emails, `15 Mar 2024` dates, members who hide their
//! name. Rows that cannot be used are skipped with their line and the reason.

use super::{Incoming, Skipped};
use crate::core::date::Date;

/// The columns LinkedIn writes; only the names are required.
const HEADER_START: &str = "First Name,";

/// Reads the export. An error only when the file has no header row at all.
pub fn parse(text: &str) -> Result<(Vec<Incoming>, Vec<Skipped>), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut offset = 0;
    let mut header_line = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if line.trim_start_matches('"').starts_with(HEADER_START.trim_end_matches(',')) && line.contains("Last Name") {
            header_line = i + 1;
            break;
        }
        offset += line.len();
    }
    if header_line == 0 {
        return Err("no header row `First Name,Last Name,URL,Email Address,Company,Position,Connected On` was found: \
                    is this LinkedIn's Connections.csv?"
            .into());
    }
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(&text.as_bytes()[offset..]);
    let headers = reader.headers().map_err(|e| format!("line {header_line}: cannot read the header row: {e}"))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (first, last) = (col("First Name"), col("Last Name"));
    let (url, email, company, position, connected) =
        (col("URL"), col("Email Address"), col("Company"), col("Position"), col("Connected On"));
    let width = headers.len();
    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize + header_line - 1);
                skipped.push(Skipped { line, reason: format!("malformed row: {}", short_error(&e)) });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize + header_line - 1);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != width {
            skipped.push(Skipped {
                line,
                reason: format!("malformed row: {} fields where the header has {width}", record.len()),
            });
            continue;
        }
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).map(clean).filter(|s| !s.is_empty());
        let name = [get(first), get(last)].into_iter().flatten().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            skipped.push(Skipped { line, reason: "no name: the member hides it from their connections".into() });
            continue;
        }
        rows.push(Incoming {
            line,
            name,
            emails: get(email).into_iter().collect(),
            linkedin: get(url),
            company: get(company),
            role: get(position),
            connected: get(connected).and_then(|d| parse_date(&d)),
            ..Incoming::default()
        });
    }
    Ok((rows, skipped))
}

/// Trimmed, control characters dropped, inner whitespace collapsed.
fn clean(s: &str) -> String {
    s.split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

fn short_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "it is not valid UTF-8".into(),
        _ => e.to_string(),
    }
}

/// `15 Mar 2024` (LinkedIn's form), also ISO dates.
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    crate::core::date::parse_iso(s).or_else(|| jiff::fmt::strtime::parse("%d %b %Y", s).ok()?.to_date().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preamble_bom_quotes_hidden_names_and_bad_rows() {
        let csv = "\u{feff}Notes:\n\"When exporting, some emails are missing.\"\n\n\
                   First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
                   Jane,Doe,https://www.linkedin.com/in/janedoe,,\"Stripe, Inc.\",Engineer,15 Mar 2024\n\
                   ,,https://www.linkedin.com/in/hidden,,,,01 Jan 2023\n\
                   Bob,Odd,only,three\n\
                   José,Álvarez,https://www.linkedin.com/in/jose,jose@x.es,Globex,CTO,02 Feb 2022\n";
        let (rows, skipped) = parse(csv).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "Jane Doe");
        assert_eq!(rows[0].line, 5);
        assert_eq!(rows[0].company.as_deref(), Some("Stripe, Inc."));
        assert_eq!(rows[0].connected.map(|d| d.to_string()).as_deref(), Some("2024-03-15"));
        assert!(rows[0].emails.is_empty());
        assert_eq!(rows[1].name, "José Álvarez");
        assert_eq!(rows[1].emails, ["jose@x.es"]);
        assert_eq!(skipped.iter().map(|s| s.line).collect::<Vec<_>>(), [6, 7]);
        assert!(skipped[0].reason.contains("hides"), "{:?}", skipped[0]);
        assert!(skipped[1].reason.contains("4 fields"), "{:?}", skipped[1]);
        assert!(parse("a,b\n1,2\n").is_err());
    }
}
