//! Dates that come back every year (birthdays, work anniversaries), with or without a year.
//! Never reads the clock: "today" is always a parameter.

use crate::core::date::{Date, parse_iso};
use serde::{Deserialize, Serialize};
use std::fmt;

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
