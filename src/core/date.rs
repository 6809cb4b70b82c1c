//! Calendar dates and keep-in-touch cadences: finding ISO dates in text, day arithmetic.
//! Never reads the clock: "today" is always a parameter.

use serde::{Deserialize, Serialize};
use std::fmt;

pub use jiff::civil::Date;

/// Parses exactly `YYYY-MM-DD` into a real calendar date.
pub fn parse_iso(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i32> {
        let part = &s[r];
        if part.bytes().all(|c| c.is_ascii_digit()) { part.parse().ok() } else { None }
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    Date::new(y as i16, m as i8, d as i8).ok()
}

/// A date-shaped token found in text: its byte range and whether it is a real date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateToken {
    pub start: usize,
    pub end: usize,
    pub date: Option<Date>,
}

/// The first `NNNN-NN-NN` in `s` that is not part of a longer run of digits.
pub fn find_iso(s: &str) -> Option<DateToken> {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 10 <= b.len() {
        if is_iso_shape(&b[i..i + 10])
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 10).is_none_or(|c| !c.is_ascii_digit())
        {
            return Some(DateToken { start: i, end: i + 10, date: parse_iso(&s[i..i + 10]) });
        }
        i += 1;
    }
    None
}

fn is_iso_shape(b: &[u8]) -> bool {
    b.iter().enumerate().all(|(k, c)| if k == 4 || k == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

/// The date a daily note's file name starts with: `2026-11-20`, `2026_11_20`, `2026.11.20` or
/// `20261120`, alone or followed by a space, `-`, `_` or other words (`2026-11-20 Coffee`).
pub fn from_file_name(stem: &str) -> Option<Date> {
    let b = stem.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let (y, m, d, len) = if b.len() >= 10 && matches!(b[4], b'-' | b'_' | b'.') && b[7] == b[4] {
        if !(digits(0..4) && digits(5..7) && digits(8..10)) {
            return None;
        }
        (&stem[0..4], &stem[5..7], &stem[8..10], 10)
    } else if digits(0..8) {
        (&stem[0..4], &stem[4..6], &stem[6..8], 8)
    } else {
        return None;
    };
    // `20261120` must not be the start of a longer number, nor `2026.11.20` of a version.
    if b.get(len).is_some_and(|c| c.is_ascii_digit() || (len == 10 && *c == b[4] && b[4] == b'.')) {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// A daily-note name format in the moment.js tokens Obsidian uses (`DD-MM-YYYY`,
/// `MMMM D, YYYY`, `dddd, MMMM Do YYYY`, `[Journal] YYYY-MM-DD`, `YYYY/MM/YYYY-MM-DD`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalFormat {
    source: String,
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Year4,
    Year2,
    /// `M` (1 or 2 digits) or `MM` (2 digits).
    Month(bool),
    /// `MMMM` (true) or `MMM`: an English month name, long or short.
    MonthName(bool),
    /// `D` or `DD`.
    Day(bool),
    /// `Do`: `1st`, `22nd`.
    DayOrdinal,
    /// `dddd` (true), `ddd` or `dd`: a weekday name, read and ignored.
    Weekday(bool),
    Literal(String),
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

impl JournalFormat {
    /// Reads a moment.js format. Tokens other than years, months, days and weekdays (times,
    /// weeks, quarters) are refused with a message naming them.
    pub fn moment(format: &str) -> Result<JournalFormat, String> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut rest = format;
        let flush = |lit: &mut String, parts: &mut Vec<Part>| {
            if !lit.is_empty() {
                parts.push(Part::Literal(std::mem::take(lit)));
            }
        };
        while let Some(c) = rest.chars().next() {
            if c == '[' {
                let close = rest.find(']').ok_or_else(|| format!("`{format}`: a `[` is never closed"))?;
                lit.push_str(&rest[1..close]);
                rest = &rest[close + 1..];
                continue;
            }
            if !c.is_ascii_alphabetic() {
                lit.push(c);
                rest = &rest[c.len_utf8()..];
                continue;
            }
            let run = rest.bytes().take_while(|&b| b == c as u8).count();
            let (part, len) = match (c, run) {
                ('Y', 4..) => (Part::Year4, 4),
                ('Y', 2) => (Part::Year2, 2),
                ('M', 4..) => (Part::MonthName(true), 4),
                ('M', 3) => (Part::MonthName(false), 3),
                ('M', 2) => (Part::Month(true), 2),
                ('M', 1) => (Part::Month(false), 1),
                ('D', 2) => (Part::Day(true), 2),
                ('D', 1) if rest[1..].starts_with('o') => (Part::DayOrdinal, 2),
                ('D', 1) => (Part::Day(false), 1),
                ('d', 2..=4) => (Part::Weekday(run >= 4), run.min(4)),
                _ => {
                    return Err(format!(
                        "`{format}`: `{}` is not supported in a daily-note format: use YYYY, MM, M, MMM, MMMM, DD, D, Do, ddd, dddd and [text]",
                        &rest[..run]
                    ));
                }
            };
            flush(&mut lit, &mut parts);
            parts.push(part);
            rest = &rest[len..];
        }
        flush(&mut lit, &mut parts);
        if !parts.iter().any(|p| matches!(p, Part::Year4 | Part::Year2))
            || !parts.iter().any(|p| matches!(p, Part::Month(_) | Part::MonthName(_)))
            || !parts.iter().any(|p| matches!(p, Part::Day(_) | Part::DayOrdinal))
        {
            return Err(format!("`{format}` does not name a year, a month and a day"));
        }
        Ok(JournalFormat { source: format.to_string(), parts })
    }

    /// Reads a Java-style format as Logseq's `:journal/file-name-format` writes it (`yyyy_MM_dd`).
    pub fn java(format: &str) -> Result<JournalFormat, String> {
        let mut moment = String::new();
        let mut rest = format;
        while let Some(c) = rest.chars().next() {
            if c == '\'' {
                let close = rest[1..].find('\'').map_or(rest.len(), |i| i + 1);
                moment.push('[');
                moment.push_str(&rest[1..close]);
                moment.push(']');
                rest = &rest[(close + 1).min(rest.len())..];
                continue;
            }
            let run = rest.bytes().take_while(|&b| b == c as u8).count().max(1);
            let token = match (c, run) {
                ('y', 2) => "YY".to_string(),
                ('y', _) => "YYYY".to_string(),
                ('d', 1) => "D".to_string(),
                ('d', _) => "DD".to_string(),
                ('E', 4..) => "dddd".to_string(),
                ('E', _) => "ddd".to_string(),
                ('M', n) => "M".repeat(n.min(4)),
                (c, _) if c.is_ascii_alphabetic() => return Err(format!("`{format}`: `{c}` is not supported")),
                (c, _) => c.to_string(),
            };
            moment.push_str(&token);
            rest = &rest[run.min(rest.len())..];
        }
        JournalFormat::moment(&moment).map(|mut f| {
            f.source = format.to_string();
            f
        })
    }

    /// The format as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The format in moment.js tokens (a Logseq `yyyy_MM_dd` reads `YYYY_MM_DD`), for `ties.toml`.
    pub fn to_moment(&self) -> String {
        let mut out = String::new();
        for part in &self.parts {
            out.push_str(match part {
                Part::Year4 => "YYYY",
                Part::Year2 => "YY",
                Part::Month(true) => "MM",
                Part::Month(false) => "M",
                Part::MonthName(true) => "MMMM",
                Part::MonthName(false) => "MMM",
                Part::Day(true) => "DD",
                Part::Day(false) => "D",
                Part::DayOrdinal => "Do",
                Part::Weekday(true) => "dddd",
                Part::Weekday(false) => "ddd",
                Part::Literal(l) if l.chars().any(|c| c.is_ascii_alphabetic() || c == '[') => {
                    out.push_str(&format!("[{l}]"));
                    continue;
                }
                Part::Literal(l) => l,
            });
        }
        out
    }

    /// How many path parts the format spans (`YYYY/MM/YYYY-MM-DD` spans 3).
    pub fn depth(&self) -> usize {
        1 + self.parts.iter().map(|p| if let Part::Literal(l) = p { l.matches('/').count() } else { 0 }).sum::<usize>()
    }

    /// The date `name` starts with in this format, when what follows is the end or not a letter
    /// or digit (`20-11-2026 standup` matches `DD-MM-YYYY`).
    pub fn read(&self, name: &str) -> Option<Date> {
        let (mut y, mut m, mut d) = (None, None, None);
        let mut rest = name;
        for part in &self.parts {
            match part {
                Part::Literal(l) => rest = strip_prefix_ci(rest, l)?,
                Part::Year4 => (y, rest) = (Some(number(rest, 4, 4)?.0), number(rest, 4, 4)?.1),
                Part::Year2 => {
                    let (n, r) = number(rest, 2, 2)?;
                    (y, rest) = (Some(2000 + n), r);
                }
                Part::Month(pad) => {
                    let (n, r) = number(rest, if *pad { 2 } else { 1 }, 2)?;
                    (m, rest) = (Some(n), r);
                }
                Part::Day(pad) => {
                    let (n, r) = number(rest, if *pad { 2 } else { 1 }, 2)?;
                    (d, rest) = (Some(n), r);
                }
                Part::DayOrdinal => {
                    let (n, r) = number(rest, 1, 2)?;
                    let r = ["st", "nd", "rd", "th"].iter().find_map(|s| strip_prefix_ci(r, s))?;
                    (d, rest) = (Some(n), r);
                }
                Part::MonthName(_) => {
                    let (i, r) = name_prefix(rest, &MONTHS)?;
                    (m, rest) = (Some(i as i32 + 1), r);
                }
                Part::Weekday(_) => rest = name_prefix(rest, &WEEKDAYS)?.1,
            }
        }
        if rest.chars().next().is_some_and(char::is_alphanumeric) {
            return None;
        }
        Date::new(i16::try_from(y?).ok()?, i8::try_from(m?).ok()?, i8::try_from(d?).ok()?).ok()
    }

    /// `date` written in this format (for naming a new daily note).
    pub fn write(&self, date: Date) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(l) => out.push_str(l),
                Part::Year4 => out.push_str(&format!("{:04}", date.year())),
                Part::Year2 => out.push_str(&format!("{:02}", date.year().rem_euclid(100))),
                Part::Month(true) => out.push_str(&format!("{:02}", date.month())),
                Part::Month(false) => out.push_str(&date.month().to_string()),
                Part::Day(true) => out.push_str(&format!("{:02}", date.day())),
                Part::Day(false) => out.push_str(&date.day().to_string()),
                Part::DayOrdinal => {
                    let d = date.day();
                    let suffix = match (d % 10, d) {
                        (_, 11..=13) => "th",
                        (1, _) => "st",
                        (2, _) => "nd",
                        (3, _) => "rd",
                        _ => "th",
                    };
                    out.push_str(&format!("{d}{suffix}"));
                }
                Part::MonthName(long) => out.push_str(&name(MONTHS[date.month() as usize - 1], *long)),
                Part::Weekday(long) => {
                    out.push_str(&name(WEEKDAYS[date.weekday().to_monday_zero_offset() as usize], *long))
                }
            }
        }
        out
    }
}

