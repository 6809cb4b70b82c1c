//! Key dates: a contact's `birthday:` and `anniversary:` (with or without a year) as the card
//! shows them, and an info finding a week ahead and on the day.

use crate::core::date::{self, Date};
use crate::core::key_date::KeyDate;
use crate::core::note::ContactDecl;

/// How far ahead a key date is announced.
pub const DAYS_AHEAD: i64 = 7;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyDateItem {
    /// `birthday` or `anniversary` (the front matter key).
    pub label: &'static str,
    pub date: KeyDate,
    /// The next time it comes back, today included.
    pub next: Date,
    pub in_days: i64,
    /// Years since the date with a year, on `next` (an age, or years together).
    pub years: Option<i64>,
}

/// The contact's key dates, soonest first.
pub fn of(c: &ContactDecl, today: Date) -> Vec<KeyDateItem> {
    let mut out: Vec<KeyDateItem> = [("birthday", c.birthday), ("anniversary", c.anniversary)]
        .into_iter()
        .filter_map(|(label, d)| {
            let d = d?;
            let next = d.next_on_or_after(today);
            Some(KeyDateItem {
                label,
                date: d,
                next,
                in_days: date::days_between(today, next),
                years: d.year.map(|y| i64::from(next.year()) - i64::from(y)).filter(|y| *y > 0),
            })
        })
        .collect();
    out.sort_by_key(|k| k.in_days);
    out
}

/// The message of a key date within a week, else None.
pub fn announce(name: &str, k: &KeyDateItem) -> Option<String> {
    if k.in_days > DAYS_AHEAD {
        return None;
    }
    let years = k.years.map(|y| format!(" ({y} years)")).unwrap_or_default();
    let when = match k.in_days {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        n => format!("in {n} days, on {}", k.next),
    };
    Some(format!("{name}'s {}{years} is {when}: a good day to write them a line", k.label))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(birthday: &str, anniversary: Option<&str>) -> ContactDecl {
        let text = format!(
            "---\nkind: person\nname: Jane Doe\nbirthday: {birthday}\n{}---\n",
            anniversary.map(|a| format!("anniversary: {a}\n")).unwrap_or_default()
        );
        crate::core::note::parse("people/jane.md", &text).contact.unwrap()
    }

    #[test]
    fn announced_a_week_ahead_and_on_the_day_not_before() {
        let today = date::parse_iso("2026-11-30").unwrap();
        let c = contact("1990-12-07", Some("--11-30"));
        let items = of(&c, today);
        let said: Vec<Option<String>> = items.iter().map(|k| announce(&c.name, k)).collect();
        assert_eq!(
            said,
            [
                Some("Jane Doe's anniversary is today: a good day to write them a line".to_string()),
                Some(
                    "Jane Doe's birthday (36 years) is in 7 days, on 2026-12-07: a good day to write them a line"
                        .into()
                ),
            ]
        );
        let c = contact("--12-08", None);
        assert_eq!(of(&c, today)[0].in_days, 8);
        assert_eq!(announce(&c.name, &of(&c, today)[0]), None, "eight days ahead is too early");
    }
}
