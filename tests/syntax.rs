//! The note syntax of docs/syntax.md, rule by rule, as data: a note (or a small vault), and what
//! ties makes of it. `today` is always 2026-11-26.

mod common;

use common::{check, check_with, mentions, show, show_with};
use expect_test::expect;
use ties::core::config::Config;
use ties::core::date::Cadence;

// ---- Mentions ---------------------------------------------------------------------------

#[test]
fn the_four_mention_forms() {
    let note = "Met @jane-doe, then @[Jane   Doe] and [[jane-doe]], [[Jane Doe|Jane]] and [J](people/jane-doe.md).\n";
    expect![[r#"
        1:5 @ jane-doe "@jane-doe" undated
        1:21 @[] jane doe "@[Jane   Doe]" undated
        1:39 [[]] jane-doe "[[jane-doe]]" undated
        1:53 [[]] jane doe "[[Jane Doe|Jane]]" undated
        1:75 link path:journal/people/jane-doe.md "[J](people/jane-doe.md)" undated
    "#]]
    .assert_eq(&mentions("journal/x.md", note));
}

#[test]
fn handle_characters_and_trailing_punctuation() {
    let note = "Thanks @jane. Ask @bob-. See @a.b_c-d, @José's talk, @acme\\_corp and @x.\n";
    expect![[r#"
        1:8 @ jane "@jane" undated
        1:19 @ bob "@bob" undated
        1:30 @ a.b_c-d "@a.b_c-d" undated
        1:40 @ josé "@José" undated
        1:54 @ acme_corp "@acme\\_corp" undated
        1:70 @ x "@x" undated
    "#]]
    .assert_eq(&mentions("n.md", note));
}

#[test]
fn wikilink_targets_drop_folders_headings_and_extensions() {
    let note = "[[people/Jane Doe.md#Work|J]] and [[jane-doe#^block]] and ![[jane-doe]]\n";
    expect![[r#"
        1:1 [[]] jane doe "[[people/Jane Doe.md#Work|J]]" undated
        1:35 [[]] jane-doe "[[jane-doe#^block]]" undated
    "#]]
    .assert_eq(&mentions("n.md", note));
}

#[test]
fn markdown_links_resolve_relative_to_the_note() {
    let note = "[a](../people/jane%20doe.md) [b](/people/bob.md) [c](../../outside.md) [d](https://x.com/jane.md) [e](bob.md#x)\n";
    expect![[r#"
        1:1 link path:people/jane doe.md "[a](../people/jane%20doe.md)" undated
        1:30 link path:people/bob.md "[b](/people/bob.md)" undated
        1:99 link path:journal/bob.md "[e](bob.md#x)" undated
    "#]]
    .assert_eq(&mentions("journal/n.md", note));
}

#[test]
fn decoys_are_not_mentions() {
    let note = r#"---
telegram: "@jane123"
---
Mail jane@acme.com or see https://x.com/@jane and www.x.com/@jane and <https://y.com/@jane>.
Code `@jane` and [link](https://z.com/@jane) and \@jane and a:@jane and a/@jane and @@jane.
<!-- @jane in a comment -->

    @jane in indented code

```sh
npm i @jane/pkg
```

<div>
@jane in an HTML block
</div>
Only @real counts.
"#;
    expect![""].assert_eq(&mentions("n.md", note));
}

#[test]
fn bracket_mentions_need_a_closing_bracket_on_the_line() {
    let note = "@[Jane\nDoe] and @[] and @[ Ann  Lee ]\n";
    expect![[r#"
        2:18 @[] ann lee "@[ Ann  Lee ]" undated
    "#]]
    .assert_eq(&mentions("n.md", note));
}

// ---- Dates ------------------------------------------------------------------------------

#[test]
fn mentions_are_dated_by_the_nearest_dated_heading() {
    let note = "---\ndate: 2026-09-01\n---\n@a before any heading\n# Log\n@b still the front matter date\n## 2026-11-20 Coffee with @c\n### Notes\n@d under an undated subheading\n## 2026-11-21\n@e\n";
    expect![[r#"
        4:1 @ a "@a" 2026-09-01
        6:1 @ b "@b" 2026-09-01
        7:27 @ c "@c" 2026-11-20
        9:1 @ d "@d" 2026-11-20
        11:1 @ e "@e" 2026-11-21
    "#]]
    .assert_eq(&mentions("meetings/log.md", note));
}

#[test]
fn file_names_starting_with_a_date_date_their_notes() {
    expect![[r#"
        1:1 @ a "@a" 2026-11-20
    "#]]
    .assert_eq(&mentions("journal/2026-11-20.md", "@a\n"));
    expect![[r#"
        1:1 @ a "@a" 2026-11-20
    "#]]
    .assert_eq(&mentions("meetings/2026-11-20 acme sync.md", "@a\n"));
    expect![[r#"
        1:1 @ a "@a" undated
    "#]]
    .assert_eq(&mentions("notes/sync 2026-11-20.md", "@a\n"));
}

#[test]
fn impossible_dates_are_problems_not_crashes() {
    let note = "---\ndate: 2026-02-30\n---\n## 2026-13-01 Lunch\n@a\n";
    expect![[r#"
        5:1 @ a "@a" undated
        problem 2:7 InvalidDate "2026-02-30": `date: 2026-02-30` is not a date: write it as YYYY-MM-DD, e.g. 2026-11-20
        problem 4:4 InvalidDate "2026-13-01": heading date 2026-13-01 is not a real date: entries below it are left undated
    "#]]
    .assert_eq(&mentions("n.md", note));
}

// ---- Contacts, exchanges ----------------------------------------------------------------

const JANE: &str = "
//- people/jane-doe.md
---
kind: person
name: Jane Doe
aliases: [Janie, J. Doe]
company: '[[Acme Corp]]'
role: Staff Engineer
tie: weak
cadence: 30d
pronouns: she/her
---
Met @jane-doe at RustConf (her own note: not an exchange).
//- companies/acme-corp.md
---
kind: company
name: Acme Corp
target: true
---
";

#[test]
fn exchanges_are_dated_mentions_outside_the_contact_note() {
    let vault = format!(
        "{JANE}
//- journal/2026-11-20.md
Coffee with @janie about **platform** jobs at `Acme`.
Later @[J. Doe] again in the same note: same exchange.
//- journal/log.md
## 2026-10-01 Meetup
Saw [[Jane Doe]] briefly.
## 2026-10-15
- [ ] ask @jane-doe for an intro (a plan, not an exchange)
- [x] sent @jane-doe the job post #gave ✅ 2026-10-16
## 2026-12-03 Lunch with @jane-doe
//- notes/undated.md
@jane-doe has no date here.
"
    );
    expect![[r#"
        Jane Doe @jane-doe (people/jane-doe.md)
        company: Acme Corp Some("companies/acme-corp.md")
        catch-up: ok until 2026-12-20 (days since Some(6), rank Some(-0.8))
        gave 1 asked 0
        exchange 2026-11-20 journal/2026-11-20.md:1 "Coffee with @janie about platform jobs at Acme. Later @[J. Doe] again in the same note: same exchange."
        exchange 2026-10-16 journal/log.md:5 "sent @jane-doe the job post #gave ✅ 2026-10-16" #gave
        exchange 2026-10-01 journal/log.md:2 "Saw Jane Doe briefly."
        upcoming 2026-12-03 journal/log.md:6 "2026-12-03 Lunch with @jane-doe"
        follow-up journal/log.md:4 no due date "ask @jane-doe for an intro (a plan, not an exchange)"
    "#]]
    .assert_eq(&show(&vault, "jane-doe"));
}

#[test]
fn last_contact_counts_as_an_exchange() {
    let vault = "
//- people/bob.md
---
kind: person
last_contact: 2026-10-02
cadence: 2w
---
//- journal/2026-09-01.md
Call with @bob.
";
    expect![[r#"
        bob @bob (people/bob.md)
        catch-up: going cold (due since 2026-10-16) (days since Some(55), rank Some(2.93))
        gave 0 asked 0
        exchange 2026-10-02 people/bob.md:3 "last contact (set in the contact's front matter)"
        exchange 2026-09-01 journal/2026-09-01.md:1 "Call with @bob."
    "#]]
    .assert_eq(&show(vault, "bob"));
}

#[test]
fn company_cards_list_the_people_you_know_there() {
    let vault = format!(
        "{JANE}
//- people/sam.md
---
kind: person
company: '@acme-corp'
---
//- journal/2026-11-01.md
Lunch with @sam.
"
    );
    expect![[r#"
        Acme Corp @acme-corp (companies/acme-corp.md)
        catch-up: no cadence (days since None, rank None)
        gave 0 asked 0
        person Jane Doe @jane-doe last None
        person sam @sam last Some("2026-11-01")
    "#]]
    .assert_eq(&show(&vault, "acme-corp"));
}

// ---- Findings ---------------------------------------------------------------------------

#[test]
fn follow_ups_in_every_due_form() {
    let vault = "
//- people/jane.md
---
kind: person
---
//- journal/2026-11-01.md
- [ ] send @jane the deck 📅 2026-11-21
* [ ] ask @jane about referrals due:2026-11-25
1. [ ] intro @jane to Bob [due:: 2026-11-26]
- [ ] coffee with @jane DEADLINE: <2026-12-01 Tue>
- [ ] thank @jane due:2026-13-45
- [x] done with @jane 📅 2026-11-01
- [X] also done with @jane due:2026-11-02
- [ ] no one here 📅 2026-11-01
";
    expect![[r#"
        journal/2026-11-01.md:1:1 warning overdue: follow-up with jane is 5 days overdue (due 2026-11-21)
        journal/2026-11-01.md:2:1 warning overdue: follow-up with jane is 1 day overdue (due 2026-11-25)
        journal/2026-11-01.md:3:1 info due-today: follow-up with jane is due today
        journal/2026-11-01.md:5:23 warning invalid-date: due date `2026-13-45` is not a real date: write it as YYYY-MM-DD
    "#]]
    .assert_eq(&check(vault));
    expect![[r#"
        jane @jane (people/jane.md)
        catch-up: no cadence (days since Some(25), rank None)
        gave 0 asked 0
        exchange 2026-11-01 journal/2026-11-01.md:6 "done with @jane 📅 2026-11-01"
        follow-up journal/2026-11-01.md:1 5 days overdue "send @jane the deck 📅 2026-11-21"
        follow-up journal/2026-11-01.md:2 1 day overdue "ask @jane about referrals due:2026-11-25"
        follow-up journal/2026-11-01.md:3 due today "intro @jane to Bob [due:: 2026-11-26]"
        follow-up journal/2026-11-01.md:4 due in 5 days "coffee with @jane DEADLINE: <2026-12-01 Tue>"
        follow-up journal/2026-11-01.md:5 no due date "thank @jane due:2026-13-45"
    "#]]
    .assert_eq(&show(vault, "jane"));
}

#[test]
fn catch_up_due_going_cold_snoozed_and_never() {
    let vault = "
//- people/due.md
---
kind: person
cadence: 30d
---
//- people/cold.md
---
kind: person
cadence: 2w
---
//- people/snoozed.md
---
kind: person
cadence: 2w
snooze_until: 2026-12-15
---
//- people/never.md
---
kind: person
name: Nev Er
cadence: 1y
---
//- people/fine.md
---
kind: person
cadence: 3mo
---
//- journal/2026-10-01.md
Talked to @due, @cold, @snoozed and @fine.
";
    expect![[r#"
        people/cold.md:2:1 warning going-cold: cold is going cold: last exchange 56 days ago, more than twice the 2w cadence
        people/due.md:2:1 info catch-up: time to catch up with due: last exchange 56 days ago, cadence 30d (due since 2026-10-31)
        people/never.md:3:1 info catch-up: no exchange with Nev Er yet (cadence 1y): mention them in a dated note when you talk
    "#]]
    .assert_eq(&check(vault));
}

#[test]
fn cadence_comes_from_the_contact_then_tag_then_tie_then_default() {
    let vault = "
//- people/own.md
---
kind: person
cadence: 1y
tie: weak
tags: [recruiter]
---
//- people/tagged.md
---
kind: person
tie: weak
tags: [recruiter]
---
//- people/weak.md
---
kind: person
tie: weak
---
//- people/plain.md
---
kind: person
---
//- companies/acme.md
---
kind: company
---
//- journal/2026-10-01.md
@own @tagged @weak @plain @acme
";
    let config = Config {
        cadence_default: Cadence::parse("1w"),
        cadence_weak: Cadence::parse("3mo"),
        cadence_tags: vec![("recruiter".into(), Cadence::parse("2w").unwrap())],
        ..Config::default()
    };
    expect![[r#"
        people/plain.md:2:1 warning going-cold: plain is going cold: last exchange 56 days ago, more than twice the 1w cadence
        people/tagged.md:2:1 warning going-cold: tagged is going cold: last exchange 56 days ago, more than twice the 2w cadence
    "#]]
    .assert_eq(&check_with(vault, &config));
    expect![[r#"
        weak @weak (people/weak.md)
        catch-up: ok until 2027-01-01 (days since Some(56), rank Some(-0.39))
        gave 0 asked 0
        exchange 2026-10-01 journal/2026-10-01.md:1 "@own @tagged @weak @plain @acme"
    "#]]
    .assert_eq(&show_with(vault, "weak", &config));
}

#[test]
fn asking_twice_beyond_giving_is_a_gentle_finding() {
    let vault = "
//- people/jane.md
---
kind: person
name: Jane Doe
---
//- journal/2026-10-01.md
Asked @jane for a referral. #asked
//- journal/2026-10-02.md
- Sent @jane a job post #gave
- Asked @jane to review my CV #asked
//- journal/2026-10-03.md
Asked @jane for an intro #asked
- [ ] ask @jane again #asked (a plan: not counted)
";
    expect![[r#"
        people/jane.md:3:1 hint give-take: you have asked Jane Doe 3 times and given once: send something useful (an article, a job post, an intro) and tag it #gave
    "#]]
    .assert_eq(&check(vault));
}

#[test]
fn unknown_mentions_duplicate_handles_and_lonely_targets() {
    let vault = "
//- people/jane.md
---
kind: person
aliases: [jd]
---
//- people/john.md
---
kind: person
handle: jd
---
//- companies/fernhill.md
---
kind: company
name: Fernhill Health
target: true
---
//- notes/2026-11-01.md
Met @tom-becker and @[Lena Fischer], linked [[Rachel Sung]], [[2026-11-02]] and [[fernhill]].
Also [an ordinary link](elsewhere.md) and [[jane]].
";
    expect![[r#"
        companies/fernhill.md:4:1 info no-one-at-target: no one at Fernhill Health yet: who could introduce you?
        notes/2026-11-01.md:1:5 hint unknown-contact: no contact named @tom-becker: create people/tom-becker.md with `kind: person`, or fix the spelling
        notes/2026-11-01.md:1:21 hint unknown-contact: no contact named @[lena fischer]: create people/lena-fischer.md with `kind: person`, or fix the spelling
        people/jane.md:3:1 warning duplicate-handle: `jd` is also claimed by people/john.md: give one of them another handle or alias
        people/john.md:3:1 warning duplicate-handle: `jd` is also claimed by people/jane.md: give one of them another handle or alias
    "#]]
    .assert_eq(&check(vault));
    // `[[Rachel Sung]]` is a page not written yet; a vault can ask for such links as contacts.
    let contacts = Config { unresolved_links: ties::core::config::UnresolvedLinks::Contact, ..Config::default() };
    assert!(check_with(vault, &contacts).contains(
        "notes/2026-11-01.md:1:45 hint unknown-contact: no contact named [[rachel sung]]: create people/rachel-sung.md"
    ));
}

#[test]
fn unknown_mentions_follow_the_configured_severity() {
    let vault = "//- n.md\nHi @nobody\n";
    let loud =
        Config { unknown_mentions: Some(ties::core::features::findings::Severity::Warning), ..Config::default() };
    expect![[r#"
        n.md:1:4 warning unknown-contact: no contact named @nobody: create people/nobody.md with `kind: person`, or fix the spelling
    "#]]
    .assert_eq(&check_with(vault, &loud));
    let off = Config { unknown_mentions: None, ..Config::default() };
    expect![""].assert_eq(&check_with(vault, &off));
}

#[test]
fn front_matter_problems_have_exact_ranges() {
    let vault = "
//- people/broken.md
---
kind: person
name: [unclosed
---
//- people/fields.md
---
kind: person
tie: medium
cadence: often
handle: has space
last_contact: yesterday
---
//- people/unclosed.md
---
kind: person
Never closed, so this is not front matter.
//- people/list.md
---
- just
- a list
---
";
    expect![[r#"
        people/broken.md:3:7 error front-matter: front matter is not valid YAML: unclosed bracket '[' at line 2, column 7
        people/fields.md:3:6 warning invalid-field: `tie: medium` is not a tie strength: use `weak` or `strong`
        people/fields.md:4:10 warning invalid-field: `cadence: often` is not a cadence: write a number and a unit, e.g. 2w, 30d, 3mo, 1y
        people/fields.md:5:9 warning invalid-field: handle `has space` cannot be written as an @mention: use letters, digits, `_`, `.` and `-` only
        people/fields.md:6:15 warning invalid-date: `last_contact: yesterday` is not a date: write it as YYYY-MM-DD, e.g. 2026-11-20
        people/list.md:2:1 error front-matter: front matter should be `key: value` lines
        people/unclosed.md:1:1 error front-matter: front matter is not closed: add a line with `---` after its last key
    "#]]
    .assert_eq(&check(vault));
}

#[test]
fn an_impossible_heading_date_does_not_borrow_the_date_above() {
    let note = "## 2026-11-21 Coffee\n@a\n## 2026-02-30 Typo\n@b\n";
    expect![[r#"
        2:1 @ a "@a" 2026-11-21
        4:1 @ b "@b" undated
        problem 3:4 InvalidDate "2026-02-30": heading date 2026-02-30 is not a real date: entries below it are left undated
    "#]]
    .assert_eq(&mentions("journal/log.md", note));
}

#[test]
fn summaries_keep_words_apart_across_cells_and_paragraphs() {
    let vault = "
//- people/ann.md
---
kind: person
company: [[Acme Corp]]
---
//- companies/acme-corp.md
---
kind: company
name: Acme Corp
---
//- journal/2026-11-20.md
| who | what |
|-----|------|
| @ann | lunch #gave |

## 2026-11-21
- Coffee with @ann

  continued in a second paragraph.
";
    expect![[r#"
        ann @ann (people/ann.md)
        company: Acme Corp Some("companies/acme-corp.md")
        catch-up: no cadence (days since Some(5), rank None)
        gave 1 asked 0
        exchange 2026-11-21 journal/2026-11-20.md:6 "Coffee with @ann continued in a second paragraph."
        exchange 2026-11-20 journal/2026-11-20.md:3 "@ann lunch #gave" #gave
    "#]]
    .assert_eq(&show(vault, "ann"));
}