/// `november` -> `November` (long) or `Nov`.
fn name(s: &str, long: bool) -> String {
    let s = if long { s } else { &s[..3] };
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &s[prefix.len()..])
}

/// Between `min` and `max` ASCII digits (as many as there are, up to `max`).
fn number(s: &str, min: usize, max: usize) -> Option<(i32, &str)> {
    let n = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if n < min {
        return None;
    }
    Some((s[..n].parse().ok()?, &s[n..]))
}

/// A full or three-letter English name at the start of `s`: its index and the rest.
fn name_prefix<'a>(s: &'a str, names: &[&str]) -> Option<(usize, &'a str)> {
    names
        .iter()
        .enumerate()
        .find_map(|(i, n)| strip_prefix_ci(s, n).or_else(|| strip_prefix_ci(s, &n[..3])).map(|r| (i, r)))
}

/// Days from `from` to `to` (positive when `to` is later).
pub fn days_between(from: Date, to: Date) -> i64 {
    epoch_day(to) - epoch_day(from)
}

/// Days since 1970-01-01 (proleptic Gregorian), for plain integer arithmetic.
pub fn epoch_day(d: Date) -> i64 {
    let (y, m, day) = (d.year() as i64, d.month() as i64, d.day() as i64);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `date` plus `days` days, or None past the supported calendar range.
pub fn add_days(date: Date, days: i64) -> Option<Date> {
    date.checked_add(jiff::Span::new().try_days(days).ok()?).ok()
}

/// How often to keep in touch: `2w`, `30d`, `3mo`, `1y` (also `3 months`, `6 weeks`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cadence {
    pub count: u16,
    pub unit: CadenceUnit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CadenceUnit {
    Day,
    Week,
    Month,
    Year,
}

impl Cadence {
    pub fn parse(s: &str) -> Option<Cadence> {
        let s = s.trim().to_ascii_lowercase();
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        let count: u16 = s[..digits].parse().ok()?;
        if count == 0 {
            return None;
        }
        let unit = match s[digits..].trim() {
            "d" | "day" | "days" => CadenceUnit::Day,
            "w" | "wk" | "week" | "weeks" => CadenceUnit::Week,
            "m" | "mo" | "month" | "months" => CadenceUnit::Month,
            "y" | "yr" | "year" | "years" => CadenceUnit::Year,
            _ => return None,
        };
        Some(Cadence { count, unit })
    }

    /// The date one cadence after `from`.
    pub fn after(self, from: Date) -> Option<Date> {
        let n = i64::from(self.count);
        let span = match self.unit {
            CadenceUnit::Day => jiff::Span::new().try_days(n),
            CadenceUnit::Week => jiff::Span::new().try_days(n * 7),
            CadenceUnit::Month => jiff::Span::new().try_months(n),
            CadenceUnit::Year => jiff::Span::new().try_years(n),
        };
        from.checked_add(span.ok()?).ok()
    }

    /// Length of one cadence in days, counted from `from` (months differ in length).
    pub fn days_from(self, from: Date) -> i64 {
        match self.after(from) {
            Some(to) => days_between(from, to),
            None => self.approx_days(),
        }
    }

    fn approx_days(self) -> i64 {
        let n = i64::from(self.count);
        match self.unit {
            CadenceUnit::Day => n,
            CadenceUnit::Week => 7 * n,
            CadenceUnit::Month => 30 * n,
            CadenceUnit::Year => 365 * n,
        }
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            CadenceUnit::Day => "d",
            CadenceUnit::Week => "w",
            CadenceUnit::Month => "mo",
            CadenceUnit::Year => "y",
        };
        write!(f, "{}{unit}", self.count)
    }
}

