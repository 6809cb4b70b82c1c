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
}

/// A date that comes back every year (a birthday, an anniversary), with or without its year:
/// `1990-04-12`, `--04-12` or `--0412` (vCard's year-less form), `04-12`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct KeyDate {
    pub year: Option<i16>,
    pub month: i8,
    pub day: i8,
}

impl KeyDate {
    pub fn parse(s: &str) -> Option<KeyDate> {
        let s = s.trim();
        if let Some(d) = s.get(..10).and_then(parse_iso).filter(|_| s.len() == 10 || s.as_bytes()[10] == b'T') {
            return Some(KeyDate { year: Some(d.year()), month: d.month(), day: d.day() });
        }
        // `19900412` (vCard basic form)
        if s.len() == 8 && s.bytes().all(|c| c.is_ascii_digit()) {
            return KeyDate::parse(&format!("{}-{}-{}", &s[..4], &s[4..6], &s[6..]));
        }
        let rest = s.strip_prefix("--").unwrap_or(s);
        let digits: String = rest.chars().filter(|c| *c != '-').collect();
        if digits.len() != 4 || !digits.bytes().all(|c| c.is_ascii_digit()) || rest.len() > 5 {
            return None;
        }
        let (month, day) = (digits[..2].parse::<i8>().ok()?, digits[2..].parse::<i8>().ok()?);
        // 2000 is a leap year: Feb 29 is a valid year-less date.
        Date::new(2000, month, day).ok()?;
        Some(KeyDate { year: None, month, day })
    }

    /// The next day on or after `today` when this date comes back (Feb 29 falls on Mar 1 in
    /// other years).
    pub fn next_on_or_after(self, today: Date) -> Date {
        let in_year =
            |y: i16| Date::new(y, self.month, self.day).unwrap_or_else(|_| Date::new(y, 3, 1).unwrap_or(today));
        let this = in_year(today.year());
        if this >= today { this } else { in_year(today.year().saturating_add(1)) }
    }
}

impl fmt::Display for KeyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.year {
            Some(y) => write!(f, "{y:04}-{:02}-{:02}", self.month, self.day),
            None => write!(f, "--{:02}-{:02}", self.month, self.day),
        }
    }
}

#[cfg(test)]
mod key_date_tests {
    use super::*;

    #[test]
    fn key_dates_with_and_without_a_year() {
        let d = |s: &str| KeyDate::parse(s).map(|k| k.to_string());
        assert_eq!(d("1990-04-12").as_deref(), Some("1990-04-12"));
        assert_eq!(d("19900412").as_deref(), Some("1990-04-12"));
        assert_eq!(d("--0412").as_deref(), Some("--04-12"));
        assert_eq!(d("--04-12").as_deref(), Some("--04-12"));
        assert_eq!(d("04-12").as_deref(), Some("--04-12"));
        assert_eq!(d("--02-29").as_deref(), Some("--02-29"));
        assert_eq!(d("--13-01"), None);
        assert_eq!(d("soon"), None);
        let today = parse_iso("2026-11-30").unwrap();
        let next = |s: &str| KeyDate::parse(s).unwrap().next_on_or_after(today).to_string();
        assert_eq!(next("--12-03"), "2026-12-03");
        assert_eq!(next("1980-11-30"), "2026-11-30");
        assert_eq!(next("--01-02"), "2027-01-02");
    }
}