/// "today", "yesterday", "12 days ago", "in 3 days".
pub fn relative(days_ago: i64) -> String {
    match days_ago {
        0 => "today".to_string(),
        1 => "yesterday".to_string(),
        -1 => "tomorrow".to_string(),
        n if n > 1 => format!("{n} days ago"),
        n => format!("in {} days", -n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_strict_and_real() {
        assert_eq!(parse_iso("2026-11-20"), Some(Date::constant(2026, 11, 20)));
        assert_eq!(parse_iso("2026-02-30"), None);
        assert_eq!(parse_iso("2026-13-01"), None);
        assert_eq!(parse_iso("2026-1-01"), None);
        let t = find_iso("## 2026-11-20 Coffee").unwrap();
        assert_eq!((t.start, t.end), (3, 13));
        assert!(find_iso("id 12026-11-20").is_none());
        assert_eq!(find_iso("due 2026-02-30").unwrap().date, None);
    }

    #[test]
    fn epoch_days_match_jiff() {
        for d in ["1970-01-01", "2000-02-29", "2026-11-26", "1899-12-31", "9999-12-31"] {
            let date = parse_iso(d).unwrap();
            let jiff_days = Date::constant(1970, 1, 1).until(date).unwrap().get_days() as i64;
            assert_eq!(epoch_day(date), jiff_days, "{d}");
        }
    }

    #[test]
    fn cadences() {
        let c = Cadence::parse("3mo").unwrap();
        assert_eq!(c.to_string(), "3mo");
        assert_eq!(c.after(Date::constant(2026, 11, 30)), Some(Date::constant(2027, 2, 28)));
        assert_eq!(Cadence::parse("2 weeks").unwrap().days_from(Date::constant(2026, 1, 1)), 14);
        assert_eq!(Cadence::parse("often"), None);
        assert_eq!(Cadence::parse("0d"), None);
    }

    #[test]
    fn file_names_in_every_common_form() {
        let d = Some(Date::constant(2026, 11, 22));
        for name in
            ["2026-11-22", "2026_11_22", "2026.11.22", "20261122", "2026-11-22 Coffee with Omar", "20261122-standup"]
        {
            assert_eq!(from_file_name(name), d, "{name}");
        }
        for name in ["2026-11-2", "202611221", "2026-11_22", "2026.11.22.1", "2026-02-30", "notes 2026-11-22", "v2026"]
        {
            assert_eq!(from_file_name(name), None, "{name}");
        }
    }

    #[test]
    fn journal_formats_read_and_write() {
        let d = Date::constant(2026, 11, 2);
        for (format, name) in [
            ("DD-MM-YYYY", "02-11-2026"),
            ("D.M.YY", "2.11.26"),
            ("MMMM D, YYYY", "November 2, 2026"),
            ("dddd, MMMM Do YYYY", "Monday, November 2nd 2026"),
            ("[Journal] YYYY-MM-DD", "Journal 2026-11-02"),
            ("YYYY/MM/YYYY-MM-DD", "2026/11/2026-11-02"),
            ("MMM DD YYYY", "Nov 02 2026"),
        ] {
            let f = JournalFormat::moment(format).unwrap();
            assert_eq!(f.read(name), Some(d), "{format} reads {name}");
            assert_eq!(f.write(d), name, "{format} writes");
        }
        let f = JournalFormat::moment("DD-MM-YYYY").unwrap();
        assert_eq!(f.read("02-11-2026 standup"), Some(d));
        assert_eq!(f.read("02-11-20267"), None);
        assert_eq!(f.read("31-02-2026"), None);
        assert_eq!(f.depth(), 1);
        assert_eq!(JournalFormat::moment("YYYY/MM/YYYY-MM-DD").unwrap().depth(), 3);
        assert!(JournalFormat::moment("YYYY-[W]ww").unwrap_err().contains("`ww` is not supported"));
        assert!(JournalFormat::moment("YYYY-MM").unwrap_err().contains("does not name"));
        let logseq = JournalFormat::java("yyyy_MM_dd").unwrap();
        assert_eq!(logseq.to_moment(), "YYYY_MM_DD");
        assert_eq!(
            JournalFormat::moment("[Journal] dddd D").map(|f| f.to_moment()),
            Err("`[Journal] dddd D` does not name a year, a month and a day".into())
        );
        assert_eq!(JournalFormat::moment("[Day] Do MMM YYYY").unwrap().to_moment(), "[Day ]Do MMM YYYY");
        assert_eq!(logseq.read("2026_11_02"), Some(d));
        assert_eq!(JournalFormat::java("EEE, dd.MM.yyyy").unwrap().read("Mon, 02.11.2026"), Some(d));
    }
}
